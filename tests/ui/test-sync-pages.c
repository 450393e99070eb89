/* test-sync-pages.c: the record sync's pages in the real window, against
 * the practice org over HTTP with the real keyring: the way from the
 * welcome page, the status view's Sync Now, Pause and Resume, its error
 * list and filter, and every failure the admin can meet there and on Start
 * Salesforce Sync and Start Sync: a sync already running, the API reserve
 * reached, invalid_grant during the cycle (re-authorization offered), the
 * practice org gone, the keyring locked when the connection is loaded, no
 * crm-sync for the timer; the status view following the timer's cycles
 * (crm-sync in another process) without being touched; and which of two
 * working connections the welcome page picks for the status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cs-assistant.h"
#include "cs-message-bar.h"
#include "cs-screenshot.h"
#include "cs-sync-lock.h"
#include "cs-sync-plan-page-private.h"
#include "cs-sync-start-page-private.h"
#include "cs-sync-status-page-private.h"
#include "cs-test-keyring.h"
#include "cs-test-util.h"
#include "cs-ui-test-util.h"
#include "cs-ui.h"
#include "cs-welcome-page-private.h"
#include "cs-window.h"
#include "cs-wizard-test-util.h"

static GtkApplication *application;

typedef struct
{
  CsSetupContext *context;
  CsPracticeOrg  *org;              /* owned by the context */
  CsWindow       *window;
  CsAssistant    *assistant;
  char           *connection_id;
} Fixture;

/* Logs in to @org's sync user with @context and confirms, as the wizard
 * does: a working connection; its id. */
static char *
log_in_and_confirm (CsSetupContext *context,
                    CsPracticeOrg  *org)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *callback = NULL;

  cs_setup_context_set_client_credentials (context, cs_practice_org_get_consumer_key (org),
                                           cs_practice_org_get_consumer_secret (org));
  authorize_uri = cs_oauth_request_build_authorize_uri (cs_setup_context_begin_authorization (context));
  callback = cs_test_drive_login (org, authorize_uri, cs_practice_org_get_sync_username (org),
                                  cs_practice_org_get_sync_password (org), TRUE, &error);
  g_assert_no_error (error);
  cs_setup_context_complete_login_async (context, callback, NULL, cs_test_store_result, &result);
  g_assert_true (cs_setup_context_complete_login_finish (context, cs_test_await (&result), &error));
  g_clear_object (&result);
  cs_setup_context_confirm_async (context, NULL, cs_test_store_result, &result);
  g_assert_true (cs_setup_context_confirm_finish (context, cs_test_await (&result), &error));
  g_assert_no_error (error);
  return g_strdup (cs_setup_context_get_connection (context)->id);
}

/* Removes everything of connection @id, even if Salesforce cannot revoke
 * its token: keyring items, catalog, sync database. */
static gboolean
forget_connection (CsConnectionVault  *vault,
                   const char         *id,
                   GError            **error)
{
  g_autoptr(GAsyncResult) forgotten = NULL;

  cs_connection_vault_forget_async (vault, id, CS_FORGET_FORCE, NULL, cs_test_store_result, &forgotten);
  return cs_connection_vault_forget_finish (vault, cs_test_await (&forgotten), NULL, NULL, error);
}

/* A connection set up as the wizard does (login, Confirm, fields
 * recorded), then the window on its first page. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  CsFieldSync *field_sync;

  f->context = cs_setup_context_new (NULL);
  cs_setup_context_set_environment (f->context, CS_ENVIRONMENT_PRACTICE);
  f->org = cs_ui_test_attach_practice_org (f->context);
  g_assert_nonnull (f->org);
  f->connection_id = log_in_and_confirm (f->context, f->org);

  field_sync = cs_setup_context_get_field_sync (f->context, &error);
  g_assert_no_error (error);
  cs_field_sync_record_async (field_sync, NULL, cs_test_store_result, &result);
  g_assert_true (cs_field_sync_record_finish (field_sync, cs_test_await (&result), NULL, &error));
  g_assert_no_error (error);

  f->window = cs_window_new (application, f->context);
  f->assistant = cs_window_get_assistant (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (f->window)), "the window");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CsConnectionVault) vault = g_object_ref (cs_setup_context_get_vault (f->context, NULL));

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  cs_wizard_spin (200);
  /* Nothing left for the next case. */
  forget_connection (vault, f->connection_id, NULL);
  g_clear_object (&f->context);
  g_clear_pointer (&f->connection_id, g_free);
  f->org = NULL;
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  cs_screenshot_take (GTK_WINDOW (f->window), name);
}

