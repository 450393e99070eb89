/* cs-test-util.c: shared helpers for the test suites.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <libsoup/soup.h>

#include "cs-test-util.h"

#define AWAIT_TIMEOUT_SECONDS 30
/* authorize, login, verification, consent and their redirects. */
#define MAX_BROWSER_STEPS 12

CsPracticeOrg *
cs_test_practice_org_new (guint n_leads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPracticeOrg) org = cs_practice_org_new (n_leads);

  cs_practice_org_listen (org, 0, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&org);
}

void
cs_test_store_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
cs_test_await (GAsyncResult **result)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  gboolean timed_out = FALSE;
  GSource *timeout;

  g_assert_nonnull (result);

  timeout = g_timeout_source_new_seconds (AWAIT_TIMEOUT_SECONDS);
  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (*result == NULL && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);

  if (*result == NULL)
    g_error ("No asynchronous result after %d s: the operation never completed",
             AWAIT_TIMEOUT_SECONDS);
  return *result;
}

/* ---- a browser without JavaScript ---------------------------------------------- */

static GBytes *
browser_send (SoupSession  *session,
              SoupMessage  *msg,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  /* Every redirect is looked at: the last one goes to the callback,
   * which must never be loaded. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    cs_test_store_result, &result);
  return soup_session_send_and_read_finish (session, cs_test_await (&result), error);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static char *
html_unescape (const char *text,
               gsize       length)
{
  static const struct {
    const char *entity;
    char        c;
  } entities[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
    { "&apos;", '\'' },
  };
  GString *out = g_string_sized_new (length);
  gsize i = 0, j;

  while (i < length)
    {
      gboolean replaced = FALSE;

      if (text[i] == '&')
        for (j = 0; j < G_N_ELEMENTS (entities) && !replaced; j++)
          {
            gsize entity_len = strlen (entities[j].entity);

            if (i + entity_len <= length && strncmp (text + i, entities[j].entity, entity_len) == 0)
              {
                g_string_append_c (out, entities[j].c);
                i += entity_len;
                replaced = TRUE;
              }
          }
      if (!replaced)
        g_string_append_c (out, text[i++]);
    }
  return g_string_free (out, FALSE);
}

/* The value of attribute @attribute in the tag that starts at @tag. */
static char *
tag_attribute (const char *tag,
               const char *attribute)
{
  g_autofree char *pattern = g_strdup_printf (" %s=\"", attribute);
  const char *end = strchr (tag, '>');
  const char *start = strstr (tag, pattern);
  const char *close;

  if (start == NULL || end == NULL || start > end)
    return NULL;
  start += strlen (pattern);
  close = strchr (start, '"');
  if (close == NULL)
    return NULL;
  return html_unescape (start, (gsize) (close - start));
}

static gboolean
page_has_element (const char *html,
                  const char *id)
{
  g_autofree char *needle = g_strdup_printf (" id=\"%s\"", id);

  return strstr (html, needle) != NULL;
}

/* The form holding element @id: its action and its hidden "txn". */
static gboolean
find_form (const char  *html,
           const char  *id,
           char       **action,
           char       **txn)
{
  g_autofree char *needle = g_strdup_printf (" id=\"%s\"", id);
  const char *element = strstr (html, needle);
  const char *form = NULL;
  const char *p;
  const char *hidden;

  if (element == NULL)
    return FALSE;
  for (p = html; (p = strstr (p, "<form")) != NULL && p < element; p++)
    form = p;
  if (form == NULL)
    return FALSE;

  *action = tag_attribute (form, "action");
  *txn = NULL;
  hidden = strstr (form, "name=\"txn\"");
  if (hidden != NULL)
    {
      while (hidden > form && *hidden != '<')
        hidden--;
      *txn = tag_attribute (hidden, "value");
    }
  return *action != NULL;
}

/* The text of the page's id="error" element, for error messages. */
static char *
page_error_text (const char *html)
{
  const char *start = strstr (html, " id=\"error\"");
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean in_tag = FALSE;

  if (start == NULL)
    return g_strdup ("no error text on the page");
  start = strchr (start, '>');
  if (start == NULL)
    return g_strdup ("no error text on the page");
  for (start++; *start != '\0' && !g_str_has_prefix (start, "</p>"); start++)
    {
      if (*start == '<')
        in_tag = TRUE;
      else if (*start == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *start);
    }
  return html_unescape (text->str, text->len);
}

char *
cs_test_drive_login (CsPracticeOrg  *org,
                     const char     *authorize_uri,
                     const char     *username,
                     const char     *password,
                     gboolean        allow,
                     GError        **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GUri) org_uri = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) form = NULL;
  gboolean posted_login = FALSE;
  gboolean posted_code = FALSE;
  guint step;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (org), NULL);
  g_return_val_if_fail (authorize_uri != NULL, NULL);

  /* A fresh cookie jar: no session from an earlier login is reused. */
  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  org_uri = g_uri_parse (cs_practice_org_get_url (org), G_URI_FLAGS_NONE, error);
  if (org_uri == NULL)
    return NULL;
  uri = g_uri_parse (authorize_uri, G_URI_FLAGS_ENCODED, error);
  if (uri == NULL)
    return NULL;

  for (step = 0; step < MAX_BROWSER_STEPS; step++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autofree char *html = NULL;
      g_autofree char *action = NULL;
      g_autofree char *txn = NULL;
      g_autofree char *encoded = NULL;
      g_autofree char *uri_string = g_uri_to_string (uri);
      guint status;

      msg = soup_message_new_from_uri (form != NULL ? "POST" : "GET", uri);
      if (form != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
      g_clear_pointer (&form, g_bytes_unref);

      body = browser_send (session, msg, error);
      if (body == NULL)
        {
          g_prefix_error (error, "Loading %s: ", uri_string);
          return NULL;
        }
      status = soup_message_get_status (msg);

      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                               "Location");
          g_autoptr(GUri) target = NULL;

          if (location == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "%s answered HTTP %u without a Location", uri_string, status);
              return NULL;
            }
          target = g_uri_parse_relative (uri, location, G_URI_FLAGS_ENCODED, error);
          if (target == NULL)
            return NULL;
          if (!same_origin (target, org_uri))
            return g_uri_to_string (target);
          g_clear_pointer (&uri, g_uri_unref);
          uri = g_steal_pointer (&target);
          continue;
        }

      html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      if (status != SOUP_STATUS_OK)
        {
          g_autofree char *text = page_error_text (html);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s answered HTTP %u: %s", uri_string, status, text);
          return NULL;
        }

      if (page_has_element (html, "username") && page_has_element (html, "Login"))
        {
          if (posted_login)
            {
              g_autofree char *text = page_error_text (html);

              g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "The login page came back after logging in as %s: %s", username, text);
              return NULL;
            }
          if (!find_form (html, "Login", &action, &txn))
            goto unexpected;
          encoded = soup_form_encode ("txn", txn != NULL ? txn : "",
                                      "username", username,
                                      "password", password,
                                      "Login", "Log In",
                                      NULL);
          posted_login = TRUE;
        }
      else if (page_has_element (html, "emc") && page_has_element (html, "save"))
        {
          g_autofree char *code = NULL;

          if (posted_code)
            {
              g_autofree char *text = page_error_text (html);

              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The verification code was not accepted: %s", text);
              return NULL;
            }
          code = cs_practice_org_get_last_code (org, username);
          if (code == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "No verification code in the practice mailbox for %s", username);
              return NULL;
            }
          if (!find_form (html, "save", &action, &txn))
            goto unexpected;
          encoded = soup_form_encode ("txn", txn != NULL ? txn : "",
                                      "emc", code,
                                      "save", "Verify",
                                      NULL);
          posted_code = TRUE;
        }
      else if (page_has_element (html, "oaapprove") && page_has_element (html, "oadeny"))
        {
          if (!find_form (html, allow ? "oaapprove" : "oadeny", &action, &txn))
            goto unexpected;
          encoded = allow
                    ? soup_form_encode ("txn", txn != NULL ? txn : "", "oaapprove", "Allow", NULL)
                    : soup_form_encode ("txn", txn != NULL ? txn : "", "oadeny", "Deny", NULL);
        }
      else
        goto unexpected;

      {
        g_autoptr(GUri) target = g_uri_parse_relative (uri, action, G_URI_FLAGS_ENCODED, error);

        if (target == NULL)
          return NULL;
        g_clear_pointer (&uri, g_uri_unref);
        uri = g_steal_pointer (&target);
      }
      form = g_bytes_new_take (g_steal_pointer (&encoded), strlen (encoded));
      continue;

