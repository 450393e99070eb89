/* cs-practice-churn.c: an org that keeps changing, as a real one does.
 *
 * At a rate of N a minute, records are created, updated and deleted at
 * random (leads mostly, contacts and accounts too), by the administrator,
 * through the same checks as the REST API. The random sequence is seeded,
 * so that a test run can be repeated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-records.h"
#include "cs-practice-util.h"

#define CHURN_SEED       20250601
#define TICK_MS          250
#define MAX_PICK_TRIES   20

struct _CsPracticeChurn {
  CsPracticeOrg *org;            /* owns us */
  GRand         *rand;
  guint          per_minute;
  GSource       *timer;          /* while per_minute > 0 */
  gint64         last_tick_us;   /* monotonic */
  double         owed;           /* changes due but not made yet */
  guint64        serial;         /* for the names of created records */
};

void
cs_practice_churn_free (CsPracticeChurn *churn)
{
  if (churn == NULL)
    return;
  if (churn->timer != NULL)
    {
      g_source_destroy (churn->timer);
      g_source_unref (churn->timer);
    }
  g_rand_free (churn->rand);
  g_free (churn);
}

static CsPracticeChurn *
ensure_churn (CsPracticeOrg *self)
{
  if (self->churn == NULL)
    {
      self->churn = g_new0 (CsPracticeChurn, 1);
      self->churn->org = self;
      self->churn->rand = g_rand_new_with_seed (CHURN_SEED);
    }
  return self->churn;
}

/* A random live record of @object_name, or NULL. */
static char *
pick_record (CsPracticeChurn *churn,
             const char      *object_name)
{
  CsPracticeData *data = churn->org->data;
  guint n = cs_practice_data_count (data, object_name);

  for (guint tries = 0; n > 0 && tries < MAX_PICK_TRIES; tries++)
    {
      guint index = (guint) g_rand_int_range (churn->rand, 0, (gint32) MIN (n, (guint) G_MAXINT32));
      g_autoptr(JsonNode) id = NULL;

      if (!cs_practice_data_is_listed (data, object_name, index, FALSE))
        continue;
      id = cs_practice_data_get (data, object_name, index, "Id");
      if (id != NULL)
        return g_strdup (json_node_get_string (id));
    }
  return NULL;
}

static char *
new_values (CsPracticeChurn *churn,
            const char      *object_name)
{
  static const char *titles[] = { "Analyst", "Buyer", "Director", "Engineer", "Founder" };
  static const char *ratings[] = { "Hot", "Warm", "Cold" };
  guint64 serial = ++churn->serial;
  const char *title = titles[g_rand_int_range (churn->rand, 0, G_N_ELEMENTS (titles))];

  if (g_str_equal (object_name, "Lead"))
    return g_strdup_printf ("{\"FirstName\":\"Churn\",\"LastName\":\"Lead %" G_GUINT64_FORMAT "\","
                            "\"Company\":\"Churn Works %" G_GUINT64_FORMAT "\","
                            "\"Email\":\"churn.%" G_GUINT64_FORMAT "@churn.example\","
                            "\"Title\":\"%s\",\"Rating\":\"%s\"}",
                            serial, serial % 97, serial, title,
                            ratings[g_rand_int_range (churn->rand, 0, G_N_ELEMENTS (ratings))]);
  if (g_str_equal (object_name, "Contact"))
    return g_strdup_printf ("{\"FirstName\":\"Churn\",\"LastName\":\"Contact %" G_GUINT64_FORMAT "\","
                            "\"Title\":\"%s\"}", serial, title);
  return g_strdup_printf ("{\"Name\":\"Churn Account %" G_GUINT64_FORMAT "\"}", serial);
}

static char *
changed_values (CsPracticeChurn *churn,
                const char      *object_name)
{
  guint32 number = g_rand_int (churn->rand);

  if (g_str_equal (object_name, "Lead"))
    return g_strdup_printf ("{\"Title\":\"Churned %u\",\"NumberOfEmployees\":%u}",
                            number % 10000, number % 5000 + 1);
  if (g_str_equal (object_name, "Contact"))
    return g_strdup_printf ("{\"Title\":\"Churned %u\"}", number % 10000);
  return g_strdup_printf ("{\"Phone\":\"+1 555 02%02u %04u\"}", number % 100, number % 10000);
}

