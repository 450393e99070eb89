/* cs-cli.c: what crm-sync's commands share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cs-cli.h"

/* Longer lines are not a consumer secret or a callback address. */
#define MAX_LINE_BYTES 16384

CsCliOptions cs_cli_options;

void
cs_cli_store_result (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

GAsyncResult *
cs_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

char *
cs_cli_dup_connection_id (CsConnectionVault  *vault,
                          const char         *name_or_id,
                          GError            **error)
{
  g_autoptr(GPtrArray) connections = NULL;

  if (name_or_id != NULL)
    {
      g_autoptr(CsConnection) named = cs_connection_vault_find (vault, name_or_id, error);

      return named != NULL ? g_strdup (named->id) : NULL;
    }

  connections = cs_connection_store_list (cs_connection_vault_get_store (vault), error);
  if (connections == NULL)
    return NULL;
  if (connections->len == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("No connection yet. Run CRM Sync Setup or “crm-sync connect” to create one."));
      return NULL;
    }
  if (connections->len > 1)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   /* Translators: %u is the number of stored connections (at least 2). */
                   _("There are %u connections: name one. “crm-sync connections” lists them."),
                   connections->len);
      return NULL;
    }
  return g_strdup (((CsConnection *) g_ptr_array_index (connections, 0))->id);
}

char *
cs_cli_resolve_connection (CsConnectionVault *vault,
                           const char        *name,
                           int               *status)
{
  g_autoptr(GError) error = NULL;
  char *id = cs_cli_dup_connection_id (vault, name, &error);

  if (id == NULL)
    {
      *status = cs_cli_report_error (error);
      if (name == NULL && g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_INPUT))
        *status = CS_EXIT_USAGE;
      return NULL;
    }
  cs_cli_remember_connection (id);
  return id;
}

CsConnectionVault *
cs_cli_open_vault (int *status)
{
  g_autoptr(GError) error = NULL;
  CsConnectionVault *vault = cs_connection_vault_open (&error);

  if (vault == NULL)
    *status = cs_cli_report_error (error);
  return vault;
}

int
cs_cli_finish_vault (CsConnectionVault *vault,
                     const char        *connection_id,
                     int                status)
{
  while (cs_connection_vault_is_writing (vault))
    g_main_context_iteration (NULL, TRUE);

  if (connection_id == NULL || !cs_connection_vault_abandon_unsaved_token (vault, connection_id))
    return status;
  /* Already reported: the mark is made, the status says what it means. */
  if (status != CS_EXIT_OK)
    return CS_EXIT_REAUTHORIZE;

  {
    g_autoptr(GError) error = g_error_new (CS_ERROR, CS_ERROR_INVALID_GRANT,
                                           _("Salesforce replaced the refresh token, but the keyring "
                                             "did not take the new one, and the stored one no longer "
                                             "works. Once the keyring works, re-authorize the "
                                             "connection (“crm-sync reauthorize %s”)."),
                                           connection_id);

    return cs_cli_report_error (error);
  }
}

void
cs_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  /* JSON is UTF-8 whatever the locale: g_print() would turn what the
   * locale cannot show into '?'. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

int
cs_cli_status_for_error (const GError *error)
{
  if (g_error_matches (error, CS_ERROR, CS_ERROR_WRONG_ORG))
    return CS_EXIT_WRONG_ORG;
  if (g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_RUNNING))
    return CS_EXIT_SYNC_RUNNING;
  if (cs_connection_vault_error_needs_reauthorization (error) ||
      g_error_matches (error, CS_ERROR, CS_ERROR_SECRET_MISSING))
    return CS_EXIT_REAUTHORIZE;
  return CS_EXIT_FAILURE;
}

int
cs_cli_report_error (const GError *error)
{
  if (cs_cli_options.json)
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
      cs_cli_print_json (builder);
    }
  else
    g_printerr ("crm-sync: %s\n", error->message);

  return cs_cli_status_for_error (error);
}

void
cs_cli_warn (const char *message)
{
  /* Translators: a warning line of crm-sync; %s says what and what to do */
  g_printerr (_("crm-sync: warning: %s\n"), message);
}

char *
cs_cli_read_line (const char  *prompt,
                  const char  *what,
                  gboolean     secret,
                  GError     **error)
{
  g_autoptr(CsSecretString) line = g_malloc0 (MAX_LINE_BYTES + 1);
  gboolean terminal = isatty (STDIN_FILENO);
  gboolean echo_off = FALSE;
  gboolean got_any = FALSE;
  gboolean too_long = FALSE;
  struct termios saved;
  gsize length = 0;

  if (terminal && prompt != NULL)
    {
      fputs (prompt, stderr);
      fflush (stderr);
    }
  if (terminal && secret && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      struct termios quiet = saved;

      quiet.c_lflag &= ~(tcflag_t) ECHO;
      echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }

  /* A byte at a time: whatever follows this line (the next answer) stays
   * in standard input, and no stdio buffer keeps a copy of the secret. */
  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got_any = TRUE;
      if (c == '\n')
        break;
      if (length < MAX_LINE_BYTES)
        line[length++] = c;
      else
        too_long = TRUE;
    }

  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }

  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  if (!got_any)
    {
      /* Translators: %s is what was expected, such as "the consumer secret" */
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("Standard input ended before %s was given. Give it on a line of its own."),
                   what);
      return NULL;
    }
  if (too_long || length == 0)
    {
      /* Translators: %s is what was expected, such as "the consumer secret" */
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The line read for %s is empty or far too long. Give it on a line of its own."),
                   what);
      return NULL;
    }
  return g_steal_pointer (&line);
}

char *
cs_cli_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds <= 0)
    return g_strdup (_("never"));
  time = g_date_time_new_from_unix_local (unix_seconds);
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

void
cs_cli_builder_add_string (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* ISO 8601 in UTC, or null for 0. */
void
cs_cli_builder_add_time (JsonBuilder *builder,
                         const char  *name,
                         gint64       unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (unix_seconds <= 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  time = g_date_time_new_from_unix_utc (unix_seconds);
  text = g_date_time_format_iso8601 (time);
  json_builder_add_string_value (builder, text);
}

void
cs_cli_builder_add_connection (JsonBuilder        *builder,
                               const CsConnection *connection)
{
  cs_cli_builder_add_string (builder, "id", connection->id);
  cs_cli_builder_add_string (builder, "name", connection->name);
  cs_cli_builder_add_string (builder, "environment", connection->environment);
  cs_cli_builder_add_string (builder, "login_host", connection->login_host);
  cs_cli_builder_add_string (builder, "org_id", connection->org_id);
  cs_cli_builder_add_string (builder, "org_name", connection->org_name);
  cs_cli_builder_add_string (builder, "instance_url", connection->instance_url);
  cs_cli_builder_add_string (builder, "user_id", connection->user_id);
  cs_cli_builder_add_string (builder, "username", connection->username);
  cs_cli_builder_add_string (builder, "display_name", connection->display_name);
  cs_cli_builder_add_string (builder, "profile", connection->profile_name);
  json_builder_set_member_name (builder, "is_admin");
  json_builder_add_boolean_value (builder, connection->is_admin);
}

char *
cs_cli_reveal (CsConnectionVault  *vault,
               const char         *connection_id,
               CsSecretKind        kind,
               GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_connection_vault_reveal_async (vault, connection_id, kind, NULL, cs_cli_store_result, &result);
  return cs_connection_vault_reveal_finish (vault, cs_cli_wait (&result), error);
}
