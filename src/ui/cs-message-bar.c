/* cs-message-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-message-bar.h"

struct _CsMessageBar
{
  GtkWidget      parent_instance;

  GtkWidget     *revealer;
  GtkWidget     *box;
  GtkWidget     *icon;
  GtkWidget     *label;
  GtkWidget     *button;
  CsMessageType  type;
};

G_DEFINE_FINAL_TYPE (CsMessageBar, cs_message_bar, GTK_TYPE_WIDGET)

static void
cs_message_bar_dispose (GObject *object)
{
  CsMessageBar *self = CS_MESSAGE_BAR (object);

  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (cs_message_bar_parent_class)->dispose (object);
}

static void
cs_message_bar_class_init (CsMessageBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_message_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "csmessagebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

/* A selectable label selects all its text when Tab reaches it (a GtkStack
 * moving the focus into a new page does that too); the selection must not
 * stay highlighted once the focus has moved on. */
static void
label_focus_leave_cb (GtkEventControllerFocus *controller,
                      GtkLabel                *label)
{
  gtk_label_select_region (label, 0, 0);
}

static void
cs_message_bar_init (CsMessageBar *self)
{
  GtkEventController *focus;

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->box, "cs-message-bar");
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), self->box);

  self->icon = gtk_image_new ();
  gtk_widget_set_valign (self->icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->box), self->icon);

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->label);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (label_focus_leave_cb), self->label);
  gtk_widget_add_controller (self->label, focus);

  self->button = gtk_button_new ();
  gtk_button_set_use_underline (GTK_BUTTON (self->button), TRUE);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->button, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->button);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
cs_message_bar_new (void)
{
  return g_object_new (CS_TYPE_MESSAGE_BAR, NULL);
}

void
cs_message_bar_show (CsMessageBar  *self,
                     CsMessageType  type,
                     const char    *message,
                     const char    *action_label,
                     const char    *action_name)
{
  static const char *classes[] = { "info", "warning", "error" };
  static const char *icons[] = {
    "dialog-information-symbolic",
    "dialog-warning-symbolic",
    "dialog-error-symbolic",
  };

  g_return_if_fail (CS_IS_MESSAGE_BAR (self));
  g_return_if_fail (message != NULL);
  g_return_if_fail (type <= CS_MESSAGE_ERROR);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->box, classes[i]);
  gtk_widget_add_css_class (self->box, classes[type]);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icons[type]);
  self->type = type;

  gtk_label_set_text (GTK_LABEL (self->label), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                  -1);

  gtk_widget_set_visible (self->button, action_label != NULL && action_name != NULL);
  if (action_label != NULL && action_name != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->button), action_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
}

void
cs_message_bar_show_error (CsMessageBar *self,
                           const GError *error,
                           const char   *action_label,
                           const char   *action_name)
{
  g_return_if_fail (CS_IS_MESSAGE_BAR (self));
  g_return_if_fail (error != NULL);

  cs_message_bar_show (self, CS_MESSAGE_ERROR, error->message, action_label, action_name);
}

void
cs_message_bar_hide (CsMessageBar *self)
{
  g_return_if_fail (CS_IS_MESSAGE_BAR (self));

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
  gtk_label_set_text (GTK_LABEL (self->label), "");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

const char *
cs_message_bar_get_message (CsMessageBar *self)
{
  g_return_val_if_fail (CS_IS_MESSAGE_BAR (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->label));
}

gboolean
cs_message_bar_is_shown (CsMessageBar *self)
{
  g_return_val_if_fail (CS_IS_MESSAGE_BAR (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self));
}

CsMessageType
cs_message_bar_get_message_type (CsMessageBar *self)
{
  g_return_val_if_fail (CS_IS_MESSAGE_BAR (self), CS_MESSAGE_INFO);

  return self->type;
}
