/* test-field-catalog.c: the field catalog, fed by the sync user's describes
 * from the practice org over HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "fields-test-common.h"

static int
count_commit (void *user_data)
{
  guint *commits = user_data;

  (*commits)++;
  return 0;   /* let it commit */
}

static sqlite3 *
database (FieldsFixture *fixture)
{
  return cs_connection_store_get_database (fixture->store);
}

/* Describes @names with the catalog's If-Modified-Since (when
 * @incremental), records them and returns the summary in @summary. Counts
 * the commits of the recording in *commits (may be NULL). */
static void
sync_fields (FieldsFixture      *fixture,
             const char * const *names,
             gboolean            incremental,
             CsFieldSyncSummary *summary,
             guint              *commits)
{
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;
  guint local_commits = 0;
  gboolean ok;

  if (incremental)
    {
      since = cs_field_catalog_get_last_sync (fixture->catalog, fixture->connection_id, names,
                                              &error);
      g_assert_no_error (error);
      g_assert_nonnull (since);
    }

  describes = fields_describe_many (fixture, names, since, &errors);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_cmpuint (g_hash_table_size (describes), ==, g_strv_length ((GStrv) names));

  sqlite3_commit_hook (database (fixture), count_commit, &local_commits);
  ok = cs_field_catalog_record (fixture->catalog, fixture->connection_id, describes, now,
                                summary, &error);
  sqlite3_commit_hook (database (fixture), NULL, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  if (commits != NULL)
    *commits = local_commits;
}

static gint64
row_count (FieldsFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cs_field_catalog_count (fixture->catalog, fixture->connection_id, &error);

  g_assert_no_error (error);
  return n;
}

static guint
count_fields (GHashTable *describes)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, describes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_assert_nonnull (value);
      n += json_array_get_length (json_object_get_array_member (json_node_get_object (value),
                                                                "fields"));
    }
  return n;
}

/* object.api_name → CsCatalogField* (owned by the returned array's keys'
 * table). */
static GHashTable *
catalog_by_name (FieldsFixture *fixture,
                 GPtrArray    **fields_out)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *fields = cs_field_catalog_list (fixture->catalog, fixture->connection_id, NULL,
                                             &error);
  GHashTable *by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < fields->len; i++)
    {
      CsCatalogField *field = g_ptr_array_index (fields, i);

      g_assert_true (g_hash_table_insert (by_name,
                                          g_strdup_printf ("%s.%s", field->object, field->api_name),
                                          field));
    }

  *fields_out = fields;
  return by_name;
}

static void
assert_summary_zero (const CsFieldSyncCounts *counts)
{
  g_assert_cmpuint (counts->n_new, ==, 0);
  g_assert_cmpuint (counts->n_unchanged, ==, 0);
  g_assert_cmpuint (counts->n_no_longer_synced, ==, 0);
  g_assert_cmpuint (counts->n_type_changed, ==, 0);
  g_assert_cmpuint (counts->n_resumed, ==, 0);
  g_assert_cmpuint (counts->n_relabelled, ==, 0);
}

/* All standard objects plus custom ones in ⌈objects/25⌉ composite batch
 * requests, counted at the server; the first recording adds every field. */
