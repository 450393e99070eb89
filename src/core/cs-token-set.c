/* cs-token-set.c: what the token endpoint hands back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-http-private.h"
#include "cs-token-set.h"

struct _CsTokenSet
{
  GObject  parent_instance;

  char    *access_token;
  char    *refresh_token;
  char    *instance_url;
  char    *id_url;
  char    *scope;
  gint64   issued_at_ms;
};

G_DEFINE_FINAL_TYPE (CsTokenSet, cs_token_set, G_TYPE_OBJECT)

/* Only what is not secret is a property: properties end up in inspectors and
 * debugging dumps. */
enum {
  PROP_0,
  PROP_INSTANCE_URL,
  PROP_ID_URL,
  PROP_SCOPE,
  PROP_ISSUED_AT_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_token_set_finalize (GObject *object)
{
  CsTokenSet *self = CS_TOKEN_SET (object);

  cs_secret_clear (&self->access_token);
  cs_secret_clear (&self->refresh_token);
  g_clear_pointer (&self->instance_url, g_free);
  g_clear_pointer (&self->id_url, g_free);
  g_clear_pointer (&self->scope, g_free);

  G_OBJECT_CLASS (cs_token_set_parent_class)->finalize (object);
}

static void
cs_token_set_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CsTokenSet *self = CS_TOKEN_SET (object);

