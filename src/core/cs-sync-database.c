/* cs-sync-database.c: a connection's sync database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cs-error.h"
#include "cs-file-util.h"
#include "cs-sqlite-util.h"
#include "cs-sync-database-private.h"

#define SCHEMA_VERSION   1
#define BUSY_TIMEOUT_MS  5000

/* The sync's own tables. A later version adds to them idempotently and
 * bumps SCHEMA_VERSION; an older program refuses a newer file. */
static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS _sync_meta ("
  "  key    TEXT PRIMARY KEY NOT NULL,"
  "  value  TEXT"
  ");"
  "CREATE TABLE IF NOT EXISTS _sync_objects ("
  "  object           TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,"
  "  state            TEXT NOT NULL DEFAULT 'new',"
  "  watermark        TEXT,"
  "  watermark_id     TEXT,"
  "  load_kind        TEXT,"
  "  load_started     TEXT,"
  "  bulk_job         TEXT,"
  "  bulk_locator     TEXT,"
  "  deleted_covered  TEXT,"
  "  last_synced      INTEGER NOT NULL DEFAULT 0,"
  "  needs_reload     INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE IF NOT EXISTS _sync_columns ("
  "  object   TEXT NOT NULL COLLATE NOCASE,"
  "  field    TEXT NOT NULL COLLATE NOCASE,"
  "  type     TEXT NOT NULL,"
  "  storage  TEXT NOT NULL,"
  "  added    INTEGER NOT NULL,"
  "  synced   INTEGER NOT NULL DEFAULT 1,"
  "  PRIMARY KEY (object, field)"
  ") WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS _sync_cycles ("
  "  id             INTEGER PRIMARY KEY,"
  "  started        INTEGER NOT NULL,"
  "  ended          INTEGER NOT NULL DEFAULT 0,"
  "  outcome        TEXT NOT NULL DEFAULT 'running',"
  "  error_code     TEXT,"
  "  message        TEXT,"
  "  records        INTEGER NOT NULL DEFAULT 0,"
  "  deleted        INTEGER NOT NULL DEFAULT 0,"
  "  record_errors  INTEGER NOT NULL DEFAULT 0,"
  "  api_calls      INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE IF NOT EXISTS _sync_issues ("
  "  id         INTEGER PRIMARY KEY,"
  "  time       INTEGER NOT NULL,"
  "  cycle      INTEGER NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  object     TEXT,"
  "  record_id  TEXT,"
  "  code       TEXT,"
  "  message    TEXT NOT NULL"
  ");"
  "CREATE INDEX IF NOT EXISTS _sync_issues_time ON _sync_issues (time);";

struct _CsSyncDatabase
{
  GObject  parent_instance;

  char     *path;
  CsSqlite  sqlite;
};

G_DEFINE_FINAL_TYPE (CsSyncDatabase, cs_sync_database, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CsSyncCycle, cs_sync_cycle, cs_sync_cycle_copy, cs_sync_cycle_free)
G_DEFINE_BOXED_TYPE (CsSyncObjectCount, cs_sync_object_count,
                     cs_sync_object_count_copy, cs_sync_object_count_free)

/* ---- boxed types and names ---------------------------------------------------- */

static const char * const outcome_names[] = {
  [CS_SYNC_OUTCOME_RUNNING] = "running",
  [CS_SYNC_OUTCOME_COMPLETED] = "completed",
  [CS_SYNC_OUTCOME_FAILED] = "failed",
  [CS_SYNC_OUTCOME_STOPPED_API_LIMIT] = "stopped-api-limit",
  [CS_SYNC_OUTCOME_PAUSED] = "paused",
  [CS_SYNC_OUTCOME_CANCELLED] = "cancelled",
  [CS_SYNC_OUTCOME_INTERRUPTED] = "interrupted",
};

const char *
cs_sync_outcome_to_string (CsSyncOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_names), "failed");
  return outcome_names[outcome];
}

