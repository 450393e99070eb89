/* cs-sync-page.c: records the fields the sync user sees in the field
 * catalog, with a progress bar, then says what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-sync-page.h"
#include "cs-sync-page-private.h"
#include "cs-message-bar.h"

struct _CsSyncPage
{
  CsPage              parent_instance;

  CsFieldSync        *field_sync;        /* the one recorded; the context may hand out a new one */
  gulong              progress_handler;
  gboolean            recording;         /* with the page's work cancellable */
  gboolean            recorded;
  gboolean            failed;
  /* The check (its findings array, a ref; NULL without one) the last
   * recording followed: recording again after the same check would only
   * describe everything once more. */
  GPtrArray          *recorded_findings;
  GPtrArray          *recording_findings;
  CsFieldSyncSummary  summary;

  CsMessageBar       *error_bar;
  GtkWidget          *failed_label;
  GtkWidget          *progress_box;
  GtkProgressBar     *progress_bar;
  GtkWidget          *done_box;
  GtkLabel           *done_label;
  GtkWidget          *summary_group;
  GtkLabel           *new_value;
  GtkLabel           *unchanged_value;
  GtkWidget          *resumed_row;
  GtkLabel           *resumed_value;
  GtkLabel           *no_longer_value;
  GtkLabel           *type_changed_value;
  GtkWidget          *objects_group;
  GtkListBox         *objects_list;
};

G_DEFINE_FINAL_TYPE (CsSyncPage, cs_sync_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsSyncPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static void
set_count (GtkLabel   *label,
           guint       count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (label, text);
}

static guint
count_synced (const CsFieldSyncCounts *counts)
{
  return counts->n_new + counts->n_unchanged + counts->n_type_changed + counts->n_resumed;
}

static char *
describe_counts (const CsFieldSyncCounts *counts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (counts->n_new > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u new", "%u new", counts->n_new),
                                             counts->n_new));
  if (counts->n_unchanged > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u unchanged", "%u unchanged",
                                                       counts->n_unchanged),
                                             counts->n_unchanged));
  if (counts->n_resumed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u synced again", "%u synced again",
                                                       counts->n_resumed),
                                             counts->n_resumed));
  if (counts->n_no_longer_synced > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u no longer synced", "%u no longer synced",
                                                       counts->n_no_longer_synced),
                                             counts->n_no_longer_synced));
  if (counts->n_type_changed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u type changed", "%u types changed",
                                                       counts->n_type_changed),
                                             counts->n_type_changed));
  if (parts->len == 0)
    return g_strdup (_("No fields"));

  g_ptr_array_add (parts, NULL);
  /* Translators: separates "12 new", "3 unchanged"… */
  return g_strjoinv (C_("field counts", ", "), (char **) parts->pdata);
}

static void
show_summary (CsSyncPage *self)
{
  const CsFieldSyncCounts *total = &self->summary.total;
  GtkWidget *child;
  g_autofree char *done = NULL;
  guint n_synced = count_synced (total);

  done = g_strdup_printf (ngettext ("%u field is now recorded as a permanent field.",
                                    "%u fields are now recorded as permanent fields.",
                                    n_synced),
                          n_synced);
  gtk_label_set_text (self->done_label, done);

  set_count (self->new_value, total->n_new);
  set_count (self->unchanged_value, total->n_unchanged);
  set_count (self->resumed_value, total->n_resumed);
  set_count (self->no_longer_value, total->n_no_longer_synced);
  set_count (self->type_changed_value, total->n_type_changed);
  /* Rare: only worth a row when it happened. */
  gtk_widget_set_visible (self->resumed_row, total->n_resumed > 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->objects_list))) != NULL)
    gtk_list_box_remove (self->objects_list, child);
  for (guint i = 0; self->summary.objects != NULL && i < self->summary.objects->len; i++)
    {
      CsFieldSyncObjectSummary *object = g_ptr_array_index (self->summary.objects, i);
      g_autofree char *subtitle = describe_counts (&object->counts);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), object->object);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->objects_list, row);
    }
  gtk_widget_set_visible (self->objects_group,
                          self->summary.objects != NULL && self->summary.objects->len > 0);
}

