/* cs-login-page.c: the login's flow. Each attempt is a fresh request (new
 * state and PKCE verifier) whose authorization page a CsLoginView shows in
 * a private session; the view hands over Salesforce's redirect to the
 * callback (or the admin pastes it from a browser), and the setup context
 * trades the code for tokens. The page shows where the login is, and for
 * each failure what the admin can do about it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-login-page.h"
#include "cs-login-page-private.h"
#include "cs-login-view.h"
#include "cs-message-bar.h"
#include "cs-secret-util.h"
#include "cs-string-util.h"
#include "cs-widget-util.h"

typedef enum {
  LOGIN_STATE_NONE,
  LOGIN_STATE_WEB,          /* the admin is logging in in the view */
  LOGIN_STATE_CHECKING,     /* callback caught, code exchange running */
  LOGIN_STATE_DONE,         /* tokens and identity in the context */
  LOGIN_STATE_STOPPED,      /* an error in the message bar */
  LOGIN_STATE_UNAVAILABLE,  /* no login host or consumer key yet */
} LoginState;

struct _CsLoginPage
{
  CsPage          parent_instance;

  LoginState      state;
  CsOAuthRequest *request;            /* the attempt's, loaded in the view */

  CsMessageBar   *message_bar;
  GtkStack       *view_stack;
  CsLoginView    *login_view;
  GtkSpinner     *checking_spinner;
  AdwStatusPage  *done_page;
  GtkWidget      *practice_panel;
  AdwActionRow   *practice_username_row;
  AdwActionRow   *practice_password_row;
  AdwActionRow   *practice_code_row;
  GtkLabel       *practice_code_label;
  GtkWidget      *browser_expander;
  GtkLabel       *browser_help_label;
  GtkEditable    *pasted_entry;
  GCancellable   *mailbox_cancellable;
};

G_DEFINE_FINAL_TYPE (CsLoginPage, cs_login_page, CS_TYPE_PAGE)

static void restart_login (CsLoginPage *self);
static void show_practice_stopped (CsLoginPage *self);

static CsSetupContext *
get_context (CsLoginPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static void
show_toast (CsLoginPage *self,
            const char  *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.toast", "s", message);
}

/* ---- practice mailbox ----------------------------------------------------- */

/* The practice org while it is the environment and runs. */
static CsPracticeProcess *
get_practice_org (CsLoginPage *self)
{
  CsSetupContext *context = get_context (self);
  CsPracticeProcess *org;

  if (cs_setup_context_get_environment (context) != CS_ENVIRONMENT_PRACTICE)
    return NULL;
  org = cs_setup_context_get_practice_org (context);
  return org != NULL && cs_practice_process_get_running (org) ? org : NULL;
}

static void
show_code (CsLoginPage *self,
           const char  *code)
{
  gtk_label_set_text (self->practice_code_label, code ? code : "");
  adw_action_row_set_subtitle (self->practice_code_row,
                               code ? "" : _("No code yet. It arrives once the login form is sent."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-code", code != NULL);
}

static void
code_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CsLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = cs_practice_process_fetch_code_finish (CS_PRACTICE_PROCESS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->practice_code_label == NULL)
    return;
  /* A mailbox that does not answer: the org stopped, which the page
   * says on its own (practice_org_changed_cb()). */
  if (error != NULL)
    g_debug ("Practice mailbox: %s", error->message);
  show_code (self, code);
  cs_secret_clear (&code);
}

/* From the practice org's mailbox, over HTTP. */
static void
refresh_mailbox (CsLoginPage *self)
{
  CsPracticeProcess *org = get_practice_org (self);

  if (org == NULL)
    return;
  g_cancellable_cancel (self->mailbox_cancellable);
  g_clear_object (&self->mailbox_cancellable);
  self->mailbox_cancellable = g_cancellable_new ();
  cs_practice_process_fetch_code_async (org, self->mailbox_cancellable, code_fetched_cb, g_object_ref (self));
}

static void
update_practice_panel (CsLoginPage *self)
{
  CsPracticeProcess *org = get_practice_org (self);

  gtk_widget_set_visible (self->practice_panel, org != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-username", org != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-password", org != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.refresh-mailbox", org != NULL);
  if (org == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-code", FALSE);
      return;
    }

  adw_action_row_set_subtitle (self->practice_username_row, cs_practice_process_get_sync_username (org));
  adw_action_row_set_subtitle (self->practice_password_row, cs_practice_process_get_sync_password (org));
  show_code (self, NULL);
  refresh_mailbox (self);
}

/* ---- states --------------------------------------------------------------- */

static void
set_state (CsLoginPage *self,
           LoginState   state)
{
  CsIdentity *identity;

  self->state = state;

  switch (state)
    {
    case LOGIN_STATE_WEB:
      gtk_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->login_view));
      break;
    case LOGIN_STATE_CHECKING:
      gtk_stack_set_visible_child_name (self->view_stack, "checking");
      break;
    case LOGIN_STATE_DONE:
      identity = cs_setup_context_get_identity (get_context (self));
      if (identity != NULL)
        {
          g_autofree char *description = NULL;

          /* Translators: %s is a Salesforce username */
          description = g_strdup_printf (_("You are logged in as %s. Continue to check who that is before the connection is saved."),
                                         cs_identity_get_username (identity));
          adw_status_page_set_description (self->done_page, description);
        }
      gtk_stack_set_visible_child_name (self->view_stack, "done");
      break;
    case LOGIN_STATE_STOPPED:
      gtk_stack_set_visible_child_name (self->view_stack, "stopped");
      break;
    case LOGIN_STATE_UNAVAILABLE:
      gtk_stack_set_visible_child_name (self->view_stack, "unavailable");
      break;
    case LOGIN_STATE_NONE:
    default:
      break;
    }

  gtk_spinner_set_spinning (self->checking_spinner, state == LOGIN_STATE_CHECKING);
  /* The browser fallback only makes sense while no login is running. */
  gtk_widget_set_sensitive (self->browser_expander,
                            state == LOGIN_STATE_WEB || state == LOGIN_STATE_STOPPED);
}

static void
stop_with_message (CsLoginPage *self,
                   const char  *message,
                   const char  *action_label,
                   const char  *action_name)
{
  cs_login_view_stop (self->login_view);
  cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR, message, action_label, action_name);
  set_state (self, LOGIN_STATE_STOPPED);
}

