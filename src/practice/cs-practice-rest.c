/* cs-practice-rest.c: the REST API of the practice org under /services/data.
 *
 * Versions, the resource directory, describe global, describe (with
 * Last-Modified / If-Modified-Since), records, SOQL queries with
 * nextRecordsUrl paging, composite batch and limits. Every request after
 * authentication counts against the API limit reported in
 * Sforce-Limit-Info.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-util.h"

#define MAX_BATCH_SUBREQUESTS 25
#define DEFAULT_QUERY_BATCH   2000
#define MIN_QUERY_BATCH       200
/* Salesforce keeps a handful of open query cursors per user. */
#define MAX_CURSORS           20

typedef struct {
  guint   status;
  char   *body;            /* JSON text; NULL: empty body */
  gint64  last_modified;   /* unix seconds; 0: no Last-Modified */
  const char *content_type;  /* NULL: JSON */
  GHashTable *headers;     /* extra response headers, or NULL */
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_free);
  g_clear_pointer (&reply->headers, g_hash_table_unref);
  reply->content_type = NULL;
}

static void
reply_error (Reply      *reply,
             guint       status,
             const char *error_code,
             const char *message)
{
  reply_clear (reply);
  reply->status = status;
  reply->body = cs_practice_rest_error (error_code, message);
}

static void
reply_not_found (Reply *reply)
{
  reply_error (reply, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
}

static void
reply_ok (Reply *reply,
          char  *body)
{
  reply_clear (reply);
  reply->status = SOUP_STATUS_OK;
  reply->body = body;
}

void
cs_practice_cursor_free (CsPracticeCursor *cursor)
{
  if (cursor == NULL)
    return;
  g_free (cursor->locator);
  cs_soql_result_free (cursor->result);
  g_free (cursor);
}

typedef struct {
  CsPracticeOrg    *self;
  CsPracticeAccess *access;
  const char       *version;
  guint             batch_size;
  gboolean          in_batch;
} Context;

static CsPracticeRole
context_role (Context *context)
{
  return context->access->user->role;
}

/* ---- resources --------------------------------------------------------------------- */

static char *
versions_json (void)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;
  guint major;

  cs_json_writer_init (&w, out);
  cs_json_begin_array (&w);
  for (major = CS_PRACTICE_API_OLDEST; major <= CS_PRACTICE_API_LATEST; major++)
    {
      g_autofree char *version = g_strdup_printf ("%u.0", major);
      g_autofree char *url = g_strdup_printf ("/services/data/v%s", version);
      g_autofree char *label = cs_practice_org_version_label (major);

      g_assert (cs_practice_org_version_is_supported (version));
      cs_json_begin_object (&w);
      cs_json_kv_string (&w, "label", label);
      cs_json_kv_string (&w, "url", url);
      cs_json_kv_string (&w, "version", version);
      cs_json_end_object (&w);
    }
  cs_json_end_array (&w);
  return g_string_free (out, FALSE);
}

