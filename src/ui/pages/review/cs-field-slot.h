/* cs-field-slot.h: one line of the review page's field list, whatever
 * field it shows at the moment (see cs-field-slots.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_TYPE_FIELD_SLOT (cs_field_slot_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldSlot, cs_field_slot, CS, FIELD_SLOT, GObject)

CsFieldSlot *cs_field_slot_new          (guint        position);
guint        cs_field_slot_get_position (CsFieldSlot *self);

G_END_DECLS
