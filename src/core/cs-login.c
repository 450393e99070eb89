/* cs-login.c: callback → state and PKCE → code exchange → identity →
 * profile, and the same-org rule of a re-authorization.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-login.h"
#include "cs-login-host.h"
#include "cs-process.h"
#include "cs-salesforce-client.h"
#include "cs-secret-util.h"
#include "cs-string-util.h"

struct _CsLogin
{
  GObject         parent_instance;

  CsOAuthClient  *oauth;
  char           *redirect_uri;
  gboolean        use_pkce;
  char           *expected_username;
  char           *expected_org_id;
  CsOAuthRequest *pending_request;
  /* Bumped whenever an attempt in flight becomes stale (a new one began,
   * or the caller reset): its result must not be used. */
  guint           generation;
};

G_DEFINE_FINAL_TYPE (CsLogin, cs_login, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CsLoginResult, cs_login_result, cs_login_result_copy, cs_login_result_free)

CsLoginResult *
cs_login_result_copy (const CsLoginResult *result)
{
  CsLoginResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (CsLoginResult, 1);
  g_set_object (&copy->tokens, result->tokens);
  g_set_object (&copy->identity, result->identity);
  copy->other_user = result->other_user;
  return copy;
}

void
cs_login_result_free (CsLoginResult *result)
{
  if (result == NULL)
    return;

  g_clear_object (&result->tokens);
  g_clear_object (&result->identity);
  g_free (result);
}

static void
cs_login_dispose (GObject *object)
{
  CsLogin *self = CS_LOGIN (object);

  g_clear_object (&self->oauth);
  g_clear_object (&self->pending_request);

  G_OBJECT_CLASS (cs_login_parent_class)->dispose (object);
}

static void
cs_login_finalize (GObject *object)
{
  CsLogin *self = CS_LOGIN (object);

  g_free (self->redirect_uri);
  g_free (self->expected_username);
  g_free (self->expected_org_id);

  G_OBJECT_CLASS (cs_login_parent_class)->finalize (object);
}

static void
cs_login_class_init (CsLoginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_login_dispose;
  object_class->finalize = cs_login_finalize;
}

static void
cs_login_init (CsLogin *self)
{
  self->use_pkce = TRUE;
}

CsLogin *
cs_login_new (CsOAuthClient *oauth,
              const char    *redirect_uri)
{
  CsLogin *self;

  g_return_val_if_fail (CS_IS_OAUTH_CLIENT (oauth), NULL);

  self = g_object_new (CS_TYPE_LOGIN, NULL);
  self->oauth = g_object_ref (oauth);
  self->redirect_uri = g_strdup (redirect_uri != NULL ? redirect_uri : CS_DEFAULT_REDIRECT_URI);
  return self;
}

CsOAuthClient *
cs_login_get_oauth_client (CsLogin *self)
{
  g_return_val_if_fail (CS_IS_LOGIN (self), NULL);

  return self->oauth;
}

const char *
cs_login_get_redirect_uri (CsLogin *self)
{
  g_return_val_if_fail (CS_IS_LOGIN (self), NULL);

  return self->redirect_uri;
}

void
cs_login_set_use_pkce (CsLogin  *self,
                       gboolean  use_pkce)
{
  g_return_if_fail (CS_IS_LOGIN (self));

  self->use_pkce = !!use_pkce;
}

void
cs_login_set_expected_username (CsLogin    *self,
                                const char *username)
{
  g_return_if_fail (CS_IS_LOGIN (self));

  cs_set_str (&self->expected_username, username);
}

void
cs_login_set_expected_org_id (CsLogin    *self,
                              const char *org_id)
{
  g_return_if_fail (CS_IS_LOGIN (self));

  cs_set_str (&self->expected_org_id, org_id);
}

const char *
cs_login_get_expected_org_id (CsLogin *self)
{
  g_return_val_if_fail (CS_IS_LOGIN (self), NULL);

  return self->expected_org_id;
}

CsOAuthRequest *
cs_login_begin (CsLogin *self)
{
  g_return_val_if_fail (CS_IS_LOGIN (self), NULL);

  cs_login_reset (self);
  self->pending_request = cs_oauth_request_new (cs_oauth_client_get_login_host (self->oauth),
                                                cs_oauth_client_get_consumer_key (self->oauth),
                                                self->redirect_uri);
  cs_oauth_request_set_use_pkce (self->pending_request, self->use_pkce);
  if (self->expected_username != NULL)
    cs_oauth_request_set_login_hint (self->pending_request, self->expected_username);
  return self->pending_request;
}

