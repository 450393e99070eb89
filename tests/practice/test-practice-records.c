/* test-practice-records.c: what a record sync needs from the practice
 * org, over real HTTP: writes that keep SystemModstamp, updated/ and
 * deleted/ with their windows, queryAll and IsDeleted, SELECT COUNT(),
 * limits/recordCount, Bulk API 2.0 query jobs and the churn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "practice-test-common.h"

#define V "/services/data/v64.0"

static PtResponse *
send_json (PtFixture  *fixture,
           const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

  return pt_request (fixture, method, path, body != NULL ? "application/json" : NULL, body,
                     "Authorization", bearer, NULL);
}

static JsonObject *
get_object (PtFixture  *fixture,
            const char *path,
            const char *token,
            guint       expected_status)
{
  g_autoptr(PtResponse) response = pt_get_bearer (fixture, path, token);
  g_autoptr(JsonNode) root = NULL;

  if (response->status != expected_status)
    g_test_message ("%s → %u %s", path, response->status, response->body);
  g_assert_cmpuint (response->status, ==, expected_status);
  root = pt_response_json (response);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static char *
query_path (const char *resource,
            const char *soql)
{
  g_autofree char *escaped = g_uri_escape_string (soql, NULL, FALSE);

  return g_strdup_printf (V "/%s?q=%s", resource, escaped);
}

static gint64
count_query (PtFixture  *fixture,
             const char *token,
             const char *resource,
             const char *soql)
{
  g_autofree char *path = query_path (resource, soql);
  g_autoptr(JsonObject) answer = get_object (fixture, path, token, 200);

  return json_object_get_int_member (answer, "totalSize");
}

static char *
create_lead (PtFixture  *fixture,
             const char *token,
             const char *last_name)
{
  g_autofree char *body = g_strdup_printf ("{\"LastName\":\"%s\",\"Company\":\"Acme\","
                                           "\"mkto71_Lead_Score__c\":12}", last_name);
  g_autoptr(PtResponse) response = send_json (fixture, "POST", V "/sobjects/Lead", token, body);
  g_autoptr(JsonNode) root = pt_response_json (response);
  JsonObject *answer = json_node_get_object (root);

  g_assert_cmpuint (response->status, ==, 201);
  g_assert_true (json_object_get_boolean_member (answer, "success"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "errors")), ==, 0);
  return g_strdup (json_object_get_string_member (answer, "id"));
}

static void
test_write_keeps_modstamp (PtFixture     *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *id = create_lead (fixture, token, "Okonkwo");
  g_autofree char *path = g_strdup_printf (V "/sobjects/Lead/%s", id);
  g_autoptr(JsonObject) created = get_object (fixture, path, token, 200);
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(PtResponse) patch = NULL;
  g_autofree char *before = NULL;

  g_assert_cmpstr (json_object_get_string_member (created, "Name"), ==, "Okonkwo");
  g_assert_cmpstr (json_object_get_string_member (created, "LastModifiedById"), ==,
                   cs_practice_org_get_sync_user_id (fixture->org));
  g_assert_cmpstr (json_object_get_string_member (created, "OwnerId"), ==,
                   cs_practice_org_get_sync_user_id (fixture->org));
  g_assert_false (json_object_get_boolean_member (created, "IsDeleted"));
  g_assert_cmpfloat (json_object_get_double_member (created, "mkto71_Lead_Score__c"), ==, 12.0);
  before = g_strdup (json_object_get_string_member (created, "SystemModstamp"));
  g_assert_cmpstr (before, ==, json_object_get_string_member (created, "LastModifiedDate"));

  /* A second later the stamp must move. */
  cs_practice_org_set_clock_offset (fixture->org, 61);
  patch = send_json (fixture, "PATCH", path, token, "{\"FirstName\":\"Ada\",\"Title\":\"CTO\"}");
  g_assert_cmpuint (patch->status, ==, 204);
  updated = get_object (fixture, path, token, 200);
  g_assert_cmpstr (json_object_get_string_member (updated, "Name"), ==, "Ada Okonkwo");
  g_assert_cmpstr (json_object_get_string_member (updated, "Title"), ==, "CTO");
  g_assert_cmpstr (json_object_get_string_member (updated, "CreatedDate"), ==, before);
  g_assert_cmpstr (json_object_get_string_member (updated, "SystemModstamp"), >, before);
  g_assert_cmpstr (json_object_get_string_member (updated, "SystemModstamp"), ==,
                   json_object_get_string_member (updated, "LastModifiedDate"));
}

