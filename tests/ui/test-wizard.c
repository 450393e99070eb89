/* test-wizard.c: the real wizard window, driven like an admin would, against
 * the practice org, with the Salesforce login done in the embedded WebKit
 * view.
 *
 * Every case starts a new window, context and practice org, and ends on a
 * state the admin can see (a page, a message and its button).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include <sqlite3.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include <libsoup/soup.h>
#include <webkit/webkit.h>

#include "cs-access-page-private.h"
#include "cs-assistant.h"
#include "cs-confirm-page-private.h"
#include "cs-credential-review-page-private.h"
#include "cs-login-page-private.h"
#include "cs-login-view-private.h"
#include "cs-message-bar.h"
#include "cs-review-page-private.h"
#include "cs-screenshot.h"
#include "cs-sync-page-private.h"
#include "cs-sync-plan-page-private.h"
#include "cs-sync-start-page-private.h"
#include "cs-sync-status-page-private.h"
#include "cs-test-keyring.h"
#include "cs-test-util.h"
#include "cs-ui.h"
#include "cs-ui-test-util.h"
#include "cs-welcome-page-private.h"
#include "cs-window.h"
#include "cs-wizard-test-util.h"

static GtkApplication *application;

/* A fixture's data besides TRUE (a loopback callback) and FALSE: no org
 * attached, the wizard runs its own child. */
#define CHILD_PRACTICE_ORG 2

typedef struct
{
  CsSetupContext *context;
  CsPracticeOrg  *org;              /* owned by the context */
  CsWindow       *window;
  CsAssistant    *assistant;
  SoupServer     *callback_server;  /* NULL: the Marketo callback */
  char           *callback_url;
  guint           callback_hits;
} Fixture;

/* ---- widgets -------------------------------------------------------------- */

static const char *
current_page (Fixture *f)
{
  return cs_assistant_get_current_name (f->assistant);
}

static CsLoginPage *
login_page (Fixture *f)
{
  return CS_LOGIN_PAGE (cs_assistant_get_page (f->assistant, "login"));
}

static CsConfirmPage *
confirm_page (Fixture *f)
{
  return CS_CONFIRM_PAGE (cs_assistant_get_page (f->assistant, "confirm"));
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  cs_screenshot_take (GTK_WINDOW (f->window), name);
}

static WebKitWebView *
login_view (Fixture *f)
{
  return cs_login_view_get_web_view (cs_login_page_get_login_view (login_page (f)));
}

/* ---- the earlier pages ------------------------------------------------------ */

static void
tick_all_check_buttons (GtkWidget *page)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  cs_wizard_collect_widgets (page, GTK_TYPE_CHECK_BUTTON, checks);
  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
}

/* Welcome (practice selected) → prerequisites (ticked, username) →
 * External Client App → credentials (stored in the keyring) → login. */
static void
go_to_login (Fixture *f)
{
  CsPage *page;

  wait_for (g_strcmp0 (current_page (f), "welcome") == 0, "the welcome page");
  g_assert_cmpint (cs_setup_context_get_environment (f->context), ==, CS_ENVIRONMENT_PRACTICE);
  screenshot (f, "welcome");
  cs_wizard_press_next (f->assistant);

  wait_for (g_strcmp0 (current_page (f), "prerequisites") == 0, "the prerequisites page");
  page = cs_assistant_get_current_page (f->assistant);
  tick_all_check_buttons (GTK_WIDGET (page));
  /* The practice org's sync user is filled in for the admin. */
  g_assert_cmpstr (cs_setup_context_get_expected_username (f->context), ==,
                   cs_practice_process_get_sync_username (cs_setup_context_get_practice_org (f->context)));
  screenshot (f, "prerequisites");
  cs_wizard_press_next (f->assistant);

  wait_for (g_strcmp0 (current_page (f), "external-app") == 0, "the External Client App page");
  /* Instructions to follow in Salesforce: nothing to fill in here. */
  screenshot (f, "external-app");
  cs_wizard_press_next (f->assistant);

  wait_for (g_strcmp0 (current_page (f), "credentials") == 0, "the credentials page");
  page = cs_assistant_get_current_page (f->assistant);
  wait_for (cs_page_get_complete (page), "the practice org's key and secret");
  screenshot (f, "credentials");
  cs_wizard_press_next (f->assistant);

  wait_for (g_strcmp0 (current_page (f), "login") == 0, "the login page");
  g_assert_cmpstr (cs_setup_context_get_consumer_key (f->context), ==,
                   cs_practice_process_get_consumer_key (cs_setup_context_get_practice_org (f->context)));
}

static void
wait_for_confirm (Fixture *f)
{
  wait_for (g_strcmp0 (current_page (f), "confirm") == 0, "the confirm page");
  g_assert_nonnull (cs_setup_context_get_identity (f->context));
  g_assert_nonnull (cs_setup_context_get_tokens (f->context));
}

/* The callback was caught in decide-policy and never reached the network. */
static void
assert_callback_never_requested (Fixture *f)
{
  g_assert_cmpuint (cs_login_view_get_n_callbacks_intercepted (cs_login_page_get_login_view (login_page (f))), >=, 1);
  g_assert_cmpuint (cs_login_view_get_n_callback_loads (cs_login_page_get_login_view (login_page (f))), ==, 0);
  g_assert_cmpuint (f->callback_hits, ==, 0);
}

/* ---- fixture ---------------------------------------------------------------- */

static void
callback_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Fixture *f = user_data;
  static const char body[] = "The wizard must never load this page.";

  f->callback_hits++;
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, body, strlen (body));
}

/* A loopback stand-in for app.marketo.com that counts every request. */
static void
start_callback_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  f->callback_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->callback_server, NULL, callback_handler, f, NULL);
  soup_server_listen_local (f->callback_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->callback_server);
  g_assert_nonnull (uris);
  f->callback_url = g_strdup_printf ("http://127.0.0.1:%d/salesforce/getSfdcOAuthTokensRedirect",
                                     g_uri_get_port (uris->data));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  use_loopback_callback)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  f->context = cs_setup_context_new (settings);
  cs_setup_context_set_environment (f->context, CS_ENVIRONMENT_PRACTICE);
  if (GPOINTER_TO_INT (use_loopback_callback) == TRUE)
    start_callback_server (f);
  /* Else the welcome page starts crm-sync-practice-org, as for an admin. */
  if (GPOINTER_TO_INT (use_loopback_callback) != CHILD_PRACTICE_ORG)
    {
      f->org = cs_ui_test_attach_practice_org_with_callback (f->context, f->callback_url);
      g_assert_no_error (error);
      g_assert_nonnull (f->org);
    }
  if (f->callback_url != NULL)
    g_assert_cmpstr (cs_setup_context_get_redirect_uri (f->context), ==, f->callback_url);

  f->window = cs_window_new (application, f->context);
  f->assistant = cs_window_get_assistant (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (f->window)), "the window");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Without a window manager no focus-out reaches a focused entry before
   * the window goes, and GtkText warns about it. */
  if (f->window != NULL)
    {
      gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
      gtk_window_destroy (GTK_WINDOW (f->window));
      f->window = NULL;
      f->assistant = NULL;
      /* Let WebKit and GTK finish what the destruction started. */
      cs_wizard_spin (200);
    }
  g_clear_object (&f->context);
  f->org = NULL;
  if (f->callback_server != NULL)
    soup_server_disconnect (f->callback_server);
  g_clear_object (&f->callback_server);
  g_clear_pointer (&f->callback_url, g_free);
}

