/* cs-sync-database.h: a connection's sync database, where the record sync
 * keeps its copy of the Salesforce records, and what it says about itself:
 * settings, cycles, job and record errors.
 *
 * One SQLite file per connection, mode 0600, next to the connection store
 * (sync-CONNECTION.db). Each synced object has a table named after its API
 * name, a column per field of the connection's field catalog (typed from
 * the catalog) and bookkeeping columns:
 *
 *   _sync_deleted     1 once the record was deleted in Salesforce
 *   _sync_deleted_at  when (the deletion's date, UTC)
 *   _sync_cycle       the cycle that last wrote the row
 *
 * Datetimes are stored as "2025-06-03T12:00:00.000Z", dates as
 * "2025-06-03", booleans as 0 and 1. The tables _sync_meta, _sync_objects,
 * _sync_columns, _sync_cycles and _sync_issues are the sync's own (no
 * Salesforce name starts with "_").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Errors and cycles are kept this long, as Marketo shows them. */
#define CS_SYNC_HISTORY_DAYS 5

/* Defaults of the settings. */
#define CS_SYNC_DEFAULT_API_RESERVE_PERCENT 10
#define CS_SYNC_DEFAULT_BULK_THRESHOLD      10000
#define CS_SYNC_DEFAULT_BULK_PAGE_RECORDS   50000

/* How a cycle ended. */
typedef enum {
  CS_SYNC_OUTCOME_RUNNING,             /* not ended (see CS_SYNC_OUTCOME_INTERRUPTED) */
  CS_SYNC_OUTCOME_COMPLETED,
  CS_SYNC_OUTCOME_FAILED,
  CS_SYNC_OUTCOME_STOPPED_API_LIMIT,   /* the org's daily API requests reached the reserve */
  CS_SYNC_OUTCOME_PAUSED,              /* stopped cleanly because the sync was paused */
  CS_SYNC_OUTCOME_CANCELLED,
  CS_SYNC_OUTCOME_INTERRUPTED,         /* its process ended mid-cycle (killed, power cut) */
} CsSyncOutcome;

/* "running", "completed", "failed", "stopped-api-limit", "paused",
 * "cancelled", "interrupted": as stored, and for scripts. */
const char    *cs_sync_outcome_to_string   (CsSyncOutcome outcome);
CsSyncOutcome  cs_sync_outcome_from_string (const char   *text);
/* The same in words, translated: "completed", "stopped at the API reserve"… */
const char    *cs_sync_outcome_get_label   (CsSyncOutcome outcome);

/* One cycle, as the history keeps it. */
typedef struct {
  gint64         id;
  gint64         started;         /* unix seconds */
  gint64         ended;           /* 0 while running */
  CsSyncOutcome  outcome;
  char          *error_code;      /* cs_error_code_to_string() of the failure, or NULL */
  char          *message;         /* why it did not complete (translated), or NULL */
  gint64         records;         /* records stored (new or updated) */
  gint64         deleted;         /* records marked deleted */
  gint64         record_errors;   /* records skipped */
  gint64         api_calls;       /* HTTP requests to Salesforce */
} CsSyncCycle;

#define CS_TYPE_SYNC_CYCLE (cs_sync_cycle_get_type ())
GType        cs_sync_cycle_get_type (void);
CsSyncCycle *cs_sync_cycle_copy     (const CsSyncCycle *cycle);
void         cs_sync_cycle_free     (CsSyncCycle       *cycle);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncCycle, cs_sync_cycle_free)

/* Where an object's copy stands. */
typedef enum {
  CS_SYNC_OBJECT_NEW,        /* never loaded */
  CS_SYNC_OBJECT_LOADING,    /* its first load (Bulk API or REST) is under way */
  CS_SYNC_OBJECT_SYNCED,     /* loaded; kept up to date by SystemModstamp */
} CsSyncObjectState;

/* One synced object's copy. */
typedef struct {
  char              *object;          /* API name, also the table's name */
  CsSyncObjectState  state;
  gint64             live;            /* rows not deleted */
  gint64             deleted;         /* rows marked deleted */
  gint64             last_synced;     /* unix seconds of the last cycle that completed it, 0: never */
  char              *watermark;       /* SystemModstamp the next cycle starts from (less the overlap), or NULL */
} CsSyncObjectCount;

