/* test-practice-oauth.c: the practice org's OAuth web-server flow over real
 * HTTP: pages, mailbox, callback, token, refresh, revoke, identity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "practice-test-common.h"

#define VERIFY_PATH  "/_ui/identity/verification/method/EmailVerificationFinishUi/e"
#define CONSENT_PATH "/setup/secur/RemoteAccessAuthorizationPage.apexp"

static JsonObject *
response_object (PtResponse *response)
{
  g_autoptr(JsonNode) root = pt_response_json (response);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
assert_oauth_error (PtResponse *response,
                    guint       status,
                    const char *error,
                    const char *description)
{
  g_autoptr(JsonObject) object = response_object (response);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, error);
  if (description != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "error_description"), ==, description);
}

static char *
expected_signature (const char *secret,
                    const char *id,
                    const char *issued_at)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  guint8 digest[32];
  gsize len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) id, -1);
  g_hmac_update (hmac, (const guchar *) issued_at, -1);
  g_hmac_get_digest (hmac, digest, &len);
  return g_base64_encode (digest, len);
}

static void
test_full_flow (PtFixture     *fixture,
                gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  const char *username = cs_practice_org_get_sync_username (org);
  g_autofree char *verifier = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *path = NULL;
  g_autofree char *txn = NULL;
  g_autofree char *code = NULL;
  g_autofree char *expected_id = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(PtResponse) login = NULL;
  g_autoptr(PtResponse) posted = NULL;
  g_autoptr(PtResponse) verify = NULL;
  g_autoptr(PtResponse) mailbox = NULL;
  g_autoptr(PtResponse) verified = NULL;
  g_autoptr(PtResponse) consent = NULL;
  g_autoptr(PtResponse) allowed = NULL;
  g_autoptr(PtResponse) token = NULL;
  g_autoptr(PtResponse) reused = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) box = NULL;
  JsonArray *messages;
  JsonObject *message;
  const char *location;
  const char *issued_at;

  pt_pkce_pair (&verifier, &challenge);
  path = pt_authorize_path (fixture, "state-123", "api refresh_token", challenge);

  /* 1. The login page: plain HTML5 form, labelled inputs, the org named. */
  login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_assert_cmpuint (login->status, ==, 200);
  g_assert_true (g_str_has_prefix (login->body, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (login->body, "Practice Org"));
  g_assert_nonnull (strstr (login->body, "<label for=\"username\">"));
  g_assert_nonnull (strstr (login->body, "<label for=\"password\">"));
  g_assert_nonnull (strstr (login->body, "id=\"username\" name=\"username\""));
  g_assert_nonnull (strstr (login->body, "id=\"password\" name=\"password\""));
  g_assert_nonnull (strstr (login->body, "id=\"Login\""));
  g_assert_null (strstr (login->body, "<script"));
  txn = pt_hidden_value (login->body, "txn");
  g_assert_nonnull (txn);

  posted = pt_post_form (fixture, "/login", "txn", txn, "username", username,
                         "password", cs_practice_org_get_sync_password (org), NULL);
  g_assert_cmpuint (posted->status, ==, 302);

  /* 2. The verification page names the address; the code is in the mailbox. */
  verify = pt_request (fixture, "GET", pt_response_header (posted, "Location"), NULL, NULL, NULL);
  g_assert_cmpuint (verify->status, ==, 200);
  g_assert_nonnull (strstr (verify->body, "e-mailed to"));
  g_assert_nonnull (strstr (verify->body, username));
  g_assert_nonnull (strstr (verify->body, "id=\"emc\" name=\"emc\""));
  g_assert_nonnull (strstr (verify->body, "<label for=\"emc\">"));
  g_assert_nonnull (strstr (verify->body, "id=\"save\""));

  mailbox = pt_request (fixture, "GET", "/_practice/mailbox", NULL, NULL, NULL);
  g_assert_cmpuint (mailbox->status, ==, 200);
  box = response_object (mailbox);
  messages = json_object_get_array_member (box, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  message = json_array_get_object_element (messages, 0);
  g_assert_cmpstr (json_object_get_string_member (message, "to"), ==, username);
  code = g_strdup (json_object_get_string_member (message, "code"));
  g_assert_cmpuint (strlen (code), ==, 6);
  g_assert_true (g_ascii_isdigit (code[0]) && g_ascii_isdigit (code[5]));
  g_assert_nonnull (json_object_get_string_member (message, "subject"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (message, "sent"), "Z"));
  {
    g_autofree char *last = cs_practice_org_get_last_code (org, username);

    g_assert_cmpstr (last, ==, code);
  }

  verified = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", code, "save", "Verify", NULL);
  g_assert_cmpuint (verified->status, ==, 302);
  g_assert_nonnull (strstr (pt_response_header (verified, "Set-Cookie"), "HttpOnly"));

  /* 3. Consent lists the scopes and offers Allow and Deny. */
  consent = pt_request (fixture, "GET", pt_response_header (verified, "Location"), NULL, NULL, NULL);
  g_assert_cmpuint (consent->status, ==, 200);
  g_assert_nonnull (strstr (consent->body, "Allow Access?"));
  g_assert_nonnull (strstr (consent->body, "<code>api</code>"));
  g_assert_nonnull (strstr (consent->body, "<code>refresh_token</code>"));
  g_assert_nonnull (strstr (consent->body, "id=\"oaapprove\" name=\"oaapprove\" value=\"Allow\""));
  g_assert_nonnull (strstr (consent->body, "id=\"oadeny\" name=\"oadeny\" value=\"Deny\""));

  allowed = pt_post_form (fixture, CONSENT_PATH, "txn", txn, "oaapprove", "Allow", NULL);
  g_assert_cmpuint (allowed->status, ==, 302);
  location = pt_response_header (allowed, "Location");
  prefix = g_strconcat (cs_practice_org_get_callback_url (org), "?code=", NULL);
  g_assert_true (g_str_has_prefix (location, prefix));
  /* The code is base-64 text: its "==" travels percent-encoded. */
  g_assert_nonnull (strstr (location, "%3D%3D&state=state-123"));
  g_clear_pointer (&code, g_free);
  code = pt_url_param (location, "code");
  g_assert_true (g_str_has_suffix (code, "=="));

  /* 4. The code exchange, with the PKCE verifier. */
  token = pt_post_form (fixture, "/services/oauth2/token",
                        "grant_type", "authorization_code",
                        "code", code,
                        "client_id", cs_practice_org_get_consumer_key (org),
                        "client_secret", cs_practice_org_get_consumer_secret (org),
                        "redirect_uri", cs_practice_org_get_callback_url (org),
                        "code_verifier", verifier,
                        NULL);
  g_assert_cmpuint (token->status, ==, 200);
  g_assert_nonnull (strstr (pt_response_header (token, "Cache-Control"), "no-store"));
  tokens = response_object (token);
  expected_id = g_strdup_printf ("%s/id/%s/%s", cs_practice_org_get_url (org),
                                 cs_practice_org_get_org_id (org),
                                 cs_practice_org_get_sync_user_id (org));
  g_assert_cmpstr (json_object_get_string_member (tokens, "id"), ==, expected_id);
  g_assert_cmpstr (json_object_get_string_member (tokens, "instance_url"), ==, cs_practice_org_get_url (org));
  g_assert_cmpstr (json_object_get_string_member (tokens, "token_type"), ==, "Bearer");
  g_assert_cmpstr (json_object_get_string_member (tokens, "scope"), ==, "api refresh_token");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (tokens, "access_token"), "00D"));
  g_assert_nonnull (strstr (json_object_get_string_member (tokens, "access_token"), "!AQ"));
  g_assert_true (cs_practice_org_is_refresh_token_valid (org, json_object_get_string_member (tokens, "refresh_token")));
  g_assert_false (json_object_has_member (tokens, "expires_in"));

  /* issued_at is epoch milliseconds; the signature covers id + issued_at. */
  issued_at = json_object_get_string_member (tokens, "issued_at");
  g_assert_cmpuint (strlen (issued_at), ==, 13);
  g_assert_cmpint (g_ascii_strtoll (issued_at, NULL, 10) / 1000, <=, g_get_real_time () / G_USEC_PER_SEC);
  signature = expected_signature (cs_practice_org_get_consumer_secret (org), expected_id, issued_at);
  g_assert_cmpstr (json_object_get_string_member (tokens, "signature"), ==, signature);

  /* 5. A code works once. */
  reused = pt_post_form (fixture, "/services/oauth2/token",
                         "grant_type", "authorization_code",
                         "code", code,
                         "client_id", cs_practice_org_get_consumer_key (org),
                         "client_secret", cs_practice_org_get_consumer_secret (org),
                         "redirect_uri", cs_practice_org_get_callback_url (org),
                         "code_verifier", verifier,
                         NULL);
  assert_oauth_error (reused, 400, "invalid_grant", NULL);
}

