/* test-connection-store.c: CsConnectionStore in SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <sqlite3.h>

#include "cs-core.h"
#include "store-test-common.h"

#define PRODUCTION "https://login.salesforce.com"
/* The schema version cs-connection-store.c migrates to. */
#define CURRENT_VERSION 3

typedef struct
{
  char *folder;   /* a new temporary folder */
  char *path;     /* folder/crm-sync.db, not created yet */
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("cs-connection-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->folder, "crm-sync.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->path);
}

static CsConnectionStore *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  CsConnectionStore *store;

  store = cs_connection_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static void
save_ok (CsConnectionStore *store,
         CsConnection      *connection)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_connection_store_save (store, connection, &error));
  g_assert_no_error (error);
}

static CsConnection *
get_ok (CsConnectionStore *store,
        const char        *id)
{
  g_autoptr(GError) error = NULL;
  CsConnection *connection;

  connection = cs_connection_store_get (store, id, &error);
  g_assert_no_error (error);

  return connection;
}

static GPtrArray *
list_ok (CsConnectionStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *connections;

  connections = cs_connection_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connections);

  return connections;
}

static CsConnection *
full_connection_new (void)
{
  CsConnection *connection = cs_connection_new (PRODUCTION, "production");

  connection->org_id = g_strdup ("00D000000000001AAA");
  connection->user_id = g_strdup ("005000000000001AAA");
  connection->username = g_strdup ("sync@example.com");
  connection->display_name = g_strdup ("Sync User");
  connection->instance_url = g_strdup ("https://acme.my.salesforce.com");
  connection->api_version = g_strdup ("62.0");
  connection->confirmed = 1700000000;
  connection->org_name = g_strdup ("Acme “Café” Corporation");

  return connection;
}

static void
assert_connection_equal (const CsConnection *a,
                         const CsConnection *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->environment, ==, b->environment);
  g_assert_cmpstr (a->login_host, ==, b->login_host);
  g_assert_cmpstr (a->org_id, ==, b->org_id);
  g_assert_cmpstr (a->user_id, ==, b->user_id);
  g_assert_cmpstr (a->username, ==, b->username);
  g_assert_cmpstr (a->display_name, ==, b->display_name);
  g_assert_cmpstr (a->instance_url, ==, b->instance_url);
  g_assert_cmpstr (a->api_version, ==, b->api_version);
  g_assert_cmpint (a->created, ==, b->created);
  g_assert_cmpint (a->confirmed, ==, b->confirmed);
  g_assert_cmpint (a->updated, ==, b->updated);
  g_assert_cmpstr (a->org_name, ==, b->org_name);
}

