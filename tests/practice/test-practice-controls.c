/* test-practice-controls.c: the practice org's admin controls, which end
 * refresh tokens the way Salesforce Setup does, over plain HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "practice-test-common.h"

/* grant_type=refresh_token with the org's key and @secret: the status. */
static guint
refresh_status (PtFixture  *f,
                const char *refresh_token,
                const char *secret,
                char      **error_name)
{
  g_autoptr(PtResponse) response = NULL;

  response = pt_post_form (f, "/services/oauth2/token",
                           "grant_type", "refresh_token",
                           "refresh_token", refresh_token,
                           "client_id", cs_practice_org_get_consumer_key (f->org),
                           "client_secret", secret,
                           NULL);
  if (error_name != NULL && response->status != SOUP_STATUS_OK)
    {
      g_autoptr(JsonNode) root = pt_response_json (response);

      *error_name = g_strdup (json_object_get_string_member (json_node_get_object (root), "error"));
    }
  return response->status;
}

static guint
rest_status (PtFixture  *f,
             const char *access_token)
{
  g_autoptr(PtResponse) response = pt_get_bearer (f, "/services/data/v64.0/sobjects/Lead/describe",
                                                  access_token);

  return response->status;
}

/* Revoke all of a user's tokens: the sync user's refresh and access
 * tokens die, the administrator's live on. */
static void
test_revoke_user_tokens (PtFixture     *f,
                         gconstpointer  data)
{
  g_autofree char *sync_refresh = NULL;
  g_autofree char *admin_refresh = NULL;
  g_autofree char *sync_access = pt_login (f, FALSE, &sync_refresh);
  g_autofree char *admin_access = pt_login (f, TRUE, &admin_refresh);
  g_autofree char *error_name = NULL;
  guint revoked = 0;

  g_assert_true (cs_practice_org_revoke_user_tokens (f->org, cs_practice_org_get_sync_username (f->org),
                                                     &revoked));
  g_assert_cmpuint (revoked, ==, 1);
  g_assert_cmpuint (refresh_status (f, sync_refresh, cs_practice_org_get_consumer_secret (f->org),
                                    &error_name), ==, 400);
  g_assert_cmpstr (error_name, ==, "invalid_grant");
  g_assert_cmpuint (rest_status (f, sync_access), ==, 401);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, admin_refresh));
  g_assert_cmpuint (rest_status (f, admin_access), ==, 200);

  g_assert_false (cs_practice_org_revoke_user_tokens (f->org, "nobody@example.com", NULL));
}

/* A new password: the old one no longer logs in, the new one does, and
 * the user's refresh tokens are gone. */
static void
test_reset_password (PtFixture     *f,
                     gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *access = pt_login (f, FALSE, &refresh);
  g_autofree char *old_password = g_strdup (cs_practice_org_get_sync_password (f->org));
  g_autofree char *callback = NULL;
  guint revoked = 0;

  g_assert_true (cs_practice_org_reset_password (f->org, cs_practice_org_get_sync_username (f->org),
                                                 "N3w password!", &revoked));
  g_assert_cmpuint (revoked, ==, 1);
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, refresh));
  g_assert_cmpstr (cs_practice_org_get_sync_password (f->org), ==, "N3w password!");
  g_assert_cmpstr (cs_practice_org_get_sync_password (f->org), !=, old_password);

  callback = pt_login_to_callback (f, cs_practice_org_get_sync_username (f->org), "N3w password!",
                                   "state-after-reset", NULL);
  g_assert_nonnull (strstr (callback, "code="));

  g_assert_false (cs_practice_org_reset_password (f->org, cs_practice_org_get_sync_username (f->org),
                                                  "", NULL));
}

/* The app's refresh-token policy expires tokens after the time set. */
static void
test_refresh_token_expiry (PtFixture     *f,
                           gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *access = pt_login (f, FALSE, &refresh);
  g_autofree char *error_name = NULL;
  const char *secret = cs_practice_org_get_consumer_secret (f->org);

  g_assert_cmpuint (cs_practice_org_get_refresh_token_expiry (f->org), ==, 0);
  g_assert_cmpuint (refresh_status (f, refresh, secret, NULL), ==, 200);

  cs_practice_org_set_refresh_token_expiry (f->org, 1);
  g_usleep (1100 * 1000);
  g_assert_cmpuint (refresh_status (f, refresh, secret, &error_name), ==, 400);
  g_assert_cmpstr (error_name, ==, "invalid_grant");
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, refresh));
}

/* A rotated consumer secret: the old one is refused, the new one works. */
static void
test_rotate_secret (PtFixture     *f,
                    gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *access = pt_login (f, FALSE, &refresh);
  g_autofree char *old_secret = g_strdup (cs_practice_org_get_consumer_secret (f->org));
  g_autofree char *error_name = NULL;
  const char *new_secret = cs_practice_org_rotate_consumer_secret (f->org);

  g_assert_cmpstr (new_secret, !=, old_secret);
  g_assert_cmpuint (strlen (new_secret), ==, 64);
  g_assert_cmpuint (refresh_status (f, refresh, old_secret, &error_name), ==, 400);
  g_assert_cmpstr (error_name, ==, "invalid_client");
  g_assert_cmpuint (refresh_status (f, refresh, new_secret, NULL), ==, 200);
}

/* Runs one control line and checks its one-line JSON answer. */
static void
check_line (PtFixture  *f,
            const char *line,
            gboolean    ok,
            const char *member)
{
  g_autofree char *answer = cs_practice_org_run_control (f->org, line);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_test_message ("%s → %s", line, answer);
  g_assert_null (strchr (answer, '\n'));
  root = json_from_string (answer, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_boolean_member (object, "ok"), ==, ok);
  g_assert_true (json_object_has_member (object, member));
}

