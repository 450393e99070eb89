/* cs-field-catalog.c: the fields a connection's sync user can see, recorded
 * permanently in the connection store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "cs-describe.h"
#include "cs-error.h"
#include "cs-field-catalog.h"
#include "cs-sqlite-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The store's PRAGMA user_version belongs to cs-connection-store.c's
 * migrations; the catalog's tables are created on their own, idempotently,
 * so that neither side has to know the other's steps. A later change to
 * these tables must likewise be idempotent (e.g. guarded by a look at
 * pragma_table_info). Names are case-insensitive, as the API is. */
static const char catalog_schema[] =
  "CREATE TABLE IF NOT EXISTS field_catalog ("
  "  connection_id     TEXT NOT NULL,"
  "  object            TEXT NOT NULL COLLATE NOCASE,"
  "  api_name          TEXT NOT NULL COLLATE NOCASE,"
  "  label             TEXT NOT NULL,"
  "  salesforce_label  TEXT NOT NULL,"
  "  type              TEXT NOT NULL,"
  "  previous_type     TEXT,"
  "  type_changed      INTEGER NOT NULL DEFAULT 0,"
  "  length            INTEGER NOT NULL DEFAULT 0,"
  "  precision         INTEGER NOT NULL DEFAULT 0,"
  "  scale             INTEGER NOT NULL DEFAULT 0,"
  "  custom            INTEGER NOT NULL DEFAULT 0,"
  "  first_seen        INTEGER NOT NULL,"
  "  last_seen         INTEGER NOT NULL,"
  "  status            TEXT NOT NULL DEFAULT 'synced',"
  "  PRIMARY KEY (connection_id, object, api_name)"
  ") WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS field_catalog_objects ("
  "  connection_id     TEXT NOT NULL,"
  "  object            TEXT NOT NULL COLLATE NOCASE,"
  "  first_recorded    INTEGER NOT NULL,"
  "  last_recorded     INTEGER NOT NULL,"
  "  PRIMARY KEY (connection_id, object)"
  ") WITHOUT ROWID;";

#define FIELD_COLUMNS \
  "object, api_name, label, salesforce_label, type, previous_type, type_changed, " \
  "length, precision, scale, custom, first_seen, last_seen, status"

struct _CsFieldCatalog
{
  GObject            parent_instance;

  CsConnectionStore *store;   /* owns the database */
  CsSqlite           sqlite;
};

G_DEFINE_FINAL_TYPE (CsFieldCatalog, cs_field_catalog, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CsCatalogField, cs_catalog_field, cs_catalog_field_copy, cs_catalog_field_free)

/* ------------------------------------------------------------------------ */
/* Boxed types                                                               */

const char *
cs_catalog_field_status_to_string (CsCatalogFieldStatus status)
{
  switch (status)
    {
    case CS_CATALOG_FIELD_SYNCED:           return "synced";
    case CS_CATALOG_FIELD_NO_LONGER_SYNCED: return "no_longer_synced";
    default:                                break;
    }
  g_return_val_if_reached ("synced");
}

static CsCatalogFieldStatus
status_from_string (const char *status)
{
  return g_strcmp0 (status, "no_longer_synced") == 0 ? CS_CATALOG_FIELD_NO_LONGER_SYNCED
                                                     : CS_CATALOG_FIELD_SYNCED;
}

CsCatalogField *
cs_catalog_field_copy (const CsCatalogField *field)
{
  CsCatalogField *copy;

  g_return_val_if_fail (field != NULL, NULL);

  copy = g_memdup2 (field, sizeof *field);
  copy->object = g_strdup (field->object);
  copy->api_name = g_strdup (field->api_name);
  copy->label = g_strdup (field->label);
  copy->salesforce_label = g_strdup (field->salesforce_label);
  copy->type = g_strdup (field->type);
  copy->previous_type = g_strdup (field->previous_type);

  return copy;
}

