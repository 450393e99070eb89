/* cs-process.h: process-wide protections for a program that holds secrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* No core dumps and no ptrace by other processes of the same user: a crash
 * must not write the consumer secret or a token to disk. Returns FALSE when
 * the kernel refused (the program still runs). */
gboolean cs_process_harden (void);

G_END_DECLS
