/* cs-access-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-access-page.h"
#include "cs-message-bar.h"

G_BEGIN_DECLS

/* The check failed (network, expired login, rate limit…). */
CsMessageBar *cs_access_page_get_error_bar       (CsAccessPage *self);
/* The custom objects changed since the last check. */
CsMessageBar *cs_access_page_get_notice_bar      (CsAccessPage *self);
gboolean      cs_access_page_get_checking        (CsAccessPage *self);
/* The line above the findings: "Checking…", or what the check found. */
const char   *cs_access_page_get_summary         (CsAccessPage *self);
/* One AdwActionRow per finding, in the order shown. */
GtkListBox   *cs_access_page_get_findings_list   (CsAccessPage *self);
GtkWidget    *cs_access_page_get_check_button    (CsAccessPage *self);
AdwEntryRow  *cs_access_page_get_custom_entry    (CsAccessPage *self);
GtkWidget    *cs_access_page_get_add_button      (CsAccessPage *self);
/* The message under the entry, NULL when none is shown. */
const char   *cs_access_page_get_custom_error    (CsAccessPage *self);
/* The custom objects listed, in order. */
GStrv         cs_access_page_dup_shown_custom_objects (CsAccessPage *self);

G_END_DECLS
