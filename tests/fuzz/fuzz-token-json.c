/* fuzz-token-json.c: a token endpoint's answer, as the client reads it:
 * the bounded JSON parser, the token set with its signature check, and
 * the error mapping of the same body in a 400.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-core.h"
#include "cs-http-private.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = cs_http_parse_json (body, NULL);
  g_autoptr(GError) mapped = cs_http_error_from_status (400, body);

  g_assert (mapped != NULL && mapped->domain == CS_ERROR);
  if (root != NULL)
    {
      g_autoptr(CsTokenSet) tokens = NULL;
      g_autoptr(CsTokenSet) unsigned_tokens = NULL;
      g_autoptr(GError) error = NULL;

      tokens = cs_token_set_new_from_json (root, "consumer-secret", &error);
      g_assert ((tokens == NULL) != (error == NULL));
      unsigned_tokens = cs_token_set_new_from_json (root, NULL, NULL);
      if (tokens != NULL)
        {
          cs_token_set_get_access_token (tokens);
          cs_token_set_get_instance_url (tokens);
          cs_token_set_get_issued_at_ms (tokens);
        }
    }
  return 0;
}