const char *
cs_sync_outcome_get_label (CsSyncOutcome outcome)
{
  switch (outcome)
    {
    case CS_SYNC_OUTCOME_RUNNING:           return _("running");
    case CS_SYNC_OUTCOME_COMPLETED:         return _("completed");
    case CS_SYNC_OUTCOME_STOPPED_API_LIMIT: return _("stopped at the API reserve");
    case CS_SYNC_OUTCOME_PAUSED:            return _("paused");
    case CS_SYNC_OUTCOME_CANCELLED:         return _("cancelled");
    case CS_SYNC_OUTCOME_INTERRUPTED:       return _("interrupted");
    case CS_SYNC_OUTCOME_FAILED:
    default:                                return _("failed");
    }
}

CsSyncOutcome
cs_sync_outcome_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (text, outcome_names[i]) == 0)
      return (CsSyncOutcome) i;
  return CS_SYNC_OUTCOME_FAILED;
}

CsSyncCycle *
cs_sync_cycle_copy (const CsSyncCycle *cycle)
{
  CsSyncCycle *copy;

  g_return_val_if_fail (cycle != NULL, NULL);

  copy = g_memdup2 (cycle, sizeof *cycle);
  copy->error_code = g_strdup (cycle->error_code);
  copy->message = g_strdup (cycle->message);
  return copy;
}

void
cs_sync_cycle_free (CsSyncCycle *cycle)
{
  if (cycle == NULL)
    return;
  g_free (cycle->error_code);
  g_free (cycle->message);
  g_free (cycle);
}

CsSyncObjectCount *
cs_sync_object_count_copy (const CsSyncObjectCount *count)
{
  CsSyncObjectCount *copy;

  g_return_val_if_fail (count != NULL, NULL);

  copy = g_memdup2 (count, sizeof *count);
  copy->object = g_strdup (count->object);
  copy->watermark = g_strdup (count->watermark);
  return copy;
}

void
cs_sync_object_count_free (CsSyncObjectCount *count)
{
  if (count == NULL)
    return;
  g_free (count->object);
  g_free (count->watermark);
  g_free (count);
}

void
cs_sync_object_row_free (CsSyncObjectRow *row)
{
  if (row == NULL)
    return;
  g_free (row->object);
  g_free (row->watermark);
  g_free (row->watermark_id);
  g_free (row->load_kind);
  g_free (row->load_started);
  g_free (row->bulk_job);
  g_free (row->bulk_locator);
  g_free (row->deleted_covered);
  g_free (row);
}

/* ---- times ------------------------------------------------------------------------ */

char *
cs_sync_format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000Z") : NULL;
}

gint64
cs_sync_parse_time (const char *text)
{
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time != NULL ? g_date_time_to_unix (time) : 0;
}

char *
cs_sync_normalize_datetime (const char *text,
                            gsize       length)
{
  g_autofree char *copy = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;

  /* What Salesforce sends: "…T12:00:00.000+0000" (REST) or "…Z" (CSV). */
  if (length == 28 && text[10] == 'T' && memcmp (text + 23, "+0000", 5) == 0)
    {
      char *normalized = g_strndup (text, 24);

      normalized[23] = 'Z';
      return normalized;
    }
  if (length == 24 && text[10] == 'T' && text[19] == '.' && text[23] == 'Z')
    return g_strndup (text, length);

  copy = g_strndup (text, length);
  time = g_date_time_new_from_iso8601 (copy, NULL);
  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

/* ---- SQLite ------------------------------------------------------------------------ */

/* The sync database's failures. */
static void
sync_database_set_error (gpointer          owner,
                         CsSqliteFailure   failure,
                         const char       *detail,
                         GError          **error)
{
  CsSyncDatabase *self = owner;

  switch (failure)
    {
    case CS_SQLITE_FAILURE_IN_USE:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The sync database %s is in use by another program. Wait for it to "
                     "finish, then try again."), self->path);
      break;
    case CS_SQLITE_FAILURE_DISK_FULL:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The disk holding the sync database %s is full. Free some space, then "
                     "sync again: it resumes where it stopped."), self->path);
      break;
    case CS_SQLITE_FAILURE_DAMAGED:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The sync database %s is damaged. Delete it (with its -wal and -shm "
                     "files) and sync again to load a new copy."), self->path);
      break;
    case CS_SQLITE_FAILURE_NOT_WRITABLE:
    case CS_SQLITE_FAILURE_OTHER:
    default:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The sync database %s could not be read or written (%s). Check that "
                     "the file and its folder are writable, then try again."),
                   self->path, detail);
      break;
    }
}

