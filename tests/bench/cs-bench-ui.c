/* cs-bench-ui.c: how fast the review page filters a large org's fields as
 * the admin types. Not a test: it measures, prints a table and asserts
 * nothing about time. Needs a display (Xvfb) and a keyring: run it through
 * build-aux/bench, which runs it under build-aux/test-env.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "cs-page.h"
#include "cs-review-page.h"
#include "cs-review-page-private.h"
#include "cs-setup-context.h"
#include "cs-test-util.h"
#include "cs-ui.h"

static guint opt_objects = 50;
static guint opt_fields = 200;
static guint opt_rounds = 5;
static char *opt_query = NULL;

typedef struct
{
  double total_ms;
  double max_ms;
  guint  count;
} Timing;

static void
timing_add (Timing *timing,
            double  ms)
{
  timing->total_ms += ms;
  timing->max_ms = MAX (timing->max_ms, ms);
  timing->count++;
}

static double
timing_mean (const Timing *timing)
{
  return timing->count > 0 ? timing->total_ms / timing->count : 0;
}

/* Whatever the main loop has ready: layout, the column view's rows, the
 * page's idles. */
static void
run_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Lets the window draw a few frames. */
static gboolean
done_waiting_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, done_waiting_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The practice environment, logged in as the sync user and confirmed, as
 * the wizard leaves it before its review page. */
