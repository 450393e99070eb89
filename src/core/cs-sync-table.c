/* cs-sync-table.c: one synced object's table, and storing records into it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-field-catalog.h"
#include "cs-string-util.h"
#include "cs-sync-table.h"

typedef struct {
  char          *name;
  char          *type;      /* the catalog type its column was made for */
  CsSyncStorage  storage;
} Column;

struct _CsSyncTable {
  CsSyncDatabase *database;
  sqlite3        *db;
  char           *object;
  char           *quoted;          /* "Lead" */
  GArray         *columns;         /* Column, in select order; Id first */
  GHashTable     *by_name;         /* lower-case name → index + 1 */
  char           *select_list;
  guint           modstamp_index;
  int             deleted_index;   /* IsDeleted, or -1 */
  gboolean        overwrite;       /* store records even when their SystemModstamp is the stored one */

  sqlite3_stmt   *upsert;          /* the one in use: upsert_all or upsert_changed */
  sqlite3_stmt   *upsert_all;
  sqlite3_stmt   *upsert_changed;
  sqlite3_stmt   *delete_mark;
  sqlite3_stmt   *deleted_state;
  sqlite3_stmt   *reconcile_add;

  /* The record being stored. */
  char           *problem;         /* why it is skipped, or NULL */
  char           *record_id;
  char           *record_modstamp;
  gboolean        record_deleted;  /* IsDeleted true (queryAll) */
};

static void
column_clear (Column *column)
{
  g_free (column->name);
  g_free (column->type);
}

static const struct {
  const char    *name;
  CsSyncStorage  storage;
  const char    *sql_type;
} storage_names[] = {
  { "text", CS_SYNC_STORAGE_TEXT, "TEXT" },
  { "datetime", CS_SYNC_STORAGE_DATETIME, "TEXT" },
  { "integer", CS_SYNC_STORAGE_INTEGER, "INTEGER" },
  { "real", CS_SYNC_STORAGE_REAL, "REAL" },
  { "boolean", CS_SYNC_STORAGE_BOOLEAN, "INTEGER" },
};

gboolean
cs_sync_storage_for_type (const char    *type,
                          CsSyncStorage *storage)
{
  if (g_strcmp0 (type, "address") == 0 || g_strcmp0 (type, "location") == 0)
    return FALSE;
  if (g_strcmp0 (type, "boolean") == 0)
    *storage = CS_SYNC_STORAGE_BOOLEAN;
  else if (g_strcmp0 (type, "int") == 0 || g_strcmp0 (type, "long") == 0)
    *storage = CS_SYNC_STORAGE_INTEGER;
  else if (g_strcmp0 (type, "double") == 0 || g_strcmp0 (type, "currency") == 0 ||
           g_strcmp0 (type, "percent") == 0)
    *storage = CS_SYNC_STORAGE_REAL;
  else if (g_strcmp0 (type, "datetime") == 0)
    *storage = CS_SYNC_STORAGE_DATETIME;
  else
    *storage = CS_SYNC_STORAGE_TEXT;
  return TRUE;
}

static const char *
storage_name (CsSyncStorage storage)
{
  return storage_names[storage].name;
}

static CsSyncStorage
storage_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (storage_names); i++)
    if (g_strcmp0 (name, storage_names[i].name) == 0)
      return storage_names[i].storage;
  return CS_SYNC_STORAGE_TEXT;
}

/* API names are letters, digits and underscores: anything else could not
 * be a Salesforce field, and would not be safe in SQL or SOQL. */
static gboolean
is_api_name (const char *name)
{
  if (name == NULL || !g_ascii_isalpha (*name))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

void
cs_sync_table_free (CsSyncTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->upsert_all, sqlite3_finalize);
  g_clear_pointer (&table->upsert_changed, sqlite3_finalize);
  g_clear_pointer (&table->delete_mark, sqlite3_finalize);
  g_clear_pointer (&table->deleted_state, sqlite3_finalize);
  g_clear_pointer (&table->reconcile_add, sqlite3_finalize);
  g_clear_object (&table->database);
  g_free (table->object);
  g_free (table->quoted);
  g_array_unref (table->columns);
  g_hash_table_unref (table->by_name);
  g_free (table->select_list);
  g_free (table->problem);
  g_free (table->record_id);
  g_free (table->record_modstamp);
  g_free (table);
}

/* ---- making the table ------------------------------------------------------------ */

