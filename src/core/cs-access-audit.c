/* cs-access-audit.c: checks the sync user's access from its describes.
 *
 * A describe lists only the fields the caller can see (field-level
 * security) and carries the caller's effective object permissions
 * (queryable/createable/updateable/deletable), so the sync user's own
 * describes tell what its profile lets the sync do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "cs-access-audit.h"
#include "cs-describe.h"

const char * const cs_sync_standard_objects[] = {
  "Lead", "Contact", "Account", "Opportunity", "OpportunityContactRole",
  "Campaign", "CampaignMember", "User", "Task", "Event", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (cs_sync_standard_objects) == CS_SYNC_N_STANDARD_OBJECTS + 1);

/* The setup guide's step 2: Read, Create, Edit, Delete on these. */
static const char * const full_access_objects[] = {
  "Account", "Campaign", "Contact", "Lead", "Opportunity", NULL
};

/* Fields the sync cannot run without. Lead's four are the guide's own
 * example of "required field is missing"; on every object the sync finds
 * changes by SystemModstamp and LastModifiedDate and assigns by OwnerId;
 * the Converted* references are how a converted lead is merged into its
 * contact; AccountId ties contacts and opportunities to their company; the
 * junction objects are nothing without both ends. */
typedef struct {
  const char *object;
  const char *fields[10];
} RequiredFields;

static const RequiredFields required_fields[] = {
  { "Lead", { "IsConverted", "ConvertedDate", "OwnerId", "SystemModstamp",
              "LastModifiedDate", "ConvertedContactId", "ConvertedAccountId", NULL } },
  { "Contact", { "OwnerId", "AccountId", "SystemModstamp", "LastModifiedDate", NULL } },
  { "Account", { "Name", "OwnerId", "Type", "SystemModstamp", "LastModifiedDate", NULL } },
  { "Opportunity", { "AccountId", "StageName", "IsClosed", "IsWon", "OwnerId",
                     "SystemModstamp", "LastModifiedDate", NULL } },
  { "OpportunityContactRole", { "OpportunityId", "ContactId", "SystemModstamp", NULL } },
  { "Campaign", { "Name", "OwnerId", "SystemModstamp", "LastModifiedDate", NULL } },
  { "CampaignMember", { "CampaignId", "LeadId", "ContactId", "SystemModstamp", NULL } },
  { "User", { "SystemModstamp", NULL } },
  { "Task", { "OwnerId", "WhoId", "WhatId", "SystemModstamp", NULL } },
  { "Event", { "OwnerId", "WhoId", "WhatId", "SystemModstamp", NULL } },
};

/* The guide: keep Read and Edit on all Task and Event fields. These are
 * their standard fields an administrator can edit (and so can hide or make
 * read-only with field-level security). */
static const char * const task_editable_fields[] = {
  "WhoId", "WhatId", "Subject", "ActivityDate", "Status", "Priority", "OwnerId",
  "Description", "Type", "CallDurationInSeconds", "CallType", "CallDisposition",
  "CallObject", "ReminderDateTime", "IsReminderSet", NULL
};

static const char * const event_editable_fields[] = {
  "WhoId", "WhatId", "Subject", "Location", "IsAllDayEvent", "ActivityDateTime",
  "ActivityDate", "DurationInMinutes", "StartDateTime", "EndDateTime", "Description",
  "OwnerId", "IsPrivate", "ShowAs", "ReminderDateTime", "IsReminderSet", NULL
};

G_DEFINE_BOXED_TYPE (CsAuditFinding, cs_audit_finding, cs_audit_finding_copy, cs_audit_finding_free)

const char *
cs_audit_code_to_string (CsAuditCode code)
{
  switch (code)
    {
    case CS_AUDIT_CODE_OBJECT_MISSING:  return "object-missing";
    case CS_AUDIT_CODE_NO_READ:         return "no-read";
    case CS_AUDIT_CODE_NO_CREATE:       return "no-create";
    case CS_AUDIT_CODE_NO_EDIT:         return "no-edit";
    case CS_AUDIT_CODE_NO_DELETE:       return "no-delete";
    case CS_AUDIT_CODE_FIELD_HIDDEN:    return "field-hidden";
    case CS_AUDIT_CODE_FIELD_READ_ONLY: return "field-read-only";
    default:                            break;
    }
  g_return_val_if_reached ("unknown");
}

