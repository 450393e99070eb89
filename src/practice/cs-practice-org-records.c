/* cs-practice-org-records.c: writing records and asking what changed.
 *
 * The REST resources a sync needs beyond queries — create, update and
 * delete on sobjects, sobjects/{type}/updated/ and deleted/ with
 * Salesforce's answer shapes and windows, limits/recordCount — and the same
 * writes as CsPracticeOrg calls for tests and the churn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-records.h"
#include "cs-practice-util.h"

void
cs_practice_answer_clear (CsPracticeAnswer *answer)
{
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->headers, g_hash_table_unref);
  answer->content_type = NULL;
}

void
cs_practice_answer_error (CsPracticeAnswer *answer,
                          guint             status,
                          const char       *error_code,
                          const char       *message)
{
  cs_practice_answer_clear (answer);
  answer->status = status;
  answer->body = cs_practice_rest_error (error_code, message);
}

/* A DML error: [{"message", "errorCode", "fields": [@field]}]. */
static void
answer_field_error (CsPracticeAnswer *answer,
                    const char       *error_code,
                    const char       *message,
                    const char       *field)
{
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_practice_answer_clear (answer);
  cs_json_writer_init (&w, out);
  cs_json_begin_array (&w);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "message", message);
  cs_json_kv_string (&w, "errorCode", error_code);
  cs_json_key (&w, "fields");
  cs_json_begin_array (&w);
  if (field != NULL)
    cs_json_string (&w, field);
  cs_json_end_array (&w);
  cs_json_end_object (&w);
  cs_json_end_array (&w);
  answer->status = SOUP_STATUS_BAD_REQUEST;
  answer->body = g_string_free (out, FALSE);
}

static void
answer_not_found (CsPracticeAnswer *answer)
{
  cs_practice_answer_error (answer, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                            "The requested resource does not exist");
}

/* ---- values ------------------------------------------------------------------------ */

/* @value converted to what the field stores, or NULL with @answer set. A
 * JSON null is returned as a null node. */
static JsonNode *
convert_value (CsPracticeField  *field,
               JsonNode         *value,
               CsPracticeAnswer *answer)
{
  g_autofree char *message = NULL;
  GType type;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      if (field->type == CS_FT_BOOLEAN)
        {
          message = g_strdup_printf ("%s: boolean fields cannot be null", field->name);
          answer_field_error (answer, "INVALID_TYPE_ON_FIELD_IN_RECORD", message, field->name);
          return NULL;
        }
      return json_node_new (JSON_NODE_NULL);
    }
  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      message = g_strdup_printf ("Cannot deserialize instance of %s from a JSON object or array",
                                 cs_field_type_to_string (field->type));
      answer_field_error (answer, "JSON_PARSER_ERROR", message, field->name);
      return NULL;
    }

  type = json_node_get_value_type (value);
  switch (field->type)
    {
    case CS_FT_BOOLEAN:
      if (type == G_TYPE_BOOLEAN)
        return json_node_copy (value);
      break;
    case CS_FT_INT:
    case CS_FT_LONG:
      if (type == G_TYPE_INT64)
        return json_node_copy (value);
      break;
    case CS_FT_DOUBLE:
    case CS_FT_CURRENCY:
    case CS_FT_PERCENT:
      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        return json_node_init_double (json_node_alloc (), json_node_get_double (value));
      break;
    case CS_FT_DATETIME:
      if (type == G_TYPE_STRING)
        {
          gint64 time = cs_practice_parse_rest_datetime (json_node_get_string (value));

          if (time != 0)
            {
              g_autofree char *text = cs_practice_rest_datetime (time);

              return json_node_init_string (json_node_alloc (), text);
            }
        }
      break;
    case CS_FT_DATE:
      if (type == G_TYPE_STRING)
        {
          g_autofree char *midnight = g_strconcat (json_node_get_string (value),
                                                   "T00:00:00Z", NULL);
          g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (midnight, NULL);

          if (strlen (json_node_get_string (value)) == 10 && date != NULL)
            return json_node_copy (value);
        }
      break;
    case CS_FT_ID:
    case CS_FT_REFERENCE:
      if (type == G_TYPE_STRING && cs_practice_id_is_valid (json_node_get_string (value)))
        {
          g_autofree char *id = cs_practice_id_to_18 (json_node_get_string (value));

          return json_node_init_string (json_node_alloc (), id);
        }
      break;
    case CS_FT_ADDRESS:
    case CS_FT_LOCATION:
    case CS_FT_ANYTYPE:
    case CS_FT_BASE64:
      break;
    case CS_FT_STRING:
    case CS_FT_TEXTAREA:
    case CS_FT_PICKLIST:
    case CS_FT_MULTIPICKLIST:
    case CS_FT_COMBOBOX:
    case CS_FT_EMAIL:
    case CS_FT_PHONE:
    case CS_FT_URL:
    case CS_FT_ENCRYPTEDSTRING:
    case CS_FT_TIME:
    case CS_FT_N_TYPES:
    default:
      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (value);

          if (field->length > 0 && (guint) g_utf8_strlen (text, -1) > field->length)
            {
              message = g_strdup_printf ("%s: data value too large: %s (max length=%u)",
                                         field->label, text, field->length);
              answer_field_error (answer, "STRING_TOO_LONG", message, field->name);
              return NULL;
            }
          /* Salesforce keeps no empty strings: they are null. */
          return *text == '\0' ? json_node_new (JSON_NODE_NULL) : json_node_copy (value);
        }
      break;
    }

  message = g_strdup_printf ("Cannot deserialize instance of %s from this value of %s",
                             cs_field_type_to_string (field->type), field->name);
  answer_field_error (answer, "JSON_PARSER_ERROR", message, field->name);
  return NULL;
}

