/* cs-connection-store.c: non-secret facts about connections, in SQLite.
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
#include <sqlite3.h>

#include "cs-connection-store.h"
#include "cs-error.h"
#include "cs-sqlite-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define DATA_FOLDER   "crm-sync-setup"
#define DATA_FILENAME "crm-sync.db"

/* Milliseconds to wait when another process (the wizard and crm-sync) holds
 * the write lock. */
#define BUSY_TIMEOUT_MS 5000

/* Schema migrations: migrations[N] takes user_version N to N + 1. Never edit
 * a shipped step; append a new one. */
static const char * const migrations[] = {
  /* 1: connections */
  "CREATE TABLE connections ("
  "  id            TEXT PRIMARY KEY NOT NULL,"
  "  environment   TEXT NOT NULL,"
  "  login_host    TEXT NOT NULL,"
  "  org_id        TEXT,"
  "  user_id       TEXT,"
  "  username      TEXT,"
  "  display_name  TEXT,"
  "  instance_url  TEXT,"
  "  api_version   TEXT,"
  "  created       INTEGER NOT NULL,"
  "  confirmed     INTEGER NOT NULL DEFAULT 0,"
  "  updated       INTEGER NOT NULL"
  ");",

  /* 2: names, and what the credential review and re-authorization show */
  "ALTER TABLE connections ADD COLUMN name TEXT COLLATE NOCASE;"
  "CREATE UNIQUE INDEX connections_name ON connections (name) WHERE name IS NOT NULL;"
  "ALTER TABLE connections ADD COLUMN profile_name TEXT;"
  "ALTER TABLE connections ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE connections ADD COLUMN scopes TEXT;"
  "ALTER TABLE connections ADD COLUMN token_issued INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE connections ADD COLUMN last_refresh INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE connections ADD COLUMN reauth_reason TEXT;"
  "ALTER TABLE connections ADD COLUMN reauth_since INTEGER NOT NULL DEFAULT 0;",

  /* 3: the org's name (no identity answer has it: read with SOQL) */
  "ALTER TABLE connections ADD COLUMN org_name TEXT;",
};

#define CONNECTION_COLUMNS \
  "id, environment, login_host, org_id, user_id, username, display_name, " \
  "instance_url, api_version, created, confirmed, updated, name, profile_name, " \
  "is_admin, scopes, token_issued, last_refresh, reauth_reason, reauth_since, org_name"

#define NAME_MAX_CHARS 64

struct _CsConnectionStore
{
  GObject  parent_instance;

  char     *path;
  CsSqlite  sqlite;
};

G_DEFINE_FINAL_TYPE (CsConnectionStore, cs_connection_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CsConnection, cs_connection, cs_connection_copy, cs_connection_free)

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ------------------------------------------------------------------------ */
/* CsConnection                                                              */

