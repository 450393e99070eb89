/* cs-field-view.c: the review page's field list.
 *
 * Like GtkColumnView, it is the scrollable child of a GtkScrolledWindow:
 * the titles stay on top, the rows scroll below them (a GtkListView gets
 * the vertical adjustment), and both move together sideways. Its list view
 * shows CsFieldSlots, so that a new search or order changes which field
 * each row shows rather than making new rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-field-view.h"
#include "cs-field-slot.h"
#include "cs-field-slots.h"

struct _CsFieldView
{
  GtkWidget      parent_instance;

  GListStore    *columns;
  CsFieldSorter *sorter;
  GListModel    *model;
  gulong         model_changed_id;
  CsFieldSlots  *slots;
  GHashTable    *bound;        /* GtkListItem of each row that shows a line */
  int            height;       /* allocated: a taller list brings rows into sight */
  guint          catch_up_id;  /* rows out of sight take and tell their new field */
  guint          shrink_id;    /* drops the lines past the fields shown */
  int            line_height;  /* 0 until measured */

  CsFieldHeader *header;
  GtkListView   *list;
  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  GtkScrollablePolicy hscroll_policy;
  GtkScrollablePolicy vscroll_policy;
};

static void cs_field_view_buildable_init (GtkBuildableIface *iface);
static GtkBuildableIface *parent_buildable_iface;

G_DEFINE_FINAL_TYPE_WITH_CODE (CsFieldView, cs_field_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, cs_field_view_buildable_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_MODEL,
  /* GtkScrollable */
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
  N_PROPS = PROP_HADJUSTMENT
};

static GParamSpec *properties[N_PROPS];

/* ---- rows ----------------------------------------------------------------- */

static CsReviewField *
field_at (CsFieldView *self,
          guint        position)
{
  g_autoptr(CsReviewField) field = NULL;

  if (self->model == NULL)
    return NULL;
  field = g_list_model_get_item (self->model, position);
  return field;  /* the model keeps it */
}

/* The field a row's line shows now, NULL past the fields. */
static CsReviewField *
line_field (CsFieldView *self,
            GtkListItem *list_item)
{
  CsFieldSlot *slot = gtk_list_item_get_item (list_item);

  return slot != NULL ? field_at (self, cs_field_slot_get_position (slot)) : NULL;
}

static void
show_line (CsFieldView *self,
           GtkListItem *list_item)
{
  cs_field_row_set_field (CS_FIELD_ROW (gtk_list_item_get_child (list_item)), line_field (self, list_item));
}

static int
measure_line_height (CsFieldView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));

  pango_font_metrics_unref (metrics);
  return height;
}

static void for_each_row (CsFieldView *self,
                          void       (*func) (CsFieldRow *row));

/* Gives the rows that wait the field of their line. */
static void
catch_up (CsFieldView *self)
{
  for_each_row (self, cs_field_row_catch_up);
}

static gboolean
catch_up_cb (gpointer user_data)
{
  CsFieldView *self = user_data;

  self->catch_up_id = 0;
  catch_up (self);
  for_each_row (self, cs_field_row_flush_accessible);
  return G_SOURCE_REMOVE;
}

/* Rows out of sight take their new field, and every row that shows
 * another field tells assistive technologies, after the frame that shows
 * the rows in sight: below the priority of drawing, so that the change
 * shows first. */
