/* cs-bench-ui.c: how fast the review page filters a large org's fields as
 * the admin types. Not a test: it measures, prints a table (or with --json
 * one JSON object) and asserts nothing about time. Needs a display (Xvfb)
 * and a keyring: run it through build-aux/bench, which runs it under
 * build-aux/test-env.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>
#include <time.h>

#include <adwaita.h>

#include "cs-page.h"
#include "cs-review-page.h"
#include "cs-review-page-private.h"
#include "cs-setup-context.h"
#include "cs-test-util.h"
#include "cs-ui.h"
#include "cs-ui-test-util.h"

static guint opt_objects = 50;
static guint opt_fields = 200;
static guint opt_rounds = 5;
static char *opt_query = NULL;
static gboolean opt_json = FALSE;
static gboolean opt_trace = FALSE;
static guint opt_repaints = 200;
static guint n_frames = 0;
static gint64 paint_start = 0;
static gint64 last_paint_end = 0;
static gint64 first_paint_end = 0;  /* of the first frame after a change */
static guint first_paint_after = G_MAXUINT;

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  paint_start = g_get_monotonic_time ();
}

/* Frames drawn, and with --trace how long each took to draw. */
static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  n_frames++;
  last_paint_end = g_get_monotonic_time ();
  if (n_frames == first_paint_after + 1)
    first_paint_end = last_paint_end;
  if (opt_trace)
    g_printerr ("  a frame drawn in %.1f ms\n", (g_get_monotonic_time () - paint_start) / 1000.0);
}

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

/* What one change of the search costs. */
typedef struct
{
  Timing filter;   /* the search call */
  Timing pending;  /* + what the main loop then had ready */
  Timing drawn;    /* until the window drew a frame with the change */
} Costs;

/* Whatever the main loop has ready: the page's idles, and layout and
 * drawing when a frame is due. */
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

static void
print_costs (const char  *text,
             guint        shown,
             const Costs *costs)
{
  g_autofree char *count = shown != G_MAXUINT ? g_strdup_printf ("%u", shown) : g_strdup ("");

  g_print ("| %-15s | %6s | %8.2f ms | %7.2f ms | %12.2f ms | %11.2f ms | %8.2f ms | %7.2f ms |\n",
           text, count, timing_mean (&costs->filter), costs->filter.max_ms,
           timing_mean (&costs->pending), costs->pending.max_ms,
           timing_mean (&costs->drawn), costs->drawn.max_ms);
}

typedef struct
{
  double wall_ms;      /* the frame, from before-paint to after-paint */
  double cpu_ms;       /* the whole process: main thread and llvmpipe's */
  double main_cpu_ms;  /* the main thread alone */
} Repaints;

