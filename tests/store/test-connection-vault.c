/* test-connection-vault.c: CsConnectionVault and CsLogin against the real
 * keyring and the practice org over real HTTP: what is stored before what
 * is revoked, rotated tokens that are never lost, forget that keeps a token
 * it could not revoke, keyring items deleted behind the app's back, and the
 * same-org rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "cs-test-keyring.h"
#include "cs-test-util.h"

typedef struct
{
  CsPracticeOrg     *org;
  CsConnectionStore *store;
  CsSecretStore     *secrets;
  CsConnectionVault *vault;
  char              *folder;
  GPtrArray         *ids;    /* connection ids to clear from the keyring afterwards */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->org = cs_test_practice_org_new (10);
  f->folder = g_dir_make_tmp ("cs-vault-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->folder, "crm-sync.db", NULL);
  f->store = cs_connection_store_open (path, &error);
  g_assert_no_error (error);
  f->secrets = cs_secret_store_new ();
  f->vault = cs_connection_vault_new (f->store, f->secrets);
  f->ids = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < f->ids->len; i++)
    cs_secret_store_clear_sync (f->secrets, g_ptr_array_index (f->ids, i), NULL, NULL);
  g_ptr_array_unref (f->ids);
  g_clear_object (&f->vault);
  g_clear_object (&f->secrets);
  g_clear_object (&f->store);
  cs_practice_org_disconnect (f->org);
  g_clear_object (&f->org);
  /* The database and its -wal and -shm files. */
  {
    g_autoptr(GDir) dir = g_dir_open (f->folder, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (f->folder, name, NULL);

        g_unlink (file);
      }
  }
  g_rmdir (f->folder);
  g_free (f->folder);
}

/* ---- helpers -------------------------------------------------------------------------- */

static CsOAuthClient *
oauth_for (CsPracticeOrg *org)
{
  return cs_oauth_client_new (cs_practice_org_get_url (org),
                              cs_practice_org_get_consumer_key (org),
                              cs_practice_org_get_consumer_secret (org));
}

/* A login as the sync user of @org (expected: @expected_org_id). */
static CsLoginResult *
log_in (CsPracticeOrg  *org,
        const char     *expected_org_id,
        GError        **error)
{
  g_autoptr(CsOAuthClient) oauth = oauth_for (org);
  g_autoptr(CsLogin) login = cs_login_new (oauth, cs_practice_org_get_callback_url (org));

  cs_login_set_expected_username (login, cs_practice_org_get_sync_username (org));
  cs_login_set_expected_org_id (login, expected_org_id);
  return cs_test_login_chain (org, login, cs_practice_org_get_sync_username (org),
                              cs_practice_org_get_sync_password (org), error);
}

static void
create (Fixture      *f,
        CsConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_connection_vault_create_async (f->vault, connection, cs_practice_org_get_consumer_key (f->org),
                                    cs_practice_org_get_consumer_secret (f->org), NULL,
                                    cs_test_store_result, &result);
  g_assert_true (cs_connection_vault_create_finish (f->vault, cs_test_await (&result), &error));
  g_assert_no_error (error);
  g_ptr_array_add (f->ids, g_strdup (connection->id));
}

static CsConnection *
store_login (Fixture             *f,
             const CsConnection  *connection,
             const CsLoginResult *login,
             CsRevokeOutcome     *old_token,
             GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connection_vault_store_login_async (f->vault, connection, cs_practice_org_get_consumer_key (f->org),
                                         cs_practice_org_get_consumer_secret (f->org), login, NULL,
                                         cs_test_store_result, &result);
  return cs_connection_vault_store_login_finish (f->vault, cs_test_await (&result), old_token, error);
}

