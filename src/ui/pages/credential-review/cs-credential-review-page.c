/* cs-credential-review-page.c: the credential review.
 *
 * The list shows every stored connection (CsConnectionRow) and, above it,
 * what is wrong in the keyring (items deleted behind the app's back, items
 * of ours that belong to no connection), each with the fix the vault
 * offers. A connection opens on its details: the org, the sync user, the
 * activity, where each secret is kept (keyring and item labels as
 * Passwords and Keys shows them), the consumer key masked with Reveal and
 * Copy, the consumer secret shown only on an explicit Reveal, never the
 * refresh token; and its health with what the vault can do about it: Test
 * Now, Re-authorize, Replace Consumer Key and Secret (proved by a refresh),
 * Revoke and Forget (after a confirmation that names what goes).
 *
 * Everything is read and written through the context's vault; its
 * "changed" signal reloads the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-connection-row.h"
#include "cs-copy-row.h"
#include "cs-credential-review-page.h"
#include "cs-credential-review-page-private.h"
#include "cs-message-bar.h"
#include "cs-secret-util.h"
#include "cs-string-util.h"
#include "cs-widget-util.h"

#define MASKED_VALUE "••••••••••••••••"

/* A label row of the details: its row and the value label at its end. */
typedef struct
{
  const char    *id;
  AdwActionRow  *row;
  GtkLabel      *label;
} ValueRow;

enum {
  VALUE_ORG_NAME,
  VALUE_ORG_ID,
  VALUE_INSTANCE,
  VALUE_ENVIRONMENT,
  VALUE_LOGIN_HOST,
  VALUE_USER_NAME,
  VALUE_USERNAME,
  VALUE_PROFILE,
  VALUE_SCOPES,
  VALUE_ISSUED,
  VALUE_REFRESH,
  VALUE_FIELD_SYNC,
  VALUE_RECORD_SYNC,
  VALUE_KEYRING,
  VALUE_KEY_ITEM,
  VALUE_SECRET_ITEM,
  VALUE_TOKEN_ITEM,
  N_VALUES
};

static const char * const value_row_ids[N_VALUES] = {
  "org_name_row", "org_id_row", "instance_row", "environment_row", "login_host_row",
  "user_name_row", "username_row", "profile_row", "scopes_row", "issued_row",
  "refresh_row", "field_sync_row", "record_sync_row",
  "keyring_row", "key_item_row", "secret_item_row", "token_item_row",
};

struct _CsCredentialReviewPage
{
  CsPage              parent_instance;

  CsMessageBar       *message_bar;
  GtkWidget          *list_box;       /* the list, or… */
  GtkWidget          *problems_group;
  GtkListBox         *problems_list;
  GtkListBox         *connections_list;
  GtkWidget          *details_box;    /* …one connection's details */
  GtkWidget          *back_button;
  GtkLabel           *heading_label;
  AdwActionRow       *health_row;
  GtkImage           *health_icon;
  AdwActionRow       *test_row;
  GtkSpinner         *test_spinner;
  GtkWidget          *practice_group;
  CsCopyRow          *practice_secret_row;
  GtkLabel           *key_value_label;
  GtkLabel           *secret_value_label;
  GtkToggleButton    *reveal_key_button;
  GtkToggleButton    *reveal_secret_button;
  ValueRow            values[N_VALUES];

  CsConnectionVault  *vault;          /* watched for "changed" */
  GPtrArray          *statuses;       /* CsConnectionStatus, as listed */
  GPtrArray          *problems;       /* CsVaultProblem */
  char               *shown_id;       /* the connection in the details */
  char               *forget_id;      /* the one a refused forget may force */
  GHashTable         *test_results;   /* connection id → what Test Now found */
  AdwMessageDialog   *dialog;         /* the open confirmation, if any */
  GtkEditable        *dialog_key;     /* its entries (Replace) */
  GtkEditable        *dialog_secret;
  char               *dialog_id;      /* the connection it is about */
  guint               list_serial;
  guint               n_busy;         /* tests, replacements, forgets running */
  guint               n_loading;      /* listings and problem searches running */
  guint               reload_id;
};

G_DEFINE_FINAL_TYPE (CsCredentialReviewPage, cs_credential_review_page, CS_TYPE_PAGE)

static void reload (CsCredentialReviewPage *self);
static void show_details (CsCredentialReviewPage *self);

static CsSetupContext *
get_context (CsCredentialReviewPage *self)
{
  return cs_page_get_context (CS_PAGE (self));
}

static const CsConnectionStatus *
find_status (CsCredentialReviewPage *self,
             const char             *connection_id)
{
  for (guint i = 0; connection_id != NULL && self->statuses != NULL && i < self->statuses->len; i++)
    {
      const CsConnectionStatus *status = g_ptr_array_index (self->statuses, i);

      if (g_str_equal (status->connection->id, connection_id))
        return status;
    }
  return NULL;
}

static const CsConnectionStatus *
shown_status (CsCredentialReviewPage *self)
{
  return find_status (self, self->shown_id);
}

/* The list or the details. (Not a GtkStack: GTK 4.8's asks for the
 * natural width of its children as its minimum, and the window grew.) */
static void
show_view (CsCredentialReviewPage *self,
           gboolean                details)
{
  gtk_widget_set_visible (self->list_box, !details);
  gtk_widget_set_visible (self->details_box, details);
}

static void
show_toast (CsCredentialReviewPage *self,
            const char             *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.toast", "s", message);
}

/* Where the admin reads what happened. (The page's child is the scrolled
 * window; binding it as a template child would unparent it twice.) */
static void
scroll_to_top (CsCredentialReviewPage *self)
{
  GtkWidget *scrolled = adw_bin_get_child (ADW_BIN (self));

  if (GTK_IS_SCROLLED_WINDOW (scrolled))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
}

static void
show_message (CsCredentialReviewPage *self,
              CsMessageType           type,
              const char             *message)
{
  cs_message_bar_show (self->message_bar, type, message, NULL, NULL);
  scroll_to_top (self);
}

static void
show_error (CsCredentialReviewPage *self,
            const GError           *error,
            const char             *action_label,
            const char             *action_name)
{
  cs_message_bar_show_error (self->message_bar, error, action_label, action_name);
  scroll_to_top (self);
}

