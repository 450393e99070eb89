/* cs-login-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "cs-login-view.h"
#include "cs-login-view-private.h"
#include "cs-string-util.h"
#include "cs-ui-enums.h"
#include "cs-widget-util.h"

struct _CsLoginView
{
  GtkWidget             parent_instance;

  WebKitWebView        *web_view;
  CsOAuthRequest       *request;         /* the one loaded */
  GPtrArray            *popups;          /* GtkWindow, owned by GTK */
  gboolean              committed;       /* TLS info is the current page's */
  CsLoginSecurityLevel  security_level;
  guint                 n_callbacks_intercepted;
  guint                 n_callback_loads;

  GtkWidget            *address_bar;
  GtkImage             *security_icon;
  GtkLabel             *host_label;
  GtkLabel             *security_label;
};

G_DEFINE_FINAL_TYPE (CsLoginView, cs_login_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SECURITY_LEVEL,
  N_PROPS
};

enum {
  CALLBACK,
  FAILED,
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_web_view (CsLoginView   *self,
                              WebKitWebView *web_view);

const char *
cs_login_security_level_to_icon_name (CsLoginSecurityLevel level)
{
  switch (level)
    {
    case CS_LOGIN_SECURITY_LEVEL_TO_BE_DETERMINED:
      return "content-loading-symbolic";
    case CS_LOGIN_SECURITY_LEVEL_SECURE:
      return "channel-secure-symbolic";
    case CS_LOGIN_SECURITY_LEVEL_UNVERIFIED:
    case CS_LOGIN_SECURITY_LEVEL_LOCAL:
    case CS_LOGIN_SECURITY_LEVEL_INSECURE:
    default:
      return "channel-insecure-symbolic";
    }
}

static void
show_toast (CsLoginView *self,
            const char  *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.toast", "s", message);
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
is_external_uri (CsLoginView *self,
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
  const char *login_host = self->request != NULL ? cs_oauth_request_get_login_host (self->request) : NULL;
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

static gboolean
is_callback (CsLoginView *self,
             const char  *uri)
{
  return self->request != NULL && cs_oauth_request_is_callback (self->request, uri);
}

/* ---- address bar ---------------------------------------------------------- */

static CsLoginSecurityLevel
find_security_level (CsLoginView *self,
                     const char  *uri,
                     GUri        *parsed)
{
  GTlsCertificate *certificate = NULL;
  GTlsCertificateFlags errors = 0;

  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "https") == 0)
    {
      if (!self->committed)
        return CS_LOGIN_SECURITY_LEVEL_TO_BE_DETERMINED;
      if (webkit_web_view_get_tls_info (self->web_view, &certificate, &errors) && errors == 0)
        return CS_LOGIN_SECURITY_LEVEL_SECURE;
      /* Not reached in practice: certificate errors stop the load. */
      return CS_LOGIN_SECURITY_LEVEL_UNVERIFIED;
    }
  if (cs_login_host_is_loopback (uri))
    return CS_LOGIN_SECURITY_LEVEL_LOCAL;
  return CS_LOGIN_SECURITY_LEVEL_INSECURE;
}

static void
set_security_level (CsLoginView          *self,
                    CsLoginSecurityLevel  level)
{
  if (self->security_level == level)
    return;
  self->security_level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY_LEVEL]);
}

