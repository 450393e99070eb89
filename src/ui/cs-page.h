/* cs-page.h: the contract every wizard page follows.
 *
 * A page says whether the admin may move on (complete), does its work when
 * the admin presses Next (apply, possibly async, with a spinner and Cancel
 * owned by the assistant), and never touches the navigation buttons itself.
 *
 * A page's async calls run with a cancellable the page owns: the apply's
 * (cancelled by Cancel and by leaving the page) or the one of its own work
 * (a check, a recording, the login's code exchange). Either is cancelled
 * when the page goes away. A callback, holding a reference to the page,
 * first asks cs_page_result_is_stale(): a cancelled call's result is
 * dropped, whatever it says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-setup-context.h"

G_BEGIN_DECLS

#define CS_TYPE_PAGE (cs_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (CsPage, cs_page, CS, PAGE, AdwBin)

struct _CsPageClass
{
  AdwBinClass parent_class;

  /* The page became the visible one. */
  void     (*shown)  (CsPage       *page);
  /* The admin pressed Next. Return FALSE to move on at once; return TRUE
   * after starting async work, then call cs_page_apply_complete(). The
   * page must stop its work when @cancellable (the page's apply
   * cancellable) is cancelled. */
  gboolean (*apply)  (CsPage       *page,
                      GCancellable *cancellable);
  /* Whether the page is part of the flow for the context's current task
   * (default: always). */
  gboolean (*is_needed) (CsPage    *page);

  gpointer padding[8];
};

CsSetupContext *cs_page_get_context        (CsPage      *self);
const char     *cs_page_get_title          (CsPage      *self);
void            cs_page_set_title          (CsPage      *self,
                                            const char  *title);
gboolean        cs_page_get_complete       (CsPage      *self);
void            cs_page_set_complete       (CsPage      *self,
                                            gboolean     complete);
gboolean        cs_page_get_applying       (CsPage      *self);
/* Label of the Next button on this page (default "_Next"). */
const char     *cs_page_get_next_label     (CsPage      *self);
void            cs_page_set_next_label     (CsPage      *self,
                                            const char  *label);
/* The widget that gets the keyboard focus when the page is shown. */
void            cs_page_set_initial_focus  (CsPage      *self,
                                            GtkWidget   *widget);

void            cs_page_shown              (CsPage      *self);
/* Starts the apply with a new apply cancellable; returns whether it goes
 * on asynchronously. */
gboolean        cs_page_apply_begin        (CsPage      *self);
/* Ends an async apply; @valid says whether the assistant moves on. */
void            cs_page_apply_complete     (CsPage      *self,
                                            gboolean     valid);
/* Cancel, or the admin left the page: the apply ends, later, with
 * cs_page_apply_complete (page, FALSE). */
void            cs_page_apply_cancel       (CsPage      *self);
/* The running apply's cancellable, NULL when none runs. */
GCancellable   *cs_page_get_apply_cancellable (CsPage   *self);
gboolean        cs_page_is_needed          (CsPage      *self);

/* The cancellable for the page's own work, made on first use and kept
 * until cs_page_cancel_work() cancels everything started with it (a new
 * check replacing a running one, a new login, another connection). */
GCancellable   *cs_page_get_work_cancellable (CsPage    *self);
void            cs_page_cancel_work        (CsPage      *self);
/* For the callback of an async call the page started with its apply or
 * work cancellable (@result is the call's GTask): TRUE when that call was
 * cancelled since (Cancel, the page left or gone, newer work), and its
 * result is nobody's business any more. */
gboolean        cs_page_result_is_stale    (CsPage      *self,
                                            GAsyncResult *result);

/* Asks the assistant to go forward now (e.g. the login finished by itself),
 * or to a named page (e.g. "log in again"). */
void            cs_page_request_next       (CsPage      *self);
void            cs_page_request_page       (CsPage      *self,
                                            const char  *page_name);
/* Forgets the login (tokens, identity) and asks for the login page, which
 * then starts a new attempt: what "Log In Again" does on any page. */
void            cs_page_request_login_again (CsPage     *self);

G_END_DECLS
