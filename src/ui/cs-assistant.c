/* cs-assistant.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-assistant.h"
#include "cs-pages.h"

struct _CsAssistant
{
  AdwBin            parent_instance;

  CsSetupContext   *context;
  /* CsPage, in cs_page_table's order; NULL until made. A page is made
   * when the assistant first needs it (shows it, or asks whether it is
   * needed on the way), so that the first frame waits for the welcome
   * page only: the login page's web view, the review page's list come
   * later. */
  GPtrArray        *pages;
  CsPage           *current;

  AdwWindowTitle   *window_title;
  GtkWidget        *back_button;
  GtkWidget        *next_button;
  GtkWidget        *cancel_button;
  GtkWidget        *spinner;
  GtkProgressBar   *progress;
  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
};

G_DEFINE_FINAL_TYPE (CsAssistant, cs_assistant, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
page_name (CsPage *page)
{
  return gtk_stack_page_get_name (gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (page))),
                                                      GTK_WIDGET (page)));
}

static int
page_index (CsAssistant *self,
            CsPage      *page)
{
  guint index;

  if (page != NULL && g_ptr_array_find (self->pages, page, &index))
    return (int) index;
  return -1;
}

static void add_page (CsAssistant *self, guint index);

static gboolean
page_has_task (CsAssistant *self,
               guint        index)
{
  return (cs_page_table[index].tasks & (1u << cs_setup_context_get_task (self->context))) != 0;
}

/* The page at @index, made now if needed. */
static CsPage *
ensure_page (CsAssistant *self,
             guint        index)
{
  if (g_ptr_array_index (self->pages, index) == NULL)
    add_page (self, index);
  return g_ptr_array_index (self->pages, index);
}

/* Whether @page belongs to the current task (a page's is_needed() may
 * leave it out further: it is made to ask). */
static gboolean
page_is_needed (CsAssistant *self,
                guint        index)
{
  return page_has_task (self, index) && cs_page_is_needed (ensure_page (self, index));
}

/* The next page in @direction that belongs to the current task. */
static CsPage *
find_neighbour (CsAssistant *self,
                int          direction)
{
  for (int i = page_index (self, self->current) + direction;
       i >= 0 && i < (int) self->pages->len;
       i += direction)
    if (page_is_needed (self, i))
      return g_ptr_array_index (self->pages, i);
  return NULL;
}

static void
update_navigation (CsAssistant *self)
{
  gboolean applying = self->current && cs_page_get_applying (self->current);
  gboolean complete = self->current && cs_page_get_complete (self->current);
  gboolean has_previous = find_neighbour (self, -1) != NULL;
  guint n_needed = 0, position = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->pages->len; i++)
    {
      CsPage *page = g_ptr_array_index (self->pages, i);

      /* A page not made yet counts by its tasks: counting must not make
       * the pages ahead. */
      if (!page_has_task (self, i) || (page != NULL && !cs_page_is_needed (page)))
        continue;
      n_needed++;
      if (page == self->current)
        position = n_needed;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", !applying && has_previous);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", !applying && complete);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.cancel", applying);

  gtk_widget_set_visible (self->cancel_button, applying);
  /* Like GNOME's other assistants and navigation views: no Back where
   * there is nothing to go back to (which also spares the first frame an
   * insensitive button's offscreen). */
  gtk_widget_set_visible (self->back_button, !applying && has_previous);
  gtk_widget_set_visible (self->spinner, applying);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), applying);

  if (self->current != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->next_button), cs_page_get_next_label (self->current));
      adw_window_title_set_title (self->window_title, cs_page_get_title (self->current));
    }

  /* Translators: the subtitle of the window, e.g. "Step 2 of 6" */
  subtitle = g_strdup_printf (_("Step %u of %u"), position, n_needed);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_progress_bar_set_fraction (self->progress, n_needed ? (double) position / n_needed : 0.0);
}

static void
page_notify_cb (CsPage      *page,
                GParamSpec  *pspec,
                CsAssistant *self)
{
  if (page == self->current)
    update_navigation (self);
}

