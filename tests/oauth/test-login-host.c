/* test-login-host.c: which login hosts are accepted, and how they are
 * normalized.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-test-util.h"

static const struct {
  const char *input;
  const char *normalized;
} good_hosts[] = {
  { "https://login.salesforce.com", "https://login.salesforce.com" },
  { "https://login.salesforce.com/", "https://login.salesforce.com" },
  { "login.salesforce.com", "https://login.salesforce.com" },
  { "  HTTPS://Login.Salesforce.COM/  ", "https://login.salesforce.com" },
  { "https://login.salesforce.com:443", "https://login.salesforce.com" },
  { "https://test.salesforce.com", "https://test.salesforce.com" },
  { "test.salesforce.com/", "https://test.salesforce.com" },
  { "https://acme.my.salesforce.com", "https://acme.my.salesforce.com" },
  { "ACME.my.salesforce.com", "https://acme.my.salesforce.com" },
  { "https://acme-corp2.my.salesforce.com/", "https://acme-corp2.my.salesforce.com" },
  { "https://acme--uat.sandbox.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com" },
  { "https://ACME--UAT.sandbox.my.salesforce.com/", "https://acme--uat.sandbox.my.salesforce.com" },
  { "https://acme-dev-ed.develop.my.salesforce.com", "https://acme-dev-ed.develop.my.salesforce.com" },
  { "https://speed-ruby-1234.scratch.my.salesforce.com", "https://speed-ruby-1234.scratch.my.salesforce.com" },
  { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
  { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
  { "http://127.0.0.1", "http://127.0.0.1" },
  { "http://127.0.0.1:80", "http://127.0.0.1" },
  { "https://127.0.0.1:8443", "https://127.0.0.1:8443" },
  { "http://localhost:1717", "http://localhost:1717" },
  { "http://LocalHost:1717/", "http://localhost:1717" },
  { "http://[::1]:9000", "http://[::1]:9000" },
  { "127.0.0.1:5000", "https://127.0.0.1:5000" },
};

static const struct {
  const char *input;
  const char *message_part;   /* NULL: any */
} bad_hosts[] = {
  { "", "Enter the Salesforce login host" },
  { "   ", "Enter the Salesforce login host" },
  { "http://login.salesforce.com", "https://login.salesforce.com" },
  { "http://acme.my.salesforce.com", "https://acme.my.salesforce.com" },
  { "ftp://login.salesforce.com", NULL },
  { "ftp://127.0.0.1", NULL },
  { "https://login.salesforce.com:8443", "port" },
  { "https://login.salesforce.com.evil.example", "login.salesforce.com.evil.example" },
  { "https://login.salesforce.com.evil.example/", NULL },
  { "https://evilsalesforce.com", NULL },
  { "https://evil-salesforce.com", NULL },
  { "https://salesforce.com", NULL },
  { "https://www.salesforce.com", NULL },
  { "https://my.salesforce.com", NULL },
  { "https://.my.salesforce.com", NULL },
  { "https://-acme.my.salesforce.com", NULL },
  { "https://acme-.my.salesforce.com", NULL },
  { "https://acme_x.my.salesforce.com", NULL },
  { "https://a.b.c.my.salesforce.com", NULL },
  { "https://acme.evil.my.salesforce.com", NULL },
  { "https://acme.my.salesforce.com.evil.example", NULL },
  { "https://acmemy.salesforce.com", NULL },
  { "https://acme.my.salesforce.mil", NULL },
  { "https://login.salesforce.com.", NULL },
  { "https://login.salesforce.com%2Eevil.example", NULL },
  { "https://evil.example/login.salesforce.com", NULL },
  { "https://evil.example/?https://login.salesforce.com", NULL },
  { "https://login.salesforce.com@evil.example", "evil.example" },
  { "https://user@login.salesforce.com", "without a user name" },
  { "https://login.salesforce.com/services/oauth2/authorize", "without a user name, path" },
  { "https://acme.my.salesforce.com/home/home.jsp", NULL },
  { "https://login.salesforce.com?x=1", NULL },
  { "https://login.salesforce.com/?", NULL },
  { "https://login.salesforce.com#top", NULL },
  { "not a url at all", NULL },
  { "https://", NULL },
  { "https:///path", NULL },
  { "https://127.0.0.2", NULL },
  { "https://localhost.evil.example", NULL },
  { "https://127.0.0.1.nip.io", NULL },
  /* Lightning and Setup addresses: the My Domain host to use instead. */
  { "https://acme.lightning.force.com", "https://acme.my.salesforce.com" },
  { "acme.lightning.force.com", "https://acme.my.salesforce.com" },
  { "https://acme.lightning.force.com/lightning/page/home", "https://acme.my.salesforce.com" },
  { "https://acme--uat.sandbox.lightning.force.com", "https://acme--uat.sandbox.my.salesforce.com" },
  { "https://acme.my.salesforce-setup.com/lightning/setup/SetupOneHome/home", "https://acme.my.salesforce.com" },
  { "https://evil.example.lightning.force.com", NULL },
  { "https://acme.visual.force.com", NULL },
};