static void
refresh (CsSyncPage *self)
{
  gtk_widget_set_visible (self->failed_label, self->failed && !self->recording);
  gtk_widget_set_visible (self->progress_box, self->recording);
  gtk_widget_set_visible (self->done_box, self->recorded && !self->recording);
  gtk_widget_set_visible (self->summary_group, self->recorded && !self->recording);
  if (!self->recorded || self->recording)
    gtk_widget_set_visible (self->objects_group, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.try-again", !self->recording);

  cs_page_set_complete (CS_PAGE (self), self->recorded && !self->recording);
}

static void
cancel_record (CsSyncPage *self)
{
  cs_page_cancel_work (CS_PAGE (self));
  g_clear_pointer (&self->recording_findings, g_ptr_array_unref);
  self->recording = FALSE;
}

static void
progress_cb (CsFieldSync *field_sync,
             gdouble      fraction,
             CsSyncPage  *self)
{
  if (self->recording)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
forget_recording (CsSyncPage *self)
{
  self->recorded = FALSE;
  self->failed = FALSE;
  g_clear_pointer (&self->recorded_findings, g_ptr_array_unref);
  cs_field_sync_summary_clear (&self->summary);
}

/* Another field sync (a new login, another connection) has recorded
 * nothing yet. */
static void
context_field_sync_cb (CsSetupContext *context,
                       GParamSpec     *pspec,
                       CsSyncPage     *self)
{
  cancel_record (self);
  forget_recording (self);
  if (self->field_sync != NULL)
    g_clear_signal_handler (&self->progress_handler, self->field_sync);
  g_clear_object (&self->field_sync);
  g_object_get (context, "field-sync", &self->field_sync, NULL);
  if (self->field_sync != NULL)
    self->progress_handler = g_signal_connect (self->field_sync, "progress", G_CALLBACK (progress_cb), self);
}

static void
show_error (CsSyncPage   *self,
            const GError *error)
{
  /* Salesforce refused the connection: marked through the vault. */
  cs_setup_context_note_error (get_context (self), error);
  if (cs_error_is_reauthorization (error))
    cs_message_bar_show_error (self->error_bar, error, _("_Log In Again"), "sync.log-in-again");
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_CHANGED_SINCE_CHECK))
    cs_message_bar_show_error (self->error_bar, error, _("_Review Again"), "sync.review-again");
  else
    cs_message_bar_show_error (self->error_bar, error, _("_Try Again"), "sync.try-again");
}

static void
record_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsSyncPage) self = user_data;
  g_auto(CsFieldSyncSummary) summary = { { 0 }, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  gboolean ok;

  ok = cs_field_sync_record_finish (CS_FIELD_SYNC (source), result, &summary, &error);

  /* Overtaken by a new recording, a new field sync or the page going away. */
  if (cs_page_result_is_stale (CS_PAGE (self), result) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->recording = FALSE;
  self->failed = !ok;
  findings = g_steal_pointer (&self->recording_findings);

  if (ok)
    {
      g_debug ("Fields recorded");
      cs_message_bar_hide (self->error_bar);
      self->recorded = TRUE;
      self->recorded_findings = g_steal_pointer (&findings);
      cs_field_sync_summary_clear (&self->summary);
      self->summary = summary;
      summary.objects = NULL;
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      show_summary (self);
    }
  else
    {
      g_debug ("Recording the fields failed");
      show_error (self, error);
    }
  refresh (self);
}

static void
start_record (CsSyncPage *self)
{
  g_autoptr(GError) error = NULL;
  CsFieldSync *field_sync = cs_setup_context_get_field_sync (get_context (self), &error);
  GPtrArray *findings;

  cancel_record (self);
  forget_recording (self);

  if (field_sync == NULL)
    {
      self->failed = TRUE;
      show_error (self, error);
      refresh (self);
      return;
    }

  findings = cs_field_sync_get_findings (field_sync);
  cs_message_bar_hide (self->error_bar);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  self->recording = TRUE;
  self->recording_findings = findings != NULL ? g_ptr_array_ref (findings) : NULL;
  /* Shown before the first "progress" so the bar is there at once. */
  refresh (self);
  cs_field_sync_record_async (field_sync, cs_page_get_work_cancellable (CS_PAGE (self)),
                              record_cb, g_object_ref (self));
}

static void
action_try_again (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  start_record (CS_SYNC_PAGE (widget));
}

/* The field sync now lists the fields that appeared: the review shows them
 * and asks for the confirmation again. */
static void
action_review_again (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cs_page_request_page (CS_PAGE (widget), "review");
}

static void
action_log_in_again (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CsSyncPage *self = CS_SYNC_PAGE (widget);

  cancel_record (self);
  refresh (self);
  cs_page_request_login_again (CS_PAGE (self));
}

static void
cs_sync_page_shown (CsPage *page)
{
  CsSyncPage *self = CS_SYNC_PAGE (page);
  g_autoptr(GError) error = NULL;
  CsFieldSync *field_sync = cs_setup_context_get_field_sync (get_context (self), &error);
  GPtrArray *findings;

  if (field_sync == NULL)
    {
      cancel_record (self);
      forget_recording (self);
      self->failed = TRUE;
      show_error (self, error);
      refresh (self);
      return;
    }

  /* Recorded (or being recorded) after this very check: nothing new to
   * record. A new check since then may have seen changes. */
  findings = cs_field_sync_get_findings (field_sync);
  if (self->recording && self->recording_findings == findings)
    refresh (self);
  else if (!self->recording && self->recorded && self->recorded_findings == findings)
    refresh (self);
  else
    start_record (self);
}

static void
cs_sync_page_constructed (GObject *object)
{
  CsSyncPage *self = CS_SYNC_PAGE (object);

  G_OBJECT_CLASS (cs_sync_page_parent_class)->constructed (object);

  g_signal_connect_object (get_context (self), "notify::field-sync",
                           G_CALLBACK (context_field_sync_cb), self, 0);
  context_field_sync_cb (get_context (self), NULL, self);
}

static void
cs_sync_page_dispose (GObject *object)
{
  CsSyncPage *self = CS_SYNC_PAGE (object);

  cancel_record (self);
  forget_recording (self);
  if (self->field_sync != NULL)
    g_clear_signal_handler (&self->progress_handler, self->field_sync);
  g_clear_object (&self->field_sync);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_SYNC_PAGE);

  G_OBJECT_CLASS (cs_sync_page_parent_class)->dispose (object);
}

