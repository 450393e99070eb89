/* cs-sync-start-page.h: "Start Sync": a confirmation, then the first
 * cycle with progress per object, and the timer that keeps the sync
 * running (or how to run it without one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_SYNC_START_PAGE (cs_sync_start_page_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncStartPage, cs_sync_start_page, CS, SYNC_START_PAGE, CsPage)

G_END_DECLS