static const char *
current_page (Fixture *f)
{
  return cs_assistant_get_current_name (f->assistant);
}

static CsSyncStatusPage *
status_page (Fixture *f)
{
  return CS_SYNC_STATUS_PAGE (cs_assistant_get_page (f->assistant, "sync-status"));
}

static CsMessageBar *
status_bar (Fixture *f)
{
  return cs_sync_status_page_get_message_bar (status_page (f));
}

/* The state the view settles on: it reads the database again every second
 * while the lock says a cycle runs, and a status read can meet the lock
 * at the moment a cycle lets it go. */
static void
assert_state (Fixture    *f,
              const char *state)
{
  wait_for (!cs_sync_status_page_get_busy (status_page (f)) &&
            g_strcmp0 (cs_sync_status_page_get_state_text (status_page (f)), T (state)) == 0,
            "the state shown");
}

/* A failed cycle: the message bar says why and what to do, the line
 * under the state only when, so nothing is said twice. */
static void
assert_failure_said_once (Fixture *f)
{
  const char *message = cs_message_bar_get_message (status_bar (f));
  const char *line = cs_sync_status_page_get_description_text (status_page (f));

  g_assert_nonnull (message);
  g_assert_cmpstr (line, !=, "");
  g_assert_null (strstr (line, message));
  g_assert_null (strstr (message, line));
}

/* The status view of the connection, as --status NAME opens it. */
static void
open_status (Fixture *f)
{
  cs_window_open_sync_status (f->window, f->connection_id);
  wait_for (g_strcmp0 (current_page (f), "sync-status") == 0, "the sync status");
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status to be read");
}

static void
sync_now (Fixture *f)
{
  cs_wizard_click (cs_sync_status_page_get_sync_now_button (status_page (f)));
  g_assert_true (cs_sync_status_page_get_busy (status_page (f)));
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the cycle to end");
}

static gint64
synced_records (Fixture    *f,
                const char *object)
{
  GPtrArray *objects = cs_sync_status_get_objects (cs_sync_status_page_get_status (status_page (f)));

  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncObjectCount *count = g_ptr_array_index (objects, i);

      if (g_strcmp0 (count->object, object) == 0)
        return count->live;
    }
  return -1;
}

/* A cycle as the timer's unit runs it (crm-sync@.service: "crm-sync sync
 * ID --once"), in another process, while this one serves the org; it
 * reads the secrets from the keyring itself. */
