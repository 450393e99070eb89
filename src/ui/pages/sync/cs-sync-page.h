/* cs-sync-page.h: records the field catalog, with progress and a summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_SYNC_PAGE (cs_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncPage, cs_sync_page, CS, SYNC_PAGE, CsPage)

G_END_DECLS
