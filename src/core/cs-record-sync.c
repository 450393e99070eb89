/* cs-record-sync.c: the record sync of one connection.
 *
 * The cycle runs on the main context that started it: it sends the
 * requests and hands every answer to the writer (cs-sync-writer.c), which
 * stores it in a worker thread, one job at a time. While a page is being
 * stored, the request for the next one is already out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-core-enums.h"
#include "cs-error.h"
#include "cs-field-catalog.h"
#include "cs-record-sync.h"
#include "cs-sync-lock.h"
#include "cs-sync-service.h"
#include "cs-sync-writer.h"

/* Bulk API jobs are polled after 0.1 s, then twice as long each time, at
 * most every 10 s. */
#define BULK_POLL_FIRST_MS   100
#define BULK_POLL_MAX_MS     10000
/* REST pages hold at most 2,000 records. */
#define REST_PAGE_RECORDS    2000
/* For the estimate: records a second the writer stores, measured on the
 * benchmark machine (build-aux/bench), rounded down. */
#define ESTIMATE_REST_RATE   20000
#define ESTIMATE_BULK_RATE   40000

struct _CsRecordSync
{
  GObject             parent_instance;

  CsSalesforceClient *client;
  CsConnectionStore  *store;
  char               *connection_id;
  char               *database_path;
  GStrv               only_objects;     /* NULL: all */

  GListStore         *progress;         /* CsSyncObjectProgress */
  CsSyncCycle        *last_cycle;
  gboolean            running;
  gint64              records;
  gint64              total;
  gint64              seconds_left;
};

G_DEFINE_FINAL_TYPE (CsRecordSync, cs_record_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_RECORDS,
  PROP_TOTAL,
  PROP_SECONDS_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_BOXED_TYPE (CsSyncEstimate, cs_sync_estimate, cs_sync_estimate_copy, cs_sync_estimate_free)

static void
object_estimate_free (CsSyncObjectEstimate *estimate)
{
  g_free (estimate->object);
  g_free (estimate);
}

CsSyncEstimate *
cs_sync_estimate_copy (const CsSyncEstimate *estimate)
{
  CsSyncEstimate *copy;

  g_return_val_if_fail (estimate != NULL, NULL);

  copy = g_memdup2 (estimate, sizeof *estimate);
  copy->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_estimate_free);
  for (guint i = 0; estimate->objects != NULL && i < estimate->objects->len; i++)
    {
      CsSyncObjectEstimate *line = g_memdup2 (g_ptr_array_index (estimate->objects, i),
                                              sizeof (CsSyncObjectEstimate));

      line->object = g_strdup (line->object);
      g_ptr_array_add (copy->objects, line);
    }
  return copy;
}

void
cs_sync_estimate_free (CsSyncEstimate *estimate)
{
  if (estimate == NULL)
    return;
  g_clear_pointer (&estimate->objects, g_ptr_array_unref);
  g_free (estimate);
}

/* ------------------------------------------------------------------------ */
/* A cycle's state                                                           */
/* ------------------------------------------------------------------------ */

typedef enum {
  STEP_PAGES,        /* the check's query has more pages */
  STEP_REST_LOAD,    /* first load through REST queries */
  STEP_BULK_LOAD,    /* first load through a Bulk API job */
  STEP_RECONCILE,    /* compare Ids: getDeleted cannot cover the gap */
  N_STEPS
} Step;

typedef struct Cycle Cycle;
typedef struct ObjectRun ObjectRun;
typedef void (*ObjectFunc) (ObjectRun *run);

struct ObjectRun {
  Cycle                *cycle;
  char                 *name;
  CsSyncObjectProgress *progress;
  CsSyncObjectRow      *row;            /* the writer's, as last committed */
  char                 *select_list;
  gboolean              failed;
  gboolean              changed;        /* this cycle stored or deleted something */
  gboolean              loaded;         /* this cycle completed its first load */
  gint64                count;          /* SELECT COUNT() of the check, -1 */
  gboolean              steps[N_STEPS];

  /* The load or page run under way. */
  CsSyncPageKind        kind;
  char                 *cap;            /* no watermark past it */
  char                 *next_url;       /* JSON: the next page */
  char                 *locator;        /* CSV: the next page, NULL for the first */
  gboolean              fetch_done;     /* no page left to ask for */
  gboolean              fetching;
  gboolean              writing;
  gboolean              first_page;
  GBytes               *pending;        /* a page waiting for the writer */
  char                 *pending_locator; /* the page after it (CSV) */
  char                 *job_id;         /* the Bulk API job whose results are read */
  ObjectFunc            after_save;     /* what follows the row's commit */
  guint                 poll_ms;
  GSource              *poll_source;
};

struct Cycle {
  CsRecordSync  *self;
  /* Owns us; we hold it too until the cycle ends, since its callbacks
   * carry us, not it. */
  GTask         *task;
  CsSyncWriter  *writer;
  CsSyncLock    *lock;
  GPtrArray     *objects;       /* ObjectRun */
  CsSyncCycle    record;
  guint          requests_at_start;
  guint          api_reserve_percent;
  guint          bulk_threshold;
  guint          bulk_page_records;
  gint64         clock_offset;
  char          *check_cap;
  GPtrArray     *batches;       /* GPtrArray of CsSyncCheckLayout, one per batch */
  GPtrArray     *batch_urls;    /* GStrv, one per batch */
  guint          batch;
  guint          current;       /* the object being loaded */
  GError        *stop;          /* why the cycle ends early */
  gboolean       caught_up;     /* the loads' catch-up check was made */
  gboolean       starting_jobs; /* creating the Bulk API jobs before the loads */
  guint          next_job;      /* the object to look at next for a job */
  gboolean       ending;
  gint64         records_started_us;
};

static void
object_run_free (ObjectRun *run)
{
  g_free (run->name);
  g_clear_object (&run->progress);
  cs_sync_object_row_free (run->row);
  g_free (run->select_list);
  g_free (run->cap);
  g_free (run->next_url);
  g_free (run->locator);
  g_clear_pointer (&run->pending, g_bytes_unref);
  g_free (run->pending_locator);
  g_free (run->job_id);
  if (run->poll_source != NULL)
    {
      g_source_destroy (run->poll_source);
      g_source_unref (run->poll_source);
    }
  g_free (run);
}

static void
cycle_free (Cycle *cycle)
{
  g_clear_object (&cycle->writer);
  cs_sync_lock_release (cycle->lock);
  g_clear_pointer (&cycle->objects, g_ptr_array_unref);
  g_free (cycle->record.error_code);
  g_free (cycle->record.message);
  g_free (cycle->check_cap);
  g_clear_pointer (&cycle->batches, g_ptr_array_unref);
  g_clear_pointer (&cycle->batch_urls, g_ptr_array_unref);
  g_clear_error (&cycle->stop);
  g_free (cycle);
}

static void cycle_next_object (Cycle *cycle);
static void start_bulk_jobs (Cycle *cycle);
static void check_next_batch (Cycle *cycle);
static gboolean check_build (Cycle *cycle, gboolean only_loaded);
static void cycle_end (Cycle *cycle);
static void object_step_done (ObjectRun *run);

/* ------------------------------------------------------------------------ */
/* Progress                                                                  */
/* ------------------------------------------------------------------------ */

