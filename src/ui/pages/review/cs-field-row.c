/* cs-field-row.c: one row of the review page's field list.
 *
 * A list row of GtkColumnView is a widget per cell plus one per label;
 * building and dropping them is what made the search slow. This row has one
 * child, the Sync check button (a real one, for the keyboard and assistive
 * technologies), and draws its text cells with a PangoLayout each, made
 * when the row is first drawn with a field and kept while it shows it (or
 * given to the row that shows the field next, see stash_texts()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "cs-field-row.h"
#include "cs-field-column.h"

#define CELL_PADDING 6
#define ROW_PADDING 8
#define TAG_PADDING 6

struct _CsFieldRow
{
  GtkWidget      parent_instance;

  GListModel    *columns;
  int            line_height;
  CsReviewField *field;
  gulong         notify_id;
  GtkWidget     *check;
  PangoLayout   *layouts[CS_REVIEW_N_COLUMNS];
  gboolean       skipped;   /* drawn outside the visible part, without text */
  CsReviewField *pending;   /* its line's field, not shown yet (see set_pending) */
  gboolean       accessible_stale;  /* out of sight: told later (see set_field) */
};

G_DEFINE_FINAL_TYPE (CsFieldRow, cs_field_row, GTK_TYPE_WIDGET)

static void
clear_layouts (CsFieldRow *self)
{
  for (guint i = 0; i < CS_REVIEW_N_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);
}

static void update_accessible (CsFieldRow *self);
static gboolean is_in_sight (CsFieldRow *self);

static void
check_toggled_cb (GtkCheckButton *check,
                  CsFieldRow     *self)
{
  gboolean unwanted = !gtk_check_button_get_active (check);

  if (self->field != NULL && cs_review_field_get_unwanted (self->field) != unwanted)
    cs_review_field_set_unwanted (self->field, unwanted);
}

/* The box follows the field's mark, whoever sets it; recording clears
 * "new" while the row shows the field. (One handler for both: rows are
 * bound to other fields at each keystroke.) */
static void
field_notify_cb (CsReviewField *field,
                 GParamSpec    *pspec,
                 CsFieldRow    *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "unwanted"))
    {
      gboolean active = !cs_review_field_get_unwanted (field);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->check)) != active)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), active);
    }
  else if (g_str_equal (name, "is-new"))
    {
      g_clear_object (&self->layouts[CS_REVIEW_COLUMN_NEW]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      update_accessible (self);
    }
}

/* What assistive technologies read for the row: every cell, after its
 * column's title. */
static void
update_accessible (CsFieldRow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *check_label = NULL;
  guint n = g_list_model_get_n_items (self->columns);

  self->accessible_stale = FALSE;
  if (self->field == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);
      const char *cell = cs_field_column_get_text (column, self->field);

      if (cell == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      /* A tag that says its column's title ("New") is said once. */
      if (g_strcmp0 (cell, cs_field_column_get_title (column)) == 0)
        g_string_append (text, cell);
      else
        /* Translators: a column's title, then the text of its cell in a row */
        g_string_append_printf (text, _("%s: %s"), cs_field_column_get_title (column), cell);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);

  /* Translators: “Sync Email (Lead.Email)”: a field's label, then its
   * object's and its own API names */
  check_label = g_strdup_printf (_("Sync %s (%s.%s)"),
                                 cs_review_field_get_label (self->field),
                                 cs_review_field_get_object (self->field),
                                 cs_review_field_get_api_name (self->field));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check_label,
                                  -1);
}