static void
update_address_bar (CsLoginView *self)
{
  const char *uri = self->web_view ? webkit_web_view_get_uri (self->web_view) : NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *host = NULL;
  g_autofree char *accessible = NULL;
  CsLoginSecurityLevel level;
  const char *state;

  if (uri != NULL)
    parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  host = cs_uri_dup_display_host (uri);
  if (parsed == NULL || host == NULL)
    {
      set_security_level (self, CS_LOGIN_SECURITY_LEVEL_TO_BE_DETERMINED);
      gtk_label_set_text (self->host_label, "");
      gtk_label_set_text (self->security_label, _("Loading…"));
      gtk_image_set_from_icon_name (self->security_icon, cs_login_security_level_to_icon_name (self->security_level));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->address_bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading the login page"),
                                      -1);
      return;
    }

  level = find_security_level (self, uri, parsed);
  switch (level)
    {
    case CS_LOGIN_SECURITY_LEVEL_TO_BE_DETERMINED:
      state = _("Connecting…");
      /* Translators: the accessible name of the address bar while a page loads */
      accessible = g_strdup_printf (_("Connecting to %s"), host);
      break;
    case CS_LOGIN_SECURITY_LEVEL_SECURE:
      state = _("Secure connection");
      accessible = g_strdup_printf (_("Secure connection to %s"), host);
      break;
    case CS_LOGIN_SECURITY_LEVEL_UNVERIFIED:
      state = _("Certificate not verified");
      accessible = g_strdup_printf (_("Unverified connection to %s"), host);
      break;
    case CS_LOGIN_SECURITY_LEVEL_LOCAL:
      state = _("Not encrypted — practice org on this computer");
      accessible = g_strdup_printf (_("Not encrypted connection to %s, the practice org on this computer"), host);
      break;
    case CS_LOGIN_SECURITY_LEVEL_INSECURE:
    default:
      state = _("Not encrypted — do not type a password here");
      accessible = g_strdup_printf (_("Not encrypted connection to %s. Do not type a password here."), host);
      break;
    }
  set_security_level (self, level);

  gtk_label_set_text (self->host_label, host);
  gtk_label_set_text (self->security_label, state);
  gtk_image_set_from_icon_name (self->security_icon, cs_login_security_level_to_icon_name (level));
  if (level == CS_LOGIN_SECURITY_LEVEL_UNVERIFIED || level == CS_LOGIN_SECURITY_LEVEL_INSECURE)
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

/* ---- pop-ups -------------------------------------------------------------- */

static void
close_popups (CsLoginView *self)
{
  while (self->popups != NULL && self->popups->len > 0)
    gtk_window_destroy (g_ptr_array_index (self->popups, self->popups->len - 1));
}

typedef struct
{
  CsLoginView *self;
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

  /* Unless it went away meanwhile (a new login, the view disposed). */
  if (data->self->popups != NULL && g_ptr_array_find (data->self->popups, data->window, NULL))
    gtk_window_destroy (data->window);
  return G_SOURCE_REMOVE;
}

