/* cs-error.h: the one error domain for everything an admin can meet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_ERROR (cs_error_quark ())

/**
 * CsError:
 *
 * Every failure the wizard, the command-line tool or the tests can meet.
 * The message of an error in this domain always says what to do next.
 */
typedef enum {
  CS_ERROR_FAILED,                 /* unexpected; the message carries the details */
  CS_ERROR_INVALID_INPUT,          /* a value typed by the admin has the wrong shape */
  CS_ERROR_INVALID_HOST,           /* login host is not a Salesforce login host */
  CS_ERROR_ACCESS_DENIED,          /* the admin clicked Deny */
  CS_ERROR_STATE_MISMATCH,         /* callback's state is missing or not ours */
  CS_ERROR_INVALID_GRANT,          /* code or refresh token no longer valid: log in again */
  CS_ERROR_AUTHENTICATION_FAILED,  /* wrong username or password */
  CS_ERROR_PKCE_MISMATCH,          /* the app's PKCE setting does not match ours */
  CS_ERROR_INVALID_CLIENT_ID,      /* consumer key unknown */
  CS_ERROR_INVALID_CLIENT_SECRET,  /* consumer secret wrong */
  CS_ERROR_REDIRECT_MISMATCH,      /* callback URL differs from the app's */
  CS_ERROR_INACTIVE_USER,
  CS_ERROR_INACTIVE_ORG,
  CS_ERROR_API_DISABLED,           /* API_DISABLED_FOR_ORG: user lacks "API Enabled" */
  CS_ERROR_APP_BLOCKED,            /* OAUTH_APP_BLOCKED */
  CS_ERROR_APP_NOT_INSTALLED,      /* invalid_client "app must be installed into org" */
  CS_ERROR_APP_NOT_APPROVED,       /* invalid_app_access */
  CS_ERROR_RATE_LIMITED,           /* REQUEST_LIMIT_EXCEEDED / rate_limit_exceeded */
  CS_ERROR_SESSION_EXPIRED,        /* INVALID_SESSION_ID even after a refresh */
  CS_ERROR_NETWORK,                /* host unreachable, DNS, connection refused */
  CS_ERROR_TLS,                    /* certificate or TLS failure: fail closed */
  CS_ERROR_BAD_SIGNATURE,          /* token response signature does not verify */
  CS_ERROR_MALFORMED_RESPONSE,     /* the server answered something we cannot read */
  CS_ERROR_SERVER,                 /* 5xx */
  CS_ERROR_NOT_FOUND,              /* 404 NOT_FOUND, unknown object */
  CS_ERROR_WRONG_USER,             /* logged in as someone other than the sync user */
  CS_ERROR_KEYRING_UNAVAILABLE,    /* no Secret Service on the session bus */
  CS_ERROR_KEYRING_LOCKED,         /* keyring locked and the admin did not unlock it */
  CS_ERROR_STORE,                  /* the local SQLite store failed */
  CS_ERROR_CHANGED_SINCE_CHECK,    /* fields appeared after the admin reviewed them */
  CS_ERROR_WRONG_ORG,              /* re-authorization logged in to another org: refused */
  CS_ERROR_SECRET_MISSING,         /* a keyring item of a stored connection is gone */
  CS_ERROR_NOT_REVOKED,            /* forget: revoking failed, so nothing was removed */
  CS_ERROR_SYNC_RUNNING,           /* another cycle of the connection's record sync holds its lock */
  CS_ERROR_SYNC_PAUSED,            /* the record sync is paused */
  CS_ERROR_API_LIMIT_RESERVE,      /* the org's daily API requests fell under the sync's reserve */
} CsError;

GQuark       cs_error_quark                 (void);

const char  *cs_error_code_to_string        (CsError     code);

gboolean     cs_error_is_reauthorization    (const GError *error);

GError      *cs_error_new_from_oauth        (const char  *error,
                                             const char  *error_description);

GError      *cs_error_new_from_rest         (guint        http_status,
                                             const char  *error_code,
                                             const char  *message);

/* G_IO_ERROR_CANCELLED comes back unchanged (a copy): callers must still be
 * able to tell a cancellation from a failure. */
GError      *cs_error_new_from_transport    (const GError *transport_error);

/* A new error with the default message of @code (what to do next). */
GError      *cs_error_new_for_code          (CsError      code);

/* CS_ERROR_PKCE_MISMATCH whose message says which way to switch the wizard's
 * "Use PKCE" setting or the app's "Require Proof Key for Code Exchange". */
GError      *cs_error_new_pkce_mismatch     (gboolean     pkce_was_used);

G_END_DECLS
