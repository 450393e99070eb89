/* cs-connection-vault.h: one way to keep a connection's secrets and facts,
 * for the wizard, crm-sync and the tests.
 *
 * A connection is a row in the connection store (no secret) plus three
 * keyring items (consumer key, consumer secret, refresh token). Everything
 * that writes them goes through the vault, with the same rules everywhere:
 *
 *  - a new refresh token is stored before the old one is revoked, and a
 *    rotated one is never lost (kept in memory and retried when the keyring
 *    fails, cs_connection_vault_retry_unsaved_async());
 *  - a refusal from Salesforce marks the connection "needs
 *    re-authorization" with the reason and the time;
 *  - forgetting revokes first, and keeps everything when revoking failed,
 *    unless forced;
 *  - the default GApplication (the wizard) is held while a write runs, so
 *    closing the window does not cut it short.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-connection-store.h"
#include "cs-identity.h"
#include "cs-login.h"
#include "cs-oauth-client.h"
#include "cs-salesforce-client.h"
#include "cs-secret-store.h"
#include "cs-token-set.h"

G_BEGIN_DECLS

/* How a connection is doing, most urgent last. */
typedef enum {
  CS_CONNECTION_HEALTH_OK,                    /* nothing known to be wrong */
  CS_CONNECTION_HEALTH_UNKNOWN,               /* the keyring could not be read */
  CS_CONNECTION_HEALTH_NOT_CONFIRMED,         /* the setup never reached Confirm */
  CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION, /* Salesforce refused the stored authorization */
  CS_CONNECTION_HEALTH_SECRETS_MISSING,       /* a keyring item is gone */
} CsConnectionHealth;

/* "ok", "unknown", "not-confirmed", "needs-reauthorization",
 * "secrets-missing" (for scripts). */
const char *cs_connection_health_to_string (CsConnectionHealth health);

/* Why a connection needs re-authorization, in words, from the reason the
 * store keeps (CsConnection.reauth_reason). */
char       *cs_connection_describe_reauth_reason (const char *reason);

/* What revoking a refresh token came to. */
typedef enum {
  CS_REVOKE_NOTHING,          /* there was no token to revoke */
  CS_REVOKE_DONE,             /* revoked at Salesforce */
  CS_REVOKE_ALREADY_INVALID,  /* Salesforce no longer knew it: nothing live is left */
  CS_REVOKE_FAILED,           /* not revoked (network, server): still live at Salesforce */
} CsRevokeOutcome;

typedef enum {
  CS_FORGET_NONE  = 0,
  /* Remove everything even when the token could not be revoked. */
  CS_FORGET_FORCE = 1 << 0,
} CsForgetFlags;

/* A stored connection with its secrets, as loaded from the keyring. The
 * secrets are wiped when it is freed. */
typedef struct {
  CsConnection *connection;
  char         *consumer_key;
  char         *consumer_secret;
  char         *refresh_token;
} CsVaultEntry;

#define CS_TYPE_VAULT_ENTRY (cs_vault_entry_get_type ())
GType          cs_vault_entry_get_type         (void);
CsVaultEntry  *cs_vault_entry_copy             (const CsVaultEntry *entry);
void           cs_vault_entry_free             (CsVaultEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsVaultEntry, cs_vault_entry_free)
/* A client for the entry's login host, consumer key and secret. */
CsOAuthClient *cs_vault_entry_new_oauth_client (const CsVaultEntry *entry);

/* What the credential review shows about one connection: never a secret. */
typedef struct {
  CsConnection       *connection;
  CsConnectionHealth  health;
  /* Why the keyring items are unknown (health UNKNOWN), else NULL. */
  GError             *keyring_error;
  /* The keyring items by CsSecretKind (labels and keyring as Seahorse
   * shows them), NULL when missing or unknown. */
  CsSecretItemInfo   *items[CS_SECRET_N_KINDS];
  gint64              last_field_sync;  /* unix seconds, 0 when never */
  gint64              catalog_fields;   /* fields recorded in its catalog */
  gint64              last_record_sync; /* unix seconds the last completed record sync
                                         * cycle ended, 0 when never */
  gboolean            has_sync_database; /* its record sync's database file exists */
  char               *sync_timer;        /* its systemd timer ("crm-sync@ID.timer")
                                         * when enabled, else NULL */
} CsConnectionStatus;

