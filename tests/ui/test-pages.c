/* test-pages.c: the welcome, prerequisites, external-app and credentials
 * pages, one by one and through the assistant, under Xvfb with the real
 * keyring.
 *
 * Widgets are found by their template ids (GtkBuildable ids), so the pages
 * need no test-only API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <adwaita.h>

#include "cs-assistant.h"
#include "cs-choice-row.h"
#include "cs-connection-row.h"
#include "cs-copy-row.h"
#include "cs-entry-message-row.h"
#include "cs-message-bar.h"
#include "cs-pages.h"
#include "cs-setup-context.h"
#include "cs-test-util.h"
#include "cs-ui-test-util.h"
#include "cs-ui.h"
#include "cs-wizard-test-util.h"


/* A key and a secret of the right shape (not real ones). */
#define GOOD_KEY "3MVG9A2kN8Bl7EXAMPLE.consumer_key_for_tests_0123456789"
#define GOOD_SECRET "A1B2C3D4E5F60718293A4B5C6D7E8F90"

/* Helpers */

static GtkWidget *
get_widget (gpointer    root,
            const char *id)
{
  return cs_wizard_get_widget (root, id);
}

static void
set_text (gpointer    root,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, id)), text);
}

static void
set_check (gpointer    root,
           const char *id,
           gboolean    active)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_widget (root, id)), active);
}

/* A page's message bar, or the one of the row under an entry. */
static CsMessageBar *
get_message (gpointer    root,
             const char *id)
{
  GtkWidget *widget = get_widget (root, id);

  if (CS_IS_ENTRY_MESSAGE_ROW (widget))
    return cs_entry_message_row_get_message_bar (CS_ENTRY_MESSAGE_ROW (widget));
  return CS_MESSAGE_BAR (widget);
}

/* A context on a fresh settings state: the memory backend lives as long as
 * the process. */
static CsSetupContext *
new_context (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  return cs_setup_context_new (settings);
}

typedef struct
{
  CsSetupContext *context;
  GtkWindow      *window;
  CsPage         *page;
} Fixture;

/* The page alone, in a window (for the clipboard, focus and realization). */
static void
fixture_set_page (Fixture *fixture,
                  GType    type)
{
  fixture->page = g_object_ref_sink (g_object_new (type, "context", fixture->context, NULL));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  cs_page_shown (fixture->page);
  cs_ui_test_flush_events ();
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->context = new_context ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 700);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->page);
  cs_ui_test_flush_events ();
  g_clear_object (&fixture->context);
}

static CsPracticeOrg *
start_practice_org (CsSetupContext *context)
{
  g_autoptr(GError) error = NULL;
  CsPracticeOrg *org;

  cs_setup_context_set_environment (context, CS_ENVIRONMENT_PRACTICE);
  org = cs_ui_test_attach_practice_org (context);
  g_assert_no_error (error);
  g_assert_nonnull (org);
  return org;
}

/* Welcome */

static void
test_welcome_initial_selection (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_object_ref (cs_setup_context_get_settings (fixture->context));

  /* What the context read from "last-environment". */
  g_settings_set_enum (settings, "last-environment", CS_ENVIRONMENT_SANDBOX);
  g_clear_object (&fixture->context);
  fixture->context = cs_setup_context_new (settings);

  fixture_set_page (fixture, CS_TYPE_WELCOME_PAGE);

  g_assert_cmpstr (cs_page_get_title (fixture->page), ==, "Welcome");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_widget (fixture->page, "sandbox_check"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_widget (fixture->page, "task_new_check"))));
  g_assert_true (gtk_widget_get_sensitive (get_widget (fixture->page, "task_reauthorize_row")));
  g_assert_true (gtk_widget_get_sensitive (get_widget (fixture->page, "task_review_row")));
  g_assert_true (cs_page_get_complete (fixture->page));
  g_assert_cmpint (cs_setup_context_get_task (fixture->context), ==, CS_SETUP_TASK_NEW_CONNECTION);
  g_assert_true (gtk_widget_get_visible (get_widget (fixture->page, "environment_group")));
  g_assert_false (gtk_widget_get_visible (get_widget (fixture->page, "connections_group")));

  /* Each task shows what it needs: the stored connections to choose from,
   * nothing to choose for the review. */
  set_check (fixture->page, "task_reauthorize_check", TRUE);
  g_assert_cmpint (cs_setup_context_get_task (fixture->context), ==, CS_SETUP_TASK_REAUTHORIZE);
  g_assert_false (gtk_widget_get_visible (get_widget (fixture->page, "environment_group")));
  g_assert_true (gtk_widget_get_visible (get_widget (fixture->page, "connections_group")));
  set_check (fixture->page, "task_review_check", TRUE);
  g_assert_cmpint (cs_setup_context_get_task (fixture->context), ==, CS_SETUP_TASK_REVIEW_CREDENTIALS);
  g_assert_false (gtk_widget_get_visible (get_widget (fixture->page, "connections_group")));
  g_assert_true (cs_page_get_complete (fixture->page));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (get_widget (fixture->page, "task_review_check")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Review stored credentials");
  set_check (fixture->page, "task_new_check", TRUE);
  g_assert_cmpint (cs_setup_context_get_task (fixture->context), ==, CS_SETUP_TASK_NEW_CONNECTION);
  g_assert_true (gtk_widget_get_visible (get_widget (fixture->page, "environment_group")));

  /* The radio buttons are named after their rows, for screen readers. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (get_widget (fixture->page, "production_check")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Production");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (get_widget (fixture->page, "sandbox_check")),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "test.salesforce.com");

  set_check (fixture->page, "production_check", TRUE);
  g_assert_cmpint (cs_setup_context_get_environment (fixture->context), ==, CS_ENVIRONMENT_PRODUCTION);
  g_assert_cmpstr (cs_setup_context_get_login_host (fixture->context), ==, "https://login.salesforce.com");
  g_assert_cmpint (g_settings_get_enum (settings, "last-environment"), ==, CS_ENVIRONMENT_PRODUCTION);
  g_assert_true (cs_page_get_complete (fixture->page));
}

/* Each mnemonic of the welcome page (Alt+letter) leads to one place: two
 * labels on one key only move the focus between them. Stricter than needed:
 * labels never shown together must differ too. */
static void
test_welcome_mnemonics (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
  guint n_mnemonics = 0;

  fixture_set_page (fixture, CS_TYPE_WELCOME_PAGE);
  /* The labels shown for a new connection, then those a stored
   * connection's task shows besides. */
  cs_wizard_collect_widgets (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, labels);
  set_check (fixture->page, "task_reauthorize_check", TRUE);
  cs_wizard_collect_widgets (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, labels);
  set_check (fixture->page, "task_new_check", TRUE);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (label));
      GtkLabel *other;

      if (key == GDK_KEY_VoidSymbol)
        continue;
      other = g_hash_table_lookup (keys, GUINT_TO_POINTER (key));
      if (other != NULL && other != label)
        g_error ("“%s” and “%s” share the mnemonic %s", gtk_label_get_label (other), gtk_label_get_label (label),
                 gdk_keyval_name (key));
      if (other == NULL)
        n_mnemonics++;
      g_hash_table_insert (keys, GUINT_TO_POINTER (key), label);
    }
  /* The four tasks' and the four environments'. */
  g_assert_cmpuint (n_mnemonics, >=, 8);
}

