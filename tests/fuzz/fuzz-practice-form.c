/* fuzz-practice-form.c: the practice org's form decoding (login,
 * verification and consent pages, the token endpoint): names and values
 * always come out valid UTF-8, and what the org encodes decodes back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>

#include "cs-practice-util.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *encoded = fuzz_string (data, size);
  g_autoptr(GHashTable) form = cs_practice_form_decode (encoded);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_autoptr(GString) again = g_string_new (NULL);
      g_autoptr(GHashTable) round_trip = NULL;

      g_assert (g_utf8_validate (name, -1, NULL));
      g_assert (g_utf8_validate (value, -1, NULL));

      cs_practice_append_form_param (again, name, value);
      round_trip = cs_practice_form_decode (again->str);
      g_assert_cmpstr (g_hash_table_lookup (round_trip, name), ==, value);
    }
  return 0;
}
