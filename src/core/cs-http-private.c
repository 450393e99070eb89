/* cs-http-private.c: HTTP, JSON and secret-handling plumbing shared by the
 * OAuth and REST clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-http-private.h"

SoupSession *
cs_http_session_new (void)
{
  SoupSession *session;

  session = soup_session_new_with_options ("user-agent", CS_HTTP_USER_AGENT,
                                           "timeout", CS_HTTP_TIMEOUT_SECONDS,
                                           NULL);

  /* libsoup 3 adds neither by default; make sure no cookie or cached answer
   * (which may hold a token) ever outlives a request. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CACHE);

  return session;
}

SoupMessage *
cs_http_message_new (const char  *method,
                     const char  *uri,
                     GError     **error)
{
  SoupMessage *message;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  message = soup_message_new (method, uri);
  if (message == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _ ("Salesforce handed out an address that is not valid. "
                              "Log in with Salesforce again; if it keeps failing, "
                              "check the login host."));
      return NULL;
    }

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");

  return message;
}

void
cs_http_message_set_bearer (SoupMessage *message,
                            const char  *access_token)
{
  g_autofree char *value = NULL;

  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (access_token != NULL);

  value = g_strconcat ("Bearer ", access_token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", value);
  explicit_bzero (value, strlen (value));
}

char *
cs_http_dup_base_url (const char *url)
{
  char *copy;
  gsize len;

  if (url == NULL)
    return NULL;

  copy = g_strdup (url);
  len = strlen (copy);
  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

gboolean
cs_http_host_is_loopback (const char *host)
{
  if (host == NULL)
    return FALSE;

  return g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1") ||
         g_ascii_strcasecmp (host, "localhost") == 0;
}

gboolean
cs_http_uri_is_secure (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0' || g_uri_get_userinfo (parsed) != NULL)
    return FALSE;

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return g_ascii_strcasecmp (scheme, "http") == 0 && cs_http_host_is_loopback (host);
}

gboolean
cs_http_uri_check_secure (const char  *uri,
                          GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cs_http_uri_is_secure (uri))
    return TRUE;

  g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_HOST,
                       _ ("Credentials are only sent over https (or to this computer), "
                          "so nothing was sent. Use the https:// address of the "
                          "Salesforce login host."));
  return FALSE;
}

/* ---- headers --------------------------------------------------------------- */

gboolean
cs_http_parse_limit_info (const char *value,
                          gint64     *used,
                          gint64     *max)
{
  g_auto(GStrv) entries = NULL;

  g_return_val_if_fail (used != NULL && max != NULL, FALSE);

  if (value == NULL)
    return FALSE;

  entries = g_strsplit (value, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      const char *entry = g_strstrip (entries[i]);
      g_auto(GStrv) numbers = NULL;

      if (!g_str_has_prefix (entry, "api-usage="))
        continue;

      numbers = g_strsplit (entry + strlen ("api-usage="), "/", -1);
      if (g_strv_length (numbers) == 2 &&
          g_ascii_string_to_signed (g_strstrip (numbers[0]), 10, 0, G_MAXINT64, used, NULL) &&
          g_ascii_string_to_signed (g_strstrip (numbers[1]), 10, 0, G_MAXINT64, max, NULL))
        return TRUE;
    }

  return FALSE;
}