static void
test_normalize_good (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (good_hosts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;
      g_autofree char *again = NULL;

      g_test_message ("%s", good_hosts[i].input);
      normalized = cs_login_host_normalize (good_hosts[i].input, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, good_hosts[i].normalized);

      /* Normalizing is idempotent. */
      again = cs_login_host_normalize (normalized, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, normalized);
    }
}

static void
test_normalize_bad (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("%s", bad_hosts[i].input);
      normalized = cs_login_host_normalize (bad_hosts[i].input, &error);
      g_assert_null (normalized);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
      if (bad_hosts[i].message_part != NULL && strstr (error->message, bad_hosts[i].message_part) == NULL)
        g_error ("message for %s lacks “%s”: %s", bad_hosts[i].input,
                 bad_hosts[i].message_part, error->message);
    }
}

static void
test_normalize_null (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (cs_login_host_normalize (NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
}

/* The lightning message names both hosts, so the admin sees the fix. */
static void
test_lightning_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (cs_login_host_normalize ("https://acme.lightning.force.com", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_HOST);
  g_assert_nonnull (strstr (error->message, "acme.lightning.force.com"));
  g_assert_nonnull (strstr (error->message, "https://acme.my.salesforce.com"));
}

static void
test_loopback (void)
{
  g_assert_true (cs_login_host_is_loopback ("http://127.0.0.1:8080"));
  g_assert_true (cs_login_host_is_loopback ("http://localhost"));
  g_assert_true (cs_login_host_is_loopback ("http://LOCALHOST:1"));
  g_assert_true (cs_login_host_is_loopback ("http://[::1]:9000"));
  g_assert_true (cs_login_host_is_loopback ("127.0.0.1:5000"));
  g_assert_false (cs_login_host_is_loopback ("https://login.salesforce.com"));
  g_assert_false (cs_login_host_is_loopback ("http://127.0.0.1.evil.example"));
  g_assert_false (cs_login_host_is_loopback ("http://localhost.evil.example"));
  g_assert_false (cs_login_host_is_loopback ("http://evil.example/127.0.0.1"));
  g_assert_false (cs_login_host_is_loopback ("http://127.0.0.1@evil.example"));
  g_assert_false (cs_login_host_is_loopback (NULL));
  g_assert_false (cs_login_host_is_loopback (""));
  g_assert_false (cs_login_host_is_loopback ("   "));

  /* What cs_login_host_normalize() forgives, this must see through too:
   * otherwise a My Domain field could be talked into a loopback host. */
  g_assert_true (cs_login_host_is_loopback ("  http://127.0.0.1:8080  "));
  g_assert_true (cs_login_host_is_loopback ("\thttp://localhost\n"));
  g_assert_true (cs_login_host_is_loopback (" HTTPS://LocalHost:8443/ "));
  g_assert_true (cs_login_host_is_loopback (" [::1]:9000"));
}

/* For every host cs_login_host_normalize() accepts, cs_login_host_is_loopback()
 * says the same of what was typed and of the normalized host, and agrees
 * with the environment. */
static void
test_loopback_agrees_with_normalize (void)
{
  static const char * const typed[] = {
    "http://127.0.0.1:8080", "  http://127.0.0.1:8080/  ", "\thttp://localhost\n",
    "HTTP://LOCALHOST:1", " https://[::1]:9000 ", "127.0.0.1:5000", " localhost ",
    "https://login.salesforce.com", " test.salesforce.com ", "ACME.my.salesforce.com",
    "https://acme--uat.sandbox.my.salesforce.com/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;
      gboolean practice;

      g_test_message ("“%s”", typed[i]);
      normalized = cs_login_host_normalize (typed[i], &error);
      g_assert_no_error (error);
      practice = cs_login_host_get_environment (normalized) == CS_ENVIRONMENT_PRACTICE;
      g_assert_cmpint (cs_login_host_is_loopback (typed[i]), ==, practice);
      g_assert_cmpint (cs_login_host_is_loopback (normalized), ==, practice);
    }
}

static void
test_environment (void)
{
  static const CsEnvironment all[] = {
    CS_ENVIRONMENT_PRODUCTION, CS_ENVIRONMENT_SANDBOX,
    CS_ENVIRONMENT_MY_DOMAIN, CS_ENVIRONMENT_PRACTICE,
  };
  CsEnvironment environment;
  guint i;

  g_assert_cmpint (cs_login_host_get_environment (CS_LOGIN_HOST_PRODUCTION), ==, CS_ENVIRONMENT_PRODUCTION);
  g_assert_cmpint (cs_login_host_get_environment (CS_LOGIN_HOST_SANDBOX), ==, CS_ENVIRONMENT_SANDBOX);
  g_assert_cmpint (cs_login_host_get_environment ("https://acme.my.salesforce.com"), ==, CS_ENVIRONMENT_MY_DOMAIN);
  g_assert_cmpint (cs_login_host_get_environment ("https://acme--uat.sandbox.my.salesforce.com"), ==, CS_ENVIRONMENT_MY_DOMAIN);
  g_assert_cmpint (cs_login_host_get_environment ("http://127.0.0.1:8080"), ==, CS_ENVIRONMENT_PRACTICE);
  g_assert_cmpint (cs_login_host_get_environment ("http://[::1]:8080"), ==, CS_ENVIRONMENT_PRACTICE);

  for (i = 0; i < G_N_ELEMENTS (all); i++)
    {
      const char *name = cs_environment_to_string (all[i]);

      g_assert_nonnull (name);
      g_assert_true (cs_environment_from_string (name, &environment));
      g_assert_cmpint (environment, ==, all[i]);
    }

  g_assert_cmpstr (cs_environment_to_string (CS_ENVIRONMENT_MY_DOMAIN), ==, "my-domain");
  g_assert_false (cs_environment_from_string ("staging", &environment));
  g_assert_false (cs_environment_from_string ("", &environment));
  g_assert_true (cs_environment_from_string ("production", NULL));
}

static void
test_display_host (void)
{
  static const struct { const char *uri; const char *shown; } cases[] = {
    { "https://login.salesforce.com", "login.salesforce.com" },
    { "https://acme.my.salesforce.com/services/oauth2/authorize?x=1", "acme.my.salesforce.com" },
    { "http://127.0.0.1:8443", "127.0.0.1:8443" },
    { "http://[::1]:8443/callback", "[::1]:8443" },
    { "http://[::1]/", "[::1]" },
    { "not a uri", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = cs_uri_dup_display_host (cases[i].uri);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/login-host/normalize-good", test_normalize_good);
  g_test_add_func ("/oauth/login-host/normalize-bad", test_normalize_bad);
  g_test_add_func ("/oauth/login-host/normalize-null", test_normalize_null);
  g_test_add_func ("/oauth/login-host/lightning-message", test_lightning_message);
  g_test_add_func ("/oauth/login-host/loopback", test_loopback);
  g_test_add_func ("/oauth/login-host/loopback-agrees-with-normalize", test_loopback_agrees_with_normalize);
  g_test_add_func ("/oauth/login-host/environment", test_environment);

  g_test_add_func ("/oauth/login-host/display-host", test_display_host);

  return g_test_run ();
}