/* The welcome page measures its wrapping labels from 20 characters on
 * (cheaper for the first frame) and still fits the window at its narrowest,
 * whichever task is picked. */
static void
test_welcome_narrowest_window (Fixture       *fixture,
                               gconstpointer  data)
{
  const char * const tasks[] = { "task_new_check", "task_reauthorize_check", "task_status_check", "task_review_check" };

  fixture_set_page (fixture, CS_TYPE_WELCOME_PAGE);
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      int minimum = 0;

      set_check (fixture->page, tasks[i], TRUE);
      gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("%s: at least %d px wide", tasks[i], minimum);
      /* The window's width-request (cs-window.ui). */
      g_assert_cmpint (minimum, <=, 360);
    }
}

static void
test_welcome_my_domain (Fixture       *fixture,
                        gconstpointer  data)
{
  CsMessageBar *message;
  GtkWidget *row;

  fixture_set_page (fixture, CS_TYPE_WELCOME_PAGE);
  message = get_message (fixture->page, "my_domain_message");
  row = get_widget (fixture->page, "my_domain_row");

  g_assert_false (gtk_widget_get_visible (row));
  set_check (fixture->page, "my_domain_check", TRUE);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpint (cs_setup_context_get_environment (fixture->context), ==, CS_ENVIRONMENT_MY_DOMAIN);

  /* Nothing typed: not done, but no complaint either. */
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));

  set_text (fixture->page, "my_domain_row", "https://acme.my.salesforce.com");
  g_assert_true (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));
  g_assert_cmpstr (cs_setup_context_get_login_host (fixture->context), ==, "https://acme.my.salesforce.com");

  /* The Lightning address: refused, with the login host to use. */
  set_text (fixture->page, "my_domain_row", "https://acme.lightning.force.com");
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_true (cs_message_bar_is_shown (message));
  g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_ERROR);
  g_assert_nonnull (strstr (cs_message_bar_get_message (message), "acme.my.salesforce.com"));
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  /* Plain http is refused too. */
  set_text (fixture->page, "my_domain_row", "http://acme.my.salesforce.com");
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_true (cs_message_bar_is_shown (message));
  g_assert_nonnull (strstr (cs_message_bar_get_message (message), "https://acme.my.salesforce.com"));

  /* Emptied: incomplete, and the complaint goes away. */
  set_text (fixture->page, "my_domain_row", "");
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* A bare host name is fine; it gets https://. */
  set_text (fixture->page, "my_domain_row", "  globex.my.salesforce.com ");
  g_assert_true (cs_page_get_complete (fixture->page));
  g_assert_cmpstr (cs_setup_context_get_login_host (fixture->context), ==, "https://globex.my.salesforce.com");
  g_assert_cmpstr (g_settings_get_string (cs_setup_context_get_settings (fixture->context), "my-domain-url"),
                   ==, "https://globex.my.salesforce.com");

  /* Another environment does not need the URL. */
  set_text (fixture->page, "my_domain_row", "not a host");
  g_assert_false (cs_page_get_complete (fixture->page));
  set_check (fixture->page, "sandbox_check", TRUE);
  g_assert_true (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));
}

/* A My Domain on this computer is refused with a reason: only the built-in
 * practice org runs here, and a "My Domain" on localhost would receive the
 * consumer secret in clear. */
static void
test_welcome_my_domain_loopback (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const char *loopback[] = {
    "http://localhost:8443",
    "https://127.0.0.1:8443",
    "http://[::1]:8443",
    "localhost",
  };
  g_autoptr(GSettings) settings = g_object_ref (cs_setup_context_get_settings (fixture->context));
  CsMessageBar *message;
  GtkWidget *row;

  fixture_set_page (fixture, CS_TYPE_WELCOME_PAGE);
  message = get_message (fixture->page, "my_domain_message");
  row = get_widget (fixture->page, "my_domain_row");
  set_check (fixture->page, "my_domain_check", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_test_message ("%s", loopback[i]);
      set_text (fixture->page, "my_domain_row", loopback[i]);
      g_assert_false (cs_page_get_complete (fixture->page));
      g_assert_null (cs_setup_context_get_login_host (fixture->context));
      g_assert_null (cs_setup_context_get_my_domain (fixture->context));
      g_assert_true (cs_message_bar_is_shown (message));
      g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_ERROR);
      g_assert_nonnull (strstr (cs_message_bar_get_message (message), "practice org"));
      g_assert_true (gtk_widget_has_css_class (row, "error"));
      g_assert_cmpstr (g_settings_get_string (settings, "my-domain-url"), ==, "");
    }

  /* A real My Domain still goes through. */
  set_text (fixture->page, "my_domain_row", "acme.my.salesforce.com");
  g_assert_true (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));

  /* Nor is one saved by an earlier version taken up at start. */
  g_settings_set_string (settings, "my-domain-url", "http://localhost:8443");
  g_settings_set_enum (settings, "last-environment", CS_ENVIRONMENT_MY_DOMAIN);
  g_clear_object (&fixture->context);
  fixture->context = cs_setup_context_new (settings);
  g_assert_null (cs_setup_context_get_my_domain (fixture->context));
  g_assert_cmpint (cs_setup_context_get_environment (fixture->context), ==, CS_ENVIRONMENT_PRODUCTION);
}

static gboolean
message_shown (gpointer data)
{
  return cs_message_bar_is_shown (data);
}

static void
test_welcome_my_domain_typing (Fixture       *fixture,
                               gconstpointer  data)
{
  CsMessageBar *message;
  GtkEditable *editable;
  const char *typed = "https://acme.lightning";

  fixture_set_page (fixture, CS_TYPE_WELCOME_PAGE);
  set_check (fixture->page, "my_domain_check", TRUE);
  message = get_message (fixture->page, "my_domain_message");
  editable = GTK_EDITABLE (get_widget (fixture->page, "my_domain_row"));

  /* Typed one character at a time: no complaint before a pause... */
  for (int i = 0; typed[i] != '\0'; i++)
    {
      int position = i;

      gtk_editable_insert_text (editable, typed + i, 1, &position);
      g_assert_false (cs_message_bar_is_shown (message));
    }
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, typed);
  g_assert_false (cs_page_get_complete (fixture->page));

  /* ...then it shows. */
  cs_ui_test_wait_until (message_shown, message, G_STRLOC);
  g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_ERROR);
}

static gboolean page_not_applying (gpointer data);

