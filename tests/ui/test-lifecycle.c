/* test-lifecycle.c: a stored connection's life in the real wizard window,
 * against the practice org: the welcome page that says which connections
 * need re-authorization, the guided re-authorization (the same org only;
 * another user warned about), and the credential review (every fact, an
 * explicit Reveal, Test Now, a rotated secret replaced, Revoke and Forget,
 * keyring items deleted behind the app's back).
 *
 * The connections are made the way the wizard and crm-sync make them (a
 * login through the login chain, stored through the vault), in the real
 * keyring; each case removes its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "cs-access-page-private.h"
#include "cs-confirm-page-private.h"
#include "cs-credential-review-page-private.h"
#include "cs-login-page-private.h"
#include "cs-screenshot.h"
#include "cs-test-keyring.h"
#include "cs-test-util.h"
#include "cs-ui.h"
#include "cs-ui-test-util.h"
#include "cs-welcome-page-private.h"
#include "cs-widget-util.h"
#include "cs-window.h"
#include "cs-wizard-test-util.h"

static GtkApplication *application;

typedef struct
{
  CsSetupContext    *context;
  CsPracticeOrg     *org;          /* owned by the context */
  CsConnectionVault *vault;        /* the context's */
  CsWindow          *window;
  CsAssistant       *assistant;
  GPtrArray         *made;         /* ids of the connections to remove */
} Fixture;

/* ---- connections ------------------------------------------------------------ */

/* What the wizard's Confirm leaves behind: @username logged in to @org
 * through the login chain, stored through the vault. */
static CsConnection *
make_connection (Fixture       *f,
                 CsPracticeOrg *org,
                 const char    *username,
                 const char    *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsLogin) login = NULL;
  g_autoptr(CsLoginResult) result = NULL;
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(GAsyncResult) created = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  CsConnection *row;

  oauth = cs_oauth_client_new (cs_practice_org_get_url (org), cs_practice_org_get_consumer_key (org),
                               cs_practice_org_get_consumer_secret (org));
  login = cs_login_new (oauth, cs_practice_org_get_callback_url (org));
  result = cs_test_login_chain (org, login, username, password, &error);
  g_assert_no_error (error);

  connection = cs_connection_new (cs_practice_org_get_url (org), "practice");
  cs_connection_vault_create_async (f->vault, connection, cs_practice_org_get_consumer_key (org),
                                    cs_practice_org_get_consumer_secret (org), NULL,
                                    cs_test_store_result, &created);
  g_assert_true (cs_connection_vault_create_finish (f->vault, cs_test_await (&created), &error));
  g_assert_no_error (error);
  g_ptr_array_add (f->made, g_strdup (connection->id));
  cs_connection_vault_store_login_async (f->vault, connection, cs_practice_org_get_consumer_key (org),
                                         cs_practice_org_get_consumer_secret (org), result, NULL,
                                         cs_test_store_result, &stored);
  row = cs_connection_vault_store_login_finish (f->vault, cs_test_await (&stored), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

static CsConnection *
make_sync_connection (Fixture *f)
{
  return make_connection (f, f->org, cs_practice_org_get_sync_username (f->org),
                          cs_practice_org_get_sync_password (f->org));
}

/* What `crm-sync fields` does: the check, then the record. */
static void
record_fields (Fixture            *f,
               const CsConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(CsFieldSync) sync = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GAsyncResult) recorded = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  entry = cs_connection_vault_load_sync (f->vault, connection->id, NULL, &error);
  g_assert_no_error (error);
  client = cs_connection_vault_new_client (f->vault, entry, NULL);
  catalog = cs_field_catalog_new (cs_connection_vault_get_store (f->vault), &error);
  g_assert_no_error (error);
  sync = cs_field_sync_new (client, catalog, connection->id);
  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &checked);
  findings = cs_field_sync_check_finish (sync, cs_test_await (&checked), &error);
  g_assert_no_error (error);
  cs_field_sync_record_async (sync, NULL, cs_test_store_result, &recorded);
  g_assert_true (cs_field_sync_record_finish (sync, cs_test_await (&recorded), NULL, &error));
  g_assert_no_error (error);
}

static CsConnection *
stored_row (Fixture    *f,
            const char *connection_id)
{
  g_autoptr(GError) error = NULL;
  CsConnection *row = cs_connection_store_get (cs_connection_vault_get_store (f->vault), connection_id, &error);

  g_assert_no_error (error);
  return row;
}

