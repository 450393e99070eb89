/* cs-cli-connections.c: crm-sync connections and credentials, what is
 * stored and where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cs-cli.h"

static void
add_has_item (JsonBuilder              *builder,
              const char               *name,
              const CsConnectionStatus *status,
              CsSecretKind              kind)
{
  json_builder_set_member_name (builder, name);
  if (status->keyring_error != NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, status->items[kind] != NULL);
}

/* Says once that the keyring could not be read, if so. */
static void
warn_keyring (GPtrArray *statuses)
{
  for (guint i = 0; i < statuses->len; i++)
    {
      CsConnectionStatus *status = g_ptr_array_index (statuses, i);
      g_autofree char *message = NULL;

      if (status->keyring_error == NULL)
        continue;
      /* Translators: %s is the keyring's own message */
      message = g_strdup_printf (_("the keyring could not be read, so whether it holds each "
                                   "connection’s credentials is unknown. %s"),
                                 status->keyring_error->message);
      cs_cli_warn (message);
      return;
    }
}

int
cs_cli_command_connections (void)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL)
    return status;
  statuses = cs_connection_vault_list_status_sync (vault, NULL, &error);
  if (statuses == NULL)
    return cs_cli_report_error (error);
  warn_keyring (statuses);

  json_builder_begin_array (builder);
  for (guint i = 0; i < statuses->len; i++)
    {
      CsConnectionStatus *entry = g_ptr_array_index (statuses, i);
      CsConnection *connection = entry->connection;

      if (!cs_cli_options.json)
        {
          const char *note = NULL;

          if (entry->health == CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION)
            note = _("  [needs re-authorization]");
          else if (entry->health == CS_CONNECTION_HEALTH_SECRETS_MISSING &&
                   entry->items[CS_SECRET_KIND_REFRESH_TOKEN] == NULL)
            note = _("  [no refresh token in the keyring]");
          else if (entry->health == CS_CONNECTION_HEALTH_SECRETS_MISSING)
            note = _("  [credentials missing from the keyring]");
          else if (entry->health == CS_CONNECTION_HEALTH_NOT_CONFIRMED)
            note = _("  [setup not finished]");
          g_print ("%s  %s  %s  %s%s\n",
                   cs_connection_get_display_name (connection),
                   connection->username ? connection->username : _("(not logged in)"),
                   connection->login_host,
                   connection->org_id ? connection->org_id : "-",
                   note != NULL ? note : "");
          continue;
        }

      json_builder_begin_object (builder);
      cs_cli_builder_add_connection (builder, connection);
      json_builder_set_member_name (builder, "confirmed");
      json_builder_add_boolean_value (builder, connection->confirmed != 0);
      cs_cli_builder_add_string (builder, "health", cs_connection_health_to_string (entry->health));
      add_has_item (builder, "has_consumer_key", entry, CS_SECRET_KIND_CONSUMER_KEY);
      add_has_item (builder, "has_consumer_secret", entry, CS_SECRET_KIND_CONSUMER_SECRET);
      add_has_item (builder, "has_refresh_token", entry, CS_SECRET_KIND_REFRESH_TOKEN);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (cs_cli_options.json)
    cs_cli_print_json (builder);
  else if (statuses->len == 0)
    g_print ("%s\n", _("No connection yet. Run CRM Sync Setup or “crm-sync connect” to create one."));
  return CS_EXIT_OK;
}

/* ---- credentials ------------------------------------------------------------------- */

/* "3MVG9A…x7Qz": enough to recognize the key, not to use it. */
static char *
mask_key (const char *key)
{
  gsize length = strlen (key);

  if (length <= 12)
    return g_strdup ("…");
  return g_strdup_printf ("%.6s…%s", key, key + length - 4);
}

static const char *
kind_label (CsSecretKind kind)
{
  switch (kind)
    {
    case CS_SECRET_KIND_CONSUMER_KEY:    return _("Consumer key");
    case CS_SECRET_KIND_CONSUMER_SECRET: return _("Consumer secret");
    case CS_SECRET_KIND_REFRESH_TOKEN:   return _("Refresh token");
    default:                             break;
    }
  g_return_val_if_reached ("?");
}

