/* test-error.c: CsError codes, messages and the mapping of OAuth, REST and
 * transport failures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>

#include "cs-http-private.h"
#include "cs-test-util.h"

#define LAST_CODE CS_ERROR_API_LIMIT_RESERVE

static void
test_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (CS_ERROR), ==, "cs-error-quark");
}

/* Every code has a distinct name and a message telling what to do. */
static void
test_every_code_has_a_message (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  int code;

  for (code = CS_ERROR_FAILED; code <= LAST_CODE; code++)
    {
      g_autoptr(GError) error = cs_error_new_for_code (code);
      const char *name = cs_error_code_to_string (code);

      g_assert_error (error, CS_ERROR, code);
      g_assert_nonnull (name);
      g_assert_cmpstr (name, !=, "unknown");
      g_assert_false (g_hash_table_contains (names, name));
      g_hash_table_add (names, (gpointer) name);

      g_assert_cmpuint (strlen (error->message), >, 30);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_suffix (error->message, "."));
    }

  g_assert_cmpstr (cs_error_code_to_string (LAST_CODE + 1), ==, "unknown");
}

static void
assert_message_contains (CsError     code,
                         const char *needle)
{
  g_autoptr(GError) error = cs_error_new_for_code (code);

  if (strstr (error->message, needle) == NULL)
    g_error ("message of %s lacks “%s”: %s", cs_error_code_to_string (code), needle,
             error->message);
}

static void
test_messages_say_what_to_do (void)
{
  g_autoptr(GError) grant = cs_error_new_for_code (CS_ERROR_INVALID_GRANT);
  g_autoptr(GError) pkce_on = cs_error_new_pkce_mismatch (TRUE);
  g_autoptr(GError) pkce_off = cs_error_new_pkce_mismatch (FALSE);

  g_assert_cmpstr (grant->message, ==,
                   "Salesforce no longer accepts the saved authorization. "
                   "Log in with Salesforce again to re-authorize.");

  assert_message_contains (CS_ERROR_APP_NOT_APPROVED, "External Client App");
  assert_message_contains (CS_ERROR_APP_NOT_APPROVED, "Approve Uninstalled Connected Apps");
  assert_message_contains (CS_ERROR_API_DISABLED, "API Enabled");
  assert_message_contains (CS_ERROR_API_DISABLED, "sync user");
  assert_message_contains (CS_ERROR_RATE_LIMITED, "later");
  assert_message_contains (CS_ERROR_RATE_LIMITED, "daily API request limit");
  assert_message_contains (CS_ERROR_PKCE_MISMATCH, "Require Proof Key for Code Exchange");
  assert_message_contains (CS_ERROR_REDIRECT_MISMATCH, CS_DEFAULT_REDIRECT_URI);
  assert_message_contains (CS_ERROR_KEYRING_UNAVAILABLE, "never stored anywhere else");

  g_assert_error (pkce_on, CS_ERROR, CS_ERROR_PKCE_MISMATCH);
  g_assert_error (pkce_off, CS_ERROR, CS_ERROR_PKCE_MISMATCH);
  g_assert_nonnull (strstr (pkce_on->message, "Turn off “Use PKCE”"));
  g_assert_nonnull (strstr (pkce_off->message, "Turn on “Use PKCE”"));
  g_assert_nonnull (strstr (pkce_off->message, "Require Proof Key for Code Exchange"));
}

