/* fields-test-common.h: a practice org, the sync user's REST client and a
 * connection store in memory, for the field sync tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  CsPracticeOrg      *org;
  CsOAuthClient      *oauth;
  CsSalesforceClient *client;
  CsConnectionStore  *store;
  CsFieldCatalog     *catalog;
  char               *connection_id;
} FieldsFixture;

void        fields_fixture_set_up    (FieldsFixture *fixture,
                                      gconstpointer  user_data);
void        fields_fixture_tear_down (FieldsFixture *fixture,
                                      gconstpointer  user_data);

/* cs_salesforce_client_describe_many_async() awaited; fails the test on a
 * call error. @errors_out may be NULL. */
GHashTable *fields_describe_many     (FieldsFixture      *fixture,
                                      const char * const *names,
                                      GDateTime          *if_modified_since,
                                      GHashTable        **errors_out);

/* "/services/data/vNN.N/composite/batch" */
char       *fields_batch_path        (FieldsFixture      *fixture);

/* The standard objects plus Generated_1__c … Generated_@n_generated__c. */
GStrv       fields_object_names      (guint               n_generated,
                                      gboolean            with_standard);

G_END_DECLS