static char *
keyring_secret (Fixture      *f,
                const char   *connection_id,
                CsSecretKind  kind)
{
  g_autoptr(GError) error = NULL;
  char *secret = cs_secret_store_lookup_sync (cs_setup_context_get_secret_store (f->context), connection_id,
                                              kind, NULL, &error);

  g_assert_no_error (error);
  return secret;
}

/* The access check passes once the seeded problems are fixed, as the admin
 * would in Salesforce Setup. */
static void
fix_seeded_problems (CsPracticeOrg *org)
{
  cs_practice_org_set_field_visible (org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (org, "Campaign", "delete", TRUE);
}

/* ---- fixture ------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  f->made = g_ptr_array_new_with_free_func (g_free);
  f->context = cs_setup_context_new (settings);
  cs_setup_context_set_environment (f->context, CS_ENVIRONMENT_PRACTICE);
  f->org = cs_ui_test_attach_practice_org (f->context);
  g_assert_no_error (error);
  f->vault = cs_setup_context_get_vault (f->context, &error);
  g_assert_no_error (error);

  f->window = cs_window_new (application, f->context);
  f->assistant = cs_window_get_assistant (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (f->window)), "the window");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  CsConnectionStore *store = cs_connection_vault_get_store (f->vault);
  g_autoptr(CsFieldCatalog) catalog = cs_field_catalog_new (store, NULL);

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  cs_wizard_spin (200);
  /* What the case stored, without asking Salesforce. */
  for (guint i = 0; i < f->made->len; i++)
    {
      const char *id = g_ptr_array_index (f->made, i);

      cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), id, NULL, NULL);
      cs_field_catalog_forget (catalog, id, NULL);
      cs_connection_store_remove (store, id, NULL);
    }
  g_ptr_array_unref (f->made);
  g_clear_object (&f->context);
}

/* ---- the window ------------------------------------------------------------- */

static const char *
current_page (Fixture *f)
{
  return cs_assistant_get_current_name (f->assistant);
}

static gpointer
page (Fixture    *f,
      const char *name)
{
  return cs_assistant_get_page (f->assistant, name);
}

static void
wait_for_page (Fixture    *f,
               const char *name)
{
  wait_for (g_strcmp0 (current_page (f), name) == 0, "the expected page");
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  cs_screenshot_take (GTK_WINDOW (f->window), name);
}

static void
screenshot_window (GtkWindow  *window,
                   const char *name)
{
  if (g_getenv ("CS_SCREENSHOT_DIR") == NULL)
    return;
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_widget_get_width (GTK_WIDGET (window)) > 0,
            "the dialog on the screen");
  cs_screenshot_take (window, name);
}

static gboolean
window_shows_finished (Fixture *f)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->window));

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (content)), "finished") == 0;
}

/* Wording checks, meaningful in English only. */
static gboolean
in_english (void)
{
  return g_strcmp0 (T ("_Log In Again"), "_Log In Again") == 0;
}

/* From the Confirm page of a re-authorization to its end: Confirm (after
 * the acknowledgement when @acknowledge), the access check, then
 * "Connection Works Again". */
static void
finish_after_login (Fixture  *f,
                    gboolean  acknowledge)
{
  CsConfirmPage *confirm;

  wait_for_page (f, "confirm");
  confirm = page (f, "confirm");
  if (acknowledge)
    {
      /* The existing warnings, and no way on without the tick. */
      cs_wizard_assert_message_bar (cs_confirm_page_get_user_bar (confirm), CS_MESSAGE_WARNING,
                                    T ("_Log In Again"), "confirm.log-in-again");
      g_assert_false (cs_assistant_can_go_next (f->assistant));
      screenshot (f, "reauthorize-other-user");
      gtk_check_button_set_active (cs_confirm_page_get_acknowledge_check (confirm), TRUE);
    }
  else
    {
      g_assert_false (cs_message_bar_is_shown (cs_confirm_page_get_user_bar (confirm)));
      g_assert_false (cs_message_bar_is_shown (cs_confirm_page_get_admin_bar (confirm)));
    }
  cs_wizard_press_next (f->assistant);

  /* The quick check: identity (done at the login) and the access audit. */
  wait_for_page (f, "access");
  wait_for (!cs_access_page_get_checking (page (f, "access")) &&
            cs_page_get_complete (page (f, "access")), "the access check to pass");
  cs_wizard_press_next (f->assistant);
  wait_for (window_shows_finished (f), "the last page");
  g_assert_true (cs_wizard_shows_text (GTK_WIDGET (f->window), T ("Connection Works Again"), FALSE));
}

