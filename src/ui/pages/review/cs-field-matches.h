/* cs-field-matches.h: the review page's fields that its filter lets
 * through, in the list's order.
 *
 * It does for the page what GtkFilterListModel does, at a lower cost per
 * field: the ordered fields are kept in an array (reaching them through
 * the sort model looks each one up in the GListStore's tree) with their
 * search texts side by side, a stricter filter tests only the fields
 * shown and a looser one only those hidden, and a change that shows the
 * same fields says nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-field-filter.h"

G_BEGIN_DECLS

#define CS_TYPE_FIELD_MATCHES (cs_field_matches_get_type ())
G_DECLARE_FINAL_TYPE (CsFieldMatches, cs_field_matches, CS, FIELD_MATCHES, GObject)

CsFieldMatches *cs_field_matches_new (GListModel    *model,
                                      CsFieldFilter *filter);

G_END_DECLS
