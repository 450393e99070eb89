/* cs-setup-context.h: what the wizard's pages share.
 *
 * The pages never talk to each other: they read and write this object, and
 * it is the only place that talks to the core library on their behalf.
 * Secrets (consumer secret, tokens) live here in memory only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-core.h"
#include "cs-practice-process.h"

G_BEGIN_DECLS

typedef enum {
  CS_SETUP_TASK_NEW_CONNECTION,
  CS_SETUP_TASK_REAUTHORIZE,
  CS_SETUP_TASK_REVIEW_CREDENTIALS,
  CS_SETUP_TASK_SYNC_STATUS,
} CsSetupTask;

#define CS_TYPE_SETUP_CONTEXT (cs_setup_context_get_type ())
G_DECLARE_FINAL_TYPE (CsSetupContext, cs_setup_context, CS, SETUP_CONTEXT, GObject)

/* @settings may be NULL (tests); the stores are opened lazily. */
CsSetupContext    *cs_setup_context_new                  (GSettings       *settings);

GSettings         *cs_setup_context_get_settings         (CsSetupContext  *self);

CsSetupTask        cs_setup_context_get_task             (CsSetupContext  *self);
void               cs_setup_context_set_task             (CsSetupContext  *self,
                                                          CsSetupTask      task);

CsEnvironment      cs_setup_context_get_environment      (CsSetupContext  *self);
void               cs_setup_context_set_environment      (CsSetupContext  *self,
                                                          CsEnvironment    environment);
/* Normalized login host, or NULL while none is valid. For the practice
 * environment it is the in-process practice org's URL. */
const char        *cs_setup_context_get_login_host       (CsSetupContext  *self);
/* Validates and sets the My Domain host (cs_login_host_normalize()).
 * Loopback hosts are refused (CS_ERROR_INVALID_HOST): this computer is for
 * the practice environment only. */
gboolean           cs_setup_context_set_my_domain        (CsSetupContext  *self,
                                                          const char      *url,
                                                          GError         **error);
const char        *cs_setup_context_get_my_domain        (CsSetupContext  *self);

/* Starts the practice org's process (crm-sync-practice-org) when the
 * environment is "practice" and none runs; finishes once it described
 * itself. A new one replaces one that stopped: the consumer key and
 * secret that were the stopped one's become the new one's. Switching to
 * another environment stops it. */
