/* test-page-module.c: the login page comes from its module
 * (crm-sync-setup-login), as in the wizard: this program links the
 * wizard's code but not the login page's, nor WebKitGTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "cs-assistant.h"
#include "cs-ui.h"

static void
test_login_page_from_module (void)
{
  g_autoptr(CsSetupContext) context = cs_setup_context_new (NULL);
  GtkWidget *window = gtk_window_new ();
  CsAssistant *assistant = cs_assistant_new (context);
  CsPage *page;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (assistant));
  g_assert_null (cs_assistant_peek_page (assistant, "login"));
  g_assert_cmpuint (g_type_from_name ("WebKitWebView"), ==, 0);

  page = cs_assistant_get_page (assistant, "login");
  g_assert_nonnull (page);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (page), ==, "CsLoginPage");
  g_assert_cmpuint (g_type_from_name ("WebKitWebView"), !=, 0);
  g_assert_true (cs_assistant_peek_page (assistant, "login") == page);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  cs_ui_init ();
  g_test_add_func ("/page-module/login", test_login_page_from_module);
  return g_test_run ();
}
