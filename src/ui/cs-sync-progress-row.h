/* cs-sync-progress-row.h: one object of a running record sync cycle in a
 * boxed list: what it is doing, records so far, time left, and a progress
 * bar while it reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-core.h"

G_BEGIN_DECLS

#define CS_TYPE_SYNC_PROGRESS_ROW (cs_sync_progress_row_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncProgressRow, cs_sync_progress_row, CS, SYNC_PROGRESS_ROW, AdwActionRow)

/* Follows @progress until the row goes away. */
GtkWidget            *cs_sync_progress_row_new          (CsSyncObjectProgress *progress);
CsSyncObjectProgress *cs_sync_progress_row_get_progress (CsSyncProgressRow    *self);

/* The whole cycle in words ("1,200 of 5,000 records, about 2 minutes
 * left", "1,200 records so far") in @label, and in @bar (pulsing while the
 * total is unknown). */
void                  cs_sync_progress_show_cycle       (CsRecordSync         *record_sync,
                                                         GtkLabel             *label,
                                                         GtkProgressBar       *bar);

/* Fills @list with a row per item of @progress (CsSyncObjectProgress), and
 * again whenever the model changes (a new cycle). */
void                  cs_sync_progress_bind_list        (GtkListBox           *list,
                                                         GListModel           *progress);

G_END_DECLS
