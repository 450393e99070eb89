/* cs-salesforce-client.c: REST calls against the org's instance URL.
 *
 * Every call goes through one request machine (request_send() and
 * request_sent_cb()): Bearer header, Sforce-Limit-Info, error mapping, one
 * refresh on 401 INVALID_SESSION_ID and a bounded backoff on 403
 * REQUEST_LIMIT_EXCEEDED. The operations above it (versions, query, the
 * user's profile here; the describes in cs-salesforce-client-describe.c)
 * only build paths and read bodies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-salesforce-client-private.h"
#include "cs-string-util.h"


struct _CsSalesforceClient
{
  GObject        parent_instance;

  CsOAuthClient *oauth;
  CsTokenSet    *tokens;
  char          *api_version;

  gint64         api_usage;
  gint64         api_limit;
  guint          request_count;

  guint          rate_limit_max_retries;
  guint          rate_limit_initial_delay_ms;

  /* Requests waiting for the one refresh in flight; NULL when none is. */
  GPtrArray     *refresh_waiters;
};

G_DEFINE_FINAL_TYPE (CsSalesforceClient, cs_salesforce_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OAUTH_CLIENT,
  PROP_TOKENS,
  PROP_API_VERSION,
  PROP_API_USAGE,
  PROP_API_LIMIT,
  PROP_REQUEST_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TOKENS_REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

/* "NN.N" → (NN, N); FALSE for anything else. */
static gboolean
parse_api_version (const char *version,
                   guint64    *major,
                   guint64    *minor)
{
  g_auto(GStrv) parts = NULL;

  if (version == NULL)
    return FALSE;

  parts = g_strsplit (version, ".", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;

  return g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT32, major, NULL) &&
         g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT32, minor, NULL);
}

/* A server-relative path: one leading '/', printable ASCII, no fragment, so
 * that appending it to the instance URL cannot change the host. */
static gboolean
is_valid_request_path (const char *path)
{
  if (path == NULL || path[0] != '/' || path[1] == '/')
    return FALSE;

  for (const char *p = path; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= ' ' || c >= 0x7f || c == '#' || c == '\\')
        return FALSE;
    }

  return TRUE;
}

/* The bearer token only ever goes over https, or over http to this very
 * machine (the practice org). */
static char *
build_request_url (CsTokenSet  *tokens,
                   const char  *path,
                   GError     **error)
{
  const char *instance_url = cs_token_set_get_instance_url (tokens);
  g_autofree char *base = NULL;

  if (!cs_http_uri_check_secure (instance_url, error))
    return NULL;

  base = cs_http_dup_base_url (instance_url);

  return g_strconcat (base, path, NULL);
}

static void
update_limit_info (CsSalesforceClient *self,
                   SoupMessage        *msg)
{
  const char *value;
  gint64 used = -1;
  gint64 max = -1;

  value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                        "Sforce-Limit-Info");
  if (!cs_http_parse_limit_info (value, &used, &max))
    return;

  if (used != self->api_usage)
    {
      self->api_usage = used;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_USAGE]);
    }
  if (max != self->api_limit)
    {
      self->api_limit = max;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_LIMIT]);
    }
}

/* The errorCode and message of an error body (see
 * cs_http_rest_error_object()); only to decide on a refresh or a backoff:
 * cs_http_error_from_response() maps the error itself. */
