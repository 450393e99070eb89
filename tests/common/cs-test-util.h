/* cs-test-util.h: shared helpers for the test suites.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-core.h"
#include "cs-practice-org.h"

G_BEGIN_DECLS

/* A practice org listening on 127.0.0.1 on a free port in the
 * thread-default main context. */
CsPracticeOrg *cs_test_practice_org_new          (guint           n_leads);

/* Iterates the thread-default main context until *result is set (the
 * GAsyncReadyCallback cs_test_store_result stores it), at most 30 s. */
void           cs_test_store_result              (GObject        *source,
                                                  GAsyncResult   *result,
                                                  gpointer        user_data);
GAsyncResult  *cs_test_await                     (GAsyncResult  **result);

/* Drives the practice org's HTML forms like a browser without JavaScript,
 * with its own cookie jar and without following the final redirect: GET
 * @authorize_uri, POST the login form, read the code from the practice
 * mailbox, POST the verification form, POST "Allow" (or "Deny" when
 * @allow is FALSE). Returns the Location the server sent to the callback,
 * or NULL with an error naming the step that failed (e.g. a login page shown
 * again for a wrong password: G_IO_ERROR_PERMISSION_DENIED). */
char          *cs_test_drive_login               (CsPracticeOrg  *org,
                                                  const char     *authorize_uri,
                                                  const char     *username,
                                                  const char     *password,
                                                  gboolean        allow,
                                                  GError        **error);

/* Full login as @username through the core: builds the request, drives the
 * forms, parses the callback and exchanges the code. */
CsTokenSet    *cs_test_login                     (CsPracticeOrg  *org,
                                                  CsOAuthClient  *oauth,
                                                  const char     *username,
                                                  const char     *password,
                                                  GError        **error);

/* The same through the core's login chain: cs_login_begin(), the forms,
 * cs_login_complete_async(). */
CsLoginResult *cs_test_login_chain               (CsPracticeOrg  *org,
                                                  CsLogin        *login,
                                                  const char     *username,
                                                  const char     *password,
                                                  GError        **error);

/* Every field of @connection_id's catalog rows, one line each, to compare
 * before and after. */
char          *cs_test_catalog_dump              (CsConnectionStore *store,
                                                  const char     *connection_id);

/* Fails the test when any regular file under $HOME, $XDG_DATA_HOME,
 * $XDG_CONFIG_HOME, $XDG_CACHE_HOME, $XDG_STATE_HOME or $TMPDIR contains
 * @needle (directories that do not exist are skipped). */
void           cs_test_assert_no_file_contains   (const char     *needle);

/* A systemd user manager that hangs, for as long as the result lives:
 * $XDG_RUNTIME_DIR is a new folder whose systemd/private socket (where
 * "systemctl --user" goes first) takes connections and never answers, as
 * a hung user bus does. Freeing it puts $XDG_RUNTIME_DIR back. */
typedef struct _CsTestHungSystemd CsTestHungSystemd;
/* Whether this process is the child that g_test_trap_subprocess() starts
 * for @test_path. Called with main()'s arguments before g_test_init(), it
 * lets that child change its environment (a hung systemd, say) before any
 * thread could be reading it: setenv() is not safe once threads run. */
gboolean           cs_test_is_subprocess_for    (int                argc,
                                                 char             **argv,
                                                 const char        *test_path);
CsTestHungSystemd *cs_test_hung_systemd_new     (void);
void               cs_test_hung_systemd_free    (CsTestHungSystemd *hung);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTestHungSystemd, cs_test_hung_systemd_free)

G_END_DECLS
