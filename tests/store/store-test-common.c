/* store-test-common.c: helpers shared by the store suite's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* memmem() */
#define _GNU_SOURCE

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "store-test-common.h"

static GMutex secrets_lock;
static GPtrArray *secrets;

static gboolean
message_has_secret (const char *message)
{
  gboolean found = FALSE;

  g_mutex_lock (&secrets_lock);
  for (guint i = 0; secrets != NULL && i < secrets->len && !found; i++)
    found = strstr (message, g_ptr_array_index (secrets, i)) != NULL;
  g_mutex_unlock (&secrets_lock);

  return found;
}

static void
check_message (const char *message)
{
  if (message != NULL && message_has_secret (message))
    {
      /* Never echo the message itself: it holds the secret. */
      g_printerr ("A log message contains a secret\n");
      g_test_fail ();
    }
}

static GLogFunc chained_handler;

/* GTest's handler prints g_log() messages as TAP comments without going
 * through the writer: check them here first. */
static void
check_log_handler (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  check_message (message);
  chained_handler (log_domain, log_level, message, user_data);
}

/* Structured messages (g_log_structured()) arrive here. */
static GLogWriterOutput
check_log_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *message = NULL;

      if (!g_str_equal (fields[i].key, "MESSAGE"))
        continue;

      message = fields[i].length < 0 ? g_strdup (fields[i].value)
                                     : g_strndup (fields[i].value, fields[i].length);
      check_message (message);
    }

  /* Debug messages are only checked: printing them would break TAP. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
store_test_init (int    *argc,
                 char ***argv)
{
  /* Make every g_debug() reach the checks. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (check_log_writer, NULL, NULL);
  g_test_init (argc, argv, NULL);
  chained_handler = g_log_set_default_handler (check_log_handler, NULL);
}

char *
store_test_secret_new (const char *what)
{
  g_autofree char *uuid = g_uuid_string_random ();
  char *secret = g_strdup_printf ("cs-test-%s-%s", what, uuid);

  g_mutex_lock (&secrets_lock);
  if (secrets == NULL)
    secrets = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (secrets, g_strdup (secret));
  g_mutex_unlock (&secrets_lock);

  return secret;
}

void
store_test_result_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
store_test_await (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
    }

  return *result;
}

gboolean
store_test_file_contains (const char *path,
                          const char *needle)
{
  g_autoptr(GMappedFile) file = NULL;
  const char *contents;
  gsize length;

  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    return FALSE;

  contents = g_mapped_file_get_contents (file);
  length = g_mapped_file_get_length (file);
  if (contents == NULL || length == 0)
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
scan_folder (const char *folder,
             const char *needle,
             GPtrArray  *hits)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;

      if (S_ISDIR (st.st_mode))
        scan_folder (path, needle, hits);
      else if (S_ISREG (st.st_mode) && store_test_file_contains (path, needle))
        g_ptr_array_add (hits, g_steal_pointer (&path));
    }
}

void
store_test_assert_no_file_contains (const char *needle)
{
  static const char * const variables[] = {
    "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "TMPDIR",
  };
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *folder = g_getenv (variables[i]);

      if (folder != NULL && *folder != '\0')
        scan_folder (folder, needle, hits);
    }

  for (guint i = 0; i < hits->len; i++)
    g_test_message ("A secret was written to %s", (const char *) g_ptr_array_index (hits, i));
  g_assert_cmpuint (hits->len, ==, 0);
}

void
store_test_assert_secrets_nowhere (void)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&secrets_lock);
  for (guint i = 0; secrets != NULL && i < secrets->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (secrets, i)));
  g_mutex_unlock (&secrets_lock);

  g_assert_cmpuint (copy->len, >, 0);
  for (guint i = 0; i < copy->len; i++)
    store_test_assert_no_file_contains (g_ptr_array_index (copy, i));
}