static void
run_timer_cycle (Fixture *f)
{
  const char *argv[] = { g_getenv ("CS_CRM_SYNC"), "sync", f->connection_id, "--once", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (argv[0]);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, cs_test_store_result, &result);
  wait_for (result != NULL, "crm-sync to end");
  g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("crm-sync sync: %s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* No read of the page's own pending or running: one could meet the
 * timer's cycle by chance and show it without the database watch. */
static void
wait_until_idle (Fixture *f)
{
  wait_for (!cs_sync_status_page_get_read_scheduled (status_page (f)) &&
            !cs_sync_status_page_get_busy (status_page (f)), "the page to be idle");
}

static guint
cycles_shown (Fixture *f)
{
  return cs_sync_status_get_cycles (cs_sync_status_page_get_status (status_page (f)))->len;
}

/* ---- cases ------------------------------------------------------------------ */

/* The welcome page's "See the sync status": the stored connections, one
 * picked, Next opens the status of the one the admin picks. */
static void
test_from_welcome (Fixture       *f,
                   gconstpointer  data)
{
  CsWelcomePage *welcome;
  CsConnectionRow *row;

  cs_assistant_go_to (f->assistant, "welcome");
  welcome = CS_WELCOME_PAGE (cs_assistant_get_current_page (f->assistant));
  gtk_widget_activate (cs_wizard_get_widget (welcome, "task_status_row"));
  g_assert_cmpint (cs_setup_context_get_task (f->context), ==, CS_SETUP_TASK_SYNC_STATUS);
  wait_for ((row = cs_welcome_page_get_connection_row (welcome, f->connection_id)) != NULL &&
            !cs_welcome_page_is_checking (welcome), "the stored connections");
  /* One is picked for the admin (the earlier cases of the suite leave
   * theirs); the admin picks this one. */
  g_assert_nonnull (cs_welcome_page_get_chosen_connection (welcome));
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_cmpstr (cs_welcome_page_get_chosen_connection (welcome), ==, f->connection_id);
  screenshot (f, "welcome-sync-status");

  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "sync-status") == 0, "the sync status");
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status to be read");
  g_assert_cmpstr (cs_setup_context_get_sync_connection_id (f->context), ==, f->connection_id);
  assert_state (f, "Never Synced");

  /* The last step of this task: Close closes the window. */
  g_assert_cmpstr (cs_page_get_next_label (CS_PAGE (status_page (f))), ==, T ("_Close"));
}

/* Two working connections: "See the sync status" picks the one used
 * last (a token refresh counts), not the newest. */
static void
test_status_picks_last_used (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CsSetupContext) other = cs_setup_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *other_id = NULL;
  CsConnectionVault *vault = cs_setup_context_get_vault (f->context, NULL);
  CsWelcomePage *welcome;

  /* Set up after this one, so listed first... */
  cs_setup_context_set_environment (other, CS_ENVIRONMENT_PRACTICE);
  other_id = log_in_and_confirm (other, cs_ui_test_attach_practice_org (other));
  /* ...but this one was used since. */
  g_assert_true (cs_connection_store_note_refresh (cs_connection_vault_get_store (vault), f->connection_id,
                                                   g_get_real_time () / G_USEC_PER_SEC + 60, &error));
  g_assert_no_error (error);

  cs_assistant_go_to (f->assistant, "welcome");
  welcome = CS_WELCOME_PAGE (cs_assistant_get_current_page (f->assistant));
  gtk_widget_activate (cs_wizard_get_widget (welcome, "task_status_row"));
  wait_for (cs_welcome_page_get_connection_row (welcome, f->connection_id) != NULL &&
            cs_welcome_page_get_connection_row (welcome, other_id) != NULL &&
            !cs_welcome_page_is_checking (welcome), "both connections");
  /* Both could be picked: the pick is the rule's, not the only choice. */
  for (guint i = 0; i < 2; i++)
    {
      CsConnectionRow *row = cs_welcome_page_get_connection_row (welcome, i == 0 ? f->connection_id : other_id);

      g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row)));
      g_assert_cmpint (cs_connection_row_get_health (row), ==, CS_CONNECTION_HEALTH_OK);
    }
  g_assert_cmpstr (cs_welcome_page_get_chosen_connection (welcome), ==, f->connection_id);

  g_assert_true (forget_connection (vault, other_id, &error));
  g_assert_no_error (error);
}

