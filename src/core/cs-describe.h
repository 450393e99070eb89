/* cs-describe.h: one object's describe (GET …/sobjects/{Object}/describe),
 * parsed once for the access audit, the field catalog, the field sync and
 * the record sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Strings below are borrowed from the describe's JSON, which the CsDescribe
 * keeps alive: they are valid as long as the CsDescribe is. A member that is
 * missing or of another JSON type than expected reads as NULL, 0 or FALSE. */

typedef struct {
  const char *value;
  const char *label;           /* NULL when the describe gives none */
  gboolean    active;
  gboolean    default_value;
} CsDescribePicklistValue;

typedef struct {
  const char                    *name;               /* API name, never NULL nor empty */
  const char                    *label;              /* NULL when the describe gives none */
  const char                    *type;               /* "string", "reference", …; may be NULL */
  guint                          length;
  guint                          precision;
  guint                          scale;
  guint                          digits;

  guint                          custom : 1;
  guint                          createable : 1;
  guint                          updateable : 1;
  guint                          calculated : 1;     /* a formula */
  guint                          auto_number : 1;
  guint                          nillable : 1;
  guint                          defaulted_on_create : 1;
  guint                          unique : 1;
  guint                          external_id : 1;
  guint                          id_lookup : 1;

  const char * const            *reference_to;       /* NULL-terminated, never NULL */
  const char                    *relationship_name;
  const char                    *inline_help_text;
  const CsDescribePicklistValue *picklist_values;
  guint                          n_picklist_values;
} CsDescribeField;

typedef struct _CsDescribe CsDescribe;

#define CS_TYPE_DESCRIBE (cs_describe_get_type ())
GType                  cs_describe_get_type        (void);

/* Parses @node, the describe of @object (the API name it was asked for:
 * the name when the describe gives none, and the one error messages use).
 * CS_ERROR_MALFORMED_RESPONSE when @node is not an object or has no
 * "fields" array. Tolerant inside: a field without a name is left out, and
 * only the first of several fields with one name (case-insensitive) is
 * kept. Cheap: no string is copied. */
CsDescribe            *cs_describe_new_from_json   (JsonNode          *node,
                                                    const char        *object,
                                                    GError           **error);

CsDescribe            *cs_describe_ref             (CsDescribe        *self);
void                   cs_describe_unref           (CsDescribe        *self);

const char            *cs_describe_get_name        (CsDescribe        *self);
const char            *cs_describe_get_label       (CsDescribe        *self);
gboolean               cs_describe_is_custom       (CsDescribe        *self);
/* The caller's object permissions. */
gboolean               cs_describe_is_queryable    (CsDescribe        *self);
gboolean               cs_describe_is_createable   (CsDescribe        *self);
gboolean               cs_describe_is_updateable   (CsDescribe        *self);
gboolean               cs_describe_is_deletable    (CsDescribe        *self);

/* The fields the caller can see, in the describe's order. */
guint                  cs_describe_get_n_fields    (CsDescribe        *self);
const CsDescribeField *cs_describe_get_field       (CsDescribe        *self,
                                                    guint              index);
/* By API name, case-insensitive as the API is; NULL when not listed. */
const CsDescribeField *cs_describe_lookup_field    (CsDescribe        *self,
                                                    const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDescribe, cs_describe_unref)

G_END_DECLS