static const struct {
  const char *error;
  const char *description;
  CsError     code;
} oauth_cases[] = {
  { "access_denied", "end-user denied authorization", CS_ERROR_ACCESS_DENIED },
  { "access-denied", NULL, CS_ERROR_ACCESS_DENIED },
  { "ACCESS_DENIED", NULL, CS_ERROR_ACCESS_DENIED },
  { "invalid_grant", "expired access/refresh token", CS_ERROR_INVALID_GRANT },
  { "invalid_grant", "invalid authorization code", CS_ERROR_INVALID_GRANT },
  { "invalid_grant", NULL, CS_ERROR_INVALID_GRANT },
  { "invalid_grant", "authentication failure", CS_ERROR_AUTHENTICATION_FAILED },
  { "invalid_grant", "Authentication Failure", CS_ERROR_AUTHENTICATION_FAILED },
  { "invalid_grant", "invalid code verifier", CS_ERROR_PKCE_MISMATCH },
  { "invalid_grant", "code_verifier required", CS_ERROR_PKCE_MISMATCH },
  { "invalid_grant", "PKCE required", CS_ERROR_PKCE_MISMATCH },
  { "invalid_grant", "code challenge mismatch", CS_ERROR_PKCE_MISMATCH },
  { "invalid_request", "code_challenge not supported by this app", CS_ERROR_PKCE_MISMATCH },
  { "invalid_client_id", "client identifier invalid", CS_ERROR_INVALID_CLIENT_ID },
  { "invalid_client", "invalid client credentials", CS_ERROR_INVALID_CLIENT_SECRET },
  { "invalid_client", "app must be installed into org", CS_ERROR_APP_NOT_INSTALLED },
  { "invalid_client", "something new", CS_ERROR_FAILED },
  { "invalid_client_credentials", "client secret invalid", CS_ERROR_INVALID_CLIENT_SECRET },
  { "inactive_user", "user is inactive", CS_ERROR_INACTIVE_USER },
  { "inactive_org", "organization is locked", CS_ERROR_INACTIVE_ORG },
  { "OAUTH_APP_BLOCKED", "this app is blocked by admin", CS_ERROR_APP_BLOCKED },
  { "oauth_app_blocked", NULL, CS_ERROR_APP_BLOCKED },
  { "invalid_app_access", "user is not admin approved to access this app", CS_ERROR_APP_NOT_APPROVED },
  { "rate_limit_exceeded", "rate limit exceeded", CS_ERROR_RATE_LIMITED },
  { "redirect_uri_mismatch", "redirect_uri must match configuration", CS_ERROR_REDIRECT_MISMATCH },
  { "unsupported_grant_type", "grant type not supported", CS_ERROR_FAILED },
  { "invalid_request", "missing required code parameter", CS_ERROR_FAILED },
  { "immediate_unsuccessful", NULL, CS_ERROR_FAILED },
  { "brand_new_error", "the server's own words", CS_ERROR_FAILED },
  { NULL, NULL, CS_ERROR_FAILED },
  { "", "", CS_ERROR_FAILED },
};

static void
test_oauth_mapping (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (oauth_cases); i++)
    {
      g_autoptr(GError) error = cs_error_new_from_oauth (oauth_cases[i].error,
                                                         oauth_cases[i].description);

      g_test_message ("%s / %s", oauth_cases[i].error, oauth_cases[i].description);
      g_assert_error (error, CS_ERROR, (int) oauth_cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* What Salesforce said is kept when we cannot do better. */
static void
test_oauth_unknown_keeps_description (void)
{
  g_autoptr(GError) unknown = cs_error_new_from_oauth ("brand_new_error", "the server's own words");
  g_autoptr(GError) no_description = cs_error_new_from_oauth ("brand_new_error", NULL);
  g_autoptr(GError) grant_type = cs_error_new_from_oauth ("unsupported_grant_type",
                                                          "grant type not supported");
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autoptr(GError) long_error = cs_error_new_from_oauth ("brand_new_error", long_text);
  g_autoptr(GError) control = cs_error_new_from_oauth ("brand_new_error", "line\none\t\x01 end");
  g_autoptr(GError) invalid_utf8 = cs_error_new_from_oauth ("brand_new_error", "caf\xe9");

  g_assert_nonnull (strstr (unknown->message, "the server's own words"));
  g_assert_nonnull (strstr (no_description->message, "brand_new_error"));
  g_assert_nonnull (strstr (grant_type->message, "grant type not supported"));

  g_assert_cmpuint (g_utf8_strlen (long_error->message, -1), <, 600);
  g_assert_null (strchr (control->message, '\n'));
  g_assert_null (strchr (control->message, '\x01'));
  g_assert_true (g_utf8_validate (invalid_utf8->message, -1, NULL));
}

static const struct {
  guint       status;
  const char *error_code;
  CsError     code;
} rest_cases[] = {
  { 401, "INVALID_SESSION_ID", CS_ERROR_SESSION_EXPIRED },
  { 401, NULL, CS_ERROR_SESSION_EXPIRED },
  { 403, "REQUEST_LIMIT_EXCEEDED", CS_ERROR_RATE_LIMITED },
  { 403, "API_DISABLED_FOR_ORG", CS_ERROR_API_DISABLED },
  { 403, "INSUFFICIENT_ACCESS", CS_ERROR_FAILED },
  { 404, "NOT_FOUND", CS_ERROR_NOT_FOUND },
  { 404, NULL, CS_ERROR_NOT_FOUND },
  { 400, "NOT_FOUND", CS_ERROR_NOT_FOUND },
  { 429, NULL, CS_ERROR_RATE_LIMITED },
  { 500, "UNKNOWN_EXCEPTION", CS_ERROR_SERVER },
  { 502, NULL, CS_ERROR_SERVER },
  { 503, NULL, CS_ERROR_SERVER },
  { 400, "MALFORMED_QUERY", CS_ERROR_FAILED },
};

static void
test_rest_mapping (void)
{
  g_autoptr(GError) detail = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rest_cases); i++)
    {
      g_autoptr(GError) error = cs_error_new_from_rest (rest_cases[i].status,
                                                        rest_cases[i].error_code,
                                                        "a message");

      g_test_message ("%u %s", rest_cases[i].status, rest_cases[i].error_code);
      g_assert_error (error, CS_ERROR, (int) rest_cases[i].code);
    }

  detail = cs_error_new_from_rest (400, "MALFORMED_QUERY", "unexpected token: FORM");
  g_assert_nonnull (strstr (detail->message, "unexpected token: FORM"));
}

