/* cs-external-app-page.h: how to create the External Client App in
 * Salesforce, value by value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_EXTERNAL_APP_PAGE (cs_external_app_page_get_type ())
G_DECLARE_FINAL_TYPE (CsExternalAppPage, cs_external_app_page, CS, EXTERNAL_APP_PAGE, CsPage)

/* Where "Open App Manager in Your Browser" goes for @login_host: the login
 * page, which continues to Setup's App Manager once logged in. */
char *cs_external_app_page_build_app_manager_uri (const char *login_host);

G_END_DECLS