/* field (lower case) → Column*, for what _sync_columns says of @object. */
static GHashTable *
load_columns (CsSyncTable  *table,
              GError      **error)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_free);
  g_autoptr(sqlite3_stmt) stmt =
    cs_sync_database_prepare (table->database, "SELECT field, type, storage, synced FROM _sync_columns "
                                               "WHERE object = ?1;", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table->object, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Only the storage and whether it was synced matter here. */
      guint *info = g_new (guint, 2);

      info[0] = storage_from_name ((const char *) sqlite3_column_text (stmt, 2));
      info[1] = sqlite3_column_int (stmt, 3) != 0;
      g_hash_table_insert (known, g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 0), -1), info);
    }
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, rc, error);
      return NULL;
    }
  return g_steal_pointer (&known);
}

static gboolean
table_has_rows (CsSyncTable  *table,
                gboolean     *has_rows,
                GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s);", table->quoted);
  g_autoptr(sqlite3_stmt) stmt = cs_sync_database_prepare (table->database, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      cs_sync_database_set_error (table->database, sqlite3_errcode (table->db), error);
      return FALSE;
    }
  *has_rows = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
record_column (CsSyncTable  *table,
               Column       *column,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    cs_sync_database_prepare (table->database,
                              "INSERT INTO _sync_columns (object, field, type, storage, added, synced) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, 1) "
                              "ON CONFLICT (object, field) DO UPDATE SET synced = 1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, column->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, storage_name (column->storage), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, sqlite3_errcode (table->db), error);
      return FALSE;
    }
  return TRUE;
}

/* Creates the table and its missing columns; the columns no longer synced
 * are marked so in _sync_columns (their data stays). */