static void
print_status_text (const CsConnectionStatus *status,
                   const char               *masked_key,
                   const char               *revealed)
{
  const CsConnection *connection = status->connection;
  g_autofree char *issued = cs_cli_format_time (connection->token_issued);
  g_autofree char *refreshed = cs_cli_format_time (connection->last_refresh);
  g_autofree char *synced = cs_cli_format_time (status->last_field_sync);
  g_autofree char *records_synced = cs_cli_format_time (status->last_record_sync);
  g_autofree char *health = cs_connection_status_describe (status);
  const char *dash = "-";

  g_print ("%s (%s)\n", cs_connection_get_display_name (connection), connection->id);
  g_print (_("  Environment:      %s, login host %s\n"), connection->environment, connection->login_host);
  /* Translators: the org's name, its id, then an address */
  g_print (_("  Org:              %s (%s), instance %s\n"),
           connection->org_name ? connection->org_name : dash,
           connection->org_id ? connection->org_id : dash,
           connection->instance_url ? connection->instance_url : dash);
  g_print (_("  Sync user:        %s (%s), profile %s%s\n"),
           connection->display_name ? connection->display_name : dash,
           connection->username ? connection->username : dash,
           connection->profile_name ? connection->profile_name : dash,
           connection->is_admin ? _(", an administrator") : "");
  g_print (_("  Scopes:           %s\n"), connection->scopes ? connection->scopes : dash);
  g_print (_("  Token issued:     %s\n"), issued);
  g_print (_("  Last refresh:     %s\n"), refreshed);
  g_print (ngettext ("  Last field sync:  %s (%u field in the catalog)\n",
                     "  Last field sync:  %s (%u fields in the catalog)\n",
                     (gulong) status->catalog_fields),
           synced, (guint) status->catalog_fields);
  g_print (_("  Last record sync: %s\n"), records_synced);
  if (health == NULL)
    g_print (_("  Health:           works\n"));
  else if (connection->reauth_since > 0)
    {
      g_autofree char *since = cs_cli_format_time (connection->reauth_since);

      /* Translators: %s is a time, then what is wrong and what to do */
      g_print (_("  Health:           needs re-authorization since %s: %s\n"), since, health);
    }
  else
    g_print (_("  Health:           %s\n"), health);

  if (status->keyring_error != NULL)
    return;
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    {
      CsSecretItemInfo *item = status->items[kind];

      if (item == NULL)
        {
          /* Translators: %s is "Consumer key", "Consumer secret" or "Refresh token" */
          g_print (_("  %s: missing from the keyring\n"), kind_label (kind));
          continue;
        }
      /* Translators: first %s is "Consumer key" (etc.), second the keyring item's
       * label, third the keyring's name, such as "Login" */
      g_print (_("  %s: keyring item “%s” in the keyring “%s”\n"), kind_label (kind),
               item->label, item->collection ? item->collection : "?");
    }
  if (masked_key != NULL)
    g_print (_("  Consumer key (masked): %s\n"), masked_key);
  if (revealed != NULL)
    g_print (_("  Revealed: %s\n"), revealed);
}

