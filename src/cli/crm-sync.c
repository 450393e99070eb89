/* crm-sync.c: the command-line side of CRM Sync Setup, for admins who
 * script and for machines without a desktop. Secrets come from the keyring
 * or from standard input: none is ever read from or printed to the command
 * line. Each command lives in a file of its own (cs-cli-*.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cs-cli.h"
#include "cs-process.h"

/* Which options a command takes (bits), beyond --json. */
enum {
  OPTION_OBJECT       = 1 << 0,
  OPTION_NO_AUDIT     = 1 << 1,
  OPTION_NAME         = 1 << 2,
  OPTION_LOGIN_URL    = 1 << 3,
  OPTION_CONSUMER_KEY = 1 << 4,
  OPTION_NO_PKCE      = 1 << 5,
  OPTION_REVEAL       = 1 << 6,
  OPTION_FORCE        = 1 << 7,
  OPTION_ONCE         = 1 << 8,
  OPTION_WATCH        = 1 << 9,
  OPTION_API_RESERVE  = 1 << 10,
  OPTION_ERRORS       = 1 << 11,
};

typedef enum {
  NAME_NONE,       /* no NAME */
  NAME_REQUIRED,
  NAME_OPTIONAL,
} NameUse;

typedef struct {
  const char *command;
  NameUse     name_use;
  guint       options;
  int       (*run_named) (const char *name);
  int       (*run) (void);
  /* Uses a stored connection the way the sync does: a refusal (exit 3) is
   * worth a desktop notification. Repairs and listings are not. */
  gboolean    notifies;
} Command;

static const Command commands[] = {
  { "connections",    NAME_NONE,     0, NULL, cs_cli_command_connections, FALSE },
  { "credentials",    NAME_OPTIONAL, OPTION_REVEAL, cs_cli_command_credentials, NULL, FALSE },
  { "connect",        NAME_NONE,     OPTION_NAME | OPTION_LOGIN_URL | OPTION_CONSUMER_KEY | OPTION_NO_PKCE,
                                     NULL, cs_cli_command_connect, FALSE },
  { "reauthorize",    NAME_REQUIRED, OPTION_LOGIN_URL | OPTION_CONSUMER_KEY | OPTION_NO_PKCE,
                                     cs_cli_command_reauthorize, NULL, FALSE },
  { "replace-secret", NAME_REQUIRED, OPTION_CONSUMER_KEY, cs_cli_command_replace_secret, NULL, FALSE },
  { "check",          NAME_REQUIRED, 0, cs_cli_command_check, NULL, TRUE },
  { "test",           NAME_REQUIRED, 0, cs_cli_command_test, NULL, TRUE },
  { "fields",         NAME_OPTIONAL, OPTION_OBJECT | OPTION_NO_AUDIT, cs_cli_command_fields, NULL, TRUE },
  { "forget",         NAME_REQUIRED, OPTION_FORCE, cs_cli_command_forget, NULL, FALSE },
  { "sync",           NAME_OPTIONAL, OPTION_OBJECT | OPTION_ONCE | OPTION_WATCH | OPTION_API_RESERVE,
                                     cs_cli_command_sync, NULL, TRUE },
  { "status",         NAME_OPTIONAL, OPTION_ERRORS, cs_cli_command_status, NULL, FALSE },
  { "pause",          NAME_OPTIONAL, 0, cs_cli_command_pause, NULL, FALSE },
  { "resume",         NAME_OPTIONAL, 0, cs_cli_command_resume, NULL, FALSE },
};

/* The first option given that @command does not take, or NULL. */
static const char *
stray_option (const Command *command)
{
  const CsCliOptions *o = &cs_cli_options;
  const struct { gboolean given; guint bit; const char *name; } all[] = {
    { o->objects != NULL,      OPTION_OBJECT,       "--object" },
    { o->no_audit,             OPTION_NO_AUDIT,     "--no-audit" },
    { o->name != NULL,         OPTION_NAME,         "--name" },
    { o->login_url != NULL,    OPTION_LOGIN_URL,    "--login-url" },
    { o->consumer_key != NULL, OPTION_CONSUMER_KEY, "--consumer-key" },
    { o->no_pkce,              OPTION_NO_PKCE,      "--no-pkce" },
    { o->reveal != NULL,       OPTION_REVEAL,       "--reveal" },
    { o->force,                OPTION_FORCE,        "--force" },
    { o->once,                 OPTION_ONCE,         "--once" },
    { o->watch,                OPTION_WATCH,        "--watch" },
    { o->api_reserve >= 0,     OPTION_API_RESERVE,  "--api-reserve" },
    { o->errors,               OPTION_ERRORS,       "--errors" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i].given && (command->options & all[i].bit) == 0)
      return all[i].name;
  return NULL;
}

static int
usage (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s", help);
  return CS_EXIT_USAGE;
}

