/* cs-bench-bare-window.c: the floor of the start-up benchmark, a bare
 * libadwaita window (an AdwApplicationWindow with one AdwStatusPage),
 * timed like the wizard (cs-first-frame.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "cs-first-frame.h"

static void
activate_cb (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "A bare window");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-information-symbolic");
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), status);
  /* The wizard's size: the software renderer's cost grows with the pixels. */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 720);
  cs_first_frame_watch (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = adw_application_new ("io.github.crmsync.BenchBareWindow",
                                                               G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