void
cs_sync_database_set_error (CsSyncDatabase  *self,
                            int              rc,
                            GError         **error)
{
  cs_sqlite_set_error (&self->sqlite, rc, error);
}

gboolean
cs_sync_database_exec (CsSyncDatabase  *self,
                       const char      *sql,
                       GError         **error)
{
  return cs_sqlite_exec (&self->sqlite, sql, error);
}

sqlite3_stmt *
cs_sync_database_prepare (CsSyncDatabase  *self,
                          const char      *sql,
                          GError         **error)
{
  return cs_sqlite_prepare (&self->sqlite, sql, 0, error);
}

gboolean
cs_sync_database_begin (CsSyncDatabase  *self,
                        GError         **error)
{
  return cs_sync_database_exec (self, "BEGIN IMMEDIATE;", error);
}

gboolean
cs_sync_database_commit (CsSyncDatabase  *self,
                         GError         **error)
{
  if (cs_sync_database_exec (self, "COMMIT;", error))
    return TRUE;
  cs_sync_database_rollback (self);
  return FALSE;
}

void
cs_sync_database_rollback (CsSyncDatabase *self)
{
  if (!sqlite3_get_autocommit (self->sqlite.db))
    sqlite3_exec (self->sqlite.db, "ROLLBACK;", NULL, NULL, NULL);
}

sqlite3 *
cs_sync_database_get_db (CsSyncDatabase *self)
{
  return self->sqlite.db;
}

/* ---- opening --------------------------------------------------------------------------- */

static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  g_autofree char *folder = NULL;
  int fd = cs_file_open_private (path, &folder);
  int saved_errno = errno;

  if (fd >= 0)
    {
      close (fd);
      return TRUE;
    }
  if (folder != NULL)
    g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                 _("Could not create the folder %s (%s). Check that its parent folder is "
                   "writable, then try again."), folder, g_strerror (saved_errno));
  else
    g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                 _("Could not open the sync database %s (%s). Check that it and its folder "
                   "are writable, then try again."), path, g_strerror (saved_errno));
  return FALSE;
}

/* *@current: the file is at this version already (no schema to write). */
static gboolean
check_version (CsSyncDatabase  *self,
               gboolean        *current,
               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = cs_sync_database_prepare (self, "PRAGMA user_version;", error);
  int version;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      cs_sync_database_set_error (self, sqlite3_errcode (self->sqlite.db), error);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  *current = version == SCHEMA_VERSION;
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The sync database %s was written by a newer version of CRM Sync Setup. "
                     "Update CRM Sync Setup, then try again."), self->path);
      return FALSE;
    }
  return TRUE;
}

/* Making a new database WAL needs it to itself for a moment, and SQLite
 * answers SQLITE_BUSY at once, without its busy handler, when another
 * connection (the status view's, a cycle's) opens it at the same time:
 * ask again for as long as the busy handler would wait. */
