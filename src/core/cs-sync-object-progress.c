/* cs-sync-object-progress.c: how far a running cycle is with one object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-core-enums.h"
#include "cs-string-util.h"
#include "cs-sync-object-progress.h"

struct _CsSyncObjectProgress
{
  GObject       parent_instance;

  char         *object;
  CsSyncPhase   phase;
  CsSyncMethod  method;
  gint64        records;
  gint64        total;
  gint64        deleted;
  gint64        skipped;
  gint64        seconds_left;
  char         *message;
  gint64        started_us;     /* monotonic, when records started coming */
};

G_DEFINE_FINAL_TYPE (CsSyncObjectProgress, cs_sync_object_progress, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OBJECT,
  PROP_PHASE,
  PROP_METHOD,
  PROP_RECORDS,
  PROP_TOTAL,
  PROP_DELETED,
  PROP_SKIPPED,
  PROP_SECONDS_LEFT,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cs_sync_phase_to_string (CsSyncPhase phase)
{
  static const char * const names[] = {
    "waiting", "checking", "querying", "bulk-job", "downloading", "reconciling", "done",
    "unchanged", "failed", "stopped",
  };

  g_return_val_if_fail ((guint) phase < G_N_ELEMENTS (names), "failed");
  return names[phase];
}

const char *
cs_sync_method_to_string (CsSyncMethod method)
{
  static const char * const names[] = { "none", "rest", "bulk" };

  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (names), "none");
  return names[method];
}

static void
cs_sync_object_progress_finalize (GObject *object)
{
  CsSyncObjectProgress *self = CS_SYNC_OBJECT_PROGRESS (object);

  g_free (self->object);
  g_free (self->message);

  G_OBJECT_CLASS (cs_sync_object_progress_parent_class)->finalize (object);
}

static void
cs_sync_object_progress_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CsSyncObjectProgress *self = CS_SYNC_OBJECT_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_OBJECT:
      g_value_set_string (value, self->object);
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_RECORDS:
      g_value_set_int64 (value, self->records);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_DELETED:
      g_value_set_int64 (value, self->deleted);
      break;
    case PROP_SKIPPED:
      g_value_set_int64 (value, self->skipped);
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_int64 (value, self->seconds_left);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_sync_object_progress_class_init (CsSyncObjectProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cs_sync_object_progress_finalize;
  object_class->get_property = cs_sync_object_progress_get_property;

  properties[PROP_OBJECT] = g_param_spec_string ("object", NULL, NULL, NULL, flags);
  properties[PROP_PHASE] = g_param_spec_enum ("phase", NULL, NULL, CS_TYPE_SYNC_PHASE,
                                              CS_SYNC_PHASE_WAITING, flags);
  properties[PROP_METHOD] = g_param_spec_enum ("method", NULL, NULL, CS_TYPE_SYNC_METHOD,
                                               CS_SYNC_METHOD_NONE, flags);
  properties[PROP_RECORDS] = g_param_spec_int64 ("records", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_DELETED] = g_param_spec_int64 ("deleted", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SKIPPED] = g_param_spec_int64 ("skipped", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SECONDS_LEFT] = g_param_spec_int64 ("seconds-left", NULL, NULL, -1, G_MAXINT64, -1,
                                                      flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_sync_object_progress_init (CsSyncObjectProgress *self)
{
  self->total = -1;
  self->seconds_left = -1;
}

CsSyncObjectProgress *
cs_sync_object_progress_new (const char *object)
{
  CsSyncObjectProgress *self = g_object_new (CS_TYPE_SYNC_OBJECT_PROGRESS, NULL);

  self->object = g_strdup (object);
  return self;
}

const char *
cs_sync_object_progress_get_object (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), NULL);
  return self->object;
}

CsSyncPhase
cs_sync_object_progress_get_phase (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), CS_SYNC_PHASE_WAITING);
  return self->phase;
}

CsSyncMethod
cs_sync_object_progress_get_method (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), CS_SYNC_METHOD_NONE);
  return self->method;
}

gint64
cs_sync_object_progress_get_records (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), 0);
  return self->records;
}

gint64
cs_sync_object_progress_get_total (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), -1);
  return self->total;
}

gint64
cs_sync_object_progress_get_deleted (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), 0);
  return self->deleted;
}

gint64
cs_sync_object_progress_get_skipped (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), 0);
  return self->skipped;
}

gint64
cs_sync_object_progress_get_seconds_left (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), -1);
  return self->seconds_left;
}

const char *
cs_sync_object_progress_get_message (CsSyncObjectProgress *self)
{
  g_return_val_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self), NULL);
  return self->message;
}

static void
set_seconds_left (CsSyncObjectProgress *self,
                  gint64                seconds)
{
  if (self->seconds_left == seconds)
    return;
  self->seconds_left = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
}

void
cs_sync_object_progress_set_phase (CsSyncObjectProgress *self,
                                   CsSyncPhase           phase)
{
  g_return_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self));

  if (self->phase == phase)
    return;
  self->phase = phase;
  if (phase >= CS_SYNC_PHASE_DONE)
    set_seconds_left (self, phase == CS_SYNC_PHASE_DONE || phase == CS_SYNC_PHASE_UNCHANGED ? 0 : -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

void
cs_sync_object_progress_set_method (CsSyncObjectProgress *self,
                                    CsSyncMethod          method)
{
  g_return_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self));

  if (self->method == method)
    return;
  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

void
cs_sync_object_progress_set_total (CsSyncObjectProgress *self,
                                   gint64                total)
{
  g_return_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self));

  if (self->total == total)
    return;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

void
cs_sync_object_progress_add (CsSyncObjectProgress *self,
                             gint64                records,
                             gint64                deleted,
                             gint64                skipped)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->started_us == 0)
    self->started_us = now;
  if (records + skipped > 0)
    {
      self->records += records + skipped;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDS]);
    }
  if (deleted > 0)
    {
      self->deleted += deleted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
    }
  if (skipped > 0)
    {
      self->skipped += skipped;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIPPED]);
    }
  /* The rate so far, once there is one to go by. */
  if (self->total > self->records && self->records > 0 && now > self->started_us)
    {
      double rate = self->records / ((now - self->started_us) / (double) G_USEC_PER_SEC);

      set_seconds_left (self, (gint64) ((self->total - self->records) / rate + 0.5));
    }
  else if (self->total >= 0 && self->records >= self->total)
    set_seconds_left (self, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cs_sync_object_progress_fail (CsSyncObjectProgress *self,
                              CsSyncPhase           phase,
                              const char           *message)
{
  g_return_if_fail (CS_IS_SYNC_OBJECT_PROGRESS (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (cs_set_str (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  cs_sync_object_progress_set_phase (self, phase);
  g_object_thaw_notify (G_OBJECT (self));
}