static void
test_wrong_password (PtFixture     *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = pt_authorize_path (fixture, "s", NULL, NULL);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autoptr(PtResponse) again = NULL;
  g_autoptr(PtResponse) mailbox = NULL;
  g_autofree char *txn = pt_hidden_value (login->body, "txn");
  g_autofree char *txn_again = NULL;
  const char *username = cs_practice_org_get_sync_username (fixture->org);

  again = pt_post_form (fixture, "/login", "txn", txn, "username", username,
                        "password", "not-the-password", NULL);
  /* The page comes back, 200, with the error and the username kept. */
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_nonnull (strstr (again->body, "Please check your username and password"));
  g_assert_nonnull (strstr (again->body, "id=\"password\""));
  g_assert_nonnull (strstr (again->body, username));
  txn_again = pt_hidden_value (again->body, "txn");
  g_assert_cmpstr (txn_again, ==, txn);

  /* No code was sent for a failed login. */
  mailbox = pt_request (fixture, "GET", "/_practice/mailbox", NULL, NULL, NULL);
  g_assert_nonnull (strstr (mailbox->body, "\"messages\":[]"));
  g_assert_null (cs_practice_org_get_last_code (fixture->org, username));
}

static void
test_wrong_code (PtFixture     *fixture,
                 gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *path = pt_authorize_path (fixture, "s", NULL, NULL);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *txn = pt_hidden_value (login->body, "txn");
  g_autoptr(PtResponse) posted = NULL;
  g_autoptr(PtResponse) wrong = NULL;
  g_autoptr(PtResponse) resent = NULL;
  g_autoptr(PtResponse) right = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  posted = pt_post_form (fixture, "/login", "txn", txn,
                         "username", cs_practice_org_get_admin_username (org),
                         "password", cs_practice_org_get_admin_password (org), NULL);
  g_assert_cmpuint (posted->status, ==, 302);
  first = cs_practice_org_get_last_code (org, cs_practice_org_get_admin_username (org));

  wrong = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", "000000x", "save", "Verify", NULL);
  g_assert_cmpuint (wrong->status, ==, 200);
  g_assert_nonnull (strstr (wrong->body, "id=\"error\""));
  g_assert_nonnull (strstr (wrong->body, "invalid"));
  g_assert_nonnull (strstr (wrong->body, "id=\"emc\""));

  /* "Resend Code" mails a new one; the old one stops working. */
  resent = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "resend", "Resend Code", NULL);
  g_assert_cmpuint (resent->status, ==, 200);
  second = cs_practice_org_get_last_code (org, cs_practice_org_get_admin_username (org));
  g_assert_nonnull (second);
  if (g_strcmp0 (first, second) != 0)
    {
      g_autoptr(PtResponse) stale = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", first, NULL);

      g_assert_cmpuint (stale->status, ==, 200);
      g_assert_nonnull (strstr (stale->body, "id=\"error\""));
    }
  right = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", second, NULL);
  g_assert_cmpuint (right->status, ==, 302);
  g_assert_nonnull (strstr (pt_response_header (right, "Location"), CONSENT_PATH));
}

