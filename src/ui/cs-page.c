/* cs-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-page.h"
#include "cs-string-util.h"

typedef struct
{
  CsSetupContext *context;
  char           *title;
  char           *next_label;
  GtkWidget      *initial_focus;
  GCancellable   *apply_cancellable;  /* the apply in flight */
  GCancellable   *work_cancellable;   /* the page's own work */
  guint           complete : 1;
  guint           applying : 1;
} CsPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CsPage, cs_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_APPLYING,
  PROP_NEXT_LABEL,
  N_PROPS
};

enum {
  APPLY_DONE,
  REQUEST_NEXT,
  REQUEST_PAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
cs_page_real_apply (CsPage       *self,
                    GCancellable *cancellable)
{
  return FALSE;
}

static gboolean
cs_page_real_is_needed (CsPage *self)
{
  return TRUE;
}

static void
cs_page_dispose (GObject *object)
{
  CsPage *self = CS_PAGE (object);
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  /* Whatever still runs for this page ends as stale. */
  cs_page_apply_cancel (self);
  cs_page_cancel_work (self);
  g_clear_weak_pointer (&priv->initial_focus);
  g_clear_object (&priv->context);

  G_OBJECT_CLASS (cs_page_parent_class)->dispose (object);
}

static void
cs_page_finalize (GObject *object)
{
  CsPage *self = CS_PAGE (object);
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_free (priv->title);
  g_free (priv->next_label);
  g_clear_object (&priv->apply_cancellable);

  G_OBJECT_CLASS (cs_page_parent_class)->finalize (object);
}

static void
cs_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CsPage *self = CS_PAGE (object);
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;
    case PROP_APPLYING:
      g_value_set_boolean (value, priv->applying);
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, cs_page_get_next_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  CsPage *self = CS_PAGE (object);
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;
    case PROP_TITLE:
      cs_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      cs_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_NEXT_LABEL:
      cs_page_set_next_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_page_class_init (CsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_page_dispose;
  object_class->finalize = cs_page_finalize;
  object_class->get_property = cs_page_get_property;
  object_class->set_property = cs_page_set_property;

  klass->apply = cs_page_real_apply;
  klass->is_needed = cs_page_real_is_needed;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CS_TYPE_SETUP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[APPLY_DONE] =
    g_signal_new ("apply-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[REQUEST_NEXT] =
    g_signal_new ("request-next", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REQUEST_PAGE] =
    g_signal_new ("request-page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cs_page_init (CsPage *self)
{
}

CsSetupContext *
cs_page_get_context (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), NULL);

  return priv->context;
}

const char *
cs_page_get_title (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), NULL);

  return priv->title;
}

void
cs_page_set_title (CsPage     *self,
                   const char *title)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_if_fail (CS_IS_PAGE (self));

  if (cs_set_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
cs_page_get_complete (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
cs_page_set_complete (CsPage   *self,
                      gboolean  complete)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_if_fail (CS_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
cs_page_get_applying (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), FALSE);

  return priv->applying;
}

static void
cs_page_set_applying (CsPage   *self,
                      gboolean  applying)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  applying = !!applying;
  if (priv->applying == applying)
    return;
  priv->applying = applying;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

const char *
cs_page_get_next_label (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), NULL);

  return priv->next_label ? priv->next_label : _("_Next");
}

