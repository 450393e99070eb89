/* test-record-sync.c: the record sync engine against the practice org.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sync-test-common.h"

/* 20,000 leads through a Bulk API job, the smaller objects through REST,
 * equal field for field; then an unchanged org costs one round trip. */
static void
test_first_sync (SyncFixture   *f,
                 gconstpointer  user_data)
{
  g_autoptr(CsSyncCycle) first = NULL;
  g_autoptr(CsSyncCycle) again = NULL;
  GListModel *progress;
  guint requests;

  /* Pages of 5,000 leads: the results are read through Sforce-Locator
   * (and a page stays quick to make under the sanitizers). */
  {
    g_autoptr(CsSyncDatabase) database = sync_database (f);

    g_assert_true (cs_sync_database_set_bulk_page_records (database, 5000, NULL));
  }
  cs_practice_org_reset_request_counts (f->org);
  first = sync_run_cycle_ok (f);
  /* Created, polled, 4 pages of results, deleted. */
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, "/services/data/v64.0/jobs/query"), >=, 7);
  g_assert_cmpint (cs_sync_object_progress_get_method (sync_progress_of (f, "Lead")), ==, CS_SYNC_METHOD_BULK);
  g_assert_cmpint (cs_sync_object_progress_get_records (sync_progress_of (f, "Lead")), ==, 20000);
  g_assert_cmpint (cs_sync_object_progress_get_method (sync_progress_of (f, "Account")), ==, CS_SYNC_METHOD_REST);
  g_assert_cmpint (first->records, >, 20000);
  g_assert_cmpint (first->record_errors, ==, 0);
  sync_assert_all_equal (f);

  requests = cs_salesforce_client_get_request_count (f->client);
  again = sync_run_cycle_ok (f);
  g_assert_cmpuint (cs_salesforce_client_get_request_count (f->client) - requests, ==, 1);
  g_assert_cmpint (again->api_calls, ==, 1);
  g_assert_cmpint (again->records, ==, 0);
  g_assert_cmpint (again->deleted, ==, 0);
  progress = cs_record_sync_get_progress (f->sync);
  for (guint i = 0; i < g_list_model_get_n_items (progress); i++)
    {
      g_autoptr(CsSyncObjectProgress) item = g_list_model_get_item (progress, i);

      g_assert_cmpint (cs_sync_object_progress_get_phase (item), ==, CS_SYNC_PHASE_UNCHANGED);
    }
  /* Nothing stored, nothing marked: the copy compared above is unchanged. */
}

/* 2,000 leads go through the Bulk API as well. */
static void
lower_bulk_threshold (SyncFixture *f)
{
  g_autoptr(CsSyncDatabase) database = sync_database (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_sync_database_set_bulk_threshold (database, 1000, &error));
  g_assert_no_error (error);
}

static char *
nth_id (SyncFixture *f,
        const char  *object,
        guint        index)
{
  g_autoptr(JsonNode) id = cs_practice_org_get_value (f->org, object, index, "Id");

  return g_strdup (json_node_get_string (id));
}

/* The org changes between cycles and while one runs: after each cycle
 * that saw no change during it, the copy is equal again. */
static void
test_churn (SyncFixture   *f,
            gconstpointer  user_data)
{
  g_autoptr(CsSyncCycle) first = NULL;

  lower_bulk_threshold (f);
  first = sync_run_cycle_ok (f);
  sync_assert_all_equal (f);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(CsSyncCycle) during = NULL;
      g_autoptr(CsSyncCycle) after = NULL;

      cs_practice_org_churn (f->org, 300);
      /* Changes keep coming while a cycle runs. */
      cs_practice_org_set_churn (f->org, 6000);
      during = sync_run_cycle_ok (f);
      cs_practice_org_set_churn (f->org, 0);
      g_assert_cmpint (during->records + during->deleted, >, 0);

      after = sync_run_cycle_ok (f);
      sync_assert_all_equal (f);
    }
}