unexpected:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s showed a page that is neither login, verification nor consent", uri_string);
      return NULL;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "No redirect to the callback after %d pages", MAX_BROWSER_STEPS);
  return NULL;
}

CsTokenSet *
cs_test_login (CsPracticeOrg  *org,
               CsOAuthClient  *oauth,
               const char     *username,
               const char     *password,
               GError        **error)
{
  g_autoptr(CsOAuthRequest) request = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (org), NULL);
  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (oauth), NULL);

  request = cs_oauth_request_new (cs_oauth_client_get_login_host (oauth),
                                  cs_oauth_client_get_consumer_key (oauth),
                                  cs_practice_org_get_callback_url (org));
  authorize_uri = cs_oauth_request_build_authorize_uri (request);
  location = cs_test_drive_login (org, authorize_uri, username, password, TRUE, error);
  if (location == NULL)
    return NULL;

  code = cs_oauth_request_parse_callback (request, location, error);
  if (code == NULL)
    return NULL;

  cs_oauth_client_exchange_code_async (oauth, request, code, NULL, cs_test_store_result, &result);
  return cs_oauth_client_exchange_code_finish (oauth, cs_test_await (&result), error);
}

CsLoginResult *
cs_test_login_chain (CsPracticeOrg  *org,
                     CsLogin        *login,
                     const char     *username,
                     const char     *password,
                     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *authorize_uri = NULL;
  g_autofree char *location = NULL;

  g_return_val_if_fail (CS_IS_PRACTICE_ORG (org), NULL);
  g_return_val_if_fail (CS_IS_LOGIN (login), NULL);

  authorize_uri = cs_oauth_request_build_authorize_uri (cs_login_begin (login));
  location = cs_test_drive_login (org, authorize_uri, username, password, TRUE, error);
  if (location == NULL)
    return NULL;

  cs_login_complete_async (login, location, NULL, cs_test_store_result, &result);
  return cs_login_complete_finish (login, cs_test_await (&result), error);
}

