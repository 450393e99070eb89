/* test-oauth-client.c: the OAuth client against the practice org, over real
 * HTTP on loopback. Each failure test asserts the exact CsError code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-test-util.h"

typedef struct {
  CsPracticeOrg *org;
  CsOAuthClient *oauth;
  char          *login_host;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->org = cs_test_practice_org_new (0);
  f->login_host = cs_login_host_normalize (cs_practice_org_get_url (f->org), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->login_host, ==, cs_practice_org_get_url (f->org));
  f->oauth = cs_oauth_client_new (f->login_host,
                                  cs_practice_org_get_consumer_key (f->org),
                                  cs_practice_org_get_consumer_secret (f->org));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->oauth);
  g_clear_object (&f->org);
  g_clear_pointer (&f->login_host, g_free);
}

static CsOAuthRequest *
new_request (Fixture  *f,
             gboolean  use_pkce)
{
  CsOAuthRequest *request;

  request = cs_oauth_request_new (f->login_host,
                                  cs_practice_org_get_consumer_key (f->org),
                                  cs_practice_org_get_callback_url (f->org));
  cs_oauth_request_set_use_pkce (request, use_pkce);

  return request;
}

/* Logs the sync user in through the practice org's forms and returns the
 * code from the callback, or NULL with the callback's error. */
static char *
authorize (Fixture         *f,
           CsOAuthRequest  *request,
           gboolean         allow,
           GError         **error)
{
  g_autofree char *uri = cs_oauth_request_build_authorize_uri (request);
  g_autofree char *location = NULL;

  location = cs_test_drive_login (f->org, uri,
                                  cs_practice_org_get_sync_username (f->org),
                                  cs_practice_org_get_sync_password (f->org),
                                  allow, error);
  if (location == NULL)
    return NULL;

  g_assert_true (cs_oauth_request_is_callback (request, location));

  return cs_oauth_request_parse_callback (request, location, error);
}

static CsTokenSet *
exchange (CsOAuthClient   *oauth,
          CsOAuthRequest  *request,
          const char      *code,
          GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_oauth_client_exchange_code_async (oauth, request, code, NULL, cs_test_store_result, &result);
  return cs_oauth_client_exchange_code_finish (oauth, cs_test_await (&result), error);
}

static CsTokenSet *
refresh (CsOAuthClient  *oauth,
         const char     *refresh_token,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_oauth_client_refresh_async (oauth, refresh_token, NULL, cs_test_store_result, &result);
  return cs_oauth_client_refresh_finish (oauth, cs_test_await (&result), error);
}

static gboolean
revoke_token (CsOAuthClient  *oauth,
              const char     *token,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_oauth_client_revoke_async (oauth, token, NULL, cs_test_store_result, &result);
  return cs_oauth_client_revoke_finish (oauth, cs_test_await (&result), error);
}

/* A complete login with PKCE on: the tokens, or a failed test. */
static CsTokenSet *
login (Fixture *f)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  CsTokenSet *tokens;

  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);
  tokens = exchange (f->oauth, request, code, &error);
  g_assert_no_error (error);

  return tokens;
}

static void
assert_tokens_usable (Fixture    *f,
                      CsTokenSet *tokens)
{
  g_assert_nonnull (tokens);
  g_assert_nonnull (cs_token_set_get_access_token (tokens));
  g_assert_cmpstr (cs_token_set_get_access_token (tokens), !=, "");
  g_assert_cmpstr (cs_token_set_get_instance_url (tokens), ==, cs_practice_org_get_url (f->org));
  g_assert_nonnull (cs_token_set_get_id_url (tokens));
  g_assert_nonnull (strstr (cs_token_set_get_id_url (tokens), cs_practice_org_get_org_id (f->org)));
  g_assert_cmpint (cs_token_set_get_issued_at_ms (tokens), >, G_GINT64_CONSTANT (1600000000000));
}

static void
test_exchange_with_pkce (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);

  assert_tokens_usable (f, tokens);
  /* The default scope asks for a refresh token. */
  g_assert_nonnull (cs_token_set_get_refresh_token (tokens));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, cs_token_set_get_refresh_token (tokens)));
}

