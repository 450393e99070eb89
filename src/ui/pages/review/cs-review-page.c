/* cs-review-page.c: every field the sync user can see, in a list that
 * stays quick with tens of thousands of fields; the admin unticks the
 * unwanted ones, gets the list of what to hide in Salesforce, checks
 * again, and confirms how many fields become permanent.
 *
 * The list's model is fields → sort (CsFieldSorter, chosen by the column
 * titles) → the fields that pass the filter (CsFieldMatches, following a
 * CsFieldFilter): a keystroke in the search refilters the sorted fields
 * (only those still shown when the text grows) and never sorts again. The
 * list itself (CsFieldView) and its columns are in the .ui file; the
 * object menu is a CsObjectChoices, the marks are followed by a
 * CsFieldMarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "cs-review-page.h"
#include "cs-review-page-private.h"
#include "cs-message-bar.h"
#include "cs-field-filter.h"
#include "cs-field-matches.h"
#include "cs-field-marks.h"
#include "cs-field-view.h"
#include "cs-object-choices.h"

struct _CsReviewPage
{
  CsPage             parent_instance;

  CsFieldSync       *field_sync;
  GListModel        *fields;          /* the field sync's, refilled by each check */
  gulong             fields_changed_id;
  CsFieldMarks      *marks;

  GtkSortListModel  *sort_model;
  CsFieldMatches    *matches;
  CsFieldFilter     *filter;
  CsObjectChoices   *object_choices;
  gboolean           updating_objects;

  guint              refresh_id;
  gboolean           need_recount;
  guint              confirm_count;   /* the number the confirmation names */
  char              *confirm_digest;  /* the new fields it was given for */
  gboolean           checking;        /* checks and saves use the page's work cancellable */
  GtkNativeDialog   *save_dialog;

  CsMessageBar      *caution_bar;
  CsMessageBar      *error_bar;
  GtkStack          *stack;
  AdwStatusPage     *empty_status;
  GtkSpinner        *empty_spinner;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *object_dropdown;
  GtkDropDown       *kind_dropdown;
  GtkCheckButton    *new_only_check;
  GtkScrolledWindow *list_scroller;
  CsFieldView       *field_view;
  GtkLabel          *status_label;
  GtkWidget         *hide_box;
  GtkTextView       *hide_view;
  GtkWidget         *copy_button;
  GtkWidget         *save_button;
  GtkSpinner        *check_spinner;
  GtkWidget         *still_marked_box;
  GtkLabel          *still_marked_label;
  GtkCheckButton    *confirm_check;
  GtkWidget         *nothing_new_label;
};

G_DEFINE_FINAL_TYPE (CsReviewPage, cs_review_page, CS_TYPE_PAGE)

static void refresh (CsReviewPage *self);

/* Another filter: the matches start at the top. */
static void
filter_changed_cb (GtkFilter       *filter,
                   GtkFilterChange  change,
                   CsReviewPage    *self)
{
  cs_field_view_scroll_to_top (self->field_view);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   CsReviewPage   *self)
{
  cs_field_filter_set_search_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
object_selected_cb (GtkDropDown  *dropdown,
                    GParamSpec   *pspec,
                    CsReviewPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_objects)
    return;
  cs_field_filter_set_object (self->filter,
                              cs_object_choices_get_object (self->object_choices, selected));
}

static void
kind_selected_cb (GtkDropDown  *dropdown,
                  GParamSpec   *pspec,
                  CsReviewPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  cs_field_filter_set_kind (self->filter,
                            selected <= CS_REVIEW_KIND_STANDARD ? (CsReviewKind) selected : CS_REVIEW_KIND_ALL);
}

static void
new_only_toggled_cb (GtkCheckButton *check,
                     CsReviewPage   *self)
{
  cs_field_filter_set_new_only (self->filter, gtk_check_button_get_active (check));
}

/* ---- what follows the fields --------------------------------------------- */