CsConnection *
cs_connection_new (const char *login_host,
                   const char *environment)
{
  CsConnection *connection;

  g_return_val_if_fail (login_host != NULL, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  connection = g_new0 (CsConnection, 1);
  connection->id = g_uuid_string_random ();
  connection->login_host = g_strdup (login_host);
  connection->environment = g_strdup (environment);
  connection->created = now_seconds ();
  connection->updated = connection->created;

  return connection;
}

CsConnection *
cs_connection_copy (const CsConnection *connection)
{
  CsConnection *copy;

  g_return_val_if_fail (connection != NULL, NULL);

  copy = g_new0 (CsConnection, 1);
  copy->id = g_strdup (connection->id);
  copy->environment = g_strdup (connection->environment);
  copy->login_host = g_strdup (connection->login_host);
  copy->org_id = g_strdup (connection->org_id);
  copy->user_id = g_strdup (connection->user_id);
  copy->username = g_strdup (connection->username);
  copy->display_name = g_strdup (connection->display_name);
  copy->instance_url = g_strdup (connection->instance_url);
  copy->api_version = g_strdup (connection->api_version);
  copy->created = connection->created;
  copy->confirmed = connection->confirmed;
  copy->updated = connection->updated;
  copy->name = g_strdup (connection->name);
  copy->profile_name = g_strdup (connection->profile_name);
  copy->is_admin = connection->is_admin;
  copy->scopes = g_strdup (connection->scopes);
  copy->token_issued = connection->token_issued;
  copy->last_refresh = connection->last_refresh;
  copy->reauth_reason = g_strdup (connection->reauth_reason);
  copy->reauth_since = connection->reauth_since;
  copy->org_name = g_strdup (connection->org_name);

  return copy;
}

const char *
cs_connection_get_display_name (const CsConnection *connection)
{
  g_return_val_if_fail (connection != NULL, NULL);

  return connection->name != NULL ? connection->name : connection->id;
}

gboolean
cs_connection_name_is_valid (const char *name)
{
  gsize length;

  if (name == NULL || !g_ascii_isalnum (name[0]))
    return FALSE;

  length = strlen (name);
  if (length > NAME_MAX_CHARS)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && strchr ("._@+-", name[i]) == NULL)
      return FALSE;
  return TRUE;
}

void
cs_connection_free (CsConnection *connection)
{
  if (connection == NULL)
    return;

  g_free (connection->id);
  g_free (connection->environment);
  g_free (connection->login_host);
  g_free (connection->org_id);
  g_free (connection->user_id);
  g_free (connection->username);
  g_free (connection->display_name);
  g_free (connection->instance_url);
  g_free (connection->api_version);
  g_free (connection->name);
  g_free (connection->profile_name);
  g_free (connection->scopes);
  g_free (connection->reauth_reason);
  g_free (connection->org_name);
  g_free (connection);
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

/* The connection database's failures. */
static void
store_set_error (gpointer          owner,
                 CsSqliteFailure   failure,
                 const char       *detail,
                 GError          **error)
{
  CsConnectionStore *self = owner;

  switch (failure)
    {
    case CS_SQLITE_FAILURE_DISK_FULL:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The disk holding the connection database %s is full. Free "
                     "some space and try again."), self->path);
      break;

    case CS_SQLITE_FAILURE_NOT_WRITABLE:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("Could not write the connection database (%s). Check that "
                     "%s and its folder are writable and try again."), detail, self->path);
      break;

    case CS_SQLITE_FAILURE_DAMAGED:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The connection database %s is damaged (%s). Move it "
                     "aside and set the connection up again."), self->path, detail);
      break;

    case CS_SQLITE_FAILURE_IN_USE:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The connection database %s is in use by another program. "
                     "Close other CRM Sync windows and commands and try again."), self->path);
      break;

    case CS_SQLITE_FAILURE_OTHER:
    default:
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The connection database %s failed (%s). Check that it "
                     "is writable and try again."), self->path, detail);
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* Opening and migrating                                                     */

static gboolean
path_is_memory (const char *path)
{
  return *path == '\0' || g_str_equal (path, ":memory:");
}

/* Creates the folder (0700) and the file (0600) before SQLite does: SQLite
 * would create the file world-readable under the usual umask, and gives
 * its -wal and -shm files the database file's mode. */
static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("Could not create the folder %s (%s). Check that its parent "
                     "folder is writable and try again."),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("Could not open the connection database %s (%s). Check that "
                     "it and its folder are writable and try again."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  /* An older file may have been created with a wider mode. */
  if (fchmod (fd, 0600) != 0)
    g_debug ("Could not restrict the mode of %s: %s", path, g_strerror (errno));

  close (fd);
  return TRUE;
}

