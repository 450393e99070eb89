/* cs-sync-status-page.c: the status of a connection's record sync, as
 * its sync database tells it (whatever process runs the cycles: the timer,
 * crm-sync, this window): the state, the objects' counts, the errors of
 * the last 5 days in a list to filter, and Sync Now, Pause and Resume.
 *
 * It reads the database again every second while a cycle runs, when this
 * window's cycle ends, and a second after another process (the timer,
 * crm-sync) wrote to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-message-bar.h"
#include "cs-sync-error.h"
#include "cs-sync-progress-row.h"
#include "cs-sync-status-page.h"
#include "cs-sync-status-page-private.h"
#include "cs-widget-util.h"

#define POLL_SECONDS 1

enum {
  KIND_ALL,
  KIND_JOB,
  KIND_RECORD,
};

struct _CsSyncStatusPage
{
  CsPage              parent_instance;

  CsSyncStatus       *status;
  CsRecordSync       *record_sync;     /* this window's, followed */
  GtkFilterListModel *shown_issues;
  GtkCustomFilter    *filter;
  gboolean            refreshing;
  gboolean            refresh_again;   /* asked for while reading */
  gboolean            syncing;         /* Sync Now: loading the connection, then its cycle */
  guint               poll_id;
  GFileMonitor       *database_monitor;
  char               *failure_shown;   /* the message bar's text when it says why the last cycle failed */

  GtkImage           *state_icon;
  GtkLabel           *state_label;
  GtkLabel           *description_label;
  GtkWidget          *sync_now_button;
  GtkWidget          *pause_button;
  GtkWidget          *resume_button;
  CsMessageBar       *message_bar;
  GtkWidget          *progress_box;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkListBox         *objects_list;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *kind_filter;
  GtkDropDown        *object_filter;
  GtkStringList      *object_names;
  GtkListBox         *issues_list;
  GtkLabel           *placeholder;
};

G_DEFINE_FINAL_TYPE (CsSyncStatusPage, cs_sync_status_page, CS_TYPE_PAGE)

static void start_refresh (CsSyncStatusPage *self);

static CsSetupContext *
get_context (CsSyncStatusPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static gboolean
cycle_runs_here (CsSyncStatusPage *self)
{
  return self->syncing || (self->record_sync != NULL && cs_record_sync_is_running (self->record_sync));
}

/* ---- the state --------------------------------------------------------------- */

/* The failure the page said is no longer news: hidden if the bar still
 * says it, any other message left alone. */
static void
drop_failure (CsSyncStatusPage *self)
{
  if (self->failure_shown != NULL && cs_message_bar_is_shown (self->message_bar) &&
      g_strcmp0 (cs_message_bar_get_message (self->message_bar), self->failure_shown) == 0)
    cs_message_bar_hide (self->message_bar);
  g_clear_pointer (&self->failure_shown, g_free);
}

/* A failed cycle (this window's, the timer's or crm-sync's): the state
 * line says when, the message bar why and what to do, until the state
 * moves on (a cycle starts, wherever it runs; said again if it fails
 * too). Any other message stays. */
static void
show_failure (CsSyncStatusPage *self,
              CsSyncState       state)
{
  const char *reauthorize = _("Salesforce no longer accepts this connection, so the sync stopped. Re-authorize it: the sync goes on from where it stopped.");
  const char *shown = cs_message_bar_is_shown (self->message_bar) ? cs_message_bar_get_message (self->message_bar) : NULL;
  gboolean ours = shown != NULL && g_strcmp0 (shown, self->failure_shown) == 0;
  g_autofree char *failure = NULL;
  gboolean said;

  if (state != CS_SYNC_STATE_FAILED)
    {
      drop_failure (self);
      return;
    }

  failure = cs_sync_status_describe_failure (self->status);
  /* This window's Sync Now may have said it already, in the cycle's own
   * words; a newer failure replaces the one shown. */
  said = shown != NULL && (g_strcmp0 (shown, failure) == 0 || g_strcmp0 (shown, reauthorize) == 0);
  if (!said)
    {
      if (shown != NULL && !ours)
        return;
      /* Each marks the connection when only a new login can fix it. */
      if (cs_setup_context_get_sync_needs_reauthorization (get_context (self)))
        cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR, reauthorize, _("_Re-authorize"),
                             "sync-status.reauthorize");
      else
        cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR, failure, _("_Try Again"), "sync-status.sync-now");
    }
  g_free (self->failure_shown);
  self->failure_shown = g_strdup (cs_message_bar_get_message (self->message_bar));
}

