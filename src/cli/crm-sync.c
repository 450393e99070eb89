/* crm-sync.c: the command-line side of CRM Sync Setup, for admins who
 * script. Secrets come from the keyring only: none is ever read from or
 * printed to the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cs-core.h"
#include "cs-process.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILURE_GENERIC = 1,
  EXIT_USAGE = 2,
  EXIT_REAUTHORIZE = 3,   /* the stored authorization is dead: run the wizard */
};

static gboolean opt_json = FALSE;

/* Runs the thread-default main context until *result is set. */
static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
report_error (const GError *error)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder,
                                     error->domain == CS_ERROR
                                       ? cs_error_code_to_string (error->code)
                                       : "failed");
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    g_printerr ("crm-sync: %s\n", error->message);

  return cs_error_is_reauthorization (error) ? EXIT_REAUTHORIZE : EXIT_FAILURE_GENERIC;
}

static gboolean
has_secret_item (GPtrArray    *items,
                 const char   *connection_id,
                 CsSecretKind  kind)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CsSecretItemInfo *info = g_ptr_array_index (items, i);

      if (info->kind == kind && g_strcmp0 (info->key->connection_id, connection_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static int
command_connections (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  g_autoptr(GPtrArray) connections = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  store = cs_connection_store_open (NULL, &error);
  if (store == NULL)
    return report_error (error);
  connections = cs_connection_store_list (store, &error);
  if (connections == NULL)
    return report_error (error);
  items = cs_secret_store_list_sync (secrets, NULL, &error);
  if (items == NULL)
    return report_error (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < connections->len; i++)
    {
      CsConnection *connection = g_ptr_array_index (connections, i);
      gboolean has_token = has_secret_item (items, connection->id, CS_SECRET_KIND_REFRESH_TOKEN);

      if (!opt_json)
        {
          g_print ("%s  %s  %s  %s%s\n",
                   connection->id,
                   connection->username ? connection->username : _("(not logged in)"),
                   connection->login_host,
                   connection->org_id ? connection->org_id : "-",
                   has_token ? "" : _("  [no refresh token in the keyring]"));
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, connection->id);
      json_builder_set_member_name (builder, "environment");
      json_builder_add_string_value (builder, connection->environment);
      json_builder_set_member_name (builder, "login_host");
      json_builder_add_string_value (builder, connection->login_host);
      json_builder_set_member_name (builder, "org_id");
      json_builder_add_string_value (builder, connection->org_id);
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, connection->username);
      json_builder_set_member_name (builder, "instance_url");
      json_builder_add_string_value (builder, connection->instance_url);
      json_builder_set_member_name (builder, "confirmed");
      json_builder_add_boolean_value (builder, connection->confirmed != 0);
      json_builder_set_member_name (builder, "has_consumer_key");
      json_builder_add_boolean_value (builder, has_secret_item (items, connection->id, CS_SECRET_KIND_CONSUMER_KEY));
      json_builder_set_member_name (builder, "has_consumer_secret");
      json_builder_add_boolean_value (builder, has_secret_item (items, connection->id, CS_SECRET_KIND_CONSUMER_SECRET));
      json_builder_set_member_name (builder, "has_refresh_token");
      json_builder_add_boolean_value (builder, has_token);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (opt_json)
    print_json (builder);
  else if (connections->len == 0)
    g_print ("%s\n", _("No connection yet. Run CRM Sync Setup to create one."));
  return EXIT_OK;
}

/* Everything needed to talk to the org of a stored connection. */
typedef struct
{
  CsConnection  *connection;
  CsOAuthClient *oauth;
  char          *refresh_token;
} StoredConnection;

static void
stored_connection_clear (StoredConnection *stored)
{
  g_clear_pointer (&stored->connection, cs_connection_free);
  g_clear_object (&stored->oauth);
  cs_secret_clear (&stored->refresh_token);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredConnection, stored_connection_clear)

static gboolean
load_connection (const char        *id,
                 StoredConnection  *stored,
                 GError           **error)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  /* Wiped on every way out, errors included. */
  g_autoptr(CsSecretString) key = NULL;
  g_autoptr(CsSecretString) secret = NULL;

  store = cs_connection_store_open (NULL, error);
  if (store == NULL)
    return FALSE;
  stored->connection = cs_connection_store_get (store, id, error);
  if (stored->connection == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                     _("There is no connection “%s”. “crm-sync connections” lists them."), id);
      return FALSE;
    }

  key = cs_secret_store_lookup_sync (secrets, id, CS_SECRET_KIND_CONSUMER_KEY, NULL, error);
  if (key == NULL && error != NULL && *error != NULL)
    return FALSE;
  secret = cs_secret_store_lookup_sync (secrets, id, CS_SECRET_KIND_CONSUMER_SECRET, NULL, error);
  if (secret == NULL && error != NULL && *error != NULL)
    return FALSE;
  stored->refresh_token = cs_secret_store_lookup_sync (secrets, id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, error);
  if (stored->refresh_token == NULL && error != NULL && *error != NULL)
    return FALSE;

  if (key == NULL || secret == NULL || stored->refresh_token == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_GRANT,
                           _("The keyring holds no complete authorization for this connection. Run CRM Sync Setup to log in again."));
      return FALSE;
    }

  /* The client keeps copies of its own. */
  stored->oauth = cs_oauth_client_new (stored->connection->login_host, key, secret);
  return TRUE;
}

