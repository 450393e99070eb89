/* cs-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-first-frame.h"
#include "cs-pages.h"
#include "cs-window.h"

struct _CsWindow
{
  AdwApplicationWindow  parent_instance;

  CsSetupContext       *context;
  CsAssistant          *assistant;
  GCancellable         *cancellable;

  GtkStack             *stack;
  AdwStatusPage        *finished_page;
  GtkWidget            *close_button;
  CsMessageBar         *keyring_bar;
};

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

/* The end of a re-authorization, in words: who it logs in as again, and
 * what became of the old authorization. */
static char *
describe_reauthorized (CsWindow *self)
{
  CsConnection *connection = cs_setup_context_get_connection (self->context);
  const char *org = connection->org_name != NULL ? connection->org_name : connection->org_id;
  const char *old_token;

  switch (cs_setup_context_get_replaced_token (self->context))
    {
    case CS_REVOKE_DONE:
      old_token = _("The new refresh token is in your keyring, and the old one was revoked at Salesforce.");
      break;
    case CS_REVOKE_FAILED:
      old_token = _("The new refresh token is in your keyring, but the old one could not be revoked: revoke it in Salesforce Setup → Connected Apps OAuth Usage.");
      break;
    case CS_REVOKE_ALREADY_INVALID:
    case CS_REVOKE_NOTHING:
    default:
      old_token = _("The new refresh token is in your keyring; Salesforce no longer accepted the old one.");
      break;
    }
  /* Translators: a connection's name, an org's name, a username, then a
   * sentence about the tokens */
  return g_strdup_printf (_("“%s” works again: it logs in to %s as %s. %s The recorded fields and the sync state were kept as they were."),
                          cs_connection_get_display_name (connection), org, connection->username, old_token);
}

/* crm-sync's notification about the connection (sent as this
 * application, see cs-cli-notify.c) is answered now. */
static void
withdraw_notification (CsWindow *self)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *id = NULL;

  if (application == NULL || !g_application_get_is_registered (application) ||
      g_application_get_is_remote (application))
    return;
  id = g_strconcat ("reauthorize-", cs_setup_context_get_connection (self->context)->id, NULL);
  g_application_withdraw_notification (application, id);
}

static void
assistant_finished_cb (CsAssistant *assistant,
                       CsWindow    *self)
{
  g_autofree char *description = NULL;

  switch (cs_setup_context_get_task (self->context))
    {
    case CS_SETUP_TASK_REVIEW_CREDENTIALS:
    case CS_SETUP_TASK_SYNC_STATUS:
      gtk_window_close (GTK_WINDOW (self));
      return;
    case CS_SETUP_TASK_REAUTHORIZE:
      withdraw_notification (self);
      description = describe_reauthorized (self);
      adw_status_page_set_title (self->finished_page, _("Connection Works Again"));
      adw_status_page_set_description (self->finished_page, description);
      break;
    case CS_SETUP_TASK_NEW_CONNECTION:
    default:
      adw_status_page_set_title (self->finished_page, _("Connection Ready"));
      adw_status_page_set_description (self->finished_page,
                                       _("The credentials are stored in your keyring, the fields the sync user can see are recorded and the sync runs. You can close this window."));
      break;
    }
  gtk_stack_set_visible_child_name (self->stack, "finished");
  gtk_widget_grab_focus (self->close_button);
}

static void
show_assistant (CsWindow   *self,
                const char *page_name)
{
  gtk_stack_set_visible_child_name (self->stack, "assistant");
  cs_assistant_go_to (self->assistant, page_name);
}

void
cs_window_open_review (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  cs_setup_context_set_task (self->context, CS_SETUP_TASK_REVIEW_CREDENTIALS);
  show_assistant (self, "credential-review");
}

void
cs_window_open_reauthorize_list (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  cs_setup_context_set_task (self->context, CS_SETUP_TASK_REAUTHORIZE);
  show_assistant (self, "welcome");
}

static void
reauthorization_begun_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cs_setup_context_begin_reauthorization_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      show_assistant (self, "reauthorize");
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The list to choose from instead, with what went wrong. */
  cs_window_open_reauthorize_list (self);
  cs_welcome_page_show_error (CS_WELCOME_PAGE (cs_assistant_get_page (self->assistant, "welcome")), error);
}

void
cs_window_open_reauthorization (CsWindow   *self,
                                const char *name_or_id)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (name_or_id != NULL);

  cs_setup_context_begin_reauthorization_async (self->context, name_or_id, self->cancellable,
                                                reauthorization_begun_cb, g_object_ref (self));
}

gboolean
cs_window_is_reauthorizing (CsWindow   *self,
                            const char *name_or_id)
{
  CsConnection *connection;

  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  connection = cs_setup_context_get_connection (self->context);
  return cs_setup_context_get_task (self->context) == CS_SETUP_TASK_REAUTHORIZE && connection != NULL &&
         (g_strcmp0 (connection->id, name_or_id) == 0 ||
          (connection->name != NULL && g_ascii_strcasecmp (connection->name, name_or_id) == 0));
}

