/* test-secret-store.c: CsSecretStore against the real gnome-keyring-daemon
 * of build-aux/test-env.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsecret/secret.h>

#include "cs-core.h"
#include "store-test-common.h"

#define PRODUCTION "https://login.salesforce.com"
#define SANDBOX    "https://test.salesforce.com"

/* The same schema as the store's, written out again so that the tests also
 * check its name and attributes. */
static const SecretSchema test_schema = {
  CS_SECRET_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "connection", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "login-host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "org-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static const CsSecretKind all_kinds[] = {
  CS_SECRET_KIND_CONSUMER_KEY,
  CS_SECRET_KIND_CONSUMER_SECRET,
  CS_SECRET_KIND_REFRESH_TOKEN,
};

/* These tests store, lock and delete items: only ever in the throw-away
 * keyring of build-aux/test-env, never in a developer's own. */
static gboolean
have_test_keyring (void)
{
  if (g_getenv ("CS_TEST_KEYRING_HOME") == NULL)
    {
      g_test_skip ("Needs the keyring of build-aux/test-env");
      return FALSE;
    }

  return TRUE;
}

/* Items of our schema for @connection_id (and @kind unless NULL), found
 * with libsecret directly, not through the store. The search runs in a main
 * context of its own, pushed until found_free(): GDBus releases the items'
 * signal subscriptions from an idle in the context they were made in. */
typedef struct
{
  GMainContext *context;
  GList        *items;    /* SecretRetrievable */
} Found;

static Found *
found_new (const char *connection_id,
           const char *kind)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  Found *found;

  g_hash_table_insert (attributes, (gpointer) "connection", (gpointer) connection_id);
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) kind);

  found = g_new0 (Found, 1);
  found->context = g_main_context_new ();
  g_main_context_push_thread_default (found->context);

  secret_password_searchv (&test_schema, attributes, SECRET_SEARCH_ALL, NULL,
                           store_test_result_cb, &result);
  found->items = secret_password_search_finish (store_test_await (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);

  return found;
}

static void
found_free (Found *found)
{
  g_list_free_full (found->items, g_object_unref);
  while (g_main_context_iteration (found->context, FALSE))
    ;
  g_main_context_pop_thread_default (found->context);
  g_main_context_unref (found->context);
  g_free (found);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Found, found_free)

static void
assert_item_count (const char *connection_id,
                   const char *kind,
                   guint       expected)
{
  g_autoptr(Found) found = found_new (connection_id, kind);

  g_assert_cmpuint (g_list_length (found->items), ==, expected);
}

/* The label and attributes of the one item of (@connection_id, @kind). */
static void
get_only_item (const char  *connection_id,
               const char  *kind,
               char       **label,
               GHashTable **attributes)
{
  g_autoptr(Found) found = found_new (connection_id, kind);

  g_assert_cmpuint (g_list_length (found->items), ==, 1);
  *label = secret_retrievable_get_label (found->items->data);
  *attributes = secret_retrievable_get_attributes (found->items->data);
}

static void
store_ok (CsSecretStore     *store,
          const CsSecretKey *key,
          CsSecretKind       kind,
          const char        *secret)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_secret_store_store_sync (store, key, kind, secret, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_lookup (CsSecretStore *store,
               const char    *connection_id,
               CsSecretKind   kind,
               const char    *expected)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = cs_secret_store_lookup_sync (store, connection_id, kind, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, expected);
  cs_secret_free (secret);
}

static void
clear_ok (CsSecretStore *store,
          const char    *connection_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_secret_store_clear_sync (store, connection_id, NULL, &error));
  g_assert_no_error (error);
}

/* The listed items of @connection_id, in the list's order (other tests and
 * suites may have items of their own in the same keyring). */