static int
run_command (GOptionContext *context,
             int             argc,
             char          **argv)
{
  const char *word = argc > 1 ? argv[1] : "connections";
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const Command *command = &commands[i];
      const char *stray;
      int n_names = argc - 2;

      if (!g_str_equal (word, command->command))
        continue;

      stray = stray_option (command);
      if (stray != NULL)
        {
          /* Translators: first %s is an option such as --force, second a command */
          g_printerr (_("crm-sync: %s does not apply to “%s”.\n"), stray, command->command);
          return usage (context);
        }
      if (n_names > 1 || (n_names == 1 && command->name_use == NAME_NONE) ||
          (n_names == 0 && command->name_use == NAME_REQUIRED))
        return usage (context);

      if (command->run != NULL)
        return command->run ();
      status = command->run_named (n_names == 1 ? argv[2] : NULL);
      if (status == CS_EXIT_REAUTHORIZE && command->notifies)
        cs_cli_notify_reauthorization (n_names == 1 ? argv[2] : NULL);
      return status;
    }

  /* Translators: %s is the word given as a command */
  g_printerr (_("crm-sync: unknown command “%s”.\n"), word);
  return usage (context);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  CsCliOptions *o = &cs_cli_options;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print JSON instead of text"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name,
      N_("connect: the new connection’s name (default: from the sync user’s username)"), N_("NAME") },
    { "login-url", 0, 0, G_OPTION_ARG_STRING, &o->login_url,
      N_("connect, reauthorize: the login host (https://login.salesforce.com, https://test.salesforce.com or the My Domain)"),
      N_("URL") },
    { "consumer-key", 0, 0, G_OPTION_ARG_STRING, &o->consumer_key,
      N_("connect, reauthorize, replace-secret: the External Client App’s consumer key (its secret comes from standard input)"),
      N_("KEY") },
    { "no-pkce", 0, 0, G_OPTION_ARG_NONE, &o->no_pkce,
      N_("connect, reauthorize: log in without PKCE (for an app that does not take it)"), NULL },
    { "reveal", 0, 0, G_OPTION_ARG_STRING, &o->reveal,
      N_("credentials: also print the consumer secret (or key), on a terminal only"), N_("consumer-secret") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &o->force,
      N_("forget: remove everything even when the refresh token could not be revoked"), NULL },
    { "object", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->objects,
      N_("fields: also sync this custom object; sync: sync only this object (repeatable)"), N_("NAME__c") },
    { "no-audit", 0, 0, G_OPTION_ARG_NONE, &o->no_audit,
      N_("fields: record without checking the sync user’s access first"), NULL },
    { "once", 0, 0, G_OPTION_ARG_NONE, &o->once, N_("sync: run one cycle (the default)"), NULL },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &o->watch,
      N_("sync: run a cycle, wait 5 minutes after its end, run the next, until stopped"), NULL },
    { "api-reserve", 0, 0, G_OPTION_ARG_INT, &o->api_reserve,
      N_("sync: keep this share of the org’s daily API requests unused (default 10, remembered)"),
      N_("PERCENT") },
    { "errors", 0, 0, G_OPTION_ARG_NONE, &o->errors,
      N_("status: also list the job and record errors of the last 5 days"), NULL },
    { NULL }
  };
  int status;

  o->api_reserve = -1;
  cs_process_harden ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CS_LOCALEDIR") ? g_getenv ("CS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [NAME]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Commands:\n"
      "  connections          List the stored connections and how they are doing\n"
      "  connect              Set up a new connection: --login-url URL --consumer-key KEY\n"
      "                       [--name NAME]; the consumer secret, then the address the\n"
      "                       browser ends on, come from standard input\n"
      "  reauthorize NAME     Log in again for a stored connection (same org only;\n"
      "                       --consumer-key KEY for a new app, --login-url URL)\n"
      "  replace-secret NAME  Replace the consumer secret (and --consumer-key), proved by\n"
      "                       a token refresh; the secret comes from standard input\n"
      "  credentials [NAME]   What is stored, where, and what is wrong\n"
      "  check NAME           Refresh the stored authorization and show who it logs in as\n"
      "  test NAME            Refresh, who it logs in as, and today’s API requests\n"
      "  fields [NAME]        Check the sync user’s access, then record the fields it sees\n"
      "                       in the field catalog (--object NAME__c, --no-audit)\n"
      "  forget NAME          Revoke the authorization and delete everything of the\n"
      "                       connection (--force: even when revoking fails)\n"
      "  sync [NAME]          Copy the synced objects’ records into the connection’s sync\n"
      "                       database: one cycle, or one every 5 minutes with --watch\n"
      "                       (--object NAME, --api-reserve PERCENT)\n"
      "  status [NAME]        Where the sync database is, how the sync is doing, records\n"
      "                       per object (--errors: the errors of the last 5 days)\n"
      "  pause [NAME]         Stop the sync until “resume” (a running cycle stops after\n"
      "                       its page)\n"
      "  resume [NAME]        Let the sync run again\n"
      "\n"
      "NAME is a connection’s name or id; where it is optional, the command works on\n"
      "the only connection when there is one. Secrets are read from the keyring or\n"
      "standard input, never from the command line.\n"
      "\n"
      "Exit status: 0 done, 1 failed, 2 wrong usage, 3 the stored authorization no\n"
      "longer works (run “crm-sync reauthorize NAME” or CRM Sync Setup), 4 the sync\n"
      "user’s access has problems that block the sync (fix them in Salesforce; nothing\n"
      "was recorded), 5 the login went to another org than the connection’s (nothing\n"
      "changed), 6 another sync of the connection is running (nothing done)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("crm-sync: %s\n", error->message);
      return CS_EXIT_USAGE;
    }

  status = run_command (context, argc, argv);

  g_clear_pointer (&o->objects, g_strfreev);
  g_clear_pointer (&o->name, g_free);
  g_clear_pointer (&o->login_url, g_free);
  g_clear_pointer (&o->consumer_key, g_free);
  g_clear_pointer (&o->reveal, g_free);
  return status;
}
