/* cs-connection-vault-write.c: every write of CsConnectionVault: create,
 * store a login, keep rotated tokens, replace the consumer key and secret,
 * revoke, forget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>

#include "cs-connection-vault-private.h"
#include "cs-error.h"
#include "cs-field-catalog.h"
#include "cs-record-sync.h"
#include "cs-secret-util.h"
#include "cs-string-util.h"
#include "cs-sync-service.h"

/* ---- forget steps ------------------------------------------------------------------ */

static gboolean
forget_field_catalog (CsConnectionStore  *store,
                      const char         *connection_id,
                      GError            **error)
{
  g_autoptr(CsFieldCatalog) catalog = cs_field_catalog_new (store, error);

  return catalog != NULL && cs_field_catalog_forget (catalog, connection_id, error);
}

/* What forget cleans besides the keyring items and the row: see
 * CsForgetStepFunc. One line per part of the program that keeps something
 * about a connection. */
static const CsForgetStepFunc forget_steps[] = {
  forget_field_catalog,
  cs_record_sync_forget,
};

/* The task of a write: tagged, and holding the default GApplication until
 * it completes. */
static GTask *
write_task_new (CsConnectionVault   *self,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  cs_vault_hold_until_completed (task);
  return task;
}

/* ---- storing several secrets, one after the other ------------------------------------ */

typedef struct
{
  CsSecretKey  *key;
  CsSecretKind  kinds[CS_SECRET_N_KINDS];
  char         *secrets[CS_SECRET_N_KINDS];
  guint         n;
  guint         next;
} StoreSeq;

static void
store_seq_free (StoreSeq *seq)
{
  cs_secret_key_free (seq->key);
  for (guint i = 0; i < seq->n; i++)
    cs_secret_clear (&seq->secrets[i]);
  g_free (seq);
}

static StoreSeq *
store_seq_new (const CsConnection *connection)
{
  StoreSeq *seq = g_new0 (StoreSeq, 1);

  seq->key = cs_vault_secret_key_new (connection);
  return seq;
}

static void
store_seq_add (StoreSeq     *seq,
               CsSecretKind  kind,
               const char   *secret)
{
  g_assert (seq->n < CS_SECRET_N_KINDS);
  seq->kinds[seq->n] = kind;
  seq->secrets[seq->n] = g_strdup (secret);
  seq->n++;
}

static void store_seq_next (GTask *task);

static void
store_seq_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cs_secret_store_store_finish (CS_SECRET_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  store_seq_next (g_steal_pointer (&task));
}

/* Takes @task's reference. */
static void
store_seq_next (GTask *task)
{
  CsConnectionVault *self = g_task_get_source_object (task);
  StoreSeq *seq = g_task_get_task_data (task);
  guint i = seq->next++;

  if (i >= seq->n)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  cs_secret_store_store_async (self->secrets, seq->key, seq->kinds[i], seq->secrets[i],
                               g_task_get_cancellable (task), store_seq_stored_cb, task);
}

/* Stores @seq's secrets in order (taking @seq), stopping at the first
 * failure. */
static void
store_seq_run (CsConnectionVault   *self,
               StoreSeq            *seq,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, store_seq_run);
  g_task_set_task_data (task, seq, (GDestroyNotify) store_seq_free);
  store_seq_next (task);
}

static gboolean
store_seq_finish (CsConnectionVault  *self,
                  GAsyncResult       *result,
                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- revoking one token ----------------------------------------------------------- */

typedef struct
{
  CsRevokeOutcome  outcome;
  GError          *failure;   /* why it failed (CS_REVOKE_FAILED) */
} RevokeData;

static void
revoke_data_free (RevokeData *data)
{
  g_clear_error (&data->failure);
  g_free (data);
}

static void
revoke_token_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RevokeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (cs_oauth_client_revoke_finish (CS_OAUTH_CLIENT (source), result, &error))
    data->outcome = CS_REVOKE_DONE;
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_GRANT))
    {
      /* Salesforce no longer knows it: nothing live is left. */
      g_clear_error (&error);
      data->outcome = CS_REVOKE_ALREADY_INVALID;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }
  else
    {
      g_debug ("Revoking failed: %s", error->message);
      data->outcome = CS_REVOKE_FAILED;
      data->failure = error;
    }
  g_task_return_boolean (task, TRUE);
}

