/* cs-review-page.c: every field the sync user can see, in a column view
 * that stays quick with tens of thousands of fields; the admin unticks
 * the unwanted ones, gets the list of what to hide in Salesforce, checks
 * again, and confirms how many fields become permanent.
 *
 * The view's model is fields → sort → filter: a keystroke in the search
 * refilters the sorted list (only the rows still shown when the text
 * grows) and never sorts again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "cs-review-page.h"
#include "cs-review-page-private.h"
#include "cs-message-bar.h"

struct _CsReviewPage
{
  CsPage             parent_instance;

  CsFieldSync       *field_sync;
  GListModel        *fields;          /* the field sync's, refilled by each check */
  gulong             fields_changed_id;
  GHashTable        *watched;         /* CsReviewField → notify::unwanted handler id */

  GtkSortListModel  *sort_model;
  GtkFilterListModel *filter_model;
  GtkFilter         *search_filter;
  GtkFilter         *object_filter;
  GtkFilter         *kind_filter;
  GtkFilter         *new_filter;
  GtkStringList     *object_choices;
  GPtrArray         *object_names;    /* parallel to object_choices; [0] is NULL (all) */
  GtkColumnViewColumn *columns[CS_REVIEW_N_COLUMNS];

  char              *needle;          /* folded search text, never NULL */
  char              *object;          /* API name, NULL for all objects */
  CsReviewKind       kind;
  gboolean           new_only;
  gboolean           updating_objects;

  guint              refresh_id;
  gboolean           need_recount;
  guint              confirm_count;   /* the number the confirmation names */
  char              *confirm_digest;  /* the new fields it was given for */
  gboolean           checking;
  GCancellable      *cancellable;     /* checks and saves; cancelled on dispose */
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
  GtkColumnView     *column_view;
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

static GQuark haystack_quark;

static void refresh (CsReviewPage *self);

static void
scroll_to_top (CsReviewPage *self)
{
  GtkWidget *list = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));

  /* The view keeps an anchor row in sight through model changes; after a
   * new filter the admin wants the first match. (GTK 4.8's column view
   * scrolls with its inner list view's action.) */
  if (GTK_IS_LIST_VIEW (list) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0);
  else
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->list_scroller), 0.0);
}

/* Another filter: the matches start at the top. */
static void
filter_changed (CsReviewPage    *self,
                GtkFilter       *filter,
                GtkFilterChange  change)
{
  gtk_filter_changed (filter, change);
  scroll_to_top (self);
}

/* ---- searching ------------------------------------------------------------ */

