/* cs-field-header.c: the column titles of the review page's field list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-field-header.h"

/* How far from a column's right edge a drag resizes it. */
#define EDGE_GRAB 5

struct _CsFieldHeader
{
  GtkWidget      parent_instance;

  GListModel    *columns;
  CsFieldSorter *sorter;
  GPtrArray     *buttons;      /* parallel to columns */
  GPtrArray     *arrows;       /* the sort indicator of each button */
  CsFieldColumn *resizing;
  int            resize_start_width;
};

G_DEFINE_FINAL_TYPE (CsFieldHeader, cs_field_header, GTK_TYPE_WIDGET)

static void
update_indicators (CsFieldHeader *self)
{
  CsReviewColumn sorted_column;
  GtkSortType order;
  gboolean sorted = cs_field_sorter_get_column (self->sorter, &sorted_column, &order);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);
      GtkWidget *arrow = g_ptr_array_index (self->arrows, i);
      gboolean this_one = sorted && cs_field_column_get_content (column) == sorted_column;
      GtkAccessibleSort state = GTK_ACCESSIBLE_SORT_NONE;

      gtk_widget_set_visible (arrow, this_one);
      if (this_one)
        {
          gtk_image_set_from_icon_name (GTK_IMAGE (arrow),
                                        order == GTK_SORT_ASCENDING ? "pan-up-symbolic" : "pan-down-symbolic");
          state = order == GTK_SORT_ASCENDING ? GTK_ACCESSIBLE_SORT_ASCENDING : GTK_ACCESSIBLE_SORT_DESCENDING;
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (g_ptr_array_index (self->buttons, i)),
                                      GTK_ACCESSIBLE_PROPERTY_SORT, state,
                                      -1);
    }
}

static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   CsFieldHeader   *self)
{
  update_indicators (self);
}

/* As in GtkColumnView: ascending first, then the other way. */
static void
button_clicked_cb (GtkButton     *button,
                   CsFieldHeader *self)
{
  guint index;
  CsReviewColumn sorted_column;
  GtkSortType order;
  g_autoptr(CsFieldColumn) column = NULL;

  if (!g_ptr_array_find (self->buttons, button, &index))
    return;
  column = g_list_model_get_item (self->columns, index);
  if (cs_field_sorter_get_column (self->sorter, &sorted_column, &order) &&
      sorted_column == cs_field_column_get_content (column) && order == GTK_SORT_ASCENDING)
    order = GTK_SORT_DESCENDING;
  else
    order = GTK_SORT_ASCENDING;
  cs_field_sorter_sort_by (self->sorter, cs_field_column_get_content (column), order);
}

GtkButton *
cs_field_header_get_button (CsFieldHeader  *self,
                            CsReviewColumn  content)
{
  g_return_val_if_fail (CS_IS_FIELD_HEADER (self), NULL);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);

      if (cs_field_column_get_content (column) == content)
        return g_ptr_array_index (self->buttons, i);
    }
  return NULL;
}

/* The column whose right edge is at @x, if any. */
static CsFieldColumn *
column_at_edge (CsFieldHeader *self,
                double         x)
{
  guint n = g_list_model_get_n_items (self->columns);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);
      int edge = cs_field_column_get_x (column) + cs_field_column_get_width (column);

      if (x >= edge - EDGE_GRAB && x <= edge + EDGE_GRAB)
        return column;  /* the list keeps it */
    }
  return NULL;
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           CsFieldHeader            *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   self->resizing != NULL || column_at_edge (self, x) != NULL
                                   ? "col-resize" : NULL);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               CsFieldHeader  *self)
{
  self->resizing = column_at_edge (self, x);
  if (self->resizing == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* From the width it has now, which may be more than asked (expand). */
  self->resize_start_width = cs_field_column_get_width (self->resizing);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                CsFieldHeader  *self)
{
  if (self->resizing != NULL)
    cs_field_column_set_fixed_width (self->resizing, self->resize_start_width + (int) offset_x);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             CsFieldHeader  *self)
{
  self->resizing = NULL;
}

static void
cs_field_header_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CsFieldHeader *self = CS_FIELD_HEADER (widget);

  *minimum = *natural = 0;
  for (guint i = 0; i < self->buttons->len; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);
      int child_min, child_nat;

      gtk_widget_measure (g_ptr_array_index (self->buttons, i), orientation, -1,
                          &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_VERTICAL)
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          *minimum += cs_field_column_get_fixed_width (column);
          *natural += cs_field_column_get_fixed_width (column);
        }
    }
}

