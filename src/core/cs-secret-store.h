/* cs-secret-store.h: every secret lives in the Secret Service, nowhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_SECRET_SCHEMA_NAME "io.github.crmsync.Setup.Credential"

typedef enum {
  CS_SECRET_KIND_CONSUMER_KEY,
  CS_SECRET_KIND_CONSUMER_SECRET,
  CS_SECRET_KIND_REFRESH_TOKEN,
} CsSecretKind;

/* The number of kinds, for arrays indexed by CsSecretKind. */
#define CS_SECRET_N_KINDS 3

const char *cs_secret_kind_to_string (CsSecretKind kind);
/* The reverse of cs_secret_kind_to_string(); FALSE for an unknown name. */
gboolean    cs_secret_kind_from_string (const char   *name,
                                        CsSecretKind *kind);

/* What identifies one connection's items. connection_id is ours (a UUID);
 * login_host always set; org_id and username may be NULL until the login. */
typedef struct {
  char *connection_id;
  char *login_host;
  char *org_id;
  char *username;
} CsSecretKey;

CsSecretKey *cs_secret_key_new   (const char *connection_id,
                                  const char *login_host,
                                  const char *org_id,
                                  const char *username);
CsSecretKey *cs_secret_key_copy  (const CsSecretKey *key);
void         cs_secret_key_free  (CsSecretKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSecretKey, cs_secret_key_free)

#define CS_TYPE_SECRET_KEY (cs_secret_key_get_type ())
GType        cs_secret_key_get_type (void);

/* One stored item as listed for the review screen: never the secret itself. */
typedef struct {
  CsSecretKey  *key;
  CsSecretKind  kind;
  char         *label;
  char         *collection; /* the keyring holding it, as Seahorse names it ("Login"); NULL when unknown */
  gint64        created;   /* unix seconds, 0 when unknown */
  gint64        modified;
} CsSecretItemInfo;

CsSecretItemInfo *cs_secret_item_info_copy (const CsSecretItemInfo *info);
void         cs_secret_item_info_free (CsSecretItemInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSecretItemInfo, cs_secret_item_info_free)

/* Wipes and frees a secret returned by cs_secret_store_lookup_finish() or
 * cs_secret_store_lookup_sync(). NULL is ignored. (g_free() is safe too, but
 * leaves the bytes in the freed memory.) The same as cs_secret_wipe_free()
 * in cs-secret-util.h, which also offers g_autoptr(CsSecretString). */
void         cs_secret_free           (char *secret);

#define CS_TYPE_SECRET_STORE (cs_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (CsSecretStore, cs_secret_store, CS, SECRET_STORE, GObject)

CsSecretStore *cs_secret_store_new                (void);

/* Stores (or replaces) the item for key->connection_id and @kind, with a
 * label an admin recognizes in Seahorse. CS_ERROR_KEYRING_UNAVAILABLE or
 * CS_ERROR_KEYRING_LOCKED on failure; nothing is written anywhere else. */
void      cs_secret_store_store_async     (CsSecretStore     *self,
                                           const CsSecretKey *key,
                                           CsSecretKind       kind,
                                           const char        *secret,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
gboolean  cs_secret_store_store_finish    (CsSecretStore     *self,
                                           GAsyncResult      *result,
                                           GError           **error);

/* The secret, or NULL without error when there is none; free it with
 * cs_secret_free(). CS_ERROR_KEYRING_LOCKED when the item exists but the
 * keyring stays locked. */
void      cs_secret_store_lookup_async    (CsSecretStore     *self,
                                           const char        *connection_id,
                                           CsSecretKind       kind,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
char     *cs_secret_store_lookup_finish   (CsSecretStore     *self,
                                           GAsyncResult      *result,
                                           GError           **error);

/* Removes every item of the connection. */
void      cs_secret_store_clear_async     (CsSecretStore     *self,
                                           const char        *connection_id,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
gboolean  cs_secret_store_clear_finish    (CsSecretStore     *self,
                                           GAsyncResult      *result,
                                           GError           **error);

/* All items of our schema (all connections), as CsSecretItemInfo, without
 * reading any secret. */
void      cs_secret_store_list_async      (CsSecretStore     *self,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
GPtrArray *cs_secret_store_list_finish    (CsSecretStore     *self,
                                           GAsyncResult      *result,
                                           GError           **error);

/* Synchronous variants for the command-line tool and tests. */
gboolean  cs_secret_store_store_sync      (CsSecretStore     *self,
                                           const CsSecretKey *key,
                                           CsSecretKind       kind,
                                           const char        *secret,
                                           GCancellable      *cancellable,
                                           GError           **error);
char     *cs_secret_store_lookup_sync     (CsSecretStore     *self,
                                           const char        *connection_id,
                                           CsSecretKind       kind,
                                           GCancellable      *cancellable,
                                           GError           **error);
gboolean  cs_secret_store_clear_sync      (CsSecretStore     *self,
                                           const char        *connection_id,
                                           GCancellable      *cancellable,
                                           GError           **error);
GPtrArray *cs_secret_store_list_sync      (CsSecretStore     *self,
                                           GCancellable      *cancellable,
                                           GError           **error);

G_END_DECLS
