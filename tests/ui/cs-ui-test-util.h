/* cs-ui-test-util.h: waiting on the main loop, for the UI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-practice-org.h"
#include "cs-setup-context.h"

G_BEGIN_DECLS

typedef gboolean (*CsUiTestCondition) (gpointer data);

/* Iterates the main context until @condition holds; fails the test, naming
 * @what, after a minute. */
void cs_ui_test_wait_until   (CsUiTestCondition  condition,
                              gpointer           data,
                              const char        *what);

/* Lets pending idles and redraws run. */
void cs_ui_test_flush_events (void);

/* A practice org of 500 leads in the test's own process, for the tests
 * that drive its API: @context uses it as its practice org, through the
 * same first line and control lines crm-sync-practice-org speaks on its
 * pipes (the environment becomes "practice"). The org is the context's:
 * it goes with it. */
CsPracticeOrg *cs_ui_test_attach_practice_org (CsSetupContext *context);
/* The same, its app's callback URL @callback_url. */
CsPracticeOrg *cs_ui_test_attach_practice_org_with_callback (CsSetupContext *context,
                                                             const char     *callback_url);

G_END_DECLS
