/* cs-entry-message-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-entry-message-row.h"
#include "cs-widget-util.h"

/* How long the typing pauses before a problem with the text shows. */
#define MESSAGE_DELAY_MS 800

struct _CsEntryMessageRow
{
  AdwPreferencesRow  parent_instance;

  AdwEntryRow       *entry;        /* weak: a sibling row */
  char              *problem;      /* NULL when the text looks right */
  CsMessageType      problem_type;
  char              *note;
  guint              length;       /* characters at the last change */
  guint              timeout_id;

  CsMessageBar      *bar;
};

G_DEFINE_FINAL_TYPE (CsEntryMessageRow, cs_entry_message_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

enum {
  CHECK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
entry_changed_cb (GtkEditable       *editable,
                  CsEntryMessageRow *self)
{
  guint length = g_utf8_strlen (gtk_editable_get_text (editable), -1);
  /* More than one character at once is a paste (or a page setting the
   * text): no typing to wait for. */
  gboolean pasted = length > self->length + 1 || length + 1 < self->length;

  self->length = length;
  g_signal_emit (self, signals[CHECK], 0, pasted);
}

static void
entry_focus_leave_cb (GtkEventControllerFocus *controller,
                      CsEntryMessageRow       *self)
{
  if (self->timeout_id != 0)
    cs_entry_message_row_show_now (self);
}

static gboolean
message_timeout_cb (gpointer user_data)
{
  CsEntryMessageRow *self = user_data;

  self->timeout_id = 0;
  cs_entry_message_row_show_now (self);
  return G_SOURCE_REMOVE;
}

static void
cs_entry_message_row_dispose (GObject *object)
{
  CsEntryMessageRow *self = CS_ENTRY_MESSAGE_ROW (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_weak_pointer (&self->entry);
  /* The row unparents its child itself: only once. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_ENTRY_MESSAGE_ROW);

  G_OBJECT_CLASS (cs_entry_message_row_parent_class)->dispose (object);
}

static void
cs_entry_message_row_finalize (GObject *object)
{
  CsEntryMessageRow *self = CS_ENTRY_MESSAGE_ROW (object);

  g_free (self->problem);
  g_free (self->note);

  G_OBJECT_CLASS (cs_entry_message_row_parent_class)->finalize (object);
}

static void
cs_entry_message_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CsEntryMessageRow *self = CS_ENTRY_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_entry_message_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CsEntryMessageRow *self = CS_ENTRY_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      cs_entry_message_row_set_entry (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_entry_message_row_class_init (CsEntryMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_entry_message_row_dispose;
  object_class->finalize = cs_entry_message_row_finalize;
  object_class->get_property = cs_entry_message_row_get_property;
  object_class->set_property = cs_entry_message_row_set_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, ADW_TYPE_ENTRY_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The entry's text changed; @immediate: it was pasted, not typed. */
  signals[CHECK] =
    g_signal_new ("check", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (CS_TYPE_MESSAGE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-entry-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsEntryMessageRow, bar);
}

static void
cs_entry_message_row_init (CsEntryMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The row is there only while it says something. */
  g_object_bind_property (self->bar, "visible", self, "visible", G_BINDING_SYNC_CREATE);
}

AdwEntryRow *
cs_entry_message_row_get_entry (CsEntryMessageRow *self)
{
  g_return_val_if_fail (CS_IS_ENTRY_MESSAGE_ROW (self), NULL);

  return self->entry;
}

void
cs_entry_message_row_set_entry (CsEntryMessageRow *self,
                                AdwEntryRow       *entry)
{
  GtkEventController *focus;

  g_return_if_fail (CS_IS_ENTRY_MESSAGE_ROW (self));
  g_return_if_fail (ADW_IS_ENTRY_ROW (entry));
  g_return_if_fail (self->entry == NULL);

  g_set_weak_pointer (&self->entry, entry);
  self->length = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self, 0);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (entry_focus_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

void
cs_entry_message_row_set_problem (CsEntryMessageRow *self,
                                  CsMessageType      type,
                                  const char        *problem,
                                  gboolean           immediate)
{
  g_return_if_fail (CS_IS_ENTRY_MESSAGE_ROW (self));

  g_free (self->problem);
  self->problem = g_strdup (problem);
  self->problem_type = type;

  /* A message already on screen follows the text at once: it must never
   * describe an earlier value. */
  if (problem == NULL || immediate || cs_message_bar_is_shown (self->bar))
    cs_entry_message_row_show_now (self);
  else
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      self->timeout_id = g_timeout_add (MESSAGE_DELAY_MS, message_timeout_cb, self);
    }
}

void
cs_entry_message_row_set_note (CsEntryMessageRow *self,
                               const char        *note)
{
  g_return_if_fail (CS_IS_ENTRY_MESSAGE_ROW (self));

  g_free (self->note);
  self->note = g_strdup (note);
}

void
cs_entry_message_row_show_now (CsEntryMessageRow *self)
{
  gboolean error;

  g_return_if_fail (CS_IS_ENTRY_MESSAGE_ROW (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->problem != NULL)
    {
      cs_message_bar_show (self->bar, self->problem_type, self->problem, NULL, NULL);
      cs_widget_scroll_into_view (GTK_WIDGET (self->bar));
    }
  else if (self->note != NULL)
    cs_message_bar_show (self->bar, CS_MESSAGE_INFO, self->note, NULL, NULL);
  else
    cs_message_bar_hide (self->bar);

  error = self->problem != NULL && self->problem_type == CS_MESSAGE_ERROR;
  if (self->entry == NULL)
    return;
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

CsMessageBar *
cs_entry_message_row_get_message_bar (CsEntryMessageRow *self)
{
  g_return_val_if_fail (CS_IS_ENTRY_MESSAGE_ROW (self), NULL);

  return self->bar;
}
