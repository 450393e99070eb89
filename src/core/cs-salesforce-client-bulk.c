/* cs-salesforce-client-bulk.c: CsSalesforceClient's calls for the record
 * sync: answers as bytes (query pages, composite batches) so that they are
 * parsed where they are stored, off the main thread, and Bulk API 2.0
 * query jobs with their CSV results. Requests go through the request
 * machine of cs-salesforce-client.c (see cs-salesforce-client-private.h).
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

G_DEFINE_BOXED_TYPE (CsBulkJob, cs_bulk_job, cs_bulk_job_copy, cs_bulk_job_free)

CsBulkJob *
cs_bulk_job_copy (const CsBulkJob *job)
{
  CsBulkJob *copy;

  g_return_val_if_fail (job != NULL, NULL);

  copy = g_memdup2 (job, sizeof *job);
  copy->id = g_strdup (job->id);
  copy->error_message = g_strdup (job->error_message);
  copy->server_date = job->server_date != NULL ? g_date_time_ref (job->server_date) : NULL;
  return copy;
}

void
cs_bulk_job_free (CsBulkJob *job)
{
  if (job == NULL)
    return;
  g_free (job->id);
  g_free (job->error_message);
  g_clear_pointer (&job->server_date, g_date_time_unref);
  g_free (job);
}

/* ------------------------------------------------------------------------ */
/* Answers as bytes                                                          */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char       *method;
  char       *path;          /* versioned when it starts with "/services/data/v" */
  char       *path_tail;     /* appended after "/services/data/vNN.N/" once the version is known */
  GBytes     *body;
  GDateTime  *server_date;
  char       *next_locator;
  gint64      n_records;
  gsize       max_body_size;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->method);
  g_free (data->path);
  g_free (data->path_tail);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->server_date, g_date_time_unref);
  g_free (data->next_locator);
  g_free (data);
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GError) error = NULL;
  GDateTime *server_date = cs_salesforce_client_request_get_server_date (result);
  GBytes *body;

  body = cs_salesforce_client_request_finish_bytes (result, NULL, &headers, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (server_date != NULL)
    data->server_date = g_date_time_ref (server_date);
  if (headers != NULL)
    {
      const char *locator = soup_message_headers_get_one (headers, "Sforce-Locator");
      const char *count = soup_message_headers_get_one (headers, "Sforce-NumberOfRecords");

      /* "null" after the last page. */
      if (locator != NULL && *locator != '\0' && g_strcmp0 (locator, "null") != 0)
        data->next_locator = g_strdup (locator);
      if (count == NULL ||
          !g_ascii_string_to_signed (count, 10, 0, G_MAXINT64, &data->n_records, NULL))
        data->n_records = -1;
    }
  g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

static void
fetch_send (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);

  if (data->path_tail != NULL)
    {
      g_free (data->path);
      data->path = g_strdup_printf ("/services/data/v%s/%s",
                                    cs_salesforce_client_get_api_version (self), data->path_tail);
    }
  cs_salesforce_client_send_request (self, data->method, data->path, data->body, NULL, NULL,
                                     CS_REQUEST_FLAGS_RAW_BODY, data->max_body_size, g_task_get_cancellable (task),
                                     fetch_cb, g_object_ref (task));
}

/* A task sending @method to "/services/data/vNN.N/@tail" once the version
 * is known (or to @path as it is); its finish is fetch_finish(). */
static GTask *
fetch_task_new (CsSalesforceClient  *self,
                const char          *method,
                const char          *path,
                const char          *tail,
                GBytes              *body,
                gsize                max_body_size,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  FetchData *data = g_new0 (FetchData, 1);

  g_task_set_source_tag (task, source_tag);
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->path_tail = g_strdup (tail);
  data->body = body != NULL ? g_bytes_ref (body) : NULL;
  data->n_records = -1;
  data->max_body_size = max_body_size;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  return task;
}

static GBytes *
fetch_finish (GAsyncResult  *result,
              GDateTime    **server_date,
              GError       **error)
{
  FetchData *data = g_task_get_task_data (G_TASK (result));
  GBytes *body = g_task_propagate_pointer (G_TASK (result), error);

  if (body != NULL && server_date != NULL)
    *server_date = data->server_date != NULL ? g_date_time_ref (data->server_date) : NULL;
  return body;
}