const char *
cs_audit_severity_to_string (CsAuditSeverity severity)
{
  switch (severity)
    {
    case CS_AUDIT_SEVERITY_BLOCKING: return "blocking";
    case CS_AUDIT_SEVERITY_WARNING:  return "warning";
    default:                         break;
    }
  g_return_val_if_reached ("unknown");
}

CsAuditFinding *
cs_audit_finding_copy (const CsAuditFinding *finding)
{
  CsAuditFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (CsAuditFinding, 1);
  copy->severity = finding->severity;
  copy->object = g_strdup (finding->object);
  copy->field = g_strdup (finding->field);
  copy->code = finding->code;
  copy->message = g_strdup (finding->message);

  return copy;
}

void
cs_audit_finding_free (CsAuditFinding *finding)
{
  if (finding == NULL)
    return;

  g_free (finding->object);
  g_free (finding->field);
  g_free (finding->message);
  g_free (finding);
}

/* ------------------------------------------------------------------------ */

static void
add_finding (GPtrArray       *findings,
             CsAuditSeverity  severity,
             CsAuditCode      code,
             const char      *object,
             const char      *field,
             char            *message)   /* transfer full */
{
  CsAuditFinding *finding = g_new0 (CsAuditFinding, 1);

  finding->severity = severity;
  finding->code = code;
  finding->object = g_strdup (object);
  finding->field = g_strdup (field);
  finding->message = message;

  g_ptr_array_add (findings, finding);
}

static void
add_hidden (GPtrArray       *findings,
            CsAuditSeverity  severity,
            const char      *object,
            const char      *field)
{
  char *message;

  if (severity == CS_AUDIT_SEVERITY_BLOCKING)
    message = g_strdup_printf (_("The sync user cannot see %s.%s, which the sync requires: "
                                 "it would fail with “required field is missing”. In "
                                 "Salesforce Setup, Object Manager → %s → Fields & "
                                 "Relationships → %s → Set Field-Level Security, tick "
                                 "Visible for the sync user’s profile."),
                               object, field, object, field);
  else
    message = g_strdup_printf (_("The sync user cannot see %s.%s, so the sync leaves it "
                                 "out. In Salesforce Setup, Object Manager → %s → Fields & "
                                 "Relationships → %s → Set Field-Level Security, tick "
                                 "Visible for the sync user’s profile."),
                               object, field, object, field);

  add_finding (findings, severity, CS_AUDIT_CODE_FIELD_HIDDEN, object, field, message);
}

static void
add_read_only (GPtrArray       *findings,
               CsAuditSeverity  severity,
               const char      *object,
               const char      *field)
{
  char *message = g_strdup_printf (_("The sync user can read %s.%s but not edit it. In "
                                     "Salesforce Setup, Object Manager → %s → Fields & "
                                     "Relationships → %s → Set Field-Level Security, untick "
                                     "Read-Only for the sync user’s profile."),
                                   object, field, object, field);

  add_finding (findings, severity, CS_AUDIT_CODE_FIELD_READ_ONLY, object, field, message);
}

static void
add_object_permission (GPtrArray   *findings,
                       CsAuditCode  code,
                       const char  *object)
{
  char *message = NULL;

  switch (code)
    {
    case CS_AUDIT_CODE_NO_CREATE:
      message = g_strdup_printf (_("The sync user’s profile lacks the Create permission on "
                                   "%s. In Salesforce Setup, Profiles → the sync user’s "
                                   "profile → Object Settings → %s → Edit, tick Create."),
                                 object, object);
      break;
    case CS_AUDIT_CODE_NO_EDIT:
      message = g_strdup_printf (_("The sync user’s profile lacks the Edit permission on "
                                   "%s. In Salesforce Setup, Profiles → the sync user’s "
                                   "profile → Object Settings → %s → Edit, tick Edit."),
                                 object, object);
      break;
    case CS_AUDIT_CODE_NO_DELETE:
      message = g_strdup_printf (_("The sync user’s profile lacks the Delete permission on "
                                   "%s. In Salesforce Setup, Profiles → the sync user’s "
                                   "profile → Object Settings → %s → Edit, tick Delete."),
                                 object, object);
      break;
    case CS_AUDIT_CODE_OBJECT_MISSING:
    case CS_AUDIT_CODE_NO_READ:
    case CS_AUDIT_CODE_FIELD_HIDDEN:
    case CS_AUDIT_CODE_FIELD_READ_ONLY:
    default:
      g_assert_not_reached ();
    }

  add_finding (findings, CS_AUDIT_SEVERITY_BLOCKING, code, object, NULL, message);
}

