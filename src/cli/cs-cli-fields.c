/* cs-cli-fields.c: crm-sync fields, the access check and the field sync
 * headless for a stored connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-cli.h"

/* What a "fields" run needs while the core works. */
typedef struct
{
  CsConnectionVault *vault;
  const char        *connection_id;
} FieldsRun;

/* Salesforce refused the connection: every caller marks it the same way. */
static int
fail (FieldsRun    *run,
      const GError *error)
{
  cs_connection_vault_note_error (run->vault, run->connection_id, error);
  return cs_cli_report_error (error);
}

/* A rotated refresh token the keyring refused ends the run before anything
 * is printed as done: the stored one is dead. Returns -1 when all is well. */
static int
settle (FieldsRun *run)
{
  int status = cs_cli_finish_vault (run->vault, run->connection_id, CS_EXIT_OK);

  return status == CS_EXIT_OK ? -1 : status;
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
  cs_cli_print_json (builder);
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
  int status;

  for (guint i = 0; objects != NULL && objects[i] != NULL; i++)
    if (!cs_field_sync_add_custom_object (sync, objects[i], &error))
      {
        cs_cli_report_error (error);
        return CS_EXIT_USAGE;
      }

  if (!cs_cli_options.no_audit)
    {
      g_autoptr(GAsyncResult) result = NULL;

      cs_field_sync_check_async (sync, NULL, cs_cli_store_result, &result);
      findings = cs_field_sync_check_finish (sync, cs_cli_wait (&result), &error);
      if (findings == NULL)
        return fail (run, error);
      if ((status = settle (run)) >= 0)
        return status;

      if (cs_access_audit_count_blocking (findings) > 0)
        {
          recorded_fields = cs_field_catalog_count (catalog, id, &error);
          if (recorded_fields < 0)
            return cs_cli_report_error (error);
          if (cs_cli_options.json)
            print_fields_json (id, findings, TRUE, NULL, recorded_fields);
          else
            {
              print_findings_text (findings);
              g_printerr ("crm-sync: %s\n",
                          _("The sync user’s access has problems that block the sync: fix them in "
                            "Salesforce and run “crm-sync fields” again. Nothing was recorded."));
            }
          return CS_EXIT_ACCESS_PROBLEMS;
        }
      if (!cs_cli_options.json)
        print_findings_text (findings);
    }

  /* Nobody reviews between check and record here: fields that appeared in
   * between (the field sync has listed them now) are simply recorded by a
   * second attempt, unless they bring access problems. */
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gboolean recorded;

      cs_field_sync_record_async (sync, NULL, cs_cli_store_result, &result);
      recorded = cs_field_sync_record_finish (sync, cs_cli_wait (&result), &summary, &error);
      if (recorded)
        break;
      if (attempt > 0 || !g_error_matches (error, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK) ||
          cs_access_audit_count_blocking (cs_field_sync_get_findings (sync)) > 0)
        return fail (run, error);
      g_clear_error (&error);
      g_clear_pointer (&findings, g_ptr_array_unref);
      findings = g_ptr_array_ref (cs_field_sync_get_findings (sync));
    }

  if ((status = settle (run)) >= 0)
    return status;
  recorded_fields = cs_field_catalog_count (catalog, id, &error);
  if (recorded_fields < 0)
    return cs_cli_report_error (error);
  if (cs_cli_options.json)
    print_fields_json (id, findings, !cs_cli_options.no_audit, &summary, recorded_fields);
  else
    print_summary_text (&summary, recorded_fields);
  return CS_EXIT_OK;
}

int
cs_cli_command_fields (const char *name)
{
  g_autoptr(CsConnectionVault) vault = NULL;
  g_autoptr(CsVaultEntry) entry = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(CsSalesforceClient) client = NULL;
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(CsFieldSync) sync = NULL;
  FieldsRun run = { NULL, NULL };
  int status = CS_EXIT_OK;

  vault = cs_cli_open_vault (&status);
  if (vault == NULL || (id = cs_cli_resolve_connection (vault, name, &status)) == NULL)
    return status;
  cs_connection_vault_load_async (vault, id, NULL, cs_cli_store_result, &loaded);
  entry = cs_connection_vault_load_finish (vault, cs_cli_wait (&loaded), &error);
  if (entry == NULL)
    return cs_cli_report_error (error);

  catalog = cs_field_catalog_new (cs_connection_vault_get_store (vault), &error);
  if (catalog == NULL)
    return cs_cli_report_error (error);

  /* The vault keeps what the client's refreshes bring (rotated tokens). */
  client = cs_connection_vault_new_client (vault, entry, NULL);
  run.vault = vault;
  run.connection_id = entry->connection->id;
  sync = cs_field_sync_new (client, catalog, entry->connection->id);

  status = run_field_sync (sync, catalog, entry->connection->id,
                           (const char * const *) cs_cli_options.objects, &run);

  /* Remember the version for the next run; nothing is lost if this fails. */
  if (status == CS_EXIT_OK && entry->connection->api_version == NULL &&
      cs_salesforce_client_get_api_version (client) != NULL)
    {
      g_autoptr(GError) save_error = NULL;
      g_autoptr(CsConnection) stored = cs_connection_store_get (cs_connection_vault_get_store (vault),
                                                                entry->connection->id, &save_error);

      if (stored != NULL)
        {
          stored->api_version = g_strdup (cs_salesforce_client_get_api_version (client));
          if (!cs_connection_store_save (cs_connection_vault_get_store (vault), stored, &save_error))
            g_debug ("Could not remember the API version: %s", save_error->message);
        }
    }

  return cs_cli_finish_vault (vault, entry->connection->id, status);
}
