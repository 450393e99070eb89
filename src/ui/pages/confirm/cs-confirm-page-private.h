/* cs-confirm-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-confirm-page.h"
#include "cs-message-bar.h"

G_BEGIN_DECLS

/* Warnings: logged in as someone else than the sync user; an administrator. */
CsMessageBar   *cs_confirm_page_get_user_bar         (CsConfirmPage *self);
CsMessageBar   *cs_confirm_page_get_admin_bar        (CsConfirmPage *self);
/* Confirming failed (keyring locked…). */
CsMessageBar   *cs_confirm_page_get_error_bar        (CsConfirmPage *self);
/* "Use X as the sync user anyway"; visible only with a warning. */
GtkCheckButton *cs_confirm_page_get_acknowledge_check (CsConfirmPage *self);
/* The username as shown. */
const char     *cs_confirm_page_get_shown_username   (CsConfirmPage *self);

G_END_DECLS
