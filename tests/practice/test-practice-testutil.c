/* test-practice-testutil.c: the shared helpers of tests/common against the
 * practice org: the form-driving browser, the full login through the core,
 * cs_test_await() and the secrets-on-disk scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-test-util.h"

static char *
authorize_uri (CsPracticeOrg *org,
               const char    *client_id,
               const char    *state)
{
  g_autofree char *query = soup_form_encode ("response_type", "code",
                                             "client_id", client_id,
                                             "redirect_uri", cs_practice_org_get_callback_url (org),
                                             "state", state,
                                             "scope", "api refresh_token",
                                             NULL);

  return g_strdup_printf ("%s/services/oauth2/authorize?%s", cs_practice_org_get_url (org), query);
}

static void
test_drive_login_allow (void)
{
  g_autoptr(CsPracticeOrg) org = cs_test_practice_org_new (5);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = authorize_uri (org, cs_practice_org_get_consumer_key (org), "abc");
  g_autofree char *location = cs_test_drive_login (org, uri, cs_practice_org_get_sync_username (org),
                                                   cs_practice_org_get_sync_password (org), TRUE, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (location, cs_practice_org_get_callback_url (org)));
  g_assert_nonnull (strstr (location, "?code=aPrx"));
  g_assert_true (g_str_has_suffix (location, "&state=abc"));
  /* It went through every page: login, verification, consent. */
  g_assert_cmpuint (cs_practice_org_get_request_count (org, "/login"), ==, 1);
  g_assert_cmpuint (cs_practice_org_get_request_count (org, "/_ui/identity/verification/"), ==, 2);
  g_assert_cmpuint (cs_practice_org_get_request_count (org, "/setup/secur/"), ==, 2);
}

static void
test_drive_login_deny (void)
{
  g_autoptr(CsPracticeOrg) org = cs_test_practice_org_new (5);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = authorize_uri (org, cs_practice_org_get_consumer_key (org), "abc");
  g_autofree char *location = cs_test_drive_login (org, uri, cs_practice_org_get_admin_username (org),
                                                   cs_practice_org_get_admin_password (org), FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (location, "error=access_denied"));
  g_assert_null (strstr (location, "code="));
}

static void
test_drive_login_failures (void)
{
  g_autoptr(CsPracticeOrg) org = cs_test_practice_org_new (5);
  g_autoptr(GError) wrong_password = NULL;
  g_autoptr(GError) unknown_client = NULL;
  g_autofree char *uri = authorize_uri (org, cs_practice_org_get_consumer_key (org), "abc");
  g_autofree char *bad_uri = authorize_uri (org, "3MVG9unknown", "abc");
  g_autofree char *none = cs_test_drive_login (org, uri, cs_practice_org_get_sync_username (org),
                                               "wrong", TRUE, &wrong_password);
  g_autofree char *nothing = cs_test_drive_login (org, bad_uri, cs_practice_org_get_sync_username (org),
                                                  cs_practice_org_get_sync_password (org), TRUE,
                                                  &unknown_client);

  g_assert_null (none);
  g_assert_error (wrong_password, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (wrong_password->message, "Please check your username and password"));
  g_assert_null (nothing);
  g_assert_error (unknown_client, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (unknown_client->message, "OAUTH_EC_APP_NOT_FOUND"));
}

static void
test_login_through_core (void)
{
  g_autoptr(CsPracticeOrg) org = cs_test_practice_org_new (5);
  g_autoptr(CsOAuthClient) oauth = cs_oauth_client_new (cs_practice_org_get_url (org),
                                                        cs_practice_org_get_consumer_key (org),
                                                        cs_practice_org_get_consumer_secret (org));
  g_autoptr(GError) error = NULL;
  g_autoptr(CsTokenSet) tokens = cs_test_login (org, oauth, cs_practice_org_get_sync_username (org),
                                                cs_practice_org_get_sync_password (org), &error);

  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_assert_true (cs_practice_org_is_access_token_valid (org, cs_token_set_get_access_token (tokens)));
  g_assert_true (cs_practice_org_is_refresh_token_valid (org, cs_token_set_get_refresh_token (tokens)));
  g_assert_cmpstr (cs_token_set_get_instance_url (tokens), ==, cs_practice_org_get_url (org));
  g_assert_true (g_str_has_suffix (cs_token_set_get_id_url (tokens), cs_practice_org_get_sync_user_id (org)));
}

