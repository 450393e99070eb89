/* cs-credential-review-page.h: every stored connection, what is kept,
 * where, and how it is doing, with what fixes it; in the manner of GNOME
 * Settings' Online Accounts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_CREDENTIAL_REVIEW_PAGE (cs_credential_review_page_get_type ())
G_DECLARE_FINAL_TYPE (CsCredentialReviewPage, cs_credential_review_page, CS, CREDENTIAL_REVIEW_PAGE, CsPage)

G_END_DECLS
