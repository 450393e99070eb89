/* test-sync-service.c: the record sync's systemd units: rendered from the
 * templates, written, verified by systemd-analyze, and without a systemd
 * user session (as here) the way to run the sync instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cs-test-util.h"

static const char *
crm_sync (void)
{
  const char *program = g_getenv ("CS_CRM_SYNC");

  g_assert_nonnull (program);
  return program;
}

static void
test_render (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *service = cs_sync_service_render_unit ("crm-sync@.service", "/opt/crm sync/bin/crm-sync%", &error);
  g_autofree char *timer = cs_sync_service_render_unit ("crm-sync@.timer", crm_sync (), &error);
  g_autofree char *plain = cs_sync_service_render_unit ("crm-sync@.service", "/usr/bin/crm-sync", &error);
  g_autofree char *missing = NULL;

  g_assert_no_error (error);
  /* Quoted for its blank, the specifier sign doubled. */
  g_assert_nonnull (strstr (service, "ExecStart=\"/opt/crm sync/bin/crm-sync%%\" sync %i --once\n"));
  g_assert_nonnull (strstr (plain, "ExecStart=/usr/bin/crm-sync sync %i --once\n"));
  g_assert_nonnull (strstr (plain, "SuccessExitStatus=6\n"));
  g_assert_nonnull (strstr (timer, "OnUnitInactiveSec=5min\n"));
  g_assert_nonnull (strstr (timer, "WantedBy=timers.target\n"));
  g_assert_null (strstr (timer, "@CRM_SYNC@"));

  missing = cs_sync_service_render_unit ("nothing", "/usr/bin/crm-sync", &error);
  g_assert_null (missing);
  g_assert_nonnull (error);
}

static CsSyncServiceResult *
install (const char  *connection_id,
         const char  *folder,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_sync_service_install_async (connection_id, crm_sync (), folder, NULL, cs_test_store_result, &result);
  return cs_sync_service_install_finish (cs_test_await (&result), error);
}

static gboolean
remove_timer (const char  *connection_id,
              char       **gave_up,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cs_sync_service_remove_async (connection_id, NULL, cs_test_store_result, &result);
  return cs_sync_service_remove_finish (cs_test_await (&result), gave_up, error);
}

/* No systemd user session runs in the tests: the units are written, and
 * the admin is told to run crm-sync sync --watch. */
static void
test_install_without_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("units-XXXXXX", &error);
  g_autofree char *service = NULL;
  g_autofree char *timer = NULL;
  g_autofree char *gave_up = NULL;
  g_autoptr(CsSyncServiceResult) result = NULL;
  GStatBuf info;

  g_assert_no_error (error);
  result = install ("0b3f7e2a-1d4c-4f0e-9a61-2c5d8e9f1a2b", folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->state, ==, CS_SYNC_SERVICE_NO_USER_SESSION);
  g_assert_cmpstr (result->timer, ==, "crm-sync@0b3f7e2a-1d4c-4f0e-9a61-2c5d8e9f1a2b.timer");
  g_assert_cmpstr (result->watch_command, ==, "crm-sync sync 0b3f7e2a-1d4c-4f0e-9a61-2c5d8e9f1a2b --watch");
  g_assert_nonnull (strstr (result->message, result->watch_command));
  g_assert_cmpstr (result->unit_folder, ==, folder);

  service = g_build_filename (folder, "crm-sync@.service", NULL);
  timer = g_build_filename (folder, "crm-sync@.timer", NULL);
  g_assert_cmpint (g_stat (service, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0644);
  g_assert_true (g_file_test (timer, G_FILE_TEST_IS_REGULAR));

  /* Nothing to stop without a session. */
  g_assert_true (remove_timer ("0b3f7e2a-1d4c-4f0e-9a61-2c5d8e9f1a2b", &gave_up, &error));
  g_assert_no_error (error);
  g_assert_null (gave_up);

  g_unlink (service);
  g_unlink (timer);
  g_rmdir (folder);
}

/* A hung user bus: the real systemctl waits for an answer that never
 * comes. Forget must not wait with it: it gives up on the timer and says
 * what to run by hand. */
static void
test_remove_gives_up_on_hung_systemd (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gave_up = NULL;
  g_autofree char *systemctl = g_find_program_in_path ("systemctl");

  if (systemctl == NULL)
    {
      g_test_skip ("systemctl is not installed");
      return;
    }
  /* In a child of its own, whose main() made systemd hang (see there). */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  g_assert_true (remove_timer ("4d2c", &gave_up, &error));
  g_assert_no_error (error);
  g_assert_nonnull (gave_up);
  g_assert_nonnull (strstr (gave_up, "systemctl --user disable --now crm-sync@4d2c.timer"));

  /* Cancelled while systemd hangs: the caller hears it at once. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    cs_sync_service_remove_async ("4d2c", cancellable, cs_test_store_result, &result);
    g_cancellable_cancel (cancellable);
    g_assert_false (cs_sync_service_remove_finish (cs_test_await (&result), NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
test_install_refuses_odd_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncServiceResult) result = install ("../../evil name", "/nonexistent", &error);

  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_assert_null (result);
}

/* systemd's own check of the units, as installed for one connection. */
static void
test_units_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *analyze = g_find_program_in_path ("systemd-analyze");
  g_autofree char *folder = NULL;
  g_autoptr(CsSyncServiceResult) result = NULL;
  const char *names[] = { "crm-sync@.service", "crm-sync@.timer", "crm-sync@4d2c.service", "crm-sync@4d2c.timer" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (analyze == NULL)
    {
      g_test_skip ("systemd-analyze is not installed");
      return;
    }

  folder = g_dir_make_tmp ("units-XXXXXX", &error);
  g_assert_no_error (error);
  result = install ("4d2c", folder, &error);
  g_assert_no_error (error);

  {
    g_autofree char *service_link = g_build_filename (folder, names[2], NULL);
    g_autofree char *timer_link = g_build_filename (folder, names[3], NULL);
    const char *argv[] = { analyze, "verify", NULL, NULL, NULL };
    g_autofree char *service = g_build_filename (folder, names[0], NULL);
    g_autofree char *timer = g_build_filename (folder, names[1], NULL);

    /* An instance of each template, as systemd starts them. */
    g_assert_cmpint (symlink (names[0], service_link), ==, 0);
    g_assert_cmpint (symlink (names[1], timer_link), ==, 0);
    argv[2] = service_link;
    argv[3] = timer_link;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    if (g_test_verbose ())
      g_test_message ("%s%s", out, err);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_no_error (error);
    /* Nothing to say about them either. */
    g_assert_cmpstr (g_strstrip (err), ==, "");

    g_unlink (service_link);
    g_unlink (timer_link);
    g_unlink (service);
    g_unlink (timer);
  }
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CsTestHungSystemd) hung = NULL;

  /* Before any thread starts: the child of the hung systemd case. */
  if (cs_test_is_subprocess_for (argc, argv, "/sync/service/remove-gives-up-on-hung-systemd"))
    hung = cs_test_hung_systemd_new ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/service/render", test_render);
  g_test_add_func ("/sync/service/install-without-session", test_install_without_session);
  g_test_add_func ("/sync/service/install-refuses-odd-names", test_install_refuses_odd_names);
  g_test_add_func ("/sync/service/remove-gives-up-on-hung-systemd", test_remove_gives_up_on_hung_systemd);
  g_test_add_func ("/sync/service/units-verify", test_units_verify);

  return g_test_run ();
}