static gboolean
ensure_schema (CsSyncTable  *table,
               gboolean     *reload_needed,
               GError      **error)
{
  g_autoptr(GHashTable) known = NULL;
  g_autofree char *create = NULL;
  g_autofree char *unsync = NULL;
  gboolean has_rows = FALSE;

  create = g_strdup_printf ("CREATE TABLE IF NOT EXISTS %s ("
                            "  \"Id\" TEXT PRIMARY KEY NOT NULL,"
                            "  \"_sync_deleted\" INTEGER NOT NULL DEFAULT 0,"
                            "  \"_sync_deleted_at\" TEXT,"
                            "  \"_sync_cycle\" INTEGER"
                            ");", table->quoted);
  if (!cs_sync_database_exec (table->database, create, error) ||
      (known = load_columns (table, error)) == NULL ||
      !table_has_rows (table, &has_rows, error))
    return FALSE;

  /* The object's name is an API name (checked): nothing to escape. */
  unsync = g_strdup_printf ("UPDATE _sync_columns SET synced = 0 WHERE object = '%s';", table->object);
  if (!cs_sync_database_exec (table->database, unsync, error))
    return FALSE;

  *reload_needed = FALSE;
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = &g_array_index (table->columns, Column, i);
      g_autofree char *lower = g_ascii_strdown (column->name, -1);
      guint *info = g_hash_table_lookup (known, lower);

      if (info != NULL)
        {
          /* The column keeps the storage it was made with. */
          column->storage = info[0];
          if (!info[1] && has_rows)
            *reload_needed = TRUE;
        }
      else if (!g_str_equal (lower, "id"))
        {
          g_autofree char *name = cs_sync_quote_identifier (column->name);
          g_autofree char *alter = g_strdup_printf ("ALTER TABLE %s ADD COLUMN %s %s;", table->quoted,
                                                    name, storage_names[column->storage].sql_type);

          if (!cs_sync_database_exec (table->database, alter, error))
            return FALSE;
          if (has_rows)
            *reload_needed = TRUE;
        }
      if (!record_column (table, column, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_statements (CsSyncTable  *table,
                    GError      **error)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) updates = g_string_new (NULL);
  g_autoptr(GString) stored = g_string_new (NULL);
  g_autoptr(GString) incoming = g_string_new (NULL);
  g_autofree char *modstamp = NULL;
  g_autofree char *sql = NULL;
  guint n = table->columns->len;

  for (guint i = 0; i < n; i++)
    {
      Column *column = &g_array_index (table->columns, Column, i);
      g_autofree char *name = cs_sync_quote_identifier (column->name);

      g_string_append_printf (names, "%s, ", name);
      g_string_append_printf (values, "?%u, ", i + 1);
      if (i > 0)
        {
          g_string_append_printf (updates, "%s = excluded.%s, ", name, name);
          g_string_append_printf (stored, "%s.%s, ", table->quoted, name);
          g_string_append_printf (incoming, "excluded.%s, ", name);
        }
    }

  modstamp = cs_sync_quote_identifier (g_array_index (table->columns, Column, table->modstamp_index).name);
  /* A record read deleted (queryAll) is marked so; one deleted after this
   * copy of it was read stays deleted. */
  sql = g_strdup_printf ("INSERT INTO %s (%s\"_sync_cycle\", \"_sync_deleted\", \"_sync_deleted_at\") "
                         "VALUES (%s?%u, ?%u, ?%u) "
                         "ON CONFLICT (\"Id\") DO UPDATE SET %s\"_sync_cycle\" = excluded.\"_sync_cycle\", "
                         "  \"_sync_deleted\" = CASE WHEN excluded.\"_sync_deleted\" THEN 1 "
                         "    ELSE COALESCE (%s.\"_sync_deleted_at\" >= excluded.%s, 0) END, "
                         "  \"_sync_deleted_at\" = COALESCE (excluded.\"_sync_deleted_at\", %s.\"_sync_deleted_at\")",
                         table->quoted, names->str, values->str, n + 1, n + 2, n + 3, updates->str,
                         table->quoted, modstamp, table->quoted);
  table->upsert_all = cs_sync_database_prepare (table->database, sql, error);
  if (table->upsert_all == NULL)
    return FALSE;
  {
    /* What the overlap window reads again unchanged is not written. Not
     * by SystemModstamp alone: it has whole seconds, and a record can
     * change twice in one. */
    g_autofree char *changed = g_strdup_printf ("%s WHERE (%s%s.\"_sync_deleted\") IS NOT "
                                                "(%sexcluded.\"_sync_deleted\")",
                                                sql, stored->str, table->quoted, incoming->str);

    table->upsert_changed = cs_sync_database_prepare (table->database, changed, error);
    if (table->upsert_changed == NULL)
      return FALSE;
  }
  table->upsert = table->upsert_all;
  table->overwrite = TRUE;

  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO %s (\"Id\", \"_sync_deleted\", \"_sync_deleted_at\") "
                         "VALUES (?1, 1, ?2) "
                         "ON CONFLICT (\"Id\") DO UPDATE SET "
                         "  \"_sync_deleted\" = CASE WHEN %s.%s IS NULL OR %s.%s <= excluded.\"_sync_deleted_at\" "
                         "                      THEN 1 ELSE %s.\"_sync_deleted\" END, "
                         "  \"_sync_deleted_at\" = excluded.\"_sync_deleted_at\";",
                         table->quoted, table->quoted, modstamp, table->quoted, modstamp, table->quoted);
  table->delete_mark = cs_sync_database_prepare (table->database, sql, error);
  if (table->delete_mark == NULL)
    return FALSE;

  g_free (sql);
  sql = g_strdup_printf ("SELECT \"_sync_deleted\" FROM %s WHERE \"Id\" = ?1;", table->quoted);
  table->deleted_state = cs_sync_database_prepare (table->database, sql, error);
  return table->deleted_state != NULL;
}

CsSyncTable *
cs_sync_table_open (CsSyncDatabase  *database,
                    const char      *object,
                    GPtrArray       *fields,
                    gboolean        *reload_needed,
                    GError         **error)
{
  g_autoptr(CsSyncTable) table = NULL;
  g_autoptr(GString) select = g_string_new (NULL);
  gboolean has_id = FALSE;
  int modstamp = -1;

  g_return_val_if_fail (CS_IS_SYNC_DATABASE (database), NULL);
  g_return_val_if_fail (object != NULL, NULL);

  if (!is_api_name (object))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("“%s” is not an object’s API name. Remove it from the synced objects."),
                   object);
      return NULL;
    }

  table = g_new0 (CsSyncTable, 1);
  table->database = g_object_ref (database);
  table->db = cs_sync_database_get_db (database);
  table->object = g_strdup (object);
  table->quoted = cs_sync_quote_identifier (object);
  table->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (table->columns, (GDestroyNotify) column_clear);
  table->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  table->deleted_index = -1;

  /* Id first, then the catalog's order. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < fields->len; i++)
      {
        CsCatalogField *field = g_ptr_array_index (fields, i);
        gboolean is_id = g_ascii_strcasecmp (field->api_name, "Id") == 0;
        g_autofree char *lower = g_ascii_strdown (field->api_name, -1);
        Column column = { 0 };

        /* SQLite's column names, like Salesforce's, ignore case. */
        if (is_id != (pass == 0) || !is_api_name (field->api_name) ||
            field->status != CS_CATALOG_FIELD_SYNCED ||
            !cs_sync_storage_for_type (field->type, &column.storage) ||
            g_hash_table_contains (table->by_name, lower))
          continue;
        column.name = g_strdup (field->api_name);
        column.type = g_strdup (field->type);
        g_hash_table_insert (table->by_name, g_steal_pointer (&lower),
                             GUINT_TO_POINTER (table->columns->len + 1));
        if (g_ascii_strcasecmp (field->api_name, "SystemModstamp") == 0)
          modstamp = (int) table->columns->len;
        if (g_ascii_strcasecmp (field->api_name, "IsDeleted") == 0 &&
            column.storage == CS_SYNC_STORAGE_BOOLEAN)
          table->deleted_index = (int) table->columns->len;
        has_id |= is_id;
        g_string_append_printf (select, "%s%s", select->len > 0 ? ", " : "", field->api_name);
        g_array_append_val (table->columns, column);
      }

  if (!has_id || modstamp < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The sync user cannot see %s.%s, which the sync needs to find changes. "
                     "Give it access to the field in Salesforce, run the field sync again, "
                     "then sync."), object, has_id ? "SystemModstamp" : "Id");
      return NULL;
    }
  table->modstamp_index = (guint) modstamp;
  table->select_list = g_string_free (g_steal_pointer (&select), FALSE);

  if (!ensure_schema (table, reload_needed, error) || !prepare_statements (table, error))
    return NULL;
  return g_steal_pointer (&table);
}

