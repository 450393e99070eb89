/* cs-credential-review-page-private.h: what the UI tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-credential-review-page.h"
#include "cs-message-bar.h"

G_BEGIN_DECLS

/* What an action did, or why it failed (with what to do). */
CsMessageBar     *cs_credential_review_page_get_message_bar       (CsCredentialReviewPage *self);
/* Activates the connection's row (as a click or Enter would): its details
 * open. FALSE when it is not listed (yet). */
gboolean          cs_credential_review_page_open_connection       (CsCredentialReviewPage *self,
                                                                   const char             *connection_id);
/* The connection whose details are shown, NULL on the list. */
const char       *cs_credential_review_page_get_shown_connection  (CsCredentialReviewPage *self);
/* A vault call of the page runs, or a reload is due. */
gboolean          cs_credential_review_page_is_busy               (CsCredentialReviewPage *self);
/* The details' widgets (every fact is a label in there). */
GtkWidget        *cs_credential_review_page_get_details           (CsCredentialReviewPage *self);
/* One AdwActionRow per keyring problem, each with a fix button. */
GtkListBox       *cs_credential_review_page_get_problems_list     (CsCredentialReviewPage *self);
/* One CsConnectionRow per stored connection. */
GtkListBox       *cs_credential_review_page_get_connections_list  (CsCredentialReviewPage *self);
/* The confirmation open (Replace, Revoke and Forget), else NULL; for
 * Replace, its consumer key and secret entries. */
AdwMessageDialog *cs_credential_review_page_get_dialog            (CsCredentialReviewPage *self,
                                                                   GtkEditable           **key_entry,
                                                                   GtkEditable           **secret_entry);
/* What Test Now found, as shown. */
const char       *cs_credential_review_page_get_test_text         (CsCredentialReviewPage *self);
/* The Reveal button of the consumer key or secret. */
GtkToggleButton  *cs_credential_review_page_get_reveal_button     (CsCredentialReviewPage *self,
                                                                   CsSecretKind            kind);

G_END_DECLS
