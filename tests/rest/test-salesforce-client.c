/* test-salesforce-client.c: CsSalesforceClient over HTTP against the
 * practice org, logged in as the sync user (or the administrator).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-test-util.h"

/* Lead field the seeded field-level security hides from the sync user. */
#define HIDDEN_LEAD_FIELD "ConvertedDate"

#define TOKEN_PATH     "/services/oauth2/token"
#define VERSIONS_PATH  "/services/data/"

static const char * const standard_objects[] = {
  "Lead", "Contact", "Account", "Opportunity", "OpportunityContactRole",
  "Campaign", "CampaignMember", "User", "Task", "Event", NULL
};

typedef struct
{
  CsPracticeOrg      *org;
  CsOAuthClient      *oauth;
  CsSalesforceClient *client;
  guint               refreshed;
} Fixture;

static void
on_tokens_refreshed (CsSalesforceClient *client,
                     CsTokenSet         *tokens,
                     gpointer            user_data)
{
  Fixture *fixture = user_data;

  g_assert_true (CS_IS_TOKEN_SET (tokens));
  fixture->refreshed++;
}

static CsSalesforceClient *
client_for (Fixture    *fixture,
            const char *username,
            const char *password)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  CsSalesforceClient *client;

  tokens = cs_test_login (fixture->org, fixture->oauth, username, password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);

  client = cs_salesforce_client_new (fixture->oauth, tokens);
  g_signal_connect (client, "tokens-refreshed", G_CALLBACK (on_tokens_refreshed), fixture);

  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  guint n_leads = GPOINTER_TO_UINT (user_data);

  fixture->org = cs_test_practice_org_new (n_leads);
  fixture->oauth = cs_oauth_client_new (cs_practice_org_get_url (fixture->org),
                                        cs_practice_org_get_consumer_key (fixture->org),
                                        cs_practice_org_get_consumer_secret (fixture->org));
  fixture->client = client_for (fixture,
                                cs_practice_org_get_sync_username (fixture->org),
                                cs_practice_org_get_sync_password (fixture->org));

  /* Count only what the tests do, not the login. */
  cs_practice_org_reset_request_counts (fixture->org);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->oauth);
  if (fixture->org != NULL)
    cs_practice_org_disconnect (fixture->org);
  g_clear_object (&fixture->org);
}

/* Synchronous wrappers over the async API, for readable tests. */

static gboolean
negotiate (CsSalesforceClient *client,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_salesforce_client_negotiate_version_async (client, NULL, cs_test_store_result, &result);
  cs_test_await (&result);
  return cs_salesforce_client_negotiate_version_finish (client, result, error);
}

static JsonNode *
describe (CsSalesforceClient *client,
          const char         *object_name,
          GDateTime          *if_modified_since,
          GCancellable       *cancellable,
          gboolean           *not_modified,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_salesforce_client_describe_async (client, object_name, if_modified_since, cancellable,
                                       cs_test_store_result, &result);
  cs_test_await (&result);
  return cs_salesforce_client_describe_finish (client, result, not_modified, error);
}

static GHashTable *
describe_many (CsSalesforceClient  *client,
               const char * const  *names,
               GDateTime           *if_modified_since,
               GHashTable         **errors,
               GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_salesforce_client_describe_many_async (client, names, if_modified_since, NULL,
                                            cs_test_store_result, &result);
  cs_test_await (&result);
  return cs_salesforce_client_describe_many_finish (client, result, errors, error);
}

static JsonArray *
query (CsSalesforceClient *client,
       const char         *soql,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_salesforce_client_query_async (client, soql, NULL, cs_test_store_result, &result);
  cs_test_await (&result);
  return cs_salesforce_client_query_finish (client, result, error);
}

static char *
api_path (CsSalesforceClient *client,
          const char         *rest)
{
  g_assert_nonnull (cs_salesforce_client_get_api_version (client));
  return g_strdup_printf ("/services/data/v%s/%s", cs_salesforce_client_get_api_version (client), rest);
}

static gboolean
describe_has_field (JsonNode   *describe_node,
                    const char *field_name)
{
  JsonArray *fields;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (describe_node));
  fields = json_object_get_array_member (json_node_get_object (describe_node), "fields");
  g_assert_nonnull (fields);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      if (g_strcmp0 (json_object_get_string_member (field, "name"), field_name) == 0)
        return TRUE;
    }

  return FALSE;
}

