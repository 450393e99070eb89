/* cs-sqlite-util.h: the SQLite calls the core's databases share, their
 * failures reported as CS_ERROR_STORE in each database's own words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* What the admin can do about a failure. */
typedef enum {
  CS_SQLITE_FAILURE_IN_USE,     /* SQLITE_BUSY, SQLITE_LOCKED: another program holds it */
  CS_SQLITE_FAILURE_DISK_FULL,  /* SQLITE_FULL */
  CS_SQLITE_FAILURE_NOT_WRITABLE, /* SQLITE_READONLY, _PERM, _CANTOPEN, _IOERR, _AUTH */
  CS_SQLITE_FAILURE_DAMAGED,    /* SQLITE_CORRUPT, SQLITE_NOTADB */
  CS_SQLITE_FAILURE_OTHER,
} CsSqliteFailure;

/* Sets *@error (CS_ERROR_STORE) saying what failed on @owner's database
 * and what to do; @detail is SQLite's own description. */
typedef void (*CsSqliteErrorFunc) (gpointer          owner,
                                   CsSqliteFailure   failure,
                                   const char       *detail,
                                   GError          **error);

/* One open database, as its owner keeps it. */
typedef struct {
  sqlite3           *db;         /* NULL until opened */
  const char        *name;       /* for debug messages: "the field catalog" */
  CsSqliteErrorFunc  set_error;
  gpointer           owner;
} CsSqlite;

CsSqliteFailure  cs_sqlite_failure_from_code (int              rc);

/* Reports @rc through @sqlite's set_error. */
void             cs_sqlite_set_error         (const CsSqlite  *sqlite,
                                              int              rc,
                                              GError         **error);
gboolean         cs_sqlite_exec              (const CsSqlite  *sqlite,
                                              const char      *sql,
                                              GError         **error);
/* sqlite3_prepare_v3() with @flags (SQLITE_PREPARE_PERSISTENT for a
 * statement kept and reused). */
sqlite3_stmt    *cs_sqlite_prepare           (const CsSqlite  *sqlite,
                                              const char      *sql,
                                              unsigned int     flags,
                                              GError         **error);
/* Runs @stmt, which returns no row, then resets it and clears its
 * bindings for the next use. */
gboolean         cs_sqlite_step_done         (const CsSqlite  *sqlite,
                                              sqlite3_stmt    *stmt,
                                              GError         **error);

/* Binds @value (NULL: SQL NULL) without a copy: it must outlive the step.
 * FALSE when SQLite refused it (too long); sqlite3_errcode() says why. */
gboolean         cs_sqlite_bind_text         (sqlite3_stmt    *stmt,
                                              int              index,
                                              const char      *value);
char            *cs_sqlite_column_dup_text   (sqlite3_stmt    *stmt,
                                              int              column);

G_END_DECLS
