/* cs-cli-login.c: crm-sync connect, reauthorize and replace-secret, for
 * machines without a desktop (over SSH): the login happens in any browser,
 * the address it ends on is pasted back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include <glib/gi18n.h>

#include "cs-cli.h"
#include "cs-string-util.h"

/* Prints the authorize address (a line of its own that starts with http,
 * after a line that says what to do), reads back the address the browser
 * ended on and completes the login. */
static CsLoginResult *
run_login (CsLogin  *login,
           GError  **error)
{
  CsOAuthRequest *request = cs_login_begin (login);
  g_autofree char *authorize_uri = cs_oauth_request_build_authorize_uri (request);
  g_autofree char *callback_host = cs_uri_dup_display_host (cs_login_get_redirect_uri (login));
  g_autoptr(CsSecretString) callback = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* Translators: %s is a host such as app.marketo.com */
  g_printerr (_("Open the address below in a browser, log in as the sync user and click Allow. The "
                "browser then ends on an error page from %s: copy the whole address from its "
                "address bar and paste it here.\n"),
              callback_host != NULL ? callback_host : "?");
  g_printerr ("%s\n", authorize_uri);

  callback = cs_cli_read_line (_("Address the browser ended on: "),
                               _("the address the browser ended on"), FALSE, error);
  if (callback == NULL)
    return NULL;

  cs_login_complete_async (login, g_strstrip (callback), NULL, cs_cli_store_result, &result);
  return cs_login_complete_finish (login, cs_cli_wait (&result), error);
}

static void
warn_about_user (const CsLoginResult *login,
                 const char          *expected_username)
{
  g_autofree char *message = NULL;

  if (login->other_user)
    {
      /* Translators: first %s is the username logged in as, second the sync user's */
      message = g_strdup_printf (_("you logged in as %s, not as the sync user %s: the connection now "
                                   "works as %s."),
                                 cs_identity_get_username (login->identity), expected_username,
                                 cs_identity_get_username (login->identity));
      cs_cli_warn (message);
      g_clear_pointer (&message, g_free);
    }
  if (cs_identity_get_is_admin (login->identity))
    {
      /* Translators: %s is a Salesforce username */
      message = g_strdup_printf (_("%s is an administrator (“Modify All Data”). A dedicated sync "
                                   "user with only the access the sync needs is safer."),
                                 cs_identity_get_username (login->identity));
      cs_cli_warn (message);
    }
}

static void
print_connection (const CsConnection *connection,
                  const char         *text)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!cs_cli_options.json)
    {
      g_printerr ("%s\n", text);
      g_print ("%s\n", cs_connection_get_display_name (connection));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  cs_cli_builder_add_connection (builder, connection);
  json_builder_end_object (builder);
  cs_cli_print_json (builder);
}

static void
warn_old_token (CsRevokeOutcome outcome)
{
  if (outcome == CS_REVOKE_FAILED)
    cs_cli_warn (_("the refresh token this login replaces could not be revoked at Salesforce. Revoke "
                   "it in Setup → Connected Apps OAuth Usage."));
}

/* ---- connect ------------------------------------------------------------------------- */

/* The new connection could not be stored: nothing of it may stay behind,
 * least of all a live token nobody holds. */
static void
undo_connect (CsConnectionVault   *vault,
              CsLogin             *login,
              const CsLoginResult *result,
              const CsConnection  *connection)
{
  g_autoptr(GAsyncResult) discarded = NULL;
  g_autoptr(GAsyncResult) forgotten = NULL;

  cs_login_discard_tokens_async (cs_login_get_oauth_client (login), result->tokens,
                                 cs_cli_store_result, &discarded);
  (void) cs_login_discard_tokens_finish (cs_cli_wait (&discarded), NULL);
  if (connection->id == NULL)
    return;
  cs_connection_vault_forget_async (vault, connection->id, CS_FORGET_FORCE, NULL,
                                    cs_cli_store_result, &forgotten);
  (void) cs_connection_vault_forget_finish (vault, cs_cli_wait (&forgotten), NULL, NULL, NULL);
}

static gboolean
check_connect_options (CsConnectionVault  *vault,
                       char              **login_host,
                       GError            **error)
{
  g_autoptr(CsConnection) existing = NULL;

  if (cs_cli_options.login_url == NULL || cs_cli_options.consumer_key == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("“crm-sync connect” needs --login-url and --consumer-key; the consumer "
                             "secret comes from standard input."));
      return FALSE;
    }
  if (cs_cli_options.name != NULL && !cs_connection_name_is_valid (cs_cli_options.name))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("“%s” cannot name a connection: use up to 64 letters, digits and . _ @ + -, "
                     "starting with a letter or a digit."), cs_cli_options.name);
      return FALSE;
    }
  if (cs_cli_options.name != NULL &&
      (existing = cs_connection_store_find (cs_connection_vault_get_store (vault),
                                            cs_cli_options.name, error)) != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("Another connection is already named “%s”. Choose another name."),
                   cs_cli_options.name);
      return FALSE;
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  *login_host = cs_login_host_normalize (cs_cli_options.login_url, error);
  return *login_host != NULL;
}

