/* cs-copy-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-copy-row.h"
#include "cs-string-util.h"

struct _CsCopyRow
{
  AdwPreferencesRow  parent_instance;

  GtkWidget         *title_label;
  GtkWidget         *value_label;
  GtkWidget         *button;
  GtkWidget         *list_box;     /* weak: the parent whose row-activated we follow */

  char              *value;
  char              *copy_label;
};

G_DEFINE_FINAL_TYPE (CsCopyRow, cs_copy_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_COPY_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
row_activated_cb (GtkListBox    *list_box,
                  GtkListBoxRow *row,
                  CsCopyRow     *self)
{
  if (row == GTK_LIST_BOX_ROW (self))
    cs_copy_row_copy (self);
}

/* Activating the row (click, Enter) copies, like AdwActionRow does with its
 * activatable widget. */
static void
parent_notify_cb (CsCopyRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (self->list_box != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->list_box, row_activated_cb, self);
      g_clear_weak_pointer (&self->list_box);
    }

  if (GTK_IS_LIST_BOX (parent))
    {
      g_set_weak_pointer (&self->list_box, parent);
      g_signal_connect (parent, "row-activated", G_CALLBACK (row_activated_cb), self);
    }
}

static void
button_clicked_cb (CsCopyRow *self)
{
  cs_copy_row_copy (self);
}

static void
cs_copy_row_dispose (GObject *object)
{
  CsCopyRow *self = CS_COPY_ROW (object);

  if (self->list_box != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->list_box, row_activated_cb, self);
      g_clear_weak_pointer (&self->list_box);
    }

  G_OBJECT_CLASS (cs_copy_row_parent_class)->dispose (object);
}

static void
cs_copy_row_finalize (GObject *object)
{
  CsCopyRow *self = CS_COPY_ROW (object);

  g_free (self->value);
  g_free (self->copy_label);

  G_OBJECT_CLASS (cs_copy_row_parent_class)->finalize (object);
}

static void
cs_copy_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CsCopyRow *self = CS_COPY_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_COPY_LABEL:
      g_value_set_string (value, self->copy_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_copy_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CsCopyRow *self = CS_COPY_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      cs_copy_row_set_value (self, g_value_get_string (value));
      break;
    case PROP_COPY_LABEL:
      cs_copy_row_set_copy_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_copy_row_class_init (CsCopyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_copy_row_dispose;
  object_class->finalize = cs_copy_row_finalize;
  object_class->get_property = cs_copy_row_get_property;
  object_class->set_property = cs_copy_row_set_property;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPY_LABEL] =
    g_param_spec_string ("copy-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_copy_row_init (CsCopyRow *self)
{
  GtkWidget *box, *labels;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->title_label), TRUE);
  gtk_widget_add_css_class (self->title_label, "caption");
  gtk_widget_add_css_class (self->title_label, "dim-label");
  gtk_box_append (GTK_BOX (labels), self->title_label);
  g_object_bind_property (self, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);

  /* The value wraps anywhere: URLs have no spaces to break at. */
  self->value_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->value_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->value_label, "cs-monospace");
  gtk_box_append (GTK_BOX (labels), self->value_label);

  self->button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->button);

  cs_copy_row_set_copy_label (self, _("Copy"));

  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_notify_cb), NULL);
}

GtkWidget *
cs_copy_row_new (void)
{
  return g_object_new (CS_TYPE_COPY_ROW, NULL);
}

const char *
cs_copy_row_get_value (CsCopyRow *self)
{
  g_return_val_if_fail (CS_IS_COPY_ROW (self), NULL);

  return self->value;
}

void
cs_copy_row_set_value (CsCopyRow  *self,
                       const char *value)
{
  g_return_if_fail (CS_IS_COPY_ROW (self));

  if (!cs_set_str (&self->value, value))
    return;

  gtk_label_set_text (GTK_LABEL (self->value_label), value ? value : "");
  gtk_widget_set_sensitive (self->button, value != NULL && *value != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

const char *
cs_copy_row_get_copy_label (CsCopyRow *self)
{
  g_return_val_if_fail (CS_IS_COPY_ROW (self), NULL);

  return self->copy_label;
}

void
cs_copy_row_set_copy_label (CsCopyRow  *self,
                            const char *copy_label)
{
  g_return_if_fail (CS_IS_COPY_ROW (self));

  if (!cs_set_str (&self->copy_label, copy_label))
    return;

  /* An icon-only button: the tooltip shows what it copies, the accessible
   * label says the same to a screen reader. */
  gtk_widget_set_tooltip_text (self->button, copy_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label ? copy_label : "",
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPY_LABEL]);
}

void
cs_copy_row_copy (CsCopyRow *self)
{
  g_return_if_fail (CS_IS_COPY_ROW (self));

  if (self->value == NULL || *self->value == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->value);
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.toast", "s", _("Copied"));
}

GtkWidget *
cs_copy_row_get_button (CsCopyRow *self)
{
  g_return_val_if_fail (CS_IS_COPY_ROW (self), NULL);

  return self->button;
}
