/* cs-login-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <webkit/webkit.h>

#include "cs-login-page.h"
#include "cs-message-bar.h"

G_BEGIN_DECLS

/* The embedded view currently showing the login (a new one after each
 * "Log In Again"). */
WebKitWebView *cs_login_page_get_web_view               (CsLoginPage *self);
CsMessageBar  *cs_login_page_get_message_bar            (CsLoginPage *self);
/* Navigations to the callback that decide-policy stopped. */
guint          cs_login_page_get_n_callbacks_intercepted (CsLoginPage *self);
/* Loads of the callback URI that reached the network (committed, or failed
 * for another reason than our own policy decision): must stay 0. */
guint          cs_login_page_get_n_callback_loads        (CsLoginPage *self);
/* "web", "checking", "done", "stopped" or "unavailable". */
const char    *cs_login_page_get_state_name              (CsLoginPage *self);

G_END_DECLS
