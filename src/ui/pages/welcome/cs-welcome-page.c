/* cs-welcome-page.c: says what the wizard will do and how long it takes,
 * and lets the admin pick the task: a new connection (and its Salesforce
 * environment), the re-authorization of a stored one (listed with how each
 * is doing, checked with a token refresh where Salesforce can be reached),
 * the review of what is stored, or the sync status of a stored one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-choice-row.h"
#include "cs-connection-row.h"
#include "cs-entry-message-row.h"
#include "cs-message-bar.h"
#include "cs-widget-util.h"
#include "cs-welcome-page.h"
#include "cs-welcome-page-private.h"


struct _CsWelcomePage
{
  CsPage           parent_instance;

  GtkCheckButton  *task_new_check;
  GtkCheckButton  *task_reauthorize_check;
  GtkCheckButton  *task_review_check;
  GtkCheckButton  *task_status_check;
  GtkCheckButton  *production_check;
  GtkCheckButton  *sandbox_check;
  GtkCheckButton  *my_domain_check;
  GtkCheckButton  *practice_check;
  AdwEntryRow     *my_domain_row;
  CsEntryMessageRow *my_domain_message;
  CsMessageBar    *message_bar;
  GtkWidget       *steps_box;
  GtkWidget       *environment_group;
  GtkWidget       *connections_group;
  GtkListBox      *connections_list;

  /* The list of stored connections (re-authorization, sync status). */
  CsConnectionVault *vault;           /* watched for "changed" */
  GPtrArray       *rows;              /* CsConnectionRow, in the list's order */
  GtkWidget       *no_choice;         /* the radio group's anchor, never shown */
  char            *chosen_id;         /* the connection picked */
  gboolean         chosen_by_admin;   /* else picked for the admin, and picked again */
  GHashTable      *notes;             /* connection id → what its check found (or NULL) */
  GCancellable    *list_cancellable;  /* the listing and the checks of this visit */
  guint            reload_id;
  /* The first frame is painted: the stored connections can be read (the
   * store's migrations, the keyring) without delaying it. */
  gboolean         painted;
  gboolean         reload_when_painted;
  guint            n_checking;

  gboolean         my_domain_valid;
  gboolean         updating;          /* setting widgets from the context */
};

G_DEFINE_FINAL_TYPE (CsWelcomePage, cs_welcome_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsWelcomePage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static GtkCheckButton *
check_for_environment (CsWelcomePage *self,
                       CsEnvironment  environment)
{
  switch (environment)
    {
    case CS_ENVIRONMENT_SANDBOX:
      return self->sandbox_check;
    case CS_ENVIRONMENT_MY_DOMAIN:
      return self->my_domain_check;
    case CS_ENVIRONMENT_PRACTICE:
      return self->practice_check;
    case CS_ENVIRONMENT_PRODUCTION:
    default:
      return self->production_check;
    }
}

static CsEnvironment
selected_environment (CsWelcomePage *self)
{
  if (gtk_check_button_get_active (self->sandbox_check))
    return CS_ENVIRONMENT_SANDBOX;
  if (gtk_check_button_get_active (self->my_domain_check))
    return CS_ENVIRONMENT_MY_DOMAIN;
  if (gtk_check_button_get_active (self->practice_check))
    return CS_ENVIRONMENT_PRACTICE;
  return CS_ENVIRONMENT_PRODUCTION;
}

static void
update_complete (CsWelcomePage *self)
{
  gboolean complete;

  switch (cs_setup_context_get_task (get_context (self)))
    {
    case CS_SETUP_TASK_REAUTHORIZE:
    case CS_SETUP_TASK_SYNC_STATUS:
      complete = self->chosen_id != NULL;
      break;
    case CS_SETUP_TASK_REVIEW_CREDENTIALS:
      complete = TRUE;
      break;
    case CS_SETUP_TASK_NEW_CONNECTION:
    default:
      complete = selected_environment (self) != CS_ENVIRONMENT_MY_DOMAIN || self->my_domain_valid;
      break;
    }
  cs_page_set_complete (CS_PAGE (self), complete);
}

/* ---- the stored connections ---------------------------------------------------- */

static void reload_connections (CsWelcomePage *self);

/* The tasks that pick a stored connection from the list. */
static gboolean
task_lists_connections (CsWelcomePage *self)
{
  CsSetupTask task = cs_setup_context_get_task (get_context (self));

  return task == CS_SETUP_TASK_REAUTHORIZE || task == CS_SETUP_TASK_SYNC_STATUS;
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CsWelcomePage *self = user_data;

  self->reload_id = 0;
  reload_connections (self);
  return G_SOURCE_REMOVE;
}

/* Several changes in a row (a check marks, then notes a refresh) reload
 * once; a page out of sight reloads when shown again. */
static void
schedule_reload (CsWelcomePage *self)
{
  if (self->reload_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)) && task_lists_connections (self))
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
vault_changed_cb (CsConnectionVault *vault,
                  const char        *connection_id,
                  CsWelcomePage     *self)
{
  schedule_reload (self);
}

