/* cs-login-page.c: the Salesforce login in an embedded, private web view.
 *
 * The view loads the authorization URL of a fresh request (new state and
 * PKCE verifier). Salesforce ends the login with a redirect to the
 * registered callback; decide-policy stops that navigation before anything
 * is requested, and the setup context trades the code for tokens. Nothing
 * of the login is kept on disk: every attempt gets its own ephemeral
 * network session, like the private browser window the setup guide asks
 * for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "cs-login-page.h"
#include "cs-login-page-private.h"
#include "cs-message-bar.h"
#include "cs-secret-util.h"
#include "cs-string-util.h"

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
  WebKitWebView  *web_view;
  CsOAuthRequest *request;            /* the one loaded in the view */
  GPtrArray      *popups;             /* GtkWindow, owned by GTK */
  gboolean        committed;          /* TLS info is the current page's */
  guint           n_callbacks_intercepted;
  guint           n_callback_loads;

  CsMessageBar   *message_bar;
  GtkWidget      *address_bar;
  GtkImage       *security_icon;
  GtkLabel       *host_label;
  GtkLabel       *security_label;
  GtkStack       *view_stack;
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
};

G_DEFINE_FINAL_TYPE (CsLoginPage, cs_login_page, CS_TYPE_PAGE)

static void restart_login (CsLoginPage *self);

static CsSetupContext *
get_context (CsLoginPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static gboolean
host_is_in_domain (const char *host,
                   const char *domain)
{
  gsize host_len = strlen (host);
  gsize domain_len = strlen (domain);

  if (g_ascii_strcasecmp (host, domain) == 0)
    return TRUE;
  return host_len > domain_len &&
         host[host_len - domain_len - 1] == '.' &&
         g_ascii_strcasecmp (host + host_len - domain_len, domain) == 0;
}

/* Whether a link leaves Salesforce (help pages, the company's web site…):
 * such links open in the admin's browser, not in the login view. */
static gboolean
is_external_uri (CsLoginPage *self,
                 const char  *uri)
{
  static const char *salesforce_domains[] = {
    "salesforce.com",
    "force.com",
    "salesforce-setup.com",
    "sfdcstatic.com",
  };
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) login = NULL;
  const char *login_host = cs_setup_context_get_login_host (get_context (self));
  const char *scheme;
  const char *host;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  if (g_ascii_strcasecmp (scheme, "mailto") == 0 || g_ascii_strcasecmp (scheme, "tel") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return FALSE;

  host = g_uri_get_host (parsed);
  if (host == NULL)
    return FALSE;

  if (login_host != NULL)
    login = g_uri_parse (login_host, G_URI_FLAGS_NONE, NULL);
  if (login != NULL && g_uri_get_host (login) != NULL &&
      g_ascii_strcasecmp (host, g_uri_get_host (login)) == 0 &&
      g_uri_get_port (parsed) == g_uri_get_port (login))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (salesforce_domains); i++)
    if (host_is_in_domain (host, salesforce_domains[i]))
      return FALSE;

  return TRUE;
}

static void
show_toast (CsLoginPage *self,
            const char  *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.toast", "s", message);
}

static void
open_in_browser (CsLoginPage *self,
                 const char  *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* ---- address bar ---------------------------------------------------------- */

static void
update_address_bar (CsLoginPage *self)
{
  const char *uri = self->web_view ? webkit_web_view_get_uri (self->web_view) : NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *host = NULL;
  g_autofree char *accessible = NULL;
  const char *icon_name;
  const char *state;
  gboolean warning = FALSE;

  if (uri != NULL)
    parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  host = cs_uri_dup_display_host (uri);
  if (parsed == NULL || host == NULL)
    {
      gtk_label_set_text (self->host_label, "");
      gtk_label_set_text (self->security_label, _("Loading…"));
      gtk_image_set_from_icon_name (self->security_icon, "content-loading-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->address_bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading the login page"),
                                      -1);
      return;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "https") == 0)
    {
      GTlsCertificate *certificate = NULL;
      GTlsCertificateFlags errors = 0;

      if (!self->committed)
        {
          icon_name = "content-loading-symbolic";
          state = _("Connecting…");
          /* Translators: the accessible name of the address bar while a page loads */
          accessible = g_strdup_printf (_("Connecting to %s"), host);
        }
      else if (webkit_web_view_get_tls_info (self->web_view, &certificate, &errors) && errors == 0)
        {
          icon_name = "channel-secure-symbolic";
          state = _("Secure connection");
          accessible = g_strdup_printf (_("Secure connection to %s"), host);
        }
      else
        {
          /* Not reached in practice: certificate errors stop the load. */
          icon_name = "channel-insecure-symbolic";
          state = _("Certificate not verified");
          accessible = g_strdup_printf (_("Unverified connection to %s"), host);
          warning = TRUE;
        }
    }
  else if (cs_login_host_is_loopback (uri))
    {
      icon_name = "channel-insecure-symbolic";
      state = _("Not encrypted — practice org on this computer");
      accessible = g_strdup_printf (_("Not encrypted connection to %s, the practice org on this computer"), host);
    }
  else
    {
      icon_name = "channel-insecure-symbolic";
      state = _("Not encrypted — do not type a password here");
      accessible = g_strdup_printf (_("Not encrypted connection to %s. Do not type a password here."), host);
      warning = TRUE;
    }

  gtk_label_set_text (self->host_label, host);
  gtk_label_set_text (self->security_label, state);
  gtk_image_set_from_icon_name (self->security_icon, icon_name);
  if (warning)
    gtk_widget_add_css_class (self->address_bar, "warning");
  else
    gtk_widget_remove_css_class (self->address_bar, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->address_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->security_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state,
                                  -1);
}