static void
show_state (CsSyncStatusPage *self)
{
  CsSyncState state = self->status != NULL ? cs_sync_status_get_state (self->status) : CS_SYNC_STATE_NEVER_RUN;
  const char *title;
  const char *icon;
  const char *style = NULL;
  g_autofree char *description = self->status != NULL ? cs_sync_status_describe_brief (self->status) : NULL;
  gboolean paused = self->status != NULL && cs_sync_status_get_paused (self->status);

  if (cycle_runs_here (self) && state != CS_SYNC_STATE_PAUSED)
    state = CS_SYNC_STATE_IN_PROGRESS;
  switch (state)
    {
    case CS_SYNC_STATE_IN_PROGRESS:
      title = _("Sync in Progress");
      icon = "emblem-synchronizing-symbolic";
      break;
    case CS_SYNC_STATE_SYNCED:
      title = _("Last Synced");
      icon = "emblem-ok-symbolic";
      style = "success";
      break;
    case CS_SYNC_STATE_FAILED:
      title = _("Failed");
      icon = "dialog-error-symbolic";
      style = "error";
      break;
    case CS_SYNC_STATE_STOPPED:
      title = _("Stopped");
      icon = "dialog-warning-symbolic";
      style = "warning";
      break;
    case CS_SYNC_STATE_PAUSED:
      title = _("Paused");
      icon = "media-playback-pause-symbolic";
      break;
    case CS_SYNC_STATE_NEVER_RUN:
    default:
      title = _("Never Synced");
      icon = "emblem-synchronizing-symbolic";
      break;
    }

  gtk_label_set_text (self->state_label, title);
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "warning");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), style);

  gtk_widget_set_visible (self->pause_button, !paused);
  gtk_widget_set_visible (self->resume_button, paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-status.sync-now", !self->syncing && self->status != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-status.pause", self->status != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-status.resume", self->status != NULL);
  gtk_widget_set_visible (self->progress_box, cycle_runs_here (self));

  show_failure (self, state);
}

static char *
describe_count (const CsSyncObjectCount *count)
{
  g_autofree char *live = cs_format_count (count->live);
  g_autofree char *deleted = cs_format_count (count->deleted);

  if (count->state == CS_SYNC_OBJECT_LOADING)
    /* Translators: "1,200 records so far, first load under way" */
    return g_strdup_printf (ngettext ("%s record so far, first load under way", "%s records so far, first load under way",
                                      (gulong) count->live), live);
  if (count->deleted > 0)
    /* Translators: "1,200 records, 3 marked deleted" */
    return g_strdup_printf (ngettext ("%s record, %s marked deleted", "%s records, %s marked deleted", (gulong) count->live),
                            live, deleted);
  return g_strdup_printf (ngettext ("%s record", "%s records", (gulong) count->live), live);
}

