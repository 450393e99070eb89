/* fuzz-callback-url.c: the callback URL parser (cs-oauth-request.c), as
 * the login page and crm-sync hand it what the browser was sent to.
 * "STATE" in the input becomes this run's state, so that inputs reach
 * the code path past the state check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-core.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CsOAuthRequest *request;
  g_autofree char *raw = fuzz_string (data, size);
  g_autofree char *uri = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  if (request == NULL)
    request = cs_oauth_request_new ("https://login.salesforce.com", "3MVG9key",
                                    "https://app.marketo.com/salesforce/getSfdcOAuthTokensRedirect");

  uri = fuzz_substitute (raw, "STATE", cs_oauth_request_get_state (request));
  cs_oauth_request_is_callback (request, uri);
  code = cs_oauth_request_parse_callback (request, uri, &error);
  /* Exactly one of them. */
  g_assert ((code == NULL) != (error == NULL));
  return 0;
}
