/* cs-credentials-page.c: takes the Consumer Key and Secret, checks their
 * shape as they are pasted, and saves them to the keyring on Next.
 *
 * The secret is never logged; copies of it are wiped before being freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "cs-credentials-page.h"
#include "cs-entry-message-row.h"
#include "cs-message-bar.h"
#include "cs-secret-util.h"
#include "cs-widget-util.h"

#define KEY_MIN_LENGTH     20
#define SECRET_MIN_LENGTH  16
#define VALUE_MAX_LENGTH   255
/* Salesforce's consumer keys all start like this. */
#define KEY_USUAL_PREFIX   "3MVG"

struct _CsCredentialsPage
{
  CsPage             parent_instance;

  AdwEntryRow       *key_row;
  AdwEntryRow       *secret_row;
  CsEntryMessageRow *key_message;
  CsEntryMessageRow *secret_message;
  CsMessageBar      *message_bar;

  /* A warning does not block Next. */
  gboolean           key_valid;
  gboolean           secret_valid;
  /* The connection whose re-authorization the fields were emptied for. */
  char              *reauthorizing;
};

G_DEFINE_FINAL_TYPE (CsCredentialsPage, cs_credentials_page, CS_TYPE_PAGE)

static CsSetupContext *
get_context (CsCredentialsPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

/* The row's text without the spaces and line breaks a copy from a web
 * page drags along; a secret (or a value compared with one), wiped when
 * freed. */
static CsSecretString *
dup_value (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
has_outer_whitespace (const char *text)
{
  gsize length = strlen (text);

  return length > 0 && (g_ascii_isspace (text[0]) || g_ascii_isspace (text[length - 1]));
}

/* The practice org's app while the practice org is the environment. */
static CsPracticeProcess *
get_practice_org (CsCredentialsPage *self)
{
  CsSetupContext *context = get_context (self);

  if (cs_setup_context_get_environment (context) != CS_ENVIRONMENT_PRACTICE)
    return NULL;
  return cs_setup_context_get_practice_org (context);
}

/* Returns NULL when @key looks like a consumer key; else what is wrong and,
 * in @type, whether it blocks (error) or only deserves a look (warning). */
static char *
check_key_shape (const char    *key,
                 CsMessageType *type)
{
  gsize length = strlen (key);

  *type = CS_MESSAGE_ERROR;

  for (const char *p = key; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char bad[8] = { 0 };

      if (g_unichar_isspace (c))
        return g_strdup (_("The Consumer Key has a space or a line break in it. Copy the key again, on its own."));
      if (c < 128 && (g_ascii_isalnum (c) || c == '.' || c == '_'))
        continue;

      g_unichar_to_utf8 (c, bad);
      /* Translators: %s is the character that cannot be in a key, e.g. "-" */
      return g_strdup_printf (_("A Consumer Key cannot contain “%s”: it has only letters, digits, dots and underscores. Copy the key again."),
                              bad);
    }

  if (length < KEY_MIN_LENGTH)
    return g_strdup_printf (_("This is too short for a Consumer Key, which has at least %d characters. Copy the whole key."),
                            KEY_MIN_LENGTH);
  if (length > VALUE_MAX_LENGTH)
    return g_strdup_printf (_("This is too long for a Consumer Key, which has at most %d characters. Copy the key alone."),
                            VALUE_MAX_LENGTH);

  if (!g_str_has_prefix (key, KEY_USUAL_PREFIX))
    {
      *type = CS_MESSAGE_WARNING;
      /* Translators: %s is "3MVG" */
      return g_strdup_printf (_("Consumer Keys from Salesforce usually start with “%s”. Check that this is the key, not the secret or another value."),
                              KEY_USUAL_PREFIX);
    }

  return NULL;
}

static char *
check_secret_shape (const char *secret,
                    const char *key)
{
  gsize length = strlen (secret);

  for (const char *p = secret; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return g_strdup (_("The Consumer Secret has a space or a line break in it. Copy the secret again, on its own."));

  if (length < SECRET_MIN_LENGTH)
    return g_strdup_printf (_("This is too short for a Consumer Secret, which has at least %d characters. Copy the whole secret."),
                            SECRET_MIN_LENGTH);
  if (length > VALUE_MAX_LENGTH)
    return g_strdup_printf (_("This is too long for a Consumer Secret, which has at most %d characters. Copy the secret alone."),
                            VALUE_MAX_LENGTH);
  if (key != NULL && strcmp (secret, key) == 0)
    return g_strdup (_("This is the Consumer Key again. Paste the Consumer Secret here: Salesforce shows it below the key."));

  return NULL;
}

static void
update_complete (CsCredentialsPage *self)
{
  cs_page_set_complete (CS_PAGE (self), self->key_valid && self->secret_valid);
}

static gboolean
is_reauthorizing (CsCredentialsPage *self)
{
  return cs_setup_context_get_task (get_context (self)) == CS_SETUP_TASK_REAUTHORIZE;
}

/* In practice mode, says where the values came from; in a
 * re-authorization, when they are kept. Errors of the save stay until the
 * next try. */
static void
update_practice_note (CsCredentialsPage *self)
{
  CsPracticeProcess *org = get_practice_org (self);
  g_autoptr(CsSecretString) key = dup_value (self->key_row);
  g_autoptr(CsSecretString) secret = dup_value (self->secret_row);

  if (cs_message_bar_is_shown (self->message_bar) &&
      cs_message_bar_get_message_type (self->message_bar) != CS_MESSAGE_INFO)
    return;

  if (org != NULL &&
      g_strcmp0 (key, cs_practice_process_get_consumer_key (org)) == 0 &&
      g_strcmp0 (secret, cs_practice_process_get_consumer_secret (org)) == 0)
    cs_message_bar_show (self->message_bar, CS_MESSAGE_INFO,
                         _("These are the practice org’s Consumer Key and Secret, filled in for you."),
                         NULL, NULL);
  else if (is_reauthorizing (self))
    cs_message_bar_show (self->message_bar, CS_MESSAGE_INFO,
                         _("Enter the Consumer Key and Secret of the External Client App as it is now. They replace the stored ones only once the login with them works."),
                         NULL, NULL);
  else
    cs_message_bar_hide (self->message_bar);
}

static void
check_key (CsCredentialsPage *self,
           gboolean           immediate)
{
  g_autoptr(CsSecretString) key = dup_value (self->key_row);
  CsMessageType type = CS_MESSAGE_ERROR;
  g_autofree char *problem = NULL;

  /* Empty is not a mistake, only not done yet. */
  if (*key != '\0')
    problem = check_key_shape (key, &type);

  self->key_valid = *key != '\0' && (problem == NULL || type != CS_MESSAGE_ERROR);
  cs_entry_message_row_set_problem (self->key_message, type, problem, immediate);
}

static void
check_secret (CsCredentialsPage *self,
              gboolean           immediate)
{
  g_autoptr(CsSecretString) key = dup_value (self->key_row);
  g_autoptr(CsSecretString) secret = dup_value (self->secret_row);
  g_autofree char *problem = NULL;

  if (*secret != '\0')
    problem = check_secret_shape (secret, key);

  self->secret_valid = *secret != '\0' && problem == NULL;
  cs_entry_message_row_set_problem (self->secret_message, CS_MESSAGE_ERROR, problem, immediate);
}

/* Returns TRUE when the text was replaced by its trimmed form (the change
 * that causes is checked on its own). */
static gboolean
trim (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(CsSecretString) trimmed = NULL;

  if (!has_outer_whitespace (text))
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  gtk_editable_set_text (GTK_EDITABLE (row), trimmed);
  gtk_editable_set_position (GTK_EDITABLE (row), -1);
  return TRUE;
}

static void
key_check_cb (CsEntryMessageRow *row,
              gboolean           pasted,
              CsCredentialsPage *self)
{
  if (trim (self->key_row))
    return;

  check_key (self, pasted);
  /* The secret is compared with the key. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->secret_row)) != '\0')
    check_secret (self, FALSE);
  update_practice_note (self);
  update_complete (self);
}

static void
secret_check_cb (CsEntryMessageRow *row,
                 gboolean           pasted,
                 CsCredentialsPage *self)
{
  if (trim (self->secret_row))
    return;

  check_secret (self, pasted);
  update_practice_note (self);
  update_complete (self);
}

static void
key_activated_cb (AdwEntryRow       *row,
                  CsCredentialsPage *self)
{
  check_key (self, TRUE);
  if (self->key_valid)
    gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
}

static void
secret_activated_cb (AdwEntryRow       *row,
                     CsCredentialsPage *self)
{
  check_key (self, TRUE);
  check_secret (self, TRUE);
  if (cs_page_get_complete (CS_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CsCredentialsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cs_setup_context_save_client_credentials_finish (CS_SETUP_CONTEXT (source), result, &error))
    {
      /* Cancelled, or the page is gone (window closed): nothing to show. */
      if (!cs_page_result_is_stale (CS_PAGE (self), result))
        {
          cs_message_bar_show_error (self->message_bar, error, _("_Try Again"), "assistant.next");
          cs_widget_scroll_into_view (GTK_WIDGET (self->message_bar));
        }
      g_debug ("Saving the consumer key and secret failed: %s", g_quark_to_string (error->domain));
      cs_page_apply_complete (CS_PAGE (self), FALSE);
      return;
    }

  g_debug ("Consumer key and secret saved to the keyring");
  cs_page_apply_complete (CS_PAGE (self), TRUE);
}

static gboolean
cs_credentials_page_apply (CsPage       *page,
                           GCancellable *cancellable)
{
  CsCredentialsPage *self = CS_CREDENTIALS_PAGE (page);
  CsSetupContext *context = get_context (self);
  g_autoptr(CsSecretString) key = dup_value (self->key_row);
  g_autoptr(CsSecretString) secret = dup_value (self->secret_row);

  if (cs_message_bar_get_message_type (self->message_bar) != CS_MESSAGE_INFO)
    cs_message_bar_hide (self->message_bar);

  cs_setup_context_set_client_credentials (context, key, secret);
  cs_setup_context_save_client_credentials_async (context, cancellable, save_cb, g_object_ref (self));
  return TRUE;
}

static gboolean
cs_credentials_page_is_needed (CsPage *page)
{
  CsCredentialsPage *self = CS_CREDENTIALS_PAGE (page);

  /* A re-authorization keeps the stored pair unless the admin enters a
   * new one. */
  return !is_reauthorizing (self) || cs_setup_context_get_replace_consumer (get_context (self));
}

/* A re-authorization asks for the app's pair as it is now: never shows the
 * stored one, nor what was typed for another connection. */
static void
prepare_for_reauthorization (CsCredentialsPage *self)
{
  CsConnection *connection = cs_setup_context_get_connection (get_context (self));
  const char *id = connection != NULL ? connection->id : NULL;

  cs_page_set_next_label (CS_PAGE (self), is_reauthorizing (self) ? _("_Continue") : _("_Save and Continue"));
  if (!is_reauthorizing (self) || g_strcmp0 (self->reauthorizing, id) == 0)
    return;
  g_free (self->reauthorizing);
  self->reauthorizing = g_strdup (id);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
}

static void
cs_credentials_page_shown (CsPage *page)
{
  CsCredentialsPage *self = CS_CREDENTIALS_PAGE (page);
  CsPracticeProcess *org = get_practice_org (self);
  CsPracticeProcess *old_org = cs_setup_context_get_practice_org (get_context (self));
  g_autoptr(CsSecretString) key = NULL;

  prepare_for_reauthorization (self);
  key = dup_value (self->key_row);
  if (org != NULL && *key == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), cs_practice_process_get_consumer_key (org));
      gtk_editable_set_text (GTK_EDITABLE (self->secret_row), cs_practice_process_get_consumer_secret (org));
    }
  else if (org == NULL && old_org != NULL &&
           g_strcmp0 (key, cs_practice_process_get_consumer_key (old_org)) == 0)
    {
      /* The admin left the practice org for a real one: its app's values
       * would only fail there. */
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
    }

  update_practice_note (self);
}