/* A confirmed connection to the fixture's org; its login in *login_out. */
static CsConnection *
new_connection (Fixture        *f,
                CsLoginResult **login_out)
{
  g_autoptr(CsConnection) connection = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  g_autoptr(CsLoginResult) login = NULL;
  g_autoptr(GError) error = NULL;
  CsConnection *stored;

  create (f, connection);
  login = log_in (f->org, NULL, &error);
  g_assert_no_error (error);
  stored = store_login (f, connection, login, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  if (login_out != NULL)
    *login_out = g_steal_pointer (&login);
  return stored;
}

static CsVaultEntry *
load (Fixture     *f,
      const char  *name_or_id,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connection_vault_load_async (f->vault, name_or_id, NULL, cs_test_store_result, &result);
  return cs_connection_vault_load_finish (f->vault, cs_test_await (&result), error);
}

static char *
stored_token (Fixture    *f,
              const char *connection_id)
{
  g_autoptr(GError) error = NULL;
  char *token = cs_secret_store_lookup_sync (f->secrets, connection_id, CS_SECRET_KIND_REFRESH_TOKEN,
                                             NULL, &error);

  g_assert_no_error (error);
  return token;
}

static gboolean
forget (Fixture          *f,
        const char       *name_or_id,
        CsForgetFlags     flags,
        CsRevokeOutcome  *revoked,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connection_vault_forget_async (f->vault, name_or_id, flags, NULL, cs_test_store_result, &result);
  return cs_connection_vault_forget_finish (f->vault, cs_test_await (&result), revoked, NULL, error);
}

static CsTokenSet *
refresh (Fixture       *f,
         CsVaultEntry  *entry,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connection_vault_refresh_async (f->vault, entry, NULL, cs_test_store_result, &result);
  return cs_connection_vault_refresh_finish (f->vault, cs_test_await (&result), error);
}

/* Records a few fields of Lead for @connection_id in the catalog. */
static gint64
record_catalog (Fixture    *f,
                const char *connection_id)
{
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(GHashTable) describes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  gint64 count;

  g_hash_table_insert (describes, (gpointer) "Lead",
                       json_from_string ("{\"name\":\"Lead\",\"fields\":["
                                         "{\"name\":\"Email\",\"label\":\"Email\",\"type\":\"email\",\"length\":80},"
                                         "{\"name\":\"Company\",\"label\":\"Company\",\"type\":\"string\",\"length\":255}]}",
                                         NULL));
  catalog = cs_field_catalog_new (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (cs_field_catalog_record (catalog, connection_id, describes, NULL, NULL, &error));
  g_assert_no_error (error);
  count = cs_field_catalog_count (catalog, connection_id, &error);
  g_assert_no_error (error);
  return count;
}

static gint64
catalog_count (Fixture    *f,
               const char *connection_id)
{
  g_autoptr(CsFieldCatalog) catalog = cs_field_catalog_new (f->store, NULL);

  return cs_field_catalog_count (catalog, connection_id, NULL);
}

/* How many refresh tokens the sync user has at @org: revoking them all
 * says (and nobody uses them afterwards in these tests). */
static guint
live_sync_tokens (CsPracticeOrg *org)
{
  guint revoked = G_MAXUINT;

  g_assert_true (cs_practice_org_revoke_user_tokens (org, cs_practice_org_get_sync_username (org), &revoked));
  return revoked;
}

/* ---- create, load, store a login -------------------------------------------------------- */

static void
test_create_and_load (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CsConnection) connection = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  g_autoptr(CsConnection) stored = NULL;
  g_autoptr(CsLoginResult) login = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  create (f, connection);
  /* Key and secret only: no refresh token yet, said so. */
  entry = load (f, connection->id, &error);
  g_assert_null (entry);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (error->message, "refresh token"));
  g_clear_error (&error);

  login = log_in (f->org, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (login->other_user);
  stored = store_login (f, connection, login, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->confirmed, >, 0);
  g_assert_cmpstr (stored->org_id, ==, cs_practice_org_get_org_id (f->org));
  /* The org's name, read at the login (no identity answer has it). */
  g_assert_cmpstr (stored->org_name, ==, cs_practice_org_get_org_name (f->org));
  g_assert_cmpstr (stored->username, ==, cs_practice_org_get_sync_username (f->org));
  /* Named after the sync user, found by that name. */
  g_assert_cmpstr (stored->name, ==, cs_practice_org_get_sync_username (f->org));
  g_assert_nonnull (stored->profile_name);
  g_assert_false (stored->is_admin);
  g_assert_nonnull (strstr (stored->scopes, "refresh_token"));
  g_assert_cmpint (stored->token_issued, >, 0);
  g_assert_cmpint (stored->last_refresh, >, 0);

  entry = load (f, stored->name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entry->connection->id, ==, connection->id);
  g_assert_cmpstr (entry->consumer_key, ==, cs_practice_org_get_consumer_key (f->org));
  g_assert_cmpstr (entry->consumer_secret, ==, cs_practice_org_get_consumer_secret (f->org));
  g_assert_cmpstr (entry->refresh_token, ==, cs_token_set_get_refresh_token (login->tokens));
}

/* Each missing item is named, with the code that says what fixes it. */
static void
test_load_says_what_is_missing (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  cs_test_keyring_delete_item (connection->id, CS_SECRET_KIND_CONSUMER_SECRET);
  entry = load (f, connection->id, &error);
  g_assert_null (entry);
  g_assert_error (error, CS_ERROR, CS_ERROR_SECRET_MISSING);
  g_assert_nonnull (strstr (error->message, "consumer secret"));
  g_clear_error (&error);

  cs_test_keyring_delete_item (connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  entry = load (f, connection->id, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (error->message, "refresh token"));
  g_clear_error (&error);

  entry = load (f, "no-such-connection", &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "no-such-connection"));
}

/* A new login replaces the stored token: the new one is stored first, the
 * old one revoked after; a revoke that fails does not cost the new one. */
static void
test_store_login_stores_then_revokes (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(CsLoginResult) first = NULL;
  g_autoptr(CsLoginResult) second = NULL;
  g_autoptr(CsLoginResult) third = NULL;
  g_autoptr(CsConnection) connection = new_connection (f, &first);
  g_autoptr(CsConnection) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *first_token = cs_token_set_get_refresh_token (first->tokens);
  CsRevokeOutcome old_token = CS_REVOKE_NOTHING;

  second = log_in (f->org, connection->org_id, &error);
  g_assert_no_error (error);
  again = store_login (f, connection, second, &old_token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (old_token, ==, CS_REVOKE_DONE);
  token = stored_token (f, connection->id);
  g_assert_cmpstr (token, ==, cs_token_set_get_refresh_token (second->tokens));
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, first_token));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, token));
  /* The name stays. */
  g_assert_cmpstr (again->name, ==, connection->name);

  /* Salesforce fails the revoke: the new token is in the keyring anyway,
   * and the caller learns that the old one still lives. */
  third = log_in (f->org, connection->org_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&again, cs_connection_free);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, TRUE);
  again = store_login (f, connection, third, &old_token, &error);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, FALSE);
  g_assert_no_error (error);
  g_assert_cmpint (old_token, ==, CS_REVOKE_FAILED);
  g_clear_pointer (&token, g_free);
  token = stored_token (f, connection->id);
  g_assert_cmpstr (token, ==, cs_token_set_get_refresh_token (third->tokens));
}

