/* test-practice-faults.c: one test per fault switch, each asserting the
 * exact status and body a client will meet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "practice-test-common.h"

#define VERIFY_PATH  "/_ui/identity/verification/method/EmailVerificationFinishUi/e"
#define CONSENT_PATH "/setup/secur/RemoteAccessAuthorizationPage.apexp"
#define DESCRIBE     "/services/data/v64.0/sobjects/Lead/describe"

static PtResponse *
exchange (PtFixture  *fixture,
          const char *code,
          const char *verifier)
{
  CsPracticeOrg *org = fixture->org;

  return pt_post_form (fixture, "/services/oauth2/token",
                       "grant_type", "authorization_code",
                       "code", code,
                       "client_id", cs_practice_org_get_consumer_key (org),
                       "client_secret", cs_practice_org_get_consumer_secret (org),
                       "redirect_uri", cs_practice_org_get_callback_url (org),
                       verifier != NULL ? "code_verifier" : NULL, verifier,
                       NULL);
}

static PtResponse *
refresh (PtFixture  *fixture,
         const char *refresh_token)
{
  CsPracticeOrg *org = fixture->org;

  return pt_post_form (fixture, "/services/oauth2/token",
                       "grant_type", "refresh_token",
                       "refresh_token", refresh_token,
                       "client_id", cs_practice_org_get_consumer_key (org),
                       "client_secret", cs_practice_org_get_consumer_secret (org),
                       NULL);
}

static char *
login_code (PtFixture  *fixture,
            const char *challenge)
{
  g_autofree char *location = pt_login_to_callback (fixture,
                                                    cs_practice_org_get_sync_username (fixture->org),
                                                    cs_practice_org_get_sync_password (fixture->org),
                                                    "st", challenge);
  char *code = pt_url_param (location, "code");

  g_assert_nonnull (code);
  return code;
}

/* Logs in up to the verification step; returns the response to it. */
static PtResponse *
verify (PtFixture *fixture,
        char     **txn_out)
{
  CsPracticeOrg *org = fixture->org;
  g_autofree char *path = pt_authorize_path (fixture, "st", "api refresh_token", NULL);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *txn = pt_hidden_value (login->body, "txn");
  g_autoptr(PtResponse) posted = pt_post_form (fixture, "/login", "txn", txn,
                                               "username", cs_practice_org_get_sync_username (org),
                                               "password", cs_practice_org_get_sync_password (org), NULL);
  g_autofree char *code = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));
  PtResponse *verified;

  g_assert_cmpuint (posted->status, ==, 302);
  verified = pt_post_form (fixture, VERIFY_PATH, "txn", txn, "emc", code, NULL);
  if (txn_out != NULL)
    *txn_out = g_steal_pointer (&txn);
  return verified;
}

static void
assert_body (PtResponse *response,
             guint       status,
             const char *body)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (response->body, ==, body);
}

static void
set_fault_over_http (PtFixture  *fixture,
                     const char *name,
                     gboolean    on)
{
  g_autofree char *body = g_strdup_printf ("{\"fault\":\"%s\",\"on\":%s}", name, on ? "true" : "false");
  g_autoptr(PtResponse) response = pt_request (fixture, "POST", "/_practice/faults",
                                               "application/json", body, NULL);
  g_autofree char *state = g_strdup_printf ("\"%s\":%s", name, on ? "true" : "false");

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (strstr (response->body, state));
}

/* ---------------------------------------------------------------------------- */

