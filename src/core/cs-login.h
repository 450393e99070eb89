/* cs-login.h: the login chain the wizard and crm-sync share: the callback
 * address, its state and PKCE verifier, the code exchange, who logged in
 * and their profile, and for a re-authorization the same-org rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-identity.h"
#include "cs-oauth-client.h"
#include "cs-oauth-request.h"
#include "cs-token-set.h"

G_BEGIN_DECLS

/* What a login that went through hands back. */
typedef struct {
  CsTokenSet *tokens;      /* with the refresh token to store */
  CsIdentity *identity;    /* with the user's profile */
  gboolean    other_user;  /* not the expected user (cs_login_set_expected_username()) */
} CsLoginResult;

#define CS_TYPE_LOGIN_RESULT (cs_login_result_get_type ())
GType          cs_login_result_get_type (void);
CsLoginResult *cs_login_result_copy     (const CsLoginResult *result);
void           cs_login_result_free     (CsLoginResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsLoginResult, cs_login_result_free)

#define CS_TYPE_LOGIN (cs_login_get_type ())
G_DECLARE_FINAL_TYPE (CsLogin, cs_login, CS, LOGIN, GObject)

/* A login against @oauth's login host and app, coming back to
 * @redirect_uri (NULL: CS_DEFAULT_REDIRECT_URI). */
CsLogin        *cs_login_new                   (CsOAuthClient  *oauth,
                                                const char     *redirect_uri);

CsOAuthClient  *cs_login_get_oauth_client      (CsLogin        *self);
const char     *cs_login_get_redirect_uri      (CsLogin        *self);

/* Defaults to TRUE. Applies from the next cs_login_begin(). */
void            cs_login_set_use_pkce          (CsLogin        *self,
                                                gboolean        use_pkce);
/* Pre-fills the login page (login_hint) from the next cs_login_begin(), and
 * sets CsLoginResult.other_user for anyone else. NULL: nobody expected. */
void            cs_login_set_expected_username (CsLogin        *self,
                                                const char     *username);
/* Re-authorization: a login into another org than @org_id is refused with
 * CS_ERROR_WRONG_ORG (its new token revoked, nothing else done). NULL: any
 * org (a new connection). */
void            cs_login_set_expected_org_id   (CsLogin        *self,
                                                const char     *org_id);
const char     *cs_login_get_expected_org_id   (CsLogin        *self);

/* A new attempt: a new request with its own state and PKCE verifier. A
 * completion still running for an earlier one ends with
 * G_IO_ERROR_CANCELLED. Its authorize URI is
 * cs_oauth_request_build_authorize_uri (request). */
CsOAuthRequest *cs_login_begin                 (CsLogin        *self);
/* The request waiting for its callback, NULL once a callback used it. */
CsOAuthRequest *cs_login_get_pending_request   (CsLogin        *self);
/* Drops the pending request; a completion still running ends with
 * G_IO_ERROR_CANCELLED. */
void            cs_login_reset                 (CsLogin        *self);

/* Parses @callback_uri (which carries the authorization code: never log
 * it) for the pending request, exchanges the code, fetches the identity and
 * the profile. A callback that parses uses up the pending request: another
 * one gets CS_ERROR_STATE_MISMATCH. Once Salesforce handed out tokens,
 * every failure (another org, a stale or cancelled attempt, a later error)
 * revokes them before the task ends, so that no live token is left that
 * nobody stores. */
void            cs_login_complete_async        (CsLogin        *self,
                                                const char     *callback_uri,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
CsLoginResult  *cs_login_complete_finish       (CsLogin        *self,
                                                GAsyncResult   *result,
                                                GError        **error);

/* Revokes the tokens of a login that will not be stored (a new login
 * replaced it before Confirm, the admin started over), keeping the default
 * GApplication alive meanwhile. A failure is only logged: the token is
 * useless to us either way. @callback may be NULL. */
void            cs_login_discard_tokens_async  (CsOAuthClient  *oauth,
                                                CsTokenSet     *tokens,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
gboolean        cs_login_discard_tokens_finish (GAsyncResult   *result,
                                                GError        **error);

G_END_DECLS
