/* cs-sync-object-progress.h: how far a running cycle is with one object,
 * for a progress list (records so far, how many in all, time left). The
 * engine updates it on the main thread; bind to its properties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CS_SYNC_PHASE_WAITING,       /* not started in this cycle yet */
  CS_SYNC_PHASE_CHECKING,      /* asking Salesforce what changed */
  CS_SYNC_PHASE_QUERYING,      /* reading records page by page (REST) */
  CS_SYNC_PHASE_BULK_JOB,      /* waiting for Salesforce's Bulk API job */
  CS_SYNC_PHASE_DOWNLOADING,   /* reading the job's results */
  CS_SYNC_PHASE_RECONCILING,   /* comparing Ids to find deletions */
  CS_SYNC_PHASE_DONE,
  CS_SYNC_PHASE_UNCHANGED,     /* done: nothing changed since the last cycle */
  CS_SYNC_PHASE_FAILED,        /* see the message; other objects went on */
  CS_SYNC_PHASE_STOPPED,       /* the cycle stopped before finishing it */
} CsSyncPhase;

/* "waiting", "checking", … (for scripts). */
const char *cs_sync_phase_to_string (CsSyncPhase phase);

typedef enum {
  CS_SYNC_METHOD_NONE,         /* only the check */
  CS_SYNC_METHOD_REST,         /* REST queries, 2,000 records a page */
  CS_SYNC_METHOD_BULK,         /* a Bulk API 2.0 query job */
} CsSyncMethod;

const char *cs_sync_method_to_string (CsSyncMethod method);

#define CS_TYPE_SYNC_OBJECT_PROGRESS (cs_sync_object_progress_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncObjectProgress, cs_sync_object_progress, CS, SYNC_OBJECT_PROGRESS, GObject)

CsSyncObjectProgress *cs_sync_object_progress_new   (const char           *object);

const char   *cs_sync_object_progress_get_object       (CsSyncObjectProgress *self);
CsSyncPhase   cs_sync_object_progress_get_phase        (CsSyncObjectProgress *self);
CsSyncMethod  cs_sync_object_progress_get_method       (CsSyncObjectProgress *self);
/* Records stored (or skipped) so far in this cycle. */
gint64        cs_sync_object_progress_get_records      (CsSyncObjectProgress *self);
/* How many the cycle expects for this object; -1 until known. */
gint64        cs_sync_object_progress_get_total        (CsSyncObjectProgress *self);
/* Rows marked deleted in this cycle. */
gint64        cs_sync_object_progress_get_deleted      (CsSyncObjectProgress *self);
/* Records skipped (record errors) in this cycle. */
gint64        cs_sync_object_progress_get_skipped      (CsSyncObjectProgress *self);
/* Estimated seconds until this object is done; -1 when unknown. */
gint64        cs_sync_object_progress_get_seconds_left (CsSyncObjectProgress *self);
/* Why it failed or stopped (translated), else NULL. */
const char   *cs_sync_object_progress_get_message      (CsSyncObjectProgress *self);

/* For the engine. */
void          cs_sync_object_progress_set_phase        (CsSyncObjectProgress *self,
                                                        CsSyncPhase           phase);
void          cs_sync_object_progress_set_method       (CsSyncObjectProgress *self,
                                                        CsSyncMethod          method);
void          cs_sync_object_progress_set_total        (CsSyncObjectProgress *self,
                                                        gint64                total);
/* Adds a page's counts and updates the estimate of the time left. */
void          cs_sync_object_progress_add              (CsSyncObjectProgress *self,
                                                        gint64                records,
                                                        gint64                deleted,
                                                        gint64                skipped);
void          cs_sync_object_progress_fail             (CsSyncObjectProgress *self,
                                                        CsSyncPhase           phase,
                                                        const char           *message);

G_END_DECLS
