/* cs-sync-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-sync-page.h"
#include "cs-message-bar.h"

G_BEGIN_DECLS

typedef enum {
  CS_SYNC_PAGE_COUNT_NEW,
  CS_SYNC_PAGE_COUNT_UNCHANGED,
  CS_SYNC_PAGE_COUNT_RESUMED,
  CS_SYNC_PAGE_COUNT_NO_LONGER_SYNCED,
  CS_SYNC_PAGE_COUNT_TYPE_CHANGED,
} CsSyncPageCount;

/* Recording failed. */
CsMessageBar   *cs_sync_page_get_error_bar    (CsSyncPage      *self);
gboolean        cs_sync_page_get_recording    (CsSyncPage      *self);
GtkProgressBar *cs_sync_page_get_progress_bar (CsSyncPage      *self);
/* "Nothing was recorded" after a failure. */
gboolean        cs_sync_page_get_failed_shown (CsSyncPage      *self);
/* "N fields are now recorded…", NULL while not shown. */
const char     *cs_sync_page_get_done_text    (CsSyncPage      *self);
/* A count of the summary as shown ("12"). */
const char     *cs_sync_page_get_count_text   (CsSyncPage      *self,
                                               CsSyncPageCount  count);
/* One AdwActionRow per object that answered. */
GtkListBox     *cs_sync_page_get_objects_list (CsSyncPage      *self);

G_END_DECLS
