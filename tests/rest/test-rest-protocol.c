/* test-rest-protocol.c: CsSalesforceClient against a scripted SoupServer,
 * for the answers the practice org never gives (HTML error pages, version
 * lists out of order, a refresh that does not help, looping query pages…)
 * and to look at exactly what the client sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "cs-test-util.h"

#define STUB_SECRET  "stub-consumer-secret"
#define STUB_ID_PATH "/id/00D000000000001AAA/005000000000001AAA"

typedef struct
{
  guint       status;
  char       *content_type;
  char       *body;
  char       *limit_info;      /* Sforce-Limit-Info, or NULL */
} Canned;

static void
canned_free (Canned *canned)
{
  g_free (canned->content_type);
  g_free (canned->body);
  g_free (canned->limit_info);
  g_free (canned);
}

typedef struct
{
  SoupServer    *server;
  char          *url;

  GHashTable    *routes;          /* path → Canned */
  GHashTable    *counts;          /* path → count */
  guint          rest_requests;   /* under /services/data/ */
  guint          token_requests;

  /* REST requests need "Bearer <current_token>"; NULL: any. */
  char          *current_token;
  gboolean       reject_all;      /* every REST request: 401 INVALID_SESSION_ID */
  gboolean       refresh_fails;   /* token endpoint: invalid_grant */
  gboolean       rotate_refresh;  /* token endpoint: new refresh token each time */
  guint          token_hold_ms;   /* token endpoint: answer held back that long */
  guint          tokens_in_flight;
  guint          issued;

  /* composite/batch answers 304 for every subrequest, each answer held
   * back for batch_hold_ms, counting the batches in flight. */
  gboolean       batch_auto;
  guint          batch_hold_ms;
  guint          batches_in_flight;
  guint          batches_in_flight_max;
  guint          batch_sizes[8];
  guint          n_batches;

  GPtrArray     *authorizations;  /* Authorization of each REST request ("" when none) */
  char          *last_query;      /* decoded q= of the last request */
  char          *last_body;       /* body of the last POST */
  char          *last_if_modified_since;

  CsOAuthClient *oauth;
  CsSalesforceClient *client;
  guint          refreshed_signals;
} Stub;

static void
stub_route (Stub       *stub,
            const char *path,
            guint       status,
            const char *content_type,
            const char *body)
{
  Canned *canned = g_new0 (Canned, 1);

  canned->status = status;
  canned->content_type = g_strdup (content_type);
  canned->body = g_strdup (body);
  g_hash_table_replace (stub->routes, g_strdup (path), canned);
}

static void
stub_route_json (Stub       *stub,
                 const char *path,
                 guint       status,
                 const char *body)
{
  stub_route (stub, path, status, "application/json;charset=UTF-8", body);
}

static guint
stub_count (Stub       *stub,
            const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (stub->counts, path));
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

typedef struct
{
  Stub              *stub;
  SoupServerMessage *msg;
} HeldBatch;

static gboolean
release_token_cb (gpointer user_data)
{
  g_autofree HeldBatch *held = user_data;

  held->stub->tokens_in_flight--;
  soup_server_message_unpause (held->msg);
  g_object_unref (held->msg);

  return G_SOURCE_REMOVE;
}

static void
handle_token (Stub              *stub,
              SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *id_url = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *json = NULL;
  const char *issued_at = "1767225600000";

  stub->token_requests++;

  if (stub->refresh_fails)
    {
      respond (msg, 400, "application/json",
               "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
      return;
    }

  stub->issued++;
  access_token = g_strdup_printf ("token-%u", stub->issued);
  id_url = g_strconcat (stub->url, STUB_ID_PATH, NULL);
  signature = cs_token_signature_compute (STUB_SECRET, id_url, issued_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access_token);
  if (stub->rotate_refresh)
    {
      g_autofree char *refresh_token = g_strdup_printf ("refresh-%u", stub->issued);

      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, refresh_token);
    }
  json_builder_set_member_name (builder, "instance_url");
  json_builder_add_string_value (builder, stub->url);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id_url);
  json_builder_set_member_name (builder, "issued_at");
  json_builder_add_string_value (builder, issued_at);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, "api refresh_token");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  g_free (stub->current_token);
  stub->current_token = g_strdup (access_token);

  respond (msg, 200, "application/json", json);

  if (stub->token_hold_ms > 0)
    {
      HeldBatch *held = g_new0 (HeldBatch, 1);

      held->stub = stub;
      held->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      stub->tokens_in_flight++;
      g_timeout_add (stub->token_hold_ms, release_token_cb, held);
    }
}


static gboolean
release_batch_cb (gpointer user_data)
{
  g_autofree HeldBatch *held = user_data;

  held->stub->batches_in_flight--;
  soup_server_message_unpause (held->msg);
  g_object_unref (held->msg);

  return G_SOURCE_REMOVE;
}

