/* cs-external-app-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_EXTERNAL_APP_PAGE (cs_external_app_page_get_type ())
G_DECLARE_FINAL_TYPE (CsExternalAppPage, cs_external_app_page, CS, EXTERNAL_APP_PAGE, CsPage)

G_END_DECLS