static void
row_check_toggled_cb (GtkCheckButton *check,
                      CsWelcomePage  *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), CS_TYPE_CONNECTION_ROW);

  if (!gtk_check_button_get_active (check) || self->updating || row == NULL)
    return;
  g_free (self->chosen_id);
  self->chosen_id = g_strdup (cs_connection_row_get_connection_id (CS_CONNECTION_ROW (row)));
  self->chosen_by_admin = TRUE;
  cs_message_bar_hide (self->message_bar);
  update_complete (self);
}

static CsConnectionRow *
find_row (CsWelcomePage *self,
          const char    *connection_id)
{
  for (guint i = 0; connection_id != NULL && i < self->rows->len; i++)
    {
      CsConnectionRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (cs_connection_row_get_connection_id (row), connection_id) == 0)
        return row;
    }
  return NULL;
}

/* Only a connection of this window's practice org, or of Salesforce, can be
 * checked from here: another practice org stopped with its program. */
static gboolean
is_other_practice_org (CsWelcomePage      *self,
                       const CsConnection *connection)
{
  return g_strcmp0 (connection->environment, cs_environment_to_string (CS_ENVIRONMENT_PRACTICE)) == 0 &&
         !cs_setup_context_is_this_practice_org (get_context (self), connection);
}

typedef struct
{
  CsWelcomePage *self;
  char          *connection_id;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_object_unref (data->self);
  g_free (data->connection_id);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckData, check_data_free)

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CheckData) data = user_data;
  CsWelcomePage *self = data->self;
  g_autoptr(GError) error = NULL;
  char *note = NULL;

  self->n_checking--;
  if (!cs_setup_context_check_connection_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A refusal is marked in the store, and shown from there. */
      if (!cs_connection_vault_error_needs_reauthorization (error))
        /* Translators: %s says why (its message says what to do) */
        note = g_strdup_printf (_("Could not be checked: %s"), error->message);
    }
  if (self->notes != NULL)
    g_hash_table_insert (self->notes, g_strdup (data->connection_id), note);
  schedule_reload (self);
}

/* Once per visit: a token refresh says whether Salesforce still accepts
 * the connection (a revoked token is only known once something uses it). */
static void
check_connection (CsWelcomePage            *self,
                  const CsConnectionStatus *status)
{
  const CsConnection *connection = status->connection;
  CheckData *data;

  /* The sync status reads the sync database only. */
  if (cs_setup_context_get_task (get_context (self)) != CS_SETUP_TASK_REAUTHORIZE ||
      g_hash_table_contains (self->notes, connection->id) || connection->confirmed == 0 ||
      is_other_practice_org (self, connection) ||
      (status->health != CS_CONNECTION_HEALTH_OK &&
       status->health != CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION))
    return;

  g_hash_table_insert (self->notes, g_strdup (connection->id), g_strdup (_("Checking with Salesforce…")));
  self->n_checking++;
  data = g_new0 (CheckData, 1);
  data->self = g_object_ref (self);
  data->connection_id = g_strdup (connection->id);
  cs_setup_context_check_connection_async (get_context (self), connection->id, self->list_cancellable,
                                           checked_cb, data);
}

