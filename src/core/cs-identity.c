/* cs-identity.c: who logged in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-identity.h"
#include "cs-string-util.h"

struct _CsIdentity
{
  GObject   parent_instance;

  char     *user_id;
  char     *org_id;
  char     *username;
  char     *display_name;
  char     *email;
  char     *profile_name;
  gboolean  is_admin;
  char     *org_name;
};

G_DEFINE_FINAL_TYPE (CsIdentity, cs_identity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER_ID,
  PROP_ORG_ID,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_EMAIL,
  PROP_PROFILE_NAME,
  PROP_IS_ADMIN,
  PROP_ORG_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_identity_finalize (GObject *object)
{
  CsIdentity *self = CS_IDENTITY (object);

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->profile_name, g_free);
  g_clear_pointer (&self->org_name, g_free);

  G_OBJECT_CLASS (cs_identity_parent_class)->finalize (object);
}

static void
cs_identity_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CsIdentity *self = CS_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;
    case PROP_ORG_ID:
      g_value_set_string (value, self->org_id);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_PROFILE_NAME:
      g_value_set_string (value, self->profile_name);
      break;
    case PROP_IS_ADMIN:
      g_value_set_boolean (value, self->is_admin);
      break;
    case PROP_ORG_NAME:
      g_value_set_string (value, self->org_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_identity_class_init (CsIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_identity_finalize;
  object_class->get_property = cs_identity_get_property;

  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORG_ID] =
    g_param_spec_string ("org-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_NAME] =
    g_param_spec_string ("profile-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_ADMIN] =
    g_param_spec_boolean ("is-admin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORG_NAME] =
    g_param_spec_string ("org-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_identity_init (CsIdentity *self)
{
}

/* The last path segment of an identity URL
 * (https://login.salesforce.com/id/ORG/USER) counted from the end: 0 for
 * the user, 1 for the org. */
static char *
segment_of_id_url (const char *url,
                   guint       from_end)
{
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) segments = NULL;
  guint n;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  n = g_strv_length (segments);
  /* "", "id", ORG, USER */
  if (n < 4 || !g_str_equal (segments[n - 3], "id"))
    return NULL;

  if (*segments[n - 1 - from_end] == '\0')
    return NULL;

  return g_strdup (segments[n - 1 - from_end]);
}

/* The first of @members that is a non-empty string. */
static char *
dup_first_string (JsonObject *object,
                  const char *first_member,
                  ...)
{
  const char *member;
  va_list args;
  char *result = NULL;

  va_start (args, first_member);
  for (member = first_member; member != NULL && result == NULL; member = va_arg (args, const char *))
    result = g_strdup (cs_json_object_get_string (object, member));
  va_end (args);

  return result;
}

/* The identity URL answers {id, user_id, organization_id, username,
 * display_name, email, …}; userinfo answers {sub, user_id, organization_id,
 * preferred_username, name, email, …}. Both give user_id and
 * organization_id; when missing they are read from the id/sub URL. */
CsIdentity *
cs_identity_new_from_json (JsonNode  *root,
                           GError   **error)
{
  g_autoptr(CsIdentity) self = NULL;
  const char *id_url;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, cs_error_new_for_code (CS_ERROR_MALFORMED_RESPONSE));
      return NULL;
    }

  object = json_node_get_object (root);
  id_url = cs_json_object_get_string (object, "id");
  if (id_url == NULL)
    id_url = cs_json_object_get_string (object, "sub");

  self = g_object_new (CS_TYPE_IDENTITY, NULL);
  self->user_id = dup_first_string (object, "user_id", NULL);
  if (self->user_id == NULL)
    self->user_id = segment_of_id_url (id_url, 0);
  self->org_id = dup_first_string (object, "organization_id", NULL);
  if (self->org_id == NULL)
    self->org_id = segment_of_id_url (id_url, 1);
  self->username = dup_first_string (object, "username", "preferred_username", NULL);
  self->display_name = dup_first_string (object, "display_name", "name", NULL);
  self->email = dup_first_string (object, "email", NULL);

  if (self->user_id == NULL || self->org_id == NULL || self->username == NULL)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                           _ ("Salesforce did not say which user logged in. Log in with "
                              "Salesforce again; if it keeps failing, check that the app "
                              "has the “api” scope."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
cs_identity_get_user_id (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), NULL);

  return self->user_id;
}

const char *
cs_identity_get_org_id (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), NULL);

  return self->org_id;
}

const char *
cs_identity_get_username (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), NULL);

  return self->username;
}

const char *
cs_identity_get_display_name (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), NULL);

  return self->display_name;
}

const char *
cs_identity_get_email (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), NULL);

  return self->email;
}

const char *
cs_identity_get_profile_name (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), NULL);

  return self->profile_name;
}

gboolean
cs_identity_get_is_admin (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), FALSE);

  return self->is_admin;
}

void
cs_identity_set_profile (CsIdentity *self,
                         const char *profile_name,
                         gboolean    is_admin)
{
  g_return_if_fail (CS_IS_IDENTITY (self));

  is_admin = !!is_admin;

  g_object_freeze_notify (G_OBJECT (self));
  if (cs_set_str (&self->profile_name, profile_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_NAME]);
  if (self->is_admin != is_admin)
    {
      self->is_admin = is_admin;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_ADMIN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
cs_identity_get_org_name (CsIdentity *self)
{
  g_return_val_if_fail (CS_IS_IDENTITY (self), NULL);

  return self->org_name;
}

void
cs_identity_set_org_name (CsIdentity *self,
                          const char *org_name)
{
  g_return_if_fail (CS_IS_IDENTITY (self));

  if (cs_set_str (&self->org_name, org_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORG_NAME]);
}

/* Salesforce usernames are e-mail-shaped and compared without regard to
 * case; surrounding blanks (from a paste) do not count. */
gboolean
cs_identity_matches_username (CsIdentity *self,
                              const char *expected_username)
{
  g_autofree char *expected = NULL;
  g_autofree char *expected_folded = NULL;
  g_autofree char *actual_folded = NULL;

  g_return_val_if_fail (CS_IS_IDENTITY (self), FALSE);

  if (expected_username == NULL || self->username == NULL)
    return FALSE;

  expected = g_strstrip (g_strdup (expected_username));
  if (*expected == '\0' || !g_utf8_validate (expected, -1, NULL) ||
      !g_utf8_validate (self->username, -1, NULL))
    return FALSE;

  expected_folded = g_utf8_casefold (expected, -1);
  actual_folded = g_utf8_casefold (self->username, -1);

  return g_str_equal (expected_folded, actual_folded);
}
