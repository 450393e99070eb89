/* cs-secret-store.c: every secret lives in the Secret Service, nowhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "cs-error.h"
#include "cs-login-host.h"
#include "cs-secret-store.h"
#include "cs-secret-util.h"

/* We talk to the Secret Service through SecretService rather than the
 * secret_password_*() helpers: those go through SecretBackend, which picks
 * libsecret's file backend inside a Flatpak or Snap sandbox or when
 * SECRET_BACKEND=file is set. We never want a secret in a file, so when no
 * keyring service answers we say so and stop. */

#define ATTR_CONNECTION "connection"
#define ATTR_KIND       "kind"
#define ATTR_LOGIN_HOST "login-host"
#define ATTR_ORG_ID     "org-id"
#define ATTR_USERNAME   "username"

struct _CsSecretStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (CsSecretStore, cs_secret_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CsSecretKey, cs_secret_key, cs_secret_key_copy, cs_secret_key_free)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    CS_SECRET_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { ATTR_CONNECTION, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_KIND, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_LOGIN_HOST, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_ORG_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_USERNAME, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* ------------------------------------------------------------------------ */
/* Kinds, keys, item infos                                                   */

const char *
cs_secret_kind_to_string (CsSecretKind kind)
{
  switch (kind)
    {
    case CS_SECRET_KIND_CONSUMER_KEY:
      return "consumer-key";
    case CS_SECRET_KIND_CONSUMER_SECRET:
      return "consumer-secret";
    case CS_SECRET_KIND_REFRESH_TOKEN:
      return "refresh-token";
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

gboolean
cs_secret_kind_from_string (const char   *name,
                            CsSecretKind *kind)
{
  static const CsSecretKind kinds[] = {
    CS_SECRET_KIND_CONSUMER_KEY,
    CS_SECRET_KIND_CONSUMER_SECRET,
    CS_SECRET_KIND_REFRESH_TOKEN,
  };

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_str_equal (name, cs_secret_kind_to_string (kinds[i])))
        {
          if (kind != NULL)
            *kind = kinds[i];
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
kind_is_valid (CsSecretKind kind)
{
  return kind == CS_SECRET_KIND_CONSUMER_KEY ||
         kind == CS_SECRET_KIND_CONSUMER_SECRET ||
         kind == CS_SECRET_KIND_REFRESH_TOKEN;
}

static gboolean
str_is_set (const char *str)
{
  return str != NULL && *str != '\0';
}

CsSecretKey *
cs_secret_key_new (const char *connection_id,
                   const char *login_host,
                   const char *org_id,
                   const char *username)
{
  CsSecretKey *key;

  g_return_val_if_fail (str_is_set (connection_id), NULL);
  g_return_val_if_fail (str_is_set (login_host), NULL);

  key = g_new0 (CsSecretKey, 1);
  key->connection_id = g_strdup (connection_id);
  key->login_host = g_strdup (login_host);
  key->org_id = g_strdup (org_id);
  key->username = g_strdup (username);

  return key;
}

CsSecretKey *
cs_secret_key_copy (const CsSecretKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return cs_secret_key_new (key->connection_id, key->login_host,
                            key->org_id, key->username);
}

void
cs_secret_key_free (CsSecretKey *key)
{
  if (key == NULL)
    return;

  g_free (key->connection_id);
  g_free (key->login_host);
  g_free (key->org_id);
  g_free (key->username);
  g_free (key);
}

CsSecretItemInfo *
cs_secret_item_info_copy (const CsSecretItemInfo *info)
{
  CsSecretItemInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->key = cs_secret_key_copy (info->key);
  copy->label = g_strdup (info->label);
  copy->collection = g_strdup (info->collection);
  return copy;
}

void
cs_secret_item_info_free (CsSecretItemInfo *info)
{
  if (info == NULL)
    return;

  cs_secret_key_free (info->key);
  g_free (info->label);
  g_free (info->collection);
  g_free (info);
}

void
cs_secret_free (char *secret)
{
  cs_secret_wipe_free (secret);
}

/* ------------------------------------------------------------------------ */
/* Attributes, labels, errors                                                */

/* The attributes of the item for @key and @kind. libsecret attributes cannot
 * be NULL, so org-id and username are left out until they are known. */
static GHashTable *
item_attributes_new (const CsSecretKey *key,
                     CsSecretKind       kind)
{
  GHashTable *attributes;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (gpointer) ATTR_CONNECTION, g_strdup (key->connection_id));
  g_hash_table_insert (attributes, (gpointer) ATTR_KIND, g_strdup (cs_secret_kind_to_string (kind)));
  g_hash_table_insert (attributes, (gpointer) ATTR_LOGIN_HOST, g_strdup (key->login_host));
  if (str_is_set (key->org_id))
    g_hash_table_insert (attributes, (gpointer) ATTR_ORG_ID, g_strdup (key->org_id));
  if (str_is_set (key->username))
    g_hash_table_insert (attributes, (gpointer) ATTR_USERNAME, g_strdup (key->username));

  return attributes;
}

/* What to search for: every item of our schema, or of one connection, or of
 * one connection and kind. */
static GHashTable *
match_attributes_new (const char   *connection_id,
                      gboolean      with_kind,
                      CsSecretKind  kind)
{
  GHashTable *attributes;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if (connection_id != NULL)
    g_hash_table_insert (attributes, (gpointer) ATTR_CONNECTION, g_strdup (connection_id));
  if (with_kind)
    g_hash_table_insert (attributes, (gpointer) ATTR_KIND, g_strdup (cs_secret_kind_to_string (kind)));

  return attributes;
}

/* TRUE when the item's attributes are exactly @wanted, apart from the
 * meta-attributes libsecret and gnome-keyring add ("xdg:schema", "gkr:…"). */
static gboolean
item_has_attributes (SecretItem *item,
                     GHashTable *wanted)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
  GHashTableIter iter;
  gpointer name, value;
  guint n_plain = 0;

  if (attributes == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      if (g_str_has_prefix (name, "xdg:") || g_str_has_prefix (name, "gkr:"))
        continue;
      if (g_strcmp0 (g_hash_table_lookup (wanted, name), value) != 0)
        return FALSE;
      n_plain++;
    }

  return n_plain == g_hash_table_size (wanted);
}

/* The item's label in Seahorse ("Passwords and Keys"). */
static char *
label_new (const CsSecretKey *key,
           CsSecretKind       kind)
{
  g_autofree char *parsed_host = cs_uri_dup_display_host (key->login_host);
  const char *host = parsed_host != NULL ? parsed_host : key->login_host;
  const char *user = str_is_set (key->username) ? key->username : NULL;

  switch (kind)
    {
    case CS_SECRET_KIND_CONSUMER_KEY:
      if (user != NULL)
        /* Translators: keyring item label; first %s is a Salesforce username,
         * second %s a login host such as login.salesforce.com */
        return g_strdup_printf (_("Salesforce consumer key for %s (%s)"), user, host);
      /* Translators: keyring item label; %s is a login host such as
       * login.salesforce.com */
      return g_strdup_printf (_("Salesforce consumer key for a new connection to %s"), host);

    case CS_SECRET_KIND_CONSUMER_SECRET:
      if (user != NULL)
        /* Translators: keyring item label; first %s is a Salesforce username,
         * second %s a login host such as login.salesforce.com */
        return g_strdup_printf (_("Salesforce consumer secret for %s (%s)"), user, host);
      /* Translators: keyring item label; %s is a login host such as
       * login.salesforce.com */
      return g_strdup_printf (_("Salesforce consumer secret for a new connection to %s"), host);

    case CS_SECRET_KIND_REFRESH_TOKEN:
      if (user != NULL)
        /* Translators: keyring item label; first %s is a Salesforce username,
         * second %s a login host such as login.salesforce.com */
        return g_strdup_printf (_("Salesforce refresh token for %s (%s)"), user, host);
      /* Translators: keyring item label; %s is a login host such as
       * login.salesforce.com */
      return g_strdup_printf (_("Salesforce refresh token for a new connection to %s"), host);

    default:
      break;
    }

  g_assert_not_reached ();
  return NULL;
}

static GError *
keyring_unavailable_error_new (void)
{
  return g_error_new_literal (CS_ERROR, CS_ERROR_KEYRING_UNAVAILABLE,
                              _("No keyring service is running. CRM Sync Setup keeps "
                                "credentials only in the system keyring, so a keyring "
                                "service such as GNOME Keyring must be running; nothing "
                                "was saved anywhere else. Start GNOME Keyring (log in to "
                                "a desktop session) and try again."));
}

static GError *
keyring_locked_error_new (void)
{
  return g_error_new_literal (CS_ERROR, CS_ERROR_KEYRING_LOCKED,
                              _("The keyring is locked. Unlock the “Login” keyring (for "
                                "example in Passwords and Keys) and try again."));
}

/* D-Bus errors meaning nobody is there to answer: the bus is gone, no
 * Secret Service is on it or activatable, or it could not be started or did
 * not reply at all. */
static const GDBusError no_service_errors[] = {
  G_DBUS_ERROR_SERVICE_UNKNOWN,
  G_DBUS_ERROR_NAME_HAS_NO_OWNER,
  G_DBUS_ERROR_NO_SERVER,
  G_DBUS_ERROR_NO_REPLY,
  G_DBUS_ERROR_TIMEOUT,
  G_DBUS_ERROR_TIMED_OUT,
  G_DBUS_ERROR_DISCONNECTED,
  G_DBUS_ERROR_FILE_NOT_FOUND,
  G_DBUS_ERROR_BAD_ADDRESS,
  G_DBUS_ERROR_SPAWN_EXEC_FAILED,
  G_DBUS_ERROR_SPAWN_FORK_FAILED,
  G_DBUS_ERROR_SPAWN_CHILD_EXITED,
  G_DBUS_ERROR_SPAWN_CHILD_SIGNALED,
  G_DBUS_ERROR_SPAWN_FAILED,
  G_DBUS_ERROR_SPAWN_SETUP_FAILED,
  G_DBUS_ERROR_SPAWN_CONFIG_INVALID,
  G_DBUS_ERROR_SPAWN_SERVICE_INVALID,
  G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND,
  G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID,
  G_DBUS_ERROR_SPAWN_FILE_INVALID,
  G_DBUS_ERROR_SPAWN_NO_MEMORY,
};

/* Local failures to reach the session bus (its address, its socket, the
 * connection): missing, refused, closed, unusable. */
static const GIOErrorEnum no_bus_errors[] = {
  G_IO_ERROR_NOT_FOUND,
  G_IO_ERROR_CONNECTION_REFUSED,
  G_IO_ERROR_CLOSED,
  G_IO_ERROR_CONNECTION_CLOSED,
  G_IO_ERROR_PERMISSION_DENIED,
  G_IO_ERROR_INVALID_ARGUMENT,     /* DBUS_SESSION_BUS_ADDRESS does not parse */
  G_IO_ERROR_TIMED_OUT,
  G_IO_ERROR_HOST_UNREACHABLE,
  G_IO_ERROR_NETWORK_UNREACHABLE,
  G_IO_ERROR_FAILED,               /* no address, no autolaunch, no authentication */
};

/* TRUE when @error is an answer over D-Bus (from the bus or the service)
 * rather than a local failure. G_IO_ERROR_DBUS_ERROR is an answer whose
 * name has no GError. */
static gboolean
error_is_dbus_answer (const GError *error)
{
  return error->domain == G_DBUS_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_DBUS_ERROR) ||
         g_dbus_error_is_remote_error (error);
}

/* Errors of the bus itself, or of a Secret Service that is not there. A
 * service that is there and answers with an error is something else. */
static gboolean
error_means_unavailable (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (no_service_errors); i++)
        if (error->code == (int) no_service_errors[i])
          return TRUE;
      return FALSE;
    }

  if (error->domain == G_IO_ERROR && !error_is_dbus_answer (error))
    {
      for (guint i = 0; i < G_N_ELEMENTS (no_bus_errors); i++)
        if (error->code == (int) no_bus_errors[i])
          return TRUE;
    }

  return FALSE;
}