static void
assert_transport (GQuark   domain,
                  int      transport_code,
                  GQuark   expected_domain,
                  int      expected_code)
{
  g_autoptr(GError) transport = g_error_new_literal (domain, transport_code, "the detail");
  g_autoptr(GError) error = cs_error_new_from_transport (transport);

  g_test_message ("%s %d", g_quark_to_string (domain), transport_code);
  g_assert_error (error, expected_domain, expected_code);
}

static void
test_transport_mapping (void)
{
  g_autoptr(GError) transport = NULL;
  g_autoptr(GError) error = NULL;

  assert_transport (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_IO_ERROR, G_IO_ERROR_PROXY_FAILED, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, CS_ERROR, CS_ERROR_NETWORK);
  assert_transport (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, CS_ERROR, CS_ERROR_TLS);
  assert_transport (G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, CS_ERROR, CS_ERROR_TLS);
  assert_transport (SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  assert_transport (SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS, CS_ERROR, CS_ERROR_FAILED);
  assert_transport (G_FILE_ERROR, G_FILE_ERROR_FAILED, CS_ERROR, CS_ERROR_FAILED);

  /* A cancellation must stay recognizable as such. */
  assert_transport (G_IO_ERROR, G_IO_ERROR_CANCELLED, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Already mapped: unchanged. */
  assert_transport (CS_ERROR, CS_ERROR_INVALID_GRANT, CS_ERROR, CS_ERROR_INVALID_GRANT);

  transport = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                   "Could not connect to 127.0.0.1: Connection refused");
  error = cs_error_new_from_transport (transport);
  g_assert_nonnull (strstr (error->message, "Connection refused"));
  g_assert_nonnull (strstr (error->message, "network"));
}

static void
test_reauthorization (void)
{
  int code;

  g_assert_false (cs_error_is_reauthorization (NULL));

  for (code = CS_ERROR_FAILED; code <= LAST_CODE; code++)
    {
      g_autoptr(GError) error = cs_error_new_for_code (code);
      gboolean expected = code == CS_ERROR_INVALID_GRANT || code == CS_ERROR_SESSION_EXPIRED;

      g_test_message ("%s", cs_error_code_to_string (code));
      g_assert_cmpint (cs_error_is_reauthorization (error), ==, expected);
    }

  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, CS_ERROR_INVALID_GRANT, "x");
    g_assert_false (cs_error_is_reauthorization (other));
  }
}

static GError *
error_for_body (guint       status,
                const char *body_text)
{
  g_autoptr(GBytes) body = body_text != NULL ? g_bytes_new (body_text, strlen (body_text)) : NULL;

  return cs_http_error_from_status (status, body);
}

/* The answer-to-error mapping of the private HTTP helper, which both the
 * OAuth and the REST client use. */
