/* cs-welcome-page.c: says what the wizard will do and how long it takes,
 * and lets the admin pick the task and the Salesforce environment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-message-bar.h"
#include "cs-widget-util.h"
#include "cs-welcome-page.h"

/* A message about a URL being typed waits for a pause in the typing, so
 * that "https://ac" does not already count as a mistake. */
#define MESSAGE_DELAY_MS 800

struct _CsWelcomePage
{
  CsPage           parent_instance;

  GtkCheckButton  *task_new_check;
  GtkCheckButton  *task_reauthorize_check;
  GtkCheckButton  *task_review_check;
  GtkCheckButton  *production_check;
  GtkCheckButton  *sandbox_check;
  GtkCheckButton  *my_domain_check;
  GtkCheckButton  *practice_check;
  AdwEntryRow     *my_domain_row;
  CsMessageBar    *my_domain_message;
  CsMessageBar    *message_bar;

  char            *my_domain_error;   /* why the typed URL is refused, or NULL */
  guint            my_domain_length;  /* characters at the last change */
  guint            message_timeout_id;
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

  complete = gtk_check_button_get_active (self->task_new_check);
  if (selected_environment (self) == CS_ENVIRONMENT_MY_DOMAIN)
    complete = complete && self->my_domain_valid;

  cs_page_set_complete (CS_PAGE (self), complete);
}

static void
show_my_domain_message (CsWelcomePage *self)
{
  g_clear_handle_id (&self->message_timeout_id, g_source_remove);

  if (self->my_domain_error != NULL && selected_environment (self) == CS_ENVIRONMENT_MY_DOMAIN)
    {
      cs_message_bar_show (self->my_domain_message, CS_MESSAGE_ERROR,
                           self->my_domain_error, NULL, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->my_domain_row), "error");
      cs_widget_scroll_into_view (GTK_WIDGET (self->my_domain_message));
    }
  else
    {
      cs_message_bar_hide (self->my_domain_message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->my_domain_row), "error");
    }
}

static gboolean
message_timeout_cb (gpointer user_data)
{
  CsWelcomePage *self = user_data;

  self->message_timeout_id = 0;
  show_my_domain_message (self);
  return G_SOURCE_REMOVE;
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

  g_clear_pointer (&self->my_domain_error, g_free);

  if (*trimmed == '\0')
    /* Nothing typed yet is not a mistake: the page is just incomplete. */
    self->my_domain_valid = FALSE;
  else if (cs_setup_context_set_my_domain (get_context (self), trimmed, &error))
    self->my_domain_valid = TRUE;
  else
    {
      self->my_domain_valid = FALSE;
      self->my_domain_error = g_strdup (error->message);
    }

  /* A refusal already on screen follows the text at once: it must never
   * describe an earlier value. */
  if (self->my_domain_error == NULL || immediate ||
      cs_message_bar_is_shown (self->my_domain_message))
    show_my_domain_message (self);
  else
    {
      g_clear_handle_id (&self->message_timeout_id, g_source_remove);
      self->message_timeout_id = g_timeout_add (MESSAGE_DELAY_MS, message_timeout_cb, self);
    }

  update_complete (self);
}

