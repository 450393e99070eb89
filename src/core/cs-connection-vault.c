/* cs-connection-vault.c: CsConnectionVault's type, what it reads (a
 * connection with its secrets, the status of every connection, keyring
 * problems) and the re-authorization marks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>

#include "cs-connection-vault-private.h"
#include "cs-error.h"
#include "cs-field-catalog.h"
#include "cs-process.h"
#include "cs-secret-util.h"
#include "cs-sync-database.h"
#include "cs-sync-service.h"
#include "cs-sync-status.h"

/* The reason stored when a rotated refresh token could not be kept: the
 * stored one is dead and the new one is gone. */
#define REASON_ROTATED_TOKEN_LOST "rotated-token-lost"

G_DEFINE_FINAL_TYPE (CsConnectionVault, cs_connection_vault, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CsVaultEntry, cs_vault_entry, cs_vault_entry_copy, cs_vault_entry_free)
G_DEFINE_BOXED_TYPE (CsConnectionStatus, cs_connection_status,
                     cs_connection_status_copy, cs_connection_status_free)
G_DEFINE_BOXED_TYPE (CsVaultProblem, cs_vault_problem, cs_vault_problem_copy, cs_vault_problem_free)

guint cs_connection_vault_signals[CS_VAULT_N_SIGNALS];

/* ---- small types ------------------------------------------------------------- */

const char *
cs_connection_health_to_string (CsConnectionHealth health)
{
  switch (health)
    {
    case CS_CONNECTION_HEALTH_OK:                    return "ok";
    case CS_CONNECTION_HEALTH_UNKNOWN:               return "unknown";
    case CS_CONNECTION_HEALTH_NOT_CONFIRMED:         return "not-confirmed";
    case CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION: return "needs-reauthorization";
    case CS_CONNECTION_HEALTH_SECRETS_MISSING:       return "secrets-missing";
    default:                                         break;
    }
  g_return_val_if_reached ("unknown");
}

char *
cs_connection_describe_reauth_reason (const char *reason)
{
  if (g_strcmp0 (reason, cs_error_code_to_string (CS_ERROR_INVALID_CLIENT_SECRET)) == 0)
    return g_strdup (_("Salesforce no longer accepts the stored consumer secret: it was "
                       "probably rotated in the External Client App. Enter the app’s new "
                       "consumer secret."));
  if (g_strcmp0 (reason, cs_error_code_to_string (CS_ERROR_INVALID_CLIENT_ID)) == 0)
    return g_strdup (_("Salesforce no longer knows the stored consumer key: the External "
                       "Client App was deleted or made again. Re-authorize the connection "
                       "with the consumer key and secret of the app as it is now."));
  if (g_strcmp0 (reason, cs_error_code_to_string (CS_ERROR_SESSION_EXPIRED)) == 0)
    return g_strdup (_("Salesforce keeps refusing the connection’s session, even after a "
                       "token refresh. Re-authorize the connection."));
  if (g_strcmp0 (reason, REASON_ROTATED_TOKEN_LOST) == 0)
    return g_strdup (_("Salesforce replaced the refresh token, but the new one could not be "
                       "stored in the keyring, and the stored one no longer works. "
                       "Re-authorize the connection."));
  return g_strdup (_("Salesforce no longer accepts the stored refresh token. It was revoked "
                     "(Setup → Connected Apps OAuth Usage), expired under the app’s "
                     "refresh-token policy, or the sync user’s password was reset or the user "
                     "frozen. Re-authorize the connection."));
}

CsVaultEntry *
cs_vault_entry_copy (const CsVaultEntry *entry)
{
  CsVaultEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (CsVaultEntry, 1);
  copy->connection = cs_connection_copy (entry->connection);
  copy->consumer_key = g_strdup (entry->consumer_key);
  copy->consumer_secret = g_strdup (entry->consumer_secret);
  copy->refresh_token = g_strdup (entry->refresh_token);
  return copy;
}

void
cs_vault_entry_free (CsVaultEntry *entry)
{
  if (entry == NULL)
    return;

  cs_connection_free (entry->connection);
  cs_secret_clear (&entry->consumer_key);
  cs_secret_clear (&entry->consumer_secret);
  cs_secret_clear (&entry->refresh_token);
  g_free (entry);
}

CsOAuthClient *
cs_vault_entry_new_oauth_client (const CsVaultEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (entry->connection != NULL, NULL);

  return cs_oauth_client_new (entry->connection->login_host,
                              entry->consumer_key != NULL ? entry->consumer_key : "",
                              entry->consumer_secret);
}