/* What the admin can do about a failed login. The core's message already
 * says what to do; the button goes where it can be done. */
static void
show_login_error (CsLoginPage  *self,
                  const GError *error)
{
  const char *action_label = _("_Log In Again");
  const char *action_name = "login.restart";

  if (error->domain == CS_ERROR)
    {
      switch ((CsError) error->code)
        {
        case CS_ERROR_INVALID_CLIENT_ID:
        case CS_ERROR_INVALID_CLIENT_SECRET:
        case CS_ERROR_BAD_SIGNATURE:
          action_label = _("Check _Key and Secret");
          action_name = "login.go-to-credentials";
          break;
        case CS_ERROR_PKCE_MISMATCH:
          action_label = _("Change the _PKCE Setting");
          action_name = "login.go-to-external-app";
          break;
        case CS_ERROR_REDIRECT_MISMATCH:
          action_label = _("Check the _App Settings");
          action_name = "login.go-to-external-app";
          break;
        case CS_ERROR_NETWORK:
        case CS_ERROR_TLS:
        case CS_ERROR_SERVER:
        case CS_ERROR_RATE_LIMITED:
        case CS_ERROR_MALFORMED_RESPONSE:
        case CS_ERROR_FAILED:
          action_label = _("_Try Again");
          break;
        case CS_ERROR_ACCESS_DENIED:
        case CS_ERROR_STATE_MISMATCH:
        case CS_ERROR_INVALID_GRANT:
        case CS_ERROR_AUTHENTICATION_FAILED:
        case CS_ERROR_INACTIVE_USER:
        case CS_ERROR_INACTIVE_ORG:
        case CS_ERROR_API_DISABLED:
        case CS_ERROR_APP_BLOCKED:
        case CS_ERROR_APP_NOT_INSTALLED:
        case CS_ERROR_APP_NOT_APPROVED:
        case CS_ERROR_SESSION_EXPIRED:
        case CS_ERROR_WRONG_USER:
        case CS_ERROR_INVALID_INPUT:
        case CS_ERROR_INVALID_HOST:
        case CS_ERROR_NOT_FOUND:
        case CS_ERROR_KEYRING_UNAVAILABLE:
        case CS_ERROR_KEYRING_LOCKED:
        case CS_ERROR_STORE:
        case CS_ERROR_SYNC_RUNNING:
        case CS_ERROR_SYNC_PAUSED:
        case CS_ERROR_API_LIMIT_RESERVE:
        case CS_ERROR_CHANGED_SINCE_CHECK:
        case CS_ERROR_WRONG_ORG:
        case CS_ERROR_SECRET_MISSING:
        case CS_ERROR_NOT_REVOKED:
        default:
          /* Fixed in Salesforce (or simply retried): log in again. */
          break;
        }
    }
  else
    action_label = _("_Try Again");

  stop_with_message (self, error->message, action_label, action_name);
}