static void
cs_field_header_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CsFieldHeader *self = CS_FIELD_HEADER (widget);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      int button_min;

      /* Narrower than its title: the title is cut (see snapshot). */
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &button_min, NULL, NULL, NULL);
      gtk_widget_size_allocate (button,
                                &(GtkAllocation) { cs_field_column_get_x (column), 0,
                                                   MAX (cs_field_column_get_width (column), button_min),
                                                   height },
                                -1);
    }
}

static void
cs_field_header_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  CsFieldHeader *self = CS_FIELD_HEADER (widget);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (self->columns, i);

      gtk_snapshot_push_clip (snapshot,
                              &GRAPHENE_RECT_INIT (cs_field_column_get_x (column), 0,
                                                   cs_field_column_get_width (column),
                                                   gtk_widget_get_height (widget)));
      gtk_widget_snapshot_child (widget, g_ptr_array_index (self->buttons, i), snapshot);
      gtk_snapshot_pop (snapshot);
    }
}

static void
cs_field_header_dispose (GObject *object)
{
  CsFieldHeader *self = CS_FIELD_HEADER (object);

  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  if (self->buttons != NULL)
    for (guint i = 0; i < self->buttons->len; i++)
      gtk_widget_unparent (g_ptr_array_index (self->buttons, i));
  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  g_clear_pointer (&self->arrows, g_ptr_array_unref);
  g_clear_object (&self->sorter);
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (cs_field_header_parent_class)->dispose (object);
}

static void
cs_field_header_class_init (CsFieldHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_field_header_dispose;
  widget_class->measure = cs_field_header_measure;
  widget_class->size_allocate = cs_field_header_size_allocate;
  widget_class->snapshot = cs_field_header_snapshot;

  /* Styled as GtkColumnView's header by the theme. */
  gtk_widget_class_set_css_name (widget_class, "header");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ROW);
}

static void
cs_field_header_init (CsFieldHeader *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->buttons = g_ptr_array_new ();
  self->arrows = g_ptr_array_new ();

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

CsFieldHeader *
cs_field_header_new (GListModel    *columns,
                     CsFieldSorter *sorter)
{
  CsFieldHeader *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (columns), NULL);
  g_return_val_if_fail (CS_IS_FIELD_SORTER (sorter), NULL);

  self = g_object_new (CS_TYPE_FIELD_HEADER, NULL);
  self->columns = g_object_ref (columns);
  self->sorter = g_object_ref (sorter);
  n = g_list_model_get_n_items (columns);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsFieldColumn) column = g_list_model_get_item (columns, i);
      GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                        "accessible-role", GTK_ACCESSIBLE_ROLE_COLUMN_HEADER,
                                        NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *title = gtk_label_new (cs_field_column_get_title (column));
      GtkWidget *arrow = gtk_image_new_from_icon_name ("pan-up-symbolic");

      /* Not ellipsized: a title wider than its column is cut at its edge,
       * as GtkColumnView does. */
      gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), arrow);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, cs_field_column_get_title (column),
                                      -1);
      g_signal_connect (button, "clicked", G_CALLBACK (button_clicked_cb), self);
      gtk_widget_set_parent (button, GTK_WIDGET (self));
      g_ptr_array_add (self->buttons, button);
      g_ptr_array_add (self->arrows, arrow);
    }
  g_signal_connect (sorter, "changed", G_CALLBACK (sorter_changed_cb), self);
  update_indicators (self);
  return self;
}