static char *
directory_json (Context *context)
{
  /* Salesforce's own v66.0 example, in its order. */
  static const char *resources[] = {
    "tooling", "metadata", "eclair", "folders", "prechatForms", "contact-tracing", "jsonxform",
    "chatter", "payments", "tabs", "appMenu", "quickActions", "queryAll", "commerce", "wave",
    "iot", "analytics", "search", "smartdatadiscovery", "identity", "composite",
    "parameterizedSearch", "fingerprint", "theme", "nouns", "domino", "event",
    "serviceTemplates", "recent", "connect", "licensing", "limits", "process", "dedupe",
    "async-queries", "query", "jobs", "localizedvalue", "mobile", "emailConnect", "consent",
    "tokenizer", "compactLayouts", "async", "sobjects", "actions", "support",
  };
  CsPracticeOrg *self = context->self;
  GString *out = g_string_new (NULL);
  CsJsonWriter w;
  guint i;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  for (i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autofree char *value = NULL;

      if (g_str_equal (resources[i], "identity"))
        value = g_strdup_printf ("%s/id/%s/%s", self->url, self->org_id, context->access->user->id);
      else
        value = g_strdup_printf ("/services/data/v%s/%s", context->version, resources[i]);
      cs_json_kv_string (&w, resources[i], value);
    }
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static char *
limits_json (Context *context)
{
  guint used = MIN (context->self->api_usage, CS_PRACTICE_API_LIMIT);
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "DailyApiRequests");
  cs_json_begin_object (&w);
  cs_json_kv_int (&w, "Max", CS_PRACTICE_API_LIMIT);
  cs_json_kv_int (&w, "Remaining",
                  context->self->faults[CS_PRACTICE_FAULT_RATE_LIMIT] ? 0 : CS_PRACTICE_API_LIMIT - used);
  cs_json_end_object (&w);
  cs_json_key (&w, "DailyBulkV2QueryJobs");
  cs_json_begin_object (&w);
  cs_json_kv_int (&w, "Max", 10000);
  cs_json_kv_int (&w, "Remaining", 10000);
  cs_json_end_object (&w);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static char *
composite_json (Context *context)
{
  static const char *resources[] = { "tree", "batch", "sobjects", "graph" };
  GString *out = g_string_new (NULL);
  CsJsonWriter w;
  guint i;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  for (i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autofree char *value = g_strdup_printf ("/services/data/v%s/composite/%s",
                                                context->version, resources[i]);

      cs_json_kv_string (&w, resources[i], value);
    }
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static CsPracticeObject *
visible_object (Context    *context,
                const char *name)
{
  CsPracticeObject *object = cs_practice_schema_lookup (context->self->schema, name);

  if (object == NULL || !cs_practice_object_is_visible (object, context_role (context)))
    return NULL;
  return object;
}

static void
get_describe (Context    *context,
              const char *object_name,
              gint64      if_modified_since,
              Reply      *reply)
{
  CsPracticeObject *object = visible_object (context, object_name);

  if (object == NULL)
    {
      reply_not_found (reply);
      return;
    }

  reply->last_modified = object->last_modified;
  if (if_modified_since > 0 && object->last_modified <= if_modified_since)
    {
      reply_clear (reply);
      reply->status = SOUP_STATUS_NOT_MODIFIED;
      return;
    }
  reply_ok (reply, g_strdup (cs_practice_schema_describe (context->self->schema, object,
                                                          context_role (context),
                                                          context->version)));
}

static void
get_sobject_info (Context    *context,
                  const char *object_name,
                  Reply      *reply)
{
  CsPracticeObject *object = visible_object (context, object_name);
  GString *out;
  CsJsonWriter w;

  if (object == NULL)
    {
      reply_not_found (reply);
      return;
    }
  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "objectDescribe");
  cs_practice_schema_write_global_entry (context->self->schema, &w, object,
                                         context_role (context), context->version);
  cs_json_key (&w, "recentItems");
  cs_json_begin_array (&w);
  cs_json_end_array (&w);
  cs_json_end_object (&w);
  reply_ok (reply, g_string_free (out, FALSE));
}

static void
get_record (Context    *context,
            const char *object_name,
            const char *id,
            GHashTable *query,
            Reply      *reply)
{
  CsPracticeObject *object = visible_object (context, object_name);
  CsPracticeRole role = context_role (context);
  const char *fields_param = query != NULL ? g_hash_table_lookup (query, "fields") : NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(JsonNode) id_node = NULL;
  g_autofree char *url = NULL;
  const char *found_object = NULL;
  guint index = 0;
  GString *out;
  CsJsonWriter w;
  guint i;

  if (object == NULL)
    {
      reply_not_found (reply);
      return;
    }
  if (!cs_practice_id_is_valid (id))
    {
      g_autofree char *message = g_strdup_printf ("%s ID: id value of incorrect type: %s",
                                                  object->label, id);

      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "MALFORMED_ID", message);
      return;
    }
  if (!cs_practice_data_find (context->self->data, id, &found_object, &index) ||
      !g_str_equal (found_object, object->name))
    {
      reply_not_found (reply);
      return;
    }

  if (fields_param != NULL)
    {
      g_auto(GStrv) names = g_strsplit (fields_param, ",", -1);

      for (i = 0; names[i] != NULL; i++)
        {
          CsPracticeField *field = cs_practice_object_lookup_field (object, g_strstrip (names[i]));

          if (field == NULL || !cs_practice_field_is_visible (field, role))
            {
              g_autofree char *message = g_strdup_printf ("No such column '%s' on sobject of type %s",
                                                          names[i], object->name);

              reply_error (reply, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD", message);
              return;
            }
          g_ptr_array_add (fields, field);
        }
    }
  else
    for (i = 0; i < object->fields->len; i++)
      {
        CsPracticeField *field = g_ptr_array_index (object->fields, i);

        if (cs_practice_field_is_visible (field, role))
          g_ptr_array_add (fields, field);
      }

  id_node = cs_practice_data_get (context->self->data, object->name, index, "Id");
  url = g_strdup_printf ("/services/data/v%s/sobjects/%s/%s", context->version, object->name,
                         json_node_get_string (id_node));
  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "attributes");
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "type", object->name);
  cs_json_kv_string (&w, "url", url);
  cs_json_end_object (&w);
  for (i = 0; i < fields->len; i++)
    {
      CsPracticeField *field = g_ptr_array_index (fields, i);
      g_autoptr(JsonNode) value = cs_practice_data_get (context->self->data, object->name,
                                                        index, field->name);

      cs_json_key (&w, field->name);
      if (value == NULL && field->type == CS_FT_BOOLEAN)
        cs_json_bool (&w, FALSE);
      else
        cs_json_node (&w, value);
    }
  cs_json_end_object (&w);
  reply_ok (reply, g_string_free (out, FALSE));
}

