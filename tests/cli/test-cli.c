/* test-cli.c: crm-sync against a connection stored the way the wizard
 * stores it, with the practice org answering over real HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cs-process.h"

#include "cs-test-util.h"

typedef struct
{
  CsPracticeOrg     *org;
  CsOAuthClient     *oauth;
  CsTokenSet        *tokens;
  CsSecretStore     *secrets;
  CsConnectionStore *store;
  CsConnection      *connection;
} Fixture;

/* What the wizard's "Confirm credentials" leaves behind. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSecretKey) key = NULL;

  f->org = cs_test_practice_org_new (10);
  f->oauth = cs_oauth_client_new (cs_practice_org_get_url (f->org),
                                  cs_practice_org_get_consumer_key (f->org),
                                  cs_practice_org_get_consumer_secret (f->org));
  f->tokens = cs_test_login (f->org, f->oauth,
                             cs_practice_org_get_sync_username (f->org),
                             cs_practice_org_get_sync_password (f->org),
                             &error);
  g_assert_no_error (error);

  f->store = cs_connection_store_open (NULL, &error);
  g_assert_no_error (error);
  f->connection = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  f->connection->org_id = g_strdup (cs_practice_org_get_org_id (f->org));
  f->connection->username = g_strdup (cs_practice_org_get_sync_username (f->org));
  f->connection->confirmed = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (cs_connection_store_save (f->store, f->connection, &error));
  g_assert_no_error (error);

  f->secrets = cs_secret_store_new ();
  key = cs_secret_key_new (f->connection->id, f->connection->login_host,
                           f->connection->org_id, f->connection->username);
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_KEY,
                                             cs_practice_org_get_consumer_key (f->org), NULL, &error));
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_SECRET,
                                             cs_practice_org_get_consumer_secret (f->org), NULL, &error));
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_REFRESH_TOKEN,
                                             cs_token_set_get_refresh_token (f->tokens), NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  cs_secret_store_clear_sync (f->secrets, f->connection->id, NULL, &error);
  g_assert_no_error (error);
  cs_connection_store_remove (f->store, f->connection->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->connection, cs_connection_free);
  g_clear_object (&f->store);
  g_clear_object (&f->secrets);
  g_clear_object (&f->tokens);
  g_clear_object (&f->oauth);
  cs_practice_org_disconnect (f->org);
  g_clear_object (&f->org);
}

/* Runs crm-sync while this process keeps serving the practice org. */
static int
run_crm_sync (const char  *const *arguments,
              char               **stdout_text,
              char               **stderr_text)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("CS_CRM_SYNC");

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, cs_test_store_result, &result);
  g_subprocess_communicate_utf8_finish (process, cs_test_await (&result), stdout_text, stderr_text, &error);
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_test_message ("%s%s", *stdout_text, *stderr_text);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_no_secret_in (Fixture    *f,
                     const char *text)
{
  g_assert_null (strstr (text, cs_practice_org_get_consumer_secret (f->org)));
  g_assert_null (strstr (text, cs_token_set_get_refresh_token (f->tokens)));
  g_assert_null (strstr (text, cs_token_set_get_access_token (f->tokens)));
}

static void
test_connections_lists_keyring_items (Fixture       *f,
                                      gconstpointer  data)
{
  const char *arguments[] = { "connections", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  gboolean found = FALSE;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  assert_no_secret_in (f, out);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  list = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), f->connection->id) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (json_object_get_string_member (item, "username"), ==,
                       cs_practice_org_get_sync_username (f->org));
      g_assert_true (json_object_get_boolean_member (item, "has_consumer_key"));
      g_assert_true (json_object_get_boolean_member (item, "has_consumer_secret"));
      g_assert_true (json_object_get_boolean_member (item, "has_refresh_token"));
    }
  g_assert_true (found);
}

static void
test_check_shows_who (Fixture       *f,
                      gconstpointer  data)
{
  const char *arguments[] = { "check", f->connection->id, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) result = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  assert_no_secret_in (f, out);
  assert_no_secret_in (f, err);
  result = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (result, "username"), ==,
                   cs_practice_org_get_sync_username (f->org));
  g_assert_cmpstr (json_object_get_string_member (result, "org_id"), ==,
                   cs_practice_org_get_org_id (f->org));
}

