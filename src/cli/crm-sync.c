/* crm-sync.c: the command-line side of CRM Sync Setup, for admins who
 * script. Secrets come from the keyring only: none is ever read from or
 * printed to the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <stdio.h>
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
  EXIT_ACCESS_PROBLEMS = 4, /* the audit found blocking problems: nothing was recorded */
};

static gboolean opt_json = FALSE;
static gboolean opt_no_audit = FALSE;

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
  /* JSON is UTF-8 whatever the locale: g_print() would turn what the
   * locale cannot show into '?'. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
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

/* With Refresh Token Rotation the old token is dead once a refresh
 * answered: the new one must reach the keyring. */
static gboolean
keep_refresh_token (StoredConnection  *stored,
                    const char        *new_refresh,
                    GError           **error)
{
  g_autoptr(CsSecretStore) secrets = NULL;
  g_autoptr(CsSecretKey) key = NULL;

  if (new_refresh == NULL || g_strcmp0 (new_refresh, stored->refresh_token) == 0)
    return TRUE;

  secrets = cs_secret_store_new ();
  key = cs_secret_key_new (stored->connection->id, stored->connection->login_host,
                           stored->connection->org_id, stored->connection->username);
  if (!cs_secret_store_store_sync (secrets, key, CS_SECRET_KIND_REFRESH_TOKEN, new_refresh, NULL, error))
    return FALSE;

  cs_secret_clear (&stored->refresh_token);
  stored->refresh_token = g_strdup (new_refresh);
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

  if (!load_connection (id, &stored, &error))
    return report_error (error);

  cs_oauth_client_refresh_async (stored.oauth, stored.refresh_token, NULL, store_result_cb, &refresh_result);
  tokens = cs_oauth_client_refresh_finish (stored.oauth, wait_for (&refresh_result), &error);
  if (tokens == NULL)
    return report_error (error);

  if (!keep_refresh_token (&stored, cs_token_set_get_refresh_token (tokens), &error))
    return report_error (error);

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

/* The connection to use when none was named: the only one stored. */
static char *
dup_only_connection_id (GError **error)
{
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(GPtrArray) connections = NULL;

  store = cs_connection_store_open (NULL, error);
  if (store == NULL)
    return NULL;
  connections = cs_connection_store_list (store, error);
  if (connections == NULL)
    return NULL;

  if (connections->len == 0)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                           _("No connection yet. Run CRM Sync Setup to create one."));
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

/* What a "fields" run needs while the core works. */
typedef struct
{
  StoredConnection *stored;
  GError           *keyring_error;   /* a rotated refresh token that could not be kept */
} FieldsRun;

static void
on_tokens_refreshed (CsSalesforceClient *client,
                     CsTokenSet         *tokens,
                     gpointer            user_data)
{
  FieldsRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!keep_refresh_token (run->stored, cs_token_set_get_refresh_token (tokens), &error) &&
      run->keyring_error == NULL)
    run->keyring_error = g_steal_pointer (&error);
}

static void
add_counts_members (JsonBuilder             *builder,
                    const CsFieldSyncCounts *counts)
{
  json_builder_set_member_name (builder, "new");
  json_builder_add_int_value (builder, counts->n_new);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, counts->n_unchanged);
  json_builder_set_member_name (builder, "no_longer_synced");
  json_builder_add_int_value (builder, counts->n_no_longer_synced);
  json_builder_set_member_name (builder, "type_changed");
  json_builder_add_int_value (builder, counts->n_type_changed);
  json_builder_set_member_name (builder, "resumed");
  json_builder_add_int_value (builder, counts->n_resumed);
  json_builder_set_member_name (builder, "relabelled");
  json_builder_add_int_value (builder, counts->n_relabelled);
}

static void
print_fields_json (const char               *connection_id,
                   GPtrArray                *findings,
                   gboolean                  audited,
                   const CsFieldSyncSummary *summary,
                   gint64                    recorded_fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "connection");
  json_builder_add_string_value (builder, connection_id);
  json_builder_set_member_name (builder, "audited");
  json_builder_add_boolean_value (builder, audited);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, cs_audit_severity_to_string (finding->severity));
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, cs_audit_code_to_string (finding->code));
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, finding->object);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, finding->field);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, finding->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "recorded");
  json_builder_add_boolean_value (builder, summary != NULL);
  json_builder_set_member_name (builder, "summary");
  if (summary == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_counts_members (builder, &summary->total);
      json_builder_set_member_name (builder, "objects");
      json_builder_begin_object (builder);
      for (guint i = 0; summary->objects != NULL && i < summary->objects->len; i++)
        {
          CsFieldSyncObjectSummary *object = g_ptr_array_index (summary->objects, i);

          json_builder_set_member_name (builder, object->object);
          json_builder_begin_object (builder);
          add_counts_members (builder, &object->counts);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "recorded_fields");
  json_builder_add_int_value (builder, recorded_fields);
  json_builder_end_object (builder);
  print_json (builder);
}

