/* test-token-set.c: token responses, their signature, and identities.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-test-util.h"

#define SECRET     "secret"
#define ID_URL     "https://login.salesforce.com/id/00Dx0000000001/005x0000000001"
#define ISSUED_AT  "1700000000000"
/* base64(HMAC-SHA256("secret", ID_URL ISSUED_AT)), computed independently
 * (Python's hmac module). */
#define SIGNATURE  "1oeRU8KgKWJ6acXo8IfWaY6tS+e23wCcozkgshueYX8="

#define ACCESS_TOKEN  "00Dx0000000001!AQ0AQSECRETACCESS"
#define REFRESH_TOKEN "5Aep861SECRETREFRESH"

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

/* A token response with @member replaced by @value (a JSON literal), or
 * left out when @value is NULL. */
static JsonNode *
token_response (const char *member,
                const char *value)
{
  static const char * const members[][2] = {
    { "access_token", "\"" ACCESS_TOKEN "\"" },
    { "refresh_token", "\"" REFRESH_TOKEN "\"" },
    { "signature", "\"" SIGNATURE "\"" },
    { "scope", "\"refresh_token api\"" },
    { "instance_url", "\"https://acme.my.salesforce.com\"" },
    { "id", "\"" ID_URL "\"" },
    { "token_type", "\"Bearer\"" },
    { "issued_at", "\"" ISSUED_AT "\"" },
  };
  g_autoptr(GString) json = g_string_new ("{");
  gboolean replaced = FALSE;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *v = members[i][1];

      if (member != NULL && g_str_equal (member, members[i][0]))
        {
          v = value;
          replaced = TRUE;
        }
      if (v == NULL)
        continue;
      if (json->len > 1)
        g_string_append_c (json, ',');
      g_string_append_printf (json, "\"%s\":%s", members[i][0], v);
    }
  if (member != NULL && !replaced && value != NULL)
    g_string_append_printf (json, ",\"%s\":%s", member, value);
  g_string_append_c (json, '}');

  return parse (json->str);
}

static void
test_signature_compute (void)
{
  g_autofree char *signature = cs_token_signature_compute (SECRET, ID_URL, ISSUED_AT);
  g_autofree char *hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                                    (const guchar *) SECRET, strlen (SECRET),
                                                    ID_URL ISSUED_AT, -1);
  g_autofree guchar *raw = NULL;
  gsize raw_len = 0;
  g_autoptr(GString) hex_again = g_string_new (NULL);
  gsize i;

  g_assert_cmpstr (signature, ==, SIGNATURE);

  /* Also agrees with GLib's own HMAC, byte for byte. */
  raw = g_base64_decode (signature, &raw_len);
  g_assert_cmpuint (raw_len, ==, 32);
  for (i = 0; i < raw_len; i++)
    g_string_append_printf (hex_again, "%02x", raw[i]);
  g_assert_cmpstr (hex_again->str, ==, hex);
}

static void
test_signature_verify (void)
{
  g_assert_true (cs_token_signature_verify (SECRET, ID_URL, ISSUED_AT, SIGNATURE));

  /* Tampered identity URL, tampered time, wrong secret. */
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL "2", ISSUED_AT, SIGNATURE));
  g_assert_false (cs_token_signature_verify (SECRET,
                                             "https://login.salesforce.com/id/00Dx0000000001/005x0000000002",
                                             ISSUED_AT, SIGNATURE));
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL, "1700000000001", SIGNATURE));
  g_assert_false (cs_token_signature_verify ("Secret", ID_URL, ISSUED_AT, SIGNATURE));
  g_assert_false (cs_token_signature_verify ("", ID_URL, ISSUED_AT, SIGNATURE));

  /* Damaged signatures. */
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL, ISSUED_AT, NULL));
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL, ISSUED_AT, ""));
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL, ISSUED_AT,
                                             "1oeRU8KgKWJ6acXo8IfWaY6tS+e23wCcozkgshueYX8"));
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL, ISSUED_AT,
                                             "1oeRU8KgKWJ6acXo8IfWaY6tS-e23wCcozkgshueYX8="));
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL, ISSUED_AT,
                                             "1OERU8KgKWJ6acXo8IfWaY6tS+e23wCcozkgshueYX8="));
  g_assert_false (cs_token_signature_verify (SECRET, ID_URL, NULL, SIGNATURE));
  g_assert_false (cs_token_signature_verify (SECRET, NULL, ISSUED_AT, SIGNATURE));
}