static void
test_names (PtFixture     *fixture,
            gconstpointer  user_data)
{
  g_autoptr(PtResponse) unknown = pt_request (fixture, "POST", "/_practice/faults", "application/json",
                                              "{\"fault\":\"meteor-strike\",\"on\":true}", NULL);
  g_autoptr(PtResponse) list = pt_request (fixture, "GET", "/_practice/faults", NULL, NULL, NULL);
  guint i;

  for (i = 0; i < CS_PRACTICE_N_FAULTS; i++)
    {
      const char *name = cs_practice_fault_to_string (i);
      CsPracticeFault parsed;

      g_assert_nonnull (name);
      g_assert_null (strchr (name, '_'));
      g_assert_true (cs_practice_fault_from_string (name, &parsed));
      g_assert_cmpint (parsed, ==, i);
      g_assert_false (cs_practice_org_get_fault (fixture->org, i));
      g_assert_nonnull (strstr (list->body, name));
    }
  g_assert_cmpstr (cs_practice_fault_to_string (CS_PRACTICE_FAULT_API_DISABLED), ==, "api-disabled");
  g_assert_false (cs_practice_fault_from_string ("meteor-strike", &(CsPracticeFault) { 0 }));

  g_assert_cmpuint (unknown->status, ==, 400);
  g_assert_nonnull (strstr (unknown->body, "api-disabled"));

  /* The index page's buttons post a form (with the page's token) and
   * come back to the page. */
  {
    g_autoptr(PtResponse) page = pt_request (fixture, "GET", "/_practice/", NULL, NULL, NULL);
    g_autofree char *token = pt_hidden_value (page->body, "token");
    g_autoptr(PtResponse) form = pt_post_form (fixture, "/_practice/faults", "token", token,
                                               "fault", "rate-limit", "on", "true", NULL);

    g_assert_cmpuint (form->status, ==, 303);
    g_assert_true (cs_practice_org_get_fault (fixture->org, CS_PRACTICE_FAULT_RATE_LIMIT));
  }
}

static void
test_expired_code (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *code = login_code (fixture, NULL);
  g_autoptr(PtResponse) response = NULL;

  set_fault_over_http (fixture, "expired-code", TRUE);
  g_assert_true (cs_practice_org_get_fault (fixture->org, CS_PRACTICE_FAULT_EXPIRED_CODE));
  response = exchange (fixture, code, NULL);
  assert_body (response, 400,
               "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\"}");
}

static void
test_deny_consent (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *txn = NULL;
  g_autoptr(PtResponse) verified = verify (fixture, &txn);
  g_autoptr(PtResponse) allowed = NULL;
  g_autofree char *error = NULL;
  g_autofree char *state = NULL;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_DENY_CONSENT, TRUE);
  g_assert_cmpuint (verified->status, ==, 302);
  /* Allow is clicked, the org answers as if it were Deny. */
  allowed = pt_post_form (fixture, CONSENT_PATH, "txn", txn, "oaapprove", "Allow", NULL);
  g_assert_cmpuint (allowed->status, ==, 302);
  error = pt_url_param (pt_response_header (allowed, "Location"), "error");
  state = pt_url_param (pt_response_header (allowed, "Location"), "state");
  g_assert_cmpstr (error, ==, "access_denied");
  g_assert_cmpstr (state, ==, "st");
  g_assert_nonnull (strstr (pt_response_header (allowed, "Location"),
                            "error_description=end-user+denied+authorization"));
}

