/* cs-oauth-client.c: the token, revoke and identity endpoints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-oauth-client.h"

#define TOKEN_PATH    "/services/oauth2/token"
#define REVOKE_PATH   "/services/oauth2/revoke"
#define USERINFO_PATH "/services/oauth2/userinfo"

#define FORM_CONTENT_TYPE "application/x-www-form-urlencoded"

struct _CsOAuthClient
{
  GObject      parent_instance;

  char        *login_host;
  char        *consumer_key;
  char        *consumer_secret;   /* memory only; never a property */
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (CsOAuthClient, cs_oauth_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOGIN_HOST,
  PROP_CONSUMER_KEY,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a token request must remember until its answer arrives. */
typedef struct {
  SoupMessage *message;
  char        *refresh_token;   /* refresh: kept when no new one comes back */
  gboolean     pkce_used;       /* code exchange: to word a PKCE mismatch */
} TokenData;

static void
token_data_free (TokenData *data)
{
  g_clear_object (&data->message);
  cs_secret_clear (&data->refresh_token);
  g_free (data);
}

static void
cs_oauth_client_finalize (GObject *object)
{
  CsOAuthClient *self = CS_OAUTH_CLIENT (object);

  g_clear_pointer (&self->login_host, g_free);
  g_clear_pointer (&self->consumer_key, g_free);
  cs_secret_clear (&self->consumer_secret);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cs_oauth_client_parent_class)->finalize (object);
}

static void
cs_oauth_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsOAuthClient *self = CS_OAUTH_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LOGIN_HOST:
      g_value_set_string (value, self->login_host);
      break;
    case PROP_CONSUMER_KEY:
      g_value_set_string (value, self->consumer_key);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_oauth_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CsOAuthClient *self = CS_OAUTH_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LOGIN_HOST:
      /* Paths are appended to it. */
      self->login_host = cs_http_dup_base_url (g_value_get_string (value));
      break;
    case PROP_CONSUMER_KEY:
      self->consumer_key = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_oauth_client_class_init (CsOAuthClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_oauth_client_finalize;
  object_class->get_property = cs_oauth_client_get_property;
  object_class->set_property = cs_oauth_client_set_property;

  properties[PROP_LOGIN_HOST] =
    g_param_spec_string ("login-host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONSUMER_KEY] =
    g_param_spec_string ("consumer-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_oauth_client_init (CsOAuthClient *self)
{
  self->session = cs_http_session_new ();
}

/* @consumer_secret may be NULL or "" for an app that requires none; then no
 * client_secret is sent and token signatures cannot be checked. */
CsOAuthClient *
cs_oauth_client_new (const char *login_host,
                     const char *consumer_key,
                     const char *consumer_secret)
{
  CsOAuthClient *self;

  g_return_val_if_fail (login_host != NULL, NULL);
  g_return_val_if_fail (consumer_key != NULL, NULL);

  self = g_object_new (CS_TYPE_OAUTH_CLIENT,
                       "login-host", login_host,
                       "consumer-key", consumer_key,
                       NULL);
  if (consumer_secret != NULL && *consumer_secret != '\0')
    self->consumer_secret = g_strdup (consumer_secret);

  return self;
}

const char *
cs_oauth_client_get_login_host (CsOAuthClient *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), NULL);

  return self->login_host;
}

const char *
cs_oauth_client_get_consumer_key (CsOAuthClient *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), NULL);

  return self->consumer_key;
}

SoupSession *
cs_oauth_client_get_session (CsOAuthClient *self)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), NULL);

  return self->session;
}

/* A POST of @form to @path on the login host; NULL with
 * CS_ERROR_INVALID_HOST when the host would get the secrets in clear. */
