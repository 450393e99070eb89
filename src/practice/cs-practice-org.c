/* cs-practice-org.c: CsPracticeOrg, a Salesforce-compatible org on loopback.
 *
 * The server, its routing, latency and faults, the /_practice/ endpoints
 * for humans and tests, and the public API. The OAuth endpoints live in
 * cs-practice-oauth.c, the REST API in cs-practice-rest.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-pages.h"
#include "cs-practice-seed.h"
#include "cs-practice-util.h"

G_DEFINE_FINAL_TYPE (CsPracticeOrg, cs_practice_org, G_TYPE_OBJECT)

static const char *fault_names[CS_PRACTICE_N_FAULTS] = {
  [CS_PRACTICE_FAULT_EXPIRED_CODE] = "expired-code",
  [CS_PRACTICE_FAULT_DENY_CONSENT] = "deny-consent",
  [CS_PRACTICE_FAULT_API_DISABLED] = "api-disabled",
  [CS_PRACTICE_FAULT_REVOKED_REFRESH] = "revoked-refresh",
  [CS_PRACTICE_FAULT_APP_BLOCKED] = "app-blocked",
  [CS_PRACTICE_FAULT_APP_NOT_APPROVED] = "app-not-approved",
  [CS_PRACTICE_FAULT_RATE_LIMIT] = "rate-limit",
  [CS_PRACTICE_FAULT_SERVER_ERROR] = "server-error",
  [CS_PRACTICE_FAULT_INACTIVE_USER] = "inactive-user",
  [CS_PRACTICE_FAULT_SESSION_EXPIRED] = "session-expired",
  [CS_PRACTICE_FAULT_REQUIRE_PKCE] = "require-pkce",
  [CS_PRACTICE_FAULT_REJECT_PKCE] = "reject-pkce",
  [CS_PRACTICE_FAULT_ROTATE_REFRESH] = "rotate-refresh",
  [CS_PRACTICE_FAULT_BAD_SIGNATURE] = "bad-signature",
};

/* A response held back to simulate a slow network. */
typedef struct {
  CsPracticeOrg     *self;
  SoupServerMessage *msg;
  GSource           *source;
  gulong             disconnected_id;
} CsPracticeDelay;

const char *
cs_practice_fault_to_string (CsPracticeFault fault)
{
  g_return_val_if_fail (fault < CS_PRACTICE_N_FAULTS, NULL);
  return fault_names[fault];
}

gboolean
cs_practice_fault_from_string (const char      *name,
                               CsPracticeFault *fault)
{
  guint i;

  g_return_val_if_fail (fault != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (i = 0; i < CS_PRACTICE_N_FAULTS; i++)
    {
      g_autofree char *underscored = g_strdelimit (g_strdup (fault_names[i]), "-", '_');

      /* Also accept the enum's spelling (API_DISABLED, api_disabled). */
      if (g_ascii_strcasecmp (name, fault_names[i]) == 0 ||
          g_ascii_strcasecmp (name, underscored) == 0)
        {
          *fault = (CsPracticeFault) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* "NN.0" for every version Salesforce still serves. */
gboolean
cs_practice_org_version_is_supported (const char *version)
{
  g_autofree char *major = NULL;
  guint64 value;

  if (version == NULL || !g_str_has_suffix (version, ".0") || version[0] == '0')
    return FALSE;
  major = g_strndup (version, strlen (version) - 2);
  return g_ascii_string_to_unsigned (major, 10, CS_PRACTICE_API_OLDEST, CS_PRACTICE_API_LATEST,
                                     &value, NULL);
}

const char *
cs_practice_org_latest_version (void)
{
  return G_STRINGIFY (CS_PRACTICE_API_LATEST) ".0";
}

/* Three releases a year since Summer '14 (31.0): Summer, Winter, Spring. */
char *
cs_practice_org_version_label (guint major)
{
  static const char *seasons[] = { "Summer", "Winter", "Spring" };
  guint since = major - CS_PRACTICE_API_OLDEST;

  g_return_val_if_fail (major >= CS_PRACTICE_API_OLDEST && major <= CS_PRACTICE_API_LATEST, NULL);
  return g_strdup_printf ("%s '%02u", seasons[since % 3], 14 + (since + 2) / 3);
}

/* ---- replies ------------------------------------------------------------------- */

void
cs_practice_reply_json (SoupServerMessage *msg,
                        guint              status,
                        char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json;charset=UTF-8",
                                      SOUP_MEMORY_TAKE, body, strlen (body));
}

void
cs_practice_reply_html (SoupServerMessage *msg,
                        guint              status,
                        char              *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Login pages must not be framed by another site or cached. */
  soup_message_headers_replace (headers, "Cache-Control", "no-cache, no-store");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html;charset=UTF-8",
                                    SOUP_MEMORY_TAKE, body, strlen (body));
}

void
cs_practice_reply_text (SoupServerMessage *msg,
                        guint              status,
                        const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain;charset=UTF-8",
                                    SOUP_MEMORY_COPY, body, strlen (body));
}

void
cs_practice_reply_redirect (SoupServerMessage *msg,
                            const char        *location)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache, no-store");
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

char *
cs_practice_request_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return g_strndup (data != NULL ? data : "", length);
}

