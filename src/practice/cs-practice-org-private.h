/* cs-practice-org-private.h: CsPracticeOrg's state, shared by the files
 * that implement its endpoints (cs-practice-oauth.c, cs-practice-rest.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "cs-practice-data.h"
#include "cs-practice-org.h"
#include "cs-practice-schema.h"
#include "cs-practice-soql.h"

G_BEGIN_DECLS

#define CS_PRACTICE_ORG_NAME   "Practice Org"
#define CS_PRACTICE_APP_NAME   "Marketo Sync"
#define CS_PRACTICE_API_LIMIT  15000
/* Authorization codes live about 15 minutes, as on Salesforce. */
#define CS_PRACTICE_CODE_LIFETIME_US (15 * 60 * G_USEC_PER_SEC)
/* A browser session times out after two hours, Salesforce's default. */
#define CS_PRACTICE_SESSION_LIFETIME_US (G_GINT64_CONSTANT (2 * 60 * 60) * G_USEC_PER_SEC)

/* Whatever anyone can make the org remember without logging in is
 * bounded: a web page the admin opens can send requests here. Far above
 * what a rehearsal or a test needs, far below what hurts. */
#define CS_PRACTICE_MAX_PENDING       1000   /* logins under way, unused codes, browser sessions */
#define CS_PRACTICE_MAX_MAILBOX        100   /* messages kept, newest */
#define CS_PRACTICE_MAX_COUNTED_PATHS 1000   /* distinct paths in request_counts */
#define CS_PRACTICE_MAX_PATH_KEY      1024   /* bytes of a path kept for counting */
/* Request bodies: the REST API takes composite batches of 25 small
 * subrequests, everything else small forms and JSON. */
#define CS_PRACTICE_MAX_REST_BODY     (1024 * 1024)
#define CS_PRACTICE_MAX_FORM_BODY     (64 * 1024)

typedef enum {
  CS_PRACTICE_STEP_LOGIN,
  CS_PRACTICE_STEP_VERIFY,
  CS_PRACTICE_STEP_CONSENT,
} CsPracticeStep;

/* One pass through the authorize pages. */
typedef struct {
  char           *id;
  CsPracticeStep  step;
  char           *client_id;
  char           *redirect_uri;
  char           *state;
  char           *scope;
  char           *code_challenge;
  char           *login_hint;
  char           *prompt;
  CsPracticeUser *user;
  char           *verification_code;
  gint64          created_us;       /* monotonic: abandoned logins are pruned */
} CsPracticeTxn;

typedef struct {
  CsPracticeUser *user;
  char           *client_id;
  char           *redirect_uri;
  char           *scope;
  char           *code_challenge;   /* NULL: no PKCE at authorize */
  gint64          created_us;       /* monotonic */
} CsPracticeCode;

typedef struct {
  CsPracticeUser *user;
  char           *client_id;
  char           *scope;
  gint64          issued_us;        /* monotonic: for the refresh-token expiry policy */
} CsPracticeGrant;

typedef struct {
  CsPracticeUser *user;
  gint64          created_us;       /* monotonic */
} CsPracticeSession;

typedef struct {
  CsPracticeUser *user;
  char           *scope;
  char           *refresh_token;    /* the grant it came from, NULL if none */
  guint64         serial;           /* issue order, for SESSION_EXPIRED */
} CsPracticeAccess;

typedef struct {
  char   *to;
  char   *subject;
  char   *code;
  gint64  sent;                     /* unix seconds */
} CsPracticeMail;

typedef struct {
  char           *locator;
  CsPracticeUser *user;
  CsSoqlResult   *result;
  guint           batch_size;
} CsPracticeCursor;

typedef struct _CsPracticeBulk  CsPracticeBulk;
typedef struct _CsPracticeChurn CsPracticeChurn;

struct _CsPracticeOrg {
  GObject           parent_instance;

  SoupServer       *server;
  char             *url;
  char             *consumer_key;
  char             *consumer_secret;
  char             *callback_url;
  char             *org_id;
  char             *org_name;
  char             *control_token;    /* per run: the index page's forms carry it */

  CsPracticeSchema *schema;
  CsPracticeData   *data;

  gboolean          faults[CS_PRACTICE_N_FAULTS];
  guint             latency_ms;
  GHashTable       *request_counts;   /* path → count */
  guint             uncounted_requests; /* paths past CS_PRACTICE_MAX_COUNTED_PATHS */
  guint             api_usage;

  GHashTable       *transactions;     /* id → CsPracticeTxn */
  GHashTable       *sessions;         /* browser session cookie → CsPracticeSession */
  GHashTable       *codes;            /* code → CsPracticeCode */
  GHashTable       *refresh_tokens;   /* token → CsPracticeGrant (valid ones only) */
  GHashTable       *rotated_tokens;   /* rotated-out refresh token → its successor */
  GHashTable       *access_tokens;    /* token → CsPracticeAccess (valid ones only) */
  guint64           next_token_serial;
  guint64           expired_before;   /* access tokens with a smaller serial are expired */
  GPtrArray        *mailbox;          /* CsPracticeMail*, oldest first */

  GHashTable       *cursors;          /* locator → CsPracticeCursor */
  GQueue            cursor_order;     /* locators, oldest first */
  guint64           next_cursor;

  GList            *delayed;          /* CsPracticeDelay*, for latency */

  guint             refresh_token_expiry_s;  /* 0: valid until revoked */
  CsPracticeBulk   *bulk;             /* Bulk API 2.0 query jobs */
  CsPracticeChurn  *churn;            /* --churn: random changes, or NULL */
};

/* Replies. The helpers take ownership of @body. */
void            cs_practice_reply_json       (SoupServerMessage *msg,
                                              guint              status,
                                              char              *body);
