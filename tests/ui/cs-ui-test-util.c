/* cs-ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-ui-test-util.h"

/* Longer than any single step takes, even under the sanitizers. */
#define WAIT_TIMEOUT_S 60

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
cs_ui_test_wait_until (CsUiTestCondition  condition,
                       gpointer           data,
                       const char        *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Waited %d s in vain for %s", WAIT_TIMEOUT_S, what);
  g_source_remove (id);
}

void
cs_ui_test_flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
