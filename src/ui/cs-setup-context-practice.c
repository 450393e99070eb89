/* cs-setup-context-practice.c: the practice org as a child process of the
 * wizard, and the fixes it makes for the access check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-setup-context-private.h"

/* ---- the practice org --------------------------------------------------------- */

static void
practice_running_cb (CsPracticeProcess *process,
                     GParamSpec        *pspec,
                     CsSetupContext    *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_PRACTICE_ORG]);
}

void
cs_setup_context_drop_practice_org (CsSetupContext *self)
{
  if (self->practice_org == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->practice_org, self);
  cs_practice_process_stop (self->practice_org);
  g_clear_object (&self->practice_org);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_PRACTICE_ORG]);
}

/* @process replaces the stopped one, if any: the app's key and secret the
 * admin had from that one become the new org's. */
static void
use_practice_org (CsSetupContext    *self,
                  CsPracticeProcess *process)
{
  gboolean had_old_app = self->practice_org != NULL &&
                         g_strcmp0 (self->consumer_key, cs_practice_process_get_consumer_key (self->practice_org)) == 0;

  if (self->practice_org != NULL)
    g_signal_handlers_disconnect_by_data (self->practice_org, self);
  g_set_object (&self->practice_org, process);
  g_signal_connect_object (process, "notify::running", G_CALLBACK (practice_running_cb), self, 0);
  cs_setup_context_invalidate_client (self);
  if (had_old_app)
    cs_setup_context_set_client_credentials (self, cs_practice_process_get_consumer_key (process),
                                             cs_practice_process_get_consumer_secret (process));
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_PRACTICE_ORG]);
  g_object_notify_by_pspec (G_OBJECT (self), cs_setup_context_properties[PROP_LOGIN_HOST]);
}

static void
practice_started_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsSetupContext) self = user_data;
  g_autoptr(CsPracticeProcess) process = NULL;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->practice_waiters);
  g_autoptr(GError) error = NULL;

  process = cs_practice_process_start_finish (result, &error);
  /* The admin chose a real org meanwhile: this one is not needed. */
  if (process != NULL && self->environment != CS_ENVIRONMENT_PRACTICE)
    g_clear_object (&process);
  else if (process != NULL)
    use_practice_org (self, process);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (process != NULL)
        g_task_return_boolean (task, TRUE);
      else if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The environment is no longer the practice org");
    }
}

void
cs_setup_context_start_practice_org_async (CsSetupContext      *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_start_practice_org_async);

  if (self->environment != CS_ENVIRONMENT_PRACTICE ||
      (self->practice_org != NULL && cs_practice_process_get_running (self->practice_org)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* One start for every caller; a caller's cancellable ends only its
   * own wait. */
  if (self->practice_waiters == NULL)
    {
      self->practice_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      cs_practice_process_start_async (NULL, practice_started_cb, g_object_ref (self));
    }
  g_ptr_array_add (self->practice_waiters, g_steal_pointer (&task));
}

gboolean
cs_setup_context_start_practice_org_finish (CsSetupContext  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_setup_context_set_practice_org (CsSetupContext    *self,
                                   CsPracticeProcess *process)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (CS_IS_PRACTICE_PROCESS (process));

  cs_setup_context_set_environment (self, CS_ENVIRONMENT_PRACTICE);
  use_practice_org (self, process);
}

CsPracticeProcess *
cs_setup_context_get_practice_org (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), NULL);

  return self->practice_org;
}

gboolean
cs_setup_context_get_practice_org_stopped (CsSetupContext *self)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);

  return self->environment == CS_ENVIRONMENT_PRACTICE && self->practice_org != NULL &&
         !cs_practice_process_get_running (self->practice_org);
}

/* The profile permission the practice org changes for @finding: "read",
 * "create", "edit", "delete", "visible" (field-level security), or NULL when
 * the finding is not a setting of the practice org's profile. */
static const char *
practice_fix_for (const CsAuditFinding *finding)
{
  switch (finding->code)
    {
    case CS_AUDIT_CODE_FIELD_HIDDEN:
      return finding->field != NULL ? "visible" : NULL;
    case CS_AUDIT_CODE_NO_READ:
      return "read";
    case CS_AUDIT_CODE_NO_CREATE:
      return "create";
    case CS_AUDIT_CODE_NO_EDIT:
      return "edit";
    case CS_AUDIT_CODE_NO_DELETE:
      return "delete";
    case CS_AUDIT_CODE_OBJECT_MISSING:
    case CS_AUDIT_CODE_FIELD_READ_ONLY:
    default:
      return NULL;
    }
}

gboolean
cs_setup_context_can_fix_practice_finding (CsSetupContext       *self,
                                           const CsAuditFinding *finding)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (self), FALSE);
  g_return_val_if_fail (finding != NULL, FALSE);

  return self->environment == CS_ENVIRONMENT_PRACTICE && self->practice_org != NULL &&
         cs_practice_process_get_running (self->practice_org) &&
         practice_fix_for (finding) != NULL;
}

static void
practice_fixed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  answer = cs_practice_process_control_finish (CS_PRACTICE_PROCESS (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_setup_context_fix_practice_finding_async (CsSetupContext       *self,
                                             const CsAuditFinding *finding,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *line = NULL;
  const char *permission;

  g_return_if_fail (CS_IS_SETUP_CONTEXT (self));
  g_return_if_fail (finding != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_setup_context_fix_practice_finding_async);
  if (!cs_setup_context_can_fix_practice_finding (self, finding))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("Only a running practice org can make this change. Make it in Salesforce Setup, then check again."));
      return;
    }

  /* The practice org's control line: "fix PERMISSION OBJECT [FIELD]". */
  permission = practice_fix_for (finding);
  line = g_strjoin (" ", "fix", permission, finding->object,
                    g_str_equal (permission, "visible") ? finding->field : NULL, NULL);
  cs_practice_process_control_async (self->practice_org, line, cancellable, practice_fixed_cb,
                                     g_steal_pointer (&task));
}

gboolean
cs_setup_context_fix_practice_finding_finish (CsSetupContext  *self,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