static void
cs_sync_page_class_init (CsSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_sync_page_constructed;
  object_class->dispose = cs_sync_page_dispose;
  page_class->shown = cs_sync_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, failed_label);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, done_box);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, done_label);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, new_value);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, unchanged_value);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, resumed_row);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, resumed_value);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, no_longer_value);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, type_changed_value);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, objects_group);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPage, objects_list);

  gtk_widget_class_install_action (widget_class, "sync.try-again", NULL, action_try_again);
  gtk_widget_class_install_action (widget_class, "sync.log-in-again", NULL, action_log_in_again);
  gtk_widget_class_install_action (widget_class, "sync.review-again", NULL, action_review_again);
}

static void
cs_sync_page_init (CsSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  cs_page_set_title (CS_PAGE (self), _("Sync the Fields"));
  /* The guide's words for the next step. */
  cs_page_set_next_label (CS_PAGE (self), _("Start Salesforce _Sync"));
  cs_page_set_complete (CS_PAGE (self), FALSE);
}

/* ---- for the tests -------------------------------------------------------- */

CsMessageBar *
cs_sync_page_get_error_bar (CsSyncPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PAGE (self), NULL);

  return self->error_bar;
}

gboolean
cs_sync_page_get_recording (CsSyncPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PAGE (self), FALSE);

  return self->recording;
}

GtkProgressBar *
cs_sync_page_get_progress_bar (CsSyncPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PAGE (self), NULL);

  return self->progress_bar;
}

const char *
cs_sync_page_get_done_text (CsSyncPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->done_box))
    return NULL;
  return gtk_label_get_text (self->done_label);
}

const char *
cs_sync_page_get_count_text (CsSyncPage      *self,
                             CsSyncPageCount  count)
{
  g_return_val_if_fail (CS_IS_SYNC_PAGE (self), NULL);

  switch (count)
    {
    case CS_SYNC_PAGE_COUNT_NEW:
      return gtk_label_get_text (self->new_value);
    case CS_SYNC_PAGE_COUNT_UNCHANGED:
      return gtk_label_get_text (self->unchanged_value);
    case CS_SYNC_PAGE_COUNT_RESUMED:
      return gtk_label_get_text (self->resumed_value);
    case CS_SYNC_PAGE_COUNT_NO_LONGER_SYNCED:
      return gtk_label_get_text (self->no_longer_value);
    case CS_SYNC_PAGE_COUNT_TYPE_CHANGED:
      return gtk_label_get_text (self->type_changed_value);
    default:
      g_return_val_if_reached (NULL);
    }
}

GtkListBox *
cs_sync_page_get_objects_list (CsSyncPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PAGE (self), NULL);

  return self->objects_list;
}

gboolean
cs_sync_page_get_failed_shown (CsSyncPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->failed_label);
}