/* ---- cases ------------------------------------------------------------------ */

static gboolean
window_shows_finished (Fixture *f)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->window));

  return GTK_IS_STACK (content) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (content)), "finished") == 0;
}

static char *
lookup_secret (CsSecretStore *store,
               const char    *connection_id,
               CsSecretKind   kind)
{
  g_autoptr(GError) error = NULL;
  char *secret = cs_secret_store_lookup_sync (store, connection_id, kind, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (secret);
  return secret;
}

static CsAccessPage *
access_page (Fixture *f)
{
  return CS_ACCESS_PAGE (cs_assistant_get_page (f->assistant, "access"));
}

static CsReviewPage *
review_page (Fixture *f)
{
  return CS_REVIEW_PAGE (cs_assistant_get_page (f->assistant, "review"));
}

static CsSyncPage *
sync_page (Fixture *f)
{
  return CS_SYNC_PAGE (cs_assistant_get_page (f->assistant, "sync"));
}

static CsReviewField *
find_shown_field (GListModel *model,
                  const char *object,
                  const char *api_name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (model, i);

      if (g_strcmp0 (cs_review_field_get_object (field), object) == 0 &&
          g_strcmp0 (cs_review_field_get_api_name (field), api_name) == 0)
        return field;  /* the model keeps it */
    }
  return NULL;
}

/* The live rows of @object in the connection's sync database. */
static gint64
count_synced_rows (Fixture    *f,
                   const char *object)
{
  g_autoptr(GError) error = NULL;
  CsSyncStatus *status = cs_setup_context_get_sync_status (f->context, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM \"%s\" WHERE _sync_deleted = 0", object);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 count;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (cs_sync_status_get_database_path (status), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return count;
}

/* Start Salesforce Sync (the first cycle's cost for this org), Start Sync
 * (the first cycle, the timer or the command to run instead: no systemd
 * user session here), and the status view showing the completed cycle;
 * the sync database then holds the org's leads. */
static void
go_through_record_sync (Fixture *f)
{
  CsSyncPlanPage *plan;
  CsSyncStartPage *start;
  CsSyncStatusPage *status_page;
  const CsSyncEstimate *estimate;
  CsCopyRow *watch_row;
  gint64 leads = cs_practice_org_get_n_records (f->org, "Lead");
  gboolean lead_estimated = FALSE;
  g_autofree char *units = NULL;

  wait_for (g_strcmp0 (current_page (f), "sync-plan") == 0, "Start Salesforce Sync");
  plan = CS_SYNC_PLAN_PAGE (cs_assistant_get_current_page (f->assistant));
  g_assert_cmpstr (cs_page_get_title (CS_PAGE (plan)), ==, T ("Start Salesforce Sync"));
  wait_for (cs_page_get_complete (CS_PAGE (plan)), "the first cycle's estimate");
  g_assert_false (cs_message_bar_is_shown (cs_sync_plan_page_get_error_bar (plan)));
  estimate = cs_sync_plan_page_get_estimate (plan);
  for (guint i = 0; i < estimate->objects->len; i++)
    {
      const CsSyncObjectEstimate *object = g_ptr_array_index (estimate->objects, i);

      if (g_strcmp0 (object->object, "Lead") == 0)
        {
          g_assert_cmpint (object->records, ==, leads);
          lead_estimated = TRUE;
        }
    }
  g_assert_true (lead_estimated);
  g_assert_cmpuint (estimate->api_calls, >, 0);
  g_assert_nonnull (gtk_list_box_get_row_at_index (cs_sync_plan_page_get_objects_list (plan), 0));
  screenshot (f, "sync-plan");

  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "sync-start") == 0, "Start Sync");
  start = CS_SYNC_START_PAGE (cs_assistant_get_current_page (f->assistant));
  g_assert_false (cs_page_get_complete (CS_PAGE (start)));
  screenshot (f, "sync-start");
  cs_wizard_click (cs_sync_start_page_get_start_button (start));
  wait_for (cs_sync_start_page_get_completed (start) && !cs_sync_start_page_get_installing (start),
            "the first cycle and the timer");
  g_assert_false (cs_message_bar_is_shown (cs_sync_start_page_get_error_bar (start)));
  g_assert_true (cs_page_get_complete (CS_PAGE (start)));
  g_assert_nonnull (gtk_list_box_get_row_at_index (cs_sync_start_page_get_progress_list (start), 0));
  /* No systemd user session in the tests: the command to run instead. */
  g_assert_nonnull (cs_sync_start_page_get_service_text (start));
  watch_row = cs_sync_start_page_get_watch_row (start);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (watch_row)));
  g_assert_nonnull (strstr (cs_copy_row_get_value (watch_row), "--watch"));
  g_assert_nonnull (strstr (cs_copy_row_get_value (watch_row), cs_setup_context_get_connection (f->context)->id));
  units = g_build_filename (g_get_user_config_dir (), "systemd", "user", "crm-sync@.timer", NULL);
  g_assert_true (g_file_test (units, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count_synced_rows (f, "Lead"), ==, leads);
  screenshot (f, "sync-start-done");

  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "sync-status") == 0, "the sync status");
  status_page = CS_SYNC_STATUS_PAGE (cs_assistant_get_current_page (f->assistant));
  wait_for (!cs_sync_status_page_get_busy (status_page) &&
            g_strcmp0 (cs_sync_status_page_get_state_text (status_page), T ("Last Synced")) == 0,
            "the completed cycle in the status view");
  g_assert_nonnull (gtk_list_box_get_row_at_index (cs_sync_status_page_get_objects_list (status_page), 0));
  screenshot (f, "sync-status");

  cs_wizard_press_next (f->assistant);
}

/* From the access check to the Connection Ready page, the way an admin
 * rehearsing with the practice org goes: the seeded access problems block
 * until fixed, one field is marked and hidden, the confirmation names the
 * count, the sync records exactly what was reviewed. */
