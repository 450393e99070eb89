/* test-field-sync.c: CsFieldSync against the practice org — the check
 * finds the seeded access problems and lists every visible field, recording
 * makes them permanent in one pass, a second sync of an unchanged org is one
 * round trip of 304s that writes nothing, marks survive a check, and a
 * failing describe records nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fields-test-common.h"

static CsFieldSync *
new_field_sync (FieldsFixture *fixture)
{
  return cs_field_sync_new (fixture->client, fixture->catalog, fixture->connection_id);
}

static GPtrArray *
check (CsFieldSync  *sync,
       GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &result);
  return cs_field_sync_check_finish (sync, cs_test_await (&result), error);
}

static gboolean
record (CsFieldSync         *sync,
        CsFieldSyncSummary  *summary,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_field_sync_record_async (sync, NULL, cs_test_store_result, &result);
  return cs_field_sync_record_finish (sync, cs_test_await (&result), summary, error);
}

static gboolean
has_finding (GPtrArray   *findings,
             const char  *object,
             const char  *field,
             CsAuditCode  code)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);

      if (g_strcmp0 (finding->object, object) == 0 &&
          g_strcmp0 (finding->field, field) == 0 &&
          finding->code == code)
        return TRUE;
    }
  return FALSE;
}

static CsReviewField *
find_field (CsFieldSync *sync,
            const char  *object,
            const char  *api_name)
{
  GListModel *fields = cs_field_sync_get_fields (sync);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (fields, i);

      if (g_strcmp0 (cs_review_field_get_object (field), object) == 0 &&
          g_strcmp0 (cs_review_field_get_api_name (field), api_name) == 0)
        return field;  /* the model keeps it alive */
    }
  return NULL;
}

/* The seeded problems are found; every visible field is listed, once, in
 * object then API-name order, all new; fixing the org clears the check. */
static void
test_check (FieldsFixture *fixture,
            gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *fields = cs_field_sync_get_fields (sync);
  guint n_fields;

  g_assert_false (cs_field_sync_has_checked (sync));
  g_assert_cmpuint (g_list_model_get_n_items (fields), ==, 0);

  findings = check (sync, &error);
  g_assert_no_error (error);
  g_assert_true (cs_field_sync_has_checked (sync));
  g_assert_true (cs_field_sync_get_findings (sync) == findings);
  g_assert_true (has_finding (findings, "Lead", "ConvertedDate", CS_AUDIT_CODE_FIELD_HIDDEN));
  g_assert_true (has_finding (findings, "Campaign", NULL, CS_AUDIT_CODE_NO_DELETE));
  g_assert_cmpuint (cs_access_audit_count_blocking (findings), >=, 2);

  n_fields = g_list_model_get_n_items (fields);
  g_assert_cmpuint (n_fields, >, 100);
  g_assert_cmpuint (cs_field_sync_count_new_fields (sync), ==, n_fields);
  /* The hidden field is not among the ones that become permanent. */
  g_assert_null (find_field (sync, "Lead", "ConvertedDate"));
  g_assert_nonnull (find_field (sync, "Lead", "IsConverted"));
  for (guint i = 1; i < n_fields; i++)
    {
      g_autoptr(CsReviewField) previous = g_list_model_get_item (fields, i - 1);
      g_autoptr(CsReviewField) field = g_list_model_get_item (fields, i);
      int order = g_ascii_strcasecmp (cs_review_field_get_object (previous), cs_review_field_get_object (field));

      if (order == 0)
        order = g_ascii_strcasecmp (cs_review_field_get_api_name (previous), cs_review_field_get_api_name (field));
      g_assert_cmpint (order, <, 0);
      g_assert_true (cs_review_field_get_is_new (field));
    }

  cs_practice_org_set_field_visible (fixture->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (fixture->org, "Campaign", "delete", TRUE);
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check (sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_access_audit_count_blocking (findings), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (fields), ==, n_fields + 1);
  g_assert_nonnull (find_field (sync, "Lead", "ConvertedDate"));
}

static void
progress_cb (CsFieldSync *sync,
             double       fraction,
             GArray      *fractions)
{
  g_array_append_val (fractions, fraction);
}

/* Recording after a check makes every listed field permanent, with
 * progress; a second sync by another run (no check) is ⌈objects/25⌉
 * requests answered 304, writes nothing and counts nothing. */
static void
test_record_then_unchanged (FieldsFixture *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(CsFieldSync) later = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(CsFieldSyncSummary) first = { { 0 }, NULL };
  g_auto(CsFieldSyncSummary) second = { { 0 }, NULL };
  g_autofree char *batch_path = NULL;
  guint n_fields;

  cs_practice_org_add_generated_objects (fixture->org, 20, 10);
  /* Describes date changes to the second, and a sync made in the second of
   * a change describes that object again next time, on purpose: let the
   * new objects' second pass, as it has in a real org. */
  g_usleep (3 * G_USEC_PER_SEC);
  for (guint i = 1; i <= 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Generated_%u__c", i);

      g_assert_true (cs_field_sync_add_custom_object (sync, name, &error));
      g_assert_no_error (error);
    }

  findings = check (sync, &error);
  g_assert_no_error (error);
  n_fields = g_list_model_get_n_items (cs_field_sync_get_fields (sync));
  g_assert_nonnull (find_field (sync, "Generated_20__c", "Field_10__c"));

  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), fractions);
  cs_practice_org_reset_request_counts (fixture->org);
  g_assert_true (record (sync, &first, &error));
  g_assert_no_error (error);
  batch_path = fields_batch_path (fixture);
  /* 30 objects: two batches; the check's describes fill the 304s. */
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==, 2);
  g_assert_cmpuint (first.total.n_new, ==, n_fields);
  g_assert_cmpint (cs_field_catalog_count (fixture->catalog, fixture->connection_id, NULL), ==, n_fields);
  g_assert_cmpuint (cs_field_sync_count_new_fields (sync), ==, 0);
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  /* Another run, as crm-sync fields --no-audit does: no check, the custom
   * objects come from the catalog. */
  later = new_field_sync (fixture);
  {
    g_auto(GStrv) custom = cs_field_sync_dup_custom_objects (later);

    g_assert_cmpuint (g_strv_length (custom), ==, 20);
  }
  cs_practice_org_reset_request_counts (fixture->org);
  g_assert_true (record (later, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 2);
  g_assert_cmpuint (second.total.n_new + second.total.n_unchanged + second.total.n_no_longer_synced, ==, 0);
  g_assert_cmpuint (second.objects->len, ==, 0);
  g_assert_cmpint (cs_field_catalog_count (fixture->catalog, fixture->connection_id, NULL), ==, n_fields);
}

