/* cs-confirm-page.c: who logged in, checked against the sync user, then
 * "Confirm Credentials" stores the connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-confirm-page.h"
#include "cs-confirm-page-private.h"
#include "cs-message-bar.h"
#include "cs-widget-util.h"

struct _CsConfirmPage
{
  CsPage           parent_instance;

  CsIdentity      *identity;        /* the one shown; a new one unticks the box */
  gboolean         needs_acknowledge;

  CsMessageBar    *user_bar;
  CsMessageBar    *admin_bar;
  CsMessageBar    *error_bar;
  GtkLabel        *intro_label;
  char            *new_connection_intro;
  GtkWidget       *acknowledge_group;
  GtkCheckButton  *acknowledge_check;
  AdwActionRow    *display_name_row;
  AdwActionRow    *username_row;
  AdwActionRow    *profile_row;
  AdwActionRow    *user_id_row;
  AdwActionRow    *org_name_row;
  AdwActionRow    *org_id_row;
  AdwActionRow    *instance_row;
  AdwActionRow    *environment_row;
  AdwActionRow    *refresh_row;
  GtkImage        *refresh_icon;
  AdwActionRow    *sync_user_row;
  GtkImage        *sync_user_icon;

  GtkLabel        *display_name_label;
  GtkLabel        *username_label;
  GtkLabel        *profile_label;
  GtkLabel        *user_id_label;
  GtkLabel        *org_name_label;
  GtkLabel        *org_id_label;
  GtkLabel        *instance_label;
  GtkLabel        *environment_label;
};

G_DEFINE_FINAL_TYPE (CsConfirmPage, cs_confirm_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsConfirmPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static void
update_complete (CsConfirmPage *self)
{
  CsSetupContext *context = get_context (self);
  gboolean logged_in = cs_setup_context_get_identity (context) != NULL &&
                       cs_setup_context_get_tokens (context) != NULL;

  cs_page_set_complete (CS_PAGE (self),
                        logged_in &&
                        (!self->needs_acknowledge || gtk_check_button_get_active (self->acknowledge_check)));
}

static void
update_checks (CsConfirmPage *self,
               CsIdentity    *identity)
{
  CsSetupContext *context = get_context (self);
  const char *expected = cs_setup_context_get_expected_username (context);
  const char *username = cs_identity_get_username (identity);
  const char *profile = cs_identity_get_profile_name (identity);
  gboolean is_admin = cs_identity_get_is_admin (identity);
  gboolean mismatch = expected != NULL && !cs_identity_matches_username (identity, expected);
  g_autofree char *sync_user_text = NULL;
  g_autofree char *check_label = NULL;

  if (mismatch)
    {
      g_autofree char *message = NULL;

      /* Translators: both %s are Salesforce usernames */
      message = g_strdup_printf (_("You logged in as %s, but the sync user is %s. The connection must use the sync user: Salesforce records every change the sync makes under the user it logs in as. Log in again as %s, or confirm below that %s is the right user."),
                                 username, expected, expected, username);
      cs_message_bar_show (self->user_bar, CS_MESSAGE_WARNING, message,
                           _("_Log In Again"), "confirm.log-in-again");
      /* Translators: %s is a Salesforce username */
      sync_user_text = g_strdup_printf (_("Not the sync user named before the login (%s)."), expected);
    }
  else
    {
      cs_message_bar_hide (self->user_bar);
      if (expected != NULL)
        sync_user_text = g_strdup_printf (_("The sync user named before the login (%s)."), expected);
      else
        sync_user_text = g_strdup (_("Not checked: no sync user was named before the login."));
    }

  if (is_admin)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a Salesforce username, then a profile name */
      message = g_strdup_printf (_("%s is an administrator (profile “%s”). The sync user should be a dedicated user with the “Marketo-Salesforce Sync” profile, not an administrator: every change the sync makes is recorded under this user, and the sync sees every field this user can see — each of those fields becomes permanent on the marketing side and cannot be deleted there. Log in as the dedicated sync user, or confirm below that this administrator should be used."),
                                 username, profile ? profile : _("unknown"));
      /* One "Log In Again" button is enough when both warnings show. */
      cs_message_bar_show (self->admin_bar, CS_MESSAGE_WARNING, message,
                           mismatch ? NULL : _("_Log In Again"),
                           mismatch ? NULL : "confirm.log-in-again");
    }
  else
    cs_message_bar_hide (self->admin_bar);

  adw_action_row_set_subtitle (self->sync_user_row, sync_user_text);
  gtk_image_set_from_icon_name (self->sync_user_icon,
                                mismatch || is_admin ? "dialog-warning-symbolic"
                                : expected != NULL ? "emblem-ok-symbolic"
                                : "dialog-information-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_user_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  mismatch || is_admin ? _("Warning") : _("Checked"),
                                  -1);

  self->needs_acknowledge = mismatch || is_admin;
  gtk_widget_set_visible (self->acknowledge_group, self->needs_acknowledge);
  if (is_admin && !mismatch)
    /* Translators: %s is a Salesforce username */
    check_label = g_strdup_printf (_("_Use the administrator %s as the sync user anyway"), username);
  else
    check_label = g_strdup_printf (_("_Use %s as the sync user anyway"), username);
  gtk_check_button_set_label (self->acknowledge_check, check_label);
}

