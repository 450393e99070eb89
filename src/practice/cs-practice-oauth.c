/* cs-practice-oauth.c: the OAuth 2.0 web-server flow of the practice org.
 *
 * authorize → login page → e-mailed verification code → "Allow Access?"
 * → callback with a code; then the token, revoke, userinfo and identity
 * endpoints. Everything a client checks is checked here too: the
 * registered callback, the consumer secret, single-use codes, PKCE S256.
 * HMAC and SHA-256 come from GLib: this side of the wire must not share
 * code with the client it tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-pages.h"
#include "cs-practice-util.h"

#define TOKEN_ALPHABET CS_PRACTICE_ALNUM "._"
#define PKCE_VERIFIER_MAX_LEN 256
/* Abandoned logins are forgotten after half an hour. */
#define TXN_LIFETIME_US (30 * 60 * G_USEC_PER_SEC)

/* Everything the External Client App was given ("add all available OAuth
 * scopes", says the Marketo guide). */
static const char *app_scopes[] = {
  "address", "api", "cdp_query_api", "chatter_api", "content", "custom_permissions",
  "eclair_api", "email", "full", "id", "lightning", "offline_access", "openid",
  "pardot_api", "phone", "profile", "refresh_token", "visualforce", "wave_api", "web",
  NULL
};

void
cs_practice_txn_free (CsPracticeTxn *txn)
{
  if (txn == NULL)
    return;
  g_free (txn->id);
  g_free (txn->client_id);
  g_free (txn->redirect_uri);
  g_free (txn->state);
  g_free (txn->scope);
  g_free (txn->code_challenge);
  g_free (txn->login_hint);
  g_free (txn->prompt);
  g_free (txn->verification_code);
  g_free (txn);
}

void
cs_practice_code_free (CsPracticeCode *code)
{
  if (code == NULL)
    return;
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->scope);
  g_free (code->code_challenge);
  g_free (code);
}

void
cs_practice_grant_free (CsPracticeGrant *grant)
{
  if (grant == NULL)
    return;
  g_free (grant->client_id);
  g_free (grant->scope);
  g_free (grant);
}

void
cs_practice_access_free (CsPracticeAccess *access)
{
  if (access == NULL)
    return;
  g_free (access->scope);
  g_free (access->refresh_token);
  g_free (access);
}

void
cs_practice_mail_free (CsPracticeMail *mail)
{
  if (mail == NULL)
    return;
  g_free (mail->to);
  g_free (mail->subject);
  g_free (mail->code);
  g_free (mail);
}

/* ---- helpers ------------------------------------------------------------------------ */

static gboolean
scope_has (const char *scope,
           const char *wanted)
{
  g_auto(GStrv) scopes = g_strsplit (scope != NULL ? scope : "", " ", -1);

  return g_strv_contains ((const char * const *) scopes, wanted);
}

static GHashTable *
request_params (SoupServerMessage *msg,
                GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "POST"))
    {
      g_autofree char *body = cs_practice_request_body (msg);

      if (*body != '\0')
        return cs_practice_form_decode (body);
    }
  if (query != NULL)
    return g_hash_table_ref (query);
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static const char *
param (GHashTable *params,
       const char *name)
{
  const char *value = g_hash_table_lookup (params, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static void
redirect_to_callback (SoupServerMessage *msg,
                      const char        *redirect_uri,
                      const char        *first_name,
                      ...)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *location = NULL;
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      cs_practice_append_form_param (query, name, value);
      name = va_arg (args, const char *);
    }
  va_end (args);

  location = g_strconcat (redirect_uri, strchr (redirect_uri, '?') != NULL ? "&" : "?",
                          query->str, NULL);
  cs_practice_reply_redirect (msg, location);
}

static void
redirect_error (CsPracticeOrg     *self,
                SoupServerMessage *msg,
                CsPracticeTxn     *txn,
                const char        *error,
                const char        *description)
{
  redirect_to_callback (msg, txn->redirect_uri,
                        "error", error,
                        "error_description", description,
                        "state", txn->state,
                        NULL);
  g_hash_table_remove (self->transactions, txn->id);
}

static void
reply_error_page (SoupServerMessage *msg,
                  guint              status,
                  const char        *title,
                  const char        *error,
                  const char        *description)
{
  cs_practice_reply_html (msg, status, cs_practice_page_error (title, error, description));
}

static void
reply_server_error_page (SoupServerMessage *msg)
{
  reply_error_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal Server Error",
                    "unknown_error", "An internal server error has occurred");
}

static CsPracticeTxn *
lookup_txn (CsPracticeOrg  *self,
            GHashTable     *params,
            CsPracticeStep  step)
{
  const char *id = param (params, "txn");
  CsPracticeTxn *txn = id != NULL ? g_hash_table_lookup (self->transactions, id) : NULL;

  if (txn == NULL || txn->step != step)
    return NULL;
  return txn;
}

static void
reply_txn_expired (SoupServerMessage *msg)
{
  reply_error_page (msg, SOUP_STATUS_BAD_REQUEST, "Session Expired", "invalid_request",
                    "Your login session has expired or was already used");
}

