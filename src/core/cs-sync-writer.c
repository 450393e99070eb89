/* cs-sync-writer.c: the record sync's writer, in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-sync-page-store.h"
#include "cs-sync-writer.h"

struct _CsSyncWriter
{
  GObject         parent_instance;

  char           *path;
  /* The rest is only touched by jobs, which hold the lock. */
  GMutex          lock;
  CsSyncDatabase *database;
  gint64          cycle_id;
  GHashTable     *tables;   /* lower-case object → CsSyncTable */
  GHashTable     *rows;     /* lower-case object → CsSyncObjectRow */
};

G_DEFINE_FINAL_TYPE (CsSyncWriter, cs_sync_writer, G_TYPE_OBJECT)

/* ---- small types -------------------------------------------------------------------- */

void
cs_sync_writer_object_free (CsSyncWriterObject *object)
{
  if (object == NULL)
    return;
  g_free (object->object);
  g_clear_pointer (&object->fields, g_ptr_array_unref);
  g_free (object);
}

void
cs_sync_writer_plan_free (CsSyncWriterPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->rows, g_ptr_array_unref);
  g_clear_pointer (&plan->select_lists, g_ptr_array_unref);
  g_clear_pointer (&plan->failures, g_ptr_array_unref);
  g_free (plan);
}

void
cs_sync_writer_result_free (CsSyncWriterResult *result)
{
  if (result == NULL)
    return;
  g_free (result->next_url);
  g_free (result->failure_code);
  g_free (result->failure);
  cs_sync_object_row_free (result->row);
  g_free (result);
}

void
cs_sync_check_layout_free (CsSyncCheckLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->object);
  g_free (layout->deleted_end);
  g_free (layout);
}

CsSyncObjectRow *
cs_sync_object_row_copy (const CsSyncObjectRow *row)
{
  CsSyncObjectRow *copy = g_memdup2 (row, sizeof *row);

  copy->object = g_strdup (row->object);
  copy->watermark = g_strdup (row->watermark);
  copy->watermark_id = g_strdup (row->watermark_id);
  copy->load_kind = g_strdup (row->load_kind);
  copy->load_started = g_strdup (row->load_started);
  copy->bulk_job = g_strdup (row->bulk_job);
  copy->bulk_locator = g_strdup (row->bulk_locator);
  copy->deleted_covered = g_strdup (row->deleted_covered);
  return copy;
}

static CsSyncWriterResult *
result_new (void)
{
  CsSyncWriterResult *result = g_new0 (CsSyncWriterResult, 1);

  result->total = -1;
  return result;
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
cs_sync_writer_finalize (GObject *object)
{
  CsSyncWriter *self = CS_SYNC_WRITER (object);

  g_hash_table_unref (self->tables);
  g_hash_table_unref (self->rows);
  g_clear_object (&self->database);
  g_mutex_clear (&self->lock);
  g_free (self->path);

  G_OBJECT_CLASS (cs_sync_writer_parent_class)->finalize (object);
}

static void
cs_sync_writer_class_init (CsSyncWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_sync_writer_finalize;
}

static void
cs_sync_writer_init (CsSyncWriter *self)
{
  g_mutex_init (&self->lock);
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cs_sync_table_free);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) cs_sync_object_row_free);
}

CsSyncWriter *
cs_sync_writer_new (const char *database_path)
{
  CsSyncWriter *self;

  g_return_val_if_fail (database_path != NULL, NULL);

  self = g_object_new (CS_TYPE_SYNC_WRITER, NULL);
  self->path = g_strdup (database_path);
  return self;
}

/* ---- jobs ----------------------------------------------------------------------------- */

typedef struct {
  GPtrArray          *objects;      /* prepare */
  GBytes             *bytes;        /* store_check, store_page */
  GPtrArray          *layouts;      /* store_check */
  char               *cap;
  char               *object;       /* store_page */
  CsSyncPageKind      kind;
  gboolean            first;
  char               *next_locator;
  CsSyncNextPageFunc  next_page;
  gpointer            next_page_data;
  GTask              *task;           /* the job's, while it stores a JSON page */
  gboolean            announced;      /* the next page was announced */
  CsSyncObjectRow    *row;          /* save_row */
  char               *issue_code;
  char               *issue_message;
  CsSyncCycle        *cycle;        /* end_cycle */
  gint64              clock_offset;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->objects, g_ptr_array_unref);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->layouts, g_ptr_array_unref);
  g_free (job->cap);
  g_free (job->object);
  g_free (job->next_locator);
  cs_sync_object_row_free (job->row);
  g_free (job->issue_code);
  g_free (job->issue_message);
  cs_sync_cycle_free (job->cycle);
  g_free (job);
}

