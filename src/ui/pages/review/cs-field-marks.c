/* cs-field-marks.c: follows the "unwanted" mark of every field of a model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-field-marks.h"
#include "cs-review-field.h"

struct _CsFieldMarks
{
  GObject     parent_instance;

  GListModel *fields;
  GHashTable *watched;  /* CsReviewField (ref) → notify::unwanted handler id */
};

G_DEFINE_FINAL_TYPE (CsFieldMarks, cs_field_marks, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_unwanted_cb (CsReviewField *field,
                   GParamSpec    *pspec,
                   CsFieldMarks  *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
unwatch (GHashTable *watched)
{
  GHashTableIter iter;
  gpointer field, id;

  g_hash_table_iter_init (&iter, watched);
  while (g_hash_table_iter_next (&iter, &field, &id))
    g_signal_handler_disconnect (field, GPOINTER_TO_SIZE (id));
}

void
cs_field_marks_update (CsFieldMarks *self)
{
  g_autoptr(GHashTable) old = NULL;
  guint n;

  g_return_if_fail (CS_IS_FIELD_MARKS (self));

  /* Fields still there keep their handler; a check makes new ones. */
  old = g_steal_pointer (&self->watched);
  self->watched = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  n = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;
  for (guint i = 0; i < n; i++)
    {
      CsReviewField *field = g_list_model_get_item (self->fields, i);  /* the table owns it */
      gpointer key, id;

      if (g_hash_table_contains (self->watched, field))
        {
          g_object_unref (field);
          continue;
        }
      if (g_hash_table_lookup_extended (old, field, &key, &id))
        {
          g_hash_table_steal (old, field);
          g_object_unref (key);
        }
      else
        id = GSIZE_TO_POINTER (g_signal_connect (field, "notify::unwanted",
                                                 G_CALLBACK (field_unwanted_cb), self));
      g_hash_table_insert (self->watched, field, id);
    }
  unwatch (old);
}

void
cs_field_marks_set_fields (CsFieldMarks *self,
                           GListModel   *fields)
{
  g_return_if_fail (CS_IS_FIELD_MARKS (self));
  g_return_if_fail (fields == NULL || G_IS_LIST_MODEL (fields));

  g_set_object (&self->fields, fields);
  cs_field_marks_update (self);
}

guint
cs_field_marks_count (CsFieldMarks *self)
{
  guint n, n_marked = 0;

  g_return_val_if_fail (CS_IS_FIELD_MARKS (self), 0);

  n = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (self->fields, i);

      if (cs_review_field_get_unwanted (field))
        n_marked++;
    }
  return n_marked;
}

static void
cs_field_marks_dispose (GObject *object)
{
  CsFieldMarks *self = CS_FIELD_MARKS (object);

  if (self->watched != NULL)
    unwatch (self->watched);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (cs_field_marks_parent_class)->dispose (object);
}

static void
cs_field_marks_class_init (CsFieldMarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_field_marks_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_field_marks_init (CsFieldMarks *self)
{
  self->watched = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
}

CsFieldMarks *
cs_field_marks_new (void)
{
  return g_object_new (CS_TYPE_FIELD_MARKS, NULL);
}
