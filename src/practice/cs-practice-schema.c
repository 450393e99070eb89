/* cs-practice-schema.c: objects, fields, visibility and describe JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-schema.h"

#define DESCRIBE_CACHE_MAX 256

/* What a type implies for the flags describe derives from it. */
enum {
  TP_TEXT   = 1u << 0,   /* length, byteLength = 3 × length */
  TP_NUMBER = 1u << 1,   /* precision, scale */
  TP_AGG    = 1u << 2,
  TP_FILTER = 1u << 3,
  TP_GROUP  = 1u << 4,
  TP_SORT   = 1u << 5,
  TP_ID     = 1u << 6,   /* byteLength 18 */
};

static const struct {
  const char *name;
  const char *soap_type;
  guint       props;
} type_info[CS_FT_N_TYPES] = {
  [CS_FT_ID]              = { "id",              "tns:ID",            TP_ID | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_REFERENCE]       = { "reference",       "tns:ID",            TP_ID | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_STRING]          = { "string",          "xsd:string",        TP_TEXT | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_TEXTAREA]        = { "textarea",        "xsd:string",        TP_TEXT | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_PICKLIST]        = { "picklist",        "xsd:string",        TP_TEXT | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_MULTIPICKLIST]   = { "multipicklist",   "xsd:string",        TP_TEXT | TP_FILTER },
  [CS_FT_COMBOBOX]        = { "combobox",        "xsd:string",        TP_TEXT | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_EMAIL]           = { "email",           "xsd:string",        TP_TEXT | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_PHONE]           = { "phone",           "xsd:string",        TP_TEXT | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_URL]             = { "url",             "xsd:string",        TP_TEXT | TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_ENCRYPTEDSTRING] = { "encryptedstring", "xsd:string",        TP_TEXT | TP_FILTER },
  [CS_FT_BOOLEAN]         = { "boolean",         "xsd:boolean",       TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_INT]             = { "int",             "xsd:int",           TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_LONG]            = { "long",            "xsd:long",          TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_DOUBLE]          = { "double",          "xsd:double",        TP_NUMBER | TP_AGG | TP_FILTER | TP_SORT },
  [CS_FT_CURRENCY]        = { "currency",        "xsd:double",        TP_NUMBER | TP_AGG | TP_FILTER | TP_SORT },
  [CS_FT_PERCENT]         = { "percent",         "xsd:double",        TP_NUMBER | TP_AGG | TP_FILTER | TP_SORT },
  [CS_FT_DATE]            = { "date",            "xsd:date",          TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_DATETIME]        = { "datetime",        "xsd:dateTime",      TP_AGG | TP_FILTER | TP_SORT },
  [CS_FT_TIME]            = { "time",            "xsd:time",          TP_AGG | TP_FILTER | TP_GROUP | TP_SORT },
  [CS_FT_BASE64]          = { "base64",          "xsd:base64Binary",  0 },
  [CS_FT_ADDRESS]         = { "address",         "urn:address",       TP_FILTER },
  [CS_FT_LOCATION]        = { "location",        "urn:location",      TP_FILTER },
  [CS_FT_ANYTYPE]         = { "anyType",         "xsd:anyType",       0 },
};

const char *
cs_field_type_to_string (CsFieldType type)
{
  g_return_val_if_fail (type < CS_FT_N_TYPES, NULL);
  return type_info[type].name;
}

