/* cs-oauth-request.c: one authorization attempt (state, PKCE, callback).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-oauth-request.h"
#include "cs-string-util.h"

/* 256 bits of state; a 64-byte verifier encodes to 86 characters, inside
 * RFC 7636's 43–128. */
#define STATE_BYTES     32
#define VERIFIER_BYTES  64

#define DEFAULT_PROMPT  "login"

struct _CsOAuthRequest
{
  GObject   parent_instance;

  char     *login_host;
  char     *client_id;
  char     *redirect_uri;
  char     *scope;
  char     *login_hint;
  char     *prompt;
  char     *state;
  char     *code_verifier;
  gboolean  use_pkce;
};

G_DEFINE_FINAL_TYPE (CsOAuthRequest, cs_oauth_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOGIN_HOST,
  PROP_CLIENT_ID,
  PROP_REDIRECT_URI,
  PROP_SCOPE,
  PROP_USE_PKCE,
  PROP_LOGIN_HINT,
  PROP_PROMPT,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The kernel's CSPRNG or nothing: a weaker fallback would make state and
 * verifier guessable, so a failure aborts. */
static void
fill_random (guint8 *buffer,
             gsize   n_bytes)
{
  gsize done = 0;

  while (done < n_bytes)
    {
      ssize_t n = getrandom (buffer + done, n_bytes - done, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_error ("getrandom() failed: %s", g_strerror (saved_errno));
        }

      done += (gsize) n;
    }
}

/* base64url without padding (RFC 4648 §5, RFC 7636 Appendix A). */
static char *
base64url_encode (const guint8 *data,
                  gsize         len)
{
  char *encoded = g_base64_encode (data, len);
  char *p;

  for (p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  return encoded;
}

char *
cs_random_urlsafe_string (gsize n_bytes)
{
  g_autofree guint8 *buffer = NULL;
  char *result;

  g_return_val_if_fail (n_bytes > 0, NULL);

  buffer = g_malloc (n_bytes);
  fill_random (buffer, n_bytes);
  result = base64url_encode (buffer, n_bytes);
  explicit_bzero (buffer, n_bytes);

  return result;
}

char *
cs_pkce_challenge_for_verifier (const char *verifier)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert (digest_len == sizeof digest);

  return base64url_encode (digest, digest_len);
}

static void
cs_oauth_request_finalize (GObject *object)
{
  CsOAuthRequest *self = CS_OAUTH_REQUEST (object);

  g_clear_pointer (&self->login_host, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->login_hint, g_free);
  g_clear_pointer (&self->prompt, g_free);
  cs_secret_clear (&self->state);
  cs_secret_clear (&self->code_verifier);

  G_OBJECT_CLASS (cs_oauth_request_parent_class)->finalize (object);
}

static void
cs_oauth_request_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsOAuthRequest *self = CS_OAUTH_REQUEST (object);

  switch (prop_id)
    {
    case PROP_LOGIN_HOST:
      g_value_set_string (value, self->login_host);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_USE_PKCE:
      g_value_set_boolean (value, self->use_pkce);
      break;
    case PROP_LOGIN_HINT:
      g_value_set_string (value, self->login_hint);
      break;
    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_oauth_request_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CsOAuthRequest *self = CS_OAUTH_REQUEST (object);

  switch (prop_id)
    {
    case PROP_LOGIN_HOST:
      self->login_host = g_value_dup_string (value);
      break;
    case PROP_CLIENT_ID:
      self->client_id = g_value_dup_string (value);
      break;
    case PROP_REDIRECT_URI:
      self->redirect_uri = g_value_dup_string (value);
      break;
    case PROP_SCOPE:
      cs_oauth_request_set_scope (self, g_value_get_string (value));
      break;
    case PROP_USE_PKCE:
      cs_oauth_request_set_use_pkce (self, g_value_get_boolean (value));
      break;
    case PROP_LOGIN_HINT:
      cs_oauth_request_set_login_hint (self, g_value_get_string (value));
      break;
    case PROP_PROMPT:
      cs_oauth_request_set_prompt (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_oauth_request_class_init (CsOAuthRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_oauth_request_finalize;
  object_class->get_property = cs_oauth_request_get_property;
  object_class->set_property = cs_oauth_request_set_property;

  properties[PROP_LOGIN_HOST] =
    g_param_spec_string ("login-host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL, CS_DEFAULT_REDIRECT_URI,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, CS_DEFAULT_SCOPE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_PKCE] =
    g_param_spec_boolean ("use-pkce", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN_HINT] =
    g_param_spec_string ("login-hint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, DEFAULT_PROMPT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /* The state is not secret (it travels in the URL); the verifier is, and
   * has no property. */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_oauth_request_init (CsOAuthRequest *self)
{
  self->state = cs_random_urlsafe_string (STATE_BYTES);
  self->code_verifier = cs_random_urlsafe_string (VERIFIER_BYTES);
  self->use_pkce = TRUE;
}

/* @redirect_uri may be NULL for CS_DEFAULT_REDIRECT_URI. */
CsOAuthRequest *
cs_oauth_request_new (const char *login_host,
                      const char *client_id,
                      const char *redirect_uri)
{
  g_return_val_if_fail (login_host != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  return g_object_new (CS_TYPE_OAUTH_REQUEST,
                       "login-host", login_host,
                       "client-id", client_id,
                       "redirect-uri", redirect_uri != NULL ? redirect_uri : CS_DEFAULT_REDIRECT_URI,
                       NULL);
}

const char *
cs_oauth_request_get_login_host (CsOAuthRequest *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), NULL);

  return self->login_host;
}

const char *
cs_oauth_request_get_client_id (CsOAuthRequest *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), NULL);

  return self->client_id;
}

const char *
cs_oauth_request_get_redirect_uri (CsOAuthRequest *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), NULL);

  return self->redirect_uri;
}

const char *
cs_oauth_request_get_state (CsOAuthRequest *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), NULL);

  return self->state;
}

