/* test-describe.c: CsDescribe, the one parser of describes, on the
 * practice org's describes and on hand-written odd ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-describe.h"
#include "fields-test-common.h"

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static CsDescribe *
parse_describe (const char *json,
                const char *object)
{
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GError) error = NULL;
  CsDescribe *describe = cs_describe_new_from_json (node, object, &error);

  g_assert_no_error (error);
  g_assert_nonnull (describe);
  return describe;
}

/* Every field of the practice org's describes is read, with what the
 * sync and the record sync need. */
static void
test_practice_org (FieldsFixture *fixture,
                   gconstpointer  user_data)
{
  g_auto(GStrv) names = fields_object_names (0, TRUE);
  g_autoptr(GHashTable) describes = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean saw_picklist = FALSE;
  gboolean saw_reference = FALSE;

  describes = fields_describe_many (fixture, (const char * const *) names, NULL, NULL);
  g_assert_cmpuint (g_hash_table_size (describes), ==, g_strv_length (names));

  g_hash_table_iter_init (&iter, describes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsDescribe) describe = cs_describe_new_from_json (value, key, &error);
      JsonArray *fields;

      g_assert_no_error (error);
      g_assert_cmpstr (cs_describe_get_name (describe), ==, key);
      g_assert_true (cs_describe_is_queryable (describe));

      fields = json_object_get_array_member (json_node_get_object (value), "fields");
      g_assert_cmpuint (cs_describe_get_n_fields (describe), ==, json_array_get_length (fields));

      for (guint i = 0; i < cs_describe_get_n_fields (describe); i++)
        {
          const CsDescribeField *field = cs_describe_get_field (describe, i);
          JsonObject *json = json_array_get_object_element (fields, i);

          g_assert_cmpstr (field->name, ==, json_object_get_string_member (json, "name"));
          g_assert_cmpstr (field->type, ==, json_object_get_string_member (json, "type"));
          g_assert_cmpstr (field->label, ==, json_object_get_string_member (json, "label"));
          g_assert_cmpuint (field->length, ==, json_object_get_int_member (json, "length"));
          g_assert_cmpint (field->updateable, ==, json_object_get_boolean_member (json, "updateable"));
          g_assert_cmpint (field->nillable, ==, json_object_get_boolean_member (json, "nillable"));
          g_assert_cmpuint (field->n_picklist_values, ==,
                            json_array_get_length (json_object_get_array_member (json, "picklistValues")));
          g_assert_cmpuint (g_strv_length ((char **) field->reference_to), ==,
                            json_array_get_length (json_object_get_array_member (json, "referenceTo")));
          g_assert_true (cs_describe_lookup_field (describe, field->name) == field);

          saw_picklist |= field->n_picklist_values > 0;
          saw_reference |= field->reference_to[0] != NULL;
        }

      /* Case-insensitive, as the API is. */
      g_assert_nonnull (cs_describe_lookup_field (describe, "SYSTEMMODSTAMP"));
      g_assert_null (cs_describe_lookup_field (describe, "NoSuchField__c"));
    }

  g_assert_true (saw_picklist);
  g_assert_true (saw_reference);
}

