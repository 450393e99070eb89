/* crm-sync-sync.c: crm-sync's record sync commands.
 *
 *   crm-sync sync [CONNECTION] [--once | --watch] [--object NAME]… [--json]
 *   crm-sync status [CONNECTION] [--json] [--errors]
 *   crm-sync pause [CONNECTION] / crm-sync resume [CONNECTION]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cs-core.h"
#include "crm-sync-sync.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_REAUTHORIZE = 3,
};

/* --watch: the next cycle starts this long after the last one ended, as
 * the timer does. */
#define WATCH_PAUSE_SECONDS (5 * 60)
/* A terminal's progress line is redrawn at most this often. */
#define PROGRESS_REDRAW_US  (200 * 1000)

typedef struct {
  gboolean     json;
  gboolean     once;
  gboolean     watch;
  gboolean     errors;
  GStrv        objects;
  int          api_reserve;
  const char  *connection;     /* as named, or NULL */
} Options;

/* ---- output -------------------------------------------------------------------------- */

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  /* UTF-8 whatever the locale. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static int
exit_status_for (const GError *error)
{
  if (error == NULL || g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_PAUSED))
    return EXIT_OK;
  if (g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_RUNNING))
    return CRM_SYNC_EXIT_SYNC_RUNNING;
  if (cs_error_is_reauthorization (error))
    return EXIT_REAUTHORIZE;
  return EXIT_FAILED;
}

static int
report_error (const Options *options,
              const GError  *error)
{
  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "error", error->domain == CS_ERROR ? cs_error_code_to_string (error->code)
                                                              : "failed");
      add_string (builder, "message", error->message);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    g_printerr ("crm-sync: %s\n", error->message);
  return exit_status_for (error);
}

/* ---- the connection ------------------------------------------------------------------------ */

/* The connection named @named (its id), or the only one stored. */
static char *
resolve_connection (CsConnectionStore  *store,
                    const char         *named,
                    GError            **error)
{
  g_autoptr(GPtrArray) connections = cs_connection_store_list (store, error);

  if (connections == NULL)
    return NULL;
  for (guint i = 0; i < connections->len; i++)
    {
      CsConnection *connection = g_ptr_array_index (connections, i);

      if (named != NULL && g_strcmp0 (connection->id, named) == 0)
        return g_strdup (connection->id);
    }
  if (named != NULL)
    g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                 _("There is no connection “%s”. “crm-sync connections” lists them."), named);
  else if (connections->len == 0)
    g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                         _("No connection yet. Run CRM Sync Setup to create one."));
  else if (connections->len > 1)
    g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                 /* Translators: %u is the number of stored connections (at least 2). */
                 _("There are %u connections: name one. “crm-sync connections” lists them."),
                 connections->len);
  else
    return g_strdup (((CsConnection *) g_ptr_array_index (connections, 0))->id);
  return NULL;
}

/* A REST client for a stored connection, with the secrets from the
 * keyring, keeping a rotated refresh token there. */
typedef struct {
  CsConnection       *connection;
  CsSalesforceClient *client;
  GError             *keyring_error;   /* a rotated token the keyring refused */
} Session;

static void
session_clear (Session *session)
{
  if (session->client != NULL)
    g_signal_handlers_disconnect_by_data (session->client, session);
  g_clear_pointer (&session->connection, cs_connection_free);
  g_clear_object (&session->client);
  g_clear_error (&session->keyring_error);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static void
keep_rotated_token (CsSalesforceClient *client,
                    CsTokenSet         *tokens,
                    Session            *session)
{
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  g_autoptr(CsSecretKey) key = cs_secret_key_new (session->connection->id,
                                                  session->connection->login_host,
                                                  session->connection->org_id,
                                                  session->connection->username);
  const char *refresh_token = cs_token_set_get_refresh_token (tokens);
  g_autoptr(GError) error = NULL;

  if (refresh_token == NULL ||
      cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_REFRESH_TOKEN, refresh_token, NULL, &error) ||
      session->keyring_error != NULL)
    return;
  session->keyring_error = g_steal_pointer (&error);
}

/* Loads the connection's row and its three keyring items, as crm-sync's
 * other commands do. */
