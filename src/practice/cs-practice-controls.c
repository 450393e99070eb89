/* cs-practice-controls.c: the practice org's admin controls, the changes
 * an admin makes in Salesforce Setup that end a connection's refresh
 * token: revoke a user's tokens, reset a password, the app's refresh-token
 * expiry policy, a new consumer secret. The same controls answer on
 * /_practice/ (forms and JSON) and as lines on crm-sync-practice-org's
 * standard input (cs_practice_org_run_control()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-util.h"

/* ---- the controls -------------------------------------------------------------------- */

static gboolean
grant_of_user (gpointer key,
               gpointer value,
               gpointer user_data)
{
  return ((CsPracticeGrant *) value)->user == user_data;
}

static gboolean
access_of_user (gpointer key,
                gpointer value,
                gpointer user_data)
{
  return ((CsPracticeAccess *) value)->user == user_data;
}

/* Every token of @user goes; returns the number of refresh tokens. */
static guint
revoke_tokens_of (CsPracticeOrg  *self,
                  CsPracticeUser *user)
{
  g_hash_table_foreach_remove (self->access_tokens, access_of_user, user);
  return g_hash_table_foreach_remove (self->refresh_tokens, grant_of_user, user);
}

/* Only users who can log in are targets of these controls. */
static CsPracticeUser *
find_login_user (CsPracticeOrg *self,
                 const char    *username)
{
  CsPracticeUser *user;

  if (username == NULL)
    return NULL;
  user = cs_practice_data_find_user (self->data, username);
  return user != NULL && user->password != NULL ? user : NULL;
}

gboolean
cs_practice_org_revoke_user_tokens (CsPracticeOrg *self,
                                    const char    *username,
                                    guint         *n_revoked)
{
  CsPracticeUser *user;
  guint revoked;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  user = find_login_user (self, username);
  if (user == NULL)
    return FALSE;
  revoked = revoke_tokens_of (self, user);
  if (n_revoked != NULL)
    *n_revoked = revoked;
  return TRUE;
}

gboolean
cs_practice_org_reset_password (CsPracticeOrg *self,
                                const char    *username,
                                const char    *new_password,
                                guint         *n_revoked)
{
  CsPracticeUser *user;
  guint revoked;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  user = find_login_user (self, username);
  if (user == NULL || new_password == NULL || *new_password == '\0')
    return FALSE;

  g_free (user->password);
  user->password = g_strdup (new_password);
  /* As on Salesforce: a new password ends the user's OAuth grants. */
  revoked = revoke_tokens_of (self, user);
  if (n_revoked != NULL)
    *n_revoked = revoked;
  return TRUE;
}

void
cs_practice_org_set_refresh_token_expiry (CsPracticeOrg *self,
                                          guint          seconds)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  self->refresh_token_expiry_s = seconds;
}

guint
cs_practice_org_get_refresh_token_expiry (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), 0);

  return self->refresh_token_expiry_s;
}

gboolean
cs_practice_grant_is_expired (CsPracticeOrg   *self,
                              CsPracticeGrant *grant)
{
  return self->refresh_token_expiry_s > 0 &&
         g_get_monotonic_time () - grant->issued_us >= (gint64) self->refresh_token_expiry_s * G_USEC_PER_SEC;
}

const char *
cs_practice_org_rotate_consumer_secret (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);

  g_free (self->consumer_secret);
  self->consumer_secret = cs_practice_random_string ("0123456789ABCDEF", 64);
  return self->consumer_secret;
}

gboolean
cs_practice_org_set_org_id (CsPracticeOrg *self,
                            const char    *org_id)
{
  gsize length;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  length = org_id != NULL ? strlen (org_id) : 0;
  if ((length != 15 && length != 18) || !g_str_has_prefix (org_id, "00D"))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (org_id[i]))
      return FALSE;

  g_free (self->org_id);
  self->org_id = length == 15 ? cs_practice_id_to_18 (org_id) : g_strdup (org_id);
  cs_practice_data_set_organization (self->data, self->org_id, self->org_name);
  return TRUE;
}

gboolean
cs_practice_org_set_org_name (CsPracticeOrg *self,
                              const char    *name)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  if (name == NULL || *name == '\0' || strlen (name) > 80 || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  g_free (self->org_name);
  self->org_name = g_strdup (name);
  cs_practice_data_set_organization (self->data, self->org_id, self->org_name);
  return TRUE;
}

/* ---- one command, from a line or a request ------------------------------------------ */

static char *
answer_error (const char *command,
              const char *message)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_bool (&w, "ok", FALSE);
  cs_json_kv_string (&w, "command", command);
  cs_json_kv_string (&w, "error", message);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

