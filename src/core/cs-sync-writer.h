/* cs-sync-writer.h: the record sync's writer. It owns the sync database
 * and the objects' tables, and does every read and write of them in a
 * worker thread, one job at a time, so that the main loop stays free (the
 * wizard's window, the next page's request) while a page is stored.
 *
 * The engine (cs-record-sync.c) keeps copies of the objects' rows, as each
 * job hands them back; the writer's are the truth.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-sync-database-private.h"

G_BEGIN_DECLS

/* ---- preparing a cycle ---- */

/* An object to sync and its fields (CsCatalogField). */
typedef struct {
  char      *object;
  GPtrArray *fields;
} CsSyncWriterObject;

void cs_sync_writer_object_free (CsSyncWriterObject *object);

typedef struct {
  gint64      cycle_id;
  gboolean    paused;
  guint       api_reserve_percent;
  guint       bulk_threshold;
  guint       bulk_page_records;
  gint64      clock_offset;
  GPtrArray  *rows;          /* CsSyncObjectRow copies, in the order asked; NULL entries failed */
  GPtrArray  *select_lists;  /* char*: the fields to SELECT, per object */
  GPtrArray  *failures;      /* char*: why an object cannot be synced, or NULL */
} CsSyncWriterPlan;

void cs_sync_writer_plan_free (CsSyncWriterPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncWriterPlan, cs_sync_writer_plan_free)

/* ---- what storing did ---- */

typedef struct {
  guint            stored;
  guint            skipped;
  guint            deleted;
  gint64           total;           /* a query's totalSize, -1 when none */
  char            *next_url;        /* a query page's nextRecordsUrl, NULL when done */
  gboolean         paused;          /* the sync was paused meanwhile */
  gboolean         reconcile;       /* getDeleted cannot cover the time since the last cycle */
  char            *failure_code;    /* a subrequest failed: cs_error_code_to_string() */
  char            *failure;         /* and why, translated; the object's part stops */
  CsSyncObjectRow *row;             /* the object's row as committed */
} CsSyncWriterResult;

void cs_sync_writer_result_free (CsSyncWriterResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncWriterResult, cs_sync_writer_result_free)

/* What a check batch holds for one object: the indexes of its
 * subrequests in the batch, -1 for those it lacks. */
typedef struct {
  char  *object;
  int    query;       /* records since the watermark less the overlap */
  int    deleted;     /* getDeleted since deleted_covered */
  int    count;       /* SELECT COUNT() */
  char  *deleted_end; /* the end asked of getDeleted (stored form) */
} CsSyncCheckLayout;

void cs_sync_check_layout_free (CsSyncCheckLayout *layout);

/* How a page is stored. */
typedef enum {
  CS_SYNC_PAGE_RECORDS_JSON,    /* a REST query page */
  CS_SYNC_PAGE_RECORDS_CSV,     /* a Bulk API results page */
  CS_SYNC_PAGE_IDS_JSON,        /* a reconciliation's REST page of Ids */
  CS_SYNC_PAGE_IDS_CSV,         /* a reconciliation's Bulk API page of Ids */
} CsSyncPageKind;

/* Called in the main context as soon as a JSON page's nextRecordsUrl is
 * known (NULL when it is the last), before its records are stored: the
 * next request can go while they are. */
typedef void (*CsSyncNextPageFunc) (const char *next_url,
                                    gpointer    user_data);

#define CS_TYPE_SYNC_WRITER (cs_sync_writer_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncWriter, cs_sync_writer, CS, SYNC_WRITER, GObject)

CsSyncWriter *cs_sync_writer_new (const char *database_path);

/* Opens the database, the tables of @objects (CsSyncWriterObject),
 * prunes the history and starts a cycle. */
void              cs_sync_writer_prepare_async  (CsSyncWriter        *self,
                                                 GPtrArray           *objects,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
CsSyncWriterPlan *cs_sync_writer_prepare_finish (CsSyncWriter        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Stores a check batch's answers (@layouts: CsSyncCheckLayout), each
 * object in its own transaction: records (watermark capped at @cap),
 * deletions (and deleted_covered), counts. An object seen unchanged gets
 * last_synced now. Results (CsSyncWriterResult) in @layouts' order. */
void              cs_sync_writer_store_check_async  (CsSyncWriter        *self,
                                                     GBytes              *batch,
                                                     GPtrArray           *layouts,
                                                     const char          *cap,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray        *cs_sync_writer_store_check_finish (CsSyncWriter        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Stores one page of @object in one transaction with its progress in the
 * row: @kind says what it is; @cap bounds the watermark; @next_locator
 * (CSV) is the next page's, NULL for the last; @first says a
 * reconciliation starts with it. The last page of a load marks the object
 * SYNCED (a reconciliation's marks the missing Ids deleted). */
void                cs_sync_writer_store_page_async  (CsSyncWriter        *self,
                                                      const char          *object,
                                                      CsSyncPageKind       kind,
                                                      GBytes              *page,
                                                      const char          *cap,
                                                      gboolean             first,
                                                      const char          *next_locator,
                                                      CsSyncNextPageFunc   next_page,
                                                      gpointer             next_page_data,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
CsSyncWriterResult *cs_sync_writer_store_page_finish (CsSyncWriter        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Commits @row (a copy is kept) and, when @issue_message is not NULL, a
 * job error of the object. */
void              cs_sync_writer_save_row_async  (CsSyncWriter        *self,
                                                  const CsSyncObjectRow *row,
                                                  const char          *issue_code,
                                                  const char          *issue_message,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean          cs_sync_writer_save_row_finish (CsSyncWriter        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Writes the end of @cycle (and a job error for the cycle when its
 * message is set and it failed), and the clock offset measured. */
void              cs_sync_writer_end_cycle_async  (CsSyncWriter        *self,
                                                   const CsSyncCycle   *cycle,
                                                   gint64               clock_offset,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean          cs_sync_writer_end_cycle_finish (CsSyncWriter        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* A copy of the row the writer holds for @object (only between jobs). */
CsSyncObjectRow  *cs_sync_object_row_copy         (const CsSyncObjectRow *row);

G_END_DECLS
