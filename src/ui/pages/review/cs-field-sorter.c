/* cs-field-sorter.c: the order of the review page's fields.
 *
 * Text columns compare collation keys of the case-folded text (what
 * GtkStringSorter does when it ignores case), made once per field and
 * column: a sort of 10,000 fields then costs string comparisons only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-field-sorter.h"

struct _CsFieldSorter
{
  GtkSorter       parent_instance;

  gboolean        sorted;
  CsReviewColumn  column;
  GtkSortType     order;
};

G_DEFINE_FINAL_TYPE (CsFieldSorter, cs_field_sorter, GTK_TYPE_SORTER)

static GQuark key_quarks[CS_REVIEW_N_COLUMNS];

static const char *
get_key (CsReviewField  *field,
         CsReviewColumn  column)
{
  const char *key = g_object_get_qdata (G_OBJECT (field), key_quarks[column]);

  if (key == NULL)
    {
      const char *text = cs_review_column_get_field_text (column, field);
      g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
      char *made = g_utf8_collate_key (folded, -1);

      g_object_set_qdata_full (G_OBJECT (field), key_quarks[column], made, g_free);
      key = made;
    }
  return key;
}

static int
get_flag (CsReviewField  *field,
          CsReviewColumn  column)
{
  switch (column)
    {
    case CS_REVIEW_COLUMN_SYNC:
      return !cs_review_field_get_unwanted (field);
    case CS_REVIEW_COLUMN_CUSTOM:
      return cs_review_field_get_custom (field);
    case CS_REVIEW_COLUMN_NEW:
      return cs_review_field_get_is_new (field);
    case CS_REVIEW_COLUMN_OBJECT:
    case CS_REVIEW_COLUMN_LABEL:
    case CS_REVIEW_COLUMN_API_NAME:
    case CS_REVIEW_COLUMN_TYPE:
    case CS_REVIEW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static GtkOrdering
cs_field_sorter_compare (GtkSorter *sorter,
                         gpointer   item1,
                         gpointer   item2)
{
  CsFieldSorter *self = CS_FIELD_SORTER (sorter);
  int result;

  if (!self->sorted)
    return GTK_ORDERING_EQUAL;

  switch (self->column)
    {
    case CS_REVIEW_COLUMN_SYNC:
    case CS_REVIEW_COLUMN_CUSTOM:
    case CS_REVIEW_COLUMN_NEW:
      result = get_flag (item1, self->column) - get_flag (item2, self->column);
      break;
    case CS_REVIEW_COLUMN_OBJECT:
    case CS_REVIEW_COLUMN_LABEL:
    case CS_REVIEW_COLUMN_API_NAME:
    case CS_REVIEW_COLUMN_TYPE:
    case CS_REVIEW_N_COLUMNS:
    default:
      result = strcmp (get_key (item1, self->column), get_key (item2, self->column));
      break;
    }
  if (self->order == GTK_SORT_DESCENDING)
    result = -result;
  return gtk_ordering_from_cmpfunc (result);
}

static GtkSorterOrder
cs_field_sorter_get_order (GtkSorter *sorter)
{
  return CS_FIELD_SORTER (sorter)->sorted ? GTK_SORTER_ORDER_PARTIAL : GTK_SORTER_ORDER_NONE;
}

void
cs_field_sorter_sort_by (CsFieldSorter  *self,
                         CsReviewColumn  column,
                         GtkSortType     order)
{
  GtkSorterChange change = GTK_SORTER_CHANGE_DIFFERENT;

  g_return_if_fail (CS_IS_FIELD_SORTER (self));
  g_return_if_fail (column < CS_REVIEW_N_COLUMNS);

  if (self->sorted && self->column == column && self->order != order)
    change = GTK_SORTER_CHANGE_INVERTED;
  self->sorted = TRUE;
  self->column = column;
  self->order = order;
  /* Even for the same order: a mark may have changed since (Sync). */
  gtk_sorter_changed (GTK_SORTER (self), change);
}

gboolean
cs_field_sorter_get_column (CsFieldSorter  *self,
                            CsReviewColumn *column,
                            GtkSortType    *order)
{
  g_return_val_if_fail (CS_IS_FIELD_SORTER (self), FALSE);

  if (column != NULL)
    *column = self->column;
  if (order != NULL)
    *order = self->order;
  return self->sorted;
}

static void
cs_field_sorter_class_init (CsFieldSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = cs_field_sorter_compare;
  sorter_class->get_order = cs_field_sorter_get_order;

  for (guint i = 0; i < CS_REVIEW_N_COLUMNS; i++)
    {
      g_autofree char *name = g_strdup_printf ("cs-field-sorter-key-%u", i);

      key_quarks[i] = g_quark_from_string (name);
    }
}

static void
cs_field_sorter_init (CsFieldSorter *self)
{
}

CsFieldSorter *
cs_field_sorter_new (void)
{
  return g_object_new (CS_TYPE_FIELD_SORTER, NULL);
}