int
cs_cli_command_connect (void)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsLogin) login = NULL;
  g_autoptr(CsLoginResult) result = NULL;
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsConnection) stored = NULL;
  g_autoptr(GAsyncResult) created = NULL;
  g_autoptr(GAsyncResult) kept = NULL;
  g_autoptr(CsSecretString) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login_host = NULL;
  g_autofree char *text = NULL;
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL)
    return status;
  if (!check_connect_options (vault, &login_host, &error))
    {
      cs_cli_report_error (error);
      return CS_EXIT_USAGE;
    }

  secret = cs_cli_read_line (_("Consumer secret: "), _("the consumer secret"), TRUE, &error);
  if (secret == NULL)
    return cs_cli_report_error (error);
  g_strstrip (secret);

  oauth = cs_oauth_client_new (login_host, cs_cli_options.consumer_key, secret);
  login = cs_login_new (oauth, NULL);
  cs_login_set_use_pkce (login, !cs_cli_options.no_pkce);
  result = run_login (login, &error);
  if (result == NULL)
    return cs_cli_report_error (error);

  connection = cs_connection_new (login_host, cs_environment_to_string (cs_login_host_get_environment (login_host)));
  connection->name = g_strdup (cs_cli_options.name);
  cs_connection_vault_create_async (vault, connection, cs_cli_options.consumer_key, secret, NULL,
                                    cs_cli_store_result, &created);
  if (cs_connection_vault_create_finish (vault, cs_cli_wait (&created), &error))
    {
      cs_connection_vault_store_login_async (vault, connection, cs_cli_options.consumer_key, secret,
                                             result, NULL, cs_cli_store_result, &kept);
      stored = cs_connection_vault_store_login_finish (vault, cs_cli_wait (&kept), NULL, &error);
    }
  if (stored == NULL)
    {
      undo_connect (vault, login, result, connection);
      g_prefix_error_literal (&error, _("The login worked, but the connection could not be stored, "
                                        "so it was undone: "));
      return cs_cli_report_error (error);
    }

  warn_about_user (result, NULL);
  /* Translators: "Logged in as NAME (USERNAME) in org ORGID; the connection is named NAME." */
  text = g_strdup_printf (_("Logged in as %s (%s) in org %s; the connection is named %s."),
                          cs_identity_get_display_name (result->identity),
                          cs_identity_get_username (result->identity),
                          cs_identity_get_org_id (result->identity),
                          cs_connection_get_display_name (stored));
  print_connection (stored, text);
  return CS_EXIT_OK;
}

/* ---- reauthorize ------------------------------------------------------------------------ */

/* The consumer key and secret to log in with: --consumer-key and a secret
 * from standard input (a new app, a rotated secret), or the stored ones. */
