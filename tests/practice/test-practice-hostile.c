/* test-practice-hostile.c: hostile input against the practice org, which
 * runs inside the wizard: each finding of the hardening review reproduced
 * (deep SOQL, unbounded memory, invalid UTF-8 in JSON, cross-site control
 * posts), and the bound that now holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "cs-practice-util.h"
#include "practice-test-common.h"

#define V "/services/data/v64.0"

/* ---- deep and long SOQL ------------------------------------------------------------ */

/* One query as a composite-batch subrequest: a POST body is not bound by
 * the 64 KiB a request line may take, which is how the finding's 100,000
 * parentheses reached the parser. */
static PtResponse *
batch_query (PtFixture  *fixture,
             const char *token,
             const char *soql)
{
  g_autofree char *escaped = g_uri_escape_string (soql, NULL, FALSE);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *body = g_strdup_printf ("{\"batchRequests\":[{\"method\":\"GET\","
                                           "\"url\":\"v64.0/query?q=%s\"}]}", escaped);

  return pt_request (fixture, "POST", V "/composite/batch", "application/json", body,
                     "Authorization", authorization, NULL);
}

/* The first subresult's status and errorCode (NULL when it succeeded). */
static char *
batch_error (PtResponse *response,
             guint      *status)
{
  g_autoptr(JsonNode) root = pt_response_json (response);
  JsonObject *first = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "results"), 0);
  JsonNode *result = json_object_get_member (first, "result");

  g_assert_cmpuint (response->status, ==, 200);
  *status = (guint) json_object_get_int_member (first, "statusCode");
  if (*status < 400)
    return NULL;
  return g_strdup (pt_rest_error_code (result));
}

static char *
repeat (const char *piece,
        guint       times)
{
  GString *out = g_string_sized_new (strlen (piece) * times);
  guint i;

  for (i = 0; i < times; i++)
    g_string_append (out, piece);
  return g_string_free (out, FALSE);
}

static char *
nested_query (guint depth)
{
  g_autofree char *open = repeat ("(", depth);
  g_autofree char *close = repeat (")", depth);

  return g_strdup_printf ("SELECT Id FROM Lead WHERE %sEmail = 'x@example.com'%s", open, close);
}

/* Finding 1: 100,000 "(" in a composite-batch subquery crashed the org
 * (and the wizard with it). Salesforce refuses statements over 100,000
 * characters and bounds nesting. */
