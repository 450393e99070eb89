/* test-setup-context.c: the wizard's setup context against the practice
 * org, without a window: a callback serves one login, a login that became
 * stale meanwhile is dropped, a cancelled Confirm confirms nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-setup-context.h"
#include "cs-ui-test-util.h"
#include "cs-test-keyring.h"
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
  f->org = cs_ui_test_attach_practice_org (f->context);
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

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* "field-sync" says which field sync the pages show: none before Confirm,
 * the one made for the confirmed login, none again once that login is
 * forgotten, and a new one for the next login. */
static void
test_field_sync_property (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GAsyncResult) confirmed_again = NULL;
  g_autoptr(CsFieldSync) shown = NULL;
  g_autoptr(CsFieldSync) first = NULL;
  g_autofree char *callback = log_in_to_callback (f);
  g_autofree char *callback_again = NULL;
  CsFieldSync *second;
  const char *connection_id;
  guint n_notified = 0;

  g_signal_connect (f->context, "notify::field-sync", G_CALLBACK (count_notify_cb), &n_notified);

  g_assert_true (complete_login (f, callback, &error));
  g_assert_no_error (error);
  g_assert_null (cs_setup_context_get_field_sync (f->context, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (n_notified, ==, 0);

  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &confirmed);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&confirmed), &error));
  g_assert_no_error (error);
  connection_id = cs_setup_context_get_connection (f->context)->id;
  g_object_get (f->context, "field-sync", &shown, NULL);
  g_assert_null (shown);

  /* Made on first use, and the same one after. */
  first = g_object_ref (cs_setup_context_get_field_sync (f->context, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_true (cs_setup_context_get_field_sync (f->context, NULL) == first);
  g_assert_cmpuint (n_notified, ==, 1);
  g_object_get (f->context, "field-sync", &shown, NULL);
  g_assert_true (shown == first);
  g_clear_object (&shown);

  /* "Log In Again": the login it belonged to is gone. */
  cs_setup_context_forget_login (f->context);
  g_assert_cmpuint (n_notified, ==, 2);
  g_object_get (f->context, "field-sync", &shown, NULL);
  g_assert_null (shown);

  callback_again = log_in_to_callback (f);
  g_assert_true (complete_login (f, callback_again, &error));
  g_assert_no_error (error);
  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &confirmed_again);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&confirmed_again), &error));
  g_assert_no_error (error);
  second = cs_setup_context_get_field_sync (f->context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_true (second != first);
  g_assert_cmpuint (n_notified, ==, 3);

  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), connection_id, NULL, NULL);
}

/* How many refresh tokens the sync user holds at the org (revoking them
 * all says; use last). */
static guint
live_sync_tokens (CsPracticeOrg *org)
{
  guint revoked = G_MAXUINT;

  g_assert_true (cs_practice_org_revoke_user_tokens (org, cs_practice_org_get_sync_username (org), &revoked));
  return revoked;
}

static void
confirm (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cs_setup_context_confirm_async (f->context, NULL, cs_test_store_result, &result);
  g_assert_true (cs_setup_context_confirm_finish (f->context, cs_test_await (&result), &error));
  g_assert_no_error (error);
}

/* A revoke runs in the background: waits until the org no longer knows
 * @revoked_token (or 30 s). */
static void
wait_for_revoke (Fixture    *f,
                 const char *revoked_token)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (cs_practice_org_is_refresh_token_valid (f->org, revoked_token) &&
         g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* "Log In Again" before Confirm: the login nobody stored is revoked.
 * After Confirm, the stored one stays until the next Confirm stored its
 * successor, then it is revoked. */
static void
test_log_in_again_revokes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first_callback = log_in_to_callback (f);
  g_autofree char *second_callback = NULL;
  g_autofree char *third_callback = NULL;
  g_autofree char *unstored = NULL;
  g_autofree char *stored = NULL;
  const char *connection_id;

  g_assert_true (complete_login (f, first_callback, &error));
  unstored = g_strdup (cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context)));
  cs_setup_context_forget_login (f->context);
  wait_for_revoke (f, unstored);
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, unstored));

  second_callback = log_in_to_callback (f);
  g_assert_true (complete_login (f, second_callback, &error));
  g_assert_no_error (error);
  confirm (f);
  connection_id = cs_setup_context_get_connection (f->context)->id;
  stored = g_strdup (cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context)));
  cs_setup_context_forget_login (f->context);
  /* Still the keyring's, still valid. */
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, stored));
  g_assert_true (keyring_holds (f->context, connection_id, stored));

  third_callback = log_in_to_callback (f);
  g_assert_true (complete_login (f, third_callback, &error));
  g_assert_no_error (error);
  confirm (f);
  g_assert_true (keyring_holds (f->context, connection_id,
                                cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context))));
  g_assert_false (cs_practice_org_is_refresh_token_valid (f->org, stored));

  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), connection_id, NULL, NULL);
}

