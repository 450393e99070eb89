/* cs-prerequisites-page.h: the checklist before the Salesforce side, and
 * the sync user's username.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_PREREQUISITES_PAGE (cs_prerequisites_page_get_type ())
G_DECLARE_FINAL_TYPE (CsPrerequisitesPage, cs_prerequisites_page, CS, PREREQUISITES_PAGE, CsPage)

G_END_DECLS