static void
test_deny (PtFixture     *fixture,
           gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *path = pt_authorize_path (fixture, "xyz", NULL, NULL);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *txn = pt_hidden_value (login->body, "txn");
  g_autofree char *code = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(PtResponse) posted = NULL;
  g_autoptr(PtResponse) verified = NULL;
  g_autoptr(PtResponse) denied = NULL;
  g_autoptr(PtResponse) replay = NULL;

  posted = pt_post_form (fixture, "/login", "txn", txn,
                         "username", cs_practice_org_get_sync_username (org),
                         "password", cs_practice_org_get_sync_password (org), NULL);
  code = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));
  verified = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", code, NULL);
  denied = pt_post_form (fixture, CONSENT_PATH, "txn", txn, "oadeny", "Deny", NULL);

  g_assert_cmpuint (denied->status, ==, 302);
  expected = g_strconcat (cs_practice_org_get_callback_url (org),
                          "?error=access_denied&error_description=end-user+denied+authorization"
                          "&state=xyz", NULL);
  g_assert_cmpstr (pt_response_header (denied, "Location"), ==, expected);

  /* The transaction is over: posting again is refused. */
  replay = pt_post_form (fixture, CONSENT_PATH, "txn", txn, "oaapprove", "Allow", NULL);
  g_assert_cmpuint (replay->status, ==, 400);
  g_assert_null (pt_response_header (replay, "Location"));
}

static void
test_unknown_client (PtFixture     *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(PtResponse) page = NULL;
  g_autofree char *redirect = g_uri_escape_string (cs_practice_org_get_callback_url (fixture->org), NULL, FALSE);

  path = g_strdup_printf ("/services/oauth2/authorize?response_type=code&client_id=3MVG9nope"
                          "&redirect_uri=%s&state=s", redirect);
  page = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_assert_cmpuint (page->status, ==, 400);
  g_assert_null (pt_response_header (page, "Location"));
  g_assert_nonnull (strstr (page->body, "OAUTH_EC_APP_NOT_FOUND"));
  g_assert_true (g_str_has_prefix (page->body, "<!DOCTYPE html>"));
}