gboolean
cs_window_is_untouched (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "assistant") == 0 &&
         g_strcmp0 (cs_assistant_get_current_name (self->assistant), "welcome") == 0 &&
         cs_setup_context_get_tokens (self->context) == NULL;
}

void
cs_window_open_sync_status_list (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  cs_setup_context_set_task (self->context, CS_SETUP_TASK_SYNC_STATUS);
  show_assistant (self, "welcome");
}

void
cs_window_open_sync_status (CsWindow   *self,
                            const char *name_or_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (name_or_id != NULL);

  if (cs_setup_context_begin_sync_status (self->context, name_or_id, &error))
    {
      show_assistant (self, "sync-status");
      return;
    }
  /* The list to choose from instead, with what went wrong. */
  cs_window_open_sync_status_list (self);
  cs_welcome_page_show_error (CS_WELCOME_PAGE (cs_assistant_get_page (self->assistant, "welcome")), error);
}

static void
action_reauthorize (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cs_window_open_reauthorization (CS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
action_review (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cs_window_open_review (CS_WINDOW (widget));
}

static void
save_window_state (CsWindow *self)
{
  GSettings *settings = cs_setup_context_get_settings (self->context);
  int width, height;

  if (settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

/* A renewed refresh token the keyring refused lives only in this process:
 * the bar says what to do, with Try Again. */
static void
update_keyring_bar (CsWindow *self)
{
  const GError *error = cs_setup_context_get_keyring_error (self->context);

  if (error == NULL)
    {
      cs_message_bar_hide (self->keyring_bar);
      return;
    }
  cs_message_bar_show_error (self->keyring_bar, error, _("_Try Again"), "window.retry-keyring");
}

static void
keyring_error_cb (CsSetupContext *context,
                  GParamSpec     *pspec,
                  CsWindow       *self)
{
  update_keyring_bar (self);
}

static void
retried_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A new failure updates the context's error, and so the bar. */
  if (!cs_setup_context_retry_keyring_write_finish (CS_SETUP_CONTEXT (source), result, &error))
    g_debug ("The keyring refused the renewed token again");
  update_keyring_bar (self);
}

static void
action_retry_keyring (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  cs_setup_context_retry_keyring_write_async (self->context, retried_cb, g_object_ref (self));
}

static gboolean
cs_window_close_request (GtkWindow *window)
{
  CsWindow *self = CS_WINDOW (window);

  /* Closing now would lose the only working refresh token: the bar says
   * so (Quit still ends the program). */
  if (cs_setup_context_get_keyring_error (self->context) != NULL)
    {
      update_keyring_bar (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->keyring_bar));
      return TRUE;
    }

  save_window_state (self);

  return GTK_WINDOW_CLASS (cs_window_parent_class)->close_request (window);
}

static void
cs_window_dispose (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_class_init (CsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cs_window_dispose;
  window_class->close_request = cs_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, finished_page);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, close_button);
  gtk_widget_class_install_action (widget_class, "window.retry-keyring", NULL, action_retry_keyring);
  gtk_widget_class_install_action (widget_class, "window.review", NULL, action_review);
  /* A connection's name or id (the sync status offers it). */
  gtk_widget_class_install_action (widget_class, "window.reauthorize", "s", action_reauthorize);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
cs_window_init (CsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  cs_first_frame_watch (GTK_WINDOW (self));
}

CsWindow *
cs_window_new (GtkApplication *application,
               CsSetupContext *context)
{
  CsWindow *self;
  GSettings *settings;
  GtkStackPage *stack_page;
  GtkWidget *box;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (context), NULL);

  self = g_object_new (CS_TYPE_WINDOW, "application", application, NULL);
  self->context = g_object_ref (context);

  settings = cs_setup_context_get_settings (context);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 900, 720);

  /* A renewed refresh token the keyring refused is shown above every page. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->keyring_bar = CS_MESSAGE_BAR (cs_message_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->keyring_bar));
  self->assistant = cs_assistant_new (context);
  gtk_widget_set_vexpand (GTK_WIDGET (self->assistant), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->assistant));
  stack_page = gtk_stack_add_named (self->stack, box, "assistant");
  gtk_stack_page_set_title (stack_page, _("Assistant"));
  gtk_stack_set_visible_child (self->stack, box);
  g_signal_connect_object (self->assistant, "finished", G_CALLBACK (assistant_finished_cb), self, 0);
  g_signal_connect_object (context, "notify::keyring-error", G_CALLBACK (keyring_error_cb), self, 0);

  return self;
}

CsMessageBar *
cs_window_get_keyring_bar (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->keyring_bar;
}

CsAssistant *
cs_window_get_assistant (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->assistant;
}