/* Revokes @token at @login_host. Never fails but for a cancellation: the
 * outcome says what happened, and revoke_token_finish()'s @failure why it
 * failed. */
static void
revoke_token_async (CsConnectionVault   *self,
                    const char          *login_host,
                    const char          *token,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(CsOAuthClient) oauth = NULL;
  RevokeData *data = g_new0 (RevokeData, 1);

  g_task_set_source_tag (task, revoke_token_async);
  g_task_set_task_data (task, data, (GDestroyNotify) revoke_data_free);
  if (token == NULL)
    {
      data->outcome = CS_REVOKE_NOTHING;
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The revoke endpoint takes the token alone. */
  oauth = cs_oauth_client_new (login_host, "", NULL);
  cs_oauth_client_revoke_async (oauth, token, cancellable, revoke_token_cb, g_steal_pointer (&task));
}

static CsRevokeOutcome
revoke_token_finish (CsConnectionVault  *self,
                     GAsyncResult       *result,
                     GError            **failure,
                     GError            **error)
{
  RevokeData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), CS_REVOKE_FAILED);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return CS_REVOKE_FAILED;
  data = g_task_get_task_data (G_TASK (result));
  if (failure != NULL && data->failure != NULL)
    *failure = g_error_copy (data->failure);
  return data->outcome;
}

/* ---- create ------------------------------------------------------------------------ */

