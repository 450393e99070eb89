/* test-practice-rest.c: the practice org's REST API over real HTTP:
 * versions, directory, describe (and 304), field-level security, object
 * permissions, composite batch, paged queries, latency, schema edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "practice-test-common.h"

#define V "/services/data/v64.0"

static JsonObject *
find_field (JsonObject *describe,
            const char *name)
{
  JsonArray *fields = json_object_get_array_member (describe, "fields");
  guint i;

  for (i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      if (g_str_equal (json_object_get_string_member (field, "name"), name))
        return field;
    }
  return NULL;
}

/* Recomputes the 18-char suffix independently of the server. */
static gboolean
id_is_canonical (const char *id)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  guint chunk, i;

  if (strlen (id) != 18)
    return FALSE;
  for (chunk = 0; chunk < 3; chunk++)
    {
      guint bits = 0;

      for (i = 0; i < 5; i++)
        if (g_ascii_isupper (id[chunk * 5 + i]))
          bits |= 1u << i;
      if (id[15 + chunk] != alphabet[bits])
        return FALSE;
    }
  return TRUE;
}

static void
test_versions (PtFixture     *fixture,
               gconstpointer  user_data)
{
  g_autoptr(PtResponse) response = pt_request (fixture, "GET", "/services/data/", NULL, NULL, NULL);
  g_autoptr(JsonNode) root = pt_response_json (response);
  JsonArray *versions = json_node_get_array (root);
  JsonObject *first, *last;

  g_assert_cmpuint (response->status, ==, 200);
  /* The versions list is neither authenticated nor counted. */
  g_assert_null (pt_response_header (response, "Sforce-Limit-Info"));
  /* salesforce-protocol.md: every version from 31.0 to the current one. */
  g_assert_cmpuint (json_array_get_length (versions), ==, 64 - 31 + 1);
  first = json_array_get_object_element (versions, 0);
  last = json_array_get_object_element (versions, json_array_get_length (versions) - 1);
  g_assert_cmpstr (json_object_get_string_member (first, "version"), ==, "31.0");
  g_assert_cmpstr (json_object_get_string_member (first, "url"), ==, "/services/data/v31.0");
  g_assert_cmpstr (json_object_get_string_member (first, "label"), ==, "Summer '14");
  g_assert_cmpstr (json_object_get_string_member (last, "label"), ==, "Summer '25");
  g_assert_cmpstr (json_object_get_string_member (last, "version"), ==, "64.0");
}

static void
test_directory_and_limits (PtFixture     *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(PtResponse) first = pt_get_bearer (fixture, V "/", token);
  g_autoptr(PtResponse) second = pt_get_bearer (fixture, V, token);
  g_autoptr(PtResponse) unknown = pt_get_bearer (fixture, "/services/data/v12.0/", token);
  g_autoptr(PtResponse) anonymous = pt_request (fixture, "GET", V "/sobjects", NULL, NULL, NULL);
  g_autoptr(JsonNode) root = pt_response_json (first);
  JsonObject *directory = json_node_get_object (root);
  g_autofree char *identity = g_strdup_printf ("%s/id/%s/%s", cs_practice_org_get_url (fixture->org),
                                               cs_practice_org_get_org_id (fixture->org),
                                               cs_practice_org_get_sync_user_id (fixture->org));

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (directory, "sobjects"), ==, V "/sobjects");
  g_assert_cmpstr (json_object_get_string_member (directory, "query"), ==, V "/query");
  g_assert_cmpstr (json_object_get_string_member (directory, "composite"), ==, V "/composite");
  g_assert_cmpstr (json_object_get_string_member (directory, "identity"), ==, identity);

  /* Every call counts, and says so. */
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (pt_response_header (first, "Sforce-Limit-Info"), ==, "api-usage=1/15000");
  g_assert_cmpstr (pt_response_header (second, "Sforce-Limit-Info"), ==, "api-usage=2/15000");
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (pt_response_header (unknown, "Sforce-Limit-Info"), ==, "api-usage=3/15000");
  g_assert_cmpuint (cs_practice_org_get_api_usage (fixture->org), ==, 3);

  g_assert_cmpuint (anonymous->status, ==, 401);
  g_assert_cmpstr (anonymous->body, ==,
                   "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
  g_assert_nonnull (pt_response_header (anonymous, "Sforce-Limit-Info"));
}