static gboolean
read_user_version (CsConnectionStore  *self,
                   int                *version,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cs_sqlite_prepare (&self->sqlite, "PRAGMA user_version;", 0, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return FALSE;
    }

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
run_migrations (CsConnectionStore  *self,
                int                 version,
                GError            **error)
{
  for (guint step = (guint) version; step < G_N_ELEMENTS (migrations); step++)
    {
      g_autofree char *set_version = NULL;

      g_debug ("Migrating the connection database to version %u", step + 1);

      if (!cs_sqlite_exec (&self->sqlite, migrations[step], error))
        return FALSE;

      /* PRAGMA takes no bound parameters; this is our own integer. */
      set_version = g_strdup_printf ("PRAGMA user_version = %u;", step + 1);
      if (!cs_sqlite_exec (&self->sqlite, set_version, error))
        return FALSE;
    }

  return TRUE;
}

/* The part of migrate() inside the transaction. */
static gboolean
migrate_in_transaction (CsConnectionStore  *self,
                        GError            **error)
{
  int version = 0;

  if (!read_user_version (self, &version, error))
    return FALSE;

  if (version < 0 || (guint) version > G_N_ELEMENTS (migrations))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                   _("The connection database %s was written by a newer version of "
                     "CRM Sync Setup. Update CRM Sync Setup and try again."),
                   self->path);
      return FALSE;
    }

  return run_migrations (self, version, error);
}

static gboolean
migrate (CsConnectionStore  *self,
         GError            **error)
{
  /* IMMEDIATE takes the write lock before reading the version, so two
   * processes opening a new database do not both migrate it. */
  if (!cs_sqlite_exec (&self->sqlite, "BEGIN IMMEDIATE;", error))
    return FALSE;

  if (!migrate_in_transaction (self, error))
    {
      sqlite3_exec (self->sqlite.db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }

  return cs_sqlite_exec (&self->sqlite, "COMMIT;", error);
}

static gboolean
store_open_database (CsConnectionStore  *self,
                     GError            **error)
{
  int rc;

  if (!path_is_memory (self->path) && !prepare_file (self->path, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->sqlite.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->sqlite.db, 1);
  sqlite3_busy_timeout (self->sqlite.db, BUSY_TIMEOUT_MS);

  /* WAL: readers (the wizard) do not block the writer (crm-sync) and a
   * crash leaves the database consistent. In memory this stays "memory". */
  if (!cs_sqlite_exec (&self->sqlite, "PRAGMA journal_mode = WAL;", error) ||
      !cs_sqlite_exec (&self->sqlite, "PRAGMA synchronous = NORMAL;", error) ||
      !cs_sqlite_exec (&self->sqlite, "PRAGMA foreign_keys = ON;", error))
    return FALSE;

  return migrate (self, error);
}

char *
cs_connection_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), DATA_FOLDER, DATA_FILENAME, NULL);
}

CsConnectionStore *
cs_connection_store_open (const char  *path,
                          GError     **error)
{
  g_autoptr(CsConnectionStore) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CS_TYPE_CONNECTION_STORE, NULL);
  self->path = path != NULL ? g_strdup (path) : cs_connection_store_get_default_path ();

  g_debug ("Opening the connection database %s", self->path);

  if (!store_open_database (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
cs_connection_store_get_path (CsConnectionStore *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), NULL);

  return self->path;
}

gpointer
cs_connection_store_get_database (CsConnectionStore *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), NULL);

  return self->sqlite.db;
}

/* ------------------------------------------------------------------------ */
/* Rows                                                                      */

