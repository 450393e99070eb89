/* test-review-page.c: the "Review the Fields" page on a practice org with
 * 50 generated custom objects of 200 fields each (over 10,000 fields):
 * filters and sorting give exactly the fields they should, unticked fields
 * make the list of what to hide in Salesforce, "Check Again" picks up what
 * the admin hid, and the confirmation names the number of fields that
 * become permanent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cs-review-page.h"
#include "cs-review-page-private.h"
#include "cs-field-matches.h"
#include "cs-screenshot.h"
#include "cs-setup-context.h"
#include "cs-test-util.h"
#include "cs-ui-test-util.h"
#include "cs-ui.h"

#define N_GENERATED_OBJECTS 50
#define N_GENERATED_FIELDS 200

typedef struct
{
  CsSetupContext *context;
  CsPracticeOrg  *org;         /* owned by the context */
  CsFieldSync    *field_sync;  /* owned by the context */
  GtkWindow      *window;
  CsReviewPage   *page;
} Fixture;

/* ---- helpers ------------------------------------------------------------ */

static gboolean
check_ended (gpointer data)
{
  return !cs_review_page_get_checking (CS_REVIEW_PAGE (data));
}

/* "Check Again" as the admin presses it, to the end. */
static void
check_again (Fixture *f)
{
  cs_review_page_check_again (f->page);
  g_assert_true (cs_review_page_get_checking (f->page));
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  cs_ui_test_wait_until (check_ended, f->page, G_STRLOC);
  cs_ui_test_flush_events ();
}

static void
run_check (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;

  cs_field_sync_check_async (f->field_sync, NULL, cs_test_store_result, &result);
  findings = cs_field_sync_check_finish (f->field_sync, cs_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (findings);
}

static void
log_in_and_confirm (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) login_result = NULL;
  g_autoptr(GAsyncResult) confirm_result = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *callback = NULL;
  CsOAuthRequest *request;

  request = cs_setup_context_begin_authorization (f->context);
  g_assert_nonnull (request);
  authorize_uri = cs_oauth_request_build_authorize_uri (request);
  callback = cs_test_drive_login (f->org, authorize_uri,
                                  cs_practice_org_get_sync_username (f->org),
                                  cs_practice_org_get_sync_password (f->org),
                                  TRUE, &error);
  g_assert_no_error (error);

  cs_setup_context_complete_login_async (f->context, callback, NULL, cs_test_store_result, &login_result);
  g_assert_true (cs_setup_context_complete_login_finish (f->context, cs_test_await (&login_result), &error));
  g_assert_no_error (error);

  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &confirm_result);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&confirm_result), &error));
  g_assert_no_error (error);
}

static void
show_page (Fixture *f)
{
  f->page = g_object_ref_sink (g_object_new (CS_TYPE_REVIEW_PAGE, "context", f->context, NULL));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  cs_page_shown (CS_PAGE (f->page));
  cs_ui_test_flush_events ();
}

/* Logged in, confirmed, the 50 generated objects added; @check runs the
 * field check before the page is shown (as the access page does). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean check = GPOINTER_TO_INT (data);

  f->context = cs_setup_context_new (NULL);
  cs_setup_context_set_environment (f->context, CS_ENVIRONMENT_PRACTICE);
  f->org = cs_ui_test_attach_practice_org (f->context);
  g_assert_no_error (error);
  cs_setup_context_set_client_credentials (f->context,
                                           cs_practice_org_get_consumer_key (f->org),
                                           cs_practice_org_get_consumer_secret (f->org));
  cs_practice_org_add_generated_objects (f->org, N_GENERATED_OBJECTS, N_GENERATED_FIELDS);
  /* The review follows a passed access check: the practice org's seeded
   * problems are fixed, as the admin would in Salesforce. */
  cs_practice_org_set_field_visible (f->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (f->org, "Campaign", "delete", TRUE);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 700);

  log_in_and_confirm (f);
  f->field_sync = cs_setup_context_get_field_sync (f->context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->field_sync);
  for (guint i = 1; i <= N_GENERATED_OBJECTS; i++)
    {
      g_autofree char *object = g_strdup_printf ("Generated_%u__c", i);

      g_assert_true (cs_field_sync_add_custom_object (f->field_sync, object, &error));
      g_assert_no_error (error);
    }

  if (check)
    {
      run_check (f);
      show_page (f);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  CsConnection *connection = cs_setup_context_get_connection (f->context);

  gtk_window_destroy (f->window);
  g_clear_object (&f->page);
  cs_ui_test_flush_events ();
  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), connection->id, NULL, NULL);
  f->field_sync = NULL;
  f->org = NULL;
  g_clear_object (&f->context);
}

static CsReviewField *
get_field (GListModel *model,
           guint       position)
{
  CsReviewField *field = g_list_model_get_item (model, position);

  g_object_unref (field);  /* the model holds it */
  return field;
}

static GListModel *
all_fields (Fixture *f)
{
  return cs_field_sync_get_fields (f->field_sync);
}

static guint
shown_count (Fixture *f)
{
  return g_list_model_get_n_items (cs_review_page_get_shown_model (f->page));
}

static CsReviewField *
find_field (Fixture    *f,
            const char *object,
            const char *api_name)
{
  GListModel *fields = all_fields (f);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      CsReviewField *field = get_field (fields, i);

      if (strcmp (cs_review_field_get_object (field), object) == 0 &&
          strcmp (cs_review_field_get_api_name (field), api_name) == 0)
        return field;
    }
  return NULL;
}

typedef gboolean (*FieldPredicate) (CsReviewField *field,
                                    gconstpointer data);

/* Counts the core's fields for which @predicate holds, and checks that the
 * page shows exactly those. */
static guint
assert_model_exactly (Fixture        *f,
                      GListModel     *shown,
                      FieldPredicate  predicate,
                      gconstpointer   data)
{
  GListModel *fields = all_fields (f);
  g_autoptr(GHashTable) expected = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n_shown = g_list_model_get_n_items (shown);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      CsReviewField *field = get_field (fields, i);

      if (predicate (field, data))
        g_hash_table_add (expected, field);
    }

  g_assert_cmpuint (n_shown, ==, g_hash_table_size (expected));
  for (guint i = 0; i < n_shown; i++)
    g_assert_true (g_hash_table_contains (expected, get_field (shown, i)));
  return n_shown;
}

static guint
assert_shown_exactly (Fixture        *f,
                      FieldPredicate  predicate,
                      gconstpointer   data)
{
  return assert_model_exactly (f, cs_review_page_get_shown_model (f->page), predicate, data);
}

static gboolean
always (CsReviewField   *field,
        gconstpointer  data)
{
  return TRUE;
}

static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized, -1);
}

/* Label or API name containing the text, whatever the case. */
static gboolean
matches_text (CsReviewField   *field,
              gconstpointer  data)
{
  g_autofree char *needle = fold (data);
  g_autofree char *label = fold (cs_review_field_get_label (field));
  g_autofree char *api_name = fold (cs_review_field_get_api_name (field));

  return strstr (label, needle) != NULL || strstr (api_name, needle) != NULL;
}

static gboolean
of_object (CsReviewField   *field,
           gconstpointer  data)
{
  return strcmp (cs_review_field_get_object (field), data) == 0;
}

static gboolean
is_custom (CsReviewField   *field,
           gconstpointer  data)
{
  return cs_review_field_get_custom (field);
}

static gboolean
is_standard (CsReviewField   *field,
             gconstpointer  data)
{
  return !cs_review_field_get_custom (field);
}

static gboolean
is_custom_of_object (CsReviewField   *field,
                     gconstpointer  data)
{
  return is_custom (field, NULL) && of_object (field, data);
}

static gboolean
is_new (CsReviewField   *field,
        gconstpointer  data)
{
  return cs_review_field_get_is_new (field);
}

static gboolean
matches_text_in_object (CsReviewField   *field,
                        gconstpointer  data)
{
  return matches_text (field, "Field_12") && of_object (field, data);
}

/* Lines of a hide list: "object\tlabel (api name)" for each field listed
 * under an object's heading. */