static void
test_describe_global (PtFixture     *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *sync = pt_login (fixture, FALSE, NULL);
  g_autofree char *admin = pt_login (fixture, TRUE, NULL);
  g_autoptr(JsonNode) sync_root = pt_get_json (fixture, V "/sobjects", sync, 200);
  g_autoptr(JsonNode) admin_root = pt_get_json (fixture, V "/sobjects/", admin, 200);
  JsonArray *sobjects = json_object_get_array_member (json_node_get_object (sync_root), "sobjects");
  static const char *expected[] = {
    "Lead", "Contact", "Account", "Opportunity", "OpportunityContactRole", "Campaign",
    "CampaignMember", "User", "Task", "Event",
  };
  guint i, j;

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (sync_root), "maxBatchSize"), ==, 200);
  for (i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *entry = NULL;

      for (j = 0; j < json_array_get_length (sobjects); j++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (sobjects, j), "name"),
                         expected[i]))
          entry = json_array_get_object_element (sobjects, j);
      g_assert_nonnull (entry);
      g_assert_cmpuint (json_object_get_size (entry), ==, 28);
      g_assert_false (json_object_has_member (json_object_get_object_member (entry, "urls"),
                                              "uiDetailTemplate"));
      /* Seeded finding: the sync user cannot delete campaigns. */
      if (g_str_equal (expected[i], "Campaign"))
        g_assert_false (json_object_get_boolean_member (entry, "deletable"));
      if (g_str_equal (expected[i], "Lead"))
        {
          g_assert_true (json_object_get_boolean_member (entry, "deletable"));
          g_assert_cmpstr (json_object_get_string_member (entry, "keyPrefix"), ==, "00Q");
        }
    }

  sobjects = json_object_get_array_member (json_node_get_object (admin_root), "sobjects");
  for (j = 0; j < json_array_get_length (sobjects); j++)
    {
      JsonObject *entry = json_array_get_object_element (sobjects, j);

      if (g_str_equal (json_object_get_string_member (entry, "name"), "Campaign"))
        g_assert_true (json_object_get_boolean_member (entry, "deletable"));
      if (g_str_equal (json_object_get_string_member (entry, "name"), "User"))
        g_assert_false (json_object_get_boolean_member (entry, "deletable"));
    }
}

static void
test_describe (PtFixture     *fixture,
               gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(PtResponse) response = pt_get_bearer (fixture, V "/sobjects/Lead/describe", token);
  g_autoptr(PtResponse) slash = pt_get_bearer (fixture, V "/sobjects/Lead/describe/", token);
  g_autoptr(PtResponse) not_modified = NULL;
  g_autoptr(PtResponse) unknown = pt_get_bearer (fixture, V "/sobjects/Xyzzy/describe", token);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(JsonNode) root = pt_response_json (response);
  JsonObject *describe = json_node_get_object (root);
  JsonArray *fields = json_object_get_array_member (describe, "fields");
  JsonObject *email, *score, *status, *owner, *street;
  const char *last_modified = pt_response_header (response, "Last-Modified");
  guint i;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (slash->body, ==, response->body);
  g_assert_nonnull (last_modified);

  /* Object-level keys of the v59 capture. */
  g_assert_cmpuint (json_object_get_size (describe), ==, 45);
  g_assert_cmpstr (json_object_get_string_member (describe, "name"), ==, "Lead");
  g_assert_cmpstr (json_object_get_string_member (describe, "keyPrefix"), ==, "00Q");
  g_assert_cmpstr (json_object_get_string_member (describe, "labelPlural"), ==, "Leads");
  g_assert_true (json_object_get_boolean_member (describe, "mergeable"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (describe, "recordTypeInfos"), 0), "recordTypeId"),
                   ==, "012000000000000AAA");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (describe, "childRelationships")), >, 0);

  /* Every field carries all 57 keys; Id comes first, in captured order. */
  g_assert_cmpuint (json_array_get_length (fields), >, 50);
  for (i = 0; i < json_array_get_length (fields); i++)
    g_assert_cmpuint (json_object_get_size (json_array_get_object_element (fields, i)), ==, 57);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fields, 0), "name"), ==, "Id");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fields, 3), "name"), ==, "LastName");

  email = find_field (describe, "Email");
  g_assert_cmpstr (json_object_get_string_member (email, "type"), ==, "email");
  g_assert_cmpint (json_object_get_int_member (email, "length"), ==, 80);
  g_assert_cmpint (json_object_get_int_member (email, "byteLength"), ==, 240);
  g_assert_true (json_object_get_boolean_member (email, "idLookup"));
  g_assert_true (json_object_get_boolean_member (email, "nillable"));

  status = find_field (describe, "Status");
  g_assert_cmpstr (json_object_get_string_member (status, "defaultValue"), ==, "Open - Not Contacted");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "picklistValues")), ==, 4);

  owner = find_field (describe, "OwnerId");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (owner, "referenceTo")), ==, 2);
  g_assert_true (json_object_get_boolean_member (owner, "polymorphicForeignKey"));
  g_assert_cmpstr (json_object_get_string_member (owner, "relationshipName"), ==, "Owner");

  street = find_field (describe, "Street");
  g_assert_cmpstr (json_object_get_string_member (street, "compoundFieldName"), ==, "Address");
  g_assert_cmpstr (json_object_get_string_member (street, "extraTypeInfo"), ==, "plaintextarea");

  score = find_field (describe, "mkto71_Lead_Score__c");
  g_assert_cmpstr (json_object_get_string_member (score, "type"), ==, "double");
  g_assert_cmpint (json_object_get_int_member (score, "precision"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (score, "scale"), ==, 0);
  g_assert_true (json_object_get_boolean_member (score, "custom"));
  g_assert_nonnull (find_field (describe, "mkto71_Acquisition_Date__c"));
  g_assert_cmpint (json_object_get_int_member (find_field (describe, "mkto71_Acquisition_Program__c"), "length"),
                   ==, 255);

  /* Unchanged since Last-Modified: 304 with an empty body. */
  not_modified = pt_request (fixture, "GET", V "/sobjects/Lead/describe", NULL, NULL,
                             "Authorization", authorization,
                             "If-Modified-Since", last_modified, NULL);
  g_assert_cmpuint (not_modified->status, ==, 304);
  g_assert_cmpstr (not_modified->body, ==, "");

  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (unknown->body, ==,
                   "[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]");
}