#define CS_TYPE_CONNECTION_STATUS (cs_connection_status_get_type ())
GType               cs_connection_status_get_type (void);
CsConnectionStatus *cs_connection_status_copy     (const CsConnectionStatus *status);
void                cs_connection_status_free     (CsConnectionStatus       *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsConnectionStatus, cs_connection_status_free)
/* The health in words: what is wrong and what to do; NULL when OK. */
char               *cs_connection_status_describe (const CsConnectionStatus *status);

typedef enum {
  /* A stored connection lost keyring items (deleted in Seahorse, say). */
  CS_VAULT_PROBLEM_MISSING_SECRETS,
  /* Keyring items of ours that belong to no stored connection. */
  CS_VAULT_PROBLEM_ORPHAN_ITEMS,
} CsVaultProblemKind;

/* What fixes a problem; each is a vault call. */
typedef enum {
  CS_VAULT_FIX_REAUTHORIZE,       /* log in again (cs_connection_vault_store_login_async()),
                                   * with the consumer key and secret entered again when they are missing too */
  CS_VAULT_FIX_REPLACE_CONSUMER,  /* enter the consumer key and secret (cs_connection_vault_replace_consumer_async()) */
  CS_VAULT_FIX_FORGET,            /* cs_connection_vault_forget_async() on connection_id */
} CsVaultFix;

typedef struct {
  CsVaultProblemKind  kind;
  char               *connection_id;
  CsConnection       *connection;   /* NULL for orphan items */
  guint               missing;      /* 1 << CsSecretKind of each missing item */
  GPtrArray          *items;        /* CsSecretItemInfo: the items that are there */
  CsVaultFix          fix;
  char               *message;      /* what is wrong and what to do */
} CsVaultProblem;

#define CS_TYPE_VAULT_PROBLEM (cs_vault_problem_get_type ())
GType           cs_vault_problem_get_type (void);
CsVaultProblem *cs_vault_problem_copy     (const CsVaultProblem *problem);
void            cs_vault_problem_free     (CsVaultProblem       *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsVaultProblem, cs_vault_problem_free)

/* What "Test now" found. */
typedef struct {
  CsTokenSet *tokens;
  CsIdentity *identity;
  gint64      api_requests_used;   /* today, -1 when unknown */
  gint64      api_requests_max;    /* the org's daily limit, -1 when unknown */
} CsConnectionTest;

void cs_connection_test_free (CsConnectionTest *test);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsConnectionTest, cs_connection_test_free)

/* Cleanup for forget, beyond the keyring items and the row. A step deletes
 * what one part of the program keeps about @connection_id (in the store's
 * database or in a file of its own next to it), does nothing when there is
 * nothing, and runs again without harm after a failure. Steps run after the
 * keyring items are gone and before the row goes, so that a failed forget
 * can be run again. To add one, append it to forget_steps[] in
 * cs-connection-vault-write.c (the field catalog's is there). */
typedef gboolean (*CsForgetStepFunc) (CsConnectionStore  *store,
                                      const char         *connection_id,
                                      GError            **error);

/* Signals:
 *  - "keyring-write-failed" (const char *connection_id, GError *error): a
 *    rotated refresh token could not be stored; it waits in memory. Show
 *    @error (it says what to do) with a way to retry.
 *  - "changed" (const char *connection_id): what the credential review shows
 *    of the connection changed (row, items, mark, last refresh); a list of
 *    connections reloads it. */
#define CS_TYPE_CONNECTION_VAULT (cs_connection_vault_get_type ())
G_DECLARE_FINAL_TYPE (CsConnectionVault, cs_connection_vault, CS, CONNECTION_VAULT, GObject)

CsConnectionVault *cs_connection_vault_new              (CsConnectionStore  *store,
                                                         CsSecretStore      *secrets);
/* The default database (cs_connection_store_open (NULL)) and keyring. */
CsConnectionVault *cs_connection_vault_open             (GError            **error);
CsConnectionStore *cs_connection_vault_get_store        (CsConnectionVault  *self);
CsSecretStore     *cs_connection_vault_get_secret_store (CsConnectionVault  *self);

/* ---- reading ---------------------------------------------------------------- */

/* The row named @name_or_id (id or name), or NULL with
 * CS_ERROR_INVALID_INPUT naming it, or CS_ERROR_STORE. */
CsConnection *cs_connection_vault_find (CsConnectionVault  *self,
                                        const char         *name_or_id,
                                        GError            **error);

/* The row and its three secrets. A missing refresh token is
 * CS_ERROR_INVALID_GRANT, a missing consumer key or secret
 * CS_ERROR_SECRET_MISSING; each message names the missing item. A rotated
 * token the keyring refused is loaded from memory. */
