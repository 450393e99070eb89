/* fuzz-limit-info.c: the Sforce-Limit-Info header of an answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-http-private.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *header = fuzz_string (data, size);
  gint64 used = -1;
  gint64 max = -1;

  if (cs_http_parse_limit_info (header, &used, &max))
    g_assert (used >= 0 && max >= 0);
  return 0;
}
