/* cs-connection-store.h: non-secret facts about connections, in SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Nothing in here is secret: the keyring holds key, secret and tokens. */
typedef struct {
  char   *id;             /* UUID, also the keyring items' connection attribute */
  char   *environment;    /* cs_environment_to_string() */
  char   *login_host;
  char   *org_id;         /* NULL until confirmed */
  char   *user_id;
  char   *username;
  char   *display_name;
  char   *instance_url;
  char   *api_version;    /* "62.0" */
  gint64  created;        /* unix seconds */
  gint64  confirmed;      /* unix seconds, 0 until "Confirm credentials" */
  gint64  updated;
  /* What names it on the command line (cs_connection_name_is_valid()),
   * unique ignoring case; NULL for connections stored before names. */
  char   *name;
  char   *profile_name;   /* the sync user's profile, at the last login */
  gboolean is_admin;      /* that profile has "Modify All Data" */
  char   *scopes;         /* granted at the last login, space separated */
  gint64  token_issued;   /* unix seconds: when the stored refresh token was issued */
  gint64  last_refresh;   /* unix seconds: the last successful token refresh */
  /* Set when Salesforce refused the stored authorization: why, as a
   * cs_error_code_to_string() name ("invalid-grant", …), and since when.
   * NULL and 0 while it works. */
  char   *reauth_reason;
  gint64  reauth_since;
  char   *org_name;       /* the org's name at the last login, NULL when unknown */
} CsConnection;

/* A new connection with a random UUID and created/updated set to now. */
CsConnection *cs_connection_new   (const char *login_host,
                                   const char *environment);
CsConnection *cs_connection_copy  (const CsConnection *connection);
/* A name or the id: how the admin recognizes @connection on the command
 * line. */
const char   *cs_connection_get_display_name (const CsConnection *connection);
/* 1 to 64 characters: letters, digits and . _ @ + -, starting with a letter
 * or a digit (a Salesforce username fits). */
gboolean      cs_connection_name_is_valid    (const char *name);
void          cs_connection_free  (CsConnection *connection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsConnection, cs_connection_free)

#define CS_TYPE_CONNECTION (cs_connection_get_type ())
GType         cs_connection_get_type (void);

#define CS_TYPE_CONNECTION_STORE (cs_connection_store_get_type ())
G_DECLARE_FINAL_TYPE (CsConnectionStore, cs_connection_store, CS, CONNECTION_STORE, GObject)

/* Opens (creating and migrating) $XDG_DATA_HOME/crm-sync-setup/crm-sync.db,
 * or @path when given (":memory:" works). CS_ERROR_STORE on failure. A new
 * folder is made 0700 and a new database file 0600. */
CsConnectionStore *cs_connection_store_open           (const char         *path,
                                                       GError            **error);
const char        *cs_connection_store_get_path       (CsConnectionStore  *self);
/* $XDG_DATA_HOME/crm-sync-setup/crm-sync.db, where open (NULL) puts it. */
char              *cs_connection_store_get_default_path (void);
/* For later issues (field catalog, sync state) to add tables. */
gpointer           cs_connection_store_get_database   (CsConnectionStore  *self);

/* Inserts or updates (by id) @connection. Fills in what is missing: a
 * random UUID when id is NULL, created when 0; sets updated to now and
 * created to the stored value when the row already existed. */
gboolean           cs_connection_store_save           (CsConnectionStore  *self,
                                                       CsConnection       *connection,
                                                       GError            **error);
/* NULL without error when there is no connection with @id;
 * NULL with CS_ERROR_STORE when the database fails. */
CsConnection      *cs_connection_store_get            (CsConnectionStore  *self,
                                                       const char         *id,
                                                       GError            **error);
/* The connection whose id is @name_or_id, else whose name is (ignoring
 * case). NULL without error when there is none. */
CsConnection      *cs_connection_store_find           (CsConnectionStore  *self,
                                                       const char         *name_or_id,
                                                       GError            **error);
/* @base when no other connection than @except_id has that name, else
 * @base-2, @base-3… @base must be valid (cs_connection_name_is_valid()). */
char              *cs_connection_store_dup_free_name  (CsConnectionStore  *self,
                                                       const char         *base,
                                                       const char         *except_id,
                                                       GError            **error);
/* Records that the stored authorization was refused (@reason: a
 * cs_error_code_to_string() name) at @when, or clears it (@reason NULL).
 * Only these columns change. TRUE also when there is no such connection. */
gboolean           cs_connection_store_set_reauth     (CsConnectionStore  *self,
                                                       const char         *id,
                                                       const char         *reason,
                                                       gint64              when,
                                                       GError            **error);
/* A successful token refresh at @when: sets last_refresh and clears the
 * re-authorization mark. Only these columns change. */
gboolean           cs_connection_store_note_refresh   (CsConnectionStore  *self,
                                                       const char         *id,
                                                       gint64              when,
                                                       GError            **error);
/* Newest first; element type CsConnection */
GPtrArray         *cs_connection_store_list           (CsConnectionStore  *self,
                                                       GError            **error);
/* TRUE also when there was no such connection. Keyring items are not
 * touched: clear them with cs_secret_store_clear_async(). */
gboolean           cs_connection_store_remove         (CsConnectionStore  *self,
                                                       const char         *id,
                                                       GError            **error);

G_END_DECLS
