/* cs-screenshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-screenshot.h"

static gboolean
stop_waiting_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets transitions, spinners' first frames and web content settle. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, stop_waiting_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Whether a stack under @widget is still sliding from one page to the
 * next: on a busy machine the settle time may end in the middle. */
static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

void
cs_screenshot_take (GtkWindow  *window,
                    const char *name)
{
  const char *dir = g_getenv ("CS_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;

  settle (700);
  for (guint waited = 0; transition_running (GTK_WIDGET (window)) && waited < 5000; waited += 50)
    settle (50);

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
  g_test_message ("Screenshot: %s", path);
}
