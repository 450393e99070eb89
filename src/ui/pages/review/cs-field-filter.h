/* cs-field-filter.h: which of the review page's fields are shown: a search
 * text, one object, custom or standard, only new ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-review-field.h"

G_BEGIN_DECLS

typedef enum {
  CS_REVIEW_KIND_ALL,
  CS_REVIEW_KIND_CUSTOM,
  CS_REVIEW_KIND_STANDARD,
} CsReviewKind;

#define CS_TYPE_FIELD_FILTER (cs_field_filter_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldFilter, cs_field_filter, CS, FIELD_FILTER, GtkFilter)

CsFieldFilter *cs_field_filter_new             (void);

/* Label or API name containing @text, case and Unicode forms folded;
 * NULL or blank matches every field. */
void          cs_field_filter_set_search_text (CsFieldFilter *self,
                                               const char    *text);
const char   *cs_field_filter_get_search_text (CsFieldFilter *self);
/* An object's API name, or NULL for all objects. */
void          cs_field_filter_set_object      (CsFieldFilter *self,
                                               const char    *object);
const char   *cs_field_filter_get_object      (CsFieldFilter *self);
void          cs_field_filter_set_kind        (CsFieldFilter *self,
                                               CsReviewKind   kind);
CsReviewKind  cs_field_filter_get_kind        (CsFieldFilter *self);
void          cs_field_filter_set_new_only    (CsFieldFilter *self,
                                               gboolean       new_only);
gboolean      cs_field_filter_get_new_only    (CsFieldFilter *self);

/* Folds the label and API name of @n_fields fields of @fields from
 * @position, as the search compares them: done when the fields arrive,
 * the first keystroke does not pay for it. */
void          cs_field_filter_prepare         (CsFieldFilter *self,
                                               GListModel    *fields,
                                               guint          position,
                                               guint          n_fields);

/* When the search text is the only condition, the folded text that a
 * field's cs_field_filter_get_haystack() must contain; otherwise NULL.
 * For a model that keeps the fields' texts side by side. */
const char   *cs_field_filter_get_text_needle (CsFieldFilter *self);
/* The folded label and API name of @field, as the search compares them
 * (owned by @field). */
const char   *cs_field_filter_get_haystack    (CsReviewField *field);

/* Fields that are new may have been recorded since: tests them again. */
void          cs_field_filter_refresh_new     (CsFieldFilter *self);

G_END_DECLS
