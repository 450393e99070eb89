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
 * soup_message_get_status() afterwards). The body is never NULL on success
 * (possibly empty). Transport failures are mapped with
 * cs_error_new_from_transport(); a cancellation stays G_IO_ERROR_CANCELLED. */
void         cs_http_send_async                 (SoupSession   *session,
                                                 SoupMessage   *message,
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
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
JsonNode    *cs_http_send_json_finish           (SoupSession   *session,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* Parses @body as JSON; CS_ERROR_MALFORMED_RESPONSE (never quoting the body)
 * when it is not. */
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