/* The same controls as lines: one JSON answer each. */
static void
test_control_lines (PtFixture     *f,
                    gconstpointer  data)
{
  const char *user = cs_practice_org_get_sync_username (f->org);
  g_autofree char *revoke = g_strconcat ("revoke-tokens ", user, NULL);
  g_autofree char *reset = g_strconcat ("reset-password ", user, " two words", NULL);
  g_autofree char *reset_without = g_strconcat ("reset-password ", user, NULL);

  check_line (f, revoke, TRUE, "revoked");
  check_line (f, reset, TRUE, "revoked");
  check_line (f, "rotate-secret", TRUE, "consumer_secret");
  check_line (f, "  refresh-token-expiry 30  ", TRUE, "seconds");
  check_line (f, "refresh-token-expiry soon", FALSE, "error");
  check_line (f, reset_without, FALSE, "error");
  check_line (f, "revoke-tokens nobody@example.com", FALSE, "error");
  check_line (f, "frobnicate", FALSE, "error");
  /* What the wizard's Fix sends for an access check's finding. */
  check_line (f, "fix delete Campaign", TRUE, "object");
  check_line (f, "fix visible Lead  ConvertedDate", TRUE, "field");
  check_line (f, "fix visible Lead", FALSE, "error");
  check_line (f, "fix read Lead Email", FALSE, "error");
  check_line (f, "fix fly Lead", FALSE, "error");
  check_line (f, "fix", FALSE, "error");

  g_assert_cmpstr (cs_practice_org_get_sync_password (f->org), ==, "two words");
  g_assert_cmpuint (cs_practice_org_get_refresh_token_expiry (f->org), ==, 30);
}

/* On /_practice/: a form answers with a redirect to the page, JSON with
 * the answer; GET is refused; the page offers every control. */
static void
test_http_controls (PtFixture     *f,
                    gconstpointer  data)
{
  g_autoptr(PtResponse) form = NULL;
  g_autoptr(PtResponse) json = NULL;
  g_autoptr(PtResponse) bad = NULL;
  g_autoptr(PtResponse) get = NULL;
  g_autoptr(PtResponse) page = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *old_secret = g_strdup (cs_practice_org_get_consumer_secret (f->org));
  g_autofree char *token = NULL;

  /* A form carries the token of the page it comes from. */
  page = pt_request (f, "GET", "/_practice/", NULL, NULL, NULL);
  token = pt_hidden_value (page->body, "token");
  form = pt_post_form (f, "/_practice/refresh-token-expiry", "token", token, "seconds", "120", NULL);
  g_assert_cmpuint (form->status, ==, SOUP_STATUS_SEE_OTHER);
  g_assert_true (g_str_has_suffix (pt_response_header (form, "Location"), "/_practice/"));
  g_assert_cmpuint (cs_practice_org_get_refresh_token_expiry (f->org), ==, 120);

  json = pt_request (f, "POST", "/_practice/rotate-secret", "application/json", "{}", NULL);
  g_assert_cmpuint (json->status, ==, SOUP_STATUS_OK);
  answer = pt_response_json (json);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "consumer_secret"), ==,
                   cs_practice_org_get_consumer_secret (f->org));
  g_assert_cmpstr (cs_practice_org_get_consumer_secret (f->org), !=, old_secret);

  bad = pt_request (f, "POST", "/_practice/revoke-tokens", "application/json",
                    "{\"username\": \"nobody@example.com\"}", NULL);
  g_assert_cmpuint (bad->status, ==, SOUP_STATUS_BAD_REQUEST);

  get = pt_request (f, "GET", "/_practice/rotate-secret", NULL, NULL, NULL);
  g_assert_cmpuint (get->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);

  g_assert_nonnull (strstr (page->body, "action=\"/_practice/revoke-tokens\""));
  g_assert_nonnull (strstr (page->body, "action=\"/_practice/reset-password\""));
  g_assert_nonnull (strstr (page->body, "action=\"/_practice/rotate-secret\""));
  g_assert_nonnull (strstr (page->body, "action=\"/_practice/refresh-token-expiry\""));
}

/* A second org gets another id; malformed ids are refused. */
static void
test_org_id (PtFixture     *f,
             gconstpointer  data)
{
  g_autoptr(CsPracticeOrg) other = cs_practice_org_new (1);

  g_assert_false (cs_practice_org_set_org_id (other, "001000000000001"));
  g_assert_false (cs_practice_org_set_org_id (other, "00D12345"));
  g_assert_false (cs_practice_org_set_org_id (other, "00D00000000000!"));
  g_assert_true (cs_practice_org_set_org_id (other, "00D5g000000OTHR"));
  g_assert_cmpuint (strlen (cs_practice_org_get_org_id (other)), ==, 18);
  g_assert_true (g_str_has_prefix (cs_practice_org_get_org_id (other), "00D5g000000OTHR"));
  g_assert_cmpstr (cs_practice_org_get_org_id (other), !=, cs_practice_org_get_org_id (f->org));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/practice/controls/" path, PtFixture, NULL, pt_fixture_setup, func, pt_fixture_teardown)

  ADD ("revoke-user-tokens", test_revoke_user_tokens);
  ADD ("reset-password", test_reset_password);
  ADD ("refresh-token-expiry", test_refresh_token_expiry);
  ADD ("rotate-secret", test_rotate_secret);
  ADD ("lines", test_control_lines);
  ADD ("http", test_http_controls);
  ADD ("org-id", test_org_id);

#undef ADD

  return g_test_run ();
}
