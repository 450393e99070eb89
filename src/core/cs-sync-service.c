/* cs-sync-service.c: the record sync's systemd user service and timer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "crm-sync-core-resources.h"
#include "cs-error.h"
#include "cs-string-util.h"
#include "cs-sync-service.h"

#define RESOURCE_PREFIX "/io/github/crmsync/Setup/core/"

G_DEFINE_BOXED_TYPE (CsSyncServiceResult, cs_sync_service_result,
                     cs_sync_service_result_copy, cs_sync_service_result_free)

CsSyncServiceResult *
cs_sync_service_result_copy (const CsSyncServiceResult *result)
{
  CsSyncServiceResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->timer = g_strdup (result->timer);
  copy->unit_folder = g_strdup (result->unit_folder);
  copy->watch_command = g_strdup (result->watch_command);
  copy->message = g_strdup (result->message);
  return copy;
}

void
cs_sync_service_result_free (CsSyncServiceResult *result)
{
  if (result == NULL)
    return;
  g_free (result->timer);
  g_free (result->unit_folder);
  g_free (result->watch_command);
  g_free (result->message);
  g_free (result);
}

char *
cs_sync_service_timer_name (const char *connection_id)
{
  g_return_val_if_fail (connection_id != NULL, NULL);
  return g_strdup_printf ("crm-sync@%s.timer", connection_id);
}

char *
cs_sync_service_find_crm_sync (void)
{
  const char *override = g_getenv ("CS_CRM_SYNC");
  g_autofree char *installed = g_build_filename (BINDIR, "crm-sync", NULL);

  if (override != NULL && g_path_is_absolute (override))
    return g_strdup (override);
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  return g_find_program_in_path ("crm-sync");
}

char *
cs_sync_service_default_unit_folder (void)
{
  return g_build_filename (g_get_user_config_dir (), "systemd", "user", NULL);
}

/* The link "systemctl --user enable" makes for @timer in @unit_folder (NULL:
 * the default one): the timer's [Install] section says
 * WantedBy=timers.target. */
static char *
enable_link_path (const char *unit_folder,
                  const char *timer)
{
  g_autofree char *folder = unit_folder != NULL ? g_strdup (unit_folder) : cs_sync_service_default_unit_folder ();

  return g_build_filename (folder, "timers.target.wants", timer, NULL);
}

gboolean
cs_sync_service_is_enabled (const char *connection_id,
                            const char *unit_folder)
{
  g_autofree char *timer = NULL;
  g_autofree char *link = NULL;

  g_return_val_if_fail (connection_id != NULL, FALSE);

  timer = cs_sync_service_timer_name (connection_id);
  link = enable_link_path (unit_folder, timer);
  return g_file_test (link, G_FILE_TEST_IS_SYMLINK);
}

/* The connection id becomes a unit instance name: it must need no
 * escaping (a UUID does not). */
static gboolean
is_instance_name (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 200)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* A path in ExecStart: quoted when it has blanks, "%" doubled (systemd's
 * specifier sign). */
static char *
quote_program (const char *path)
{
  g_autoptr(GString) quoted = g_string_new (NULL);
  gboolean blanks = strpbrk (path, " \t\"'\\") != NULL;

  if (blanks)
    g_string_append_c (quoted, '"');
  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '%')
        g_string_append_c (quoted, '%');
      else if (blanks && (*p == '"' || *p == '\\'))
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  if (blanks)
    g_string_append_c (quoted, '"');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static void
ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      crm_sync_core_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

char *
cs_sync_service_render_unit (const char  *name,
                             const char  *crm_sync,
                             GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GBytes) template = NULL;
  g_autofree char *program = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (crm_sync != NULL, NULL);

  ensure_resources ();
  template = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (template == NULL)
    return NULL;
  program = quote_program (crm_sync);
  parts = g_strsplit (g_bytes_get_data (template, NULL), "@CRM_SYNC@", -1);
  return g_strjoinv (program, parts);
}

/* ---- systemctl --------------------------------------------------------------------- */