static void
test_write_errors (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  struct {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
    const char *code;
  } cases[] = {
    { "POST", V "/sobjects/Lead", "{\"LastName\":\"X\"}", 400, "REQUIRED_FIELD_MISSING" },
    { "POST", V "/sobjects/Lead", "{\"LastName\":\"X\",\"Company\":\"Y\",\"Nope__c\":1}", 400, "INVALID_FIELD" },
    { "POST", V "/sobjects/Lead", "{\"LastName\":\"X\",\"Company\":\"Y\",\"Name\":\"Z\"}", 400, "INVALID_FIELD_FOR_INSERT_UPDATE" },
    /* Hidden from the sync user by field-level security. */
    { "POST", V "/sobjects/Lead", "{\"LastName\":\"X\",\"Company\":\"Y\",\"ConvertedDate\":\"2025-01-01\"}", 400, "INVALID_FIELD" },
    { "POST", V "/sobjects/Lead", "{\"LastName\":\"X\",\"Company\":\"Y\",\"NumberOfEmployees\":\"many\"}", 400, "JSON_PARSER_ERROR" },
    { "POST", V "/sobjects/Lead", "[1]", 400, "JSON_PARSER_ERROR" },
    { "PATCH", V "/sobjects/Lead/00Qnope", "{\"Title\":\"x\"}", 400, "MALFORMED_ID" },
    { "DELETE", V "/sobjects/Lead/001000000000000AAA", NULL, 404, "NOT_FOUND" },
    { "POST", V "/sobjects/Nothing__c", "{}", 404, "NOT_FOUND" },
  };
  g_autoptr(GString) long_company = g_string_new (NULL);
  g_autofree char *long_body = NULL;
  g_autoptr(PtResponse) too_long = NULL;
  g_autoptr(JsonNode) too_long_errors = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PtResponse) response = send_json (fixture, cases[i].method, cases[i].path,
                                                  token, cases[i].body);
      g_autoptr(JsonNode) errors = pt_response_json (response);

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, response->body);
      g_assert_cmpuint (response->status, ==, cases[i].status);
      g_assert_cmpstr (pt_rest_error_code (errors), ==, cases[i].code);
    }

  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_company, 'x');
  long_body = g_strdup_printf ("{\"LastName\":\"X\",\"Company\":\"%s\"}", long_company->str);
  too_long = send_json (fixture, "POST", V "/sobjects/Lead", token, long_body);
  too_long_errors = pt_response_json (too_long);
  g_assert_cmpuint (too_long->status, ==, 400);
  g_assert_cmpstr (pt_rest_error_code (too_long_errors), ==, "STRING_TOO_LONG");
}