void
cs_catalog_field_free (CsCatalogField *field)
{
  if (field == NULL)
    return;

  g_free (field->object);
  g_free (field->api_name);
  g_free (field->label);
  g_free (field->salesforce_label);
  g_free (field->type);
  g_free (field->previous_type);
  g_free (field);
}

static void
object_summary_free (CsFieldSyncObjectSummary *summary)
{
  g_free (summary->object);
  g_free (summary);
}

void
cs_field_sync_summary_clear (CsFieldSyncSummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_clear_pointer (&summary->objects, g_ptr_array_unref);
  memset (&summary->total, 0, sizeof summary->total);
}

const CsFieldSyncCounts *
cs_field_sync_summary_get_object (const CsFieldSyncSummary *summary,
                                  const char               *object)
{
  g_return_val_if_fail (summary != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);

  for (guint i = 0; summary->objects != NULL && i < summary->objects->len; i++)
    {
      CsFieldSyncObjectSummary *entry = g_ptr_array_index (summary->objects, i);

      if (g_ascii_strcasecmp (entry->object, object) == 0)
        return &entry->counts;
    }

  return NULL;
}

static void
counts_add (CsFieldSyncCounts       *total,
            const CsFieldSyncCounts *counts)
{
  total->n_new += counts->n_new;
  total->n_unchanged += counts->n_unchanged;
  total->n_no_longer_synced += counts->n_no_longer_synced;
  total->n_type_changed += counts->n_type_changed;
  total->n_resumed += counts->n_resumed;
  total->n_relabelled += counts->n_relabelled;
}

/* ------------------------------------------------------------------------ */
/* SQLite                                                                    */

/* The field catalog's failures, in the connection database. */
static void
catalog_set_error (gpointer          owner,
                   CsSqliteFailure   failure,
                   const char       *detail,
                   GError          **error)
{
  CsFieldCatalog *self = owner;
  const char *path = cs_connection_store_get_path (self->store);

  if (failure == CS_SQLITE_FAILURE_IN_USE)
    g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                 _("The connection database %s is in use by another program. "
                   "Close other CRM Sync windows and commands and try again."), path);
  else
    g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                 _("The field catalog in %s could not be read or written (%s). Check "
                   "that the file is writable and that the disk is not full, then try "
                   "again."), path, detail);
}

/* ------------------------------------------------------------------------ */

