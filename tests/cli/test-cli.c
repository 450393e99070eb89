/* test-cli.c: crm-sync against a connection stored the way the wizard
 * stores it, with the practice org answering over real HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* posix_openpt() and friends */
#define _XOPEN_SOURCE 600

#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "cs-process.h"
#include "cs-string-util.h"

#include "cs-test-keyring.h"
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

/* ---- the connection lifecycle ------------------------------------------------- */

/* Reads @stream to its end (serving the practice org meanwhile). */
static char *
read_all (GInputStream *stream)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_async (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                G_PRIORITY_DEFAULT, NULL, cs_test_store_result, &result);
  g_output_stream_splice_finish (memory, cs_test_await (&result), &error);
  g_assert_no_error (error);
  /* The text's terminating NUL. */
  g_assert_true (g_output_stream_write_all (memory, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (memory, NULL, &error));
  g_assert_no_error (error);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
write_line (GSubprocess *process,
            const char  *line)
{
  GOutputStream *input = g_subprocess_get_stdin_pipe (process);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (input, line, strlen (line), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (input, "\n", 1, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GSubprocess *
spawn_crm_sync (const char * const *arguments,
                GSubprocessFlags    flags)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CS_CRM_SYNC"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return process;
}

static int
wait_exit (GSubprocess *process)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_async (process, NULL, cs_test_store_result, &result);
  g_subprocess_wait_finish (process, cs_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* "crm-sync connect" or "reauthorize" as an admin over SSH would run it:
 * @first_line (the consumer secret, or NULL) on standard input, then the
 * authorize address read from the output, the practice org's login walked
 * as @username, and the address the browser ended on pasted back. */
static int
run_login_dialogue (const char * const  *arguments,
                    const char          *first_line,
                    CsPracticeOrg       *org,
                    const char          *username,
                    const char          *password,
                    char               **out,
                    char               **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) errors = NULL;
  g_autoptr(GString) err_text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *url = NULL;
  g_autofree char *location = NULL;
  g_autofree char *rest = NULL;

  process = spawn_crm_sync (arguments, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (first_line != NULL)
    write_line (process, first_line);

  errors = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  while (url == NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *line = NULL;

      g_data_input_stream_read_line_async (errors, G_PRIORITY_DEFAULT, NULL, cs_test_store_result, &result);
      line = g_data_input_stream_read_line_finish_utf8 (errors, cs_test_await (&result), NULL, &error);
      g_assert_no_error (error);
      if (line == NULL)
        g_error ("crm-sync printed no authorize address: %s", err_text->str);
      g_string_append_printf (err_text, "%s\n", line);
      if (g_str_has_prefix (line, "http"))
        url = g_steal_pointer (&line);
      else
        cs_set_str (&previous, line);
    }
  /* One line before it says what to do. */
  g_assert_nonnull (previous);
  g_assert_nonnull (strstr (previous, "log in as the sync user"));

  location = cs_test_drive_login (org, url, username, password, TRUE, &error);
  g_assert_no_error (error);
  write_line (process, location);
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);

  *out = read_all (g_subprocess_get_stdout_pipe (process));
  rest = read_all (G_INPUT_STREAM (errors));
  g_string_append (err_text, rest);
  *err = g_string_free (g_steal_pointer (&err_text), FALSE);
  if (g_test_verbose ())
    g_test_message ("%s%s", *out, *err);
  return wait_exit (process);
}

/* Runs crm-sync with @input on its standard input. */
static int
run_with_input (const char * const  *arguments,
                const char          *input,
                char               **out,
                char               **err)
{
  g_autoptr(GSubprocess) process = NULL;

  process = spawn_crm_sync (arguments, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  write_line (process, input);
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  *out = read_all (g_subprocess_get_stdout_pipe (process));
  *err = read_all (g_subprocess_get_stderr_pipe (process));
  if (g_test_verbose ())
    g_test_message ("%s%s", *out, *err);
  return wait_exit (process);
}

static CsConnection *
stored_row (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CsConnection *row = cs_connection_store_get (f->store, f->connection->id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

static char *
keyring_token (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *token = cs_secret_store_lookup_sync (f->secrets, f->connection->id, CS_SECRET_KIND_REFRESH_TOKEN,
                                             NULL, &error);

  g_assert_no_error (error);
  return token;
}

static char *
catalog_dump (Fixture *f)
{
  return cs_test_catalog_dump (f->store, f->connection->id);
}

static void
assert_secrets_nowhere (Fixture    *f,
                        const char *refresh_token)
{
  cs_test_assert_no_file_contains (cs_practice_org_get_consumer_secret (f->org));
  if (refresh_token != NULL)
    cs_test_assert_no_file_contains (refresh_token);
}

/* What the child wrote to its terminal; the terminal is closed afterwards. */
static char *
read_pty (int master)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  /* The child has exited: its output waits in the terminal, then reads end
   * with EIO. */
  while ((n = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (master);
  return g_string_free (text, FALSE);
}

/* Issue test 1: revoked at the org; check exits 3 and marks the
 * connection; reauthorize logs in again as the sync user; the keyring
 * holds a new token, the old one is dead at the org, the field catalog is
 * the same. */
static void
test_revoked_then_reauthorized (Fixture       *f,
                                gconstpointer  data)
{
  const char *check[] = { "check", f->connection->id, "--json", NULL };
  const char *reauthorize[] = { "reauthorize", f->connection->id, NULL };
  const char *old_token = cs_token_set_get_refresh_token (f->tokens);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *new_token = NULL;
  g_autoptr(CsConnection) marked = NULL;
  g_autoptr(CsConnection) healed = NULL;

  fix_seeded_problems (f);
  g_assert_cmpint (run_fields (f, NULL), ==, 0);
  before = catalog_dump (f);
  g_assert_cmpuint (strlen (before), >, 0);

  g_assert_true (cs_practice_org_revoke_user_tokens (f->org, cs_practice_org_get_sync_username (f->org), NULL));
  g_assert_cmpint (run_crm_sync (check, &out, &err), ==, 3);
  marked = stored_row (f);
  g_assert_cmpstr (marked->reauth_reason, ==, "invalid-grant");
  g_assert_cmpint (marked->reauth_since, >, 0);

  g_assert_cmpint (run_login_dialogue (reauthorize, NULL, f->org, cs_practice_org_get_sync_username (f->org),
                                       cs_practice_org_get_sync_password (f->org), &out2, &err2), ==, 0);
  new_token = keyring_token (f);
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, new_token));
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, old_token));
  healed = stored_row (f);
  g_assert_null (healed->reauth_reason);
  after = catalog_dump (f);
  g_assert_cmpstr (after, ==, before);
  assert_no_secret_in_output (f, out2, err2);
  g_assert_null (strstr (out2, new_token));
  g_assert_null (strstr (err2, new_token));

  g_assert_cmpint (run_crm_sync (check, &out3, &err3), ==, 0);
  assert_secrets_nowhere (f, new_token);
}

/* A re-authorization replaces a token that still works: the old one is
 * revoked at the org once the new one is stored. */
static void
test_reauthorize_revokes_live_token (Fixture       *f,
                                     gconstpointer  data)
{
  const char *reauthorize[] = { "reauthorize", f->connection->id, "--json", NULL };
  const char *old_token = cs_token_set_get_refresh_token (f->tokens);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *new_token = NULL;
  g_autoptr(JsonObject) result = NULL;

  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, old_token));
  g_assert_cmpint (run_login_dialogue (reauthorize, NULL, f->org, cs_practice_org_get_sync_username (f->org),
                                       cs_practice_org_get_sync_password (f->org), &out, &err), ==, 0);
  result = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, f->connection->id);
  g_assert_cmpstr (json_object_get_string_member (result, "org_id"), ==, cs_practice_org_get_org_id (f->org));
  new_token = keyring_token (f);
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, old_token));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, new_token));
}