static const char *
row_note (CsWelcomePage      *self,
          const CsConnection *connection)
{
  if (connection->confirmed != 0 && is_other_practice_org (self, connection))
    return _("Set up with a practice org that no longer runs (each window runs its own). Re-authorize it to go on rehearsing with this window’s practice org.");
  return g_hash_table_lookup (self->notes, connection->id);
}

/* The row of the working connection the admin set up or used last, of
 * @statuses (the rows' order); NULL when none works. */
static CsConnectionRow *
latest_working_row (CsWelcomePage *self,
                    GPtrArray     *statuses)
{
  CsConnectionRow *latest = NULL;
  gint64 latest_time = -1;

  for (guint i = 0; i < statuses->len; i++)
    {
      const CsConnectionStatus *status = g_ptr_array_index (statuses, i);
      CsConnectionRow *row = g_ptr_array_index (self->rows, i);
      gint64 time = MAX (status->connection->token_issued, status->connection->last_refresh);

      if (status->health == CS_CONNECTION_HEALTH_OK && gtk_widget_get_sensitive (GTK_WIDGET (row)) &&
          time > latest_time)
        {
          latest = row;
          latest_time = time;
        }
    }
  return latest;
}

static void
show_statuses (CsWelcomePage *self,
               GPtrArray     *statuses)
{
  g_autoptr(GPtrArray) old_rows = g_steal_pointer (&self->rows);
  gboolean same = old_rows->len == statuses->len;
  CsConnectionRow *chosen;

  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; same && i < statuses->len; i++)
    same = g_strcmp0 (cs_connection_row_get_connection_id (g_ptr_array_index (old_rows, i)),
                      ((CsConnectionStatus *) g_ptr_array_index (statuses, i))->connection->id) == 0;
  /* Rows stay in place when only their state changed (the focus stays). */
  if (!same)
    for (guint i = 0; i < old_rows->len; i++)
      gtk_list_box_remove (self->connections_list, g_ptr_array_index (old_rows, i));

  self->updating = TRUE;
  for (guint i = 0; i < statuses->len; i++)
    {
      const CsConnectionStatus *status = g_ptr_array_index (statuses, i);
      CsConnectionRow *row = NULL;

      for (guint j = 0; j < old_rows->len && row == NULL; j++)
        if (g_strcmp0 (cs_connection_row_get_connection_id (g_ptr_array_index (old_rows, j)),
                       status->connection->id) == 0)
          row = g_ptr_array_index (old_rows, j);
      if (row == NULL)
        {
          row = CS_CONNECTION_ROW (cs_connection_row_new (TRUE));
          gtk_check_button_set_group (cs_connection_row_get_check (row), GTK_CHECK_BUTTON (self->no_choice));
          g_signal_connect_object (cs_connection_row_get_check (row), "toggled",
                                   G_CALLBACK (row_check_toggled_cb), self, 0);
        }
      g_ptr_array_add (self->rows, g_object_ref (row));
      if (!same)
        gtk_list_box_append (self->connections_list, GTK_WIDGET (row));
      cs_connection_row_set_status (row, status, row_note (self, status->connection));
      /* A setup that never reached Confirm has nothing to re-authorize (its
       * row says so). */
      gtk_widget_set_sensitive (GTK_WIDGET (row), status->connection->confirmed != 0);
    }

  /* Until the admin picks one (a check may find another one meanwhile):
   * for the sync status, the working connection set up or used last; to
   * re-authorize, the newest that needs it. */
  chosen = self->chosen_by_admin ? find_row (self, self->chosen_id) : NULL;
  if (chosen == NULL && cs_setup_context_get_task (get_context (self)) == CS_SETUP_TASK_SYNC_STATUS)
    chosen = latest_working_row (self, statuses);
  for (guint i = 0; chosen == NULL && i < self->rows->len; i++)
    {
      CsConnectionRow *row = g_ptr_array_index (self->rows, i);
      CsConnectionHealth health = cs_connection_row_get_health (row);

      if (gtk_widget_get_sensitive (GTK_WIDGET (row)) &&
          (health == CS_CONNECTION_HEALTH_NEEDS_REAUTHORIZATION || health == CS_CONNECTION_HEALTH_SECRETS_MISSING))
        chosen = row;
    }
  if (chosen == NULL && !self->chosen_by_admin)
    chosen = find_row (self, self->chosen_id);
  /* The sync status, when none works: the newest. */
  for (guint i = 0; chosen == NULL && i < self->rows->len &&
                    cs_setup_context_get_task (get_context (self)) == CS_SETUP_TASK_SYNC_STATUS; i++)
    if (gtk_widget_get_sensitive (g_ptr_array_index (self->rows, i)))
      chosen = g_ptr_array_index (self->rows, i);
  g_free (self->chosen_id);
  self->chosen_id = chosen != NULL ? g_strdup (cs_connection_row_get_connection_id (chosen)) : NULL;
  gtk_check_button_set_active (chosen != NULL ? cs_connection_row_get_check (chosen)
                                              : GTK_CHECK_BUTTON (self->no_choice), TRUE);
  self->updating = FALSE;

  for (guint i = 0; i < statuses->len; i++)
    check_connection (self, g_ptr_array_index (statuses, i));
  update_complete (self);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsWelcomePage) self = user_data;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;

  statuses = cs_connection_vault_list_status_finish (CS_CONNECTION_VAULT (source), result, &error);
  /* The page went away, or the task changed meanwhile. */
  if (self->rows == NULL || !task_lists_connections (self))
    return;
  if (statuses == NULL)
    {
      cs_message_bar_show_error (self->message_bar, error, NULL, NULL);
      return;
    }
  show_statuses (self, statuses);
}