static void
cs_credentials_page_constructed (GObject *object)
{
  CsCredentialsPage *self = CS_CREDENTIALS_PAGE (object);
  CsSetupContext *context;
  const char *key, *secret;

  G_OBJECT_CLASS (cs_credentials_page_parent_class)->constructed (object);

  context = get_context (self);
  g_assert (context != NULL);

  key = cs_setup_context_get_consumer_key (context);
  secret = cs_setup_context_get_consumer_secret (context);
  if (key != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
  if (secret != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->secret_row), secret);
  update_complete (self);
}

static void
cs_credentials_page_dispose (GObject *object)
{
  CsCredentialsPage *self = CS_CREDENTIALS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CREDENTIALS_PAGE);

  G_OBJECT_CLASS (cs_credentials_page_parent_class)->dispose (object);
}

static void
cs_credentials_page_finalize (GObject *object)
{
  CsCredentialsPage *self = CS_CREDENTIALS_PAGE (object);

  g_free (self->reauthorizing);

  G_OBJECT_CLASS (cs_credentials_page_parent_class)->finalize (object);
}

static void
cs_credentials_page_class_init (CsCredentialsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->constructed = cs_credentials_page_constructed;
  object_class->dispose = cs_credentials_page_dispose;
  object_class->finalize = cs_credentials_page_finalize;

  page_class->apply = cs_credentials_page_apply;
  page_class->shown = cs_credentials_page_shown;
  page_class->is_needed = cs_credentials_page_is_needed;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);
  g_type_ensure (CS_TYPE_ENTRY_MESSAGE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-credentials-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsCredentialsPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialsPage, secret_row);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialsPage, key_message);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialsPage, secret_message);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialsPage, message_bar);
  gtk_widget_class_bind_template_callback (widget_class, key_check_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_check_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_activated_cb);
}

static void
cs_credentials_page_init (CsCredentialsPage *self)
{
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Monospace tells 0 from O and l from 1 when the admin compares. */
  pango_attr_list_insert (attributes, pango_attr_family_new ("monospace"));
  adw_entry_row_set_attributes (self->key_row, attributes);
  adw_entry_row_set_attributes (self->secret_row, attributes);

  cs_page_set_title (CS_PAGE (self), _("Consumer Key and Secret"));
  cs_page_set_next_label (CS_PAGE (self), _("_Save and Continue"));
  cs_page_set_initial_focus (CS_PAGE (self), GTK_WIDGET (self->key_row));
}
