/* cs-bench.c: how fast the core is against the practice org, with a
 * simulated network latency. Not a test: it measures, prints a table and
 * asserts nothing about time. Run through build-aux/bench.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include <glib/gstdio.h>

#include "cs-test-util.h"

static const char * const standard_objects[] = {
  "Lead", "Contact", "Account", "Opportunity", "OpportunityContactRole",
  "Campaign", "CampaignMember", "User", "Task", "Event", NULL
};

static guint opt_latency_ms = 50;
static guint opt_leads = 10000;
static guint opt_rounds = 3;
static gboolean opt_json = FALSE;

typedef struct
{
  const char *key;   /* in --json: KEY_mean_ms, KEY_best_ms, KEY_round_trips */
  const char *name;
  double      best_ms;
  double      total_ms;
  guint       round_trips;
} Measure;

static void
measure_add (Measure *measure,
             gint64   start_us,
             guint    round_trips)
{
  double ms = (g_get_monotonic_time () - start_us) / 1000.0;

  if (measure->total_ms == 0 || ms < measure->best_ms)
    measure->best_ms = ms;
  measure->total_ms += ms;
  measure->round_trips = round_trips;
}

static void
print_measure (const Measure *measure,
               GString       *json)
{
  if (json != NULL)
    g_string_append_printf (json, ", \"%s_mean_ms\": %.1f, \"%s_best_ms\": %.1f, \"%s_round_trips\": %u",
                            measure->key, measure->total_ms / opt_rounds,
                            measure->key, measure->best_ms,
                            measure->key, measure->round_trips);
  else
    g_print ("| %-44s | %8.1f | %8.1f | %5u |\n",
             measure->name, measure->best_ms, measure->total_ms / opt_rounds,
             measure->round_trips);
}

/* One field sync of a connection, as "crm-sync fields" runs it: @audit
 * checks first (full describes), then records. Fails the benchmark on an
 * error: the numbers would mean nothing. */
static void
run_field_sync (CsSalesforceClient *client,
                CsFieldCatalog     *catalog,
                const char         *connection_id,
                guint               n_generated,
                gboolean            audit)
{
  g_autoptr(CsFieldSync) sync = cs_field_sync_new (client, catalog, connection_id);
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= n_generated; i++)
    {
      g_autofree char *name = g_strdup_printf ("Generated_%u__c", i);

      if (!cs_field_sync_add_custom_object (sync, name, &error))
        g_error ("%s", error->message);
    }

  if (audit)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) findings = NULL;

      cs_field_sync_check_async (sync, NULL, cs_test_store_result, &result);
      findings = cs_field_sync_check_finish (sync, cs_test_await (&result), &error);
      if (findings == NULL)
        g_error ("field sync check failed: %s", error->message);
      if (cs_access_audit_count_blocking (findings) > 0)
        g_error ("the practice org still has access problems");
    }

  {
    g_autoptr(GAsyncResult) result = NULL;

    cs_field_sync_record_async (sync, NULL, cs_test_store_result, &result);
    if (!cs_field_sync_record_finish (sync, cs_test_await (&result), NULL, &error))
      g_error ("field sync record failed: %s", error->message);
  }
}

/* First and second field sync of @n_generated custom objects plus the
 * standard ones, each round on a new catalog in a scratch database. */