CsFieldCatalog *
cs_field_catalog_new (CsConnectionStore  *store,
                      GError            **error)
{
  g_autoptr(CsFieldCatalog) self = NULL;

  g_return_val_if_fail (CS_IS_CONNECTION_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CS_TYPE_FIELD_CATALOG, NULL);
  self->store = g_object_ref (store);
  self->sqlite = (CsSqlite) {
    .db = cs_connection_store_get_database (store),
    .name = "the field catalog",
    .set_error = catalog_set_error,
    .owner = self,
  };

  if (!cs_sqlite_exec (&self->sqlite, catalog_schema, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------ */
/* Recording                                                                 */

/* A recorded row, as loaded before the run. */
typedef struct {
  char     *api_name;
  char     *label;
  char     *salesforce_label;
  char     *type;
  char     *previous_type;
  gboolean  type_changed;
  gint64    length;
  gint64    precision;
  gint64    scale;
  gboolean  custom;
  gboolean  synced;
  gboolean  seen;     /* listed by this run's describe */
} RecordedField;

static void
recorded_field_free (RecordedField *row)
{
  g_free (row->api_name);
  g_free (row->label);
  g_free (row->salesforce_label);
  g_free (row->type);
  g_free (row->previous_type);
  g_free (row);
}

typedef struct {
  CsFieldCatalog *self;
  const char     *connection_id;
  gint64          now;
  sqlite3_stmt   *select_object;
  sqlite3_stmt   *insert_field;
  sqlite3_stmt   *update_field;
  sqlite3_stmt   *retire_field;
  sqlite3_stmt   *upsert_object;
} Recorder;

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->select_object, sqlite3_finalize);
  g_clear_pointer (&recorder->insert_field, sqlite3_finalize);
  g_clear_pointer (&recorder->update_field, sqlite3_finalize);
  g_clear_pointer (&recorder->retire_field, sqlite3_finalize);
  g_clear_pointer (&recorder->upsert_object, sqlite3_finalize);
}

static gboolean
recorder_prepare (Recorder  *recorder,
                  GError   **error)
{
  CsFieldCatalog *self = recorder->self;

  recorder->select_object =
    cs_sqlite_prepare (&self->sqlite,
                       "SELECT api_name, label, salesforce_label, type, previous_type, "
                       "       type_changed, length, precision, scale, custom, status "
                       "FROM field_catalog WHERE connection_id = ?1 AND object = ?2;",
                       SQLITE_PREPARE_PERSISTENT, error);
  if (recorder->select_object == NULL)
    return FALSE;

  recorder->insert_field =
    cs_sqlite_prepare (&self->sqlite,
                       "INSERT INTO field_catalog (connection_id, " FIELD_COLUMNS ") "
                       "VALUES (?1, ?2, ?3, ?4, ?4, ?5, NULL, 0, ?6, ?7, ?8, ?9, ?10, ?10, "
                       "        'synced');", SQLITE_PREPARE_PERSISTENT, error);
  if (recorder->insert_field == NULL)
    return FALSE;

  recorder->update_field =
    cs_sqlite_prepare (&self->sqlite,
                       "UPDATE field_catalog SET salesforce_label = ?4, type = ?5, "
                       "  previous_type = ?6, type_changed = ?7, length = ?8, precision = ?9, "
                       "  scale = ?10, custom = ?11, last_seen = ?12, status = 'synced' "
                       "WHERE connection_id = ?1 AND object = ?2 AND api_name = ?3;",
                       SQLITE_PREPARE_PERSISTENT, error);
  if (recorder->update_field == NULL)
    return FALSE;

  recorder->retire_field =
    cs_sqlite_prepare (&self->sqlite,
                       "UPDATE field_catalog SET status = 'no_longer_synced' "
                       "WHERE connection_id = ?1 AND object = ?2 AND api_name = ?3;",
                       SQLITE_PREPARE_PERSISTENT, error);
  if (recorder->retire_field == NULL)
    return FALSE;

  recorder->upsert_object =
    cs_sqlite_prepare (&self->sqlite,
                       "INSERT INTO field_catalog_objects "
                       "  (connection_id, object, first_recorded, last_recorded) "
                       "VALUES (?1, ?2, ?3, ?3) "
                       "ON CONFLICT (connection_id, object) DO UPDATE SET "
                       "  last_recorded = excluded.last_recorded;",
                       SQLITE_PREPARE_PERSISTENT, error);
  return recorder->upsert_object != NULL;
}

/* The catalog records a field with its type; it keeps the API name when
 * Salesforce gives no label. */
static gboolean
is_recordable (const CsDescribeField *field)
{
  return field->type != NULL;
}

static const char *
field_label (const CsDescribeField *field)
{
  return field->label != NULL ? field->label : field->name;
}

/* lower-case API name → RecordedField* for @object. */
static GHashTable *
load_object (Recorder    *recorder,
             const char  *object,
             GError     **error)
{
  g_autoptr(GHashTable) rows = NULL;
  sqlite3_stmt *stmt = recorder->select_object;
  int rc;

  rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) recorded_field_free);

  cs_sqlite_bind_text (stmt, 1, recorder->connection_id);
  cs_sqlite_bind_text (stmt, 2, object);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RecordedField *row = g_new0 (RecordedField, 1);

      row->api_name = cs_sqlite_column_dup_text (stmt, 0);
      row->label = cs_sqlite_column_dup_text (stmt, 1);
      row->salesforce_label = cs_sqlite_column_dup_text (stmt, 2);
      row->type = cs_sqlite_column_dup_text (stmt, 3);
      row->previous_type = cs_sqlite_column_dup_text (stmt, 4);
      row->type_changed = sqlite3_column_int (stmt, 5) != 0;
      row->length = sqlite3_column_int64 (stmt, 6);
      row->precision = sqlite3_column_int64 (stmt, 7);
      row->scale = sqlite3_column_int64 (stmt, 8);
      row->custom = sqlite3_column_int (stmt, 9) != 0;
      row->synced = status_from_string ((const char *) sqlite3_column_text (stmt, 10)) ==
                    CS_CATALOG_FIELD_SYNCED;
      g_hash_table_insert (rows, g_ascii_strdown (row->api_name, -1), row);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&recorder->self->sqlite, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