/* A second org with another id: the login is refused (and its token
 * revoked), the connection's keyring items and row do not change. */
static void
test_other_org_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CsLoginResult) first = NULL;
  g_autoptr(CsConnection) connection = new_connection (f, &first);
  g_autoptr(CsPracticeOrg) other = cs_practice_org_new (10);
  g_autoptr(CsLoginResult) refused = NULL;
  g_autoptr(CsLoginResult) unchecked = NULL;
  g_autoptr(CsConnection) stored = NULL;
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_true (cs_practice_org_set_org_id (other, "00D5g000000OTHR"));
  g_assert_true (cs_practice_org_listen (other, 0, &error));
  g_assert_no_error (error);

  /* The login chain refuses it. */
  refused = log_in (other, connection->org_id, &error);
  g_assert_null (refused);
  g_assert_error (error, CS_ERROR, CS_ERROR_WRONG_ORG);
  g_assert_nonnull (strstr (error->message, connection->org_id));
  g_assert_nonnull (strstr (error->message, cs_practice_org_get_org_id (other)));
  g_clear_error (&error);
  g_assert_cmpuint (live_sync_tokens (other), ==, 0);

  /* So does the vault, for a login that skipped the check. */
  unchecked = log_in (other, NULL, &error);
  g_assert_no_error (error);
  stored = store_login (f, connection, unchecked, NULL, &error);
  g_assert_null (stored);
  g_assert_error (error, CS_ERROR, CS_ERROR_WRONG_ORG);

  token = stored_token (f, connection->id);
  g_assert_cmpstr (token, ==, cs_token_set_get_refresh_token (first->tokens));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, token));
  row = cs_connection_store_get (f->store, connection->id, NULL);
  g_assert_cmpstr (row->org_id, ==, connection->org_id);
  g_assert_cmpint (row->updated, ==, connection->updated);
  cs_practice_org_disconnect (other);
}

/* A login that became stale (a new attempt began) is dropped, and its
 * token revoked. */