static void
test_members (void)
{
  g_autoptr(CsDescribe) describe = NULL;
  const CsDescribeField *field;

  describe = parse_describe ("{\"name\": \"Invoice__c\", \"label\": \"Invoice\", \"custom\": true,"
                             " \"queryable\": true, \"createable\": true, \"updateable\": false,"
                             " \"deletable\": true, \"fields\": ["
                             "  {\"name\": \"Status__c\", \"label\": \"Status\", \"type\": \"picklist\","
                             "   \"length\": 255, \"custom\": true, \"createable\": true,"
                             "   \"updateable\": true, \"calculated\": false, \"autoNumber\": false,"
                             "   \"nillable\": true, \"defaultedOnCreate\": true, \"unique\": false,"
                             "   \"externalId\": false, \"idLookup\": false,"
                             "   \"inlineHelpText\": \"Where the invoice stands\","
                             "   \"picklistValues\": ["
                             "     {\"value\": \"Open\", \"label\": \"Open\", \"active\": true, \"defaultValue\": true},"
                             "     {\"value\": \"Paid\", \"active\": false, \"defaultValue\": false},"
                             "     {\"label\": \"no value\"}, 42],"
                             "   \"referenceTo\": []},"
                             "  {\"name\": \"Account__c\", \"type\": \"reference\", \"custom\": true,"
                             "   \"referenceTo\": [\"Account\", 7, \"Contact\"],"
                             "   \"relationshipName\": \"Account__r\", \"externalId\": true,"
                             "   \"idLookup\": true, \"unique\": true},"
                             "  {\"name\": \"Amount__c\", \"type\": \"currency\", \"precision\": 18.0,"
                             "   \"scale\": 2, \"digits\": -1, \"calculated\": true, \"autoNumber\": true}"
                             "]}", "Invoice__c");

  g_assert_cmpstr (cs_describe_get_name (describe), ==, "Invoice__c");
  g_assert_cmpstr (cs_describe_get_label (describe), ==, "Invoice");
  g_assert_true (cs_describe_is_custom (describe));
  g_assert_true (cs_describe_is_queryable (describe));
  g_assert_true (cs_describe_is_createable (describe));
  g_assert_false (cs_describe_is_updateable (describe));
  g_assert_true (cs_describe_is_deletable (describe));
  g_assert_cmpuint (cs_describe_get_n_fields (describe), ==, 3);

  field = cs_describe_get_field (describe, 0);
  g_assert_cmpstr (field->name, ==, "Status__c");
  g_assert_cmpstr (field->label, ==, "Status");
  g_assert_cmpstr (field->type, ==, "picklist");
  g_assert_cmpuint (field->length, ==, 255);
  g_assert_true (field->custom && field->createable && field->updateable && field->nillable &&
                 field->defaulted_on_create);
  g_assert_false (field->calculated || field->auto_number || field->unique ||
                  field->external_id || field->id_lookup);
  g_assert_cmpstr (field->inline_help_text, ==, "Where the invoice stands");
  g_assert_null (field->relationship_name);
  g_assert_null (field->reference_to[0]);
  /* Entries without a value are left out. */
  g_assert_cmpuint (field->n_picklist_values, ==, 2);
  g_assert_cmpstr (field->picklist_values[0].value, ==, "Open");
  g_assert_cmpstr (field->picklist_values[0].label, ==, "Open");
  g_assert_true (field->picklist_values[0].active);
  g_assert_true (field->picklist_values[0].default_value);
  g_assert_cmpstr (field->picklist_values[1].value, ==, "Paid");
  g_assert_null (field->picklist_values[1].label);
  g_assert_false (field->picklist_values[1].active);

  field = cs_describe_lookup_field (describe, "account__C");
  g_assert_nonnull (field);
  g_assert_cmpstr (field->name, ==, "Account__c");
  g_assert_null (field->label);
  g_assert_cmpuint (field->n_picklist_values, ==, 0);
  g_assert_null (field->picklist_values);
  /* Strings only. */
  g_assert_cmpuint (g_strv_length ((char **) field->reference_to), ==, 2);
  g_assert_cmpstr (field->reference_to[0], ==, "Account");
  g_assert_cmpstr (field->reference_to[1], ==, "Contact");
  g_assert_cmpstr (field->relationship_name, ==, "Account__r");
  g_assert_true (field->external_id && field->id_lookup && field->unique);

  /* A double is truncated, a negative number reads as 0. */
  field = cs_describe_get_field (describe, 2);
  g_assert_cmpuint (field->precision, ==, 18);
  g_assert_cmpuint (field->scale, ==, 2);
  g_assert_cmpuint (field->digits, ==, 0);
  g_assert_true (field->calculated && field->auto_number);
}

/* Odd fields are tolerated: what cannot be a field is left out, members of
 * another type read as missing, a repeated name counts once. */
