/* test-oauth-hostile.c: the client against hostile answers and input,
 * each a finding of the hardening review reproduced: JSON nested 200,000
 * deep from the token endpoint (in a 200 and in an error answer), answers
 * of hundreds of MB, a callback whose malformed pair hid a second code,
 * and the token request's form body.
 *
 * The hostile server is a raw socket service on 127.0.0.1: it can declare
 * lengths it never sends and stream without end, which a SoupServer will
 * not do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-http-private.h"
#include "cs-test-util.h"

typedef enum {
  ANSWER_DEEP,              /* 200, a run of "[" */
  ANSWER_DEEP_ERROR,        /* 400, the same */
  ANSWER_DECLARED_HUGE,     /* Content-Length: 400 MB, then bytes until the client leaves */
  ANSWER_STREAMED_HUGE,     /* chunked, 64 KiB chunks until the client leaves */
} Answer;

#define STREAM_CHUNK   (64 * 1024)
/* Bounded even if a client never stopped reading: 400 MB. */
#define STREAM_CHUNKS  6400

typedef struct {
  GSocketService *service;
  char           *url;
  Answer          answer;
  guint           depth;          /* ANSWER_DEEP*: how many "[" */
  guint           chunks_sent;
  gboolean        client_left;
} Hostile;

typedef struct {
  Hostile           *hostile;
  GSocketConnection *connection;
  char              *head;
  char              *chunk;
  guint              sent;
  char               request[16 * 1024];
} Client;

static void hostile_release (Hostile *hostile);

static void
client_free (Client *client)
{
  hostile_release (client->hostile);
  g_object_unref (client->connection);
  g_free (client->head);
  g_free (client->chunk);
  g_free (client);
}

static void write_next (Client *client);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      /* The client hung up: what it should do with a body it will not read. */
      client->hostile->client_left = TRUE;
      client_free (client);
      return;
    }
  write_next (client);
}

static void
write_next (Client *client)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));

  if (client->sent == STREAM_CHUNKS)
    {
      g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
      client_free (client);
      return;
    }
  client->sent++;
  client->hostile->chunks_sent++;
  g_output_stream_write_all_async (out, client->chunk, strlen (client->chunk), G_PRIORITY_DEFAULT,
                                   NULL, written_cb, client);
}

static char *
deep_json (guint depth)
{
  char *deep = g_malloc (depth + 1);

  memset (deep, '[', depth);
  deep[depth] = '\0';
  return deep;
}

static void
head_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Client *client = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL) ||
      client->chunk == NULL)
    {
      g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
      client_free (client);
      return;
    }
  write_next (client);
}

static void
request_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Client *client = user_data;
  Hostile *hostile = client->hostile;
  g_autofree char *deep = NULL;

  /* The request is small (a token POST or an identity GET): one read of
   * it is enough to answer, whatever it asked. */
  g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  switch (hostile->answer)
    {
    case ANSWER_DEEP:
    case ANSWER_DEEP_ERROR:
      deep = deep_json (hostile->depth);
      client->head = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                                      "Content-Length: %u\r\nConnection: close\r\n\r\n%s",
                                      hostile->answer == ANSWER_DEEP ? "200 OK" : "400 Bad Request",
                                      hostile->depth, deep);
      break;
    case ANSWER_DECLARED_HUGE:
      client->head = g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               "Content-Length: 419430400\r\nConnection: close\r\n\r\n");
      client->chunk = g_strnfill (STREAM_CHUNK, ' ');
      break;
    case ANSWER_STREAMED_HUGE:
    default:
      {
        g_autofree char *spaces = g_strnfill (STREAM_CHUNK, ' ');

        client->head = g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        client->chunk = g_strdup_printf ("%x\r\n%s\r\n", STREAM_CHUNK, spaces);
      }
      break;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (client->connection)),
                                   client->head, strlen (client->head), G_PRIORITY_DEFAULT,
                                   NULL, head_written_cb, client);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  Client *client = g_new0 (Client, 1);

  /* A client may still be writing when the test is over. */
  client->hostile = g_rc_box_acquire (user_data);
  client->connection = g_object_ref (connection);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             client->request, sizeof client->request, G_PRIORITY_DEFAULT, NULL,
                             request_read_cb, client);
  return TRUE;
}

