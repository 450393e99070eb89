/* cs-token-set.h: what the token endpoint hands back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_TYPE_TOKEN_SET (cs_token_set_get_type ())
G_DECLARE_FINAL_TYPE (CsTokenSet, cs_token_set, CS, TOKEN_SET, GObject)

/* Parses a 200 token response and verifies its signature:
 * base64(HMAC-SHA256(consumer_secret, id + issued_at)), compared in constant
 * time. CS_ERROR_BAD_SIGNATURE or CS_ERROR_MALFORMED_RESPONSE otherwise. */
CsTokenSet  *cs_token_set_new_from_json          (JsonNode    *root,
                                                  const char  *consumer_secret,
                                                  GError     **error);

CsTokenSet  *cs_token_set_new                    (const char  *access_token,
                                                  const char  *refresh_token,
                                                  const char  *instance_url,
                                                  const char  *id_url);

const char  *cs_token_set_get_access_token       (CsTokenSet  *self);
/* NULL when the response carried none (refresh responses usually don't) */
const char  *cs_token_set_get_refresh_token      (CsTokenSet  *self);
void         cs_token_set_set_refresh_token      (CsTokenSet  *self,
                                                  const char  *refresh_token);
const char  *cs_token_set_get_instance_url       (CsTokenSet  *self);
const char  *cs_token_set_get_id_url             (CsTokenSet  *self);
const char  *cs_token_set_get_scope              (CsTokenSet  *self);
gint64       cs_token_set_get_issued_at_ms       (CsTokenSet  *self);

/* The signature check alone, for tests and the practice org. */
char        *cs_token_signature_compute          (const char  *consumer_secret,
                                                  const char  *id_url,
                                                  const char  *issued_at);
gboolean     cs_token_signature_verify           (const char  *consumer_secret,
                                                  const char  *id_url,
                                                  const char  *issued_at,
                                                  const char  *signature);

G_END_DECLS
