/* cs-widget-util.h: small helpers the pages share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-core.h"

G_BEGIN_DECLS

/* Scrolls the GtkScrolledWindow around @widget so that @widget's bottom
 * edge is visible, following it for a moment while it grows (a message
 * sliding open under a field, below the fold). Does nothing when @widget
 * is not in a scrolled window or already fits. */
void cs_widget_scroll_into_view       (GtkWidget    *widget);

/* Gives every wrapping label under @root that has no "width-chars" a
 * minimum width of @chars characters. GTK 4.8 measures such a label at the
 * narrowest layout pango can make, a line per word, which shapes its text
 * word by word again each time the label is measured; a page of wrapping
 * rows paid most of its first frame's text work there. A label shorter
 * than @chars characters is made that wide too (its minimum and natural
 * width): right for labels that fill their row or box anyway, as the
 * welcome page's do. */
void cs_widget_set_wrap_min_chars     (GtkWidget    *root,
                                       int           chars);

/* Gives @widget (a check button or a switch without a label of its own)
 * @title as accessible label, without the mnemonic underline when
 * @use_underline, and @subtitle (may be NULL) as accessible description. */
void cs_widget_label_from_texts       (GtkWidget    *widget,
                                       const char   *title,
                                       gboolean      use_underline,
                                       const char   *subtitle);
/* The same for the row's activatable widget, from the row's title and
 * subtitle. */
void cs_widget_label_from_row         (AdwActionRow *row);

/* A value the admin may want to copy (an id, an address) at the end of
 * @row: a selectable label. (libadwaita 1.2 has no selectable subtitles.) */
GtkLabel   *cs_widget_add_value_label     (AdwActionRow *row);
/* Shows @value ("Unknown" when NULL or empty) in @label, and names @row
 * "Title: value" for screen readers. */
void        cs_widget_set_row_value       (AdwActionRow *row,
                                           GtkLabel     *label,
                                           const char   *value);

/* @unix_seconds in words, in local time: "today at 14:05", "yesterday at
 * 09:12", "3 March 2025 at 14:05"; "never" for 0. */
char       *cs_format_time                (gint64        unix_seconds);

/* @count with its thousands grouped the way the language writes them:
 * "15,000" in English, "15 000" in French. */
char       *cs_format_count               (gint64        count);

/* A rough duration in words: "under a minute", "about 3 minutes", "about
 * 2 hours"; "unknown" when negative. */
char       *cs_format_duration            (gint64        seconds);

/* How the admin knows an environment: "Production", "Sandbox", "My
 * Domain", "Practice org on this computer". */
const char *cs_environment_display_name   (CsEnvironment environment);
/* The same for a stored cs_environment_to_string() name; NULL for an
 * unknown one. */
const char *cs_environment_name_display_name (const char *name);
/* Opens @uri in the admin's web browser, over @widget's window. */
void cs_widget_show_uri               (GtkWidget    *widget,
                                       const char   *uri);

G_END_DECLS
