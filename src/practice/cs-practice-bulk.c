/* cs-practice-bulk.c: Bulk API 2.0 query jobs.
 *
 *   POST   /services/data/vNN.N/jobs/query            {"operation", "query"}
 *   GET    /services/data/vNN.N/jobs/query/{id}       the job's state
 *   GET    /services/data/vNN.N/jobs/query/{id}/results?locator=&maxRecords=
 *   PATCH  /services/data/vNN.N/jobs/query/{id}       {"state": "Aborted"}
 *   DELETE /services/data/vNN.N/jobs/query/{id}
 *
 * The query runs when the job is created (its records are fixed then; their
 * values are read when a page is served, as the REST cursors do). A job
 * answers InProgress to its first state request and JobComplete after, so
 * that clients must poll as they do on Salesforce. Results are CSV pages
 * of at most maxRecords records, with Sforce-Locator ("null" after the
 * last) and Sforce-NumberOfRecords.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-util.h"

/* Jobs kept, newest; Salesforce keeps them 7 days. */
#define MAX_JOBS             100
#define DEFAULT_MAX_RECORDS  50000
#define MAX_MAX_RECORDS      1000000

typedef enum {
  JOB_UPLOAD_COMPLETE,
  JOB_IN_PROGRESS,
  JOB_COMPLETE,
  JOB_ABORTED,
} JobState;

typedef struct {
  char           *id;
  CsPracticeUser *user;
  char           *operation;
  char           *object_name;
  char           *api_version;
  gint64          created;          /* unix seconds, org time */
  JobState        state;
  CsSoqlResult   *result;
} Job;

struct _CsPracticeBulk {
  GHashTable *jobs;                 /* id → Job */
  GQueue      order;                /* ids, oldest first */
  guint64     next_serial;
};

static void
job_free (Job *job)
{
  g_free (job->id);
  g_free (job->operation);
  g_free (job->object_name);
  g_free (job->api_version);
  cs_soql_result_free (job->result);
  g_free (job);
}

CsPracticeBulk *
cs_practice_bulk_new (void)
{
  CsPracticeBulk *bulk = g_new0 (CsPracticeBulk, 1);

  bulk->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) job_free);
  g_queue_init (&bulk->order);
  bulk->next_serial = G_GUINT64_CONSTANT (4200000);
  return bulk;
}

void
cs_practice_bulk_free (CsPracticeBulk *bulk)
{
  if (bulk == NULL)
    return;
  g_hash_table_unref (bulk->jobs);
  g_queue_clear_full (&bulk->order, g_free);
  g_free (bulk);
}

static const char *
job_state_name (JobState state)
{
  switch (state)
    {
    case JOB_UPLOAD_COMPLETE: return "UploadComplete";
    case JOB_IN_PROGRESS:     return "InProgress";
    case JOB_COMPLETE:        return "JobComplete";
    case JOB_ABORTED:         return "Aborted";
    default:                  g_assert_not_reached ();
    }
  return NULL;
}

static char *
job_json (CsPracticeOrg *self,
          Job           *job)
{
  g_autofree char *created = cs_practice_rest_datetime (job->created);
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "id", job->id);
  cs_json_kv_string (&w, "operation", job->operation);
  cs_json_kv_string (&w, "object", job->object_name);
  cs_json_kv_string (&w, "createdById", job->user->id);
  cs_json_kv_string (&w, "createdDate", created);
  cs_json_kv_string (&w, "systemModstamp", created);
  cs_json_kv_string (&w, "state", job_state_name (job->state));
  cs_json_kv_string (&w, "concurrencyMode", "Parallel");
  cs_json_kv_string (&w, "contentType", "CSV");
  cs_json_key (&w, "apiVersion");
  cs_json_double (&w, g_ascii_strtod (job->api_version, NULL));
  cs_json_kv_string (&w, "jobType", "V2Query");
  cs_json_kv_string (&w, "lineEnding", "LF");
  cs_json_kv_string (&w, "columnDelimiter", "COMMA");
  if (job->state == JOB_COMPLETE)
    {
      cs_json_kv_int (&w, "numberRecordsProcessed", cs_soql_result_get_n_records (job->result));
      cs_json_kv_int (&w, "retries", 0);
      cs_json_kv_int (&w, "totalProcessingTime", 1);
    }
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static void
answer_json (CsPracticeAnswer *answer,
             guint             status,
             char             *body)
{
  cs_practice_answer_clear (answer);
  answer->status = status;
  answer->body = body;
}

