/* cs-secret-util.h: wiping secrets (consumer key and secret, tokens, codes,
 * passwords) out of memory before it is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Overwrites @secret with zeros up to its terminating NUL, then g_free()s
 * it. NULL is ignored. Use it for every string that holds a secret: g_free()
 * alone leaves the bytes in the freed memory. */
void  cs_secret_wipe_free (char  *secret);

/* cs_secret_wipe_free (*secret), then *secret = NULL, like
 * g_clear_pointer(). */
void  cs_secret_clear     (char **secret);

/* A string holding a secret, for g_autoptr():
 *
 *   g_autoptr(CsSecretString) secret = cs_secret_store_lookup_sync (…);
 *
 * wipes it on every way out of the scope. */
typedef char CsSecretString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSecretString, cs_secret_wipe_free)

G_END_DECLS
