/* cs-login-page.c: placeholder until the page is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-login-page.h"

struct _CsLoginPage
{
  CsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CsLoginPage, cs_login_page, CS_TYPE_PAGE)

static void
cs_login_page_class_init (CsLoginPageClass *klass)
{
}

static void
cs_login_page_init (CsLoginPage *self)
{
  cs_page_set_title (CS_PAGE (self), "Login");
  cs_page_set_complete (CS_PAGE (self), TRUE);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("Login"));
}