/* Refresh Token Rotation: the new token must replace the old in the keyring. */
static void
test_check_keeps_rotated_token (Fixture       *f,
                                gconstpointer  data)
{
  const char *arguments[] = { "check", f->connection->id, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  stored = cs_secret_store_lookup_sync (f->secrets, f->connection->id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, !=, cs_token_set_get_refresh_token (f->tokens));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, stored));

  /* And the next check works with it. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
}

/* A revoked token: exit 3 and a message that says to run the wizard. */
static void
test_check_revoked_says_reauthorize (Fixture       *f,
                                     gconstpointer  data)
{
  const char *arguments[] = { "check", f->connection->id, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) result = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 3);
  result = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==,
                   cs_error_code_to_string (CS_ERROR_INVALID_GRANT));
  g_assert_cmpstr (json_object_get_string_member (result, "message"), !=, "");
}

/* The consumer key and secret are in the keyring, the refresh token is not:
 * load_connection() gives up after reading (and must wipe) the first two. */
static void
test_check_incomplete_keyring (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CsConnection) partial = NULL;
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arguments[] = { "check", NULL, "--json", NULL };

  partial = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  g_assert_true (cs_connection_store_save (f->store, partial, &error));
  g_assert_no_error (error);
  key = cs_secret_key_new (partial->id, partial->login_host, NULL, NULL);
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_KEY,
                                             cs_practice_org_get_consumer_key (f->org), NULL, &error));
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_SECRET,
                                             cs_practice_org_get_consumer_secret (f->org), NULL, &error));
  g_assert_no_error (error);

  arguments[1] = partial->id;
  cs_practice_org_reset_request_counts (f->org);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 3);
  assert_no_secret_in (f, out);
  assert_no_secret_in (f, err);
  result = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==,
                   cs_error_code_to_string (CS_ERROR_INVALID_GRANT));
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, "/services/oauth2/token"), ==, 0);

  g_assert_true (cs_secret_store_clear_sync (f->secrets, partial->id, NULL, &error));
  g_assert_true (cs_connection_store_remove (f->store, partial->id, &error));
  g_assert_no_error (error);
}

