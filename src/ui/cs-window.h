/* cs-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-assistant.h"
#include "cs-message-bar.h"
#include "cs-setup-context.h"

G_BEGIN_DECLS

#define CS_TYPE_WINDOW (cs_window_get_type ())
G_DECLARE_FINAL_TYPE (CsWindow, cs_window, CS, WINDOW, AdwApplicationWindow)

CsWindow       *cs_window_new            (GtkApplication *application,
                                          CsSetupContext *context);
CsAssistant    *cs_window_get_assistant  (CsWindow       *self);
/* Shows the context's "keyring-error" (a renewed token the keyring
 * refused), with Try Again; for tests. */
CsMessageBar   *cs_window_get_keyring_bar (CsWindow      *self);

G_END_DECLS
