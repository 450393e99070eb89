/* cs-prerequisites-page.c: the guide's prerequisites as a checklist, and
 * the username of the sync user (the login hint, checked after the login).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "cs-entry-message-row.h"
#include "cs-prerequisites-page.h"
#include "cs-widget-util.h"

/* Salesforce's limit for a username. */
#define USERNAME_MAX_LENGTH 80

struct _CsPrerequisitesPage
{
  CsPage           parent_instance;

  GtkCheckButton  *api_access_check;
  GtkCheckButton  *sync_user_check;
  GtkCheckButton  *marketo_oauth_check;
  GtkCheckButton  *app_rights_check;
  AdwEntryRow     *username_row;
  CsEntryMessageRow *username_message;

  gboolean         username_valid;
};

G_DEFINE_FINAL_TYPE (CsPrerequisitesPage, cs_prerequisites_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsPrerequisitesPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

/* The practice org's sync user while the practice org is the environment. */
static const char *
get_practice_username (CsPrerequisitesPage *self)
{
  CsSetupContext *context = get_context (self);
  CsPracticeProcess *org;

  if (cs_setup_context_get_environment (context) != CS_ENVIRONMENT_PRACTICE)
    return NULL;
  org = cs_setup_context_get_practice_org (context);
  return org ? cs_practice_process_get_sync_username (org) : NULL;
}

/* Salesforce usernames have the shape of an email address (they need not
 * be a working mailbox). Returns NULL when @username looks right, else
 * what is wrong with it. */
static char *
check_username_shape (const char *username)
{
  const char *at = strchr (username, '@');
  const char *domain;
  gsize length = g_utf8_strlen (username, -1);

  for (const char *p = username; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return g_strdup (_("A username has no spaces. Check for a space in the middle."));

  if (length > USERNAME_MAX_LENGTH)
    /* Translators: %d is the maximum number of characters (80) */
    return g_strdup_printf (_("This is too long for a Salesforce username, which has at most %d characters."),
                            USERNAME_MAX_LENGTH);

  if (at == NULL || at == username || strchr (at + 1, '@') != NULL)
    return g_strdup (_("A Salesforce username looks like an email address, such as marketo.sync@example.com."));

  domain = at + 1;
  if (*domain == '\0' || *domain == '.' || g_str_has_suffix (domain, ".") ||
      strchr (domain, '.') == NULL || strstr (domain, "..") != NULL)
    return g_strdup (_("The part after the “@” should look like a domain name, such as example.com."));

  return NULL;
}

static void
update_complete (CsPrerequisitesPage *self)
{
  gboolean complete = self->username_valid &&
                      gtk_check_button_get_active (self->api_access_check) &&
                      gtk_check_button_get_active (self->sync_user_check) &&
                      gtk_check_button_get_active (self->marketo_oauth_check) &&
                      gtk_check_button_get_active (self->app_rights_check);

  cs_page_set_complete (CS_PAGE (self), complete);
}

/* In practice mode, a note that the username is the practice org's (a
 * shape complaint wins over it). */
static void
update_note (CsPrerequisitesPage *self)
{
  const char *practice_username = get_practice_username (self);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));

  cs_entry_message_row_set_note (self->username_message,
                                 practice_username != NULL && g_strcmp0 (text, practice_username) == 0
                                 ? _("This is the practice org’s sync user, filled in for you. The practice org is ready: tick the checklist to go on.")
                                 : NULL);
}

static void
check_username (CsPrerequisitesPage *self,
                gboolean             immediate)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *problem = NULL;

  if (*trimmed != '\0')
    problem = check_username_shape (trimmed);
  self->username_valid = *trimmed != '\0' && problem == NULL;

  /* Only a username of the right shape becomes the login hint. */
  cs_setup_context_set_expected_username (get_context (self),
                                          self->username_valid ? trimmed : NULL);

  update_note (self);
  cs_entry_message_row_set_problem (self->username_message, CS_MESSAGE_ERROR, problem, immediate);
  update_complete (self);
}