static void
test_delete_query_all (PtFixture     *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *id = create_lead (fixture, token, "Soon Gone");
  g_autofree char *path = g_strdup_printf (V "/sobjects/Lead/%s", id);
  g_autofree char *soql = g_strdup_printf ("SELECT Id, IsDeleted FROM Lead WHERE Id = '%s'", id);
  g_autofree char *all_path = query_path ("queryAll", soql);
  g_autoptr(PtResponse) deleted = NULL;
  g_autoptr(PtResponse) again = NULL;
  g_autoptr(PtResponse) read = NULL;
  g_autoptr(JsonNode) read_errors = NULL;
  g_autoptr(JsonObject) all = NULL;
  JsonObject *record;
  gint64 before;

  before = count_query (fixture, token, "query", "SELECT COUNT() FROM Lead");
  g_assert_cmpint (before, ==, 51);
  g_assert_cmpint (count_query (fixture, token, "query", soql), ==, 1);

  deleted = send_json (fixture, "DELETE", path, token, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  again = send_json (fixture, "DELETE", path, token, NULL);
  g_assert_cmpuint (again->status, ==, 404);
  read = pt_get_bearer (fixture, path, token);
  read_errors = pt_response_json (read);
  g_assert_cmpuint (read->status, ==, 404);

  g_assert_cmpint (count_query (fixture, token, "query", soql), ==, 0);
  g_assert_cmpint (count_query (fixture, token, "query", "SELECT COUNT() FROM Lead"), ==, before - 1);
  all = get_object (fixture, all_path, token, 200);
  g_assert_cmpint (json_object_get_int_member (all, "totalSize"), ==, 1);
  record = json_array_get_object_element (json_object_get_array_member (all, "records"), 0);
  g_assert_true (json_object_get_boolean_member (record, "IsDeleted"));

  /* Emptied from the recycle bin: gone even for queryAll. */
  cs_practice_org_purge_deleted (fixture->org);
  g_assert_cmpint (count_query (fixture, token, "queryAll", soql), ==, 0);
}

static char *
window_path (const char *object,
             const char *kind,
             gint64      start,
             gint64      end)
{
  g_autoptr(GDateTime) start_dt = g_date_time_new_from_unix_utc (start);
  g_autoptr(GDateTime) end_dt = g_date_time_new_from_unix_utc (end);
  g_autofree char *start_text = g_date_time_format (start_dt, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *end_text = g_date_time_format (end_dt, "%Y-%m-%dT%H:%M:%SZ");

  return g_strdup_printf (V "/sobjects/%s/%s/?start=%s&end=%s", object, kind, start_text, end_text);
}

static void
test_updated_and_deleted (PtFixture     *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *kept = create_lead (fixture, token, "Kept");
  g_autofree char *gone = create_lead (fixture, token, "Gone");
  g_autofree char *gone_path = g_strdup_printf (V "/sobjects/Lead/%s", gone);
  g_autoptr(PtResponse) deleted = send_json (fixture, "DELETE", gone_path, token, NULL);
  g_autofree char *deleted_path = NULL;
  g_autofree char *updated_path = NULL;
  g_autofree char *too_old = NULL;
  g_autoptr(JsonObject) deleted_answer = NULL;
  g_autoptr(JsonObject) updated_answer = NULL;
  g_autoptr(PtResponse) refused = NULL;
  g_autoptr(JsonNode) refused_errors = NULL;
  JsonArray *records;
  JsonArray *ids;
  gboolean kept_listed = FALSE;

  g_assert_cmpuint (deleted->status, ==, 204);
  /* The current minute is not covered yet: look a minute ahead. */
  cs_practice_org_set_clock_offset (fixture->org, 120);

  deleted_path = window_path ("Lead", "deleted", now - 3600, now + 3600);
  deleted_answer = get_object (fixture, deleted_path, token, 200);
  records = json_object_get_array_member (deleted_answer, "deletedRecords");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0), "id"), ==, gone);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (records, 0), "deletedDate"));
  g_assert_nonnull (json_object_get_string_member (deleted_answer, "earliestDateAvailable"));
  /* end is clamped to the org's current minute */
  g_assert_cmpstr (json_object_get_string_member (deleted_answer, "latestDateCovered"), <=,
                   "9999");

  updated_path = window_path ("Lead", "updated", now - 3600, now + 3600);
  updated_answer = get_object (fixture, updated_path, token, 200);
  ids = json_object_get_array_member (updated_answer, "ids");
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_assert_cmpstr (json_array_get_string_element (ids, i), !=, gone);
      kept_listed |= g_str_equal (json_array_get_string_element (ids, i), kept);
    }
  g_assert_true (kept_listed);
  g_assert_nonnull (json_object_get_string_member (updated_answer, "latestDateCovered"));

  /* Older than 30 days, or than the purge: the ids are no longer known. */
  too_old = window_path ("Lead", "deleted", now - 31 * 86400, now);
  refused = pt_get_bearer (fixture, too_old, token);
  refused_errors = pt_response_json (refused);
  g_assert_cmpuint (refused->status, ==, 400);
  g_assert_cmpstr (pt_rest_error_code (refused_errors), ==, "INVALID_REPLICATION_DATE");

  cs_practice_org_purge_deleted (fixture->org);
  {
    g_autoptr(PtResponse) purged = pt_get_bearer (fixture, deleted_path, token);
    g_autoptr(JsonNode) purged_errors = pt_response_json (purged);

    g_assert_cmpuint (purged->status, ==, 400);
    g_assert_cmpstr (pt_rest_error_code (purged_errors), ==, "INVALID_REPLICATION_DATE");
  }
}

