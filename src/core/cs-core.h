/* cs-core.h: the whole core library, no GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-access-audit.h"
#include "cs-connection-store.h"
#include "cs-connection-vault.h"
#include "cs-core-enums.h"
#include "cs-describe.h"
#include "cs-error.h"
#include "cs-field-catalog.h"
#include "cs-field-sync.h"
#include "cs-identity.h"
#include "cs-login.h"
#include "cs-login-host.h"
#include "cs-oauth-client.h"
#include "cs-oauth-request.h"
#include "cs-record-sync.h"
#include "cs-salesforce-client.h"
#include "cs-secret-store.h"
#include "cs-secret-util.h"
#include "cs-sync-database.h"
#include "cs-sync-issue.h"
#include "cs-sync-object-progress.h"
#include "cs-sync-service.h"
#include "cs-sync-status.h"
#include "cs-token-set.h"
