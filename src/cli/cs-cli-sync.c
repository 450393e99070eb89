/* cs-cli-sync.c: crm-sync's record sync commands.
 *
 *   crm-sync sync [NAME] [--once | --watch] [--object NAME]… [--api-reserve N] [--json]
 *   crm-sync status [NAME] [--errors] [--json]
 *   crm-sync pause [NAME] / crm-sync resume [NAME]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cs-cli.h"

/* --watch: the next cycle starts this long after the last one ended, as
 * the timer does. */
#define WATCH_PAUSE_SECONDS (5 * 60)
/* A terminal's progress line is redrawn at most this often. */
#define PROGRESS_REDRAW_US  (200 * 1000)

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
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* The exit status of a cycle's end: a paused sync is no failure (the
 * timer keeps starting it). */
static int
status_for (const GError *error)
{
  if (error == NULL || g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_PAUSED))
    return CS_EXIT_OK;
  return cs_cli_status_for_error (error);
}

static void
print_cycle_json (CsRecordSync      *sync,
                  const CsSyncCycle *cycle,
                  const GError      *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *progress = cs_record_sync_get_progress (sync);

  json_builder_begin_object (builder);
  cs_cli_builder_add_string (builder, "connection", cs_record_sync_get_connection_id (sync));
  cs_cli_builder_add_string (builder, "database", cs_record_sync_get_database_path (sync));
  cs_cli_builder_add_string (builder, "outcome", cycle != NULL ? cs_sync_outcome_to_string (cycle->outcome) : NULL);
  cs_cli_builder_add_string (builder, "error", error == NULL ? NULL
                                              : error->domain == CS_ERROR ? cs_error_code_to_string (error->code)
                                              : "failed");
  cs_cli_builder_add_string (builder, "message", error != NULL ? error->message : NULL);
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
      cs_cli_builder_add_string (builder, "object", cs_sync_object_progress_get_object (item));
      cs_cli_builder_add_string (builder, "phase", cs_sync_phase_to_string (cs_sync_object_progress_get_phase (item)));
      cs_cli_builder_add_string (builder, "method", cs_sync_method_to_string (cs_sync_object_progress_get_method (item)));
      add_int (builder, "records", cs_sync_object_progress_get_records (item));
      add_int (builder, "deleted", cs_sync_object_progress_get_deleted (item));
      add_int (builder, "skipped", cs_sync_object_progress_get_skipped (item));
      cs_cli_builder_add_string (builder, "message", cs_sync_object_progress_get_message (item));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  cs_cli_print_json (builder);
}

/* One cycle: its outcome printed, its exit status returned. A refusal
 * that only a new login can fix marks the connection. */
static int
run_one_cycle (CsConnectionVault *vault,
               CsRecordSync      *sync,
               GCancellable      *cancellable)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsSyncCycle) cycle = NULL;
  g_autoptr(GError) error = NULL;
  Printer printer = { cs_record_sync_get_progress (sync), isatty (STDOUT_FILENO), 0, FALSE };
  gulong handler = 0;

  if (!cs_cli_options.json)
    handler = g_signal_connect (printer.progress, "items-changed",
                                G_CALLBACK (progress_items_changed), &printer);
  cs_record_sync_run_cycle_async (sync, cancellable, cs_cli_store_result, &result);
  cycle = cs_record_sync_run_cycle_finish (sync, cs_cli_wait (&result), &error);
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

  if (error != NULL)
    cs_connection_vault_note_error (vault, cs_record_sync_get_connection_id (sync), error);

  if (cs_cli_options.json)
    {
      print_cycle_json (sync, cycle != NULL ? cycle : cs_record_sync_get_last_cycle (sync), error);
      return status_for (error);
    }
  if (error != NULL)
    {
      if (g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_PAUSED))
        g_print ("%s\n", error->message);
      else
        g_printerr ("crm-sync: %s\n", error->message);
      return status_for (error);
    }
  g_print (ngettext ("Synced: %lld record stored, %lld deleted, %lld API calls, %lld s.\n",
                     "Synced: %lld records stored, %lld deleted, %lld API calls, %lld s.\n",
                     (gulong) cycle->records),
           (long long) cycle->records, (long long) cycle->deleted, (long long) cycle->api_calls,
           (long long) (cycle->ended - cycle->started));
  return CS_EXIT_OK;
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
watch (CsConnectionVault *vault,
       CsRecordSync      *sync)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint sigint = g_unix_signal_add (SIGINT, on_stop_signal, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_stop_signal, cancellable);
  int status = CS_EXIT_OK;

  while (!g_cancellable_is_cancelled (cancellable))
    {
      gboolean due = FALSE;
      guint timer;

      status = run_one_cycle (vault, sync, cancellable);
      if (status == CS_EXIT_REAUTHORIZE || g_cancellable_is_cancelled (cancellable))
        break;
      if (!cs_cli_options.json)
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
  return g_cancellable_is_cancelled (cancellable) ? CS_EXIT_OK : status;
}