static gboolean
open_session (CsConnectionStore  *store,
              const char         *id,
              Session            *session,
              GError            **error)
{
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  g_autoptr(CsSecretString) key = NULL;
  g_autoptr(CsSecretString) secret = NULL;
  g_autoptr(CsSecretString) refresh_token = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;

  session->connection = cs_connection_store_get (store, id, error);
  if (session->connection == NULL)
    return FALSE;
  if ((key = cs_secret_store_lookup_sync (secrets, id, CS_SECRET_KIND_CONSUMER_KEY, NULL, error)) == NULL ||
      (secret = cs_secret_store_lookup_sync (secrets, id, CS_SECRET_KIND_CONSUMER_SECRET, NULL, error)) == NULL ||
      (refresh_token = cs_secret_store_lookup_sync (secrets, id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_GRANT,
                             _("The keyring holds no complete authorization for this connection. "
                               "Run CRM Sync Setup to log in again."));
      return FALSE;
    }

  oauth = cs_oauth_client_new (session->connection->login_host, key, secret);
  /* Only the refresh token: the client refreshes before its first request. */
  tokens = cs_token_set_new (NULL, refresh_token, NULL, NULL);
  session->client = cs_salesforce_client_new (oauth, tokens);
  if (session->connection->api_version != NULL)
    cs_salesforce_client_set_api_version (session->client, session->connection->api_version);
  g_signal_connect (session->client, "tokens-refreshed", G_CALLBACK (keep_rotated_token), session);
  return TRUE;
}

/* ---- progress on a terminal ------------------------------------------------------------------- */

typedef struct {
  GListModel *progress;
  gboolean    terminal;
  gint64      drawn_us;
  gboolean    line_open;      /* a progress line waits for its end */
} Printer;

static char *
describe_object (CsSyncObjectProgress *item)
{
  gint64 records = cs_sync_object_progress_get_records (item);
  gint64 deleted = cs_sync_object_progress_get_deleted (item);
  gint64 skipped = cs_sync_object_progress_get_skipped (item);
  g_autoptr(GString) text = g_string_new (NULL);

  switch (cs_sync_object_progress_get_phase (item))
    {
    case CS_SYNC_PHASE_UNCHANGED:
      return g_strdup (_("unchanged"));
    case CS_SYNC_PHASE_FAILED:
      /* Translators: %s says what went wrong and what to do */
      return g_strdup_printf (_("failed: %s"), cs_sync_object_progress_get_message (item));
    case CS_SYNC_PHASE_STOPPED:
      return g_strdup (_("stopped before its end"));
    case CS_SYNC_PHASE_WAITING:
    case CS_SYNC_PHASE_CHECKING:
    case CS_SYNC_PHASE_QUERYING:
    case CS_SYNC_PHASE_BULK_JOB:
    case CS_SYNC_PHASE_DOWNLOADING:
    case CS_SYNC_PHASE_RECONCILING:
    case CS_SYNC_PHASE_DONE:
    default:
      break;
    }

  g_string_append_printf (text, ngettext ("%lld record", "%lld records", (gulong) records),
                          (long long) records);
  if (cs_sync_object_progress_get_total (item) > records &&
      cs_sync_object_progress_get_phase (item) != CS_SYNC_PHASE_DONE)
    /* Translators: " of 20000" after "12000 records" */
    g_string_append_printf (text, _(" of %lld"), (long long) cs_sync_object_progress_get_total (item));
  if (deleted > 0)
    g_string_append_printf (text, ngettext (", %lld deleted", ", %lld deleted", (gulong) deleted),
                            (long long) deleted);
  if (skipped > 0)
    g_string_append_printf (text, ngettext (", %lld skipped (see “crm-sync status --errors”)",
                                            ", %lld skipped (see “crm-sync status --errors”)",
                                            (gulong) skipped), (long long) skipped);
  if (cs_sync_object_progress_get_method (item) == CS_SYNC_METHOD_BULK)
    g_string_append (text, _(" (Bulk API)"));
  if (cs_sync_object_progress_get_phase (item) != CS_SYNC_PHASE_DONE &&
      cs_sync_object_progress_get_seconds_left (item) > 0)
    /* Translators: ", about 12 s left" */
    g_string_append_printf (text, _(", about %lld s left"),
                            (long long) cs_sync_object_progress_get_seconds_left (item));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
object_changed (CsSyncObjectProgress *item,
                GParamSpec           *pspec,
                Printer              *printer)
{
  CsSyncPhase phase = cs_sync_object_progress_get_phase (item);
  gboolean over = phase >= CS_SYNC_PHASE_DONE;
  g_autofree char *text = NULL;
  gint64 now = g_get_monotonic_time ();

  /* One line per object when it is over; on a terminal, the one being
   * loaded is redrawn in place meanwhile. */
  if (!over && (!printer->terminal || phase < CS_SYNC_PHASE_QUERYING ||
                now - printer->drawn_us < PROGRESS_REDRAW_US))
    return;
  if (over && g_strcmp0 (pspec->name, "phase") != 0)
    return;

  printer->drawn_us = now;
  text = describe_object (item);
  if (printer->terminal)
    g_print ("\r\033[K");
  g_print ("  %-24s %s%s", cs_sync_object_progress_get_object (item), text, over ? "\n" : "");
  printer->line_open = !over;
}

static void
progress_items_changed (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Printer    *printer)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CsSyncObjectProgress) item = g_list_model_get_item (model, i);

      g_signal_connect (item, "notify", G_CALLBACK (object_changed), printer);
    }
}