static void
handle_batch_auto (Stub              *stub,
                   SoupServerMessage *msg)
{
  g_autoptr(JsonNode) request_root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new ("{\"hasErrors\":false,\"results\":[");
  JsonArray *batch;
  guint n;

  request_root = json_from_string (stub->last_body, &error);
  g_assert_no_error (error);
  batch = json_object_get_array_member (json_node_get_object (request_root), "batchRequests");
  n = json_array_get_length (batch);
  g_assert_cmpuint (n, <=, CS_COMPOSITE_BATCH_MAX);
  g_assert_cmpuint (stub->n_batches, <, G_N_ELEMENTS (stub->batch_sizes));
  stub->batch_sizes[stub->n_batches++] = n;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"statusCode\":304,\"result\":null}", i > 0 ? "," : "");
  g_string_append (body, "]}");
  respond (msg, 200, "application/json", body->str);

  if (stub->batch_hold_ms > 0)
    {
      HeldBatch *held = g_new0 (HeldBatch, 1);

      held->stub = stub;
      held->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      stub->batches_in_flight++;
      stub->batches_in_flight_max = MAX (stub->batches_in_flight_max, stub->batches_in_flight);
      g_timeout_add (stub->batch_hold_ms, release_batch_cb, held);
    }
}

static void
stub_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Stub *stub = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char *authorization;
  Canned *canned;
  guint count;

  count = stub_count (stub, path);
  g_hash_table_replace (stub->counts, g_strdup (path), GUINT_TO_POINTER (count + 1));

  if (g_str_equal (path, "/services/oauth2/token"))
    {
      handle_token (stub, msg);
      return;
    }

  if (!g_str_has_prefix (path, "/services/data/"))
    {
      respond (msg, 404, "text/html", "<html><body>Not here</body></html>");
      return;
    }

  stub->rest_requests++;
  authorization = soup_message_headers_get_one (request_headers, "Authorization");
  g_ptr_array_add (stub->authorizations, g_strdup (authorization != NULL ? authorization : ""));

  g_clear_pointer (&stub->last_query, g_free);
  if (query != NULL)
    stub->last_query = g_strdup (g_hash_table_lookup (query, "q"));

  g_clear_pointer (&stub->last_if_modified_since, g_free);
  stub->last_if_modified_since =
    g_strdup (soup_message_headers_get_one (request_headers, "If-Modified-Since"));

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      g_autoptr(GBytes) body = NULL;

      body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_free (stub->last_body);
      stub->last_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }

  /* The versions list needs no session. */
  if (!g_str_equal (path, "/services/data/"))
    {
      g_autofree char *expected = NULL;

      if (stub->current_token != NULL)
        expected = g_strconcat ("Bearer ", stub->current_token, NULL);

      if (stub->reject_all ||
          (expected != NULL && g_strcmp0 (authorization, expected) != 0))
        {
          respond (msg, 401, "application/json",
                   "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
          return;
        }
    }

  if (stub->batch_auto && g_str_has_suffix (path, "/composite/batch"))
    {
      handle_batch_auto (stub, msg);
      return;
    }

  canned = g_hash_table_lookup (stub->routes, path);
  if (canned == NULL)
    {
      respond (msg, 404, "application/json",
               "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
      return;
    }

  if (canned->limit_info != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Sforce-Limit-Info", canned->limit_info);
  else if (!g_str_equal (path, "/services/data/"))
    {
      g_autofree char *limit_info = g_strdup_printf ("api-usage=%u/15000", stub->rest_requests);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Sforce-Limit-Info", limit_info);
    }

  respond (msg, canned->status, canned->content_type, canned->body);
}

static void
on_tokens_refreshed (CsSalesforceClient *client,
                     CsTokenSet         *tokens,
                     gpointer            user_data)
{
  Stub *stub = user_data;

  g_assert_true (CS_IS_TOKEN_SET (tokens));
  g_assert_true (cs_salesforce_client_get_tokens (client) == tokens);
  stub->refreshed_signals++;
}

static void
stub_set_up (Stub          *stub,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autofree char *id_url = NULL;
  g_autofree char *uri_string = NULL;

  stub->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) canned_free);
  stub->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stub->authorizations = g_ptr_array_new_with_free_func (g_free);

  stub->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (stub->server, NULL, stub_handler, stub, NULL);
  soup_server_listen_local (stub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (stub->server);
  g_assert_nonnull (uris);
  uri_string = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  stub->url = g_strdup (uri_string);
  while (g_str_has_suffix (stub->url, "/"))
    stub->url[strlen (stub->url) - 1] = '\0';

  stub->current_token = g_strdup ("token-0");
  id_url = g_strconcat (stub->url, STUB_ID_PATH, NULL);
  tokens = cs_token_set_new ("token-0", "refresh-0", stub->url, id_url);

  stub->oauth = cs_oauth_client_new (stub->url, "stub-consumer-key", STUB_SECRET);
  stub->client = cs_salesforce_client_new (stub->oauth, tokens);
  g_signal_connect (stub->client, "tokens-refreshed", G_CALLBACK (on_tokens_refreshed), stub);

  stub_route_json (stub, "/services/data/", 200,
                   "[{\"label\":\"Winter '25\",\"url\":\"/services/data/v62.0\",\"version\":\"62.0\"}]");
}

static void
stub_tear_down (Stub          *stub,
                gconstpointer  user_data)
{
  g_clear_object (&stub->client);
  g_clear_object (&stub->oauth);
  soup_server_disconnect (stub->server);
  g_clear_object (&stub->server);
  g_clear_pointer (&stub->routes, g_hash_table_unref);
  g_clear_pointer (&stub->counts, g_hash_table_unref);
  g_clear_pointer (&stub->authorizations, g_ptr_array_unref);
  g_clear_pointer (&stub->url, g_free);
  g_clear_pointer (&stub->current_token, g_free);
  g_clear_pointer (&stub->last_query, g_free);
  g_clear_pointer (&stub->last_body, g_free);
  g_clear_pointer (&stub->last_if_modified_since, g_free);
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
request (CsSalesforceClient *client,
         const char         *method,
         const char         *path,
         GCancellable       *cancellable,
         guint              *status,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_salesforce_client_request_async (client, method, path, NULL, NULL, cancellable,
                                      cs_test_store_result, &result);
  cs_test_await (&result);
  return cs_salesforce_client_request_finish (client, result, status, error);
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

/* ------------------------------------------------------------------------ */

static void
test_version_numeric (Stub          *stub,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* Out of order, and "100.0" < "62.0" < "9.0" as strings. */
  stub_route_json (stub, "/services/data/", 200,
                   "[{\"label\":\"a\",\"url\":\"/services/data/v9.0\",\"version\":\"9.0\"},"
                   " {\"label\":\"b\",\"url\":\"/services/data/v100.0\",\"version\":\"100.0\"},"
                   " {\"label\":\"c\",\"url\":\"/services/data/v62.0\",\"version\":\"62.0\"},"
                   " {\"label\":\"d\",\"url\":\"/services/data/v100.1\",\"version\":\"100.1\"},"
                   " {\"label\":\"e\",\"url\":\"/services/data/vX\",\"version\":\"next\"},"
                   " {\"label\":\"f\",\"url\":\"/services/data/v65.0\",\"version\":\"65.0\"}]");

  g_assert_null (cs_salesforce_client_get_api_version (stub->client));
  g_assert_true (negotiate (stub->client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_salesforce_client_get_api_version (stub->client), ==, "100.1");

  /* Without a session: the versions list needs none. */
  g_assert_cmpuint (stub->authorizations->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stub->authorizations, 0), ==, "");
  g_assert_cmpuint (cs_salesforce_client_get_request_count (stub->client), ==, 1);

  /* Known now: no second request. */
  g_assert_true (negotiate (stub->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stub_count (stub, "/services/data/"), ==, 1);
}

static void
test_version_explicit (Stub          *stub,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  cs_salesforce_client_set_api_version (stub->client, "59.0");
  g_assert_true (negotiate (stub->client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_salesforce_client_get_api_version (stub->client), ==, "59.0");
  g_assert_cmpuint (stub->rest_requests, ==, 0);
}

static void
test_version_malformed (Stub          *stub,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  stub_route (stub, "/services/data/", 200, "text/html", "<html>Maintenance</html>");
  g_assert_false (negotiate (stub->client, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_null (cs_salesforce_client_get_api_version (stub->client));
  g_clear_error (&error);

  stub_route_json (stub, "/services/data/", 200, "[]");
  g_assert_false (negotiate (stub->client, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
}

typedef struct
{
  guint       status;
  const char *content_type;
  const char *body;
  CsError     expected;
} ErrorCase;

static void
test_error_bodies (Stub          *stub,
                   gconstpointer  user_data)
{
  const ErrorCase cases[] = {
    /* HTML from a proxy or a maintenance page */
    { 500, "text/html", "<html><body>Internal Server Error</body></html>", CS_ERROR_SERVER },
    { 503, "text/html", "<html><body>Down for maintenance</body></html>", CS_ERROR_SERVER },
    { 400, "text/html", "<html><body>Bad request</body></html>", CS_ERROR_MALFORMED_RESPONSE },
    /* the documented list, and a lone object */
    { 403, "application/json",
      "[{\"message\":\"The REST API is not enabled for this Organization.\","
      "\"errorCode\":\"API_DISABLED_FOR_ORG\",\"fields\":[]}]", CS_ERROR_API_DISABLED },
    { 403, "application/json",
      "{\"message\":\"The REST API is not enabled for this Organization.\","
      "\"errorCode\":\"API_DISABLED_FOR_ORG\"}", CS_ERROR_API_DISABLED },
    { 404, "application/json",
      "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]",
      CS_ERROR_NOT_FOUND },
    { 500, "application/json",
      "[{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"An unexpected error occurred.\"}]",
      CS_ERROR_SERVER },
    /* 2xx that is not JSON */
    { 200, "text/html", "<html>Hello</html>", CS_ERROR_MALFORMED_RESPONSE },
  };

  cs_salesforce_client_set_api_version (stub->client, "62.0");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      guint status = 0;

      g_test_message ("case %u: HTTP %u %s", i, cases[i].status, cases[i].body);
      stub_route (stub, "/services/data/v62.0/limits", cases[i].status,
                  cases[i].content_type, cases[i].body);

      node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, &status, &error);
      g_assert_null (node);
      g_assert_error (error, CS_ERROR, (gint) cases[i].expected);
      g_assert_cmpuint (status, ==, cases[i].status);
    }

  /* No refresh, no retry for any of them. */
  g_assert_cmpuint (stub->rest_requests, ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (stub->token_requests, ==, 0);
}

static void
test_request_ok (Stub          *stub,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 200,
                   "{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":14998}}");
  stub_route (stub, "/services/data/v62.0/sobjects/Lead/00Q000000000001AAA", 204, NULL, NULL);

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_object_has_member (json_node_get_object (node), "DailyApiRequests"));
  g_assert_cmpstr (g_ptr_array_index (stub->authorizations, 0), ==, "Bearer token-0");
  g_clear_pointer (&node, json_node_unref);

  node = request (stub->client, "DELETE", "/services/data/v62.0/sobjects/Lead/00Q000000000001AAA",
                  NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_null (node);
  g_assert_cmpuint (status, ==, 204);

  /* Paths that could leave the instance are refused before sending. */
  node = request (stub->client, "GET", "//evil.example/services/data/", NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  node = request (stub->client, "GET", "https://evil.example/x", NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (stub->rest_requests, ==, 2);
}

static void
test_limit_info (Stub          *stub,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  Canned *canned;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  g_assert_cmpint (cs_salesforce_client_get_api_usage (stub->client), ==, -1);
  g_assert_cmpint (cs_salesforce_client_get_api_limit (stub->client), ==, -1);

  stub_route_json (stub, "/services/data/v62.0/limits", 200, "{}");
  canned = g_hash_table_lookup (stub->routes, "/services/data/v62.0/limits");
  canned->limit_info = g_strdup ("per-app-api-usage=17/250(appName=sample), api-usage=18/5000");

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cs_salesforce_client_get_api_usage (stub->client), ==, 18);
  g_assert_cmpint (cs_salesforce_client_get_api_limit (stub->client), ==, 5000);
  g_clear_pointer (&node, json_node_unref);

  /* Errors carry it too. */
  stub_route_json (stub, "/services/data/v62.0/limits", 404,
                   "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
  canned = g_hash_table_lookup (stub->routes, "/services/data/v62.0/limits");
  canned->limit_info = g_strdup ("api-usage=19/5000");
  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (cs_salesforce_client_get_api_usage (stub->client), ==, 19);

  /* Garbage keeps the last known values. */
  g_free (canned->limit_info);
  canned->limit_info = g_strdup ("api-usage=lots/5000");
  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_assert_cmpint (cs_salesforce_client_get_api_usage (stub->client), ==, 19);
  g_assert_cmpint (cs_salesforce_client_get_api_limit (stub->client), ==, 5000);
}

static void
test_refresh_not_for_rest (Stub          *stub,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 401,
                   "[{\"message\":\"This session is not valid for use with the REST API\","
                   "\"errorCode\":\"INVALID_SESSION_ID\"}]");

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_SESSION_EXPIRED);
  g_assert_cmpuint (stub->rest_requests, ==, 1);
  g_assert_cmpuint (stub->token_requests, ==, 0);
  g_assert_cmpuint (stub->refreshed_signals, ==, 0);
}

static void
test_refresh_once (Stub          *stub,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 200, "{}");
  stub->reject_all = TRUE;

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_SESSION_EXPIRED);

  /* One refresh, one retry with the new token, then stop. */
  g_assert_cmpuint (stub->token_requests, ==, 1);
  g_assert_cmpuint (stub->refreshed_signals, ==, 1);
  g_assert_cmpuint (stub->rest_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (stub->authorizations, 0), ==, "Bearer token-0");
  g_assert_cmpstr (g_ptr_array_index (stub->authorizations, 1), ==, "Bearer token-1");
  g_assert_cmpuint (cs_salesforce_client_get_request_count (stub->client), ==, 2);
}

static void
test_refresh_keeps_refresh_token (Stub          *stub,
                                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  CsTokenSet *tokens;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 200, "{}");
  g_free (stub->current_token);
  stub->current_token = g_strdup ("not-what-the-client-has");

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  tokens = cs_salesforce_client_get_tokens (stub->client);
  g_assert_cmpstr (cs_token_set_get_access_token (tokens), ==, "token-1");
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, "refresh-0");
  g_assert_cmpuint (stub->refreshed_signals, ==, 1);
}

static void
test_refresh_rotation_shared (Stub          *stub,
                              gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(JsonNode) node1 = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(JsonNode) node3 = NULL;
  g_autoptr(GError) error = NULL;
  CsTokenSet *tokens;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 200, "{}");
  stub->rotate_refresh = TRUE;
  g_free (stub->current_token);
  stub->current_token = g_strdup ("expired-for-everyone");

  /* Three requests meet the expired session at once: with rotation, two
   * refreshes with the same refresh token would revoke it. */
  cs_salesforce_client_request_async (stub->client, "GET", "/services/data/v62.0/limits",
                                      NULL, NULL, NULL, cs_test_store_result, &result1);
  cs_salesforce_client_request_async (stub->client, "GET", "/services/data/v62.0/limits",
                                      NULL, NULL, NULL, cs_test_store_result, &result2);
  cs_salesforce_client_request_async (stub->client, "GET", "/services/data/v62.0/limits",
                                      NULL, NULL, NULL, cs_test_store_result, &result3);
  cs_test_await (&result1);
  cs_test_await (&result2);
  cs_test_await (&result3);

  node1 = cs_salesforce_client_request_finish (stub->client, result1, NULL, &error);
  g_assert_no_error (error);
  node2 = cs_salesforce_client_request_finish (stub->client, result2, NULL, &error);
  g_assert_no_error (error);
  node3 = cs_salesforce_client_request_finish (stub->client, result3, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (stub->token_requests, ==, 1);
  g_assert_cmpuint (stub->refreshed_signals, ==, 1);
  g_assert_cmpuint (stub->rest_requests, ==, 6);

  tokens = cs_salesforce_client_get_tokens (stub->client);
  g_assert_cmpstr (cs_token_set_get_access_token (tokens), ==, "token-1");
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, "refresh-1");
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A request waiting for the shared refresh honours its own cancellable at
 * once; the refresh goes on for the others (and for a rotated token). */
static void
test_refresh_wait_cancelled (Stub          *stub,
                             gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(JsonNode) node1 = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed_ms;
  CsTokenSet *tokens;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 200, "{}");
  stub->rotate_refresh = TRUE;
  stub->token_hold_ms = 3000;
  g_free (stub->current_token);
  stub->current_token = g_strdup ("expired-for-everyone");

  /* The first request starts the refresh, the second joins it. */
  cs_salesforce_client_request_async (stub->client, "GET", "/services/data/v62.0/limits",
                                      NULL, NULL, NULL, cs_test_store_result, &result1);
  cs_salesforce_client_request_async (stub->client, "GET", "/services/data/v62.0/limits",
                                      NULL, NULL, cancellable, cs_test_store_result, &result2);
  while (stub->tokens_in_flight == 0)
    g_main_context_iteration (NULL, TRUE);

  g_timeout_add (100, cancel_cb, cancellable);
  start = g_get_monotonic_time ();
  cs_test_await (&result2);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  node2 = cs_salesforce_client_request_finish (stub->client, result2, NULL, &error);
  g_assert_null (node2);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (elapsed_ms, <, 2000);
  g_assert_null (result1);
  g_assert_cmpuint (stub->refreshed_signals, ==, 0);

  /* The refresh was not cancelled: the first request gets its answer and
   * the client keeps the rotated refresh token. */
  cs_test_await (&result1);
  node1 = cs_salesforce_client_request_finish (stub->client, result1, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node1);
  g_assert_cmpuint (stub->token_requests, ==, 1);
  g_assert_cmpuint (stub->refreshed_signals, ==, 1);
  /* Two refused, one retried: the cancelled request was not sent again. */
  g_assert_cmpuint (stub->rest_requests, ==, 3);
  tokens = cs_salesforce_client_get_tokens (stub->client);
  g_assert_cmpstr (cs_token_set_get_access_token (tokens), ==, "token-1");
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, "refresh-1");
}

