/* fuzz-csv-reader.c: Bulk API 2.0 results as the record sync reads them,
 * field by field and in place (cs-csv-reader.c): every field handed on is
 * read whole, and the reader always ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-csv-reader.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Exactly @size bytes, with nothing after them to hide an over-read. */
  g_autofree char *csv = g_memdup2 (data, size);
  CsCsvReader reader;
  const char *text;
  gsize length, fields = 0;
  gboolean in_buffer, quoted, end_of_record;
  guint sum = 0;
  g_autoptr(GError) error = NULL;

  cs_csv_reader_init (&reader, csv, size);
  while (cs_csv_reader_next (&reader, &text, &length, &in_buffer, &quoted, &end_of_record, &error))
    {
      for (gsize i = 0; i < length; i++)
        sum += (guchar) text[i];
      if (in_buffer)
        g_assert (text >= csv && text + length <= csv + size);
      /* Each field takes at least one byte of input but the last. */
      g_assert (++fields <= size + 1);
    }
  cs_csv_reader_clear (&reader);
  (void) sum;
  return 0;
}
