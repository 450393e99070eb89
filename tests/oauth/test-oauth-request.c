/* test-oauth-request.c: state, PKCE, the authorize URL and the callback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-test-util.h"

#define LOGIN_HOST "https://login.salesforce.com"
#define CLIENT_ID  "3MVG9.key+with/odd=chars and space"
#define CALLBACK   CS_DEFAULT_REDIRECT_URI

static GHashTable *
query_params (const char *uri_string)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *params;

  uri = g_uri_parse (uri_string, G_URI_FLAGS_ENCODED, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);

  return params;
}

static gboolean
is_urlsafe (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && *s != '-' && *s != '_')
      return FALSE;
  return TRUE;
}

/* RFC 7636, Appendix B. */
static void
test_pkce_rfc7636_vector (void)
{
  g_autofree char *challenge = NULL;

  challenge = cs_pkce_challenge_for_verifier ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_random_string (void)
{
  gsize n;

  /* base64url without padding: ceil(4n/3) characters. */
  for (n = 1; n <= 96; n++)
    {
      g_autofree char *s = cs_random_urlsafe_string (n);

      g_assert_cmpuint (strlen (s), ==, (4 * n + 2) / 3);
      g_assert_true (is_urlsafe (s));
    }
}

static void
test_authorize_uri (void)
{
  g_autoptr(CsOAuthRequest) request = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *uri_string = NULL;
  g_autofree char *challenge = NULL;
  const char *query;

  request = cs_oauth_request_new (LOGIN_HOST, CLIENT_ID, CALLBACK);
  cs_oauth_request_set_login_hint (request, "sync+crm@example.com");
  uri_string = cs_oauth_request_build_authorize_uri (request);

  uri = g_uri_parse (uri_string, G_URI_FLAGS_ENCODED, NULL);
  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "login.salesforce.com");
  g_assert_cmpint (g_uri_get_port (uri), ==, -1);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/services/oauth2/authorize");
  g_assert_null (g_uri_get_fragment (uri));

  /* Spaces as %20, never '+'; reserved characters escaped. */
  query = g_uri_get_query (uri);
  g_assert_nonnull (strstr (query, "scope=api%20refresh_token"));
  g_assert_nonnull (strstr (query, "redirect_uri=https%3A%2F%2Fapp.marketo.com%2Fsalesforce%2FgetSfdcOAuthTokensRedirect"));
  g_assert_nonnull (strstr (query, "login_hint=sync%2Bcrm%40example.com"));
  g_assert_null (strchr (query, '+'));
  g_assert_null (strchr (query, ' '));
  g_assert_true (g_str_has_prefix (query, "response_type=code&"));

  params = query_params (uri_string);
  g_assert_cmpuint (g_hash_table_size (params), ==, 9);
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, CLIENT_ID);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, CALLBACK);
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, "api refresh_token");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, cs_oauth_request_get_state (request));
  g_assert_cmpstr (g_hash_table_lookup (params, "prompt"), ==, "login");
  g_assert_cmpstr (g_hash_table_lookup (params, "login_hint"), ==, "sync+crm@example.com");
  challenge = cs_pkce_challenge_for_verifier (cs_oauth_request_get_code_verifier (request));
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge"), ==, challenge);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");

  /* The verifier itself never travels in the URL. */
  g_assert_null (strstr (uri_string, cs_oauth_request_get_code_verifier (request)));
}