gboolean
cs_field_type_from_string (const char  *name,
                           CsFieldType *type)
{
  guint i;

  g_return_val_if_fail (name != NULL, FALSE);

  for (i = 0; i < CS_FT_N_TYPES; i++)
    if (g_ascii_strcasecmp (type_info[i].name, name) == 0)
      {
        *type = (CsFieldType) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
cs_field_type_is_text (CsFieldType type)
{
  return type < CS_FT_N_TYPES && (type_info[type].props & TP_TEXT) != 0;
}

gboolean
cs_field_type_is_number (CsFieldType type)
{
  return type < CS_FT_N_TYPES && (type_info[type].props & TP_NUMBER) != 0;
}

/* ---- construction --------------------------------------------------------- */

CsPracticeField *
cs_practice_field_new (const char  *name,
                       const char  *label,
                       CsFieldType  type,
                       guint32      flags)
{
  CsPracticeField *field = g_new0 (CsPracticeField, 1);

  field->name = g_strdup (name);
  field->label = g_strdup (label);
  field->type = type;
  field->flags = flags;
  field->visible_to_sync = (flags & CS_FF_HIDDEN_FROM_SYNC) == 0;
  if (type == CS_FT_ID || type == CS_FT_REFERENCE)
    field->length = 18;
  return field;
}

void
cs_practice_field_free (CsPracticeField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->label);
  g_strfreev (field->reference_to);
  g_free (field->relationship_name);
  g_free (field->child_relationship_name);
  g_free (field->compound_field_name);
  g_free (field->inline_help_text);
  g_free (field);
}

void
cs_practice_field_set_size (CsPracticeField *field,
                            guint            length_or_precision,
                            guint            scale)
{
  field->length = 0;
  field->precision = 0;
  field->scale = 0;
  field->digits = 0;

  if (field->type == CS_FT_ID || field->type == CS_FT_REFERENCE)
    field->length = 18;
  else if (cs_field_type_is_text (field->type))
    field->length = length_or_precision;
  else if (cs_field_type_is_number (field->type))
    {
      field->precision = length_or_precision;
      field->scale = scale;
    }
  else if (field->type == CS_FT_INT || field->type == CS_FT_LONG)
    field->digits = length_or_precision != 0 ? length_or_precision : 9;
}

static void
object_free (CsPracticeObject *object)
{
  g_free (object->name);
  g_free (object->label);
  g_free (object->label_plural);
  g_free (object->key_prefix);
  g_hash_table_unref (object->fields_by_name);
  g_ptr_array_unref (object->fields);
  g_free (object);
}

CsPracticeSchema *
cs_practice_schema_new (void)
{
  CsPracticeSchema *schema = g_new0 (CsPracticeSchema, 1);

  schema->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_free);
  schema->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  schema->describe_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return schema;
}

void
cs_practice_schema_free (CsPracticeSchema *schema)
{
  if (schema == NULL)
    return;
  g_hash_table_unref (schema->describe_cache);
  g_hash_table_unref (schema->by_name);
  g_ptr_array_unref (schema->objects);
  g_free (schema->instance_url);
  g_free (schema);
}

void
cs_practice_schema_set_instance_url (CsPracticeSchema *schema,
                                     const char       *instance_url)
{
  g_free (schema->instance_url);
  schema->instance_url = g_strdup (instance_url);
  g_hash_table_remove_all (schema->describe_cache);
}

CsPracticeObject *
cs_practice_schema_add_object (CsPracticeSchema *schema,
                               const char       *name,
                               const char       *label,
                               const char       *label_plural,
                               const char       *key_prefix,
                               guint32           flags,
                               guint             sync_permissions)
{
  CsPracticeObject *object = g_new0 (CsPracticeObject, 1);

  object->name = g_strdup (name);
  object->label = g_strdup (label);
  object->label_plural = g_strdup (label_plural);
  object->key_prefix = g_strdup (key_prefix);
  object->flags = flags;
  object->sync_permissions = sync_permissions;
  object->last_modified = CS_PRACTICE_SEED_TIME;
  object->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_practice_field_free);
  object->fields_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_add (schema->objects, object);
  g_hash_table_insert (schema->by_name, g_ascii_strdown (name, -1), object);
  return object;
}

void
cs_practice_object_add_field (CsPracticeObject *object,
                              CsPracticeField  *field)
{
  g_ptr_array_add (object->fields, field);
  g_hash_table_insert (object->fields_by_name, g_ascii_strdown (field->name, -1), field);
}

void
cs_practice_object_remove_field (CsPracticeObject *object,
                                 CsPracticeField  *field)
{
  g_autofree char *key = g_ascii_strdown (field->name, -1);

  g_hash_table_remove (object->fields_by_name, key);
  g_ptr_array_remove (object->fields, field);
}

CsPracticeObject *
cs_practice_schema_lookup (CsPracticeSchema *schema,
                           const char       *name)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    return NULL;
  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (schema->by_name, key);
}

CsPracticeField *
cs_practice_object_lookup_field (CsPracticeObject *object,
                                 const char       *name)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    return NULL;
  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (object->fields_by_name, key);
}

