/* cs-sync-plan-page.h: "Start Salesforce Sync": what the record sync will
 * do, how often, which objects with how many records, and what its first
 * cycle will cost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_SYNC_PLAN_PAGE (cs_sync_plan_page_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncPlanPage, cs_sync_plan_page, CS, SYNC_PLAN_PAGE, CsPage)

G_END_DECLS