static void
go_through_field_sync (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hide_list = NULL;
  g_autofree char *confirm_label = NULL;
  g_autofree char *count_text = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  CsFieldSync *sync;
  CsReviewField *fax;
  GListModel *shown;
  guint n_fields, n_new;

  wait_for (!cs_access_page_get_checking (access_page (f)), "the access check to end");
  g_assert_false (cs_message_bar_is_shown (cs_access_page_get_error_bar (access_page (f))));
  /* Lead.ConvertedDate hidden, no Delete on Campaign: blocking. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (cs_access_page_get_findings_list (access_page (f)), 1));
  g_assert_false (cs_page_get_complete (CS_PAGE (access_page (f))));
  g_assert_false (cs_assistant_can_go_next (f->assistant));
  screenshot (f, "access");

  /* What the admin does in Salesforce Setup, then "Check Again". */
  cs_practice_org_set_field_visible (f->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (f->org, "Campaign", "delete", TRUE);
  cs_wizard_click (GTK_BUTTON (cs_access_page_get_check_button (access_page (f))));
  wait_for (!cs_access_page_get_checking (access_page (f)), "the second check to end");
  wait_for (cs_page_get_complete (CS_PAGE (access_page (f))), "the access check to pass");
  screenshot (f, "access-ok");

  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "review") == 0, "the review page");
  sync = cs_setup_context_get_field_sync (f->context, &error);
  g_assert_no_error (error);
  n_fields = g_list_model_get_n_items (cs_field_sync_get_fields (sync));
  n_new = cs_field_sync_count_new_fields (sync);
  g_assert_cmpuint (n_new, ==, n_fields);
  shown = cs_review_page_get_shown_model (review_page (f));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_fields);
  g_assert_false (cs_page_get_complete (CS_PAGE (review_page (f))));
  screenshot (f, "review");

  /* Mark Lead.Fax as unwanted: the page lists it to hide in Salesforce. */
  cs_review_page_set_search_text (review_page (f), "fax");
  fax = find_shown_field (shown, "Lead", "Fax");
  g_assert_nonnull (fax);
  cs_review_field_set_unwanted (fax, TRUE);
  cs_review_page_flush (review_page (f));
  hide_list = cs_review_page_dup_hide_list_text (review_page (f));
  g_assert_nonnull (hide_list);
  g_assert_nonnull (strstr (hide_list, "(Fax)"));
  screenshot (f, "review-hide-list");

  /* Hidden in Salesforce, checked again: gone from the fields to sync. */
  cs_practice_org_set_field_visible (f->org, "Lead", "Fax", FALSE);
  cs_review_page_check_again (review_page (f));
  wait_for (!cs_review_page_get_checking (review_page (f)), "the review's check to end");
  cs_review_page_flush (review_page (f));
  g_assert_null (find_shown_field (cs_field_sync_get_fields (sync), "Lead", "Fax"));
  g_assert_null (cs_review_page_dup_hide_list_text (review_page (f)));
  cs_review_page_set_search_text (review_page (f), "");
  n_new = cs_field_sync_count_new_fields (sync);
  g_assert_cmpuint (n_new, ==, n_fields - 1);

  /* The confirmation names the count; it alone unlocks the sync. */
  confirm_label = g_strdup_printf ("%u", n_new);
  g_assert_nonnull (strstr (gtk_check_button_get_label (cs_review_page_get_confirm_check (review_page (f))),
                            confirm_label));
  g_assert_false (cs_assistant_can_go_next (f->assistant));
  gtk_check_button_set_active (cs_review_page_get_confirm_check (review_page (f)), TRUE);
  g_assert_true (cs_page_get_complete (CS_PAGE (review_page (f))));

  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "sync") == 0, "the sync page");
  wait_for (cs_page_get_complete (CS_PAGE (sync_page (f))), "the fields to be recorded");
  g_assert_false (cs_message_bar_is_shown (cs_sync_page_get_error_bar (sync_page (f))));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (cs_sync_page_get_progress_bar (sync_page (f))), ==, 1.0);
  count_text = g_strdup_printf ("%u", n_new);
  g_assert_cmpstr (cs_sync_page_get_count_text (sync_page (f), CS_SYNC_PAGE_COUNT_NEW), ==, count_text);
  catalog = cs_field_catalog_new (cs_setup_context_get_connection_store (f->context, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_field_catalog_count (catalog, cs_setup_context_get_connection (f->context)->id, NULL),
                   ==, n_new);
  screenshot (f, "sync");

  cs_wizard_press_next (f->assistant);
  go_through_record_sync (f);
  wait_for (window_shows_finished (f), "the Connection Ready page");
  screenshot (f, "finished");
}

/* Gone and reaped (GSubprocess reaps the wizard's child). */
static gboolean
process_exited (GPid pid)
{
  return kill (pid, 0) != 0 && errno == ESRCH;
}

/* The first Fix button of the access page's findings, or NULL. */
static GtkButton *
first_fix_button (Fixture *f)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cs_wizard_collect_widgets (GTK_WIDGET (cs_access_page_get_findings_list (access_page (f))),
                             GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (buttons, i)), "fix-button") == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

/* How many child processes of this one are WebKit's (web, network). */
static guint
count_webkit_children (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/children", tid);
      g_autofree char *children = NULL;
      g_auto(GStrv) pids = NULL;

      if (!g_file_get_contents (path, &children, NULL, NULL))
        continue;
      pids = g_strsplit (g_strstrip (children), " ", 0);
      for (guint i = 0; pids[i] != NULL; i++)
        {
          g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", pids[i]);
          g_autofree char *comm = NULL;

          if (*pids[i] != '\0' && g_file_get_contents (comm_path, &comm, NULL, NULL) &&
              g_str_has_prefix (comm, "WebKit"))
            n++;
        }
    }
  return n;
}

/* Issue 11: the first frame waits for the welcome page only. Nothing of
 * WebKit before the login page (no page made, no web or network process),
 * no practice org before the admin goes on with it. */
static void
test_first_frame_light (Fixture       *f,
                        gconstpointer  data)
{
  wait_for (g_strcmp0 (current_page (f), "welcome") == 0, "the welcome page");
  cs_wizard_spin (500);
  g_assert_null (cs_assistant_peek_page (f->assistant, "login"));
  g_assert_null (cs_assistant_peek_page (f->assistant, "review"));
  g_assert_null (cs_assistant_peek_page (f->assistant, "access"));
  g_assert_null (cs_setup_context_get_practice_org (f->context));
  g_assert_cmpuint (count_webkit_children (), ==, 0);

  /* The login page brings them. */
  go_to_login (f);
  g_assert_nonnull (cs_assistant_peek_page (f->assistant, "login"));
  cs_wizard_wait_for_login_form (f->assistant);
  g_assert_cmpuint (count_webkit_children (), >, 0);
}

/* The practice org as an admin gets it: the child process the wizard
 * started. Killed while the login page shows, it leaves the wizard up with
 * a message and a Restart button; the new org's app and passwords are
 * filled in, the login goes through with the code from its mailbox, the
 * access page's Fix buttons change it through its control lines, and
 * closing the wizard stops it. */