static void
test_field_level_security (PtFixture     *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *sync = pt_login (fixture, FALSE, NULL);
  g_autofree char *admin = pt_login (fixture, TRUE, NULL);
  g_autoptr(JsonNode) sync_lead = pt_get_json (fixture, V "/sobjects/Lead/describe", sync, 200);
  g_autoptr(JsonNode) admin_lead = pt_get_json (fixture, V "/sobjects/Lead/describe", admin, 200);
  g_autoptr(JsonNode) sync_contact = pt_get_json (fixture, V "/sobjects/Contact/describe", sync, 200);
  g_autoptr(JsonNode) admin_contact = pt_get_json (fixture, V "/sobjects/Contact/describe", admin, 200);
  g_autoptr(JsonNode) hidden_query = pt_get_json (fixture, V "/query?q=SELECT+Id,+ConvertedDate+FROM+Lead",
                                               sync, 400);
  g_autoptr(JsonNode) admin_query = pt_get_json (fixture, V "/query?q=SELECT+Id,+ConvertedDate+FROM+Lead+LIMIT+5",
                                              admin, 200);
  g_autoptr(PtResponse) first = pt_get_bearer (fixture, V "/sobjects/Lead/describe", sync);
  g_autofree char *authorization = g_strconcat ("Bearer ", sync, NULL);
  g_autoptr(PtResponse) after = NULL;
  g_autoptr(JsonNode) after_root = NULL;
  g_autoptr(JsonNode) visible_query = NULL;
  static const char *hidden_lead[] = { "ConvertedDate", "HasOptedOutOfFax", "CurrentGenerators__c" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (hidden_lead); i++)
    {
      g_assert_null (find_field (json_node_get_object (sync_lead), hidden_lead[i]));
      g_assert_nonnull (find_field (json_node_get_object (admin_lead), hidden_lead[i]));
    }
  g_assert_null (find_field (json_node_get_object (sync_contact), "DoNotCall"));
  g_assert_nonnull (find_field (json_node_get_object (admin_contact), "DoNotCall"));
  /* What the sync needs and can see. */
  g_assert_nonnull (find_field (json_node_get_object (sync_lead), "IsConverted"));
  g_assert_nonnull (find_field (json_node_get_object (sync_lead), "HasOptedOutOfEmail"));

  /* A hidden field does not exist, for SOQL too. */
  g_assert_cmpstr (pt_rest_error_code (hidden_query), ==, "INVALID_FIELD");
  g_assert_cmpuint (json_object_get_int_member (json_node_get_object (admin_query), "totalSize"), ==, 5);

  /* The fix: show it to the sync user; describe sees the change. */
  cs_practice_org_set_field_visible (fixture->org, "Lead", "ConvertedDate", TRUE);
  after = pt_request (fixture, "GET", V "/sobjects/Lead/describe", NULL, NULL,
                      "Authorization", authorization,
                      "If-Modified-Since", pt_response_header (first, "Last-Modified"), NULL);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpstr (pt_response_header (after, "Last-Modified"), !=, pt_response_header (first, "Last-Modified"));
  after_root = pt_response_json (after);
  g_assert_nonnull (find_field (json_node_get_object (after_root), "ConvertedDate"));
  visible_query = pt_get_json (fixture, V "/query?q=SELECT+Id,+ConvertedDate+FROM+Lead+LIMIT+1", sync, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (visible_query), "totalSize"), ==, 1);
}

