/* test-field-pages.c: the access check and sync pages against the practice
 * org over HTTP, after a real login and Confirm through the setup context:
 * the seeded findings, Check Again after fixing them in the org, custom
 * objects, failures of the check, recording the catalog and not recording
 * it twice, a failed recording that records nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <adwaita.h>

#include "cs-access-page-private.h"
#include "cs-message-bar.h"
#include "cs-pages.h"
#include "cs-screenshot.h"
#include "cs-setup-context.h"
#include "cs-sync-page-private.h"
#include "cs-test-util.h"
#include "cs-ui-test-util.h"
#include "cs-ui.h"


typedef struct
{
  CsSetupContext *context;
  CsPracticeOrg  *org;      /* owned by the context */
  GtkWindow      *window;
  CsPage         *page;
  char           *connection_id;
} Fixture;

/* ---- helpers ------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *callback = NULL;
  CsOAuthRequest *request;

  f->context = cs_setup_context_new (NULL);
  cs_setup_context_set_environment (f->context, CS_ENVIRONMENT_PRACTICE);
  f->org = cs_ui_test_attach_practice_org (f->context);
  g_assert_no_error (error);
  g_assert_nonnull (f->org);
  cs_setup_context_set_client_credentials (f->context,
                                           cs_practice_org_get_consumer_key (f->org),
                                           cs_practice_org_get_consumer_secret (f->org));

  /* Logged in as the sync user through the org's forms, then confirmed. */
  request = cs_setup_context_begin_authorization (f->context);
  authorize_uri = cs_oauth_request_build_authorize_uri (request);
  callback = cs_test_drive_login (f->org, authorize_uri,
                                  cs_practice_org_get_sync_username (f->org),
                                  cs_practice_org_get_sync_password (f->org),
                                  TRUE, &error);
  g_assert_no_error (error);
  cs_setup_context_complete_login_async (f->context, callback, NULL, cs_test_store_result, &result);
  g_assert_true (cs_setup_context_complete_login_finish (f->context, cs_test_await (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &result);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&result), &error));
  g_assert_no_error (error);
  f->connection_id = g_strdup (cs_setup_context_get_connection (f->context)->id);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 900);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->page);
  cs_ui_test_flush_events ();
  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), f->connection_id, NULL, NULL);
  g_clear_object (&f->context);
  g_clear_pointer (&f->connection_id, g_free);
  f->org = NULL;
}

/* The page alone in a window, shown as the assistant shows it. */
static void
show_page (Fixture *f,
           GType    type)
{
  f->page = g_object_ref_sink (g_object_new (type, "context", f->context, NULL));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  cs_page_shown (f->page);
}

/* Shown again, as after going Back and Next. */
static void
show_again (Fixture *f)
{
  cs_page_shown (f->page);
}

static CsFieldSync *
get_field_sync (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CsFieldSync *field_sync = cs_setup_context_get_field_sync (f->context, &error);

  g_assert_no_error (error);
  g_assert_nonnull (field_sync);
  return field_sync;
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  cs_screenshot_take (f->window, name);
}