static gint64
created_us_of (gconstpointer value,
               gsize         created_offset)
{
  gint64 created_us;

  memcpy (&created_us, (const guint8 *) value + created_offset, sizeof created_us);
  return created_us;
}

void
cs_practice_prune (GHashTable *table,
                   gsize       created_offset,
                   gint64      lifetime_us,
                   guint       max)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key, value;


  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now - created_us_of (value, created_offset) > lifetime_us)
      g_hash_table_iter_remove (&iter);

  while (g_hash_table_size (table) >= max)
    {
      gpointer oldest = NULL;
      gint64 oldest_us = G_MAXINT64;

      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (created_us_of (value, created_offset) < oldest_us)
          {
            oldest = key;
            oldest_us = created_us_of (value, created_offset);
          }
      g_hash_table_remove (table, oldest);
    }
}

static void
prune_transactions (CsPracticeOrg *self)
{
  cs_practice_prune (self->transactions, G_STRUCT_OFFSET (CsPracticeTxn, created_us),
                     TXN_LIFETIME_US, CS_PRACTICE_MAX_PENDING);
}

static CsPracticeUser *
session_user (CsPracticeOrg     *self,
              SoupServerMessage *msg)
{
  const char *cookie = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Cookie");
  g_autoptr(GHashTable) cookies = NULL;
  CsPracticeSession *session;
  const char *sid;

  if (cookie == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (cookie);
  sid = g_hash_table_lookup (cookies, "sid");
  session = sid != NULL ? g_hash_table_lookup (self->sessions, sid) : NULL;
  if (session == NULL)
    return NULL;
  if (g_get_monotonic_time () - session->created_us > CS_PRACTICE_SESSION_LIFETIME_US)
    {
      g_hash_table_remove (self->sessions, sid);
      return NULL;
    }
  return session->user;
}

static void
send_verification_code (CsPracticeOrg *self,
                        CsPracticeTxn *txn)
{
  CsPracticeMail *mail = g_new0 (CsPracticeMail, 1);

  g_free (txn->verification_code);
  txn->verification_code = cs_practice_random_string ("0123456789", 6);

  mail->to = g_strdup (txn->user->username);
  mail->subject = g_strdup ("Verify your identity in Salesforce");
  mail->code = g_strdup (txn->verification_code);
  mail->sent = g_get_real_time () / G_USEC_PER_SEC;
  if (self->mailbox->len >= CS_PRACTICE_MAX_MAILBOX)
    g_ptr_array_remove_index (self->mailbox, 0);
  g_ptr_array_add (self->mailbox, mail);
}

static char *
page_url (CsPracticeOrg *self,
          const char    *path,
          CsPracticeTxn *txn)
{
  return g_strdup_printf ("%s%s?txn=%s", self->url, path, txn->id);
}

/* The user is known: the app policies decide, then consent. */
static void
after_authentication (CsPracticeOrg     *self,
                      SoupServerMessage *msg,
                      CsPracticeTxn     *txn,
                      gboolean           render_here)
{
  if (self->faults[CS_PRACTICE_FAULT_APP_BLOCKED])
    {
      redirect_error (self, msg, txn, "OAUTH_APP_BLOCKED", "this app is blocked by admin");
      return;
    }
  if (self->faults[CS_PRACTICE_FAULT_APP_NOT_APPROVED])
    {
      redirect_error (self, msg, txn, "invalid_app_access",
                      "user is not admin approved to access this app");
      return;
    }

  txn->step = CS_PRACTICE_STEP_CONSENT;
  if (render_here)
    cs_practice_reply_html (msg, SOUP_STATUS_OK,
                            cs_practice_page_consent (txn->id, CS_PRACTICE_APP_NAME,
                                                      txn->user->username, txn->scope));
  else
    {
      g_autofree char *location = page_url (self, CS_PRACTICE_CONSENT_PATH, txn);

      cs_practice_reply_redirect (msg, location);
    }
}

/* ---- authorize and its pages ----------------------------------------------------------- */

static gboolean
scope_is_valid (const char *scope)
{
  g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);
  guint i;

  for (i = 0; scopes[i] != NULL; i++)
    if (*scopes[i] != '\0' &&
        !g_strv_contains ((const char * const *) app_scopes, scopes[i]))
      return FALSE;
  return TRUE;
}

