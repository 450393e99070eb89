/* cs-setup-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-practice-process.h"
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
  CsConnectionVault  *vault;
  CsOAuthClient      *oauth_client;
  CsLogin            *login;
  char               *expected_org_id;
  CsTokenSet         *tokens;
  CsIdentity         *identity;
  /* The client the tokens came from (to revoke them), and whether the
   * keyring holds their refresh token (then a new login replaces it and
   * revokes it only once its successor is stored). */
  CsOAuthClient      *tokens_oauth;
  gboolean            tokens_stored;
  /* A rotated refresh token the keyring refused, for the pages to show. */
  GError             *keyring_error;
  /* The practice org's process, kept once it stopped until a new one
   * replaces it; the calls waiting for one starting (GTask). */
  CsPracticeProcess  *practice_org;
  GPtrArray          *practice_waiters;
  CsFieldCatalog     *field_catalog;
  CsFieldSync        *field_sync;
  /* The login and connection the field sync was made for. */
  CsTokenSet         *field_sync_tokens;
  char               *field_sync_connection_id;
  /* A re-authorization: the stored connection's status when it began, its
   * consumer key and secret as the keyring held them (NULL when missing),
   * whether new ones are entered and whether they must be. */
  CsConnectionStatus *reauth_status;
  char               *reauth_key;
  char               *reauth_secret;
  gboolean            replace_consumer;
  gboolean            consumer_required;
  /* What became of the refresh token the last Confirm replaced. */
  CsRevokeOutcome     replaced_token;
  /* The record sync pages: the stored connection the sync status shows,
   * the record sync made for it (and the login it was made with) and its
   * status. */
  char               *sync_status_id;
  CsRecordSync       *record_sync;
  CsTokenSet         *record_sync_tokens;
  CsSyncStatus       *sync_status;
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
  PROP_KEYRING_ERROR,
  PROP_REPLACE_CONSUMER,
  PROP_FIELD_SYNC,
  PROP_PRACTICE_ORG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void discard_unstored_login (CsSetupContext *self);
static void clear_reauthorization (CsSetupContext *self);
static void drop_stale_field_sync (CsSetupContext *self);
static void drop_practice_org (CsSetupContext *self);
static void drop_stale_record_sync (CsSetupContext *self);