static gboolean
is_activity (const char *object)
{
  return g_str_equal (object, "Task") || g_str_equal (object, "Event");
}

/* Edit Tasks / Edit Events are general permissions, not object settings. */
static void
add_activity_permission (GPtrArray   *findings,
                         CsAuditCode  code,
                         const char  *object)
{
  char *message = g_strdup_printf (_("The sync user cannot create or edit %s records. In "
                                     "Salesforce Setup, Profiles → the sync user’s profile → "
                                     "General User Permissions, tick “Edit Tasks” and "
                                     "“Edit Events”."),
                                   object);

  add_finding (findings, CS_AUDIT_SEVERITY_BLOCKING, code, object, NULL, message);
}

static void
audit_required_fields (GPtrArray  *findings,
                       const char *object,
                       CsDescribe *describe)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_fields); i++)
    {
      if (!g_str_equal (required_fields[i].object, object))
        continue;

      for (guint j = 0; required_fields[i].fields[j] != NULL; j++)
        if (cs_describe_lookup_field (describe, required_fields[i].fields[j]) == NULL)
          add_hidden (findings, CS_AUDIT_SEVERITY_BLOCKING, object, required_fields[i].fields[j]);
      return;
    }

  /* Custom objects: the sync finds changes by SystemModstamp. */
  if (cs_describe_lookup_field (describe, "SystemModstamp") == NULL)
    add_hidden (findings, CS_AUDIT_SEVERITY_BLOCKING, object, "SystemModstamp");
}

static gboolean
strv_contains_nocase (const char * const *strv,
                      const char         *name)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_ascii_strcasecmp (strv[i], name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_required (const char *object,
             const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_fields); i++)
    if (g_str_equal (required_fields[i].object, object))
      return strv_contains_nocase (required_fields[i].fields, field);
  return FALSE;
}

/* Every standard editable Task/Event field visible and editable, and every
 * custom one editable unless it is a formula. */
static void
audit_activity_fields (GPtrArray  *findings,
                       const char *object,
                       CsDescribe *describe)
{
  const char * const *editable = g_str_equal (object, "Task") ? task_editable_fields
                                                              : event_editable_fields;
  guint n_fields = cs_describe_get_n_fields (describe);

  for (guint i = 0; editable[i] != NULL; i++)
    {
      const CsDescribeField *field = cs_describe_lookup_field (describe, editable[i]);

      if (field == NULL)
        {
          /* Required ones were reported as blocking already. */
          if (!is_required (object, editable[i]))
            add_hidden (findings, CS_AUDIT_SEVERITY_WARNING, object, editable[i]);
        }
      else if (!field->updateable)
        add_read_only (findings, CS_AUDIT_SEVERITY_WARNING, object, editable[i]);
    }

  for (guint i = 0; i < n_fields; i++)
    {
      const CsDescribeField *field = cs_describe_get_field (describe, i);

      if (field->custom && !field->calculated && !field->auto_number && !field->updateable)
        add_read_only (findings, CS_AUDIT_SEVERITY_WARNING, object, field->name);
    }
}

