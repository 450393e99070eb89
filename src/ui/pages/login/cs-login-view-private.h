/* cs-login-view-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <webkit/webkit.h>

#include "cs-login-view.h"

G_BEGIN_DECLS

/* The embedded view showing the login (a new one for each login). */
WebKitWebView *cs_login_view_get_web_view                (CsLoginView *self);
/* Navigations to the callback that decide-policy stopped. */
guint          cs_login_view_get_n_callbacks_intercepted (CsLoginView *self);
/* Loads of the callback URI that reached the network (committed, or failed
 * for another reason than our own policy decision): must stay 0. */
guint          cs_login_view_get_n_callback_loads        (CsLoginView *self);

G_END_DECLS