static void
test_exchange_without_pkce (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, FALSE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);
  tokens = exchange (f->oauth, request, code, &error);
  g_assert_no_error (error);
  assert_tokens_usable (f, tokens);
  g_assert_nonnull (cs_token_set_get_refresh_token (tokens));
}

/* The test helper's own full login goes through the same client. */
static void
test_test_login (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = cs_test_login (f->org, f->oauth,
                          cs_practice_org_get_sync_username (f->org),
                          cs_practice_org_get_sync_password (f->org),
                          &error);
  g_assert_no_error (error);
  assert_tokens_usable (f, tokens);
}

static void
test_refresh_keeps_refresh_token (Fixture       *f,
                                  gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;
  const char *refresh_token = cs_token_set_get_refresh_token (tokens);

  refreshed = refresh (f->oauth, refresh_token, &error);
  g_assert_no_error (error);
  assert_tokens_usable (f, refreshed);
  g_assert_cmpstr (cs_token_set_get_refresh_token (refreshed), ==, refresh_token);
  g_assert_cmpstr (cs_token_set_get_access_token (refreshed), !=, cs_token_set_get_access_token (tokens));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, refresh_token));
}

static void
test_refresh_rotation (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsTokenSet) rotated = NULL;
  g_autoptr(CsTokenSet) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *old_refresh = cs_token_set_get_refresh_token (tokens);

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);

  rotated = refresh (f->oauth, old_refresh, &error);
  g_assert_no_error (error);
  assert_tokens_usable (f, rotated);
  g_assert_nonnull (cs_token_set_get_refresh_token (rotated));
  g_assert_cmpstr (cs_token_set_get_refresh_token (rotated), !=, old_refresh);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, cs_token_set_get_refresh_token (rotated)));

  /* The new one works in turn. */
  again = refresh (f->oauth, cs_token_set_get_refresh_token (rotated), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_token_set_get_refresh_token (again), !=, cs_token_set_get_refresh_token (rotated));
}

static void
test_revoke_then_refresh (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;
  const char *refresh_token = cs_token_set_get_refresh_token (tokens);

  g_assert_true (revoke_token (f->oauth, refresh_token, &error));
  g_assert_no_error (error);
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, refresh_token));

  refreshed = refresh (f->oauth, refresh_token, &error);
  g_assert_null (refreshed);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
  g_assert_true (cs_error_is_reauthorization (error));
  g_assert_null (strstr (error->message, refresh_token));
}

/* A refresh token the org revoked on its side (expired, admin revoked). */
static void
test_revoked_refresh_fault (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  refreshed = refresh (f->oauth, cs_token_set_get_refresh_token (tokens), &error);
  g_assert_null (refreshed);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
}

static void
test_identity_and_userinfo (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(CsIdentity) userinfo = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;

  cs_oauth_client_fetch_identity_async (f->oauth, tokens, NULL, cs_test_store_result, &result);
  identity = cs_oauth_client_fetch_identity_finish (f->oauth, cs_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_true (cs_identity_matches_username (identity, cs_practice_org_get_sync_username (f->org)));
  g_assert_cmpstr (cs_identity_get_user_id (identity), ==, cs_practice_org_get_sync_user_id (f->org));
  g_assert_cmpstr (cs_identity_get_org_id (identity), ==, cs_practice_org_get_org_id (f->org));
  g_assert_false (cs_identity_matches_username (identity, cs_practice_org_get_admin_username (f->org)));

  cs_oauth_client_fetch_userinfo_async (f->oauth, tokens, NULL, cs_test_store_result, &result2);
  userinfo = cs_oauth_client_fetch_userinfo_finish (f->oauth, cs_test_await (&result2), &error);
  g_assert_no_error (error);
  g_assert_true (cs_identity_matches_username (userinfo, cs_practice_org_get_sync_username (f->org)));
  g_assert_cmpstr (cs_identity_get_user_id (userinfo), ==, cs_practice_org_get_sync_user_id (f->org));
  g_assert_cmpstr (cs_identity_get_org_id (userinfo), ==, cs_practice_org_get_org_id (f->org));
}

/* A revoked access token no longer tells who is logged in. */
static void
test_identity_after_revoke (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (revoke_token (f->oauth, cs_token_set_get_refresh_token (tokens), &error));
  g_assert_no_error (error);

  cs_oauth_client_fetch_userinfo_async (f->oauth, tokens, NULL, cs_test_store_result, &result);
  identity = cs_oauth_client_fetch_userinfo_finish (f->oauth, cs_test_await (&result), &error);
  g_assert_null (identity);
  g_assert_error (error, CS_ERROR, CS_ERROR_SESSION_EXPIRED);
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsOAuthClient) wrong = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  wrong = cs_oauth_client_new (f->login_host, cs_practice_org_get_consumer_key (f->org),
                               "not-the-consumer-secret");
  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);

  tokens = exchange (wrong, request, code, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_CLIENT_SECRET);
  g_assert_null (strstr (error->message, "not-the-consumer-secret"));
  g_assert_null (strstr (error->message, code));
}