static void
test_http_error_from_status (void)
{
  static const struct {
    guint       status;
    const char *body;
    CsError     code;
  } cases[] = {
    { 400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}", CS_ERROR_INVALID_GRANT },
    { 401, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}", CS_ERROR_INVALID_CLIENT_SECRET },
    { 400, "{\"error\":\"invalid_client_id\",\"error_description\":\"client identifier invalid\"}", CS_ERROR_INVALID_CLIENT_ID },
    { 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]", CS_ERROR_SESSION_EXPIRED },
    { 403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]", CS_ERROR_RATE_LIMITED },
    { 403, "[{\"message\":\"The REST API is not enabled for this Organization.\",\"errorCode\":\"API_DISABLED_FOR_ORG\"}]", CS_ERROR_API_DISABLED },
    { 404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]", CS_ERROR_NOT_FOUND },
    { 400, "{\"errorCode\":\"INVALID_FIELD\",\"message\":\"No such column\"}", CS_ERROR_FAILED },
    { 403, "Bad_OAuth_Token", CS_ERROR_SESSION_EXPIRED },
    { 401, NULL, CS_ERROR_SESSION_EXPIRED },
    { 404, "<html>Not here</html>", CS_ERROR_NOT_FOUND },
    { 500, "{\"error\":\"server_error\"}", CS_ERROR_SERVER },
    { 503, "<html>Maintenance</html>", CS_ERROR_SERVER },
    { 302, NULL, CS_ERROR_INVALID_HOST },
    { 400, "<html><body>Bad request</body></html>", CS_ERROR_MALFORMED_RESPONSE },
    { 400, "{}", CS_ERROR_MALFORMED_RESPONSE },
    { 400, "[]", CS_ERROR_MALFORMED_RESPONSE },
    { 400, NULL, CS_ERROR_MALFORMED_RESPONSE },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = error_for_body (cases[i].status, cases[i].body);

      g_test_message ("%u %s", cases[i].status, cases[i].body);
      g_assert_error (error, CS_ERROR, (int) cases[i].code);
    }
}

