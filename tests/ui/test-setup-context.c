/* test-setup-context.c: the wizard's setup context against the practice
 * org, without a window: a callback serves one login, a login that became
 * stale meanwhile is dropped, a cancelled Confirm confirms nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-setup-context.h"
#include "cs-test-util.h"

typedef struct
{
  CsSetupContext *context;
  CsPracticeOrg  *org;  /* owned by the context */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->context = cs_setup_context_new (NULL);
  cs_setup_context_set_environment (f->context, CS_ENVIRONMENT_PRACTICE);
  f->org = cs_setup_context_ensure_practice_org (f->context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->org);
  cs_setup_context_set_client_credentials (f->context,
                                           cs_practice_org_get_consumer_key (f->org),
                                           cs_practice_org_get_consumer_secret (f->org));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->context);
  f->org = NULL;
}

/* A new authorization request, logged in through the practice org's forms
 * as the sync user; returns the callback address it ended on. */
static char *
log_in_to_callback (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize_uri = NULL;
  CsOAuthRequest *request;
  char *callback;

  request = cs_setup_context_begin_authorization (f->context);
  g_assert_nonnull (request);
  authorize_uri = cs_oauth_request_build_authorize_uri (request);
  callback = cs_test_drive_login (f->org, authorize_uri,
                                  cs_practice_org_get_sync_username (f->org),
                                  cs_practice_org_get_sync_password (f->org),
                                  TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cs_oauth_request_is_callback (request, callback));
  return callback;
}

static gboolean
complete_login (Fixture     *f,
                const char  *callback,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_setup_context_complete_login_async (f->context, callback, NULL, cs_test_store_result, &result);
  return cs_setup_context_complete_login_finish (f->context, cs_test_await (&result), error);
}

/* The same callback twice (a replayed redirect, a second paste): the second
 * finds no login waiting for it and changes nothing. */