const char *
cs_oauth_request_get_code_verifier (CsOAuthRequest *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), NULL);

  return self->use_pkce ? self->code_verifier : NULL;
}

gboolean
cs_oauth_request_get_use_pkce (CsOAuthRequest *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), FALSE);

  return self->use_pkce;
}

void
cs_oauth_request_set_use_pkce (CsOAuthRequest *self,
                               gboolean        use_pkce)
{
  g_return_if_fail (CS_IS_OAUTH_REQUEST (self));

  use_pkce = !!use_pkce;
  if (self->use_pkce == use_pkce)
    return;

  self->use_pkce = use_pkce;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_PKCE]);
}

void
cs_oauth_request_set_login_hint (CsOAuthRequest *self,
                                 const char     *login_hint)
{
  g_return_if_fail (CS_IS_OAUTH_REQUEST (self));

  if (login_hint != NULL && *login_hint == '\0')
    login_hint = NULL;

  if (cs_set_str (&self->login_hint, login_hint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN_HINT]);
}

/* NULL restores CS_DEFAULT_SCOPE. */
void
cs_oauth_request_set_scope (CsOAuthRequest *self,
                            const char     *scope)
{
  g_return_if_fail (CS_IS_OAUTH_REQUEST (self));

  if (cs_set_str (&self->scope, scope != NULL ? scope : CS_DEFAULT_SCOPE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
}

/* NULL or "" sends no prompt parameter. */
void
cs_oauth_request_set_prompt (CsOAuthRequest *self,
                             const char     *prompt)
{
  g_return_if_fail (CS_IS_OAUTH_REQUEST (self));

  if (prompt != NULL && *prompt == '\0')
    prompt = NULL;

  if (cs_set_str (&self->prompt, prompt))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  /* Everything but RFC 3986's unreserved characters is escaped, so a space
   * becomes %20 (never '+') and '&', '=', '#' cannot break the query. */
  escaped = g_uri_escape_string (value, NULL, FALSE);
  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

char *
cs_oauth_request_build_authorize_uri (CsOAuthRequest *self)
{
  g_autoptr(GString) query = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), NULL);

  query = g_string_new (NULL);
  append_param (query, "response_type", "code");
  append_param (query, "client_id", self->client_id);
  append_param (query, "redirect_uri", self->redirect_uri);
  append_param (query, "scope", self->scope);
  append_param (query, "state", self->state);
  append_param (query, "prompt", self->prompt);
  append_param (query, "login_hint", self->login_hint);
  if (self->use_pkce)
    {
      challenge = cs_pkce_challenge_for_verifier (self->code_verifier);
      append_param (query, "code_challenge", challenge);
      append_param (query, "code_challenge_method", "S256");
    }

  host = cs_http_dup_base_url (self->login_host);

  return g_strconcat (host, "/services/oauth2/authorize?", query->str, NULL);
}

static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port != -1)
    return port;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return 443;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    return 80;
  return -1;
}

/* Encoded parsing: an escaped reserved character stays escaped, so
 * "/salesforce%2FgetSfdc…" is not the registered path. GLib still decodes
 * escapes of unreserved characters ("%4F" is "O"), which RFC 3986 says
 * name the same resource: harmless. */
static GUri *
parse_strict (const char *uri)
{
  return g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
}

static gboolean
uris_match (GUri *registered,
            GUri *candidate)
{
  const char *registered_host = g_uri_get_host (registered);
  const char *candidate_host = g_uri_get_host (candidate);
  const char *registered_path = g_uri_get_path (registered);
  const char *candidate_path = g_uri_get_path (candidate);

  if (registered_host == NULL || candidate_host == NULL)
    return FALSE;

  /* A user name in front of the host is how "https://good.example@evil"
   * fools a reader; the registered URI never has one. */
  if (g_uri_get_userinfo (candidate) != NULL)
    return FALSE;

  /* "" and "/" are the same resource. */
  if (*registered_path == '\0')
    registered_path = "/";
  if (*candidate_path == '\0')
    candidate_path = "/";

  return g_ascii_strcasecmp (g_uri_get_scheme (registered), g_uri_get_scheme (candidate)) == 0 &&
         g_ascii_strcasecmp (registered_host, candidate_host) == 0 &&
         effective_port (registered) == effective_port (candidate) &&
         g_str_equal (registered_path, candidate_path);
}