static Hostile *
hostile_new (Answer answer,
             guint  depth)
{
  Hostile *hostile = g_rc_box_new0 (Hostile);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  hostile->answer = answer;
  hostile->depth = depth;
  hostile->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (hostile->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  hostile->url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (hostile->service, "incoming", G_CALLBACK (incoming_cb), hostile);
  g_socket_service_start (hostile->service);
  return hostile;
}

static void
hostile_clear (gpointer data)
{
  Hostile *hostile = data;

  g_object_unref (hostile->service);
  g_free (hostile->url);
}

static void
hostile_release (Hostile *hostile)
{
  g_rc_box_release_full (hostile, hostile_clear);
}

static void
hostile_free (Hostile *hostile)
{
  g_socket_service_stop (hostile->service);
  g_socket_listener_close (G_SOCKET_LISTENER (hostile->service));
  hostile_release (hostile);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Hostile, hostile_free)

static GError *
refresh_against (Hostile *hostile)
{
  g_autoptr(CsOAuthClient) client = cs_oauth_client_new (hostile->url, "key", "secret");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsTokenSet) tokens = NULL;
  GError *error = NULL;

  cs_oauth_client_refresh_async (client, "refresh", NULL, cs_test_store_result, &result);
  tokens = cs_oauth_client_refresh_finish (client, cs_test_await (&result), &error);
  g_assert_null (tokens);
  return error;
}

/* Finding 2: a token endpoint answering 200,000 nested "[" killed
 * crm-sync check (json-glib recursed until the stack ran out), and so did
 * the same body in an error answer. 200,000 bytes are past the token
 * answer's bound now; 60,000 "[" fit under it and meet the depth check. */
static void
test_deep_token_answer (void)
{
  g_autoptr(Hostile) finding = hostile_new (ANSWER_DEEP, 200000);
  g_autoptr(Hostile) ok = hostile_new (ANSWER_DEEP, 60000);
  g_autoptr(Hostile) bad = hostile_new (ANSWER_DEEP_ERROR, 60000);
  g_autoptr(GError) finding_error = refresh_against (finding);
  g_autoptr(GError) ok_error = refresh_against (ok);
  g_autoptr(GError) bad_error = refresh_against (bad);

  g_assert_error (finding_error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_error (ok_error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (ok_error->message, "nested"));
  /* An error answer that cannot be read is mapped by its status. */
  g_assert_error (bad_error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (bad_error->message, "HTTP 400"));
}

/* Finding 2: a 400 MB answer drove the client past 1.3 GB. A declared
 * length past the bound is refused before a byte is read; a stream
 * without a length, as soon as it passes the bound. */
static void
test_huge_answers (void)
{
  g_autoptr(Hostile) declared = hostile_new (ANSWER_DECLARED_HUGE, 0);
  g_autoptr(Hostile) streamed = hostile_new (ANSWER_STREAMED_HUGE, 0);
  g_autoptr(GError) declared_error = refresh_against (declared);
  g_autoptr(GError) streamed_error = refresh_against (streamed);
  g_autofree char *limit = g_format_size_full (CS_HTTP_MAX_TOKEN_BODY, G_FORMAT_SIZE_IEC_UNITS);

  g_assert_error (declared_error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (declared_error->message, limit));
  g_assert_error (streamed_error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (streamed_error->message, limit));
  /* The client stopped reading a few chunks past the bound. */
  g_assert_cmpuint (streamed->chunks_sent, <, STREAM_CHUNKS / 10);
}

/* The identity answer has its own bound. */
static void
test_huge_identity_answer (void)
{
  g_autoptr(Hostile) streamed = hostile_new (ANSWER_STREAMED_HUGE, 0);
  g_autofree char *id_url = g_strconcat (streamed->url, "/id/00D000000000001AAA/005000000000001AAA", NULL);
  g_autoptr(CsOAuthClient) client = cs_oauth_client_new (streamed->url, "key", "secret");
  g_autoptr(CsTokenSet) tokens = cs_token_set_new ("access", NULL, streamed->url, id_url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = g_format_size_full (CS_HTTP_MAX_IDENTITY_BODY, G_FORMAT_SIZE_IEC_UNITS);

  cs_oauth_client_fetch_identity_async (client, tokens, NULL, cs_test_store_result, &result);
  identity = cs_oauth_client_fetch_identity_finish (client, cs_test_await (&result), &error);
  g_assert_null (identity);
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (error->message, limit));
}

static void
test_json_depth (void)
{
  static const char shallow[] = "{\"a\":[1,{\"b\":\"[[[[\"}]}";
  static const char escaped[] = "[\"\\\"[\"]";
  g_autofree char *deep = deep_json (200000);
  g_autoptr(GBytes) deep_bytes = g_bytes_new (deep, strlen (deep));
  g_autofree char *at_limit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) deep_node = NULL;
  g_autoptr(JsonNode) limit_node = NULL;
  GString *nested = g_string_new (NULL);
  guint i;

  g_assert_cmpuint (cs_json_nesting_depth (shallow, strlen (shallow), 100), ==, 3);
  g_assert_cmpuint (cs_json_nesting_depth (escaped, strlen (escaped), 100), ==, 1);
  g_assert_cmpuint (cs_json_nesting_depth (deep, strlen (deep), 64), ==, 65);

  deep_node = cs_http_parse_json (deep_bytes, &error);
  g_assert_null (deep_node);
  g_assert_error (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);

  /* As deep as allowed still reads. */
  for (i = 0; i < CS_HTTP_MAX_JSON_DEPTH; i++)
    g_string_append_c (nested, '[');
  for (i = 0; i < CS_HTTP_MAX_JSON_DEPTH; i++)
    g_string_append_c (nested, ']');
  at_limit = g_string_free (nested, FALSE);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (at_limit, strlen (at_limit));

    limit_node = cs_http_parse_json (bytes, &error);
    g_assert_no_error (error);
    g_assert_nonnull (limit_node);
  }

  /* An error answer nested as deep is mapped by its status alone. */
  {
    g_autoptr(GError) mapped = cs_http_error_from_status (400, deep_bytes);

    g_assert_error (mapped, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE);
  }
}