static void
audit_object (GPtrArray  *findings,
              const char *object,
              JsonNode   *node)
{
  g_autoptr(CsDescribe) describe = cs_describe_new_from_json (node, object, NULL);
  gboolean editable;

  /* An unreadable describe tells nothing the sync could use either. */
  if (describe == NULL || !cs_describe_is_queryable (describe))
    {
      char *message = g_strdup_printf (_("The sync user cannot read %s records. In Salesforce "
                                         "Setup, Profiles → the sync user’s profile → Object "
                                         "Settings → %s → Edit, tick Read."),
                                       object, object);

      add_finding (findings, CS_AUDIT_SEVERITY_BLOCKING, CS_AUDIT_CODE_NO_READ, object, NULL,
                   message);
      return;
    }

  editable = cs_describe_is_updateable (describe);

  if (g_strv_contains (full_access_objects, object))
    {
      if (!cs_describe_is_createable (describe))
        add_object_permission (findings, CS_AUDIT_CODE_NO_CREATE, object);
      if (!editable)
        add_object_permission (findings, CS_AUDIT_CODE_NO_EDIT, object);
      if (!cs_describe_is_deletable (describe))
        add_object_permission (findings, CS_AUDIT_CODE_NO_DELETE, object);
    }
  else if (is_activity (object))
    {
      if (!cs_describe_is_createable (describe))
        add_activity_permission (findings, CS_AUDIT_CODE_NO_CREATE, object);
      if (!editable)
        add_activity_permission (findings, CS_AUDIT_CODE_NO_EDIT, object);
    }

  audit_required_fields (findings, object, describe);

  /* Read-only fields are only worth a finding when the object itself is
   * editable: otherwise the missing Edit permission above says it all. */
  if (g_str_equal (object, "Account") && editable)
    {
      const CsDescribeField *type = cs_describe_lookup_field (describe, "Type");

      if (type != NULL && !type->updateable)
        add_read_only (findings, CS_AUDIT_SEVERITY_BLOCKING, object, "Type");
    }

  if (is_activity (object) && editable)
    audit_activity_fields (findings, object, describe);
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const CsAuditFinding *fa = *(CsAuditFinding * const *) a;
  const CsAuditFinding *fb = *(CsAuditFinding * const *) b;
  int cmp;

  if (fa->severity != fb->severity)
    return fa->severity == CS_AUDIT_SEVERITY_BLOCKING ? -1 : 1;
  cmp = g_strcmp0 (fa->object, fb->object);
  if (cmp != 0)
    return cmp;
  /* Object-level findings before the object's field findings. */
  if ((fa->field == NULL) != (fb->field == NULL))
    return fa->field == NULL ? -1 : 1;
  cmp = g_strcmp0 (fa->field, fb->field);
  if (cmp != 0)
    return cmp;
  return (int) fa->code - (int) fb->code;
}

static void
audit_one (GPtrArray  *findings,
           GHashTable *describes,
           const char *object)
{
  gpointer value = NULL;

  if (!g_hash_table_lookup_extended (describes, object, NULL, &value))
    {
      char *message = g_strdup_printf (_("The sync user cannot see the object %s. In "
                                         "Salesforce Setup, Profiles → the sync user’s "
                                         "profile → Object Settings → %s → Edit, tick Read "
                                         "(and, for a custom object, check that it is "
                                         "deployed)."),
                                       object, object);

      add_finding (findings, CS_AUDIT_SEVERITY_BLOCKING, CS_AUDIT_CODE_OBJECT_MISSING, object,
                   NULL, message);
      return;
    }

  /* 304: unchanged since the describes that were audited before. */
  if (value == NULL)
    return;

  audit_object (findings, object, value);
}

GPtrArray *
cs_access_audit_run (GHashTable         *describes,
                     const char * const *custom_objects)
{
  g_autoptr(GPtrArray) findings = NULL;

  g_return_val_if_fail (describes != NULL, NULL);

  findings = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_audit_finding_free);

  for (guint i = 0; cs_sync_standard_objects[i] != NULL; i++)
    audit_one (findings, describes, cs_sync_standard_objects[i]);

  for (guint i = 0; custom_objects != NULL && custom_objects[i] != NULL; i++)
    if (!g_strv_contains (cs_sync_standard_objects, custom_objects[i]))
      audit_one (findings, describes, custom_objects[i]);

  g_ptr_array_sort (findings, compare_findings);

  return g_steal_pointer (&findings);
}

guint
cs_access_audit_count_blocking (GPtrArray *findings)
{
  guint n = 0;

  g_return_val_if_fail (findings != NULL, 0);

  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity == CS_AUDIT_SEVERITY_BLOCKING)
        n++;
    }

  return n;
}
