/* cs-http-private.h: HTTP, JSON and secret-handling plumbing shared by the
 * OAuth and REST clients. Not installed, not part of the core's API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cs-secret-util.h"

G_BEGIN_DECLS

#define CS_HTTP_USER_AGENT      "crm-sync-setup/" PACKAGE_VERSION
#define CS_HTTP_TIMEOUT_SECONDS 30

/* The largest answer each kind of request reads; anything longer is
 * refused with CS_ERROR_MALFORMED_RESPONSE before it fills the memory.
 * Salesforce's token and identity answers are a few KiB; a describe of a
 * large object is a few MiB, and a composite batch carries up to 25 of
 * them; a query page is at most 2,000 records. */
#define CS_HTTP_MAX_TOKEN_BODY      (64 * 1024)
#define CS_HTTP_MAX_IDENTITY_BODY   (256 * 1024)
#define CS_HTTP_MAX_DESCRIBE_BODY   (64 * 1024 * 1024)
#define CS_HTTP_MAX_QUERY_PAGE_BODY (32 * 1024 * 1024)
/* The record sync's: a composite batch checks up to 12 objects, each with
 * the first query page of its changes (a few MiB in practice) and its
 * deleted records; a Bulk API job's state is a small object; a page of a
 * job's CSV results holds at most the sync's page size in records
 * (maxRecords, 50,000 by default: tens of MiB for wide objects). */
#define CS_HTTP_MAX_QUERY_BATCH_BODY  (256 * 1024 * 1024)
#define CS_HTTP_MAX_BULK_JOB_BODY     (64 * 1024)
#define CS_HTTP_MAX_BULK_RESULTS_BODY (512 * 1024 * 1024)

/* JSON nested deeper than this is refused before json-glib, which
 * recurses, sees it. Salesforce's answers are shallow: a composite batch
 * of describes is about 8 levels deep. */
#define CS_HTTP_MAX_JSON_DEPTH      64

/* A session for one client: our user agent, a 30 s I/O timeout, no cookie
 * jar, no cache. */
SoupSession *cs_http_session_new                (void);

/* A message that never follows redirects (a redirected POST turns into a GET,
 * and a redirected bearer request could hand the token to another host) and
 * asks for JSON. NULL with CS_ERROR_MALFORMED_RESPONSE when @uri does not
 * parse (our own hosts are normalized already: a bad URI came from a
 * server's answer). */
SoupMessage *cs_http_message_new                (const char    *method,
                                                 const char    *uri,
                                                 GError       **error);

/* "Authorization: Bearer …" */
void         cs_http_message_set_bearer         (SoupMessage   *message,
                                                 const char    *access_token);

/* A copy of @url without its trailing slashes, so that a path can be
 * appended ("https://x.my.salesforce.com/" + "/services/…"). NULL for NULL. */
char        *cs_http_dup_base_url               (const char    *url);

/* 127.0.0.1, ::1 or localhost (case-insensitive), as g_uri_get_host()
 * returns them. */
gboolean     cs_http_host_is_loopback           (const char    *host);

/* TRUE for https, and for http to a loopback host: the only places a secret
 * or token may be sent. */
gboolean     cs_http_uri_is_secure              (const char    *uri);
/* Same, FALSE with CS_ERROR_INVALID_HOST saying why nothing was sent. */
gboolean     cs_http_uri_check_secure           (const char    *uri,
                                                 GError       **error);

/* Sends @message and reads the whole body, whatever the HTTP status (look at
 * soup_message_get_status() afterwards), up to @max_body_size bytes: a
 * longer answer (declared or read) is CS_ERROR_MALFORMED_RESPONSE. The body
 * is never NULL on success (possibly empty), and is wiped when freed (it
 * may hold tokens). Transport failures are mapped with
 * cs_error_new_from_transport(); a cancellation stays G_IO_ERROR_CANCELLED. */
