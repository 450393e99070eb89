/* fuzz-common.c: helpers shared by the fuzz targets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  return 0;
}

char *
fuzz_string (const uint8_t *data,
             size_t         size)
{
  return size > 0 ? g_strndup ((const char *) data, size) : g_strdup ("");
}

char *
fuzz_substitute (const char *input,
                 const char *placeholder,
                 const char *value)
{
  g_auto(GStrv) parts = g_strsplit (input, placeholder, -1);

  return g_strjoinv (value, parts);
}
