/* cs-json-page-reader.c: a REST query answer read in one pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-json-page-reader.h"

/* Nesting a value may have (a compound field's object in a record). */
#define MAX_DEPTH 32

typedef struct {
  const char *p;
  const char *end;
  GString    *scratch;       /* an unescaped string */
  GString    *scratch_name;  /* an unescaped member name */
} Reader;

void
cs_json_page_info_clear (CsJsonPageInfo *info)
{
  g_clear_pointer (&info->next_records_url, g_free);
}

static gboolean
malformed (GError **error)
{
  g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                       _("Salesforce’s answer to a query cannot be read. Sync again later."));
  return FALSE;
}

static void
skip_blanks (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static gboolean
expect (Reader  *r,
        char     c,
        GError **error)
{
  skip_blanks (r);
  if (r->p >= r->end || *r->p != c)
    return malformed (error);
  r->p++;
  return TRUE;
}

/* The next character, after blanks, without taking it; '\0' at the end. */
static char
peek (Reader *r)
{
  skip_blanks (r);
  return r->p < r->end ? *r->p : '\0';
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *value)
{
  *value = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (r->p[i]);

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + (gunichar) digit;
    }
  r->p += 4;
  return TRUE;
}

/* A string (the opening quote taken already): in place when it has no
 * escape, else unescaped into @scratch. */
static gboolean
read_string (Reader       *r,
             GString      *scratch,
             const char  **text,
             gsize        *length,
             gboolean     *in_place,
             GError      **error)
{
  const char *start = r->p;
  const char *run;

  while (r->p < r->end && *r->p != '"' && *r->p != '\\')
    r->p++;
  if (r->p >= r->end)
    return malformed (error);
  if (*r->p == '"')
    {
      *text = start;
      *length = (gsize) (r->p - start);
      *in_place = TRUE;
      r->p++;
      return TRUE;
    }

  g_string_truncate (scratch, 0);
  g_string_append_len (scratch, start, r->p - start);
  while (r->p < r->end && *r->p != '"')
    {
      gunichar c;

      if (*r->p != '\\')
        {
          run = r->p;
          while (r->p < r->end && *r->p != '"' && *r->p != '\\')
            r->p++;
          g_string_append_len (scratch, run, r->p - run);
          continue;
        }
      if (++r->p >= r->end)
        return malformed (error);
      switch (*r->p++)
        {
        case '"':  g_string_append_c (scratch, '"'); break;
        case '\\': g_string_append_c (scratch, '\\'); break;
        case '/':  g_string_append_c (scratch, '/'); break;
        case 'b':  g_string_append_c (scratch, '\b'); break;
        case 'f':  g_string_append_c (scratch, '\f'); break;
        case 'n':  g_string_append_c (scratch, '\n'); break;
        case 'r':  g_string_append_c (scratch, '\r'); break;
        case 't':  g_string_append_c (scratch, '\t'); break;
        case 'u':
          if (!read_hex4 (r, &c))
            return malformed (error);
          /* A surrogate pair spells one character above U+FFFF. */
          if (c >= 0xd800 && c <= 0xdbff)
            {
              gunichar low;

              if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
                return malformed (error);
              r->p += 2;
              if (!read_hex4 (r, &low) || low < 0xdc00 || low > 0xdfff)
                return malformed (error);
              c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
            }
          else if (c >= 0xdc00 && c <= 0xdfff)
            return malformed (error);
          g_string_append_unichar (scratch, c);
          break;
        default:
          return malformed (error);
        }
    }
  if (r->p >= r->end)
    return malformed (error);
  r->p++;
  *text = scratch->str;
  *length = scratch->len;
  *in_place = FALSE;
  return TRUE;
}

/* A number's text is not NUL-terminated where it stands in the answer:
 * read it from a bounded copy. -1 when it is no count. */