static void
create_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  GError *error = NULL;

  if (!store_seq_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  cs_vault_emit_changed (self, g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

void
cs_connection_vault_create_async (CsConnectionVault   *self,
                                  CsConnection        *connection,
                                  const char          *consumer_key,
                                  const char          *consumer_secret,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  StoreSeq *seq;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (connection != NULL);
  g_return_if_fail (consumer_key != NULL && consumer_secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = write_task_new (self, cs_connection_vault_create_async, cancellable, callback, user_data);

  if (connection->name != NULL && !cs_connection_name_is_valid (connection->name))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("“%s” cannot name a connection: use up to 64 letters, digits "
                                 "and . _ @ + -, starting with a letter or a digit."),
                               connection->name);
      return;
    }

  /* The row first: if the keyring then fails, nothing secret was written
   * anywhere and the row only says a connection was started. */
  if (!cs_connection_store_save (self->store, connection, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_strdup (connection->id), g_free);

  seq = store_seq_new (connection);
  store_seq_add (seq, CS_SECRET_KIND_CONSUMER_KEY, consumer_key);
  store_seq_add (seq, CS_SECRET_KIND_CONSUMER_SECRET, consumer_secret);
  store_seq_run (self, seq, cancellable, create_stored_cb, g_steal_pointer (&task));
}

gboolean
cs_connection_vault_create_finish (CsConnectionVault  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_create_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- store a login -------------------------------------------------------------------- */

typedef struct
{
  CsConnection    *connection;  /* as it will be stored */
  char            *consumer_key;
  char            *consumer_secret;
  char            *refresh_token;
  char            *old_token;   /* the one it replaces, revoked last */
  CsRevokeOutcome  old_outcome;
} StoreLoginData;

static void
store_login_data_free (StoreLoginData *data)
{
  cs_connection_free (data->connection);
  cs_secret_clear (&data->consumer_key);
  cs_secret_clear (&data->consumer_secret);
  cs_secret_clear (&data->refresh_token);
  cs_secret_clear (&data->old_token);
  g_free (data);
}

/* A name from the username: its characters that may name a connection. */
static char *
name_from_username (const char *username)
{
  g_autofree char *name = g_strdup (username != NULL && *username != '\0' ? username : "connection");

  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._@+-", *p) == NULL)
      *p = '-';
  if (!g_ascii_isalnum (name[0]))
    return g_strconcat ("c", name, NULL);
  if (strlen (name) > 64)
    name[64] = '\0';
  return g_steal_pointer (&name);
}

/* The row's facts from the login. */
static gboolean
apply_login (CsConnectionVault    *self,
             CsConnection         *connection,
             const CsLoginResult  *login,
             GError              **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 issued_ms = cs_token_set_get_issued_at_ms (login->tokens);

  cs_set_str (&connection->org_id, cs_identity_get_org_id (login->identity));
  cs_set_str (&connection->user_id, cs_identity_get_user_id (login->identity));
  cs_set_str (&connection->username, cs_identity_get_username (login->identity));
  cs_set_str (&connection->display_name, cs_identity_get_display_name (login->identity));
  cs_set_str (&connection->profile_name, cs_identity_get_profile_name (login->identity));
  /* A name that could not be read this time keeps the one known. */
  if (cs_identity_get_org_name (login->identity) != NULL)
    cs_set_str (&connection->org_name, cs_identity_get_org_name (login->identity));
  connection->is_admin = cs_identity_get_is_admin (login->identity);
  cs_set_str (&connection->instance_url, cs_token_set_get_instance_url (login->tokens));
  cs_set_str (&connection->scopes, cs_token_set_get_scope (login->tokens));
  connection->token_issued = issued_ms > 0 ? issued_ms / 1000 : now;
  connection->last_refresh = now;
  cs_set_str (&connection->reauth_reason, NULL);
  connection->reauth_since = 0;

  if (connection->name == NULL)
    {
      g_autofree char *base = name_from_username (connection->username);

      connection->name = cs_connection_store_dup_free_name (self->store, base, connection->id, error);
      if (connection->name == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
store_login_revoked_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  StoreLoginData *data = g_task_get_task_data (task);
  g_autoptr(GError) failure = NULL;

  /* The new token is safe whatever happens here. */
  data->old_outcome = revoke_token_finish (self, result, &failure, NULL);
  if (failure != NULL)
    g_debug ("The replaced refresh token could not be revoked: %s", failure->message);
  g_task_return_pointer (task, cs_connection_copy (data->connection), (GDestroyNotify) cs_connection_free);
}

static void
store_login_stored_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  StoreLoginData *data = g_task_get_task_data (task);
  GError *error = NULL;
  CsConnection *connection = data->connection;
  gint64 confirmed = connection->confirmed;

  if (!store_seq_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Cancelled meanwhile: the admin stays where they were, so nothing may
   * count as confirmed. */
  if (g_task_return_error_if_cancelled (task))
    return;

  /* The connection counts as confirmed only once its refresh token is
   * safely in the keyring. */
  if (connection->confirmed == 0)
    connection->confirmed = g_get_real_time () / G_USEC_PER_SEC;
  if (!cs_connection_store_save (self->store, connection, &error))
    {
      connection->confirmed = confirmed;
      g_task_return_error (task, error);
      return;
    }

  /* The keyring holds the login's token now: an older rotated one waiting
   * in memory is stale. */
  g_hash_table_remove (self->unsaved, connection->id);
  cs_vault_emit_changed (self, connection->id);

  if (data->old_token == NULL || g_strcmp0 (data->old_token, data->refresh_token) == 0)
    {
      data->old_outcome = CS_REVOKE_NOTHING;
      g_task_return_pointer (task, cs_connection_copy (connection), (GDestroyNotify) cs_connection_free);
      return;
    }
  revoke_token_async (self, connection->login_host, data->old_token, NULL,
                      store_login_revoked_cb, g_steal_pointer (&task));
}

static void
store_login_looked_up_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  StoreLoginData *data = g_task_get_task_data (task);
  GError *error = NULL;
  StoreSeq *seq;

  data->old_token = cs_vault_lookup_token_finish (self, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Key and secret again, so that every item carries the org and the
   * user in its attributes and label; the token last. */
  seq = store_seq_new (data->connection);
  store_seq_add (seq, CS_SECRET_KIND_CONSUMER_KEY, data->consumer_key);
  store_seq_add (seq, CS_SECRET_KIND_CONSUMER_SECRET, data->consumer_secret);
  store_seq_add (seq, CS_SECRET_KIND_REFRESH_TOKEN, data->refresh_token);
  store_seq_run (self, seq, g_task_get_cancellable (task), store_login_stored_cb,
                 g_object_ref (task));
}

void
cs_connection_vault_store_login_async (CsConnectionVault   *self,
                                       const CsConnection  *connection,
                                       const char          *consumer_key,
                                       const char          *consumer_secret,
                                       const CsLoginResult *login,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CsConnection) stored = NULL;
  GError *error = NULL;
  StoreLoginData *data;
  const char *refresh_token;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (connection != NULL && connection->id != NULL);
  g_return_if_fail (consumer_key != NULL && consumer_secret != NULL);
  g_return_if_fail (login != NULL && CS_IS_TOKEN_SET (login->tokens) && CS_IS_IDENTITY (login->identity));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = write_task_new (self, cs_connection_vault_store_login_async, cancellable, callback, user_data);

  refresh_token = cs_token_set_get_refresh_token (login->tokens);
  if (refresh_token == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_GRANT,
                               _("Salesforce did not hand out a refresh token. Add the “refresh_token, offline_access” scope to the External Client App, then log in again."));
      return;
    }

  stored = cs_connection_store_get (self->store, connection->id, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Once confirmed, a connection never moves to another org. */
  if (stored != NULL && stored->confirmed != 0 && stored->org_id != NULL &&
      g_strcmp0 (stored->org_id, cs_identity_get_org_id (login->identity)) != 0)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_WRONG_ORG,
                               _("This login went to Salesforce org %s, but the connection belongs to "
                                 "org %s. A connection cannot move to another org once its sync has "
                                 "started, so nothing was changed. Log in to org %s, or set up a new "
                                 "connection for the other org."),
                               cs_identity_get_org_id (login->identity), stored->org_id, stored->org_id);
      return;
    }

  data = g_new0 (StoreLoginData, 1);
  /* What the store holds wins over the caller's copy, which may be older
   * (marks, refreshes noted meanwhile); the login's facts go on top. */
  data->connection = cs_connection_copy (stored != NULL ? stored : connection);
  if (stored != NULL && connection->name != NULL)
    cs_set_str (&data->connection->name, connection->name);
  /* Where this login happened (a My Domain may have been renamed). */
  cs_set_str (&data->connection->login_host, connection->login_host);
  cs_set_str (&data->connection->environment, connection->environment);
  data->consumer_key = g_strdup (consumer_key);
  data->consumer_secret = g_strdup (consumer_secret);
  data->refresh_token = g_strdup (refresh_token);
  g_task_set_task_data (task, data, (GDestroyNotify) store_login_data_free);

  if (!apply_login (self, data->connection, login, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  cs_vault_lookup_token_async (self, data->connection->id, cancellable, store_login_looked_up_cb,
                               g_steal_pointer (&task));
}

CsConnection *
cs_connection_vault_store_login_finish (CsConnectionVault  *self,
                                        GAsyncResult       *result,
                                        CsRevokeOutcome    *old_token,
                                        GError            **error)
{
  CsConnection *connection;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_store_login_async, NULL);

  connection = g_task_propagate_pointer (G_TASK (result), error);
  if (connection != NULL && old_token != NULL)
    *old_token = ((StoreLoginData *) g_task_get_task_data (G_TASK (result)))->old_outcome;
  return connection;
}

/* ---- rotated tokens ------------------------------------------------------------------- */

static gboolean
rotation_is_for (CsVaultRotation *rotation,
                 const char      *connection_id)
{
  return g_str_equal (rotation->key->connection_id, connection_id);
}

/* A rotation of the same connection waits behind @link. */
static gboolean
newer_rotation_waits (GList *link)
{
  CsVaultRotation *rotation = link->data;

  for (GList *l = link->next; l != NULL; l = l->next)
    if (rotation_is_for (l->data, rotation->key->connection_id))
      return TRUE;
  return FALSE;
}

static void rotation_process (CsConnectionVault *self);

static void
rotation_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsConnectionVault) self = user_data;
  g_autoptr(GError) error = NULL;
  CsVaultRotation *rotation;
  gboolean superseded;
  const char *connection_id;

  cs_secret_store_store_finish (CS_SECRET_STORE (source), result, &error);
  superseded = newer_rotation_waits (g_queue_peek_head_link (&self->rotations));
  rotation = g_queue_pop_head (&self->rotations);
  self->rotation_busy = FALSE;
  connection_id = rotation->key->connection_id;

  if (error == NULL)
    {
      g_debug ("Rotated refresh token of connection %s stored", connection_id);
      if (!superseded)
        g_hash_table_remove (self->unsaved, connection_id);
      cs_vault_emit_changed (self, connection_id);
    }
  else if (!superseded)
    {
      CsVaultRotation *kept = g_new0 (CsVaultRotation, 1);

      g_debug ("The keyring refused a rotated refresh token: %s", error->message);
      kept->key = cs_secret_key_copy (rotation->key);
      kept->token = g_strdup (rotation->token);
      g_hash_table_replace (self->unsaved, g_strdup (connection_id), kept);
      g_signal_emit (self, cs_connection_vault_signals[CS_VAULT_SIGNAL_KEYRING_WRITE_FAILED], 0,
                     connection_id, error);
    }

  for (guint i = 0; i < rotation->waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (rotation->waiters, i);

      if (error != NULL && !superseded)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
  cs_vault_rotation_free (rotation);

  rotation_process (self);
}

static void
rotation_process (CsConnectionVault *self)
{
  CsVaultRotation *rotation;

  if (self->rotation_busy || g_queue_is_empty (&self->rotations))
    return;

  self->rotation_busy = TRUE;
  rotation = g_queue_peek_head (&self->rotations);
  /* No cancellable: a rotated token must reach the keyring. */
  cs_secret_store_store_async (self->secrets, rotation->key, CS_SECRET_KIND_REFRESH_TOKEN,
                               rotation->token, NULL, rotation_stored_cb, g_object_ref (self));
}

/* Queues @token (taking @waiter's reference); a rotation of the same
 * connection still waiting (not the one being written) is superseded, its
 * waiters moved over. */
static void
rotation_enqueue (CsConnectionVault *self,
                  const CsSecretKey *key,
                  const char        *token,
                  GTask             *waiter)
{
  CsVaultRotation *rotation = g_new0 (CsVaultRotation, 1);
  GList *l = g_queue_peek_head_link (&self->rotations);

  rotation->key = cs_secret_key_copy (key);
  rotation->token = g_strdup (token);
  rotation->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (rotation->waiters, waiter);

  if (self->rotation_busy && l != NULL)
    l = l->next;
  while (l != NULL)
    {
      GList *next = l->next;
      CsVaultRotation *older = l->data;

      if (rotation_is_for (older, key->connection_id))
        {
          /* Done as if written: the newer token takes its place. */
          g_ptr_array_extend_and_steal (rotation->waiters, g_steal_pointer (&older->waiters));
          older->waiters = g_ptr_array_new ();
          g_queue_delete_link (&self->rotations, l);
          cs_vault_rotation_free (older);
        }
      l = next;
    }

  g_queue_push_tail (&self->rotations, rotation);
  rotation_process (self);
}

void
cs_connection_vault_keep_rotated_token_async (CsConnectionVault   *self,
                                              const CsConnection  *connection,
                                              const char          *refresh_token,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task;
  g_autoptr(CsSecretKey) key = NULL;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (connection != NULL && connection->id != NULL);
  g_return_if_fail (refresh_token != NULL);

  task = write_task_new (self, cs_connection_vault_keep_rotated_token_async, NULL, callback, user_data);

  g_debug ("Keeping the rotated refresh token of connection %s", connection->id);
  key = cs_vault_secret_key_new (connection);
  rotation_enqueue (self, key, refresh_token, task);
}

gboolean
cs_connection_vault_keep_rotated_token_finish (CsConnectionVault  *self,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_keep_rotated_token_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cs_connection_vault_is_writing (CsConnectionVault *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);

  return !g_queue_is_empty (&self->rotations);
}

gboolean
cs_connection_vault_has_unsaved_token (CsConnectionVault *self,
                                       const char        *connection_id)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);

  if (connection_id == NULL)
    return g_hash_table_size (self->unsaved) > 0;
  return g_hash_table_contains (self->unsaved, connection_id);
}

