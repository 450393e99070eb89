/* cs-practice-records.h: what happens to the practice org's records after
 * the seed — created, updated and deleted through the REST API or by the
 * churn — kept as an overlay over CsPracticeData's seeded records and
 * generated leads, so that a million generated leads still cost no memory
 * until one of them changes; and the log of deletions that
 * sobjects/{type}/deleted/ answers from.
 *
 * Every write keeps SystemModstamp, LastModifiedDate and LastModifiedById
 * as Salesforce does (a deletion too moves SystemModstamp).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cs-practice-data.h"
#include "cs-practice-schema.h"

G_BEGIN_DECLS

/* Salesforce keeps deleted record ids for getDeleted about 30 days. */
#define CS_PRACTICE_DELETED_RETENTION (30 * 24 * 3600)

CsPracticeRecords *cs_practice_records_new            (void);
void               cs_practice_records_free           (CsPracticeRecords *records);

/* For cs-practice-data.c. Whether the overlay decides @field of the record
 * at @index; then *@value is its value (transfer full), NULL for null. */
gboolean           cs_practice_records_lookup         (CsPracticeRecords *records,
                                                       const char        *object_name,
                                                       guint              index,
                                                       const char        *field,
                                                       JsonNode         **value);
guint              cs_practice_records_count_created  (CsPracticeRecords *records,
                                                       const char        *object_name);
/* A record created after the seed, by its 15- or 18-character id. */
gboolean           cs_practice_records_find           (CsPracticeRecords *records,
                                                       const char        *id,
                                                       const char       **object_name,
                                                       guint             *index);

/* Writes. @values maps field API names (as the schema spells them) to
 * JsonNode values, a NULL value meaning null; they are copied. @user_id is
 * who writes; @now the org's time, unix seconds. The caller validated
 * them. Returns the new record's 18-character id. */
char              *cs_practice_data_create_record     (CsPracticeData    *data,
                                                       CsPracticeObject  *object,
                                                       GHashTable        *values,
                                                       const char        *user_id,
                                                       gint64             now);
void               cs_practice_data_update_record     (CsPracticeData    *data,
                                                       CsPracticeObject  *object,
                                                       guint              index,
                                                       GHashTable        *values,
                                                       const char        *user_id,
                                                       gint64             now);
/* Moves the record to the recycle bin: IsDeleted becomes true (queryAll
 * still returns it, query no longer does) and the deletion is logged. */
void               cs_practice_data_delete_record     (CsPracticeData    *data,
                                                       CsPracticeObject  *object,
                                                       guint              index,
                                                       const char        *user_id,
                                                       gint64             now);
gboolean           cs_practice_data_is_deleted        (CsPracticeData    *data,
                                                       const char        *object_name,
                                                       guint              index);
/* Whether a query answers the record: not purged, and not deleted unless
 * @include_deleted (queryAll). */
gboolean           cs_practice_data_is_listed         (CsPracticeData    *data,
                                                       const char        *object_name,
                                                       guint              index,
                                                       gboolean           include_deleted);
/* Emptied from the recycle bin: not even queryAll returns it. */
gboolean           cs_practice_data_is_purged         (CsPracticeData    *data,
                                                       const char        *object_name,
                                                       guint              index);

typedef struct {
  char   *id;            /* 18 characters */
  gint64  deleted_at;    /* unix seconds */
} CsPracticeDeletion;

/* The deletions of @object_name logged at @start ≤ time < @end, oldest
 * first (element type CsPracticeDeletion, owned by the array). */
GPtrArray         *cs_practice_data_list_deleted      (CsPracticeData    *data,
                                                       const char        *object_name,
                                                       gint64             start,
                                                       gint64             end);
/* The oldest time the deletion log still covers: deletions before it were
 * purged (by time, or by cs_practice_data_purge_deleted()). */
gint64             cs_practice_data_get_earliest_deleted (CsPracticeData *data,
                                                          gint64          now);
/* Empties the recycle bin and forgets the deletions logged before @before,
 * as Salesforce does after its retention: records deleted since then are
 * gone for queryAll, and getDeleted no longer covers the time before. */
void               cs_practice_data_purge_deleted     (CsPracticeData    *data,
                                                       gint64             before);

/* A record's SystemModstamp, unix seconds (0 when it has none). */
gint64             cs_practice_data_get_modstamp      (CsPracticeData    *data,
                                                       const char        *object_name,
                                                       guint              index);

G_END_DECLS
