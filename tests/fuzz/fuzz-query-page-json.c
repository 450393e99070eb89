/* fuzz-query-page-json.c: a query page, or a REST error in its place, as
 * the client reads it: the bounded JSON parser, the error mapping for the
 * statuses a page comes with, and the members the pager walks, read as
 * the pager reads them.
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
  static const guint statuses[] = { 400, 401, 403, 404, 500 };
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = cs_http_parse_json (body, NULL);
  JsonObject *page;
  JsonNode *records;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GError) mapped = cs_http_error_from_status (statuses[i], body);

      g_assert (mapped != NULL);
    }
  if (root == NULL)
    return 0;

  cs_http_rest_error_object (root);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  page = json_node_get_object (root);
  cs_json_object_get_int (page, "totalSize", 0);
  cs_json_object_get_bool (page, "done", TRUE);
  cs_json_object_get_string (page, "nextRecordsUrl");
  records = json_object_get_member (page, "records");
  if (records != NULL && JSON_NODE_HOLDS_ARRAY (records))
    for (i = 0; i < json_array_get_length (json_node_get_array (records)); i++)
      {
        JsonNode *record = json_array_get_element (json_node_get_array (records), i);

        if (JSON_NODE_HOLDS_OBJECT (record))
          cs_json_object_get_string (json_node_get_object (record), "Id");
      }
  return 0;
}
