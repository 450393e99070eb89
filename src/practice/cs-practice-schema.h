/* cs-practice-schema.h: the practice org's objects and fields, per-user
 * visibility (field-level security, object permissions) and the describe
 * JSON built from them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-practice-util.h"

G_BEGIN_DECLS

/* Who is asking: describe and query answer differently for each. */
typedef enum {
  CS_PRACTICE_ROLE_SYNC,
  CS_PRACTICE_ROLE_ADMIN,
  CS_PRACTICE_ROLE_STANDARD,   /* a user record that cannot log in */
} CsPracticeRole;

/* The WSDL enumeration of field types (standard-objects.md §1.6). */
typedef enum {
  CS_FT_ID,
  CS_FT_REFERENCE,
  CS_FT_STRING,
  CS_FT_TEXTAREA,
  CS_FT_PICKLIST,
  CS_FT_MULTIPICKLIST,
  CS_FT_COMBOBOX,
  CS_FT_EMAIL,
  CS_FT_PHONE,
  CS_FT_URL,
  CS_FT_ENCRYPTEDSTRING,
  CS_FT_BOOLEAN,
  CS_FT_INT,
  CS_FT_LONG,
  CS_FT_DOUBLE,
  CS_FT_CURRENCY,
  CS_FT_PERCENT,
  CS_FT_DATE,
  CS_FT_DATETIME,
  CS_FT_TIME,
  CS_FT_BASE64,
  CS_FT_ADDRESS,
  CS_FT_LOCATION,
  CS_FT_ANYTYPE,
  CS_FT_N_TYPES
} CsFieldType;

const char *cs_field_type_to_string   (CsFieldType  type);
gboolean    cs_field_type_from_string (const char  *name,
                                       CsFieldType *type);
/* Text-like types carry a length; numeric ones a precision and scale. */
gboolean    cs_field_type_is_text     (CsFieldType  type);
gboolean    cs_field_type_is_number   (CsFieldType  type);

/* Field flags. */
enum {
  CS_FF_NILLABLE          = 1u << 0,
  CS_FF_CREATEABLE        = 1u << 1,
  CS_FF_UPDATEABLE        = 1u << 2,
  CS_FF_DEFAULTED         = 1u << 3,   /* defaultedOnCreate */
  CS_FF_ID_LOOKUP         = 1u << 4,
  CS_FF_NAME_FIELD        = 1u << 5,
  CS_FF_UNIQUE            = 1u << 6,
  CS_FF_EXTERNAL_ID       = 1u << 7,
  CS_FF_RESTRICTED        = 1u << 8,   /* restrictedPicklist */
  CS_FF_POLYMORPHIC       = 1u << 9,   /* polymorphicForeignKey + namePointing */
  CS_FF_CALCULATED        = 1u << 10,
  CS_FF_SYSTEM            = 1u << 11,  /* audit/system field: not permissionable */
  CS_FF_XTI_PERSONNAME    = 1u << 12,
  CS_FF_XTI_SWITCHABLE    = 1u << 13,  /* switchablepersonname */
  CS_FF_XTI_PLAINTEXTAREA = 1u << 14,
  CS_FF_XTI_IMAGEURL      = 1u << 15,
  CS_FF_CN_NAME           = 1u << 16,  /* compoundFieldName "Name" */
  CS_FF_CN_FISCAL         = 1u << 17,  /* compoundFieldName "Fiscal" */
  CS_FF_CASCADE_DELETE    = 1u << 18,
  CS_FF_HIDDEN_FROM_SYNC  = 1u << 19,  /* seed FLS: the sync user cannot see it */
};

/* Object flags. */
enum {
  CS_OF_CREATEABLE        = 1u << 0,
  CS_OF_UPDATEABLE        = 1u << 1,
  CS_OF_DELETABLE         = 1u << 2,
  CS_OF_MERGEABLE         = 1u << 3,
  CS_OF_UNDELETABLE       = 1u << 4,
  CS_OF_FEED_ENABLED      = 1u << 5,
  CS_OF_SEARCHABLE        = 1u << 6,
  CS_OF_MRU_ENABLED       = 1u << 7,
  CS_OF_DEEP_CLONEABLE    = 1u << 8,
  CS_OF_RECORD_TYPES      = 1u << 9,
  CS_OF_SEARCH_LAYOUTABLE = 1u << 10,
  CS_OF_CUSTOM            = 1u << 11,
  CS_OF_OWNED             = 1u << 12,  /* has OwnerId: mine/team scopes */
  CS_OF_QUEUE_OWNED       = 1u << 13,  /* queues can own records */
  CS_OF_LIST_VIEWS        = 1u << 14,  /* listviews and approvalLayouts urls */
  CS_OF_USER_LAYOUTS      = 1u << 15,  /* User's namedLayouts/passwordUtilities */
};

/* Object permissions. */
enum {
  CS_PERM_READ   = 1u << 0,
  CS_PERM_CREATE = 1u << 1,
  CS_PERM_EDIT   = 1u << 2,
  CS_PERM_DELETE = 1u << 3,
  CS_PERM_ALL    = 0xf,
};