void          cs_connection_vault_load_async  (CsConnectionVault  *self,
                                               const char         *name_or_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
CsVaultEntry *cs_connection_vault_load_finish (CsConnectionVault  *self,
                                               GAsyncResult       *result,
                                               GError            **error);
CsVaultEntry *cs_connection_vault_load_sync   (CsConnectionVault  *self,
                                               const char         *name_or_id,
                                               GCancellable       *cancellable,
                                               GError            **error);

/* Every stored connection's status (CsConnectionStatus), newest first.
 * Works without a keyring: each status then says why its items are unknown.
 * Fails only when the database does. */
void       cs_connection_vault_list_status_async  (CsConnectionVault  *self,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
GPtrArray *cs_connection_vault_list_status_finish (CsConnectionVault  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);
GPtrArray *cs_connection_vault_list_status_sync   (CsConnectionVault  *self,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

/* Connections with missing keyring items and keyring items of ours without
 * a connection (CsVaultProblem), each with its fix. Needs the keyring. */
void       cs_connection_vault_find_problems_async  (CsConnectionVault  *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GPtrArray *cs_connection_vault_find_problems_finish (CsConnectionVault  *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);
GPtrArray *cs_connection_vault_find_problems_sync   (CsConnectionVault  *self,
                                                     GCancellable       *cancellable,
                                                     GError            **error);

/* The consumer key or secret, for an explicit Reveal or Copy (free with
 * cs_secret_wipe_free()). The refresh token is never handed out this way.
 * NULL without error when the item is missing. */
void  cs_connection_vault_reveal_async  (CsConnectionVault  *self,
                                         const char         *connection_id,
                                         CsSecretKind        kind,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
char *cs_connection_vault_reveal_finish (CsConnectionVault  *self,
                                         GAsyncResult       *result,
                                         GError            **error);

/* ---- writing ------------------------------------------------------------------ */

/* A new connection: saves @connection's row (filling in its id), then the
 * consumer key and secret. Confirm it with store_login. */
void          cs_connection_vault_create_async  (CsConnectionVault  *self,
                                                 CsConnection       *connection,
                                                 const char         *consumer_key,
                                                 const char         *consumer_secret,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean      cs_connection_vault_create_finish (CsConnectionVault  *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

/* Keeps a login for @connection (a new one: Confirm; a stored one:
 * re-authorization): stores the consumer key and secret (labelled with the
 * org and user now known) and the new refresh token, then saves the facts
 * (org, user, profile, scopes, when the token was issued, a name from the
 * username when it has none) and clears the re-authorization mark; only
 * then revokes the refresh token it replaced. A stored connection of
 * another org is refused with CS_ERROR_WRONG_ORG and nothing changes. The
 * field catalog and sync state are untouched. Returns the stored row;
 * *@old_token (may be NULL) says what became of the replaced token. */
void          cs_connection_vault_store_login_async  (CsConnectionVault  *self,
                                                      const CsConnection *connection,
                                                      const char         *consumer_key,
                                                      const char         *consumer_secret,
                                                      const CsLoginResult *login,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
CsConnection *cs_connection_vault_store_login_finish (CsConnectionVault  *self,
                                                      GAsyncResult       *result,
                                                      CsRevokeOutcome    *old_token,
                                                      GError            **error);

/* Stores a refresh token Salesforce rotated (the old one is dead already).
 * Writes run one at a time; a newer token for the same connection
 * supersedes one still waiting. When the keyring refuses, the token stays in
 * memory (loads use it), "keyring-write-failed" is emitted and this fails;
 * cs_connection_vault_retry_unsaved_async() tries again. */
void     cs_connection_vault_keep_rotated_token_async  (CsConnectionVault  *self,
                                                        const CsConnection *connection,
                                                        const char         *refresh_token,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean cs_connection_vault_keep_rotated_token_finish (CsConnectionVault  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* Whether rotated tokens are still on their way to the keyring: a program
 * about to end (crm-sync) iterates its main context until this is FALSE. */
gboolean cs_connection_vault_is_writing                (CsConnectionVault  *self);
/* Whether a rotated token of @connection_id (NULL: any) waits in memory. */
gboolean cs_connection_vault_has_unsaved_token         (CsConnectionVault  *self,
                                                        const char         *connection_id);
/* For a program about to end (crm-sync) while the keyring refuses a rotated
 * token of @connection_id: the token is dropped and the connection marked
 * (its stored token is dead). Returns whether there was one. */
gboolean cs_connection_vault_abandon_unsaved_token     (CsConnectionVault  *self,
                                                        const char         *connection_id);
void     cs_connection_vault_retry_unsaved_async       (CsConnectionVault  *self,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean cs_connection_vault_retry_unsaved_finish      (CsConnectionVault  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

/* A new consumer key and secret (a rotated secret, say), proved by a token
 * refresh with the stored refresh token before anything is replaced; then
 * stored, and the re-authorization mark cleared. When the refresh fails,
 * nothing changes. */
void     cs_connection_vault_replace_consumer_async  (CsConnectionVault  *self,
                                                      const char         *connection_id,
                                                      const char         *consumer_key,
                                                      const char         *consumer_secret,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean cs_connection_vault_replace_consumer_finish (CsConnectionVault  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

/* Revokes the stored refresh token at Salesforce's
 * /services/oauth2/revoke; the keyring keeps it. */
void            cs_connection_vault_revoke_async  (CsConnectionVault  *self,
                                                   const char         *connection_id,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
CsRevokeOutcome cs_connection_vault_revoke_finish (CsConnectionVault  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

/* Revokes the refresh token, then removes the keyring items, stops the
 * record sync's systemd timer, runs the forget steps (the field catalog,
 * the sync database) and removes the row. When revoking fails, nothing is
 * removed (CS_ERROR_NOT_REVOKED) unless CS_FORGET_FORCE. @name_or_id may
 * also be the id of orphan keyring items. *@revoked (may be NULL) says what
 * became of the token. When systemd did not answer in time, the rest is
 * removed all the same and *@timer_left (may be NULL; else NULL) says what
 * to run by hand to stop the timer. */
void     cs_connection_vault_forget_async  (CsConnectionVault  *self,
                                            const char         *name_or_id,
                                            CsForgetFlags       flags,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean cs_connection_vault_forget_finish (CsConnectionVault  *self,
                                            GAsyncResult       *result,
                                            CsRevokeOutcome    *revoked,
                                            char              **timer_left,
                                            GError            **error);

/* ---- marks -------------------------------------------------------------------- */

/* TRUE for a refusal that only a new login or a new consumer key and secret
 * can fix: the refresh token was revoked or expired (invalid_grant), the
 * session stays refused, the secret or the app changed. */
gboolean cs_connection_vault_error_needs_reauthorization (const GError *error);

/* Marks the connection "needs re-authorization" with @reason's code and the
 * time, when cs_connection_vault_error_needs_reauthorization (@reason);
 * returns whether it did. Every caller that meets such a refusal (crm-sync
 * check and fields, the record sync, the wizard) marks through here. A
 * failure to write the mark is only logged: the refusal is what matters. */
gboolean cs_connection_vault_note_error   (CsConnectionVault  *self,
                                           const char         *connection_id,
                                           const GError       *reason);
/* A refresh that worked: remembers when, and clears the mark. */
void     cs_connection_vault_note_refresh (CsConnectionVault  *self,
                                           const char         *connection_id);

/* ---- using a connection -------------------------------------------------------- */

/* Refreshes the entry's access token. A rotated refresh token is kept
 * (the entry updated) before this returns; the refresh is noted; a refusal
 * marks the connection. */
void        cs_connection_vault_refresh_async  (CsConnectionVault  *self,
                                                CsVaultEntry       *entry,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
CsTokenSet *cs_connection_vault_refresh_finish (CsConnectionVault  *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* Makes the vault keep what @client's refreshes bring for @connection: a
 * rotated refresh token (cs_connection_vault_keep_rotated_token_async()) and
 * the time of the last refresh. */
void        cs_connection_vault_watch_client   (CsConnectionVault  *self,
                                                CsSalesforceClient *client,
                                                const CsConnection *connection);
/* A REST client for @entry, watched (above). @tokens NULL: from the stored
 * refresh token alone (refreshed before the first request). */
CsSalesforceClient *cs_connection_vault_new_client (CsConnectionVault  *self,
                                                    CsVaultEntry       *entry,
                                                    CsTokenSet         *tokens);

/* "Test now": a refresh, who it logs in as, and today's API requests from
 * /limits. */
void              cs_connection_vault_test_async  (CsConnectionVault  *self,
                                                   CsVaultEntry       *entry,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
CsConnectionTest *cs_connection_vault_test_finish (CsConnectionVault  *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

G_END_DECLS
