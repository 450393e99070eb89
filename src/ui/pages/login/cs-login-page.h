/* cs-login-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_LOGIN_PAGE (cs_login_page_get_type ())
G_DECLARE_FINAL_TYPE (CsLoginPage, cs_login_page, CS, LOGIN_PAGE, CsPage)

G_END_DECLS