/* Issue test 2: a login into a second org (another id) is refused with
 * exit 5; the keyring and the store do not change. */
static void
test_reauthorize_other_org (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CsPracticeOrg) other = cs_practice_org_new (10);
  g_autoptr(CsConnection) before = stored_row (f);
  g_autoptr(CsConnection) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items_before = NULL;
  g_autoptr(GPtrArray) items_after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *secret = NULL;
  guint left = G_MAXUINT;
  const char *reauthorize[] = { "reauthorize", f->connection->id, "--login-url", NULL,
                                "--consumer-key", cs_practice_org_get_consumer_key (other), NULL };

  g_assert_true (cs_practice_org_set_org_id (other, "00D5g000000OTHR"));
  g_assert_true (cs_practice_org_listen (other, 0, &error));
  g_assert_no_error (error);
  reauthorize[3] = cs_practice_org_get_url (other);
  items_before = cs_secret_store_list_sync (f->secrets, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_login_dialogue (reauthorize, cs_practice_org_get_consumer_secret (other), other,
                                       cs_practice_org_get_sync_username (other),
                                       cs_practice_org_get_sync_password (other), &out, &err), ==, 5);
  g_assert_nonnull (strstr (err, cs_practice_org_get_org_id (f->org)));
  g_assert_nonnull (strstr (err, "nothing was changed"));
  /* The other org's new token was revoked. */
  g_assert_true (cs_practice_org_revoke_user_tokens (other, cs_practice_org_get_sync_username (other), &left));
  g_assert_cmpuint (left, ==, 0);

  after = stored_row (f);
  g_assert_cmpstr (after->org_id, ==, before->org_id);
  g_assert_cmpstr (after->login_host, ==, before->login_host);
  g_assert_cmpint (after->updated, ==, before->updated);
  token = keyring_token (f);
  g_assert_cmpstr (token, ==, cs_token_set_get_refresh_token (f->tokens));
  secret = cs_secret_store_lookup_sync (f->secrets, f->connection->id, CS_SECRET_KIND_CONSUMER_SECRET,
                                        NULL, &error);
  g_assert_cmpstr (secret, ==, cs_practice_org_get_consumer_secret (f->org));
  items_after = cs_secret_store_list_sync (f->secrets, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items_after->len, ==, items_before->len);
  cs_practice_org_disconnect (other);
}