CsOAuthRequest *
cs_login_get_pending_request (CsLogin *self)
{
  g_return_val_if_fail (CS_IS_LOGIN (self), NULL);

  return self->pending_request;
}

void
cs_login_reset (CsLogin *self)
{
  g_return_if_fail (CS_IS_LOGIN (self));

  self->generation++;
  g_clear_object (&self->pending_request);
}

/* ---- discarding a login's tokens ------------------------------------------ */

static void
discard_revoked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_oauth_client_revoke_finish (CS_OAUTH_CLIENT (source), result, &error))
    {
      /* Already dead is as good as revoked. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_GRANT))
        g_clear_error (&error);
      else
        g_debug ("A login that was not kept could not be revoked: %s", error->message);
    }
  cs_process_release_application (g_task_get_task_data (task));
  g_task_set_task_data (task, NULL, NULL);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_login_discard_tokens_async (CsOAuthClient       *oauth,
                               CsTokenSet          *tokens,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *token;

  g_return_if_fail (CS_IS_OAUTH_CLIENT (oauth));
  g_return_if_fail (CS_IS_TOKEN_SET (tokens));

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, cs_login_discard_tokens_async);

  /* Revoking the refresh token takes its access tokens with it. */
  token = cs_token_set_get_refresh_token (tokens);
  if (token == NULL)
    token = cs_token_set_get_access_token (tokens);
  if (token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_debug ("Revoking the tokens of a login that is not kept");
  g_task_set_task_data (task, cs_process_hold_application (), NULL);
  cs_oauth_client_revoke_async (oauth, token, NULL, discard_revoked_cb, g_steal_pointer (&task));
}

gboolean
cs_login_discard_tokens_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the chain ------------------------------------------------------------- */

typedef struct
{
  CsOAuthRequest     *request;     /* taken from pending_request: used once */
  guint               generation;  /* self->generation at the start */
  CsTokenSet         *tokens;
  CsIdentity         *identity;
  CsSalesforceClient *client;
  GError             *failure;     /* returned once the tokens are revoked */
} CompleteData;

static void
complete_data_free (CompleteData *data)
{
  g_clear_object (&data->request);
  g_clear_object (&data->tokens);
  g_clear_object (&data->identity);
  g_clear_object (&data->client);
  g_clear_error (&data->failure);
  g_free (data);
}

static void
fail_discarded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CompleteData *data = g_task_get_task_data (task);

  (void) cs_login_discard_tokens_finish (result, NULL);
  g_task_return_error (task, g_steal_pointer (&data->failure));
}

/* Ends the task with @error (taken), after revoking the tokens Salesforce
 * handed out, if any. */
static void
complete_fail (GTask  *task,
               GError *error)
{
  CsLogin *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);
  CsTokenSet *tokens = data->client != NULL ? cs_salesforce_client_get_tokens (data->client)
                                            : data->tokens;

  if (tokens == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data->failure = error;
  cs_login_discard_tokens_async (self->oauth, tokens, fail_discarded_cb, task);
}

/* A new attempt began (or the caller reset) while this one ran: its tokens
 * belong to an attempt nobody waits for any more. Ends it the way a
 * cancellation does, which the wizard takes quietly. */
static gboolean
complete_fail_if_stale (GTask *task)
{
  CsLogin *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (data->generation != self->generation)
    {
      g_debug ("Login result dropped: a newer attempt began meanwhile");
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("The login settings changed while the login was being checked. Log in again."));
    }
  else if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    g_debug ("Login cancelled after the code exchange");
  else
    return FALSE;

  complete_fail (g_object_ref (task), error);
  return TRUE;
}

static GError *
wrong_org_error_new (CsLogin    *self,
                     CsIdentity *identity)
{
  g_autofree char *host = cs_uri_dup_display_host (cs_oauth_client_get_login_host (self->oauth));

  /* Translators: the first %s is the org id the admin logged in to, the
   * second and third the connection's org id, the fourth a login host. */
  return g_error_new (CS_ERROR, CS_ERROR_WRONG_ORG,
                      _("This login went to Salesforce org %s, but the connection belongs to "
                        "org %s. A connection cannot move to another org once its sync has "
                        "started, so nothing was changed and the new login was revoked. Log in "
                        "to org %s (the login host is %s), or set up a new connection for the "
                        "other org."),
                      cs_identity_get_org_id (identity), self->expected_org_id,
                      self->expected_org_id, host != NULL ? host : "?");
}

