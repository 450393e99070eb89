/* test-access-audit.c: the access audit against the practice org's seeded
 * field-level security and object permissions, as the sync user sees them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fields-test-common.h"

static GPtrArray *
audit (FieldsFixture      *fixture,
       const char * const *custom_objects)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) describes = NULL;

  g_strv_builder_addv (builder, (const char **) cs_sync_standard_objects);
  if (custom_objects != NULL)
    g_strv_builder_addv (builder, (const char **) custom_objects);
  names = g_strv_builder_end (builder);

  describes = fields_describe_many (fixture, (const char * const *) names, NULL, NULL);
  return cs_access_audit_run (describes, custom_objects);
}

static CsAuditFinding *
find (GPtrArray   *findings,
      const char  *object,
      const char  *field,
      CsAuditCode  code)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->object, object) &&
          g_strcmp0 (finding->field, field) == 0 &&
          finding->code == code)
        return finding;
    }
  return NULL;
}

static void
dump (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);

      g_test_message ("%s %s %s.%s: %s", cs_audit_severity_to_string (finding->severity),
                      cs_audit_code_to_string (finding->code), finding->object,
                      finding->field != NULL ? finding->field : "", finding->message);
    }
}

static void
assert_blocking_first (GPtrArray *findings)
{
  gboolean seen_warning = FALSE;

  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity == CS_AUDIT_SEVERITY_WARNING)
        seen_warning = TRUE;
      else
        g_assert_false (seen_warning);
      g_assert_nonnull (finding->message);
      g_assert_cmpstr (finding->message, !=, "");
    }
}

/* The seed hides Lead.ConvertedDate from the sync user and gives it no
 * Delete on Campaign: exactly those two, both blocking. */
static void
test_seeded_problems (FieldsFixture *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) findings = audit (fixture, NULL);
  CsAuditFinding *finding;

  dump (findings);
  assert_blocking_first (findings);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_cmpuint (cs_access_audit_count_blocking (findings), ==, 2);

  finding = find (findings, "Lead", "ConvertedDate", CS_AUDIT_CODE_FIELD_HIDDEN);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  g_assert_nonnull (strstr (finding->message, "Field-Level Security"));
  g_assert_nonnull (strstr (finding->message, "ConvertedDate"));

  finding = find (findings, "Campaign", NULL, CS_AUDIT_CODE_NO_DELETE);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  g_assert_nonnull (strstr (finding->message, "Delete"));
  g_assert_nonnull (strstr (finding->message, "Object Settings"));
}

/* "Check again" after the admin fixed Salesforce: nothing left. */
static void
test_fixed_clears (FieldsFixture *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) before = audit (fixture, NULL);
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpuint (cs_access_audit_count_blocking (before), ==, 2);

  cs_practice_org_set_field_visible (fixture->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (fixture->org, "Campaign", "delete", TRUE);

  after = audit (fixture, NULL);
  dump (after);
  g_assert_cmpuint (after->len, ==, 0);
}

/* Each kind of problem the guide's step 2 names, once broken on purpose. */
static void
test_other_problems (FieldsFixture *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GPtrArray) findings = NULL;
  CsAuditFinding *finding;

  cs_practice_org_set_field_visible (fixture->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (fixture->org, "Campaign", "delete", TRUE);

  cs_practice_org_set_object_permission (fixture->org, "Contact", "edit", FALSE);
  cs_practice_org_set_object_permission (fixture->org, "Opportunity", "create", FALSE);
  cs_practice_org_set_object_permission (fixture->org, "CampaignMember", "read", FALSE);
  cs_practice_org_set_field_visible (fixture->org, "Account", "Type", FALSE);
  cs_practice_org_set_field_visible (fixture->org, "Lead", "SystemModstamp", FALSE);
  cs_practice_org_set_field_visible (fixture->org, "Task", "Subject", FALSE);
  cs_practice_org_set_field_visible (fixture->org, "Event", "WhoId", FALSE);

  findings = audit (fixture, NULL);
  dump (findings);
  assert_blocking_first (findings);

  g_assert_nonnull (find (findings, "Contact", NULL, CS_AUDIT_CODE_NO_EDIT));
  g_assert_nonnull (find (findings, "Opportunity", NULL, CS_AUDIT_CODE_NO_CREATE));
  /* No Read: Salesforce does not describe it at all. */
  finding = find (findings, "CampaignMember", NULL, CS_AUDIT_CODE_OBJECT_MISSING);
  if (finding == NULL)
    finding = find (findings, "CampaignMember", NULL, CS_AUDIT_CODE_NO_READ);
  g_assert_true (finding != NULL && finding->severity == CS_AUDIT_SEVERITY_BLOCKING);

  finding = find (findings, "Account", "Type", CS_AUDIT_CODE_FIELD_HIDDEN);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  finding = find (findings, "Lead", "SystemModstamp", CS_AUDIT_CODE_FIELD_HIDDEN);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  finding = find (findings, "Task", "Subject", CS_AUDIT_CODE_FIELD_HIDDEN);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_WARNING);
  finding = find (findings, "Event", "WhoId", CS_AUDIT_CODE_FIELD_HIDDEN);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);

  /* Contact without Edit: its fields are read-only, one finding says so. */
  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *f = g_ptr_array_index (findings, i);

      g_assert_false (g_str_equal (f->object, "Contact") &&
                      f->code == CS_AUDIT_CODE_FIELD_READ_ONLY);
    }
}

