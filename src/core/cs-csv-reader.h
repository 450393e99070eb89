/* cs-csv-reader.h: reads RFC 4180 CSV (Bulk API 2.0 results) field by
 * field, in place: a field points into the buffer unless it had doubled
 * quotes to undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *p;
  const char *end;
  GString    *scratch;     /* an unescaped field */
  gboolean    at_end;      /* no field left */
} CsCsvReader;

void     cs_csv_reader_init   (CsCsvReader  *reader,
                               const char   *data,
                               gsize         length);
void     cs_csv_reader_clear  (CsCsvReader  *reader);

/* The next field: *@text (not NUL-terminated) and *@length stay valid
 * until the next call; *@in_buffer says whether *@text points into the
 * data (else into the reader's scratch). *@quoted says whether it was
 * quoted (an unquoted empty field is a null). *@end_of_record is TRUE for
 * the last field of a record. FALSE at the end of the data; FALSE with
 * CS_ERROR_MALFORMED_RESPONSE for a quote left open or text after one. */
gboolean cs_csv_reader_next   (CsCsvReader  *reader,
                               const char  **text,
                               gsize        *length,
                               gboolean     *in_buffer,
                               gboolean     *quoted,
                               gboolean     *end_of_record,
                               GError      **error);

G_END_DECLS
