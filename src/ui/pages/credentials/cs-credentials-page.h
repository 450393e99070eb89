/* cs-credentials-page.h: the External Client App's Consumer Key and
 * Secret, checked and saved to the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_CREDENTIALS_PAGE (cs_credentials_page_get_type ())
G_DECLARE_FINAL_TYPE (CsCredentialsPage, cs_credentials_page, CS, CREDENTIALS_PAGE, CsPage)

G_END_DECLS
