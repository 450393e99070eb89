/* cs-credentials-page.c: placeholder until the page is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-credentials-page.h"

struct _CsCredentialsPage
{
  CsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CsCredentialsPage, cs_credentials_page, CS_TYPE_PAGE)

static void
cs_credentials_page_class_init (CsCredentialsPageClass *klass)
{
}

static void
cs_credentials_page_init (CsCredentialsPage *self)
{
  cs_page_set_title (CS_PAGE (self), "Credentials");
  cs_page_set_complete (CS_PAGE (self), TRUE);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new ("Credentials"));
}