CsConnectionStatus *
cs_connection_status_copy (const CsConnectionStatus *status)
{
  CsConnectionStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = g_memdup2 (status, sizeof *status);
  copy->connection = cs_connection_copy (status->connection);
  copy->keyring_error = status->keyring_error != NULL ? g_error_copy (status->keyring_error) : NULL;
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    if (status->items[kind] != NULL)
      copy->items[kind] = cs_secret_item_info_copy (status->items[kind]);
  copy->sync_timer = g_strdup (status->sync_timer);
  return copy;
}

void
cs_connection_status_free (CsConnectionStatus *status)
{
  if (status == NULL)
    return;

  cs_connection_free (status->connection);
  g_clear_error (&status->keyring_error);
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    cs_secret_item_info_free (status->items[kind]);
  g_free (status->sync_timer);
  g_free (status);
}

/* The name of an item kind in a sentence. */
static const char *
kind_display_name (CsSecretKind kind)
{
  switch (kind)
    {
    case CS_SECRET_KIND_CONSUMER_KEY:    return _("consumer key");
    case CS_SECRET_KIND_CONSUMER_SECRET: return _("consumer secret");
    case CS_SECRET_KIND_REFRESH_TOKEN:   return _("refresh token");
    default:                             break;
    }
  g_return_val_if_reached ("?");
}

/* What to say about missing items (@missing: 1 << CsSecretKind bits) of
 * @connection, and what fixes them. */
static char *
describe_missing (const CsConnection *connection,
                  guint               missing,
                  CsVaultFix         *fix)
{
  const char *name = cs_connection_get_display_name (connection);
  gboolean token = (missing & (1u << CS_SECRET_KIND_REFRESH_TOKEN)) != 0;
  gboolean consumer = (missing & ((1u << CS_SECRET_KIND_CONSUMER_KEY) |
                                  (1u << CS_SECRET_KIND_CONSUMER_SECRET))) != 0;
  CsSecretKind first = CS_SECRET_KIND_CONSUMER_KEY;

  while (first < CS_SECRET_KIND_REFRESH_TOKEN && (missing & (1u << first)) == 0)
    first++;

  if (connection->confirmed == 0)
    {
      *fix = CS_VAULT_FIX_FORGET;
      /* Translators: %s is a connection's name */
      return g_strdup_printf (_("The setup of connection “%s” stopped before it was confirmed, "
                                "and the keyring no longer holds its consumer key and secret. "
                                "Forget it and set the connection up again."), name);
    }
  if (token && consumer)
    {
      *fix = CS_VAULT_FIX_REAUTHORIZE;
      /* Translators: %s is a connection's name (twice) */
      return g_strdup_printf (_("The keyring holds neither the refresh token nor the complete "
                                "consumer key and secret of connection “%s”: they were deleted "
                                "outside CRM Sync Setup (in Passwords and Keys, for example). "
                                "Re-authorize it with the consumer key and secret (in CRM Sync "
                                "Setup, or “crm-sync reauthorize %s --consumer-key KEY”)."),
                              name, name);
    }
  if (token)
    {
      *fix = CS_VAULT_FIX_REAUTHORIZE;
      /* Translators: %s is a connection's name (twice) */
      return g_strdup_printf (_("The keyring holds no refresh token for connection “%s”: it was "
                                "deleted outside CRM Sync Setup (in Passwords and Keys, for "
                                "example). Re-authorize the connection (in CRM Sync Setup, or "
                                "“crm-sync reauthorize %s”)."), name, name);
    }

  *fix = CS_VAULT_FIX_REPLACE_CONSUMER;
  /* Translators: the first %s is "consumer key" or "consumer secret", the
   * second and third a connection's name */
  return g_strdup_printf (_("The keyring holds no %s for connection “%s”: it was deleted outside "
                            "CRM Sync Setup (in Passwords and Keys, for example). Enter the "
                            "consumer key and secret again (in CRM Sync Setup’s credential "
                            "review, or “crm-sync replace-secret %s --consumer-key KEY”)."),
                          kind_display_name (first), name, name);
}

/* 1 << kind for each item the status lacks; the refresh token counts only
 * for a confirmed connection (a setup in progress has none yet). */
static guint
status_missing (const CsConnectionStatus *status)
{
  guint missing = 0;

  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    if (status->items[kind] == NULL)
      missing |= 1u << kind;
  if (status->connection->confirmed == 0)
    missing &= ~(1u << CS_SECRET_KIND_REFRESH_TOKEN);
  return missing;
}

