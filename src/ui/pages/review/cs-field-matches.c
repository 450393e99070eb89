/* cs-field-matches.c: the review page's fields that its filter lets
 * through, in the list's order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-field-matches.h"

struct _CsFieldMatches
{
  GObject        parent_instance;

  GListModel    *model;
  GType          item_type;
  CsFieldFilter *filter;
  GPtrArray     *items;        /* the model's items, in its order */
  GArray        *shown;        /* guint: positions in items that pass, ascending */
  /* The items' search texts side by side, in their order: a search tests
   * thousands of fields at each keystroke, and reading them there rather
   * than through each field's object is what makes it quick. */
  GString       *texts;
  GArray        *text_starts;  /* guint: where each item's text is in texts */
  gboolean       texts_stale;
};

static void cs_field_matches_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CsFieldMatches, cs_field_matches, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cs_field_matches_list_model_init))

static GType
cs_field_matches_get_item_type (GListModel *model)
{
  return CS_FIELD_MATCHES (model)->item_type;
}

static guint
cs_field_matches_get_n_items (GListModel *model)
{
  return CS_FIELD_MATCHES (model)->shown->len;
}

static gpointer
cs_field_matches_get_item (GListModel *model,
                           guint       position)
{
  CsFieldMatches *self = CS_FIELD_MATCHES (model);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, g_array_index (self->shown, guint, position)));
}

static void
cs_field_matches_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cs_field_matches_get_item_type;
  iface->get_n_items = cs_field_matches_get_n_items;
  iface->get_item = cs_field_matches_get_item;
}

static void
gather_texts (CsFieldMatches *self)
{
  if (!self->texts_stale)
    return;
  g_string_truncate (self->texts, 0);
  g_array_set_size (self->text_starts, self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    {
      const char *text = cs_field_filter_get_haystack (g_ptr_array_index (self->items, i));

      g_array_index (self->text_starts, guint, i) = self->texts->len;
      g_string_append_len (self->texts, text, strlen (text) + 1);
    }
  self->texts_stale = FALSE;
}

/* @needle: cs_field_filter_get_text_needle(), with the texts gathered */
static gboolean
passes (CsFieldMatches *self,
        GtkFilterMatch  strictness,
        const char     *needle,
        guint           index)
{
  if (strictness != GTK_FILTER_MATCH_SOME)
    return strictness == GTK_FILTER_MATCH_ALL;
  if (needle != NULL)
    return strstr (self->texts->str + g_array_index (self->text_starts, guint, index), needle) != NULL;
  return gtk_filter_match (GTK_FILTER (self->filter), g_ptr_array_index (self->items, index));
}

/* Tells the change between @old and the shown positions as one range, the
 * one between their common start and their common end. */
static void
emit_change (CsFieldMatches *self,
             GArray         *old)
{
  const guint *before = (const guint *) (gpointer) old->data;
  const guint *after = (const guint *) (gpointer) self->shown->data;
  guint start = 0, end = 0;

  while (start < old->len && start < self->shown->len && before[start] == after[start])
    start++;
  while (end < old->len - start && end < self->shown->len - start &&
         before[old->len - 1 - end] == after[self->shown->len - 1 - end])
    end++;
  if (start == old->len && start == self->shown->len)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), start, old->len - start - end, self->shown->len - start - end);
}

static void
filter_changed_cb (GtkFilter       *filter,
                   GtkFilterChange  change,
                   CsFieldMatches  *self)
{
  g_autoptr(GArray) old = self->shown;
  GtkFilterMatch strictness = gtk_filter_get_strictness (filter);
  const char *needle = cs_field_filter_get_text_needle (self->filter);
  const guint *before = (const guint *) (gpointer) old->data;
  guint next = 0;  /* in old */

  if (needle != NULL && strictness == GTK_FILTER_MATCH_SOME)
    gather_texts (self);

  self->shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), old->len);
  switch (change)
    {
    case GTK_FILTER_CHANGE_MORE_STRICT:
      /* Only the fields shown can go. */
      for (guint i = 0; i < old->len; i++)
        if (passes (self, strictness, needle, before[i]))
          g_array_append_val (self->shown, before[i]);
      break;

    case GTK_FILTER_CHANGE_LESS_STRICT:
      /* Only the fields hidden can come. */
      for (guint index = 0; index < self->items->len; index++)
        {
          if (next < old->len && before[next] == index)
            {
              next++;
              g_array_append_val (self->shown, index);
            }
          else if (passes (self, strictness, needle, index))
            g_array_append_val (self->shown, index);
        }
      break;

    case GTK_FILTER_CHANGE_DIFFERENT:
    default:
      for (guint index = 0; index < self->items->len; index++)
        if (passes (self, strictness, needle, index))
          g_array_append_val (self->shown, index);
      break;
    }
  emit_change (self, old);
}

