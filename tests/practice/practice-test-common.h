/* practice-test-common.h: plain-libsoup helpers for the practice org's
 * own tests. They speak HTTP directly, without the core, so that the
 * server is tested against the wire format and not against our client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cs-practice-org.h"

G_BEGIN_DECLS

typedef struct {
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
} PtResponse;

void        pt_response_free    (PtResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtResponse, pt_response_free)

const char *pt_response_header  (PtResponse *response,
                                 const char *name);
/* The body parsed as JSON; fails the test if it is not JSON. */
JsonNode   *pt_response_json    (PtResponse *response);
/* The first error of a REST error array: errorCode and message. */
const char *pt_rest_error_code  (JsonNode   *errors);

typedef struct {
  CsPracticeOrg *org;
  SoupSession   *session;     /* with a cookie jar: a browser */
} PtFixture;

void        pt_fixture_setup    (PtFixture     *fixture,
                                 gconstpointer  user_data);
void        pt_fixture_teardown (PtFixture     *fixture,
                                 gconstpointer  user_data);

/* Sends a request without following redirects. @path_or_url may be a path
 * on the org. Extra request headers come as NULL-terminated name/value
 * pairs. */
PtResponse *pt_request          (PtFixture  *fixture,
                                 const char *method,
                                 const char *path_or_url,
                                 const char *content_type,
                                 const char *body,
                                 ...) G_GNUC_NULL_TERMINATED;
/* GET with "Authorization: Bearer @token". */
PtResponse *pt_get_bearer       (PtFixture  *fixture,
                                 const char *path_or_url,
                                 const char *token);
/* POST application/x-www-form-urlencoded built from name/value pairs. */
PtResponse *pt_post_form        (PtFixture  *fixture,
                                 const char *path,
                                 ...) G_GNUC_NULL_TERMINATED;

/* A random PKCE verifier and its S256 challenge, computed here. */
void        pt_pkce_pair        (char      **verifier,
                                 char      **challenge);
/* A verifier of @n_random_bytes base64url-encoded, and the S256
 * challenge of any verifier. */
char       *pt_pkce_verifier    (gsize       n_random_bytes);
char       *pt_pkce_challenge   (const char *verifier);

/* GET with a bearer token, asserting the status; the body as JSON. */
JsonNode   *pt_get_json         (PtFixture  *fixture,
                                 const char *path,
                                 const char *token,
                                 guint       expected_status);

/* The authorize URL with the org's client id and callback; NULL values
 * are left out. */
char       *pt_authorize_path   (PtFixture  *fixture,
                                 const char *state,
                                 const char *scope,
                                 const char *challenge);

/* The value of a hidden input in @html. */
char       *pt_hidden_value     (const char *html,
                                 const char *name);
/* A query parameter of a URL (decoded), or NULL. */
char       *pt_url_param        (const char *url,
                                 const char *name);

/* Walks login, verification and consent (Allow) and returns the callback
 * Location. */
char       *pt_login_to_callback (PtFixture  *fixture,
                                  const char *username,
                                  const char *password,
                                  const char *state,
                                  const char *challenge);
/* Code exchange; returns the token response (asserting HTTP 200). */
JsonObject *pt_exchange_code    (PtFixture  *fixture,
                                 const char *code,
                                 const char *verifier);
/* A whole login; returns the token response's access token, and the
 * refresh token when @refresh_token is not NULL. */
char       *pt_login            (PtFixture  *fixture,
                                 gboolean    as_admin,
                                 char      **refresh_token);

G_END_DECLS