static void
print_findings_text (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *where = finding->field != NULL
                               ? g_strdup_printf ("%s.%s", finding->object, finding->field)
                               : g_strdup (finding->object);

      if (finding->severity == CS_AUDIT_SEVERITY_BLOCKING)
        /* Translators: "[blocking] Lead.ConvertedDate: what is wrong and what to do" */
        g_print (_("[blocking] %s: %s\n"), where, finding->message);
      else
        /* Translators: "[warning] Lead.Fax: what is wrong and what to do" */
        g_print (_("[warning] %s: %s\n"), where, finding->message);
    }
}

/* @text ("3 new") is freed. */
static void
append_count (GString  *line,
              guint     count,
              gboolean  always,
              char     *text)
{
  g_autofree char *owned = text;

  if (count == 0 && !always)
    return;
  if (line->len > 0)
    g_string_append (line, ", ");
  g_string_append (line, owned);
}

/* "Lead: 3 new, 60 unchanged"; zero counts are left out except in the total. */
static void
print_counts_text (const char              *name,
                   const CsFieldSyncCounts *counts,
                   gboolean                 all)
{
  g_autoptr(GString) line = g_string_new (NULL);

  /* Translators: numbers of fields in a field sync's summary line */
  append_count (line, counts->n_new, all,
                g_strdup_printf (ngettext ("%u new", "%u new", counts->n_new), counts->n_new));
  append_count (line, counts->n_unchanged, all,
                g_strdup_printf (ngettext ("%u unchanged", "%u unchanged", counts->n_unchanged), counts->n_unchanged));
  append_count (line, counts->n_no_longer_synced, all,
                g_strdup_printf (ngettext ("%u no longer synced", "%u no longer synced", counts->n_no_longer_synced), counts->n_no_longer_synced));
  append_count (line, counts->n_type_changed, all,
                g_strdup_printf (ngettext ("%u type changed", "%u types changed", counts->n_type_changed), counts->n_type_changed));
  append_count (line, counts->n_resumed, all,
                g_strdup_printf (ngettext ("%u synced again", "%u synced again", counts->n_resumed), counts->n_resumed));
  append_count (line, counts->n_relabelled, all,
                g_strdup_printf (ngettext ("%u relabelled in Salesforce", "%u relabelled in Salesforce", counts->n_relabelled), counts->n_relabelled));
  g_print ("  %-24s %s\n", name, line->str);
}

static void
print_summary_text (const CsFieldSyncSummary *summary,
                    gint64                    recorded_fields)
{
  const CsFieldSyncCounts *total = &summary->total;

  if (total->n_new + total->n_unchanged + total->n_no_longer_synced +
      total->n_type_changed + total->n_resumed == 0)
    g_print ("%s\n", _("Nothing changed in Salesforce since the last field sync."));
  else
    {
      g_print ("%s\n", _("Fields recorded:"));
      for (guint i = 0; summary->objects != NULL && i < summary->objects->len; i++)
        {
          CsFieldSyncObjectSummary *object = g_ptr_array_index (summary->objects, i);

          print_counts_text (object->object, &object->counts, FALSE);
        }
      print_counts_text (_("Total"), total, TRUE);
    }

  /* Translators: %u is a number of fields (all statuses). */
  g_print (ngettext ("The field catalog of this connection holds %u field.\n",
                     "The field catalog of this connection holds %u fields.\n",
                     (gulong) recorded_fields),
           (guint) recorded_fields);
}

/* Audit unless --no-audit, then record; prints the outcome. */
static int
run_field_sync (CsFieldSync        *sync,
                CsFieldCatalog     *catalog,
                const char         *id,
                const char * const *objects,
                FieldsRun          *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_auto(CsFieldSyncSummary) summary = { { 0 }, NULL };
  gint64 recorded_fields;

  for (guint i = 0; objects != NULL && objects[i] != NULL; i++)
    if (!cs_field_sync_add_custom_object (sync, objects[i], &error))
      {
        report_error (error);
        return EXIT_USAGE;
      }

  if (!opt_no_audit)
    {
      g_autoptr(GAsyncResult) result = NULL;

      cs_field_sync_check_async (sync, NULL, store_result_cb, &result);
      findings = cs_field_sync_check_finish (sync, wait_for (&result), &error);
      if (run->keyring_error != NULL)
        return report_error (run->keyring_error);
      if (findings == NULL)
        return report_error (error);

      if (cs_access_audit_count_blocking (findings) > 0)
        {
          recorded_fields = cs_field_catalog_count (catalog, id, &error);
          if (recorded_fields < 0)
            return report_error (error);
          if (opt_json)
            print_fields_json (id, findings, TRUE, NULL, recorded_fields);
          else
            {
              print_findings_text (findings);
              g_printerr ("crm-sync: %s\n",
                          _("The sync user’s access has problems that block the sync: fix them in "
                            "Salesforce and run “crm-sync fields” again. Nothing was recorded."));
            }
          return EXIT_ACCESS_PROBLEMS;
        }
      if (!opt_json)
        print_findings_text (findings);
    }

  /* Nobody reviews between check and record here: fields that appeared in
   * between (the field sync has listed them now) are simply recorded by a
   * second attempt, unless they bring access problems. */
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gboolean recorded;

      cs_field_sync_record_async (sync, NULL, store_result_cb, &result);
      recorded = cs_field_sync_record_finish (sync, wait_for (&result), &summary, &error);
      if (run->keyring_error != NULL)
        return report_error (run->keyring_error);
      if (recorded)
        break;
      if (attempt > 0 || !g_error_matches (error, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK) ||
          cs_access_audit_count_blocking (cs_field_sync_get_findings (sync)) > 0)
        return report_error (error);
      g_clear_error (&error);
      g_clear_pointer (&findings, g_ptr_array_unref);
      findings = g_ptr_array_ref (cs_field_sync_get_findings (sync));
    }

  recorded_fields = cs_field_catalog_count (catalog, id, &error);
  if (recorded_fields < 0)
    return report_error (error);
  if (opt_json)
    print_fields_json (id, findings, !opt_no_audit, &summary, recorded_fields);
  else
    print_summary_text (&summary, recorded_fields);
  return EXIT_OK;
}

