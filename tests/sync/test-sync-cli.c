/* test-sync-cli.c: crm-sync sync, status, pause and resume against a
 * connection stored as the wizard stores it, with this process serving the
 * practice org; kill -9 at random moments and two starters at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "cs-field-catalog.h"
#include "cs-sync-lock.h"
#include "sync-test-common.h"

#define EXIT_SYNC_RUNNING 6

typedef struct {
  GSubprocess *process;
  char        *out;
  char        *err;
  gboolean     done;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->process);
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* Starts crm-sync @arguments… while this process serves the org. */
static Run *
start (const char *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  const char *program = g_getenv ("CS_CRM_SYNC");
  va_list args;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  va_start (args, first);
  for (const char *argument = first; argument != NULL; argument = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) argument);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                    &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (run->process, NULL, NULL, communicated, run);
  return run;
}

static gboolean
time_is_up (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Serves the org until @run ends or @ms have passed; whether it ended. */
static gboolean
serve_for (Run  *run,
           guint ms)
{
  gboolean up = FALSE;
  guint timer = g_timeout_add (ms, time_is_up, &up);

  while (!run->done && !up)
    g_main_context_iteration (NULL, TRUE);
  if (!up)
    g_source_remove (timer);
  return run->done;
}

static int
finish (Run *run)
{
  g_assert_true (serve_for (run, SYNC_CYCLE_TIMEOUT_SECONDS * 1000));
  if (g_test_verbose ())
    g_test_message ("%s%s", run->out, run->err);
  g_assert_true (g_subprocess_get_if_exited (run->process));
  return g_subprocess_get_exit_status (run->process);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
set_database_setting (SyncFixture *f,
                      guint        bulk_threshold,
                      guint        bulk_page)
{
  g_autoptr(CsSyncDatabase) database = sync_database (f);

  g_assert_true (cs_sync_database_set_bulk_threshold (database, bulk_threshold, NULL));
  g_assert_true (cs_sync_database_set_bulk_page_records (database, bulk_page, NULL));
}

/* A first sync, its JSON summary and status; the copy equals the org. */
static void
test_sync_and_status (SyncFixture   *f,
                      gconstpointer  user_data)
{
  g_autoptr(Run) sync = start ("sync", f->connection_id, "--json", NULL);
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) status = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) state = NULL;
  JsonArray *objects;

  g_assert_cmpint (finish (sync), ==, 0);
  summary = parse_object (sync->out);
  g_assert_cmpstr (json_object_get_string_member (summary, "outcome"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (summary, "database"), ==,
                   cs_record_sync_get_database_path (f->sync));
  g_assert_cmpint (json_object_get_int_member (summary, "records"), >, 2000);
  objects = json_object_get_array_member (summary, "objects");
  g_assert_cmpuint (json_array_get_length (objects), ==, 10);
  sync_assert_all_equal (f);

  /* Text on a pipe: a line per object, then the summary. */
  again = start ("sync", NULL);
  g_assert_cmpint (finish (again), ==, 0);
  g_assert_nonnull (strstr (again->out, "Lead"));
  g_assert_nonnull (strstr (again->out, "unchanged"));
  /* The first run recorded the API version: the check is all it costs. */
  g_assert_nonnull (strstr (again->out, " 1 API calls"));

  status = start ("status", "--json", NULL);
  g_assert_cmpint (finish (status), ==, 0);
  state = parse_object (status->out);
  g_assert_cmpstr (json_object_get_string_member (state, "state"), ==, "synced");
  g_assert_cmpstr (json_object_get_string_member (state, "database"), ==,
                   cs_record_sync_get_database_path (f->sync));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "last_cycle"),
                                                  "outcome"), ==, "completed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "objects")), ==, 10);
}

/* Another sync of the connection is running: the second starter says so
 * at once (exit 6), exactly one cycle runs. */
static void
test_two_starters (SyncFixture   *f,
                   gconstpointer  user_data)
{
  g_autoptr(Run) first = NULL;
  g_autoptr(Run) second = NULL;
  g_autoptr(Run) status = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(CsSyncStatus) sync_status = NULL;
  gint64 deadline;

  cs_practice_org_set_latency_ms (f->org, 100);
  first = start ("sync", f->connection_id, NULL);
  /* Until the first is seen running. */
  sync_status = cs_sync_status_new (f->store, f->connection_id);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  do
    {
      serve_for (first, 20);
      g_assert_true (cs_sync_status_refresh (sync_status, NULL));
    }
  while (cs_sync_status_get_state (sync_status) != CS_SYNC_STATE_IN_PROGRESS &&
         g_get_monotonic_time () < deadline);
  g_assert_false (first->done);

  second = start ("sync", f->connection_id, NULL);
  g_assert_cmpint (finish (second), ==, EXIT_SYNC_RUNNING);
  g_assert_nonnull (strstr (second->err, "already running"));
  g_assert_false (first->done);
  g_assert_cmpint (finish (first), ==, 0);

  g_assert_true (cs_sync_status_refresh (sync_status, NULL));
  g_assert_cmpuint (cs_sync_status_get_cycles (sync_status)->len, ==, 1);
  cs_practice_org_set_latency_ms (f->org, 0);
  sync_assert_all_equal (f);
}