static void
test_stale_login_revoked (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CsOAuthClient) oauth = oauth_for (f->org);
  g_autoptr(CsLogin) login = cs_login_new (oauth, cs_practice_org_get_callback_url (f->org));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsLoginResult) dropped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize_uri = cs_oauth_request_build_authorize_uri (cs_login_begin (login));
  g_autofree char *location = NULL;

  location = cs_test_drive_login (f->org, authorize_uri, cs_practice_org_get_sync_username (f->org),
                                  cs_practice_org_get_sync_password (f->org), TRUE, &error);
  g_assert_no_error (error);
  cs_login_complete_async (login, location, NULL, cs_test_store_result, &result);
  cs_login_begin (login);
  dropped = cs_login_complete_finish (login, cs_test_await (&result), &error);
  g_assert_null (dropped);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (live_sync_tokens (f->org), ==, 0);
}

/* ---- rotated tokens ------------------------------------------------------------------------ */

static void
on_write_failed (CsConnectionVault *vault,
                 const char        *connection_id,
                 const GError      *error,
                 GError           **seen)
{
  g_assert_null (*seen);
  *seen = g_error_copy (error);
}

static gboolean
keep_rotated (Fixture             *f,
              const CsConnection  *connection,
              const char          *token,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connection_vault_keep_rotated_token_async (f->vault, connection, token, cs_test_store_result, &result);
  return cs_connection_vault_keep_rotated_token_finish (f->vault, cs_test_await (&result), error);
}

/* A locked keyring that stays locked (the unlock prompt dismissed): the
 * load fails at once with what to do, asking for one unlock only (its
 * items are read one at a time), and works once it is unlocked. */
static void
test_load_keyring_locked (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GDBusConnection) prompter = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (!cs_test_have_test_keyring ())
    return;
  connection = new_connection (f, NULL);
  prompter = cs_test_keyring_claim_prompter ();
  if (prompter == NULL)
    return;
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);

  cs_test_keyring_lock_default (service);
  entry = load (f, connection->id, &error);
  cs_test_keyring_unlock_default (service);
  g_assert_null (entry);
  g_assert_error (error, CS_ERROR, CS_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  entry = load (f, connection->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry->refresh_token);
}

/* The keyring refuses a rotated token: it stays in memory (loads use it),
 * the failure is announced with what to do, and a retry stores it. */
static void
test_rotation_keyring_failure (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GDBusConnection) prompter = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(CsVaultEntry) reloaded = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GAsyncResult) retried = NULL;
  g_autoptr(GError) seen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *rotated = NULL;
  gulong handler;

  if (!cs_test_have_test_keyring ())
    return;
  connection = new_connection (f, NULL);
  entry = load (f, connection->id, &error);
  g_assert_no_error (error);
  handler = g_signal_connect (f->vault, "keyring-write-failed", G_CALLBACK (on_write_failed), &seen);

  prompter = cs_test_keyring_claim_prompter ();
  if (prompter == NULL)
    return;
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);

  /* Salesforce rotates the token while the keyring is locked. */
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  cs_test_keyring_lock_default (service);
  tokens = refresh (f, entry, &error);
  cs_test_keyring_unlock_default (service);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_KEYRING_LOCKED);
  g_assert_nonnull (strstr (error->message, "Unlock"));
  g_clear_error (&error);
  g_assert_nonnull (seen);
  g_assert_error (seen, CS_ERROR, CS_ERROR_KEYRING_LOCKED);
  g_assert_true (cs_connection_vault_has_unsaved_token (f->vault, connection->id));

  /* Not lost: the live token is the one in memory. */
  rotated = g_strdup (entry->refresh_token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, rotated));
  kept = stored_token (f, connection->id);
  g_assert_cmpstr (kept, !=, rotated);
  reloaded = load (f, connection->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reloaded->refresh_token, ==, rotated);

  cs_connection_vault_retry_unsaved_async (f->vault, cs_test_store_result, &retried);
  g_assert_true (cs_connection_vault_retry_unsaved_finish (f->vault, cs_test_await (&retried), &error));
  g_assert_no_error (error);
  g_assert_false (cs_connection_vault_has_unsaved_token (f->vault, connection->id));
  g_clear_pointer (&kept, g_free);
  kept = stored_token (f, connection->id);
  g_assert_cmpstr (kept, ==, rotated);

  g_signal_handler_disconnect (f->vault, handler);
  g_dbus_connection_close_sync (prompter, NULL, NULL);
}

/* Rotations of one connection are written in order; a newer one waiting
 * supersedes an older one, so the keyring ends on the newest. */
