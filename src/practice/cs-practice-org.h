/* cs-practice-org.h: a Salesforce-compatible org on loopback.
 *
 * Speaks the wire protocol of ../shared/reference/salesforce-protocol.md:
 * the OAuth web-server flow through plain HTML forms (login, e-mailed
 * verification code, consent), the token/revoke/userinfo/id endpoints and
 * the REST API (versions, describe, composite batch, query). Used by the
 * wizard's practice mode, by crm-sync-practice-org and by every test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Failures a real org produces, switchable at run time (also over HTTP:
 * POST /_practice/faults {"fault": "api-disabled", "on": true}). */
typedef enum {
  CS_PRACTICE_FAULT_EXPIRED_CODE,      /* every authorization code is already expired */
  CS_PRACTICE_FAULT_DENY_CONSENT,      /* consent page answers as if Deny was clicked */
  CS_PRACTICE_FAULT_API_DISABLED,      /* REST: 403 API_DISABLED_FOR_ORG */
  CS_PRACTICE_FAULT_REVOKED_REFRESH,   /* refresh: 400 invalid_grant expired access/refresh token */
  CS_PRACTICE_FAULT_APP_BLOCKED,       /* authorize: callback with error=OAUTH_APP_BLOCKED */
  CS_PRACTICE_FAULT_APP_NOT_APPROVED,  /* authorize: error=invalid_app_access */
  CS_PRACTICE_FAULT_RATE_LIMIT,        /* REST: 403 REQUEST_LIMIT_EXCEEDED; token: rate_limit_exceeded */
  CS_PRACTICE_FAULT_SERVER_ERROR,      /* every endpoint: 500 */
  CS_PRACTICE_FAULT_INACTIVE_USER,     /* token: inactive_user */
  CS_PRACTICE_FAULT_SESSION_EXPIRED,   /* REST: every current access token gets 401 INVALID_SESSION_ID once */
  CS_PRACTICE_FAULT_REQUIRE_PKCE,      /* the app requires PKCE (token: invalid_grant without verifier) */
  CS_PRACTICE_FAULT_REJECT_PKCE,       /* the app does not support PKCE (authorize error with challenge) */
  CS_PRACTICE_FAULT_ROTATE_REFRESH,    /* Refresh Token Rotation: each refresh returns a new one */
  CS_PRACTICE_FAULT_BAD_SIGNATURE,     /* token responses carry a wrong signature */
  CS_PRACTICE_N_FAULTS
} CsPracticeFault;

const char *cs_practice_fault_to_string   (CsPracticeFault  fault);
gboolean    cs_practice_fault_from_string (const char      *name,
                                           CsPracticeFault *fault);

#define CS_TYPE_PRACTICE_ORG (cs_practice_org_get_type ())
G_DECLARE_FINAL_TYPE (CsPracticeOrg, cs_practice_org, CS, PRACTICE_ORG, GObject)

/* A seeded org (objects from standard-objects.md, a sync user, an
 * administrator, field-level security hiding some fields from the sync user,
 * @n_leads generated leads). Deterministic: the same seed gives the same org.
 * Consumer key and secret are random per instance. */
CsPracticeOrg *cs_practice_org_new                  (guint            n_leads);

/* Listens on 127.0.0.1:@port (0: any free port) in the thread-default main
 * context. */
gboolean       cs_practice_org_listen               (CsPracticeOrg   *self,
                                                     guint            port,
                                                     GError         **error);
void           cs_practice_org_disconnect           (CsPracticeOrg   *self);

/* "http://127.0.0.1:PORT": both login host and instance URL. */
const char    *cs_practice_org_get_url              (CsPracticeOrg   *self);
const char    *cs_practice_org_get_consumer_key     (CsPracticeOrg   *self);
const char    *cs_practice_org_get_consumer_secret  (CsPracticeOrg   *self);
/* The registered callback; defaults to the Marketo one. */
const char    *cs_practice_org_get_callback_url     (CsPracticeOrg   *self);
void           cs_practice_org_set_callback_url     (CsPracticeOrg   *self,
                                                     const char      *callback_url);
const char    *cs_practice_org_get_org_id           (CsPracticeOrg   *self);
/* The org's name, as SELECT Name FROM Organization answers it (default
 * "Practice Org"). */
const char    *cs_practice_org_get_org_name         (CsPracticeOrg   *self);