/* kill -9 at random moments, with the org changing in between: the
 * database stays intact, the next cycle completes, nothing is lost or
 * duplicated. */
static void
test_kill_at_random (SyncFixture   *f,
                     gconstpointer  user_data)
{
  g_autoptr(Run) last = NULL;
  sqlite3 *db;
  sqlite3_stmt *check = NULL;
  guint killed = 0;

  /* Many pages, each a transaction: Bulk API pages of 500 leads, a first
   * load that several runs share. */
  set_database_setting (f, 1000, 500);
  cs_practice_org_set_latency_ms (f->org, 40);

  for (guint round = 0; killed < 10 && round < 40; round++)
    {
      g_autoptr(Run) run = start ("sync", f->connection_id, NULL);

      if (!serve_for (run, (guint) g_test_rand_int_range (30, 400)))
        {
          g_subprocess_force_exit (run->process);
          g_assert_true (serve_for (run, 20000));
          g_assert_true (g_subprocess_get_if_signaled (run->process));
          g_assert_cmpint (g_subprocess_get_term_sig (run->process), ==, SIGKILL);
          killed++;
        }

      db = sync_open_database (f);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check;", -1, &check, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (check), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (check, 0), ==, "ok");
      sqlite3_finalize (check);
      sqlite3_close (db);

      cs_practice_org_churn (f->org, 40);
    }
  g_assert_cmpuint (killed, >=, 10);

  cs_practice_org_set_latency_ms (f->org, 0);
  last = start ("sync", f->connection_id, NULL);
  g_assert_cmpint (finish (last), ==, 0);
  sync_assert_all_equal (f);
}

/* Errors of the cycle and of records, listed by status --errors. */
static void
test_status_errors (SyncFixture   *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = cs_practice_org_get_value (f->org, "Lead", 5, "Id");
  g_autoptr(Run) first = start ("sync", NULL);
  g_autoptr(Run) second = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(Run) json = NULL;
  g_autoptr(JsonObject) state = NULL;
  JsonArray *errors;
  gboolean listed = FALSE;

  g_assert_cmpint (finish (first), ==, 0);
  cs_practice_org_set_field_type (f->org, "Lead", "mkto71_Lead_Score__c", "string");
  g_assert_true (cs_practice_org_update_record (f->org, "Lead", json_node_get_string (bad),
                                                "{\"mkto71_Lead_Score__c\":\"very high\"}", &error));
  second = start ("sync", NULL);
  g_assert_cmpint (finish (second), ==, 0);
  g_assert_nonnull (strstr (second->out, "1 skipped"));

  text = start ("status", "--errors", NULL);
  g_assert_cmpint (finish (text), ==, 0);
  g_assert_nonnull (strstr (text->out, json_node_get_string (bad)));
  g_assert_nonnull (strstr (text->out, "very high"));

  json = start ("status", "--errors", "--json", NULL);
  g_assert_cmpint (finish (json), ==, 0);
  state = parse_object (json->out);
  errors = json_object_get_array_member (state, "errors");
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *entry = json_array_get_object_element (errors, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "kind"), "record") != 0)
        continue;
      listed = TRUE;
      g_assert_cmpstr (json_object_get_string_member (entry, "record_id"), ==, json_node_get_string (bad));
      g_assert_cmpstr (json_object_get_string_member (entry, "object"), ==, "Lead");
    }
  g_assert_true (listed);
}

/* Exit statuses: 3 when the authorization is dead, 2 for an object the
 * catalog lacks; pause and resume. */
static void
test_exit_statuses (SyncFixture   *f,
                    gconstpointer  user_data)
{
  g_autoptr(Run) unknown = start ("sync", "--object", "Nothing__c", NULL);
  g_autoptr(Run) paused = NULL;
  g_autoptr(Run) pause = NULL;
  g_autoptr(Run) resume = NULL;
  g_autoptr(Run) only = NULL;
  g_autoptr(Run) revoked = NULL;
  g_autoptr(JsonObject) summary = NULL;

  g_autoptr(Run) both = start ("sync", "--once", "--watch", NULL);
  g_autoptr(Run) stray = start ("status", "--watch", NULL);

  g_assert_cmpint (finish (unknown), ==, 2);
  g_assert_nonnull (strstr (unknown->err, "Nothing__c"));
  g_assert_cmpint (finish (both), ==, 2);
  g_assert_nonnull (strstr (both->err, "--once and --watch"));
  g_assert_cmpint (finish (stray), ==, 2);
  g_assert_nonnull (strstr (stray->err, "--watch does not apply"));

  pause = start ("pause", NULL);
  g_assert_cmpint (finish (pause), ==, 0);
  paused = start ("sync", NULL);
  g_assert_cmpint (finish (paused), ==, 0);
  g_assert_nonnull (strstr (paused->out, "paused"));
  resume = start ("resume", NULL);
  g_assert_cmpint (finish (resume), ==, 0);

  only = start ("sync", "--object", "Account", "--json", NULL);
  g_assert_cmpint (finish (only), ==, 0);
  summary = parse_object (only->out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "objects")), ==, 1);

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  revoked = start ("sync", NULL);
  g_assert_cmpint (finish (revoked), ==, 3);
  g_assert_nonnull (strstr (revoked->err, "Log in"));
}

