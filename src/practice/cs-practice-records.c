/* cs-practice-records.c: the practice org's record changes since the seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-records.h"
#include "cs-practice-util.h"

/* Records created after the seed get serials from here: far from the
 * seed's, so that their ids never collide. */
#define CREATED_SERIAL_BASE G_GUINT64_CONSTANT (900000000)

typedef struct {
  const char *object_name;   /* interned */
  /* index → GHashTable (field name → JsonNode, a JSON null node for null):
   * the fields changed on a seeded or generated record. */
  GHashTable *changed;
  /* Records created after the seed, every field, at index base + i. */
  GPtrArray  *created;
  guint       base;          /* seeded and generated records */
  GHashTable *purged;        /* indexes emptied from the recycle bin */
} ObjectChanges;

typedef struct {
  const char *object_name;   /* interned */
  char       *id;
  gint64      deleted_at;
} Deletion;

typedef struct {
  const char *object_name;   /* interned */
  guint       index;
} CreatedRef;

struct _CsPracticeRecords {
  GHashTable *objects;       /* interned object name → ObjectChanges */
  GHashTable *created_ids;   /* id15 → CreatedRef */
  GArray     *deletions;     /* Deletion, in deletion (so time) order */
  gint64      purged_before; /* deletions before it are forgotten */
  guint64     next_serial;
  /* The last lookup's record, for scans reading many fields of one. */
  const char *last_object;
  guint       last_index;
  GHashTable *last_fields;
};

static void
object_changes_free (ObjectChanges *changes)
{
  g_hash_table_unref (changes->changed);
  g_ptr_array_unref (changes->created);
  g_hash_table_unref (changes->purged);
  g_free (changes);
}

static void
deletion_clear (Deletion *deletion)
{
  g_free (deletion->id);
}

static GHashTable *
fields_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) json_node_unref);
}

CsPracticeRecords *
cs_practice_records_new (void)
{
  CsPracticeRecords *records = g_new0 (CsPracticeRecords, 1);

  records->objects = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) object_changes_free);
  records->created_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  records->deletions = g_array_new (FALSE, FALSE, sizeof (Deletion));
  g_array_set_clear_func (records->deletions, (GDestroyNotify) deletion_clear);
  records->next_serial = CREATED_SERIAL_BASE;
  return records;
}

void
cs_practice_records_free (CsPracticeRecords *records)
{
  if (records == NULL)
    return;
  g_hash_table_unref (records->objects);
  g_hash_table_unref (records->created_ids);
  g_array_unref (records->deletions);
  g_free (records);
}

static ObjectChanges *
lookup_changes (CsPracticeRecords *records,
                const char        *object_name)
{
  return g_hash_table_lookup (records->objects, g_intern_string (object_name));
}

/* The record's own fields in the overlay, or NULL when it is untouched. */
static GHashTable *
record_fields (CsPracticeRecords *records,
               const char        *object_name,
               guint              index)
{
  ObjectChanges *changes;
  GHashTable *fields;

  /* Interned names compare by pointer once interned; scans ask for the
   * same record's fields one after another. */
  if (records->last_object != NULL && records->last_index == index &&
      strcmp (records->last_object, object_name) == 0)
    return records->last_fields;

  changes = lookup_changes (records, object_name);
  if (changes == NULL)
    fields = NULL;
  else if (index >= changes->base)
    fields = index - changes->base < changes->created->len
             ? g_ptr_array_index (changes->created, index - changes->base) : NULL;
  else
    fields = g_hash_table_lookup (changes->changed, GUINT_TO_POINTER (index));

  records->last_object = changes != NULL ? changes->object_name : NULL;
  records->last_index = index;
  records->last_fields = fields;
  return fields;
}

static void
forget_last_lookup (CsPracticeRecords *records)
{
  records->last_object = NULL;
  records->last_fields = NULL;
}