/* ---- queries ------------------------------------------------------------------------- */

static char *
query_page_json (Context          *context,
                 CsSoqlResult     *result,
                 const char       *locator,
                 const char       *resource,
                 guint             offset,
                 guint             batch_size)
{
  guint total = cs_soql_result_get_total (result);
  gboolean done = offset + batch_size >= cs_soql_result_get_n_records (result);
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_int (&w, "totalSize", total);
  cs_json_kv_bool (&w, "done", done);
  if (!done)
    {
      g_autofree char *next = g_strdup_printf ("/services/data/v%s/%s/%s-%u",
                                               context->version, resource, locator,
                                               offset + batch_size);

      cs_json_kv_string (&w, "nextRecordsUrl", next);
    }
  cs_json_key (&w, "records");
  cs_json_begin_array (&w);
  cs_soql_result_write_records (result, context->self->data, context->version,
                                offset, batch_size, &w);
  cs_json_end_array (&w);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static void
run_query (Context    *context,
           const char *resource,
           GHashTable *query,
           Reply      *reply)
{
  CsPracticeOrg *self = context->self;
  const char *soql = query != NULL ? g_hash_table_lookup (query, "q") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSoqlResult) result = NULL;
  CsPracticeCursor *cursor;

  if (soql == NULL || *soql == '\0')
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "MALFORMED_QUERY",
                   "A query string has to be specified");
      return;
    }

  result = cs_soql_run_full (self->schema, self->data, context_role (context), soql,
                             g_str_equal (resource, "queryAll"), &error);
  if (result == NULL)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, cs_soql_error_code (error), error->message);
      return;
    }

  /* columns=true: what the query would answer, not the answer. */
  if (g_strcmp0 (g_hash_table_lookup (query, "columns"), "true") == 0)
    {
      GString *out = g_string_new (NULL);
      CsJsonWriter w;

      cs_json_writer_init (&w, out);
      cs_json_begin_object (&w);
      cs_soql_result_write_columns (result, &w);
      cs_json_end_object (&w);
      reply_ok (reply, g_string_free (out, FALSE));
      return;
    }

  if (cs_soql_result_get_n_records (result) <= context->batch_size)
    {
      reply_ok (reply, query_page_json (context, result, NULL, resource, 0, context->batch_size));
      return;
    }

  /* More than a page: keep the answer behind a query locator. */
  cursor = g_new0 (CsPracticeCursor, 1);
  cursor->locator = cs_practice_make_id ("01g", ++self->next_cursor);
  cursor->user = context->access->user;
  cursor->result = g_steal_pointer (&result);
  cursor->batch_size = context->batch_size;
  g_hash_table_insert (self->cursors, cursor->locator, cursor);
  g_queue_push_tail (&self->cursor_order, g_strdup (cursor->locator));
  while (g_queue_get_length (&self->cursor_order) > MAX_CURSORS)
    {
      g_autofree char *oldest = g_queue_pop_head (&self->cursor_order);

      g_hash_table_remove (self->cursors, oldest);
    }

  reply_ok (reply, query_page_json (context, cursor->result, cursor->locator, resource,
                                    0, cursor->batch_size));
}

