/* cs-setup-context.c: the wizard's state and its notifications, the
 * login, its keyring writes and the field sync. The practice org, the
 * re-authorization of a stored connection and the record sync are in
 * cs-setup-context-practice.c, -reauthorize.c and -sync.c, which share
 * cs-setup-context-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-practice-process.h"
#include "cs-secret-util.h"
#include "cs-setup-context-private.h"
#include "cs-string-util.h"
#include "cs-ui-enums.h"


G_DEFINE_FINAL_TYPE (CsSetupContext, cs_setup_context, G_TYPE_OBJECT)


GParamSpec *cs_setup_context_properties[N_PROPS];


static void
cs_setup_context_dispose (GObject *object)
{
  CsSetupContext *self = CS_SETUP_CONTEXT (object);

  /* The window closed on a login nobody will confirm now. */
  cs_setup_context_discard_unstored_login (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->connection_store);
  g_clear_object (&self->vault);
  g_clear_object (&self->oauth_client);
  if (self->login != NULL)
    cs_login_reset (self->login);
  g_clear_object (&self->login);
  g_clear_object (&self->tokens);
  g_clear_object (&self->tokens_oauth);
  g_clear_object (&self->identity);
  if (self->field_sync != NULL)
    g_signal_handlers_disconnect_by_data (cs_field_sync_get_client (self->field_sync), self);
  g_clear_object (&self->field_sync);
  g_clear_object (&self->field_sync_tokens);
  g_clear_object (&self->field_catalog);
  g_clear_object (&self->record_sync);
  g_clear_object (&self->record_sync_tokens);
  g_clear_object (&self->sync_status);
  cs_setup_context_drop_practice_org (self);

  G_OBJECT_CLASS (cs_setup_context_parent_class)->dispose (object);
}

static void
cs_setup_context_finalize (GObject *object)
{
  CsSetupContext *self = CS_SETUP_CONTEXT (object);

  g_free (self->my_domain);
  g_free (self->expected_username);
  g_free (self->field_sync_connection_id);
  g_free (self->sync_status_id);
  g_free (self->expected_org_id);
  g_clear_error (&self->keyring_error);
  g_clear_pointer (&self->reauth_status, cs_connection_status_free);
  cs_secret_clear (&self->reauth_key);
  cs_secret_clear (&self->reauth_secret);
  cs_secret_clear (&self->consumer_key);
  cs_secret_clear (&self->consumer_secret);
  g_clear_pointer (&self->connection, cs_connection_free);

  G_OBJECT_CLASS (cs_setup_context_parent_class)->finalize (object);
}