static const char *
describe_name (JsonNode *describe_node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (describe_node));
  return json_object_get_string_member (json_node_get_object (describe_node), "name");
}

/* ------------------------------------------------------------------------ */

static void
test_version_newest (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) versions = NULL;
  g_autofree char *url = NULL;
  JsonArray *array;
  const char *newest = NULL;
  double newest_value = 0;

  /* What the org lists, compared here as numbers too. */
  url = g_strconcat (cs_practice_org_get_url (fixture->org), VERSIONS_PATH, NULL);
  msg = soup_message_new ("GET", url);
  /* Async: the org answers from this thread's main context. */
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    cs_test_store_result, &result);
  body = soup_session_send_and_read_finish (session, cs_test_await (&result), &error);
  g_assert_no_error (error);
  versions = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  array = json_node_get_array (versions);
  g_assert_cmpuint (json_array_get_length (array), >, 1);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *version = json_object_get_string_member (json_array_get_object_element (array, i),
                                                           "version");
      double value = g_ascii_strtod (version, NULL);

      if (newest == NULL || value > newest_value)
        {
          newest = version;
          newest_value = value;
        }
    }
  cs_practice_org_reset_request_counts (fixture->org);

  g_assert_null (cs_salesforce_client_get_api_version (fixture->client));
  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_salesforce_client_get_api_version (fixture->client), ==, newest);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, VERSIONS_PATH), ==, 1);
  g_assert_cmpuint (cs_salesforce_client_get_request_count (fixture->client), ==, 1);
}

static void
test_describe_not_modified (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) long_ago = g_date_time_new_utc (2000, 1, 1, 0, 0, 0);
  g_autofree char *describe_path = NULL;
  gboolean not_modified = TRUE;

  lead = describe (fixture->client, "Lead", NULL, NULL, &not_modified, &error);
  g_assert_no_error (error);
  g_assert_false (not_modified);
  g_assert_cmpstr (describe_name (lead), ==, "Lead");
  g_assert_true (describe_has_field (lead, "Id"));
  g_assert_true (describe_has_field (lead, "LastName"));
  g_clear_pointer (&lead, json_node_unref);

  /* Unchanged since now: 304, no body. */
  now = g_date_time_new_now_utc ();
  lead = describe (fixture->client, "Lead", now, NULL, &not_modified, &error);
  g_assert_no_error (error);
  g_assert_null (lead);
  g_assert_true (not_modified);

  /* Changed since 2000. */
  lead = describe (fixture->client, "Lead", long_ago, NULL, &not_modified, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lead);
  g_assert_false (not_modified);
  g_clear_pointer (&lead, json_node_unref);

  describe_path = api_path (fixture->client, "sobjects/Lead/describe");
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, describe_path), ==, 3);
  /* The version was negotiated on the way. */
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, VERSIONS_PATH), >=, 1);
  g_assert_cmpuint (cs_salesforce_client_get_request_count (fixture->client), ==, 4);
}