static void
set_int64_property (CsRecordSync *self,
                    gint64       *field,
                    gint64        value,
                    guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The whole cycle's numbers, from its objects'. */
static void
update_totals (Cycle *cycle)
{
  CsRecordSync *self = cycle->self;
  gint64 records = 0, total = 0, left;
  gboolean total_known = TRUE;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < cycle->objects->len; i++)
    {
      ObjectRun *run = g_ptr_array_index (cycle->objects, i);
      gint64 object_total = cs_sync_object_progress_get_total (run->progress);
      gint64 object_records = cs_sync_object_progress_get_records (run->progress);

      records += object_records;
      if (object_total >= 0)
        total += MAX (object_total, object_records);
      else if (cs_sync_object_progress_get_phase (run->progress) < CS_SYNC_PHASE_DONE)
        total_known = FALSE;
      else
        total += object_records;
    }

  if (records > 0 && cycle->records_started_us == 0)
    cycle->records_started_us = now;
  left = -1;
  if (total_known && total <= records)
    left = 0;
  else if (total_known && records > 0 && now > cycle->records_started_us)
    left = (gint64) ((total - records) /
                     (records / ((now - cycle->records_started_us) / (double) G_USEC_PER_SEC)) + 0.5);

  g_object_freeze_notify (G_OBJECT (self));
  set_int64_property (self, &self->records, records, PROP_RECORDS);
  set_int64_property (self, &self->total, total_known ? total : -1, PROP_TOTAL);
  set_int64_property (self, &self->seconds_left, left, PROP_SECONDS_LEFT);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
add_result (ObjectRun          *run,
            CsSyncWriterResult *result)
{
  Cycle *cycle = run->cycle;

  cycle->record.records += result->stored;
  cycle->record.deleted += result->deleted;
  cycle->record.record_errors += result->skipped;
  if (result->stored + result->deleted + result->skipped > 0)
    run->changed = TRUE;
  cs_sync_object_progress_add (run->progress, result->stored, result->deleted, result->skipped);
  if (result->row != NULL)
    {
      cs_sync_object_row_free (run->row);
      run->row = g_steal_pointer (&result->row);
    }
  update_totals (cycle);
}

/* ------------------------------------------------------------------------ */
/* Stopping                                                                  */
/* ------------------------------------------------------------------------ */

/* What ends the cycle, not an object: losing the authorization, the
 * network or the database, a cancellation. */
static gboolean
error_is_fatal (const GError *error)
{
  if (error->domain != CS_ERROR)
    return TRUE;
  switch ((CsError) error->code)
    {
    case CS_ERROR_NOT_FOUND:
    case CS_ERROR_FAILED:
    case CS_ERROR_MALFORMED_RESPONSE:
    case CS_ERROR_INVALID_INPUT:
      return FALSE;
    case CS_ERROR_INVALID_HOST:
    case CS_ERROR_ACCESS_DENIED:
    case CS_ERROR_STATE_MISMATCH:
    case CS_ERROR_INVALID_GRANT:
    case CS_ERROR_AUTHENTICATION_FAILED:
    case CS_ERROR_PKCE_MISMATCH:
    case CS_ERROR_INVALID_CLIENT_ID:
    case CS_ERROR_INVALID_CLIENT_SECRET:
    case CS_ERROR_REDIRECT_MISMATCH:
    case CS_ERROR_INACTIVE_USER:
    case CS_ERROR_INACTIVE_ORG:
    case CS_ERROR_API_DISABLED:
    case CS_ERROR_APP_BLOCKED:
    case CS_ERROR_APP_NOT_INSTALLED:
    case CS_ERROR_APP_NOT_APPROVED:
    case CS_ERROR_RATE_LIMITED:
    case CS_ERROR_SESSION_EXPIRED:
    case CS_ERROR_NETWORK:
    case CS_ERROR_TLS:
    case CS_ERROR_BAD_SIGNATURE:
    case CS_ERROR_SERVER:
    case CS_ERROR_WRONG_USER:
    case CS_ERROR_KEYRING_UNAVAILABLE:
    case CS_ERROR_KEYRING_LOCKED:
    case CS_ERROR_STORE:
    case CS_ERROR_CHANGED_SINCE_CHECK:
    case CS_ERROR_WRONG_ORG:
    case CS_ERROR_SECRET_MISSING:
    case CS_ERROR_NOT_REVOKED:
    case CS_ERROR_SYNC_RUNNING:
    case CS_ERROR_SYNC_PAUSED:
    case CS_ERROR_API_LIMIT_RESERVE:
    default:
      return TRUE;
    }
}

/* The cycle stops after what is in flight: no new request goes out. */
static void
cycle_stop (Cycle  *cycle,
            GError *error)
{
  if (cycle->stop == NULL)
    cycle->stop = error;
  else
    g_error_free (error);
}

/* FALSE, stopping the cycle, when the org's daily API requests left are
 * under the reserve, or the cycle was cancelled or stopped. */
static gboolean
may_send (Cycle *cycle)
{
  CsSalesforceClient *client = cycle->self->client;
  gint64 used = cs_salesforce_client_get_api_usage (client);
  gint64 limit = cs_salesforce_client_get_api_limit (client);
  GCancellable *cancellable = g_task_get_cancellable (cycle->task);

  if (cycle->stop != NULL)
    return FALSE;
  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      cycle_stop (cycle, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("The sync was cancelled.")));
      return FALSE;
    }
  /* What the client read before this cycle is stale (the day's count
   * moves on): it counts once this cycle's first answer came. */
  if (cs_salesforce_client_get_request_count (client) > cycle->requests_at_start &&
      used >= 0 && limit > 0 && (limit - used) * 100 < limit * (gint64) cycle->api_reserve_percent)
    {
      cycle_stop (cycle, g_error_new (CS_ERROR, CS_ERROR_API_LIMIT_RESERVE,
                                      /* Translators: "14,000 of 15,000 used; the sync keeps 10% …" */
                                      _("The org has used %lld of its %lld daily API requests and "
                                        "the sync leaves the last %u%% to other tools, so it "
                                        "stopped cleanly. It resumes where it stopped once "
                                        "Salesforce’s 24-hour count goes down; to give it more, "
                                        "lower the reserve."),
                                      (long long) used, (long long) limit, cycle->api_reserve_percent));
      return FALSE;
    }
  return TRUE;
}

static void record_object_failure (ObjectRun  *run,
                                   const char *code,
                                   const char *message);

/* An answer failed: a fatal error stops the cycle, any other fails only
 * the object. */
static void
object_error (ObjectRun *run,
              GError    *error)
{
  if (error_is_fatal (error))
    {
      cycle_stop (run->cycle, error);
      return;
    }
  {
    g_autofree char *message = g_strdup_printf (_("%s: %s"), run->name, error->message);

    record_object_failure (run, cs_error_code_to_string (error->code), message);
    g_error_free (error);
  }
}

/* ------------------------------------------------------------------------ */
/* Loading pages: the next page is asked for while one is stored             */
/* ------------------------------------------------------------------------ */

static void load_pump (ObjectRun *run);

static gboolean
load_idle (ObjectRun *run)
{
  return !run->fetching && !run->writing && run->pending == NULL && run->poll_source == NULL;
}

/* Called when nothing of @run is in flight any more. */
static void
load_settled (ObjectRun *run)
{
  Cycle *cycle = run->cycle;

  if (!load_idle (run))
    return;
  if (cycle->stop != NULL)
    {
      cycle_end (cycle);
      return;
    }
  if (cycle->starting_jobs)
    start_bulk_jobs (cycle);
  else if (run->failed || run->fetch_done)
    object_step_done (run);
}

static void
next_page_known (const char *next_url,
                 gpointer    user_data)
{
  ObjectRun *run = user_data;

  /* Announced before its page's job ends, so while it writes. */
  g_return_if_fail (run->writing);
  g_free (run->next_url);
  run->next_url = g_strdup (next_url);
  run->fetch_done = next_url == NULL;
  load_pump (run);
}

static void
bulk_deleted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Salesforce drops finished jobs after 7 days anyway. */
  if (!cs_salesforce_client_delete_query_job_finish (CS_SALESFORCE_CLIENT (source), result, &error))
    g_debug ("Could not delete a finished Bulk API job: %s", error->message);
}