static gboolean
parse_error_body (GBytes  *body,
                  char   **code,
                  char   **message)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *c;

  if (body == NULL || g_bytes_get_size (body) == 0)
    return FALSE;

  root = cs_http_parse_json (body, NULL);
  object = cs_http_rest_error_object (root);
  if (object == NULL)
    return FALSE;

  c = cs_json_object_get_string (object, "errorCode");
  if (c == NULL)
    return FALSE;

  *code = g_strdup (c);
  *message = g_strdup (cs_json_object_get_string (object, "message"));
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The request machine                                                       */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char         *method;
  char         *path;
  GBytes       *body;              /* or NULL */
  char         *content_type;      /* of @body; NULL: JSON */
  GHashTable   *headers;           /* name → value, or NULL */
  CsRequestFlags flags;
  gsize         max_body_size;     /* the longest answer read */

  SoupMessage  *msg;               /* the attempt in flight */
  CsTokenSet   *sent_with;         /* tokens of the last attempt */
  gboolean      refreshed;         /* the one refresh was used */
  guint         rate_limit_retries;
  guint         status;
  gint64        sent_at;           /* monotonic µs, when the attempt was sent */
  GDateTime    *server_date;       /* Salesforce's time, at the latest, when it read the request; or NULL */
  GSource      *cancel_source;     /* while waiting for the shared refresh */
  SoupMessageHeaders *response_headers;   /* of the last answer */
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_free (data->method);
  g_free (data->path);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->content_type);
  g_clear_pointer (&data->headers, g_hash_table_unref);
  g_clear_pointer (&data->response_headers, soup_message_headers_unref);
  g_clear_object (&data->msg);
  g_clear_object (&data->sent_with);
  g_clear_pointer (&data->server_date, g_date_time_unref);
  g_assert (data->cancel_source == NULL);
  g_free (data);
}

static void request_send (GTask *task);
static void request_stop_waiting (GTask *task);

static GTask *
request_task_new (CsSalesforceClient *self,
                  const char         *method,
                  const char         *path,
                  GBytes             *body,
                  const char         *content_type,
                  GHashTable         *headers,
                  CsRequestFlags      flags,
                  gsize               max_body_size,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  GTask *task;
  RequestData *data;

  g_assert (CS_IS_SALESFORCE_CLIENT (self));
  g_assert (method != NULL);
  g_assert (path != NULL);

  data = g_new0 (RequestData, 1);
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->body = body != NULL ? g_bytes_ref (body) : NULL;
  data->content_type = g_strdup (content_type);
  data->headers = headers != NULL ? g_hash_table_ref (headers) : NULL;
  data->flags = flags;
  data->max_body_size = max_body_size;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  return task;
}

static JsonNode *
request_task_finish (GTask   *task,
                     guint   *status_out,
                     GError **error)
{
  RequestData *data = g_task_get_task_data (task);

  if (status_out != NULL)
    *status_out = data->status;

  return g_task_propagate_pointer (task, error);
}

static void
request_return_node (GTask    *task,
                     JsonNode *node)
{
  g_task_return_pointer (task, node, cs_json_node_unref0);
}

static gboolean
request_backoff_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;

  /* Dispatched either when the wait is over or when cancelled. */
  if (!g_task_return_error_if_cancelled (task))
    request_send (task);

  return G_SOURCE_REMOVE;
}

static void
request_backoff (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GSource) source = NULL;
  guint64 delay_ms = self->rate_limit_initial_delay_ms;

  for (guint i = 0; i < data->rate_limit_retries; i++)
    delay_ms *= 4;
  data->rate_limit_retries++;

  g_debug ("Request limit exceeded; retry %u in %" G_GUINT64_FORMAT " ms",
           data->rate_limit_retries, delay_ms);

  /* A cancellable source dispatches on cancellation, and at its ready time. */
  source = g_cancellable_source_new (g_task_get_cancellable (task));
  g_source_set_ready_time (source, g_get_monotonic_time () + (gint64) delay_ms * 1000);
  g_task_attach_source (task, source, (GSourceFunc) request_backoff_cb);
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CsSalesforceClient) self = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->refresh_waiters);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = cs_oauth_client_refresh_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (tokens != NULL)
    {
      /* A refresh answer normally carries no refresh token; the OAuth client
       * already put the one it refreshed with (ours) into @tokens. */
      g_debug ("Access token refreshed");

      g_set_object (&self->tokens, tokens);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS]);
      g_signal_emit (self, signals[SIGNAL_TOKENS_REFRESHED], 0, tokens);
    }
  else
    g_debug ("Refreshing the access token failed");

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      request_stop_waiting (task);
      if (g_task_return_error_if_cancelled (task))
        continue;

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        request_send (task);
    }
}

