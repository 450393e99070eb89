/* test-secret-store-errors.c: CsSecretStore when the keyring is missing or
 * stays locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsecret/secret.h>

#include "cs-core.h"
#include "cs-test-keyring.h"
#include "store-test-common.h"

#define PRODUCTION "https://login.salesforce.com"

/* --- keyring unavailable ------------------------------------------------- */

static void
assert_unavailable (GError *error)
{
  g_assert_error (error, CS_ERROR, CS_ERROR_KEYRING_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "GNOME Keyring"));
  g_assert_nonnull (strstr (error->message, "nothing was saved anywhere else"));
}

/* Every operation, sync and async, fails with CS_ERROR_KEYRING_UNAVAILABLE
 * and leaves no trace of the secret in a file. */
static void
check_everything_unavailable (void)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret = store_test_secret_new ("unavailable");
  GAsyncResult *result = NULL;
  GPtrArray *listed;
  char *found;

  key = cs_secret_key_new (id, PRODUCTION, NULL, NULL);

  g_assert_false (cs_secret_store_store_sync (store, key, CS_SECRET_KIND_CONSUMER_SECRET,
                                              secret, NULL, &error));
  assert_unavailable (error);
  g_clear_error (&error);

  found = cs_secret_store_lookup_sync (store, id, CS_SECRET_KIND_CONSUMER_SECRET, NULL, &error);
  g_assert_null (found);
  assert_unavailable (error);
  g_clear_error (&error);

  g_assert_false (cs_secret_store_clear_sync (store, id, NULL, &error));
  assert_unavailable (error);
  g_clear_error (&error);

  listed = cs_secret_store_list_sync (store, NULL, &error);
  g_assert_null (listed);
  assert_unavailable (error);
  g_clear_error (&error);

  cs_secret_store_store_async (store, key, CS_SECRET_KIND_REFRESH_TOKEN, secret, NULL,
                               store_test_result_cb, &result);
  g_assert_false (cs_secret_store_store_finish (store, store_test_await (&result), &error));
  assert_unavailable (error);
  g_clear_error (&error);
  g_clear_object (&result);

  store_test_assert_no_file_contains (secret);
}

/* DBUS_SESSION_BUS_ADDRESS points at a socket that does not exist. */
static void
test_unavailable_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus-%u",
                                                  g_get_tmp_dir (), g_random_int ());

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      check_everything_unavailable ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A session bus on which no Secret Service is running or activatable. */
static void
test_unavailable_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

      g_test_dbus_up (bus);
      check_everything_unavailable ();
      secret_service_disconnect ();
      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* --- a keyring service that answers with errors --------------------------- */

/* A Secret Service on a bus of its own that answers every method call with
 * the D-Bus error @error_name: a daemon that is running but refuses. */
typedef struct
{
  GTestDBus       *bus;
  GDBusConnection *connection;
  char            *error_name;
} FakeService;