void         cs_http_send_async                 (SoupSession   *session,
                                                 SoupMessage   *message,
                                                 gsize          max_body_size,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
GBytes      *cs_http_send_finish                (SoupSession   *session,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* Like cs_http_send_async(), then: a 2xx body parsed as JSON (NULL without
 * error for an empty body, e.g. 204), anything else mapped with
 * cs_http_error_from_response(). The message keeps its status and headers. */
void         cs_http_send_json_async            (SoupSession   *session,
                                                 SoupMessage   *message,
                                                 gsize          max_body_size,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
JsonNode    *cs_http_send_json_finish           (SoupSession   *session,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* An application/x-www-form-urlencoded body from name/value pairs ending
 * with a NULL name (a NULL value leaves its pair out), encoded as
 * soup_form_encode() does. The values may be secrets (consumer secret,
 * code, verifier, refresh token): the body is written once at its final
 * size, so no outgrown copy is left behind, and wiped when freed. */
GBytes      *cs_http_form_new                   (const char    *first_name,
                                                 ...) G_GNUC_NULL_TERMINATED;

/* The "api-usage=USED/MAX" entry of a Sforce-Limit-Info header among its
 * comma-separated entries ("api-usage=25/15000, per-app-api-usage=…").
 * FALSE when @value is NULL or has none. */
gboolean     cs_http_parse_limit_info           (const char    *value,
                                                 gint64        *used,
                                                 gint64        *max);

/* Salesforce's clock when it read a request, at the latest: the answer's
 * @date_header (stamped when it was sent) less the whole round trip
 * (@elapsed_us), rounded up to the second. NULL without a readable date. */
GDateTime   *cs_http_server_date                (const char    *date_header,
                                                 gint64         elapsed_us);

/* Parses @body as JSON; CS_ERROR_MALFORMED_RESPONSE (never quoting the body)
 * when it is not, or when it nests deeper than CS_HTTP_MAX_JSON_DEPTH. */
JsonNode    *cs_http_parse_json                 (GBytes        *body,
                                                 GError       **error);

/* The CsError for a non-2xx answer: an OAuth {"error", "error_description"}
 * object goes through cs_error_new_from_oauth(), a REST
 * [{"errorCode", "message"}] list (or a single such object) through
 * cs_error_new_from_rest(); otherwise the status decides (3xx: INVALID_HOST,
 * 401: SESSION_EXPIRED, 403 "Bad_OAuth_Token": SESSION_EXPIRED, 404:
 * NOT_FOUND, 429: RATE_LIMITED, 5xx: SERVER, else MALFORMED_RESPONSE).
 * @body may be NULL. */
GError      *cs_http_error_from_response        (SoupMessage   *message,
                                                 GBytes        *body);
/* The same from a bare status (for tests, and answers read by other means). */
GError      *cs_http_error_from_status          (guint          status,
                                                 GBytes        *body);

/* The first {"errorCode", "message", "fields"} object of a REST error
 * answer, which is a list of them (sometimes a single object); NULL when
 * @root is neither. It may lack "errorCode": check before relying on it. */
JsonObject  *cs_http_rest_error_object          (JsonNode      *root);

/* The deepest nesting of arrays and objects in @data (JSON text, not
 * necessarily valid), without recursion; it stops counting past @limit. */
guint        cs_json_nesting_depth              (const char    *data,
                                                 gsize          size,
                                                 guint          limit);

/* Read a number or boolean member; @fallback when absent or of another
 * JSON kind. (json-glib's *_member_with_default() complain about an array
 * or object where they expect a value, and an answer may hold one.) */
gint64       cs_json_object_get_int             (JsonObject    *object,
                                                 const char    *member,
                                                 gint64         fallback);
gboolean     cs_json_object_get_bool            (JsonObject    *object,
                                                 const char    *member,
                                                 gboolean       fallback);

/* Reads a string member; NULL when absent, null, empty or not a string. */
const char  *cs_json_object_get_string          (JsonObject    *object,
                                                 const char    *member);

/* Constant-time comparison (the lengths may leak, the contents do not).
 * NULL equals nothing. */
gboolean     cs_secure_str_equal                (const char    *a,
                                                 const char    *b);

/* Wiping secrets: cs_secret_wipe_free(), cs_secret_clear() and
 * CsSecretString in cs-secret-util.h. */

G_END_DECLS
