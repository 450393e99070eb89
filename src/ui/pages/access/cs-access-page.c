/* cs-access-page.c: the sync user's access, as step 2 of the guide asks:
 * the audit's findings, blocking ones first, each with its fix; the custom
 * objects to sync; "Check Again" once the admin changed Salesforce.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-access-page.h"
#include "cs-access-page-private.h"
#include "cs-message-bar.h"

struct _CsAccessPage
{
  CsPage          parent_instance;

  CsFieldSync    *field_sync;       /* the one shown; the context may hand out a new one */
  gboolean        checking;         /* with the page's work cancellable */
  GPtrArray      *shown_findings;   /* the array the rows show (a ref) */
  /* Bumped when the admin adds or removes a custom object: a check that
   * started before does not cover the new list. */
  guint           objects_serial;
  guint           checked_serial;
  guint           checking_serial;

  CsMessageBar   *error_bar;
  CsMessageBar   *notice_bar;
  GtkSpinner     *spinner;
  GtkImage       *status_icon;
  GtkLabel       *status_label;
  GtkWidget      *check_button;
  GtkWidget      *findings_group;
  GtkListBox     *findings_list;
  GtkListBox     *custom_list;
  AdwEntryRow    *custom_entry;
  GtkWidget      *add_button;
  GtkLabel       *custom_error_label;
};

G_DEFINE_FINAL_TYPE (CsAccessPage, cs_access_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsAccessPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static gboolean
is_stale (CsAccessPage *self)
{
  return self->field_sync != NULL &&
         cs_field_sync_has_checked (self->field_sync) &&
         self->objects_serial != self->checked_serial;
}

static void
list_box_clear (GtkListBox *list,
                GtkWidget  *keep)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != keep)
        gtk_list_box_remove (list, child);
      child = next;
    }
}

static void start_check (CsAccessPage *self);

static void show_error (CsAccessPage *self, const GError *error);
static void refresh (CsAccessPage *self);

static void
practice_fixed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CsAccessPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  if (!cs_setup_context_fix_practice_finding_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      show_error (self, error);
      refresh (self);
      return;
    }
  /* Done in the practice org, as the admin would in Setup: check again. */
  start_check (self);
}

static void
fix_clicked_cb (GtkButton    *button,
                CsAccessPage *self)
{
  const CsAuditFinding *finding = g_object_get_data (G_OBJECT (button), "cs-finding");

  if (finding == NULL || self->checking)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  cs_setup_context_fix_practice_finding_async (get_context (self), finding,
                                               cs_page_get_work_cancellable (CS_PAGE (self)),
                                               practice_fixed_cb, g_object_ref (self));
}

