/* cs-sync-plan-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-message-bar.h"
#include "cs-sync-plan-page.h"

G_BEGIN_DECLS

/* Counting the records in Salesforce. */
gboolean        cs_sync_plan_page_get_estimating (CsSyncPlanPage *self);
/* The estimate shown, or NULL. */
const CsSyncEstimate *cs_sync_plan_page_get_estimate (CsSyncPlanPage *self);
CsMessageBar   *cs_sync_plan_page_get_error_bar  (CsSyncPlanPage *self);
/* One AdwActionRow per object. */
GtkListBox     *cs_sync_plan_page_get_objects_list (CsSyncPlanPage *self);

G_END_DECLS