static void
update_status (CsReviewPage *self)
{
  guint total = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->matches));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (ngettext ("Showing the only field", "Showing all %u fields", total), total);
  else
    /* Translators: “Showing 120 of 10550 fields” */
    text = g_strdup_printf (ngettext ("Showing %u of %u field", "Showing %u of %u fields", total), shown, total);
  gtk_label_set_text (self->status_label, text);
}

static void
shown_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  CsReviewPage *self)
{
  update_status (self);
}

/* The object menu, with each object's number of fields; keeps the object
 * chosen while it still has fields. */
static void
update_objects (CsReviewPage *self)
{
  g_auto(GStrv) standard_first = self->field_sync != NULL ? cs_field_sync_dup_objects (self->field_sync) : NULL;
  guint selected;

  self->updating_objects = TRUE;
  cs_object_choices_update (self->object_choices, self->fields, (const char * const *) standard_first);
  selected = cs_object_choices_find (self->object_choices, cs_field_filter_get_object (self->filter));
  gtk_drop_down_set_selected (self->object_dropdown, selected);
  self->updating_objects = FALSE;

  /* The object chosen has no field left: all objects again. */
  if (selected == 0)
    cs_field_filter_set_object (self->filter, NULL);
}

static void
update_hide_list (CsReviewPage *self)
{
  g_autofree char *text = self->fields != NULL ? cs_field_sync_format_hide_list (self->fields) : NULL;
  guint n_marked = cs_field_marks_count (self->marks);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->hide_view), text != NULL ? text : "", -1);
  gtk_widget_set_visible (self->hide_box, text != NULL);
  gtk_widget_set_visible (self->copy_button, text != NULL);
  gtk_widget_set_visible (self->save_button, text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.copy", text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.save", text != NULL);

  /* The list only shows fields the sync user still sees: a mark alone
   * keeps nothing out of the sync. */
  gtk_widget_set_visible (self->still_marked_box, n_marked > 0);
  if (n_marked > 0)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("You unticked %u field, but the sync user can still see it: syncing now would sync it anyway and make it permanent. Hide it in Salesforce, then check again.",
                                           "You unticked %u fields, but the sync user can still see them: syncing now would sync them anyway and make them permanent. Hide them in Salesforce, then check again.",
                                           n_marked),
                                 n_marked);
      gtk_label_set_text (self->still_marked_label, message);
    }
}

static void
update_complete (CsReviewPage *self)
{
  gboolean checked = self->field_sync != NULL && cs_field_sync_has_checked (self->field_sync);

  /* Fields recorded while the sync cannot run would be permanent for
   * nothing: blocking access problems come first. */
  gboolean blocked = checked &&
                     cs_access_audit_count_blocking (cs_field_sync_get_findings (self->field_sync)) > 0;

  cs_page_set_complete (CS_PAGE (self),
                        checked && !blocked && !self->checking &&
                        (self->confirm_count == 0 || gtk_check_button_get_active (self->confirm_check)));
}

static void
update_confirm (CsReviewPage *self)
{
  guint n_new = self->field_sync != NULL ? cs_field_sync_count_new_fields (self->field_sync) : 0;
  const char *digest = self->field_sync != NULL ? cs_field_sync_get_new_fields_digest (self->field_sync) : NULL;
  g_autofree char *label = NULL;

  /* Other new fields (even as many): the admin confirms again. */
  if (n_new != self->confirm_count || g_strcmp0 (digest, self->confirm_digest) != 0)
    {
      gtk_check_button_set_active (self->confirm_check, FALSE);
      self->confirm_count = n_new;
      g_free (self->confirm_digest);
      self->confirm_digest = g_strdup (digest);
    }

  label = g_strdup_printf (ngettext ("_I understand that syncing makes %u field permanent in Marketo",
                                     "_I understand that syncing makes %u fields permanent in Marketo",
                                     n_new),
                           n_new);
  gtk_check_button_set_label (self->confirm_check, label);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_check), n_new > 0);
  gtk_widget_set_visible (self->nothing_new_label, n_new == 0);
  update_complete (self);
}

