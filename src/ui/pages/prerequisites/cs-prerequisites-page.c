/* cs-prerequisites-page.c: placeholder until the page is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-prerequisites-page.h"

struct _CsPrerequisitesPage
{
  CsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CsPrerequisitesPage, cs_prerequisites_page, CS_TYPE_PAGE)

static void
cs_prerequisites_page_class_init (CsPrerequisitesPageClass *klass)
{
}

static void
cs_prerequisites_page_init (CsPrerequisitesPage *self)
{
  cs_page_set_title (CS_PAGE (self), "Prerequisites");
  cs_page_set_complete (CS_PAGE (self), TRUE);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("Prerequisites"));
}
