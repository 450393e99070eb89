/* cs-wizard-test-util.h: driving the real wizard window like an admin:
 * waiting on the main loop, finding and pressing widgets, and logging in
 * to the practice org in the login page's WebKit view (its forms filled
 * and submitted with JavaScript, as a person would type and click).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "cs-assistant.h"
#include "cs-message-bar.h"
#include "cs-practice-org.h"

G_BEGIN_DECLS

/* No single step of a case may take longer than this. */
#define CS_WIZARD_STEP_TIMEOUT_S 60

gboolean    cs_wizard_tick_cb            (gpointer user_data);

/* Iterates the main context until @cond holds; fails the test after
 * CS_WIZARD_STEP_TIMEOUT_S. A short timer keeps polling conditions that no
 * event announces. */
#define wait_for(cond, what)                                                    \
  G_STMT_START {                                                                \
    gint64 wait_deadline_ = g_get_monotonic_time () + CS_WIZARD_STEP_TIMEOUT_S * G_USEC_PER_SEC; \
    guint wait_tick_ = g_timeout_add (20, cs_wizard_tick_cb, NULL);             \
    while (!(cond))                                                             \
      {                                                                         \
        if (g_get_monotonic_time () > wait_deadline_)                           \
          {                                                                     \
            g_source_remove (wait_tick_);                                       \
            g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,   \
                                 "timed out waiting for " what);                \
          }                                                                     \
        g_main_context_iteration (NULL, TRUE);                                  \
      }                                                                         \
    g_source_remove (wait_tick_);                                               \
  } G_STMT_END

/* Labels are compared in the language the test runs in (build-aux/screenshots
 * runs the cases in French too). */
#define T(text) g_dgettext (GETTEXT_PACKAGE, text)

/* Lets the main loop run for @ms. */
void        cs_wizard_spin                    (guint          ms);

/* Depth-first, visible widgets only. */
void        cs_wizard_collect_widgets         (GtkWidget     *widget,
                                               GType          type,
                                               GPtrArray     *found);
/* The first visible label under @widget that shows @text (exactly, or
 * within its text when @part), or NULL. */
GtkLabel   *cs_wizard_find_label              (GtkWidget     *widget,
                                               const char    *text,
                                               gboolean       part);
/* Whether a visible label under @widget shows @text (exactly, or within
 * its text when @part). */
gboolean    cs_wizard_shows_text              (GtkWidget     *widget,
                                               const char    *text,
                                               gboolean       part);
/* The widget under @root (included) whose template id (GtkBuildable id)
 * or widget name is @id; fails the test when there is none. */
GtkWidget  *cs_wizard_get_widget              (gpointer       root,
                                               const char    *id);
/* The button with @label (as set, with its mnemonic) under @root. */
GtkButton  *cs_wizard_get_button              (gpointer       root,
                                               const char    *label);
/* The button of a message bar, as the admin sees it. */
GtkButton  *cs_wizard_message_bar_button      (CsMessageBar  *bar);
void        cs_wizard_assert_message_bar      (CsMessageBar  *bar,
                                               CsMessageType  type,
                                               const char    *button_label,
                                               const char    *action_name);
/* A wording check, meaningful in English only. */
void        cs_wizard_assert_message_mentions (CsMessageBar  *bar,
                                               const char    *word);
/* What a pointer click ends in. */
void        cs_wizard_click                   (GtkButton     *button);
void        cs_wizard_press_next              (CsAssistant   *assistant);

/* Runs @body as an async function with @arguments (a{sv}, may be NULL) in
 * the page; returns its value as a string, or NULL. */
char       *cs_wizard_run_js                  (WebKitWebView *view,
                                               const char    *body,
                                               GVariant      *arguments);
/* Waits for a new document (@fresh) or the current one holding an element
 * with one of @ids; returns that id. */
char       *cs_wizard_wait_for_element        (WebKitWebView *view,
                                               const char * const *ids,
                                               gboolean       fresh);
/* Marks the current document, then runs @body (which submits a form). */
void        cs_wizard_submit                  (WebKitWebView *view,
                                               const char    *body,
                                               GVariant      *arguments);
void        cs_wizard_submit_login_form       (WebKitWebView *view,
                                               const char    *username,
                                               const char    *password);
void        cs_wizard_click_element           (WebKitWebView *view,
                                               const char    *id);

/* The login page shows the practice org's login form. */
void        cs_wizard_wait_for_login_form     (CsAssistant   *assistant);
/* Login form, then the e-mailed code when asked for. An @org NULL is the
 * practice org the wizard started: the code is read from the login page's
 * practice panel, as the admin would. */
void        cs_wizard_pass_login_and_code     (CsAssistant   *assistant,
                                               CsPracticeOrg *org,
                                               const char    *username,
                                               const char    *password);
void        cs_wizard_wait_for_consent        (CsAssistant   *assistant);
/* Login form → e-mailed code → "Allow Access?": clicks Allow or Deny. */
void        cs_wizard_log_in_in_view          (CsAssistant   *assistant,
                                               CsPracticeOrg *org,
                                               const char    *username,
                                               const char    *password,
                                               gboolean       allow);

/* A GLogWriterFunc: GtkText's cursor blink warns when its window stopped
 * being the active one without a focus-out event, which happens under Xvfb
 * without a window manager when windows come and go. That message is
 * printed, not fatal; everything else goes to GLib's writer. */
GLogWriterOutput cs_wizard_log_writer         (GLogLevelFlags   log_level,
                                               const GLogField *fields,
                                               gsize            n_fields,
                                               gpointer         user_data);

G_END_DECLS
