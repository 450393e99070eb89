/* test-application.c: crm-sync-setup as the desktop drives it. The real
 * CsApplication is the instance of io.github.crmsync.Setup on the test's
 * private bus; its actions are activated over D-Bus the way GNOME Shell
 * does for a notification's button (crm-sync's app.reauthorize) and for the
 * .desktop file's actions; crm-sync-setup --reauthorize, --review and --status,
 * started as programs, hand their task to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cs-application.h"
#include "cs-test-util.h"
#include "cs-window.h"
#include "cs-wizard-test-util.h"

static CsApplication *application;

typedef struct
{
  CsPracticeOrg     *org;
  CsConnectionVault *vault;
  CsConnection      *connection;
} Fixture;

/* A practice connection stored as the wizard stores it. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsLogin) login = NULL;
  g_autoptr(CsLoginResult) result = NULL;
  g_autoptr(GAsyncResult) created = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(CsConnection) connection = NULL;

  f->org = cs_test_practice_org_new (10);
  f->vault = cs_connection_vault_open (&error);
  g_assert_no_error (error);
  oauth = cs_oauth_client_new (cs_practice_org_get_url (f->org), cs_practice_org_get_consumer_key (f->org),
                               cs_practice_org_get_consumer_secret (f->org));
  login = cs_login_new (oauth, cs_practice_org_get_callback_url (f->org));
  result = cs_test_login_chain (f->org, login, cs_practice_org_get_sync_username (f->org),
                                cs_practice_org_get_sync_password (f->org), &error);
  g_assert_no_error (error);
  connection = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  cs_connection_vault_create_async (f->vault, connection, cs_practice_org_get_consumer_key (f->org),
                                    cs_practice_org_get_consumer_secret (f->org), NULL,
                                    cs_test_store_result, &created);
  g_assert_true (cs_connection_vault_create_finish (f->vault, cs_test_await (&created), &error));
  cs_connection_vault_store_login_async (f->vault, connection, cs_practice_org_get_consumer_key (f->org),
                                         cs_practice_org_get_consumer_secret (f->org), result, NULL,
                                         cs_test_store_result, &stored);
  f->connection = cs_connection_vault_store_login_finish (f->vault, cs_test_await (&stored), NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))) != NULL)
    {
      gtk_window_set_focus (windows->data, NULL);
      gtk_window_destroy (windows->data);
    }
  cs_wizard_spin (200);
  cs_secret_store_clear_sync (cs_connection_vault_get_secret_store (f->vault), f->connection->id, NULL, NULL);
  cs_connection_store_remove (cs_connection_vault_get_store (f->vault), f->connection->id, NULL);
  g_clear_pointer (&f->connection, cs_connection_free);
  g_clear_object (&f->vault);
  cs_practice_org_disconnect (f->org);
  g_clear_object (&f->org);
}

/* The application's window whose assistant shows @page_name (and, for a
 * re-authorization, is on @name_or_id), or NULL. */
static CsWindow *
find_window (const char *page_name,
             const char *name_or_id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL; l = l->next)
    {
      CsWindow *window = l->data;

      if (!CS_IS_WINDOW (window) ||
          g_strcmp0 (cs_assistant_get_current_name (cs_window_get_assistant (window)), page_name) != 0)
        continue;
      if (name_or_id == NULL || cs_window_is_reauthorizing (window, name_or_id))
        return window;
    }
  return NULL;
}

/* A window on @page_name for @task. */
static CsWindow *
find_task_window (const char  *page_name,
                  CsSetupTask  task)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL; l = l->next)
    {
      CsAssistant *assistant = CS_IS_WINDOW (l->data) ? cs_window_get_assistant (l->data) : NULL;

      if (assistant != NULL && g_strcmp0 (cs_assistant_get_current_name (assistant), page_name) == 0 &&
          cs_setup_context_get_task (cs_assistant_get_context (assistant)) == task)
        return l->data;
    }
  return NULL;
}

/* What GNOME Shell sends when the admin clicks a notification's button or
 * picks a .desktop action: org.freedesktop.Application.ActivateAction, on
 * a connection of its own. */