/* Runs @command with its arguments; *ok says whether it did. */
static char *
run_command (CsPracticeOrg *self,
             const char    *command,
             const char    *username,
             const char    *password,
             const char    *seconds,
             gboolean      *ok)
{
  GString *out = NULL;
  CsJsonWriter w;
  guint revoked = 0;
  guint64 value = 0;
  const char *secret = NULL;

  *ok = FALSE;
  if (g_strcmp0 (command, "revoke-tokens") == 0)
    {
      if (!cs_practice_org_revoke_user_tokens (self, username, &revoked))
        return answer_error (command, "no user who can log in has this username");
    }
  else if (g_strcmp0 (command, "reset-password") == 0)
    {
      if (password == NULL || *password == '\0')
        return answer_error (command, "usage: reset-password USERNAME NEWPASSWORD");
      if (!cs_practice_org_reset_password (self, username, password, &revoked))
        return answer_error (command, "no user who can log in has this username");
    }
  else if (g_strcmp0 (command, "rotate-secret") == 0)
    secret = cs_practice_org_rotate_consumer_secret (self);
  else if (g_strcmp0 (command, "refresh-token-expiry") == 0)
    {
      if (seconds == NULL ||
          !g_ascii_string_to_unsigned (seconds, 10, 0, G_MAXUINT, &value, NULL))
        return answer_error (command, "usage: refresh-token-expiry SECONDS (0: valid until revoked)");
      cs_practice_org_set_refresh_token_expiry (self, (guint) value);
    }
  else
    return answer_error (command, "unknown command; the controls are revoke-tokens USERNAME, "
                                  "reset-password USERNAME NEWPASSWORD, rotate-secret, "
                                  "refresh-token-expiry SECONDS, fix PERMISSION OBJECT [FIELD]");

  *ok = TRUE;
  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_bool (&w, "ok", TRUE);
  cs_json_kv_string (&w, "command", command);
  if (secret != NULL)
    cs_json_kv_string (&w, "consumer_secret", secret);
  else if (g_str_equal (command, "refresh-token-expiry"))
    cs_json_kv_int (&w, "seconds", (gint64) value);
  else
    {
      cs_json_kv_string (&w, "username", username);
      cs_json_kv_int (&w, "revoked", revoked);
    }
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

/* "fix PERMISSION OBJECT [FIELD]": the change in the sync user's profile
 * an access check's finding asks for, as the wizard's Fix button makes it
 * (read, create, edit, delete on an object; visible on a field). */
static char *
run_fix (CsPracticeOrg *self,
         const char    *permission,
         const char    *object,
         const char    *field)
{
  static const char * const object_permissions[] = { "read", "create", "edit", "delete" };
  GString *out;
  CsJsonWriter w;
  gboolean known = FALSE;

  if (permission == NULL || object == NULL)
    return answer_error ("fix", "usage: fix read|create|edit|delete OBJECT, or fix visible OBJECT FIELD");
  if (g_str_equal (permission, "visible"))
    {
      if (field == NULL)
        return answer_error ("fix", "usage: fix visible OBJECT FIELD");
      cs_practice_org_set_field_visible (self, object, field, TRUE);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (object_permissions); i++)
        known |= g_str_equal (permission, object_permissions[i]);
      if (!known || field != NULL)
        return answer_error ("fix", "usage: fix read|create|edit|delete OBJECT, or fix visible OBJECT FIELD");
      cs_practice_org_set_object_permission (self, object, permission, TRUE);
    }

  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_bool (&w, "ok", TRUE);
  cs_json_kv_string (&w, "command", "fix");
  cs_json_kv_string (&w, "permission", permission);
  cs_json_kv_string (&w, "object", object);
  if (field != NULL)
    cs_json_kv_string (&w, "field", field);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}

char *
cs_practice_org_run_control (CsPracticeOrg *self,
                             const char    *line)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  const char *password = NULL;
  gboolean ok;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);
  g_return_val_if_fail (line != NULL, NULL);

  text = g_strstrip (g_strdup (line));
  if (g_str_has_prefix (text, "fix ") || g_str_equal (text, "fix"))
    {
      g_auto(GStrv) fix = g_strsplit_set (text, " \t", 0);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      for (guint i = 1; fix[i] != NULL; i++)
        if (*fix[i] != '\0')
          g_ptr_array_add (args, fix[i]);
      if (args->len > 3)
        return answer_error ("fix", "usage: fix read|create|edit|delete OBJECT, or fix visible OBJECT FIELD");
      g_ptr_array_add (args, NULL);
      g_ptr_array_add (args, NULL);
      g_ptr_array_add (args, NULL);
      return run_fix (self, args->pdata[0], args->pdata[1], args->pdata[2]);
    }
  words = g_strsplit_set (text, " \t", 3);
  /* A password is the rest of the line, spaces and all. */
  if (words[0] != NULL && words[1] != NULL && words[2] != NULL)
    password = g_strstrip (words[2]);
  return run_command (self, words[0], words[1], password, words[1], &ok);
}