static void
test_api_disabled (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(PtResponse) describe = NULL;
  g_autoptr(PtResponse) query = NULL;
  g_autoptr(PtResponse) versions = NULL;
  g_autoptr(PtResponse) after = NULL;

  set_fault_over_http (fixture, "api-disabled", TRUE);
  describe = pt_get_bearer (fixture, DESCRIBE, token);
  assert_body (describe, 403,
               "[{\"message\":\"The REST API is not enabled for this Organization.\","
               "\"errorCode\":\"API_DISABLED_FOR_ORG\"}]");
  query = pt_get_bearer (fixture, "/services/data/v64.0/query?q=SELECT+Id+FROM+Lead", token);
  g_assert_cmpuint (query->status, ==, 403);
  /* The versions list needs no API access. */
  versions = pt_request (fixture, "GET", "/services/data/", NULL, NULL, NULL);
  g_assert_cmpuint (versions->status, ==, 200);

  set_fault_over_http (fixture, "api-disabled", FALSE);
  after = pt_get_bearer (fixture, DESCRIBE, token);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_revoked_refresh (PtFixture     *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = pt_login (fixture, FALSE, &refresh_token);
  g_autoptr(PtResponse) response = NULL;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  response = refresh (fixture, refresh_token);
  assert_body (response, 400,
               "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
  g_assert_nonnull (access_token);
}

static void
test_app_blocked (PtFixture     *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(PtResponse) verified = NULL;
  g_autofree char *expected = NULL;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_APP_BLOCKED, TRUE);
  verified = verify (fixture, NULL);
  g_assert_cmpuint (verified->status, ==, 302);
  expected = g_strconcat (cs_practice_org_get_callback_url (fixture->org),
                          "?error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin"
                          "&state=st", NULL);
  g_assert_cmpstr (pt_response_header (verified, "Location"), ==, expected);
}

static void
test_app_not_approved (PtFixture     *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PtResponse) verified = NULL;
  g_autofree char *expected = NULL;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_APP_NOT_APPROVED, TRUE);
  verified = verify (fixture, NULL);
  g_assert_cmpuint (verified->status, ==, 302);
  expected = g_strconcat (cs_practice_org_get_callback_url (fixture->org),
                          "?error=invalid_app_access&error_description=user+is+not+admin+approved"
                          "+to+access+this+app&state=st", NULL);
  g_assert_cmpstr (pt_response_header (verified, "Location"), ==, expected);
}

static void
test_rate_limit (PtFixture     *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *refresh_token = NULL;
  g_autofree char *token = pt_login (fixture, FALSE, &refresh_token);
  g_autoptr(PtResponse) rest = NULL;
  g_autoptr(PtResponse) oauth = NULL;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_RATE_LIMIT, TRUE);
  rest = pt_get_bearer (fixture, DESCRIBE, token);
  assert_body (rest, 403,
               "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
  g_assert_cmpstr (pt_response_header (rest, "Sforce-Limit-Info"), ==, "api-usage=15000/15000");

  oauth = refresh (fixture, refresh_token);
  assert_body (oauth, 400,
               "{\"error\":\"rate_limit_exceeded\",\"error_description\":\"rate limit exceeded\"}");
}

static void
test_server_error (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *refresh_token = NULL;
  g_autofree char *token = pt_login (fixture, FALSE, &refresh_token);
  g_autofree char *authorize = pt_authorize_path (fixture, "s", NULL, NULL);
  g_autoptr(PtResponse) rest = NULL;
  g_autoptr(PtResponse) versions = NULL;
  g_autoptr(PtResponse) oauth = NULL;
  g_autoptr(PtResponse) page = NULL;
  g_autoptr(PtResponse) userinfo = NULL;
  g_autoptr(JsonNode) errors = NULL;

  set_fault_over_http (fixture, "server-error", TRUE);

  rest = pt_get_bearer (fixture, DESCRIBE, token);
  g_assert_cmpuint (rest->status, ==, 500);
  errors = pt_response_json (rest);
  g_assert_cmpstr (pt_rest_error_code (errors), ==, "UNKNOWN_EXCEPTION");

  versions = pt_request (fixture, "GET", "/services/data/", NULL, NULL, NULL);
  g_assert_cmpuint (versions->status, ==, 500);

  oauth = refresh (fixture, refresh_token);
  assert_body (oauth, 500, "{\"error\":\"unknown_error\",\"error_description\":\"retry your request\"}");

  page = pt_request (fixture, "GET", authorize, NULL, NULL, NULL);
  g_assert_cmpuint (page->status, ==, 500);
  g_assert_nonnull (strstr (page->body, "<!DOCTYPE html>"));

  userinfo = pt_get_bearer (fixture, "/services/oauth2/userinfo", token);
  g_assert_cmpuint (userinfo->status, ==, 500);

  /* The control endpoint still answers, so a test can switch it off. */
  set_fault_over_http (fixture, "server-error", FALSE);
  {
    g_autoptr(PtResponse) after = pt_get_bearer (fixture, DESCRIBE, token);

    g_assert_cmpuint (after->status, ==, 200);
  }
}

