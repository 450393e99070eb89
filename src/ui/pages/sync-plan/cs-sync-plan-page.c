/* cs-sync-plan-page.c: "Start Salesforce Sync": how the record sync runs,
 * and what its first cycle costs for this org's size (the engine's
 * estimate: one request for the record counts and the org's API use).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-message-bar.h"
#include "cs-sync-error.h"
#include "cs-sync-plan-page.h"
#include "cs-sync-plan-page-private.h"
#include "cs-widget-util.h"

struct _CsSyncPlanPage
{
  CsPage          parent_instance;

  CsRecordSync   *record_sync;     /* the one estimated */
  CsSyncEstimate *estimate;
  gboolean        estimating;      /* with the page's work cancellable */

  CsMessageBar   *error_bar;
  GtkWidget      *estimating_box;
  GtkWidget      *cost_group;
  AdwActionRow   *records_row;
  AdwActionRow   *api_row;
  AdwActionRow   *time_row;
  GtkLabel       *records_value;
  GtkLabel       *api_value;
  GtkLabel       *time_value;
  GtkWidget      *objects_group;
  GtkListBox     *objects_list;
};

G_DEFINE_FINAL_TYPE (CsSyncPlanPage, cs_sync_plan_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsSyncPlanPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static const char *
describe_method (CsSyncMethod method)
{
  switch (method)
    {
    case CS_SYNC_METHOD_BULK:
      return _("read by a Bulk API 2.0 job");
    case CS_SYNC_METHOD_REST:
      return _("read by REST queries");
    case CS_SYNC_METHOD_NONE:
    default:
      return _("nothing to read");
    }
}

static char *
describe_api_calls (const CsSyncEstimate *estimate)
{
  g_autofree char *calls = cs_format_count (estimate->api_calls);

  if (estimate->api_limit > 0 && estimate->api_used >= 0)
    {
      g_autofree char *used = cs_format_count (estimate->api_used);
      g_autofree char *limit = cs_format_count (estimate->api_limit);

      /* Translators: "12, the org has used 1,234 of its 15,000 today" */
      return g_strdup_printf (_("%s (the org has used %s of its %s today)"), calls, used, limit);
    }
  return g_steal_pointer (&calls);
}

static void
show_estimate (CsSyncPlanPage *self)
{
  const CsSyncEstimate *estimate = self->estimate;
  g_autofree char *records = cs_format_count (estimate->records);
  g_autofree char *api_calls = describe_api_calls (estimate);
  g_autofree char *time = cs_format_duration (estimate->seconds);
  GtkWidget *child;

  cs_widget_set_row_value (self->records_row, self->records_value, records);
  cs_widget_set_row_value (self->api_row, self->api_value, api_calls);
  cs_widget_set_row_value (self->time_row, self->time_value, time);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->objects_list))) != NULL)
    gtk_list_box_remove (self->objects_list, child);
  for (guint i = 0; i < estimate->objects->len; i++)
    {
      const CsSyncObjectEstimate *object = g_ptr_array_index (estimate->objects, i);
      g_autofree char *count = cs_format_count (object->records);
      g_autofree char *subtitle = NULL;
      g_autofree char *calls = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *suffix;

      /* Translators: "20,000 records, read by a Bulk API 2.0 job" */
      subtitle = g_strdup_printf (ngettext ("%s record, %s", "%s records, %s", (gulong) object->records),
                                  count, describe_method (object->method));
      calls = g_strdup_printf (ngettext ("%u API call", "%u API calls", object->api_calls), object->api_calls);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), object->object);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      suffix = gtk_label_new (calls);
      gtk_widget_add_css_class (suffix, "dim-label");
      gtk_widget_add_css_class (suffix, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      gtk_list_box_append (self->objects_list, row);
    }
}

