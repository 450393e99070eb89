/* cs-reauthorize-page.c: names the connection being re-authorized (org,
 * sync user, environment, last successful use) and why it needs it, says
 * what the re-authorization does and keeps, and lets the admin enter a new
 * consumer key and secret (required when the keyring lost them).
 *
 * The rest is the new connection's path without what is already done: no
 * prerequisites, no External Client App, the sync user known (the login
 * page's login_hint), the org known (a login into another one is refused).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-connection-row.h"
#include "cs-message-bar.h"
#include "cs-reauthorize-page.h"
#include "cs-widget-util.h"

struct _CsReauthorizePage
{
  CsPage          parent_instance;

  GtkLabel       *heading_label;
  CsMessageBar   *reason_bar;
  AdwActionRow   *org_row;
  AdwActionRow   *org_id_row;
  AdwActionRow   *user_row;
  AdwActionRow   *environment_row;
  AdwActionRow   *login_host_row;
  AdwActionRow   *last_used_row;
  AdwActionRow   *fields_row;
  GtkLabel       *org_label;
  GtkLabel       *org_id_label;
  GtkLabel       *user_label;
  GtkLabel       *environment_label;
  GtkLabel       *login_host_label;
  GtkLabel       *last_used_label;
  GtkLabel       *fields_label;
  GtkLabel       *steps_label;
  AdwActionRow   *replace_row;
  GtkSwitch      *replace_switch;
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (CsReauthorizePage, cs_reauthorize_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsReauthorizePage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static void
update_replace (CsReauthorizePage *self)
{
  CsSetupContext *context = get_context (self);
  const CsConnectionStatus *status = cs_setup_context_get_reauthorization_status (context);
  gboolean required = cs_setup_context_get_consumer_required (context);
  const char *why;

  if (!required)
    why = _("When the External Client App was made again in Salesforce, or its consumer secret was rotated.");
  else if (status != NULL &&
           (status->items[CS_SECRET_KIND_CONSUMER_KEY] == NULL ||
            status->items[CS_SECRET_KIND_CONSUMER_SECRET] == NULL))
    why = _("Required: the keyring no longer holds the stored ones.");
  else
    why = _("Required: the practice org that issued the stored ones has stopped. This window’s practice org fills in its own.");

  self->updating = TRUE;
  gtk_switch_set_active (self->replace_switch, cs_setup_context_get_replace_consumer (context));
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->replace_switch), !required);
  adw_action_row_set_subtitle (self->replace_row, why);
  cs_widget_label_from_row (self->replace_row);
}

static char *
describe_user (const CsConnection *connection)
{
  if (connection->display_name == NULL)
    return g_strdup (connection->username);
  /* Translators: a person's name, then a Salesforce username */
  return g_strdup_printf (_("%s (%s)"), connection->display_name, connection->username);
}

static char *
describe_fields (const CsConnectionStatus *status)
{
  g_autofree char *when = NULL;

  if (status->catalog_fields <= 0)
    return g_strdup (_("None recorded yet"));
  when = cs_format_time (status->last_field_sync);
  /* Translators: %u is a number of fields, %s a time such as "today at 14:05" */
  return g_strdup_printf (ngettext ("%u field, last recorded %s: kept as they are",
                                    "%u fields, last recorded %s: kept as they are",
                                    (gulong) status->catalog_fields),
                          (guint) status->catalog_fields, when);
}