static gint64
cpu_us (clockid_t clock)
{
  struct timespec now;

  clock_gettime (clock, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* Repaints the whole window @n times with almost nothing changing: the
 * colour of one label's text goes back and forth. Under Xvfb, GTK 4.8's
 * GL renderer repaints every pixel of the window at each frame (see the
 * README), so this is what every keystroke's frame costs at least. The
 * focus leaves the search entry first, so that its cursor adds no frames
 * of its own. */
static void
measure_repaints (GtkWindow    *window,
                  CsReviewPage *page,
                  guint         n,
                  Repaints     *repaints)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkWidget *victim = GTK_WIDGET (cs_review_page_get_confirm_check (page));
  gint64 cpu_start, main_cpu_start;

  gtk_css_provider_load_from_data (provider, ".cs-bench-repaint label { color: #3d3846; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_focus (window, NULL);
  run_for (500);

  *repaints = (Repaints) { 0, 0, 0 };
  cpu_start = cpu_us (CLOCK_PROCESS_CPUTIME_ID);
  main_cpu_start = cpu_us (CLOCK_THREAD_CPUTIME_ID);
  for (guint i = 0; i < n; i++)
    {
      guint frames_before = n_frames;

      if (i % 2 == 0)
        gtk_widget_add_css_class (victim, "cs-bench-repaint");
      else
        gtk_widget_remove_css_class (victim, "cs-bench-repaint");
      while (n_frames == frames_before)
        g_main_context_iteration (NULL, TRUE);
      repaints->wall_ms += (last_paint_end - paint_start) / 1000.0;
    }
  repaints->cpu_ms = (cpu_us (CLOCK_PROCESS_CPUTIME_ID) - cpu_start) / 1000.0 / n;
  repaints->main_cpu_ms = (cpu_us (CLOCK_THREAD_CPUTIME_ID) - main_cpu_start) / 1000.0 / n;
  repaints->wall_ms /= n;

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
}

/* Waits until the frame clock would draw at once: a frame drawn less than
 * a refresh interval ago would make the next one wait, and the wait is no
 * work of the page. */
static void
wait_until_quiet (void)
{
  while (g_get_monotonic_time () - last_paint_end < 17000)
    run_for (MAX ((17000 - (g_get_monotonic_time () - last_paint_end)) / 1000, 1));
}

static gboolean
frame_timeout_cb (gpointer user_data)
{
  g_error ("no frame drawn within a second of a change of the search");
  return G_SOURCE_REMOVE;
}

/* Types @text in the search as one change, and adds its costs to each of
 * @costs. */
static void
measure_search (CsReviewPage *page,
                const char   *text,
                Costs       **costs,
                guint         n_costs,
                guint         round)
{
  guint frames_before;
  gint64 start, after_filter, after_pending;
  guint timeout_id;

  wait_until_quiet ();
  frames_before = first_paint_after = n_frames;
  start = g_get_monotonic_time ();
  cs_review_page_set_search_text (page, text);
  after_filter = g_get_monotonic_time ();
  run_pending ();
  after_pending = g_get_monotonic_time ();
  timeout_id = g_timeout_add_seconds (1, frame_timeout_cb, NULL);
  while (n_frames == frames_before)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);

  for (guint i = 0; i < n_costs; i++)
    {
      timing_add (&costs[i]->filter, (after_filter - start) / 1000.0);
      timing_add (&costs[i]->pending, (after_pending - start) / 1000.0);
      /* The first frame after the change, in run_pending() or after it. */
      timing_add (&costs[i]->drawn, (first_paint_end - start) / 1000.0);
    }
  if (opt_trace)
    g_printerr ("round %u, “%s”: filter %.1f ms, + pending %.1f ms (%u frames), drawn %.1f ms\n",
                round, text, (after_filter - start) / 1000.0, (after_pending - start) / 1000.0,
                n_frames - frames_before, (first_paint_end - start) / 1000.0);
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
  org = cs_ui_test_attach_practice_org (context);
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
  g_autofree Costs *per_text = NULL;
  g_autofree guint *shown = NULL;
  Costs typing = { { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } };
  Costs clearing = { { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } };
  Repaints repaints = { 0, 0, 0 };
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
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object instead of the table", NULL },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &opt_trace, "Print each keystroke's times on standard error", NULL },
    { "repaints", 0, 0, G_OPTION_ARG_INT, &opt_repaints, "Repaints of the whole window measured after the typing (default 200, 0 for none)", "N" },
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
  /* The table or the JSON object alone on standard output. */
  g_printerr ("Review page: %u fields of %u objects (checked in %.0f ms, shown in %.0f ms).\n",
              n_fields, n_objects, check_ms, (g_get_monotonic_time () - start) / 1000.0);
  run_for (300);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint",
                    G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);

  shown_model = cs_review_page_get_shown_model (CS_REVIEW_PAGE (page));
  if (g_list_model_get_n_items (shown_model) != n_fields)
    g_error ("the page shows %u of %u fields before any search",
             g_list_model_get_n_items (shown_model), n_fields);

  per_text = g_new0 (Costs, query_length);
  shown = g_new0 (guint, query_length);
  for (guint round = 0; round < opt_rounds; round++)
    {
      for (gsize i = 0; i < query_length; i++)
        {
          g_autofree char *typed = g_strndup (query, i + 1);
          Costs *costs[] = { &per_text[i], &typing };

          measure_search (CS_REVIEW_PAGE (page), typed, costs, G_N_ELEMENTS (costs), round);
          shown[i] = g_list_model_get_n_items (shown_model);
          /* A typist's pace: the frame clock gets to draw between keys. */
          run_for (20);
        }

      {
        Costs *costs[] = { &clearing };

        measure_search (CS_REVIEW_PAGE (page), "", costs, G_N_ELEMENTS (costs), round);
        if (g_list_model_get_n_items (shown_model) != n_fields)
          g_error ("clearing the search shows %u of %u fields",
                   g_list_model_get_n_items (shown_model), n_fields);
        run_for (100);
      }
    }

  if (opt_repaints > 0)
    measure_repaints (window, CS_REVIEW_PAGE (page), opt_repaints, &repaints);

  if (opt_json)
    {
      /* A keystroke's cost is until the window shows it: "drawn". */
      g_print ("{\"search_fields\": %u, \"search_rounds\": %u, "
               "\"search_keystroke_mean_ms\": %.2f, \"search_keystroke_max_ms\": %.2f, "
               "\"search_keystroke_filter_mean_ms\": %.2f, \"search_keystroke_filter_max_ms\": %.2f, "
               "\"search_keystroke_pending_mean_ms\": %.2f, \"search_keystroke_pending_max_ms\": %.2f, "
               "\"search_clear_mean_ms\": %.2f, \"search_clear_max_ms\": %.2f",
               n_fields, opt_rounds,
               timing_mean (&typing.drawn), typing.drawn.max_ms,
               timing_mean (&typing.filter), typing.filter.max_ms,
               timing_mean (&typing.pending), typing.pending.max_ms,
               timing_mean (&clearing.drawn), clearing.drawn.max_ms);
      if (opt_repaints > 0)
        g_print (", \"repaint_count\": %u, \"repaint_mean_ms\": %.2f, \"repaint_cpu_ms\": %.2f, "
                 "\"repaint_main_cpu_ms\": %.2f",
                 opt_repaints, repaints.wall_ms, repaints.cpu_ms, repaints.main_cpu_ms);
      g_print ("}\n");
    }
  else
    {
      g_print ("Review page: %u fields of %u objects.\n", n_fields, n_objects);
      g_print ("Typing “%s” a character at a time, %u rounds. “Filter” is the search call, "
               "“+ pending” adds the main-loop work it queued, “drawn” is the time until the "
               "window drew a frame with the change.\n\n", query, opt_rounds);
      g_print ("| %-15s | %6s | %11s | %10s | %15s | %14s | %11s | %10s |\n",
               "search text", "shown", "filter mean", "filter max", "+ pending mean", "+ pending max",
               "drawn mean", "drawn max");
      g_print ("|%s|%s|%s|%s|%s|%s|%s|%s|\n", "-----------------", "-------:", "------------:",
               "-----------:", "----------------:", "---------------:", "------------:", "-----------:");
      for (gsize i = 0; i < query_length; i++)
        {
          g_autofree char *typed = g_strndup (query, i + 1);

          print_costs (typed, shown[i], &per_text[i]);
        }
      print_costs ("every keystroke", G_MAXUINT, &typing);
      print_costs ("clear search", n_fields, &clearing);
      if (opt_repaints > 0)
        g_print ("\nA repaint of the whole window with almost nothing changing, %u of them: "
                 "%.2f ms to draw, %.2f ms of CPU (%.2f ms of it on the main thread).\n",
                 opt_repaints, repaints.wall_ms, repaints.cpu_ms, repaints.main_cpu_ms);
    }

  gtk_window_destroy (window);
  g_clear_object (&page);
  run_pending ();
  g_clear_pointer (&opt_query, g_free);
  return 0;
}
