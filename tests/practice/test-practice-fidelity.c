/* test-practice-fidelity.c: the practice org accepts what Salesforce
 * accepts. Each test names the fact of
 * ../shared/reference/salesforce-protocol.md it mirrors: a practice org
 * stricter than Salesforce lets the product fail on its first real org.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "practice-test-common.h"

#define V "/services/data/v64.0"

static PtResponse *
exchange (PtFixture  *fixture,
          const char *code,
          const char *verifier)
{
  return pt_post_form (fixture, "/services/oauth2/token",
                       "grant_type", "authorization_code",
                       "code", code,
                       "client_id", cs_practice_org_get_consumer_key (fixture->org),
                       "client_secret", cs_practice_org_get_consumer_secret (fixture->org),
                       "redirect_uri", cs_practice_org_get_callback_url (fixture->org),
                       "code_verifier", verifier,
                       NULL);
}

static char *
code_for_challenge (PtFixture  *fixture,
                    const char *challenge)
{
  g_autofree char *location = pt_login_to_callback (fixture,
                                                    cs_practice_org_get_sync_username (fixture->org),
                                                    cs_practice_org_get_sync_password (fixture->org),
                                                    "s", challenge);

  return pt_url_param (location, "code");
}

/* "Salesforce's guide asks for a verifier of 128 random bytes,
 * base64url-encoded (171 characters), and accepts it although RFC 7636
 * stops at 128 characters." Empty and wrong verifiers stay refused. */
static void
test_pkce_verifier_of_128_bytes (PtFixture     *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *verifier = pt_pkce_verifier (128);
  g_autofree char *challenge = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(PtResponse) accepted = NULL;

  g_assert_cmpuint (strlen (verifier), ==, 171);
  challenge = pt_pkce_challenge (verifier);

  code = code_for_challenge (fixture, challenge);
  accepted = exchange (fixture, code, verifier);
  g_assert_cmpuint (accepted->status, ==, 200);
  g_assert_nonnull (strstr (accepted->body, "\"access_token\""));

  /* The same length, one character off. */
  wrong = g_strdup (verifier);
  wrong[100] = wrong[100] == 'A' ? 'B' : 'A';
  {
    g_autofree char *second = code_for_challenge (fixture, challenge);
    g_autoptr(PtResponse) refused = exchange (fixture, second, wrong);

    g_assert_cmpuint (refused->status, ==, 400);
    g_assert_nonnull (strstr (refused->body, "invalid_grant"));
  }
  {
    g_autofree char *third = code_for_challenge (fixture, challenge);
    g_autoptr(PtResponse) refused = exchange (fixture, third, "");

    g_assert_cmpuint (refused->status, ==, 400);
    g_assert_nonnull (strstr (refused->body, "invalid_grant"));
  }
}

/* "Salesforce serves every version from 31.0 up to the current one";
 * "GET /services/data/vNN.N/ — the resource directory". */
static void
test_every_version_has_a_directory (PtFixture     *fixture,
                                    gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  guint major;

  for (major = 31; major <= 64; major++)
    {
      g_autofree char *path = g_strdup_printf ("/services/data/v%u.0/", major);
      g_autofree char *sobjects = g_strdup_printf ("/services/data/v%u.0/sobjects", major);
      g_autofree char *query = g_strdup_printf ("/services/data/v%u.0/query", major);
      g_autoptr(JsonNode) root = pt_get_json (fixture, path, token, 200);
      JsonObject *directory = json_node_get_object (root);

      g_assert_cmpstr (json_object_get_string_member (directory, "sobjects"), ==, sobjects);
      g_assert_cmpstr (json_object_get_string_member (directory, "query"), ==, query);
      g_assert_true (json_object_has_member (directory, "limits"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (directory, "identity"),
                                       cs_practice_org_get_url (fixture->org)));
    }

  /* Retired in 2025. */
  {
    g_autoptr(PtResponse) retired = pt_get_bearer (fixture, "/services/data/v30.0/", token);
    g_autoptr(PtResponse) future = pt_get_bearer (fixture, "/services/data/v65.0/", token);
    g_autoptr(PtResponse) odd = pt_get_bearer (fixture, "/services/data/v050.0/", token);

    g_assert_cmpuint (retired->status, ==, 404);
    g_assert_cmpuint (future->status, ==, 404);
    g_assert_cmpuint (odd->status, ==, 404);
  }
}

