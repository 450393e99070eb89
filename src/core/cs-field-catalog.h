/* cs-field-catalog.h: the fields a connection's sync user can see, recorded
 * permanently in the connection store, as Marketo's field sync keeps them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-connection-store.h"

G_BEGIN_DECLS

typedef enum {
  CS_CATALOG_FIELD_SYNCED,
  CS_CATALOG_FIELD_NO_LONGER_SYNCED,   /* gone from Salesforce or hidden from the sync user */
} CsCatalogFieldStatus;

/* "synced", "no_longer_synced" (as stored, and for scripts). */
const char *cs_catalog_field_status_to_string (CsCatalogFieldStatus status);

/* One recorded field. */
typedef struct {
  char                 *object;
  char                 *api_name;
  char                 *label;             /* as first recorded: relabels are not propagated */
  char                 *salesforce_label;  /* as Salesforce last showed it */
  char                 *type;              /* describe "type": "string", "double", … */
  char                 *previous_type;     /* NULL unless the type changed */
  gboolean              type_changed;
  guint                 length;
  guint                 precision;
  guint                 scale;
  gboolean              custom;
  gint64                first_seen;        /* unix seconds */
  gint64                last_seen;         /* last describe that listed it */
  CsCatalogFieldStatus  status;
} CsCatalogField;

#define CS_TYPE_CATALOG_FIELD (cs_catalog_field_get_type ())
GType           cs_catalog_field_get_type (void);
CsCatalogField *cs_catalog_field_copy     (const CsCatalogField *field);
void            cs_catalog_field_free     (CsCatalogField       *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsCatalogField, cs_catalog_field_free)

/* What one cs_field_catalog_record() did. Each field of a describe that
 * answered 200 counts once in n_new, n_resumed, n_type_changed or
 * n_unchanged; n_no_longer_synced counts recorded fields the describe no
 * longer lists (this run only); n_relabelled, among the others, those
 * whose Salesforce label differs from the recorded one. */
typedef struct {
  guint n_new;
  guint n_unchanged;
  guint n_no_longer_synced;
  guint n_type_changed;
  guint n_resumed;        /* was no longer synced, visible again */
  guint n_relabelled;
} CsFieldSyncCounts;

typedef struct {
  char              *object;
  CsFieldSyncCounts  counts;
} CsFieldSyncObjectSummary;

typedef struct {
  CsFieldSyncCounts  total;
  GPtrArray         *objects;   /* CsFieldSyncObjectSummary*, by object name; only objects that answered 200 */
} CsFieldSyncSummary;

void                      cs_field_sync_summary_clear      (CsFieldSyncSummary *summary);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsFieldSyncSummary, cs_field_sync_summary_clear)
/* NULL when @object did not answer 200 in that run. */
const CsFieldSyncCounts  *cs_field_sync_summary_get_object (const CsFieldSyncSummary *summary,
                                                            const char               *object);

#define CS_TYPE_FIELD_CATALOG (cs_field_catalog_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldCatalog, cs_field_catalog, CS, FIELD_CATALOG, GObject)

/* The catalog lives in @store's database; its tables are created when
 * missing (CREATE TABLE IF NOT EXISTS, independent of the store's own
 * user_version migrations). CS_ERROR_STORE on failure. */
CsFieldCatalog *cs_field_catalog_new           (CsConnectionStore   *store,
                                                GError             **error);

/* Records @describes (object API name → JsonNode describe, or NULL for an
 * object that answered 304 Not Modified), as
 * cs_salesforce_client_describe_many_finish() returns them, in one
 * transaction. Append-only: no row is ever deleted. A recorded field
 * missing from its object's describe becomes "no longer synced"; a type
 * change is recorded (previous type kept) and flagged; a label change is not
 * propagated; a new API name is a new field; an object that answered 304 is
 * not touched. When nothing changed, nothing is written.
 *
 * @described_at: when the describes were requested (NULL: now); the next
 * If-Modified-Since is taken from it. @summary may be NULL; otherwise it is
 * filled (clear it with cs_field_sync_summary_clear()). */
gboolean        cs_field_catalog_record        (CsFieldCatalog      *self,
                                                const char          *connection_id,
                                                GHashTable          *describes,
                                                GDateTime           *described_at,
                                                CsFieldSyncSummary  *summary,
                                                GError             **error);

/* Recorded fields (element type CsCatalogField), by object then API name;
 * only @object's when not NULL. */
GPtrArray      *cs_field_catalog_list          (CsFieldCatalog      *self,
                                                const char          *connection_id,
                                                const char          *object,
                                                GError             **error);

/* The objects recorded for the connection, sorted, NULL-terminated. */
GStrv           cs_field_catalog_list_objects  (CsFieldCatalog      *self,
                                                const char          *connection_id,
                                                GError             **error);

/* Number of rows recorded for the connection (all statuses). */
gint64          cs_field_catalog_count         (CsFieldCatalog      *self,
                                                const char          *connection_id,
                                                GError             **error);

/* The If-Modified-Since to describe @objects with next time: one second
 * before the oldest time any of them was last recorded (describes have
 * one-second Last-Modified dates, and an edit in the same second as the
 * describe must not be missed). NULL without error when one of @objects
 * was never recorded (describe it in full) or nothing was recorded for
 * the connection. @objects NULL: all objects recorded for the connection. */
GDateTime      *cs_field_catalog_get_last_sync (CsFieldCatalog      *self,
                                                const char          *connection_id,
                                                const char * const  *objects,
                                                GError             **error);

/* When the connection's fields were last recorded (unix seconds, this
 * computer's clock), 0 when never, -1 on failure. */
gint64          cs_field_catalog_get_last_recorded (CsFieldCatalog  *self,
                                                    const char      *connection_id,
                                                    GError         **error);

/* Deletes every row of the connection, in one transaction. Only for a
 * connection being forgotten (cs_connection_vault_forget_async()): while
 * the connection exists, no row is ever deleted. */
gboolean        cs_field_catalog_forget        (CsFieldCatalog      *self,
                                                const char          *connection_id,
                                                GError             **error);

G_END_DECLS