/* ---- secrets on disk ------------------------------------------------------------------ */

static gboolean
contains (const char *haystack,
          gsize       haystack_len,
          const char *needle,
          gsize       needle_len)
{
  const char *p = haystack;
  const char *end = haystack + haystack_len;

  if (needle_len == 0 || needle_len > haystack_len)
    return needle_len == 0;
  while ((gsize) (end - p) >= needle_len &&
         (p = memchr (p, needle[0], (gsize) (end - p) - needle_len + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_len) == 0)
        return TRUE;
      p++;
    }
  return FALSE;
}

static void
scan_path (const char *path,
           const char *needle,
           gsize       needle_len,
           GHashTable *seen,
           GPtrArray  *offenders)
{
  GStatBuf st;

  /* lstat: symlinks are neither followed nor read. */
  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                              (guint64) st.st_dev, (guint64) st.st_ino);
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* $XDG_* may live inside $HOME: scan every directory once. */
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        return;
      dir = g_dir_open (path, 0, NULL);
      if (dir == NULL)
        return;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          scan_path (child, needle, needle_len, seen, offenders);
        }
    }
  else if (S_ISREG (st.st_mode))
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_test_message ("Not scanned: %s", error->message);
          return;
        }
      /* The needle is a secret: name the file, never the value. */
      if (contains (contents, length, needle, needle_len))
        {
          g_test_message ("%s contains a secret", path);
          g_ptr_array_add (offenders, g_strdup (path));
        }
    }
}