static GPtrArray *
parse_hide_list (const char *text)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *object = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (line[0] == '\0')
        continue;
      if (g_str_has_prefix (line, "  - "))
        {
          g_assert_nonnull (object);
          g_ptr_array_add (entries, g_strdup_printf ("%s\t%s", object, line + 4));
        }
      else
        {
          const char *colon = strchr (line, ':');

          g_assert_nonnull (colon);
          g_free (object);
          object = g_strndup (line, colon - line);
        }
    }
  return g_steal_pointer (&entries);
}

static void
assert_hide_list (Fixture    *f,
                  const char *const *expected)
{
  g_autofree char *text = cs_review_page_dup_hide_list_text (f->page);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *core_text = cs_field_sync_format_hide_list (all_fields (f));
  guint n_expected = g_strv_length ((GStrv) expected);

  if (n_expected == 0)
    {
      g_assert_null (text);
      g_assert_null (core_text);
      return;
    }
  g_assert_nonnull (text);
  g_assert_cmpstr (text, ==, core_text);
  entries = parse_hide_list (text);
  g_assert_cmpuint (entries->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < entries->len; j++)
        found = found || strcmp (g_ptr_array_index (entries, j), expected[i]) == 0;
      if (!found)
        g_error ("“%s” is not in the hide list:\n%s", expected[i], text);
    }
}

/* ---- tests --------------------------------------------------------------- */

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  static const char *typed[] = { "F", "Fi", "Fiel", "Field_", "Field_1", "Field_12", "Field_123",
                                 "Field_123_", "Field_123__c", "Field_12", "field_1", "" };
  GListModel *fields = all_fields (f);
  guint total = g_list_model_get_n_items (fields);
  guint n_custom, n_standard, n_object, n_generated_custom = 0;
  g_autofree char *status = NULL;
  g_autofree char *object_choice = NULL;
  GtkDropDown *dropdown;
  GListModel *choices;
  gint64 start;

  /* Everything at first. */
  g_assert_cmpuint (total, >=, N_GENERATED_OBJECTS * N_GENERATED_FIELDS);
  g_assert_cmpuint (shown_count (f), ==, total);
  assert_shown_exactly (f, always, NULL);
  status = g_strdup_printf ("Showing all %u fields", total);
  g_assert_cmpstr (cs_review_page_get_status_text (f->page), ==, status);

  /* Typing, one key at a time, then deleting: each step exact. */
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      guint n;

      start = g_get_monotonic_time ();
      cs_review_page_set_search_text (f->page, typed[i]);
      g_test_message ("“%s”: %.1f ms", typed[i], (g_get_monotonic_time () - start) / 1000.0);
      n = assert_shown_exactly (f, matches_text, typed[i]);
      if (strcmp (typed[i], "Field_123__c") == 0)
        {
          /* One field of that name in each generated object. */
          g_assert_cmpuint (n, ==, N_GENERATED_OBJECTS);
          for (guint j = 0; j < n; j++)
            g_assert_cmpstr (cs_review_field_get_api_name (get_field (cs_review_page_get_shown_model (f->page), j)),
                             ==, "Field_123__c");
        }
    }
  g_assert_cmpuint (shown_count (f), ==, total);

  /* By label, with another case and a space. */
  cs_review_page_set_search_text (f->page, "fIELD 199");
  g_assert_cmpuint (assert_shown_exactly (f, matches_text, "fIELD 199"), ==, N_GENERATED_OBJECTS);
  cs_review_page_set_search_text (f->page, "no such field anywhere");
  g_assert_cmpuint (shown_count (f), ==, 0);
  status = (g_free (status), g_strdup_printf ("Showing 0 of %u fields", total));
  g_assert_cmpstr (cs_review_page_get_status_text (f->page), ==, status);
  cs_review_page_set_search_text (f->page, NULL);

  /* The object menu counts each object's fields. */
  n_object = 0;
  for (guint i = 0; i < total; i++)
    if (of_object (get_field (fields, i), "Generated_7__c"))
      n_object++;
  dropdown = cs_review_page_get_object_dropdown (f->page);
  choices = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (choices), >=, N_GENERATED_OBJECTS + 1);
  status = (g_free (status), g_strdup_printf ("All objects (%u fields)", total));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 0), ==, status);
  object_choice = g_strdup_printf ("Generated_7__c (%u)", n_object);
  {
    gboolean found = FALSE;

    for (guint i = 1; i < g_list_model_get_n_items (choices); i++)
      found = found || strcmp (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), object_choice) == 0;
    g_assert_true (found);
  }

  /* One object: its fields; its custom ones are exactly the 200. */
  cs_review_page_set_object_filter (f->page, "Generated_7__c");
  g_assert_cmpuint (assert_shown_exactly (f, of_object, "Generated_7__c"), ==, n_object);
  cs_review_page_set_kind_filter (f->page, CS_REVIEW_KIND_CUSTOM);
  g_assert_cmpuint (assert_shown_exactly (f, is_custom_of_object, "Generated_7__c"), ==, N_GENERATED_FIELDS);
  cs_review_page_set_kind_filter (f->page, CS_REVIEW_KIND_ALL);
  /* With a search: Field_12 and Field_120 … Field_129. */
  cs_review_page_set_search_text (f->page, "Field_12");
  g_assert_cmpuint (assert_shown_exactly (f, matches_text_in_object, "Generated_7__c"), ==, 11);
  cs_review_page_set_search_text (f->page, "");
  cs_review_page_set_object_filter (f->page, "Lead");
  g_assert_cmpuint (assert_shown_exactly (f, of_object, "Lead"), >, 0);
  cs_review_page_set_object_filter (f->page, NULL);
  g_assert_cmpuint (shown_count (f), ==, total);

  /* Custom and standard: counted on the core's model. */
  cs_review_page_set_kind_filter (f->page, CS_REVIEW_KIND_CUSTOM);
  n_custom = assert_shown_exactly (f, is_custom, NULL);
  for (guint i = 0; i < total; i++)
    if (g_str_has_prefix (cs_review_field_get_object (get_field (fields, i)), "Generated_") &&
        cs_review_field_get_custom (get_field (fields, i)))
      n_generated_custom++;
  g_assert_cmpuint (n_generated_custom, ==, N_GENERATED_OBJECTS * N_GENERATED_FIELDS);
  g_assert_cmpuint (n_custom, >=, n_generated_custom);
  cs_review_page_set_kind_filter (f->page, CS_REVIEW_KIND_STANDARD);
  n_standard = assert_shown_exactly (f, is_standard, NULL);
  g_assert_cmpuint (n_standard, >, 0);
  g_assert_cmpuint (n_custom + n_standard, ==, total);
  cs_review_page_set_kind_filter (f->page, CS_REVIEW_KIND_ALL);
  g_assert_cmpuint (shown_count (f), ==, total);

  /* A first sync: every field is new. */
  cs_review_page_set_new_only (f->page, TRUE);
  g_assert_cmpuint (assert_shown_exactly (f, is_new, NULL), ==, total);
  g_assert_cmpuint (cs_field_sync_count_new_fields (f->field_sync), ==, total);
  cs_review_page_set_new_only (f->page, FALSE);

  cs_screenshot_take (f->window, "review-page");
}

typedef struct
{
  CsReviewColumn column;
  GtkSortType    order;
} SortCase;

