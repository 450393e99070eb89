/* cs-identity.h: who logged in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_TYPE_IDENTITY (cs_identity_get_type ())
G_DECLARE_FINAL_TYPE (CsIdentity, cs_identity, CS, IDENTITY, GObject)

/* From the identity URL's JSON (id, user_id, organization_id, username,
 * display_name, email) or userinfo's (sub, user_id, organization_id,
 * preferred_username, name, email); both shapes are read. */
CsIdentity  *cs_identity_new_from_json        (JsonNode    *root,
                                               GError     **error);

const char  *cs_identity_get_user_id          (CsIdentity  *self);
const char  *cs_identity_get_org_id           (CsIdentity  *self);
const char  *cs_identity_get_username         (CsIdentity  *self);
const char  *cs_identity_get_display_name     (CsIdentity  *self);
const char  *cs_identity_get_email            (CsIdentity  *self);

/* Filled by cs_salesforce_client_fetch_user_profile_async(): the user's
 * profile name and whether it carries "Modify All Data" (an administrator). */
const char  *cs_identity_get_profile_name     (CsIdentity  *self);
gboolean     cs_identity_get_is_admin         (CsIdentity  *self);
void         cs_identity_set_profile          (CsIdentity  *self,
                                               const char  *profile_name,
                                               gboolean     is_admin);

/* The org's name (SELECT Name FROM Organization, read by the login chain);
 * NULL when it could not be read. */
const char  *cs_identity_get_org_name         (CsIdentity  *self);
void         cs_identity_set_org_name         (CsIdentity  *self,
                                               const char  *org_name);

/* Case-insensitive username comparison, as Salesforce does. */
gboolean     cs_identity_matches_username     (CsIdentity  *self,
                                               const char  *expected_username);

G_END_DECLS