static void
update_checking (CsReviewPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), self->checking);
  gtk_spinner_set_spinning (self->check_spinner, self->checking);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_spinner), self->checking);
  gtk_spinner_set_spinning (self->empty_spinner, self->checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.check",
                                 self->field_sync != NULL && !self->checking);
  update_complete (self);
}

static void
refresh (CsReviewPage *self)
{
  gboolean checked = self->field_sync != NULL && cs_field_sync_has_checked (self->field_sync);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->need_recount)
    {
      self->need_recount = FALSE;
      update_objects (self);
      cs_field_marks_update (self->marks);
    }
  update_hide_list (self);
  update_confirm (self);
  update_status (self);
  update_checking (self);

  if (!checked)
    adw_status_page_set_description (self->empty_status,
                                     self->field_sync == NULL
                                     ? _("The fields cannot be listed until the connection is confirmed.")
                                     : _("Check what the sync user can see to list the fields that the sync would make permanent."));
  gtk_stack_set_visible_child_name (self->stack, checked ? "fields" : "empty");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  CsReviewPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (CsReviewPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

static void
marks_changed_cb (CsFieldMarks *marks,
                  CsReviewPage *self)
{
  queue_refresh (self);
}

static void
fields_changed_cb (GListModel   *model,
                   guint         position,
                   guint         removed,
                   guint         added,
                   CsReviewPage *self)
{
  cs_field_filter_prepare (self->filter, model, position, added);
  self->need_recount = TRUE;
  queue_refresh (self);
}

static void
set_field_sync (CsReviewPage *self,
                CsFieldSync  *field_sync)
{
  if (field_sync == self->field_sync)
    return;

  cs_page_cancel_work (CS_PAGE (self));
  self->checking = FALSE;

  cs_field_marks_set_fields (self->marks, NULL);
  if (self->fields != NULL)
    g_clear_signal_handler (&self->fields_changed_id, self->fields);
  gtk_sort_list_model_set_model (self->sort_model, NULL);
  g_clear_object (&self->fields);
  g_set_object (&self->field_sync, field_sync);

  if (field_sync != NULL)
    {
      self->fields = g_object_ref (cs_field_sync_get_fields (field_sync));
      self->fields_changed_id = g_signal_connect (self->fields, "items-changed",
                                                  G_CALLBACK (fields_changed_cb), self);
      gtk_sort_list_model_set_model (self->sort_model, self->fields);
      cs_field_marks_set_fields (self->marks, self->fields);
      cs_field_filter_prepare (self->filter, self->fields, 0, g_list_model_get_n_items (self->fields));
    }
  /* A new connection: its own count to confirm. */
  gtk_check_button_set_active (self->confirm_check, FALSE);
  self->need_recount = TRUE;
  refresh (self);
}

/* ---- check again ------------------------------------------------------- */

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsReviewPage) self = user_data;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;

  findings = cs_field_sync_check_finish (CS_FIELD_SYNC (source), result, &error);
  /* Cancelled: the page went away or the connection changed. */
  if (cs_page_result_is_stale (CS_PAGE (self), result) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->checking = FALSE;
  if (findings == NULL)
    {
      /* Salesforce refused the connection: marked through the vault. */
      cs_setup_context_note_error (cs_page_get_context (CS_PAGE (self)), error);
      cs_message_bar_show_error (self->error_bar, error, _("_Try Again"), "review.check");
    }
  else if (cs_access_audit_count_blocking (findings) > 0)
    {
      g_autofree char *message = NULL;
      guint n_blocking = cs_access_audit_count_blocking (findings);

      message = g_strdup_printf (ngettext ("The check found %u problem with the sync user’s access that stops the sync. Review the access and fix it in Salesforce first.",
                                           "The check found %u problems with the sync user’s access that stop the sync. Review the access and fix them in Salesforce first.",
                                           n_blocking),
                                 n_blocking);
      cs_message_bar_show (self->error_bar, CS_MESSAGE_WARNING, message,
                           _("_Review Access"), "review.show-access");
    }
  else
    cs_message_bar_hide (self->error_bar);

  /* The fields changed signals may have been deferred: show the result now. */
  refresh (self);
}