static GPtrArray *
list_for (CsSecretStore *store,
          const char    *connection_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;

  listed = cs_secret_store_list_sync (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (listed);

  for (guint i = listed->len; i > 0; i--)
    {
      CsSecretItemInfo *info = g_ptr_array_index (listed, i - 1);

      if (!g_str_equal (info->key->connection_id, connection_id))
        g_ptr_array_remove_index (listed, i - 1);
    }

  return g_steal_pointer (&listed);
}

static void
test_kinds (void)
{
  CsSecretKind kind;

  g_assert_cmpstr (cs_secret_kind_to_string (CS_SECRET_KIND_CONSUMER_KEY), ==, "consumer-key");
  g_assert_cmpstr (cs_secret_kind_to_string (CS_SECRET_KIND_CONSUMER_SECRET), ==, "consumer-secret");
  g_assert_cmpstr (cs_secret_kind_to_string (CS_SECRET_KIND_REFRESH_TOKEN), ==, "refresh-token");

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      g_assert_true (cs_secret_kind_from_string (cs_secret_kind_to_string (all_kinds[i]), &kind));
      g_assert_cmpint (kind, ==, all_kinds[i]);
    }
  g_assert_false (cs_secret_kind_from_string ("password", &kind));
  g_assert_false (cs_secret_kind_from_string (NULL, &kind));
}

static void
test_key (void)
{
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(CsSecretKey) copy = NULL;

  key = cs_secret_key_new ("c1", PRODUCTION, NULL, "sync@example.com");
  copy = cs_secret_key_copy (key);
  g_assert_true (copy != key);
  g_assert_cmpstr (copy->connection_id, ==, "c1");
  g_assert_cmpstr (copy->login_host, ==, PRODUCTION);
  g_assert_null (copy->org_id);
  g_assert_cmpstr (copy->username, ==, "sync@example.com");
  g_assert_true (G_TYPE_IS_BOXED (CS_TYPE_SECRET_KEY));

  cs_secret_free (NULL);
}