static GtkWidget *
new_finding_row (CsAccessPage         *self,
                 const CsAuditFinding *finding)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *title = NULL;
  gboolean blocking = finding->severity == CS_AUDIT_SEVERITY_BLOCKING;

  if (finding->field != NULL)
    title = g_strdup_printf ("%s.%s", finding->object, finding->field);
  else
    title = g_strdup (finding->object);

  /* API names and Salesforce's menu paths, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), finding->message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  icon = gtk_image_new_from_icon_name (blocking ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, blocking ? "error" : "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  blocking ? _("Must be fixed") : _("Warning"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* A rehearsal with the practice org has no Salesforce Setup to go to. */
  if (cs_setup_context_can_fix_practice_finding (get_context (self), finding))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Fix"));
      g_autofree char *accessible = NULL;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Make this change in the practice org"));
      /* Translators: %s is an object or Object.Field API name */
      accessible = g_strdup_printf (_("Fix %s in the practice org"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      gtk_widget_set_name (button, "fix-button");
      g_object_set_data_full (G_OBJECT (button), "cs-finding",
                              cs_audit_finding_copy (finding), (GDestroyNotify) cs_audit_finding_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (fix_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static void
show_findings (CsAccessPage *self,
               GPtrArray    *findings)
{
  if (findings == self->shown_findings)
    return;

  g_clear_pointer (&self->shown_findings, g_ptr_array_unref);
  if (findings != NULL)
    self->shown_findings = g_ptr_array_ref (findings);

  list_box_clear (self->findings_list, NULL);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    gtk_list_box_append (self->findings_list,
                         new_finding_row (self, g_ptr_array_index (findings, i)));
  gtk_widget_set_visible (self->findings_group, findings != NULL && findings->len > 0);
}

static char *
summarize (guint n_blocking,
           guint n_warnings)
{
  g_autofree char *blocking = NULL;
  g_autofree char *warnings = NULL;

  if (n_blocking == 0 && n_warnings == 0)
    return g_strdup (_("No problems found: the sync user has the access the sync needs."));

  if (n_blocking > 0)
    blocking = g_strdup_printf (ngettext ("%u problem must be fixed before syncing.",
                                          "%u problems must be fixed before syncing.",
                                          n_blocking),
                                n_blocking);
  else
    blocking = g_strdup (_("Nothing stops the sync."));

  if (n_warnings == 0)
    return g_steal_pointer (&blocking);

  warnings = g_strdup_printf (ngettext ("%u warning: the sync runs, but with less data.",
                                        "%u warnings: the sync runs, but with less data.",
                                        n_warnings),
                              n_warnings);
  /* Translators: two sentences, e.g. "2 problems must be fixed before
   * syncing." then "1 warning: the sync runs, but with less data." */
  return g_strdup_printf (C_("access summary", "%s %s"), blocking, warnings);
}

static void
refresh (CsAccessPage *self)
{
  gboolean has_checked = self->field_sync != NULL && cs_field_sync_has_checked (self->field_sync);
  GPtrArray *findings = has_checked ? cs_field_sync_get_findings (self->field_sync) : NULL;
  guint n_blocking = findings != NULL ? cs_access_audit_count_blocking (findings) : 0;
  gboolean stale = is_stale (self);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->checking);
  gtk_spinner_set_spinning (self->spinner, self->checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "access.check-again", !self->checking);

  if (self->checking)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_icon), FALSE);
      gtk_label_set_text (self->status_label, _("Checking what the sync user can see…"));
    }
  else if (findings != NULL)
    {
      g_autofree char *summary = summarize (n_blocking, findings->len - n_blocking);
      const char *icon = n_blocking > 0 ? "dialog-error-symbolic"
                         : findings->len > 0 ? "dialog-warning-symbolic"
                         : "emblem-ok-symbolic";
      const char *style = n_blocking > 0 ? "error" : findings->len > 0 ? "warning" : "success";

      gtk_image_set_from_icon_name (self->status_icon, icon);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      n_blocking > 0 ? _("Must be fixed")
                                      : findings->len > 0 ? _("Warning") : _("Checked"),
                                      -1);
      gtk_widget_set_visible (GTK_WIDGET (self->status_icon), TRUE);
      gtk_label_set_text (self->status_label, summary);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_icon), FALSE);
      gtk_label_set_text (self->status_label, _("The access has not been checked yet."));
    }

  /* While a check runs the last one's findings stay in view. */
  if (!self->checking)
    show_findings (self, findings);

  if (stale && !self->checking)
    cs_message_bar_show (self->notice_bar, CS_MESSAGE_INFO,
                         _("The custom objects changed since the last check. Check again to include the changes."),
                         NULL, NULL);
  else
    cs_message_bar_hide (self->notice_bar);

  cs_page_set_complete (CS_PAGE (self),
                        has_checked && !self->checking && !stale && n_blocking == 0);
}

static void
cancel_check (CsAccessPage *self)
{
  cs_page_cancel_work (CS_PAGE (self));
  self->checking = FALSE;
}

static void
remove_object_clicked_cb (GtkButton    *button,
                          CsAccessPage *self);