static void
test_redirect_mismatch (PtFixture     *fixture,
                        gconstpointer  user_data)
{
  /* A prefix match would accept this one. */
  const char *evil = "https://app.marketo.com.evil.example/salesforce/getSfdcOAuthTokensRedirect";
  g_autofree char *escaped = g_uri_escape_string (evil, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/services/oauth2/authorize?response_type=code"
                                           "&client_id=%s&redirect_uri=%s&state=s",
                                           cs_practice_org_get_consumer_key (fixture->org), escaped);
  g_autoptr(PtResponse) page = pt_request (fixture, "GET", path, NULL, NULL, NULL);

  g_assert_cmpuint (page->status, ==, 400);
  g_assert_null (pt_response_header (page, "Location"));
  g_assert_nonnull (strstr (page->body, "redirect_uri_mismatch"));
}

static void
test_login_hint_escaped (PtFixture     *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *base = pt_authorize_path (fixture, "s", NULL, NULL);
  g_autofree char *hint = g_uri_escape_string ("\"><script>alert(1)</script>", NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("%s&login_hint=%s", base, hint);
  g_autoptr(PtResponse) page = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *sync_hint = g_uri_escape_string (cs_practice_org_get_sync_username (fixture->org), NULL, FALSE);
  g_autofree char *sync_path = g_strdup_printf ("%s&login_hint=%s", base, sync_hint);
  g_autoptr(PtResponse) sync_page = pt_request (fixture, "GET", sync_path, NULL, NULL, NULL);
  g_autofree char *prefilled = g_strdup_printf ("name=\"username\" value=\"%s\"",
                                                cs_practice_org_get_sync_username (fixture->org));

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_null (strstr (page->body, "<script>alert"));
  g_assert_nonnull (strstr (page->body, "&quot;&gt;&lt;script&gt;"));
  g_assert_nonnull (strstr (sync_page->body, prefilled));
}

static void
test_session_cookie_skips_login (PtFixture     *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *location = pt_login_to_callback (fixture, cs_practice_org_get_admin_username (fixture->org),
                                                    cs_practice_org_get_admin_password (fixture->org),
                                                    "one", NULL);
  g_autofree char *redirect = g_uri_escape_string (cs_practice_org_get_callback_url (fixture->org), NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/services/oauth2/authorize?response_type=code"
                                           "&client_id=%s&redirect_uri=%s&state=two",
                                           cs_practice_org_get_consumer_key (fixture->org), redirect);
  g_autofree char *forced = g_strconcat (path, "&prompt=login", NULL);
  g_autoptr(PtResponse) cached = NULL;
  g_autoptr(PtResponse) fresh = NULL;

  g_assert_nonnull (strstr (location, "code="));

  /* The browser is still logged in as the admin: without prompt=login the
   * consent page comes straight away, for the wrong user. */
  cached = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_assert_cmpuint (cached->status, ==, 200);
  g_assert_nonnull (strstr (cached->body, "id=\"oaapprove\""));
  g_assert_nonnull (strstr (cached->body, cs_practice_org_get_admin_username (fixture->org)));

  fresh = pt_request (fixture, "GET", forced, NULL, NULL, NULL);
  g_assert_cmpuint (fresh->status, ==, 200);
  g_assert_nonnull (strstr (fresh->body, "id=\"Login\""));
}

static void
test_pkce_mismatch (PtFixture     *fixture,
                    gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *verifier = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *other_verifier = NULL;
  g_autofree char *other_challenge = NULL;
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;
  g_autoptr(PtResponse) wrong = NULL;
  g_autoptr(PtResponse) missing = NULL;

  pt_pkce_pair (&verifier, &challenge);
  pt_pkce_pair (&other_verifier, &other_challenge);
  location = pt_login_to_callback (fixture, cs_practice_org_get_sync_username (org),
                                   cs_practice_org_get_sync_password (org), "s", challenge);
  code = pt_url_param (location, "code");
  wrong = pt_post_form (fixture, "/services/oauth2/token",
                        "grant_type", "authorization_code", "code", code,
                        "client_id", cs_practice_org_get_consumer_key (org),
                        "client_secret", cs_practice_org_get_consumer_secret (org),
                        "redirect_uri", cs_practice_org_get_callback_url (org),
                        "code_verifier", other_verifier, NULL);
  assert_oauth_error (wrong, 400, "invalid_grant", "invalid code verifier");

  g_clear_pointer (&location, g_free);
  g_clear_pointer (&code, g_free);
  location = pt_login_to_callback (fixture, cs_practice_org_get_sync_username (org),
                                   cs_practice_org_get_sync_password (org), "s", challenge);
  code = pt_url_param (location, "code");
  missing = pt_post_form (fixture, "/services/oauth2/token",
                          "grant_type", "authorization_code", "code", code,
                          "client_id", cs_practice_org_get_consumer_key (org),
                          "client_secret", cs_practice_org_get_consumer_secret (org),
                          "redirect_uri", cs_practice_org_get_callback_url (org), NULL);
  assert_oauth_error (missing, 400, "invalid_grant", "invalid code verifier");
}

static void
test_token_errors (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autoptr(PtResponse) get = pt_request (fixture, "GET", "/services/oauth2/token?grant_type=authorization_code",
                                          NULL, NULL, NULL);
  g_autoptr(PtResponse) password = pt_post_form (fixture, "/services/oauth2/token",
                                                 "grant_type", "password",
                                                 "client_id", cs_practice_org_get_consumer_key (org), NULL);
  g_autoptr(PtResponse) unknown = pt_post_form (fixture, "/services/oauth2/token",
                                                "grant_type", "refresh_token", "refresh_token", "x",
                                                "client_id", "3MVG9unknown", "client_secret", "x", NULL);
  g_autoptr(PtResponse) secret = pt_post_form (fixture, "/services/oauth2/token",
                                               "grant_type", "refresh_token", "refresh_token", "x",
                                               "client_id", cs_practice_org_get_consumer_key (org),
                                               "client_secret", "wrong", NULL);
  g_autoptr(PtResponse) no_secret = pt_post_form (fixture, "/services/oauth2/token",
                                                  "grant_type", "refresh_token", "refresh_token", "x",
                                                  "client_id", cs_practice_org_get_consumer_key (org), NULL);
  g_autoptr(PtResponse) bad_code = pt_post_form (fixture, "/services/oauth2/token",
                                                 "grant_type", "authorization_code", "code", "aPrxnope==",
                                                 "client_id", cs_practice_org_get_consumer_key (org),
                                                 "client_secret", cs_practice_org_get_consumer_secret (org),
                                                 "redirect_uri", cs_practice_org_get_callback_url (org), NULL);
  g_autoptr(PtResponse) redirect = NULL;
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;

  /* A POST redirected from http:// arrives as a GET. */
  assert_oauth_error (get, 400, "unsupported_grant_type", "grant type not supported");
  assert_oauth_error (password, 400, "unsupported_grant_type", "grant type not supported");
  assert_oauth_error (unknown, 400, "invalid_client_id", "client identifier invalid");
  assert_oauth_error (secret, 400, "invalid_client", "invalid client credentials");
  assert_oauth_error (no_secret, 400, "invalid_client", "invalid client credentials");
  assert_oauth_error (bad_code, 400, "invalid_grant", "invalid authorization code");

  location = pt_login_to_callback (fixture, cs_practice_org_get_sync_username (org),
                                   cs_practice_org_get_sync_password (org), "s", NULL);
  code = pt_url_param (location, "code");
  redirect = pt_post_form (fixture, "/services/oauth2/token",
                           "grant_type", "authorization_code", "code", code,
                           "client_id", cs_practice_org_get_consumer_key (org),
                           "client_secret", cs_practice_org_get_consumer_secret (org),
                           "redirect_uri", "https://app.marketo.com/other", NULL);
  assert_oauth_error (redirect, 400, "redirect_uri_mismatch", NULL);
}

static void
test_refresh (PtFixture     *fixture,
              gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = pt_login (fixture, FALSE, &refresh_token);
  g_autoptr(PtResponse) refreshed = NULL;
  g_autoptr(PtResponse) old_still_works = NULL;
  g_autoptr(PtResponse) new_works = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *signature = NULL;

  g_assert_nonnull (refresh_token);
  refreshed = pt_post_form (fixture, "/services/oauth2/token",
                            "grant_type", "refresh_token",
                            "refresh_token", refresh_token,
                            "client_id", cs_practice_org_get_consumer_key (org),
                            "client_secret", cs_practice_org_get_consumer_secret (org), NULL);
  g_assert_cmpuint (refreshed->status, ==, 200);
  tokens = response_object (refreshed);
  /* Without rotation a refresh response carries no refresh token. */
  g_assert_false (json_object_has_member (tokens, "refresh_token"));
  g_assert_cmpstr (json_object_get_string_member (tokens, "access_token"), !=, access_token);
  signature = expected_signature (cs_practice_org_get_consumer_secret (org),
                                  json_object_get_string_member (tokens, "id"),
                                  json_object_get_string_member (tokens, "issued_at"));
  g_assert_cmpstr (json_object_get_string_member (tokens, "signature"), ==, signature);
  g_assert_true (cs_practice_org_is_refresh_token_valid (org, refresh_token));

  old_still_works = pt_get_bearer (fixture, "/services/data/v64.0/limits", access_token);
  g_assert_cmpuint (old_still_works->status, ==, 200);
  new_works = pt_get_bearer (fixture, "/services/data/v64.0/limits",
                             json_object_get_string_member (tokens, "access_token"));
  g_assert_cmpuint (new_works->status, ==, 200);
}

static void
test_no_refresh_token_without_scope (PtFixture     *fixture,
                                     gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *path = pt_authorize_path (fixture, "s", "api", NULL);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *txn = pt_hidden_value (login->body, "txn");
  g_autoptr(PtResponse) posted = pt_post_form (fixture, "/login", "txn", txn,
                                               "username", cs_practice_org_get_sync_username (org),
                                               "password", cs_practice_org_get_sync_password (org), NULL);
  g_autofree char *mail = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));
  g_autoptr(PtResponse) verified = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", mail, NULL);
  g_autoptr(PtResponse) allowed = pt_post_form (fixture, CONSENT_PATH, "txn", txn, "oaapprove", "Allow", NULL);
  g_autofree char *code = pt_url_param (pt_response_header (allowed, "Location"), "code");
  g_autoptr(JsonObject) tokens = pt_exchange_code (fixture, code, NULL);

  g_assert_cmpstr (json_object_get_string_member (tokens, "scope"), ==, "api");
  g_assert_false (json_object_has_member (tokens, "refresh_token"));
  g_assert_true (json_object_has_member (tokens, "access_token"));
}

