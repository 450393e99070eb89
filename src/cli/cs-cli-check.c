/* cs-cli-check.c: crm-sync check, test and forget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-cli.h"

/* The connection with its secrets; NULL after printing why (*status). */
static CsVaultEntry *
load (CsConnectionVault *vault,
      const char        *name,
      int               *status)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CsVaultEntry *entry;

  cs_connection_vault_load_async (vault, name, NULL, cs_cli_store_result, &result);
  entry = cs_connection_vault_load_finish (vault, cs_cli_wait (&result), &error);
  if (entry == NULL)
    *status = cs_cli_report_error (error);
  return entry;
}

static void
add_identity_members (JsonBuilder        *builder,
                      const CsConnection *connection,
                      CsIdentity         *identity,
                      CsTokenSet         *tokens)
{
  cs_cli_builder_add_string (builder, "id", connection->id);
  cs_cli_builder_add_string (builder, "name", connection->name);
  cs_cli_builder_add_string (builder, "username", cs_identity_get_username (identity));
  cs_cli_builder_add_string (builder, "display_name", cs_identity_get_display_name (identity));
  cs_cli_builder_add_string (builder, "user_id", cs_identity_get_user_id (identity));
  cs_cli_builder_add_string (builder, "org_id", cs_identity_get_org_id (identity));
  cs_cli_builder_add_string (builder, "instance_url", cs_token_set_get_instance_url (tokens));
}

int
cs_cli_command_check (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(CsOAuthClient) oauth = NULL;
  g_autoptr(GAsyncResult) refresh_result = NULL;
  g_autoptr(GAsyncResult) identity_result = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL || (entry = load (vault, name, &status)) == NULL)
    return status;

  /* A refusal marks the connection; a rotated token is kept. */
  cs_connection_vault_refresh_async (vault, entry, NULL, cs_cli_store_result, &refresh_result);
  tokens = cs_connection_vault_refresh_finish (vault, cs_cli_wait (&refresh_result), &error);
  if (tokens == NULL)
    return cs_cli_finish_vault (vault, entry->connection->id, cs_cli_report_error (error));

  oauth = cs_vault_entry_new_oauth_client (entry);
  cs_oauth_client_fetch_identity_async (oauth, tokens, NULL, cs_cli_store_result, &identity_result);
  identity = cs_oauth_client_fetch_identity_finish (oauth, cs_cli_wait (&identity_result), &error);
  if (identity == NULL)
    return cs_cli_report_error (error);

  if (cs_cli_options.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_identity_members (builder, entry->connection, identity, tokens);
      json_builder_end_object (builder);
      cs_cli_print_json (builder);
    }
  else
    /* Translators: "The authorization works: logged in as NAME (USERNAME) in org ORGID." */
    g_print (_("The authorization works: logged in as %s (%s) in org %s.\n"),
             cs_identity_get_display_name (identity),
             cs_identity_get_username (identity),
             cs_identity_get_org_id (identity));
  return CS_EXIT_OK;
}

int
cs_cli_command_test (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsConnectionTest) test = NULL;
  g_autoptr(GError) error = NULL;
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL || (entry = load (vault, name, &status)) == NULL)
    return status;

  cs_connection_vault_test_async (vault, entry, NULL, cs_cli_store_result, &result);
  test = cs_connection_vault_test_finish (vault, cs_cli_wait (&result), &error);
  if (test == NULL)
    return cs_cli_finish_vault (vault, entry->connection->id, cs_cli_report_error (error));

  if (cs_cli_options.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_identity_members (builder, entry->connection, test->identity, test->tokens);
      json_builder_set_member_name (builder, "refresh");
      json_builder_add_string_value (builder, "ok");
      json_builder_set_member_name (builder, "api_requests_used");
      json_builder_add_int_value (builder, test->api_requests_used);
      json_builder_set_member_name (builder, "api_requests_max");
      json_builder_add_int_value (builder, test->api_requests_max);
      json_builder_end_object (builder);
      cs_cli_print_json (builder);
    }
  else
    {
      /* Translators: "The refresh works: logged in as NAME (USERNAME) in org ORGID." */
      g_print (_("The refresh works: logged in as %s (%s) in org %s.\n"),
               cs_identity_get_display_name (test->identity),
               cs_identity_get_username (test->identity),
               cs_identity_get_org_id (test->identity));
      if (test->api_requests_max >= 0)
        /* Translators: "1,234 of 15,000 daily API requests used today." */
        g_print (ngettext ("%'lld of %'lld daily API request used today.\n",
                           "%'lld of %'lld daily API requests used today.\n",
                           (gulong) test->api_requests_max),
                 (long long) test->api_requests_used, (long long) test->api_requests_max);
    }
  return cs_cli_finish_vault (vault, entry->connection->id, CS_EXIT_OK);
}

int
cs_cli_command_forget (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *timer_left = NULL;
  CsRevokeOutcome revoked = CS_REVOKE_NOTHING;
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL)
    return status;

  cs_connection_vault_forget_async (vault, name,
                                    cs_cli_options.force ? CS_FORGET_FORCE : CS_FORGET_NONE,
                                    NULL, cs_cli_store_result, &result);
  if (!cs_connection_vault_forget_finish (vault, cs_cli_wait (&result), &revoked, &timer_left, &error))
    {
      status = cs_cli_report_error (error);
      if (g_error_matches (error, CS_ERROR, CS_ERROR_NOT_REVOKED) && !cs_cli_options.json)
        /* Translators: %s is a connection's name */
        g_printerr (_("crm-sync: to remove it anyway: crm-sync forget %s --force\n"), name);
      return status;
    }

  if (revoked == CS_REVOKE_FAILED)
    cs_cli_warn (_("the refresh token could not be revoked at Salesforce and stays valid there: "
                   "revoke it in Setup → Connected Apps OAuth Usage."));
  if (timer_left != NULL)
    cs_cli_warn (timer_left);
  if (!cs_cli_options.json)
    g_print (_("Connection %s removed from the keyring and from this computer.\n"), name);
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      cs_cli_builder_add_string (builder, "forgotten", name);
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_boolean_value (builder, revoked != CS_REVOKE_FAILED);
      /* null, or what to run by hand to stop the sync timer */
      cs_cli_builder_add_string (builder, "timer_left", timer_left);
      json_builder_end_object (builder);
      cs_cli_print_json (builder);
    }
  return CS_EXIT_OK;
}