static void
test_practice_org_child (Fixture       *f,
                         gconstpointer  data)
{
  CsPracticeProcess *process;
  CsMessageBar *message;
  GtkButton *fix;
  GPid pid;
  GPid new_pid;
  guint n_fixed = 0;

  g_assert_null (cs_setup_context_get_practice_org (f->context));
  go_to_login (f);
  process = cs_setup_context_get_practice_org (f->context);
  pid = cs_practice_process_get_pid (process);
  g_assert_cmpint (pid, >, 0);
  cs_wizard_wait_for_login_form (f->assistant);

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  message = cs_login_page_get_message_bar (login_page (f));
  wait_for (cs_message_bar_is_shown (message), "the practice org's end on the login page");
  g_assert_false (cs_practice_process_get_running (process));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  g_assert_cmpstr (current_page (f), ==, "login");
  cs_wizard_assert_message_bar (message, CS_MESSAGE_ERROR, T ("_Restart Practice Org"),
                                "login.restart-practice");
  g_assert_cmpstr (cs_login_page_get_state_name (login_page (f)), ==, "stopped");
  screenshot (f, "login-practice-stopped");
  wait_for (process_exited (pid), "the killed org to be gone");

  cs_wizard_click (cs_wizard_message_bar_button (message));
  cs_wizard_wait_for_login_form (f->assistant);
  process = cs_setup_context_get_practice_org (f->context);
  new_pid = cs_practice_process_get_pid (process);
  g_assert_cmpint (new_pid, >, 0);
  g_assert_cmpint (new_pid, !=, pid);
  /* The new org's app, filled in for the admin. */
  g_assert_cmpstr (cs_setup_context_get_consumer_key (f->context), ==,
                   cs_practice_process_get_consumer_key (process));
  g_assert_false (cs_message_bar_is_shown (message));

  cs_wizard_log_in_in_view (f->assistant, NULL, cs_practice_process_get_sync_username (process),
                            cs_practice_process_get_sync_password (process), TRUE);
  wait_for_confirm (f);
  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "access") == 0, "the access check");
  wait_for (!cs_access_page_get_checking (access_page (f)), "the access check to end");
  g_assert_false (cs_page_get_complete (CS_PAGE (access_page (f))));

  /* The seeded problems, one Fix after the other (each checks again). */
  while ((fix = first_fix_button (f)) != NULL)
    {
      g_assert_cmpuint (n_fixed, <, 10);
      cs_wizard_click (fix);
      n_fixed++;
      wait_for (cs_access_page_get_checking (access_page (f)) ||
                cs_message_bar_is_shown (cs_access_page_get_error_bar (access_page (f))),
                "the check after a fix");
      wait_for (!cs_access_page_get_checking (access_page (f)), "the check after a fix to end");
      g_assert_false (cs_message_bar_is_shown (cs_access_page_get_error_bar (access_page (f))));
    }
  g_assert_cmpuint (n_fixed, >=, 2);
  g_assert_true (cs_page_get_complete (CS_PAGE (access_page (f))));

  /* Closing the wizard stops its practice org. */
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  f->assistant = NULL;
  cs_wizard_spin (200);
  g_clear_object (&f->context);
  wait_for (process_exited (new_pid), "the org to stop with the wizard");
}

/* The whole way, as the sync user: login in the view, Confirm, keyring,
 * then the field sync. */
static void
test_login_and_confirm (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *connection_id = NULL;
  char *key, *secret, *stored_refresh_token;
  CsConfirmPage *confirm;
  const char *sync_username = cs_practice_org_get_sync_username (f->org);

  go_to_login (f);
  g_assert_false (cs_page_get_complete (CS_PAGE (login_page (f))));
  g_assert_cmpstr (cs_page_get_title (CS_PAGE (login_page (f))), ==, T ("Log In with Salesforce"));
  cs_wizard_wait_for_login_form (f->assistant);
  screenshot (f, "login");

  cs_wizard_log_in_in_view (f->assistant, f->org, sync_username, cs_practice_org_get_sync_password (f->org), TRUE);
  wait_for_confirm (f);
  assert_callback_never_requested (f);

  confirm = confirm_page (f);
  g_assert_cmpstr (cs_page_get_next_label (CS_PAGE (confirm)), ==, T ("Confirm _Credentials"));
  g_assert_cmpint (g_ascii_strcasecmp (cs_confirm_page_get_shown_username (confirm), sync_username), ==, 0);
  g_assert_false (cs_message_bar_is_shown (cs_confirm_page_get_user_bar (confirm)));
  g_assert_false (cs_message_bar_is_shown (cs_confirm_page_get_admin_bar (confirm)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (cs_confirm_page_get_acknowledge_check (confirm))));
  g_assert_true (cs_page_get_complete (CS_PAGE (confirm)));
  screenshot (f, "confirm");

  refresh_token = g_strdup (cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context)));
  access_token = g_strdup (cs_token_set_get_access_token (cs_setup_context_get_tokens (f->context)));
  g_assert_nonnull (refresh_token);
  g_assert_nonnull (access_token);

  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "access") == 0, "the access check");

  connection_id = g_strdup (cs_setup_context_get_connection (f->context)->id);
  key = lookup_secret (store, connection_id, CS_SECRET_KIND_CONSUMER_KEY);
  secret = lookup_secret (store, connection_id, CS_SECRET_KIND_CONSUMER_SECRET);
  stored_refresh_token = lookup_secret (store, connection_id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_cmpstr (key, ==, cs_practice_org_get_consumer_key (f->org));
  g_assert_cmpstr (secret, ==, cs_practice_org_get_consumer_secret (f->org));
  g_assert_cmpstr (stored_refresh_token, ==, refresh_token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, stored_refresh_token));
  cs_secret_free (key);
  cs_secret_free (secret);
  cs_secret_free (stored_refresh_token);

  /* Nothing secret on disk: not the key, the secret or a token. */
  cs_test_assert_no_file_contains (cs_practice_org_get_consumer_key (f->org));
  cs_test_assert_no_file_contains (cs_practice_org_get_consumer_secret (f->org));
  cs_test_assert_no_file_contains (refresh_token);
  cs_test_assert_no_file_contains (access_token);

  go_through_field_sync (f);

  /* Still nothing secret on disk once the fields are recorded. */
  cs_test_assert_no_file_contains (refresh_token);
  cs_test_assert_no_file_contains (access_token);
}

/* What "done" means for the connection lifecycle, the whole way from the
 * first page with nothing but the wizard: set a connection up, break it in
 * the practice org (its Setup, from the credential review), and repair it
 * from the welcome page: it says which connection needs re-authorization,
 * and the guided re-authorization makes it work again, its fields kept. */