gboolean
cs_practice_records_lookup (CsPracticeRecords  *records,
                            const char         *object_name,
                            guint               index,
                            const char         *field,
                            JsonNode          **value)
{
  ObjectChanges *changes;
  GHashTable *fields;
  JsonNode *node;

  if (g_hash_table_size (records->objects) == 0)
    return FALSE;

  fields = record_fields (records, object_name, index);
  if (fields == NULL)
    {
      /* A created record that does not exist, or a field it lacks: null. */
      changes = lookup_changes (records, object_name);
      if (changes != NULL && index >= changes->base)
        {
          *value = NULL;
          return TRUE;
        }
      return FALSE;
    }

  if (!g_hash_table_lookup_extended (fields, field, NULL, (gpointer *) &node))
    {
      changes = lookup_changes (records, object_name);
      if (index >= changes->base)
        {
          *value = NULL;
          return TRUE;
        }
      return FALSE;
    }

  *value = JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_ref (node);
  return TRUE;
}

guint
cs_practice_records_count_created (CsPracticeRecords *records,
                                   const char        *object_name)
{
  ObjectChanges *changes = lookup_changes (records, object_name);

  return changes != NULL ? changes->created->len : 0;
}

gboolean
cs_practice_records_find (CsPracticeRecords  *records,
                          const char         *id,
                          const char        **object_name,
                          guint              *index)
{
  g_autofree char *id15 = g_strndup (id, 15);
  CreatedRef *ref = g_hash_table_lookup (records->created_ids, id15);

  if (ref == NULL)
    return FALSE;
  *object_name = ref->object_name;
  *index = ref->index;
  return TRUE;
}

/* ---- writes ----------------------------------------------------------------------- */

static ObjectChanges *
ensure_changes (CsPracticeData *data,
                const char     *object_name)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  const char *interned = g_intern_string (object_name);
  ObjectChanges *changes = g_hash_table_lookup (records->objects, interned);

  if (changes == NULL)
    {
      changes = g_new0 (ObjectChanges, 1);
      changes->object_name = interned;
      changes->changed = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                (GDestroyNotify) g_hash_table_unref);
      changes->created = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      changes->purged = g_hash_table_new (g_direct_hash, g_direct_equal);
      /* Before the overlay exists, the count is the seed's. */
      changes->base = cs_practice_data_count (data, object_name);
      g_hash_table_insert (records->objects, (gpointer) interned, changes);
    }
  return changes;
}

static void
put (GHashTable *fields,
     const char *field,
     JsonNode   *value)
{
  g_hash_table_insert (fields, (gpointer) g_intern_string (field),
                       value != NULL ? value : json_node_new (JSON_NODE_NULL));
}

static void
put_copy (GHashTable *fields,
          const char *field,
          JsonNode   *value)
{
  put (fields, field, value != NULL ? json_node_copy (value) : NULL);
}

static JsonNode *
take_string (char *text)
{
  JsonNode *node = json_node_init_string (json_node_alloc (), text);

  g_free (text);
  return node;
}

static void
stamp (GHashTable *fields,
       const char *user_id,
       gint64      now)
{
  put (fields, "LastModifiedDate", take_string (cs_practice_rest_datetime (now)));
  put (fields, "SystemModstamp", take_string (cs_practice_rest_datetime (now)));
  put (fields, "LastModifiedById", json_node_init_string (json_node_alloc (), user_id));
}

/* The fields of a seeded or generated record changed so far, created on
 * the first change. */
static GHashTable *
changed_fields (ObjectChanges *changes,
                guint          index)
{
  GHashTable *fields;

  if (index >= changes->base)
    return g_ptr_array_index (changes->created, index - changes->base);

  fields = g_hash_table_lookup (changes->changed, GUINT_TO_POINTER (index));
  if (fields == NULL)
    {
      fields = fields_new ();
      g_hash_table_insert (changes->changed, GUINT_TO_POINTER (index), fields);
    }
  return fields;
}