static void
test_inactive_user (PtFixture     *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *code = login_code (fixture, NULL);
  g_autoptr(PtResponse) response = NULL;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_INACTIVE_USER, TRUE);
  response = exchange (fixture, code, NULL);
  assert_body (response, 400, "{\"error\":\"inactive_user\",\"error_description\":\"user is inactive\"}");
}

static void
test_session_expired (PtFixture     *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *refresh_token = NULL;
  g_autofree char *token = pt_login (fixture, FALSE, &refresh_token);
  g_autoptr(PtResponse) before = pt_get_bearer (fixture, DESCRIBE, token);
  g_autoptr(PtResponse) expired = NULL;
  g_autoptr(PtResponse) refreshed = NULL;
  g_autoptr(PtResponse) fresh = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  const char *new_token;

  g_assert_cmpuint (before->status, ==, 200);
  set_fault_over_http (fixture, "session-expired", TRUE);

  expired = pt_get_bearer (fixture, DESCRIBE, token);
  assert_body (expired, 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
  g_assert_false (cs_practice_org_is_access_token_valid (fixture->org, token));
  /* The session timed out; the grant did not. */
  g_assert_true (cs_practice_org_is_refresh_token_valid (fixture->org, refresh_token));

  refreshed = refresh (fixture, refresh_token);
  g_assert_cmpuint (refreshed->status, ==, 200);
  tokens = pt_response_json (refreshed);
  new_token = json_object_get_string_member (json_node_get_object (tokens), "access_token");
  fresh = pt_get_bearer (fixture, DESCRIBE, new_token);
  g_assert_cmpuint (fresh->status, ==, 200);
}

static void
test_require_pkce (PtFixture     *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *code = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *pkce_code = NULL;
  g_autoptr(PtResponse) without = NULL;
  g_autoptr(PtResponse) with = NULL;
  g_autoptr(JsonNode) error = NULL;
  JsonObject *object;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_REQUIRE_PKCE, TRUE);
  code = login_code (fixture, NULL);
  without = exchange (fixture, code, NULL);
  g_assert_cmpuint (without->status, ==, 400);
  error = pt_response_json (without);
  object = json_node_get_object (error);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "invalid_grant");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "error_description"), "code verifier"));

  pt_pkce_pair (&verifier, &challenge);
  pkce_code = login_code (fixture, challenge);
  with = exchange (fixture, pkce_code, verifier);
  g_assert_cmpuint (with->status, ==, 200);
}

static void
test_reject_pkce (PtFixture     *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *verifier = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *with_path = NULL;
  g_autofree char *without_path = pt_authorize_path (fixture, "st", NULL, NULL);
  g_autoptr(PtResponse) with = NULL;
  g_autoptr(PtResponse) without = NULL;
  g_autofree char *error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *state = NULL;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_REJECT_PKCE, TRUE);
  pt_pkce_pair (&verifier, &challenge);
  with_path = pt_authorize_path (fixture, "st", NULL, challenge);
  with = pt_request (fixture, "GET", with_path, NULL, NULL, NULL);
  g_assert_cmpuint (with->status, ==, 302);
  error = pt_url_param (pt_response_header (with, "Location"), "error");
  description = pt_url_param (pt_response_header (with, "Location"), "error_description");
  state = pt_url_param (pt_response_header (with, "Location"), "state");
  g_assert_cmpstr (error, ==, "invalid_request");
  g_assert_nonnull (strstr (description, "PKCE"));
  g_assert_cmpstr (state, ==, "st");

  without = pt_request (fixture, "GET", without_path, NULL, NULL, NULL);
  g_assert_cmpuint (without->status, ==, 200);
  g_assert_nonnull (strstr (without->body, "id=\"Login\""));
}

