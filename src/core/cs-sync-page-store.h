/* cs-sync-page-store.h: storing one page of Salesforce's answers into a synced
 * object's table — REST query records (JSON), Bulk API results (CSV),
 * getDeleted's deleted records, Ids for a reconciliation — inside the
 * caller's transaction, value by value into the table's prepared
 * statements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-json-page-reader.h"
#include "cs-sync-table.h"

G_BEGIN_DECLS

/* A record skipped because a value did not fit. */
typedef struct {
  char *id;          /* may be NULL when the record had no usable Id */
  char *message;
} CsSyncSkip;

void cs_sync_skip_free (CsSyncSkip *skip);

/* What storing pages did; pages add to it. */
typedef struct {
  gint64      cycle_id;
  /* SystemModstamps after this (stored form; NULL: none) do not move the
   * watermark: the query started before, so a record with a later stamp
   * was read with values newer than its place in the answer. */
  const char *cap;

  guint       stored;
  guint       skipped;
  guint       deleted;        /* live rows marked deleted */
  GPtrArray  *skips;          /* CsSyncSkip */
  char       *watermark;      /* the greatest SystemModstamp stored, no later than cap */
  char       *watermark_id;
} CsSyncPageTally;

void     cs_sync_page_tally_init     (CsSyncPageTally *tally,
                                      gint64           cycle_id,
                                      const char      *cap);
void     cs_sync_page_tally_clear    (CsSyncPageTally *tally);

/* The "records" of a query answer. */
gboolean cs_sync_page_store_records  (CsSyncTable     *table,
                                      JsonArray       *records,
                                      CsSyncPageTally *tally,
                                      GError         **error);
typedef void (*CsSyncBeforeRecordsFunc) (gint64      total_size,
                                         gboolean    done,
                                         const char *next_records_url,
                                         gpointer    user_data);

/* A REST query answer, read as it is stored (cs-json-page-reader.h):
 * @info tells where it goes on; @before_records (may be NULL) hears it
 * before the records are stored when the answer says it first. */
gboolean cs_sync_page_store_json     (CsSyncTable     *table,
                                      const char      *data,
                                      gsize            length,
                                      CsSyncPageTally *tally,
                                      CsSyncBeforeRecordsFunc before_records,
                                      gpointer         user_data,
                                      CsJsonPageInfo  *info,
                                      GError         **error);
/* A Bulk API results page: a header line naming the fields, then
 * records. Columns not synced are ignored. */
gboolean cs_sync_page_store_csv      (CsSyncTable     *table,
                                      const char      *data,
                                      gsize            length,
                                      CsSyncPageTally *tally,
                                      GError         **error);
/* getDeleted's "deletedRecords": [{"id", "deletedDate"}]. */
gboolean cs_sync_page_store_deleted  (CsSyncTable     *table,
                                      JsonArray       *deleted_records,
                                      CsSyncPageTally *tally,
                                      GError         **error);
/* Ids for a reconciliation (cs_sync_table_reconcile_add()): a query
 * answer (as cs_sync_page_store_json()), or CSV with an "Id" column. */
gboolean cs_sync_page_add_ids        (CsSyncTable     *table,
                                      const char      *data,
                                      gsize            length,
                                      guint           *n_ids,
                                      CsSyncBeforeRecordsFunc before_records,
                                      gpointer         user_data,
                                      CsJsonPageInfo  *info,
                                      GError         **error);
gboolean cs_sync_page_add_ids_csv    (CsSyncTable     *table,
                                      const char      *data,
                                      gsize            length,
                                      guint           *n_ids,
                                      GError         **error);

G_END_DECLS
