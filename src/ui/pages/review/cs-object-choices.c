/* cs-object-choices.c: the review page's object menu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-object-choices.h"
#include "cs-review-field.h"

struct _CsObjectChoices
{
  GObject        parent_instance;

  GtkStringList *labels;
  GPtrArray     *objects;  /* parallel to labels; [0] is NULL (all) */
};

G_DEFINE_FINAL_TYPE (CsObjectChoices, cs_object_choices, G_TYPE_OBJECT)

GListModel *
cs_object_choices_get_model (CsObjectChoices *self)
{
  g_return_val_if_fail (CS_IS_OBJECT_CHOICES (self), NULL);

  return G_LIST_MODEL (self->labels);
}

void
cs_object_choices_update (CsObjectChoices    *self,
                          GListModel         *fields,
                          const char * const *order)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) extra = NULL;
  guint n;

  g_return_if_fail (CS_IS_OBJECT_CHOICES (self));
  g_return_if_fail (fields == NULL || G_IS_LIST_MODEL (fields));

  n = fields != NULL ? g_list_model_get_n_items (fields) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (fields, i);
      const char *object = cs_review_field_get_object (field);
      guint *count;

      if (object == NULL)
        continue;
      count = g_hash_table_lookup (counts, object);
      if (count == NULL)
        {
          count = g_new0 (guint, 1);
          g_hash_table_insert (counts, g_strdup (object), count);
        }
      (*count)++;
    }

  g_ptr_array_add (objects, NULL);
  g_ptr_array_add (labels, g_strdup_printf (ngettext ("All objects (%u field)", "All objects (%u fields)", n), n));

  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    {
      guint *count = g_hash_table_lookup (counts, order[i]);

      if (count == NULL)
        continue;
      /* Translators: an object's API name, then its number of fields */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%u)"), order[i], *count));
      g_ptr_array_add (objects, g_strdup (order[i]));
      g_hash_table_remove (counts, order[i]);
    }
  extra = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) g_strcmp0);
  for (GList *l = extra; l != NULL; l = l->next)
    {
      guint *count = g_hash_table_lookup (counts, l->data);

      g_ptr_array_add (labels, g_strdup_printf (_("%s (%u)"), (char *) l->data, *count));
      g_ptr_array_add (objects, g_strdup (l->data));
    }
  g_ptr_array_add (labels, NULL);

  g_ptr_array_unref (self->objects);
  self->objects = g_steal_pointer (&objects);
  gtk_string_list_splice (self->labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->labels)),
                          (const char * const *) labels->pdata);
}

const char *
cs_object_choices_get_object (CsObjectChoices *self,
                              guint            position)
{
  g_return_val_if_fail (CS_IS_OBJECT_CHOICES (self), NULL);

  return position < self->objects->len ? g_ptr_array_index (self->objects, position) : NULL;
}

guint
cs_object_choices_find (CsObjectChoices *self,
                        const char      *object)
{
  g_return_val_if_fail (CS_IS_OBJECT_CHOICES (self), 0);

  for (guint i = 1; object != NULL && i < self->objects->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->objects, i), object) == 0)
      return i;
  return 0;
}

static void
cs_object_choices_finalize (GObject *object)
{
  CsObjectChoices *self = CS_OBJECT_CHOICES (object);

  g_clear_object (&self->labels);
  g_clear_pointer (&self->objects, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_object_choices_parent_class)->finalize (object);
}

static void
cs_object_choices_class_init (CsObjectChoicesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_object_choices_finalize;
}

static void
cs_object_choices_init (CsObjectChoices *self)
{
  self->labels = gtk_string_list_new (NULL);
  self->objects = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->objects, NULL);
}

CsObjectChoices *
cs_object_choices_new (void)
{
  return g_object_new (CS_TYPE_OBJECT_CHOICES, NULL);
}