/* A CsConnection out of a row of CONNECTION_COLUMNS. */
static CsConnection *
connection_from_row (sqlite3_stmt *stmt)
{
  CsConnection *connection = g_new0 (CsConnection, 1);

  connection->id = cs_sqlite_column_dup_text (stmt, 0);
  connection->environment = cs_sqlite_column_dup_text (stmt, 1);
  connection->login_host = cs_sqlite_column_dup_text (stmt, 2);
  connection->org_id = cs_sqlite_column_dup_text (stmt, 3);
  connection->user_id = cs_sqlite_column_dup_text (stmt, 4);
  connection->username = cs_sqlite_column_dup_text (stmt, 5);
  connection->display_name = cs_sqlite_column_dup_text (stmt, 6);
  connection->instance_url = cs_sqlite_column_dup_text (stmt, 7);
  connection->api_version = cs_sqlite_column_dup_text (stmt, 8);
  connection->created = sqlite3_column_int64 (stmt, 9);
  connection->confirmed = sqlite3_column_int64 (stmt, 10);
  connection->updated = sqlite3_column_int64 (stmt, 11);
  connection->name = cs_sqlite_column_dup_text (stmt, 12);
  connection->profile_name = cs_sqlite_column_dup_text (stmt, 13);
  connection->is_admin = sqlite3_column_int (stmt, 14) != 0;
  connection->scopes = cs_sqlite_column_dup_text (stmt, 15);
  connection->token_issued = sqlite3_column_int64 (stmt, 16);
  connection->last_refresh = sqlite3_column_int64 (stmt, 17);
  connection->reauth_reason = cs_sqlite_column_dup_text (stmt, 18);
  connection->reauth_since = sqlite3_column_int64 (stmt, 19);
  connection->org_name = cs_sqlite_column_dup_text (stmt, 20);

  return connection;
}

gboolean
cs_connection_store_save (CsConnectionStore  *self,
                          CsConnection       *connection,
                          GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now;
  int rc;

  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), FALSE);
  g_return_val_if_fail (connection != NULL, FALSE);
  g_return_val_if_fail (connection->login_host != NULL, FALSE);
  g_return_val_if_fail (connection->environment != NULL, FALSE);
  g_return_val_if_fail (connection->name == NULL || cs_connection_name_is_valid (connection->name), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  now = now_seconds ();
  if (connection->id == NULL)
    connection->id = g_uuid_string_random ();
  if (connection->created == 0)
    connection->created = now;

  stmt = cs_sqlite_prepare (&self->sqlite,
                            "INSERT INTO connections (" CONNECTION_COLUMNS ") "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                            "        ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) "
                            "ON CONFLICT (id) DO UPDATE SET "
                            "  environment = excluded.environment,"
                            "  login_host = excluded.login_host,"
                            "  org_id = excluded.org_id,"
                            "  user_id = excluded.user_id,"
                            "  username = excluded.username,"
                            "  display_name = excluded.display_name,"
                            "  instance_url = excluded.instance_url,"
                            "  api_version = excluded.api_version,"
                            "  confirmed = excluded.confirmed,"
                            "  updated = excluded.updated,"
                            "  name = excluded.name,"
                            "  profile_name = excluded.profile_name,"
                            "  is_admin = excluded.is_admin,"
                            "  scopes = excluded.scopes,"
                            "  token_issued = excluded.token_issued,"
                            "  last_refresh = excluded.last_refresh,"
                            "  reauth_reason = excluded.reauth_reason,"
                            "  reauth_since = excluded.reauth_since,"
                            "  org_name = excluded.org_name "
                            "RETURNING created;",
                            0, error);
  if (stmt == NULL)
    return FALSE;

  if (!cs_sqlite_bind_text (stmt, 1, connection->id) ||
      !cs_sqlite_bind_text (stmt, 2, connection->environment) ||
      !cs_sqlite_bind_text (stmt, 3, connection->login_host) ||
      !cs_sqlite_bind_text (stmt, 4, connection->org_id) ||
      !cs_sqlite_bind_text (stmt, 5, connection->user_id) ||
      !cs_sqlite_bind_text (stmt, 6, connection->username) ||
      !cs_sqlite_bind_text (stmt, 7, connection->display_name) ||
      !cs_sqlite_bind_text (stmt, 8, connection->instance_url) ||
      !cs_sqlite_bind_text (stmt, 9, connection->api_version) ||
      sqlite3_bind_int64 (stmt, 10, connection->created) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 11, connection->confirmed) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 12, now) != SQLITE_OK ||
      !cs_sqlite_bind_text (stmt, 13, connection->name) ||
      !cs_sqlite_bind_text (stmt, 14, connection->profile_name) ||
      sqlite3_bind_int (stmt, 15, connection->is_admin ? 1 : 0) != SQLITE_OK ||
      !cs_sqlite_bind_text (stmt, 16, connection->scopes) ||
      sqlite3_bind_int64 (stmt, 17, connection->token_issued) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 18, connection->last_refresh) != SQLITE_OK ||
      !cs_sqlite_bind_text (stmt, 19, connection->reauth_reason) ||
      sqlite3_bind_int64 (stmt, 20, connection->reauth_since) != SQLITE_OK ||
      !cs_sqlite_bind_text (stmt, 21, connection->org_name))
    {
      cs_sqlite_set_error (&self->sqlite, sqlite3_errcode (self->sqlite.db), error);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT && connection->name != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT,
                   _("Another connection is already named “%s”. Choose another name."),
                   connection->name);
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    {
      /* An existing row keeps its creation time. */
      connection->created = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }

  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return FALSE;
    }

  connection->updated = now;
  return TRUE;
}

