/* cs-practice-data.c: seeded users and records, generated leads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-data.h"
#include "cs-practice-records.h"
#include "cs-practice-util.h"

/* Serials: leads occupy [LEAD_SERIAL_BASE, LEAD_SERIAL_BASE + n_leads);
 * the fixed records count up from FIXED_SERIAL_BASE. Chosen so that the
 * base-62 digits mix cases, which exercises the id suffix. */
#define LEAD_SERIAL_BASE  G_GUINT64_CONSTANT (20000000)
#define FIXED_SERIAL_BASE G_GUINT64_CONSTANT (3100000)

/* 2025-01-06T09:00:00Z: leads are created every ten minutes from here, or
 * closer together when there are too many to be created by LEAD_LAST
 * (2025-10-01T00:00:00Z): a record's dates are never in the future, and a
 * sync reads what changed after its last cycle by them. */
#define LEAD_EPOCH G_GINT64_CONSTANT (1736154000)
#define LEAD_LAST  G_GINT64_CONSTANT (1759276800)
#define LEAD_STEP  600

typedef struct {
  const char *object_name;   /* interned by the schema's names below */
  guint       index;
} RecordRef;

struct _CsPracticeData {
  GPtrArray  *users;           /* CsPracticeUser* */
  GHashTable *tables;          /* object name → GPtrArray of GHashTable (field → JsonNode) */
  GHashTable *by_id15;         /* id15 → RecordRef* */
  guint       n_leads;
  gint64      lead_step;       /* seconds between two leads' creation */
  guint64     next_serial;
  GPtrArray  *account_ids;     /* for converted leads */
  GPtrArray  *contact_ids;
  char       *admin_id;
  char       *sync_id;
  GHashTable *lead_columns;    /* field name → LeadColumn + 1 */
  CsPracticeRecords *records;  /* changes since the seed */
};

/* ---- users ----------------------------------------------------------------- */

void
cs_practice_user_free (CsPracticeUser *user)
{
  if (user == NULL)
    return;
  g_free (user->id);
  g_free (user->username);
  g_free (user->password);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user->email);
  g_free (user->alias);
  g_free (user->nickname);
  g_free (user->title);
  g_free (user->profile_id);
  g_free (user->profile_name);
  g_free (user);
}

char *
cs_practice_user_get_name (CsPracticeUser *user)
{
  return g_strdup_printf ("%s %s", user->first_name, user->last_name);
}

GPtrArray *
cs_practice_data_get_users (CsPracticeData *data)
{
  return data->users;
}

CsPracticeUser *
cs_practice_data_find_user (CsPracticeData *data,
                            const char     *username_or_id)
{
  guint i;

  if (username_or_id == NULL)
    return NULL;

  for (i = 0; i < data->users->len; i++)
    {
      CsPracticeUser *user = g_ptr_array_index (data->users, i);

      /* Usernames are case-insensitive; ids compare on their 15 chars. */
      if (g_ascii_strcasecmp (user->username, username_or_id) == 0 ||
          (strlen (username_or_id) >= 15 && strncmp (user->id, username_or_id, 15) == 0))
        return user;
    }
  return NULL;
}

/* ---- value helpers ------------------------------------------------------------ */

static JsonNode *
node_string (const char *value)
{
  return value != NULL ? json_node_init_string (json_node_alloc (), value) : NULL;
}

static JsonNode *
node_take_string (char *value)
{
  JsonNode *node = node_string (value);

  g_free (value);
  return node;
}

static JsonNode *
node_bool (gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), value);
}

static JsonNode *
node_int (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static JsonNode *
node_double (double value)
{
  return json_node_init_double (json_node_alloc (), value);
}

static JsonNode *
node_address (const char *street,
              const char *city,
              const char *state,
              const char *postal_code,
              const char *country)
{
  JsonObject *object;
  JsonNode *node;

  if (street == NULL && city == NULL && state == NULL && postal_code == NULL && country == NULL)
    return NULL;

  object = json_object_new ();
  json_object_set_string_member (object, "city", city);
  json_object_set_string_member (object, "country", country);
  json_object_set_null_member (object, "geocodeAccuracy");
  json_object_set_null_member (object, "latitude");
  json_object_set_null_member (object, "longitude");
  json_object_set_string_member (object, "postalCode", postal_code);
  json_object_set_string_member (object, "state", state);
  json_object_set_string_member (object, "street", street);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static void
set (GHashTable *record,
     const char *field,
     JsonNode   *value)
{
  if (value != NULL)
    g_hash_table_insert (record, (gpointer) field, value);
}

/* ---- fixed records ---------------------------------------------------------------- */

static GHashTable *
add_record (CsPracticeData *data,
            const char     *object_name,
            const char     *prefix,
            gint64          created)
{
  GHashTable *record = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) json_node_unref);
  GPtrArray *table = g_hash_table_lookup (data->tables, object_name);
  g_autofree char *id = cs_practice_make_id (prefix, data->next_serial++);
  RecordRef *ref = g_new0 (RecordRef, 1);

  if (table == NULL)
    {
      table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      g_hash_table_insert (data->tables, (gpointer) object_name, table);
    }

  ref->object_name = object_name;
  ref->index = table->len;
  g_hash_table_insert (data->by_id15, g_strndup (id, 15), ref);
  g_ptr_array_add (table, record);

  set (record, "Id", node_string (id));
  set (record, "IsDeleted", node_bool (FALSE));
  set (record, "CreatedDate", node_take_string (cs_practice_rest_datetime (created)));
  set (record, "CreatedById", node_string (data->admin_id));
  set (record, "LastModifiedDate", node_take_string (cs_practice_rest_datetime (created + 3600)));
  set (record, "LastModifiedById", node_string (data->admin_id));
  set (record, "SystemModstamp", node_take_string (cs_practice_rest_datetime (created + 3600)));
  return record;
}