typedef gpointer (*JobFunc) (CsSyncWriter *self,
                             Job          *job,
                             GTask        *task,
                             GError      **error);

typedef struct {
  JobFunc         func;
  GDestroyNotify  free_result;
} JobClass;

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CsSyncWriter *self = source_object;
  const JobClass *klass = g_task_get_source_tag (task);
  g_autoptr(GError) error = NULL;
  gpointer result;

  g_mutex_lock (&self->lock);
  result = klass->func (self, task_data, task, &error);
  g_mutex_unlock (&self->lock);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, klass->free_result);
}

static void
run_job (CsSyncWriter        *self,
         const JobClass      *klass,
         Job                 *job,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, (gpointer) klass);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* Whatever happens to the cycle, a job once started finishes its
   * transaction: no check of the cancellable in between. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, job_thread);
}

static gpointer
finish_job (CsSyncWriter  *self,
            const JobClass *klass,
            GAsyncResult  *result,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == klass, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
lower (const char *object)
{
  return g_ascii_strdown (object, -1);
}

static CsSyncObjectRow *
lookup_row (CsSyncWriter *self,
            const char   *object)
{
  g_autofree char *key = lower (object);

  return g_hash_table_lookup (self->rows, key);
}

static CsSyncTable *
lookup_table (CsSyncWriter *self,
              const char   *object)
{
  g_autofree char *key = lower (object);

  return g_hash_table_lookup (self->tables, key);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Adds a job error; a failure to write it is only logged (the error that
 * caused it matters more). */
static void
add_issue (CsSyncWriter    *self,
           CsSyncIssueKind  kind,
           const char      *object,
           const char      *record_id,
           const char      *code,
           const char      *message)
{
  g_autoptr(GError) error = NULL;

  if (!cs_sync_database_add_issue (self->database, self->cycle_id, kind, object, record_id,
                                   code, message, &error))
    g_warning ("Could not record a sync error: %s", error->message);
}

static void
add_skips (CsSyncWriter    *self,
           const char      *object,
           CsSyncPageTally *tally)
{
  for (guint i = 0; i < tally->skips->len; i++)
    {
      CsSyncSkip *skip = g_ptr_array_index (tally->skips, i);

      add_issue (self, CS_SYNC_ISSUE_RECORD, object, skip->id, "value-does-not-fit", skip->message);
    }
}

/* The watermark moves forward only. */
static void
advance_watermark (CsSyncObjectRow *row,
                   CsSyncPageTally *tally)
{
  if (tally->watermark == NULL ||
      (row->watermark != NULL && strcmp (tally->watermark, row->watermark) < 0))
    return;
  g_free (row->watermark);
  row->watermark = g_strdup (tally->watermark);
  g_free (row->watermark_id);
  row->watermark_id = g_strdup (tally->watermark_id);
}

/* A load is over: the copy is complete and kept up to date from now on. */
static void
mark_synced (CsSyncObjectRow *row)
{
  row->state = CS_SYNC_OBJECT_SYNCED;
  row->needs_reload = FALSE;
  g_clear_pointer (&row->load_kind, g_free);
  g_clear_pointer (&row->load_started, g_free);
  g_clear_pointer (&row->bulk_job, g_free);
  g_clear_pointer (&row->bulk_locator, g_free);
  row->last_synced = now_seconds ();
}

/* ---- prepare -------------------------------------------------------------------------- */

static gpointer
prepare_job (CsSyncWriter  *self,
             Job           *job,
             GTask         *task,
             GError       **error)
{
  g_autoptr(CsSyncWriterPlan) plan = g_new0 (CsSyncWriterPlan, 1);

  if (self->database == NULL &&
      (self->database = cs_sync_database_open (self->path, error)) == NULL)
    return NULL;

  plan->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_object_row_free);
  plan->select_lists = g_ptr_array_new_with_free_func (g_free);
  plan->failures = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_remove_all (self->tables);
  g_hash_table_remove_all (self->rows);

  if (!cs_sync_database_begin (self->database, error))
    return NULL;

  for (guint i = 0; i < job->objects->len; i++)
    {
      CsSyncWriterObject *object = g_ptr_array_index (job->objects, i);
      g_autoptr(GError) table_error = NULL;
      g_autoptr(CsSyncTable) table = NULL;
      g_autoptr(CsSyncObjectRow) row = NULL;
      gboolean reload = FALSE;

      table = cs_sync_table_open (self->database, object->object, object->fields, &reload, &table_error);
      if (table == NULL)
        {
          if (!g_error_matches (table_error, CS_ERROR, CS_ERROR_INVALID_INPUT))
            {
              cs_sync_database_rollback (self->database);
              g_propagate_error (error, g_steal_pointer (&table_error));
              return NULL;
            }
          g_ptr_array_add (plan->rows, NULL);
          g_ptr_array_add (plan->select_lists, NULL);
          g_ptr_array_add (plan->failures, g_strdup (table_error->message));
          continue;
        }

      row = cs_sync_database_get_object (self->database, object->object, error);
      if (row == NULL)
        {
          cs_sync_database_rollback (self->database);
          return NULL;
        }
      /* New columns on a table with rows: fill them by loading again. The
       * rows stay (and keep their other values) until overwritten. */
      if (reload || row->needs_reload)
        {
          g_autofree char *deleted_covered = g_steal_pointer (&row->deleted_covered);
          g_autofree char *name = g_steal_pointer (&row->object);

          cs_sync_object_row_free (g_steal_pointer (&row));
          row = g_new0 (CsSyncObjectRow, 1);
          row->object = g_steal_pointer (&name);
          row->state = CS_SYNC_OBJECT_NEW;
          row->needs_reload = TRUE;
          /* Deletions stay covered from where they were. */
          row->deleted_covered = g_steal_pointer (&deleted_covered);
        }
      if (!cs_sync_database_save_object (self->database, row, error))
        {
          cs_sync_database_rollback (self->database);
          return NULL;
        }

      g_ptr_array_add (plan->rows, cs_sync_object_row_copy (row));
      g_ptr_array_add (plan->select_lists, g_strdup (cs_sync_table_get_select_list (table)));
      g_ptr_array_add (plan->failures, NULL);
      g_hash_table_insert (self->rows, lower (object->object), g_steal_pointer (&row));
      g_hash_table_insert (self->tables, lower (object->object), g_steal_pointer (&table));
    }

  if (!cs_sync_database_prune_history (self->database, error) ||
      (self->cycle_id = cs_sync_database_start_cycle (self->database, error)) == 0)
    {
      cs_sync_database_rollback (self->database);
      return NULL;
    }
  if (!cs_sync_database_commit (self->database, error))
    return NULL;

  for (guint i = 0; i < plan->failures->len; i++)
    if (g_ptr_array_index (plan->failures, i) != NULL)
      add_issue (self, CS_SYNC_ISSUE_JOB,
                 ((CsSyncWriterObject *) g_ptr_array_index (job->objects, i))->object, NULL,
                 "invalid-input", g_ptr_array_index (plan->failures, i));

  plan->cycle_id = self->cycle_id;
  plan->paused = cs_sync_database_get_paused (self->database);
  plan->api_reserve_percent = cs_sync_database_get_api_reserve_percent (self->database);
  plan->bulk_threshold = cs_sync_database_get_bulk_threshold (self->database);
  plan->bulk_page_records = cs_sync_database_get_bulk_page_records (self->database);
  plan->clock_offset = cs_sync_database_get_clock_offset (self->database);
  return g_steal_pointer (&plan);
}

static const JobClass prepare_class = { prepare_job, (GDestroyNotify) cs_sync_writer_plan_free };

void
cs_sync_writer_prepare_async (CsSyncWriter        *self,
                              GPtrArray           *objects,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (CS_IS_SYNC_WRITER (self));

  job->objects = g_ptr_array_ref (objects);
  run_job (self, &prepare_class, job, cancellable, callback, user_data);
}

CsSyncWriterPlan *
cs_sync_writer_prepare_finish (CsSyncWriter  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_job (self, &prepare_class, result, error);
}

/* ---- the check batch ----------------------------------------------------------------------- */

/* A subrequest's error list as a failure of @object. */
static void
set_failure (CsSyncWriterResult *result,
             const char         *object,
             guint               status,
             JsonNode           *errors)
{
  JsonObject *first = cs_http_rest_error_object (errors);
  const char *code = first != NULL ? cs_json_object_get_string (first, "errorCode") : NULL;
  const char *message = first != NULL ? cs_json_object_get_string (first, "message") : NULL;
  g_autoptr(GError) error = cs_error_new_from_rest (status, code, message);

  if (result->failure != NULL)
    return;
  result->failure_code = g_strdup (cs_error_code_to_string (error->code));
  /* Translators: "Lead: what Salesforce said and what to do" */
  result->failure = g_strdup_printf (_("%s: %s"), object, error->message);
}

/* Stores a query page (the object of a query answer) and reads where it
 * goes on. */
static gboolean
store_query_page (CsSyncTable         *table,
                  JsonObject          *page,
                  CsSyncPageTally     *tally,
                  CsSyncWriterResult  *result,
                  GError             **error)
{
  JsonNode *records = json_object_get_member (page, "records");

  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _("Salesforce’s answer to a query has no records. Sync again later."));
      return FALSE;
    }
  result->total = json_object_get_int_member_with_default (page, "totalSize", -1);
  if (!json_object_get_boolean_member_with_default (page, "done", TRUE))
    result->next_url = g_strdup (cs_json_object_get_string (page, "nextRecordsUrl"));
  return cs_sync_page_store_records (table, json_node_get_array (records), tally, error);
}