/* Store, look up, list and clear the three items of one connection. */
static void
test_roundtrip (void)
{
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *id = g_uuid_string_random ();
  char *secrets[G_N_ELEMENTS (all_kinds)];

  if (!have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  key = cs_secret_key_new (id, PRODUCTION, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      secrets[i] = store_test_secret_new (cs_secret_kind_to_string (all_kinds[i]));
      store_ok (store, key, all_kinds[i], secrets[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      assert_lookup (store, id, all_kinds[i], secrets[i]);
      assert_item_count (id, cs_secret_kind_to_string (all_kinds[i]), 1);
    }

  listed = list_for (store, id);
  g_assert_cmpuint (listed->len, ==, G_N_ELEMENTS (all_kinds));
  for (guint i = 0; i < listed->len; i++)
    {
      CsSecretItemInfo *info = g_ptr_array_index (listed, i);

      g_assert_cmpint (info->kind, ==, all_kinds[i]);
      g_assert_cmpstr (info->key->login_host, ==, PRODUCTION);
      g_assert_null (info->key->org_id);
      g_assert_null (info->key->username);
      g_assert_cmpint (info->created, >, 0);
      g_assert_cmpint (info->modified, >=, info->created);
    }

  clear_ok (store, id);
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    assert_lookup (store, id, all_kinds[i], NULL);
  assert_item_count (id, NULL, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = list_for (store, id);
  g_assert_cmpuint (listed->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    g_free (secrets[i]);
}

/* Two connections with different hosts, orgs and users keep apart. */
static void
test_two_connections (void)
{
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(CsSecretKey) key_a = NULL;
  g_autoptr(CsSecretKey) key_b = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *id_a = g_uuid_string_random ();
  g_autofree char *id_b = g_uuid_string_random ();
  g_autofree char *secret_a = store_test_secret_new ("secret-a");
  g_autofree char *secret_b = store_test_secret_new ("secret-b");
  g_autofree char *token_a = store_test_secret_new ("token-a");
  g_autofree char *token_b = store_test_secret_new ("token-b");

  if (!have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  key_a = cs_secret_key_new (id_a, PRODUCTION, "00DA0000000000AAAA", "a@example.com");
  key_b = cs_secret_key_new (id_b, SANDBOX, "00DB0000000000BBBB", "b@example.com.sandbox");

  store_ok (store, key_a, CS_SECRET_KIND_CONSUMER_SECRET, secret_a);
  store_ok (store, key_b, CS_SECRET_KIND_CONSUMER_SECRET, secret_b);
  store_ok (store, key_a, CS_SECRET_KIND_REFRESH_TOKEN, token_a);
  store_ok (store, key_b, CS_SECRET_KIND_REFRESH_TOKEN, token_b);

  assert_lookup (store, id_a, CS_SECRET_KIND_CONSUMER_SECRET, secret_a);
  assert_lookup (store, id_b, CS_SECRET_KIND_CONSUMER_SECRET, secret_b);
  assert_lookup (store, id_a, CS_SECRET_KIND_REFRESH_TOKEN, token_a);
  assert_lookup (store, id_b, CS_SECRET_KIND_REFRESH_TOKEN, token_b);
  assert_lookup (store, id_a, CS_SECRET_KIND_CONSUMER_KEY, NULL);

  listed = list_for (store, id_b);
  g_assert_cmpuint (listed->len, ==, 2);
  for (guint i = 0; i < listed->len; i++)
    {
      CsSecretItemInfo *info = g_ptr_array_index (listed, i);

      g_assert_cmpstr (info->key->login_host, ==, SANDBOX);
      g_assert_cmpstr (info->key->org_id, ==, "00DB0000000000BBBB");
      g_assert_cmpstr (info->key->username, ==, "b@example.com.sandbox");
    }

  /* Clearing one leaves the other alone. */
  clear_ok (store, id_a);
  assert_item_count (id_a, NULL, 0);
  assert_item_count (id_b, NULL, 2);
  assert_lookup (store, id_b, CS_SECRET_KIND_CONSUMER_SECRET, secret_b);
  assert_lookup (store, id_b, CS_SECRET_KIND_REFRESH_TOKEN, token_b);

  clear_ok (store, id_b);
  assert_item_count (id_b, NULL, 0);
}

/* Storing again replaces: one item per (connection, kind), whose label and
 * attributes follow what is known about the connection. */
static void
test_replace (void)
{
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(CsSecretKey) before_login = NULL;
  g_autoptr(CsSecretKey) after_login = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret_1 = store_test_secret_new ("secret-1");
  g_autofree char *secret_2 = store_test_secret_new ("secret-2");
  g_autofree char *secret_3 = store_test_secret_new ("secret-3");
  g_autofree char *token = store_test_secret_new ("token");
  g_autofree char *label = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  if (!have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  before_login = cs_secret_key_new (id, PRODUCTION, NULL, NULL);
  after_login = cs_secret_key_new (id, PRODUCTION, "00D000000000001AAA", "sync@example.com");

  store_ok (store, before_login, CS_SECRET_KIND_CONSUMER_SECRET, secret_1);
  store_ok (store, before_login, CS_SECRET_KIND_REFRESH_TOKEN, token);

  get_only_item (id, "consumer-secret", &label, &attributes);
  g_assert_cmpstr (label, ==, "Salesforce consumer secret for a new connection to login.salesforce.com");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "login-host"), ==, PRODUCTION);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, "consumer-secret");
  g_assert_false (g_hash_table_contains (attributes, "org-id"));
  g_assert_false (g_hash_table_contains (attributes, "username"));
  g_clear_pointer (&attributes, g_hash_table_unref);
  g_clear_pointer (&label, g_free);

  /* After the login, org id and username are known. */
  store_ok (store, after_login, CS_SECRET_KIND_CONSUMER_SECRET, secret_2);
  get_only_item (id, "consumer-secret", &label, &attributes);
  g_assert_cmpstr (label, ==, "Salesforce consumer secret for sync@example.com (login.salesforce.com)");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "org-id"), ==, "00D000000000001AAA");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "username"), ==, "sync@example.com");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, CS_SECRET_SCHEMA_NAME);
  g_clear_pointer (&attributes, g_hash_table_unref);
  g_clear_pointer (&label, g_free);
  assert_lookup (store, id, CS_SECRET_KIND_CONSUMER_SECRET, secret_2);

  /* The other kind is untouched. */
  get_only_item (id, "refresh-token", &label, &attributes);
  g_assert_cmpstr (label, ==, "Salesforce refresh token for a new connection to login.salesforce.com");
  g_clear_pointer (&attributes, g_hash_table_unref);
  g_clear_pointer (&label, g_free);
  assert_lookup (store, id, CS_SECRET_KIND_REFRESH_TOKEN, token);

  /* Same attributes again: replaced in place. */
  store_ok (store, after_login, CS_SECRET_KIND_CONSUMER_SECRET, secret_3);
  assert_item_count (id, "consumer-secret", 1);
  assert_lookup (store, id, CS_SECRET_KIND_CONSUMER_SECRET, secret_3);

  /* Back to a key without the org (e.g. a new login host): still one. */
  store_ok (store, before_login, CS_SECRET_KIND_CONSUMER_SECRET, secret_1);
  assert_item_count (id, "consumer-secret", 1);
  assert_lookup (store, id, CS_SECRET_KIND_CONSUMER_SECRET, secret_1);
  assert_item_count (id, NULL, 2);

  clear_ok (store, id);
  assert_item_count (id, NULL, 0);
}

