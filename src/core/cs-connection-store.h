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
} CsConnection;

CsConnection *cs_connection_new   (const char *login_host,
                                   const char *environment);
CsConnection *cs_connection_copy  (const CsConnection *connection);
void          cs_connection_free  (CsConnection *connection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsConnection, cs_connection_free)

#define CS_TYPE_CONNECTION_STORE (cs_connection_store_get_type ())
G_DECLARE_FINAL_TYPE (CsConnectionStore, cs_connection_store, CS, CONNECTION_STORE, GObject)

/* Opens (creating and migrating) $XDG_DATA_HOME/crm-sync-setup/crm-sync.db,
 * or @path when given (":memory:" works). CS_ERROR_STORE on failure. */
CsConnectionStore *cs_connection_store_open           (const char         *path,
                                                       GError            **error);
const char        *cs_connection_store_get_path       (CsConnectionStore  *self);
/* For later issues (field catalog, sync state) to add tables. */
gpointer           cs_connection_store_get_database   (CsConnectionStore  *self);

gboolean           cs_connection_store_save           (CsConnectionStore  *self,
                                                       CsConnection       *connection,
                                                       GError            **error);
CsConnection      *cs_connection_store_get            (CsConnectionStore  *self,
                                                       const char         *id,
                                                       GError            **error);
/* Newest first; element type CsConnection */
GPtrArray         *cs_connection_store_list           (CsConnectionStore  *self,
                                                       GError            **error);
gboolean           cs_connection_store_remove         (CsConnectionStore  *self,
                                                       const char         *id,
                                                       GError            **error);

G_END_DECLS
