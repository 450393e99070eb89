/* cs-login-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-login-page.h"
#include "cs-login-view.h"
#include "cs-message-bar.h"

G_BEGIN_DECLS

/* The view the admin logs in in (cs-login-view-private.h has its web
 * view). */
CsLoginView   *cs_login_page_get_login_view             (CsLoginPage *self);
CsMessageBar  *cs_login_page_get_message_bar            (CsLoginPage *self);
/* "web", "checking", "done", "stopped" or "unavailable". */
const char    *cs_login_page_get_state_name              (CsLoginPage *self);

/* The code the practice panel shows, from the practice org's mailbox
 * ("" while none). */
const char    *cs_login_page_get_practice_code          (CsLoginPage *self);

G_END_DECLS