static void
return_later (GTask *task)
{
  g_task_return_int (task, 42);
}

static gboolean
complete_in_idle (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  return_later (task);
  return G_SOURCE_REMOVE;
}

static void
test_await (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GTask *task = g_task_new (NULL, NULL, cs_test_store_result, &result);

  g_idle_add (complete_in_idle, task);
  g_assert_null (result);
  g_assert_cmpint (g_task_propagate_int (G_TASK (cs_test_await (&result)), &error), ==, 42);
  g_assert_no_error (error);
  /* Already there: returns at once. */
  g_assert_true (cs_test_await (&result) == result);
}

/* Points HOME, the XDG folders and TMPDIR at a fresh scratch folder. */
static char *
scratch_environment (void)
{
  static const char *variables[] = {
    "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "TMPDIR",
  };
  g_autoptr(GError) error = NULL;
  char *scratch = g_dir_make_tmp ("cs-testutil-XXXXXX", &error);
  guint i;

  g_assert_no_error (error);
  for (i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      g_autofree char *dir = g_build_filename (scratch, variables[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (variables[i], dir, TRUE);
    }
  return scratch;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

#define NEEDLE_A "practice-secret-"
#define NEEDLE_B "0123456789ABCDEF"

static void
test_no_file_contains (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *scratch = scratch_environment ();
      g_autofree char *nested = g_build_filename (g_getenv ("XDG_DATA_HOME"), "app", "deep", NULL);
      g_autofree char *file = g_build_filename (nested, "store.db", NULL);
      g_autofree char *link = g_build_filename (g_getenv ("HOME"), "loop", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir_with_parents (nested, 0700), ==, 0);
      /* Binary content, the secret in the middle. */
      g_file_set_contents (file, "\x00\x01" NEEDLE_A NEEDLE_B "\x00tail", 39, &error);
      g_assert_no_error (error);
      /* A symlink loop must not hang the scan. */
      g_assert_cmpint (symlink (g_getenv ("HOME"), link), ==, 0);

      cs_test_assert_no_file_contains (NEEDLE_A NEEDLE_B);
      remove_tree (scratch);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  /* Whatever is reported, the secret itself never is. */
  g_test_trap_assert_stdout_unmatched ("*" NEEDLE_A NEEDLE_B "*");
  g_test_trap_assert_stderr_unmatched ("*" NEEDLE_A NEEDLE_B "*");
}

static void
test_no_file_contains_clean (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *scratch = scratch_environment ();
      g_autofree char *file = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "settings.ini", NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (file, "[connection]\nusername=marketo.sync@practice.example\n", -1, &error);
      g_assert_no_error (error);
      cs_test_assert_no_file_contains (NEEDLE_A NEEDLE_B);
      remove_tree (scratch);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/practice/testutil/drive-login-allow", test_drive_login_allow);
  g_test_add_func ("/practice/testutil/drive-login-deny", test_drive_login_deny);
  g_test_add_func ("/practice/testutil/drive-login-failures", test_drive_login_failures);
  g_test_add_func ("/practice/testutil/login-through-core", test_login_through_core);
  g_test_add_func ("/practice/testutil/await", test_await);
  g_test_add_func ("/practice/testutil/no-file-contains", test_no_file_contains);
  g_test_add_func ("/practice/testutil/no-file-contains-clean", test_no_file_contains_clean);

  return g_test_run ();
}
