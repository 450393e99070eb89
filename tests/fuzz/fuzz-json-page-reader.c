/* fuzz-json-page-reader.c: a query page as the record sync reads it, in
 * one pass and in place (cs-json-page-reader.c): every value handed on is
 * read whole, and the early announcement of the next page never says
 * "more follows" without saying where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-json-page-reader.h"
#include "fuzz-common.h"

typedef struct {
  guint  sum;   /* touches every byte handed on, for the sanitizers */
} Reading;

static void
touch (Reading    *reading,
       const char *text,
       gsize       length)
{
  for (gsize i = 0; i < length; i++)
    reading->sum += (guchar) text[i];
}

static gboolean
begin_record (gpointer   user_data,
              GError   **error)
{
  return TRUE;
}

static gboolean
member (const char      *name,
        gsize            name_length,
        CsJsonValueKind  kind,
        const char      *text,
        gsize            length,
        gboolean         in_place,
        gpointer         user_data,
        GError         **error)
{
  touch (user_data, name, name_length);
  touch (user_data, text, length);
  return TRUE;
}

static gboolean
end_record (gpointer   user_data,
            GError   **error)
{
  return TRUE;
}

static void
before_records (gint64      total_size,
                gboolean    done,
                const char *next_records_url,
                gpointer    user_data)
{
  /* The record sync would otherwise wait for a page nobody asks for. */
  g_assert (done || next_records_url != NULL);
  if (next_records_url != NULL)
    touch (user_data, next_records_url, strlen (next_records_url));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const CsJsonPageHandlers handlers = {
    begin_record, member, end_record, before_records,
  };
  /* Exactly @size bytes, with nothing after them to hide an over-read. */
  g_autofree char *page = g_memdup2 (data, size);
  CsJsonPageInfo info = { 0 };
  Reading reading = { 0 };
  g_autoptr(GError) error = NULL;

  if (!cs_json_page_read (page, size, &handlers, &reading, &info, &error))
    g_assert (error != NULL);
  cs_json_page_info_clear (&info);
  return 0;
}
