/* cs-string-util.h: small string helpers GLib 2.74 lacks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* Like g_set_str() (GLib 2.76): replaces *str_pointer with a copy of
 * @new_str and returns TRUE when the value changed. */
static inline gboolean
cs_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

/* A Salesforce record Id: 15 (case-sensitive) or 18 letters and digits.
 * Checked before an Id goes into SOQL or a URL, so that nothing can be
 * injected. */
static inline gboolean
cs_is_record_id (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;
  length = strlen (id);
  if (length != 15 && length != 18)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (id[i]))
      return FALSE;
  return TRUE;
}

G_END_DECLS