static int
user_version (CsConnectionStore *store)
{
  sqlite3 *db = cs_connection_store_get_database (store);
  sqlite3_stmt *stmt = NULL;
  int version;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version;", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

static void
test_connection_boxed (void)
{
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autoptr(CsConnection) copy = NULL;

  g_assert_true (g_uuid_string_is_valid (connection->id));
  g_assert_cmpint (connection->created, >, 0);
  g_assert_cmpint (connection->updated, ==, connection->created);

  copy = cs_connection_copy (connection);
  assert_connection_equal (copy, connection);
  g_assert_true (copy->id != connection->id);
  g_assert_true (G_TYPE_IS_BOXED (CS_TYPE_CONNECTION));
}

static void
test_save_get (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autoptr(CsConnection) bare = NULL;
  g_autoptr(CsConnection) found = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpstr (cs_connection_store_get_path (store), ==, fixture->path);

  save_ok (store, connection);
  g_assert_cmpint (connection->updated, >=, before);
  found = get_ok (store, connection->id);
  g_assert_nonnull (found);
  assert_connection_equal (found, connection);
  g_clear_pointer (&found, cs_connection_free);

  /* A bare struct (no id, no times) gets them on save; NULLs stay NULL. */
  bare = g_new0 (CsConnection, 1);
  bare->login_host = g_strdup ("https://test.salesforce.com");
  bare->environment = g_strdup ("sandbox");
  save_ok (store, bare);
  g_assert_true (g_uuid_string_is_valid (bare->id));
  g_assert_cmpint (bare->created, >=, before);
  g_assert_cmpint (bare->updated, >=, bare->created);
  found = get_ok (store, bare->id);
  assert_connection_equal (found, bare);
  g_assert_null (found->org_id);
  g_assert_null (found->username);
  g_assert_cmpint (found->confirmed, ==, 0);
}

static void
test_get_absent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  CsConnection *found;

  found = cs_connection_store_get (store, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* Parameters are bound, never pasted into SQL. */
  found = cs_connection_store_get (store, "' OR 1=1 --", &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_list_order (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(CsConnection) old = cs_connection_new (PRODUCTION, "production");
  g_autoptr(CsConnection) newest = cs_connection_new (PRODUCTION, "production");
  g_autoptr(CsConnection) middle = cs_connection_new (PRODUCTION, "production");
  g_autoptr(CsConnection) same_1 = cs_connection_new (PRODUCTION, "production");
  g_autoptr(CsConnection) same_2 = cs_connection_new (PRODUCTION, "production");

  connections = list_ok (store);
  g_assert_cmpuint (connections->len, ==, 0);
  g_clear_pointer (&connections, g_ptr_array_unref);

  old->created = 1000;
  newest->created = 3000;
  middle->created = 2000;
  same_1->created = 500;
  same_2->created = 500;
  save_ok (store, old);
  save_ok (store, newest);
  save_ok (store, middle);
  save_ok (store, same_1);
  save_ok (store, same_2);

  connections = list_ok (store);
  g_assert_cmpuint (connections->len, ==, 5);
  g_assert_cmpstr (((CsConnection *) connections->pdata[0])->id, ==, newest->id);
  g_assert_cmpstr (((CsConnection *) connections->pdata[1])->id, ==, middle->id);
  g_assert_cmpstr (((CsConnection *) connections->pdata[2])->id, ==, old->id);
  /* Same second: the one saved last comes first. */
  g_assert_cmpstr (((CsConnection *) connections->pdata[3])->id, ==, same_2->id);
  g_assert_cmpstr (((CsConnection *) connections->pdata[4])->id, ==, same_1->id);
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(CsConnection) connection = cs_connection_new (PRODUCTION, "production");
  g_autoptr(CsConnection) again = NULL;
  g_autoptr(CsConnection) found = NULL;
  g_autoptr(GPtrArray) connections = NULL;

  connection->created = 1000;
  save_ok (store, connection);

  /* After the login. */
  connection->org_id = g_strdup ("00D000000000001AAA");
  connection->username = g_strdup ("sync@example.com");
  connection->instance_url = g_strdup ("https://acme.my.salesforce.com");
  connection->confirmed = 1700000000;
  save_ok (store, connection);

  found = get_ok (store, connection->id);
  assert_connection_equal (found, connection);
  g_assert_cmpint (found->created, ==, 1000);
  g_assert_cmpint (found->updated, >, 1000);
  g_clear_pointer (&found, cs_connection_free);

  /* A copy with another creation time does not rewrite history. */
  again = cs_connection_copy (connection);
  again->created = 5000;
  g_clear_pointer (&again->username, g_free);
  save_ok (store, again);
  g_assert_cmpint (again->created, ==, 1000);
  found = get_ok (store, connection->id);
  g_assert_cmpint (found->created, ==, 1000);
  g_assert_null (found->username);

  connections = list_ok (store);
  g_assert_cmpuint (connections->len, ==, 1);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(CsConnection) gone = cs_connection_new (PRODUCTION, "production");
  g_autoptr(CsConnection) kept = cs_connection_new (PRODUCTION, "production");
  g_autoptr(CsConnection) found = NULL;
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(GError) error = NULL;

  save_ok (store, gone);
  save_ok (store, kept);

  g_assert_true (cs_connection_store_remove (store, gone->id, &error));
  g_assert_no_error (error);
  found = get_ok (store, gone->id);
  g_assert_null (found);

  /* Removing what is not there is not an error. */
  g_assert_true (cs_connection_store_remove (store, gone->id, &error));
  g_assert_no_error (error);

  connections = list_ok (store);
  g_assert_cmpuint (connections->len, ==, 1);
  g_assert_cmpstr (((CsConnection *) connections->pdata[0])->id, ==, kept->id);
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autoptr(CsConnection) found = NULL;

  save_ok (store, connection);
  g_clear_object (&store);

  store = open_ok (fixture->path);
  found = get_ok (store, connection->id);
  g_assert_nonnull (found);
  assert_connection_equal (found, connection);
}

static void
test_migration (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autoptr(CsConnection) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  g_assert_cmpint (user_version (store), ==, CURRENT_VERSION);
  save_ok (store, connection);

  /* Opening again (twice, and while the first is still open) migrates
   * nothing and loses nothing. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CsConnectionStore) other = open_ok (fixture->path);

      g_assert_cmpint (user_version (other), ==, CURRENT_VERSION);
      found = get_ok (other, connection->id);
      assert_connection_equal (found, connection);
      g_clear_pointer (&found, cs_connection_free);
    }
  g_clear_object (&store);

  /* WAL and foreign keys are on. */
  store = open_ok (fixture->path);
  db = cs_connection_store_get_database (store);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode;", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  g_clear_pointer (&stmt, sqlite3_finalize);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_keys;", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* A database from a newer version is left alone. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&store);
  store = cs_connection_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CS_ERROR, CS_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer version"));
}

/* A database of version 1 (before names) is migrated: its rows keep
 * everything, with no name and no mark. */
static void
test_migration_from_1 (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsConnection) found = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE connections ("
                                 "  id TEXT PRIMARY KEY NOT NULL, environment TEXT NOT NULL,"
                                 "  login_host TEXT NOT NULL, org_id TEXT, user_id TEXT, username TEXT,"
                                 "  display_name TEXT, instance_url TEXT, api_version TEXT,"
                                 "  created INTEGER NOT NULL, confirmed INTEGER NOT NULL DEFAULT 0,"
                                 "  updated INTEGER NOT NULL);"
                                 "INSERT INTO connections VALUES ('old-id', 'production', '" PRODUCTION "',"
                                 "  '00D000000000001AAA', '005000000000001AAA', 'sync@acme.example', 'Sync',"
                                 "  'https://acme.my.salesforce.com', '62.0', 1000, 1001, 1002);"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = open_ok (fixture->path);
  g_assert_cmpint (user_version (store), ==, CURRENT_VERSION);
  found = get_ok (store, "old-id");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->username, ==, "sync@acme.example");
  g_assert_cmpint (found->confirmed, ==, 1001);
  g_assert_null (found->name);
  g_assert_null (found->org_name);
  g_assert_null (found->reauth_reason);
  g_assert_cmpint (found->last_refresh, ==, 0);
  g_assert_cmpstr (cs_connection_get_display_name (found), ==, "old-id");
}

/* Names: valid ones only, unique ignoring case, found like ids; a free one
 * is made from a taken one. */
static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(CsConnection) first = full_connection_new ();
  g_autoptr(CsConnection) second = full_connection_new ();
  g_autoptr(CsConnection) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *free_name = NULL;
  g_autofree char *same = NULL;

  g_assert_true (cs_connection_name_is_valid ("sync@acme.example.com"));
  g_assert_true (cs_connection_name_is_valid ("prod-2"));
  g_assert_false (cs_connection_name_is_valid ("-flag"));
  g_assert_false (cs_connection_name_is_valid ("two words"));
  g_assert_false (cs_connection_name_is_valid (""));
  g_assert_false (cs_connection_name_is_valid (NULL));

  first->name = g_strdup ("Acme");
  save_ok (store, first);
  found = cs_connection_store_find (store, "acme", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, first->id);
  g_clear_pointer (&found, cs_connection_free);
  found = cs_connection_store_find (store, first->id, &error);
  g_assert_cmpstr (found->id, ==, first->id);
  g_clear_pointer (&found, cs_connection_free);
  found = cs_connection_store_find (store, "nobody", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  second->name = g_strdup ("ACME");
  g_assert_false (cs_connection_store_save (store, second, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "ACME"));
  g_clear_error (&error);

  free_name = cs_connection_store_dup_free_name (store, "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (free_name, ==, "acme-2");
  same = cs_connection_store_dup_free_name (store, "acme", first->id, &error);
  g_assert_cmpstr (same, ==, "acme");
}

/* The mark and the last refresh change only their own columns. */
static void
test_reauth_mark (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = open_ok (fixture->path);
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autoptr(CsConnection) marked = NULL;
  g_autoptr(CsConnection) cleared = NULL;
  g_autoptr(GError) error = NULL;

  save_ok (store, connection);
  g_assert_true (cs_connection_store_set_reauth (store, connection->id, "invalid-grant", 5000, &error));
  g_assert_no_error (error);
  marked = get_ok (store, connection->id);
  g_assert_cmpstr (marked->reauth_reason, ==, "invalid-grant");
  g_assert_cmpint (marked->reauth_since, ==, 5000);
  g_assert_cmpstr (marked->username, ==, connection->username);

  g_assert_true (cs_connection_store_note_refresh (store, connection->id, 6000, &error));
  g_assert_no_error (error);
  cleared = get_ok (store, connection->id);
  g_assert_null (cleared->reauth_reason);
  g_assert_cmpint (cleared->reauth_since, ==, 0);
  g_assert_cmpint (cleared->last_refresh, ==, 6000);
}

static void
assert_mode (const char *path,
             guint       expected)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, expected);
}