static void
cs_setup_context_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CsSetupContext *self = CS_SETUP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_TASK:
      g_value_set_enum (value, self->task);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_enum (value, self->environment);
      break;
    case PROP_LOGIN_HOST:
      g_value_set_string (value, cs_setup_context_get_login_host (self));
      break;
    case PROP_EXPECTED_USERNAME:
      g_value_set_string (value, self->expected_username);
      break;
    case PROP_USE_PKCE:
      g_value_set_boolean (value, self->use_pkce);
      break;
    case PROP_HAS_CLIENT_CREDENTIALS:
      g_value_set_boolean (value, self->consumer_key != NULL && self->consumer_secret != NULL);
      break;
    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;
    case PROP_IDENTITY:
      g_value_set_object (value, self->identity);
      break;
    case PROP_KEYRING_ERROR:
      g_value_set_boxed (value, self->keyring_error);
      break;
    case PROP_REPLACE_CONSUMER:
      g_value_set_boolean (value, self->replace_consumer);
      break;
    case PROP_FIELD_SYNC:
      g_value_set_object (value, self->field_sync);
      break;
    case PROP_PRACTICE_ORG:
      g_value_set_object (value, self->practice_org);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_setup_context_class_init (CsSetupContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_setup_context_dispose;
  object_class->finalize = cs_setup_context_finalize;
  object_class->get_property = cs_setup_context_get_property;

  cs_setup_context_properties[PROP_TASK] =
    g_param_spec_enum ("task", NULL, NULL, CS_TYPE_SETUP_TASK, CS_SETUP_TASK_NEW_CONNECTION,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL, CS_TYPE_ENVIRONMENT, CS_ENVIRONMENT_PRODUCTION,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_LOGIN_HOST] =
    g_param_spec_string ("login-host", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_EXPECTED_USERNAME] =
    g_param_spec_string ("expected-username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_USE_PKCE] =
    g_param_spec_boolean ("use-pkce", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_HAS_CLIENT_CREDENTIALS] =
    g_param_spec_boolean ("has-client-credentials", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL, CS_TYPE_TOKEN_SET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL, CS_TYPE_IDENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A GError: a renewed refresh token the keyring refused (its message
   * says what to do), or NULL. */
  cs_setup_context_properties[PROP_KEYRING_ERROR] =
    g_param_spec_boxed ("keyring-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  cs_setup_context_properties[PROP_REPLACE_CONSUMER] =
    g_param_spec_boolean ("replace-consumer", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The confirmed connection's CsFieldSync once cs_setup_context_get_field_sync()
   * made it; NULL again as soon as the login or the connection changes. A
   * page showing one starts over when this changes. */
  cs_setup_context_properties[PROP_FIELD_SYNC] =
    g_param_spec_object ("field-sync", NULL, NULL, CS_TYPE_FIELD_SYNC,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The practice org's CsPracticeProcess: notified when one starts, when
   * it stops (its "running" turns FALSE) and when it goes. */
  cs_setup_context_properties[PROP_PRACTICE_ORG] =
    g_param_spec_object ("practice-org", NULL, NULL, CS_TYPE_PRACTICE_PROCESS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, cs_setup_context_properties);
}

/* A My Domain the admin typed (or one saved earlier): a Salesforce login
 * host, never this computer. Loopback is for the built-in practice org
 * only: a "My Domain" on localhost would get the consumer secret, in clear
 * over http, from whatever process listens there. */
static char *
normalize_my_domain (const char  *url,
                     GError     **error)
{
  g_autofree char *normalized = cs_login_host_normalize (url, error);

  if (normalized == NULL)
    return NULL;
  if (cs_login_host_is_loopback (normalized))
    {
      /* Translators: %s is an address typed by the admin, e.g. http://localhost:8443 */
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_HOST,
                   _("“%s” is on this computer, not in Salesforce. Only the built-in practice org runs here: choose “Practice org” for it, or enter your org’s My Domain address (https://NAME.my.salesforce.com)."),
                   normalized);
      return NULL;
    }
  return g_steal_pointer (&normalized);
}

static void
cs_setup_context_init (CsSetupContext *self)
{
  self->use_pkce = TRUE;
  self->environment = CS_ENVIRONMENT_PRODUCTION;
}

CsSetupContext *
cs_setup_context_new (GSettings *settings)
{
  CsSetupContext *self = g_object_new (CS_TYPE_SETUP_CONTEXT, NULL);

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (settings != NULL)
    {
      g_autofree char *my_domain = NULL;
      g_autofree char *normalized = NULL;

      self->settings = g_object_ref (settings);
      self->environment = g_settings_get_enum (settings, "last-environment");
      self->use_pkce = g_settings_get_boolean (settings, "use-pkce");
      my_domain = g_settings_get_string (settings, "my-domain-url");
      if (my_domain[0] != '\0')
        normalized = normalize_my_domain (my_domain, NULL);
      self->my_domain = g_steal_pointer (&normalized);
      if (self->environment == CS_ENVIRONMENT_MY_DOMAIN && self->my_domain == NULL)
        self->environment = CS_ENVIRONMENT_PRODUCTION;
    }

  return self;
}

GSettings *
cs_setup_context_get_settings (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->settings;
}

CsSetupTask
cs_setup_context_get_task (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), 0);

  return self->task;
}

void
cs_setup_context_set_task (CsSetupContext *self,
                           CsSetupTask     task)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  if (self->task == task)
    return;
  /* What a re-authorization set up belongs to the stored connection: a
   * new connection starts from nothing. */
  if (self->task == CS_SETUP_TASK_REAUTHORIZE)
    cs_setup_context_clear_reauthorization (self);
  self->task = task;
  cs_setup_context_drop_stale_record_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_TASK]);
}

/* Anything that changes where or as whom we log in makes the client, the
 * pending request and a previous login stale. */