typedef struct
{
  guint   pending;
  GError *error;
} RetryData;

static void
retry_data_free (RetryData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

static void
retry_one_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RetryData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (data->error == NULL)
        data->error = error;
      else
        g_error_free (error);
    }
  if (--data->pending > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_connection_vault_retry_unsaved_async (CsConnectionVault   *self,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GList) unsaved = NULL;
  RetryData *data;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, cs_connection_vault_retry_unsaved_async);
  data = g_new0 (RetryData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) retry_data_free);

  /* They stay in memory until written: a load meanwhile still finds them. */
  unsaved = g_hash_table_get_values (self->unsaved);
  data->pending = g_list_length (unsaved);
  if (data->pending == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  for (GList *l = unsaved; l != NULL; l = l->next)
    {
      CsVaultRotation *rotation = l->data;
      GTask *waiter = g_task_new (self, NULL, retry_one_cb, g_object_ref (task));

      cs_vault_hold_until_completed (waiter);
      rotation_enqueue (self, rotation->key, rotation->token, waiter);
    }
}

gboolean
cs_connection_vault_retry_unsaved_finish (CsConnectionVault  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_retry_unsaved_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- replace the consumer key and secret -------------------------------------------- */

typedef struct
{
  CsConnection *connection;
  char         *old_key;
  char         *consumer_key;
  char         *consumer_secret;
  char         *refresh_token;
} ReplaceData;

static void
replace_data_free (ReplaceData *data)
{
  cs_connection_free (data->connection);
  cs_secret_clear (&data->old_key);
  cs_secret_clear (&data->consumer_key);
  cs_secret_clear (&data->consumer_secret);
  cs_secret_clear (&data->refresh_token);
  g_free (data);
}

static void
replace_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  ReplaceData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!store_seq_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_hash_table_remove (self->unsaved, data->connection->id);
  cs_connection_vault_note_refresh (self, data->connection->id);
  g_task_return_boolean (task, TRUE);
}

