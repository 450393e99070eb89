/* cs-assistant.h: owns the wizard's navigation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-page.h"
#include "cs-setup-context.h"

G_BEGIN_DECLS

#define CS_TYPE_ASSISTANT (cs_assistant_get_type ())
G_DECLARE_FINAL_TYPE (CsAssistant, cs_assistant, CS, ASSISTANT, AdwBin)

CsAssistant    *cs_assistant_new               (CsSetupContext *context);

CsSetupContext *cs_assistant_get_context       (CsAssistant    *self);
CsPage         *cs_assistant_get_current_page  (CsAssistant    *self);
const char     *cs_assistant_get_current_name  (CsAssistant    *self);
CsPage         *cs_assistant_get_page          (CsAssistant    *self,
                                                const char     *name);
/* The page @name if it was made already, else NULL (pages are made when
 * first needed: cs_assistant_get_page() makes it). */
CsPage         *cs_assistant_peek_page         (CsAssistant    *self,
                                                const char     *name);

/* The same as the Next / Back / Cancel buttons. */
void            cs_assistant_next              (CsAssistant    *self);
void            cs_assistant_back              (CsAssistant    *self);
void            cs_assistant_cancel            (CsAssistant    *self);
gboolean        cs_assistant_go_to             (CsAssistant    *self,
                                                const char     *name);

gboolean        cs_assistant_can_go_next       (CsAssistant    *self);
gboolean        cs_assistant_can_go_back       (CsAssistant    *self);

void            cs_assistant_add_toast         (CsAssistant    *self,
                                                const char     *message);

G_END_DECLS