/* A server-relative path as nextRecordsUrl gives it: one leading '/',
 * printable ASCII, on the REST API. */
static gboolean
is_rest_path (const char *path)
{
  if (path == NULL || !g_str_has_prefix (path, "/services/data/v"))
    return FALSE;
  for (const char *p = path; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || *p == '#' || *p == '\\')
      return FALSE;
  return strstr (path, "/../") == NULL && strstr (path, "//") == NULL;
}

void
cs_salesforce_client_get_bytes_async (CsSalesforceClient  *self,
                                      const char          *path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (path != NULL);

  task = fetch_task_new (self, "GET", path, NULL, NULL, CS_HTTP_MAX_QUERY_PAGE_BODY,
                         cs_salesforce_client_get_bytes_async,
                         cancellable, callback, user_data);
  if (!is_rest_path (path))
    {
      g_debug ("Refusing a next page outside the REST API: %s", path);
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce gave a link to the next records that leads outside "
                                 "its REST API. Sync again later."));
      return;
    }
  fetch_send (task);
}

void
cs_salesforce_client_query_bytes_async (CsSalesforceClient  *self,
                                        const char          *soql,
                                        gboolean             include_deleted,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *tail = NULL;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (soql != NULL);

  escaped = g_uri_escape_string (soql, NULL, FALSE);
  tail = g_strdup_printf ("%s?q=%s", include_deleted ? "queryAll" : "query", escaped);
  task = fetch_task_new (self, "GET", NULL, tail, NULL, CS_HTTP_MAX_QUERY_PAGE_BODY,
                         cs_salesforce_client_get_bytes_async,
                         cancellable, callback, user_data);
  cs_salesforce_client_ensure_version_then (task, fetch_send);
}

void
cs_salesforce_client_batch_bytes_async (CsSalesforceClient  *self,
                                        const char * const  *urls,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) task = NULL;
  char *text;
  guint n;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (urls != NULL);

  n = g_strv_length ((char **) urls);
  g_return_if_fail (n > 0 && n <= CS_COMPOSITE_BATCH_MAX);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batchRequests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, "GET");
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, urls[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "haltOnError");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  task = fetch_task_new (self, "POST", NULL, "composite/batch", body, CS_HTTP_MAX_QUERY_BATCH_BODY,
                         cs_salesforce_client_get_bytes_async, cancellable, callback, user_data);
  cs_salesforce_client_ensure_version_then (task, fetch_send);
}

GBytes *
cs_salesforce_client_fetch_bytes_finish (CsSalesforceClient  *self,
                                         GAsyncResult        *result,
                                         GDateTime          **server_date,
                                         GError             **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_get_bytes_async, NULL);

  return fetch_finish (result, server_date, error);
}

/* ------------------------------------------------------------------------ */
/* Bulk API 2.0 query jobs                                                   */
/* ------------------------------------------------------------------------ */

static CsBulkJobState
job_state_from_string (const char *state)
{
  if (g_strcmp0 (state, "UploadComplete") == 0)
    return CS_BULK_JOB_UPLOAD_COMPLETE;
  if (g_strcmp0 (state, "InProgress") == 0)
    return CS_BULK_JOB_IN_PROGRESS;
  if (g_strcmp0 (state, "JobComplete") == 0)
    return CS_BULK_JOB_COMPLETE;
  if (g_strcmp0 (state, "Aborted") == 0)
    return CS_BULK_JOB_ABORTED;
  return CS_BULK_JOB_FAILED;
}

static void
job_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDateTime) server_date = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsBulkJob) job = NULL;
  JsonObject *object;

  body = fetch_finish (result, &server_date, &error);
  if (body != NULL)
    root = cs_http_parse_json (body, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !cs_is_record_id (cs_json_object_get_string (json_node_get_object (root), "id")))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               _("Salesforce’s answer about a Bulk API job cannot be read. Sync "
                                 "again later."));
      return;
    }

  object = json_node_get_object (root);
  job = g_new0 (CsBulkJob, 1);
  job->id = g_strdup (cs_json_object_get_string (object, "id"));
  job->state = job_state_from_string (cs_json_object_get_string (object, "state"));
  job->records_processed = json_object_get_int_member_with_default (object, "numberRecordsProcessed", -1);
  job->error_message = g_strdup (cs_json_object_get_string (object, "errorMessage"));
  job->server_date = g_steal_pointer (&server_date);
  g_task_return_pointer (task, g_steal_pointer (&job), (GDestroyNotify) cs_bulk_job_free);
}