static void
test_revoke (PtFixture     *fixture,
             gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = pt_login (fixture, FALSE, &refresh_token);
  g_autofree char *other_access = pt_login (fixture, TRUE, NULL);
  g_autoptr(PtResponse) revoked = NULL;
  g_autoptr(PtResponse) rest = NULL;
  g_autoptr(PtResponse) refresh = NULL;
  g_autoptr(PtResponse) again = NULL;
  g_autoptr(PtResponse) access_revoked = NULL;
  g_autoptr(PtResponse) access_rest = NULL;

  g_assert_true (cs_practice_org_is_refresh_token_valid (org, refresh_token));
  revoked = pt_post_form (fixture, "/services/oauth2/revoke", "token", refresh_token, NULL);
  g_assert_cmpuint (revoked->status, ==, 200);
  g_assert_false (cs_practice_org_is_refresh_token_valid (org, refresh_token));

  /* Its access token went with it. */
  g_assert_false (cs_practice_org_is_access_token_valid (org, access_token));
  rest = pt_get_bearer (fixture, "/services/data/v64.0/sobjects", access_token);
  g_assert_cmpuint (rest->status, ==, 401);

  refresh = pt_post_form (fixture, "/services/oauth2/token",
                          "grant_type", "refresh_token", "refresh_token", refresh_token,
                          "client_id", cs_practice_org_get_consumer_key (org),
                          "client_secret", cs_practice_org_get_consumer_secret (org), NULL);
  assert_oauth_error (refresh, 400, "invalid_grant", "expired access/refresh token");

  again = pt_post_form (fixture, "/services/oauth2/revoke", "token", refresh_token, NULL);
  assert_oauth_error (again, 400, "invalid_token", NULL);

  /* An access token can be revoked on its own. */
  access_revoked = pt_post_form (fixture, "/services/oauth2/revoke", "token", other_access, NULL);
  g_assert_cmpuint (access_revoked->status, ==, 200);
  access_rest = pt_get_bearer (fixture, "/services/data/v64.0/sobjects", other_access);
  g_assert_cmpuint (access_rest->status, ==, 401);
}