static gint64
parse_count (const char *text,
             gsize       length)
{
  char buffer[32];
  gint64 count;

  if (length == 0 || length >= sizeof buffer)
    return -1;
  memcpy (buffer, text, length);
  buffer[length] = '\0';
  if (!g_ascii_string_to_signed (buffer, 10, 0, G_MAXINT64, &count, NULL))
    return -1;
  return count;
}

/* Skips an object or array (the opening bracket taken already), strings
 * and nesting respected. */
static gboolean
skip_compound (Reader  *r,
               GError **error)
{
  guint depth = 1;

  while (r->p < r->end && depth > 0)
    {
      char c = *r->p++;

      if (c == '"')
        {
          while (r->p < r->end && *r->p != '"')
            r->p += *r->p == '\\' && r->end - r->p > 1 ? 2 : 1;
          if (r->p >= r->end)
            return malformed (error);
          r->p++;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return malformed (error);
        }
      else if (c == '}' || c == ']')
        depth--;
    }
  return depth == 0 ? TRUE : malformed (error);
}

/* Any value: its kind and text. */
static gboolean
read_value (Reader           *r,
            CsJsonValueKind  *kind,
            const char      **text,
            gsize            *length,
            gboolean         *in_place,
            GError          **error)
{
  char c = peek (r);
  const char *start = r->p;

  *in_place = TRUE;
  switch (c)
    {
    case '"':
      r->p++;
      *kind = CS_JSON_VALUE_STRING;
      return read_string (r, r->scratch, text, length, in_place, error);
    case '{':
    case '[':
      r->p++;
      if (!skip_compound (r, error))
        return FALSE;
      *kind = CS_JSON_VALUE_COMPOUND;
      break;
    case 't':
      if (r->end - r->p < 4 || memcmp (r->p, "true", 4) != 0)
        return malformed (error);
      r->p += 4;
      *kind = CS_JSON_VALUE_TRUE;
      break;
    case 'f':
      if (r->end - r->p < 5 || memcmp (r->p, "false", 5) != 0)
        return malformed (error);
      r->p += 5;
      *kind = CS_JSON_VALUE_FALSE;
      break;
    case 'n':
      if (r->end - r->p < 4 || memcmp (r->p, "null", 4) != 0)
        return malformed (error);
      r->p += 4;
      *kind = CS_JSON_VALUE_NULL;
      break;
    default:
      if (c != '-' && !g_ascii_isdigit (c))
        return malformed (error);
      while (r->p < r->end && (g_ascii_isdigit (*r->p) || strchr ("+-.eE", *r->p) != NULL))
        r->p++;
      *kind = CS_JSON_VALUE_NUMBER;
      break;
    }
  *text = start;
  *length = (gsize) (r->p - start);
  return TRUE;
}

/* A member name and its colon. */
static gboolean
read_name (Reader       *r,
           const char  **name,
           gsize        *length,
           GError      **error)
{
  gboolean in_place;

  if (!expect (r, '"', error) ||
      !read_string (r, r->scratch_name, name, length, &in_place, error))
    return FALSE;
  return expect (r, ':', error);
}

static gboolean
name_is (const char *name,
         gsize       length,
         const char *expected)
{
  return length == strlen (expected) && memcmp (name, expected, length) == 0;
}

static gboolean
read_record (Reader                    *r,
             const CsJsonPageHandlers  *handlers,
             gpointer                   user_data,
             GError                   **error)
{
  if (!expect (r, '{', error) ||
      (handlers->begin_record != NULL && !handlers->begin_record (user_data, error)))
    return FALSE;
  if (peek (r) == '}')
    r->p++;
  else
    for (;;)
      {
        const char *name, *text;
        gsize name_length, length;
        CsJsonValueKind kind;
        gboolean in_place;
        char separator;

        if (!read_name (r, &name, &name_length, error) ||
            !read_value (r, &kind, &text, &length, &in_place, error))
          return FALSE;
        if (!name_is (name, name_length, "attributes") &&
            !handlers->member (name, name_length, kind, text, length, in_place, user_data, error))
          return FALSE;
        separator = peek (r);
        r->p++;
        if (separator == '}')
          break;
        if (separator != ',')
          return malformed (error);
      }
  return handlers->end_record == NULL || handlers->end_record (user_data, error);
}

