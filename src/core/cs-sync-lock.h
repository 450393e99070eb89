/* cs-sync-lock.h: one record sync cycle at a time per connection, whoever
 * starts it (the timer, crm-sync, the wizard): an open file description
 * lock (fcntl(2) F_OFD_SETLK) on a file beside the sync database, taken
 * without waiting and released by the kernel when the process ends,
 * however it ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CsSyncLock CsSyncLock;

/* "@database_path.lock" */
char       *cs_sync_lock_path_for    (const char  *database_path);

/* Takes the lock of @database_path at once, or fails with
 * CS_ERROR_SYNC_RUNNING naming the process that holds it. */
CsSyncLock *cs_sync_lock_acquire     (const char  *database_path,
                                      GError     **error);
void        cs_sync_lock_release     (CsSyncLock  *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncLock, cs_sync_lock_release)

/* Whether a cycle holds the lock now, in this process or another; *@pid
 * (may be NULL) is its process when known, else 0. */
gboolean    cs_sync_lock_is_held     (const char  *database_path,
                                      gint64      *pid);

G_END_DECLS