static void
test_userinfo_and_identity (PtFixture     *fixture,
                            gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *sync_token = pt_login (fixture, FALSE, NULL);
  g_autofree char *admin_token = pt_login (fixture, TRUE, NULL);
  g_autofree char *id_url = g_strdup_printf ("/id/%s/%s", cs_practice_org_get_org_id (org),
                                             cs_practice_org_get_sync_user_id (org));
  g_autofree char *versioned = g_strconcat (id_url, "?format=json&version=64.0", NULL);
  g_autofree char *bad_version = g_strconcat (id_url, "?version=12.0", NULL);
  g_autofree char *rest_url = g_strdup_printf ("%s/services/data/v64.0/", cs_practice_org_get_url (org));
  g_autoptr(PtResponse) userinfo = pt_get_bearer (fixture, "/services/oauth2/userinfo", sync_token);
  g_autoptr(PtResponse) identity = pt_get_bearer (fixture, versioned, sync_token);
  g_autoptr(PtResponse) unversioned = pt_get_bearer (fixture, id_url, sync_token);
  g_autoptr(PtResponse) other = pt_get_bearer (fixture, id_url, admin_token);
  g_autoptr(PtResponse) bad = pt_get_bearer (fixture, id_url, "00Dnope!AQ");
  g_autoptr(PtResponse) missing = pt_request (fixture, "GET", "/services/oauth2/userinfo", NULL, NULL, NULL);
  g_autoptr(PtResponse) version = pt_get_bearer (fixture, bad_version, sync_token);
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) id = NULL;
  g_autoptr(JsonObject) plain = NULL;
  JsonObject *urls;
  static const char *url_keys[] = {
    "enterprise", "metadata", "partner", "rest", "sobjects", "search", "query", "recent",
    "profile", "feeds", "groups", "users", "feed_items", "custom_domain",
  };
  static const char *id_keys[] = {
    "id", "asserted_user", "user_id", "organization_id", "username", "nick_name", "display_name",
    "email", "active", "user_type", "language", "locale", "utcOffset", "last_modified_date", "urls",
  };
  guint i;

  g_assert_cmpuint (userinfo->status, ==, 200);
  info = response_object (userinfo);
  g_assert_cmpstr (json_object_get_string_member (info, "preferred_username"), ==,
                   cs_practice_org_get_sync_username (org));
  g_assert_cmpstr (json_object_get_string_member (info, "user_id"), ==, cs_practice_org_get_sync_user_id (org));
  g_assert_cmpstr (json_object_get_string_member (info, "organization_id"), ==, cs_practice_org_get_org_id (org));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (info, "sub"), id_url));
  g_assert_nonnull (json_object_get_string_member (info, "name"));
  g_assert_nonnull (json_object_get_string_member (info, "email"));
  g_assert_nonnull (json_object_get_string_member (info, "zoneinfo"));

  g_assert_cmpuint (identity->status, ==, 200);
  id = response_object (identity);
  for (i = 0; i < G_N_ELEMENTS (id_keys); i++)
    g_assert_true (json_object_has_member (id, id_keys[i]));
  urls = json_object_get_object_member (id, "urls");
  for (i = 0; i < G_N_ELEMENTS (url_keys); i++)
    g_assert_true (json_object_has_member (urls, url_keys[i]));
  g_assert_cmpstr (json_object_get_string_member (urls, "rest"), ==, rest_url);
  g_assert_cmpstr (json_object_get_string_member (id, "username"), ==, cs_practice_org_get_sync_username (org));
  g_assert_cmpstr (json_object_get_string_member (id, "display_name"), ==, "Marketo Sync");
  g_assert_true (json_object_get_boolean_member (id, "active"));

  /* Without ?version the URLs keep the {version} placeholder. */
  plain = response_object (unversioned);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (plain, "urls"), "rest"),
                            "/services/data/v{version}/"));

  g_assert_cmpuint (other->status, ==, 403);
  g_assert_cmpuint (bad->status, ==, 403);
  g_assert_cmpstr (bad->body, ==, "Bad_OAuth_Token");
  g_assert_cmpuint (missing->status, ==, 403);
  g_assert_cmpstr (missing->body, ==, "Missing_OAuth_Token");
  g_assert_cmpuint (version->status, ==, 406);
}