/* ---- users and tokens ---------------------------------------------------------------- */

CsPracticeUser *
cs_practice_org_get_user (CsPracticeOrg  *self,
                          CsPracticeRole  role)
{
  GPtrArray *users = cs_practice_data_get_users (self->data);
  guint i;

  for (i = 0; i < users->len; i++)
    {
      CsPracticeUser *user = g_ptr_array_index (users, i);

      if (user->role == role)
        return user;
    }
  g_assert_not_reached ();
  return NULL;
}

CsPracticeAccess *
cs_practice_org_authenticate (CsPracticeOrg     *self,
                              SoupServerMessage *msg,
                              GHashTable        *query)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  const char *token = NULL;
  CsPracticeAccess *access;

  if (header != NULL)
    {
      if (g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
        token = header + 7;
      else if (g_ascii_strncasecmp (header, "OAuth ", 6) == 0)
        token = header + 6;
    }
  /* The identity service also takes the token as a parameter. */
  if (token == NULL && query != NULL)
    token = g_hash_table_lookup (query, "oauth_token");
  if (token == NULL)
    return NULL;
  while (*token == ' ')
    token++;

  access = g_hash_table_lookup (self->access_tokens, token);
  if (access == NULL || access->serial < self->expired_before)
    return NULL;
  return access;
}

/* ---- /_practice/ ----------------------------------------------------------------------- */

static char *
mailbox_json (CsPracticeOrg *self,
              const char    *to)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;
  guint i;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "messages");
  cs_json_begin_array (&w);
  for (i = 0; i < self->mailbox->len; i++)
    {
      CsPracticeMail *mail = g_ptr_array_index (self->mailbox, i);
      g_autofree char *sent = cs_practice_iso_datetime (mail->sent);

      if (to != NULL && g_ascii_strcasecmp (to, mail->to) != 0)
        continue;
      cs_json_begin_object (&w);
      cs_json_kv_string (&w, "to", mail->to);
      cs_json_kv_string (&w, "subject", mail->subject);
      cs_json_kv_string (&w, "code", mail->code);
      cs_json_kv_string (&w, "sent", sent);
      cs_json_end_object (&w);
    }
  cs_json_end_array (&w);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static char *
faults_json (CsPracticeOrg *self)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;
  guint i;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "faults");
  cs_json_begin_object (&w);
  for (i = 0; i < CS_PRACTICE_N_FAULTS; i++)
    cs_json_kv_bool (&w, fault_names[i], self->faults[i]);
  cs_json_end_object (&w);
  cs_json_kv_int (&w, "latency_ms", self->latency_ms);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

static void
append_row (GString    *out,
            const char *label,
            const char *value,
            const char *id)
{
  g_autofree char *escaped_label = g_markup_escape_text (label, -1);
  g_autofree char *escaped_value = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_append_printf (out, "<tr><th scope=\"row\">%s</th><td><code id=\"%s\">%s</code></td></tr>\n",
                          escaped_label, id, escaped_value);
}

static char *
index_page (CsPracticeOrg *self)
{
  GString *out = g_string_new (NULL);
  GPtrArray *users = cs_practice_data_get_users (self->data);
  g_autofree char *mailbox_url = g_strdup_printf ("%s/_practice/mailbox", self->url);
  g_autoptr(GString) token_input = g_string_new (NULL);
  guint i;

  cs_practice_append_control_token (self, token_input);
  cs_practice_page_begin (out, "Practice Org");
  g_string_append (out, "<main class=\"wide\">\n<h1>Practice Org</h1>\n"
                   "<p>A rehearsal Salesforce org for the CRM Sync Setup. Use these values where "
                   "the setup guide asks for the External Client App's details.</p>\n"
                   "<h2>External Client App</h2>\n<table>\n");
  append_row (out, "Login host and instance URL", self->url, "url");
  append_row (out, "Consumer Key", self->consumer_key, "consumer_key");
  append_row (out, "Consumer Secret", self->consumer_secret, "consumer_secret");
  append_row (out, "Callback URL", self->callback_url, "callback_url");
  append_row (out, "Organization ID", self->org_id, "org_id");
  g_string_append (out, "</table>\n<h2>Users</h2>\n<table id=\"users\">\n"
                   "<tr><th>Username</th><th>Password</th><th>Profile</th></tr>\n");
  for (i = 0; i < users->len; i++)
    {
      CsPracticeUser *user = g_ptr_array_index (users, i);
      g_autofree char *username = g_markup_escape_text (user->username, -1);
      g_autofree char *password = g_markup_escape_text (user->password != NULL
                                                        ? user->password
                                                        : "(cannot log in)", -1);
      g_autofree char *profile = g_markup_escape_text (user->profile_name, -1);

      g_string_append_printf (out, "<tr><td><code>%s</code></td><td><code>%s</code></td>"
                              "<td>%s</td></tr>\n", username, password, profile);
    }
  g_string_append (out, "</table>\n<h2>Mailbox</h2>\n");
  if (self->mailbox->len == 0)
    g_string_append (out, "<p id=\"mailbox\">No messages yet. Verification codes appear here "
                     "when someone logs in.</p>\n");
  else
    {
      g_string_append (out, "<table id=\"mailbox\">\n<tr><th>Sent</th><th>To</th>"
                       "<th>Subject</th><th>Code</th></tr>\n");
      for (i = self->mailbox->len; i > 0; i--)
        {
          CsPracticeMail *mail = g_ptr_array_index (self->mailbox, i - 1);
          g_autofree char *sent = cs_practice_iso_datetime (mail->sent);
          g_autofree char *to = g_markup_escape_text (mail->to, -1);
          g_autofree char *subject = g_markup_escape_text (mail->subject, -1);

          g_string_append_printf (out, "<tr><td>%s</td><td>%s</td><td>%s</td>"
                                  "<td><code>%s</code></td></tr>\n",
                                  sent, to, subject, mail->code);
        }
      g_string_append (out, "</table>\n");
    }
  {
    g_autofree char *escaped = g_markup_escape_text (mailbox_url, -1);

    g_string_append_printf (out, "<p>As JSON: <a href=\"%s\">%s</a></p>\n", escaped, escaped);
  }

  cs_practice_controls_append_html (self, out);
  g_string_append (out, "<h2>Faults</h2>\n<p>Switch a failure on to rehearse how the setup "
                   "reacts to it.</p>\n<table id=\"faults\">\n");
  for (i = 0; i < CS_PRACTICE_N_FAULTS; i++)
    g_string_append_printf (out,
                            "<tr><td><code>%s</code></td><td>%s</td><td>"
                            "<form method=\"post\" action=\"/_practice/faults\">%s"
                            "<input type=\"hidden\" name=\"fault\" value=\"%s\">"
                            "<input type=\"hidden\" name=\"on\" value=\"%s\">"
                            "<input type=\"submit\" class=\"secondary\" id=\"fault-%s\" value=\"%s\">"
                            "</form></td></tr>\n",
                            fault_names[i], self->faults[i] ? "on" : "off",
                            token_input->str,
                            fault_names[i], self->faults[i] ? "false" : "true",
                            fault_names[i], self->faults[i] ? "Switch off" : "Switch on");
  g_string_append (out, "</table>\n</main>\n");
  cs_practice_page_end (out);
  return g_string_free (out, FALSE);
}