static void
test_welcome_practice (Fixture       *fixture,
                       gconstpointer  data)
{
  CsPracticeProcess *org;
  const char *login_host;

  fixture_set_page (fixture, CS_TYPE_WELCOME_PAGE);
  set_check (fixture->page, "practice_check", TRUE);
  g_assert_true (cs_page_get_complete (fixture->page));
  g_assert_cmpint (cs_setup_context_get_environment (fixture->context), ==, CS_ENVIRONMENT_PRACTICE);
  g_assert_null (cs_setup_context_get_practice_org (fixture->context));

  /* Next starts the practice org's process and moves on once it
   * described itself. */
  g_assert_true (cs_page_apply_begin (fixture->page));
  cs_ui_test_wait_until (page_not_applying, fixture->page, "the practice org to start");
  org = cs_setup_context_get_practice_org (fixture->context);
  g_assert_nonnull (org);
  g_assert_true (cs_practice_process_get_running (org));
  g_assert_cmpint (cs_practice_process_get_pid (org), >, 0);
  login_host = cs_setup_context_get_login_host (fixture->context);
  g_assert_nonnull (login_host);
  g_assert_true (cs_login_host_is_loopback (login_host));
  g_assert_false (cs_message_bar_is_shown (get_message (fixture->page, "message_bar")));
}

/* Prerequisites */

static const char * const prerequisite_checks[] = {
  "api_access_check", "sync_user_check", "marketo_oauth_check", "app_rights_check",
};

static void
test_prerequisites_checklist (Fixture       *fixture,
                              gconstpointer  data)
{
  CsMessageBar *message;

  fixture_set_page (fixture, CS_TYPE_PREREQUISITES_PAGE);
  message = get_message (fixture->page, "username_message");

  g_assert_cmpstr (cs_page_get_title (fixture->page), ==, "Before You Start");
  g_assert_false (cs_page_get_complete (fixture->page));

  /* Every box, but no username yet. */
  for (guint i = 0; i < G_N_ELEMENTS (prerequisite_checks); i++)
    {
      g_assert_false (cs_page_get_complete (fixture->page));
      set_check (fixture->page, prerequisite_checks[i], TRUE);
    }
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));

  /* A username of the wrong shape. */
  set_text (fixture->page, "username_row", "marketo sync");
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_true (cs_message_bar_is_shown (message));
  g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_ERROR);
  g_assert_null (cs_setup_context_get_expected_username (fixture->context));

  set_text (fixture->page, "username_row", "marketo.sync@");
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_true (cs_message_bar_is_shown (message));

  set_text (fixture->page, "username_row", "marketo.sync@acme");
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_true (cs_message_bar_is_shown (message));

  /* The right shape, with spaces around it. */
  set_text (fixture->page, "username_row", " marketo.sync@acme.example.com ");
  g_assert_true (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));
  g_assert_cmpstr (cs_setup_context_get_expected_username (fixture->context), ==, "marketo.sync@acme.example.com");

  /* Every box counts. */
  for (guint i = 0; i < G_N_ELEMENTS (prerequisite_checks); i++)
    {
      set_check (fixture->page, prerequisite_checks[i], FALSE);
      g_assert_false (cs_page_get_complete (fixture->page));
      set_check (fixture->page, prerequisite_checks[i], TRUE);
      g_assert_true (cs_page_get_complete (fixture->page));
    }

  /* Emptied: incomplete, silently. */
  set_text (fixture->page, "username_row", "");
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message));
  g_assert_null (cs_setup_context_get_expected_username (fixture->context));
}

static void
test_prerequisites_practice (Fixture       *fixture,
                             gconstpointer  data)
{
  CsPracticeOrg *org = start_practice_org (fixture->context);
  CsMessageBar *message;

  fixture_set_page (fixture, CS_TYPE_PREREQUISITES_PAGE);
  message = get_message (fixture->page, "username_message");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (fixture->page, "username_row"))),
                   ==, cs_practice_org_get_sync_username (org));
  g_assert_cmpstr (cs_setup_context_get_expected_username (fixture->context),
                   ==, cs_practice_org_get_sync_username (org));
  g_assert_true (cs_message_bar_is_shown (message));
  g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_INFO);
  g_assert_nonnull (strstr (cs_message_bar_get_message (message), "practice"));

  /* The boxes still need ticking. */
  g_assert_false (cs_page_get_complete (fixture->page));
  for (guint i = 0; i < G_N_ELEMENTS (prerequisite_checks); i++)
    set_check (fixture->page, prerequisite_checks[i], TRUE);
  g_assert_true (cs_page_get_complete (fixture->page));

  /* Back to a real org: the practice user does not exist there. */
  cs_setup_context_set_environment (fixture->context, CS_ENVIRONMENT_PRODUCTION);
  cs_page_shown (fixture->page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (fixture->page, "username_row"))), ==, "");
  g_assert_null (cs_setup_context_get_expected_username (fixture->context));
  g_assert_false (cs_message_bar_is_shown (message));
  g_assert_false (cs_page_get_complete (fixture->page));
}

/* External Client App */

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &read);
  cs_ui_test_wait_until (clipboard_read_done, &read, G_STRLOC);
  return read.text;
}

static void
test_external_app_copy (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *callback_row, *quick_find_row, *button;
  g_autofree char *copied = NULL;
  g_autofree char *copied_again = NULL;

  fixture_set_page (fixture, CS_TYPE_EXTERNAL_APP_PAGE);
  g_assert_cmpstr (cs_page_get_title (fixture->page), ==, "Create the External Client App");
  g_assert_true (cs_page_get_complete (fixture->page));

  callback_row = get_widget (fixture->page, "callback_row");
  g_assert_cmpstr (cs_copy_row_get_value (CS_COPY_ROW (callback_row)), ==,
                   "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect");

  /* The icon-only button says what it copies. */
  button = cs_copy_row_get_button (CS_COPY_ROW (callback_row));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Copy callback URL");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Copy callback URL");

  g_signal_emit_by_name (button, "clicked");
  copied = read_clipboard (button);
  g_assert_cmpstr (copied, ==, "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect");

  /* Activating the row copies too. */
  quick_find_row = get_widget (fixture->page, "quick_find_row");
  g_signal_emit_by_name (gtk_widget_get_parent (quick_find_row), "row-activated", quick_find_row);
  copied_again = read_clipboard (quick_find_row);
  g_assert_cmpstr (copied_again, ==, "App Manager");
}

static gboolean
switch_active (gpointer data)
{
  return gtk_switch_get_active (data);
}