static void
query_more (Context    *context,
            const char *resource,
            const char *locator_and_offset,
            Reply      *reply)
{
  const char *dash = strrchr (locator_and_offset, '-');
  g_autofree char *locator = NULL;
  CsPracticeCursor *cursor = NULL;
  guint64 offset = 0;
  char *end = NULL;

  if (dash != NULL)
    {
      locator = g_strndup (locator_and_offset, (gsize) (dash - locator_and_offset));
      offset = g_ascii_strtoull (dash + 1, &end, 10);
      cursor = g_hash_table_lookup (context->self->cursors, locator);
    }
  if (cursor == NULL || end == NULL || *end != '\0' || end == dash + 1 ||
      cursor->user != context->access->user ||
      offset >= cs_soql_result_get_n_records (cursor->result))
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "INVALID_QUERY_LOCATOR", "invalid query locator");
      return;
    }

  reply_ok (reply, query_page_json (context, cursor->result, cursor->locator, resource,
                                    (guint) offset, cursor->batch_size));
}

/* ---- dispatch ------------------------------------------------------------------------ */

static void dispatch (Context *context, const char *method, const char *path, GHashTable *query,
                      gint64 if_modified_since, const char *body, Reply *reply);

static const char *
lookup_header (JsonObject *headers,
               const char *name)
{
  GList *members;
  GList *l;
  const char *value = NULL;

  if (headers == NULL)
    return NULL;
  /* Header names are case-insensitive. */
  members = json_object_get_members (headers);
  for (l = members; l != NULL && value == NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, name) == 0)
      value = json_object_get_string_member_with_default (headers, l->data, NULL);
  g_list_free (members);
  return value;
}