static gboolean
switch_to_wal (CsSyncDatabase  *self,
               GError         **error)
{
  const guint step_ms = 10;
  int rc;

  for (guint waited_ms = 0;; waited_ms += step_ms)
    {
      rc = sqlite3_exec (self->sqlite.db, "PRAGMA journal_mode = WAL;", NULL, NULL, NULL);
      if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
        break;
      g_usleep (step_ms * 1000);
    }
  if (rc != SQLITE_OK)
    {
      cs_sync_database_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_database (CsSyncDatabase  *self,
               GError         **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->sqlite.db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                            NULL);
  gboolean current = FALSE;

  if (rc != SQLITE_OK)
    {
      cs_sync_database_set_error (self, rc, error);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->sqlite.db, 1);
  sqlite3_busy_timeout (self->sqlite.db, BUSY_TIMEOUT_MS);

  /* WAL: a kill -9 at any moment leaves the last committed page, and the
   * status view reads while a cycle writes. NORMAL survives a killed
   * process; a power cut may lose the last pages, which the next cycle
   * fetches again since their progress was lost with them. */
  if (!switch_to_wal (self, error) ||
      !cs_sync_database_exec (self, "PRAGMA synchronous = NORMAL;", error) ||
      !check_version (self, &current, error))
    return FALSE;
  /* A reader (the status view) need not wait for a writing cycle. */
  if (current)
    return TRUE;

  if (!cs_sync_database_begin (self, error))
    return FALSE;
  if (!cs_sync_database_exec (self, schema_sql, error) ||
      !cs_sync_database_exec (self, "PRAGMA user_version = 1;", error))
    {
      cs_sync_database_rollback (self);
      return FALSE;
    }
  return cs_sync_database_commit (self, error);
}

static void
cs_sync_database_finalize (GObject *object)
{
  CsSyncDatabase *self = CS_SYNC_DATABASE (object);

  if (self->sqlite.db != NULL)
    sqlite3_close_v2 (self->sqlite.db);
  g_free (self->path);

  G_OBJECT_CLASS (cs_sync_database_parent_class)->finalize (object);
}

static void
cs_sync_database_class_init (CsSyncDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_sync_database_finalize;
}

static void
cs_sync_database_init (CsSyncDatabase *self)
{
  self->sqlite = (CsSqlite) {
    .name = "the sync database",
    .set_error = sync_database_set_error,
    .owner = self,
  };
}

char *
cs_sync_database_path_for (const char *store_path,
                           const char *connection_id)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);

  folder = g_path_get_dirname (store_path);
  name = g_strdup_printf ("sync-%s.db", connection_id);
  return g_build_filename (folder, name, NULL);
}

CsSyncDatabase *
cs_sync_database_open (const char  *path,
                       GError     **error)
{
  g_autoptr(CsSyncDatabase) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CS_TYPE_SYNC_DATABASE, NULL);
  self->path = g_strdup (path);
  if (!prepare_file (path, error) || !open_database (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

CsSyncDatabase *
cs_sync_database_open_existing (const char  *path,
                                GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return cs_sync_database_open (path, error);
}

const char *
cs_sync_database_get_path (CsSyncDatabase *self)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), NULL);
  return self->path;
}

gboolean
cs_sync_database_delete_files (const char  *store_path,
                               const char  *connection_id,
                               GError     **error)
{
  g_autofree char *path = NULL;
  const char *suffixes[] = { "", "-wal", "-shm", ".lock" };

  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (connection_id != NULL, FALSE);

  path = cs_sync_database_path_for (store_path, connection_id);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                       _("Could not delete %s (%s). Check that its folder is writable, then "
                         "try again."), file, g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- settings ------------------------------------------------------------------------------ */

static char *
meta_get (CsSyncDatabase *self,
          const char     *key)
{
  g_autoptr(sqlite3_stmt) stmt = cs_sync_database_prepare (self, "SELECT value FROM _sync_meta WHERE key = ?1;", NULL);

  if (stmt == NULL)
    return NULL;
  cs_sqlite_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return cs_sqlite_column_dup_text (stmt, 0);
}

static gboolean
meta_set (CsSyncDatabase  *self,
          const char      *key,
          const char      *value,
          GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    cs_sync_database_prepare (self, "INSERT INTO _sync_meta (key, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value;", error);

  if (stmt == NULL)
    return FALSE;
  cs_sqlite_bind_text (stmt, 1, key);
  cs_sqlite_bind_text (stmt, 2, value);
  return cs_sqlite_step_done (&self->sqlite, stmt, error);
}

static gint64
meta_get_int (CsSyncDatabase *self,
              const char     *key,
              gint64          fallback)
{
  g_autofree char *value = meta_get (self, key);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
    return fallback;
  return number;
}

static gboolean
meta_set_int (CsSyncDatabase  *self,
              const char      *key,
              gint64           value,
              GError         **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return meta_set (self, key, text, error);
}

gboolean
cs_sync_database_get_paused (CsSyncDatabase *self)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), FALSE);
  return meta_get_int (self, "paused", 0) != 0;
}

