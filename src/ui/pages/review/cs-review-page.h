/* cs-review-page.h: every field the sync user can see, each of which becomes permanent; filters, marking unwanted fields, the confirmation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_REVIEW_PAGE (cs_review_page_get_type ())
G_DECLARE_FINAL_TYPE (CsReviewPage, cs_review_page, CS, REVIEW_PAGE, CsPage)

G_END_DECLS
