/* cs-field-row.h: one row of the review page's field list: a real check
 * button for Sync, and the other cells drawn by the row itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-field-column.h"
#include "cs-review-field.h"

G_BEGIN_DECLS

#define CS_TYPE_FIELD_ROW (cs_field_row_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldRow, cs_field_row, CS, FIELD_ROW, GtkWidget)

/* @columns: the list's CsFieldColumns, placed by the list; @line_height:
 * the height of a line of text in the list's font (the same for every
 * row, so measured once by the list). */
CsFieldRow     *cs_field_row_new           (GListModel    *columns,
                                            int            line_height);
void            cs_field_row_set_field     (CsFieldRow    *self,
                                            CsReviewField *field);
CsReviewField  *cs_field_row_get_field     (CsFieldRow    *self);
GtkCheckButton *cs_field_row_get_check     (CsFieldRow    *self);
/* The columns moved or changed width: draw again. */
void            cs_field_row_columns_changed (CsFieldRow  *self);
/* Rows outside the visible part of the list skip their text; scrolling
 * calls this so that they draw it once in sight. */
void            cs_field_row_redraw_if_skipped (CsFieldRow *self);
/* A row out of sight whose line now shows another field takes it after the
 * frame (cs_field_row_catch_up(), or when it takes the focus); until then
 * it draws nothing. */
void            cs_field_row_set_pending   (CsFieldRow    *self,
                                            CsReviewField *field);
void            cs_field_row_catch_up      (CsFieldRow    *self);
/* For the tests: whether the row waits for its new field, and whether any
 * of it is in the visible part of the list or it holds the focus. */
gboolean        cs_field_row_get_outdated  (CsFieldRow    *self);
gboolean        cs_field_row_get_in_sight  (CsFieldRow    *self);
/* Rows out of sight tell assistive technologies about a new field later:
 * this tells them now if the row has not yet. */
void            cs_field_row_flush_accessible (CsFieldRow *self);
/* Whether the row still has to tell them (for the tests). */
gboolean        cs_field_row_get_accessible_stale (CsFieldRow *self);
/* When the list shows other fields in its rows, a field still in sight
 * often moves to another row: its texts, already laid out, go with it.
 * The list stashes every row's texts, gives the rows their new fields,
 * then lets each adopt its field's texts from the stash. */
GHashTable     *cs_field_row_new_text_stash (void);
void            cs_field_row_stash_texts   (CsFieldRow    *self,
                                            GHashTable    *stash);
void            cs_field_row_adopt_texts   (CsFieldRow    *self,
                                            GHashTable    *stash);
/* The text laid out for a column, NULL if none yet (for the tests). */
PangoLayout    *cs_field_row_get_layout    (CsFieldRow    *self,
                                            CsReviewColumn content);
/* Whether the last drawing of the row drew its cells (for the tests). */
gboolean        cs_field_row_get_drawn     (CsFieldRow    *self);

G_END_DECLS