/* What the admin may do now: one vault call at a time. */
static void
update_actions (CsCredentialReviewPage *self)
{
  const CsConnectionStatus *status = shown_status (self);
  gboolean idle = self->n_busy == 0 && self->dialog == NULL;
  gboolean confirmed = status != NULL && status->connection->confirmed != 0;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "review.test", idle && confirmed);
  gtk_widget_action_set_enabled (widget, "review.reauthorize", idle && confirmed);
  gtk_widget_action_set_enabled (widget, "review.replace", idle && confirmed);
  gtk_widget_action_set_enabled (widget, "review.forget", idle && status != NULL);
  gtk_widget_action_set_enabled (widget, "review.forget-force", idle && self->forget_id != NULL);
  gtk_widget_action_set_enabled (widget, "review.copy-key", idle && status != NULL);
  gtk_widget_action_set_enabled (widget, "review.practice-revoke", idle && status != NULL);
  gtk_widget_action_set_enabled (widget, "review.practice-rotate", idle && status != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_key_button), status != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_secret_button), status != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->problems_list), idle);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), self->n_busy > 0);
  gtk_spinner_set_spinning (self->test_spinner, self->n_busy > 0);
}

static void
busy_begin (CsCredentialReviewPage *self)
{
  self->n_busy++;
  update_actions (self);
}

static void
busy_end (CsCredentialReviewPage *self)
{
  g_assert (self->n_busy > 0);
  self->n_busy--;
  update_actions (self);
}

/* ---- revealing ------------------------------------------------------------------- */

/* Takes the revealed secrets off the screen. */
static void
hide_secrets (CsCredentialReviewPage *self)
{
  gtk_toggle_button_set_active (self->reveal_key_button, FALSE);
  gtk_toggle_button_set_active (self->reveal_secret_button, FALSE);
  gtk_label_set_text (self->key_value_label, MASKED_VALUE);
  gtk_label_set_text (self->secret_value_label, _("Hidden"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key_value_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hidden"), -1);
}

typedef enum {
  REVEAL_SHOW,
  REVEAL_COPY,
} RevealUse;

typedef struct
{
  CsCredentialReviewPage *self;
  char                   *connection_id;
  CsSecretKind            kind;
  RevealUse               use;
} RevealData;

static void
reveal_data_free (RevealData *data)
{
  g_object_unref (data->self);
  g_free (data->connection_id);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RevealData, reveal_data_free)

static void
revealed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RevealData) data = user_data;
  CsCredentialReviewPage *self = data->self;
  g_autoptr(CsSecretString) value = NULL;
  g_autoptr(GError) error = NULL;
  GtkToggleButton *toggle;
  GtkLabel *label;

  value = cs_connection_vault_reveal_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->statuses == NULL ||
      g_strcmp0 (data->connection_id, self->shown_id) != 0)
    return;
  if (error != NULL)
    {
      show_error (self, error, NULL, NULL);
      hide_secrets (self);
      return;
    }

  if (data->use == REVEAL_COPY)
    {
      if (value == NULL)
        {
          show_message (self, CS_MESSAGE_ERROR,
                        _("The keyring no longer holds the consumer key: enter it again with Replace Consumer Key and Secret."));
          return;
        }
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), value);
      show_toast (self, _("Consumer key copied"));
      return;
    }

  toggle = data->kind == CS_SECRET_KIND_CONSUMER_KEY ? self->reveal_key_button : self->reveal_secret_button;
  label = data->kind == CS_SECRET_KIND_CONSUMER_KEY ? self->key_value_label : self->secret_value_label;
  /* Hidden again while the keyring answered. */
  if (!gtk_toggle_button_get_active (toggle))
    return;
  gtk_label_set_text (label, value != NULL ? value : _("Missing from the keyring"));
  gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
reveal (CsCredentialReviewPage *self,
        CsSecretKind            kind,
        RevealUse               use)
{
  RevealData *data;

  if (self->vault == NULL || self->shown_id == NULL)
    return;
  data = g_new0 (RevealData, 1);
  data->self = g_object_ref (self);
  data->connection_id = g_strdup (self->shown_id);
  data->kind = kind;
  data->use = use;
  cs_connection_vault_reveal_async (self->vault, self->shown_id, kind, NULL, revealed_cb, data);
}

static void
reveal_toggled_cb (GtkToggleButton        *toggle,
                   CsCredentialReviewPage *self)
{
  gboolean key = toggle == self->reveal_key_button;

  if (gtk_toggle_button_get_active (toggle))
    {
      reveal (self, key ? CS_SECRET_KIND_CONSUMER_KEY : CS_SECRET_KIND_CONSUMER_SECRET, REVEAL_SHOW);
      gtk_widget_set_tooltip_text (GTK_WIDGET (toggle), key ? _("Hide the consumer key") : _("Hide the consumer secret"));
    }
  else
    {
      gtk_label_set_text (key ? self->key_value_label : self->secret_value_label,
                          key ? MASKED_VALUE : _("Hidden"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (toggle),
                                   key ? _("Reveal the consumer key") : _("Show the consumer secret on the screen"));
    }
  if (key)
    gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_toggle_button_get_active (toggle) ? _("Hide the consumer key")
                                                                          : _("Reveal the consumer key"),
                                    -1);
  else
    gtk_button_set_label (GTK_BUTTON (toggle), gtk_toggle_button_get_active (toggle) ? _("_Hide") : _("R_eveal"));
}

/* ---- the details -------------------------------------------------------------------- */

static void
set_value (CsCredentialReviewPage *self,
           guint                   which,
           const char             *value)
{
  cs_widget_set_row_value (self->values[which].row, self->values[which].label, value);
}

static void
set_time_value (CsCredentialReviewPage *self,
                guint                   which,
                gint64                  unix_seconds)
{
  g_autofree char *text = cs_format_time (unix_seconds);

  set_value (self, which, text);
}

/* An item's label as Seahorse shows it, or why there is none. */
static void
set_item_value (CsCredentialReviewPage   *self,
                guint                     which,
                const CsConnectionStatus *status,
                CsSecretKind              kind)
{
  const CsSecretItemInfo *item = status->items[kind];

  if (item != NULL)
    set_value (self, which, item->label);
  else if (status->keyring_error != NULL)
    set_value (self, which, _("Unknown: the keyring could not be read"));
  else if (kind == CS_SECRET_KIND_REFRESH_TOKEN && status->connection->confirmed == 0)
    set_value (self, which, _("None yet: the setup was never confirmed"));
  else
    set_value (self, which, _("Missing: deleted outside CRM Sync Setup"));
}

