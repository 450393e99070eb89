/* cs-login-host.c: which Salesforce login hosts are acceptable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-login-host.h"

#define MY_DOMAIN_SUFFIX       ".my.salesforce.com"
#define SETUP_DOMAIN_SUFFIX    ".my.salesforce-setup.com"
#define LIGHTNING_SUFFIX       ".lightning.force.com"

typedef enum {
  HOST_UNKNOWN,
  HOST_PRODUCTION,
  HOST_SANDBOX,
  HOST_MY_DOMAIN,
  HOST_LOOPBACK,
} HostKind;

/* The second label of enhanced My Domain hosts (NAME--SBX.sandbox.my…,
 * NAME-dev-ed.develop.my…, scratch orgs, demo and trial orgs). */
static const char * const my_domain_kinds[] = {
  "sandbox", "develop", "scratch", "demo", "patch", "trailblaze", "free", NULL,
};

static const struct {
  CsEnvironment  environment;
  const char    *name;
} environment_names[] = {
  { CS_ENVIRONMENT_PRODUCTION, "production" },
  { CS_ENVIRONMENT_SANDBOX, "sandbox" },
  { CS_ENVIRONMENT_MY_DOMAIN, "my-domain" },
  { CS_ENVIRONMENT_PRACTICE, "practice" },
};

const char *
cs_environment_to_string (CsEnvironment environment)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (environment_names); i++)
    if (environment_names[i].environment == environment)
      return environment_names[i].name;

  g_return_val_if_reached (NULL);
}

gboolean
cs_environment_from_string (const char    *name,
                            CsEnvironment *environment)
{
  guint i;

  g_return_val_if_fail (name != NULL, FALSE);

  for (i = 0; i < G_N_ELEMENTS (environment_names); i++)
    {
      if (g_str_equal (environment_names[i].name, name))
        {
          if (environment != NULL)
            *environment = environment_names[i].environment;
          return TRUE;
        }
    }

  return FALSE;
}

/* A DNS label as Salesforce hands them out: lowercase letters, digits and
 * inner hyphens (sandboxes use "--"). */
static gboolean
is_dns_label (const char *label,
              gsize       len)
{
  gsize i;

  if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
    return FALSE;

  for (i = 0; i < len; i++)
    if (!g_ascii_islower (label[i]) && !g_ascii_isdigit (label[i]) && label[i] != '-')
      return FALSE;

  return TRUE;
}

/* "NAME" or "NAME.KIND" in front of a My Domain-like suffix. */
static gboolean
is_my_domain_prefix (const char *prefix,
                     gsize       len)
{
  const char *dot = memchr (prefix, '.', len);
  gsize name_len;
  guint i;

  if (dot == NULL)
    return is_dns_label (prefix, len);

  name_len = dot - prefix;
  if (!is_dns_label (prefix, name_len))
    return FALSE;

  for (i = 0; my_domain_kinds[i] != NULL; i++)
    {
      gsize kind_len = strlen (my_domain_kinds[i]);

      if (len - name_len - 1 == kind_len && strncmp (dot + 1, my_domain_kinds[i], kind_len) == 0)
        return TRUE;
    }

  return FALSE;
}

/* When @host is NAME[.KIND]@suffix, returns NAME[.KIND]. */
static char *
strip_my_domain_suffix (const char *host,
                        const char *suffix)
{
  gsize host_len = strlen (host);
  gsize suffix_len = strlen (suffix);

  if (host_len <= suffix_len || !g_str_has_suffix (host, suffix))
    return NULL;
  if (!is_my_domain_prefix (host, host_len - suffix_len))
    return NULL;

  return g_strndup (host, host_len - suffix_len);
}

/* @host is lowercase. */
static HostKind
classify_host (const char *host)
{
  g_autofree char *name = NULL;

  if (cs_http_host_is_loopback (host))
    return HOST_LOOPBACK;
  if (g_str_equal (host, "login.salesforce.com"))
    return HOST_PRODUCTION;
  if (g_str_equal (host, "test.salesforce.com"))
    return HOST_SANDBOX;

  name = strip_my_domain_suffix (host, MY_DOMAIN_SUFFIX);
  if (name != NULL)
    return HOST_MY_DOMAIN;

  return HOST_UNKNOWN;
}

/* X.lightning.force.com and X.my.salesforce-setup.com are the same org's
 * Lightning and Setup addresses, which answer a token POST with a redirect:
 * the My Domain login host is X.my.salesforce.com. */
static char *
my_domain_for_other_org_host (const char *host)
{
  g_autofree char *name = NULL;

  name = strip_my_domain_suffix (host, LIGHTNING_SUFFIX);
  if (name == NULL)
    name = strip_my_domain_suffix (host, SETUP_DOMAIN_SUFFIX);
  if (name == NULL)
    return NULL;

  return g_strconcat (name, MY_DOMAIN_SUFFIX, NULL);
}

