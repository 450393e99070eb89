/* cs-field-sorter.h: the order of the review page's fields: one column,
 * ascending or descending, or the field sync's own order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-field-column.h"

G_BEGIN_DECLS

#define CS_TYPE_FIELD_SORTER (cs_field_sorter_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldSorter, cs_field_sorter, CS, FIELD_SORTER, GtkSorter)

CsFieldSorter *cs_field_sorter_new       (void);

void           cs_field_sorter_sort_by   (CsFieldSorter  *self,
                                          CsReviewColumn  column,
                                          GtkSortType     order);
/* FALSE while the fields keep the field sync's order. */
gboolean       cs_field_sorter_get_column (CsFieldSorter  *self,
                                           CsReviewColumn *column,
                                           GtkSortType    *order);

G_END_DECLS