static void
test_break_and_repair (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CsCredentialReviewPage *review;
  CsWelcomePage *welcome;
  CsConnectionRow *row;
  const char *username = cs_practice_org_get_sync_username (f->org);
  const char *password = cs_practice_org_get_sync_password (f->org);

  go_to_login (f);
  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, TRUE);
  wait_for_confirm (f);
  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "access") == 0, "the access check");
  go_through_field_sync (f);
  connection = cs_connection_copy (cs_setup_context_get_connection (f->context));
  before = cs_test_catalog_dump (cs_setup_context_get_connection_store (f->context, NULL), connection->id);

  /* From "Connection Ready" to what is stored, where the practice org's
   * Setup can end the authorization. */
  cs_wizard_click (cs_wizard_get_button (f->window, T ("_Review Stored Credentials")));
  wait_for (g_strcmp0 (current_page (f), "credential-review") == 0, "the credential review");
  review = CS_CREDENTIAL_REVIEW_PAGE (cs_assistant_get_page (f->assistant, "credential-review"));
  wait_for (cs_credential_review_page_open_connection (review, connection->id), "the new connection");
  screenshot (f, "stored-credentials-practice");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.practice-revoke", NULL));
  /* The practice org's answer to its control line. */
  wait_for (cs_message_bar_is_shown (cs_credential_review_page_get_message_bar (review)), "the org's answer");
  cs_wizard_assert_message_bar (cs_credential_review_page_get_message_bar (review), CS_MESSAGE_INFO, NULL, NULL);

  /* Back to the welcome page: it finds the connection refused. */
  gtk_widget_activate_action (GTK_WIDGET (f->assistant), "assistant.back", NULL);
  wait_for (g_strcmp0 (current_page (f), "welcome") == 0, "the welcome page");
  welcome = CS_WELCOME_PAGE (cs_assistant_get_page (f->assistant, "welcome"));
  gtk_widget_activate (cs_wizard_get_widget (welcome, "task_reauthorize_row"));
  wait_for ((row = cs_welcome_page_get_connection_row (welcome, connection->id)) != NULL &&
            !cs_welcome_page_is_checking (welcome) &&
            cs_connection_row_get_health (row) == CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION,
            "the connection shown as needing re-authorization");
  g_assert_cmpstr (cs_welcome_page_get_chosen_connection (welcome), ==, connection->id);

  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "reauthorize") == 0, "the re-authorization");
  cs_wizard_press_next (f->assistant);
  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, TRUE);
  wait_for_confirm (f);
  cs_wizard_press_next (f->assistant);
  wait_for (g_strcmp0 (current_page (f), "access") == 0, "the quick check");
  wait_for (cs_page_get_complete (CS_PAGE (access_page (f))), "the access check to pass");
  cs_wizard_press_next (f->assistant);
  wait_for (window_shows_finished (f), "the last page");
  g_assert_true (cs_wizard_shows_text (GTK_WIDGET (f->window), T ("Connection Works Again"), FALSE));

  after = cs_test_catalog_dump (cs_setup_context_get_connection_store (f->context, NULL), connection->id);
  g_assert_cmpstr (after, ==, before);
  {
    g_autoptr(CsConnectionVault) vault = g_object_ref (cs_setup_context_get_vault (f->context, NULL));
    g_autoptr(CsVaultEntry) entry = cs_connection_vault_load_sync (vault, connection->id, NULL, NULL);
    g_autoptr(GAsyncResult) forgotten = NULL;

    g_assert_nonnull (entry);
    g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, entry->refresh_token));
    g_assert_null (entry->connection->reauth_reason);
    /* Nothing left for the cases after this one. */
    cs_connection_vault_forget_async (vault, connection->id, CS_FORGET_FORCE, NULL, cs_test_store_result, &forgotten);
    g_assert_true (cs_connection_vault_forget_finish (vault, cs_test_await (&forgotten), NULL, NULL, NULL));
  }
}

/* Deny on "Allow Access?": a clear message, and "Log In Again" works. */
static void
test_deny_then_allow (Fixture       *f,
                      gconstpointer  data)
{
  CsMessageBar *bar;
  g_autofree char *first_state = NULL;
  const char *username = cs_practice_org_get_sync_username (f->org);
  const char *password = cs_practice_org_get_sync_password (f->org);

  go_to_login (f);
  first_state = g_strdup (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)));
  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, FALSE);

  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "stopped") == 0,
            "the login to stop");
  g_assert_cmpstr (current_page (f), ==, "login");
  g_assert_null (cs_setup_context_get_tokens (f->context));
  g_assert_false (cs_page_get_complete (CS_PAGE (login_page (f))));
  bar = cs_login_page_get_message_bar (login_page (f));
  cs_wizard_assert_message_bar (bar, CS_MESSAGE_ERROR, T ("_Log In Again"), "login.restart");
  cs_wizard_assert_message_mentions (bar, "denied");
  screenshot (f, "login-denied");
  /* The Marketo callback: caught, never fetched. */
  g_assert_cmpuint (cs_login_view_get_n_callbacks_intercepted (cs_login_page_get_login_view (login_page (f))), ==, 1);
  g_assert_cmpuint (cs_login_view_get_n_callback_loads (cs_login_page_get_login_view (login_page (f))), ==, 0);

  cs_wizard_click (cs_wizard_message_bar_button (bar));
  g_assert_false (cs_message_bar_is_shown (bar));
  /* A new attempt: new state and PKCE verifier. */
  g_assert_cmpstr (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)), !=, first_state);

  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, TRUE);
  wait_for_confirm (f);
  g_assert_cmpuint (cs_login_view_get_n_callbacks_intercepted (cs_login_page_get_login_view (login_page (f))), ==, 2);
  g_assert_cmpuint (cs_login_view_get_n_callback_loads (cs_login_page_get_login_view (login_page (f))), ==, 0);
  g_assert_true (cs_page_get_complete (CS_PAGE (confirm_page (f))));
}

/* A wrong password: the practice org says so on its login page; the right
 * one then goes through. */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  static const char *login_form[] = { "username", NULL };
  static const char *error_script =
    "const box = document.querySelector('#error, .error, .loginError, [role=alert]');"
    "return box ? box.textContent.trim() : '';";
  g_autofree char *found = NULL;
  g_autofree char *error_text = NULL;
  const char *username = cs_practice_org_get_sync_username (f->org);

  go_to_login (f);
  cs_wizard_wait_for_login_form (f->assistant);
  cs_wizard_submit_login_form (login_view (f), username, "not-the-password");

  found = cs_wizard_wait_for_element (login_view (f), login_form, TRUE);
  g_assert_cmpstr (found, ==, "username");
  error_text = cs_wizard_run_js (login_view (f), error_script, NULL);
  g_test_message ("The practice org says: %s", error_text);
  g_assert_nonnull (error_text);
  g_assert_cmpstr (error_text, !=, "");
  g_assert_cmpstr (current_page (f), ==, "login");
  g_assert_cmpstr (cs_login_page_get_state_name (login_page (f)), ==, "web");
  g_assert_false (cs_message_bar_is_shown (cs_login_page_get_message_bar (login_page (f))));

  cs_wizard_log_in_in_view (f->assistant, f->org, username, cs_practice_org_get_sync_password (f->org), TRUE);
  wait_for_confirm (f);
  assert_callback_never_requested (f);
}

/* The administrator instead of the sync user: warnings, and Confirm stays
 * off until the admin logs in again or ticks the box. */