void               cs_setup_context_start_practice_org_async  (CsSetupContext      *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean           cs_setup_context_start_practice_org_finish (CsSetupContext      *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* The practice org's process ("practice-org", notified also when it
 * stops), or NULL before one started. Once stopped (another environment
 * chosen, or it ended) it still says what it was, until a new one
 * replaces it. */
CsPracticeProcess *cs_setup_context_get_practice_org     (CsSetupContext  *self);
/* The practice environment's org stopped (crashed, killed): the pages say
 * so and offer cs_setup_context_start_practice_org_async() again. */
gboolean           cs_setup_context_get_practice_org_stopped (CsSetupContext *self);
/* Tests: uses @process (an org the test runs in its own process) as the
 * practice org, the environment becoming "practice". */
void               cs_setup_context_set_practice_org     (CsSetupContext    *self,
                                                          CsPracticeProcess *process);

const char        *cs_setup_context_get_expected_username (CsSetupContext *self);
void               cs_setup_context_set_expected_username (CsSetupContext *self,
                                                           const char     *username);

gboolean           cs_setup_context_get_use_pkce         (CsSetupContext  *self);
void               cs_setup_context_set_use_pkce         (CsSetupContext  *self,
                                                          gboolean         use_pkce);

const char        *cs_setup_context_get_redirect_uri     (CsSetupContext  *self);

/* In memory until cs_setup_context_save_client_credentials_async(). */
const char        *cs_setup_context_get_consumer_key     (CsSetupContext  *self);
const char        *cs_setup_context_get_consumer_secret  (CsSetupContext  *self);
void               cs_setup_context_set_client_credentials (CsSetupContext *self,
                                                            const char     *consumer_key,
                                                            const char     *consumer_secret);

/* The connection being set up (created on first use, id = keyring key). */
CsConnection      *cs_setup_context_get_connection       (CsSetupContext  *self);
void               cs_setup_context_set_connection       (CsSetupContext  *self,
                                                          const CsConnection *connection);

CsSecretStore     *cs_setup_context_get_secret_store     (CsSetupContext  *self);
/* Every write of the connection's secrets goes through it; opened with the
 * connection store. */
CsConnectionVault *cs_setup_context_get_vault            (CsSetupContext  *self,
                                                          GError         **error);
CsConnectionStore *cs_setup_context_get_connection_store (CsSetupContext  *self,
                                                          GError         **error);

/* A client for the current login host and consumer key/secret; a new one
 * whenever those change. */
CsOAuthClient     *cs_setup_context_get_oauth_client     (CsSetupContext  *self);

/* The login chain for the current login host, app and callback (a new one
 * whenever those change); NULL until they are set. */
CsLogin           *cs_setup_context_get_login            (CsSetupContext  *self);

/* A fresh authorization request (new state and PKCE verifier) for the
 * current settings, remembered as the pending request. */
CsOAuthRequest    *cs_setup_context_begin_authorization  (CsSetupContext  *self);
CsOAuthRequest    *cs_setup_context_get_pending_request  (CsSetupContext  *self);

CsTokenSet        *cs_setup_context_get_tokens           (CsSetupContext  *self);
CsIdentity        *cs_setup_context_get_identity         (CsSetupContext  *self);

/* Saves consumer key and secret to the keyring under the connection. */
void               cs_setup_context_save_client_credentials_async  (CsSetupContext *self,
                                                                    GCancellable   *cancellable,
                                                                    GAsyncReadyCallback callback,
                                                                    gpointer        user_data);
gboolean           cs_setup_context_save_client_credentials_finish (CsSetupContext *self,
                                                                    GAsyncResult   *result,
                                                                    GError        **error);

/* Parses the intercepted callback URI of the pending request, exchanges the
 * code, fetches the identity and the user's profile. On success tokens and
 * identity are set (notify::identity). A callback that parses uses up the
 * pending request: another one gets CS_ERROR_STATE_MISMATCH. When the login
 * host, the consumer key or secret change or a new authorization begins
 * meanwhile, the result is dropped with G_IO_ERROR_CANCELLED. */
void               cs_setup_context_complete_login_async  (CsSetupContext *self,
                                                           const char     *callback_uri,
                                                           GCancellable   *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer        user_data);
gboolean           cs_setup_context_complete_login_finish (CsSetupContext *self,
                                                           GAsyncResult   *result,
                                                           GError        **error);

/* Forgets tokens and identity (before logging in again). A login whose
 * refresh token is not in the keyring is revoked at Salesforce; a stored
 * one is revoked once the next Confirm stored its successor. */
void               cs_setup_context_forget_login          (CsSetupContext *self);

/* "Confirm credentials" (and the end of a re-authorization): stores the
 * refresh token (and key/secret again, now labelled with org and user) in
 * the keyring and the connection facts in the store, through the vault;
 * the token it replaces is revoked afterwards. A stored connection of
 * another org is refused (CS_ERROR_WRONG_ORG). */
void               cs_setup_context_confirm_async         (CsSetupContext *self,
                                                           GCancellable   *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer        user_data);
gboolean           cs_setup_context_confirm_finish        (CsSetupContext *self,
                                                           GAsyncResult   *result,
                                                           GError        **error);

/* The field sync of the confirmed connection, created on first use with
 * the tokens of the login (a refresh token Salesforce rotates meanwhile is
 * stored in the keyring). NULL with CS_ERROR_INVALID_INPUT before Confirm,
 * or CS_ERROR_STORE when the catalog cannot be opened. A new login or
 * another connection gives a new one. The property "field-sync" holds the
 * one made (NULL again as soon as the login or the connection changes)
 * and is notified both ways: a page showing one starts over then. */
CsFieldSync       *cs_setup_context_get_field_sync        (CsSetupContext *self,
                                                           GError        **error);

/* Practice environment only: makes in the practice org the change in
 * Salesforce that @finding asks for (as the admin would in Setup), through
 * its control line "fix", so that a rehearsal can go on. Check again
 * afterwards. CS_ERROR_INVALID_INPUT for a finding it cannot fix; a
 * CS_ERROR when the practice org stopped. */
void               cs_setup_context_fix_practice_finding_async  (CsSetupContext       *self,
                                                                 const CsAuditFinding *finding,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean           cs_setup_context_fix_practice_finding_finish (CsSetupContext       *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
/* Whether the practice org can fix @finding (and is running). */
gboolean           cs_setup_context_can_fix_practice_finding (CsSetupContext       *self,
                                                              const CsAuditFinding *finding);

/* A renewed (rotated) refresh token the keyring refused: the error to show,
 * whose message says what to do, or NULL. Notified as "keyring-error". The
 * token is kept in memory meanwhile; close the window only once this is
 * NULL again. */
const GError      *cs_setup_context_get_keyring_error     (CsSetupContext *self);
/* Tries the refused write(s) again; "keyring-error" clears on success. */
void               cs_setup_context_retry_keyring_write_async  (CsSetupContext *self,
                                                                GAsyncReadyCallback callback,
                                                                gpointer        user_data);
gboolean           cs_setup_context_retry_keyring_write_finish (CsSetupContext *self,
                                                                GAsyncResult   *result,
                                                                GError        **error);

/* Salesforce refused the connection (a page's field sync failed): marks
 * it "needs re-authorization" through the vault when the error says so.
 * Returns whether it did. */
gboolean           cs_setup_context_note_error            (CsSetupContext *self,
                                                           const GError   *error);

/* Re-authorization of a stored connection: it becomes the context's
 * connection, its sync user the expected username (login_hint), and a login
 * into another org is refused (CS_ERROR_WRONG_ORG) without changing
 * anything. Set the environment and the consumer key and secret as well. */
void               cs_setup_context_set_reauthorization   (CsSetupContext     *self,
                                                           const CsConnection *connection);
/* The org a re-authorization must log in to, or NULL. */
const char        *cs_setup_context_get_expected_org_id   (CsSetupContext     *self);

/* Prepares the guided re-authorization of the stored connection
 * @name_or_id (its name or id): its environment and login host (this
 * window's practice org for a practice connection), its sync user
 * (login_hint) and org (a login into another one is refused), its consumer
 * key and secret from the keyring, and its status for the pages. The task
 * becomes CS_SETUP_TASK_REAUTHORIZE. CS_ERROR_INVALID_INPUT for an unknown
 * connection or one whose setup never reached Confirm. Leaving the task
 * drops all of it. */
void               cs_setup_context_begin_reauthorization_async  (CsSetupContext *self,
                                                                  const char     *name_or_id,
                                                                  GCancellable   *cancellable,
                                                                  GAsyncReadyCallback callback,
                                                                  gpointer        user_data);
gboolean           cs_setup_context_begin_reauthorization_finish (CsSetupContext *self,
                                                                  GAsyncResult   *result,
                                                                  GError        **error);
/* The connection's status (row, health, keyring items) when the
 * re-authorization began; NULL outside one. */
const CsConnectionStatus *cs_setup_context_get_reauthorization_status (CsSetupContext *self);
/* Whether the re-authorization enters a new consumer key and secret (an app
 * made again, a rotated secret): then the credentials page is part of it,
 * and the new pair is stored only with the new login, at Confirm. Notified
 * as "replace-consumer". */
gboolean           cs_setup_context_get_replace_consumer  (CsSetupContext     *self);
/* Turning it off brings back the stored pair. Ignored when required. */
void               cs_setup_context_set_replace_consumer  (CsSetupContext     *self,
                                                           gboolean            replace);
/* A new pair is required: the keyring lacks the stored one, or it belonged
 * to the practice org of an earlier window. */
gboolean           cs_setup_context_get_consumer_required (CsSetupContext     *self);

/* What became of the refresh token the last Confirm replaced (a
 * re-authorization's old one): revoked, already dead, or still live at
 * Salesforce because revoking failed. */
CsRevokeOutcome    cs_setup_context_get_replaced_token    (CsSetupContext     *self);

/* Whether @connection was set up with this window's practice org (whose
 * admin controls can then end its authorization, for a rehearsal). */
gboolean           cs_setup_context_is_this_practice_org  (CsSetupContext     *self,
                                                           const CsConnection *connection);

/* Whether a stored connection still works: a token refresh through the
 * vault, which marks a refusal ("needs re-authorization") and clears the
 * mark when it works; its "changed" signal follows either way. */
void               cs_setup_context_check_connection_async  (CsSetupContext *self,
                                                             const char     *connection_id,
                                                             GCancellable   *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer        user_data);
gboolean           cs_setup_context_check_connection_finish (CsSetupContext *self,
                                                             GAsyncResult   *result,
                                                             GError        **error);
/* "Test now" on a stored connection: refresh, identity and today's API
 * requests (cs_connection_vault_test_async()), marked like a check. */
void               cs_setup_context_test_connection_async   (CsSetupContext *self,
                                                             const char     *connection_id,
                                                             GCancellable   *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer        user_data);
CsConnectionTest  *cs_setup_context_test_connection_finish  (CsSetupContext *self,
                                                             GAsyncResult   *result,
                                                             GError        **error);

/* ---- the record sync ---------------------------------------------------------
 *
 * The pages Start Salesforce Sync, Start Sync and Sync Status work on one
 * connection: the confirmed one of a new setup, or the stored one chosen
 * for CS_SETUP_TASK_SYNC_STATUS. */

/* That connection's id, or NULL (no confirmed connection yet, or another
 * task). */
const char        *cs_setup_context_get_sync_connection_id (CsSetupContext *self);
/* The sync status of the stored connection @name_or_id (its name or id):
 * the task becomes CS_SETUP_TASK_SYNC_STATUS. CS_ERROR_INVALID_INPUT for
 * an unknown connection or one whose setup never reached Confirm. Reads
 * the connection store only (no keyring). */
gboolean           cs_setup_context_begin_sync_status      (CsSetupContext *self,
                                                            const char     *name_or_id,
                                                            GError        **error);
/* The connection's CsRecordSync (transfer full), made on first use with
 * its secrets from the keyring, through the vault (which keeps the tokens
 * its refreshes bring): CS_ERROR_KEYRING_LOCKED, CS_ERROR_SECRET_MISSING
 * and the like say what to do. The same one while the connection and its
 * login stay: the status view follows the cycle Start Sync began. */
void               cs_setup_context_load_record_sync_async  (CsSetupContext     *self,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
CsRecordSync      *cs_setup_context_load_record_sync_finish (CsSetupContext     *self,
                                                             GAsyncResult       *result,
                                                             GError            **error);
/* The one loaded, or NULL. */
CsRecordSync      *cs_setup_context_get_record_sync         (CsSetupContext     *self);
/* The connection's CsSyncStatus, made on first use (it reads the sync
 * database only when refreshed); NULL with CS_ERROR_INVALID_INPUT without
 * a connection, or CS_ERROR_STORE. */
CsSyncStatus      *cs_setup_context_get_sync_status         (CsSetupContext     *self,
                                                             GError            **error);
/* A cycle failed: marks the connection "needs re-authorization" through
 * the vault when @error says so. Returns whether it did. */
gboolean           cs_setup_context_note_sync_error         (CsSetupContext     *self,
                                                             const GError       *error);
/* Whether the connection is marked "needs re-authorization" (by this
 * window, the timer's cycles or crm-sync). Reads the connection store. */
gboolean           cs_setup_context_get_sync_needs_reauthorization (CsSetupContext *self);
/* Installs and starts the connection's systemd user service and timer
 * (cs_sync_service_install_async()); without a systemd user session the
 * result says how to run "crm-sync sync --watch" instead. */
void               cs_setup_context_install_sync_service_async  (CsSetupContext     *self,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
CsSyncServiceResult *cs_setup_context_install_sync_service_finish (CsSetupContext   *self,
                                                                 GAsyncResult     *result,
                                                                 GError          **error);

G_END_DECLS