static void
refresh (CsSyncPlanPage *self)
{
  gtk_widget_set_visible (self->estimating_box, self->estimating);
  gtk_widget_set_visible (self->cost_group, self->estimate != NULL && !self->estimating);
  gtk_widget_set_visible (self->objects_group, self->estimate != NULL && !self->estimating &&
                                               self->estimate->objects->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-plan.try-again", !self->estimating);
  cs_page_set_complete (CS_PAGE (self), self->estimate != NULL && !self->estimating);
}

static void
show_error (CsSyncPlanPage *self,
            const GError   *error)
{
  static const CsSyncErrorActions actions = {
    .reauthorize_label = N_("_Log In Again"),
    .reauthorize = "sync-plan.log-in-again",
    .retry = "sync-plan.try-again",
  };

  cs_sync_error_show (get_context (self), self->error_bar, error, &actions);
}

static void
estimated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CsSyncPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsSyncEstimate) estimate = cs_record_sync_estimate_finish (CS_RECORD_SYNC (source), result, &error);

  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  self->estimating = FALSE;
  if (estimate == NULL)
    show_error (self, error);
  else
    {
      g_clear_pointer (&self->estimate, cs_sync_estimate_free);
      self->estimate = g_steal_pointer (&estimate);
      show_estimate (self);
    }
  refresh (self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CsSyncPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsRecordSync) record_sync = NULL;

  record_sync = cs_setup_context_load_record_sync_finish (CS_SETUP_CONTEXT (source), result, &error);
  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  if (record_sync == NULL)
    {
      self->estimating = FALSE;
      show_error (self, error);
      refresh (self);
      return;
    }
  g_set_object (&self->record_sync, record_sync);
  cs_record_sync_estimate_async (record_sync, cs_page_get_work_cancellable (CS_PAGE (self)),
                                 estimated_cb, g_object_ref (self));
}

static void
start_estimate (CsSyncPlanPage *self)
{
  cs_page_cancel_work (CS_PAGE (self));
  cs_message_bar_hide (self->error_bar);
  self->estimating = TRUE;
  refresh (self);
  cs_setup_context_load_record_sync_async (get_context (self), cs_page_get_work_cancellable (CS_PAGE (self)),
                                           loaded_cb, g_object_ref (self));
}

static void
cs_sync_plan_page_shown (CsPage *page)
{
  CsSyncPlanPage *self = CS_SYNC_PLAN_PAGE (page);

  /* Estimated once per record sync (a new login or connection makes a
   * new one). */
  if (self->estimating ||
      (self->estimate != NULL && self->record_sync == cs_setup_context_get_record_sync (get_context (self))))
    return;
  g_clear_pointer (&self->estimate, cs_sync_estimate_free);
  start_estimate (self);
}

static void
action_try_again (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  start_estimate (CS_SYNC_PLAN_PAGE (widget));
}

static void
action_log_in_again (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cs_page_request_login_again (CS_PAGE (widget));
}

static void
cs_sync_plan_page_dispose (GObject *object)
{
  CsSyncPlanPage *self = CS_SYNC_PLAN_PAGE (object);

  cs_page_cancel_work (CS_PAGE (self));
  g_clear_object (&self->record_sync);
  g_clear_pointer (&self->estimate, cs_sync_estimate_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_SYNC_PLAN_PAGE);

  G_OBJECT_CLASS (cs_sync_plan_page_parent_class)->dispose (object);
}

static void
cs_sync_plan_page_class_init (CsSyncPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->dispose = cs_sync_plan_page_dispose;
  page_class->shown = cs_sync_plan_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-sync-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, estimating_box);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, cost_group);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, records_row);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, api_row);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, objects_group);
  gtk_widget_class_bind_template_child (widget_class, CsSyncPlanPage, objects_list);

  gtk_widget_class_install_action (widget_class, "sync-plan.try-again", NULL, action_try_again);
  gtk_widget_class_install_action (widget_class, "sync-plan.log-in-again", NULL, action_log_in_again);
}

static void
cs_sync_plan_page_init (CsSyncPlanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->records_value = cs_widget_add_value_label (self->records_row);
  self->api_value = cs_widget_add_value_label (self->api_row);
  self->time_value = cs_widget_add_value_label (self->time_row);

  cs_page_set_title (CS_PAGE (self), _("Start Salesforce Sync"));
  cs_page_set_complete (CS_PAGE (self), FALSE);
}

/* ---- for the tests -------------------------------------------------------- */

gboolean
cs_sync_plan_page_get_estimating (CsSyncPlanPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PLAN_PAGE (self), FALSE);

  return self->estimating;
}

const CsSyncEstimate *
cs_sync_plan_page_get_estimate (CsSyncPlanPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PLAN_PAGE (self), NULL);

  return self->estimate;
}

CsMessageBar *
cs_sync_plan_page_get_error_bar (CsSyncPlanPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PLAN_PAGE (self), NULL);

  return self->error_bar;
}

GtkListBox *
cs_sync_plan_page_get_objects_list (CsSyncPlanPage *self)
{
  g_return_val_if_fail (CS_IS_SYNC_PLAN_PAGE (self), NULL);

  return self->objects_list;
}
