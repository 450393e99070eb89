/* cs-object-choices.h: the review page's object menu: "All objects
 * (N fields)", then each object with its number of fields, standard
 * objects first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CS_TYPE_OBJECT_CHOICES (cs_object_choices_get_type ())
G_DECLARE_FINAL_TYPE (CsObjectChoices, cs_object_choices, CS, OBJECT_CHOICES, GObject)

CsObjectChoices *cs_object_choices_new        (void);
/* The labels, for a GtkDropDown (GtkStringObjects). */
GListModel      *cs_object_choices_get_model  (CsObjectChoices    *self);
/* Counts @fields (CsReviewFields) per object; @order lists the objects
 * that come first, in their order (the others follow by name). */
void             cs_object_choices_update     (CsObjectChoices    *self,
                                               GListModel         *fields,
                                               const char * const *order);
/* The object's API name at @position, NULL for all objects. */
const char      *cs_object_choices_get_object (CsObjectChoices    *self,
                                               guint               position);
/* The position of @object (0, all objects, for NULL or one not listed). */
guint            cs_object_choices_find       (CsObjectChoices    *self,
                                               const char         *object);

G_END_DECLS