static void
assert_message_bar (CsMessageBar  *bar,
                    CsMessageType  type,
                    const char    *button_label,
                    const char    *action_name)
{
  GtkWidget *button = NULL;

  g_assert_true (cs_message_bar_is_shown (bar));
  g_assert_cmpint (cs_message_bar_get_message_type (bar), ==, type);
  g_assert_cmpstr (cs_message_bar_get_message (bar), !=, "");
  g_test_message ("Message: %s", cs_message_bar_get_message (bar));

  /* The bar's one button: revealer → box → icon, label, button. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (bar)); w != NULL && button == NULL; )
    {
      if (GTK_IS_BUTTON (w))
        button = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w) == GTK_WIDGET (bar) ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (button);
  if (button_label == NULL)
    {
      g_assert_false (gtk_widget_get_visible (button));
      return;
    }
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, button_label);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, action_name);
}

/* ---- access page --------------------------------------------------------- */

static CsAccessPage *
access_page (Fixture *f)
{
  return CS_ACCESS_PAGE (f->page);
}

static gboolean
access_idle (gpointer data)
{
  return !cs_access_page_get_checking (CS_ACCESS_PAGE (data));
}

static void
wait_for_check (Fixture *f)
{
  cs_ui_test_wait_until (access_idle, f->page, "the access check");
  cs_ui_test_flush_events ();
}

/* Presses "Check Again" the way a click does; the check starts at once. */
static void
check_again (Fixture *f)
{
  GtkWidget *button = cs_access_page_get_check_button (access_page (f));

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (cs_access_page_get_checking (access_page (f)));
  g_assert_false (cs_page_get_complete (f->page));
  wait_for_check (f);
}

static char *
finding_title (const CsAuditFinding *finding)
{
  return finding->field != NULL ? g_strdup_printf ("%s.%s", finding->object, finding->field)
                                : g_strdup (finding->object);
}

/* The rows show the core's findings, in its order (blocking first). */
static void
assert_rows_match_findings (Fixture *f)
{
  GPtrArray *findings = cs_field_sync_get_findings (get_field_sync (f));
  GtkListBox *list = cs_access_page_get_findings_list (access_page (f));
  guint i = 0;
  gboolean seen_warning = FALSE;

  g_assert_nonnull (findings);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    {
      const CsAuditFinding *finding;
      g_autofree char *title = NULL;

      g_assert_cmpuint (i, <, findings->len);
      finding = g_ptr_array_index (findings, i);
      title = finding_title (finding);
      g_assert_true (ADW_IS_ACTION_ROW (row));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, finding->message);

      if (finding->severity == CS_AUDIT_SEVERITY_WARNING)
        seen_warning = TRUE;
      else
        g_assert_false (seen_warning);
    }
  g_assert_cmpuint (i, ==, findings->len);
}

static gint
find_row (Fixture    *f,
          const char *title)
{
  GtkListBox *list = cs_access_page_get_findings_list (access_page (f));
  gint i = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return i;
  return -1;
}

static const CsAuditFinding *
find_finding (Fixture     *f,
              const char  *object,
              const char  *field,
              CsAuditCode  code)
{
  GPtrArray *findings = cs_field_sync_get_findings (get_field_sync (f));

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const CsAuditFinding *finding = g_ptr_array_index (findings, i);

      if (g_strcmp0 (finding->object, object) == 0 &&
          g_strcmp0 (finding->field, field) == 0 &&
          finding->code == code)
        return finding;
    }
  return NULL;
}

static guint
count_blocking (Fixture *f)
{
  return cs_access_audit_count_blocking (cs_field_sync_get_findings (get_field_sync (f)));
}