static void
test_labels (void)
{
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(CsSecretKey) practice = NULL;
  g_autoptr(CsSecretKey) user = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *id_user = g_uuid_string_random ();
  g_autofree char *value = store_test_secret_new ("key");

  if (!have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  practice = cs_secret_key_new (id, "http://127.0.0.1:8443", NULL, NULL);
  user = cs_secret_key_new (id_user, "https://acme.my.salesforce.com", "00D000000000002AAA",
                            "admin@acme.example");

  store_ok (store, practice, CS_SECRET_KIND_CONSUMER_KEY, value);
  listed = list_for (store, id);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((CsSecretItemInfo *) listed->pdata[0])->label, ==,
                   "Salesforce consumer key for a new connection to 127.0.0.1:8443");
  g_clear_pointer (&listed, g_ptr_array_unref);

  store_ok (store, user, CS_SECRET_KIND_REFRESH_TOKEN, value);
  listed = list_for (store, id_user);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((CsSecretItemInfo *) listed->pdata[0])->label, ==,
                   "Salesforce refresh token for admin@acme.example (acme.my.salesforce.com)");

  clear_ok (store, id);
  clear_ok (store, id_user);
}

static void
assert_no_secret_in (const char *field,
                     const char *secret)
{
  if (field != NULL)
    g_assert_null (strstr (field, secret));
}

/* Listing shows what is stored without reading any secret, and leaves the
 * items in place. */
static void
test_list_has_no_secrets (void)
{
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(CsSecretKey) key = NULL;
  g_autofree char *id = g_uuid_string_random ();
  char *secrets[G_N_ELEMENTS (all_kinds)];

  if (!have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  key = cs_secret_key_new (id, SANDBOX, "00D000000000003AAA", "list@example.com");
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      secrets[i] = store_test_secret_new ("listed");
      store_ok (store, key, all_kinds[i], secrets[i]);
    }

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) listed = list_for (store, id);

      g_assert_cmpuint (listed->len, ==, G_N_ELEMENTS (all_kinds));
      for (guint i = 0; i < listed->len; i++)
        {
          CsSecretItemInfo *info = g_ptr_array_index (listed, i);

          g_assert_nonnull (info->label);
          g_assert_cmpint (info->created, >, 0);
          g_assert_cmpint (info->modified, >, 0);
          for (guint j = 0; j < G_N_ELEMENTS (all_kinds); j++)
            {
              assert_no_secret_in (info->label, secrets[j]);
              assert_no_secret_in (info->key->connection_id, secrets[j]);
              assert_no_secret_in (info->key->login_host, secrets[j]);
              assert_no_secret_in (info->key->org_id, secrets[j]);
              assert_no_secret_in (info->key->username, secrets[j]);
            }
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      assert_lookup (store, id, all_kinds[i], secrets[i]);
      g_free (secrets[i]);
    }

  clear_ok (store, id);
}