static const char *
record_id (GHashTable *record)
{
  return json_node_get_string (g_hash_table_lookup (record, "Id"));
}

static void
seed_users (CsPracticeData *data)
{
  static const struct {
    CsPracticeRole role;
    const char *username;
    const char *password;
    const char *first_name;
    const char *last_name;
    const char *alias;
    const char *title;
    const char *profile;
    gboolean    modify_all_data;
  } seed[] = {
    { CS_PRACTICE_ROLE_SYNC, "marketo.sync@practice.example", "SyncPractice2025",
      "Marketo", "Sync", "msync", "Integration User", "Marketo-Salesforce Sync", FALSE },
    { CS_PRACTICE_ROLE_ADMIN, "admin@practice.example", "AdminPractice2025",
      "Pat", "Administrator", "padmin", "Salesforce Administrator", "System Administrator", TRUE },
    { CS_PRACTICE_ROLE_STANDARD, "sam.rivera@practice.example", NULL,
      "Sam", "Rivera", "srivera", "Account Executive", "Standard User", FALSE },
  };
  static const struct {
    const char *name;
    const char *description;
    gboolean    modify_all_data;
  } profiles[] = {
    { "Marketo-Salesforce Sync", "Cloned from Standard User for the Marketo sync user", FALSE },
    { "System Administrator", NULL, TRUE },
    { "Standard User", NULL, FALSE },
  };
  const gint64 created = G_GINT64_CONSTANT (1704096000);   /* 2024-01-01 */
  guint i;

  /* Ids first: every record's CreatedById points at the administrator. */
  for (i = 0; i < G_N_ELEMENTS (seed); i++)
    {
      CsPracticeUser *user = g_new0 (CsPracticeUser, 1);

      user->role = seed[i].role;
      user->id = cs_practice_make_id ("005", FIXED_SERIAL_BASE + 7 + i);
      user->username = g_strdup (seed[i].username);
      user->password = g_strdup (seed[i].password);
      user->first_name = g_strdup (seed[i].first_name);
      user->last_name = g_strdup (seed[i].last_name);
      user->email = g_strdup (seed[i].username);
      user->alias = g_strdup (seed[i].alias);
      user->nickname = g_strndup (seed[i].username, strcspn (seed[i].username, "@"));
      user->title = g_strdup (seed[i].title);
      user->profile_name = g_strdup (seed[i].profile);
      user->modify_all_data = seed[i].modify_all_data;
      g_ptr_array_add (data->users, user);
      if (user->role == CS_PRACTICE_ROLE_ADMIN)
        data->admin_id = g_strdup (user->id);
      else if (user->role == CS_PRACTICE_ROLE_SYNC)
        data->sync_id = g_strdup (user->id);
    }

  for (i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      GHashTable *r = add_record (data, "Profile", "00e", created);
      guint k;

      set (r, "Name", node_string (profiles[i].name));
      set (r, "PermissionsApiEnabled", node_bool (TRUE));
      set (r, "PermissionsModifyAllData", node_bool (profiles[i].modify_all_data));
      set (r, "PermissionsViewAllData", node_bool (profiles[i].modify_all_data));
      set (r, "PermissionsConvertLeads", node_bool (TRUE));
      set (r, "PermissionsEditTask", node_bool (TRUE));
      set (r, "PermissionsEditEvent", node_bool (TRUE));
      set (r, "PermissionsPasswordNeverExpires", node_bool (i == 0));
      set (r, "UserType", node_string ("Standard"));
      set (r, "Description", node_string (profiles[i].description));
      for (k = 0; k < data->users->len; k++)
        {
          CsPracticeUser *user = g_ptr_array_index (data->users, k);

          if (g_strcmp0 (user->profile_name, profiles[i].name) == 0)
            user->profile_id = g_strdup (record_id (r));
        }
    }

  for (i = 0; i < data->users->len; i++)
    {
      CsPracticeUser *user = g_ptr_array_index (data->users, i);
      GHashTable *r = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) json_node_unref);
      GPtrArray *table = g_hash_table_lookup (data->tables, "User");
      RecordRef *ref = g_new0 (RecordRef, 1);

      if (table == NULL)
        {
          table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
          g_hash_table_insert (data->tables, (gpointer) "User", table);
        }
      ref->object_name = "User";
      ref->index = table->len;
      g_hash_table_insert (data->by_id15, g_strndup (user->id, 15), ref);
      g_ptr_array_add (table, r);

      set (r, "Id", node_string (user->id));
      set (r, "Username", node_string (user->username));
      set (r, "LastName", node_string (user->last_name));
      set (r, "FirstName", node_string (user->first_name));
      set (r, "Name", node_take_string (cs_practice_user_get_name (user)));
      set (r, "CompanyName", node_string ("Practice Org"));
      set (r, "Title", node_string (user->title));
      set (r, "City", node_string ("San Francisco"));
      set (r, "State", node_string ("CA"));
      set (r, "Country", node_string ("US"));
      set (r, "Address", node_address (NULL, "San Francisco", "CA", NULL, "US"));
      set (r, "Email", node_string (user->email));
      set (r, "Alias", node_string (user->alias));
      set (r, "CommunityNickname", node_string (user->nickname));
      set (r, "IsActive", node_bool (TRUE));
      set (r, "TimeZoneSidKey", node_string ("America/Los_Angeles"));
      set (r, "LocaleSidKey", node_string ("en_US"));
      set (r, "EmailEncodingKey", node_string ("UTF-8"));
      set (r, "ProfileId", node_string (user->profile_id));
      set (r, "UserType", node_string ("Standard"));
      set (r, "LanguageLocaleKey", node_string ("en_US"));
      set (r, "UserPermissionsMarketingUser", node_bool (user->role != CS_PRACTICE_ROLE_STANDARD));
      set (r, "DigestFrequency", node_string ("N"));
      set (r, "DefaultGroupNotificationFrequency", node_string ("N"));
      set (r, "CreatedDate", node_take_string (cs_practice_rest_datetime (created)));
      set (r, "CreatedById", node_string (data->admin_id));
      set (r, "LastModifiedDate", node_take_string (cs_practice_rest_datetime (created)));
      set (r, "LastModifiedById", node_string (data->admin_id));
      set (r, "SystemModstamp", node_take_string (cs_practice_rest_datetime (created)));
    }
}