static char *
sort_key (CsReviewField    *field,
          CsReviewColumn  column)
{
  const char *text;

  switch (column)
    {
    case CS_REVIEW_COLUMN_LABEL:
      text = cs_review_field_get_label (field);
      break;
    case CS_REVIEW_COLUMN_API_NAME:
      text = cs_review_field_get_api_name (field);
      break;
    case CS_REVIEW_COLUMN_OBJECT:
      text = cs_review_field_get_object (field);
      break;
    case CS_REVIEW_COLUMN_TYPE:
      text = cs_review_field_get_type_display (field);
      break;
    case CS_REVIEW_COLUMN_SYNC:
    case CS_REVIEW_COLUMN_CUSTOM:
    case CS_REVIEW_COLUMN_NEW:
    case CS_REVIEW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  return g_utf8_casefold (text, -1);
}

static void
assert_sorted (Fixture        *f,
               CsReviewColumn  column,
               GtkSortType     order)
{
  GListModel *shown = cs_review_page_get_shown_model (f->page);
  guint n = g_list_model_get_n_items (shown);
  g_autofree char *previous = NULL;
  guint n_steps = 0;

  g_assert_cmpuint (n, >, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = sort_key (get_field (shown, i), column);

      if (previous != NULL)
        {
          int cmp = g_utf8_collate (previous, key);

          if (order == GTK_SORT_ASCENDING ? cmp > 0 : cmp < 0)
            g_error ("Rows %u and %u out of order: “%s” then “%s”", i - 1, i, previous, key);
          if (cmp != 0)
            n_steps++;
        }
      g_free (previous);
      previous = g_steal_pointer (&key);
    }
  /* Not all equal: the order says something. */
  g_assert_cmpuint (n_steps, >, 0);
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  static const SortCase cases[] = {
    { CS_REVIEW_COLUMN_LABEL, GTK_SORT_ASCENDING },
    { CS_REVIEW_COLUMN_LABEL, GTK_SORT_DESCENDING },
    { CS_REVIEW_COLUMN_API_NAME, GTK_SORT_ASCENDING },
    { CS_REVIEW_COLUMN_API_NAME, GTK_SORT_DESCENDING },
    { CS_REVIEW_COLUMN_TYPE, GTK_SORT_ASCENDING },
    { CS_REVIEW_COLUMN_OBJECT, GTK_SORT_DESCENDING },
  };
  guint total = g_list_model_get_n_items (all_fields (f));
  GListModel *shown = cs_review_page_get_shown_model (f->page);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 start = g_get_monotonic_time ();

      cs_review_page_sort_by (f->page, cases[i].column, cases[i].order);
      g_test_message ("sort %u: %.1f ms", i, (g_get_monotonic_time () - start) / 1000.0);
      g_assert_cmpuint (shown_count (f), ==, total);
      assert_sorted (f, cases[i].column, cases[i].order);
    }

  /* Sorted and filtered together; typing keeps the order. */
  cs_review_page_sort_by (f->page, CS_REVIEW_COLUMN_LABEL, GTK_SORT_DESCENDING);
  cs_review_page_set_search_text (f->page, "Field_1");
  assert_shown_exactly (f, matches_text, "Field_1");
  assert_sorted (f, CS_REVIEW_COLUMN_LABEL, GTK_SORT_DESCENDING);
  cs_review_page_set_search_text (f->page, "Field_19");
  assert_shown_exactly (f, matches_text, "Field_19");
  assert_sorted (f, CS_REVIEW_COLUMN_LABEL, GTK_SORT_DESCENDING);
  cs_review_page_set_search_text (f->page, "");

  /* Unticked fields first when sorting by the Sync column. */
  cs_review_field_set_unwanted (find_field (f, "Generated_30__c", "Field_3__c"), TRUE);
  cs_review_page_sort_by (f->page, CS_REVIEW_COLUMN_SYNC, GTK_SORT_ASCENDING);
  g_assert_true (cs_review_field_get_unwanted (get_field (shown, 0)));
  g_assert_false (cs_review_field_get_unwanted (get_field (shown, 1)));
  cs_review_page_sort_by (f->page, CS_REVIEW_COLUMN_SYNC, GTK_SORT_DESCENDING);
  g_assert_true (cs_review_field_get_unwanted (get_field (shown, total - 1)));
}

