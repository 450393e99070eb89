/* cs-sync-status-page.h: "Sync Status": Last Synced / Sync in Progress /
 * Failed, the objects' counts, the job and record errors of the last 5
 * days (filtered by object, kind and text), Sync Now, Pause and Resume.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_SYNC_STATUS_PAGE (cs_sync_status_page_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncStatusPage, cs_sync_status_page, CS, SYNC_STATUS_PAGE, CsPage)

G_END_DECLS
