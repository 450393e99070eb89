/* cs-salesforce-client-private.h: what the files of CsSalesforceClient share.
 *
 * cs-salesforce-client.c holds the request machine (Bearer,
 * refresh-once-on-401, rate-limit backoff, Sforce-Limit-Info, error
 * mapping), version negotiation, the generic request, the paged query and
 * the user's profile; cs-salesforce-client-describe.c the describes. A new
 * family of calls gets its own file and sends through
 * cs_salesforce_client_send_request().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "cs-salesforce-client.h"

G_BEGIN_DECLS

typedef enum {
  CS_REQUEST_FLAGS_NONE     = 0,
  CS_REQUEST_FLAGS_NO_AUTH  = 1 << 0,   /* no Bearer: the versions list */
  CS_REQUEST_FLAGS_RAW_BODY = 1 << 1,   /* a 2xx/304 answers its body's bytes, not parsed JSON */
} CsRequestFlags;

/* Sends @method @path (relative to the instance, already checked) through
 * the request machine. @body may be NULL; its @content_type NULL means
 * application/json. @headers (name → value) may be NULL. The answer is read
 * up to @max_body_size bytes (CS_HTTP_MAX_*_BODY). The request is not
 * version-aware: see cs_salesforce_client_ensure_version_then(). Finish
 * with cs_salesforce_client_request_finish_json() or, with
 * CS_REQUEST_FLAGS_RAW_BODY, cs_salesforce_client_request_finish_bytes(). */
void        cs_salesforce_client_send_request            (CsSalesforceClient  *self,
                                                          const char          *method,
                                                          const char          *path,
                                                          GBytes              *body,
                                                          const char          *content_type,
                                                          GHashTable          *headers,
                                                          CsRequestFlags       flags,
                                                          gsize                max_body_size,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);

/* The parsed body; NULL with no error for 204/304 or an empty body. */
JsonNode   *cs_salesforce_client_request_finish_json     (GAsyncResult        *result,
                                                          guint               *status_out,
                                                          GError             **error);

/* The body's bytes (possibly empty, never NULL on success) and the answer's
 * headers (@headers_out may be NULL; unref with soup_message_headers_unref()).
 * Errors are mapped as for JSON requests. */
GBytes     *cs_salesforce_client_request_finish_bytes    (GAsyncResult        *result,
                                                          guint               *status_out,
                                                          SoupMessageHeaders **headers_out,
                                                          GError             **error);

/* Salesforce's time, at the latest, when it read the request (the answer's
 * Date less the round trip); NULL without a Date. Owned by @result. */
GDateTime  *cs_salesforce_client_request_get_server_date (GAsyncResult        *result);

/* Runs @func (@task) once an API version is known, negotiating one first if
 * needed; fails @task (whose source object is the client) otherwise. */
typedef void (*CsVersionReadyFunc) (GTask *task);
void        cs_salesforce_client_ensure_version_then     (GTask               *task,
                                                          CsVersionReadyFunc   func);

/* For tables whose values may be NULL (304 Not Modified). */
static inline void
cs_json_node_unref0 (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

G_END_DECLS
