/* cs-review-field-private.h: what CsFieldSync sets on its fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-review-field.h"

G_BEGIN_DECLS

CsReviewField *cs_review_field_new        (const char  *object,
                                       const char  *api_name,
                                       const char  *label,
                                       const char  *field_type,
                                       guint        length,
                                       guint        precision,
                                       guint        scale,
                                       gboolean     custom,
                                       gboolean     is_new);
void         cs_review_field_set_is_new (CsReviewField *self,
                                       gboolean     is_new);

G_END_DECLS
