/* cs-welcome-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-connection-row.h"
#include "cs-welcome-page.h"

G_BEGIN_DECLS

/* The row of a stored connection in the re-authorization's list, or NULL. */
CsConnectionRow *cs_welcome_page_get_connection_row    (CsWelcomePage *self,
                                                        const char    *connection_id);
/* The id of the connection picked to re-authorize, or NULL. */
const char      *cs_welcome_page_get_chosen_connection (CsWelcomePage *self);
/* Whether the list is being read or a connection checked. */
gboolean         cs_welcome_page_is_checking           (CsWelcomePage *self);

G_END_DECLS