static gboolean
challenge_is_valid (const char *challenge)
{
  const char *p;

  /* base64url of a SHA-256 digest, without padding. */
  if (strlen (challenge) != 43)
    return FALSE;
  for (p = challenge; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
handle_authorize (CsPracticeOrg     *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  g_autoptr(GHashTable) params = request_params (msg, query);
  const char *client_id = param (params, "client_id");
  const char *redirect_uri = param (params, "redirect_uri");
  const char *response_type = param (params, "response_type");
  const char *scope = param (params, "scope");
  const char *challenge = param (params, "code_challenge");
  const char *challenge_method = param (params, "code_challenge_method");
  const char *prompt = param (params, "prompt");
  CsPracticeTxn *txn;
  CsPracticeUser *user;

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      reply_server_error_page (msg);
      return;
    }

  /* Without a known app and its exact callback there is nowhere safe to
   * send an error: show it instead of redirecting. */
  if (client_id == NULL || !cs_practice_secure_equal (client_id, self->consumer_key))
    {
      reply_error_page (msg, SOUP_STATUS_BAD_REQUEST, "Remote Access Error",
                        "OAUTH_EC_APP_NOT_FOUND", "External client app is not found");
      return;
    }
  if (redirect_uri == NULL || g_strcmp0 (redirect_uri, self->callback_url) != 0)
    {
      reply_error_page (msg, SOUP_STATUS_BAD_REQUEST, "Remote Access Error",
                        "redirect_uri_mismatch", "redirect_uri must match configuration");
      return;
    }

  prune_transactions (self);
  txn = g_new0 (CsPracticeTxn, 1);
  txn->id = cs_practice_random_string (CS_PRACTICE_ALNUM, 32);
  txn->created_us = g_get_monotonic_time ();
  txn->client_id = g_strdup (client_id);
  txn->redirect_uri = g_strdup (redirect_uri);
  txn->state = g_strdup (param (params, "state"));
  txn->login_hint = g_strdup (param (params, "login_hint"));
  txn->prompt = g_strdup (prompt);
  g_hash_table_insert (self->transactions, txn->id, txn);

  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect_error (self, msg, txn, "unsupported_response_type", "response type not supported");
      return;
    }

  if (scope == NULL)
    {
      g_autofree char *all = g_strjoinv (" ", (char **) app_scopes);

      txn->scope = g_steal_pointer (&all);
    }
  else if (!scope_is_valid (scope))
    {
      redirect_error (self, msg, txn, "invalid_scope", "the requested scope is not allowed");
      return;
    }
  else
    txn->scope = g_strdup (scope);

  if (challenge != NULL)
    {
      if (self->faults[CS_PRACTICE_FAULT_REJECT_PKCE])
        {
          redirect_error (self, msg, txn, "invalid_request",
                          "PKCE is not enabled for this app: code_challenge is not allowed");
          return;
        }
      if (challenge_method != NULL && g_strcmp0 (challenge_method, "S256") != 0)
        {
          redirect_error (self, msg, txn, "invalid_request",
                          "unsupported code_challenge_method: only S256 is allowed");
          return;
        }
      if (!challenge_is_valid (challenge))
        {
          redirect_error (self, msg, txn, "invalid_request", "invalid code_challenge");
          return;
        }
      txn->code_challenge = g_strdup (challenge);
    }

  user = session_user (self, msg);
  if (prompt != NULL && scope_has (prompt, "none"))
    {
      /* Approval is asked every time here, so it can never be immediate. */
      redirect_error (self, msg, txn, "immediate_unsuccessful", "immediate unsuccessful");
      return;
    }

  /* A browser that is still logged in skips the login, unless the app
   * asks for a fresh one (prompt=login): the "wrong user" trap. */
  if (user != NULL && !scope_has (prompt, "login"))
    {
      txn->user = user;
      after_authentication (self, msg, txn, TRUE);
      return;
    }

  txn->step = CS_PRACTICE_STEP_LOGIN;
  cs_practice_reply_html (msg, SOUP_STATUS_OK,
                          cs_practice_page_login (self->org_name, txn->id,
                                                  txn->login_hint, NULL));
}

static void
handle_login (CsPracticeOrg     *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(GHashTable) params = request_params (msg, query);
  const char *username = param (params, "username");
  const char *password = param (params, "password");
  CsPracticeTxn *txn;
  CsPracticeUser *user;
  g_autofree char *location = NULL;

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      reply_server_error_page (msg);
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      reply_txn_expired (msg);
      return;
    }
  txn = lookup_txn (self, params, CS_PRACTICE_STEP_LOGIN);
  if (txn == NULL)
    {
      reply_txn_expired (msg);
      return;
    }

  user = cs_practice_data_find_user (self->data, username);
  if (user == NULL || user->password == NULL || !cs_practice_secure_equal (password, user->password))
    {
      /* Same answer for an unknown user and a wrong password. */
      cs_practice_reply_html (msg, SOUP_STATUS_OK,
                              cs_practice_page_login (self->org_name, txn->id, username,
                                                      "Please check your username and password. "
                                                      "If you still can't log in, contact your "
                                                      "Salesforce administrator."));
      return;
    }

  txn->user = user;
  txn->step = CS_PRACTICE_STEP_VERIFY;
  send_verification_code (self, txn);
  location = page_url (self, CS_PRACTICE_VERIFY_PATH, txn);
  cs_practice_reply_redirect (msg, location);
}