static gboolean
consumer_for (CsConnectionVault   *vault,
              const CsConnection  *connection,
              char               **key,
              char               **secret,
              GError             **error)
{
  if (cs_cli_options.consumer_key != NULL)
    {
      *secret = cs_cli_read_line (_("Consumer secret: "), _("the consumer secret"), TRUE, error);
      if (*secret == NULL)
        return FALSE;
      g_strstrip (*secret);
      *key = g_strdup (cs_cli_options.consumer_key);
      return TRUE;
    }

  *key = cs_cli_reveal (vault, connection->id, CS_SECRET_KIND_CONSUMER_KEY, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  *secret = cs_cli_reveal (vault, connection->id, CS_SECRET_KIND_CONSUMER_SECRET, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (*key == NULL || *secret == NULL)
    {
      /* Translators: %s is a connection's name */
      g_set_error (error, CS_ERROR, CS_ERROR_SECRET_MISSING,
                   _("The keyring no longer holds the consumer key and secret of connection “%s”. "
                     "Give them again: “crm-sync reauthorize %s --consumer-key KEY”, with the "
                     "consumer secret on standard input."),
                   cs_connection_get_display_name (connection), cs_connection_get_display_name (connection));
      return FALSE;
    }
  return TRUE;
}

int
cs_cli_command_reauthorize (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(CsConnection) stored = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(CsLogin) login = NULL;
  g_autoptr(CsLoginResult) result = NULL;
  g_autoptr(GAsyncResult) kept = NULL;
  g_autoptr(CsSecretString) key = NULL;
  g_autoptr(CsSecretString) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CsRevokeOutcome old_token = CS_REVOKE_NOTHING;
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL)
    return status;
  connection = cs_connection_vault_find (vault, name, &error);
  if (connection == NULL)
    return cs_cli_report_error (error);
  /* Another login host for the same org (a renamed My Domain, say). */
  if (cs_cli_options.login_url != NULL)
    {
      g_autofree char *login_host = cs_login_host_normalize (cs_cli_options.login_url, &error);

      if (login_host == NULL)
        {
          cs_cli_report_error (error);
          return CS_EXIT_USAGE;
        }
      cs_set_str (&connection->login_host, login_host);
      cs_set_str (&connection->environment,
                  cs_environment_to_string (cs_login_host_get_environment (login_host)));
    }
  if (!consumer_for (vault, connection, &key, &secret, &error))
    return cs_cli_report_error (error);

  oauth = cs_oauth_client_new (connection->login_host, key, secret);
  login = cs_login_new (oauth, NULL);
  cs_login_set_use_pkce (login, !cs_cli_options.no_pkce);
  cs_login_set_expected_username (login, connection->username);
  /* The one rule: the same org, or nothing changes. */
  cs_login_set_expected_org_id (login, connection->confirmed != 0 ? connection->org_id : NULL);
  result = run_login (login, &error);
  if (result == NULL)
    return cs_cli_report_error (error);

  cs_connection_vault_store_login_async (vault, connection, key, secret, result, NULL,
                                         cs_cli_store_result, &kept);
  stored = cs_connection_vault_store_login_finish (vault, cs_cli_wait (&kept), &old_token, &error);
  if (stored == NULL)
    {
      g_autoptr(GAsyncResult) discarded = NULL;

      /* The replaced token is still the stored one: drop the new login. */
      cs_login_discard_tokens_async (oauth, result->tokens, cs_cli_store_result, &discarded);
      (void) cs_login_discard_tokens_finish (cs_cli_wait (&discarded), NULL);
      return cs_cli_report_error (error);
    }

  warn_about_user (result, connection->username);
  warn_old_token (old_token);
  /* Translators: "Connection NAME works again: logged in as NAME (USERNAME) in org ORGID." */
  text = g_strdup_printf (_("Connection %s works again: logged in as %s (%s) in org %s."),
                          cs_connection_get_display_name (stored),
                          cs_identity_get_display_name (result->identity),
                          cs_identity_get_username (result->identity),
                          cs_identity_get_org_id (result->identity));
  print_connection (stored, text);
  return CS_EXIT_OK;
}

/* ---- replace-secret ----------------------------------------------------------------------- */

int
cs_cli_command_replace_secret (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsSecretString) key = NULL;
  g_autoptr(CsSecretString) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL)
    return status;
  connection = cs_connection_vault_find (vault, name, &error);
  if (connection == NULL)
    return cs_cli_report_error (error);

  if (cs_cli_options.consumer_key != NULL)
    key = g_strdup (cs_cli_options.consumer_key);
  else
    {
      key = cs_cli_reveal (vault, connection->id, CS_SECRET_KIND_CONSUMER_KEY, &error);
      if (error != NULL)
        return cs_cli_report_error (error);
      if (key == NULL)
        {
          g_set_error (&error, CS_ERROR, CS_ERROR_SECRET_MISSING,
                       _("The keyring no longer holds the consumer key of connection “%s”: give it "
                         "with --consumer-key."), cs_connection_get_display_name (connection));
          cs_cli_report_error (error);
          return CS_EXIT_USAGE;
        }
    }

  secret = cs_cli_read_line (_("New consumer secret: "), _("the consumer secret"), TRUE, &error);
  if (secret == NULL)
    return cs_cli_report_error (error);
  g_strstrip (secret);

  cs_connection_vault_replace_consumer_async (vault, connection->id, key, secret, NULL,
                                              cs_cli_store_result, &result);
  if (!cs_connection_vault_replace_consumer_finish (vault, cs_cli_wait (&result), &error))
    return cs_cli_report_error (error);

  if (cs_cli_options.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      cs_cli_builder_add_string (builder, "id", connection->id);
      cs_cli_builder_add_string (builder, "name", connection->name);
      json_builder_set_member_name (builder, "replaced");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      cs_cli_print_json (builder);
    }
  else
    {
      /* Translators: %s is a connection's name */
      text = g_strdup_printf (_("The new consumer key and secret work: connection %s keeps them.\n"),
                              cs_connection_get_display_name (connection));
      g_print ("%s", text);
    }
  return CS_EXIT_OK;
}