static gboolean
read_records (Reader                    *r,
              const CsJsonPageHandlers  *handlers,
              gpointer                   user_data,
              CsJsonPageInfo            *info,
              GError                   **error)
{
  if (!expect (r, '[', error))
    return FALSE;
  if (peek (r) == ']')
    {
      r->p++;
      return TRUE;
    }
  for (;;)
    {
      char separator;

      if (!read_record (r, handlers, user_data, error))
        return FALSE;
      info->n_records++;
      separator = peek (r);
      r->p++;
      if (separator == ']')
        return TRUE;
      if (separator != ',')
        return malformed (error);
    }
}

/* The answer's members: "records" read as it comes, the others kept. */
static gboolean
read_page (Reader                    *r,
           const CsJsonPageHandlers  *handlers,
           gpointer                   user_data,
           CsJsonPageInfo            *info,
           GError                   **error)
{
  gboolean seen_records = FALSE;
  gboolean seen_done = FALSE;

  if (!expect (r, '{', error))
    return FALSE;
  for (;;)
    {
      const char *name, *text;
      gsize name_length, text_length;
      CsJsonValueKind kind;
      gboolean in_place;
      char separator;

      if (!read_name (r, &name, &name_length, error))
        return FALSE;
      if (name_is (name, name_length, "records"))
        {
          /* Only once it is known whether and where a page follows: an
           * answer that says "done": false before its nextRecordsUrl is
           * announced by the caller after the records instead. */
          if (handlers->before_records != NULL && seen_done &&
              (info->done || info->next_records_url != NULL))
            handlers->before_records (info->total_size, info->done, info->next_records_url, user_data);
          if (!read_records (r, handlers, user_data, info, error))
            return FALSE;
          seen_records = TRUE;
        }
      else
        {
          if (!read_value (r, &kind, &text, &text_length, &in_place, error))
            return FALSE;
          if (name_is (name, name_length, "totalSize") && kind == CS_JSON_VALUE_NUMBER)
            info->total_size = parse_count (text, text_length);
          else if (name_is (name, name_length, "done"))
            {
              info->done = kind != CS_JSON_VALUE_FALSE;
              seen_done = TRUE;
            }
          else if (name_is (name, name_length, "nextRecordsUrl") && kind == CS_JSON_VALUE_STRING)
            {
              g_free (info->next_records_url);
              info->next_records_url = g_strndup (text, text_length);
            }
        }
      separator = peek (r);
      r->p++;
      if (separator == '}')
        break;
      if (separator != ',')
        return malformed (error);
    }
  if (!seen_records)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _("Salesforce’s answer to a query has no records. Sync again later."));
      return FALSE;
    }
  if (info->done)
    g_clear_pointer (&info->next_records_url, g_free);
  return TRUE;
}

gboolean
cs_json_page_read (const char                *data,
                   gsize                      length,
                   const CsJsonPageHandlers  *handlers,
                   gpointer                   user_data,
                   CsJsonPageInfo            *info,
                   GError                   **error)
{
  Reader r;
  gboolean ok;

  g_return_val_if_fail (handlers != NULL && handlers->member != NULL, FALSE);

  /* An empty GBytes has no data at all. */
  if (data == NULL)
    data = "";
  r = (Reader) { data, data + length, g_string_new (NULL), g_string_new (NULL) };

  memset (info, 0, sizeof *info);
  info->total_size = -1;
  info->done = TRUE;

  ok = read_page (&r, handlers, user_data, info, error);
  g_string_free (r.scratch, TRUE);
  g_string_free (r.scratch_name, TRUE);
  if (!ok)
    cs_json_page_info_clear (info);
  return ok;
}
