/* cs-salesforce-client.h: REST calls against the org's instance URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-identity.h"
#include "cs-oauth-client.h"
#include "cs-token-set.h"

G_BEGIN_DECLS

#define CS_COMPOSITE_BATCH_MAX 25

/* Composite batch requests of one describe_many call in flight at once. */
#define CS_COMPOSITE_MAX_IN_FLIGHT 2

/* A query matching more records than this fails with CS_ERROR_INVALID_INPUT
 * as soon as the first page's totalSize says so: the REST API hands records
 * out 2,000 a page and all of them are held in memory. Use the Bulk API
 * beyond. */
#define CS_QUERY_MAX_RECORDS 200000

/* Defaults of cs_salesforce_client_set_rate_limit_backoff(). */
#define CS_RATE_LIMIT_MAX_RETRIES       2
#define CS_RATE_LIMIT_INITIAL_DELAY_MS  1000

#define CS_TYPE_SALESFORCE_CLIENT (cs_salesforce_client_get_type ())
G_DECLARE_FINAL_TYPE (CsSalesforceClient, cs_salesforce_client, CS, SALESFORCE_CLIENT, GObject)

/* @oauth is used to refresh the access token once on 401 INVALID_SESSION_ID;
 * @tokens must carry a refresh token for that to work. Emits
 * "tokens-refreshed" (CsTokenSet *) after a refresh, so that a rotated
 * refresh token can be stored. Requests that meet the expired session at the
 * same time share one refresh (and one emission). A token set holding only a
 * refresh token (restored from the keyring) is refreshed before the first
 * request. */
CsSalesforceClient *cs_salesforce_client_new               (CsOAuthClient      *oauth,
                                                            CsTokenSet         *tokens);

CsTokenSet         *cs_salesforce_client_get_tokens        (CsSalesforceClient *self);
/* "62.0"; NULL until negotiated or set */
const char         *cs_salesforce_client_get_api_version   (CsSalesforceClient *self);
void                cs_salesforce_client_set_api_version   (CsSalesforceClient *self,
                                                            const char         *version);
/* From the last Sforce-Limit-Info "api-usage=USED/MAX"; -1 when unknown. */
gint64              cs_salesforce_client_get_api_usage     (CsSalesforceClient *self);
gint64              cs_salesforce_client_get_api_limit     (CsSalesforceClient *self);
/* Number of HTTP requests sent so far (for benchmarks). */
guint               cs_salesforce_client_get_request_count (CsSalesforceClient *self);

/* On 403 REQUEST_LIMIT_EXCEEDED a request is sent again at most
 * @max_retries times, first after @initial_delay_ms, each following wait
 * four times longer (defaults: 2 retries, after 1 s then 4 s); then it fails
 * with CS_ERROR_RATE_LIMITED. @max_retries is at most 8. Tests shorten the
 * waits. */
void                cs_salesforce_client_set_rate_limit_backoff (CsSalesforceClient *self,
                                                                 guint               max_retries,
                                                                 guint               initial_delay_ms);

/* GET /services/data/ and keep the newest version (unless one was set). */
void         cs_salesforce_client_negotiate_version_async  (CsSalesforceClient *self,
                                                            GCancellable       *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer            user_data);
gboolean     cs_salesforce_client_negotiate_version_finish (CsSalesforceClient *self,
                                                            GAsyncResult       *result,
                                                            GError            **error);

/* Any GET/POST relative to the instance, e.g. "/services/data/v62.0/limits".
 * Handles Bearer, refresh-once-on-401, 403 rate limit backoff (bounded),
 * Sforce-Limit-Info and error mapping. The result is the parsed JSON body,
 * or NULL with no error for 204/304. @status_out may be NULL. @path must
 * start with a single '/' (CS_ERROR_INVALID_INPUT otherwise, nothing sent). */