/* Records deleted in the org are marked deleted, with the date. */
static void
test_deletions_marked (SyncFixture   *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) first = sync_run_cycle_ok (f);
  g_autoptr(CsSyncCycle) second = NULL;
  g_autofree char *lead = nth_id (f, "Lead", 7);
  g_autofree char *account = nth_id (f, "Account", 1);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (cs_practice_org_delete_record (f->org, "Lead", lead, &error));
  g_assert_true (cs_practice_org_delete_record (f->org, "Account", account, &error));
  g_assert_no_error (error);

  second = sync_run_cycle_ok (f);
  g_assert_cmpint (second->deleted, ==, 2);
  g_assert_cmpint (cs_sync_object_progress_get_deleted (sync_progress_of (f, "Lead")), ==, 1);
  sync_assert_all_equal (f);

  db = sync_open_database (f);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT \"_sync_deleted\", \"_sync_deleted_at\", \"LastName\" "
                                           "FROM \"Lead\" WHERE \"Id\" = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, lead, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_true (g_str_has_suffix ((const char *) sqlite3_column_text (stmt, 1), "Z"));
  /* Never dropped: the record's values stay. */
  g_assert_nonnull (sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The last cycle is older than what getDeleted still covers: comparing
 * Ids finds the records deleted meanwhile. */
static void
test_reconciliation (SyncFixture   *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) first = sync_run_cycle_ok (f);
  g_autoptr(CsSyncCycle) second = NULL;
  g_autoptr(CsSyncCycle) third = NULL;

  /* Later, three contacts go and the recycle bin is emptied (the org's
   * clock runs on; a cycle between lets the sync learn it). */
  cs_practice_org_set_clock_offset (f->org, 120);
  g_clear_pointer (&second, cs_sync_cycle_free);
  second = sync_run_cycle_ok (f);
  g_clear_pointer (&second, cs_sync_cycle_free);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = nth_id (f, "Contact", i);

      g_assert_true (cs_practice_org_delete_record (f->org, "Contact", id, &error));
      g_assert_no_error (error);
    }
  cs_practice_org_purge_deleted (f->org);
  cs_practice_org_set_clock_offset (f->org, 240);

  cs_practice_org_reset_request_counts (f->org);
  second = sync_run_cycle_ok (f);
  g_assert_cmpint (cs_sync_object_progress_get_deleted (sync_progress_of (f, "Contact")), ==, 3);
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, "/services/data/v64.0/query"), >=, 1);
  sync_assert_all_equal (f);

  /* Covered again from then on. */
  third = sync_run_cycle_ok (f);
  g_assert_cmpint (third->deleted, ==, 0);
  g_assert_cmpint (third->api_calls, ==, 1);
}

/* Two starters at once: the second is refused at once, one cycle runs. */
static void
test_two_starters (SyncFixture   *f,
                   gconstpointer  user_data)
{
  g_autoptr(CsRecordSync) other = cs_record_sync_new (f->client, f->store, f->connection_id);
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_autoptr(CsSyncCycle) first = NULL;
  g_autoptr(CsSyncCycle) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncDatabase) database = NULL;
  g_autoptr(GPtrArray) cycles = NULL;

  cs_record_sync_run_cycle_async (f->sync, NULL, cs_test_store_result, &first_result);
  cs_record_sync_run_cycle_async (other, NULL, cs_test_store_result, &second_result);
  second = cs_record_sync_run_cycle_finish (other, sync_await_cycle (&second_result), &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_SYNC_RUNNING);
  g_assert_nonnull (strstr (error->message, "already running"));
  g_assert_null (second);
  g_assert_null (first_result);
  g_clear_error (&error);

  first = cs_record_sync_run_cycle_finish (f->sync, sync_await_cycle (&first_result), NULL);
  g_assert_nonnull (first);
  database = sync_database (f);
  cycles = cs_sync_database_list_cycles (database, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cycles->len, ==, 1);
}

/* The daily API limit is nearly reached: the cycle stops cleanly with
 * that status, and goes on once requests are left. */
static void
test_api_limit (SyncFixture   *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) stopped = NULL;
  g_autoptr(CsSyncCycle) resumed = NULL;
  const CsSyncCycle *last;

  lower_bulk_threshold (f);
  cs_practice_org_set_api_usage (f->org, cs_practice_org_get_api_limit (f->org) - 100);
  stopped = sync_run_cycle (f, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_API_LIMIT_RESERVE);
  g_assert_null (stopped);
  last = cs_record_sync_get_last_cycle (f->sync);
  g_assert_cmpint (last->outcome, ==, CS_SYNC_OUTCOME_STOPPED_API_LIMIT);
  g_assert_cmpstr (last->error_code, ==, "api-limit-reserve");
  /* Only the check went out. */
  g_assert_cmpint (last->api_calls, ==, 1);
  g_assert_cmpint (cs_sync_object_progress_get_phase (sync_progress_of (f, "Lead")), ==, CS_SYNC_PHASE_STOPPED);

  cs_practice_org_set_api_usage (f->org, 0);
  resumed = sync_run_cycle_ok (f);
  sync_assert_all_equal (f);
}

