/* cs-test-keyring.h: locking build-aux/test-env's real keyring for a
 * moment. A test that locks it must not run in parallel with others
 * (is_parallel: false).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsecret/secret.h>

#include "cs-core.h"

G_BEGIN_DECLS

/* FALSE (and the test skipped) outside build-aux/test-env's keyring. */
gboolean         cs_test_have_test_keyring      (void);

/* Takes the names of the keyring's unlock prompters, so that an unlock
 * prompt fails at once (as if dismissed) instead of waiting for a person.
 * NULL (and the test skipped) when a real prompter holds them. Close the
 * connection to give them back. */
GDBusConnection *cs_test_keyring_claim_prompter (void);

/* Locks, then unlocks without a prompt, the default collection. */
void             cs_test_keyring_lock_default   (SecretService *service);
void             cs_test_keyring_unlock_default (SecretService *service);

/* Deletes the item of @connection_id and @kind behind the app's back, as
 * Passwords and Keys (Seahorse) would. */
void             cs_test_keyring_delete_item    (const char    *connection_id,
                                                 CsSecretKind   kind);
/* The items of our schema for @connection_id, searched with libsecret
 * itself. */
guint            cs_test_keyring_count_items    (const char    *connection_id);

G_END_DECLS