static void
seed_records (CsPracticeData *data)
{
  static const struct {
    const char *name;
    const char *industry;
    const char *type;
    const char *street;
    const char *city;
    const char *state;
    const char *postal_code;
    const char *domain;
    int         employees;
  } accounts[] = {
    { "Northwind Robotics", "Manufacturing", "Customer - Direct", "120 Foundry Way",
      "Portland", "OR", "97209", "northwind-robotics.example", 1200 },
    { "Bluebird Analytics", "Technology", "Prospect", "88 Congress Ave",
      "Austin", "TX", "78701", "bluebird-analytics.example", 240 },
    { "Cedar & Pine Hospitality", "Hospitality", "Customer - Channel", "9 Larimer St",
      "Denver", "CO", "80202", "cedarpine.example", 3100 },
    { "Harborline Logistics", "Transportation", "Prospect", "400 Alaskan Way",
      "Seattle", "WA", "98104", "harborline.example", 870 },
    { "Lumen Health Partners", "Healthcare", "Customer - Direct", "17 Beacon St",
      "Boston", "MA", "02108", "lumenhealth.example", 5400 },
    { "Quillon Education Group", "Education", "Other", "2 Lake Shore Dr",
      "Chicago", "IL", "60601", "quillon.example", 310 },
  };
  static const char *contact_names[][2] = {
    { "Grace", "Okafor" }, { "Liam", "Bennett" }, { "Mei", "Tanaka" }, { "Noah", "Fischer" },
    { "Amara", "Diallo" }, { "Lucas", "Moreau" }, { "Sofia", "Rossi" }, { "Ethan", "Clarke" },
    { "Priya", "Nair" }, { "Jonas", "Berg" }, { "Chloe", "Martin" }, { "Mateo", "Silva" },
  };
  static const struct {
    const char *name;
    const char *stage;
    double      amount;
    const char *close_date;
  } opportunities[] = {
    { "Northwind Robotics - Line Automation", "Negotiation/Review", 250000.0, "2025-07-31" },
    { "Bluebird Analytics - Pilot", "Qualification", 40000.0, "2025-09-15" },
    { "Cedar & Pine - Guest Wi-Fi", "Closed Won", 85000.0, "2025-03-20" },
    { "Lumen Health - Scheduling", "Prospecting", 120000.0, "2025-11-01" },
  };
  static const struct {
    const char *name;
    const char *type;
    const char *status;
    const char *start;
    const char *end;
    gboolean    active;
  } campaigns[] = {
    { "Spring Webinar Series", "Webinar", "In Progress", "2025-03-01", "2025-05-31", TRUE },
    { "Automation Expo 2025", "Trade Show", "Planned", "2025-09-10", "2025-09-12", TRUE },
    { "Customer Newsletter Q2", "Email", "Completed", "2025-04-01", "2025-06-30", FALSE },
  };
  const gint64 created = G_GINT64_CONSTANT (1717200000);   /* 2024-06-01 */
  g_autoptr(GPtrArray) opportunity_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) campaign_ids = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      GHashTable *r = add_record (data, "Account", "001", created + i * 86400);
      g_autofree char *website = g_strdup_printf ("https://www.%s", accounts[i].domain);
      g_autofree char *phone = g_strdup_printf ("+1 555 010 %04u", 1000 + i * 37);

      set (r, "Name", node_string (accounts[i].name));
      set (r, "Type", node_string (accounts[i].type));
      set (r, "BillingStreet", node_string (accounts[i].street));
      set (r, "BillingCity", node_string (accounts[i].city));
      set (r, "BillingState", node_string (accounts[i].state));
      set (r, "BillingPostalCode", node_string (accounts[i].postal_code));
      set (r, "BillingCountry", node_string ("US"));
      set (r, "BillingAddress", node_address (accounts[i].street, accounts[i].city,
                                              accounts[i].state, accounts[i].postal_code, "US"));
      set (r, "Phone", node_string (phone));
      set (r, "Website", node_string (website));
      set (r, "Industry", node_string (accounts[i].industry));
      set (r, "NumberOfEmployees", node_int (accounts[i].employees));
      set (r, "AnnualRevenue", node_double (accounts[i].employees * 150000.0));
      set (r, "OwnerId", node_string (data->admin_id));
      set (r, "AccountSource", node_string ("Web"));
      set (r, "IsPartner", node_bool (FALSE));
      set (r, "IsCustomerPortal", node_bool (FALSE));
      g_ptr_array_add (data->account_ids, g_strdup (record_id (r)));
    }

  for (i = 0; i < G_N_ELEMENTS (contact_names); i++)
    {
      guint a = i / 2;
      GHashTable *r = add_record (data, "Contact", "003", created + i * 43200);
      g_autofree char *first_lower = g_ascii_strdown (contact_names[i][0], -1);
      g_autofree char *last_lower = g_ascii_strdown (contact_names[i][1], -1);
      g_autofree char *email = g_strdup_printf ("%s.%s@%s", first_lower, last_lower,
                                                accounts[a].domain);
      g_autofree char *name = g_strdup_printf ("%s %s", contact_names[i][0], contact_names[i][1]);

      set (r, "AccountId", node_string (g_ptr_array_index (data->account_ids, a)));
      set (r, "FirstName", node_string (contact_names[i][0]));
      set (r, "LastName", node_string (contact_names[i][1]));
      set (r, "Name", node_string (name));
      set (r, "MailingCity", node_string (accounts[a].city));
      set (r, "MailingState", node_string (accounts[a].state));
      set (r, "MailingCountry", node_string ("US"));
      set (r, "MailingAddress", node_address (NULL, accounts[a].city, accounts[a].state, NULL, "US"));
      set (r, "Email", node_string (email));
      set (r, "Title", node_string (i % 2 == 0 ? "VP Operations" : "IT Manager"));
      set (r, "LeadSource", node_string ("Web"));
      set (r, "OwnerId", node_string (data->admin_id));
      set (r, "HasOptedOutOfEmail", node_bool (i == 5));
      set (r, "HasOptedOutOfFax", node_bool (FALSE));
      set (r, "DoNotCall", node_bool (i == 3));
      set (r, "IsEmailBounced", node_bool (FALSE));
      set (r, "mkto71_Lead_Score__c", node_double ((i * 13) % 100));
      g_ptr_array_add (data->contact_ids, g_strdup (record_id (r)));
    }

  for (i = 0; i < G_N_ELEMENTS (campaigns); i++)
    {
      GHashTable *r = add_record (data, "Campaign", "701", created + i * 86400);

      set (r, "Name", node_string (campaigns[i].name));
      set (r, "Type", node_string (campaigns[i].type));
      set (r, "Status", node_string (campaigns[i].status));
      set (r, "StartDate", node_string (campaigns[i].start));
      set (r, "EndDate", node_string (campaigns[i].end));
      set (r, "IsActive", node_bool (campaigns[i].active));
      set (r, "OwnerId", node_string (data->admin_id));
      set (r, "NumberOfLeads", node_int (0));
      set (r, "NumberOfContacts", node_int (0));
      g_ptr_array_add (campaign_ids, g_strdup (record_id (r)));
    }

  for (i = 0; i < G_N_ELEMENTS (opportunities); i++)
    {
      GHashTable *r = add_record (data, "Opportunity", "006", created + i * 86400);
      gboolean won = g_str_equal (opportunities[i].stage, "Closed Won");

      set (r, "AccountId", node_string (g_ptr_array_index (data->account_ids, i)));
      set (r, "IsPrivate", node_bool (FALSE));
      set (r, "Name", node_string (opportunities[i].name));
      set (r, "StageName", node_string (opportunities[i].stage));
      set (r, "Amount", node_double (opportunities[i].amount));
      set (r, "CloseDate", node_string (opportunities[i].close_date));
      set (r, "IsClosed", node_bool (won));
      set (r, "IsWon", node_bool (won));
      set (r, "ForecastCategory", node_string (won ? "Closed" : "Pipeline"));
      set (r, "ForecastCategoryName", node_string (won ? "Closed" : "Pipeline"));
      set (r, "CampaignId", node_string (g_ptr_array_index (campaign_ids, i % campaign_ids->len)));
      set (r, "OwnerId", node_string (data->admin_id));
      g_ptr_array_add (opportunity_ids, g_strdup (record_id (r)));
    }

  for (i = 0; i < 2; i++)
    {
      GHashTable *r = add_record (data, "OpportunityContactRole", "00K", created + i * 86400);

      set (r, "OpportunityId", node_string (g_ptr_array_index (opportunity_ids, i)));
      set (r, "ContactId", node_string (g_ptr_array_index (data->contact_ids, i * 2)));
      set (r, "Role", node_string (i == 0 ? "Decision Maker" : "Evaluator"));
      set (r, "IsPrimary", node_bool (TRUE));
    }

  /* Contacts in campaigns; leads join below once their ids exist. */
  for (i = 0; i < 3; i++)
    {
      GHashTable *r = add_record (data, "CampaignMember", "00v", created + i * 3600);

      set (r, "CampaignId", node_string (g_ptr_array_index (campaign_ids, 1)));
      set (r, "ContactId", node_string (g_ptr_array_index (data->contact_ids, i)));
      set (r, "LeadOrContactId", node_string (g_ptr_array_index (data->contact_ids, i)));
      set (r, "Status", node_string ("Sent"));
      set (r, "HasResponded", node_bool (FALSE));
      set (r, "Type", node_string ("Contact"));
    }
  for (i = 0; i < MIN (data->n_leads, 4); i++)
    {
      GHashTable *r = add_record (data, "CampaignMember", "00v", created + i * 3600);
      g_autofree char *lead_id = cs_practice_make_id ("00Q", LEAD_SERIAL_BASE + i);

      set (r, "CampaignId", node_string (g_ptr_array_index (campaign_ids, 0)));
      set (r, "LeadId", node_string (lead_id));
      set (r, "LeadOrContactId", node_string (lead_id));
      set (r, "Status", node_string (i % 2 == 0 ? "Responded" : "Sent"));
      set (r, "HasResponded", node_bool (i % 2 == 0));
      set (r, "Type", node_string ("Lead"));
    }

  for (i = 0; i < 2; i++)
    {
      GHashTable *t = add_record (data, "Task", "00T", created + i * 7200);
      GHashTable *e = add_record (data, "Event", "00U", created + i * 7200);

      set (t, "WhoId", node_string (g_ptr_array_index (data->contact_ids, i)));
      set (t, "WhatId", node_string (g_ptr_array_index (data->account_ids, 0)));
      set (t, "Subject", node_string (i == 0 ? "Call" : "Send Quote"));
      set (t, "Status", node_string (i == 0 ? "Completed" : "Not Started"));
      set (t, "Priority", node_string ("Normal"));
      set (t, "IsHighPriority", node_bool (FALSE));
      set (t, "IsClosed", node_bool (i == 0));
      set (t, "OwnerId", node_string (data->admin_id));
      set (t, "ActivityDate", node_string ("2024-06-10"));

      set (e, "WhoId", node_string (g_ptr_array_index (data->contact_ids, i + 2)));
      set (e, "Subject", node_string ("Meeting"));
      set (e, "StartDateTime", node_string ("2024-06-12T16:00:00.000+0000"));
      set (e, "EndDateTime", node_string ("2024-06-12T17:00:00.000+0000"));
      set (e, "ActivityDateTime", node_string ("2024-06-12T16:00:00.000+0000"));
      set (e, "ActivityDate", node_string ("2024-06-12"));
      set (e, "DurationInMinutes", node_int (60));
      set (e, "ShowAs", node_string ("Busy"));
      set (e, "OwnerId", node_string (data->admin_id));
    }
}

