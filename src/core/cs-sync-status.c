/* cs-sync-status.c: what the record sync of a connection says about itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>

#include "cs-core-enums.h"
#include "cs-sync-issue.h"
#include "cs-sync-lock.h"
#include "cs-sync-status.h"

struct _CsSyncStatus
{
  GObject      parent_instance;

  char        *connection_id;
  char        *database_path;

  CsSyncState  state;
  gboolean     paused;
  gint64       last_synced;
  guint        api_reserve_percent;
  GPtrArray   *cycles;       /* CsSyncCycle */
  GPtrArray   *objects;      /* CsSyncObjectCount */
  GListStore  *issues;       /* CsSyncIssue */
};

G_DEFINE_FINAL_TYPE (CsSyncStatus, cs_sync_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PAUSED,
  PROP_LAST_SYNCED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cs_sync_state_to_string (CsSyncState state)
{
  static const char * const names[] = {
    "never-run", "in-progress", "synced", "failed", "stopped", "paused",
  };

  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (names), "failed");
  return names[state];
}

/* What a refresh read, in whichever thread. */
typedef struct {
  gboolean    running;
  gboolean    paused;
  guint       api_reserve_percent;
  GPtrArray  *cycles;
  GPtrArray  *objects;
  GListStore *issues;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->cycles, g_ptr_array_unref);
  g_clear_pointer (&snapshot->objects, g_ptr_array_unref);
  g_clear_object (&snapshot->issues);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static Snapshot *
read_snapshot (const char  *database_path,
               GError     **error)
{
  g_autoptr(Snapshot) snapshot = g_new0 (Snapshot, 1);
  g_autoptr(CsSyncDatabase) database = NULL;

  /* Before reading: a cycle that ends meanwhile shows as ended. */
  snapshot->running = cs_sync_lock_is_held (database_path, NULL);
  snapshot->api_reserve_percent = CS_SYNC_DEFAULT_API_RESERVE_PERCENT;

  database = cs_sync_database_open_existing (database_path, error);
  if (database == NULL)
    {
      if (error != NULL && *error != NULL)
        return NULL;
      snapshot->cycles = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_cycle_free);
      snapshot->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_object_count_free);
      snapshot->issues = g_list_store_new (CS_TYPE_SYNC_ISSUE);
      return g_steal_pointer (&snapshot);
    }

  snapshot->paused = cs_sync_database_get_paused (database);
  snapshot->api_reserve_percent = cs_sync_database_get_api_reserve_percent (database);
  if ((snapshot->cycles = cs_sync_database_list_cycles (database, snapshot->running, error)) == NULL ||
      (snapshot->objects = cs_sync_database_list_objects (database, error)) == NULL ||
      (snapshot->issues = cs_sync_database_list_issues (database, error)) == NULL)
    return NULL;
  return g_steal_pointer (&snapshot);
}

static CsSyncState
state_for (Snapshot *snapshot)
{
  CsSyncCycle *last;

  if (snapshot->running)
    return CS_SYNC_STATE_IN_PROGRESS;
  if (snapshot->paused)
    return CS_SYNC_STATE_PAUSED;
  if (snapshot->cycles->len == 0)
    return CS_SYNC_STATE_NEVER_RUN;

  last = g_ptr_array_index (snapshot->cycles, 0);
  switch (last->outcome)
    {
    case CS_SYNC_OUTCOME_COMPLETED:
      return CS_SYNC_STATE_SYNCED;
    case CS_SYNC_OUTCOME_STOPPED_API_LIMIT:
    case CS_SYNC_OUTCOME_PAUSED:
    case CS_SYNC_OUTCOME_CANCELLED:
      return CS_SYNC_STATE_STOPPED;
    case CS_SYNC_OUTCOME_RUNNING:
    case CS_SYNC_OUTCOME_FAILED:
    case CS_SYNC_OUTCOME_INTERRUPTED:
    default:
      return CS_SYNC_STATE_FAILED;
    }
}