static void
cs_setup_context_dispose (GObject *object)
{
  CsSetupContext *self = CS_SETUP_CONTEXT (object);

  /* The window closed on a login nobody will confirm now. */
  discard_unstored_login (self);
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
  drop_practice_org (self);

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
  /* A GError: a renewed refresh token the keyring refused (its message
   * says what to do), or NULL. */
  properties[PROP_KEYRING_ERROR] =
    g_param_spec_boxed ("keyring-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLACE_CONSUMER] =
    g_param_spec_boolean ("replace-consumer", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The confirmed connection's CsFieldSync once cs_setup_context_get_field_sync()
   * made it; NULL again as soon as the login or the connection changes. A
   * page showing one starts over when this changes. */
  properties[PROP_FIELD_SYNC] =
    g_param_spec_object ("field-sync", NULL, NULL, CS_TYPE_FIELD_SYNC,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The practice org's CsPracticeProcess: notified when one starts, when
   * it stops (its "running" turns FALSE) and when it goes. */
  properties[PROP_PRACTICE_ORG] =
    g_param_spec_object ("practice-org", NULL, NULL, CS_TYPE_PRACTICE_PROCESS,
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
  /* What a re-authorization set up belongs to the stored connection: a
   * new connection starts from nothing. */
  if (self->task == CS_SETUP_TASK_REAUTHORIZE)
    clear_reauthorization (self);
  self->task = task;
  drop_stale_record_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

/* Anything that changes where or as whom we log in makes the client, the
 * pending request and a previous login stale. */
static void
invalidate_client (CsSetupContext *self)
{
  /* A completion still running for the old login revokes its tokens. */
  if (self->login != NULL)
    cs_login_reset (self->login);
  g_clear_object (&self->login);
  g_clear_object (&self->oauth_client);
  cs_setup_context_forget_login (self);
}

/* The pending request (if any) no longer matches the settings. */
static void
drop_pending_request (CsSetupContext *self)
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
  invalidate_client (self);
  /* A real org now: the practice org's process has nothing left to do.
   * What it said stays known, for the pages to tell its values from the
   * admin's. */
  if (environment != CS_ENVIRONMENT_PRACTICE && self->practice_org != NULL)
    cs_practice_process_stop (self->practice_org);
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

/* ---- the practice org --------------------------------------------------------- */

static void
practice_running_cb (CsPracticeProcess *process,
                     GParamSpec        *pspec,
                     CsSetupContext    *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRACTICE_ORG]);
}

static void
drop_practice_org (CsSetupContext *self)
{
  if (self->practice_org == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->practice_org, self);
  cs_practice_process_stop (self->practice_org);
  g_clear_object (&self->practice_org);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRACTICE_ORG]);
}

/* @process replaces the stopped one, if any: the app's key and secret the
 * admin had from that one become the new org's. */
static void
use_practice_org (CsSetupContext    *self,
                  CsPracticeProcess *process)
{
  gboolean had_old_app = self->practice_org != NULL &&
                         g_strcmp0 (self->consumer_key, cs_practice_process_get_consumer_key (self->practice_org)) == 0;

  if (self->practice_org != NULL)
    g_signal_handlers_disconnect_by_data (self->practice_org, self);
  g_set_object (&self->practice_org, process);
  g_signal_connect_object (process, "notify::running", G_CALLBACK (practice_running_cb), self, 0);
  invalidate_client (self);
  if (had_old_app)
    cs_setup_context_set_client_credentials (self, cs_practice_process_get_consumer_key (process),
                                             cs_practice_process_get_consumer_secret (process));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRACTICE_ORG]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN_HOST]);
}

static void
practice_started_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsSetupContext) self = user_data;
  g_autoptr(CsPracticeProcess) process = NULL;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->practice_waiters);
  g_autoptr(GError) error = NULL;

  process = cs_practice_process_start_finish (result, &error);
  /* The admin chose a real org meanwhile: this one is not needed. */
  if (process != NULL && self->environment != CS_ENVIRONMENT_PRACTICE)
    g_clear_object (&process);
  else if (process != NULL)
    use_practice_org (self, process);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (process != NULL)
        g_task_return_boolean (task, TRUE);
      else if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The environment is no longer the practice org");
    }
}

void
cs_setup_context_start_practice_org_async (CsSetupContext      *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_start_practice_org_async);

  if (self->environment != CS_ENVIRONMENT_PRACTICE ||
      (self->practice_org != NULL && cs_practice_process_get_running (self->practice_org)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* One start for every caller; a caller's cancellable ends only its
   * own wait. */
  if (self->practice_waiters == NULL)
    {
      self->practice_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      cs_practice_process_start_async (NULL, practice_started_cb, g_object_ref (self));
    }
  g_ptr_array_add (self->practice_waiters, g_steal_pointer (&task));
}

gboolean
cs_setup_context_start_practice_org_finish (CsSetupContext  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_setup_context_set_practice_org (CsSetupContext    *self,
                                   CsPracticeProcess *process)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (CS_IS_PRACTICE_PROCESS (process));

  cs_setup_context_set_environment (self, CS_ENVIRONMENT_PRACTICE);
  use_practice_org (self, process);
}

CsPracticeProcess *
cs_setup_context_get_practice_org (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->practice_org;
}

gboolean
cs_setup_context_get_practice_org_stopped (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);

  return self->environment == CS_ENVIRONMENT_PRACTICE && self->practice_org != NULL &&
         !cs_practice_process_get_running (self->practice_org);
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
      drop_pending_request (self);
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
  drop_pending_request (self);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "use-pkce", use_pkce);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_PKCE]);
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
  drop_stale_field_sync (self);
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
static void
discard_unstored_login (CsSetupContext *self)
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

  discard_unstored_login (self);
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
  drop_stale_field_sync (self);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_ERROR]);
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
  drop_pending_request (self);
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
  discard_unstored_login (self);
  g_set_object (&self->tokens, login_result->tokens);
  g_set_object (&self->tokens_oauth, cs_login_get_oauth_client (login));
  self->tokens_stored = FALSE;
  g_set_object (&self->identity, login_result->identity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
  drop_stale_field_sync (self);
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
  drop_stale_field_sync (self);
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD_SYNC]);
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
static void
drop_stale_field_sync (CsSetupContext *self)
{
  if (self->field_sync != NULL && !field_sync_is_current (self))
    set_field_sync (self, NULL);
  drop_stale_record_sync (self);
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
  drop_stale_field_sync (self);

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
         cs_practice_process_get_running (self->practice_org) &&
         practice_fix_for (finding) != NULL;
}

