/* cs-copy-row.h: a list row showing a value to paste elsewhere, with a
 * copy button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CS_TYPE_COPY_ROW (cs_copy_row_get_type ())
G_DECLARE_FINAL_TYPE (CsCopyRow, cs_copy_row, CS, COPY_ROW, AdwPreferencesRow)

GtkWidget  *cs_copy_row_new              (void);

/* The text shown (in monospace) and put on the clipboard. */
const char *cs_copy_row_get_value        (CsCopyRow  *self);
void        cs_copy_row_set_value        (CsCopyRow  *self,
                                          const char *value);

/* Tooltip and accessible label of the copy button, e.g. "Copy callback URL". */
const char *cs_copy_row_get_copy_label   (CsCopyRow  *self);
void        cs_copy_row_set_copy_label   (CsCopyRow  *self,
                                          const char *copy_label);

/* Puts the value on the clipboard and shows a "Copied" toast through the
 * "assistant.toast" action when an assistant is above the row. The same as
 * pressing the copy button or activating the row. */
void        cs_copy_row_copy             (CsCopyRow  *self);

/* The copy button (for tests). */
GtkWidget  *cs_copy_row_get_button       (CsCopyRow  *self);

G_END_DECLS