/* Issue test 4: the consumer secret rotated at the org; the refresh
 * fails, the secret is replaced (proved by a refresh), test passes. */
static void
test_consumer_secret_rotated (Fixture       *f,
                              gconstpointer  data)
{
  const char *check[] = { "check", f->connection->id, NULL };
  const char *replace[] = { "replace-secret", f->connection->id, NULL };
  const char *test[] = { "test", f->connection->id, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *out4 = NULL;
  g_autofree char *err4 = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(CsConnection) marked = NULL;
  g_autoptr(CsConnection) healed = NULL;
  const char *new_secret;

  new_secret = cs_practice_org_rotate_consumer_secret (f->org);
  g_assert_cmpint (run_crm_sync (check, &out, &err), ==, 3);
  marked = stored_row (f);
  g_assert_cmpstr (marked->reauth_reason, ==, "invalid-client-secret");

  /* A wrong one changes nothing: the authorization still does not work. */
  g_assert_cmpint (run_with_input (replace, "0123456789ABCDEFWRONG", &out2, &err2), ==, 3);
  g_assert_nonnull (strstr (err2, "nothing was changed"));

  g_assert_cmpint (run_with_input (replace, new_secret, &out3, &err3), ==, 0);
  g_assert_null (strstr (out3, new_secret));
  g_assert_null (strstr (err3, new_secret));
  healed = stored_row (f);
  g_assert_null (healed->reauth_reason);

  g_assert_cmpint (run_crm_sync (test, &out4, &err4), ==, 0);
  result = parse_object (out4);
  g_assert_cmpstr (json_object_get_string_member (result, "refresh"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (result, "username"), ==,
                   cs_practice_org_get_sync_username (f->org));
  g_assert_cmpint (json_object_get_int_member (result, "api_requests_max"), ==, 15000);
  g_assert_cmpint (json_object_get_int_member (result, "api_requests_used"), >=, 0);
  cs_test_assert_no_file_contains (new_secret);
}

static JsonObject *
credentials_json (Fixture *f)
{
  const char *credentials[] = { "credentials", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_crm_sync (credentials, &out, &err), ==, 0);
  assert_no_secret_in_output (f, out, err);
  return parse_object (out);
}

static JsonObject *
find_by_id (JsonArray  *array,
            const char *member,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, member), id) == 0)
        return object;
    }
  return NULL;
}

/* Issue test 6: a refresh token deleted in Seahorse is reported with its
 * fix (reauthorize), which works; orphan items are reported and forgotten. */
