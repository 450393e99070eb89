/* test-salesforce-client-request.c: the request machine as the client's
 * other files use it (cs-salesforce-client-private.h): raw answers with
 * their status and headers, and the same refresh and error mapping as
 * JSON requests, against the practice org.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-http-private.h"
#include "cs-salesforce-client-private.h"
#include "cs-test-util.h"

#define TOKEN_PATH "/services/oauth2/token"

typedef struct
{
  CsPracticeOrg      *org;
  CsOAuthClient      *oauth;
  CsSalesforceClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->org = cs_test_practice_org_new (0);
  fixture->oauth = cs_oauth_client_new (cs_practice_org_get_url (fixture->org),
                                        cs_practice_org_get_consumer_key (fixture->org),
                                        cs_practice_org_get_consumer_secret (fixture->org));
  tokens = cs_test_login (fixture->org, fixture->oauth,
                          cs_practice_org_get_sync_username (fixture->org),
                          cs_practice_org_get_sync_password (fixture->org), &error);
  g_assert_no_error (error);
  fixture->client = cs_salesforce_client_new (fixture->oauth, tokens);

  cs_salesforce_client_negotiate_version_async (fixture->client, NULL, cs_test_store_result,
                                                &result);
  cs_test_await (&result);
  g_assert_true (cs_salesforce_client_negotiate_version_finish (fixture->client, result, &error));
  g_assert_no_error (error);

  cs_practice_org_reset_request_counts (fixture->org);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->oauth);
  cs_practice_org_disconnect (fixture->org);
  g_clear_object (&fixture->org);
}

static char *
api_path (CsSalesforceClient *client,
          const char         *rest)
{
  return g_strdup_printf ("/services/data/v%s/%s", cs_salesforce_client_get_api_version (client), rest);
}

/* Sends a raw GET; *server_date_out (may be NULL) gets the request's
 * server date, reffed. */
static GBytes *
get_bytes (CsSalesforceClient  *client,
           const char          *path,
           GHashTable          *headers,
           guint               *status,
           SoupMessageHeaders **response_headers,
           GDateTime          **server_date_out,
           GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GDateTime *server_date;

  cs_salesforce_client_send_request (client, "GET", path, NULL, NULL, headers,
                                     CS_REQUEST_FLAGS_RAW_BODY, CS_HTTP_MAX_DESCRIBE_BODY, NULL,
                                     cs_test_store_result, &result);
  cs_test_await (&result);

  server_date = cs_salesforce_client_request_get_server_date (result);
  if (server_date_out != NULL)
    *server_date_out = server_date != NULL ? g_date_time_ref (server_date) : NULL;

  return cs_salesforce_client_request_finish_bytes (result, status, response_headers, error);
}

static void
test_raw_body_and_headers (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *path = api_path (fixture->client, "sobjects/Lead/describe");
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GDateTime) server_date = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  gconstpointer data;
  guint status = 0;

  body = get_bytes (fixture->client, path, NULL, &status, &headers, &server_date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (status, ==, 200);

  /* The bytes are the answer as sent: here, a describe's JSON. */
  data = g_bytes_get_data (body, &size);
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) size, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "name"), ==, "Lead");

  /* The headers of the answer, and what the machine reads from them. */
  g_assert_nonnull (soup_message_headers_get_one (headers, "Sforce-Limit-Info"));
  g_assert_cmpint (cs_salesforce_client_get_api_usage (fixture->client), >=, 1);
  g_assert_nonnull (server_date);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, path), ==, 1);
}

static void
test_raw_not_modified (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = api_path (fixture->client, "sobjects/Lead/describe");
  g_autoptr(GHashTable) request_headers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *http_date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  g_hash_table_insert (request_headers, (gpointer) "If-Modified-Since", http_date);
  body = get_bytes (fixture->client, path, request_headers, &status, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
}

static void
test_raw_refresh_once (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = api_path (fixture->client, "limits");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);

  body = get_bytes (fixture->client, path, NULL, &status, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, TOKEN_PATH), ==, 1);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, path), ==, 2);
}

static void
test_raw_error_mapped (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = api_path (fixture->client, "sobjects/Xyzzy__c/describe");
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  body = get_bytes (fixture->client, path, NULL, &status, &headers, NULL, &error);
  g_assert_null (body);
  g_assert_null (headers);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpuint (status, ==, 404);
  g_clear_error (&error);

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_API_DISABLED, TRUE);
  body = get_bytes (fixture->client, path, NULL, &status, NULL, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, CS_ERROR, CS_ERROR_API_DISABLED);
}

/* A body with its content type, answered as parsed JSON. */
static void
test_post_json (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = api_path (fixture->client, "composite/batch");
  g_autofree char *json = g_strdup_printf ("{\"batchRequests\":[{\"method\":\"GET\","
                                           "\"url\":\"v%s/sobjects/Contact/describe\"}],"
                                           "\"haltOnError\":false}",
                                           cs_salesforce_client_get_api_version (fixture->client));
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *results;
  guint status = 0;

  cs_salesforce_client_send_request (fixture->client, "POST", path, body,
                                     "application/json; charset=UTF-8", NULL,
                                     CS_REQUEST_FLAGS_NONE, CS_HTTP_MAX_DESCRIBE_BODY, NULL,
                                     cs_test_store_result, &result);
  cs_test_await (&result);
  root = cs_salesforce_client_request_finish_json (result, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0),
                                               "statusCode"), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rest/request/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("raw/body-and-headers", test_raw_body_and_headers);
  ADD ("raw/not-modified", test_raw_not_modified);
  ADD ("raw/refresh-once", test_raw_refresh_once);
  ADD ("raw/error-mapped", test_raw_error_mapped);
  ADD ("post-json", test_post_json);

#undef ADD

  return g_test_run ();
}