/* Fixes what the practice org's seed gets wrong for the sync user. */
static void
fix_seeded_access (Fixture *f)
{
  cs_practice_org_set_field_visible (f->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (f->org, "Campaign", "delete", TRUE);
}

static void
test_access_findings (Fixture       *f,
                      gconstpointer  data)
{
  const CsAuditFinding *hidden;
  const CsAuditFinding *no_delete;
  g_autofree char *expected = NULL;
  guint n_blocking;

  show_page (f, CS_TYPE_ACCESS_PAGE);
  g_assert_cmpstr (cs_page_get_title (f->page), ==, "Check the Sync User’s Access");
  /* Started by itself. */
  g_assert_true (cs_access_page_get_checking (access_page (f)));
  g_assert_cmpstr (cs_access_page_get_summary (access_page (f)), ==, "Checking what the sync user can see…");
  g_assert_false (cs_page_get_complete (f->page));
  wait_for_check (f);

  g_assert_false (cs_message_bar_is_shown (cs_access_page_get_error_bar (access_page (f))));
  g_assert_true (cs_field_sync_has_checked (get_field_sync (f)));

  /* The seed: Lead.ConvertedDate hidden, no Delete on Campaign; both block. */
  hidden = find_finding (f, "Lead", "ConvertedDate", CS_AUDIT_CODE_FIELD_HIDDEN);
  no_delete = find_finding (f, "Campaign", NULL, CS_AUDIT_CODE_NO_DELETE);
  g_assert_nonnull (hidden);
  g_assert_nonnull (no_delete);
  g_assert_cmpint (hidden->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  g_assert_cmpint (no_delete->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  assert_rows_match_findings (f);
  g_assert_cmpint (find_row (f, "Lead.ConvertedDate"), >=, 0);
  g_assert_cmpint (find_row (f, "Campaign"), >=, 0);
  n_blocking = count_blocking (f);
  g_assert_cmpuint (n_blocking, >=, 2);
  g_assert_cmpint (find_row (f, "Lead.ConvertedDate"), <, (gint) n_blocking);
  g_assert_cmpint (find_row (f, "Campaign"), <, (gint) n_blocking);

  expected = g_strdup_printf ("%u problems must be fixed before syncing.", n_blocking);
  g_assert_true (g_str_has_prefix (cs_access_page_get_summary (access_page (f)), expected));
  g_assert_false (cs_page_get_complete (f->page));
  screenshot (f, "access-findings");

  /* Shown again without a change: no new check. */
  show_again (f);
  g_assert_false (cs_access_page_get_checking (access_page (f)));

  /* The admin fixes both in Salesforce and checks again. */
  fix_seeded_access (f);
  check_again (f);
  g_assert_false (cs_message_bar_is_shown (cs_access_page_get_error_bar (access_page (f))));
  g_assert_null (find_finding (f, "Lead", "ConvertedDate", CS_AUDIT_CODE_FIELD_HIDDEN));
  g_assert_null (find_finding (f, "Campaign", NULL, CS_AUDIT_CODE_NO_DELETE));
  g_assert_cmpint (find_row (f, "Lead.ConvertedDate"), <, 0);
  g_assert_cmpint (find_row (f, "Campaign"), <, 0);
  g_assert_cmpuint (count_blocking (f), ==, 0);
  assert_rows_match_findings (f);
  if (cs_field_sync_get_findings (get_field_sync (f))->len == 0)
    g_assert_cmpstr (cs_access_page_get_summary (access_page (f)), ==,
                     "No problems found: the sync user has the access the sync needs.");
  g_assert_true (cs_page_get_complete (f->page));
  screenshot (f, "access-fixed");

  /* Something breaks again: the page follows. */
  cs_practice_org_set_object_permission (f->org, "Campaign", "delete", FALSE);
  check_again (f);
  g_assert_nonnull (find_finding (f, "Campaign", NULL, CS_AUDIT_CODE_NO_DELETE));
  g_assert_cmpint (find_row (f, "Campaign"), ==, 0);
  g_assert_false (cs_page_get_complete (f->page));
}

static GtkWidget *
find_named_descendant (GtkWidget  *root,
                       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_descendant (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
access_checking (gpointer page)
{
  return cs_access_page_get_checking (page);
}

static GtkWidget *
fix_button (Fixture    *f,
            const char *title)
{
  gint index = find_row (f, title);
  GtkListBoxRow *row;

  g_assert_cmpint (index, >=, 0);
  row = gtk_list_box_get_row_at_index (cs_access_page_get_findings_list (access_page (f)), index);
  return find_named_descendant (GTK_WIDGET (row), "fix-button");
}

/* Rehearsing with the practice org: each finding it can change has a Fix
 * button, which changes the org and checks again. */
static void
test_access_practice_fix (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *button;

  show_page (f, CS_TYPE_ACCESS_PAGE);
  wait_for_check (f);
  g_assert_false (cs_page_get_complete (f->page));

  button = fix_button (f, "Lead.ConvertedDate");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  /* The control line answered, the page checks again. */
  g_assert_false (gtk_widget_get_sensitive (button));
  cs_ui_test_wait_until (access_checking, access_page (f), "the check after Fix");
  wait_for_check (f);
  g_assert_null (find_finding (f, "Lead", "ConvertedDate", CS_AUDIT_CODE_FIELD_HIDDEN));
  g_assert_nonnull (find_finding (f, "Campaign", NULL, CS_AUDIT_CODE_NO_DELETE));
  g_assert_false (cs_page_get_complete (f->page));

  button = fix_button (f, "Campaign");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  cs_ui_test_wait_until (access_checking, access_page (f), "the check after Fix");
  wait_for_check (f);
  g_assert_null (find_finding (f, "Campaign", NULL, CS_AUDIT_CODE_NO_DELETE));
  g_assert_cmpuint (count_blocking (f), ==, 0);
  g_assert_true (cs_page_get_complete (f->page));

  /* Not a profile setting: nothing the practice org can fix. */
  cs_field_sync_add_custom_object (get_field_sync (f), "Missing_Thing__c", NULL);
  check_again (f);
  g_assert_cmpint (find_row (f, "Missing_Thing__c"), ==, 0);
  g_assert_null (fix_button (f, "Missing_Thing__c"));
}

static void
type_and_add (Fixture    *f,
              const char *text)
{
  AdwEntryRow *entry = cs_access_page_get_custom_entry (access_page (f));
  GtkWidget *add = cs_access_page_get_add_button (access_page (f));

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_assert_true (gtk_widget_is_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
}

static void
assert_shown_objects (Fixture            *f,
                      const char * const *expected)
{
  g_auto(GStrv) shown = cs_access_page_dup_shown_custom_objects (access_page (f));
  g_auto(GStrv) core = cs_field_sync_dup_custom_objects (get_field_sync (f));

  g_assert_true (g_strv_equal ((const char * const *) shown, expected));
  g_assert_true (g_strv_equal ((const char * const *) core, expected));
}

static gboolean
fields_have_object (Fixture    *f,
                    const char *object)
{
  GListModel *fields = cs_field_sync_get_fields (get_field_sync (f));

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (fields, i);

      if (g_strcmp0 (cs_review_field_get_object (field), object) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
remove_shown_object (Fixture    *f,
                     const char *object)
{
  GtkWidget *row = NULL;
  GtkWidget *button = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (cs_access_page_get_custom_entry (access_page (f))))));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), object) == 0)
      row = child;
  g_assert_nonnull (row);

  /* The row's one button. */
  for (GtkWidget *w = row; w != NULL; )
    {
      if (GTK_IS_BUTTON (w))
        {
          button = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == row ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static void
test_access_custom_objects (Fixture       *f,
                            gconstpointer  data)
{
  static const char * const none[] = { NULL };
  static const char * const generated[] = { "Generated_1__c", NULL };
  static const char * const both[] = { "Generated_1__c", "Missing_Thing__c", NULL };
  AdwEntryRow *entry;
  const CsAuditFinding *missing;

  fix_seeded_access (f);
  cs_practice_org_add_generated_objects (f->org, 1, 4);
  show_page (f, CS_TYPE_ACCESS_PAGE);
  wait_for_check (f);
  g_assert_true (cs_page_get_complete (f->page));
  g_assert_false (fields_have_object (f, "Generated_1__c"));
  entry = cs_access_page_get_custom_entry (access_page (f));

  /* Nothing typed: nothing to add. */
  g_assert_false (gtk_widget_is_sensitive (cs_access_page_get_add_button (access_page (f))));

  /* Not a custom object's API name: said under the entry, nothing added. */
  type_and_add (f, "Invoice");
  g_assert_nonnull (cs_access_page_get_custom_error (access_page (f)));
  g_assert_nonnull (strstr (cs_access_page_get_custom_error (access_page (f)), "__c"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Invoice");
  assert_shown_objects (f, none);
  g_assert_true (cs_page_get_complete (f->page));
  screenshot (f, "access-custom-invalid");

  /* Typing again clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Generated_1__");
  g_assert_null (cs_access_page_get_custom_error (access_page (f)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  /* A real one: listed, and the last check no longer covers the list. */
  type_and_add (f, "  Generated_1__c ");
  g_assert_null (cs_access_page_get_custom_error (access_page (f)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  assert_shown_objects (f, generated);
  g_assert_false (cs_page_get_complete (f->page));
  assert_message_bar (cs_access_page_get_notice_bar (access_page (f)), CS_MESSAGE_INFO, NULL, NULL);

  /* The same again changes nothing. */
  type_and_add (f, "Generated_1__c");
  assert_shown_objects (f, generated);

  check_again (f);
  g_assert_false (cs_message_bar_is_shown (cs_access_page_get_notice_bar (access_page (f))));
  g_assert_true (fields_have_object (f, "Generated_1__c"));
  g_assert_cmpuint (count_blocking (f), ==, 0);
  g_assert_true (cs_page_get_complete (f->page));

  /* One the sync user cannot see (or that does not exist): a blocking
   * finding, until it is removed from the list. */
  type_and_add (f, "Missing_Thing__c");
  assert_shown_objects (f, both);
  check_again (f);
  missing = find_finding (f, "Missing_Thing__c", NULL, CS_AUDIT_CODE_OBJECT_MISSING);
  g_assert_nonnull (missing);
  g_assert_cmpint (missing->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  g_assert_cmpint (find_row (f, "Missing_Thing__c"), ==, 0);
  assert_rows_match_findings (f);
  g_assert_false (cs_page_get_complete (f->page));
  screenshot (f, "access-custom-objects");

  remove_shown_object (f, "Missing_Thing__c");
  assert_shown_objects (f, generated);
  g_assert_false (cs_page_get_complete (f->page));
  check_again (f);
  g_assert_null (find_finding (f, "Missing_Thing__c", NULL, CS_AUDIT_CODE_OBJECT_MISSING));
  g_assert_cmpint (find_row (f, "Missing_Thing__c"), <, 0);
  g_assert_true (cs_page_get_complete (f->page));
}

/* Takes the org off the network, then back on the same address. */
static guint
org_port (Fixture *f)
{
  const char *url = cs_practice_org_get_url (f->org);
  const char *colon = strrchr (url, ':');

  g_assert_nonnull (colon);
  return (guint) g_ascii_strtoull (colon + 1, NULL, 10);
}

static void
test_access_network_down (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint port = org_port (f);

  fix_seeded_access (f);
  cs_practice_org_disconnect (f->org);
  show_page (f, CS_TYPE_ACCESS_PAGE);
  wait_for_check (f);

  assert_message_bar (cs_access_page_get_error_bar (access_page (f)), CS_MESSAGE_ERROR,
                      NULL, NULL);
  g_assert_false (cs_field_sync_has_checked (get_field_sync (f)));
  g_assert_false (cs_page_get_complete (f->page));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (cs_access_page_get_findings_list (access_page (f))),
                                                                   ADW_TYPE_PREFERENCES_GROUP)));
  screenshot (f, "access-network-down");

  /* Back online: Check Again works and clears the message. */
  g_assert_true (cs_practice_org_listen (f->org, port, &error));
  g_assert_no_error (error);
  check_again (f);
  g_assert_false (cs_message_bar_is_shown (cs_access_page_get_error_bar (access_page (f))));
  g_assert_true (cs_field_sync_has_checked (get_field_sync (f)));
  g_assert_true (cs_page_get_complete (f->page));
}

/* Faults of the org that fail the whole check, each with its message. */
static void
test_access_faults (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    CsPracticeFault fault;
    CsError         code;
  } faults[] = {
    { CS_PRACTICE_FAULT_API_DISABLED, CS_ERROR_API_DISABLED },
    { CS_PRACTICE_FAULT_RATE_LIMIT, CS_ERROR_RATE_LIMITED },
  };

  fix_seeded_access (f);
  /* No waiting out the rate limit in a test. */
  cs_salesforce_client_set_rate_limit_backoff (cs_field_sync_get_client (get_field_sync (f)), 0, 1);
  show_page (f, CS_TYPE_ACCESS_PAGE);
  wait_for_check (f);
  g_assert_true (cs_page_get_complete (f->page));

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) expected = cs_error_new_for_code (faults[i].code);

      g_test_message ("Fault %s", cs_practice_fault_to_string (faults[i].fault));
      cs_practice_org_set_fault (f->org, faults[i].fault, TRUE);
      check_again (f);
      assert_message_bar (cs_access_page_get_error_bar (access_page (f)), CS_MESSAGE_ERROR,
                          NULL, NULL);
      /* The core's message for the code says what to do. */
      g_assert_cmpstr (cs_message_bar_get_message (cs_access_page_get_error_bar (access_page (f))), ==,
                       expected->message);
      if (faults[i].fault == CS_PRACTICE_FAULT_API_DISABLED)
        screenshot (f, "access-api-disabled");

      cs_practice_org_set_fault (f->org, faults[i].fault, FALSE);
      check_again (f);
      g_assert_false (cs_message_bar_is_shown (cs_access_page_get_error_bar (access_page (f))));
      g_assert_true (cs_page_get_complete (f->page));
    }
}

static void
request_page_cb (CsPage      *page,
                 const char  *name,
                 char       **requested)
{
  g_free (*requested);
  *requested = g_strdup (name);
}

/* The session expired and the refresh token was revoked: only a new
 * login helps, and the page offers it. */
static void
test_access_revoked (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *requested = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  show_page (f, CS_TYPE_ACCESS_PAGE);
  g_signal_connect (f->page, "request-page", G_CALLBACK (request_page_cb), &requested);
  wait_for_check (f);

  assert_message_bar (cs_access_page_get_error_bar (access_page (f)), CS_MESSAGE_ERROR,
                      "_Log In Again", "access.log-in-again");
  g_assert_false (cs_page_get_complete (f->page));
  screenshot (f, "access-revoked");
  /* The wizard marks the connection through the vault, as crm-sync does. */
  {
    g_autoptr(CsConnection) stored = cs_connection_store_get (cs_setup_context_get_connection_store (f->context, NULL),
                                                              cs_setup_context_get_connection (f->context)->id, NULL);

    g_assert_nonnull (stored);
    g_assert_cmpstr (stored->reauth_reason, ==, "invalid-grant");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "access.log-in-again", NULL));
  g_assert_cmpstr (requested, ==, "login");
  /* The login page starts over when it finds no login. */
  g_assert_null (cs_setup_context_get_tokens (f->context));
}

/* ---- sync page ----------------------------------------------------------- */

static CsSyncPage *
sync_page (Fixture *f)
{
  return CS_SYNC_PAGE (f->page);
}

static gboolean
sync_idle (gpointer data)
{
  return !cs_sync_page_get_recording (CS_SYNC_PAGE (data));
}

static void
wait_for_record (Fixture *f)
{
  cs_ui_test_wait_until (sync_idle, f->page, "the recording");
  cs_ui_test_flush_events ();
}

static void
run_check (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  CsFieldSync *field_sync = get_field_sync (f);

  cs_field_sync_check_async (field_sync, NULL, cs_test_store_result, &result);
  findings = cs_field_sync_check_finish (field_sync, cs_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (findings);
}

static gint64
catalog_count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  CsConnectionStore *store = cs_setup_context_get_connection_store (f->context, &error);
  gint64 count;

  g_assert_no_error (error);
  catalog = cs_field_catalog_new (store, &error);
  g_assert_no_error (error);
  count = cs_field_catalog_count (catalog, f->connection_id, &error);
  g_assert_no_error (error);
  return count;
}

static void
assert_count (Fixture         *f,
              CsSyncPageCount  which,
              gint64           expected)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, expected);

  g_assert_cmpstr (cs_sync_page_get_count_text (sync_page (f), which), ==, text);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static void
progress_cb (CsFieldSync *field_sync,
             gdouble      fraction,
             gdouble     *last)
{
  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_sync_record (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *done = NULL;
  gdouble last_progress = -1.0;
  gint64 count;
  guint requests;

  run_check (f);
  g_assert_cmpint (catalog_count (f), ==, 0);
  g_signal_connect (get_field_sync (f), "progress", G_CALLBACK (progress_cb), &last_progress);

  /* Slow enough to see the progress bar on the screenshot. */
  if (g_getenv ("CS_SCREENSHOT_DIR") != NULL)
    cs_practice_org_set_latency_ms (f->org, 1500);
  show_page (f, CS_TYPE_SYNC_PAGE);
  g_assert_cmpstr (cs_page_get_title (f->page), ==, "Sync the Fields");
  g_assert_cmpstr (cs_page_get_next_label (f->page), ==, "Start Salesforce _Sync");
  g_assert_true (cs_sync_page_get_recording (sync_page (f)));
  g_assert_false (cs_page_get_complete (f->page));
  g_assert_null (cs_sync_page_get_done_text (sync_page (f)));
  screenshot (f, "sync-progress");
  wait_for_record (f);
  cs_practice_org_set_latency_ms (f->org, 0);

  g_assert_false (cs_message_bar_is_shown (cs_sync_page_get_error_bar (sync_page (f))));
  g_assert_cmpfloat (last_progress, ==, 1.0);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (cs_sync_page_get_progress_bar (sync_page (f))), ==, 1.0);
  g_assert_true (cs_page_get_complete (f->page));

  /* A first run: every field the check listed is new. */
  count = catalog_count (f);
  g_assert_cmpint (count, >, 0);
  g_assert_cmpint (count, ==, g_list_model_get_n_items (cs_field_sync_get_fields (get_field_sync (f))));
  assert_count (f, CS_SYNC_PAGE_COUNT_NEW, count);
  assert_count (f, CS_SYNC_PAGE_COUNT_UNCHANGED, 0);
  assert_count (f, CS_SYNC_PAGE_COUNT_NO_LONGER_SYNCED, 0);
  assert_count (f, CS_SYNC_PAGE_COUNT_TYPE_CHANGED, 0);
  done = g_strdup_printf ("%" G_GINT64_FORMAT " fields are now recorded as permanent fields.", count);
  g_assert_cmpstr (cs_sync_page_get_done_text (sync_page (f)), ==, done);
  g_assert_cmpuint (count_rows (cs_sync_page_get_objects_list (sync_page (f))), ==, CS_SYNC_N_STANDARD_OBJECTS);
  screenshot (f, "sync-done");

  /* Back and Next again without a new check: nothing is asked again. */
  requests = cs_practice_org_get_request_count (f->org, NULL);
  show_again (f);
  g_assert_false (cs_sync_page_get_recording (sync_page (f)));
  cs_ui_test_flush_events ();
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, NULL), ==, requests);
  g_assert_true (cs_page_get_complete (f->page));

  /* After a new check the page records again: nothing new this time. */
  run_check (f);
  last_progress = -1.0;
  show_again (f);
  g_assert_true (cs_sync_page_get_recording (sync_page (f)));
  g_assert_false (cs_page_get_complete (f->page));
  wait_for_record (f);
  g_assert_false (cs_message_bar_is_shown (cs_sync_page_get_error_bar (sync_page (f))));
  g_assert_cmpfloat (last_progress, ==, 1.0);
  g_assert_true (cs_page_get_complete (f->page));
  g_assert_cmpint (catalog_count (f), ==, count);
  assert_count (f, CS_SYNC_PAGE_COUNT_NEW, 0);
  assert_count (f, CS_SYNC_PAGE_COUNT_UNCHANGED, count);
  assert_count (f, CS_SYNC_PAGE_COUNT_NO_LONGER_SYNCED, 0);
  assert_count (f, CS_SYNC_PAGE_COUNT_TYPE_CHANGED, 0);
  g_assert_cmpstr (cs_sync_page_get_done_text (sync_page (f)), ==, done);

  /* A field changes type in Salesforce, another is hidden: the next check
   * and recording say so. */
  cs_practice_org_set_field_type (f->org, "Lead", "Title", "textarea");
  cs_practice_org_set_field_visible (f->org, "Lead", "Industry", FALSE);
  run_check (f);
  last_progress = -1.0;
  show_again (f);
  wait_for_record (f);
  g_assert_true (cs_page_get_complete (f->page));
  g_assert_cmpfloat (last_progress, ==, 1.0);
  assert_count (f, CS_SYNC_PAGE_COUNT_NEW, 0);
  assert_count (f, CS_SYNC_PAGE_COUNT_TYPE_CHANGED, 1);
  assert_count (f, CS_SYNC_PAGE_COUNT_NO_LONGER_SYNCED, 1);
  assert_count (f, CS_SYNC_PAGE_COUNT_UNCHANGED, count - 2);
  g_assert_cmpint (catalog_count (f), ==, count);
  screenshot (f, "sync-changes");
}