static GtkWidget *
find_check_button (GtkWidget *root)
{
  if (GTK_IS_CHECK_BUTTON (root) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_check_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_hide_list (Fixture       *f,
                gconstpointer  data)
{
  static const char *none[] = { NULL };
  static const char *both[] = {
    "Generated_7__c\tField 5 (Field_5__c)",
    "Generated_12__c\tField 9 (Field_9__c)",
    NULL
  };
  static const char *one[] = { "Generated_12__c\tField 9 (Field_9__c)", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *text = NULL;
  CsReviewField *first, *kept;
  GtkWidget *check;
  guint total = g_list_model_get_n_items (all_fields (f));

  assert_hide_list (f, none);
  g_assert_null (cs_review_page_get_still_marked_label (f->page));

  /* Unticking a row's box marks its field. */
  cs_review_page_set_search_text (f->page, "Field_77__c");
  cs_review_page_set_object_filter (f->page, "Generated_40__c");
  g_assert_cmpuint (shown_count (f), ==, 1);
  cs_ui_test_flush_events ();
  first = get_field (cs_review_page_get_shown_model (f->page), 0);
  check = find_check_button (GTK_WIDGET (cs_review_page_get_field_view (f->page)));
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_true (cs_review_field_get_unwanted (first));
  g_assert_cmpuint (cs_field_sync_count_unwanted (f->field_sync), ==, 1);
  /* … and the box follows the field. */
  cs_review_field_set_unwanted (first, FALSE);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  cs_ui_test_flush_events ();
  assert_hide_list (f, none);
  cs_review_page_set_search_text (f->page, "");
  cs_review_page_set_object_filter (f->page, NULL);

  /* Two fields, in two objects. */
  cs_review_field_set_unwanted (find_field (f, "Generated_7__c", "Field_5__c"), TRUE);
  cs_review_field_set_unwanted (find_field (f, "Generated_12__c", "Field_9__c"), TRUE);
  cs_ui_test_flush_events ();
  assert_hide_list (f, both);
  g_assert_nonnull (cs_review_page_get_still_marked_label (f->page));
  g_assert_nonnull (strstr (gtk_label_get_text (cs_review_page_get_still_marked_label (f->page)), "2 fields"));
  cs_screenshot_take (f->window, "review-page-hide-list");

  /* Saved as it is shown. */
  dir = g_dir_make_tmp ("review-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "fields-to-hide.txt", NULL);
  file = g_file_new_for_path (path);
  cs_review_page_save_hide_list_async (f->page, file, NULL, cs_test_store_result, &result);
  g_assert_true (cs_review_page_save_hide_list_finish (f->page, cs_test_await (&result), &error));
  g_assert_no_error (error);
  cs_ui_test_wait_until (file_exists, path, G_STRLOC);
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  g_assert_no_error (error);
  text = cs_review_page_dup_hide_list_text (f->page);
  g_assert_cmpstr (saved, ==, text);
  g_unlink (path);
  g_rmdir (dir);

  /* The admin hides one in Salesforce: gone from the fields and the list,
   * the other keeps its mark. */
  cs_practice_org_set_field_visible (f->org, "Generated_7__c", "Field_5__c", FALSE);
  check_again (f);
  g_assert_cmpuint (g_list_model_get_n_items (all_fields (f)), ==, total - 1);
  g_assert_cmpuint (shown_count (f), ==, total - 1);
  g_assert_null (find_field (f, "Generated_7__c", "Field_5__c"));
  kept = find_field (f, "Generated_12__c", "Field_9__c");
  g_assert_nonnull (kept);
  g_assert_true (cs_review_field_get_unwanted (kept));
  assert_hide_list (f, one);
  g_assert_nonnull (strstr (gtk_label_get_text (cs_review_page_get_still_marked_label (f->page)), "1 field"));

  /* And the other: nothing left to hide. */
  cs_practice_org_set_field_visible (f->org, "Generated_12__c", "Field_9__c", FALSE);
  check_again (f);
  g_assert_cmpuint (shown_count (f), ==, total - 2);
  assert_hide_list (f, none);
  g_assert_null (cs_review_page_get_still_marked_label (f->page));
}

static gboolean
record_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
test_new_since_sync (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GtkCheckButton *confirm = cs_review_page_get_confirm_check (f->page);
  guint total = g_list_model_get_n_items (all_fields (f));
  CsReviewField *added;

  cs_review_page_set_new_only (f->page, TRUE);
  g_assert_cmpuint (shown_count (f), ==, total);

  /* Recorded: nothing is new any more. */
  cs_field_sync_record_async (f->field_sync, NULL, cs_test_store_result, &result);
  cs_ui_test_wait_until (record_done, &result, G_STRLOC);
  g_assert_true (cs_field_sync_record_finish (f->field_sync, result, NULL, &error));
  g_assert_no_error (error);
  /* Back on the page from the sync page, before any new check. */
  cs_page_shown (CS_PAGE (f->page));
  cs_review_page_flush (f->page);
  g_assert_cmpuint (shown_count (f), ==, 0);
  g_assert_cmpuint (cs_field_sync_count_new_fields (f->field_sync), ==, 0);
  check_again (f);
  g_assert_cmpuint (g_list_model_get_n_items (all_fields (f)), ==, total);
  g_assert_cmpuint (shown_count (f), ==, 0);
  g_assert_cmpuint (cs_field_sync_count_new_fields (f->field_sync), ==, 0);
  /* Nothing to confirm. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (confirm)));
  g_assert_true (cs_page_get_complete (CS_PAGE (f->page)));

  /* A field added in Salesforce: the only new one. */
  cs_practice_org_add_custom_field (f->org, "Generated_3__c", "Budget_Code__c", "Budget Code", "string", 40);
  check_again (f);
  g_assert_cmpuint (g_list_model_get_n_items (all_fields (f)), ==, total + 1);
  g_assert_cmpuint (assert_shown_exactly (f, is_new, NULL), ==, 1);
  added = get_field (cs_review_page_get_shown_model (f->page), 0);
  g_assert_cmpstr (cs_review_field_get_object (added), ==, "Generated_3__c");
  g_assert_cmpstr (cs_review_field_get_api_name (added), ==, "Budget_Code__c");
  g_assert_cmpstr (cs_review_field_get_label (added), ==, "Budget Code");
  g_assert_true (cs_review_field_get_custom (added));

  /* One field to confirm. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (confirm)));
  g_assert_cmpstr (gtk_check_button_get_label (confirm), ==,
                   "_I understand that syncing makes 1 field permanent in Marketo");
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (cs_page_get_complete (CS_PAGE (f->page)));

  cs_review_page_set_new_only (f->page, FALSE);
  g_assert_cmpuint (shown_count (f), ==, total + 1);
}

static void
test_confirm (Fixture       *f,
              gconstpointer  data)
{
  GtkCheckButton *confirm = cs_review_page_get_confirm_check (f->page);
  CsMessageBar *caution = cs_review_page_get_caution_bar (f->page);
  guint total = g_list_model_get_n_items (all_fields (f));
  g_autofree char *expected = NULL;

  g_assert_cmpstr (cs_page_get_title (CS_PAGE (f->page)), ==, "Review the Fields");
  g_assert_cmpstr (cs_page_get_next_label (CS_PAGE (f->page)), ==, "_Sync Fields");

  /* The permanence is said up front. */
  g_assert_true (cs_message_bar_is_shown (caution));
  g_assert_cmpint (cs_message_bar_get_message_type (caution), ==, CS_MESSAGE_WARNING);
  g_assert_nonnull (strstr (cs_message_bar_get_message (caution), "permanent"));
  g_assert_nonnull (strstr (cs_message_bar_get_message (caution), "never be deleted"));
  g_assert_false (cs_message_bar_is_shown (cs_review_page_get_error_bar (f->page)));

  /* The confirmation names every field, all new. */
  expected = g_strdup_printf ("_I understand that syncing makes %u fields permanent in Marketo", total);
  g_assert_cmpstr (gtk_check_button_get_label (confirm), ==, expected);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (confirm)));
  g_assert_false (gtk_check_button_get_active (confirm));
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (cs_page_get_complete (CS_PAGE (f->page)));
  gtk_check_button_set_active (confirm, FALSE);
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  gtk_check_button_set_active (confirm, TRUE);

  /* Checking again with the same fields keeps the confirmation… */
  check_again (f);
  g_assert_true (gtk_check_button_get_active (confirm));
  g_assert_true (cs_page_get_complete (CS_PAGE (f->page)));

  /* A check that finds the sync blocked (the admin hid a field the sync
   * needs) holds the page back, confirmation or not. */
  cs_practice_org_set_field_visible (f->org, "Lead", "ConvertedDate", FALSE);
  check_again (f);
  g_assert_true (cs_message_bar_is_shown (cs_review_page_get_error_bar (f->page)));
  g_assert_cmpint (cs_message_bar_get_message_type (cs_review_page_get_error_bar (f->page)), ==, CS_MESSAGE_WARNING);
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  cs_practice_org_set_field_visible (f->org, "Lead", "ConvertedDate", TRUE);
  check_again (f);
  g_assert_false (cs_message_bar_is_shown (cs_review_page_get_error_bar (f->page)));
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (cs_page_get_complete (CS_PAGE (f->page)));

  /* As many new fields, but not the same ones: confirmed again. */
  cs_practice_org_set_field_visible (f->org, "Generated_2__c", "Field_1__c", FALSE);
  cs_practice_org_add_custom_field (f->org, "Generated_2__c", "Swapped_In__c", "Swapped In", "string", 10);
  check_again (f);
  g_assert_cmpuint (cs_field_sync_count_new_fields (f->field_sync), ==, total);
  g_assert_false (gtk_check_button_get_active (confirm));
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  cs_practice_org_set_field_visible (f->org, "Generated_2__c", "Field_1__c", TRUE);
  cs_practice_org_remove_field (f->org, "Generated_2__c", "Swapped_In__c");
  check_again (f);
  gtk_check_button_set_active (confirm, TRUE);

  /* … another number asks for it again. */
  cs_practice_org_add_custom_field (f->org, "Lead", "Region__c", "Region", "string", 80);
  check_again (f);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("_I understand that syncing makes %u fields permanent in Marketo", total + 1);
  g_assert_cmpstr (gtk_check_button_get_label (confirm), ==, expected);
  g_assert_false (gtk_check_button_get_active (confirm));
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (cs_page_get_complete (CS_PAGE (f->page)));
}

/* Before Confirm, the page says why it has nothing; after Confirm and
 * before a check it offers the check; leaving mid-check is harmless. */
static void
test_not_checked (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CsSetupContext) other = cs_setup_context_new (NULL);
  g_autoptr(CsReviewPage) unconfirmed = NULL;

  /* Nobody logged in. */
  unconfirmed = g_object_ref_sink (g_object_new (CS_TYPE_REVIEW_PAGE, "context", other, NULL));
  cs_page_shown (CS_PAGE (unconfirmed));
  g_assert_true (cs_message_bar_is_shown (cs_review_page_get_error_bar (unconfirmed)));
  g_assert_cmpint (cs_message_bar_get_message_type (cs_review_page_get_error_bar (unconfirmed)), ==, CS_MESSAGE_ERROR);
  g_assert_false (cs_page_get_complete (CS_PAGE (unconfirmed)));
  g_assert_cmpuint (g_list_model_get_n_items (cs_review_page_get_shown_model (unconfirmed)), ==, 0);

  /* Confirmed, not checked yet. */
  show_page (f);
  g_assert_false (cs_review_page_get_showing_fields (f->page));
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));
  g_assert_false (cs_message_bar_is_shown (cs_review_page_get_error_bar (f->page)));

  check_again (f);
  g_assert_true (cs_review_page_get_showing_fields (f->page));
  g_assert_cmpuint (shown_count (f), >=, N_GENERATED_OBJECTS * N_GENERATED_FIELDS);
  g_assert_false (cs_page_get_complete (CS_PAGE (f->page)));

  /* Gone while checking: the check is cancelled, nothing crashes. */
  cs_review_page_check_again (f->page);
  g_assert_true (cs_review_page_get_checking (f->page));
  gtk_window_set_child (f->window, NULL);
  g_object_run_dispose (G_OBJECT (f->page));
  g_clear_object (&f->page);
  cs_ui_test_flush_events ();
}


typedef struct
{
  guint n_changes;
  GtkFilterChange last;
} FilterChanges;

static void
filter_changed_cb (GtkFilter       *filter,
                   GtkFilterChange  change,
                   FilterChanges   *changes)
{
  changes->n_changes++;
  changes->last = change;
}

/* Sets @property on the filter and checks how it told the model. */
static void
set_filter (CsFieldFilter   *filter,
            FilterChanges   *changes,
            const char      *property,
            GtkFilterChange  expected,
            ...)
{
  guint before = changes->n_changes;
  va_list args;

  va_start (args, expected);
  g_object_set_valist (G_OBJECT (filter), property, args);
  va_end (args);
  g_assert_cmpuint (changes->n_changes, ==, before + 1);
  g_assert_cmpint (changes->last, ==, expected);
}