/* Sync Now, Pause (Sync Now then says to resume), Resume. */
static void
test_sync_now_pause_resume (Fixture       *f,
                            gconstpointer  data)
{
  open_status (f);
  assert_state (f, "Never Synced");
  g_assert_false (cs_message_bar_is_shown (status_bar (f)));

  sync_now (f);
  g_assert_false (cs_message_bar_is_shown (status_bar (f)));
  assert_state (f, "Last Synced");
  g_assert_cmpint (synced_records (f, "Lead"), ==, cs_practice_org_get_n_records (f->org, "Lead"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (cs_sync_status_page_get_objects_list (status_page (f)), 0));
  screenshot (f, "sync-status-synced");

  cs_wizard_click (cs_sync_status_page_get_pause_button (status_page (f)));
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status after Pause");
  assert_state (f, "Paused");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cs_sync_status_page_get_pause_button (status_page (f)))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cs_sync_status_page_get_resume_button (status_page (f)))));
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_INFO, NULL, NULL);
  screenshot (f, "sync-status-paused");

  /* A paused sync starts no cycle: Sync Now says how to go on. */
  sync_now (f);
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_INFO, T ("_Resume"), "sync-status.resume");
  assert_state (f, "Paused");

  cs_wizard_click (cs_sync_status_page_get_resume_button (status_page (f)));
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status after Resume");
  assert_state (f, "Last Synced");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cs_sync_status_page_get_pause_button (status_page (f)))));

  sync_now (f);
  g_assert_false (cs_message_bar_is_shown (status_bar (f)));
  assert_state (f, "Last Synced");
  g_assert_cmpint (cs_sync_status_get_last_cycle (cs_sync_status_page_get_status (status_page (f)))->outcome,
                   ==, CS_SYNC_OUTCOME_COMPLETED);
}

static guint
count_shown (Fixture         *f,
             CsSyncIssueKind *kind,
             const char      *object)
{
  GListModel *shown = cs_sync_status_page_get_shown_issues (status_page (f));
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsSyncIssue) issue = g_list_model_get_item (shown, i);

      if (kind != NULL)
        g_assert_cmpint (cs_sync_issue_get_kind (issue), ==, *kind);
      if (object != NULL)
        g_assert_cmpstr (cs_sync_issue_get_object (issue), ==, object);
    }
  return n;
}

static void
select_object (Fixture    *f,
               const char *object)
{
  GtkDropDown *drop_down = cs_sync_status_page_get_object_filter (status_page (f));
  GListModel *names = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), object) == 0)
      {
        gtk_drop_down_set_selected (drop_down, i);
        return;
      }
  g_assert_not_reached ();
}

/* A record error (a value that no longer fits) and a job error (a field
 * removed in Salesforce): both listed, filtered by kind, object and text. */