static SoupMessage *
new_form_post (CsOAuthClient  *self,
               const char     *path,
               GBytes         *form,
               GError        **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) message = NULL;

  g_assert (form != NULL);

  uri = g_strconcat (self->login_host, path, NULL);
  if (!cs_http_uri_check_secure (uri, error))
    return NULL;

  message = cs_http_message_new ("POST", uri, error);
  if (message == NULL)
    return NULL;

  soup_message_set_request_body_from_bytes (message, FORM_CONTENT_TYPE, form);

  return g_steal_pointer (&message);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsOAuthClient *self = g_task_get_source_object (task);
  TokenData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  root = cs_http_send_json_finish (SOUP_SESSION (object), result, &error);
  if (root == NULL && error == NULL)
    error = cs_error_new_for_code (CS_ERROR_MALFORMED_RESPONSE);

  if (error != NULL)
    {
      g_debug ("Token request failed: %s", cs_error_code_to_string (error->code));
      if (g_error_matches (error, CS_ERROR, CS_ERROR_PKCE_MISMATCH))
        g_task_return_error (task, cs_error_new_pkce_mismatch (data->pkce_used));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  tokens = cs_token_set_new_from_json (root, self->consumer_secret, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->refresh_token != NULL && cs_token_set_get_refresh_token (tokens) == NULL)
    cs_token_set_set_refresh_token (tokens, data->refresh_token);

  g_debug ("Token request succeeded%s",
           data->refresh_token != NULL &&
           !cs_secure_str_equal (data->refresh_token, cs_token_set_get_refresh_token (tokens))
           ? " (refresh token rotated)" : "");

  g_task_return_pointer (task, g_steal_pointer (&tokens), g_object_unref);
}

/* POSTs @form to the token endpoint. Consumes @task. */
static void
send_token_request (CsOAuthClient *self,
                    GTask         *task,
                    GBytes        *form)
{
  TokenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->message = new_form_post (self, TOKEN_PATH, form, &error);
  if (data->message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  cs_http_send_json_async (self->session, data->message, CS_HTTP_MAX_TOKEN_BODY,
                           g_task_get_cancellable (task), token_cb, task);
}

void
cs_oauth_client_exchange_code_async (CsOAuthClient       *self,
                                     CsOAuthRequest      *request,
                                     const char          *code,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) form = NULL;
  TokenData *data;

  g_return_if_fail (CS_IS_OAUTH_CLIENT (self));
  g_return_if_fail (CS_IS_OAUTH_REQUEST (request));
  g_return_if_fail (code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_oauth_client_exchange_code_async);
  data = g_new0 (TokenData, 1);
  data->pkce_used = cs_oauth_request_get_use_pkce (request);
  g_task_set_task_data (task, data, (GDestroyNotify) token_data_free);

  g_debug ("Exchanging an authorization code (PKCE %s)", data->pkce_used ? "on" : "off");

  form = cs_http_form_new ("grant_type", "authorization_code",
                           "code", code,
                           "client_id", self->consumer_key,
                           "client_secret", self->consumer_secret,
                           "redirect_uri", cs_oauth_request_get_redirect_uri (request),
                           "code_verifier", cs_oauth_request_get_code_verifier (request),
                           NULL);

  send_token_request (self, g_steal_pointer (&task), form);
}

CsTokenSet *
cs_oauth_client_exchange_code_finish (CsOAuthClient  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_oauth_client_exchange_code_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cs_oauth_client_refresh_async (CsOAuthClient       *self,
                               const char          *refresh_token,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) form = NULL;
  TokenData *data;

  g_return_if_fail (CS_IS_OAUTH_CLIENT (self));
  g_return_if_fail (refresh_token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_oauth_client_refresh_async);
  data = g_new0 (TokenData, 1);
  data->refresh_token = g_strdup (refresh_token);
  g_task_set_task_data (task, data, (GDestroyNotify) token_data_free);

  g_debug ("Refreshing the access token");

  form = cs_http_form_new ("grant_type", "refresh_token",
                           "refresh_token", refresh_token,
                           "client_id", self->consumer_key,
                           "client_secret", self->consumer_secret,
                           NULL);

  send_token_request (self, g_steal_pointer (&task), form);
}