static void
handle_verify (CsPracticeOrg     *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  g_autoptr(GHashTable) params = request_params (msg, query);
  CsPracticeTxn *txn;
  g_autofree char *sid = NULL;
  g_autofree char *cookie = NULL;
  CsPracticeSession *session;

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      reply_server_error_page (msg);
      return;
    }
  txn = lookup_txn (self, params, CS_PRACTICE_STEP_VERIFY);
  if (txn == NULL)
    {
      reply_txn_expired (msg);
      return;
    }

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      cs_practice_reply_html (msg, SOUP_STATUS_OK,
                              cs_practice_page_verify (txn->id, txn->user->email, NULL, NULL));
      return;
    }

  if (param (params, "resend") != NULL)
    {
      send_verification_code (self, txn);
      cs_practice_reply_html (msg, SOUP_STATUS_OK,
                              cs_practice_page_verify (txn->id, txn->user->email,
                                                       "We sent a new verification code.", NULL));
      return;
    }

  if (!cs_practice_secure_equal (param (params, "emc"), txn->verification_code))
    {
      cs_practice_reply_html (msg, SOUP_STATUS_OK,
                              cs_practice_page_verify (txn->id, txn->user->email, NULL,
                                                       "The verification code you entered is "
                                                       "invalid or has expired. Check the code "
                                                       "and try again."));
      return;
    }

  /* Logged in: the browser keeps a session, like Salesforce's sid. */
  sid = cs_practice_random_string (CS_PRACTICE_ALNUM, 40);
  cookie = g_strdup_printf ("sid=%s; Path=/; HttpOnly; SameSite=Lax", sid);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
  session = g_new0 (CsPracticeSession, 1);
  session->user = txn->user;
  session->created_us = g_get_monotonic_time ();
  cs_practice_prune (self->sessions, G_STRUCT_OFFSET (CsPracticeSession, created_us),
                     CS_PRACTICE_SESSION_LIFETIME_US, CS_PRACTICE_MAX_PENDING);
  g_hash_table_insert (self->sessions, g_steal_pointer (&sid), session);
  g_clear_pointer (&txn->verification_code, g_free);

  after_authentication (self, msg, txn, FALSE);
}

static void
handle_consent (CsPracticeOrg     *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  g_autoptr(GHashTable) params = request_params (msg, query);
  CsPracticeTxn *txn;
  CsPracticeCode *code;
  g_autofree char *code_value = NULL;
  g_autofree char *random = NULL;

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      reply_server_error_page (msg);
      return;
    }
  txn = lookup_txn (self, params, CS_PRACTICE_STEP_CONSENT);
  if (txn == NULL)
    {
      reply_txn_expired (msg);
      return;
    }

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      cs_practice_reply_html (msg, SOUP_STATUS_OK,
                              cs_practice_page_consent (txn->id, CS_PRACTICE_APP_NAME,
                                                        txn->user->username, txn->scope));
      return;
    }

  if (self->faults[CS_PRACTICE_FAULT_DENY_CONSENT] || param (params, "oaapprove") == NULL)
    {
      redirect_error (self, msg, txn, "access_denied", "end-user denied authorization");
      return;
    }

  /* Codes look like Salesforce's: base-64 text ending in "==", which the
   * callback carries percent-encoded. */
  random = cs_practice_random_string (CS_PRACTICE_ALNUM, 60);
  code_value = g_strconcat ("aPrx", random, "==", NULL);
  code = g_new0 (CsPracticeCode, 1);
  code->user = txn->user;
  code->client_id = g_strdup (txn->client_id);
  code->redirect_uri = g_strdup (txn->redirect_uri);
  code->scope = g_strdup (txn->scope);
  code->code_challenge = g_strdup (txn->code_challenge);
  code->created_us = g_get_monotonic_time ();
  /* Expired codes are kept a while longer, to be refused as expired. */
  cs_practice_prune (self->codes, G_STRUCT_OFFSET (CsPracticeCode, created_us),
                     2 * CS_PRACTICE_CODE_LIFETIME_US, CS_PRACTICE_MAX_PENDING);
  g_hash_table_insert (self->codes, g_strdup (code_value), code);

  redirect_to_callback (msg, txn->redirect_uri, "code", code_value, "state", txn->state, NULL);
  g_hash_table_remove (self->transactions, txn->id);
}

/* ---- token ----------------------------------------------------------------------------- */

static void
reply_oauth_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *error,
                   const char        *description)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache, no-store");
  cs_practice_reply_json (msg, status, cs_practice_oauth_error (error, description));
}

static char *
compute_signature (const char *key,
                   const char *id_url,
                   const char *issued_at)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key));
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) id_url, -1);
  g_hmac_update (hmac, (const guchar *) issued_at, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  return g_base64_encode (digest, digest_len);
}

static gboolean
verifier_matches (const char *verifier,
                  const char *challenge)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *encoded = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gsize len;

  if (verifier == NULL)
    return FALSE;
  /* RFC 7636 says 43 to 128 characters, but Salesforce's own guide makes
   * verifiers of 128 random bytes (171 characters) and Salesforce accepts
   * them; the upper bound only caps the work. */
  len = strlen (verifier);
  if (len < 43 || len > PKCE_VERIFIER_MAX_LEN)
    return FALSE;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, (gssize) len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  encoded = g_base64_encode (digest, digest_len);
  /* base64 → base64url without padding */
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  if (strchr (encoded, '=') != NULL)
    *strchr (encoded, '=') = '\0';
  return cs_practice_secure_equal (encoded, challenge);
}

