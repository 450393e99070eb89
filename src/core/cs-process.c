/* cs-process.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cs-process.h"

gboolean
cs_process_harden (void)
{
  struct rlimit no_core = { 0, 0 };
  gboolean ok = TRUE;

  if (setrlimit (RLIMIT_CORE, &no_core) != 0)
    ok = FALSE;
  /* Also keeps systemd-coredump from collecting the process. */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    ok = FALSE;
  return ok;
}

GApplication *
cs_process_hold_application (void)
{
  GApplication *application = g_application_get_default ();

  if (application == NULL)
    return NULL;
  g_application_hold (application);
  return g_object_ref (application);
}

void
cs_process_release_application (GApplication *application)
{
  if (application == NULL)
    return;
  g_application_release (application);
  g_object_unref (application);
}