gboolean
cs_sync_database_set_paused (CsSyncDatabase  *self,
                             gboolean         paused,
                             GError         **error)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), FALSE);
  return meta_set_int (self, "paused", paused ? 1 : 0, error);
}

guint
cs_sync_database_get_api_reserve_percent (CsSyncDatabase *self)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), CS_SYNC_DEFAULT_API_RESERVE_PERCENT);
  return (guint) CLAMP (meta_get_int (self, "api_reserve_percent", CS_SYNC_DEFAULT_API_RESERVE_PERCENT),
                        0, 90);
}

gboolean
cs_sync_database_set_api_reserve_percent (CsSyncDatabase  *self,
                                          guint            percent,
                                          GError         **error)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), FALSE);

  if (percent > 90)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("The API reserve is a share of the daily limit from 0 to 90 percent; "
                     "%u is too much."), percent);
      return FALSE;
    }
  return meta_set_int (self, "api_reserve_percent", percent, error);
}

guint
cs_sync_database_get_bulk_threshold (CsSyncDatabase *self)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), CS_SYNC_DEFAULT_BULK_THRESHOLD);
  return (guint) CLAMP (meta_get_int (self, "bulk_threshold", CS_SYNC_DEFAULT_BULK_THRESHOLD),
                        1, G_MAXUINT);
}

gboolean
cs_sync_database_set_bulk_threshold (CsSyncDatabase  *self,
                                     guint            threshold,
                                     GError         **error)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), FALSE);
  return meta_set_int (self, "bulk_threshold", MAX (threshold, 1), error);
}

guint
cs_sync_database_get_bulk_page_records (CsSyncDatabase *self)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), CS_SYNC_DEFAULT_BULK_PAGE_RECORDS);
  return (guint) CLAMP (meta_get_int (self, "bulk_page_records", CS_SYNC_DEFAULT_BULK_PAGE_RECORDS),
                        100, G_MAXUINT);
}

gboolean
cs_sync_database_set_bulk_page_records (CsSyncDatabase  *self,
                                        guint            records,
                                        GError         **error)
{
  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), FALSE);
  return meta_set_int (self, "bulk_page_records", MAX (records, 100), error);
}

gint64
cs_sync_database_get_clock_offset (CsSyncDatabase *self)
{
  return meta_get_int (self, "clock_offset", 0);
}

gboolean
cs_sync_database_set_clock_offset (CsSyncDatabase  *self,
                                   gint64           offset,
                                   GError         **error)
{
  return meta_set_int (self, "clock_offset", offset, error);
}

/* ---- objects ------------------------------------------------------------------------------- */

static const char * const object_state_names[] = {
  [CS_SYNC_OBJECT_NEW] = "new",
  [CS_SYNC_OBJECT_LOADING] = "loading",
  [CS_SYNC_OBJECT_SYNCED] = "synced",
};

static CsSyncObjectState
object_state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (object_state_names); i++)
    if (g_strcmp0 (text, object_state_names[i]) == 0)
      return (CsSyncObjectState) i;
  return CS_SYNC_OBJECT_NEW;
}

