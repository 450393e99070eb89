/* cs-field-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>

#include "cs-describe.h"
#include "cs-error.h"
#include "cs-field-sync.h"
#include "cs-review-field-private.h"

/* Share of the progress bar the describes take; recording is the rest. */
#define DESCRIBE_SHARE 0.9

struct _CsFieldSync
{
  GObject             parent_instance;

  CsSalesforceClient *client;
  CsFieldCatalog     *catalog;
  char               *connection_id;
  GPtrArray          *custom_objects;   /* char *, sorted */
  gboolean            catalog_objects_added;

  /* The last check. */
  GHashTable         *describes;        /* name → JsonNode */
  GStrv               checked_objects;  /* what the check asked for */
  GDateTime          *checked_at;
  GPtrArray          *findings;
  GListStore         *fields;           /* CsReviewField */
  guint               n_new;
  char               *new_digest;       /* of the new fields' names */
};

G_DEFINE_FINAL_TYPE (CsFieldSync, cs_field_sync, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cs_field_sync_dispose (GObject *object)
{
  CsFieldSync *self = CS_FIELD_SYNC (object);

  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (cs_field_sync_parent_class)->dispose (object);
}

static void
cs_field_sync_finalize (GObject *object)
{
  CsFieldSync *self = CS_FIELD_SYNC (object);

  g_free (self->connection_id);
  g_ptr_array_unref (self->custom_objects);
  g_clear_pointer (&self->describes, g_hash_table_unref);
  g_clear_pointer (&self->checked_objects, g_strfreev);
  g_free (self->new_digest);
  g_clear_pointer (&self->checked_at, g_date_time_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_field_sync_parent_class)->finalize (object);
}

static void
cs_field_sync_class_init (CsFieldSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_field_sync_dispose;
  object_class->finalize = cs_field_sync_finalize;

  /**
   * CsFieldSync::progress:
   * @fraction: from 0 to 1
   *
   * Emitted while cs_field_sync_record_async() runs.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
cs_field_sync_init (CsFieldSync *self)
{
  self->custom_objects = g_ptr_array_new_with_free_func (g_free);
  self->fields = g_list_store_new (CS_TYPE_REVIEW_FIELD);
}

CsFieldSync *
cs_field_sync_new (CsSalesforceClient *client,
                   CsFieldCatalog     *catalog,
                   const char         *connection_id)
{
  CsFieldSync *self;

  g_return_val_if_fail (CS_IS_SALESFORCE_CLIENT (client), NULL);
  g_return_val_if_fail (CS_IS_FIELD_CATALOG (catalog), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);

  self = g_object_new (CS_TYPE_FIELD_SYNC, NULL);
  self->client = g_object_ref (client);
  self->catalog = g_object_ref (catalog);
  self->connection_id = g_strdup (connection_id);
  return self;
}

CsSalesforceClient *
cs_field_sync_get_client (CsFieldSync *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);
  return self->client;
}

const char *
cs_field_sync_get_connection_id (CsFieldSync *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);
  return self->connection_id;
}

/* ------------------------------------------------------------------------ */
/* Objects                                                                   */

static gboolean
is_standard_object (const char *object)
{
  for (guint i = 0; cs_sync_standard_objects[i] != NULL; i++)
    if (g_ascii_strcasecmp (cs_sync_standard_objects[i], object) == 0)
      return TRUE;
  return FALSE;
}

/* "Invoice__c" or, from a managed package, "ns__Invoice__c": letters,
 * digits and single underscores, starting with a letter. */
static gboolean
is_custom_object_name (const char *name)
{
  gsize length = strlen (name);

  if (length < 4 || length > 80 || !g_str_has_suffix (name, "__c") ||
      !g_ascii_isalpha (name[0]))
    return FALSE;

  for (gsize i = 0; i < length - 3; i++)
    {
      if (!g_ascii_isalnum (name[i]) && name[i] != '_')
        return FALSE;
      /* No "___", no underscore right before the suffix. */
      if (name[i] == '_' && name[i + 1] == '_' && i + 2 < length - 3 && name[i + 2] == '_')
        return FALSE;
    }
  return name[length - 4] != '_';
}

static gint
find_custom_object (CsFieldSync *self,
                    const char  *object)
{
  for (guint i = 0; i < self->custom_objects->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->custom_objects, i), object) == 0)
      return (gint) i;
  return -1;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_ascii_strcasecmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_custom_object_unchecked (CsFieldSync *self,
                             const char  *object)
{
  if (find_custom_object (self, object) >= 0)
    return;
  g_ptr_array_add (self->custom_objects, g_strdup (object));
  g_ptr_array_sort (self->custom_objects, compare_names);
}

gboolean
cs_field_sync_add_custom_object (CsFieldSync  *self,
                                 const char   *object,
                                 GError      **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_strstrip (g_strdup (object));
  if (!is_custom_object_name (name))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   /* Translators: %s is what the admin typed */
                   _("“%s” is not the API name of a custom object. A custom object’s API "
                     "name ends in “__c”, such as Invoice__c: Salesforce shows it in "
                     "Setup, Object Manager."),
                   name);
      return FALSE;
    }

  add_custom_object_unchecked (self, name);
  return TRUE;
}

