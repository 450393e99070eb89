/* cs-sync-page-store.c: storing one page of Salesforce's answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-csv-reader.h"
#include "cs-error.h"
#include "cs-sync-page-store.h"

void
cs_sync_skip_free (CsSyncSkip *skip)
{
  if (skip == NULL)
    return;
  g_free (skip->id);
  g_free (skip->message);
  g_free (skip);
}

void
cs_sync_page_tally_init (CsSyncPageTally *tally,
                         gint64           cycle_id,
                         const char      *cap)
{
  memset (tally, 0, sizeof *tally);
  tally->cycle_id = cycle_id;
  tally->cap = cap;
  tally->skips = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_skip_free);
}

void
cs_sync_page_tally_clear (CsSyncPageTally *tally)
{
  g_clear_pointer (&tally->skips, g_ptr_array_unref);
  g_clear_pointer (&tally->watermark, g_free);
  g_clear_pointer (&tally->watermark_id, g_free);
}

/* Stores the record the table holds; FALSE only when the database failed. */
static gboolean
finish_record (CsSyncTable     *table,
               CsSyncPageTally *tally,
               GError         **error)
{
  g_autofree char *skip_message = NULL;
  const char *modstamp;

  switch (cs_sync_table_finish_record (table, tally->cycle_id, &skip_message, error))
    {
    case CS_SYNC_RECORD_FAILED:
      return FALSE;

    case CS_SYNC_RECORD_SKIPPED:
      {
        CsSyncSkip *skip = g_new0 (CsSyncSkip, 1);

        skip->id = g_strdup (cs_sync_table_get_record_id (table));
        skip->message = g_steal_pointer (&skip_message);
        g_ptr_array_add (tally->skips, skip);
        tally->skipped++;
        break;
      }

    case CS_SYNC_RECORD_DELETED:
      tally->deleted++;
      break;

    case CS_SYNC_RECORD_UNCHANGED:
      break;

    case CS_SYNC_RECORD_STORED:
    default:
      tally->stored++;
      break;
    }

  /* A skipped record moves the watermark too: it is not asked for again
   * until it changes. */
  modstamp = cs_sync_table_get_record_modstamp (table);
  if (modstamp != NULL && (tally->cap == NULL || strcmp (modstamp, tally->cap) <= 0) &&
      (tally->watermark == NULL || strcmp (modstamp, tally->watermark) > 0 ||
       (strcmp (modstamp, tally->watermark) == 0 &&
        g_strcmp0 (cs_sync_table_get_record_id (table), tally->watermark_id) > 0)))
    {
      g_free (tally->watermark);
      tally->watermark = g_strdup (modstamp);
      g_free (tally->watermark_id);
      tally->watermark_id = g_strdup (cs_sync_table_get_record_id (table));
    }
  return TRUE;
}

/* Salesforce writes every record's members in the same order: the field
 * index found for a member's position is tried first on the next record. */
typedef struct {
  GPtrArray *names;     /* by position */
  GArray    *indexes;   /* int, by position; -1: no such column */
} FieldCache;

static void
field_cache_init (FieldCache *cache)
{
  cache->names = g_ptr_array_new_with_free_func (g_free);
  cache->indexes = g_array_new (FALSE, FALSE, sizeof (int));
}

static void
field_cache_clear (FieldCache *cache)
{
  g_clear_pointer (&cache->names, g_ptr_array_unref);
  g_clear_pointer (&cache->indexes, g_array_unref);
}

static int
field_cache_lookup (FieldCache  *cache,
                    CsSyncTable *table,
                    guint        position,
                    const char  *name,
                    gsize        name_length)
{
  char *known = position < cache->names->len ? g_ptr_array_index (cache->names, position) : NULL;
  int index;

  if (known != NULL && strlen (known) == name_length && memcmp (known, name, name_length) == 0)
    return g_array_index (cache->indexes, int, position);

  index = cs_sync_table_lookup_field (table, name, name_length);
  if (position < cache->names->len)
    {
      g_free (g_ptr_array_index (cache->names, position));
      g_ptr_array_index (cache->names, position) = g_strndup (name, name_length);
      g_array_index (cache->indexes, int, position) = index;
    }
  else
    {
      g_ptr_array_add (cache->names, g_strndup (name, name_length));
      g_array_append_val (cache->indexes, index);
    }
  return index;
}