char *
cs_connection_status_describe (const CsConnectionStatus *status)
{
  CsVaultFix fix;

  g_return_val_if_fail (status != NULL, NULL);

  switch (status->health)
    {
    case CS_CONNECTION_HEALTH_OK:
      return NULL;
    case CS_CONNECTION_HEALTH_UNKNOWN:
      /* Translators: %s says why the keyring could not be read */
      return g_strdup_printf (_("The keyring could not be read, so whether it still holds the "
                                "credentials is unknown: %s"), status->keyring_error->message);
    case CS_CONNECTION_HEALTH_NOT_CONFIRMED:
      return g_strdup (_("The setup of this connection stopped before it was confirmed: it "
                         "was never used. Set it up again, or forget it."));
    case CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION:
      return cs_connection_describe_reauth_reason (status->connection->reauth_reason);
    case CS_CONNECTION_HEALTH_SECRETS_MISSING:
      return describe_missing (status->connection, status_missing (status), &fix);
    default:
      break;
    }
  g_return_val_if_reached (NULL);
}

static CsConnectionHealth
compute_health (const CsConnectionStatus *status)
{
  const CsConnection *connection = status->connection;

  if (connection->confirmed == 0)
    return CS_CONNECTION_HEALTH_NOT_CONFIRMED;
  if (status->keyring_error != NULL)
    return connection->reauth_reason != NULL ? CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION
                                             : CS_CONNECTION_HEALTH_UNKNOWN;
  if (status_missing (status) != 0)
    return CS_CONNECTION_HEALTH_SECRETS_MISSING;
  if (connection->reauth_reason != NULL)
    return CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION;
  return CS_CONNECTION_HEALTH_OK;
}

CsVaultProblem *
cs_vault_problem_copy (const CsVaultProblem *problem)
{
  CsVaultProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_memdup2 (problem, sizeof *problem);
  copy->connection_id = g_strdup (problem->connection_id);
  copy->connection = problem->connection != NULL ? cs_connection_copy (problem->connection) : NULL;
  copy->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_secret_item_info_free);
  for (guint i = 0; i < problem->items->len; i++)
    g_ptr_array_add (copy->items, cs_secret_item_info_copy (g_ptr_array_index (problem->items, i)));
  copy->message = g_strdup (problem->message);
  return copy;
}

void
cs_vault_problem_free (CsVaultProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->connection_id);
  g_clear_pointer (&problem->connection, cs_connection_free);
  g_clear_pointer (&problem->items, g_ptr_array_unref);
  g_free (problem->message);
  g_free (problem);
}

void
cs_connection_test_free (CsConnectionTest *test)
{
  if (test == NULL)
    return;

  g_clear_object (&test->tokens);
  g_clear_object (&test->identity);
  g_free (test);
}

/* ---- the object ----------------------------------------------------------------- */

void
cs_vault_rotation_free (CsVaultRotation *rotation)
{
  if (rotation == NULL)
    return;

  cs_secret_key_free (rotation->key);
  cs_secret_clear (&rotation->token);
  g_clear_pointer (&rotation->waiters, g_ptr_array_unref);
  g_free (rotation);
}

static void
cs_connection_vault_dispose (GObject *object)
{
  CsConnectionVault *self = CS_CONNECTION_VAULT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (cs_connection_vault_parent_class)->dispose (object);
}

static void
cs_connection_vault_finalize (GObject *object)
{
  CsConnectionVault *self = CS_CONNECTION_VAULT (object);

  /* Rotations in flight hold a reference: none is left here. */
  g_assert (g_queue_is_empty (&self->rotations));
  g_hash_table_unref (self->unsaved);

  G_OBJECT_CLASS (cs_connection_vault_parent_class)->finalize (object);
}