static void
composite_batch (Context    *context,
                 const char *body,
                 gint64      if_modified_since,
                 Reply      *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *requests;
  gboolean halt_on_error;
  gboolean has_errors = FALSE;
  gboolean halted = FALSE;
  GString *out;
  CsJsonWriter w;
  guint n, i;

  if (!json_parser_load_from_data (parser, body, -1, &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "batchRequests") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "batchRequests")))
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR",
                   "The request body must be a JSON object with a batchRequests array");
      return;
    }

  requests = json_object_get_array_member (json_node_get_object (root), "batchRequests");
  halt_on_error = json_object_get_boolean_member_with_default (json_node_get_object (root),
                                                               "haltOnError", FALSE);
  n = json_array_get_length (requests);
  if (n == 0)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "INVALID_BATCH_REQUEST",
                   "A batch request must contain at least one subrequest");
      return;
    }
  if (n > MAX_BATCH_SUBREQUESTS)
    {
      g_autofree char *message =
        g_strdup_printf ("The request can't contain more than %u operations; it contains %u.",
                         MAX_BATCH_SUBREQUESTS, n);

      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "LIMIT_EXCEEDED", message);
      return;
    }

  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_array (&w);
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (requests, i);
      JsonObject *request = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *method = request != NULL
                           ? json_object_get_string_member_with_default (request, "method", "GET")
                           : NULL;
      const char *url = request != NULL
                        ? json_object_get_string_member_with_default (request, "url", NULL)
                        : NULL;
      JsonNode *headers_node = request != NULL ? json_object_get_member (request, "httpHeaders") : NULL;
      JsonObject *headers = headers_node != NULL && JSON_NODE_HOLDS_OBJECT (headers_node)
                            ? json_node_get_object (headers_node) : NULL;
      Reply sub = { 0 };

      if (halted)
        reply_error (&sub, SOUP_STATUS_PRECONDITION_FAILED, "BATCH_PROCESSING_HALTED",
                     "Batch processing halted per request");
      else if (url == NULL || method == NULL)
        reply_error (&sub, SOUP_STATUS_BAD_REQUEST, "INVALID_BATCH_REQUEST",
                     "Each subrequest needs a method and a url");
      else
        {
          g_autofree char *path = NULL;
          g_autoptr(GHashTable) query = NULL;
          const char *question = strchr (url, '?');
          const char *ims_header = lookup_header (headers, "If-Modified-Since");
          gint64 ims = if_modified_since;

          /* "v58.0/sobjects/…" or "/services/data/v58.0/sobjects/…" */
          path = question != NULL ? g_strndup (url, (gsize) (question - url)) : g_strdup (url);
          if (g_str_has_prefix (path, "/services/data/"))
            {
              char *tail = g_strdup (path + strlen ("/services/data"));

              g_free (path);
              path = tail;
            }
          else if (*path != '/')
            {
              char *full = g_strconcat ("/", path, NULL);

              g_free (path);
              path = full;
            }
          if (question != NULL)
            query = cs_practice_form_decode (question + 1);
          if (ims_header != NULL && !cs_practice_parse_http_date (ims_header, &ims))
            ims = 0;

          dispatch (context, method, path, query, ims, NULL, &sub);
        }

      /* A subrequest answers JSON only: no CSV results inside a batch. */
      if (sub.content_type != NULL)
        reply_error (&sub, SOUP_STATUS_BAD_REQUEST, "INVALID_BATCH_REQUEST",
                     "This resource can't be requested in a batch");

      if (sub.status >= 400)
        {
          has_errors = TRUE;
          if (halt_on_error)
            halted = TRUE;
        }

      cs_json_begin_object (&w);
      cs_json_kv_int (&w, "statusCode", sub.status);
      cs_json_key (&w, "result");
      if (sub.body != NULL)
        cs_json_raw (&w, sub.body);
      else
        cs_json_null (&w);
      cs_json_end_object (&w);
      reply_clear (&sub);
    }
  cs_json_end_array (&w);

  {
    g_autofree char *results = g_string_free (out, FALSE);

    reply_ok (reply, g_strdup_printf ("{\"hasErrors\":%s,\"results\":%s}",
                                      has_errors ? "true" : "false", results));
  }
}