static void
test_batches (FieldsFixture *fixture,
              gconstpointer  user_data)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GHashTable) describes = NULL;
  g_autofree char *batch_path = NULL;
  g_auto(CsFieldSyncSummary) summary = { { 0 }, NULL };
  g_autoptr(GError) error = NULL;
  guint n_objects, n_fields;

  cs_practice_org_add_generated_objects (fixture->org, 41, 3);
  names = fields_object_names (41, TRUE);
  n_objects = g_strv_length (names);
  g_assert_cmpuint (n_objects, ==, 51);

  describes = fields_describe_many (fixture, (const char * const *) names, NULL, NULL);
  g_assert_cmpuint (g_hash_table_size (describes), ==, n_objects);

  batch_path = fields_batch_path (fixture);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==,
                    (n_objects + CS_COMPOSITE_BATCH_MAX - 1) / CS_COMPOSITE_BATCH_MAX);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==, 3);

  n_fields = count_fields (describes);
  g_assert_true (cs_field_catalog_record (fixture->catalog, fixture->connection_id, describes,
                                          NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.total.n_new, ==, n_fields);
  g_assert_cmpuint (summary.total.n_unchanged, ==, 0);
  g_assert_cmpuint (summary.objects->len, ==, n_objects);
  g_assert_cmpint (row_count (fixture), ==, n_fields);

  /* Standard fields are standard, custom ones custom. */
  {
    g_autoptr(GPtrArray) lead = cs_field_catalog_list (fixture->catalog, fixture->connection_id,
                                                       "Lead", &error);
    guint n_custom = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (lead->len, ==, cs_field_sync_summary_get_object (&summary, "Lead")->n_new);
    for (guint i = 0; i < lead->len; i++)
      {
        CsCatalogField *field = g_ptr_array_index (lead, i);

        g_assert_cmpstr (field->object, ==, "Lead");
        g_assert_cmpint (field->custom, ==, g_str_has_suffix (field->api_name, "__c"));
        g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_SYNCED);
        g_assert_false (field->type_changed);
        g_assert_null (field->previous_type);
        n_custom += field->custom;
        if (i > 0)
          g_assert_cmpint (g_ascii_strcasecmp (((CsCatalogField *) g_ptr_array_index (lead, i - 1))->api_name,
                                               field->api_name), <, 0);
        /* Hidden from the sync user: not in its describe, not recorded. */
        g_assert_cmpstr (field->api_name, !=, "ConvertedDate");
        if (g_str_equal (field->api_name, "Email"))
          {
            g_assert_cmpstr (field->type, ==, "email");
            g_assert_cmpuint (field->length, ==, 80);
          }
        if (g_str_equal (field->api_name, "AnnualRevenue"))
          {
            g_assert_cmpstr (field->type, ==, "currency");
            g_assert_cmpuint (field->precision, ==, 18);
          }
      }
    g_assert_cmpuint (n_custom, >, 0);
  }
}

/* The second run asks with the catalog's If-Modified-Since: one round trip,
 * 304 for every object, and the catalog writes nothing. */
static void
test_not_modified (FieldsFixture *fixture,
                   gconstpointer  user_data)
{
  const char * const *names = cs_sync_standard_objects;
  g_auto(CsFieldSyncSummary) first = { { 0 }, NULL };
  g_auto(CsFieldSyncSummary) second = { { 0 }, NULL };
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_path = NULL;
  guint commits = G_MAXUINT;
  gint64 rows;
  int changes;

  since = cs_field_catalog_get_last_sync (fixture->catalog, fixture->connection_id, names, &error);
  g_assert_no_error (error);
  g_assert_null (since);

  sync_fields (fixture, names, FALSE, &first, &commits);
  g_assert_cmpuint (commits, ==, 1);
  g_assert_cmpuint (first.total.n_new, >, 0);
  rows = row_count (fixture);
  g_assert_cmpint (rows, ==, first.total.n_new);

  cs_practice_org_reset_request_counts (fixture->org);
  changes = sqlite3_total_changes (database (fixture));

  since = cs_field_catalog_get_last_sync (fixture->catalog, fixture->connection_id, names, &error);
  g_assert_no_error (error);
  g_assert_nonnull (since);
  describes = fields_describe_many (fixture, names, since, NULL);
  g_assert_cmpuint (g_hash_table_size (describes), ==, CS_SYNC_N_STANDARD_OBJECTS);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (g_hash_table_contains (describes, names[i]));
      g_assert_null (g_hash_table_lookup (describes, names[i]));
    }
  batch_path = fields_batch_path (fixture);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 1);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==, 1);

  commits = 0;
  sqlite3_commit_hook (database (fixture), count_commit, &commits);
  g_assert_true (cs_field_catalog_record (fixture->catalog, fixture->connection_id, describes,
                                          NULL, &second, &error));
  sqlite3_commit_hook (database (fixture), NULL, NULL);
  g_assert_no_error (error);

  assert_summary_zero (&second.total);
  g_assert_cmpuint (second.objects->len, ==, 0);
  g_assert_cmpuint (commits, ==, 0);
  g_assert_cmpint (sqlite3_total_changes (database (fixture)), ==, changes);
  g_assert_cmpint (row_count (fixture), ==, rows);

  /* Unchanged, so the next run may still ask with the same time. */
  {
    g_autoptr(GDateTime) again = cs_field_catalog_get_last_sync (fixture->catalog,
                                                                 fixture->connection_id,
                                                                 names, &error);
    g_assert_no_error (error);
    g_assert_true (g_date_time_equal (again, since));
  }
}