static void
cs_connection_vault_class_init (CsConnectionVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_connection_vault_dispose;
  object_class->finalize = cs_connection_vault_finalize;

  /**
   * CsConnectionVault::keyring-write-failed:
   * @connection_id: the connection
   * @error: what the keyring answered (its message says what to do)
   *
   * A rotated refresh token could not be stored. It is kept in memory:
   * show the admin @error with a way to call
   * cs_connection_vault_retry_unsaved_async().
   */
  cs_connection_vault_signals[CS_VAULT_SIGNAL_KEYRING_WRITE_FAILED] =
    g_signal_new ("keyring-write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  /**
   * CsConnectionVault::changed:
   * @connection_id: the connection
   *
   * Something the credential review shows about the connection changed:
   * its row, its keyring items, its mark.
   */
  cs_connection_vault_signals[CS_VAULT_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cs_connection_vault_init (CsConnectionVault *self)
{
  self->unsaved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) cs_vault_rotation_free);
  g_queue_init (&self->rotations);
}

CsConnectionVault *
cs_connection_vault_new (CsConnectionStore *store,
                         CsSecretStore     *secrets)
{
  CsConnectionVault *self;

  g_return_val_if_fail (CS_IS_CONNECTION_STORE (store), NULL);
  g_return_val_if_fail (CS_IS_SECRET_STORE (secrets), NULL);

  self = g_object_new (CS_TYPE_CONNECTION_VAULT, NULL);
  self->store = g_object_ref (store);
  self->secrets = g_object_ref (secrets);
  return self;
}

CsConnectionVault *
cs_connection_vault_open (GError **error)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsSecretStore) secrets = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = cs_connection_store_open (NULL, error);
  if (store == NULL)
    return NULL;
  secrets = cs_secret_store_new ();
  return cs_connection_vault_new (store, secrets);
}

CsConnectionStore *
cs_connection_vault_get_store (CsConnectionVault *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);

  return self->store;
}

CsSecretStore *
cs_connection_vault_get_secret_store (CsConnectionVault *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);

  return self->secrets;
}

/* ---- shared helpers --------------------------------------------------------------- */

void
cs_vault_emit_changed (CsConnectionVault *self,
                       const char        *connection_id)
{
  g_signal_emit (self, cs_connection_vault_signals[CS_VAULT_SIGNAL_CHANGED], 0, connection_id);
}

static void
release_on_completed (GTask        *task,
                      GParamSpec   *pspec,
                      GApplication *application)
{
  g_signal_handlers_disconnect_by_func (task, release_on_completed, application);
  cs_process_release_application (application);
}

void
cs_vault_hold_until_completed (GTask *task)
{
  GApplication *application = cs_process_hold_application ();

  if (application != NULL)
    g_signal_connect (task, "notify::completed", G_CALLBACK (release_on_completed), application);
}

CsSecretKey *
cs_vault_secret_key_new (const CsConnection *connection)
{
  return cs_secret_key_new (connection->id, connection->login_host,
                            connection->org_id, connection->username);
}

const char *
cs_vault_get_unsaved_token (CsConnectionVault *self,
                            const char        *connection_id)
{
  CsVaultRotation *rotation = g_hash_table_lookup (self->unsaved, connection_id);

  return rotation != NULL ? rotation->token : NULL;
}

GError *
cs_vault_not_found_error_new (const char *name_or_id)
{
  /* Translators: %s is what the admin typed to name a connection */
  return g_error_new (CS_ERROR, CS_ERROR_INVALID_INPUT,
                      _("There is no connection “%s”. “crm-sync connections” lists them."),
                      name_or_id);
}

typedef struct
{
  char   *connection_id;
  char   *secrets[CS_SECRET_N_KINDS];
} LookupAll;

/* A rotated token the keyring refused is the live one: it replaces
 * *@token (looked up in the keyring). */
static void
take_live_token (CsConnectionVault  *self,
                 const char         *connection_id,
                 char              **token)
{
  const char *unsaved = cs_vault_get_unsaved_token (self, connection_id);

  if (unsaved == NULL)
    return;
  cs_secret_clear (token);
  *token = g_strdup (unsaved);
}

static void
lookup_all_free (LookupAll *data)
{
  g_free (data->connection_id);
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    cs_secret_clear (&data->secrets[kind]);
  g_free (data);
}

void
cs_vault_secrets_free (char **secrets)
{
  if (secrets == NULL)
    return;
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    cs_secret_clear (&secrets[kind]);
  g_free (secrets);
}

typedef struct
{
  GTask        *task;
  CsSecretKind  kind;
} LookupOne;

static void
lookup_one_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LookupOne *one = user_data;
  g_autoptr(GTask) task = one->task;
  LookupAll *data = g_task_get_task_data (task);
  GError *error = NULL;
  char **secrets;

  data->secrets[one->kind] = cs_secret_store_lookup_finish (CS_SECRET_STORE (source), result, &error);
  if (error != NULL)
    {
      g_free (one);
      g_task_return_error (task, error);
      return;
    }
  /* One item at a time: a locked keyring asks to be unlocked once, and a
   * dismissed prompt ends the load rather than prompting again. */
  if (one->kind + 1 < CS_SECRET_N_KINDS)
    {
      one->kind++;
      one->task = g_steal_pointer (&task);
      cs_secret_store_lookup_async (CS_SECRET_STORE (source), data->connection_id, one->kind,
                                    g_task_get_cancellable (one->task), lookup_one_cb, one);
      return;
    }
  g_free (one);
  secrets = g_new0 (char *, CS_SECRET_N_KINDS);
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    secrets[kind] = g_steal_pointer (&data->secrets[kind]);
  take_live_token (g_task_get_source_object (task), data->connection_id,
                   &secrets[CS_SECRET_KIND_REFRESH_TOKEN]);
  g_task_return_pointer (task, secrets, (GDestroyNotify) cs_vault_secrets_free);
}