void
cs_setup_context_invalidate_client (CsSetupContext *self)
{
  /* A completion still running for the old login revokes its tokens. */
  if (self->login != NULL)
    cs_login_reset (self->login);
  g_clear_object (&self->login);
  g_clear_object (&self->oauth_client);
  cs_setup_context_forget_login (self);
}

/* The pending request (if any) no longer matches the settings. */
void
cs_setup_context_drop_pending_request (CsSetupContext *self)
{
  if (self->login != NULL)
    cs_login_reset (self->login);
}

CsEnvironment
cs_setup_context_get_environment (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), 0);

  return self->environment;
}

void
cs_setup_context_set_environment (CsSetupContext *self,
                                  CsEnvironment   environment)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  if (self->environment == environment)
    return;
  self->environment = environment;
  cs_setup_context_invalidate_client (self);
  /* A real org now: the practice org's process has nothing left to do.
   * What it said stays known, for the pages to tell its values from the
   * admin's. */
  if (environment != CS_ENVIRONMENT_PRACTICE && self->practice_org != NULL)
    cs_practice_process_stop (self->practice_org);
  if (self->settings != NULL)
    g_settings_set_enum (self->settings, "last-environment", environment);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_ENVIRONMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_LOGIN_HOST]);
}

const char *
cs_setup_context_get_login_host (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  switch (self->environment)
    {
    case CS_ENVIRONMENT_PRODUCTION:
      return CS_LOGIN_HOST_PRODUCTION;
    case CS_ENVIRONMENT_SANDBOX:
      return CS_LOGIN_HOST_SANDBOX;
    case CS_ENVIRONMENT_MY_DOMAIN:
      return self->my_domain;
    case CS_ENVIRONMENT_PRACTICE:
      return self->practice_org ? cs_practice_process_get_url (self->practice_org) : NULL;
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cs_setup_context_set_my_domain (CsSetupContext  *self,
                                const char      *url,
                                GError         **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  normalized = normalize_my_domain (url, error);
  if (normalized == NULL)
    return FALSE;

  if (cs_set_str (&self->my_domain, normalized))
    {
      cs_setup_context_invalidate_client (self);
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "my-domain-url", normalized);
      g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_LOGIN_HOST]);
    }
  return TRUE;
}

const char *
cs_setup_context_get_my_domain (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->my_domain;
}

const char *
cs_setup_context_get_expected_username (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->expected_username;
}

void
cs_setup_context_set_expected_username (CsSetupContext *self,
                                        const char     *username)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  if (username != NULL)
    {
      trimmed = g_strstrip (g_strdup (username));
      if (trimmed[0] == '\0')
        g_clear_pointer (&trimmed, g_free);
    }

  if (cs_set_str (&self->expected_username, trimmed))
    {
      cs_setup_context_drop_pending_request (self);
      g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_EXPECTED_USERNAME]);
    }
}

gboolean
cs_setup_context_get_use_pkce (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), TRUE);

  return self->use_pkce;
}

void
cs_setup_context_set_use_pkce (CsSetupContext *self,
                               gboolean        use_pkce)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  use_pkce = !!use_pkce;
  if (self->use_pkce == use_pkce)
    return;
  self->use_pkce = use_pkce;
  cs_setup_context_drop_pending_request (self);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "use-pkce", use_pkce);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_USE_PKCE]);
}

const char *
cs_setup_context_get_redirect_uri (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  if (self->practice_org != NULL && self->environment == CS_ENVIRONMENT_PRACTICE)
    return cs_practice_process_get_callback_url (self->practice_org);
  return CS_DEFAULT_REDIRECT_URI;
}

const char *
cs_setup_context_get_consumer_key (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->consumer_key;
}

const char *
cs_setup_context_get_consumer_secret (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->consumer_secret;
}

void
cs_setup_context_set_client_credentials (CsSetupContext *self,
                                         const char     *consumer_key,
                                         const char     *consumer_secret)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  if (g_strcmp0 (self->consumer_key, consumer_key) == 0 &&
      g_strcmp0 (self->consumer_secret, consumer_secret) == 0)
    return;

  cs_secret_clear (&self->consumer_key);
  cs_secret_clear (&self->consumer_secret);
  self->consumer_key = g_strdup (consumer_key);
  self->consumer_secret = g_strdup (consumer_secret);
  cs_setup_context_invalidate_client (self);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_HAS_CLIENT_CREDENTIALS]);
}