static void
test_rest_needs_api_scope (PtFixture     *fixture,
                           gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *path = pt_authorize_path (fixture, "s", "id refresh_token", NULL);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *txn = pt_hidden_value (login->body, "txn");
  g_autoptr(PtResponse) posted = pt_post_form (fixture, "/login", "txn", txn,
                                               "username", cs_practice_org_get_sync_username (org),
                                               "password", cs_practice_org_get_sync_password (org), NULL);
  g_autofree char *mail = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));
  g_autoptr(PtResponse) verified = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", mail, NULL);
  g_autoptr(PtResponse) allowed = pt_post_form (fixture, CONSENT_PATH, "txn", txn, "oaapprove", "Allow", NULL);
  g_autofree char *code = pt_url_param (pt_response_header (allowed, "Location"), "code");
  g_autoptr(JsonObject) tokens = pt_exchange_code (fixture, code, NULL);
  g_autoptr(PtResponse) rest = pt_get_bearer (fixture, "/services/data/v64.0/sobjects",
                                              json_object_get_string_member (tokens, "access_token"));
  g_autoptr(PtResponse) info = pt_get_bearer (fixture, "/services/oauth2/userinfo",
                                              json_object_get_string_member (tokens, "access_token"));

  /* A 401 that says why, so that a client does not refresh in a loop. */
  g_assert_cmpuint (rest->status, ==, 401);
  g_assert_nonnull (strstr (rest->body, "not valid for use with the REST API"));
  g_assert_cmpuint (info->status, ==, 200);
}

static void
test_invalid_scope_and_response_type (PtFixture     *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *path = pt_authorize_path (fixture, "s", "api superpowers", NULL);
  g_autoptr(PtResponse) scope = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *error = NULL;
  g_autofree char *token_path = NULL;
  g_auto(GStrv) halves = NULL;
  g_autoptr(PtResponse) token = NULL;
  g_autofree char *token_error = NULL;

  g_assert_cmpuint (scope->status, ==, 302);
  error = pt_url_param (pt_response_header (scope, "Location"), "error");
  g_assert_cmpstr (error, ==, "invalid_scope");

  g_clear_pointer (&path, g_free);
  path = pt_authorize_path (fixture, "s", NULL, NULL);
  halves = g_strsplit (path, "response_type=code", 2);
  token_path = g_strjoinv ("response_type=token", halves);
  token = pt_request (fixture, "GET", token_path, NULL, NULL, NULL);
  g_assert_cmpuint (token->status, ==, 302);
  token_error = pt_url_param (pt_response_header (token, "Location"), "error");
  g_assert_cmpstr (token_error, ==, "unsupported_response_type");
}

