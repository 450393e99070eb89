/* cs-practice-process.c
 *
 * One reader follows the org's output for the object's whole life: the
 * first line describes the org, every later one answers the oldest
 * control line not yet answered. The end of the output is the end of the
 * org, whatever ended it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "cs-error.h"
#include "cs-practice-process.h"
#include "cs-secret-util.h"

struct _CsPracticeProcess
{
  GObject           parent_instance;

  GSubprocess      *subprocess;
  GDataInputStream *output;
  GOutputStream    *input;
  GCancellable     *reading;
  gboolean          running;
  /* Control lines sent, not yet answered, oldest first (GTask). */
  GQueue            pending;
  SoupSession      *session;

  char             *url;
  char             *consumer_key;
  char             *consumer_secret;
  char             *callback_url;
  char             *sync_username;
  char             *sync_password;
};

G_DEFINE_FINAL_TYPE (CsPracticeProcess, cs_practice_process, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GError *
new_stopped_error (void)
{
  return g_error_new_literal (CS_ERROR, CS_ERROR_FAILED,
                              _("The practice org stopped. Restart it to go on rehearsing."));
}

static void
fail_pending (CsPracticeProcess *self)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_task_return_error (task, new_stopped_error ());
      g_object_unref (task);
    }
}

static void
set_stopped (CsPracticeProcess *self)
{
  if (!self->running)
    return;
  self->running = FALSE;
  fail_pending (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
cs_practice_process_stop (CsPracticeProcess *self)
{
  g_return_if_fail (CS_IS_PRACTICE_PROCESS (self));

  g_cancellable_cancel (self->reading);
  if (self->subprocess != NULL)
    g_subprocess_send_signal (self->subprocess, SIGTERM);
  set_stopped (self);
}

static void
cs_practice_process_dispose (GObject *object)
{
  CsPracticeProcess *self = CS_PRACTICE_PROCESS (object);

  if (self->reading != NULL)
    cs_practice_process_stop (self);
  g_clear_object (&self->subprocess);
  g_clear_object (&self->output);
  g_clear_object (&self->input);
  g_clear_object (&self->reading);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cs_practice_process_parent_class)->dispose (object);
}

static void
cs_practice_process_finalize (GObject *object)
{
  CsPracticeProcess *self = CS_PRACTICE_PROCESS (object);

  g_free (self->url);
  g_free (self->callback_url);
  g_free (self->sync_username);
  cs_secret_clear (&self->consumer_key);
  cs_secret_clear (&self->consumer_secret);
  cs_secret_clear (&self->sync_password);

  G_OBJECT_CLASS (cs_practice_process_parent_class)->finalize (object);
}

static void
cs_practice_process_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CsPracticeProcess *self = CS_PRACTICE_PROCESS (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_practice_process_class_init (CsPracticeProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_practice_process_dispose;
  object_class->finalize = cs_practice_process_finalize;
  object_class->get_property = cs_practice_process_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_practice_process_init (CsPracticeProcess *self)
{
  g_queue_init (&self->pending);
  self->reading = g_cancellable_new ();
}

/* ---- the first line -------------------------------------------------------- */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* Takes the org's description from @line, wiped afterwards. */
static gboolean
read_description (CsPracticeProcess  *self,
                  char               *line,
                  GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *users;
  gboolean parsed;

  parsed = line != NULL && json_parser_load_from_data (parser, line, -1, NULL) &&
           JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
  cs_secret_wipe_free (line);
  if (!parsed)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_FAILED,
                           _("The practice org did not describe itself. Try again; if it keeps failing, reinstall CRM Sync Setup."));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  self->url = g_strdup (member_string (object, "url"));
  self->consumer_key = g_strdup (member_string (object, "consumer_key"));
  self->consumer_secret = g_strdup (member_string (object, "consumer_secret"));
  self->callback_url = g_strdup (member_string (object, "callback_url"));
  users = json_object_get_member (object, "users");
  /* The sync user comes first. */
  if (users != NULL && JSON_NODE_HOLDS_ARRAY (users))
    {
      JsonArray *array = json_node_get_array (users);

      for (guint i = 0; i < json_array_get_length (array) && self->sync_username == NULL; i++)
        {
          JsonNode *user = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (user) &&
              g_strcmp0 (member_string (json_node_get_object (user), "role"), "sync") == 0)
            {
              self->sync_username = g_strdup (member_string (json_node_get_object (user), "username"));
              self->sync_password = g_strdup (member_string (json_node_get_object (user), "password"));
            }
        }
    }
  /* The parser's copy of the secrets. */
  json_parser_load_from_data (parser, "{}", -1, NULL);

  if (self->url == NULL || self->consumer_key == NULL || self->consumer_secret == NULL ||
      self->callback_url == NULL || self->sync_username == NULL || self->sync_password == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_FAILED,
                           _("The practice org described itself without its app or its sync user. Reinstall CRM Sync Setup."));
      return FALSE;
    }
  return TRUE;
}