/* From the login page of a re-authorization to its end, as @username. */
static void
log_in_and_finish (Fixture    *f,
                   const char *username,
                   const char *password)
{
  cs_wizard_log_in_in_view (f->assistant, f->org, username, password, TRUE);
  finish_after_login (f, FALSE);
}

/* ---- cases -------------------------------------------------------------------- */

/* Issue test 1: a token revoked at the org. The welcome page finds it (a
 * refresh is refused) and says so; --reauthorize logs in again as the sync
 * user (login_hint), the keyring gets a new token, the old one is dead at
 * the org, the field catalog is the same row for row. */
static void
test_revoked_then_reauthorized (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsConnection) healed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *old_token = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *hint = NULL;
  CsWelcomePage *welcome = page (f, "welcome");
  CsConnectionRow *row;

  fix_seeded_problems (f->org);
  connection = make_sync_connection (f);
  record_fields (f, connection);
  before = cs_test_catalog_dump (cs_connection_vault_get_store (f->vault), connection->id);
  g_assert_cmpuint (strlen (before), >, 0);
  old_token = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_true (cs_practice_org_revoke_user_tokens (f->org, connection->username, NULL));

  /* Nobody used it since: the welcome page's check finds out. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cs_wizard_get_widget (welcome, "task_reauthorize_check")), TRUE);
  wait_for ((row = cs_welcome_page_get_connection_row (welcome, connection->id)) != NULL &&
            !cs_welcome_page_is_checking (welcome) &&
            cs_connection_row_get_health (row) == CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION,
            "the connection shown as needing re-authorization");
  g_assert_cmpstr (cs_welcome_page_get_chosen_connection (welcome), ==, connection->id);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), cs_practice_org_get_org_name (f->org)));
  if (in_english ())
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "revoked"));
  g_assert_true (cs_page_get_complete (CS_PAGE (welcome)));
  screenshot (f, "welcome-reauthorize");

  /* What --reauthorize NAME (and the notification) open. */
  cs_window_open_reauthorization (f->window, connection->name);
  wait_for_page (f, "reauthorize");
  g_assert_true (cs_wizard_shows_text (page (f, "reauthorize"), connection->name, TRUE));
  g_assert_true (cs_wizard_shows_text (page (f, "reauthorize"), cs_practice_org_get_org_name (f->org), FALSE));
  g_assert_false (cs_setup_context_get_replace_consumer (f->context));
  screenshot (f, "reauthorize");

  /* Straight to the login: the key and secret are known. */
  cs_wizard_press_next (f->assistant);
  cs_wizard_wait_for_login_form (f->assistant);
  authorize_uri = cs_oauth_request_build_authorize_uri (cs_setup_context_get_pending_request (f->context));
  hint = g_strconcat ("login_hint=", g_uri_escape_string (connection->username, NULL, TRUE), NULL);
  g_assert_true (g_str_has_prefix (authorize_uri, cs_practice_org_get_url (f->org)));
  g_assert_nonnull (strstr (authorize_uri, hint));
  log_in_and_finish (f, connection->username, cs_practice_org_get_sync_password (f->org));
  screenshot (f, "reauthorized");

  new_token = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, new_token));
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, old_token));
  healed = stored_row (f, connection->id);
  g_assert_null (healed->reauth_reason);
  g_assert_cmpstr (healed->org_name, ==, cs_practice_org_get_org_name (f->org));
  after = cs_test_catalog_dump (cs_connection_vault_get_store (f->vault), connection->id);
  g_assert_cmpstr (after, ==, before);
  cs_test_assert_no_file_contains (new_token);
}

/* A re-authorization that still works: the old token is revoked once the
 * new one is stored, and the last page says so. */
static void
test_live_token_replaced (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autofree char *old_token = NULL;

  fix_seeded_problems (f->org);
  connection = make_sync_connection (f);
  old_token = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);

  cs_window_open_reauthorization (f->window, connection->id);
  wait_for_page (f, "reauthorize");
  /* Nothing known to be wrong: said so. */
  g_assert_true (cs_wizard_shows_text (page (f, "reauthorize"),
                                       T ("Nothing is known to be wrong with this connection. Re-authorizing gives it a new refresh token and revokes the one it has."),
                                       FALSE));
  cs_wizard_press_next (f->assistant);
  log_in_and_finish (f, connection->username, cs_practice_org_get_sync_password (f->org));
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, old_token));
  g_assert_cmpint (cs_setup_context_get_replaced_token (f->context), ==, CS_REVOKE_DONE);
  g_assert_true (cs_wizard_shows_text (GTK_WIDGET (f->window),
                                       T ("The new refresh token is in your keyring, and the old one was revoked at Salesforce."),
                                       TRUE));
}