/* Marks are kept by a new check while the field stays visible; once the
 * admin hides it in Salesforce, it leaves the list and the text. */
static void
test_unwanted_marks (FieldsFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_after = NULL;
  CsReviewField *fax;
  CsReviewField *rating;

  findings = check (sync, &error);
  g_assert_no_error (error);
  g_assert_null (cs_field_sync_format_hide_list (cs_field_sync_get_fields (sync)));

  fax = find_field (sync, "Lead", "Fax");
  rating = find_field (sync, "Account", "Rating");
  g_assert_nonnull (fax);
  g_assert_nonnull (rating);
  cs_review_field_set_unwanted (fax, TRUE);
  cs_review_field_set_unwanted (rating, TRUE);
  g_assert_cmpuint (cs_field_sync_count_unwanted (sync), ==, 2);

  text = cs_field_sync_format_hide_list (cs_field_sync_get_fields (sync));
  g_assert_nonnull (text);
  /* Objects in order, each with its fields. */
  g_assert_nonnull (strstr (text, "Account: 1 field to hide\n  - "));
  g_assert_nonnull (strstr (text, "(Rating)\n\nLead: 1 field to hide\n  - "));
  g_assert_true (g_str_has_suffix (text, "(Fax)\n"));

  again = check (sync, &error);
  g_assert_no_error (error);
  g_assert_true (cs_review_field_get_unwanted (find_field (sync, "Lead", "Fax")));
  g_assert_cmpuint (cs_field_sync_count_unwanted (sync), ==, 2);

  cs_practice_org_set_field_visible (fixture->org, "Lead", "Fax", FALSE);
  last = check (sync, &error);
  g_assert_no_error (error);
  g_assert_null (find_field (sync, "Lead", "Fax"));
  g_assert_cmpuint (cs_field_sync_count_unwanted (sync), ==, 1);
  text_after = cs_field_sync_format_hide_list (cs_field_sync_get_fields (sync));
  g_assert_null (strstr (text_after, "Fax"));
  g_assert_nonnull (strstr (text_after, "(Rating)"));
}