static void
reload_connections (CsWelcomePage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->vault == NULL)
    {
      CsConnectionVault *vault = cs_setup_context_get_vault (get_context (self), &error);

      if (vault == NULL)
        {
          cs_message_bar_show_error (self->message_bar, error, NULL, NULL);
          return;
        }
      self->vault = g_object_ref (vault);
      g_signal_connect_object (vault, "changed", G_CALLBACK (vault_changed_cb), self, 0);
    }
  /* Never cancelled: libsecret 0.20 answers a cancelled search twice. */
  cs_connection_vault_list_status_async (self->vault, NULL, listed_cb, g_object_ref (self));
}

/* The connection list waits for the first frame, which it does not need. */
static void
first_paint_cb (GdkFrameClock *clock,
                CsWelcomePage *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  self->painted = TRUE;
  if (self->reload_when_painted && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
  self->reload_when_painted = FALSE;
}

static void
cs_welcome_page_map (GtkWidget *widget)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (widget);

  GTK_WIDGET_CLASS (cs_welcome_page_parent_class)->map (widget);
  if (!self->painted)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (first_paint_cb), self, 0);
}

static void
end_visit (CsWelcomePage *self)
{
  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_when_painted = FALSE;
}

/* A new look at the stored connections: listed and checked again. */
static void
begin_visit (CsWelcomePage *self)
{
  const CsConnectionStatus *status = cs_setup_context_get_reauthorization_status (get_context (self));

  end_visit (self);
  self->list_cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->notes);
  /* Back from the connection being re-authorized: it stays chosen. */
  if (status != NULL)
    {
      g_free (self->chosen_id);
      self->chosen_id = g_strdup (status->connection->id);
      self->chosen_by_admin = TRUE;
    }
  if (self->painted)
    reload_connections (self);
  else
    self->reload_when_painted = TRUE;
}