/* Runs @stmt, which selects CONNECTION_COLUMNS: the first row's connection,
 * or NULL (with an error only when SQLite failed). */
static CsConnection *
step_connection (CsConnectionStore  *self,
                 sqlite3_stmt       *stmt,
                 GError            **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return connection_from_row (stmt);
  if (rc != SQLITE_DONE)
    cs_sqlite_set_error (&self->sqlite, rc, error);
  return NULL;
}

/* The one connection @sql (selecting CONNECTION_COLUMNS with @key as ?1)
 * finds, or NULL (with an error only when SQLite failed). */
static CsConnection *
select_connection (CsConnectionStore  *self,
                   const char         *sql,
                   const char         *key,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = cs_sqlite_prepare (&self->sqlite, sql, 0, error);

  if (stmt == NULL)
    return NULL;
  if (!cs_sqlite_bind_text (stmt, 1, key))
    {
      cs_sqlite_set_error (&self->sqlite, sqlite3_errcode (self->sqlite.db), error);
      return NULL;
    }
  return step_connection (self, stmt, error);
}

CsConnection *
cs_connection_store_get (CsConnectionStore  *self,
                         const char         *id,
                         GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return select_connection (self, "SELECT " CONNECTION_COLUMNS " FROM connections WHERE id = ?1;",
                            id, error);
}

CsConnection *
cs_connection_store_find (CsConnectionStore  *self,
                          const char         *name_or_id,
                          GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), NULL);
  g_return_val_if_fail (name_or_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* An id wins over a name that happens to equal it. */
  return select_connection (self,
                            "SELECT " CONNECTION_COLUMNS " FROM connections "
                            "WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1;",
                            name_or_id, error);
}

/* Whether a connection other than @except_id is named @name (ignoring case):
 * 1, 0, or -1 on failure. */
static int
name_is_taken (CsConnectionStore  *self,
               const char         *name,
               const char         *except_id,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cs_sqlite_prepare (&self->sqlite,
                            "SELECT 1 FROM connections WHERE name = ?1 AND id IS NOT ?2;",
                            0, error);
  if (stmt == NULL)
    return -1;
  if (!cs_sqlite_bind_text (stmt, 1, name) || !cs_sqlite_bind_text (stmt, 2, except_id))
    {
      cs_sqlite_set_error (&self->sqlite, sqlite3_errcode (self->sqlite.db), error);
      return -1;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  cs_sqlite_set_error (&self->sqlite, rc, error);
  return -1;
}

char *
cs_connection_store_dup_free_name (CsConnectionStore  *self,
                                   const char         *base,
                                   const char         *except_id,
                                   GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), NULL);
  g_return_val_if_fail (cs_connection_name_is_valid (base), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Bounded: each try is a distinct name, and there are not that many
   * connections. */
  for (guint n = 1; n < G_MAXUINT; n++)
    {
      g_autofree char *suffix = n > 1 ? g_strdup_printf ("-%u", n) : g_strdup ("");
      /* The suffix must fit within the name's length limit. */
      g_autofree char *stem = g_strndup (base, NAME_MAX_CHARS - strlen (suffix));
      g_autofree char *name = g_strconcat (stem, suffix, NULL);
      int taken = name_is_taken (self, name, except_id, error);

      if (taken < 0)
        return NULL;
      if (taken == 0)
        return g_steal_pointer (&name);
    }

  g_assert_not_reached ();
  return NULL;
}

