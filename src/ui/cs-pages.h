/* cs-pages.h: the wizard's pages, in order, each with the tasks it is part
 * of (a page's is_needed() may leave it out further). Adding a page is one
 * line here (and its folder under pages/, listed in pages/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pages/welcome/cs-welcome-page.h"
#include "pages/reauthorize/cs-reauthorize-page.h"
#include "pages/credential-review/cs-credential-review-page.h"
#include "pages/prerequisites/cs-prerequisites-page.h"
#include "pages/external-app/cs-external-app-page.h"
#include "pages/credentials/cs-credentials-page.h"
#include "pages/login/cs-login-page.h"
#include "pages/confirm/cs-confirm-page.h"
#include "pages/access/cs-access-page.h"
#include "pages/review/cs-review-page.h"
#include "pages/sync/cs-sync-page.h"

/* Bits of CsSetupTask. */
#define CS_PAGE_NEW     (1u << CS_SETUP_TASK_NEW_CONNECTION)
#define CS_PAGE_REAUTH  (1u << CS_SETUP_TASK_REAUTHORIZE)
#define CS_PAGE_REVIEW  (1u << CS_SETUP_TASK_REVIEW_CREDENTIALS)
#define CS_PAGE_ALL     (CS_PAGE_NEW | CS_PAGE_REAUTH | CS_PAGE_REVIEW)

typedef struct
{
  const char *name;
  GType     (*get_type) (void);
  guint       tasks;
} CsPageEntry;

static const CsPageEntry cs_page_table[] = {
  { "welcome",           cs_welcome_page_get_type,           CS_PAGE_ALL },
  { "reauthorize",       cs_reauthorize_page_get_type,       CS_PAGE_REAUTH },
  { "credential-review", cs_credential_review_page_get_type, CS_PAGE_REVIEW },
  { "prerequisites",     cs_prerequisites_page_get_type,     CS_PAGE_NEW },
  { "external-app",      cs_external_app_page_get_type,      CS_PAGE_NEW },
  /* In a re-authorization only to enter a new key and secret. */
  { "credentials",       cs_credentials_page_get_type,       CS_PAGE_NEW | CS_PAGE_REAUTH },
  { "login",             cs_login_page_get_type,             CS_PAGE_NEW | CS_PAGE_REAUTH },
  { "confirm",           cs_confirm_page_get_type,           CS_PAGE_NEW | CS_PAGE_REAUTH },
  /* A re-authorization's quick check; its fields stay as recorded. */
  { "access",            cs_access_page_get_type,            CS_PAGE_NEW | CS_PAGE_REAUTH },
  { "review",            cs_review_page_get_type,            CS_PAGE_NEW },
  { "sync",              cs_sync_page_get_type,              CS_PAGE_NEW },
};