static void
refresh (CsReauthorizePage *self)
{
  CsSetupContext *context = get_context (self);
  const CsConnectionStatus *status = cs_setup_context_get_reauthorization_status (context);
  CsConnection *connection = cs_setup_context_get_connection (context);
  g_autofree char *heading = NULL;
  g_autofree char *user = NULL;
  g_autofree char *last_used = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *host = NULL;

  cs_page_set_complete (CS_PAGE (self), status != NULL && connection != NULL);
  if (status == NULL || connection == NULL)
    return;

  /* Translators: %s is a connection's name */
  heading = g_strdup_printf (_("Re-authorize “%s”"), cs_connection_get_display_name (connection));
  gtk_label_set_text (self->heading_label, heading);

  if (status->health == CS_CONNECTION_HEALTH_OK)
    cs_message_bar_show (self->reason_bar, CS_MESSAGE_INFO,
                         _("Nothing is known to be wrong with this connection. Re-authorizing gives it a new refresh token and revokes the one it has."),
                         NULL, NULL);
  else
    {
      g_autofree char *health = cs_connection_row_format_health (status);

      cs_message_bar_show (self->reason_bar, CS_MESSAGE_WARNING, health, NULL, NULL);
    }

  user = describe_user (connection);
  last_used = cs_format_time (connection->last_refresh);
  fields = describe_fields (status);
  cs_widget_set_row_value (self->org_row, self->org_label, connection->org_name);
  cs_widget_set_row_value (self->org_id_row, self->org_id_label, connection->org_id);
  cs_widget_set_row_value (self->user_row, self->user_label, user);
  cs_widget_set_row_value (self->environment_row, self->environment_label,
                           cs_environment_name_display_name (connection->environment));
  cs_widget_set_row_value (self->login_host_row, self->login_host_label, connection->login_host);
  cs_widget_set_row_value (self->last_used_row, self->last_used_label, last_used);
  cs_widget_set_row_value (self->fields_row, self->fields_label, fields);

  host = cs_uri_dup_display_host (connection->login_host);
  /* Translators: the steps of a re-authorization; %s are a username, a
   * host name and an org id */
  steps = g_strdup_printf (_("1. You log in to Salesforce as %s at %s, in a private login inside this window.\n"
                             "2. The login must reach org %s: a login to another org is refused, and nothing changes.\n"
                             "3. The new refresh token is stored in your keyring, then the old one is revoked at Salesforce.\n"
                             "4. The wizard checks what the sync user can see and do.\n"
                             "The recorded fields and the sync state stay as they are."),
                           connection->username, host != NULL ? host : connection->login_host,
                           connection->org_id);
  gtk_label_set_text (self->steps_label, steps);

  update_replace (self);
}

static void
replace_active_cb (GtkSwitch         *widget,
                   GParamSpec        *pspec,
                   CsReauthorizePage *self)
{
  if (self->updating)
    return;
  cs_setup_context_set_replace_consumer (get_context (self), gtk_switch_get_active (widget));
}

static void
context_replace_cb (CsSetupContext    *context,
                    GParamSpec        *pspec,
                    CsReauthorizePage *self)
{
  update_replace (self);
}

static void
cs_reauthorize_page_shown (CsPage *page)
{
  refresh (CS_REAUTHORIZE_PAGE (page));
}

static void
cs_reauthorize_page_constructed (GObject *object)
{
  CsReauthorizePage *self = CS_REAUTHORIZE_PAGE (object);

  G_OBJECT_CLASS (cs_reauthorize_page_parent_class)->constructed (object);

  g_signal_connect_object (get_context (self), "notify::replace-consumer",
                           G_CALLBACK (context_replace_cb), self, 0);
}

static void
cs_reauthorize_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_REAUTHORIZE_PAGE);

  G_OBJECT_CLASS (cs_reauthorize_page_parent_class)->dispose (object);
}

static void
cs_reauthorize_page_class_init (CsReauthorizePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_reauthorize_page_constructed;
  object_class->dispose = cs_reauthorize_page_dispose;
  page_class->shown = cs_reauthorize_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-reauthorize-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, reason_bar);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, org_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, org_id_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, user_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, environment_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, login_host_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, last_used_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, fields_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, steps_label);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, replace_row);
  gtk_widget_class_bind_template_child (widget_class, CsReauthorizePage, replace_switch);
}

static void
cs_reauthorize_page_init (CsReauthorizePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->org_label = cs_widget_add_value_label (self->org_row);
  self->org_id_label = cs_widget_add_value_label (self->org_id_row);
  self->user_label = cs_widget_add_value_label (self->user_row);
  self->environment_label = cs_widget_add_value_label (self->environment_row);
  self->login_host_label = cs_widget_add_value_label (self->login_host_row);
  self->last_used_label = cs_widget_add_value_label (self->last_used_row);
  self->fields_label = cs_widget_add_value_label (self->fields_row);
  /* Our words, but they may quote names. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->replace_row), FALSE);

  g_signal_connect_object (self->replace_switch, "notify::active", G_CALLBACK (replace_active_cb), self, 0);

  cs_page_set_title (CS_PAGE (self), _("Re-authorize a Connection"));
  cs_page_set_next_label (CS_PAGE (self), _("_Continue"));
  cs_page_set_initial_focus (CS_PAGE (self), GTK_WIDGET (self->replace_switch));
}
