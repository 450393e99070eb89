/* cs-setup-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-secret-util.h"
#include "cs-setup-context.h"
#include "cs-string-util.h"
#include "cs-ui-enums.h"

struct _CsSetupContext
{
  GObject             parent_instance;

  GSettings          *settings;
  CsSetupTask         task;
  CsEnvironment       environment;
  char               *my_domain;
  char               *expected_username;
  gboolean            use_pkce;

  char               *consumer_key;
  char               *consumer_secret;

  CsConnection       *connection;
  CsSecretStore      *secret_store;
  CsConnectionStore  *connection_store;
  CsOAuthClient      *oauth_client;
  CsOAuthRequest     *pending_request;
  CsTokenSet         *tokens;
  CsIdentity         *identity;
  CsPracticeOrg      *practice_org;
  CsFieldCatalog     *field_catalog;
  CsFieldSync        *field_sync;
  /* The login and connection the field sync was made for. */
  CsTokenSet         *field_sync_tokens;
  char               *field_sync_connection_id;
  /* Bumped whenever a login in flight becomes stale (another host, key or
   * request): its result must not land in this context. */
  guint               login_generation;
};

G_DEFINE_FINAL_TYPE (CsSetupContext, cs_setup_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TASK,
  PROP_ENVIRONMENT,
  PROP_LOGIN_HOST,
  PROP_EXPECTED_USERNAME,
  PROP_USE_PKCE,
  PROP_HAS_CLIENT_CREDENTIALS,
  PROP_TOKENS,
  PROP_IDENTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_setup_context_dispose (GObject *object)
{
  CsSetupContext *self = CS_SETUP_CONTEXT (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->connection_store);
  g_clear_object (&self->oauth_client);
  g_clear_object (&self->pending_request);
  g_clear_object (&self->tokens);
  g_clear_object (&self->identity);
  g_clear_object (&self->field_sync);
  g_clear_object (&self->field_sync_tokens);
  g_clear_object (&self->field_catalog);
  if (self->practice_org != NULL)
    cs_practice_org_disconnect (self->practice_org);
  g_clear_object (&self->practice_org);

  G_OBJECT_CLASS (cs_setup_context_parent_class)->dispose (object);
}

static void
cs_setup_context_finalize (GObject *object)
{
  CsSetupContext *self = CS_SETUP_CONTEXT (object);

  g_free (self->my_domain);
  g_free (self->expected_username);
  g_free (self->field_sync_connection_id);
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

  properties[PROP_TASK] =
    g_param_spec_enum ("task", NULL, NULL, CS_TYPE_SETUP_TASK, CS_SETUP_TASK_NEW_CONNECTION,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL, CS_TYPE_ENVIRONMENT, CS_ENVIRONMENT_PRODUCTION,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN_HOST] =
    g_param_spec_string ("login-host", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPECTED_USERNAME] =
    g_param_spec_string ("expected-username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_PKCE] =
    g_param_spec_boolean ("use-pkce", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CLIENT_CREDENTIALS] =
    g_param_spec_boolean ("has-client-credentials", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL, CS_TYPE_TOKEN_SET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL, CS_TYPE_IDENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  self->task = task;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

/* Anything that changes where or as whom we log in makes the client, the
 * pending request and a previous login stale. */
static void
invalidate_client (CsSetupContext *self)
{
  self->login_generation++;
  g_clear_object (&self->oauth_client);
  g_clear_object (&self->pending_request);
  cs_setup_context_forget_login (self);
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
  invalidate_client (self);
  if (self->settings != NULL)
    g_settings_set_enum (self->settings, "last-environment", environment);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN_HOST]);
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
      return self->practice_org ? cs_practice_org_get_url (self->practice_org) : NULL;
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
      invalidate_client (self);
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "my-domain-url", normalized);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN_HOST]);
    }
  return TRUE;
}

const char *
cs_setup_context_get_my_domain (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->my_domain;
}

