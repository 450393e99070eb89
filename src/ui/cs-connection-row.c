/* cs-connection-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-connection-row.h"
#include "cs-string-util.h"
#include "cs-widget-util.h"

struct _CsConnectionRow
{
  AdwActionRow        parent_instance;

  char               *connection_id;
  CsConnectionHealth  health;
  GtkWidget          *check;        /* choosable rows only */
  GtkImage           *health_icon;
};

G_DEFINE_FINAL_TYPE (CsConnectionRow, cs_connection_row, ADW_TYPE_ACTION_ROW)

char *
cs_connection_row_format_summary (const CsConnection *connection)
{
  const char *environment = cs_environment_name_display_name (connection->environment);
  const char *parts[] = {
    connection->org_name != NULL ? connection->org_name : connection->org_id,
    connection->username,
    environment != NULL ? environment : connection->login_host,
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, parts[i]);
    }
  return g_string_free (text, FALSE);
}

char *
cs_connection_row_format_health (const CsConnectionStatus *status)
{
  const CsConnection *connection = status->connection;
  g_autofree char *what = cs_connection_status_describe (status);
  g_autofree char *when = NULL;

  switch (status->health)
    {
    case CS_CONNECTION_HEALTH_OK:
      if (connection->last_refresh <= 0)
        return g_strdup (_("Works."));
      when = cs_format_time (connection->last_refresh);
      /* Translators: %s is a time, such as "today at 14:05" */
      return g_strdup_printf (_("Works. Last used %s."), when);
    case CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION:
      if (connection->reauth_since <= 0)
        break;
      when = cs_format_time (connection->reauth_since);
      /* Translators: %s is a time, such as "today at 14:05", then why */
      return g_strdup_printf (_("Needs re-authorization since %s. %s"), when, what);
    case CS_CONNECTION_HEALTH_UNKNOWN:
    case CS_CONNECTION_HEALTH_NOT_CONFIRMED:
    case CS_CONNECTION_HEALTH_SECRETS_MISSING:
    default:
      break;
    }
  return g_steal_pointer (&what);
}

static void
cs_connection_row_finalize (GObject *object)
{
  CsConnectionRow *self = CS_CONNECTION_ROW (object);

  g_free (self->connection_id);

  G_OBJECT_CLASS (cs_connection_row_parent_class)->finalize (object);
}

static void
cs_connection_row_class_init (CsConnectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_connection_row_finalize;
}

static void
cs_connection_row_init (CsConnectionRow *self)
{
  GtkWidget *icon = gtk_image_new ();

  /* Names and org names come from Salesforce: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 0);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), icon);
  self->health_icon = GTK_IMAGE (icon);
}

GtkWidget *
cs_connection_row_new (gboolean choosable)
{
  CsConnectionRow *self = g_object_new (CS_TYPE_CONNECTION_ROW, NULL);

  if (choosable)
    {
      self->check = gtk_check_button_new ();
      gtk_widget_set_valign (self->check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (self), self->check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->check);
    }
  else
    {
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      /* The row's own title says where it leads. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
    }
  return GTK_WIDGET (self);
}

void
cs_connection_row_set_status (CsConnectionRow          *self,
                              const CsConnectionStatus *status,
                              const char               *note)
{
  const CsConnection *connection;
  g_autofree char *summary = NULL;
  g_autofree char *health = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (CS_IS_CONNECTION_ROW (self));
  g_return_if_fail (status != NULL);

  connection = status->connection;
  cs_set_str (&self->connection_id, connection->id);
  self->health = status->health;
  gtk_widget_set_name (GTK_WIDGET (self), connection->id);

  summary = cs_connection_row_format_summary (connection);
  health = note != NULL ? g_strdup (note) : cs_connection_row_format_health (status);
  subtitle = g_strdup_printf ("%s\n%s", summary, health);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), cs_connection_get_display_name (connection));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  cs_connection_row_show_health_icon (self->health_icon, status->health);
  if (self->check != NULL)
    cs_widget_label_from_row (ADW_ACTION_ROW (self));
}

void
cs_connection_row_show_health_icon (GtkImage           *icon,
                                    CsConnectionHealth  health)
{
  const char *icon_name;
  const char *style;
  const char *icon_label;

  g_return_if_fail (GTK_IS_IMAGE (icon));

  switch (health)
    {
    case CS_CONNECTION_HEALTH_OK:
      icon_name = "emblem-ok-symbolic";
      style = "success";
      icon_label = _("Works");
      break;
    case CS_CONNECTION_HEALTH_UNKNOWN:
      icon_name = "dialog-question-symbolic";
      style = "dim-label";
      icon_label = _("Unknown");
      break;
    case CS_CONNECTION_HEALTH_NOT_CONFIRMED:
    case CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION:
    case CS_CONNECTION_HEALTH_SECRETS_MISSING:
    default:
      icon_name = "dialog-warning-symbolic";
      style = "warning";
      icon_label = _("Needs attention");
      break;
    }
  gtk_image_set_from_icon_name (icon, icon_name);
  gtk_widget_set_css_classes (GTK_WIDGET (icon), (const char *[]) { style, NULL });
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, icon_label, -1);
}

const char *
cs_connection_row_get_connection_id (CsConnectionRow *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_ROW (self), NULL);

  return self->connection_id;
}

CsConnectionHealth
cs_connection_row_get_health (CsConnectionRow *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_ROW (self), CS_CONNECTION_HEALTH_OK);

  return self->health;
}

GtkCheckButton *
cs_connection_row_get_check (CsConnectionRow *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_ROW (self), NULL);

  return self->check != NULL ? GTK_CHECK_BUTTON (self->check) : NULL;
}