static gboolean
insert_field (Recorder              *recorder,
              const char            *object,
              const CsDescribeField *field,
              GError               **error)
{
  sqlite3_stmt *stmt = recorder->insert_field;

  cs_sqlite_bind_text (stmt, 1, recorder->connection_id);
  cs_sqlite_bind_text (stmt, 2, object);
  cs_sqlite_bind_text (stmt, 3, field->name);
  cs_sqlite_bind_text (stmt, 4, field_label (field));
  cs_sqlite_bind_text (stmt, 5, field->type);
  sqlite3_bind_int64 (stmt, 6, field->length);
  sqlite3_bind_int64 (stmt, 7, field->precision);
  sqlite3_bind_int64 (stmt, 8, field->scale);
  sqlite3_bind_int (stmt, 9, field->custom);
  sqlite3_bind_int64 (stmt, 10, recorder->now);

  return cs_sqlite_step_done (&recorder->self->sqlite, stmt, error);
}

static gboolean
update_field (Recorder              *recorder,
              const char            *object,
              RecordedField         *row,
              const CsDescribeField *field,
              CsFieldSyncCounts     *counts,
              GError               **error)
{
  sqlite3_stmt *stmt = recorder->update_field;
  gboolean retyped = g_strcmp0 (row->type, field->type) != 0;
  const char *previous_type = retyped ? row->type : row->previous_type;

  if (retyped)
    counts->n_type_changed++;
  else if (!row->synced)
    counts->n_resumed++;
  else
    counts->n_unchanged++;

  /* The label is the recorded one: Marketo keeps the first label. */
  if (g_strcmp0 (row->label, field_label (field)) != 0)
    counts->n_relabelled++;

  /* last_seen moves on every describe that lists the field; the rest of
   * the row is rewritten with the same statement for simplicity. */
  cs_sqlite_bind_text (stmt, 1, recorder->connection_id);
  cs_sqlite_bind_text (stmt, 2, object);
  cs_sqlite_bind_text (stmt, 3, row->api_name);
  cs_sqlite_bind_text (stmt, 4, field_label (field));
  cs_sqlite_bind_text (stmt, 5, field->type);
  cs_sqlite_bind_text (stmt, 6, previous_type);
  sqlite3_bind_int (stmt, 7, retyped || row->type_changed);
  sqlite3_bind_int64 (stmt, 8, field->length);
  sqlite3_bind_int64 (stmt, 9, field->precision);
  sqlite3_bind_int64 (stmt, 10, field->scale);
  sqlite3_bind_int (stmt, 11, field->custom);
  sqlite3_bind_int64 (stmt, 12, recorder->now);

  return cs_sqlite_step_done (&recorder->self->sqlite, stmt, error);
}

static gboolean
retire_field (Recorder       *recorder,
              const char     *object,
              RecordedField  *row,
              GError        **error)
{
  sqlite3_stmt *stmt = recorder->retire_field;

  cs_sqlite_bind_text (stmt, 1, recorder->connection_id);
  cs_sqlite_bind_text (stmt, 2, object);
  cs_sqlite_bind_text (stmt, 3, row->api_name);

  return cs_sqlite_step_done (&recorder->self->sqlite, stmt, error);
}