/* ---- the answers ------------------------------------------------------------ */

static void read_answers (CsPracticeProcess *self);

static void
answer_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CsPracticeProcess) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GTask) task = NULL;
  g_autofree char *line = NULL;
  JsonNode *root;
  JsonObject *answer;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (line == NULL)
    {
      /* Ended, crashed, killed, or stopped by us. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Practice org output: %s", error->message);
      set_stopped (self);
      return;
    }

  task = g_queue_pop_head (&self->pending);
  if (task == NULL)
    {
      g_debug ("Practice org: an answer nobody asked for");
      read_answers (self);
      return;
    }
  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                             _("The practice org answered something unreadable. Restart it."));
  else if (!json_object_get_boolean_member_with_default ((answer = json_node_get_object (root)), "ok", FALSE))
    /* The org's own words: these controls are for rehearsals. */
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED, _("The practice org refused: %s"),
                             json_object_get_string_member_with_default (answer, "error", "?"));
  else
    {
      /* The app's secret is what the first line said until rotated. */
      if (member_string (answer, "consumer_secret") != NULL)
        {
          cs_secret_clear (&self->consumer_secret);
          self->consumer_secret = g_strdup (member_string (answer, "consumer_secret"));
        }
      g_task_return_pointer (task, json_object_ref (answer), (GDestroyNotify) json_object_unref);
    }
  /* An answer may carry a secret (rotate-secret). */
  cs_secret_clear (&line);
  read_answers (self);
}

static void
read_answers (CsPracticeProcess *self)
{
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, self->reading,
                                       answer_read_cb, g_object_ref (self));
}

static CsPracticeProcess *
new_for_pipes (GSubprocess   *subprocess,
               GInputStream  *output,
               GOutputStream *input)
{
  CsPracticeProcess *self = g_object_new (CS_TYPE_PRACTICE_PROCESS, NULL);

  self->subprocess = subprocess != NULL ? g_object_ref (subprocess) : NULL;
  self->output = g_data_input_stream_new (output);
  self->input = g_object_ref (input);
  return self;
}

CsPracticeProcess *
cs_practice_process_new_for_streams (GInputStream   *output,
                                     GOutputStream  *input,
                                     GError        **error)
{
  g_autoptr(CsPracticeProcess) self = NULL;
  char *line;

  g_return_val_if_fail (G_IS_INPUT_STREAM (output), NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (input), NULL);

  self = new_for_pipes (NULL, output, input);
  line = g_data_input_stream_read_line_utf8 (self->output, NULL, NULL, error);
  if (line == NULL && error != NULL && *error != NULL)
    return NULL;
  if (!read_description (self, line, error))
    return NULL;
  self->running = TRUE;
  read_answers (self);
  return g_steal_pointer (&self);
}

/* ---- starting the program ------------------------------------------------------- */

/* In the child, before exec: the org must not outlive a wizard that
 * crashed or was killed. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
program_path (void)
{
  const char *override = g_getenv ("CS_PRACTICE_ORG_PROGRAM");

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  return g_build_filename (LIBEXECDIR, "crm-sync-practice-org", NULL);
}

static void
first_line_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsPracticeProcess *self = g_task_get_task_data (task);
  GError *error = NULL;
  char *line;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (line == NULL && error != NULL)
    {
      cs_practice_process_stop (self);
      g_task_return_error (task, error);
      return;
    }
  if (line == NULL)
    {
      /* It exited before saying anything: its reason is on its standard
       * error, in the wizard's log. */
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("The practice org stopped as it started. Try again; the reason is in the wizard’s log."));
      return;
    }
  if (!read_description (self, line, &error))
    {
      cs_practice_process_stop (self);
      g_task_return_error (task, error);
      return;
    }
  self->running = TRUE;
  read_answers (self);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
cs_practice_process_start_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = program_path ();
  CsPracticeProcess *self;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_practice_process_start_async);

  /* Its standard error (where it is listening, or why it stopped) goes to
   * the wizard's; the secrets are on its standard output only. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  subprocess = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  if (subprocess == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               /* Translators: %s is the reason, e.g. "No such file or directory" */
                               _("crm-sync-practice-org cannot run (%s). Reinstall CRM Sync Setup, or start it from its build tree with build-aux/run."),
                               error->message);
      return;
    }
  self = new_for_pipes (subprocess, g_subprocess_get_stdout_pipe (subprocess),
                        g_subprocess_get_stdin_pipe (subprocess));
  g_task_set_task_data (task, self, g_object_unref);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, cancellable,
                                       first_line_cb, g_steal_pointer (&task));
}

