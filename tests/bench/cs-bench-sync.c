/* cs-bench-sync.c: how fast the record sync is against the practice org,
 * with a simulated latency, next to a straightforward client. Not a test:
 * it measures, prints a table (or one line of JSON with --json) and
 * asserts nothing about time. Run through build-aux/bench.
 *
 * The practice org runs in this process; what is measured runs in a child
 * process of its own, so that its peak memory is its own:
 *  - the record sync is crm-sync sync, as the timer runs it: the first
 *    sync through REST queries only, the first sync with the Bulk API for
 *    the leads, then a cycle on the unchanged org;
 *  - the straightforward client is this program with --straightforward:
 *    it pages each object's REST query and inserts the records one by one
 *    (a statement prepared per record, a transaction per page), as most
 *    scripts do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cs-test-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static guint opt_latency_ms = 50;
static guint opt_leads = 200000;
static gboolean opt_json = FALSE;
static gboolean opt_straightforward = FALSE;
static gboolean opt_bulk_only = FALSE;

typedef struct {
  const char *key;
  const char *name;
  double      seconds;
  gint64      records;
  guint       round_trips;
  gint64      peak_kb;
} Measure;

/* ---- the straightforward client (child) ------------------------------------------------ */

static JsonNode *
get_json (CsSalesforceClient *client,
          const char         *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  cs_salesforce_client_request_async (client, "GET", path, NULL, NULL, NULL, cs_test_store_result, &result);
  root = cs_salesforce_client_request_finish (client, cs_test_await (&result), NULL, &error);
  if (root == NULL)
    g_error ("GET failed: %s", error != NULL ? error->message : "empty answer");
  return root;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQLite: %s", message);
}

/* What a script does: page the query, insert each record. */
static gint64
copy_object (CsSalesforceClient *client,
             sqlite3            *db,
             const char         *object,
             GPtrArray          *fields)
{
  g_autoptr(GString) select = g_string_new (NULL);
  g_autoptr(GString) create = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  gint64 copied = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      CsCatalogField *field = g_ptr_array_index (fields, i);

      if (field->status != CS_CATALOG_FIELD_SYNCED || g_str_equal (field->type, "address") ||
          g_str_equal (field->type, "location"))
        continue;
      g_string_append_printf (select, "%s%s", select->len > 0 ? ", " : "", field->api_name);
      g_string_append_printf (create, "%s\"%s\"%s", create->len > 0 ? ", " : "", field->api_name,
                              g_str_equal (field->api_name, "Id") ? " TEXT PRIMARY KEY" : "");
    }
  {
    g_autofree char *sql = g_strdup_printf ("CREATE TABLE \"%s\" (%s);", object, create->str);

    exec_or_die (db, sql);
  }

  g_string_prepend (select, "SELECT ");
  g_string_append_printf (select, " FROM %s", object);
  escaped = g_uri_escape_string (select->str, NULL, FALSE);
  path = g_strdup_printf ("/services/data/v%s/query?q=%s", cs_salesforce_client_get_api_version (client),
                          escaped);

  while (path != NULL)
    {
      g_autoptr(JsonNode) page = get_json (client, path);
      JsonObject *answer = json_node_get_object (page);
      JsonArray *records = json_object_get_array_member (answer, "records");

      exec_or_die (db, "BEGIN;");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);
          g_autoptr(GString) columns = g_string_new (NULL);
          g_autoptr(GString) marks = g_string_new (NULL);
          g_autoptr(GList) members = json_object_get_members (record);
          g_autoptr(sqlite3_stmt) stmt = NULL;
          g_autofree char *sql = NULL;
          int n = 0;

          for (GList *l = members; l != NULL; l = l->next)
            if (!g_str_equal (l->data, "attributes"))
              {
                g_string_append_printf (columns, "%s\"%s\"", n > 0 ? ", " : "", (char *) l->data);
                g_string_append_printf (marks, "%s?", n > 0 ? ", " : "");
                n++;
              }
          sql = g_strdup_printf ("INSERT OR REPLACE INTO \"%s\" (%s) VALUES (%s);", object,
                                 columns->str, marks->str);
          if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
            g_error ("SQLite: %s", sqlite3_errmsg (db));
          n = 0;
          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonNode *value;

              if (g_str_equal (l->data, "attributes"))
                continue;
              value = json_object_get_member (record, l->data);
              n++;
              if (JSON_NODE_HOLDS_VALUE (value))
                {
                  GValue gvalue = G_VALUE_INIT;
                  g_autofree char *text = NULL;

                  json_node_get_value (value, &gvalue);
                  if (G_VALUE_HOLDS_STRING (&gvalue))
                    text = g_value_dup_string (&gvalue);
                  else
                    text = g_strdup_value_contents (&gvalue);
                  g_value_unset (&gvalue);
                  sqlite3_bind_text (stmt, n, text, -1, SQLITE_TRANSIENT);
                }
            }
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_error ("SQLite: %s", sqlite3_errmsg (db));
          copied++;
        }
      exec_or_die (db, "COMMIT;");

      g_clear_pointer (&path, g_free);
      if (!json_object_get_boolean_member_with_default (answer, "done", TRUE))
        path = g_strdup (json_object_get_string_member (answer, "nextRecordsUrl"));
    }
  return copied;
}