void
cs_test_assert_no_file_contains (const char *needle)
{
  static const char *variables[] = {
    "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "TMPDIR",
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) offenders = g_ptr_array_new_with_free_func (g_free);
  gsize needle_len;
  guint i;

  g_return_if_fail (needle != NULL && *needle != '\0');

  needle_len = strlen (needle);
  for (i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *dir = g_getenv (variables[i]);

      if (dir != NULL && *dir != '\0' && g_file_test (dir, G_FILE_TEST_IS_DIR))
        scan_path (dir, needle, needle_len, seen, offenders);
    }

  if (offenders->len > 0)
    g_test_fail_printf ("%u file(s) contain a secret, which must never be written to a file: "
                        "%s%s", offenders->len, (const char *) g_ptr_array_index (offenders, 0),
                        offenders->len > 1 ? ", …" : "");
}

char *
cs_test_catalog_dump (CsConnectionStore *store,
                      const char        *connection_id)
{
  g_autoptr(CsFieldCatalog) catalog = cs_field_catalog_new (store, NULL);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  GString *dump = g_string_new (NULL);

  fields = cs_field_catalog_list (catalog, connection_id, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < fields->len; i++)
    {
      CsCatalogField *field = g_ptr_array_index (fields, i);

      g_string_append_printf (dump, "%s.%s %s %s %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %d\n",
                              field->object, field->api_name, field->label, field->type, field->length,
                              field->first_seen, field->last_seen, field->status);
    }
  return g_string_free (dump, FALSE);
}

struct _CsTestHungSystemd
{
  char    *runtime_dir;
  char    *socket_path;
  char    *saved_runtime_dir;
  GSocket *socket;
};

gboolean
cs_test_is_subprocess_for (int          argc,
                           char       **argv,
                           const char  *test_path)
{
  gboolean subprocess = FALSE, path_matches = FALSE;

  /* g_test_trap_subprocess() runs "PROGRAM -q -p PATH --GTestSubprocess …". */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--GTestSubprocess"))
        subprocess = TRUE;
      else if (g_str_equal (argv[i], "-p") && i + 1 < argc && g_str_equal (argv[i + 1], test_path))
        path_matches = TRUE;
    }
  return subprocess && path_matches;
}

CsTestHungSystemd *
cs_test_hung_systemd_new (void)
{
  CsTestHungSystemd *hung = g_new0 (CsTestHungSystemd, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  hung->runtime_dir = g_dir_make_tmp ("runtime-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_build_filename (hung->runtime_dir, "systemd", NULL);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  hung->socket_path = g_build_filename (folder, "private", NULL);

  hung->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (hung->socket_path);
  g_assert_true (g_socket_bind (hung->socket, address, FALSE, &error));
  g_assert_no_error (error);
  /* Listening without accepting: a connection completes, no answer comes. */
  g_assert_true (g_socket_listen (hung->socket, &error));
  g_assert_no_error (error);

  hung->saved_runtime_dir = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  g_setenv ("XDG_RUNTIME_DIR", hung->runtime_dir, TRUE);
  return hung;
}

void
cs_test_hung_systemd_free (CsTestHungSystemd *hung)
{
  g_autofree char *folder = NULL;

  if (hung == NULL)
    return;
  if (hung->saved_runtime_dir != NULL)
    g_setenv ("XDG_RUNTIME_DIR", hung->saved_runtime_dir, TRUE);
  else
    g_unsetenv ("XDG_RUNTIME_DIR");
  g_socket_close (hung->socket, NULL);
  g_object_unref (hung->socket);
  g_unlink (hung->socket_path);
  folder = g_path_get_dirname (hung->socket_path);
  g_rmdir (folder);
  g_rmdir (hung->runtime_dir);
  g_free (hung->socket_path);
  g_free (hung->runtime_dir);
  g_free (hung->saved_runtime_dir);
  g_free (hung);
}
