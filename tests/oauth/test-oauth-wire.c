/* test-oauth-wire.c: exactly what the OAuth client puts on the wire, and how
 * it reads odd answers, against a scripted SoupServer on loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <unistd.h>

#include <libsoup/soup.h>

#include "cs-test-util.h"

#define CONSUMER_KEY    "3MVG9key"
#define CONSUMER_SECRET "consumer-secret-value"
#define ACCESS_TOKEN    "00Dx!access-token-value"
#define REFRESH_TOKEN   "5Aep-refresh-token-value"

typedef struct {
  SoupServer *server;
  char       *base;           /* http://127.0.0.1:PORT */
  CsOAuthClient *oauth;

  /* The next answer. */
  guint       status;
  char       *content_type;
  char       *body;
  char       *location;

  /* The last request. */
  char       *method;
  char       *path;
  char       *query;
  GHashTable *form;
  char       *request_content_type;
  char       *authorization;
  char       *user_agent;
  char       *accept;
  guint       n_requests;
} Fixture;

/* Local, so that this file needs nothing but the core and a SoupServer. */
static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
await_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  GUri *uri = soup_server_message_get_uri (msg);

  f->n_requests++;
  g_free (f->method);
  f->method = g_strdup (soup_server_message_get_method (msg));
  g_free (f->path);
  f->path = g_strdup (path);
  g_free (f->query);
  f->query = g_strdup (g_uri_get_query (uri));
  g_clear_pointer (&f->form, g_hash_table_unref);
  if (g_bytes_get_size (body) > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      f->form = soup_form_decode (text);
    }
  g_free (f->request_content_type);
  f->request_content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  g_free (f->authorization);
  f->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  g_free (f->accept);
  f->accept = g_strdup (soup_message_headers_get_one (headers, "Accept"));

  if (f->location != NULL)
    {
      soup_server_message_set_redirect (msg, f->status, f->location);
      return;
    }

  soup_server_message_set_status (msg, f->status, NULL);
  if (f->body != NULL)
    soup_server_message_set_response (msg, f->content_type, SOUP_MEMORY_COPY,
                                      f->body, strlen (f->body));
}

static void
answer (Fixture    *f,
        guint       status,
        const char *content_type,
        const char *body)
{
  f->status = status;
  g_free (f->content_type);
  f->content_type = g_strdup (content_type);
  g_free (f->body);
  f->body = g_strdup (body);
  g_clear_pointer (&f->location, g_free);
}

static void
answer_json (Fixture    *f,
             guint       status,
             const char *body)
{
  answer (f, status, "application/json;charset=UTF-8", body);
}

/* A signed token answer. @refresh_token may be NULL. */
static void
answer_tokens (Fixture    *f,
               const char *refresh_token,
               const char *secret)
{
  g_autofree char *id_url = g_strdup_printf ("%s/id/00Dx0000000001/005x0000000001", f->base);
  g_autofree char *signature = cs_token_signature_compute (secret, id_url, "1700000000000");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, ACCESS_TOKEN);
  if (refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, refresh_token);
    }
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, "refresh_token api");
  json_builder_set_member_name (builder, "instance_url");
  json_builder_add_string_value (builder, f->base);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id_url);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "issued_at");
  json_builder_add_string_value (builder, "1700000000000");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  answer_json (f, 200, json);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->oauth = cs_oauth_client_new (f->base, CONSUMER_KEY, CONSUMER_SECRET);
  answer_json (f, 500, "{}");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->oauth);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->base, g_free);
  g_clear_pointer (&f->content_type, g_free);
  g_clear_pointer (&f->body, g_free);
  g_clear_pointer (&f->location, g_free);
  g_clear_pointer (&f->method, g_free);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->query, g_free);
  g_clear_pointer (&f->form, g_hash_table_unref);
  g_clear_pointer (&f->request_content_type, g_free);
  g_clear_pointer (&f->authorization, g_free);
  g_clear_pointer (&f->user_agent, g_free);
  g_clear_pointer (&f->accept, g_free);
}

static CsTokenSet *
exchange (Fixture         *f,
          CsOAuthClient   *oauth,
          CsOAuthRequest  *request,
          GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_oauth_client_exchange_code_async (oauth, request, "the-code", NULL, store_result, &result);
  return cs_oauth_client_exchange_code_finish (oauth, await_result (&result), error);
}

static CsTokenSet *
refresh (Fixture  *f,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_oauth_client_refresh_async (f->oauth, REFRESH_TOKEN, NULL, store_result, &result);
  return cs_oauth_client_refresh_finish (f->oauth, await_result (&result), error);
}