static void
set_not_a_login_host (GError     **error,
                      const char  *host)
{
  if (host == NULL || *host == '\0')
    {
      g_propagate_error (error, cs_error_new_for_code (CS_ERROR_INVALID_HOST));
      return;
    }

  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_HOST,
               _ ("“%s” is not a Salesforce login host. Use https://login.salesforce.com, "
                  "https://test.salesforce.com or the org’s My Domain "
                  "(https://NAME.my.salesforce.com)."),
               host);
}

/* Prepends https:// to a bare host name. */
static char *
with_scheme (const char *url)
{
  if (strstr (url, "://") != NULL)
    return g_strdup (url);

  return g_strconcat ("https://", url, NULL);
}

/* What the admin typed (surrounding blanks and a missing scheme forgiven),
 * parsed the one way every function here reads a host. NULL when it does
 * not parse or has no host. */
static GUri *
parse_login_uri (const char *url)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *full = NULL;
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0')
    return NULL;

  full = with_scheme (trimmed);
  uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  return g_steal_pointer (&uri);
}

char *
cs_login_host_normalize (const char  *url,
                         GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *my_domain = NULL;
  g_autoptr(GUri) uri = NULL;
  HostKind kind;
  int port;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (url != NULL ? url : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_HOST,
                           _ ("Enter the Salesforce login host, for example "
                              "https://login.salesforce.com."));
      return NULL;
    }

  uri = parse_login_uri (trimmed);
  if (uri == NULL)
    {
      set_not_a_login_host (error, NULL);
      return NULL;
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  kind = classify_host (host);

  if (kind == HOST_UNKNOWN)
    {
      my_domain = my_domain_for_other_org_host (host);
      if (my_domain != NULL)
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_HOST,
                     _ ("“%s” is the org’s Lightning address, which cannot be used to "
                        "log in. Use the My Domain login host https://%s instead."),
                     host, my_domain);
      else
        set_not_a_login_host (error, host);
      return NULL;
    }

  port = g_uri_get_port (uri);
  if ((g_str_equal (scheme, "https") && port == 443) ||
      (g_str_equal (scheme, "http") && port == 80))
    port = -1;

  if (kind == HOST_LOOPBACK)
    {
      if (!g_str_equal (scheme, "https") && !g_str_equal (scheme, "http"))
        {
          set_not_a_login_host (error, host);
          return NULL;
        }
    }
  else
    {
      if (!g_str_equal (scheme, "https"))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_HOST,
                       _ ("Salesforce login hosts only work over https. Use https://%s "
                          "instead."),
                       host);
          return NULL;
        }
      if (port != -1)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_HOST,
                       _ ("Salesforce login hosts do not take a port number. Use "
                          "https://%s instead."),
                       host);
          return NULL;
        }
    }

  /* user@host, ?query and #fragment are how lookalike URLs smuggle a
   * different host or parameters past a reader. */
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL ||
      (*g_uri_get_path (uri) != '\0' && !g_str_equal (g_uri_get_path (uri), "/")))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_HOST,
                   _ ("Enter only the login host, without a user name, path or "
                      "parameters: %s://%s."),
                   scheme, host);
      return NULL;
    }

  /* g_uri_join() puts an IPv6 address in brackets. */
  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, host, port, "", NULL, NULL);
}

/* Parsed and classified exactly as cs_login_host_normalize() does, so that
 * the two agree on every host it accepts, whatever the admin typed around
 * it (blanks, case, a missing scheme, a port). */
gboolean
cs_login_host_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = parse_login_uri (url);
  g_autofree char *host = NULL;

  if (uri == NULL)
    return FALSE;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  return classify_host (host) == HOST_LOOPBACK;
}

/* A My Domain sandbox (NAME--SBX.sandbox.my.salesforce.com) counts as
 * CS_ENVIRONMENT_MY_DOMAIN: that is what the admin picked to enter it. */
CsEnvironment
cs_login_host_get_environment (const char *login_host)
{
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (login_host != NULL, CS_ENVIRONMENT_PRODUCTION);

  uri = parse_login_uri (login_host);
  if (uri == NULL)
    return CS_ENVIRONMENT_MY_DOMAIN;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  switch (classify_host (host))
    {
    case HOST_PRODUCTION:
      return CS_ENVIRONMENT_PRODUCTION;
    case HOST_SANDBOX:
      return CS_ENVIRONMENT_SANDBOX;
    case HOST_LOOPBACK:
      return CS_ENVIRONMENT_PRACTICE;
    case HOST_MY_DOMAIN:
    case HOST_UNKNOWN:
    default:
      return CS_ENVIRONMENT_MY_DOMAIN;
    }
}

char *
cs_uri_dup_display_host (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *host;
  gboolean ipv6;

  if (uri == NULL)
    return NULL;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || g_uri_get_host (parsed)[0] == '\0')
    return NULL;

  host = g_uri_get_host (parsed);
  ipv6 = strchr (host, ':') != NULL;
  if (g_uri_get_port (parsed) > 0)
    return g_strdup_printf (ipv6 ? "[%s]:%d" : "%s:%d", host, g_uri_get_port (parsed));
  return ipv6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);
}