/* Turns an error from libsecret or GDBus into one the admin can act on.
 * A cancellation by the caller stays G_IO_ERROR_CANCELLED. */
static GError *
map_error (GError       *error,
           GCancellable *cancellable)
{
  g_autoptr(GError) owned = error;

  g_assert (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (g_cancellable_is_cancelled (cancellable))
        return g_steal_pointer (&owned);
      /* A cancellation we did not ask for: a prompt was dismissed. */
      return keyring_locked_error_new ();
    }

  if (error->domain == CS_ERROR)
    return g_steal_pointer (&owned);

  /* org.freedesktop.Secret.Error.IsLocked, from any keyring service. */
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return keyring_locked_error_new ();

  if (error_means_unavailable (error))
    {
      g_debug ("Secret Service unavailable: %s", error->message);
      return keyring_unavailable_error_new ();
    }

  g_debug ("Secret Service failed: %s %d: %s",
           g_quark_to_string (error->domain), error->code, error->message);

  if (error_is_dbus_answer (error))
    {
      /* The service is there: retrying (or restarting it) is what helps.
       * libsecret already stripped the D-Bus error name; make sure. */
      g_dbus_error_strip_remote_error (error);
      return g_error_new (CS_ERROR, CS_ERROR_FAILED,
                          _("The keyring service answered with an error (%s). Try again; "
                            "if it keeps failing, log out and back in to restart GNOME "
                            "Keyring."),
                          error->message);
    }

  return g_error_new (CS_ERROR, CS_ERROR_FAILED,
                      _("The keyring could not complete the request (%s). Try again; "
                        "if it keeps failing, log out and back in to restart GNOME Keyring."),
                      error->message);
}