static void
start_check (CsReviewPage *self)
{
  if (self->field_sync == NULL || self->checking)
    return;

  self->checking = TRUE;
  cs_message_bar_hide (self->error_bar);
  update_checking (self);
  cs_field_sync_check_async (self->field_sync, cs_page_get_work_cancellable (CS_PAGE (self)),
                             check_cb, g_object_ref (self));
}

static void
action_check (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_check (CS_REVIEW_PAGE (widget));
}

static void
action_show_access (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cs_page_request_page (CS_PAGE (widget), "access");
}

/* ---- copy and save -------------------------------------------------------- */

static char *
dup_hide_text (CsReviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hide_view);
  GtkTextIter start, end;

  if (!gtk_widget_get_visible (self->hide_box))
    return NULL;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
action_copy (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsReviewPage *self = CS_REVIEW_PAGE (widget);
  g_autofree char *text = dup_hide_text (self);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  gtk_widget_activate_action (widget, "assistant.toast", "s", _("Copied"));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cs_review_page_save_hide_list_async (CsReviewPage        *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (CS_IS_REVIEW_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_review_page_save_hide_list_async);

  text = dup_hide_text (self);
  if (text == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_INVALID_INPUT,
                               _("No field is unticked: there is nothing to hide."));
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  text = NULL;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, save_done_cb, g_steal_pointer (&task));
}

gboolean
cs_review_page_save_hide_list_finish (CsReviewPage  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CsReviewPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cs_review_page_save_hide_list_finish (self, result, &error))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "assistant.toast", "s", _("Saved"));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  {
    g_autofree char *message = NULL;

    /* Translators: %s is the system's reason */
    message = g_strdup_printf (_("The list could not be saved (%s). Choose another folder, or copy the list instead."),
                               error->message);
    cs_message_bar_show (self->error_bar, CS_MESSAGE_ERROR, message, NULL, NULL);
  }
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  CsReviewPage    *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->save_dialog);

  if (file != NULL)
    cs_review_page_save_hide_list_async (self, file, cs_page_get_work_cancellable (CS_PAGE (self)),
                                         save_cb, g_object_ref (self));
}

static void
action_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsReviewPage *self = CS_REVIEW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;

  if (self->save_dialog != NULL)
    return;

  native = gtk_file_chooser_native_new (_("Save the Fields to Hide"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* Translators: a file name */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("fields-to-hide.txt"));
  self->save_dialog = GTK_NATIVE_DIALOG (native);
  g_signal_connect_object (native, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (self->save_dialog);
}

/* ---- the page ------------------------------------------------------------ */

static void
confirm_toggled_cb (GtkCheckButton *check,
                    CsReviewPage   *self)
{
  update_complete (self);
}

static void
cs_review_page_shown (CsPage *page)
{
  CsReviewPage *self = CS_REVIEW_PAGE (page);
  g_autoptr(GError) error = NULL;
  CsFieldSync *field_sync = cs_setup_context_get_field_sync (cs_page_get_context (page), &error);

  set_field_sync (self, field_sync);
  if (field_sync == NULL)
    cs_message_bar_show_error (self->error_bar, error, NULL, NULL);
  else if (!self->checking && cs_message_bar_is_shown (self->error_bar) &&
           cs_message_bar_get_message_type (self->error_bar) == CS_MESSAGE_ERROR &&
           cs_field_sync_has_checked (field_sync))
    cs_message_bar_hide (self->error_bar);

  /* Back from the sync page: what was new is recorded now. */
  cs_field_filter_refresh_new (self->filter);

  self->need_recount = TRUE;
  refresh (self);
  cs_page_set_initial_focus (page,
                             field_sync != NULL && cs_field_sync_has_checked (field_sync)
                             ? GTK_WIDGET (self->search_entry) : NULL);
}

static void
cs_review_page_dispose (GObject *object)
{
  CsReviewPage *self = CS_REVIEW_PAGE (object);

  cs_page_cancel_work (CS_PAGE (self));
  if (self->save_dialog != NULL)
    gtk_native_dialog_destroy (self->save_dialog);
  g_clear_object (&self->save_dialog);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_REVIEW_PAGE);

  if (self->marks != NULL)
    g_signal_handlers_disconnect_by_data (self->marks, self);
  g_clear_object (&self->marks);
  if (self->fields != NULL)
    g_clear_signal_handler (&self->fields_changed_id, self->fields);
  g_clear_object (&self->fields);
  g_clear_object (&self->field_sync);
  if (self->matches != NULL)
    g_signal_handlers_disconnect_by_data (self->matches, self);
  if (self->sort_model != NULL)
    gtk_sort_list_model_set_model (self->sort_model, NULL);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->matches);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  g_clear_object (&self->object_choices);

  G_OBJECT_CLASS (cs_review_page_parent_class)->dispose (object);
}

