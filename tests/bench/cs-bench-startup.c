/* cs-bench-startup.c: how fast the wizard opens, next to a bare
 * libadwaita window (cs-bench-bare-window) timed the same way in the same
 * run. Not a test: it measures and prints (or with --json, one JSON
 * object).
 *
 * Both programs are started in turn, ROUNDS times each, with GTK's GL
 * renderer and then its cairo renderer. A round is the time from just
 * before the program is spawned to the first frame painted after its
 * window is mapped, and the program's VmRSS at that moment (both printed
 * by the program itself, cs-first-frame.c, on CLOCK_MONOTONIC). The
 * program is then stopped. Medians and the wizard-to-bare ratios are
 * reported.
 *
 * build-aux/bench runs it inside build-aux/test-env (display, D-Bus
 * session, keyring), with the wizard's schema:
 *   cs-bench-startup --wizard build/src/ui/crm-sync-setup \
 *                    --bare build/tests/bench/cs-bench-bare-window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

static guint opt_rounds = 9;
static char *opt_wizard = NULL;
static char *opt_bare = NULL;
static gboolean opt_json = FALSE;
static gboolean opt_trace = FALSE;

typedef struct {
  GArray *ms;    /* double */
  GArray *rss;   /* double, MB */
} Series;

static const char * const renderers[] = { "gl", "cairo" };
enum { BARE, WIZARD, N_PROGRAMS };

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;

  g_array_sort (sorted, compare_doubles);
  if (n == 0)
    return 0;
  return n % 2 ? g_array_index (sorted, double, n / 2)
               : (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* One start of @program with @renderer; FALSE (with a message) when it
 * never painted. */
static gboolean
measure_once (const char *program,
              const char *renderer,
              double     *ms,
              double     *rss_mb)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 painted_us = 0;
  guint64 rss_kb = 0;
  gint64 start_us;

  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);
  g_subprocess_launcher_setenv (launcher, "CS_FIRST_FRAME_REPORT", "1", TRUE);

  start_us = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  if (process == NULL)
    {
      g_printerr ("%s: %s\n", program, error->message);
      return FALSE;
    }
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  /* The programs print nothing else on standard output. */
  while ((line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error)) != NULL &&
         sscanf (line, "first-frame %" G_GINT64_FORMAT " %" G_GUINT64_FORMAT, &painted_us, &rss_kb) != 2)
    g_clear_pointer (&line, g_free);
  /* Measured: no need to wait for a clean exit. */
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  if (line == NULL)
    {
      g_printerr ("%s (%s): no first frame reported\n", program, renderer);
      return FALSE;
    }
  *ms = (double) (painted_us - start_us) / 1000.0;
  *rss_mb = (double) rss_kb / 1024.0;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &opt_rounds, "Starts of each program per renderer (default 9, at least 7)", "N" },
    { "wizard", 0, 0, G_OPTION_ARG_FILENAME, &opt_wizard, "crm-sync-setup (default: $CS_CRM_SYNC_SETUP)", "PATH" },
    { "bare", 0, 0, G_OPTION_ARG_FILENAME, &opt_bare, "cs-bench-bare-window (default: $CS_BENCH_BARE_WINDOW)", "PATH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object", NULL },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &opt_trace, "Print each start's time and memory on standard error", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *programs[N_PROGRAMS];
  Series series[G_N_ELEMENTS (renderers)][N_PROGRAMS];
  g_autoptr(GString) json = g_string_new ("{");
  double load[3] = { 0, 0, 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_wizard == NULL)
    opt_wizard = g_strdup (g_getenv ("CS_CRM_SYNC_SETUP"));
  if (opt_bare == NULL)
    opt_bare = g_strdup (g_getenv ("CS_BENCH_BARE_WINDOW"));
  if (opt_wizard == NULL || opt_bare == NULL || opt_rounds < 7)
    {
      g_printerr ("--wizard and --bare (or $CS_CRM_SYNC_SETUP and $CS_BENCH_BARE_WINDOW) are required; "
                  "--rounds is at least 7\n");
      return 2;
    }
  programs[BARE] = opt_bare;
  programs[WIZARD] = opt_wizard;
  if (getloadavg (load, 3) < 0)
    load[0] = -1;

  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    for (guint p = 0; p < N_PROGRAMS; p++)
      {
        series[r][p].ms = g_array_new (FALSE, FALSE, sizeof (double));
        series[r][p].rss = g_array_new (FALSE, FALSE, sizeof (double));
      }

  /* Alternately, so that a passing load weighs on both alike. */
  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    for (guint i = 0; i < opt_rounds; i++)
      for (guint p = 0; p < N_PROGRAMS; p++)
        {
          double ms, rss;

          if (!measure_once (programs[p], renderers[r], &ms, &rss))
            return 1;
          if (opt_trace)
            g_printerr ("%s, %s, start %u: %.1f ms, %.1f MB\n", renderers[r],
                        p == BARE ? "bare window" : "wizard", i + 1, ms, rss);
          g_array_append_val (series[r][p].ms, ms);
          g_array_append_val (series[r][p].rss, rss);
        }

  if (!opt_json)
    {
      printf ("Start to first frame (medians of %u starts each, load average %.2f when it began):\n\n",
              opt_rounds, load[0]);
      printf ("| renderer | bare window | wizard | ratio | bare RSS | wizard RSS | ratio |\n");
      printf ("|---|---:|---:|---:|---:|---:|---:|\n");
    }
  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    {
      double bare_ms = median (series[r][BARE].ms), wizard_ms = median (series[r][WIZARD].ms);
      double bare_rss = median (series[r][BARE].rss), wizard_rss = median (series[r][WIZARD].rss);

      if (!opt_json)
        printf ("| %s | %.0f ms | %.0f ms | %.2f | %.0f MB | %.0f MB | %.2f |\n", renderers[r],
                bare_ms, wizard_ms, wizard_ms / bare_ms, bare_rss, wizard_rss, wizard_rss / bare_rss);
      else
        g_string_append_printf (json,
                                "%s\"startup_ratio_%s\": %.3f, \"rss_ratio_%s\": %.3f, "
                                "\"startup_bare_%s_ms\": %.1f, \"startup_wizard_%s_ms\": %.1f, "
                                "\"rss_bare_%s_mb\": %.1f, \"rss_wizard_%s_mb\": %.1f",
                                r ? ", " : "", renderers[r], wizard_ms / bare_ms, renderers[r],
                                wizard_rss / bare_rss, renderers[r], bare_ms, renderers[r], wizard_ms,
                                renderers[r], bare_rss, renderers[r], wizard_rss);
    }
  if (opt_json)
    {
      g_string_append_printf (json, ", \"startup_rounds\": %u, \"startup_load_average\": %.2f}", opt_rounds, load[0]);
      printf ("%s\n", json->str);
    }
  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    for (guint p = 0; p < N_PROGRAMS; p++)
      {
        g_array_unref (series[r][p].ms);
        g_array_unref (series[r][p].rss);
      }
  return 0;
}
