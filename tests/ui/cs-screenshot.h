/* cs-screenshot.h: PNGs of the real window for the README and AppStream,
 * taken by the UI tests when CS_SCREENSHOT_DIR is set (build-aux/screenshots).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Renders @window as it is on screen into $CS_SCREENSHOT_DIR/@name.png,
 * after running animations settled. Does nothing when the variable is
 * unset. */
void cs_screenshot_take (GtkWindow  *window,
                         const char *name);

G_END_DECLS