static char *
new_access_token (CsPracticeOrg  *self,
                  CsPracticeUser *user,
                  const char     *scope,
                  const char     *refresh_token)
{
  g_autofree char *random = cs_practice_random_string (TOKEN_ALPHABET, 110);
  char *token = g_strdup_printf ("%.15s!AQ%s", self->org_id, random);
  CsPracticeAccess *access = g_new0 (CsPracticeAccess, 1);

  access->user = user;
  access->scope = g_strdup (scope);
  access->refresh_token = g_strdup (refresh_token);
  access->serial = self->next_token_serial++;
  g_hash_table_insert (self->access_tokens, g_strdup (token), access);
  return token;
}

char *
cs_practice_oauth_issue_access_token (CsPracticeOrg  *self,
                                      CsPracticeRole  role)
{
  return new_access_token (self, cs_practice_org_get_user (self, role), "api refresh_token", NULL);
}

static char *
new_refresh_token (CsPracticeOrg  *self,
                   CsPracticeUser *user,
                   const char     *client_id,
                   const char     *scope)
{
  g_autofree char *random = cs_practice_random_string (TOKEN_ALPHABET, 80);
  char *token = g_strconcat ("5Aep861", random, NULL);
  CsPracticeGrant *grant = g_new0 (CsPracticeGrant, 1);

  grant->user = user;
  grant->client_id = g_strdup (client_id);
  grant->scope = g_strdup (scope);
  grant->issued_us = g_get_monotonic_time ();
  g_hash_table_insert (self->refresh_tokens, g_strdup (token), grant);
  return token;
}

static void
reply_tokens (CsPracticeOrg     *self,
              SoupServerMessage *msg,
              CsPracticeUser    *user,
              const char        *scope,
              const char        *access_token,
              const char        *refresh_token)
{
  g_autofree char *id_url = g_strdup_printf ("%s/id/%s/%s", self->url, self->org_id, user->id);
  g_autofree char *issued_at = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *signature = NULL;
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  if (self->faults[CS_PRACTICE_FAULT_BAD_SIGNATURE])
    {
      /* Signed with the wrong key, as a tampered response would be. */
      g_autofree char *wrong_key = g_strconcat (self->consumer_secret, "-tampered", NULL);

      signature = compute_signature (wrong_key, id_url, issued_at);
    }
  else
    signature = compute_signature (self->consumer_secret, id_url, issued_at);

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "access_token", access_token);
  if (refresh_token != NULL)
    cs_json_kv_string (&w, "refresh_token", refresh_token);
  cs_json_kv_string (&w, "signature", signature);
  cs_json_kv_string (&w, "scope", scope);
  cs_json_kv_string (&w, "instance_url", self->url);
  cs_json_kv_string (&w, "id", id_url);
  cs_json_kv_string (&w, "token_type", "Bearer");
  cs_json_kv_string (&w, "issued_at", issued_at);
  cs_json_end_object (&w);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache, no-store");
  cs_practice_reply_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

static void
grant_authorization_code (CsPracticeOrg     *self,
                          SoupServerMessage *msg,
                          GHashTable        *params)
{
  const char *code_value = param (params, "code");
  CsPracticeCode *code;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;
  gpointer key = NULL;
  gpointer value = NULL;

  /* Single use: whatever happens next, this code is gone. */
  if (code_value == NULL ||
      !g_hash_table_steal_extended (self->codes, code_value, &key, &value))
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "invalid authorization code");
      return;
    }
  g_free (key);
  code = value;

  if (self->faults[CS_PRACTICE_FAULT_EXPIRED_CODE] ||
      g_get_monotonic_time () - code->created_us > CS_PRACTICE_CODE_LIFETIME_US)
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "expired authorization code");
  else if (g_strcmp0 (code->client_id, param (params, "client_id")) != 0)
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "invalid authorization code");
  else if (g_strcmp0 (code->redirect_uri, param (params, "redirect_uri")) != 0)
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "redirect_uri_mismatch",
                       "redirect_uri must match configuration");
  else if (code->code_challenge != NULL &&
           !verifier_matches (param (params, "code_verifier"), code->code_challenge))
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "invalid code verifier");
  else if (code->code_challenge == NULL && self->faults[CS_PRACTICE_FAULT_REQUIRE_PKCE])
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                       "invalid code verifier: this app requires PKCE (code_challenge and code_verifier)");
  else if (self->faults[CS_PRACTICE_FAULT_INACTIVE_USER])
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "inactive_user", "user is inactive");
  else
    {
      if (scope_has (code->scope, "refresh_token") || scope_has (code->scope, "offline_access"))
        refresh_token = new_refresh_token (self, code->user, code->client_id, code->scope);
      access_token = new_access_token (self, code->user, code->scope, refresh_token);
      reply_tokens (self, msg, code->user, code->scope, access_token, refresh_token);
    }

  cs_practice_code_free (code);
}

static void
revoke_rotated_family (CsPracticeOrg *self,
                       const char    *token)
{
  const char *successor = g_hash_table_lookup (self->rotated_tokens, token);

  /* Bounded by the number of rotations ever made: each step moves on. */
  while (successor != NULL)
    {
      g_hash_table_remove (self->refresh_tokens, successor);
      successor = g_hash_table_lookup (self->rotated_tokens, successor);
    }
}

