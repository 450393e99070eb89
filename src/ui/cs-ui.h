/* cs-ui.h: one-time set-up of the UI library (resources, types).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the GResource with the templates and CSS. Safe to call more
 * than once; the application and the UI tests call it. */
void cs_ui_init (void);

G_END_DECLS