/* Issue test 2: the login lands in another org (another id). Refused with
 * both ids named; the keyring and the store do not change. */
static void
test_other_org_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CsPracticeOrg) other = cs_practice_org_new (10);
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsConnection) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_before = NULL;
  g_autofree char *token_after = NULL;
  CsMessageBar *bar;

  g_assert_true (cs_practice_org_set_org_id (other, "00D5g000000OTHR"));
  g_assert_true (cs_practice_org_set_org_name (other, "Other Practice Org"));
  g_assert_true (cs_practice_org_listen (other, 0, &error));
  g_assert_no_error (error);
  connection = make_connection (f, other, cs_practice_org_get_sync_username (other),
                                cs_practice_org_get_sync_password (other));
  token_before = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 3);

  /* Its practice org is not this window's: a new key and secret are
   * required, and this window's fill in. */
  cs_window_open_reauthorization (f->window, connection->id);
  wait_for_page (f, "reauthorize");
  g_assert_true (cs_setup_context_get_consumer_required (f->context));
  g_assert_true (cs_setup_context_get_replace_consumer (f->context));
  cs_wizard_press_next (f->assistant);
  wait_for_page (f, "credentials");
  wait_for (cs_page_get_complete (page (f, "credentials")), "this window's practice key and secret");
  cs_wizard_press_next (f->assistant);

  cs_wizard_log_in_in_view (f->assistant, f->org, cs_practice_org_get_sync_username (f->org),
                            cs_practice_org_get_sync_password (f->org), TRUE);
  wait_for (g_strcmp0 (cs_login_page_get_state_name (page (f, "login")), "stopped") == 0, "the refusal");
  bar = cs_login_page_get_message_bar (page (f, "login"));
  cs_wizard_assert_message_bar (bar, CS_MESSAGE_ERROR, T ("_Log In Again"), "login.restart");
  g_assert_nonnull (strstr (cs_message_bar_get_message (bar), "00D5g000000OTHR"));
  g_assert_nonnull (strstr (cs_message_bar_get_message (bar), cs_practice_org_get_org_id (f->org)));
  g_assert_null (cs_setup_context_get_tokens (f->context));
  screenshot (f, "reauthorize-other-org");

  after = stored_row (f, connection->id);
  g_assert_cmpstr (after->org_id, ==, connection->org_id);
  g_assert_cmpstr (after->login_host, ==, connection->login_host);
  g_assert_cmpstr (after->username, ==, connection->username);
  g_assert_cmpint (after->token_issued, ==, connection->token_issued);
  g_assert_cmpint (after->updated, ==, connection->updated);
  token_after = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_cmpstr (token_after, ==, token_before);
  g_assert_true (cs_practice_org_is_refresh_token_valid (other, token_after));
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 3);
  {
    g_autofree char *key = keyring_secret (f, connection->id, CS_SECRET_KIND_CONSUMER_KEY);

    /* Still the other org's app: nothing of this login was stored. */
    g_assert_cmpstr (key, ==, cs_practice_org_get_consumer_key (other));
  }
  cs_practice_org_disconnect (other);
}

/* Issue test 3: the administrator logs in instead of the sync user: the
 * warnings, and the new authorization is saved only after the explicit
 * acknowledgement. */
static void
test_reauthorize_as_admin (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsConnection) after = NULL;
  g_autofree char *old_token = NULL;
  g_autofree char *new_token = NULL;
  const char *admin = cs_practice_org_get_admin_username (f->org);

  connection = make_sync_connection (f);
  old_token = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  cs_window_open_reauthorization (f->window, connection->id);
  wait_for_page (f, "reauthorize");
  cs_wizard_press_next (f->assistant);

  cs_wizard_log_in_in_view (f->assistant, f->org, admin, cs_practice_org_get_admin_password (f->org), TRUE);
  wait_for_page (f, "confirm");
  cs_wizard_assert_message_bar (cs_confirm_page_get_admin_bar (page (f, "confirm")), CS_MESSAGE_WARNING, NULL, NULL);
  g_assert_false (cs_page_get_complete (page (f, "confirm")));
  /* Nothing stored before the acknowledgement. */
  new_token = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_cmpstr (new_token, ==, old_token);
  g_clear_pointer (&new_token, g_free);

  finish_after_login (f, TRUE);
  after = stored_row (f, connection->id);
  g_assert_cmpint (g_ascii_strcasecmp (after->username, admin), ==, 0);
  g_assert_true (after->is_admin);
  new_token = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_cmpstr (new_token, !=, old_token);
}