void
cs_field_sync_remove_custom_object (CsFieldSync *self,
                                    const char  *object)
{
  gint index;

  g_return_if_fail (CS_IS_FIELD_SYNC (self));
  g_return_if_fail (object != NULL);

  index = find_custom_object (self, object);
  if (index >= 0)
    g_ptr_array_remove_index (self->custom_objects, (guint) index);
}

/* The custom objects an earlier sync recorded keep being synced: the guide's
 * field sync never drops an object. Read once. */
static void
ensure_catalog_objects (CsFieldSync *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) recorded = NULL;

  if (self->catalog_objects_added)
    return;

  recorded = cs_field_catalog_list_objects (self->catalog, self->connection_id, &error);
  if (recorded == NULL)
    {
      /* Not fatal: the objects are recorded again when the admin adds them. */
      g_warning ("Could not read the recorded objects: %s", error->message);
      return;
    }

  self->catalog_objects_added = TRUE;
  for (guint i = 0; recorded[i] != NULL; i++)
    if (!is_standard_object (recorded[i]))
      add_custom_object_unchecked (self, recorded[i]);
}

GStrv
cs_field_sync_dup_custom_objects (CsFieldSync *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);

  ensure_catalog_objects (self);
  for (guint i = 0; i < self->custom_objects->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->custom_objects, i));
  return g_strv_builder_end (builder);
}

GStrv
cs_field_sync_dup_objects (CsFieldSync *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) custom = NULL;

  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);

  custom = cs_field_sync_dup_custom_objects (self);
  g_strv_builder_addv (builder, (const char **) cs_sync_standard_objects);
  g_strv_builder_addv (builder, (const char **) custom);
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------------ */
/* Fields                                                                    */

static char *
field_key (const char *object,
           const char *api_name)
{
  g_autofree char *key = g_strconcat (object, "\n", api_name, NULL);

  /* API names are case-insensitive. */
  return g_ascii_strdown (key, -1);
}

/* Keys ("object\napi_name", lower case) of the fields recorded as synced. */
static GHashTable *
load_synced_keys (CsFieldSync  *self,
                  GError      **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) recorded = NULL;

  recorded = cs_field_catalog_list (self->catalog, self->connection_id, NULL, error);
  if (recorded == NULL)
    return NULL;

  for (guint i = 0; i < recorded->len; i++)
    {
      CsCatalogField *field = g_ptr_array_index (recorded, i);

      if (field->status == CS_CATALOG_FIELD_SYNCED)
        g_hash_table_add (keys, field_key (field->object, field->api_name));
    }
  return g_steal_pointer (&keys);
}

static gint
compare_fields (gconstpointer a,
                gconstpointer b)
{
  CsReviewField *field_a = *(CsReviewField * const *) a;
  CsReviewField *field_b = *(CsReviewField * const *) b;
  gint result;

  result = g_ascii_strcasecmp (cs_review_field_get_object (field_a), cs_review_field_get_object (field_b));
  if (result == 0)
    result = g_ascii_strcasecmp (cs_review_field_get_api_name (field_a), cs_review_field_get_api_name (field_b));
  return result;
}