static void
test_check_unknown_connection (Fixture       *f,
                               gconstpointer  data)
{
  const char *arguments[] = { "check", "no-such-connection", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no-such-connection"));
}

static void
test_forget_revokes_and_removes (Fixture       *f,
                                 gconstpointer  data)
{
  const char *arguments[] = { "forget", f->connection->id, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *left = NULL;
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, cs_token_set_get_refresh_token (f->tokens)));
  left = cs_secret_store_lookup_sync (f->secrets, f->connection->id, CS_SECRET_KIND_CONSUMER_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (left);
  row = cs_connection_store_get (f->store, f->connection->id, &error);
  g_assert_no_error (error);
  g_assert_null (row);
}

/* ---- crm-sync fields ---------------------------------------------------- */

static void
assert_no_secret_in_output (Fixture    *f,
                            const char *out,
                            const char *err)
{
  assert_no_secret_in (f, out);
  assert_no_secret_in (f, err);
}

/* Runs "crm-sync fields" with the connection and @extra (NULL-terminated),
 * checks that no secret was printed and returns the exit status. */
static int
run_fields (Fixture     *f,
            const char  *first_extra,
            ...)
{
  g_autoptr(GPtrArray) arguments = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *extra;
  va_list args;
  int status;

  g_ptr_array_add (arguments, (gpointer) "fields");
  g_ptr_array_add (arguments, f->connection->id);
  va_start (args, first_extra);
  for (extra = first_extra; extra != NULL; extra = va_arg (args, const char *))
    g_ptr_array_add (arguments, (gpointer) extra);
  va_end (args);
  g_ptr_array_add (arguments, NULL);

  status = run_crm_sync ((const char * const *) arguments->pdata, &out, &err);
  assert_no_secret_in_output (f, out, err);
  return status;
}

/* "crm-sync fields CONNECTION --json [extra…]": the exit status, and the
 * parsed output in *result. */
static int
run_fields_json (Fixture     *f,
                 JsonObject **result,
                 const char  *extra)
{
  const char *arguments[] = { "fields", f->connection->id, "--json", extra, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = run_crm_sync (arguments, &out, &err);
  assert_no_secret_in_output (f, out, err);
  *result = parse_object (out);
  return status;
}

static JsonObject *
find_finding (JsonObject *result,
              const char *object,
              const char *field,
              const char *code)
{
  JsonArray *findings = json_object_get_array_member (result, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      const char *finding_field = json_object_get_null_member (finding, "field")
                                  ? NULL : json_object_get_string_member (finding, "field");

      if (g_strcmp0 (json_object_get_string_member (finding, "object"), object) == 0 &&
          g_strcmp0 (finding_field, field) == 0 &&
          g_strcmp0 (json_object_get_string_member (finding, "code"), code) == 0)
        return finding;
    }
  return NULL;
}

static gint64
summary_count (JsonObject *result,
               const char *name)
{
  return json_object_get_int_member (json_object_get_object_member (result, "summary"), name);
}

/* What crm-sync wrote in the shared database, read as the wizard would. */
static gint64
catalog_count (Fixture *f)
{
  g_autoptr(CsFieldCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;

  catalog = cs_field_catalog_new (f->store, &error);
  g_assert_no_error (error);
  count = cs_field_catalog_count (catalog, f->connection->id, &error);
  g_assert_no_error (error);
  return count;
}

/* The fields of the standard objects the sync user sees, counted from its
 * own describes in this process. */
static guint
count_visible_fields (Fixture *f)
{
  g_autoptr(CsSalesforceClient) client = cs_salesforce_client_new (f->oauth, f->tokens);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  cs_salesforce_client_describe_many_async (client, cs_sync_standard_objects, NULL, NULL,
                                            cs_test_store_result, &result);
  describes = cs_salesforce_client_describe_many_finish (client, cs_test_await (&result), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; cs_sync_standard_objects[i] != NULL; i++)
    {
      JsonNode *describe = g_hash_table_lookup (describes, cs_sync_standard_objects[i]);

      g_assert_nonnull (describe);
      count += json_array_get_length (json_object_get_array_member (json_node_get_object (describe),
                                                                    "fields"));
    }
  return count;
}

static void
fix_seeded_problems (Fixture *f)
{
  cs_practice_org_set_field_visible (f->org, "Lead", "ConvertedDate", TRUE);
  cs_practice_org_set_object_permission (f->org, "Campaign", "delete", TRUE);
}

/* The seeded org hides Lead.ConvertedDate and denies Delete on Campaign:
 * exit 4, both named, nothing recorded. */
static void
test_fields_access_problems (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) result = NULL;
  JsonObject *finding;

  g_assert_cmpint (run_fields_json (f, &result, NULL), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (result, "connection"), ==, f->connection->id);
  g_assert_true (json_object_get_boolean_member (result, "audited"));
  g_assert_false (json_object_get_boolean_member (result, "recorded"));
  g_assert_true (json_object_get_null_member (result, "summary"));
  g_assert_cmpint (json_object_get_int_member (result, "recorded_fields"), ==, 0);

  finding = find_finding (result, "Lead", "ConvertedDate", "field-hidden");
  g_assert_nonnull (finding);
  g_assert_cmpstr (json_object_get_string_member (finding, "severity"), ==, "blocking");
  g_assert_nonnull (strstr (json_object_get_string_member (finding, "message"), "ConvertedDate"));
  finding = find_finding (result, "Campaign", NULL, "no-delete");
  g_assert_nonnull (finding);
  g_assert_cmpstr (json_object_get_string_member (finding, "severity"), ==, "blocking");

  g_assert_cmpint (catalog_count (f), ==, 0);
}

/* The same in text: the findings on stdout, what to do on stderr. */
static void
test_fields_access_problems_text (Fixture       *f,
                                  gconstpointer  data)
{
  const char *arguments[] = { "fields", f->connection->id, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 4);
  assert_no_secret_in_output (f, out, err);
  g_assert_nonnull (strstr (out, "Lead.ConvertedDate"));
  g_assert_nonnull (strstr (out, "Campaign"));
  g_assert_nonnull (strstr (err, "Nothing was recorded"));
  g_assert_cmpint (catalog_count (f), ==, 0);
}

/* Fixed in Salesforce: every visible field recorded, then nothing new;
 * --no-audit on an unchanged org costs one describe batch (304). */
static void
test_fields_record (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  JsonObject *lead;
  guint visible;

  fix_seeded_problems (f);
  visible = count_visible_fields (f);
  g_assert_cmpuint (visible, >, 100);

  g_assert_cmpint (run_fields_json (f, &first, NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "findings")), ==, 0);
  g_assert_true (json_object_get_boolean_member (first, "recorded"));
  g_assert_cmpint (summary_count (first, "new"), ==, visible);
  g_assert_cmpint (summary_count (first, "unchanged"), ==, 0);
  g_assert_cmpint (summary_count (first, "no_longer_synced"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (first, "recorded_fields"), ==, visible);
  g_assert_cmpint (catalog_count (f), ==, visible);
  lead = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (first, "summary"),
                                                                       "objects"), "Lead");
  g_assert_nonnull (lead);
  g_assert_cmpint (json_object_get_int_member (lead, "new"), >, 0);

  /* Nothing changed: all unchanged. */
  g_assert_cmpint (run_fields_json (f, &second, NULL), ==, 0);
  g_assert_cmpint (summary_count (second, "new"), ==, 0);
  g_assert_cmpint (summary_count (second, "unchanged"), ==, visible);
  g_assert_cmpint (json_object_get_int_member (second, "recorded_fields"), ==, visible);

  /* Without the audit: one batch request, every object 304, nothing parsed. */
  cs_practice_org_reset_request_counts (f->org);
  g_assert_cmpint (run_fields_json (f, &third, "--no-audit"), ==, 0);
  g_assert_false (json_object_get_boolean_member (third, "audited"));
  g_assert_cmpint (summary_count (third, "new"), ==, 0);
  g_assert_cmpint (summary_count (third, "no_longer_synced"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (third, "recorded_fields"), ==, visible);
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, "/services/data/v"), ==, 1);
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, "/services/oauth2/token"), ==, 1);
  g_assert_cmpint (catalog_count (f), ==, visible);
}