static void
test_deep_soql (PtFixture     *fixture,
                gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *finding = nested_query (100000);
  g_autofree char *deepest = nested_query (CS_SOQL_MAX_NESTING);
  g_autofree char *too_deep = nested_query (CS_SOQL_MAX_NESTING + 1);
  g_autofree char *nots = repeat ("NOT ", CS_SOQL_MAX_NESTING + 1);
  g_autofree char *not_query = g_strdup_printf ("SELECT Id FROM Lead WHERE %sEmail = 'x'", nots);
  g_autofree char *code = NULL;
  guint status;

  {
    g_autoptr(PtResponse) response = batch_query (fixture, token, finding);

    code = batch_error (response, &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (code, ==, "MALFORMED_QUERY");
    g_clear_pointer (&code, g_free);
  }
  {
    g_autoptr(PtResponse) response = batch_query (fixture, token, deepest);

    code = batch_error (response, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_null (code);
  }
  {
    g_autoptr(PtResponse) response = batch_query (fixture, token, too_deep);

    code = batch_error (response, &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (code, ==, "QUERY_TOO_COMPLICATED");
    g_clear_pointer (&code, g_free);
  }
  {
    g_autoptr(PtResponse) response = batch_query (fixture, token, not_query);

    code = batch_error (response, &status);
    g_assert_cmpstr (code, ==, "QUERY_TOO_COMPLICATED");
    g_clear_pointer (&code, g_free);
  }
}

/* Finding 1, the other half: 300,000 ANDs. A chain as long as Salesforce
 * allows is answered (it is a loop now, not a recursion); the finding's
 * chain is refused before it is read whole. The chains start false, so
 * that evaluating them costs little and the parser is what is tested. */
static void
test_long_and_chain (PtFixture     *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  GString *chain = g_string_new ("SELECT Id FROM Lead WHERE Email = 'a'");
  g_autofree char *soql = NULL;
  g_autofree char *code = NULL;
  guint status;

  while (chain->len + strlen (" AND Email != 'a'") <= CS_SOQL_MAX_LENGTH)
    g_string_append (chain, " AND Email != 'a'");
  soql = g_string_free (chain, FALSE);
  {
    g_autoptr(PtResponse) response = batch_query (fixture, token, soql);

    code = batch_error (response, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_null (code);
  }
  {
    g_autofree char *over = g_strconcat (soql, " AND Email != 'a'", NULL);
    g_autoptr(PtResponse) response = batch_query (fixture, token, over);

    code = batch_error (response, &status);
    g_assert_cmpstr (code, ==, "MALFORMED_QUERY");
    g_clear_pointer (&code, g_free);
  }
  {
    g_autofree char *ands = repeat (" AND Email != 'a'", 300000);
    g_autofree char *finding = g_strconcat ("SELECT Id FROM Lead WHERE Email = 'a'", ands, NULL);
    g_autoptr(PtResponse) response = batch_query (fixture, token, finding);

    g_assert_cmpuint (response->status, ==, 413);
    g_assert_nonnull (strstr (response->body, "REQUEST_ENTITY_TOO_LARGE"));
  }
}

/* LIKE patterns backtracked exponentially ("%a%a%a…b"). */
static void
test_like_pattern_is_linear (PtFixture     *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autofree char *percents = repeat ("%a", 40);
  g_autofree char *soql = g_strdup_printf ("SELECT Id FROM Lead WHERE Email LIKE '%s%%b'", percents);
  g_autofree char *code = NULL;
  guint status;
  g_autoptr(PtResponse) response = batch_query (fixture, token, soql);

  code = batch_error (response, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (code);
}

/* ---- invalid UTF-8 --------------------------------------------------------------------- */

/* Finding 4: a query with %FF echoed a raw 0xFF byte into JSON. */
static void
test_json_is_valid_utf8 (PtFixture     *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *token = pt_login (fixture, FALSE, NULL);
  g_autoptr(PtResponse) response = pt_get_bearer (fixture, V "/query?q=SELECT+Id+FROM+Lead%FF+WHERE", token);
  g_autoptr(PtResponse) record = pt_get_bearer (fixture, V "/sobjects/Lead/%FE%E2%82", token);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (response->status, ==, 400);
  g_assert_true (g_utf8_validate (response->body, -1, NULL));
  root = pt_response_json (response);
  g_assert_nonnull (strstr (response->body, "\xef\xbf\xbd"));
  g_assert_true (g_utf8_validate (record->body, -1, NULL));

  /* The writer itself: a stray byte, a cut sequence, then valid text. */
  cs_json_append_escaped (out, "a\xff" "b\xe2\x82" "c\xc3\xa9");
  g_assert_cmpstr (out->str, ==, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xc3\xa9\"");
}

/* Form values end up in HTML pages: the login page echoes the username. */
static void
test_form_values_are_valid_utf8 (PtFixture     *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GHashTable) form = cs_practice_form_decode ("username=%F0%9F&ok=%C3%A9&%FF=1");
  g_autofree char *path = pt_authorize_path (fixture, "s", NULL, NULL);
  g_autoptr(PtResponse) page = pt_request (fixture, "GET", path, NULL, NULL, NULL);
  g_autofree char *txn = pt_hidden_value (page->body, "txn");
  g_autofree char *body = g_strdup_printf ("txn=%s&username=x%%F0%%9F&password=y", txn);
  g_autoptr(PtResponse) login = pt_request (fixture, "POST", "/login",
                                            "application/x-www-form-urlencoded", body, NULL);

  g_assert_cmpstr (g_hash_table_lookup (form, "username"), ==, "\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpstr (g_hash_table_lookup (form, "ok"), ==, "\xc3\xa9");
  g_assert_cmpstr (g_hash_table_lookup (form, "\xef\xbf\xbd"), ==, "1");
  g_assert_cmpuint (login->status, ==, 200);
  g_assert_true (g_utf8_validate (login->body, -1, NULL));
}

/* ---- memory ------------------------------------------------------------------------------ */

/* Finding 3: one request_counts entry per distinct path, forever. */
static void
test_request_counts_are_bounded (PtFixture     *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *long_tail = repeat ("x", 4000);
  guint n = CS_PRACTICE_MAX_COUNTED_PATHS + 200;
  guint i;

  cs_practice_org_reset_request_counts (fixture->org);
  for (i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/nowhere/%05u/%s", i, long_tail);
      g_autoptr(PtResponse) response = pt_request (fixture, "GET", path, NULL, NULL, NULL);

      g_assert_cmpuint (response->status, ==, 404);
    }
  /* Every request counts in the total; the first paths keep their own
   * count (under their first bytes), the ones past the bound do not. */
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, n);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, "/nowhere/00000/"), ==, 1);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, "/nowhere/"), ==,
                    CS_PRACTICE_MAX_COUNTED_PATHS);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, "/nowhere/01100/"), ==, 0);
  cs_practice_org_reset_request_counts (fixture->org);
  g_assert_cmpuint (cs_practice_org_get_request_count (fixture->org, NULL), ==, 0);
}