void
cs_field_row_set_field (CsFieldRow    *self,
                        CsReviewField *field)
{
  g_return_if_fail (CS_IS_FIELD_ROW (self));
  g_return_if_fail (field == NULL || CS_IS_REVIEW_FIELD (field));

  if (self->pending != NULL)
    {
      g_clear_object (&self->pending);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  if (field == self->field)
    return;

  if (self->field != NULL)
    g_clear_signal_handler (&self->notify_id, self->field);
  g_set_object (&self->field, field);
  clear_layouts (self);

  if (gtk_widget_get_visible (self->check) != (field != NULL))
    {
      /* A row without a field has no height. */
      gtk_widget_set_visible (self->check, field != NULL);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  if (field != NULL)
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), !cs_review_field_get_unwanted (field));
      /* Disconnected when the row shows another field or goes. */
      self->notify_id = g_signal_connect (field, "notify", G_CALLBACK (field_notify_cb), self);
    }
  /* What the row says costs more than the rest of a new field (7 µs a
   * row here), and the list keeps about 200 rows of which a tenth are in
   * sight: the others say it once the frame is drawn, when their list
   * calls cs_field_row_flush_accessible(). */
  if (field != NULL && !is_in_sight (self))
    self->accessible_stale = TRUE;
  else
    update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
free_texts (gpointer data)
{
  PangoLayout **layouts = data;

  for (guint i = 0; i < CS_REVIEW_N_COLUMNS; i++)
    g_clear_object (&layouts[i]);
  g_free (layouts);
}

GHashTable *
cs_field_row_new_text_stash (void)
{
  return g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, free_texts);
}

void
cs_field_row_stash_texts (CsFieldRow *self,
                          GHashTable *stash)
{
  PangoLayout **layouts;
  guint i;

  g_return_if_fail (CS_IS_FIELD_ROW (self));

  if (self->field == NULL)
    return;
  for (i = 0; i < CS_REVIEW_N_COLUMNS && self->layouts[i] == NULL; i++)
    ;
  if (i == CS_REVIEW_N_COLUMNS)
    return;  /* nothing laid out: nothing to give */
  layouts = g_new (PangoLayout *, CS_REVIEW_N_COLUMNS);
  memcpy (layouts, self->layouts, sizeof self->layouts);
  memset (self->layouts, 0, sizeof self->layouts);
  g_hash_table_replace (stash, self->field, layouts);
}

void
cs_field_row_adopt_texts (CsFieldRow *self,
                          GHashTable *stash)
{
  PangoLayout **layouts;

  g_return_if_fail (CS_IS_FIELD_ROW (self));

  if (self->field == NULL || !g_hash_table_steal_extended (stash, self->field, NULL, (gpointer *) &layouts))
    return;
  /* Laid out in another row's Pango context: every row has the same
   * font and the same columns, and a new font clears them all. */
  clear_layouts (self);
  memcpy (self->layouts, layouts, sizeof self->layouts);
  g_free (layouts);
}

PangoLayout *
cs_field_row_get_layout (CsFieldRow     *self,
                         CsReviewColumn  content)
{
  g_return_val_if_fail (CS_IS_FIELD_ROW (self), NULL);
  g_return_val_if_fail (content < CS_REVIEW_N_COLUMNS, NULL);

  return self->layouts[content];
}

gboolean
cs_field_row_get_accessible_stale (CsFieldRow *self)
{
  g_return_val_if_fail (CS_IS_FIELD_ROW (self), FALSE);

  return self->accessible_stale;
}

void
cs_field_row_flush_accessible (CsFieldRow *self)
{
  g_return_if_fail (CS_IS_FIELD_ROW (self));

  if (self->accessible_stale)
    update_accessible (self);
}

CsReviewField *
cs_field_row_get_field (CsFieldRow *self)
{
  g_return_val_if_fail (CS_IS_FIELD_ROW (self), NULL);

  return self->field;
}

GtkCheckButton *
cs_field_row_get_check (CsFieldRow *self)
{
  g_return_val_if_fail (CS_IS_FIELD_ROW (self), NULL);

  return GTK_CHECK_BUTTON (self->check);
}

