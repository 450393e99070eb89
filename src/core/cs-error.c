/* cs-error.c: the one error domain for everything an admin can meet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cs-error.h"
#include "cs-oauth-request.h"

/* Server-provided descriptions end up in dialogs: keep them short. */
#define MAX_DETAIL_CHARS 300

G_DEFINE_QUARK (cs-error-quark, cs_error)

const char *
cs_error_code_to_string (CsError code)
{
  switch (code)
    {
    case CS_ERROR_FAILED: return "failed";
    case CS_ERROR_INVALID_INPUT: return "invalid-input";
    case CS_ERROR_INVALID_HOST: return "invalid-host";
    case CS_ERROR_ACCESS_DENIED: return "access-denied";
    case CS_ERROR_STATE_MISMATCH: return "state-mismatch";
    case CS_ERROR_INVALID_GRANT: return "invalid-grant";
    case CS_ERROR_AUTHENTICATION_FAILED: return "authentication-failed";
    case CS_ERROR_PKCE_MISMATCH: return "pkce-mismatch";
    case CS_ERROR_INVALID_CLIENT_ID: return "invalid-client-id";
    case CS_ERROR_INVALID_CLIENT_SECRET: return "invalid-client-secret";
    case CS_ERROR_REDIRECT_MISMATCH: return "redirect-mismatch";
    case CS_ERROR_INACTIVE_USER: return "inactive-user";
    case CS_ERROR_INACTIVE_ORG: return "inactive-org";
    case CS_ERROR_API_DISABLED: return "api-disabled";
    case CS_ERROR_APP_BLOCKED: return "app-blocked";
    case CS_ERROR_APP_NOT_INSTALLED: return "app-not-installed";
    case CS_ERROR_APP_NOT_APPROVED: return "app-not-approved";
    case CS_ERROR_RATE_LIMITED: return "rate-limited";
    case CS_ERROR_SESSION_EXPIRED: return "session-expired";
    case CS_ERROR_NETWORK: return "network";
    case CS_ERROR_TLS: return "tls";
    case CS_ERROR_BAD_SIGNATURE: return "bad-signature";
    case CS_ERROR_MALFORMED_RESPONSE: return "malformed-response";
    case CS_ERROR_SERVER: return "server";
    case CS_ERROR_NOT_FOUND: return "not-found";
    case CS_ERROR_WRONG_USER: return "wrong-user";
    case CS_ERROR_KEYRING_UNAVAILABLE: return "keyring-unavailable";
    case CS_ERROR_KEYRING_LOCKED: return "keyring-locked";
    case CS_ERROR_STORE: return "store";
    case CS_ERROR_CHANGED_SINCE_CHECK: return "changed-since-check";
    case CS_ERROR_WRONG_ORG: return "wrong-org";
    case CS_ERROR_SECRET_MISSING: return "secret-missing";
    case CS_ERROR_NOT_REVOKED: return "not-revoked";
    case CS_ERROR_SYNC_RUNNING: return "sync-running";
    case CS_ERROR_SYNC_PAUSED: return "sync-paused";
    case CS_ERROR_API_LIMIT_RESERVE: return "api-limit-reserve";
    default: return "unknown";
    }
}