static void
test_object_permissions (PtFixture     *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *sync = pt_login (fixture, FALSE, NULL);
  g_autoptr(JsonNode) before = pt_get_json (fixture, V "/sobjects/Campaign/describe", sync, 200);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) no_read = NULL;

  g_assert_false (json_object_get_boolean_member (json_node_get_object (before), "deletable"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (before), "updateable"));

  cs_practice_org_set_object_permission (fixture->org, "Campaign", "delete", TRUE);
  after = pt_get_json (fixture, V "/sobjects/Campaign/describe", sync, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (after), "deletable"));

  /* Without Read the object is gone for the user, and its fields with it. */
  cs_practice_org_set_object_permission (fixture->org, "Task", "read", FALSE);
  no_read = pt_get_json (fixture, V "/sobjects/Task/describe", sync, 404);
  g_assert_cmpstr (pt_rest_error_code (no_read), ==, "NOT_FOUND");
  cs_practice_org_set_object_permission (fixture->org, "Opportunity", "edit", FALSE);
  {
    g_autoptr(JsonNode) opportunity = pt_get_json (fixture, V "/sobjects/Opportunity/describe", sync, 200);

    g_assert_false (json_object_get_boolean_member (json_node_get_object (opportunity), "updateable"));
    g_assert_false (json_object_get_boolean_member (find_field (json_node_get_object (opportunity), "Amount"),
                                                    "updateable"));
    g_assert_true (json_object_get_boolean_member (find_field (json_node_get_object (opportunity), "Amount"),
                                                   "createable"));
  }
}

static char *
batch_body (guint       n,
            const char *subrequest_headers)
{
  static const char *objects[] = {
    "Lead", "Contact", "Account", "Opportunity", "OpportunityContactRole",
    "Campaign", "CampaignMember", "User", "Task", "Event",
  };
  GString *body = g_string_new ("{\"batchRequests\":[");
  guint i;

  for (i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"method\":\"GET\",\"url\":\"v64.0/sobjects/%s/describe\"%s%s}",
                            i > 0 ? "," : "", objects[i % G_N_ELEMENTS (objects)],
                            subrequest_headers != NULL ? ",\"httpHeaders\":" : "",
                            subrequest_headers != NULL ? subrequest_headers : "");
  g_string_append (body, "],\"haltOnError\":false}");
  return g_string_free (body, FALSE);
}

static PtResponse *
post_batch (PtFixture  *fixture,
            const char *token,
            const char *body,
            const char *if_modified_since)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

  return pt_request (fixture, "POST", V "/composite/batch", "application/json", body,
                     "Authorization", authorization,
                     if_modified_since != NULL ? "If-Modified-Since" : NULL, if_modified_since,
                     NULL);
}

