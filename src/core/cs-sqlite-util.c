/* cs-sqlite-util.c: the SQLite calls the core's databases share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-sqlite-util.h"

CsSqliteFailure
cs_sqlite_failure_from_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return CS_SQLITE_FAILURE_IN_USE;
    case SQLITE_FULL:
      return CS_SQLITE_FAILURE_DISK_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_AUTH:
      return CS_SQLITE_FAILURE_NOT_WRITABLE;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return CS_SQLITE_FAILURE_DAMAGED;
    default:
      return CS_SQLITE_FAILURE_OTHER;
    }
}

void
cs_sqlite_set_error (const CsSqlite  *sqlite,
                     int              rc,
                     GError         **error)
{
  /* sqlite3_errmsg() describes the last failure on the database, which is
   * @rc's; before it opened, only the code can. */
  const char *detail = sqlite->db != NULL ? sqlite3_errmsg (sqlite->db) : sqlite3_errstr (rc);

  g_debug ("SQLite failed on %s: %d %s", sqlite->name, rc, detail);
  sqlite->set_error (sqlite->owner, cs_sqlite_failure_from_code (rc), detail, error);
}

gboolean
cs_sqlite_exec (const CsSqlite  *sqlite,
                const char      *sql,
                GError         **error)
{
  int rc = sqlite3_exec (sqlite->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      cs_sqlite_set_error (sqlite, rc, error);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
cs_sqlite_prepare (const CsSqlite  *sqlite,
                   const char      *sql,
                   unsigned int     flags,
                   GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (sqlite->db, sql, -1, flags, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      cs_sqlite_set_error (sqlite, rc, error);
      return NULL;
    }
  return stmt;
}

gboolean
cs_sqlite_step_done (const CsSqlite  *sqlite,
                     sqlite3_stmt    *stmt,
                     GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (sqlite, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_sqlite_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *value)
{
  return sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC) == SQLITE_OK;
}

char *
cs_sqlite_column_dup_text (sqlite3_stmt *stmt,
                           int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}