static void
test_default_scope (PtFixture     *fixture,
                    gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *path = pt_authorize_path (fixture, "s", NULL, NULL);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *txn = pt_hidden_value (login->body, "txn");
  g_autoptr(PtResponse) posted = pt_post_form (fixture, "/login", "txn", txn,
                                               "username", cs_practice_org_get_sync_username (org),
                                               "password", cs_practice_org_get_sync_password (org), NULL);
  g_autofree char *mail = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));
  g_autoptr(PtResponse) verified = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", mail, NULL);
  g_autoptr(PtResponse) consent = pt_request (fixture, "GET", pt_response_header (verified, "Location"),
                                              NULL, NULL, NULL);
  g_autoptr(PtResponse) allowed = pt_post_form (fixture, CONSENT_PATH, "txn", txn, "oaapprove", "Allow", NULL);
  g_autofree char *code = pt_url_param (pt_response_header (allowed, "Location"), "code");
  g_autoptr(JsonObject) tokens = pt_exchange_code (fixture, code, NULL);
  const char *list_end = strstr (consent->body, "</ul>");

  /* Without a scope parameter the app gets everything it was given, and
   * the consent page lists exactly that. */
  g_assert_cmpstr (json_object_get_string_member (tokens, "scope"), ==,
                   "address api cdp_query_api chatter_api content custom_permissions eclair_api "
                   "email full id lightning offline_access openid pardot_api phone profile "
                   "refresh_token visualforce wave_api web");
  g_assert_true (json_object_has_member (tokens, "refresh_token"));
  g_assert_nonnull (list_end);
  g_assert_true (g_str_has_prefix (list_end - strlen ("(<code>web</code>)</li>\n"),
                                   "(<code>web</code>)</li>\n"));
}

static void
test_index_page (PtFixture     *fixture,
                 gconstpointer  user_data)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *location = pt_login_to_callback (fixture, cs_practice_org_get_sync_username (org),
                                                    cs_practice_org_get_sync_password (org), "s", NULL);
  g_autoptr(PtResponse) root = pt_request (fixture, "GET", "/", NULL, NULL, NULL);
  g_autoptr(PtResponse) index = pt_request (fixture, "GET", "/_practice/", NULL, NULL, NULL);
  g_autofree char *code = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));

  g_assert_cmpuint (root->status, ==, 302);
  g_assert_true (g_str_has_suffix (pt_response_header (root, "Location"), "/_practice/"));
  g_assert_cmpuint (index->status, ==, 200);
  g_assert_nonnull (strstr (index->body, cs_practice_org_get_sync_username (org)));
  g_assert_nonnull (strstr (index->body, cs_practice_org_get_sync_password (org)));
  g_assert_nonnull (strstr (index->body, cs_practice_org_get_admin_username (org)));
  g_assert_nonnull (strstr (index->body, cs_practice_org_get_consumer_key (org)));
  g_assert_nonnull (strstr (index->body, code));
  g_assert_nonnull (strstr (index->body, "Marketo-Salesforce Sync"));
  g_assert_nonnull (strstr (index->body, "id=\"fault-api-disabled\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/practice/oauth/" name, PtFixture, NULL, pt_fixture_setup, func, pt_fixture_teardown)

  ADD ("full-flow", test_full_flow);
  ADD ("wrong-password", test_wrong_password);
  ADD ("wrong-code", test_wrong_code);
  ADD ("deny", test_deny);
  ADD ("unknown-client", test_unknown_client);
  ADD ("redirect-mismatch", test_redirect_mismatch);
  ADD ("login-hint-escaped", test_login_hint_escaped);
  ADD ("session-cookie-skips-login", test_session_cookie_skips_login);
  ADD ("pkce-mismatch", test_pkce_mismatch);
  ADD ("token-errors", test_token_errors);
  ADD ("refresh", test_refresh);
  ADD ("no-refresh-token-without-scope", test_no_refresh_token_without_scope);
  ADD ("revoke", test_revoke);
  ADD ("userinfo-and-identity", test_userinfo_and_identity);
  ADD ("rest-needs-api-scope", test_rest_needs_api_scope);
  ADD ("invalid-scope-and-response-type", test_invalid_scope_and_response_type);
  ADD ("default-scope", test_default_scope);
  ADD ("index-page", test_index_page);

#undef ADD
  return g_test_run ();
}