static void
test_unknown_key (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsOAuthClient) unknown = NULL;
  g_autoptr(CsTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;

  unknown = cs_oauth_client_new (f->login_host, "3MVG9unknownConsumerKey",
                                 cs_practice_org_get_consumer_secret (f->org));
  refreshed = refresh (unknown, cs_token_set_get_refresh_token (tokens), &error);
  g_assert_null (refreshed);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_CLIENT_ID);
}

static void
test_expired_code (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_EXPIRED_CODE, TRUE);
  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);

  tokens = exchange (f->oauth, request, code, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
}

static void
test_reused_code (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsTokenSet) first = NULL;
  g_autoptr(CsTokenSet) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);

  first = exchange (f->oauth, request, code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  second = exchange (f->oauth, request, code, &error);
  g_assert_null (second);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
}

/* The code was issued for one callback URL and is redeemed with another. */
static void
test_redirect_mismatch (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, FALSE);
  g_autoptr(CsOAuthRequest) other = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);

  other = cs_oauth_request_new (f->login_host, cs_practice_org_get_consumer_key (f->org),
                                "http://localhost:1717/OauthRedirect");
  cs_oauth_request_set_use_pkce (other, FALSE);
  tokens = exchange (f->oauth, other, code, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_REDIRECT_MISMATCH);
}

/* The app requires PKCE and we did not send it. */
static void
test_require_pkce_without_pkce (Fixture       *f,
                                gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, FALSE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REQUIRE_PKCE, TRUE);
  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);

  tokens = exchange (f->oauth, request, code, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_PKCE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "Turn on “Use PKCE”"));
}

/* The same app with PKCE on works. */
static void
test_require_pkce_with_pkce (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REQUIRE_PKCE, TRUE);
  tokens = login (f);
  assert_tokens_usable (f, tokens);
}

/* The app does not support PKCE and we sent a challenge: wherever the org
 * says so (callback or token endpoint), it is a PKCE mismatch. */
static void
test_reject_pkce_with_pkce (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REJECT_PKCE, TRUE);
  code = authorize (f, request, TRUE, &error);
  if (code != NULL)
    tokens = exchange (f->oauth, request, code, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_PKCE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "Turn off “Use PKCE”"));
}

static void
test_bad_signature (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_BAD_SIGNATURE, TRUE);
  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);

  tokens = exchange (f->oauth, request, code, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_BAD_SIGNATURE);
}

/* Token endpoint faults, seen on a refresh. */
static void
assert_refresh_fails (Fixture         *f,
                      CsPracticeFault  fault,
                      CsError          expected)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;

  cs_practice_org_set_fault (f->org, fault, TRUE);
  refreshed = refresh (f->oauth, cs_token_set_get_refresh_token (tokens), &error);
  g_assert_null (refreshed);
  g_assert_error (error, CS_ERROR, (int) expected);
  g_assert_null (strstr (error->message, cs_token_set_get_refresh_token (tokens)));
  g_assert_null (strstr (error->message, cs_practice_org_get_consumer_secret (f->org)));
}