/* ---- practice mailbox ----------------------------------------------------- */

static CsPracticeOrg *
get_practice_org (CsLoginPage *self)
{
  CsSetupContext *context = get_context (self);

  if (cs_setup_context_get_environment (context) != CS_ENVIRONMENT_PRACTICE)
    return NULL;
  return cs_setup_context_get_practice_org (context);
}

static void
refresh_mailbox (CsLoginPage *self)
{
  CsPracticeOrg *org = get_practice_org (self);
  g_autofree char *code = NULL;

  if (org == NULL)
    return;

  code = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));
  gtk_label_set_text (self->practice_code_label, code ? code : "");
  adw_action_row_set_subtitle (self->practice_code_row,
                               code ? "" : _("No code yet. It arrives once the login form is sent."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-code", code != NULL);
}

static void
update_practice_panel (CsLoginPage *self)
{
  CsPracticeOrg *org = get_practice_org (self);

  gtk_widget_set_visible (self->practice_panel, org != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-username", org != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-password", org != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.refresh-mailbox", org != NULL);
  if (org == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.copy-code", FALSE);
      return;
    }

  adw_action_row_set_subtitle (self->practice_username_row, cs_practice_org_get_sync_username (org));
  adw_action_row_set_subtitle (self->practice_password_row, cs_practice_org_get_sync_password (org));
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
      gtk_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->web_view));
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

  gtk_widget_set_visible (self->address_bar, state == LOGIN_STATE_WEB);
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
  if (self->web_view != NULL)
    webkit_web_view_stop_loading (self->web_view);
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

/* ---- web view ------------------------------------------------------------- */

static void
close_popups (CsLoginPage *self)
{
  while (self->popups != NULL && self->popups->len > 0)
    gtk_window_destroy (g_ptr_array_index (self->popups, self->popups->len - 1));
}

typedef struct
{
  CsLoginPage *self;
  GtkWindow   *window;
} ClosePopupData;

static void
close_popup_data_free (ClosePopupData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->window);
  g_free (data);
}

static gboolean
close_popup_idle_cb (gpointer user_data)
{
  ClosePopupData *data = user_data;

  /* Unless it went away meanwhile (restart, page disposed). */
  if (data->self->popups != NULL && g_ptr_array_find (data->self->popups, data->window, NULL))
    gtk_window_destroy (data->window);
  return G_SOURCE_REMOVE;
}

/* The pop-up's own signal is running: close its window afterwards. */
static void
close_popup_of (CsLoginPage   *self,
                WebKitWebView *web_view)
{
  GtkRoot *root;
  ClosePopupData *data;

  if (web_view == self->web_view)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (web_view));
  if (!GTK_IS_WINDOW (root))
    return;

  data = g_new0 (ClosePopupData, 1);
  data->self = g_object_ref (self);
  data->window = GTK_WINDOW (g_object_ref (root));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_popup_idle_cb, data,
                   (GDestroyNotify) close_popup_data_free);
}