/* "First Last": Lead, Contact and User compose their read-only Name. */
static void
compose_name (CsPracticeData   *data,
              CsPracticeObject *object,
              guint             index,
              GHashTable       *fields)
{
  CsPracticeField *name = cs_practice_object_lookup_field (object, "Name");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) last = NULL;
  g_autofree char *text = NULL;

  if (name == NULL || !(name->flags & CS_FF_NAME_FIELD) || (name->flags & CS_FF_CREATEABLE) ||
      cs_practice_object_lookup_field (object, "LastName") == NULL)
    return;

  first = cs_practice_data_get (data, object->name, index, "FirstName");
  last = cs_practice_data_get (data, object->name, index, "LastName");
  if (first != NULL && last != NULL)
    text = g_strdup_printf ("%s %s", json_node_get_string (first), json_node_get_string (last));
  else if (last != NULL)
    text = g_strdup (json_node_get_string (last));
  put (fields, "Name", text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL);
}

char *
cs_practice_data_create_record (CsPracticeData   *data,
                                CsPracticeObject *object,
                                GHashTable       *values,
                                const char       *user_id,
                                gint64            now)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  ObjectChanges *changes = ensure_changes (data, object->name);
  GHashTable *fields = fields_new ();
  g_autofree char *id = cs_practice_make_id (object->key_prefix, records->next_serial++);
  g_autofree char *created = cs_practice_rest_datetime (now);
  CreatedRef *ref = g_new0 (CreatedRef, 1);
  GHashTableIter iter;
  gpointer name, value;
  guint index;

  for (guint i = 0; i < object->fields->len; i++)
    {
      CsPracticeField *field = g_ptr_array_index (object->fields, i);

      /* Booleans are never null; Salesforce fills them in. */
      if (field->type == CS_FT_BOOLEAN)
        put (fields, field->name, json_node_init_boolean (json_node_alloc (), FALSE));
    }

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    put_copy (fields, name, value);

  put (fields, "Id", json_node_init_string (json_node_alloc (), id));
  put (fields, "IsDeleted", json_node_init_boolean (json_node_alloc (), FALSE));
  put (fields, "CreatedDate", json_node_init_string (json_node_alloc (), created));
  put (fields, "CreatedById", json_node_init_string (json_node_alloc (), user_id));
  if (cs_practice_object_lookup_field (object, "OwnerId") != NULL &&
      !g_hash_table_contains (values, "OwnerId"))
    put (fields, "OwnerId", json_node_init_string (json_node_alloc (), user_id));
  stamp (fields, user_id, now);

  index = changes->base + changes->created->len;
  g_ptr_array_add (changes->created, fields);
  ref->object_name = changes->object_name;
  ref->index = index;
  g_hash_table_insert (records->created_ids, g_strndup (id, 15), ref);
  forget_last_lookup (records);

  compose_name (data, object, index, fields);
  return g_steal_pointer (&id);
}

void
cs_practice_data_update_record (CsPracticeData   *data,
                                CsPracticeObject *object,
                                guint             index,
                                GHashTable       *values,
                                const char       *user_id,
                                gint64            now)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  ObjectChanges *changes = ensure_changes (data, object->name);
  GHashTable *fields = changed_fields (changes, index);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    put_copy (fields, name, value);
  stamp (fields, user_id, now);
  forget_last_lookup (records);
  compose_name (data, object, index, fields);
}

void
cs_practice_data_delete_record (CsPracticeData   *data,
                                CsPracticeObject *object,
                                guint             index,
                                const char       *user_id,
                                gint64            now)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  ObjectChanges *changes = ensure_changes (data, object->name);
  GHashTable *fields = changed_fields (changes, index);
  g_autoptr(JsonNode) id = cs_practice_data_get (data, object->name, index, "Id");
  Deletion deletion;

  put (fields, "IsDeleted", json_node_init_boolean (json_node_alloc (), TRUE));
  stamp (fields, user_id, now);
  forget_last_lookup (records);

  deletion.object_name = changes->object_name;
  deletion.id = g_strdup (json_node_get_string (id));
  deletion.deleted_at = now;
  g_array_append_val (records->deletions, deletion);
}

