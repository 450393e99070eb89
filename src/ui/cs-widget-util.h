/* cs-widget-util.h: small helpers the pages share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Scrolls the GtkScrolledWindow around @widget so that @widget's bottom
 * edge is visible, following it for a moment while it grows (a message
 * sliding open under a field, below the fold). Does nothing when @widget
 * is not in a scrolled window or already fits. */
void cs_widget_scroll_into_view       (GtkWidget    *widget);

/* Gives the row's activatable widget (a check button or a switch without a
 * label of its own) the row's title as accessible label, without the
 * mnemonic underline, and its subtitle as accessible description. */
void cs_widget_label_from_row         (AdwActionRow *row);

G_END_DECLS