/* ---- generated leads ------------------------------------------------------------ */

typedef enum {
  LC_ID = 1,
  LC_IS_DELETED,
  LC_FIRST_NAME,
  LC_LAST_NAME,
  LC_NAME,
  LC_TITLE,
  LC_COMPANY,
  LC_CITY,
  LC_STATE,
  LC_COUNTRY,
  LC_ADDRESS,
  LC_PHONE,
  LC_EMAIL,
  LC_HAS_OPTED_OUT_OF_EMAIL,
  LC_WEBSITE,
  LC_LEAD_SOURCE,
  LC_STATUS,
  LC_INDUSTRY,
  LC_RATING,
  LC_ANNUAL_REVENUE,
  LC_NUMBER_OF_EMPLOYEES,
  LC_OWNER_ID,
  LC_IS_CONVERTED,
  LC_CONVERTED_DATE,
  LC_CONVERTED_ACCOUNT_ID,
  LC_CONVERTED_CONTACT_ID,
  LC_IS_UNREAD_BY_OWNER,
  LC_CREATED_DATE,
  LC_CREATED_BY_ID,
  LC_LAST_MODIFIED_DATE,
  LC_LAST_MODIFIED_BY_ID,
  LC_SYSTEM_MODSTAMP,
  LC_LEAD_SCORE,
  LC_ACQUISITION_DATE,
  LC_ACQUISITION_PROGRAM,
} LeadColumn;