/* The keyrings holding the items ("Login"), as Seahorse names them. */
static char *
describe_keyring (const CsConnectionStatus *status)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    {
      const CsSecretItemInfo *item = status->items[kind];

      if (item != NULL && item->collection != NULL &&
          !g_ptr_array_find_with_equal_func (names, item->collection, g_str_equal, NULL))
        g_ptr_array_add (names, item->collection);
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* Translators: keyring names, as in "Login" */
  return g_strjoinv (_(", "), (char **) names->pdata);
}

static char *
describe_field_sync (const CsConnectionStatus *status)
{
  g_autofree char *when = NULL;

  if (status->last_field_sync <= 0)
    return g_strdup (_("never"));
  when = cs_format_time (status->last_field_sync);
  /* Translators: a time such as "today at 14:05", then a number of fields */
  return g_strdup_printf (ngettext ("%s, %u field in the catalog", "%s, %u fields in the catalog",
                                    (gulong) status->catalog_fields),
                          when, (guint) status->catalog_fields);
}

static void
show_health (CsCredentialReviewPage   *self,
             const CsConnectionStatus *status)
{
  g_autofree char *health = cs_connection_row_format_health (status);

  adw_action_row_set_subtitle (self->health_row, health);
  cs_connection_row_show_health_icon (self->health_icon, status->health);
}

static void
show_details (CsCredentialReviewPage *self)
{
  const CsConnectionStatus *status = shown_status (self);
  const CsConnection *connection;
  const char *test_result;
  g_autofree char *profile = NULL;
  g_autofree char *keyring = NULL;
  g_autofree char *field_sync = NULL;

  if (status == NULL)
    {
      /* Forgotten meanwhile. */
      g_clear_pointer (&self->shown_id, g_free);
      hide_secrets (self);
      show_view (self, FALSE);
      update_actions (self);
      return;
    }

  connection = status->connection;
  gtk_label_set_text (self->heading_label, cs_connection_get_display_name (connection));
  show_health (self, status);
  test_result = g_hash_table_lookup (self->test_results, connection->id);
  adw_action_row_set_subtitle (self->test_row,
                               test_result != NULL ? test_result
                               : _("A token refresh, who it logs in as, and today’s API requests"));

  set_value (self, VALUE_ORG_NAME, connection->org_name);
  set_value (self, VALUE_ORG_ID, connection->org_id);
  set_value (self, VALUE_INSTANCE, connection->instance_url);
  set_value (self, VALUE_ENVIRONMENT, cs_environment_name_display_name (connection->environment));
  set_value (self, VALUE_LOGIN_HOST, connection->login_host);
  set_value (self, VALUE_USER_NAME, connection->display_name);
  set_value (self, VALUE_USERNAME, connection->username);
  if (connection->is_admin && connection->profile_name != NULL)
    /* Translators: a profile name */
    profile = g_strdup_printf (_("%s (an administrator)"), connection->profile_name);
  set_value (self, VALUE_PROFILE, profile != NULL ? profile : connection->profile_name);
  set_value (self, VALUE_SCOPES, connection->scopes);
  set_time_value (self, VALUE_ISSUED, connection->token_issued);
  set_time_value (self, VALUE_REFRESH, connection->last_refresh);
  field_sync = describe_field_sync (status);
  set_value (self, VALUE_FIELD_SYNC, field_sync);
  set_time_value (self, VALUE_RECORD_SYNC, status->last_record_sync);

  keyring = describe_keyring (status);
  set_value (self, VALUE_KEYRING, keyring != NULL ? keyring
                                  : status->keyring_error != NULL ? status->keyring_error->message
                                  : _("None: no item of this connection is left"));
  set_item_value (self, VALUE_KEY_ITEM, status, CS_SECRET_KIND_CONSUMER_KEY);
  set_item_value (self, VALUE_SECRET_ITEM, status, CS_SECRET_KIND_CONSUMER_SECRET);
  set_item_value (self, VALUE_TOKEN_ITEM, status, CS_SECRET_KIND_REFRESH_TOKEN);

  gtk_widget_set_visible (self->practice_group,
                          cs_setup_context_is_this_practice_org (get_context (self), connection));
  update_actions (self);
}

static void
open_details (CsCredentialReviewPage *self,
              const char             *connection_id)
{
  if (g_strcmp0 (self->shown_id, connection_id) != 0)
    {
      g_free (self->shown_id);
      self->shown_id = g_strdup (connection_id);
      hide_secrets (self);
      gtk_widget_set_visible (GTK_WIDGET (self->practice_secret_row), FALSE);
    }
  cs_message_bar_hide (self->message_bar);
  show_view (self, TRUE);
  show_details (self);
  gtk_widget_grab_focus (self->back_button);
}

static void
connection_activated_cb (GtkListBox             *list,
                         GtkListBoxRow          *row,
                         CsCredentialReviewPage *self)
{
  if (CS_IS_CONNECTION_ROW (row))
    open_details (self, cs_connection_row_get_connection_id (CS_CONNECTION_ROW (row)));
}

/* ---- the lists --------------------------------------------------------------------- */

static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    {
      /* The placeholder is not a row. */
      if (!GTK_IS_LIST_BOX_ROW (child))
        break;
      gtk_list_box_remove (list, child);
    }
}

static void
show_statuses (CsCredentialReviewPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  g_autofree char *focused_id = NULL;

  if (CS_IS_CONNECTION_ROW (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->connections_list)))
    focused_id = g_strdup (cs_connection_row_get_connection_id (CS_CONNECTION_ROW (focus)));

  list_box_clear (self->connections_list);
  for (guint i = 0; i < self->statuses->len; i++)
    {
      const CsConnectionStatus *status = g_ptr_array_index (self->statuses, i);
      GtkWidget *row = cs_connection_row_new (FALSE);

      cs_connection_row_set_status (CS_CONNECTION_ROW (row), status, NULL);
      gtk_list_box_append (self->connections_list, row);
      /* A reload keeps the keyboard where it was. */
      if (g_strcmp0 (focused_id, status->connection->id) == 0)
        gtk_widget_grab_focus (row);
    }

  if (self->shown_id != NULL)
    show_details (self);
}