static void
test_custom_object_names (FieldsFixture *fixture,
                          gconstpointer  user_data)
{
  static const char * const refused[] = {
    "Invoice", "Invoice__x", "__c", "1Invoice__c", "Invoice___c", "In voice__c",
    "Invoice_ _c", "Inv___oice__c", "Lead", "Invoice__c; DROP TABLE", NULL
  };
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_auto(GStrv) custom = NULL;
  g_auto(GStrv) objects = NULL;

  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cs_field_sync_add_custom_object (sync, refused[i], &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "__c"));
    }

  g_assert_true (cs_field_sync_add_custom_object (sync, " Invoice__c ", NULL));
  g_assert_true (cs_field_sync_add_custom_object (sync, "acme__Shipment__c", NULL));
  g_assert_true (cs_field_sync_add_custom_object (sync, "INVOICE__c", NULL));
  custom = cs_field_sync_dup_custom_objects (sync);
  g_assert_cmpstrv (custom, ((const char * const []) { "acme__Shipment__c", "Invoice__c", NULL }));

  cs_field_sync_remove_custom_object (sync, "invoice__c");
  objects = cs_field_sync_dup_objects (sync);
  g_assert_cmpuint (g_strv_length (objects), ==, CS_SYNC_N_STANDARD_OBJECTS + 1);
  g_assert_cmpstr (objects[CS_SYNC_N_STANDARD_OBJECTS], ==, "acme__Shipment__c");
}

/* A custom object the sync user cannot see is a finding of the check, and
 * recording without fixing it records nothing at all. */
static void
test_record_all_or_nothing (FieldsFixture *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_field_sync_add_custom_object (sync, "Missing__c", NULL));
  findings = check (sync, &error);
  g_assert_no_error (error);
  g_assert_true (has_finding (findings, "Missing__c", NULL, CS_AUDIT_CODE_OBJECT_MISSING));

  g_assert_false (record (sync, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Missing__c"));
  g_assert_cmpint (cs_field_catalog_count (fixture->catalog, fixture->connection_id, NULL), ==, 0);
}

/* The org refuses the API (rate limit): the check fails with that error,
 * not with ten "object missing" findings. */
static void
test_check_rate_limited (FieldsFixture *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;

  cs_salesforce_client_set_rate_limit_backoff (fixture->client, 0, 1);
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_RATE_LIMIT, TRUE);
  findings = check (sync, &error);
  g_assert_null (findings);
  g_assert_error (error, CS_ERROR, CS_ERROR_RATE_LIMITED);
  g_assert_false (cs_field_sync_has_checked (sync));
  g_assert_cmpuint (g_list_model_get_n_items (cs_field_sync_get_fields (sync)), ==, 0);
}

/* A custom object added after the check was never reviewed: recording
 * refuses, and records its fields once a check has listed them. */
static void
test_object_added_after_check (FieldsFixture *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) recorded = NULL;
  g_autoptr(GError) error = NULL;

  cs_practice_org_add_generated_objects (fixture->org, 1, 5);
  findings = check (sync, &error);
  g_assert_no_error (error);

  g_assert_true (cs_field_sync_add_custom_object (sync, "Generated_1__c", NULL));
  g_assert_false (record (sync, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK);
  g_assert_nonnull (strstr (error->message, "Generated_1__c"));
  g_clear_error (&error);
  g_assert_cmpint (cs_field_catalog_count (fixture->catalog, fixture->connection_id, NULL), ==, 0);

  again = check (sync, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_field (sync, "Generated_1__c", "Field_5__c"));
  g_assert_true (record (sync, NULL, &error));
  g_assert_no_error (error);
  recorded = cs_field_catalog_list (fixture->catalog, fixture->connection_id, "Generated_1__c", &error);
  g_assert_no_error (error);
  /* The five generated fields, plus the object's system fields. */
  g_assert_cmpuint (recorded->len, >, 5);
}

/* A check running while a record runs (the admin pressed Check Again on
 * another page) does not move the record's progress, which only goes up;
 * afterwards the "new" marks are read back from the catalog. */
static void
test_check_during_record (FieldsFixture *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GAsyncResult) check_result = NULL;
  g_autoptr(GAsyncResult) record_result = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  cs_practice_org_add_generated_objects (fixture->org, 40, 3);
  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("Generated_%u__c", i);

      g_assert_true (cs_field_sync_add_custom_object (sync, name, NULL));
    }
  findings = check (sync, &error);
  g_assert_no_error (error);

  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), fractions);
  cs_field_sync_record_async (sync, NULL, cs_test_store_result, &record_result);
  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &check_result);
  again = cs_field_sync_check_finish (sync, cs_test_await (&check_result), &error);
  g_assert_no_error (error);
  g_assert_true (cs_field_sync_record_finish (sync, cs_test_await (&record_result), NULL, &error));
  g_assert_no_error (error);

  /* 0, one report per batch of the record (50 objects: 2), then 1. */
  g_assert_cmpuint (fractions->len, ==, 4);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpuint (cs_field_sync_count_new_fields (sync), ==, 0);
}

/* A field that appears between the review and the record was not part of
 * what the admin confirmed: nothing is recorded, and the field sync now
 * lists it (as new) for the next review; the next record works. */
