/* test-practice-units.c: the practice org's building blocks without HTTP:
 * record ids, the JSON writer, SOQL, the seeded schema, to_json().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-data.h"
#include "cs-practice-org.h"
#include "cs-practice-schema.h"
#include "cs-practice-seed.h"
#include "cs-practice-soql.h"
#include "cs-practice-util.h"

static void
test_id_suffix (void)
{
  g_autofree char *worked = cs_practice_id_suffix ("00558000001N0Ke");
  g_autofree char *master = cs_practice_id_suffix ("012000000000000");
  g_autofree char *id18 = cs_practice_id_to_18 ("00558000001N0Ke");
  g_autofree char *lower = cs_practice_id_to_18 ("00558000001N0Keaak");

  /* The worked example of standard-objects.md §2.3. */
  g_assert_cmpstr (worked, ==, "AAK");
  g_assert_cmpstr (master, ==, "AAA");
  g_assert_cmpstr (id18, ==, "00558000001N0KeAAK");
  /* The suffix is case-insensitive on input, canonical on output. */
  g_assert_cmpstr (lower, ==, "00558000001N0KeAAK");
  g_assert_true (cs_practice_id_is_valid ("00558000001N0KeAAK"));
  g_assert_false (cs_practice_id_is_valid ("00558000001N0KeAAA"));
  g_assert_false (cs_practice_id_is_valid ("00558000001N0K"));
  g_assert_false (cs_practice_id_is_valid ("00558000001N0K!"));
}

static void
test_make_id (void)
{
  guint64 serials[] = { 0, 1, 61, 62, 20000000, 3100001, G_GUINT64_CONSTANT (13537086546263551) };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (serials); i++)
    {
      g_autofree char *id = cs_practice_make_id ("00Q", serials[i]);
      guint64 back = 0;

      g_assert_cmpuint (strlen (id), ==, 18);
      g_assert_true (g_str_has_prefix (id, "00Q5g0"));
      g_assert_true (cs_practice_id_is_valid (id));
      g_assert_true (cs_practice_id_get_serial (id, &back));
      g_assert_cmpuint (back, ==, serials[i]);
    }
}

static void
test_json_writer (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "quote", "say \"hi\"\n\\ \x01");
  cs_json_kv_null (&w, "nothing");
  cs_json_key (&w, "list");
  cs_json_begin_array (&w);
  cs_json_int (&w, -3);
  cs_json_double (&w, 2.0);
  cs_json_double (&w, 0.25);
  cs_json_bool (&w, TRUE);
  cs_json_begin_object (&w);
  cs_json_end_object (&w);
  cs_json_end_array (&w);
  cs_json_kv_string (&w, "utf8", "Ünïcødé ✓");
  cs_json_end_object (&w);

  g_assert_cmpstr (out->str, ==,
                   "{\"quote\":\"say \\\"hi\\\"\\n\\\\ \\u0001\",\"nothing\":null,"
                   "\"list\":[-3,2.0,0.25,true,{}],\"utf8\":\"Ünïcødé ✓\"}");
  parsed = json_from_string (out->str, &error);
  g_assert_no_error (error);
  object = json_node_get_object (parsed);
  g_assert_cmpstr (json_object_get_string_member (object, "quote"), ==, "say \"hi\"\n\\ \x01");
}

static void
test_form_and_dates (void)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *http = cs_practice_http_date (G_GINT64_CONSTANT (1748779200));
  g_autofree char *rest = cs_practice_rest_datetime (G_GINT64_CONSTANT (1748779200));
  g_autofree char *date = cs_practice_rest_date (G_GINT64_CONSTANT (1748779200));
  gint64 parsed = 0;

  cs_practice_append_form_param (query, "error_description", "end-user denied authorization");
  cs_practice_append_form_param (query, "code", "aPrx+/==");
  cs_practice_append_form_param (query, "state", NULL);
  g_assert_cmpstr (query->str, ==, "error_description=end-user+denied+authorization&code=aPrx%2B%2F%3D%3D");

  g_assert_cmpstr (http, ==, "Sun, 01 Jun 2025 12:00:00 GMT");
  g_assert_true (cs_practice_parse_http_date (http, &parsed));
  g_assert_cmpint (parsed, ==, 1748779200);
  g_assert_false (cs_practice_parse_http_date ("yesterday", &parsed));
  g_assert_cmpstr (rest, ==, "2025-06-01T12:00:00.000+0000");
  g_assert_cmpstr (date, ==, "2025-06-01");
}