CsPracticeOrg *
cs_setup_context_ensure_practice_org (CsSetupContext  *self,
                                      GError         **error)
{
  g_autoptr(CsPracticeOrg) org = NULL;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  if (self->environment != CS_ENVIRONMENT_PRACTICE)
    return NULL;
  if (self->practice_org != NULL)
    return self->practice_org;

  org = cs_practice_org_new (500);
  if (!cs_practice_org_listen (org, 0, error))
    return NULL;

  self->practice_org = g_steal_pointer (&org);
  invalidate_client (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN_HOST]);
  return self->practice_org;
}

CsPracticeOrg *
cs_setup_context_get_practice_org (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->practice_org;
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
      g_clear_object (&self->pending_request);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_USERNAME]);
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
  g_clear_object (&self->pending_request);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "use-pkce", use_pkce);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_PKCE]);
}

const char *
cs_setup_context_get_redirect_uri (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  if (self->practice_org != NULL && self->environment == CS_ENVIRONMENT_PRACTICE)
    return cs_practice_org_get_callback_url (self->practice_org);
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
  invalidate_client (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CLIENT_CREDENTIALS]);
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

CsOAuthRequest *
cs_setup_context_begin_authorization (CsSetupContext *self)
{
  const char *login_host;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  login_host = cs_setup_context_get_login_host (self);
  g_return_val_if_fail (login_host != NULL, NULL);
  g_return_val_if_fail (self->consumer_key != NULL, NULL);

  /* A login still checking the previous request is stale now. */
  self->login_generation++;
  g_clear_object (&self->pending_request);
  self->pending_request = cs_oauth_request_new (login_host, self->consumer_key,
                                                cs_setup_context_get_redirect_uri (self));
  cs_oauth_request_set_use_pkce (self->pending_request, self->use_pkce);
  if (self->expected_username != NULL)
    cs_oauth_request_set_login_hint (self->pending_request, self->expected_username);
  return self->pending_request;
}

CsOAuthRequest *
cs_setup_context_get_pending_request (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->pending_request;
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

void
cs_setup_context_forget_login (CsSetupContext *self)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  if (self->tokens != NULL)
    {
      g_clear_object (&self->tokens);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS]);
    }
  if (self->identity != NULL)
    {
      g_clear_object (&self->identity);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
    }
}

/* Keyring writes, one after the other, for save and confirm. */
typedef struct
{
  CsSecretKey *key;
  GPtrArray   *kinds;    /* GINT_TO_POINTER (CsSecretKind) */
  GPtrArray   *secrets;  /* char *, wiped on free */
  guint        next;
  gboolean     confirm_connection;
} StoreSecretsData;

static void
store_secrets_data_free (StoreSecretsData *data)
{
  g_ptr_array_unref (data->secrets);
  g_ptr_array_unref (data->kinds);
  cs_secret_key_free (data->key);
  g_free (data);
}

static void store_next_secret (GTask *task);

static gboolean
save_confirmed_connection (CsSetupContext  *self,
                           GError         **error)
{
  CsConnection *connection = cs_setup_context_get_connection (self);
  CsConnectionStore *store;

  store = cs_setup_context_get_connection_store (self, error);
  if (store == NULL)
    return FALSE;

  connection->confirmed = g_get_real_time () / G_USEC_PER_SEC;
  if (!cs_connection_store_save (store, connection, error))
    {
      connection->confirmed = 0;
      return FALSE;
    }
  return TRUE;
}

static void
store_secret_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_secret_store_store_finish (CS_SECRET_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  store_next_secret (g_steal_pointer (&task));
}