static gboolean
web_view_decide_policy_cb (WebKitWebView            *web_view,
                           WebKitPolicyDecision     *decision,
                           WebKitPolicyDecisionType  type,
                           CsLoginPage              *self)
{
  WebKitNavigationAction *action;
  const char *uri;
  gboolean user_click;

  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      break;
    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
      /* Nothing from the login is downloaded to disk. */
      if (!webkit_response_policy_decision_is_mime_type_supported (WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        {
          webkit_policy_decision_ignore (decision);
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  if (uri == NULL)
    return FALSE;

  /* The end of the login: Salesforce's redirect (a 302 arrives here too)
   * to the callback. It is never requested; the code goes to the context. */
  if (self->request != NULL && cs_oauth_request_is_callback (self->request, uri))
    {
      webkit_policy_decision_ignore (decision);
      self->n_callbacks_intercepted++;
      g_debug ("Caught the OAuth callback");
      finish_login (self, uri);
      close_popup_of (self, web_view);
      return TRUE;
    }

  user_click = webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED ||
               (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION &&
                webkit_navigation_action_is_user_gesture (action));
  if (is_external_uri (self, uri))
    {
      /* Redirects elsewhere (single sign-on) stay in the view; links the
       * admin clicks and pop-ups leave for the browser. */
      if (user_click)
        {
          webkit_policy_decision_ignore (decision);
          open_in_browser (self, uri);
          show_toast (self, _("The link opened in your web browser"));
          return TRUE;
        }
      if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
        {
          webkit_policy_decision_ignore (decision);
          return TRUE;
        }
    }

  return FALSE;
}

static void
web_view_load_changed_cb (WebKitWebView   *web_view,
                          WebKitLoadEvent  event,
                          CsLoginPage     *self)
{
  switch (event)
    {
    case WEBKIT_LOAD_STARTED:
      self->committed = FALSE;
      break;
    case WEBKIT_LOAD_COMMITTED:
      self->committed = TRUE;
      /* Must never happen: decide-policy stops the callback. */
      if (self->request != NULL &&
          cs_oauth_request_is_callback (self->request, webkit_web_view_get_uri (web_view)))
        {
          self->n_callback_loads++;
          g_warning ("The OAuth callback was loaded in the login view");
        }
      break;
    case WEBKIT_LOAD_FINISHED:
      refresh_mailbox (self);
      break;
    case WEBKIT_LOAD_REDIRECTED:
    default:
      break;
    }
  update_address_bar (self);
}

static void
web_view_notify_uri_cb (WebKitWebView *web_view,
                        GParamSpec    *pspec,
                        CsLoginPage   *self)
{
  update_address_bar (self);
}

/* Fail closed: no way to click through a certificate problem. */
static void
stop_for_insecure_connection (CsLoginPage *self,
                              const char  *failing_uri)
{
  g_autofree char *host = cs_uri_dup_display_host (failing_uri);
  g_autofree char *message = NULL;

  /* Translators: %s is a host name such as login.salesforce.com */
  message = g_strdup_printf (_("The connection to %s is not secure (certificate problem). The login was stopped. Check the date and time of this computer and your network, then try again."),
                             host ? host : _("Salesforce"));
  stop_with_message (self, message, _("_Try Again"), "login.restart");
}

static gboolean
web_view_load_failed_cb (WebKitWebView   *web_view,
                         WebKitLoadEvent  event,
                         const char      *failing_uri,
                         GError          *error,
                         CsLoginPage     *self)
{
  g_autofree char *host = NULL;
  g_autofree char *message = NULL;

  /* Our own doing: an ignored navigation (the callback, a link sent to the
   * browser), a stop or a new load. */
  if (g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
      g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED))
    return TRUE;

  if (self->request != NULL && cs_oauth_request_is_callback (self->request, failing_uri))
    {
      self->n_callback_loads++;
      g_warning ("The OAuth callback was requested by the login view");
      return TRUE;
    }

  if (self->state != LOGIN_STATE_WEB || web_view != self->web_view)
    return TRUE;

  /* WebKit sometimes reports a refused certificate only as a cancelled
   * https load, without load-failed-with-tls-errors; we cancelled nothing
   * (that would be WEBKIT_NETWORK_ERROR_CANCELLED), so say what it is. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_str_has_prefix (failing_uri, "https:"))
    {
      stop_for_insecure_connection (self, failing_uri);
      return TRUE;
    }

  host = cs_uri_dup_display_host (failing_uri);
  /* Translators: %s is a host name, %s the technical reason */
  message = g_strdup_printf (_("The login page from %s could not be loaded (%s). Check the network connection and proxy settings, then try again."),
                             host ? host : _("Salesforce"), error->message);
  stop_with_message (self, message, _("_Try Again"), "login.restart");
  return TRUE;
}

/* The certificate was refused: stop, never let it be clicked through. */
static gboolean
web_view_load_failed_with_tls_errors_cb (WebKitWebView        *web_view,
                                         const char           *failing_uri,
                                         GTlsCertificate      *certificate,
                                         GTlsCertificateFlags  errors,
                                         CsLoginPage          *self)
{
  g_debug ("TLS errors 0x%x on the login page", errors);
  close_popup_of (self, web_view);
  stop_for_insecure_connection (self, failing_uri);
  return TRUE;
}

static void
web_view_web_process_terminated_cb (WebKitWebView                     *web_view,
                                    WebKitWebProcessTerminationReason  reason,
                                    CsLoginPage                       *self)
{
  const char *message;

  switch (reason)
    {
    case WEBKIT_WEB_PROCESS_TERMINATED_BY_API:
      return;
    case WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT:
      message = _("The login page used too much memory and was stopped. Reload it to start the login again.");
      break;
    case WEBKIT_WEB_PROCESS_CRASHED:
    default:
      message = _("The login page stopped working. Reload it to start the login again.");
      break;
    }

  if (self->state != LOGIN_STATE_WEB)
    return;
  stop_with_message (self, message, _("_Reload"), "login.restart");
}

static void
popup_destroyed_cb (GtkWidget   *window,
                    CsLoginPage *self)
{
  if (self->popups != NULL)
    g_ptr_array_remove (self->popups, window);
}

static void
popup_ready_to_show_cb (WebKitWebView *popup,
                        GtkWindow     *window)
{
  gtk_window_present (window);
}

static void
popup_close_cb (WebKitWebView *popup,
                GtkWindow     *window)
{
  gtk_window_destroy (window);
}

static void connect_web_view (CsLoginPage   *self,
                              WebKitWebView *web_view);

/* Some login steps (identity providers, "forgot password") open a window:
 * it must share the view's session, hence "related-view". */
static GtkWidget *
web_view_create_cb (WebKitWebView          *web_view,
                    WebKitNavigationAction *action,
                    CsLoginPage            *self)
{
  WebKitWebView *popup;
  GtkWidget *window;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  popup = g_object_new (WEBKIT_TYPE_WEB_VIEW, "related-view", web_view, NULL);
  connect_web_view (self, popup);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (popup));
  g_object_bind_property (popup, "title", window, "title", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (popup, "ready-to-show", G_CALLBACK (popup_ready_to_show_cb), window, 0);
  g_signal_connect_object (popup, "close", G_CALLBACK (popup_close_cb), window, 0);
  g_signal_connect_object (window, "destroy", G_CALLBACK (popup_destroyed_cb), self, 0);
  g_ptr_array_add (self->popups, window);

  return GTK_WIDGET (popup);
}

static void
connect_web_view (CsLoginPage   *self,
                  WebKitWebView *web_view)
{
  g_signal_connect_object (web_view, "decide-policy", G_CALLBACK (web_view_decide_policy_cb), self, 0);
  g_signal_connect_object (web_view, "load-failed-with-tls-errors",
                           G_CALLBACK (web_view_load_failed_with_tls_errors_cb), self, 0);
  g_signal_connect_object (web_view, "create", G_CALLBACK (web_view_create_cb), self, 0);
}

static void
drop_web_view (CsLoginPage *self)
{
  if (self->web_view == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->web_view, self);
  webkit_web_view_stop_loading (self->web_view);
  if (self->view_stack != NULL &&
      gtk_widget_get_parent (GTK_WIDGET (self->web_view)) == GTK_WIDGET (self->view_stack))
    gtk_stack_remove (self->view_stack, GTK_WIDGET (self->web_view));
  g_clear_object (&self->web_view);
}

/* Downloads (a context-menu "Download Linked File") would write to disk. */
static void
session_download_started_cb (WebKitNetworkSession *session,
                             WebKitDownload       *download,
                             CsLoginPage          *self)
{
  webkit_download_cancel (download);
  show_toast (self, _("Downloads are turned off during the login"));
}

/* A new view in a new ephemeral session, so that no cookie of an earlier
 * attempt (perhaps logged in as another user) carries over. */
static void
replace_web_view (CsLoginPage *self)
{
  g_autoptr(WebKitNetworkSession) session = NULL;
  WebKitSettings *settings;

  if (self->web_view != NULL && webkit_web_view_get_uri (self->web_view) == NULL)
    return;

  close_popups (self);
  drop_web_view (self);

  session = webkit_network_session_new_ephemeral ();
  webkit_network_session_set_tls_errors_policy (session, WEBKIT_TLS_ERRORS_POLICY_FAIL);
  g_signal_connect_object (session, "download-started", G_CALLBACK (session_download_started_cb), self, 0);
  self->web_view = g_object_ref_sink (g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                                    "network-session", session,
                                                    "hexpand", TRUE,
                                                    "vexpand", TRUE,
                                                    NULL));

  /* Salesforce's login needs JavaScript; nothing else is wanted. WebKitGTK
   * 6.0 has no plug-ins to turn off. */
  settings = webkit_web_view_get_settings (self->web_view);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_enable_javascript (settings, TRUE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_back_forward_navigation_gestures (settings, FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Salesforce login"),
                                  -1);

  connect_web_view (self, self->web_view);
  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (web_view_load_changed_cb), self, 0);
  g_signal_connect_object (self->web_view, "notify::uri", G_CALLBACK (web_view_notify_uri_cb), self, 0);
  g_signal_connect_object (self->web_view, "load-failed", G_CALLBACK (web_view_load_failed_cb), self, 0);
  g_signal_connect_object (self->web_view, "web-process-terminated",
                           G_CALLBACK (web_view_web_process_terminated_cb), self, 0);

  gtk_stack_add_named (self->view_stack, GTK_WIDGET (self->web_view), "web");
  cs_page_set_initial_focus (CS_PAGE (self), GTK_WIDGET (self->web_view));
  self->committed = FALSE;
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

/* A new attempt: new request (state, PKCE verifier), new session. */
static void
restart_login (CsLoginPage *self)
{
  CsSetupContext *context = get_context (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize_uri = NULL;
  CsOAuthRequest *request;

  cancel_login (self);
  cs_message_bar_hide (self->message_bar);
  gtk_editable_set_text (self->pasted_entry, "");
  cs_setup_context_forget_login (context);

  if (cs_setup_context_get_environment (context) == CS_ENVIRONMENT_PRACTICE &&
      cs_setup_context_ensure_practice_org (context, &error) == NULL)
    {
      stop_with_message (self, error->message, _("_Try Again"), "login.restart");
      return;
    }
  update_practice_panel (self);

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
  authorize_uri = cs_oauth_request_build_authorize_uri (request);
  update_browser_help (self);

  replace_web_view (self);
  set_state (self, LOGIN_STATE_WEB);
  update_address_bar (self);
  g_debug ("Loading the authorization page");
  webkit_web_view_load_uri (self->web_view, authorize_uri);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
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

/* ---- actions -------------------------------------------------------------- */

static void
action_restart (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  restart_login (CS_LOGIN_PAGE (widget));
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
  open_in_browser (self, authorize_uri);
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
  CsPracticeOrg *org = get_practice_org (self);

  if (org != NULL)
    copy_text (self, cs_practice_org_get_sync_username (org), _("Username copied"));
}

static void
action_copy_password (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);
  CsPracticeOrg *org = get_practice_org (self);

  if (org != NULL)
    copy_text (self, cs_practice_org_get_sync_password (org), _("Password copied"));
}

static void
action_copy_code (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CsLoginPage *self = CS_LOGIN_PAGE (widget);
  CsPracticeOrg *org = get_practice_org (self);
  g_autofree char *code = NULL;

  if (org == NULL)
    return;
  code = cs_practice_org_get_last_code (org, cs_practice_org_get_sync_username (org));
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
  update_practice_panel (self);
  update_complete (self);
}

static void
cs_login_page_dispose (GObject *object)
{
  CsLoginPage *self = CS_LOGIN_PAGE (object);

  cancel_login (self);
  close_popups (self);
  g_clear_pointer (&self->popups, g_ptr_array_unref);
  drop_web_view (self);
  g_clear_object (&self->request);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, message_bar);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, address_bar);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, security_icon);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, host_label);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, security_label);
  gtk_widget_class_bind_template_child (widget_class, CsLoginPage, view_stack);
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

  gtk_widget_class_install_action (widget_class, "login.restart", NULL, action_restart);
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
  self->popups = g_ptr_array_new ();

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

  replace_web_view (self);
  gtk_widget_set_visible (self->address_bar, FALSE);
  update_browser_help (self);
}

/* ---- for the tests -------------------------------------------------------- */

WebKitWebView *
cs_login_page_get_web_view (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), NULL);

  return self->web_view;
}

CsMessageBar *
cs_login_page_get_message_bar (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), NULL);

  return self->message_bar;
}

guint
cs_login_page_get_n_callbacks_intercepted (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), 0);

  return self->n_callbacks_intercepted;
}

guint
cs_login_page_get_n_callback_loads (CsLoginPage *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_PAGE (self), 0);

  return self->n_callback_loads;
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