static void
test_error_filter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) id = NULL;
  CsSyncIssueKind job = CS_SYNC_ISSUE_JOB, record = CS_SYNC_ISSUE_RECORD;
  GtkDropDown *kinds;
  GtkEditable *search;
  guint all;

  open_status (f);
  sync_now (f);
  assert_state (f, "Last Synced");
  g_assert_cmpuint (count_shown (f, NULL, NULL), ==, 0);

  id = cs_practice_org_get_value (f->org, "Lead", 3, "Id");
  cs_practice_org_set_field_type (f->org, "Lead", "mkto71_Lead_Score__c", "string");
  g_assert_true (cs_practice_org_update_record (f->org, "Lead", json_node_get_string (id),
                                                "{\"mkto71_Lead_Score__c\":\"high\"}", &error));
  g_assert_no_error (error);
  cs_practice_org_remove_field (f->org, "Account", "Phone");

  sync_now (f);
  /* Another object failed: said, with a way to try again. */
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_ERROR, T ("_Try Again"), "sync-status.sync-now");
  assert_state (f, "Failed");
  assert_failure_said_once (f);
  all = count_shown (f, NULL, NULL);
  g_assert_cmpuint (all, >=, 2);

  kinds = cs_sync_status_page_get_kind_filter (status_page (f));
  gtk_drop_down_set_selected (kinds, 2);
  g_assert_cmpuint (count_shown (f, &record, "Lead"), ==, 1);
  gtk_drop_down_set_selected (kinds, 1);
  g_assert_cmpuint (count_shown (f, &job, NULL), ==, all - 1);
  gtk_drop_down_set_selected (kinds, 0);

  select_object (f, "Account");
  g_assert_cmpuint (count_shown (f, &job, "Account"), >=, 1);
  select_object (f, "Lead");
  g_assert_cmpuint (count_shown (f, &record, "Lead"), ==, 1);
  gtk_drop_down_set_selected (cs_sync_status_page_get_object_filter (status_page (f)), 0);

  /* Shown again later (the timer's failure, say): why and what to do in
   * the message bar, with Try Again, when on the state's line. */
  cs_window_open_sync_status (f->window, f->connection_id);
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status read again");
  assert_state (f, "Failed");
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_ERROR, T ("_Try Again"), "sync-status.sync-now");
  assert_failure_said_once (f);

  screenshot (f, "sync-status-errors");
  search = cs_sync_status_page_get_search_entry (status_page (f));
  gtk_editable_set_text (search, json_node_get_string (id));
  wait_for (count_shown (f, NULL, NULL) == 1, "the search to keep the record's error");
  g_assert_cmpuint (count_shown (f, &record, "Lead"), ==, 1);
  gtk_editable_set_text (search, "no error says this");
  wait_for (count_shown (f, NULL, NULL) == 0, "the search to keep nothing");
  wait_for (cs_wizard_shows_text (GTK_WIDGET (status_page (f)), T ("No error matches the filter."), FALSE),
            "the list to say that no error matches");
  gtk_editable_set_text (search, "");
  wait_for (count_shown (f, NULL, NULL) == all, "every error again");
}

/* The timer's cycle (another process, here a lock taken as it takes it)
 * runs: Start Sync and Sync Now say so at once instead of waiting. */
static void
test_already_running (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncLock) lock = NULL;
  CsSyncStatus *status = cs_setup_context_get_sync_status (f->context, &error);
  CsSyncStartPage *start;

  g_assert_no_error (error);
  lock = cs_sync_lock_acquire (cs_sync_status_get_database_path (status), &error);
  g_assert_no_error (error);

  cs_assistant_go_to (f->assistant, "sync-start");
  start = CS_SYNC_START_PAGE (cs_assistant_get_current_page (f->assistant));
  cs_wizard_click (cs_sync_start_page_get_start_button (start));
  wait_for (!cs_sync_start_page_get_running (start) && !cs_sync_start_page_get_installing (start),
            "Start Sync to give up at once");
  cs_wizard_assert_message_bar (cs_sync_start_page_get_error_bar (start), CS_MESSAGE_WARNING, NULL, NULL);
  cs_wizard_assert_message_mentions (cs_sync_start_page_get_error_bar (start), "already running");
  /* The sync is set up all the same: the status view follows it. */
  g_assert_true (cs_page_get_complete (CS_PAGE (start)));
  g_assert_false (cs_sync_start_page_get_completed (start));
  screenshot (f, "sync-start-already-running");

  open_status (f);
  sync_now (f);
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_WARNING, NULL, NULL);
  cs_wizard_assert_message_mentions (status_bar (f), "already running");
  assert_state (f, "Sync in Progress");

  g_clear_pointer (&lock, cs_sync_lock_release);
  sync_now (f);
  g_assert_false (cs_message_bar_is_shown (status_bar (f)));
  assert_state (f, "Last Synced");
}

/* No crm-sync to run (an incomplete installation): the first cycle runs,
 * the timer row says what to do, and Try Again sets it up once it is
 * there. */
