/* cs-entry-message-row.h: the row under an entry row that says what is
 * wrong with its text, or a note about it.
 *
 * On each change of the entry's text the row emits "check"; the page
 * answers with cs_entry_message_row_set_problem(). A problem with typed
 * text waits for a pause in the typing, so that "https://ac" does not
 * already count as a mistake; a paste, Enter, leaving the entry, or a
 * message already on screen show it at once. An error also marks the
 * entry.
 *
 *   <object class="AdwEntryRow" id="key_row">…</object>
 *   <object class="CsEntryMessageRow" id="key_message">
 *     <property name="entry">key_row</property>
 *     <signal name="check" handler="key_check_cb"/>
 *   </object>
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-message-bar.h"

G_BEGIN_DECLS

#define CS_TYPE_ENTRY_MESSAGE_ROW (cs_entry_message_row_get_type ())
G_DECLARE_FINAL_TYPE (CsEntryMessageRow, cs_entry_message_row, CS, ENTRY_MESSAGE_ROW, AdwPreferencesRow)

/* The entry row whose text this row checks (an AdwPasswordEntryRow too);
 * set once. */
AdwEntryRow  *cs_entry_message_row_get_entry       (CsEntryMessageRow *self);
void          cs_entry_message_row_set_entry       (CsEntryMessageRow *self,
                                                    AdwEntryRow       *entry);

/* What is wrong with the text, of @type (a warning does not mark the
 * entry), or NULL when it looks right (or is empty: not a mistake, only
 * not done yet). @immediate shows it without waiting for a pause in the
 * typing. */
void          cs_entry_message_row_set_problem     (CsEntryMessageRow *self,
                                                    CsMessageType      type,
                                                    const char        *problem,
                                                    gboolean           immediate);
/* Shown as information while there is no problem; NULL for none. */
void          cs_entry_message_row_set_note        (CsEntryMessageRow *self,
                                                    const char        *note);
/* Shows now what would wait for a pause in the typing. */
void          cs_entry_message_row_show_now        (CsEntryMessageRow *self);

CsMessageBar *cs_entry_message_row_get_message_bar (CsEntryMessageRow *self);

G_END_DECLS