#define OBJECT_COLUMNS \
  "object, state, watermark, watermark_id, load_kind, load_started, bulk_job, bulk_locator, " \
  "deleted_covered, last_synced, needs_reload"

static CsSyncObjectRow *
object_row_from_stmt (sqlite3_stmt *stmt)
{
  CsSyncObjectRow *row = g_new0 (CsSyncObjectRow, 1);

  row->object = cs_sqlite_column_dup_text (stmt, 0);
  row->state = object_state_from_string ((const char *) sqlite3_column_text (stmt, 1));
  row->watermark = cs_sqlite_column_dup_text (stmt, 2);
  row->watermark_id = cs_sqlite_column_dup_text (stmt, 3);
  row->load_kind = cs_sqlite_column_dup_text (stmt, 4);
  row->load_started = cs_sqlite_column_dup_text (stmt, 5);
  row->bulk_job = cs_sqlite_column_dup_text (stmt, 6);
  row->bulk_locator = cs_sqlite_column_dup_text (stmt, 7);
  row->deleted_covered = cs_sqlite_column_dup_text (stmt, 8);
  row->last_synced = sqlite3_column_int64 (stmt, 9);
  row->needs_reload = sqlite3_column_int (stmt, 10) != 0;
  return row;
}

CsSyncObjectRow *
cs_sync_database_get_object (CsSyncDatabase  *self,
                             const char      *object,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    cs_sync_database_prepare (self, "SELECT " OBJECT_COLUMNS " FROM _sync_objects WHERE object = ?1;",
                              error);
  CsSyncObjectRow *row;
  int rc;

  if (stmt == NULL)
    return NULL;
  cs_sqlite_bind_text (stmt, 1, object);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return object_row_from_stmt (stmt);
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (self, rc, error);
      return NULL;
    }

  row = g_new0 (CsSyncObjectRow, 1);
  row->object = g_strdup (object);
  row->state = CS_SYNC_OBJECT_NEW;
  return row;
}

gboolean
cs_sync_database_save_object (CsSyncDatabase   *self,
                              CsSyncObjectRow  *row,
                              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    cs_sync_database_prepare (self,
                              "INSERT OR REPLACE INTO _sync_objects (" OBJECT_COLUMNS ") "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);", error);

  if (stmt == NULL)
    return FALSE;
  cs_sqlite_bind_text (stmt, 1, row->object);
  cs_sqlite_bind_text (stmt, 2, object_state_names[row->state]);
  cs_sqlite_bind_text (stmt, 3, row->watermark);
  cs_sqlite_bind_text (stmt, 4, row->watermark_id);
  cs_sqlite_bind_text (stmt, 5, row->load_kind);
  cs_sqlite_bind_text (stmt, 6, row->load_started);
  cs_sqlite_bind_text (stmt, 7, row->bulk_job);
  cs_sqlite_bind_text (stmt, 8, row->bulk_locator);
  cs_sqlite_bind_text (stmt, 9, row->deleted_covered);
  sqlite3_bind_int64 (stmt, 10, row->last_synced);
  sqlite3_bind_int (stmt, 11, row->needs_reload ? 1 : 0);
  return cs_sqlite_step_done (&self->sqlite, stmt, error);
}

char *
cs_sync_quote_identifier (const char *name)
{
  g_autoptr(GString) quoted = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static gboolean
count_rows (CsSyncDatabase     *self,
            CsSyncObjectCount  *count,
            GError            **error)
{
  g_autofree char *table = cs_sync_quote_identifier (count->object);
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*), TOTAL(_sync_deleted) FROM %s;", table);
  sqlite3_stmt *raw = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* No table yet (its first cycle failed early): no rows. */
  if (sqlite3_prepare_v2 (self->sqlite.db, sql, -1, &raw, NULL) != SQLITE_OK)
    return TRUE;
  stmt = raw;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      cs_sync_database_set_error (self, sqlite3_errcode (self->sqlite.db), error);
      return FALSE;
    }
  count->deleted = (gint64) sqlite3_column_double (stmt, 1);
  count->live = sqlite3_column_int64 (stmt, 0) - count->deleted;
  return TRUE;
}