static void
test_describe_field_level_security (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(CsSalesforceClient) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;

  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (describe_has_field (lead, "Email"));
  g_assert_false (describe_has_field (lead, HIDDEN_LEAD_FIELD));
  g_clear_pointer (&lead, json_node_unref);

  admin = client_for (fixture,
                      cs_practice_org_get_admin_username (fixture->org),
                      cs_practice_org_get_admin_password (fixture->org));
  lead = describe (admin, "Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (describe_has_field (lead, HIDDEN_LEAD_FIELD));
  g_clear_pointer (&lead, json_node_unref);

  /* Granting it to the sync user shows it. */
  cs_practice_org_set_field_visible (fixture->org, "Lead", HIDDEN_LEAD_FIELD, TRUE);
  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (describe_has_field (lead, HIDDEN_LEAD_FIELD));
}

static void
test_describe_unknown (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean not_modified = TRUE;

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);
  cs_practice_org_reset_request_counts (fixture->org);

  node = describe (fixture->client, "Xyzzy__c", NULL, NULL, &not_modified, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_false (not_modified);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 1);
  g_clear_error (&error);

  /* Not a name: refused before anything is sent. */
  node = describe (fixture->client, "Lead/../../limits", NULL, NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  node = describe (fixture->client, "", NULL, NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 1);
}

static void
test_describe_many_standard (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_path = NULL;

  results = describe_many (fixture->client, standard_objects, NULL, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_cmpuint (g_hash_table_size (results), ==, g_strv_length ((GStrv) standard_objects));

  for (guint i = 0; standard_objects[i] != NULL; i++)
    {
      JsonNode *node = g_hash_table_lookup (results, standard_objects[i]);

      g_assert_nonnull (node);
      g_assert_cmpstr (describe_name (node), ==, standard_objects[i]);
      g_assert_true (describe_has_field (node, "Id"));
    }

  batch_path = api_path (fixture->client, "composite/batch");
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==, 1);
}

static void
test_describe_many_generated (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_path = NULL;
  guint expected_batches = (60 + CS_COMPOSITE_BATCH_MAX - 1) / CS_COMPOSITE_BATCH_MAX;

  g_assert_cmpuint (expected_batches, ==, 3);

  cs_practice_org_add_generated_objects (fixture->org, 60, 5);
  for (guint i = 1; i <= 60; i++)
    g_ptr_array_add (names, g_strdup_printf ("Generated_%u__c", i));
  g_ptr_array_add (names, NULL);

  results = describe_many (fixture->client, (const char * const *) names->pdata, NULL,
                           &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_cmpuint (g_hash_table_size (results), ==, 60);
  for (guint i = 0; i < 60; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *node = g_hash_table_lookup (results, name);

      g_assert_nonnull (node);
      g_assert_cmpstr (describe_name (node), ==, name);
    }
  g_clear_pointer (&results, g_hash_table_unref);
  g_clear_pointer (&errors, g_hash_table_unref);

  batch_path = api_path (fixture->client, "composite/batch");
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==, expected_batches);

  /* Nothing changed since: every object is there, as NULL (304). */
  since = g_date_time_new_now_utc ();
  results = describe_many (fixture->client, (const char * const *) names->pdata, since,
                           &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_cmpuint (g_hash_table_size (results), ==, 60);
  for (guint i = 0; i < 60; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_assert_true (g_hash_table_contains (results, name));
      g_assert_null (g_hash_table_lookup (results, name));
    }
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, batch_path), ==, 2 * expected_batches);
}

static void
test_describe_many_partial (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const char * const names[] = { "Lead", "Nope__c", "Contact", NULL };
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;

  results = describe_many (fixture->client, names, NULL, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (results), ==, 2);
  g_assert_cmpstr (describe_name (g_hash_table_lookup (results, "Lead")), ==, "Lead");
  g_assert_cmpstr (describe_name (g_hash_table_lookup (results, "Contact")), ==, "Contact");
  g_assert_false (g_hash_table_contains (results, "Nope__c"));
  g_assert_cmpuint (g_hash_table_size (errors), ==, 1);
  g_assert_error ((GError *) g_hash_table_lookup (errors, "Nope__c"), CS_ERROR, CS_ERROR_NOT_FOUND);
}

static void
test_query_paged (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query_path = NULL;

  records = query (fixture->client, "SELECT Id, LastName FROM Lead", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (records), ==, 5000);

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      g_assert_true (json_object_has_member (record, "LastName"));
      g_hash_table_add (ids, (gpointer) json_object_get_string_member (record, "Id"));
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, 5000);

  /* 2,000 a page: 3 pages. */
  query_path = api_path (fixture->client, "query");
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, query_path), ==, 3);
  g_assert_cmpuint (cs_salesforce_client_get_request_count (fixture->client), ==, 1 + 3);
}

static void
test_session_expired (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;
  g_autofree char *old_access_token = NULL;
  g_autofree char *old_refresh_token = NULL;
  g_autofree char *describe_path = NULL;
  CsTokenSet *tokens;

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);
  tokens = cs_salesforce_client_get_tokens (fixture->client);
  old_access_token = g_strdup (cs_token_set_get_access_token (tokens));
  old_refresh_token = g_strdup (cs_token_set_get_refresh_token (tokens));
  g_assert_nonnull (old_refresh_token);

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  cs_practice_org_reset_request_counts (fixture->org);

  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (describe_name (lead), ==, "Lead");

  g_assert_cmpuint (fixture->refreshed, ==, 1);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, TOKEN_PATH), ==, 1);
  describe_path = api_path (fixture->client, "sobjects/Lead/describe");
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, describe_path), ==, 2);

  tokens = cs_salesforce_client_get_tokens (fixture->client);
  g_assert_cmpstr (cs_token_set_get_access_token (tokens), !=, old_access_token);
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, old_refresh_token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (fixture->org, old_refresh_token));
}

