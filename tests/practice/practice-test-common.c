/* practice-test-common.c: plain-libsoup helpers for the practice tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <string.h>

#include "practice-test-common.h"

void
pt_response_free (PtResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

const char *
pt_response_header (PtResponse *response,
                    const char *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

JsonNode *
pt_response_json (PtResponse *response)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (response->body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

const char *
pt_rest_error_code (JsonNode *errors)
{
  JsonArray *array;
  JsonObject *first;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (errors));
  array = json_node_get_array (errors);
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  first = json_array_get_object_element (array, 0);
  g_assert_true (json_object_has_member (first, "message"));
  return json_object_get_string_member (first, "errorCode");
}

void
pt_fixture_setup (PtFixture     *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  guint n_leads = GPOINTER_TO_UINT (user_data);

  fixture->org = cs_practice_org_new (n_leads != 0 ? n_leads : 50);
  cs_practice_org_listen (fixture->org, 0, &error);
  g_assert_no_error (error);
  fixture->session = soup_session_new ();
  soup_session_add_feature_by_type (fixture->session, SOUP_TYPE_COOKIE_JAR);
}

void
pt_fixture_teardown (PtFixture     *fixture,
                     gconstpointer  user_data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->org);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static PtResponse *
send_message (PtFixture   *fixture,
              SoupMessage *msg)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PtResponse *response = g_new0 (PtResponse, 1);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* The server runs in this thread's main context: send asynchronously
   * and iterate until the answer is in. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    store_result, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  bytes = soup_session_send_and_read_finish (fixture->session, result, &error);
  g_assert_no_error (error);

  response->status = soup_message_get_status (msg);
  /* An empty body (304) reads as "", not NULL. */
  response->body = g_bytes_get_size (bytes) > 0
                   ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                   : g_strdup ("");
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return response;
}

static char *
absolute_url (PtFixture  *fixture,
              const char *path_or_url)
{
  if (g_str_has_prefix (path_or_url, "http://") || g_str_has_prefix (path_or_url, "https://"))
    return g_strdup (path_or_url);
  return g_strconcat (cs_practice_org_get_url (fixture->org), path_or_url, NULL);
}

static PtResponse *
request_valist (PtFixture  *fixture,
                const char *method,
                const char *path_or_url,
                const char *content_type,
                const char *body,
                va_list     args)
{
  g_autofree char *url = absolute_url (fixture, path_or_url);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  const char *name;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  return send_message (fixture, msg);
}

PtResponse *
pt_request (PtFixture  *fixture,
            const char *method,
            const char *path_or_url,
            const char *content_type,
            const char *body,
            ...)
{
  PtResponse *response;
  va_list args;

  va_start (args, body);
  response = request_valist (fixture, method, path_or_url, content_type, body, args);
  va_end (args);
  return response;
}

PtResponse *
pt_get_bearer (PtFixture  *fixture,
               const char *path_or_url,
               const char *token)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

  return pt_request (fixture, "GET", path_or_url, NULL, NULL,
                     "Authorization", authorization, NULL);
}

PtResponse *
pt_post_form (PtFixture  *fixture,
              const char *path,
              ...)
{
  g_autofree char *body = NULL;
  va_list args;
  const char *first;

  va_start (args, path);
  first = va_arg (args, const char *);
  body = soup_form_encode_valist (first, args);
  va_end (args);
  return pt_request (fixture, "POST", path, "application/x-www-form-urlencoded", body, NULL);
}

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *encoded = g_base64_encode (data, length);

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  return encoded;
}

char *
pt_pkce_verifier (gsize n_random_bytes)
{
  g_autofree guint8 *random = g_malloc (n_random_bytes);
  gsize i;

  for (i = 0; i < n_random_bytes; i++)
    random[i] = (guint8) g_random_int_range (0, 256);
  return base64url (random, n_random_bytes);
}

char *
pt_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &digest_len);
  return base64url (digest, digest_len);
}

void
pt_pkce_pair (char **verifier,
              char **challenge)
{
  *verifier = pt_pkce_verifier (32);
  *challenge = pt_pkce_challenge (*verifier);
}

JsonNode *
pt_get_json (PtFixture  *fixture,
             const char *path,
             const char *token,
             guint       expected_status)
{
  g_autoptr(PtResponse) response = pt_get_bearer (fixture, path, token);

  g_assert_cmpuint (response->status, ==, expected_status);
  return pt_response_json (response);
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "", name, escaped);
}

char *
pt_authorize_path (PtFixture  *fixture,
                   const char *state,
                   const char *scope,
                   const char *challenge)
{
  g_autoptr(GString) query = g_string_new (NULL);

  append_param (query, "response_type", "code");
  append_param (query, "client_id", cs_practice_org_get_consumer_key (fixture->org));
  append_param (query, "redirect_uri", cs_practice_org_get_callback_url (fixture->org));
  append_param (query, "prompt", "login");
  append_param (query, "state", state);
  append_param (query, "scope", scope);
  append_param (query, "code_challenge", challenge);
  if (challenge != NULL)
    append_param (query, "code_challenge_method", "S256");
  return g_strconcat ("/services/oauth2/authorize?", query->str, NULL);
}