/* Which fields are new, in one string: the same count can hide another set
 * (one field hidden, another added), and the admin confirmed a set. */
static void
update_new_digest (CsFieldSync *self)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->fields));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);
      g_autofree char *key = NULL;

      if (!cs_review_field_get_is_new (field))
        continue;
      key = field_key (cs_review_field_get_object (field), cs_review_field_get_api_name (field));
      g_checksum_update (checksum, (const guchar *) key, -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }

  g_free (self->new_digest);
  self->new_digest = g_strdup (g_checksum_get_string (checksum));
}

/* Refills the model from @describes in one items-changed; marks of fields
 * still listed are kept. */
static gboolean
fill_fields (CsFieldSync  *self,
             GHashTable   *describes,
             GError      **error)
{
  g_autoptr(GHashTable) synced = NULL;
  g_autoptr(GHashTable) unwanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  GHashTableIter iter;
  gpointer key, value;

  synced = load_synced_keys (self, error);
  if (synced == NULL)
    return FALSE;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      if (cs_review_field_get_unwanted (field))
        g_hash_table_add (unwanted, field_key (cs_review_field_get_object (field),
                                               cs_review_field_get_api_name (field)));
    }

  self->n_new = 0;
  g_hash_table_iter_init (&iter, describes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(CsDescribe) describe = NULL;
      const char *object;
      guint n_fields;

      /* An object whose describe cannot be read has no fields to review. */
      if (value == NULL || (describe = cs_describe_new_from_json (value, key, NULL)) == NULL)
        continue;
      object = cs_describe_get_name (describe);
      n_fields = cs_describe_get_n_fields (describe);

      for (guint i = 0; i < n_fields; i++)
        {
          const CsDescribeField *field = cs_describe_get_field (describe, i);
          g_autofree char *field_id = field_key (object, field->name);
          gboolean is_new = !g_hash_table_contains (synced, field_id);
          CsReviewField *item;

          item = cs_review_field_new (object, field->name, field->label, field->type,
                                      field->length, field->precision, field->scale,
                                      field->custom, is_new);
          if (g_hash_table_contains (unwanted, field_id))
            cs_review_field_set_unwanted (item, TRUE);
          if (is_new)
            self->n_new++;
          g_ptr_array_add (items, item);
        }
    }

  g_ptr_array_sort (items, compare_fields);
  g_list_store_splice (self->fields, 0, n_items, items->pdata, items->len);
  update_new_digest (self);
  return TRUE;
}

gboolean
cs_field_sync_has_checked (CsFieldSync *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), FALSE);
  return self->findings != NULL;
}

GPtrArray *
cs_field_sync_get_findings (CsFieldSync *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);
  return self->findings;
}

GListModel *
cs_field_sync_get_fields (CsFieldSync *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);
  return G_LIST_MODEL (self->fields);
}

guint
cs_field_sync_count_new_fields (CsFieldSync *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), 0);
  return self->n_new;
}

const char *
cs_field_sync_get_new_fields_digest (CsFieldSync *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);
  return self->new_digest;
}

guint
cs_field_sync_count_unwanted (CsFieldSync *self)
{
  guint n_items, count = 0;

  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), 0);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      if (cs_review_field_get_unwanted (field))
        count++;
    }
  return count;
}