static void
test_counts (PtFixture     *fixture,
             gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(JsonObject) counts = get_object (fixture, V "/limits/recordCount?sObjects=Lead,Account",
                                             token, 200);
  JsonArray *list = json_object_get_array_member (counts, "sObjects");
  guint leads = 0, accounts = 0;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (entry, "name"), "Lead"))
        leads = (guint) json_object_get_int_member (entry, "count");
      else if (g_str_equal (json_object_get_string_member (entry, "name"), "Account"))
        accounts = (guint) json_object_get_int_member (entry, "count");
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (leads, ==, 50);
  g_assert_cmpuint (accounts, ==, count_query (fixture, token, "query", "SELECT COUNT() FROM Account"));
  g_assert_cmpuint (accounts, >, 0);
}

/* The rows of a CSV page (RFC 4180, every value quoted). */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) value = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (value, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (value, *p);
            }
          g_assert_true (*p == '"');
          p++;
        }
      else
        while (*p != ',' && *p != '\n' && *p != '\0')
          g_string_append_c (value, *p++);

      g_ptr_array_add (row, g_strdup (value->str));
      g_string_truncate (value, 0);
      if (*p == ',')
        p++;
      else
        {
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
          g_ptr_array_unref (row);
          row = g_ptr_array_new_with_free_func (g_free);
          if (*p == '\n')
            p++;
        }
    }
  return rows;
}

static void
test_bulk_query_job (PtFixture     *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(PtResponse) created = send_json (fixture, "POST", V "/jobs/query", token,
                                             "{\"operation\":\"query\",\"query\":"
                                             "\"SELECT Id, LastName, SystemModstamp, IsConverted FROM lead\"}");
  g_autoptr(JsonNode) created_root = pt_response_json (created);
  JsonObject *job = json_node_get_object (created_root);
  g_autofree char *job_path = g_strdup_printf (V "/jobs/query/%s", json_object_get_string_member (job, "id"));
  g_autofree char *results_path = g_strdup_printf ("%s/results?maxRecords=1000", job_path);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *locator = NULL;
  guint pages = 0;

  g_assert_cmpuint (created->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "UploadComplete");
  g_assert_cmpstr (json_object_get_string_member (job, "object"), ==, "Lead");
  g_assert_cmpstr (json_object_get_string_member (job, "operation"), ==, "query");

  /* Not complete yet: no results. */
  {
    g_autoptr(PtResponse) early = pt_get_bearer (fixture, results_path, token);

    g_assert_cmpuint (early->status, ==, 400);
  }
  {
    g_autoptr(JsonObject) running = get_object (fixture, job_path, token, 200);
    g_autoptr(JsonObject) complete = get_object (fixture, job_path, token, 200);

    g_assert_cmpstr (json_object_get_string_member (running, "state"), ==, "InProgress");
    g_assert_cmpstr (json_object_get_string_member (complete, "state"), ==, "JobComplete");
    g_assert_cmpint (json_object_get_int_member (complete, "numberRecordsProcessed"), ==, 2500);
  }

  do
    {
      g_autofree char *path = locator == NULL ? g_strdup (results_path)
                                              : g_strdup_printf ("%s&locator=%s", results_path, locator);
      g_autoptr(PtResponse) page = pt_get_bearer (fixture, path, token);
      g_autoptr(GPtrArray) rows = NULL;
      const char *count = pt_response_header (page, "Sforce-NumberOfRecords");

      g_assert_cmpuint (page->status, ==, 200);
      g_assert_true (g_str_has_prefix (pt_response_header (page, "Content-Type"), "text/csv"));
      rows = parse_csv (page->body);
      g_assert_cmpuint (rows->len, ==, g_ascii_strtoull (count, NULL, 10) + 1);
      g_assert_cmpstrv ((char **) g_ptr_array_index (rows, 0),
                        ((const char *[]) { "Id", "LastName", "SystemModstamp", "IsConverted", NULL }));
      for (guint i = 1; i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);

          g_assert_cmpuint (g_strv_length (row), ==, 4);
          g_assert_true (g_str_has_suffix (row[2], ".000Z"));
          g_assert_true (g_str_equal (row[3], "true") || g_str_equal (row[3], "false"));
          g_assert_true (g_hash_table_add (seen, g_strdup (row[0])));
        }
      g_free (locator);
      locator = g_strdup (pt_response_header (page, "Sforce-Locator"));
      pages++;
    }
  while (!g_str_equal (locator, "null"));

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2500);
}