static void
cs_review_page_finalize (GObject *object)
{
  CsReviewPage *self = CS_REVIEW_PAGE (object);

  g_free (self->confirm_digest);

  G_OBJECT_CLASS (cs_review_page_parent_class)->finalize (object);
}

static void
cs_review_page_class_init (CsReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->dispose = cs_review_page_dispose;
  object_class->finalize = cs_review_page_finalize;
  page_class->shown = cs_review_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);
  g_type_ensure (CS_TYPE_FIELD_VIEW);
  g_type_ensure (CS_TYPE_FIELD_COLUMN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, caution_bar);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, empty_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, object_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, new_only_check);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, field_view);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, hide_box);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, hide_view);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, still_marked_box);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, still_marked_label);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, nothing_new_label);

  gtk_widget_class_install_action (widget_class, "review.check", NULL, action_check);
  gtk_widget_class_install_action (widget_class, "review.copy", NULL, action_copy);
  gtk_widget_class_install_action (widget_class, "review.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "review.show-access", NULL, action_show_access);
}

static void
cs_review_page_init (CsReviewPage *self)
{
  const char *kinds[4] = { NULL, NULL, NULL, NULL };
  g_autoptr(GtkStringList) kind_choices = NULL;
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_widget_init_template (GTK_WIDGET (self));

  cs_page_set_title (CS_PAGE (self), _("Review the Fields"));
  cs_page_set_next_label (CS_PAGE (self), _("_Sync Fields"));

  self->marks = cs_field_marks_new ();
  g_signal_connect (self->marks, "changed", G_CALLBACK (marks_changed_cb), self);

  cs_message_bar_show (self->caution_bar, CS_MESSAGE_WARNING,
                       _("Every field listed here becomes a permanent field in Marketo when you sync: it can never be deleted there. If the sync user should not see a field, hide it from the sync user in Salesforce before you sync."),
                       NULL, NULL);

  /* fields → sort (the titles' order) → filter → the list. */
  self->filter = cs_field_filter_new ();
  self->sort_model = gtk_sort_list_model_new (NULL, g_object_ref (GTK_SORTER (cs_field_view_get_sorter (self->field_view))));
  gtk_sort_list_model_set_incremental (self->sort_model, FALSE);
  self->matches = cs_field_matches_new (G_LIST_MODEL (self->sort_model), self->filter);
  cs_field_view_set_model (self->field_view, G_LIST_MODEL (self->matches));
  g_signal_connect (self->matches, "items-changed", G_CALLBACK (shown_changed_cb), self);
  g_signal_connect (self->filter, "changed", G_CALLBACK (filter_changed_cb), self);

  /* Object and kind menus */
  self->object_choices = cs_object_choices_new ();
  gtk_drop_down_set_model (self->object_dropdown, cs_object_choices_get_model (self->object_choices));
  gtk_drop_down_set_expression (self->object_dropdown, expression);
  gtk_drop_down_set_enable_search (self->object_dropdown, TRUE);

  kinds[CS_REVIEW_KIND_ALL] = _("Custom and standard");
  kinds[CS_REVIEW_KIND_CUSTOM] = _("Custom fields");
  kinds[CS_REVIEW_KIND_STANDARD] = _("Standard fields");
  kind_choices = gtk_string_list_new (kinds);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kind_choices));

  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->object_dropdown, "notify::selected", G_CALLBACK (object_selected_cb), self);
  g_signal_connect (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_selected_cb), self);
  g_signal_connect (self->new_only_check, "toggled", G_CALLBACK (new_only_toggled_cb), self);
  g_signal_connect (self->confirm_check, "toggled", G_CALLBACK (confirm_toggled_cb), self);

  self->need_recount = TRUE;
  refresh (self);
}