static void
reply_control_refused (SoupServerMessage *msg,
                       guint              status,
                       const char        *why)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "error", why);
  cs_json_end_object (&w);
  cs_practice_reply_json (msg, status, g_string_free (out, FALSE));
}

/* Host names this org answers to: anything else is a DNS-rebinding page
 * that resolved its own name to 127.0.0.1. */
static gboolean
host_is_ours (CsPracticeOrg *self,
              const char    *host)
{
  const char *authority = self->url != NULL ? self->url + strlen ("http://") : NULL;
  const char *port;

  if (host == NULL || authority == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, authority) == 0)
    return TRUE;
  port = strchr (authority, ':');
  return port != NULL && g_ascii_strncasecmp (host, "localhost", 9) == 0 &&
         g_ascii_strcasecmp (host + 9, port) == 0;
}

/* The control endpoints change how the org behaves, and it runs on the
 * admin's computer: a page on another site must not be able to drive them
 * through the admin's browser. Reads need our own Host; writes also a
 * request no other site can make a browser send: JSON (a cross-site JSON
 * post needs a CORS preflight, which this org never grants) or a form
 * carrying this run's token, which only the index page's forms know
 * (cs_practice_append_control_token()). */
static gboolean
control_request_allowed (CsPracticeOrg     *self,
                         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *fetch_site = soup_message_headers_get_one (headers, "Sec-Fetch-Site");
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  if (!host_is_ours (self, soup_message_headers_get_one (headers, "Host")))
    {
      reply_control_refused (msg, SOUP_STATUS_FORBIDDEN, "unknown host: use the org's own address");
      return FALSE;
    }
  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    return TRUE;

  if ((origin != NULL && (g_str_has_prefix (origin, "http://") ? !host_is_ours (self, origin + 7) : TRUE)) ||
      (fetch_site != NULL && !g_str_equal (fetch_site, "same-origin") && !g_str_equal (fetch_site, "none")))
    {
      reply_control_refused (msg, SOUP_STATUS_FORBIDDEN, "cross-site requests cannot change the practice org");
      return FALSE;
    }
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *body = cs_practice_request_body (msg);
      g_autoptr(GHashTable) form = cs_practice_form_decode (body);

      if (!cs_practice_secure_equal (g_hash_table_lookup (form, "token"), self->control_token))
        {
          reply_control_refused (msg, SOUP_STATUS_FORBIDDEN,
                                 "this form is not from the practice org's page: reload the page");
          return FALSE;
        }
      return TRUE;
    }
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      reply_control_refused (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                             "send application/json (or the index page's form)");
      return FALSE;
    }
  return TRUE;
}

void
cs_practice_append_control_token (CsPracticeOrg *self,
                                  GString       *out)
{
  g_string_append_printf (out, "<input type=\"hidden\" name=\"token\" value=\"%s\">",
                          self->control_token);
}

static gboolean
parse_bool (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "true") == 0 ||
                           g_str_equal (value, "1") || g_ascii_strcasecmp (value, "on") == 0);
}