static void
test_new_field_since_check (FieldsFixture *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *refreshed;
  guint n_fields, n_new;
  CsReviewField *added;

  findings = check (sync, &error);
  g_assert_no_error (error);
  n_fields = g_list_model_get_n_items (cs_field_sync_get_fields (sync));
  n_new = cs_field_sync_count_new_fields (sync);

  cs_practice_org_add_custom_field (fixture->org, "Contact", "Loyalty_Tier__c", "Loyalty Tier", "string", 20);
  g_assert_false (record (sync, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK);
  g_assert_nonnull (strstr (error->message, "Contact"));
  g_clear_error (&error);
  g_assert_cmpint (cs_field_catalog_count (fixture->catalog, fixture->connection_id, NULL), ==, 0);

  refreshed = cs_field_sync_get_findings (sync);
  g_assert_true (refreshed != findings);
  g_assert_cmpuint (g_list_model_get_n_items (cs_field_sync_get_fields (sync)), ==, n_fields + 1);
  g_assert_cmpuint (cs_field_sync_count_new_fields (sync), ==, n_new + 1);
  added = find_field (sync, "Contact", "Loyalty_Tier__c");
  g_assert_nonnull (added);
  g_assert_true (cs_review_field_get_is_new (added));

  g_assert_true (record (sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cs_field_catalog_count (fixture->catalog, fixture->connection_id, NULL), ==, n_fields + 1);
}

/* Salesforce's clock an hour behind this computer's: If-Modified-Since
 * follows Salesforce's time (the Date of its answers), so a change made
 * after the review or after the last sync is still seen. */
static void
test_org_clock_behind (FieldsFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(CsFieldSync) later = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CsFieldSyncSummary) summary = { { 0 }, NULL };

  cs_practice_org_set_clock_offset (fixture->org, -3600);

  findings = check (sync, &error);
  g_assert_no_error (error);
  cs_practice_org_add_custom_field (fixture->org, "Account", "Region__c", "Region", "string", 40);
  g_assert_false (record (sync, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK);
  g_clear_error (&error);
  g_assert_true (record (sync, NULL, &error));
  g_assert_no_error (error);

  /* Another run later, without a check: from the catalog's last sync. */
  g_usleep (3 * G_USEC_PER_SEC);
  cs_practice_org_add_custom_field (fixture->org, "Account", "Segment__c", "Segment", "string", 40);
  later = new_field_sync (fixture);
  g_assert_true (record (later, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.total.n_new, ==, 1);
  g_assert_nonnull (cs_field_sync_summary_get_object (&summary, "Account"));
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A field added while the check's answer is on its way (Salesforce read
 * the object, then the answer took a while): the answer's Date is later
 * than the read, and the record must still see the field. */
static void
test_field_added_during_check (FieldsFixture *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(CsFieldSync) sync = new_field_sync (fixture);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_path = NULL;
  gboolean waited = FALSE;

  cs_practice_org_set_latency_ms (fixture->org, 1500);
  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &result);
  /* The practice org has read the objects and holds the answer. */
  while (cs_practice_org_get_request_count (fixture->org, NULL) == 0 ||
         cs_salesforce_client_get_api_version (fixture->client) == NULL)
    g_main_context_iteration (NULL, TRUE);
  batch_path = fields_batch_path (fixture);
  while (cs_practice_org_get_request_count (fixture->org, batch_path) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add (300, set_true_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  cs_practice_org_add_custom_field (fixture->org, "Opportunity", "Deal_Code__c", "Deal Code", "string", 12);
  findings = cs_field_sync_check_finish (sync, cs_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_null (find_field (sync, "Opportunity", "Deal_Code__c"));

  g_assert_false (record (sync, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK);
  g_assert_nonnull (find_field (sync, "Opportunity", "Deal_Code__c"));
  g_assert_cmpint (cs_field_catalog_count (fixture->catalog, fixture->connection_id, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/field-sync/" name, FieldsFixture, NULL, fields_fixture_set_up, func, fields_fixture_tear_down)

  ADD ("check", test_check);
  ADD ("record-then-unchanged", test_record_then_unchanged);
  ADD ("unwanted-marks", test_unwanted_marks);
  ADD ("custom-object-names", test_custom_object_names);
  ADD ("record-all-or-nothing", test_record_all_or_nothing);
  ADD ("check-rate-limited", test_check_rate_limited);
  ADD ("object-added-after-check", test_object_added_after_check);
  ADD ("check-during-record", test_check_during_record);
  ADD ("new-field-since-check", test_new_field_since_check);
  ADD ("org-clock-behind", test_org_clock_behind);
  ADD ("field-added-during-check", test_field_added_during_check);

  return g_test_run ();
}
