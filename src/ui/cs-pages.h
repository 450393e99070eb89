/* cs-pages.h: the wizard's pages, in order. Adding a page is one line here
 * (and its folder under pages/, listed in pages/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pages/welcome/cs-welcome-page.h"
#include "pages/prerequisites/cs-prerequisites-page.h"
#include "pages/external-app/cs-external-app-page.h"
#include "pages/credentials/cs-credentials-page.h"
#include "pages/login/cs-login-page.h"
#include "pages/confirm/cs-confirm-page.h"
#include "pages/access/cs-access-page.h"
#include "pages/review/cs-review-page.h"
#include "pages/sync/cs-sync-page.h"

typedef struct
{
  const char *name;
  GType     (*get_type) (void);
} CsPageEntry;

static const CsPageEntry cs_page_table[] = {
  { "welcome",       cs_welcome_page_get_type },
  { "prerequisites", cs_prerequisites_page_get_type },
  { "external-app",  cs_external_app_page_get_type },
  { "credentials",   cs_credentials_page_get_type },
  { "login",         cs_login_page_get_type },
  { "confirm",       cs_confirm_page_get_type },
  { "access",        cs_access_page_get_type },
  { "review",        cs_review_page_get_type },
  { "sync",          cs_sync_page_get_type },
};
