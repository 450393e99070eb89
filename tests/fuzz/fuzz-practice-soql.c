/* fuzz-practice-soql.c: the practice org's SOQL parser and evaluator,
 * then the answer written as JSON (records and column metadata), which
 * must stay valid UTF-8. The first byte picks the caller (sync user or
 * administrator).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-practice-data.h"
#include "cs-practice-schema.h"
#include "cs-practice-seed.h"
#include "cs-practice-soql.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CsPracticeSchema *schema;
  static CsPracticeData *records;
  g_autofree char *soql = NULL;
  g_autoptr(CsSoqlResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CsPracticeRole role;

  if (schema == NULL)
    {
      schema = cs_practice_schema_new ();
      cs_practice_seed_schema (schema);
      records = cs_practice_data_new (50);
    }
  if (size == 0)
    return 0;
  role = data[0] & 1 ? CS_PRACTICE_ROLE_ADMIN : CS_PRACTICE_ROLE_SYNC;
  soql = fuzz_string (data + 1, size - 1);

  result = cs_soql_run (schema, records, role, soql, &error);
  g_assert ((result == NULL) != (error == NULL));
  if (result != NULL)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      CsJsonWriter w;

      cs_json_writer_init (&w, out);
      cs_json_begin_array (&w);
      cs_soql_result_write_records (result, records, "64.0", 0, 20, &w);
      cs_json_end_array (&w);
      g_string_append_c (out, ' ');
      cs_json_writer_init (&w, out);
      cs_json_begin_object (&w);
      cs_soql_result_write_columns (result, &w);
      cs_json_end_object (&w);
      g_assert (g_utf8_validate (out->str, out->len, NULL));
    }
  else
    {
      g_autoptr(GString) out = g_string_new (NULL);

      cs_soql_error_code (error);
      cs_json_append_escaped (out, error->message);
      g_assert (g_utf8_validate (out->str, out->len, NULL));
    }
  return 0;
}