static void
test_rotate_refresh (PtFixture     *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = pt_login (fixture, FALSE, &refresh_token);
  g_autoptr(PtResponse) rotated = NULL;
  g_autoptr(PtResponse) reused = NULL;
  g_autoptr(PtResponse) next = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  const char *new_refresh;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  rotated = refresh (fixture, refresh_token);
  g_assert_cmpuint (rotated->status, ==, 200);
  tokens = pt_response_json (rotated);
  new_refresh = json_object_get_string_member (json_node_get_object (tokens), "refresh_token");
  g_assert_nonnull (new_refresh);
  g_assert_cmpstr (new_refresh, !=, refresh_token);
  g_assert_false (cs_practice_org_is_refresh_token_valid (fixture->org, refresh_token));
  g_assert_true (cs_practice_org_is_refresh_token_valid (fixture->org, new_refresh));

  reused = refresh (fixture, refresh_token);
  assert_body (reused, 400,
               "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
  /* Reusing a rotated-out token revokes the family, the successor too. */
  g_assert_false (cs_practice_org_is_refresh_token_valid (fixture->org, new_refresh));
  next = refresh (fixture, new_refresh);
  g_assert_cmpuint (next->status, ==, 400);
  g_assert_nonnull (access_token);
}

/* Without reuse, a chain of rotations keeps working. */
static void
test_rotate_refresh_chain (PtFixture     *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *token = NULL;
  g_autofree char *access_token = pt_login (fixture, FALSE, &token);

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PtResponse) response = refresh (fixture, token);
      g_autoptr(JsonNode) tokens = NULL;

      g_assert_cmpuint (response->status, ==, 200);
      tokens = pt_response_json (response);
      g_free (token);
      token = g_strdup (json_object_get_string_member (json_node_get_object (tokens), "refresh_token"));
      g_assert_true (cs_practice_org_is_refresh_token_valid (fixture->org, token));
    }
  g_assert_nonnull (access_token);
}

static void
test_bad_signature (PtFixture     *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *code = login_code (fixture, NULL);
  g_autoptr(PtResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *good = NULL;
  const char *secret = cs_practice_org_get_consumer_secret (fixture->org);
  JsonObject *tokens;
  guint8 digest[32];
  gsize len = sizeof digest;

  cs_practice_org_set_fault (fixture->org, CS_PRACTICE_FAULT_BAD_SIGNATURE, TRUE);
  response = exchange (fixture, code, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  root = pt_response_json (response);
  tokens = json_node_get_object (root);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) json_object_get_string_member (tokens, "id"), -1);
  g_hmac_update (hmac, (const guchar *) json_object_get_string_member (tokens, "issued_at"), -1);
  g_hmac_get_digest (hmac, digest, &len);
  good = g_base64_encode (digest, len);
  /* Still a well-formed signature, just not the right one. */
  g_assert_cmpuint (strlen (json_object_get_string_member (tokens, "signature")), ==, strlen (good));
  g_assert_cmpstr (json_object_get_string_member (tokens, "signature"), !=, good);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/practice/faults/" name, PtFixture, NULL, pt_fixture_setup, func, pt_fixture_teardown)

  ADD ("names", test_names);
  ADD ("expired-code", test_expired_code);
  ADD ("deny-consent", test_deny_consent);
  ADD ("api-disabled", test_api_disabled);
  ADD ("revoked-refresh", test_revoked_refresh);
  ADD ("app-blocked", test_app_blocked);
  ADD ("app-not-approved", test_app_not_approved);
  ADD ("rate-limit", test_rate_limit);
  ADD ("server-error", test_server_error);
  ADD ("inactive-user", test_inactive_user);
  ADD ("session-expired", test_session_expired);
  ADD ("require-pkce", test_require_pkce);
  ADD ("reject-pkce", test_reject_pkce);
  ADD ("rotate-refresh", test_rotate_refresh);
  ADD ("rotate-refresh-chain", test_rotate_refresh_chain);
  ADD ("bad-signature", test_bad_signature);

#undef ADD
  return g_test_run ();
}