/* What the page shows for the task. */
static void
update_task_view (CsWelcomePage *self)
{
  CsSetupTask task = cs_setup_context_get_task (get_context (self));

  /* The steps and the environment are a new connection's. */
  gtk_widget_set_visible (self->steps_box, task == CS_SETUP_TASK_NEW_CONNECTION);
  gtk_widget_set_visible (self->environment_group, task == CS_SETUP_TASK_NEW_CONNECTION);
  gtk_widget_set_visible (self->connections_group, task_lists_connections (self));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->connections_group),
                                         task == CS_SETUP_TASK_SYNC_STATUS
                                         ? _("Each connection set up to the end has a sync; pick the one to show.")
                                         : _("Each connection says whether Salesforce still accepts it; the wizard checks the ones it can reach."));
  if (task_lists_connections (self))
    begin_visit (self);
  else
    end_visit (self);
}

static GtkCheckButton *
check_for_task (CsWelcomePage *self,
                CsSetupTask    task)
{
  switch (task)
    {
    case CS_SETUP_TASK_REAUTHORIZE:
      return self->task_reauthorize_check;
    case CS_SETUP_TASK_REVIEW_CREDENTIALS:
      return self->task_review_check;
    case CS_SETUP_TASK_SYNC_STATUS:
      return self->task_status_check;
    case CS_SETUP_TASK_NEW_CONNECTION:
    default:
      return self->task_new_check;
    }
}

/* Validates the typed URL through the context, which keeps it when valid.
 * @immediate shows a refusal at once (a paste, leaving the field, Enter)
 * rather than after a pause in the typing. */
static void
check_my_domain (CsWelcomePage *self,
                 gboolean       immediate)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->my_domain_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;

  if (*trimmed == '\0')
    /* Nothing typed yet is not a mistake: the page is just incomplete. */
    self->my_domain_valid = FALSE;
  else
    self->my_domain_valid = cs_setup_context_set_my_domain (get_context (self), trimmed, &error);

  cs_entry_message_row_set_problem (self->my_domain_message, CS_MESSAGE_ERROR,
                                    error != NULL ? error->message : NULL, immediate);
  update_complete (self);
}

static void
my_domain_check_cb (CsEntryMessageRow *row,
                    gboolean           immediate,
                    CsWelcomePage     *self)
{
  if (self->updating)
    return;

  /* Typing an address means My Domain. */
  if (!gtk_check_button_get_active (self->my_domain_check))
    gtk_check_button_set_active (self->my_domain_check, TRUE);

  check_my_domain (self, immediate);
}