/* Calls func (f) when the client sends its @at-th request. */
typedef struct {
  SyncFixture *f;
  guint        at;
  void       (*func) (SyncFixture *f);
} AtRequest;

static void
at_request (CsSalesforceClient *client,
            GParamSpec         *pspec,
            AtRequest          *at)
{
  if (cs_salesforce_client_get_request_count (client) == at->at)
    at->func (at->f);
}

/* Runs a cycle that meets @func when it sends its @n-th request. */
static CsSyncCycle *
run_cycle_with (SyncFixture  *f,
                guint         n,
                void        (*func) (SyncFixture *f),
                GError      **error)
{
  AtRequest at = { f, cs_salesforce_client_get_request_count (f->client) + n, func };
  gulong handler = g_signal_connect (f->client, "notify::request-count", G_CALLBACK (at_request), &at);
  CsSyncCycle *cycle = sync_run_cycle (f, error);

  g_signal_handler_disconnect (f->client, handler);
  return cycle;
}

/* The session and its refresh token die together: the next request gets
 * 401, the refresh invalid_grant. */
static void
revoke_authorization (SyncFixture *f)
{
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
}

/* invalid_grant during a Bulk API load: the cycle fails with
 * "re-authorize", and the load is not marked done. */
static void
test_invalid_grant (SyncFixture   *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) failed = NULL;
  g_autoptr(CsSyncDatabase) database = NULL;
  g_autoptr(GPtrArray) objects = NULL;

  lower_bulk_threshold (f);
  /* The check, then the job's creation; it dies while polling. */
  failed = run_cycle_with (f, 2, revoke_authorization, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_GRANT);
  g_assert_true (cs_error_is_reauthorization (error));
  g_assert_cmpint (cs_record_sync_get_last_cycle (f->sync)->outcome, ==, CS_SYNC_OUTCOME_FAILED);
  g_assert_cmpstr (cs_record_sync_get_last_cycle (f->sync)->error_code, ==, "invalid-grant");
  g_clear_error (&error);

  database = sync_database (f);
  objects = cs_sync_database_list_objects (database, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncObjectCount *count = g_ptr_array_index (objects, i);

      if (g_str_equal (count->object, "Lead"))
        {
          g_assert_cmpint (count->state, !=, CS_SYNC_OBJECT_SYNCED);
          g_assert_cmpint (count->last_synced, ==, 0);
        }
    }
}

/* A value that no longer fits its column: the record is skipped and
 * listed with its Id, the cycle goes on. */
static void
test_record_error (SyncFixture   *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) first = sync_run_cycle_ok (f);
  g_autoptr(CsSyncCycle) second = NULL;
  g_autofree char *bad = nth_id (f, "Lead", 3);
  g_autofree char *good = nth_id (f, "Lead", 4);
  g_autoptr(CsSyncDatabase) database = NULL;
  g_autoptr(GListStore) issues = NULL;
  gboolean listed = FALSE;

  /* The admin makes the score a text field and types a word in it. */
  cs_practice_org_set_field_type (f->org, "Lead", "mkto71_Lead_Score__c", "string");
  g_assert_true (cs_practice_org_update_record (f->org, "Lead", bad, "{\"mkto71_Lead_Score__c\":\"high\"}", &error));
  g_assert_true (cs_practice_org_update_record (f->org, "Lead", good, "{\"Title\":\"Head of Data\"}", &error));
  g_assert_no_error (error);

  second = sync_run_cycle_ok (f);
  g_assert_cmpint (second->record_errors, ==, 1);
  g_assert_cmpint (cs_sync_object_progress_get_skipped (sync_progress_of (f, "Lead")), ==, 1);
  g_assert_cmpint (second->records, >=, 1);

  database = sync_database (f);
  issues = cs_sync_database_list_issues (database, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (issues)); i++)
    {
      g_autoptr(CsSyncIssue) issue = g_list_model_get_item (G_LIST_MODEL (issues), i);

      if (cs_sync_issue_get_kind (issue) != CS_SYNC_ISSUE_RECORD)
        continue;
      listed = TRUE;
      g_assert_cmpstr (cs_sync_issue_get_record_id (issue), ==, bad);
      g_assert_cmpstr (cs_sync_issue_get_object (issue), ==, "Lead");
      g_assert_nonnull (strstr (cs_sync_issue_get_message (issue), "high"));
      g_assert_nonnull (strstr (cs_sync_issue_get_message (issue), "mkto71_Lead_Score__c"));
      g_assert_true (cs_sync_issue_matches (issue, 1u << CS_SYNC_ISSUE_RECORD, "lead", "HIGH", 0));
      g_assert_false (cs_sync_issue_matches (issue, 1u << CS_SYNC_ISSUE_JOB, NULL, NULL, 0));
    }
  g_assert_true (listed);
}