static void
add_status_json (JsonBuilder              *builder,
                 const CsConnectionStatus *status,
                 const char               *masked_key,
                 const char               *revealed)
{
  const CsConnection *connection = status->connection;
  g_autofree char *health = cs_connection_status_describe (status);

  json_builder_begin_object (builder);
  cs_cli_builder_add_connection (builder, connection);
  cs_cli_builder_add_string (builder, "scopes", connection->scopes);
  cs_cli_builder_add_time (builder, "confirmed", connection->confirmed);
  cs_cli_builder_add_time (builder, "token_issued", connection->token_issued);
  cs_cli_builder_add_time (builder, "last_refresh", connection->last_refresh);
  cs_cli_builder_add_time (builder, "last_field_sync", status->last_field_sync);
  cs_cli_builder_add_time (builder, "last_record_sync", status->last_record_sync);
  json_builder_set_member_name (builder, "catalog_fields");
  json_builder_add_int_value (builder, status->catalog_fields);
  cs_cli_builder_add_string (builder, "health", cs_connection_health_to_string (status->health));
  cs_cli_builder_add_string (builder, "health_message", health);
  cs_cli_builder_add_string (builder, "reauth_reason", connection->reauth_reason);
  cs_cli_builder_add_time (builder, "reauth_since", connection->reauth_since);
  cs_cli_builder_add_string (builder, "keyring_error",
                             status->keyring_error ? status->keyring_error->message : NULL);

  json_builder_set_member_name (builder, "keyring_items");
  json_builder_begin_object (builder);
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    {
      CsSecretItemInfo *item = status->items[kind];

      json_builder_set_member_name (builder, cs_secret_kind_to_string (kind));
      if (item == NULL)
        {
          json_builder_add_null_value (builder);
          continue;
        }
      json_builder_begin_object (builder);
      cs_cli_builder_add_string (builder, "label", item->label);
      cs_cli_builder_add_string (builder, "keyring", item->collection);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  cs_cli_builder_add_string (builder, "consumer_key_masked", masked_key);
  if (revealed != NULL)
    cs_cli_builder_add_string (builder, cs_cli_options.reveal, revealed);
  json_builder_end_object (builder);
}

static void
add_problem_json (JsonBuilder          *builder,
                  const CsVaultProblem *problem)
{
  static const char *fixes[] = { "reauthorize", "replace-consumer", "forget" };
  static const char *kinds[] = { "missing-secrets", "orphan-items" };

  json_builder_begin_object (builder);
  cs_cli_builder_add_string (builder, "kind", kinds[problem->kind]);
  cs_cli_builder_add_string (builder, "connection_id", problem->connection_id);
  cs_cli_builder_add_string (builder, "fix", fixes[problem->fix]);
  cs_cli_builder_add_string (builder, "message", problem->message);
  json_builder_set_member_name (builder, "missing");
  json_builder_begin_array (builder);
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    if (problem->missing & (1u << kind))
      json_builder_add_string_value (builder, cs_secret_kind_to_string (kind));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problem->items->len; i++)
    json_builder_add_string_value (builder, ((CsSecretItemInfo *) g_ptr_array_index (problem->items, i))->label);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Reads the consumer key (to show it masked) and what --reveal asks for. */
static gboolean
read_shown_secrets (CsConnectionVault         *vault,
                    const CsConnectionStatus  *status,
                    char                     **masked_key,
                    char                     **revealed,
                    GError                   **error)
{
  g_autoptr(CsSecretString) key = NULL;
  GError *local_error = NULL;

  if (status->items[CS_SECRET_KIND_CONSUMER_KEY] != NULL)
    {
      key = cs_cli_reveal (vault, status->connection->id, CS_SECRET_KIND_CONSUMER_KEY, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (key != NULL)
        *masked_key = mask_key (key);
    }

  if (cs_cli_options.reveal == NULL)
    return TRUE;
  if (g_str_equal (cs_cli_options.reveal, "consumer-key"))
    {
      *revealed = g_steal_pointer (&key);
      return TRUE;
    }
  *revealed = cs_cli_reveal (vault, status->connection->id, CS_SECRET_KIND_CONSUMER_SECRET, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* --reveal: only what the admin asked for, and only to a terminal, where
 * it does not end up in a file or a pipe by accident. */
static gboolean
check_reveal (const char  *name,
              GError     **error)
{
  if (cs_cli_options.reveal == NULL)
    return TRUE;
  if (!g_str_equal (cs_cli_options.reveal, "consumer-secret") &&
      !g_str_equal (cs_cli_options.reveal, "consumer-key"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("--reveal takes “consumer-secret” or “consumer-key”. The refresh token is never shown."));
      return FALSE;
    }
  if (name == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("--reveal needs the connection named: “crm-sync credentials NAME --reveal consumer-secret”."));
      return FALSE;
    }
  if (!isatty (STDOUT_FILENO))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("--reveal prints a secret only to a terminal, never into a pipe or a "
                             "file. Run the command in a terminal, or copy the secret from Passwords "
                             "and Keys."));
      return FALSE;
    }
  return TRUE;
}

int
cs_cli_command_credentials (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(CsConnection) named = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint shown = 0;
  int status = CS_EXIT_OK;

  if (!check_reveal (name, &error))
    {
      cs_cli_report_error (error);
      return CS_EXIT_USAGE;
    }
  vault = cs_cli_open_vault (&status);
  if (vault == NULL)
    return status;
  if (name != NULL && (named = cs_connection_vault_find (vault, name, &error)) == NULL)
    return cs_cli_report_error (error);
  statuses = cs_connection_vault_list_status_sync (vault, NULL, &error);
  if (statuses == NULL)
    return cs_cli_report_error (error);
  warn_keyring (statuses);

  /* Problems need the keyring; the statuses say already when it is away. */
  if (name == NULL)
    {
      g_autoptr(GError) keyring_error = NULL;

      problems = cs_connection_vault_find_problems_sync (vault, NULL, &keyring_error);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < statuses->len; i++)
    {
      CsConnectionStatus *entry = g_ptr_array_index (statuses, i);
      g_autofree char *masked_key = NULL;
      g_autoptr(CsSecretString) revealed = NULL;

      if (named != NULL && !g_str_equal (named->id, entry->connection->id))
        continue;
      if (entry->keyring_error == NULL &&
          !read_shown_secrets (vault, entry, &masked_key, &revealed, &error))
        return cs_cli_report_error (error);

      if (cs_cli_options.json)
        add_status_json (builder, entry, masked_key, revealed);
      else
        {
          if (shown > 0)
            g_print ("\n");
          print_status_text (entry, masked_key, revealed);
        }
      shown++;
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      CsVaultProblem *problem = g_ptr_array_index (problems, i);

      if (cs_cli_options.json)
        add_problem_json (builder, problem);
      else if (problem->kind == CS_VAULT_PROBLEM_ORPHAN_ITEMS)
        g_print ("\n%s\n", problem->message);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (cs_cli_options.json)
    cs_cli_print_json (builder);
  else if (shown == 0)
    g_print ("%s\n", _("No connection yet. Run CRM Sync Setup or “crm-sync connect” to create one."));
  return CS_EXIT_OK;
}
