/* cs-wizard-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "cs-login-page-private.h"
#include "cs-login-view-private.h"
#include "cs-wizard-test-util.h"

gboolean
cs_wizard_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
cs_wizard_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  wait_for (g_get_monotonic_time () >= until, "a pause");
}

/* ---- widgets -------------------------------------------------------------- */

void
cs_wizard_collect_widgets (GtkWidget *widget,
                           GType      type,
                           GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      cs_wizard_collect_widgets (child, type, found);
    }
}

GtkLabel *
cs_wizard_find_label (GtkWidget  *widget,
                      const char *text,
                      gboolean    part)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  cs_wizard_collect_widgets (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *shown = gtk_label_get_text (g_ptr_array_index (labels, i));

      if (part ? strstr (shown, text) != NULL : g_strcmp0 (shown, text) == 0)
        return g_ptr_array_index (labels, i);
    }
  return NULL;
}

gboolean
cs_wizard_shows_text (GtkWidget  *widget,
                      const char *text,
                      gboolean    part)
{
  return cs_wizard_find_label (widget, text, part) != NULL;
}

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0 ||
      g_strcmp0 (gtk_widget_get_name (root), id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
cs_wizard_get_widget (gpointer    root,
                      const char *id)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (root), id);

  if (widget == NULL)
    g_error ("No widget “%s” under %s", id, G_OBJECT_TYPE_NAME (root));
  return widget;
}

GtkButton *
cs_wizard_get_button (gpointer    root,
                      const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cs_wizard_collect_widgets (GTK_WIDGET (root), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
  g_error ("No button “%s” under %s", label, G_OBJECT_TYPE_NAME (root));
  return NULL;
}

GtkButton *
cs_wizard_message_bar_button (CsMessageBar *bar)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cs_wizard_collect_widgets (GTK_WIDGET (bar), GTK_TYPE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  return g_ptr_array_index (buttons, 0);
}

void
cs_wizard_assert_message_bar (CsMessageBar  *bar,
                              CsMessageType  type,
                              const char    *button_label,
                              const char    *action_name)
{
  GtkButton *button;

  g_assert_true (cs_message_bar_is_shown (bar));
  g_assert_cmpint (cs_message_bar_get_message_type (bar), ==, type);
  g_assert_cmpstr (cs_message_bar_get_message (bar), !=, "");
  g_test_message ("Message: %s", cs_message_bar_get_message (bar));
  if (button_label == NULL)
    return;
  button = cs_wizard_message_bar_button (bar);
  g_assert_cmpstr (gtk_button_get_label (button), ==, button_label);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, action_name);
}

void
cs_wizard_assert_message_mentions (CsMessageBar *bar,
                                   const char   *word)
{
  if (g_strcmp0 (T ("_Log In Again"), "_Log In Again") != 0)
    return;
  g_assert_nonnull (strstr (cs_message_bar_get_message (bar), word));
}

void
cs_wizard_click (GtkButton *button)
{
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  /* What a pointer click ends in (gtk_widget_activate() would wait for a
   * press animation). */
  g_signal_emit_by_name (button, "clicked");
}

void
cs_wizard_press_next (CsAssistant *assistant)
{
  g_assert_true (cs_assistant_can_go_next (assistant));
  gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL);
}

/* ---- JavaScript in the login view (test only) ------------------------------ */

typedef struct
{
  gboolean  done;
  gboolean  abandoned;  /* cs_wizard_run_js gave up: the callback frees it */
  JSCValue *value;
  GError   *error;
} JsResult;

static void
js_result_free (JsResult *js)
{
  g_clear_object (&js->value);
  g_clear_error (&js->error);
  g_free (js);
}

static void
js_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  JsResult *js = user_data;

  js->value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source), result, &js->error);
  js->done = TRUE;
  if (js->abandoned)
    js_result_free (js);
}

/* A call WebKit has not answered after this long is given up, as if the
 * page had gone away, and the callers that poll ask again: under load, a
 * call made while the page is being replaced is sometimes never answered
 * (seen about once in 40 runs). */
#define JS_CALL_TIMEOUT_S 10

char *
cs_wizard_run_js (WebKitWebView *view,
                  const char    *body,
                  GVariant      *arguments)
{
  JsResult *js = g_new0 (JsResult, 1);
  char *text = NULL;
  gint64 give_up = g_get_monotonic_time () + JS_CALL_TIMEOUT_S * G_USEC_PER_SEC;

  webkit_web_view_call_async_javascript_function (view, body, -1, arguments, NULL, NULL, NULL,
                                                  js_done_cb, js);
  wait_for (js->done || g_get_monotonic_time () > give_up, "JavaScript to run");
  if (!js->done)
    {
      g_test_message ("JavaScript: no answer after %d s, given up", JS_CALL_TIMEOUT_S);
      js->abandoned = TRUE;
      return NULL;
    }
  if (js->error != NULL)
    g_test_message ("JavaScript: %s", js->error->message);
  else if (!jsc_value_is_null (js->value) && !jsc_value_is_undefined (js->value))
    text = jsc_value_to_string (js->value);
  js_result_free (js);
  return text;
}

