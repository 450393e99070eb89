/* sync-test-common.c: fixtures and the field-for-field comparison of the
 * record sync's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "sync-test-common.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The org, a login as the sync user and its client. */
static void
set_up_org (SyncFixture   *f,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  guint n_leads = GPOINTER_TO_UINT (user_data);

  f->org = cs_test_practice_org_new (n_leads != 0 ? n_leads : 2000);
  f->oauth = cs_oauth_client_new (cs_practice_org_get_url (f->org),
                                  cs_practice_org_get_consumer_key (f->org),
                                  cs_practice_org_get_consumer_secret (f->org));
  f->tokens = cs_test_login (f->org, f->oauth, cs_practice_org_get_sync_username (f->org),
                             cs_practice_org_get_sync_password (f->org), &error);
  g_assert_no_error (error);
  f->client = cs_salesforce_client_new (f->oauth, f->tokens);
  /* Tests that refuse requests do not wait for the real backoff. */
  cs_salesforce_client_set_rate_limit_backoff (f->client, 1, 10);
}

void
sync_fixture_set_up (SyncFixture   *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;

  set_up_org (f, user_data);
  f->folder = g_dir_make_tmp ("sync-test-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (f->folder, "crm-sync.db", NULL);
  f->store = cs_connection_store_open (store_path, &error);
  g_assert_no_error (error);
  f->connection_id = g_uuid_string_random ();
  f->sync = cs_record_sync_new (f->client, f->store, f->connection_id);
  sync_record_fields (f);
}

void
sync_fixture_set_up_stored (SyncFixture   *f,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsSecretKey) key = NULL;

  set_up_org (f, user_data);
  f->store = cs_connection_store_open (NULL, &error);
  g_assert_no_error (error);
  connection = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  connection->org_id = g_strdup (cs_practice_org_get_org_id (f->org));
  connection->username = g_strdup (cs_practice_org_get_sync_username (f->org));
  connection->confirmed = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (cs_connection_store_save (f->store, connection, &error));
  g_assert_no_error (error);
  f->connection_id = g_strdup (connection->id);

  f->secrets = cs_secret_store_new ();
  key = cs_secret_key_new (connection->id, connection->login_host, connection->org_id,
                           connection->username);
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_KEY,
                                             cs_practice_org_get_consumer_key (f->org), NULL, &error));
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_SECRET,
                                             cs_practice_org_get_consumer_secret (f->org), NULL, &error));
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_REFRESH_TOKEN,
                                             cs_token_set_get_refresh_token (f->tokens), NULL, &error));
  g_assert_no_error (error);

  f->sync = cs_record_sync_new (f->client, f->store, f->connection_id);
  sync_record_fields (f);
}

void
sync_fixture_tear_down_stored (SyncFixture   *f,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_secret_store_clear_sync (f->secrets, f->connection_id, NULL, &error));
  g_assert_true (cs_record_sync_forget (f->store, f->connection_id, &error));
  g_assert_true (cs_connection_store_remove (f->store, f->connection_id, &error));
  g_assert_no_error (error);
  g_clear_object (&f->secrets);
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->tokens);
  g_clear_object (&f->oauth);
  cs_practice_org_disconnect (f->org);
  g_clear_object (&f->org);
  g_clear_pointer (&f->connection_id, g_free);
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

void
sync_fixture_tear_down (SyncFixture   *f,
                        gconstpointer  user_data)
{
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->tokens);
  g_clear_object (&f->oauth);
  cs_practice_org_disconnect (f->org);
  g_clear_object (&f->org);
  remove_folder (f->folder);
  g_clear_pointer (&f->folder, g_free);
  g_clear_pointer (&f->connection_id, g_free);
}

void
sync_record_fields (SyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsFieldCatalog) catalog = cs_field_catalog_new (f->store, &error);
  g_autoptr(CsFieldSync) field_sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  field_sync = cs_field_sync_new (f->client, catalog, f->connection_id);
  cs_field_sync_record_async (field_sync, NULL, cs_test_store_result, &result);
  g_assert_true (cs_field_sync_record_finish (field_sync, cs_test_await (&result), NULL, &error));
  g_assert_no_error (error);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