gboolean
cs_sync_page_store_records (CsSyncTable      *table,
                            JsonArray        *records,
                            CsSyncPageTally  *tally,
                            GError          **error)
{
  FieldCache cache;
  guint n = json_array_get_length (records);
  gboolean ok = TRUE;

  field_cache_init (&cache);
  for (guint i = 0; i < n && ok; i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;
      guint position = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce answered a query with something that is not a "
                                 "record. Sync again later."));
          ok = FALSE;
          break;
        }

      cs_sync_table_begin_record (table);
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          int index = field_cache_lookup (&cache, table, position++, name, strlen (name));

          if (index >= 0)
            cs_sync_table_set_json (table, (guint) index, value);
        }
      ok = finish_record (table, tally, error);
    }
  field_cache_clear (&cache);
  return ok;
}

/* ---- REST answers, streamed --------------------------------------------------------- */

typedef struct {
  CsSyncTable     *table;
  CsSyncPageTally *tally;        /* storing records */
  guint           *n_ids;        /* or adding Ids */
  CsSyncBeforeRecordsFunc before_records;
  gpointer         before_data;
  FieldCache       fields;
  guint            position;     /* of the member in its record */
} JsonRun;

static gboolean
json_begin_record (gpointer   user_data,
                   GError   **error)
{
  JsonRun *run = user_data;

  run->position = 0;
  if (run->tally != NULL)
    cs_sync_table_begin_record (run->table);
  return TRUE;
}

static int
json_field_index (JsonRun    *run,
                  const char *name,
                  gsize       name_length)
{
  return field_cache_lookup (&run->fields, run->table, run->position++, name, name_length);
}

static gboolean
json_member (const char      *name,
             gsize            name_length,
             CsJsonValueKind  kind,
             const char      *text,
             gsize            length,
             gboolean         in_place,
             gpointer         user_data,
             GError         **error)
{
  JsonRun *run = user_data;
  int index = json_field_index (run, name, name_length);

  if (index < 0 || kind == CS_JSON_VALUE_NULL)
    return TRUE;
  if (run->n_ids != NULL)
    {
      /* The Id is the table's field 0. */
      if (index != 0 || kind != CS_JSON_VALUE_STRING)
        return TRUE;
      (*run->n_ids)++;
      return cs_sync_table_reconcile_add (run->table, text, length, error);
    }
  cs_sync_table_set_text (run->table, (guint) index, text, length, in_place);
  return TRUE;
}

static gboolean
json_end_record (gpointer   user_data,
                 GError   **error)
{
  JsonRun *run = user_data;

  return run->tally == NULL || finish_record (run->table, run->tally, error);
}

static void
json_before_records (gint64      total_size,
                     gboolean    done,
                     const char *next_records_url,
                     gpointer    user_data)
{
  JsonRun *run = user_data;

  if (run->before_records != NULL)
    run->before_records (total_size, done, next_records_url, run->before_data);
}

static gboolean
read_json (JsonRun          *run,
           const char       *data,
           gsize             length,
           CsJsonPageInfo   *info,
           GError          **error)
{
  static const CsJsonPageHandlers handlers = {
    json_begin_record, json_member, json_end_record, json_before_records
  };
  gboolean ok;

  field_cache_init (&run->fields);
  ok = cs_json_page_read (data, length, &handlers, run, info, error);
  field_cache_clear (&run->fields);
  return ok;
}

gboolean
cs_sync_page_store_json (CsSyncTable      *table,
                         const char       *data,
                         gsize             length,
                         CsSyncPageTally  *tally,
                         CsSyncBeforeRecordsFunc before_records,
                         gpointer          user_data,
                         CsJsonPageInfo   *info,
                         GError          **error)
{
  JsonRun run = { table, tally, NULL, before_records, user_data };

  return read_json (&run, data, length, info, error);
}

gboolean
cs_sync_page_add_ids (CsSyncTable      *table,
                      const char       *data,
                      gsize             length,
                      guint            *n_ids,
                      CsSyncBeforeRecordsFunc before_records,
                      gpointer          user_data,
                      CsJsonPageInfo   *info,
                      GError          **error)
{
  JsonRun run = { table, NULL, n_ids, before_records, user_data };

  return read_json (&run, data, length, info, error);
}

/* The field index of each column of the header line. */
static GArray *
read_header (CsSyncTable  *table,
             CsCsvReader  *reader,
             GError      **error)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean end_of_record = FALSE;

  while (!end_of_record)
    {
      const char *text;
      gsize length;
      gboolean in_buffer, quoted;
      int index;

      if (!cs_csv_reader_next (reader, &text, &length, &in_buffer, &quoted, &end_of_record, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                                 _("Salesforce sent Bulk API results without a header line. "
                                   "Sync again later."));
          return NULL;
        }
      index = cs_sync_table_lookup_field (table, text, length);
      g_array_append_val (columns, index);
    }
  return g_steal_pointer (&columns);
}

