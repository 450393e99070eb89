/* main.c: crm-sync-setup, the connection wizard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include <glib/gi18n.h>

#include "cs-application.h"
#include "cs-process.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CsApplication) application = NULL;
  const char *localedir = g_getenv ("CS_LOCALEDIR");

  cs_process_harden ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("CRM Sync Setup"));

  application = cs_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
