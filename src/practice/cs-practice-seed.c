/* cs-practice-seed.c: the seeded schema as compact tables, a row per field,
 * in the order real describes list them (standard-objects.md §3).
 *
 * Field-level security and object permissions are seeded so that an access
 * audit of the sync user has something to find: Lead.ConvertedDate (which
 * the sync requires) is hidden from it, and it lacks Delete on Campaign.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-seed.h"

/* ---- picklists (standard-objects.md §4) -------------------------------------- */

#define V(v)      { v, NULL, FALSE }
#define VD(v)     { v, NULL, TRUE }
#define VL(v, l)  { v, l, FALSE }
#define VLD(v, l) { v, l, TRUE }
#define PICKLIST(var, ...) \
  static const CsPicklistEntry var##_entries[] = { __VA_ARGS__ }; \
  static const CsPicklist var = { var##_entries, G_N_ELEMENTS (var##_entries) }

PICKLIST (pl_salutation, V ("Mr."), V ("Ms."), V ("Mrs."), V ("Dr."), V ("Prof."), V ("Mx."));
PICKLIST (pl_salutation5, V ("Mr."), V ("Ms."), V ("Mrs."), V ("Dr."), V ("Prof."));
PICKLIST (pl_lead_source, V ("Web"), V ("Phone Inquiry"), V ("Partner Referral"),
          V ("Purchased List"), V ("Other"));
PICKLIST (pl_lead_status, VD ("Open - Not Contacted"), V ("Working - Contacted"),
          V ("Closed - Converted"), V ("Closed - Not Converted"));
PICKLIST (pl_industry, V ("Agriculture"), V ("Apparel"), V ("Banking"), V ("Biotechnology"),
          V ("Chemicals"), V ("Communications"), V ("Construction"), V ("Consulting"),
          V ("Education"), V ("Electronics"), V ("Energy"), V ("Engineering"),
          V ("Entertainment"), V ("Environmental"), V ("Finance"), V ("Food & Beverage"),
          V ("Government"), V ("Healthcare"), V ("Hospitality"), V ("Insurance"),
          V ("Machinery"), V ("Manufacturing"), V ("Media"), V ("Not For Profit"),
          V ("Recreation"), V ("Retail"), V ("Shipping"), V ("Technology"),
          V ("Telecommunications"), V ("Transportation"), V ("Utilities"), V ("Other"));
PICKLIST (pl_rating, V ("Hot"), V ("Warm"), V ("Cold"));
PICKLIST (pl_account_type, V ("Prospect"), V ("Customer - Direct"), V ("Customer - Channel"),
          V ("Channel Partner / Reseller"), V ("Installation Partner"),
          V ("Technology Partner"), V ("Other"));
PICKLIST (pl_ownership, V ("Public"), V ("Private"), V ("Subsidiary"), V ("Other"));
PICKLIST (pl_geocode_accuracy, V ("Address"), V ("NearAddress"), V ("Block"), V ("Street"),
          V ("ExtendedZip"), V ("Zip"), V ("Neighborhood"), V ("City"), V ("County"),
          V ("State"), V ("Unknown"));
PICKLIST (pl_clean_status, VL ("Matched", "In Sync"), V ("Different"),
          VL ("Acknowledged", "Reviewed"), VL ("NotFound", "Not Found"), V ("Inactive"),
          VL ("Pending", "Not Compared"), VL ("SelectMatch", "Select Match"), V ("Skipped"));
PICKLIST (pl_stage, V ("Prospecting"), V ("Qualification"), V ("Needs Analysis"),
          V ("Value Proposition"), V ("Id. Decision Makers"), V ("Perception Analysis"),
          V ("Proposal/Price Quote"), V ("Negotiation/Review"), V ("Closed Won"),
          V ("Closed Lost"));
PICKLIST (pl_opportunity_type, V ("Existing Customer - Upgrade"),
          V ("Existing Customer - Replacement"), V ("Existing Customer - Downgrade"),
          V ("New Customer"));
PICKLIST (pl_forecast_category, V ("Omitted"), V ("Pipeline"), VL ("BestCase", "Best Case"),
          VL ("MostLikely", "Most Likely"), VL ("Forecast", "Commit"), V ("Closed"));
PICKLIST (pl_forecast_category_name, V ("Omitted"), V ("Pipeline"), V ("Best Case"),
          V ("Commit"), V ("Closed"));
PICKLIST (pl_ocr_role, V ("Business User"), V ("Decision Maker"), V ("Economic Buyer"),
          V ("Economic Decision Maker"), V ("Evaluator"), V ("Executive Sponsor"),
          V ("Influencer"), V ("Technical Buyer"), V ("Other"));
PICKLIST (pl_task_status, VD ("Not Started"), V ("In Progress"), V ("Completed"),
          V ("Waiting on someone else"), V ("Deferred"));
PICKLIST (pl_task_priority, V ("High"), VD ("Normal"), V ("Low"));
PICKLIST (pl_task_subject, V ("Call"), V ("Email"), V ("Send Letter"), V ("Send Quote"),
          V ("Other"));
PICKLIST (pl_task_type, V ("Call"), V ("Meeting"), V ("Other"), V ("Email"));
PICKLIST (pl_task_subtype, V ("Task"), V ("Email"), V ("ListEmail"), V ("Call"),
          V ("Cadence"), V ("LinkedIn"));
PICKLIST (pl_call_type, V ("Inbound"), V ("Internal"), V ("Outbound"));
PICKLIST (pl_event_subject, V ("Call"), V ("Email"), V ("Meeting"), V ("Send Letter/Quote"),
          V ("Other"));
PICKLIST (pl_event_subtype, V ("Event"));
PICKLIST (pl_show_as, VD ("Busy"), VL ("OutOfOffice", "Out of Office"), V ("Free"));
PICKLIST (pl_group_event_type, VLD ("0", "Non-group Event"), VL ("1", "Group Event"),
          VL ("2", "Proposed Event"), VL ("3", "IsRecurrence2 Series Pattern"));
PICKLIST (pl_recurrence_type, V ("RecursDaily"), V ("RecursEveryWeekday"), V ("RecursMonthly"),
          V ("RecursMonthlyNth"), V ("RecursWeekly"), V ("RecursYearly"),
          V ("RecursYearlyNth"));
PICKLIST (pl_recurrence_instance, V ("First"), V ("Second"), V ("Third"), V ("Fourth"),
          V ("Last"));
PICKLIST (pl_month, V ("January"), V ("February"), V ("March"), V ("April"), V ("May"),
          V ("June"), V ("July"), V ("August"), V ("September"), V ("October"),
          V ("November"), V ("December"));
PICKLIST (pl_recurrence_regenerated, V ("RecurrenceRegenerateAfterDueDate"),
          V ("RecurrenceRegenerateAfterToday"), V ("RecurrenceRegenerated"));
PICKLIST (pl_pattern_version, V ("1"), V ("2"));
/* The real list has 423 zones; a representative subset is enough here. */
PICKLIST (pl_time_zone,
          VL ("Pacific/Honolulu", "(GMT-10:00) Hawaii-Aleutian Standard Time (Pacific/Honolulu)"),
          VL ("America/Anchorage", "(GMT-09:00) Alaska Standard Time (America/Anchorage)"),
          VL ("America/Los_Angeles", "(GMT-08:00) Pacific Standard Time (America/Los_Angeles)"),
          VL ("America/Denver", "(GMT-07:00) Mountain Standard Time (America/Denver)"),
          VL ("America/Chicago", "(GMT-06:00) Central Standard Time (America/Chicago)"),
          VL ("America/New_York", "(GMT-05:00) Eastern Standard Time (America/New_York)"),
          VL ("America/Sao_Paulo", "(GMT-03:00) Brasilia Standard Time (America/Sao_Paulo)"),
          VL ("GMT", "(GMT+00:00) Greenwich Mean Time (GMT)"),
          VL ("Europe/London", "(GMT+00:00) Greenwich Mean Time (Europe/London)"),
          VL ("Europe/Paris", "(GMT+01:00) Central European Standard Time (Europe/Paris)"),
          VL ("Europe/Berlin", "(GMT+01:00) Central European Standard Time (Europe/Berlin)"),
          VL ("Africa/Johannesburg", "(GMT+02:00) South Africa Standard Time (Africa/Johannesburg)"),
          VL ("Asia/Kolkata", "(GMT+05:30) India Standard Time (Asia/Kolkata)"),
          VL ("Asia/Singapore", "(GMT+08:00) Singapore Standard Time (Asia/Singapore)"),
          VL ("Asia/Tokyo", "(GMT+09:00) Japan Standard Time (Asia/Tokyo)"),
          VL ("Australia/Sydney", "(GMT+11:00) Australian Eastern Daylight Time (Australia/Sydney)"));
PICKLIST (pl_locale, VL ("en_US", "English (United States)"), VL ("en_GB", "English (United Kingdom)"),
          VL ("en_CA", "English (Canada)"), VL ("fr_FR", "French (France)"),
          VL ("fr_CA", "French (Canada)"), VL ("de_DE", "German (Germany)"),
          VL ("es_ES", "Spanish (Spain)"), VL ("it_IT", "Italian (Italy)"),
          VL ("ja_JP", "Japanese (Japan)"), VL ("pt_BR", "Portuguese (Brazil)"));
PICKLIST (pl_language, VL ("en_US", "English"), VL ("de", "German"), VL ("es", "Spanish"),
          VL ("fr", "French"), VL ("it", "Italian"), VL ("ja", "Japanese"),
          VL ("sv", "Swedish"), VL ("ko", "Korean"), VL ("zh_TW", "Chinese (Traditional)"),
          VL ("zh_CN", "Chinese (Simplified)"), VL ("pt_BR", "Portuguese (Brazil)"),
          VL ("nl_NL", "Dutch"), VL ("da", "Danish"), VL ("th", "Thai"), VL ("fi", "Finnish"),
          VL ("ru", "Russian"), VL ("es_MX", "Spanish (Mexico)"), VL ("no", "Norwegian"));
PICKLIST (pl_email_encoding, VL ("UTF-8", "Unicode (UTF-8)"),
          VL ("ISO-8859-1", "General US & Western Europe (ISO-8859-1, ISO-LATIN-1)"),
          VL ("Shift_JIS", "Japanese (Shift-JIS)"), VL ("ISO-2022-JP", "Japanese (JIS)"),
          VL ("EUC-JP", "Japanese (EUC)"), VL ("ks_c_5601-1987", "Korean (ks_c_5601-1987)"),
          VL ("Big5", "Traditional Chinese (Big5)"), VL ("GB2312", "Simplified Chinese (GB2312)"));
PICKLIST (pl_organization_type, V ("Team Edition"), V ("Professional Edition"),
          V ("Enterprise Edition"), V ("Developer Edition"), V ("Personal Edition"),
          V ("Unlimited Edition"), V ("Contact Manager Edition"), V ("Base Edition"));
PICKLIST (pl_user_type, VL ("Standard", "Standard"), VL ("PowerPartner", "Partner"),
          VL ("PowerCustomerSuccess", "Customer Portal Manager"),
          VL ("CustomerSuccess", "Customer Portal User"), VL ("Guest", "Guest"),
          VL ("CspLitePortal", "High Volume Portal"), VL ("CsnOnly", "CSN Only"),
          VL ("SelfService", "Self Service"));
PICKLIST (pl_digest, VL ("D", "Daily"), VL ("W", "Weekly"), VLD ("N", "Never"));
PICKLIST (pl_group_notification, VL ("P", "Email on Each Post"), VL ("D", "Daily Digest"),
          VL ("W", "Weekly Digest"), VLD ("N", "Never"));
PICKLIST (pl_campaign_status, VD ("Planned"), V ("In Progress"), V ("Completed"), V ("Aborted"));
PICKLIST (pl_campaign_type, VD ("Conference"), V ("Webinar"), V ("Trade Show"),
          V ("Public Relations"), V ("Partners"), V ("Referral Program"), V ("Advertisement"),
          V ("Banner Ads"), V ("Direct Mail"), V ("Email"), V ("Telemarketing"), V ("Other"));
PICKLIST (pl_campaign_member_status, V ("Planned"), V ("Received"), V ("Responded"), VD ("Sent"));
/* Developer Edition sample custom fields. */
PICKLIST (pl_product_interest, V ("GC1000 series"), V ("GC5000 series"), V ("GC3000 series"));
PICKLIST (pl_yes_no, V ("No"), V ("Yes"));
PICKLIST (pl_maybe, V ("Maybe"), V ("No"), V ("Yes"));
PICKLIST (pl_priority, V ("High"), V ("Low"), V ("Medium"));
PICKLIST (pl_sla, V ("Gold"), V ("Silver"), V ("Platinum"), V ("Bronze"));
PICKLIST (pl_level, V ("Secondary"), V ("Tertiary"), V ("Primary"));
PICKLIST (pl_delivery, V ("In progress"), V ("Yet to begin"), V ("Completed"));
PICKLIST (pl_generated, V ("Alpha"), V ("Beta"), V ("Gamma"));

/* ---- field rows ------------------------------------------------------------------ */

/* Seed-only pseudo type: an address group expands into its eight parts and
 * the read-only compound (standard-objects.md §3.2). */
#define SEED_ADDRESS ((int) CS_FT_N_TYPES)

typedef struct {
  const char       *name;
  const char       *label;
  int               type;
  guint16           size;      /* length, precision or digits */
  guint8            scale;
  guint32           flags;
  const char       *ref;       /* comma-separated referenceTo */
  const char       *rel;       /* relationshipName */
  const char       *child;     /* child relationship name on the parent */
  const CsPicklist *pl;
  const char       *help;
} SeedField;

typedef struct {
  const char      *name;
  const char      *label;
  const char      *plural;
  const char      *prefix;
  guint32          flags;
  guint            sync_permissions;
  const SeedField *fields;
  gsize            n_fields;
} SeedObject;

#define NL  CS_FF_NILLABLE
#define CR  CS_FF_CREATEABLE
#define UP  CS_FF_UPDATEABLE
#define NCU (NL | CR | UP)
#define DF  CS_FF_DEFAULTED
#define IDL CS_FF_ID_LOOKUP
#define NMF CS_FF_NAME_FIELD
#define UQ  CS_FF_UNIQUE
#define RS  CS_FF_RESTRICTED
#define PO  CS_FF_POLYMORPHIC
#define CAL CS_FF_CALCULATED
#define SY  CS_FF_SYSTEM
#define XPN CS_FF_XTI_PERSONNAME
#define XSW CS_FF_XTI_SWITCHABLE
#define XIM CS_FF_XTI_IMAGEURL
#define CNN CS_FF_CN_NAME
#define CNF CS_FF_CN_FISCAL
#define CAS CS_FF_CASCADE_DELETE
#define HS  CS_FF_HIDDEN_FROM_SYNC

#define F(n, l, t, sz, fl, ...) \
  { .name = n, .label = l, .type = CS_FT_##t, .size = sz, .flags = fl, __VA_ARGS__ }
#define ADDRESS(prefix, label_prefix) \
  { .name = prefix, .label = label_prefix, .type = SEED_ADDRESS }
#define REF(n, l, fl, target, relationship, ...) \
  F (n, l, REFERENCE, 18, fl, .ref = target, .rel = relationship, __VA_ARGS__)

#define ID_FIELD(l)  F ("Id", l, ID, 18, DF | IDL | SY)
#define IS_DELETED   F ("IsDeleted", "Deleted", BOOLEAN, 0, DF | SY)
#define AUDIT_FIELDS \
  F ("CreatedDate", "Created Date", DATETIME, 0, DF | SY), \
  REF ("CreatedById", "Created By ID", DF | SY, "User", "CreatedBy"), \
  F ("LastModifiedDate", "Last Modified Date", DATETIME, 0, DF | SY), \
  REF ("LastModifiedById", "Last Modified By ID", DF | SY, "User", "LastModifiedBy"), \
  F ("SystemModstamp", "System Modstamp", DATETIME, 0, DF | SY)
#define VIEWED_FIELDS \
  F ("LastViewedDate", "Last Viewed Date", DATETIME, 0, NL | SY), \
  F ("LastReferencedDate", "Last Referenced Date", DATETIME, 0, NL | SY)
#define ACTIVITY_FIELDS \
  F ("LastActivityDate", "Last Activity", DATE, 0, NL | SY), \
  VIEWED_FIELDS
#define MARKETO_FIELDS \
  F ("mkto71_Lead_Score__c", "Lead Score", DOUBLE, 10, NCU, \
     .help = "The lead's score in Marketo Engage."), \
  F ("mkto71_Acquisition_Date__c", "Acquisition Date", DATETIME, 0, NCU, \
     .help = "When Marketo Engage first acquired this person."), \
  F ("mkto71_Acquisition_Program__c", "Acquisition Program", STRING, 255, NCU, \
     .help = "The Marketo Engage program that acquired this person.")

static const SeedField lead_fields[] = {
  ID_FIELD ("Lead ID"),
  IS_DELETED,
  REF ("MasterRecordId", "Master Record ID", NL, "Lead", "MasterRecord"),
  F ("LastName", "Last Name", STRING, 80, CR | UP | XPN | CNN),
  F ("FirstName", "First Name", STRING, 40, NCU | XPN | CNN),
  F ("Salutation", "Salutation", PICKLIST, 40, NCU | XPN | CNN, .pl = &pl_salutation),
  F ("Name", "Full Name", STRING, 121, NMF | XPN),
  F ("Title", "Title", STRING, 128, NCU),
  F ("Company", "Company", STRING, 255, CR | UP),
  ADDRESS ("", ""),
  F ("Phone", "Phone", PHONE, 40, NCU),
  F ("MobilePhone", "Mobile Phone", PHONE, 40, NCU),
  F ("Fax", "Fax", PHONE, 40, NCU),
  F ("Email", "Email", EMAIL, 80, NCU | IDL),
  F ("HasOptedOutOfEmail", "Email Opt Out", BOOLEAN, 0, CR | UP | DF),
  F ("HasOptedOutOfFax", "Fax Opt Out", BOOLEAN, 0, CR | UP | DF | HS),
  F ("DoNotCall", "Do Not Call", BOOLEAN, 0, CR | UP | DF),
  F ("Website", "Website", URL, 255, NCU),
  F ("PhotoUrl", "Photo URL", URL, 255, NL | XIM),
  F ("Description", "Description", TEXTAREA, 32000, NCU),
  F ("LeadSource", "Lead Source", PICKLIST, 255, NCU, .pl = &pl_lead_source),
  F ("Status", "Status", PICKLIST, 255, CR | UP | DF, .pl = &pl_lead_status),
  F ("Industry", "Industry", PICKLIST, 255, NCU, .pl = &pl_industry),
  F ("Rating", "Rating", PICKLIST, 255, NCU, .pl = &pl_rating),
  F ("AnnualRevenue", "Annual Revenue", CURRENCY, 18, NCU),
  F ("NumberOfEmployees", "Employees", INT, 8, NCU),
  REF ("OwnerId", "Owner ID", CR | UP | DF | PO, "Group,User", "Owner"),
  F ("IsConverted", "Converted", BOOLEAN, 0, CR | DF),
  /* Required by the sync, hidden from the sync user: the audit's finding. */
  F ("ConvertedDate", "Converted Date", DATE, 0, NL | HS),
  REF ("ConvertedAccountId", "Converted Account ID", NL, "Account", "ConvertedAccount"),
  REF ("ConvertedContactId", "Converted Contact ID", NL, "Contact", "ConvertedContact"),
  REF ("ConvertedOpportunityId", "Converted Opportunity ID", NL, "Opportunity", "ConvertedOpportunity"),
  F ("IsUnreadByOwner", "Unread By Owner", BOOLEAN, 0, CR | UP | DF),
  AUDIT_FIELDS,
  ACTIVITY_FIELDS,
  F ("Jigsaw", "Data.com Key", STRING, 20, NCU),
  F ("JigsawContactId", "Jigsaw Contact ID", STRING, 20, NL),
  F ("CleanStatus", "Clean Status", PICKLIST, 40, NCU | RS, .pl = &pl_clean_status),
  F ("CompanyDunsNumber", "Company D-U-N-S Number", STRING, 9, NCU),
  REF ("DandbCompanyId", "D&B Company ID", NCU, "DandBCompany", "DandbCompany"),
  F ("EmailBouncedReason", "Email Bounced Reason", STRING, 255, NL | UP),
  F ("EmailBouncedDate", "Email Bounced Date", DATETIME, 0, NL | UP),
  REF ("IndividualId", "Individual ID", NCU, "Individual", "Individual"),
  MARKETO_FIELDS,
  F ("SICCode__c", "SIC Code", STRING, 15, NCU),
  F ("ProductInterest__c", "Product Interest", PICKLIST, 255, NCU, .pl = &pl_product_interest),
  F ("Primary__c", "Primary", PICKLIST, 255, NCU, .pl = &pl_yes_no),
  F ("CurrentGenerators__c", "Current Generator(s)", STRING, 100, NCU | HS),
  F ("NumberofLocations__c", "Number of Locations", DOUBLE, 3, NCU),
};

static const SeedField contact_fields[] = {
  ID_FIELD ("Contact ID"),
  IS_DELETED,
  REF ("MasterRecordId", "Master Record ID", NL, "Contact", "MasterRecord"),
  REF ("AccountId", "Account ID", NCU, "Account", "Account", .child = "Contacts"),
  F ("LastName", "Last Name", STRING, 80, CR | UP | XPN | CNN),
  F ("FirstName", "First Name", STRING, 40, NCU | XPN | CNN),
  F ("Salutation", "Salutation", PICKLIST, 40, NCU | XPN | CNN, .pl = &pl_salutation5),
  F ("Name", "Full Name", STRING, 121, NMF | XPN),
  ADDRESS ("Other", "Other"),
  ADDRESS ("Mailing", "Mailing"),
  F ("Phone", "Business Phone", PHONE, 40, NCU),
  F ("Fax", "Business Fax", PHONE, 40, NCU),
  F ("MobilePhone", "Mobile Phone", PHONE, 40, NCU),
  F ("HomePhone", "Home Phone", PHONE, 40, NCU),
  F ("OtherPhone", "Other Phone", PHONE, 40, NCU),
  F ("AssistantPhone", "Asst. Phone", PHONE, 40, NCU),
  REF ("ReportsToId", "Reports To ID", NCU, "Contact", "ReportsTo"),
  F ("Email", "Email", EMAIL, 80, NCU | IDL),
  F ("HasOptedOutOfEmail", "Email Opt Out", BOOLEAN, 0, CR | UP | DF),
  F ("HasOptedOutOfFax", "Fax Opt Out", BOOLEAN, 0, CR | UP | DF),
  F ("DoNotCall", "Do Not Call", BOOLEAN, 0, CR | UP | DF | HS),
  F ("Title", "Title", STRING, 128, NCU),
  F ("Department", "Department", STRING, 80, NCU),
  F ("AssistantName", "Assistant's Name", STRING, 40, NCU),
  F ("LeadSource", "Lead Source", PICKLIST, 255, NCU, .pl = &pl_lead_source),
  F ("Birthdate", "Birthdate", DATE, 0, NCU),
  F ("Description", "Contact Description", TEXTAREA, 32000, NCU),
  REF ("OwnerId", "Owner ID", CR | UP | DF, "User", "Owner"),
  AUDIT_FIELDS,
  ACTIVITY_FIELDS,
  F ("LastCURequestDate", "Last Stay-in-Touch Request Date", DATETIME, 0, NL),
  F ("LastCUUpdateDate", "Last Stay-in-Touch Save Date", DATETIME, 0, NL),
  F ("EmailBouncedReason", "Email Bounced Reason", STRING, 255, NCU),
  F ("EmailBouncedDate", "Email Bounced Date", DATETIME, 0, NCU),
  F ("IsEmailBounced", "Is Email Bounced", BOOLEAN, 0, DF),
  F ("PhotoUrl", "Photo URL", URL, 255, NL | XIM),
  F ("Jigsaw", "Data.com Key", STRING, 20, NCU),
  F ("JigsawContactId", "Jigsaw Contact ID", STRING, 20, NL),
  F ("CleanStatus", "Clean Status", PICKLIST, 40, NCU | RS, .pl = &pl_clean_status),
  REF ("IndividualId", "Individual ID", NCU, "Individual", "Individual"),
  MARKETO_FIELDS,
  F ("Level__c", "Level", PICKLIST, 255, NCU, .pl = &pl_level),
  F ("Languages__c", "Languages", STRING, 100, NCU),
};

/* A fresh org has no Account record types, hence no RecordTypeId. */
static const SeedField account_fields[] = {
  ID_FIELD ("Account ID"),
  IS_DELETED,
  REF ("MasterRecordId", "Master Record ID", NL, "Account", "MasterRecord"),
  F ("Name", "Account Name", STRING, 255, CR | UP | NMF | XSW | CNN),
  F ("Type", "Account Type", PICKLIST, 40, NCU, .pl = &pl_account_type),
  REF ("ParentId", "Parent Account ID", NCU, "Account", "Parent", .child = "ChildAccounts"),
  ADDRESS ("Billing", "Billing"),
  ADDRESS ("Shipping", "Shipping"),
  F ("Phone", "Account Phone", PHONE, 40, NCU),
  F ("Fax", "Account Fax", PHONE, 40, NCU),
  F ("AccountNumber", "Account Number", STRING, 40, NCU),
  F ("Website", "Website", URL, 255, NCU),
  F ("PhotoUrl", "Photo URL", URL, 255, NL | XIM),
  F ("Sic", "SIC Code", STRING, 20, NCU),
  F ("Industry", "Industry", PICKLIST, 40, NCU, .pl = &pl_industry),
  F ("AnnualRevenue", "Annual Revenue", CURRENCY, 18, NCU),
  F ("NumberOfEmployees", "Employees", INT, 8, NCU),
  F ("Ownership", "Ownership", PICKLIST, 40, NCU, .pl = &pl_ownership),
  F ("TickerSymbol", "Ticker Symbol", STRING, 20, NCU),
  F ("Description", "Account Description", TEXTAREA, 32000, NCU),
  F ("Rating", "Account Rating", PICKLIST, 40, NCU, .pl = &pl_rating),
  F ("Site", "Account Site", STRING, 80, NCU),
  REF ("OwnerId", "Owner ID", CR | UP | DF, "User", "Owner"),
  AUDIT_FIELDS,
  ACTIVITY_FIELDS,
  F ("IsPartner", "Partner Account", BOOLEAN, 0, UP | DF),
  F ("IsCustomerPortal", "Customer Portal Account", BOOLEAN, 0, UP | DF),
  F ("ChannelProgramName", "Channel Program Name", STRING, 255, NL),
  F ("ChannelProgramLevelName", "Channel Program Level Name", STRING, 255, NL),
  F ("Jigsaw", "Data.com Key", STRING, 20, NCU),
  F ("JigsawCompanyId", "Jigsaw Company ID", STRING, 20, NL),
  F ("CleanStatus", "Clean Status", PICKLIST, 40, NCU | RS, .pl = &pl_clean_status),
  F ("AccountSource", "Account Source", PICKLIST, 40, NCU, .pl = &pl_lead_source),
  F ("DunsNumber", "D-U-N-S Number", STRING, 9, NCU),
  F ("Tradestyle", "Tradestyle", STRING, 255, NCU),
  F ("NaicsCode", "NAICS Code", STRING, 8, NCU),
  F ("NaicsDesc", "NAICS Description", STRING, 120, NCU),
  F ("YearStarted", "Year Started", STRING, 4, NCU),
  F ("SicDesc", "SIC Description", STRING, 80, NCU),
  REF ("DandbCompanyId", "D&B Company ID", NCU, "DandBCompany", "DandbCompany"),
  REF ("OperatingHoursId", "Operating Hour ID", NCU, "OperatingHours", "OperatingHours"),
  MARKETO_FIELDS,
  F ("CustomerPriority__c", "Customer Priority", PICKLIST, 255, NCU, .pl = &pl_priority),
  F ("SLA__c", "SLA", PICKLIST, 255, NCU, .pl = &pl_sla),
  F ("Active__c", "Active", PICKLIST, 255, NCU, .pl = &pl_yes_no),
  F ("NumberofLocations__c", "Number of Locations", DOUBLE, 3, NCU),
  F ("UpsellOpportunity__c", "Upsell Opportunity", PICKLIST, 255, NCU, .pl = &pl_maybe),
  F ("SLASerialNumber__c", "SLA Serial Number", STRING, 10, NCU),
  F ("SLAExpirationDate__c", "SLA Expiration Date", DATE, 0, NCU),
};

static const SeedField opportunity_fields[] = {
  ID_FIELD ("Opportunity ID"),
  IS_DELETED,
  REF ("AccountId", "Account ID", NCU, "Account", "Account", .child = "Opportunities"),
  F ("IsPrivate", "Private", BOOLEAN, 0, CR | UP | DF),
  F ("Name", "Name", STRING, 120, CR | UP | NMF | IDL),
  F ("Description", "Description", TEXTAREA, 32000, NCU),
  F ("StageName", "Stage", PICKLIST, 255, CR | UP, .pl = &pl_stage),
  F ("Amount", "Amount", CURRENCY, 18, NCU, .scale = 2),
  F ("Probability", "Probability (%)", PERCENT, 3, NCU | DF),
  F ("ExpectedRevenue", "Expected Amount", CURRENCY, 18, NL | CAL, .scale = 2),
  F ("TotalOpportunityQuantity", "Quantity", DOUBLE, 18, NCU, .scale = 2),
  F ("CloseDate", "Close Date", DATE, 0, CR | UP),
  F ("Type", "Opportunity Type", PICKLIST, 255, NCU, .pl = &pl_opportunity_type),
  F ("NextStep", "Next Step", STRING, 255, NCU),
  F ("LeadSource", "Lead Source", PICKLIST, 255, NCU, .pl = &pl_lead_source),
  F ("IsClosed", "Closed", BOOLEAN, 0, DF),
  F ("IsWon", "Won", BOOLEAN, 0, DF),
  F ("ForecastCategory", "Forecast Category", PICKLIST, 40, RS, .pl = &pl_forecast_category),
  F ("ForecastCategoryName", "Forecast Category", PICKLIST, 255, NCU | RS | DF,
     .pl = &pl_forecast_category_name),
  REF ("CampaignId", "Campaign ID", NCU, "Campaign", "Campaign", .child = "Opportunities"),
  F ("HasOpportunityLineItem", "Has Line Item", BOOLEAN, 0, DF),
  REF ("Pricebook2Id", "Price Book ID", NCU | DF, "Pricebook2", "Pricebook2"),
  REF ("OwnerId", "Owner ID", CR | UP | DF, "User", "Owner"),
  AUDIT_FIELDS,
  ACTIVITY_FIELDS,
  F ("LastStageChangeDate", "Last Stage Change Date", DATETIME, 0, NL),
  F ("FiscalQuarter", "Fiscal Quarter", INT, 8, NL | CNF),
  F ("FiscalYear", "Fiscal Year", INT, 8, NL | CNF),
  F ("Fiscal", "Fiscal Period", STRING, 6, NL),
  REF ("ContactId", "Contact ID", NL | CR, "Contact", NULL),
  F ("HasOpenActivity", "Has Open Activity", BOOLEAN, 0, DF),
  F ("HasOverdueTask", "Has Overdue Task", BOOLEAN, 0, DF),
  REF ("LastAmountChangedHistoryId", "Opportunity History ID", NL, "OpportunityHistory",
       "LastAmountChangedHistory"),
  REF ("LastCloseDateChangedHistoryId", "Opportunity History ID", NL, "OpportunityHistory",
       "LastCloseDateChangedHistory"),
  F ("DeliveryInstallationStatus__c", "Delivery/Installation Status", PICKLIST, 255, NCU,
     .pl = &pl_delivery),
  F ("TrackingNumber__c", "Tracking Number", STRING, 12, NCU),
  F ("OrderNumber__c", "Order Number", STRING, 8, NCU),
  F ("CurrentGenerators__c", "Current Generator(s)", STRING, 100, NCU),
  F ("MainCompetitors__c", "Main Competitor(s)", STRING, 100, NCU),
};

static const SeedField ocr_fields[] = {
  ID_FIELD ("Contact Role ID"),
  REF ("OpportunityId", "Opportunity ID", CR | CAS, "Opportunity", "Opportunity",
       .child = "OpportunityContactRoles"),
  REF ("ContactId", "Contact ID", CR | UP | CAS, "Contact", "Contact",
       .child = "OpportunityContactRoles"),
  F ("Role", "Role", PICKLIST, 40, NCU, .pl = &pl_ocr_role),
  F ("IsPrimary", "Primary", BOOLEAN, 0, CR | UP | DF),
  AUDIT_FIELDS,
  IS_DELETED,
};

static const SeedField campaign_fields[] = {
  ID_FIELD ("Campaign ID"),
  IS_DELETED,
  F ("Name", "Name", STRING, 80, CR | UP | NMF),
  REF ("ParentId", "Parent Campaign ID", NCU, "Campaign", "Parent", .child = "ChildCampaigns"),
  F ("Type", "Type", PICKLIST, 255, NCU, .pl = &pl_campaign_type),
  F ("Status", "Status", PICKLIST, 255, NCU, .pl = &pl_campaign_status),
  F ("StartDate", "Start Date", DATE, 0, NCU),
  F ("EndDate", "End Date", DATE, 0, NCU),
  F ("ExpectedRevenue", "Expected Revenue in Campaign", CURRENCY, 18, NCU),
  F ("BudgetedCost", "Budgeted Cost in Campaign", CURRENCY, 18, NCU),
  F ("ActualCost", "Actual Cost in Campaign", CURRENCY, 18, NCU),
  F ("ExpectedResponse", "Expected Response (%)", PERCENT, 10, NCU, .scale = 2),
  F ("NumberSent", "Num Sent in Campaign", DOUBLE, 18, NCU),
  F ("IsActive", "Active", BOOLEAN, 0, CR | UP | DF),
  F ("Description", "Description", TEXTAREA, 32000, NCU),
  F ("NumberOfLeads", "Leads in Campaign", INT, 9, DF),
  F ("NumberOfConvertedLeads", "Converted Leads in Campaign", INT, 9, DF),
  F ("NumberOfContacts", "Contacts in Campaign", INT, 9, DF),
  F ("NumberOfResponses", "Responses in Campaign", INT, 9, DF),
  F ("NumberOfOpportunities", "Opportunities in Campaign", INT, 9, DF),
  F ("NumberOfWonOpportunities", "Won Opportunities in Campaign", INT, 9, DF),
  F ("AmountAllOpportunities", "Value Opportunities in Campaign", CURRENCY, 18, DF),
  F ("AmountWonOpportunities", "Value Won Opportunities in Campaign", CURRENCY, 18, DF),
  REF ("OwnerId", "Owner ID", CR | UP | DF, "User", "Owner"),
  AUDIT_FIELDS,
  ACTIVITY_FIELDS,
  REF ("CampaignMemberRecordTypeId", "Record Type ID", NCU, "RecordType", "CampaignMemberRecordType"),
  REF ("CampaignImageId", "Campaign Image ID", NCU, "ContentDocument", "CampaignImage"),
};

static const SeedField campaign_member_fields[] = {
  ID_FIELD ("Campaign Member ID"),
  IS_DELETED,
  REF ("CampaignId", "Campaign ID", CR | CAS, "Campaign", "Campaign", .child = "CampaignMembers"),
  REF ("LeadId", "Lead ID", NL | CR | CAS, "Lead", "Lead", .child = "CampaignMembers"),
  REF ("ContactId", "Contact ID", NL | CR | CAS, "Contact", "Contact", .child = "CampaignMembers"),
  F ("Status", "Status", PICKLIST, 40, NCU | DF, .pl = &pl_campaign_member_status),
  F ("HasResponded", "Responded", BOOLEAN, 0, DF),
  AUDIT_FIELDS,
  F ("FirstRespondedDate", "First Responded Date", DATE, 0, NL),
  F ("Salutation", "Salutation", PICKLIST, 40, NL, .pl = &pl_salutation),
  F ("Name", "Name", STRING, 255, NL),
  F ("FirstName", "First Name", STRING, 40, NL),
  F ("LastName", "Last Name", STRING, 80, NL),
  F ("Title", "Title", STRING, 128, NL),
  F ("Street", "Street", STRING, 255, NL),
  F ("City", "City", STRING, 40, NL),
  F ("State", "State", STRING, 80, NL),
  F ("PostalCode", "Zip", STRING, 20, NL),
  F ("Country", "Country", STRING, 80, NL),
  F ("Email", "Email", EMAIL, 80, NL),
  F ("Phone", "Phone", PHONE, 40, NL),
  F ("Fax", "Fax", PHONE, 40, NL),
  F ("MobilePhone", "Mobile", PHONE, 40, NL),
  F ("Description", "Description", TEXTAREA, 32000, NL),
  F ("DoNotCall", "Do Not Call", BOOLEAN, 0, DF),
  F ("HasOptedOutOfEmail", "Email Opt Out", BOOLEAN, 0, DF),
  F ("HasOptedOutOfFax", "Fax Opt Out", BOOLEAN, 0, DF),
  F ("LeadSource", "Lead Source", PICKLIST, 255, NL, .pl = &pl_lead_source),
  F ("CompanyOrAccount", "Company (Account)", STRING, 255, NL),
  F ("Type", "Type", STRING, 40, NL),
  REF ("LeadOrContactId", "Contact or Lead ID", NL | PO, "Contact,Lead", NULL),
  REF ("LeadOrContactOwnerId", "Contact or Lead Owner ID", NL | PO, "Group,User", NULL),
};

static const SeedField user_fields[] = {
  ID_FIELD ("User ID"),
  F ("Username", "Username", STRING, 80, CR | UP | IDL | UQ),
  F ("LastName", "Last Name", STRING, 80, CR | UP | XPN | CNN),
  F ("FirstName", "First Name", STRING, 40, NCU | XPN | CNN),
  F ("Name", "Full Name", STRING, 121, NMF | XPN),
  F ("CompanyName", "Company Name", STRING, 80, NCU),
  F ("Division", "Division", STRING, 80, NCU),
  F ("Department", "Department", STRING, 80, NCU),
  F ("Title", "Title", STRING, 80, NCU),
  ADDRESS ("", ""),
  F ("Email", "Email", EMAIL, 128, CR | UP),
  F ("SenderEmail", "Email Sender Address", EMAIL, 80, NCU),
  F ("SenderName", "Email Sender Name", STRING, 80, NCU),
  F ("Signature", "Email Signature", TEXTAREA, 1333, NCU),
  F ("Alias", "Alias", STRING, 8, CR | UP),
  F ("CommunityNickname", "Nickname", STRING, 40, CR | UP | DF),
  F ("IsActive", "Active", BOOLEAN, 0, CR | UP | DF),
  F ("TimeZoneSidKey", "Time Zone", PICKLIST, 40, CR | UP | RS, .pl = &pl_time_zone),
  REF ("UserRoleId", "Role ID", NCU, "UserRole", "UserRole"),
  F ("LocaleSidKey", "Locale", PICKLIST, 40, CR | UP | RS, .pl = &pl_locale),
  F ("ReceivesInfoEmails", "Info Emails", BOOLEAN, 0, CR | UP | DF),
  F ("ReceivesAdminInfoEmails", "Admin Info Emails", BOOLEAN, 0, CR | UP | DF),
  F ("EmailEncodingKey", "Email Encoding", PICKLIST, 40, CR | UP | RS, .pl = &pl_email_encoding),
  REF ("ProfileId", "Profile ID", CR | UP, "Profile", "Profile", .child = "Users"),
  F ("UserType", "User Type", PICKLIST, 40, NL | RS, .pl = &pl_user_type),
  F ("LanguageLocaleKey", "Language", PICKLIST, 40, CR | UP | RS, .pl = &pl_language),
  F ("EmployeeNumber", "Employee Number", STRING, 20, NCU),
  REF ("DelegatedApproverId", "Delegated Approver ID", NCU | PO, "Group,User", NULL),
  REF ("ManagerId", "Manager ID", NCU, "User", "Manager", .child = "ManagedUsers"),
  F ("LastLoginDate", "Last Login", DATETIME, 0, NL),
  F ("LastPasswordChangeDate", "Last Password Change or Reset", DATETIME, 0, NL),
  AUDIT_FIELDS,
  REF ("ContactId", "Contact ID", NL | CR, "Contact", "Contact"),
  REF ("AccountId", "Account ID", NL, "Account", "Account"),
  F ("FederationIdentifier", "SAML Federation ID", STRING, 512, NCU),
  F ("AboutMe", "About Me", TEXTAREA, 1000, NCU),
  F ("FullPhotoUrl", "Url for full-sized Photo", URL, 1024, NL),
  F ("SmallPhotoUrl", "Photo", URL, 1024, NL | XIM),
  F ("MediumPhotoUrl", "Url for medium profile photo", URL, 1024, NL),
  F ("IsProfilePhotoActive", "Has Profile Photo", BOOLEAN, 0, DF),
  F ("DigestFrequency", "Chatter Email Highlights Frequency", PICKLIST, 40, CR | UP | RS | DF,
     .pl = &pl_digest),
  F ("DefaultGroupNotificationFrequency", "Default Notification Frequency when Joining Groups",
     PICKLIST, 40, CR | UP | RS | DF, .pl = &pl_group_notification),
  F ("UserPermissionsMarketingUser", "Marketing User", BOOLEAN, 0, CR | UP | DF),
  F ("ForecastEnabled", "Allow Forecasting", BOOLEAN, 0, CR | UP | DF),
  VIEWED_FIELDS,
  F ("Phone", "Phone", PHONE, 40, NCU),
  F ("Fax", "Fax", PHONE, 40, NCU),
  F ("MobilePhone", "Mobile", PHONE, 40, NCU),
  F ("Extension", "Extension", PHONE, 40, NCU),
};

#define WHAT_TARGETS "Account,Asset,Campaign,Case,Contract,Opportunity,Order,Product2,Solution"

static const SeedField task_fields[] = {
  ID_FIELD ("Activity ID"),
  REF ("WhoId", "Name ID", NCU | PO, "Contact,Lead", "Who", .child = "Tasks"),
  REF ("WhatId", "Related To ID", NCU | PO, WHAT_TARGETS, "What", .child = "Tasks"),
  F ("Subject", "Subject", COMBOBOX, 255, NCU | NMF, .pl = &pl_task_subject),
  F ("ActivityDate", "Due Date Only", DATE, 0, NCU),
  F ("Status", "Status", PICKLIST, 40, CR | UP | DF, .pl = &pl_task_status),
  F ("Priority", "Priority", PICKLIST, 20, CR | UP | DF, .pl = &pl_task_priority),
  F ("IsHighPriority", "High Priority", BOOLEAN, 0, DF),
  REF ("OwnerId", "Assigned To ID", CR | UP | DF | PO, "Group,User", "Owner"),
  F ("Description", "Comments", TEXTAREA, 32000, NCU),
  F ("Type", "Type", PICKLIST, 40, NCU, .pl = &pl_task_type),
  IS_DELETED,
  REF ("AccountId", "Account ID", NL, "Account", "Account"),
  F ("IsClosed", "Closed", BOOLEAN, 0, DF),
  AUDIT_FIELDS,
  F ("IsArchived", "Archived", BOOLEAN, 0, DF),
  F ("CallDurationInSeconds", "Call Duration", INT, 8, NCU),
  F ("CallType", "Call Type", PICKLIST, 40, NCU, .pl = &pl_call_type),
  F ("CallDisposition", "Call Result", STRING, 255, NCU),
  F ("CallObject", "Call Object Identifier", STRING, 255, NCU),
  F ("ReminderDateTime", "Reminder Date/Time", DATETIME, 0, NCU),
  F ("IsReminderSet", "Reminder Set", BOOLEAN, 0, CR | UP | DF),
  REF ("RecurrenceActivityId", "Recurrence Activity ID", NL, "Task", NULL),
  F ("IsRecurrence", "Create Recurring Series of Tasks", BOOLEAN, 0, CR | DF),
  F ("RecurrenceStartDateOnly", "Recurrence Start", DATE, 0, NCU),
  F ("RecurrenceEndDateOnly", "Recurrence End", DATE, 0, NCU),
  F ("RecurrenceTimeZoneSidKey", "Recurrence Time Zone", PICKLIST, 40, NCU | RS,
     .pl = &pl_time_zone),
  F ("RecurrenceType", "Recurrence Type", PICKLIST, 40, NCU | RS, .pl = &pl_recurrence_type),
  F ("RecurrenceInterval", "Recurrence Interval", INT, 9, NCU),
  F ("RecurrenceDayOfWeekMask", "Recurrence Day of Week Mask", INT, 9, NCU),
  F ("RecurrenceDayOfMonth", "Recurrence Day of Month", INT, 9, NCU),
  F ("RecurrenceInstance", "Recurrence Instance", PICKLIST, 40, NCU | RS,
     .pl = &pl_recurrence_instance),
  F ("RecurrenceMonthOfYear", "Recurrence Month of Year", PICKLIST, 40, NCU | RS, .pl = &pl_month),
  F ("RecurrenceRegeneratedType", "Repeat This Task", PICKLIST, 40, NCU | RS,
     .pl = &pl_recurrence_regenerated),
  F ("TaskSubtype", "Task Subtype", PICKLIST, 40, NL | CR | RS, .pl = &pl_task_subtype),
  F ("CompletedDateTime", "Completed Date/Time", DATETIME, 0, NL),
};

static const SeedField event_fields[] = {
  ID_FIELD ("Activity ID"),
  REF ("WhoId", "Name ID", NCU | PO, "Contact,Lead", "Who", .child = "Events"),
  REF ("WhatId", "Related To ID", NCU | PO, WHAT_TARGETS, "What", .child = "Events"),
  F ("Subject", "Subject", COMBOBOX, 255, NCU | NMF, .pl = &pl_event_subject),
  F ("Location", "Location", STRING, 255, NCU),
  F ("IsAllDayEvent", "All-Day Event", BOOLEAN, 0, CR | UP | DF),
  F ("ActivityDateTime", "Due Date Time", DATETIME, 0, NCU),
  F ("ActivityDate", "Due Date Only", DATE, 0, NCU),
  F ("DurationInMinutes", "Duration", INT, 8, NCU),
  F ("StartDateTime", "Start Date Time", DATETIME, 0, NCU),
  F ("EndDateTime", "End Date Time", DATETIME, 0, NCU),
  F ("EndDate", "End Date Only", DATE, 0, NL),
  F ("Description", "Description", TEXTAREA, 32000, NCU),
  REF ("AccountId", "Account ID", NL, "Account", "Account"),
  REF ("OwnerId", "Assigned To ID", CR | UP | DF | PO, "Calendar,User", "Owner"),
  F ("IsPrivate", "Private", BOOLEAN, 0, CR | UP | DF),
  F ("ShowAs", "Show Time As", PICKLIST, 40, NCU | RS, .pl = &pl_show_as),
  IS_DELETED,
  F ("IsChild", "Is Child", BOOLEAN, 0, DF),
  F ("IsGroupEvent", "Is Group Event", BOOLEAN, 0, DF),
  F ("GroupEventType", "Group Event Type", PICKLIST, 40, NL | RS, .pl = &pl_group_event_type),
  AUDIT_FIELDS,
  F ("IsArchived", "Archived", BOOLEAN, 0, DF),
  REF ("RecurrenceActivityId", "Recurrence Activity ID", NL, "Event", NULL),
  F ("IsRecurrence", "Create Recurring Series of Events", BOOLEAN, 0, CR | DF),
  F ("RecurrenceStartDateTime", "Recurrence Begins", DATETIME, 0, NCU),
  F ("RecurrenceEndDateOnly", "Recurrence Ends", DATE, 0, NCU),
  F ("RecurrenceTimeZoneSidKey", "Recurrence Time Zone", PICKLIST, 40, NCU | RS,
     .pl = &pl_time_zone),
  F ("RecurrenceType", "Recurrence Type", PICKLIST, 40, NCU | RS, .pl = &pl_recurrence_type),
  F ("RecurrenceInterval", "Recurrence Interval", INT, 9, NCU),
  F ("RecurrenceDayOfWeekMask", "Recurrence Day of Week Mask", INT, 9, NCU),
  F ("RecurrenceDayOfMonth", "Recurrence Day of Month", INT, 9, NCU),
  F ("RecurrenceInstance", "Recurrence Instance", PICKLIST, 40, NCU | RS,
     .pl = &pl_recurrence_instance),
  F ("RecurrenceMonthOfYear", "Recurrence Month of Year", PICKLIST, 40, NCU | RS, .pl = &pl_month),
  F ("ReminderDateTime", "Reminder Date/Time", DATETIME, 0, NCU),
  F ("IsReminderSet", "Reminder Set", BOOLEAN, 0, CR | UP | DF),
  F ("EventSubtype", "Event Subtype", PICKLIST, 40, NL | CR | RS, .pl = &pl_event_subtype),
  F ("IsRecurrence2", "Event Series", BOOLEAN, 0, DF),
  F ("IsRecurrence2Exclusion", "Historical Event Series Exclusion", BOOLEAN, 0, DF),
  F ("IsRecurrence2Exception", "Event Series Exception", BOOLEAN, 0, DF),
  F ("Recurrence2PatternText", "Event Series Pattern", TEXTAREA, 512, NL | CR),
  F ("Recurrence2PatternVersion", "Event Series Pattern Version", PICKLIST, 40, NL | RS,
     .pl = &pl_pattern_version),
  F ("Recurrence2PatternStartDate", "Event Series Pattern Start Date", DATETIME, 0, NL),
  F ("Recurrence2PatternTimeZone", "Event Series Pattern Time Zone", STRING, 255, NL),
};

/* Profile is not one of the synced objects but the access audit queries
 * User.Profile.Name and Profile.PermissionsModifyAllData. */
static const SeedField profile_fields[] = {
  ID_FIELD ("Profile ID"),
  F ("Name", "Name", STRING, 255, CR | UP | NMF),
  F ("PermissionsApiEnabled", "API Enabled", BOOLEAN, 0, CR | UP | DF),
  F ("PermissionsModifyAllData", "Modify All Data", BOOLEAN, 0, CR | UP | DF),
  F ("PermissionsViewAllData", "View All Data", BOOLEAN, 0, CR | UP | DF),
  F ("PermissionsConvertLeads", "Convert Leads", BOOLEAN, 0, CR | UP | DF),
  F ("PermissionsEditTask", "Edit Tasks", BOOLEAN, 0, CR | UP | DF),
  F ("PermissionsEditEvent", "Edit Events", BOOLEAN, 0, CR | UP | DF),
  F ("PermissionsPasswordNeverExpires", "Password Never Expires", BOOLEAN, 0, CR | UP | DF),
  F ("UserType", "User Type", PICKLIST, 40, NL | RS, .pl = &pl_user_type),
  F ("Description", "Description", STRING, 255, NCU),
  AUDIT_FIELDS,
  VIEWED_FIELDS,
};

/* The org itself: one row, read by clients to tell a sandbox or a trial
 * from a production org. */
static const SeedField organization_fields[] = {
  ID_FIELD ("Organization ID"),
  F ("Name", "Name", STRING, 80, UP | NMF),
  F ("Division", "Division", STRING, 80, NL | UP),
  F ("Phone", "Phone", PHONE, 40, NL | UP),
  F ("InstanceName", "Instance Name", STRING, 5, NL),
  F ("IsSandbox", "Is Sandbox", BOOLEAN, 0, DF),
  F ("TrialExpirationDate", "Trial Expiration Date", DATETIME, 0, NL),
  F ("NamespacePrefix", "Namespace Prefix", STRING, 15, NL),
  F ("OrganizationType", "Edition", PICKLIST, 40, RS, .pl = &pl_organization_type),
  F ("LanguageLocaleKey", "Language", PICKLIST, 40, UP | RS, .pl = &pl_language),
  F ("TimeZoneSidKey", "Default Time Zone", PICKLIST, 40, UP | RS, .pl = &pl_time_zone),
  AUDIT_FIELDS,
};

#define STANDARD_FLAGS (CS_OF_CREATEABLE | CS_OF_UPDATEABLE | CS_OF_DELETABLE | \
                        CS_OF_UNDELETABLE | CS_OF_FEED_ENABLED | CS_OF_SEARCHABLE | \
                        CS_OF_MRU_ENABLED | CS_OF_RECORD_TYPES | CS_OF_SEARCH_LAYOUTABLE | \
                        CS_OF_OWNED | CS_OF_LIST_VIEWS)
#define SEED_OBJECT(n, l, p, prefix, fl, perms, fields) \
  { n, l, p, prefix, fl, perms, fields, G_N_ELEMENTS (fields) }

/* The sync user's object permissions follow the Marketo setup guide
 * except Delete on Campaign, which an audit should report. */
static const SeedObject seed_objects[] = {
  SEED_OBJECT ("Account", "Account", "Accounts", "001",
               STANDARD_FLAGS | CS_OF_MERGEABLE, CS_PERM_ALL, account_fields),
  SEED_OBJECT ("Campaign", "Campaign", "Campaigns", "701",
               STANDARD_FLAGS, CS_PERM_READ | CS_PERM_CREATE | CS_PERM_EDIT, campaign_fields),
  SEED_OBJECT ("CampaignMember", "Campaign Member", "Campaign Members", "00v",
               (STANDARD_FLAGS & ~(CS_OF_SEARCHABLE | CS_OF_MRU_ENABLED | CS_OF_OWNED)),
               CS_PERM_ALL, campaign_member_fields),
  SEED_OBJECT ("Contact", "Contact", "Contacts", "003",
               STANDARD_FLAGS | CS_OF_MERGEABLE, CS_PERM_ALL, contact_fields),
  SEED_OBJECT ("Event", "Event", "Events", "00U",
               STANDARD_FLAGS & ~CS_OF_FEED_ENABLED, CS_PERM_ALL, event_fields),
  SEED_OBJECT ("Lead", "Lead", "Leads", "00Q",
               STANDARD_FLAGS | CS_OF_MERGEABLE | CS_OF_QUEUE_OWNED, CS_PERM_ALL, lead_fields),
  SEED_OBJECT ("Opportunity", "Opportunity", "Opportunities", "006",
               STANDARD_FLAGS | CS_OF_DEEP_CLONEABLE, CS_PERM_ALL, opportunity_fields),
  SEED_OBJECT ("OpportunityContactRole", "Opportunity Contact Role", "Opportunity Contact Role", "00K",
               CS_OF_CREATEABLE | CS_OF_UPDATEABLE | CS_OF_DELETABLE, CS_PERM_ALL, ocr_fields),
  SEED_OBJECT ("Organization", "Organization", "Organizations", "00D",
               0, CS_PERM_READ, organization_fields),
  SEED_OBJECT ("Profile", "Profile", "Profile", "00e",
               CS_OF_MRU_ENABLED | CS_OF_SEARCHABLE, CS_PERM_READ, profile_fields),
  SEED_OBJECT ("Task", "Task", "Tasks", "00T",
               STANDARD_FLAGS & ~CS_OF_FEED_ENABLED, CS_PERM_ALL, task_fields),
  SEED_OBJECT ("User", "User", "Users", "005",
               CS_OF_CREATEABLE | CS_OF_UPDATEABLE | CS_OF_FEED_ENABLED | CS_OF_SEARCHABLE |
               CS_OF_MRU_ENABLED | CS_OF_SEARCH_LAYOUTABLE | CS_OF_LIST_VIEWS | CS_OF_USER_LAYOUTS,
               CS_PERM_READ, user_fields),
};

/* ---- loading ------------------------------------------------------------------ */

static CsPracticeField *
field_from_seed (const SeedField *seed,
                 CsFieldType      type,
                 const char      *name,
                 const char      *label)
{
  CsPracticeField *field = cs_practice_field_new (name, label, type, seed->flags);

  cs_practice_field_set_size (field, seed->size, seed->scale);
  if (seed->ref != NULL)
    field->reference_to = g_strsplit (seed->ref, ",", -1);
  field->relationship_name = g_strdup (seed->rel);
  field->child_relationship_name = g_strdup (seed->child);
  field->inline_help_text = g_strdup (seed->help);
  field->picklist = seed->pl;
  return field;
}

static void
add_address_group (CsPracticeObject *object,
                   const SeedField  *seed)
{
  static const struct {
    const char *part;
    const char *label;
    CsFieldType type;
    guint       size;
    guint       scale;
    guint32     flags;
  } parts[] = {
    { "Street", "Street", CS_FT_TEXTAREA, 255, 0, NCU | CS_FF_XTI_PLAINTEXTAREA },
    { "City", "City", CS_FT_STRING, 40, 0, NCU },
    { "State", "State/Province", CS_FT_STRING, 80, 0, NCU },
    { "PostalCode", "Zip/Postal Code", CS_FT_STRING, 20, 0, NCU },
    { "Country", "Country", CS_FT_STRING, 80, 0, NCU },
    { "Latitude", "Latitude", CS_FT_DOUBLE, 18, 15, NCU },
    { "Longitude", "Longitude", CS_FT_DOUBLE, 18, 15, NCU },
    { "GeocodeAccuracy", "Geocode Accuracy", CS_FT_PICKLIST, 40, 0, NCU | RS },
    { "Address", "Address", CS_FT_ADDRESS, 0, 0, NL },
  };
  g_autofree char *compound = g_strconcat (seed->name, "Address", NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *name = g_strconcat (seed->name, parts[i].part, NULL);
      g_autofree char *label = *seed->label != '\0'
                               ? g_strdup_printf ("%s %s", seed->label, parts[i].label)
                               : g_strdup (parts[i].label);
      CsPracticeField *field = cs_practice_field_new (name, label, parts[i].type, parts[i].flags);

      cs_practice_field_set_size (field, parts[i].size, parts[i].scale);
      if (parts[i].type != CS_FT_ADDRESS)
        field->compound_field_name = g_strdup (compound);
      if (parts[i].type == CS_FT_PICKLIST)
        field->picklist = &pl_geocode_accuracy;
      cs_practice_object_add_field (object, field);
    }
}

void
cs_practice_seed_schema (CsPracticeSchema *schema)
{
  guint i;
  gsize j;

  for (i = 0; i < G_N_ELEMENTS (seed_objects); i++)
    {
      const SeedObject *seed = &seed_objects[i];
      CsPracticeObject *object =
        cs_practice_schema_add_object (schema, seed->name, seed->label, seed->plural,
                                       seed->prefix, seed->flags, seed->sync_permissions);

      for (j = 0; j < seed->n_fields; j++)
        {
          const SeedField *row = &seed->fields[j];

          if (row->type == SEED_ADDRESS)
            add_address_group (object, row);
          else
            cs_practice_object_add_field (object,
                                          field_from_seed (row, (CsFieldType) row->type,
                                                           row->name, row->label));
        }
    }
}

/* ---- generated objects ------------------------------------------------------------ */

static const SeedField generated_system_fields[] = {
  ID_FIELD ("Record ID"),
  REF ("OwnerId", "Owner ID", CR | UP | DF | PO, "Group,User", "Owner"),
  IS_DELETED,
  F ("Name", "Name", STRING, 80, NCU | NMF),
  AUDIT_FIELDS,
  VIEWED_FIELDS,
};

void
cs_practice_seed_generated_objects (CsPracticeSchema *schema,
                                    guint             n_objects,
                                    guint             n_fields)
{
  /* A mix of the types a field sync meets. */
  static const struct {
    CsFieldType type;
    guint       size;
    guint       scale;
  } rotation[] = {
    { CS_FT_STRING, 255, 0 },
    { CS_FT_DOUBLE, 18, 2 },
    { CS_FT_DATE, 0, 0 },
    { CS_FT_BOOLEAN, 0, 0 },
    { CS_FT_PICKLIST, 255, 0 },
    { CS_FT_DATETIME, 0, 0 },
    { CS_FT_EMAIL, 80, 0 },
    { CS_FT_TEXTAREA, 255, 0 },
    { CS_FT_CURRENCY, 16, 2 },
    { CS_FT_PHONE, 40, 0 },
  };
  static const char base62[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  guint i, j;

  for (i = 0; i < n_objects; i++)
    {
      guint number = ++schema->n_generated;
      g_autofree char *name = g_strdup_printf ("Generated_%u__c", number);
      g_autofree char *label = g_strdup_printf ("Generated %u", number);
      g_autofree char *plural = g_strdup_printf ("Generated %u", number);
      /* Custom objects get org-specific prefixes a00, a01, … */
      char prefix[4] = { 'a', base62[(number - 1) / 62 % 62], base62[(number - 1) % 62], '\0' };
      CsPracticeObject *object =
        cs_practice_schema_add_object (schema, name, label, plural, prefix,
                                       CS_OF_CREATEABLE | CS_OF_UPDATEABLE | CS_OF_DELETABLE |
                                       CS_OF_UNDELETABLE | CS_OF_SEARCHABLE | CS_OF_MRU_ENABLED |
                                       CS_OF_SEARCH_LAYOUTABLE | CS_OF_CUSTOM | CS_OF_OWNED |
                                       CS_OF_LIST_VIEWS | CS_OF_RECORD_TYPES,
                                       CS_PERM_ALL);

      for (j = 0; j < G_N_ELEMENTS (generated_system_fields); j++)
        {
          const SeedField *row = &generated_system_fields[j];

          cs_practice_object_add_field (object,
                                        field_from_seed (row, (CsFieldType) row->type,
                                                         row->name, row->label));
        }

      for (j = 0; j < n_fields; j++)
        {
          guint k = j % G_N_ELEMENTS (rotation);
          g_autofree char *field_name = g_strdup_printf ("Field_%u__c", j + 1);
          g_autofree char *field_label = g_strdup_printf ("Field %u", j + 1);
          CsPracticeField *field = cs_practice_field_new (field_name, field_label,
                                                          rotation[k].type,
                                                          rotation[k].type == CS_FT_BOOLEAN
                                                          ? CR | UP | DF : NCU);

          cs_practice_field_set_size (field, rotation[k].size, rotation[k].scale);
          if (rotation[k].type == CS_FT_PICKLIST)
            field->picklist = &pl_generated;
          cs_practice_object_add_field (object, field);
        }
      cs_practice_schema_touch (schema, object);
    }
}
