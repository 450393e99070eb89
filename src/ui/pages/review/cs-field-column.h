/* cs-field-column.h: one column of the review page's field list, as the
 * page's .ui file describes it: what it shows, its title, its width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-review-field.h"

G_BEGIN_DECLS

typedef enum {
  CS_REVIEW_COLUMN_SYNC,      /* ticked (not unwanted) */
  CS_REVIEW_COLUMN_OBJECT,
  CS_REVIEW_COLUMN_LABEL,
  CS_REVIEW_COLUMN_API_NAME,
  CS_REVIEW_COLUMN_TYPE,      /* cs_review_field_get_type_display() */
  CS_REVIEW_COLUMN_CUSTOM,
  CS_REVIEW_COLUMN_NEW,
  CS_REVIEW_N_COLUMNS /*< skip >*/
} CsReviewColumn;

/* The text of @column's cell for @field, or NULL for a column that shows
 * no text (the Sync box; New for a field that is not new). */
const char *cs_review_column_get_field_text (CsReviewColumn  column,
                                             CsReviewField  *field);

#define CS_TYPE_FIELD_COLUMN (cs_field_column_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldColumn, cs_field_column, CS, FIELD_COLUMN, GObject)

CsReviewColumn  cs_field_column_get_content     (CsFieldColumn *self);
const char     *cs_field_column_get_title       (CsFieldColumn *self);
/* The width asked for; expanding columns share what is left over. */
int             cs_field_column_get_fixed_width (CsFieldColumn *self);
void            cs_field_column_set_fixed_width (CsFieldColumn *self,
                                                 int            width);
gboolean        cs_field_column_get_expand      (CsFieldColumn *self);

/* Where the list placed it (set by the list on each allocation). */
int             cs_field_column_get_x           (CsFieldColumn *self);
int             cs_field_column_get_width       (CsFieldColumn *self);
void            cs_field_column_place           (CsFieldColumn *self,
                                                 int            x,
                                                 int            width);

/* cs_review_column_get_field_text() of this column. */
const char     *cs_field_column_get_text        (CsFieldColumn *self,
                                                 CsReviewField *field);

G_END_DECLS