/* What the search compares: case and Unicode forms folded. */
static char *
fold_text (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static void
set_haystack (CsReviewField *field)
{
  g_autofree char *both = g_strconcat (cs_review_field_get_label (field) ? cs_review_field_get_label (field) : "",
                                       "\n",
                                       cs_review_field_get_api_name (field) ? cs_review_field_get_api_name (field) : "",
                                       NULL);

  g_object_set_qdata_full (G_OBJECT (field), haystack_quark, fold_text (both), g_free);
}

/* Label and API name, folded once per field rather than once per
 * keystroke. */
static const char *
get_haystack (CsReviewField *field)
{
  const char *haystack = g_object_get_qdata (G_OBJECT (field), haystack_quark);

  if (haystack == NULL)
    {
      set_haystack (field);
      haystack = g_object_get_qdata (G_OBJECT (field), haystack_quark);
    }
  return haystack;
}

static gboolean
search_match (gpointer item,
              gpointer user_data)
{
  CsReviewPage *self = user_data;

  if (self->needle[0] == '\0')
    return TRUE;
  return strstr (get_haystack (item), self->needle) != NULL;
}

static gboolean
object_match (gpointer item,
              gpointer user_data)
{
  CsReviewPage *self = user_data;

  return self->object == NULL ||
         g_strcmp0 (cs_review_field_get_object (item), self->object) == 0;
}

static gboolean
kind_match (gpointer item,
            gpointer user_data)
{
  CsReviewPage *self = user_data;

  switch (self->kind)
    {
    case CS_REVIEW_KIND_CUSTOM:
      return cs_review_field_get_custom (item);
    case CS_REVIEW_KIND_STANDARD:
      return !cs_review_field_get_custom (item);
    case CS_REVIEW_KIND_ALL:
    default:
      return TRUE;
    }
}

static gboolean
new_match (gpointer item,
           gpointer user_data)
{
  CsReviewPage *self = user_data;

  return !self->new_only || cs_review_field_get_is_new (item);
}

static void
apply_search (CsReviewPage *self,
              const char   *text)
{
  g_autofree char *needle = fold_text (text);
  GtkFilterChange change;

  if (strcmp (needle, self->needle) == 0)
    return;

  /* A longer text only drops rows: the filter looks at the rows shown. */
  if (strstr (needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  filter_changed (self, self->search_filter, change);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   CsReviewPage   *self)
{
  apply_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
apply_object (CsReviewPage *self,
              const char   *object)
{
  GtkFilterChange change;

  if (g_strcmp0 (object, self->object) == 0)
    return;

  if (self->object == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (object == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->object);
  self->object = g_strdup (object);
  filter_changed (self, self->object_filter, change);
}

static void
object_selected_cb (GtkDropDown  *dropdown,
                    GParamSpec   *pspec,
                    CsReviewPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_objects)
    return;
  apply_object (self, selected < self->object_names->len ? g_ptr_array_index (self->object_names, selected) : NULL);
}

static void
apply_kind (CsReviewPage *self,
            CsReviewKind  kind)
{
  GtkFilterChange change;

  if (kind == self->kind)
    return;

  if (self->kind == CS_REVIEW_KIND_ALL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (kind == CS_REVIEW_KIND_ALL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  self->kind = kind;
  filter_changed (self, self->kind_filter, change);
}

static void
kind_selected_cb (GtkDropDown  *dropdown,
                  GParamSpec   *pspec,
                  CsReviewPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  apply_kind (self, selected <= CS_REVIEW_KIND_STANDARD ? (CsReviewKind) selected : CS_REVIEW_KIND_ALL);
}

static void
new_only_toggled_cb (GtkCheckButton *check,
                     CsReviewPage   *self)
{
  gboolean new_only = gtk_check_button_get_active (check);

  if (new_only == self->new_only)
    return;
  self->new_only = new_only;
  filter_changed (self, self->new_filter,
                  new_only ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
}

/* ---- columns ------------------------------------------------------------- */

static char *
field_object_dup (CsReviewField *field)
{
  return g_strdup (cs_review_field_get_object (field));
}

static char *
field_label_dup (CsReviewField *field)
{
  return g_strdup (cs_review_field_get_label (field));
}

static char *
field_api_name_dup (CsReviewField *field)
{
  return g_strdup (cs_review_field_get_api_name (field));
}

static char *
field_type_dup (CsReviewField *field)
{
  return g_strdup (cs_review_field_get_type_display (field));
}

static gboolean
field_wanted (CsReviewField *field)
{
  return !cs_review_field_get_unwanted (field);
}

static gboolean
field_custom (CsReviewField *field)
{
  return cs_review_field_get_custom (field);
}

static gboolean
field_is_new (CsReviewField *field)
{
  return cs_review_field_get_is_new (field);
}

static GtkSorter *
string_sorter_new (GCallback getter)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, getter, NULL, NULL);
  GtkStringSorter *sorter = gtk_string_sorter_new (expression);

  gtk_string_sorter_set_ignore_case (sorter, TRUE);
  return GTK_SORTER (sorter);
}

static GtkSorter *
boolean_sorter_new (GCallback getter)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_BOOLEAN, NULL, 0, NULL, getter, NULL, NULL);

  return GTK_SORTER (gtk_numeric_sorter_new (expression));
}

/* Text cells: GtkInscription, made for list cells — its size does not
 * depend on its text, so a new row costs no text measuring. */
static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 0.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_lines (GTK_INSCRIPTION (inscription), 1);
  gtk_list_item_set_child (list_item, inscription);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  CsReviewColumn column = GPOINTER_TO_UINT (user_data);
  CsReviewField *field = gtk_list_item_get_item (list_item);
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  const char *text = NULL;

  switch (column)
    {
    case CS_REVIEW_COLUMN_OBJECT:
      text = cs_review_field_get_object (field);
      break;
    case CS_REVIEW_COLUMN_LABEL:
      text = cs_review_field_get_label (field);
      break;
    case CS_REVIEW_COLUMN_API_NAME:
      text = cs_review_field_get_api_name (field);
      break;
    case CS_REVIEW_COLUMN_TYPE:
      text = cs_review_field_get_type_display (field);
      break;
    case CS_REVIEW_COLUMN_CUSTOM:
      text = cs_review_field_get_custom (field) ? _("Custom") : _("Standard");
      break;
    case CS_REVIEW_COLUMN_SYNC:
    case CS_REVIEW_COLUMN_NEW:
    case CS_REVIEW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  gtk_inscription_set_text (inscription, text);
}

static void
new_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (_("New"));

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "cs-new-tag");
  gtk_list_item_set_child (list_item, label);
}

static void
new_field_notify_cb (CsReviewField *field,
                     GParamSpec  *pspec,
                     GtkWidget   *tag)
{
  gtk_widget_set_visible (tag, cs_review_field_get_is_new (field));
}

/* The tag follows the field: recording clears "new" while the row shows. */
static void
new_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  CsReviewField *field = gtk_list_item_get_item (list_item);
  GtkWidget *tag = gtk_list_item_get_child (list_item);
  gulong id;

  gtk_widget_set_visible (tag, cs_review_field_get_is_new (field));
  id = g_signal_connect_object (field, "notify::is-new", G_CALLBACK (new_field_notify_cb), tag, 0);
  g_object_set_data (G_OBJECT (tag), "cs-notify-id", GSIZE_TO_POINTER (id));
}