static gboolean
method_allowed (const char *method,
                const char *allowed,
                Reply      *reply)
{
  g_autofree char *message = NULL;
  g_auto(GStrv) methods = g_strsplit (allowed, ",", -1);

  if (g_strv_contains ((const char * const *) methods, method))
    return TRUE;
  message = g_strdup_printf ("HTTP Method '%s' not allowed. Allowed are %s", method, allowed);
  reply_error (reply, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", message);
  return FALSE;
}

/* Record writes, changes and Bulk API 2.0 jobs live in files of their own
 * (cs-practice-org-records.c, cs-practice-bulk.c). */
static gboolean
answer_extension (Context    *context,
                  const char *method,
                  char      **parts,
                  GHashTable *query,
                  const char *body,
                  Reply      *reply)
{
  CsPracticeAnswer answer = { 0 };

  if (!cs_practice_rest_records_handle (context->self, context->access, context->version,
                                        method, parts, query, body, &answer) &&
      !cs_practice_bulk_handle (context->self, context->access, context->version,
                                method, parts, query, body, &answer))
    return FALSE;

  reply_clear (reply);
  reply->status = answer.status;
  reply->body = g_steal_pointer (&answer.body);
  reply->content_type = answer.content_type;
  reply->headers = g_steal_pointer (&answer.headers);
  return TRUE;
}

/* @path starts with "/vNN.N". */
static void
dispatch (Context    *context,
          const char *method,
          const char *path,
          GHashTable *query,
          gint64      if_modified_since,
          const char *body,
          Reply      *reply)
{
  g_autofree char *version = NULL;
  g_autofree char *rest = NULL;
  g_auto(GStrv) parts = NULL;
  const char *slash;
  guint n;

  reply->status = SOUP_STATUS_OK;

  if (!g_str_has_prefix (path, "/v"))
    {
      reply_not_found (reply);
      return;
    }
  slash = strchr (path + 2, '/');
  version = slash != NULL ? g_strndup (path + 2, (gsize) (slash - path - 2)) : g_strdup (path + 2);
  if (!cs_practice_org_version_is_supported (version))
    {
      reply_not_found (reply);
      return;
    }
  context->version = version;

  rest = g_strdup (slash != NULL ? slash : "");
  if (g_str_has_suffix (rest, "/"))
    rest[strlen (rest) - 1] = '\0';
  parts = g_strsplit (*rest == '/' ? rest + 1 : rest, "/", -1);
  n = g_strv_length (parts);

  if (n == 0 || (n == 1 && *parts[0] == '\0'))
    {
      if (method_allowed (method, "GET,HEAD", reply))
        reply_ok (reply, directory_json (context));
    }
  else if (answer_extension (context, method, parts, query, body, reply))
    return;
  else if (g_str_equal (parts[0], "sobjects") && n <= 4)
    {
      if (!method_allowed (method, "GET,HEAD", reply))
        return;
      if (n == 1)
        reply_ok (reply, cs_practice_schema_describe_global (context->self->schema,
                                                             context_role (context),
                                                             context->version));
      else if (n == 2)
        get_sobject_info (context, parts[1], reply);
      else if (n == 3 && g_str_equal (parts[2], "describe"))
        get_describe (context, parts[1], if_modified_since, reply);
      else if (n == 3)
        get_record (context, parts[1], parts[2], query, reply);
      else
        reply_not_found (reply);
    }
  else if ((g_str_equal (parts[0], "query") || g_str_equal (parts[0], "queryAll")) && n <= 2)
    {
      if (!method_allowed (method, "GET,HEAD", reply))
        return;
      if (n == 1)
        run_query (context, parts[0], query, reply);
      else
        query_more (context, parts[0], parts[1], reply);
    }
  else if (g_str_equal (parts[0], "composite") && n == 1)
    {
      if (method_allowed (method, "GET,HEAD", reply))
        reply_ok (reply, composite_json (context));
    }
  else if (g_str_equal (parts[0], "composite") && n == 2 && g_str_equal (parts[1], "batch"))
    {
      if (context->in_batch)
        reply_error (reply, SOUP_STATUS_BAD_REQUEST, "INVALID_BATCH_REQUEST",
                     "A batch subrequest can't be a batch itself");
      else if (method_allowed (method, "POST", reply))
        {
          context->in_batch = TRUE;
          composite_batch (context, body != NULL ? body : "", if_modified_since, reply);
          context->in_batch = FALSE;
        }
    }
  else if (g_str_equal (parts[0], "limits") && n == 1)
    {
      if (method_allowed (method, "GET,HEAD", reply))
        reply_ok (reply, limits_json (context));
    }
  else
    reply_not_found (reply);
}

/* ---- entry point ------------------------------------------------------------------------ */

static guint
query_batch_size (SoupMessageHeaders *headers)
{
  const char *options = soup_message_headers_get_one (headers, "Sforce-Query-Options");
  g_autoptr(GHashTable) params = NULL;
  const char *value;
  guint64 size;

  if (options == NULL)
    return DEFAULT_QUERY_BATCH;
  params = soup_header_parse_param_list (options);
  value = g_hash_table_lookup (params, "batchSize");
  if (value == NULL)
    return DEFAULT_QUERY_BATCH;
  size = g_ascii_strtoull (value, NULL, 10);
  return (guint) CLAMP (size, MIN_QUERY_BATCH, DEFAULT_QUERY_BATCH);
}

void
cs_practice_rest_handle (CsPracticeOrg     *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *rest = path + strlen ("/services/data");
  g_autofree char *limit_info = NULL;
  g_autofree char *body = NULL;
  CsPracticeAccess *access;
  Context context = { 0 };
  Reply reply = { 0 };
  gint64 if_modified_since = 0;

  /* The versions list: no authentication, no limit header. */
  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
        cs_practice_reply_json (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                cs_practice_rest_error ("UNKNOWN_EXCEPTION",
                                                        "An unexpected error occurred. Please include "
                                                        "this ErrorId if you contact support: "
                                                        "1402851177-4201 (-1181498245)"));
      else
        cs_practice_reply_json (msg, SOUP_STATUS_OK, versions_json ());
      return;
    }

  if (self->faults[CS_PRACTICE_FAULT_SERVER_ERROR])
    reply_error (&reply, SOUP_STATUS_INTERNAL_SERVER_ERROR, "UNKNOWN_EXCEPTION",
                 "An unexpected error occurred. Please include this ErrorId if you contact "
                 "support: 1402851177-4201 (-1181498245)");
  else if ((access = cs_practice_org_authenticate (self, msg, NULL)) == NULL)
    reply_error (&reply, SOUP_STATUS_UNAUTHORIZED, "INVALID_SESSION_ID", "Session expired or invalid");
  else
    {
      g_auto(GStrv) scopes = g_strsplit (access->scope != NULL ? access->scope : "", " ", -1);

      /* A token without the api scope must not make the client refresh
       * in a loop: the message says why. */
      if (!g_strv_contains ((const char * const *) scopes, "api") &&
          !g_strv_contains ((const char * const *) scopes, "full"))
        reply_error (&reply, SOUP_STATUS_UNAUTHORIZED, "INVALID_SESSION_ID",
                     "This session is not valid for use with the REST API");
      else if (self->faults[CS_PRACTICE_FAULT_API_DISABLED])
        reply_error (&reply, SOUP_STATUS_FORBIDDEN, "API_DISABLED_FOR_ORG",
                     "The REST API is not enabled for this Organization.");
      else if (self->faults[CS_PRACTICE_FAULT_RATE_LIMIT])
        reply_error (&reply, SOUP_STATUS_FORBIDDEN, "REQUEST_LIMIT_EXCEEDED",
                     "TotalRequests Limit exceeded.");
      else
        {
          self->api_usage++;
          context.self = self;
          context.access = access;
          context.batch_size = query_batch_size (request_headers);
          body = cs_practice_request_body (msg);
          if (!cs_practice_parse_http_date (soup_message_headers_get_one (request_headers,
                                                                          "If-Modified-Since"),
                                            &if_modified_since))
            if_modified_since = 0;
          dispatch (&context, method, rest, query, if_modified_since, body, &reply);
        }
    }

  limit_info = g_strdup_printf ("api-usage=%u/%u",
                                self->faults[CS_PRACTICE_FAULT_RATE_LIMIT]
                                ? MAX (self->api_usage, CS_PRACTICE_API_LIMIT)
                                : self->api_usage,
                                CS_PRACTICE_API_LIMIT);
  soup_message_headers_replace (response_headers, "Sforce-Limit-Info", limit_info);
  if (reply.last_modified > 0)
    {
      g_autofree char *date = cs_practice_http_date (reply.last_modified);

      soup_message_headers_replace (response_headers, "Last-Modified", date);
    }

  if (reply.headers != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, reply.headers);
      while (g_hash_table_iter_next (&iter, &name, &value))
        soup_message_headers_replace (response_headers, name, value);
    }

  if (reply.body == NULL)
    soup_server_message_set_status (msg, reply.status, NULL);
  else if (reply.content_type != NULL)
    {
      char *text = g_steal_pointer (&reply.body);

      soup_server_message_set_status (msg, reply.status, NULL);
      soup_server_message_set_response (msg, reply.content_type, SOUP_MEMORY_TAKE, text, strlen (text));
    }
  else
    cs_practice_reply_json (msg, reply.status, g_steal_pointer (&reply.body));
  reply_clear (&reply);
}