static void
show_page (CsAssistant *self,
           CsPage      *page)
{
  g_assert (page != NULL);

  /* A page left mid-apply reports the end later (cancelled). */
  if (self->current != NULL)
    cs_page_apply_cancel (self->current);

  self->current = page;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  update_navigation (self);
  cs_page_shown (page);
  /* The page may have changed its state while being shown. */
  update_navigation (self);
}

static void
go_forward (CsAssistant *self)
{
  CsPage *next = find_neighbour (self, +1);

  if (next != NULL)
    show_page (self, next);
  else
    g_signal_emit (self, signals[FINISHED], 0);
}

static void
page_apply_done_cb (CsPage      *page,
                    gboolean     valid,
                    CsAssistant *self)
{
  update_navigation (self);
  if (valid && page == self->current)
    go_forward (self);
}

static void
page_request_next_cb (CsPage      *page,
                      CsAssistant *self)
{
  if (page == self->current)
    cs_assistant_next (self);
}

static void
page_request_page_cb (CsPage      *page,
                      const char  *name,
                      CsAssistant *self)
{
  cs_assistant_go_to (self, name);
}

static void
context_task_notify_cb (CsSetupContext *context,
                        GParamSpec     *pspec,
                        CsAssistant    *self)
{
  update_navigation (self);
}

static void
add_page (CsAssistant *self,
          guint        index)
{
  CsPage *page = g_object_new (cs_page_table[index].get_type (), "context", self->context, NULL);

  g_ptr_array_index (self->pages, index) = page;
  gtk_stack_add_named (self->stack, GTK_WIDGET (page), cs_page_table[index].name);
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (page_notify_cb), self, 0);
  g_signal_connect_object (page, "notify::applying", G_CALLBACK (page_notify_cb), self, 0);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (page_notify_cb), self, 0);
  g_signal_connect_object (page, "notify::next-label", G_CALLBACK (page_notify_cb), self, 0);
  g_signal_connect_object (page, "apply-done", G_CALLBACK (page_apply_done_cb), self, 0);
  g_signal_connect_object (page, "request-next", G_CALLBACK (page_request_next_cb), self, 0);
  g_signal_connect_object (page, "request-page", G_CALLBACK (page_request_page_cb), self, 0);
}

static void
cs_assistant_constructed (GObject *object)
{
  CsAssistant *self = CS_ASSISTANT (object);

  G_OBJECT_CLASS (cs_assistant_parent_class)->constructed (object);

  g_assert (self->context != NULL);

  g_ptr_array_set_size (self->pages, G_N_ELEMENTS (cs_page_table));

  g_signal_connect_object (self->context, "notify::task",
                           G_CALLBACK (context_task_notify_cb), self, 0);
  /* Entering a new consumer key and secret adds a step. */
  g_signal_connect_object (self->context, "notify::replace-consumer",
                           G_CALLBACK (context_task_notify_cb), self, 0);

  show_page (self, ensure_page (self, 0));
}

static void
cs_assistant_dispose (GObject *object)
{
  CsAssistant *self = CS_ASSISTANT (object);

  /* A page's callback may keep it alive past the window: its apply must
   * end now all the same. */
  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    if (g_ptr_array_index (self->pages, i) != NULL)
      cs_page_apply_cancel (g_ptr_array_index (self->pages, i));
  self->current = NULL;
  g_clear_pointer (&self->pages, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_ASSISTANT);

  G_OBJECT_CLASS (cs_assistant_parent_class)->dispose (object);
}

static void
cs_assistant_finalize (GObject *object)
{
  CsAssistant *self = CS_ASSISTANT (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (cs_assistant_parent_class)->finalize (object);
}

static void
cs_assistant_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CsAssistant *self = CS_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_assistant_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CsAssistant *self = CS_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
action_next (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cs_assistant_next (CS_ASSISTANT (widget));
}

static void
action_back (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cs_assistant_back (CS_ASSISTANT (widget));
}

static void
action_cancel (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cs_assistant_cancel (CS_ASSISTANT (widget));
}

static void
action_toast (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  cs_assistant_add_toast (CS_ASSISTANT (widget), g_variant_get_string (parameter, NULL));
}

static void
action_go_to (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  cs_assistant_go_to (CS_ASSISTANT (widget), g_variant_get_string (parameter, NULL));
}

static void
cs_assistant_class_init (CsAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cs_assistant_constructed;
  object_class->dispose = cs_assistant_dispose;
  object_class->finalize = cs_assistant_finalize;
  object_class->get_property = cs_assistant_get_property;
  object_class->set_property = cs_assistant_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CS_TYPE_SETUP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when the last page was applied. */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, progress);
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsAssistant, stack);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, action_next);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, action_back);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "assistant.toast", "s", action_toast);
  gtk_widget_class_install_action (widget_class, "assistant.go-to", "s", action_go_to);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "assistant.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "assistant.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.cancel", NULL);
}