static void
store_next_secret (GTask *task)
{
  CsSetupContext *self = g_task_get_source_object (task);
  StoreSecretsData *data = g_task_get_task_data (task);
  guint i = data->next++;

  if (i >= data->kinds->len)
    {
      g_autoptr(GError) error = NULL;

      /* Cancelled meanwhile: the admin stays on the page, so nothing may
       * count as confirmed. */
      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          return;
        }
      /* The connection counts as confirmed only once its refresh token is
       * safely in the keyring. */
      if (data->confirm_connection && !save_confirmed_connection (self, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  cs_secret_store_store_async (cs_setup_context_get_secret_store (self),
                               data->key,
                               GPOINTER_TO_INT (g_ptr_array_index (data->kinds, i)),
                               g_ptr_array_index (data->secrets, i),
                               g_task_get_cancellable (task),
                               store_secret_cb, task);
}

static StoreSecretsData *
store_secrets_data_new (CsConnection *connection)
{
  StoreSecretsData *data = g_new0 (StoreSecretsData, 1);

  data->key = cs_secret_key_new (connection->id, connection->login_host,
                                 connection->org_id, connection->username);
  data->kinds = g_ptr_array_new ();
  data->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_secret_wipe_free);
  return data;
}

static void
store_secrets_data_add (StoreSecretsData *data,
                        CsSecretKind      kind,
                        const char       *secret)
{
  g_ptr_array_add (data->kinds, GINT_TO_POINTER (kind));
  g_ptr_array_add (data->secrets, g_strdup (secret));
}

void
cs_setup_context_save_client_credentials_async (CsSetupContext      *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CsConnection *connection;
  CsConnectionStore *store;
  StoreSecretsData *data;

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

  /* The facts row first: if the keyring then fails, nothing secret was
   * written anywhere and the row only says a connection was started. */
  store = cs_setup_context_get_connection_store (self, &error);
  if (store == NULL || !cs_connection_store_save (store, connection, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = store_secrets_data_new (connection);
  store_secrets_data_add (data, CS_SECRET_KIND_CONSUMER_KEY, self->consumer_key);
  store_secrets_data_add (data, CS_SECRET_KIND_CONSUMER_SECRET, self->consumer_secret);
  g_task_set_task_data (task, data, (GDestroyNotify) store_secrets_data_free);
  store_next_secret (g_steal_pointer (&task));
}

gboolean
cs_setup_context_save_client_credentials_finish (CsSetupContext  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The login: callback → code exchange → identity → profile. */
typedef struct
{
  CsOAuthRequest     *request;     /* taken from pending_request: used once */
  guint               generation;  /* self->login_generation at the start */
  CsTokenSet         *tokens;
  CsIdentity         *identity;
  CsSalesforceClient *client;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_clear_object (&data->request);
  g_clear_object (&data->tokens);
  g_clear_object (&data->identity);
  g_clear_object (&data->client);
  g_free (data);
}

/* The host, the key or the request changed while this login ran (the
 * admin went back and changed them): its tokens belong to the old settings
 * and must not be kept. Ends the task the way a cancellation does, which
 * the pages take quietly. */
static gboolean
login_return_if_stale (GTask *task)
{
  CsSetupContext *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);

  if (data->generation == self->login_generation)
    return FALSE;

  g_debug ("Login result dropped: the login settings changed meanwhile");
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The login settings changed while the login was being checked. Log in again."));
  return TRUE;
}

static void
login_profile_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CsSetupContext *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);

  if (!cs_salesforce_client_fetch_user_profile_finish (CS_SALESFORCE_CLIENT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (login_return_if_stale (task))
    return;

  /* The REST client may have refreshed the access token meanwhile. */
  g_set_object (&self->tokens, cs_salesforce_client_get_tokens (data->client));
  g_set_object (&self->identity, data->identity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
  g_task_return_boolean (task, TRUE);
}

static void
login_identity_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  LoginData *data = g_task_get_task_data (task);

  data->identity = cs_oauth_client_fetch_identity_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (data->identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (login_return_if_stale (task))
    return;

  data->client = cs_salesforce_client_new (CS_OAUTH_CLIENT (source), data->tokens);
  cs_salesforce_client_fetch_user_profile_async (data->client, data->identity,
                                                 g_task_get_cancellable (task),
                                                 login_profile_cb,
                                                 g_object_ref (task));
}

static void
login_exchange_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  LoginData *data = g_task_get_task_data (task);

  data->tokens = cs_oauth_client_exchange_code_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (data->tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (login_return_if_stale (task))
    return;

  cs_oauth_client_fetch_identity_async (CS_OAUTH_CLIENT (source), data->tokens,
                                        g_task_get_cancellable (task),
                                        login_identity_cb,
                                        g_object_ref (task));
}

void
cs_setup_context_complete_login_async (CsSetupContext      *self,
                                       const char          *callback_uri,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSecretString) code = NULL;
  CsOAuthClient *oauth;
  LoginData *data;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (callback_uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_complete_login_async);
  data = g_new0 (LoginData, 1);
  data->generation = self->login_generation;
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);

  oauth = cs_setup_context_get_oauth_client (self);
  if (self->pending_request == NULL || oauth == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_STATE_MISMATCH,
                               _("This login was not started by the wizard. Start the login again."));
      return;
    }

  code = cs_oauth_request_parse_callback (self->pending_request, callback_uri, &error);
  if (code == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A request's state and verifier serve one callback: a second one (a
   * replay, a second paste) finds no pending request. */
  data->request = g_steal_pointer (&self->pending_request);
  cs_oauth_client_exchange_code_async (oauth, data->request, code, cancellable,
                                       login_exchange_cb, g_steal_pointer (&task));
}

gboolean
cs_setup_context_complete_login_finish (CsSetupContext  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_setup_context_confirm_async (CsSetupContext      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CsConnection *connection;
  StoreSecretsData *data;
  const char *refresh_token;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_confirm_async);

  connection = cs_setup_context_get_connection (self);
  refresh_token = self->tokens ? cs_token_set_get_refresh_token (self->tokens) : NULL;
  if (connection == NULL || self->identity == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("Log in with Salesforce before confirming the credentials."));
      return;
    }
  if (refresh_token == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_GRANT,
                               _("Salesforce did not hand out a refresh token. Add the “refresh_token, offline_access” scope to the External Client App, then log in again."));
      return;
    }

  cs_set_str (&connection->org_id, cs_identity_get_org_id (self->identity));
  cs_set_str (&connection->user_id, cs_identity_get_user_id (self->identity));
  cs_set_str (&connection->username, cs_identity_get_username (self->identity));
  cs_set_str (&connection->display_name, cs_identity_get_display_name (self->identity));
  cs_set_str (&connection->instance_url, cs_token_set_get_instance_url (self->tokens));

  /* Key and secret again, so that every item of the connection carries
   * the org and the user in its attributes and label. */
  data = store_secrets_data_new (connection);
  store_secrets_data_add (data, CS_SECRET_KIND_CONSUMER_KEY, self->consumer_key);
  store_secrets_data_add (data, CS_SECRET_KIND_CONSUMER_SECRET, self->consumer_secret);
  store_secrets_data_add (data, CS_SECRET_KIND_REFRESH_TOKEN, refresh_token);
  data->confirm_connection = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) store_secrets_data_free);
  store_next_secret (g_steal_pointer (&task));
}