static void
refresh (CsConfirmPage *self)
{
  CsSetupContext *context = get_context (self);
  CsIdentity *identity = cs_setup_context_get_identity (context);
  CsTokenSet *tokens = cs_setup_context_get_tokens (context);

  /* A different login: the admin must look again. */
  if (identity != self->identity)
    {
      g_set_object (&self->identity, identity);
      gtk_check_button_set_active (self->acknowledge_check, FALSE);
      cs_message_bar_hide (self->error_bar);
    }

  if (identity == NULL)
    {
      cs_widget_set_row_value (self->display_name_row, self->display_name_label, NULL);
      cs_widget_set_row_value (self->username_row, self->username_label, NULL);
      cs_widget_set_row_value (self->profile_row, self->profile_label, NULL);
      cs_widget_set_row_value (self->user_id_row, self->user_id_label, NULL);
      cs_widget_set_row_value (self->org_name_row, self->org_name_label, NULL);
      cs_widget_set_row_value (self->org_id_row, self->org_id_label, NULL);
      cs_widget_set_row_value (self->instance_row, self->instance_label, NULL);
      cs_message_bar_hide (self->user_bar);
      cs_message_bar_hide (self->admin_bar);
      cs_message_bar_show (self->error_bar, CS_MESSAGE_ERROR,
                           _("Nobody is logged in. Log in with Salesforce first."),
                           _("_Log In"), "confirm.log-in-again");
      self->needs_acknowledge = FALSE;
      gtk_widget_set_visible (self->acknowledge_group, FALSE);
      update_complete (self);
      return;
    }

  cs_widget_set_row_value (self->display_name_row, self->display_name_label, cs_identity_get_display_name (identity));
  cs_widget_set_row_value (self->username_row, self->username_label, cs_identity_get_username (identity));
  cs_widget_set_row_value (self->profile_row, self->profile_label, cs_identity_get_profile_name (identity));
  cs_widget_set_row_value (self->user_id_row, self->user_id_label, cs_identity_get_user_id (identity));
  cs_widget_set_row_value (self->org_name_row, self->org_name_label, cs_identity_get_org_name (identity));
  cs_widget_set_row_value (self->org_id_row, self->org_id_label, cs_identity_get_org_id (identity));
  cs_widget_set_row_value (self->instance_row, self->instance_label,
             tokens ? cs_token_set_get_instance_url (tokens) : NULL);
  cs_widget_set_row_value (self->environment_row, self->environment_label,
             cs_environment_display_name (cs_setup_context_get_environment (context)));

  if (tokens != NULL && cs_token_set_get_refresh_token (tokens) != NULL)
    {
      adw_action_row_set_subtitle (self->refresh_row,
                                   _("Salesforce handed out a refresh token: the sync stays connected without a password until the token is revoked."));
      gtk_image_set_from_icon_name (self->refresh_icon, "emblem-ok-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->refresh_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Checked"), -1);
    }
  else
    {
      adw_action_row_set_subtitle (self->refresh_row,
                                   _("No refresh token: add the “refresh_token, offline_access” scope to the External Client App, then log in again."));
      gtk_image_set_from_icon_name (self->refresh_icon, "dialog-warning-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->refresh_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
    }

  update_checks (self, identity);
  update_complete (self);
}