static void
test_sync_fault (Fixture       *f,
                 gconstpointer  data)
{
  run_check (f);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, TRUE);

  show_page (f, CS_TYPE_SYNC_PAGE);
  g_assert_true (cs_sync_page_get_recording (sync_page (f)));
  wait_for_record (f);

  assert_message_bar (cs_sync_page_get_error_bar (sync_page (f)), CS_MESSAGE_ERROR,
                      "_Try Again", "sync.try-again");
  g_assert_false (cs_page_get_complete (f->page));
  g_assert_null (cs_sync_page_get_done_text (sync_page (f)));
  g_assert_true (cs_sync_page_get_failed_shown (sync_page (f)));
  /* All or nothing. */
  g_assert_cmpint (catalog_count (f), ==, 0);
  screenshot (f, "sync-failed");

  /* Shown again after the failure: it tries again by itself. */
  show_again (f);
  g_assert_true (cs_sync_page_get_recording (sync_page (f)));
  wait_for_record (f);
  g_assert_true (cs_message_bar_is_shown (cs_sync_page_get_error_bar (sync_page (f))));
  g_assert_cmpint (catalog_count (f), ==, 0);

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.try-again", NULL));
  g_assert_true (cs_sync_page_get_recording (sync_page (f)));
  wait_for_record (f);
  g_assert_false (cs_message_bar_is_shown (cs_sync_page_get_error_bar (sync_page (f))));
  g_assert_true (cs_page_get_complete (f->page));
  g_assert_false (cs_sync_page_get_failed_shown (sync_page (f)));
  g_assert_cmpint (catalog_count (f), >, 0);
  assert_count (f, CS_SYNC_PAGE_COUNT_NEW, catalog_count (f));
}