static void
test_composite_batch (PtFixture     *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *body25 = batch_body (25, NULL);
  g_autofree char *body26 = batch_body (26, NULL);
  g_autofree char *future = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *body_headers = NULL;
  g_autoptr(PtResponse) ok = NULL;
  g_autoptr(PtResponse) too_many = NULL;
  g_autoptr(PtResponse) cached = NULL;
  g_autoptr(PtResponse) per_request = NULL;
  g_autoptr(PtResponse) mixed = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) cached_root = NULL;
  g_autoptr(JsonNode) per_root = NULL;
  g_autoptr(JsonNode) mixed_root = NULL;
  g_autoptr(JsonNode) errors = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonArray *results;
  guint usage_before, i;

  usage_before = cs_practice_org_get_api_usage (fixture->org);
  ok = post_batch (fixture, token, body25, NULL);
  g_assert_cmpuint (ok->status, ==, 200);
  /* One batch is one API call. */
  g_assert_cmpuint (cs_practice_org_get_api_usage (fixture->org), ==, usage_before + 1);
  root = pt_response_json (ok);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "hasErrors"));
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 25);
  for (i = 0; i < 25; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      g_assert_cmpint (json_object_get_int_member (result, "statusCode"), ==, 200);
      g_assert_true (json_object_has_member (json_object_get_object_member (result, "result"), "fields"));
    }

  too_many = post_batch (fixture, token, body26, NULL);
  g_assert_cmpuint (too_many->status, ==, 400);
  errors = pt_response_json (too_many);
  g_assert_cmpstr (pt_rest_error_code (errors), ==, "LIMIT_EXCEEDED");

  /* If-Modified-Since on the batch applies to every subrequest. */
  future = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S GMT");
  cached = post_batch (fixture, token, body25, future);
  g_assert_cmpuint (cached->status, ==, 200);
  cached_root = pt_response_json (cached);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (cached_root), "hasErrors"));
  results = json_object_get_array_member (json_node_get_object (cached_root), "results");
  for (i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      g_assert_cmpint (json_object_get_int_member (result, "statusCode"), ==, 304);
      g_assert_true (json_object_get_null_member (result, "result"));
    }

  /* … and per subrequest through httpHeaders. */
  headers = g_strdup_printf ("{\"If-Modified-Since\":\"%s\"}", future);
  body_headers = batch_body (3, headers);
  per_request = post_batch (fixture, token, body_headers, NULL);
  per_root = pt_response_json (per_request);
  results = json_object_get_array_member (json_node_get_object (per_root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0), "statusCode"), ==, 304);

  /* A failing subrequest does not fail the batch, it flags it. */
  mixed = post_batch (fixture, token,
                      "{\"batchRequests\":[{\"method\":\"GET\",\"url\":\"v64.0/sobjects/Xyzzy/describe\"},"
                      "{\"method\":\"GET\",\"url\":\"v64.0/query?q=SELECT+COUNT()+FROM+Account\"}]}", NULL);
  g_assert_cmpuint (mixed->status, ==, 200);
  mixed_root = pt_response_json (mixed);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (mixed_root), "hasErrors"));
  results = json_object_get_array_member (json_node_get_object (mixed_root), "results");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0), "statusCode"), ==, 404);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 1), "statusCode"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_array_get_object_element (results, 1), "result"), "totalSize"), ==, 6);
}

static void
test_paged_query (PtFixture     *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = g_strdup (V "/query?q=SELECT+Id,+Name,+Email,+Company+FROM+Lead");
  guint pages = 0;
  gboolean done = FALSE;

  while (!done)
    {
      g_autoptr(JsonNode) root = pt_get_json (fixture, next, token, 200);
      JsonObject *page = json_node_get_object (root);
      JsonArray *records = json_object_get_array_member (page, "records");
      guint i;

      g_assert_cmpint (json_object_get_int_member (page, "totalSize"), ==, 5000);
      done = json_object_get_boolean_member (page, "done");
      g_assert_cmpuint (json_array_get_length (records), ==, done ? 1000 : 2000);
      for (i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);
          JsonObject *attributes = json_object_get_object_member (record, "attributes");
          const char *id = json_object_get_string_member (record, "Id");
          g_autofree char *url = g_strdup_printf (V "/sobjects/Lead/%s", id);

          g_assert_cmpstr (json_object_get_string_member (attributes, "type"), ==, "Lead");
          g_assert_cmpstr (json_object_get_string_member (attributes, "url"), ==, url);
          g_assert_true (g_str_has_prefix (id, "00Q"));
          g_assert_true (id_is_canonical (id));
          g_assert_nonnull (strchr (json_object_get_string_member (record, "Email"), '@'));
          g_assert_true (g_hash_table_add (ids, g_strdup (id)));
        }
      pages++;
      g_clear_pointer (&next, g_free);
      if (!done)
        {
          next = g_strdup (json_object_get_string_member (page, "nextRecordsUrl"));
          g_assert_true (g_str_has_prefix (next, V "/query/"));
        }
      else
        g_assert_false (json_object_has_member (page, "nextRecordsUrl"));
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 5000);

  {
    g_autoptr(JsonNode) count = pt_get_json (fixture, V "/query?q=SELECT+COUNT()+FROM+Lead", token, 200);
    g_autoptr(JsonNode) bad = pt_get_json (fixture, V "/query/01gnope-2000", token, 400);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (count), "totalSize"), ==, 5000);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (count), "done"));
    g_assert_false (json_object_has_member (json_node_get_object (count), "nextRecordsUrl"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (count),
                                                                           "records")), ==, 0);
    g_assert_cmpstr (pt_rest_error_code (bad), ==, "INVALID_QUERY_LOCATOR");
  }
}

/* The org's name: one Organization row, whose Id is the org's id, for any
 * user; it follows another id and name. */