static GDBusMessage *
fake_service_filter (GDBusConnection *connection,
                     GDBusMessage    *message,
                     gboolean         incoming,
                     gpointer         user_data)
{
  FakeService *fake = user_data;
  g_autoptr(GDBusMessage) reply = NULL;

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    return message;

  /* Runs in GDBus's worker thread; sending from it is allowed. */
  reply = g_dbus_message_new_method_error_literal (message, fake->error_name,
                                                   "The test keyring refuses");
  g_dbus_connection_send_message (connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
  g_object_unref (message);
  return NULL;
}

static FakeService *
fake_service_new (const char *error_name)
{
  FakeService *fake = g_new0 (FakeService, 1);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  guint32 status;

  fake->error_name = g_strdup (error_name);
  fake->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fake->bus);

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fake->connection = g_dbus_connection_new_for_address_sync (address,
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (fake->connection, fake_service_filter, fake, NULL);

  reply = g_dbus_connection_call_sync (fake->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets",
                                                      0x4 /* DBUS_NAME_FLAG_DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &status);
  g_assert_cmpuint (status, ==, 1 /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */);

  return fake;
}

static void
fake_service_free (FakeService *fake)
{
  secret_service_disconnect ();
  g_dbus_connection_close_sync (fake->connection, NULL, NULL);
  g_clear_object (&fake->connection);
  g_test_dbus_down (fake->bus);
  g_clear_object (&fake->bus);
  g_free (fake->error_name);
  g_free (fake);
}

typedef void (*AssertErrorFunc) (GError *error);

/* Every operation, sync and async, fails the way @assert_error expects. */
static void
check_everything_fails (AssertErrorFunc assert_error)
{
  g_autoptr(CsSecretStore) store = cs_secret_store_new ();
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret = store_test_secret_new ("refused");
  GAsyncResult *result = NULL;
  GPtrArray *listed;
  char *found;

  key = cs_secret_key_new (id, PRODUCTION, NULL, NULL);

  g_assert_false (cs_secret_store_store_sync (store, key, CS_SECRET_KIND_CONSUMER_SECRET,
                                              secret, NULL, &error));
  assert_error (error);
  g_clear_error (&error);

  found = cs_secret_store_lookup_sync (store, id, CS_SECRET_KIND_CONSUMER_SECRET, NULL, &error);
  g_assert_null (found);
  assert_error (error);
  g_clear_error (&error);

  g_assert_false (cs_secret_store_clear_sync (store, id, NULL, &error));
  assert_error (error);
  g_clear_error (&error);

  listed = cs_secret_store_list_sync (store, NULL, &error);
  g_assert_null (listed);
  assert_error (error);
  g_clear_error (&error);

  cs_secret_store_store_async (store, key, CS_SECRET_KIND_REFRESH_TOKEN, secret, NULL,
                               store_test_result_cb, &result);
  g_assert_false (cs_secret_store_store_finish (store, store_test_await (&result), &error));
  assert_error (error);
  g_clear_error (&error);
  g_clear_object (&result);

  store_test_assert_no_file_contains (secret);
}

static void
assert_service_error (GError *error)
{
  g_test_message ("%s", error->message);
  g_assert_error (error, CS_ERROR, CS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "keyring service answered with an error"));
  g_assert_nonnull (strstr (error->message, "Try again"));
  /* Not the advice for a keyring that is not there. */
  g_assert_null (strstr (error->message, "No keyring service is running"));
}

static void
assert_locked_any (GError *error)
{
  g_test_message ("%s", error->message);
  g_assert_error (error, CS_ERROR, CS_ERROR_KEYRING_LOCKED);
}

/* When the fake service answers a call of the clear path with a D-Bus
 * error, GIO leaves three 8-byte records of its own behind (allocated inside
 * libgio while it dispatches the error reply; no frame of ours or of
 * libsecret allocates them). Leak checking is off in these children only;
 * AddressSanitizer still checks every memory access, and every other test
 * keeps leak checking on. */
