/* cs-connection-vault-private.h: CsConnectionVault's state and helpers,
 * shared by the files that implement it: cs-connection-vault.c (reading,
 * marks), cs-connection-vault-write.c (every write) and
 * cs-connection-vault-use.c (refreshes, REST clients, Test now).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-connection-vault.h"

G_BEGIN_DECLS

/* A rotated refresh token on its way to the keyring. */
typedef struct {
  CsSecretKey *key;
  char        *token;     /* wiped on free */
  GPtrArray   *waiters;   /* GTask* to end once it is written (or superseded) */
} CsVaultRotation;

void cs_vault_rotation_free (CsVaultRotation *rotation);

struct _CsConnectionVault
{
  GObject            parent_instance;

  CsConnectionStore *store;
  CsSecretStore     *secrets;
  /* connection id → CsVaultRotation: the newest rotated token the keyring
   * refused, kept until a write succeeds. */
  GHashTable        *unsaved;
  /* CsVaultRotation*, oldest first; the head is being written while
   * rotation_busy. */
  GQueue             rotations;
  gboolean           rotation_busy;
};

enum {
  CS_VAULT_SIGNAL_KEYRING_WRITE_FAILED,
  CS_VAULT_SIGNAL_CHANGED,
  CS_VAULT_N_SIGNALS
};

extern guint cs_connection_vault_signals[CS_VAULT_N_SIGNALS];

/* Emits "changed" for @connection_id. */
void          cs_vault_emit_changed          (CsConnectionVault  *self,
                                              const char         *connection_id);
/* Holds the default GApplication until @task completes. */
void          cs_vault_hold_until_completed  (GTask              *task);
/* The keyring attributes of @connection's items. */
CsSecretKey  *cs_vault_secret_key_new        (const CsConnection *connection);
/* The rotated token of @connection_id waiting in memory, or NULL. */
const char   *cs_vault_get_unsaved_token     (CsConnectionVault  *self,
                                              const char         *connection_id);
/* CS_ERROR_INVALID_INPUT: there is no connection @name_or_id. */
GError       *cs_vault_not_found_error_new   (const char         *name_or_id);

/* The refresh token of @connection_id: a rotated one the keyring refused
 * (still in memory) wins over the keyring's. NULL without error when there
 * is none; free with cs_secret_wipe_free(). */
void          cs_vault_lookup_token_async    (CsConnectionVault  *self,
                                              const char         *connection_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
char         *cs_vault_lookup_token_finish   (CsConnectionVault  *self,
                                              GAsyncResult       *result,
                                              GError            **error);

/* The three secrets of @connection_id, in parallel (the refresh token as
 * cs_vault_lookup_token_async() gives it): finish returns an array
 * of CS_SECRET_N_KINDS strings (NULL when missing), by CsSecretKind, freed
 * (and wiped) with cs_vault_secrets_free(). */
void          cs_vault_lookup_all_async      (CsConnectionVault  *self,
                                              const char         *connection_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
char        **cs_vault_lookup_all_finish     (CsConnectionVault  *self,
                                              GAsyncResult       *result,
                                              GError            **error);
void          cs_vault_secrets_free          (char              **secrets);

/* Runs an async vault call to its end in a private main context (keyring
 * and database only: HTTP needs the caller's context). @start begins it
 * with the callback and data it is given; returns the result, which the
 * caller finishes and unrefs. */
typedef void (*CsVaultStartFunc) (gpointer            start_data,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
GAsyncResult *cs_vault_run_sync              (CsVaultStartFunc    start,
                                              gpointer            start_data);

G_END_DECLS
