/* cs-setup-context-private.h: what the files of CsSetupContext share
 * (cs-setup-context.c, -practice.c, -reauthorize.c, -sync.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-setup-context.h"

G_BEGIN_DECLS

struct _CsSetupContext
{
  GObject             parent_instance;

  GSettings          *settings;
  CsSetupTask         task;
  CsEnvironment       environment;
  char               *my_domain;
  char               *expected_username;
  gboolean            use_pkce;

  char               *consumer_key;
  char               *consumer_secret;

  CsConnection       *connection;
  CsSecretStore      *secret_store;
  CsConnectionStore  *connection_store;
  CsConnectionVault  *vault;
  CsOAuthClient      *oauth_client;
  CsLogin            *login;
  char               *expected_org_id;
  CsTokenSet         *tokens;
  CsIdentity         *identity;
  /* The client the tokens came from (to revoke them), and whether the
   * keyring holds their refresh token (then a new login replaces it and
   * revokes it only once its successor is stored). */
  CsOAuthClient      *tokens_oauth;
  gboolean            tokens_stored;
  /* A rotated refresh token the keyring refused, for the pages to show. */
  GError             *keyring_error;
  /* The practice org's process, kept once it stopped until a new one
   * replaces it; the calls waiting for one starting (GTask). */
  CsPracticeProcess  *practice_org;
  GPtrArray          *practice_waiters;
  CsFieldCatalog     *field_catalog;
  CsFieldSync        *field_sync;
  /* The login and connection the field sync was made for. */
  CsTokenSet         *field_sync_tokens;
  char               *field_sync_connection_id;
  /* A re-authorization: the stored connection's status when it began, its
   * consumer key and secret as the keyring held them (NULL when missing),
   * whether new ones are entered and whether they must be. */
  CsConnectionStatus *reauth_status;
  char               *reauth_key;
  char               *reauth_secret;
  gboolean            replace_consumer;
  gboolean            consumer_required;
  /* What became of the refresh token the last Confirm replaced. */
  CsRevokeOutcome     replaced_token;
  /* The record sync pages: the stored connection the sync status shows,
   * the record sync made for it (and the login it was made with) and its
   * status. */
  char               *sync_status_id;
  CsRecordSync       *record_sync;
  CsTokenSet         *record_sync_tokens;
  CsSyncStatus       *sync_status;
};

enum {
  PROP_0,
  PROP_TASK,
  PROP_ENVIRONMENT,
  PROP_LOGIN_HOST,
  PROP_EXPECTED_USERNAME,
  PROP_USE_PKCE,
  PROP_HAS_CLIENT_CREDENTIALS,
  PROP_TOKENS,
  PROP_IDENTITY,
  PROP_KEYRING_ERROR,
  PROP_REPLACE_CONSUMER,
  PROP_FIELD_SYNC,
  PROP_PRACTICE_ORG,
  N_PROPS
};

extern GParamSpec *cs_setup_context_properties[N_PROPS];

/* Each drops what a change of login, connection or task made stale. */
void cs_setup_context_invalidate_client       (CsSetupContext *self);
void cs_setup_context_drop_pending_request    (CsSetupContext *self);
void cs_setup_context_discard_unstored_login  (CsSetupContext *self);
void cs_setup_context_drop_stale_field_sync   (CsSetupContext *self);
void cs_setup_context_drop_practice_org       (CsSetupContext *self);
void cs_setup_context_clear_reauthorization   (CsSetupContext *self);
void cs_setup_context_drop_stale_record_sync  (CsSetupContext *self);

G_END_DECLS