CsSyncDatabase *
cs_sync_table_get_database (CsSyncTable *table)
{
  return table->database;
}

const char *
cs_sync_table_get_object (CsSyncTable *table)
{
  return table->object;
}

const char *
cs_sync_table_get_select_list (CsSyncTable *table)
{
  return table->select_list;
}

guint
cs_sync_table_get_n_fields (CsSyncTable *table)
{
  return table->columns->len;
}

const char *
cs_sync_table_get_field (CsSyncTable *table,
                         guint        index)
{
  g_return_val_if_fail (index < table->columns->len, NULL);
  return g_array_index (table->columns, Column, index).name;
}

int
cs_sync_table_lookup_field (CsSyncTable *table,
                            const char  *name,
                            gsize        length)
{
  char lower[256];

  if (length >= sizeof lower)
    return -1;
  for (gsize i = 0; i < length; i++)
    lower[i] = g_ascii_tolower (name[i]);
  lower[length] = '\0';
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (table->by_name, lower)) - 1;
}

/* ---- values ------------------------------------------------------------------------ */

void
cs_sync_table_begin_record (CsSyncTable *table)
{
  sqlite3_reset (table->upsert);
  sqlite3_clear_bindings (table->upsert);
  g_clear_pointer (&table->problem, g_free);
  g_clear_pointer (&table->record_id, g_free);
  g_clear_pointer (&table->record_modstamp, g_free);
  table->record_deleted = FALSE;
}

void
cs_sync_table_set_overwrite (CsSyncTable *table,
                             gboolean     overwrite)
{
  sqlite3_reset (table->upsert);
  sqlite3_clear_bindings (table->upsert);
  table->overwrite = overwrite;
  table->upsert = overwrite ? table->upsert_all : table->upsert_changed;
}

static const char *
storage_description (CsSyncStorage storage)
{
  switch (storage)
    {
    case CS_SYNC_STORAGE_INTEGER:  return _("a whole number");
    case CS_SYNC_STORAGE_REAL:     return _("a number");
    case CS_SYNC_STORAGE_BOOLEAN:  return _("true or false");
    case CS_SYNC_STORAGE_DATETIME: return _("a date and time");
    case CS_SYNC_STORAGE_TEXT:
    default:                       return _("text");
    }
}

