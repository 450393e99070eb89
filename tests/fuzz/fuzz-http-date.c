/* fuzz-http-date.c: the Date header of an answer, from which the client
 * takes Salesforce's clock (If-Modified-Since follows it).
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
  g_autoptr(GDateTime) quick = cs_http_server_date (header, 0);
  g_autoptr(GDateTime) slow = cs_http_server_date (header, 90 * G_USEC_PER_SEC);

  /* Either both read, or neither (unless the round trip crosses year 1). */
  if (slow != NULL)
    g_assert (quick != NULL && g_date_time_compare (slow, quick) <= 0);
  return 0;
}