static void
lookup_token_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = cs_secret_store_lookup_finish (CS_SECRET_STORE (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  take_live_token (g_task_get_source_object (task), g_task_get_task_data (task), &token);
  g_task_return_pointer (task, token, (GDestroyNotify) cs_secret_wipe_free);
}

void
cs_vault_lookup_token_async (CsConnectionVault   *self,
                             const char          *connection_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, cs_vault_lookup_token_async);
  g_task_set_task_data (task, g_strdup (connection_id), g_free);
  cs_secret_store_lookup_async (self->secrets, connection_id, CS_SECRET_KIND_REFRESH_TOKEN,
                                cancellable, lookup_token_cb, task);
}

char *
cs_vault_lookup_token_finish (CsConnectionVault  *self,
                              GAsyncResult       *result,
                              GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cs_vault_lookup_all_async (CsConnectionVault   *self,
                           const char          *connection_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  LookupAll *data = g_new0 (LookupAll, 1);
  LookupOne *one = g_new0 (LookupOne, 1);

  g_task_set_source_tag (task, cs_vault_lookup_all_async);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_all_free);
  data->connection_id = g_strdup (connection_id);
  one->task = task;
  one->kind = 0;
  cs_secret_store_lookup_async (self->secrets, connection_id, one->kind, cancellable, lookup_one_cb, one);
}

