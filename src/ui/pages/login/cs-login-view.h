/* cs-login-view.h: the Salesforce login in an embedded, private web view.
 *
 * Each login gets a new view in its own ephemeral network session, so that
 * no cookie of an earlier attempt (perhaps as another user) carries over,
 * like the private browser window the setup guide asks for. Above the page
 * the view shows the host and how safe the connection is.
 *
 * The view stops Salesforce's redirect to the callback before anything is
 * requested and hands it over ("callback"), sends links that leave
 * Salesforce to the admin's browser, keeps the login's pop-ups in its
 * session, refuses downloads and certificate problems, and says when it
 * cannot go on ("failed"). What to do then is the page's business.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-core.h"

G_BEGIN_DECLS

/* How safe the connection of the page shown is, as Epiphany's
 * EphySecurityLevel. */
typedef enum {
  CS_LOGIN_SECURITY_LEVEL_TO_BE_DETERMINED,  /* nothing loaded, or not connected yet */
  CS_LOGIN_SECURITY_LEVEL_SECURE,            /* https, certificate verified */
  CS_LOGIN_SECURITY_LEVEL_UNVERIFIED,        /* https, certificate errors (such loads stop first) */
  CS_LOGIN_SECURITY_LEVEL_LOCAL,             /* http on this computer: the practice org */
  CS_LOGIN_SECURITY_LEVEL_INSECURE,          /* http anywhere else */
} CsLoginSecurityLevel;

/* Why the login cannot go on in the view. */
typedef enum {
  CS_LOGIN_VIEW_FAILURE_LOAD,      /* a page of the login could not be loaded */
  CS_LOGIN_VIEW_FAILURE_INSECURE,  /* a certificate was refused: stop, never click through */
  CS_LOGIN_VIEW_FAILURE_CRASHED,   /* the page stopped working (crash, memory) */
} CsLoginViewFailure;

#define CS_TYPE_LOGIN_VIEW (cs_login_view_get_type ())
G_DECLARE_FINAL_TYPE (CsLoginView, cs_login_view, CS, LOGIN_VIEW, GtkWidget)

/* Opens @request's authorization page in a new view and session (its
 * pop-ups and the view before go away, unless nothing was loaded in it). */
void                  cs_login_view_load               (CsLoginView    *self,
                                                        CsOAuthRequest *request);
/* The request loaded, or NULL. */
CsOAuthRequest       *cs_login_view_get_request        (CsLoginView    *self);
void                  cs_login_view_stop               (CsLoginView    *self);
CsLoginSecurityLevel  cs_login_view_get_security_level (CsLoginView    *self);

const char           *cs_login_security_level_to_icon_name (CsLoginSecurityLevel level);

G_END_DECLS