/* Validates @input (a JSON object of field values) for @role writing
 * @object; returns field name → JsonNode (NULL values for null), or NULL
 * with @answer set to the error Salesforce would give. */
static GHashTable *
read_values (CsPracticeObject *object,
             CsPracticeRole    role,
             JsonNode         *input,
             gboolean          creating,
             CsPracticeAnswer *answer)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) json_node_unref);
  g_autoptr(GString) missing = g_string_new (NULL);
  const char *first_missing = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (input == NULL || !JSON_NODE_HOLDS_OBJECT (input))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR",
                                "The request body must be a JSON object of field values");
      return NULL;
    }

  json_object_iter_init (&iter, json_node_get_object (input));
  while (json_object_iter_next (&iter, &name, &value))
    {
      CsPracticeField *field;
      JsonNode *converted;

      if (g_str_equal (name, "attributes"))
        continue;
      field = cs_practice_object_lookup_field (object, name);
      if (field == NULL || !cs_practice_field_is_visible (field, role))
        {
          g_autofree char *message = g_strdup_printf ("No such column '%s' on sobject of type %s",
                                                      name, object->name);

          answer_field_error (answer, "INVALID_FIELD", message, name);
          return NULL;
        }
      if (!(field->flags & (creating ? CS_FF_CREATEABLE : CS_FF_UPDATEABLE)))
        {
          g_autofree char *message =
            g_strdup_printf ("Unable to %s fields: %s. Please check the security settings of "
                             "this field and verify that it is read/write for your profile or "
                             "permission set.", creating ? "create" : "update", field->name);

          answer_field_error (answer, "INVALID_FIELD_FOR_INSERT_UPDATE", message, field->name);
          return NULL;
        }
      converted = convert_value (field, value, answer);
      if (converted == NULL)
        return NULL;
      g_hash_table_insert (values, field->name, converted);
    }

  for (guint i = 0; creating && i < object->fields->len; i++)
    {
      CsPracticeField *field = g_ptr_array_index (object->fields, i);
      JsonNode *given = g_hash_table_lookup (values, field->name);

      if ((field->flags & (CS_FF_NILLABLE | CS_FF_DEFAULTED)) || !(field->flags & CS_FF_CREATEABLE) ||
          field->type == CS_FT_BOOLEAN || (given != NULL && !JSON_NODE_HOLDS_NULL (given)))
        continue;
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", field->name);
      if (first_missing == NULL)
        first_missing = field->name;
    }
  if (missing->len > 0)
    {
      g_autofree char *message = g_strdup_printf ("Required fields are missing: [%s]", missing->str);

      answer_field_error (answer, "REQUIRED_FIELD_MISSING", message, first_missing);
      return NULL;
    }

  /* NULL values for nulls, as cs_practice_data_create_record() takes them. */
  {
    GHashTableIter values_iter;
    gpointer key, node;

    g_hash_table_iter_init (&values_iter, values);
    while (g_hash_table_iter_next (&values_iter, &key, &node))
      if (JSON_NODE_HOLDS_NULL ((JsonNode *) node))
        g_hash_table_iter_replace (&values_iter, NULL);
  }
  return g_steal_pointer (&values);
}

