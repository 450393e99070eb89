/* test-practice-main.c: runs the real crm-sync-practice-org binary (its
 * path comes from meson as the first argument), reads its first JSON line
 * and talks to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

static const char *binary;

static JsonObject *
read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  root = json_from_string (line, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static char *
get (SoupSession *session,
     const char  *url,
     const char  *token,
     guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  /* The org runs in another process: a blocking request is fine here. */
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
test_first_line_and_request (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *versions_url = NULL;
  g_autofree char *faults_url = NULL;
  g_autofree char *describe_url = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *faults = NULL;
  g_autofree char *describe = NULL;
  JsonArray *users;
  const char *url;
  guint status = 0;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              binary, "--port", "0", "--leads", "25", "--fault", "api-disabled",
                              "--callback-url", "http://localhost:1717/OauthRedirect", NULL);
  g_assert_no_error (error);

  info = read_first_line (process);
  url = json_object_get_string_member (info, "url");
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "consumer_key"), "3MVG9"));
  g_assert_cmpuint (strlen (json_object_get_string_member (info, "consumer_secret")), ==, 64);
  g_assert_cmpstr (json_object_get_string_member (info, "callback_url"), ==, "http://localhost:1717/OauthRedirect");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "org_id"), "00D"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "mailbox_url"), url));
  users = json_object_get_array_member (info, "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 0), "role"), ==, "sync");
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (users, 0), "password"));

  versions_url = g_strconcat (url, "/services/data/", NULL);
  versions = get (session, versions_url, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (versions, "\"version\":\"64.0\""));

  faults_url = g_strconcat (url, "/_practice/faults", NULL);
  faults = get (session, faults_url, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (faults, "\"api-disabled\":true"));

  describe_url = g_strconcat (url, "/services/data/v64.0/sobjects/Lead/describe", NULL);
  describe = get (session, describe_url, "00Dbogus!AQ", &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (describe, "INVALID_SESSION_ID"));

  /* SIGTERM ends it cleanly. */
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_help_and_bad_arguments (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) help = NULL;
  g_autoptr(GSubprocess) bad = NULL;
  g_autofree char *help_out = NULL;
  g_autofree char *bad_err = NULL;

  help = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--help", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (help, NULL, NULL, &help_out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (help), ==, 0);
  g_assert_nonnull (strstr (help_out, "--latency-ms"));
  g_assert_nonnull (strstr (help_out, "--fault"));

  bad = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                          binary, "--fault", "meteor-strike", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (bad, NULL, NULL, NULL, &bad_err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (bad), ==, 2);
  g_assert_nonnull (strstr (bad_err, "meteor-strike"));
}

/* One line to the org's standard input, its one-line answer back. */
static JsonObject *
control (GSubprocess      *process,
         GDataInputStream *output,
         const char       *line)
{
  GOutputStream *input = g_subprocess_get_stdin_pipe (process);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *answer = NULL;

  g_assert_true (g_output_stream_write_all (input, line, strlen (line), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (input, "\n", 1, NULL, NULL, &error));
  g_assert_no_error (error);
  answer = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  root = json_from_string (answer, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

/* The token endpoint's error for a refresh with @secret (the token does
 * not matter: the secret is checked first). */
static char *
token_error (SoupSession *session,
             const char  *url,
             JsonObject  *info,
             const char  *secret)
{
  g_autofree char *token_url = g_strconcat (url, "/services/oauth2/token", NULL);
  g_autofree char *form = soup_form_encode ("grant_type", "refresh_token", "refresh_token", "5Aep861none",
                                            "client_id", json_object_get_string_member (info, "consumer_key"),
                                            "client_secret", secret, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", token_url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_autoptr(GBytes) request = g_bytes_new (form, strlen (form));

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "error"));
}

/* Admin controls as lines on standard input, each answered by one JSON
 * line; --org-id sets the org's id. */
static void
test_stdin_controls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *line = NULL;
  g_autofree char *old_secret = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *with_old = NULL;
  g_autofree char *with_new = NULL;
  g_autofree char *still = NULL;
  JsonObject *info;
  const char *sync_user;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              binary, "--leads", "5", "--org-id", "00D5g000000OTHR", NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  first = json_from_string (line, &error);
  g_assert_no_error (error);
  info = json_node_get_object (first);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "org_id"), "00D5g000000OTHR"));
  sync_user = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (info, "users"), 0),
                                             "username");
  old_secret = g_strdup (json_object_get_string_member (info, "consumer_secret"));

  revoke = g_strconcat ("revoke-tokens ", sync_user, NULL);
  answer = control (process, output, revoke);
  g_assert_true (json_object_get_boolean_member (answer, "ok"));
  g_assert_cmpint (json_object_get_int_member (answer, "revoked"), ==, 0);
  g_clear_pointer (&answer, json_object_unref);

  answer = control (process, output, "rotate-secret");
  g_assert_true (json_object_get_boolean_member (answer, "ok"));
  g_assert_cmpstr (json_object_get_string_member (answer, "consumer_secret"), !=, old_secret);
  with_old = token_error (session, json_object_get_string_member (info, "url"), info, old_secret);
  with_new = token_error (session, json_object_get_string_member (info, "url"), info,
                          json_object_get_string_member (answer, "consumer_secret"));
  g_assert_cmpstr (with_old, ==, "invalid_client");
  g_assert_cmpstr (with_new, ==, "invalid_grant");
  g_clear_pointer (&answer, json_object_unref);

  answer = control (process, output, "refresh-token-expiry 60");
  g_assert_cmpint (json_object_get_int_member (answer, "seconds"), ==, 60);
  g_clear_pointer (&answer, json_object_unref);

  /* What the wizard's Fix button sends. */
  answer = control (process, output, "fix visible Lead ConvertedDate");
  g_assert_true (json_object_get_boolean_member (answer, "ok"));
  g_assert_cmpstr (json_object_get_string_member (answer, "field"), ==, "ConvertedDate");
  g_clear_pointer (&answer, json_object_unref);

  answer = control (process, output, "launch-rockets");
  g_assert_false (json_object_get_boolean_member (answer, "ok"));
  g_assert_nonnull (json_object_get_string_member (answer, "error"));

  /* The end of its input does not end the org; SIGTERM does. */
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, &error));
  still = token_error (session, json_object_get_string_member (info, "url"), info, old_secret);
  g_assert_cmpstr (still, ==, "invalid_client");
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_bad_org_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) bad = NULL;
  g_autofree char *bad_err = NULL;

  bad = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                          binary, "--org-id", "001bogus", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (bad, NULL, NULL, NULL, &bad_err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (bad), ==, 2);
  g_assert_nonnull (strstr (bad_err, "001bogus"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("Usage: %s PATH-TO-crm-sync-practice-org\n", argv[0]);
      return 1;
    }
  binary = argv[1];

  g_test_add_func ("/practice/main/first-line-and-request", test_first_line_and_request);
  g_test_add_func ("/practice/main/help-and-bad-arguments", test_help_and_bad_arguments);
  g_test_add_func ("/practice/main/stdin-controls", test_stdin_controls);
  g_test_add_func ("/practice/main/bad-org-id", test_bad_org_id);

  return g_test_run ();
}