/* The request that started the refresh is cancelled, alone: it returns at
 * once and the refresh still lands. */
static void
test_refresh_starter_cancelled (Stub          *stub,
                                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start, elapsed_ms;
  CsTokenSet *tokens;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 200, "{}");
  stub->rotate_refresh = TRUE;
  stub->token_hold_ms = 3000;
  g_free (stub->current_token);
  stub->current_token = g_strdup ("expired-for-everyone");

  g_timeout_add (300, cancel_cb, cancellable);
  start = g_get_monotonic_time ();
  node = request (stub->client, "GET", "/services/data/v62.0/limits", cancellable, NULL, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (elapsed_ms, <, 2000);
  g_assert_cmpuint (stub->token_requests, ==, 1);

  while (stub->refreshed_signals == 0)
    g_main_context_iteration (NULL, TRUE);
  tokens = cs_salesforce_client_get_tokens (stub->client);
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, "refresh-1");

  /* The next request uses the new session without another refresh. */
  stub->token_hold_ms = 0;
  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (stub->token_requests, ==, 1);
  g_assert_cmpuint (stub->rest_requests, ==, 2);
}

static void
test_refresh_invalid_grant (Stub          *stub,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 200, "{}");
  stub->reject_all = TRUE;
  stub->refresh_fails = TRUE;

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
  g_assert_true (cs_error_is_reauthorization (error));
  g_assert_cmpuint (stub->token_requests, ==, 1);
  g_assert_cmpuint (stub->rest_requests, ==, 1);
  g_assert_cmpuint (stub->refreshed_signals, ==, 0);
}