/* A field appeared in Salesforce after the review: nothing is recorded,
 * and the page sends the admin back to the review, which lists it. */
static void
test_sync_changed_since_review (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *requested = NULL;

  run_check (f);
  cs_practice_org_add_custom_field (f->org, "Lead", "Late_Field__c", "Late Field", "string", 30);

  show_page (f, CS_TYPE_SYNC_PAGE);
  g_signal_connect (f->page, "request-page", G_CALLBACK (request_page_cb), &requested);
  wait_for_record (f);

  assert_message_bar (cs_sync_page_get_error_bar (sync_page (f)), CS_MESSAGE_ERROR,
                      "_Review Again", "sync.review-again");
  g_assert_false (cs_page_get_complete (f->page));
  g_assert_cmpint (catalog_count (f), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.review-again", NULL));
  g_assert_cmpstr (requested, ==, "review");
}

static void
test_sync_revoked (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *requested = NULL;

  run_check (f);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);

  show_page (f, CS_TYPE_SYNC_PAGE);
  g_signal_connect (f->page, "request-page", G_CALLBACK (request_page_cb), &requested);
  wait_for_record (f);

  assert_message_bar (cs_sync_page_get_error_bar (sync_page (f)), CS_MESSAGE_ERROR,
                      "_Log In Again", "sync.log-in-again");
  g_assert_false (cs_page_get_complete (f->page));
  g_assert_cmpint (catalog_count (f), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.log-in-again", NULL));
  g_assert_cmpstr (requested, ==, "login");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  cs_ui_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/access/findings", test_access_findings);
  ADD ("/ui/access/custom-objects", test_access_custom_objects);
  ADD ("/ui/access/practice-fix", test_access_practice_fix);
  ADD ("/ui/access/network-down", test_access_network_down);
  ADD ("/ui/access/faults", test_access_faults);
  ADD ("/ui/access/revoked", test_access_revoked);
  ADD ("/ui/sync/record", test_sync_record);
  ADD ("/ui/sync/fault", test_sync_fault);
  ADD ("/ui/sync/revoked", test_sync_revoked);
  ADD ("/ui/sync/changed-since-review", test_sync_changed_since_review);

#undef ADD

  return g_test_run ();
}