/* The pop-up's own signal is running: close its window afterwards. */
static void
close_popup_of (CsLoginView   *self,
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

static void
popup_destroyed_cb (GtkWidget   *window,
                    CsLoginView *self)
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

/* Some login steps (identity providers, "forgot password") open a window:
 * it must share the view's session, hence "related-view". */
static GtkWidget *
web_view_create_cb (WebKitWebView          *web_view,
                    WebKitNavigationAction *action,
                    CsLoginView            *self)
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

/* ---- navigation ----------------------------------------------------------- */

static void
fail (CsLoginView        *self,
      CsLoginViewFailure  failure,
      const char         *message)
{
  g_signal_emit (self, signals[FAILED], 0, failure, message);
}

static gboolean
web_view_decide_policy_cb (WebKitWebView            *web_view,
                           WebKitPolicyDecision     *decision,
                           WebKitPolicyDecisionType  type,
                           CsLoginView              *self)
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
   * to the callback. It is never requested; the code goes to the page. */
  if (is_callback (self, uri))
    {
      webkit_policy_decision_ignore (decision);
      self->n_callbacks_intercepted++;
      g_debug ("Caught the OAuth callback");
      g_signal_emit (self, signals[CALLBACK], 0, uri);
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
          cs_widget_show_uri (GTK_WIDGET (self), uri);
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
                          CsLoginView     *self)
{
  switch (event)
    {
    case WEBKIT_LOAD_STARTED:
      self->committed = FALSE;
      break;
    case WEBKIT_LOAD_COMMITTED:
      self->committed = TRUE;
      /* Must never happen: decide-policy stops the callback. */
      if (is_callback (self, webkit_web_view_get_uri (web_view)))
        {
          self->n_callback_loads++;
          g_warning ("The OAuth callback was loaded in the login view");
        }
      break;
    case WEBKIT_LOAD_FINISHED:
      g_signal_emit (self, signals[LOADED], 0);
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
                        CsLoginView   *self)
{
  update_address_bar (self);
}

/* Fail closed: no way to click through a certificate problem. */
static void
fail_for_insecure_connection (CsLoginView        *self,
                              CsLoginViewFailure  failure,
                              const char         *failing_uri)
{
  g_autofree char *host = cs_uri_dup_display_host (failing_uri);
  g_autofree char *message = NULL;

  /* Translators: %s is a host name such as login.salesforce.com */
  message = g_strdup_printf (_("The connection to %s is not secure (certificate problem). The login was stopped. Check the date and time of this computer and your network, then try again."),
                             host ? host : _("Salesforce"));
  fail (self, failure, message);
}

static gboolean
web_view_load_failed_cb (WebKitWebView   *web_view,
                         WebKitLoadEvent  event,
                         const char      *failing_uri,
                         GError          *error,
                         CsLoginView     *self)
{
  g_autofree char *host = NULL;
  g_autofree char *message = NULL;

  /* Our own doing: an ignored navigation (the callback, a link sent to the
   * browser), a stop or a new load. */
  if (g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
      g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED))
    return TRUE;

  if (is_callback (self, failing_uri))
    {
      self->n_callback_loads++;
      g_warning ("The OAuth callback was requested by the login view");
      return TRUE;
    }

  if (web_view != self->web_view)
    return TRUE;

  /* WebKit sometimes reports a refused certificate only as a cancelled
   * https load, without load-failed-with-tls-errors; we cancelled nothing
   * (that would be WEBKIT_NETWORK_ERROR_CANCELLED), so say what it
   * probably is. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_str_has_prefix (failing_uri, "https:"))
    {
      fail_for_insecure_connection (self, CS_LOGIN_VIEW_FAILURE_LOAD, failing_uri);
      return TRUE;
    }

  host = cs_uri_dup_display_host (failing_uri);
  /* Translators: %s is a host name, %s the technical reason */
  message = g_strdup_printf (_("The login page from %s could not be loaded (%s). Check the network connection and proxy settings, then try again."),
                             host ? host : _("Salesforce"), error->message);
  fail (self, CS_LOGIN_VIEW_FAILURE_LOAD, message);
  return TRUE;
}

/* The certificate was refused: stop, never let it be clicked through. */
static gboolean
web_view_load_failed_with_tls_errors_cb (WebKitWebView        *web_view,
                                         const char           *failing_uri,
                                         GTlsCertificate      *certificate,
                                         GTlsCertificateFlags  errors,
                                         CsLoginView          *self)
{
  g_debug ("TLS errors 0x%x on the login page", errors);
  close_popup_of (self, web_view);
  fail_for_insecure_connection (self, CS_LOGIN_VIEW_FAILURE_INSECURE, failing_uri);
  return TRUE;
}

static void
web_view_web_process_terminated_cb (WebKitWebView                     *web_view,
                                    WebKitWebProcessTerminationReason  reason,
                                    CsLoginView                       *self)
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

  fail (self, CS_LOGIN_VIEW_FAILURE_CRASHED, message);
}

static void
connect_web_view (CsLoginView   *self,
                  WebKitWebView *web_view)
{
  g_signal_connect_object (web_view, "decide-policy", G_CALLBACK (web_view_decide_policy_cb), self, 0);
  g_signal_connect_object (web_view, "load-failed-with-tls-errors",
                           G_CALLBACK (web_view_load_failed_with_tls_errors_cb), self, 0);
  g_signal_connect_object (web_view, "create", G_CALLBACK (web_view_create_cb), self, 0);
}

static void
drop_web_view (CsLoginView *self)
{
  if (self->web_view == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->web_view, self);
  webkit_web_view_stop_loading (self->web_view);
  if (gtk_widget_get_parent (GTK_WIDGET (self->web_view)) == GTK_WIDGET (self))
    gtk_widget_unparent (GTK_WIDGET (self->web_view));
  g_clear_object (&self->web_view);
}

/* Downloads (a context-menu "Download Linked File") would write to disk. */
static void
session_download_started_cb (WebKitNetworkSession *session,
                             WebKitDownload       *download,
                             CsLoginView          *self)
{
  webkit_download_cancel (download);
  show_toast (self, _("Downloads are turned off during the login"));
}

