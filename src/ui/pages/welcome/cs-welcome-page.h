/* cs-welcome-page.h: what the wizard does, the task and the environment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-page.h"

G_BEGIN_DECLS

#define CS_TYPE_WELCOME_PAGE (cs_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (CsWelcomePage, cs_welcome_page, CS, WELCOME_PAGE, CsPage)

/* Shows @error (its message says what to do), e.g. a connection to
 * re-authorize that was not found. */
void cs_welcome_page_show_error (CsWelcomePage *self,
                                 const GError  *error);

G_END_DECLS