static void
test_no_refresh_token (Stub          *stub,
                       gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  tokens = cs_token_set_new ("token-0", NULL, stub->url, NULL);
  g_clear_object (&stub->client);
  stub->client = cs_salesforce_client_new (stub->oauth, tokens);
  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub->reject_all = TRUE;

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_SESSION_EXPIRED);
  g_assert_cmpuint (stub->token_requests, ==, 0);
  g_assert_cmpuint (stub->rest_requests, ==, 1);
}

static void
test_refresh_token_only (Stub          *stub,
                         gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection restored from the keyring: a refresh token, nothing else. */
  tokens = cs_token_set_new (NULL, "refresh-0", NULL, NULL);
  g_clear_object (&stub->client);
  stub->client = cs_salesforce_client_new (stub->oauth, tokens);
  g_signal_connect (stub->client, "tokens-refreshed", G_CALLBACK (on_tokens_refreshed), stub);

  g_assert_true (negotiate (stub->client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_salesforce_client_get_api_version (stub->client), ==, "62.0");
  g_assert_cmpuint (stub->token_requests, ==, 1);
  g_assert_cmpuint (stub->refreshed_signals, ==, 1);
  g_assert_cmpstr (cs_token_set_get_refresh_token (cs_salesforce_client_get_tokens (stub->client)),
                   ==, "refresh-0");
}

static void
test_insecure_instance (Stub          *stub,
                        gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  tokens = cs_token_set_new ("token-0", "refresh-0", "http://example.com", NULL);
  g_clear_object (&stub->client);
  stub->client = cs_salesforce_client_new (stub->oauth, tokens);
  cs_salesforce_client_set_api_version (stub->client, "62.0");

  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
  g_assert_cmpuint (cs_salesforce_client_get_request_count (stub->client), ==, 0);
}

static void
test_rate_limit_backoff (Stub          *stub,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start, elapsed_ms;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 403,
                   "[{\"message\":\"TotalRequests Limit exceeded.\","
                   "\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
  cs_salesforce_client_set_rate_limit_backoff (stub->client, 2, 40);

  start = g_get_monotonic_time ();
  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_error (error, CS_ERROR, CS_ERROR_RATE_LIMITED);
  g_assert_cmpuint (stub_count (stub, "/services/data/v62.0/limits"), ==, 3);
  /* 40 ms, then 160 ms */
  g_assert_cmpint (elapsed_ms, >=, 200);
  g_clear_error (&error);

  /* Without retries: one request. */
  cs_salesforce_client_set_rate_limit_backoff (stub->client, 0, 40);
  node = request (stub->client, "GET", "/services/data/v62.0/limits", NULL, NULL, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_RATE_LIMITED);
  g_assert_cmpuint (stub_count (stub, "/services/data/v62.0/limits"), ==, 4);
}

static void
test_cancel_backoff (Stub          *stub,
                     gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start, elapsed_ms;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/limits", 403,
                   "[{\"message\":\"TotalRequests Limit exceeded.\","
                   "\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
  cs_salesforce_client_set_rate_limit_backoff (stub->client, 2, 20000);

  g_timeout_add (200, cancel_cb, cancellable);
  start = g_get_monotonic_time ();
  node = request (stub->client, "GET", "/services/data/v62.0/limits", cancellable, NULL, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed_ms, <, 5000);
  g_assert_cmpuint (stub->rest_requests, ==, 1);
}

static void
test_query_encoding (Stub          *stub,
                     gconstpointer  user_data)
{
  const char *soql = "SELECT Id FROM Lead WHERE LastName = 'O''Brien & Søn' "
                     "AND Company LIKE '50%+#1'";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) records = NULL;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/query", 200,
                   "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Lead\"},"
                   "\"Id\":\"00Q000000000001AAA\"}]}");

  records = query (stub->client, soql, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (stub->last_query, ==, soql);
}