static void
refuse (CsSyncTable *table,
        Column      *column,
        const char  *text,
        gsize        length)
{
  g_autofree char *value = NULL;

  if (table->problem != NULL)
    return;
  /* Long values are cut: the message names the field, not the data. */
  value = g_utf8_make_valid (text, (gssize) MIN (length, 60));
  table->problem =
    /* Translators: "Lead.Score__c holds “high”, which is not a number as its column (made
     * for a double field) needs. …" */
    g_strdup_printf (_("%s.%s holds “%s”, which is not %s as its column (made for a %s field) "
                       "needs. The record was skipped; it is copied again once its value, or "
                       "the field’s type, is changed back in Salesforce."),
                     table->object, column->name, value, storage_description (column->storage),
                     column->type);
}

/* Remembers the Id and SystemModstamp of the record, for the watermark and
 * for errors. */
static void
note_key (CsSyncTable *table,
          guint        index,
          const char  *text,
          gsize        length)
{
  if (index == 0)
    {
      g_free (table->record_id);
      table->record_id = g_strndup (text, length);
    }
  else if (index == table->modstamp_index)
    {
      g_free (table->record_modstamp);
      table->record_modstamp = g_strndup (text, length);
    }
}

static gboolean
parse_integer (const char *text,
               gsize       length,
               gint64     *value)
{
  char buffer[32];
  char *end = NULL;

  if (length == 0 || length >= sizeof buffer)
    return FALSE;
  memcpy (buffer, text, length);
  buffer[length] = '\0';
  errno = 0;
  *value = g_ascii_strtoll (buffer, &end, 10);
  if (errno == 0 && *end == '\0')
    return TRUE;
  /* "12.0": a whole number written as a double. */
  {
    double number = g_ascii_strtod (buffer, &end);

    if (*end != '\0' || number != (double) (gint64) number)
      return FALSE;
    *value = (gint64) number;
    return TRUE;
  }
}

static gboolean
parse_real (const char *text,
            gsize       length,
            double     *value)
{
  char buffer[64];
  char *end = NULL;

  if (length == 0 || length >= sizeof buffer)
    return FALSE;
  memcpy (buffer, text, length);
  buffer[length] = '\0';
  *value = g_ascii_strtod (buffer, &end);
  return *end == '\0';
}

/* Binds text @text of @column at @index; @stable says it outlives the
 * statement's step. */
static void
bind_text_value (CsSyncTable *table,
                 guint        index,
                 const char  *text,
                 gsize        length,
                 gboolean     stable)
{
  Column *column = &g_array_index (table->columns, Column, index);
  int param = (int) index + 1;

  switch (column->storage)
    {
    case CS_SYNC_STORAGE_DATETIME:
      {
        char *normalized = cs_sync_normalize_datetime (text, length);

        if (normalized == NULL)
          {
            refuse (table, column, text, length);
            return;
          }
        note_key (table, index, normalized, strlen (normalized));
        sqlite3_bind_text (table->upsert, param, normalized, -1, g_free);
        return;
      }
    case CS_SYNC_STORAGE_INTEGER:
      {
        gint64 value;

        if (!parse_integer (text, length, &value))
          refuse (table, column, text, length);
        else
          sqlite3_bind_int64 (table->upsert, param, value);
        return;
      }
    case CS_SYNC_STORAGE_REAL:
      {
        double value;

        if (!parse_real (text, length, &value))
          refuse (table, column, text, length);
        else
          sqlite3_bind_double (table->upsert, param, value);
        return;
      }
    case CS_SYNC_STORAGE_BOOLEAN:
      if (length == 4 && g_ascii_strncasecmp (text, "true", 4) == 0)
        {
          sqlite3_bind_int (table->upsert, param, 1);
          if ((int) index == table->deleted_index)
            table->record_deleted = TRUE;
        }
      else if (length == 5 && g_ascii_strncasecmp (text, "false", 5) == 0)
        sqlite3_bind_int (table->upsert, param, 0);
      else
        refuse (table, column, text, length);
      return;
    case CS_SYNC_STORAGE_TEXT:
    default:
      if (!g_utf8_validate_len (text, length, NULL))
        {
          refuse (table, column, text, length);
          return;
        }
      note_key (table, index, text, length);
      sqlite3_bind_text (table->upsert, param, text, (int) length,
                         stable ? SQLITE_STATIC : SQLITE_TRANSIENT);
      return;
    }
}