static void
handle_faults_post (CsPracticeOrg     *self,
                    SoupServerMessage *msg)
{
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);
  g_autofree char *body = cs_practice_request_body (msg);
  g_autofree char *name = NULL;
  CsPracticeFault fault;
  gboolean on = FALSE;
  gboolean from_form = g_strcmp0 (content_type, "application/x-www-form-urlencoded") == 0;

  if (from_form)
    {
      g_autoptr(GHashTable) form = cs_practice_form_decode (body);

      name = g_strdup (g_hash_table_lookup (form, "fault"));
      on = parse_bool (g_hash_table_lookup (form, "on"));
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (json_parser_load_from_data (parser, body, -1, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *object = json_node_get_object (root);

          name = g_strdup (json_object_get_string_member_with_default (object, "fault", NULL));
          on = json_object_get_boolean_member_with_default (object, "on", FALSE);
        }
    }

  if (!cs_practice_fault_from_string (name, &fault))
    {
      GString *out = g_string_new (NULL);
      CsJsonWriter w;
      guint i;

      cs_json_writer_init (&w, out);
      cs_json_begin_object (&w);
      cs_json_kv_string (&w, "error", "unknown fault");
      cs_json_key (&w, "faults");
      cs_json_begin_array (&w);
      for (i = 0; i < CS_PRACTICE_N_FAULTS; i++)
        cs_json_string (&w, fault_names[i]);
      cs_json_end_array (&w);
      cs_json_end_object (&w);
      cs_practice_reply_json (msg, SOUP_STATUS_BAD_REQUEST, g_string_free (out, FALSE));
      return;
    }

  cs_practice_org_set_fault (self, fault, on);
  if (from_form)
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, "/_practice/");
      return;
    }
  cs_practice_reply_json (msg, SOUP_STATUS_OK, faults_json (self));
}

static void
handle_practice (CsPracticeOrg     *self,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);

  if (!control_request_allowed (self, msg))
    return;

  if (g_str_equal (path, "/_practice") || g_str_equal (path, "/_practice/"))
    cs_practice_reply_html (msg, SOUP_STATUS_OK, index_page (self));
  else if (cs_practice_controls_handle (self, msg, path))
    return;
  else if (g_str_equal (path, "/_practice/mailbox"))
    cs_practice_reply_json (msg, SOUP_STATUS_OK,
                            mailbox_json (self, query != NULL ? g_hash_table_lookup (query, "to") : NULL));
  else if (g_str_equal (path, "/_practice/faults") && g_str_equal (method, "POST"))
    handle_faults_post (self, msg);
  else if (g_str_equal (path, "/_practice/faults"))
    cs_practice_reply_json (msg, SOUP_STATUS_OK, faults_json (self));
  else if (g_str_equal (path, "/_practice/churn") && g_str_equal (method, "POST"))
    cs_practice_churn_handle_post (self, msg);
  else if (g_str_equal (path, "/_practice/latency") && g_str_equal (method, "POST"))
    {
      g_autofree char *body = cs_practice_request_body (msg);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (!g_str_equal (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                                               NULL), "application/json") ||
          !json_parser_load_from_data (parser, body, -1, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          cs_practice_reply_json (msg, SOUP_STATUS_BAD_REQUEST,
                                  g_strdup ("{\"error\":\"expected {\\\"latency_ms\\\": N}\"}"));
          return;
        }
      cs_practice_org_set_latency_ms (self, (guint) CLAMP (
        json_object_get_int_member_with_default (json_node_get_object (root), "latency_ms", 0),
        0, 60000));
      cs_practice_reply_json (msg, SOUP_STATUS_OK, faults_json (self));
    }
  else
    cs_practice_reply_json (msg, SOUP_STATUS_NOT_FOUND, g_strdup ("{\"error\":\"not found\"}"));
}

/* ---- latency -------------------------------------------------------------------------- */

/* Date: the org's own time (If-Modified-Since is compared with it), when
 * the answer leaves, as a real server stamps it. */
static void
stamp_date (CsPracticeOrg     *self,
            SoupServerMessage *msg)
{
  g_autofree char *date = cs_practice_http_date (cs_practice_schema_now (self->schema));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);
}

static void
delay_free (CsPracticeDelay *delay)
{
  g_clear_signal_handler (&delay->disconnected_id, delay->msg);
  g_source_destroy (delay->source);
  g_source_unref (delay->source);
  g_object_unref (delay->msg);
  g_free (delay);
}