static void
new_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  CsReviewField *field = gtk_list_item_get_item (list_item);
  GtkWidget *tag = gtk_list_item_get_child (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (tag), "cs-notify-id"));

  if (id != 0 && field != NULL)
    g_signal_handler_disconnect (field, id);
}

/* The Sync box: ticked while the field is wanted. The row follows the
 * field's mark (it may change from elsewhere) and sets it when toggled. */
static void
sync_toggled_cb (GtkCheckButton *check,
                 GtkListItem    *list_item)
{
  CsReviewField *field = gtk_list_item_get_item (list_item);
  gboolean unwanted = !gtk_check_button_get_active (check);

  if (field != NULL && cs_review_field_get_unwanted (field) != unwanted)
    cs_review_field_set_unwanted (field, unwanted);
}

static void
review_field_notify_cb (CsReviewField    *field,
                      GParamSpec     *pspec,
                      GtkCheckButton *check)
{
  gboolean active = !cs_review_field_get_unwanted (field);

  if (gtk_check_button_get_active (check) != active)
    gtk_check_button_set_active (check, active);
}

static void
sync_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, check);
  g_signal_connect (check, "toggled", G_CALLBACK (sync_toggled_cb), list_item);
}

static void
sync_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  CsReviewField *field = gtk_list_item_get_item (list_item);
  GtkWidget *check = gtk_list_item_get_child (list_item);
  g_autofree char *accessible = NULL;
  gulong id;

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !cs_review_field_get_unwanted (field));
  id = g_signal_connect_object (field, "notify::unwanted", G_CALLBACK (review_field_notify_cb), check, 0);
  g_object_set_data (G_OBJECT (check), "cs-notify-id", GSIZE_TO_POINTER (id));

  /* Translators: “Sync Email (Lead.Email)”: a field's label, then its
   * object's and its own API names */
  accessible = g_strdup_printf (_("Sync %s (%s.%s)"),
                                cs_review_field_get_label (field),
                                cs_review_field_get_object (field),
                                cs_review_field_get_api_name (field));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