gboolean
cs_setup_context_confirm_finish (CsSetupContext  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A rotated refresh token replaces the stored one: the old one is dead. */
static void
store_refreshed_token_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cs_secret_store_store_finish (CS_SECRET_STORE (source), result, &error))
    g_warning ("The renewed authorization could not be stored in the keyring: %s", error->message);
}

static void
field_sync_tokens_refreshed_cb (CsSalesforceClient *client,
                                CsTokenSet         *tokens,
                                CsSetupContext     *self)
{
  g_autoptr(CsSecretKey) key = NULL;
  CsConnection *connection = self->connection;
  const char *refresh_token = cs_token_set_get_refresh_token (tokens);

  if (refresh_token == NULL || connection == NULL ||
      g_strcmp0 (connection->id, self->field_sync_connection_id) != 0)
    return;

  /* The old refresh token may be dead now (rotation): a later Confirm must
   * store this one. The field sync stays the one of this login. */
  if (self->tokens == self->field_sync_tokens && self->tokens != tokens)
    {
      g_set_object (&self->tokens, tokens);
      g_set_object (&self->field_sync_tokens, tokens);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS]);
    }

  key = cs_secret_key_new (connection->id, connection->login_host,
                           connection->org_id, connection->username);
  cs_secret_store_store_async (cs_setup_context_get_secret_store (self), key,
                               CS_SECRET_KIND_REFRESH_TOKEN, refresh_token,
                               NULL, store_refreshed_token_cb, NULL);
}

