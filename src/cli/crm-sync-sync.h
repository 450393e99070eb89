/* crm-sync-sync.h: crm-sync's record sync commands (sync, status, pause,
 * resume), each with its own options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit status of "sync" when another cycle of the connection runs. */
#define CRM_SYNC_EXIT_SYNC_RUNNING 5

/* Whether @command is one of them. */
gboolean crm_sync_is_sync_command (const char *command);

/* Runs "crm-sync @argv[1] …"; returns the exit status. */
int      crm_sync_run_sync_command (int    argc,
                                    char **argv);

G_END_DECLS
