/* fuzz-practice-http.c: the practice org's HTTP request handling, driven
 * in process: the input is a raw request (or several) handed to its
 * SoupServer as a connection, so libsoup's parsing, the routing, the
 * body bounds, the control endpoints, OAuth and REST all see it. In the
 * input, "HOSTPORT" becomes the org's 127.0.0.1:PORT and "TOKEN" a valid
 * access token of the sync user, which no fuzzer would guess. Whatever
 * the org answers (headers, JSON, HTML) must be valid UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-practice-org-private.h"
#include "fuzz-common.h"

/* A connection handed over in memory is never seen to close (libsoup waits
 * on it for the next request), so the org and its server start afresh now
 * and then: that frees them all. */
#define INPUTS_PER_ORG 256

static CsPracticeOrg *org;
static char *host_port;
static char *token;
static guint inputs;

static void
org_start (void)
{
  g_autoptr(GError) error = NULL;

  if (org != NULL)
    {
      g_clear_object (&org);
      g_clear_pointer (&host_port, g_free);
      g_clear_pointer (&token, g_free);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  org = cs_practice_org_new (20);
  if (!cs_practice_org_listen (org, 0, &error))
    g_error ("practice org: %s", error->message);
  host_port = g_strdup (cs_practice_org_get_url (org) + strlen ("http://"));
  token = cs_practice_oauth_issue_access_token (org, CS_PRACTICE_ROLE_SYNC);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *raw = NULL;
  g_autofree char *with_host = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GIOStream) stream = NULL;
  guint i;
  CsPracticeFault fault;

  if (inputs++ % INPUTS_PER_ORG == 0)
    org_start ();

  /* Placeholders only in text: binary inputs go as they are. */
  raw = fuzz_string (data, size);
  if (strlen (raw) == size)
    {
      with_host = fuzz_substitute (raw, "HOSTPORT", host_port);
      request = fuzz_substitute (with_host, "TOKEN", token);
      in = g_memory_input_stream_new_from_data (g_strdup (request), strlen (request), g_free);
    }
  else
    in = g_memory_input_stream_new_from_data (g_memdup2 (data, size), size, g_free);
  out = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (in, out);

  cs_practice_org_accept_stream (org, stream);
  /* Everything it does is ready at once: no latency is set below. */
  for (i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;

  g_assert (g_utf8_validate (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                            g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), NULL));

  /* The next input starts from the same org, with a valid token. */
  g_io_stream_close (stream, NULL, NULL);
  for (i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  cs_practice_org_set_latency_ms (org, 0);
  cs_practice_org_set_clock_offset (org, 0);
  for (fault = 0; fault < CS_PRACTICE_N_FAULTS; fault++)
    cs_practice_org_set_fault (org, fault, FALSE);
  if (!cs_practice_org_is_access_token_valid (org, token))
    {
      g_free (token);
      token = cs_practice_oauth_issue_access_token (org, CS_PRACTICE_ROLE_SYNC);
    }
  return 0;
}