/* "clients pin old ones (50.0 and 51.0 are common defaults)": their
 * describes and queries have the same valid shape. */
static void
test_pinned_versions_describe_and_query (PtFixture     *fixture,
                                         gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  static const char *versions[] = { "31.0", "50.0", "51.0" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *describe_path = g_strdup_printf ("/services/data/v%s/sobjects/Lead/describe",
                                                        versions[i]);
      g_autofree char *global_path = g_strdup_printf ("/services/data/v%s/sobjects", versions[i]);
      g_autofree char *query_path = g_strdup_printf ("/services/data/v%s/query?q=SELECT+Id+FROM+Lead+LIMIT+1",
                                                     versions[i]);
      g_autofree char *prefix = g_strdup_printf ("/services/data/v%s/sobjects/Lead", versions[i]);
      g_autoptr(JsonNode) describe = pt_get_json (fixture, describe_path, token, 200);
      g_autoptr(JsonNode) global = pt_get_json (fixture, global_path, token, 200);
      g_autoptr(JsonNode) query = pt_get_json (fixture, query_path, token, 200);
      JsonObject *object = json_node_get_object (describe);
      JsonObject *record;

      g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Lead");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "fields")), >, 10);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (object, "urls"),
                                                                      "describe"), prefix));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (global),
                                                                             "sobjects")), >, 5);
      record = json_array_get_object_element (json_object_get_array_member (json_node_get_object (query),
                                                                            "records"), 0);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (record,
                                                                                                   "attributes"),
                                                                      "url"), prefix));
    }
}

/* "GET /services/data without the slash answers the same, and a doubled
 * slash after the host (//services/data/…) is tolerated." */
static void
test_paths_without_slash_and_doubled (PtFixture     *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(PtResponse) with_slash = pt_request (fixture, "GET", "/services/data/", NULL, NULL, NULL);
  g_autoptr(PtResponse) without = pt_request (fixture, "GET", "/services/data", NULL, NULL, NULL);
  g_autoptr(PtResponse) doubled_list = pt_request (fixture, "GET", "//services/data/", NULL, NULL, NULL);
  g_autoptr(PtResponse) doubled = pt_get_bearer (fixture, "/" V "/sobjects/Lead/describe", token);

  g_assert_cmpuint (with_slash->status, ==, 200);
  g_assert_cmpuint (without->status, ==, 200);
  g_assert_cmpstr (without->body, ==, with_slash->body);
  g_assert_cmpuint (doubled_list->status, ==, 200);
  g_assert_cmpstr (doubled_list->body, ==, with_slash->body);
  g_assert_cmpuint (doubled->status, ==, 200);
  g_assert_nonnull (strstr (doubled->body, "\"name\":\"Lead\""));
}

/* "SOQL on Organization (Id, Name, InstanceName, IsSandbox,
 * TrialExpirationDate, NamespacePrefix, OrganizationType) returns the
 * org's one row": a production org, neither a sandbox nor a trial. */