void
cs_field_row_columns_changed (CsFieldRow *self)
{
  g_return_if_fail (CS_IS_FIELD_ROW (self));

  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cs_field_row_redraw_if_skipped (CsFieldRow *self)
{
  g_return_if_fail (CS_IS_FIELD_ROW (self));

  if (self->skipped)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cs_field_row_set_pending (CsFieldRow    *self,
                          CsReviewField *field)
{
  g_return_if_fail (CS_IS_FIELD_ROW (self));
  g_return_if_fail (CS_IS_REVIEW_FIELD (field));

  g_set_object (&self->pending, field);
  /* Drawn with its old field (the list thought it in sight): not any more. */
  if (!self->skipped)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cs_field_row_catch_up (CsFieldRow *self)
{
  g_autoptr(CsReviewField) field = NULL;

  g_return_if_fail (CS_IS_FIELD_ROW (self));

  field = g_steal_pointer (&self->pending);
  if (field != NULL)
    cs_field_row_set_field (self, field);
}

gboolean
cs_field_row_get_outdated (CsFieldRow *self)
{
  g_return_val_if_fail (CS_IS_FIELD_ROW (self), FALSE);

  return self->pending != NULL;
}

gboolean
cs_field_row_get_in_sight (CsFieldRow *self)
{
  g_return_val_if_fail (CS_IS_FIELD_ROW (self), FALSE);

  return is_in_sight (self) || gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL;
}

gboolean
cs_field_row_get_drawn (CsFieldRow *self)
{
  g_return_val_if_fail (CS_IS_FIELD_ROW (self), FALSE);

  return self->field != NULL && !self->skipped;
}

static CsFieldColumn *
find_column (CsFieldRow     *self,
             CsReviewColumn  content)
{
  guint n = g_list_model_get_n_items (self->columns);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);

      if (cs_field_column_get_content (column) == content)
        return column;  /* the list keeps it */
    }
  return NULL;
}

static void
cs_field_row_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  CsFieldRow *self = CS_FIELD_ROW (widget);
  int check_min, check_nat;

  gtk_widget_measure (self->check, orientation, -1, &check_min, &check_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* A row with no field is a line about to go (see CsFieldView). */
      *minimum = *natural = self->field != NULL ? MAX (check_nat, self->line_height) + 2 * ROW_PADDING : 0;
    }
  else
    {
      guint n = g_list_model_get_n_items (self->columns);
      int width = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);

          width += cs_field_column_get_fixed_width (column);
        }
      *minimum = *natural = MAX (width, check_min);
    }
}

static void
cs_field_row_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  CsFieldRow *self = CS_FIELD_ROW (widget);
  CsFieldColumn *column = find_column (self, CS_REVIEW_COLUMN_SYNC);
  int check_width, check_height;

  gtk_widget_measure (self->check, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &check_width, NULL, NULL);
  gtk_widget_measure (self->check, GTK_ORIENTATION_VERTICAL, -1, NULL, &check_height, NULL, NULL);
  if (column != NULL)
    {
      int x = cs_field_column_get_x (column);
      int column_width = cs_field_column_get_width (column);

      check_width = MIN (check_width, MAX (column_width, 0));
      gtk_widget_size_allocate (self->check,
                                &(GtkAllocation) { x + (column_width - check_width) / 2,
                                                   (height - check_height) / 2,
                                                   check_width, check_height },
                                -1);
    }
  else
    gtk_widget_size_allocate (self->check, &(GtkAllocation) { 0, 0, check_width, check_height }, -1);

  /* The widths of the cells may have changed. */
  for (guint i = 0; i < CS_REVIEW_N_COLUMNS; i++)
    if (self->layouts[i] != NULL)
      {
        CsFieldColumn *text_column = find_column (self, i);

        if (text_column != NULL && i != CS_REVIEW_COLUMN_NEW)
          pango_layout_set_width (self->layouts[i],
                                  MAX (cs_field_column_get_width (text_column) - 2 * CELL_PADDING, 1) * PANGO_SCALE);
      }
}

/* Drawing the text of 200 rows when 20 show costs more than the search:
 * GTK 4.8's list view keeps 200 rows and draws them all. */
