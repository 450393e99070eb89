/* cs-practice-util.c: randomness, ids, JSON writing and wire formats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <libsoup/soup.h>

#include "cs-practice-util.h"

static const char base62[] =
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void
cs_practice_random_bytes (guint8 *buffer,
                          gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* Without a CSPRNG we cannot hand out secrets at all. */
          g_error ("getrandom() failed: %s", g_strerror (errno));
        }
      done += (gsize) n;
    }
}

char *
cs_practice_random_string (const char *alphabet,
                           gsize       length)
{
  gsize n_symbols = strlen (alphabet);
  g_autofree guint8 *bytes = g_malloc (length);
  GString *out = g_string_sized_new (length);
  gsize i = 0;

  g_assert (n_symbols > 0 && n_symbols <= 256);

  /* Rejection sampling keeps every symbol equally likely. */
  while (i < length)
    {
      gsize limit = 256 - (256 % n_symbols);
      gsize j;

      cs_practice_random_bytes (bytes, length);
      for (j = 0; j < length && i < length; j++)
        {
          if (bytes[j] >= limit)
            continue;
          g_string_append_c (out, alphabet[bytes[j] % n_symbols]);
          i++;
        }
    }

  return g_string_free (out, FALSE);
}

gboolean
cs_practice_secure_equal (const char *a,
                          const char *b)
{
  gsize len_a, len_b, i;
  guchar diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;
  len_a = strlen (a);
  len_b = strlen (b);
  if (len_a != len_b)
    return FALSE;
  for (i = 0; i < len_a; i++)
    diff |= (guchar) (a[i] ^ b[i]);
  return diff == 0;
}

/* ---- ids -------------------------------------------------------------- */

static gboolean
is_base62 (char c)
{
  return g_ascii_isalnum (c);
}

char *
cs_practice_id_suffix (const char *id15)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  char suffix[4] = { 0 };
  guint chunk;

  g_return_val_if_fail (id15 != NULL && strlen (id15) >= 15, NULL);

  for (chunk = 0; chunk < 3; chunk++)
    {
      guint bits = 0;
      guint i;

      for (i = 0; i < 5; i++)
        if (g_ascii_isupper (id15[chunk * 5 + i]))
          bits |= 1u << i;
      suffix[chunk] = alphabet[bits];
    }

  return g_strdup (suffix);
}

gboolean
cs_practice_id_is_valid (const char *id)
{
  gsize len, i;
  g_autofree char *suffix = NULL;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len != 15 && len != 18)
    return FALSE;
  for (i = 0; i < len; i++)
    if (!is_base62 (id[i]))
      return FALSE;
  if (len == 15)
    return TRUE;

  suffix = cs_practice_id_suffix (id);
  return g_ascii_strncasecmp (suffix, id + 15, 3) == 0;
}

char *
cs_practice_id_to_18 (const char *id)
{
  g_autofree char *suffix = NULL;

  if (!cs_practice_id_is_valid (id))
    return NULL;

  /* The suffix is recomputed even for 18-char input so that the result
   * always has the canonical (upper-case) suffix. */
  suffix = cs_practice_id_suffix (id);
  return g_strdup_printf ("%.15s%s", id, suffix);
}

char *
cs_practice_make_id (const char *prefix,
                     guint64     serial)
{
  char id15[16];
  g_autofree char *suffix = NULL;
  int i;

  g_return_val_if_fail (prefix != NULL && strlen (prefix) == 3, NULL);

  memcpy (id15, prefix, 3);
  /* "Pod" and reserved characters, as commonly seen in real ids. */
  id15[3] = '5';
  id15[4] = 'g';
  id15[5] = '0';
  for (i = 14; i >= 6; i--)
    {
      id15[i] = base62[serial % 62];
      serial /= 62;
    }
  id15[15] = '\0';

  suffix = cs_practice_id_suffix (id15);
  return g_strconcat (id15, suffix, NULL);
}

gboolean
cs_practice_id_get_serial (const char *id,
                           guint64    *serial)
{
  guint64 value = 0;
  int i;

  if (!cs_practice_id_is_valid (id) || id[3] != '5' || id[4] != 'g' || id[5] != '0')
    return FALSE;

  for (i = 6; i < 15; i++)
    {
      const char *p = strchr (base62, id[i]);

      value = value * 62 + (guint64) (p - base62);
    }
  *serial = value;
  return TRUE;
}