static void
churn_once (CsPracticeChurn *churn)
{
  static const char *objects[] = { "Lead", "Lead", "Lead", "Contact", "Account" };
  const char *object_name = objects[g_rand_int_range (churn->rand, 0, G_N_ELEMENTS (objects))];
  gint32 kind = g_rand_int_range (churn->rand, 0, 3);
  g_autoptr(GError) error = NULL;

  if (kind == 0)
    {
      g_autofree char *values = new_values (churn, object_name);
      g_autofree char *id = cs_practice_org_create_record (churn->org, object_name, values, &error);
    }
  else
    {
      g_autofree char *id = pick_record (churn, object_name);

      if (id == NULL)
        return;
      if (kind == 1)
        {
          g_autofree char *values = changed_values (churn, object_name);

          cs_practice_org_update_record (churn->org, object_name, id, values, &error);
        }
      else
        cs_practice_org_delete_record (churn->org, object_name, id, &error);
    }

  if (error != NULL)
    g_warning ("The churn could not change a %s: %s", object_name, error->message);
}

void
cs_practice_org_churn (CsPracticeOrg *self,
                       guint          n_changes)
{
  CsPracticeChurn *churn;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  churn = ensure_churn (self);
  for (guint i = 0; i < n_changes; i++)
    churn_once (churn);
}

static gboolean
churn_tick (gpointer user_data)
{
  CsPracticeChurn *churn = user_data;
  gint64 now = g_get_monotonic_time ();
  guint due;

  churn->owed += churn->per_minute * (double) (now - churn->last_tick_us) / (60.0 * G_USEC_PER_SEC);
  churn->last_tick_us = now;
  due = (guint) churn->owed;
  churn->owed -= due;
  for (guint i = 0; i < due; i++)
    {
      churn_once (churn);
      /* On a slow machine (a sanitizer build) the org changes less rather
       * than spending all its time changing and none answering. */
      if (g_get_monotonic_time () - now > TICK_MS * 1000 / 2)
        break;
    }
  return G_SOURCE_CONTINUE;
}

void
cs_practice_org_set_churn (CsPracticeOrg *self,
                           guint          per_minute)
{
  CsPracticeChurn *churn;

  g_return_if_fail (CS_IS_PRACTICE_ORG (self));

  churn = ensure_churn (self);
  churn->per_minute = per_minute;
  if (per_minute == 0 && churn->timer != NULL)
    {
      g_source_destroy (churn->timer);
      g_clear_pointer (&churn->timer, g_source_unref);
    }
  else if (per_minute > 0 && churn->timer == NULL)
    {
      churn->last_tick_us = g_get_monotonic_time ();
      churn->owed = 0;
      churn->timer = g_timeout_source_new (TICK_MS);
      g_source_set_callback (churn->timer, churn_tick, churn, NULL);
      g_source_attach (churn->timer, g_main_context_get_thread_default ());
    }
}

guint
cs_practice_org_get_churn (CsPracticeOrg *self)
{
  g_return_val_if_fail (CS_IS_PRACTICE_ORG (self), 0);

  return self->churn != NULL ? self->churn->per_minute : 0;
}

void
cs_practice_churn_handle_post (CsPracticeOrg     *self,
                               SoupServerMessage *msg)
{
  g_autofree char *body = cs_practice_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gint64 per_minute;

  if (!json_parser_load_from_data (parser, body, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (per_minute = json_object_get_int_member_with_default (json_node_get_object (root),
                                                             "per_minute", -1)) < 0)
    {
      cs_practice_reply_json (msg, SOUP_STATUS_BAD_REQUEST,
                              g_strdup ("{\"error\":\"expected {\\\"per_minute\\\": N}\"}"));
      return;
    }
  /* A hundred thousand a minute is more than any test needs. */
  cs_practice_org_set_churn (self, (guint) MIN (per_minute, 100000));
  cs_practice_reply_json (msg, SOUP_STATUS_OK,
                          g_strdup_printf ("{\"per_minute\":%u}", cs_practice_org_get_churn (self)));
}