CsConnection *
cs_setup_context_get_connection (CsSetupContext *self)
{
  const char *login_host;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  login_host = cs_setup_context_get_login_host (self);
  if (self->connection == NULL && login_host != NULL)
    self->connection = cs_connection_new (login_host, cs_environment_to_string (self->environment));
  else if (self->connection != NULL && login_host != NULL &&
           g_strcmp0 (self->connection->login_host, login_host) != 0 &&
           self->connection->confirmed == 0)
    {
      /* Not confirmed yet: the admin changed the environment, so this is
       * still the same new connection, only pointed elsewhere. */
      g_free (self->connection->login_host);
      self->connection->login_host = g_strdup (login_host);
      g_free (self->connection->environment);
      self->connection->environment = g_strdup (cs_environment_to_string (self->environment));
    }
  return self->connection;
}

void
cs_setup_context_set_connection (CsSetupContext     *self,
                                 const CsConnection *connection)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  g_clear_pointer (&self->connection, cs_connection_free);
  if (connection != NULL)
    self->connection = cs_connection_copy (connection);
  cs_setup_context_drop_stale_field_sync (self);
}

CsSecretStore *
cs_setup_context_get_secret_store (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  if (self->secret_store == NULL)
    self->secret_store = cs_secret_store_new ();
  return self->secret_store;
}

CsConnectionStore *
cs_setup_context_get_connection_store (CsSetupContext  *self,
                                       GError         **error)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  if (self->connection_store == NULL)
    self->connection_store = cs_connection_store_open (NULL, error);
  return self->connection_store;
}

CsOAuthClient *
cs_setup_context_get_oauth_client (CsSetupContext *self)
{
  const char *login_host;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  login_host = cs_setup_context_get_login_host (self);
  if (self->oauth_client == NULL && login_host != NULL &&
      self->consumer_key != NULL && self->consumer_secret != NULL)
    self->oauth_client = cs_oauth_client_new (login_host, self->consumer_key, self->consumer_secret);
  return self->oauth_client;
}

CsLogin *
cs_setup_context_get_login (CsSetupContext *self)
{
  CsOAuthClient *oauth;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  oauth = cs_setup_context_get_oauth_client (self);
  if (self->login == NULL && oauth != NULL)
    self->login = cs_login_new (oauth, cs_setup_context_get_redirect_uri (self));
  return self->login;
}

CsOAuthRequest *
cs_setup_context_begin_authorization (CsSetupContext *self)
{
  CsLogin *login;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);
  g_return_val_if_fail (cs_setup_context_get_login_host (self) != NULL, NULL);
  g_return_val_if_fail (self->consumer_key != NULL, NULL);

  login = cs_setup_context_get_login (self);
  g_return_val_if_fail (login != NULL, NULL);

  /* A login still checking the previous request is stale now. */
  cs_login_set_use_pkce (login, self->use_pkce);
  cs_login_set_expected_username (login, self->expected_username);
  cs_login_set_expected_org_id (login, self->expected_org_id);
  return cs_login_begin (login);
}

CsOAuthRequest *
cs_setup_context_get_pending_request (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->login != NULL ? cs_login_get_pending_request (self->login) : NULL;
}

CsTokenSet *
cs_setup_context_get_tokens (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->tokens;
}

CsIdentity *
cs_setup_context_get_identity (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->identity;
}

/* A login whose refresh token the keyring does not hold is revoked when it
 * is dropped: nobody could use or revoke it later. */
void
cs_setup_context_discard_unstored_login (CsSetupContext *self)
{
  if (self->tokens != NULL && !self->tokens_stored && self->tokens_oauth != NULL)
    cs_login_discard_tokens_async (self->tokens_oauth, self->tokens, NULL, NULL);
  g_clear_object (&self->tokens_oauth);
  self->tokens_stored = FALSE;
}

void
cs_setup_context_forget_login (CsSetupContext *self)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  cs_setup_context_discard_unstored_login (self);
  if (self->tokens != NULL)
    {
      g_clear_object (&self->tokens);
      g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_TOKENS]);
    }
  if (self->identity != NULL)
    {
      g_clear_object (&self->identity);
      g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_IDENTITY]);
    }
  cs_setup_context_drop_stale_field_sync (self);
}