/* Dispatched in the task's context when its cancellable fires while it waits
 * for the shared refresh: it returns G_IO_ERROR_CANCELLED at once and leaves
 * the queue. The refresh itself goes on, so that a rotated refresh token is
 * not lost. */
static gboolean
request_waiter_cancelled_cb (GCancellable *cancellable,
                             gpointer      user_data)
{
  GTask *task = user_data;
  CsSalesforceClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->cancel_source, g_source_unref);

  /* The source holds a reference on @task, so removing it from the queue
   * (which drops the queue's) cannot free it under us. */
  if (self->refresh_waiters != NULL &&
      g_ptr_array_remove (self->refresh_waiters, task))
    {
      g_debug ("Request cancelled while waiting for the access token refresh");
      g_task_return_error_if_cancelled (task);
    }

  return G_SOURCE_REMOVE;
}

/* Queues @task behind the refresh in flight, watching its cancellable. */
static void
request_wait_for_refresh (CsSalesforceClient *self,
                          GTask              *task)
{
  RequestData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (self->refresh_waiters != NULL);
  g_assert (data->cancel_source == NULL);

  g_ptr_array_add (self->refresh_waiters, g_object_ref (task));

  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, data->cancel_source,
                            (GSourceFunc) request_waiter_cancelled_cb);
    }
}

/* The refresh is over for @task: its cancellable is no longer watched. */
static void
request_stop_waiting (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
}

/* The one refresh a request is entitled to. Concurrent requests share a
 * single refresh: with Refresh Token Rotation, refreshing twice with the same
 * token would revoke it. */
static void
request_refresh_and_retry (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  const char *refresh_token;

  data->refreshed = TRUE;

  if (data->sent_with != self->tokens)
    {
      /* Someone refreshed since this attempt was sent. */
      request_send (task);
      return;
    }

  if (self->refresh_waiters != NULL)
    {
      request_wait_for_refresh (self, task);
      return;
    }

  refresh_token = cs_token_set_get_refresh_token (self->tokens);
  if (refresh_token == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_SESSION_EXPIRED,
                               _("The Salesforce session has expired and this connection "
                                 "has no refresh token to renew it. Log in again."));
      return;
    }

  g_debug ("Session expired; refreshing the access token");

  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  request_wait_for_refresh (self, task);

  /* Not cancellable (a waiter's cancellable only takes that waiter out of
   * the queue): once Salesforce rotated the refresh token, dropping its
   * answer would lose the only valid one. */
  cs_oauth_client_refresh_async (self->oauth, refresh_token, NULL,
                                 refresh_cb, g_object_ref (self));
}

/* Salesforce's clock when it read the request (see cs_http_server_date()). */
static GDateTime *
read_server_date (SoupMessage *msg,
                  gint64       sent_at)
{
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Date");

  return cs_http_server_date (header, g_get_monotonic_time () - sent_at);
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSalesforceClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&data->msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  guint status;

  body = cs_http_send_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (msg);
  data->status = status;
  update_limit_info (self, msg);
  g_clear_pointer (&data->server_date, g_date_time_unref);
  data->server_date = read_server_date (msg, data->sent_at);
  g_clear_pointer (&data->response_headers, soup_message_headers_unref);
  data->response_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  /* The path only: a query string may carry values. */
  g_debug ("%s %s: HTTP %u", data->method,
           g_uri_get_path (soup_message_get_uri (msg)), status);

  if ((data->flags & CS_REQUEST_FLAGS_RAW_BODY) &&
      ((status >= 200 && status < 300) || status == SOUP_STATUS_NOT_MODIFIED))
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (status >= 200 && status < 300)
    {
      JsonNode *root;

      if (status == SOUP_STATUS_NO_CONTENT || g_bytes_get_size (body) == 0)
        {
          request_return_node (task, NULL);
          return;
        }

      root = cs_http_parse_json (body, &error);
      if (root == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        request_return_node (task, root);
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      request_return_node (task, NULL);
      return;
    }

  parse_error_body (body, &code, &message);

  if (status == SOUP_STATUS_UNAUTHORIZED &&
      !(data->flags & CS_REQUEST_FLAGS_NO_AUTH) &&
      g_strcmp0 (code, "INVALID_SESSION_ID") == 0)
    {
      if (message != NULL && strstr (message, "is not valid for use with the REST API") != NULL)
        {
          /* Refreshing would give another session of the same kind. */
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_SESSION_EXPIRED,
                                   _("Salesforce does not accept this session for the REST "
                                     "API. Check that the app’s OAuth scopes include "
                                     "“api”, then log in again."));
          return;
        }

      if (data->refreshed)
        {
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_SESSION_EXPIRED,
                                   _("Salesforce rejected the session even after renewing "
                                     "it. Log in again."));
          return;
        }

      request_refresh_and_retry (task);
      return;
    }

  if (status == SOUP_STATUS_FORBIDDEN &&
      g_strcmp0 (code, "REQUEST_LIMIT_EXCEEDED") == 0 &&
      data->rate_limit_retries < self->rate_limit_max_retries)
    {
      request_backoff (task);
      return;
    }

  g_task_return_error (task, cs_http_error_from_response (msg, body));
}