/* ------------------------------------------------------------------------ */
/* The operations                                                            */

typedef struct
{
  SecretService       *service;
  char                *connection_id;  /* NULL: every connection (list) */
  CsSecretKind         kind;
  gboolean             with_kind;
  SecretSearchFlags    search_flags;   /* the first search, see op_start() */
  GAsyncReadyCallback  searched;       /* called with its result */
  GHashTable          *attributes;     /* store: the new item's attributes */
  char                *label;          /* store */
  SecretValue         *value;          /* store: the secret, in libsecret's non-pageable memory */
  char                *default_path;   /* store: the collection the new item went to */
  GList               *items;          /* SecretItem from the last search */
  SecretItem          *item;           /* lookup: the item whose secret is loaded */
  guint                pending;        /* deletions (clear) or label reads (list) still running */
  GHashTable          *collection_labels; /* list: collection path → label */
  GError              *error;          /* the first deletion that failed */
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->service);
  g_free (op->connection_id);
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_free (op->label);
  g_clear_pointer (&op->value, secret_value_unref);
  g_free (op->default_path);
  g_list_free_full (op->items, g_object_unref);
  g_clear_object (&op->item);
  g_clear_error (&op->error);
  g_clear_pointer (&op->collection_labels, g_hash_table_unref);
  g_free (op);
}

