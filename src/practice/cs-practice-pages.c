/* cs-practice-pages.c: HTML for login, verification, consent and errors.
 *
 * Everything echoed back is escaped with g_markup_escape_text(): the
 * username, the transaction id and the app name all come from the request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-pages.h"

static const char style[] =
  "*{box-sizing:border-box}"
  "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
  "background:#f3f3f3;color:#181818}"
  "header{background:#0176d3;color:#fff;padding:14px 24px;display:flex;"
  "align-items:center;gap:12px}"
  "header .logo{font-weight:700;font-size:1.3em;letter-spacing:.02em}"
  "header .tag{background:#fff;color:#0176d3;border-radius:4px;padding:2px 8px;"
  "font-size:.8em;font-weight:700;text-transform:uppercase}"
  ".notice{background:#fef1c7;border-bottom:1px solid #f2cf5b;padding:8px 24px;font-size:.9em}"
  "main{max-width:420px;margin:40px auto;background:#fff;border:1px solid #d8dde6;"
  "border-radius:6px;padding:28px 32px}"
  "main.wide{max-width:760px}"
  "h1{font-size:1.4em;font-weight:400;margin:0 0 20px}"
  "label{display:block;font-size:.9em;margin:14px 0 4px;color:#3e3e3c}"
  "input[type=text],input[type=email],input[type=password]{width:100%;padding:10px;"
  "border:1px solid #c9c9c9;border-radius:4px;font-size:1em}"
  ".actions{margin-top:24px;display:flex;gap:12px}"
  "input[type=submit]{flex:1;padding:11px;border-radius:4px;font-size:1em;cursor:pointer;"
  "border:1px solid #0176d3;background:#0176d3;color:#fff}"
  "input[type=submit].secondary{background:#fff;color:#0176d3}"
  ".error{color:#ba0517;background:#fef1ee;border:1px solid #ea001e;border-radius:4px;"
  "padding:10px;margin:0 0 12px}"
  ".info{color:#2e844a;background:#f0fcf2;border:1px solid #2e844a;border-radius:4px;"
  "padding:10px;margin:0 0 12px}"
  "ul.scopes{padding-left:20px}ul.scopes li{margin:6px 0}"
  "table{border-collapse:collapse;width:100%;margin:8px 0 20px}"
  "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5e5;font-size:.9em}"
  "code{font-family:ui-monospace,monospace;word-break:break-all}"
  "footer{text-align:center;font-size:.8em;color:#706e6b;margin-bottom:32px}";

void
cs_practice_page_begin (GString    *out,
                        const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (out,
                          "<!DOCTYPE html>\n"
                          "<html lang=\"en\">\n"
                          "<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta name=\"robots\" content=\"noindex\">\n"
                          "<title>%s | Practice Org</title>\n"
                          "<style>%s</style>\n"
                          "</head>\n"
                          "<body>\n"
                          "<header><span class=\"logo\">salesforce</span>"
                          "<span class=\"tag\">Practice Org</span></header>\n"
                          "<div class=\"notice\" role=\"note\">This is the <strong>Practice Org</strong>, "
                          "a rehearsal Salesforce org running on this computer. Nothing you do here "
                          "touches a real org.</div>\n",
                          escaped, style);
}

void
cs_practice_page_end (GString *out)
{
  g_string_append (out,
                   "<footer>Practice Org &middot; for rehearsing the CRM Sync Setup</footer>\n"
                   "</body>\n"
                   "</html>\n");
}

static void
append_message (GString    *out,
                const char *css_class,
                const char *id,
                const char *text)
{
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return;
  escaped = g_markup_escape_text (text, -1);
  g_string_append_printf (out, "<p class=\"%s\" id=\"%s\" role=\"alert\">%s</p>\n",
                          css_class, id, escaped);
}

static void
append_hidden (GString    *out,
               const char *name,
               const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", name, escaped);
}

char *
cs_practice_page_login (const char *org_name,
                        const char *txn,
                        const char *username,
                        const char *error)
{
  GString *out = g_string_new (NULL);
  g_autofree char *escaped_org = g_markup_escape_text (org_name, -1);
  g_autofree char *escaped_user = g_markup_escape_text (username != NULL ? username : "", -1);

  cs_practice_page_begin (out, "Login");
  g_string_append (out, "<main>\n<h1>Log in to ");
  g_string_append (out, escaped_org);
  g_string_append (out, "</h1>\n");
  append_message (out, "error", "error", error);
  g_string_append (out, "<form id=\"login_form\" name=\"login\" method=\"post\" action=\""
                   CS_PRACTICE_LOGIN_PATH "\">\n");
  append_hidden (out, "txn", txn);
  g_string_append_printf (out,
                          "<label for=\"username\">Username</label>\n"
                          "<input type=\"email\" id=\"username\" name=\"username\" value=\"%s\" "
                          "autocomplete=\"username\" required autofocus>\n"
                          "<label for=\"password\">Password</label>\n"
                          "<input type=\"password\" id=\"password\" name=\"password\" "
                          "autocomplete=\"current-password\" required>\n"
                          "<div class=\"actions\">"
                          "<input type=\"submit\" id=\"Login\" name=\"Login\" value=\"Log In\">"
                          "</div>\n"
                          "</form>\n"
                          "</main>\n",
                          escaped_user);
  cs_practice_page_end (out);
  return g_string_free (out, FALSE);
}

char *
cs_practice_page_verify (const char *txn,
                         const char *email,
                         const char *notice,
                         const char *error)
{
  GString *out = g_string_new (NULL);
  g_autofree char *escaped_email = g_markup_escape_text (email, -1);

  cs_practice_page_begin (out, "Verify Your Identity");
  g_string_append (out, "<main>\n<h1>Verify Your Identity</h1>\n");
  append_message (out, "info", "notice", notice);
  append_message (out, "error", "error", error);
  g_string_append_printf (out,
                          "<p>You're trying to log in to the Practice Org. To make sure your "
                          "account is secure, we have to verify your identity.</p>\n"
                          "<p id=\"sent_to\">A verification code was e-mailed to "
                          "<strong>%s</strong>. In the Practice Org, the e-mail lands in the "
                          "<a href=\"/_practice/\">practice mailbox</a>.</p>\n",
                          escaped_email);
  g_string_append (out, "<form id=\"verify_form\" method=\"post\" action=\""
                   CS_PRACTICE_VERIFY_PATH "\">\n");
  append_hidden (out, "txn", txn);
  g_string_append (out,
                   "<label for=\"emc\">Verification Code</label>\n"
                   "<input type=\"text\" id=\"emc\" name=\"emc\" inputmode=\"numeric\" "
                   "autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" "
                   "required autofocus>\n"
                   "<div class=\"actions\">"
                   "<input type=\"submit\" id=\"save\" name=\"save\" value=\"Verify\">"
                   "</div>\n"
                   "</form>\n"
                   "<form method=\"post\" action=\"" CS_PRACTICE_VERIFY_PATH "\">\n");
  append_hidden (out, "txn", txn);
  g_string_append (out,
                   "<div class=\"actions\">"
                   "<input type=\"submit\" class=\"secondary\" id=\"resend\" name=\"resend\" "
                   "value=\"Resend Code\">"
                   "</div>\n"
                   "</form>\n"
                   "</main>\n");
  cs_practice_page_end (out);
  return g_string_free (out, FALSE);
}

/* What each scope lets the app do, in the consent page's words. */
static const struct {
  const char *scope;
  const char *description;
} scope_descriptions[] = {
  { "api", "Manage user data via APIs" },
  { "refresh_token", "Perform requests at any time" },
  { "offline_access", "Perform requests at any time" },
  { "full", "Full access" },
  { "id", "Access the identity URL service" },
  { "profile", "Access your basic information" },
  { "email", "Access your email address" },
  { "address", "Access your address" },
  { "phone", "Access your phone number" },
  { "openid", "Access unique user identifiers" },
  { "web", "Manage user data via Web browsers" },
  { "chatter_api", "Access Connect REST API resources" },
  { "custom_permissions", "Access custom permissions" },
  { "visualforce", "Manage user data via Visualforce" },
  { "content", "Access content resources" },
  { "lightning", "Access Lightning applications" },
  { "wave_api", "Access Analytics REST API resources" },
  { "eclair_api", "Access Analytics REST API Charts Geodata resources" },
  { "pardot_api", "Access Pardot services" },
  { "cdp_query_api", "Perform ANSI SQL queries on Data Cloud data" },
};