static void
replace_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  ReplaceData *data = g_task_get_task_data (task);
  g_autoptr(CsTokenSet) tokens = NULL;
  GError *error = NULL;
  const char *rotated;
  StoreSeq *seq;

  tokens = cs_oauth_client_refresh_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (tokens == NULL)
    {
      /* A refresh token belongs to the app that issued it. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_GRANT) &&
          g_strcmp0 (data->old_key, data->consumer_key) != 0)
        {
          g_clear_error (&error);
          error = g_error_new_literal (CS_ERROR, CS_ERROR_INVALID_GRANT,
                                       _("The stored refresh token does not work with this consumer "
                                         "key: it was issued to another External Client App. "
                                         "Re-authorize the connection with the new consumer key and "
                                         "secret. Nothing was changed."));
        }
      else
        g_prefix_error_literal (&error, _("The new consumer key and secret did not work, so nothing "
                                          "was changed. "));
      g_task_return_error (task, error);
      return;
    }

  seq = store_seq_new (data->connection);
  /* A rotated token first: the stored one is dead from now on. */
  rotated = cs_token_set_get_refresh_token (tokens);
  if (rotated != NULL && g_strcmp0 (rotated, data->refresh_token) != 0)
    store_seq_add (seq, CS_SECRET_KIND_REFRESH_TOKEN, rotated);
  store_seq_add (seq, CS_SECRET_KIND_CONSUMER_KEY, data->consumer_key);
  store_seq_add (seq, CS_SECRET_KIND_CONSUMER_SECRET, data->consumer_secret);
  store_seq_run (self, seq, NULL, replace_stored_cb, g_steal_pointer (&task));
}