static void
test_bulk_refusals (PtFixture     *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  const struct {
    const char *body;
    const char *code;
  } cases[] = {
    { "{\"operation\":\"query\",\"query\":\"SELECT COUNT() FROM Lead\"}", "API_ERROR" },
    { "{\"operation\":\"query\",\"query\":\"SELECT Id, Address FROM Lead\"}", "FUNCTIONALITY_NOT_ENABLED" },
    { "{\"operation\":\"query\",\"query\":\"SELECT Nope FROM Lead\"}", "INVALID_FIELD" },
    { "{\"operation\":\"upsert\",\"query\":\"SELECT Id FROM Lead\"}", "INVALIDJOB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PtResponse) response = send_json (fixture, "POST", V "/jobs/query", token, cases[i].body);
      g_autoptr(JsonNode) errors = pt_response_json (response);

      g_assert_cmpuint (response->status, ==, 400);
      g_assert_cmpstr (pt_rest_error_code (errors), ==, cases[i].code);
    }
}

static void
test_churn (PtFixture     *fixture,
            gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  gint64 leads_before = count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Lead");
  gint64 contacts_before = count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Contact");
  g_autoptr(PtResponse) control = NULL;
  g_autoptr(JsonNode) control_root = NULL;
  gint64 changed;

  cs_practice_org_churn (fixture->org, 600);
  /* Created records add to queryAll's count; deletions do not remove. */
  g_assert_cmpint (count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Lead"), >, leads_before);
  g_assert_cmpint (count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Contact"), >, contacts_before);
  g_assert_cmpint (count_query (fixture, token, "queryAll",
                                "SELECT COUNT() FROM Lead WHERE IsDeleted = true"), >, 0);
  changed = count_query (fixture, token, "query", "SELECT COUNT() FROM Lead WHERE Title LIKE 'Churned%'");
  g_assert_cmpint (changed, >, 0);

  control = pt_request (fixture, "POST", "/_practice/churn", "application/json",
                        "{\"per_minute\": 600}", NULL);
  control_root = pt_response_json (control);
  g_assert_cmpuint (control->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (control_root), "per_minute"), ==, 600);
  g_assert_cmpuint (cs_practice_org_get_churn (fixture->org), ==, 600);

  /* Ten a second: a few ticks of the main loop see changes. */
  {
    gint64 before = count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Lead WHERE Title LIKE 'Churned%'") +
                    count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Lead");
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    gint64 after = before;

    while (after == before && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, TRUE);
        after = count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Lead WHERE Title LIKE 'Churned%'") +
                count_query (fixture, token, "queryAll", "SELECT COUNT() FROM Lead");
      }
    g_assert_cmpint (after, !=, before);
  }
  cs_practice_org_set_churn (fixture->org, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, leads, func) \
  g_test_add ("/practice/records/" name, PtFixture, GUINT_TO_POINTER (leads), \
              pt_fixture_setup, func, pt_fixture_teardown)

  ADD ("write-keeps-modstamp", 0, test_write_keeps_modstamp);
  ADD ("write-errors", 0, test_write_errors);
  ADD ("delete-query-all", 0, test_delete_query_all);
  ADD ("updated-and-deleted", 0, test_updated_and_deleted);
  ADD ("counts", 0, test_counts);
  ADD ("bulk-query-job", 2500, test_bulk_query_job);
  ADD ("bulk-refusals", 0, test_bulk_refusals);
  ADD ("churn", 2000, test_churn);

  return g_test_run ();
}