static GTask *
op_task_new (CsSecretStore       *self,
             gpointer             source_tag,
             const char          *connection_id,
             gboolean             with_kind,
             CsSecretKind         kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  Op *op;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  op = g_new0 (Op, 1);
  op->connection_id = g_strdup (connection_id);
  op->with_kind = with_kind;
  op->kind = kind;
  g_task_set_task_data (task, op, op_free);

  return task;
}

static void
op_return_error (GTask  *task,
                 GError *error)
{
  g_task_return_error (task, map_error (error, g_task_get_cancellable (task)));
}

/* Searches the items of op's connection (and kind), then calls @callback
 * with @task, whose reference it takes. */
static void
op_search (GTask               *task,
           SecretSearchFlags    flags,
           GAsyncReadyCallback  callback)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) match = NULL;

  g_assert (op->service != NULL);

  match = match_attributes_new (op->connection_id, op->with_kind, op->kind);
  g_list_free_full (g_steal_pointer (&op->items), g_object_unref);
  secret_service_search (op->service, get_schema (), match, flags,
                         g_task_get_cancellable (task), callback, task);
}

/* Takes the result of op_search() into op->items. */
static gboolean
op_search_finish (GTask         *task,
                  GAsyncResult  *result,
                  GError       **error)
{
  Op *op = g_task_get_task_data (task);
  GError *local_error = NULL;

  op->items = secret_service_search_finish (op->service, result, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static void
op_got_service (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->service = secret_service_get_finish (result, &error);
  if (op->service == NULL)
    {
      op_return_error (task, error);
      return;
    }

  op_search (g_steal_pointer (&task), op->search_flags, op->searched);
}

/* How every operation begins: get the Secret Service (@service_flags: with
 * a session when a secret travels), search op's items with @search_flags,
 * then call @searched with @task, whose reference it takes. Never the
 * secret_password_*() helpers: see the top of this file. */
static void
op_start (GTask               *task,
          SecretServiceFlags   service_flags,
          SecretSearchFlags    search_flags,
          GAsyncReadyCallback  searched)
{
  Op *op = g_task_get_task_data (task);

  op->search_flags = search_flags;
  op->searched = searched;
  secret_service_get (service_flags, g_task_get_cancellable (task),
                      op_got_service, task);
}

/* SECRET_SEARCH_UNLOCK does not fail when the admin dismisses the unlock
 * prompt: the items simply stay locked. */
static gboolean
op_any_locked (Op *op)
{
  for (GList *l = op->items; l != NULL; l = l->next)
    {
      if (secret_item_get_locked (l->data))
        return TRUE;
    }

  return FALSE;
}

static void
on_item_deleted (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!secret_item_delete_finish (SECRET_ITEM (source), result, &error))
    {
      if (op->error == NULL)
        op->error = error;
      else
        g_error_free (error);
    }

  g_assert (op->pending > 0);
  if (--op->pending > 0)
    return;

  if (op->error != NULL)
    op_return_error (task, g_steal_pointer (&op->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Deletes every item of op->items except @keep, then returns TRUE or the
 * first failure. */
static void
op_delete_items (GTask      *task,
                 SecretItem *keep)
{
  Op *op = g_task_get_task_data (task);

  for (GList *l = op->items; l != NULL; l = l->next)
    {
      if (l->data == keep)
        continue;
      op->pending++;
      secret_item_delete (l->data, g_task_get_cancellable (task),
                          on_item_deleted, g_object_ref (task));
    }

  if (op->pending == 0)
    g_task_return_boolean (task, TRUE);
}

/* --- store --------------------------------------------------------------- */

/* Among the items of (connection, kind) after the store, the one to keep:
 * the item with exactly the new attributes in the default collection
 * (the one secret_service_store() just wrote), else the newest such item. */
static SecretItem *
store_pick_replacement (Op *op)
{
  g_autofree char *prefix = NULL;
  SecretItem *newest = NULL;

  if (op->default_path != NULL)
    prefix = g_strconcat (op->default_path, "/", NULL);

  for (GList *l = op->items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;

      if (!item_has_attributes (item, op->attributes))
        continue;

      if (prefix != NULL &&
          g_str_has_prefix (g_dbus_proxy_get_object_path (G_DBUS_PROXY (item)), prefix))
        return item;

      if (newest == NULL || secret_item_get_modified (item) > secret_item_get_modified (newest))
        newest = item;
    }

  return newest;
}

static void
store_searched_again (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  SecretItem *keep;
  GError *error = NULL;

  if (!op_search_finish (task, result, &error))
    {
      op_return_error (task, error);
      return;
    }

  keep = store_pick_replacement (op);
  if (keep == NULL)
    {
      /* Should not happen: never delete without a replacement in place. */
      g_debug ("Stored item not found again; leaving older items alone");
      g_task_return_boolean (task, TRUE);
      return;
    }

  op_delete_items (task, keep);
}

static void
store_found_default (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(SecretCollection) collection = NULL;
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      op_return_error (task, error);
      return;
    }

  if (collection != NULL)
    op->default_path = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)));

  op_search (g_steal_pointer (&task), SECRET_SEARCH_ALL, store_searched_again);
}