/* Stops the code exchange in flight, if any. Its end still arrives, later,
 * and is then ignored (see complete_login_cb()). */
static void
cancel_login (CsLoginPage *self)
{
  cs_page_cancel_work (CS_PAGE (self));
}

static void
complete_login_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CsLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = cs_setup_context_complete_login_finish (CS_SETUP_CONTEXT (source), result, &error);

  /* Cancelled by the page (left, restarted, disposed): whatever the page
   * does now is not this attempt's business. */
  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Not the page's cancellation: the context dropped a result that
           * belonged to changed settings. A new attempt is needed. */
          g_debug ("Login dropped by the context");
          set_state (self, LOGIN_STATE_NONE);
          if (gtk_widget_get_mapped (GTK_WIDGET (self)))
            restart_login (self);
          return;
        }
      g_debug ("Login failed: %s", cs_error_code_to_string (error->domain == CS_ERROR ? error->code : CS_ERROR_FAILED));
      show_login_error (self, error);
      return;
    }

  g_debug ("Login succeeded");
  set_state (self, LOGIN_STATE_DONE);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    cs_page_request_next (CS_PAGE (self));
}

/* Hands the callback URI (caught in the view or pasted) to the context. The
 * URI carries the authorization code: it is never logged. */
static void
finish_login (CsLoginPage *self,
              const char  *callback_uri)
{
  if (self->state == LOGIN_STATE_CHECKING)
    return;

  cancel_login (self);
  cs_message_bar_hide (self->message_bar);
  set_state (self, LOGIN_STATE_CHECKING);
  cs_setup_context_complete_login_async (get_context (self), callback_uri,
                                         cs_page_get_work_cancellable (CS_PAGE (self)),
                                         complete_login_cb, g_object_ref (self));
}

/* ---- the flow ------------------------------------------------------------- */

/* The fallback's help names the host the browser ends on. */
static void
update_browser_help (CsLoginPage *self)
{
  g_autofree char *callback_host = NULL;
  g_autofree char *help = NULL;

  if (self->request != NULL)
    callback_host = cs_uri_dup_display_host (cs_oauth_request_get_redirect_uri (self->request));
  /* Translators: %s is a host name such as app.marketo.com */
  help = g_strdup_printf (_("For logins this window cannot do, such as a security key or a smart card. Open the login in your browser and log in there as the sync user. After you click Allow, the browser ends on an error page from %s: that is expected. Copy the whole address from the browser’s address bar and paste it here."),
                          callback_host ? callback_host : "app.marketo.com");
  gtk_label_set_text (self->browser_help_label, help);
}

/* The practice org's process ended (a crash, a kill): the wizard stays,
 * and a new org can take its place. */
static void
show_practice_stopped (CsLoginPage *self)
{
  g_clear_object (&self->request);
  stop_with_message (self,
                     _("The practice org stopped, so this login cannot go on. Restart it: the new practice org has its own app and passwords, filled in for you."),
                     _("_Restart Practice Org"), "login.restart-practice");
}

static void
practice_restarted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CsLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.restart-practice", TRUE);
  if (!cs_setup_context_start_practice_org_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      /* Translators: %s is the reason, with what to do about it */
      message = g_strdup_printf (_("The practice org could not start: %s"), error->message);
      stop_with_message (self, message, _("_Restart Practice Org"), "login.restart-practice");
      return;
    }
  restart_login (self);
}