static void
show_objects (CsSyncStatusPage *self)
{
  GPtrArray *objects = cs_sync_status_get_objects (self->status);
  guint selected = gtk_drop_down_get_selected (self->object_filter);
  g_autofree char *selected_name = NULL;
  GtkWidget *child;
  guint n_names = g_list_model_get_n_items (G_LIST_MODEL (self->object_names));
  gboolean same_names = n_names == objects->len + 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->objects_list))) != NULL)
    gtk_list_box_remove (self->objects_list, child);
  for (guint i = 0; i < objects->len; i++)
    {
      const CsSyncObjectCount *count = g_ptr_array_index (objects, i);
      g_autofree char *counts = describe_count (count);
      g_autofree char *synced = cs_format_time (count->last_synced);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      subtitle = count->last_synced != 0
                 /* Translators: "500 records, synced today at 14:05" */
                 ? g_strdup_printf (_("%s, synced %s"), counts, synced)
                 /* Translators: "500 records so far, not synced yet" */
                 : g_strdup_printf (_("%s, not synced yet"), counts);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), count->object);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->objects_list, row);

      if (same_names)
        same_names = g_strcmp0 (gtk_string_list_get_string (self->object_names, i + 1), count->object) == 0;
    }
  if (objects->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing synced yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The objects appear here once a cycle reads them."));
      gtk_list_box_append (self->objects_list, row);
    }

  /* The object filter offers the synced objects; the one chosen stays. */
  if (same_names)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    selected_name = g_strdup (gtk_string_list_get_string (self->object_names, selected));
  gtk_string_list_splice (self->object_names, 0, n_names, NULL);
  gtk_string_list_append (self->object_names, _("All objects"));
  selected = 0;
  for (guint i = 0; i < objects->len; i++)
    {
      const CsSyncObjectCount *count = g_ptr_array_index (objects, i);

      gtk_string_list_append (self->object_names, count->object);
      if (g_strcmp0 (count->object, selected_name) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_selected (self->object_filter, selected);
}

/* ---- the errors ------------------------------------------------------------------- */

static gboolean
issue_matches (gpointer item,
               gpointer user_data)
{
  CsSyncStatusPage *self = user_data;
  guint kind = gtk_drop_down_get_selected (self->kind_filter);
  guint object = gtk_drop_down_get_selected (self->object_filter);
  guint mask = kind == KIND_JOB ? 1u << CS_SYNC_ISSUE_JOB
             : kind == KIND_RECORD ? 1u << CS_SYNC_ISSUE_RECORD
             : (1u << CS_SYNC_ISSUE_JOB) | (1u << CS_SYNC_ISSUE_RECORD);
  const char *object_name = object != GTK_INVALID_LIST_POSITION && object > 0
                            ? gtk_string_list_get_string (self->object_names, object) : NULL;

  return cs_sync_issue_matches (CS_SYNC_ISSUE (item), mask, object_name,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), 0);
}

static void
update_placeholder (CsSyncStatusPage *self)
{
  gboolean filtered = gtk_drop_down_get_selected (self->kind_filter) != KIND_ALL ||
                      (gtk_drop_down_get_selected (self->object_filter) != GTK_INVALID_LIST_POSITION &&
                       gtk_drop_down_get_selected (self->object_filter) > 0) ||
                      *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';

  gtk_label_set_text (self->placeholder, filtered ? _("No error matches the filter.")
                                                  : _("No errors in the last 5 days."));
}