char *
cs_field_sync_format_hide_list (GListModel *fields)
{
  g_autoptr(GPtrArray) marked = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (fields), NULL);

  n_items = g_list_model_get_n_items (fields);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (fields, i);

      if (CS_IS_REVIEW_FIELD (field) && cs_review_field_get_unwanted (field))
        g_ptr_array_add (marked, g_steal_pointer (&field));
    }

  if (marked->len == 0)
    return NULL;

  g_ptr_array_sort (marked, compare_fields);
  for (guint i = 0; i < marked->len; )
    {
      const char *object = cs_review_field_get_object (g_ptr_array_index (marked, i));
      guint end = i;

      while (end < marked->len &&
             g_ascii_strcasecmp (cs_review_field_get_object (g_ptr_array_index (marked, end)), object) == 0)
        end++;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text,
                              /* Translators: a heading of the list of fields to hide:
                               * "Lead: 2 fields to hide" */
                              ngettext ("%s: %u field to hide", "%s: %u fields to hide", end - i),
                              object, end - i);
      g_string_append_c (text, '\n');

      for (; i < end; i++)
        {
          CsReviewField *field = g_ptr_array_index (marked, i);

          g_string_append_printf (text, "  - %s (%s)\n",
                                  cs_review_field_get_label (field),
                                  cs_review_field_get_api_name (field));
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Check                                                                     */

typedef struct
{
  GStrv      objects;
  GDateTime *started_at;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_strfreev (data->objects);
  g_date_time_unref (data->started_at);
  g_free (data);
}

/* When Salesforce described the objects, by its own clock (the Date of its
 * answers): If-Modified-Since is compared with Salesforce's time, and this
 * computer's clock may be off. @fallback (this computer's time at the
 * request) when the answers carried no date. */
static GDateTime *
server_described_at (GObject      *client,
                     GAsyncResult *result,
                     GDateTime    *fallback)
{
  GDateTime *server = cs_salesforce_client_describe_many_get_server_date (CS_SALESFORCE_CLIENT (client),
                                                                          result);

  return server != NULL ? server : fallback;
}

/* The describes and per-object errors of @result; NULL once @task has
 * been given the error or the cancellation. */
static GHashTable *
finish_describes (GTask         *task,
                  GObject       *client,
                  GAsyncResult  *result,
                  GHashTable   **errors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) describes = NULL;

  describes = cs_salesforce_client_describe_many_finish (CS_SALESFORCE_CLIENT (client), result,
                                                         errors, &error);
  if (describes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_pointer (errors, g_hash_table_unref);
      return NULL;
    }
  return g_steal_pointer (&describes);
}

/* Makes @describes, requested at @described_at, the last check: its
 * findings, its fields (the model is refilled) and its time. */
static GPtrArray *
adopt_check (CsFieldSync         *self,
             const char * const  *objects,
             GHashTable          *describes,
             GDateTime           *described_at,
             GError             **error)
{
  g_auto(GStrv) custom = cs_field_sync_dup_custom_objects (self);
  g_autoptr(GPtrArray) findings = cs_access_audit_run (describes, (const char * const *) custom);

  if (!fill_fields (self, describes, error))
    return NULL;

  g_clear_pointer (&self->describes, g_hash_table_unref);
  self->describes = g_hash_table_ref (describes);
  g_strfreev (self->checked_objects);
  self->checked_objects = g_strdupv ((char **) objects);
  g_clear_pointer (&self->checked_at, g_date_time_unref);
  self->checked_at = g_date_time_ref (described_at);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = g_ptr_array_ref (findings);
  return g_steal_pointer (&findings);
}

static void
check_describe_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsFieldSync *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  describes = finish_describes (task, source, result, &errors);
  if (describes == NULL)
    return;

  /* An expired authorization is not a missing object: say so. */
  g_hash_table_iter_init (&iter, errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (cs_error_is_reauthorization (value) ||
        g_error_matches (value, CS_ERROR, CS_ERROR_RATE_LIMITED) ||
        g_error_matches (value, CS_ERROR, CS_ERROR_API_DISABLED))
      {
        g_task_return_error (task, g_error_copy (value));
        return;
      }

  findings = adopt_check (self, (const char * const *) data->objects, describes,
                          server_described_at (source, result, data->started_at), &error);
  if (findings == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&findings), (GDestroyNotify) g_ptr_array_unref);
}

void
cs_field_sync_check_async (CsFieldSync         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (CS_IS_FIELD_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_field_sync_check_async);

  data = g_new0 (CheckData, 1);
  data->objects = cs_field_sync_dup_objects (self);
  data->started_at = g_date_time_new_now_utc ();
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  cs_salesforce_client_describe_many_async (self->client, (const char * const *) data->objects,
                                            NULL, cancellable, check_describe_cb,
                                            g_steal_pointer (&task));
}