static gboolean
delay_done (gpointer user_data)
{
  CsPracticeDelay *delay = user_data;
  SoupServerMessage *msg = g_object_ref (delay->msg);

  stamp_date (delay->self, msg);
  delay->self->delayed = g_list_remove (delay->self->delayed, delay);
  delay_free (delay);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
delay_disconnected (SoupServerMessage *msg,
                    gpointer           user_data)
{
  CsPracticeDelay *delay = user_data;

  /* The client went away: nothing left to send. */
  delay->self->delayed = g_list_remove (delay->self->delayed, delay);
  delay_free (delay);
}

static void
delay_response (CsPracticeOrg     *self,
                SoupServerMessage *msg)
{
  CsPracticeDelay *delay;

  if (self->latency_ms == 0)
    return;

  delay = g_new0 (CsPracticeDelay, 1);
  delay->self = self;
  delay->msg = g_object_ref (msg);
  delay->source = g_timeout_source_new (self->latency_ms);
  g_source_set_callback (delay->source, delay_done, delay, NULL);
  g_source_attach (delay->source, g_main_context_get_thread_default ());
  delay->disconnected_id = g_signal_connect (msg, "disconnected",
                                             G_CALLBACK (delay_disconnected), delay);
  self->delayed = g_list_prepend (self->delayed, delay);
  soup_server_message_pause (msg);
}

/* ---- routing -------------------------------------------------------------------------- */

static gboolean
path_is_under (const char *path,
               const char *prefix)
{
  gsize len = strlen (prefix);

  return strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* One entry per distinct path, bounded: a page can make the browser ask
 * for any number of made-up paths. Past the bound they only count in the
 * total. */
static void
count_request (CsPracticeOrg *self,
               const char    *path)
{
  g_autofree char *key = g_strndup (path, CS_PRACTICE_MAX_PATH_KEY);
  gpointer count;

  if (g_hash_table_lookup_extended (self->request_counts, key, NULL, &count) ||
      g_hash_table_size (self->request_counts) < CS_PRACTICE_MAX_COUNTED_PATHS)
    g_hash_table_insert (self->request_counts, g_steal_pointer (&key),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
  else
    self->uncounted_requests++;
}

static gsize
max_body_size (const char *path)
{
  while (path[0] == '/' && path[1] == '/')
    path++;
  return path_is_under (path, "/services/data") ? CS_PRACTICE_MAX_REST_BODY : CS_PRACTICE_MAX_FORM_BODY;
}

static void
refuse_body (SoupServerMessage *msg,
             const char        *path)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *message = g_strdup_printf ("The request body is larger than %" G_GSIZE_FORMAT
                                              " bytes.", max_body_size (path));

  /* What was read is dropped, and the rest is read into nothing. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  cs_practice_reply_json (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                          path_is_under (path, "/services/oauth2")
                          ? cs_practice_oauth_error ("invalid_request", message)
                          : cs_practice_rest_error ("REQUEST_ENTITY_TOO_LARGE", message));
}

/* Before the body is read: a declared length past the bound is refused
 * at once, and nothing of the body is kept. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (soup_server_message_get_status (msg) == 0 &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) max_body_size (path))
    refuse_body (msg, path);
}

/* A chunked body has no declared length: it is refused as soon as what
 * arrived passes the bound. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (soup_server_message_get_status (msg) == 0 && body->length > (goffset) max_body_size (path))
    refuse_body (msg, path);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  CsPracticeOrg *self = user_data;
  g_autoptr(GHashTable) valid_query = NULL;

  /* "//services/data/…" comes from joining an instance URL that ends in
   * "/"; Salesforce tolerates it. */
  while (path[0] == '/' && path[1] == '/')
    path++;
  count_request (self, path);
  if (g_utf8_validate (path, -1, NULL))
    g_debug ("%s %s", soup_server_message_get_method (msg), path);
  else
    {
      /* A hostile path may hold any bytes; logs and TAP want UTF-8. */
      g_autofree char *shown = g_utf8_make_valid (path, -1);

      g_debug ("%s %s", soup_server_message_get_method (msg), shown);
    }

  /* Parameters end up in HTML and JSON: make them valid UTF-8 once. */
  if (query != NULL)
    query = valid_query = cs_practice_form_make_valid (query);

  /* The control endpoints answer at once and never fail: a test must be
   * able to switch a fault off again. */
  if (path_is_under (path, "/_practice"))
    {
      handle_practice (self, msg, path, query);
      return;
    }

  stamp_date (self, msg);

  if (path_is_under (path, "/services/data"))
    cs_practice_rest_handle (self, msg, path, query);
  else if (!cs_practice_oauth_handle (self, msg, path, query))
    {
      if (g_str_equal (path, "/"))
        cs_practice_reply_redirect (msg, "/_practice/");
      else
        cs_practice_reply_html (msg, SOUP_STATUS_NOT_FOUND,
                                cs_practice_page_error ("Page Not Found", "NOT_FOUND",
                                                        "The requested page does not exist"));
    }

  delay_response (self, msg);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
cs_practice_org_dispose (GObject *object)
{
  CsPracticeOrg *self = CS_PRACTICE_ORG (object);

  cs_practice_org_disconnect (self);
  g_list_free_full (g_steal_pointer (&self->delayed), (GDestroyNotify) delay_free);
  g_clear_pointer (&self->churn, cs_practice_churn_free);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (cs_practice_org_parent_class)->dispose (object);
}

static void
cs_practice_org_finalize (GObject *object)
{
  CsPracticeOrg *self = CS_PRACTICE_ORG (object);

  g_free (self->url);
  g_free (self->consumer_key);
  g_free (self->consumer_secret);
  g_free (self->callback_url);
  g_free (self->org_id);
  g_free (self->control_token);
  g_free (self->org_name);
  g_clear_pointer (&self->schema, cs_practice_schema_free);
  g_clear_pointer (&self->data, cs_practice_data_free);
  g_hash_table_unref (self->request_counts);
  g_hash_table_unref (self->transactions);
  g_hash_table_unref (self->sessions);
  g_hash_table_unref (self->codes);
  g_hash_table_unref (self->refresh_tokens);
  g_hash_table_unref (self->rotated_tokens);
  g_hash_table_unref (self->access_tokens);
  g_ptr_array_unref (self->mailbox);
  g_hash_table_unref (self->cursors);
  g_queue_clear_full (&self->cursor_order, g_free);
  cs_practice_bulk_free (self->bulk);
  cs_practice_churn_free (self->churn);

  G_OBJECT_CLASS (cs_practice_org_parent_class)->finalize (object);
}

static void
cs_practice_org_class_init (CsPracticeOrgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_practice_org_dispose;
  object_class->finalize = cs_practice_org_finalize;
}

static void
cs_practice_org_init (CsPracticeOrg *self)
{
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->transactions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) cs_practice_txn_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cs_practice_code_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) cs_practice_grant_free);
  self->rotated_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) cs_practice_access_free);
  self->mailbox = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_practice_mail_free);
  self->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) cs_practice_cursor_free);
  g_queue_init (&self->cursor_order);
  self->callback_url = g_strdup ("https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect");
}

