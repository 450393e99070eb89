/* cs-sync-start-page.c: "Start Sync": a confirmation; then the first cycle
 * with progress per object, while the connection's systemd timer is
 * installed and checked (or, without a systemd user session, the command
 * to keep running instead, with a copy button).
 *
 * The cycle runs with the page's work cancellable: leaving the page for
 * the status view lets it go on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-copy-row.h"
#include "cs-message-bar.h"
#include "cs-sync-error.h"
#include "cs-sync-progress-row.h"
#include "cs-sync-start-page.h"
#include "cs-sync-start-page-private.h"
#include "cs-widget-util.h"

struct _CsSyncStartPage
{
  CsPage               parent_instance;

  CsRecordSync        *record_sync;
  gboolean             loading;        /* the connection's secrets, from the keyring */
  gboolean             running;
  gboolean             started;        /* a cycle began (whatever became of it) */
  gboolean             completed;
  gboolean             installing;
  gboolean             install_tried;  /* its row says how it went */
  CsSyncServiceResult *service;

  GtkWidget           *confirm_box;
  GtkWidget           *start_button;
  CsMessageBar        *error_bar;
  GtkWidget           *done_box;
  GtkLabel            *done_label;
  GtkWidget           *progress_box;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  GtkWidget           *progress_group;
  GtkListBox          *progress_list;
  GtkWidget           *service_group;
  AdwActionRow        *service_row;
  GtkStack            *service_icon;
  GtkWidget           *install_button;
  CsCopyRow           *watch_row;
};

G_DEFINE_FINAL_TYPE (CsSyncStartPage, cs_sync_start_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsSyncStartPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static void
refresh (CsSyncStartPage *self)
{
  gboolean busy = self->loading || self->running;

  gtk_widget_set_visible (self->confirm_box, !self->started);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-start.start", !busy && !self->installing);
  gtk_widget_set_visible (self->progress_box, self->running);
  /* A cycle that could not begin has no objects to show. */
  gtk_widget_set_visible (self->progress_group,
                          self->started && self->record_sync != NULL &&
                          g_list_model_get_n_items (cs_record_sync_get_progress (self->record_sync)) > 0);
  gtk_widget_set_visible (self->done_box, self->completed && !self->running);
  gtk_widget_set_visible (self->service_group, self->install_tried);
  gtk_widget_set_visible (self->install_button, self->install_tried && !self->installing && self->service == NULL);
  /* The status view follows the cycle and what became of it. */
  cs_page_set_complete (CS_PAGE (self), self->started && !self->installing);
}

static void
cycle_progress_cb (CsRecordSync    *record_sync,
                   GParamSpec      *pspec,
                   CsSyncStartPage *self)
{
  cs_sync_progress_show_cycle (record_sync, self->progress_label, self->progress_bar);
}

static void
show_error (CsSyncStartPage *self,
            const GError    *error)
{
  /* No Resume: the sync itself is set up, the status view follows it from
   * here. */
  static const CsSyncErrorActions actions = {
    .reauthorize_label = N_("_Log In Again"),
    .reauthorize = "sync-start.log-in-again",
    .retry = "sync-start.start",
  };

  cs_sync_error_show (get_context (self), self->error_bar, error, &actions);
}

static void
cycle_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsSyncStartPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncCycle) cycle = cs_record_sync_run_cycle_finish (CS_RECORD_SYNC (source), result, &error);

  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  self->running = FALSE;
  if (cycle == NULL)
    show_error (self, error);
  else
    {
      g_autofree char *records = cs_format_count (cycle->records);
      g_autofree char *text = NULL;

      self->completed = TRUE;
      text = g_strdup_printf (ngettext ("The first cycle stored %s record. Your sync between Marketo and Salesforce is in progress.",
                                        "The first cycle stored %s records. Your sync between Marketo and Salesforce is in progress.",
                                        (gulong) cycle->records),
                              records);
      gtk_label_set_text (self->done_label, text);
    }
  refresh (self);
}

static void
installed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CsSyncStartPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncServiceResult) service = NULL;

  service = cs_setup_context_install_sync_service_finish (CS_SETUP_CONTEXT (source), result, &error);
  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  self->installing = FALSE;
  if (service == NULL)
    {
      adw_action_row_set_subtitle (self->service_row, error->message);
      gtk_stack_set_visible_child_name (self->service_icon, "failed");
      gtk_widget_set_visible (GTK_WIDGET (self->watch_row), FALSE);
    }
  else
    {
      adw_action_row_set_subtitle (self->service_row, service->message);
      gtk_stack_set_visible_child_name (self->service_icon,
                                        service->state == CS_SYNC_SERVICE_ACTIVE ? "active" : "manual");
      cs_copy_row_set_value (self->watch_row, service->watch_command);
      gtk_widget_set_visible (GTK_WIDGET (self->watch_row), service->state == CS_SYNC_SERVICE_NO_USER_SESSION);
      g_clear_pointer (&self->service, cs_sync_service_result_free);
      self->service = g_steal_pointer (&service);
    }
  refresh (self);
}

static void
start_install (CsSyncStartPage *self)
{
  if (self->installing)
    return;
  self->installing = TRUE;
  self->install_tried = TRUE;
  adw_action_row_set_subtitle (self->service_row, _("Setting up the timer that starts the next cycles…"));
  gtk_stack_set_visible_child_name (self->service_icon, "installing");
  cs_setup_context_install_sync_service_async (get_context (self), cs_page_get_work_cancellable (CS_PAGE (self)),
                                               installed_cb, g_object_ref (self));
  refresh (self);
}