static void
test_rotation_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  cs_connection_vault_keep_rotated_token_async (f->vault, connection, "5Aep861first", cs_test_store_result, &first);
  cs_connection_vault_keep_rotated_token_async (f->vault, connection, "5Aep861second", cs_test_store_result, &second);
  cs_connection_vault_keep_rotated_token_async (f->vault, connection, "5Aep861third", cs_test_store_result, &third);
  g_assert_true (cs_connection_vault_keep_rotated_token_finish (f->vault, cs_test_await (&first), &error));
  g_assert_true (cs_connection_vault_keep_rotated_token_finish (f->vault, cs_test_await (&second), &error));
  g_assert_true (cs_connection_vault_keep_rotated_token_finish (f->vault, cs_test_await (&third), &error));
  g_assert_no_error (error);
  g_assert_false (cs_connection_vault_is_writing (f->vault));
  token = stored_token (f, connection->id);
  g_assert_cmpstr (token, ==, "5Aep861third");
  g_assert_true (keep_rotated (f, connection, "5Aep861fourth", &error));
}

/* ---- forget ------------------------------------------------------------------------------ */

/* Revoking fails: nothing is removed (the token could otherwise never be
 * revoked); forced, everything goes and the caller hears that the token
 * lives on. */
static void
test_forget_keeps_unrevoked_token (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(CsLoginResult) login = NULL;
  g_autoptr(CsConnection) connection = new_connection (f, &login);
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *refresh_token = cs_token_set_get_refresh_token (login->tokens);
  CsRevokeOutcome revoked = CS_REVOKE_NOTHING;
  gint64 fields = record_catalog (f, connection->id);

  g_assert_cmpint (fields, ==, 2);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, TRUE);
  g_assert_false (forget (f, connection->name, CS_FORGET_NONE, &revoked, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NOT_REVOKED);
  g_assert_nonnull (strstr (error->message, "Connected Apps OAuth Usage"));
  g_clear_error (&error);

  token = stored_token (f, connection->id);
  g_assert_cmpstr (token, ==, refresh_token);
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 3);
  row = cs_connection_store_get (f->store, connection->id, NULL);
  g_assert_nonnull (row);
  g_assert_cmpint (catalog_count (f, connection->id), ==, fields);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, refresh_token));

  g_assert_true (forget (f, connection->name, CS_FORGET_FORCE, &revoked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (revoked, ==, CS_REVOKE_FAILED);
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 0);
  g_clear_pointer (&row, cs_connection_free);
  row = cs_connection_store_get (f->store, connection->id, NULL);
  g_assert_null (row);
  g_assert_cmpint (catalog_count (f, connection->id), ==, 0);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, FALSE);
}

/* Revoked, then no keyring item of our schema, no row, no catalog row. */
static void
test_forget_removes_everything (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CsLoginResult) login = NULL;
  g_autoptr(CsConnection) connection = new_connection (f, &login);
  g_autoptr(CsConnection) other = new_connection (f, NULL);
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(GError) error = NULL;
  CsRevokeOutcome revoked = CS_REVOKE_NOTHING;

  record_catalog (f, connection->id);
  record_catalog (f, other->id);
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 3);

  g_assert_true (forget (f, connection->id, CS_FORGET_NONE, &revoked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (revoked, ==, CS_REVOKE_DONE);
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, cs_token_set_get_refresh_token (login->tokens)));
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 0);
  row = cs_connection_store_get (f->store, connection->id, NULL);
  g_assert_null (row);
  g_assert_cmpint (catalog_count (f, connection->id), ==, 0);

  /* The other connection keeps everything. */
  g_assert_cmpuint (cs_test_keyring_count_items (other->id), ==, 3);
  g_assert_cmpint (catalog_count (f, other->id), ==, 2);

  /* Gone is gone. */
  g_assert_false (forget (f, connection->id, CS_FORGET_NONE, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
}

static char *
make_sync_database (Fixture    *f,
                    const char *connection_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cs_sync_database_path_for (cs_connection_store_get_path (f->store), connection_id);
  g_autoptr(CsSyncDatabase) database = cs_sync_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (database);
  return g_steal_pointer (&path);
}

/* systemd hangs (a hung user bus): forget gives up on the timer after a
 * few seconds, removes all the rest, and says what to run by hand. */
static void
test_forget_with_hung_systemd (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *timer_left = NULL;
  g_autofree char *systemctl = g_find_program_in_path ("systemctl");
  g_autofree char *database_path = NULL;
  g_autofree char *command = NULL;

  if (systemctl == NULL)
    {
      g_test_skip ("systemctl is not installed");
      return;
    }
  /* In a child of its own, whose main() made systemd hang (see there). */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  record_catalog (f, connection->id);
  database_path = make_sync_database (f, connection->id);

  cs_connection_vault_forget_async (f->vault, connection->id, CS_FORGET_NONE, NULL, cs_test_store_result, &result);
  g_assert_true (cs_connection_vault_forget_finish (f->vault, cs_test_await (&result), NULL, &timer_left, &error));
  g_assert_no_error (error);

  command = g_strdup_printf ("systemctl --user disable --now crm-sync@%s.timer", connection->id);
  g_assert_nonnull (timer_left);
  g_assert_nonnull (strstr (timer_left, command));
  g_assert_cmpuint (cs_test_keyring_count_items (connection->id), ==, 0);
  g_assert_false (g_file_test (database_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (catalog_count (f, connection->id), ==, 0);
  row = cs_connection_store_get (f->store, connection->id, NULL);
  g_assert_null (row);
}

/* ---- problems --------------------------------------------------------------------------- */

static CsVaultProblem *
find_problem (Fixture    *f,
              const char *connection_id)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  problems = cs_connection_vault_find_problems_sync (f->vault, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      CsVaultProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->connection_id, connection_id))
        return cs_vault_problem_copy (problem);
    }
  return NULL;
}

