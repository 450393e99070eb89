/* cs-connection-row.h: one stored connection in a list: its name, org,
 * sync user and environment, and how it is doing in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-core.h"

G_BEGIN_DECLS

#define CS_TYPE_CONNECTION_ROW (cs_connection_row_get_type ())
G_DECLARE_FINAL_TYPE (CsConnectionRow, cs_connection_row, CS, CONNECTION_ROW, AdwActionRow)

/* @choosable: a radio button to pick the connection (join them with
 * gtk_check_button_set_group()); else the row opens the connection's
 * details when activated (an arrow says so). */
GtkWidget      *cs_connection_row_new               (gboolean                  choosable);

/* Shows @status; @note (may be NULL) replaces the health in words, e.g.
 * "Checking…". */
void            cs_connection_row_set_status        (CsConnectionRow          *self,
                                                     const CsConnectionStatus *status,
                                                     const char               *note);
const char     *cs_connection_row_get_connection_id (CsConnectionRow          *self);
CsConnectionHealth cs_connection_row_get_health     (CsConnectionRow          *self);
/* The radio button of a choosable row, else NULL. */
GtkCheckButton *cs_connection_row_get_check         (CsConnectionRow          *self);

/* The health of @status in a sentence or two, for rows and pages: that it
 * works and when it was last used, or what is wrong and what to do. */
char           *cs_connection_row_format_health     (const CsConnectionStatus *status);
/* The health as @icon shows it, in the rows and in the credential
 * review's details: its symbol, colour and accessible name ("Works",
 * "Unknown", "Needs attention"). */
void            cs_connection_row_show_health_icon  (GtkImage                 *icon,
                                                     CsConnectionHealth        health);
/* "Practice Org · sync@example.com · Production": what tells one
 * connection from another. */
char           *cs_connection_row_format_summary    (const CsConnection       *connection);

G_END_DECLS
