/* fuzz-login-host.c: login-host normalisation (cs-login-host.c), which
 * takes whatever the admin typed or pasted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-core.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *typed = fuzz_string (data, size);
  g_autofree char *host = NULL;
  g_autoptr(GError) error = NULL;

  g_free (cs_uri_dup_display_host (typed));

  host = cs_login_host_normalize (typed, &error);
  g_assert ((host == NULL) != (error == NULL));
  cs_login_host_is_loopback (typed);
  if (host != NULL)
    {
      g_autofree char *again = NULL;
      g_autofree char *host_display = cs_uri_dup_display_host (host);

      /* A normalised host is a fixed point, and agrees on loopback. */
      again = cs_login_host_normalize (host, NULL);
      g_assert_cmpstr (again, ==, host);
      g_assert (cs_login_host_is_loopback (host) == cs_login_host_is_loopback (again));
      g_assert (host_display != NULL);
      cs_login_host_get_environment (host);
    }
  return 0;
}
