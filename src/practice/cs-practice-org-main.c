/* cs-practice-org-main.c: crm-sync-practice-org, a practice org on loopback.
 *
 * Prints one JSON line describing the org (URL, consumer key and secret,
 * users and passwords, mailbox URL), then serves until SIGINT or SIGTERM.
 * Lines on standard input are admin controls (cs_practice_org_run_control()),
 * each answered by one line of JSON on standard output.
 * The secrets printed are the practice org's own, made up at start: the
 * line is meant for the wizard or a test harness to read from a pipe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "cs-practice-org.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void read_control (GDataInputStream *input,
                          CsPracticeOrg    *org);

static void
on_control_line (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GDataInputStream *input = G_DATA_INPUT_STREAM (source);
  g_autoptr(CsPracticeOrg) org = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *answer = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (input, result, NULL, &error);
  /* End of input (or none at all): the org keeps serving. */
  if (line == NULL)
    {
      if (error != NULL)
        g_printerr ("Standard input: %s\n", error->message);
      return;
    }

  if (*g_strstrip (line) != '\0')
    {
      answer = cs_practice_org_run_control (org, line);
      fputs (answer, stdout);
      fputc ('\n', stdout);
      fflush (stdout);
    }
  read_control (input, org);
}

static void
read_control (GDataInputStream *input,
              CsPracticeOrg    *org)
{
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, on_control_line,
                                       g_object_ref (org));
}

int
main (int   argc,
      char *argv[])
{
  gint port = 0;
  gint latency_ms = 0;
  gint n_leads = 500;
  gint churn = 0;
  g_auto(GStrv) faults = NULL;
  g_autofree char *callback_url = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *org_name = NULL;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port on 127.0.0.1 to listen on (default: any free port)", "N" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms,
      "Delay every response by N milliseconds", "N" },
    { "leads", 0, 0, G_OPTION_ARG_INT, &n_leads,
      "Number of generated leads (default: 500)", "N" },
    { "churn", 0, 0, G_OPTION_ARG_INT, &churn,
      "Create, update and delete N records a minute at random (leads, contacts, accounts)", "N" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      "Switch a fault on (repeatable): expired-code, deny-consent, api-disabled, "
      "revoked-refresh, app-blocked, app-not-approved, rate-limit, server-error, "
      "inactive-user, session-expired, require-pkce, reject-pkce, rotate-refresh, "
      "bad-signature", "NAME" },
    { "callback-url", 0, 0, G_OPTION_ARG_STRING, &callback_url,
      "The External Client App's callback URL (default: Marketo's)", "URL" },
    { "org-id", 0, 0, G_OPTION_ARG_STRING, &org_id,
      "The organization id (15 or 18 characters starting 00D), to run a second org", "ID" },
    { "org-name", 0, 0, G_OPTION_ARG_STRING, &org_name,
      "The organization's name (default: Practice Org)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPracticeOrg) org = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GInputStream) stdin_stream = NULL;
  g_autoptr(GDataInputStream) controls = NULL;
  g_autofree char *json = NULL;
  guint i;

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Runs a Salesforce-compatible practice org on 127.0.0.1.\n"
                                "The first line on standard output is a JSON object with the "
                                "org's URL, consumer key and secret, users and mailbox URL.\n"
                                "Lines on standard input are admin controls, each answered by one "
                                "line of JSON:\n"
                                "  revoke-tokens USERNAME\n"
                                "  reset-password USERNAME NEWPASSWORD\n"
                                "  rotate-secret\n"
                                "  refresh-token-expiry SECONDS   (0: valid until revoked)\n"
                                "  fix read|create|edit|delete OBJECT   (grants the sync user's profile)\n"
                                "  fix visible OBJECT FIELD   (field-level security)");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > G_MAXUINT16 || latency_ms < 0 || n_leads < 0 || churn < 0)
    {
      g_printerr ("--port, --latency-ms, --leads and --churn take non-negative numbers (port ≤ 65535)\n");
      return 2;
    }

  org = cs_practice_org_new ((guint) n_leads);
  cs_practice_org_set_latency_ms (org, (guint) latency_ms);
  cs_practice_org_set_churn (org, (guint) churn);
  if (callback_url != NULL)
    cs_practice_org_set_callback_url (org, callback_url);
  if (org_id != NULL && !cs_practice_org_set_org_id (org, org_id))
    {
      g_printerr ("--org-id takes 15 or 18 letters and digits starting with 00D, not “%s”\n", org_id);
      return 2;
    }
  if (org_name != NULL && !cs_practice_org_set_org_name (org, org_name))
    {
      g_printerr ("--org-name takes 1 to 80 characters\n");
      return 2;
    }
  for (i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      CsPracticeFault fault;

      if (!cs_practice_fault_from_string (faults[i], &fault))
        {
          g_printerr ("Unknown fault “%s”; see --help for the list\n", faults[i]);
          return 2;
        }
      cs_practice_org_set_fault (org, fault, TRUE);
    }

  if (!cs_practice_org_listen (org, (guint) port, &error))
    {
      g_printerr ("Cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  json = cs_practice_org_to_json (org);
  fputs (json, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
  g_printerr ("Practice org listening at %s — open %s/_practice/ for users and the mailbox. "
              "Ctrl+C stops it.\n",
              cs_practice_org_get_url (org), cs_practice_org_get_url (org));

  loop = g_main_loop_new (NULL, FALSE);
  stdin_stream = g_unix_input_stream_new (0, FALSE);
  controls = g_data_input_stream_new (stdin_stream);
  read_control (controls, org);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);

  cs_practice_org_disconnect (org);
  return 0;
}