static void
grant_refresh_token (CsPracticeOrg     *self,
                     SoupServerMessage *msg,
                     GHashTable        *params)
{
  const char *refresh_token = param (params, "refresh_token");
  CsPracticeGrant *grant = refresh_token != NULL
                           ? g_hash_table_lookup (self->refresh_tokens, refresh_token)
                           : NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *rotated = NULL;
  CsPracticeUser *user;
  g_autofree char *scope = NULL;

  /* Refresh Token Rotation: presenting a token that was already rotated out
   * means it leaked (or a client refreshed twice); Salesforce then revokes
   * the whole family, the current successor included. */
  if (grant == NULL && refresh_token != NULL)
    revoke_rotated_family (self, refresh_token);
  /* The app's refresh-token policy ("expire refresh token after"). */
  if (grant != NULL && cs_practice_grant_is_expired (self, grant))
    {
      g_hash_table_remove (self->refresh_tokens, refresh_token);
      grant = NULL;
    }

  if (self->faults[CS_PRACTICE_FAULT_REVOKED_REFRESH] || grant == NULL ||
      g_strcmp0 (grant->client_id, param (params, "client_id")) != 0)
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "expired access/refresh token");
      return;
    }
  if (self->faults[CS_PRACTICE_FAULT_INACTIVE_USER])
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "inactive_user", "user is inactive");
      return;
    }

  user = grant->user;
  scope = g_strdup (grant->scope);
  if (self->faults[CS_PRACTICE_FAULT_ROTATE_REFRESH])
    {
      /* Refresh Token Rotation: a new one each time, the old one is dead. */
      rotated = new_refresh_token (self, user, grant->client_id, scope);
      g_hash_table_insert (self->rotated_tokens, g_strdup (refresh_token), g_strdup (rotated));
      g_hash_table_remove (self->refresh_tokens, refresh_token);
      access_token = new_access_token (self, user, scope, rotated);
    }
  else
    access_token = new_access_token (self, user, scope, refresh_token);

  reply_tokens (self, msg, user, scope, access_token, rotated);
}

static void
handle_token (CsPracticeOrg     *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(GHashTable) params = NULL;
  const char *grant_type;
  const char *client_id;

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      reply_oauth_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "unknown_error", "retry your request");
      return;
    }
  /* A POST redirected from http:// arrives as a GET without its body. */
  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", "grant type not supported");
      return;
    }
  if (self->faults[CS_PRACTICE_FAULT_RATE_LIMIT])
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "rate_limit_exceeded", "rate limit exceeded");
      return;
    }

  params = request_params (msg, query);
  grant_type = param (params, "grant_type");
  client_id = param (params, "client_id");

  if (g_strcmp0 (grant_type, "authorization_code") != 0 &&
      g_strcmp0 (grant_type, "refresh_token") != 0)
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", "grant type not supported");
  else if (client_id == NULL || !cs_practice_secure_equal (client_id, self->consumer_key))
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_client_id", "client identifier invalid");
  /* "Require secret for Web Server Flow" and "… for Refresh Token Flow". */
  else if (!cs_practice_secure_equal (param (params, "client_secret"), self->consumer_secret))
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_client", "invalid client credentials");
  else if (g_str_equal (grant_type, "authorization_code"))
    grant_authorization_code (self, msg, params);
  else
    grant_refresh_token (self, msg, params);
}

/* ---- revoke ----------------------------------------------------------------------------- */

static gboolean
access_belongs_to (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  CsPracticeAccess *access = value;

  return g_strcmp0 (access->refresh_token, user_data) == 0;
}

static void
handle_revoke (CsPracticeOrg     *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  g_autoptr(GHashTable) params = request_params (msg, query);
  const char *token = param (params, "token");

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      reply_oauth_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "unknown_error", "retry your request");
      return;
    }

  if (token != NULL && g_hash_table_contains (self->refresh_tokens, token))
    {
      /* A refresh token takes its access tokens with it. */
      g_hash_table_foreach_remove (self->access_tokens, access_belongs_to, (gpointer) token);
      g_hash_table_remove (self->refresh_tokens, token);
    }
  else if (token == NULL || !g_hash_table_remove (self->access_tokens, token))
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_token", "invalid token");
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache, no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* ---- identity ---------------------------------------------------------------------------- */