static void
rebuild_custom_rows (CsAccessPage *self)
{
  g_auto(GStrv) objects = NULL;

  list_box_clear (self->custom_list, GTK_WIDGET (self->custom_entry));
  if (self->field_sync == NULL)
    return;

  objects = cs_field_sync_dup_custom_objects (self->field_sync);
  for (guint i = 0; objects != NULL && objects[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *accessible = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), objects[i]);
      gtk_widget_set_name (row, objects[i]);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove"));
      /* Translators: %s is a custom object's API name */
      accessible = g_strdup_printf (_("Remove %s"), objects[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "cs-object", g_strdup (objects[i]), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_object_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      gtk_list_box_append (self->custom_list, row);
    }
}

/* Another field sync (a new login, another connection) starts the page
 * over. */
static void
context_field_sync_cb (CsSetupContext *context,
                       GParamSpec     *pspec,
                       CsAccessPage   *self)
{
  cancel_check (self);
  g_clear_object (&self->field_sync);
  g_object_get (context, "field-sync", &self->field_sync, NULL);
  self->objects_serial = 0;
  self->checked_serial = 0;
  show_findings (self, NULL);
  rebuild_custom_rows (self);
}

static void
show_error (CsAccessPage *self,
            const GError *error)
{
  /* Salesforce refused the connection: marked through the vault. */
  cs_setup_context_note_error (get_context (self), error);
  /* Otherwise "Check Again", right below, is the way to try again. */
  if (cs_error_is_reauthorization (error))
    cs_message_bar_show_error (self->error_bar, error, _("_Log In Again"), "access.log-in-again");
  else
    cs_message_bar_show_error (self->error_bar, error, NULL, NULL);
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CsAccessPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  findings = cs_field_sync_check_finish (CS_FIELD_SYNC (source), result, &error);

  /* Overtaken by a new check, a new field sync or the page going away. */
  if (cs_page_result_is_stale (CS_PAGE (self), result) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->checking = FALSE;

  if (findings == NULL)
    {
      g_debug ("Access check failed");
      show_error (self, error);
    }
  else
    {
      g_debug ("Access checked: %u findings", findings->len);
      cs_message_bar_hide (self->error_bar);
      self->checked_serial = self->checking_serial;
    }
  refresh (self);
}

static void
start_check (CsAccessPage *self)
{
  g_autoptr(GError) error = NULL;
  CsFieldSync *field_sync = cs_setup_context_get_field_sync (get_context (self), &error);

  cancel_check (self);

  if (field_sync == NULL)
    {
      show_error (self, error);
      refresh (self);
      return;
    }

  cs_message_bar_hide (self->error_bar);
  self->checking = TRUE;
  self->checking_serial = self->objects_serial;
  cs_field_sync_check_async (field_sync, cs_page_get_work_cancellable (CS_PAGE (self)),
                             check_cb, g_object_ref (self));
  refresh (self);
}

static void
show_custom_error (CsAccessPage *self,
                   const char   *message)
{
  gtk_label_set_text (self->custom_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->custom_error_label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->custom_entry), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->custom_entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->custom_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->custom_entry), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->custom_entry),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->custom_entry),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static guint
strv_length0 (GStrv strv)
{
  return strv != NULL ? g_strv_length (strv) : 0;
}

static void
custom_objects_changed (CsAccessPage *self)
{
  self->objects_serial++;
  rebuild_custom_rows (self);
  refresh (self);
}

static void
action_add_object (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CsAccessPage *self = CS_ACCESS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_entry))));
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  CsFieldSync *field_sync;

  if (name[0] == '\0')
    return;

  field_sync = cs_setup_context_get_field_sync (get_context (self), &error);
  if (field_sync == NULL)
    {
      show_custom_error (self, error->message);
      return;
    }

  before = cs_field_sync_dup_custom_objects (field_sync);
  if (!cs_field_sync_add_custom_object (field_sync, name, &error))
    {
      show_custom_error (self, error->message);
      return;
    }
  after = cs_field_sync_dup_custom_objects (field_sync);

  show_custom_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->custom_entry), "");
  /* Adding one already in the list changes nothing. */
  if (strv_length0 (after) != strv_length0 (before))
    custom_objects_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->custom_entry));
}

static void
remove_object_clicked_cb (GtkButton    *button,
                          CsAccessPage *self)
{
  const char *object = g_object_get_data (G_OBJECT (button), "cs-object");

  if (self->field_sync == NULL || object == NULL)
    return;

  cs_field_sync_remove_custom_object (self->field_sync, object);
  custom_objects_changed (self);
  /* The row (and the focused button) is gone: keep the focus in the group. */
  gtk_widget_grab_focus (GTK_WIDGET (self->custom_entry));
}

static void
custom_entry_changed_cb (GtkEditable  *editable,
                         CsAccessPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "access.add-object", name[0] != '\0');
  show_custom_error (self, NULL);
}

static void
custom_entry_activated_cb (AdwEntryRow  *row,
                           CsAccessPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "access.add-object", NULL);
}

