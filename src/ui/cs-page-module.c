/* cs-page-module.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gmodule.h>

#include "cs-page-module.h"

typedef GType (*GetTypeFunc) (void);

static GetTypeFunc
find_in_program (const char *symbol)
{
  GModule *program = g_module_open (NULL, G_MODULE_BIND_LAZY);
  gpointer found = NULL;

  if (program == NULL)
    return NULL;
  if (!g_module_symbol (program, symbol, &found))
    found = NULL;
  g_module_close (program);
  return (GetTypeFunc) found;
}

GType
cs_page_module_get_type (const char *module_name,
                         const char *get_type_symbol)
{
  const char *dir = g_getenv ("CS_PAGE_MODULE_DIR");
  g_autofree char *path = NULL;
  GetTypeFunc get_type;
  GModule *module;
  gpointer found = NULL;

  g_return_val_if_fail (module_name != NULL, G_TYPE_INVALID);
  g_return_val_if_fail (get_type_symbol != NULL, G_TYPE_INVALID);

  get_type = find_in_program (get_type_symbol);
  if (get_type != NULL)
    return get_type ();

  path = g_module_build_path (dir != NULL && *dir != '\0' ? dir : PAGE_MODULE_DIR, module_name);
  /* Opening it again finds the one already open. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL || !g_module_symbol (module, get_type_symbol, &found) || found == NULL)
    g_error ("The wizard's page module %s cannot be used (%s): reinstall CRM Sync Setup.",
             path, g_module_error ());
  /* Its types stay registered: it must stay too. */
  g_module_make_resident (module);
  return ((GetTypeFunc) found) ();
}