static gboolean
is_in_sight (CsFieldRow *self)
{
  GtkWidget *list;
  graphene_rect_t bounds;

  /* The list gives the rows it keeps out of sight no height: most rows,
   * told without the cost of computing where they are. */
  if (gtk_widget_get_height (GTK_WIDGET (self)) == 0)
    return FALSE;
  list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
  if (list == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (self), list, &bounds))
    return TRUE;
  return bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (list);
}

static PangoLayout *
get_layout (CsFieldRow    *self,
            CsFieldColumn *column)
{
  CsReviewColumn content = cs_field_column_get_content (column);

  if (self->layouts[content] == NULL)
    {
      const char *text = cs_field_column_get_text (column, self->field);
      PangoLayout *layout;

      if (text == NULL)
        return NULL;
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      if (content == CS_REVIEW_COLUMN_NEW)
        {
          g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

          pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
          pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_layout_set_attributes (layout, attributes);
        }
      else
        {
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_single_paragraph_mode (layout, TRUE);
          pango_layout_set_width (layout,
                                  MAX (cs_field_column_get_width (column) - 2 * CELL_PADDING, 1) * PANGO_SCALE);
        }
      self->layouts[content] = layout;
    }
  return self->layouts[content];
}

static void
snapshot_text (GtkSnapshot   *snapshot,
               PangoLayout   *layout,
               float          x,
               int            height,
               const GdkRGBA *color)
{
  int text_height;

  pango_layout_get_pixel_size (layout, NULL, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, (height - text_height) / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The "New" tag: a pill in the accent colour, as .cs-new-tag was. Its
 * text is left to be drawn with the other cells' (returns FALSE), unless
 * the column is too narrow for the pill: then both are clipped to the
 * column here (a clip costs the renderer a batch of its own). */
static gboolean
snapshot_tag (CsFieldRow    *self,
              GtkSnapshot   *snapshot,
              CsFieldColumn *column,
              PangoLayout   *layout,
              const GdkRGBA *accent)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA background;
  PangoRectangle extents;
  GskRoundedRect pill;
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int x = cs_field_column_get_x (column);
  int width = cs_field_column_get_width (column);
  float pill_width, pill_height;
  gboolean clipped;

  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &background))
    background = *accent;
  background.alpha *= 0.15f;

  pango_layout_get_pixel_extents (layout, NULL, &extents);
  pill_width = extents.width + 2 * TAG_PADDING;
  pill_height = MAX (extents.height, 18);
  gsk_rounded_rect_init_from_rect (&pill,
                                   &GRAPHENE_RECT_INIT (x + CELL_PADDING, (height - pill_height) / 2.0f,
                                                        pill_width, pill_height),
                                   pill_height / 2.0f);
  clipped = CELL_PADDING + pill_width > width;
  if (clipped)
    gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, 0, width, height));
  gtk_snapshot_push_rounded_clip (snapshot, &pill);
  gtk_snapshot_append_color (snapshot, &background, &pill.bounds);
  gtk_snapshot_pop (snapshot);
  if (clipped)
    {
      snapshot_text (snapshot, layout, x + CELL_PADDING + TAG_PADDING, height, accent);
      gtk_snapshot_pop (snapshot);
    }
  return clipped;
}

/* Drawn kind by kind (the lines, the box, the pill, then every text):
 * GTK's GL renderer draws consecutive nodes of one kind in one GL draw
 * call (and small rectangles that follow text, such as the next row's
 * lines, in the text's call), so a row is four calls.
 * (Fewer than that saved nothing measurable with llvmpipe: see
 * docs/speed.md.) */