sync_await_cycle (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (SYNC_CYCLE_TIMEOUT_SECONDS, set_flag, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (*result == NULL)
    g_error ("No cycle result after %d s: the cycle never ended", SYNC_CYCLE_TIMEOUT_SECONDS);
  g_source_remove (timeout);
  return *result;
}

CsSyncCycle *
sync_run_cycle (SyncFixture  *f,
                GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_record_sync_run_cycle_async (f->sync, NULL, cs_test_store_result, &result);
  return cs_record_sync_run_cycle_finish (f->sync, sync_await_cycle (&result), error);
}

CsSyncCycle *
sync_run_cycle_ok (SyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  CsSyncCycle *cycle = sync_run_cycle (f, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cycle);
  g_assert_cmpint (cycle->outcome, ==, CS_SYNC_OUTCOME_COMPLETED);
  return cycle;
}

sqlite3 *
sync_open_database (SyncFixture *f)
{
  sqlite3 *db = NULL;

  /* Read-write: a reader of a WAL database needs its -shm. */
  g_assert_cmpint (sqlite3_open_v2 (cs_record_sync_get_database_path (f->sync), &db,
                                    SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

CsSyncDatabase *
sync_database (SyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  CsSyncDatabase *database = cs_sync_database_open (cs_record_sync_get_database_path (f->sync), &error);

  g_assert_no_error (error);
  return database;
}

/* ---- comparing ---------------------------------------------------------------------- */

static gboolean
is_synced_field (CsCatalogField *field)
{
  return field->status == CS_CATALOG_FIELD_SYNCED && g_strcmp0 (field->type, "address") != 0 &&
         g_strcmp0 (field->type, "location") != 0;
}

/* "…000+0000" → "…000Z", as the sync stores datetimes. */
static char *
stored_datetime (const char *rest)
{
  if (strlen (rest) == 28 && g_str_has_suffix (rest, "+0000"))
    {
      char *stored = g_strndup (rest, 24);

      stored[23] = 'Z';
      return stored;
    }
  return g_strdup (rest);
}

static void
assert_value_equal (const char     *object,
                    const char     *id,
                    CsCatalogField *field,
                    JsonNode       *value,
                    sqlite3_stmt   *row,
                    int             column)
{
  int type = sqlite3_column_type (row, column);
  GType value_type;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      /* Queries answer false for a boolean without a value. */
      if (g_str_equal (field->type, "boolean"))
        {
          g_assert_cmpint (type, ==, SQLITE_INTEGER);
          g_assert_cmpint (sqlite3_column_int (row, column), ==, 0);
          return;
        }
      if (type != SQLITE_NULL)
        g_error ("%s %s.%s: expected null, stored %s", id, object, field->api_name,
                 sqlite3_column_text (row, column));
      return;
    }

  value_type = json_node_get_value_type (value);
  if (value_type == G_TYPE_STRING)
    {
      g_autofree char *expected = g_str_equal (field->type, "datetime")
                                  ? stored_datetime (json_node_get_string (value))
                                  : g_strdup (json_node_get_string (value));

      if (type != SQLITE_TEXT || g_strcmp0 (expected, (const char *) sqlite3_column_text (row, column)) != 0)
        g_error ("%s %s.%s: expected “%s”, stored “%s”", id, object, field->api_name, expected,
                 sqlite3_column_text (row, column));
    }
  else if (value_type == G_TYPE_BOOLEAN)
    {
      g_assert_cmpint (type, ==, SQLITE_INTEGER);
      g_assert_cmpint (sqlite3_column_int (row, column), ==, json_node_get_boolean (value) ? 1 : 0);
    }
  else if (value_type == G_TYPE_INT64 && type == SQLITE_INTEGER)
    g_assert_cmpint (sqlite3_column_int64 (row, column), ==, json_node_get_int (value));
  else
    {
      if (type != SQLITE_FLOAT && type != SQLITE_INTEGER)
        g_error ("%s %s.%s: expected %g, stored “%s”", id, object, field->api_name,
                 json_node_get_double (value), sqlite3_column_text (row, column));
      g_assert_cmpfloat (sqlite3_column_double (row, column), ==, json_node_get_double (value));
    }
}

guint
sync_assert_object_equal (SyncFixture *f,
                          const char  *object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsFieldCatalog) catalog = cs_field_catalog_new (f->store, &error);
  g_autoptr(GPtrArray) all_fields = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT \"_sync_deleted\"");
  g_autoptr(sqlite3_stmt) lookup = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autofree char *count_sql = NULL;
  sqlite3 *db = sync_open_database (f);
  guint n = cs_practice_org_get_n_records (f->org, object);
  guint live = 0;

  g_assert_no_error (error);
  all_fields = cs_field_catalog_list (catalog, f->connection_id, object, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all_fields->len; i++)
    {
      CsCatalogField *field = g_ptr_array_index (all_fields, i);

      if (!is_synced_field (field))
        continue;
      g_ptr_array_add (fields, field);
      g_string_append_printf (sql, ", \"%s\"", field->api_name);
    }
  g_string_append_printf (sql, " FROM \"%s\" WHERE \"Id\" = ?1;", object);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &lookup, NULL), ==, SQLITE_OK);

  for (guint index = 0; index < n; index++)
    {
      g_autoptr(JsonNode) id_node = cs_practice_org_get_value (f->org, object, index, "Id");
      CsPracticeRecordState state = cs_practice_org_get_record_state (f->org, object, index);
      const char *id = json_node_get_string (id_node);
      int rc;

      sqlite3_reset (lookup);
      sqlite3_bind_text (lookup, 1, id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (lookup);

      if (state != CS_PRACTICE_RECORD_LIVE)
        {
          /* Deleted in the org: absent (never copied), or marked. */
          if (rc == SQLITE_ROW && sqlite3_column_int (lookup, 0) != 1)
            g_error ("%s %s was deleted in the org but is live in the copy", object, id);
          continue;
        }

      live++;
      if (rc != SQLITE_ROW)
        g_error ("%s %s is missing from the copy", object, id);
      if (sqlite3_column_int (lookup, 0) != 0)
        g_error ("%s %s is live in the org but marked deleted in the copy", object, id);
      for (guint k = 0; k < fields->len; k++)
        {
          CsCatalogField *field = g_ptr_array_index (fields, k);
          g_autoptr(JsonNode) value = cs_practice_org_get_value (f->org, object, index, field->api_name);

          assert_value_equal (object, id, field, value, lookup, (int) k + 1);
        }
    }

  /* Nothing live that the org does not have. */
  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM \"%s\" WHERE \"_sync_deleted\" = 0;", object);
  g_assert_cmpint (sqlite3_prepare_v2 (db, count_sql, -1, &count, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (count, 0), ==, live);

  g_clear_pointer (&lookup, sqlite3_finalize);
  g_clear_pointer (&count, sqlite3_finalize);
  sqlite3_close (db);
  return live;
}

void
sync_assert_all_equal (SyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsFieldCatalog) catalog = cs_field_catalog_new (f->store, &error);
  g_auto(GStrv) objects = NULL;

  g_assert_no_error (error);
  objects = cs_field_catalog_list_objects (catalog, f->connection_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; objects[i] != NULL; i++)
    sync_assert_object_equal (f, objects[i]);
}

CsSyncObjectProgress *
sync_progress_of (SyncFixture *f,
                  const char  *object)
{
  GListModel *progress = cs_record_sync_get_progress (f->sync);

  for (guint i = 0; i < g_list_model_get_n_items (progress); i++)
    {
      g_autoptr(CsSyncObjectProgress) item = g_list_model_get_item (progress, i);

      if (g_str_equal (cs_sync_object_progress_get_object (item), object))
        return item;
    }
  g_error ("No progress for %s", object);
  return NULL;
}