static CsConnectionStatus *
status_of (Fixture    *f,
           const char *connection_id)
{
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;

  statuses = cs_connection_vault_list_status_sync (f->vault, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < statuses->len; i++)
    {
      CsConnectionStatus *status = g_ptr_array_index (statuses, i);

      if (g_str_equal (status->connection->id, connection_id))
        return cs_connection_status_copy (status);
    }
  return NULL;
}

/* A refresh token deleted in Seahorse: reported, with re-authorization as
 * the fix, which works. */
static void
test_deleted_token_found_and_fixed (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsVaultProblem) problem = NULL;
  g_autoptr(CsVaultProblem) none = NULL;
  g_autoptr(CsConnectionStatus) status = NULL;
  g_autoptr(CsLoginResult) login = NULL;
  g_autoptr(CsConnection) fixed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *health = NULL;

  g_assert_null (find_problem (f, connection->id));
  cs_test_keyring_delete_item (connection->id, CS_SECRET_KIND_REFRESH_TOKEN);

  problem = find_problem (f, connection->id);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->kind, ==, CS_VAULT_PROBLEM_MISSING_SECRETS);
  g_assert_cmpuint (problem->missing, ==, 1u << CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_cmpint (problem->fix, ==, CS_VAULT_FIX_REAUTHORIZE);
  g_assert_cmpuint (problem->items->len, ==, 2);
  g_assert_nonnull (strstr (problem->message, "refresh token"));
  g_assert_nonnull (strstr (problem->message, "Re-authorize"));
  status = status_of (f, connection->id);
  g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_SECRETS_MISSING);
  g_assert_null (status->items[CS_SECRET_KIND_REFRESH_TOKEN]);
  health = cs_connection_status_describe (status);
  g_assert_cmpstr (health, ==, problem->message);

  login = log_in (f->org, connection->org_id, &error);
  g_assert_no_error (error);
  fixed = store_login (f, connection, login, NULL, &error);
  g_assert_no_error (error);
  none = find_problem (f, connection->id);
  g_assert_null (none);
  g_clear_pointer (&status, cs_connection_status_free);
  status = status_of (f, connection->id);
  g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_OK);
}

/* A consumer secret deleted: reported, fixed by entering it again. */
static void
test_deleted_secret_found_and_fixed (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsVaultProblem) problem = NULL;
  g_autoptr(CsVaultProblem) none = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_test_keyring_delete_item (connection->id, CS_SECRET_KIND_CONSUMER_SECRET);
  problem = find_problem (f, connection->id);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->fix, ==, CS_VAULT_FIX_REPLACE_CONSUMER);
  g_assert_nonnull (strstr (problem->message, "consumer secret"));

  cs_connection_vault_replace_consumer_async (f->vault, connection->id,
                                              cs_practice_org_get_consumer_key (f->org),
                                              cs_practice_org_get_consumer_secret (f->org), NULL,
                                              cs_test_store_result, &result);
  g_assert_true (cs_connection_vault_replace_consumer_finish (f->vault, cs_test_await (&result), &error));
  g_assert_no_error (error);
  none = find_problem (f, connection->id);
  g_assert_null (none);
}