static void
model_changed_cb (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  CsFieldMatches *self)
{
  GtkFilterMatch strictness = gtk_filter_get_strictness (GTK_FILTER (self->filter));
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (guint));
  guint *shown = (guint *) (gpointer) self->shown->data;
  guint first = 0, past_removed, n_removed, kept;

  self->texts_stale = TRUE;
  g_ptr_array_remove_range (self->items, position, removed);
  kept = self->items->len;
  g_ptr_array_set_size (self->items, kept + added);
  if (added > 0 && kept > position)
    memmove (self->items->pdata + position + added, self->items->pdata + position,
             (kept - position) * sizeof (gpointer));
  for (guint i = 0; i < added; i++)
    self->items->pdata[position + i] = g_list_model_get_item (model, position + i);

  /* The shown positions before @position stay, those of removed items go,
   * those after move by the difference; the added items are tested. */
  while (first < self->shown->len && shown[first] < position)
    first++;
  past_removed = first;
  while (past_removed < self->shown->len && shown[past_removed] < position + removed)
    past_removed++;
  n_removed = past_removed - first;
  for (guint i = past_removed; i < self->shown->len; i++)
    shown[i] = shown[i] - removed + added;
  g_array_remove_range (self->shown, first, n_removed);
  for (guint index = position; index < position + added; index++)
    if (passes (self, strictness, NULL, index))
      g_array_append_val (matches, index);
  if (matches->len > 0)
    g_array_insert_vals (self->shown, first, matches->data, matches->len);
  if (n_removed > 0 || matches->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, n_removed, matches->len);
}

static void
cs_field_matches_dispose (GObject *object)
{
  CsFieldMatches *self = CS_FIELD_MATCHES (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  g_ptr_array_set_size (self->items, 0);
  g_array_set_size (self->shown, 0);

  G_OBJECT_CLASS (cs_field_matches_parent_class)->dispose (object);
}

static void
cs_field_matches_finalize (GObject *object)
{
  CsFieldMatches *self = CS_FIELD_MATCHES (object);

  g_ptr_array_unref (self->items);
  g_array_unref (self->shown);
  g_string_free (self->texts, TRUE);
  g_array_unref (self->text_starts);

  G_OBJECT_CLASS (cs_field_matches_parent_class)->finalize (object);
}

static void
cs_field_matches_class_init (CsFieldMatchesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_field_matches_dispose;
  object_class->finalize = cs_field_matches_finalize;
}

static void
cs_field_matches_init (CsFieldMatches *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
  self->texts = g_string_new (NULL);
  self->text_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->texts_stale = TRUE;
}

/**
 * cs_field_matches_new:
 * @model: the fields, in the order to show them
 * @filter: which of them to show
 *
 * Returns: (transfer full): the fields of @model that @filter lets through,
 *   following both as they change
 */
CsFieldMatches *
cs_field_matches_new (GListModel    *model,
                      CsFieldFilter *filter)
{
  CsFieldMatches *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (CS_IS_FIELD_FILTER (filter), NULL);

  self = g_object_new (CS_TYPE_FIELD_MATCHES, NULL);
  self->model = g_object_ref (model);
  self->item_type = g_list_model_get_item_type (model);
  self->filter = g_object_ref (filter);
  g_signal_connect (model, "items-changed", G_CALLBACK (model_changed_cb), self);
  g_signal_connect (filter, "changed", G_CALLBACK (filter_changed_cb), self);
  model_changed_cb (model, 0, 0, g_list_model_get_n_items (model), self);
  return self;
}