/* AddressSanitizer keeps freed memory in quarantine (256 MiB by default),
 * so a body read into nothing still raises its peak. */
#ifdef __SANITIZE_ADDRESS__
#define PEAK_GROWTH_KIB (384 * 1024)
#else
#define PEAK_GROWTH_KIB (64 * 1024)
#endif

static gsize
peak_resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

typedef struct {
  guint16  port;
  gsize    declared;
  gsize    sent;
  gboolean chunked;
  char    *answer;
} RawPost;

/* A client in its own thread: the org answers in this thread's loop. */
static gpointer
raw_post_thread (gpointer user_data)
{
  RawPost *post = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *zeros = g_malloc0 (64 * 1024);
  GOutputStream *out;
  char buffer[4096];
  GString *answer;
  gssize n;
  gsize sent = 0;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", post->port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  if (post->chunked)
    head = g_strdup_printf ("POST /services/oauth2/revoke HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                            "Content-Type: application/x-www-form-urlencoded\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n", post->port);
  else
    head = g_strdup_printf ("POST /services/oauth2/revoke HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                            "Content-Type: application/x-www-form-urlencoded\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", post->port, post->declared);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  while (sent < post->sent && error == NULL)
    {
      gsize size = MIN (64 * 1024, post->sent - sent);

      if (post->chunked)
        {
          g_autofree char *size_line = g_strdup_printf ("%" G_GSIZE_MODIFIER "x\r\n", size);

          g_output_stream_write_all (out, size_line, strlen (size_line), NULL, NULL, &error);
        }
      if (error == NULL)
        g_output_stream_write_all (out, zeros, size, NULL, NULL, &error);
      if (error == NULL && post->chunked)
        g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, &error);
      sent += size;
    }
  if (post->chunked && error == NULL)
    g_output_stream_write_all (out, "0\r\n\r\n", 5, NULL, NULL, &error);
  g_clear_error (&error);

  /* The answer closes the connection. */
  answer = g_string_new (NULL);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  g_atomic_pointer_set (&post->answer, g_string_free (answer, FALSE));
  return NULL;
}

static char *
raw_post (PtFixture *fixture,
          gsize      declared,
          gsize      sent,
          gboolean   chunked)
{
  g_autoptr(GUri) uri = g_uri_parse (cs_practice_org_get_url (fixture->org), G_URI_FLAGS_NONE, NULL);
  RawPost post = { (guint16) g_uri_get_port (uri), declared, sent, chunked, NULL };
  GThread *thread = g_thread_new ("raw-post", raw_post_thread, &post);

  while (!g_atomic_pointer_get (&post.answer))
    g_main_context_iteration (NULL, FALSE);
  g_thread_join (thread);
  return post.answer;
}

/* Finding 3: a 300 MB POST to /services/oauth2/revoke (no login needed)
 * took 1.18 GB. Now a body past the bound is refused from its declared
 * length, and what arrives is read into nothing. */
static void
test_request_bodies_are_bounded (PtFixture     *fixture,
                                 gconstpointer  user_data)
{
  gsize before = peak_resident_kib ();
  gsize size = 300 * 1024 * 1024;
  g_autofree char *declared = raw_post (fixture, size, size, FALSE);
  g_autofree char *chunked = raw_post (fixture, 0, 8 * 1024 * 1024, TRUE);
  g_autoptr(PtResponse) still_fine = pt_request (fixture, "GET", "/services/data/", NULL, NULL, NULL);

  g_assert_true (g_str_has_prefix (declared, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (declared, "invalid_request"));
  g_assert_true (g_str_has_prefix (chunked, "HTTP/1.1 413 "));
  /* Not a byte of it was kept: far less than the body went to memory
   * (keeping it took 1.18 GB). */
  g_assert_cmpuint (peak_resident_kib () - before, <, PEAK_GROWTH_KIB);
  g_assert_cmpuint (still_fine->status, ==, 200);

  /* Under the bound, nothing changes. */
  {
    g_autoptr(PtResponse) revoke = pt_post_form (fixture, "/services/oauth2/revoke", "token", "nope", NULL);

    g_assert_cmpuint (revoke->status, ==, 400);
    g_assert_nonnull (strstr (revoke->body, "invalid_token"));
  }
}

/* Finding 3: logins under way, the mailbox, sessions and codes grew
 * forever. The oldest login is forgotten first, the newest works. */
static void
test_pending_logins_are_bounded (PtFixture     *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *path = pt_authorize_path (fixture, "s", NULL, NULL);
  g_autofree char *first_txn = NULL;
  g_autofree char *last_txn = NULL;
  guint i;

  for (i = 0; i < CS_PRACTICE_MAX_PENDING + 10; i++)
    {
      g_autoptr(PtResponse) page = pt_request (fixture, "GET", path, NULL, NULL, NULL);

      g_assert_cmpuint (page->status, ==, 200);
      if (i == 0)
        first_txn = pt_hidden_value (page->body, "txn");
      g_free (last_txn);
      last_txn = pt_hidden_value (page->body, "txn");
    }

  {
    g_autoptr(PtResponse) forgotten = pt_post_form (fixture, "/login", "txn", first_txn,
                                                    "username", cs_practice_org_get_sync_username (fixture->org),
                                                    "password", cs_practice_org_get_sync_password (fixture->org),
                                                    NULL);
    g_autoptr(PtResponse) kept = pt_post_form (fixture, "/login", "txn", last_txn,
                                               "username", cs_practice_org_get_sync_username (fixture->org),
                                               "password", cs_practice_org_get_sync_password (fixture->org),
                                               NULL);

    g_assert_cmpuint (forgotten->status, ==, 400);
    g_assert_nonnull (strstr (forgotten->body, "Session Expired"));
    g_assert_cmpuint (kept->status, ==, 302);

    /* The verification page's "resend" fills the mailbox: it keeps the
     * newest messages only. */
    for (i = 0; i < CS_PRACTICE_MAX_MAILBOX + 20; i++)
      {
        g_autoptr(PtResponse) resent = pt_post_form (fixture,
                                                     "/_ui/identity/verification/method/EmailVerificationFinishUi/e",
                                                     "txn", last_txn, "resend", "1", NULL);

        g_assert_cmpuint (resent->status, ==, 200);
      }
  }
  {
    g_autoptr(PtResponse) mailbox = pt_request (fixture, "GET", "/_practice/mailbox", NULL, NULL, NULL);
    g_autoptr(JsonNode) root = pt_response_json (mailbox);
    JsonArray *messages = json_object_get_array_member (json_node_get_object (root), "messages");
    g_autofree char *last_code = cs_practice_org_get_last_code (fixture->org,
                                                                cs_practice_org_get_sync_username (fixture->org));

    g_assert_cmpuint (json_array_get_length (messages), ==, CS_PRACTICE_MAX_MAILBOX);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages,
                                                                                   CS_PRACTICE_MAX_MAILBOX - 1),
                                                    "code"), ==, last_code);
  }
}