static void
test_organization_row (PtFixture     *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(JsonNode) root = pt_get_json (fixture, V "/query?q=SELECT+Id,+Name,+InstanceName,+IsSandbox,"
                                       "+TrialExpirationDate,+NamespacePrefix,+OrganizationType+"
                                       "FROM+Organization", token, 200);
  JsonObject *answer = json_node_get_object (root);
  JsonArray *records = json_object_get_array_member (answer, "records");
  JsonObject *row;

  g_assert_cmpint (json_object_get_int_member (answer, "totalSize"), ==, 1);
  g_assert_true (json_object_get_boolean_member (answer, "done"));
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  row = json_array_get_object_element (records, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "Id"), ==, cs_practice_org_get_org_id (fixture->org));
  g_assert_cmpstr (json_object_get_string_member (row, "Name"), ==, "Practice Org");
  g_assert_nonnull (json_object_get_string_member (row, "InstanceName"));
  g_assert_false (json_object_get_boolean_member (row, "IsSandbox"));
  g_assert_true (json_object_get_null_member (row, "TrialExpirationDate"));
  g_assert_true (json_object_get_null_member (row, "NamespacePrefix"));
  g_assert_cmpstr (json_object_get_string_member (row, "OrganizationType"), ==, "Enterprise Edition");
}

/* "ScratchOrgInfo is INVALID_TYPE on any org that is not a Dev Hub." */
static void
test_scratch_org_info_is_invalid_type (PtFixture     *fixture,
                                       gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, TRUE, NULL);
  g_autoptr(JsonNode) root = pt_get_json (fixture, V "/query?q=SELECT+Id+FROM+ScratchOrgInfo", token, 400);

  g_assert_cmpstr (pt_rest_error_code (root), ==, "INVALID_TYPE");
}

static JsonObject *
find_column (JsonArray  *columns,
             const char *name)
{
  guint i;

  for (i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if (g_str_equal (json_object_get_string_member (column, "columnName"), name))
        return column;
    }
  return NULL;
}

/* "query?q=…&columns=true — answers the column metadata of the query
 * instead of its rows". */
static void
test_query_column_metadata (PtFixture     *fixture,
                            gconstpointer  user_data)
{
  static const char *keys[] = {
    "aggregate", "apexType", "booleanType", "columnName", "custom", "displayName",
    "foreignKeyName", "insertable", "joinColumns", "numberType", "textType", "updatable",
  };
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(JsonNode) root = pt_get_json (fixture, V "/query?q=SELECT+Id,+Email,+IsConverted,+"
                                       "mkto71_Lead_Score__c,+Owner.Name+FROM+Lead&columns=true",
                                       token, 200);
  JsonObject *answer = json_node_get_object (root);
  JsonArray *columns = json_object_get_array_member (answer, "columnMetadata");
  JsonObject *id, *email, *converted, *score, *owner, *owner_name;
  guint i, k;

  g_assert_false (json_object_has_member (answer, "records"));
  g_assert_cmpstr (json_object_get_string_member (answer, "entityName"), ==, "Lead");
  g_assert_false (json_object_get_boolean_member (answer, "groupBy"));
  g_assert_true (json_object_get_boolean_member (answer, "idSelected"));
  g_assert_cmpstr (json_object_get_string_member (answer, "keyPrefix"), ==, "00Q");
  g_assert_cmpuint (json_array_get_length (columns), ==, 5);
  for (i = 0; i < json_array_get_length (columns); i++)
    for (k = 0; k < G_N_ELEMENTS (keys); k++)
      g_assert_true (json_object_has_member (json_array_get_object_element (columns, i), keys[k]));

  id = find_column (columns, "Id");
  email = find_column (columns, "Email");
  converted = find_column (columns, "IsConverted");
  score = find_column (columns, "mkto71_Lead_Score__c");
  owner = find_column (columns, "Owner");
  g_assert_cmpstr (json_object_get_string_member (id, "apexType"), ==, "Id");
  g_assert_false (json_object_get_boolean_member (id, "updatable"));
  g_assert_cmpstr (json_object_get_string_member (email, "apexType"), ==, "String");
  g_assert_true (json_object_get_boolean_member (email, "textType"));
  g_assert_true (json_object_get_boolean_member (email, "insertable"));
  g_assert_true (json_object_get_boolean_member (email, "updatable"));
  g_assert_true (json_object_get_boolean_member (converted, "booleanType"));
  g_assert_true (json_object_get_boolean_member (score, "custom"));
  g_assert_true (json_object_get_boolean_member (score, "numberType"));
  g_assert_false (json_object_get_boolean_member (email, "aggregate"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (email, "joinColumns")), ==, 0);

  /* A relationship column holds its field as a join column. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (owner, "joinColumns")), ==, 1);
  owner_name = json_array_get_object_element (json_object_get_array_member (owner, "joinColumns"), 0);
  g_assert_cmpstr (json_object_get_string_member (owner_name, "columnName"), ==, "Name");
  g_assert_cmpstr (json_object_get_string_member (owner_name, "displayName"), ==, "Owner.Name");

  /* COUNT() is one aggregate column. */
  {
    g_autoptr(JsonNode) count = pt_get_json (fixture, V "/query?q=SELECT+COUNT()+FROM+Lead&columns=true",
                                          token, 200);
    JsonArray *count_columns = json_object_get_array_member (json_node_get_object (count), "columnMetadata");

    g_assert_cmpuint (json_array_get_length (count_columns), ==, 1);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (count_columns, 0),
                                                   "aggregate"));
  }
}