static void
test_parse_good (void)
{
  g_autoptr(JsonNode) root = token_response (NULL, NULL);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *instance_url = NULL;
  gint64 issued_at = 0;

  tokens = cs_token_set_new_from_json (root, SECRET, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_token_set_get_access_token (tokens), ==, ACCESS_TOKEN);
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, REFRESH_TOKEN);
  g_assert_cmpstr (cs_token_set_get_instance_url (tokens), ==, "https://acme.my.salesforce.com");
  g_assert_cmpstr (cs_token_set_get_id_url (tokens), ==, ID_URL);
  g_assert_cmpstr (cs_token_set_get_scope (tokens), ==, "refresh_token api");
  g_assert_cmpint (cs_token_set_get_issued_at_ms (tokens), ==, G_GINT64_CONSTANT (1700000000000));

  g_object_get (tokens, "instance-url", &instance_url, "issued-at-ms", &issued_at, NULL);
  g_assert_cmpstr (instance_url, ==, "https://acme.my.salesforce.com");
  g_assert_cmpint (issued_at, ==, G_GINT64_CONSTANT (1700000000000));

  /* Tokens are no properties. */
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (tokens), "access-token"));
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (tokens), "refresh-token"));
}

static void
test_parse_variants (void)
{
  g_autoptr(GError) error = NULL;

  /* A refresh answer usually has no refresh token. */
  {
    g_autoptr(JsonNode) root = token_response ("refresh_token", NULL);
    g_autoptr(CsTokenSet) tokens = cs_token_set_new_from_json (root, SECRET, &error);

    g_assert_no_error (error);
    g_assert_null (cs_token_set_get_refresh_token (tokens));
    cs_token_set_set_refresh_token (tokens, REFRESH_TOKEN);
    g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, REFRESH_TOKEN);
    cs_token_set_set_refresh_token (tokens, cs_token_set_get_refresh_token (tokens));
    g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, REFRESH_TOKEN);
    cs_token_set_set_refresh_token (tokens, NULL);
    g_assert_null (cs_token_set_get_refresh_token (tokens));
  }

  /* issued_at as a number; the instance URL's trailing slash dropped. */
  {
    g_autoptr(JsonNode) root = token_response ("issued_at", ISSUED_AT);
    g_autoptr(CsTokenSet) tokens = cs_token_set_new_from_json (root, SECRET, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cs_token_set_get_issued_at_ms (tokens), ==, G_GINT64_CONSTANT (1700000000000));
  }
  {
    g_autoptr(JsonNode) root = token_response ("instance_url", "\"https://acme.my.salesforce.com/\"");
    g_autoptr(CsTokenSet) tokens = cs_token_set_new_from_json (root, SECRET, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cs_token_set_get_instance_url (tokens), ==, "https://acme.my.salesforce.com");
  }

  /* The practice org lives on loopback over plain http. */
  {
    g_autoptr(JsonNode) root = token_response ("instance_url", "\"http://127.0.0.1:8080\"");
    g_autoptr(CsTokenSet) tokens = cs_token_set_new_from_json (root, SECRET, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cs_token_set_get_instance_url (tokens), ==, "http://127.0.0.1:8080");
  }

  /* No secret (an app that requires none): nothing to verify with. */
  {
    g_autoptr(JsonNode) root = token_response ("signature", "\"garbage\"");
    g_autoptr(CsTokenSet) tokens = cs_token_set_new_from_json (root, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (tokens);
  }
}