static void
cs_field_row_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CsFieldRow *self = CS_FIELD_ROW (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  guint n = g_list_model_get_n_items (self->columns);
  int height = gtk_widget_get_height (widget);
  CsFieldColumn *tag_column = NULL;
  PangoLayout *tag_layout = NULL;
  GdkRGBA color, separator, accent;

  self->skipped = FALSE;
  if (self->field == NULL)
    return;
  if (self->pending != NULL || !is_in_sight (self))
    {
      self->skipped = TRUE;
      return;
    }

  gtk_style_context_get_color (style, &color);
  separator = color;
  separator.alpha *= 0.15f;

  /* The lines between columns, as the theme draws them between cells. */
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);
      int right = cs_field_column_get_x (column) + cs_field_column_get_width (column);

      gtk_snapshot_append_color (snapshot, &separator, &GRAPHENE_RECT_INIT (right - 1, 0, 1, height));
    }

  gtk_widget_snapshot_child (widget, self->check, snapshot);

  tag_column = find_column (self, CS_REVIEW_COLUMN_NEW);
  if (tag_column != NULL)
    tag_layout = get_layout (self, tag_column);
  if (tag_layout != NULL)
    {
      if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
        accent = color;
      if (snapshot_tag (self, snapshot, tag_column, tag_layout, &accent))
        tag_layout = NULL;  /* drawn */
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);
      CsReviewColumn content = cs_field_column_get_content (column);
      PangoLayout *layout;

      if (content == CS_REVIEW_COLUMN_SYNC || content == CS_REVIEW_COLUMN_NEW)
        continue;
      layout = get_layout (self, column);
      if (layout != NULL)
        snapshot_text (snapshot, layout, cs_field_column_get_x (column) + CELL_PADDING, height, &color);
    }
  if (tag_layout != NULL)
    snapshot_text (snapshot, tag_layout, cs_field_column_get_x (tag_column) + CELL_PADDING + TAG_PADDING,
                   height, &accent);
}

/* The list gives the focus to a row as the keyboard moves: its box takes
 * it. */
static gboolean
cs_field_row_grab_focus (GtkWidget *widget)
{
  CsFieldRow *self = CS_FIELD_ROW (widget);

  /* The list may give the focus to a row out of sight: the box is then
   * for its line's field, and says so. */
  cs_field_row_catch_up (self);
  cs_field_row_flush_accessible (self);
  return gtk_widget_get_visible (self->check) && gtk_widget_grab_focus (self->check);
}

/* One stop per row: moving on from the box leaves the row (the list then
 * moves to the next row). */
static gboolean
cs_field_row_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  CsFieldRow *self = CS_FIELD_ROW (widget);

  if (gtk_widget_is_focus (self->check) || !gtk_widget_get_visible (self->check))
    return FALSE;
  cs_field_row_catch_up (self);
  cs_field_row_flush_accessible (self);
  return gtk_widget_grab_focus (self->check);
}

static void
cs_field_row_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cs_field_row_parent_class)->css_changed (widget, change);
  /* Another font or colour: the layouts are made again. */
  clear_layouts (CS_FIELD_ROW (widget));
}

static void
cs_field_row_dispose (GObject *object)
{
  CsFieldRow *self = CS_FIELD_ROW (object);

  cs_field_row_set_field (self, NULL);
  clear_layouts (self);
  g_clear_pointer (&self->check, gtk_widget_unparent);
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (cs_field_row_parent_class)->dispose (object);
}

static void
cs_field_row_class_init (CsFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_field_row_dispose;
  widget_class->measure = cs_field_row_measure;
  widget_class->size_allocate = cs_field_row_size_allocate;
  widget_class->snapshot = cs_field_row_snapshot;
  widget_class->css_changed = cs_field_row_css_changed;
  widget_class->grab_focus = cs_field_row_grab_focus;
  widget_class->focus = cs_field_row_focus;

  gtk_widget_class_set_css_name (widget_class, "cs-field-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cs_field_row_init (CsFieldRow *self)
{
  self->check = gtk_check_button_new ();
  gtk_widget_set_parent (self->check, GTK_WIDGET (self));
  gtk_widget_set_visible (self->check, FALSE);
  g_signal_connect (self->check, "toggled", G_CALLBACK (check_toggled_cb), self);
}

CsFieldRow *
cs_field_row_new (GListModel *columns,
                  int         line_height)
{
  CsFieldRow *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (columns), NULL);

  self = g_object_new (CS_TYPE_FIELD_ROW, NULL);
  self->columns = g_object_ref (columns);
  self->line_height = line_height;
  return self;
}
