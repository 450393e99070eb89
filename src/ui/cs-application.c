/* cs-application.c: single-instance AdwApplication.
 *
 * Besides opening the wizard, it answers the actions that open it on a
 * task: "reauthorize" (a connection's name or id: what crm-sync's
 * notification and --reauthorize NAME activate), "reauthorize-choose" and
 * "review" (the .desktop file's actions, --reauthorize and --review). They
 * also arrive over D-Bus: the desktop activates them on the running
 * instance, or starts it as a D-Bus service (DBusActivatable) to do so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-application.h"
#include "cs-setup-context.h"
#include "cs-ui.h"
#include "cs-window.h"

struct _CsApplication
{
  AdwApplication  parent_instance;

  gboolean        practice;
};



G_DEFINE_FINAL_TYPE (CsApplication, cs_application, ADW_TYPE_APPLICATION)

static CsWindow *
new_window (CsApplication *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(CsSetupContext) context = cs_setup_context_new (settings);

  if (self->practice)
    cs_setup_context_set_environment (context, CS_ENVIRONMENT_PRACTICE);
  return cs_window_new (GTK_APPLICATION (self), context);
}

/* A window for another task: the active one while nothing was done in it,
 * else a new one (nothing the admin is doing is lost). */
static CsWindow *
window_for_task (CsApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (CS_IS_WINDOW (active) && cs_window_is_untouched (CS_WINDOW (active)))
    return CS_WINDOW (active);
  return new_window (self);
}

static void
cs_application_activate (GApplication *application)
{
  CsApplication *self = CS_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (new_window (self));
  gtk_window_present (window);
}

static void
action_reauthorize (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CsApplication *self = CS_APPLICATION (user_data);
  const char *name = g_variant_get_string (parameter, NULL);
  CsWindow *window = NULL;

  /* Already on it (a second click on the notification). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL; l = l->next)
    if (CS_IS_WINDOW (l->data) && cs_window_is_reauthorizing (l->data, name))
      window = l->data;
  if (window == NULL)
    {
      window = window_for_task (self);
      cs_window_open_reauthorization (window, name);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
action_reauthorize_choose (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CsWindow *window = window_for_task (CS_APPLICATION (user_data));

  cs_window_open_reauthorize_list (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
action_review (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CsWindow *window = window_for_task (CS_APPLICATION (user_data));

  cs_window_open_review (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* --reauthorize [NAME] and --review activate the matching action, in the
 * running instance when there is one. */
static void
action_sync_status (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CsWindow *window = window_for_task (CS_APPLICATION (user_data));

  cs_window_open_sync_status (window, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static void
action_sync_status_choose (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CsWindow *window = window_for_task (CS_APPLICATION (user_data));

  cs_window_open_sync_status_list (window);
  gtk_window_present (GTK_WINDOW (window));
}

static int
cs_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  CsApplication *self = CS_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autofree const char **names = NULL;
  gboolean reauthorize = g_variant_dict_contains (options, "reauthorize");
  gboolean review = g_variant_dict_contains (options, "review");
  gboolean status = g_variant_dict_contains (options, "status");
  guint n_names;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("crm-sync-setup %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->practice = g_variant_dict_contains (options, "practice");

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &names);
  n_names = names != NULL ? g_strv_length ((char **) names) : 0;
  if ((n_names > 0 && !reauthorize && !status) || n_names > 1 || reauthorize + review + status > 1)
    {
      g_printerr ("%s\n", _("crm-sync-setup: give a connection’s name only with --reauthorize or --status, and one at a time; --reauthorize, --review and --status do not go together."));
      return 2;
    }
  if (!reauthorize && !review && !status)
    return -1;

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("crm-sync-setup: %s\n", error->message);
      return 1;
    }
  if (n_names == 1)
    g_action_group_activate_action (G_ACTION_GROUP (application), status ? "sync-status" : "reauthorize",
                                    g_variant_new_string (names[0]));
  else if (status)
    g_action_group_activate_action (G_ACTION_GROUP (application), "sync-status-choose", NULL);
  else
    g_action_group_activate_action (G_ACTION_GROUP (application), reauthorize ? "reauthorize-choose" : "review", NULL);
  /* The running instance does it; here the window it made is shown. */
  return g_application_get_is_remote (application) ? 0 : -1;
}

static void
action_about (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The CRM Sync Setup authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("CRM Sync Setup"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
action_quit (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
cs_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { .name = "about", .activate = action_about },
    { .name = "quit", .activate = action_quit },
    { .name = "reauthorize", .activate = action_reauthorize, .parameter_type = "s" },
    { .name = "reauthorize-choose", .activate = action_reauthorize_choose },
    { .name = "review", .activate = action_review },
    { .name = "sync-status", .activate = action_sync_status, .parameter_type = "s" },
    { .name = "sync-status-choose", .activate = action_sync_status_choose },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (cs_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
cs_application_class_init (CsApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->activate = cs_application_activate;
  application_class->startup = cs_application_startup;
  application_class->handle_local_options = cs_application_handle_local_options;
}

static void
cs_application_init (CsApplication *self)
{
  static const GOptionEntry entries[] = {
    { "practice", 'p', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Start with the built-in practice org selected"), NULL },
    { "reauthorize", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Re-authorize the stored connection NAME (without NAME: choose one)"), NULL },
    { "review", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Review the stored credentials"), NULL },
    { "status", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the sync status of the stored connection NAME (without NAME: choose one)"), NULL },
    { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[NAME]") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

CsApplication *
cs_application_new (void)
{
  cs_ui_init ();

  return g_object_new (CS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/crmsync/Setup",
                       NULL);
}