static void
test_timer_not_installed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *crm_sync = g_strdup (g_getenv ("CS_CRM_SYNC"));
  CsSyncStartPage *start;
  const char *text;

  g_assert_nonnull (crm_sync);
  g_setenv ("CS_CRM_SYNC", "crm-sync-not-installed", TRUE);
  cs_assistant_go_to (f->assistant, "sync-start");
  start = CS_SYNC_START_PAGE (cs_assistant_get_current_page (f->assistant));
  cs_wizard_click (cs_sync_start_page_get_start_button (start));
  wait_for (cs_sync_start_page_get_completed (start) && !cs_sync_start_page_get_installing (start),
            "the first cycle and the failed timer");
  g_setenv ("CS_CRM_SYNC", crm_sync, TRUE);

  text = cs_sync_start_page_get_service_text (start);
  g_assert_nonnull (text);
  g_test_message ("Timer: %s", text);
  if (g_strcmp0 (T ("_Log In Again"), "_Log In Again") == 0)
    g_assert_nonnull (strstr (text, "crm-sync"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cs_sync_start_page_get_watch_row (start))));
  g_assert_true (cs_page_get_complete (CS_PAGE (start)));
  screenshot (f, "sync-start-timer-failed");

  cs_wizard_click (cs_sync_start_page_get_install_button (start));
  wait_for (!cs_sync_start_page_get_installing (start), "the timer set up again");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cs_sync_start_page_get_watch_row (start))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cs_sync_start_page_get_install_button (start))));
}

/* The timer's cycles run in another process: the status view, left
 * alone, reads them; the failure it said goes once another cycle runs
 * (and ends well, here), and any other message stays. */
static void
test_timer_cycle_seen (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *resumed = NULL;
  guint cycles;

  open_status (f);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, TRUE);
  sync_now (f);
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_ERROR, T ("_Try Again"), "sync-status.sync-now");
  assert_state (f, "Failed");
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, FALSE);
  /* Nothing else reads while the state is Failed. */
  wait_until_idle (f);

  run_timer_cycle (f);
  wait_for (!cs_sync_status_page_get_busy (status_page (f)) &&
            g_strcmp0 (cs_sync_status_page_get_state_text (status_page (f)), T ("Last Synced")) == 0 &&
            !cs_message_bar_is_shown (status_bar (f)),
            "the timer's cycle to be shown, without the failure");
  g_assert_cmpint (synced_records (f, "Lead"), ==, cs_practice_org_get_n_records (f->org, "Lead"));

  /* Resume's message is still true after the next cycle. */
  cs_wizard_click (cs_sync_status_page_get_pause_button (status_page (f)));
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status after Pause");
  cs_wizard_click (cs_sync_status_page_get_resume_button (status_page (f)));
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status after Resume");
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_INFO, NULL, NULL);
  resumed = g_strdup (cs_message_bar_get_message (status_bar (f)));
  cycles = cycles_shown (f);
  wait_until_idle (f);

  run_timer_cycle (f);
  wait_for (!cs_sync_status_page_get_busy (status_page (f)) && cycles_shown (f) == cycles + 1,
            "the next timer's cycle to be shown");
  assert_state (f, "Last Synced");
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_INFO, NULL, NULL);
  g_assert_cmpstr (cs_message_bar_get_message (status_bar (f)), ==, resumed);
}

/* The org's daily API requests at the reserve: the cycle stops cleanly and
 * says why. */
static void
test_api_reserve (Fixture       *f,
                  gconstpointer  data)
{
  open_status (f);
  cs_practice_org_set_api_usage (f->org, cs_practice_org_get_api_limit (f->org) - 2);
  sync_now (f);
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_WARNING, NULL, NULL);
  cs_wizard_assert_message_mentions (status_bar (f), "daily API requests");
  assert_state (f, "Stopped");
  screenshot (f, "sync-status-api-reserve");
}

/* Salesforce refuses the connection during the cycle: marked, and the
 * status view offers the re-authorization, which opens. */