static void
username_check_cb (CsEntryMessageRow   *row,
                   gboolean             immediate,
                   CsPrerequisitesPage *self)
{
  check_username (self, immediate);
}

static void
username_activated_cb (AdwEntryRow         *row,
                       CsPrerequisitesPage *self)
{
  check_username (self, TRUE);
  if (cs_page_get_complete (CS_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
check_toggled_cb (GtkCheckButton      *check,
                  CsPrerequisitesPage *self)
{
  update_complete (self);
}

static void
cs_prerequisites_page_shown (CsPage *page)
{
  CsPrerequisitesPage *self = CS_PREREQUISITES_PAGE (page);
  CsPracticeProcess *org = cs_setup_context_get_practice_org (get_context (self));
  const char *practice_username = get_practice_username (self);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));

  /* The practice org has its own sync user; a username the admin typed
   * is left alone. */
  if (practice_username != NULL && *text == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->username_row), practice_username);
  else if (practice_username == NULL && org != NULL &&
           g_strcmp0 (text, cs_practice_process_get_sync_username (org)) == 0)
    /* Back from the practice org to a real one, where that user does not
     * exist. */
    gtk_editable_set_text (GTK_EDITABLE (self->username_row), "");

  update_note (self);
  cs_entry_message_row_show_now (self->username_message);
}

static void
cs_prerequisites_page_constructed (GObject *object)
{
  CsPrerequisitesPage *self = CS_PREREQUISITES_PAGE (object);
  const char *username;

  G_OBJECT_CLASS (cs_prerequisites_page_parent_class)->constructed (object);

  username = cs_setup_context_get_expected_username (get_context (self));
  if (username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  update_complete (self);
}

static void
cs_prerequisites_page_dispose (GObject *object)
{
  CsPrerequisitesPage *self = CS_PREREQUISITES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_PREREQUISITES_PAGE);

  G_OBJECT_CLASS (cs_prerequisites_page_parent_class)->dispose (object);
}

/* Rows whose check button or switch is labelled by the row. */
static const char * const labelled_rows[] = {
  "api_access_row",
  "sync_user_row",
  "marketo_oauth_row",
  "app_rights_row",
};

static void
cs_prerequisites_page_class_init (CsPrerequisitesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_prerequisites_page_constructed;
  object_class->dispose = cs_prerequisites_page_dispose;

  page_class->shown = cs_prerequisites_page_shown;

  g_type_ensure (CS_TYPE_ENTRY_MESSAGE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-prerequisites-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPrerequisitesPage, api_access_check);
  gtk_widget_class_bind_template_child (widget_class, CsPrerequisitesPage, sync_user_check);
  gtk_widget_class_bind_template_child (widget_class, CsPrerequisitesPage, marketo_oauth_check);
  gtk_widget_class_bind_template_child (widget_class, CsPrerequisitesPage, app_rights_check);
  gtk_widget_class_bind_template_child (widget_class, CsPrerequisitesPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, CsPrerequisitesPage, username_message);
  /* Offset 0: reachable with gtk_widget_get_template_child() only. */
  for (guint i = 0; i < G_N_ELEMENTS (labelled_rows); i++)
    gtk_widget_class_bind_template_child_full (widget_class, labelled_rows[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_check_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);
}

static void
cs_prerequisites_page_init (CsPrerequisitesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The check buttons have no label of their own: they take their row's. */
  for (guint i = 0; i < G_N_ELEMENTS (labelled_rows); i++)
    {
      GObject *row = gtk_widget_get_template_child (GTK_WIDGET (self), CS_TYPE_PREREQUISITES_PAGE, labelled_rows[i]);

      cs_widget_label_from_row (ADW_ACTION_ROW (row));
    }

  cs_page_set_title (CS_PAGE (self), _("Before You Start"));
  cs_page_set_initial_focus (CS_PAGE (self), GTK_WIDGET (self->api_access_check));
}