static void
test_external_app_pkce (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkSwitch *pkce_switch;
  GtkWidget *row;
  GSettings *settings = cs_setup_context_get_settings (fixture->context);

  fixture_set_page (fixture, CS_TYPE_EXTERNAL_APP_PAGE);
  pkce_switch = GTK_SWITCH (get_widget (fixture->page, "pkce_switch"));

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (pkce_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Use PKCE (Proof Key for Code Exchange)");

  /* On by default. */
  g_assert_true (cs_setup_context_get_use_pkce (fixture->context));
  g_assert_true (gtk_switch_get_active (pkce_switch));

  gtk_switch_set_active (pkce_switch, FALSE);
  g_assert_false (cs_setup_context_get_use_pkce (fixture->context));
  g_assert_false (g_settings_get_boolean (settings, "use-pkce"));

  /* Activating the row (click, Enter, its mnemonic) flips the switch. */
  row = get_widget (fixture->page, "pkce_row");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  /* The switch flips at the end of its animation. */
  cs_ui_test_wait_until (switch_active, pkce_switch, G_STRLOC);
  g_assert_true (cs_setup_context_get_use_pkce (fixture->context));

  /* And the other way: the context drives the switch. */
  cs_setup_context_set_use_pkce (fixture->context, FALSE);
  g_assert_false (gtk_switch_get_active (pkce_switch));
}

static void
test_external_app_practice (Fixture       *fixture,
                            gconstpointer  data)
{
  CsPracticeOrg *org = start_practice_org (fixture->context);
  CsMessageBar *message;

  fixture_set_page (fixture, CS_TYPE_EXTERNAL_APP_PAGE);
  message = get_message (fixture->page, "message_bar");

  g_assert_false (gtk_widget_get_visible (get_widget (fixture->page, "open_button")));
  g_assert_true (cs_message_bar_is_shown (message));
  g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_INFO);
  g_assert_cmpstr (cs_copy_row_get_value (CS_COPY_ROW (get_widget (fixture->page, "callback_row"))),
                   ==, cs_practice_org_get_callback_url (org));

  /* Back to a real org: the browser button returns. */
  cs_setup_context_set_environment (fixture->context, CS_ENVIRONMENT_SANDBOX);
  g_assert_true (gtk_widget_get_visible (get_widget (fixture->page, "open_button")));
  g_assert_false (cs_message_bar_is_shown (message));
}

static void
test_external_app_uri (void)
{
  g_autofree char *production = cs_external_app_page_build_app_manager_uri ("https://login.salesforce.com");
  g_autofree char *my_domain = cs_external_app_page_build_app_manager_uri ("https://acme.my.salesforce.com");

  g_assert_cmpstr (production, ==,
                   "https://login.salesforce.com/?startURL=%2Flightning%2Fsetup%2FNavigationMenus%2Fhome");
  g_assert_true (g_str_has_prefix (my_domain, "https://acme.my.salesforce.com/?startURL="));
}

/* Consumer Key and Secret */

static void
test_credentials_shape (Fixture       *fixture,
                        gconstpointer  data)
{
  CsMessageBar *key_message, *secret_message;
  GtkEditable *key_row;

  fixture_set_page (fixture, CS_TYPE_CREDENTIALS_PAGE);
  key_message = get_message (fixture->page, "key_message");
  secret_message = get_message (fixture->page, "secret_message");
  key_row = GTK_EDITABLE (get_widget (fixture->page, "key_row"));

  g_assert_cmpstr (cs_page_get_title (fixture->page), ==, "Consumer Key and Secret");

  /* Empty: incomplete, no complaint. */
  g_assert_false (cs_page_get_complete (fixture->page));
  g_assert_false (cs_message_bar_is_shown (key_message));
  g_assert_false (cs_message_bar_is_shown (secret_message));

  /* A space inside. */
  set_text (fixture->page, "key_row", "3MVG9A2kN8Bl7EXAMPLE consumer_key");
  g_assert_true (cs_message_bar_is_shown (key_message));
  g_assert_cmpint (cs_message_bar_get_message_type (key_message), ==, CS_MESSAGE_ERROR);
  g_assert_nonnull (strstr (cs_message_bar_get_message (key_message), "space"));
  g_assert_false (cs_page_get_complete (fixture->page));

  /* Too short. */
  set_text (fixture->page, "key_row", "3MVG9A2kN8");
  g_assert_true (cs_message_bar_is_shown (key_message));
  g_assert_nonnull (strstr (cs_message_bar_get_message (key_message), "short"));

  /* A character no key has. */
  set_text (fixture->page, "key_row", "3MVG9A2kN8Bl7EXAMPLE-consumer_key");
  g_assert_true (cs_message_bar_is_shown (key_message));
  g_assert_nonnull (strstr (cs_message_bar_get_message (key_message), "“-”"));

  /* Whitespace and line breaks around a paste are dropped. */
  set_text (fixture->page, "key_row", "\n  " GOOD_KEY " \r\n");
  g_assert_cmpstr (gtk_editable_get_text (key_row), ==, GOOD_KEY);
  g_assert_false (cs_message_bar_is_shown (key_message));
  g_assert_false (cs_page_get_complete (fixture->page));

  /* The secret's shape. */
  set_text (fixture->page, "secret_row", "tooshort");
  g_assert_true (cs_message_bar_is_shown (secret_message));
  g_assert_false (cs_page_get_complete (fixture->page));

  set_text (fixture->page, "secret_row", "A1B2C3D4 E5F60718293A");
  g_assert_true (cs_message_bar_is_shown (secret_message));
  g_assert_false (cs_page_get_complete (fixture->page));

  set_text (fixture->page, "secret_row", GOOD_KEY);
  g_assert_true (cs_message_bar_is_shown (secret_message));
  g_assert_nonnull (strstr (cs_message_bar_get_message (secret_message), "Key again"));
  g_assert_false (cs_page_get_complete (fixture->page));

  set_text (fixture->page, "secret_row", "\t" GOOD_SECRET "\n");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (fixture->page, "secret_row"))),
                   ==, GOOD_SECRET);
  g_assert_false (cs_message_bar_is_shown (secret_message));
  g_assert_true (cs_page_get_complete (fixture->page));

  /* Not the usual prefix: a warning, which does not block. */
  set_text (fixture->page, "key_row", "ABCD9A2kN8Bl7EXAMPLE.consumer_key");
  g_assert_true (cs_message_bar_is_shown (key_message));
  g_assert_cmpint (cs_message_bar_get_message_type (key_message), ==, CS_MESSAGE_WARNING);
  g_assert_nonnull (strstr (cs_message_bar_get_message (key_message), "3MVG"));
  g_assert_true (cs_page_get_complete (fixture->page));

  /* Emptied again. */
  set_text (fixture->page, "key_row", "");
  g_assert_false (cs_message_bar_is_shown (key_message));
  g_assert_false (cs_page_get_complete (fixture->page));
}

typedef struct
{
  gboolean done;
  gboolean valid;
} ApplyResult;

static void
apply_done_cb (CsPage      *page,
               gboolean     valid,
               ApplyResult *result)
{
  result->done = TRUE;
  result->valid = valid;
}

static gboolean
apply_finished (gpointer data)
{
  return ((ApplyResult *) data)->done;
}

