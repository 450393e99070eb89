/* cs-practice-pages.h: the practice org's HTML pages. Plain forms that
 * work without JavaScript, so that an embedded web view, a terminal
 * browser and the tests' form driver all get through them.
 *
 * Element ids follow Salesforce's own pages: login `username`, `password`,
 * `Login`; verification `emc`, `save`; consent `oaapprove`, `oadeny`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the forms post to; shapes borrowed from the real login host. */
#define CS_PRACTICE_LOGIN_PATH   "/login"
#define CS_PRACTICE_VERIFY_PATH  "/_ui/identity/verification/method/EmailVerificationFinishUi/e"
#define CS_PRACTICE_CONSENT_PATH "/setup/secur/RemoteAccessAuthorizationPage.apexp"

/* Common frame: a Salesforce-like blue header that says "Practice Org". */
void   cs_practice_page_begin   (GString    *out,
                                 const char *title);
void   cs_practice_page_end     (GString    *out);

char  *cs_practice_page_login   (const char *org_name,
                                 const char *txn,
                                 const char *username,      /* pre-filled, nullable */
                                 const char *error);        /* nullable */
char  *cs_practice_page_verify  (const char *txn,
                                 const char *email,
                                 const char *notice,        /* nullable */
                                 const char *error);        /* nullable */
char  *cs_practice_page_consent (const char *txn,
                                 const char *app_name,
                                 const char *username,
                                 const char *scope);
char  *cs_practice_page_error   (const char *title,
                                 const char *error,
                                 const char *description);

G_END_DECLS
