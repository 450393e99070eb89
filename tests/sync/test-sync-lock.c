/* test-sync-lock.c: one cycle at a time per connection, and asking
 * whether one runs never gets in the way of one that starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-error.h"
#include "cs-sync-lock.h"

static void
test_lock (void)
{
  g_autofree char *folder = g_dir_make_tmp ("crm-sync-lock-XXXXXX", NULL);
  g_autofree char *database = g_build_filename (folder, "sync-x.db", NULL);
  g_autofree char *lock_path = cs_sync_lock_path_for (database);
  g_autofree char *contents = NULL;
  g_autofree char *expected_pid = g_strdup_printf ("process %ld", (long) getpid ());
  g_autoptr(CsSyncLock) lock = NULL;
  g_autoptr(CsSyncLock) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid = -1;

  g_assert_false (cs_sync_lock_is_held (database, &pid));
  g_assert_cmpint (pid, ==, 0);

  lock = cs_sync_lock_acquire (database, &error);
  g_assert_no_error (error);
  g_assert_true (cs_sync_lock_is_held (database, &pid));
  g_assert_cmpint (pid, ==, getpid ());

  /* Asking left the lock where it was: still one holder, still ours. */
  second = cs_sync_lock_acquire (database, &error);
  g_assert_null (second);
  g_assert_error (error, CS_ERROR, CS_ERROR_SYNC_RUNNING);
  g_assert_nonnull (strstr (error->message, expected_pid));
  g_clear_error (&error);

  /* Released: free, and no process id left to name a holder gone. */
  g_clear_pointer (&lock, cs_sync_lock_release);
  g_assert_false (cs_sync_lock_is_held (database, NULL));
  g_assert_true (g_file_get_contents (lock_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "");

  /* A look while free takes nothing: the next starter gets the lock. */
  g_assert_false (cs_sync_lock_is_held (database, NULL));
  lock = cs_sync_lock_acquire (database, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  g_clear_pointer (&lock, cs_sync_lock_release);

  g_unlink (lock_path);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/lock", test_lock);
  return g_test_run ();
}