/* Runs where the org removes, retypes, relabels, renames and adds fields:
 * no row is ever lost, and each change is recorded as the guide says. */
static void
test_evolution (FieldsFixture *fixture,
                gconstpointer  user_data)
{
  const char * const *names = cs_sync_standard_objects;
  g_auto(CsFieldSyncSummary) run1 = { { 0 }, NULL };
  g_auto(CsFieldSyncSummary) run2 = { { 0 }, NULL };
  g_auto(CsFieldSyncSummary) run3 = { { 0 }, NULL };
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) last = NULL;
  g_autoptr(GPtrArray) before_fields = NULL;
  g_autoptr(GPtrArray) after_fields = NULL;
  g_autoptr(GPtrArray) last_fields = NULL;
  const CsFieldSyncCounts *lead;
  CsCatalogField *field, *old;
  GHashTableIter iter;
  gpointer key;
  gint64 rows1;

  sync_fields (fixture, names, FALSE, &run1, NULL);
  rows1 = row_count (fixture);
  before = catalog_by_name (fixture, &before_fields);

  /* Run 2: edits on Lead only. */
  cs_practice_org_remove_field (fixture->org, "Lead", "Industry");
  cs_practice_org_set_field_type (fixture->org, "Lead", "mkto71_Lead_Score__c", "string");
  cs_practice_org_set_field_label (fixture->org, "Lead", "mkto71_Acquisition_Program__c",
                                   "Program That Acquired");
  /* A renamed API name: the old one goes, a new one comes. */
  cs_practice_org_remove_field (fixture->org, "Lead", "SICCode__c");
  cs_practice_org_add_custom_field (fixture->org, "Lead", "SIC_Code__c", "SIC Code", "string", 15);
  cs_practice_org_add_custom_field (fixture->org, "Lead", "Region__c", "Region", "string", 40);
  /* Hidden by field-level security: gone from the describe too. */
  cs_practice_org_set_field_visible (fixture->org, "Lead", "Title", FALSE);

  sync_fields (fixture, names, TRUE, &run2, NULL);

  /* Only Lead changed: the other objects answered 304 and were not touched. */
  g_assert_cmpuint (run2.objects->len, ==, 1);
  lead = cs_field_sync_summary_get_object (&run2, "Lead");
  g_assert_nonnull (lead);
  g_assert_null (cs_field_sync_summary_get_object (&run2, "Contact"));
  g_assert_cmpuint (lead->n_new, ==, 2);
  g_assert_cmpuint (lead->n_no_longer_synced, ==, 3);
  g_assert_cmpuint (lead->n_type_changed, ==, 1);
  g_assert_cmpuint (lead->n_relabelled, ==, 1);
  g_assert_cmpuint (lead->n_resumed, ==, 0);
  g_assert_cmpuint (lead->n_unchanged + lead->n_type_changed + 3, ==,
                    cs_field_sync_summary_get_object (&run1, "Lead")->n_new);
  g_assert_cmpuint (run2.total.n_new, ==, 2);

  g_assert_cmpint (row_count (fixture), ==, rows1 + 2);
  after = catalog_by_name (fixture, &after_fields);

  /* Never loses a row; rows of 304 objects are exactly as they were. */
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &old))
    {
      field = g_hash_table_lookup (after, key);
      g_assert_nonnull (field);
      g_assert_cmpint (field->first_seen, ==, old->first_seen);
      if (!g_str_equal (field->object, "Lead"))
        {
          g_assert_cmpint (field->last_seen, ==, old->last_seen);
          g_assert_cmpint (field->status, ==, old->status);
          g_assert_cmpstr (field->type, ==, old->type);
        }
    }

  field = g_hash_table_lookup (after, "Lead.Industry");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_NO_LONGER_SYNCED);
  g_assert_cmpstr (field->label, ==, "Industry");
  field = g_hash_table_lookup (after, "Lead.Title");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_NO_LONGER_SYNCED);
  field = g_hash_table_lookup (after, "Lead.SICCode__c");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_NO_LONGER_SYNCED);
  field = g_hash_table_lookup (after, "Lead.SIC_Code__c");
  g_assert_nonnull (field);
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_SYNCED);
  g_assert_true (field->custom);
  g_assert_cmpstr (field->type, ==, "string");
  g_assert_cmpuint (field->length, ==, 15);
  g_assert_nonnull (g_hash_table_lookup (after, "Lead.Region__c"));

  field = g_hash_table_lookup (after, "Lead.mkto71_Lead_Score__c");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_SYNCED);
  g_assert_true (field->type_changed);
  g_assert_cmpstr (field->type, ==, "string");
  g_assert_cmpstr (field->previous_type, ==, "double");

  field = g_hash_table_lookup (after, "Lead.mkto71_Acquisition_Program__c");
  g_assert_cmpstr (field->label, ==, "Acquisition Program");
  g_assert_cmpstr (field->salesforce_label, ==, "Program That Acquired");
  g_assert_false (field->type_changed);

  /* Run 3: Title visible again, a Contact field removed, Lead retyped
   * back. */
  cs_practice_org_set_field_visible (fixture->org, "Lead", "Title", TRUE);
  cs_practice_org_set_field_type (fixture->org, "Lead", "mkto71_Lead_Score__c", "double");
  cs_practice_org_remove_field (fixture->org, "Contact", "Department");

  sync_fields (fixture, names, TRUE, &run3, NULL);
  lead = cs_field_sync_summary_get_object (&run3, "Lead");
  g_assert_nonnull (lead);
  g_assert_cmpuint (lead->n_resumed, ==, 1);
  g_assert_cmpuint (lead->n_type_changed, ==, 1);
  g_assert_cmpuint (lead->n_new, ==, 0);
  g_assert_cmpuint (lead->n_no_longer_synced, ==, 0);
  g_assert_cmpuint (cs_field_sync_summary_get_object (&run3, "Contact")->n_no_longer_synced, ==, 1);
  g_assert_cmpint (row_count (fixture), ==, rows1 + 2);

  last = catalog_by_name (fixture, &last_fields);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (last, key));

  field = g_hash_table_lookup (last, "Lead.Title");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_SYNCED);
  field = g_hash_table_lookup (last, "Lead.Industry");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_NO_LONGER_SYNCED);
  field = g_hash_table_lookup (last, "Contact.Department");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_NO_LONGER_SYNCED);
  field = g_hash_table_lookup (last, "Lead.mkto71_Lead_Score__c");
  g_assert_true (field->type_changed);
  g_assert_cmpstr (field->type, ==, "double");
  g_assert_cmpstr (field->previous_type, ==, "string");
}

