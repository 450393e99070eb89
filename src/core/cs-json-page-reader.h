/* cs-json-page-reader.h: reads a REST query answer ({"totalSize", "done",
 * "nextRecordsUrl", "records": [{…}, …]}) in one pass, handing each
 * record's values on as they are read, in place: no tree is built, and a
 * value points into the page unless it had escapes to undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CS_JSON_VALUE_STRING,
  CS_JSON_VALUE_NUMBER,
  CS_JSON_VALUE_TRUE,
  CS_JSON_VALUE_FALSE,
  CS_JSON_VALUE_NULL,
  CS_JSON_VALUE_COMPOUND,   /* an object or array: its JSON text */
} CsJsonValueKind;

typedef struct {
  /* Called as each record starts and ends, and for each member but
   * "attributes"; @text is the value (unescaped for strings, its JSON text
   * otherwise), valid until the callback returns unless @in_place, in
   * which case it lives as long as the page. FALSE from a callback stops
   * the reading with the error it set. */
  gboolean (*begin_record) (gpointer user_data, GError **error);
  gboolean (*member)       (const char      *name,
                            gsize            name_length,
                            CsJsonValueKind  kind,
                            const char      *text,
                            gsize            length,
                            gboolean         in_place,
                            gpointer         user_data,
                            GError         **error);
  gboolean (*end_record)   (gpointer user_data, GError **error);
  /* Called when "records" starts if "done" came before it and said
   * either that no page follows or, with nextRecordsUrl, where it is
   * (Salesforce writes totalSize, done and nextRecordsUrl first), so that
   * the next page can be asked for while the records are stored; never
   * with done FALSE and no URL. May be NULL. */
  void     (*before_records) (gint64       total_size,
                              gboolean     done,
                              const char  *next_records_url,
                              gpointer     user_data);
} CsJsonPageHandlers;

typedef struct {
  gint64    total_size;        /* -1 when absent */
  gboolean  done;              /* TRUE when absent */
  char     *next_records_url;  /* NULL when done */
  guint     n_records;
} CsJsonPageInfo;

void     cs_json_page_info_clear (CsJsonPageInfo          *info);

/* CS_ERROR_MALFORMED_RESPONSE when @data is no query answer. */
gboolean cs_json_page_read       (const char              *data,
                                  gsize                    length,
                                  const CsJsonPageHandlers *handlers,
                                  gpointer                 user_data,
                                  CsJsonPageInfo          *info,
                                  GError                 **error);

G_END_DECLS
