/* cs-page-module.h: the wizard's pages that are modules of their own.
 *
 * A page whose libraries are a measurable part of start-up (the login
 * page: WebKitGTK) is built as the module crm-sync-setup-NAME.so, opened
 * the first time the assistant needs the page. The module uses the
 * wizard's own symbols (CsPage, the setup context, the core).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The type @get_type_symbol returns: found in the program itself when it
 * was linked in (the tests), else in @module_name, opened from
 * $CS_PAGE_MODULE_DIR (build-aux/uninstalled: the build tree) or the
 * installed folder and kept. A wizard whose module cannot be opened is
 * broken: the error says to reinstall it, and the program ends. */
GType cs_page_module_get_type (const char *module_name,
                               const char *get_type_symbol);

G_END_DECLS
