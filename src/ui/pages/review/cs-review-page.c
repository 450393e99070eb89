/* cs-review-page.c (placeholder, to be written)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-review-page.h"

struct _CsReviewPage
{
  CsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CsReviewPage, cs_review_page, CS_TYPE_PAGE)

static void
cs_review_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (cs_review_page_parent_class)->dispose (object);
}

static void
cs_review_page_class_init (CsReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_review_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/crmsync/Setup/cs-review-page.ui");
}

static void
cs_review_page_init (CsReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  cs_page_set_title (CS_PAGE (self), _("Review the Fields"));
  cs_page_set_complete (CS_PAGE (self), TRUE);
}