char *
cs_wizard_wait_for_element (WebKitWebView      *view,
                            const char * const *ids,
                            gboolean            fresh)
{
  static const char *script =
    "if (fresh === 'yes' && window.csTestMarker) return '';"
    "if (document.readyState !== 'complete') return '';"
    "for (const id of ids.split(',')) if (document.getElementById(id)) return id;"
    "return '';";
  gint64 deadline = g_get_monotonic_time () + CS_WIZARD_STEP_TIMEOUT_S * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GVariantDict args;
      g_autofree char *found = NULL;
      g_autofree char *joined = g_strjoinv (",", (char **) ids);

      /* WebKit takes neither string arrays nor booleans as arguments. */
      g_variant_dict_init (&args, NULL);
      g_variant_dict_insert (&args, "ids", "s", joined);
      g_variant_dict_insert (&args, "fresh", "s", fresh ? "yes" : "no");
      found = cs_wizard_run_js (view, script, g_variant_dict_end (&args));
      if (found != NULL && found[0] != '\0')
        return g_steal_pointer (&found);
      cs_wizard_spin (100);
    }
  g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,
                       "timed out waiting for an element of the practice org's page");
  return NULL;
}

void
cs_wizard_submit (WebKitWebView *view,
                  const char    *body,
                  GVariant      *arguments)
{
  g_autofree char *result = NULL;
  g_autofree char *script = g_strconcat ("window.csTestMarker = true;", body, "return 'ok';", NULL);

  result = cs_wizard_run_js (view, script, arguments);
  g_assert_cmpstr (result, ==, "ok");
}

void
cs_wizard_submit_login_form (WebKitWebView *view,
                             const char    *username,
                             const char    *password)
{
  GVariantDict args;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "username", "s", username);
  g_variant_dict_insert (&args, "password", "s", password);
  cs_wizard_submit (view,
                    "document.getElementById('username').value = username;"
                    "document.getElementById('password').value = password;"
                    "document.getElementById('Login').click();",
                    g_variant_dict_end (&args));
}

void
cs_wizard_click_element (WebKitWebView *view,
                         const char    *id)
{
  GVariantDict args;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", id);
  cs_wizard_submit (view, "document.getElementById(id).click();", g_variant_dict_end (&args));
}

/* ---- the login page ---------------------------------------------------------- */

static CsLoginPage *
login_page (CsAssistant *assistant)
{
  return CS_LOGIN_PAGE (cs_assistant_get_page (assistant, "login"));
}

static WebKitWebView *
login_view (CsAssistant *assistant)
{
  return cs_login_view_get_web_view (cs_login_page_get_login_view (login_page (assistant)));
}

void
cs_wizard_wait_for_login_form (CsAssistant *assistant)
{
  static const char *ids[] = { "username", NULL };
  g_autofree char *found = NULL;

  wait_for (g_strcmp0 (cs_assistant_get_current_name (assistant), "login") == 0, "the login page");
  wait_for (g_strcmp0 (cs_login_page_get_state_name (login_page (assistant)), "web") == 0,
            "the login view");
  found = cs_wizard_wait_for_element (login_view (assistant), ids, FALSE);
  g_assert_cmpstr (found, ==, "username");
  /* The practice org, on this computer over plain http. */
  g_assert_cmpint (cs_login_view_get_security_level (cs_login_page_get_login_view (login_page (assistant))), ==,
                   CS_LOGIN_SECURITY_LEVEL_LOCAL);
}

void
cs_wizard_pass_login_and_code (CsAssistant   *assistant,
                               CsPracticeOrg *org,
                               const char    *username,
                               const char    *password)
{
  static const char *after_login[] = { "emc", "oaapprove", NULL };
  g_autofree char *found = NULL;

  cs_wizard_wait_for_login_form (assistant);
  cs_wizard_submit_login_form (login_view (assistant), username, password);

  found = cs_wizard_wait_for_element (login_view (assistant), after_login, TRUE);
  if (g_strcmp0 (found, "emc") == 0)
    {
      g_autofree char *code = NULL;
      GVariantDict args;

      if (org != NULL)
        code = cs_practice_org_get_last_code (org, username);
      else
        {
          /* As the admin would: the code in the page's practice panel,
           * which reads the org's mailbox over HTTP. */
          gtk_widget_activate_action (GTK_WIDGET (login_page (assistant)), "login.refresh-mailbox", NULL);
          wait_for (*cs_login_page_get_practice_code (login_page (assistant)) != '\0',
                    "the code in the practice panel");
          code = g_strdup (cs_login_page_get_practice_code (login_page (assistant)));
        }

      g_assert_nonnull (code);
      g_variant_dict_init (&args, NULL);
      g_variant_dict_insert (&args, "code", "s", code);
      cs_wizard_submit (login_view (assistant),
                        "document.getElementById('emc').value = code;"
                        "document.getElementById('save').click();",
                        g_variant_dict_end (&args));
    }
}

void
cs_wizard_wait_for_consent (CsAssistant *assistant)
{
  static const char *consent[] = { "oaapprove", NULL };
  g_autofree char *found = cs_wizard_wait_for_element (login_view (assistant), consent, FALSE);

  g_assert_cmpstr (found, ==, "oaapprove");
}

void
cs_wizard_log_in_in_view (CsAssistant   *assistant,
                          CsPracticeOrg *org,
                          const char    *username,
                          const char    *password,
                          gboolean       allow)
{
  cs_wizard_pass_login_and_code (assistant, org, username, password);
  cs_wizard_wait_for_consent (assistant);
  cs_wizard_click_element (login_view (assistant), allow ? "oaapprove" : "oadeny");
}

GLogWriterOutput
cs_wizard_log_writer (GLogLevelFlags   log_level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  if (g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      strstr (message, "did not receive a focus-out event") != NULL)
    {
      g_test_message ("Ignored (no window manager): %s", message);
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}