static void
request_send (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  g_assert (data->msg == NULL);

  /* A token set rebuilt from a stored refresh token has no access token (nor
   * instance URL) yet: get them first. */
  if (cs_token_set_get_instance_url (self->tokens) == NULL ||
      (!(data->flags & CS_REQUEST_FLAGS_NO_AUTH) &&
       cs_token_set_get_access_token (self->tokens) == NULL))
    {
      if (data->refreshed)
        {
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_SESSION_EXPIRED,
                                   _("Salesforce renewed the session without handing out "
                                     "a usable access token. Log in again."));
          return;
        }

      g_set_object (&data->sent_with, self->tokens);
      request_refresh_and_retry (task);
      return;
    }

  url = build_request_url (self->tokens, data->path, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Never follows a redirect, which could carry the token elsewhere. */
  msg = cs_http_message_new (data->method, url, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  headers = soup_message_get_request_headers (msg);

  if (data->headers != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, data->headers);
      while (g_hash_table_iter_next (&iter, &name, &value))
        soup_message_headers_replace (headers, name, value);
    }

  if (!(data->flags & CS_REQUEST_FLAGS_NO_AUTH))
    cs_http_message_set_bearer (msg, cs_token_set_get_access_token (self->tokens));

  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (msg,
                                              data->content_type != NULL ? data->content_type
                                                                         : "application/json",
                                              data->body);

  g_set_object (&data->sent_with, self->tokens);
  data->msg = g_object_ref (msg);
  data->sent_at = g_get_monotonic_time ();

  self->request_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_COUNT]);

  cs_http_send_async (cs_oauth_client_get_session (self->oauth), msg, data->max_body_size,
                      g_task_get_cancellable (task),
                      request_sent_cb, g_object_ref (task));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */
/* ------------------------------------------------------------------------ */

static void
cs_salesforce_client_finalize (GObject *object)
{
  CsSalesforceClient *self = (CsSalesforceClient *) object;

  /* Every waiter holds a reference on us through its task. */
  g_assert (self->refresh_waiters == NULL);

  g_clear_object (&self->oauth);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->api_version, g_free);

  G_OBJECT_CLASS (cs_salesforce_client_parent_class)->finalize (object);
}