static void
test_credentials_save (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *secret = NULL;
  char *stored_key, *stored_secret;
  CsSecretStore *store;
  CsConnection *connection;
  ApplyResult result = { FALSE, FALSE };

  /* A secret no other test uses, to look for in files afterwards. */
  g_strdelimit (uuid, "-", 'F');
  secret = g_strconcat ("S3cr3t", uuid, NULL);

  cs_setup_context_set_environment (fixture->context, CS_ENVIRONMENT_PRODUCTION);
  fixture_set_page (fixture, CS_TYPE_CREDENTIALS_PAGE);
  g_signal_connect (fixture->page, "apply-done", G_CALLBACK (apply_done_cb), &result);

  set_text (fixture->page, "key_row", " " GOOD_KEY "\n");
  set_text (fixture->page, "secret_row", secret);
  g_assert_true (cs_page_get_complete (fixture->page));

  g_assert_true (cs_page_apply_begin (fixture->page));
  cs_ui_test_wait_until (apply_finished, &result, G_STRLOC);
  g_assert_true (result.valid);
  g_assert_false (cs_message_bar_is_shown (get_message (fixture->page, "message_bar")));

  g_assert_cmpstr (cs_setup_context_get_consumer_key (fixture->context), ==, GOOD_KEY);
  g_assert_cmpstr (cs_setup_context_get_consumer_secret (fixture->context), ==, secret);

  /* In the real keyring, under the connection being set up. */
  store = cs_setup_context_get_secret_store (fixture->context);
  connection = cs_setup_context_get_connection (fixture->context);
  g_assert_nonnull (connection);
  stored_key = cs_secret_store_lookup_sync (store, connection->id, CS_SECRET_KIND_CONSUMER_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored_key, ==, GOOD_KEY);
  cs_secret_free (stored_key);
  stored_secret = cs_secret_store_lookup_sync (store, connection->id, CS_SECRET_KIND_CONSUMER_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored_secret, ==, secret);
  cs_secret_free (stored_secret);

  /* And in no file. */
  cs_test_assert_no_file_contains (secret);

  cs_secret_store_clear_sync (store, connection->id, NULL, &error);
  g_assert_no_error (error);
}

static void
test_credentials_save_cancelled (Fixture       *fixture,
                                 gconstpointer  data)
{
  ApplyResult result = { FALSE, TRUE };
  CsMessageBar *message;

  cs_setup_context_set_environment (fixture->context, CS_ENVIRONMENT_SANDBOX);
  fixture_set_page (fixture, CS_TYPE_CREDENTIALS_PAGE);
  message = get_message (fixture->page, "message_bar");
  g_signal_connect (fixture->page, "apply-done", G_CALLBACK (apply_done_cb), &result);

  set_text (fixture->page, "key_row", GOOD_KEY);
  set_text (fixture->page, "secret_row", GOOD_SECRET);

  /* Cancel pressed before the keyring answered: the admin stays here and
   * sees no error for it. */
  g_assert_true (cs_page_apply_begin (fixture->page));
  g_assert_nonnull (cs_page_get_apply_cancellable (fixture->page));
  cs_page_apply_cancel (fixture->page);
  cs_ui_test_wait_until (apply_finished, &result, G_STRLOC);
  g_assert_false (result.valid);
  g_assert_false (cs_page_get_applying (fixture->page));
  g_assert_null (cs_page_get_apply_cancellable (fixture->page));
  g_assert_false (cs_message_bar_is_shown (message) &&
                  cs_message_bar_get_message_type (message) == CS_MESSAGE_ERROR);
}

static void
test_credentials_save_error (Fixture       *fixture,
                             gconstpointer  data)
{
  ApplyResult result = { FALSE, TRUE };
  CsMessageBar *message;

  /* My Domain without a valid address: there is no connection to save
   * under, and the core says so. */
  cs_setup_context_set_environment (fixture->context, CS_ENVIRONMENT_MY_DOMAIN);
  g_assert_null (cs_setup_context_get_login_host (fixture->context));
  fixture_set_page (fixture, CS_TYPE_CREDENTIALS_PAGE);
  message = get_message (fixture->page, "message_bar");
  g_signal_connect (fixture->page, "apply-done", G_CALLBACK (apply_done_cb), &result);

  set_text (fixture->page, "key_row", GOOD_KEY);
  set_text (fixture->page, "secret_row", GOOD_SECRET);
  g_assert_true (cs_page_apply_begin (fixture->page));
  cs_ui_test_wait_until (apply_finished, &result, G_STRLOC);

  g_assert_false (result.valid);
  g_assert_true (cs_message_bar_is_shown (message));
  g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_ERROR);
  /* The error names what to do, never the secret. */
  g_assert_null (strstr (cs_message_bar_get_message (message), GOOD_SECRET));
  g_assert_true (cs_page_get_complete (fixture->page));
}

static gboolean
page_not_applying (gpointer data)
{
  return !cs_page_get_applying (data);
}

/* The window closed while the keyring was being written, which then
 * failed: the disposed page has nowhere to show the error, and must not
 * try. */
static void
test_credentials_save_error_after_dispose (Fixture       *fixture,
                                           gconstpointer  data)
{

  /* No connection to save under (see save-error): a failure, not a
   * cancellation. */
  cs_setup_context_set_environment (fixture->context, CS_ENVIRONMENT_MY_DOMAIN);
  fixture_set_page (fixture, CS_TYPE_CREDENTIALS_PAGE);
  set_text (fixture->page, "key_row", GOOD_KEY);
  set_text (fixture->page, "secret_row", GOOD_SECRET);
  g_assert_true (cs_page_apply_begin (fixture->page));

  gtk_window_set_child (fixture->window, NULL);
  g_object_run_dispose (G_OBJECT (fixture->page));

  cs_ui_test_wait_until (page_not_applying, fixture->page, G_STRLOC);
}

static void
test_credentials_practice (Fixture       *fixture,
                           gconstpointer  data)
{
  CsPracticeOrg *org = start_practice_org (fixture->context);
  CsMessageBar *message;

  fixture_set_page (fixture, CS_TYPE_CREDENTIALS_PAGE);
  message = get_message (fixture->page, "message_bar");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (fixture->page, "key_row"))),
                   ==, cs_practice_org_get_consumer_key (org));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (fixture->page, "secret_row"))),
                   ==, cs_practice_org_get_consumer_secret (org));
  g_assert_true (cs_message_bar_is_shown (message));
  g_assert_cmpint (cs_message_bar_get_message_type (message), ==, CS_MESSAGE_INFO);
  g_assert_true (cs_page_get_complete (fixture->page));

  /* Leaving the practice org clears its values. */
  cs_setup_context_set_environment (fixture->context, CS_ENVIRONMENT_PRODUCTION);
  cs_page_shown (fixture->page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (fixture->page, "key_row"))), ==, "");
  g_assert_false (cs_message_bar_is_shown (message));
  g_assert_false (cs_page_get_complete (fixture->page));
}