typedef struct
{
  CsCredentialReviewPage *self;
  CsVaultProblem         *problem;
} ProblemFix;

static void problem_fix_clicked_cb (GtkButton              *button,
                                    CsCredentialReviewPage *self);

static GtkWidget *
new_problem_row (CsCredentialReviewPage *self,
                 const CsVaultProblem   *problem)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autofree char *accessible = NULL;
  const char *label;
  const char *name = problem->connection != NULL ? cs_connection_get_display_name (problem->connection)
                                                 : problem->connection_id;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 problem->kind == CS_VAULT_PROBLEM_ORPHAN_ITEMS
                                 ? _("Keyring items of no connection") : name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, problem->connection_id);

  switch (problem->fix)
    {
    case CS_VAULT_FIX_REAUTHORIZE:
      label = _("_Re-authorize…");
      /* Translators: %s is a connection's name */
      accessible = g_strdup_printf (_("Re-authorize %s"), name);
      break;
    case CS_VAULT_FIX_REPLACE_CONSUMER:
      label = _("_Enter Key and Secret…");
      accessible = g_strdup_printf (_("Enter the consumer key and secret of %s"), name);
      break;
    case CS_VAULT_FIX_FORGET:
    default:
      label = _("Re_move");
      accessible = problem->kind == CS_VAULT_PROBLEM_ORPHAN_ITEMS
                   ? g_strdup (_("Remove the keyring items of no connection"))
                   : g_strdup_printf (_("Forget %s"), name);
      break;
    }
  button = gtk_button_new_with_mnemonic (label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, "fix-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "cs-problem", cs_vault_problem_copy (problem),
                          (GDestroyNotify) cs_vault_problem_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (problem_fix_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_problems (CsCredentialReviewPage *self)
{
  list_box_clear (self->problems_list);
  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    gtk_list_box_append (self->problems_list, new_problem_row (self, g_ptr_array_index (self->problems, i)));
  gtk_widget_set_visible (self->problems_group, self->problems != NULL && self->problems->len > 0);
}

typedef struct
{
  CsCredentialReviewPage *self;
  guint                   serial;
} ListData;

/* The keyring's calls (listing, revealing, writing) are never cancelled:
 * libsecret 0.20 answers a cancelled search twice. Their answers are
 * dropped when the page went away meanwhile (statuses NULL). */

static void
list_data_free (ListData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListData, list_data_free)

static ListData *
list_data_new (CsCredentialReviewPage *self)
{
  ListData *data = g_new0 (ListData, 1);

  data->self = g_object_ref (self);
  data->serial = self->list_serial;
  return data;
}

static void
problems_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ListData) data = user_data;
  CsCredentialReviewPage *self = data->self;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  self->n_loading--;
  problems = cs_connection_vault_find_problems_finish (CS_CONNECTION_VAULT (source), result, &error);
  /* Overtaken by a newer reload, or the page is gone. */
  if (data->serial != self->list_serial || self->statuses == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  /* Without a keyring each connection already says why its items are
   * unknown. */
  if (problems == NULL)
    g_debug ("The keyring's problems could not be looked for: %s", error->message);
  self->problems = g_steal_pointer (&problems);
  show_problems (self);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ListData) data = user_data;
  CsCredentialReviewPage *self = data->self;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;

  self->n_loading--;
  statuses = cs_connection_vault_list_status_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (data->serial != self->list_serial || self->statuses == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (statuses == NULL)
    {
      show_error (self, error, NULL, NULL);
      return;
    }
  g_ptr_array_unref (self->statuses);
  self->statuses = g_steal_pointer (&statuses);
  show_statuses (self);
  self->n_loading++;
  cs_connection_vault_find_problems_async (self->vault, NULL, problems_found_cb,
                                           list_data_new (self));
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CsCredentialReviewPage *self = user_data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* A page out of sight reloads when shown again. */
static void
vault_changed_cb (CsConnectionVault      *vault,
                  const char             *connection_id,
                  CsCredentialReviewPage *self)
{
  if (self->reload_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
reload (CsCredentialReviewPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->vault == NULL)
    {
      CsConnectionVault *vault = cs_setup_context_get_vault (get_context (self), &error);

      if (vault == NULL)
        {
          show_error (self, error, NULL, NULL);
          return;
        }
      self->vault = g_object_ref (vault);
      g_signal_connect_object (vault, "changed", G_CALLBACK (vault_changed_cb), self, 0);
    }
  self->list_serial++;
  self->n_loading++;
  cs_connection_vault_list_status_async (self->vault, NULL, listed_cb, list_data_new (self));
}

/* ---- Test now -------------------------------------------------------------------------- */

typedef struct
{
  CsCredentialReviewPage *self;
  char                   *connection_id;
} OpData;

static void
op_data_free (OpData *data)
{
  busy_end (data->self);
  g_object_unref (data->self);
  g_free (data->connection_id);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpData, op_data_free)

static OpData *
op_begin (CsCredentialReviewPage *self,
          const char             *connection_id)
{
  OpData *data = g_new0 (OpData, 1);

  data->self = g_object_ref (self);
  data->connection_id = g_strdup (connection_id);
  busy_begin (self);
  cs_message_bar_hide (self->message_bar);
  return data;
}

static char *
describe_test (const CsConnectionTest *test)
{
  const char *username = cs_identity_get_username (test->identity);
  g_autofree char *used = NULL;
  g_autofree char *max = NULL;

  if (test->api_requests_used < 0 || test->api_requests_max < 0)
    /* Translators: %s is a Salesforce username */
    return g_strdup_printf (_("Works: Salesforce accepted the refresh token, and the connection logs in as %s."),
                            username);
  used = cs_format_count (test->api_requests_used);
  max = cs_format_count (test->api_requests_max);
  /* Translators: a username, then two numbers: "1,234 of 15,000" */
  return g_strdup_printf (_("Works: Salesforce accepted the refresh token, and the connection logs in as %s. "
                            "%s of %s daily API requests used."),
                          username, used, max);
}

static void
tested_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OpData) data = user_data;
  CsCredentialReviewPage *self = data->self;
  g_autoptr(CsConnectionTest) test = NULL;
  g_autoptr(GError) error = NULL;

  test = cs_setup_context_test_connection_finish (CS_SETUP_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->statuses == NULL)
    return;
  if (test == NULL)
    {
      g_hash_table_remove (self->test_results, data->connection_id);
      /* A refusal is marked: the health says so, and what to do. */
      if (cs_connection_vault_error_needs_reauthorization (error) ||
          g_error_matches (error, CS_ERROR, CS_ERROR_SECRET_MISSING))
        show_error (self, error, _("_Re-authorize…"), "review.reauthorize");
      else
        show_error (self, error, _("_Test Again"), "review.test");
    }
  else
    g_hash_table_insert (self->test_results, g_strdup (data->connection_id), describe_test (test));
  if (g_strcmp0 (self->shown_id, data->connection_id) == 0)
    show_details (self);
}

static void
action_test (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);

  if (self->shown_id == NULL)
    return;
  g_hash_table_remove (self->test_results, self->shown_id);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));
  cs_setup_context_test_connection_async (get_context (self), self->shown_id,
                                          cs_page_get_work_cancellable (CS_PAGE (self)),
                                          tested_cb, op_begin (self, self->shown_id));
}