/* A login dropped as stale leaves no live token at the org. */
static void
test_stale_login_revoked (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *callback = log_in_to_callback (f);

  cs_setup_context_complete_login_async (f->context, callback, NULL, cs_test_store_result, &result);
  cs_setup_context_begin_authorization (f->context);
  g_assert_false (cs_setup_context_complete_login_finish (f->context, cs_test_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (live_sync_tokens (f->org), ==, 0);
}

/* A re-authorization that lands in another org is refused: no login in
 * the context, nothing stored. */
static void
test_reauthorization_other_org (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CsConnection) elsewhere = cs_connection_new (cs_practice_org_get_url (f->org), "practice");
  g_autoptr(GError) error = NULL;
  g_autofree char *callback = NULL;

  elsewhere->org_id = g_strdup ("00D000000000001AAA");
  elsewhere->username = g_strdup (cs_practice_org_get_sync_username (f->org));
  elsewhere->confirmed = 1;
  cs_setup_context_set_reauthorization (f->context, elsewhere);
  g_assert_cmpint (cs_setup_context_get_task (f->context), ==, CS_SETUP_TASK_REAUTHORIZE);
  g_assert_cmpstr (cs_setup_context_get_expected_org_id (f->context), ==, "00D000000000001AAA");

  callback = log_in_to_callback (f);
  g_assert_false (complete_login (f, callback, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_WRONG_ORG);
  g_assert_null (cs_setup_context_get_tokens (f->context));
  g_assert_cmpuint (live_sync_tokens (f->org), ==, 0);
}

/* The keyring refuses a rotated refresh token: the pages get an error
 * that says what to do, the token is kept in memory, and Try Again
 * stores it. */
static void
test_rotation_keyring_failure (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GAsyncResult) retried = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GDBusConnection) prompter = NULL;
  g_autofree char *callback = log_in_to_callback (f);
  g_autofree char *old_token = NULL;
  const GError *shown;
  const char *new_token;
  const char *connection_id;
  CsFieldSync *sync;
  guint notified = 0;
  gint64 deadline;

  if (!cs_test_have_test_keyring ())
    return;
  g_assert_true (complete_login (f, callback, &error));
  confirm (f);
  connection_id = cs_setup_context_get_connection (f->context)->id;
  old_token = g_strdup (cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context)));
  g_signal_connect (f->context, "notify::keyring-error", G_CALLBACK (count_notify_cb), &notified);

  prompter = cs_test_keyring_claim_prompter ();
  if (prompter == NULL)
    return;
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);

  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);
  sync = cs_setup_context_get_field_sync (f->context, &error);
  g_assert_no_error (error);
  cs_test_keyring_lock_default (service);
  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &checked);
  findings = cs_field_sync_check_finish (sync, cs_test_await (&checked), &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (cs_setup_context_get_keyring_error (f->context) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  cs_test_keyring_unlock_default (service);

  shown = cs_setup_context_get_keyring_error (f->context);
  g_assert_nonnull (shown);
  g_assert_error ((GError *) shown, CS_ERROR, CS_ERROR_KEYRING_LOCKED);
  g_assert_nonnull (strstr (shown->message, "Unlock"));
  g_assert_nonnull (strstr (shown->message, "Try Again"));
  g_assert_cmpuint (notified, ==, 1);

  /* Kept in memory: the context goes on with it; the keyring has the dead one. */
  new_token = cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context));
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_true (cs_practice_org_is_refresh_token_valid (f->org, new_token));
  g_assert_true (keyring_holds (f->context, connection_id, old_token));

  cs_setup_context_retry_keyring_write_async (f->context, cs_test_store_result, &retried);
  g_assert_true (cs_setup_context_retry_keyring_write_finish (f->context, cs_test_await (&retried), &error));
  g_assert_no_error (error);
  g_assert_true (keyring_holds (f->context, connection_id, new_token));
  g_assert_null (cs_setup_context_get_keyring_error (f->context));
  g_assert_cmpuint (notified, ==, 2);

  g_signal_handlers_disconnect_by_func (f->context, count_notify_cb, &notified);
  g_dbus_connection_close_sync (prompter, NULL, NULL);
  cs_secret_store_clear_sync (cs_setup_context_get_secret_store (f->context), connection_id, NULL, NULL);
}