static void
test_deleted_item_found_and_fixed (Fixture       *f,
                                   gconstpointer  data)
{
  const char *reauthorize[] = { "reauthorize", f->connection->id, NULL };
  g_autofree char *orphan = g_uuid_string_random ();
  const char *forget[] = { "forget", orphan, NULL };
  g_autoptr(CsSecretKey) key = cs_secret_key_new (orphan, cs_practice_org_get_url (f->org), NULL, NULL);
  g_autoptr(JsonObject) broken = NULL;
  g_autoptr(JsonObject) fixed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  JsonObject *connection;
  JsonObject *problem;

  /* Behind the app's back. */
  cs_test_keyring_delete_item (f->connection->id, CS_SECRET_KIND_REFRESH_TOKEN);
  g_assert_true (cs_secret_store_store_sync (f->secrets, key, CS_SECRET_KIND_CONSUMER_KEY, "3MVG9orphan",
                                             NULL, &error));
  g_assert_no_error (error);

  broken = credentials_json (f);
  connection = find_by_id (json_object_get_array_member (broken, "connections"), "id", f->connection->id);
  g_assert_nonnull (connection);
  g_assert_cmpstr (json_object_get_string_member (connection, "health"), ==, "secrets-missing");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (connection, "keyring_items"),
                                              "refresh-token"));
  g_assert_nonnull (strstr (json_object_get_string_member (connection, "health_message"), "crm-sync reauthorize"));
  problem = find_by_id (json_object_get_array_member (broken, "problems"), "connection_id", f->connection->id);
  g_assert_cmpstr (json_object_get_string_member (problem, "fix"), ==, "reauthorize");
  problem = find_by_id (json_object_get_array_member (broken, "problems"), "connection_id", orphan);
  g_assert_cmpstr (json_object_get_string_member (problem, "kind"), ==, "orphan-items");
  g_assert_cmpstr (json_object_get_string_member (problem, "fix"), ==, "forget");

  g_assert_cmpint (run_login_dialogue (reauthorize, NULL, f->org, cs_practice_org_get_sync_username (f->org),
                                       cs_practice_org_get_sync_password (f->org), &out, &err), ==, 0);
  g_assert_cmpint (run_crm_sync (forget, &out2, &err2), ==, 0);

  fixed = credentials_json (f);
  connection = find_by_id (json_object_get_array_member (fixed, "connections"), "id", f->connection->id);
  g_assert_cmpstr (json_object_get_string_member (connection, "health"), ==, "ok");
  g_assert_null (find_by_id (json_object_get_array_member (fixed, "problems"), "connection_id", f->connection->id));
  g_assert_null (find_by_id (json_object_get_array_member (fixed, "problems"), "connection_id", orphan));
  items = cs_secret_store_list_sync (f->secrets, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (((CsSecretItemInfo *) g_ptr_array_index (items, i))->key->connection_id, !=, orphan);
}

/* Issue test 7: connect walks the login and stores what the wizard does;
 * the name comes from --name; nothing secret reaches a file or the output. */