static const struct {
  const char *name;
  LeadColumn  column;
} lead_columns[] = {
  { "Id", LC_ID }, { "IsDeleted", LC_IS_DELETED }, { "FirstName", LC_FIRST_NAME },
  { "LastName", LC_LAST_NAME }, { "Name", LC_NAME }, { "Title", LC_TITLE },
  { "Company", LC_COMPANY }, { "City", LC_CITY }, { "State", LC_STATE },
  { "Country", LC_COUNTRY }, { "Address", LC_ADDRESS }, { "Phone", LC_PHONE },
  { "Email", LC_EMAIL }, { "HasOptedOutOfEmail", LC_HAS_OPTED_OUT_OF_EMAIL },
  { "Website", LC_WEBSITE }, { "LeadSource", LC_LEAD_SOURCE }, { "Status", LC_STATUS },
  { "Industry", LC_INDUSTRY }, { "Rating", LC_RATING }, { "AnnualRevenue", LC_ANNUAL_REVENUE },
  { "NumberOfEmployees", LC_NUMBER_OF_EMPLOYEES }, { "OwnerId", LC_OWNER_ID },
  { "IsConverted", LC_IS_CONVERTED }, { "ConvertedDate", LC_CONVERTED_DATE },
  { "ConvertedAccountId", LC_CONVERTED_ACCOUNT_ID },
  { "ConvertedContactId", LC_CONVERTED_CONTACT_ID },
  { "IsUnreadByOwner", LC_IS_UNREAD_BY_OWNER }, { "CreatedDate", LC_CREATED_DATE },
  { "CreatedById", LC_CREATED_BY_ID }, { "LastModifiedDate", LC_LAST_MODIFIED_DATE },
  { "LastModifiedById", LC_LAST_MODIFIED_BY_ID }, { "SystemModstamp", LC_SYSTEM_MODSTAMP },
  { "mkto71_Lead_Score__c", LC_LEAD_SCORE },
  { "mkto71_Acquisition_Date__c", LC_ACQUISITION_DATE },
  { "mkto71_Acquisition_Program__c", LC_ACQUISITION_PROGRAM },
};