static void
test_organization (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *q = g_uri_escape_string ("SELECT Id, Name, IsSandbox, OrganizationType FROM Organization",
                                            NULL, FALSE);
  g_autofree char *path = g_strconcat (V "/query?q=", q, NULL);

  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *token = pt_login (fixture, FALSE, NULL);
      g_autoptr(JsonNode) root = pt_get_json (fixture, path, token, 200);
      JsonArray *records = json_object_get_array_member (json_node_get_object (root), "records");
      JsonObject *org;

      g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "totalSize"), ==, 1);
      org = json_array_get_object_element (records, 0);
      g_assert_cmpstr (json_object_get_string_member (org, "Id"), ==, cs_practice_org_get_org_id (fixture->org));
      g_assert_cmpstr (json_object_get_string_member (org, "Name"), ==, cs_practice_org_get_org_name (fixture->org));
      g_assert_false (json_object_get_boolean_member (org, "IsSandbox"));
      g_assert_cmpstr (json_object_get_string_member (org, "OrganizationType"), ==, "Enterprise Edition");

      if (round == 0)
        {
          g_assert_cmpstr (cs_practice_org_get_org_name (fixture->org), ==, "Practice Org");
          g_assert_true (cs_practice_org_set_org_id (fixture->org, "00D5g000000OTHR"));
          g_assert_true (cs_practice_org_set_org_name (fixture->org, "Second Practice Org"));
          g_assert_false (cs_practice_org_set_org_name (fixture->org, ""));
        }
    }
  g_assert_cmpstr (cs_practice_org_get_org_name (fixture->org), ==, "Second Practice Org");
}

static void
test_query_features (PtFixture     *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *q = g_uri_escape_string ("SELECT Id, Email, Status FROM Lead "
                                            "WHERE Status = 'closed - converted' ORDER BY Email DESC LIMIT 10",
                                            NULL, FALSE);
  g_autofree char *path = g_strconcat (V "/query?q=", q, NULL);
  g_autoptr(JsonNode) root = pt_get_json (fixture, path, token, 200);
  JsonArray *records = json_object_get_array_member (json_node_get_object (root), "records");
  g_autofree char *user_q = g_uri_escape_string ("SELECT Username, Profile.Name, Profile.PermissionsModifyAllData "
                                                 "FROM User ORDER BY Username", NULL, FALSE);
  g_autofree char *user_path = g_strconcat (V "/query?q=", user_q, NULL);
  g_autoptr(JsonNode) users = pt_get_json (fixture, user_path, token, 200);
  JsonArray *user_records = json_object_get_array_member (json_node_get_object (users), "records");
  const char *previous = NULL;
  gboolean saw_admin = FALSE;
  guint i;

  g_assert_cmpuint (json_array_get_length (records), ==, 10);
  for (i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      const char *email = json_object_get_string_member (record, "Email");

      /* String comparison in SOQL ignores case. */
      g_assert_cmpstr (json_object_get_string_member (record, "Status"), ==, "Closed - Converted");
      if (previous != NULL)
        g_assert_cmpint (g_ascii_strcasecmp (previous, email), >=, 0);
      previous = email;
    }

  g_assert_cmpuint (json_array_get_length (user_records), >=, 2);
  for (i = 0; i < json_array_get_length (user_records); i++)
    {
      JsonObject *record = json_array_get_object_element (user_records, i);
      JsonObject *profile = json_object_get_object_member (record, "Profile");
      JsonObject *attributes = json_object_get_object_member (profile, "attributes");

      g_assert_cmpstr (json_object_get_string_member (attributes, "type"), ==, "Profile");
      if (g_str_equal (json_object_get_string_member (record, "Username"),
                       cs_practice_org_get_admin_username (fixture->org)))
        {
          saw_admin = TRUE;
          g_assert_cmpstr (json_object_get_string_member (profile, "Name"), ==, "System Administrator");
          g_assert_true (json_object_get_boolean_member (profile, "PermissionsModifyAllData"));
        }
      if (g_str_equal (json_object_get_string_member (record, "Username"),
                       cs_practice_org_get_sync_username (fixture->org)))
        {
          g_assert_cmpstr (json_object_get_string_member (profile, "Name"), ==, "Marketo-Salesforce Sync");
          g_assert_false (json_object_get_boolean_member (profile, "PermissionsModifyAllData"));
        }
    }
  g_assert_true (saw_admin);
}

