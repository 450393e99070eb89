/* cs-access-audit.h: checks the sync user's access from its describes, as
 * step 2 of the Marketo setup guide asks (object permissions, field-level
 * security).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The standard objects the Marketo sync reads, NULL-terminated. */
extern const char * const cs_sync_standard_objects[];
#define CS_SYNC_N_STANDARD_OBJECTS 10

typedef enum {
  CS_AUDIT_SEVERITY_BLOCKING,   /* the sync fails or cannot run until fixed */
  CS_AUDIT_SEVERITY_WARNING,    /* the sync runs, with less data than it should */
} CsAuditSeverity;

typedef enum {
  CS_AUDIT_CODE_OBJECT_MISSING,      /* no describe: the sync user cannot see the object */
  CS_AUDIT_CODE_NO_READ,             /* object permission Read */
  CS_AUDIT_CODE_NO_CREATE,           /* object permission Create */
  CS_AUDIT_CODE_NO_EDIT,             /* object permission Edit */
  CS_AUDIT_CODE_NO_DELETE,           /* object permission Delete */
  CS_AUDIT_CODE_FIELD_HIDDEN,        /* field-level security: not visible */
  CS_AUDIT_CODE_FIELD_READ_ONLY,     /* field-level security: visible, not editable */
} CsAuditCode;

/* "object-missing", "no-read", … for scripts (crm-sync --json). */
const char *cs_audit_code_to_string     (CsAuditCode     code);
const char *cs_audit_severity_to_string (CsAuditSeverity severity);

typedef struct {
  CsAuditSeverity  severity;
  char            *object;    /* API name */
  char            *field;     /* API name, NULL for object-level findings */
  CsAuditCode      code;
  char            *message;   /* translated: what is wrong and what to change in Salesforce */
} CsAuditFinding;

#define CS_TYPE_AUDIT_FINDING (cs_audit_finding_get_type ())
GType           cs_audit_finding_get_type (void);
CsAuditFinding *cs_audit_finding_copy     (const CsAuditFinding *finding);
void            cs_audit_finding_free     (CsAuditFinding       *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAuditFinding, cs_audit_finding_free)

/* Audits the describes of cs_sync_standard_objects plus @custom_objects
 * (may be NULL). @describes maps object API name → JsonNode describe, as
 * cs_salesforce_client_describe_many_finish() returns it; an object absent
 * from it (describe failed, e.g. 404 because the sync user cannot see it) is
 * a blocking finding. A NULL value (304 Not Modified) cannot be audited and
 * is skipped: describe without If-Modified-Since to audit.
 *
 * Returns the findings (element type CsAuditFinding), blocking ones first,
 * then by object and field; empty when the access is right. */
GPtrArray      *cs_access_audit_run       (GHashTable          *describes,
                                           const char * const  *custom_objects);

/* Number of blocking findings in @findings. */
guint           cs_access_audit_count_blocking (GPtrArray     *findings);

G_END_DECLS