static void
test_http_parse_json (void)
{
  g_autoptr(GBytes) good = g_bytes_new_static ("{\"a\":1}", 7);
  g_autoptr(GBytes) html = g_bytes_new_static ("<html>token=SECRET</html>", 25);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = cs_http_parse_json (good, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  g_assert_null (cs_http_parse_json (html, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_null (strstr (error->message, "SECRET"));
  g_clear_error (&error);

  g_assert_null (cs_http_parse_json (empty, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);

  g_assert_null (cs_http_parse_json (NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
}

static void
test_http_helpers (void)
{
  g_autoptr(SoupSession) session = cs_http_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (soup_session_get_user_agent (session), ==, "crm-sync-setup/" PACKAGE_VERSION);
  g_assert_cmpuint (soup_session_get_timeout (session), ==, 30);
  g_assert_null (soup_session_get_feature (session, SOUP_TYPE_COOKIE_JAR));
  g_assert_null (soup_session_get_feature (session, SOUP_TYPE_CACHE));

  g_assert_true (cs_http_uri_is_secure ("https://login.salesforce.com/services/oauth2/token"));
  g_assert_true (cs_http_uri_is_secure ("http://127.0.0.1:8080/x"));
  g_assert_true (cs_http_uri_is_secure ("http://[::1]:8080/x"));
  g_assert_true (cs_http_uri_is_secure ("http://LOCALHOST/x"));
  g_assert_false (cs_http_uri_is_secure ("http://login.salesforce.com/services/oauth2/token"));
  g_assert_false (cs_http_uri_is_secure ("http://127.0.0.1.evil.example/"));
  g_assert_false (cs_http_uri_is_secure ("https://user@login.salesforce.com/"));
  g_assert_false (cs_http_uri_is_secure ("ftp://login.salesforce.com/"));
  g_assert_false (cs_http_uri_is_secure ("not a uri"));
  g_assert_false (cs_http_uri_is_secure (NULL));

  g_assert_false (cs_http_uri_check_secure ("http://example.com/", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);

  g_assert_true (cs_secure_str_equal ("abc", "abc"));
  g_assert_true (cs_secure_str_equal ("", ""));
  g_assert_false (cs_secure_str_equal ("abc", "abd"));
  g_assert_false (cs_secure_str_equal ("abc", "abcd"));
  g_assert_false (cs_secure_str_equal ("abc", NULL));
  g_assert_false (cs_secure_str_equal (NULL, NULL));
}

/* Trailing slashes go, so that paths can be appended; nothing else changes. */
static void
test_http_dup_base_url (void)
{
  g_autofree char *none = cs_http_dup_base_url ("https://x.my.salesforce.com");
  g_autofree char *one = cs_http_dup_base_url ("https://x.my.salesforce.com/");
  g_autofree char *many = cs_http_dup_base_url ("http://127.0.0.1:8080///");
  g_autofree char *path = cs_http_dup_base_url ("https://x.example/a/b/");
  g_autofree char *slashes = cs_http_dup_base_url ("///");
  g_autofree char *empty = cs_http_dup_base_url ("");

  g_assert_cmpstr (none, ==, "https://x.my.salesforce.com");
  g_assert_cmpstr (one, ==, "https://x.my.salesforce.com");
  g_assert_cmpstr (many, ==, "http://127.0.0.1:8080");
  g_assert_cmpstr (path, ==, "https://x.example/a/b");
  g_assert_cmpstr (slashes, ==, "");
  g_assert_cmpstr (empty, ==, "");
  g_assert_null (cs_http_dup_base_url (NULL));
}

static JsonObject *
rest_error_object_for (const char *json,
                       JsonNode  **root)
{
  g_autoptr(GError) error = NULL;

  *root = json_from_string (json, &error);
  g_assert_no_error (error);
  return cs_http_rest_error_object (*root);
}

/* The first object of a REST error list, or a lone object. */
static void
test_http_rest_error_object (void)
{
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) lone = NULL;
  g_autoptr(JsonNode) no_code = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) scalars = NULL;
  g_autoptr(JsonNode) number = NULL;
  JsonObject *object;

  object = rest_error_object_for ("[{\"errorCode\":\"NOT_FOUND\",\"message\":\"gone\"},"
                                  "{\"errorCode\":\"OTHER\"}]", &list);
  g_assert_nonnull (object);
  g_assert_cmpstr (cs_json_object_get_string (object, "errorCode"), ==, "NOT_FOUND");
  g_assert_cmpstr (cs_json_object_get_string (object, "message"), ==, "gone");

  object = rest_error_object_for ("{\"errorCode\":\"API_DISABLED_FOR_ORG\"}", &lone);
  g_assert_nonnull (object);
  g_assert_cmpstr (cs_json_object_get_string (object, "errorCode"), ==, "API_DISABLED_FOR_ORG");

  /* Returned without an errorCode: the caller decides what that means. */
  object = rest_error_object_for ("[{\"message\":\"no code\"}]", &no_code);
  g_assert_nonnull (object);
  g_assert_null (cs_json_object_get_string (object, "errorCode"));

  g_assert_null (rest_error_object_for ("[]", &empty));
  g_assert_null (rest_error_object_for ("[\"a\", 1]", &scalars));
  g_assert_null (rest_error_object_for ("42", &number));
  g_assert_null (cs_http_rest_error_object (NULL));
}

/* cs-secret-util.h: NULL-safe, and usable with g_autoptr(). */
static void
test_secret_util (void)
{
  char *cleared = g_strdup ("a secret");
  char *null_secret = NULL;

  cs_secret_wipe_free (NULL);
  cs_secret_wipe_free (g_strdup ("a secret"));
  cs_secret_wipe_free (g_strdup (""));

  cs_secret_clear (&cleared);
  g_assert_null (cleared);
  cs_secret_clear (&null_secret);
  g_assert_null (null_secret);

  {
    g_autoptr(CsSecretString) scoped = g_strdup ("a scoped secret");
    g_autoptr(CsSecretString) unset = NULL;

    g_assert_cmpstr (scoped, ==, "a scoped secret");
    g_assert_null (unset);
  }

  /* cs_secret_free() (the secret store's) is the same thing. */
  cs_secret_free (NULL);
  cs_secret_free (g_strdup ("a stored secret"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/error/quark", test_quark);
  g_test_add_func ("/oauth/error/every-code-has-a-message", test_every_code_has_a_message);
  g_test_add_func ("/oauth/error/messages-say-what-to-do", test_messages_say_what_to_do);
  g_test_add_func ("/oauth/error/oauth-mapping", test_oauth_mapping);
  g_test_add_func ("/oauth/error/oauth-unknown-keeps-description", test_oauth_unknown_keeps_description);
  g_test_add_func ("/oauth/error/rest-mapping", test_rest_mapping);
  g_test_add_func ("/oauth/error/transport-mapping", test_transport_mapping);
  g_test_add_func ("/oauth/error/reauthorization", test_reauthorization);
  g_test_add_func ("/oauth/http/error-from-status", test_http_error_from_status);
  g_test_add_func ("/oauth/http/parse-json", test_http_parse_json);
  g_test_add_func ("/oauth/http/helpers", test_http_helpers);
  g_test_add_func ("/oauth/http/dup-base-url", test_http_dup_base_url);
  g_test_add_func ("/oauth/http/rest-error-object", test_http_rest_error_object);
  g_test_add_func ("/oauth/secret-util", test_secret_util);

  return g_test_run ();
}
