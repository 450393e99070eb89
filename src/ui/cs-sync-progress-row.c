/* cs-sync-progress-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-sync-progress-row.h"
#include "cs-widget-util.h"

struct _CsSyncProgressRow
{
  AdwActionRow          parent_instance;

  CsSyncObjectProgress *progress;
  GtkProgressBar       *bar;
  GtkImage             *icon;
};

G_DEFINE_FINAL_TYPE (CsSyncProgressRow, cs_sync_progress_row, ADW_TYPE_ACTION_ROW)

/* "1,200 of 5,000 records, about 2 minutes left", "1,200 records so far" */
static char *
describe_amounts (gint64 records,
                  gint64 total,
                  gint64 seconds_left)
{
  g_autofree char *done = cs_format_count (records);
  g_autofree char *all = cs_format_count (total);
  g_autofree char *left = cs_format_duration (seconds_left);

  if (total > records && seconds_left > 0)
    /* Translators: "1,200 of 5,000 records, about 2 minutes left" */
    return g_strdup_printf (ngettext ("%s of %s record, %s left", "%s of %s records, %s left", (gulong) total),
                            done, all, left);
  if (total > records)
    return g_strdup_printf (ngettext ("%s of %s record", "%s of %s records", (gulong) total), done, all);
  return g_strdup_printf (ngettext ("%s record so far", "%s records so far", (gulong) records), done);
}

static char *
describe_done (CsSyncObjectProgress *progress)
{
  gint64 records = cs_sync_object_progress_get_records (progress);
  gint64 deleted = cs_sync_object_progress_get_deleted (progress);
  gint64 skipped = cs_sync_object_progress_get_skipped (progress);
  g_autofree char *stored = cs_format_count (records);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, ngettext ("%s record stored", "%s records stored", (gulong) records), stored);
  if (deleted > 0)
    {
      g_autofree char *count = cs_format_count (deleted);

      /* Translators: follows "120 records stored" */
      g_string_append_printf (text, ngettext (", %s marked deleted", ", %s marked deleted", (gulong) deleted), count);
    }
  if (skipped > 0)
    {
      g_autofree char *count = cs_format_count (skipped);

      /* Translators: follows "120 records stored" */
      g_string_append_printf (text, ngettext (", %s skipped (see the errors)", ", %s skipped (see the errors)",
                                              (gulong) skipped), count);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe (CsSyncObjectProgress *progress)
{
  switch (cs_sync_object_progress_get_phase (progress))
    {
    case CS_SYNC_PHASE_WAITING:
      return g_strdup (_("Waiting"));
    case CS_SYNC_PHASE_CHECKING:
      return g_strdup (_("Asking Salesforce what changed"));
    case CS_SYNC_PHASE_BULK_JOB:
      return g_strdup (_("Salesforce prepares the records (Bulk API 2.0 job)"));
    case CS_SYNC_PHASE_RECONCILING:
      return g_strdup (_("Comparing records to find deletions"));
    case CS_SYNC_PHASE_QUERYING:
    case CS_SYNC_PHASE_DOWNLOADING:
      return describe_amounts (cs_sync_object_progress_get_records (progress),
                               cs_sync_object_progress_get_total (progress),
                               cs_sync_object_progress_get_seconds_left (progress));
    case CS_SYNC_PHASE_DONE:
      return describe_done (progress);
    case CS_SYNC_PHASE_UNCHANGED:
      return g_strdup (_("Unchanged since the last cycle"));
    case CS_SYNC_PHASE_FAILED:
      return g_strdup (cs_sync_object_progress_get_message (progress));
    case CS_SYNC_PHASE_STOPPED:
    default:
      return g_strdup (_("Stopped before its end; the next cycle goes on from there"));
    }
}

static void
update (CsSyncProgressRow *self)
{
  CsSyncObjectProgress *progress = self->progress;
  CsSyncPhase phase = cs_sync_object_progress_get_phase (progress);
  gint64 total = cs_sync_object_progress_get_total (progress);
  g_autofree char *text = describe (progress);
  gboolean reading = phase == CS_SYNC_PHASE_QUERYING || phase == CS_SYNC_PHASE_DOWNLOADING;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->bar), reading && total > 0);
  if (reading && total > 0)
    gtk_progress_bar_set_fraction (self->bar, CLAMP ((double) cs_sync_object_progress_get_records (progress) / total,
                                                     0.0, 1.0));
  gtk_widget_set_visible (GTK_WIDGET (self->icon), phase >= CS_SYNC_PHASE_DONE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");
  if (phase == CS_SYNC_PHASE_DONE || phase == CS_SYNC_PHASE_UNCHANGED)
    {
      gtk_image_set_from_icon_name (self->icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Done"), -1);
    }
  else if (phase == CS_SYNC_PHASE_FAILED)
    {
      gtk_image_set_from_icon_name (self->icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Failed"), -1);
    }
  else
    {
      gtk_image_set_from_icon_name (self->icon, "media-playback-pause-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stopped"), -1);
    }
}

static void
progress_notify_cb (CsSyncObjectProgress *progress,
                    GParamSpec           *pspec,
                    CsSyncProgressRow    *self)
{
  update (self);
}

static void
cs_sync_progress_row_dispose (GObject *object)
{
  CsSyncProgressRow *self = CS_SYNC_PROGRESS_ROW (object);

  if (self->progress != NULL)
    g_signal_handlers_disconnect_by_data (self->progress, self);
  g_clear_object (&self->progress);

  G_OBJECT_CLASS (cs_sync_progress_row_parent_class)->dispose (object);
}

static void
cs_sync_progress_row_class_init (CsSyncProgressRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cs_sync_progress_row_dispose;
}

static void
cs_sync_progress_row_init (CsSyncProgressRow *self)
{
  self->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->bar), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (self->bar), 96, -1);
  self->icon = GTK_IMAGE (gtk_image_new ());
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->bar));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->icon));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