/* "GET {id URL}?format=json&oauth_token=TOKEN — the identity URL also
 * takes the token as a query parameter." */
static void
test_identity_oauth_token_parameter (PtFixture     *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/id/%s/%s?format=json&oauth_token=%s",
                                           cs_practice_org_get_org_id (fixture->org),
                                           cs_practice_org_get_sync_user_id (fixture->org),
                                           escaped);
  g_autofree char *bogus = g_strdup_printf ("/id/%s/%s?format=json&oauth_token=00Dbogus",
                                            cs_practice_org_get_org_id (fixture->org),
                                            cs_practice_org_get_sync_user_id (fixture->org));
  g_autoptr(PtResponse) response = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autoptr(PtResponse) refused = pt_request (fixture, "GET", bogus, NULL, NULL, NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  root = pt_response_json (response);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "username"), ==,
                   cs_practice_org_get_sync_username (fixture->org));
  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpstr (refused->body, ==, "Bad_OAuth_Token");
}

/* "GET /services/data/vNN.N/sobjects/User/{id} — the user record
 * (Username, Name, …)." */
static void
test_user_record (PtFixture     *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *path = g_strdup_printf (V "/sobjects/User/%s",
                                           cs_practice_org_get_sync_user_id (fixture->org));
  g_autoptr(JsonNode) root = pt_get_json (fixture, path, token, 200);
  JsonObject *user = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (user, "Id"), ==,
                   cs_practice_org_get_sync_user_id (fixture->org));
  g_assert_cmpstr (json_object_get_string_member (user, "Username"), ==,
                   cs_practice_org_get_sync_username (fixture->org));
  g_assert_cmpstr (json_object_get_string_member (user, "Name"), ==, "Marketo Sync");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user, "attributes"),
                                                  "type"), ==, "User");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/practice/fidelity/" name, PtFixture, GUINT_TO_POINTER (10), \
              pt_fixture_setup, func, pt_fixture_teardown)

  ADD ("pkce-verifier-of-128-bytes", test_pkce_verifier_of_128_bytes);
  ADD ("every-version-has-a-directory", test_every_version_has_a_directory);
  ADD ("pinned-versions-describe-and-query", test_pinned_versions_describe_and_query);
  ADD ("paths-without-slash-and-doubled", test_paths_without_slash_and_doubled);
  ADD ("organization-row", test_organization_row);
  ADD ("scratch-org-info-is-invalid-type", test_scratch_org_info_is_invalid_type);
  ADD ("query-column-metadata", test_query_column_metadata);
  ADD ("identity-oauth-token-parameter", test_identity_oauth_token_parameter);
  ADD ("user-record", test_user_record);

#undef ADD
  return g_test_run ();
}