static void
trap_without_leak_check (void)
{
  g_autofree char *asan_options = g_strdup (g_getenv ("ASAN_OPTIONS"));

  if (asan_options != NULL)
    g_setenv ("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (asan_options != NULL)
    g_setenv ("ASAN_OPTIONS", asan_options, TRUE);
}

/* A running keyring that answers with an error D-Bus has no GError for
 * (G_IO_ERROR_DBUS_ERROR) is not "no keyring service". */
static void
test_service_error_unknown (void)
{
  if (g_test_subprocess ())
    {
      FakeService *fake = fake_service_new ("org.example.Keyring.Error.Broken");

      check_everything_fails (assert_service_error);
      fake_service_free (fake);
      return;
    }

  trap_without_leak_check ();
  g_test_trap_assert_passed ();
}

/* Nor is a standard D-Bus error from it, such as AccessDenied. */
static void
test_service_error_access_denied (void)
{
  if (g_test_subprocess ())
    {
      FakeService *fake = fake_service_new ("org.freedesktop.DBus.Error.AccessDenied");

      check_everything_fails (assert_service_error);
      fake_service_free (fake);
      return;
    }

  trap_without_leak_check ();
  g_test_trap_assert_passed ();
}

/* An answer about locking says to unlock the keyring. */
static void
test_service_error_locked (void)
{
  if (g_test_subprocess ())
    {
      FakeService *fake = fake_service_new ("org.freedesktop.Secret.Error.IsLocked");

      check_everything_fails (assert_locked_any);
      fake_service_free (fake);
      return;
    }

  trap_without_leak_check ();
  g_test_trap_assert_passed ();
}

/* --- keyring locked ------------------------------------------------------ */

static void
assert_locked (GError *error)
{
  g_assert_error (error, CS_ERROR, CS_ERROR_KEYRING_LOCKED);
  g_assert_nonnull (strstr (error->message, "“Login” keyring"));
  g_assert_nonnull (strstr (error->message, "Passwords and Keys"));
}

static void
test_locked (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GDBusConnection) prompter = NULL;
  g_autoptr(CsSecretStore) store = NULL;
  g_autoptr(CsSecretKey) key = NULL;
  g_autoptr(CsSecretKey) fresh_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *fresh_id = g_uuid_string_random ();
  g_autofree char *secret = store_test_secret_new ("before-lock");
  g_autofree char *rejected = store_test_secret_new ("while-locked");
  GAsyncResult *result = NULL;
  GPtrArray *listed;
  char *found;
  gint64 started;

  if (!cs_test_have_test_keyring ())
    return;

  store = cs_secret_store_new ();
  key = cs_secret_key_new (id, PRODUCTION, "00D000000000005AAA", "locked@example.com");
  fresh_key = cs_secret_key_new (fresh_id, PRODUCTION, NULL, NULL);

  g_assert_true (cs_secret_store_store_sync (store, key, CS_SECRET_KIND_REFRESH_TOKEN,
                                             secret, NULL, &error));
  g_assert_no_error (error);

  prompter = cs_test_keyring_claim_prompter ();
  if (prompter == NULL)
    {
      g_assert_true (cs_secret_store_clear_sync (store, id, NULL, &error));
      return;
    }

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  cs_test_keyring_lock_default (service);
  started = g_get_monotonic_time ();

  /* An existing item: the store's own search finds it locked. */
  g_assert_false (cs_secret_store_store_sync (store, key, CS_SECRET_KIND_REFRESH_TOKEN,
                                              rejected, NULL, &error));
  assert_locked (error);
  g_clear_error (&error);

  /* No item yet: the Secret Service refuses to create one. */
  g_assert_false (cs_secret_store_store_sync (store, fresh_key, CS_SECRET_KIND_CONSUMER_SECRET,
                                              rejected, NULL, &error));
  assert_locked (error);
  g_clear_error (&error);

  found = cs_secret_store_lookup_sync (store, id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  g_assert_null (found);
  assert_locked (error);
  g_clear_error (&error);

  listed = cs_secret_store_list_sync (store, NULL, &error);
  g_assert_null (listed);
  assert_locked (error);
  g_clear_error (&error);

  g_assert_false (cs_secret_store_clear_sync (store, id, NULL, &error));
  assert_locked (error);
  g_clear_error (&error);

  cs_secret_store_lookup_async (store, id, CS_SECRET_KIND_REFRESH_TOKEN, NULL,
                                store_test_result_cb, &result);
  g_assert_null (cs_secret_store_lookup_finish (store, store_test_await (&result), &error));
  assert_locked (error);
  g_clear_error (&error);
  g_clear_object (&result);

  cs_secret_store_store_async (store, fresh_key, CS_SECRET_KIND_CONSUMER_KEY, rejected, NULL,
                               store_test_result_cb, &result);
  g_assert_false (cs_secret_store_store_finish (store, store_test_await (&result), &error));
  assert_locked (error);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The failed prompts never waited for a person. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);

  cs_test_keyring_unlock_default (service);
  g_dbus_connection_close_sync (prompter, NULL, &error);
  g_assert_no_error (error);

  /* Nothing changed while locked. */
  found = cs_secret_store_lookup_sync (store, id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, secret);
  cs_secret_free (found);
  found = cs_secret_store_lookup_sync (store, fresh_id, CS_SECRET_KIND_CONSUMER_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  g_assert_true (cs_secret_store_clear_sync (store, id, NULL, &error));
  g_assert_no_error (error);

  store_test_assert_secrets_nowhere ();
}

int
main (int    argc,
      char **argv)
{
  store_test_init (&argc, &argv);

  g_test_add_func ("/secret-store/unavailable/no-bus", test_unavailable_no_bus);
  g_test_add_func ("/secret-store/unavailable/no-service", test_unavailable_no_service);
  g_test_add_func ("/secret-store/service-error/unknown", test_service_error_unknown);
  g_test_add_func ("/secret-store/service-error/access-denied", test_service_error_access_denied);
  g_test_add_func ("/secret-store/service-error/locked", test_service_error_locked);
  g_test_add_func ("/secret-store/locked", test_locked);

  return g_test_run ();
}