static const char *first_names[] = {
  "Ada", "Ben", "Carmen", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jamal",
  "Kira", "Luis", "Maya", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara",
  "Umar", "Vera", "Wes", "Xenia", "Yusuf", "Zoe", "Aiko", "Bruno", "Chiara", "Diego",
  "Esme", "Felix", "Gina", "Hugo", "Ivy", "Jonah", "Kofi", "Lena", "Marco", "Nadia",
};
static const char *last_names[] = {
  "Abbott", "Baker", "Castillo", "Dubois", "Eriksen", "Fontaine", "Garcia", "Hansen",
  "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Mensah", "Novak", "Oliveira", "Park",
  "Quintero", "Romano", "Schmidt", "Takahashi", "Usman", "Varga", "Weber", "Xu",
  "Yilmaz", "Zimmermann", "Alvarez", "Brennan", "Chen", "Delgado", "Evans", "Ferreira",
  "Gallagher", "Horvat", "Iqbal", "Jovanovic", "Kim", "Larsen", "Moreno", "Nakamura",
};
static const struct {
  const char *name;
  const char *domain;
} companies[] = {
  { "Acumen Widgets", "acumen-widgets.example" }, { "Brightwater Labs", "brightwater.example" },
  { "Copperline Foods", "copperline.example" }, { "Driftwood Media", "driftwood-media.example" },
  { "Evergreen Energy", "evergreen-energy.example" }, { "Foxglove Retail", "foxglove.example" },
  { "Granite Peak Insurance", "granitepeak.example" }, { "Helix Biotech", "helixbio.example" },
  { "Ironbark Construction", "ironbark.example" }, { "Juniper Consulting", "juniper-consulting.example" },
  { "Kestrel Aviation", "kestrel-aviation.example" }, { "Larkspur Education", "larkspur.example" },
  { "Meridian Telecom", "meridian-telecom.example" }, { "Nimbus Cloudworks", "nimbus.example" },
  { "Orchard Hospitality", "orchard-hotels.example" }, { "Pinnacle Shipping", "pinnacle-ship.example" },
  { "Quarry Chemicals", "quarrychem.example" }, { "Redwood Finance", "redwood-finance.example" },
  { "Saltmarsh Apparel", "saltmarsh.example" }, { "Tidewater Utilities", "tidewater.example" },
  { "Umbra Engineering", "umbra-eng.example" }, { "Vantage Healthcare", "vantage-health.example" },
  { "Willow Agriculture", "willow-ag.example" }, { "Yarrow Machinery", "yarrow.example" },
};
static const char *industries[] = {
  "Manufacturing", "Technology", "Food & Beverage", "Media", "Energy", "Retail", "Insurance",
  "Biotechnology", "Construction", "Consulting", "Transportation", "Education",
  "Telecommunications", "Technology", "Hospitality", "Shipping", "Chemicals", "Finance",
  "Apparel", "Utilities", "Engineering", "Healthcare", "Agriculture", "Machinery",
};
static const char *titles[] = {
  "Marketing Manager", "VP Sales", "Director of Operations", "CTO", "Procurement Lead",
  "Office Manager", "Head of Growth", "CFO",
};
static const struct {
  const char *city;
  const char *state;
  const char *country;
} places[] = {
  { "San Francisco", "CA", "US" }, { "New York", "NY", "US" }, { "Toronto", "ON", "CA" },
  { "London", NULL, "GB" }, { "Paris", NULL, "FR" }, { "Berlin", NULL, "DE" },
  { "Sydney", "NSW", "AU" }, { "Chicago", "IL", "US" },
};
static const char *lead_sources[] = { "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other" };
static const char *open_statuses[] = { "Open - Not Contacted", "Working - Contacted", "Closed - Not Converted" };
static const char *ratings[] = { "Hot", "Warm", "Cold", NULL };
static const char *programs[] = { "Spring Webinar Series", "Automation Expo 2025", "Website Form", "Content Syndication" };

static gboolean
lead_is_converted (guint i)
{
  return i % 25 == 24;
}

