/* cs-field-slots.c: the lines of the review page's field list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-field-slots.h"
#include "cs-field-slot.h"

struct _CsFieldSlots
{
  GObject    parent_instance;

  guint      n_items;
  GPtrArray *slots;  /* made when first asked for, kept */
};

static void cs_field_slots_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CsFieldSlots, cs_field_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cs_field_slots_list_model_init))

static GType
cs_field_slots_get_item_type (GListModel *model)
{
  return CS_TYPE_FIELD_SLOT;
}

static guint
cs_field_slots_get_n_items (GListModel *model)
{
  return CS_FIELD_SLOTS (model)->n_items;
}

static gpointer
cs_field_slots_get_item (GListModel *model,
                         guint       position)
{
  CsFieldSlots *self = CS_FIELD_SLOTS (model);

  if (position >= self->n_items)
    return NULL;
  while (self->slots->len <= position)
    g_ptr_array_add (self->slots, cs_field_slot_new (self->slots->len));
  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
cs_field_slots_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cs_field_slots_get_item_type;
  iface->get_n_items = cs_field_slots_get_n_items;
  iface->get_item = cs_field_slots_get_item;
}

static void
cs_field_slots_finalize (GObject *object)
{
  CsFieldSlots *self = CS_FIELD_SLOTS (object);

  g_ptr_array_unref (self->slots);

  G_OBJECT_CLASS (cs_field_slots_parent_class)->finalize (object);
}

static void
cs_field_slots_class_init (CsFieldSlotsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_field_slots_finalize;
}

static void
cs_field_slots_init (CsFieldSlots *self)
{
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
}

CsFieldSlots *
cs_field_slots_new (void)
{
  return g_object_new (CS_TYPE_FIELD_SLOTS, NULL);
}

void
cs_field_slots_set_n_items (CsFieldSlots *self,
                            guint         n_items)
{
  guint old;

  g_return_if_fail (CS_IS_FIELD_SLOTS (self));

  if (n_items == self->n_items)
    return;
  old = self->n_items;
  self->n_items = n_items;
  if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old - n_items, 0);
}
