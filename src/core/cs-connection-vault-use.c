/* cs-connection-vault-use.c: using a stored connection through
 * CsConnectionVault: refreshes that keep rotated tokens and mark refusals,
 * REST clients it watches, and "Test now".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>

#include "cs-connection-vault-private.h"
#include "cs-error.h"
#include "cs-secret-util.h"

/* ---- refresh ------------------------------------------------------------------------ */

typedef struct
{
  CsVaultEntry *entry;    /* the caller's: its token is updated */
  CsTokenSet   *tokens;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_object (&data->tokens);
  g_free (data);
}

static void
refresh_kept_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  RefreshData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cs_connection_vault_keep_rotated_token_finish (self, result, &error))
    {
      /* Translators: %s is the keyring's message, which says what to do */
      g_prefix_error (&error, _("Salesforce replaced the refresh token, but the keyring did not "
                                "take the new one: "));
      g_task_return_error (task, error);
      return;
    }
  cs_connection_vault_note_refresh (self, data->entry->connection->id);
  g_task_return_pointer (task, g_steal_pointer (&data->tokens), g_object_unref);
}

static void
refresh_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  CsVaultEntry *entry = data->entry;
  GError *error = NULL;
  const char *token;

  data->tokens = cs_oauth_client_refresh_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (data->tokens == NULL)
    {
      cs_connection_vault_note_error (self, entry->connection->id, error);
      g_task_return_error (task, error);
      return;
    }

  token = cs_token_set_get_refresh_token (data->tokens);
  if (token == NULL || g_strcmp0 (token, entry->refresh_token) == 0)
    {
      cs_connection_vault_note_refresh (self, entry->connection->id);
      g_task_return_pointer (task, g_steal_pointer (&data->tokens), g_object_unref);
      return;
    }

  /* Refresh Token Rotation: the old token is dead now. */
  cs_secret_clear (&entry->refresh_token);
  entry->refresh_token = g_strdup (token);
  cs_connection_vault_keep_rotated_token_async (self, entry->connection, token,
                                                refresh_kept_cb, g_steal_pointer (&task));
}

void
cs_connection_vault_refresh_async (CsConnectionVault   *self,
                                   CsVaultEntry        *entry,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  RefreshData *data;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (entry != NULL && entry->refresh_token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connection_vault_refresh_async);
  data = g_new0 (RefreshData, 1);
  data->entry = entry;
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);

  oauth = cs_vault_entry_new_oauth_client (entry);
  cs_oauth_client_refresh_async (oauth, entry->refresh_token, cancellable,
                                 refresh_refreshed_cb, g_steal_pointer (&task));
}

CsTokenSet *
cs_connection_vault_refresh_finish (CsConnectionVault  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_refresh_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- watched REST clients ---------------------------------------------------------------- */

typedef struct
{
  CsConnectionVault *vault;
  CsConnection      *connection;
  char              *refresh_token;   /* the last one seen */
} Watch;

static void
watch_free (gpointer data,
            GClosure *closure)
{
  Watch *watch = data;

  g_object_unref (watch->vault);
  cs_connection_free (watch->connection);
  cs_secret_clear (&watch->refresh_token);
  g_free (watch);
}

static void
watch_tokens_refreshed_cb (CsSalesforceClient *client,
                           CsTokenSet         *tokens,
                           Watch              *watch)
{
  const char *token = cs_token_set_get_refresh_token (tokens);

  cs_connection_vault_note_refresh (watch->vault, watch->connection->id);
  if (token == NULL || g_strcmp0 (token, watch->refresh_token) == 0)
    return;

  cs_secret_clear (&watch->refresh_token);
  watch->refresh_token = g_strdup (token);
  /* Failures reach the admin through "keyring-write-failed". */
  cs_connection_vault_keep_rotated_token_async (watch->vault, watch->connection, token, NULL, NULL);
}

void
cs_connection_vault_watch_client (CsConnectionVault  *self,
                                  CsSalesforceClient *client,
                                  const CsConnection *connection)
{
  Watch *watch;
  CsTokenSet *tokens;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (client));
  g_return_if_fail (connection != NULL && connection->id != NULL);

  watch = g_new0 (Watch, 1);
  watch->vault = g_object_ref (self);
  watch->connection = cs_connection_copy (connection);
  tokens = cs_salesforce_client_get_tokens (client);
  if (tokens != NULL)
    watch->refresh_token = g_strdup (cs_token_set_get_refresh_token (tokens));
  g_signal_connect_data (client, "tokens-refreshed", G_CALLBACK (watch_tokens_refreshed_cb),
                         watch, watch_free, 0);
}