/* systemctl --user @args…: its exit status, -1 when it could not run;
 * *@output (may be NULL) its output, both streams. */
static int
systemctl (const char * const  *args,
           char               **output)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *program = g_find_program_in_path ("systemctl");
  int status = 0;

  if (output != NULL)
    *output = NULL;
  if (program == NULL)
    return -1;
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (gpointer) "--user");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, NULL))
    return -1;
  if (output != NULL)
    *output = g_strstrip (g_strconcat (out != NULL ? out : "", err != NULL ? err : "", NULL));
  return g_spawn_check_wait_status (status, NULL) ? 0 : WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static gboolean
has_user_session (void)
{
  return systemctl ((const char * const []) { "show-environment", NULL }, NULL) == 0;
}

/* ---- installing ---------------------------------------------------------------------- */

static gboolean
write_unit (const char  *folder,
            const char  *name,
            const char  *crm_sync,
            GError     **error)
{
  g_autofree char *content = cs_sync_service_render_unit (name, crm_sync, error);
  g_autofree char *path = g_build_filename (folder, name, NULL);

  if (content == NULL)
    return FALSE;
  if (!g_file_set_contents_full (path, content, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    {
      g_prefix_error (error, _("The sync’s systemd unit %s could not be written. Check that the "
                               "folder is writable, then try again: "), path);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  char *connection_id;
  char *crm_sync;
  char *unit_folder;
} InstallData;

static void
install_data_free (InstallData *data)
{
  g_free (data->connection_id);
  g_free (data->crm_sync);
  g_free (data->unit_folder);
  g_free (data);
}

static CsSyncServiceResult *
install (InstallData  *data,
         GError      **error)
{
  g_autoptr(CsSyncServiceResult) result = g_new0 (CsSyncServiceResult, 1);
  g_autofree char *output = NULL;

  result->timer = cs_sync_service_timer_name (data->connection_id);
  result->unit_folder = g_strdup (data->unit_folder);
  result->watch_command = g_strdup_printf ("crm-sync sync %s --watch", data->connection_id);

  if (g_mkdir_with_parents (data->unit_folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   _("Could not create the folder %s (%s). Check that its parent folder is "
                     "writable, then try again."), data->unit_folder, g_strerror (saved_errno));
      return NULL;
    }
  if (!write_unit (data->unit_folder, "crm-sync@.service", data->crm_sync, error) ||
      !write_unit (data->unit_folder, "crm-sync@.timer", data->crm_sync, error))
    return NULL;

  if (!has_user_session ())
    {
      result->state = CS_SYNC_SERVICE_NO_USER_SESSION;
      result->message =
        /* Translators: the first %s is "crm-sync sync ID --watch", the second a folder */
        g_strdup_printf (_("No systemd user session answers here, so nothing can start the sync "
                           "on its own. Keep “%s” running in a session that stays open (a "
                           "terminal, tmux, or your desktop’s autostart). The units are in %s "
                           "for when a systemd user session runs."),
                         result->watch_command, data->unit_folder);
      return g_steal_pointer (&result);
    }

  if (systemctl ((const char * const []) { "daemon-reload", NULL }, &output) != 0 ||
      systemctl ((const char * const []) { "enable", "--now", result->timer, NULL }, &output) != 0 ||
      systemctl ((const char * const []) { "is-active", result->timer, NULL }, &output) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED,
                   /* Translators: %s are the timer, what systemd said, the timer again, and
                    * the command to run instead */
                   _("systemd did not start the sync timer %s (%s). See “systemctl --user status "
                     "%s”, or keep “%s” running instead."),
                   result->timer, output != NULL ? output : "", result->timer, result->watch_command);
      return NULL;
    }

  result->state = CS_SYNC_SERVICE_ACTIVE;
  result->message =
    /* Translators: %s is "crm-sync@ID.timer" */
    g_strdup_printf (_("The sync runs by itself from now on: %s is active and starts a cycle five "
                       "minutes after the previous one ended, whenever you are logged in."),
                     result->timer);
  return g_steal_pointer (&result);
}

static void
install_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  CsSyncServiceResult *result = install (task_data, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) cs_sync_service_result_free);
}