static void
cs_salesforce_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CsSalesforceClient *self = CS_SALESFORCE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_OAUTH_CLIENT:
      g_value_set_object (value, self->oauth);
      break;
    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;
    case PROP_API_VERSION:
      g_value_set_string (value, self->api_version);
      break;
    case PROP_API_USAGE:
      g_value_set_int64 (value, self->api_usage);
      break;
    case PROP_API_LIMIT:
      g_value_set_int64 (value, self->api_limit);
      break;
    case PROP_REQUEST_COUNT:
      g_value_set_uint (value, self->request_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_salesforce_client_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CsSalesforceClient *self = CS_SALESFORCE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_OAUTH_CLIENT:
      self->oauth = g_value_dup_object (value);
      break;
    case PROP_TOKENS:
      self->tokens = g_value_dup_object (value);
      break;
    case PROP_API_VERSION:
      cs_salesforce_client_set_api_version (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_salesforce_client_class_init (CsSalesforceClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_salesforce_client_finalize;
  object_class->get_property = cs_salesforce_client_get_property;
  object_class->set_property = cs_salesforce_client_set_property;

  properties[PROP_OAUTH_CLIENT] =
    g_param_spec_object ("oauth-client", NULL, NULL,
                         CS_TYPE_OAUTH_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Replaced after a refresh. */
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL,
                         CS_TYPE_TOKEN_SET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_VERSION] =
    g_param_spec_string ("api-version", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_USAGE] =
    g_param_spec_int64 ("api-usage", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_LIMIT] =
    g_param_spec_int64 ("api-limit", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_COUNT] =
    g_param_spec_uint ("request-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CsSalesforceClient::tokens-refreshed:
   * @tokens: the new token set, carrying the refresh token to store
   *
   * Emitted once per refresh of the access token, before the request that
   * needed it is sent again.
   */
  signals[SIGNAL_TOKENS_REFRESHED] =
    g_signal_new ("tokens-refreshed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CS_TYPE_TOKEN_SET);
}

static void
cs_salesforce_client_init (CsSalesforceClient *self)
{
  self->api_usage = -1;
  self->api_limit = -1;
  self->rate_limit_max_retries = CS_RATE_LIMIT_MAX_RETRIES;
  self->rate_limit_initial_delay_ms = CS_RATE_LIMIT_INITIAL_DELAY_MS;
}

CsSalesforceClient *
cs_salesforce_client_new (CsOAuthClient *oauth,
                          CsTokenSet    *tokens)
{
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (oauth), NULL);
  g_return_val_if_fail (CS_IS_TOKEN_SET (tokens), NULL);

  return g_object_new (CS_TYPE_SALESFORCE_CLIENT,
                       "oauth-client", oauth,
                       "tokens", tokens,
                       NULL);
}

CsTokenSet *
cs_salesforce_client_get_tokens (CsSalesforceClient *self)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);

  return self->tokens;
}

const char *
cs_salesforce_client_get_api_version (CsSalesforceClient *self)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);

  return self->api_version;
}

void
cs_salesforce_client_set_api_version (CsSalesforceClient *self,
                                      const char         *version)
{
  guint64 major, minor;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (version == NULL || parse_api_version (version, &major, &minor));

  if (cs_set_str (&self->api_version, version))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_VERSION]);
}

gint64
cs_salesforce_client_get_api_usage (CsSalesforceClient *self)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), -1);

  return self->api_usage;
}

gint64
cs_salesforce_client_get_api_limit (CsSalesforceClient *self)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), -1);

  return self->api_limit;
}

guint
cs_salesforce_client_get_request_count (CsSalesforceClient *self)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), 0);

  return self->request_count;
}

void
cs_salesforce_client_set_rate_limit_backoff (CsSalesforceClient *self,
                                             guint               max_retries,
                                             guint               initial_delay_ms)
{
  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  /* Four times longer each retry: keep the longest wait under a day. */
  g_return_if_fail (max_retries <= 8);

  self->rate_limit_max_retries = max_retries;
  self->rate_limit_initial_delay_ms = initial_delay_ms;
}

/* ------------------------------------------------------------------------ */
/* Version negotiation                                                       */
/* ------------------------------------------------------------------------ */