CsTokenSet *
cs_oauth_client_refresh_finish (CsOAuthClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_oauth_client_refresh_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
revoke_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = cs_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_error (task, cs_http_error_from_response (message, body));
      return;
    }

  g_debug ("Token revoked");
  g_task_return_boolean (task, TRUE);
}

/* Revoking a refresh token revokes the access tokens issued from it. */
void
cs_oauth_client_revoke_async (CsOAuthClient       *self,
                              const char          *token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) form = NULL;

  g_return_if_fail (CS_IS_OAUTH_CLIENT (self));
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_oauth_client_revoke_async);

  form = cs_http_form_new ("token", token, NULL);
  message = new_form_post (self, REVOKE_PATH, form, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, g_object_ref (message), g_object_unref);
  cs_http_send_async (self->session, message, CS_HTTP_MAX_TOKEN_BODY, cancellable, revoke_cb,
                      g_steal_pointer (&task));
}

gboolean
cs_oauth_client_revoke_finish (CsOAuthClient  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_oauth_client_revoke_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  CsIdentity *identity;

  root = cs_http_send_json_finish (SOUP_SESSION (object), result, &error);
  if (root == NULL && error == NULL)
    error = cs_error_new_for_code (CS_ERROR_MALFORMED_RESPONSE);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  identity = cs_identity_new_from_json (root, &error);
  if (identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, identity, g_object_unref);
}

/* A bearer GET of @uri, answered as a CsIdentity. Consumes @task. */
static void
get_identity (CsOAuthClient *self,
              GTask         *task,
              const char    *uri,
              const char    *access_token)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  if (cs_http_uri_check_secure (uri, &error))
    message = cs_http_message_new ("GET", uri, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  cs_http_message_set_bearer (message, access_token);
  cs_http_send_json_async (self->session, message, CS_HTTP_MAX_IDENTITY_BODY,
                           g_task_get_cancellable (task), identity_cb, task);
}

void
cs_oauth_client_fetch_identity_async (CsOAuthClient       *self,
                                      CsTokenSet          *tokens,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  const char *id_url;

  g_return_if_fail (CS_IS_OAUTH_CLIENT (self));
  g_return_if_fail (CS_IS_TOKEN_SET (tokens));
  g_return_if_fail (cs_token_set_get_access_token (tokens) != NULL);
  g_return_if_fail (cs_token_set_get_id_url (tokens) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_oauth_client_fetch_identity_async);

  id_url = cs_token_set_get_id_url (tokens);
  uri = g_strconcat (id_url, strchr (id_url, '?') != NULL ? "&" : "?", "format=json", NULL);

  g_debug ("Fetching the identity URL");
  get_identity (self, g_steal_pointer (&task), uri, cs_token_set_get_access_token (tokens));
}

CsIdentity *
cs_oauth_client_fetch_identity_finish (CsOAuthClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_oauth_client_fetch_identity_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cs_oauth_client_fetch_userinfo_async (CsOAuthClient       *self,
                                      CsTokenSet          *tokens,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (CS_IS_OAUTH_CLIENT (self));
  g_return_if_fail (CS_IS_TOKEN_SET (tokens));
  g_return_if_fail (cs_token_set_get_access_token (tokens) != NULL);
  g_return_if_fail (cs_token_set_get_instance_url (tokens) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_oauth_client_fetch_userinfo_async);

  uri = g_strconcat (cs_token_set_get_instance_url (tokens), USERINFO_PATH, NULL);

  g_debug ("Fetching userinfo");
  get_identity (self, g_steal_pointer (&task), uri, cs_token_set_get_access_token (tokens));
}

CsIdentity *
cs_oauth_client_fetch_userinfo_finish (CsOAuthClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_oauth_client_fetch_userinfo_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
