/* cs-practice-data.h: the practice org's users and records.
 *
 * Leads are generated on demand from their index (deterministic names,
 * e-mails and companies), so that scale tests with tens of thousands of
 * leads cost no memory; the other records are a small fixed set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cs-practice-schema.h"

G_BEGIN_DECLS

typedef struct {
  CsPracticeRole  role;
  char           *id;             /* 18 chars, 005… */
  char           *username;
  char           *password;       /* NULL: cannot log in */
  char           *first_name;
  char           *last_name;
  char           *email;
  char           *alias;
  char           *nickname;
  char           *title;
  char           *profile_id;
  char           *profile_name;
  gboolean        modify_all_data;
} CsPracticeUser;

void            cs_practice_user_free       (CsPracticeUser *user);
/* "First Last" */
char           *cs_practice_user_get_name   (CsPracticeUser *user);

typedef struct _CsPracticeData CsPracticeData;

/* The seeded users (sync user first, then the administrator, then a
 * standard user who cannot log in) and records. */
CsPracticeData *cs_practice_data_new        (guint            n_leads);
void            cs_practice_data_free       (CsPracticeData  *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsPracticeData, cs_practice_data_free)

GPtrArray      *cs_practice_data_get_users  (CsPracticeData  *data);
CsPracticeUser *cs_practice_data_find_user  (CsPracticeData  *data,
                                             const char      *username_or_id);

guint           cs_practice_data_count      (CsPracticeData  *data,
                                             const char      *object_name);
/* A field's value (transfer full), NULL when the field is null. */
JsonNode       *cs_practice_data_get        (CsPracticeData  *data,
                                             const char      *object_name,
                                             guint            index,
                                             const char      *field_name);
/* The org's one Organization row (a production org, not a sandbox nor a
 * trial), created or renamed to @org_id. */
void            cs_practice_data_set_organization (CsPracticeData *data,
                                                   const char     *org_id,
                                                   const char     *name);
/* Changes since the seed (cs-practice-records.h). */
typedef struct _CsPracticeRecords CsPracticeRecords;
CsPracticeRecords *cs_practice_data_get_records (CsPracticeData *data);

/* Finds a record by its 15- or 18-char id. */
gboolean        cs_practice_data_find       (CsPracticeData  *data,
                                             const char      *id,
                                             const char     **object_name,
                                             guint           *index);

G_END_DECLS