int
cs_cli_command_sync (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(CsRecordSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  CsConnectionStore *store;
  int status = CS_EXIT_OK;

  if (cs_cli_options.once && cs_cli_options.watch)
    {
      g_printerr (_("crm-sync: --once and --watch do not go together.\n"));
      return CS_EXIT_USAGE;
    }
  vault = cs_cli_open_vault (&status);
  if (vault == NULL || (id = cs_cli_resolve_connection (vault, name, &status)) == NULL)
    return status;
  store = cs_connection_vault_get_store (vault);

  cs_connection_vault_load_async (vault, id, NULL, cs_cli_store_result, &loaded);
  entry = cs_connection_vault_load_finish (vault, cs_cli_wait (&loaded), &error);
  if (entry == NULL)
    return cs_cli_report_error (error);
  /* The vault keeps what the client's refreshes bring (rotated tokens). */
  client = cs_connection_vault_new_client (vault, entry, NULL);
  sync = cs_record_sync_new (client, store, id);

  if (cs_cli_options.objects != NULL &&
      !cs_record_sync_set_objects (sync, (const char * const *) cs_cli_options.objects, &error))
    {
      cs_cli_report_error (error);
      return CS_EXIT_USAGE;
    }
  if (cs_cli_options.api_reserve >= 0)
    {
      g_autoptr(CsSyncStatus) sync_status = cs_sync_status_new (store, id);

      if (!cs_sync_status_set_api_reserve_percent (sync_status, (guint) cs_cli_options.api_reserve, &error))
        {
          cs_cli_report_error (error);
          return CS_EXIT_USAGE;
        }
    }

  status = cs_cli_options.watch ? watch (vault, sync) : run_one_cycle (vault, sync, NULL);

  /* The version found saves the next run its request; nothing is lost if
   * this fails. */
  if (entry->connection->api_version == NULL &&
      cs_salesforce_client_get_api_version (client) != NULL)
    {
      g_autoptr(GError) save_error = NULL;
      g_autoptr(CsConnection) stored = cs_connection_store_get (store, id, &save_error);

      if (stored != NULL)
        {
          stored->api_version = g_strdup (cs_salesforce_client_get_api_version (client));
          if (!cs_connection_store_save (store, stored, &save_error))
            g_debug ("Could not remember the API version: %s", save_error->message);
        }
    }
  return cs_cli_finish_vault (vault, id, status);
}

/* ---- status, pause, resume --------------------------------------------------------------------- */

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
  cs_cli_builder_add_string (builder, "connection", cs_sync_status_get_connection_id (status));
  cs_cli_builder_add_string (builder, "database", cs_sync_status_get_database_path (status));
  cs_cli_builder_add_string (builder, "state", cs_sync_state_to_string (cs_sync_status_get_state (status)));
  cs_cli_builder_add_string (builder, "description", described);
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
      cs_cli_builder_add_string (builder, "outcome", cs_sync_outcome_to_string (last->outcome));
      cs_cli_builder_add_string (builder, "error", last->error_code);
      cs_cli_builder_add_string (builder, "message", last->message);
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
      cs_cli_builder_add_string (builder, "object", count->object);
      cs_cli_builder_add_string (builder, "state", states[count->state]);
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
          cs_cli_builder_add_string (builder, "kind", cs_sync_issue_kind_to_string (cs_sync_issue_get_kind (issue)));
          cs_cli_builder_add_string (builder, "object", cs_sync_issue_get_object (issue));
          cs_cli_builder_add_string (builder, "record_id", cs_sync_issue_get_record_id (issue));
          cs_cli_builder_add_string (builder, "code", cs_sync_issue_get_code (issue));
          cs_cli_builder_add_string (builder, "message", cs_sync_issue_get_message (issue));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  cs_cli_print_json (builder);
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
      g_autofree char *started = cs_cli_format_time (last->started);

      /* Translators: "last cycle  2025-06-03 12:00:00, completed, 120 records, 3 deleted, 12 API calls" */
      g_print (_("last cycle  %s, %s, %lld records, %lld deleted, %lld API calls\n"),
               started, cs_sync_outcome_get_label (last->outcome), (long long) last->records,
               (long long) last->deleted, (long long) last->api_calls);
    }
  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncObjectCount *count = g_ptr_array_index (objects, i);
      g_autofree char *synced = cs_cli_format_time (count->last_synced);

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
      g_autofree char *when = cs_cli_format_time (cs_sync_issue_get_time (issue));
      const char *record_id = cs_sync_issue_get_record_id (issue);

      g_print ("%s  %-6s  %s%s%s  %s\n", when,
               /* Translators: an error's kind in "crm-sync status --errors": of a job, or of one record */
               cs_sync_issue_get_kind (issue) == CS_SYNC_ISSUE_RECORD ? C_("sync error", "record")
                                                                      : C_("sync error", "job"),
               cs_sync_issue_get_object (issue) != NULL ? cs_sync_issue_get_object (issue) : "-",
               record_id != NULL ? " " : "", record_id != NULL ? record_id : "",
               cs_sync_issue_get_message (issue));
    }
}

/* status, pause and resume */
static int
command_status (const char *name,
                int         pause)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  int exit_status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&exit_status);
  if (vault == NULL || (id = cs_cli_resolve_connection (vault, name, &exit_status)) == NULL)
    return exit_status;
  status = cs_sync_status_new (cs_connection_vault_get_store (vault), id);

  if (pause >= 0)
    {
      if (!cs_sync_status_set_paused (status, pause, &error))
        return cs_cli_report_error (error);
      if (!cs_cli_options.json)
        g_print ("%s\n", pause
                         ? _("The sync is paused: no cycle starts until “crm-sync resume”; one "
                             "running stops after the page it is storing.")
                         : _("The sync is resumed: the next cycle starts as usual."));
    }
  if (!cs_sync_status_refresh (status, &error))
    return cs_cli_report_error (error);
  if (cs_cli_options.json)
    print_status_json (status, cs_cli_options.errors);
  else if (pause < 0)
    print_status_text (status, cs_cli_options.errors);
  return CS_EXIT_OK;
}

int
cs_cli_command_status (const char *name)
{
  return command_status (name, -1);
}

int
cs_cli_command_pause (const char *name)
{
  return command_status (name, TRUE);
}

int
cs_cli_command_resume (const char *name)
{
  return command_status (name, FALSE);
}