static void
my_domain_activated_cb (AdwEntryRow   *row,
                        CsWelcomePage *self)
{
  check_my_domain (self, TRUE);
  if (cs_page_get_complete (CS_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
environment_toggled_cb (GtkCheckButton *check,
                        CsWelcomePage  *self)
{
  CsEnvironment environment;

  /* Each change of a radio group toggles two buttons: act once. */
  if (!gtk_check_button_get_active (check) || self->updating)
    return;

  environment = selected_environment (self);
  cs_message_bar_hide (self->message_bar);
  cs_setup_context_set_environment (get_context (self), environment);

  if (environment == CS_ENVIRONMENT_MY_DOMAIN)
    check_my_domain (self, FALSE);
  else
    /* The address is not used: nothing to say about it. */
    cs_entry_message_row_set_problem (self->my_domain_message, CS_MESSAGE_ERROR, NULL, TRUE);

  update_complete (self);
}

static void
task_toggled_cb (GtkCheckButton *check,
                 CsWelcomePage  *self)
{
  if (!gtk_check_button_get_active (check) || self->updating)
    return;

  cs_message_bar_hide (self->message_bar);
  if (check == self->task_reauthorize_check)
    cs_setup_context_set_task (get_context (self), CS_SETUP_TASK_REAUTHORIZE);
  else if (check == self->task_review_check)
    cs_setup_context_set_task (get_context (self), CS_SETUP_TASK_REVIEW_CREDENTIALS);
  else if (check == self->task_status_check)
    cs_setup_context_set_task (get_context (self), CS_SETUP_TASK_SYNC_STATUS);
  else
    cs_setup_context_set_task (get_context (self), CS_SETUP_TASK_NEW_CONNECTION);

  update_task_view (self);
  update_complete (self);
}

/* Shows what the context holds (from GSettings, or --practice). */
static void
load_from_context (CsWelcomePage *self)
{
  CsSetupContext *context = get_context (self);
  CsEnvironment environment = cs_setup_context_get_environment (context);
  const char *my_domain = cs_setup_context_get_my_domain (context);

  self->updating = TRUE;

  gtk_check_button_set_active (check_for_environment (self, environment), TRUE);
  /* The choice that matters most; Tab goes on to the rest. */
  cs_page_set_initial_focus (CS_PAGE (self), GTK_WIDGET (check_for_environment (self, environment)));
  if (my_domain != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->my_domain_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->my_domain_row), my_domain);

  gtk_check_button_set_active (check_for_task (self, cs_setup_context_get_task (context)), TRUE);

  self->updating = FALSE;

  if (environment == CS_ENVIRONMENT_MY_DOMAIN)
    check_my_domain (self, TRUE);
  update_task_view (self);
  update_complete (self);
}

static void
reauthorization_begun_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(CsWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cs_setup_context_begin_reauthorization_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      cs_page_apply_complete (CS_PAGE (self), TRUE);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->message_bar != NULL)
    cs_welcome_page_show_error (self, error);
  cs_page_apply_complete (CS_PAGE (self), FALSE);
}

static void
practice_started_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (cs_setup_context_start_practice_org_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      cs_page_apply_complete (CS_PAGE (self), TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->message_bar == NULL)
    {
      cs_page_apply_complete (CS_PAGE (self), FALSE);
      return;
    }
  /* Translators: %s is the reason, with what to do about it */
  message = g_strdup_printf (_("The practice org could not start: %s"), error->message);
  cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR, message,
                       _("_Try Again"), "assistant.next");
  cs_widget_scroll_into_view (GTK_WIDGET (self->message_bar));
  /* Ending the apply here keeps the admin on this page. */
  cs_page_apply_complete (CS_PAGE (self), FALSE);
}

static gboolean
cs_welcome_page_apply (CsPage       *page,
                       GCancellable *cancellable)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (page);
  CsSetupContext *context = get_context (self);

  cs_message_bar_hide (self->message_bar);

  switch (cs_setup_context_get_task (context))
    {
    case CS_SETUP_TASK_REAUTHORIZE:
      cs_setup_context_begin_reauthorization_async (context, self->chosen_id, cancellable,
                                                    reauthorization_begun_cb, g_object_ref (self));
      return TRUE;
    case CS_SETUP_TASK_REVIEW_CREDENTIALS:
      return FALSE;
    case CS_SETUP_TASK_SYNC_STATUS:
      {
        g_autoptr(GError) error = NULL;

        if (cs_setup_context_begin_sync_status (context, self->chosen_id, &error))
          return FALSE;
        cs_welcome_page_show_error (self, error);
        cs_page_apply_complete (page, FALSE);
        return TRUE;
      }
    case CS_SETUP_TASK_NEW_CONNECTION:
    default:
      break;
    }

  if (cs_setup_context_get_environment (context) == CS_ENVIRONMENT_PRACTICE)
    {
      /* The practice org's process starts now that the admin chose it. */
      cs_setup_context_start_practice_org_async (context, cancellable, practice_started_cb,
                                                 g_object_ref (self));
      return TRUE;
    }

  return FALSE;
}

