/* cs-field-column.c: one column of the review page's field list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-field-column.h"
#include "cs-ui-enums.h"

struct _CsFieldColumn
{
  GObject         parent_instance;

  CsReviewColumn  content;
  char           *title;
  int             fixed_width;
  gboolean        expand;
  int             x;
  int             width;
};

G_DEFINE_FINAL_TYPE (CsFieldColumn, cs_field_column, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTENT,
  PROP_TITLE,
  PROP_FIXED_WIDTH,
  PROP_EXPAND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CsReviewColumn
cs_field_column_get_content (CsFieldColumn *self)
{
  g_return_val_if_fail (CS_IS_FIELD_COLUMN (self), CS_REVIEW_COLUMN_SYNC);

  return self->content;
}

const char *
cs_field_column_get_title (CsFieldColumn *self)
{
  g_return_val_if_fail (CS_IS_FIELD_COLUMN (self), NULL);

  return self->title;
}

int
cs_field_column_get_fixed_width (CsFieldColumn *self)
{
  g_return_val_if_fail (CS_IS_FIELD_COLUMN (self), 0);

  return self->fixed_width;
}

void
cs_field_column_set_fixed_width (CsFieldColumn *self,
                                 int            width)
{
  g_return_if_fail (CS_IS_FIELD_COLUMN (self));

  width = MAX (width, 24);
  if (width == self->fixed_width)
    return;
  self->fixed_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIXED_WIDTH]);
}

gboolean
cs_field_column_get_expand (CsFieldColumn *self)
{
  g_return_val_if_fail (CS_IS_FIELD_COLUMN (self), FALSE);

  return self->expand;
}

int
cs_field_column_get_x (CsFieldColumn *self)
{
  g_return_val_if_fail (CS_IS_FIELD_COLUMN (self), 0);

  return self->x;
}

int
cs_field_column_get_width (CsFieldColumn *self)
{
  g_return_val_if_fail (CS_IS_FIELD_COLUMN (self), 0);

  return self->width;
}

void
cs_field_column_place (CsFieldColumn *self,
                       int            x,
                       int            width)
{
  g_return_if_fail (CS_IS_FIELD_COLUMN (self));

  self->x = x;
  self->width = width;
}

const char *
cs_review_column_get_field_text (CsReviewColumn  column,
                                 CsReviewField  *field)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (field), NULL);

  switch (column)
    {
    case CS_REVIEW_COLUMN_OBJECT:
      return cs_review_field_get_object (field);
    case CS_REVIEW_COLUMN_LABEL:
      return cs_review_field_get_label (field);
    case CS_REVIEW_COLUMN_API_NAME:
      return cs_review_field_get_api_name (field);
    case CS_REVIEW_COLUMN_TYPE:
      return cs_review_field_get_type_display (field);
    case CS_REVIEW_COLUMN_CUSTOM:
      return cs_review_field_get_custom (field) ? _("Custom") : _("Standard");
    case CS_REVIEW_COLUMN_NEW:
      return cs_review_field_get_is_new (field) ? _("New") : NULL;
    case CS_REVIEW_COLUMN_SYNC:
    case CS_REVIEW_N_COLUMNS:
    default:
      return NULL;
    }
}

const char *
cs_field_column_get_text (CsFieldColumn *self,
                          CsReviewField *field)
{
  g_return_val_if_fail (CS_IS_FIELD_COLUMN (self), NULL);

  return cs_review_column_get_field_text (self->content, field);
}

static void
cs_field_column_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsFieldColumn *self = CS_FIELD_COLUMN (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      g_value_set_enum (value, self->content);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_FIXED_WIDTH:
      g_value_set_int (value, self->fixed_width);
      break;
    case PROP_EXPAND:
      g_value_set_boolean (value, self->expand);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_field_column_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CsFieldColumn *self = CS_FIELD_COLUMN (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      self->content = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_FIXED_WIDTH:
      cs_field_column_set_fixed_width (self, g_value_get_int (value));
      break;
    case PROP_EXPAND:
      self->expand = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_field_column_finalize (GObject *object)
{
  CsFieldColumn *self = CS_FIELD_COLUMN (object);

  g_free (self->title);

  G_OBJECT_CLASS (cs_field_column_parent_class)->finalize (object);
}

static void
cs_field_column_class_init (CsFieldColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cs_field_column_get_property;
  object_class->set_property = cs_field_column_set_property;
  object_class->finalize = cs_field_column_finalize;

  properties[PROP_CONTENT] =
    g_param_spec_enum ("content", NULL, NULL, CS_TYPE_REVIEW_COLUMN, CS_REVIEW_COLUMN_LABEL,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIXED_WIDTH] =
    g_param_spec_int ("fixed-width", NULL, NULL, 24, 2000, 100,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPAND] =
    g_param_spec_boolean ("expand", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_field_column_init (CsFieldColumn *self)
{
  self->content = CS_REVIEW_COLUMN_LABEL;
  self->fixed_width = 100;
}