CsPracticeOrg *
cs_practice_org_new (guint n_leads)
{
  CsPracticeOrg *self = g_object_new (CS_TYPE_PRACTICE_ORG, NULL);
  /* Consumer keys look like "3MVG9…", 85 characters of base-64-ish text. */
  g_autofree char *key_tail = cs_practice_random_string (CS_PRACTICE_ALNUM "._", 80);

  self->consumer_key = g_strconcat ("3MVG9", key_tail, NULL);
  self->consumer_secret = cs_practice_random_string ("0123456789ABCDEF", 64);
  self->org_id = cs_practice_make_id ("00D", G_GUINT64_CONSTANT (3100001));
  self->org_name = g_strdup (CS_PRACTICE_ORG_NAME);
  self->control_token = cs_practice_random_string (CS_PRACTICE_ALNUM, 32);
  self->schema = cs_practice_schema_new ();
  cs_practice_seed_schema (self->schema);
  self->data = cs_practice_data_new (n_leads);
  cs_practice_data_set_organization (self->data, self->org_id, self->org_name);
  self->bulk = cs_practice_bulk_new ();
  return self;
}

gboolean
cs_practice_org_listen (CsPracticeOrg  *self,
                        guint           port,
                        GError        **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->server == NULL)
    {
      self->server = soup_server_new ("server-header", "CrmSyncPracticeOrg", NULL);
      soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
      g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), NULL);
    }

  /* Loopback only: the practice org hands out passwords and secrets. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!soup_server_listen (self->server, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  g_free (self->url);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  cs_practice_schema_set_instance_url (self->schema, self->url);
  return TRUE;
}

void
cs_practice_org_accept_stream (CsPracticeOrg *self,
                               GIOStream     *stream)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_return_if_fail (self->server != NULL && self->url != NULL);

  uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  local = g_inet_socket_address_new (loopback, (guint16) g_uri_get_port (uri));
  remote = g_inet_socket_address_new (loopback, 1);
  if (!soup_server_accept_iostream (self->server, stream, local, remote, &error))
    g_warning ("Practice org: cannot take a stream: %s", error->message);
}

void
cs_practice_org_disconnect (CsPracticeOrg *self)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  if (self->server != NULL)
    soup_server_disconnect (self->server);
}

const char *
cs_practice_org_get_url (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return self->url;
}

const char *
cs_practice_org_get_consumer_key (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return self->consumer_key;
}

const char *
cs_practice_org_get_consumer_secret (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return self->consumer_secret;
}

const char *
cs_practice_org_get_callback_url (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return self->callback_url;
}

void
cs_practice_org_set_callback_url (CsPracticeOrg *self,
                                  const char    *callback_url)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_return_if_fail (callback_url != NULL);

  g_free (self->callback_url);
  self->callback_url = g_strdup (callback_url);
}

const char *
cs_practice_org_get_org_id (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return self->org_id;
}

const char *
cs_practice_org_get_org_name (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return self->org_name;
}

const char *
cs_practice_org_get_sync_username (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return cs_practice_org_get_user (self, CS_PRACTICE_ROLE_SYNC)->username;
}

const char *
cs_practice_org_get_sync_password (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return cs_practice_org_get_user (self, CS_PRACTICE_ROLE_SYNC)->password;
}

const char *
cs_practice_org_get_sync_user_id (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return cs_practice_org_get_user (self, CS_PRACTICE_ROLE_SYNC)->id;
}

const char *
cs_practice_org_get_admin_username (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return cs_practice_org_get_user (self, CS_PRACTICE_ROLE_ADMIN)->username;
}

const char *
cs_practice_org_get_admin_password (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return cs_practice_org_get_user (self, CS_PRACTICE_ROLE_ADMIN)->password;
}

const char *
cs_practice_org_get_admin_user_id (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  return cs_practice_org_get_user (self, CS_PRACTICE_ROLE_ADMIN)->id;
}

char *
cs_practice_org_to_json (CsPracticeOrg *self)
{
  GString *out = g_string_new (NULL);
  GPtrArray *users;
  g_autofree char *mailbox_url = NULL;
  g_autofree char *index_url = NULL;
  CsJsonWriter w;
  guint i;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);

  users = cs_practice_data_get_users (self->data);
  if (self->url != NULL)
    {
      mailbox_url = g_strdup_printf ("%s/_practice/mailbox", self->url);
      index_url = g_strdup_printf ("%s/_practice/", self->url);
    }

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "url", self->url);
  cs_json_kv_string (&w, "consumer_key", self->consumer_key);
  cs_json_kv_string (&w, "consumer_secret", self->consumer_secret);
  cs_json_kv_string (&w, "callback_url", self->callback_url);
  cs_json_key (&w, "users");
  cs_json_begin_array (&w);
  /* Users come in seed order: the sync user first. */
  for (i = 0; i < users->len; i++)
    {
      CsPracticeUser *user = g_ptr_array_index (users, i);

      if (user->password == NULL)
        continue;
      cs_json_begin_object (&w);
      cs_json_kv_string (&w, "username", user->username);
      cs_json_kv_string (&w, "password", user->password);
      cs_json_kv_string (&w, "role", user->role == CS_PRACTICE_ROLE_SYNC ? "sync" : "admin");
      cs_json_end_object (&w);
    }
  cs_json_end_array (&w);
  cs_json_kv_string (&w, "mailbox_url", mailbox_url);
  cs_json_kv_string (&w, "index_url", index_url);
  cs_json_kv_string (&w, "org_id", self->org_id);
  cs_json_kv_string (&w, "org_name", self->org_name);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

