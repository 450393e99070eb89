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

#define CS_TYPE_SALESFORCE_CLIENT (cs_salesforce_client_get_type ())
G_DECLARE_FINAL_TYPE (CsSalesforceClient, cs_salesforce_client, CS, SALESFORCE_CLIENT, GObject)

/* @oauth is used to refresh the access token once on 401 INVALID_SESSION_ID;
 * @tokens must carry a refresh token for that to work. Emits
 * "tokens-refreshed" (CsTokenSet *) after a refresh, so that a rotated
 * refresh token can be stored. */
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
 * or NULL with no error for 204/304. @status_out may be NULL. */
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
 * which may be NULL. */
void         cs_salesforce_client_describe_many_async  (CsSalesforceClient *self,
                                                        const char * const *object_names,
                                                        GDateTime          *if_modified_since,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GHashTable  *cs_salesforce_client_describe_many_finish (CsSalesforceClient *self,
                                                        GAsyncResult       *result,
                                                        GHashTable        **errors_out,
                                                        GError            **error);

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

G_END_DECLS