void
cs_salesforce_client_create_query_job_async (CsSalesforceClient  *self,
                                             const char          *soql,
                                             gboolean             include_deleted,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) fetch = NULL;
  char *text;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (soql != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operation");
  json_builder_add_string_value (builder, include_deleted ? "queryAll" : "query");
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, soql);
  json_builder_set_member_name (builder, "contentType");
  json_builder_add_string_value (builder, "CSV");
  json_builder_set_member_name (builder, "lineEnding");
  json_builder_add_string_value (builder, "LF");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_create_query_job_async);
  fetch = fetch_task_new (self, "POST", NULL, "jobs/query", body, CS_HTTP_MAX_BULK_JOB_BODY, job_cb, cancellable,
                          job_cb, g_steal_pointer (&task));
  cs_salesforce_client_ensure_version_then (fetch, fetch_send);
}

/* @method on jobs/query/@job_id, once the Id is checked; @done reads the
 * answer into @task. */
static void
send_job_request (CsSalesforceClient  *self,
                  const char          *method,
                  const char          *job_id,
                  GAsyncReadyCallback  done,
                  GTask               *task)
{
  g_autoptr(GTask) fetch = NULL;
  g_autofree char *tail = NULL;

  if (!cs_is_record_id (job_id))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("“%s” is not a Bulk API job Id."), job_id);
      return;
    }
  tail = g_strdup_printf ("jobs/query/%s", job_id);
  fetch = fetch_task_new (self, method, NULL, tail, NULL, CS_HTTP_MAX_BULK_JOB_BODY, done,
                          g_task_get_cancellable (task),
                          done, g_object_ref (task));
  cs_salesforce_client_ensure_version_then (fetch, fetch_send);
}

void
cs_salesforce_client_get_query_job_async (CsSalesforceClient  *self,
                                          const char          *job_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_create_query_job_async);
  send_job_request (self, "GET", job_id, job_cb, task);
}

CsBulkJob *
cs_salesforce_client_query_job_finish (CsSalesforceClient  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_create_query_job_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cs_salesforce_client_get_query_results_async (CsSalesforceClient  *self,
                                              const char          *job_id,
                                              const char          *locator,
                                              guint                max_records,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) tail = NULL;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));

  tail = g_string_new (NULL);
  g_string_append_printf (tail, "jobs/query/%s/results?maxRecords=%u", job_id, MAX (max_records, 1));
  if (locator != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (locator, NULL, FALSE);

      g_string_append_printf (tail, "&locator=%s", escaped);
    }
  task = fetch_task_new (self, "GET", NULL, tail->str, NULL, CS_HTTP_MAX_BULK_RESULTS_BODY,
                         cs_salesforce_client_get_query_results_async,
                         cancellable, callback, user_data);
  if (!cs_is_record_id (job_id))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("“%s” is not a Bulk API job Id."), job_id);
      return;
    }
  cs_salesforce_client_ensure_version_then (task, fetch_send);
}

GBytes *
cs_salesforce_client_get_query_results_finish (CsSalesforceClient  *self,
                                               GAsyncResult        *result,
                                               char               **next_locator,
                                               gint64              *n_records,
                                               GError             **error)
{
  FetchData *data;
  GBytes *body;

  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_get_query_results_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  body = fetch_finish (result, NULL, error);
  if (body != NULL)
    {
      if (next_locator != NULL)
        *next_locator = g_strdup (data->next_locator);
      if (n_records != NULL)
        *n_records = data->n_records;
    }
  return body;
}

static void
delete_job_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = fetch_finish (result, NULL, &error);
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_salesforce_client_delete_query_job_async (CsSalesforceClient  *self,
                                             const char          *job_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_delete_query_job_async);
  send_job_request (self, "DELETE", job_id, delete_job_cb, task);
}

gboolean
cs_salesforce_client_delete_query_job_finish (CsSalesforceClient  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_delete_query_job_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