/* The filter object alone, on the core's fields: each condition gives
 * exactly its fields, and each change says which way it went, so that the
 * model only tests the fields it has to. */
static void
test_field_filter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CsFieldFilter) filter = cs_field_filter_new ();
  g_autoptr(GtkFilterListModel) model = NULL;
  FilterChanges changes = { 0, 0 };
  GListModel *fields = all_fields (f);
  guint total = g_list_model_get_n_items (fields);
  g_autofree char *text = NULL;
  CsReviewKind kind;
  gboolean new_only;

  model = gtk_filter_list_model_new (g_object_ref (fields), g_object_ref (GTK_FILTER (filter)));
  g_signal_connect (filter, "changed", G_CALLBACK (filter_changed_cb), &changes);

  /* No condition: every field, without testing any. */
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, total);

  set_filter (filter, &changes, "search-text", GTK_FILTER_CHANGE_MORE_STRICT, "Field_1", NULL);
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_SOME);
  assert_model_exactly (f, G_LIST_MODEL (model), matches_text, "Field_1");
  set_filter (filter, &changes, "search-text", GTK_FILTER_CHANGE_MORE_STRICT, "field_12", NULL);
  assert_model_exactly (f, G_LIST_MODEL (model), matches_text, "Field_12");
  set_filter (filter, &changes, "search-text", GTK_FILTER_CHANGE_LESS_STRICT, "FIELD", NULL);
  assert_model_exactly (f, G_LIST_MODEL (model), matches_text, "FIELD");
  set_filter (filter, &changes, "search-text", GTK_FILTER_CHANGE_DIFFERENT, "fax", NULL);
  assert_model_exactly (f, G_LIST_MODEL (model), matches_text, "fax");
  /* Blanks around the text change nothing. */
  g_object_set (filter, "search-text", "  fax ", NULL);
  g_object_get (filter, "search-text", &text, NULL);
  g_assert_cmpstr (text, ==, "  fax ");
  g_assert_cmpuint (changes.n_changes, ==, 4);
  set_filter (filter, &changes, "search-text", GTK_FILTER_CHANGE_LESS_STRICT, NULL, NULL);
  g_assert_cmpstr (cs_field_filter_get_search_text (filter), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, total);

  set_filter (filter, &changes, "object", GTK_FILTER_CHANGE_MORE_STRICT, "Generated_7__c", NULL);
  assert_model_exactly (f, G_LIST_MODEL (model), of_object, "Generated_7__c");
  set_filter (filter, &changes, "object", GTK_FILTER_CHANGE_DIFFERENT, "Lead", NULL);
  assert_model_exactly (f, G_LIST_MODEL (model), of_object, "Lead");
  set_filter (filter, &changes, "kind", GTK_FILTER_CHANGE_MORE_STRICT, CS_REVIEW_KIND_CUSTOM, NULL);
  assert_model_exactly (f, G_LIST_MODEL (model), is_custom_of_object, "Lead");
  set_filter (filter, &changes, "object", GTK_FILTER_CHANGE_LESS_STRICT, NULL, NULL);
  g_assert_cmpuint (assert_model_exactly (f, G_LIST_MODEL (model), is_custom, NULL), >=,
                    N_GENERATED_OBJECTS * N_GENERATED_FIELDS);
  set_filter (filter, &changes, "kind", GTK_FILTER_CHANGE_DIFFERENT, CS_REVIEW_KIND_STANDARD, NULL);
  assert_model_exactly (f, G_LIST_MODEL (model), is_standard, NULL);
  g_object_get (filter, "kind", &kind, NULL);
  g_assert_cmpint (kind, ==, CS_REVIEW_KIND_STANDARD);
  set_filter (filter, &changes, "kind", GTK_FILTER_CHANGE_LESS_STRICT, CS_REVIEW_KIND_ALL, NULL);

  /* A first sync: all new. */
  set_filter (filter, &changes, "new-only", GTK_FILTER_CHANGE_MORE_STRICT, TRUE, NULL);
  g_assert_cmpuint (assert_model_exactly (f, G_LIST_MODEL (model), is_new, NULL), ==, total);
  g_object_get (filter, "new-only", &new_only, NULL);
  g_assert_true (new_only);
  set_filter (filter, &changes, "new-only", GTK_FILTER_CHANGE_LESS_STRICT, FALSE, NULL);
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);

  /* The same value again: nothing to do. */
  g_object_set (filter, "object", NULL, "kind", CS_REVIEW_KIND_ALL, "new-only", FALSE, NULL);
  g_assert_cmpuint (changes.n_changes, ==, 13);
  g_signal_handlers_disconnect_by_data (filter, &changes);
}

/* The row of the only field shown, once drawn. */
static CsFieldRow *
only_row (Fixture        *f,
          CsReviewField **field_out)
{
  CsReviewField *field;
  CsFieldRow *row;

  g_assert_cmpuint (shown_count (f), ==, 1);
  cs_ui_test_flush_events ();
  field = get_field (cs_review_page_get_shown_model (f->page), 0);
  row = cs_field_view_find_row (cs_review_page_get_field_view (f->page), field);
  g_assert_nonnull (row);
  g_assert_true (cs_field_row_get_field (row) == field);
  if (field_out != NULL)
    *field_out = field;
  return row;
}

/* What assistive technologies get: every cell's text on its row, after
 * its column's title; a real check button, with its field's name. */
static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *expected = NULL;
  g_autofree char *check_label = NULL;
  CsReviewField *field;
  CsFieldRow *row;
  GtkWidget *check;

  cs_review_page_set_search_text (f->page, "Field_77__c");
  cs_review_page_set_object_filter (f->page, "Generated_40__c");
  row = only_row (f, &field);

  expected = g_strdup_printf ("Object: Generated_40__c, Label: Field 77, API Name: Field_77__c, "
                              "Type: %s, Kind: Custom, New",
                              cs_review_field_get_type_display (field));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, expected);

  check = GTK_WIDGET (cs_field_row_get_check (row));
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_true (gtk_widget_get_mapped (check));
  g_assert_true (gtk_widget_get_focusable (check));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_ROLE_CHECKBOX);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Sync Field 77 (Generated_40__c.Field_77__c)");
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_CHECKED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);

  /* Another search: the same row may show another field, and says so. */
  cs_review_page_set_search_text (f->page, "Field_78__c");
  row = only_row (f, &field);
  g_assert_cmpstr (cs_review_field_get_api_name (field), ==, "Field_78__c");
  g_free (expected);
  expected = g_strdup_printf ("Object: Generated_40__c, Label: Field 78, API Name: Field_78__c, "
                              "Type: %s, Kind: Custom, New",
                              cs_review_field_get_type_display (field));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  check = GTK_WIDGET (cs_field_row_get_check (row));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Sync Field 78 (Generated_40__c.Field_78__c)");

  /* Marked elsewhere: the box and what it tells follow. */
  cs_review_field_set_unwanted (field, TRUE);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_CHECKED,
                                    GTK_ACCESSIBLE_TRISTATE_FALSE);
  cs_review_field_set_unwanted (field, FALSE);
}

static CsFieldRow *
focused_row (Fixture *f)
{
  GtkWidget *focus = gtk_window_get_focus (f->window);
  GtkWidget *row;

  g_assert_nonnull (focus);
  row = gtk_widget_get_ancestor (focus, CS_TYPE_FIELD_ROW);
  if (row == NULL)
    row = gtk_widget_get_first_child (focus);  /* the list's row around it */
  g_assert_true (CS_IS_FIELD_ROW (row));
  return CS_FIELD_ROW (row);
}

typedef struct
{
  CsFieldSorter  *sorter;
  CsReviewColumn  column;
  GtkSortType     order;
} SortWanted;

static gboolean
sorted_as_wanted (gpointer data)
{
  SortWanted *wanted = data;
  CsReviewColumn column;
  GtkSortType order;

  return cs_field_sorter_get_column (wanted->sorter, &column, &order) &&
         column == wanted->column && order == wanted->order;
}

/* Enter on a title, as the keyboard does it: the button shows itself
 * pressed a moment, then sorts. */