/* A new attempt: new request (state, PKCE verifier), new session. */
static void
restart_login (CsLoginPage *self)
{
  CsSetupContext *context = get_context (self);
  CsOAuthRequest *request;

  cancel_login (self);
  cs_message_bar_hide (self->message_bar);
  gtk_editable_set_text (self->pasted_entry, "");
  cs_setup_context_forget_login (context);

  update_practice_panel (self);
  if (cs_setup_context_get_practice_org_stopped (context))
    {
      show_practice_stopped (self);
      return;
    }

  if (cs_setup_context_get_login_host (context) == NULL ||
      cs_setup_context_get_consumer_key (context) == NULL ||
      cs_setup_context_get_consumer_secret (context) == NULL)
    {
      g_clear_object (&self->request);
      set_state (self, LOGIN_STATE_UNAVAILABLE);
      return;
    }

  request = cs_setup_context_begin_authorization (context);
  g_set_object (&self->request, request);
  update_browser_help (self);

  cs_login_view_load (self->login_view, request);
  set_state (self, LOGIN_STATE_WEB);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->login_view));
}

static void
update_complete (CsLoginPage *self)
{
  CsSetupContext *context = get_context (self);

  cs_page_set_complete (CS_PAGE (self),
                        cs_setup_context_get_tokens (context) != NULL &&
                        cs_setup_context_get_identity (context) != NULL);
}

static void
context_login_changed_cb (CsSetupContext *context,
                          GParamSpec     *pspec,
                          CsLoginPage    *self)
{
  update_complete (self);
  /* Forgotten elsewhere (e.g. "Log In Again" on the next page): the next
   * time the page shows, it starts a new attempt. */
  if (self->state == LOGIN_STATE_DONE && cs_setup_context_get_tokens (context) == NULL)
    self->state = LOGIN_STATE_NONE;
}

/* The practice org stopped, or a new one started. */
static void
practice_org_changed_cb (CsSetupContext *context,
                         GParamSpec     *pspec,
                         CsLoginPage    *self)
{
  update_practice_panel (self);
  if (cs_setup_context_get_practice_org_stopped (context) && self->state != LOGIN_STATE_DONE &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      cancel_login (self);
      show_practice_stopped (self);
    }
}

static void
cs_login_page_shown (CsPage *page)
{
  CsLoginPage *self = CS_LOGIN_PAGE (page);
  CsSetupContext *context = get_context (self);

  update_practice_panel (self);
  update_complete (self);

  if (cs_setup_context_get_tokens (context) != NULL && cs_setup_context_get_identity (context) != NULL)
    {
      set_state (self, LOGIN_STATE_DONE);
      return;
    }
  if (self->state == LOGIN_STATE_CHECKING)
    return;
  /* The admin only looked at another step: keep the login where it is. */
  if (self->state == LOGIN_STATE_WEB && self->request != NULL &&
      self->request == cs_setup_context_get_pending_request (context))
    return;

  restart_login (self);
}

/* ---- the view ------------------------------------------------------------- */

static void
view_callback_cb (CsLoginView *view,
                  const char  *callback_uri,
                  CsLoginPage *self)
{
  finish_login (self, callback_uri);
}

static void
view_failed_cb (CsLoginView        *view,
                CsLoginViewFailure  failure,
                const char         *message,
                CsLoginPage        *self)
{
  switch (failure)
    {
    case CS_LOGIN_VIEW_FAILURE_INSECURE:
      /* Fail closed, whatever the page was doing. */
      stop_with_message (self, message, _("_Try Again"), "login.restart");
      break;
    case CS_LOGIN_VIEW_FAILURE_LOAD:
      /* Only while the admin logs in there: a load the page left behind
       * (the callback caught, a stop) is not the login's failure. */
      if (self->state == LOGIN_STATE_WEB)
        stop_with_message (self, message, _("_Try Again"), "login.restart");
      break;
    case CS_LOGIN_VIEW_FAILURE_CRASHED:
    default:
      if (self->state == LOGIN_STATE_WEB)
        stop_with_message (self, message, _("_Reload"), "login.restart");
      break;
    }
}

/* The code may be in the practice mailbox now. */
static void
view_loaded_cb (CsLoginView *view,
                CsLoginPage *self)
{
  refresh_mailbox (self);
}