/* Task without Edit: the general permissions "Edit Tasks"/"Edit Events". */
static void
test_activity_permission (FieldsFixture *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) findings = NULL;
  CsAuditFinding *finding;

  cs_practice_org_set_object_permission (fixture->org, "Task", "edit", FALSE);

  findings = audit (fixture, NULL);
  dump (findings);
  finding = find (findings, "Task", NULL, CS_AUDIT_CODE_NO_EDIT);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  g_assert_nonnull (strstr (finding->message, "Edit Tasks"));
}

/* A custom object the admin adds is audited too; one the sync user cannot
 * see is blocking. */
static void
test_custom_objects (FieldsFixture *fixture,
                     gconstpointer  user_data)
{
  static const char * const custom[] = { "Generated_1__c", "Missing__c", NULL };
  g_autoptr(GPtrArray) findings = NULL;
  CsAuditFinding *finding;

  cs_practice_org_add_generated_objects (fixture->org, 1, 5);

  findings = audit (fixture, custom);
  dump (findings);
  finding = find (findings, "Missing__c", NULL, CS_AUDIT_CODE_OBJECT_MISSING);
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
  g_assert_null (find (findings, "Generated_1__c", NULL, CS_AUDIT_CODE_OBJECT_MISSING));
  g_assert_cmpuint (cs_access_audit_count_blocking (findings), ==, 3);
}

/* Without the org: 304 entries are skipped, missing ones are blocking, the
 * boxed type copies. */
static void
test_offline (void)
{
  g_autoptr(GHashTable) describes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(CsAuditFinding) copy = NULL;

  for (guint i = 0; cs_sync_standard_objects[i] != NULL; i++)
    if (i % 2 == 0)
      g_hash_table_insert (describes, (gpointer) cs_sync_standard_objects[i], NULL);

  findings = cs_access_audit_run (describes, NULL);
  g_assert_cmpuint (findings->len, ==, CS_SYNC_N_STANDARD_OBJECTS / 2);
  for (guint i = 0; i < findings->len; i++)
    {
      CsAuditFinding *finding = g_ptr_array_index (findings, i);

      g_assert_cmpint (finding->code, ==, CS_AUDIT_CODE_OBJECT_MISSING);
      g_assert_cmpint (finding->severity, ==, CS_AUDIT_SEVERITY_BLOCKING);
      g_assert_null (finding->field);
      if (i > 0)
        g_assert_cmpstr (((CsAuditFinding *) g_ptr_array_index (findings, i - 1))->object, <,
                         finding->object);
    }

  copy = g_boxed_copy (CS_TYPE_AUDIT_FINDING, g_ptr_array_index (findings, 0));
  g_assert_cmpstr (copy->message, ==, ((CsAuditFinding *) g_ptr_array_index (findings, 0))->message);
  g_assert_cmpstr (cs_audit_code_to_string (CS_AUDIT_CODE_NO_DELETE), ==, "no-delete");
  g_assert_cmpstr (cs_audit_severity_to_string (CS_AUDIT_SEVERITY_WARNING), ==, "warning");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fields/audit/" path, FieldsFixture, NULL, \
              fields_fixture_set_up, func, fields_fixture_tear_down)

  ADD ("seeded-problems", test_seeded_problems);
  ADD ("fixed-clears", test_fixed_clears);
  ADD ("other-problems", test_other_problems);
  ADD ("activity-permission", test_activity_permission);
  ADD ("custom-objects", test_custom_objects);
  g_test_add_func ("/fields/audit/offline", test_offline);

  return g_test_run ();
}