/* 10,000 custom fields (50 objects × 200) recorded in one transaction. */
static void
test_scale (FieldsFixture *fixture,
            gconstpointer  user_data)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) generated_7 = NULL;
  g_auto(CsFieldSyncSummary) summary = { { 0 }, NULL };
  g_auto(CsFieldSyncSummary) again = { { 0 }, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_path = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint commits = 0;
  guint n_fields, n_custom = 0;

  cs_practice_org_add_generated_objects (fixture->org, 50, 200);
  names = fields_object_names (50, FALSE);

  /* Ten objects a call: each call stays well within cs_test_await()'s
   * 30 s under the sanitizers (the describe itself is test_batches'). */
  timer = g_timer_new ();
  describes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) json_node_unref);
  for (guint i = 0; names[i] != NULL; i += 10)
    {
      g_autoptr(GPtrArray) chunk = g_ptr_array_new ();
      g_autoptr(GHashTable) part = NULL;
      GHashTableIter iter;
      gpointer key, value;

      for (guint j = i; j < i + 10 && names[j] != NULL; j++)
        g_ptr_array_add (chunk, names[j]);
      g_ptr_array_add (chunk, NULL);

      part = fields_describe_many (fixture, (const char * const *) chunk->pdata, NULL, NULL);
      g_hash_table_iter_init (&iter, part);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_insert (describes, g_strdup (key), json_node_ref (value));
          g_hash_table_iter_remove (&iter);
        }
    }
  g_test_message ("described 50 objects in %.2f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (g_hash_table_size (describes), ==, 50);
  batch_path = fields_batch_path (fixture);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==, 5);
  n_fields = count_fields (describes);
  g_assert_cmpuint (n_fields, >=, 10000);

  g_timer_start (timer);
  sqlite3_commit_hook (database (fixture), count_commit, &commits);
  g_assert_true (cs_field_catalog_record (fixture->catalog, fixture->connection_id, describes,
                                          NULL, &summary, &error));
  sqlite3_commit_hook (database (fixture), NULL, NULL);
  /* Reported, not asserted: timing is for the benchmark. */
  g_test_message ("recorded %u fields in %.3f s", n_fields, g_timer_elapsed (timer, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (commits, ==, 1);

  g_assert_cmpuint (summary.total.n_new, ==, n_fields);
  g_assert_cmpuint (summary.objects->len, ==, 50);
  fields = cs_field_catalog_list (fixture->catalog, fixture->connection_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, n_fields);
  for (guint i = 0; i < fields->len; i++)
    {
      CsCatalogField *field = g_ptr_array_index (fields, i);

      if (g_str_has_prefix (field->api_name, "Field_"))
        {
          g_assert_true (field->custom);
          n_custom++;
        }
    }
  g_assert_cmpuint (n_custom, ==, 10000);

  generated_7 = cs_field_catalog_list (fixture->catalog, fixture->connection_id,
                                       "Generated_7__c", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (generated_7->len, ==,
                    cs_field_sync_summary_get_object (&summary, "Generated_7__c")->n_new);

  /* The same describes again: all unchanged, nothing new, one commit. */
  commits = 0;
  sqlite3_commit_hook (database (fixture), count_commit, &commits);
  g_assert_true (cs_field_catalog_record (fixture->catalog, fixture->connection_id, describes,
                                          NULL, &again, &error));
  sqlite3_commit_hook (database (fixture), NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (commits, ==, 1);
  g_assert_cmpuint (again.total.n_unchanged, ==, n_fields);
  g_assert_cmpuint (again.total.n_new, ==, 0);
  g_assert_cmpint (row_count (fixture), ==, n_fields);
}

/* The If-Modified-Since per connection, and per object. */
static void
test_last_sync (FieldsFixture *fixture,
                gconstpointer  user_data)
{
  static const char * const lead_only[] = { "Lead", NULL };
  static const char * const with_new[] = { "Lead", "Contact", NULL };
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 3, 1, 10, 0, 0);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) other = NULL;
  g_autoptr(GDateTime) partial = NULL;
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GError) error = NULL;

  describes = fields_describe_many (fixture, lead_only, NULL, NULL);
  g_assert_true (cs_field_catalog_record (fixture->catalog, fixture->connection_id, describes,
                                          at, NULL, &error));
  g_assert_no_error (error);

  since = cs_field_catalog_get_last_sync (fixture->catalog, fixture->connection_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (since), ==, g_date_time_to_unix (at) - 1);

  /* Contact was never recorded: describe everything in full. */
  partial = cs_field_catalog_get_last_sync (fixture->catalog, fixture->connection_id, with_new,
                                            &error);
  g_assert_no_error (error);
  g_assert_null (partial);

  other = cs_field_catalog_get_last_sync (fixture->catalog, "another-connection", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

/* Without the org: a describe that cannot be read fails the whole run and
 * leaves the catalog as it was; names match case-insensitively, as the API
 * does. */
static void
test_rollback_and_case (void)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(GHashTable) good = NULL;
  g_autoptr(GHashTable) bad = NULL;
  g_autoptr(GHashTable) recased = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_auto(CsFieldSyncSummary) summary = { { 0 }, NULL };
  g_autoptr(GError) error = NULL;
  CsCatalogField *field;

  store = cs_connection_store_open (":memory:", &error);
  g_assert_no_error (error);
  catalog = cs_field_catalog_new (store, &error);
  g_assert_no_error (error);

  good = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) json_node_unref);
  g_hash_table_insert (good, (gpointer) "Lead", parse ("{\"name\": \"Lead\", \"fields\": ["
                                            "{\"name\": \"Email\", \"label\": \"Email\", "
                                            "\"type\": \"email\", \"length\": 80, \"custom\": false}]}"));
  g_assert_true (cs_field_catalog_record (catalog, "c1", good, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cs_field_catalog_count (catalog, "c1", NULL), ==, 1);

  /* A second object without a field list: nothing of the run is kept. */
  bad = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) json_node_unref);
  g_hash_table_insert (bad, (gpointer) "Lead", parse ("{\"name\": \"Lead\", \"fields\": ["
                                           "{\"name\": \"Phone\", \"label\": \"Phone\", "
                                           "\"type\": \"phone\", \"length\": 40}]}"));
  g_hash_table_insert (bad, (gpointer) "Zzz__c", parse ("{\"name\": \"Zzz__c\"}"));
  g_assert_false (cs_field_catalog_record (catalog, "c1", bad, NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);
  fields = cs_field_catalog_list (catalog, "c1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, 1);
  field = g_ptr_array_index (fields, 0);
  g_assert_cmpstr (field->api_name, ==, "Email");
  g_assert_cmpint (field->status, ==, CS_CATALOG_FIELD_SYNCED);
  g_clear_pointer (&fields, g_ptr_array_unref);

  /* Another spelling of the same names is the same field. */
  recased = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) json_node_unref);
  g_hash_table_insert (recased, (gpointer) "lead", parse ("{\"name\": \"LEAD\", \"fields\": ["
                                               "{\"name\": \"EMAIL\", \"label\": \"E-mail\", "
                                               "\"type\": \"email\", \"length\": 80}]}"));
  g_assert_true (cs_field_catalog_record (catalog, "c1", recased, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.total.n_new, ==, 0);
  g_assert_cmpuint (summary.total.n_unchanged, ==, 1);
  g_assert_cmpuint (summary.total.n_relabelled, ==, 1);
  fields = cs_field_catalog_list (catalog, "c1", "Lead", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, 1);
  field = g_ptr_array_index (fields, 0);
  g_assert_cmpstr (field->api_name, ==, "Email");
  g_assert_cmpstr (field->label, ==, "Email");
  g_assert_cmpstr (field->salesforce_label, ==, "E-mail");

  /* Other connections see nothing of it. */
  g_assert_cmpint (cs_field_catalog_count (catalog, "c2", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fields/catalog/" path, FieldsFixture, NULL, \
              fields_fixture_set_up, func, fields_fixture_tear_down)

  ADD ("batches", test_batches);
  ADD ("not-modified", test_not_modified);
  ADD ("evolution", test_evolution);
  ADD ("scale", test_scale);
  ADD ("last-sync", test_last_sync);
  g_test_add_func ("/fields/catalog/rollback-and-case", test_rollback_and_case);

  return g_test_run ();
}