/* Items of ours whose connection is gone: reported, and forget deletes them. */
static void
test_orphans_found_and_fixed (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(CsSecretKey) key = cs_secret_key_new (id, cs_practice_org_get_url (f->org), NULL, NULL);
  g_autoptr(CsVaultProblem) problem = NULL;
  g_autoptr(CsVaultProblem) none = NULL;
  g_autoptr(GError) error = NULL;
  CsRevokeOutcome revoked = CS_REVOKE_DONE;

  g_ptr_array_add (f->ids, g_strdup (id));
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_KEY, "3MVG9orphan", NULL, &error));
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_SECRET, "ORPHANSECRET", NULL, &error));
  g_assert_no_error (error);

  problem = find_problem (f, id);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->kind, ==, CS_VAULT_PROBLEM_ORPHAN_ITEMS);
  g_assert_cmpint (problem->fix, ==, CS_VAULT_FIX_FORGET);
  g_assert_null (problem->connection);
  g_assert_cmpuint (problem->items->len, ==, 2);
  g_assert_nonnull (strstr (problem->message, id));

  g_assert_true (forget (f, id, CS_FORGET_NONE, &revoked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (revoked, ==, CS_REVOKE_NOTHING);
  g_assert_cmpuint (cs_test_keyring_count_items (id), ==, 0);
  none = find_problem (f, id);
  g_assert_null (none);
}

/* ---- marks, consumer secrets, statuses -------------------------------------------------------- */

/* Revoked at the org: the refresh fails, the connection is marked with
 * the reason and the time; a refresh that works again clears it. */
static void
test_refusal_marks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsConnectionStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *health = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  entry = load (f, connection->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (live_sync_tokens (f->org), ==, 1);

  tokens = refresh (f, entry, &error);
  g_assert_null (tokens);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
  g_clear_error (&error);

  status = status_of (f, connection->id);
  g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION);
  g_assert_cmpstr (status->connection->reauth_reason, ==, "invalid-grant");
  g_assert_cmpint (status->connection->reauth_since, >=, before);
  health = cs_connection_status_describe (status);
  g_assert_nonnull (strstr (health, "Re-authorize"));

  /* Only refusals mark. */
  {
    g_autoptr(GError) network = cs_error_new_for_code (CS_ERROR_NETWORK);

    g_assert_false (cs_connection_vault_note_error (f->vault, connection->id, network));
  }
  cs_connection_vault_note_refresh (f->vault, connection->id);
  g_clear_pointer (&status, cs_connection_status_free);
  status = status_of (f, connection->id);
  g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_OK);
  g_assert_null (status->connection->reauth_reason);
}

/* The consumer secret rotated at the org: the refresh fails (marked), a
 * wrong new secret changes nothing, the right one is proved and kept. */
static void
test_replace_consumer (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(CsVaultEntry) reloaded = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsTokenSet) works = NULL;
  g_autoptr(CsConnectionStatus) status = NULL;
  g_autoptr(GAsyncResult) wrong = NULL;
  g_autoptr(GAsyncResult) right = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_secret = g_strdup (cs_practice_org_get_consumer_secret (f->org));
  const char *new_secret;

  entry = load (f, connection->id, &error);
  g_assert_no_error (error);
  new_secret = cs_practice_org_rotate_consumer_secret (f->org);
  tokens = refresh (f, entry, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_CLIENT_SECRET);
  g_clear_error (&error);
  status = status_of (f, connection->id);
  g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION);

  cs_connection_vault_replace_consumer_async (f->vault, connection->id, entry->consumer_key,
                                              "0000000000000000WRONG", NULL, cs_test_store_result, &wrong);
  g_assert_false (cs_connection_vault_replace_consumer_finish (f->vault, cs_test_await (&wrong), &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_CLIENT_SECRET);
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  g_clear_error (&error);
  reloaded = load (f, connection->id, &error);
  g_assert_cmpstr (reloaded->consumer_secret, ==, old_secret);
  g_clear_pointer (&reloaded, cs_vault_entry_free);

  cs_connection_vault_replace_consumer_async (f->vault, connection->id, entry->consumer_key,
                                              new_secret, NULL, cs_test_store_result, &right);
  g_assert_true (cs_connection_vault_replace_consumer_finish (f->vault, cs_test_await (&right), &error));
  g_assert_no_error (error);
  reloaded = load (f, connection->id, &error);
  g_assert_cmpstr (reloaded->consumer_secret, ==, new_secret);
  g_clear_pointer (&status, cs_connection_status_free);
  status = status_of (f, connection->id);
  g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_OK);
  works = refresh (f, reloaded, &error);
  g_assert_no_error (error);
  g_assert_nonnull (works);
}