static void
test_inactive_user (Fixture       *f,
                    gconstpointer  user_data)
{
  assert_refresh_fails (f, CS_PRACTICE_FAULT_INACTIVE_USER, CS_ERROR_INACTIVE_USER);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  user_data)
{
  assert_refresh_fails (f, CS_PRACTICE_FAULT_RATE_LIMIT, CS_ERROR_RATE_LIMITED);
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  user_data)
{
  assert_refresh_fails (f, CS_PRACTICE_FAULT_SERVER_ERROR, CS_ERROR_SERVER);
}

/* The inactive user cannot finish a first login either. */
static void
test_inactive_user_exchange (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = authorize (f, request, TRUE, &error);
  g_assert_no_error (error);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_INACTIVE_USER, TRUE);

  tokens = exchange (f->oauth, request, code, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_INACTIVE_USER);
}

static void
test_network_disconnected (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;

  cs_practice_org_disconnect (f->org);
  refreshed = refresh (f->oauth, cs_token_set_get_refresh_token (tokens), &error);
  g_assert_null (refreshed);
  g_assert_error (error, CS_ERROR, CS_ERROR_NETWORK);
}

/* A port nobody listens on: connection refused. */
static void
test_network_closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login_host = NULL;

  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  login_host = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_listener_close (listener);

  oauth = cs_oauth_client_new (login_host, "key", "secret");
  tokens = refresh (oauth, "a-refresh-token", &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_NETWORK);
  g_assert_null (strstr (error->message, "a-refresh-token"));
}

static void
test_deny (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = authorize (f, request, FALSE, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, CS_ERROR_ACCESS_DENIED);
}

static void
test_deny_consent_fault (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_DENY_CONSENT, TRUE);
  code = authorize (f, request, TRUE, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, CS_ERROR_ACCESS_DENIED);
}

