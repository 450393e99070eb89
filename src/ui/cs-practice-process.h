/* cs-practice-process.h: the practice org as the wizard runs it, in a
 * process of its own (crm-sync-practice-org).
 *
 * The wizard knows the org only through its interfaces: the first line
 * the program prints (URL, the app's consumer key and secret, the users
 * and their passwords), its mailbox over HTTP, and control lines on its
 * standard input, each answered by one line of JSON. A crash of the org is
 * then its own: "running" turns FALSE and the wizard offers a new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_TYPE_PRACTICE_PROCESS (cs_practice_process_get_type ())
G_DECLARE_FINAL_TYPE (CsPracticeProcess, cs_practice_process, CS, PRACTICE_PROCESS, GObject)

/* Starts crm-sync-practice-org: the program $CS_PRACTICE_ORG_PROGRAM names
 * when set (build-aux/uninstalled and the tests point it at the build
 * tree), else the installed one in libexecdir. Finishes once the program
 * printed its first line; the child is stopped when the object goes. */
void               cs_practice_process_start_async      (GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
CsPracticeProcess *cs_practice_process_start_finish     (GAsyncResult        *result,
                                                         GError             **error);

/* An org whose first line, already written, and answers come from
 * @output, and whose control lines go to @input: what a test uses to
 * attach an org it runs in its own process. Reads the first line
 * blocking. */
CsPracticeProcess *cs_practice_process_new_for_streams  (GInputStream        *output,
                                                         GOutputStream       *input,
                                                         GError             **error);

/* FALSE once the org's output ended: it exited or was killed. Notified. */
gboolean           cs_practice_process_get_running      (CsPracticeProcess   *self);
/* Stops the child (SIGTERM); "running" turns FALSE. */
void               cs_practice_process_stop             (CsPracticeProcess   *self);
/* The child's process id, or 0 (streams, or stopped). */
GPid               cs_practice_process_get_pid          (CsPracticeProcess   *self);

/* From the first line. */
const char        *cs_practice_process_get_url             (CsPracticeProcess *self);
const char        *cs_practice_process_get_consumer_key    (CsPracticeProcess *self);
const char        *cs_practice_process_get_consumer_secret (CsPracticeProcess *self);
const char        *cs_practice_process_get_callback_url    (CsPracticeProcess *self);
const char        *cs_practice_process_get_sync_username   (CsPracticeProcess *self);
const char        *cs_practice_process_get_sync_password   (CsPracticeProcess *self);

/* Sends one control line ("revoke-tokens USERNAME", "rotate-secret",
 * "fix PERMISSION OBJECT [FIELD]", …) and finishes with its answer, a JSON
 * object whose "ok" is TRUE. An answer with "ok" FALSE, or an org that
 * stopped, is a CS_ERROR. Lines are answered in order. */
void               cs_practice_process_control_async    (CsPracticeProcess   *self,
                                                         const char          *line,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
JsonObject        *cs_practice_process_control_finish   (CsPracticeProcess   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* The latest verification code the org e-mailed the sync user, from its
 * mailbox over HTTP; NULL (without an error) while there is none. */
void               cs_practice_process_fetch_code_async  (CsPracticeProcess   *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char              *cs_practice_process_fetch_code_finish (CsPracticeProcess   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