/* ---- sync ------------------------------------------------------------------------------------- */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
print_cycle_json (CsRecordSync      *sync,
                  const CsSyncCycle *cycle,
                  const GError      *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *progress = cs_record_sync_get_progress (sync);

  json_builder_begin_object (builder);
  add_string (builder, "connection", cs_record_sync_get_connection_id (sync));
  add_string (builder, "database", cs_record_sync_get_database_path (sync));
  add_string (builder, "outcome", cycle != NULL ? cs_sync_outcome_to_string (cycle->outcome) : NULL);
  add_string (builder, "error", error == NULL ? NULL
                                : error->domain == CS_ERROR ? cs_error_code_to_string (error->code)
                                : "failed");
  add_string (builder, "message", error != NULL ? error->message : NULL);
  add_int (builder, "records", cycle != NULL ? cycle->records : 0);
  add_int (builder, "deleted", cycle != NULL ? cycle->deleted : 0);
  add_int (builder, "record_errors", cycle != NULL ? cycle->record_errors : 0);
  add_int (builder, "api_calls", cycle != NULL ? cycle->api_calls : 0);
  add_int (builder, "seconds", cycle != NULL ? cycle->ended - cycle->started : 0);
  json_builder_set_member_name (builder, "objects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (progress); i++)
    {
      g_autoptr(CsSyncObjectProgress) item = g_list_model_get_item (progress, i);

      json_builder_begin_object (builder);
      add_string (builder, "object", cs_sync_object_progress_get_object (item));
      add_string (builder, "phase", cs_sync_phase_to_string (cs_sync_object_progress_get_phase (item)));
      add_string (builder, "method", cs_sync_method_to_string (cs_sync_object_progress_get_method (item)));
      add_int (builder, "records", cs_sync_object_progress_get_records (item));
      add_int (builder, "deleted", cs_sync_object_progress_get_deleted (item));
      add_int (builder, "skipped", cs_sync_object_progress_get_skipped (item));
      add_string (builder, "message", cs_sync_object_progress_get_message (item));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
}

/* One cycle: its outcome printed, its exit status returned. */
static int
run_one_cycle (const Options *options,
               CsRecordSync  *sync,
               Session       *session,
               GCancellable  *cancellable)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsSyncCycle) cycle = NULL;
  g_autoptr(GError) error = NULL;
  Printer printer = { cs_record_sync_get_progress (sync), isatty (STDOUT_FILENO), 0, FALSE };
  gulong handler = 0;

  if (!options->json)
    handler = g_signal_connect (printer.progress, "items-changed",
                                G_CALLBACK (progress_items_changed), &printer);
  cs_record_sync_run_cycle_async (sync, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  cycle = cs_record_sync_run_cycle_finish (sync, result, &error);
  if (handler != 0)
    {
      g_signal_handler_disconnect (printer.progress, handler);
      for (guint i = 0; i < g_list_model_get_n_items (printer.progress); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (printer.progress, i);

          g_signal_handlers_disconnect_by_data (item, &printer);
        }
    }
  if (printer.line_open)
    g_print ("\n");

  if (session->keyring_error != NULL && error == NULL)
    error = g_error_copy (session->keyring_error);

  if (options->json)
    {
      print_cycle_json (sync, cycle != NULL ? cycle : cs_record_sync_get_last_cycle (sync), error);
      return exit_status_for (error);
    }
  if (error != NULL)
    {
      if (g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_PAUSED))
        g_print ("%s\n", error->message);
      else
        g_printerr ("crm-sync: %s\n", error->message);
      return exit_status_for (error);
    }
  g_print (ngettext ("Synced: %lld record stored, %lld deleted, %lld API calls, %lld s.\n",
                     "Synced: %lld records stored, %lld deleted, %lld API calls, %lld s.\n",
                     (gulong) cycle->records),
           (long long) cycle->records, (long long) cycle->deleted, (long long) cycle->api_calls,
           (long long) (cycle->ended - cycle->started));
  return EXIT_OK;
}