static void
store_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!secret_service_store_finish (op->service, result, &error))
    {
      /* There was no default keyring and the admin dismissed the prompt
       * that creates one. */
      if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
        {
          g_error_free (error);
          g_task_return_new_error (task, CS_ERROR, CS_ERROR_KEYRING_LOCKED,
                                   _("There is no default keyring to keep the credentials "
                                     "in. Create a “Login” keyring (for example in "
                                     "Passwords and Keys), make it the default and try again."));
          return;
        }

      op_return_error (task, error);
      return;
    }

  /* The secret is in the keyring: drop our copy now. */
  g_clear_pointer (&op->value, secret_value_unref);

  /* secret_service_store() replaced the item with identical attributes in
   * place; items whose attributes differ (org-id and username now known, a
   * new login host) are stale and go. */
  if (op->items == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_collection_for_alias (op->service, SECRET_COLLECTION_DEFAULT,
                               SECRET_COLLECTION_NONE, cancellable,
                               store_found_default, g_steal_pointer (&task));
}

static void
store_searched (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!op_search_finish (task, result, &error))
    {
      op_return_error (task, error);
      return;
    }

  if (op_any_locked (op))
    {
      g_task_return_error (task, keyring_locked_error_new ());
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_service_store (op->service, get_schema (), op->attributes,
                        SECRET_COLLECTION_DEFAULT, op->label, op->value,
                        cancellable, store_stored, g_steal_pointer (&task));
}

