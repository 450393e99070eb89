/* sync-test-common.h: a practice org, the sync user's client, a field
 * catalog recorded as the field sync does, and the record sync of that
 * connection with its database in a scratch folder; and the comparison of
 * the local copy with the org's records, field for field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "cs-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  CsPracticeOrg      *org;
  CsOAuthClient      *oauth;
  CsSalesforceClient *client;
  char               *folder;
  CsConnectionStore  *store;
  char               *connection_id;
  CsRecordSync       *sync;
  CsSecretStore      *secrets;     /* a stored connection's keyring items */
  CsTokenSet         *tokens;
} SyncFixture;

/* @user_data: the number of leads (GUINT_TO_POINTER; 0: 2,000). */
void          sync_fixture_set_up       (SyncFixture   *fixture,
                                         gconstpointer  user_data);
void          sync_fixture_tear_down    (SyncFixture   *fixture,
                                         gconstpointer  user_data);

/* The same, with the connection stored as the wizard stores it: in the
 * default connection store, its secrets in the keyring, for crm-sync. */
void          sync_fixture_set_up_stored    (SyncFixture   *fixture,
                                             gconstpointer  user_data);
void          sync_fixture_tear_down_stored (SyncFixture   *fixture,
                                             gconstpointer  user_data);

/* Records what the sync user sees in the field catalog (no audit). */
void          sync_record_fields        (SyncFixture   *fixture);

/* A cycle's result, awaited longer than cs_test_await() does: a first sync
 * of 20,000 leads takes more than its 30 s under the sanitizers on a busy
 * machine. Meson's timeout still ends a cycle that hangs. */
#define SYNC_CYCLE_TIMEOUT_SECONDS 300
GAsyncResult *sync_await_cycle          (GAsyncResult **result);

/* One cycle, awaited: the cycle it returns, or NULL with @error. */
CsSyncCycle  *sync_run_cycle            (SyncFixture   *fixture,
                                         GError       **error);
/* One cycle that must complete. */
CsSyncCycle  *sync_run_cycle_ok         (SyncFixture   *fixture);

/* The sync database, opened for reading. */
sqlite3      *sync_open_database        (SyncFixture   *fixture);
CsSyncDatabase *sync_database           (SyncFixture   *fixture);

/* The local table of @object equals the org's records as the sync user
 * sees them: every live record present with every synced field equal,
 * every deleted one marked deleted, nothing else live. Returns the number
 * of live records compared. */
guint         sync_assert_object_equal  (SyncFixture   *fixture,
                                         const char    *object);
/* The same for every object of the catalog. */
void          sync_assert_all_equal     (SyncFixture   *fixture);

/* The progress of @object in the last cycle. */
CsSyncObjectProgress *sync_progress_of  (SyncFixture   *fixture,
                                         const char    *object);

G_END_DECLS
