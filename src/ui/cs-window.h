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

/* What --reauthorize NAME, app.reauthorize and a notification open: the
 * guided re-authorization of the stored connection @name_or_id, or, when
 * it cannot begin, the list to choose from with what went wrong. */
void            cs_window_open_reauthorization   (CsWindow   *self,
                                                  const char *name_or_id);
/* The welcome page with "Re-authorize an existing connection" chosen. */
void            cs_window_open_reauthorize_list  (CsWindow   *self);
/* The credential review. */
void            cs_window_open_review            (CsWindow   *self);
/* What --status NAME and app.sync-status open: the sync status of the
 * stored connection @name_or_id, or, when it has none, the list to choose
 * from with what went wrong. */
void            cs_window_open_sync_status       (CsWindow   *self,
                                                  const char *name_or_id);
/* The welcome page with "See the sync status" chosen. */
void            cs_window_open_sync_status_list  (CsWindow   *self);
/* Whether the window re-authorizes @name_or_id (its name or id). */
gboolean        cs_window_is_reauthorizing       (CsWindow   *self,
                                                  const char *name_or_id);
/* Still on the welcome page, nobody logged in: the window can be given
 * another task without losing anything. */
gboolean        cs_window_is_untouched           (CsWindow   *self);
/* Shows the context's "keyring-error" (a renewed token the keyring
 * refused), with Try Again; for tests. */
CsMessageBar   *cs_window_get_keyring_bar (CsWindow      *self);

G_END_DECLS