/* Confirm */

static void
request_page_cb (CsPage     *page,
                 const char *name,
                 GPtrArray  *requested)
{
  g_ptr_array_add (requested, g_strdup (name));
}

/* While Confirm stores the login, "Log In Again" (which forgets that
 * login) is off; it works again once Confirm ended. */
static void
test_confirm_log_in_again_while_applying (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GPtrArray) requested = g_ptr_array_new_with_free_func (g_free);
  ApplyResult result = { FALSE, TRUE };

  fixture_set_page (fixture, CS_TYPE_CONFIRM_PAGE);
  g_signal_connect (fixture->page, "request-page", G_CALLBACK (request_page_cb), requested);
  g_signal_connect (fixture->page, "apply-done", G_CALLBACK (apply_done_cb), &result);

  /* Nobody logged in: Confirm fails, but only on a later iteration. */
  g_assert_true (cs_page_apply_begin (fixture->page));
  g_assert_true (cs_page_get_applying (fixture->page));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "confirm.log-in-again", NULL);
  g_assert_cmpuint (requested->len, ==, 0);

  cs_ui_test_wait_until (apply_finished, &result, G_STRLOC);
  g_assert_false (result.valid);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "confirm.log-in-again", NULL);
  g_assert_cmpuint (requested->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (requested, 0), ==, "login");
}

/* Through the assistant */

typedef struct
{
  CsAssistant *assistant;
  const char  *name;
} PageWait;

static gboolean
current_page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (cs_assistant_get_current_name (wait->assistant), wait->name) == 0;
}

static void
wait_for_page (CsAssistant *assistant,
               const char  *name)
{
  PageWait wait = { assistant, name };

  cs_ui_test_wait_until (current_page_is, &wait, G_STRLOC);
}

/* The whole assistant in the fixture's window, on its first page. */
static CsAssistant *
present_assistant (Fixture *fixture)
{
  CsAssistant *assistant = cs_assistant_new (fixture->context);

  gtk_window_set_child (fixture->window, GTK_WIDGET (assistant));
  gtk_window_present (fixture->window);
  cs_ui_test_flush_events ();
  return assistant;
}

/* No Back on the first page; pressed from the keyboard onto it, the focus
 * does not vanish with the button: the page takes it, as when it opened. */
static void
test_assistant_back_to_first_page (Fixture       *fixture,
                                   gconstpointer  data)
{
  CsAssistant *assistant = present_assistant (fixture);
  GtkWidget *back_button = get_widget (assistant, "back_button");
  GtkWidget *focus;

  g_assert_cmpstr (cs_assistant_get_current_name (assistant), ==, "welcome");
  g_assert_false (gtk_widget_get_visible (back_button));

  gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL);
  wait_for_page (assistant, "prerequisites");
  g_assert_true (gtk_widget_get_visible (back_button));
  g_assert_true (gtk_widget_grab_focus (back_button));
  gtk_widget_activate (back_button);
  wait_for_page (assistant, "welcome");
  cs_ui_test_flush_events ();
  g_assert_false (gtk_widget_get_visible (back_button));
  focus = gtk_window_get_focus (fixture->window);
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (cs_assistant_get_page (assistant, "welcome"))));
}

static void
test_assistant_practice_flow (Fixture       *fixture,
                              gconstpointer  data)
{
  CsAssistant *assistant = present_assistant (fixture);
  GtkWidget *back_button = get_widget (assistant, "back_button");
  CsPage *page;
  CsPracticeProcess *org;  /* the child the wizard started */

  /* Welcome: the practice org. Nothing before it, so no Back. */
  g_assert_cmpstr (cs_assistant_get_current_name (assistant), ==, "welcome");
  g_assert_false (gtk_widget_get_visible (back_button));
  g_assert_false (cs_assistant_can_go_back (assistant));
  page = cs_assistant_get_page (assistant, "welcome");
  set_check (page, "practice_check", TRUE);
  g_assert_true (cs_assistant_can_go_next (assistant));
  gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL);
  wait_for_page (assistant, "prerequisites");
  g_assert_true (gtk_widget_get_visible (back_button));
  org = cs_setup_context_get_practice_org (fixture->context);
  g_assert_nonnull (org);

  /* Prerequisites: the practice user is filled in; Enter in the username
   * goes on once every box is ticked. */
  page = cs_assistant_get_page (assistant, "prerequisites");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (page, "username_row"))),
                   ==, cs_practice_process_get_sync_username (org));
  g_assert_false (cs_assistant_can_go_next (assistant));
  g_signal_emit_by_name (get_widget (page, "username_row"), "entry-activated");
  cs_ui_test_flush_events ();
  g_assert_cmpstr (cs_assistant_get_current_name (assistant), ==, "prerequisites");
  for (guint i = 0; i < G_N_ELEMENTS (prerequisite_checks); i++)
    set_check (page, prerequisite_checks[i], TRUE);
  g_assert_true (cs_assistant_can_go_next (assistant));
  g_signal_emit_by_name (get_widget (page, "username_row"), "entry-activated");
  wait_for_page (assistant, "external-app");

  /* External app: the practice callback, always complete. */
  page = cs_assistant_get_page (assistant, "external-app");
  g_assert_cmpstr (cs_copy_row_get_value (CS_COPY_ROW (get_widget (page, "callback_row"))),
                   ==, cs_practice_process_get_callback_url (org));
  g_assert_true (cs_assistant_can_go_next (assistant));
  cs_assistant_next (assistant);
  wait_for_page (assistant, "credentials");

  /* Credentials: prefilled. */
  page = cs_assistant_get_page (assistant, "credentials");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (page, "key_row"))),
                   ==, cs_practice_process_get_consumer_key (org));
  g_assert_true (cs_assistant_can_go_next (assistant));

  /* Back and forth: the pages keep what is in them. */
  cs_assistant_back (assistant);
  wait_for_page (assistant, "external-app");
  cs_assistant_back (assistant);
  wait_for_page (assistant, "prerequisites");
  g_assert_true (cs_assistant_can_go_next (assistant));
  cs_assistant_next (assistant);
  wait_for_page (assistant, "external-app");
  cs_assistant_next (assistant);
  wait_for_page (assistant, "credentials");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (page, "key_row"))),
                   ==, cs_practice_process_get_consumer_key (org));

  /* Enter in the secret saves to the keyring and goes on to the login. */
  g_signal_emit_by_name (get_widget (page, "secret_row"), "entry-activated");
  wait_for_page (assistant, "login");
  g_assert_cmpstr (cs_setup_context_get_consumer_key (fixture->context),
                   ==, cs_practice_process_get_consumer_key (org));

  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (fixture->context),
                              cs_setup_context_get_connection (fixture->context)->id, NULL, NULL);
}

/* The row under an entry, on its own: what the three pages' fields share. */

typedef struct
{
  guint    n_checks;
  gboolean pasted;
} CheckCount;