void
cs_sync_service_install_async (const char          *connection_id,
                               const char          *crm_sync,
                               const char          *unit_folder,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  InstallData *data;

  g_return_if_fail (connection_id != NULL);

  g_task_set_source_tag (task, cs_sync_service_install_async);
  if (!is_instance_name (connection_id))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("“%s” cannot name a systemd unit. Use the connection’s id."),
                               connection_id);
      return;
    }

  data = g_new0 (InstallData, 1);
  data->connection_id = g_strdup (connection_id);
  data->crm_sync = crm_sync != NULL ? g_strdup (crm_sync) : cs_sync_service_find_crm_sync ();
  data->unit_folder = unit_folder != NULL ? g_strdup (unit_folder) : cs_sync_service_default_unit_folder ();
  g_task_set_task_data (task, data, (GDestroyNotify) install_data_free);
  if (data->crm_sync == NULL || !g_path_is_absolute (data->crm_sync))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The crm-sync program was not found, so the sync cannot run on "
                                 "its own. Install CRM Sync Setup completely, then try again."));
      return;
    }
  g_task_run_in_thread (task, install_thread);
}

CsSyncServiceResult *
cs_sync_service_install_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_sync_service_install_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- removing, asynchronously ---------------------------------------------------------- */

/* How long forget waits for systemd: a hung user bus must not hold it. */
#define REMOVE_TIMEOUT_MS 5000

typedef struct {
  char        *timer;
  GSubprocess *process;     /* the systemctl running, if any */
  GSource     *deadline;
  gboolean     timed_out;
  gboolean     link_left;   /* no session, and its enable link could not be removed */
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  if (data->deadline != NULL)
    {
      g_source_destroy (data->deadline);
      g_source_unref (data->deadline);
    }
  if (data->process != NULL)
    g_subprocess_force_exit (data->process);
  g_clear_object (&data->process);
  g_free (data->timer);
  g_free (data);
}

static gboolean
remove_deadline_cb (gpointer user_data)
{
  RemoveData *data = user_data;

  /* Only a call still running gives up (one that ended in the same main
   * loop iteration has not been read yet). */
  if (data->process != NULL && g_subprocess_get_identifier (data->process) != NULL)
    {
      data->timed_out = TRUE;
      g_subprocess_force_exit (data->process);
    }
  return G_SOURCE_REMOVE;
}

/* Without a systemd user session nothing runs the timer now, but its
 * enable link would start it at the next login: removed here as "systemctl
 * --user disable" would. Ends @task. */
static void
remove_without_session (GTask *task)
{
  RemoveData *data = g_task_get_task_data (task);
  g_autofree char *link = enable_link_path (NULL, data->timer);

  if (g_unlink (link) != 0 && errno != ENOENT)
    data->link_left = TRUE;
  g_task_return_boolean (task, TRUE);
}

/* systemctl --user @args… for @task, or NULL with the task returned: as
 * without a session when there is no systemctl, else the error. */
static GSubprocess *
remove_spawn (GTask              *task,
              GSubprocessFlags    flags,
              const char * const *args)
{
  RemoveData *data = g_task_get_task_data (task);
  g_autofree char *program = g_find_program_in_path ("systemctl");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GError *error = NULL;

  if (program == NULL)
    {
      remove_without_session (task);
      return NULL;
    }
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (gpointer) "--user");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_clear_object (&data->process);
  data->process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  if (data->process == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("systemctl could not be started (%s). Stop the sync timer with "
                                 "“systemctl --user disable --now %s”."), error->message, data->timer);
      g_error_free (error);
      return NULL;
    }
  return data->process;
}

/* TRUE when the call ended in time; else the task is returned: cancelled,
 * or given up (TRUE, and finish says what to run by hand). */
