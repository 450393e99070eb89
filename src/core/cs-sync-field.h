/* cs-sync-field.h: one field the sync user can see, for list models (the
 * review page's table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_TYPE_SYNC_FIELD (cs_sync_field_get_type ())
G_DECLARE_FINAL_TYPE (CsSyncField, cs_sync_field, CS, SYNC_FIELD, GObject)

const char *cs_sync_field_get_object     (CsSyncField *self);
const char *cs_sync_field_get_api_name   (CsSyncField *self);
const char *cs_sync_field_get_label      (CsSyncField *self);
/* The describe "type": "string", "double", "picklist", … */
const char *cs_sync_field_get_field_type (CsSyncField *self);
guint       cs_sync_field_get_length     (CsSyncField *self);
guint       cs_sync_field_get_precision  (CsSyncField *self);
guint       cs_sync_field_get_scale      (CsSyncField *self);
gboolean    cs_sync_field_get_custom     (CsSyncField *self);
/* Not recorded as synced yet: recording it makes it permanent. */
gboolean    cs_sync_field_get_is_new     (CsSyncField *self);
/* "string(255)", "double(18,2)", "picklist": type with its size, for
 * tables; sorts and reads the way Salesforce's API names them. */
const char *cs_sync_field_get_type_display (CsSyncField *self);
/* The admin does not want this field synced ("unwanted", notifies). */
gboolean    cs_sync_field_get_unwanted   (CsSyncField *self);
void        cs_sync_field_set_unwanted   (CsSyncField *self,
                                          gboolean     unwanted);

G_END_DECLS