/* getDeleted's answer: the deletions, and how far they are known. */
static gboolean
store_deleted (CsSyncTable         *table,
               CsSyncObjectRow     *row,
               JsonObject          *answer,
               CsSyncPageTally     *tally,
               CsSyncWriterResult  *result,
               GError             **error)
{
  JsonNode *records = json_object_get_member (answer, "deletedRecords");
  const char *earliest = cs_json_object_get_string (answer, "earliestDateAvailable");
  const char *covered = cs_json_object_get_string (answer, "latestDateCovered");
  g_autofree char *earliest_stored = earliest != NULL ? cs_sync_normalize_datetime (earliest, strlen (earliest)) : NULL;
  g_autofree char *covered_stored = covered != NULL ? cs_sync_normalize_datetime (covered, strlen (covered)) : NULL;

  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records) || covered_stored == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _("Salesforce’s list of deleted records cannot be read. Sync again "
                             "later."));
      return FALSE;
    }
  /* Deletions before earliestDateAvailable are forgotten: if the last
   * cycle was before it, only comparing Ids finds them. */
  if (earliest_stored != NULL && row->deleted_covered != NULL &&
      strcmp (earliest_stored, row->deleted_covered) > 0)
    result->reconcile = TRUE;

  if (!cs_sync_page_store_deleted (table, json_node_get_array (records), tally, error))
    return FALSE;
  if (!result->reconcile)
    {
      g_free (row->deleted_covered);
      row->deleted_covered = g_steal_pointer (&covered_stored);
    }
  return TRUE;
}