static void
practice_fixed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  answer = cs_practice_process_control_finish (CS_PRACTICE_PROCESS (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_setup_context_fix_practice_finding_async (CsSetupContext       *self,
                                             const CsAuditFinding *finding,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *line = NULL;
  const char *permission;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (finding != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_fix_practice_finding_async);
  if (!cs_setup_context_can_fix_practice_finding (self, finding))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("Only a running practice org can make this change. Make it in Salesforce Setup, then check again."));
      return;
    }

  /* The practice org's control line: "fix PERMISSION OBJECT [FIELD]". */
  permission = practice_fix_for (finding);
  line = g_strjoin (" ", "fix", permission, finding->object,
                    g_str_equal (permission, "visible") ? finding->field : NULL, NULL);
  cs_practice_process_control_async (self->practice_org, line, cancellable, practice_fixed_cb,
                                     g_steal_pointer (&task));
}

gboolean
cs_setup_context_fix_practice_finding_finish (CsSetupContext  *self,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- re-authorization ------------------------------------------------------ */

static void
set_replace_consumer (CsSetupContext *self,
                      gboolean        replace)
{
  replace = !!replace;
  if (self->replace_consumer == replace)
    return;
  self->replace_consumer = replace;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLACE_CONSUMER]);
}

static void
clear_reauthorization (CsSetupContext *self)
{
  g_clear_pointer (&self->reauth_status, cs_connection_status_free);
  cs_secret_clear (&self->reauth_key);
  cs_secret_clear (&self->reauth_secret);
  self->consumer_required = FALSE;
  set_replace_consumer (self, FALSE);
  g_clear_pointer (&self->expected_org_id, g_free);
  g_clear_pointer (&self->connection, cs_connection_free);
  drop_stale_field_sync (self);
  cs_setup_context_set_client_credentials (self, NULL, NULL);
  cs_setup_context_set_expected_username (self, NULL);
}

typedef struct
{
  char               *name_or_id;
  CsConnectionStatus *status;
  char               *key;
} BeginData;

static void
begin_data_free (BeginData *data)
{
  g_free (data->name_or_id);
  cs_connection_status_free (data->status);
  cs_secret_clear (&data->key);
  g_free (data);
}

/* The stored key and secret are in: the login can use them, unless new
 * ones are needed anyway. */
static void
begin_secret_revealed_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSetupContext *self = g_task_get_source_object (task);
  BeginData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;

  secret = cs_connection_vault_reveal_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      cs_secret_wipe_free (secret);
      return;
    }

  self->reauth_key = g_steal_pointer (&data->key);
  self->reauth_secret = secret;
  if (self->reauth_key == NULL || self->reauth_secret == NULL)
    self->consumer_required = TRUE;
  if (!self->consumer_required)
    cs_setup_context_set_client_credentials (self, self->reauth_key, self->reauth_secret);
  self->reauth_status = g_steal_pointer (&data->status);
  /* A rotated secret or an app made again: new ones are likely needed. */
  set_replace_consumer (self, self->consumer_required ||
                              g_strcmp0 (self->reauth_status->connection->reauth_reason,
                                         cs_error_code_to_string (CS_ERROR_INVALID_CLIENT_SECRET)) == 0 ||
                              g_strcmp0 (self->reauth_status->connection->reauth_reason,
                                         cs_error_code_to_string (CS_ERROR_INVALID_CLIENT_ID)) == 0);
  g_task_return_boolean (task, TRUE);
}