static void
test_admin_instead_of_sync_user (Fixture       *f,
                                 gconstpointer  data)
{
  CsConfirmPage *confirm;
  GtkCheckButton *check;
  CsMessageBar *user_bar;
  const char *admin_username = cs_practice_org_get_admin_username (f->org);
  const char *sync_username = cs_practice_org_get_sync_username (f->org);

  go_to_login (f);
  cs_wizard_log_in_in_view (f->assistant, f->org, admin_username, cs_practice_org_get_admin_password (f->org), TRUE);
  wait_for_confirm (f);
  assert_callback_never_requested (f);

  confirm = confirm_page (f);
  g_assert_cmpint (g_ascii_strcasecmp (cs_confirm_page_get_shown_username (confirm), admin_username), ==, 0);
  user_bar = cs_confirm_page_get_user_bar (confirm);
  cs_wizard_assert_message_bar (user_bar, CS_MESSAGE_WARNING, T ("_Log In Again"), "confirm.log-in-again");
  g_assert_nonnull (strstr (cs_message_bar_get_message (user_bar), admin_username));
  g_assert_nonnull (strstr (cs_message_bar_get_message (user_bar), sync_username));
  g_assert_true (cs_identity_get_is_admin (cs_setup_context_get_identity (f->context)));
  cs_wizard_assert_message_bar (cs_confirm_page_get_admin_bar (confirm), CS_MESSAGE_WARNING, NULL, NULL);
  cs_wizard_assert_message_mentions (cs_confirm_page_get_admin_bar (confirm), "administrator");

  /* Incomplete until the explicit tick… */
  check = cs_confirm_page_get_acknowledge_check (confirm);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (check)));
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_false (cs_page_get_complete (CS_PAGE (confirm)));
  g_assert_false (cs_assistant_can_go_next (f->assistant));
  screenshot (f, "confirm-not-sync-user");
  gtk_widget_activate (GTK_WIDGET (check));
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_true (cs_page_get_complete (CS_PAGE (confirm)));
  gtk_widget_activate (GTK_WIDGET (check));
  g_assert_false (cs_page_get_complete (CS_PAGE (confirm)));

  /* …or a new login, this time as the sync user. */
  cs_wizard_click (cs_wizard_message_bar_button (user_bar));
  g_assert_null (cs_setup_context_get_tokens (f->context));
  cs_wizard_log_in_in_view (f->assistant, f->org, sync_username, cs_practice_org_get_sync_password (f->org), TRUE);
  wait_for_confirm (f);
  confirm = confirm_page (f);
  g_assert_cmpint (g_ascii_strcasecmp (cs_confirm_page_get_shown_username (confirm), sync_username), ==, 0);
  g_assert_false (cs_message_bar_is_shown (cs_confirm_page_get_user_bar (confirm)));
  g_assert_false (cs_message_bar_is_shown (cs_confirm_page_get_admin_bar (confirm)));
  g_assert_false (gtk_check_button_get_active (cs_confirm_page_get_acknowledge_check (confirm)));
  g_assert_true (cs_page_get_complete (CS_PAGE (confirm)));
}

/* The browser fallback: the admin logs in elsewhere and pastes the address
 * the browser ended on. (The forms are driven over HTTP, as a browser would.) */
static void
test_paste_from_browser (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *final_address = NULL;
  GtkExpander *expander = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) expanders = g_ptr_array_new ();
  CsOAuthRequest *request;

  go_to_login (f);
  cs_wizard_wait_for_login_form (f->assistant);

  cs_wizard_collect_widgets (GTK_WIDGET (login_page (f)), GTK_TYPE_EXPANDER, expanders);
  g_assert_cmpuint (expanders->len, ==, 1);
  expander = g_ptr_array_index (expanders, 0);
  gtk_expander_set_expanded (expander, TRUE);
  cs_wizard_collect_widgets (GTK_WIDGET (expander), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 1);

  /* Something else first: refused, with an explanation. */
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "https://example.com/somewhere");
  g_signal_emit_by_name (g_ptr_array_index (entries, 0), "activate");
  cs_wizard_assert_message_bar (cs_login_page_get_message_bar (login_page (f)), CS_MESSAGE_ERROR, NULL, NULL);
  g_assert_cmpstr (cs_login_page_get_state_name (login_page (f)), ==, "web");

  request = cs_setup_context_get_pending_request (f->context);
  authorize_uri = cs_oauth_request_build_authorize_uri (request);
  final_address = cs_test_drive_login (f->org, authorize_uri,
                                       cs_practice_org_get_sync_username (f->org),
                                       cs_practice_org_get_sync_password (f->org),
                                       TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cs_oauth_request_is_callback (request, final_address));

  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), final_address);
  g_signal_emit_by_name (g_ptr_array_index (entries, 0), "activate");
  /* The address carries the code: gone from the entry at once. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (entries, 0))), ==, "");
  wait_for_confirm (f);
  g_assert_true (cs_page_get_complete (CS_PAGE (confirm_page (f))));
  g_assert_cmpuint (f->callback_hits, ==, 0);
}

/* A fault of the org (the app is blocked): the core's message, and "Log In
 * Again" works once the Salesforce admin fixed it. */
static void
test_app_blocked (Fixture       *f,
                  gconstpointer  data)
{
  CsMessageBar *bar;
  const char *username = cs_practice_org_get_sync_username (f->org);
  const char *password = cs_practice_org_get_sync_password (f->org);

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_APP_BLOCKED, TRUE);
  go_to_login (f);
  cs_wizard_pass_login_and_code (f->assistant, f->org, username, password);

  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "stopped") == 0,
            "the login to stop");
  bar = cs_login_page_get_message_bar (login_page (f));
  cs_wizard_assert_message_bar (bar, CS_MESSAGE_ERROR, T ("_Log In Again"), "login.restart");
  cs_wizard_assert_message_mentions (bar, "blocked");
  g_assert_false (cs_page_get_complete (CS_PAGE (login_page (f))));
  assert_callback_never_requested (f);

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_APP_BLOCKED, FALSE);
  cs_wizard_click (cs_wizard_message_bar_button (bar));
  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, TRUE);
  wait_for_confirm (f);
}

/* Back while the code is being exchanged: the exchange is cancelled, no
 * login is kept, and coming back starts a new attempt. */
static void
test_leave_while_checking (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *first_state = NULL;
  const char *username = cs_practice_org_get_sync_username (f->org);
  const char *password = cs_practice_org_get_sync_password (f->org);

  go_to_login (f);
  first_state = g_strdup (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)));
  cs_wizard_pass_login_and_code (f->assistant, f->org, username, password);
  cs_wizard_wait_for_consent (f->assistant);
  /* Slow token endpoint: time to leave while the exchange runs. */
  cs_practice_org_set_latency_ms (f->org, 1500);
  cs_wizard_click_element (login_view (f), "oaapprove");
  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "checking") == 0,
            "the code exchange");
  g_assert_true (cs_assistant_can_go_back (f->assistant));
  gtk_widget_activate_action (GTK_WIDGET (f->assistant), "assistant.back", NULL);
  wait_for (g_strcmp0 (current_page (f), "credentials") == 0, "the credentials page");

  cs_wizard_spin (3000);
  g_assert_null (cs_setup_context_get_tokens (f->context));
  g_assert_null (cs_setup_context_get_identity (f->context));
  cs_practice_org_set_latency_ms (f->org, 0);

  cs_wizard_press_next (f->assistant);
  cs_wizard_wait_for_login_form (f->assistant);
  g_assert_cmpstr (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)), !=, first_state);

  /* Again, but back on the login page before the cancelled exchange has
   * ended: the page starts a new attempt rather than wait for the old one
   * (whose end, when it comes, changes nothing). Without animations the
   * page is hidden at once, not at the end of a slide. */
  g_clear_pointer (&first_state, g_free);
  first_state = g_strdup (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)));
  cs_wizard_pass_login_and_code (f->assistant, f->org, username, password);
  cs_wizard_wait_for_consent (f->assistant);
  cs_practice_org_set_latency_ms (f->org, 1500);
  cs_wizard_click_element (login_view (f), "oaapprove");
  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "checking") == 0,
            "the code exchange");
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (f->window)), "gtk-enable-animations", FALSE, NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->assistant), "assistant.back", NULL);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (login_page (f))));
  g_assert_true (cs_assistant_go_to (f->assistant, "login"));
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (f->window)), "gtk-enable-animations", TRUE, NULL);
  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "web") == 0,
            "a new login attempt");
  g_assert_cmpstr (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)), !=, first_state);

  cs_wizard_spin (3000);
  g_assert_cmpstr (cs_login_page_get_state_name (login_page (f)), ==, "web");
  g_assert_null (cs_setup_context_get_tokens (f->context));
  cs_practice_org_set_latency_ms (f->org, 0);
  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, TRUE);
  wait_for_confirm (f);
}