static void
test_random (void)
{
  g_autofree char *a = cs_practice_random_string (CS_PRACTICE_ALNUM, 64);
  g_autofree char *b = cs_practice_random_string (CS_PRACTICE_ALNUM, 64);
  g_autofree char *digits = cs_practice_random_string ("0123456789", 6);
  guint i;

  g_assert_cmpuint (strlen (a), ==, 64);
  g_assert_cmpstr (a, !=, b);
  for (i = 0; i < 6; i++)
    g_assert_true (g_ascii_isdigit (digits[i]));
}

typedef struct {
  CsPracticeSchema *schema;
  CsPracticeData   *data;
} SoqlFixture;

static void
soql_setup (SoqlFixture   *fixture,
            gconstpointer  user_data)
{
  fixture->schema = cs_practice_schema_new ();
  cs_practice_seed_schema (fixture->schema);
  fixture->data = cs_practice_data_new (300);
}

static void
soql_teardown (SoqlFixture   *fixture,
               gconstpointer  user_data)
{
  g_clear_pointer (&fixture->schema, cs_practice_schema_free);
  g_clear_pointer (&fixture->data, cs_practice_data_free);
}

static guint
count (SoqlFixture    *fixture,
       CsPracticeRole  role,
       const char     *soql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSoqlResult) result = cs_soql_run (fixture->schema, fixture->data, role, soql, &error);

  g_assert_no_error (error);
  return cs_soql_result_get_total (result);
}

static char *
records_json (SoqlFixture *fixture,
              const char  *soql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSoqlResult) result = cs_soql_run (fixture->schema, fixture->data,
                                                CS_PRACTICE_ROLE_ADMIN, soql, &error);
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  g_assert_no_error (error);
  cs_json_writer_init (&w, out);
  cs_json_begin_array (&w);
  cs_soql_result_write_records (result, fixture->data, "64.0", 0, 2000, &w);
  cs_json_end_array (&w);
  return g_string_free (out, FALSE);
}

static void
test_soql_filters (SoqlFixture   *fixture,
                   gconstpointer  user_data)
{
  guint converted = count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Lead WHERE IsConverted = true");
  guint open = count (fixture, CS_PRACTICE_ROLE_ADMIN,
                      "SELECT Id FROM Lead WHERE IsConverted = false");

  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN, "SELECT COUNT() FROM Lead"), ==, 300);
  g_assert_cmpuint (converted, ==, 12);
  g_assert_cmpuint (converted + open, ==, 300);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "select id from lead where not (IsConverted = true) and Status != null"), ==, open);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Lead WHERE Email LIKE '%.example' LIMIT 7"), ==, 7);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Lead WHERE Rating IN ('Hot', 'Warm') OR Rating = null"), ==, 300 - 75);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Lead WHERE Rating NOT IN ('Hot')"), ==, 225);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Lead WHERE NumberOfEmployees >= 4000"), >, 0);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Lead WHERE CreatedDate < 2025-01-06T10:00:00Z"), ==, 6);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Lead ORDER BY Email LIMIT 10 OFFSET 295"), ==, 5);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Account WHERE Owner.Username = 'admin@practice.example'"), ==, 6);
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN,
                           "SELECT Id FROM Contact WHERE Account.Name LIKE 'north%'"), ==, 2);
}

static void
test_soql_output (SoqlFixture   *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *users = records_json (fixture, "SELECT Profile.Name, Username, Profile.Id FROM User "
                                                  "WHERE Username = 'admin@practice.example'");
  g_autofree char *aggregate = records_json (fixture, "SELECT COUNT(Id) total FROM Campaign");
  g_autofree char *nulls = records_json (fixture, "SELECT Id, Fax, IsUnreadByOwner, Owner.Name "
                                                  "FROM Lead ORDER BY CreatedDate LIMIT 1");

  /* The relationship object sits where it first appears, with its own
   * attributes and every field selected from it. */
  g_assert_true (g_str_has_prefix (users, "[{\"attributes\":{\"type\":\"User\",\"url\":\"/services/data/v64.0/sobjects/User/005"));
  g_assert_nonnull (strstr (users, "\"Profile\":{\"attributes\":{\"type\":\"Profile\""));
  g_assert_nonnull (strstr (users, "\"Name\":\"System Administrator\",\"Id\":\"00e"));
  g_assert_nonnull (strstr (users, "},\"Username\":\"admin@practice.example\"}]"));
  g_assert_cmpstr (aggregate, ==, "[{\"attributes\":{\"type\":\"AggregateResult\"},\"total\":3}]");
  g_assert_nonnull (strstr (nulls, "\"Fax\":null,\"IsUnreadByOwner\":true,\"Owner\":{"));
  g_assert_nonnull (strstr (nulls, "\"Name\":\"Pat Administrator\""));
}