static void
test_permissions (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autofree char *nested = g_build_filename (fixture->folder, "new-folder", NULL);
  g_autofree char *path = g_build_filename (nested, "crm-sync.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  mode_t saved_umask;

  /* Not relying on the umask: even a permissive one gives 0700/0600. */
  saved_umask = umask (0);
  store = open_ok (path);
  save_ok (store, connection);
  umask (saved_umask);

  assert_mode (nested, 0700);
  assert_mode (path, 0600);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    assert_mode (wal, 0600);
  if (g_file_test (shm, G_FILE_TEST_EXISTS))
    assert_mode (shm, 0600);
  g_clear_object (&store);

  /* An existing file with a wider mode is narrowed. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  store = open_ok (path);
  assert_mode (path, 0600);
}

/* open (NULL) uses $XDG_DATA_HOME/crm-sync-setup/crm-sync.db. */
static void
test_default_path (void)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *default_path = NULL;

  if (g_getenv ("CS_TEST_KEYRING_HOME") == NULL)
    {
      /* Outside build-aux/test-env this would be the developer's own. */
      g_test_skip ("Needs the scratch XDG folders of build-aux/test-env");
      return;
    }

  expected = g_build_filename (g_get_user_data_dir (), "crm-sync-setup", "crm-sync.db", NULL);
  folder = g_path_get_dirname (expected);

  store = open_ok (NULL);
  g_assert_cmpstr (cs_connection_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  assert_mode (folder, 0700);
  assert_mode (expected, 0600);

  default_path = cs_connection_store_get_default_path ();
  g_assert_cmpstr (default_path, ==, expected);
}

static void
test_memory (void)
{
  g_autoptr(CsConnectionStore) store = open_ok (":memory:");
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autoptr(CsConnection) found = NULL;
  g_autoptr(GPtrArray) connections = NULL;

  g_assert_cmpint (user_version (store), ==, CURRENT_VERSION);
  save_ok (store, connection);
  found = get_ok (store, connection->id);
  assert_connection_equal (found, connection);
  connections = list_ok (store);
  g_assert_cmpuint (connections->len, ==, 1);
}

static void
test_open_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *not_a_folder = g_build_filename (fixture->folder, "plain-file", NULL);
  g_autofree char *below_file = g_build_filename (not_a_folder, "crm-sync.db", NULL);
  CsConnectionStore *store;

  /* The folder cannot be made: a file is in the way. */
  g_assert_true (g_file_set_contents (not_a_folder, "x", -1, &error));
  g_assert_no_error (error);
  store = cs_connection_store_open (below_file, &error);
  g_assert_null (store);
  g_assert_error (error, CS_ERROR, CS_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "writable"));
  g_clear_error (&error);

  /* Not a database at all. */
  g_assert_true (g_file_set_contents (fixture->path,
                                      "This is not an SQLite database, and it is long enough "
                                      "for SQLite to read a header out of it and fail.",
                                      -1, &error));
  g_assert_no_error (error);
  store = cs_connection_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CS_ERROR, CS_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "damaged"));
}