/* ---- /_practice/ -------------------------------------------------------------------------- */

static const char * const http_commands[] = {
  "revoke-tokens", "reset-password", "rotate-secret", "refresh-token-expiry",
};

/* The request's parameters, from a form or a JSON object. */
static GHashTable *
request_params (SoupServerMessage *msg,
                gboolean          *from_form)
{
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);
  g_autofree char *body = cs_practice_request_body (msg);
  g_autoptr(JsonParser) parser = NULL;
  GHashTable *params;
  JsonNode *root;

  *from_form = g_strcmp0 (content_type, "application/x-www-form-urlencoded") == 0;
  if (*from_form)
    return cs_practice_form_decode (body);

  params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, body, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (object, l->data);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_hash_table_insert (params, g_strdup (l->data), g_strdup (json_node_get_string (node)));
          else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            g_hash_table_insert (params, g_strdup (l->data),
                                 g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node)));
        }
    }
  return params;
}

gboolean
cs_practice_controls_handle (CsPracticeOrg     *self,
                             SoupServerMessage *msg,
                             const char        *path)
{
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *answer = NULL;
  const char *command = NULL;
  gboolean from_form;
  gboolean ok;

  if (!g_str_has_prefix (path, "/_practice/"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (http_commands); i++)
    if (g_str_equal (path + strlen ("/_practice/"), http_commands[i]))
      command = http_commands[i];
  if (command == NULL)
    return FALSE;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      cs_practice_reply_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                              answer_error (command, "use POST"));
      return TRUE;
    }

  params = request_params (msg, &from_form);
  answer = run_command (self, command, g_hash_table_lookup (params, "username"),
                        g_hash_table_lookup (params, "password"),
                        g_hash_table_lookup (params, "seconds"), &ok);
  if (from_form && ok)
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, "/_practice/");
      return TRUE;
    }
  cs_practice_reply_json (msg, ok ? SOUP_STATUS_OK : SOUP_STATUS_BAD_REQUEST, g_steal_pointer (&answer));
  return TRUE;
}

void
cs_practice_controls_append_html (CsPracticeOrg *self,
                                  GString       *out)
{
  GPtrArray *users = cs_practice_data_get_users (self->data);
  g_autoptr(GString) token = g_string_new (NULL);

  /* Every form carries the run's token: the controls refuse forms without. */
  cs_practice_append_control_token (self, token);
  g_string_append (out, "<h2>Admin controls</h2>\n<p>What an admin does in Salesforce Setup that "
                   "ends a connection’s authorization, to rehearse a re-authorization.</p>\n"
                   "<table id=\"controls\">\n");
  for (guint i = 0; i < users->len; i++)
    {
      CsPracticeUser *user = g_ptr_array_index (users, i);
      g_autofree char *username = NULL;

      if (user->password == NULL)
        continue;
      username = g_markup_escape_text (user->username, -1);
      g_string_append_printf (out,
                              "<tr><td><code>%s</code></td><td>"
                              "<form method=\"post\" action=\"/_practice/revoke-tokens\">%s"
                              "<input type=\"hidden\" name=\"username\" value=\"%s\">"
                              "<input type=\"submit\" class=\"secondary\" value=\"Revoke all tokens\">"
                              "</form></td><td>"
                              "<form method=\"post\" action=\"/_practice/reset-password\">%s"
                              "<input type=\"hidden\" name=\"username\" value=\"%s\">"
                              "<input type=\"text\" name=\"password\" required aria-label=\"New password\" "
                              "placeholder=\"New password\">"
                              "<input type=\"submit\" class=\"secondary\" value=\"Reset password\">"
                              "</form></td></tr>\n",
                              username, token->str, username, token->str, username);
    }
  g_string_append_printf (out,
                          "</table>\n<table>\n<tr><td>Consumer secret</td><td>"
                          "<form method=\"post\" action=\"/_practice/rotate-secret\">%s"
                          "<input type=\"submit\" class=\"secondary\" id=\"rotate-secret\" "
                          "value=\"Rotate the consumer secret\"></form></td></tr>\n"
                          "<tr><td>Refresh tokens expire after (seconds, 0: valid until revoked)</td><td>"
                          "<form method=\"post\" action=\"/_practice/refresh-token-expiry\">%s"
                          "<input type=\"number\" name=\"seconds\" min=\"0\" value=\"%u\" "
                          "aria-label=\"Seconds\">"
                          "<input type=\"submit\" class=\"secondary\" value=\"Set policy\">"
                          "</form></td></tr>\n</table>\n",
                          token->str, token->str, self->refresh_token_expiry_s);
}