static JsonNode *
lead_value (CsPracticeData *data,
            guint           i,
            const char     *field)
{
  LeadColumn column = GPOINTER_TO_UINT (g_hash_table_lookup (data->lead_columns, field));
  const char *first = first_names[i % G_N_ELEMENTS (first_names)];
  const char *last = last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)];
  guint company = (i * 7 + 3) % G_N_ELEMENTS (companies);
  guint place = (i * 5 + 1) % G_N_ELEMENTS (places);
  gint64 created = LEAD_EPOCH + (gint64) i * data->lead_step;
  gint64 modified = created + (gint64) (i % 13) * 86400;

  switch (column)
    {
    case LC_ID:
      return node_take_string (cs_practice_make_id ("00Q", LEAD_SERIAL_BASE + i));
    case LC_IS_DELETED:
      return node_bool (FALSE);
    case LC_FIRST_NAME:
      return node_string (first);
    case LC_LAST_NAME:
      return node_string (last);
    case LC_NAME:
      return node_take_string (g_strdup_printf ("%s %s", first, last));
    case LC_TITLE:
      return node_string (titles[i % G_N_ELEMENTS (titles)]);
    case LC_COMPANY:
      return node_string (companies[company].name);
    case LC_CITY:
      return node_string (places[place].city);
    case LC_STATE:
      return node_string (places[place].state);
    case LC_COUNTRY:
      return node_string (places[place].country);
    case LC_ADDRESS:
      return node_address (NULL, places[place].city, places[place].state, NULL,
                           places[place].country);
    case LC_PHONE:
      return node_take_string (g_strdup_printf ("+1 555 01%02u %04u", i % 100, (i * 7919) % 10000));
    case LC_EMAIL:
      {
        g_autofree char *local = g_strdup_printf ("%s.%s%u", first, last, i + 1);
        g_autofree char *lower = g_ascii_strdown (local, -1);

        /* The running number keeps e-mails unique: the sync matches on them. */
        return node_take_string (g_strdup_printf ("%s@%s", lower, companies[company].domain));
      }
    case LC_HAS_OPTED_OUT_OF_EMAIL:
      return node_bool (i % 11 == 10);
    case LC_WEBSITE:
      return node_take_string (g_strdup_printf ("https://www.%s", companies[company].domain));
    case LC_LEAD_SOURCE:
      return node_string (lead_sources[i % G_N_ELEMENTS (lead_sources)]);
    case LC_STATUS:
      return node_string (lead_is_converted (i) ? "Closed - Converted"
                                                : open_statuses[i % G_N_ELEMENTS (open_statuses)]);
    case LC_INDUSTRY:
      return node_string (industries[company]);
    case LC_RATING:
      return node_string (ratings[i % G_N_ELEMENTS (ratings)]);
    case LC_ANNUAL_REVENUE:
      return node_double ((double) ((i * 7919) % 500 + 1) * 100000.0);
    case LC_NUMBER_OF_EMPLOYEES:
      return node_int ((i * 37) % 5000 + 5);
    case LC_OWNER_ID:
    case LC_CREATED_BY_ID:
      return node_string (data->admin_id);
    case LC_IS_CONVERTED:
      return node_bool (lead_is_converted (i));
    case LC_CONVERTED_DATE:
      return lead_is_converted (i) ? node_take_string (cs_practice_rest_date (modified)) : NULL;
    case LC_CONVERTED_ACCOUNT_ID:
      return lead_is_converted (i)
             ? node_string (g_ptr_array_index (data->account_ids, i % data->account_ids->len))
             : NULL;
    case LC_CONVERTED_CONTACT_ID:
      return lead_is_converted (i)
             ? node_string (g_ptr_array_index (data->contact_ids, i % data->contact_ids->len))
             : NULL;
    case LC_IS_UNREAD_BY_OWNER:
      return node_bool (i % 7 == 0);
    case LC_CREATED_DATE:
    case LC_ACQUISITION_DATE:
      return node_take_string (cs_practice_rest_datetime (created));
    case LC_LAST_MODIFIED_DATE:
    case LC_SYSTEM_MODSTAMP:
      return node_take_string (cs_practice_rest_datetime (modified));
    case LC_LAST_MODIFIED_BY_ID:
      /* Every third lead was last touched by the sync. */
      return node_string (i % 3 == 0 ? data->sync_id : data->admin_id);
    case LC_LEAD_SCORE:
      return node_double ((double) ((i * 37) % 100));
    case LC_ACQUISITION_PROGRAM:
      return node_string (programs[i % G_N_ELEMENTS (programs)]);
    default:
      return NULL;
    }
}

/* ---- public ---------------------------------------------------------------------- */

CsPracticeData *
cs_practice_data_new (guint n_leads)
{
  CsPracticeData *data = g_new0 (CsPracticeData, 1);
  guint i;

  data->users = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_practice_user_free);
  data->tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) g_ptr_array_unref);
  data->by_id15 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->account_ids = g_ptr_array_new_with_free_func (g_free);
  data->contact_ids = g_ptr_array_new_with_free_func (g_free);
  data->lead_columns = g_hash_table_new (g_str_hash, g_str_equal);
  data->n_leads = n_leads;
  data->lead_step = n_leads > 0 ? CLAMP ((LEAD_LAST - LEAD_EPOCH) / (gint64) n_leads, 1, LEAD_STEP)
                                : LEAD_STEP;
  data->next_serial = FIXED_SERIAL_BASE + 100;

  for (i = 0; i < G_N_ELEMENTS (lead_columns); i++)
    g_hash_table_insert (data->lead_columns, (gpointer) lead_columns[i].name,
                         GUINT_TO_POINTER (lead_columns[i].column));

  seed_users (data);
  seed_records (data);
  data->records = cs_practice_records_new ();
  return data;
}