static void
test_session_expired_batches (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;

  /* Two batches, in flight together. */
  cs_practice_org_add_generated_objects (fixture->org, 2 * CS_COMPOSITE_BATCH_MAX, 1);
  for (guint i = 1; i <= 2 * CS_COMPOSITE_BATCH_MAX; i++)
    g_ptr_array_add (names, g_strdup_printf ("Generated_%u__c", i));
  g_ptr_array_add (names, NULL);

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);

  /* Refresh Token Rotation on: two refreshes with the same token would
   * revoke it, so the batches in flight must share one. */
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  cs_practice_org_reset_request_counts (fixture->org);

  results = describe_many (fixture->client, (const char * const *) names->pdata, NULL,
                           &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (results), ==, 2 * CS_COMPOSITE_BATCH_MAX);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_cmpuint (fixture->refreshed, ==, 1);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, TOKEN_PATH), ==, 1);
  g_assert_true (cs_practice_org_is_refresh_token_valid (
                   fixture->org,
                   cs_token_set_get_refresh_token (cs_salesforce_client_get_tokens (fixture->client))));
}

static void
test_session_revoked (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;
  g_autofree char *describe_path = NULL;

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  cs_practice_org_reset_request_counts (fixture->org);

  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_null (lead);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
  g_assert_true (cs_error_is_reauthorization (error));

  g_assert_cmpuint (fixture->refreshed, ==, 0);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, TOKEN_PATH), ==, 1);
  describe_path = api_path (fixture->client, "sobjects/Lead/describe");
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, describe_path), ==, 1);
}

static void
test_api_disabled (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_API_DISABLED, TRUE);
  cs_practice_org_reset_request_counts (fixture->org);

  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_null (lead);
  g_assert_error (error, CS_ERROR, CS_ERROR_API_DISABLED);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 1);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;
  g_autofree char *describe_path = NULL;
  guint sent_before;

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);
  cs_salesforce_client_set_rate_limit_backoff (fixture->client, 2, 10);
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_RATE_LIMIT, TRUE);
  cs_practice_org_reset_request_counts (fixture->org);
  sent_before = cs_salesforce_client_get_request_count (fixture->client);

  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_null (lead);
  g_assert_error (error, CS_ERROR, CS_ERROR_RATE_LIMITED);

  /* The first try and 2 retries, no more. */
  describe_path = api_path (fixture->client, "sobjects/Lead/describe");
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, describe_path), ==, 3);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 3);
  g_assert_cmpuint (cs_salesforce_client_get_request_count (fixture->client) - sent_before, ==, 3);
  g_clear_error (&error);

  /* Lifted meanwhile: the retry succeeds. */
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_RATE_LIMIT, FALSE);
  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lead);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;
  g_autoptr(JsonArray) records = NULL;

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);
  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_SERVER_ERROR, TRUE);
  cs_practice_org_reset_request_counts (fixture->org);

  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_null (lead);
  g_assert_error (error, CS_ERROR, CS_ERROR_SERVER);
  g_clear_error (&error);

  records = query (fixture->client, "SELECT Id FROM Lead", &error);
  g_assert_null (records);
  g_assert_error (error, CS_ERROR, CS_ERROR_SERVER);

  /* Not retried. */
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 2);
}

static void
test_limit_info (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;
  gint64 usage;

  g_assert_cmpint (cs_salesforce_client_get_api_usage (fixture->client), ==, -1);
  g_assert_cmpint (cs_salesforce_client_get_api_limit (fixture->client), ==, -1);

  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  usage = cs_salesforce_client_get_api_usage (fixture->client);
  g_assert_cmpint (usage, >=, 1);
  g_assert_cmpint (cs_salesforce_client_get_api_limit (fixture->client), >, usage);
  g_clear_pointer (&lead, json_node_unref);

  lead = describe (fixture->client, "Contact", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_salesforce_client_get_api_usage (fixture->client), >, usage);
}