static void
test_query_errors (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  static const struct {
    const char *soql;
    const char *code;
  } cases[] = {
    { "SELECT Id FORM Lead", "MALFORMED_QUERY" },
    { "SELECT Id, FROM Lead", "MALFORMED_QUERY" },
    { "SELECT Id FROM Lead WHERE Name = 'unterminated", "MALFORMED_QUERY" },
    { "SELECT Id, Id FROM Lead", "MALFORMED_QUERY" },
    { "SELECT Foo__c FROM Lead", "INVALID_FIELD" },
    { "SELECT Id, Nobody.Name FROM Lead", "INVALID_FIELD" },
    { "SELECT Id FROM Xyzzy", "INVALID_TYPE" },
    { "SELECT Id FROM Lead WHERE AnnualRevenue = '5'", "INVALID_QUERY_FILTER_OPERATOR" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *q = g_uri_escape_string (cases[i].soql, NULL, FALSE);
      g_autofree char *path = g_strconcat (V "/query?q=", q, NULL);
      g_autoptr(JsonNode) errors = pt_get_json (fixture, path, token, 400);
      const char *message = json_object_get_string_member (json_array_get_object_element (
                                                             json_node_get_array (errors), 0), "message");

      g_test_message ("%s → %s", cases[i].soql, message);
      g_assert_cmpstr (pt_rest_error_code (errors), ==, cases[i].code);
      g_assert_nonnull (strstr (message, "ERROR at Row:1:Column:"));
    }
}

static void
test_record (PtFixture     *fixture,
             gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(JsonNode) found = pt_get_json (fixture, V "/query?q=SELECT+Id,+Email+FROM+Lead+LIMIT+1", token, 200);
  JsonObject *first = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (found), "records"), 0);
  const char *id = json_object_get_string_member (first, "Id");
  g_autofree char *path = g_strdup_printf (V "/sobjects/Lead/%s", id);
  g_autofree char *path15 = g_strdup_printf (V "/sobjects/Lead/%.15s?fields=Email,IsConverted", id);
  g_autoptr(JsonNode) record = pt_get_json (fixture, path, token, 200);
  g_autoptr(JsonNode) partial = pt_get_json (fixture, path15, token, 200);
  g_autoptr(JsonNode) missing = pt_get_json (fixture, V "/sobjects/Lead/00Q5g0000000001EAA", token, 404);
  g_autoptr(JsonNode) malformed = pt_get_json (fixture, V "/sobjects/Lead/00Q5g000000000AAAA", token, 400);
  JsonObject *object = json_node_get_object (record);

  g_assert_cmpstr (json_object_get_string_member (object, "Email"), ==,
                   json_object_get_string_member (first, "Email"));
  /* Nulls are explicit, hidden fields absent. */
  g_assert_true (json_object_has_member (object, "Fax"));
  g_assert_true (json_object_get_null_member (object, "Fax"));
  g_assert_false (json_object_has_member (object, "ConvertedDate"));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (partial)), ==, 3);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (partial), "IsConverted"));
  g_assert_cmpstr (pt_rest_error_code (missing), ==, "NOT_FOUND");
  g_assert_cmpstr (pt_rest_error_code (malformed), ==, "MALFORMED_ID");
}

static void
test_latency (PtFixture     *fixture,
              gconstpointer  user_data)
{
  gint64 start, elapsed;
  g_autoptr(PtResponse) response = NULL;

  cs_practice_org_set_latency_ms (fixture->org, 300);
  start = g_get_monotonic_time ();
  response = pt_request (fixture, "GET", "/services/data/", NULL, NULL, NULL);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (elapsed, >=, 300 * 1000);
  /* The control endpoints are not slowed down. */
  start = g_get_monotonic_time ();
  {
    g_autoptr(PtResponse) faults = pt_request (fixture, "GET", "/_practice/faults", NULL, NULL, NULL);

    g_assert_cmpuint (faults->status, ==, 200);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 300 * 1000);

  /* Latency can be changed over HTTP too, e.g. back to none. */
  {
    g_autoptr(PtResponse) set = pt_request (fixture, "POST", "/_practice/latency", "application/json",
                                            "{\"latency_ms\": 0}", NULL);
    g_autoptr(PtResponse) fast = NULL;

    g_assert_cmpuint (set->status, ==, 200);
    g_assert_nonnull (strstr (set->body, "\"latency_ms\":0"));
    start = g_get_monotonic_time ();
    fast = pt_request (fixture, "GET", "/services/data/", NULL, NULL, NULL);
    g_assert_cmpuint (fast->status, ==, 200);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 300 * 1000);
  }
}

static void
got_response (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  g_assert_nonnull (bytes);
  (*(guint *) user_data)++;
}