void
cs_secret_store_store_async (CsSecretStore       *self,
                             const CsSecretKey   *key,
                             CsSecretKind         kind,
                             const char          *secret,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (str_is_set (key->connection_id));
  g_return_if_fail (str_is_set (key->login_host));
  g_return_if_fail (kind_is_valid (kind));
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, cs_secret_store_store_async, key->connection_id, TRUE, kind,
                      cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->attributes = item_attributes_new (key, kind);
  op->label = label_new (key, kind);
  op->value = secret_value_new (secret, -1, "text/plain");

  g_debug ("Storing the %s of connection %s", cs_secret_kind_to_string (kind), key->connection_id);

  op_start (g_steal_pointer (&task), SECRET_SERVICE_OPEN_SESSION,
            SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, store_searched);
}

gboolean
cs_secret_store_store_finish (CsSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (CS_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_secret_store_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- lookup -------------------------------------------------------------- */

static void
lookup_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(SecretValue) value = NULL;
  GError *error = NULL;
  const char *text;

  if (!secret_item_load_secret_finish (op->item, result, &error))
    {
      op_return_error (task, error);
      return;
    }

  value = secret_item_get_secret (op->item);
  if (value == NULL)
    {
      /* Locked again between the search and the read. */
      g_task_return_error (task, keyring_locked_error_new ());
      return;
    }

  text = secret_value_get_text (value);
  if (text == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_FAILED,
                               _("A keyring item of this connection does not hold text. "
                                 "Remove the connection’s items in Passwords and Keys "
                                 "and set the connection up again."));
      return;
    }

  g_task_return_pointer (task, g_strdup (text), (GDestroyNotify) cs_secret_wipe_free);
}

static void
lookup_searched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  SecretItem *newest = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!op_search_finish (task, result, &error))
    {
      op_return_error (task, error);
      return;
    }

  if (op->items == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* store() keeps one item per kind; should there be more (written by
   * another program), the newest wins. */
  for (GList *l = op->items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;

      if (secret_item_get_locked (item))
        continue;
      if (newest == NULL || secret_item_get_modified (item) > secret_item_get_modified (newest))
        newest = item;
    }

  if (newest == NULL)
    {
      g_task_return_error (task, keyring_locked_error_new ());
      return;
    }

  op->item = g_object_ref (newest);
  cancellable = g_task_get_cancellable (task);
  secret_item_load_secret (op->item, cancellable, lookup_loaded, g_steal_pointer (&task));
}

void
cs_secret_store_lookup_async (CsSecretStore       *self,
                              const char          *connection_id,
                              CsSecretKind         kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (str_is_set (connection_id));
  g_return_if_fail (kind_is_valid (kind));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, cs_secret_store_lookup_async, connection_id, TRUE, kind,
                      cancellable, callback, user_data);

  g_debug ("Looking up the %s of connection %s", cs_secret_kind_to_string (kind), connection_id);

  op_start (g_steal_pointer (&task), SECRET_SERVICE_OPEN_SESSION,
            SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, lookup_searched);
}

char *
cs_secret_store_lookup_finish (CsSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (CS_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_secret_store_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- clear --------------------------------------------------------------- */

static void
clear_searched (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!op_search_finish (task, result, &error))
    {
      op_return_error (task, error);
      return;
    }

  if (op_any_locked (op))
    {
      g_task_return_error (task, keyring_locked_error_new ());
      return;
    }

  op_delete_items (task, NULL);
}

void
cs_secret_store_clear_async (CsSecretStore       *self,
                             const char          *connection_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (str_is_set (connection_id));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, cs_secret_store_clear_async, connection_id, FALSE, 0,
                      cancellable, callback, user_data);

  g_debug ("Clearing the keyring items of connection %s", connection_id);

  op_start (g_steal_pointer (&task), SECRET_SERVICE_NONE,
            SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, clear_searched);
}