static void
test_callback_used_once (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *callback = log_in_to_callback (f);
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(CsIdentity) identity = NULL;

  g_assert_true (complete_login (f, callback, &error));
  g_assert_no_error (error);
  tokens = g_object_ref (cs_setup_context_get_tokens (f->context));
  identity = g_object_ref (cs_setup_context_get_identity (f->context));
  /* Used up. */
  g_assert_null (cs_setup_context_get_pending_request (f->context));

  g_assert_false (complete_login (f, callback, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_STATE_MISMATCH);
  g_assert_true (cs_setup_context_get_tokens (f->context) == tokens);
  g_assert_true (cs_setup_context_get_identity (f->context) == identity);
}

/* The consumer key and secret change while the code is being exchanged
 * (the admin went back to the credentials page): the tokens of the old
 * app must not end up in the context, where Confirm would store them under
 * the new one. The context says so the way a cancellation does. */
static void
test_stale_after_new_credentials (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *callback = log_in_to_callback (f);

  cs_setup_context_complete_login_async (f->context, callback, NULL, cs_test_store_result, &result);
  cs_setup_context_set_client_credentials (f->context,
                                           "3MVG9A2kN8Bl7EXAMPLE.another_app_0123456789",
                                           "A1B2C3D4E5F60718293A4B5C6D7E8F90");

  g_assert_false (cs_setup_context_complete_login_finish (f->context, cs_test_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cs_setup_context_get_tokens (f->context));
  g_assert_null (cs_setup_context_get_identity (f->context));
}

/* A new attempt started while the previous one is still being checked:
 * only the new one may log in. */
static void
test_stale_after_new_attempt (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *callback = log_in_to_callback (f);
  CsOAuthRequest *request;

  cs_setup_context_complete_login_async (f->context, callback, NULL, cs_test_store_result, &result);
  request = cs_setup_context_begin_authorization (f->context);

  g_assert_false (cs_setup_context_complete_login_finish (f->context, cs_test_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cs_setup_context_get_tokens (f->context));
  g_assert_null (cs_setup_context_get_identity (f->context));
  /* The new attempt is still the one waiting for its callback. */
  g_assert_true (cs_setup_context_get_pending_request (f->context) == request);
}

/* Confirm cancelled: the connection does not count as confirmed, neither
 * in memory nor in the store. */
static void
test_confirm_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CsConnectionStore) store = NULL;
  g_autoptr(CsConnection) stored = NULL;
  g_autofree char *callback = log_in_to_callback (f);
  CsConnection *connection;

  g_assert_true (complete_login (f, callback, &error));
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  cs_setup_context_confirm_async (f->context, cancellable, cs_test_store_result, &result);
  g_assert_false (cs_setup_context_confirm_finish (f->context, cs_test_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  connection = cs_setup_context_get_connection (f->context);
  g_assert_cmpint (connection->confirmed, ==, 0);
  store = cs_connection_store_open (NULL, &error);
  g_assert_no_error (error);
  stored = cs_connection_store_get (store, connection->id, &error);
  g_assert_no_error (error);
  g_assert_true (stored == NULL || stored->confirmed == 0);

  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), connection->id, NULL, NULL);
}

static gboolean
keyring_holds (CsSetupContext *context,
               const char     *connection_id,
               const char     *refresh_token)
{
  g_autoptr(CsSecretString) stored = cs_secret_store_lookup_sync (cs_setup_context_get_secret_store (context),
                                                                  connection_id,
                                                                  CS_SECRET_KIND_REFRESH_TOKEN,
                                                                  NULL, NULL);

  return g_strcmp0 (stored, refresh_token) == 0;
}

/* Refresh Token Rotation during the field sync: the new refresh token
 * replaces the old one in the keyring and in the context, so that a second
 * Confirm does not store the dead one again. */
static void
test_field_sync_keeps_rotated_token (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GAsyncResult) confirmed_again = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *callback = log_in_to_callback (f);
  g_autofree char *old_token = NULL;
  const char *new_token;
  CsFieldSync *sync;
  const char *connection_id;
  gint64 deadline;

  g_assert_true (complete_login (f, callback, &error));
  g_assert_no_error (error);
  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &confirmed);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&confirmed), &error));
  g_assert_no_error (error);
  connection_id = cs_setup_context_get_connection (f->context)->id;
  old_token = g_strdup (cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context)));

  /* The access token expires; the refresh hands out a new refresh token. */
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  sync = cs_setup_context_get_field_sync (f->context, &error);
  g_assert_no_error (error);
  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &checked);
  findings = cs_field_sync_check_finish (sync, cs_test_await (&checked), &error);
  g_assert_no_error (error);

  new_token = cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context));
  g_assert_nonnull (new_token);
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, new_token));
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, old_token));
  /* The same field sync goes on with the new login. */
  g_assert_true (cs_setup_context_get_field_sync (f->context, NULL) == sync);

  /* Stored in the background. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!keyring_holds (f->context, connection_id, new_token) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (keyring_holds (f->context, connection_id, new_token));

  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &confirmed_again);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&confirmed_again), &error));
  g_assert_no_error (error);
  g_assert_true (keyring_holds (f->context, connection_id, new_token));

  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), connection_id, NULL, NULL);
}

/* A My Domain on this computer is refused, whatever its spelling: the
 * consumer secret would go, in clear, to whatever listens there. */
static void
test_my_domain_not_loopback (Fixture       *f,
                             gconstpointer  data)
{
  static const char *loopback[] = {
    "http://localhost:8443",
    "https://localhost",
    "localhost:8443",
    "http://127.0.0.1:8080",
    "https://127.0.0.1",
    "http://[::1]:8443",
  };

  g_assert_true (cs_setup_context_set_my_domain (f->context, "acme.my.salesforce.com", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", loopback[i]);
      g_assert_false (cs_setup_context_set_my_domain (f->context, loopback[i], &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
      g_assert_cmpstr (cs_setup_context_get_my_domain (f->context), ==, "https://acme.my.salesforce.com");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/context/callback-used-once", test_callback_used_once);
  ADD ("/ui/context/field-sync-keeps-rotated-token", test_field_sync_keeps_rotated_token);
  ADD ("/ui/context/stale-after-new-credentials", test_stale_after_new_credentials);
  ADD ("/ui/context/stale-after-new-attempt", test_stale_after_new_attempt);
  ADD ("/ui/context/confirm-cancelled", test_confirm_cancelled);
  ADD ("/ui/context/my-domain-not-loopback", test_my_domain_not_loopback);

#undef ADD

  return g_test_run ();
}
