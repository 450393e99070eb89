/* cs-choice-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-choice-row.h"
#include "cs-widget-util.h"

struct _CsChoiceRow
{
  AdwPreferencesRow  parent_instance;

  GtkGrid           *grid;
  GtkLabel          *title;
  GtkLabel          *subtitle;
  GtkWidget         *prefix;        /* weak: a child of the grid */
  GBinding          *sensitive;     /* owned: prefix's "sensitive" -> the row's "activatable" */
  GtkWidget         *list;          /* the GtkListBox whose row-activated we follow */
};

static void cs_choice_row_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CsChoiceRow, cs_choice_row, ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, cs_choice_row_buildable_init))

enum {
  PROP_0,
  PROP_SUBTITLE,
  PROP_PREFIX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* The button has no label of its own: a screen reader names it after the
 * row. */
static void
label_prefix (CsChoiceRow *self)
{
  if (self->prefix != NULL)
    cs_widget_label_from_texts (self->prefix,
                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
                                adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (self)),
                                gtk_label_get_label (self->subtitle));
}

/* GLib drops the binding when the prefix goes; the reference we hold keeps
 * it valid to unbind until then, and after. */
static void
clear_binding (GBinding **binding)
{
  if (*binding == NULL)
    return;
  g_binding_unbind (*binding);
  g_clear_object (binding);
}

static void
title_cb (CsChoiceRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->title), title != NULL && *title != '\0');
  label_prefix (self);
}

/* A click, Enter or the title's mnemonic: GtkListBox reports them all as
 * row-activated. */
static void
row_activated_cb (CsChoiceRow   *self,
                  GtkListBoxRow *row)
{
  if (row == GTK_LIST_BOX_ROW (self) && self->prefix != NULL)
    gtk_widget_mnemonic_activate (self->prefix, FALSE);
}

static void
parent_cb (CsChoiceRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, row_activated_cb, self);
  self->list = GTK_IS_LIST_BOX (parent) ? parent : NULL;
  if (self->list != NULL)
    g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
}

static void
cs_choice_row_buildable_add_child (GtkBuildable *buildable,
                                   GtkBuilder   *builder,
                                   GObject      *child,
                                   const char   *type)
{
  CsChoiceRow *self = CS_CHOICE_ROW (buildable);

  if (g_strcmp0 (type, "prefix") == 0 && GTK_IS_WIDGET (child))
    cs_choice_row_set_prefix (self, GTK_WIDGET (child));
  /* Anything else would replace the row's own content. */
  else if (GTK_IS_WIDGET (child))
    GTK_BUILDER_WARN_INVALID_CHILD_TYPE (buildable, type);
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
cs_choice_row_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = cs_choice_row_buildable_add_child;
}

static void
cs_choice_row_dispose (GObject *object)
{
  CsChoiceRow *self = CS_CHOICE_ROW (object);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, row_activated_cb, self);
  self->list = NULL;
  clear_binding (&self->sensitive);
  g_clear_weak_pointer (&self->prefix);
  /* The center box, through the row, which keeps a pointer to its child. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CHOICE_ROW);

  G_OBJECT_CLASS (cs_choice_row_parent_class)->dispose (object);
}

static void
cs_choice_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsChoiceRow *self = CS_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, cs_choice_row_get_subtitle (self));
      break;
    case PROP_PREFIX:
      g_value_set_object (value, self->prefix);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_choice_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsChoiceRow *self = CS_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      cs_choice_row_set_subtitle (self, g_value_get_string (value));
      break;
    case PROP_PREFIX:
      cs_choice_row_set_prefix (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_choice_row_class_init (CsChoiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_choice_row_dispose;
  object_class->get_property = cs_choice_row_get_property;
  object_class->set_property = cs_choice_row_set_property;

  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREFIX] =
    g_param_spec_object ("prefix", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-choice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsChoiceRow, grid);
  gtk_widget_class_bind_template_child (widget_class, CsChoiceRow, title);
  gtk_widget_class_bind_template_child (widget_class, CsChoiceRow, subtitle);
}

static void
cs_choice_row_init (CsChoiceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_cb), NULL);
  g_signal_connect (self, "notify::title", G_CALLBACK (title_cb), NULL);
  g_signal_connect (self, "notify::use-underline", G_CALLBACK (label_prefix), NULL);
  title_cb (self);
}

GtkWidget *
cs_choice_row_new (void)
{
  return g_object_new (CS_TYPE_CHOICE_ROW, NULL);
}

const char *
cs_choice_row_get_subtitle (CsChoiceRow *self)
{
  g_return_val_if_fail (CS_IS_CHOICE_ROW (self), NULL);

  return gtk_label_get_label (self->subtitle);
}

void
cs_choice_row_set_subtitle (CsChoiceRow *self,
                            const char  *subtitle)
{
  g_return_if_fail (CS_IS_CHOICE_ROW (self));

  if (subtitle == NULL)
    subtitle = "";
  if (g_strcmp0 (subtitle, gtk_label_get_label (self->subtitle)) == 0)
    return;

  gtk_label_set_label (self->subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), *subtitle != '\0');
  label_prefix (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

GtkWidget *
cs_choice_row_get_prefix (CsChoiceRow *self)
{
  g_return_val_if_fail (CS_IS_CHOICE_ROW (self), NULL);

  return self->prefix;
}

void
cs_choice_row_set_prefix (CsChoiceRow *self,
                          GtkWidget   *prefix)
{
  g_return_if_fail (CS_IS_CHOICE_ROW (self));
  g_return_if_fail (prefix == NULL || GTK_IS_WIDGET (prefix));
  g_return_if_fail (prefix == NULL || prefix == self->prefix || gtk_widget_get_parent (prefix) == NULL);

  if (prefix == self->prefix)
    return;

  if (self->prefix != NULL)
    {
      clear_binding (&self->sensitive);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->prefix), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->prefix), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      gtk_grid_remove (self->grid, self->prefix);
    }
  g_set_weak_pointer (&self->prefix, prefix);
  if (prefix != NULL)
    {
      gtk_widget_set_valign (prefix, GTK_ALIGN_CENTER);
      gtk_grid_attach (self->grid, prefix, 0, 0, 1, 1);
      /* First, as in AdwActionRow: screen readers meet the button first. */
      gtk_widget_insert_after (prefix, GTK_WIDGET (self->grid), NULL);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (prefix),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle, NULL,
                                      -1);
      label_prefix (self);
      /* A button that cannot be picked: the row neither lights up nor
       * takes Enter. */
      self->sensitive = g_object_ref (g_object_bind_property (prefix, "sensitive", self, "activatable",
                                                              G_BINDING_SYNC_CREATE));
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFIX]);
}