static void
negotiate_version_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSalesforceClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *newest = NULL;
  guint64 newest_major = 0, newest_minor = 0;

  root = request_task_finish (G_TASK (result), NULL, &error);
  if (root == NULL && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *versions = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (versions); i++)
        {
          JsonNode *element = json_array_get_element (versions, i);
          const char *version;
          guint64 major, minor;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;

          version = cs_json_object_get_string (json_node_get_object (element), "version");
          if (!parse_api_version (version, &major, &minor))
            continue;

          /* Numerically: "100.0" is newer than "99.0". */
          if (newest == NULL || major > newest_major ||
              (major == newest_major && minor > newest_minor))
            {
              newest = version;
              newest_major = major;
              newest_minor = minor;
            }
        }
    }

  if (newest == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce did not list any REST API version. Check that "
                                 "the instance address is a Salesforce org, then try again."));
      return;
    }

  /* Unless set meanwhile, explicitly or by a concurrent negotiation. */
  if (self->api_version == NULL)
    {
      g_debug ("Using REST API version %s", newest);
      cs_salesforce_client_set_api_version (self, newest);
    }

  g_task_return_boolean (task, TRUE);
}

void
cs_salesforce_client_negotiate_version_async (CsSalesforceClient *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) request = NULL;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_negotiate_version_async);

  if (self->api_version != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  request = request_task_new (self, "GET", "/services/data/", NULL, NULL, NULL,
                              CS_REQUEST_FLAGS_NO_AUTH, CS_HTTP_MAX_IDENTITY_BODY, cancellable,
                              negotiate_version_cb, g_object_ref (task));
  g_task_set_source_tag (request, negotiate_version_cb);
  request_send (request);
}

gboolean
cs_salesforce_client_negotiate_version_finish (CsSalesforceClient *self,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_negotiate_version_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GTask              *task;
  CsVersionReadyFunc  func;
} VersionWait;

static void
ensure_version_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree VersionWait *wait = user_data;
  g_autoptr(GTask) task = wait->task;
  g_autoptr(GError) error = NULL;

  if (!cs_salesforce_client_negotiate_version_finish (CS_SALESFORCE_CLIENT (source),
                                                      result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    wait->func (task);
}

void
cs_salesforce_client_ensure_version_then (GTask              *task,
                                          CsVersionReadyFunc  func)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  VersionWait *wait;

  if (self->api_version != NULL)
    {
      func (task);
      return;
    }

  wait = g_new0 (VersionWait, 1);
  wait->task = g_object_ref (task);
  wait->func = func;
  cs_salesforce_client_negotiate_version_async (self, g_task_get_cancellable (task),
                                                ensure_version_cb, wait);
}

/* ------------------------------------------------------------------------ */
/* Any request                                                               */
/* ------------------------------------------------------------------------ */

void
cs_salesforce_client_request_async (CsSalesforceClient *self,
                                    const char         *method,
                                    const char         *path,
                                    JsonNode           *body,
                                    GHashTable         *headers,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (body != NULL)
    {
      char *json = json_to_string (body, FALSE);

      bytes = g_bytes_new_take (json, strlen (json));
    }

  task = request_task_new (self, method, path, bytes, NULL, headers,
                           CS_REQUEST_FLAGS_NONE, CS_HTTP_MAX_DESCRIBE_BODY, cancellable,
                           callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_request_async);

  if (!is_valid_request_path (path))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               /* Translators: %s is a URL path */
                               _("“%s” is not a path on the Salesforce instance."), path);
      return;
    }

  request_send (task);
}

JsonNode *
cs_salesforce_client_request_finish (CsSalesforceClient *self,
                                     GAsyncResult       *result,
                                     guint              *status_out,
                                     GError            **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_request_async, NULL);

  return request_task_finish (G_TASK (result), status_out, error);
}

/* ------------------------------------------------------------------------ */
/* The request machine for the client's other files                          */
/* ------------------------------------------------------------------------ */

void
cs_salesforce_client_send_request (CsSalesforceClient  *self,
                                   const char          *method,
                                   const char          *path,
                                   GBytes              *body,
                                   const char          *content_type,
                                   GHashTable          *headers,
                                   CsRequestFlags       flags,
                                   gsize                max_body_size,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) request = NULL;

  g_assert (is_valid_request_path (path));

  request = request_task_new (self, method, path, body, content_type, headers, flags,
                              max_body_size, cancellable, callback, user_data);
  g_task_set_source_tag (request, cs_salesforce_client_send_request);
  request_send (request);
}

