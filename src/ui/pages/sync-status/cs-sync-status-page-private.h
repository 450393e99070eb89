/* cs-sync-status-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-message-bar.h"
#include "cs-sync-status-page.h"

G_BEGIN_DECLS

/* The status read last, NULL before. */
CsSyncStatus   *cs_sync_status_page_get_status      (CsSyncStatusPage *self);
/* Reading the status, or a Sync Now in this window. */
gboolean        cs_sync_status_page_get_busy        (CsSyncStatusPage *self);
/* A read to come: every second while a cycle runs, or a second after
 * another process wrote to the sync database. */
gboolean        cs_sync_status_page_get_read_scheduled (CsSyncStatusPage *self);
/* The state's title as shown ("Last Synced"…). */
const char     *cs_sync_status_page_get_state_text  (CsSyncStatusPage *self);
/* The line under it ("Last synced 5 minutes ago."…). */
const char     *cs_sync_status_page_get_description_text (CsSyncStatusPage *self);
CsMessageBar   *cs_sync_status_page_get_message_bar (CsSyncStatusPage *self);
GtkButton      *cs_sync_status_page_get_sync_now_button (CsSyncStatusPage *self);
GtkButton      *cs_sync_status_page_get_pause_button    (CsSyncStatusPage *self);
GtkButton      *cs_sync_status_page_get_resume_button   (CsSyncStatusPage *self);
/* One row per synced object. */
GtkListBox     *cs_sync_status_page_get_objects_list (CsSyncStatusPage *self);
/* The error list's filter: its search entry, its kind (0 all, 1 job
 * errors, 2 record errors) and object (0 all, then the objects by name)
 * drop-downs, and the errors it lets through. */
GtkEditable    *cs_sync_status_page_get_search_entry (CsSyncStatusPage *self);
GtkDropDown    *cs_sync_status_page_get_kind_filter  (CsSyncStatusPage *self);
GtkDropDown    *cs_sync_status_page_get_object_filter (CsSyncStatusPage *self);
GListModel     *cs_sync_status_page_get_shown_issues (CsSyncStatusPage *self);

G_END_DECLS