static void
test_query_bounds (Stub          *stub,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) records = NULL;

  cs_salesforce_client_set_api_version (stub->client, "62.0");

  /* A page pointing at itself. */
  stub_route_json (stub, "/services/data/v62.0/query", 200,
                   "{\"totalSize\":4,\"done\":false,"
                   "\"nextRecordsUrl\":\"/services/data/v62.0/query/01g-2\","
                   "\"records\":[{\"Id\":\"a\"},{\"Id\":\"b\"}]}");
  stub_route_json (stub, "/services/data/v62.0/query/01g-2", 200,
                   "{\"totalSize\":4,\"done\":false,"
                   "\"nextRecordsUrl\":\"/services/data/v62.0/query/01g-2\","
                   "\"records\":[{\"Id\":\"c\"},{\"Id\":\"d\"}]}");
  records = query (stub->client, "SELECT Id FROM Lead", &error);
  g_assert_null (records);
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_cmpuint (stub->rest_requests, ==, 2);
  g_clear_error (&error);

  /* A next page on another host is not followed. */
  stub_route_json (stub, "/services/data/v62.0/query", 200,
                   "{\"totalSize\":4,\"done\":false,"
                   "\"nextRecordsUrl\":\"https://evil.example/services/data/v62.0/query/01g-2\","
                   "\"records\":[{\"Id\":\"a\"},{\"Id\":\"b\"}]}");
  records = query (stub->client, "SELECT Id FROM Lead", &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_cmpuint (stub->rest_requests, ==, 3);
  g_clear_error (&error);

  /* Too many records: refused after the first page. */
  stub_route_json (stub, "/services/data/v62.0/query", 200,
                   "{\"totalSize\":5000000,\"done\":false,"
                   "\"nextRecordsUrl\":\"/services/data/v62.0/query/01g-2000\","
                   "\"records\":[{\"Id\":\"a\"}]}");
  records = query (stub->client, "SELECT Id FROM Lead", &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_cmpuint (stub->rest_requests, ==, 4);
  g_clear_error (&error);

  /* Not a query answer. */
  stub_route_json (stub, "/services/data/v62.0/query", 200, "[1, 2, 3]");
  records = query (stub->client, "SELECT Id FROM Lead", &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
}

/* Found by fuzzing (query-page-json): a page whose totalSize or done is
 * an object or an array made json-glib complain (a critical, fatal in a
 * test); such members now read as absent. */
static void
test_query_odd_members (Stub          *stub,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) records = NULL;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/query", 200,
                   "{\"totalSize\":{},\"done\":[true],\"records\":[{\"Id\":\"a\"}]}");
  records = query (stub->client, "SELECT Id FROM Lead", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
}

static void
test_describe_many_wire (Stub          *stub,
                         gconstpointer  user_data)
{
  const char * const names[] = { "Lead", "Contact", "Secret__c", "Lead", NULL };
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = NULL;
  JsonArray *batch;
  JsonObject *sub;
  GError *object_error;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub_route_json (stub, "/services/data/v62.0/composite/batch", 200,
                   "{\"hasErrors\":true,\"results\":["
                   "{\"statusCode\":200,\"result\":{\"name\":\"Lead\",\"fields\":[]}},"
                   "{\"statusCode\":304,\"result\":null},"
                   "{\"statusCode\":404,\"result\":[{\"errorCode\":\"NOT_FOUND\","
                   "\"message\":\"The requested resource does not exist\"}]}]}");

  results = describe_many (stub->client, names, since, &errors, &error);
  g_assert_no_error (error);

  /* What went on the wire. */
  g_assert_cmpstr (stub->last_if_modified_since, ==, "Fri, 02 Jan 2026 03:04:05 GMT");
  sent = json_from_string (stub->last_body, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (sent), "haltOnError"));
  batch = json_object_get_array_member (json_node_get_object (sent), "batchRequests");
  g_assert_cmpuint (json_array_get_length (batch), ==, 3);
  sub = json_array_get_object_element (batch, 0);
  g_assert_cmpstr (json_object_get_string_member (sub, "method"), ==, "GET");
  g_assert_cmpstr (json_object_get_string_member (sub, "url"), ==, "v62.0/sobjects/Lead/describe");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sub, "httpHeaders"),
                                                  "If-Modified-Since"),
                   ==, "Fri, 02 Jan 2026 03:04:05 GMT");
  sub = json_array_get_object_element (batch, 2);
  g_assert_cmpstr (json_object_get_string_member (sub, "url"), ==, "v62.0/sobjects/Secret__c/describe");

  /* What came back. */
  g_assert_cmpuint (g_hash_table_size (results), ==, 2);
  g_assert_nonnull (g_hash_table_lookup (results, "Lead"));
  g_assert_true (g_hash_table_contains (results, "Contact"));
  g_assert_null (g_hash_table_lookup (results, "Contact"));
  g_assert_false (g_hash_table_contains (results, "Secret__c"));
  g_assert_cmpuint (g_hash_table_size (errors), ==, 1);
  object_error = g_hash_table_lookup (errors, "Secret__c");
  g_assert_error (object_error, CS_ERROR, CS_ERROR_NOT_FOUND);
  g_clear_pointer (&results, g_hash_table_unref);
  g_clear_pointer (&errors, g_hash_table_unref);

  /* A server honouring the top-level header for the whole batch. */
  stub_route (stub, "/services/data/v62.0/composite/batch", 304, NULL, NULL);
  results = describe_many (stub->client, names, since, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (results), ==, 3);
  g_assert_true (g_hash_table_contains (results, "Secret__c"));
  g_assert_null (g_hash_table_lookup (results, "Secret__c"));
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_clear_pointer (&results, g_hash_table_unref);
  g_clear_pointer (&errors, g_hash_table_unref);

  /* Answers that do not match the request fail the whole call. */
  stub_route_json (stub, "/services/data/v62.0/composite/batch", 200,
                   "{\"hasErrors\":false,\"results\":[{\"statusCode\":200,\"result\":{}}]}");
  results = describe_many (stub->client, names, NULL, &errors, &error);
  g_assert_null (results);
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_null (stub->last_if_modified_since);
}

