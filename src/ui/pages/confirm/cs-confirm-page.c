/* cs-confirm-page.c: placeholder until the page is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-confirm-page.h"

struct _CsConfirmPage
{
  CsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CsConfirmPage, cs_confirm_page, CS_TYPE_PAGE)

static void
cs_confirm_page_class_init (CsConfirmPageClass *klass)
{
}

static void
cs_confirm_page_init (CsConfirmPage *self)
{
  cs_page_set_title (CS_PAGE (self), "Confirm");
  cs_page_set_complete (CS_PAGE (self), TRUE);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("Confirm"));
}
