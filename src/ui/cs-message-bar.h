/* cs-message-bar.h: an inline message with an optional action, for the
 * errors, warnings and notes a page shows in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  CS_MESSAGE_INFO,
  CS_MESSAGE_WARNING,
  CS_MESSAGE_ERROR,
} CsMessageType;

#define CS_TYPE_MESSAGE_BAR (cs_message_bar_get_type ())
G_DECLARE_FINAL_TYPE (CsMessageBar, cs_message_bar, CS, MESSAGE_BAR, GtkWidget)

GtkWidget  *cs_message_bar_new          (void);

/* Shows @message; @action_label/@action_name (a widget action such as
 * "assistant.back", may be NULL) add a button. The text is announced to
 * screen readers. */
void        cs_message_bar_show         (CsMessageBar  *self,
                                         CsMessageType  type,
                                         const char    *message,
                                         const char    *action_label,
                                         const char    *action_name);
/* The message of @error (CS_ERROR messages say what to do). */
void        cs_message_bar_show_error   (CsMessageBar  *self,
                                         const GError  *error,
                                         const char    *action_label,
                                         const char    *action_name);
void        cs_message_bar_hide         (CsMessageBar  *self);
const char *cs_message_bar_get_message  (CsMessageBar  *self);
gboolean    cs_message_bar_is_shown     (CsMessageBar  *self);
CsMessageType cs_message_bar_get_message_type (CsMessageBar *self);

G_END_DECLS