static void
apply_snapshot (CsSyncStatus *self,
                Snapshot     *snapshot)
{
  CsSyncState state = state_for (snapshot);
  gint64 last_synced = 0;
  guint n_issues = g_list_model_get_n_items (G_LIST_MODEL (snapshot->issues));
  g_autofree gpointer *items = g_new0 (gpointer, n_issues + 1);

  for (guint i = 0; i < snapshot->cycles->len; i++)
    {
      CsSyncCycle *cycle = g_ptr_array_index (snapshot->cycles, i);

      if (cycle->outcome == CS_SYNC_OUTCOME_COMPLETED)
        {
          last_synced = cycle->ended;
          break;
        }
    }
  /* Beyond the history's 5 days, the objects still say when. */
  for (guint i = 0; last_synced == 0 && i < snapshot->objects->len; i++)
    last_synced = MAX (last_synced, ((CsSyncObjectCount *) g_ptr_array_index (snapshot->objects, i))->last_synced);

  g_clear_pointer (&self->cycles, g_ptr_array_unref);
  self->cycles = g_steal_pointer (&snapshot->cycles);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  self->objects = g_steal_pointer (&snapshot->objects);
  self->api_reserve_percent = snapshot->api_reserve_percent;

  for (guint i = 0; i < n_issues; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (snapshot->issues), i);
  g_list_store_splice (self->issues, 0, g_list_model_get_n_items (G_LIST_MODEL (self->issues)),
                       items, n_issues);
  for (guint i = 0; i < n_issues; i++)
    g_object_unref (items[i]);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->paused != snapshot->paused)
    {
      self->paused = snapshot->paused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
  if (self->last_synced != last_synced)
    {
      self->last_synced = last_synced;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
cs_sync_status_refresh (CsSyncStatus  *self,
                        GError       **error)
{
  g_autoptr(Snapshot) snapshot = NULL;

  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), FALSE);

  snapshot = read_snapshot (self->database_path, error);
  if (snapshot == NULL)
    return FALSE;
  apply_snapshot (self, snapshot);
  return TRUE;
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  Snapshot *snapshot = read_snapshot (task_data, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) snapshot_free);
}

void
cs_sync_status_refresh_async (CsSyncStatus        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CS_IS_SYNC_STATUS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_sync_status_refresh_async);
  g_task_set_task_data (task, g_strdup (self->database_path), g_free);
  g_task_run_in_thread (task, refresh_thread);
}

gboolean
cs_sync_status_refresh_finish (CsSyncStatus  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(Snapshot) snapshot = NULL;

  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_sync_status_refresh_async, FALSE);

  snapshot = g_task_propagate_pointer (G_TASK (result), error);
  if (snapshot == NULL)
    return FALSE;
  apply_snapshot (self, snapshot);
  return TRUE;
}

/* ---- settings ---------------------------------------------------------------------- */

static CsSyncDatabase *
open_for_writing (CsSyncStatus  *self,
                  GError       **error)
{
  return cs_sync_database_open (self->database_path, error);
}

gboolean
cs_sync_status_set_paused (CsSyncStatus  *self,
                           gboolean       paused,
                           GError       **error)
{
  g_autoptr(CsSyncDatabase) database = NULL;

  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), FALSE);

  database = open_for_writing (self, error);
  if (database == NULL || !cs_sync_database_set_paused (database, paused, error))
    return FALSE;
  return cs_sync_status_refresh (self, error);
}

gboolean
cs_sync_status_set_api_reserve_percent (CsSyncStatus  *self,
                                        guint          percent,
                                        GError       **error)
{
  g_autoptr(CsSyncDatabase) database = NULL;

  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), FALSE);

  database = open_for_writing (self, error);
  if (database == NULL || !cs_sync_database_set_api_reserve_percent (database, percent, error))
    return FALSE;
  return cs_sync_status_refresh (self, error);
}

/* ---- reading ---------------------------------------------------------------------------- */

static char *
describe_age (gint64 time)
{
  gint64 seconds = MAX (g_get_real_time () / G_USEC_PER_SEC - time, 0);

  if (seconds < 60)
    return g_strdup (_("less than a minute ago"));
  if (seconds < 3600)
    return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", seconds / 60),
                            (int) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", seconds / 3600),
                            (int) (seconds / 3600));
  return g_strdup_printf (ngettext ("%d day ago", "%d days ago", seconds / 86400),
                          (int) (seconds / 86400));
}

char *
cs_sync_status_describe (CsSyncStatus *self)
{
  const CsSyncCycle *last;
  g_autofree char *age = NULL;

  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);

  last = cs_sync_status_get_last_cycle (self);
  if (self->last_synced > 0)
    age = describe_age (self->last_synced);

  switch (self->state)
    {
    case CS_SYNC_STATE_IN_PROGRESS:
      return g_strdup (_("Sync in progress."));
    case CS_SYNC_STATE_PAUSED:
      return age != NULL
             /* Translators: %s is "5 minutes ago" */
             ? g_strdup_printf (_("Paused. Last synced %s."), age)
             : g_strdup (_("Paused. Resume it to start syncing."));
    case CS_SYNC_STATE_SYNCED:
      /* Translators: %s is "5 minutes ago" */
      return g_strdup_printf (_("Last synced %s."), age);
    case CS_SYNC_STATE_FAILED:
      /* Translators: %s says what went wrong and what to do */
      return g_strdup_printf (_("Failed: %s"), last->message != NULL
                                               ? last->message
                                               : _("the sync stopped before the end of its cycle "
                                                   "(its process ended). The next cycle goes on "
                                                   "from where it stopped."));
    case CS_SYNC_STATE_STOPPED:
      /* Translators: %s says why */
      return g_strdup_printf (_("Stopped: %s"), last->message != NULL ? last->message : "");
    case CS_SYNC_STATE_NEVER_RUN:
    default:
      return g_strdup (_("Not synced yet."));
    }
}