/* The database never holds what the keyring holds, even when both are
 * written for the same connection. */
static void
test_no_secret_in_database (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsSecretStore) secrets = NULL;
  g_autoptr(CsConnection) connection = full_connection_new ();
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = store_test_secret_new ("consumer-secret");
  g_autofree char *token = store_test_secret_new ("refresh-token");
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  const char *needles[2];

  if (g_getenv ("CS_TEST_KEYRING_HOME") == NULL)
    {
      g_test_skip ("Needs the keyring of build-aux/test-env");
      return;
    }

  needles[0] = secret;
  needles[1] = token;

  store = open_ok (fixture->path);
  secrets = cs_secret_store_new ();
  key = cs_secret_key_new (connection->id, connection->login_host,
                           connection->org_id, connection->username);

  g_assert_true (cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_CONSUMER_SECRET,
                                             secret, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_REFRESH_TOKEN,
                                             token, NULL, &error));
  g_assert_no_error (error);
  save_ok (store, connection);
  connection->confirmed = 1700000001;
  save_ok (store, connection);

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_assert_false (store_test_file_contains (fixture->path, needles[i]));
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        g_assert_false (store_test_file_contains (wal, needles[i]));
    }

  /* Also after a checkpoint folded the WAL into the file. */
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_assert_false (store_test_file_contains (fixture->path, needles[i]));
      store_test_assert_no_file_contains (needles[i]);
    }

  g_assert_true (cs_secret_store_clear_sync (secrets, connection->id, NULL, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  store_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/connection-store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/connection-store/connection", test_connection_boxed);
  ADD ("save-get", test_save_get);
  ADD ("get-absent", test_get_absent);
  ADD ("list-order", test_list_order);
  ADD ("update", test_update);
  ADD ("remove", test_remove);
  ADD ("reopen", test_reopen);
  ADD ("migration", test_migration);
  ADD ("migration-from-1", test_migration_from_1);
  ADD ("names", test_names);
  ADD ("reauth-mark", test_reauth_mark);
  ADD ("permissions", test_permissions);
  g_test_add_func ("/connection-store/default-path", test_default_path);
  g_test_add_func ("/connection-store/memory", test_memory);
  ADD ("open-errors", test_open_errors);
  ADD ("no-secret-in-database", test_no_secret_in_database);

#undef ADD

  return g_test_run ();
}