static void
test_authorize_uri_options (void)
{
  g_autoptr(CsOAuthRequest) request = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *uri_string = NULL;

  request = cs_oauth_request_new ("http://127.0.0.1:8080", "key", "http://localhost:1717/OauthRedirect");
  cs_oauth_request_set_use_pkce (request, FALSE);
  cs_oauth_request_set_scope (request, "api refresh_token offline_access");
  cs_oauth_request_set_prompt (request, "login consent");
  uri_string = cs_oauth_request_build_authorize_uri (request);

  g_assert_true (g_str_has_prefix (uri_string, "http://127.0.0.1:8080/services/oauth2/authorize?"));
  g_assert_null (cs_oauth_request_get_code_verifier (request));

  params = query_params (uri_string);
  g_assert_cmpuint (g_hash_table_size (params), ==, 6);
  g_assert_false (g_hash_table_contains (params, "code_challenge"));
  g_assert_false (g_hash_table_contains (params, "code_challenge_method"));
  g_assert_false (g_hash_table_contains (params, "login_hint"));
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, "api refresh_token offline_access");
  g_assert_cmpstr (g_hash_table_lookup (params, "prompt"), ==, "login consent");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, "http://localhost:1717/OauthRedirect");

  /* No prompt at all, and back to the default scope. */
  cs_oauth_request_set_prompt (request, NULL);
  cs_oauth_request_set_scope (request, NULL);
  cs_oauth_request_set_login_hint (request, "");
  g_clear_pointer (&params, g_hash_table_unref);
  g_clear_pointer (&uri_string, g_free);
  uri_string = cs_oauth_request_build_authorize_uri (request);
  params = query_params (uri_string);
  g_assert_false (g_hash_table_contains (params, "prompt"));
  g_assert_false (g_hash_table_contains (params, "login_hint"));
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, CS_DEFAULT_SCOPE);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(CsOAuthRequest) request = NULL;
  g_autofree char *login_host = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *login_hint = NULL;
  g_autofree char *state = NULL;
  gboolean use_pkce;
  guint notifications = 0;

  request = cs_oauth_request_new (LOGIN_HOST, "key", NULL);
  g_object_get (request,
                "login-host", &login_host,
                "client-id", &client_id,
                "redirect-uri", &redirect_uri,
                "scope", &scope,
                "prompt", &prompt,
                "login-hint", &login_hint,
                "use-pkce", &use_pkce,
                "state", &state,
                NULL);
  g_assert_cmpstr (login_host, ==, LOGIN_HOST);
  g_assert_cmpstr (client_id, ==, "key");
  g_assert_cmpstr (redirect_uri, ==, CS_DEFAULT_REDIRECT_URI);
  g_assert_cmpstr (scope, ==, CS_DEFAULT_SCOPE);
  g_assert_cmpstr (prompt, ==, "login");
  g_assert_null (login_hint);
  g_assert_true (use_pkce);
  g_assert_cmpstr (state, ==, cs_oauth_request_get_state (request));
  g_assert_cmpstr (cs_oauth_request_get_login_host (request), ==, LOGIN_HOST);
  g_assert_cmpstr (cs_oauth_request_get_client_id (request), ==, "key");
  g_assert_cmpstr (cs_oauth_request_get_redirect_uri (request), ==, CS_DEFAULT_REDIRECT_URI);

  g_signal_connect (request, "notify", G_CALLBACK (notify_count_cb), &notifications);
  cs_oauth_request_set_use_pkce (request, FALSE);
  cs_oauth_request_set_use_pkce (request, FALSE);
  g_assert_cmpuint (notifications, ==, 1);
  g_assert_false (cs_oauth_request_get_use_pkce (request));
  cs_oauth_request_set_login_hint (request, "a@example.com");
  cs_oauth_request_set_login_hint (request, "a@example.com");
  g_assert_cmpuint (notifications, ==, 2);
  g_object_set (request, "use-pkce", TRUE, NULL);
  g_assert_cmpuint (notifications, ==, 3);
  g_assert_nonnull (cs_oauth_request_get_code_verifier (request));
}

/* 32 random bytes of state, 64 of verifier; never twice the same. */
static void
test_state_entropy (void)
{
  g_autoptr(GHashTable) states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) verifiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint seen[256] = { 0 };
  guint distinct = 0;
  guint i;

  for (i = 0; i < 1000; i++)
    {
      g_autoptr(CsOAuthRequest) request = cs_oauth_request_new (LOGIN_HOST, "key", CALLBACK);
      const char *state = cs_oauth_request_get_state (request);
      const char *verifier = cs_oauth_request_get_code_verifier (request);
      const char *p;

      g_assert_cmpuint (strlen (state), ==, 43);
      g_assert_true (is_urlsafe (state));
      g_assert_cmpuint (strlen (verifier), >=, 43);
      g_assert_cmpuint (strlen (verifier), <=, 128);
      g_assert_cmpuint (strlen (verifier), ==, 86);
      g_assert_true (is_urlsafe (verifier));
      g_assert_cmpstr (state, !=, verifier);

      g_assert_true (g_hash_table_add (states, g_strdup (state)));
      g_assert_true (g_hash_table_add (verifiers, g_strdup (verifier)));

      for (p = state; *p != '\0'; p++)
        seen[(guchar) *p]++;
    }

  /* 43,000 draws from a 64-symbol alphabet: all symbols show up, none
   * dominates (expected ~672 each; the last character has fewer symbols). */
  for (i = 0; i < G_N_ELEMENTS (seen); i++)
    {
      if (seen[i] == 0)
        continue;
      distinct++;
      g_assert_cmpuint (seen[i], <, 1200);
    }
  g_assert_cmpuint (distinct, ==, 64);
}