static void
test_invalid_grant (Fixture       *f,
                    gconstpointer  data)
{
  open_status (f);
  g_assert_true (cs_practice_org_revoke_user_tokens (f->org, cs_practice_org_get_sync_username (f->org), NULL));
  sync_now (f);
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_ERROR, T ("_Re-authorize"), "sync-status.reauthorize");
  assert_state (f, "Failed");
  g_assert_true (cs_setup_context_get_sync_needs_reauthorization (f->context));
  screenshot (f, "sync-status-reauthorize");

  /* Shown again later (the timer's failure, say): still offered. */
  cs_window_open_sync_status (f->window, f->connection_id);
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the status read again");
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_ERROR, T ("_Re-authorize"), "sync-status.reauthorize");

  cs_wizard_click (cs_wizard_message_bar_button (status_bar (f)));
  wait_for (g_strcmp0 (current_page (f), "reauthorize") == 0, "the re-authorization");
}

/* The practice org gone (the network, for a real org): Start Salesforce
 * Sync and Sync Now say so, with Try Again. */
static void
test_network_down (Fixture       *f,
                   gconstpointer  data)
{
  CsSyncPlanPage *plan;

  cs_practice_org_disconnect (f->org);

  cs_assistant_go_to (f->assistant, "sync-plan");
  plan = CS_SYNC_PLAN_PAGE (cs_assistant_get_current_page (f->assistant));
  wait_for (!cs_sync_plan_page_get_estimating (plan), "the estimate to fail");
  cs_wizard_assert_message_bar (cs_sync_plan_page_get_error_bar (plan), CS_MESSAGE_ERROR, T ("_Try Again"),
                                "sync-plan.try-again");
  g_assert_false (cs_page_get_complete (CS_PAGE (plan)));
  screenshot (f, "sync-plan-network-down");

  open_status (f);
  sync_now (f);
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_ERROR, T ("_Try Again"), "sync-status.sync-now");
  assert_state (f, "Failed");
}

/* The keyring locked (and no unlock) when Sync Now loads the connection:
 * said, and Try Again works once it is unlocked. */
static void
test_keyring_locked (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDBusConnection) prompter = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  open_status (f);
  prompter = cs_test_keyring_claim_prompter ();
  if (prompter == NULL)
    return;
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  cs_test_keyring_lock_default (service);
  sync_now (f);
  cs_test_keyring_unlock_default (service);
  cs_wizard_assert_message_bar (status_bar (f), CS_MESSAGE_ERROR, T ("_Try Again"), "sync-status.sync-now");
  cs_wizard_assert_message_mentions (status_bar (f), "keyring");
  screenshot (f, "sync-status-keyring-locked");

  cs_wizard_click (cs_wizard_message_bar_button (status_bar (f)));
  wait_for (!cs_sync_status_page_get_busy (status_page (f)), "the cycle after Try Again");
  g_assert_false (cs_message_bar_is_shown (status_bar (f)));
  assert_state (f, "Last Synced");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_log_set_writer_func (cs_wizard_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CS_LOCALEDIR") ? g_getenv ("CS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();
  cs_ui_init ();

  application = GTK_APPLICATION (adw_application_new ("io.github.crmsync.Setup.TestSyncPages",
                                                      G_APPLICATION_NON_UNIQUE));
  g_application_set_resource_base_path (G_APPLICATION (application), "/io/github/crmsync/Setup");
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-pages/from-welcome", test_from_welcome);
  ADD ("/sync-pages/status-picks-last-used", test_status_picks_last_used);
  ADD ("/sync-pages/sync-now-pause-resume", test_sync_now_pause_resume);
  ADD ("/sync-pages/error-filter", test_error_filter);
  ADD ("/sync-pages/already-running", test_already_running);
  ADD ("/sync-pages/timer-not-installed", test_timer_not_installed);
  ADD ("/sync-pages/timer-cycle-seen", test_timer_cycle_seen);
  ADD ("/sync-pages/api-reserve", test_api_reserve);
  ADD ("/sync-pages/invalid-grant", test_invalid_grant);
  ADD ("/sync-pages/network-down", test_network_down);
  ADD ("/sync-pages/keyring-locked", test_keyring_locked);
#undef ADD

  status = g_test_run ();
  g_object_unref (application);
  return status;
}