static void
begin_key_revealed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BeginData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->key = cs_connection_vault_reveal_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  cs_connection_vault_reveal_async (CS_CONNECTION_VAULT (source), data->status->connection->id,
                                    CS_SECRET_KIND_CONSUMER_SECRET, NULL,
                                    begin_secret_revealed_cb, g_steal_pointer (&task));
}

/* The environment the connection logs in with, set as the context's. */
static gboolean
use_connection_environment (CsSetupContext      *self,
                            const CsConnection  *connection,
                            GError             **error)
{
  CsEnvironment environment;

  if (!cs_environment_from_string (connection->environment, &environment))
    environment = CS_ENVIRONMENT_MY_DOMAIN;
  if (environment == CS_ENVIRONMENT_MY_DOMAIN &&
      !cs_setup_context_set_my_domain (self, connection->login_host, error))
    return FALSE;
  cs_setup_context_set_environment (self, environment);
  return TRUE;
}

static void begin_in_environment (GTask *task);

static void
begin_practice_started_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cs_setup_context_start_practice_org_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  begin_in_environment (g_steal_pointer (&task));
}

static void
begin_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSetupContext *self = g_task_get_source_object (task);
  BeginData *data = g_task_get_task_data (task);
  CsConnectionVault *vault = CS_CONNECTION_VAULT (source);
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(CsConnection) found = NULL;
  GError *error = NULL;
  const CsConnection *connection;
  GCancellable *cancellable;

  statuses = cs_connection_vault_list_status_finish (vault, result, &error);
  if (statuses == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  found = cs_connection_store_find (cs_connection_vault_get_store (vault), data->name_or_id, NULL);
  for (guint i = 0; found != NULL && i < statuses->len; i++)
    {
      CsConnectionStatus *status = g_ptr_array_index (statuses, i);

      if (g_str_equal (status->connection->id, found->id))
        data->status = cs_connection_status_copy (status);
    }
  if (data->status == NULL)
    {
      /* Translators: %s is a connection's name, as given to --reauthorize */
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("There is no stored connection “%s”. Choose one of the stored "
                                 "connections listed here."),
                               data->name_or_id);
      return;
    }
  connection = data->status->connection;
  if (connection->confirmed == 0 || connection->org_id == NULL)
    {
      /* Translators: %s is a connection's name */
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("The setup of connection “%s” stopped before it was confirmed, so "
                                 "there is nothing to re-authorize. Set it up again as a new "
                                 "connection, and forget this one in the credential review."),
                               cs_connection_get_display_name (connection));
      return;
    }

  if (!use_connection_environment (self, connection, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* A practice connection logs in to this window's practice org. */
  cancellable = g_task_get_cancellable (task);
  cs_setup_context_start_practice_org_async (self, cancellable, begin_practice_started_cb,
                                             g_steal_pointer (&task));
}

static void
begin_in_environment (GTask *task)
{
  CsSetupContext *self = g_task_get_source_object (task);
  BeginData *data = g_task_get_task_data (task);
  const CsConnection *connection = data->status->connection;
  CsConnectionVault *vault = self->vault;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  cs_setup_context_set_reauthorization (self, connection);
  /* Made with the practice org of an earlier window: that org and its app
   * are gone, this window's has the same org id but another key and
   * secret. */
  if (self->environment == CS_ENVIRONMENT_PRACTICE &&
      g_strcmp0 (connection->login_host, cs_setup_context_get_login_host (self)) != 0)
    {
      cs_set_str (&self->connection->login_host, cs_setup_context_get_login_host (self));
      self->consumer_required = TRUE;
    }

  cs_connection_vault_reveal_async (vault, connection->id, CS_SECRET_KIND_CONSUMER_KEY, NULL,
                                    begin_key_revealed_cb, task);
}

void
cs_setup_context_begin_reauthorization_async (CsSetupContext      *self,
                                              const char          *name_or_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CsConnectionVault *vault;
  BeginData *data;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (name_or_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_begin_reauthorization_async);
  data = g_new0 (BeginData, 1);
  data->name_or_id = g_strdup (name_or_id);
  g_task_set_task_data (task, data, (GDestroyNotify) begin_data_free);

  vault = cs_setup_context_get_vault (self, &error);
  if (vault == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Another re-authorization may have begun before: start from nothing. */
  if (self->task == CS_SETUP_TASK_REAUTHORIZE)
    clear_reauthorization (self);
  /* The keyring's calls are never cancelled (libsecret 0.20 answers a
   * cancelled search twice): the task checks between them instead. */
  cs_connection_vault_list_status_async (vault, NULL, begin_listed_cb, g_steal_pointer (&task));
}

gboolean
cs_setup_context_begin_reauthorization_finish (CsSetupContext  *self,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const CsConnectionStatus *
cs_setup_context_get_reauthorization_status (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->task == CS_SETUP_TASK_REAUTHORIZE ? self->reauth_status : NULL;
}

gboolean
cs_setup_context_get_replace_consumer (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);

  return self->task == CS_SETUP_TASK_REAUTHORIZE && self->replace_consumer;
}

gboolean
cs_setup_context_get_consumer_required (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);

  return self->task == CS_SETUP_TASK_REAUTHORIZE && self->consumer_required;
}

void
cs_setup_context_set_replace_consumer (CsSetupContext *self,
                                       gboolean        replace)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  if (self->task != CS_SETUP_TASK_REAUTHORIZE || self->consumer_required)
    return;
  /* Back to the stored ones; new ones come from the credentials page. */
  if (!replace)
    cs_setup_context_set_client_credentials (self, self->reauth_key, self->reauth_secret);
  set_replace_consumer (self, replace);
}