static void
test_tolerant (void)
{
  g_autoptr(CsDescribe) describe = NULL;
  const CsDescribeField *field;

  describe = parse_describe ("{\"fields\": ["
                             "  \"Email\", null, {}, {\"name\": \"\"}, {\"name\": 12},"
                             "  {\"name\": \"Email\", \"type\": 3, \"label\": false, \"length\": \"80\","
                             "   \"updateable\": \"true\", \"picklistValues\": {}, \"referenceTo\": \"User\"},"
                             "  {\"name\": \"EMAIL\", \"type\": \"email\"},"
                             "  {\"name\": \"Phone\", \"type\": \"phone\", \"length\": 1e12}"
                             "], \"queryable\": 1}", "Lead");

  /* The name asked for when the describe gives none. */
  g_assert_cmpstr (cs_describe_get_name (describe), ==, "Lead");
  g_assert_null (cs_describe_get_label (describe));
  g_assert_false (cs_describe_is_queryable (describe));
  g_assert_cmpuint (cs_describe_get_n_fields (describe), ==, 2);

  field = cs_describe_get_field (describe, 0);
  g_assert_cmpstr (field->name, ==, "Email");
  g_assert_null (field->type);
  g_assert_null (field->label);
  g_assert_cmpuint (field->length, ==, 0);
  g_assert_false (field->updateable);
  g_assert_cmpuint (field->n_picklist_values, ==, 0);
  g_assert_null (field->reference_to[0]);
  g_assert_true (cs_describe_lookup_field (describe, "email") == field);

  field = cs_describe_get_field (describe, 1);
  g_assert_cmpstr (field->name, ==, "Phone");
  g_assert_cmpuint (field->length, ==, 0);

  g_clear_pointer (&describe, cs_describe_unref);
  describe = parse_describe ("{\"name\": \"Lead\", \"fields\": []}", "Lead");
  g_assert_cmpuint (cs_describe_get_n_fields (describe), ==, 0);
  g_assert_null (cs_describe_lookup_field (describe, "Id"));
}

static void
test_malformed (void)
{
  static const char * const malformed[] = {
    "[]",
    "\"Lead\"",
    "null",
    "42",
    "{}",
    "{\"name\": \"Lead\"}",
    "{\"name\": \"Lead\", \"fields\": null}",
    "{\"name\": \"Lead\", \"fields\": {\"name\": \"Email\"}}",
    "{\"name\": \"Lead\", \"fields\": \"Email\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(JsonNode) node = parse (malformed[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CsDescribe) describe = NULL;

      g_test_message ("%s", malformed[i]);
      describe = cs_describe_new_from_json (node, "Lead", &error);
      g_assert_null (describe);
      g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
      /* Says which object, and what to do. */
      g_assert_nonnull (strstr (error->message, "Lead"));
      g_assert_nonnull (strstr (error->message, "Try again later"));
    }
}

/* The describe outlives the JSON given to it, and is a boxed type. */
static void
test_lifetime (void)
{
  g_autoptr(CsDescribe) describe = NULL;
  g_autoptr(CsDescribe) copy = NULL;
  g_autofree char *name = g_strdup ("Contact");

  {
    g_autoptr(JsonNode) node = parse ("{\"fields\": [{\"name\": \"LastName\", \"type\": \"string\","
                                      " \"referenceTo\": [\"User\"]}]}");

    describe = cs_describe_new_from_json (node, name, NULL);
  }
  g_clear_pointer (&name, g_free);

  copy = g_boxed_copy (CS_TYPE_DESCRIBE, describe);
  g_assert_true (copy == describe);
  g_assert_cmpstr (cs_describe_get_name (copy), ==, "Contact");
  g_assert_cmpstr (cs_describe_get_field (copy, 0)->type, ==, "string");
  g_assert_cmpstr (cs_describe_get_field (copy, 0)->reference_to[0], ==, "User");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fields/describe/practice-org", FieldsFixture, NULL,
              fields_fixture_set_up, test_practice_org, fields_fixture_tear_down);
  g_test_add_func ("/fields/describe/members", test_members);
  g_test_add_func ("/fields/describe/tolerant", test_tolerant);
  g_test_add_func ("/fields/describe/malformed", test_malformed);
  g_test_add_func ("/fields/describe/lifetime", test_lifetime);

  return g_test_run ();
}
