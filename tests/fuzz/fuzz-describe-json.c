/* fuzz-describe-json.c: a describe answer, as the client reads it: the
 * bounded JSON parser, the one describe parser (CsDescribe) with every
 * field it lists, then the access audit over it, as the Lead's describe
 * and as a custom object's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

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
  g_autoptr(CsDescribe) describe = NULL;
  gsize read_bytes = 0;
  guint i, k;

  if (root == NULL)
    return 0;

  describe = cs_describe_new_from_json (root, "Lead", NULL);
  if (describe != NULL)
    {
      g_assert (cs_describe_get_name (describe) != NULL);
      for (i = 0; i < cs_describe_get_n_fields (describe); i++)
        {
          const CsDescribeField *field = cs_describe_get_field (describe, i);

          g_assert (field->name != NULL && field->name[0] != '\0');
          g_assert (cs_describe_lookup_field (describe, field->name) != NULL);
          /* Every string it hands out must be readable to its end. */
          for (k = 0; field->reference_to[k] != NULL; k++)
            read_bytes += strlen (field->reference_to[k]);
          for (k = 0; k < field->n_picklist_values; k++)
            if (field->picklist_values[k].value != NULL)
              read_bytes += strlen (field->picklist_values[k].value);
        }
      cs_describe_lookup_field (describe, "Email");
      g_assert (read_bytes < size + 1);
    }

  describes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (describes, (gpointer) "Lead", root);
  g_hash_table_insert (describes, (gpointer) "Custom__c", root);
  findings = cs_access_audit_run (describes, custom);
  cs_access_audit_count_blocking (findings);
  return 0;
}