JsonNode *
cs_salesforce_client_request_finish_json (GAsyncResult  *result,
                                          guint         *status_out,
                                          GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == cs_salesforce_client_send_request);

  return request_task_finish (G_TASK (result), status_out, error);
}

GBytes *
cs_salesforce_client_request_finish_bytes (GAsyncResult        *result,
                                           guint               *status_out,
                                           SoupMessageHeaders **headers_out,
                                           GError             **error)
{
  RequestData *data = g_task_get_task_data (G_TASK (result));
  GBytes *body;

  g_assert (g_task_get_source_tag (G_TASK (result)) == cs_salesforce_client_send_request);
  g_assert (data->flags & CS_REQUEST_FLAGS_RAW_BODY);

  if (status_out != NULL)
    *status_out = data->status;

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body != NULL && headers_out != NULL)
    *headers_out = soup_message_headers_ref (data->response_headers);

  return body;
}

GDateTime *
cs_salesforce_client_request_get_server_date (GAsyncResult *result)
{
  RequestData *data = g_task_get_task_data (G_TASK (result));

  return data->server_date;
}

/* ------------------------------------------------------------------------ */
/* Query                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char      *soql;
  char      *path;       /* the page being fetched */
  JsonArray *records;
  guint      pages;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->soql);
  g_free (data->path);
  g_clear_pointer (&data->records, json_array_unref);
  g_free (data);
}

static void query_fetch_page (GTask *task);

static void
query_page_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QueryData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *page;
  JsonNode *records_node;
  JsonArray *records;
  const char *next_url;
  gint64 total_size;
  guint n_records;

  root = request_task_finish (G_TASK (result), NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (records_node = json_object_get_member (json_node_get_object (root), "records")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (records_node))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce’s answer to a query has no records. "
                                 "Try again later."));
      return;
    }

  page = json_node_get_object (root);
  records = json_node_get_array (records_node);
  n_records = json_array_get_length (records);
  total_size = cs_json_object_get_int (page, "totalSize", 0);
  data->pages++;

  /* Refuse before downloading the rest, and in case totalSize lies. */
  if (total_size > CS_QUERY_MAX_RECORDS ||
      json_array_get_length (data->records) + n_records > CS_QUERY_MAX_RECORDS)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               /* Translators: %d is a number of records, 200000 */
                               _("The query matches more than %d records, too many to read "
                                 "through the REST API. Narrow it down with a WHERE clause."),
                               CS_QUERY_MAX_RECORDS);
      return;
    }

  for (guint i = 0; i < n_records; i++)
    json_array_add_element (data->records, json_node_copy (json_array_get_element (records, i)));

  if (cs_json_object_get_bool (page, "done", TRUE))
    {
      g_debug ("Query done: %u records in %u pages",
               json_array_get_length (data->records), data->pages);
      g_task_return_pointer (task, g_steal_pointer (&data->records),
                             (GDestroyNotify) json_array_unref);
      return;
    }

  next_url = cs_json_object_get_string (page, "nextRecordsUrl");
  /* A next page must exist, stay on this instance's REST API and move
   * forward, or we would loop for ever. */
  if (next_url == NULL || n_records == 0 ||
      !g_str_has_prefix (next_url, "/services/data/") ||
      !is_valid_request_path (next_url) ||
      g_strcmp0 (next_url, data->path) == 0)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce’s answer to a query says more records follow "
                                 "but gives no usable link to them. Try again later."));
      return;
    }

  g_free (data->path);
  data->path = g_strdup (next_url);
  query_fetch_page (task);
}

static void
query_fetch_page (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  g_autoptr(GTask) request = NULL;

  request = request_task_new (self, "GET", data->path, NULL, NULL, NULL,
                              CS_REQUEST_FLAGS_NONE, CS_HTTP_MAX_QUERY_PAGE_BODY,
                              g_task_get_cancellable (task),
                              query_page_cb, g_object_ref (task));
  g_task_set_source_tag (request, query_page_cb);
  request_send (request);
}