/* ---- writes -------------------------------------------------------------------------- */

static gboolean
check_permission (CsPracticeObject *object,
                  CsPracticeRole    role,
                  guint             permission,
                  CsPracticeAnswer *answer)
{
  if (cs_practice_object_get_permissions (object, role) & permission)
    return TRUE;
  cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INSUFFICIENT_ACCESS_OR_READONLY",
                            "insufficient access rights on object id");
  return FALSE;
}

/* The record @id of @object, live, or FALSE with @answer set. */
static gboolean
find_live_record (CsPracticeOrg    *self,
                  CsPracticeObject *object,
                  const char       *id,
                  guint            *index,
                  CsPracticeAnswer *answer)
{
  const char *found = NULL;

  if (!cs_practice_id_is_valid (id))
    {
      g_autofree char *message = g_strdup_printf ("%s ID: id value of incorrect type: %s",
                                                  object->label, id);

      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "MALFORMED_ID", message);
      return FALSE;
    }
  if (!cs_practice_data_find (self->data, id, &found, index) || !g_str_equal (found, object->name) ||
      cs_practice_data_is_purged (self->data, object->name, *index))
    {
      answer_not_found (answer);
      return FALSE;
    }
  if (cs_practice_data_is_deleted (self->data, object->name, *index))
    {
      cs_practice_answer_error (answer, SOUP_STATUS_NOT_FOUND, "ENTITY_IS_DELETED", "entity is deleted");
      return FALSE;
    }
  return TRUE;
}

static void
create_record (CsPracticeOrg    *self,
               CsPracticeUser   *user,
               CsPracticeObject *object,
               JsonNode         *input,
               CsPracticeAnswer *answer)
{
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *id = NULL;
  GString *out;
  CsJsonWriter w;

  if (!check_permission (object, user->role, CS_PERM_CREATE, answer))
    return;
  values = read_values (object, user->role, input, TRUE, answer);
  if (values == NULL)
    return;

  id = cs_practice_data_create_record (self->data, object, values, user->id,
                                       cs_practice_schema_now (self->schema));
  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_kv_string (&w, "id", id);
  cs_json_kv_bool (&w, "success", TRUE);
  cs_json_key (&w, "errors");
  cs_json_begin_array (&w);
  cs_json_end_array (&w);
  cs_json_end_object (&w);
  cs_practice_answer_clear (answer);
  answer->status = SOUP_STATUS_CREATED;
  answer->body = g_string_free (out, FALSE);
}

static void
update_record (CsPracticeOrg    *self,
               CsPracticeUser   *user,
               CsPracticeObject *object,
               const char       *id,
               JsonNode         *input,
               CsPracticeAnswer *answer)
{
  g_autoptr(GHashTable) values = NULL;
  guint index = 0;

  if (!check_permission (object, user->role, CS_PERM_EDIT, answer) ||
      !find_live_record (self, object, id, &index, answer))
    return;
  values = read_values (object, user->role, input, FALSE, answer);
  if (values == NULL)
    return;

  cs_practice_data_update_record (self->data, object, index, values, user->id,
                                  cs_practice_schema_now (self->schema));
  cs_practice_answer_clear (answer);
  answer->status = SOUP_STATUS_NO_CONTENT;
}

