/* cs-field-filter.c: which of the review page's fields are shown.
 *
 * Each change tells the list of shown fields (CsFieldMatches) how it
 * changed, so that a longer search text only tests the fields still shown,
 * and a shorter one only those hidden; with no condition at all, nothing is
 * tested.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-field-filter.h"
#include "cs-ui-enums.h"
#include "cs-review-field.h"

struct _CsFieldFilter
{
  GtkFilter     parent_instance;

  char         *search_text;  /* as given, never NULL */
  char         *needle;       /* folded, never NULL */
  char         *object;
  CsReviewKind  kind;
  gboolean      new_only;
};

G_DEFINE_FINAL_TYPE (CsFieldFilter, cs_field_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_SEARCH_TEXT,
  PROP_OBJECT,
  PROP_KIND,
  PROP_NEW_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GQuark haystack_quark;

/* What the search compares: case and Unicode forms folded. */
static char *
fold_text (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

/* Label and API name, folded once per field rather than once per
 * keystroke (fields do not change their names: a check makes new ones). */
static const char *
get_haystack (CsReviewField *field)
{
  const char *haystack = g_object_get_qdata (G_OBJECT (field), haystack_quark);

  if (haystack == NULL)
    {
      const char *label = cs_review_field_get_label (field);
      const char *api_name = cs_review_field_get_api_name (field);
      g_autofree char *both = g_strconcat (label != NULL ? label : "", "\n",
                                           api_name != NULL ? api_name : "", NULL);
      char *folded = fold_text (both);

      g_object_set_qdata_full (G_OBJECT (field), haystack_quark, folded, g_free);
      haystack = folded;
    }
  return haystack;
}

static gboolean
cs_field_filter_match (GtkFilter *filter,
                       gpointer   item)
{
  CsFieldFilter *self = CS_FIELD_FILTER (filter);
  CsReviewField *field = item;

  /* The cheap tests first. */
  if (self->object != NULL && g_strcmp0 (cs_review_field_get_object (field), self->object) != 0)
    return FALSE;
  if (self->kind == CS_REVIEW_KIND_CUSTOM && !cs_review_field_get_custom (field))
    return FALSE;
  if (self->kind == CS_REVIEW_KIND_STANDARD && cs_review_field_get_custom (field))
    return FALSE;
  if (self->new_only && !cs_review_field_get_is_new (field))
    return FALSE;
  return self->needle[0] == '\0' || strstr (get_haystack (field), self->needle) != NULL;
}

static GtkFilterMatch
cs_field_filter_get_strictness (GtkFilter *filter)
{
  CsFieldFilter *self = CS_FIELD_FILTER (filter);

  if (self->object == NULL && self->kind == CS_REVIEW_KIND_ALL &&
      !self->new_only && self->needle[0] == '\0')
    return GTK_FILTER_MATCH_ALL;
  return GTK_FILTER_MATCH_SOME;
}

/* Tells the model how the shown fields change: adding a condition only
 * hides fields, removing one only shows some. */
static void
changed (CsFieldFilter *self,
         gboolean       stricter,
         gboolean       looser,
         GParamSpec    *pspec)
{
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (stricter && !looser)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (looser && !stricter)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
cs_field_filter_set_search_text (CsFieldFilter *self,
                                 const char    *text)
{
  g_autofree char *needle = NULL;
  gboolean stricter, looser;

  g_return_if_fail (CS_IS_FIELD_FILTER (self));

  if (text == NULL)
    text = "";
  if (strcmp (text, self->search_text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);

  needle = fold_text (text);
  if (strcmp (needle, self->needle) == 0)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
      return;
    }
  /* A longer text only drops fields; a shorter one only brings some back. */
  stricter = strstr (needle, self->needle) != NULL;
  looser = strstr (self->needle, needle) != NULL;
  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  changed (self, stricter, looser, properties[PROP_SEARCH_TEXT]);
}

const char *
cs_field_filter_get_search_text (CsFieldFilter *self)
{
  g_return_val_if_fail (CS_IS_FIELD_FILTER (self), NULL);

  return self->search_text;
}

void
cs_field_filter_set_object (CsFieldFilter *self,
                            const char    *object)
{
  gboolean stricter, looser;

  g_return_if_fail (CS_IS_FIELD_FILTER (self));

  if (g_strcmp0 (object, self->object) == 0)
    return;
  stricter = self->object == NULL;
  looser = object == NULL;
  g_free (self->object);
  self->object = g_strdup (object);
  changed (self, stricter, looser, properties[PROP_OBJECT]);
}

const char *
cs_field_filter_get_object (CsFieldFilter *self)
{
  g_return_val_if_fail (CS_IS_FIELD_FILTER (self), NULL);

  return self->object;
}

void
cs_field_filter_set_kind (CsFieldFilter *self,
                          CsReviewKind   kind)
{
  gboolean stricter, looser;

  g_return_if_fail (CS_IS_FIELD_FILTER (self));
  g_return_if_fail (kind <= CS_REVIEW_KIND_STANDARD);

  if (kind == self->kind)
    return;
  stricter = self->kind == CS_REVIEW_KIND_ALL;
  looser = kind == CS_REVIEW_KIND_ALL;
  self->kind = kind;
  changed (self, stricter, looser, properties[PROP_KIND]);
}

CsReviewKind
cs_field_filter_get_kind (CsFieldFilter *self)
{
  g_return_val_if_fail (CS_IS_FIELD_FILTER (self), CS_REVIEW_KIND_ALL);

  return self->kind;
}

void
cs_field_filter_set_new_only (CsFieldFilter *self,
                              gboolean       new_only)
{
  g_return_if_fail (CS_IS_FIELD_FILTER (self));

  new_only = !!new_only;
  if (new_only == self->new_only)
    return;
  self->new_only = new_only;
  changed (self, new_only, !new_only, properties[PROP_NEW_ONLY]);
}

gboolean
cs_field_filter_get_new_only (CsFieldFilter *self)
{
  g_return_val_if_fail (CS_IS_FIELD_FILTER (self), FALSE);

  return self->new_only;
}

void
cs_field_filter_prepare (CsFieldFilter *self,
                         GListModel    *fields,
                         guint          position,
                         guint          n_fields)
{
  g_return_if_fail (CS_IS_FIELD_FILTER (self));
  g_return_if_fail (G_IS_LIST_MODEL (fields));

  for (guint i = position; i < position + n_fields; i++)
    {
      g_autoptr(CsReviewField) field = g_list_model_get_item (fields, i);

      if (field != NULL)
        get_haystack (field);
    }
}

const char *
cs_field_filter_get_text_needle (CsFieldFilter *self)
{
  g_return_val_if_fail (CS_IS_FIELD_FILTER (self), NULL);

  if (self->object != NULL || self->kind != CS_REVIEW_KIND_ALL || self->new_only)
    return NULL;
  return self->needle;
}

const char *
cs_field_filter_get_haystack (CsReviewField *field)
{
  g_return_val_if_fail (CS_IS_REVIEW_FIELD (field), NULL);

  return get_haystack (field);
}

void
cs_field_filter_refresh_new (CsFieldFilter *self)
{
  g_return_if_fail (CS_IS_FIELD_FILTER (self));

  /* Recording only ever clears "new": fewer fields pass. */
  if (self->new_only)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_MORE_STRICT);
}

static void
cs_field_filter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsFieldFilter *self = CS_FIELD_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    case PROP_OBJECT:
      g_value_set_string (value, self->object);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_NEW_ONLY:
      g_value_set_boolean (value, self->new_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_field_filter_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CsFieldFilter *self = CS_FIELD_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      cs_field_filter_set_search_text (self, g_value_get_string (value));
      break;
    case PROP_OBJECT:
      cs_field_filter_set_object (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      cs_field_filter_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_NEW_ONLY:
      cs_field_filter_set_new_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_field_filter_finalize (GObject *object)
{
  CsFieldFilter *self = CS_FIELD_FILTER (object);

  g_free (self->search_text);
  g_free (self->needle);
  g_free (self->object);

  G_OBJECT_CLASS (cs_field_filter_parent_class)->finalize (object);
}

static void
cs_field_filter_class_init (CsFieldFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->get_property = cs_field_filter_get_property;
  object_class->set_property = cs_field_filter_set_property;
  object_class->finalize = cs_field_filter_finalize;
  filter_class->match = cs_field_filter_match;
  filter_class->get_strictness = cs_field_filter_get_strictness;

  haystack_quark = g_quark_from_static_string ("cs-field-filter-haystack");

  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT] =
    g_param_spec_string ("object", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CS_TYPE_REVIEW_KIND, CS_REVIEW_KIND_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEW_ONLY] =
    g_param_spec_boolean ("new-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_field_filter_init (CsFieldFilter *self)
{
  self->search_text = g_strdup ("");
  self->needle = g_strdup ("");
}

CsFieldFilter *
cs_field_filter_new (void)
{
  return g_object_new (CS_TYPE_FIELD_FILTER, NULL);
}
