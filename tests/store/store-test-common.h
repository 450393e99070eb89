/* store-test-common.h: helpers shared by the store suite's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_test_init() plus a log writer that fails the test when any message,
 * debug ones included, contains a secret made by store_test_secret_new(). */
void          store_test_init                   (int            *argc,
                                                 char         ***argv);

/* A random secret-looking value, remembered for the log check and for
 * store_test_assert_secrets_nowhere(). */
char         *store_test_secret_new             (const char     *what);

/* A GAsyncReadyCallback that stores a new reference to the result in
 * *(GAsyncResult **) user_data; store_test_await() iterates the
 * thread-default main context until it is set. */
void          store_test_result_cb              (GObject        *source,
                                                 GAsyncResult   *result,
                                                 gpointer        user_data);
GAsyncResult *store_test_await                  (GAsyncResult  **result);

/* Fails when any regular file under $HOME, $XDG_DATA_HOME, $XDG_CONFIG_HOME,
 * $XDG_CACHE_HOME, $XDG_STATE_HOME or $TMPDIR contains @needle. */
void          store_test_assert_no_file_contains (const char    *needle);

/* store_test_assert_no_file_contains() for every secret made so far. */
void          store_test_assert_secrets_nowhere (void);

/* TRUE when @path (a file, not a folder) contains @needle. */
gboolean      store_test_file_contains          (const char     *path,
                                                 const char     *needle);

G_END_DECLS
