/* fuzz-describe-json.c: a describe answer, as the client reads it: the
 * bounded JSON parser, then the access audit over it, as the Lead's
 * describe and as a custom object's.
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
  static const char * const custom[] = { "Custom__c", NULL };
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = cs_http_parse_json (body, NULL);
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  if (root == NULL)
    return 0;
  describes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (describes, (gpointer) "Lead", root);
  g_hash_table_insert (describes, (gpointer) "Custom__c", root);
  findings = cs_access_audit_run (describes, custom);
  cs_access_audit_count_blocking (findings);
  return 0;
}