/* Reads one CSV record, handing each field whose column is a synced field
 * to @func. */
typedef gboolean (*CsvFieldFunc) (CsSyncTable  *table,
                                  guint         index,
                                  const char   *text,
                                  gsize         length,
                                  gboolean      in_buffer,
                                  gpointer      user_data,
                                  GError      **error);

static gboolean
read_csv_record (CsSyncTable   *table,
                 CsCsvReader   *reader,
                 GArray        *columns,
                 CsvFieldFunc   func,
                 gpointer       user_data,
                 GError       **error)
{
  gboolean end_of_record = FALSE;

  for (guint column = 0; !end_of_record; column++)
    {
      const char *text;
      gsize length;
      gboolean in_buffer, quoted;
      int index;

      if (!cs_csv_reader_next (reader, &text, &length, &in_buffer, &quoted, &end_of_record, error))
        return FALSE;
      index = column < columns->len ? g_array_index (columns, int, column) : -1;
      if (index >= 0 && !func (table, (guint) index, text, length, in_buffer, user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* Reads every record of a CSV page after its header. */
static gboolean
read_csv (CsSyncTable      *table,
          const char       *data,
          gsize             length,
          CsvFieldFunc      func,
          void            (*begin) (CsSyncTable *table),
          gboolean        (*finish) (CsSyncTable *table, gpointer user_data, GError **error),
          gpointer          user_data,
          GError          **error)
{
  CsCsvReader reader;
  g_autoptr(GArray) columns = NULL;
  gboolean ok;

  cs_csv_reader_init (&reader, data, length);
  columns = read_header (table, &reader, error);
  ok = columns != NULL;
  while (ok && !reader.at_end)
    {
      if (begin != NULL)
        begin (table);
      ok = read_csv_record (table, &reader, columns, func, user_data, error) &&
           (finish == NULL || finish (table, user_data, error));
    }
  cs_csv_reader_clear (&reader);
  return ok;
}

static gboolean
set_field (CsSyncTable  *table,
           guint         index,
           const char   *text,
           gsize         length,
           gboolean      in_buffer,
           gpointer      user_data,
           GError      **error)
{
  cs_sync_table_set_text (table, index, text, length, in_buffer);
  return TRUE;
}

static gboolean
finish_csv_record (CsSyncTable  *table,
                   gpointer      user_data,
                   GError      **error)
{
  return finish_record (table, user_data, error);
}

gboolean
cs_sync_page_store_csv (CsSyncTable      *table,
                        const char       *data,
                        gsize             length,
                        CsSyncPageTally  *tally,
                        GError          **error)
{
  return read_csv (table, data, length, set_field, cs_sync_table_begin_record, finish_csv_record,
                   tally, error);
}

gboolean
cs_sync_page_store_deleted (CsSyncTable      *table,
                            JsonArray        *deleted_records,
                            CsSyncPageTally  *tally,
                            GError          **error)
{
  for (guint i = 0; i < json_array_get_length (deleted_records); i++)
    {
      JsonNode *node = json_array_get_element (deleted_records, i);
      JsonObject *entry;
      const char *id, *date;
      g_autofree char *deleted_at = NULL;
      gboolean marked = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      id = json_object_get_string_member_with_default (entry, "id", NULL);
      date = json_object_get_string_member_with_default (entry, "deletedDate", NULL);
      if (id == NULL || date == NULL ||
          (deleted_at = cs_sync_normalize_datetime (date, strlen (date))) == NULL)
        continue;
      if (!cs_sync_table_mark_deleted (table, id, deleted_at, &marked, error))
        return FALSE;
      if (marked)
        tally->deleted++;
    }
  return TRUE;
}

/* The Id is the table's field 0. */
static gboolean
add_id (CsSyncTable  *table,
        guint         index,
        const char   *text,
        gsize         length,
        gboolean      in_buffer,
        gpointer      user_data,
        GError      **error)
{
  guint *n_ids = user_data;

  if (index != 0 || length == 0)
    return TRUE;
  (*n_ids)++;
  return cs_sync_table_reconcile_add (table, text, length, error);
}

gboolean
cs_sync_page_add_ids_csv (CsSyncTable  *table,
                          const char   *data,
                          gsize         length,
                          guint        *n_ids,
                          GError      **error)
{
  return read_csv (table, data, length, add_id, NULL, NULL, n_ids, error);
}
