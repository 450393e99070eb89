/* cs-file-util.h: files only their owner may read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Creates @path's folder (0700) when missing and opens @path read-write,
 * creating it 0600 (and making an older one 0600): before SQLite opens a
 * database, which would follow the umask and give its -wal and -shm files
 * the file's mode. Returns the descriptor (close-on-exec), or -1 with
 * errno set; *@failed_folder (may be NULL) is the folder when creating it
 * failed, else NULL. */
int cs_file_open_private (const char  *path,
                          char       **failed_folder);

G_END_DECLS
