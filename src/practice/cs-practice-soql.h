/* cs-practice-soql.h: the subset of SOQL the practice org answers.
 *
 *   SELECT f1, f2, Rel.Field FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC]
 *     [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]
 *   SELECT COUNT() FROM Obj [WHERE cond]
 *   SELECT COUNT(Field) [alias] FROM Obj [WHERE cond]
 *
 * cond: comparisons (= != <> < <= > >= LIKE IN NOT IN) joined by AND, OR,
 * NOT and parentheses. Field names are case-insensitive; fields the caller
 * cannot see are reported as not existing, like the real API does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-practice-data.h"
#include "cs-practice-schema.h"
#include "cs-practice-util.h"

G_BEGIN_DECLS

#define CS_SOQL_ERROR (cs_soql_error_quark ())

/* Salesforce refuses longer statements with MALFORMED_QUERY. */
#define CS_SOQL_MAX_LENGTH  100000
/* Parentheses and NOTs nested deeper than this are QUERY_TOO_COMPLICATED:
 * no real filter comes near it, and each level costs stack. */
#define CS_SOQL_MAX_NESTING 100

typedef enum {
  CS_SOQL_ERROR_MALFORMED_QUERY,
  CS_SOQL_ERROR_INVALID_FIELD,
  CS_SOQL_ERROR_INVALID_TYPE,
  CS_SOQL_ERROR_INVALID_FILTER,
  CS_SOQL_ERROR_TOO_COMPLICATED,
} CsSoqlError;

GQuark        cs_soql_error_quark          (void);
/* The REST errorCode for a CS_SOQL_ERROR: "MALFORMED_QUERY", … */
const char   *cs_soql_error_code           (const GError   *error);

typedef struct _CsSoqlResult CsSoqlResult;

CsSoqlResult *cs_soql_run                  (CsPracticeSchema *schema,
                                            CsPracticeData   *data,
                                            CsPracticeRole    role,
                                            const char       *soql,
                                            GError          **error);
/* The same; @include_deleted (queryAll) also answers the records in the
 * recycle bin, with IsDeleted true. */
CsSoqlResult *cs_soql_run_full             (CsPracticeSchema *schema,
                                            CsPracticeData   *data,
                                            CsPracticeRole    role,
                                            const char       *soql,
                                            gboolean          include_deleted,
                                            GError          **error);
void          cs_soql_result_free          (CsSoqlResult   *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSoqlResult, cs_soql_result_free)

/* totalSize of the answer. */
guint         cs_soql_result_get_total     (CsSoqlResult   *result);
/* Records the answer lists: 0 for COUNT(), which only has a totalSize. */
guint         cs_soql_result_get_n_records (CsSoqlResult   *result);
/* The members of a "columns=true" answer (columnMetadata, entityName,
 * groupBy, idSelected, keyPrefix), written into an open object. */
void          cs_soql_result_write_columns (CsSoqlResult   *result,
                                            CsJsonWriter   *w);
/* Writes records [@offset, @offset + @count) as JSON array elements. */
void          cs_soql_result_write_records (CsSoqlResult   *result,
                                            CsPracticeData *data,
                                            const char     *version,
                                            guint           offset,
                                            guint           count,
                                            CsJsonWriter   *w);

/* For Bulk API 2.0 query jobs (cs-practice-bulk.c). */
/* COUNT() or an aggregate: Bulk API 2.0 refuses them. */
gboolean      cs_soql_result_is_aggregate  (CsSoqlResult   *result);
/* A compound field (address, location) is selected: Bulk API 2.0 refuses
 * them too. */
gboolean      cs_soql_result_has_compound  (CsSoqlResult   *result);
/* The CSV header line then records [@offset, @offset + @count), every
 * value quoted, nulls empty, datetimes as "…T12:00:00.000Z", LF line
 * endings, relationship fields as "Owner.Name" columns. */
void          cs_soql_result_write_csv     (CsSoqlResult   *result,
                                            CsPracticeData *data,
                                            guint           offset,
                                            guint           count,
                                            GString        *out);

G_END_DECLS