static CsOAuthRequest *
new_request (Fixture  *f,
             gboolean  use_pkce)
{
  CsOAuthRequest *request = cs_oauth_request_new (f->base, CONSUMER_KEY, NULL);

  cs_oauth_request_set_use_pkce (request, use_pkce);
  return request;
}

static void
assert_form (Fixture    *f,
             const char *name,
             const char *value)
{
  g_assert_nonnull (f->form);
  g_assert_cmpstr (g_hash_table_lookup (f->form, name), ==, value);
}

static void
test_exchange_form (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_tokens (f, REFRESH_TOKEN, CONSUMER_SECRET);
  tokens = exchange (f, f->oauth, request, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (f->method, ==, "POST");
  g_assert_cmpstr (f->path, ==, "/services/oauth2/token");
  g_assert_null (f->query);
  g_assert_cmpstr (f->request_content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (f->user_agent, ==, "crm-sync-setup/" PACKAGE_VERSION);
  g_assert_cmpstr (f->accept, ==, "application/json");
  g_assert_null (f->authorization);
  g_assert_cmpuint (g_hash_table_size (f->form), ==, 6);
  assert_form (f, "grant_type", "authorization_code");
  assert_form (f, "code", "the-code");
  assert_form (f, "client_id", CONSUMER_KEY);
  assert_form (f, "client_secret", CONSUMER_SECRET);
  assert_form (f, "redirect_uri", CS_DEFAULT_REDIRECT_URI);
  assert_form (f, "code_verifier", cs_oauth_request_get_code_verifier (request));

  g_assert_cmpstr (cs_token_set_get_access_token (tokens), ==, ACCESS_TOKEN);
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, REFRESH_TOKEN);
  g_assert_cmpstr (cs_token_set_get_instance_url (tokens), ==, f->base);
}

static void
test_exchange_form_without_pkce (Fixture       *f,
                                 gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, FALSE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_tokens (f, REFRESH_TOKEN, CONSUMER_SECRET);
  tokens = exchange (f, f->oauth, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (f->form), ==, 5);
  g_assert_false (g_hash_table_contains (f->form, "code_verifier"));
}

/* An app that requires no secret: none is sent, no signature checked. */
static void
test_exchange_without_secret (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autoptr(CsOAuthClient) public_client = cs_oauth_client_new (f->base, CONSUMER_KEY, NULL);
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_tokens (f, REFRESH_TOKEN, "some-other-secret");
  tokens = exchange (f, public_client, request, &error);
  g_assert_no_error (error);
  g_assert_false (g_hash_table_contains (f->form, "client_secret"));
  assert_form (f, "code_verifier", cs_oauth_request_get_code_verifier (request));
}

static void
test_refresh_form (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) kept = NULL;
  g_autoptr(CsTokenSet) rotated = NULL;
  g_autoptr(GError) error = NULL;

  answer_tokens (f, NULL, CONSUMER_SECRET);
  kept = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->path, ==, "/services/oauth2/token");
  g_assert_cmpuint (g_hash_table_size (f->form), ==, 4);
  assert_form (f, "grant_type", "refresh_token");
  assert_form (f, "refresh_token", REFRESH_TOKEN);
  assert_form (f, "client_id", CONSUMER_KEY);
  assert_form (f, "client_secret", CONSUMER_SECRET);
  g_assert_cmpstr (cs_token_set_get_refresh_token (kept), ==, REFRESH_TOKEN);

  answer_tokens (f, "5Aep-rotated", CONSUMER_SECRET);
  rotated = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_token_set_get_refresh_token (rotated), ==, "5Aep-rotated");
}

static void
assert_refresh_error (Fixture *f,
                      CsError  expected)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = refresh (f, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, (int) expected);
  g_assert_null (strstr (error->message, REFRESH_TOKEN));
  g_assert_null (strstr (error->message, CONSUMER_SECRET));
  g_assert_null (strstr (error->message, ACCESS_TOKEN));
}