static void
action_install (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_install (CS_SYNC_START_PAGE (widget));
}

static void
set_record_sync (CsSyncStartPage *self,
                 CsRecordSync    *record_sync)
{
  if (self->record_sync == record_sync)
    return;
  if (self->record_sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->record_sync, self);
      g_signal_handlers_disconnect_by_data (cs_record_sync_get_progress (self->record_sync), self);
    }
  g_set_object (&self->record_sync, record_sync);
  if (record_sync == NULL)
    return;
  g_signal_connect_swapped (cs_record_sync_get_progress (record_sync), "items-changed", G_CALLBACK (refresh), self);
  g_signal_connect (record_sync, "notify::records", G_CALLBACK (cycle_progress_cb), self);
  g_signal_connect (record_sync, "notify::total", G_CALLBACK (cycle_progress_cb), self);
  cs_sync_progress_bind_list (self->progress_list, cs_record_sync_get_progress (record_sync));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsSyncStartPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsRecordSync) record_sync = NULL;
  GCancellable *cancellable = cs_page_get_work_cancellable (CS_PAGE (self));

  record_sync = cs_setup_context_load_record_sync_finish (CS_SETUP_CONTEXT (source), result, &error);
  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  self->loading = FALSE;
  if (record_sync == NULL)
    {
      show_error (self, error);
      refresh (self);
      return;
    }
  set_record_sync (self, record_sync);
  self->running = TRUE;
  self->started = TRUE;
  self->completed = FALSE;
  gtk_label_set_text (self->progress_label, _("Starting the first cycle…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  cs_record_sync_run_cycle_async (record_sync, cancellable, cycle_cb, g_object_ref (self));

  /* Once is enough: the timer stays installed whatever the cycle does. */
  if (self->service == NULL)
    start_install (self);
  refresh (self);
}

static void
action_start (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CsSyncStartPage *self = CS_SYNC_START_PAGE (widget);

  if (self->loading || self->running)
    return;
  cs_message_bar_hide (self->error_bar);
  self->loading = TRUE;
  refresh (self);
  cs_setup_context_load_record_sync_async (get_context (self), cs_page_get_work_cancellable (CS_PAGE (self)),
                                           loaded_cb, g_object_ref (self));
}

static void
action_log_in_again (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cs_page_request_login_again (CS_PAGE (widget));
}

static void
forget_cycle (CsSyncStartPage *self)
{
  cs_page_cancel_work (CS_PAGE (self));
  set_record_sync (self, NULL);
  self->loading = self->running = self->started = self->completed = FALSE;
  self->installing = self->install_tried = FALSE;
  g_clear_pointer (&self->service, cs_sync_service_result_free);
  cs_message_bar_hide (self->error_bar);
}

static void
cs_sync_start_page_shown (CsPage *page)
{
  CsSyncStartPage *self = CS_SYNC_START_PAGE (page);
  CsRecordSync *current = cs_setup_context_get_record_sync (get_context (self));

  /* Another login or connection since: its sync has not started. */
  if (self->record_sync != NULL && self->record_sync != current)
    forget_cycle (self);
  refresh (self);
}

static void
cs_sync_start_page_dispose (GObject *object)
{
  CsSyncStartPage *self = CS_SYNC_START_PAGE (object);

  forget_cycle (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_SYNC_START_PAGE);

  G_OBJECT_CLASS (cs_sync_start_page_parent_class)->dispose (object);
}

static void
cs_sync_start_page_class_init (CsSyncStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->dispose = cs_sync_start_page_dispose;
  page_class->shown = cs_sync_start_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);
  g_type_ensure (CS_TYPE_COPY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-sync-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, confirm_box);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, done_box);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, done_label);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, progress_group);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, progress_list);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, service_group);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, service_row);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, service_icon);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, install_button);
  gtk_widget_class_bind_template_child (widget_class, CsSyncStartPage, watch_row);

  gtk_widget_class_install_action (widget_class, "sync-start.start", NULL, action_start);
  gtk_widget_class_install_action (widget_class, "sync-start.log-in-again", NULL, action_log_in_again);
  gtk_widget_class_install_action (widget_class, "sync-start.install", NULL, action_install);
}

static void
cs_sync_start_page_init (CsSyncStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  cs_page_set_title (CS_PAGE (self), _("Start Sync"));
  cs_page_set_next_label (CS_PAGE (self), _("Show _Status"));
  cs_page_set_initial_focus (CS_PAGE (self), self->start_button);
  cs_page_set_complete (CS_PAGE (self), FALSE);
}

/* ---- for the tests -------------------------------------------------------- */

GtkButton *
cs_sync_start_page_get_start_button (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), NULL);

  return GTK_BUTTON (self->start_button);
}

gboolean
cs_sync_start_page_get_running (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), FALSE);

  return self->loading || self->running;
}

gboolean
cs_sync_start_page_get_completed (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), FALSE);

  return self->completed;
}

gboolean
cs_sync_start_page_get_installing (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), FALSE);

  return self->installing;
}

CsMessageBar *
cs_sync_start_page_get_error_bar (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), NULL);

  return self->error_bar;
}

const char *
cs_sync_start_page_get_service_text (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->service_group))
    return NULL;
  return adw_action_row_get_subtitle (self->service_row);
}

GtkButton *
cs_sync_start_page_get_install_button (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), NULL);

  return GTK_BUTTON (self->install_button);
}

CsCopyRow *
cs_sync_start_page_get_watch_row (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), NULL);

  return self->watch_row;
}

GtkListBox *
cs_sync_start_page_get_progress_list (CsSyncStartPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_START_PAGE (self), NULL);

  return self->progress_list;
}
