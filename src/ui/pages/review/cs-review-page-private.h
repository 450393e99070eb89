/* cs-review-page-private.h: what the UI tests and the benchmark drive and
 * look at. Each setter applies at once (no search delay), so its cost can
 * be timed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-review-page.h"
#include "cs-message-bar.h"
#include "cs-field-filter.h"
#include "cs-field-view.h"

G_BEGIN_DECLS

/* Sets the search entry's text and filters at once (case-insensitive,
 * label or API name containing @text). */
void            cs_review_page_set_search_text    (CsReviewPage   *self,
                                                   const char     *text);
/* An object's API name as listed in the object menu, or NULL for all. */
void            cs_review_page_set_object_filter  (CsReviewPage   *self,
                                                   const char     *object);
void            cs_review_page_set_kind_filter    (CsReviewPage   *self,
                                                   CsReviewKind    kind);
void            cs_review_page_set_new_only       (CsReviewPage   *self,
                                                   gboolean        new_only);
/* As the header of @column was clicked (once or twice). */
void            cs_review_page_sort_by            (CsReviewPage   *self,
                                                   CsReviewColumn  column,
                                                   GtkSortType     order);
/* The fields as the view shows them: filtered and sorted (CsReviewField). */
GListModel     *cs_review_page_get_shown_model    (CsReviewPage   *self);
CsFieldView    *cs_review_page_get_field_view     (CsReviewPage   *self);
/* The object menu: "All objects (N fields)", then "Object (N)". */
GtkDropDown    *cs_review_page_get_object_dropdown (CsReviewPage  *self);
/* FALSE while the page shows why there is no field list (no check yet). */
gboolean        cs_review_page_get_showing_fields (CsReviewPage   *self);
/* "Showing N of M fields". */
const char     *cs_review_page_get_status_text    (CsReviewPage   *self);

/* Runs what the page defers to an idle after the fields change (object
 * counts, hide list, confirmation). */
void            cs_review_page_flush              (CsReviewPage   *self);

/* The hide list as shown, or NULL while no field is marked. */
char           *cs_review_page_dup_hide_list_text (CsReviewPage   *self);
/* Writes the hide list to @file (what "Save List…" does after the file
 * chooser). */
void            cs_review_page_save_hide_list_async  (CsReviewPage        *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        cs_review_page_save_hide_list_finish (CsReviewPage   *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);

/* "Check Again"; cs_review_page_get_checking() tells when it ended. */
void            cs_review_page_check_again        (CsReviewPage   *self);
gboolean        cs_review_page_get_checking       (CsReviewPage   *self);

/* "I understand that these N fields will become permanent". */
GtkCheckButton *cs_review_page_get_confirm_check  (CsReviewPage   *self);
/* Shown while marked fields are still visible to the sync user. */
GtkLabel       *cs_review_page_get_still_marked_label (CsReviewPage *self);
CsMessageBar   *cs_review_page_get_caution_bar    (CsReviewPage   *self);
CsMessageBar   *cs_review_page_get_error_bar      (CsReviewPage   *self);

G_END_DECLS