/* Forgetting the connection deletes its sync database; while a cycle
 * holds the lock, forget says so (exit 6) before it changes anything, and
 * succeeds once the cycle ends. */
static void
test_forget (SyncFixture   *f,
             gconstpointer  user_data)
{
  const char *path = cs_record_sync_get_database_path (f->sync);
  g_autofree char *lock_path = cs_sync_lock_path_for (path);
  g_autoptr(Run) sync = start ("sync", "--object", "Account", NULL);
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) forget = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  gint64 catalog_rows;
  g_autoptr(Run) status = NULL;
  g_autoptr(CsSyncLock) lock = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (finish (sync), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  catalog = cs_field_catalog_new (f->store, &error);
  g_assert_no_error (error);
  catalog_rows = cs_field_catalog_count (catalog, f->connection_id, NULL);
  g_assert_cmpint (catalog_rows, >, 0);

  lock = cs_sync_lock_acquire (path, &error);
  g_assert_no_error (error);
  refused = start ("forget", f->connection_id, NULL);
  g_assert_cmpint (finish (refused), ==, EXIT_SYNC_RUNNING);
  g_assert_nonnull (strstr (refused->err, "nothing was changed"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&lock, cs_sync_lock_release);

  /* Nothing changed: the token still works (it was not revoked, its
   * keyring items are there) and the field catalog is whole. */
  check = start ("check", f->connection_id, NULL);
  g_assert_cmpint (finish (check), ==, 0);
  g_assert_cmpint (cs_field_catalog_count (catalog, f->connection_id, NULL), ==, catalog_rows);

  forget = start ("forget", f->connection_id, NULL);
  g_assert_cmpint (finish (forget), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));

  status = start ("status", f->connection_id, NULL);
  g_assert_cmpint (finish (status), ==, 1);
  g_assert_nonnull (strstr (status->err, f->connection_id));
}

/* The credential review says when the record sync last completed a
 * cycle: never before the first, then a time. */
static void
test_credentials_last_record_sync (SyncFixture   *f,
                                   gconstpointer  user_data)
{
  g_autoptr(Run) before = start ("credentials", f->connection_id, "--json", NULL);
  g_autoptr(Run) sync = NULL;
  g_autoptr(Run) after = NULL;
  g_autoptr(JsonObject) before_json = NULL;
  g_autoptr(JsonObject) after_json = NULL;
  JsonObject *connection;

  g_assert_cmpint (finish (before), ==, 0);
  before_json = parse_object (before->out);
  connection = json_array_get_object_element (json_object_get_array_member (before_json, "connections"), 0);
  g_assert_true (json_object_get_null_member (connection, "last_record_sync"));

  sync = start ("sync", "--object", "Account", NULL);
  g_assert_cmpint (finish (sync), ==, 0);

  after = start ("credentials", f->connection_id, "--json", NULL);
  g_assert_cmpint (finish (after), ==, 0);
  after_json = parse_object (after->out);
  connection = json_array_get_object_element (json_object_get_array_member (after_json, "connections"), 0);
  g_assert_nonnull (json_object_get_string_member (connection, "last_record_sync"));
}

/* --watch runs cycles until SIGTERM, which ends it with exit 0. */
static void
test_watch (SyncFixture   *f,
            gconstpointer  user_data)
{
  g_autoptr(Run) watch = start ("sync", "--watch", NULL);
  g_autoptr(CsSyncStatus) status = cs_sync_status_new (f->store, f->connection_id);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      serve_for (watch, 100);
      g_assert_true (cs_sync_status_refresh (status, NULL));
      if (cs_sync_status_get_state (status) == CS_SYNC_STATE_SYNCED)
        break;
    }
  g_assert_cmpint (cs_sync_status_get_state (status), ==, CS_SYNC_STATE_SYNCED);
  g_assert_false (watch->done);
  g_subprocess_send_signal (watch->process, SIGTERM);
  g_assert_cmpint (finish (watch), ==, 0);
  g_assert_nonnull (strstr (watch->out, "Next cycle in 5 minutes"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, leads, func) \
  g_test_add ("/sync/cli/" name, SyncFixture, GUINT_TO_POINTER (leads), \
              sync_fixture_set_up_stored, func, sync_fixture_tear_down_stored)

  ADD ("sync-and-status", 0, test_sync_and_status);
  ADD ("two-starters", 0, test_two_starters);
  ADD ("kill-at-random", 20000, test_kill_at_random);
  ADD ("status-errors", 0, test_status_errors);
  ADD ("exit-statuses", 0, test_exit_statuses);
  ADD ("watch", 0, test_watch);
  ADD ("forget", 0, test_forget);
  ADD ("credentials-last-record-sync", 0, test_credentials_last_record_sync);

  return g_test_run ();
}
