/* cs-external-app-page.c: placeholder until the page is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-external-app-page.h"

struct _CsExternalAppPage
{
  CsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CsExternalAppPage, cs_external_app_page, CS_TYPE_PAGE)

static void
cs_external_app_page_class_init (CsExternalAppPageClass *klass)
{
}

static void
cs_external_app_page_init (CsExternalAppPage *self)
{
  cs_page_set_title (CS_PAGE (self), "ExternalApp");
  cs_page_set_complete (CS_PAGE (self), TRUE);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("ExternalApp"));
}