static void
catch_up_later (CsFieldView *self)
{
  if (self->catch_up_id == 0)
    self->catch_up_id = g_idle_add_full (G_PRIORITY_LOW, catch_up_cb, self, NULL);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          CsFieldView              *self)
{
  if (self->line_height == 0)
    self->line_height = measure_line_height (self);
  gtk_list_item_set_child (list_item,
                           GTK_WIDGET (cs_field_row_new (G_LIST_MODEL (self->columns), self->line_height)));
  /* The check button inside takes the focus, not the whole row. */
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         CsFieldView              *self)
{
  g_hash_table_add (self->bound, list_item);
  show_line (self, list_item);
  catch_up_later (self);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           CsFieldView              *self)
{
  g_hash_table_remove (self->bound, list_item);
  cs_field_row_set_field (CS_FIELD_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static gboolean
shrink_cb (gpointer user_data)
{
  CsFieldView *self = user_data;

  self->shrink_id = 0;
  cs_field_slots_set_n_items (self->slots, self->model != NULL ? g_list_model_get_n_items (self->model) : 0);
  return G_SOURCE_REMOVE;
}

/* The lines in sight, from @first to before @past, with a line to spare on
 * each side. The lines that show a field all have the same height: they
 * follow from the scroll position (asking each row where it is costs more
 * than the rest of a new field). */
static void
lines_in_sight (CsFieldView *self,
                guint       *first,
                guint       *past)
{
  GHashTableIter iter;
  gpointer list_item;
  int line_height = 0;
  double top;

  *first = 0;
  *past = G_MAXUINT;
  g_hash_table_iter_init (&iter, self->bound);
  while (line_height <= 0 && g_hash_table_iter_next (&iter, &list_item, NULL))
    {
      GtkWidget *row = gtk_list_item_get_child (list_item);

      /* The list's widget for the line: the row and the theme's padding. */
      if (cs_field_row_get_field (CS_FIELD_ROW (row)) != NULL)
        line_height = gtk_widget_get_height (gtk_widget_get_parent (row));
    }
  if (line_height <= 0 || self->vadjustment == NULL)
    return;  /* nothing laid out yet: all count */
  /* Lines from 0, so truncating rounds down. */
  top = MAX (gtk_adjustment_get_value (self->vadjustment), 0.0);
  *first = (guint) MAX ((int) (top / line_height) - 1, 0);
  *past = (guint) ((top + gtk_adjustment_get_page_size (self->vadjustment)) / line_height) + 2;
}

static void
model_changed_cb (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  CsFieldView *self)
{
  g_autoptr(GHashTable) texts = cs_field_row_new_text_stash ();
  guint n_items = g_list_model_get_n_items (model);
  GHashTableIter iter;
  gpointer list_item;
  guint first_in_sight, past_in_sight;

  /* Lines come and go at the end only; the rows kept show their new
   * field, with its texts if another row had them laid out (stashed before
   * the list drops rows or builds new ones). */
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    cs_field_row_stash_texts (CS_FIELD_ROW (gtk_list_item_get_child (list_item)), texts);
  if (n_items >= g_list_model_get_n_items (G_LIST_MODEL (self->slots)))
    {
      g_clear_handle_id (&self->shrink_id, g_source_remove);
      cs_field_slots_set_n_items (self->slots, n_items);
    }
  else if (self->shrink_id == 0)
    {
      /* Fewer lines: GTK 4.8 drops the rows of those that go, 9–10 ms for
       * the 150 it drops when 50 fields remain. The lines past the fields
       * show nothing, with no height, until the frame that shows the new
       * fields is drawn; they go after it. */
      self->shrink_id = g_idle_add_full (G_PRIORITY_LOW, shrink_cb, self, NULL);
    }
  lines_in_sight (self, &first_in_sight, &past_in_sight);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    {
      CsFieldRow *row = CS_FIELD_ROW (gtk_list_item_get_child (list_item));
      CsReviewField *shown = cs_field_row_get_field (row);
      CsReviewField *field = line_field (self, list_item);
      guint line = gtk_list_item_get_position (list_item);

      /* Nine rows in ten are out of sight: those that go on showing a
       * field, at the same height, take the new one after the frame. A
       * row holding the focus counts as in sight: the keyboard acts on
       * what it shows. */
      if (shown != NULL && field != NULL && field != shown &&
          (line < first_in_sight || line >= past_in_sight) &&
          gtk_widget_get_focus_child (GTK_WIDGET (row)) == NULL)
        {
          cs_field_row_set_pending (row, field);
          continue;
        }
      cs_field_row_set_field (row, field);
      cs_field_row_adopt_texts (row, texts);
    }
  catch_up_later (self);
}

CsFieldRow *
cs_field_view_find_row (CsFieldView   *self,
                        CsReviewField *field)
{
  GHashTableIter iter;
  gpointer list_item;

  g_return_val_if_fail (CS_IS_FIELD_VIEW (self), NULL);

  catch_up (self);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    {
      CsFieldRow *row = CS_FIELD_ROW (gtk_list_item_get_child (list_item));

      if (cs_field_row_get_field (row) == field)
        return row;
    }
  return NULL;
}

static void
for_each_row (CsFieldView *self,
              void       (*func) (CsFieldRow *row))
{
  GHashTableIter iter;
  gpointer list_item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    func (CS_FIELD_ROW (gtk_list_item_get_child (list_item)));
}

static void
vadjustment_changed_cb (GtkAdjustment *adjustment,
                        CsFieldView   *self)
{
  /* Rows scrolled into sight show their line's field in this frame. */
  catch_up (self);
  for_each_row (self, cs_field_row_redraw_if_skipped);
}

/* ---- model ---------------------------------------------------------------- */

void
cs_field_view_set_model (CsFieldView *self,
                         GListModel  *model)
{
  g_return_if_fail (CS_IS_FIELD_VIEW (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (model == self->model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->model_changed_id, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->model_changed_id = g_signal_connect (model, "items-changed", G_CALLBACK (model_changed_cb), self);
  cs_field_slots_set_n_items (self->slots, 0);
  if (model != NULL)
    model_changed_cb (model, 0, 0, g_list_model_get_n_items (model), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
cs_field_view_get_model (CsFieldView *self)
{
  g_return_val_if_fail (CS_IS_FIELD_VIEW (self), NULL);

  return self->model;
}

CsFieldSorter *
cs_field_view_get_sorter (CsFieldView *self)
{
  g_return_val_if_fail (CS_IS_FIELD_VIEW (self), NULL);

  return self->sorter;
}

GListModel *
cs_field_view_get_columns (CsFieldView *self)
{
  g_return_val_if_fail (CS_IS_FIELD_VIEW (self), NULL);

  return G_LIST_MODEL (self->columns);
}

CsFieldHeader *
cs_field_view_get_header (CsFieldView *self)
{
  g_return_val_if_fail (CS_IS_FIELD_VIEW (self), NULL);

  return self->header;
}

GtkListView *
cs_field_view_get_list_view (CsFieldView *self)
{
  g_return_val_if_fail (CS_IS_FIELD_VIEW (self), NULL);

  return self->list;
}

void
cs_field_view_scroll_to_top (CsFieldView *self)
{
  g_return_if_fail (CS_IS_FIELD_VIEW (self));

  /* The list keeps an anchor row in sight through model changes; after a
   * new search the admin wants the first match. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->slots)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", 0);
  else if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0.0);
}

/* ---- columns -------------------------------------------------------------- */

static void
column_width_cb (CsFieldColumn *column,
                 GParamSpec    *pspec,
                 CsFieldView   *self)
{
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
add_column (CsFieldView   *self,
            CsFieldColumn *column)
{
  g_list_store_append (self->columns, column);
  g_signal_connect_object (column, "notify::fixed-width", G_CALLBACK (column_width_cb), self, 0);

  /* The titles follow the columns. */
  if (self->header != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->header));
  self->header = cs_field_header_new (G_LIST_MODEL (self->columns), self->sorter);
  gtk_widget_insert_after (GTK_WIDGET (self->header), GTK_WIDGET (self), NULL);
}

static int
columns_width (CsFieldView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  int width = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      width += cs_field_column_get_fixed_width (column);
    }
  return width;
}

/* Each column gets its width; expanding ones share what is left over.
 * Returns whether any column moved. */
static gboolean
place_columns (CsFieldView *self,
               int          width)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  guint n_expand = 0;
  int extra = MAX (width - columns_width (self), 0);
  int x = 0;
  gboolean moved = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      if (cs_field_column_get_expand (column))
        n_expand++;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);
      int column_width = cs_field_column_get_fixed_width (column);

      if (cs_field_column_get_expand (column) && n_expand > 0)
        {
          int share = extra / (int) n_expand;

          column_width += share;
          extra -= share;
          n_expand--;
        }
      if (cs_field_column_get_x (column) != x || cs_field_column_get_width (column) != column_width)
        moved = TRUE;
      cs_field_column_place (column, x, column_width);
      x += column_width;
    }
  return moved;
}

/* ---- GtkWidget ------------------------------------------------------------ */

static void
cs_field_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  CsFieldView *self = CS_FIELD_VIEW (widget);
  int header_min = 0, header_nat = 0, list_min, list_nat;

  if (self->header != NULL)
    gtk_widget_measure (GTK_WIDGET (self->header), orientation, -1, &header_min, &header_nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->list), orientation, -1, &list_min, &list_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = header_min + list_min;
      *natural = header_nat + list_nat;
    }
  else
    {
      *minimum = MAX (header_min, list_min);
      *natural = MAX (header_nat, list_nat);
    }
}

static void
cs_field_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  CsFieldView *self = CS_FIELD_VIEW (widget);
  int content_width = MAX (width, columns_width (self));
  int header_height = 0;
  int x = 0;

  if (self->hadjustment != NULL)
    {
      double value = gtk_adjustment_get_value (self->hadjustment);

      value = CLAMP (value, 0, MAX (content_width - width, 0));
      gtk_adjustment_configure (self->hadjustment, value, 0, content_width,
                                width * 0.1, width * 0.9, width);
      x = -(int) gtk_adjustment_get_value (self->hadjustment);
    }

  if (place_columns (self, content_width))
    for_each_row (self, cs_field_row_columns_changed);
  /* Taller: rows that were out of sight may be in sight now. */
  if (height > self->height)
    catch_up (self);
  self->height = height;
  for_each_row (self, cs_field_row_redraw_if_skipped);

  if (self->header != NULL)
    {
      gtk_widget_measure (GTK_WIDGET (self->header), GTK_ORIENTATION_VERTICAL, content_width,
                          NULL, &header_height, NULL, NULL);
      gtk_widget_size_allocate (GTK_WIDGET (self->header),
                                &(GtkAllocation) { x, 0, content_width, header_height }, -1);
    }
  gtk_widget_size_allocate (GTK_WIDGET (self->list),
                            &(GtkAllocation) { x, header_height, content_width, MAX (height - header_height, 0) },
                            -1);
}

static void
cs_field_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CsFieldView *self = CS_FIELD_VIEW (widget);

  /* The rows scroll under the titles. */
  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->list), snapshot);
  if (self->header != NULL)
    gtk_widget_snapshot_child (widget, GTK_WIDGET (self->header), snapshot);
  gtk_snapshot_pop (snapshot);
}

