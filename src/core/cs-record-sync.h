/* cs-record-sync.h: the record sync of one connection: cycles that keep a
 * local copy (the sync database) of the Salesforce records the sync user
 * can see, for the objects and fields of the connection's field catalog.
 *
 * A cycle:
 *  - takes the connection's lock at once (CS_ERROR_SYNC_RUNNING when
 *    another cycle runs, in this process or another);
 *  - asks what changed with one Composite Batch per 12 objects (up to 25
 *    subrequests): for each object the records whose SystemModstamp is at
 *    or after its watermark less an overlap window (ordered by
 *    SystemModstamp, Id: the answer is the data) and getDeleted since the
 *    last cycle. An unchanged org costs that one round trip;
 *  - loads an object seen for the first time through a Bulk API 2.0 query
 *    job when it holds at least the bulk threshold of records (SELECT
 *    COUNT() in the same batch), through REST queries otherwise;
 *  - stores each page of records, with the progress that says it is
 *    stored, in one transaction, while the next page is on its way: a
 *    cycle killed at any moment resumes where its last page was committed,
 *    losing and duplicating nothing (upserts by Id);
 *  - marks deleted records deleted (never drops them); when the last
 *    cycle is older than Salesforce keeps deletions, compares Ids instead;
 *  - skips a record whose value cannot be stored, listing its Id and why,
 *    and goes on; an object that fails is listed and the others go on;
 *  - stops cleanly when the org's daily API requests fall under the
 *    reserve, when paused, or when cancelled.
 *
 * Every object's progress is a CsSyncObjectProgress in
 * cs_record_sync_get_progress(); the history (cycles, errors of the last 5
 * days) is in the sync database (CsSyncStatus reads it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-connection-store.h"
#include "cs-sync-lock.h"
#include "cs-salesforce-client.h"
#include "cs-sync-database.h"
#include "cs-sync-object-progress.h"

G_BEGIN_DECLS

/* The window re-read before each watermark: a record whose transaction
 * committed late, with a SystemModstamp before a newer one already read,
 * is not missed. */
#define CS_RECORD_SYNC_OVERLAP_SECONDS 300

/* What the first cycle will cost, for the admin to agree to. */
typedef struct {
  char         *object;
  gint64        records;        /* Salesforce's count (limits/recordCount) */
  CsSyncMethod  method;         /* how the first cycle will read it */
  guint         api_calls;      /* requests it will take */
} CsSyncObjectEstimate;

typedef struct {
  GPtrArray *objects;           /* CsSyncObjectEstimate, in catalog order */
  gint64     records;
  guint      api_calls;         /* the whole first cycle */
  gint64     seconds;           /* the whole first cycle, roughly */
  gint64     api_used;          /* the org's daily API requests now; -1 unknown */
  gint64     api_limit;         /* and its daily limit; -1 unknown */
} CsSyncEstimate;

#define CS_TYPE_SYNC_ESTIMATE (cs_sync_estimate_get_type ())
GType           cs_sync_estimate_get_type (void);
CsSyncEstimate *cs_sync_estimate_copy     (const CsSyncEstimate *estimate);
void            cs_sync_estimate_free     (CsSyncEstimate       *estimate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSyncEstimate, cs_sync_estimate_free)

#define CS_TYPE_RECORD_SYNC (cs_record_sync_get_type ())
G_DECLARE_FINAL_TYPE (CsRecordSync, cs_record_sync, CS, RECORD_SYNC, GObject)

/* The sync of @connection_id, whose field catalog is in @store and whose
 * sync database goes next to it. */
CsRecordSync   *cs_record_sync_new               (CsSalesforceClient *client,
                                                  CsConnectionStore  *store,
                                                  const char         *connection_id);

CsSalesforceClient *cs_record_sync_get_client    (CsRecordSync       *self);
const char     *cs_record_sync_get_connection_id (CsRecordSync       *self);
/* The sync database's file (cs_sync_database_path_for()). */
const char     *cs_record_sync_get_database_path (CsRecordSync       *self);

/* Only these objects in the next cycles (API names, any case); NULL: every
 * object of the field catalog. CS_ERROR_INVALID_INPUT naming an object
 * the catalog does not hold. */
gboolean        cs_record_sync_set_objects       (CsRecordSync       *self,
                                                  const char * const *objects,
                                                  GError            **error);

/* One cycle. Returns what it did (its CsSyncCycle) when it completed; an
 * error otherwise, the cycle's record then being in
 * cs_record_sync_get_last_cycle():
 *  - CS_ERROR_SYNC_RUNNING at once, nothing done, when another cycle runs;
 *  - CS_ERROR_SYNC_PAUSED at once when the sync is paused, or when it was
 *    paused during the cycle (stopped cleanly after the page it wrote);
 *  - CS_ERROR_API_LIMIT_RESERVE when the org's daily API requests fell
 *    under the reserve (stopped cleanly);
 *  - CS_ERROR_INVALID_GRANT and the other re-authorization errors
 *    (cs_error_is_reauthorization()): what is stored stays, no object in
 *    progress is marked done;
 *  - G_IO_ERROR_CANCELLED;
 *  - CS_ERROR_FAILED when objects failed while others were synced (their
 *    errors are in the history), or the error that stopped the cycle.
 * Progress is reported on the main context that started the cycle. */
void            cs_record_sync_run_cycle_async   (CsRecordSync       *self,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
CsSyncCycle    *cs_record_sync_run_cycle_finish  (CsRecordSync       *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* The last cycle this object ran, however it ended; NULL before. */
const CsSyncCycle *cs_record_sync_get_last_cycle (CsRecordSync       *self);
gboolean        cs_record_sync_is_running        (CsRecordSync       *self);

/* The objects of the cycle running or last run (element type
 * CsSyncObjectProgress), refilled when a cycle starts. */
GListModel     *cs_record_sync_get_progress      (CsRecordSync       *self);
/* The whole cycle: records stored so far, how many expected (-1 unknown)
 * and the estimated seconds left (-1 unknown); also properties
 * "records", "total" and "seconds-left". */
gint64          cs_record_sync_get_records       (CsRecordSync       *self);
gint64          cs_record_sync_get_total         (CsRecordSync       *self);
gint64          cs_record_sync_get_seconds_left  (CsRecordSync       *self);

/* What the first cycle will cost for this org's size: one request for
 * the record counts (limits/recordCount), which also reads the org's API
 * use. */
void            cs_record_sync_estimate_async    (CsRecordSync       *self,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
CsSyncEstimate *cs_record_sync_estimate_finish   (CsRecordSync       *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);

/* For the connection's forget, before it changes anything: the sync's
 * lock, to hold until the forget ends so that no cycle starts meanwhile;
 * CS_ERROR_SYNC_RUNNING while a cycle runs. */
CsSyncLock     *cs_record_sync_lock_for_forget   (CsConnectionStore  *store,
                                                  const char         *connection_id,
                                                  GError            **error);
/* A CsForgetStepFunc of the vault, run while the caller holds the lock
 * above: deletes the connection's sync database. (The vault stops its
 * timer before, with cs_sync_service_remove_async(): systemd is asked
 * without blocking.) */
gboolean        cs_record_sync_forget            (CsConnectionStore  *store,
                                                  const char         *connection_id,
                                                  GError            **error);

G_END_DECLS