/* ---- actions -------------------------------------------------------------- */

static void
action_restart (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  restart_login (CS_LOGIN_PAGE (widget));
}

static void
action_restart_practice (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);

  cs_message_bar_hide (self->message_bar);
  gtk_widget_action_set_enabled (widget, "login.restart-practice", FALSE);
  cs_setup_context_start_practice_org_async (get_context (self), cs_page_get_work_cancellable (CS_PAGE (self)),
                                             practice_restarted_cb, g_object_ref (self));
}

static void
action_go_to_credentials (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  cs_page_request_page (CS_PAGE (widget), "credentials");
}

static void
action_go_to_external_app (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  cs_page_request_page (CS_PAGE (widget), "external-app");
}

static void
action_open_browser (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);
  g_autofree char *authorize_uri = NULL;

  if (self->request == NULL || self->request != cs_setup_context_get_pending_request (get_context (self)))
    restart_login (self);
  if (self->request == NULL)
    return;

  authorize_uri = cs_oauth_request_build_authorize_uri (self->request);
  cs_widget_show_uri (GTK_WIDGET (self), authorize_uri);
  show_toast (self, _("The login opened in your web browser"));
  gtk_widget_grab_focus (GTK_WIDGET (self->pasted_entry));
}

static void
action_continue_pasted (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);
  /* The address carries the code: wiped when freed. */
  g_autoptr(CsSecretString) pasted = g_strstrip (g_strdup (gtk_editable_get_text (self->pasted_entry)));

  if (self->request == NULL)
    {
      cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR,
                           _("Open the login in your browser first, then paste the address it ends on."),
                           NULL, NULL);
      return;
    }

  if (!cs_oauth_request_is_callback (self->request, pasted))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the callback URL, e.g. https://app.marketo.com/salesforce/… */
      message = g_strdup_printf (_("This is not the address the login ends on. That address starts with %s and contains “code=” and “state=”. Copy the whole address from your browser’s address bar after clicking Allow."),
                                 cs_oauth_request_get_redirect_uri (self->request));
      cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR, message, NULL, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->pasted_entry));
      return;
    }

  /* The address carries the code: keep it no longer than needed. */
  gtk_editable_set_text (self->pasted_entry, "");
  finish_login (self, pasted);
}

static void
copy_text (CsLoginPage *self,
           const char  *text,
           const char  *toast)
{
  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  show_toast (self, toast);
}

static void
action_copy_username (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);
  CsPracticeProcess *org = get_practice_org (self);

  if (org != NULL)
    copy_text (self, cs_practice_process_get_sync_username (org), _("Username copied"));
}

static void
action_copy_password (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);
  CsPracticeProcess *org = get_practice_org (self);

  if (org != NULL)
    copy_text (self, cs_practice_process_get_sync_password (org), _("Password copied"));
}

/* The code the panel shows, as fetched last. */
static void
action_copy_code (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);
  const char *code = gtk_label_get_text (self->practice_code_label);

  if (get_practice_org (self) != NULL && code != NULL && *code != '\0')
    copy_text (self, code, _("Verification code copied"));
}

static void
action_refresh_mailbox (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  refresh_mailbox (CS_LOGIN_PAGE (widget));
}

static void
pasted_entry_changed_cb (GtkEditable *editable,
                         CsLoginPage *self)
{
  const char *text = gtk_editable_get_text (editable);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.continue-pasted",
                                 text != NULL && text[0] != '\0');
}

static void
pasted_entry_activate_cb (GtkEntry    *entry,
                          CsLoginPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "login.continue-pasted", NULL);
}

/* ---- GObject -------------------------------------------------------------- */

static void
cs_login_page_unmap (GtkWidget *widget)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);

  /* Left while the code exchange runs (Back, Cancel, window closed): that
   * attempt is over, and coming back starts a new one (even before the
   * cancelled exchange has ended). */
  cancel_login (self);
  if (self->state == LOGIN_STATE_CHECKING)
    set_state (self, LOGIN_STATE_NONE);

  GTK_WIDGET_CLASS (cs_login_page_parent_class)->unmap (widget);
}