static void
write_identity_urls (CsJsonWriter   *w,
                     CsPracticeOrg  *self,
                     CsPracticeUser *user,
                     const char     *version)
{
  const char *url = self->url;
  g_autofree char *org15 = g_strndup (self->org_id, 15);
  g_autofree char *s = NULL;

#define KV(key, ...) \
  G_STMT_START { \
    g_clear_pointer (&s, g_free); \
    s = g_strdup_printf (__VA_ARGS__); \
    cs_json_kv_string (w, key, s); \
  } G_STMT_END

  cs_json_key (w, "urls");
  cs_json_begin_object (w);
  KV ("enterprise", "%s/services/Soap/c/%s/%s", url, version, org15);
  KV ("metadata", "%s/services/Soap/m/%s/%s", url, version, org15);
  KV ("partner", "%s/services/Soap/u/%s/%s", url, version, org15);
  KV ("rest", "%s/services/data/v%s/", url, version);
  KV ("sobjects", "%s/services/data/v%s/sobjects/", url, version);
  KV ("search", "%s/services/data/v%s/search/", url, version);
  KV ("query", "%s/services/data/v%s/query/", url, version);
  KV ("recent", "%s/services/data/v%s/recent/", url, version);
  KV ("tooling_soap", "%s/services/Soap/T/%s/%s", url, version, org15);
  KV ("tooling_rest", "%s/services/data/v%s/tooling/", url, version);
  KV ("profile", "%s/%s", url, user->id);
  KV ("feeds", "%s/services/data/v%s/chatter/feeds", url, version);
  KV ("groups", "%s/services/data/v%s/chatter/groups", url, version);
  KV ("users", "%s/services/data/v%s/chatter/users", url, version);
  KV ("feed_items", "%s/services/data/v%s/chatter/feed-items", url, version);
  KV ("feed_elements", "%s/services/data/v%s/chatter/feed-elements", url, version);
  KV ("custom_domain", "%s", url);
  cs_json_end_object (w);
#undef KV
}

static void
write_photos (CsJsonWriter   *w,
              CsPracticeOrg  *self,
              CsPracticeUser *user)
{
  g_autofree char *picture = g_strdup_printf ("%s/profilephoto/005/F", self->url);
  g_autofree char *thumbnail = g_strdup_printf ("%s/profilephoto/005/T", self->url);

  cs_json_key (w, "photos");
  cs_json_begin_object (w);
  cs_json_kv_string (w, "picture", picture);
  cs_json_kv_string (w, "thumbnail", thumbnail);
  cs_json_end_object (w);
}

/* The part both shapes share, after their own leading keys. */
static void
write_identity_tail (CsJsonWriter   *w,
                     CsPracticeOrg  *self,
                     CsPracticeUser *user,
                     const char     *version,
                     const char     *modified_key)
{
  g_autofree char *modified = cs_practice_iso_datetime (G_GINT64_CONSTANT (1704096000));

  write_identity_urls (w, self, user, version);
  cs_json_kv_bool (w, "active", TRUE);
  cs_json_kv_string (w, "user_type", "STANDARD");
  cs_json_kv_string (w, "language", "en_US");
  cs_json_kv_string (w, "locale", "en_US");
  cs_json_kv_int (w, "utcOffset", G_GINT64_CONSTANT (-28800000));
  cs_json_kv_string (w, modified_key, modified);
  cs_json_kv_bool (w, "is_app_installed", TRUE);
}

static char *
identity_json (CsPracticeOrg  *self,
               CsPracticeUser *user,
               const char     *version)
{
  g_autofree char *id_url = g_strdup_printf ("%s/id/%s/%s", self->url, self->org_id, user->id);
  g_autofree char *name = cs_practice_user_get_name (user);
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "id", id_url);
  cs_json_kv_bool (&w, "asserted_user", TRUE);
  cs_json_kv_string (&w, "user_id", user->id);
  cs_json_kv_string (&w, "organization_id", self->org_id);
  cs_json_kv_string (&w, "username", user->username);
  cs_json_kv_string (&w, "nick_name", user->nickname);
  cs_json_kv_string (&w, "display_name", name);
  cs_json_kv_string (&w, "email", user->email);
  cs_json_kv_bool (&w, "email_verified", TRUE);
  cs_json_kv_string (&w, "first_name", user->first_name);
  cs_json_kv_string (&w, "last_name", user->last_name);
  cs_json_kv_string (&w, "timezone", "America/Los_Angeles");
  write_photos (&w, self, user);
  cs_json_kv_null (&w, "addr_street");
  cs_json_kv_string (&w, "addr_city", "San Francisco");
  cs_json_kv_string (&w, "addr_state", "CA");
  cs_json_kv_string (&w, "addr_country", "US");
  cs_json_kv_null (&w, "addr_zip");
  cs_json_kv_null (&w, "mobile_phone");
  cs_json_kv_bool (&w, "mobile_phone_verified", FALSE);
  cs_json_kv_bool (&w, "is_lightning_login_user", FALSE);
  cs_json_key (&w, "status");
  cs_json_begin_object (&w);
  cs_json_kv_null (&w, "created_date");
  cs_json_kv_null (&w, "body");
  cs_json_end_object (&w);
  write_identity_tail (&w, self, user, version, "last_modified_date");
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static char *
userinfo_json (CsPracticeOrg  *self,
               CsPracticeUser *user)
{
  g_autofree char *id_url = g_strdup_printf ("%s/id/%s/%s", self->url, self->org_id, user->id);
  g_autofree char *profile = g_strdup_printf ("%s/%s", self->url, user->id);
  g_autofree char *picture = g_strdup_printf ("%s/profilephoto/005/F", self->url);
  g_autofree char *name = cs_practice_user_get_name (user);
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "sub", id_url);
  cs_json_kv_string (&w, "user_id", user->id);
  cs_json_kv_string (&w, "organization_id", self->org_id);
  cs_json_kv_string (&w, "preferred_username", user->username);
  cs_json_kv_string (&w, "nickname", user->nickname);
  cs_json_kv_string (&w, "name", name);
  cs_json_kv_string (&w, "email", user->email);
  cs_json_kv_bool (&w, "email_verified", TRUE);
  cs_json_kv_string (&w, "given_name", user->first_name);
  cs_json_kv_string (&w, "family_name", user->last_name);
  cs_json_kv_string (&w, "zoneinfo", "America/Los_Angeles");
  write_photos (&w, self, user);
  cs_json_kv_string (&w, "profile", profile);
  cs_json_kv_string (&w, "picture", picture);
  cs_json_key (&w, "address");
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "locality", "San Francisco");
  cs_json_kv_string (&w, "region", "CA");
  cs_json_kv_string (&w, "country", "US");
  cs_json_end_object (&w);
  cs_json_kv_bool (&w, "is_salesforce_integration_user", FALSE);
  write_identity_tail (&w, self, user, "{version}", "updated_at");
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

