/* cs-login-host.h: which Salesforce login hosts are acceptable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CS_ENVIRONMENT_PRODUCTION,
  CS_ENVIRONMENT_SANDBOX,
  CS_ENVIRONMENT_MY_DOMAIN,
  CS_ENVIRONMENT_PRACTICE,
} CsEnvironment;

#define CS_LOGIN_HOST_PRODUCTION "https://login.salesforce.com"
#define CS_LOGIN_HOST_SANDBOX    "https://test.salesforce.com"

const char    *cs_environment_to_string     (CsEnvironment environment);
gboolean       cs_environment_from_string   (const char   *name,
                                             CsEnvironment *environment);

/* Returns the canonical login host ("https://host[:port]", no path, no
 * trailing slash) or NULL with CS_ERROR_INVALID_HOST. Accepts
 * login.salesforce.com, test.salesforce.com, *.my.salesforce.com,
 * *.sandbox.my.salesforce.com over https, and http(s) on 127.0.0.1 / ::1 /
 * localhost (the practice org). A bare host name gets https://. A
 * *.lightning.force.com host is refused with the My Domain host to use. */
char          *cs_login_host_normalize      (const char   *url,
                                             GError      **error);

/* TRUE when @url (as typed, or as cs_login_host_normalize() returned it)
 * names this computer: 127.0.0.1, ::1 or localhost, over http or https,
 * whatever the port. It reads the host exactly as cs_login_host_normalize()
 * does, so the two agree on everything that function accepts.
 *
 * cs_login_host_normalize() accepts loopback for every caller, because the
 * practice org lives there. A caller taking a host typed by the admin (the
 * My Domain field) must refuse loopback itself: normalize, then reject when
 * this returns TRUE. Only the practice org's own URL may be loopback. */
gboolean       cs_login_host_is_loopback    (const char   *url);

/* "host", "host:port", "[::1]:port": how a URI's host is shown to the
 * admin (GUri hands out IPv6 literals without brackets). NULL when @uri does
 * not parse or has no host. */
char          *cs_uri_dup_display_host      (const char   *uri);

/* The environment a normalized login host belongs to. */
CsEnvironment  cs_login_host_get_environment (const char  *login_host);

G_END_DECLS
