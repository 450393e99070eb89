/* cs-describe.c: one object's describe, parsed once.
 *
 * Describes are large (hundreds of fields of some sixty members each) and
 * read several times per field sync, so nothing is copied: the strings stay
 * in the JSON tree, which the CsDescribe holds, and the fields, picklist
 * values and references each live in one array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "cs-describe.h"
#include "cs-error.h"

struct _CsDescribe
{
  gatomicrefcount  ref_count;

  JsonNode        *root;
  const char      *name;
  char            *requested_name;    /* the name, when the describe gives none */
  const char      *label;
  guint            custom : 1;
  guint            queryable : 1;
  guint            createable : 1;
  guint            updateable : 1;
  guint            deletable : 1;

  GArray          *fields;            /* CsDescribeField */
  GArray          *picklist_values;   /* CsDescribePicklistValue, every field's */
  GPtrArray       *reference_to;      /* const char *, every field's, each NULL-terminated */
  GHashTable      *index;             /* API name (case-insensitive) → position + 1 */
};

G_DEFINE_BOXED_TYPE (CsDescribe, cs_describe, cs_describe_ref, cs_describe_unref)

static const char * const no_references[] = { NULL };

/* Where a field's picklist values and references start, until the arrays
 * stop growing and the fields can point into them. */
typedef struct {
  guint picklist_values;
  guint reference_to;
} FieldOffsets;

/* ------------------------------------------------------------------------ */
/* JSON members of an expected type                                          */

static JsonNode *
member_value (JsonObject *object,
              const char *name,
              GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;
  return node;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = member_value (object, name, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : NULL;
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node = member_value (object, name, G_TYPE_BOOLEAN);

  return node != NULL && json_node_get_boolean (node);
}

/* Lengths and digits are integers; a double (as some JSON writers send
 * them) is truncated, a negative number reads as 0. */
static guint
member_uint (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  gdouble value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (guint) CLAMP (json_node_get_int (node), 0, (gint64) G_MAXUINT);
    case G_TYPE_DOUBLE:
      value = json_node_get_double (node);
      return value >= 0 && value <= G_MAXUINT ? (guint) value : 0;
    default:
      return 0;
    }
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* API names are case-insensitive; hashing them in place spares a
 * lower-case copy of each. */
static guint
ascii_case_hash (gconstpointer key)
{
  guint hash = 5381;

  for (const char *p = key; *p != '\0'; p++)
    hash = (hash << 5) + hash + (guchar) g_ascii_tolower (*p);
  return hash;
}

static gboolean
ascii_case_equal (gconstpointer a,
                  gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

/* ------------------------------------------------------------------------ */
/* Parsing                                                                   */

static void
read_picklist_values (CsDescribe *self,
                      JsonObject *field)
{
  JsonArray *values = member_array (field, "picklistValues");
  guint n = values != NULL ? json_array_get_length (values) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (values, i);
      CsDescribePicklistValue value = { 0 };
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      value.value = member_string (object, "value");
      if (value.value == NULL)
        continue;
      value.label = member_string (object, "label");
      value.active = member_bool (object, "active");
      value.default_value = member_bool (object, "defaultValue");
      g_array_append_val (self->picklist_values, value);
    }
}

/* Appends the field's references, NULL-terminated; FALSE when it has none. */
static gboolean
read_reference_to (CsDescribe *self,
                   JsonObject *field)
{
  JsonArray *targets = member_array (field, "referenceTo");
  guint n = targets != NULL ? json_array_get_length (targets) : 0;
  guint start = self->reference_to->len;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (targets, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (self->reference_to, (gpointer) json_node_get_string (element));
    }

  if (self->reference_to->len == start)
    return FALSE;
  g_ptr_array_add (self->reference_to, NULL);
  return TRUE;
}

static void
read_field (CsDescribe *self,
            JsonNode   *element,
            GArray     *offsets)
{
  CsDescribeField field = { 0 };
  FieldOffsets offset;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    return;
  object = json_node_get_object (element);

  field.name = member_string (object, "name");
  if (field.name == NULL || field.name[0] == '\0')
    return;
  /* A describe lists each name once; a repeat must not count twice. */
  if (g_hash_table_contains (self->index, field.name))
    return;
  g_hash_table_insert (self->index, (gpointer) field.name, GUINT_TO_POINTER (self->fields->len + 1));

  field.label = member_string (object, "label");
  field.type = member_string (object, "type");
  field.length = member_uint (object, "length");
  field.precision = member_uint (object, "precision");
  field.scale = member_uint (object, "scale");
  field.digits = member_uint (object, "digits");
  field.custom = member_bool (object, "custom");
  field.createable = member_bool (object, "createable");
  field.updateable = member_bool (object, "updateable");
  field.calculated = member_bool (object, "calculated");
  field.auto_number = member_bool (object, "autoNumber");
  field.nillable = member_bool (object, "nillable");
  field.defaulted_on_create = member_bool (object, "defaultedOnCreate");
  field.unique = member_bool (object, "unique");
  field.external_id = member_bool (object, "externalId");
  field.id_lookup = member_bool (object, "idLookup");
  field.relationship_name = member_string (object, "relationshipName");
  field.inline_help_text = member_string (object, "inlineHelpText");

  offset.picklist_values = self->picklist_values->len;
  read_picklist_values (self, object);
  field.n_picklist_values = self->picklist_values->len - offset.picklist_values;

  offset.reference_to = self->reference_to->len;
  if (!read_reference_to (self, object))
    offset.reference_to = G_MAXUINT;

  g_array_append_val (self->fields, field);
  g_array_append_val (offsets, offset);
}

/* Points the fields into the picklist and reference arrays, which no
 * longer grow. */
static void
link_fields (CsDescribe *self,
             GArray     *offsets)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      CsDescribeField *field = &g_array_index (self->fields, CsDescribeField, i);
      FieldOffsets *offset = &g_array_index (offsets, FieldOffsets, i);

      field->picklist_values = field->n_picklist_values > 0
                               ? &g_array_index (self->picklist_values, CsDescribePicklistValue,
                                                 offset->picklist_values)
                               : NULL;
      field->reference_to = offset->reference_to != G_MAXUINT
                            ? (const char * const *) &self->reference_to->pdata[offset->reference_to]
                            : no_references;
    }
}