gboolean
cs_oauth_request_is_callback (CsOAuthRequest *self,
                              const char     *uri)
{
  g_autoptr(GUri) registered = NULL;
  g_autoptr(GUri) candidate = NULL;

  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), FALSE);

  if (uri == NULL || self->redirect_uri == NULL)
    return FALSE;

  registered = parse_strict (self->redirect_uri);
  candidate = parse_strict (uri);
  if (registered == NULL || candidate == NULL)
    return FALSE;

  return uris_match (registered, candidate);
}

typedef enum {
  CALLBACK_QUERY_OK,
  CALLBACK_QUERY_REPEATED,     /* two states or two codes: someone is playing games */
  CALLBACK_QUERY_MALFORMED,    /* a pair without "=", a bad escape */
} CallbackQuery;

/* The callback's query as name → value into @params. A malformed query
 * refuses the whole callback: stopping at the bad pair would read
 * "code=abc&state=S&x&code=def" as if the second code were not there. */
static CallbackQuery
parse_callback_params (GUri       *uri,
                       GHashTable *params)
{
  const char *query = g_uri_get_query (uri);
  g_autoptr(GError) error = NULL;
  GUriParamsIter iter;
  char *name;
  char *value;

  if (query == NULL)
    return CALLBACK_QUERY_OK;

  /* Salesforce form-encodes the values: error_description comes as
   * "end-user+denied+authorization". */
  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, &error))
    {
      if (g_hash_table_contains (params, name))
        {
          g_free (name);
          cs_secret_wipe_free (value);
          return CALLBACK_QUERY_REPEATED;
        }
      g_hash_table_insert (params, name, value);
    }

  return error != NULL ? CALLBACK_QUERY_MALFORMED : CALLBACK_QUERY_OK;
}

static void
clear_secret_values (GHashTable *params)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value != NULL)
      explicit_bzero (value, strlen (value));
}

char *
cs_oauth_request_parse_callback (CsOAuthRequest  *self,
                                 const char      *uri,
                                 GError         **error)
{
  g_autoptr(GUri) registered = NULL;
  g_autoptr(GUri) candidate = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *state;
  const char *code;
  const char *oauth_error;
  char *result;

  g_return_val_if_fail (CS_IS_OAUTH_REQUEST (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  registered = self->redirect_uri != NULL ? parse_strict (self->redirect_uri) : NULL;
  candidate = uri != NULL ? parse_strict (uri) : NULL;
  if (registered == NULL || candidate == NULL || !uris_match (registered, candidate))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _ ("This address is not the app’s callback URL. Paste the "
                              "whole address the browser showed after clicking Allow."));
      return NULL;
    }

  switch (parse_callback_params (candidate, params))
    {
    case CALLBACK_QUERY_REPEATED:
      clear_secret_values (params);
      g_set_error_literal (error, CS_ERROR, CS_ERROR_STATE_MISMATCH,
                           _ ("The callback address repeats its parameters, so it was "
                              "ignored. Start the login again."));
      return NULL;
    case CALLBACK_QUERY_MALFORMED:
      clear_secret_values (params);
      g_set_error_literal (error, CS_ERROR, CS_ERROR_STATE_MISMATCH,
                           _ ("The callback address is damaged, so it was ignored. Start "
                              "the login again; if you pasted the address, paste all of it."));
      return NULL;
    case CALLBACK_QUERY_OK:
    default:
      break;
    }

  state = g_hash_table_lookup (params, "state");
  code = g_hash_table_lookup (params, "code");
  oauth_error = g_hash_table_lookup (params, "error");

  /* Salesforce echoes the state on errors too. An error without ours is not
   * an answer to this login: anyone can send the browser to the callback
   * with an error and a made-up error_description, which must not be shown
   * as if Salesforce said it. */
  if (oauth_error != NULL && *oauth_error != '\0')
    {
      g_autoptr(GError) mapped = NULL;

      if (state == NULL || !cs_secure_str_equal (state, self->state))
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_STATE_MISMATCH,
                               _ ("This login was not started by the wizard. Start the "
                                  "login again."));
          clear_secret_values (params);
          return NULL;
        }

      mapped = cs_error_new_from_oauth (oauth_error,
                                        g_hash_table_lookup (params, "error_description"));
      if (g_error_matches (mapped, CS_ERROR, CS_ERROR_PKCE_MISMATCH))
        g_propagate_error (error, cs_error_new_pkce_mismatch (self->use_pkce));
      else
        g_propagate_error (error, g_steal_pointer (&mapped));
      clear_secret_values (params);
      return NULL;
    }

  if (state == NULL || !cs_secure_str_equal (state, self->state))
    {
      g_propagate_error (error, cs_error_new_for_code (CS_ERROR_STATE_MISMATCH));
      clear_secret_values (params);
      return NULL;
    }

  if (code == NULL || *code == '\0')
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _ ("Salesforce came back without an authorization code. "
                              "Log in with Salesforce again."));
      return NULL;
    }

  result = g_strdup (code);
  clear_secret_values (params);
  return result;
}