/* ---- the credential review ------------------------------------------------------ */

static CsCredentialReviewPage *
review_page (Fixture *f)
{
  return page (f, "credential-review");
}

static gboolean
review_idle (Fixture *f)
{
  return !cs_credential_review_page_is_busy (review_page (f));
}

/* --review, then the connection's details. */
static void
open_review (Fixture            *f,
             const CsConnection *connection)
{
  cs_window_open_review (f->window);
  wait_for_page (f, "credential-review");
  wait_for (cs_credential_review_page_open_connection (review_page (f), connection->id),
            "the connection in the list");
  g_assert_cmpstr (cs_credential_review_page_get_shown_connection (review_page (f)), ==, connection->id);
}

static void
review_action (Fixture    *f,
               const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review_page (f)), action, NULL));
}

static gboolean
details_show (Fixture    *f,
              const char *text)
{
  return cs_wizard_shows_text (cs_credential_review_page_get_details (review_page (f)), text, TRUE);
}

/* What a click on one of the dialog's buttons does: the response, then
 * the dialog goes. */
static void
answer_dialog (AdwMessageDialog *dialog,
               const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

/* Issue test 4: the consumer secret is rotated at the org. Test Now fails
 * and marks the connection (why, in words); the admin replaces the secret
 * (proved by a refresh), and Test Now passes with the day's API use. */
static void
test_rotated_secret_replaced (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CsConnection) connection = make_sync_connection (f);
  g_autoptr(CsConnection) marked = NULL;
  g_autofree char *stored_secret = NULL;
  g_autofree char *limit = cs_format_count (15000);
  GtkEditable *key_entry, *secret_entry;
  AdwMessageDialog *dialog;
  const char *new_secret;

  new_secret = cs_practice_org_rotate_consumer_secret (f->org);
  open_review (f, connection);
  review_action (f, "review.test");
  wait_for (review_idle (f), "Test Now to end");
  cs_wizard_assert_message_bar (cs_credential_review_page_get_message_bar (review_page (f)),
                                CS_MESSAGE_ERROR, T ("_Re-authorize…"), "review.reauthorize");
  marked = stored_row (f, connection->id);
  g_assert_cmpstr (marked->reauth_reason, ==, cs_error_code_to_string (CS_ERROR_INVALID_CLIENT_SECRET));
  if (in_english ())
    wait_for (details_show (f, "rotated"), "the reason in words");

  review_action (f, "review.replace");
  dialog = cs_credential_review_page_get_dialog (review_page (f), &key_entry, &secret_entry);
  g_assert_nonnull (dialog);
  /* Nothing to enter, nothing to confirm. */
  gtk_editable_set_text (secret_entry, new_secret);
  screenshot_window (GTK_WINDOW (dialog), "stored-credentials-replace");
  answer_dialog (dialog, "replace");
  wait_for (review_idle (f), "the replacement to end");
  cs_wizard_assert_message_bar (cs_credential_review_page_get_message_bar (review_page (f)),
                                CS_MESSAGE_INFO, NULL, NULL);
  stored_secret = keyring_secret (f, connection->id, CS_SECRET_KIND_CONSUMER_SECRET);
  g_assert_cmpstr (stored_secret, ==, new_secret);
  g_clear_pointer (&marked, cs_connection_free);
  marked = stored_row (f, connection->id);
  g_assert_null (marked->reauth_reason);

  review_action (f, "review.test");
  wait_for (review_idle (f), "Test Now to end");
  g_assert_nonnull (strstr (cs_credential_review_page_get_test_text (review_page (f)), limit));
  g_assert_nonnull (strstr (cs_credential_review_page_get_test_text (review_page (f)), connection->username));
  screenshot (f, "stored-credentials-details");
}

/* The record sync's database of @connection_id, as a first cycle leaves
 * it; its path. */
static char *
make_sync_database (Fixture    *f,
                    const char *connection_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cs_sync_database_path_for (cs_connection_store_get_path (cs_connection_vault_get_store (f->vault)),
                                                     connection_id);
  g_autoptr(CsSyncDatabase) database = cs_sync_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (database);
  return g_steal_pointer (&path);
}