static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  const char *connect[] = { "connect", "--login-url", cs_practice_org_get_url (f->org),
                            "--consumer-key", cs_practice_org_get_consumer_key (f->org),
                            "--name", "practice-1", "--json", NULL };
  const char *check[] = { "check", "practice-1", NULL };
  const char *again[] = { "connect", "--login-url", cs_practice_org_get_url (f->org),
                          "--consumer-key", cs_practice_org_get_consumer_key (f->org), NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *token = NULL;
  g_autofree char *second_token = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(CsConnection) second = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  g_assert_cmpint (run_login_dialogue (connect, cs_practice_org_get_consumer_secret (f->org), f->org,
                                       cs_practice_org_get_sync_username (f->org),
                                       cs_practice_org_get_sync_password (f->org), &out, &err), ==, 0);
  assert_no_secret_in_output (f, out, err);
  result = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (result, "name"), ==, "practice-1");
  g_assert_cmpstr (json_object_get_string_member (result, "org_id"), ==, cs_practice_org_get_org_id (f->org));
  g_assert_cmpstr (json_object_get_string_member (result, "org_name"), ==, cs_practice_org_get_org_name (f->org));
  g_assert_cmpstr (json_object_get_string_member (result, "username"), ==,
                   cs_practice_org_get_sync_username (f->org));
  g_assert_cmpstr (json_object_get_string_member (result, "environment"), ==, "practice");
  id = json_object_get_string_member (result, "id");

  row = cs_connection_store_find (f->store, "practice-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (row->id, ==, id);
  g_assert_cmpint (row->confirmed, >, 0);
  g_assert_nonnull (row->profile_name);
  token = cs_secret_store_lookup_sync (f->secrets, id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  g_assert_nonnull (token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, token));
  g_assert_null (strstr (out, token));
  g_assert_null (strstr (err, token));
  g_assert_cmpint (run_crm_sync (check, &out2, &err2), ==, 0);
  assert_secrets_nowhere (f, token);

  /* Without --name: the sync user's username, made unique; text output is
   * the name alone. */
  g_assert_cmpint (run_login_dialogue (again, cs_practice_org_get_consumer_secret (f->org), f->org,
                                       cs_practice_org_get_sync_username (f->org),
                                       cs_practice_org_get_sync_password (f->org), &out3, &err3), ==, 0);
  g_strstrip (out3);
  second = cs_connection_store_find (f->store, out3, &error);
  g_assert_nonnull (second);
  g_assert_true (g_str_has_prefix (second->name, cs_practice_org_get_sync_username (f->org)));
  second_token = cs_secret_store_lookup_sync (f->secrets, second->id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  assert_secrets_nowhere (f, second_token);

  cs_secret_store_clear_sync (f->secrets, id, NULL, NULL);
  cs_secret_store_clear_sync (f->secrets, second->id, NULL, NULL);
  cs_connection_store_remove (f->store, id, NULL);
  cs_connection_store_remove (f->store, second->id, NULL);
}

/* A name another connection has, a missing option: usage errors before
 * anything is read or sent. */
static void
test_connect_usage (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CsConnection) named = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  g_autoptr(GError) error = NULL;
  const char *taken[] = { "connect", "--login-url", cs_practice_org_get_url (f->org),
                          "--consumer-key", "3MVG9key", "--name", "Taken", NULL };
  const char *no_url[] = { "connect", "--consumer-key", "3MVG9key", NULL };
  const char *bad_name[] = { "connect", "--login-url", cs_practice_org_get_url (f->org),
                             "--consumer-key", "3MVG9key", "--name", "two words", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  named->name = g_strdup ("taken");
  g_assert_true (cs_connection_store_save (f->store, named, &error));
  g_assert_no_error (error);
  cs_practice_org_reset_request_counts (f->org);

  g_assert_cmpint (run_with_input (taken, "SECRET", &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "“Taken”"));
  g_assert_cmpint (run_with_input (no_url, "SECRET", &out2, &err2), ==, 2);
  g_assert_nonnull (strstr (err2, "--login-url"));
  g_assert_cmpint (run_with_input (bad_name, "SECRET", &out3, &err3), ==, 2);
  g_assert_cmpuint (cs_practice_org_get_request_count (f->org, NULL), ==, 0);
  g_assert_true (cs_connection_store_remove (f->store, named->id, &error));
}

/* Revoking fails: forget keeps everything and says how to force; forced,
 * everything goes, with a warning that the token lives on. */
static void
test_forget_revoke_fails (Fixture       *f,
                          gconstpointer  data)
{
  const char *forget[] = { "forget", f->connection->id, NULL };
  const char *force[] = { "forget", f->connection->id, "--force", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *token = NULL;
  g_autoptr(CsConnection) row = NULL;
  g_autoptr(GError) error = NULL;

  fix_seeded_problems (f);
  g_assert_cmpint (run_fields (f, "--no-audit", NULL), ==, 0);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, TRUE);
  g_assert_cmpint (run_crm_sync (forget, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "--force"));
  token = keyring_token (f);
  g_assert_cmpstr (token, ==, cs_token_set_get_refresh_token (f->tokens));
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, token));
  g_assert_cmpint (catalog_count (f), >, 0);

  g_assert_cmpint (run_crm_sync (force, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (err2, "Connected Apps OAuth Usage"));
  row = cs_connection_store_get (f->store, f->connection->id, &error);
  g_assert_null (row);
  g_clear_pointer (&token, g_free);
  token = keyring_token (f);
  g_assert_null (token);
  g_assert_cmpint (catalog_count (f), ==, 0);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SERVER_ERROR, FALSE);
}

/* forget takes the field catalog's rows along; its JSON says whether the
 * token was revoked and what is left to do about the sync timer (nothing:
 * no timer was enabled). */