static void
delete_record (CsPracticeOrg    *self,
               CsPracticeUser   *user,
               CsPracticeObject *object,
               const char       *id,
               CsPracticeAnswer *answer)
{
  guint index = 0;

  if (!check_permission (object, user->role, CS_PERM_DELETE, answer) ||
      !find_live_record (self, object, id, &index, answer))
    return;

  cs_practice_data_delete_record (self->data, object, index, user->id,
                                  cs_practice_schema_now (self->schema));
  cs_practice_answer_clear (answer);
  answer->status = SOUP_STATUS_NO_CONTENT;
}

/* ---- updated/ and deleted/ ------------------------------------------------------------- */

/* getUpdated and getDeleted work on whole minutes. */
static gint64
floor_minute (gint64 time)
{
  return time - time % 60;
}

/* start and end from the query, floored to the minute; end no later than
 * the org's current minute. FALSE with @answer set otherwise. */
static gboolean
read_window (CsPracticeOrg    *self,
             GHashTable       *query,
             gint64           *start,
             gint64           *end,
             CsPracticeAnswer *answer)
{
  const char *start_text = query != NULL ? g_hash_table_lookup (query, "start") : NULL;
  const char *end_text = query != NULL ? g_hash_table_lookup (query, "end") : NULL;
  g_autoptr(GDateTime) start_dt = NULL;
  g_autoptr(GDateTime) end_dt = NULL;

  if (start_text == NULL || end_text == NULL)
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "MISSING_ARGUMENT",
                                "start and end are both required");
      return FALSE;
    }
  start_dt = g_date_time_new_from_iso8601 (start_text, NULL);
  end_dt = g_date_time_new_from_iso8601 (end_text, NULL);
  if (start_dt == NULL || end_dt == NULL)
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALID_REPLICATION_DATE",
                                "start and end must be ISO 8601 date-times with a time zone");
      return FALSE;
    }

  *start = floor_minute (g_date_time_to_unix (start_dt));
  *end = MIN (floor_minute (g_date_time_to_unix (end_dt)),
              floor_minute (cs_practice_schema_now (self->schema)));
  if (*end < *start)
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALID_REPLICATION_DATE",
                                "The end date must be later than the start date");
      return FALSE;
    }
  return TRUE;
}

static void
get_deleted (CsPracticeOrg    *self,
             CsPracticeObject *object,
             GHashTable       *query,
             CsPracticeAnswer *answer)
{
  g_autoptr(GPtrArray) deletions = NULL;
  g_autofree char *earliest_text = NULL;
  g_autofree char *covered_text = NULL;
  gint64 start, end, earliest;
  GString *out;
  CsJsonWriter w;

  if (!read_window (self, query, &start, &end, answer))
    return;
  earliest = floor_minute (cs_practice_data_get_earliest_deleted (self->data,
                                                                  cs_practice_schema_now (self->schema)));
  if (start < earliest)
    {
      g_autofree char *when = cs_practice_rest_datetime (earliest);
      g_autofree char *message =
        g_strdup_printf ("startDate is before the earliest date available, %s: deleted "
                         "records are kept 30 days", when);

      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALID_REPLICATION_DATE", message);
      return;
    }

  deletions = cs_practice_data_list_deleted (self->data, object->name, start, end);
  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "deletedRecords");
  cs_json_begin_array (&w);
  for (guint i = 0; i < deletions->len; i++)
    {
      CsPracticeDeletion *deletion = g_ptr_array_index (deletions, i);
      g_autofree char *date = cs_practice_rest_datetime (deletion->deleted_at);

      cs_json_begin_object (&w);
      cs_json_kv_string (&w, "id", deletion->id);
      cs_json_kv_string (&w, "deletedDate", date);
      cs_json_end_object (&w);
    }
  cs_json_end_array (&w);
  earliest_text = cs_practice_rest_datetime (earliest);
  covered_text = cs_practice_rest_datetime (end);
  cs_json_kv_string (&w, "earliestDateAvailable", earliest_text);
  cs_json_kv_string (&w, "latestDateCovered", covered_text);
  cs_json_end_object (&w);
  cs_practice_answer_clear (answer);
  answer->status = SOUP_STATUS_OK;
  answer->body = g_string_free (out, FALSE);
}