char **
cs_vault_lookup_all_finish (CsConnectionVault  *self,
                            GAsyncResult       *result,
                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
run_sync_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GAsyncResult *
cs_vault_run_sync (CsVaultStartFunc start,
                   gpointer         start_data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GAsyncResult *result = NULL;

  g_main_context_push_thread_default (context);
  start (start_data, run_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  /* What the finished calls queued (GDBus frees its subscriptions from an
   * idle in the context they were made in). */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return result;
}

/* ---- find and load ------------------------------------------------------------- */

CsConnection *
cs_connection_vault_find (CsConnectionVault  *self,
                          const char         *name_or_id,
                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  CsConnection *connection;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (name_or_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  connection = cs_connection_store_find (self->store, name_or_id, &local_error);
  if (connection == NULL)
    g_propagate_error (error, local_error != NULL ? g_steal_pointer (&local_error)
                                                  : cs_vault_not_found_error_new (name_or_id));
  return connection;
}

/* The error of an entry that lacks a secret, or NULL. */
static GError *
entry_missing_error_new (const CsVaultEntry *entry)
{
  guint missing = 0;
  CsVaultFix fix;
  g_autofree char *message = NULL;

  if (entry->consumer_key == NULL)
    missing |= 1u << CS_SECRET_KIND_CONSUMER_KEY;
  if (entry->consumer_secret == NULL)
    missing |= 1u << CS_SECRET_KIND_CONSUMER_SECRET;
  if (entry->refresh_token == NULL)
    missing |= 1u << CS_SECRET_KIND_REFRESH_TOKEN;
  if (missing == 0)
    return NULL;

  /* Worded as for a confirmed connection: a setup in progress has no
   * refresh token to use either. */
  {
    g_autoptr(CsConnection) confirmed = cs_connection_copy (entry->connection);

    confirmed->confirmed = MAX (confirmed->confirmed, 1);
    message = describe_missing (confirmed, missing, &fix);
  }
  return g_error_new_literal (CS_ERROR,
                              fix == CS_VAULT_FIX_REAUTHORIZE ? CS_ERROR_INVALID_GRANT
                                                              : CS_ERROR_SECRET_MISSING,
                              message);
}

typedef struct
{
  CsVaultEntry *entry;  /* NULL once handed out */
} LoadData;

static void
load_data_free (LoadData *data)
{
  cs_vault_entry_free (data->entry);
  g_free (data);
}

static void
load_looked_up_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  LoadData *data = g_task_get_task_data (task);
  CsVaultEntry *entry = data->entry;
  GError *error = NULL;
  char **secrets;

  secrets = cs_vault_lookup_all_finish (self, result, &error);
  if (secrets == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  entry->consumer_key = g_steal_pointer (&secrets[CS_SECRET_KIND_CONSUMER_KEY]);
  entry->consumer_secret = g_steal_pointer (&secrets[CS_SECRET_KIND_CONSUMER_SECRET]);
  entry->refresh_token = g_steal_pointer (&secrets[CS_SECRET_KIND_REFRESH_TOKEN]);
  cs_vault_secrets_free (secrets);

  error = entry_missing_error_new (entry);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->entry), (GDestroyNotify) cs_vault_entry_free);
}

void
cs_connection_vault_load_async (CsConnectionVault   *self,
                                const char          *name_or_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  LoadData *data;
  CsConnection *connection;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (name_or_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connection_vault_load_async);

  connection = cs_connection_vault_find (self, name_or_id, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (LoadData, 1);
  data->entry = g_new0 (CsVaultEntry, 1);
  data->entry->connection = connection;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  cs_vault_lookup_all_async (self, connection->id, cancellable, load_looked_up_cb,
                             g_steal_pointer (&task));
}

CsVaultEntry *
cs_connection_vault_load_finish (CsConnectionVault  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What a sync wrapper hands its start function. */
typedef struct
{
  CsConnectionVault *self;
  const char        *name_or_id;
  GCancellable      *cancellable;
} SyncCall;

static void
start_load (gpointer            start_data,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  SyncCall *call = start_data;

  cs_connection_vault_load_async (call->self, call->name_or_id, call->cancellable, callback, user_data);
}

CsVaultEntry *
cs_connection_vault_load_sync (CsConnectionVault  *self,
                               const char         *name_or_id,
                               GCancellable       *cancellable,
                               GError            **error)
{
  SyncCall call = { self, name_or_id, cancellable };
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (name_or_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = cs_vault_run_sync (start_load, &call);
  return cs_connection_vault_load_finish (self, result, error);
}

/* ---- status and problems ------------------------------------------------------------ */

/* The keyring items of @connection_id among @items (CsSecretItemInfo), by
 * kind; the newest wins when there are several. */
static void
pick_items (GPtrArray         *items,
            const char        *connection_id,
            CsSecretItemInfo **by_kind)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CsSecretItemInfo *info = g_ptr_array_index (items, i);
      CsSecretItemInfo **slot = &by_kind[info->kind];

      if (!g_str_equal (info->key->connection_id, connection_id))
        continue;
      if (*slot == NULL || info->modified > (*slot)->modified)
        {
          cs_secret_item_info_free (*slot);
          *slot = cs_secret_item_info_copy (info);
        }
    }
}

/* The statuses of every row, given the keyring's items (or why they are
 * unknown). */
/* When the connection's record sync last completed a cycle; 0 when never
 * or unreadable (the review shows the rest regardless). */
static gint64
read_last_record_sync (CsConnectionStore *store,
                       const char        *connection_id)
{
  g_autoptr(CsSyncStatus) sync = cs_sync_status_new (store, connection_id);
  g_autoptr(GError) error = NULL;

  if (!cs_sync_status_refresh (sync, &error))
    {
      g_debug ("Could not read the record sync of %s: %s", connection_id, error->message);
      return 0;
    }
  return cs_sync_status_get_last_synced (sync);
}

/* What forget would delete of the record sync; a file test, no SQLite. */
static gboolean
has_sync_database (CsConnectionStore *store,
                   const char        *connection_id)
{
  g_autofree char *path = cs_sync_database_path_for (cs_connection_store_get_path (store), connection_id);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static GPtrArray *
build_statuses (CsConnectionVault  *self,
                GPtrArray          *items,
                const GError       *keyring_error,
                GError            **error)
{
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;

  connections = cs_connection_store_list (self->store, error);
  if (connections == NULL)
    return NULL;
  catalog = cs_field_catalog_new (self->store, error);
  if (catalog == NULL)
    return NULL;

  statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_connection_status_free);
  for (guint i = 0; i < connections->len; i++)
    {
      CsConnection *connection = g_ptr_array_index (connections, i);
      CsConnectionStatus *status = g_new0 (CsConnectionStatus, 1);

      g_ptr_array_add (statuses, status);
      status->connection = cs_connection_copy (connection);
      if (keyring_error != NULL)
        status->keyring_error = g_error_copy (keyring_error);
      else
        pick_items (items, connection->id, status->items);
      status->health = compute_health (status);
      status->last_field_sync = cs_field_catalog_get_last_recorded (catalog, connection->id, error);
      if (status->last_field_sync < 0)
        return NULL;
      status->catalog_fields = cs_field_catalog_count (catalog, connection->id, error);
      if (status->catalog_fields < 0)
        return NULL;
      status->last_record_sync = read_last_record_sync (self->store, connection->id);
      status->has_sync_database = has_sync_database (self->store, connection->id);
      if (cs_sync_service_is_enabled (connection->id, NULL))
        status->sync_timer = cs_sync_service_timer_name (connection->id);
    }

  return g_steal_pointer (&statuses);
}

static void
list_status_listed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) keyring_error = NULL;
  GError *error = NULL;
  GPtrArray *statuses;

  items = cs_secret_store_list_finish (CS_SECRET_STORE (source), result, &keyring_error);
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&keyring_error));
      return;
    }

  statuses = build_statuses (self, items, keyring_error, &error);
  if (statuses == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, statuses, (GDestroyNotify) g_ptr_array_unref);
}