static void
context_login_changed_cb (CsSetupContext *context,
                          GParamSpec     *pspec,
                          CsConfirmPage  *self)
{
  refresh (self);
}

static void
acknowledge_toggled_cb (GtkCheckButton *check,
                        CsConfirmPage  *self)
{
  update_complete (self);
}

static void
cs_confirm_page_shown (CsPage *page)
{
  CsConfirmPage *self = CS_CONFIRM_PAGE (page);

  if (cs_setup_context_get_task (get_context (self)) == CS_SETUP_TASK_REAUTHORIZE)
    gtk_label_set_text (self->intro_label,
                        _("Check who logged in before the new authorization is saved. Confirming puts the new refresh token in your keyring, then revokes the old one at Salesforce. The field catalog and the sync state stay as they are."));
  else
    gtk_label_set_text (self->intro_label, self->new_connection_intro);
  refresh (self);
  /* With a warning, Confirm is off: focus the box that turns it on rather
   * than let GTK pick the first selectable text. */
  cs_page_set_initial_focus (page, self->needs_acknowledge ? GTK_WIDGET (self->acknowledge_check) : NULL);
}

static void
confirm_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CsConfirmPage) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *action_label = _("_Try Again");
  const char *action_name = "assistant.next";

  if (cs_setup_context_confirm_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      g_debug ("Credentials confirmed");
      cs_page_apply_complete (CS_PAGE (self), TRUE);
      return;
    }

  /* Cancelled, or the page is gone (window closed): nothing to show. */
  if (!cs_page_result_is_stale (CS_PAGE (self), result))
    {
      /* Without a refresh token only a new login helps. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_GRANT) ||
          g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_INPUT))
        {
          action_label = _("_Log In Again");
          action_name = "confirm.log-in-again";
        }
      cs_message_bar_show_error (self->error_bar, error, action_label, action_name);
    }
  cs_page_apply_complete (CS_PAGE (self), FALSE);
}

static gboolean
cs_confirm_page_apply (CsPage       *page,
                       GCancellable *cancellable)
{
  CsConfirmPage *self = CS_CONFIRM_PAGE (page);

  cs_message_bar_hide (self->error_bar);
  cs_setup_context_confirm_async (get_context (self), cancellable, confirm_cb, g_object_ref (self));
  return TRUE;
}

static void
action_log_in_again (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CsConfirmPage *self = CS_CONFIRM_PAGE (widget);

  /* Not while Confirm stores this login (the action is off then). */
  if (cs_page_get_applying (CS_PAGE (self)))
    return;

  cs_page_request_login_again (CS_PAGE (self));
}

/* While Confirm stores the login, forgetting that login (and leaving for
 * the login page) would race the keyring writes. */
static void
applying_changed_cb (CsConfirmPage *self,
                     GParamSpec    *pspec,
                     gpointer       user_data)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "confirm.log-in-again",
                                 !cs_page_get_applying (CS_PAGE (self)));
}