/* The child: reads the instance URL and an access token from stdin (never
 * the command line), copies every object of the catalog, prints what it
 * did as JSON. */
static int
run_straightforward (const char *store_path,
                     const char *connection_id,
                     const char *database_path)
{
  g_autoptr(GError) error = NULL;
  char instance_url[512] = { 0 };
  char access_token[512] = { 0 };
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_auto(GStrv) objects = NULL;
  struct rusage usage;
  sqlite3 *db = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 records = 0;

  if (fgets (instance_url, sizeof instance_url, stdin) == NULL ||
      fgets (access_token, sizeof access_token, stdin) == NULL)
    g_error ("expected the instance URL and an access token on stdin");
  g_strstrip (instance_url);
  g_strstrip (access_token);

  store = cs_connection_store_open (store_path, &error);
  g_assert_no_error (error);
  catalog = cs_field_catalog_new (store, &error);
  g_assert_no_error (error);
  objects = cs_field_catalog_list_objects (catalog, connection_id, &error);
  g_assert_no_error (error);

  oauth = cs_oauth_client_new (instance_url, "unused", "unused");
  tokens = cs_token_set_new (access_token, NULL, instance_url, NULL);
  client = cs_salesforce_client_new (oauth, tokens);
  cs_salesforce_client_set_api_version (client, "64.0");

  g_unlink (database_path);
  if (sqlite3_open (database_path, &db) != SQLITE_OK)
    g_error ("cannot open %s", database_path);
  exec_or_die (db, "PRAGMA journal_mode = WAL;");
  for (guint i = 0; objects[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) fields = cs_field_catalog_list (catalog, connection_id, objects[i], &error);

      g_assert_no_error (error);
      records += copy_object (client, db, objects[i], fields);
    }
  sqlite3_close (db);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("{\"records\": %" G_GINT64_FORMAT ", \"seconds\": %.3f}\n", records,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return 0;
}

/* ---- the parent ----------------------------------------------------------------------------- */

typedef struct {
  GPid     pid;
  gboolean done;
  int      status;
  gint64   peak_kb;
} Child;

/* The child's peak memory (VmHWM, which, unlike the rusage's maxrss,
 * starts again at exec and does not count this process's pages it was
 * forked with). */
static void
read_peak (Child *child)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", child->pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, "VmHWM:")) == NULL)
    return;
  child->peak_kb = MAX (child->peak_kb, g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10));
}

static gboolean
reap (gpointer user_data)
{
  Child *child = user_data;
  pid_t pid;

  read_peak (child);
  pid = waitpid (child->pid, &child->status, WNOHANG);
  if (pid == child->pid)
    {
      child->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Runs @argv while serving the org; its stdout, peak memory and time. */
static char *
run_child (const char * const  *argv,
           const char          *input,
           Measure             *measure)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out_channel = NULL;
  g_autofree char *output = NULL;
  Child child = { 0 };
  int in_fd = -1, out_fd = -1;
  gint64 started = g_get_monotonic_time ();

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &child.pid, input != NULL ? &in_fd : NULL, &out_fd, NULL, &error))
    g_error ("%s", error->message);
  if (input != NULL)
    {
      if (write (in_fd, input, strlen (input)) < 0)
        g_error ("writing to the child: %s", g_strerror (errno));
      close (in_fd);
    }
  g_timeout_add (2, reap, &child);
  while (!child.done)
    g_main_context_iteration (NULL, TRUE);

  measure->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  measure->peak_kb = child.peak_kb;
  out_channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (out_channel, TRUE);
  g_io_channel_read_to_end (out_channel, &output, NULL, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (child.status) || WEXITSTATUS (child.status) != 0)
    g_error ("%s failed (status %d): %s", argv[0], child.status, output);
  return g_steal_pointer (&output);
}

static JsonObject *
parse_output (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("unreadable output: %s\n%s", error->message, text);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
set_threshold (const char *database_path,
               guint       threshold)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncDatabase) database = cs_sync_database_open (database_path, &error);

  g_assert_no_error (error);
  g_assert_true (cs_sync_database_set_bulk_threshold (database, threshold, &error));
}

