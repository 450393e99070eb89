/* cs-sync-database-private.h: what the record sync writes into its
 * database (cs-record-sync.c, cs-sync-table.c, cs-sync-page-store.c). Every call
 * here is made from one thread at a time: the engine's writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "cs-sync-database.h"
#include "cs-sync-issue.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3        *cs_sync_database_get_db        (CsSyncDatabase  *self);

/* CS_ERROR_STORE for @rc (an SQLite result code of @self's database),
 * naming the file and what to check. */
void            cs_sync_database_set_error     (CsSyncDatabase  *self,
                                                int              rc,
                                                GError         **error);
gboolean        cs_sync_database_exec          (CsSyncDatabase  *self,
                                                const char      *sql,
                                                GError         **error);
sqlite3_stmt   *cs_sync_database_prepare       (CsSyncDatabase  *self,
                                                const char      *sql,
                                                GError         **error);

/* BEGIN IMMEDIATE … COMMIT: a page and the state that says it is written
 * go in together. */
gboolean        cs_sync_database_begin         (CsSyncDatabase  *self,
                                                GError         **error);
gboolean        cs_sync_database_commit        (CsSyncDatabase  *self,
                                                GError         **error);
void            cs_sync_database_rollback      (CsSyncDatabase  *self);

/* An object's progress, as committed with its last page. Times are
 * Salesforce's, "2025-06-03T12:00:00.000Z". */
typedef struct {
  char              *object;
  CsSyncObjectState  state;
  /* SYNCED: the greatest SystemModstamp stored, no later than when the
   * query that brought it started (a cursor may hand out values changed
   * since); the next cycle reads from it less the overlap window. */
  char              *watermark;
  char              *watermark_id;
  /* LOADING: "bulk" or "rest". */
  char              *load_kind;
  char              *load_started;     /* when the load's query started */
  char              *bulk_job;         /* the Bulk API 2.0 job */
  char              *bulk_locator;     /* the next results page; NULL: the first */
  /* Deletions are known up to here (getDeleted's latestDateCovered). */
  char              *deleted_covered;
  gint64             last_synced;      /* unix seconds */
  /* The fields' columns changed since the copy was loaded: load again. */
  gboolean           needs_reload;
} CsSyncObjectRow;

void             cs_sync_object_row_free       (CsSyncObjectRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncObjectRow, cs_sync_object_row_free)

/* The committed row of @object; a NEW one when there is none. */
CsSyncObjectRow *cs_sync_database_get_object   (CsSyncDatabase  *self,
                                                const char      *object,
                                                GError         **error);
gboolean         cs_sync_database_save_object  (CsSyncDatabase  *self,
                                                CsSyncObjectRow *row,
                                                GError         **error);

/* A new cycle, RUNNING, started now; cycles left RUNNING by a process that
 * died become INTERRUPTED (the caller holds the lock: none is alive). */
gint64           cs_sync_database_start_cycle  (CsSyncDatabase  *self,
                                                GError         **error);
/* Writes @cycle's end, outcome, message and counts. */
gboolean         cs_sync_database_end_cycle    (CsSyncDatabase  *self,
                                                const CsSyncCycle *cycle,
                                                GError         **error);
gboolean         cs_sync_database_add_issue    (CsSyncDatabase  *self,
                                                gint64           cycle_id,
                                                CsSyncIssueKind  kind,
                                                const char      *object,
                                                const char      *record_id,
                                                const char      *code,
                                                const char      *message,
                                                GError         **error);
/* Forgets cycles and issues older than CS_SYNC_HISTORY_DAYS (the newest
 * cycle is always kept). */
gboolean         cs_sync_database_prune_history (CsSyncDatabase *self,
                                                 GError        **error);

/* Salesforce's clock less this computer's, seconds, as last measured. */
gint64           cs_sync_database_get_clock_offset (CsSyncDatabase *self);
gboolean         cs_sync_database_set_clock_offset (CsSyncDatabase *self,
                                                    gint64          offset,
                                                    GError        **error);

/* A name in SQL: "Lead" (API names are letters, digits and '_'; a quote
 * would be doubled). */
char            *cs_sync_quote_identifier      (const char      *name);

/* "2025-06-03T12:00:00.000Z" for unix @seconds, and back (0 when it does
 * not parse). */
char            *cs_sync_format_time           (gint64           seconds);
gint64           cs_sync_parse_time            (const char      *text);
/* A Salesforce datetime ("…+0000", "…Z", any offset) as stored:
 * "2025-06-03T12:00:00.000Z"; NULL when it is no datetime. */
char            *cs_sync_normalize_datetime    (const char      *text,
                                                gsize            length);

G_END_DECLS