/* The consumer key and secret change while the code is being exchanged:
 * the tokens that exchange brings belong to the old settings. The login
 * page takes the context's refusal quietly and starts a new attempt. */
static void
test_settings_changed_while_checking (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *first_state = NULL;
  const char *username = cs_practice_org_get_sync_username (f->org);
  const char *password = cs_practice_org_get_sync_password (f->org);

  go_to_login (f);
  first_state = g_strdup (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)));
  cs_wizard_pass_login_and_code (f->assistant, f->org, username, password);
  cs_wizard_wait_for_consent (f->assistant);
  cs_practice_org_set_latency_ms (f->org, 1500);
  cs_wizard_click_element (login_view (f), "oaapprove");
  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "checking") == 0,
            "the code exchange");

  /* Another app's values, then the practice app's again: the same values
   * in the end, but the login in flight was started under others. */
  cs_setup_context_set_client_credentials (f->context, "3MVG9A2kN8Bl7EXAMPLE.another_app_0123456789",
                                           "A1B2C3D4E5F60718293A4B5C6D7E8F90");
  cs_setup_context_set_client_credentials (f->context, cs_practice_org_get_consumer_key (f->org),
                                           cs_practice_org_get_consumer_secret (f->org));

  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "web") == 0,
            "a new login attempt");
  g_assert_cmpstr (current_page (f), ==, "login");
  g_assert_null (cs_setup_context_get_tokens (f->context));
  g_assert_null (cs_setup_context_get_identity (f->context));
  g_assert_false (cs_message_bar_is_shown (cs_login_page_get_message_bar (login_page (f))));
  g_assert_cmpstr (cs_oauth_request_get_state (cs_setup_context_get_pending_request (f->context)), !=, first_state);

  cs_practice_org_set_latency_ms (f->org, 0);
  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, TRUE);
  wait_for_confirm (f);
}

/* Confirm is left while it stores the login (the admin went to another
 * page), and the credentials page is saving when Confirm's cancelled apply
 * finally ends: Cancel must still stop the credentials page. */
static void
test_late_apply_end_keeps_cancel (Fixture       *f,
                                  gconstpointer  data)
{
  CsPage *credentials;
  CsPage *confirm;

  go_to_login (f);
  cs_wizard_log_in_in_view (f->assistant, f->org, cs_practice_org_get_sync_username (f->org),
                  cs_practice_org_get_sync_password (f->org), TRUE);
  wait_for_confirm (f);
  confirm = CS_PAGE (confirm_page (f));
  credentials = cs_assistant_get_page (f->assistant, "credentials");

  cs_wizard_press_next (f->assistant);
  g_assert_true (cs_page_get_applying (confirm));
  g_assert_true (cs_assistant_go_to (f->assistant, "credentials"));
  cs_wizard_press_next (f->assistant);
  g_assert_true (cs_page_get_applying (credentials));

  /* Confirm's end comes first: it has no keyring round trip left to do. */
  wait_for (!cs_page_get_applying (confirm), "Confirm's cancelled apply to end");
  g_assert_true (cs_page_get_applying (credentials));
  g_assert_cmpstr (current_page (f), ==, "credentials");

  gtk_widget_activate_action (GTK_WIDGET (f->assistant), "assistant.cancel", NULL);
  wait_for (!cs_page_get_applying (credentials), "the credentials page to stop");
  g_assert_cmpstr (current_page (f), ==, "credentials");
  g_assert_true (cs_assistant_can_go_next (f->assistant));
}

/* An IPv6 host is shown the way it is written in an address, with its
 * brackets: "[::1]:PORT", not "::1:PORT". */
static void
test_ipv6_host_in_message (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *shown = NULL;
  CsMessageBar *bar;
  guint16 port;

  /* A port nothing listens on (any more). */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  go_to_login (f);
  cs_wizard_wait_for_login_form (f->assistant);
  uri = g_strdup_printf ("http://[::1]:%u/secur/frontdoor.jsp", port);
  webkit_web_view_load_uri (login_view (f), uri);

  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "stopped") == 0,
            "the login to stop");
  bar = cs_login_page_get_message_bar (login_page (f));
  cs_wizard_assert_message_bar (bar, CS_MESSAGE_ERROR, T ("_Try Again"), "login.restart");
  shown = g_strdup_printf ("[::1]:%u", port);
  g_assert_nonnull (strstr (cs_message_bar_get_message (bar), shown));
}

/* A self-signed certificate for 127.0.0.1 that nothing trusts (made for
 * this test, not a secret): the login view must refuse the connection. */
static const char untrusted_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBoDCCAUagAwIBAgIUbU7hBiBZV0va4kklNfdZXdjvmHgwCgYIKoZIzj0EAwIw\n"
  "HDEaMBgGA1UEAwwRdW50cnVzdGVkLmludmFsaWQwIBcNMjYxMTI4MTMyNDQ5WhgP\n"
  "MjEyNjExMDQxMzI0NDlaMBwxGjAYBgNVBAMMEXVudHJ1c3RlZC5pbnZhbGlkMFkw\n"
  "EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/nWMT68uhoGWhHiMv41DRT9JQkf8eJT3\n"
  "zpEf16d2yKfFAoX+zVhi0BZjFhjtfT+k7M/OAdUy2PsZ3thUgmLzbKNkMGIwHQYD\n"
  "VR0OBBYEFOQbBEUIJi5/NCxA0n7U6ctXKT7nMB8GA1UdIwQYMBaAFOQbBEUIJi5/\n"
  "NCxA0n7U6ctXKT7nMA8GA1UdEwEB/wQFMAMBAf8wDwYDVR0RBAgwBocEfwAAATAK\n"
  "BggqhkjOPQQDAgNIADBFAiAUZIEsMrCRTz315RQvE2+DL9OLsOvljIkZ0giHEK0K\n"
  "vwIhAOlrvBu7Goh/1ERQuAttIi/HygsjZKWUI/LoeCGciZGl\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgB8CG0XOVkIjRHiYe\n"
  "46+n/3/YeZmlrjD7TkGUZ75RsKyhRANCAAT+dYxPry6GgZaEeIy/jUNFP0lCR/x4\n"
  "lPfOkR/Xp3bIp8UChf7NWGLQFmMWGO19P6Tsz84B1TLY+xne2FSCYvNs\n"
  "-----END PRIVATE KEY-----\n";

static void
tls_handler (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  guint *hits = user_data;
  static const char body[] = "<html><body><form><input id=\"username\"></form></body></html>";

  (*hits)++;
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, body, strlen (body));
}

/* A certificate problem on the way (say, an intercepting proxy): the login
 * stops, says why, and offers to start again; nothing is shown from the
 * untrusted host. */
