/* replay.c: a main() for a fuzz target, for the normal test suite: runs
 * LLVMFuzzerTestOneInput on every file of the folders (or files) named on
 * the command line — the target's seed corpus and the crashes fuzzing
 * found — as TAP, one test per file. Any compiler builds it; libFuzzer
 * is not needed. A folder that does not exist is skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "fuzz-common.h"

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint i;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (i = 0; i < names->len; i++)
    if (g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (files, g_strdup (g_ptr_array_index (names, i)));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  int i;
  guint n;

  LLVMFuzzerInitialize (&argc, &argv);
  for (i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_paths);

  printf ("1..%u\n", files->len);
  if (files->len == 0)
    {
      printf ("# no input found\n");
      return 1;
    }
  for (n = 0; n < files->len; n++)
    {
      const char *file = g_ptr_array_index (files, n);
      g_autofree char *contents = NULL;
      g_autofree guint8 *exact = NULL;
      gsize size = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (file, &contents, &size, &error))
        {
          printf ("not ok %u - %s: %s\n", n + 1, file, error->message);
          return 1;
        }
      /* Exactly the input's size, as libFuzzer hands it: a sanitizer
       * build then sees any read past its end. */
      exact = g_malloc (MAX (size, 1));
      memcpy (exact, contents, size);
      LLVMFuzzerTestOneInput (exact, size);
      printf ("ok %u - %s\n", n + 1, file);
      fflush (stdout);
    }
  return 0;
}
