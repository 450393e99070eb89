/* cs-sync-table.h: one synced object's table in the sync database: its
 * columns typed from the field catalog, and the prepared statements that
 * store records into it as their values are read (JSON or CSV), with no
 * record built in between.
 *
 * Used by the engine's writer, one thread at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-sync-database-private.h"

G_BEGIN_DECLS

/* How a column stores values, fixed when it is made from the field's type
 * then: a later type change in Salesforce does not change it, and values
 * that no longer fit are refused (the record is skipped). */
typedef enum {
  CS_SYNC_STORAGE_TEXT,
  CS_SYNC_STORAGE_DATETIME,   /* TEXT, "2025-06-03T12:00:00.000Z" */
  CS_SYNC_STORAGE_INTEGER,
  CS_SYNC_STORAGE_REAL,
  CS_SYNC_STORAGE_BOOLEAN,    /* INTEGER 0 or 1 */
} CsSyncStorage;

/* The storage a catalog type ("double", "datetime", …) gets; FALSE for
 * the compound types (address, location), which are not synced: their
 * parts are fields of their own, and the Bulk API refuses them. */
gboolean         cs_sync_storage_for_type      (const char      *type,
                                                CsSyncStorage   *storage);

typedef struct _CsSyncTable CsSyncTable;

/* Opens @object's table for @fields (CsCatalogField: those the catalog
 * marks synced; "no longer synced" fields keep their columns and values,
 * untouched). Creates the table, or the columns it lacks. *@reload_needed
 * is set when the table already had rows and gained a column, or a column
 * is synced again: the copy must be loaded anew to fill it.
 * CS_ERROR_INVALID_INPUT when the catalog lacks Id or SystemModstamp (the
 * sync cannot run without them). */
CsSyncTable     *cs_sync_table_open            (CsSyncDatabase  *database,
                                                const char      *object,
                                                GPtrArray       *fields,
                                                gboolean        *reload_needed,
                                                GError         **error);
void             cs_sync_table_free            (CsSyncTable     *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncTable, cs_sync_table_free)

CsSyncDatabase  *cs_sync_table_get_database    (CsSyncTable     *table);
const char      *cs_sync_table_get_object      (CsSyncTable     *table);
/* "Id, Name, …, SystemModstamp": the fields to SELECT. */
const char      *cs_sync_table_get_select_list (CsSyncTable     *table);
guint            cs_sync_table_get_n_fields    (CsSyncTable     *table);
const char      *cs_sync_table_get_field       (CsSyncTable     *table,
                                                guint            index);
/* The index of field @name (@length bytes), ignoring case; -1 when it is
 * not synced. */
int              cs_sync_table_lookup_field    (CsSyncTable     *table,
                                                const char      *name,
                                                gsize            length);

/* Loads overwrite every row they read (default), so that new columns are
 * filled; incremental reads leave unchanged records alone. */
void             cs_sync_table_set_overwrite   (CsSyncTable     *table,
                                                gboolean         overwrite);

/* ---- storing a record: begin, set its values, finish ---- */

void             cs_sync_table_begin_record    (CsSyncTable     *table);
/* @value may be NULL (null). Bound at once; a value that does not fit
 * its column marks the record to be skipped. */
void             cs_sync_table_set_json        (CsSyncTable     *table,
                                                guint            index,
                                                JsonNode        *value);
/* A CSV value; @quoted FALSE with @length 0 is a null. @text stays valid
 * until the record is finished when @stable (else it is copied). */
void             cs_sync_table_set_text        (CsSyncTable     *table,
                                                guint            index,
                                                const char      *text,
                                                gsize            length,
                                                gboolean         stable);

typedef enum {
  CS_SYNC_RECORD_STORED,
  CS_SYNC_RECORD_DELETED,   /* stored, read deleted (queryAll): marked deleted */
  CS_SYNC_RECORD_UNCHANGED, /* every value is the stored one: nothing written */
  CS_SYNC_RECORD_SKIPPED,   /* a value does not fit: *skip_message says which and what to do */
  CS_SYNC_RECORD_FAILED,    /* the database failed: @error */
} CsSyncRecordResult;

/* Upserts the record by Id, marking it written by @cycle_id; a record
 * whose deletion is known and older than its SystemModstamp comes back to
 * life, else it stays deleted; one read with IsDeleted true (queryAll) is
 * marked deleted at its SystemModstamp. Unless the table overwrites, a
 * record whose every value is the stored one is left alone. */
CsSyncRecordResult cs_sync_table_finish_record (CsSyncTable     *table,
                                                gint64           cycle_id,
                                                char           **skip_message,
                                                GError         **error);
/* The current record's Id and SystemModstamp (stored form), or NULL. */
const char      *cs_sync_table_get_record_id   (CsSyncTable     *table);
const char      *cs_sync_table_get_record_modstamp (CsSyncTable *table);

/* Marks @id deleted at @deleted_at (stored form), unless its stored
 * SystemModstamp is later (it came back since). An Id never copied gets a
 * row of its own, deleted, so that an older copy arriving later stays
 * deleted. *@marked (may be NULL) says whether a live row became deleted. */
gboolean         cs_sync_table_mark_deleted    (CsSyncTable     *table,
                                                const char      *id,
                                                const char      *deleted_at,
                                                gboolean        *marked,
                                                GError         **error);

/* Reconciliation of Ids: add every Id Salesforce has, then mark the live
 * rows whose Id was not added deleted at @deleted_at. */
gboolean         cs_sync_table_reconcile_begin (CsSyncTable     *table,
                                                GError         **error);
gboolean         cs_sync_table_reconcile_add   (CsSyncTable     *table,
                                                const char      *id,
                                                gsize            length,
                                                GError         **error);
/* Returns the number of rows marked deleted, or -1 with @error. */
gint64           cs_sync_table_reconcile_end   (CsSyncTable     *table,
                                                const char      *deleted_at,
                                                GError         **error);

G_END_DECLS