sync_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  CsReviewField *field = gtk_list_item_get_item (list_item);
  GtkWidget *check = gtk_list_item_get_child (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (check), "cs-notify-id"));

  if (id != 0 && field != NULL)
    g_signal_handler_disconnect (field, id);
}

static void
add_column (CsReviewPage   *self,
            CsReviewColumn  column,
            const char     *title,
            int             fixed_width,
            gboolean        expand,
            GtkSorter      *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  switch (column)
    {
    case CS_REVIEW_COLUMN_SYNC:
      g_signal_connect (factory, "setup", G_CALLBACK (sync_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (sync_bind_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (sync_unbind_cb), NULL);
      break;
    case CS_REVIEW_COLUMN_NEW:
      g_signal_connect (factory, "setup", G_CALLBACK (new_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (new_bind_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (new_unbind_cb), NULL);
      break;
    case CS_REVIEW_COLUMN_OBJECT:
    case CS_REVIEW_COLUMN_LABEL:
    case CS_REVIEW_COLUMN_API_NAME:
    case CS_REVIEW_COLUMN_TYPE:
    case CS_REVIEW_COLUMN_CUSTOM:
      g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), GUINT_TO_POINTER (column));
      break;
    case CS_REVIEW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;
  g_object_unref (view_column);
}

static void
add_columns (CsReviewPage *self)
{
  add_column (self, CS_REVIEW_COLUMN_SYNC, C_("column", "Sync"), 64, FALSE,
              boolean_sorter_new (G_CALLBACK (field_wanted)));
  add_column (self, CS_REVIEW_COLUMN_OBJECT, C_("column", "Object"), 130, FALSE,
              string_sorter_new (G_CALLBACK (field_object_dup)));
  add_column (self, CS_REVIEW_COLUMN_LABEL, C_("column", "Label"), 120, TRUE,
              string_sorter_new (G_CALLBACK (field_label_dup)));
  add_column (self, CS_REVIEW_COLUMN_API_NAME, C_("column", "API Name"), 120, TRUE,
              string_sorter_new (G_CALLBACK (field_api_name_dup)));
  add_column (self, CS_REVIEW_COLUMN_TYPE, C_("column", "Type"), 110, FALSE,
              string_sorter_new (G_CALLBACK (field_type_dup)));
  add_column (self, CS_REVIEW_COLUMN_CUSTOM, C_("column", "Kind"), 84, FALSE,
              boolean_sorter_new (G_CALLBACK (field_custom)));
  add_column (self, CS_REVIEW_COLUMN_NEW, C_("column", "New"), 76, FALSE,
              boolean_sorter_new (G_CALLBACK (field_is_new)));
}

/* ---- what follows the fields --------------------------------------------- */

static void
update_status (CsReviewPage *self)
{
  guint total = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
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
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) extra = NULL;
  g_auto(GStrv) objects = NULL;
  guint n = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;
  guint selected = 0;
  guint i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (self->fields, i);
      const char *object = cs_review_field_get_object (field);
      guint *count;

      if (object == NULL)
        continue;
      count = g_hash_table_lookup (counts, object);
      if (count == NULL)
        {
          count = g_new0 (guint, 1);
          g_hash_table_insert (counts, g_strdup (object), count);
        }
      (*count)++;
    }

  g_ptr_array_add (names, NULL);
  g_ptr_array_add (labels, g_strdup_printf (ngettext ("All objects (%u field)", "All objects (%u fields)", n), n));

  /* Standard objects first, as the field sync lists them. */
  objects = self->field_sync != NULL ? cs_field_sync_dup_objects (self->field_sync) : NULL;
  for (i = 0; objects != NULL && objects[i] != NULL; i++)
    {
      guint *count = g_hash_table_lookup (counts, objects[i]);

      if (count == NULL)
        continue;
      /* Translators: an object's API name, then its number of fields */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%u)"), objects[i], *count));
      g_ptr_array_add (names, g_strdup (objects[i]));
      g_hash_table_remove (counts, objects[i]);
    }
  extra = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) g_strcmp0);
  for (GList *l = extra; l != NULL; l = l->next)
    {
      guint *count = g_hash_table_lookup (counts, l->data);

      g_ptr_array_add (labels, g_strdup_printf (_("%s (%u)"), (char *) l->data, *count));
      g_ptr_array_add (names, g_strdup (l->data));
    }
  g_ptr_array_add (labels, NULL);

  for (i = 1; self->object != NULL && i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), self->object) == 0)
      selected = i;

  self->updating_objects = TRUE;
  gtk_string_list_splice (self->object_choices, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->object_choices)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->object_dropdown, selected);
  self->updating_objects = FALSE;

  g_ptr_array_unref (self->object_names);
  self->object_names = g_steal_pointer (&names);
  /* The object chosen has no field left: all objects again. */
  if (selected == 0)
    apply_object (self, NULL);
}