static guint
count_bullets (const char *text)
{
  guint n = 0;

  for (const char *p = strstr (text, "\n•"); p != NULL; p = strstr (p + 1, "\n•"))
    n++;
  return n;
}

/* The link "systemctl --user enable" makes for the connection's timer
 * (no systemd user session runs in the tests); its path. */
static char *
enable_sync_timer (const char *connection_id)
{
  g_autofree char *units = cs_sync_service_default_unit_folder ();
  g_autofree char *wants = g_build_filename (units, "timers.target.wants", NULL);
  g_autofree char *timer = cs_sync_service_timer_name (connection_id);
  g_autofree char *link = g_build_filename (wants, timer, NULL);

  g_assert_cmpint (g_mkdir_with_parents (wants, 0700), ==, 0);
  g_assert_cmpint (symlink ("../crm-sync@.timer", link), ==, 0);
  g_assert_true (cs_sync_service_is_enabled (connection_id, NULL));
  return g_steal_pointer (&link);
}

/* Issue test 5: every fact is shown; a secret only on an explicit Reveal
 * (the refresh token never); Revoke and Forget names what goes, then
 * leaves no keyring item (libsecret searched by our schema), no row, no
 * catalog rows and no sync database, and the token dead at the org. */
static void
test_review_facts_and_forget (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autofree char *token = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *refreshed = NULL;
  g_autofree char *field_count = NULL;
  g_autofree char *body = NULL;
  g_autofree char *database_path = NULL;
  g_autofree char *timer_link = NULL;
  g_autofree char *timer = NULL;
  ClipboardRead read = { 0 };
  AdwMessageDialog *dialog;
  const char *key = cs_practice_org_get_consumer_key (f->org);
  const char *secret = cs_practice_org_get_consumer_secret (f->org);
  gint64 n_fields;
  guint n_items = 0;

  connection = make_sync_connection (f);
  record_fields (f, connection);
  row = stored_row (f, connection->id);
  token = keyring_secret (f, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  database_path = make_sync_database (f, connection->id);
  timer_link = enable_sync_timer (connection->id);
  catalog = cs_field_catalog_new (cs_connection_vault_get_store (f->vault), &error);
  g_assert_no_error (error);
  n_fields = cs_field_catalog_count (catalog, connection->id, &error);
  g_assert_cmpint (n_fields, >, 100);

  cs_window_open_review (f->window);
  wait_for_page (f, "credential-review");
  wait_for (cs_credential_review_page_open_connection (review_page (f), connection->id), "the list");
  cs_credential_review_page_open_connection (review_page (f), connection->id);
  gtk_widget_activate_action (GTK_WIDGET (review_page (f)), "review.show-list", NULL);
  screenshot (f, "stored-credentials");
  g_assert_true (cs_credential_review_page_open_connection (review_page (f), connection->id));
  wait_for (review_idle (f), "the details");

  /* The org, the sync user, the activity. */
  issued = cs_format_time (row->token_issued);
  refreshed = cs_format_time (row->last_refresh);
  field_count = g_strdup_printf ("%" G_GINT64_FORMAT, n_fields);
  for (const char *fact[] = { row->org_name, row->org_id, row->instance_url, row->login_host,
                              cs_environment_name_display_name (row->environment),
                              row->display_name, row->username, row->profile_name, row->scopes,
                              issued, refreshed, field_count, NULL },
       **p = fact; *p != NULL; p++)
    if (!details_show (f, *p))
      g_error ("The details do not show “%s”", *p);

  /* Where the secrets are: the keyring and each item's label. */
  items = cs_secret_store_list_sync (cs_setup_context_get_secret_store (f->context), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      CsSecretItemInfo *item = g_ptr_array_index (items, i);

      if (!g_str_equal (item->key->connection_id, connection->id))
        continue;
      g_assert_true (details_show (f, item->label));
      if (item->collection != NULL)
        g_assert_true (details_show (f, item->collection));
    }

  /* No secret on the screen unless asked for, the refresh token never. */
  g_assert_false (cs_wizard_shows_text (GTK_WIDGET (f->window), key, TRUE));
  g_assert_false (cs_wizard_shows_text (GTK_WIDGET (f->window), secret, TRUE));
  gtk_toggle_button_set_active (cs_credential_review_page_get_reveal_button (review_page (f),
                                                                             CS_SECRET_KIND_CONSUMER_KEY), TRUE);
  wait_for (details_show (f, key), "the consumer key revealed");
  g_assert_false (cs_wizard_shows_text (GTK_WIDGET (f->window), secret, TRUE));
  gtk_toggle_button_set_active (cs_credential_review_page_get_reveal_button (review_page (f),
                                                                             CS_SECRET_KIND_CONSUMER_SECRET), TRUE);
  wait_for (details_show (f, secret), "the consumer secret revealed");
  g_assert_false (cs_wizard_shows_text (GTK_WIDGET (f->window), token, TRUE));
  gtk_toggle_button_set_active (cs_credential_review_page_get_reveal_button (review_page (f),
                                                                             CS_SECRET_KIND_CONSUMER_SECRET), FALSE);
  gtk_toggle_button_set_active (cs_credential_review_page_get_reveal_button (review_page (f),
                                                                             CS_SECRET_KIND_CONSUMER_KEY), FALSE);
  g_assert_false (cs_wizard_shows_text (GTK_WIDGET (f->window), key, TRUE));
  g_assert_false (cs_wizard_shows_text (GTK_WIDGET (f->window), secret, TRUE));
  /* Copy puts the key on the clipboard without showing it. */
  review_action (f, "review.copy-key");
  cs_wizard_spin (300);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), NULL, clipboard_read_cb, &read);
  wait_for (read.done, "the clipboard");
  g_assert_cmpstr (read.text, ==, key);
  g_free (read.text);
  g_assert_false (cs_wizard_shows_text (GTK_WIDGET (f->window), key, TRUE));

  /* Revoke and Forget says what goes. */
  review_action (f, "review.forget");
  dialog = cs_credential_review_page_get_dialog (review_page (f), NULL, NULL);
  g_assert_nonnull (dialog);
  body = g_strdup (adw_message_dialog_get_body (dialog));
  for (guint i = 0; i < items->len; i++)
    {
      CsSecretItemInfo *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->key->connection_id, connection->id))
        {
          g_assert_nonnull (strstr (body, item->label));
          n_items++;
        }
    }
  g_assert_nonnull (strstr (body, field_count));
  timer = cs_sync_service_timer_name (connection->id);
  g_assert_nonnull (strstr (body, timer));
  /* One line each (in any language): the items, the record, the
   * catalog, the sync database and the timer. */
  g_assert_cmpuint (count_bullets (body), ==, n_items + 4);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), connection->name));
  screenshot_window (GTK_WINDOW (dialog), "stored-credentials-forget");
  answer_dialog (dialog, "forget");
  wait_for (review_idle (f), "Revoke and Forget to end");
  cs_wizard_assert_message_bar (cs_credential_review_page_get_message_bar (review_page (f)),
                                CS_MESSAGE_INFO, NULL, NULL);
  g_assert_null (cs_credential_review_page_get_shown_connection (review_page (f)));

  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 0);
  g_clear_pointer (&row, cs_connection_free);
  row = stored_row (f, connection->id);
  g_assert_null (row);
  g_assert_cmpint (cs_field_catalog_count (catalog, connection->id, &error), ==, 0);
  g_assert_false (g_file_test (database_path, G_FILE_TEST_EXISTS));
  /* No systemd user session here: forget removed the timer's enable link
   * itself, as "systemctl --user disable" would. */
  g_assert_false (g_file_test (timer_link, G_FILE_TEST_IS_SYMLINK));
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, token));
  wait_for (review_idle (f), "the list");
  g_assert_false (cs_credential_review_page_open_connection (review_page (f), connection->id));
}