static gboolean
remove_step_ended (GTask   *task,
                   GError **error)
{
  RemoveData *data = g_task_get_task_data (task);

  if (*error != NULL && data->process != NULL)
    g_subprocess_force_exit (data->process);
  g_clear_object (&data->process);
  if (data->timed_out)
    {
      g_task_return_boolean (task, TRUE);
      return FALSE;
    }
  if (*error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (error));
      return FALSE;
    }
  return TRUE;
}

static void
remove_disabled_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autofree char *output = NULL;
  GError *error = NULL;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &stdout_bytes, NULL, &error);
  if (!remove_step_ended (task, &error))
    return;
  /* Its words, whatever their encoding, for the message. */
  if (stdout_bytes != NULL)
    output = g_utf8_make_valid (g_bytes_get_data (stdout_bytes, NULL), (gssize) g_bytes_get_size (stdout_bytes));
  /* Exit 1 when it was never enabled: nothing to stop. */
  if (!g_subprocess_get_if_exited (G_SUBPROCESS (source)) || g_subprocess_get_exit_status (G_SUBPROCESS (source)) > 1)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("systemd did not stop the sync timer %s (%s). Stop it with “systemctl --user "
                                 "disable --now %s”."), data->timer, output != NULL ? g_strstrip (output) : "",
                               data->timer);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
remove_session_checked_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GSubprocess *process;
  GError *error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  if (!remove_step_ended (task, &error))
    return;
  if (!g_subprocess_get_successful (G_SUBPROCESS (source)))
    {
      remove_without_session (task);
      return;
    }
  process = remove_spawn (task, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                          (const char * const []) {
                            "disable", "--now", ((RemoveData *) g_task_get_task_data (task))->timer, NULL
                          });
  if (process != NULL)
    g_subprocess_communicate_async (process, NULL, g_task_get_cancellable (task),
                                    remove_disabled_cb, g_object_ref (task));
}

void
cs_sync_service_remove_async (const char          *connection_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RemoveData *data;
  GSubprocess *process;

  g_return_if_fail (connection_id != NULL);

  g_task_set_source_tag (task, cs_sync_service_remove_async);
  if (!is_instance_name (connection_id))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  data = g_new0 (RemoveData, 1);
  data->timer = cs_sync_service_timer_name (connection_id);
  g_task_set_task_data (task, data, (GDestroyNotify) remove_data_free);

  process = remove_spawn (task, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          (const char * const []) { "show-environment", NULL });
  if (process == NULL)
    return;
  /* One deadline for both calls. */
  data->deadline = g_timeout_source_new (REMOVE_TIMEOUT_MS);
  g_source_set_callback (data->deadline, remove_deadline_cb, data, NULL);
  g_source_set_static_name (data->deadline, "[crm-sync] systemctl deadline");
  g_source_attach (data->deadline, g_main_context_get_thread_default ());
  g_subprocess_wait_async (process, cancellable, remove_session_checked_cb, g_steal_pointer (&task));
}

gboolean
cs_sync_service_remove_finish (GAsyncResult  *result,
                               char         **gave_up,
                               GError       **error)
{
  RemoveData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_sync_service_remove_async, FALSE);

  if (gave_up != NULL)
    *gave_up = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  if (gave_up != NULL && data != NULL && data->link_left)
    *gave_up = g_strdup_printf (
      /* Translators: %s are the timer's name, twice */
      _("The sync timer %s could not be disabled here, so it may start again at your next login. "
        "Run “systemctl --user disable %s” from your desktop session."),
      data->timer, data->timer);
  else if (gave_up != NULL && data != NULL && data->timed_out)
    *gave_up = g_strdup_printf (
      /* Translators: %u is a number of seconds; %s are the timer's name, twice */
      _("systemd did not answer within %u seconds, so the sync timer %s may still be enabled. "
        "When your session’s systemd answers again, run “systemctl --user disable --now %s”."),
      REMOVE_TIMEOUT_MS / 1000, data->timer, data->timer);
  return TRUE;
}