static const char *
default_message (CsError code)
{
  switch (code)
    {
    case CS_ERROR_FAILED:
      return _ ("Something unexpected went wrong. Try again; if it keeps failing, "
                "contact support with the details shown.");
    case CS_ERROR_INVALID_INPUT:
      return _ ("A value does not have the expected shape. Check what was typed or "
                "pasted, then try again.");
    case CS_ERROR_INVALID_HOST:
      return _ ("This is not a Salesforce login host. Use https://login.salesforce.com, "
                "https://test.salesforce.com or the org’s My Domain "
                "(https://NAME.my.salesforce.com).");
    case CS_ERROR_ACCESS_DENIED:
      return _ ("Access was denied on the Salesforce “Allow Access?” page. "
                "Log in with Salesforce again and click Allow.");
    case CS_ERROR_STATE_MISMATCH:
      return _ ("The answer from Salesforce does not belong to this login attempt, "
                "so it was ignored. Start the login again.");
    case CS_ERROR_INVALID_GRANT:
      return _ ("Salesforce no longer accepts the saved authorization. "
                "Log in with Salesforce again to re-authorize.");
    case CS_ERROR_AUTHENTICATION_FAILED:
      return _ ("Salesforce refused the login (authentication failure). Check the "
                "username and password and that the user may log in from this network "
                "(the profile’s Login IP Ranges), then log in again.");
    case CS_ERROR_PKCE_MISMATCH:
      return _ ("The External Client App’s PKCE setting does not match this connection. "
                "Make “Use PKCE” in the wizard match the app’s “Require Proof Key for "
                "Code Exchange (PKCE)” option, then log in again.");
    case CS_ERROR_INVALID_CLIENT_ID:
      return _ ("Salesforce does not know this consumer key. Copy the Consumer Key of "
                "the External Client App again (a new app can take up to 10 minutes "
                "to become usable), then log in again.");
    case CS_ERROR_INVALID_CLIENT_SECRET:
      return _ ("Salesforce did not accept the consumer secret. Copy the Consumer "
                "Secret of the same External Client App as the consumer key again, "
                "then log in again.");
    case CS_ERROR_REDIRECT_MISMATCH:
      return _ ("The callback URL differs from the one registered in the External "
                "Client App. Set the app’s Callback URL to exactly the one the wizard "
                "shows, then log in again.");
    case CS_ERROR_INACTIVE_USER:
      return _ ("This Salesforce user is inactive. Ask a Salesforce administrator to "
                "activate the user (Setup → Users), then log in again.");
    case CS_ERROR_INACTIVE_ORG:
      return _ ("This Salesforce org is inactive or locked (for example an expired "
                "trial). Contact Salesforce to reactivate it.");
    case CS_ERROR_API_DISABLED:
      return _ ("The API is not enabled for this user. Give the sync user’s profile "
                "(or a permission set) the “API Enabled” permission, and check that the "
                "org’s edition includes API access.");
    case CS_ERROR_APP_BLOCKED:
      return _ ("A Salesforce administrator has blocked this app. Unblock it in Setup "
                "→ Connected Apps OAuth Usage, then log in again.");
    case CS_ERROR_APP_NOT_INSTALLED:
      return _ ("The app is not installed in this org. Install the External Client "
                "App (or the connected app) in the org, then log in again.");
    case CS_ERROR_APP_NOT_APPROVED:
      return _ ("This user is not approved to use the app. In the External Client "
                "App’s policies, pre-authorize the sync user’s profile or permission "
                "set, or give the user the “Approve Uninstalled Connected Apps” "
                "permission, then log in again.");
    case CS_ERROR_RATE_LIMITED:
      return _ ("The org’s daily API request limit is reached. Wait and try again "
                "later; Setup → Company Information shows the usage.");
    case CS_ERROR_SESSION_EXPIRED:
      return _ ("The Salesforce session has expired or was revoked. "
                "Log in with Salesforce again.");
    case CS_ERROR_NETWORK:
      return _ ("Could not reach Salesforce. Check the network connection and proxy "
                "settings, then try again.");
    case CS_ERROR_TLS:
      return _ ("The secure connection to Salesforce could not be verified, so nothing "
                "was sent. Check the computer’s date and time and any network device "
                "that inspects HTTPS, then try again.");
    case CS_ERROR_BAD_SIGNATURE:
      return _ ("The signature of Salesforce’s answer does not match the consumer "
                "secret, so the answer was not trusted. Check that the consumer secret "
                "belongs to this External Client App, then log in again.");
    case CS_ERROR_MALFORMED_RESPONSE:
      return _ ("Salesforce answered something that could not be read. Check the login "
                "host, then try again.");
    case CS_ERROR_SERVER:
      return _ ("Salesforce reported an internal error. Wait a few minutes and try "
                "again; trust.salesforce.com lists ongoing incidents.");
    case CS_ERROR_NOT_FOUND:
      return _ ("Salesforce could not find what was asked for. Check that it exists "
                "and that the sync user is allowed to see it.");
    case CS_ERROR_WRONG_USER:
      return _ ("This login belongs to a different user than the sync user. Log in "
                "with Salesforce again as the sync user.");
    case CS_ERROR_KEYRING_UNAVAILABLE:
      return _ ("No keyring (Secret Service) is available, and secrets are never stored "
                "anywhere else. Start GNOME Keyring, then try again.");
    case CS_ERROR_KEYRING_LOCKED:
      return _ ("The keyring is locked. Unlock it when asked, then try again.");
    case CS_ERROR_STORE:
      return _ ("The local connection database could not be read or written. Check "
                "the free disk space and the permissions of the data folder, then try "
                "again.");
    case CS_ERROR_CHANGED_SINCE_CHECK:
      return _ ("The fields changed in Salesforce since they were reviewed, so nothing "
                "was recorded. Review the fields again, then sync.");
    case CS_ERROR_WRONG_ORG:
      return _ ("This login belongs to another Salesforce org than the connection, and a "
                "connection cannot move to another org, so nothing was changed. Log in "
                "to the connection’s own org, or set up a new connection for the other "
                "one.");
    case CS_ERROR_SECRET_MISSING:
      return _ ("A credential of this connection is missing from the keyring (it may have "
                "been deleted in Passwords and Keys). Review the stored credentials and "
                "enter it again, or re-authorize the connection.");
    case CS_ERROR_NOT_REVOKED:
      return _ ("The refresh token could not be revoked at Salesforce, so it was kept and "
                "nothing was removed. Try again when Salesforce can be reached, or forget "
                "the connection anyway and revoke the token in Setup → Connected Apps "
                "OAuth Usage.");
    case CS_ERROR_SYNC_RUNNING:
      return _ ("A sync is already running for this connection. Wait for it to finish; "
                "the next one starts five minutes after it.");
    case CS_ERROR_SYNC_PAUSED:
      return _ ("The sync of this connection is paused. Resume it, then sync again.");
    case CS_ERROR_API_LIMIT_RESERVE:
      return _ ("The org has nearly used up its daily API requests, so the sync stopped "
                "cleanly to leave the rest to other tools. It resumes where it stopped "
                "once Salesforce’s 24-hour count goes down.");
    default:
      return _ ("Something unexpected went wrong. Try again; if it keeps failing, "
                "contact support with the details shown.");
    }
}

