/* cs-salesforce-client-describe.c: CsSalesforceClient's describes: one
 * object, or many through Composite Batch with their progress and the
 * server's date. Requests go through the request machine of
 * cs-salesforce-client.c (see cs-salesforce-client-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-salesforce-client-private.h"

/* Salesforce's API names are short; this only bounds what we put in a URL. */
#define OBJECT_NAME_MAX_LEN 255

static gboolean
is_valid_object_name (const char *name)
{
  gsize len;

  if (name == NULL || !g_ascii_isalpha (name[0]))
    return FALSE;

  len = strlen (name);
  if (len > OBJECT_NAME_MAX_LEN)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return FALSE;

  return TRUE;
}

static char *
format_http_date (GDateTime *date_time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date_time == NULL)
    return NULL;

  utc = g_date_time_to_utc (date_time);
  return soup_date_time_to_string (utc, SOUP_DATE_HTTP);
}

/* ------------------------------------------------------------------------ */
/* Describe                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char     *object_name;
  char     *if_modified_since;   /* HTTP date, or NULL */
  gboolean  not_modified;
} DescribeData;

static void
describe_data_free (DescribeData *data)
{
  g_free (data->object_name);
  g_free (data->if_modified_since);
  g_free (data);
}

static void
describe_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DescribeData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  root = cs_salesforce_client_request_finish_json (result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      data->not_modified = TRUE;
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                               /* Translators: %s is an object name such as Lead */
                               _("Salesforce’s description of %s is not a JSON object. "
                                 "Try again later."),
                               data->object_name);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
}

static void
describe_start (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  DescribeData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) headers = NULL;
  g_autofree char *path = NULL;

  path = g_strdup_printf ("/services/data/v%s/sobjects/%s/describe",
                          cs_salesforce_client_get_api_version (self), data->object_name);

  if (data->if_modified_since != NULL)
    {
      headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_hash_table_insert (headers, (gpointer) "If-Modified-Since",
                           g_strdup (data->if_modified_since));
    }

  cs_salesforce_client_send_request (self, "GET", path, NULL, NULL, headers,
                                     CS_REQUEST_FLAGS_NONE, CS_HTTP_MAX_DESCRIBE_BODY,
                                     g_task_get_cancellable (task),
                                     describe_cb, g_object_ref (task));
}

void
cs_salesforce_client_describe_async (CsSalesforceClient *self,
                                     const char         *object_name,
                                     GDateTime          *if_modified_since,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  DescribeData *data;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (object_name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_describe_async);

  data = g_new0 (DescribeData, 1);
  data->object_name = g_strdup (object_name);
  data->if_modified_since = format_http_date (if_modified_since);
  g_task_set_task_data (task, data, (GDestroyNotify) describe_data_free);

  if (!is_valid_object_name (object_name))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               /* Translators: %s is what was given as an object name */
                               _("“%s” is not a Salesforce object name. Use the API name, "
                                 "such as Lead or Invoice__c."),
                               object_name);
      return;
    }

  cs_salesforce_client_ensure_version_then (task, describe_start);
}