static gboolean
record_object (Recorder           *recorder,
               const char         *object,
               CsDescribe         *describe,
               CsFieldSyncCounts  *counts,
               GError            **error)
{
  g_autoptr(GHashTable) rows = NULL;
  guint n_fields = cs_describe_get_n_fields (describe);
  GHashTableIter iter;
  gpointer value;

  rows = load_object (recorder, object, error);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < n_fields; i++)
    {
      const CsDescribeField *field = cs_describe_get_field (describe, i);
      g_autofree char *key = NULL;
      RecordedField *row;

      if (!is_recordable (field))
        continue;

      key = g_ascii_strdown (field->name, -1);
      row = g_hash_table_lookup (rows, key);
      if (row == NULL)
        {
          counts->n_new++;
          if (!insert_field (recorder, object, field, error))
            return FALSE;
        }
      else
        {
          row->seen = TRUE;
          if (!update_field (recorder, object, row, field, counts, error))
            return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RecordedField *row = value;

      if (row->seen || !row->synced)
        continue;

      counts->n_no_longer_synced++;
      if (!retire_field (recorder, object, row, error))
        return FALSE;
    }

  cs_sqlite_bind_text (recorder->upsert_object, 1, recorder->connection_id);
  cs_sqlite_bind_text (recorder->upsert_object, 2, object);
  sqlite3_bind_int64 (recorder->upsert_object, 3, recorder->now);

  return cs_sqlite_step_done (&recorder->self->sqlite, recorder->upsert_object, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The part of record() inside the transaction. */
static gboolean
record_in_transaction (Recorder            *recorder,
                       GHashTable          *describes,
                       GPtrArray           *objects,
                       CsFieldSyncSummary  *summary,
                       GError             **error)
{
  if (!recorder_prepare (recorder, error))
    return FALSE;

  for (guint i = 0; i < objects->len; i++)
    {
      const char *key = g_ptr_array_index (objects, i);
      g_autoptr(CsDescribe) describe = cs_describe_new_from_json (g_hash_table_lookup (describes, key),
                                                                  key, NULL);
      CsFieldSyncObjectSummary *entry;

      if (describe == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                       _("Salesforce’s description of %s lists no fields. Nothing was "
                         "recorded; try again later."), key);
          return FALSE;
        }

      /* Stored under the describe's own spelling of the name. */
      entry = g_new0 (CsFieldSyncObjectSummary, 1);
      entry->object = g_strdup (cs_describe_get_name (describe));
      g_ptr_array_add (summary->objects, entry);

      if (!record_object (recorder, entry->object, describe, &entry->counts, error))
        return FALSE;

      counts_add (&summary->total, &entry->counts);
    }

  return TRUE;
}

gboolean
cs_field_catalog_record (CsFieldCatalog      *self,
                         const char          *connection_id,
                         GHashTable          *describes,
                         GDateTime           *described_at,
                         CsFieldSyncSummary  *summary,
                         GError             **error)
{
  g_auto(CsFieldSyncSummary) local = { { 0 }, NULL };
  g_autoptr(GPtrArray) objects = NULL;
  Recorder recorder = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok;

  g_return_val_if_fail (CS_IS_FIELD_CATALOG (self), FALSE);
  g_return_val_if_fail (connection_id != NULL, FALSE);
  g_return_val_if_fail (describes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  local.objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_summary_free);

  /* Objects that answered 304 are not touched; sorted so that runs are
   * reproducible. */
  objects = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, describes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value != NULL)
      g_ptr_array_add (objects, key);
  g_ptr_array_sort (objects, compare_strings);

  if (objects->len > 0)
    {
      recorder.self = self;
      recorder.connection_id = connection_id;
      recorder.now = described_at != NULL ? g_date_time_to_unix (described_at)
                                          : g_get_real_time () / G_USEC_PER_SEC;

      g_debug ("Recording the fields of %u objects", objects->len);

      /* One transaction: fast, and a failure leaves the catalog as it was. */
      if (!cs_sqlite_exec (&self->sqlite, "BEGIN IMMEDIATE;", error))
        return FALSE;

      ok = record_in_transaction (&recorder, describes, objects, &local, error);
      recorder_clear (&recorder);

      if (!ok)
        {
          sqlite3_exec (self->sqlite.db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }

      if (!cs_sqlite_exec (&self->sqlite, "COMMIT;", error))
        {
          sqlite3_exec (self->sqlite.db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }
    }

  if (summary != NULL)
    {
      *summary = local;
      local.objects = NULL;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

static CsCatalogField *
field_from_row (sqlite3_stmt *stmt)
{
  CsCatalogField *field = g_new0 (CsCatalogField, 1);

  field->object = cs_sqlite_column_dup_text (stmt, 0);
  field->api_name = cs_sqlite_column_dup_text (stmt, 1);
  field->label = cs_sqlite_column_dup_text (stmt, 2);
  field->salesforce_label = cs_sqlite_column_dup_text (stmt, 3);
  field->type = cs_sqlite_column_dup_text (stmt, 4);
  field->previous_type = cs_sqlite_column_dup_text (stmt, 5);
  field->type_changed = sqlite3_column_int (stmt, 6) != 0;
  field->length = (guint) sqlite3_column_int64 (stmt, 7);
  field->precision = (guint) sqlite3_column_int64 (stmt, 8);
  field->scale = (guint) sqlite3_column_int64 (stmt, 9);
  field->custom = sqlite3_column_int (stmt, 10) != 0;
  field->first_seen = sqlite3_column_int64 (stmt, 11);
  field->last_seen = sqlite3_column_int64 (stmt, 12);
  field->status = status_from_string ((const char *) sqlite3_column_text (stmt, 13));

  return field;
}

GPtrArray *
cs_field_catalog_list (CsFieldCatalog  *self,
                       const char      *connection_id,
                       const char      *object,
                       GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_FIELD_CATALOG (self), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cs_sqlite_prepare (&self->sqlite,
                            "SELECT " FIELD_COLUMNS " FROM field_catalog "
                            "WHERE connection_id = ?1 AND (?2 IS NULL OR object = ?2) "
                            "ORDER BY object, api_name;", SQLITE_PREPARE_PERSISTENT, error);
  if (stmt == NULL)
    return NULL;

  cs_sqlite_bind_text (stmt, 1, connection_id);
  cs_sqlite_bind_text (stmt, 2, object);

  fields = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_catalog_field_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (fields, field_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return NULL;
    }

  return g_steal_pointer (&fields);
}

GStrv
cs_field_catalog_list_objects (CsFieldCatalog  *self,
                               const char      *connection_id,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_FIELD_CATALOG (self), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cs_sqlite_prepare (&self->sqlite,
                            "SELECT object FROM field_catalog_objects "
                            "WHERE connection_id = ?1 ORDER BY object;",
                            SQLITE_PREPARE_PERSISTENT, error);
  if (stmt == NULL)
    return NULL;

  cs_sqlite_bind_text (stmt, 1, connection_id);
  builder = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

gint64
cs_field_catalog_count (CsFieldCatalog  *self,
                        const char      *connection_id,
                        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_FIELD_CATALOG (self), -1);
  g_return_val_if_fail (connection_id != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  stmt = cs_sqlite_prepare (&self->sqlite,
                            "SELECT count(*) FROM field_catalog WHERE connection_id = ?1;",
                            SQLITE_PREPARE_PERSISTENT, error);
  if (stmt == NULL)
    return -1;

  cs_sqlite_bind_text (stmt, 1, connection_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* *found is FALSE when @object (NULL: any) was never recorded. */
static gboolean
read_last_recorded (CsFieldCatalog  *self,
                    sqlite3_stmt    *stmt,
                    const char      *connection_id,
                    const char      *object,
                    gboolean        *found,
                    gint64          *last_recorded,
                    GError         **error)
{
  int rc;

  cs_sqlite_bind_text (stmt, 1, connection_id);
  cs_sqlite_bind_text (stmt, 2, object);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  if (*found)
    *last_recorded = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return FALSE;
    }
  return TRUE;
}

GDateTime *
cs_field_catalog_get_last_sync (CsFieldCatalog      *self,
                                const char          *connection_id,
                                const char * const  *objects,
                                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 oldest = G_MAXINT64;
  gboolean found = FALSE;

  g_return_val_if_fail (CS_IS_FIELD_CATALOG (self), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cs_sqlite_prepare (&self->sqlite,
                            "SELECT min(last_recorded) FROM field_catalog_objects "
                            "WHERE connection_id = ?1 AND (?2 IS NULL OR object = ?2);",
                            SQLITE_PREPARE_PERSISTENT, error);
  if (stmt == NULL)
    return NULL;

  if (objects == NULL)
    {
      if (!read_last_recorded (self, stmt, connection_id, NULL, &found, &oldest, error))
        return NULL;
    }
  else
    {
      for (guint i = 0; objects[i] != NULL; i++)
        {
          gint64 last_recorded = 0;

          if (!read_last_recorded (self, stmt, connection_id, objects[i], &found,
                                   &last_recorded, error))
            return NULL;
          if (!found)
            break;
          oldest = MIN (oldest, last_recorded);
        }
    }

  if (!found)
    return NULL;

  return g_date_time_new_from_unix_utc (oldest - 1);
}

gint64
cs_field_catalog_get_last_recorded (CsFieldCatalog  *self,
                                    const char      *connection_id,
                                    GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 newest = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (CS_IS_FIELD_CATALOG (self), -1);
  g_return_val_if_fail (connection_id != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  stmt = cs_sqlite_prepare (&self->sqlite,
                            "SELECT max(last_recorded) FROM field_catalog_objects "
                            "WHERE connection_id = ?1 AND (?2 IS NULL OR object = ?2);",
                            SQLITE_PREPARE_PERSISTENT, error);
  if (stmt == NULL ||
      !read_last_recorded (self, stmt, connection_id, NULL, &found, &newest, error))
    return -1;

  return found ? newest : 0;
}

gboolean
cs_field_catalog_forget (CsFieldCatalog  *self,
                         const char      *connection_id,
                         GError         **error)
{
  g_autoptr(sqlite3_stmt) fields = NULL;
  g_autoptr(sqlite3_stmt) objects = NULL;

  g_return_val_if_fail (CS_IS_FIELD_CATALOG (self), FALSE);
  g_return_val_if_fail (connection_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fields = cs_sqlite_prepare (&self->sqlite, "DELETE FROM field_catalog WHERE connection_id = ?1;",
                              SQLITE_PREPARE_PERSISTENT, error);
  if (fields == NULL)
    return FALSE;
  objects = cs_sqlite_prepare (&self->sqlite,
                               "DELETE FROM field_catalog_objects WHERE connection_id = ?1;",
                               SQLITE_PREPARE_PERSISTENT, error);
  if (objects == NULL)
    return FALSE;

  /* Both tables or neither. */
  if (!cs_sqlite_exec (&self->sqlite, "BEGIN IMMEDIATE;", error))
    return FALSE;
  cs_sqlite_bind_text (fields, 1, connection_id);
  cs_sqlite_bind_text (objects, 1, connection_id);
  if (!cs_sqlite_step_done (&self->sqlite, fields, error) ||
      !cs_sqlite_step_done (&self->sqlite, objects, error))
    {
      sqlite3_exec (self->sqlite.db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }
  return cs_sqlite_exec (&self->sqlite, "COMMIT;", error);
}

/* ------------------------------------------------------------------------ */

static void
cs_field_catalog_finalize (GObject *object)
{
  CsFieldCatalog *self = CS_FIELD_CATALOG (object);

  self->sqlite.db = NULL;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cs_field_catalog_parent_class)->finalize (object);
}

static void
cs_field_catalog_class_init (CsFieldCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_field_catalog_finalize;
}

static void
cs_field_catalog_init (CsFieldCatalog *self)
{
}
