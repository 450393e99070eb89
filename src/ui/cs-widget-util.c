/* cs-widget-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

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
cs_widget_set_wrap_min_chars (GtkWidget *root,
                              int        chars)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (chars > 0);

  if (GTK_IS_LABEL (root) &&
      gtk_label_get_wrap (GTK_LABEL (root)) &&
      gtk_label_get_width_chars (GTK_LABEL (root)) < 0)
    gtk_label_set_width_chars (GTK_LABEL (root), chars);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cs_widget_set_wrap_min_chars (child, chars);
}

void
cs_widget_label_from_texts (GtkWidget  *widget,
                            const char *title,
                            gboolean    use_underline,
                            const char *subtitle)
{
  g_autofree char *label = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  label = use_underline ? strip_mnemonic (title ? title : "") : g_strdup (title ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (subtitle != NULL && *subtitle != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

void
cs_widget_label_from_row (AdwActionRow *row)
{
  GtkWidget *widget;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  widget = adw_action_row_get_activatable_widget (row);
  g_return_if_fail (widget != NULL);

  cs_widget_label_from_texts (widget,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (row));
}

char *
cs_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *day = NULL;
  int days;

  if (unix_seconds <= 0)
    return g_strdup (_("never"));

  time = g_date_time_new_from_unix_local (unix_seconds);
  now = g_date_time_new_now_local ();
  clock = g_date_time_format (time, "%H:%M");
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (time);
  if (g_date_time_get_year (now) == g_date_time_get_year (time) && days == 0)
    /* Translators: %s is a time of day, such as 14:05 */
    return g_strdup_printf (_("today at %s"), clock);
  if (g_date_time_get_year (now) == g_date_time_get_year (time) && days == 1)
    /* Translators: %s is a time of day, such as 14:05 */
    return g_strdup_printf (_("yesterday at %s"), clock);
  /* Translators: a date as strftime() writes it, such as "3 March 2025" */
  day = g_date_time_format (time, _("%-d %B %Y"));
  /* Translators: a date, then a time of day: "3 March 2025 at 14:05" */
  return g_strdup_printf (_("%s at %s"), day, clock);
}

const char *
cs_environment_display_name (CsEnvironment environment)
{
  switch (environment)
    {
    case CS_ENVIRONMENT_PRODUCTION:
      return _("Production");
    case CS_ENVIRONMENT_SANDBOX:
      return _("Sandbox");
    case CS_ENVIRONMENT_MY_DOMAIN:
      return _("My Domain");
    case CS_ENVIRONMENT_PRACTICE:
      return _("Practice org on this computer");
    default:
      return NULL;
    }
}

const char *
cs_environment_name_display_name (const char *name)
{
  CsEnvironment environment;

  if (name == NULL || !cs_environment_from_string (name, &environment))
    return NULL;
  return cs_environment_display_name (environment);
}

GtkLabel *
cs_widget_add_value_label (AdwActionRow *row)
{
  GtkWidget *label = gtk_label_new (NULL);

  g_return_val_if_fail (ADW_IS_ACTION_ROW (row), NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  /* Wrapping labels get their minimum width unless they may expand. */
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  adw_action_row_add_suffix (row, label);
  return GTK_LABEL (label);
}

void
cs_widget_set_row_value (AdwActionRow *row,
                         GtkLabel     *label,
                         const char   *value)
{
  g_autofree char *accessible = NULL;
  const char *shown = value != NULL && value[0] != '\0' ? value : _("Unknown");

  g_return_if_fail (ADW_IS_ACTION_ROW (row));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, shown);
  /* Read as "Username: sync@example.com". */
  accessible = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

char *
cs_format_count (gint64 count)
{
  /* Translators: what separates groups of three digits in a number, as in
   * "15,000"; French takes a narrow no-break space */
  const char *separator = C_("thousands separator", ",");
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, count < 0 ? -count : count);
  gsize length = strlen (digits);
  GString *text = g_string_new (count < 0 ? "-" : "");

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

char *
cs_format_duration (gint64 seconds)
{
  gint64 minutes = (seconds + 30) / 60;
  gint64 hours = (seconds + 1800) / 3600;

  if (seconds < 0)
    return g_strdup (_("unknown"));
  if (seconds < 60)
    return g_strdup (_("under a minute"));
  if (minutes < 90)
    return g_strdup_printf (ngettext ("about %lld minute", "about %lld minutes", (gulong) minutes),
                            (long long) minutes);
  return g_strdup_printf (ngettext ("about %lld hour", "about %lld hours", (gulong) hours),
                          (long long) hours);
}

void
cs_widget_show_uri (GtkWidget  *widget,
                    const char *uri)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  root = gtk_widget_get_root (widget);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}