static void
set_keyring_error (CsSetupContext *self,
                   const GError   *error)
{
  if (self->keyring_error == NULL && error == NULL)
    return;
  g_clear_error (&self->keyring_error);
  if (error != NULL)
    self->keyring_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_KEYRING_ERROR]);
}

static void
vault_keyring_write_failed_cb (CsConnectionVault *vault,
                               const char        *connection_id,
                               const GError      *error,
                               CsSetupContext    *self)
{
  g_autoptr(GError) shown = NULL;

  if (self->connection == NULL || g_strcmp0 (connection_id, self->connection->id) != 0)
    return;

  /* The token is safe in memory for now; the admin must know that it is
   * not in the keyring yet, and what to do. */
  shown = g_error_new (error->domain, error->code,
                       /* Translators: %s is the keyring's message, which says what to do */
                       _("Salesforce renewed the connection’s refresh token, but the keyring did not "
                         "take it, and the one it holds no longer works. %s Then choose Try Again, "
                         "and keep this window open until then."),
                       error->message);
  set_keyring_error (self, shown);
}

static void
vault_changed_cb (CsConnectionVault *vault,
                  const char        *connection_id,
                  CsSetupContext    *self)
{
  if (self->keyring_error != NULL && self->connection != NULL &&
      !cs_connection_vault_has_unsaved_token (vault, self->connection->id))
    set_keyring_error (self, NULL);
}

const GError *
cs_setup_context_get_keyring_error (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->keyring_error;
}

static void
retried_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cs_connection_vault_retry_unsaved_finish (CS_CONNECTION_VAULT (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_setup_context_retry_keyring_write_async (CsSetupContext      *self,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_retry_keyring_write_async);
  if (self->vault == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  cs_connection_vault_retry_unsaved_async (self->vault, retried_cb, g_steal_pointer (&task));
}

gboolean
cs_setup_context_retry_keyring_write_finish (CsSetupContext  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cs_setup_context_note_error (CsSetupContext *self,
                             const GError   *error)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);

  if (self->connection == NULL || self->connection->confirmed == 0 || self->vault == NULL)
    return FALSE;
  return cs_connection_vault_note_error (self->vault, self->connection->id, error);
}

void
cs_setup_context_set_reauthorization (CsSetupContext     *self,
                                      const CsConnection *connection)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (connection != NULL && connection->org_id != NULL);

  cs_setup_context_set_connection (self, connection);
  cs_set_str (&self->expected_org_id, connection->org_id);
  cs_setup_context_set_expected_username (self, connection->username);
  cs_setup_context_drop_pending_request (self);
  cs_setup_context_set_task (self, CS_SETUP_TASK_REAUTHORIZE);
}

const char *
cs_setup_context_get_expected_org_id (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->expected_org_id;
}

/* Ends the context's task with the vault call's boolean. */
static void
credentials_saved_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cs_connection_vault_create_finish (CS_CONNECTION_VAULT (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

CsConnectionVault *
cs_setup_context_get_vault (CsSetupContext  *self,
                            GError         **error)
{
  CsConnectionStore *store;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  if (self->vault != NULL)
    return self->vault;

  store = cs_setup_context_get_connection_store (self, error);
  if (store == NULL)
    return NULL;
  self->vault = cs_connection_vault_new (store, cs_setup_context_get_secret_store (self));
  g_signal_connect_object (self->vault, "keyring-write-failed",
                           G_CALLBACK (vault_keyring_write_failed_cb), self, 0);
  g_signal_connect_object (self->vault, "changed", G_CALLBACK (vault_changed_cb), self, 0);
  return self->vault;
}

void
cs_setup_context_save_client_credentials_async (CsSetupContext      *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CsConnection *connection;
  CsConnectionVault *vault;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_save_client_credentials_async);

  connection = cs_setup_context_get_connection (self);
  if (connection == NULL || self->consumer_key == NULL || self->consumer_secret == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("Choose an environment and enter the consumer key and secret first."));
      return;
    }
  /* A re-authorization keeps the stored key and secret until a login
   * proved the new ones: Confirm stores them with the new token. */
  if (self->task == CS_SETUP_TASK_REAUTHORIZE)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  vault = cs_setup_context_get_vault (self, &error);
  if (vault == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cs_connection_vault_create_async (vault, connection, self->consumer_key, self->consumer_secret,
                                    cancellable, credentials_saved_cb, g_steal_pointer (&task));
}

gboolean
cs_setup_context_save_client_credentials_finish (CsSetupContext  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
complete_login_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSetupContext *self = g_task_get_source_object (task);
  CsLogin *login = CS_LOGIN (source);
  g_autoptr(CsLoginResult) login_result = NULL;
  GError *error = NULL;

  login_result = cs_login_complete_finish (login, result, &error);
  if (login_result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Replaced meanwhile (new host, key or secret): a reset login ends
   * cancelled, so this is only a safety net. */
  if (login != self->login)
    {
      cs_login_discard_tokens_async (cs_login_get_oauth_client (login), login_result->tokens, NULL, NULL);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The login settings changed while the login was being checked. Log in again."));
      return;
    }

  /* An earlier login that was never stored is replaced now. */
  cs_setup_context_discard_unstored_login (self);
  g_set_object (&self->tokens, login_result->tokens);
  g_set_object (&self->tokens_oauth, cs_login_get_oauth_client (login));
  self->tokens_stored = FALSE;
  g_set_object (&self->identity, login_result->identity);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_TOKENS]);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_IDENTITY]);
  cs_setup_context_drop_stale_field_sync (self);
  g_task_return_boolean (task, TRUE);
}