static void
cs_login_page_constructed (GObject *object)
{
  CsLoginPage *self = CS_LOGIN_PAGE (object);
  CsSetupContext *context;

  G_OBJECT_CLASS (cs_login_page_parent_class)->constructed (object);

  context = get_context (self);
  g_assert (context != NULL);
  g_signal_connect_object (context, "notify::tokens", G_CALLBACK (context_login_changed_cb), self, 0);
  g_signal_connect_object (context, "notify::identity", G_CALLBACK (context_login_changed_cb), self, 0);
  g_signal_connect_object (context, "notify::practice-org", G_CALLBACK (practice_org_changed_cb), self, 0);
  update_practice_panel (self);
  update_complete (self);
}

static void
cs_login_page_dispose (GObject *object)
{
  CsLoginPage *self = CS_LOGIN_PAGE (object);

  cancel_login (self);
  g_clear_object (&self->request);
  g_cancellable_cancel (self->mailbox_cancellable);
  g_clear_object (&self->mailbox_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (cs_login_page_parent_class)->dispose (object);
}

static void
cs_login_page_class_init (CsLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_login_page_constructed;
  object_class->dispose = cs_login_page_dispose;
  widget_class->unmap = cs_login_page_unmap;
  page_class->shown = cs_login_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);
  g_type_ensure (CS_TYPE_LOGIN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, message_bar);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, login_view);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, checking_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, done_page);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, practice_panel);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, practice_username_row);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, practice_password_row);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, practice_code_row);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, practice_code_label);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, browser_expander);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, browser_help_label);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, pasted_entry);
  gtk_widget_class_bind_template_callback (widget_class, view_callback_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_loaded_cb);

  gtk_widget_class_install_action (widget_class, "login.restart", NULL, action_restart);
  gtk_widget_class_install_action (widget_class, "login.restart-practice", NULL, action_restart_practice);
  gtk_widget_class_install_action (widget_class, "login.go-to-credentials", NULL, action_go_to_credentials);
  gtk_widget_class_install_action (widget_class, "login.go-to-external-app", NULL, action_go_to_external_app);
  gtk_widget_class_install_action (widget_class, "login.open-browser", NULL, action_open_browser);
  gtk_widget_class_install_action (widget_class, "login.continue-pasted", NULL, action_continue_pasted);
  gtk_widget_class_install_action (widget_class, "login.copy-username", NULL, action_copy_username);
  gtk_widget_class_install_action (widget_class, "login.copy-password", NULL, action_copy_password);
  gtk_widget_class_install_action (widget_class, "login.copy-code", NULL, action_copy_code);
  gtk_widget_class_install_action (widget_class, "login.refresh-mailbox", NULL, action_refresh_mailbox);
}

static void
cs_login_page_init (CsLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  cs_page_set_title (CS_PAGE (self), _("Log In with Salesforce"));
  cs_page_set_next_label (CS_PAGE (self), _("_Continue"));

  /* Values typed by nobody: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->practice_username_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->practice_password_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->practice_code_row), FALSE);

  g_signal_connect_object (self->pasted_entry, "changed", G_CALLBACK (pasted_entry_changed_cb), self, 0);
  g_signal_connect_object (self->pasted_entry, "activate", G_CALLBACK (pasted_entry_activate_cb), self, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.continue-pasted", FALSE);

  cs_page_set_initial_focus (CS_PAGE (self), GTK_WIDGET (self->login_view));
  update_browser_help (self);
}

/* ---- for the tests -------------------------------------------------------- */

CsLoginView *
cs_login_page_get_login_view (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), NULL);

  return self->login_view;
}

CsMessageBar *
cs_login_page_get_message_bar (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), NULL);

  return self->message_bar;
}

const char *
cs_login_page_get_state_name (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), NULL);

  switch (self->state)
    {
    case LOGIN_STATE_WEB:
      return "web";
    case LOGIN_STATE_CHECKING:
      return "checking";
    case LOGIN_STATE_DONE:
      return "done";
    case LOGIN_STATE_STOPPED:
      return "stopped";
    case LOGIN_STATE_UNAVAILABLE:
      return "unavailable";
    case LOGIN_STATE_NONE:
    default:
      return "none";
    }
}

const char *
cs_login_page_get_practice_code (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), NULL);

  return gtk_label_get_text (self->practice_code_label);
}