/* ---- Re-authorize ------------------------------------------------------------------------ */

static void
reauthorization_begun_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(OpData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (cs_setup_context_begin_reauthorization_finish (CS_SETUP_CONTEXT (source), result, &error))
    cs_page_request_page (CS_PAGE (data->self), "reauthorize");
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && data->self->statuses != NULL)
    show_error (data->self, error, NULL, NULL);
}

static void
reauthorize (CsCredentialReviewPage *self,
             const char             *connection_id)
{
  cs_setup_context_begin_reauthorization_async (get_context (self), connection_id,
                                                cs_page_get_work_cancellable (CS_PAGE (self)),
                                                reauthorization_begun_cb, op_begin (self, connection_id));
}

static void
action_reauthorize (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);

  if (self->shown_id != NULL)
    reauthorize (self, self->shown_id);
}

/* ---- Replace consumer key and secret ------------------------------------------------------ */

typedef struct
{
  OpData *op;
  char   *secret;
} ReplaceData;

static void
replace_data_free (ReplaceData *data)
{
  op_data_free (data->op);
  cs_secret_clear (&data->secret);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReplaceData, replace_data_free)

static void
replaced_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ReplaceData) data = user_data;
  CsCredentialReviewPage *self = data->op->self;
  g_autoptr(GError) error = NULL;

  if (!cs_connection_vault_replace_consumer_finish (CS_CONNECTION_VAULT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->statuses != NULL)
        show_error (self, error, NULL, NULL);
      return;
    }
  g_hash_table_remove (self->test_results, data->op->connection_id);
  show_message (self, CS_MESSAGE_INFO,
                _("The new consumer key and secret work: a token refresh proved them, and they replaced the stored ones."));
}

/* The key to use with the new secret: the one typed, else the stored one. */
static void
replace_key_revealed_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ReplaceData) data = user_data;
  CsCredentialReviewPage *self = data->op->self;
  g_autoptr(CsSecretString) key = NULL;
  g_autoptr(GError) error = NULL;

  key = cs_connection_vault_reveal_finish (CS_CONNECTION_VAULT (source), result, &error);
  if (key == NULL && error == NULL)
    error = g_error_new_literal (CS_ERROR, CS_ERROR_SECRET_MISSING,
                                 _("The keyring no longer holds the consumer key: enter it with the secret."));
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->statuses != NULL)
        show_error (self, error, NULL, NULL);
      return;
    }
  {
    const char *connection_id = data->op->connection_id;
    const char *secret = data->secret;

    cs_connection_vault_replace_consumer_async (self->vault, connection_id, key, secret,
                                                NULL, replaced_cb, g_steal_pointer (&data));
  }
}

/* The dialog answered (it closes by itself) or goes away: the page no
 * longer waits for it. */
static void
forget_dialog (CsCredentialReviewPage *self)
{
  /* An entry row that keeps the focus while its window goes trips
   * libadwaita 1.2 (without a window manager's focus-out, at least). */
  if (self->dialog != NULL)
    gtk_window_set_focus (GTK_WINDOW (self->dialog), NULL);
  g_clear_pointer (&self->dialog_id, g_free);
  self->dialog = NULL;
  self->dialog_key = NULL;
  self->dialog_secret = NULL;
  update_actions (self);
}