/* A field the sync user sees again is loaded for every record; one it no
 * longer sees keeps its column and old values. */
static void
test_field_changes (SyncFixture   *f,
                    gconstpointer  user_data)
{
  g_autoptr(CsSyncCycle) first = sync_run_cycle_ok (f);
  g_autoptr(CsSyncCycle) second = NULL;
  g_autofree char *converted = nth_id (f, "Lead", 24);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  cs_practice_org_set_field_visible (f->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_field_visible (f->org, "Lead", "Title", FALSE);
  sync_record_fields (f);
  second = sync_run_cycle_ok (f);
  /* Loaded again, untouched records included. */
  g_assert_cmpint (cs_sync_object_progress_get_records (sync_progress_of (f, "Lead")), ==, 2000);
  sync_assert_all_equal (f);

  db = sync_open_database (f);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT \"ConvertedDate\", \"Title\" FROM \"Lead\" "
                                           "WHERE \"Id\" = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, converted, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_nonnull (sqlite3_column_text (stmt, 0));
  g_assert_nonnull (sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Paused: no cycle starts; paused during a cycle, it stops after the
 * page it stores and the next goes on from there. */
static void
pause_sync (SyncFixture *f)
{
  g_autoptr(CsSyncDatabase) database = sync_database (f);

  g_assert_true (cs_sync_database_set_paused (database, TRUE, NULL));
}

static void
test_pause (SyncFixture   *f,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) stopped = NULL;
  g_autoptr(CsSyncCycle) refused = NULL;
  g_autoptr(CsSyncCycle) resumed = NULL;
  g_autoptr(CsSyncDatabase) database = NULL;

  lower_bulk_threshold (f);
  stopped = run_cycle_with (f, 3, pause_sync, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_SYNC_PAUSED);
  g_assert_cmpint (cs_record_sync_get_last_cycle (f->sync)->outcome, ==, CS_SYNC_OUTCOME_PAUSED);
  g_clear_error (&error);

  refused = sync_run_cycle (f, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_SYNC_PAUSED);
  g_clear_error (&error);

  database = sync_database (f);
  g_assert_true (cs_sync_database_set_paused (database, FALSE, &error));
  resumed = sync_run_cycle_ok (f);
  sync_assert_all_equal (f);
}

static void
test_estimate (SyncFixture   *f,
               gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsSyncEstimate) estimate = NULL;
  g_autoptr(GError) error = NULL;
  gboolean lead_seen = FALSE;

  cs_record_sync_estimate_async (f->sync, NULL, cs_test_store_result, &result);
  estimate = cs_record_sync_estimate_finish (f->sync, cs_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (estimate->objects->len, ==, 10);
  for (guint i = 0; i < estimate->objects->len; i++)
    {
      CsSyncObjectEstimate *line = g_ptr_array_index (estimate->objects, i);

      if (g_str_equal (line->object, "Lead"))
        {
          lead_seen = TRUE;
          g_assert_cmpint (line->records, ==, 20000);
          g_assert_cmpint (line->method, ==, CS_SYNC_METHOD_BULK);
          g_assert_cmpuint (line->api_calls, >=, 5);
        }
      else
        g_assert_cmpint (line->method, ==, CS_SYNC_METHOD_REST);
    }
  g_assert_true (lead_seen);
  g_assert_cmpint (estimate->records, >, 20000);
  g_assert_cmpuint (estimate->api_calls, >, 10);
  g_assert_cmpint (estimate->seconds, >=, 0);
  g_assert_cmpint (estimate->api_limit, ==, cs_practice_org_get_api_limit (f->org));
  g_assert_cmpint (estimate->api_used, >, 0);
}

/* Through REST queries only, the watermark follows the records: the next
 * cycle reads the overlap window, not everything again. */
static void
test_rest_only (SyncFixture   *f,
                gconstpointer  user_data)
{
  g_autoptr(CsSyncDatabase) database = sync_database (f);
  g_autoptr(CsSyncCycle) first = NULL;
  g_autoptr(CsSyncCycle) again = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_sync_database_set_bulk_threshold (database, G_MAXUINT, &error));
  first = sync_run_cycle_ok (f);
  g_assert_cmpint (cs_sync_object_progress_get_method (sync_progress_of (f, "Lead")), ==, CS_SYNC_METHOD_REST);
  sync_assert_all_equal (f);

  objects = cs_sync_database_list_objects (database, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncObjectCount *count = g_ptr_array_index (objects, i);

      g_assert_cmpint (count->state, ==, CS_SYNC_OBJECT_SYNCED);
      g_assert_nonnull (count->watermark);
    }

  again = sync_run_cycle_ok (f);
  g_assert_cmpint (again->api_calls, ==, 1);
  g_assert_cmpint (again->records, ==, 0);
}

/* An object Salesforce refuses to read fails alone: the others are
 * synced, the failure is listed, and once the fields are synced again it
 * goes through. */
static void
test_object_failure (SyncFixture   *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) failed = NULL;
  g_autoptr(CsSyncCycle) fixed = NULL;
  g_autoptr(CsSyncStatus) status = cs_sync_status_new (f->store, f->connection_id);
  CsSyncObjectProgress *account;
  gboolean listed = FALSE;

  /* A field removed in Salesforce after the field sync recorded it. */
  cs_practice_org_remove_field (f->org, "Account", "Phone");
  failed = sync_run_cycle (f, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_FAILED);
  account = sync_progress_of (f, "Account");
  g_assert_cmpint (cs_sync_object_progress_get_phase (account), ==, CS_SYNC_PHASE_FAILED);
  g_assert_nonnull (strstr (cs_sync_object_progress_get_message (account), "Account"));
  g_assert_cmpint (cs_sync_object_progress_get_phase (sync_progress_of (f, "Lead")), ==, CS_SYNC_PHASE_DONE);
  sync_assert_object_equal (f, "Lead");

  g_assert_true (cs_sync_status_refresh (status, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (cs_sync_status_get_issues (status)); i++)
    {
      g_autoptr(CsSyncIssue) issue = g_list_model_get_item (cs_sync_status_get_issues (status), i);

      listed |= cs_sync_issue_get_kind (issue) == CS_SYNC_ISSUE_JOB &&
                g_strcmp0 (cs_sync_issue_get_object (issue), "Account") == 0;
    }
  g_assert_true (listed);

  sync_record_fields (f);
  fixed = sync_run_cycle_ok (f);
  sync_assert_all_equal (f);
}

/* What the status view shows: the state, counts, history and errors, and
 * Pause / Resume. */
static void
check_in_progress (CsRecordSync *sync,
                   GParamSpec   *pspec,
                   SyncFixture  *f)
{
  g_autoptr(CsSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  if (!cs_record_sync_is_running (sync))
    return;
  status = cs_sync_status_new (f->store, f->connection_id);
  g_assert_true (cs_sync_status_refresh (status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_IN_PROGRESS);
}

static void
test_status (SyncFixture   *f,
             gconstpointer  user_data)
{
  g_autoptr(CsSyncStatus) status = cs_sync_status_new (f->store, f->connection_id);
  g_autoptr(CsSyncCycle) cycle = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  GPtrArray *objects;
  gulong handler;

  g_assert_true (cs_sync_status_refresh (status, &error));
  g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_NEVER_RUN);
  g_assert_null (cs_sync_status_get_last_cycle (status));
  g_assert_cmpstr (cs_sync_status_get_database_path (status), ==,
                   cs_record_sync_get_database_path (f->sync));

  handler = g_signal_connect (f->sync, "notify::running", G_CALLBACK (check_in_progress), f);
  cycle = sync_run_cycle_ok (f);
  g_signal_handler_disconnect (f->sync, handler);

  cs_sync_status_refresh_async (status, NULL, cs_test_store_result, &result);
  g_assert_true (cs_sync_status_refresh_finish (status, cs_test_await (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_SYNCED);
  g_assert_cmpint (cs_sync_status_get_last_synced (status), >, 0);
  g_assert_cmpint (cs_sync_status_get_last_cycle (status)->outcome, ==, CS_SYNC_OUTCOME_COMPLETED);
  g_assert_cmpint (cs_sync_status_get_last_cycle (status)->records, ==, cycle->records);
  described = cs_sync_status_describe (status);
  g_assert_true (g_str_has_prefix (described, "Last synced"));
  g_assert_null (cs_sync_status_describe_failure (status));
  objects = cs_sync_status_get_objects (status);
  g_assert_cmpuint (objects->len, ==, 10);
  for (guint i = 0; i < objects->len; i++)
    {
      CsSyncObjectCount *count = g_ptr_array_index (objects, i);

      g_assert_cmpint (count->state, ==, CS_SYNC_OBJECT_SYNCED);
      if (g_str_equal (count->object, "Lead"))
        g_assert_cmpint (count->live, ==, 2000);
    }

  g_assert_true (cs_sync_status_set_paused (status, TRUE, &error));
  g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_PAUSED);
  g_assert_true (cs_sync_status_get_paused (status));
  g_assert_true (cs_sync_status_set_paused (status, FALSE, &error));
  g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_SYNCED);

  /* A failed cycle says why, in the history's errors too. */
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_API_DISABLED, TRUE);
  g_clear_pointer (&cycle, cs_sync_cycle_free);
  cycle = sync_run_cycle (f, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_API_DISABLED);
  g_clear_error (&error);
  g_assert_true (cs_sync_status_refresh (status, &error));
  g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_FAILED);
  g_clear_pointer (&described, g_free);
  described = cs_sync_status_describe (status);
  g_assert_true (g_str_has_prefix (described, "Failed: "));
  /* The wizard's status view: when on the state's line, why and what to
   * do apart, said once. */
  {
    g_autofree char *brief = cs_sync_status_describe_brief (status);
    g_autofree char *failure = cs_sync_status_describe_failure (status);

    g_assert_true (g_str_has_prefix (brief, "The last cycle failed less than a minute ago. Last synced "));
    g_assert_nonnull (failure);
    g_assert_cmpstr (failure, ==, cs_sync_status_get_last_cycle (status)->message);
    g_assert_null (strstr (brief, failure));
  }
  g_assert_cmpuint (cs_sync_status_get_cycles (status)->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (cs_sync_status_get_issues (status)), ==, 1);

  /* A cycle whose process died (started, never ended, no lock held): said
   * once too, by its start on the state's line, why in the bar. */
  {
    sqlite3 *db = NULL;
    g_autofree char *brief = NULL;
    g_autofree char *failure = NULL;

    /* What a cycle's start writes, as crm-sync killed right after it. */
    g_assert_cmpint (sqlite3_open (cs_record_sync_get_database_path (f->sync), &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO _sync_cycles (started) VALUES (strftime('%s', 'now'));",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    g_assert_true (cs_sync_status_refresh (status, &error));
    g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_FAILED);
    g_assert_cmpint (cs_sync_status_get_last_cycle (status)->outcome, ==, CS_SYNC_OUTCOME_INTERRUPTED);
    brief = cs_sync_status_describe_brief (status);
    failure = cs_sync_status_describe_failure (status);
    g_assert_true (g_str_has_prefix (brief, "The last cycle, started less than a minute ago, did not finish. Last synced "));
    g_assert_true (g_str_has_prefix (failure, "Its process ended before the cycle did"));
    g_assert_null (strstr (brief, "process"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, leads, func) \
  g_test_add ("/sync/engine/" name, SyncFixture, GUINT_TO_POINTER (leads), \
              sync_fixture_set_up, func, sync_fixture_tear_down)

  ADD ("first-sync", 20000, test_first_sync);
  ADD ("churn", 0, test_churn);
  ADD ("deletions-marked", 0, test_deletions_marked);
  ADD ("reconciliation", 0, test_reconciliation);
  ADD ("two-starters", 0, test_two_starters);
  ADD ("api-limit", 0, test_api_limit);
  ADD ("invalid-grant", 0, test_invalid_grant);
  ADD ("record-error", 0, test_record_error);
  ADD ("field-changes", 0, test_field_changes);
  ADD ("pause", 0, test_pause);
  ADD ("estimate", 20000, test_estimate);
  ADD ("status", 0, test_status);
  ADD ("object-failure", 0, test_object_failure);
  ADD ("rest-only", 5000, test_rest_only);

  return g_test_run ();
}