static void
get_updated (CsPracticeOrg    *self,
             CsPracticeObject *object,
             GHashTable       *query,
             CsPracticeAnswer *answer)
{
  g_autofree char *covered_text = NULL;
  gint64 start, end;
  guint n;
  GString *out;
  CsJsonWriter w;

  if (!read_window (self, query, &start, &end, answer))
    return;
  if (start < floor_minute (cs_practice_schema_now (self->schema)) - CS_PRACTICE_DELETED_RETENTION)
    {
      cs_practice_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "INVALID_REPLICATION_DATE",
                                "startDate cannot be more than 30 days ago");
      return;
    }

  out = g_string_new (NULL);
  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "ids");
  cs_json_begin_array (&w);
  n = cs_practice_data_count (self->data, object->name);
  for (guint i = 0; i < n; i++)
    {
      gint64 modstamp;
      g_autoptr(JsonNode) id = NULL;

      if (!cs_practice_data_is_listed (self->data, object->name, i, FALSE))
        continue;
      modstamp = cs_practice_data_get_modstamp (self->data, object->name, i);
      if (modstamp < start || modstamp >= end)
        continue;
      id = cs_practice_data_get (self->data, object->name, i, "Id");
      cs_json_string (&w, json_node_get_string (id));
    }
  cs_json_end_array (&w);
  covered_text = cs_practice_rest_datetime (end);
  cs_json_kv_string (&w, "latestDateCovered", covered_text);
  cs_json_end_object (&w);
  cs_practice_answer_clear (answer);
  answer->status = SOUP_STATUS_OK;
  answer->body = g_string_free (out, FALSE);
}

/* ---- limits/recordCount ---------------------------------------------------------------- */

static guint
count_live (CsPracticeData *data,
            const char     *object_name)
{
  guint n = cs_practice_data_count (data, object_name);
  guint live = 0;

  for (guint i = 0; i < n; i++)
    if (cs_practice_data_is_listed (data, object_name, i, FALSE))
      live++;
  return live;
}

static void
get_record_count (CsPracticeOrg    *self,
                  CsPracticeRole    role,
                  GHashTable       *query,
                  CsPracticeAnswer *answer)
{
  const char *names = query != NULL ? g_hash_table_lookup (query, "sObjects") : NULL;
  g_auto(GStrv) wanted = names != NULL ? g_strsplit (names, ",", -1) : NULL;
  GString *out = g_string_new (NULL);
  CsJsonWriter w;

  cs_json_writer_init (&w, out);
  cs_json_begin_object (&w);
  cs_json_key (&w, "sObjects");
  cs_json_begin_array (&w);
  for (guint i = 0; i < self->schema->objects->len; i++)
    {
      CsPracticeObject *object = g_ptr_array_index (self->schema->objects, i);
      guint count;
      gboolean listed = wanted == NULL;

      for (guint k = 0; wanted != NULL && wanted[k] != NULL && !listed; k++)
        listed = g_ascii_strcasecmp (g_strstrip (wanted[k]), object->name) == 0;
      if (!listed || !cs_practice_object_is_visible (object, role))
        continue;
      count = count_live (self->data, object->name);
      /* Without sObjects, only objects that hold records are listed. */
      if (count == 0 && wanted == NULL)
        continue;
      cs_json_begin_object (&w);
      cs_json_kv_int (&w, "count", count);
      cs_json_kv_string (&w, "name", object->name);
      cs_json_end_object (&w);
    }
  cs_json_end_array (&w);
  cs_json_end_object (&w);
  cs_practice_answer_clear (answer);
  answer->status = SOUP_STATUS_OK;
  answer->body = g_string_free (out, FALSE);
}