static void
page_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ObjectRun *run = user_data;
  g_autoptr(CsSyncWriterResult) written = NULL;
  GError *error = NULL;

  run->writing = FALSE;
  written = cs_sync_writer_store_page_finish (CS_SYNC_WRITER (source), result, &error);
  if (written == NULL)
    {
      /* The database failed: stop, keeping what was committed. */
      cycle_stop (run->cycle, error);
      load_settled (run);
      return;
    }
  if (run->kind == CS_SYNC_PAGE_RECORDS_JSON || run->kind == CS_SYNC_PAGE_IDS_JSON)
    {
      /* Already announced; also true when the writer stopped early. */
      run->fetch_done = written->next_url == NULL;
      if (written->total >= 0 && run->kind == CS_SYNC_PAGE_RECORDS_JSON &&
          cs_sync_object_progress_get_total (run->progress) < 0)
        cs_sync_object_progress_set_total (run->progress, written->total);
    }
  /* A Bulk API load's last page stored: the job is done with. */
  if (run->kind == CS_SYNC_PAGE_RECORDS_CSV && run->fetch_done && run->pending == NULL &&
      written->row != NULL && written->row->state == CS_SYNC_OBJECT_SYNCED && run->job_id != NULL)
    cs_salesforce_client_delete_query_job_async (run->cycle->self->client, run->job_id, NULL,
                                                 bulk_deleted_cb, NULL);
  add_result (run, written);
  if (written->paused)
    cycle_stop (run->cycle, g_error_new_literal (CS_ERROR, CS_ERROR_SYNC_PAUSED,
                                                 _("The sync was paused, so it stopped cleanly "
                                                   "after the page it was storing. Resume it to "
                                                   "go on from there.")));
  load_pump (run);
}

static void
write_page (ObjectRun *run,
            GBytes    *page,
            char      *next_locator)
{
  Cycle *cycle = run->cycle;
  gboolean json = run->kind == CS_SYNC_PAGE_RECORDS_JSON || run->kind == CS_SYNC_PAGE_IDS_JSON;

  run->writing = TRUE;
  cs_sync_writer_store_page_async (cycle->writer, run->name, run->kind, page, run->cap,
                                   run->first_page, next_locator,
                                   json ? next_page_known : NULL, run,
                                   NULL, page_written_cb, run);
  run->first_page = FALSE;
  g_bytes_unref (page);
  g_free (next_locator);
}

static void
page_fetched (ObjectRun  *run,
              GBytes     *page,
              GDateTime  *server_date,
              char       *next_locator,
              GError     *error)
{
  Cycle *cycle = run->cycle;

  run->fetching = FALSE;
  if (page == NULL)
    {
      object_error (run, error);
      g_free (next_locator);
      load_settled (run);
      return;
    }

  /* A load's first answer dates it: no watermark past when Salesforce
   * read the query. */
  if (run->cap == NULL)
    run->cap = cs_sync_format_time (server_date != NULL
                                    ? g_date_time_to_unix (server_date)
                                    : g_get_real_time () / G_USEC_PER_SEC + cycle->clock_offset);

  if (run->kind == CS_SYNC_PAGE_RECORDS_CSV || run->kind == CS_SYNC_PAGE_IDS_CSV)
    {
      g_free (run->locator);
      run->locator = g_strdup (next_locator);
      run->fetch_done = next_locator == NULL;
    }

  if (cycle->stop != NULL)
    {
      /* Stopping: the page is dropped; its progress was not committed. */
      g_bytes_unref (page);
      g_free (next_locator);
      load_settled (run);
      return;
    }
  if (run->writing)
    {
      g_assert (run->pending == NULL);
      run->pending = page;
      run->pending_locator = next_locator;
      return;
    }
  write_page (run, page, next_locator);
  load_pump (run);
}

static void
json_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ObjectRun *run = user_data;
  g_autoptr(GDateTime) server_date = NULL;
  GError *error = NULL;
  GBytes *page;

  page = cs_salesforce_client_fetch_bytes_finish (CS_SALESFORCE_CLIENT (source), result,
                                                  &server_date, &error);
  page_fetched (run, page, server_date, NULL, error);
}

static void
csv_page_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ObjectRun *run = user_data;
  char *next_locator = NULL;
  GError *error = NULL;
  GBytes *page;

  page = cs_salesforce_client_get_query_results_finish (CS_SALESFORCE_CLIENT (source), result,
                                                        &next_locator, NULL, &error);
  page_fetched (run, page, NULL, next_locator, error);
}

/* Sends the next request or hands the next page to the writer, whichever
 * can go; ends the step when nothing is left. */
static void
load_pump (ObjectRun *run)
{
  Cycle *cycle = run->cycle;
  CsSalesforceClient *client = cycle->self->client;

  if (!run->writing && run->pending != NULL)
    {
      GBytes *page = g_steal_pointer (&run->pending);

      write_page (run, page, g_steal_pointer (&run->pending_locator));
    }

  if (!run->fetching && run->pending == NULL && !run->fetch_done && !run->failed &&
      cycle->stop == NULL)
    {
      gboolean json = run->kind == CS_SYNC_PAGE_RECORDS_JSON || run->kind == CS_SYNC_PAGE_IDS_JSON;

      /* A JSON page's successor is known once the writer read it. */
      if (json && run->next_url == NULL)
        {
          load_settled (run);
          return;
        }
      if (!may_send (cycle))
        {
          load_settled (run);
          return;
        }
      run->fetching = TRUE;
      if (json)
        {
          g_autofree char *path = g_steal_pointer (&run->next_url);

          cs_salesforce_client_get_bytes_async (client, path, g_task_get_cancellable (cycle->task),
                                                json_page_cb, run);
        }
      else
        cs_salesforce_client_get_query_results_async (client, run->job_id, run->locator,
                                                      cycle->bulk_page_records,
                                                      g_task_get_cancellable (cycle->task),
                                                      csv_page_cb, run);
    }
  load_settled (run);
}

/* Starts paging with the first answer of a query (@first_url NULL: the
 * query @soql is sent first). */
static void
load_start_json (ObjectRun      *run,
                 CsSyncPageKind  kind,
                 const char     *soql,
                 const char     *next_url)
{
  Cycle *cycle = run->cycle;

  run->kind = kind;
  run->fetch_done = FALSE;
  run->first_page = TRUE;
  if (soql == NULL)
    {
      /* @next_url may be run->next_url itself. */
      char *copy = g_strdup (next_url);

      g_free (run->next_url);
      run->next_url = copy;
      run->first_page = FALSE;
      load_pump (run);
      return;
    }
  if (!may_send (cycle))
    {
      load_settled (run);
      return;
    }
  run->fetching = TRUE;
  cs_salesforce_client_query_bytes_async (cycle->self->client, soql, FALSE,
                                          g_task_get_cancellable (cycle->task), json_page_cb, run);
}

/* ------------------------------------------------------------------------ */
/* Objects                                                                   */
/* ------------------------------------------------------------------------ */

/* "2025-06-03T12:00:00Z" @delta seconds from a stored time, for SOQL and
 * getDeleted (whole seconds, UTC). */
static char *
soql_time (const char *stored,
           gint64      delta)
{
  gint64 seconds = cs_sync_parse_time (stored) + delta;
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (MAX (seconds, 0));

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* SELECT the fields, from the watermark less the overlap when there is
 * one, ordered as the watermark needs. */
/* Whether the table's SELECT list (names joined by ", ") holds @name. */
static gboolean
select_list_has (const char *select_list,
                 const char *name)
{
  g_auto(GStrv) names = NULL;

  if (select_list == NULL)
    return FALSE;
  names = g_strsplit (select_list, ", ", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], name) == 0)
      return TRUE;
  return FALSE;
}

static char *
records_query (ObjectRun *run)
{
  g_autofree char *since = NULL;

  if (run->row->watermark == NULL)
    return g_strdup_printf ("SELECT %s FROM %s ORDER BY SystemModstamp, Id",
                            run->select_list, run->name);
  since = soql_time (run->row->watermark, -CS_RECORD_SYNC_OVERLAP_SECONDS);
  return g_strdup_printf ("SELECT %s FROM %s WHERE SystemModstamp >= %s ORDER BY SystemModstamp, Id",
                          run->select_list, run->name, since);
}

static void
row_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ObjectRun *run = user_data;
  ObjectFunc next = run->after_save;
  GError *error = NULL;

  run->writing = FALSE;
  run->after_save = NULL;
  if (!cs_sync_writer_save_row_finish (CS_SYNC_WRITER (source), result, &error))
    cycle_stop (run->cycle, error);
  else if (next != NULL)
    {
      next (run);
      return;
    }
  load_settled (run);
}

/* Commits the object's row (and a job error when @message is set), then
 * goes on with @next (NULL: whatever is left to do). */
static void
save_row_then (ObjectRun  *run,
               const char *code,
               const char *message,
               ObjectFunc  next)
{
  run->writing = TRUE;
  run->after_save = next;
  cs_sync_writer_save_row_async (run->cycle->writer, run->row, code, message, row_saved_cb, run);
}