gboolean
cs_secret_store_clear_finish (CsSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (CS_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_secret_store_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- list ---------------------------------------------------------------- */

/* The object path of the collection holding @item: its own path less the
 * last component, as the Secret Service lays them out. */
static char *
collection_path_of (SecretItem *item)
{
  const char *path = g_dbus_proxy_get_object_path (G_DBUS_PROXY (item));
  const char *slash = strrchr (path, '/');

  return slash != NULL ? g_strndup (path, (gsize) (slash - path)) : g_strdup (path);
}

/* NULL for an item of our schema we cannot read (written by someone else). */
static CsSecretItemInfo *
item_info_new (SecretItem *item,
               GHashTable *collection_labels)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
  CsSecretItemInfo *info;
  const char *connection_id, *login_host;
  CsSecretKind kind;

  if (attributes == NULL)
    return NULL;

  connection_id = g_hash_table_lookup (attributes, ATTR_CONNECTION);
  login_host = g_hash_table_lookup (attributes, ATTR_LOGIN_HOST);
  if (!str_is_set (connection_id) || !str_is_set (login_host) ||
      !cs_secret_kind_from_string (g_hash_table_lookup (attributes, ATTR_KIND), &kind))
    return NULL;

  info = g_new0 (CsSecretItemInfo, 1);
  info->key = cs_secret_key_new (connection_id, login_host,
                                 g_hash_table_lookup (attributes, ATTR_ORG_ID),
                                 g_hash_table_lookup (attributes, ATTR_USERNAME));
  info->kind = kind;
  info->label = secret_item_get_label (item);
  {
    g_autofree char *path = collection_path_of (item);

    info->collection = g_strdup (g_hash_table_lookup (collection_labels, path));
  }
  info->created = (gint64) secret_item_get_created (item);
  info->modified = (gint64) secret_item_get_modified (item);

  return info;
}

static int
compare_item_infos (gconstpointer a,
                    gconstpointer b)
{
  const CsSecretItemInfo *info_a = *(CsSecretItemInfo * const *) a;
  const CsSecretItemInfo *info_b = *(CsSecretItemInfo * const *) b;
  int cmp;

  cmp = g_strcmp0 (info_a->key->connection_id, info_b->key->connection_id);
  if (cmp != 0)
    return cmp;

  return (int) info_a->kind - (int) info_b->kind;
}

static void
list_return (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GPtrArray) infos = NULL;

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_secret_item_info_free);
  for (GList *l = op->items; l != NULL; l = l->next)
    {
      CsSecretItemInfo *info = item_info_new (l->data, op->collection_labels);

      if (info != NULL)
        g_ptr_array_add (infos, info);
    }
  g_ptr_array_sort (infos, compare_item_infos);

  g_task_return_pointer (task, g_steal_pointer (&infos), (GDestroyNotify) g_ptr_array_unref);
}

typedef struct
{
  GTask *task;
  char  *path;
} LabelCall;

static void
list_got_label (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LabelCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) label = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL)
    {
      g_variant_get (reply, "(v)", &label);
      if (g_variant_is_of_type (label, G_VARIANT_TYPE_STRING))
        g_hash_table_insert (op->collection_labels, g_steal_pointer (&call->path),
                             g_variant_dup_string (label, NULL));
    }
  else
    /* Only a label is lost: the item is listed all the same. */
    g_debug ("No label for the collection %s: %s", call->path, error->message);
  g_free (call->path);
  g_free (call);

  if (--op->pending == 0)
    list_return (task);
}

/* The labels of the collections holding op's items ("Login"), read as
 * properties: loading the service's collections would cache their items,
 * whose lock state then goes stale in the context that loaded them. */
static void
list_fetch_labels (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  GDBusConnection *bus = g_dbus_proxy_get_connection (G_DBUS_PROXY (op->service));
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer path;

  op->collection_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (GList *l = op->items; l != NULL; l = l->next)
    g_hash_table_add (paths, collection_path_of (l->data));

  op->pending = g_hash_table_size (paths);
  if (op->pending == 0)
    {
      list_return (task);
      return;
    }

  g_hash_table_iter_init (&iter, paths);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    {
      LabelCall *call = g_new0 (LabelCall, 1);

      call->task = g_object_ref (task);
      call->path = g_strdup (path);
      g_dbus_connection_call (bus, g_dbus_proxy_get_name (G_DBUS_PROXY (op->service)), path,
                              "org.freedesktop.DBus.Properties", "Get",
                              g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Label"),
                              G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                              g_task_get_cancellable (task), list_got_label, call);
    }
}