static gboolean
on_stop_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
wake_up (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Cycles with a pause between them until SIGINT or SIGTERM; stops when
 * only a new login can help. */
static int
watch (const Options *options,
       CsRecordSync  *sync,
       Session       *session)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint sigint = g_unix_signal_add (SIGINT, on_stop_signal, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_stop_signal, cancellable);
  int status = EXIT_OK;

  while (!g_cancellable_is_cancelled (cancellable))
    {
      gboolean due = FALSE;
      guint timer;

      status = run_one_cycle (options, sync, session, cancellable);
      if (status == EXIT_REAUTHORIZE || g_cancellable_is_cancelled (cancellable))
        break;
      if (!options->json)
        g_print (_("Next cycle in %d minutes (Ctrl+C stops).\n"), WATCH_PAUSE_SECONDS / 60);
      timer = g_timeout_add_seconds (WATCH_PAUSE_SECONDS, wake_up, &due);
      while (!due && !g_cancellable_is_cancelled (cancellable))
        g_main_context_iteration (NULL, TRUE);
      if (!due)
        g_source_remove (timer);
    }

  g_source_remove (sigint);
  g_source_remove (sigterm);
  /* Stopped on request: that is no failure. */
  return g_cancellable_is_cancelled (cancellable) ? EXIT_OK : status;
}

static int
command_sync (const Options     *options,
              CsConnectionStore *store,
              const char        *id)
{
  g_auto(Session) session = { NULL, NULL, NULL };
  g_autoptr(CsRecordSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!open_session (store, id, &session, &error))
    return report_error (options, error);
  sync = cs_record_sync_new (session.client, store, id);
  if (options->objects != NULL &&
      !cs_record_sync_set_objects (sync, (const char * const *) options->objects, &error))
    {
      report_error (options, error);
      return EXIT_USAGE;
    }
  if (options->api_reserve >= 0)
    {
      g_autoptr(CsSyncStatus) sync_status = cs_sync_status_new (store, id);

      if (!cs_sync_status_set_api_reserve_percent (sync_status, (guint) options->api_reserve, &error))
        {
          report_error (options, error);
          return EXIT_USAGE;
        }
    }

  status = options->watch ? watch (options, sync, &session)
                          : run_one_cycle (options, sync, &session, NULL);

  /* The version found saves the next run its request; nothing is lost if
   * this fails. */
  if (session.connection->api_version == NULL &&
      cs_salesforce_client_get_api_version (session.client) != NULL)
    {
      g_autoptr(GError) save_error = NULL;

      session.connection->api_version = g_strdup (cs_salesforce_client_get_api_version (session.client));
      if (!cs_connection_store_save (store, session.connection, &save_error))
        g_debug ("Could not remember the API version: %s", save_error->message);
    }
  return status;
}

/* ---- status, pause, resume --------------------------------------------------------------------- */

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (seconds <= 0)
    return g_strdup ("-");
  time = g_date_time_new_from_unix_local (seconds);
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
}

