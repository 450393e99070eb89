/* cs-test-keyring.c: locking build-aux/test-env's real keyring for a
 * moment, so that tests can meet a keyring that refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-test-keyring.h"

/* The password of build-aux/test-env's throw-away login keyring (not a
 * secret: it protects nothing but test data). */
#define TEST_KEYRING_PASSWORD "crm-sync-test-keyring"

/* Where gnome-keyring-daemon asks for the unlock password (gcr's system
 * prompter, and the private one it falls back to). */
static const char * const prompter_names[] = {
  "org.gnome.keyring.SystemPrompter",
  "org.gnome.keyring.PrivatePrompter",
};

gboolean
cs_test_have_test_keyring (void)
{
  if (g_getenv ("CS_TEST_KEYRING_HOME") == NULL)
    {
      g_test_skip ("Needs the keyring of build-aux/test-env");
      return FALSE;
    }

  return TRUE;
}

/* Takes the prompter names on a connection of our own, on which nothing is
 * exported: gnome-keyring's BeginPrompting call then gets an UnknownMethod
 * error at once, so the unlock prompt fails (as if dismissed) instead of
 * showing a dialog on the test display and waiting forever. NULL (and the
 * test skipped) when a real prompter already holds a name. */
GDBusConnection *
cs_test_keyring_claim_prompter (void)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (prompter_names); i++)
    {
      g_autoptr(GVariant) reply = NULL;
      guint32 status;

      reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus",
                                           "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                           "RequestName",
                                           g_variant_new ("(su)", prompter_names[i],
                                                          0x4 /* DBUS_NAME_FLAG_DO_NOT_QUEUE */),
                                           G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE,
                                           -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(u)", &status);
      if (status != 1 /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */)
        {
          g_test_skip ("A keyring prompter is already running on this bus");
          return NULL;
        }
    }

  return g_steal_pointer (&connection);
}

static char *
default_collection_path (SecretService *service)
{
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  return g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)));
}

void
cs_test_keyring_lock_default (SecretService *service)
{
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  GList *objects;
  int n_locked;

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  objects = g_list_append (NULL, collection);
  n_locked = secret_service_lock_sync (service, objects, NULL, NULL, &error);
  g_list_free (objects);
  g_assert_no_error (error);
  g_assert_cmpint (n_locked, ==, 1);
}

/* Unlocks without a prompt, through gnome-keyring's own interface (the one
 * its PAM module uses), so that the tests after this one find the keyring
 * as they expect it. */
void
cs_test_keyring_unlock_default (SecretService *service)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) opened = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *collection = default_collection_path (service);
  const char *session;
  GVariant *master;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* A "plain" session: the password travels unencrypted on the private bus
   * of build-aux/test-env, which is fine for the test keyring's. */
  opened = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                        "org.freedesktop.Secret.Service", "OpenSession",
                                        g_variant_new ("(sv)", "plain", g_variant_new_string ("")),
                                        G_VARIANT_TYPE ("(vo)"), G_DBUS_CALL_FLAGS_NONE,
                                        -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (opened, "(v&o)", &output, &session);

  master = g_variant_new ("(o@ay@ays)", session,
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, TEST_KEYRING_PASSWORD,
                                                     strlen (TEST_KEYRING_PASSWORD), 1),
                          "text/plain");
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                                       "UnlockWithMasterPassword",
                                       g_variant_new ("(o@(oayays))", collection, master),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", session,
                                       "org.freedesktop.Secret.Session", "Close",
                                       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}


/* Our schema as any program would declare it to find our items. */
static const SecretSchema *
our_schema (void)
{
  static const SecretSchema schema = {
    CS_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "connection", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

void
cs_test_keyring_delete_item (const char   *connection_id,
                             CsSecretKind  kind)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (secret_password_clear_sync (our_schema (), NULL, &error,
                                             "connection", connection_id,
                                             "kind", cs_secret_kind_to_string (kind),
                                             NULL));
  g_assert_no_error (error);
}

guint
cs_test_keyring_count_items (const char *connection_id)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;
  guint count;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_insert (attributes, (gpointer) "connection", (gpointer) connection_id);
  items = secret_service_search_sync (service, our_schema (), attributes, SECRET_SEARCH_ALL,
                                      NULL, &error);
  g_assert_no_error (error);
  count = g_list_length (items);
  g_list_free_full (items, g_object_unref);
  return count;
}