/* ---- for the tests --------------------------------------------------------- */

void
cs_review_page_set_search_text (CsReviewPage *self,
                                const char   *text)
{
  g_return_if_fail (CS_IS_REVIEW_PAGE (self));

  /* Setting the text deletes the old one first, and an empty search entry
   * reports at once: without the block, each call would show every field
   * before filtering again, which typing never does. */
  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  cs_field_filter_set_search_text (self->filter, text);
}

void
cs_review_page_set_object_filter (CsReviewPage *self,
                                  const char   *object)
{
  guint position;

  g_return_if_fail (CS_IS_REVIEW_PAGE (self));

  position = cs_object_choices_find (self->object_choices, object);

  if (object != NULL && position == 0)
    {
      g_critical ("%s: no object %s in the menu", G_STRFUNC, object);
      return;
    }
  gtk_drop_down_set_selected (self->object_dropdown, position);
}

void
cs_review_page_set_kind_filter (CsReviewPage *self,
                                CsReviewKind  kind)
{
  g_return_if_fail (CS_IS_REVIEW_PAGE (self));
  g_return_if_fail (kind <= CS_REVIEW_KIND_STANDARD);

  gtk_drop_down_set_selected (self->kind_dropdown, kind);
}

void
cs_review_page_set_new_only (CsReviewPage *self,
                             gboolean      new_only)
{
  g_return_if_fail (CS_IS_REVIEW_PAGE (self));

  gtk_check_button_set_active (self->new_only_check, new_only);
}

void
cs_review_page_sort_by (CsReviewPage   *self,
                        CsReviewColumn  column,
                        GtkSortType     order)
{
  g_return_if_fail (CS_IS_REVIEW_PAGE (self));
  g_return_if_fail (column < CS_REVIEW_N_COLUMNS);

  cs_field_sorter_sort_by (cs_field_view_get_sorter (self->field_view), column, order);
}

GListModel *
cs_review_page_get_shown_model (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return G_LIST_MODEL (self->matches);
}

CsFieldView *
cs_review_page_get_field_view (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return self->field_view;
}

GtkDropDown *
cs_review_page_get_object_dropdown (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return self->object_dropdown;
}

gboolean
cs_review_page_get_showing_fields (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "fields") == 0;
}

const char *
cs_review_page_get_status_text (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

void
cs_review_page_flush (CsReviewPage *self)
{
  g_return_if_fail (CS_IS_REVIEW_PAGE (self));

  refresh (self);
}

char *
cs_review_page_dup_hide_list_text (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return dup_hide_text (self);
}

void
cs_review_page_check_again (CsReviewPage *self)
{
  g_return_if_fail (CS_IS_REVIEW_PAGE (self));

  start_check (self);
}

gboolean
cs_review_page_get_checking (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), FALSE);

  return self->checking;
}

GtkCheckButton *
cs_review_page_get_confirm_check (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return self->confirm_check;
}

GtkLabel *
cs_review_page_get_still_marked_label (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return gtk_widget_get_visible (self->still_marked_box) ? self->still_marked_label : NULL;
}

CsMessageBar *
cs_review_page_get_caution_bar (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return self->caution_bar;
}

CsMessageBar *
cs_review_page_get_error_bar (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return self->error_bar;
}