static int
command_fields (const char         *named_id,
                const char * const *objects)
{
  g_auto(StoredConnection) stored = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(CsFieldSync) sync = NULL;
  FieldsRun run = { NULL, NULL };
  int status;

  id = named_id != NULL ? g_strdup (named_id) : dup_only_connection_id (&error);
  if (id == NULL)
    {
      int status_for_error = report_error (error);

      /* None or several stored: the command line must name one. */
      return g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_INPUT) ? EXIT_USAGE : status_for_error;
    }
  if (!load_connection (id, &stored, &error))
    return report_error (error);

  store = cs_connection_store_open (NULL, &error);
  if (store == NULL)
    return report_error (error);
  catalog = cs_field_catalog_new (store, &error);
  if (catalog == NULL)
    return report_error (error);

  /* Only the refresh token is kept: the client refreshes before its first
   * request and learns the instance URL from the answer. */
  tokens = cs_token_set_new (NULL, stored.refresh_token, NULL, NULL);
  client = cs_salesforce_client_new (stored.oauth, tokens);
  /* Saves the versions round trip when the wizard recorded one. */
  if (stored.connection->api_version != NULL)
    cs_salesforce_client_set_api_version (client, stored.connection->api_version);
  run.stored = &stored;
  g_signal_connect (client, "tokens-refreshed", G_CALLBACK (on_tokens_refreshed), &run);
  sync = cs_field_sync_new (client, catalog, id);

  status = run_field_sync (sync, catalog, id, objects, &run);

  /* Remember the version for the next run; nothing is lost if this fails. */
  if (status == EXIT_OK && stored.connection->api_version == NULL &&
      cs_salesforce_client_get_api_version (client) != NULL)
    {
      g_autoptr(GError) save_error = NULL;

      stored.connection->api_version = g_strdup (cs_salesforce_client_get_api_version (client));
      if (!cs_connection_store_save (store, stored.connection, &save_error))
        g_debug ("Could not remember the API version: %s", save_error->message);
    }

  /* The handler points into this frame. */
  g_signal_handlers_disconnect_by_func (client, on_tokens_refreshed, &run);
  g_clear_error (&run.keyring_error);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) objects = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON instead of text"), NULL },
    { "object", 0, 0, G_OPTION_ARG_STRING_ARRAY, &objects,
      N_("fields: also sync this custom object (repeatable)"), N_("NAME__c") },
    { "no-audit", 0, 0, G_OPTION_ARG_NONE, &opt_no_audit,
      N_("fields: record without checking the sync user’s access first"), NULL },
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
      "  connections          List the stored connections\n"
      "  check CONNECTION     Refresh the stored authorization and show who it logs in as\n"
      "  fields [CONNECTION]  Check the sync user’s access, then record the fields it sees\n"
      "                       in the field catalog (--object NAME__c, --no-audit)\n"
      "  forget CONNECTION    Revoke the authorization and delete the connection\n"
      "\n"
      "CONNECTION may be left out of “fields” when only one connection is stored.\n"
      "Secrets are read from the keyring, never from the command line.\n"
      "\n"
      "Exit status: 0 done, 1 failed, 2 wrong usage, 3 the authorization is no longer\n"
      "valid (run CRM Sync Setup again), 4 the sync user’s access has problems that\n"
      "block the sync (fix them in Salesforce; nothing was recorded)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("crm-sync: %s\n", error->message);
      return EXIT_USAGE;
    }

  command = argc > 1 ? argv[1] : "connections";
  if (g_str_equal (command, "fields") && argc <= 3)
    return command_fields (argc == 3 ? argv[2] : NULL, (const char * const *) objects);
  /* --object and --no-audit mean nothing to the other commands. */
  if (objects == NULL && !opt_no_audit)
    {
      if (g_str_equal (command, "connections") && argc <= 2)
        return command_connections ();
      if (g_str_equal (command, "check") && argc == 3)
        return command_check (argv[2]);
      if (g_str_equal (command, "forget") && argc == 3)
        return command_forget (argv[2]);
    }

  help = g_option_context_get_help (context, TRUE, NULL);
  g_printerr ("%s", help);
  return EXIT_USAGE;
}