/* The view paints the background under its titles and its rows; the
 * list painting it again would cost GTK's GL renderer a whole layer at
 * every frame. A provider on this widget only, so that the list has it
 * wherever it is shown, without the application's stylesheet too. */
static void
unpaint_list_background (GtkListView *list)
{
  static GtkCssProvider *provider;

  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_data (provider, "listview { background: none; }", -1);
    }
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (list)),
                                  GTK_STYLE_PROVIDER (provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* ---- GtkScrollable -------------------------------------------------------- */

static void
hadjustment_changed_cb (GtkAdjustment *adjustment,
                        CsFieldView   *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_hadjustment (CsFieldView   *self,
                 GtkAdjustment *adjustment)
{
  if (adjustment == self->hadjustment)
    return;
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  g_clear_object (&self->hadjustment);
  if (adjustment != NULL)
    {
      self->hadjustment = g_object_ref_sink (adjustment);
      g_signal_connect (adjustment, "value-changed", G_CALLBACK (hadjustment_changed_cb), self);
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_vadjustment (CsFieldView   *self,
                 GtkAdjustment *adjustment)
{
  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  if (adjustment != NULL)
    {
      self->vadjustment = g_object_ref_sink (adjustment);
      g_signal_connect (adjustment, "value-changed", G_CALLBACK (vadjustment_changed_cb), self);
    }
  gtk_scrollable_set_vadjustment (GTK_SCROLLABLE (self->list), adjustment);
}

/* ---- GtkBuildable --------------------------------------------------------- */

static void
cs_field_view_buildable_add_child (GtkBuildable *buildable,
                                   GtkBuilder   *builder,
                                   GObject      *child,
                                   const char   *type)
{
  if (CS_IS_FIELD_COLUMN (child))
    add_column (CS_FIELD_VIEW (buildable), CS_FIELD_COLUMN (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
cs_field_view_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = cs_field_view_buildable_add_child;
}

/* ---- GObject -------------------------------------------------------------- */

static void
cs_field_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsFieldView *self = CS_FIELD_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_field_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsFieldView *self = CS_FIELD_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      cs_field_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_hadjustment (self, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_vadjustment (self, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (self->list), self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_field_view_dispose (GObject *object)
{
  CsFieldView *self = CS_FIELD_VIEW (object);

  cs_field_view_set_model (self, NULL);
  set_hadjustment (self, NULL);
  if (self->list != NULL)
    set_vadjustment (self, NULL);
  if (self->header != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->header));
  self->header = NULL;
  if (self->list != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->list));
  self->list = NULL;
  g_clear_handle_id (&self->catch_up_id, g_source_remove);
  g_clear_handle_id (&self->shrink_id, g_source_remove);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->slots);
  g_clear_object (&self->sorter);
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (cs_field_view_parent_class)->dispose (object);
}

static void
cs_field_view_class_init (CsFieldViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cs_field_view_get_property;
  object_class->set_property = cs_field_view_set_property;
  object_class->dispose = cs_field_view_dispose;
  widget_class->measure = cs_field_view_measure;
  widget_class->size_allocate = cs_field_view_size_allocate;
  widget_class->snapshot = cs_field_view_snapshot;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /* Styled as GtkColumnView by the theme (titles, rows, separators). */
  gtk_widget_class_set_css_name (widget_class, "columnview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
cs_field_view_init (CsFieldView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->columns = g_list_store_new (CS_TYPE_FIELD_COLUMN);
  self->sorter = cs_field_sorter_new ();
  self->slots = cs_field_slots_new ();
  self->bound = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slots)))),
                                                 g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self), "view");
  gtk_widget_add_css_class (GTK_WIDGET (self), "column-separators");
  unpaint_list_background (self->list);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}