static void
field_unwanted_cb (CsReviewField  *field,
                   GParamSpec   *pspec,
                   CsReviewPage *self);

/* Follows every field's mark, whoever sets it (a row, the test, the core). */
static void
watch_fields (CsReviewPage *self)
{
  g_autoptr(GHashTable) old = g_steal_pointer (&self->watched);
  GHashTableIter iter;
  gpointer key, value;
  guint n = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;

  self->watched = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  for (guint i = 0; i < n; i++)
    {
      CsReviewField *field = g_list_model_get_item (self->fields, i);  /* the table owns it */

      if (g_hash_table_contains (self->watched, field))
        {
          g_object_unref (field);
          continue;
        }
      if (old != NULL && g_hash_table_lookup_extended (old, field, &key, &value))
        {
          g_hash_table_steal (old, field);
          g_object_unref (key);
        }
      else
        value = GSIZE_TO_POINTER (g_signal_connect (field, "notify::unwanted",
                                                    G_CALLBACK (field_unwanted_cb), self));
      g_hash_table_insert (self->watched, field, value);
    }

  if (old == NULL)
    return;
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
}

static void
unwatch_fields (CsReviewPage *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (self->watched == NULL)
    return;
  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
  g_clear_pointer (&self->watched, g_hash_table_unref);
}

static void
update_hide_list (CsReviewPage *self)
{
  g_autofree char *text = self->fields != NULL ? cs_field_sync_format_hide_list (self->fields) : NULL;
  guint n_marked = 0;
  guint n = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (self->fields, i);

      if (cs_review_field_get_unwanted (field))
        n_marked++;
    }

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
      watch_fields (self);
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
field_unwanted_cb (CsReviewField  *field,
                   GParamSpec   *pspec,
                   CsReviewPage *self)
{
  queue_refresh (self);
}

/* Connected before the sort model's handler, so that the search text of a
 * refilled field is right before the filter looks at it. */
static void
fields_changed_cb (GListModel   *model,
                   guint         position,
                   guint         removed,
                   guint         added,
                   CsReviewPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (model, i);

      set_haystack (field);
    }
  self->need_recount = TRUE;
  queue_refresh (self);
}