GPtrArray *
cs_sync_database_list_objects (CsSyncDatabase  *self,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), NULL);

  stmt = cs_sync_database_prepare (self, "SELECT " OBJECT_COLUMNS " FROM _sync_objects "
                                         "ORDER BY object;", error);
  if (stmt == NULL)
    return NULL;

  counts = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_object_count_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CsSyncObjectRow) row = object_row_from_stmt (stmt);
      CsSyncObjectCount *count = g_new0 (CsSyncObjectCount, 1);

      count->object = g_strdup (row->object);
      count->state = row->state;
      count->last_synced = row->last_synced;
      count->watermark = g_strdup (row->watermark);
      g_ptr_array_add (counts, count);
    }
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (self, rc, error);
      return NULL;
    }

  for (guint i = 0; i < counts->len; i++)
    if (!count_rows (self, g_ptr_array_index (counts, i), error))
      return NULL;
  return g_steal_pointer (&counts);
}

/* ---- cycles and issues --------------------------------------------------------------------- */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
cs_sync_database_start_cycle (CsSyncDatabase  *self,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!cs_sync_database_exec (self, "UPDATE _sync_cycles SET outcome = 'interrupted' "
                                    "WHERE outcome = 'running';", error))
    return 0;
  stmt = cs_sync_database_prepare (self, "INSERT INTO _sync_cycles (started) VALUES (?1);", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  if (!cs_sqlite_step_done (&self->sqlite, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->sqlite.db);
}

gboolean
cs_sync_database_end_cycle (CsSyncDatabase     *self,
                            const CsSyncCycle  *cycle,
                            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    cs_sync_database_prepare (self,
                              "UPDATE _sync_cycles SET ended = ?2, outcome = ?3, error_code = ?4, "
                              "  message = ?5, records = ?6, deleted = ?7, record_errors = ?8, "
                              "  api_calls = ?9 "
                              "WHERE id = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cycle->id);
  sqlite3_bind_int64 (stmt, 2, cycle->ended);
  cs_sqlite_bind_text (stmt, 3, cs_sync_outcome_to_string (cycle->outcome));
  cs_sqlite_bind_text (stmt, 4, cycle->error_code);
  cs_sqlite_bind_text (stmt, 5, cycle->message);
  sqlite3_bind_int64 (stmt, 6, cycle->records);
  sqlite3_bind_int64 (stmt, 7, cycle->deleted);
  sqlite3_bind_int64 (stmt, 8, cycle->record_errors);
  sqlite3_bind_int64 (stmt, 9, cycle->api_calls);
  return cs_sqlite_step_done (&self->sqlite, stmt, error);
}

GPtrArray *
cs_sync_database_list_cycles (CsSyncDatabase  *self,
                              gboolean         running_elsewhere,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cycles = NULL;
  gint64 since = now_seconds () - CS_SYNC_HISTORY_DAYS * 86400;
  int rc;

  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), NULL);

  stmt = cs_sync_database_prepare (self,
                                   "SELECT id, started, ended, outcome, error_code, message, records, "
                                   "  deleted, record_errors, api_calls FROM _sync_cycles "
                                   "WHERE started >= ?1 OR id = (SELECT MAX(id) FROM _sync_cycles) "
                                   "ORDER BY id DESC;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);

  cycles = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_cycle_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CsSyncCycle *cycle = g_new0 (CsSyncCycle, 1);

      cycle->id = sqlite3_column_int64 (stmt, 0);
      cycle->started = sqlite3_column_int64 (stmt, 1);
      cycle->ended = sqlite3_column_int64 (stmt, 2);
      cycle->outcome = cs_sync_outcome_from_string ((const char *) sqlite3_column_text (stmt, 3));
      cycle->error_code = cs_sqlite_column_dup_text (stmt, 4);
      cycle->message = cs_sqlite_column_dup_text (stmt, 5);
      cycle->records = sqlite3_column_int64 (stmt, 6);
      cycle->deleted = sqlite3_column_int64 (stmt, 7);
      cycle->record_errors = sqlite3_column_int64 (stmt, 8);
      cycle->api_calls = sqlite3_column_int64 (stmt, 9);
      /* Only the newest can still be running; the others died with their
       * process. */
      if (cycle->outcome == CS_SYNC_OUTCOME_RUNNING && (cycles->len > 0 || !running_elsewhere))
        cycle->outcome = CS_SYNC_OUTCOME_INTERRUPTED;
      g_ptr_array_add (cycles, cycle);
    }
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&cycles);
}