static CsIdentity *
fetch_identity (CsOAuthClient *oauth,
                CsTokenSet    *tokens)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CsIdentity *identity;

  cs_oauth_client_fetch_identity_async (oauth, tokens, NULL, cs_test_store_result, &result);
  cs_test_await (&result);
  identity = cs_oauth_client_fetch_identity_finish (oauth, result, &error);
  g_assert_no_error (error);

  return identity;
}

static gboolean
fetch_user_profile (CsSalesforceClient *client,
                    CsIdentity         *identity,
                    GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_salesforce_client_fetch_user_profile_async (client, identity, NULL,
                                                 cs_test_store_result, &result);
  cs_test_await (&result);
  return cs_salesforce_client_fetch_user_profile_finish (client, result, error);
}

static void
test_user_profile (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(CsSalesforceClient) admin = NULL;
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(CsIdentity) forged = NULL;
  g_autoptr(JsonNode) forged_json = NULL;
  g_autoptr(GError) error = NULL;
  guint sent;

  identity = fetch_identity (fixture->oauth, cs_salesforce_client_get_tokens (fixture->client));
  g_assert_true (fetch_user_profile (fixture->client, identity, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cs_identity_get_profile_name (identity));
  g_assert_false (cs_identity_get_is_admin (identity));
  g_clear_object (&identity);

  admin = client_for (fixture,
                      cs_practice_org_get_admin_username (fixture->org),
                      cs_practice_org_get_admin_password (fixture->org));
  identity = fetch_identity (fixture->oauth, cs_salesforce_client_get_tokens (admin));
  g_assert_true (fetch_user_profile (admin, identity, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cs_identity_get_profile_name (identity));
  g_assert_true (cs_identity_get_is_admin (identity));

  /* A user Id that is not one never reaches the SOQL. */
  forged_json = json_from_string ("{\"user_id\":\"005' OR Name != '\","
                                  "\"organization_id\":\"00D000000000001AAA\","
                                  "\"username\":\"x@example.com\"}", &error);
  g_assert_no_error (error);
  forged = cs_identity_new_from_json (forged_json, &error);
  g_assert_no_error (error);
  sent = cs_salesforce_client_get_request_count (fixture->client);
  g_assert_false (fetch_user_profile (fixture->client, forged, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_cmpuint (cs_salesforce_client_get_request_count (fixture->client), ==, sent);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) lead = NULL;
  gint64 start, elapsed_ms;

  g_assert_true (negotiate (fixture->client, &error));
  g_assert_no_error (error);

  /* Cancelled while the server takes its time. */
  cs_practice_org_set_latency_ms (fixture->org, 5000);
  g_timeout_add (100, cancel_cb, cancellable);
  start = g_get_monotonic_time ();
  lead = describe (fixture->client, "Lead", NULL, cancellable, NULL, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_null (lead);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed_ms, <, 4000);
  g_clear_error (&error);

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancelled);
  lead = describe (fixture->client, "Lead", NULL, cancelled, NULL, &error);
  g_assert_null (lead);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The client is still usable. */
  cs_practice_org_set_latency_ms (fixture->org, 0);
  lead = describe (fixture->client, "Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lead);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, n_leads, func) \
  g_test_add ("/rest/practice/" path, Fixture, GUINT_TO_POINTER (n_leads), \
              fixture_set_up, func, fixture_tear_down)

  ADD ("version/newest", 0, test_version_newest);
  ADD ("describe/not-modified", 0, test_describe_not_modified);
  ADD ("describe/field-level-security", 0, test_describe_field_level_security);
  ADD ("describe/unknown", 0, test_describe_unknown);
  ADD ("describe-many/standard", 0, test_describe_many_standard);
  ADD ("describe-many/generated", 0, test_describe_many_generated);
  ADD ("describe-many/partial", 0, test_describe_many_partial);
  ADD ("query/paged", 5000, test_query_paged);
  ADD ("session/expired", 0, test_session_expired);
  ADD ("session/expired-batches", 0, test_session_expired_batches);
  ADD ("session/revoked", 0, test_session_revoked);
  ADD ("fault/api-disabled", 0, test_api_disabled);
  ADD ("fault/rate-limited", 0, test_rate_limited);
  ADD ("fault/server-error", 0, test_server_error);
  ADD ("limit-info", 0, test_limit_info);
  ADD ("user-profile", 0, test_user_profile);
  ADD ("cancel", 0, test_cancel);

#undef ADD

  return g_test_run ();
}
