/* cs-field-slot.c: one line of the review page's field list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-field-slot.h"

struct _CsFieldSlot
{
  GObject parent_instance;

  guint   position;
};

G_DEFINE_FINAL_TYPE (CsFieldSlot, cs_field_slot, G_TYPE_OBJECT)

static void
cs_field_slot_class_init (CsFieldSlotClass *klass)
{
}

static void
cs_field_slot_init (CsFieldSlot *self)
{
}

CsFieldSlot *
cs_field_slot_new (guint position)
{
  CsFieldSlot *self = g_object_new (CS_TYPE_FIELD_SLOT, NULL);

  self->position = position;
  return self;
}

guint
cs_field_slot_get_position (CsFieldSlot *self)
{
  g_return_val_if_fail (CS_IS_FIELD_SLOT (self), 0);

  return self->position;
}