typedef struct {
  const char *value;
  const char *label;       /* NULL: same as value */
  gboolean    is_default;
} CsPicklistEntry;

typedef struct {
  const CsPicklistEntry *entries;
  guint                  n_entries;
} CsPicklist;

typedef struct {
  char             *name;
  char             *label;
  CsFieldType       type;
  guint             length;      /* text types */
  guint             precision;   /* number types */
  guint             scale;
  guint             digits;      /* int */
  guint32           flags;
  GStrv             reference_to;
  char             *relationship_name;
  char             *child_relationship_name;   /* on the parent's side */
  char             *compound_field_name;
  char             *inline_help_text;
  const CsPicklist *picklist;
  gboolean          visible_to_sync;
} CsPracticeField;

typedef struct {
  char       *name;
  char       *label;
  char       *label_plural;
  char       *key_prefix;
  guint32     flags;
  GPtrArray  *fields;            /* CsPracticeField*, in describe order */
  GHashTable *fields_by_name;    /* lower-case name → CsPracticeField* */
  gint64      last_modified;     /* unix seconds */
  guint       sync_permissions;  /* CS_PERM_* granted to the sync user */
} CsPracticeObject;

typedef struct {
  GPtrArray  *objects;           /* CsPracticeObject*, in describe-global order */
  GHashTable *by_name;           /* lower-case name → CsPracticeObject* */
  GHashTable *describe_cache;    /* "role|version|Object" → JSON text */
  char       *instance_url;      /* for the absolute ui* urls */
  guint       n_generated;       /* Generated_N__c objects so far */
  gint64      clock_offset;      /* seconds the org's clock is ahead of this computer's */
} CsPracticeSchema;

/* The seed's fixed "last modified" time, so that the same seed gives the
 * same org; the first schema edit moves it to now. */
#define CS_PRACTICE_SEED_TIME G_GINT64_CONSTANT (1748779200)   /* 2025-06-01T12:00:00Z */

CsPracticeSchema *cs_practice_schema_new              (void);
/* The org's time, unix seconds: this computer's plus the clock offset. */
gint64            cs_practice_schema_now              (CsPracticeSchema *schema);
void              cs_practice_schema_free             (CsPracticeSchema *schema);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsPracticeSchema, cs_practice_schema_free)

void              cs_practice_schema_set_instance_url (CsPracticeSchema *schema,
                                                       const char       *instance_url);

CsPracticeObject *cs_practice_schema_add_object       (CsPracticeSchema *schema,
                                                       const char       *name,
                                                       const char       *label,
                                                       const char       *label_plural,
                                                       const char       *key_prefix,
                                                       guint32           flags,
                                                       guint             sync_permissions);
/* Takes ownership of @field. */
void              cs_practice_object_add_field        (CsPracticeObject *object,
                                                       CsPracticeField  *field);
void              cs_practice_object_remove_field     (CsPracticeObject *object,
                                                       CsPracticeField  *field);

CsPracticeField  *cs_practice_field_new               (const char       *name,
                                                       const char       *label,
                                                       CsFieldType       type,
                                                       guint32           flags);
void              cs_practice_field_free              (CsPracticeField  *field);
/* Sets length/precision/scale/digits the way @type expects them. */
void              cs_practice_field_set_size          (CsPracticeField  *field,
                                                       guint             length_or_precision,
                                                       guint             scale);

/* Case-insensitive, as the API is. */
CsPracticeObject *cs_practice_schema_lookup           (CsPracticeSchema *schema,
                                                       const char       *name);
CsPracticeField  *cs_practice_object_lookup_field     (CsPracticeObject *object,
                                                       const char       *name);

guint             cs_practice_object_get_permissions  (CsPracticeObject *object,
                                                       CsPracticeRole    role);
gboolean          cs_practice_object_is_visible       (CsPracticeObject *object,
                                                       CsPracticeRole    role);
gboolean          cs_practice_field_is_visible        (CsPracticeField  *field,
                                                       CsPracticeRole    role);

/* Records a schema change: bumps @object's Last-Modified (strictly later
 * than before, so an If-Modified-Since of the old value sees it) and drops
 * cached describes. */
void              cs_practice_schema_touch            (CsPracticeSchema *schema,
                                                       CsPracticeObject *object);

/* GET …/sobjects/{Object}/describe as @role sees it. */
const char       *cs_practice_schema_describe         (CsPracticeSchema *schema,
                                                       CsPracticeObject *object,
                                                       CsPracticeRole    role,
                                                       const char       *version);
/* GET …/sobjects */
char             *cs_practice_schema_describe_global  (CsPracticeSchema *schema,
                                                       CsPracticeRole    role,
                                                       const char       *version);
/* One describe-global entry (also the objectDescribe of GET …/sobjects/X). */
void              cs_practice_schema_write_global_entry (CsPracticeSchema *schema,
                                                         CsJsonWriter     *w,
                                                         CsPracticeObject *object,
                                                         CsPracticeRole    role,
                                                         const char       *version);

G_END_DECLS