static void
record_object_failure (ObjectRun  *run,
                       const char *code,
                       const char *message)
{
  run->failed = TRUE;
  cs_sync_object_progress_fail (run->progress, CS_SYNC_PHASE_FAILED, message);
  save_row_then (run, code, message, NULL);
}

/* ---- REST load ---- */

static void
rest_load_query (ObjectRun *run)
{
  g_autofree char *soql = records_query (run);

  load_start_json (run, CS_SYNC_PAGE_RECORDS_JSON, soql, NULL);
}

/* Marks the load begun (so that a killed cycle resumes it) and from when
 * deletions count, then pages through the query. */
static void
rest_load_start (ObjectRun *run)
{
  Cycle *cycle = run->cycle;

  cs_sync_object_progress_set_method (run->progress, CS_SYNC_METHOD_REST);
  cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_QUERYING);
  if (run->count >= 0)
    cs_sync_object_progress_set_total (run->progress, run->count);

  run->row->state = CS_SYNC_OBJECT_LOADING;
  g_free (run->row->load_kind);
  run->row->load_kind = g_strdup ("rest");
  g_clear_pointer (&run->row->watermark, g_free);
  g_clear_pointer (&run->row->watermark_id, g_free);
  if (run->row->deleted_covered == NULL)
    run->row->deleted_covered = soql_time (cycle->check_cap, -60);
  g_clear_pointer (&run->cap, g_free);
  save_row_then (run, NULL, NULL, rest_load_query);
}

/* ---- Bulk API load ---- */

static void bulk_poll (ObjectRun *run);

static void
bulk_results_start (ObjectRun *run)
{
  cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_DOWNLOADING);
  run->kind = CS_SYNC_PAGE_RECORDS_CSV;
  run->fetch_done = FALSE;
  run->first_page = FALSE;
  g_free (run->locator);
  run->locator = g_strdup (run->row->bulk_locator);
  g_free (run->cap);
  run->cap = g_strdup (run->row->load_started);
  g_free (run->job_id);
  run->job_id = g_strdup (run->row->bulk_job);
  load_pump (run);
}

static void bulk_create (ObjectRun *run);
static void bulk_job_kept (ObjectRun *run);

static void
bulk_job_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ObjectRun *run = user_data;
  Cycle *cycle = run->cycle;
  g_autoptr(CsBulkJob) job = NULL;
  GError *error = NULL;

  run->fetching = FALSE;
  job = cs_salesforce_client_query_job_finish (CS_SALESFORCE_CLIENT (source), result, &error);
  if (job == NULL)
    {
      /* Gone (deleted, or older than Salesforce keeps): start over. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_NOT_FOUND) && run->row->bulk_job != NULL &&
          cycle->stop == NULL)
        {
          g_error_free (error);
          g_clear_pointer (&run->row->bulk_job, g_free);
          bulk_create (run);
          return;
        }
      object_error (run, error);
      load_settled (run);
      return;
    }

  if (job->records_processed >= 0)
    cs_sync_object_progress_set_total (run->progress, job->records_processed);

  switch (job->state)
    {
    case CS_BULK_JOB_COMPLETE:
      bulk_results_start (run);
      return;
    case CS_BULK_JOB_FAILED:
    case CS_BULK_JOB_ABORTED:
      {
        g_autofree char *message =
          g_strdup_printf (_("%s: Salesforce’s Bulk API job %s did not complete (%s). The next "
                             "cycle starts a new one; if it fails again, lower the Bulk API "
                             "threshold so that the object is read through REST queries."),
                           run->name, job->id,
                           job->error_message != NULL ? job->error_message
                           : job->state == CS_BULK_JOB_ABORTED ? _("aborted") : _("failed"));

        g_clear_pointer (&run->row->bulk_job, g_free);
        g_clear_pointer (&run->row->bulk_locator, g_free);
        record_object_failure (run, "bulk-job-failed", message);
        return;
      }
    case CS_BULK_JOB_UPLOAD_COMPLETE:
    case CS_BULK_JOB_IN_PROGRESS:
    default:
      bulk_poll (run);
      return;
    }
}

static gboolean
bulk_poll_due (gpointer user_data)
{
  ObjectRun *run = user_data;
  Cycle *cycle = run->cycle;

  g_clear_pointer (&run->poll_source, g_source_unref);
  if (!may_send (cycle))
    {
      load_settled (run);
      return G_SOURCE_REMOVE;
    }
  run->fetching = TRUE;
  cs_salesforce_client_get_query_job_async (cycle->self->client, run->row->bulk_job,
                                            g_task_get_cancellable (cycle->task), bulk_job_cb, run);
  return G_SOURCE_REMOVE;
}

static void
bulk_poll (ObjectRun *run)
{
  if (run->cycle->stop != NULL)
    {
      load_settled (run);
      return;
    }
  cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_BULK_JOB);
  run->poll_source = g_timeout_source_new (run->poll_ms);
  g_source_set_callback (run->poll_source, bulk_poll_due, run, NULL);
  g_source_attach (run->poll_source, g_task_get_context (run->cycle->task));
  run->poll_ms = MIN (run->poll_ms * 2, BULK_POLL_MAX_MS);
}

static void
bulk_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ObjectRun *run = user_data;
  Cycle *cycle = run->cycle;
  g_autoptr(CsBulkJob) job = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GError *error = NULL;

  run->fetching = FALSE;
  job = cs_salesforce_client_query_job_finish (CS_SALESFORCE_CLIENT (source), result, &error);
  if (job == NULL)
    {
      object_error (run, error);
      load_settled (run);
      return;
    }

  /* Kept with the load, so that a killed cycle goes on with this job. */
  run->row->state = CS_SYNC_OBJECT_LOADING;
  g_free (run->row->load_kind);
  run->row->load_kind = g_strdup ("bulk");
  g_free (run->row->bulk_job);
  run->row->bulk_job = g_strdup (job->id);
  g_clear_pointer (&run->row->bulk_locator, g_free);
  g_clear_pointer (&run->row->watermark, g_free);
  g_clear_pointer (&run->row->watermark_id, g_free);
  g_free (run->row->load_started);
  run->row->load_started = cs_sync_format_time (job->server_date != NULL
                                                ? g_date_time_to_unix (job->server_date)
                                                : g_date_time_to_unix (now) + cycle->clock_offset);
  if (run->row->deleted_covered == NULL)
    run->row->deleted_covered = soql_time (run->row->load_started, -60);
  save_row_then (run, NULL, NULL, bulk_job_kept);
}

/* Created before the loads start, a job is looked at when its turn comes;
 * created in its turn, it is polled at once. */
static void
bulk_job_kept (ObjectRun *run)
{
  if (run->cycle->starting_jobs)
    start_bulk_jobs (run->cycle);
  else
    bulk_poll (run);
}

static void
bulk_create (ObjectRun *run)
{
  Cycle *cycle = run->cycle;
  g_autofree char *soql = NULL;

  if (!may_send (cycle))
    {
      load_settled (run);
      return;
    }
  cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_BULK_JOB);
  soql = g_strdup_printf ("SELECT %s FROM %s", run->select_list, run->name);
  run->fetching = TRUE;
  cs_salesforce_client_create_query_job_async (cycle->self->client, soql, FALSE,
                                               g_task_get_cancellable (cycle->task),
                                               bulk_created_cb, run);
}

static void
bulk_load_start (ObjectRun *run)
{
  cs_sync_object_progress_set_method (run->progress, CS_SYNC_METHOD_BULK);
  if (run->count >= 0)
    cs_sync_object_progress_set_total (run->progress, run->count);
  run->poll_ms = BULK_POLL_FIRST_MS;

  if (run->row->bulk_job == NULL)
    {
      bulk_create (run);
      return;
    }
  /* A load a killed cycle began: where is its job? */
  if (!may_send (run->cycle))
    {
      load_settled (run);
      return;
    }
  cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_BULK_JOB);
  run->fetching = TRUE;
  cs_salesforce_client_get_query_job_async (run->cycle->self->client, run->row->bulk_job,
                                            g_task_get_cancellable (run->cycle->task),
                                            bulk_job_cb, run);
}