static void
create_job (CsPracticeOrg    *self,
            CsPracticeAccess *access,
            const char       *version,
            const char       *body,
            CsPracticeAnswer *answer)
{
  CsPracticeBulk *bulk = self->bulk;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSoqlResult) result = NULL;
  JsonObject *request;
  const char *operation;
  const char *soql;
  const char *content_type;
  Job *job;

  if (body == NULL || !json_parser_load_from_data (parser, body, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR",
                                "The request body must be a JSON object");
      return;
    }
  request = json_node_get_object (json_parser_get_root (parser));
  operation = json_object_get_string_member_with_default (request, "operation", NULL);
  soql = json_object_get_string_member_with_default (request, "query", NULL);
  content_type = json_object_get_string_member_with_default (request, "contentType", "CSV");
  if (operation == NULL || (!g_str_equal (operation, "query") && !g_str_equal (operation, "queryAll")))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALIDJOB",
                                "InvalidJob : Operation must be query or queryAll");
      return;
    }
  if (soql == NULL || !g_str_equal (content_type, "CSV"))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALIDJOB",
                                "InvalidJob : A query job needs a query, and its results are CSV");
      return;
    }

  result = cs_soql_run_full (self->schema, self->data, access->user->role, soql,
                             g_str_equal (operation, "queryAll"), &error);
  if (result == NULL)
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, cs_soql_error_code (error),
                                error->message);
      return;
    }
  if (cs_soql_result_is_aggregate (result))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "API_ERROR",
                                "Aggregate queries are not supported in Bulk API 2.0");
      return;
    }
  if (cs_soql_result_has_compound (result))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "FUNCTIONALITY_NOT_ENABLED",
                                "Selecting compound data not supported in Bulk Query");
      return;
    }

  job = g_new0 (Job, 1);
  job->id = cs_practice_make_id ("750", bulk->next_serial++);
  job->user = access->user;
  job->operation = g_strdup (operation);
  job->api_version = g_strdup (version);
  job->created = cs_practice_schema_now (self->schema);
  job->state = JOB_UPLOAD_COMPLETE;
  job->result = g_steal_pointer (&result);
  {
    /* The object as the schema spells it, whatever the query's case. */
    g_autofree char *lower = g_ascii_strdown (soql, -1);
    const char *from = strstr (lower, " from ");
    g_autofree char *name = from != NULL ? g_strndup (soql + (from - lower) + 6,
                                                      strcspn (from + 6, " \t\r\n")) : NULL;
    CsPracticeObject *object = name != NULL ? cs_practice_schema_lookup (self->schema, name) : NULL;

    job->object_name = g_strdup (object != NULL ? object->name : name);
  }
  g_hash_table_insert (bulk->jobs, job->id, job);
  g_queue_push_tail (&bulk->order, g_strdup (job->id));
  while (g_queue_get_length (&bulk->order) > MAX_JOBS)
    {
      g_autofree char *oldest = g_queue_pop_head (&bulk->order);

      g_hash_table_remove (bulk->jobs, oldest);
    }

  answer_json (answer, SOUP_STATUS_OK, job_json (self, job));
}

/* "MTAwMDA" (base64 of the decimal offset), as opaque as Salesforce's. */
static char *
make_locator (guint offset)
{
  g_autofree char *text = g_strdup_printf ("%u", offset);

  return g_base64_encode ((const guchar *) text, strlen (text));
}