char *
cs_sync_status_describe_brief (CsSyncStatus *self)
{
  const CsSyncCycle *last;
  g_autofree char *failed = NULL;
  g_autofree char *synced = NULL;

  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);

  last = cs_sync_status_get_last_cycle (self);
  if (self->state != CS_SYNC_STATE_FAILED || last == NULL)
    return cs_sync_status_describe (self);
  /* A cycle whose process died has no end: said by its start. */
  if (last->ended <= 0)
    {
      g_autofree char *started = describe_age (last->started);

      if (self->last_synced <= 0)
        /* Translators: %s is "5 minutes ago" */
        return g_strdup_printf (_("The last cycle, started %s, did not finish."), started);
      synced = describe_age (self->last_synced);
      /* Translators: both %s are "5 minutes ago" */
      return g_strdup_printf (_("The last cycle, started %s, did not finish. Last synced %s."), started, synced);
    }
  failed = describe_age (last->ended);
  if (self->last_synced <= 0)
    /* Translators: %s is "5 minutes ago" */
    return g_strdup_printf (_("The last cycle failed %s."), failed);
  synced = describe_age (self->last_synced);
  /* Translators: both %s are "5 minutes ago" */
  return g_strdup_printf (_("The last cycle failed %s. Last synced %s."), failed, synced);
}

char *
cs_sync_status_describe_failure (CsSyncStatus *self)
{
  const CsSyncCycle *last;

  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);

  last = cs_sync_status_get_last_cycle (self);
  if (self->state != CS_SYNC_STATE_FAILED || last == NULL)
    return NULL;
  if (last->message != NULL)
    return g_strdup (last->message);
  return g_strdup (_("Its process ended before the cycle did (the computer was turned off, or "
                     "the process was stopped). The next cycle goes on from where it stopped."));
}

CsSyncState
cs_sync_status_get_state (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), CS_SYNC_STATE_NEVER_RUN);
  return self->state;
}

gboolean
cs_sync_status_get_paused (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), FALSE);
  return self->paused;
}

gint64
cs_sync_status_get_last_synced (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), 0);
  return self->last_synced;
}

const CsSyncCycle *
cs_sync_status_get_last_cycle (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);
  return self->cycles != NULL && self->cycles->len > 0 ? g_ptr_array_index (self->cycles, 0) : NULL;
}

GPtrArray *
cs_sync_status_get_cycles (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);
  return self->cycles;
}

GPtrArray *
cs_sync_status_get_objects (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);
  return self->objects;
}

GListModel *
cs_sync_status_get_issues (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);
  return G_LIST_MODEL (self->issues);
}

guint
cs_sync_status_get_api_reserve_percent (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), CS_SYNC_DEFAULT_API_RESERVE_PERCENT);
  return self->api_reserve_percent;
}

const char *
cs_sync_status_get_connection_id (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);
  return self->connection_id;
}

const char *
cs_sync_status_get_database_path (CsSyncStatus *self)
{
  g_return_val_if_fail (CS_IS_SYNC_STATUS (self), NULL);
  return self->database_path;
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
cs_sync_status_finalize (GObject *object)
{
  CsSyncStatus *self = CS_SYNC_STATUS (object);

  g_free (self->connection_id);
  g_free (self->database_path);
  g_clear_pointer (&self->cycles, g_ptr_array_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_object (&self->issues);

  G_OBJECT_CLASS (cs_sync_status_parent_class)->finalize (object);
}

static void
cs_sync_status_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsSyncStatus *self = CS_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_sync_status_class_init (CsSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cs_sync_status_finalize;
  object_class->get_property = cs_sync_status_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, CS_TYPE_SYNC_STATE,
                                              CS_SYNC_STATE_NEVER_RUN, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_SYNCED] = g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_sync_status_init (CsSyncStatus *self)
{
  self->issues = g_list_store_new (CS_TYPE_SYNC_ISSUE);
  self->cycles = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_cycle_free);
  self->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_sync_object_count_free);
  self->api_reserve_percent = CS_SYNC_DEFAULT_API_RESERVE_PERCENT;
}

CsSyncStatus *
cs_sync_status_new (CsConnectionStore *store,
                    const char        *connection_id)
{
  CsSyncStatus *self;

  g_return_val_if_fail (CS_IS_CONNECTION_STORE (store), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);

  self = g_object_new (CS_TYPE_SYNC_STATUS, NULL);
  self->connection_id = g_strdup (connection_id);
  self->database_path = cs_sync_database_path_for (cs_connection_store_get_path (store), connection_id);
  return self;
}
