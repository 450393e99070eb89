/* cs-cli-notify.c: when a command finds that Salesforce no longer accepts
 * a connection (exit status 3) in a desktop session, a notification says
 * so, and its action opens CRM Sync Setup on that connection.
 *
 * The notification goes out as CRM Sync Setup's own (its application id),
 * through GNotification, to org.gtk.Notifications (GNOME Shell): the shell
 * keeps it after crm-sync has ended, and a click activates the wizard's
 * "app.reauthorize" action with the connection's name, starting the wizard
 * through D-Bus activation when it is not running. A desktop with only
 * org.freedesktop.Notifications gets a notification without a button:
 * there, a click goes back to the program that sent it, which has ended,
 * so the text says what to run instead. Without either service (a script
 * over SSH, a test), nothing is sent and nothing is said.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-cli.h"

#define NOTIFY_TIMEOUT_MS 2000

static char *remembered;

void
cs_cli_remember_connection (const char *name_or_id)
{
  g_free (remembered);
  remembered = g_strdup (name_or_id);
}

/* The session bus, when one is there to find: never started for us (no
 * autolaunch from a script). */
static GDBusConnection *
session_bus (void)
{
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *socket = runtime_dir != NULL ? g_build_filename (runtime_dir, "bus", NULL) : NULL;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL &&
      (socket == NULL || !g_file_test (socket, G_FILE_TEST_EXISTS)))
    return NULL;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    g_debug ("No session bus: %s", error->message);
  return bus;
}

static gboolean
has_owner (GDBusConnection *bus,
           const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, NOTIFY_TIMEOUT_MS,
                                       NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Through GApplication, as the wizard: GNotification needs an application
 * with the wizard's id on the bus. Not unique: the wizard may be running. */
static void
send_gtk_notification (GDBusConnection *bus,
                       const char      *id,
                       const char      *name,
                       const char      *title,
                       const char      *body)
{
  g_autoptr(GApplication) application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GNotification) notification = g_notification_new (title);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  g_autoptr(GError) error = NULL;

  if (!g_application_register (application, NULL, &error))
    {
      g_debug ("No notification: %s", error->message);
      return;
    }
  g_notification_set_body (notification, body);
  g_notification_set_icon (notification, icon);
  g_notification_set_default_action_and_target (notification, "app.reauthorize", "s", name);
  g_notification_add_button_with_target (notification, _("Re-authorize"), "app.reauthorize", "s", name);
  g_application_send_notification (application, id, notification);
  /* The call is queued: out before crm-sync ends. */
  g_dbus_connection_flush_sync (bus, NULL, NULL);
}

static void
send_fdo_notification (GDBusConnection *bus,
                       const char      *name,
                       const char      *title,
                       const char      *body)
{
  g_autofree char *text = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder hints;

  /* Translators: a connection's name */
  text = g_strdup_printf (_("%s\nOpen CRM Sync Setup to re-authorize it, or run “crm-sync reauthorize %s”."),
                          body, name);
  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (APP_ID));
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (1));
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                       "org.freedesktop.Notifications", "Notify",
                                       g_variant_new ("(susssasa{sv}i)", _("CRM Sync Setup"), 0, APP_ID,
                                                      title, text, NULL, &hints, -1),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, NOTIFY_TIMEOUT_MS,
                                       NULL, &error);
  if (reply == NULL)
    g_debug ("No notification: %s", error->message);
}

void
cs_cli_notify_reauthorization (const char *name_or_id)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsConnection) connection = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  const char *name;
  gboolean gtk;

  if (name_or_id == NULL)
    name_or_id = remembered;
  if (name_or_id == NULL || (bus = session_bus ()) == NULL)
    return;
  gtk = has_owner (bus, "org.gtk.Notifications");
  if (!gtk && !has_owner (bus, "org.freedesktop.Notifications"))
    return;

  store = cs_connection_store_open (NULL, NULL);
  if (store != NULL)
    connection = cs_connection_store_find (store, name_or_id, NULL);
  name = connection != NULL ? cs_connection_get_display_name (connection) : name_or_id;
  /* Translators: %s is a connection's name */
  title = g_strdup_printf (_("“%s” needs re-authorization"), name);
  body = cs_connection_describe_reauth_reason (connection != NULL ? connection->reauth_reason : NULL);
  /* One per connection: a later one replaces it. */
  id = g_strconcat ("reauthorize-", connection != NULL ? connection->id : name_or_id, NULL);

  if (gtk)
    send_gtk_notification (bus, id, name, title, body);
  else
    send_fdo_notification (bus, name, title, body);
}