gboolean
cs_practice_data_is_deleted (CsPracticeData *data,
                             const char     *object_name,
                             guint           index)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  GHashTable *fields;
  JsonNode *node;

  if (g_hash_table_size (records->objects) == 0)
    return FALSE;
  fields = record_fields (records, object_name, index);
  node = fields != NULL ? g_hash_table_lookup (fields, "IsDeleted") : NULL;
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
}

gboolean
cs_practice_data_is_purged (CsPracticeData *data,
                            const char     *object_name,
                            guint           index)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  ObjectChanges *changes;

  if (g_hash_table_size (records->objects) == 0)
    return FALSE;
  changes = lookup_changes (records, object_name);
  return changes != NULL && g_hash_table_contains (changes->purged, GUINT_TO_POINTER (index));
}

gboolean
cs_practice_data_is_listed (CsPracticeData *data,
                            const char     *object_name,
                            guint           index,
                            gboolean        include_deleted)
{
  if (g_hash_table_size (cs_practice_data_get_records (data)->objects) == 0)
    return TRUE;
  if (cs_practice_data_is_purged (data, object_name, index))
    return FALSE;
  return include_deleted || !cs_practice_data_is_deleted (data, object_name, index);
}

GPtrArray *
cs_practice_data_list_deleted (CsPracticeData *data,
                               const char     *object_name,
                               gint64          start,
                               gint64          end)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  const char *interned = g_intern_string (object_name);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < records->deletions->len; i++)
    {
      Deletion *deletion = &g_array_index (records->deletions, Deletion, i);
      CsPracticeDeletion *entry;

      if (deletion->object_name != interned || deletion->deleted_at < start ||
          deletion->deleted_at >= end)
        continue;
      /* The id is owned by the log, which outlives the answer. */
      entry = g_new0 (CsPracticeDeletion, 1);
      entry->id = deletion->id;
      entry->deleted_at = deletion->deleted_at;
      g_ptr_array_add (list, entry);
    }
  return list;
}

gint64
cs_practice_data_get_earliest_deleted (CsPracticeData *data,
                                       gint64          now)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);

  return MAX (records->purged_before, now - CS_PRACTICE_DELETED_RETENTION);
}

void
cs_practice_data_purge_deleted (CsPracticeData *data,
                                gint64          before)
{
  CsPracticeRecords *records = cs_practice_data_get_records (data);
  guint kept = 0;

  for (guint i = 0; i < records->deletions->len; i++)
    {
      Deletion *deletion = &g_array_index (records->deletions, Deletion, i);
      const char *object_name = NULL;
      guint index = 0;

      if (deletion->deleted_at >= before)
        {
          g_array_index (records->deletions, Deletion, kept++) = *deletion;
          continue;
        }
      if (cs_practice_data_find (data, deletion->id, &object_name, &index))
        g_hash_table_add (lookup_changes (records, object_name)->purged, GUINT_TO_POINTER (index));
      deletion_clear (deletion);
    }
  /* The entries past @kept were moved or freed: drop them without
   * clearing them again. */
  g_array_set_clear_func (records->deletions, NULL);
  g_array_set_size (records->deletions, kept);
  g_array_set_clear_func (records->deletions, (GDestroyNotify) deletion_clear);
  records->purged_before = MAX (records->purged_before, before);
}

gint64
cs_practice_data_get_modstamp (CsPracticeData *data,
                               const char     *object_name,
                               guint           index)
{
  g_autoptr(JsonNode) value = cs_practice_data_get (data, object_name, index, "SystemModstamp");

  return value != NULL ? cs_practice_parse_rest_datetime (json_node_get_string (value)) : 0;
}