  switch (prop_id)
    {
    case PROP_INSTANCE_URL:
      g_value_set_string (value, self->instance_url);
      break;
    case PROP_ID_URL:
      g_value_set_string (value, self->id_url);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_ISSUED_AT_MS:
      g_value_set_int64 (value, self->issued_at_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_token_set_class_init (CsTokenSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_token_set_finalize;
  object_class->get_property = cs_token_set_get_property;

  properties[PROP_INSTANCE_URL] =
    g_param_spec_string ("instance-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID_URL] =
    g_param_spec_string ("id-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ISSUED_AT_MS] =
    g_param_spec_int64 ("issued-at-ms", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_token_set_init (CsTokenSet *self)
{
}

/* Every argument may be NULL (e.g. a set rebuilt from a stored refresh token
 * before the first refresh); the client refuses to use what is missing. */
CsTokenSet *
cs_token_set_new (const char *access_token,
                  const char *refresh_token,
                  const char *instance_url,
                  const char *id_url)
{
  CsTokenSet *self = g_object_new (CS_TYPE_TOKEN_SET, NULL);

  self->access_token = g_strdup (access_token);
  self->refresh_token = g_strdup (refresh_token);
  /* Paths are appended to it. */
  self->instance_url = cs_http_dup_base_url (instance_url);
  self->id_url = g_strdup (id_url);

  return self;
}

static GError *
malformed (const char *what)
{
  /* Translators: %s is the name of a field of Salesforce's token answer,
   * e.g. "instance_url". */
  return g_error_new (CS_ERROR, CS_ERROR_MALFORMED_RESPONSE,
                      _ ("Salesforce’s token answer lacks a valid “%s”. Check the login "
                         "host, then log in with Salesforce again."),
                      what);
}

/* issued_at is documented as a string of epoch milliseconds; a number is
 * accepted too. Returns the text the signature covers. */
static char *
read_issued_at (JsonObject *object,
                gint64     *issued_at_ms)
{
  JsonNode *node = json_object_get_member (object, "issued_at");
  g_autofree char *text = NULL;
  guint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    return NULL;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return NULL;

  *issued_at_ms = (gint64) value;
  return g_steal_pointer (&text);
}

/* @consumer_secret may be NULL or "" for an app that does not require one:
 * then there is no key to check the signature with, and it is skipped. */
CsTokenSet *
cs_token_set_new_from_json (JsonNode    *root,
                            const char  *consumer_secret,
                            GError     **error)
{
  g_autoptr(CsTokenSet) self = NULL;
  g_autofree char *issued_at = NULL;
  JsonObject *object;
  const char *access_token;
  const char *instance_url;
  const char *id_url;
  const char *signature;
  gint64 issued_at_ms = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, cs_error_new_for_code (CS_ERROR_MALFORMED_RESPONSE));
      return NULL;
    }

  object = json_node_get_object (root);
  access_token = cs_json_object_get_string (object, "access_token");
  instance_url = cs_json_object_get_string (object, "instance_url");
  id_url = cs_json_object_get_string (object, "id");
  signature = cs_json_object_get_string (object, "signature");

  if (access_token == NULL)
    {
      g_propagate_error (error, malformed ("access_token"));
      return NULL;
    }

  /* Every later request carries the access token to these two: https
   * only, or the practice org on this computer. */
  if (instance_url == NULL || !cs_http_uri_is_secure (instance_url))
    {
      g_propagate_error (error, malformed ("instance_url"));
      return NULL;
    }
  if (id_url == NULL || !cs_http_uri_is_secure (id_url))
    {
      g_propagate_error (error, malformed ("id"));
      return NULL;
    }

  issued_at = read_issued_at (object, &issued_at_ms);
  if (issued_at == NULL)
    {
      g_propagate_error (error, malformed ("issued_at"));
      return NULL;
    }

  if (consumer_secret != NULL && *consumer_secret != '\0' &&
      !cs_token_signature_verify (consumer_secret, id_url, issued_at, signature))
    {
      g_debug ("Token response signature does not verify");
      g_propagate_error (error, cs_error_new_for_code (CS_ERROR_BAD_SIGNATURE));
      return NULL;
    }

  self = cs_token_set_new (access_token,
                           cs_json_object_get_string (object, "refresh_token"),
                           instance_url, id_url);
  self->scope = g_strdup (cs_json_object_get_string (object, "scope"));
  self->issued_at_ms = issued_at_ms;

  return g_steal_pointer (&self);
}

const char *
cs_token_set_get_access_token (CsTokenSet *self)
{
  g_return_val_if_fail (CS_IS_TOKEN_SET (self), NULL);

  return self->access_token;
}

const char *
cs_token_set_get_refresh_token (CsTokenSet *self)
{
  g_return_val_if_fail (CS_IS_TOKEN_SET (self), NULL);

  return self->refresh_token;
}

void
cs_token_set_set_refresh_token (CsTokenSet *self,
                                const char *refresh_token)
{
  char *copy;

  g_return_if_fail (CS_IS_TOKEN_SET (self));

  if (refresh_token == self->refresh_token)
    return;

  copy = g_strdup (refresh_token);
  cs_secret_wipe_free (self->refresh_token);
  self->refresh_token = copy;
}

const char *
cs_token_set_get_instance_url (CsTokenSet *self)
{
  g_return_val_if_fail (CS_IS_TOKEN_SET (self), NULL);

  return self->instance_url;
}

const char *
cs_token_set_get_id_url (CsTokenSet *self)
{
  g_return_val_if_fail (CS_IS_TOKEN_SET (self), NULL);

  return self->id_url;
}

const char *
cs_token_set_get_scope (CsTokenSet *self)
{
  g_return_val_if_fail (CS_IS_TOKEN_SET (self), NULL);

  return self->scope;
}

gint64
cs_token_set_get_issued_at_ms (CsTokenSet *self)
{
  g_return_val_if_fail (CS_IS_TOKEN_SET (self), 0);

  return self->issued_at_ms;
}

char *
cs_token_signature_compute (const char *consumer_secret,
                            const char *id_url,
                            const char *issued_at)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  char *encoded;

  g_return_val_if_fail (consumer_secret != NULL, NULL);
  g_return_val_if_fail (id_url != NULL, NULL);
  g_return_val_if_fail (issued_at != NULL, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) consumer_secret,
                     strlen (consumer_secret));
  g_hmac_update (hmac, (const guchar *) id_url, strlen (id_url));
  g_hmac_update (hmac, (const guchar *) issued_at, strlen (issued_at));
  g_hmac_get_digest (hmac, digest, &digest_len);
  g_assert (digest_len == sizeof digest);

  encoded = g_base64_encode (digest, digest_len);
  explicit_bzero (digest, sizeof digest);

  return encoded;
}

gboolean
cs_token_signature_verify (const char *consumer_secret,
                           const char *id_url,
                           const char *issued_at,
                           const char *signature)
{
  g_autofree char *expected = NULL;

  g_return_val_if_fail (consumer_secret != NULL, FALSE);

  if (id_url == NULL || issued_at == NULL || signature == NULL)
    return FALSE;

  expected = cs_token_signature_compute (consumer_secret, id_url, issued_at);
  return cs_secure_str_equal (expected, signature);
}