/* The fix button of the keyring problem of @connection_id. */
static GtkButton *
problem_fix_button (Fixture    *f,
                    const char *connection_id)
{
  GtkListBox *list = cs_credential_review_page_get_problems_list (review_page (f));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), connection_id) == 0 && gtk_widget_get_visible (row))
      return GTK_BUTTON (cs_wizard_get_widget (row, "fix-button"));
  return NULL;
}

/* The welcome page's sync status task picks the working connection the
 * admin set up or used last, not a newer one that needs the admin (whose
 * refresh token was deleted here); re-authorizing still picks that one. */
static void
test_status_task_picks_working (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CsConnection) working = NULL;
  g_autoptr(CsConnection) broken = NULL;
  CsWelcomePage *welcome = page (f, "welcome");
  CsConnectionRow *row;

  working = make_sync_connection (f);
  broken = make_sync_connection (f);
  cs_test_keyring_delete_item (broken->id, CS_SECRET_KIND_REFRESH_TOKEN);

  gtk_widget_activate (cs_wizard_get_widget (welcome, "task_status_row"));
  g_assert_cmpint (cs_setup_context_get_task (f->context), ==, CS_SETUP_TASK_SYNC_STATUS);
  wait_for ((row = cs_welcome_page_get_connection_row (welcome, broken->id)) != NULL &&
            cs_welcome_page_get_connection_row (welcome, working->id) != NULL &&
            !cs_welcome_page_is_checking (welcome) &&
            cs_connection_row_get_health (row) == CS_CONNECTION_HEALTH_SECRETS_MISSING,
            "the stored connections, checked");
  g_assert_cmpstr (cs_welcome_page_get_chosen_connection (welcome), ==, working->id);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (cs_wizard_get_widget (welcome, "task_reauthorize_check")), TRUE);
  wait_for (!cs_welcome_page_is_checking (welcome) &&
            g_strcmp0 (cs_welcome_page_get_chosen_connection (welcome), broken->id) == 0,
            "the connection that needs the admin picked");
}