void
cs_practice_org_set_clock_offset (CsPracticeOrg *self,
                                  gint64         seconds)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  self->schema->clock_offset = seconds;
}

void
cs_practice_org_set_latency_ms (CsPracticeOrg *self,
                                guint          latency_ms)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  self->latency_ms = latency_ms;
}

void
cs_practice_org_set_fault (CsPracticeOrg   *self,
                           CsPracticeFault  fault,
                           gboolean         on)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_return_if_fail (fault < CS_PRACTICE_N_FAULTS);

  self->faults[fault] = on;

  /* A session timeout: every access token issued so far stops working,
   * those issued afterwards (after a refresh) work again. */
  if (fault == CS_PRACTICE_FAULT_SESSION_EXPIRED && on)
    self->expired_before = self->next_token_serial;
}

gboolean
cs_practice_org_get_fault (CsPracticeOrg   *self,
                           CsPracticeFault  fault)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);
  g_return_val_if_fail (fault < CS_PRACTICE_N_FAULTS, FALSE);
  return self->faults[fault];
}

char *
cs_practice_org_get_last_code (CsPracticeOrg *self,
                               const char    *username)
{
  guint i;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  for (i = self->mailbox->len; i > 0; i--)
    {
      CsPracticeMail *mail = g_ptr_array_index (self->mailbox, i - 1);

      if (g_ascii_strcasecmp (mail->to, username) == 0)
        return g_strdup (mail->code);
    }
  return NULL;
}

guint
cs_practice_org_get_request_count (CsPracticeOrg *self,
                                   const char    *path_prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), 0);

  g_hash_table_iter_init (&iter, self->request_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (path_prefix == NULL || g_str_has_prefix (key, path_prefix))
      total += GPOINTER_TO_UINT (value);
  if (path_prefix == NULL)
    total += self->uncounted_requests;
  return total;
}

void
cs_practice_org_reset_request_counts (CsPracticeOrg *self)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_hash_table_remove_all (self->request_counts);
  self->uncounted_requests = 0;
}

gboolean
cs_practice_org_is_refresh_token_valid (CsPracticeOrg *self,
                                        const char    *refresh_token)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  return refresh_token != NULL && g_hash_table_contains (self->refresh_tokens, refresh_token);
}

gboolean
cs_practice_org_is_access_token_valid (CsPracticeOrg *self,
                                       const char    *access_token)
{
  CsPracticeAccess *access;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  if (access_token == NULL)
    return FALSE;
  access = g_hash_table_lookup (self->access_tokens, access_token);
  return access != NULL && access->serial >= self->expired_before;
}

/* ---- schema edits ------------------------------------------------------------------------ */

static CsPracticeObject *
lookup_object (CsPracticeOrg *self,
               const char    *object_name)
{
  CsPracticeObject *object = cs_practice_schema_lookup (self->schema, object_name);

  if (object == NULL)
    g_critical ("Practice org: no object named “%s”", object_name);
  return object;
}

static CsPracticeField *
lookup_field (CsPracticeOrg     *self,
              const char        *object_name,
              const char        *field_name,
              CsPracticeObject **object_out)
{
  CsPracticeObject *object = lookup_object (self, object_name);
  CsPracticeField *field;

  if (object == NULL)
    return NULL;
  field = cs_practice_object_lookup_field (object, field_name);
  if (field == NULL)
    g_critical ("Practice org: no field named “%s” on %s", field_name, object->name);
  *object_out = object;
  return field;
}

