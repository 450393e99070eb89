/* cs-sync-error.c: a record sync failure on the sync pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "cs-sync-error.h"
#include "cs-widget-util.h"

void
cs_sync_error_show (CsSetupContext           *context,
                    CsMessageBar             *bar,
                    const GError             *error,
                    const CsSyncErrorActions *actions)
{
  g_return_if_fail (CS_IS_SETUP_CONTEXT (context));
  g_return_if_fail (CS_IS_MESSAGE_BAR (bar));
  g_return_if_fail (error != NULL);
  g_return_if_fail (actions != NULL);

  cs_setup_context_note_sync_error (context, error);
  if (cs_error_is_reauthorization (error))
    cs_message_bar_show_error (bar, error,
                               actions->reauthorize_label != NULL ? gettext (actions->reauthorize_label) : NULL,
                               actions->reauthorize);
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_RUNNING) ||
           g_error_matches (error, CS_ERROR, CS_ERROR_API_LIMIT_RESERVE))
    cs_message_bar_show (bar, CS_MESSAGE_WARNING, error->message, NULL, NULL);
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_SYNC_PAUSED))
    {
      if (actions->resume != NULL)
        cs_message_bar_show (bar, CS_MESSAGE_INFO, error->message, _("_Resume"), actions->resume);
      else
        cs_message_bar_show (bar, CS_MESSAGE_WARNING, error->message, NULL, NULL);
    }
  else
    cs_message_bar_show_error (bar, error, actions->retry != NULL ? _("_Try Again") : NULL, actions->retry);
  cs_widget_scroll_into_view (GTK_WIDGET (bar));
}