void         cs_salesforce_client_request_async   (CsSalesforceClient *self,
                                                   const char         *method,
                                                   const char         *path,
                                                   JsonNode           *body,
                                                   GHashTable         *headers,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
JsonNode    *cs_salesforce_client_request_finish  (CsSalesforceClient *self,
                                                   GAsyncResult       *result,
                                                   guint              *status_out,
                                                   GError            **error);

/* Describe one object. With @if_modified_since (may be NULL) a 304 yields
 * NULL and *not_modified = TRUE. */
void         cs_salesforce_client_describe_async  (CsSalesforceClient *self,
                                                   const char         *object_name,
                                                   GDateTime          *if_modified_since,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
JsonNode    *cs_salesforce_client_describe_finish (CsSalesforceClient *self,
                                                   GAsyncResult       *result,
                                                   gboolean           *not_modified,
                                                   GError            **error);

/* Describe many objects with Composite Batch, ≤25 per request. The result
 * maps object name → JsonNode describe (owned by the table), or to NULL when
 * it answered 304. Per-object errors go into @errors_out (object → GError),
 * which may be NULL. At most CS_COMPOSITE_MAX_IN_FLIGHT batches are in
 * flight at once; @if_modified_since goes both on the batch request and on
 * each subrequest. A failed batch request fails the whole call. */
void         cs_salesforce_client_describe_many_async  (CsSalesforceClient *self,
                                                        const char * const *object_names,
                                                        GDateTime          *if_modified_since,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
/* Called as each batch of one describe_many call is answered: @answered
 * of @total objects (not after a cancellation). */
typedef void (*CsDescribeProgressFunc) (guint    answered,
                                        guint    total,
                                        gpointer user_data);

/* The same, reporting progress; @progress_data must live until the call
 * finishes. Finish with cs_salesforce_client_describe_many_finish(). */
void         cs_salesforce_client_describe_many_with_progress_async (CsSalesforceClient     *self,
                                                                     const char * const     *object_names,
                                                                     GDateTime              *if_modified_since,
                                                                     CsDescribeProgressFunc  progress,
                                                                     gpointer                progress_data,
                                                                     GCancellable           *cancellable,
                                                                     GAsyncReadyCallback     callback,
                                                                     gpointer                user_data);
GHashTable  *cs_salesforce_client_describe_many_finish (CsSalesforceClient *self,
                                                        GAsyncResult       *result,
                                                        GHashTable        **errors_out,
                                                        GError            **error);

/* Salesforce's time, by its own clock, before it described any of the
 * objects: the earliest Date of the call's answers, each less its round
 * trip. For the next If-Modified-Since (this computer's clock may differ).
 * NULL when no answer carried a Date. Owned by @result. */
GDateTime   *cs_salesforce_client_describe_many_get_server_date (CsSalesforceClient *self,
                                                                 GAsyncResult       *result);

/* SOQL, following nextRecordsUrl until done. Result: JsonArray of records
 * (transfer full). */
void         cs_salesforce_client_query_async     (CsSalesforceClient *self,
                                                   const char         *soql,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
JsonArray   *cs_salesforce_client_query_finish    (CsSalesforceClient *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

/* SELECT Profile.Name, Profile.PermissionsModifyAllData FROM User WHERE Id =
 * the identity's user; fills cs_identity_set_profile(). */
void         cs_salesforce_client_fetch_user_profile_async  (CsSalesforceClient *self,
                                                             CsIdentity         *identity,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
gboolean     cs_salesforce_client_fetch_user_profile_finish (CsSalesforceClient *self,
                                                             GAsyncResult       *result,
                                                             GError            **error);

/* SELECT Id, Name FROM Organization: the org's name, which no identity
 * answer carries. CS_ERROR_MALFORMED_RESPONSE when the answer has no
 * name. */
void         cs_salesforce_client_fetch_org_name_async      (CsSalesforceClient *self,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
char        *cs_salesforce_client_fetch_org_name_finish     (CsSalesforceClient *self,
                                                             GAsyncResult       *result,
                                                             GError            **error);

/* ---- For the record sync (cs-salesforce-client-bulk.c) ---- */

/* Answers as bytes, to be parsed where they are stored (off the main
 * thread), each with Salesforce's time when it read the request at the
 * latest (*@server_date, may be NULL when the answer had no Date). */

/* GET @path, a nextRecordsUrl ("/services/data/vNN.N/query/01g…-2000"). */
void         cs_salesforce_client_get_bytes_async    (CsSalesforceClient  *self,
                                                      const char          *path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* The first page of @soql through query, or queryAll with
 * @include_deleted (records in the recycle bin too, IsDeleted true). */
void         cs_salesforce_client_query_bytes_async  (CsSalesforceClient  *self,
                                                      const char          *soql,
                                                      gboolean             include_deleted,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* One Composite Batch of GET subrequests (at most CS_COMPOSITE_BATCH_MAX),
 * @urls relative to /services/data/ ("v62.0/query?q=…"). */
void         cs_salesforce_client_batch_bytes_async  (CsSalesforceClient  *self,
                                                      const char * const  *urls,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Finishes the three calls above. */
GBytes      *cs_salesforce_client_fetch_bytes_finish (CsSalesforceClient  *self,
                                                      GAsyncResult        *result,
                                                      GDateTime          **server_date,
                                                      GError             **error);

typedef enum {
  CS_BULK_JOB_UPLOAD_COMPLETE,   /* created, waiting for Salesforce */
  CS_BULK_JOB_IN_PROGRESS,
  CS_BULK_JOB_COMPLETE,          /* results can be read */
  CS_BULK_JOB_FAILED,
  CS_BULK_JOB_ABORTED,
} CsBulkJobState;

/* A Bulk API 2.0 query job, as Salesforce last described it. */
typedef struct {
  char           *id;
  CsBulkJobState  state;
  gint64          records_processed;   /* -1 until known */
  char           *error_message;       /* why it failed, from Salesforce, or NULL */
  GDateTime      *server_date;         /* Salesforce's time when it read the request, or NULL */
} CsBulkJob;

#define CS_TYPE_BULK_JOB (cs_bulk_job_get_type ())
GType        cs_bulk_job_get_type (void);
CsBulkJob   *cs_bulk_job_copy     (const CsBulkJob *job);
void         cs_bulk_job_free     (CsBulkJob       *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsBulkJob, cs_bulk_job_free)

/* POST jobs/query {"operation": "query" or "queryAll", "query": @soql}.
 * Bulk API 2.0 refuses aggregates and compound fields. */
void         cs_salesforce_client_create_query_job_async (CsSalesforceClient  *self,
                                                          const char          *soql,
                                                          gboolean             include_deleted,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* GET jobs/query/@job_id: the job's state. */
void         cs_salesforce_client_get_query_job_async    (CsSalesforceClient  *self,
                                                          const char          *job_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* Finishes both. */
CsBulkJob   *cs_salesforce_client_query_job_finish       (CsSalesforceClient  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* GET jobs/query/@job_id/results: a CSV page of at most @max_records
 * records from @locator (NULL: the first page). *@next_locator is NULL
 * after the last page; *@n_records is Sforce-NumberOfRecords (-1 when
 * absent). */
void         cs_salesforce_client_get_query_results_async  (CsSalesforceClient  *self,
                                                            const char          *job_id,
                                                            const char          *locator,
                                                            guint                max_records,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GBytes      *cs_salesforce_client_get_query_results_finish (CsSalesforceClient  *self,
                                                            GAsyncResult        *result,
                                                            char               **next_locator,
                                                            gint64              *n_records,
                                                            GError             **error);
/* DELETE jobs/query/@job_id, once its results are read. */
void         cs_salesforce_client_delete_query_job_async   (CsSalesforceClient  *self,
                                                            const char          *job_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean     cs_salesforce_client_delete_query_job_finish  (CsSalesforceClient  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