static void
test_soql_errors (SoqlFixture   *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) malformed = NULL;
  g_autoptr(GError) hidden = NULL;
  g_autoptr(GError) type = NULL;
  g_autoptr(CsSoqlResult) r1 = cs_soql_run (fixture->schema, fixture->data, CS_PRACTICE_ROLE_SYNC,
                                            "SELECT Id FORM Lead", &malformed);
  g_autoptr(CsSoqlResult) r2 = cs_soql_run (fixture->schema, fixture->data, CS_PRACTICE_ROLE_SYNC,
                                            "SELECT Id, ConvertedDate FROM Lead", &hidden);
  g_autoptr(CsSoqlResult) r3 = cs_soql_run (fixture->schema, fixture->data, CS_PRACTICE_ROLE_SYNC,
                                            "SELECT Id FROM Nope__c", &type);

  g_assert_null (r1);
  g_assert_error (malformed, CS_SOQL_ERROR, CS_SOQL_ERROR_MALFORMED_QUERY);
  g_assert_cmpstr (malformed->message, ==,
                   "\nSELECT Id FORM Lead\n          ^\nERROR at Row:1:Column:11\nunexpected token: FORM");
  g_assert_null (r2);
  g_assert_error (hidden, CS_SOQL_ERROR, CS_SOQL_ERROR_INVALID_FIELD);
  g_assert_cmpstr (cs_soql_error_code (hidden), ==, "INVALID_FIELD");
  g_assert_nonnull (strstr (hidden->message, "No such column 'ConvertedDate' on entity 'Lead'"));
  g_assert_null (r3);
  g_assert_cmpstr (cs_soql_error_code (type), ==, "INVALID_TYPE");
  /* The administrator sees the field the sync user cannot. */
  g_assert_cmpuint (count (fixture, CS_PRACTICE_ROLE_ADMIN, "SELECT Id, ConvertedDate FROM Lead"), ==, 300);
}

static void
test_seed_schema (SoqlFixture   *fixture,
                  gconstpointer  user_data)
{
  static const char *objects[] = {
    "Lead", "Contact", "Account", "Opportunity", "OpportunityContactRole", "Campaign",
    "CampaignMember", "User", "Task", "Event",
  };
  CsPracticeObject *lead = cs_practice_schema_lookup (fixture->schema, "lead");
  CsPracticeObject *contact = cs_practice_schema_lookup (fixture->schema, "Contact");
  CsPracticeObject *ocr = cs_practice_schema_lookup (fixture->schema, "OpportunityContactRole");
  CsPracticeObject *event = cs_practice_schema_lookup (fixture->schema, "Event");
  CsPracticeObject *campaign = cs_practice_schema_lookup (fixture->schema, "Campaign");
  guint visible = 0;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (objects); i++)
    g_assert_nonnull (cs_practice_schema_lookup (fixture->schema, objects[i]));

  /* The captured field counts, plus the hidden-by-default and custom ones. */
  for (i = 0; i < lead->fields->len; i++)
    if (!g_str_has_suffix (((CsPracticeField *) g_ptr_array_index (lead->fields, i))->name, "__c"))
      visible++;
  g_assert_cmpuint (visible, ==, 54 + 3);
  g_assert_cmpuint (ocr->fields->len, ==, 11);
  g_assert_cmpuint (event->fields->len, ==, 48);
  g_assert_nonnull (cs_practice_object_lookup_field (contact, "MAILINGADDRESS"));
  g_assert_nonnull (cs_practice_object_lookup_field (contact, "mkto71_Lead_Score__c"));

  g_assert_false (cs_practice_field_is_visible (cs_practice_object_lookup_field (lead, "ConvertedDate"),
                                                CS_PRACTICE_ROLE_SYNC));
  g_assert_true (cs_practice_field_is_visible (cs_practice_object_lookup_field (lead, "ConvertedDate"),
                                               CS_PRACTICE_ROLE_ADMIN));
  g_assert_cmpuint (cs_practice_object_get_permissions (campaign, CS_PRACTICE_ROLE_SYNC) & CS_PERM_DELETE, ==, 0);
  g_assert_cmpuint (cs_practice_object_get_permissions (campaign, CS_PRACTICE_ROLE_ADMIN), ==, CS_PERM_ALL);
  g_assert_cmpuint (cs_practice_object_get_permissions (cs_practice_schema_lookup (fixture->schema, "User"),
                                                        CS_PRACTICE_ROLE_ADMIN) & CS_PERM_DELETE, ==, 0);
}