static void
test_forget_removes_catalog (Fixture       *f,
                             gconstpointer  data)
{
  const char *forget[] = { "forget", f->connection->id, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  fix_seeded_problems (f);
  g_assert_cmpint (run_fields (f, "--no-audit", NULL), ==, 0);
  g_assert_cmpint (catalog_count (f), >, 0);
  g_assert_cmpint (run_crm_sync (forget, &out, &err), ==, 0);
  g_assert_cmpint (catalog_count (f), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  answer = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (answer, "revoked"));
  g_assert_true (json_object_has_member (answer, "timer_left"));
  g_assert_true (json_object_get_null_member (answer, "timer_left"));
}

/* No keyring running: connections still lists, and says so. */
static void
test_connections_without_keyring (Fixture       *f,
                                  gconstpointer  data)
{
  const char *arguments[] = { "connections", "--json", NULL };
  g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus-%u", g_get_tmp_dir (), g_random_int ());
  g_autofree char *saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *item;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 0);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
  g_assert_nonnull (strstr (err, "keyring"));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  item = find_by_id (json_node_get_array (json_parser_get_root (parser)), "id", f->connection->id);
  g_assert_nonnull (item);
  g_assert_true (json_object_get_null_member (item, "has_refresh_token"));
  g_assert_cmpstr (json_object_get_string_member (item, "health"), ==, "unknown");
}

/* The word not understood comes first, then the usage. */
static void
test_unknown_command_named (void)
{
  const char *arguments[] = { "frobnicate", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_crm_sync (arguments, &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "crm-sync: unknown command “frobnicate”"));
  g_assert_nonnull (strstr (err, "reauthorize"));
}

/* credentials shows what is stored and where, never a secret; --reveal
 * prints the consumer secret on a terminal only. */
