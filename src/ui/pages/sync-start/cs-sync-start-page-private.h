/* cs-sync-start-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-copy-row.h"
#include "cs-message-bar.h"
#include "cs-sync-start-page.h"

G_BEGIN_DECLS

/* The confirmation's button. */
GtkButton      *cs_sync_start_page_get_start_button  (CsSyncStartPage *self);
/* The first cycle runs. */
gboolean        cs_sync_start_page_get_running       (CsSyncStartPage *self);
/* The first cycle ended well. */
gboolean        cs_sync_start_page_get_completed     (CsSyncStartPage *self);
/* The units are being installed. */
gboolean        cs_sync_start_page_get_installing    (CsSyncStartPage *self);
CsMessageBar   *cs_sync_start_page_get_error_bar     (CsSyncStartPage *self);
/* What became of the timer, NULL before. */
const char     *cs_sync_start_page_get_service_text  (CsSyncStartPage *self);
/* Sets the timer up again after it failed (shown then). */
GtkButton      *cs_sync_start_page_get_install_button (CsSyncStartPage *self);
/* The "crm-sync sync --watch" row, shown without a systemd user session. */
CsCopyRow      *cs_sync_start_page_get_watch_row     (CsSyncStartPage *self);
/* One row per object of the cycle. */
GtkListBox     *cs_sync_start_page_get_progress_list (CsSyncStartPage *self);

G_END_DECLS