static void
test_to_json (void)
{
  g_autoptr(CsPracticeOrg) org = cs_practice_org_new (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *users;
  const char *key;

  cs_practice_org_listen (org, 0, &error);
  g_assert_no_error (error);
  json = cs_practice_org_to_json (org);
  g_assert_null (strchr (json, '\n'));
  root = json_from_string (json, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (object, "url"), ==, cs_practice_org_get_url (org));
  g_assert_true (g_str_has_prefix (cs_practice_org_get_url (org), "http://127.0.0.1:"));
  key = json_object_get_string_member (object, "consumer_key");
  g_assert_true (g_str_has_prefix (key, "3MVG9"));
  g_assert_cmpuint (strlen (key), ==, 85);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "consumer_secret")), ==, 64);
  g_assert_cmpstr (json_object_get_string_member (object, "callback_url"), ==,
                   "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "org_id"), "00D"));
  g_assert_true (cs_practice_id_is_valid (json_object_get_string_member (object, "org_id")));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "mailbox_url"), "/_practice/mailbox"));

  users = json_object_get_array_member (object, "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 0), "role"), ==, "sync");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 0), "username"), ==,
                   cs_practice_org_get_sync_username (org));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 1), "role"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 1), "password"), ==,
                   cs_practice_org_get_admin_password (org));

  /* Ids are proper 18-char ones, user ids start 005. */
  g_assert_true (g_str_has_prefix (cs_practice_org_get_sync_user_id (org), "005"));
  g_assert_true (cs_practice_id_is_valid (cs_practice_org_get_sync_user_id (org)));
  g_assert_cmpstr (cs_practice_org_get_admin_user_id (org), !=, cs_practice_org_get_sync_user_id (org));
}

static void
test_secrets_differ_per_instance (void)
{
  g_autoptr(CsPracticeOrg) a = cs_practice_org_new (1);
  g_autoptr(CsPracticeOrg) b = cs_practice_org_new (1);

  g_assert_cmpstr (cs_practice_org_get_consumer_key (a), !=, cs_practice_org_get_consumer_key (b));
  g_assert_cmpstr (cs_practice_org_get_consumer_secret (a), !=, cs_practice_org_get_consumer_secret (b));
  /* The rest of the org is deterministic. */
  g_assert_cmpstr (cs_practice_org_get_org_id (a), ==, cs_practice_org_get_org_id (b));
  g_assert_cmpstr (cs_practice_org_get_sync_user_id (a), ==, cs_practice_org_get_sync_user_id (b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/practice/units/id-suffix", test_id_suffix);
  g_test_add_func ("/practice/units/make-id", test_make_id);
  g_test_add_func ("/practice/units/json-writer", test_json_writer);
  g_test_add_func ("/practice/units/form-and-dates", test_form_and_dates);
  g_test_add_func ("/practice/units/random", test_random);
  g_test_add ("/practice/units/soql-filters", SoqlFixture, NULL, soql_setup, test_soql_filters, soql_teardown);
  g_test_add ("/practice/units/soql-output", SoqlFixture, NULL, soql_setup, test_soql_output, soql_teardown);
  g_test_add ("/practice/units/soql-errors", SoqlFixture, NULL, soql_setup, test_soql_errors, soql_teardown);
  g_test_add ("/practice/units/seed-schema", SoqlFixture, NULL, soql_setup, test_seed_schema, soql_teardown);
  g_test_add_func ("/practice/units/to-json", test_to_json);
  g_test_add_func ("/practice/units/secrets-differ-per-instance", test_secrets_differ_per_instance);

  return g_test_run ();
}
