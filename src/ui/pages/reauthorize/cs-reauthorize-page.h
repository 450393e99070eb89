/* cs-reauthorize-page.h: the guided re-authorization's first step: which
 * connection, why, what happens, and whether a new consumer key and secret
 * are entered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_REAUTHORIZE_PAGE (cs_reauthorize_page_get_type ())
G_DECLARE_FINAL_TYPE (CsReauthorizePage, cs_reauthorize_page, CS, REAUTHORIZE_PAGE, CsPage)

G_END_DECLS