void
cs_connection_vault_list_status_async (CsConnectionVault   *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connection_vault_list_status_async);
  cs_secret_store_list_async (self->secrets, cancellable, list_status_listed_cb,
                              g_steal_pointer (&task));
}

GPtrArray *
cs_connection_vault_list_status_finish (CsConnectionVault  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_list_status_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
start_list_status (gpointer            start_data,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  SyncCall *call = start_data;

  cs_connection_vault_list_status_async (call->self, call->cancellable, callback, user_data);
}

GPtrArray *
cs_connection_vault_list_status_sync (CsConnectionVault  *self,
                                      GCancellable       *cancellable,
                                      GError            **error)
{
  SyncCall call = { self, NULL, cancellable };
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = cs_vault_run_sync (start_list_status, &call);
  return cs_connection_vault_list_status_finish (self, result, error);
}

static CsVaultProblem *
orphan_problem_new (const char *connection_id)
{
  CsVaultProblem *problem = g_new0 (CsVaultProblem, 1);

  problem->kind = CS_VAULT_PROBLEM_ORPHAN_ITEMS;
  problem->connection_id = g_strdup (connection_id);
  problem->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_secret_item_info_free);
  problem->fix = CS_VAULT_FIX_FORGET;
  return problem;
}

/* Groups the items of no stored connection into one problem per
 * connection id, appended to @problems. */
static void
add_orphans (GPtrArray  *problems,
             GPtrArray  *statuses,
             GPtrArray  *items)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) orphans = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < statuses->len; i++)
    {
      CsConnectionStatus *status = g_ptr_array_index (statuses, i);

      g_hash_table_add (known, status->connection->id);
    }

  for (guint i = 0; i < items->len; i++)
    {
      CsSecretItemInfo *info = g_ptr_array_index (items, i);
      CsVaultProblem *problem;

      if (g_hash_table_contains (known, info->key->connection_id))
        continue;
      problem = g_hash_table_lookup (orphans, info->key->connection_id);
      if (problem == NULL)
        {
          problem = orphan_problem_new (info->key->connection_id);
          g_hash_table_insert (orphans, problem->connection_id, problem);
          g_ptr_array_add (problems, problem);
        }
      g_ptr_array_add (problem->items, cs_secret_item_info_copy (info));
    }

  for (guint i = 0; i < problems->len; i++)
    {
      CsVaultProblem *problem = g_ptr_array_index (problems, i);
      CsSecretItemInfo *first;

      if (problem->kind != CS_VAULT_PROBLEM_ORPHAN_ITEMS)
        continue;
      first = g_ptr_array_index (problem->items, 0);
      problem->message =
        /* Translators: %u is a number of keyring items, the first %s an item's label
         * such as "Salesforce refresh token for sync@acme.com (login.salesforce.com)",
         * the second a connection id */
        g_strdup_printf (ngettext ("%u keyring item of CRM Sync Setup belongs to no stored "
                                   "connection (“%s”): the connection was removed without it. "
                                   "Delete it (“crm-sync forget %s”).",
                                   "%u keyring items of CRM Sync Setup belong to no stored "
                                   "connection (such as “%s”): the connection was removed "
                                   "without them. Delete them (“crm-sync forget %s”).",
                                   problem->items->len),
                         problem->items->len, first->label, problem->connection_id);
    }
}