static void
test_latency_does_not_block (PtFixture     *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *url = g_strconcat (cs_practice_org_get_url (fixture->org), "/services/data/", NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  guint done = 0;
  gint64 start;
  guint i;

  /* Four slow requests at once take one delay, not four: the server
   * never blocks its main loop while it waits. */
  cs_practice_org_set_latency_ms (fixture->org, 400);
  start = g_get_monotonic_time ();
  for (i = 0; i < 4; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, got_response, &done);
    }
  while (done < 4)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1200 * 1000);
}

static void
test_schema_edits (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(JsonNode) before = pt_get_json (fixture, V "/sobjects/Contact/describe", token, 200);
  g_autoptr(JsonNode) after = NULL;
  JsonObject *field;

  g_assert_null (find_field (json_node_get_object (before), "Shoe_Size__c"));
  g_assert_nonnull (find_field (json_node_get_object (before), "Languages__c"));

  cs_practice_org_add_custom_field (fixture->org, "Contact", "Shoe_Size__c", "Shoe Size", "double", 4);
  cs_practice_org_remove_field (fixture->org, "Contact", "Languages__c");
  cs_practice_org_set_field_type (fixture->org, "Contact", "Level__c", "string");
  cs_practice_org_set_field_label (fixture->org, "Contact", "Title", "Job Title");

  after = pt_get_json (fixture, V "/sobjects/Contact/describe", token, 200);
  field = find_field (json_node_get_object (after), "Shoe_Size__c");
  g_assert_nonnull (field);
  g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "double");
  g_assert_cmpint (json_object_get_int_member (field, "precision"), ==, 4);
  g_assert_true (json_object_get_boolean_member (field, "custom"));
  g_assert_null (find_field (json_node_get_object (after), "Languages__c"));
  field = find_field (json_node_get_object (after), "Level__c");
  g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "string");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (field, "picklistValues")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (find_field (json_node_get_object (after), "Title"), "label"),
                   ==, "Job Title");
}

static void
test_generated_objects_scale (PtFixture     *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(PtResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) global = NULL;
  gint64 start, elapsed;
  JsonObject *describe;
  JsonArray *sobjects;
  gboolean listed = FALSE;
  guint i;

  cs_practice_org_add_generated_objects (fixture->org, 2, 10000);

  /* Time the server's answer only, not the client's JSON parsing. */
  start = g_get_monotonic_time ();
  response = pt_get_bearer (fixture, V "/sobjects/Generated_1__c/describe", token);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("describe of 10,000 fields: %" G_GINT64_FORMAT " ms, %" G_GSIZE_FORMAT " bytes",
                  elapsed / 1000, strlen (response->body));
  g_assert_cmpuint (response->status, ==, 200);
  root = pt_response_json (response);
  describe = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (describe, "custom"));
  g_assert_cmpstr (json_object_get_string_member (describe, "keyPrefix"), ==, "a00");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (describe, "fields")), >=, 10000);
  g_assert_nonnull (find_field (describe, "Field_10000__c"));

  second = pt_get_json (fixture, V "/sobjects/Generated_2__c/describe", token, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (second), "keyPrefix"), ==, "a01");
  global = pt_get_json (fixture, V "/sobjects", token, 200);
  sobjects = json_object_get_array_member (json_node_get_object (global), "sobjects");
  for (i = 0; i < json_array_get_length (sobjects); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (sobjects, i), "name"),
                     "Generated_2__c"))
      listed = TRUE;
  g_assert_true (listed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, leads, func) \
  g_test_add ("/practice/rest/" name, PtFixture, GUINT_TO_POINTER (leads), \
              pt_fixture_setup, func, pt_fixture_teardown)

  ADD ("versions", 10, test_versions);
  ADD ("directory-and-limits", 10, test_directory_and_limits);
  ADD ("describe-global", 10, test_describe_global);
  ADD ("describe", 10, test_describe);
  ADD ("field-level-security", 100, test_field_level_security);
  ADD ("object-permissions", 10, test_object_permissions);
  ADD ("composite-batch", 10, test_composite_batch);
  ADD ("paged-query", 5000, test_paged_query);
  ADD ("query-features", 1000, test_query_features);
  ADD ("organization", 10, test_organization);
  ADD ("query-errors", 10, test_query_errors);
  ADD ("record", 10, test_record);
  ADD ("latency", 10, test_latency);
  ADD ("latency-does-not-block", 10, test_latency_does_not_block);
  ADD ("schema-edits", 10, test_schema_edits);
  ADD ("generated-objects-scale", 10, test_generated_objects_scale);

#undef ADD
  return g_test_run ();
}