/* A field added in Salesforce shows up as new; the text output works. */
static void
test_fields_text_and_change (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arguments[] = { "fields", f->connection->id, NULL };
  gint64 before;

  fix_seeded_problems (f);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  assert_no_secret_in_output (f, out, err);
  g_assert_nonnull (strstr (out, "Lead"));
  before = catalog_count (f);
  g_assert_cmpint (before, >, 0);

  cs_practice_org_add_custom_field (f->org, "Lead", "Score__c", "Score", "double", 18);
  g_assert_cmpint (run_fields_json (f, &result, "--no-audit"), ==, 0);
  g_assert_cmpint (summary_count (result, "new"), ==, 1);
  g_assert_cmpint (catalog_count (f), ==, before + 1);
  g_assert_cmpint (json_object_get_int_member (result, "recorded_fields"), ==, before + 1);
}

/* --object adds a custom object; later runs keep it by themselves. */
static void
test_fields_custom_object (Fixture       *f,
                           gconstpointer  data)
{
  const char *arguments[] = { "fields", f->connection->id, "--json", "--no-audit",
                              "--object", "Generated_1__c", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) again = NULL;
  JsonObject *objects;

  cs_practice_org_add_generated_objects (f->org, 1, 5);
  fix_seeded_problems (f);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  assert_no_secret_in_output (f, out, err);
  result = parse_object (out);
  objects = json_object_get_object_member (json_object_get_object_member (result, "summary"), "objects");
  g_assert_true (json_object_has_member (objects, "Generated_1__c"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (objects, "Generated_1__c"),
                                               "new"), >=, 5);

  cs_practice_org_add_custom_field (f->org, "Generated_1__c", "Extra__c", "Extra", "string", 40);
  g_assert_cmpint (run_fields_json (f, &again, NULL), ==, 0);
  objects = json_object_get_object_member (json_object_get_object_member (again, "summary"), "objects");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (objects, "Generated_1__c"),
                                               "new"), ==, 1);
}

/* Not a custom object's API name: usage error before any request. */
static void
test_fields_invalid_object (Fixture       *f,
                            gconstpointer  data)
{
  const char *arguments[] = { "fields", f->connection->id, "--object", "Invoice", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  cs_practice_org_reset_request_counts (f->org);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 2);
  assert_no_secret_in_output (f, out, err);
  g_assert_nonnull (strstr (err, "“Invoice”"));
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, NULL), ==, 0);
}

/* A well-formed name the org does not have: the audit says so (exit 4);
 * without the audit the describe fails and nothing is recorded (exit 1). */
static void
test_fields_missing_object (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) result = NULL;
  JsonObject *finding;

  fix_seeded_problems (f);
  g_assert_cmpint (run_fields_json (f, &result, "--object=Invoice__c"), ==, 4);
  finding = find_finding (result, "Invoice__c", NULL, "object-missing");
  g_assert_nonnull (finding);
  g_assert_cmpint (catalog_count (f), ==, 0);

  g_assert_cmpint (run_fields (f, "--no-audit", "--object", "Invoice__c", NULL), ==, 1);
  g_assert_cmpint (catalog_count (f), ==, 0);
}

