/* cs-practice-util.h: small helpers shared by the practice org's modules:
 * kernel randomness, Salesforce record ids, a streaming JSON writer, form
 * encoding and the date formats of the wire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Randomness comes from getrandom(2): consumer secrets, codes and tokens
 * must not be guessable even in a rehearsal org, since the wizard treats
 * them as real secrets. */
void      cs_practice_random_bytes        (guint8      *buffer,
                                           gsize        length);
char     *cs_practice_random_string       (const char  *alphabet,
                                           gsize        length);
#define CS_PRACTICE_ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* Secrets, codes, verifiers and tokens are compared in constant time
 * (the lengths may leak). NULL equals nothing. */
gboolean  cs_practice_secure_equal        (const char  *a,
                                           const char  *b);

/* Record ids (standard-objects.md §2). */
char     *cs_practice_id_suffix           (const char  *id15);
char     *cs_practice_id_to_18            (const char  *id);
gboolean  cs_practice_id_is_valid         (const char  *id);
/* prefix (3 chars) + "5g" + "0" + @serial as 9 base-62 digits + suffix. */
char     *cs_practice_make_id             (const char  *prefix,
                                           guint64      serial);
/* The serial back from an id made by cs_practice_make_id(). */
gboolean  cs_practice_id_get_serial       (const char  *id,
                                           guint64     *serial);

/* A JSON writer appending to a GString; faster than building a JsonNode
 * tree, which matters for describes with thousands of fields. */
typedef struct {
  GString  *out;
  guint     depth;
  gboolean  after_key;
  guint64   need_comma;     /* bit per nesting level */
} CsJsonWriter;

void      cs_json_writer_init             (CsJsonWriter *w,
                                           GString      *out);
void      cs_json_begin_object            (CsJsonWriter *w);
void      cs_json_end_object              (CsJsonWriter *w);
void      cs_json_begin_array             (CsJsonWriter *w);
void      cs_json_end_array               (CsJsonWriter *w);
void      cs_json_key                     (CsJsonWriter *w,
                                           const char   *key);
void      cs_json_string                  (CsJsonWriter *w,
                                           const char   *value);   /* NULL: null */
void      cs_json_bool                    (CsJsonWriter *w,
                                           gboolean      value);
void      cs_json_int                     (CsJsonWriter *w,
                                           gint64        value);
void      cs_json_double                  (CsJsonWriter *w,
                                           double        value);
void      cs_json_null                    (CsJsonWriter *w);
/* Already serialized JSON text. */
void      cs_json_raw                     (CsJsonWriter *w,
                                           const char   *json);
void      cs_json_node                    (CsJsonWriter *w,
                                           JsonNode     *node);    /* NULL: null */

/* Convenience for "key": value pairs. */
void      cs_json_kv_string               (CsJsonWriter *w,
                                           const char   *key,
                                           const char   *value);
void      cs_json_kv_bool                 (CsJsonWriter *w,
                                           const char   *key,
                                           gboolean      value);
void      cs_json_kv_int                  (CsJsonWriter *w,
                                           const char   *key,
                                           gint64        value);
void      cs_json_kv_null                 (CsJsonWriter *w,
                                           const char   *key);

void      cs_json_append_escaped          (GString      *out,
                                           const char   *value);

/* REST error bodies: [{"message":…,"errorCode":…}]. */
char     *cs_practice_rest_error          (const char   *error_code,
                                           const char   *message);
/* OAuth error bodies: {"error":…,"error_description":…}. */
char     *cs_practice_oauth_error         (const char   *error,
                                           const char   *description);

/* application/x-www-form-urlencoded decoding whose names and values are
 * always valid UTF-8 (invalid bytes become U+FFFD): they end up in HTML
 * and JSON. The last of repeated names wins, as with soup_form_decode(). */
GHashTable *cs_practice_form_decode       (const char   *encoded);
/* The same for a table libsoup decoded already (a request's query). */
GHashTable *cs_practice_form_make_valid   (GHashTable   *form);

/* application/x-www-form-urlencoded, spaces as '+', as Salesforce sends
 * them on the callback. */
void      cs_practice_append_form_param   (GString      *query,
                                           const char   *name,
                                           const char   *value);

/* "Tue, 03 Jun 2025 12:00:00 GMT" and back. */
char     *cs_practice_http_date           (gint64        unix_seconds);
gboolean  cs_practice_parse_http_date     (const char   *value,
                                           gint64       *unix_seconds);
/* "2025-06-03T12:00:00.000+0000", the REST datetime format. */
char     *cs_practice_rest_datetime       (gint64        unix_seconds);
/* "2025-06-03", the REST date format. */
char     *cs_practice_rest_date           (gint64        unix_seconds);
/* "2025-06-03T12:00:00Z", the identity service's format. */
char     *cs_practice_iso_datetime        (gint64        unix_seconds);
/* Unix seconds of a REST datetime or any ISO 8601 time with a zone
 * ("…Z", "…+0000", "…+02:00"); 0 when it is neither. Fast for the REST
 * format, which scans over a million generated leads read. */
gint64    cs_practice_parse_rest_datetime (const char   *text);

G_END_DECLS
