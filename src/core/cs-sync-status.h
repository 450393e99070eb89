/* cs-sync-status.h: what the record sync of a connection says about
 * itself, read from its database, for the status view and "crm-sync
 * status": Last Synced / Sync in Progress / Failed, the objects' counts,
 * the cycles and the job and record errors of the last 5 days; and Pause /
 * Resume.
 *
 * A cycle may run in another process (the timer, crm-sync): a refresh
 * reads what it committed so far, and whether it still holds the lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-connection-store.h"
#include "cs-sync-database.h"

G_BEGIN_DECLS

typedef enum {
  CS_SYNC_STATE_NEVER_RUN,    /* no cycle yet */
  CS_SYNC_STATE_IN_PROGRESS,  /* "Sync in Progress": a cycle holds the lock */
  CS_SYNC_STATE_SYNCED,       /* "Last Synced": the last cycle completed */
  CS_SYNC_STATE_FAILED,       /* "Failed": the last cycle failed or its process died */
  CS_SYNC_STATE_STOPPED,      /* the last cycle stopped cleanly (API reserve, cancelled) */
  CS_SYNC_STATE_PAUSED,       /* paused: no cycle starts until resumed */
} CsSyncState;

/* "never-run", "in-progress", "synced", "failed", "stopped", "paused". */
const char *cs_sync_state_to_string (CsSyncState state);

#define CS_TYPE_SYNC_STATUS (cs_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncStatus, cs_sync_status, CS, SYNC_STATUS, GObject)

/* The status of @connection_id, whose sync database is next to @store's
 * file. Empty (NEVER_RUN) until refreshed. */
CsSyncStatus      *cs_sync_status_new               (CsConnectionStore *store,
                                                     const char        *connection_id);

const char        *cs_sync_status_get_connection_id (CsSyncStatus      *self);
const char        *cs_sync_status_get_database_path (CsSyncStatus      *self);

/* Reads everything again; notifies what changed. The issues model stays
 * the same object, its items replaced. CS_ERROR_STORE when the database
 * cannot be read (a missing one is no error: nothing synced yet). */
gboolean           cs_sync_status_refresh           (CsSyncStatus      *self,
                                                     GError           **error);
/* The same, reading in a worker thread. */
void               cs_sync_status_refresh_async     (CsSyncStatus      *self,
                                                     GCancellable      *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer           user_data);
gboolean           cs_sync_status_refresh_finish    (CsSyncStatus      *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* Also the properties "state", "paused" and "last-synced". */
CsSyncState        cs_sync_status_get_state         (CsSyncStatus      *self);
gboolean           cs_sync_status_get_paused        (CsSyncStatus      *self);
/* Unix seconds when the last completed cycle ended; 0: never. */
gint64             cs_sync_status_get_last_synced   (CsSyncStatus      *self);
/* The newest cycle, NULL when none. */
const CsSyncCycle *cs_sync_status_get_last_cycle    (CsSyncStatus      *self);
/* The cycles of the last 5 days, newest first (element type CsSyncCycle). */
GPtrArray         *cs_sync_status_get_cycles        (CsSyncStatus      *self);
/* Every synced object, by name (element type CsSyncObjectCount). */
GPtrArray         *cs_sync_status_get_objects       (CsSyncStatus      *self);
/* Job and record errors of the last 5 days, newest first (element type
 * CsSyncIssue); filter with cs_sync_issue_matches(). */
GListModel        *cs_sync_status_get_issues        (CsSyncStatus      *self);
/* The API reserve setting (cs_sync_database_get_api_reserve_percent()). */
guint              cs_sync_status_get_api_reserve_percent (CsSyncStatus *self);

/* One sentence for the state: "Last synced 5 minutes ago.", "Sync in
 * progress.", "Failed: …", translated. */
char              *cs_sync_status_describe          (CsSyncStatus      *self);
/* The same, for a line beside the state's title with the failure shown
 * apart: a failed cycle only says when it failed ("The last cycle failed 5
 * minutes ago."). */
char              *cs_sync_status_describe_brief    (CsSyncStatus      *self);
/* When the last cycle failed: what went wrong and what to do; else NULL. */
char              *cs_sync_status_describe_failure  (CsSyncStatus      *self);

/* Pause and Resume: a paused sync starts no cycle, and a running one
 * stops after the page it is storing, whatever process runs it. Creates
 * the database if needed. */
gboolean           cs_sync_status_set_paused        (CsSyncStatus      *self,
                                                     gboolean           paused,
                                                     GError           **error);
gboolean           cs_sync_status_set_api_reserve_percent (CsSyncStatus *self,
                                                           guint         percent,
                                                           GError      **error);

G_END_DECLS