static void
test_credentials (Fixture       *f,
                  gconstpointer  data)
{
  const char *text[] = { "credentials", f->connection->id, NULL };
  const char *reveal[] = { "credentials", f->connection->id, "--reveal", "consumer-secret", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *terminal = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  int master, slave;

  g_assert_cmpint (run_crm_sync (text, &out, &err), ==, 0);
  assert_no_secret_in_output (f, out, err);
  g_assert_null (strstr (out, cs_practice_org_get_consumer_key (f->org)));
  g_assert_nonnull (strstr (out, cs_practice_org_get_org_id (f->org)));
  g_assert_nonnull (strstr (out, "Salesforce refresh token for"));
  g_assert_nonnull (strstr (out, "Login"));

  /* Into a pipe: refused. */
  g_assert_cmpint (run_crm_sync (reveal, &out2, &err2), ==, 2);
  g_assert_null (strstr (out2, cs_practice_org_get_consumer_secret (f->org)));
  g_assert_nonnull (strstr (err2, "terminal"));

  /* On a terminal: shown. */
  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_stdout_fd (launcher, slave);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CS_CRM_SYNC"), reveal[0], reveal[1],
                                         reveal[2], reveal[3], NULL);
  g_assert_no_error (error);
  g_clear_object (&launcher);
  g_assert_cmpint (wait_exit (process), ==, 0);
  terminal = read_pty (master);
  g_assert_nonnull (strstr (terminal, cs_practice_org_get_consumer_secret (f->org)));
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

/* ---- desktop notifications ------------------------------------------------------ */

/* A stand-in for the desktop's notification service (GNOME Shell's
 * org.gtk.Notifications, or org.freedesktop.Notifications elsewhere) on the
 * test's private bus: it records what crm-sync sends. The desktop's side,
 * not ours. */
typedef struct
{
  GDBusConnection *bus;
  guint            owner_id;
  guint            registration_id;
  gboolean         owned;
  GPtrArray       *calls;   /* GVariant: (method name, parameters) */
} StandIn;

static const char gtk_notifications_xml[] =
  "<node><interface name='org.gtk.Notifications'>"
  "  <method name='AddNotification'>"
  "    <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "  </method>"
  "  <method name='RemoveNotification'>"
  "    <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "  </method>"
  "</interface></node>";

static const char fdo_notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "  <method name='Notify'>"
  "    <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "    <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "    <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "  </method>"
  "  <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "</interface></node>";

static void
stand_in_method_call (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  StandIn *stand_in = user_data;

  g_ptr_array_add (stand_in->calls, g_variant_ref_sink (g_variant_new ("(s@*)", method_name, parameters)));
  if (g_str_equal (method_name, "Notify"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", 1));
  else if (g_str_equal (method_name, "GetCapabilities"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@as [],)"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
stand_in_acquired_cb (GDBusConnection *connection,
                      const char      *name,
                      gpointer         user_data)
{
  ((StandIn *) user_data)->owned = TRUE;
}

static StandIn *
stand_in_start (const char *name,
                const char *xml,
                const char *path)
{
  static const GDBusInterfaceVTable vtable = { stand_in_method_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  StandIn *stand_in = g_new0 (StandIn, 1);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  stand_in->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  stand_in->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  node = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  stand_in->registration_id = g_dbus_connection_register_object (stand_in->bus, path, node->interfaces[0],
                                                                 &vtable, stand_in, NULL, &error);
  g_assert_no_error (error);
  stand_in->owner_id = g_bus_own_name_on_connection (stand_in->bus, name, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                     stand_in_acquired_cb, NULL, stand_in, NULL);
  while (!stand_in->owned && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (stand_in->owned);
  return stand_in;
}

static void
stand_in_stop (StandIn *stand_in)
{
  g_bus_unown_name (stand_in->owner_id);
  g_dbus_connection_unregister_object (stand_in->bus, stand_in->registration_id);
  g_object_unref (stand_in->bus);
  g_ptr_array_unref (stand_in->calls);
  g_free (stand_in);
}

/* Lets calls still on their way arrive for @ms. */
static void
stand_in_listen (StandIn *stand_in,
                 guint    ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (stand_in->calls->len == 0 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
}

/* The one call crm-sync made. */
static GVariant *
stand_in_wait_for_call (StandIn *stand_in)
{
  stand_in_listen (stand_in, 10000);
  g_assert_cmpuint (stand_in->calls->len, ==, 1);
  return g_ptr_array_index (stand_in->calls, 0);
}

/* Exit 3 on the desktop (GNOME: org.gtk.Notifications): a notification as
 * CRM Sync Setup, whose default action and button activate the wizard's
 * app.reauthorize with the connection, even once crm-sync has ended. */
static void
test_notify_gtk (Fixture       *f,
                 gconstpointer  data)
{
  const char *check[] = { "check", f->connection->id, NULL };
  StandIn *shell = stand_in_start ("org.gtk.Notifications", gtk_notifications_xml, "/org/gtk/Notifications");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  g_autofree char *app_id = NULL;
  g_autoptr(GVariant) notification = NULL;
  g_autoptr(GVariant) buttons = NULL;
  g_autoptr(GVariant) target = NULL;
  const char *method, *title, *action;
  GVariant *call;

  g_assert_true (cs_practice_org_revoke_user_tokens (f->org, cs_practice_org_get_sync_username (f->org), NULL));
  g_assert_cmpint (run_crm_sync (check, &out, &err), ==, 3);
  call = stand_in_wait_for_call (shell);
  g_variant_get (call, "(&s(ss@a{sv}))", &method, &app_id, &id, &notification);
  g_assert_cmpstr (method, ==, "AddNotification");
  g_assert_cmpstr (app_id, ==, APP_ID);
  g_assert_true (g_str_has_prefix (id, "reauthorize-"));
  g_assert_true (g_variant_lookup (notification, "title", "&s", &title));
  g_assert_nonnull (strstr (title, f->connection->id));
  g_assert_true (g_variant_lookup (notification, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.reauthorize");
  target = g_variant_lookup_value (notification, "default-action-target", G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, f->connection->id);
  buttons = g_variant_lookup_value (notification, "buttons", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_nonnull (buttons);
  g_assert_cmpuint (g_variant_n_children (buttons), ==, 1);
  {
    g_autoptr(GVariant) button = g_variant_get_child_value (buttons, 0);
    g_autoptr(GVariant) button_target = g_variant_lookup_value (button, "target", G_VARIANT_TYPE_STRING);

    g_assert_true (g_variant_lookup (button, "action", "&s", &action));
    g_assert_cmpstr (action, ==, "app.reauthorize");
    g_assert_cmpstr (g_variant_get_string (button_target, NULL), ==, f->connection->id);
  }
  /* Nothing secret in a notification. */
  {
    g_autofree char *printed = g_variant_print (notification, FALSE);

    g_assert_null (strstr (printed, cs_practice_org_get_consumer_secret (f->org)));
  }
  stand_in_stop (shell);
}

/* A desktop with org.freedesktop.Notifications only: the notification
 * says what to run (a click there would go back to crm-sync, which ended). */
static void
test_notify_fdo (Fixture       *f,
                 gconstpointer  data)
{
  const char *test[] = { "test", f->connection->id, NULL };
  StandIn *server = stand_in_start ("org.freedesktop.Notifications", fdo_notifications_xml,
                                    "/org/freedesktop/Notifications");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("crm-sync reauthorize %s", f->connection->id);
  g_autoptr(GVariant) actions = NULL;
  g_autoptr(GVariant) hints = NULL;
  const char *method, *icon, *title, *body, *desktop_entry;
  GVariant *call;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  g_assert_cmpint (run_crm_sync (test, &out, &err), ==, 3);
  call = stand_in_wait_for_call (server);
  g_variant_get (call, "(&s(&su&s&s&s@as@a{sv}i))", &method, NULL, NULL, &icon, &title, &body,
                 &actions, &hints, NULL);
  g_assert_cmpstr (method, ==, "Notify");
  g_assert_cmpstr (icon, ==, APP_ID);
  g_assert_nonnull (strstr (title, f->connection->id));
  g_assert_nonnull (strstr (body, expected));
  g_assert_cmpuint (g_variant_n_children (actions), ==, 0);
  g_assert_true (g_variant_lookup (hints, "desktop-entry", "&s", &desktop_entry));
  g_assert_cmpstr (desktop_entry, ==, APP_ID);
  stand_in_stop (server);
}

/* No notification service (SSH, a script, this test environment): exit 3
 * as always, nothing sent, nothing said about it. Repairs never notify. */
static void
test_notify_nothing (Fixture       *f,
                     gconstpointer  data)
{
  const char *check[] = { "check", f->connection->id, NULL };
  const char *replace[] = { "replace-secret", f->connection->id, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_auto(GStrv) lines = NULL;
  StandIn *shell;

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_REVOKED_REFRESH, TRUE);
  g_assert_cmpint (run_crm_sync (check, &out, &err), ==, 3);
  lines = g_strsplit (g_strstrip (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_true (g_str_has_prefix (lines[0], "crm-sync: "));

  /* A repair that meets the same refusal (exit 3): the admin is at the
   * terminal, no notification. */
  shell = stand_in_start ("org.gtk.Notifications", gtk_notifications_xml, "/org/gtk/Notifications");
  g_assert_cmpint (run_with_input (replace, cs_practice_org_get_consumer_secret (f->org), &out2, &err2), ==, 3);
  stand_in_listen (shell, 500);
  g_assert_cmpuint (shell->calls->len, ==, 0);
  stand_in_stop (shell);
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
  g_test_add ("/cli/lifecycle/revoked-then-reauthorized", Fixture, NULL, fixture_set_up, test_revoked_then_reauthorized, fixture_tear_down);
  g_test_add ("/cli/lifecycle/reauthorize-revokes-live-token", Fixture, NULL, fixture_set_up, test_reauthorize_revokes_live_token, fixture_tear_down);
  g_test_add ("/cli/lifecycle/reauthorize-other-org", Fixture, NULL, fixture_set_up, test_reauthorize_other_org, fixture_tear_down);
  g_test_add ("/cli/lifecycle/consumer-secret-rotated", Fixture, NULL, fixture_set_up, test_consumer_secret_rotated, fixture_tear_down);
  g_test_add ("/cli/lifecycle/deleted-item-found-and-fixed", Fixture, NULL, fixture_set_up, test_deleted_item_found_and_fixed, fixture_tear_down);
  g_test_add ("/cli/lifecycle/connect", Fixture, NULL, fixture_set_up, test_connect, fixture_tear_down);
  g_test_add ("/cli/lifecycle/connect-usage", Fixture, NULL, fixture_set_up, test_connect_usage, fixture_tear_down);
  g_test_add ("/cli/lifecycle/forget-revoke-fails", Fixture, NULL, fixture_set_up, test_forget_revoke_fails, fixture_tear_down);
  g_test_add ("/cli/lifecycle/forget-removes-catalog", Fixture, NULL, fixture_set_up, test_forget_removes_catalog, fixture_tear_down);
  g_test_add ("/cli/lifecycle/connections-without-keyring", Fixture, NULL, fixture_set_up, test_connections_without_keyring, fixture_tear_down);
  g_test_add ("/cli/lifecycle/credentials", Fixture, NULL, fixture_set_up, test_credentials, fixture_tear_down);
  g_test_add_func ("/cli/lifecycle/unknown-command", test_unknown_command_named);
  g_test_add ("/cli/notify/gnome", Fixture, NULL, fixture_set_up, test_notify_gtk, fixture_tear_down);
  g_test_add ("/cli/notify/freedesktop", Fixture, NULL, fixture_set_up, test_notify_fdo, fixture_tear_down);
  g_test_add ("/cli/notify/nothing", Fixture, NULL, fixture_set_up, test_notify_nothing, fixture_tear_down);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/process-harden", test_process_harden);

  return g_test_run ();
}
