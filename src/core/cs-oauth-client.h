/* cs-oauth-client.h: the token, revoke and identity endpoints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "cs-identity.h"
#include "cs-oauth-request.h"
#include "cs-token-set.h"

G_BEGIN_DECLS

#define CS_TYPE_OAUTH_CLIENT (cs_oauth_client_get_type ())
G_DECLARE_FINAL_TYPE (CsOAuthClient, cs_oauth_client, CS, OAUTH_CLIENT, GObject)

/* @login_host must already be normalized (cs_login_host_normalize()).
 * The consumer secret is kept in memory only. */
CsOAuthClient *cs_oauth_client_new                 (const char      *login_host,
                                                    const char      *consumer_key,
                                                    const char      *consumer_secret);

const char    *cs_oauth_client_get_login_host      (CsOAuthClient   *self);
const char    *cs_oauth_client_get_consumer_key    (CsOAuthClient   *self);
SoupSession   *cs_oauth_client_get_session         (CsOAuthClient   *self);

/* grant_type=authorization_code with the request's redirect URI and PKCE
 * verifier. The result's signature is verified. */
void           cs_oauth_client_exchange_code_async (CsOAuthClient   *self,
                                                    CsOAuthRequest  *request,
                                                    const char      *code,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
CsTokenSet    *cs_oauth_client_exchange_code_finish (CsOAuthClient  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* grant_type=refresh_token. When the response carries no refresh token the
 * result keeps @refresh_token; when it carries a new one (rotation) the
 * result holds the new one and the caller must store it. */
void           cs_oauth_client_refresh_async       (CsOAuthClient   *self,
                                                    const char      *refresh_token,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
CsTokenSet    *cs_oauth_client_refresh_finish      (CsOAuthClient   *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

void           cs_oauth_client_revoke_async        (CsOAuthClient   *self,
                                                    const char      *token,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
gboolean       cs_oauth_client_revoke_finish       (CsOAuthClient   *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* GET the token set's identity URL (?format=json) with the access token. */
void           cs_oauth_client_fetch_identity_async (CsOAuthClient  *self,
                                                    CsTokenSet      *tokens,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
CsIdentity    *cs_oauth_client_fetch_identity_finish (CsOAuthClient *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* GET {instance}/services/oauth2/userinfo with the access token. */
void           cs_oauth_client_fetch_userinfo_async (CsOAuthClient  *self,
                                                    CsTokenSet      *tokens,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
CsIdentity    *cs_oauth_client_fetch_userinfo_finish (CsOAuthClient *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

G_END_DECLS