static void
query_start (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  g_autofree char *escaped = NULL;

  escaped = g_uri_escape_string (data->soql, NULL, FALSE);
  data->path = g_strdup_printf ("/services/data/v%s/query?q=%s", self->api_version, escaped);

  query_fetch_page (task);
}

void
cs_salesforce_client_query_async (CsSalesforceClient *self,
                                  const char         *soql,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (soql != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_query_async);

  data = g_new0 (QueryData, 1);
  data->soql = g_strdup (soql);
  data->records = json_array_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);

  cs_salesforce_client_ensure_version_then (task, query_start);
}

JsonArray *
cs_salesforce_client_query_finish (CsSalesforceClient *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_query_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The user's profile                                                        */
/* ------------------------------------------------------------------------ */

static void
fetch_user_profile_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsIdentity *identity = g_task_get_task_data (task);
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *user;
  JsonNode *profile_node;
  const char *profile_name = NULL;
  gboolean is_admin = FALSE;

  records = cs_salesforce_client_query_finish (CS_SALESFORCE_CLIENT (source), result, &error);
  if (records == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (json_array_get_length (records) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (records, 0)))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_NOT_FOUND,
                               /* Translators: %s is a username */
                               _("Salesforce did not return the user %s. Check that the "
                                 "user is active, then log in again."),
                               cs_identity_get_username (identity));
      return;
    }

  user = json_array_get_object_element (records, 0);
  profile_node = json_object_get_member (user, "Profile");

  /* A null Profile: the user cannot read profiles, so is no administrator. */
  if (profile_node != NULL && JSON_NODE_HOLDS_OBJECT (profile_node))
    {
      JsonObject *profile = json_node_get_object (profile_node);

      profile_name = cs_json_object_get_string (profile, "Name");
      is_admin = cs_json_object_get_bool (profile, "PermissionsModifyAllData", FALSE);
    }
  else if (profile_node != NULL && !JSON_NODE_HOLDS_NULL (profile_node))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce’s answer about the user’s profile cannot be "
                                 "read. Try again later."));
      return;
    }

  cs_identity_set_profile (identity, profile_name, is_admin);
  g_task_return_boolean (task, TRUE);
}

void
cs_salesforce_client_fetch_user_profile_async (CsSalesforceClient *self,
                                               CsIdentity         *identity,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *soql = NULL;
  const char *user_id;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (CS_IS_IDENTITY (identity));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_fetch_user_profile_async);
  g_task_set_task_data (task, g_object_ref (identity), g_object_unref);

  user_id = cs_identity_get_user_id (identity);
  if (!cs_is_record_id (user_id))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce gave a user Id that is not a record Id. "
                                 "Log in again."));
      return;
    }

  soql = g_strdup_printf ("SELECT Id, Username, Profile.Name, Profile.PermissionsModifyAllData "
                          "FROM User WHERE Id = '%s'", user_id);
  cs_salesforce_client_query_async (self, soql, cancellable,
                                    fetch_user_profile_cb, g_steal_pointer (&task));
}

gboolean
cs_salesforce_client_fetch_user_profile_finish (CsSalesforceClient *self,
                                                GAsyncResult       *result,
                                                GError            **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_fetch_user_profile_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fetch_org_name_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonArray) records = NULL;
  GError *error = NULL;
  const char *name = NULL;

  records = cs_salesforce_client_query_finish (CS_SALESFORCE_CLIENT (source), result, &error);
  if (records == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (json_array_get_length (records) > 0 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (records, 0)))
    name = cs_json_object_get_string (json_array_get_object_element (records, 0), "Name");
  if (name == NULL || *name == '\0')
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce did not say the org’s name. Try again later."));
      return;
    }
  g_task_return_pointer (task, g_strdup (name), g_free);
}

void
cs_salesforce_client_fetch_org_name_async (CsSalesforceClient *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_fetch_org_name_async);
  cs_salesforce_client_query_async (self, "SELECT Id, Name FROM Organization", cancellable,
                                    fetch_org_name_cb, task);
}

char *
cs_salesforce_client_fetch_org_name_finish (CsSalesforceClient *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_fetch_org_name_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