static void
test_parse_malformed (void)
{
  static const struct {
    const char *member;
    const char *value;
    CsError     code;
  } cases[] = {
    { "access_token", NULL, CS_ERROR_MALFORMED_RESPONSE },
    { "access_token", "\"\"", CS_ERROR_MALFORMED_RESPONSE },
    { "access_token", "42", CS_ERROR_MALFORMED_RESPONSE },
    { "instance_url", NULL, CS_ERROR_MALFORMED_RESPONSE },
    { "instance_url", "\"http://acme.my.salesforce.com\"", CS_ERROR_MALFORMED_RESPONSE },
    { "instance_url", "\"ftp://acme.my.salesforce.com\"", CS_ERROR_MALFORMED_RESPONSE },
    { "instance_url", "\"not a url\"", CS_ERROR_MALFORMED_RESPONSE },
    { "instance_url", "null", CS_ERROR_MALFORMED_RESPONSE },
    { "id", NULL, CS_ERROR_MALFORMED_RESPONSE },
    { "id", "\"http://login.salesforce.com/id/00D/005\"", CS_ERROR_MALFORMED_RESPONSE },
    { "issued_at", NULL, CS_ERROR_MALFORMED_RESPONSE },
    { "issued_at", "\"soon\"", CS_ERROR_MALFORMED_RESPONSE },
    { "issued_at", "\"-1\"", CS_ERROR_MALFORMED_RESPONSE },
    { "issued_at", "1.5", CS_ERROR_MALFORMED_RESPONSE },
    { "signature", NULL, CS_ERROR_BAD_SIGNATURE },
    { "signature", "\"AAAA\"", CS_ERROR_BAD_SIGNATURE },
    { "id", "\"" ID_URL "2\"", CS_ERROR_BAD_SIGNATURE },
    { "issued_at", "\"1700000000001\"", CS_ERROR_BAD_SIGNATURE },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = token_response (cases[i].member, cases[i].value);
      g_autoptr(CsTokenSet) tokens = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s = %s", cases[i].member, cases[i].value);
      tokens = cs_token_set_new_from_json (root, SECRET, &error);
      g_assert_null (tokens);
      g_assert_error (error, CS_ERROR, (int) cases[i].code);
      g_assert_null (strstr (error->message, "SECRET"));
    }

  /* Wrong consumer secret. */
  {
    g_autoptr(JsonNode) root = token_response (NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (cs_token_set_new_from_json (root, "not-the-secret", &error));
    g_assert_error (error, CS_ERROR, CS_ERROR_BAD_SIGNATURE);
  }

  /* Not an object at all. */
  {
    g_autoptr(JsonNode) root = parse ("[1, 2]");
    g_autoptr(GError) error = NULL;

    g_assert_null (cs_token_set_new_from_json (root, SECRET, &error));
    g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
    g_clear_error (&error);
    g_assert_null (cs_token_set_new_from_json (NULL, SECRET, &error));
    g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  }
}

static void
test_token_set_new (void)
{
  g_autoptr(CsTokenSet) tokens = cs_token_set_new ("a", "r", "http://127.0.0.1:1/", NULL);
  g_autoptr(CsTokenSet) empty = cs_token_set_new (NULL, "r", NULL, NULL);

  g_assert_cmpstr (cs_token_set_get_access_token (tokens), ==, "a");
  g_assert_cmpstr (cs_token_set_get_refresh_token (tokens), ==, "r");
  g_assert_cmpstr (cs_token_set_get_instance_url (tokens), ==, "http://127.0.0.1:1");
  g_assert_null (cs_token_set_get_id_url (tokens));
  g_assert_null (cs_token_set_get_scope (tokens));
  g_assert_cmpint (cs_token_set_get_issued_at_ms (tokens), ==, 0);
  g_assert_null (cs_token_set_get_access_token (empty));
}

static void
test_identity_from_id_url (void)
{
  g_autoptr(JsonNode) root = parse ("{\"id\":\"" ID_URL "\",\"asserted_user\":true,"
                                    "\"user_id\":\"005x0000000001\",\"organization_id\":\"00Dx0000000001\","
                                    "\"username\":\"Sync@Example.com\",\"nick_name\":\"sync\","
                                    "\"display_name\":\"Sync User\",\"email\":\"sync@example.com\","
                                    "\"urls\":{\"rest\":\"https://acme.my.salesforce.com/services/data/v{version}/\"}}");
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = cs_identity_new_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_identity_get_user_id (identity), ==, "005x0000000001");
  g_assert_cmpstr (cs_identity_get_org_id (identity), ==, "00Dx0000000001");
  g_assert_cmpstr (cs_identity_get_username (identity), ==, "Sync@Example.com");
  g_assert_cmpstr (cs_identity_get_display_name (identity), ==, "Sync User");
  g_assert_cmpstr (cs_identity_get_email (identity), ==, "sync@example.com");
  g_assert_null (cs_identity_get_profile_name (identity));
  g_assert_false (cs_identity_get_is_admin (identity));

  g_assert_true (cs_identity_matches_username (identity, "sync@example.com"));
  g_assert_true (cs_identity_matches_username (identity, "  SYNC@EXAMPLE.COM \n"));
  g_assert_false (cs_identity_matches_username (identity, "sync@example.com.uat"));
  g_assert_false (cs_identity_matches_username (identity, "admin@example.com"));
  g_assert_false (cs_identity_matches_username (identity, ""));
  g_assert_false (cs_identity_matches_username (identity, NULL));
}