void
cs_setup_context_complete_login_async (CsSetupContext      *self,
                                       const char          *callback_uri,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (callback_uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_complete_login_async);

  if (self->login == NULL || cs_setup_context_get_oauth_client (self) == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_STATE_MISMATCH,
                               _("This login was not started by the wizard. Start the login again."));
      return;
    }

  cs_login_complete_async (self->login, callback_uri, cancellable, complete_login_cb,
                           g_steal_pointer (&task));
}

gboolean
cs_setup_context_complete_login_finish (CsSetupContext  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* In place, and strings only when they changed: pages keep pointers to the
 * connection and its fields. */
static void
update_connection (CsConnection       *connection,
                   const CsConnection *from)
{
  cs_set_str (&connection->id, from->id);
  cs_set_str (&connection->environment, from->environment);
  cs_set_str (&connection->login_host, from->login_host);
  cs_set_str (&connection->org_id, from->org_id);
  cs_set_str (&connection->user_id, from->user_id);
  cs_set_str (&connection->username, from->username);
  cs_set_str (&connection->display_name, from->display_name);
  cs_set_str (&connection->instance_url, from->instance_url);
  cs_set_str (&connection->api_version, from->api_version);
  cs_set_str (&connection->name, from->name);
  cs_set_str (&connection->profile_name, from->profile_name);
  cs_set_str (&connection->org_name, from->org_name);
  cs_set_str (&connection->scopes, from->scopes);
  cs_set_str (&connection->reauth_reason, from->reauth_reason);
  connection->created = from->created;
  connection->confirmed = from->confirmed;
  connection->updated = from->updated;
  connection->is_admin = from->is_admin;
  connection->token_issued = from->token_issued;
  connection->last_refresh = from->last_refresh;
  connection->reauth_since = from->reauth_since;
}

static void
confirm_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSetupContext *self = g_task_get_source_object (task);
  CsTokenSet *tokens = g_task_get_task_data (task);
  GError *error = NULL;
  CsConnection *stored;

  stored = cs_connection_vault_store_login_finish (CS_CONNECTION_VAULT (source), result,
                                                   &self->replaced_token, &error);
  if (stored == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->connection != NULL)
    {
      update_connection (self->connection, stored);
      cs_connection_free (stored);
    }
  else
    self->connection = stored;
  /* The keyring holds this login's token now (unless a newer login
   * replaced it meanwhile). */
  if (self->tokens == tokens)
    self->tokens_stored = TRUE;
  /* Confirming may have made it another (stored) connection. */
  cs_setup_context_drop_stale_field_sync (self);
  g_task_return_boolean (task, TRUE);
}