/* CONNECTION may be left out when only one is stored, not when there are two. */
static void
test_fields_only_connection (Fixture       *f,
                             gconstpointer  data)
{
  const char *arguments[] = { "fields", "--json", "--no-audit", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(CsConnection) other = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  assert_no_secret_in_output (f, out, err);
  result = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (result, "connection"), ==, f->connection->id);

  other = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  g_assert_true (cs_connection_store_save (f->store, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_crm_sync (arguments, &out2, &err2), ==, 2);
  g_assert_true (cs_connection_store_remove (f->store, other->id, &error));
  g_assert_no_error (error);
}

static void
test_fields_revoked_says_reauthorize (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(JsonObject) result = NULL;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  g_assert_cmpint (run_fields_json (f, &result, NULL), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==,
                   cs_error_code_to_string (CS_ERROR_INVALID_GRANT));
  g_assert_cmpint (catalog_count (f), ==, 0);
}

/* Refresh Token Rotation during a field sync: the new token is kept. */
static void
test_fields_keeps_rotated_token (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;

  fix_seeded_problems (f);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  g_assert_cmpint (run_fields (f, "--no-audit", NULL), ==, 0);
  stored = cs_secret_store_lookup_sync (f->secrets, f->connection->id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, !=, cs_token_set_get_refresh_token (f->tokens));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, stored));

  /* The next run works with it. */
  g_assert_cmpint (run_fields (f, NULL), ==, 0);
}

/* --object and --no-audit belong to "fields" only. */
static void
test_fields_options_elsewhere (void)
{
  const char *arguments[] = { "connections", "--no-audit", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "fields"));
}

static void
test_usage (void)
{
  const char *arguments[] = { "frobnicate", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "connections"));
}

/* Both programs call this first: a crash must not leave a core file with
 * the consumer secret or a token in it. */
static void
test_process_harden (void)
{
  if (g_test_subprocess ())
    {
      struct rlimit limit = { 1, 1 };

      g_assert_true (cs_process_harden ());
      g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
      g_assert_cmpuint (limit.rlim_cur, ==, 0);
      g_assert_cmpuint (limit.rlim_max, ==, 0);
      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/connections", Fixture, NULL, fixture_set_up, test_connections_lists_keyring_items, fixture_tear_down);
  g_test_add ("/cli/check", Fixture, NULL, fixture_set_up, test_check_shows_who, fixture_tear_down);
  g_test_add ("/cli/check-rotated", Fixture, NULL, fixture_set_up, test_check_keeps_rotated_token, fixture_tear_down);
  g_test_add ("/cli/check-revoked", Fixture, NULL, fixture_set_up, test_check_revoked_says_reauthorize, fixture_tear_down);
  g_test_add ("/cli/check-incomplete-keyring", Fixture, NULL, fixture_set_up, test_check_incomplete_keyring, fixture_tear_down);
  g_test_add ("/cli/check-unknown", Fixture, NULL, fixture_set_up, test_check_unknown_connection, fixture_tear_down);
  g_test_add ("/cli/forget", Fixture, NULL, fixture_set_up, test_forget_revokes_and_removes, fixture_tear_down);
  g_test_add ("/cli/fields/access-problems", Fixture, NULL, fixture_set_up, test_fields_access_problems, fixture_tear_down);
  g_test_add ("/cli/fields/access-problems-text", Fixture, NULL, fixture_set_up, test_fields_access_problems_text, fixture_tear_down);
  g_test_add ("/cli/fields/record", Fixture, NULL, fixture_set_up, test_fields_record, fixture_tear_down);
  g_test_add ("/cli/fields/text-and-change", Fixture, NULL, fixture_set_up, test_fields_text_and_change, fixture_tear_down);
  g_test_add ("/cli/fields/custom-object", Fixture, NULL, fixture_set_up, test_fields_custom_object, fixture_tear_down);
  g_test_add ("/cli/fields/invalid-object", Fixture, NULL, fixture_set_up, test_fields_invalid_object, fixture_tear_down);
  g_test_add ("/cli/fields/missing-object", Fixture, NULL, fixture_set_up, test_fields_missing_object, fixture_tear_down);
  g_test_add ("/cli/fields/only-connection", Fixture, NULL, fixture_set_up, test_fields_only_connection, fixture_tear_down);
  g_test_add ("/cli/fields/revoked", Fixture, NULL, fixture_set_up, test_fields_revoked_says_reauthorize, fixture_tear_down);
  g_test_add ("/cli/fields/rotated", Fixture, NULL, fixture_set_up, test_fields_keeps_rotated_token, fixture_tear_down);
  g_test_add_func ("/cli/fields/options-elsewhere", test_fields_options_elsewhere);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/process-harden", test_process_harden);

  return g_test_run ();
}