/* ---- JSON writer ---------------------------------------------------------- */

void
cs_json_writer_init (CsJsonWriter *w,
                     GString      *out)
{
  memset (w, 0, sizeof *w);
  w->out = out;
}

static void
before_value (CsJsonWriter *w)
{
  if (w->after_key)
    {
      w->after_key = FALSE;
      return;
    }
  if (w->need_comma & (G_GUINT64_CONSTANT (1) << w->depth))
    g_string_append_c (w->out, ',');
  w->need_comma |= G_GUINT64_CONSTANT (1) << w->depth;
}

static void
begin (CsJsonWriter *w,
       char          open)
{
  before_value (w);
  g_string_append_c (w->out, open);
  g_assert (w->depth < 63);
  w->depth++;
  w->need_comma &= ~(G_GUINT64_CONSTANT (1) << w->depth);
}

static void
end (CsJsonWriter *w,
     char          close)
{
  g_assert (w->depth > 0);
  w->depth--;
  g_string_append_c (w->out, close);
}

void
cs_json_begin_object (CsJsonWriter *w)
{
  begin (w, '{');
}

void
cs_json_end_object (CsJsonWriter *w)
{
  end (w, '}');
}

void
cs_json_begin_array (CsJsonWriter *w)
{
  begin (w, '[');
}

void
cs_json_end_array (CsJsonWriter *w)
{
  end (w, ']');
}

void
cs_json_append_escaped (GString    *out,
                        const char *value)
{
  const char *p = value;
  const char *end = value + strlen (value);

  g_string_append_c (out, '"');
  while (p < end)
    {
      guchar c = (guchar) *p;

      if (c >= 0x80)
        {
          /* Bytes from a decoded URL or form need not be UTF-8; strict
           * JSON parsers refuse what is not, so it becomes U+FFFD. */
          gunichar ch = g_utf8_get_char_validated (p, end - p);

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              g_string_append (out, "\xef\xbf\xbd");
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (out, p, next - p);
              p = next;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

void
cs_json_key (CsJsonWriter *w,
             const char   *key)
{
  before_value (w);
  cs_json_append_escaped (w->out, key);
  g_string_append_c (w->out, ':');
  w->after_key = TRUE;
}

void
cs_json_string (CsJsonWriter *w,
                const char   *value)
{
  before_value (w);
  if (value == NULL)
    g_string_append (w->out, "null");
  else
    cs_json_append_escaped (w->out, value);
}

void
cs_json_bool (CsJsonWriter *w,
              gboolean      value)
{
  before_value (w);
  g_string_append (w->out, value ? "true" : "false");
}

void
cs_json_int (CsJsonWriter *w,
             gint64        value)
{
  before_value (w);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

void
cs_json_double (CsJsonWriter *w,
                double        value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  before_value (w);
  /* Salesforce writes whole doubles with a ".0", as Java does. */
  if (value == (double) (gint64) value && value > -1e15 && value < 1e15)
    g_string_append_printf (w->out, "%" G_GINT64_FORMAT ".0", (gint64) value);
  else
    g_string_append (w->out, g_ascii_dtostr (buffer, sizeof buffer, value));
}

void
cs_json_null (CsJsonWriter *w)
{
  before_value (w);
  g_string_append (w->out, "null");
}

void
cs_json_raw (CsJsonWriter *w,
             const char   *json)
{
  before_value (w);
  g_string_append (w->out, json);
}

void
cs_json_node (CsJsonWriter *w,
              JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      cs_json_null (w);
      return;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        cs_json_string (w, json_node_get_string (node));
      else if (type == G_TYPE_BOOLEAN)
        cs_json_bool (w, json_node_get_boolean (node));
      else if (type == G_TYPE_DOUBLE)
        cs_json_double (w, json_node_get_double (node));
      else
        cs_json_int (w, json_node_get_int (node));
      return;
    }

  {
    g_autofree char *text = json_to_string (node, FALSE);

    cs_json_raw (w, text);
  }
}

void
cs_json_kv_string (CsJsonWriter *w,
                   const char   *key,
                   const char   *value)
{
  cs_json_key (w, key);
  cs_json_string (w, value);
}

void
cs_json_kv_bool (CsJsonWriter *w,
                 const char   *key,
                 gboolean      value)
{
  cs_json_key (w, key);
  cs_json_bool (w, value);
}

void
cs_json_kv_int (CsJsonWriter *w,
                const char   *key,
                gint64        value)
{
  cs_json_key (w, key);
  cs_json_int (w, value);
}

void
cs_json_kv_null (CsJsonWriter *w,
                 const char   *key)
{
  cs_json_key (w, key);
  cs_json_null (w);
}

char *
cs_practice_rest_error (const char *error_code,
                        const char *message)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_array (&w);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "message", message);
  cs_json_kv_string (&w, "errorCode", error_code);
  cs_json_end_object (&w);
  cs_json_end_array (&w);
  return g_string_free (out, FALSE);
}

char *
cs_practice_oauth_error (const char *error,
                         const char *description)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "error", error);
  cs_json_kv_string (&w, "error_description", description);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