static void
test_odd_answers (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autofree char *insecure = NULL;

  answer (f, 200, "text/html", "<html><body>Login</body></html>");
  assert_refresh_error (f, CS_ERROR_MALFORMED_RESPONSE);

  answer (f, 400, "text/html", "<html><body>Bad</body></html>");
  assert_refresh_error (f, CS_ERROR_MALFORMED_RESPONSE);

  answer (f, 200, "application/json", NULL);
  assert_refresh_error (f, CS_ERROR_MALFORMED_RESPONSE);

  answer_json (f, 200, "{\"token_type\":\"Bearer\"}");
  assert_refresh_error (f, CS_ERROR_MALFORMED_RESPONSE);

  answer_json (f, 200, "[\"" ACCESS_TOKEN "\"]");
  assert_refresh_error (f, CS_ERROR_MALFORMED_RESPONSE);

  answer_json (f, 200, "{\"access_token\":\"" ACCESS_TOKEN "\"");
  assert_refresh_error (f, CS_ERROR_MALFORMED_RESPONSE);

  answer_json (f, 503, "{\"error\":\"unavailable\"}");
  assert_refresh_error (f, CS_ERROR_SERVER);

  answer_json (f, 401, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
  assert_refresh_error (f, CS_ERROR_INVALID_CLIENT_SECRET);

  answer_json (f, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
  assert_refresh_error (f, CS_ERROR_INVALID_GRANT);

  answer_json (f, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"grant type not supported\"}");
  assert_refresh_error (f, CS_ERROR_FAILED);

  /* A signed answer pointing the access token at plain http elsewhere. */
  answer_tokens (f, NULL, CONSUMER_SECRET);
  insecure = g_strdup (f->body);
  {
    g_autofree char *needle = g_strdup_printf ("\"instance_url\":\"%s\"", f->base);
    g_autofree char *replaced = NULL;
    g_auto(GStrv) parts = g_strsplit (insecure, needle, 2);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    replaced = g_strjoin ("\"instance_url\":\"http://acme.my.salesforce.com\"", parts[0], parts[1], NULL);
    answer_json (f, 200, replaced);
  }
  assert_refresh_error (f, CS_ERROR_MALFORMED_RESPONSE);

  /* Signed with another secret. */
  answer_tokens (f, NULL, "another-secret");
  assert_refresh_error (f, CS_ERROR_BAD_SIGNATURE);
}

/* A redirected token POST is not followed: it would turn into a GET, or
 * carry the secret to another host. */
static void
test_redirect_not_followed (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autofree char *elsewhere = g_strdup_printf ("%s/elsewhere", f->base);

  answer (f, 302, NULL, NULL);
  f->location = g_strdup (elsewhere);
  f->n_requests = 0;
  assert_refresh_error (f, CS_ERROR_INVALID_HOST);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpstr (f->path, ==, "/services/oauth2/token");
}

static void
test_pkce_mismatch_wording (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) with_pkce = new_request (f, TRUE);
  g_autoptr(CsOAuthRequest) without_pkce = new_request (f, FALSE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_json (f, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"invalid code verifier\"}");
  tokens = exchange (f, f->oauth, with_pkce, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_PKCE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "Turn off “Use PKCE”"));
  g_clear_error (&error);

  answer_json (f, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"code_verifier required\"}");
  tokens = exchange (f, f->oauth, without_pkce, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_PKCE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "Turn on “Use PKCE”"));
}