/* ---- steps ---- */

static void
object_run_step (ObjectRun *run)
{
  Cycle *cycle = run->cycle;

  if (cycle->stop != NULL)
    {
      cycle_end (cycle);
      return;
    }
  /* A failed object has nothing left to do: on to the next one. */
  if (run->failed)
    memset (run->steps, 0, sizeof run->steps);

  if (run->steps[STEP_PAGES])
    {
      cs_sync_object_progress_set_method (run->progress, CS_SYNC_METHOD_REST);
      cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_QUERYING);
      g_free (run->cap);
      run->cap = g_strdup (cycle->check_cap);
      load_start_json (run, CS_SYNC_PAGE_RECORDS_JSON, NULL, run->next_url);
    }
  else if (run->steps[STEP_REST_LOAD])
    rest_load_start (run);
  else if (run->steps[STEP_BULK_LOAD])
    bulk_load_start (run);
  else if (run->steps[STEP_RECONCILE])
    {
      g_autofree char *soql = g_strdup_printf ("SELECT Id FROM %s", run->name);

      /* Dated by its first answer: Ids missing then were deleted before. */
      cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_RECONCILING);
      g_clear_pointer (&run->cap, g_free);
      load_start_json (run, CS_SYNC_PAGE_IDS_JSON, soql, NULL);
    }
  else
    {
      if (cs_sync_object_progress_get_phase (run->progress) < CS_SYNC_PHASE_DONE)
        cs_sync_object_progress_set_phase (run->progress, run->changed ? CS_SYNC_PHASE_DONE
                                                                       : CS_SYNC_PHASE_UNCHANGED);
      cycle->current++;
      cycle_next_object (cycle);
    }
}

static void
object_step_done (ObjectRun *run)
{
  Cycle *cycle = run->cycle;

  if (cycle->stop != NULL)
    {
      cycle_end (cycle);
      return;
    }
  for (guint step = 0; step < N_STEPS; step++)
    if (run->steps[step])
      {
        run->steps[step] = FALSE;
        if ((step == STEP_REST_LOAD || step == STEP_BULK_LOAD) && !run->failed &&
            run->row->state == CS_SYNC_OBJECT_SYNCED)
          run->loaded = TRUE;
        break;
      }
  if (run->failed)
    memset (run->steps, 0, sizeof run->steps);
  object_run_step (run);
}

static void
cycle_next_object (Cycle *cycle)
{
  if (cycle->stop == NULL && cycle->current >= cycle->objects->len && !cycle->caught_up)
    {
      /* A load reads what was there when it started: one more check of
       * the objects loaded brings what changed meanwhile, so that the
       * cycle ends up to date with all of them. */
      cycle->caught_up = TRUE;
      if (check_build (cycle, TRUE))
        {
          check_next_batch (cycle);
          return;
        }
    }
  if (cycle->stop != NULL || cycle->current >= cycle->objects->len)
    {
      cycle_end (cycle);
      return;
    }
  object_run_step (g_ptr_array_index (cycle->objects, cycle->current));
}

/* ------------------------------------------------------------------------ */
/* The check                                                                 */
/* ------------------------------------------------------------------------ */


/* What the check found decides each object's steps. */
static void
plan_object (ObjectRun          *run,
             CsSyncWriterResult *result)
{
  Cycle *cycle = run->cycle;

  add_result (run, result);
  if (result->failure != NULL)
    {
      run->failed = TRUE;
      cs_sync_object_progress_fail (run->progress, CS_SYNC_PHASE_FAILED, result->failure);
      return;
    }

  switch (run->row->state)
    {
    case CS_SYNC_OBJECT_NEW:
      run->count = result->total;
      if (run->count >= 0 && run->count >= (gint64) cycle->bulk_threshold)
        run->steps[STEP_BULK_LOAD] = TRUE;
      else
        run->steps[STEP_REST_LOAD] = TRUE;
      break;
    case CS_SYNC_OBJECT_LOADING:
      if (g_strcmp0 (run->row->load_kind, "bulk") == 0)
        run->steps[STEP_BULK_LOAD] = TRUE;
      else if (result->next_url != NULL)
        run->steps[STEP_PAGES] = TRUE;
      break;
    case CS_SYNC_OBJECT_SYNCED:
    default:
      if (result->next_url != NULL)
        run->steps[STEP_PAGES] = TRUE;
      break;
    }
  if (result->next_url != NULL)
    {
      g_free (run->next_url);
      run->next_url = g_steal_pointer (&result->next_url);
      if (result->total >= 0)
        cs_sync_object_progress_set_total (run->progress, result->total);
    }
  if (result->reconcile)
    run->steps[STEP_RECONCILE] = TRUE;

  if (!run->steps[STEP_PAGES] && !run->steps[STEP_REST_LOAD] && !run->steps[STEP_BULK_LOAD] &&
      !run->steps[STEP_RECONCILE])
    cs_sync_object_progress_set_phase (run->progress, run->changed ? CS_SYNC_PHASE_DONE
                                                                   : CS_SYNC_PHASE_UNCHANGED);
  else
    cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_WAITING);
}

static ObjectRun *
find_run (Cycle      *cycle,
          const char *object)
{
  for (guint i = 0; i < cycle->objects->len; i++)
    {
      ObjectRun *run = g_ptr_array_index (cycle->objects, i);

      if (g_ascii_strcasecmp (run->name, object) == 0)
        return run;
    }
  return NULL;
}

static void
check_stored_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Cycle *cycle = user_data;
  GPtrArray *layouts = g_ptr_array_index (cycle->batches, cycle->batch);
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = cs_sync_writer_store_check_finish (CS_SYNC_WRITER (source), result, &error);
  if (results == NULL)
    {
      cycle_stop (cycle, error);
      cycle_end (cycle);
      return;
    }
  for (guint i = 0; i < layouts->len; i++)
    {
      CsSyncCheckLayout *layout = g_ptr_array_index (layouts, i);

      ObjectRun *run = find_run (cycle, layout->object);

      g_assert (run != NULL);
      plan_object (run, g_ptr_array_index (results, i));
    }
  cycle->batch++;
  check_next_batch (cycle);
}

static void
check_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Cycle *cycle = user_data;
  g_autoptr(GDateTime) server_date = NULL;
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  answer = cs_salesforce_client_fetch_bytes_finish (CS_SALESFORCE_CLIENT (source), result,
                                                    &server_date, &error);
  if (answer == NULL)
    {
      cycle_stop (cycle, error);
      cycle_end (cycle);
      return;
    }

  /* Salesforce's clock, for the caps and for getDeleted's end next time. */
  if (server_date != NULL)
    {
      cycle->clock_offset = g_date_time_to_unix (server_date) - g_get_real_time () / G_USEC_PER_SEC;
      if (cycle->check_cap == NULL)
        cycle->check_cap = cs_sync_format_time (g_date_time_to_unix (server_date));
    }
  if (cycle->check_cap == NULL)
    cycle->check_cap = cs_sync_format_time (g_get_real_time () / G_USEC_PER_SEC + cycle->clock_offset);

  cs_sync_writer_store_check_async (cycle->writer, answer,
                                    g_ptr_array_index (cycle->batches, cycle->batch),
                                    cycle->check_cap, NULL, check_stored_cb, cycle);
}

/* Salesforce works on every Bulk API job while the other objects load:
 * they are all created first, one after the other, then the objects are
 * gone through in order. */
static void
start_bulk_jobs (Cycle *cycle)
{
  cycle->starting_jobs = TRUE;
  for (; cycle->next_job < cycle->objects->len && cycle->stop == NULL; cycle->next_job++)
    {
      ObjectRun *run = g_ptr_array_index (cycle->objects, cycle->next_job);

      if (run->failed || !run->steps[STEP_BULK_LOAD] || run->row->bulk_job != NULL)
        continue;
      cycle->next_job++;
      cs_sync_object_progress_set_method (run->progress, CS_SYNC_METHOD_BULK);
      bulk_create (run);
      return;
    }
  cycle->starting_jobs = FALSE;
  cycle->current = 0;
  cycle_next_object (cycle);
}