/* crm-sync sync, as the timer runs it. */
static void
measure_crm_sync (CsPracticeOrg *org,
                  const char    *crm_sync,
                  const char    *connection_id,
                  Measure       *measure)
{
  const char *argv[] = { crm_sync, "sync", connection_id, "--json", NULL };
  g_autofree char *output = NULL;
  g_autoptr(JsonObject) summary = NULL;

  cs_practice_org_reset_request_counts (org);
  output = run_child (argv, NULL, measure);
  summary = parse_output (output);
  if (g_strcmp0 (json_object_get_string_member (summary, "outcome"), "completed") != 0)
    g_error ("the sync did not complete: %s", output);
  measure->records = json_object_get_int_member (summary, "records");
  measure->round_trips = cs_practice_org_get_request_count (org, NULL);
}

static void
print_row (const Measure *measure)
{
  g_autofree char *rate = measure->records > 0
                          ? g_strdup_printf ("%.0f", measure->records / measure->seconds) : g_strdup ("-");

  g_print ("| %-58s | %9.2f | %9" G_GINT64_FORMAT " | %9s | %6u | %7.1f |\n", measure->name,
           measure->seconds, measure->records, rate, measure->round_trips, measure->peak_kb / 1024.0);
}

/* "record_sync_KEY_…" members: flat, as the other benchmarks' numbers are
 * in build-aux/bench's merged summary. */