gboolean
cs_setup_context_is_this_practice_org (CsSetupContext     *self,
                                       const CsConnection *connection)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);
  g_return_val_if_fail (connection != NULL, FALSE);

  return self->practice_org != NULL && cs_practice_process_get_running (self->practice_org) &&
         g_strcmp0 (connection->environment, cs_environment_to_string (CS_ENVIRONMENT_PRACTICE)) == 0 &&
         g_strcmp0 (connection->login_host, cs_practice_process_get_url (self->practice_org)) == 0;
}

/* ---- using a stored connection ----------------------------------------------- */

typedef enum {
  USE_CHECK,
  USE_TEST,
} UseKind;

typedef struct
{
  UseKind       kind;
  CsVaultEntry *entry;   /* the refresh updates its token */
} UseData;

static void
use_data_free (UseData *data)
{
  cs_vault_entry_free (data->entry);
  g_free (data);
}

static void
use_refreshed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CsTokenSet) tokens = NULL;
  GError *error = NULL;

  tokens = cs_connection_vault_refresh_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
use_tested_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CsConnectionTest *test;

  test = cs_connection_vault_test_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (test == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, test, (GDestroyNotify) cs_connection_test_free);
}

static void
use_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *vault = CS_CONNECTION_VAULT (source);
  UseData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->entry = cs_connection_vault_load_finish (vault, result, &error);
  if (data->entry == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  /* A refresh or a test that Salesforce refuses marks the connection, and
   * one that works clears the mark: the vault says "changed" either way. */
  if (data->kind == USE_TEST)
    cs_connection_vault_test_async (vault, data->entry, g_task_get_cancellable (task),
                                    use_tested_cb, g_object_ref (task));
  else
    cs_connection_vault_refresh_async (vault, data->entry, g_task_get_cancellable (task),
                                       use_refreshed_cb, g_object_ref (task));
}