GError *
cs_error_new_for_code (CsError code)
{
  /* The admin needs the exact address to paste. */
  if (code == CS_ERROR_REDIRECT_MISMATCH)
    return g_error_new (CS_ERROR, code,
                        _ ("The callback URL differs from the one registered in the "
                           "External Client App. Set the app’s Callback URL to exactly "
                           "%s, then log in again."),
                        CS_DEFAULT_REDIRECT_URI);

  return g_error_new_literal (CS_ERROR, code, default_message (code));
}

GError *
cs_error_new_pkce_mismatch (gboolean pkce_was_used)
{
  if (pkce_was_used)
    return g_error_new_literal (CS_ERROR, CS_ERROR_PKCE_MISMATCH,
                                _ ("Salesforce refused the PKCE code challenge: the "
                                   "External Client App does not expect PKCE. Turn off "
                                   "“Use PKCE” in the wizard, or turn on “Require Proof "
                                   "Key for Code Exchange (PKCE)” in the app’s settings, "
                                   "then log in again."));

  return g_error_new_literal (CS_ERROR, CS_ERROR_PKCE_MISMATCH,
                              _ ("The External Client App requires PKCE. Turn on “Use "
                                 "PKCE” in the wizard, or turn off “Require Proof Key "
                                 "for Code Exchange (PKCE)” in the app’s settings, then "
                                 "log in again."));
}