static void
press_title (Fixture        *f,
             GtkButton      *title,
             CsReviewColumn  column,
             GtkSortType     order)
{
  SortWanted wanted = { cs_field_view_get_sorter (cs_review_page_get_field_view (f->page)), column, order };

  g_assert_true (gtk_widget_activate (GTK_WIDGET (title)));
  cs_ui_test_wait_until (sorted_as_wanted, &wanted, G_STRLOC);
  assert_sorted (f, column, order);
}

/* The keyboard alone: into the list, down a row, tick a box, sort by a
 * title, both ways. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  CsFieldView *view = cs_review_page_get_field_view (f->page);
  GListModel *shown = cs_review_page_get_shown_model (f->page);
  CsFieldHeader *header = cs_field_view_get_header (view);
  GtkWidget *list = GTK_WIDGET (cs_field_view_get_list_view (view));
  GtkWidget *check;
  GtkButton *title;
  CsFieldRow *row;

  cs_review_page_set_object_filter (f->page, "Generated_3__c");
  cs_ui_test_flush_events ();

  /* Tab into the list: the first row. */
  gtk_window_set_focus (f->window, NULL);
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  row = focused_row (f);
  g_assert_true (cs_field_row_get_field (row) == get_field (shown, 0));

  /* Down: the next row. */
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_DOWN));
  row = focused_row (f);
  g_assert_true (cs_field_row_get_field (row) == get_field (shown, 1));

  /* Its box takes the focus; Space (the activate keybinding) unticks it. */
  check = GTK_WIDGET (cs_field_row_get_check (row));
  g_assert_true (gtk_widget_grab_focus (check));
  g_assert_true (gtk_widget_has_focus (check));
  g_assert_true (gtk_widget_activate (check));
  g_assert_true (cs_review_field_get_unwanted (get_field (shown, 1)));
  g_assert_true (gtk_widget_activate (check));
  g_assert_false (cs_review_field_get_unwanted (get_field (shown, 1)));

  /* A title: focusable, and Enter sorts by it, then the other way. */
  title = cs_field_header_get_button (header, CS_REVIEW_COLUMN_LABEL);
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (title)));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (title)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_SORT,
                                       GTK_ACCESSIBLE_SORT_NONE);
  press_title (f, title, CS_REVIEW_COLUMN_LABEL, GTK_SORT_ASCENDING);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_SORT,
                                       GTK_ACCESSIBLE_SORT_ASCENDING);
  press_title (f, title, CS_REVIEW_COLUMN_LABEL, GTK_SORT_DESCENDING);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_SORT,
                                       GTK_ACCESSIBLE_SORT_DESCENDING);

  /* Another title: ascending by it, the first one says it no longer sorts. */
  title = cs_field_header_get_button (header, CS_REVIEW_COLUMN_API_NAME);
  press_title (f, title, CS_REVIEW_COLUMN_API_NAME, GTK_SORT_ASCENDING);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cs_field_header_get_button (header, CS_REVIEW_COLUMN_LABEL)),
                                       GTK_ACCESSIBLE_PROPERTY_SORT, GTK_ACCESSIBLE_SORT_NONE);
}

typedef struct
{
  CsFieldColumn *column;
  int            width;
} WidthWanted;

static gboolean
placed_as_wanted (gpointer data)
{
  WidthWanted *wanted = data;

  return cs_field_column_get_width (wanted->column) == wanted->width;
}

static gboolean
frames_drawn (gpointer data)
{
  return *(guint *) data >= 2;
}

static void
count_frame_cb (GdkFrameClock *clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

/* The rows the list holds now, in sight or not (the list keeps them). */
static GPtrArray *
list_rows (Fixture *f)
{
  GtkWidget *list = GTK_WIDGET (cs_field_view_get_list_view (cs_review_page_get_field_view (f->page)));
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL; item = gtk_widget_get_next_sibling (item))
    if (CS_IS_FIELD_ROW (gtk_widget_get_first_child (item)))
      g_ptr_array_add (rows, gtk_widget_get_first_child (item));
  return rows;
}

/* Rows out of sight skip drawing their text: scrolled into sight, they
 * draw it. */
static void
test_scroll (Fixture       *f,
             gconstpointer  data)
{
  CsFieldView *view = cs_review_page_get_field_view (f->page);
  GtkWidget *list = GTK_WIDGET (cs_field_view_get_list_view (view));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (list);
  guint n_frames = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &n_frames);

  for (guint step = 0; step < 3; step++)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint n_in_sight = 0;

      n_frames = 0;
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + 10 * gtk_adjustment_get_page_size (adjustment) / 3);
      cs_ui_test_wait_until (frames_drawn, &n_frames, G_STRLOC);
      rows = list_rows (f);
      for (guint r = 0; r < rows->len; r++)
        {
          GtkWidget *row = g_ptr_array_index (rows, r);
          graphene_rect_t bounds;

          if (cs_field_row_get_field (CS_FIELD_ROW (row)) == NULL ||
              !gtk_widget_compute_bounds (row, list, &bounds) ||
              bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= gtk_widget_get_height (list))
            continue;
          g_assert_true (cs_field_row_get_drawn (CS_FIELD_ROW (row)));
          n_in_sight++;
        }
      g_assert_cmpuint (n_in_sight, >, 3);
    }
  g_signal_handler_disconnect (clock, id);
}

/* Rows out of sight tell assistive technologies about their new field
 * once the frame is drawn: by the time the main loop is idle, every row
 * the list keeps says the field it shows. */
static void
test_accessible_out_of_sight (Fixture       *f,
                              gconstpointer  data)
{
  const char *searches[] = { "Field_1", "Field_12", "Field_1" };

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint n_rows = 0;

      cs_review_page_set_search_text (f->page, searches[i]);
      cs_ui_test_flush_events ();
      rows = list_rows (f);
      for (guint r = 0; r < rows->len; r++)
        {
          GtkWidget *row = g_ptr_array_index (rows, r);
          g_autofree char *expected = NULL;
          CsReviewField *field;

          if ((field = cs_field_row_get_field (CS_FIELD_ROW (row))) == NULL)
            continue;
          g_assert_false (cs_field_row_get_accessible_stale (CS_FIELD_ROW (row)));
          expected = g_strdup_printf ("Sync %s (%s.%s)", cs_review_field_get_label (field),
                                      cs_review_field_get_object (field), cs_review_field_get_api_name (field));
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cs_field_row_get_check (CS_FIELD_ROW (row))),
                                               GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
          n_rows++;
        }
      /* Far more rows than are in sight. */
      g_assert_cmpuint (n_rows, >, 50);
    }
}

static gboolean
among_first (GListModel    *model,
             CsReviewField *field,
             guint          n)
{
  for (guint p = 0; p < MIN (n, g_list_model_get_n_items (model)); p++)
    if (get_field (model, p) == field)
      return TRUE;
  return FALSE;
}

static guint
count_waiting (Fixture *f)
{
  g_autoptr(GPtrArray) rows = list_rows (f);
  guint n_waiting = 0;

  for (guint r = 0; r < rows->len; r++)
    if (cs_field_row_get_outdated (g_ptr_array_index (rows, r)))
      n_waiting++;
  return n_waiting;
}

/* A search gives the rows in sight their new field at once. The rows out
 * of sight take theirs after the frame: once the main loop is idle, the
 * rows the list keeps show the first fields found, each once. Scrolled
 * down, a new order leaves rows waiting too, until the main loop is
 * idle. */