CsFieldSync *
cs_setup_context_get_field_sync (CsSetupContext  *self,
                                 GError         **error)
{
  g_autoptr(CsSalesforceClient) client = NULL;
  CsConnectionStore *store;
  CsConnection *connection;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  connection = self->connection;
  if (connection == NULL || connection->confirmed == 0 || self->tokens == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("Log in with Salesforce and confirm the credentials before checking the fields."));
      return NULL;
    }

  if (self->field_sync != NULL &&
      self->field_sync_tokens == self->tokens &&
      g_strcmp0 (self->field_sync_connection_id, connection->id) == 0)
    return self->field_sync;

  if (self->field_catalog == NULL)
    {
      store = cs_setup_context_get_connection_store (self, error);
      if (store == NULL)
        return NULL;
      self->field_catalog = cs_field_catalog_new (store, error);
      if (self->field_catalog == NULL)
        return NULL;
    }

  if (self->field_sync != NULL)
    g_signal_handlers_disconnect_by_data (cs_field_sync_get_client (self->field_sync), self);
  g_clear_object (&self->field_sync);

  client = cs_salesforce_client_new (cs_setup_context_get_oauth_client (self), self->tokens);
  g_signal_connect_object (client, "tokens-refreshed",
                           G_CALLBACK (field_sync_tokens_refreshed_cb), self, 0);
  self->field_sync = cs_field_sync_new (client, self->field_catalog, connection->id);
  g_set_object (&self->field_sync_tokens, self->tokens);
  cs_set_str (&self->field_sync_connection_id, connection->id);
  return self->field_sync;
}

/* The profile permission the practice org changes for @finding: "read",
 * "create", "edit", "delete", "visible" (field-level security), or NULL when
 * the finding is not a setting of the practice org's profile. */
static const char *
practice_fix_for (const CsAuditFinding *finding)
{
  switch (finding->code)
    {
    case CS_AUDIT_CODE_FIELD_HIDDEN:
      return finding->field != NULL ? "visible" : NULL;
    case CS_AUDIT_CODE_NO_READ:
      return "read";
    case CS_AUDIT_CODE_NO_CREATE:
      return "create";
    case CS_AUDIT_CODE_NO_EDIT:
      return "edit";
    case CS_AUDIT_CODE_NO_DELETE:
      return "delete";
    case CS_AUDIT_CODE_OBJECT_MISSING:
    case CS_AUDIT_CODE_FIELD_READ_ONLY:
    default:
      return NULL;
    }
}

gboolean
cs_setup_context_can_fix_practice_finding (CsSetupContext       *self,
                                           const CsAuditFinding *finding)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);
  g_return_val_if_fail (finding != NULL, FALSE);

  return self->environment == CS_ENVIRONMENT_PRACTICE && self->practice_org != NULL &&
         practice_fix_for (finding) != NULL;
}

gboolean
cs_setup_context_fix_practice_finding (CsSetupContext       *self,
                                       const CsAuditFinding *finding)
{
  const char *permission;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);
  g_return_val_if_fail (finding != NULL, FALSE);

  if (!cs_setup_context_can_fix_practice_finding (self, finding))
    return FALSE;

  permission = practice_fix_for (finding);
  if (g_str_equal (permission, "visible"))
    cs_practice_org_set_field_visible (self->practice_org, finding->object, finding->field, TRUE);
  else
    cs_practice_org_set_object_permission (self->practice_org, finding->object, permission, TRUE);
  return TRUE;
}
