/* cs-field-view.h: the review page's field list: column titles that sort
 * and resize, and a row per field shown, scrolled in a GtkScrolledWindow.
 * Its columns are CsFieldColumn children in the .ui file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-field-column.h"
#include "cs-field-header.h"
#include "cs-field-row.h"
#include "cs-field-sorter.h"

G_BEGIN_DECLS

#define CS_TYPE_FIELD_VIEW (cs_field_view_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldView, cs_field_view, CS, FIELD_VIEW, GtkWidget)

/* @model: the CsReviewFields to show, in order. */
void           cs_field_view_set_model     (CsFieldView    *self,
                                            GListModel     *model);
GListModel    *cs_field_view_get_model     (CsFieldView    *self);
/* The order the titles choose; the page sorts its model with it. */
CsFieldSorter *cs_field_view_get_sorter    (CsFieldView    *self);
GListModel    *cs_field_view_get_columns   (CsFieldView    *self);
CsFieldHeader *cs_field_view_get_header    (CsFieldView    *self);
GtkListView   *cs_field_view_get_list_view (CsFieldView    *self);
/* The row showing @field, if it has one now (rows waiting for their new
 * field take it first). */
CsFieldRow    *cs_field_view_find_row      (CsFieldView    *self,
                                            CsReviewField  *field);
void           cs_field_view_scroll_to_top (CsFieldView    *self);

G_END_DECLS