static void
complete_org_name_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsLogin *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *org_name = NULL;
  CsLoginResult *login_result;

  /* Only shown to the admin: a login is not refused for want of it. */
  org_name = cs_salesforce_client_fetch_org_name_finish (CS_SALESFORCE_CLIENT (source), result, &error);
  if (org_name == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The org's name could not be read: %s", error->message);
  cs_identity_set_org_name (data->identity, org_name);
  if (complete_fail_if_stale (task))
    return;

  login_result = g_new0 (CsLoginResult, 1);
  /* The REST client may have refreshed the access token meanwhile. */
  login_result->tokens = g_object_ref (cs_salesforce_client_get_tokens (data->client));
  login_result->identity = g_object_ref (data->identity);
  login_result->other_user = self->expected_username != NULL &&
                             !cs_identity_matches_username (data->identity, self->expected_username);
  g_task_return_pointer (task, login_result, (GDestroyNotify) cs_login_result_free);
}

static void
complete_profile_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cs_salesforce_client_fetch_user_profile_finish (CS_SALESFORCE_CLIENT (source), result, &error))
    {
      complete_fail (g_steal_pointer (&task), error);
      return;
    }
  if (complete_fail_if_stale (task))
    return;

  cs_salesforce_client_fetch_org_name_async (CS_SALESFORCE_CLIENT (source), g_task_get_cancellable (task),
                                             complete_org_name_cb, g_object_ref (task));
}

static void
complete_identity_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CsLogin *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->identity = cs_oauth_client_fetch_identity_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (data->identity == NULL)
    {
      complete_fail (g_steal_pointer (&task), error);
      return;
    }
  if (complete_fail_if_stale (task))
    return;

  /* The one rule of a re-authorization: same org, or nothing changes. */
  if (self->expected_org_id != NULL &&
      g_strcmp0 (cs_identity_get_org_id (data->identity), self->expected_org_id) != 0)
    {
      g_debug ("Login refused: another org than the connection's");
      complete_fail (g_steal_pointer (&task), wrong_org_error_new (self, data->identity));
      return;
    }

  data->client = cs_salesforce_client_new (CS_OAUTH_CLIENT (source), data->tokens);
  cs_salesforce_client_fetch_user_profile_async (data->client, data->identity,
                                                 g_task_get_cancellable (task),
                                                 complete_profile_cb,
                                                 g_object_ref (task));
}

static void
complete_exchange_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CompleteData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->tokens = cs_oauth_client_exchange_code_finish (CS_OAUTH_CLIENT (source), result, &error);
  if (data->tokens == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (complete_fail_if_stale (task))
    return;

  cs_oauth_client_fetch_identity_async (CS_OAUTH_CLIENT (source), data->tokens,
                                        g_task_get_cancellable (task),
                                        complete_identity_cb,
                                        g_object_ref (task));
}

void
cs_login_complete_async (CsLogin             *self,
                         const char          *callback_uri,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSecretString) code = NULL;
  CompleteData *data;

  g_return_if_fail (CS_IS_LOGIN (self));
  g_return_if_fail (callback_uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_login_complete_async);
  data = g_new0 (CompleteData, 1);
  data->generation = self->generation;
  g_task_set_task_data (task, data, (GDestroyNotify) complete_data_free);

  if (self->pending_request == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_STATE_MISMATCH,
                               _("This login was not started here, or its answer was already used. Start the login again."));
      return;
    }

  code = cs_oauth_request_parse_callback (self->pending_request, callback_uri, &error);
  if (code == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A request's state and verifier serve one callback: a second one (a
   * replay, a second paste) finds no pending request. */
  data->request = g_steal_pointer (&self->pending_request);
  cs_oauth_client_exchange_code_async (self->oauth, data->request, code, cancellable,
                                       complete_exchange_cb, g_steal_pointer (&task));
}

CsLoginResult *
cs_login_complete_finish (CsLogin       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CS_IS_LOGIN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_login_complete_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