static void
test_revoke (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;

  answer (f, 200, "text/plain", NULL);
  cs_oauth_client_revoke_async (f->oauth, REFRESH_TOKEN, NULL, store_result, &result);
  g_assert_true (cs_oauth_client_revoke_finish (f->oauth, await_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->method, ==, "POST");
  g_assert_cmpstr (f->path, ==, "/services/oauth2/revoke");
  g_assert_cmpstr (f->request_content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpuint (g_hash_table_size (f->form), ==, 1);
  assert_form (f, "token", REFRESH_TOKEN);

  answer_json (f, 400, "{\"error\":\"unsupported_token_type\",\"error_description\":\"this token type is not supported\"}");
  cs_oauth_client_revoke_async (f->oauth, REFRESH_TOKEN, NULL, store_result, &result2);
  g_assert_false (cs_oauth_client_revoke_finish (f->oauth, await_result (&result2), &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "this token type is not supported"));
}

static void
test_identity_request (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autofree char *id_url = g_strdup_printf ("%s/id/00Dx0000000001/005x0000000001", f->base);
  g_autoptr(CsTokenSet) tokens = cs_token_set_new (ACCESS_TOKEN, NULL, f->base, id_url);
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(CsIdentity) userinfo = NULL;
  g_autoptr(CsIdentity) expired = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GError) error = NULL;

  answer_json (f, 200, "{\"id\":\"x\",\"user_id\":\"005x0000000001\",\"organization_id\":\"00Dx0000000001\","
                       "\"username\":\"sync@example.com\",\"display_name\":\"Sync\",\"email\":\"s@example.com\"}");
  cs_oauth_client_fetch_identity_async (f->oauth, tokens, NULL, store_result, &result);
  identity = cs_oauth_client_fetch_identity_finish (f->oauth, await_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->method, ==, "GET");
  g_assert_cmpstr (f->path, ==, "/id/00Dx0000000001/005x0000000001");
  g_assert_cmpstr (f->query, ==, "format=json");
  g_assert_cmpstr (f->authorization, ==, "Bearer " ACCESS_TOKEN);
  g_assert_cmpstr (cs_identity_get_username (identity), ==, "sync@example.com");

  answer_json (f, 200, "{\"sub\":\"https://login.salesforce.com/id/00Dx0000000001/005x0000000001\","
                       "\"preferred_username\":\"sync@example.com\",\"name\":\"Sync\"}");
  cs_oauth_client_fetch_userinfo_async (f->oauth, tokens, NULL, store_result, &result2);
  userinfo = cs_oauth_client_fetch_userinfo_finish (f->oauth, await_result (&result2), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->path, ==, "/services/oauth2/userinfo");
  g_assert_cmpstr (f->authorization, ==, "Bearer " ACCESS_TOKEN);
  g_assert_cmpstr (cs_identity_get_user_id (userinfo), ==, "005x0000000001");

  answer (f, 403, "text/plain", "Bad_OAuth_Token");
  cs_oauth_client_fetch_userinfo_async (f->oauth, tokens, NULL, store_result, &result3);
  expired = cs_oauth_client_fetch_userinfo_finish (f->oauth, await_result (&result3), &error);
  g_assert_null (expired);
  g_assert_error (error, CS_ERROR, CS_ERROR_SESSION_EXPIRED);
}

/* A self-signed certificate for 127.0.0.1 with its throw-away key, made
 * for this test only (openssl req -x509 -newkey ec, valid 100 years). */
static const char self_signed_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBkTCCATagAwIBAgIULGVbZj2zn94OxlQ59cLTadjuyEMwCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyODEzMDQyOFoYDzIxMjYxMTA0\n"
  "MTMwNDI4WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAASzLEEAOxq/AzieHCoo5Y/nSKdWF7ihCN7FY917I6rDZnosEhG3ssoG\n"
  "QoGElZktqNqvvfvKWY3VUlr0FUh3SsDyo2QwYjAdBgNVHQ4EFgQUAvNBhL2J5czC\n"
  "TIrKGX3nJKph0mcwHwYDVR0jBBgwFoAUAvNBhL2J5czCTIrKGX3nJKph0mcwDwYD\n"
  "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC\n"
  "IQDQ3tQ8D3QSpKpSqvGJl6dcBSi2mH+K66DnkGX9f2Ba3QIhANO9AnNhoBtuzLAA\n"
  "tVD/48rAffZ8lKyCHgQCT99SsuLl\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPjRy7XGjMdcxin18\n"
  "+j9IC+eWvy5Y4YB/WS9ufKdpno6hRANCAASzLEEAOxq/AzieHCoo5Y/nSKdWF7ih\n"
  "CN7FY917I6rDZnosEhG3ssoGQoGElZktqNqvvfvKWY3VUlr0FUh3SsDy\n"
  "-----END PRIVATE KEY-----\n";

/* An untrusted certificate fails closed: no request reaches the server, so
 * the secret and the refresh token were never sent. */
static void
tls_untrusted_child (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login_host = NULL;
  Fixture f = { 0 };
  GSList *uris;

  certificate = g_tls_certificate_new_from_pem (self_signed_pem, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_cb, &f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  login_host = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  oauth = cs_oauth_client_new (login_host, CONSUMER_KEY, CONSUMER_SECRET);
  cs_oauth_client_refresh_async (oauth, REFRESH_TOKEN, NULL, store_result, &result);
  tokens = cs_oauth_client_refresh_finish (oauth, await_result (&result), &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_TLS);
  g_assert_cmpuint (f.n_requests, ==, 0);

  soup_server_disconnect (server);
}

/* In a child that leaves with _exit(): GCC 12's LeakSanitizer crashes at
 * exit ("Tracer caught signal 11") on the dynamic TLS block the GnuTLS
 * module leaves in a GLib worker thread. Only that final leak scan is
 * skipped; AddressSanitizer still checks every access in the child. */
static void
test_tls_untrusted (void)
{
  if (g_test_subprocess ())
    {
      tls_untrusted_child ();
      _exit (0);
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

#define ADD(path, func) \
  g_test_add ("/oauth/wire/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("exchange-form", test_exchange_form);
  ADD ("exchange-form-without-pkce", test_exchange_form_without_pkce);
  ADD ("exchange-without-secret", test_exchange_without_secret);
  ADD ("refresh-form", test_refresh_form);
  ADD ("odd-answers", test_odd_answers);
  ADD ("redirect-not-followed", test_redirect_not_followed);
  ADD ("pkce-mismatch-wording", test_pkce_mismatch_wording);
  ADD ("revoke", test_revoke);
  ADD ("identity-request", test_identity_request);
  g_test_add_func ("/oauth/wire/tls-untrusted", test_tls_untrusted);

  return g_test_run ();
}
