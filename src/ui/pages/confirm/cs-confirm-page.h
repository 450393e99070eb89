/* cs-confirm-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_CONFIRM_PAGE (cs_confirm_page_get_type ())
G_DECLARE_FINAL_TYPE (CsConfirmPage, cs_confirm_page, CS, CONFIRM_PAGE, CsPage)

G_END_DECLS