static void
replace_looked_up_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  ReplaceData *data = g_task_get_task_data (task);
  g_autoptr(CsOAuthClient) oauth = NULL;
  GError *error = NULL;
  char **secrets;

  secrets = cs_vault_lookup_all_finish (self, result, &error);
  if (secrets == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->old_key = g_steal_pointer (&secrets[CS_SECRET_KIND_CONSUMER_KEY]);
  data->refresh_token = g_steal_pointer (&secrets[CS_SECRET_KIND_REFRESH_TOKEN]);
  cs_vault_secrets_free (secrets);

  if (data->refresh_token == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_GRANT,
                               _("The keyring holds no refresh token for connection “%s” to prove "
                                 "the new consumer key and secret with. Re-authorize the connection "
                                 "with them instead."),
                               cs_connection_get_display_name (data->connection));
      return;
    }

  oauth = cs_oauth_client_new (data->connection->login_host, data->consumer_key, data->consumer_secret);
  cs_oauth_client_refresh_async (oauth, data->refresh_token, g_task_get_cancellable (task),
                                 replace_refreshed_cb, g_object_ref (task));
}

void
cs_connection_vault_replace_consumer_async (CsConnectionVault   *self,
                                            const char          *connection_id,
                                            const char          *consumer_key,
                                            const char          *consumer_secret,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ReplaceData *data;
  CsConnection *connection;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (consumer_key != NULL && consumer_secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = write_task_new (self, cs_connection_vault_replace_consumer_async, cancellable, callback, user_data);

  connection = cs_connection_vault_find (self, connection_id, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_new0 (ReplaceData, 1);
  data->connection = connection;
  data->consumer_key = g_strdup (consumer_key);
  data->consumer_secret = g_strdup (consumer_secret);
  g_task_set_task_data (task, data, (GDestroyNotify) replace_data_free);

  cs_vault_lookup_all_async (self, connection->id, cancellable, replace_looked_up_cb,
                             g_steal_pointer (&task));
}

gboolean
cs_connection_vault_replace_consumer_finish (CsConnectionVault  *self,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_replace_consumer_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- revoke ---------------------------------------------------------------------------- */

static void
revoke_revoked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *failure = NULL;
  GError *error = NULL;
  CsRevokeOutcome outcome;

  outcome = revoke_token_finish (CS_CONNECTION_VAULT (source), result, &failure, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (failure != NULL)
    g_task_return_error (task, failure);
  else
    g_task_return_int (task, outcome);
}

static void
revoke_looked_up_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  CsConnection *connection = g_task_get_task_data (task);
  g_autoptr(CsSecretString) token = NULL;
  GError *error = NULL;

  token = cs_vault_lookup_token_finish (self, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  revoke_token_async (self, connection->login_host, token,
                      g_task_get_cancellable (task), revoke_revoked_cb, g_object_ref (task));
}

void
cs_connection_vault_revoke_async (CsConnectionVault   *self,
                                  const char          *connection_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CsConnection *connection;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = write_task_new (self, cs_connection_vault_revoke_async, cancellable, callback, user_data);

  connection = cs_connection_vault_find (self, connection_id, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, connection, (GDestroyNotify) cs_connection_free);
  cs_vault_lookup_token_async (self, connection->id, cancellable, revoke_looked_up_cb,
                               g_steal_pointer (&task));
}

CsRevokeOutcome
cs_connection_vault_revoke_finish (CsConnectionVault  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  GError *local_error = NULL;
  gssize outcome;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), CS_REVOKE_FAILED);
  g_return_val_if_fail (g_task_is_valid (result, self), CS_REVOKE_FAILED);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_revoke_async, CS_REVOKE_FAILED);

  outcome = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return CS_REVOKE_FAILED;
    }
  return (CsRevokeOutcome) outcome;
}