static void
check_next_batch (Cycle *cycle)
{
  if (cycle->batch >= cycle->batches->len)
    {
      if (!cycle->caught_up)
        {
          cycle->next_job = 0;
          start_bulk_jobs (cycle);
          return;
        }
      cycle->current = 0;
      cycle_next_object (cycle);
      return;
    }
  if (!may_send (cycle))
    {
      cycle_end (cycle);
      return;
    }
  cs_salesforce_client_batch_bytes_async (cycle->self->client,
                                          g_ptr_array_index (cycle->batch_urls, cycle->batch),
                                          g_task_get_cancellable (cycle->task),
                                          check_answered_cb, cycle);
}

/* "v62.0/query?q=…" */
static char *
subrequest_query (const char *version,
                  const char *resource,
                  const char *soql)
{
  g_autofree char *escaped = g_uri_escape_string (soql, NULL, FALSE);

  return g_strdup_printf ("v%s/%s?q=%s", version, resource, escaped);
}

/* Packs each object's subrequests into batches of at most 25 (only the
 * objects loaded in this cycle when @only_loaded); whether any is needed. */
static gboolean
check_build (Cycle    *cycle,
             gboolean  only_loaded)
{
  const char *version = cs_salesforce_client_get_api_version (cycle->self->client);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + cycle->clock_offset;
  g_autofree char *deleted_end = NULL;
  g_autoptr(GPtrArray) layouts = NULL;
  g_autoptr(GStrvBuilder) urls = NULL;
  guint n_urls = 0;

  {
    g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (now - now % 60);

    deleted_end = g_date_time_format (end, "%Y-%m-%dT%H:%M:%SZ");
  }

  g_clear_pointer (&cycle->batches, g_ptr_array_unref);
  g_clear_pointer (&cycle->batch_urls, g_ptr_array_unref);
  cycle->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  cycle->batch_urls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  cycle->batch = 0;

  for (guint i = 0; i < cycle->objects->len; i++)
    {
      ObjectRun *run = g_ptr_array_index (cycle->objects, i);
      CsSyncCheckLayout *layout;
      g_autofree char *query_url = NULL;
      g_autofree char *deleted_url = NULL;
      g_autofree char *count_url = NULL;
      guint needed;

      if (run->failed || (only_loaded && !run->loaded))
        continue;

      if (run->row->state == CS_SYNC_OBJECT_NEW)
        {
          g_autofree char *soql = g_strdup_printf ("SELECT COUNT() FROM %s", run->name);

          count_url = subrequest_query (version, "query", soql);
        }
      else if (g_strcmp0 (run->row->load_kind, "bulk") != 0)
        {
          g_autofree char *soql = records_query (run);

          /* queryAll: a record deleted since shows up at once, in the
           * recycle bin, IsDeleted true; getDeleted covers the rest.
           * Without an IsDeleted column such a record would read as live. */
          query_url = subrequest_query (version,
                                        select_list_has (run->select_list, "IsDeleted")
                                        ? "queryAll" : "query", soql);
        }
      if (run->row->deleted_covered != NULL)
        {
          g_autofree char *start = soql_time (run->row->deleted_covered, 0);

          if (strcmp (start, deleted_end) < 0)
            deleted_url = g_strdup_printf ("v%s/sobjects/%s/deleted/?start=%s&end=%s",
                                           version, run->name, start, deleted_end);
        }
      needed = (query_url != NULL) + (deleted_url != NULL) + (count_url != NULL);
      if (needed == 0)
        {
          /* A Bulk API load with nothing to ask yet: straight to it. */
          run->steps[STEP_BULK_LOAD] = TRUE;
          continue;
        }

      if (layouts == NULL || n_urls + needed > CS_COMPOSITE_BATCH_MAX)
        {
          if (layouts != NULL)
            {
              g_ptr_array_add (cycle->batches, g_steal_pointer (&layouts));
              g_ptr_array_add (cycle->batch_urls, g_strv_builder_end (urls));
              g_clear_pointer (&urls, g_strv_builder_unref);
            }
          layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_check_layout_free);
          urls = g_strv_builder_new ();
          n_urls = 0;
        }

      layout = g_new0 (CsSyncCheckLayout, 1);
      layout->object = g_strdup (run->name);
      layout->query = layout->deleted = layout->count = -1;
      if (query_url != NULL)
        {
          layout->query = (int) n_urls++;
          g_strv_builder_add (urls, query_url);
        }
      if (deleted_url != NULL)
        {
          layout->deleted = (int) n_urls++;
          g_strv_builder_add (urls, deleted_url);
        }
      if (count_url != NULL)
        {
          layout->count = (int) n_urls++;
          g_strv_builder_add (urls, count_url);
        }
      g_ptr_array_add (layouts, layout);
      cs_sync_object_progress_set_phase (run->progress, CS_SYNC_PHASE_CHECKING);
    }
  if (layouts != NULL)
    {
      g_ptr_array_add (cycle->batches, g_steal_pointer (&layouts));
      g_ptr_array_add (cycle->batch_urls, g_strv_builder_end (urls));
    }
  return cycle->batches->len > 0;
}

/* ------------------------------------------------------------------------ */
/* Starting and ending a cycle                                               */
/* ------------------------------------------------------------------------ */

static void
version_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Cycle *cycle = user_data;
  GError *error = NULL;

  if (!cs_salesforce_client_negotiate_version_finish (CS_SALESFORCE_CLIENT (source), result, &error))
    {
      cycle_stop (cycle, error);
      cycle_end (cycle);
      return;
    }
  check_build (cycle, FALSE);
  check_next_batch (cycle);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cycle *cycle = user_data;
  g_autoptr(CsSyncWriterPlan) plan = NULL;
  GError *error = NULL;

  plan = cs_sync_writer_prepare_finish (CS_SYNC_WRITER (source), result, &error);
  if (plan == NULL)
    {
      cycle_stop (cycle, error);
      cycle_end (cycle);
      return;
    }

  cycle->record.id = plan->cycle_id;
  cycle->api_reserve_percent = plan->api_reserve_percent;
  cycle->bulk_threshold = plan->bulk_threshold;
  cycle->bulk_page_records = plan->bulk_page_records;
  cycle->clock_offset = plan->clock_offset;
  for (guint i = 0; i < cycle->objects->len; i++)
    {
      ObjectRun *run = g_ptr_array_index (cycle->objects, i);
      const char *failure = g_ptr_array_index (plan->failures, i);

      if (failure != NULL)
        {
          run->failed = TRUE;
          cs_sync_object_progress_fail (run->progress, CS_SYNC_PHASE_FAILED, failure);
          continue;
        }
      run->row = g_steal_pointer (&g_ptr_array_index (plan->rows, i));
      run->select_list = g_strdup (g_ptr_array_index (plan->select_lists, i));
    }

  if (plan->paused)
    {
      cycle_stop (cycle, g_error_new_literal (CS_ERROR, CS_ERROR_SYNC_PAUSED,
                                              _("The sync of this connection is paused. Resume "
                                                "it, then sync again.")));
      cycle_end (cycle);
      return;
    }
  if (!may_send (cycle))
    {
      cycle_end (cycle);
      return;
    }
  cs_salesforce_client_negotiate_version_async (cycle->self->client,
                                                g_task_get_cancellable (cycle->task),
                                                version_ready_cb, cycle);
}

static CsSyncOutcome
outcome_for (const GError *error)
{
  if (error == NULL)
    return CS_SYNC_OUTCOME_COMPLETED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return CS_SYNC_OUTCOME_CANCELLED;
  if (g_error_matches (error, CS_ERROR, CS_ERROR_API_LIMIT_RESERVE))
    return CS_SYNC_OUTCOME_STOPPED_API_LIMIT;
  if (g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_PAUSED))
    return CS_SYNC_OUTCOME_PAUSED;
  return CS_SYNC_OUTCOME_FAILED;
}