static const struct {
  const char *uri;
  gboolean    matches;
} callback_cases[] = {
  { CALLBACK, TRUE },
  { CALLBACK "?code=abc&state=def", TRUE },
  { CALLBACK "#fragment", TRUE },
  { "HTTPS://APP.MARKETO.COM/salesforce/getSfdcOAuthTokensRedirect?code=x", TRUE },
  { "https://app.marketo.com:443/salesforce/getSfdcOAuthTokensRedirect?code=x", TRUE },
  { "https://app.marketo.com.evil.example/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "https://app.marketo.com.evil.example/salesforce/getSfdcOAuthTokensRedirect?code=x", FALSE },
  { "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirectX", FALSE },
  { "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect/", FALSE },
  { "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect/evil", FALSE },
  { "https://app.marketo.com/salesforce/getsfdcoauthtokensredirect", FALSE },
  /* %52 is 'R': RFC 3986 equivalent, and the server sees the same path. */
  { "https://app.marketo.com/salesforce/getSfdcOAuthTokens%52edirect", TRUE },
  { "https://app.marketo.com/salesforce%2FgetSfdcOAuthTokensRedirect", FALSE },
  { "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect%00", FALSE },
  /* Dot segments are resolved, as the browser does before sending. */
  { "https://app.marketo.com/salesforce/../salesforce/getSfdcOAuthTokensRedirect", TRUE },
  { "https://app.marketo.com/evil/../getSfdcOAuthTokensRedirect", FALSE },
  { "https://app.marketo.com@evil.example/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "https://evil.example@app.marketo.com/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "https://evil.example/?https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "https://evil.example/salesforce/getSfdcOAuthTokensRedirect#https://app.marketo.com", FALSE },
  { "https://evil.example/https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "http://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "https://app.marketo.com:8443/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "https://marketo.com/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "wss://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "https://app.marketo.com", FALSE },
  { "/salesforce/getSfdcOAuthTokensRedirect", FALSE },
  { "not a uri", FALSE },
  { "", FALSE },
};

static void
test_is_callback (void)
{
  g_autoptr(CsOAuthRequest) request = cs_oauth_request_new (LOGIN_HOST, "key", CALLBACK);
  g_autoptr(CsOAuthRequest) loopback = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (callback_cases); i++)
    {
      g_test_message ("%s", callback_cases[i].uri);
      g_assert_cmpint (cs_oauth_request_is_callback (request, callback_cases[i].uri), ==,
                       callback_cases[i].matches);
    }
  g_assert_false (cs_oauth_request_is_callback (request, NULL));

  loopback = cs_oauth_request_new ("http://127.0.0.1:8080", "key", "http://localhost:1717/OauthRedirect");
  g_assert_true (cs_oauth_request_is_callback (loopback, "http://localhost:1717/OauthRedirect?code=x"));
  g_assert_true (cs_oauth_request_is_callback (loopback, "http://LOCALHOST:1717/OauthRedirect"));
  g_assert_false (cs_oauth_request_is_callback (loopback, "http://localhost:1718/OauthRedirect"));
  g_assert_false (cs_oauth_request_is_callback (loopback, "http://localhost/OauthRedirect"));
  g_assert_false (cs_oauth_request_is_callback (loopback, "https://localhost:1717/OauthRedirect"));
  g_assert_false (cs_oauth_request_is_callback (loopback, "http://127.0.0.1:1717/OauthRedirect"));
}

static char *
callback_with (const char *query)
{
  return g_strconcat (CALLBACK, "?", query, NULL);
}

static void
test_parse_callback_success (void)
{
  g_autoptr(CsOAuthRequest) request = cs_oauth_request_new (LOGIN_HOST, "key", CALLBACK);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *code = NULL;

  uri = g_strdup_printf ("%s?code=aPrxYXyxzkuBzbiGh%%3D%%3D&state=%s", CALLBACK,
                         cs_oauth_request_get_state (request));
  code = cs_oauth_request_parse_callback (request, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "aPrxYXyxzkuBzbiGh==");

  /* Parameter order and extra parameters do not matter. */
  g_clear_pointer (&uri, g_free);
  g_clear_pointer (&code, g_free);
  uri = g_strdup_printf ("%s?sfdc_community_id=x&state=%s&code=c0de", CALLBACK,
                         cs_oauth_request_get_state (request));
  code = cs_oauth_request_parse_callback (request, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "c0de");
}

static void
assert_callback_error (CsOAuthRequest *request,
                       const char     *uri,
                       CsError         expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_test_message ("%s", uri);
  code = cs_oauth_request_parse_callback (request, uri, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, (int) expected);
  g_assert_null (strstr (error->message, "SECRETCODE"));
}

static void
test_parse_callback_errors (void)
{
  g_autoptr(CsOAuthRequest) request = cs_oauth_request_new (LOGIN_HOST, "key", CALLBACK);
  const char *state = cs_oauth_request_get_state (request);
  g_autofree char *wrong_state = cs_random_urlsafe_string (32);
  static const struct {
    const char *query;   /* %1$s: the right state */
    CsError     code;
  } cases[] = {
    { "error=access_denied&error_description=end-user+denied+authorization&state=%s", CS_ERROR_ACCESS_DENIED },
    { "error=access-denied&state=%s", CS_ERROR_ACCESS_DENIED },
    /* An error callback must carry our state as much as a code does. */
    { "error=access_denied&error_description=end-user+denied+authorization", CS_ERROR_STATE_MISMATCH },
    { "error=access_denied&state=", CS_ERROR_STATE_MISMATCH },
    { "error=access_denied&state=%s&state=%s", CS_ERROR_STATE_MISMATCH },
    { "error=OAUTH_APP_BLOCKED", CS_ERROR_STATE_MISMATCH },
    { "error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin&state=%s", CS_ERROR_APP_BLOCKED },
    { "error=invalid_app_access&error_description=user+is+not+admin+approved+to+access+this+app&state=%s", CS_ERROR_APP_NOT_APPROVED },
    { "error=invalid_client&error_description=app+must+be+installed+into+org&state=%s", CS_ERROR_APP_NOT_INSTALLED },
    { "error=redirect_uri_mismatch&error_description=redirect_uri+must+match+configuration&state=%s", CS_ERROR_REDIRECT_MISMATCH },
    { "error=immediate_unsuccessful&state=%s", CS_ERROR_FAILED },
    { "error=invalid_request&error_description=code_challenge+not+supported&state=%s", CS_ERROR_PKCE_MISMATCH },
    { "code=SECRETCODE", CS_ERROR_STATE_MISMATCH },
    { "code=SECRETCODE&state=", CS_ERROR_STATE_MISMATCH },
    { "code=SECRETCODE&state=%s&state=%s", CS_ERROR_STATE_MISMATCH },
    { "code=SECRETCODE&code=OTHER&state=%s", CS_ERROR_STATE_MISMATCH },
    { "state=%s", CS_ERROR_MALFORMED_RESPONSE },
    { "code=&state=%s", CS_ERROR_MALFORMED_RESPONSE },
    { "", CS_ERROR_STATE_MISMATCH },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = NULL;
      g_autofree char *uri = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      query = g_strdup_printf (cases[i].query, state, state);
#pragma GCC diagnostic pop
      uri = callback_with (query);
      assert_callback_error (request, uri, cases[i].code);
    }

  /* A state that is not ours, with a code or with an error. */
  {
    g_autofree char *with_code = g_strdup_printf ("%s?code=SECRETCODE&state=%s", CALLBACK, wrong_state);
    g_autofree char *with_error = g_strdup_printf ("%s?error=access_denied&state=%s", CALLBACK, wrong_state);
    g_autofree char *prefix = g_strdup_printf ("%s?code=SECRETCODE&state=%.42s", CALLBACK, state);
    g_autofree char *longer = g_strdup_printf ("%s?code=SECRETCODE&state=%sA", CALLBACK, state);

    assert_callback_error (request, with_code, CS_ERROR_STATE_MISMATCH);
    assert_callback_error (request, with_error, CS_ERROR_STATE_MISMATCH);
    assert_callback_error (request, prefix, CS_ERROR_STATE_MISMATCH);
    assert_callback_error (request, longer, CS_ERROR_STATE_MISMATCH);
  }

  /* Not the callback at all. */
  {
    g_autofree char *lookalike = g_strdup_printf ("https://app.marketo.com.evil.example/salesforce/getSfdcOAuthTokensRedirect?code=SECRETCODE&state=%s", state);

    assert_callback_error (request, lookalike, CS_ERROR_INVALID_INPUT);
    assert_callback_error (request, "https://login.salesforce.com/", CS_ERROR_INVALID_INPUT);
    assert_callback_error (request, "garbage", CS_ERROR_INVALID_INPUT);
  }
}

/* Anyone can send the browser to the callback with an error and words of
 * their choosing: without our state, neither the error nor its description
 * is believed, and the admin is told to start again. */
static void
test_parse_callback_forged_error (void)
{
  g_autoptr(CsOAuthRequest) request = cs_oauth_request_new (LOGIN_HOST, "key", CALLBACK);
  g_autofree char *wrong_state = cs_random_urlsafe_string (32);
  g_autofree char *no_state = NULL;
  g_autofree char *foreign_state = NULL;
  g_autofree char *ours = NULL;
  g_autoptr(GError) error = NULL;

  no_state = callback_with ("error=server_error&error_description=Call+0800+FRAUD+to+unlock");
  g_assert_null (cs_oauth_request_parse_callback (request, no_state, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_STATE_MISMATCH);
  g_assert_null (strstr (error->message, "FRAUD"));
  g_assert_nonnull (strstr (error->message, "not started by the wizard"));
  g_assert_nonnull (strstr (error->message, "Start the login again"));
  g_clear_error (&error);

  foreign_state = g_strdup_printf ("%s?error=server_error&error_description=Call+0800+FRAUD&state=%s",
                                   CALLBACK, wrong_state);
  g_assert_null (cs_oauth_request_parse_callback (request, foreign_state, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_STATE_MISMATCH);
  g_assert_null (strstr (error->message, "FRAUD"));
  g_clear_error (&error);

  /* With our state it is Salesforce's answer, mapped as usual. */
  ours = g_strdup_printf ("%s?error=access_denied&error_description=end-user+denied+authorization&state=%s",
                          CALLBACK, cs_oauth_request_get_state (request));
  g_assert_null (cs_oauth_request_parse_callback (request, ours, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_ACCESS_DENIED);
}

/* Which way to switch PKCE depends on what this request did. */
static void
test_parse_callback_pkce_wording (void)
{
  g_autoptr(CsOAuthRequest) request = cs_oauth_request_new (LOGIN_HOST, "key", CALLBACK);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = g_strdup_printf ("%s?error=invalid_request&error_description=PKCE+is+not+supported&state=%s",
                         CALLBACK, cs_oauth_request_get_state (request));
  g_assert_null (cs_oauth_request_parse_callback (request, uri, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PKCE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "Turn off “Use PKCE”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/request/pkce-rfc7636-vector", test_pkce_rfc7636_vector);
  g_test_add_func ("/oauth/request/random-string", test_random_string);
  g_test_add_func ("/oauth/request/authorize-uri", test_authorize_uri);
  g_test_add_func ("/oauth/request/authorize-uri-options", test_authorize_uri_options);
  g_test_add_func ("/oauth/request/properties", test_properties);
  g_test_add_func ("/oauth/request/state-entropy", test_state_entropy);
  g_test_add_func ("/oauth/request/is-callback", test_is_callback);
  g_test_add_func ("/oauth/request/parse-callback-success", test_parse_callback_success);
  g_test_add_func ("/oauth/request/parse-callback-errors", test_parse_callback_errors);
  g_test_add_func ("/oauth/request/parse-callback-forged-error", test_parse_callback_forged_error);
  g_test_add_func ("/oauth/request/parse-callback-pkce-wording", test_parse_callback_pkce_wording);

  return g_test_run ();
}