CsDescribe *
cs_describe_new_from_json (JsonNode    *node,
                           const char  *object,
                           GError     **error)
{
  g_autoptr(CsDescribe) self = NULL;
  g_autoptr(GArray) offsets = NULL;
  JsonObject *describe;
  JsonArray *fields;
  guint n_fields;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                   /* Translators: %s is an object name such as Lead */
                   _("Salesforce’s description of %s is not a JSON object. Try again later."),
                   object);
      return NULL;
    }
  describe = json_node_get_object (node);
  fields = member_array (describe, "fields");
  if (fields == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                   /* Translators: %s is an object name such as Lead */
                   _("Salesforce’s description of %s has no list of fields. Try again later."),
                   object);
      return NULL;
    }
  n_fields = json_array_get_length (fields);

  self = g_new0 (CsDescribe, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->root = json_node_ref (node);
  self->name = member_string (describe, "name");
  if (self->name == NULL)
    self->name = self->requested_name = g_strdup (object);
  self->label = member_string (describe, "label");
  self->custom = member_bool (describe, "custom");
  self->queryable = member_bool (describe, "queryable");
  self->createable = member_bool (describe, "createable");
  self->updateable = member_bool (describe, "updateable");
  self->deletable = member_bool (describe, "deletable");

  self->fields = g_array_sized_new (FALSE, FALSE, sizeof (CsDescribeField), n_fields);
  self->picklist_values = g_array_new (FALSE, FALSE, sizeof (CsDescribePicklistValue));
  self->reference_to = g_ptr_array_new ();
  self->index = g_hash_table_new (ascii_case_hash, ascii_case_equal);
  offsets = g_array_sized_new (FALSE, FALSE, sizeof (FieldOffsets), n_fields);

  for (guint i = 0; i < n_fields; i++)
    read_field (self, json_array_get_element (fields, i), offsets);
  link_fields (self, offsets);

  return g_steal_pointer (&self);
}

CsDescribe *
cs_describe_ref (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cs_describe_unref (CsDescribe *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->reference_to, g_ptr_array_unref);
  g_clear_pointer (&self->picklist_values, g_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);
  json_node_unref (self->root);
  g_free (self->requested_name);
  g_free (self);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

const char *
cs_describe_get_name (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

const char *
cs_describe_get_label (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->label;
}

gboolean
cs_describe_is_custom (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->custom;
}

gboolean
cs_describe_is_queryable (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->queryable;
}

gboolean
cs_describe_is_createable (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->createable;
}

gboolean
cs_describe_is_updateable (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->updateable;
}

gboolean
cs_describe_is_deletable (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->deletable;
}

guint
cs_describe_get_n_fields (CsDescribe *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->fields->len;
}

const CsDescribeField *
cs_describe_get_field (CsDescribe *self,
                       guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return &g_array_index (self->fields, CsDescribeField, index);
}

const CsDescribeField *
cs_describe_lookup_field (CsDescribe *self,
                          const char *name)
{
  guint position;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  position = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, name));
  return position > 0 ? &g_array_index (self->fields, CsDescribeField, position - 1) : NULL;
}