static void
print_status_json (CsSyncStatus *status,
                   gboolean      with_errors)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const CsSyncCycle *last = cs_sync_status_get_last_cycle (status);
  GPtrArray *objects = cs_sync_status_get_objects (status);
  GListModel *issues = cs_sync_status_get_issues (status);
  g_autofree char *described = cs_sync_status_describe (status);

  json_builder_begin_object (builder);
  add_string (builder, "connection", cs_sync_status_get_connection_id (status));
  add_string (builder, "database", cs_sync_status_get_database_path (status));
  add_string (builder, "state", cs_sync_state_to_string (cs_sync_status_get_state (status)));
  add_string (builder, "description", described);
  json_builder_set_member_name (builder, "paused");
  json_builder_add_boolean_value (builder, cs_sync_status_get_paused (status));
  add_int (builder, "api_reserve_percent", cs_sync_status_get_api_reserve_percent (status));
  add_int (builder, "last_synced", cs_sync_status_get_last_synced (status));
  json_builder_set_member_name (builder, "last_cycle");
  if (last == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_int (builder, "id", last->id);
      add_int (builder, "started", last->started);
      add_int (builder, "ended", last->ended);
      add_string (builder, "outcome", cs_sync_outcome_to_string (last->outcome));
      add_string (builder, "error", last->error_code);
      add_string (builder, "message", last->message);
      add_int (builder, "records", last->records);
      add_int (builder, "deleted", last->deleted);
      add_int (builder, "record_errors", last->record_errors);
      add_int (builder, "api_calls", last->api_calls);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "objects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncObjectCount *count = g_ptr_array_index (objects, i);
      static const char * const states[] = { "new", "loading", "synced" };

      json_builder_begin_object (builder);
      add_string (builder, "object", count->object);
      add_string (builder, "state", states[count->state]);
      add_int (builder, "records", count->live);
      add_int (builder, "deleted", count->deleted);
      add_int (builder, "last_synced", count->last_synced);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (with_errors)
    {
      json_builder_set_member_name (builder, "errors");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
        {
          g_autoptr(CsSyncIssue) issue = g_list_model_get_item (issues, i);

          json_builder_begin_object (builder);
          add_int (builder, "time", cs_sync_issue_get_time (issue));
          add_int (builder, "cycle", cs_sync_issue_get_cycle_id (issue));
          add_string (builder, "kind", cs_sync_issue_kind_to_string (cs_sync_issue_get_kind (issue)));
          add_string (builder, "object", cs_sync_issue_get_object (issue));
          add_string (builder, "record_id", cs_sync_issue_get_record_id (issue));
          add_string (builder, "code", cs_sync_issue_get_code (issue));
          add_string (builder, "message", cs_sync_issue_get_message (issue));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  print_json (builder);
}

static void
print_status_text (CsSyncStatus *status,
                   gboolean      with_errors)
{
  const CsSyncCycle *last = cs_sync_status_get_last_cycle (status);
  GPtrArray *objects = cs_sync_status_get_objects (status);
  GListModel *issues = cs_sync_status_get_issues (status);
  g_autofree char *described = cs_sync_status_describe (status);

  g_print (_("database    %s\n"), cs_sync_status_get_database_path (status));
  g_print (_("state       %s\n"), described);
  if (last != NULL)
    {
      g_autofree char *started = format_time (last->started);

      /* Translators: "last cycle  2025-06-03 12:00:00, completed, 120 records, 3 deleted, 12 API calls" */
      g_print (_("last cycle  %s, %s, %lld records, %lld deleted, %lld API calls\n"),
               started, cs_sync_outcome_to_string (last->outcome), (long long) last->records,
               (long long) last->deleted, (long long) last->api_calls);
    }
  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncObjectCount *count = g_ptr_array_index (objects, i);
      g_autofree char *synced = format_time (count->last_synced);

      /* Translators: "Lead  20000 records, 12 deleted, last synced 2025-06-03 12:00:00" */
      g_print (_("  %-24s %lld records, %lld deleted, last synced %s\n"),
               count->object, (long long) count->live, (long long) count->deleted, synced);
    }
  if (!with_errors)
    {
      guint n = g_list_model_get_n_items (issues);

      if (n > 0)
        g_print (ngettext ("%u error in the last 5 days: “crm-sync status --errors” lists it.\n",
                           "%u errors in the last 5 days: “crm-sync status --errors” lists them.\n", n), n);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(CsSyncIssue) issue = g_list_model_get_item (issues, i);
      g_autofree char *when = format_time (cs_sync_issue_get_time (issue));
      const char *record_id = cs_sync_issue_get_record_id (issue);

      g_print ("%s  %-6s  %s%s%s  %s\n", when,
               cs_sync_issue_kind_to_string (cs_sync_issue_get_kind (issue)),
               cs_sync_issue_get_object (issue) != NULL ? cs_sync_issue_get_object (issue) : "-",
               record_id != NULL ? " " : "", record_id != NULL ? record_id : "",
               cs_sync_issue_get_message (issue));
    }
}

static int
command_status (const Options     *options,
                CsConnectionStore *store,
                const char        *id,
                const char        *command)
{
  g_autoptr(CsSyncStatus) status = cs_sync_status_new (store, id);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (command, "pause") || g_str_equal (command, "resume"))
    {
      if (!cs_sync_status_set_paused (status, g_str_equal (command, "pause"), &error))
        return report_error (options, error);
      if (!options->json)
        g_print ("%s\n", g_str_equal (command, "pause")
                         ? _("The sync is paused: no cycle starts until “crm-sync resume”; one "
                             "running stops after the page it is storing.")
                         : _("The sync is resumed: the next cycle starts as usual."));
    }
  if (!cs_sync_status_refresh (status, &error))
    return report_error (options, error);
  if (options->json)
    print_status_json (status, options->errors);
  else if (g_str_equal (command, "status"))
    print_status_text (status, options->errors);
  return EXIT_OK;
}

