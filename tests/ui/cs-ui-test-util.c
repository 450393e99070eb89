/* cs-ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <string.h>

#include "cs-ui-test-util.h"

/* Longer than any single step takes, even under the sanitizers. */
#define WAIT_TIMEOUT_S 60

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
cs_ui_test_wait_until (CsUiTestCondition  condition,
                       gpointer           data,
                       const char        *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Waited %d s in vain for %s", WAIT_TIMEOUT_S, what);
  g_source_remove (id);
}

void
cs_ui_test_flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- a practice org in the test's process ---------------------------------------- */

typedef struct {
  CsPracticeOrg    *org;
  GDataInputStream *controls;   /* what the wizard sends */
  GOutputStream    *answers;    /* what it reads */
  GCancellable     *cancellable;
} AttachedOrg;

static void
attached_org_clear (AttachedOrg *attached)
{
  g_cancellable_cancel (attached->cancellable);
  cs_practice_org_disconnect (attached->org);
  g_clear_object (&attached->org);
  g_clear_object (&attached->controls);
  g_clear_object (&attached->answers);
  g_clear_object (&attached->cancellable);
}

static void
attached_org_unref (gpointer attached)
{
  g_rc_box_release_full (attached, (GDestroyNotify) attached_org_clear);
}

static void
write_line (GOutputStream *stream,
            const char    *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (stream, line, strlen (line), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (stream, "\n", 1, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void read_control (AttachedOrg *attached);

/* As crm-sync-practice-org's main loop does with its standard input. */
static void
control_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AttachedOrg *attached = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *answer = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (line != NULL && attached->org != NULL)
    {
      answer = cs_practice_org_run_control (attached->org, line);
      write_line (attached->answers, answer);
      read_control (attached);
    }
  attached_org_unref (attached);
}

static void
read_control (AttachedOrg *attached)
{
  g_data_input_stream_read_line_async (attached->controls, G_PRIORITY_DEFAULT, attached->cancellable,
                                       control_read_cb, g_rc_box_acquire (attached));
}

CsPracticeOrg *
cs_ui_test_attach_practice_org (CsSetupContext *context)
{
  return cs_ui_test_attach_practice_org_with_callback (context, NULL);
}

CsPracticeOrg *
cs_ui_test_attach_practice_org_with_callback (CsSetupContext *context,
                                              const char     *callback_url)
{
  AttachedOrg *attached = g_rc_box_new0 (AttachedOrg);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsPracticeProcess) process = NULL;
  g_autoptr(GInputStream) from_org = NULL;
  g_autoptr(GOutputStream) to_org = NULL;
  g_autofree char *description = NULL;
  int to_wizard[2];
  int to_practice[2];

  attached->org = cs_practice_org_new (500);
  if (callback_url != NULL)
    cs_practice_org_set_callback_url (attached->org, callback_url);
  g_assert_true (cs_practice_org_listen (attached->org, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_unix_open_pipe (to_wizard, FD_CLOEXEC, &error));
  g_assert_true (g_unix_open_pipe (to_practice, FD_CLOEXEC, &error));
  attached->answers = g_unix_output_stream_new (to_wizard[1], TRUE);
  attached->controls = g_data_input_stream_new (g_unix_input_stream_new (to_practice[0], TRUE));
  g_object_unref (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (attached->controls)));
  attached->cancellable = g_cancellable_new ();

  description = cs_practice_org_to_json (attached->org);
  write_line (attached->answers, description);
  from_org = g_unix_input_stream_new (to_wizard[0], TRUE);
  to_org = g_unix_output_stream_new (to_practice[1], TRUE);
  process = cs_practice_process_new_for_streams (from_org, to_org, &error);
  g_assert_no_error (error);
  read_control (attached);

  cs_setup_context_set_practice_org (context, process);
  g_object_set_data_full (G_OBJECT (context), "cs-test-practice-org", attached, attached_org_unref);
  return attached->org;
}
