/* cs-first-frame.h: tells build-aux/bench when a window's first frame was
 * painted.
 *
 * Only when CS_FIRST_FRAME_REPORT is set (the start-up benchmark sets it):
 * after the first frame painted once the window is mapped, prints
 * "first-frame MONOTONIC_US VMRSS_KB" on standard output, and with
 * CS_FIRST_FRAME_REPORT=exit ends the process there (to time whole
 * commands). The wizard and the benchmark's bare window both use it, so
 * that both are timed alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void cs_first_frame_watch (GtkWindow *window);

G_END_DECLS
