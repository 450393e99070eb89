/* cs-field-sync.h: one connection's field sync, as the wizard and crm-sync
 * run it: check the sync user's access, list the fields it can see (each
 * one becomes permanent), record them in the field catalog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-access-audit.h"
#include "cs-field-catalog.h"
#include "cs-salesforce-client.h"
#include "cs-review-field.h"

G_BEGIN_DECLS

#define CS_TYPE_FIELD_SYNC (cs_field_sync_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldSync, cs_field_sync, CS, FIELD_SYNC, GObject)

CsFieldSync        *cs_field_sync_new                (CsSalesforceClient  *client,
                                                      CsFieldCatalog      *catalog,
                                                      const char          *connection_id);

CsSalesforceClient *cs_field_sync_get_client         (CsFieldSync         *self);
const char         *cs_field_sync_get_connection_id  (CsFieldSync         *self);

/* Custom objects to sync besides the standard ones (API names ending in
 * "__c"). Objects recorded by an earlier sync of the connection are added
 * by themselves. CS_ERROR_INVALID_INPUT for a name that is not a custom
 * object's. */
gboolean            cs_field_sync_add_custom_object  (CsFieldSync         *self,
                                                      const char          *object,
                                                      GError             **error);
void                cs_field_sync_remove_custom_object (CsFieldSync       *self,
                                                        const char        *object);
/* The custom objects, sorted, NULL-terminated. */
GStrv               cs_field_sync_dup_custom_objects (CsFieldSync         *self);
/* Standard objects then custom ones, NULL-terminated. */
GStrv               cs_field_sync_dup_objects        (CsFieldSync         *self);

/* Describes every object in full (no If-Modified-Since: the audit needs
 * whole describes) and audits the sync user's access. An object whose
 * describe fails is an "object missing" finding, not an error. Returns the
 * findings (CsAuditFinding, blocking first); afterwards
 * cs_field_sync_get_fields() lists what the describes show. Fields marked
 * unwanted keep their mark across checks while they stay visible. */
void                cs_field_sync_check_async        (CsFieldSync         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray          *cs_field_sync_check_finish       (CsFieldSync         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Whether a check succeeded (the fields and findings are known). */
gboolean            cs_field_sync_has_checked       (CsFieldSync         *self);
/* The last check's findings; NULL before the first one. */
GPtrArray          *cs_field_sync_get_findings       (CsFieldSync         *self);
/* The fields of the last check (element type CsReviewField), by object then
 * API name. Empty before the first check; the same model is refilled by
 * each check. */
GListModel         *cs_field_sync_get_fields         (CsFieldSync         *self);
guint               cs_field_sync_count_new_fields   (CsFieldSync         *self);
guint               cs_field_sync_count_unwanted     (CsFieldSync         *self);
/* Changes whenever the set of new fields changes (not only their number);
 * NULL before the first check. What a confirmation was given for. */
const char         *cs_field_sync_get_new_fields_digest (CsFieldSync      *self);

/* What to hide from the sync user in Salesforce: per object, the fields of
 * @fields (element type CsReviewField) marked unwanted, as plain text for the
 * admin to copy or save. NULL when none is marked. */
char               *cs_field_sync_format_hide_list   (GListModel          *fields);

/* Records what the sync user sees now in the catalog. Objects are
 * described again with If-Modified-Since: the time of the last check when
 * there was one (objects unchanged since are recorded from its describes),
 * else the catalog's last sync (an unchanged org then costs ⌈objects/25⌉
 * round trips with 304 answers, and nothing is parsed or written). Emits
 * "progress" (gdouble, 0 to 1) as batches are answered. A describe that
 * fails for an object fails the call: nothing is recorded. */
void                cs_field_sync_record_async       (CsFieldSync         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* @summary may be NULL; otherwise clear it with cs_field_sync_summary_clear(). */
gboolean            cs_field_sync_record_finish      (CsFieldSync         *self,
                                                      GAsyncResult        *result,
                                                      CsFieldSyncSummary  *summary,
                                                      GError             **error);

G_END_DECLS
