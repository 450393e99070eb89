/* cs-setup-context-sync.c: the record sync of the wizard's pages (Start
 * Salesforce Sync, Start Sync, Sync Status).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-setup-context-private.h"
#include "cs-string-util.h"

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
void
cs_setup_context_drop_stale_record_sync (CsSetupContext *self)
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
  cs_setup_context_drop_stale_record_sync (self);
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

  cs_setup_context_drop_stale_record_sync (self);
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

  cs_setup_context_drop_stale_record_sync (self);
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

  cs_setup_context_drop_stale_record_sync (self);
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