GtkWidget *
cs_sync_progress_row_new (CsSyncObjectProgress *progress)
{
  CsSyncProgressRow *self;

  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (progress), NULL);

  self = g_object_new (CS_TYPE_SYNC_PROGRESS_ROW, NULL);
  self->progress = g_object_ref (progress);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), cs_sync_object_progress_get_object (progress));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cs_sync_object_progress_get_object (progress), -1);
  g_signal_connect (progress, "notify", G_CALLBACK (progress_notify_cb), self);
  update (self);
  return GTK_WIDGET (self);
}

CsSyncObjectProgress *
cs_sync_progress_row_get_progress (CsSyncProgressRow *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PROGRESS_ROW (self), NULL);

  return self->progress;
}

void
cs_sync_progress_show_cycle (CsRecordSync   *record_sync,
                             GtkLabel       *label,
                             GtkProgressBar *bar)
{
  gint64 records, total;
  g_autofree char *text = NULL;

  g_return_if_fail (CS_IS_RECORD_SYNC (record_sync));

  records = cs_record_sync_get_records (record_sync);
  total = cs_record_sync_get_total (record_sync);
  text = describe_amounts (records, total, cs_record_sync_get_seconds_left (record_sync));
  gtk_label_set_text (label, text);
  if (total > 0)
    gtk_progress_bar_set_fraction (bar, CLAMP ((double) records / total, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (bar);
}

static void
progress_items_changed_cb (GListModel *model,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GtkListBox *list)
{
  GtkWidget *child;

  /* Refilled as a whole when a cycle starts: rebuilt as a whole. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CsSyncObjectProgress) item = g_list_model_get_item (model, i);

      gtk_list_box_append (list, cs_sync_progress_row_new (item));
    }
}

void
cs_sync_progress_bind_list (GtkListBox *list,
                            GListModel *progress)
{
  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (G_IS_LIST_MODEL (progress));

  g_signal_connect_object (progress, "items-changed", G_CALLBACK (progress_items_changed_cb), list, 0);
  progress_items_changed_cb (progress, 0, 0, g_list_model_get_n_items (progress), list);
}
