/* cs-sync-issue.h: one job or record error of the record sync, as the
 * status view lists them (an item of a GListModel, so that a list can
 * filter and sort them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CS_SYNC_ISSUE_JOB,      /* a cycle or an object's part of it failed */
  CS_SYNC_ISSUE_RECORD,   /* one record was skipped, the cycle went on */
} CsSyncIssueKind;

/* "job", "record" (as stored, and for scripts). */
const char      *cs_sync_issue_kind_to_string (CsSyncIssueKind kind);

#define CS_TYPE_SYNC_ISSUE (cs_sync_issue_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncIssue, cs_sync_issue, CS, SYNC_ISSUE, GObject)

CsSyncIssue     *cs_sync_issue_new           (gint64           time,
                                              gint64           cycle_id,
                                              CsSyncIssueKind  kind,
                                              const char      *object,
                                              const char      *record_id,
                                              const char      *code,
                                              const char      *message);

/* Unix seconds. */
gint64           cs_sync_issue_get_time      (CsSyncIssue     *self);
gint64           cs_sync_issue_get_cycle_id  (CsSyncIssue     *self);
CsSyncIssueKind  cs_sync_issue_get_kind      (CsSyncIssue     *self);
/* The object's API name; NULL for an error of the whole cycle. */
const char      *cs_sync_issue_get_object    (CsSyncIssue     *self);
/* The record's Id for a record error, else NULL. */
const char      *cs_sync_issue_get_record_id (CsSyncIssue     *self);
/* A cs_error_code_to_string() name, or "value-does-not-fit" and the like
 * for record errors: for filtering and scripts. */
const char      *cs_sync_issue_get_code      (CsSyncIssue     *self);
/* What went wrong and what to do, translated. */
const char      *cs_sync_issue_get_message   (CsSyncIssue     *self);

/* For a list's filter: @kind_mask is 1 << CsSyncIssueKind of the kinds to
 * keep; @object (NULL: any) compares ignoring case; @text (NULL or empty:
 * any) must appear, ignoring case, in the message, the object or the Id;
 * @since (0: any) is the oldest time kept. */
gboolean         cs_sync_issue_matches       (CsSyncIssue     *self,
                                              guint            kind_mask,
                                              const char      *object,
                                              const char      *text,
                                              gint64           since);

G_END_DECLS