static void
entry_check_cb (CsEntryMessageRow *row,
                gboolean           pasted,
                CheckCount        *count)
{
  count->n_checks++;
  count->pasted = pasted;
  /* Anything but digits is a problem; "7777" is only a warning. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (cs_entry_message_row_get_entry (row))), "7777") == 0)
    cs_entry_message_row_set_problem (row, CS_MESSAGE_WARNING, "Seven?", pasted);
  else if (strspn (gtk_editable_get_text (GTK_EDITABLE (cs_entry_message_row_get_entry (row))), "0123456789") !=
           strlen (gtk_editable_get_text (GTK_EDITABLE (cs_entry_message_row_get_entry (row)))))
    cs_entry_message_row_set_problem (row, CS_MESSAGE_ERROR, "Digits only.", pasted);
  else
    cs_entry_message_row_set_problem (row, CS_MESSAGE_ERROR, NULL, pasted);
}

static void
test_entry_message_row (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *entry = adw_entry_row_new ();
  CsEntryMessageRow *row = g_object_new (CS_TYPE_ENTRY_MESSAGE_ROW, "entry", entry, NULL);
  CsMessageBar *bar = cs_entry_message_row_get_message_bar (row);
  CheckCount count = { 0, FALSE };
  int position = 0;

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
  gtk_window_set_child (fixture->window, group);
  gtk_window_present (fixture->window);
  g_signal_connect (row, "check", G_CALLBACK (entry_check_cb), &count);
  g_assert_true (cs_entry_message_row_get_entry (row) == ADW_ENTRY_ROW (entry));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));

  /* Typed: the problem waits for a pause, then shows and marks the entry. */
  gtk_editable_insert_text (GTK_EDITABLE (entry), "a", 1, &position);
  g_assert_cmpuint (count.n_checks, ==, 1);
  g_assert_false (count.pasted);
  g_assert_false (cs_message_bar_is_shown (bar));
  cs_ui_test_wait_until (message_shown, bar, G_STRLOC);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_cmpstr (cs_message_bar_get_message (bar), ==, "Digits only.");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  /* Set right: gone at once, and so is the mark. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "42");
  g_assert_true (count.pasted);
  g_assert_false (cs_message_bar_is_shown (bar));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  /* Pasted: at once. A warning does not mark the entry. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "7777");
  g_assert_true (count.pasted);
  g_assert_true (cs_message_bar_is_shown (bar));
  g_assert_cmpint (cs_message_bar_get_message_type (bar), ==, CS_MESSAGE_WARNING);
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  /* A message on screen follows the text at once, even when typed. */
  position = 1;
  gtk_editable_insert_text (GTK_EDITABLE (entry), "x", 1, &position);
  g_assert_false (count.pasted);
  g_assert_cmpstr (cs_message_bar_get_message (bar), ==, "Digits only.");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  /* A note shows while nothing is wrong; what waits shows on demand. */
  cs_entry_message_row_set_note (row, "A note.");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_cmpint (cs_message_bar_get_message_type (bar), ==, CS_MESSAGE_INFO);
  g_assert_cmpstr (cs_message_bar_get_message (bar), ==, "A note.");
  cs_entry_message_row_set_note (row, NULL);
  cs_entry_message_row_show_now (row);
  g_assert_false (cs_message_bar_is_shown (bar));
  cs_entry_message_row_set_problem (row, CS_MESSAGE_ERROR, "Later.", FALSE);
  g_assert_false (cs_message_bar_is_shown (bar));
  cs_entry_message_row_show_now (row);
  g_assert_cmpstr (cs_message_bar_get_message (bar), ==, "Later.");
}

/* A connection's health as an icon, the same in the rows (welcome page,
 * credential review) and in the review's details: what works, what is
 * unknown (the keyring unreadable) and what needs the admin. */
static void
test_connection_health_icon (void)
{
  const struct {
    CsConnectionHealth  health;
    const char         *icon;
    const char         *style;
  } cases[] = {
    { CS_CONNECTION_HEALTH_OK, "emblem-ok-symbolic", "success" },
    { CS_CONNECTION_HEALTH_UNKNOWN, "dialog-question-symbolic", "dim-label" },
    { CS_CONNECTION_HEALTH_NOT_CONFIRMED, "dialog-warning-symbolic", "warning" },
    { CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION, "dialog-warning-symbolic", "warning" },
    { CS_CONNECTION_HEALTH_SECRETS_MISSING, "dialog-warning-symbolic", "warning" },
  };
  GtkWidget *image = g_object_ref_sink (gtk_image_new ());

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cs_connection_row_show_health_icon (GTK_IMAGE (image), cases[i].health);
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, cases[i].icon);
      g_assert_true (gtk_widget_has_css_class (image, cases[i].style));
      /* The previous case's colour is gone. */
      if (i > 0 && g_strcmp0 (cases[i - 1].style, cases[i].style) != 0)
        g_assert_false (gtk_widget_has_css_class (image, cases[i - 1].style));
    }
  g_object_unref (image);
}

/* Choice rows */

/* The label under @root that shows @text (visible ones only). */
static GtkLabel *
label_showing (GtkWidget  *root,
               const char *text)
{
  GtkLabel *label = cs_wizard_find_label (root, text, FALSE);

  if (label == NULL)
    g_error ("No label “%s”", text);
  return label;
}

/* Activating the row (a click, Enter, the title's mnemonic) picks its
 * button; the button is named after the row for screen readers. */
