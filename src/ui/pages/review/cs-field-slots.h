/* cs-field-slots.h: the lines of the review page's field list, as many as
 * the fields shown, each line always at the same position.
 *
 * GTK 4.8's list view builds a new row widget for every item that comes
 * into its window of 200 rows, and drops those that leave it: a search that
 * changes which fields are in sight rebuilds up to 200 rows. Its items here
 * are lines that stay in place; only their number follows the fields
 * (fewer only once the frame is drawn), and the rows in the window are
 * told to show other fields (CsFieldView).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_TYPE_FIELD_SLOTS (cs_field_slots_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldSlots, cs_field_slots, CS, FIELD_SLOTS, GObject)

CsFieldSlots *cs_field_slots_new         (void);
/* Adds or removes lines at the end. */
void          cs_field_slots_set_n_items (CsFieldSlots *self,
                                          guint         n_items);

G_END_DECLS