static void
problems_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GError *error = NULL;

  items = cs_secret_store_list_finish (CS_SECRET_STORE (source), result, &error);
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  statuses = build_statuses (self, items, NULL, &error);
  if (statuses == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_vault_problem_free);
  for (guint i = 0; i < statuses->len; i++)
    {
      CsConnectionStatus *status = g_ptr_array_index (statuses, i);
      guint missing = status_missing (status);
      CsVaultProblem *problem;

      if (missing == 0)
        continue;
      problem = g_new0 (CsVaultProblem, 1);
      problem->kind = CS_VAULT_PROBLEM_MISSING_SECRETS;
      problem->connection_id = g_strdup (status->connection->id);
      problem->connection = cs_connection_copy (status->connection);
      problem->missing = missing;
      problem->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_secret_item_info_free);
      for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
        if (status->items[kind] != NULL)
          g_ptr_array_add (problem->items, cs_secret_item_info_copy (status->items[kind]));
      problem->message = describe_missing (status->connection, missing, &problem->fix);
      g_ptr_array_add (problems, problem);
    }
  add_orphans (problems, statuses, items);

  g_task_return_pointer (task, g_steal_pointer (&problems), (GDestroyNotify) g_ptr_array_unref);
}

void
cs_connection_vault_find_problems_async (CsConnectionVault   *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connection_vault_find_problems_async);
  cs_secret_store_list_async (self->secrets, cancellable, problems_listed_cb,
                              g_steal_pointer (&task));
}

GPtrArray *
cs_connection_vault_find_problems_finish (CsConnectionVault  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_find_problems_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
start_find_problems (gpointer            start_data,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  SyncCall *call = start_data;

  cs_connection_vault_find_problems_async (call->self, call->cancellable, callback, user_data);
}

GPtrArray *
cs_connection_vault_find_problems_sync (CsConnectionVault  *self,
                                        GCancellable       *cancellable,
                                        GError            **error)
{
  SyncCall call = { self, NULL, cancellable };
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = cs_vault_run_sync (start_find_problems, &call);
  return cs_connection_vault_find_problems_finish (self, result, error);
}

static void
reveal_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = cs_secret_store_lookup_finish (CS_SECRET_STORE (source), result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) cs_secret_wipe_free);
}

void
cs_connection_vault_reveal_async (CsConnectionVault   *self,
                                  const char          *connection_id,
                                  CsSecretKind         kind,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (connection_id != NULL);
  /* The refresh token is never shown. */
  g_return_if_fail (kind == CS_SECRET_KIND_CONSUMER_KEY || kind == CS_SECRET_KIND_CONSUMER_SECRET);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connection_vault_reveal_async);
  cs_secret_store_lookup_async (self->secrets, connection_id, kind, cancellable, reveal_cb,
                                g_steal_pointer (&task));
}

char *
cs_connection_vault_reveal_finish (CsConnectionVault  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_reveal_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- marks ---------------------------------------------------------------------- */

gboolean
cs_connection_vault_error_needs_reauthorization (const GError *error)
{
  return cs_error_is_reauthorization (error) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_CLIENT_SECRET) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_CLIENT_ID);
}

static void
mark (CsConnectionVault *self,
      const char        *connection_id,
      const char        *reason)
{
  g_autoptr(GError) error = NULL;

  g_debug ("Connection %s needs re-authorization: %s", connection_id, reason);
  if (!cs_connection_store_set_reauth (self->store, connection_id, reason,
                                       g_get_real_time () / G_USEC_PER_SEC, &error))
    g_warning ("Could not mark the connection as needing re-authorization: %s", error->message);
  cs_vault_emit_changed (self, connection_id);
}

gboolean
cs_connection_vault_note_error (CsConnectionVault *self,
                                const char        *connection_id,
                                const GError      *reason)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);
  g_return_val_if_fail (connection_id != NULL, FALSE);

  if (!cs_connection_vault_error_needs_reauthorization (reason))
    return FALSE;

  mark (self, connection_id, cs_error_code_to_string (reason->code));
  return TRUE;
}

gboolean
cs_connection_vault_abandon_unsaved_token (CsConnectionVault *self,
                                           const char        *connection_id)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);
  g_return_val_if_fail (connection_id != NULL, FALSE);

  if (!g_hash_table_remove (self->unsaved, connection_id))
    return FALSE;
  mark (self, connection_id, REASON_ROTATED_TOKEN_LOST);
  return TRUE;
}

void
cs_connection_vault_note_refresh (CsConnectionVault *self,
                                  const char        *connection_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (connection_id != NULL);

  if (!cs_connection_store_note_refresh (self->store, connection_id,
                                         g_get_real_time () / G_USEC_PER_SEC, &error))
    g_debug ("Could not note the refresh: %s", error->message);
  cs_vault_emit_changed (self, connection_id);
}