guint
cs_practice_object_get_permissions (CsPracticeObject *object,
                                    CsPracticeRole    role)
{
  guint granted;
  guint possible = CS_PERM_READ;

  switch (role)
    {
    case CS_PRACTICE_ROLE_ADMIN:
      granted = CS_PERM_ALL;
      break;
    case CS_PRACTICE_ROLE_SYNC:
      granted = object->sync_permissions;
      break;
    case CS_PRACTICE_ROLE_STANDARD:
      granted = CS_PERM_READ;
      break;
    default:
      g_assert_not_reached ();
    }

  /* A permission the object itself does not support is never granted
   * (nobody deletes a User). */
  if (object->flags & CS_OF_CREATEABLE)
    possible |= CS_PERM_CREATE;
  if (object->flags & CS_OF_UPDATEABLE)
    possible |= CS_PERM_EDIT;
  if (object->flags & CS_OF_DELETABLE)
    possible |= CS_PERM_DELETE;

  /* Without Read, nothing else is effective. */
  if ((granted & CS_PERM_READ) == 0)
    return 0;
  return granted & possible;
}

gboolean
cs_practice_object_is_visible (CsPracticeObject *object,
                               CsPracticeRole    role)
{
  return (cs_practice_object_get_permissions (object, role) & CS_PERM_READ) != 0;
}