void
cs_page_set_next_label (CsPage     *self,
                        const char *label)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_if_fail (CS_IS_PAGE (self));

  if (cs_set_str (&priv->next_label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

void
cs_page_set_initial_focus (CsPage    *self,
                           GtkWidget *widget)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_if_fail (CS_IS_PAGE (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  g_set_weak_pointer (&priv->initial_focus, widget);
}

static void
grab_initial_focus (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  if (priv->initial_focus && gtk_widget_get_sensitive (priv->initial_focus))
    gtk_widget_grab_focus (priv->initial_focus);
}

static void
page_map_cb (CsPage *self)
{
  g_signal_handlers_disconnect_by_func (self, page_map_cb, NULL);
  grab_initial_focus (self);
}

void
cs_page_shown (CsPage *self)
{
  g_return_if_fail (CS_IS_PAGE (self));

  if (CS_PAGE_GET_CLASS (self)->shown)
    CS_PAGE_GET_CLASS (self)->shown (self);

  /* The first page is shown before the window is: focus it once it is on
   * screen, or the window would give the focus to its first button. */
  g_signal_handlers_disconnect_by_func (self, page_map_cb, NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    grab_initial_focus (self);
  else
    g_signal_connect (self, "map", G_CALLBACK (page_map_cb), NULL);
}

gboolean
cs_page_apply_begin (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), FALSE);
  g_return_val_if_fail (!cs_page_get_applying (self), FALSE);

  /* Set before calling the page so that a page finishing synchronously
   * still goes through cs_page_apply_complete() cleanly. */
  priv->apply_cancellable = g_cancellable_new ();
  cs_page_set_applying (self, TRUE);
  if (!CS_PAGE_GET_CLASS (self)->apply (self, priv->apply_cancellable))
    {
      g_clear_object (&priv->apply_cancellable);
      cs_page_set_applying (self, FALSE);
      return FALSE;
    }
  return TRUE;
}

void
cs_page_apply_complete (CsPage   *self,
                        gboolean  valid)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_if_fail (CS_IS_PAGE (self));

  if (!cs_page_get_applying (self))
    return;

  g_clear_object (&priv->apply_cancellable);
  cs_page_set_applying (self, FALSE);
  g_signal_emit (self, signals[APPLY_DONE], 0, valid);
}

void
cs_page_apply_cancel (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_if_fail (CS_IS_PAGE (self));

  if (priv->apply_cancellable != NULL)
    g_cancellable_cancel (priv->apply_cancellable);
}

GCancellable *
cs_page_get_apply_cancellable (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), NULL);

  return priv->apply_cancellable;
}

GCancellable *
cs_page_get_work_cancellable (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_val_if_fail (CS_IS_PAGE (self), NULL);

  if (priv->work_cancellable == NULL)
    priv->work_cancellable = g_cancellable_new ();
  return priv->work_cancellable;
}

void
cs_page_cancel_work (CsPage *self)
{
  CsPagePrivate *priv = cs_page_get_instance_private (self);

  g_return_if_fail (CS_IS_PAGE (self));

  if (priv->work_cancellable != NULL)
    g_cancellable_cancel (priv->work_cancellable);
  g_clear_object (&priv->work_cancellable);
}

gboolean
cs_page_result_is_stale (CsPage       *self,
                         GAsyncResult *result)
{
  GCancellable *cancellable;

  g_return_val_if_fail (CS_IS_PAGE (self), TRUE);
  g_return_val_if_fail (G_IS_TASK (result), TRUE);

  /* The page cancels a cancellable when what it started is overtaken, and
   * never hands it out again: a call started with one that is cancelled
   * now is over for the page. */
  cancellable = g_task_get_cancellable (G_TASK (result));
  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

gboolean
cs_page_is_needed (CsPage *self)
{
  g_return_val_if_fail (CS_IS_PAGE (self), FALSE);

  return CS_PAGE_GET_CLASS (self)->is_needed (self);
}

void
cs_page_request_next (CsPage *self)
{
  g_return_if_fail (CS_IS_PAGE (self));

  g_signal_emit (self, signals[REQUEST_NEXT], 0);
}

void
cs_page_request_page (CsPage     *self,
                      const char *page_name)
{
  g_return_if_fail (CS_IS_PAGE (self));
  g_return_if_fail (page_name != NULL);

  g_signal_emit (self, signals[REQUEST_PAGE], 0, page_name);
}

void
cs_page_request_login_again (CsPage *self)
{
  g_return_if_fail (CS_IS_PAGE (self));

  /* The login page starts a new attempt when it finds no login. */
  cs_setup_context_forget_login (cs_page_get_context (self));
  cs_page_request_page (self, "login");
}
