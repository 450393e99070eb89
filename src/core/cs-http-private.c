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

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      g_debug ("HTTP request failed: %s", error->message);
      g_task_return_error (task, cs_error_new_from_transport (error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

void
cs_http_send_async (SoupSession         *session,
                    SoupMessage         *message,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_http_send_async);

  /* Method and path only: the query of a GET may carry values. */
  g_debug ("%s %s", soup_message_get_method (message),
           g_uri_get_path (soup_message_get_uri (message)));

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT,
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

  cs_http_send_async (session, message, cancellable, send_json_cb, g_steal_pointer (&task));
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