/* A new view in a new ephemeral session, so that no cookie of an earlier
 * attempt (perhaps logged in as another user) carries over. */
static void
replace_web_view (CsLoginView *self)
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

  gtk_widget_insert_after (GTK_WIDGET (self->web_view), GTK_WIDGET (self), self->address_bar);
  self->committed = FALSE;
}

/* ---- GObject -------------------------------------------------------------- */

static gboolean
cs_login_view_grab_focus (GtkWidget *widget)
{
  CsLoginView *self = CS_LOGIN_VIEW (widget);

  /* The page, not the address bar's selectable host. */
  return self->web_view != NULL && gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static void
cs_login_view_dispose (GObject *object)
{
  CsLoginView *self = CS_LOGIN_VIEW (object);

  close_popups (self);
  g_clear_pointer (&self->popups, g_ptr_array_unref);
  drop_web_view (self);
  g_clear_object (&self->request);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_LOGIN_VIEW);

  G_OBJECT_CLASS (cs_login_view_parent_class)->dispose (object);
}

static void
cs_login_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsLoginView *self = CS_LOGIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SECURITY_LEVEL:
      g_value_set_enum (value, self->security_level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_login_view_class_init (CsLoginViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_login_view_dispose;
  object_class->get_property = cs_login_view_get_property;
  widget_class->grab_focus = cs_login_view_grab_focus;

  properties[PROP_SECURITY_LEVEL] =
    g_param_spec_enum ("security-level", NULL, NULL,
                       CS_TYPE_LOGIN_SECURITY_LEVEL, CS_LOGIN_SECURITY_LEVEL_TO_BE_DETERMINED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Salesforce redirected to the request's callback (the URI, with the
   * authorization code: never log it); nothing was requested. */
  signals[CALLBACK] =
    g_signal_new ("callback", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The login cannot go on in the view: a CsLoginViewFailure and a message
   * that says what to do. Whoever shows it stops the view. */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CS_TYPE_LOGIN_VIEW_FAILURE, G_TYPE_STRING);
  /* A page of the login finished loading. */
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-login-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CsLoginView, address_bar);
  gtk_widget_class_bind_template_child (widget_class, CsLoginView, security_icon);
  gtk_widget_class_bind_template_child (widget_class, CsLoginView, host_label);
  gtk_widget_class_bind_template_child (widget_class, CsLoginView, security_label);
}

static void
cs_login_view_init (CsLoginView *self)
{
  self->popups = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  replace_web_view (self);
}

void
cs_login_view_load (CsLoginView    *self,
                    CsOAuthRequest *request)
{
  g_autofree char *authorize_uri = NULL;

  g_return_if_fail (CS_IS_LOGIN_VIEW (self));
  g_return_if_fail (CS_IS_OAUTH_REQUEST (request));

  g_set_object (&self->request, request);
  authorize_uri = cs_oauth_request_build_authorize_uri (request);

  replace_web_view (self);
  update_address_bar (self);
  g_debug ("Loading the authorization page");
  webkit_web_view_load_uri (self->web_view, authorize_uri);
}

CsOAuthRequest *
cs_login_view_get_request (CsLoginView *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_VIEW (self), NULL);

  return self->request;
}

void
cs_login_view_stop (CsLoginView *self)
{
  g_return_if_fail (CS_IS_LOGIN_VIEW (self));

  if (self->web_view != NULL)
    webkit_web_view_stop_loading (self->web_view);
}

CsLoginSecurityLevel
cs_login_view_get_security_level (CsLoginView *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_VIEW (self), CS_LOGIN_SECURITY_LEVEL_TO_BE_DETERMINED);

  return self->security_level;
}

/* ---- for the tests -------------------------------------------------------- */

WebKitWebView *
cs_login_view_get_web_view (CsLoginView *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_VIEW (self), NULL);

  return self->web_view;
}

guint
cs_login_view_get_n_callbacks_intercepted (CsLoginView *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_VIEW (self), 0);

  return self->n_callbacks_intercepted;
}

guint
cs_login_view_get_n_callback_loads (CsLoginView *self)
{
  g_return_val_if_fail (CS_IS_LOGIN_VIEW (self), 0);

  return self->n_callback_loads;
}