static void
test_out_of_sight_later (Fixture       *f,
                         gconstpointer  data)
{
  const char *searches[] = { "Field_1", "Field_12", "Field_1", "" };
  GListModel *shown = cs_review_page_get_shown_model (f->page);
  GtkWidget *list = GTK_WIDGET (cs_field_view_get_list_view (cs_review_page_get_field_view (f->page)));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (list);
  guint n_frames = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &n_frames);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GHashTable) fields = g_hash_table_new (g_direct_hash, g_direct_equal);
      guint n_outdated = 0, n_in_sight = 0, n_fields = 0;

      cs_review_page_set_search_text (f->page, searches[i]);
      rows = list_rows (f);
      for (guint r = 0; r < rows->len; r++)
        {
          CsFieldRow *row = g_ptr_array_index (rows, r);

          if (cs_field_row_get_outdated (row))
            {
              g_assert_false (cs_field_row_get_in_sight (row));
              n_outdated++;
            }
          else if (cs_field_row_get_field (row) != NULL && cs_field_row_get_in_sight (row))
            {
              g_assert_true (among_first (shown, cs_field_row_get_field (row), rows->len));
              n_in_sight++;
            }
        }
      g_assert_cmpuint (n_in_sight, >, 3);
      g_assert_cmpuint (n_outdated, >, 50);

      cs_ui_test_flush_events ();
      g_ptr_array_unref (g_steal_pointer (&rows));
      rows = list_rows (f);
      for (guint r = 0; r < rows->len; r++)
        {
          CsFieldRow *row = g_ptr_array_index (rows, r);

          g_assert_false (cs_field_row_get_outdated (row));
          if (cs_field_row_get_field (row) != NULL)
            {
              g_assert_true (g_hash_table_add (fields, cs_field_row_get_field (row)));
              n_fields++;
            }
        }
      g_assert_cmpuint (n_fields, ==, MIN (rows->len, g_list_model_get_n_items (shown)));
      for (guint p = 0; p < n_fields; p++)
        g_assert_true (g_hash_table_contains (fields, get_field (shown, p)));
    }

  /* Scrolled down a third of the rows the list keeps, the other order. */
  n_frames = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / g_list_model_get_n_items (shown) * 70);
  cs_ui_test_wait_until (frames_drawn, &n_frames, G_STRLOC);
  cs_ui_test_flush_events ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0.0);
  cs_review_page_sort_by (f->page, CS_REVIEW_COLUMN_LABEL, GTK_SORT_DESCENDING);
  g_assert_cmpuint (count_waiting (f), >, 50);
  cs_ui_test_flush_events ();
  g_assert_cmpuint (count_waiting (f), ==, 0);
  g_signal_handler_disconnect (clock, id);
}

/* A column's new width (what dragging the edge of its title sets) moves
 * the columns after it, in the titles and in the rows. */
static void
test_resize_column (Fixture       *f,
                    gconstpointer  data)
{
  CsFieldView *view = cs_review_page_get_field_view (f->page);
  GListModel *columns = cs_field_view_get_columns (view);
  g_autoptr(CsFieldColumn) object = g_list_model_get_item (columns, 1);
  g_autoptr(CsFieldColumn) label = g_list_model_get_item (columns, 2);
  WidthWanted wanted;
  int object_width, label_x;

  g_assert_cmpint (cs_field_column_get_content (object), ==, CS_REVIEW_COLUMN_OBJECT);
  g_assert_cmpint (cs_field_column_get_content (label), ==, CS_REVIEW_COLUMN_LABEL);
  cs_ui_test_flush_events ();
  object_width = cs_field_column_get_width (object);
  label_x = cs_field_column_get_x (label);
  g_assert_cmpint (label_x, ==, cs_field_column_get_x (object) + object_width);

  cs_field_column_set_fixed_width (object, object_width + 40);
  wanted.column = object;
  wanted.width = object_width + 40;
  cs_ui_test_wait_until (placed_as_wanted, &wanted, G_STRLOC);
  g_assert_cmpint (cs_field_column_get_x (label), ==, label_x + 40);

  /* The Sync box stays in the middle of its wider column. */
  {
    g_autoptr(CsFieldColumn) sync = g_list_model_get_item (columns, 0);
    CsFieldRow *row;
    double x_before, x_after, y;

    cs_review_page_set_search_text (f->page, "Field_77__c");
    cs_review_page_set_object_filter (f->page, "Generated_40__c");
    row = only_row (f, NULL);
    g_assert_cmpint (cs_field_column_get_content (sync), ==, CS_REVIEW_COLUMN_SYNC);
    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (cs_field_row_get_check (row)), GTK_WIDGET (row),
                                                     0, 0, &x_before, &y));
    wanted.column = sync;
    wanted.width = cs_field_column_get_width (sync) + 40;
    cs_field_column_set_fixed_width (sync, cs_field_column_get_fixed_width (sync) + 40);
    cs_ui_test_wait_until (placed_as_wanted, &wanted, G_STRLOC);
    cs_ui_test_flush_events ();
    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (cs_field_row_get_check (row)), GTK_WIDGET (row),
                                                     0, 0, &x_after, &y));
    g_assert_cmpfloat_with_epsilon (x_after, x_before + 20, 1.0);
  }
}

static gboolean
row_has_label (gpointer row)
{
  return cs_field_row_get_layout (row, CS_REVIEW_COLUMN_LABEL) != NULL;
}

/* Every row in sight draws its own field's texts; a field still in sight
 * after a search keeps the texts laid out for it, in the row that shows it
 * now. */
static void
test_texts_follow_fields (Fixture       *f,
                          gconstpointer  data)
{
  CsFieldView *view = cs_review_page_get_field_view (f->page);
  GListModel *shown = cs_review_page_get_shown_model (f->page);
  g_autoptr(CsReviewField) second = NULL;
  g_autoptr(PangoLayout) label = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CsFieldRow *before, *after;
  guint n_checked = 0;

  cs_review_page_set_search_text (f->page, "Field_1");
  cs_ui_test_flush_events ();
  second = g_list_model_get_item (shown, 1);
  before = cs_field_view_find_row (view, second);
  g_assert_nonnull (before);
  cs_ui_test_wait_until (row_has_label, before, G_STRLOC);
  label = g_object_ref (cs_field_row_get_layout (before, CS_REVIEW_COLUMN_LABEL));

  /* Its own API name: the first field, a prefix of it, no longer shows. */
  cs_review_page_set_search_text (f->page, cs_review_field_get_api_name (second));
  {
    g_autoptr(CsReviewField) first = g_list_model_get_item (shown, 0);

    g_assert_true (first == second);
  }
  after = cs_field_view_find_row (view, second);
  g_assert_true (after != before);
  g_assert_true (cs_field_row_get_layout (after, CS_REVIEW_COLUMN_LABEL) == label);
  cs_ui_test_wait_until (row_has_label, after, G_STRLOC);

  rows = list_rows (f);
  for (guint r = 0; r < rows->len; r++)
    {
      GtkWidget *row = g_ptr_array_index (rows, r);
      CsReviewField *field;
      PangoLayout *layout;

      if ((field = cs_field_row_get_field (CS_FIELD_ROW (row))) == NULL)
        continue;
      if ((layout = cs_field_row_get_layout (CS_FIELD_ROW (row), CS_REVIEW_COLUMN_LABEL)) != NULL)
        g_assert_cmpstr (pango_layout_get_text (layout), ==, cs_review_field_get_label (field));
      if ((layout = cs_field_row_get_layout (CS_FIELD_ROW (row), CS_REVIEW_COLUMN_API_NAME)) != NULL)
        {
          g_assert_cmpstr (pango_layout_get_text (layout), ==, cs_review_field_get_api_name (field));
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >, 0);
}

static gboolean
lines_match_fields (gpointer data)
{
  Fixture *f = data;
  GtkListView *list = cs_field_view_get_list_view (cs_review_page_get_field_view (f->page));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) == shown_count (f);
}

/* A search that leaves fewer fields than the list keeps rows: the lines
 * past the fields first show nothing and take no room, and go once the
 * main loop is idle (after the frame that shows the new fields); the rows
 * left show exactly the fields shown. */