/* ---- forms and dates ------------------------------------------------------ */

static char *
dup_valid_utf8 (const char *text)
{
  return g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
}

GHashTable *
cs_practice_form_make_valid (GHashTable *form)
{
  GHashTable *valid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer name, value;

  if (form == NULL)
    return valid;
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_replace (valid, dup_valid_utf8 (name), dup_valid_utf8 (value != NULL ? value : ""));
  return valid;
}

GHashTable *
cs_practice_form_decode (const char *encoded)
{
  g_autoptr(GHashTable) raw = soup_form_decode (encoded != NULL ? encoded : "");

  return cs_practice_form_make_valid (raw);
}

static void
append_form_encoded (GString    *out,
                     const char *value)
{
  const guchar *p;

  for (p = (const guchar *) value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
        g_string_append_c (out, (char) *p);
      else if (*p == ' ')
        g_string_append_c (out, '+');
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

void
cs_practice_append_form_param (GString    *query,
                               const char *name,
                               const char *value)
{
  if (value == NULL)
    return;
  if (query->len > 0)
    g_string_append_c (query, '&');
  append_form_encoded (query, name);
  g_string_append_c (query, '=');
  append_form_encoded (query, value);
}

char *
cs_practice_http_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return soup_date_time_to_string (dt, SOUP_DATE_HTTP);
}

gboolean
cs_practice_parse_http_date (const char *value,
                             gint64     *unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (value == NULL)
    return FALSE;
  dt = soup_date_time_new_from_http_string (value);
  if (dt == NULL)
    return FALSE;
  *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}

char *
cs_practice_rest_datetime (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.000+0000");
}

char *
cs_practice_rest_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%d");
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static gint64
days_from_civil (gint64 year,
                 guint  month,
                 guint  day)
{
  gint64 era;
  guint year_of_era, day_of_year, day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = (guint) (year - era * 400);
  day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + (gint64) day_of_era - 719468;
}

static gboolean
read_digits (const char *text,
             guint       count,
             guint      *value)
{
  *value = 0;
  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *value = *value * 10 + (guint) (text[i] - '0');
    }
  return TRUE;
}

gint64
cs_practice_parse_rest_datetime (const char *text)
{
  guint year, month, day, hour, minute, second;
  g_autoptr(GDateTime) dt = NULL;

  /* "2025-06-03T12:00:00.000+0000" */
  if (text != NULL && strlen (text) == 28 && strcmp (text + 19, ".000+0000") == 0 &&
      read_digits (text, 4, &year) && text[4] == '-' && read_digits (text + 5, 2, &month) &&
      text[7] == '-' && read_digits (text + 8, 2, &day) && text[10] == 'T' &&
      read_digits (text + 11, 2, &hour) && text[13] == ':' &&
      read_digits (text + 14, 2, &minute) && text[16] == ':' &&
      read_digits (text + 17, 2, &second) &&
      month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 &&
      second < 61)
    return days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second;

  if (text == NULL)
    return 0;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

char *
cs_practice_iso_datetime (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}