/* ---- entry ------------------------------------------------------------------------------------- */

gboolean
crm_sync_is_sync_command (const char *command)
{
  return g_strcmp0 (command, "sync") == 0 || g_strcmp0 (command, "status") == 0 ||
         g_strcmp0 (command, "pause") == 0 || g_strcmp0 (command, "resume") == 0;
}

int
crm_sync_run_sync_command (int    argc,
                           char **argv)
{
  Options options = { .api_reserve = -1 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectionStore) store = NULL;
  g_autofree char *id = NULL;
  g_autofree char *parameter = NULL;
  g_auto(GStrv) objects = NULL;
  const char *command = argv[1];
  gboolean is_sync = g_str_equal (command, "sync");
  const GOptionEntry sync_entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &options.once, N_("Run one cycle (the default)"), NULL },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &options.watch,
      N_("Run a cycle, pause 5 minutes, run the next, until stopped"), NULL },
    { "object", 0, 0, G_OPTION_ARG_STRING_ARRAY, &objects,
      N_("Sync only this object (repeatable)"), N_("NAME") },
    { "api-reserve", 0, 0, G_OPTION_ARG_INT, &options.api_reserve,
      N_("Keep this share of the org’s daily API requests unused (default 10)"), N_("PERCENT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print a JSON summary instead of text"), NULL },
    { NULL }
  };
  const GOptionEntry status_entries[] = {
    { "errors", 0, 0, G_OPTION_ARG_NONE, &options.errors,
      N_("List the job and record errors of the last 5 days"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON instead of text"), NULL },
    { NULL }
  };

  parameter = g_strdup_printf (_("%s [CONNECTION]"), command);
  context = g_option_context_new (parameter);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (is_sync)
    g_option_context_set_summary (context,
      _("Copies the Salesforce records of the connection’s synced objects and fields into its "
        "sync database, then keeps them up to date. CONNECTION may be left out when only one "
        "is stored.\n"
        "\n"
        "Exit status: 0 done (or paused), 1 failed, 2 wrong usage, 3 the authorization is no "
        "longer valid (run CRM Sync Setup again), 5 another sync of the connection is running."));
  else
    g_option_context_set_summary (context,
      _("Shows where the connection’s sync database is, how the sync is doing, how many records "
        "each object holds and the errors of the last 5 days (“pause” and “resume” stop and "
        "restart the sync)."));
  g_option_context_add_main_entries (context, is_sync ? sync_entries : status_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("crm-sync: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc > 3 || (options.once && options.watch) || options.api_reserve > 90)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_USAGE;
    }
  options.connection = argc == 3 ? argv[2] : NULL;
  options.objects = objects;

  store = cs_connection_store_open (NULL, &error);
  if (store == NULL)
    return report_error (&options, error);
  id = resolve_connection (store, options.connection, &error);
  if (id == NULL)
    {
      int status = report_error (&options, error);

      /* None or several stored: the command line must name one. */
      return g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_INPUT) ? EXIT_USAGE : status;
    }

  if (is_sync)
    return command_sync (&options, store, id);
  return command_status (&options, store, id, command);
}
