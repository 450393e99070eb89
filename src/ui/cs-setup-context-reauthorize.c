/* cs-setup-context-reauthorize.c: re-authorizing a stored connection, and
 * the stored connections the welcome and review pages use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-setup-context-private.h"
#include "cs-string-util.h"

/* ---- re-authorization ------------------------------------------------------ */

static void
set_replace_consumer (CsSetupContext *self,
                      gboolean        replace)
{
  replace = !!replace;
  if (self->replace_consumer == replace)
    return;
  self->replace_consumer = replace;
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_REPLACE_CONSUMER]);
}

void
cs_setup_context_clear_reauthorization (CsSetupContext *self)
{
  g_clear_pointer (&self->reauth_status, cs_connection_status_free);
  cs_secret_clear (&self->reauth_key);
  cs_secret_clear (&self->reauth_secret);
  self->consumer_required = FALSE;
  set_replace_consumer (self, FALSE);
  g_clear_pointer (&self->expected_org_id, g_free);
  g_clear_pointer (&self->connection, cs_connection_free);
  cs_setup_context_drop_stale_field_sync (self);
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
    cs_setup_context_clear_reauthorization (self);
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