/* Issue test 6: keyring items deleted behind the app's back (the consumer
 * secret, in Passwords and Keys) and items of ours that belong to no
 * connection are reported, each with a fix that works. */
static void
test_deleted_items_fixed (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CsConnection) connection = make_sync_connection (f);
  g_autoptr(CsSecretKey) orphan_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *orphan_id = g_uuid_string_random ();
  g_autofree char *secret = NULL;
  GtkEditable *key_entry, *secret_entry;
  AdwMessageDialog *dialog;
  GtkButton *button;

  cs_test_keyring_delete_item (connection->id, CS_SECRET_KIND_CONSUMER_SECRET);
  orphan_key = cs_secret_key_new (orphan_id, cs_practice_org_get_url (f->org), NULL, NULL);
  g_ptr_array_add (f->made, g_strdup (orphan_id));
  g_assert_true (cs_secret_store_store_sync (cs_setup_context_get_secret_store (f->context), orphan_key,
                                             CS_SECRET_KIND_CONSUMER_KEY, "3MVG9A2kN8Bl7EXAMPLE.orphan_0123456789",
                                             NULL, &error));
  g_assert_no_error (error);

  cs_window_open_review (f->window);
  wait_for_page (f, "credential-review");
  wait_for (problem_fix_button (f, connection->id) != NULL && problem_fix_button (f, orphan_id) != NULL,
            "both problems reported");
  screenshot (f, "stored-credentials-problems");

  /* The missing secret: entered again, proved by a refresh. */
  button = problem_fix_button (f, connection->id);
  g_assert_cmpstr (gtk_button_get_label (button), ==, T ("_Enter Key and Secret…"));
  cs_wizard_click (button);
  dialog = cs_credential_review_page_get_dialog (review_page (f), &key_entry, &secret_entry);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (secret_entry, cs_practice_org_get_consumer_secret (f->org));
  answer_dialog (dialog, "replace");
  wait_for (review_idle (f) && problem_fix_button (f, connection->id) == NULL, "the secret's problem to go");
  secret = keyring_secret (f, connection->id, CS_SECRET_KIND_CONSUMER_SECRET);
  g_assert_cmpstr (secret, ==, cs_practice_org_get_consumer_secret (f->org));

  /* The orphan: removed. */
  button = problem_fix_button (f, orphan_id);
  g_assert_cmpstr (gtk_button_get_label (button), ==, T ("Re_move"));
  cs_wizard_click (button);
  wait_for (review_idle (f) && problem_fix_button (f, orphan_id) == NULL, "the orphan to go");
  g_assert_cmpuint (cs_test_keyring_count_items (orphan_id), ==, 0);
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 3);
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

  application = GTK_APPLICATION (adw_application_new ("io.github.crmsync.Setup.TestLifecycle",
                                                      G_APPLICATION_NON_UNIQUE));
  g_application_set_resource_base_path (G_APPLICATION (application), "/io/github/crmsync/Setup");
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add ("/lifecycle/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("revoked-then-reauthorized", test_revoked_then_reauthorized);
  ADD ("live-token-replaced", test_live_token_replaced);
  ADD ("other-org-refused", test_other_org_refused);
  ADD ("reauthorize-as-admin", test_reauthorize_as_admin);
  ADD ("rotated-secret-replaced", test_rotated_secret_replaced);
  ADD ("review-facts-and-forget", test_review_facts_and_forget);
  ADD ("deleted-items-fixed", test_deleted_items_fixed);
  ADD ("status-task-picks-working", test_status_task_picks_working);

  status = g_test_run ();
  g_object_unref (application);
  return status;
}