static void
assert_authorize_fails (Fixture         *f,
                        CsPracticeFault  fault,
                        CsError          expected)
{
  g_autoptr(CsOAuthRequest) request = new_request (f, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  cs_practice_org_set_fault (f->org, fault, TRUE);
  code = authorize (f, request, TRUE, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, (int) expected);
}

static void
test_app_blocked (Fixture       *f,
                  gconstpointer  user_data)
{
  assert_authorize_fails (f, CS_PRACTICE_FAULT_APP_BLOCKED, CS_ERROR_APP_BLOCKED);
}

static void
test_app_not_approved (Fixture       *f,
                       gconstpointer  user_data)
{
  assert_authorize_fails (f, CS_PRACTICE_FAULT_APP_NOT_APPROVED, CS_ERROR_APP_NOT_APPROVED);
}

/* A callback from another login attempt is refused. */
static void
test_foreign_state (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(CsOAuthRequest) mine = new_request (f, TRUE);
  g_autoptr(CsOAuthRequest) other = new_request (f, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = cs_oauth_request_build_authorize_uri (other);
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;

  location = cs_test_drive_login (f->org, uri,
                                  cs_practice_org_get_sync_username (f->org),
                                  cs_practice_org_get_sync_password (f->org),
                                  TRUE, &error);
  g_assert_no_error (error);
  code = cs_oauth_request_parse_callback (mine, location, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, CS_ERROR_STATE_MISMATCH);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  cs_oauth_client_refresh_async (f->oauth, "a-refresh-token", cancellable,
                                 cs_test_store_result, &result);
  tokens = cs_oauth_client_refresh_finish (f->oauth, cs_test_await (&result), &error);
  g_assert_null (tokens);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Secrets never go over plain http to anything but this computer: the
 * request fails before any connection. */
static void
test_plain_http_refused (void)
{
  g_autoptr(CsOAuthClient) oauth = cs_oauth_client_new ("http://login.salesforce.com", "key", "secret");
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsTokenSet) stored = NULL;
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tokens = refresh (oauth, "a-refresh-token", &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
  g_clear_error (&error);

  g_assert_false (revoke_token (oauth, "a-refresh-token", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
  g_clear_error (&error);

  /* Nor a bearer token to an http instance. */
  stored = cs_token_set_new ("an-access-token", NULL, "http://acme.my.salesforce.com", NULL);
  cs_oauth_client_fetch_userinfo_async (oauth, stored, NULL, cs_test_store_result, &result);
  identity = cs_oauth_client_fetch_userinfo_finish (oauth, cs_test_await (&result), &error);
  g_assert_null (identity);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
}

static void
test_client_properties (void)
{
  g_autoptr(CsOAuthClient) oauth = cs_oauth_client_new ("https://acme.my.salesforce.com/", "key", "secret");
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *login_host = NULL;
  g_autofree char *key = NULL;

  g_assert_cmpstr (cs_oauth_client_get_login_host (oauth), ==, "https://acme.my.salesforce.com");
  g_assert_cmpstr (cs_oauth_client_get_consumer_key (oauth), ==, "key");
  g_assert_true (SOUP_IS_SESSION (cs_oauth_client_get_session (oauth)));
  g_assert_cmpstr (soup_session_get_user_agent (cs_oauth_client_get_session (oauth)), ==,
                   "crm-sync-setup/" PACKAGE_VERSION);
  g_assert_null (soup_session_get_feature (cs_oauth_client_get_session (oauth), SOUP_TYPE_COOKIE_JAR));

  g_object_get (oauth, "login-host", &login_host, "consumer-key", &key, "session", &session, NULL);
  g_assert_cmpstr (login_host, ==, "https://acme.my.salesforce.com");
  g_assert_cmpstr (key, ==, "key");
  g_assert_true (session == cs_oauth_client_get_session (oauth));

  /* The secret is no property. */
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (oauth), "consumer-secret"));
}

/* Nothing we did wrote a secret to disk. */
static void
test_no_secret_on_disk (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = login (f);
  g_autoptr(CsTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;

  refreshed = refresh (f->oauth, cs_token_set_get_refresh_token (tokens), &error);
  g_assert_no_error (error);

  cs_test_assert_no_file_contains (cs_practice_org_get_consumer_secret (f->org));
  cs_test_assert_no_file_contains (cs_token_set_get_access_token (tokens));
  cs_test_assert_no_file_contains (cs_token_set_get_refresh_token (tokens));
  cs_test_assert_no_file_contains (cs_token_set_get_access_token (refreshed));
}

#define ADD(path, func) \
  g_test_add ("/oauth/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("exchange-with-pkce", test_exchange_with_pkce);
  ADD ("exchange-without-pkce", test_exchange_without_pkce);
  ADD ("test-login", test_test_login);
  ADD ("refresh-keeps-refresh-token", test_refresh_keeps_refresh_token);
  ADD ("refresh-rotation", test_refresh_rotation);
  ADD ("revoke-then-refresh", test_revoke_then_refresh);
  ADD ("revoked-refresh-fault", test_revoked_refresh_fault);
  ADD ("identity-and-userinfo", test_identity_and_userinfo);
  ADD ("identity-after-revoke", test_identity_after_revoke);
  ADD ("wrong-secret", test_wrong_secret);
  ADD ("unknown-key", test_unknown_key);
  ADD ("expired-code", test_expired_code);
  ADD ("reused-code", test_reused_code);
  ADD ("redirect-mismatch", test_redirect_mismatch);
  ADD ("require-pkce-without-pkce", test_require_pkce_without_pkce);
  ADD ("require-pkce-with-pkce", test_require_pkce_with_pkce);
  ADD ("reject-pkce-with-pkce", test_reject_pkce_with_pkce);
  ADD ("bad-signature", test_bad_signature);
  ADD ("inactive-user", test_inactive_user);
  ADD ("inactive-user-exchange", test_inactive_user_exchange);
  ADD ("rate-limit", test_rate_limit);
  ADD ("server-error", test_server_error);
  ADD ("network-disconnected", test_network_disconnected);
  g_test_add_func ("/oauth/client/network-closed-port", test_network_closed_port);
  ADD ("deny", test_deny);
  ADD ("deny-consent-fault", test_deny_consent_fault);
  ADD ("app-blocked", test_app_blocked);
  ADD ("app-not-approved", test_app_not_approved);
  ADD ("foreign-state", test_foreign_state);
  ADD ("cancelled", test_cancelled);
  g_test_add_func ("/oauth/client/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/oauth/client/properties", test_client_properties);
  ADD ("no-secret-on-disk", test_no_secret_on_disk);

  return g_test_run ();
}