const char    *cs_practice_org_get_sync_username    (CsPracticeOrg   *self);
const char    *cs_practice_org_get_sync_password    (CsPracticeOrg   *self);
const char    *cs_practice_org_get_sync_user_id     (CsPracticeOrg   *self);
const char    *cs_practice_org_get_admin_username   (CsPracticeOrg   *self);
const char    *cs_practice_org_get_admin_password   (CsPracticeOrg   *self);
const char    *cs_practice_org_get_admin_user_id    (CsPracticeOrg   *self);

/* The first stdout line of crm-sync-practice-org: {url, consumer_key,
 * consumer_secret, callback_url, users[{username,password,role}],
 * mailbox_url, org_id}. */
char          *cs_practice_org_to_json              (CsPracticeOrg   *self);

/* The org's clock runs @seconds ahead of this computer's (negative: behind),
 * as a real org's may: its Date headers and Last-Modified times follow. */
void           cs_practice_org_set_clock_offset     (CsPracticeOrg   *self,
                                                     gint64           seconds);
void           cs_practice_org_set_latency_ms       (CsPracticeOrg   *self,
                                                     guint            latency_ms);
void           cs_practice_org_set_fault            (CsPracticeOrg   *self,
                                                     CsPracticeFault  fault,
                                                     gboolean         on);
gboolean       cs_practice_org_get_fault            (CsPracticeOrg   *self,
                                                     CsPracticeFault  fault);

/* The newest verification code "e-mailed" to @username (also served as JSON
 * at GET /_practice/mailbox), or NULL. */
char          *cs_practice_org_get_last_code        (CsPracticeOrg   *self,
                                                     const char      *username);

/* Requests served whose path starts with @path_prefix (NULL: all). */
guint          cs_practice_org_get_request_count    (CsPracticeOrg   *self,
                                                     const char      *path_prefix);
void           cs_practice_org_reset_request_counts (CsPracticeOrg   *self);

/* Tokens currently valid (for "revoked means gone" tests). */
gboolean       cs_practice_org_is_refresh_token_valid (CsPracticeOrg *self,
                                                       const char    *refresh_token);
/* FALSE once revoked, or expired by CS_PRACTICE_FAULT_SESSION_EXPIRED. */
gboolean       cs_practice_org_is_access_token_valid (CsPracticeOrg  *self,
                                                      const char     *access_token);

/* Admin controls, as in Salesforce Setup (also on /_practice/ and as lines
 * on crm-sync-practice-org's standard input). */

/* Revokes every refresh and access token of @username (Setup → Connected
 * Apps OAuth Usage → Revoke). FALSE for an unknown user; *n_revoked (may be
 * NULL) counts the refresh tokens. */
gboolean       cs_practice_org_revoke_user_tokens   (CsPracticeOrg   *self,
                                                     const char      *username,
                                                     guint           *n_revoked);
/* Sets a new password for @username, which revokes the user's refresh
 * tokens, as Salesforce does. FALSE for an unknown user or an empty
 * password. */
gboolean       cs_practice_org_reset_password       (CsPracticeOrg   *self,
                                                     const char      *username,
                                                     const char      *new_password,
                                                     guint           *n_revoked);
/* The app's refresh-token policy: tokens expire @seconds after they were
 * issued; 0 (the default): valid until revoked. */
void           cs_practice_org_set_refresh_token_expiry (CsPracticeOrg *self,
                                                         guint          seconds);
guint          cs_practice_org_get_refresh_token_expiry (CsPracticeOrg *self);
/* A new consumer secret for the app; the old one stops working at once.
 * Returns the new one. */
const char    *cs_practice_org_rotate_consumer_secret (CsPracticeOrg *self);
/* Another organization id (15 or 18 letters and digits, starting "00D"),
 * for a second org; set it before any login. FALSE when malformed. */
gboolean       cs_practice_org_set_org_id           (CsPracticeOrg   *self,
                                                     const char      *org_id);
/* Another name for the org (1 to 80 characters). FALSE when empty or too
 * long. */
gboolean       cs_practice_org_set_org_name         (CsPracticeOrg   *self,
                                                     const char      *name);