/* The identity service answers with bare error words, not JSON. */
static CsPracticeAccess *
identity_authenticate (CsPracticeOrg     *self,
                       SoupServerMessage *msg,
                       GHashTable        *query)
{
  CsPracticeAccess *access = cs_practice_org_authenticate (self, msg, query);
  const char *header;

  if (access != NULL)
    return access;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (header == NULL && (query == NULL || !g_hash_table_contains (query, "oauth_token")))
    cs_practice_reply_text (msg, SOUP_STATUS_FORBIDDEN, "Missing_OAuth_Token");
  else
    cs_practice_reply_text (msg, SOUP_STATUS_FORBIDDEN, "Bad_OAuth_Token");
  return NULL;
}

static void
handle_userinfo (CsPracticeOrg     *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  CsPracticeAccess *access;

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      cs_practice_reply_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal_Error");
      return;
    }
  access = identity_authenticate (self, msg, query);
  if (access == NULL)
    return;
  cs_practice_reply_json (msg, SOUP_STATUS_OK, userinfo_json (self, access->user));
}

static void
handle_identity (CsPracticeOrg     *self,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query)
{
  g_auto(GStrv) parts = g_strsplit (path + strlen ("/id/"), "/", -1);
  const char *version = query != NULL ? g_hash_table_lookup (query, "version") : NULL;
  const char *format = query != NULL ? g_hash_table_lookup (query, "format") : NULL;
  CsPracticeAccess *access;
  CsPracticeUser *user;

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    {
      cs_practice_reply_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal_Error");
      return;
    }
  access = identity_authenticate (self, msg, query);
  if (access == NULL)
    return;

  if (g_strv_length (parts) != 2 || strlen (parts[0]) < 15 || strlen (parts[1]) < 15)
    {
      cs_practice_reply_text (msg, SOUP_STATUS_NOT_FOUND, "Bad_Id");
      return;
    }
  if (strncmp (parts[0], self->org_id, 15) != 0)
    {
      cs_practice_reply_text (msg, SOUP_STATUS_FORBIDDEN, "Wrong_Org");
      return;
    }
  user = cs_practice_data_find_user (self->data, parts[1]);
  if (user == NULL)
    {
      cs_practice_reply_text (msg, SOUP_STATUS_NOT_FOUND, "Bad_Id");
      return;
    }
  if (user != access->user)
    {
      cs_practice_reply_text (msg, SOUP_STATUS_FORBIDDEN, "No_Access");
      return;
    }
  if (format != NULL && g_ascii_strcasecmp (format, "json") != 0)
    {
      cs_practice_reply_text (msg, SOUP_STATUS_NOT_ACCEPTABLE, "Invalid_Format");
      return;
    }
  if (g_strcmp0 (version, "latest") == 0)
    version = cs_practice_org_latest_version ();
  if (version != NULL && !cs_practice_org_version_is_supported (version))
    {
      cs_practice_reply_text (msg, SOUP_STATUS_NOT_ACCEPTABLE, "Invalid_Version");
      return;
    }

  cs_practice_reply_json (msg, SOUP_STATUS_OK,
                          identity_json (self, user, version != NULL ? version : "{version}"));
}

/* ---- routing ------------------------------------------------------------------------------ */

gboolean
cs_practice_oauth_handle (CsPracticeOrg     *self,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query)
{
  if (g_str_equal (path, "/services/oauth2/authorize"))
    handle_authorize (self, msg, query);
  else if (g_str_equal (path, CS_PRACTICE_LOGIN_PATH))
    handle_login (self, msg, query);
  else if (g_str_equal (path, CS_PRACTICE_VERIFY_PATH))
    handle_verify (self, msg, query);
  else if (g_str_equal (path, CS_PRACTICE_CONSENT_PATH))
    handle_consent (self, msg, query);
  else if (g_str_equal (path, "/services/oauth2/token"))
    handle_token (self, msg, query);
  else if (g_str_equal (path, "/services/oauth2/revoke"))
    handle_revoke (self, msg, query);
  else if (g_str_equal (path, "/services/oauth2/userinfo"))
    handle_userinfo (self, msg, query);
  else if (g_str_has_prefix (path, "/id/"))
    handle_identity (self, msg, path, query);
  else
    return FALSE;
  return TRUE;
}