static void
dismiss_dialog (CsCredentialReviewPage *self)
{
  AdwMessageDialog *dialog = self->dialog;

  forget_dialog (self);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
replace_response_cb (AdwMessageDialog       *dialog,
                     const char             *response,
                     CsCredentialReviewPage *self)
{
  g_autoptr(CsSecretString) key = NULL;
  ReplaceData *data;

  if (dialog != self->dialog)
    return;
  if (!g_str_equal (response, "replace"))
    {
      forget_dialog (self);
      return;
    }
  key = g_strstrip (g_strdup (gtk_editable_get_text (self->dialog_key)));
  data = g_new0 (ReplaceData, 1);
  data->secret = g_strstrip (g_strdup (gtk_editable_get_text (self->dialog_secret)));
  data->op = op_begin (self, self->dialog_id);
  /* Nothing typed is kept in the entries. */
  gtk_editable_set_text (self->dialog_secret, "");
  forget_dialog (self);

  if (*key != '\0')
    cs_connection_vault_replace_consumer_async (self->vault, data->op->connection_id, key, data->secret,
                                                NULL, replaced_cb, data);
  else
    cs_connection_vault_reveal_async (self->vault, data->op->connection_id, CS_SECRET_KIND_CONSUMER_KEY,
                                      NULL, replace_key_revealed_cb, data);
}

static void
dialog_secret_changed_cb (GtkEditable            *editable,
                          CsCredentialReviewPage *self)
{
  g_autofree char *secret = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (self->dialog != NULL)
    adw_message_dialog_set_response_enabled (self->dialog, "replace", *secret != '\0');
  cs_secret_wipe_free (g_steal_pointer (&secret));
}

static AdwMessageDialog *
new_dialog (CsCredentialReviewPage *self,
            const char             *connection_id,
            const char             *heading,
            const char             *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dismiss_dialog (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  self->dialog = dialog;
  self->dialog_id = g_strdup (connection_id);
  update_actions (self);
  return dialog;
}

static void
ask_replace (CsCredentialReviewPage *self,
             const char             *connection_id)
{
  const CsConnectionStatus *status = find_status (self, connection_id);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *list, *key_row, *secret_row;

  if (status == NULL)
    return;
  /* Translators: %s is a connection's name */
  heading = g_strdup_printf (_("Replace the Consumer Key and Secret of “%s”"),
                             cs_connection_get_display_name (status->connection));
  dialog = new_dialog (self, connection_id, heading,
                       _("Enter the consumer secret as the External Client App shows it now, and its consumer key if the app was made again. A token refresh must work with them before they replace the stored ones; otherwise nothing changes."));
  adw_message_dialog_add_response (dialog, "replace", _("_Replace"));
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "replace", FALSE);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  key_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (key_row),
                                 status->items[CS_SECRET_KIND_CONSUMER_KEY] != NULL
                                 ? _("Consumer key (empty: keep the stored one)") : _("Consumer key"));
  secret_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (secret_row), _("Consumer secret"));
  gtk_list_box_append (GTK_LIST_BOX (list), key_row);
  gtk_list_box_append (GTK_LIST_BOX (list), secret_row);
  adw_message_dialog_set_extra_child (dialog, list);
  self->dialog_key = GTK_EDITABLE (key_row);
  self->dialog_secret = GTK_EDITABLE (secret_row);
  g_signal_connect_object (secret_row, "changed", G_CALLBACK (dialog_secret_changed_cb), self, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (status->items[CS_SECRET_KIND_CONSUMER_KEY] != NULL ? secret_row : key_row);
}

static void
action_replace (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);

  if (self->shown_id != NULL)
    ask_replace (self, self->shown_id);
}

/* ---- Revoke and forget ------------------------------------------------------------------- */

typedef struct
{
  OpData     *op;
  char       *name;
  gboolean    forced;
} ForgetData;

static void
forget_data_free (ForgetData *data)
{
  op_data_free (data->op);
  g_free (data->name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ForgetData, forget_data_free)

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ForgetData) data = user_data;
  CsCredentialReviewPage *self = data->op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *timer_left = NULL;
  CsRevokeOutcome revoked = CS_REVOKE_NOTHING;

  if (!cs_connection_vault_forget_finish (CS_CONNECTION_VAULT (source), result, &revoked, &timer_left, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->statuses == NULL)
        return;
      /* The token would stay live with no copy to revoke: the admin
       * decides. */
      if (g_error_matches (error, CS_ERROR, CS_ERROR_NOT_REVOKED))
        {
          cs_set_str (&self->forget_id, data->op->connection_id);
          show_error (self, error, _("Forget _Anyway"), "review.forget-force");
        }
      else
        show_error (self, error, NULL, NULL);
      return;
    }

  g_clear_pointer (&self->forget_id, g_free);
  g_hash_table_remove (self->test_results, data->op->connection_id);
  if (revoked == CS_REVOKE_FAILED)
    /* Translators: %s is a connection's name */
    message = g_strdup_printf (_("“%s” was forgotten, but its refresh token could not be revoked: revoke it in Salesforce Setup → Connected Apps OAuth Usage."),
                               data->name);
  else
    message = g_strdup_printf (_("“%s” was revoked at Salesforce and forgotten: nothing of it is stored on this computer any more."),
                               data->name);
  if (g_strcmp0 (self->shown_id, data->op->connection_id) == 0)
    {
      g_clear_pointer (&self->shown_id, g_free);
      hide_secrets (self);
      show_view (self, FALSE);
    }
  if (timer_left != NULL)
    {
      g_autofree char *both = g_strconcat (message, " ", timer_left, NULL);

      show_message (self, CS_MESSAGE_WARNING, both);
    }
  else
    show_message (self, CS_MESSAGE_INFO, message);
}

static void
forget (CsCredentialReviewPage *self,
        const char             *connection_id,
        const char             *name,
        CsForgetFlags           flags)
{
  ForgetData *data = g_new0 (ForgetData, 1);

  data->op = op_begin (self, connection_id);
  data->name = g_strdup (name);
  cs_connection_vault_forget_async (self->vault, connection_id, flags, NULL, forgotten_cb, data);
}

static void
forget_response_cb (AdwMessageDialog       *dialog,
                    const char             *response,
                    CsCredentialReviewPage *self)
{
  const CsConnectionStatus *status = find_status (self, self->dialog_id);
  g_autofree char *id = g_strdup (self->dialog_id);

  if (dialog != self->dialog)
    return;
  forget_dialog (self);
  if (g_str_equal (response, "forget") && status != NULL)
    forget (self, id, cs_connection_get_display_name (status->connection), CS_FORGET_NONE);
}

/* What Revoke and Forget removes, named. */
static char *
describe_forget (const CsConnectionStatus *status)
{
  GString *body = g_string_new (NULL);
  g_autofree char *keyring = describe_keyring (status);
  guint n_items = 0;

  g_string_append (body, _("The connection’s refresh token is revoked at Salesforce first; if that fails, nothing is removed. Then these go:"));
  for (guint kind = 0; kind < CS_SECRET_N_KINDS; kind++)
    if (status->items[kind] != NULL)
      {
        /* Translators: an item's label as Passwords and Keys shows it */
        g_string_append_printf (body, _("\n• the keyring item “%s”"), status->items[kind]->label);
        n_items++;
      }
  if (n_items > 0 && keyring != NULL)
    /* Translators: %s names keyrings, such as "Login" */
    g_string_append_printf (body, _("\n  (in the keyring “%s”)"), keyring);
  g_string_append (body, _("\n• the connection’s record on this computer (its org, sync user and history)"));
  if (status->catalog_fields > 0)
    g_string_append_printf (body,
                            ngettext ("\n• its field catalog: %u recorded field",
                                      "\n• its field catalog: %u recorded fields",
                                      (gulong) status->catalog_fields),
                            (guint) status->catalog_fields);
  if (status->has_sync_database)
    g_string_append (body, _("\n• its record sync’s database: the copies of the synced records, "
                             "the sync’s settings, and its history and errors"));
  if (status->sync_timer != NULL)
    /* Translators: %s is the systemd timer, "crm-sync@ID.timer" */
    g_string_append_printf (body, _("\n• the systemd timer %s that runs its record sync every "
                                    "5 minutes (stopped and disabled)"), status->sync_timer);
  g_string_append (body, _("\nThe External Client App and the data in Salesforce stay as they are."));
  return g_string_free (body, FALSE);
}