static void
filter_changed_cb (CsSyncStatusPage *self)
{
  /* The template sets the drop-downs' models before the page is made. */
  if (self->placeholder == NULL)
    return;
  update_placeholder (self);
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static GtkWidget *
create_issue_row (gpointer item,
                  gpointer user_data)
{
  CsSyncIssue *issue = CS_SYNC_ISSUE (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = cs_format_time (cs_sync_issue_get_time (issue));
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *subtitle = NULL;

  g_ptr_array_add (parts, cs_sync_issue_get_kind (issue) == CS_SYNC_ISSUE_RECORD ? _("Record error") : _("Job error"));
  if (cs_sync_issue_get_object (issue) != NULL)
    g_ptr_array_add (parts, (gpointer) cs_sync_issue_get_object (issue));
  if (cs_sync_issue_get_record_id (issue) != NULL)
    g_ptr_array_add (parts, (gpointer) cs_sync_issue_get_record_id (issue));
  g_ptr_array_add (parts, when);
  g_ptr_array_add (parts, NULL);
  /* Translators: separates "Record error", "Lead", an Id and the time */
  subtitle = g_strjoinv (C_("error details", " · "), (char **) parts->pdata);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cs_sync_issue_get_message (issue));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
bind_issues (CsSyncStatusPage *self)
{
  if (self->shown_issues != NULL)
    return;
  self->filter = gtk_custom_filter_new (issue_matches, self, NULL);
  self->shown_issues = gtk_filter_list_model_new (g_object_ref (cs_sync_status_get_issues (self->status)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  gtk_list_box_bind_model (self->issues_list, G_LIST_MODEL (self->shown_issues), create_issue_row, self, NULL);
}

/* ---- reading ----------------------------------------------------------------- */

static gboolean
poll_cb (gpointer user_data)
{
  CsSyncStatusPage *self = user_data;

  self->poll_id = 0;
  start_refresh (self);
  return G_SOURCE_REMOVE;
}

/* One read a second from now, not stacked on one to come. Hidden, the
 * page reads when shown. */
static void
schedule_read (CsSyncStatusPage *self)
{
  if (self->poll_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
}

static void
schedule_poll (CsSyncStatusPage *self)
{
  if (cycle_runs_here (self) ||
      (self->status != NULL && cs_sync_status_get_state (self->status) == CS_SYNC_STATE_IN_PROGRESS))
    schedule_read (self);
}

/* A cycle of another process (the timer's, crm-sync's) wrote: one read a
 * second later takes in what it writes meanwhile; while the lock says it
 * runs, the poll goes on. */
static void
database_changed_cb (GFileMonitor      *monitor,
                     GFile             *file,
                     GFile             *other_file,
                     GFileMonitorEvent  event,
                     gpointer           user_data)
{
  if (event == G_FILE_MONITOR_EVENT_CHANGED)
    schedule_read (CS_SYNC_STATUS_PAGE (user_data));
}

static void
unwatch_database (CsSyncStatusPage *self)
{
  if (self->database_monitor == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->database_monitor, self);
  g_file_monitor_cancel (self->database_monitor);
  g_clear_object (&self->database_monitor);
}

/* The database is in WAL mode: every commit of a cycle, whatever process
 * runs it, writes to the -wal file, and GIO's inotify watch on its folder
 * sees it even before the file exists. Reads write nothing there: they
 * create and delete it (the last connection to close checkpoints and
 * removes it) and write the -shm file and, when they checkpoint, the
 * database itself. So only a change of the -wal file's content counts,
 * or the page's own reads would wake it again and again. */
static void
watch_database (CsSyncStatusPage *self)
{
  g_autofree char *wal_path = NULL;
  g_autoptr(GFile) wal = NULL;
  g_autoptr(GError) error = NULL;

  unwatch_database (self);
  if (self->status == NULL)
    return;
  wal_path = g_strconcat (cs_sync_status_get_database_path (self->status), "-wal", NULL);
  wal = g_file_new_for_path (wal_path);
  self->database_monitor = g_file_monitor_file (wal, G_FILE_MONITOR_NONE, NULL, &error);
  /* Without it the page still reads on its own actions and when shown. */
  if (self->database_monitor == NULL)
    {
      g_debug ("Cannot watch the sync database for other processes' cycles: %s", error->message);
      return;
    }
  g_signal_connect (self->database_monitor, "changed", G_CALLBACK (database_changed_cb), self);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CsSyncStatusPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cs_sync_status_refresh_finish (CS_SYNC_STATUS (source), result, &error);

  if (cs_page_result_is_stale (CS_PAGE (self), result) || CS_SYNC_STATUS (source) != self->status)
    return;
  self->refreshing = FALSE;
  if (!ok)
    cs_message_bar_show_error (self->message_bar, error, _("_Try Again"), "sync-status.refresh");
  else
    {
      show_objects (self);
      bind_issues (self);
    }
  show_state (self);
  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      start_refresh (self);
      return;
    }
  schedule_poll (self);
}

static void
start_refresh (CsSyncStatusPage *self)
{
  g_autoptr(GError) error = NULL;
  CsSyncStatus *status = cs_setup_context_get_sync_status (get_context (self), &error);

  if (status == NULL)
    {
      cs_message_bar_show_error (self->message_bar, error, NULL, NULL);
      return;
    }
  if (status != self->status)
    {
      /* Another connection: its own errors. */
      if (self->shown_issues != NULL)
        gtk_list_box_bind_model (self->issues_list, NULL, NULL, NULL, NULL);
      g_clear_object (&self->shown_issues);
      g_clear_object (&self->filter);
      g_set_object (&self->status, status);
      watch_database (self);
      /* The other connection's failure is not this one's. */
      drop_failure (self);
      self->refreshing = FALSE;
    }
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;
  cs_sync_status_refresh_async (status, cs_page_get_work_cancellable (CS_PAGE (self)), refreshed_cb,
                                g_object_ref (self));
}

/* ---- this window's cycle ------------------------------------------------------------- */

static void
cycle_progress_cb (CsRecordSync     *record_sync,
                   GParamSpec       *pspec,
                   CsSyncStatusPage *self)
{
  cs_sync_progress_show_cycle (record_sync, self->progress_label, self->progress_bar);
}

static void
cycle_running_cb (CsRecordSync     *record_sync,
                  GParamSpec       *pspec,
                  CsSyncStatusPage *self)
{
  show_state (self);
  start_refresh (self);
}

static void
follow_record_sync (CsSyncStatusPage *self,
                    CsRecordSync     *record_sync)
{
  if (self->record_sync == record_sync)
    return;
  if (self->record_sync != NULL)
    g_signal_handlers_disconnect_by_data (self->record_sync, self);
  g_set_object (&self->record_sync, record_sync);
  if (record_sync == NULL)
    return;
  g_signal_connect (record_sync, "notify::running", G_CALLBACK (cycle_running_cb), self);
  g_signal_connect (record_sync, "notify::records", G_CALLBACK (cycle_progress_cb), self);
  g_signal_connect (record_sync, "notify::total", G_CALLBACK (cycle_progress_cb), self);
  cycle_progress_cb (record_sync, NULL, self);
}

static void
show_sync_error (CsSyncStatusPage *self,
                 const GError     *error)
{
  static const CsSyncErrorActions actions = {
    .reauthorize_label = N_("_Re-authorize"),
    .reauthorize = "sync-status.reauthorize",
    .retry = "sync-status.sync-now",
    .resume = "sync-status.resume",
  };

  cs_sync_error_show (get_context (self), self->message_bar, error, &actions);
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsSyncStatusPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) cycle = cs_record_sync_run_cycle_finish (CS_RECORD_SYNC (source), result, &error);

  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  self->syncing = FALSE;
  if (cycle == NULL)
    show_sync_error (self, error);
  show_state (self);
  start_refresh (self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsSyncStatusPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsRecordSync) record_sync = NULL;

  record_sync = cs_setup_context_load_record_sync_finish (CS_SETUP_CONTEXT (source), result, &error);
  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  if (record_sync == NULL)
    {
      self->syncing = FALSE;
      show_sync_error (self, error);
      show_state (self);
      return;
    }
  follow_record_sync (self, record_sync);
  cs_record_sync_run_cycle_async (record_sync, cs_page_get_work_cancellable (CS_PAGE (self)), synced_cb,
                                  g_object_ref (self));
  show_state (self);
  schedule_poll (self);
}

/* ---- actions ----------------------------------------------------------------- */

static void
action_sync_now (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CsSyncStatusPage *self = CS_SYNC_STATUS_PAGE (widget);

  if (self->syncing)
    return;
  cs_message_bar_hide (self->message_bar);
  self->syncing = TRUE;
  gtk_label_set_text (self->progress_label, _("Starting a cycle…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  show_state (self);
  cs_setup_context_load_record_sync_async (get_context (self), cs_page_get_work_cancellable (CS_PAGE (self)),
                                           loaded_cb, g_object_ref (self));
}

static void
set_paused (CsSyncStatusPage *self,
            gboolean          paused)
{
  g_autoptr(GError) error = NULL;

  if (self->status == NULL)
    return;
  cs_message_bar_hide (self->message_bar);
  if (!cs_sync_status_set_paused (self->status, paused, &error))
    cs_message_bar_show_error (self->message_bar, error, NULL, NULL);
  else
    cs_message_bar_show (self->message_bar, CS_MESSAGE_INFO,
                         paused ? _("The sync is paused: no cycle starts until you resume it, and a running one stops after the page it is storing.")
                                : _("The sync is resumed: the next cycle starts as usual."),
                         NULL, NULL);
  start_refresh (self);
}

static void
action_pause (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  set_paused (CS_SYNC_STATUS_PAGE (widget), TRUE);
}

static void
action_resume (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  set_paused (CS_SYNC_STATUS_PAGE (widget), FALSE);
}

static void
action_refresh (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CsSyncStatusPage *self = CS_SYNC_STATUS_PAGE (widget);

  cs_message_bar_hide (self->message_bar);
  start_refresh (self);
}

static void
action_reauthorize (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *id = cs_setup_context_get_sync_connection_id (get_context (CS_SYNC_STATUS_PAGE (widget)));

  if (id != NULL)
    gtk_widget_activate_action (widget, "window.reauthorize", "s", id);
}

/* ---- the page ----------------------------------------------------------------- */

static void
cs_sync_status_page_shown (CsPage *page)
{
  CsSyncStatusPage *self = CS_SYNC_STATUS_PAGE (page);

  cs_message_bar_hide (self->message_bar);
  follow_record_sync (self, cs_setup_context_get_record_sync (get_context (self)));
  show_state (self);
  start_refresh (self);
}

static void
cs_sync_status_page_unmap (GtkWidget *widget)
{
  CsSyncStatusPage *self = CS_SYNC_STATUS_PAGE (widget);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (cs_sync_status_page_parent_class)->unmap (widget);
}

static void
cs_sync_status_page_dispose (GObject *object)
{
  CsSyncStatusPage *self = CS_SYNC_STATUS_PAGE (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  cs_page_cancel_work (CS_PAGE (self));
  follow_record_sync (self, NULL);
  if (self->issues_list != NULL && self->shown_issues != NULL)
    gtk_list_box_bind_model (self->issues_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->shown_issues);
  g_clear_object (&self->filter);
  g_clear_object (&self->status);
  unwatch_database (self);
  g_clear_pointer (&self->failure_shown, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_SYNC_STATUS_PAGE);

  G_OBJECT_CLASS (cs_sync_status_page_parent_class)->dispose (object);
}

static void
cs_sync_status_page_class_init (CsSyncStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->dispose = cs_sync_status_page_dispose;
  widget_class->unmap = cs_sync_status_page_unmap;
  page_class->shown = cs_sync_status_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-sync-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, sync_now_button);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, message_bar);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, objects_list);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, object_filter);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, object_names);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStatusPage, issues_list);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "sync-status.sync-now", NULL, action_sync_now);
  gtk_widget_class_install_action (widget_class, "sync-status.pause", NULL, action_pause);
  gtk_widget_class_install_action (widget_class, "sync-status.resume", NULL, action_resume);
  gtk_widget_class_install_action (widget_class, "sync-status.refresh", NULL, action_refresh);
  gtk_widget_class_install_action (widget_class, "sync-status.reauthorize", NULL, action_reauthorize);
}