GPtrArray *
cs_field_sync_check_finish (CsFieldSync   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_field_sync_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Record                                                                    */

typedef struct
{
  GStrv               objects;
  GDateTime          *started_at;
  GHashTable         *check_describes;   /* the check's, or NULL */
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_strfreev (data->objects);
  g_date_time_unref (data->started_at);
  g_clear_pointer (&data->check_describes, g_hash_table_unref);
  g_free (data);
}

static void
summary_free (CsFieldSyncSummary *summary)
{
  cs_field_sync_summary_clear (summary);
  g_free (summary);
}

/* Whether @now (a describe of @object) lists a field that @checked does not. */
static gboolean
has_unreviewed_fields (const char *object,
                       JsonNode   *checked,
                       JsonNode   *now)
{
  g_autoptr(CsDescribe) reviewed = NULL;
  g_autoptr(CsDescribe) current = NULL;
  guint n_fields;

  if (!JSON_NODE_HOLDS_OBJECT (checked) ||
      (current = cs_describe_new_from_json (now, object, NULL)) == NULL)
    return FALSE;

  /* A check that listed no fields reviewed none of them. */
  reviewed = cs_describe_new_from_json (checked, object, NULL);
  n_fields = cs_describe_get_n_fields (current);
  for (guint i = 0; i < n_fields; i++)
    {
      const CsDescribeField *field = cs_describe_get_field (current, i);

      if (reviewed == NULL || cs_describe_lookup_field (reviewed, field->name) == NULL)
        return TRUE;
    }
  return FALSE;
}

/* Only this call's batches: a check running meanwhile does not move the bar. */
static void
record_progress_cb (guint    answered,
                    guint    total,
                    gpointer user_data)
{
  GTask *task = user_data;

  if (total > 0)
    g_signal_emit (g_task_get_source_object (task), signals[SIGNAL_PROGRESS], 0,
                   DESCRIBE_SHARE * answered / total);
}

/* Which of the listed fields are recorded as synced now: a check may have
 * refilled the list while the record ran, so it is read back, not assumed. */
static gboolean
update_is_new (CsFieldSync  *self,
               GError      **error)
{
  g_autoptr(GHashTable) synced = load_synced_keys (self, error);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->fields));

  if (synced == NULL)
    return FALSE;

  self->n_new = 0;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);
      g_autofree char *key = field_key (cs_review_field_get_object (field),
                                        cs_review_field_get_api_name (field));
      gboolean is_new = !g_hash_table_contains (synced, key);

      cs_review_field_set_is_new (field, is_new);
      if (is_new)
        self->n_new++;
    }
  update_new_digest (self);
  return TRUE;
}

static void
record_describe_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsFieldSync *self = g_task_get_source_object (task);
  RecordData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) describes = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;
  CsFieldSyncSummary *summary;
  GHashTableIter iter;
  gpointer key, value;

  describes = finish_describes (task, source, result, &errors);
  if (describes == NULL)
    return;

  /* Recording part of the objects would leave the catalog half a sync
   * behind the org: all or nothing. */
  g_hash_table_iter_init (&iter, errors);
  if (g_hash_table_iter_next (&iter, &key, &value))
    {
      GError *object_error = g_error_copy (value);

      g_prefix_error (&object_error,
                      /* Translators: %s is an object name; the reason follows */
                      _("The fields of %s could not be read, so none were recorded. "),
                      (const char *) key);
      g_task_return_error (task, object_error);
      return;
    }

  /* Unchanged since the check: its describes are what the sync user sees. */
  if (data->check_describes != NULL)
    {
      const char *changed = NULL;

      g_hash_table_iter_init (&iter, describes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          JsonNode *checked = g_hash_table_lookup (data->check_describes, key);

          if (value == NULL && checked != NULL)
            g_hash_table_iter_replace (&iter, json_node_ref (checked));
          else if (changed == NULL && checked != NULL && has_unreviewed_fields (key, checked, value))
            changed = key;
        }

      /* The admin confirmed what the check listed: a field that appeared
       * since must be reviewed before it becomes permanent. This describe
       * becomes the check, so that the review shows it. */
      if (changed != NULL)
        {
          g_autofree char *object = g_strdup (changed);
          g_autoptr(GPtrArray) findings = adopt_check (self, (const char * const *) data->objects,
                                                       describes,
                                                       server_described_at (source, result, data->started_at),
                                                       &error);

          if (findings == NULL)
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_new_error (task, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK,
                                     /* Translators: %s is an object name such as Lead */
                                     _("Salesforce shows new fields on %s since the fields were "
                                       "reviewed, so nothing was recorded. Review the fields "
                                       "again, then sync."),
                                     object);
          return;
        }
    }

  summary = g_new0 (CsFieldSyncSummary, 1);
  if (!cs_field_catalog_record (self->catalog, self->connection_id, describes,
                                server_described_at (source, result, data->started_at),
                                summary, &error))
    {
      g_free (summary);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!update_is_new (self, &error))
    {
      /* Recorded all the same: only the "new" marks are unknown. */
      g_warning ("Could not read the recorded fields back: %s", error->message);
    }

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, 1.0);
  g_task_return_pointer (task, summary, (GDestroyNotify) summary_free);
}

