/* cs-welcome-page.c: placeholder until the page is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-welcome-page.h"

struct _CsWelcomePage
{
  CsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CsWelcomePage, cs_welcome_page, CS_TYPE_PAGE)

static void
cs_welcome_page_class_init (CsWelcomePageClass *klass)
{
}

static void
cs_welcome_page_init (CsWelcomePage *self)
{
  cs_page_set_title (CS_PAGE (self), "Welcome");
  cs_page_set_complete (CS_PAGE (self), TRUE);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("Welcome"));
}