char *
pt_hidden_value (const char *html,
                 const char *name)
{
  g_autofree char *needle = g_strdup_printf ("name=\"%s\" value=\"", name);
  const char *start = strstr (html, needle);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (needle);
  end = strchr (start, '"');
  g_assert_nonnull (end);
  return g_strndup (start, (gsize) (end - start));
}

char *
pt_url_param (const char *url,
              const char *name)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *query;

  g_assert_nonnull (uri);
  query = g_uri_get_query (uri);
  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_nonnull (params);
  return g_strdup (g_hash_table_lookup (params, name));
}

char *
pt_login_to_callback (PtFixture  *fixture,
                      const char *username,
                      const char *password,
                      const char *state,
                      const char *challenge)
{
  g_autofree char *path = pt_authorize_path (fixture, state, "api refresh_token", challenge);
  g_autoptr(PtResponse) login = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autoptr(PtResponse) posted = NULL;
  g_autoptr(PtResponse) verify = NULL;
  g_autoptr(PtResponse) verified = NULL;
  g_autoptr(PtResponse) consent = NULL;
  g_autoptr(PtResponse) allowed = NULL;
  g_autofree char *txn = NULL;
  g_autofree char *code = NULL;

  g_assert_cmpuint (login->status, ==, 200);
  txn = pt_hidden_value (login->body, "txn");
  g_assert_nonnull (txn);

  posted = pt_post_form (fixture, "/login", "txn", txn, "username", username,
                         "password", password, "Login", "Log In", NULL);
  g_assert_cmpuint (posted->status, ==, 302);
  verify = pt_request (fixture, "GET", pt_response_header (posted, "Location"), NULL, NULL, NULL);
  g_assert_cmpuint (verify->status, ==, 200);

  code = cs_practice_org_get_last_code (fixture->org, username);
  g_assert_nonnull (code);
  verified = pt_post_form (fixture, "/_ui/identity/verification/method/EmailVerificationFinishUi/e",
                           "txn", txn, "emc", code, "save", "Verify", NULL);
  g_assert_cmpuint (verified->status, ==, 302);
  consent = pt_request (fixture, "GET", pt_response_header (verified, "Location"), NULL, NULL, NULL);
  g_assert_cmpuint (consent->status, ==, 200);
  g_assert_nonnull (strstr (consent->body, "id=\"oaapprove\""));

  allowed = pt_post_form (fixture, "/setup/secur/RemoteAccessAuthorizationPage.apexp",
                          "txn", txn, "oaapprove", "Allow", NULL);
  g_assert_cmpuint (allowed->status, ==, 302);
  return g_strdup (pt_response_header (allowed, "Location"));
}

JsonObject *
pt_exchange_code (PtFixture  *fixture,
                  const char *code,
                  const char *verifier)
{
  g_autoptr(PtResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (verifier != NULL)
    response = pt_post_form (fixture, "/services/oauth2/token",
                             "grant_type", "authorization_code",
                             "code", code,
                             "client_id", cs_practice_org_get_consumer_key (fixture->org),
                             "client_secret", cs_practice_org_get_consumer_secret (fixture->org),
                             "redirect_uri", cs_practice_org_get_callback_url (fixture->org),
                             "code_verifier", verifier,
                             NULL);
  else
    response = pt_post_form (fixture, "/services/oauth2/token",
                             "grant_type", "authorization_code",
                             "code", code,
                             "client_id", cs_practice_org_get_consumer_key (fixture->org),
                             "client_secret", cs_practice_org_get_consumer_secret (fixture->org),
                             "redirect_uri", cs_practice_org_get_callback_url (fixture->org),
                             NULL);
  g_assert_cmpuint (response->status, ==, 200);
  root = pt_response_json (response);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

char *
pt_login (PtFixture  *fixture,
          gboolean    as_admin,
          char      **refresh_token)
{
  g_autofree char *verifier = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  const char *username = as_admin ? cs_practice_org_get_admin_username (fixture->org)
                                  : cs_practice_org_get_sync_username (fixture->org);
  const char *password = as_admin ? cs_practice_org_get_admin_password (fixture->org)
                                  : cs_practice_org_get_sync_password (fixture->org);

  pt_pkce_pair (&verifier, &challenge);
  location = pt_login_to_callback (fixture, username, password, "s", challenge);
  code = pt_url_param (location, "code");
  g_assert_nonnull (code);
  tokens = pt_exchange_code (fixture, code, verifier);
  if (refresh_token != NULL)
    *refresh_token = g_strdup (json_object_get_string_member_with_default (tokens, "refresh_token", NULL));
  return g_strdup (json_object_get_string_member (tokens, "access_token"));
}
