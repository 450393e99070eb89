/* cs-access-page.h: the sync user’s access, as step 2 of the guide asks: the findings, blocking ones first, each with its fix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_ACCESS_PAGE (cs_access_page_get_type ())
G_DECLARE_FINAL_TYPE (CsAccessPage, cs_access_page, CS, ACCESS_PAGE, CsPage)

G_END_DECLS