static void
action_forget (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);
  const CsConnectionStatus *status = shown_status (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (status == NULL)
    return;
  /* Translators: %s is a connection's name */
  heading = g_strdup_printf (_("Revoke and Forget “%s”?"), cs_connection_get_display_name (status->connection));
  body = describe_forget (status);
  dialog = new_dialog (self, status->connection->id, heading, body);
  adw_message_dialog_add_response (dialog, "forget", _("Revoke and _Forget"));
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_forget_force (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);
  const CsConnectionStatus *status = find_status (self, self->forget_id);
  g_autofree char *id = g_strdup (self->forget_id);

  if (id == NULL)
    return;
  forget (self, id, status != NULL ? cs_connection_get_display_name (status->connection) : id, CS_FORGET_FORCE);
}

/* ---- fixes of the keyring's problems ------------------------------------------------------- */

static void
problem_fix_clicked_cb (GtkButton              *button,
                        CsCredentialReviewPage *self)
{
  const CsVaultProblem *problem = g_object_get_data (G_OBJECT (button), "cs-problem");

  if (problem == NULL || self->n_busy > 0)
    return;
  switch (problem->fix)
    {
    case CS_VAULT_FIX_REAUTHORIZE:
      reauthorize (self, problem->connection_id);
      break;
    case CS_VAULT_FIX_REPLACE_CONSUMER:
      ask_replace (self, problem->connection_id);
      break;
    case CS_VAULT_FIX_FORGET:
    default:
      forget (self, problem->connection_id,
              problem->connection != NULL ? cs_connection_get_display_name (problem->connection)
                                          : problem->connection_id,
              CS_FORGET_NONE);
      break;
    }
}

/* ---- the rest of the actions --------------------------------------------------------------- */

static void
action_show_list (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);
  GtkWidget *row = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->connections_list));
       child != NULL && row == NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CS_IS_CONNECTION_ROW (child) &&
        g_strcmp0 (cs_connection_row_get_connection_id (CS_CONNECTION_ROW (child)), self->shown_id) == 0)
      row = child;

  hide_secrets (self);
  show_view (self, FALSE);
  cs_message_bar_hide (self->message_bar);
  /* Back where the admin left the list. */
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
action_copy_key (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  reveal (CS_CREDENTIAL_REVIEW_PAGE (widget), CS_SECRET_KIND_CONSUMER_KEY, REVEAL_COPY);
}

static void
practice_revoked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsCredentialReviewPage) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_revoked;

  answer = cs_practice_process_control_finish (CS_PRACTICE_PROCESS (source), result, &error);
  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  if (answer == NULL)
    {
      show_message (self, CS_MESSAGE_ERROR, error->message);
      return;
    }
  n_revoked = (guint) json_object_get_int_member_with_default (answer, "revoked", 0);
  /* Translators: %u is a number of tokens, %s a username */
  message = g_strdup_printf (ngettext ("The practice org revoked %u refresh token of %s. The connection does not know yet: Test Now to see what the sync meets.",
                                       "The practice org revoked %u refresh tokens of %s. The connection does not know yet: Test Now to see what the sync meets.",
                                       n_revoked),
                             n_revoked, json_object_get_string_member_with_default (answer, "username", ""));
  show_message (self, CS_MESSAGE_INFO, message);
}

/* Through the practice org's control line, as an admin would in Setup. */
static void
action_practice_revoke (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);
  CsPracticeProcess *org = cs_setup_context_get_practice_org (get_context (self));
  const CsConnectionStatus *status = shown_status (self);
  g_autofree char *line = NULL;

  if (org == NULL || status == NULL || status->connection->username == NULL)
    return;
  line = g_strconcat ("revoke-tokens ", status->connection->username, NULL);
  cs_practice_process_control_async (org, line, cs_page_get_work_cancellable (CS_PAGE (self)),
                                     practice_revoked_cb, g_object_ref (self));
}

static void
practice_rotated_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CsCredentialReviewPage) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = cs_practice_process_control_finish (CS_PRACTICE_PROCESS (source), result, &error);
  if (cs_page_result_is_stale (CS_PAGE (self), result))
    return;
  if (answer == NULL)
    {
      show_message (self, CS_MESSAGE_ERROR, error->message);
      return;
    }
  cs_copy_row_set_value (self->practice_secret_row,
                         json_object_get_string_member_with_default (answer, "consumer_secret", ""));
  gtk_widget_set_visible (GTK_WIDGET (self->practice_secret_row), TRUE);
  show_message (self, CS_MESSAGE_INFO,
                _("The practice org’s app has a new consumer secret, below: the stored one no longer works. Test Now to see what the sync meets, then replace the secret."));
}

static void
action_practice_rotate (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);
  CsPracticeProcess *org = cs_setup_context_get_practice_org (get_context (self));

  if (org == NULL)
    return;
  cs_practice_process_control_async (org, "rotate-secret", cs_page_get_work_cancellable (CS_PAGE (self)),
                                     practice_rotated_cb, g_object_ref (self));
}

/* ---- the page ----------------------------------------------------------------------------- */

static void
cs_credential_review_page_shown (CsPage *page)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (page);

  reload (self);
  update_actions (self);
}

static void
cs_credential_review_page_unmap (GtkWidget *widget)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (widget);

  /* Secrets leave the screen with the page. */
  hide_secrets (self);
  dismiss_dialog (self);

  GTK_WIDGET_CLASS (cs_credential_review_page_parent_class)->unmap (widget);
}

static void
cs_credential_review_page_dispose (GObject *object)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  self->dialog_key = NULL;
  self->dialog_secret = NULL;
  g_clear_object (&self->vault);
  g_clear_pointer (&self->statuses, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->test_results, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CREDENTIAL_REVIEW_PAGE);

  G_OBJECT_CLASS (cs_credential_review_page_parent_class)->dispose (object);
}