/* Finding 6: a malformed pair ended the parsing silently, so
 * "…?code=abc&state=S&x&code=def" was accepted with code=abc, while
 * without "&x" the second code was refused. */
static void
test_malformed_callback (void)
{
  g_autoptr(CsOAuthRequest) request = cs_oauth_request_new ("https://login.salesforce.com", "key",
                                                            "https://app.example/cb");
  g_autofree char *base = g_strconcat ("https://app.example/cb?state=",
                                       cs_oauth_request_get_state (request), NULL);
  g_autofree char *hidden = g_strconcat (base, "&code=abc&x&code=def", NULL);
  g_autofree char *repeated = g_strconcat (base, "&code=abc&code=def", NULL);
  g_autofree char *bad_escape = g_strconcat (base, "&code=ab%zz", NULL);
  g_autofree char *fine = g_strconcat (base, "&code=abc", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = cs_oauth_request_parse_callback (request, hidden, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, CS_ERROR_STATE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  /* A bad escape does not even parse as the callback URL. */
  code = cs_oauth_request_parse_callback (request, bad_escape, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  code = cs_oauth_request_parse_callback (request, repeated, &error);
  g_assert_null (code);
  g_assert_error (error, CS_ERROR, CS_ERROR_STATE_MISMATCH);
  g_assert_nonnull (strstr (error->message, "repeats"));
  g_clear_error (&error);

  code = cs_oauth_request_parse_callback (request, fine, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "abc");
}

/* Finding 7: the token request's form (secret, code, verifier, refresh
 * token) grew in a GString and was freed unwiped. It is now written once
 * at its final size, and reads exactly as libsoup's encoding. */
static void
test_form_body (void)
{
  static const char *secret = "s3cr+t/=&é ~!";
  g_autoptr(GBytes) form = cs_http_form_new ("grant_type", "refresh_token",
                                             "refresh_token", secret,
                                             "skipped", NULL,
                                             "client_id", "3MVG9.key_-",
                                             NULL);
  g_autofree char *expected = soup_form_encode ("grant_type", "refresh_token",
                                                "refresh_token", secret,
                                                "client_id", "3MVG9.key_-",
                                                NULL);
  g_autoptr(GBytes) empty = cs_http_form_new ("only", NULL, NULL);
  gsize size = 0;
  const char *data = g_bytes_get_data (form, &size);

  g_assert_cmpuint (size, ==, strlen (expected));
  g_assert_cmpmem (data, size, expected, strlen (expected));
  /* NUL-terminated just past the end, for the wipe. */
  g_assert_cmpint (data[size], ==, '\0');
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/hostile/deep-token-answer", test_deep_token_answer);
  g_test_add_func ("/oauth/hostile/huge-answers", test_huge_answers);
  g_test_add_func ("/oauth/hostile/huge-identity-answer", test_huge_identity_answer);
  g_test_add_func ("/oauth/hostile/json-depth", test_json_depth);
  g_test_add_func ("/oauth/hostile/malformed-callback", test_malformed_callback);
  g_test_add_func ("/oauth/hostile/form-body", test_form_body);

  return g_test_run ();
}
