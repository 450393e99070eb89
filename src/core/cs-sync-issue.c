/* cs-sync-issue.c: one job or record error of the record sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cs-core-enums.h"
#include "cs-sync-issue.h"

struct _CsSyncIssue
{
  GObject          parent_instance;

  gint64           time;
  gint64           cycle_id;
  CsSyncIssueKind  kind;
  char            *object;
  char            *record_id;
  char            *code;
  char            *message;
};

G_DEFINE_FINAL_TYPE (CsSyncIssue, cs_sync_issue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME,
  PROP_CYCLE_ID,
  PROP_KIND,
  PROP_OBJECT,
  PROP_RECORD_ID,
  PROP_CODE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cs_sync_issue_kind_to_string (CsSyncIssueKind kind)
{
  switch (kind)
    {
    case CS_SYNC_ISSUE_JOB:    return "job";
    case CS_SYNC_ISSUE_RECORD: return "record";
    default:                   break;
    }
  g_return_val_if_reached ("job");
}

static void
cs_sync_issue_finalize (GObject *object)
{
  CsSyncIssue *self = CS_SYNC_ISSUE (object);

  g_free (self->object);
  g_free (self->record_id);
  g_free (self->code);
  g_free (self->message);

  G_OBJECT_CLASS (cs_sync_issue_parent_class)->finalize (object);
}

static void
cs_sync_issue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsSyncIssue *self = CS_SYNC_ISSUE (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case PROP_CYCLE_ID:
      g_value_set_int64 (value, self->cycle_id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_OBJECT:
      g_value_set_string (value, self->object);
      break;
    case PROP_RECORD_ID:
      g_value_set_string (value, self->record_id);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_sync_issue_class_init (CsSyncIssueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_sync_issue_finalize;
  object_class->get_property = cs_sync_issue_get_property;

  /* Read-only: an issue is a line of history. Properties let a list view
   * bind its cells and sort with property expressions. */
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CYCLE_ID] =
    g_param_spec_int64 ("cycle-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CS_TYPE_SYNC_ISSUE_KIND, CS_SYNC_ISSUE_JOB,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT] =
    g_param_spec_string ("object", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_ID] =
    g_param_spec_string ("record-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_sync_issue_init (CsSyncIssue *self)
{
}

CsSyncIssue *
cs_sync_issue_new (gint64           time,
                   gint64           cycle_id,
                   CsSyncIssueKind  kind,
                   const char      *object,
                   const char      *record_id,
                   const char      *code,
                   const char      *message)
{
  CsSyncIssue *self = g_object_new (CS_TYPE_SYNC_ISSUE, NULL);

  self->time = time;
  self->cycle_id = cycle_id;
  self->kind = kind;
  self->object = g_strdup (object);
  self->record_id = g_strdup (record_id);
  self->code = g_strdup (code);
  self->message = g_strdup (message);
  return self;
}

gint64
cs_sync_issue_get_time (CsSyncIssue *self)
{
  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), 0);
  return self->time;
}

gint64
cs_sync_issue_get_cycle_id (CsSyncIssue *self)
{
  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), 0);
  return self->cycle_id;
}

CsSyncIssueKind
cs_sync_issue_get_kind (CsSyncIssue *self)
{
  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), CS_SYNC_ISSUE_JOB);
  return self->kind;
}

const char *
cs_sync_issue_get_object (CsSyncIssue *self)
{
  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), NULL);
  return self->object;
}

const char *
cs_sync_issue_get_record_id (CsSyncIssue *self)
{
  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), NULL);
  return self->record_id;
}

const char *
cs_sync_issue_get_code (CsSyncIssue *self)
{
  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), NULL);
  return self->code;
}

const char *
cs_sync_issue_get_message (CsSyncIssue *self)
{
  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), NULL);
  return self->message;
}

static gboolean
contains_folded (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

gboolean
cs_sync_issue_matches (CsSyncIssue *self,
                       guint        kind_mask,
                       const char  *object,
                       const char  *text,
                       gint64       since)
{
  g_autofree char *needle = NULL;

  g_return_val_if_fail (CS_IS_SYNC_ISSUE (self), FALSE);

  if (!(kind_mask & (1u << self->kind)))
    return FALSE;
  if (object != NULL && (self->object == NULL || g_ascii_strcasecmp (object, self->object) != 0))
    return FALSE;
  if (since > 0 && self->time < since)
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;

  needle = g_utf8_casefold (text, -1);
  return contains_folded (self->message, needle) || contains_folded (self->object, needle) ||
         contains_folded (self->record_id, needle) || contains_folded (self->code, needle);
}
