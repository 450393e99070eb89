/* cs-ui-test-util.h: waiting on the main loop, for the UI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*CsUiTestCondition) (gpointer data);

/* Iterates the main context until @condition holds; fails the test, naming
 * @what, after a minute. */
void cs_ui_test_wait_until   (CsUiTestCondition  condition,
                              gpointer           data,
                              const char        *what);

/* Lets pending idles and redraws run. */
void cs_ui_test_flush_events (void);

G_END_DECLS
