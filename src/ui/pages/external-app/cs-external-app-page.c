/* cs-external-app-page.c: the guide's ten steps on the Salesforce side,
 * with a copy button for each value to paste, the PKCE choice, and a note
 * for admins keeping an older Connected App.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-copy-row.h"
#include "cs-external-app-page.h"
#include "cs-message-bar.h"
#include "cs-widget-util.h"

/* Setup's App Manager, where "New External Client App" is. */
#define APP_MANAGER_PATH "/lightning/setup/NavigationMenus/home"

struct _CsExternalAppPage
{
  CsPage          parent_instance;

  GtkWidget      *open_button;
  CsMessageBar   *message_bar;
  CsCopyRow      *quick_find_row;
  CsCopyRow      *callback_row;
  GtkSwitch      *pkce_switch;
};

G_DEFINE_FINAL_TYPE (CsExternalAppPage, cs_external_app_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsExternalAppPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

char *
cs_external_app_page_build_app_manager_uri (const char *login_host)
{
  g_autofree char *start = NULL;

  g_return_val_if_fail (login_host != NULL, NULL);

  /* The login host's login page takes the admin to startURL afterwards
   * (and straight there when already logged in): login.salesforce.com has
   * no Setup of its own. */
  start = g_uri_escape_string (APP_MANAGER_PATH, NULL, FALSE);
  return g_strconcat (login_host, "/?startURL=", start, NULL);
}

static gboolean
is_practice (CsExternalAppPage *self)
{
  return cs_setup_context_get_environment (get_context (self)) == CS_ENVIRONMENT_PRACTICE;
}

/* The callback URL, the browser button or the practice note follow the
 * environment chosen on the first page. */
static void
update_from_context (CsExternalAppPage *self)
{
  CsSetupContext *context = get_context (self);
  const char *login_host = cs_setup_context_get_login_host (context);
  gboolean practice = is_practice (self);

  cs_copy_row_set_value (self->callback_row, cs_setup_context_get_redirect_uri (context));

  gtk_widget_set_visible (self->open_button, !practice);
  cs_page_set_initial_focus (CS_PAGE (self),
                             practice ? cs_copy_row_get_button (self->quick_find_row) : self->open_button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "external-app.open-app-manager",
                                 !practice && login_host != NULL);

  if (practice)
    cs_message_bar_show (self->message_bar, CS_MESSAGE_INFO,
                         _("The practice org already has an app set up like this, so there is nothing to do in a browser. Read the steps to see what a real org needs; the practice app’s key and secret are filled in on the next page."),
                         NULL, NULL);
  else if (cs_message_bar_get_message_type (self->message_bar) == CS_MESSAGE_INFO)
    cs_message_bar_hide (self->message_bar);
}

static void
context_notify_cb (CsSetupContext    *context,
                   GParamSpec        *pspec,
                   CsExternalAppPage *self)
{
  update_from_context (self);
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CsExternalAppPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason the browser did not open */
      message = g_strdup_printf (_("The web browser did not open (%s). Open Salesforce Setup yourself and search for App Manager."),
                                 error->message);
      cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR, message, NULL, NULL);
    }
}

static void
open_app_manager_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CsExternalAppPage *self = CS_EXTERNAL_APP_PAGE (widget);
  const char *login_host = cs_setup_context_get_login_host (get_context (self));
  g_autofree char *uri = NULL;
  GtkRoot *root;

  if (login_host == NULL)
    return;

  uri = cs_external_app_page_build_app_manager_uri (login_host);
  root = gtk_widget_get_root (widget);
  cs_message_bar_hide (self->message_bar);
  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME,
                     NULL, show_uri_cb, g_object_ref (self));
}

static void
pkce_switch_notify_cb (GtkSwitch         *pkce_switch,
                       GParamSpec        *pspec,
                       CsExternalAppPage *self)
{
  cs_setup_context_set_use_pkce (get_context (self), gtk_switch_get_active (pkce_switch));
}

static void
cs_external_app_page_shown (CsPage *page)
{
  update_from_context (CS_EXTERNAL_APP_PAGE (page));
}

static void
cs_external_app_page_constructed (GObject *object)
{
  CsExternalAppPage *self = CS_EXTERNAL_APP_PAGE (object);
  CsSetupContext *context;

  G_OBJECT_CLASS (cs_external_app_page_parent_class)->constructed (object);

  context = get_context (self);
  g_assert (context != NULL);

  /* The context owns the setting (and its GSettings key); the switch shows
   * it and writes it back. */
  g_object_bind_property (context, "use-pkce", self->pkce_switch, "active", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->pkce_switch, "notify::active",
                           G_CALLBACK (pkce_switch_notify_cb), self, 0);

  g_signal_connect_object (context, "notify::environment", G_CALLBACK (context_notify_cb), self, 0);
  g_signal_connect_object (context, "notify::login-host", G_CALLBACK (context_notify_cb), self, 0);
  update_from_context (self);
}

static void
cs_external_app_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_EXTERNAL_APP_PAGE);

  G_OBJECT_CLASS (cs_external_app_page_parent_class)->dispose (object);
}

static void
cs_external_app_page_class_init (CsExternalAppPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_external_app_page_constructed;
  object_class->dispose = cs_external_app_page_dispose;

  page_class->shown = cs_external_app_page_shown;

  g_type_ensure (CS_TYPE_COPY_ROW);
  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-external-app-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsExternalAppPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, CsExternalAppPage, message_bar);
  gtk_widget_class_bind_template_child (widget_class, CsExternalAppPage, quick_find_row);
  gtk_widget_class_bind_template_child (widget_class, CsExternalAppPage, callback_row);
  gtk_widget_class_bind_template_child (widget_class, CsExternalAppPage, pkce_switch);
  gtk_widget_class_bind_template_child_full (widget_class, "pkce_row", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "external-app.open-app-manager", NULL,
                                   open_app_manager_action);
}

static void
cs_external_app_page_init (CsExternalAppPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The switch has no label of its own: it takes its row's. */
  cs_widget_label_from_row (ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                           CS_TYPE_EXTERNAL_APP_PAGE,
                                                                           "pkce_row")));

  cs_page_set_title (CS_PAGE (self), _("Create the External Client App"));
  /* Nothing to type here: the admin works in Salesforce. */
  cs_page_set_complete (CS_PAGE (self), TRUE);
}