/* Runs one control line ("revoke-tokens USERNAME", "reset-password
 * USERNAME NEWPASSWORD", "rotate-secret", "refresh-token-expiry SECONDS",
 * "fix PERMISSION OBJECT [FIELD]") and returns its answer, one line of JSON: {"ok": true, "command": …} with
 * what it did (rotate-secret: "consumer_secret"), or {"ok": false, "error":
 * …}. */
char          *cs_practice_org_run_control          (CsPracticeOrg   *self,
                                                     const char      *line);

/* REST calls counted so far (the N of Sforce-Limit-Info: api-usage=N/15000). */
guint          cs_practice_org_get_api_usage        (CsPracticeOrg   *self);

/* Schema edits, for field-sync tests; each bumps the object's
 * Last-Modified so describe's If-Modified-Since sees the change. */
void           cs_practice_org_set_field_visible    (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *field_name,
                                                     gboolean         visible_to_sync_user);
void           cs_practice_org_set_object_permission (CsPracticeOrg  *self,
                                                      const char     *object_name,
                                                      const char     *permission,   /* "read" "create" "edit" "delete" */
                                                      gboolean        granted);
void           cs_practice_org_add_custom_field     (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *field_name,
                                                     const char      *label,
                                                     const char      *type,
                                                     guint            length);
void           cs_practice_org_remove_field         (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *field_name);
void           cs_practice_org_set_field_type       (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *field_name,
                                                     const char      *type);
void           cs_practice_org_set_field_label      (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *field_name,
                                                     const char      *label);
/* Adds @n_objects custom objects Generated_N__c with @n_fields fields each,
 * for scale tests. */
void           cs_practice_org_add_generated_objects (CsPracticeOrg  *self,
                                                      guint           n_objects,
                                                      guint           n_fields);

/* ---- records (cs-practice-org-records.c) ---- */

typedef enum {
  CS_PRACTICE_RECORD_LIVE,
  CS_PRACTICE_RECORD_DELETED,   /* in the recycle bin: queryAll only */
  CS_PRACTICE_RECORD_PURGED,    /* gone */
} CsPracticeRecordState;

/* Writes as the administrator, with the REST API's checks; @json_fields is
 * a JSON object of field values. Errors say "ERROR_CODE: message".
 * SystemModstamp and LastModifiedDate move to the org's now. */
char          *cs_practice_org_create_record        (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *json_fields,
                                                     GError         **error);
gboolean       cs_practice_org_update_record        (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *id,
                                                     const char      *json_fields,
                                                     GError         **error);
gboolean       cs_practice_org_delete_record        (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     const char      *id,
                                                     GError         **error);

/* Records by index, 0 to n − 1, deleted and purged ones included (see
 * cs_practice_org_get_record_state()): for tests comparing a copy with the
 * org. A value is transfer full, NULL when null. */
guint          cs_practice_org_get_n_records        (CsPracticeOrg   *self,
                                                     const char      *object_name);
JsonNode      *cs_practice_org_get_value            (CsPracticeOrg   *self,
                                                     const char      *object_name,
                                                     guint            index,
                                                     const char      *field_name);
CsPracticeRecordState cs_practice_org_get_record_state (CsPracticeOrg *self,
                                                        const char    *object_name,
                                                        guint          index);

/* Empties the recycle bin and forgets the deletions so far, as Salesforce
 * does after its retention: getDeleted's earliestDateAvailable becomes
 * now. */
void           cs_practice_org_purge_deleted        (CsPracticeOrg   *self);

/* The REST calls counted today (what Sforce-Limit-Info reports as used),
 * e.g. to bring the org near its daily limit. */
void           cs_practice_org_set_api_usage        (CsPracticeOrg   *self,
                                                     guint            used);
guint          cs_practice_org_get_api_limit        (CsPracticeOrg   *self);

/* ---- churn (cs-practice-churn.c) ---- */

/* Creates, updates and deletes @per_minute records a minute at random
 * (leads, contacts, accounts; 0 stops), as the administrator; also
 * POST /_practice/churn {"per_minute": N}. */
void           cs_practice_org_set_churn            (CsPracticeOrg   *self,
                                                     guint            per_minute);
guint          cs_practice_org_get_churn            (CsPracticeOrg   *self);
/* @n_changes random changes at once, from the churn's own random
 * sequence. */
void           cs_practice_org_churn                (CsPracticeOrg   *self,
                                                     guint            n_changes);

G_END_DECLS