static void
measure_field_sync (CsPracticeOrg      *org,
                    CsSalesforceClient *client,
                    const char         *folder,
                    guint               n_generated,
                    Measure            *first,
                    Measure            *again)
{
  static guint n_databases = 0;

  for (guint i = 0; i < opt_rounds; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench-%u.db", ++n_databases);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *connection_id = g_uuid_string_random ();
      g_autoptr(CsConnectionStore) store = NULL;
      g_autoptr(CsFieldCatalog) catalog = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start;

      store = cs_connection_store_open (path, &error);
      if (store == NULL)
        g_error ("%s", error->message);
      catalog = cs_field_catalog_new (store, &error);
      if (catalog == NULL)
        g_error ("%s", error->message);

      cs_practice_org_reset_request_counts (org);
      start = g_get_monotonic_time ();
      run_field_sync (client, catalog, connection_id, n_generated, TRUE);
      measure_add (first, start, cs_practice_org_get_request_count (org, NULL));

      /* A later run (a new CsFieldSync, as crm-sync starts afresh):
       * If-Modified-Since from the catalog, every object answers 304. */
      cs_practice_org_reset_request_counts (org);
      start = g_get_monotonic_time ();
      run_field_sync (client, catalog, connection_id, n_generated, FALSE);
      measure_add (again, start, cs_practice_org_get_request_count (org, NULL));

      g_clear_object (&catalog);
      g_clear_object (&store);
      g_unlink (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark the core against the practice org");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPracticeOrg) org = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *soql = NULL;
  Measure login = { "login", "full login (forms + code exchange)", 0, 0, 0 };
  Measure refresh = { "refresh", "token refresh", 0, 0, 0 };
  Measure describe_first = { "describe_10_first", "describe 10 objects, first sync", 0, 0, 0 };
  Measure describe_again = { "describe_10_unchanged", "describe 10 objects, unchanged (304)", 0, 0, 0 };
  Measure describe_many = { "describe_110", "describe 110 objects (100 custom)", 0, 0, 0 };
  Measure query = { "query_leads", NULL, 0, 0, 0 };
  Measure sync_first = { "field_sync_10_first", "field sync 10 objects, first (check+record)", 0, 0, 0 };
  Measure sync_again = { "field_sync_10_unchanged", "field sync 10 objects, unchanged (304)", 0, 0, 0 };
  Measure sync_first_many = { "field_sync_110_first", "field sync 110 objects, first (check+record)", 0, 0, 0 };
  Measure sync_again_many = { "field_sync_110_unchanged", "field sync 110 objects, unchanged (304)", 0, 0, 0 };
  g_autofree char *folder = NULL;
  gint64 schema_changed;
  const GOptionEntry entries[] = {
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &opt_latency_ms, "Latency the practice org adds to every answer (default 50)", "MS" },
    { "leads", 0, 0, G_OPTION_ARG_INT, &opt_leads, "Leads in the practice org (default 10000)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &opt_rounds, "Repetitions of each measure (default 3)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object instead of the table", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  opt_rounds = MAX (opt_rounds, 1);

  org = cs_test_practice_org_new (opt_leads);
  cs_practice_org_add_generated_objects (org, 100, 20);
  /* The seeded access problems would stop the field sync at its audit. */
  cs_practice_org_set_field_visible (org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (org, "Campaign", "delete", TRUE);
  schema_changed = g_get_monotonic_time ();
  cs_practice_org_set_latency_ms (org, opt_latency_ms);
  oauth = cs_oauth_client_new (cs_practice_org_get_url (org),
                               cs_practice_org_get_consumer_key (org),
                               cs_practice_org_get_consumer_secret (org));

  for (guint i = 0; i < opt_rounds; i++)
    {
      gint64 start = g_get_monotonic_time ();

      cs_practice_org_reset_request_counts (org);
      g_clear_object (&tokens);
      tokens = cs_test_login (org, oauth,
                              cs_practice_org_get_sync_username (org),
                              cs_practice_org_get_sync_password (org),
                              &error);
      if (tokens == NULL)
        g_error ("login failed: %s", error->message);
      measure_add (&login, start, cs_practice_org_get_request_count (org, NULL));
    }

  for (guint i = 0; i < opt_rounds; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(CsTokenSet) refreshed = NULL;
      gint64 start = g_get_monotonic_time ();

      cs_practice_org_reset_request_counts (org);
      cs_oauth_client_refresh_async (oauth, cs_token_set_get_refresh_token (tokens), NULL,
                                     cs_test_store_result, &result);
      refreshed = cs_oauth_client_refresh_finish (oauth, cs_test_await (&result), &error);
      if (refreshed == NULL)
        g_error ("refresh failed: %s", error->message);
      measure_add (&refresh, start, cs_practice_org_get_request_count (org, NULL));
    }

  client = cs_salesforce_client_new (oauth, tokens);
  {
    g_autoptr(GAsyncResult) result = NULL;

    cs_salesforce_client_negotiate_version_async (client, NULL, cs_test_store_result, &result);
    if (!cs_salesforce_client_negotiate_version_finish (client, cs_test_await (&result), &error))
      g_error ("version negotiation failed: %s", error->message);
  }

  /* If-Modified-Since a moment after the org's schema was last changed:
   * nothing changed since, every object answers 304. */
  now = g_date_time_new_now_utc ();
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < opt_rounds; i++)
      {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GHashTable) describes = NULL;
        gint64 start = g_get_monotonic_time ();

        cs_practice_org_reset_request_counts (org);
        cs_salesforce_client_describe_many_async (client, standard_objects, pass ? now : NULL,
                                                  NULL, cs_test_store_result, &result);
        describes = cs_salesforce_client_describe_many_finish (client, cs_test_await (&result), NULL, &error);
        if (describes == NULL)
          g_error ("describe failed: %s", error->message);
        measure_add (pass ? &describe_again : &describe_first, start,
                     cs_practice_org_get_request_count (org, NULL));
      }

  {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; standard_objects[i] != NULL; i++)
      g_ptr_array_add (names, g_strdup (standard_objects[i]));
    for (guint i = 1; i <= 100; i++)
      g_ptr_array_add (names, g_strdup_printf ("Generated_%u__c", i));
    g_ptr_array_add (names, NULL);

    for (guint i = 0; i < opt_rounds; i++)
      {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GHashTable) describes = NULL;
        gint64 start = g_get_monotonic_time ();

        cs_practice_org_reset_request_counts (org);
        cs_salesforce_client_describe_many_async (client, (const char * const *) names->pdata, NULL,
                                                  NULL, cs_test_store_result, &result);
        describes = cs_salesforce_client_describe_many_finish (client, cs_test_await (&result), NULL, &error);
        if (describes == NULL)
          g_error ("describe failed: %s", error->message);
        measure_add (&describe_many, start, cs_practice_org_get_request_count (org, NULL));
      }
  }

  query.name = g_strdup_printf ("query %u leads (2,000 a page)", opt_leads);
  soql = g_strdup ("SELECT Id, FirstName, LastName, Email, Company FROM Lead");
  for (guint i = 0; i < opt_rounds; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonArray) records = NULL;
      gint64 start = g_get_monotonic_time ();

      cs_practice_org_reset_request_counts (org);
      cs_salesforce_client_query_async (client, soql, NULL, cs_test_store_result, &result);
      records = cs_salesforce_client_query_finish (client, cs_test_await (&result), &error);
      if (records == NULL)
        g_error ("query failed: %s", error->message);
      if (json_array_get_length (records) != opt_leads)
        g_error ("query returned %u records, expected %u", json_array_get_length (records), opt_leads);
      measure_add (&query, start, cs_practice_org_get_request_count (org, NULL));
    }

  /* Describes carry one-second Last-Modified dates and the catalog asks
   * If-Modified-Since one second before its last record: a schema edited
   * less than two seconds ago is (rightly) described again. Wait that out
   * so that "unchanged" measures an unchanged org. */
  if (g_get_monotonic_time () - schema_changed < 2100 * 1000)
    g_usleep (2100 * 1000 - (g_get_monotonic_time () - schema_changed));

  folder = g_dir_make_tmp ("cs-bench-XXXXXX", &error);
  if (folder == NULL)
    g_error ("%s", error->message);
  measure_field_sync (org, client, folder, 0, &sync_first, &sync_again);
  measure_field_sync (org, client, folder, 100, &sync_first_many, &sync_again_many);
  g_rmdir (folder);

  {
    const Measure *measures[] = { &login, &refresh, &describe_first, &describe_again, &describe_many,
                                  &query, &sync_first, &sync_again, &sync_first_many, &sync_again_many };
    g_autoptr(GString) json = opt_json ? g_string_new (NULL) : NULL;

    if (json != NULL)
      g_string_append_printf (json, "{\"latency_ms\": %u, \"leads\": %u", opt_latency_ms, opt_leads);
    else
      {
        g_print ("Practice org latency %u ms per answer, %u rounds each.\n\n", opt_latency_ms, opt_rounds);
        g_print ("| %-44s | %8s | %8s | %5s |\n", "measure", "best ms", "mean ms", "trips");
        g_print ("|%s|%s|%s|%s|\n", "----------------------------------------------",
                 "---------:", "---------:", "------:");
      }
    for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
      print_measure (measures[i], json);
    if (json != NULL)
      g_print ("%s}\n", json->str);
  }

  g_free ((char *) query.name);
  return 0;
}