static CsSetupContext *
logged_in_context (CsPracticeOrg **org_out)
{
  g_autoptr(CsSetupContext) context = cs_setup_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *callback = NULL;
  CsPracticeOrg *org;

  cs_setup_context_set_environment (context, CS_ENVIRONMENT_PRACTICE);
  org = cs_setup_context_ensure_practice_org (context, &error);
  if (org == NULL)
    g_error ("practice org: %s", error->message);
  cs_practice_org_add_generated_objects (org, opt_objects, opt_fields);
  cs_setup_context_set_client_credentials (context,
                                           cs_practice_org_get_consumer_key (org),
                                           cs_practice_org_get_consumer_secret (org));

  authorize_uri = cs_oauth_request_build_authorize_uri (cs_setup_context_begin_authorization (context));
  callback = cs_test_drive_login (org, authorize_uri,
                                  cs_practice_org_get_sync_username (org),
                                  cs_practice_org_get_sync_password (org),
                                  TRUE, &error);
  if (callback == NULL)
    g_error ("login: %s", error->message);

  {
    g_autoptr(GAsyncResult) result = NULL;

    cs_setup_context_complete_login_async (context, callback, NULL, cs_test_store_result, &result);
    if (!cs_setup_context_complete_login_finish (context, cs_test_await (&result), &error))
      g_error ("login: %s", error->message);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    cs_setup_context_confirm_async (context, NULL, cs_test_store_result, &result);
    if (!cs_setup_context_confirm_finish (context, cs_test_await (&result), &error))
      g_error ("confirm: %s", error->message);
  }

  *org_out = org;
  return g_steal_pointer (&context);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = g_option_context_new ("— benchmark the review page's search");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSetupContext) context = NULL;
  g_autoptr(CsPage) page = NULL;
  g_autofree Timing *filter = NULL;
  g_autofree Timing *settle = NULL;
  g_autofree guint *shown = NULL;
  Timing clear_filter = { 0, 0, 0 };
  Timing clear_settle = { 0, 0, 0 };
  Timing all_filter = { 0, 0, 0 };
  Timing all_settle = { 0, 0, 0 };
  CsPracticeOrg *org = NULL;
  CsFieldSync *field_sync;
  GtkWindow *window;
  GListModel *shown_model;
  const char *query;
  gsize query_length;
  guint n_fields, n_objects;
  gint64 start;
  double check_ms;
  const GOptionEntry entries[] = {
    { "objects", 0, 0, G_OPTION_ARG_INT, &opt_objects, "Generated custom objects (default 50)", "N" },
    { "fields", 0, 0, G_OPTION_ARG_INT, &opt_fields, "Fields of each generated object (default 200)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &opt_rounds, "Times the query is typed (default 5)", "N" },
    { "query", 0, 0, G_OPTION_ARG_STRING, &opt_query, "What is typed, a character at a time (default field_123__c)", "TEXT" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  opt_rounds = MAX (opt_rounds, 1);
  query = opt_query != NULL && *opt_query != '\0' ? opt_query : "field_123__c";
  query_length = strlen (query);

  gtk_init ();
  adw_init ();
  cs_ui_init ();

  context = logged_in_context (&org);
  field_sync = cs_setup_context_get_field_sync (context, &error);
  if (field_sync == NULL)
    g_error ("field sync: %s", error->message);
  for (guint i = 1; i <= opt_objects; i++)
    {
      g_autofree char *name = g_strdup_printf ("Generated_%u__c", i);

      if (!cs_field_sync_add_custom_object (field_sync, name, &error))
        g_error ("%s", error->message);
    }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) findings = NULL;

    start = g_get_monotonic_time ();
    cs_field_sync_check_async (field_sync, NULL, cs_test_store_result, &result);
    findings = cs_field_sync_check_finish (field_sync, cs_test_await (&result), &error);
    if (findings == NULL)
      g_error ("check: %s", error->message);
    check_ms = (g_get_monotonic_time () - start) / 1000.0;
  }
  n_fields = g_list_model_get_n_items (cs_field_sync_get_fields (field_sync));
  n_objects = CS_SYNC_N_STANDARD_OBJECTS + opt_objects;

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 760);
  page = g_object_ref_sink (g_object_new (CS_TYPE_REVIEW_PAGE, "context", context, NULL));
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  start = g_get_monotonic_time ();
  cs_page_shown (page);
  cs_review_page_flush (CS_REVIEW_PAGE (page));
  run_pending ();
  g_print ("Review page: %u fields of %u objects (checked in %.0f ms, shown in %.0f ms).\n",
           n_fields, n_objects, check_ms, (g_get_monotonic_time () - start) / 1000.0);
  run_for (300);

  shown_model = cs_review_page_get_shown_model (CS_REVIEW_PAGE (page));
  if (g_list_model_get_n_items (shown_model) != n_fields)
    g_error ("the page shows %u of %u fields before any search",
             g_list_model_get_n_items (shown_model), n_fields);

  filter = g_new0 (Timing, query_length);
  settle = g_new0 (Timing, query_length);
  shown = g_new0 (guint, query_length);
  for (guint round = 0; round < opt_rounds; round++)
    {
      for (gsize i = 0; i < query_length; i++)
        {
          g_autofree char *typed = g_strndup (query, i + 1);
          gint64 after_filter;

          start = g_get_monotonic_time ();
          cs_review_page_set_search_text (CS_REVIEW_PAGE (page), typed);
          after_filter = g_get_monotonic_time ();
          run_pending ();
          timing_add (&filter[i], (after_filter - start) / 1000.0);
          timing_add (&settle[i], (g_get_monotonic_time () - start) / 1000.0);
          timing_add (&all_filter, (after_filter - start) / 1000.0);
          timing_add (&all_settle, (g_get_monotonic_time () - start) / 1000.0);
          shown[i] = g_list_model_get_n_items (shown_model);
          /* A typist's pace: the frame clock gets to draw between keys. */
          run_for (20);
        }

      {
        gint64 after_filter;

        start = g_get_monotonic_time ();
        cs_review_page_set_search_text (CS_REVIEW_PAGE (page), "");
        after_filter = g_get_monotonic_time ();
        run_pending ();
        timing_add (&clear_filter, (after_filter - start) / 1000.0);
        timing_add (&clear_settle, (g_get_monotonic_time () - start) / 1000.0);
        if (g_list_model_get_n_items (shown_model) != n_fields)
          g_error ("clearing the search shows %u of %u fields",
                   g_list_model_get_n_items (shown_model), n_fields);
        run_for (100);
      }
    }

  g_print ("Typing “%s” a character at a time, %u rounds; “filter” is the search "
           "call, “+ pending” adds the main-loop work it queued.\n\n", query, opt_rounds);
  g_print ("| %-16s | %6s | %11s | %10s | %15s | %14s |\n",
           "search text", "shown", "filter mean", "filter max", "+ pending mean", "+ pending max");
  g_print ("|%s|%s|%s|%s|%s|%s|\n", "------------------", "-------:", "------------:",
           "-----------:", "----------------:", "---------------:");
  for (gsize i = 0; i < query_length; i++)
    {
      g_autofree char *typed = g_strndup (query, i + 1);

      g_print ("| %-16s | %6u | %8.2f ms | %7.2f ms | %12.2f ms | %11.2f ms |\n",
               typed, shown[i], timing_mean (&filter[i]), filter[i].max_ms,
               timing_mean (&settle[i]), settle[i].max_ms);
    }
  g_print ("| %-16s | %6s | %8.2f ms | %7.2f ms | %12.2f ms | %11.2f ms |\n",
           "per keystroke", "", timing_mean (&all_filter), all_filter.max_ms,
           timing_mean (&all_settle), all_settle.max_ms);
  g_print ("| %-16s | %6u | %8.2f ms | %7.2f ms | %12.2f ms | %11.2f ms |\n",
           "clear search", n_fields, timing_mean (&clear_filter), clear_filter.max_ms,
           timing_mean (&clear_settle), clear_settle.max_ms);

  gtk_window_destroy (window);
  g_clear_object (&page);
  run_pending ();
  g_clear_pointer (&opt_query, g_free);
  return 0;
}
