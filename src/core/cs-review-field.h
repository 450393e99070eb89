/* cs-review-field.h: one field the sync user can see, for list models (the
 * review page's table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_TYPE_REVIEW_FIELD (cs_review_field_get_type ())
G_DECLARE_FINAL_TYPE (CsReviewField, cs_review_field, CS, REVIEW_FIELD, GObject)

const char *cs_review_field_get_object     (CsReviewField *self);
const char *cs_review_field_get_api_name   (CsReviewField *self);
const char *cs_review_field_get_label      (CsReviewField *self);
/* The describe "type": "string", "double", "picklist", … */
const char *cs_review_field_get_field_type (CsReviewField *self);
guint       cs_review_field_get_length     (CsReviewField *self);
guint       cs_review_field_get_precision  (CsReviewField *self);
guint       cs_review_field_get_scale      (CsReviewField *self);
gboolean    cs_review_field_get_custom     (CsReviewField *self);
/* Not recorded as synced yet: recording it makes it permanent. */
gboolean    cs_review_field_get_is_new     (CsReviewField *self);
/* "string(255)", "double(18,2)", "picklist": type with its size, for
 * tables; sorts and reads the way Salesforce's API names them. */
const char *cs_review_field_get_type_display (CsReviewField *self);
/* The admin does not want this field synced ("unwanted", notifies). */
gboolean    cs_review_field_get_unwanted   (CsReviewField *self);
void        cs_review_field_set_unwanted   (CsReviewField *self,
                                          gboolean     unwanted);

G_END_DECLS
