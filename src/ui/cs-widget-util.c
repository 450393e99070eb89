/* cs-widget-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-widget-util.h"

/* Longer than a GtkRevealer's default transition (250 ms). */
#define FOLLOW_US (400 * G_TIME_SPAN_MILLISECOND)
/* Room left under the widget. */
#define MARGIN_PX 12.0

static void
scroll_now (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double page_size, bottom;

  if (scrolled == NULL || !gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, scrolled, &bounds))
    return;

  /* @bounds are relative to the visible area. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  page_size = gtk_adjustment_get_page_size (adjustment);
  bottom = bounds.origin.y + bounds.size.height;
  if (bottom + MARGIN_PX > page_size && bounds.size.height + MARGIN_PX < page_size)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_value (adjustment) + bottom + MARGIN_PX - page_size);
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  gint64 *end_time = user_data;

  scroll_now (widget);
  return gdk_frame_clock_get_frame_time (frame_clock) < *end_time ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
cs_widget_scroll_into_view (GtkWidget *widget)
{
  gint64 *end_time;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* The widget may have just become visible: its size is known only from
   * the next frames on, so follow it for a moment. */
  end_time = g_new (gint64, 1);
  *end_time = g_get_monotonic_time () + FOLLOW_US;
  gtk_widget_add_tick_callback (widget, follow_tick_cb, end_time, g_free);
}

/* "_Set up" → "Set up"; "__" stands for one underscore. */
static char *
strip_mnemonic (const char *text)
{
  GString *result = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (result, *p);
    }
  return g_string_free (result, FALSE);
}

void
cs_widget_label_from_row (AdwActionRow *row)
{
  GtkWidget *widget;
  const char *title, *subtitle;
  g_autofree char *label = NULL;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  widget = adw_action_row_get_activatable_widget (row);
  g_return_if_fail (widget != NULL);

  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  subtitle = adw_action_row_get_subtitle (row);
  label = adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row))
          ? strip_mnemonic (title ? title : "")
          : g_strdup (title ? title : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  if (subtitle != NULL && *subtitle != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                    -1);
}