typedef struct
{
  Fixture      *f;
  GApplication *application;
  GAsyncResult *checked;
  char         *rotated;
  CsSecretStore *secrets;
} ClosedWindow;

/* The rotation arrived: the admin closes the window at once. */
static void
closed_tokens_cb (CsSetupContext *context,
                  GParamSpec     *pspec,
                  ClosedWindow   *closed)
{
  CsTokenSet *tokens = cs_setup_context_get_tokens (context);

  if (closed->rotated != NULL || tokens == NULL)
    return;
  closed->rotated = g_strdup (cs_token_set_get_refresh_token (tokens));
  g_signal_handlers_disconnect_by_func (context, closed_tokens_cb, closed);
  /* The window and its context go; only the vault's write holds the app. */
  g_clear_object (&closed->f->context);
  closed->f->org = NULL;
  g_application_release (closed->application);
}

static void
closed_activate_cb (GApplication *application,
                    ClosedWindow *closed)
{
  g_autoptr(GError) error = NULL;
  CsFieldSync *sync = cs_setup_context_get_field_sync (closed->f->context, &error);

  g_assert_no_error (error);
  g_application_hold (application);
  g_signal_connect (closed->f->context, "notify::tokens", G_CALLBACK (closed_tokens_cb), closed);
  cs_field_sync_check_async (sync, NULL, cs_test_store_result, &closed->checked);
}

/* Issue test 8: a window closed right after a rotation still leaves the
 * rotated token in the keyring (the application stays up until the write
 * ends). */
static void
test_window_closed_after_rotation (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GApplication) application = NULL;
  g_autofree char *callback = log_in_to_callback (f);
  g_autofree char *connection_id = NULL;
  g_autofree char *old_token = NULL;
  g_autoptr(CsSecretString) stored = NULL;
  ClosedWindow closed = { f, NULL, NULL, NULL, NULL };

  g_assert_true (complete_login (f, callback, &error));
  confirm (f);
  connection_id = g_strdup (cs_setup_context_get_connection (f->context)->id);
  old_token = g_strdup (cs_token_set_get_refresh_token (cs_setup_context_get_tokens (f->context)));
  closed.secrets = g_object_ref (cs_setup_context_get_secret_store (f->context));
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_ROTATE_REFRESH, TRUE);
  cs_practice_org_set_fault (f->org, CS_PRACTICE_FAULT_SESSION_EXPIRED, TRUE);

  application = g_application_new ("io.github.crmsync.Setup.ContextTest", G_APPLICATION_NON_UNIQUE);
  closed.application = application;
  g_application_set_default (application);
  g_signal_connect (application, "activate", G_CALLBACK (closed_activate_cb), &closed);
  g_assert_cmpint (g_application_run (application, 0, NULL), ==, 0);
  g_application_set_default (NULL);

  /* Nothing else ran after the application ended: the write was done. */
  g_assert_nonnull (closed.rotated);
  g_assert_cmpstr (closed.rotated, !=, old_token);
  stored = cs_secret_store_lookup_sync (closed.secrets, connection_id, CS_SECRET_KIND_REFRESH_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, closed.rotated);

  /* The check in flight ends (its org went with the window). */
  cs_test_await (&closed.checked);
  g_clear_object (&closed.checked);
  cs_secret_store_clear_sync (closed.secrets, connection_id, NULL, NULL);
  g_clear_object (&closed.secrets);
  g_free (closed.rotated);
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
  ADD ("/ui/context/field-sync-property", test_field_sync_property);
  ADD ("/ui/context/stale-after-new-credentials", test_stale_after_new_credentials);
  ADD ("/ui/context/stale-after-new-attempt", test_stale_after_new_attempt);
  ADD ("/ui/context/confirm-cancelled", test_confirm_cancelled);
  ADD ("/ui/context/my-domain-not-loopback", test_my_domain_not_loopback);
  ADD ("/ui/context/log-in-again-revokes", test_log_in_again_revokes);
  ADD ("/ui/context/stale-login-revoked", test_stale_login_revoked);
  ADD ("/ui/context/reauthorization-other-org", test_reauthorization_other_org);
  ADD ("/ui/context/rotation-keyring-failure", test_rotation_keyring_failure);
  ADD ("/ui/context/window-closed-after-rotation", test_window_closed_after_rotation);

#undef ADD

  return g_test_run ();
}
