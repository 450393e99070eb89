/* cs-review-field.c: one field the sync user can see, as list models show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-review-field.h"
#include "cs-review-field-private.h"

struct _CsReviewField
{
  GObject   parent_instance;

  char     *object;
  char     *api_name;
  char     *label;
  char     *field_type;
  char     *type_display;
  guint     length;
  guint     precision;
  guint     scale;
  gboolean  custom;
  gboolean  is_new;
  gboolean  unwanted;
};

G_DEFINE_FINAL_TYPE (CsReviewField, cs_review_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OBJECT,
  PROP_API_NAME,
  PROP_LABEL,
  PROP_FIELD_TYPE,
  PROP_TYPE_DISPLAY,
  PROP_CUSTOM,
  PROP_IS_NEW,
  PROP_UNWANTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_review_field_finalize (GObject *object)
{
  CsReviewField *self = CS_REVIEW_FIELD (object);

  g_free (self->object);
  g_free (self->api_name);
  g_free (self->label);
  g_free (self->field_type);
  g_free (self->type_display);

  G_OBJECT_CLASS (cs_review_field_parent_class)->finalize (object);
}

static void
cs_review_field_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsReviewField *self = CS_REVIEW_FIELD (object);

  switch (prop_id)
    {
    case PROP_OBJECT:
      g_value_set_string (value, self->object);
      break;
    case PROP_API_NAME:
      g_value_set_string (value, self->api_name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_FIELD_TYPE:
      g_value_set_string (value, self->field_type);
      break;
    case PROP_TYPE_DISPLAY:
      g_value_set_string (value, self->type_display);
      break;
    case PROP_CUSTOM:
      g_value_set_boolean (value, self->custom);
      break;
    case PROP_IS_NEW:
      g_value_set_boolean (value, self->is_new);
      break;
    case PROP_UNWANTED:
      g_value_set_boolean (value, self->unwanted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_review_field_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsReviewField *self = CS_REVIEW_FIELD (object);

  switch (prop_id)
    {
    case PROP_UNWANTED:
      cs_review_field_set_unwanted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_review_field_class_init (CsReviewFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cs_review_field_finalize;
  object_class->get_property = cs_review_field_get_property;
  object_class->set_property = cs_review_field_set_property;

  properties[PROP_OBJECT] = g_param_spec_string ("object", NULL, NULL, NULL, read_only);
  properties[PROP_API_NAME] = g_param_spec_string ("api-name", NULL, NULL, NULL, read_only);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, read_only);
  properties[PROP_FIELD_TYPE] = g_param_spec_string ("field-type", NULL, NULL, NULL, read_only);
  properties[PROP_TYPE_DISPLAY] = g_param_spec_string ("type-display", NULL, NULL, NULL, read_only);
  properties[PROP_CUSTOM] = g_param_spec_boolean ("custom", NULL, NULL, FALSE, read_only);
  properties[PROP_IS_NEW] = g_param_spec_boolean ("is-new", NULL, NULL, FALSE,
                                                  read_only | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UNWANTED] = g_param_spec_boolean ("unwanted", NULL, NULL, FALSE,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                    G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_review_field_init (CsReviewField *self)
{
}

static char *
format_type_display (const char *type,
                     guint       length,
                     guint       precision,
                     guint       scale)
{
  if (precision > 0)
    return g_strdup_printf ("%s(%u,%u)", type, precision, scale);
  if (length > 0)
    return g_strdup_printf ("%s(%u)", type, length);
  return g_strdup (type);
}

CsReviewField *
cs_review_field_new (const char *object,
                   const char *api_name,
                   const char *label,
                   const char *field_type,
                   guint       length,
                   guint       precision,
                   guint       scale,
                   gboolean    custom,
                   gboolean    is_new)
{
  CsReviewField *self = g_object_new (CS_TYPE_REVIEW_FIELD, NULL);

  self->object = g_strdup (object);
  self->api_name = g_strdup (api_name);
  self->label = g_strdup (label != NULL ? label : api_name);
  self->field_type = g_strdup (field_type != NULL ? field_type : "anyType");
  self->length = length;
  self->precision = precision;
  self->scale = scale;
  self->custom = custom;
  self->is_new = is_new;
  self->type_display = format_type_display (self->field_type, length, precision, scale);
  return self;
}

void
cs_review_field_set_is_new (CsReviewField *self,
                          gboolean     is_new)
{
  g_return_if_fail (CS_IS_REVIEW_FIELD (self));

  is_new = !!is_new;
  if (self->is_new == is_new)
    return;
  self->is_new = is_new;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_NEW]);
}

const char *
cs_review_field_get_object (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), NULL);
  return self->object;
}

const char *
cs_review_field_get_api_name (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), NULL);
  return self->api_name;
}

const char *
cs_review_field_get_label (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), NULL);
  return self->label;
}

const char *
cs_review_field_get_field_type (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), NULL);
  return self->field_type;
}

const char *
cs_review_field_get_type_display (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), NULL);
  return self->type_display;
}

guint
cs_review_field_get_length (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), 0);
  return self->length;
}

guint
cs_review_field_get_precision (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), 0);
  return self->precision;
}

guint
cs_review_field_get_scale (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), 0);
  return self->scale;
}

gboolean
cs_review_field_get_custom (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), FALSE);
  return self->custom;
}

gboolean
cs_review_field_get_is_new (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), FALSE);
  return self->is_new;
}

gboolean
cs_review_field_get_unwanted (CsReviewField *self)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (self), FALSE);
  return self->unwanted;
}

void
cs_review_field_set_unwanted (CsReviewField *self,
                            gboolean     unwanted)
{
  g_return_if_fail (CS_IS_REVIEW_FIELD (self));

  unwanted = !!unwanted;
  if (self->unwanted == unwanted)
    return;
  self->unwanted = unwanted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNWANTED]);
}