/* Whether the check described every object of @objects (one whose describe
 * failed is described again, and fails the record if it still does). */
static gboolean
has_all_objects (GHashTable         *describes,
                 const char * const *objects)
{
  for (guint i = 0; objects[i] != NULL; i++)
    if (g_hash_table_lookup (describes, objects[i]) == NULL)
      return FALSE;
  return TRUE;
}

void
cs_field_sync_record_async (CsFieldSync         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) if_modified_since = NULL;
  g_autoptr(GError) error = NULL;
  RecordData *data;

  g_return_if_fail (CS_IS_FIELD_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_field_sync_record_async);

  data = g_new0 (RecordData, 1);
  data->objects = cs_field_sync_dup_objects (self);
  data->started_at = g_date_time_new_now_utc ();
  g_task_set_task_data (task, data, (GDestroyNotify) record_data_free);

  /* An object added since the check was not reviewed: recording it would
   * make its fields permanent unseen. */
  if (self->checked_objects != NULL)
    for (guint i = 0; data->objects[i] != NULL; i++)
      if (!g_strv_contains ((const char * const *) self->checked_objects, data->objects[i]))
        {
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK,
                                   /* Translators: %s is an object name such as Invoice__c */
                                   _("%s was added after the fields were reviewed, so nothing "
                                     "was recorded. Check again and review the fields, then sync."),
                                   data->objects[i]);
          return;
        }

  if (self->describes != NULL && has_all_objects (self->describes, (const char * const *) data->objects))
    {
      data->check_describes = g_hash_table_ref (self->describes);
      /* Describes carry one-second dates: an edit in the same second as
       * the check must not be missed. */
      if_modified_since = g_date_time_add_seconds (self->checked_at, -1);
    }
  else
    {
      if_modified_since = cs_field_catalog_get_last_sync (self->catalog, self->connection_id,
                                                          (const char * const *) data->objects,
                                                          &error);
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, 0.0);
  /* The callback holds the task, which the progress reports use. */
  cs_salesforce_client_describe_many_with_progress_async (self->client,
                                                          (const char * const *) data->objects,
                                                          if_modified_since,
                                                          record_progress_cb, task,
                                                          cancellable, record_describe_cb,
                                                          g_object_ref (task));
}

gboolean
cs_field_sync_record_finish (CsFieldSync         *self,
                             GAsyncResult        *result,
                             CsFieldSyncSummary  *summary,
                             GError             **error)
{
  CsFieldSyncSummary *recorded;

  g_return_val_if_fail (CS_IS_FIELD_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_field_sync_record_async, FALSE);

  recorded = g_task_propagate_pointer (G_TASK (result), error);
  if (recorded == NULL)
    return FALSE;

  if (summary != NULL)
    {
      *summary = *recorded;
      g_free (recorded);
    }
  else
    summary_free (recorded);
  return TRUE;
}