static JsonNode *
batch_result (JsonArray *results,
              int        index,
              guint     *status)
{
  JsonNode *node;
  JsonObject *entry;

  if (index < 0 || (guint) index >= json_array_get_length (results))
    return NULL;
  node = json_array_get_element (results, (guint) index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  entry = json_node_get_object (node);
  *status = (guint) json_object_get_int_member_with_default (entry, "statusCode", 0);
  return json_object_get_member (entry, "result");
}

/* One object's part of the check, in its own transaction. */
static CsSyncWriterResult *
store_check_object (CsSyncWriter       *self,
                    JsonArray          *results,
                    CsSyncCheckLayout  *layout,
                    const char         *cap,
                    GError            **error)
{
  g_autoptr(CsSyncWriterResult) result = result_new ();
  CsSyncTable *table = lookup_table (self, layout->object);
  CsSyncObjectRow *row = lookup_row (self, layout->object);
  CsSyncPageTally tally;
  JsonNode *node;
  guint status = 0;
  gboolean ok = TRUE;

  g_assert (table != NULL && row != NULL);

  cs_sync_page_tally_init (&tally, self->cycle_id, cap);
  cs_sync_table_set_overwrite (table, row->state != CS_SYNC_OBJECT_SYNCED);
  if (!cs_sync_database_begin (self->database, error))
    {
      cs_sync_page_tally_clear (&tally);
      return NULL;
    }

  if (layout->query >= 0)
    {
      node = batch_result (results, layout->query, &status);
      if (status == 200 && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        ok = store_query_page (table, json_node_get_object (node), &tally, result, error);
      else
        set_failure (result, layout->object, status, node);
    }

  if (ok && layout->deleted >= 0)
    {
      node = batch_result (results, layout->deleted, &status);
      if (status == 200 && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        ok = store_deleted (table, row, json_node_get_object (node), &tally, result, error);
      else if (status == 400 && node != NULL &&
               g_strcmp0 (cs_json_object_get_string (cs_http_rest_error_object (node), "errorCode"),
                          "INVALID_REPLICATION_DATE") == 0)
        result->reconcile = TRUE;
      else
        set_failure (result, layout->object, status, node);
    }

  if (ok && layout->count >= 0)
    {
      node = batch_result (results, layout->count, &status);
      if (status == 200 && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        result->total = json_object_get_int_member_with_default (json_node_get_object (node),
                                                                 "totalSize", -1);
      else
        set_failure (result, layout->object, status, node);
    }

  if (ok)
    {
      advance_watermark (row, &tally);
      /* The whole answer came in this page: the object is up to date. */
      if (layout->query >= 0 && result->failure == NULL && result->next_url == NULL &&
          row->state != CS_SYNC_OBJECT_NEW && g_strcmp0 (row->load_kind, "bulk") != 0)
        mark_synced (row);
      add_skips (self, layout->object, &tally);
      if (result->failure != NULL)
        add_issue (self, CS_SYNC_ISSUE_JOB, layout->object, NULL, result->failure_code, result->failure);
      ok = cs_sync_database_save_object (self->database, row, error);
    }
  if (!ok || !cs_sync_database_commit (self->database, error))
    {
      cs_sync_database_rollback (self->database);
      cs_sync_page_tally_clear (&tally);
      return NULL;
    }

  result->stored = tally.stored;
  result->skipped = tally.skipped;
  result->deleted = tally.deleted;
  result->row = cs_sync_object_row_copy (row);
  cs_sync_page_tally_clear (&tally);
  return g_steal_pointer (&result);
}

static gpointer
store_check_job (CsSyncWriter  *self,
                 Job           *job,
                 GTask         *task,
                 GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) results = NULL;
  JsonNode *list;

  root = cs_http_parse_json (job->bytes, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "results")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _("Salesforce’s answer to the sync’s check cannot be read. Sync again "
                             "later."));
      return NULL;
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_writer_result_free);
  for (guint i = 0; i < job->layouts->len; i++)
    {
      CsSyncWriterResult *result = store_check_object (self, json_node_get_array (list),
                                                       g_ptr_array_index (job->layouts, i),
                                                       job->cap, error);

      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

static const JobClass store_check_class = { store_check_job, (GDestroyNotify) g_ptr_array_unref };

void
cs_sync_writer_store_check_async (CsSyncWriter        *self,
                                  GBytes              *batch,
                                  GPtrArray           *layouts,
                                  const char          *cap,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (CS_IS_SYNC_WRITER (self));

  job->bytes = g_bytes_ref (batch);
  job->layouts = g_ptr_array_ref (layouts);
  job->cap = g_strdup (cap);
  run_job (self, &store_check_class, job, cancellable, callback, user_data);
}

GPtrArray *
cs_sync_writer_store_check_finish (CsSyncWriter  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_job (self, &store_check_class, result, error);
}

/* ---- pages --------------------------------------------------------------------------------- */

typedef struct {
  CsSyncNextPageFunc  func;
  gpointer            data;
  char               *next_url;
} NextPage;

static gboolean
next_page_dispatch (gpointer user_data)
{
  NextPage *next = user_data;

  next->func (next->next_url, next->data);
  return G_SOURCE_REMOVE;
}

static void
next_page_free (NextPage *next)
{
  g_free (next->next_url);
  g_free (next);
}

/* Tells the main context where the next page is, before storing this one.
 * The engine's callback data outlives the job (the cycle waits for it). */
static void
announce_next_page (Job        *job,
                    GTask      *task,
                    const char *next_url)
{
  NextPage *next;

  job->announced = TRUE;
  if (job->next_page == NULL)
    return;
  next = g_new0 (NextPage, 1);
  next->func = job->next_page;
  next->data = job->next_page_data;
  next->next_url = g_strdup (next_url);
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              next_page_dispatch, next, (GDestroyNotify) next_page_free);
}

static void
page_started (gint64      total_size,
              gboolean    done,
              const char *next_records_url,
              gpointer    user_data)
{
  Job *job = user_data;

  announce_next_page (job, job->task, done ? NULL : next_records_url);
}

static gboolean
store_page_content (CsSyncWriter        *self,
                    Job                 *job,
                    GTask               *task,
                    CsSyncTable         *table,
                    CsSyncObjectRow     *row,
                    CsSyncPageTally     *tally,
                    CsSyncWriterResult  *result,
                    gboolean            *last,
                    GError             **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (job->bytes, &length);

  switch (job->kind)
    {
    case CS_SYNC_PAGE_RECORDS_JSON:
    case CS_SYNC_PAGE_IDS_JSON:
      {
        CsJsonPageInfo info;
        guint n_ids = 0;
        gboolean ok;

        job->task = task;
        job->announced = FALSE;
        ok = job->kind == CS_SYNC_PAGE_RECORDS_JSON
             ? cs_sync_page_store_json (table, data, length, tally, page_started, job, &info, error)
             : cs_sync_page_add_ids (table, data, length, &n_ids, page_started, job, &info, error);
        if (!ok)
          return FALSE;
        tally->stored += n_ids;
        result->total = info.total_size;
        result->next_url = g_steal_pointer (&info.next_records_url);
        *last = result->next_url == NULL;
        /* Salesforce says where it goes on before the records; in case it
         * did not, now. */
        if (!job->announced)
          announce_next_page (job, task, result->next_url);
        return TRUE;
      }

    case CS_SYNC_PAGE_RECORDS_CSV:
      *last = job->next_locator == NULL;
      return cs_sync_page_store_csv (table, data, length, tally, error);

    case CS_SYNC_PAGE_IDS_CSV:
    default:
      {
        guint n_ids = 0;
        gboolean ok;

        *last = job->next_locator == NULL;
        ok = cs_sync_page_add_ids_csv (table, data, length, &n_ids, error);
        tally->stored += n_ids;
        return ok;
      }
    }
}

static gpointer
store_page_job (CsSyncWriter  *self,
                Job           *job,
                GTask         *task,
                GError       **error)
{
  g_autoptr(CsSyncWriterResult) result = result_new ();
  CsSyncTable *table = lookup_table (self, job->object);
  CsSyncObjectRow *row = lookup_row (self, job->object);
  gboolean reconciling = job->kind == CS_SYNC_PAGE_IDS_JSON || job->kind == CS_SYNC_PAGE_IDS_CSV;
  CsSyncPageTally tally;
  gboolean last = FALSE;
  gboolean ok;

  g_assert (table != NULL && row != NULL);

  cs_sync_page_tally_init (&tally, self->cycle_id, job->cap);
  cs_sync_table_set_overwrite (table, row->state != CS_SYNC_OBJECT_SYNCED);
  ok = cs_sync_database_begin (self->database, error);
  if (ok && reconciling && job->first)
    ok = cs_sync_table_reconcile_begin (table, error);
  if (ok)
    ok = store_page_content (self, job, task, table, row, &tally, result, &last, error);

  if (ok && reconciling)
    {
      if (last)
        {
          gint64 marked = cs_sync_table_reconcile_end (table, job->cap, error);

          ok = marked >= 0;
          result->deleted = (guint) MAX (marked, 0);
          /* Deletions are known up to when the Ids were read. */
          g_free (row->deleted_covered);
          row->deleted_covered = g_strdup (job->cap);
        }
    }
  else if (ok)
    {
      advance_watermark (row, &tally);
      if (job->kind == CS_SYNC_PAGE_RECORDS_CSV)
        {
          g_free (row->bulk_locator);
          row->bulk_locator = g_strdup (job->next_locator);
        }
      if (last)
        mark_synced (row);
      add_skips (self, job->object, &tally);
    }

  if (ok)
    ok = cs_sync_database_save_object (self->database, row, error);
  if (!ok || !cs_sync_database_commit (self->database, error))
    {
      cs_sync_database_rollback (self->database);
      cs_sync_page_tally_clear (&tally);
      return NULL;
    }

  result->stored = reconciling ? 0 : tally.stored;
  result->skipped = tally.skipped;
  result->deleted += tally.deleted;
  result->paused = cs_sync_database_get_paused (self->database);
  result->row = cs_sync_object_row_copy (row);
  cs_sync_page_tally_clear (&tally);
  return g_steal_pointer (&result);
}

static const JobClass store_page_class = { store_page_job, (GDestroyNotify) cs_sync_writer_result_free };

void
cs_sync_writer_store_page_async (CsSyncWriter        *self,
                                 const char          *object,
                                 CsSyncPageKind       kind,
                                 GBytes              *page,
                                 const char          *cap,
                                 gboolean             first,
                                 const char          *next_locator,
                                 CsSyncNextPageFunc   next_page,
                                 gpointer             next_page_data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (CS_IS_SYNC_WRITER (self));

  job->object = g_strdup (object);
  job->kind = kind;
  job->bytes = g_bytes_ref (page);
  job->cap = g_strdup (cap);
  job->first = first;
  job->next_locator = g_strdup (next_locator);
  job->next_page = next_page;
  job->next_page_data = next_page_data;
  run_job (self, &store_page_class, job, cancellable, callback, user_data);
}

CsSyncWriterResult *
cs_sync_writer_store_page_finish (CsSyncWriter  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_job (self, &store_page_class, result, error);
}

/* ---- rows and the cycle's end ---------------------------------------------------------------- */

static gpointer
save_row_job (CsSyncWriter  *self,
              Job           *job,
              GTask         *task,
              GError       **error)
{
  g_autofree char *key = lower (job->row->object);

  if (!cs_sync_database_begin (self->database, error))
    return NULL;
  if (!cs_sync_database_save_object (self->database, job->row, error))
    {
      cs_sync_database_rollback (self->database);
      return NULL;
    }
  if (job->issue_message != NULL)
    add_issue (self, CS_SYNC_ISSUE_JOB, job->row->object, NULL, job->issue_code, job->issue_message);
  if (!cs_sync_database_commit (self->database, error))
    return NULL;

  g_hash_table_insert (self->rows, g_steal_pointer (&key), cs_sync_object_row_copy (job->row));
  return GINT_TO_POINTER (TRUE);
}

static const JobClass save_row_class = { save_row_job, NULL };

void
cs_sync_writer_save_row_async (CsSyncWriter          *self,
                               const CsSyncObjectRow *row,
                               const char            *issue_code,
                               const char            *issue_message,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (CS_IS_SYNC_WRITER (self));

  job->row = cs_sync_object_row_copy (row);
  job->issue_code = g_strdup (issue_code);
  job->issue_message = g_strdup (issue_message);
  run_job (self, &save_row_class, job, NULL, callback, user_data);
}

gboolean
cs_sync_writer_save_row_finish (CsSyncWriter  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_job (self, &save_row_class, result, error) != NULL;
}

static gpointer
end_cycle_job (CsSyncWriter  *self,
               Job           *job,
               GTask         *task,
               GError       **error)
{
  if (self->database == NULL)
    return GINT_TO_POINTER (TRUE);

  /* Whatever was left open by a failed job goes. */
  cs_sync_database_rollback (self->database);
  if (!cs_sync_database_begin (self->database, error))
    return NULL;
  if (!cs_sync_database_end_cycle (self->database, job->cycle, error) ||
      !cs_sync_database_set_clock_offset (self->database, job->clock_offset, error))
    {
      cs_sync_database_rollback (self->database);
      return NULL;
    }
  if (job->cycle->message != NULL && job->cycle->outcome != CS_SYNC_OUTCOME_COMPLETED)
    add_issue (self, CS_SYNC_ISSUE_JOB, NULL, NULL, job->cycle->error_code, job->cycle->message);
  if (!cs_sync_database_commit (self->database, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static const JobClass end_cycle_class = { end_cycle_job, NULL };

void
cs_sync_writer_end_cycle_async (CsSyncWriter        *self,
                                const CsSyncCycle   *cycle,
                                gint64               clock_offset,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (CS_IS_SYNC_WRITER (self));

  job->cycle = cs_sync_cycle_copy (cycle);
  job->clock_offset = clock_offset;
  run_job (self, &end_cycle_class, job, NULL, callback, user_data);
}

gboolean
cs_sync_writer_end_cycle_finish (CsSyncWriter  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_job (self, &end_cycle_class, result, error) != NULL;
}