static void
cs_confirm_page_constructed (GObject *object)
{
  CsConfirmPage *self = CS_CONFIRM_PAGE (object);
  CsSetupContext *context;

  G_OBJECT_CLASS (cs_confirm_page_parent_class)->constructed (object);

  context = get_context (self);
  g_assert (context != NULL);
  g_signal_connect_object (context, "notify::identity", G_CALLBACK (context_login_changed_cb), self, 0);
  g_signal_connect_object (context, "notify::tokens", G_CALLBACK (context_login_changed_cb), self, 0);
  g_signal_connect (self, "notify::applying", G_CALLBACK (applying_changed_cb), NULL);
  update_complete (self);
}

static void
cs_confirm_page_dispose (GObject *object)
{
  CsConfirmPage *self = CS_CONFIRM_PAGE (object);

  g_clear_object (&self->identity);
  g_clear_pointer (&self->new_connection_intro, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONFIRM_PAGE);

  G_OBJECT_CLASS (cs_confirm_page_parent_class)->dispose (object);
}

static void
cs_confirm_page_class_init (CsConfirmPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_confirm_page_constructed;
  object_class->dispose = cs_confirm_page_dispose;
  page_class->shown = cs_confirm_page_shown;
  page_class->apply = cs_confirm_page_apply;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-confirm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, user_bar);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, admin_bar);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, acknowledge_group);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, acknowledge_check);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, profile_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, user_id_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, org_name_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, org_id_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, instance_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, environment_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, refresh_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, refresh_icon);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, sync_user_row);
  gtk_widget_class_bind_template_child (widget_class, CsConfirmPage, sync_user_icon);

  gtk_widget_class_install_action (widget_class, "confirm.log-in-again", NULL, action_log_in_again);
}

static void
cs_confirm_page_init (CsConfirmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->new_connection_intro = g_strdup (gtk_label_get_text (self->intro_label));

  cs_page_set_title (CS_PAGE (self), _("Confirm Credentials"));
  cs_page_set_next_label (CS_PAGE (self), _("Confirm _Credentials"));

  self->display_name_label = cs_widget_add_value_label (self->display_name_row);
  self->username_label = cs_widget_add_value_label (self->username_row);
  self->profile_label = cs_widget_add_value_label (self->profile_row);
  self->user_id_label = cs_widget_add_value_label (self->user_id_row);
  self->org_name_label = cs_widget_add_value_label (self->org_name_row);
  self->org_id_label = cs_widget_add_value_label (self->org_id_row);
  self->instance_label = cs_widget_add_value_label (self->instance_row);
  self->environment_label = cs_widget_add_value_label (self->environment_row);

  /* Subtitles are ours, but may quote a username: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->refresh_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->sync_user_row), FALSE);

  g_signal_connect_object (self->acknowledge_check, "toggled", G_CALLBACK (acknowledge_toggled_cb), self, 0);
}

/* ---- for the tests -------------------------------------------------------- */

CsMessageBar *
cs_confirm_page_get_user_bar (CsConfirmPage *self)
{
  g_return_val_if_fail (CS_IS_CONFIRM_PAGE (self), NULL);

  return self->user_bar;
}

CsMessageBar *
cs_confirm_page_get_admin_bar (CsConfirmPage *self)
{
  g_return_val_if_fail (CS_IS_CONFIRM_PAGE (self), NULL);

  return self->admin_bar;
}

CsMessageBar *
cs_confirm_page_get_error_bar (CsConfirmPage *self)
{
  g_return_val_if_fail (CS_IS_CONFIRM_PAGE (self), NULL);

  return self->error_bar;
}

GtkCheckButton *
cs_confirm_page_get_acknowledge_check (CsConfirmPage *self)
{
  g_return_val_if_fail (CS_IS_CONFIRM_PAGE (self), NULL);

  return self->acknowledge_check;
}

const char *
cs_confirm_page_get_shown_username (CsConfirmPage *self)
{
  g_return_val_if_fail (CS_IS_CONFIRM_PAGE (self), NULL);

  return gtk_label_get_text (self->username_label);
}