char *
cs_practice_page_consent (const char *txn,
                          const char *app_name,
                          const char *username,
                          const char *scope)
{
  GString *out = g_string_new (NULL);
  g_autofree char *escaped_app = g_markup_escape_text (app_name, -1);
  g_autofree char *escaped_user = g_markup_escape_text (username, -1);
  g_auto(GStrv) scopes = g_strsplit (scope != NULL ? scope : "", " ", -1);
  guint i, j;

  cs_practice_page_begin (out, "Allow Access?");
  g_string_append_printf (out,
                          "<main>\n<h1>Allow Access?</h1>\n"
                          "<p><strong>%s</strong> is asking to:</p>\n"
                          "<ul class=\"scopes\" id=\"scopes\">\n",
                          escaped_app);
  for (i = 0; scopes[i] != NULL; i++)
    {
      g_autofree char *escaped_scope = NULL;
      const char *description = NULL;

      if (*scopes[i] == '\0')
        continue;
      for (j = 0; j < G_N_ELEMENTS (scope_descriptions); j++)
        if (g_str_equal (scope_descriptions[j].scope, scopes[i]))
          description = scope_descriptions[j].description;
      escaped_scope = g_markup_escape_text (scopes[i], -1);
      if (description != NULL)
        g_string_append_printf (out, "<li>%s (<code>%s</code>)</li>\n", description, escaped_scope);
      else
        g_string_append_printf (out, "<li><code>%s</code></li>\n", escaped_scope);
    }
  g_string_append_printf (out,
                          "</ul>\n"
                          "<p>Do you want to allow access for <strong id=\"consent_user\">%s</strong>?</p>\n"
                          "<form id=\"consent_form\" method=\"post\" action=\""
                          CS_PRACTICE_CONSENT_PATH "\">\n",
                          escaped_user);
  append_hidden (out, "txn", txn);
  g_string_append (out,
                   "<div class=\"actions\">"
                   "<input type=\"submit\" class=\"secondary\" id=\"oadeny\" name=\"oadeny\" value=\"Deny\">"
                   "<input type=\"submit\" id=\"oaapprove\" name=\"oaapprove\" value=\"Allow\">"
                   "</div>\n"
                   "</form>\n"
                   "</main>\n");
  cs_practice_page_end (out);
  return g_string_free (out, FALSE);
}

char *
cs_practice_page_error (const char *title,
                        const char *error,
                        const char *description)
{
  GString *out = g_string_new (NULL);
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_error = g_markup_escape_text (error, -1);
  g_autofree char *escaped_description = g_markup_escape_text (description, -1);

  cs_practice_page_begin (out, title);
  g_string_append_printf (out,
                          "<main>\n<h1>%s</h1>\n"
                          "<p class=\"error\" id=\"error\" role=\"alert\">error=<code>%s</code><br>"
                          "error_description=<code>%s</code></p>\n"
                          "<p>Start the login again from the app. If this keeps happening, check "
                          "the Consumer Key and the callback URL of the External Client App.</p>\n"
                          "</main>\n",
                          escaped_title, escaped_error, escaped_description);
  cs_practice_page_end (out);
  return g_string_free (out, FALSE);
}
