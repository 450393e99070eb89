/* fields-test-common.c: shared fixture of the field sync tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fields-test-common.h"

void
fields_fixture_set_up (FieldsFixture *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(CsTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  fixture->org = cs_test_practice_org_new (0);
  fixture->oauth = cs_oauth_client_new (cs_practice_org_get_url (fixture->org),
                                        cs_practice_org_get_consumer_key (fixture->org),
                                        cs_practice_org_get_consumer_secret (fixture->org));
  tokens = cs_test_login (fixture->org, fixture->oauth,
                          cs_practice_org_get_sync_username (fixture->org),
                          cs_practice_org_get_sync_password (fixture->org), &error);
  g_assert_no_error (error);
  fixture->client = cs_salesforce_client_new (fixture->oauth, tokens);

  fixture->store = cs_connection_store_open (":memory:", &error);
  g_assert_no_error (error);
  fixture->catalog = cs_field_catalog_new (fixture->store, &error);
  g_assert_no_error (error);
  fixture->connection_id = g_uuid_string_random ();

  /* Count only what the tests do, not the login. */
  cs_practice_org_reset_request_counts (fixture->org);
}

void
fields_fixture_tear_down (FieldsFixture *fixture,
                          gconstpointer  user_data)
{
  g_clear_pointer (&fixture->connection_id, g_free);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->oauth);
  if (fixture->org != NULL)
    cs_practice_org_disconnect (fixture->org);
  g_clear_object (&fixture->org);
}

GHashTable *
fields_describe_many (FieldsFixture      *fixture,
                      const char * const *names,
                      GDateTime          *if_modified_since,
                      GHashTable        **errors_out)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *describes;

  cs_salesforce_client_describe_many_async (fixture->client, names, if_modified_since, NULL,
                                            cs_test_store_result, &result);
  cs_test_await (&result);
  describes = cs_salesforce_client_describe_many_finish (fixture->client, result, errors_out,
                                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (describes);

  return describes;
}

char *
fields_batch_path (FieldsFixture *fixture)
{
  const char *version = cs_salesforce_client_get_api_version (fixture->client);

  g_assert_nonnull (version);
  return g_strdup_printf ("/services/data/v%s/composite/batch", version);
}

GStrv
fields_object_names (guint    n_generated,
                     gboolean with_standard)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (with_standard)
    g_strv_builder_addv (builder, (const char **) cs_sync_standard_objects);
  for (guint i = 1; i <= n_generated; i++)
    {
      g_autofree char *name = g_strdup_printf ("Generated_%u__c", i);

      g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}