static void
test_lines_go_after_frame (Fixture       *f,
                           gconstpointer  data)
{
  CsFieldView *view = cs_review_page_get_field_view (f->page);
  GtkWidget *list = GTK_WIDGET (cs_field_view_get_list_view (view));
  GListModel *lines = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  GListModel *shown = cs_review_page_get_shown_model (f->page);
  g_autoptr(CsReviewField) last = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n_lines, n_rows = 0;

  cs_review_page_set_search_text (f->page, "Field_1");
  cs_ui_test_wait_until (lines_match_fields, f, G_STRLOC);
  n_lines = g_list_model_get_n_items (lines);
  g_assert_cmpuint (n_lines, >, 300);

  last = g_list_model_get_item (shown, n_lines - 1);
  cs_review_page_set_search_text (f->page, cs_review_field_get_api_name (last));
  g_assert_cmpuint (shown_count (f), <=, 50);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, n_lines);
  rows = list_rows (f);
  for (guint r = 0; r < rows->len; r++)
    {
      GtkWidget *row = g_ptr_array_index (rows, r);
      int height;

      if (cs_field_row_get_field (CS_FIELD_ROW (row)) != NULL)
        continue;
      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
      g_assert_cmpint (height, ==, 0);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cs_field_row_get_check (CS_FIELD_ROW (row)))));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >, 0);

  cs_ui_test_wait_until (lines_match_fields, f, G_STRLOC);
  n_rows = 0;
  g_ptr_array_unref (rows);
  rows = list_rows (f);
  for (guint r = 0; r < rows->len; r++)
    {
      GtkWidget *row = g_ptr_array_index (rows, r);
      CsReviewField *field;
      gboolean found = FALSE;

      if ((field = cs_field_row_get_field (CS_FIELD_ROW (row))) == NULL)
        continue;
      for (guint i = 0; i < shown_count (f) && !found; i++)
        {
          g_autoptr(CsReviewField) item_field = g_list_model_get_item (shown, i);

          found = item_field == field;
        }
      g_assert_true (found);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, shown_count (f));
}

/* A copy of a list model kept only from its items-changed signals. */
static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GListStore *mirror)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, position + i));
  g_list_store_splice (mirror, position, removed, items->pdata, added);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  (*n_changes)++;
}

static void
assert_same_items (GListModel *expected,
                   GListModel *model)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (expected));
  for (guint i = 0; i < g_list_model_get_n_items (expected); i++)
    {
      g_autoptr(GObject) want = g_list_model_get_item (expected, i);
      g_autoptr(GObject) got = g_list_model_get_item (model, i);

      g_assert_true (got == want);
    }
  g_assert_null (g_list_model_get_item (model, g_list_model_get_n_items (expected)));
}

/* The page's own filtered list shows exactly what GTK's filter list model
 * would, in the same order, through every kind of change of the filter and
 * of the fields, and its signals say exactly what changed; a change that
 * shows the same fields says nothing. */
static void
test_field_matches (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GListStore) fields = g_list_store_new (CS_TYPE_REVIEW_FIELD);
  g_autoptr(CsFieldFilter) filter = cs_field_filter_new ();
  g_autoptr(GtkFilterListModel) reference = NULL;
  g_autoptr(CsFieldMatches) matches = NULL;
  g_autoptr(GListStore) mirror = g_list_store_new (CS_TYPE_REVIEW_FIELD);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  GListModel *all = all_fields (f);
  const char *texts[] = { "f", "fi", "field_1", "field_12", "Field_123", "field_12", "x", "", "fax",
                          "ax", "name", "NAME", "zzz", "", "e" };
  guint n_changes = 0;

  /* Every other field first, so that fields can be added back between. */
  for (guint i = 0; i < g_list_model_get_n_items (all); i += 2)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (all, i);

      g_list_store_append (fields, field);
    }
  reference = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (fields)), g_object_ref (GTK_FILTER (filter)));
  gtk_filter_list_model_set_incremental (reference, FALSE);
  matches = cs_field_matches_new (G_LIST_MODEL (fields), filter);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (matches)) == CS_TYPE_REVIEW_FIELD);
  mirror_changed_cb (G_LIST_MODEL (matches), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (matches)), mirror);
  g_signal_connect (matches, "items-changed", G_CALLBACK (mirror_changed_cb), mirror);
  g_signal_connect (matches, "items-changed", G_CALLBACK (count_changes_cb), &n_changes);
  assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (matches));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      cs_field_filter_set_search_text (filter, texts[i]);
      assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (matches));
      assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));
    }

  /* The same fields shown: no signal (none, then all: a first sync's
   * fields are all new). */
  cs_field_filter_set_search_text (filter, "zzz");
  n_changes = 0;
  cs_field_filter_set_search_text (filter, "zzzq");
  cs_field_filter_set_search_text (filter, "zzzqq");
  g_assert_cmpuint (n_changes, ==, 0);
  cs_field_filter_set_search_text (filter, "");
  n_changes = 0;
  cs_field_filter_set_new_only (filter, TRUE);
  cs_field_filter_set_new_only (filter, FALSE);
  g_assert_cmpuint (n_changes, ==, 0);
  assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));

  cs_field_filter_set_object (filter, "Lead");
  assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));
  cs_field_filter_set_kind (filter, CS_REVIEW_KIND_CUSTOM);
  assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));
  cs_field_filter_set_object (filter, NULL);
  assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));
  cs_field_filter_set_new_only (filter, TRUE);
  assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));
  cs_field_filter_set_kind (filter, CS_REVIEW_KIND_ALL);
  cs_field_filter_set_new_only (filter, FALSE);
  assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));

  /* Fields added, removed and replaced anywhere, under a search and
   * without one. */
  for (guint round = 0; round < 40; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (fields));
      guint position = g_rand_int_range (rand, 0, n + 1);
      guint removed = MIN (n - position, (guint) g_rand_int_range (rand, 0, 30));
      guint added = g_rand_int_range (rand, 0, 30);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < added; i++)
        g_ptr_array_add (items, g_list_model_get_item (all, g_rand_int_range (rand, 0, g_list_model_get_n_items (all))));
      if (round == 20)
        cs_field_filter_set_search_text (filter, "");
      g_list_store_splice (fields, position, removed, items->pdata, added);
      assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (matches));
      assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));
      /* A search after the fields changed reads their new texts. */
      cs_field_filter_set_search_text (filter, texts[round % G_N_ELEMENTS (texts)]);
      assert_same_items (G_LIST_MODEL (reference), G_LIST_MODEL (mirror));
    }

  /* Through the page's own sorter, as the page uses it. */
  {
    g_autoptr(GtkSortListModel) sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (fields)),
                                                                  GTK_SORTER (cs_field_sorter_new ()));
    g_autoptr(CsFieldMatches) sorted_matches = NULL;
    g_autoptr(GtkFilterListModel) sorted_reference = NULL;

    gtk_sort_list_model_set_incremental (sorted, FALSE);
    sorted_matches = cs_field_matches_new (G_LIST_MODEL (sorted), filter);
    sorted_reference = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (sorted)), g_object_ref (GTK_FILTER (filter)));
    gtk_filter_list_model_set_incremental (sorted_reference, FALSE);
    cs_field_filter_set_search_text (filter, "field_2");
    assert_same_items (G_LIST_MODEL (sorted_reference), G_LIST_MODEL (sorted_matches));
  }
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

#define ADD(path, func, check) \
  g_test_add (path, Fixture, GINT_TO_POINTER (check), fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/review-page/filters", test_filters, TRUE);
  ADD ("/ui/review-page/sort", test_sort, TRUE);
  ADD ("/ui/review-page/hide-list", test_hide_list, TRUE);
  ADD ("/ui/review-page/new-since-sync", test_new_since_sync, TRUE);
  ADD ("/ui/review-page/confirm", test_confirm, TRUE);
  ADD ("/ui/review-page/not-checked", test_not_checked, FALSE);
  ADD ("/ui/review-page/field-filter", test_field_filter, TRUE);
  ADD ("/ui/review-page/field-matches", test_field_matches, TRUE);
  ADD ("/ui/review-page/texts-follow-fields", test_texts_follow_fields, TRUE);
  ADD ("/ui/review-page/lines-go-after-frame", test_lines_go_after_frame, TRUE);
  ADD ("/ui/review-page/accessible", test_accessible, TRUE);
  ADD ("/ui/review-page/keyboard", test_keyboard, TRUE);
  ADD ("/ui/review-page/resize-column", test_resize_column, TRUE);
  ADD ("/ui/review-page/scroll", test_scroll, TRUE);
  ADD ("/ui/review-page/accessible-out-of-sight", test_accessible_out_of_sight, TRUE);
  ADD ("/ui/review-page/out-of-sight-later", test_out_of_sight_later, TRUE);

#undef ADD

  return g_test_run ();
}