void            cs_practice_reply_html       (SoupServerMessage *msg,
                                              guint              status,
                                              char              *body);
void            cs_practice_reply_text       (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *body);
void            cs_practice_reply_redirect   (SoupServerMessage *msg,
                                              const char        *location);
/* The request body as a string (empty if none). */
char           *cs_practice_request_body     (SoupServerMessage *msg);

CsPracticeUser *cs_practice_org_get_user     (CsPracticeOrg     *self,
                                              CsPracticeRole     role);
/* The access token's record for the request's "Authorization: Bearer" (or
 * "OAuth") header, or NULL when missing, unknown, revoked or expired. */
CsPracticeAccess *cs_practice_org_authenticate (CsPracticeOrg   *self,
                                                SoupServerMessage *msg,
                                                GHashTable      *query);
/* Salesforce serves every API version from 31.0 (Summer '14) to the
 * current one; 21.0–30.0 were retired in 2025. */
#define CS_PRACTICE_API_OLDEST 31
#define CS_PRACTICE_API_LATEST 64
gboolean        cs_practice_org_version_is_supported (const char *version);
const char     *cs_practice_org_latest_version (void);
/* "Summer '25" for 64. */
char           *cs_practice_org_version_label (guint major);

/* The hidden input that every form of the /_practice/ page needs: the
 * controls refuse a form post without this run's token. */
void            cs_practice_append_control_token (CsPracticeOrg  *self,
                                                  GString        *out);

/* Hands @stream to the org's server as if a client had connected: the
 * request handling, libsoup's parsing included, driven in process (the
 * fuzz target does). The org must be listening already. */
void            cs_practice_org_accept_stream (CsPracticeOrg    *self,
                                               GIOStream        *stream);

/* cs-practice-oauth.c */
/* A valid access token ("api refresh_token") for @role's user, without the
 * login pages. */
char           *cs_practice_oauth_issue_access_token (CsPracticeOrg  *self,
                                                      CsPracticeRole  role);
gboolean        cs_practice_oauth_handle     (CsPracticeOrg     *self,
                                              SoupServerMessage *msg,
                                              const char        *path,
                                              GHashTable        *query);
void            cs_practice_txn_free         (CsPracticeTxn     *txn);
void            cs_practice_code_free        (CsPracticeCode    *code);
void            cs_practice_grant_free       (CsPracticeGrant   *grant);
void            cs_practice_access_free      (CsPracticeAccess  *access);
void            cs_practice_mail_free        (CsPracticeMail    *mail);
/* Forgets the entries of @table older than @lifetime_us (each value holds
 * a monotonic gint64 creation time at @created_offset), then the oldest
 * ones until fewer than @max are left: room for one more. */
void            cs_practice_prune            (GHashTable        *table,
                                              gsize              created_offset,
                                              gint64             lifetime_us,
                                              guint              max);

/* cs-practice-controls.c: the admin controls (/_practice/ and stdin). */
gboolean        cs_practice_controls_handle  (CsPracticeOrg     *self,
                                              SoupServerMessage *msg,
                                              const char        *path);
void            cs_practice_controls_append_html (CsPracticeOrg *self,
                                                  GString       *out);
/* TRUE when the policy has expired @grant. */
gboolean        cs_practice_grant_is_expired (CsPracticeOrg     *self,
                                              CsPracticeGrant   *grant);

/* cs-practice-rest.c */
void            cs_practice_rest_handle      (CsPracticeOrg     *self,
                                              SoupServerMessage *msg,
                                              const char        *path,
                                              GHashTable        *query);
void            cs_practice_cursor_free      (CsPracticeCursor  *cursor);

/* What the REST API's later additions answer (cs-practice-rest-records.c,
 * cs-practice-bulk.c); cs-practice-rest.c sends it. */
typedef struct {
  guint       status;
  char       *body;            /* NULL: empty */
  const char *content_type;    /* NULL: JSON */
  GHashTable *headers;         /* extra response headers (name → value), or NULL */
} CsPracticeAnswer;

void            cs_practice_answer_clear     (CsPracticeAnswer  *answer);
/* A REST error list as the answer. */
void            cs_practice_answer_error     (CsPracticeAnswer  *answer,
                                              guint              status,
                                              const char        *error_code,
                                              const char        *message);

/* Each answers the request and returns TRUE when @parts (the path after
 * /services/data/vNN.N, split at '/') is one of its resources. */
/* cs-practice-rest-records.c: record writes, updated/, deleted/,
 * limits/recordCount */
gboolean        cs_practice_rest_records_handle (CsPracticeOrg    *self,
                                                 CsPracticeAccess *access,
                                                 const char       *version,
                                                 const char       *method,
                                                 char            **parts,
                                                 GHashTable       *query,
                                                 const char       *body,
                                                 CsPracticeAnswer *answer);
/* cs-practice-bulk.c: jobs/query */
gboolean        cs_practice_bulk_handle      (CsPracticeOrg     *self,
                                              CsPracticeAccess  *access,
                                              const char        *version,
                                              const char        *method,
                                              char             **parts,
                                              GHashTable        *query,
                                              const char        *body,
                                              CsPracticeAnswer  *answer);
CsPracticeBulk *cs_practice_bulk_new         (void);
void            cs_practice_bulk_free        (CsPracticeBulk    *bulk);

/* cs-practice-churn.c */
void            cs_practice_churn_free       (CsPracticeChurn   *churn);
/* POST /_practice/churn {"per_minute": N} */
void            cs_practice_churn_handle_post (CsPracticeOrg    *self,
                                               SoupServerMessage *msg);

G_END_DECLS