static void
use_connection_async (CsSetupContext      *self,
                      UseKind              kind,
                      gpointer             source_tag,
                      const char          *connection_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  CsConnectionVault *vault;
  UseData *data = g_new0 (UseData, 1);

  g_task_set_source_tag (task, source_tag);
  data->kind = kind;
  g_task_set_task_data (task, data, (GDestroyNotify) use_data_free);
  vault = cs_setup_context_get_vault (self, &error);
  if (vault == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Not cancelled while in the keyring (see begin_listed_cb()'s caller). */
  cs_connection_vault_load_async (vault, connection_id, NULL, use_loaded_cb, g_steal_pointer (&task));
}

void
cs_setup_context_check_connection_async (CsSetupContext      *self,
                                         const char          *connection_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (connection_id != NULL);

  use_connection_async (self, USE_CHECK, cs_setup_context_check_connection_async, connection_id,
                        cancellable, callback, user_data);
}

gboolean
cs_setup_context_check_connection_finish (CsSetupContext  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

void
cs_setup_context_test_connection_async (CsSetupContext      *self,
                                        const char          *connection_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (connection_id != NULL);

  use_connection_async (self, USE_TEST, cs_setup_context_test_connection_async, connection_id,
                        cancellable, callback, user_data);
}

CsConnectionTest *
cs_setup_context_test_connection_finish (CsSetupContext  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CsRevokeOutcome
cs_setup_context_get_replaced_token (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), CS_REVOKE_NOTHING);

  return self->replaced_token;
}

/* ---- the record sync ------------------------------------------------------- */

const char *
cs_setup_context_get_sync_connection_id (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  if (self->task == CS_SETUP_TASK_SYNC_STATUS)
    return self->sync_status_id;
  if (self->task == CS_SETUP_TASK_NEW_CONNECTION &&
      self->connection != NULL && self->connection->confirmed != 0)
    return self->connection->id;
  return NULL;
}

/* The record sync and the status belong to one connection and, in a new
 * setup, to the login it was made with: a re-authorization revokes that
 * login's refresh token. */
static void
drop_stale_record_sync (CsSetupContext *self)
{
  const char *id = cs_setup_context_get_sync_connection_id (self);
  CsTokenSet *tokens = self->task == CS_SETUP_TASK_NEW_CONNECTION ? self->tokens : NULL;

  if (self->record_sync != NULL &&
      (g_strcmp0 (cs_record_sync_get_connection_id (self->record_sync), id) != 0 ||
       self->record_sync_tokens != tokens))
    {
      g_clear_object (&self->record_sync);
      g_clear_object (&self->record_sync_tokens);
    }
  if (self->sync_status != NULL && g_strcmp0 (cs_sync_status_get_connection_id (self->sync_status), id) != 0)
    g_clear_object (&self->sync_status);
}

gboolean
cs_setup_context_begin_sync_status (CsSetupContext  *self,
                                    const char      *name_or_id,
                                    GError         **error)
{
  g_autoptr(CsConnection) connection = NULL;
  CsConnectionVault *vault;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);
  g_return_val_if_fail (name_or_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  vault = cs_setup_context_get_vault (self, error);
  if (vault == NULL)
    return FALSE;
  connection = cs_connection_vault_find (vault, name_or_id, error);
  if (connection == NULL)
    return FALSE;
  if (connection->confirmed == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   /* Translators: %s is the connection's name */
                   _("The setup of “%s” never reached Confirm, so it has no sync. Set it up again as a new connection."),
                   connection->name != NULL ? connection->name : connection->id);
      return FALSE;
    }
  cs_set_str (&self->sync_status_id, connection->id);
  cs_setup_context_set_task (self, CS_SETUP_TASK_SYNC_STATUS);
  drop_stale_record_sync (self);
  return TRUE;
}

static void
record_sync_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSetupContext *self = g_task_get_source_object (task);
  CsConnectionVault *vault = CS_CONNECTION_VAULT (source);
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = g_task_get_task_data (task);
  CsTokenSet *tokens = self->task == CS_SETUP_TASK_NEW_CONNECTION ? self->tokens : NULL;

  entry = cs_connection_vault_load_finish (vault, result, &error);
  if (entry == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The connection changed meanwhile: this one is nobody's now. */
  if (g_strcmp0 (id, cs_setup_context_get_sync_connection_id (self)) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The connection changed");
      return;
    }
  if (self->record_sync == NULL)
    {
      /* A new setup's login is fresh: no refresh before the first request. */
      client = cs_connection_vault_new_client (vault, entry, tokens);
      self->record_sync = cs_record_sync_new (client, cs_connection_vault_get_store (vault), id);
      g_set_object (&self->record_sync_tokens, tokens);
    }
  g_task_return_pointer (task, g_object_ref (self->record_sync), g_object_unref);
}

void
cs_setup_context_load_record_sync_async (CsSetupContext      *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;
  CsConnectionVault *vault;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_load_record_sync_async);

  drop_stale_record_sync (self);
  id = cs_setup_context_get_sync_connection_id (self);
  if (id == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT, "%s",
                               _("Log in with Salesforce and confirm the credentials before starting the sync."));
      return;
    }
  if (self->record_sync != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->record_sync), g_object_unref);
      return;
    }
  vault = cs_setup_context_get_vault (self, &error);
  if (vault == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, g_strdup (id), g_free);
  cs_connection_vault_load_async (vault, id, cancellable, record_sync_loaded_cb, g_steal_pointer (&task));
}

