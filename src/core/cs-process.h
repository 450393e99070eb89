/* cs-process.h: process-wide protections for a program that holds secrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* No core dumps and no ptrace by other processes of the same user: a crash
 * must not write the consumer secret or a token to disk. Returns FALSE when
 * the kernel refused (the program still runs). */
gboolean      cs_process_harden              (void);

/* Keeps the default GApplication (the wizard) running until
 * cs_process_release_application(): a keyring write or a revoke in flight
 * must end even when the window closes meanwhile. NULL (and nothing held)
 * in a program without a default GApplication (crm-sync). */
GApplication *cs_process_hold_application    (void);
/* Releases what cs_process_hold_application() held; NULL is ignored. */
void          cs_process_release_application (GApplication *application);

G_END_DECLS
