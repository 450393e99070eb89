/* cs-field-marks.h: follows the "unwanted" mark of every field of a model,
 * whoever sets it (a row, the core, a test).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_TYPE_FIELD_MARKS (cs_field_marks_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldMarks, cs_field_marks, CS, FIELD_MARKS, GObject)

/* Emits "changed" when a field of @fields is marked or unmarked. */
CsFieldMarks *cs_field_marks_new         (void);
void          cs_field_marks_set_fields  (CsFieldMarks *self,
                                          GListModel   *fields);
/* Follows the fields the model has now (call after it changed). */
void          cs_field_marks_update      (CsFieldMarks *self);
guint         cs_field_marks_count       (CsFieldMarks *self);

G_END_DECLS