void
cs_practice_org_set_field_visible (CsPracticeOrg *self,
                                   const char    *object_name,
                                   const char    *field_name,
                                   gboolean       visible_to_sync_user)
{
  CsPracticeObject *object = NULL;
  CsPracticeField *field;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  field = lookup_field (self, object_name, field_name, &object);
  if (field == NULL)
    return;
  field->visible_to_sync = visible_to_sync_user;
  cs_practice_schema_touch (self->schema, object);
}

void
cs_practice_org_set_object_permission (CsPracticeOrg *self,
                                       const char    *object_name,
                                       const char    *permission,
                                       gboolean       granted)
{
  CsPracticeObject *object;
  guint bit;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_return_if_fail (permission != NULL);

  if (g_ascii_strcasecmp (permission, "read") == 0)
    bit = CS_PERM_READ;
  else if (g_ascii_strcasecmp (permission, "create") == 0)
    bit = CS_PERM_CREATE;
  else if (g_ascii_strcasecmp (permission, "edit") == 0)
    bit = CS_PERM_EDIT;
  else if (g_ascii_strcasecmp (permission, "delete") == 0)
    bit = CS_PERM_DELETE;
  else
    {
      g_critical ("Practice org: unknown permission “%s” (read, create, edit, delete)", permission);
      return;
    }

  object = lookup_object (self, object_name);
  if (object == NULL)
    return;
  if (granted)
    object->sync_permissions |= bit;
  else
    object->sync_permissions &= ~bit;
  cs_practice_schema_touch (self->schema, object);
}

void
cs_practice_org_add_custom_field (CsPracticeOrg *self,
                                  const char    *object_name,
                                  const char    *field_name,
                                  const char    *label,
                                  const char    *type,
                                  guint          length)
{
  CsPracticeObject *object;
  CsPracticeField *field;
  CsFieldType field_type;
  guint size = length;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_return_if_fail (field_name != NULL && label != NULL && type != NULL);

  if (!cs_field_type_from_string (type, &field_type))
    {
      g_critical ("Practice org: unknown field type “%s”", type);
      return;
    }
  object = lookup_object (self, object_name);
  if (object == NULL)
    return;
  if (cs_practice_object_lookup_field (object, field_name) != NULL)
    {
      g_critical ("Practice org: %s already has a field “%s”", object->name, field_name);
      return;
    }

  field = cs_practice_field_new (field_name, label, field_type,
                                 field_type == CS_FT_BOOLEAN
                                 ? CS_FF_CREATEABLE | CS_FF_UPDATEABLE | CS_FF_DEFAULTED
                                 : CS_FF_NILLABLE | CS_FF_CREATEABLE | CS_FF_UPDATEABLE);
  if (size == 0 && cs_field_type_is_text (field_type))
    size = 255;
  if (size == 0 && cs_field_type_is_number (field_type))
    size = 18;
  cs_practice_field_set_size (field, size, 0);
  cs_practice_object_add_field (object, field);
  cs_practice_schema_touch (self->schema, object);
}

void
cs_practice_org_remove_field (CsPracticeOrg *self,
                              const char    *object_name,
                              const char    *field_name)
{
  CsPracticeObject *object = NULL;
  CsPracticeField *field;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  field = lookup_field (self, object_name, field_name, &object);
  if (field == NULL)
    return;
  cs_practice_object_remove_field (object, field);
  cs_practice_schema_touch (self->schema, object);
}

void
cs_practice_org_set_field_type (CsPracticeOrg *self,
                                const char    *object_name,
                                const char    *field_name,
                                const char    *type)
{
  CsPracticeObject *object = NULL;
  CsPracticeField *field;
  CsFieldType field_type;
  guint size;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_return_if_fail (type != NULL);

  if (!cs_field_type_from_string (type, &field_type))
    {
      g_critical ("Practice org: unknown field type “%s”", type);
      return;
    }
  field = lookup_field (self, object_name, field_name, &object);
  if (field == NULL)
    return;

  /* Keep the size when it still makes sense for the new type. */
  size = field->length != 0 ? field->length : field->precision;
  field->type = field_type;
  if (size == 0 && cs_field_type_is_text (field_type))
    size = 255;
  if (size == 0 && cs_field_type_is_number (field_type))
    size = 18;
  cs_practice_field_set_size (field, size, field->scale);
  if (field_type != CS_FT_PICKLIST && field_type != CS_FT_MULTIPICKLIST &&
      field_type != CS_FT_COMBOBOX)
    field->picklist = NULL;
  cs_practice_schema_touch (self->schema, object);
}

void
cs_practice_org_set_field_label (CsPracticeOrg *self,
                                 const char    *object_name,
                                 const char    *field_name,
                                 const char    *label)
{
  CsPracticeObject *object = NULL;
  CsPracticeField *field;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  g_return_if_fail (label != NULL);

  field = lookup_field (self, object_name, field_name, &object);
  if (field == NULL)
    return;
  g_free (field->label);
  field->label = g_strdup (label);
  cs_practice_schema_touch (self->schema, object);
}

void
cs_practice_org_add_generated_objects (CsPracticeOrg *self,
                                       guint          n_objects,
                                       guint          n_fields)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));
  cs_practice_seed_generated_objects (self->schema, n_objects, n_fields);
}

guint
cs_practice_org_get_api_usage (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), 0);
  return self->api_usage;
}