gboolean
cs_sync_database_add_issue (CsSyncDatabase   *self,
                            gint64            cycle_id,
                            CsSyncIssueKind   kind,
                            const char       *object,
                            const char       *record_id,
                            const char       *code,
                            const char       *message,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    cs_sync_database_prepare (self,
                              "INSERT INTO _sync_issues (time, cycle, kind, object, record_id, code, "
                              "  message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  sqlite3_bind_int64 (stmt, 2, cycle_id);
  cs_sqlite_bind_text (stmt, 3, cs_sync_issue_kind_to_string (kind));
  cs_sqlite_bind_text (stmt, 4, object);
  cs_sqlite_bind_text (stmt, 5, record_id);
  cs_sqlite_bind_text (stmt, 6, code);
  cs_sqlite_bind_text (stmt, 7, message);
  return cs_sqlite_step_done (&self->sqlite, stmt, error);
}

GListStore *
cs_sync_database_list_issues (CsSyncDatabase  *self,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) issues = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_SYNC_DATABASE (self), NULL);

  stmt = cs_sync_database_prepare (self,
                                   "SELECT time, cycle, kind, object, record_id, code, message "
                                   "FROM _sync_issues WHERE time >= ?1 ORDER BY id DESC;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now_seconds () - CS_SYNC_HISTORY_DAYS * 86400);

  issues = g_list_store_new (CS_TYPE_SYNC_ISSUE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CsSyncIssue) issue = NULL;
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);

      issue = cs_sync_issue_new (sqlite3_column_int64 (stmt, 0),
                                 sqlite3_column_int64 (stmt, 1),
                                 g_strcmp0 (kind, "record") == 0 ? CS_SYNC_ISSUE_RECORD
                                                                 : CS_SYNC_ISSUE_JOB,
                                 (const char *) sqlite3_column_text (stmt, 3),
                                 (const char *) sqlite3_column_text (stmt, 4),
                                 (const char *) sqlite3_column_text (stmt, 5),
                                 (const char *) sqlite3_column_text (stmt, 6));
      g_list_store_append (issues, issue);
    }
  if (rc != SQLITE_DONE)
    {
      cs_sync_database_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&issues);
}

gboolean
cs_sync_database_prune_history (CsSyncDatabase  *self,
                                GError         **error)
{
  g_autoptr(sqlite3_stmt) issues = NULL;
  g_autoptr(sqlite3_stmt) cycles = NULL;
  gint64 before = now_seconds () - CS_SYNC_HISTORY_DAYS * 86400;

  issues = cs_sync_database_prepare (self, "DELETE FROM _sync_issues WHERE time < ?1;", error);
  if (issues == NULL)
    return FALSE;
  sqlite3_bind_int64 (issues, 1, before);
  if (!cs_sqlite_step_done (&self->sqlite, issues, error))
    return FALSE;

  cycles = cs_sync_database_prepare (self, "DELETE FROM _sync_cycles WHERE started < ?1 AND "
                                           "id < (SELECT MAX(id) FROM _sync_cycles);", error);
  if (cycles == NULL)
    return FALSE;
  sqlite3_bind_int64 (cycles, 1, before);
  return cs_sqlite_step_done (&self->sqlite, cycles, error);
}