typedef struct {
  gint64 created_us;
  guint  id;
} Entry;

/* The pruning every pending table uses: expired entries go, then the
 * oldest until there is room for one more. */
static void
test_prune (void)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  gint64 now = g_get_monotonic_time ();
  guint i;

  for (i = 1; i <= 10; i++)
    {
      Entry *entry = g_new0 (Entry, 1);

      entry->id = i;
      /* 1 and 2 are an hour old; the rest a second apart, 3 the oldest. */
      entry->created_us = i <= 2 ? now - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC : now - (gint64) (20 - i) * G_USEC_PER_SEC;
      g_hash_table_insert (table, GUINT_TO_POINTER (i), entry);
    }

  cs_practice_prune (table, G_STRUCT_OFFSET (Entry, created_us), 60 * G_USEC_PER_SEC, 100);
  g_assert_cmpuint (g_hash_table_size (table), ==, 8);
  g_assert_false (g_hash_table_contains (table, GUINT_TO_POINTER (1)));

  cs_practice_prune (table, G_STRUCT_OFFSET (Entry, created_us), 60 * G_USEC_PER_SEC, 5);
  g_assert_cmpuint (g_hash_table_size (table), ==, 4);
  for (i = 3; i <= 6; i++)
    g_assert_false (g_hash_table_contains (table, GUINT_TO_POINTER (i)));
  for (i = 7; i <= 10; i++)
    g_assert_true (g_hash_table_contains (table, GUINT_TO_POINTER (i)));
}

/* ---- the control endpoints ------------------------------------------------------------------ */