static void
my_domain_changed_cb (GtkEditable   *editable,
                      CsWelcomePage *self)
{
  guint length = g_utf8_strlen (gtk_editable_get_text (editable), -1);
  /* More than one character at once is a paste (or a test): no typing to
   * wait for. */
  gboolean immediate = length > self->my_domain_length + 1 || length + 1 < self->my_domain_length;

  self->my_domain_length = length;
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
my_domain_focus_leave_cb (GtkEventControllerFocus *controller,
                          CsWelcomePage           *self)
{
  if (self->message_timeout_id != 0)
    show_my_domain_message (self);
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
    show_my_domain_message (self);

  update_complete (self);
}

static void
task_toggled_cb (GtkCheckButton *check,
                 CsWelcomePage  *self)
{
  if (!gtk_check_button_get_active (check) || self->updating)
    return;

  if (check == self->task_reauthorize_check)
    cs_setup_context_set_task (get_context (self), CS_SETUP_TASK_REAUTHORIZE);
  else if (check == self->task_review_check)
    cs_setup_context_set_task (get_context (self), CS_SETUP_TASK_REVIEW_CREDENTIALS);
  else
    cs_setup_context_set_task (get_context (self), CS_SETUP_TASK_NEW_CONNECTION);

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

  /* Only a new connection can be set up in this version. */
  gtk_check_button_set_active (self->task_new_check, TRUE);
  cs_setup_context_set_task (context, CS_SETUP_TASK_NEW_CONNECTION);

  self->updating = FALSE;

  if (environment == CS_ENVIRONMENT_MY_DOMAIN)
    check_my_domain (self, TRUE);
  update_complete (self);
}

static gboolean
cs_welcome_page_apply (CsPage       *page,
                       GCancellable *cancellable)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (page);
  CsSetupContext *context = get_context (self);
  g_autoptr(GError) error = NULL;

  cs_message_bar_hide (self->message_bar);

  if (cs_setup_context_get_environment (context) == CS_ENVIRONMENT_PRACTICE &&
      cs_setup_context_ensure_practice_org (context, &error) == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason, e.g. "Address already in use" */
      message = g_strdup_printf (_("The practice org could not start: %s"), error->message);
      cs_message_bar_show (self->message_bar, CS_MESSAGE_ERROR, message,
                           _("_Try Again"), "assistant.next");
      cs_widget_scroll_into_view (GTK_WIDGET (self->message_bar));
      /* Ending the apply here keeps the admin on this page. */
      cs_page_apply_complete (page, FALSE);
      return TRUE;
    }

  return FALSE;
}

static void
cs_welcome_page_shown (CsPage *page)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (page);

  /* Back from a later page: the context may have moved on meanwhile. */
  if (selected_environment (self) != cs_setup_context_get_environment (get_context (self)))
    load_from_context (self);
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

  g_clear_handle_id (&self->message_timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (cs_welcome_page_parent_class)->dispose (object);
}

static void
cs_welcome_page_finalize (GObject *object)
{
  CsWelcomePage *self = CS_WELCOME_PAGE (object);

  g_free (self->my_domain_error);

  G_OBJECT_CLASS (cs_welcome_page_parent_class)->finalize (object);
}

/* Rows whose check button or switch is labelled by the row. */
static const char * const labelled_rows[] = {
  "task_new_row",
  "task_reauthorize_row",
  "task_review_row",
  "production_row",
  "sandbox_row",
  "my_domain_choice_row",
  "practice_row",
};

static void
cs_welcome_page_class_init (CsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_welcome_page_constructed;
  object_class->dispose = cs_welcome_page_dispose;
  object_class->finalize = cs_welcome_page_finalize;

  page_class->apply = cs_welcome_page_apply;
  page_class->shown = cs_welcome_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, task_new_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, task_reauthorize_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, task_review_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, production_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, sandbox_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, my_domain_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, practice_check);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, my_domain_row);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, my_domain_message);
  gtk_widget_class_bind_template_child (widget_class, CsWelcomePage, message_bar);
  /* Offset 0: reachable with gtk_widget_get_template_child() only. */
  for (guint i = 0; i < G_N_ELEMENTS (labelled_rows); i++)
    gtk_widget_class_bind_template_child_full (widget_class, labelled_rows[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, task_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, environment_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, my_domain_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, my_domain_activated_cb);
}

static void
cs_welcome_page_init (CsWelcomePage *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The check buttons have no label of their own: they take their row's. */
  for (guint i = 0; i < G_N_ELEMENTS (labelled_rows); i++)
    {
      GObject *row = gtk_widget_get_template_child (GTK_WIDGET (self), CS_TYPE_WELCOME_PAGE, labelled_rows[i]);

      cs_widget_label_from_row (ADW_ACTION_ROW (row));
    }

  cs_page_set_title (CS_PAGE (self), _("Welcome"));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (my_domain_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->my_domain_row), focus);
}
