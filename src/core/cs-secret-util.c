/* cs-secret-util.c: wiping secrets out of memory before it is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-secret-util.h"

void
cs_secret_wipe_free (char *secret)
{
  if (secret == NULL)
    return;

  /* explicit_bzero(), unlike memset(), is not optimized away before free. */
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

void
cs_secret_clear (char **secret)
{
  g_return_if_fail (secret != NULL);

  cs_secret_wipe_free (g_steal_pointer (secret));
}