static void
test_tls_failure_fails_closed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *host = NULL;
  CsMessageBar *bar;
  guint hits = 0;

  certificate = g_tls_certificate_new_from_pem (untrusted_pem, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, tls_handler, &hits, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  host = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uris->data));
  uri = g_strdup_printf ("https://%s/secur/frontdoor.jsp", host);

  go_to_login (f);
  cs_wizard_wait_for_login_form (f->assistant);
  /* As if the login had sent the view there. */
  webkit_web_view_load_uri (login_view (f), uri);

  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (f)), "stopped") == 0,
            "the login to stop");
  bar = cs_login_page_get_message_bar (login_page (f));
  cs_wizard_assert_message_bar (bar, CS_MESSAGE_ERROR, T ("_Try Again"), "login.restart");
  g_assert_nonnull (strstr (cs_message_bar_get_message (bar), host));
  cs_wizard_assert_message_mentions (bar, "certificate");
  g_assert_cmpuint (hits, ==, 0);
  g_assert_null (cs_setup_context_get_tokens (f->context));

  cs_wizard_click (cs_wizard_message_bar_button (bar));
  cs_wizard_wait_for_login_form (f->assistant);
  g_assert_false (cs_message_bar_is_shown (bar));
  soup_server_disconnect (server);
}

/* The practice mailbox shows the code the practice org e-mailed. */
static void
test_practice_mailbox (Fixture       *f,
                       gconstpointer  data)
{
  static const char *after_login[] = { "emc", "oaapprove", NULL };
  g_autofree char *found = NULL;
  g_autofree char *code = NULL;
  const char *username = cs_practice_org_get_sync_username (f->org);

  go_to_login (f);
  cs_wizard_wait_for_login_form (f->assistant);
  cs_wizard_submit_login_form (login_view (f), username, cs_practice_org_get_sync_password (f->org));
  found = cs_wizard_wait_for_element (login_view (f), after_login, TRUE);
  if (g_strcmp0 (found, "emc") != 0)
    {
      g_test_skip ("The practice org asked for no verification code");
      return;
    }

  code = cs_practice_org_get_last_code (f->org, username);
  g_assert_nonnull (code);
  wait_for (cs_wizard_shows_text (GTK_WIDGET (login_page (f)), code, FALSE), "the code in the practice mailbox");
  screenshot (f, "login-code");
}

/* The keyring refuses a renewed refresh token during the field sync: the
 * window shows what to do above the pages, will not close (that would
 * lose the only working token), and Try Again stores it. */
static void
test_keyring_refuses_rotated_token (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GDBusConnection) prompter = NULL;
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *location = NULL;
  g_autofree char *stored = NULL;
  CsMessageBar *bar = cs_window_get_keyring_bar (f->window);
  const char *connection_id;
  const char *rotated;
  CsFieldSync *sync;

  if (!cs_test_have_test_keyring ())
    return;
  cs_setup_context_set_client_credentials (f->context, cs_practice_org_get_consumer_key (f->org),
                                           cs_practice_org_get_consumer_secret (f->org));
  authorize_uri = cs_oauth_request_build_authorize_uri (cs_setup_context_begin_authorization (f->context));
  location = cs_test_drive_login (f->org, authorize_uri, cs_practice_org_get_sync_username (f->org),
                                  cs_practice_org_get_sync_password (f->org), TRUE, &error);
  g_assert_no_error (error);
  cs_setup_context_complete_login_async (f->context, location, NULL, cs_test_store_result, &logged_in);
  g_assert_true (cs_setup_context_complete_login_finish (f->context, cs_test_await (&logged_in), &error));
  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &confirmed);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&confirmed), &error));
  g_assert_no_error (error);
  connection_id = cs_setup_context_get_connection (f->context)->id;
  g_assert_false (cs_message_bar_is_shown (bar));

  prompter = cs_test_keyring_claim_prompter ();
  if (prompter == NULL)
    return;
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  sync = cs_setup_context_get_field_sync (f->context, &error);
  g_assert_no_error (error);
  cs_test_keyring_lock_default (service);
  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &checked);
  findings = cs_field_sync_check_finish (sync, cs_test_await (&checked), &error);
  g_assert_no_error (error);
  wait_for (cs_message_bar_is_shown (bar), "the keyring error above the pages");
  cs_test_keyring_unlock_default (service);

  g_assert_cmpint (cs_message_bar_get_message_type (bar), ==, CS_MESSAGE_ERROR);
  g_assert_nonnull (strstr (cs_message_bar_get_message (bar), "Try Again"));
  screenshot (f, "keyring-refused-token");

  /* Closing would lose the token: refused. */
  gtk_window_close (GTK_WINDOW (f->window));
  cs_wizard_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "window.retry-keyring", NULL));
  wait_for (!cs_message_bar_is_shown (bar), "the keyring error to go");
  rotated = cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context));
  stored = cs_secret_store_lookup_sync (cs_setup_context_get_secret_store (f->context), connection_id,
                                        CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, rotated);

  g_dbus_connection_close_sync (prompter, NULL, NULL);
  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), connection_id, NULL, NULL);
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
  /* As main() does: the templates and _() use the default domain. */
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();
  cs_ui_init ();

  application = GTK_APPLICATION (adw_application_new ("io.github.crmsync.Setup.TestWizard",
                                                      G_APPLICATION_NON_UNIQUE));
  g_application_set_resource_base_path (G_APPLICATION (application), "/io/github/crmsync/Setup");
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  /* First: WebKit's network process stays with the test process once a
   * login page made it. */
  g_test_add ("/wizard/first-frame-light", Fixture, GINT_TO_POINTER (CHILD_PRACTICE_ORG),
              fixture_set_up, test_first_frame_light, fixture_tear_down);
  g_test_add ("/wizard/break-and-repair", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_break_and_repair, fixture_tear_down);
  g_test_add ("/wizard/practice-org-child", Fixture, GINT_TO_POINTER (CHILD_PRACTICE_ORG),
              fixture_set_up, test_practice_org_child, fixture_tear_down);
  g_test_add ("/wizard/login-and-confirm", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_login_and_confirm, fixture_tear_down);
  g_test_add ("/wizard/deny-then-allow", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_deny_then_allow, fixture_tear_down);
  g_test_add ("/wizard/wrong-password", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_wrong_password, fixture_tear_down);
  g_test_add ("/wizard/admin-instead-of-sync-user", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_admin_instead_of_sync_user, fixture_tear_down);
  g_test_add ("/wizard/paste-from-browser", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_paste_from_browser, fixture_tear_down);
  g_test_add ("/wizard/app-blocked", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_app_blocked, fixture_tear_down);
  g_test_add ("/wizard/leave-while-checking", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_leave_while_checking, fixture_tear_down);
  g_test_add ("/wizard/settings-changed-while-checking", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_settings_changed_while_checking, fixture_tear_down);
  g_test_add ("/wizard/late-apply-end-keeps-cancel", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_late_apply_end_keeps_cancel, fixture_tear_down);
  g_test_add ("/wizard/ipv6-host-in-message", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_ipv6_host_in_message, fixture_tear_down);
  g_test_add ("/wizard/tls-failure-fails-closed", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_tls_failure_fails_closed, fixture_tear_down);
  g_test_add ("/wizard/keyring-refuses-rotated-token", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_keyring_refuses_rotated_token, fixture_tear_down);
  g_test_add ("/wizard/practice-mailbox", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_practice_mailbox, fixture_tear_down);

  status = g_test_run ();
  g_object_unref (application);
  return status;
}
