/* cs-field-header.h: the column titles of the review page's field list:
 * a button per column sorts by it (again: the other way), and dragging
 * the edge between two titles resizes the column on its left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-field-sorter.h"

G_BEGIN_DECLS

#define CS_TYPE_FIELD_HEADER (cs_field_header_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldHeader, cs_field_header, CS, FIELD_HEADER, GtkWidget)

/* @columns: CsFieldColumns, placed by the list. */
CsFieldHeader *cs_field_header_new            (GListModel     *columns,
                                               CsFieldSorter  *sorter);
/* The title button of @column. */
GtkButton     *cs_field_header_get_button     (CsFieldHeader  *self,
                                               CsReviewColumn  column);

G_END_DECLS