JsonNode *
cs_salesforce_client_describe_finish (CsSalesforceClient *self,
                                      GAsyncResult       *result,
                                      gboolean           *not_modified,
                                      GError            **error)
{
  DescribeData *data;

  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_describe_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (not_modified != NULL)
    *not_modified = data->not_modified && !g_task_had_error (G_TASK (result));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Describe many, through Composite Batch                                    */
/* ------------------------------------------------------------------------ */

typedef struct
{
  GPtrArray  *names;              /* deduplicated object names */
  char       *if_modified_since;  /* HTTP date, or NULL */
  guint       next;               /* first name not sent yet */
  guint       in_flight;          /* batch requests not answered yet */
  guint       answered;           /* names whose batch was answered */
  CsDescribeProgressFunc progress;
  gpointer    progress_data;
  GHashTable *results;            /* name → JsonNode, or NULL for 304 */
  GHashTable *errors;             /* name → GError */
  GDateTime  *server_date;        /* earliest Date of the answers */
  GError     *error;              /* first failure of a whole batch */
} DescribeManyData;

static void
describe_many_data_free (DescribeManyData *data)
{
  g_clear_pointer (&data->names, g_ptr_array_unref);
  g_free (data->if_modified_since);
  g_clear_pointer (&data->results, g_hash_table_unref);
  g_clear_pointer (&data->errors, g_hash_table_unref);
  g_clear_pointer (&data->server_date, g_date_time_unref);
  g_clear_error (&data->error);
  g_free (data);
}

typedef struct
{
  GTask *task;
  guint  first;
  guint  count;
} BatchChunk;

static void describe_many_pump (GTask *task);

static gboolean
describe_many_read_results (DescribeManyData *data,
                            BatchChunk       *chunk,
                            JsonNode         *root,
                            GError          **error)
{
  JsonArray *results = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (root), "results");

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        results = json_node_get_array (node);
    }

  if (results == NULL || json_array_get_length (results) != chunk->count)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                   _("Salesforce’s answer to a batch of object descriptions does not "
                     "match the request. Try again later."));
      return FALSE;
    }

  for (guint i = 0; i < chunk->count; i++)
    {
      const char *name = g_ptr_array_index (data->names, chunk->first + i);
      JsonNode *element = json_array_get_element (results, i);
      JsonObject *object;
      JsonNode *result;
      gint64 status;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_hash_table_insert (data->errors, g_strdup (name),
                               g_error_new (CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                                            /* Translators: %s is an object name such as Lead */
                                            _("Salesforce’s answer for %s in a batch "
                                              "cannot be read. Try again later."),
                                            name));
          continue;
        }

      object = json_node_get_object (element);
      status = cs_json_object_get_int (object, "statusCode", 0);
      result = json_object_get_member (object, "result");

      if (status == SOUP_STATUS_NOT_MODIFIED)
        g_hash_table_insert (data->results, g_strdup (name), NULL);
      else if (status >= 200 && status < 300 && result != NULL && JSON_NODE_HOLDS_OBJECT (result))
        /* A copy shares the object but drops the parent pointer into the
         * batch answer, which is freed before the table. */
        g_hash_table_insert (data->results, g_strdup (name), json_node_copy (result));
      else
        {
          JsonObject *first = cs_http_rest_error_object (result);
          const char *code = NULL;
          const char *message = NULL;

          if (first != NULL)
            {
              code = cs_json_object_get_string (first, "errorCode");
              message = cs_json_object_get_string (first, "message");
            }

          g_hash_table_insert (data->errors, g_strdup (name),
                               cs_error_new_from_rest ((guint) CLAMP (status, 0, 999),
                                                       code, message));
        }
    }

  return TRUE;
}

static void
describe_many_chunk_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autofree BatchChunk *chunk = user_data;
  g_autoptr(GTask) task = chunk->task;
  DescribeManyData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  GDateTime *server_date = cs_salesforce_client_request_get_server_date (result);

  data->in_flight--;

  if (server_date != NULL &&
      (data->server_date == NULL || g_date_time_compare (server_date, data->server_date) < 0))
    {
      g_clear_pointer (&data->server_date, g_date_time_unref);
      data->server_date = g_date_time_ref (server_date);
    }

  root = cs_salesforce_client_request_finish_json (result, &status, &error);
  if (error == NULL && status == SOUP_STATUS_NOT_MODIFIED)
    {
      /* The top-level If-Modified-Since was honoured for the whole batch. */
      for (guint i = 0; i < chunk->count; i++)
        g_hash_table_insert (data->results,
                             g_strdup (g_ptr_array_index (data->names, chunk->first + i)),
                             NULL);
    }
  else if (error == NULL)
    describe_many_read_results (data, chunk, root, &error);

  if (error != NULL && data->error == NULL)
    data->error = g_steal_pointer (&error);

  data->answered += chunk->count;
  if (data->error == NULL && data->progress != NULL &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    data->progress (data->answered, data->names->len, data->progress_data);

  describe_many_pump (task);
}

static JsonNode *
describe_many_build_body (CsSalesforceClient *self,
                          DescribeManyData   *data,
                          BatchChunk         *chunk)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batchRequests");
  json_builder_begin_array (builder);

  for (guint i = 0; i < chunk->count; i++)
    {
      const char *name = g_ptr_array_index (data->names, chunk->first + i);
      g_autofree char *url = NULL;

      url = g_strdup_printf ("v%s/sobjects/%s/describe",
                             cs_salesforce_client_get_api_version (self), name);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, "GET");
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      if (data->if_modified_since != NULL)
        {
          json_builder_set_member_name (builder, "httpHeaders");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "If-Modified-Since");
          json_builder_add_string_value (builder, data->if_modified_since);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  /* One object the user cannot see must not sink the others. */
  json_builder_set_member_name (builder, "haltOnError");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