void
cs_sync_table_set_text (CsSyncTable *table,
                        guint        index,
                        const char  *text,
                        gsize        length,
                        gboolean     stable)
{
  g_return_if_fail (index < table->columns->len);

  /* Salesforce keeps no empty strings: empty is null, quoted or not. */
  if (length == 0)
    return;
  bind_text_value (table, index, text, length, stable);
}

void
cs_sync_table_set_json (CsSyncTable *table,
                        guint        index,
                        JsonNode    *value)
{
  Column *column;
  int param = (int) index + 1;
  GType type;

  g_return_if_fail (index < table->columns->len);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return;

  column = &g_array_index (table->columns, Column, index);
  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      /* A compound or relationship value: text, as JSON, if the column
       * takes text. */
      g_autofree char *text = json_to_string (value, FALSE);

      if (column->storage == CS_SYNC_STORAGE_TEXT)
        sqlite3_bind_text (table->upsert, param, g_steal_pointer (&text), -1, g_free);
      else
        refuse (table, column, text, strlen (text));
      return;
    }

  type = json_node_get_value_type (value);
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      /* The parsed page outlives the record. */
      cs_sync_table_set_text (table, index, text, strlen (text), TRUE);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      gboolean truth = json_node_get_boolean (value);

      if (column->storage == CS_SYNC_STORAGE_BOOLEAN || column->storage == CS_SYNC_STORAGE_INTEGER)
        {
          sqlite3_bind_int (table->upsert, param, truth ? 1 : 0);
          if ((int) index == table->deleted_index && truth)
            table->record_deleted = TRUE;
        }
      else
        bind_text_value (table, index, truth ? "true" : "false", truth ? 4 : 5, TRUE);
    }
  else if (type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (value);

      if (column->storage == CS_SYNC_STORAGE_INTEGER || column->storage == CS_SYNC_STORAGE_BOOLEAN)
        sqlite3_bind_int64 (table->upsert, param, number);
      else if (column->storage == CS_SYNC_STORAGE_REAL)
        sqlite3_bind_double (table->upsert, param, (double) number);
      else
        {
          char buffer[32];

          g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, number);
          bind_text_value (table, index, buffer, strlen (buffer), FALSE);
        }
    }
  else
    {
      double number = json_node_get_double (value);

      if (column->storage == CS_SYNC_STORAGE_REAL)
        sqlite3_bind_double (table->upsert, param, number);
      else if (column->storage == CS_SYNC_STORAGE_INTEGER && number == (double) (gint64) number)
        sqlite3_bind_int64 (table->upsert, param, (gint64) number);
      else
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_dtostr (buffer, sizeof buffer, number);
          bind_text_value (table, index, buffer, strlen (buffer), FALSE);
        }
    }
}

CsSyncRecordResult
cs_sync_table_finish_record (CsSyncTable  *table,
                             gint64        cycle_id,
                             char        **skip_message,
                             GError      **error)
{
  int n = (int) table->columns->len;
  int rc;

  if (table->problem == NULL && !cs_is_record_id (table->record_id))
    table->problem = g_strdup_printf (_("A %s record came without a valid Id and was skipped. "
                                        "If this repeats, report it to the CRM Sync Setup "
                                        "developers."), table->object);
  if (table->problem != NULL)
    {
      *skip_message = g_steal_pointer (&table->problem);
      return CS_SYNC_RECORD_SKIPPED;
    }

  sqlite3_bind_int64 (table->upsert, n + 1, cycle_id);
  sqlite3_bind_int (table->upsert, n + 2, table->record_deleted ? 1 : 0);
  if (table->record_deleted)
    sqlite3_bind_text (table->upsert, n + 3, table->record_modstamp, -1, SQLITE_STATIC);
  rc = sqlite3_step (table->upsert);
  sqlite3_reset (table->upsert);
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, rc, error);
      return CS_SYNC_RECORD_FAILED;
    }
  if (sqlite3_changes (table->db) == 0)
    return CS_SYNC_RECORD_UNCHANGED;
  return table->record_deleted ? CS_SYNC_RECORD_DELETED : CS_SYNC_RECORD_STORED;
}

const char *
cs_sync_table_get_record_id (CsSyncTable *table)
{
  return table->record_id;
}

const char *
cs_sync_table_get_record_modstamp (CsSyncTable *table)
{
  return table->record_modstamp;
}

/* ---- deletions ------------------------------------------------------------------------ */