/* Runs @sql (an UPDATE of one row) with @id as ?1, @text as ?2 and @when
 * as ?3. */
static gboolean
update_row (CsConnectionStore  *self,
            const char         *sql,
            const char         *id,
            const char         *text,
            gint64              when,
            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cs_sqlite_prepare (&self->sqlite, sql, 0, error);
  if (stmt == NULL)
    return FALSE;

  if (!cs_sqlite_bind_text (stmt, 1, id) || !cs_sqlite_bind_text (stmt, 2, text) ||
      sqlite3_bind_int64 (stmt, 3, when) != SQLITE_OK)
    {
      cs_sqlite_set_error (&self->sqlite, sqlite3_errcode (self->sqlite.db), error);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_connection_store_set_reauth (CsConnectionStore  *self,
                                const char         *id,
                                const char         *reason,
                                gint64              when,
                                GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_row (self,
                     "UPDATE connections SET reauth_reason = ?2, "
                     "  reauth_since = CASE WHEN ?2 IS NULL THEN 0 ELSE ?3 END "
                     "WHERE id = ?1;",
                     id, reason, when, error);
}

gboolean
cs_connection_store_note_refresh (CsConnectionStore  *self,
                                  const char         *id,
                                  gint64              when,
                                  GError            **error)
{
  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_row (self,
                     "UPDATE connections SET last_refresh = ?3, reauth_reason = ?2, "
                     "  reauth_since = 0 WHERE id = ?1;",
                     id, NULL, when, error);
}

GPtrArray *
cs_connection_store_list (CsConnectionStore  *self,
                          GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) connections = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* rowid breaks ties between connections created in the same second. */
  stmt = cs_sqlite_prepare (&self->sqlite,
                            "SELECT " CONNECTION_COLUMNS " FROM connections "
                            "ORDER BY created DESC, rowid DESC;",
                            0, error);
  if (stmt == NULL)
    return NULL;

  connections = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_connection_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (connections, connection_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return NULL;
    }

  return g_steal_pointer (&connections);
}

gboolean
cs_connection_store_remove (CsConnectionStore  *self,
                            const char         *id,
                            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CS_IS_CONNECTION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = cs_sqlite_prepare (&self->sqlite, "DELETE FROM connections WHERE id = ?1;", 0, error);
  if (stmt == NULL)
    return FALSE;

  if (!cs_sqlite_bind_text (stmt, 1, id))
    {
      cs_sqlite_set_error (&self->sqlite, sqlite3_errcode (self->sqlite.db), error);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      cs_sqlite_set_error (&self->sqlite, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */

static void
cs_connection_store_finalize (GObject *object)
{
  CsConnectionStore *self = CS_CONNECTION_STORE (object);

  /* _v2 does not fail on statements still open (a later module's): the
   * database then closes when the last one is finalized. */
  g_clear_pointer (&self->sqlite.db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cs_connection_store_parent_class)->finalize (object);
}

static void
cs_connection_store_class_init (CsConnectionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_connection_store_finalize;
}

static void
cs_connection_store_init (CsConnectionStore *self)
{
  self->sqlite.name = "the connection database";
  self->sqlite.set_error = store_set_error;
  self->sqlite.owner = self;
}