static void
action_check_again (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_check (CS_ACCESS_PAGE (widget));
}

static void
action_log_in_again (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CsAccessPage *self = CS_ACCESS_PAGE (widget);

  cancel_check (self);
  /* The new login gives a new field sync. */
  cs_page_request_login_again (CS_PAGE (self));
}

static void
cs_access_page_shown (CsPage *page)
{
  CsAccessPage *self = CS_ACCESS_PAGE (page);
  g_autoptr(GError) error = NULL;
  CsFieldSync *field_sync = cs_setup_context_get_field_sync (get_context (self), &error);

  if (field_sync == NULL)
    {
      cancel_check (self);
      g_clear_object (&self->field_sync);
      show_findings (self, NULL);
      rebuild_custom_rows (self);
      show_error (self, error);
      refresh (self);
      return;
    }

  /* A check may have added the objects recorded by an earlier sync. */
  rebuild_custom_rows (self);
  if (!self->checking && !cs_field_sync_has_checked (field_sync))
    start_check (self);
  else
    refresh (self);
}

static void
cs_access_page_constructed (GObject *object)
{
  CsAccessPage *self = CS_ACCESS_PAGE (object);

  G_OBJECT_CLASS (cs_access_page_parent_class)->constructed (object);

  g_signal_connect_object (get_context (self), "notify::field-sync",
                           G_CALLBACK (context_field_sync_cb), self, 0);
  context_field_sync_cb (get_context (self), NULL, self);
}

static void
cs_access_page_dispose (GObject *object)
{
  CsAccessPage *self = CS_ACCESS_PAGE (object);

  cancel_check (self);
  g_clear_pointer (&self->shown_findings, g_ptr_array_unref);
  g_clear_object (&self->field_sync);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_ACCESS_PAGE);

  G_OBJECT_CLASS (cs_access_page_parent_class)->dispose (object);
}

static void
cs_access_page_class_init (CsAccessPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_access_page_constructed;
  object_class->dispose = cs_access_page_dispose;
  page_class->shown = cs_access_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-access-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, notice_bar);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, findings_group);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, custom_list);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, custom_entry);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, CsAccessPage, custom_error_label);

  gtk_widget_class_install_action (widget_class, "access.check-again", NULL, action_check_again);
  gtk_widget_class_install_action (widget_class, "access.log-in-again", NULL, action_log_in_again);
  gtk_widget_class_install_action (widget_class, "access.add-object", NULL, action_add_object);
}

static void
cs_access_page_init (CsAccessPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  cs_page_set_title (CS_PAGE (self), _("Check the Sync User’s Access"));
  cs_page_set_complete (CS_PAGE (self), FALSE);
  cs_page_set_initial_focus (CS_PAGE (self), self->check_button);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "access.add-object", FALSE);
  g_signal_connect_object (self->custom_entry, "changed", G_CALLBACK (custom_entry_changed_cb), self, 0);
  g_signal_connect_object (self->custom_entry, "entry-activated", G_CALLBACK (custom_entry_activated_cb), self, 0);
}

/* ---- for the tests -------------------------------------------------------- */

CsMessageBar *
cs_access_page_get_error_bar (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  return self->error_bar;
}

CsMessageBar *
cs_access_page_get_notice_bar (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  return self->notice_bar;
}

gboolean
cs_access_page_get_checking (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), FALSE);

  return self->checking;
}

const char *
cs_access_page_get_summary (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

GtkListBox *
cs_access_page_get_findings_list (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  return self->findings_list;
}

GtkWidget *
cs_access_page_get_check_button (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  return self->check_button;
}

AdwEntryRow *
cs_access_page_get_custom_entry (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  return self->custom_entry;
}

GtkWidget *
cs_access_page_get_add_button (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  return self->add_button;
}

const char *
cs_access_page_get_custom_error (CsAccessPage *self)
{
  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->custom_error_label)))
    return NULL;
  return gtk_label_get_text (self->custom_error_label);
}

GStrv
cs_access_page_dup_shown_custom_objects (CsAccessPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CS_IS_ACCESS_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->custom_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != GTK_WIDGET (self->custom_entry) && ADW_IS_ACTION_ROW (child))
      g_strv_builder_add (builder, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)));

  return g_strv_builder_end (builder);
}