static void
list_searched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!op_search_finish (task, result, &error))
    {
      op_return_error (task, error);
      return;
    }

  if (op_any_locked (op))
    {
      g_task_return_error (task, keyring_locked_error_new ());
      return;
    }

  list_fetch_labels (task);
}

void
cs_secret_store_list_async (CsSecretStore       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SECRET_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, cs_secret_store_list_async, NULL, FALSE, 0,
                      cancellable, callback, user_data);

  /* Never SECRET_SEARCH_LOAD_SECRETS: the review screen shows labels only. */
  op_start (g_steal_pointer (&task), SECRET_SERVICE_NONE,
            SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, list_searched);
}

GPtrArray *
cs_secret_store_list_finish (CsSecretStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (CS_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_secret_store_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Synchronous variants: the async ones, run in a private main context       */

static void
on_sync_result (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GMainContext *
sync_begin (void)
{
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  return context;
}

static void
sync_wait (GMainContext  *context,
           GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (context, TRUE);
}

/* Drops the finished task (and the D-Bus proxies it holds), then runs what
 * that queued on @context (GDBus frees signal subscriptions from an idle in
 * the context they were made in) before leaving it. */
static void
sync_end (GMainContext  *context,
          GAsyncResult **result)
{
  g_clear_object (result);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

gboolean
cs_secret_store_store_sync (CsSecretStore      *self,
                            const CsSecretKey  *key,
                            CsSecretKind        kind,
                            const char         *secret,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ret;

  /* The same checks as the async call, which would otherwise never call
   * back and leave us waiting forever. */
  g_return_val_if_fail (CS_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (str_is_set (key->connection_id), FALSE);
  g_return_val_if_fail (str_is_set (key->login_host), FALSE);
  g_return_val_if_fail (kind_is_valid (kind), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = sync_begin ();
  cs_secret_store_store_async (self, key, kind, secret, cancellable, on_sync_result, &result);
  sync_wait (context, &result);
  ret = cs_secret_store_store_finish (self, result, error);
  sync_end (context, &result);

  return ret;
}

char *
cs_secret_store_lookup_sync (CsSecretStore  *self,
                             const char     *connection_id,
                             CsSecretKind    kind,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *ret;

  g_return_val_if_fail (CS_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (str_is_set (connection_id), NULL);
  g_return_val_if_fail (kind_is_valid (kind), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = sync_begin ();
  cs_secret_store_lookup_async (self, connection_id, kind, cancellable, on_sync_result, &result);
  sync_wait (context, &result);
  ret = cs_secret_store_lookup_finish (self, result, error);
  sync_end (context, &result);

  return ret;
}

gboolean
cs_secret_store_clear_sync (CsSecretStore  *self,
                            const char     *connection_id,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ret;

  g_return_val_if_fail (CS_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (str_is_set (connection_id), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = sync_begin ();
  cs_secret_store_clear_async (self, connection_id, cancellable, on_sync_result, &result);
  sync_wait (context, &result);
  ret = cs_secret_store_clear_finish (self, result, error);
  sync_end (context, &result);

  return ret;
}

GPtrArray *
cs_secret_store_list_sync (CsSecretStore  *self,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *ret;

  g_return_val_if_fail (CS_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = sync_begin ();
  cs_secret_store_list_async (self, cancellable, on_sync_result, &result);
  sync_wait (context, &result);
  ret = cs_secret_store_list_finish (self, result, error);
  sync_end (context, &result);

  return ret;
}

/* ------------------------------------------------------------------------ */

static void
cs_secret_store_class_init (CsSecretStoreClass *klass)
{
  /* Registers libsecret's D-Bus error names, so that a keyring's
   * org.freedesktop.Secret.Error.IsLocked arrives as SECRET_ERROR_IS_LOCKED
   * (and not as a bare G_IO_ERROR_DBUS_ERROR) whatever libsecret did first. */
  (void) secret_error_get_quark ();
}

static void
cs_secret_store_init (CsSecretStore *self)
{
}

CsSecretStore *
cs_secret_store_new (void)
{
  return g_object_new (CS_TYPE_SECRET_STORE, NULL);
}