/* What the review shows: the items' labels and keyring, the catalog. */
static void
test_status_facts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsConnectionStatus) status = NULL;

  record_catalog (f, connection->id);
  status = status_of (f, connection->id);
  g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_OK);
  g_assert_null (status->keyring_error);
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    {
      g_assert_nonnull (status->items[kind]);
      g_assert_nonnull (strstr (status->items[kind]->label, cs_practice_org_get_sync_username (f->org)));
      g_assert_nonnull (status->items[kind]->collection);
    }
  g_assert_cmpint (status->catalog_fields, ==, 2);
  g_assert_cmpint (status->last_field_sync, >, 0);
  g_assert_null (cs_connection_status_describe (status));
}

/* No keyring at all: the statuses still come, each saying why its items
 * are unknown. */
static void
test_status_without_keyring (Fixture       *f,
                             gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus-%u",
                                                  g_get_tmp_dir (), g_random_int ());
      g_autoptr(CsConnection) connection = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
      g_autoptr(CsConnectionStatus) status = NULL;
      g_autoptr(GError) error = NULL;

      connection->confirmed = 1;
      g_assert_true (cs_connection_store_save (f->store, connection, &error));
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      status = status_of (f, connection->id);
      g_assert_nonnull (status);
      g_assert_cmpint (status->health, ==, CS_CONNECTION_HEALTH_UNKNOWN);
      g_assert_error (status->keyring_error, CS_ERROR, CS_ERROR_KEYRING_UNAVAILABLE);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* What forget would remove of the record sync, as the review's
 * confirmation lists it: only what exists. */
static void
test_status_sync_parts (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CsConnection) connection = new_connection (f, NULL);
  g_autoptr(CsConnectionStatus) before = status_of (f, connection->id);
  g_autoptr(CsConnectionStatus) after = NULL;
  g_autofree char *database_path = NULL;
  g_autofree char *units = cs_sync_service_default_unit_folder ();
  g_autofree char *wants = g_build_filename (units, "timers.target.wants", NULL);
  g_autofree char *timer = cs_sync_service_timer_name (connection->id);
  g_autofree char *link = g_build_filename (wants, timer, NULL);

  g_assert_false (before->has_sync_database);
  g_assert_null (before->sync_timer);

  database_path = make_sync_database (f, connection->id);
  /* What "systemctl --user enable" leaves (no user session runs here). */
  g_assert_cmpint (g_mkdir_with_parents (wants, 0700), ==, 0);
  g_assert_cmpint (symlink ("../crm-sync@.timer", link), ==, 0);
  after = status_of (f, connection->id);
  g_assert_true (after->has_sync_database);
  g_assert_cmpstr (after->sync_timer, ==, timer);

  /* No systemd user session here: forget removes the enable link itself,
   * or the timer would start again at the next login. */
  g_assert_true (forget (f, connection->id, CS_FORGET_NONE, NULL, NULL));
  g_assert_false (g_file_test (database_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CsTestHungSystemd) hung = NULL;

  /* Before any thread starts: the child of the hung systemd case. */
  if (cs_test_is_subprocess_for (argc, argv, "/vault/forget/hung-systemd"))
    hung = cs_test_hung_systemd_new ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("create-and-load", test_create_and_load);
  ADD ("load-says-what-is-missing", test_load_says_what_is_missing);
  ADD ("store-login-stores-then-revokes", test_store_login_stores_then_revokes);
  ADD ("other-org-refused", test_other_org_refused);
  ADD ("stale-login-revoked", test_stale_login_revoked);
  ADD ("load-keyring-locked", test_load_keyring_locked);
  ADD ("rotation/keyring-failure", test_rotation_keyring_failure);
  ADD ("rotation/order", test_rotation_order);
  ADD ("forget/keeps-unrevoked-token", test_forget_keeps_unrevoked_token);
  ADD ("forget/removes-everything", test_forget_removes_everything);
  ADD ("forget/hung-systemd", test_forget_with_hung_systemd);
  ADD ("problems/deleted-token", test_deleted_token_found_and_fixed);
  ADD ("problems/deleted-secret", test_deleted_secret_found_and_fixed);
  ADD ("problems/orphans", test_orphans_found_and_fixed);
  ADD ("refusal-marks", test_refusal_marks);
  ADD ("replace-consumer", test_replace_consumer);
  ADD ("status/facts", test_status_facts);
  ADD ("status/without-keyring", test_status_without_keyring);
  ADD ("status/sync-parts", test_status_sync_parts);

#undef ADD

  return g_test_run ();
}
