/* cs-choice-row.h: a row to pick one of a few choices: a radio or check
 * button first, then a title (with a mnemonic) and a subtitle. It looks
 * and behaves like an AdwActionRow with that button as prefix and
 * activatable widget: activating the row activates the button, and the
 * button takes the row's title and subtitle as accessible label and
 * description.
 *
 * Why not AdwActionRow: GTK 4.8 measures a wrapping label's width for a
 * given height by a binary search over its widths, a layout of the whole
 * text per step. It does so for the labels of a horizontal GtkBox, such as
 * AdwActionRow's header, and for any widget aligned other than "fill"
 * (the header is centered). The welcome page's eight rows and five steps
 * (one grid now) paid more than half of its first frame's text work there.
 * This row lays its texts out in a GtkGrid inside a vertical GtkCenterBox,
 * which ask each label only its height for a width. Its sizes are
 * AdwActionRow's (a test compares them).
 *
 *   <object class="CsChoiceRow" id="production_row">
 *     <property name="title" translatable="yes">_Production</property>
 *     <property name="use-underline">True</property>
 *     <property name="subtitle">login.salesforce.com</property>
 *     <child type="prefix">
 *       <object class="GtkCheckButton" id="production_check"/>
 *     </child>
 *   </object>
 *
 * The prefix becomes the activatable widget; while it is insensitive the
 * row is not activatable. Title and subtitle are plain text, not markup.
 * Other children are refused: the row has no suffixes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_CHOICE_ROW (cs_choice_row_get_type ())
G_DECLARE_FINAL_TYPE (CsChoiceRow, cs_choice_row, CS, CHOICE_ROW, AdwPreferencesRow)

GtkWidget  *cs_choice_row_new          (void);

const char *cs_choice_row_get_subtitle (CsChoiceRow *self);
void        cs_choice_row_set_subtitle (CsChoiceRow *self,
                                        const char  *subtitle);

/* The button before the texts, which the row activates; NULL at first. */
GtkWidget  *cs_choice_row_get_prefix   (CsChoiceRow *self);
void        cs_choice_row_set_prefix   (CsChoiceRow *self,
                                        GtkWidget   *prefix);

G_END_DECLS
