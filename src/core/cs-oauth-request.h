/* cs-oauth-request.h: one authorization attempt (state, PKCE, callback).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_DEFAULT_REDIRECT_URI "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect"
#define CS_DEFAULT_SCOPE        "api refresh_token"

#define CS_TYPE_OAUTH_REQUEST (cs_oauth_request_get_type ())
G_DECLARE_FINAL_TYPE (CsOAuthRequest, cs_oauth_request, CS, OAUTH_REQUEST, GObject)

/* A fresh request: new random state (≥128 bits) and PKCE verifier, both from
 * getrandom(). Properties: login-host, client-id, redirect-uri, scope,
 * use-pkce (default TRUE), login-hint (nullable), prompt (default "login"). */
CsOAuthRequest *cs_oauth_request_new                (const char     *login_host,
                                                     const char     *client_id,
                                                     const char     *redirect_uri);

const char     *cs_oauth_request_get_login_host     (CsOAuthRequest *self);
const char     *cs_oauth_request_get_client_id      (CsOAuthRequest *self);
const char     *cs_oauth_request_get_redirect_uri   (CsOAuthRequest *self);
const char     *cs_oauth_request_get_state          (CsOAuthRequest *self);
/* NULL when PKCE is off */
const char     *cs_oauth_request_get_code_verifier  (CsOAuthRequest *self);
gboolean        cs_oauth_request_get_use_pkce       (CsOAuthRequest *self);
void            cs_oauth_request_set_use_pkce       (CsOAuthRequest *self,
                                                     gboolean        use_pkce);
void            cs_oauth_request_set_login_hint     (CsOAuthRequest *self,
                                                     const char     *login_hint);
void            cs_oauth_request_set_scope          (CsOAuthRequest *self,
                                                     const char     *scope);
void            cs_oauth_request_set_prompt         (CsOAuthRequest *self,
                                                     const char     *prompt);

/* {login host}/services/oauth2/authorize?response_type=code&… */
char           *cs_oauth_request_build_authorize_uri (CsOAuthRequest *self);

/* TRUE when @uri is the registered redirect URI: same scheme, host, port and
 * path, compared after parsing, never as a prefix. */
gboolean        cs_oauth_request_is_callback        (CsOAuthRequest *self,
                                                     const char     *uri);

/* Parses a callback URI. Returns the authorization code, or NULL with
 * CS_ERROR_ACCESS_DENIED (access_denied or access-denied),
 * CS_ERROR_STATE_MISMATCH (state missing or different, for an error callback
 * as for a code), the mapped OAuth error (only with our state), or
 * CS_ERROR_INVALID_INPUT when @uri is not the callback at all. */
char           *cs_oauth_request_parse_callback     (CsOAuthRequest *self,
                                                     const char     *uri,
                                                     GError        **error);

/* Helpers shared with the practice org and tests. */
char           *cs_random_urlsafe_string            (gsize           n_bytes);
char           *cs_pkce_challenge_for_verifier      (const char     *verifier);

G_END_DECLS
