/* cs-sync-service.h: keeping a connection's record sync running after the
 * wizard closes: a systemd user service and timer per connection
 * (crm-sync@CONNECTION.service and .timer, from the templates in data/),
 * the timer starting a cycle 5 minutes after the previous one ended.
 * Without a systemd user session, what to run instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  CS_SYNC_SERVICE_ACTIVE,           /* the timer is enabled and active */
  CS_SYNC_SERVICE_NO_USER_SESSION,  /* no systemd user session: run crm-sync sync --watch */
} CsSyncServiceState;

typedef struct {
  CsSyncServiceState  state;
  char               *timer;          /* "crm-sync@CONNECTION.timer" */
  char               *unit_folder;    /* where the unit files were written */
  char               *watch_command;  /* "crm-sync sync CONNECTION --watch", the alternative */
  char               *message;        /* what was done, or what to do instead; translated */
} CsSyncServiceResult;

#define CS_TYPE_SYNC_SERVICE_RESULT (cs_sync_service_result_get_type ())
GType                cs_sync_service_result_get_type (void);
CsSyncServiceResult *cs_sync_service_result_copy     (const CsSyncServiceResult *result);
void                 cs_sync_service_result_free     (CsSyncServiceResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncServiceResult, cs_sync_service_result_free)

/* "crm-sync@@connection_id.timer" */
char     *cs_sync_service_timer_name        (const char   *connection_id);

/* The crm-sync the units run: $CS_CRM_SYNC when set (uninstalled runs,
 * tests), else the installed one, else the one on $PATH; NULL when none. */
char     *cs_sync_service_find_crm_sync     (void);

/* $XDG_CONFIG_HOME/systemd/user, where user units are installed. */
char     *cs_sync_service_default_unit_folder (void);

/* Whether the connection's timer is enabled in @unit_folder (NULL: the
 * default): the link systemctl enable makes, read without asking systemd. */
gboolean  cs_sync_service_is_enabled        (const char   *connection_id,
                                             const char   *unit_folder);

/* The unit template @name ("crm-sync@.service" or "crm-sync@.timer") with
 * @crm_sync as the program it runs. */
char     *cs_sync_service_render_unit       (const char   *name,
                                             const char   *crm_sync,
                                             GError      **error);

/* Writes both units into @unit_folder (NULL: the default) to run
 * @crm_sync (NULL: cs_sync_service_find_crm_sync()); then, when a systemd
 * user session answers, reloads it, enables and starts the connection's
 * timer and checks that it is active (CS_SYNC_SERVICE_ACTIVE). Otherwise
 * CS_SYNC_SERVICE_NO_USER_SESSION, saying how to run "crm-sync sync
 * --watch" instead. CS_ERROR_FAILED, saying what failed and what to do,
 * when the files cannot be written or systemd refuses the timer. */
void                 cs_sync_service_install_async  (const char          *connection_id,
                                                     const char          *crm_sync,
                                                     const char          *unit_folder,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
CsSyncServiceResult *cs_sync_service_install_finish (GAsyncResult        *result,
                                                     GError             **error);

/* For forgetting a connection: stops and disables its timer when a
 * systemd user session answers; without one (none runs, no systemctl),
 * removes the timer's enable link so that the next login does not start
 * it. The template units stay (other connections use them). TRUE also
 * when there was nothing to stop. When
 * systemd does not answer within a few seconds (a hung user bus), it gives
 * up: TRUE, and *@gave_up (may be NULL; else NULL) says what to run by
 * hand; so too when the enable link could not be removed.
 * CS_ERROR_FAILED when systemd refused, saying what to run. */
void                 cs_sync_service_remove_async   (const char          *connection_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean             cs_sync_service_remove_finish  (GAsyncResult        *result,
                                                     char               **gave_up,
                                                     GError             **error);

G_END_DECLS