static void
set_field_sync (CsReviewPage *self,
                CsFieldSync  *field_sync)
{
  if (field_sync == self->field_sync)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->checking = FALSE;

  unwatch_fields (self);
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
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      CS_FIELD_SYNC (source) != self->field_sync)
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
  cs_field_sync_check_async (self->field_sync, self->cancellable, check_cb, g_object_ref (self));
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
    cs_review_page_save_hide_list_async (self, file, self->cancellable, save_cb, g_object_ref (self));
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
  if (self->new_only)
    gtk_filter_changed (self->new_filter, GTK_FILTER_CHANGE_MORE_STRICT);

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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->save_dialog != NULL)
    gtk_native_dialog_destroy (self->save_dialog);
  g_clear_object (&self->save_dialog);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_REVIEW_PAGE);

  unwatch_fields (self);
  if (self->fields != NULL)
    g_clear_signal_handler (&self->fields_changed_id, self->fields);
  g_clear_object (&self->fields);
  g_clear_object (&self->field_sync);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->sort_model != NULL)
    gtk_sort_list_model_set_model (self->sort_model, NULL);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->object_choices);
  g_clear_pointer (&self->object_names, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_review_page_parent_class)->dispose (object);
}

static void
cs_review_page_finalize (GObject *object)
{
  CsReviewPage *self = CS_REVIEW_PAGE (object);

  g_free (self->needle);
  g_free (self->object);
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

  haystack_quark = g_quark_from_static_string ("cs-review-page-haystack");

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

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
  gtk_widget_class_bind_template_child (widget_class, CsReviewPage, column_view);
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
  g_autoptr(GtkSelectionModel) selection = NULL;
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkFilter *every;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  cs_page_set_title (CS_PAGE (self), _("Review the Fields"));
  cs_page_set_next_label (CS_PAGE (self), _("_Sync Fields"));

  self->needle = g_strdup ("");
  self->cancellable = g_cancellable_new ();
  self->object_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->object_names, NULL);

  cs_message_bar_show (self->caution_bar, CS_MESSAGE_WARNING,
                       _("Every field listed here becomes a permanent field in Marketo when you sync: it can never be deleted there. If the sync user should not see a field, hide it from the sync user in Salesforce before you sync."),
                       NULL, NULL);

  /* Filters */
  self->search_filter = GTK_FILTER (gtk_custom_filter_new (search_match, self, NULL));
  self->object_filter = GTK_FILTER (gtk_custom_filter_new (object_match, self, NULL));
  self->kind_filter = GTK_FILTER (gtk_custom_filter_new (kind_match, self, NULL));
  self->new_filter = GTK_FILTER (gtk_custom_filter_new (new_match, self, NULL));
  every = GTK_FILTER (gtk_every_filter_new ());
  /* The cheap tests first; the every filter owns them. */
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), self->object_filter);
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), self->kind_filter);
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), self->new_filter);
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), self->search_filter);

  /* Columns, then the models (the view's sorter sorts them). */
  add_columns (self);
  sorter = g_object_ref (gtk_column_view_get_sorter (self->column_view));
  self->sort_model = gtk_sort_list_model_new (NULL, sorter);
  gtk_sort_list_model_set_incremental (self->sort_model, FALSE);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->sort_model)), every);
  gtk_filter_list_model_set_incremental (self->filter_model, FALSE);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filter_model))));
  gtk_column_view_set_model (self->column_view, selection);
  g_signal_connect (self->filter_model, "items-changed", G_CALLBACK (shown_changed_cb), self);

  /* Object and kind menus */
  self->object_choices = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->object_dropdown, G_LIST_MODEL (self->object_choices));
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
  apply_search (self, text);
}

void
cs_review_page_set_object_filter (CsReviewPage *self,
                                  const char   *object)
{
  g_return_if_fail (CS_IS_REVIEW_PAGE (self));

  for (guint i = 0; i < self->object_names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->object_names, i), object) == 0)
      {
        gtk_drop_down_set_selected (self->object_dropdown, i);
        return;
      }
  g_critical ("%s: no object %s in the menu", G_STRFUNC, object);
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

  gtk_column_view_sort_by_column (self->column_view, self->columns[column], order);
}

GListModel *
cs_review_page_get_shown_model (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

GtkColumnView *
cs_review_page_get_column_view (CsReviewPage *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_PAGE (self), NULL);

  return self->column_view;
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