/* ---- routing ------------------------------------------------------------------------------ */

static gboolean
method_is (const char *method,
           const char *expected)
{
  return g_str_equal (method, expected);
}

gboolean
cs_practice_rest_records_handle (CsPracticeOrg    *self,
                                 CsPracticeAccess *access,
                                 const char       *version,
                                 const char       *method,
                                 char            **parts,
                                 GHashTable       *query,
                                 const char       *body,
                                 CsPracticeAnswer *answer)
{
  guint n = g_strv_length (parts);
  CsPracticeRole role = access->user->role;
  CsPracticeObject *object;

  if (n == 2 && g_str_equal (parts[0], "limits") && g_str_equal (parts[1], "recordCount"))
    {
      if (!method_is (method, "GET"))
        return FALSE;
      get_record_count (self, role, query, answer);
      return TRUE;
    }

  if (n < 2 || n > 3 || !g_str_equal (parts[0], "sobjects"))
    return FALSE;
  /* Reads of describes and records stay with cs-practice-rest.c. */
  if (n == 2 && !method_is (method, "POST"))
    return FALSE;
  if (n == 3 && method_is (method, "GET") && g_str_equal (parts[2], "describe"))
    return FALSE;
  if (n == 3 && method_is (method, "GET") && !g_str_equal (parts[2], "updated") &&
      !g_str_equal (parts[2], "deleted"))
    {
      /* cs-practice-rest.c reads live records; a deleted one is refused. */
      const char *found = NULL;
      guint index = 0;

      if (!cs_practice_data_find (self->data, parts[2], &found, &index) ||
          (!cs_practice_data_is_deleted (self->data, found, index) &&
           !cs_practice_data_is_purged (self->data, found, index)))
        return FALSE;
      object = cs_practice_schema_lookup (self->schema, parts[1]);
      if (object == NULL || !g_str_equal (object->name, found))
        return FALSE;
      find_live_record (self, object, parts[2], &index, answer);
      return TRUE;
    }
  if (n == 3 && !method_is (method, "GET") && !method_is (method, "PATCH") &&
      !method_is (method, "DELETE"))
    return FALSE;

  object = cs_practice_schema_lookup (self->schema, parts[1]);
  if (object == NULL || !cs_practice_object_is_visible (object, role))
    {
      answer_not_found (answer);
      return TRUE;
    }

  if (n == 3 && method_is (method, "GET"))
    {
      if (g_str_equal (parts[2], "deleted"))
        get_deleted (self, object, query, answer);
      else
        get_updated (self, object, query, answer);
      return TRUE;
    }

  if (method_is (method, "DELETE"))
    {
      delete_record (self, access->user, object, parts[2], answer);
      return TRUE;
    }

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonNode *input = NULL;

    if (body != NULL && json_parser_load_from_data (parser, body, -1, NULL))
      input = json_parser_get_root (parser);
    if (n == 2)
      create_record (self, access->user, object, input, answer);
    else
      update_record (self, access->user, object, parts[2], input, answer);
  }
  return TRUE;
}

/* ---- for tests and the churn -------------------------------------------------------------- */