static gboolean
read_locator (const char *locator,
              guint      *offset)
{
  gsize length = 0;
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  guint64 value;

  for (const char *p = locator; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  decoded = g_base64_decode (locator, &length);
  text = g_strndup ((const char *) decoded, length);
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;
  *offset = (guint) value;
  return TRUE;
}

static void
get_results (CsPracticeOrg    *self,
             Job              *job,
             GHashTable       *query,
             CsPracticeAnswer *answer)
{
  const char *locator = query != NULL ? g_hash_table_lookup (query, "locator") : NULL;
  const char *max_text = query != NULL ? g_hash_table_lookup (query, "maxRecords") : NULL;
  guint total = cs_soql_result_get_n_records (job->result);
  guint offset = 0;
  guint64 max_records = DEFAULT_MAX_RECORDS;
  guint count;
  GString *out;

  if (job->state != JOB_COMPLETE)
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "API_ERROR",
                                "The results of a job can be retrieved once it is complete");
      return;
    }
  if (locator != NULL && *locator != '\0' && (!read_locator (locator, &offset) || offset > total))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALIDLOCATOR",
                                "Invalid locator");
      return;
    }
  if (max_text != NULL &&
      !g_ascii_string_to_unsigned (max_text, 10, 1, MAX_MAX_RECORDS, &max_records, NULL))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALIDMAXRECORDS",
                                "maxRecords must be a positive number");
      return;
    }

  count = (guint) MIN ((guint64) (total - offset), max_records);
  /* Lead rows run to a few hundred bytes. */
  out = g_string_sized_new ((gsize) count * 320 + 1024);
  cs_soql_result_write_csv (job->result, self->data, offset, count, out);

  cs_practice_answer_clear (answer);
  answer->status = SOUP_STATUS_OK;
  answer->body = g_string_free (out, FALSE);
  answer->content_type = "text/csv";
  answer->headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (answer->headers, (gpointer) "Sforce-Locator",
                       offset + count < total ? make_locator (offset + count) : g_strdup ("null"));
  g_hash_table_insert (answer->headers, (gpointer) "Sforce-NumberOfRecords",
                       g_strdup_printf ("%u", count));
}

gboolean
cs_practice_bulk_handle (CsPracticeOrg    *self,
                         CsPracticeAccess *access,
                         const char       *version,
                         const char       *method,
                         char            **parts,
                         GHashTable       *query,
                         const char       *body,
                         CsPracticeAnswer *answer)
{
  guint n = g_strv_length (parts);
  Job *job;

  if (n < 2 || !g_str_equal (parts[0], "jobs") || !g_str_equal (parts[1], "query") || n > 4)
    return FALSE;

  if (n == 2)
    {
      if (g_str_equal (method, "POST"))
        create_job (self, access, version, body, answer);
      else
        cs_practice_answer_error (answer, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                                  "HTTP Method not allowed. Allowed are POST");
      return TRUE;
    }

  job = g_hash_table_lookup (self->bulk->jobs, parts[2]);
  if (job == NULL || job->user != access->user ||
      (n == 4 && !g_str_equal (parts[3], "results")))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                                "The requested resource does not exist");
      return TRUE;
    }

  if (n == 4)
    {
      if (g_str_equal (method, "GET"))
        get_results (self, job, query, answer);
      else
        cs_practice_answer_error (answer, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                                  "HTTP Method not allowed. Allowed are GET");
      return TRUE;
    }

  if (g_str_equal (method, "GET"))
    {
      /* Salesforce works on it a while: the first look finds it running. */
      if (job->state == JOB_UPLOAD_COMPLETE)
        job->state = JOB_IN_PROGRESS;
      else if (job->state == JOB_IN_PROGRESS)
        job->state = JOB_COMPLETE;
      answer_json (answer, SOUP_STATUS_OK, job_json (self, job));
    }
  else if (g_str_equal (method, "PATCH"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (body == NULL || !json_parser_load_from_data (parser, body, -1, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root),
                                                                 "state", NULL), "Aborted") != 0)
        {
          cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALIDJOBSTATE",
                                    "A query job can only be set to Aborted");
          return TRUE;
        }
      if (job->state != JOB_COMPLETE)
        job->state = JOB_ABORTED;
      answer_json (answer, SOUP_STATUS_OK, job_json (self, job));
    }
  else if (g_str_equal (method, "DELETE"))
    {
      g_hash_table_remove (self->bulk->jobs, job->id);
      cs_practice_answer_clear (answer);
      answer->status = SOUP_STATUS_NO_CONTENT;
    }
  else
    cs_practice_answer_error (answer, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                              "HTTP Method not allowed. Allowed are GET,PATCH,DELETE");
  return TRUE;
}