CsPracticeProcess *
cs_practice_process_start_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- controls ------------------------------------------------------------------- */

static void
control_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsPracticeProcess *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      /* A broken pipe: the org is gone, its output ends too. */
      g_queue_remove (&self->pending, task);
      g_object_unref (task);
      g_task_return_error (task, new_stopped_error ());
    }
}

void
cs_practice_process_control_async (CsPracticeProcess   *self,
                                   const char          *line,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GBytes *bytes;

  g_return_if_fail (CS_IS_PRACTICE_PROCESS (self));
  g_return_if_fail (line != NULL && strchr (line, '\n') == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_practice_process_control_async);
  /* An answer arrives for every line sent: the task waits for its own
   * even when cancelled, to keep the order. */
  g_task_set_check_cancellable (task, FALSE);
  if (!self->running)
    {
      g_task_return_error (task, new_stopped_error ());
      return;
    }

  bytes = g_bytes_new_take (g_strconcat (line, "\n", NULL), strlen (line) + 1);
  g_task_set_task_data (task, bytes, (GDestroyNotify) g_bytes_unref);
  g_queue_push_tail (&self->pending, g_object_ref (task));
  g_output_stream_write_all_async (self->input, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, NULL, control_written_cb, g_steal_pointer (&task));
}

JsonObject *
cs_practice_process_control_finish (CsPracticeProcess  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return NULL;
    }
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the mailbox -------------------------------------------------------------------- */

static void
mailbox_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessage *msg = g_task_get_task_data (task);
  JsonNode *root;
  JsonNode *messages;
  char *code = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_NETWORK,
                               _("The practice org’s mailbox did not answer. Restart the practice org."));
      return;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))) ||
      (messages = json_object_get_member (json_node_get_object (root), "messages")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (messages))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("The practice org’s mailbox answered something unreadable. Restart the practice org."));
      return;
    }
  /* Oldest first: the latest code is the last. */
  for (guint i = json_array_get_length (json_node_get_array (messages)); i > 0 && code == NULL; i--)
    {
      JsonNode *mail = json_array_get_element (json_node_get_array (messages), i - 1);

      if (JSON_NODE_HOLDS_OBJECT (mail))
        code = g_strdup (member_string (json_node_get_object (mail), "code"));
    }
  g_task_return_pointer (task, code, (GDestroyNotify) cs_secret_wipe_free);
}

void
cs_practice_process_fetch_code_async (CsPracticeProcess   *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *to = NULL;
  SoupMessage *msg;

  g_return_if_fail (CS_IS_PRACTICE_PROCESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_practice_process_fetch_code_async);
  if (!self->running)
    {
      g_task_return_error (task, new_stopped_error ());
      return;
    }
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", 10, NULL);

  to = g_uri_escape_string (self->sync_username, NULL, FALSE);
  uri = g_strdup_printf ("%s/_practice/mailbox?to=%s", self->url, to);
  msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    mailbox_read_cb, g_steal_pointer (&task));
}

char *
cs_practice_process_fetch_code_finish (CsPracticeProcess  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- what the first line said ------------------------------------------------------ */

gboolean
cs_practice_process_get_running (CsPracticeProcess *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), FALSE);
  return self->running;
}

GPid
cs_practice_process_get_pid (CsPracticeProcess *self)
{
  const char *id;

  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), 0);

  if (self->subprocess == NULL || !self->running ||
      (id = g_subprocess_get_identifier (self->subprocess)) == NULL)
    return 0;
  return (GPid) g_ascii_strtoll (id, NULL, 10);
}

const char *
cs_practice_process_get_url (CsPracticeProcess *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), NULL);
  return self->url;
}

const char *
cs_practice_process_get_consumer_key (CsPracticeProcess *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), NULL);
  return self->consumer_key;
}

const char *
cs_practice_process_get_consumer_secret (CsPracticeProcess *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), NULL);
  return self->consumer_secret;
}

const char *
cs_practice_process_get_callback_url (CsPracticeProcess *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), NULL);
  return self->callback_url;
}

const char *
cs_practice_process_get_sync_username (CsPracticeProcess *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), NULL);
  return self->sync_username;
}

const char *
cs_practice_process_get_sync_password (CsPracticeProcess *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_PROCESS (self), NULL);
  return self->sync_password;
}