static void
add_measure (GString       *json,
             const Measure *measure)
{
  if (measure->seconds <= 0)  /* not measured (--bulk-only) */
    return;
  g_string_append_printf (json, ", \"record_sync_%s_seconds\": %.2f", measure->key, measure->seconds);
  g_string_append_printf (json, ", \"record_sync_%s_records\": %" G_GINT64_FORMAT, measure->key,
                          measure->records);
  g_string_append_printf (json, ", \"record_sync_%s_records_per_second\": %.0f", measure->key,
                          measure->records / measure->seconds);
  g_string_append_printf (json, ", \"record_sync_%s_round_trips\": %u", measure->key, measure->round_trips);
  g_string_append_printf (json, ", \"record_sync_%s_peak_memory_kb\": %" G_GINT64_FORMAT, measure->key,
                          measure->peak_kb);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the record sync against the practice org");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPracticeOrg) org = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(CsFieldSync) field_sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *database_path = NULL;
  g_autofree char *naive_path = NULL;
  g_autofree char *crm_sync = NULL;
  g_autofree char *self_path = NULL;
  char *store_arg = NULL, *connection_arg = NULL, *database_arg = NULL;
  Measure rest = { "first_sync_rest", "first sync, REST queries only" };
  Measure bulk = { "first_sync_bulk", "first sync, Bulk API 2.0 for the leads" };
  Measure unchanged = { "unchanged_cycle", "cycle on the unchanged org" };
  Measure naive = { "first_sync_straightforward", "first sync, straightforward client (REST, a row at a time)" };
  const GOptionEntry entries[] = {
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &opt_latency_ms, "Latency the practice org adds to every answer (default 50)", "MS" },
    { "leads", 0, 0, G_OPTION_ARG_INT, &opt_leads, "Leads in the practice org (default 200000)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one line of JSON instead of the table", NULL },
    { "bulk-only", 0, 0, G_OPTION_ARG_NONE, &opt_bulk_only,
      "Only the Bulk API sync and the unchanged cycle (for very large orgs)", NULL },
    { "straightforward", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_straightforward, NULL, NULL },
    { "store", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &store_arg, NULL, NULL },
    { "connection", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &connection_arg, NULL, NULL },
    { "database", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &database_arg, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (opt_straightforward)
    return run_straightforward (store_arg, connection_arg, database_arg);

  crm_sync = g_strdup (g_getenv ("CS_CRM_SYNC"));
  if (crm_sync == NULL)
    g_error ("Set CS_CRM_SYNC to the crm-sync program (build-aux/bench does)");
  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);

  org = cs_test_practice_org_new (opt_leads);
  oauth = cs_oauth_client_new (cs_practice_org_get_url (org), cs_practice_org_get_consumer_key (org),
                               cs_practice_org_get_consumer_secret (org));
  tokens = cs_test_login (org, oauth, cs_practice_org_get_sync_username (org),
                          cs_practice_org_get_sync_password (org), &error);
  g_assert_no_error (error);
  client = cs_salesforce_client_new (oauth, tokens);

  /* A connection as the wizard leaves it, its fields recorded. */
  store = cs_connection_store_open (NULL, &error);
  g_assert_no_error (error);
  connection = cs_connection_new (cs_practice_org_get_url (org), "practice");
  connection->org_id = g_strdup (cs_practice_org_get_org_id (org));
  connection->username = g_strdup (cs_practice_org_get_sync_username (org));
  connection->api_version = g_strdup ("64.0");
  connection->confirmed = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (cs_connection_store_save (store, connection, &error));
  key = cs_secret_key_new (connection->id, connection->login_host, connection->org_id, connection->username);
  g_assert_true (cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_CONSUMER_KEY,
                                             cs_practice_org_get_consumer_key (org), NULL, &error));
  g_assert_true (cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_CONSUMER_SECRET,
                                             cs_practice_org_get_consumer_secret (org), NULL, &error));
  g_assert_true (cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_REFRESH_TOKEN,
                                             cs_token_set_get_refresh_token (tokens), NULL, &error));
  g_assert_no_error (error);
  catalog = cs_field_catalog_new (store, &error);
  g_assert_no_error (error);
  field_sync = cs_field_sync_new (client, catalog, connection->id);
  cs_field_sync_record_async (field_sync, NULL, cs_test_store_result, &result);
  g_assert_true (cs_field_sync_record_finish (field_sync, cs_test_await (&result), NULL, &error));
  g_assert_no_error (error);

  cs_practice_org_set_latency_ms (org, opt_latency_ms);
  database_path = cs_sync_database_path_for (cs_connection_store_get_path (store), connection->id);
  naive_path = g_strconcat (database_path, ".straightforward", NULL);

  /* REST only: a threshold no object reaches. */
  if (!opt_bulk_only)
    {
      set_threshold (database_path, G_MAXUINT);
      measure_crm_sync (org, crm_sync, connection->id, &rest);
      g_assert_true (cs_sync_database_delete_files (cs_connection_store_get_path (store), connection->id, &error));
    }

  measure_crm_sync (org, crm_sync, connection->id, &bulk);
  measure_crm_sync (org, crm_sync, connection->id, &unchanged);

  if (!opt_bulk_only)
  {
    const char *child_argv[] = { self_path, "--straightforward", "--store", cs_connection_store_get_path (store),
                                 "--connection", connection->id, "--database", naive_path, NULL };
    g_autofree char *input = g_strdup_printf ("%s\n%s\n", cs_token_set_get_instance_url (tokens),
                                              cs_token_set_get_access_token (tokens));
    g_autofree char *output = NULL;
    g_autoptr(JsonObject) summary = NULL;

    cs_practice_org_reset_request_counts (org);
    output = run_child (child_argv, input, &naive);
    summary = parse_output (output);
    naive.records = json_object_get_int_member (summary, "records");
    naive.round_trips = cs_practice_org_get_request_count (org, NULL);
    g_unlink (naive_path);
    {
      g_autofree char *wal = g_strconcat (naive_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (naive_path, "-shm", NULL);

      g_unlink (wal);
      g_unlink (shm);
    }
  }

  g_assert_true (cs_record_sync_forget (store, connection->id, &error));
  g_assert_true (cs_secret_store_clear_sync (secrets, connection->id, NULL, &error));
  g_assert_true (cs_connection_store_remove (store, connection->id, &error));

  if (opt_json)
    {
      g_autoptr(GString) json = g_string_new (NULL);

      g_string_append_printf (json, "{\"record_sync_latency_ms\": %u, \"record_sync_leads\": %u",
                              opt_latency_ms, opt_leads);
      add_measure (json, &rest);
      add_measure (json, &bulk);
      add_measure (json, &unchanged);
      add_measure (json, &naive);
      if (!opt_bulk_only)
        g_string_append_printf (json, ", \"record_sync_speedup_bulk\": %.2f, \"record_sync_speedup_rest\": %.2f",
                                naive.seconds / bulk.seconds, naive.seconds / rest.seconds);
      g_print ("%s}\n", json->str);
      return 0;
    }

  {
    struct rusage usage;

    getrusage (RUSAGE_SELF, &usage);
    g_print ("Practice org: %u leads, latency %u ms per answer, %.0f MB at its peak (with this "
             "benchmark); each measure in a process of its own.\n\n",
             opt_leads, opt_latency_ms, usage.ru_maxrss / 1024.0);
  }
  g_print ("| %-58s | %9s | %9s | %9s | %6s | %7s |\n", "measure", "seconds", "records", "records/s",
           "trips", "peak MB");
  g_print ("|%s|%s|%s|%s|%s|%s|\n", "------------------------------------------------------------",
           "-----------:", "-----------:", "-----------:", "-------:", "--------:");
  if (!opt_bulk_only)
    print_row (&rest);
  print_row (&bulk);
  print_row (&unchanged);
  if (opt_bulk_only)
    return 0;
  print_row (&naive);
  g_print ("\nThe record sync is %.1f× as fast as the straightforward client with the Bulk API, "
           "%.1f× through REST queries only.\n", naive.seconds / bulk.seconds, naive.seconds / rest.seconds);
  return 0;
}