void
cs_setup_context_confirm_async (CsSetupContext      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CsConnection *connection;
  CsConnectionVault *vault;
  CsLoginResult login = { NULL, NULL, FALSE };

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_confirm_async);

  connection = cs_setup_context_get_connection (self);
  if (connection == NULL || self->identity == NULL || self->tokens == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("Log in with Salesforce before confirming the credentials."));
      return;
    }
  vault = cs_setup_context_get_vault (self, &error);
  if (vault == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, g_object_ref (self->tokens), g_object_unref);
  login.tokens = self->tokens;
  login.identity = self->identity;
  cs_connection_vault_store_login_async (vault, connection, self->consumer_key, self->consumer_secret,
                                         &login, cancellable, confirm_stored_cb,
                                         g_steal_pointer (&task));
}

gboolean
cs_setup_context_confirm_finish (CsSetupContext  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
field_sync_tokens_refreshed_cb (CsSalesforceClient *client,
                                CsTokenSet         *tokens,
                                CsSetupContext     *self)
{
  CsConnection *connection = self->connection;
  const char *refresh_token = cs_token_set_get_refresh_token (tokens);

  if (refresh_token == NULL || connection == NULL ||
      g_strcmp0 (connection->id, self->field_sync_connection_id) != 0)
    return;

  /* The old refresh token may be dead now (rotation): a later Confirm must
   * store this one. The field sync stays the one of this login. The vault
   * (which watches the client) stores it in the keyring. */
  if (self->tokens == self->field_sync_tokens && self->tokens != tokens)
    {
      g_set_object (&self->tokens, tokens);
      g_set_object (&self->field_sync_tokens, tokens);
      g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_TOKENS]);
    }
}

static void
set_field_sync (CsSetupContext *self,
                CsFieldSync    *field_sync)
{
  if (field_sync == self->field_sync)
    return;

  if (self->field_sync != NULL)
    g_signal_handlers_disconnect_by_data (cs_field_sync_get_client (self->field_sync), self);
  g_set_object (&self->field_sync, field_sync);
  if (field_sync == NULL)
    {
      g_clear_object (&self->field_sync_tokens);
      g_clear_pointer (&self->field_sync_connection_id, g_free);
    }
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_FIELD_SYNC]);
}

/* Whether the field sync belongs to the confirmed connection and the login
 * it has now. */
static gboolean
field_sync_is_current (CsSetupContext *self)
{
  return self->field_sync != NULL &&
         self->connection != NULL && self->connection->confirmed != 0 &&
         self->tokens != NULL && self->field_sync_tokens == self->tokens &&
         g_strcmp0 (self->field_sync_connection_id, self->connection->id) == 0;
}

/* Called whenever the login or the connection changes. */
void
cs_setup_context_drop_stale_field_sync (CsSetupContext *self)
{
  if (self->field_sync != NULL && !field_sync_is_current (self))
    set_field_sync (self, NULL);
  cs_setup_context_drop_stale_record_sync (self);
}

CsFieldSync *
cs_setup_context_get_field_sync (CsSetupContext  *self,
                                 GError         **error)
{
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(CsFieldSync) field_sync = NULL;
  CsConnectionStore *store;
  CsConnectionVault *vault;
  CsConnection *connection;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (field_sync_is_current (self))
    return self->field_sync;
  cs_setup_context_drop_stale_field_sync (self);

  connection = self->connection;
  if (connection == NULL || connection->confirmed == 0 || self->tokens == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("Log in with Salesforce and confirm the credentials before checking the fields."));
      return NULL;
    }

  if (self->field_catalog == NULL)
    {
      store = cs_setup_context_get_connection_store (self, error);
      if (store == NULL)
        return NULL;
      self->field_catalog = cs_field_catalog_new (store, error);
      if (self->field_catalog == NULL)
        return NULL;
    }

  vault = cs_setup_context_get_vault (self, error);
  if (vault == NULL)
    return NULL;

  client = cs_salesforce_client_new (cs_setup_context_get_oauth_client (self), self->tokens);
  /* Rotated refresh tokens reach the keyring through the vault, which
   * holds the application until they are written. */
  cs_connection_vault_watch_client (vault, client, connection);
  field_sync = cs_field_sync_new (client, self->field_catalog, connection->id);
  g_set_object (&self->field_sync_tokens, self->tokens);
  cs_set_str (&self->field_sync_connection_id, connection->id);
  set_field_sync (self, field_sync);
  g_signal_connect_object (client, "tokens-refreshed",
                           G_CALLBACK (field_sync_tokens_refreshed_cb), self, 0);
  return self->field_sync;
}