static void
cs_welcome_page_shown (CsPage *page)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (page);

  /* Back from a later page: the context may have moved on meanwhile. */
  if (selected_environment (self) != cs_setup_context_get_environment (get_context (self)) ||
      !gtk_check_button_get_active (check_for_task (self, cs_setup_context_get_task (get_context (self)))))
    load_from_context (self);
  else if (task_lists_connections (self))
    begin_visit (self);
}

static void
cs_welcome_page_constructed (GObject *object)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (object);

  G_OBJECT_CLASS (cs_welcome_page_parent_class)->constructed (object);

  g_assert (get_context (self) != NULL);
  load_from_context (self);
}

static void
cs_welcome_page_dispose (GObject *object)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (object);

  end_visit (self);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->no_choice);
  g_clear_pointer (&self->notes, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (cs_welcome_page_parent_class)->dispose (object);
}

static void
cs_welcome_page_finalize (GObject *object)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (object);

  g_free (self->chosen_id);

  G_OBJECT_CLASS (cs_welcome_page_parent_class)->finalize (object);
}

static void
cs_welcome_page_class_init (CsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_welcome_page_constructed;
  widget_class->map = cs_welcome_page_map;
  object_class->dispose = cs_welcome_page_dispose;
  object_class->finalize = cs_welcome_page_finalize;

  page_class->apply = cs_welcome_page_apply;
  page_class->shown = cs_welcome_page_shown;

  g_type_ensure (CS_TYPE_CHOICE_ROW);
  g_type_ensure (CS_TYPE_MESSAGE_BAR);
  g_type_ensure (CS_TYPE_ENTRY_MESSAGE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, task_new_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, task_reauthorize_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, task_review_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, task_status_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, production_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, sandbox_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, my_domain_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, practice_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, my_domain_row);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, my_domain_message);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, message_bar);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, steps_box);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, environment_group);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, connections_group);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, connections_list);
  gtk_widget_class_bind_template_callback (widget_class, task_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, environment_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, my_domain_check_cb);
  gtk_widget_class_bind_template_callback (widget_class, my_domain_activated_cb);
}

static void
cs_welcome_page_init (CsWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->no_choice = g_object_ref_sink (gtk_check_button_new ());

  /* The page of the first frame: its wrapping labels, the rows' own among
   * them, measured cheaply (see the function). 20 characters still fit
   * the narrowest window. */
  cs_widget_set_wrap_min_chars (GTK_WIDGET (self), 20);

  cs_page_set_title (CS_PAGE (self), _("Welcome"));
}

void
cs_welcome_page_show_error (CsWelcomePage *self,
                            const GError  *error)
{
  g_return_if_fail (CS_IS_WELCOME_PAGE (self));
  g_return_if_fail (error != NULL);

  cs_message_bar_show_error (self->message_bar, error, NULL, NULL);
  cs_widget_scroll_into_view (GTK_WIDGET (self->message_bar));
}

/* ---- for the tests -------------------------------------------------------- */

CsConnectionRow *
cs_welcome_page_get_connection_row (CsWelcomePage *self,
                                    const char    *connection_id)
{
  g_return_val_if_fail (CS_IS_WELCOME_PAGE (self), NULL);

  return find_row (self, connection_id);
}

const char *
cs_welcome_page_get_chosen_connection (CsWelcomePage *self)
{
  g_return_val_if_fail (CS_IS_WELCOME_PAGE (self), NULL);

  return self->chosen_id;
}

gboolean
cs_welcome_page_is_checking (CsWelcomePage *self)
{
  g_return_val_if_fail (CS_IS_WELCOME_PAGE (self), FALSE);

  return self->n_checking > 0 || self->reload_id != 0;
}