void
cs_practice_data_free (CsPracticeData *data)
{
  if (data == NULL)
    return;
  g_ptr_array_unref (data->users);
  g_hash_table_unref (data->tables);
  g_hash_table_unref (data->by_id15);
  g_ptr_array_unref (data->account_ids);
  g_ptr_array_unref (data->contact_ids);
  g_hash_table_unref (data->lead_columns);
  cs_practice_records_free (data->records);
  g_free (data->admin_id);
  g_free (data->sync_id);
  g_free (data);
}

void
cs_practice_data_set_organization (CsPracticeData *data,
                                   const char     *org_id,
                                   const char     *name)
{
  GPtrArray *table = g_hash_table_lookup (data->tables, "Organization");
  const gint64 created = G_GINT64_CONSTANT (1704096000);   /* 2024-01-01 */
  GHashTable *record;
  RecordRef *ref;

  g_return_if_fail (org_id != NULL && strlen (org_id) >= 15);

  if (table == NULL)
    {
      table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      g_hash_table_insert (data->tables, (gpointer) "Organization", table);
    }
  if (table->len == 0)
    g_ptr_array_add (table, g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                   (GDestroyNotify) json_node_unref));
  record = g_ptr_array_index (table, 0);
  if (g_hash_table_contains (record, "Id"))
    {
      g_autofree char *old_id15 = g_strndup (record_id (record), 15);

      g_hash_table_remove (data->by_id15, old_id15);
    }

  ref = g_new0 (RecordRef, 1);
  ref->object_name = "Organization";
  ref->index = 0;
  g_hash_table_insert (data->by_id15, g_strndup (org_id, 15), ref);

  g_hash_table_remove_all (record);
  set (record, "Id", node_take_string (cs_practice_id_is_valid (org_id) ? cs_practice_id_to_18 (org_id)
                                                                       : g_strdup (org_id)));
  set (record, "Name", node_string (name));
  set (record, "InstanceName", node_string ("USA1"));
  set (record, "IsSandbox", node_bool (FALSE));
  set (record, "OrganizationType", node_string ("Enterprise Edition"));
  set (record, "LanguageLocaleKey", node_string ("en_US"));
  set (record, "TimeZoneSidKey", node_string ("America/Los_Angeles"));
  set (record, "CreatedDate", node_take_string (cs_practice_rest_datetime (created)));
  set (record, "CreatedById", node_string (data->admin_id));
  set (record, "LastModifiedDate", node_take_string (cs_practice_rest_datetime (created)));
  set (record, "LastModifiedById", node_string (data->admin_id));
  set (record, "SystemModstamp", node_take_string (cs_practice_rest_datetime (created)));
}

guint
cs_practice_data_count (CsPracticeData *data,
                        const char     *object_name)
{
  GPtrArray *table;
  guint created = data->records != NULL
                  ? cs_practice_records_count_created (data->records, object_name) : 0;

  if (g_str_equal (object_name, "Lead"))
    return data->n_leads + created;
  table = g_hash_table_lookup (data->tables, object_name);
  return (table != NULL ? table->len : 0) + created;
}

JsonNode *
cs_practice_data_get (CsPracticeData *data,
                      const char     *object_name,
                      guint           index,
                      const char     *field_name)
{
  GPtrArray *table;
  JsonNode *value;

  /* Changed since the seed: cs-practice-records.c knows. */
  if (data->records != NULL &&
      cs_practice_records_lookup (data->records, object_name, index, field_name, &value))
    return value;

  if (g_str_equal (object_name, "Lead"))
    return index < data->n_leads ? lead_value (data, index, field_name) : NULL;

  table = g_hash_table_lookup (data->tables, object_name);
  if (table == NULL || index >= table->len)
    return NULL;
  value = g_hash_table_lookup (g_ptr_array_index (table, index), field_name);
  return value != NULL ? json_node_ref (value) : NULL;
}

gboolean
cs_practice_data_find (CsPracticeData  *data,
                       const char      *id,
                       const char     **object_name,
                       guint           *index)
{
  g_autofree char *id15 = NULL;
  RecordRef *ref;
  guint64 serial;

  if (!cs_practice_id_is_valid (id))
    return FALSE;

  if (strncmp (id, "00Q", 3) == 0 && cs_practice_id_get_serial (id, &serial) &&
      serial >= LEAD_SERIAL_BASE && serial - LEAD_SERIAL_BASE < data->n_leads)
    {
      *object_name = "Lead";
      *index = (guint) (serial - LEAD_SERIAL_BASE);
      return TRUE;
    }

  id15 = g_strndup (id, 15);
  ref = g_hash_table_lookup (data->by_id15, id15);
  if (ref == NULL)
    return data->records != NULL &&
           cs_practice_records_find (data->records, id, object_name, index);
  *object_name = ref->object_name;
  *index = ref->index;
  return TRUE;
}

CsPracticeRecords *
cs_practice_data_get_records (CsPracticeData *data)
{
  return data->records;
}
