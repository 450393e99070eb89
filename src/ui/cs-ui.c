/* cs-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "cs-resources.h"
#include "cs-ui.h"

void
cs_ui_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* With --manual-register the resource only exists once registered:
       * cs_get_resource() is NULL before. */
      cs_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}
