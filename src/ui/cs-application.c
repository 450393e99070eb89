/* cs-application.c: single-instance AdwApplication.
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

static void
cs_application_activate (GApplication *application)
{
  CsApplication *self = CS_APPLICATION (application);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CsSetupContext) context = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  settings = g_settings_new (APP_ID);
  context = cs_setup_context_new (settings);
  if (self->practice)
    cs_setup_context_set_environment (context, CS_ENVIRONMENT_PRACTICE);

  window = GTK_WINDOW (cs_window_new (GTK_APPLICATION (application), context));
  gtk_window_present (window);
}

static int
cs_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  CsApplication *self = CS_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("crm-sync-setup %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->practice = g_variant_dict_contains (options, "practice");
  return -1;
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
