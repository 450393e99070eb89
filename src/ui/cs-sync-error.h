/* cs-sync-error.h: how the record sync's pages (Start Salesforce Sync,
 * Start Sync, the status view) show a failure of the sync: the same errors
 * get the same buttons on each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-message-bar.h"
#include "cs-setup-context.h"

G_BEGIN_DECLS

/* A page's widget actions for the buttons; NULL leaves a button out. */
typedef struct {
  const char *reauthorize_label;  /* N_(): "_Log In Again" in a new setup, "_Re-authorize" for a stored one */
  const char *reauthorize;
  const char *retry;              /* "_Try Again" */
  const char *resume;             /* "_Resume", for a paused sync */
} CsSyncErrorActions;

/* Notes @error in @context (a refusal marks the connection), then shows it
 * in @bar: a refusal with the re-authorization; a cycle already running or
 * the API reserve reached as a warning (the sync itself is fine and goes on
 * by itself); a paused sync with Resume, else as a warning; anything else
 * with Try Again. Scrolls @bar into view. */
void cs_sync_error_show (CsSetupContext           *context,
                         CsMessageBar             *bar,
                         const GError             *error,
                         const CsSyncErrorActions *actions);

G_END_DECLS