GDateTime *
cs_http_server_date (const char *date_header,
                     gint64      elapsed_us)
{
  g_autoptr(GDateTime) date = NULL;

  if (date_header == NULL)
    return NULL;
  date = soup_date_time_new_from_http_string (date_header);
  if (date == NULL)
    return NULL;
  elapsed_us = MAX (elapsed_us, 0);
  return g_date_time_add_seconds (date, -(gdouble) ((elapsed_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
}

/* ---- forms ----------------------------------------------------------------- */

static gboolean
form_char_is_plain (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.';
}

static gsize
form_encoded_length (const char *text)
{
  const guchar *p;
  gsize length = 0;

  for (p = (const guchar *) text; *p != '\0'; p++)
    length += form_char_is_plain (*p) || *p == ' ' ? 1 : 3;
  return length;
}

static char *
form_encode_into (char       *out,
                  const char *text)
{
  static const char hex[] = "0123456789ABCDEF";
  const guchar *p;

  for (p = (const guchar *) text; *p != '\0'; p++)
    {
      if (form_char_is_plain (*p))
        *out++ = (char) *p;
      else if (*p == ' ')
        *out++ = '+';
      else
        {
          *out++ = '%';
          *out++ = hex[*p >> 4];
          *out++ = hex[*p & 0xf];
        }
    }
  return out;
}

static void
form_wipe_free (gpointer form)
{
  cs_secret_wipe_free (form);
}

GBytes *
cs_http_form_new (const char *first_name,
                  ...)
{
  const char *name;
  gsize length = 0;
  char *form;
  char *out;
  va_list args;

  /* Measure, then write: the body never moves. */
  va_start (args, first_name);
  for (name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        length += (length > 0 ? 1 : 0) + form_encoded_length (name) + 1 + form_encoded_length (value);
    }
  va_end (args);

  form = g_malloc (length + 1);
  out = form;
  va_start (args, first_name);
  for (name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      if (out != form)
        *out++ = '&';
      out = form_encode_into (out, name);
      *out++ = '=';
      out = form_encode_into (out, value);
    }
  va_end (args);
  *out = '\0';
  g_assert ((gsize) (out - form) == length);

  return g_bytes_new_with_free_func (form, length, form_wipe_free, form);
}

/* ---- reading a bounded body ------------------------------------------------ */

#define READ_CHUNK_SIZE (64 * 1024)

/* What a request reads: a buffer grown by hand, so that each outgrown
 * copy (which may hold a token) is wiped rather than left behind. */
typedef struct {
  GInputStream *stream;
  SoupMessage  *message;
  guint8       *data;
  gsize         length;
  gsize         allocated;
  gsize         max_size;
} ReadData;

static void
wipe_free (gpointer data,
           gsize    size)
{
  if (data == NULL)
    return;
  explicit_bzero (data, size);
  g_free (data);
}

static void
wiped_bytes_free (gpointer user_data)
{
  ReadData *holder = user_data;

  wipe_free (holder->data, holder->allocated);
  g_free (holder);
}

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->stream);
  g_clear_object (&data->message);
  wipe_free (data->data, data->allocated);
  g_free (data);
}

static GError *
body_too_large_error (gsize max_size)
{
  g_autofree char *size = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  /* Translators: %s is a size such as "64.0 KiB". */
  return g_error_new (CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                      _ ("Salesforce sent an answer larger than %s, far more than this "
                         "request ever needs, so it was not read. Check the login host, then "
                         "try again."),
                      size);
}

static void
reserve (ReadData *data,
         gsize     wanted)
{
  guint8 *grown;
  gsize allocated = MAX (data->allocated, 1024);

  if (wanted <= data->allocated)
    return;
  while (allocated < wanted)
    allocated *= 2;
  allocated = MIN (allocated, data->max_size + 1);
  grown = g_malloc (allocated);
  if (data->length > 0)
    memcpy (grown, data->data, data->length);
  wipe_free (data->data, data->allocated);
  data->data = grown;
  data->allocated = allocated;
}

static void read_next (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      g_debug ("HTTP body read failed: %s", error->message);
      g_task_return_error (task, cs_error_new_from_transport (error));
      return;
    }
  if (n == 0)
    {
      ReadData *holder = g_new0 (ReadData, 1);
      GBytes *body;

      holder->data = g_steal_pointer (&data->data);
      holder->allocated = data->allocated;
      data->allocated = 0;
      body = g_bytes_new_with_free_func (holder->data, data->length, wiped_bytes_free, holder);
      g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
      return;
    }

  data->length += (gsize) n;
  if (data->length > data->max_size)
    {
      g_task_return_error (task, body_too_large_error (data->max_size));
      return;
    }
  read_next (g_steal_pointer (&task));
}

/* Reads into the buffer, one byte past the bound at most: that byte
 * tells a body of exactly max_size from a longer one. */
static void
read_next (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);
  gsize room;

  reserve (data, MIN (data->length + READ_CHUNK_SIZE, data->max_size + 1));
  room = MIN (data->allocated, data->max_size + 1) - data->length;
  g_input_stream_read_async (data->stream, data->data + data->length, room, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_cb, task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  data->stream = soup_session_send_finish (session, result, &error);
  if (data->stream == NULL)
    {
      g_debug ("HTTP request failed: %s", error->message);
      g_task_return_error (task, cs_error_new_from_transport (error));
      return;
    }

  /* A declared length past the bound is refused before reading. */
  headers = soup_message_get_response_headers (data->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) data->max_size)
    {
      g_task_return_error (task, body_too_large_error (data->max_size));
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    reserve (data, (gsize) soup_message_headers_get_content_length (headers) + 1);

  read_next (g_steal_pointer (&task));
}

void
cs_http_send_async (SoupSession         *session,
                    SoupMessage         *message,
                    gsize                max_body_size,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (max_body_size > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_http_send_async);
  data = g_new0 (ReadData, 1);
  data->message = g_object_ref (message);
  data->max_size = max_body_size;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  /* Method and path only: the query of a GET may carry values. */
  g_debug ("%s %s", soup_message_get_method (message),
           g_uri_get_path (soup_message_get_uri (message)));

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT,
                           cancellable, send_cb, g_steal_pointer (&task));
}