CsSalesforceClient *
cs_connection_vault_new_client (CsConnectionVault *self,
                                CsVaultEntry      *entry,
                                CsTokenSet        *tokens)
{
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsTokenSet) stored = NULL;
  CsSalesforceClient *client;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (tokens == NULL || CS_IS_TOKEN_SET (tokens), NULL);

  /* With only the refresh token, the client refreshes before its first
   * request and learns the instance URL from the answer. */
  if (tokens == NULL)
    tokens = stored = cs_token_set_new (NULL, entry->refresh_token, NULL, NULL);
  oauth = cs_vault_entry_new_oauth_client (entry);
  client = cs_salesforce_client_new (oauth, tokens);
  /* Saves the versions round trip when one was recorded. */
  if (entry->connection->api_version != NULL)
    cs_salesforce_client_set_api_version (client, entry->connection->api_version);
  cs_connection_vault_watch_client (self, client, entry->connection);
  return client;
}

/* ---- Test now --------------------------------------------------------------------------- */

typedef struct
{
  CsVaultEntry       *entry;
  CsOAuthClient      *oauth;
  CsSalesforceClient *client;
  CsConnectionTest   *test;
} TestData;

static void
test_data_free (TestData *data)
{
  g_clear_object (&data->oauth);
  g_clear_object (&data->client);
  g_clear_pointer (&data->test, cs_connection_test_free);
  g_free (data);
}

static void
test_limits_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) limits = NULL;
  GError *error = NULL;
  JsonObject *daily = NULL;

  limits = cs_salesforce_client_request_finish (CS_SALESFORCE_CLIENT (source), result, NULL, &error);
  if (limits == NULL && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (limits != NULL && JSON_NODE_HOLDS_OBJECT (limits))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (limits), "DailyApiRequests");

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        daily = json_node_get_object (node);
    }
  if (daily != NULL && json_object_has_member (daily, "Max") && json_object_has_member (daily, "Remaining"))
    {
      gint64 max = json_object_get_int_member (daily, "Max");

      data->test->api_requests_max = max;
      data->test->api_requests_used = max - json_object_get_int_member (daily, "Remaining");
    }

  g_task_return_pointer (task, g_steal_pointer (&data->test), (GDestroyNotify) cs_connection_test_free);
}

static void
test_request_limits (GTask *task)
{
  TestData *data = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/services/data/v%s/limits",
                                           cs_salesforce_client_get_api_version (data->client));

  cs_salesforce_client_request_async (data->client, "GET", path, NULL, NULL,
                                      g_task_get_cancellable (task), test_limits_cb, task);
}

static void
test_negotiated_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cs_salesforce_client_negotiate_version_finish (CS_SALESFORCE_CLIENT (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  test_request_limits (g_steal_pointer (&task));
}

static void
test_identity_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  TestData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->test->identity = cs_oauth_client_fetch_identity_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (data->test->identity == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->client = cs_connection_vault_new_client (self, data->entry, data->test->tokens);
  if (cs_salesforce_client_get_api_version (data->client) == NULL)
    cs_salesforce_client_negotiate_version_async (data->client, g_task_get_cancellable (task),
                                                  test_negotiated_cb, g_object_ref (task));
  else
    test_request_limits (g_steal_pointer (&task));
}

static void
test_refreshed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->test->tokens = cs_connection_vault_refresh_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (data->test->tokens == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->oauth = cs_vault_entry_new_oauth_client (data->entry);
  cs_oauth_client_fetch_identity_async (data->oauth, data->test->tokens, g_task_get_cancellable (task),
                                        test_identity_cb, g_object_ref (task));
}

void
cs_connection_vault_test_async (CsConnectionVault   *self,
                                CsVaultEntry        *entry,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TestData *data;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (entry != NULL && entry->refresh_token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_connection_vault_test_async);
  data = g_new0 (TestData, 1);
  data->entry = entry;
  data->test = g_new0 (CsConnectionTest, 1);
  data->test->api_requests_used = -1;
  data->test->api_requests_max = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) test_data_free);

  cs_connection_vault_refresh_async (self, entry, cancellable, test_refreshed_cb,
                                     g_steal_pointer (&task));
}

CsConnectionTest *
cs_connection_vault_test_finish (CsConnectionVault  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_test_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
