/* fuzz-identity-json.c: an identity (or userinfo) answer, as the client
 * reads it.
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
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;
  identity = cs_identity_new_from_json (root, &error);
  g_assert ((identity == NULL) != (error == NULL));
  return 0;
}