describe_many_send_chunk (GTask *task)
{
  CsSalesforceClient *self = g_task_get_source_object (task);
  DescribeManyData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  char *json;
  BatchChunk *chunk;

  chunk = g_new0 (BatchChunk, 1);
  chunk->task = g_object_ref (task);
  chunk->first = data->next;
  chunk->count = MIN (CS_COMPOSITE_BATCH_MAX, data->names->len - data->next);
  data->next += chunk->count;
  data->in_flight++;

  body = describe_many_build_body (self, data, chunk);
  json = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (json, strlen (json));

  if (data->if_modified_since != NULL)
    {
      headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_hash_table_insert (headers, (gpointer) "If-Modified-Since",
                           g_strdup (data->if_modified_since));
    }

  path = g_strdup_printf ("/services/data/v%s/composite/batch",
                          cs_salesforce_client_get_api_version (self));
  cs_salesforce_client_send_request (self, "POST", path, bytes, NULL, headers,
                                     CS_REQUEST_FLAGS_NONE, CS_HTTP_MAX_DESCRIBE_BODY,
                                     g_task_get_cancellable (task),
                                     describe_many_chunk_cb, chunk);
}

/* Keeps up to CS_COMPOSITE_MAX_IN_FLIGHT batches in flight; after the
 * first failure sends no more and returns it once the others are answered. */
static void
describe_many_pump (GTask *task)
{
  DescribeManyData *data = g_task_get_task_data (task);

  while (data->error == NULL &&
         data->next < data->names->len &&
         data->in_flight < CS_COMPOSITE_MAX_IN_FLIGHT)
    describe_many_send_chunk (task);

  if (data->in_flight > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else if (data->next == data->names->len)
    g_task_return_pointer (task, g_steal_pointer (&data->results),
                           (GDestroyNotify) g_hash_table_unref);
}

void
cs_salesforce_client_describe_many_async (CsSalesforceClient *self,
                                          const char * const *object_names,
                                          GDateTime          *if_modified_since,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  cs_salesforce_client_describe_many_with_progress_async (self, object_names, if_modified_since,
                                                          NULL, NULL, cancellable,
                                                          callback, user_data);
}

void
cs_salesforce_client_describe_many_with_progress_async (CsSalesforceClient     *self,
                                                        const char * const     *object_names,
                                                        GDateTime              *if_modified_since,
                                                        CsDescribeProgressFunc  progress,
                                                        gpointer                progress_data,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) seen = NULL;
  DescribeManyData *data;

  g_return_if_fail (CS_IS_SALESFORCE_CLIENT (self));
  g_return_if_fail (object_names != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_salesforce_client_describe_many_async);

  data = g_new0 (DescribeManyData, 1);
  data->names = g_ptr_array_new_with_free_func (g_free);
  data->if_modified_since = format_http_date (if_modified_since);
  data->progress = progress;
  data->progress_data = progress_data;
  data->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cs_json_node_unref0);
  data->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_error_free);
  g_task_set_task_data (task, data, (GDestroyNotify) describe_many_data_free);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; object_names[i] != NULL; i++)
    {
      if (!is_valid_object_name (object_names[i]))
        {
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                                   /* Translators: %s is what was given as an object name */
                                   _("“%s” is not a Salesforce object name. Use the API "
                                     "name, such as Lead or Invoice__c."),
                                   object_names[i]);
          return;
        }

      if (g_hash_table_add (seen, (gpointer) object_names[i]))
        g_ptr_array_add (data->names, g_strdup (object_names[i]));
    }

  if (data->names->len == 0)
    {
      describe_many_pump (task);
      return;
    }

  cs_salesforce_client_ensure_version_then (task, describe_many_pump);
}

GHashTable *
cs_salesforce_client_describe_many_finish (CsSalesforceClient *self,
                                           GAsyncResult       *result,
                                           GHashTable        **errors_out,
                                           GError            **error)
{
  DescribeManyData *data;
  GHashTable *results;

  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_describe_many_async, NULL);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  if (errors_out != NULL)
    *errors_out = g_hash_table_ref (data->errors);

  return results;
}


GDateTime *
cs_salesforce_client_describe_many_get_server_date (CsSalesforceClient *self,
                                                    GAsyncResult       *result)
{
  DescribeManyData *data;

  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cs_salesforce_client_describe_many_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  return data->server_date;
}