/* Finding 5: any web page could post a form to /_practice/faults. */
static void
test_controls_refuse_cross_site (PtFixture     *fixture,
                                 gconstpointer  user_data)
{
  const char *url = cs_practice_org_get_url (fixture->org);
  g_autofree char *localhost = g_strdup_printf ("localhost%s", strrchr (url, ':'));
  g_autofree char *own_origin = g_strdup (url);
  static const char json[] = "{\"fault\":\"api-disabled\",\"on\":true}";

  /* What a page elsewhere can make a browser send: a form without the
   * token, "JSON" as text/plain, anything with a foreign Origin. */
  {
    g_autoptr(PtResponse) form = pt_post_form (fixture, "/_practice/faults",
                                               "fault", "api-disabled", "on", "true", NULL);
    g_autoptr(PtResponse) plain = pt_request (fixture, "POST", "/_practice/faults", "text/plain", json, NULL);
    g_autoptr(PtResponse) foreign = pt_request (fixture, "POST", "/_practice/faults", "application/json", json,
                                                "Origin", "https://evil.example", NULL);
    g_autoptr(PtResponse) fetch_site = pt_request (fixture, "POST", "/_practice/faults", "application/json",
                                                   json, "Sec-Fetch-Site", "cross-site", NULL);
    g_autoptr(PtResponse) latency = pt_request (fixture, "POST", "/_practice/latency", "text/plain",
                                                "{\"latency_ms\": 60000}", NULL);

    g_assert_cmpuint (form->status, ==, 403);
    g_assert_cmpuint (plain->status, ==, 415);
    g_assert_cmpuint (foreign->status, ==, 403);
    g_assert_cmpuint (fetch_site->status, ==, 403);
    g_assert_cmpuint (latency->status, ==, 415);
    g_assert_false (cs_practice_org_get_fault (fixture->org, CS_PRACTICE_FAULT_API_DISABLED));
  }

  /* A DNS-rebinding page reaches 127.0.0.1 under its own name: refused,
   * reads included (the index page shows passwords, the mailbox codes). */
  {
    g_autoptr(PtResponse) index = pt_request (fixture, "GET", "/_practice/", NULL, NULL,
                                              "Host", "rebind.evil.example", NULL);
    g_autoptr(PtResponse) mailbox = pt_request (fixture, "GET", "/_practice/mailbox", NULL, NULL,
                                                "Host", "rebind.evil.example", NULL);

    g_assert_cmpuint (index->status, ==, 403);
    g_assert_cmpuint (mailbox->status, ==, 403);
  }

  /* The org's own page, scripts and tests still work. */
  {
    g_autoptr(PtResponse) same_origin = pt_request (fixture, "POST", "/_practice/faults", "application/json",
                                                    json, "Origin", own_origin,
                                                    "Sec-Fetch-Site", "same-origin", NULL);
    g_autoptr(PtResponse) by_name = pt_request (fixture, "GET", "/_practice/faults", NULL, NULL,
                                                "Host", localhost, NULL);

    g_assert_cmpuint (same_origin->status, ==, 200);
    g_assert_true (cs_practice_org_get_fault (fixture->org, CS_PRACTICE_FAULT_API_DISABLED));
    g_assert_cmpuint (by_name->status, ==, 200);
  }
  {
    g_autoptr(PtResponse) page = pt_request (fixture, "GET", "/_practice/", NULL, NULL, NULL);
    g_autofree char *token = pt_hidden_value (page->body, "token");
    g_autoptr(PtResponse) wrong = pt_post_form (fixture, "/_practice/faults", "token", "guess",
                                                "fault", "api-disabled", "on", "false", NULL);
    g_autoptr(PtResponse) right = pt_post_form (fixture, "/_practice/faults", "token", token,
                                                "fault", "api-disabled", "on", "false", NULL);

    g_assert_nonnull (token);
    g_assert_cmpuint (strlen (token), >=, 32);
    g_assert_cmpuint (wrong->status, ==, 403);
    g_assert_cmpuint (right->status, ==, 303);
    g_assert_false (cs_practice_org_get_fault (fixture->org, CS_PRACTICE_FAULT_API_DISABLED));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/practice/hostile/" name, PtFixture, GUINT_TO_POINTER (10), \
              pt_fixture_setup, func, pt_fixture_teardown)

  ADD ("deep-soql", test_deep_soql);
  ADD ("long-and-chain", test_long_and_chain);
  ADD ("like-pattern-is-linear", test_like_pattern_is_linear);
  ADD ("json-is-valid-utf8", test_json_is_valid_utf8);
  ADD ("form-values-are-valid-utf8", test_form_values_are_valid_utf8);
  ADD ("request-counts-are-bounded", test_request_counts_are_bounded);
  ADD ("request-bodies-are-bounded", test_request_bodies_are_bounded);
  ADD ("pending-logins-are-bounded", test_pending_logins_are_bounded);
  g_test_add_func ("/practice/hostile/prune", test_prune);
  ADD ("controls-refuse-cross-site", test_controls_refuse_cross_site);

#undef ADD
  return g_test_run ();
}