static void
test_choice_row_activation (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *first = cs_choice_row_new ();
  GtkWidget *second = cs_choice_row_new ();
  GtkWidget *first_check = gtk_check_button_new ();
  GtkWidget *second_check = gtk_check_button_new ();
  g_autoptr(GPtrArray) labels = NULL;

  gtk_check_button_set_group (GTK_CHECK_BUTTON (second_check), GTK_CHECK_BUTTON (first_check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (first_check), TRUE);
  g_object_set (first, "title", "_Set up a new connection", "use-underline", TRUE,
                "subtitle", "For the first time", "prefix", first_check, NULL);
  g_object_set (second, "title", "Re_view stored credentials", "use-underline", TRUE,
                "subtitle", "What is stored and where", NULL);
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (second)));
  cs_choice_row_set_prefix (CS_CHOICE_ROW (second), second_check);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (second)));
  g_assert_true (cs_choice_row_get_prefix (CS_CHOICE_ROW (second)) == second_check);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), first);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), second);
  gtk_window_set_child (fixture->window, group);
  gtk_window_present (fixture->window);
  cs_ui_test_flush_events ();

  /* The row, as a click or Enter activates it. */
  gtk_widget_activate (second);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (second_check)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (first_check)));

  /* The title's mnemonic (Alt+S). */
  g_assert_cmpuint (gtk_label_get_mnemonic_keyval (label_showing (first, "Set up a new connection")), ==, GDK_KEY_S);
  gtk_widget_mnemonic_activate (GTK_WIDGET (label_showing (first, "Set up a new connection")), FALSE);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (first_check)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (second_check)));

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (first_check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Set up a new connection");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (first_check), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "For the first time");
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (first), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       label_showing (first, "Set up a new connection"), NULL);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (first_check), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       label_showing (first, "Set up a new connection"), NULL);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (first_check), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                       label_showing (first, "For the first time"), NULL);
  /* The button comes first for a screen reader, as in AdwActionRow. */
  g_assert_true (gtk_widget_get_first_child (gtk_widget_get_parent (first_check)) == first_check);

  /* A button that cannot be picked: the row is not activatable either. */
  gtk_widget_set_sensitive (first_check, FALSE);
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (first)));
  gtk_widget_set_sensitive (first_check, TRUE);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (first)));

  /* A new title renames the button; no subtitle, no description. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (second), "Re_view");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (second_check), GTK_ACCESSIBLE_PROPERTY_LABEL, "Review");
  cs_choice_row_set_subtitle (CS_CHOICE_ROW (second), NULL);
  g_assert_cmpstr (cs_choice_row_get_subtitle (CS_CHOICE_ROW (second)), ==, "");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (second_check),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  /* Only the title shows. */
  labels = g_ptr_array_new ();
  cs_wizard_collect_widgets (second, GTK_TYPE_LABEL, labels);
  g_assert_cmpuint (labels->len, ==, 1);

  /* Without its button, the row has nothing to activate. */
  cs_choice_row_set_prefix (CS_CHOICE_ROW (second), NULL);
  g_assert_null (cs_choice_row_get_prefix (CS_CHOICE_ROW (second)));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (second)));
  gtk_widget_activate (second);
}

/* The row stands in for an AdwActionRow with the same texts and prefix:
 * same height and same places for button and texts, at any width, whether
 * the texts wrap or not. */
static void
test_choice_row_like_action_row (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *subtitles[] = {
    "login.salesforce.com",
    "How a stored connection’s record sync is doing, its errors of the last 5 days; Sync Now, Pause or Resume",
    NULL,
  };
  const int widths[] = { 360, 520, 800 };
  g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (style, "/io/github/crmsync/Setup/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  for (guint s = 0; s < G_N_ELEMENTS (subtitles); s++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
        GtkWidget *groups[2] = { adw_preferences_group_new (), adw_preferences_group_new () };
        GtkWidget *choice = cs_choice_row_new ();
        GtkWidget *action = adw_action_row_new ();
        GtkWidget *choice_check = gtk_check_button_new ();
        GtkWidget *action_check = gtk_check_button_new ();
        const char *title = "Re-authorize an existing connection";
        graphene_rect_t choice_bounds, action_bounds;

        g_object_set (choice, "title", title, "subtitle", subtitles[s], "prefix", choice_check, NULL);
        gtk_widget_set_valign (action_check, GTK_ALIGN_CENTER);
        adw_action_row_add_prefix (ADW_ACTION_ROW (action), action_check);
        g_object_set (action, "title", title, "subtitle", subtitles[s], "activatable-widget", action_check, NULL);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[0]), choice);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[1]), action);
        gtk_box_append (GTK_BOX (box), groups[0]);
        gtk_box_append (GTK_BOX (box), groups[1]);
        gtk_widget_set_size_request (box, widths[w], -1);
        gtk_widget_set_halign (box, GTK_ALIGN_START);
        gtk_widget_set_valign (box, GTK_ALIGN_START);
        gtk_window_set_child (fixture->window, box);
        gtk_window_present (fixture->window);
        cs_ui_test_flush_events ();

        g_assert_cmpint (gtk_widget_get_width (choice), ==, gtk_widget_get_width (action));
        g_assert_cmpint (gtk_widget_get_height (choice), ==, gtk_widget_get_height (action));
        g_assert_true (gtk_widget_compute_bounds (choice_check, choice, &choice_bounds));
        g_assert_true (gtk_widget_compute_bounds (action_check, action, &action_bounds));
        g_assert_true (graphene_rect_equal (&choice_bounds, &action_bounds));
        g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label_showing (choice, title)), choice, &choice_bounds));
        g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label_showing (action, title)), action, &action_bounds));
        g_assert_true (graphene_rect_equal (&choice_bounds, &action_bounds));
        if (subtitles[s] != NULL)
          {
            g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label_showing (choice, subtitles[s])), choice,
                                                      &choice_bounds));
            g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label_showing (action, subtitles[s])), action,
                                                      &action_bounds));
            g_assert_true (graphene_rect_equal (&choice_bounds, &action_bounds));
          }
      }
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  cs_ui_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ui/pages/welcome/initial-selection", test_welcome_initial_selection);
  ADD ("/ui/pages/welcome/narrowest-window", test_welcome_narrowest_window);
  ADD ("/ui/pages/welcome/mnemonics", test_welcome_mnemonics);
  ADD ("/ui/pages/welcome/my-domain", test_welcome_my_domain);
  ADD ("/ui/pages/welcome/my-domain-typing", test_welcome_my_domain_typing);
  ADD ("/ui/pages/welcome/my-domain-loopback", test_welcome_my_domain_loopback);
  ADD ("/ui/pages/welcome/practice", test_welcome_practice);
  ADD ("/ui/pages/prerequisites/checklist", test_prerequisites_checklist);
  ADD ("/ui/pages/prerequisites/practice", test_prerequisites_practice);
  ADD ("/ui/pages/external-app/copy", test_external_app_copy);
  ADD ("/ui/pages/external-app/pkce", test_external_app_pkce);
  ADD ("/ui/pages/external-app/practice", test_external_app_practice);
  g_test_add_func ("/ui/pages/external-app/app-manager-uri", test_external_app_uri);
  ADD ("/ui/pages/credentials/shape", test_credentials_shape);
  ADD ("/ui/pages/credentials/save", test_credentials_save);
  ADD ("/ui/pages/credentials/save-cancelled", test_credentials_save_cancelled);
  ADD ("/ui/pages/credentials/save-error", test_credentials_save_error);
  ADD ("/ui/pages/credentials/save-error-after-dispose", test_credentials_save_error_after_dispose);
  ADD ("/ui/pages/credentials/practice", test_credentials_practice);
  ADD ("/ui/pages/confirm/log-in-again-while-applying", test_confirm_log_in_again_while_applying);
  ADD ("/ui/pages/assistant/back-to-first-page", test_assistant_back_to_first_page);
  ADD ("/ui/pages/assistant/practice-flow", test_assistant_practice_flow);
  ADD ("/ui/pages/entry-message-row", test_entry_message_row);
  ADD ("/ui/choice-row/activation", test_choice_row_activation);
  ADD ("/ui/choice-row/like-action-row", test_choice_row_like_action_row);
  g_test_add_func ("/ui/connection-row/health-icon", test_connection_health_icon);

#undef ADD

  return g_test_run ();
}