/* ---- forget ---------------------------------------------------------------------------- */

typedef struct
{
  char            *connection_id;
  char            *login_host;
  CsForgetFlags    flags;
  CsRevokeOutcome  outcome;
  CsSyncLock      *sync_lock;   /* no cycle starts while the forget runs */
  char            *timer_left;  /* what to run by hand when systemd did not answer */
} ForgetData;

static void
forget_data_free (ForgetData *data)
{
  g_clear_pointer (&data->sync_lock, cs_sync_lock_release);
  g_free (data->timer_left);
  g_free (data->connection_id);
  g_free (data->login_host);
  g_free (data);
}

static void forget_timer_stopped_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data);

static void
forget_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  ForgetData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cs_secret_store_clear_finish (CS_SECRET_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_hash_table_remove (self->unsaved, data->connection_id);

  /* The timer first, so that no cycle starts again for a connection
   * half forgotten; asked without blocking, as systemd may hang. */
  cs_sync_service_remove_async (data->connection_id, g_task_get_cancellable (task),
                                forget_timer_stopped_cb, g_object_ref (task));
}

static void
forget_timer_stopped_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  ForgetData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cs_sync_service_remove_finish (result, &data->timer_left, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The row last: a forget that fails here can simply run again. */
  for (guint i = 0; i < G_N_ELEMENTS (forget_steps); i++)
    if (!forget_steps[i] (self->store, data->connection_id, &error))
      {
        g_task_return_error (task, error);
        return;
      }
  if (!cs_connection_store_remove (self->store, data->connection_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Connection %s forgotten", data->connection_id);
  cs_vault_emit_changed (self, data->connection_id);
  g_task_return_boolean (task, TRUE);
}

static void
forget_revoked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = CS_CONNECTION_VAULT (source);
  ForgetData *data = g_task_get_task_data (task);
  g_autoptr(GError) failure = NULL;
  GError *error = NULL;

  data->outcome = revoke_token_finish (self, result, &failure, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Without the token, nobody could revoke it later: keep everything. */
  if (data->outcome == CS_REVOKE_FAILED && (data->flags & CS_FORGET_FORCE) == 0)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_NOT_REVOKED,
                               /* Translators: %s says why revoking failed */
                               _("The refresh token could not be revoked at Salesforce (%s), so it "
                                 "was kept and nothing was removed: it would otherwise stay valid "
                                 "with no copy left to revoke. Try again when Salesforce can be "
                                 "reached, or forget the connection anyway and revoke the token in "
                                 "Setup → Connected Apps OAuth Usage."),
                               failure->message);
      return;
    }

  cs_secret_store_clear_async (self->secrets, data->connection_id, g_task_get_cancellable (task),
                               forget_cleared_cb, g_object_ref (task));
}