static void
test_describe_many_empty (Stub          *stub,
                          gconstpointer  user_data)
{
  const char * const none[] = { NULL };
  const char * const bad[] = { "Lead", "Lead/../../x", NULL };
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;

  results = describe_many (stub->client, none, NULL, &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (results), ==, 0);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_clear_pointer (&results, g_hash_table_unref);
  g_clear_pointer (&errors, g_hash_table_unref);

  results = describe_many (stub->client, bad, NULL, &errors, &error);
  g_assert_null (results);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_cmpuint (stub->rest_requests, ==, 0);
}

static void
test_describe_many_concurrency (Stub          *stub,
                                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) since = g_date_time_new_now_utc ();
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;

  cs_salesforce_client_set_api_version (stub->client, "62.0");
  stub->batch_auto = TRUE;
  stub->batch_hold_ms = 150;

  for (guint i = 1; i <= 60; i++)
    g_ptr_array_add (names, g_strdup_printf ("Generated_%u__c", i));
  g_ptr_array_add (names, NULL);

  results = describe_many (stub->client, (const char * const *) names->pdata, since,
                           &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (results), ==, 60);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);

  /* 25 + 25 + 10, never more than two at once. */
  g_assert_cmpuint (stub->n_batches, ==, 3);
  g_assert_cmpuint (stub->batch_sizes[0], ==, 25);
  g_assert_cmpuint (stub->batch_sizes[1], ==, 25);
  g_assert_cmpuint (stub->batch_sizes[2], ==, 10);
  g_assert_cmpuint (stub->batches_in_flight_max, ==, CS_COMPOSITE_MAX_IN_FLIGHT);
  g_assert_cmpuint (stub->batches_in_flight, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rest/protocol/" path, Stub, NULL, stub_set_up, func, stub_tear_down)

  ADD ("version/numeric", test_version_numeric);
  ADD ("version/explicit", test_version_explicit);
  ADD ("version/malformed", test_version_malformed);
  ADD ("request/ok", test_request_ok);
  ADD ("request/error-bodies", test_error_bodies);
  ADD ("request/limit-info", test_limit_info);
  ADD ("request/insecure-instance", test_insecure_instance);
  ADD ("session/not-for-rest", test_refresh_not_for_rest);
  ADD ("session/refresh-once", test_refresh_once);
  ADD ("session/keeps-refresh-token", test_refresh_keeps_refresh_token);
  ADD ("session/rotation-shared", test_refresh_rotation_shared);
  ADD ("session/wait-cancelled", test_refresh_wait_cancelled);
  ADD ("session/starter-cancelled", test_refresh_starter_cancelled);
  ADD ("session/invalid-grant", test_refresh_invalid_grant);
  ADD ("session/no-refresh-token", test_no_refresh_token);
  ADD ("session/refresh-token-only", test_refresh_token_only);
  ADD ("rate-limit/backoff", test_rate_limit_backoff);
  ADD ("rate-limit/cancel", test_cancel_backoff);
  ADD ("query/encoding", test_query_encoding);
  ADD ("query/bounds", test_query_bounds);
  ADD ("query/odd-members", test_query_odd_members);
  ADD ("describe-many/wire", test_describe_many_wire);
  ADD ("describe-many/empty", test_describe_many_empty);
  ADD ("describe-many/concurrency", test_describe_many_concurrency);

#undef ADD

  return g_test_run ();
}