static void
activate_over_dbus (const char *action,
                    GVariant   *target)
{
  g_autoptr(GDBusConnection) shell = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GVariantBuilder parameters;

  g_assert_no_error (error);
  shell = g_dbus_connection_new_for_address_sync (address,
                                                  G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                  NULL, NULL, &error);
  g_assert_no_error (error);
  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  if (target != NULL)
    g_variant_builder_add (&parameters, "v", target);
  g_dbus_connection_call (shell, APP_ID, "/io/github/crmsync/Setup", "org.freedesktop.Application",
                          "ActivateAction",
                          g_variant_new ("(sav@a{sv})", action, &parameters,
                                         g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, cs_test_store_result, &result);
  /* Answered once the action ran. */
  wait_for (result != NULL, "the application to answer");
  reply = g_dbus_connection_call_finish (shell, result, &error);
  g_assert_no_error (error);
}

/* crm-sync-setup started with @arguments while this process runs the
 * wizard: it hands its task over and ends. Returns its exit status. */
static int
run_setup (const char * const *arguments,
           char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CS_CRM_SYNC_SETUP"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, cs_test_store_result, &result);
  wait_for (result != NULL, "crm-sync-setup to end");
  g_subprocess_communicate_utf8_finish (process, result, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The notification's action (app.reauthorize with the connection), as
 * GNOME Shell activates it: a window opens on the re-authorization. A
 * second click shows the same window. */
static void
test_reauthorize_over_dbus (Fixture       *f,
                            gconstpointer  data)
{
  CsWindow *window;

  activate_over_dbus ("reauthorize", g_variant_new_string (f->connection->name));
  wait_for ((window = find_window ("reauthorize", f->connection->id)) != NULL,
            "a window on the connection's re-authorization");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (application))), ==, 1);

  activate_over_dbus ("reauthorize", g_variant_new_string (f->connection->id));
  cs_wizard_spin (300);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (application))), ==, 1);
  g_assert_true (find_window ("reauthorize", f->connection->id) == window);

  /* A name nobody stored: the list, with what went wrong. */
  activate_over_dbus ("reauthorize", g_variant_new_string ("nobody-stored-this"));
  wait_for (find_window ("welcome", NULL) != NULL, "the list of connections");
}

/* The .desktop file's actions are the application's, without parameters
 * (launchers activate them over D-Bus, DBusActivatable=true). */
static void
test_desktop_actions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) actions = NULL;

  /* Read as a launcher reads it (GDesktopAppInfo would want the program
   * installed). */
  g_key_file_load_from_file (desktop, g_getenv ("CS_DESKTOP_FILE"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_get_boolean (desktop, G_KEY_FILE_DESKTOP_GROUP,
                                         G_KEY_FILE_DESKTOP_KEY_DBUS_ACTIVATABLE, &error));
  actions = g_key_file_get_string_list (desktop, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ACTIONS,
                                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (actions), ==, 3);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      const GVariantType *type = NULL;
      gboolean enabled;

      g_assert_true (g_action_group_query_action (G_ACTION_GROUP (application), actions[i], &enabled,
                                                  &type, NULL, NULL, NULL));
      g_assert_true (enabled);
      g_assert_null (type);
    }

  activate_over_dbus ("review", NULL);
  wait_for (find_window ("credential-review", NULL) != NULL, "the credential review");
  activate_over_dbus ("reauthorize-choose", NULL);
  wait_for (find_window ("welcome", NULL) != NULL, "the list of connections");
  activate_over_dbus ("sync-status-choose", NULL);
  wait_for (find_task_window ("welcome", CS_SETUP_TASK_SYNC_STATUS) != NULL,
            "the list of connections for the sync status");
}

/* --reauthorize NAME, --review, --reauthorize, --status NAME and
 * --status, given to a second crm-sync-setup: the running one opens them.
 * Stray names are refused. */
static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  const char *reauthorize[] = { "--reauthorize", f->connection->name, NULL };
  const char *review[] = { "--review", NULL };
  const char *choose[] = { "--reauthorize", NULL };
  const char *stray[] = { f->connection->name, NULL };
  const char *status[] = { "--status", f->connection->name, NULL };
  const char *status_choose[] = { "--status", NULL };
  const char *two_tasks[] = { "--status", "--review", NULL };
  g_autofree char *err = NULL;
  CsWindow *window;

  g_assert_cmpint (run_setup (reauthorize, &err), ==, 0);
  wait_for (find_window ("reauthorize", f->connection->id) != NULL, "the re-authorization");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_setup (review, &err), ==, 0);
  wait_for (find_window ("credential-review", NULL) != NULL, "the credential review");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_setup (choose, &err), ==, 0);
  wait_for ((window = find_window ("welcome", NULL)) != NULL, "the list of connections");
  g_assert_cmpint (cs_setup_context_get_task (cs_assistant_get_context (cs_window_get_assistant (window))), ==,
                   CS_SETUP_TASK_REAUTHORIZE);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_setup (stray, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--reauthorize"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_setup (two_tasks, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--status"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_setup (status, &err), ==, 0);
  wait_for (find_task_window ("sync-status", CS_SETUP_TASK_SYNC_STATUS) != NULL, "the sync status");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_setup (status_choose, &err), ==, 0);
  wait_for (find_task_window ("welcome", CS_SETUP_TASK_SYNC_STATUS) != NULL,
            "the list of connections for the sync status");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_log_set_writer_func (cs_wizard_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CS_LOCALEDIR") ? g_getenv ("CS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The wizard itself, on the test's bus under its own id. */
  application = cs_application_new ();
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (application)));
  /* Its windows hold it; between cases it has none. */
  g_application_hold (G_APPLICATION (application));

  g_test_add ("/application/reauthorize-over-dbus", Fixture, NULL, fixture_set_up,
              test_reauthorize_over_dbus, fixture_tear_down);
  g_test_add ("/application/desktop-actions", Fixture, NULL, fixture_set_up,
              test_desktop_actions, fixture_tear_down);
  g_test_add ("/application/command-line", Fixture, NULL, fixture_set_up,
              test_command_line, fixture_tear_down);

  status = g_test_run ();
  g_application_release (G_APPLICATION (application));
  g_object_unref (application);
  return status;
}