static void
test_lookup_absent (void)
{
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  char *secret;

  if (!have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      secret = cs_secret_store_lookup_sync (store, id, all_kinds[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_null (secret);
    }

  /* Clearing nothing is fine too. */
  clear_ok (store, id);
}

static void
test_async (void)
{
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *id = g_uuid_string_random ();
  char *secrets[G_N_ELEMENTS (all_kinds)];
  GAsyncResult *results[G_N_ELEMENTS (all_kinds)] = { NULL, };
  GAsyncResult *result = NULL;
  guint mine = 0;

  if (!have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  key = cs_secret_key_new (id, PRODUCTION, "00D000000000004AAA", "async@example.com");

  /* Three stores at once, one per kind. */
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      secrets[i] = store_test_secret_new ("async");
      cs_secret_store_store_async (store, key, all_kinds[i], secrets[i], NULL,
                                   store_test_result_cb, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      g_assert_true (cs_secret_store_store_finish (store, store_test_await (&results[i]), &error));
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }

  /* Three lookups at once. */
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    cs_secret_store_lookup_async (store, id, all_kinds[i], NULL, store_test_result_cb, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      char *secret = cs_secret_store_lookup_finish (store, store_test_await (&results[i]), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (secret, ==, secrets[i]);
      cs_secret_free (secret);
      g_clear_object (&results[i]);
    }

  cs_secret_store_list_async (store, NULL, store_test_result_cb, &result);
  all = cs_secret_store_list_finish (store, store_test_await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  for (guint i = 0; i < all->len; i++)
    {
      CsSecretItemInfo *info = g_ptr_array_index (all, i);

      if (g_str_equal (info->key->connection_id, id))
        mine++;
    }
  g_assert_cmpuint (mine, ==, G_N_ELEMENTS (all_kinds));

  /* A cancelled store stores nothing. */
  g_cancellable_cancel (cancelled);
  cs_secret_store_store_async (store, key, CS_SECRET_KIND_CONSUMER_SECRET, "never stored",
                               cancelled, store_test_result_cb, &result);
  g_assert_false (cs_secret_store_store_finish (store, store_test_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  assert_lookup (store, id, CS_SECRET_KIND_CONSUMER_SECRET, secrets[1]);

  cs_secret_store_clear_async (store, id, NULL, store_test_result_cb, &result);
  g_assert_true (cs_secret_store_clear_finish (store, store_test_await (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  assert_item_count (id, NULL, 0);

  cs_secret_store_lookup_async (store, id, CS_SECRET_KIND_REFRESH_TOKEN, NULL,
                                store_test_result_cb, &result);
  g_assert_null (cs_secret_store_lookup_finish (store, store_test_await (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    g_free (secrets[i]);
}

/* The suite's own log check catches a secret in a message (so its silence
 * elsewhere means something). */
static void
test_log_check (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *secret = store_test_secret_new ("logged");

      g_debug ("Oops: %s", secret);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*A log message contains a secret*");
}

/* Runs last: nothing we stored reached a file in HOME or the XDG folders
 * (the keyring daemon keeps its own, encrypted, elsewhere). */
static void
test_no_secret_in_files (void)
{
  if (!have_test_keyring ())
    return;

  store_test_assert_secrets_nowhere ();
}

int
main (int    argc,
      char **argv)
{
  store_test_init (&argc, &argv);

  g_test_add_func ("/secret-store/kinds", test_kinds);
  g_test_add_func ("/secret-store/key", test_key);
  g_test_add_func ("/secret-store/roundtrip", test_roundtrip);
  g_test_add_func ("/secret-store/two-connections", test_two_connections);
  g_test_add_func ("/secret-store/replace", test_replace);
  g_test_add_func ("/secret-store/labels", test_labels);
  g_test_add_func ("/secret-store/list-has-no-secrets", test_list_has_no_secrets);
  g_test_add_func ("/secret-store/lookup-absent", test_lookup_absent);
  g_test_add_func ("/secret-store/async", test_async);
  g_test_add_func ("/secret-store/log-check", test_log_check);
  g_test_add_func ("/secret-store/no-secret-in-files", test_no_secret_in_files);

  return g_test_run ();
}
