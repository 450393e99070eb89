/* cs-csv-reader.c: RFC 4180 CSV, field by field, in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-csv-reader.h"
#include "cs-error.h"

void
cs_csv_reader_init (CsCsvReader *reader,
                    const char  *data,
                    gsize        length)
{
  /* An empty GBytes has no data at all. */
  reader->p = data != NULL ? data : "";
  reader->end = reader->p + length;
  reader->scratch = g_string_new (NULL);
  reader->at_end = length == 0;
}

void
cs_csv_reader_clear (CsCsvReader *reader)
{
  if (reader->scratch != NULL)
    g_string_free (reader->scratch, TRUE);
  reader->scratch = NULL;
}

static gboolean
malformed (GError **error)
{
  g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                       _("Salesforce sent Bulk API results that are not valid CSV. Sync again "
                         "later; if it keeps failing, lower the Bulk API threshold so that the "
                         "object is read through REST queries."));
  return FALSE;
}

/* After a field: a comma (more fields), a line end or the end of the data
 * (end of record). */
static gboolean
read_separator (CsCsvReader  *reader,
                gboolean     *end_of_record,
                GError      **error)
{
  if (reader->p >= reader->end)
    {
      reader->at_end = TRUE;
      *end_of_record = TRUE;
      return TRUE;
    }
  if (*reader->p == ',')
    {
      reader->p++;
      *end_of_record = FALSE;
      return TRUE;
    }
  if (*reader->p == '\r')
    reader->p++;
  if (reader->p < reader->end && *reader->p == '\n')
    {
      reader->p++;
      *end_of_record = TRUE;
      reader->at_end = reader->p >= reader->end;
      return TRUE;
    }
  return malformed (error);
}

gboolean
cs_csv_reader_next (CsCsvReader  *reader,
                    const char  **text,
                    gsize        *length,
                    gboolean     *in_buffer,
                    gboolean     *quoted,
                    gboolean     *end_of_record,
                    GError      **error)
{
  const char *start;

  if (reader->at_end)
    return FALSE;

  if (reader->p >= reader->end || *reader->p != '"')
    {
      start = reader->p;
      while (reader->p < reader->end && *reader->p != ',' && *reader->p != '\n' && *reader->p != '\r')
        reader->p++;
      *text = start;
      *length = (gsize) (reader->p - start);
      *in_buffer = TRUE;
      *quoted = FALSE;
      return read_separator (reader, end_of_record, error);
    }

  /* Quoted: in place until a doubled quote needs undoing. */
  start = ++reader->p;
  for (;;)
    {
      const char *quote = memchr (reader->p, '"', (gsize) (reader->end - reader->p));

      if (quote == NULL)
        return malformed (error);
      if (quote + 1 < reader->end && quote[1] == '"')
        {
          if (start != NULL)
            {
              g_string_truncate (reader->scratch, 0);
              g_string_append_len (reader->scratch, start, quote - start);
              start = NULL;
            }
          else
            g_string_append_len (reader->scratch, reader->p, quote - reader->p);
          g_string_append_c (reader->scratch, '"');
          reader->p = quote + 2;
          continue;
        }

      if (start != NULL)
        {
          *text = start;
          *length = (gsize) (quote - start);
          *in_buffer = TRUE;
        }
      else
        {
          g_string_append_len (reader->scratch, reader->p, quote - reader->p);
          *text = reader->scratch->str;
          *length = reader->scratch->len;
          *in_buffer = FALSE;
        }
      reader->p = quote + 1;
      *quoted = TRUE;
      return read_separator (reader, end_of_record, error);
    }
}