static void
set_running (CsRecordSync *self,
             gboolean      running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
cycle_ended_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Cycle *cycle = g_task_get_task_data (task);
  CsRecordSync *self = cycle->self;
  g_autoptr(GError) error = NULL;

  if (!cs_sync_writer_end_cycle_finish (CS_SYNC_WRITER (source), result, &error))
    g_warning ("Could not record the end of the sync cycle: %s", error->message);

  /* Unlocked before anyone hears of the end: a "Sync Now" right after
   * must not find it still held. */
  g_clear_pointer (&cycle->lock, cs_sync_lock_release);

  cs_sync_cycle_free (self->last_cycle);
  self->last_cycle = cs_sync_cycle_copy (&cycle->record);
  set_running (self, FALSE);

  if (cycle->stop != NULL)
    g_task_return_error (task, g_steal_pointer (&cycle->stop));
  else
    g_task_return_pointer (task, cs_sync_cycle_copy (&cycle->record), (GDestroyNotify) cs_sync_cycle_free);
  /* @task (our callback's reference) keeps it until we return. */
  g_object_unref (cycle->task);
}

static void
cycle_end (Cycle *cycle)
{
  guint failed = 0;

  /* Whatever is still in flight ends it when it lands. */
  for (guint i = 0; i < cycle->objects->len; i++)
    {
      ObjectRun *run = g_ptr_array_index (cycle->objects, i);

      if (run->poll_source != NULL)
        {
          g_source_destroy (run->poll_source);
          g_clear_pointer (&run->poll_source, g_source_unref);
        }
      if (run->fetching || run->writing)
        return;
    }
  if (cycle->ending)
    return;
  cycle->ending = TRUE;

  for (guint i = 0; i < cycle->objects->len; i++)
    {
      ObjectRun *run = g_ptr_array_index (cycle->objects, i);
      CsSyncPhase phase = cs_sync_object_progress_get_phase (run->progress);

      failed += run->failed;
      if (phase < CS_SYNC_PHASE_DONE)
        cs_sync_object_progress_fail (run->progress, CS_SYNC_PHASE_STOPPED,
                                      cycle->stop != NULL ? cycle->stop->message : NULL);
    }
  if (cycle->stop == NULL && failed > 0)
    cycle->stop = g_error_new (CS_ERROR, CS_ERROR_FAILED,
                               ngettext ("%u object could not be synced; the others were. The "
                                         "sync’s errors say why and what to do.",
                                         "%u objects could not be synced; the others were. The "
                                         "sync’s errors say why and what to do.", failed),
                               failed);

  cycle->record.ended = g_get_real_time () / G_USEC_PER_SEC;
  cycle->record.outcome = outcome_for (cycle->stop);
  cycle->record.api_calls = cs_salesforce_client_get_request_count (cycle->self->client) -
                            cycle->requests_at_start;
  if (cycle->stop != NULL)
    {
      cycle->record.message = g_strdup (cycle->stop->message);
      cycle->record.error_code = g_strdup (cycle->stop->domain == CS_ERROR
                                           ? cs_error_code_to_string (cycle->stop->code)
                                           : g_error_matches (cycle->stop, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                           ? "cancelled" : "failed");
    }
  update_totals (cycle);

  /* With no cycle id (the database failed to open) nothing is written. */
  cs_sync_writer_end_cycle_async (cycle->writer, &cycle->record, cycle->clock_offset,
                                  cycle_ended_cb, g_object_ref (cycle->task));
}

/* The objects and fields of the connection's catalog, as the writer takes
 * them; fills the progress list. */
static GPtrArray *
read_catalog (CsRecordSync  *self,
              GError       **error)
{
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_auto(GStrv) names = NULL;

  catalog = cs_field_catalog_new (self->store, error);
  if (catalog == NULL)
    return NULL;
  names = cs_field_catalog_list_objects (catalog, self->connection_id, error);
  if (names == NULL)
    return NULL;
  if (names[0] == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("No field is recorded for this connection yet, so there is nothing "
                             "to sync. Run the field sync first (Sync Fields in CRM Sync Setup, or "
                             "“crm-sync fields”), then sync."));
      return NULL;
    }

  objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_writer_object_free);
  for (guint i = 0; names[i] != NULL; i++)
    {
      CsSyncWriterObject *object;
      gboolean wanted = self->only_objects == NULL;

      for (guint k = 0; self->only_objects != NULL && self->only_objects[k] != NULL; k++)
        wanted |= g_ascii_strcasecmp (self->only_objects[k], names[i]) == 0;
      if (!wanted)
        continue;

      object = g_new0 (CsSyncWriterObject, 1);
      object->object = g_strdup (names[i]);
      object->fields = cs_field_catalog_list (catalog, self->connection_id, names[i], error);
      if (object->fields == NULL)
        {
          cs_sync_writer_object_free (object);
          return NULL;
        }
      g_ptr_array_add (objects, object);
    }
  return g_steal_pointer (&objects);
}

void
cs_record_sync_run_cycle_async (CsRecordSync        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(CsSyncDatabase) database = NULL;
  GError *error = NULL;
  Cycle *cycle;

  g_return_if_fail (CS_IS_RECORD_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_record_sync_run_cycle_async);

  cycle = g_new0 (Cycle, 1);
  cycle->self = self;
  cycle->task = task;
  cycle->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_run_free);
  g_task_set_task_data (task, cycle, (GDestroyNotify) cycle_free);

  /* Refused at once, before anything is written, when another cycle runs
   * or the sync is paused. */
  cycle->lock = cs_sync_lock_acquire (self->database_path, &error);
  if (cycle->lock == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  database = cs_sync_database_open_existing (self->database_path, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (database != NULL && cs_sync_database_get_paused (database))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_SYNC_PAUSED,
                               _("The sync of this connection is paused. Resume it, then sync "
                                 "again."));
      return;
    }
  g_clear_object (&database);

  objects = read_catalog (self, &error);
  if (objects == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_list_store_remove_all (self->progress);
  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncWriterObject *object = g_ptr_array_index (objects, i);
      ObjectRun *run = g_new0 (ObjectRun, 1);

      run->cycle = cycle;
      run->name = g_strdup (object->object);
      run->progress = cs_sync_object_progress_new (object->object);
      run->count = -1;
      g_list_store_append (self->progress, run->progress);
      g_ptr_array_add (cycle->objects, run);
    }

  cycle->record.started = g_get_real_time () / G_USEC_PER_SEC;
  cycle->record.outcome = CS_SYNC_OUTCOME_RUNNING;
  cycle->requests_at_start = cs_salesforce_client_get_request_count (self->client);
  cycle->writer = cs_sync_writer_new (self->database_path);
  g_object_ref (cycle->task);
  self->records = self->total = 0;
  self->seconds_left = -1;
  set_running (self, TRUE);

  cs_sync_writer_prepare_async (cycle->writer, objects, NULL, prepared_cb, cycle);
}

CsSyncCycle *
cs_record_sync_run_cycle_finish (CsRecordSync  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_record_sync_run_cycle_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The estimate                                                              */
/* ------------------------------------------------------------------------ */

typedef struct {
  GPtrArray *objects;     /* names */
  gint64     started_us;
} EstimateData;

static void
estimate_data_free (EstimateData *data)
{
  g_clear_pointer (&data->objects, g_ptr_array_unref);
  g_free (data);
}

static gint64
count_of (JsonNode   *root,
          const char *object)
{
  JsonNode *list;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "sObjects")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    return -1;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (list), i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      if (g_ascii_strcasecmp (json_object_get_string_member_with_default (entry, "name", ""), object) == 0)
        return json_object_get_int_member_with_default (entry, "count", 0);
    }
  /* Not listed: Salesforce leaves out objects without records. */
  return 0;
}