/* Server text shown to the admin: valid UTF-8, one line, bounded. */
static char *
sanitize_detail (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;
  guint n_chars = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (p = valid; *p != '\0' && n_chars < MAX_DETAIL_CHARS; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");

  g_strstrip (out->str);
  if (out->str[0] == '\0')
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *lower = NULL;

  if (haystack == NULL)
    return FALSE;

  lower = g_ascii_strdown (haystack, -1);
  return strstr (lower, needle) != NULL;
}

static gboolean
mentions_pkce (const char *description)
{
  return contains_ci (description, "pkce") ||
         contains_ci (description, "code_verifier") ||
         contains_ci (description, "code verifier") ||
         contains_ci (description, "code_challenge") ||
         contains_ci (description, "code challenge");
}

static gboolean
is_oauth_error (const char *error,
                const char *name)
{
  return g_ascii_strcasecmp (error, name) == 0;
}

static GError *
new_failed_with_detail (const char *error,
                        const char *error_description)
{
  g_autofree char *detail = sanitize_detail (error_description != NULL && *error_description != '\0'
                                             ? error_description : error);

  if (detail == NULL)
    return cs_error_new_for_code (CS_ERROR_FAILED);

  return g_error_new (CS_ERROR, CS_ERROR_FAILED,
                      _ ("Salesforce refused the request: “%s”. Check the External "
                         "Client App’s settings, then try again."),
                      detail);
}

/* Maps the {error, error_description} pair of the authorize callback and of
 * the token and revoke endpoints. The error names are compared
 * case-insensitively: Salesforce itself mixes OAUTH_APP_BLOCKED and
 * access_denied. Descriptions are matched loosely since they are prose. */
GError *
cs_error_new_from_oauth (const char *error,
                         const char *error_description)
{
  if (error == NULL || *error == '\0')
    return new_failed_with_detail (NULL, error_description);

  if (is_oauth_error (error, "access_denied") || is_oauth_error (error, "access-denied"))
    return cs_error_new_for_code (CS_ERROR_ACCESS_DENIED);

  if (is_oauth_error (error, "invalid_grant"))
    {
      if (mentions_pkce (error_description))
        return cs_error_new_for_code (CS_ERROR_PKCE_MISMATCH);
      if (contains_ci (error_description, "authentication failure"))
        return cs_error_new_for_code (CS_ERROR_AUTHENTICATION_FAILED);
      return cs_error_new_for_code (CS_ERROR_INVALID_GRANT);
    }

  /* The revoke endpoint's answer for a token that is no longer valid. */
  if (is_oauth_error (error, "invalid_token"))
    return cs_error_new_for_code (CS_ERROR_INVALID_GRANT);

  if (is_oauth_error (error, "invalid_client_id"))
    return cs_error_new_for_code (CS_ERROR_INVALID_CLIENT_ID);

  if (is_oauth_error (error, "invalid_client"))
    {
      if (contains_ci (error_description, "must be installed"))
        return cs_error_new_for_code (CS_ERROR_APP_NOT_INSTALLED);
      if (contains_ci (error_description, "client credentials") ||
          contains_ci (error_description, "client secret"))
        return cs_error_new_for_code (CS_ERROR_INVALID_CLIENT_SECRET);
      if (contains_ci (error_description, "client identifier"))
        return cs_error_new_for_code (CS_ERROR_INVALID_CLIENT_ID);
      return new_failed_with_detail (error, error_description);
    }

  if (is_oauth_error (error, "invalid_client_credentials"))
    return cs_error_new_for_code (CS_ERROR_INVALID_CLIENT_SECRET);

  if (is_oauth_error (error, "inactive_user"))
    return cs_error_new_for_code (CS_ERROR_INACTIVE_USER);

  if (is_oauth_error (error, "inactive_org"))
    return cs_error_new_for_code (CS_ERROR_INACTIVE_ORG);

  if (is_oauth_error (error, "OAUTH_APP_BLOCKED"))
    return cs_error_new_for_code (CS_ERROR_APP_BLOCKED);

  if (is_oauth_error (error, "invalid_app_access"))
    return cs_error_new_for_code (CS_ERROR_APP_NOT_APPROVED);

  if (is_oauth_error (error, "rate_limit_exceeded"))
    return cs_error_new_for_code (CS_ERROR_RATE_LIMITED);

  if (is_oauth_error (error, "redirect_uri_mismatch"))
    return cs_error_new_for_code (CS_ERROR_REDIRECT_MISMATCH);

  /* An app that does not support PKCE answers the authorize request with an
   * invalid_request (or another, undocumented error) naming the challenge. */
  if (mentions_pkce (error_description))
    return cs_error_new_for_code (CS_ERROR_PKCE_MISMATCH);

  /* unsupported_grant_type, invalid_request, immediate_unsuccessful and
   * anything new: keep what the server said. */
  return new_failed_with_detail (error, error_description);
}

/* Maps a REST answer's status and first [{errorCode, message}]. */
GError *
cs_error_new_from_rest (guint       http_status,
                        const char *error_code,
                        const char *message)
{
  g_autofree char *detail = NULL;

  if (error_code != NULL)
    {
      if (g_str_equal (error_code, "INVALID_SESSION_ID"))
        return cs_error_new_for_code (CS_ERROR_SESSION_EXPIRED);
      if (g_str_equal (error_code, "REQUEST_LIMIT_EXCEEDED"))
        return cs_error_new_for_code (CS_ERROR_RATE_LIMITED);
      if (g_str_equal (error_code, "API_DISABLED_FOR_ORG"))
        return cs_error_new_for_code (CS_ERROR_API_DISABLED);
      if (g_str_equal (error_code, "NOT_FOUND"))
        return cs_error_new_for_code (CS_ERROR_NOT_FOUND);
    }

  if (http_status == SOUP_STATUS_UNAUTHORIZED)
    return cs_error_new_for_code (CS_ERROR_SESSION_EXPIRED);
  if (http_status == SOUP_STATUS_NOT_FOUND)
    return cs_error_new_for_code (CS_ERROR_NOT_FOUND);
  if (http_status == 429)
    return cs_error_new_for_code (CS_ERROR_RATE_LIMITED);
  if (http_status >= 500 && http_status <= 599)
    return cs_error_new_for_code (CS_ERROR_SERVER);

  detail = sanitize_detail (message != NULL && *message != '\0' ? message : error_code);
  if (detail != NULL)
    return g_error_new (CS_ERROR, CS_ERROR_FAILED,
                        _ ("Salesforce refused the request (HTTP %u): “%s”. Check the "
                           "sync user’s permissions, then try again."),
                        http_status, detail);

  return g_error_new (CS_ERROR, CS_ERROR_FAILED,
                      _ ("Salesforce refused the request (HTTP %u). Check the sync "
                         "user’s permissions, then try again."),
                      http_status);
}

static GError *
new_with_transport_detail (CsError     code,
                           const char *transport_message)
{
  g_autofree char *detail = sanitize_detail (transport_message);

  if (detail == NULL)
    return cs_error_new_for_code (code);

  /* Translators: the first %s is the advice, the second the system's own
   * description of the failure. */
  return g_error_new (CS_ERROR, code, _ ("%s (%s)"), default_message (code), detail);
}

GError *
cs_error_new_from_transport (const GError *transport_error)
{
  g_return_val_if_fail (transport_error != NULL, NULL);

  if (transport_error->domain == CS_ERROR ||
      g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (transport_error);

  if (transport_error->domain == G_TLS_ERROR)
    return new_with_transport_detail (CS_ERROR_TLS, transport_error->message);

  /* Refused, unreachable, timed out, reset, proxy failures: whatever the
   * socket layer reports, the admin's next step is the same. */
  if (transport_error->domain == G_RESOLVER_ERROR ||
      transport_error->domain == G_IO_ERROR)
    return new_with_transport_detail (CS_ERROR_NETWORK, transport_error->message);

  if (g_error_matches (transport_error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (transport_error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    return new_with_transport_detail (CS_ERROR_MALFORMED_RESPONSE, transport_error->message);

  return new_with_transport_detail (CS_ERROR_FAILED, transport_error->message);
}

/* TRUE when only a new login can fix @error. INVALID_GRANT (the refresh token
 * is revoked or expired) and SESSION_EXPIRED (still refused after a refresh)
 * qualify. APP_BLOCKED, APP_NOT_APPROVED and the like do not: logging in
 * again fails the same way until an administrator changes Salesforce's
 * setup, so the UI must show their message rather than a login button. */
gboolean
cs_error_is_reauthorization (const GError *error)
{
  if (error == NULL)
    return FALSE;

  return g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_GRANT) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_SESSION_EXPIRED);
}