/* 1 deleted, 0 live, -1 no row; -2 with @error. */
static int
deleted_state (CsSyncTable  *table,
               const char   *id,
               GError      **error)
{
  int rc, state = -1;

  sqlite3_reset (table->deleted_state);
  sqlite3_bind_text (table->deleted_state, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (table->deleted_state);
  if (rc == SQLITE_ROW)
    {
      state = sqlite3_column_int (table->deleted_state, 0) != 0;
      rc = sqlite3_step (table->deleted_state);
    }
  sqlite3_reset (table->deleted_state);
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, rc, error);
      return -2;
    }
  return state;
}

gboolean
cs_sync_table_mark_deleted (CsSyncTable  *table,
                            const char   *id,
                            const char   *deleted_at,
                            gboolean     *marked,
                            GError      **error)
{
  int before, after, rc;

  if (marked != NULL)
    *marked = FALSE;
  if (!cs_is_record_id (id))
    return TRUE;

  before = deleted_state (table, id, error);
  if (before == -2)
    return FALSE;

  sqlite3_reset (table->delete_mark);
  sqlite3_bind_text (table->delete_mark, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (table->delete_mark, 2, deleted_at, -1, SQLITE_STATIC);
  rc = sqlite3_step (table->delete_mark);
  sqlite3_reset (table->delete_mark);
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, rc, error);
      return FALSE;
    }

  after = deleted_state (table, id, error);
  if (after == -2)
    return FALSE;
  if (marked != NULL)
    *marked = before == 0 && after == 1;
  return TRUE;
}

gboolean
cs_sync_table_reconcile_begin (CsSyncTable  *table,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) clear = NULL;

  if (!cs_sync_database_exec (table->database,
                              "CREATE TABLE IF NOT EXISTS _sync_reconcile ("
                              "  object TEXT NOT NULL COLLATE NOCASE,"
                              "  id     TEXT NOT NULL,"
                              "  PRIMARY KEY (object, id)"
                              ") WITHOUT ROWID;", error))
    return FALSE;
  clear = cs_sync_database_prepare (table->database, "DELETE FROM _sync_reconcile WHERE object = ?1;", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_text (clear, 1, table->object, -1, SQLITE_STATIC);
  if (sqlite3_step (clear) != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, sqlite3_errcode (table->db), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_sync_table_reconcile_add (CsSyncTable  *table,
                             const char   *id,
                             gsize         length,
                             GError      **error)
{
  int rc;

  if (table->reconcile_add == NULL)
    {
      table->reconcile_add =
        cs_sync_database_prepare (table->database, "INSERT OR IGNORE INTO _sync_reconcile (object, id) "
                                                   "VALUES (?1, ?2);", error);
      if (table->reconcile_add == NULL)
        return FALSE;
    }
  sqlite3_reset (table->reconcile_add);
  sqlite3_bind_text (table->reconcile_add, 1, table->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (table->reconcile_add, 2, id, (int) length, SQLITE_TRANSIENT);
  rc = sqlite3_step (table->reconcile_add);
  sqlite3_reset (table->reconcile_add);
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, rc, error);
      return FALSE;
    }
  return TRUE;
}

gint64
cs_sync_table_reconcile_end (CsSyncTable  *table,
                             const char   *deleted_at,
                             GError      **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  gint64 marked;

  sql = g_strdup_printf ("UPDATE %s SET \"_sync_deleted\" = 1, \"_sync_deleted_at\" = ?2 "
                         "WHERE \"_sync_deleted\" = 0 AND \"Id\" NOT IN "
                         "  (SELECT id FROM _sync_reconcile WHERE object = ?1);", table->quoted);
  mark = cs_sync_database_prepare (table->database, sql, error);
  if (mark == NULL)
    return -1;
  sqlite3_bind_text (mark, 1, table->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (mark, 2, deleted_at, -1, SQLITE_STATIC);
  if (sqlite3_step (mark) != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, sqlite3_errcode (table->db), error);
      return -1;
    }
  marked = sqlite3_changes (table->db);

  clear = cs_sync_database_prepare (table->database, "DELETE FROM _sync_reconcile WHERE object = ?1;", error);
  if (clear == NULL)
    return -1;
  sqlite3_bind_text (clear, 1, table->object, -1, SQLITE_STATIC);
  if (sqlite3_step (clear) != SQLITE_DONE)
    {
      cs_sync_database_set_error (table->database, sqlite3_errcode (table->db), error);
      return -1;
    }
  return marked;
}