GBytes *
cs_http_send_finish (SoupSession   *session,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_http_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
send_json_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  guint status;

  body = cs_http_send_finish (session, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (message);
  g_debug ("HTTP status %u", status);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, cs_http_error_from_response (message, body));
      return;
    }

  if (g_bytes_get_size (body) == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  root = cs_http_parse_json (body, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

void
cs_http_send_json_async (SoupSession         *session,
                         SoupMessage         *message,
                         gsize                max_body_size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_http_send_json_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  cs_http_send_async (session, message, max_body_size, cancellable, send_json_cb,
                      g_steal_pointer (&task));
}

JsonNode *
cs_http_send_json_finish (SoupSession   *session,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_http_send_json_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
cs_http_parse_json (GBytes  *body,
                    GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  parser = json_parser_new_immutable ();

  /* json-glib recurses once per level: a deep answer would end in a
   * stack overflow, so its depth is measured first. */
  if (data != NULL && cs_json_nesting_depth (data, size, CS_HTTP_MAX_JSON_DEPTH) > CS_HTTP_MAX_JSON_DEPTH)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _ ("Salesforce answered with data nested far deeper than it ever "
                              "is, so it was not read. Check the login host, then try again."));
      return NULL;
    }

  /* The parser's message may quote the body, which can hold a token: it is
   * neither shown nor logged. */
  if (data == NULL || size == 0 ||
      !json_parser_load_from_data (parser, data, size, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _ ("Salesforce answered something that could not be read "
                              "(not JSON). Check the login host, then try again."));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

guint
cs_json_nesting_depth (const char *data,
                       gsize       size,
                       guint       limit)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint deepest = 0;
  gsize i;

  for (i = 0; i < size && deepest <= limit; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          depth++;
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

static JsonNode *
scalar_member (JsonObject *object,
               const char *member,
               GType       type)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;
  return node;
}

gint64
cs_json_object_get_int (JsonObject *object,
                        const char *member,
                        gint64      fallback)
{
  JsonNode *node = scalar_member (object, member, G_TYPE_INT64);

  return node != NULL ? json_node_get_int (node) : fallback;
}

gboolean
cs_json_object_get_bool (JsonObject *object,
                         const char *member,
                         gboolean    fallback)
{
  JsonNode *node = scalar_member (object, member, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : fallback;
}

const char *
cs_json_object_get_string (JsonObject *object,
                           const char *member)
{
  JsonNode *node;
  const char *value;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  if (value == NULL || *value == '\0')
    return NULL;

  return value;
}

JsonObject *
cs_http_rest_error_object (JsonNode *root)
{
  if (root == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);
      JsonNode *first;

      if (json_array_get_length (array) == 0)
        return NULL;
      first = json_array_get_element (array, 0);
      return JSON_NODE_HOLDS_OBJECT (first) ? json_node_get_object (first) : NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    return json_node_get_object (root);

  return NULL;
}

static gboolean
bytes_contain (GBytes     *body,
               const char *needle)
{
  const char *data;
  gsize size = 0;

  if (body == NULL)
    return FALSE;

  data = g_bytes_get_data (body, &size);
  return data != NULL && g_strstr_len (data, size, needle) != NULL;
}

GError *
cs_http_error_from_response (SoupMessage *message,
                             GBytes      *body)
{
  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);

  return cs_http_error_from_status (soup_message_get_status (message), body);
}

GError *
cs_http_error_from_status (guint   status,
                           GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;

  if (SOUP_STATUS_IS_REDIRECTION (status))
    return g_error_new_literal (CS_ERROR, CS_ERROR_INVALID_HOST,
                                _ ("Salesforce sent the request to another address. Use "
                                   "the org’s login host (https://login.salesforce.com, "
                                   "https://test.salesforce.com or "
                                   "https://NAME.my.salesforce.com), then try again."));

  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    return cs_error_new_for_code (CS_ERROR_SERVER);

  if (body != NULL && g_bytes_get_size (body) > 0)
    root = cs_http_parse_json (body, NULL);

  if (root != NULL)
    {
      JsonObject *rest_error = cs_http_rest_error_object (root);

      if (rest_error != NULL && cs_json_object_get_string (rest_error, "errorCode") != NULL)
        return cs_error_new_from_rest (status,
                                       cs_json_object_get_string (rest_error, "errorCode"),
                                       cs_json_object_get_string (rest_error, "message"));

      if (JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *object = json_node_get_object (root);
          const char *oauth_error = cs_json_object_get_string (object, "error");

          if (oauth_error != NULL)
            return cs_error_new_from_oauth (oauth_error,
                                            cs_json_object_get_string (object, "error_description"));
        }
    }

  if (status == SOUP_STATUS_UNAUTHORIZED ||
      (status == SOUP_STATUS_FORBIDDEN && bytes_contain (body, "Bad_OAuth_Token")))
    return cs_error_new_for_code (CS_ERROR_SESSION_EXPIRED);
  if (status == SOUP_STATUS_NOT_FOUND)
    return cs_error_new_for_code (CS_ERROR_NOT_FOUND);
  if (status == 429 /* Too Many Requests */)
    return cs_error_new_for_code (CS_ERROR_RATE_LIMITED);

  return g_error_new (CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                      _ ("Salesforce answered with an unexpected page (HTTP %u). Check "
                         "the login host, then try again."),
                      status);
}

gboolean
cs_secure_str_equal (const char *a,
                     const char *b)
{
  gsize len_a, len_b, i;
  guchar diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  len_a = strlen (a);
  len_b = strlen (b);
  if (len_a != len_b)
    return FALSE;

  for (i = 0; i < len_a; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];

  return diff == 0;
}