static void
cs_credential_review_page_finalize (GObject *object)
{
  CsCredentialReviewPage *self = CS_CREDENTIAL_REVIEW_PAGE (object);

  g_free (self->shown_id);
  g_free (self->forget_id);
  g_free (self->dialog_id);

  G_OBJECT_CLASS (cs_credential_review_page_parent_class)->finalize (object);
}

static void
cs_credential_review_page_class_init (CsCredentialReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CsPageClass *page_class = CS_PAGE_CLASS (klass);

  object_class->dispose = cs_credential_review_page_dispose;
  object_class->finalize = cs_credential_review_page_finalize;
  widget_class->unmap = cs_credential_review_page_unmap;
  page_class->shown = cs_credential_review_page_shown;

  g_type_ensure (CS_TYPE_MESSAGE_BAR);
  g_type_ensure (CS_TYPE_COPY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-credential-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, message_bar);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, connections_list);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, health_row);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, health_icon);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, test_row);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, practice_group);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, practice_secret_row);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, key_value_label);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, secret_value_label);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, reveal_key_button);
  gtk_widget_class_bind_template_child (widget_class, CsCredentialReviewPage, reveal_secret_button);
  /* Offset 0: reached with gtk_widget_get_template_child() only. */
  for (guint i = 0; i < N_VALUES; i++)
    gtk_widget_class_bind_template_child_full (widget_class, value_row_ids[i], FALSE, 0);

  gtk_widget_class_install_action (widget_class, "review.show-list", NULL, action_show_list);
  gtk_widget_class_install_action (widget_class, "review.test", NULL, action_test);
  gtk_widget_class_install_action (widget_class, "review.reauthorize", NULL, action_reauthorize);
  gtk_widget_class_install_action (widget_class, "review.replace", NULL, action_replace);
  gtk_widget_class_install_action (widget_class, "review.forget", NULL, action_forget);
  gtk_widget_class_install_action (widget_class, "review.forget-force", NULL, action_forget_force);
  gtk_widget_class_install_action (widget_class, "review.copy-key", NULL, action_copy_key);
  gtk_widget_class_install_action (widget_class, "review.practice-revoke", NULL, action_practice_revoke);
  gtk_widget_class_install_action (widget_class, "review.practice-rotate", NULL, action_practice_rotate);
}

static void
cs_credential_review_page_init (CsCredentialReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_connection_status_free);
  self->test_results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < N_VALUES; i++)
    {
      GObject *row = gtk_widget_get_template_child (GTK_WIDGET (self), CS_TYPE_CREDENTIAL_REVIEW_PAGE,
                                                    value_row_ids[i]);

      self->values[i].id = value_row_ids[i];
      self->values[i].row = ADW_ACTION_ROW (row);
      self->values[i].label = cs_widget_add_value_label (ADW_ACTION_ROW (row));
    }
  /* Our words, but they quote names from Salesforce. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->health_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->test_row), FALSE);
  adw_action_row_set_subtitle_lines (self->health_row, 0);
  adw_action_row_set_subtitle_lines (self->test_row, 0);
  cs_copy_row_set_copy_label (self->practice_secret_row, _("Copy the practice org’s new consumer secret"));

  g_signal_connect_object (self->connections_list, "row-activated", G_CALLBACK (connection_activated_cb), self, 0);
  g_signal_connect_object (self->reveal_key_button, "toggled", G_CALLBACK (reveal_toggled_cb), self, 0);
  g_signal_connect_object (self->reveal_secret_button, "toggled", G_CALLBACK (reveal_toggled_cb), self, 0);
  hide_secrets (self);

  cs_page_set_title (CS_PAGE (self), _("Stored Credentials"));
  cs_page_set_next_label (CS_PAGE (self), _("_Done"));
  cs_page_set_complete (CS_PAGE (self), TRUE);
  cs_page_set_initial_focus (CS_PAGE (self), GTK_WIDGET (self->connections_list));
  update_actions (self);
}

/* ---- for the tests -------------------------------------------------------- */

CsMessageBar *
cs_credential_review_page_get_message_bar (CsCredentialReviewPage *self)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  return self->message_bar;
}

gboolean
cs_credential_review_page_open_connection (CsCredentialReviewPage *self,
                                           const char             *connection_id)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->connections_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CS_IS_CONNECTION_ROW (child) &&
        g_strcmp0 (cs_connection_row_get_connection_id (CS_CONNECTION_ROW (child)), connection_id) == 0)
      {
        g_signal_emit_by_name (child, "activate");
        return TRUE;
      }
  return FALSE;
}

const char *
cs_credential_review_page_get_shown_connection (CsCredentialReviewPage *self)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->details_box))
    return NULL;
  return self->shown_id;
}

gboolean
cs_credential_review_page_is_busy (CsCredentialReviewPage *self)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), FALSE);

  return self->n_busy > 0 || self->n_loading > 0 || self->reload_id != 0;
}

GtkWidget *
cs_credential_review_page_get_details (CsCredentialReviewPage *self)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  return self->details_box;
}

GtkListBox *
cs_credential_review_page_get_problems_list (CsCredentialReviewPage *self)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  return self->problems_list;
}

GtkListBox *
cs_credential_review_page_get_connections_list (CsCredentialReviewPage *self)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  return self->connections_list;
}

AdwMessageDialog *
cs_credential_review_page_get_dialog (CsCredentialReviewPage *self,
                                      GtkEditable           **key_entry,
                                      GtkEditable           **secret_entry)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  if (key_entry != NULL)
    *key_entry = self->dialog_key;
  if (secret_entry != NULL)
    *secret_entry = self->dialog_secret;
  return self->dialog;
}

const char *
cs_credential_review_page_get_test_text (CsCredentialReviewPage *self)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  return adw_action_row_get_subtitle (self->test_row);
}

GtkToggleButton *
cs_credential_review_page_get_reveal_button (CsCredentialReviewPage *self,
                                             CsSecretKind            kind)
{
  g_return_val_if_fail (CS_IS_CREDENTIAL_REVIEW_PAGE (self), NULL);

  return kind == CS_SECRET_KIND_CONSUMER_KEY ? self->reveal_key_button : self->reveal_secret_button;
}