static gboolean
answer_to_error (CsPracticeAnswer  *answer,
                 GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *code = "UNKNOWN";
  const char *message = "";

  if (answer->status < 400)
    return TRUE;
  if (answer->body != NULL && json_parser_load_from_data (parser, answer->body, -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonObject *first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);

      code = json_object_get_string_member_with_default (first, "errorCode", code);
      message = json_object_get_string_member_with_default (first, "message", message);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", code, message);
  return FALSE;
}

static CsPracticeObject *
admin_object (CsPracticeOrg  *self,
              const char     *object_name,
              GError        **error)
{
  CsPracticeObject *object = cs_practice_schema_lookup (self->schema, object_name);

  if (object == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "NOT_FOUND: no object %s", object_name);
  return object;
}

static JsonNode *
parse_fields (const char  *json_fields,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, json_fields, -1, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

char *
cs_practice_org_create_record (CsPracticeOrg  *self,
                               const char     *object_name,
                               const char     *json_fields,
                               GError        **error)
{
  CsPracticeUser *admin = cs_practice_org_get_user (self, CS_PRACTICE_ROLE_ADMIN);
  CsPracticeObject *object;
  g_autoptr(JsonNode) input = NULL;
  CsPracticeAnswer answer = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  char *id = NULL;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);

  if ((object = admin_object (self, object_name, error)) == NULL ||
      (input = parse_fields (json_fields, error)) == NULL)
    return NULL;
  create_record (self, admin, object, input, &answer);
  if (answer_to_error (&answer, error) &&
      json_parser_load_from_data (parser, answer.body, -1, error))
    id = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id"));
  cs_practice_answer_clear (&answer);
  return id;
}

gboolean
cs_practice_org_update_record (CsPracticeOrg  *self,
                               const char     *object_name,
                               const char     *id,
                               const char     *json_fields,
                               GError        **error)
{
  CsPracticeUser *admin = cs_practice_org_get_user (self, CS_PRACTICE_ROLE_ADMIN);
  CsPracticeObject *object;
  g_autoptr(JsonNode) input = NULL;
  CsPracticeAnswer answer = { 0 };
  gboolean ok;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  if ((object = admin_object (self, object_name, error)) == NULL ||
      (input = parse_fields (json_fields, error)) == NULL)
    return FALSE;
  update_record (self, admin, object, id, input, &answer);
  ok = answer_to_error (&answer, error);
  cs_practice_answer_clear (&answer);
  return ok;
}

gboolean
cs_practice_org_delete_record (CsPracticeOrg  *self,
                               const char     *object_name,
                               const char     *id,
                               GError        **error)
{
  CsPracticeUser *admin = cs_practice_org_get_user (self, CS_PRACTICE_ROLE_ADMIN);
  CsPracticeObject *object;
  CsPracticeAnswer answer = { 0 };
  gboolean ok;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), FALSE);

  if ((object = admin_object (self, object_name, error)) == NULL)
    return FALSE;
  delete_record (self, admin, object, id, &answer);
  ok = answer_to_error (&answer, error);
  cs_practice_answer_clear (&answer);
  return ok;
}

guint
cs_practice_org_get_n_records (CsPracticeOrg *self,
                               const char    *object_name)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), 0);

  return cs_practice_data_count (self->data, object_name);
}

JsonNode *
cs_practice_org_get_value (CsPracticeOrg *self,
                           const char    *object_name,
                           guint          index,
                           const char    *field_name)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), NULL);

  return cs_practice_data_get (self->data, object_name, index, field_name);
}

CsPracticeRecordState
cs_practice_org_get_record_state (CsPracticeOrg *self,
                                  const char    *object_name,
                                  guint          index)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), CS_PRACTICE_RECORD_PURGED);

  if (cs_practice_data_is_purged (self->data, object_name, index))
    return CS_PRACTICE_RECORD_PURGED;
  if (cs_practice_data_is_deleted (self->data, object_name, index))
    return CS_PRACTICE_RECORD_DELETED;
  return CS_PRACTICE_RECORD_LIVE;
}

void
cs_practice_org_purge_deleted (CsPracticeOrg *self)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  /* Up to the next second: whatever was deleted until now is gone. */
  cs_practice_data_purge_deleted (self->data, cs_practice_schema_now (self->schema) + 1);
}

void
cs_practice_org_set_api_usage (CsPracticeOrg *self,
                               guint          used)
{
  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  self->api_usage = used;
}

guint
cs_practice_org_get_api_limit (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), 0);

  return CS_PRACTICE_API_LIMIT;
}