static void
estimate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsSalesforceClient *client = CS_SALESFORCE_CLIENT (source);
  EstimateData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CsSyncEstimate) estimate = g_new0 (CsSyncEstimate, 1);
  GError *error = NULL;
  double round_trip;
  double seconds = 0;

  root = cs_salesforce_client_request_finish (client, result, NULL, &error);
  if (root == NULL && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  round_trip = (g_get_monotonic_time () - data->started_us) / (double) G_USEC_PER_SEC;

  estimate->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_estimate_free);
  /* The check: a Composite Batch per 25 subrequests, one per new object. */
  estimate->api_calls = (data->objects->len + CS_COMPOSITE_BATCH_MAX - 1) / CS_COMPOSITE_BATCH_MAX;
  for (guint i = 0; i < data->objects->len; i++)
    {
      CsSyncObjectEstimate *line = g_new0 (CsSyncObjectEstimate, 1);

      line->object = g_strdup (g_ptr_array_index (data->objects, i));
      line->records = count_of (root, line->object);
      if (line->records >= CS_SYNC_DEFAULT_BULK_THRESHOLD)
        {
          /* Create, about three polls, the result pages, the deletion. */
          line->method = CS_SYNC_METHOD_BULK;
          line->api_calls = 5 + (guint) ((line->records + CS_SYNC_DEFAULT_BULK_PAGE_RECORDS - 1) /
                                         CS_SYNC_DEFAULT_BULK_PAGE_RECORDS);
          seconds += line->records / (double) ESTIMATE_BULK_RATE + 4 * round_trip + 2.0;
        }
      else
        {
          line->method = CS_SYNC_METHOD_REST;
          line->api_calls = (guint) MAX ((line->records + REST_PAGE_RECORDS - 1) / REST_PAGE_RECORDS, 1);
          seconds += line->records / (double) ESTIMATE_REST_RATE;
        }
      seconds += line->api_calls * round_trip;
      estimate->api_calls += line->api_calls;
      estimate->records += line->records;
      g_ptr_array_add (estimate->objects, line);
    }
  estimate->seconds = (gint64) (seconds + 0.5);
  estimate->api_used = cs_salesforce_client_get_api_usage (client);
  estimate->api_limit = cs_salesforce_client_get_api_limit (client);
  g_task_return_pointer (task, g_steal_pointer (&estimate), (GDestroyNotify) cs_sync_estimate_free);
}

static void
estimate_version_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsRecordSync *self = g_task_get_source_object (task);
  EstimateData *data = g_task_get_task_data (task);
  g_autoptr(GString) path = g_string_new (NULL);
  GError *error = NULL;

  if (!cs_salesforce_client_negotiate_version_finish (self->client, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_string_append_printf (path, "/services/data/v%s/limits/recordCount?sObjects=",
                          cs_salesforce_client_get_api_version (self->client));
  for (guint i = 0; i < data->objects->len; i++)
    g_string_append_printf (path, "%s%s", i > 0 ? "," : "", (char *) g_ptr_array_index (data->objects, i));
  data->started_us = g_get_monotonic_time ();
  cs_salesforce_client_request_async (self->client, "GET", path->str, NULL, NULL,
                                      g_task_get_cancellable (task), estimate_cb,
                                      g_object_ref (task));
}

void
cs_record_sync_estimate_async (CsRecordSync        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  EstimateData *data;
  GError *error = NULL;

  g_return_if_fail (CS_IS_RECORD_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_record_sync_estimate_async);
  objects = read_catalog (self, &error);
  if (objects == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_new0 (EstimateData, 1);
  data->objects = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < objects->len; i++)
    g_ptr_array_add (data->objects, g_strdup (((CsSyncWriterObject *) g_ptr_array_index (objects, i))->object));
  g_task_set_task_data (task, data, (GDestroyNotify) estimate_data_free);
  cs_salesforce_client_negotiate_version_async (self->client, cancellable, estimate_version_cb,
                                                g_steal_pointer (&task));
}

CsSyncEstimate *
cs_record_sync_estimate_finish (CsRecordSync  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_record_sync_estimate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */
/* ------------------------------------------------------------------------ */

static void
cs_record_sync_finalize (GObject *object)
{
  CsRecordSync *self = CS_RECORD_SYNC (object);

  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_free (self->connection_id);
  g_free (self->database_path);
  g_strfreev (self->only_objects);
  g_clear_object (&self->progress);
  cs_sync_cycle_free (self->last_cycle);

  G_OBJECT_CLASS (cs_record_sync_parent_class)->finalize (object);
}

static void
cs_record_sync_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsRecordSync *self = CS_RECORD_SYNC (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_RECORDS:
      g_value_set_int64 (value, self->records);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_int64 (value, self->seconds_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_record_sync_class_init (CsRecordSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cs_record_sync_finalize;
  object_class->get_property = cs_record_sync_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_RECORDS] = g_param_spec_int64 ("records", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, 0, flags);
  properties[PROP_SECONDS_LEFT] = g_param_spec_int64 ("seconds-left", NULL, NULL, -1, G_MAXINT64, -1,
                                                      flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_record_sync_init (CsRecordSync *self)
{
  self->progress = g_list_store_new (CS_TYPE_SYNC_OBJECT_PROGRESS);
  self->seconds_left = -1;
}

CsRecordSync *
cs_record_sync_new (CsSalesforceClient *client,
                    CsConnectionStore  *store,
                    const char         *connection_id)
{
  CsRecordSync *self;

  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (client), NULL);
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (store), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);

  self = g_object_new (CS_TYPE_RECORD_SYNC, NULL);
  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  self->connection_id = g_strdup (connection_id);
  self->database_path = cs_sync_database_path_for (cs_connection_store_get_path (store), connection_id);
  return self;
}

CsSalesforceClient *
cs_record_sync_get_client (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), NULL);
  return self->client;
}

const char *
cs_record_sync_get_connection_id (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), NULL);
  return self->connection_id;
}

const char *
cs_record_sync_get_database_path (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), NULL);
  return self->database_path;
}

gboolean
cs_record_sync_set_objects (CsRecordSync        *self,
                            const char * const  *objects,
                            GError             **error)
{
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_auto(GStrv) recorded = NULL;

  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), FALSE);

  if (objects != NULL)
    {
      catalog = cs_field_catalog_new (self->store, error);
      if (catalog == NULL)
        return FALSE;
      recorded = cs_field_catalog_list_objects (catalog, self->connection_id, error);
      if (recorded == NULL)
        return FALSE;
      for (guint i = 0; objects[i] != NULL; i++)
        {
          gboolean found = FALSE;

          for (guint k = 0; recorded[k] != NULL && !found; k++)
            found = g_ascii_strcasecmp (recorded[k], objects[i]) == 0;
          if (!found)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("The field catalog of this connection holds no object “%s”. Check "
                             "the name; a custom object is added by the field sync (“crm-sync "
                             "fields --object %s”)."), objects[i], objects[i]);
              return FALSE;
            }
        }
    }

  g_strfreev (self->only_objects);
  self->only_objects = g_strdupv ((char **) objects);
  return TRUE;
}

const CsSyncCycle *
cs_record_sync_get_last_cycle (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), NULL);
  return self->last_cycle;
}

gboolean
cs_record_sync_is_running (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), FALSE);
  return self->running;
}

GListModel *
cs_record_sync_get_progress (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), NULL);
  return G_LIST_MODEL (self->progress);
}

gint64
cs_record_sync_get_records (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), 0);
  return self->records;
}

gint64
cs_record_sync_get_total (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), -1);
  return self->total;
}

gint64
cs_record_sync_get_seconds_left (CsRecordSync *self)
{
  g_return_val_if_fail (CS_IS_RECORD_SYNC (self), -1);
  return self->seconds_left;
}

CsSyncLock *
cs_record_sync_lock_for_forget (CsConnectionStore  *store,
                                const char         *connection_id,
                                GError            **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) lock_error = NULL;
  CsSyncLock *lock;

  g_return_val_if_fail (CS_IS_CONNECTION_STORE (store), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);

  path = cs_sync_database_path_for (cs_connection_store_get_path (store), connection_id);
  lock = cs_sync_lock_acquire (path, &lock_error);
  if (lock != NULL)
    return lock;
  if (g_error_matches (lock_error, CS_ERROR, CS_ERROR_SYNC_RUNNING))
    g_set_error_literal (error, CS_ERROR, CS_ERROR_SYNC_RUNNING,
                         _("A sync of this connection is running, so nothing was changed. Wait "
                           "for the cycle to end (“crm-sync status” shows it), or pause the "
                           "sync, then forget the connection again."));
  else
    g_propagate_error (error, g_steal_pointer (&lock_error));
  return NULL;
}

gboolean
cs_record_sync_forget (CsConnectionStore  *store,
                       const char         *connection_id,
                       GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (store), FALSE);
  g_return_val_if_fail (connection_id != NULL, FALSE);

  return cs_sync_database_delete_files (cs_connection_store_get_path (store), connection_id, error);
}