static void
forget_looked_up_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsConnectionVault *self = g_task_get_source_object (task);
  ForgetData *data = g_task_get_task_data (task);
  g_autoptr(CsSecretString) token = NULL;
  GError *error = NULL;

  token = cs_vault_lookup_token_finish (self, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  revoke_token_async (self, data->login_host, token,
                      g_task_get_cancellable (task), forget_revoked_cb, g_object_ref (task));
}

/* Begins forgetting: the token's lookup. */
static void
forget_start (GTask *task)
{
  CsConnectionVault *self = g_task_get_source_object (task);
  ForgetData *data = g_task_get_task_data (task);

  cs_vault_lookup_token_async (self, data->connection_id, g_task_get_cancellable (task),
                               forget_looked_up_cb, task);
}

/* No row: maybe keyring items of ours without one (orphans). */
static void
forget_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ForgetData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = cs_secret_store_list_finish (CS_SECRET_STORE (source), result, &error);
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < items->len && data->login_host == NULL; i++)
    {
      CsSecretItemInfo *info = g_ptr_array_index (items, i);

      if (g_str_equal (info->key->connection_id, data->connection_id))
        data->login_host = g_strdup (info->key->login_host);
    }
  if (data->login_host == NULL)
    {
      g_task_return_error (task, cs_vault_not_found_error_new (data->connection_id));
      return;
    }
  forget_start (g_steal_pointer (&task));
}

void
cs_connection_vault_forget_async (CsConnectionVault   *self,
                                  const char          *name_or_id,
                                  CsForgetFlags        flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CsConnection) connection = NULL;
  GError *error = NULL;
  ForgetData *data;

  g_return_if_fail (CS_IS_CONNECTION_VAULT (self));
  g_return_if_fail (name_or_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = write_task_new (self, cs_connection_vault_forget_async, cancellable, callback, user_data);

  connection = cs_connection_store_find (self->store, name_or_id, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (ForgetData, 1);
  data->flags = flags;
  data->connection_id = g_strdup (connection != NULL ? connection->id : name_or_id);
  g_task_set_task_data (task, data, (GDestroyNotify) forget_data_free);

  /* A running cycle is reported before the token is revoked, not after. */
  data->sync_lock = cs_record_sync_lock_for_forget (self->store, data->connection_id, &error);
  if (data->sync_lock == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (connection == NULL)
    {
      cs_secret_store_list_async (self->secrets, cancellable, forget_listed_cb,
                                  g_steal_pointer (&task));
      return;
    }

  data->login_host = g_strdup (connection->login_host);
  forget_start (g_steal_pointer (&task));
}

gboolean
cs_connection_vault_forget_finish (CsConnectionVault  *self,
                                   GAsyncResult       *result,
                                   CsRevokeOutcome    *revoked,
                                   char              **timer_left,
                                   GError            **error)
{
  ForgetData *data;

  g_return_val_if_fail (CS_IS_CONNECTION_VAULT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_connection_vault_forget_async, FALSE);

  if (timer_left != NULL)
    *timer_left = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  if (revoked != NULL)
    *revoked = data->outcome;
  if (timer_left != NULL)
    *timer_left = g_strdup (data->timer_left);
  return TRUE;
}