static void
cs_assistant_init (CsAssistant *self)
{
  self->pages = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

CsAssistant *
cs_assistant_new (CsSetupContext *context)
{
  g_return_val_if_fail (CS_IS_SETUP_CONTEXT (context), NULL);

  return g_object_new (CS_TYPE_ASSISTANT, "context", context, NULL);
}

CsSetupContext *
cs_assistant_get_context (CsAssistant *self)
{
  g_return_val_if_fail (CS_IS_ASSISTANT (self), NULL);

  return self->context;
}

CsPage *
cs_assistant_get_current_page (CsAssistant *self)
{
  g_return_val_if_fail (CS_IS_ASSISTANT (self), NULL);

  return self->current;
}

const char *
cs_assistant_get_current_name (CsAssistant *self)
{
  g_return_val_if_fail (CS_IS_ASSISTANT (self), NULL);

  return self->current ? page_name (self->current) : NULL;
}

CsPage *
cs_assistant_get_page (CsAssistant *self,
                       const char  *name)
{
  g_return_val_if_fail (CS_IS_ASSISTANT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cs_page_table); i++)
    if (g_str_equal (cs_page_table[i].name, name))
      return ensure_page (self, i);
  return NULL;
}

CsPage *
cs_assistant_peek_page (CsAssistant *self,
                        const char  *name)
{
  g_return_val_if_fail (CS_IS_ASSISTANT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cs_page_table); i++)
    if (g_str_equal (cs_page_table[i].name, name))
      return g_ptr_array_index (self->pages, i);
  return NULL;
}

gboolean
cs_assistant_can_go_next (CsAssistant *self)
{
  g_return_val_if_fail (CS_IS_ASSISTANT (self), FALSE);

  return self->current != NULL &&
         cs_page_get_complete (self->current) &&
         !cs_page_get_applying (self->current);
}

gboolean
cs_assistant_can_go_back (CsAssistant *self)
{
  g_return_val_if_fail (CS_IS_ASSISTANT (self), FALSE);

  return self->current != NULL &&
         !cs_page_get_applying (self->current) &&
         find_neighbour (self, -1) != NULL;
}

void
cs_assistant_next (CsAssistant *self)
{
  g_return_if_fail (CS_IS_ASSISTANT (self));

  if (!cs_assistant_can_go_next (self))
    return;

  if (!cs_page_apply_begin (self->current))
    go_forward (self);
}

void
cs_assistant_back (CsAssistant *self)
{
  CsPage *previous;

  g_return_if_fail (CS_IS_ASSISTANT (self));

  if (!cs_assistant_can_go_back (self))
    return;

  previous = find_neighbour (self, -1);
  if (previous != NULL)
    show_page (self, previous);
}

void
cs_assistant_cancel (CsAssistant *self)
{
  g_return_if_fail (CS_IS_ASSISTANT (self));

  /* The page sees the cancellation and ends its apply with
   * cs_page_apply_complete (page, FALSE). */
  if (self->current != NULL)
    cs_page_apply_cancel (self->current);
}

gboolean
cs_assistant_go_to (CsAssistant *self,
                    const char  *name)
{
  CsPage *page;

  g_return_val_if_fail (CS_IS_ASSISTANT (self), FALSE);

  page = cs_assistant_get_page (self, name);
  if (page == NULL)
    {
      g_warning ("No wizard page named “%s”", name);
      return FALSE;
    }
  show_page (self, page);
  return TRUE;
}

void
cs_assistant_add_toast (CsAssistant *self,
                        const char  *message)
{
  g_return_if_fail (CS_IS_ASSISTANT (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}