#define CS_TYPE_SYNC_OBJECT_COUNT (cs_sync_object_count_get_type ())
GType              cs_sync_object_count_get_type (void);
CsSyncObjectCount *cs_sync_object_count_copy     (const CsSyncObjectCount *count);
void               cs_sync_object_count_free     (CsSyncObjectCount       *count);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncObjectCount, cs_sync_object_count_free)

#define CS_TYPE_SYNC_DATABASE (cs_sync_database_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncDatabase, cs_sync_database, CS, SYNC_DATABASE, GObject)

/* sync-@connection_id.db in the folder of @store_path (the connection
 * store's file, cs_connection_store_get_path()). */
char           *cs_sync_database_path_for      (const char      *store_path,
                                                const char      *connection_id);

/* Opens (creating it, 0600, in WAL mode) the database at @path.
 * CS_ERROR_STORE when it cannot be opened or was made by a newer version. */
CsSyncDatabase *cs_sync_database_open          (const char      *path,
                                                GError         **error);
/* The same when it exists; NULL without error when it does not. */
CsSyncDatabase *cs_sync_database_open_existing (const char      *path,
                                                GError         **error);
const char     *cs_sync_database_get_path      (CsSyncDatabase  *self);

/* ---- settings (each connection has its own) ---- */

/* A paused sync starts no cycle, and a running one stops after the page
 * it is writing, wherever the pause was asked (wizard, crm-sync, another
 * computer's session sharing the file does not exist: one user). */
gboolean        cs_sync_database_get_paused    (CsSyncDatabase  *self);
gboolean        cs_sync_database_set_paused    (CsSyncDatabase  *self,
                                                gboolean         paused,
                                                GError         **error);
/* The share of the org's daily API requests a cycle leaves unused: it
 * stops cleanly when fewer remain. 0 to 90, default 10. */
guint           cs_sync_database_get_api_reserve_percent (CsSyncDatabase *self);
gboolean        cs_sync_database_set_api_reserve_percent (CsSyncDatabase *self,
                                                          guint           percent,
                                                          GError        **error);
/* An object with at least this many records is first loaded through a
 * Bulk API 2.0 query job, smaller ones through REST queries. Default
 * 10,000; G_MAXUINT: always REST. */
guint           cs_sync_database_get_bulk_threshold (CsSyncDatabase *self);
gboolean        cs_sync_database_set_bulk_threshold (CsSyncDatabase *self,
                                                     guint           threshold,
                                                     GError        **error);

/* Records per Bulk API results page (maxRecords): memory against round
 * trips. Default 50,000 (about 25 MB of CSV for leads); at least 100. */
guint           cs_sync_database_get_bulk_page_records (CsSyncDatabase *self);
gboolean        cs_sync_database_set_bulk_page_records (CsSyncDatabase *self,
                                                        guint           records,
                                                        GError        **error);

/* ---- history ---- */

/* The cycles of the last CS_SYNC_HISTORY_DAYS days, newest first (element
 * type CsSyncCycle). A cycle still "running" whose process is gone reads
 * CS_SYNC_OUTCOME_INTERRUPTED when @running_elsewhere is FALSE. */
GPtrArray      *cs_sync_database_list_cycles   (CsSyncDatabase  *self,
                                                gboolean         running_elsewhere,
                                                GError         **error);
/* The job and record errors of the last CS_SYNC_HISTORY_DAYS days, newest
 * first (element type CsSyncIssue). */
GListStore     *cs_sync_database_list_issues   (CsSyncDatabase  *self,
                                                GError         **error);
/* Every synced object's copy, by name (element type CsSyncObjectCount). */
GPtrArray      *cs_sync_database_list_objects  (CsSyncDatabase  *self,
                                                GError         **error);

/* Deletes the database of @connection_id next to @store_path, with its
 * -wal, -shm and lock files; TRUE also when there was none. For forgetting
 * a connection. */
gboolean        cs_sync_database_delete_files  (const char      *store_path,
                                                const char      *connection_id,
                                                GError         **error);

G_END_DECLS