static void
test_identity_from_userinfo (void)
{
  g_autoptr(JsonNode) root = parse ("{\"sub\":\"" ID_URL "\",\"user_id\":\"005x0000000001\","
                                    "\"organization_id\":\"00Dx0000000001\","
                                    "\"preferred_username\":\"sync@example.com\",\"nickname\":\"sync\","
                                    "\"name\":\"Sync User\",\"email\":\"sync@example.com\","
                                    "\"email_verified\":true,\"zoneinfo\":\"Europe/Paris\"}");
  g_autoptr(JsonNode) minimal = parse ("{\"sub\":\"https://login.salesforce.com/id/00Dy/005y\","
                                       "\"preferred_username\":\"x@example.com\"}");
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(CsIdentity) from_sub = NULL;
  g_autoptr(GError) error = NULL;

  identity = cs_identity_new_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_identity_get_user_id (identity), ==, "005x0000000001");
  g_assert_cmpstr (cs_identity_get_org_id (identity), ==, "00Dx0000000001");
  g_assert_cmpstr (cs_identity_get_username (identity), ==, "sync@example.com");
  g_assert_cmpstr (cs_identity_get_display_name (identity), ==, "Sync User");
  g_assert_cmpstr (cs_identity_get_email (identity), ==, "sync@example.com");

  /* Without user_id / organization_id: read from the sub URL. */
  from_sub = cs_identity_new_from_json (minimal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_identity_get_user_id (from_sub), ==, "005y");
  g_assert_cmpstr (cs_identity_get_org_id (from_sub), ==, "00Dy");
  g_assert_null (cs_identity_get_display_name (from_sub));
  g_assert_null (cs_identity_get_email (from_sub));
}

static void
test_identity_malformed (void)
{
  static const char * const cases[] = {
    "[]",
    "\"text\"",
    "{}",
    "{\"user_id\":\"005x\",\"organization_id\":\"00Dx\"}",
    "{\"username\":\"a@example.com\"}",
    "{\"sub\":\"https://login.salesforce.com/nope\",\"preferred_username\":\"a@example.com\"}",
    "{\"id\":\"https://login.salesforce.com/id/00Dx/\",\"username\":\"a@example.com\"}",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i]);
      g_assert_null (cs_identity_new_from_json (root, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
    }
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_identity_profile (void)
{
  g_autoptr(JsonNode) root = parse ("{\"user_id\":\"005x\",\"organization_id\":\"00Dx\","
                                    "\"username\":\"a@example.com\"}");
  g_autoptr(CsIdentity) identity = cs_identity_new_from_json (root, NULL);
  g_autofree char *profile = NULL;
  gboolean is_admin = FALSE;
  guint notifications = 0;

  g_signal_connect (identity, "notify", G_CALLBACK (notify_count_cb), &notifications);
  cs_identity_set_profile (identity, "System Administrator", TRUE);
  g_assert_cmpuint (notifications, ==, 2);
  cs_identity_set_profile (identity, "System Administrator", TRUE);
  g_assert_cmpuint (notifications, ==, 2);

  g_object_get (identity, "profile-name", &profile, "is-admin", &is_admin, NULL);
  g_assert_cmpstr (profile, ==, "System Administrator");
  g_assert_true (is_admin);
  g_assert_cmpstr (cs_identity_get_profile_name (identity), ==, "System Administrator");
  g_assert_true (cs_identity_get_is_admin (identity));

  cs_identity_set_profile (identity, "Sync Integration", FALSE);
  g_assert_cmpuint (notifications, ==, 4);
  g_assert_false (cs_identity_get_is_admin (identity));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/token-set/signature-compute", test_signature_compute);
  g_test_add_func ("/oauth/token-set/signature-verify", test_signature_verify);
  g_test_add_func ("/oauth/token-set/parse-good", test_parse_good);
  g_test_add_func ("/oauth/token-set/parse-variants", test_parse_variants);
  g_test_add_func ("/oauth/token-set/parse-malformed", test_parse_malformed);
  g_test_add_func ("/oauth/token-set/new", test_token_set_new);
  g_test_add_func ("/oauth/identity/from-id-url", test_identity_from_id_url);
  g_test_add_func ("/oauth/identity/from-userinfo", test_identity_from_userinfo);
  g_test_add_func ("/oauth/identity/malformed", test_identity_malformed);
  g_test_add_func ("/oauth/identity/profile", test_identity_profile);

  return g_test_run ();
}