CsRecordSync *
cs_setup_context_load_record_sync_finish (CsSetupContext  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CsRecordSync *
cs_setup_context_get_record_sync (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  drop_stale_record_sync (self);
  return self->record_sync;
}

CsSyncStatus *
cs_setup_context_get_sync_status (CsSetupContext  *self,
                                  GError         **error)
{
  CsConnectionStore *store;
  const char *id;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  drop_stale_record_sync (self);
  if (self->sync_status != NULL)
    return self->sync_status;
  id = cs_setup_context_get_sync_connection_id (self);
  if (id == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("Log in with Salesforce and confirm the credentials before starting the sync."));
      return NULL;
    }
  store = cs_setup_context_get_connection_store (self, error);
  if (store == NULL)
    return NULL;
  self->sync_status = cs_sync_status_new (store, id);
  return self->sync_status;
}

gboolean
cs_setup_context_note_sync_error (CsSetupContext *self,
                                  const GError   *error)
{
  const char *id;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  id = cs_setup_context_get_sync_connection_id (self);
  if (id == NULL || self->vault == NULL)
    return FALSE;
  return cs_connection_vault_note_error (self->vault, id, error);
}

static void
sync_service_installed_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CsSyncServiceResult *installed = cs_sync_service_install_finish (result, &error);

  if (installed == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, installed, (GDestroyNotify) cs_sync_service_result_free);
}

void
cs_setup_context_install_sync_service_async (CsSetupContext      *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *id;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_install_sync_service_async);
  id = cs_setup_context_get_sync_connection_id (self);
  if (id == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT, "%s",
                               _("Log in with Salesforce and confirm the credentials before starting the sync."));
      return;
    }
  cs_sync_service_install_async (id, NULL, NULL, cancellable, sync_service_installed_cb, g_steal_pointer (&task));
}

CsSyncServiceResult *
cs_setup_context_install_sync_service_finish (CsSetupContext  *self,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
cs_setup_context_get_sync_needs_reauthorization (CsSetupContext *self)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  CsConnectionVault *vault;
  const char *id;

  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);

  id = cs_setup_context_get_sync_connection_id (self);
  vault = id != NULL ? cs_setup_context_get_vault (self, &error) : NULL;
  if (vault == NULL || (connection = cs_connection_vault_find (vault, id, &error)) == NULL)
    return FALSE;
  return connection->reauth_reason != NULL;
}