static void
cs_sync_status_page_init (CsSyncStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->object_names, _("All objects"));
  gtk_drop_down_set_selected (self->object_filter, 0);
  self->placeholder = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->placeholder, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->placeholder), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->placeholder), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->placeholder), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->placeholder), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->placeholder), "dim-label");
  gtk_list_box_set_placeholder (self->issues_list, GTK_WIDGET (self->placeholder));
  update_placeholder (self);

  cs_page_set_title (CS_PAGE (self), _("Sync Status"));
  cs_page_set_next_label (CS_PAGE (self), _("_Close"));
  cs_page_set_complete (CS_PAGE (self), TRUE);
  cs_page_set_initial_focus (CS_PAGE (self), self->sync_now_button);
}

/* ---- for the tests -------------------------------------------------------- */

CsSyncStatus *
cs_sync_status_page_get_status (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return self->status;
}

gboolean
cs_sync_status_page_get_busy (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), FALSE);

  return self->refreshing || self->refresh_again || cycle_runs_here (self);
}

gboolean
cs_sync_status_page_get_read_scheduled (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), FALSE);

  return self->poll_id != 0;
}

const char *
cs_sync_status_page_get_state_text (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return gtk_label_get_text (self->state_label);
}

const char *
cs_sync_status_page_get_description_text (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return gtk_label_get_text (self->description_label);
}

CsMessageBar *
cs_sync_status_page_get_message_bar (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return self->message_bar;
}

GtkButton *
cs_sync_status_page_get_sync_now_button (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return GTK_BUTTON (self->sync_now_button);
}

GtkButton *
cs_sync_status_page_get_pause_button (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return GTK_BUTTON (self->pause_button);
}

GtkButton *
cs_sync_status_page_get_resume_button (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return GTK_BUTTON (self->resume_button);
}

GtkListBox *
cs_sync_status_page_get_objects_list (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return self->objects_list;
}

GtkEditable *
cs_sync_status_page_get_search_entry (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
cs_sync_status_page_get_kind_filter (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return self->kind_filter;
}

GtkDropDown *
cs_sync_status_page_get_object_filter (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return self->object_filter;
}

GListModel *
cs_sync_status_page_get_shown_issues (CsSyncStatusPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS_PAGE (self), NULL);

  return self->shown_issues != NULL ? G_LIST_MODEL (self->shown_issues) : NULL;
}