gboolean
cs_practice_field_is_visible (CsPracticeField *field,
                              CsPracticeRole   role)
{
  switch (role)
    {
    case CS_PRACTICE_ROLE_ADMIN:
      return TRUE;
    case CS_PRACTICE_ROLE_SYNC:
    case CS_PRACTICE_ROLE_STANDARD:
      return field->visible_to_sync;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

gint64
cs_practice_schema_now (CsPracticeSchema *schema)
{
  return g_get_real_time () / G_USEC_PER_SEC + schema->clock_offset;
}

void
cs_practice_schema_touch (CsPracticeSchema *schema,
                          CsPracticeObject *object)
{
  gint64 now = cs_practice_schema_now (schema);

  /* HTTP dates have a one-second resolution: two edits within the same
   * second must still produce distinct Last-Modified values. */
  object->last_modified = MAX (now, object->last_modified + 1);
  g_hash_table_remove_all (schema->describe_cache);
}

/* ---- describe -------------------------------------------------------------- */

static const char *
role_key (CsPracticeRole role)
{
  switch (role)
    {
    case CS_PRACTICE_ROLE_ADMIN:
      return "admin";
    case CS_PRACTICE_ROLE_SYNC:
      return "sync";
    case CS_PRACTICE_ROLE_STANDARD:
      return "standard";
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static gboolean
field_is_long_text (CsPracticeField *field)
{
  return field->type == CS_FT_TEXTAREA && field->length > 255;
}

static void
write_picklist (CsJsonWriter    *w,
                CsPracticeField *field)
{
  guint i;

  cs_json_key (w, "picklistValues");
  cs_json_begin_array (w);
  if (field->picklist != NULL &&
      (field->type == CS_FT_PICKLIST || field->type == CS_FT_MULTIPICKLIST ||
       field->type == CS_FT_COMBOBOX))
    {
      for (i = 0; i < field->picklist->n_entries; i++)
        {
          const CsPicklistEntry *entry = &field->picklist->entries[i];

          cs_json_begin_object (w);
          cs_json_kv_bool (w, "active", TRUE);
          cs_json_kv_bool (w, "defaultValue", entry->is_default);
          cs_json_kv_string (w, "label", entry->label != NULL ? entry->label : entry->value);
          cs_json_kv_null (w, "validFor");
          cs_json_kv_string (w, "value", entry->value);
          cs_json_end_object (w);
        }
    }
  cs_json_end_array (w);
}

static const char *
picklist_default (CsPracticeField *field)
{
  guint i;

  if (field->picklist == NULL)
    return NULL;
  for (i = 0; i < field->picklist->n_entries; i++)
    if (field->picklist->entries[i].is_default)
      return field->picklist->entries[i].value;
  return NULL;
}

static const char *
extra_type_info (CsPracticeField *field)
{
  if (field->flags & CS_FF_XTI_PERSONNAME)
    return "personname";
  if (field->flags & CS_FF_XTI_SWITCHABLE)
    return "switchablepersonname";
  if (field->flags & CS_FF_XTI_PLAINTEXTAREA)
    return "plaintextarea";
  if (field->flags & CS_FF_XTI_IMAGEURL)
    return "imageurl";
  return NULL;
}

static const char *
compound_field_name (CsPracticeField *field)
{
  if (field->compound_field_name != NULL)
    return field->compound_field_name;
  if (field->flags & CS_FF_CN_NAME)
    return "Name";
  if (field->flags & CS_FF_CN_FISCAL)
    return "Fiscal";
  return NULL;
}

static void
write_field (CsJsonWriter     *w,
             CsPracticeField  *field,
             guint             permissions)
{
  guint props = type_info[field->type].props;
  gboolean long_text = field_is_long_text (field);
  gboolean text = (props & TP_TEXT) != 0;
  gboolean boolean = field->type == CS_FT_BOOLEAN;
  gboolean nillable = (field->flags & CS_FF_NILLABLE) != 0 && !boolean;
  gboolean custom = g_str_has_suffix (field->name, "__c");
  gboolean createable = (field->flags & CS_FF_CREATEABLE) && (permissions & CS_PERM_CREATE);
  gboolean updateable = (field->flags & CS_FF_UPDATEABLE) && (permissions & CS_PERM_EDIT);
  const char *default_string = picklist_default (field);
  gboolean defaulted = (field->flags & CS_FF_DEFAULTED) || boolean || default_string != NULL;
  gboolean permissionable;
  guint byte_length = 0;
  guint i;

  if (text)
    byte_length = field->length * 3;
  else if (props & TP_ID)
    byte_length = 18;

  /* FLS can be set on optional fields and on custom ones, never on system
   * fields or on what the object requires. */
  permissionable = custom ||
                   ((field->flags & CS_FF_SYSTEM) == 0 &&
                    field->type != CS_FT_ID &&
                    (nillable || (boolean && (field->flags & CS_FF_UPDATEABLE))));

  cs_json_begin_object (w);
  cs_json_kv_bool (w, "aggregatable", (props & TP_AGG) && !long_text);
  cs_json_kv_bool (w, "aiPredictionField", FALSE);
  cs_json_kv_bool (w, "autoNumber", FALSE);
  cs_json_kv_int (w, "byteLength", byte_length);
  cs_json_kv_bool (w, "calculated", (field->flags & CS_FF_CALCULATED) != 0);
  cs_json_kv_null (w, "calculatedFormula");
  cs_json_kv_bool (w, "cascadeDelete", (field->flags & CS_FF_CASCADE_DELETE) != 0);
  cs_json_kv_bool (w, "caseSensitive", FALSE);
  cs_json_kv_string (w, "compoundFieldName", compound_field_name (field));
  cs_json_kv_null (w, "controllerName");
  cs_json_kv_bool (w, "createable", createable);
  cs_json_kv_bool (w, "custom", custom);
  cs_json_key (w, "defaultValue");
  if (boolean)
    cs_json_bool (w, FALSE);
  else
    cs_json_string (w, default_string);
  cs_json_kv_null (w, "defaultValueFormula");
  cs_json_kv_bool (w, "defaultedOnCreate", defaulted);
  cs_json_kv_bool (w, "dependentPicklist", FALSE);
  cs_json_kv_bool (w, "deprecatedAndHidden", FALSE);
  cs_json_kv_int (w, "digits", field->digits);
  cs_json_kv_bool (w, "displayLocationInDecimal", FALSE);
  cs_json_kv_bool (w, "encrypted", field->type == CS_FT_ENCRYPTEDSTRING);
  cs_json_kv_bool (w, "externalId", (field->flags & CS_FF_EXTERNAL_ID) != 0);
  cs_json_kv_string (w, "extraTypeInfo", extra_type_info (field));
  cs_json_kv_bool (w, "filterable", (props & TP_FILTER) && !long_text);
  cs_json_kv_null (w, "filteredLookupInfo");
  cs_json_kv_bool (w, "formulaTreatNullNumberAsZero", FALSE);
  cs_json_kv_bool (w, "groupable", (props & TP_GROUP) && !long_text);
  cs_json_kv_bool (w, "highScaleNumber", FALSE);
  cs_json_kv_bool (w, "htmlFormatted", FALSE);
  cs_json_kv_bool (w, "idLookup", (field->flags & CS_FF_ID_LOOKUP) || field->type == CS_FT_ID);
  cs_json_kv_string (w, "inlineHelpText", field->inline_help_text);
  cs_json_kv_string (w, "label", field->label);
  cs_json_kv_int (w, "length", text || (props & TP_ID) ? field->length : 0);
  cs_json_kv_null (w, "mask");
  cs_json_kv_null (w, "maskType");
  cs_json_kv_string (w, "name", field->name);
  cs_json_kv_bool (w, "nameField", (field->flags & CS_FF_NAME_FIELD) != 0);
  cs_json_kv_bool (w, "namePointing", (field->flags & CS_FF_POLYMORPHIC) != 0);
  cs_json_kv_bool (w, "nillable", nillable);
  cs_json_kv_bool (w, "permissionable", permissionable);
  write_picklist (w, field);
  cs_json_kv_bool (w, "polymorphicForeignKey",
                   field->reference_to != NULL && g_strv_length (field->reference_to) > 1);
  cs_json_kv_int (w, "precision", field->precision);
  cs_json_kv_bool (w, "queryByDistance",
                   field->type == CS_FT_ADDRESS || field->type == CS_FT_LOCATION);
  cs_json_kv_null (w, "referenceTargetField");
  cs_json_key (w, "referenceTo");
  cs_json_begin_array (w);
  for (i = 0; field->reference_to != NULL && field->reference_to[i] != NULL; i++)
    cs_json_string (w, field->reference_to[i]);
  cs_json_end_array (w);
  cs_json_kv_string (w, "relationshipName", field->relationship_name);
  cs_json_kv_null (w, "relationshipOrder");
  cs_json_kv_bool (w, "restrictedDelete", FALSE);
  cs_json_kv_bool (w, "restrictedPicklist", (field->flags & CS_FF_RESTRICTED) != 0);
  cs_json_kv_int (w, "scale", field->scale);
  cs_json_kv_bool (w, "searchPrefilterable", FALSE);
  cs_json_kv_string (w, "soapType", type_info[field->type].soap_type);
  cs_json_kv_bool (w, "sortable",
                   (props & TP_SORT) && !long_text);
  cs_json_kv_string (w, "type", type_info[field->type].name);
  cs_json_kv_bool (w, "unique", (field->flags & CS_FF_UNIQUE) != 0);
  cs_json_kv_bool (w, "updateable", updateable);
  cs_json_kv_bool (w, "writeRequiresMasterRead", FALSE);
  cs_json_end_object (w);
}

static void
write_child_relationships (CsJsonWriter     *w,
                           CsPracticeSchema *schema,
                           CsPracticeObject *object,
                           CsPracticeRole    role)
{
  guint i, j, k;

  cs_json_key (w, "childRelationships");
  cs_json_begin_array (w);
  for (i = 0; i < schema->objects->len; i++)
    {
      CsPracticeObject *child = g_ptr_array_index (schema->objects, i);

      if (!cs_practice_object_is_visible (child, role))
        continue;

      for (j = 0; j < child->fields->len; j++)
        {
          CsPracticeField *field = g_ptr_array_index (child->fields, j);
          gboolean points_here = FALSE;

          if (field->type != CS_FT_REFERENCE || field->reference_to == NULL)
            continue;
          for (k = 0; field->reference_to[k] != NULL; k++)
            if (g_strcmp0 (field->reference_to[k], object->name) == 0)
              points_here = TRUE;
          if (!points_here || !cs_practice_field_is_visible (field, role))
            continue;

          cs_json_begin_object (w);
          cs_json_kv_bool (w, "cascadeDelete", (field->flags & CS_FF_CASCADE_DELETE) != 0);
          cs_json_kv_string (w, "childSObject", child->name);
          cs_json_kv_bool (w, "deprecatedAndHidden", FALSE);
          cs_json_kv_string (w, "field", field->name);
          cs_json_key (w, "junctionIdListNames");
          cs_json_begin_array (w);
          cs_json_end_array (w);
          cs_json_key (w, "junctionReferenceTo");
          cs_json_begin_array (w);
          cs_json_end_array (w);
          cs_json_kv_string (w, "relationshipName", field->child_relationship_name);
          cs_json_kv_bool (w, "restrictedDelete", FALSE);
          cs_json_end_object (w);
        }
    }
  cs_json_end_array (w);
}

static void
write_supported_scopes (CsJsonWriter     *w,
                        CsPracticeObject *object)
{
  g_autofree char *plural = g_utf8_strdown (object->label_plural, -1);
  g_autofree char *all = g_strdup_printf ("All %s", plural);

  cs_json_key (w, "supportedScopes");
  cs_json_begin_array (w);
  cs_json_begin_object (w);
  cs_json_kv_string (w, "label", all);
  cs_json_kv_string (w, "name", "everything");
  cs_json_end_object (w);
  if (object->flags & CS_OF_OWNED)
    {
      g_autofree char *mine = g_strdup_printf ("My %s", plural);
      g_autofree char *team = g_strdup_printf ("My team's %s", plural);

      cs_json_begin_object (w);
      cs_json_kv_string (w, "label", mine);
      cs_json_kv_string (w, "name", "mine");
      cs_json_end_object (w);
      if (object->flags & CS_OF_QUEUE_OWNED)
        {
          g_autofree char *queues = g_strdup_printf ("My queues' %s", plural);

          cs_json_begin_object (w);
          cs_json_kv_string (w, "label", queues);
          cs_json_kv_string (w, "name", "queue_owned");
          cs_json_end_object (w);
        }
      cs_json_begin_object (w);
      cs_json_kv_string (w, "label", team);
      cs_json_kv_string (w, "name", "team");
      cs_json_end_object (w);
    }
  cs_json_end_array (w);
}

static void
write_object_urls (CsJsonWriter     *w,
                   CsPracticeSchema *schema,
                   CsPracticeObject *object,
                   const char       *version,
                   gboolean          full)
{
  g_autofree char *base = g_strdup_printf ("/services/data/v%s/sobjects/%s", version, object->name);
  g_autofree char *s = NULL;

#define URL(key, fmt) \
  G_STMT_START { \
    g_clear_pointer (&s, g_free); \
    s = g_strdup_printf (fmt, base); \
    cs_json_kv_string (w, key, s); \
  } G_STMT_END

  cs_json_key (w, "urls");
  cs_json_begin_object (w);
  URL ("compactLayouts", "%s/describe/compactLayouts");
  URL ("rowTemplate", "%s/{ID}");
  if (object->flags & CS_OF_LIST_VIEWS)
    URL ("approvalLayouts", "%s/describe/approvalLayouts");
  if (full)
    {
      const char *host = schema->instance_url != NULL ? schema->instance_url : "";

      g_clear_pointer (&s, g_free);
      s = g_strdup_printf ("%s/{ID}", host);
      cs_json_kv_string (w, "uiDetailTemplate", s);
      g_clear_pointer (&s, g_free);
      s = g_strdup_printf ("%s/{ID}/e", host);
      cs_json_kv_string (w, "uiEditTemplate", s);
    }
  if (object->flags & CS_OF_LIST_VIEWS)
    URL ("listviews", "%s/listviews");
  URL ("describe", "%s/describe");
  if (full)
    {
      const char *host = schema->instance_url != NULL ? schema->instance_url : "";

      g_clear_pointer (&s, g_free);
      s = g_strdup_printf ("%s/%s/e", host, object->key_prefix);
      cs_json_kv_string (w, "uiNewRecord", s);
    }
  URL ("quickActions", "%s/quickActions");
  URL ("layouts", "%s/describe/layouts");
  URL ("sobject", "%s");
  if (full && (object->flags & CS_OF_USER_LAYOUTS))
    {
      URL ("namedLayouts", "%s/describe/namedLayouts/{LAYOUT_NAME}");
      URL ("passwordUtilities", "%s/{ID}/password");
    }
  cs_json_end_object (w);
#undef URL
}

static void
write_record_type_infos (CsJsonWriter     *w,
                         CsPracticeObject *object,
                         const char       *version)
{
  cs_json_key (w, "recordTypeInfos");
  cs_json_begin_array (w);
  if (object->flags & CS_OF_RECORD_TYPES)
    {
      g_autofree char *layout =
        g_strdup_printf ("/services/data/v%s/sobjects/%s/describe/layouts/012000000000000AAA",
                         version, object->name);

      cs_json_begin_object (w);
      cs_json_kv_bool (w, "active", TRUE);
      cs_json_kv_bool (w, "available", TRUE);
      cs_json_kv_bool (w, "defaultRecordTypeMapping", TRUE);
      cs_json_kv_string (w, "developerName", "Master");
      cs_json_kv_bool (w, "master", TRUE);
      cs_json_kv_string (w, "name", "Master");
      cs_json_kv_string (w, "recordTypeId", "012000000000000AAA");
      cs_json_key (w, "urls");
      cs_json_begin_object (w);
      cs_json_kv_string (w, "layout", layout);
      cs_json_end_object (w);
      cs_json_end_object (w);
    }
  cs_json_end_array (w);
}

const char *
cs_practice_schema_describe (CsPracticeSchema *schema,
                             CsPracticeObject *object,
                             CsPracticeRole    role,
                             const char       *version)
{
  g_autofree char *key = g_strdup_printf ("%s|%s|%s", role_key (role), version, object->name);
  guint permissions = cs_practice_object_get_permissions (object, role);
  const char *cached;
  GString *out;
  CsJsonWriter w;
  guint i;

  cached = g_hash_table_lookup (schema->describe_cache, key);
  if (cached != NULL)
    return cached;

  /* Rough size: a field is about a kilobyte of JSON. */
  out = g_string_sized_new (2048 + object->fields->len * 1100);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "actionOverrides");
  cs_json_begin_array (&w);
  cs_json_end_array (&w);
  cs_json_kv_bool (&w, "activateable", FALSE);
  cs_json_kv_null (&w, "associateEntityType");
  cs_json_kv_null (&w, "associateParentEntity");
  write_child_relationships (&w, schema, object, role);
  cs_json_kv_bool (&w, "compactLayoutable", TRUE);
  cs_json_kv_bool (&w, "createable", (permissions & CS_PERM_CREATE) != 0);
  cs_json_kv_bool (&w, "custom", (object->flags & CS_OF_CUSTOM) != 0);
  cs_json_kv_bool (&w, "customSetting", FALSE);
  cs_json_kv_bool (&w, "deepCloneable", (object->flags & CS_OF_DEEP_CLONEABLE) != 0);
  cs_json_kv_null (&w, "defaultImplementation");
  cs_json_kv_bool (&w, "deletable", (permissions & CS_PERM_DELETE) != 0);
  cs_json_kv_bool (&w, "deprecatedAndHidden", FALSE);
  cs_json_kv_null (&w, "extendedBy");
  cs_json_kv_null (&w, "extendsInterfaces");
  cs_json_kv_bool (&w, "feedEnabled", (object->flags & CS_OF_FEED_ENABLED) != 0);

  cs_json_key (&w, "fields");
  cs_json_begin_array (&w);
  for (i = 0; i < object->fields->len; i++)
    {
      CsPracticeField *field = g_ptr_array_index (object->fields, i);

      if (cs_practice_field_is_visible (field, role))
        write_field (&w, field, permissions);
    }
  cs_json_end_array (&w);

  cs_json_kv_bool (&w, "hasSubtypes", FALSE);
  cs_json_kv_null (&w, "implementedBy");
  cs_json_kv_null (&w, "implementsInterfaces");
  cs_json_kv_bool (&w, "isInterface", FALSE);
  cs_json_kv_bool (&w, "isSubtype", FALSE);
  cs_json_kv_string (&w, "keyPrefix", object->key_prefix);
  cs_json_kv_string (&w, "label", object->label);
  cs_json_kv_string (&w, "labelPlural", object->label_plural);
  cs_json_kv_bool (&w, "layoutable", TRUE);
  cs_json_kv_null (&w, "listviewable");
  cs_json_kv_null (&w, "lookupLayoutable");
  cs_json_kv_bool (&w, "mergeable", (object->flags & CS_OF_MERGEABLE) && (permissions & CS_PERM_DELETE));
  cs_json_kv_bool (&w, "mruEnabled", (object->flags & CS_OF_MRU_ENABLED) != 0);
  cs_json_kv_string (&w, "name", object->name);
  cs_json_key (&w, "namedLayoutInfos");
  cs_json_begin_array (&w);
  if (object->flags & CS_OF_USER_LAYOUTS)
    {
      g_autofree char *layout =
        g_strdup_printf ("/services/data/v%s/sobjects/%s/describe/namedLayouts/UserAlt",
                         version, object->name);

      cs_json_begin_object (&w);
      cs_json_kv_string (&w, "name", "UserAlt");
      cs_json_key (&w, "urls");
      cs_json_begin_object (&w);
      cs_json_kv_string (&w, "layout", layout);
      cs_json_end_object (&w);
      cs_json_end_object (&w);
    }
  cs_json_end_array (&w);
  cs_json_kv_null (&w, "networkScopeFieldName");
  cs_json_kv_bool (&w, "queryable", (permissions & CS_PERM_READ) != 0);
  write_record_type_infos (&w, object, version);
  cs_json_kv_bool (&w, "replicateable", TRUE);
  cs_json_kv_bool (&w, "retrieveable", TRUE);
  cs_json_kv_bool (&w, "searchLayoutable", (object->flags & CS_OF_SEARCH_LAYOUTABLE) != 0);
  cs_json_kv_bool (&w, "searchable", (object->flags & CS_OF_SEARCHABLE) != 0);
  cs_json_kv_string (&w, "sobjectDescribeOption", "FULL");
  write_supported_scopes (&w, object);
  cs_json_kv_bool (&w, "triggerable", TRUE);
  cs_json_kv_bool (&w, "undeletable", (object->flags & CS_OF_UNDELETABLE) && (permissions & CS_PERM_DELETE));
  cs_json_kv_bool (&w, "updateable", (permissions & CS_PERM_EDIT) != 0);
  write_object_urls (&w, schema, object, version, TRUE);
  cs_json_end_object (&w);

  cached = out->str;
  /* One entry per role, version and object: with 34 versions, a client
   * walking them all would keep hundreds of describes. */
  if (g_hash_table_size (schema->describe_cache) >= DESCRIBE_CACHE_MAX)
    g_hash_table_remove_all (schema->describe_cache);
  g_hash_table_insert (schema->describe_cache, g_steal_pointer (&key), g_string_free (out, FALSE));
  return cached;
}

void
cs_practice_schema_write_global_entry (CsPracticeSchema *schema,
                                       CsJsonWriter     *w,
                                       CsPracticeObject *object,
                                       CsPracticeRole    role,
                                       const char       *version)
{
  guint permissions = cs_practice_object_get_permissions (object, role);

  cs_json_begin_object (w);
  cs_json_kv_bool (w, "activateable", FALSE);
  cs_json_kv_null (w, "associateEntityType");
  cs_json_kv_null (w, "associateParentEntity");
  cs_json_kv_bool (w, "createable", (permissions & CS_PERM_CREATE) != 0);
  cs_json_kv_bool (w, "custom", (object->flags & CS_OF_CUSTOM) != 0);
  cs_json_kv_bool (w, "customSetting", FALSE);
  cs_json_kv_bool (w, "deepCloneable", (object->flags & CS_OF_DEEP_CLONEABLE) != 0);
  cs_json_kv_bool (w, "deletable", (permissions & CS_PERM_DELETE) != 0);
  cs_json_kv_bool (w, "deprecatedAndHidden", FALSE);
  cs_json_kv_bool (w, "feedEnabled", (object->flags & CS_OF_FEED_ENABLED) != 0);
  cs_json_kv_bool (w, "hasSubtypes", FALSE);
  cs_json_kv_bool (w, "isInterface", FALSE);
  cs_json_kv_bool (w, "isSubtype", FALSE);
  cs_json_kv_string (w, "keyPrefix", object->key_prefix);
  cs_json_kv_string (w, "label", object->label);
  cs_json_kv_string (w, "labelPlural", object->label_plural);
  cs_json_kv_bool (w, "layoutable", TRUE);
  cs_json_kv_bool (w, "mergeable", (object->flags & CS_OF_MERGEABLE) && (permissions & CS_PERM_DELETE));
  cs_json_kv_bool (w, "mruEnabled", (object->flags & CS_OF_MRU_ENABLED) != 0);
  cs_json_kv_string (w, "name", object->name);
  cs_json_kv_bool (w, "queryable", (permissions & CS_PERM_READ) != 0);
  cs_json_kv_bool (w, "replicateable", TRUE);
  cs_json_kv_bool (w, "retrieveable", TRUE);
  cs_json_kv_bool (w, "searchable", (object->flags & CS_OF_SEARCHABLE) != 0);
  cs_json_kv_bool (w, "triggerable", TRUE);
  cs_json_kv_bool (w, "undeletable", (object->flags & CS_OF_UNDELETABLE) && (permissions & CS_PERM_DELETE));
  cs_json_kv_bool (w, "updateable", (permissions & CS_PERM_EDIT) != 0);
  write_object_urls (w, schema, object, version, FALSE);
  cs_json_end_object (w);
}

char *
cs_practice_schema_describe_global (CsPracticeSchema *schema,
                                    CsPracticeRole    role,
                                    const char       *version)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;
  guint i;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "encoding", "UTF-8");
  cs_json_kv_int (&w, "maxBatchSize", 200);
  cs_json_key (&w, "sobjects");
  cs_json_begin_array (&w);
  for (i = 0; i < schema->objects->len; i++)
    {
      CsPracticeObject *object = g_ptr_array_index (schema->objects, i);

      if (cs_practice_object_is_visible (object, role))
        cs_practice_schema_write_global_entry (schema, &w, object, role, version);
    }
  cs_json_end_array (&w);
  cs_json_end_object (&w);
  return g_string_free (out, FALSE);
}