static int
command_check (const char *id)
{
  g_auto(StoredConnection) stored = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) refresh_result = NULL;
  g_autoptr(GAsyncResult) identity_result = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  const char *new_refresh;

  if (!load_connection (id, &stored, &error))
    return report_error (error);

  cs_oauth_client_refresh_async (stored.oauth, stored.refresh_token, NULL, store_result_cb, &refresh_result);
  tokens = cs_oauth_client_refresh_finish (stored.oauth, wait_for (&refresh_result), &error);
  if (tokens == NULL)
    return report_error (error);

  /* With Refresh Token Rotation the old token is dead now: keep the new one. */
  new_refresh = cs_token_set_get_refresh_token (tokens);
  if (new_refresh != NULL && g_strcmp0 (new_refresh, stored.refresh_token) != 0)
    {
      g_autoptr(CsSecretKey) key = cs_secret_key_new (stored.connection->id,
                                                      stored.connection->login_host,
                                                      stored.connection->org_id,
                                                      stored.connection->username);

      if (!cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_REFRESH_TOKEN, new_refresh, NULL, &error))
        return report_error (error);
    }

  cs_oauth_client_fetch_identity_async (stored.oauth, tokens, NULL, store_result_cb, &identity_result);
  identity = cs_oauth_client_fetch_identity_finish (stored.oauth, wait_for (&identity_result), &error);
  if (identity == NULL)
    return report_error (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, stored.connection->id);
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, cs_identity_get_username (identity));
      json_builder_set_member_name (builder, "display_name");
      json_builder_add_string_value (builder, cs_identity_get_display_name (identity));
      json_builder_set_member_name (builder, "user_id");
      json_builder_add_string_value (builder, cs_identity_get_user_id (identity));
      json_builder_set_member_name (builder, "org_id");
      json_builder_add_string_value (builder, cs_identity_get_org_id (identity));
      json_builder_set_member_name (builder, "instance_url");
      json_builder_add_string_value (builder, cs_token_set_get_instance_url (tokens));
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    /* Translators: "The authorization works: logged in as NAME (USERNAME) in org ORGID." */
    g_print (_("The authorization works: logged in as %s (%s) in org %s.\n"),
             cs_identity_get_display_name (identity),
             cs_identity_get_username (identity),
             cs_identity_get_org_id (identity));
  return EXIT_OK;
}

static int
command_forget (const char *id)
{
  g_auto(StoredConnection) stored = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autoptr(CsSecretStore) secrets = cs_secret_store_new ();
  g_autoptr(CsConnectionStore) store = NULL;

  /* Revoke first, while the token is still at hand; a dead token or an
   * unreachable org must not keep the admin from cleaning up. */
  if (load_connection (id, &stored, &load_error))
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) revoke_error = NULL;

      cs_oauth_client_revoke_async (stored.oauth, stored.refresh_token, NULL, store_result_cb, &result);
      if (!cs_oauth_client_revoke_finish (stored.oauth, wait_for (&result), &revoke_error))
        g_printerr (_("crm-sync: the refresh token could not be revoked (%s); removing it anyway.\n"),
                    revoke_error->message);
    }
  else if (stored.connection == NULL && g_error_matches (load_error, CS_ERROR, CS_ERROR_INVALID_INPUT))
    return report_error (load_error);

  if (!cs_secret_store_clear_sync (secrets, id, NULL, &error))
    return report_error (error);

  store = cs_connection_store_open (NULL, &error);
  if (store == NULL || !cs_connection_store_remove (store, id, &error))
    return report_error (error);

  if (!opt_json)
    g_print (_("Connection %s removed from the keyring and from this computer.\n"), id);
  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON instead of text"), NULL },
    { NULL }
  };
  const char *command;
  g_autofree char *help = NULL;

  cs_process_harden ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CS_LOCALEDIR") ? g_getenv ("CS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [CONNECTION]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Commands:\n"
      "  connections        List the stored connections\n"
      "  check CONNECTION   Refresh the stored authorization and show who it logs in as\n"
      "  forget CONNECTION  Revoke the authorization and delete the connection\n"
      "\n"
      "Secrets are read from the keyring, never from the command line.\n"
      "Exit status 3 means the authorization is no longer valid: run CRM Sync Setup again."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("crm-sync: %s\n", error->message);
      return EXIT_USAGE;
    }

  command = argc > 1 ? argv[1] : "connections";
  if (g_str_equal (command, "connections") && argc <= 2)
    return command_connections ();
  if (g_str_equal (command, "check") && argc == 3)
    return command_check (argv[2]);
  if (g_str_equal (command, "forget") && argc == 3)
    return command_forget (argv[2]);

  help = g_option_context_get_help (context, TRUE, NULL);
  g_printerr ("%s", help);
  return EXIT_USAGE;
}
