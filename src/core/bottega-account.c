/* bottega-account.c: one provider account the user is signed in to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-account.h"
#include "bottega-core-private.h"

struct _BottegaAccount
{
  GObject parent_instance;

  gint64 id;
  char *url;
  gint64 remote_id;
  gint64 user_id;
  char *name;
  char *user_name;
  gboolean is_demo;
  gboolean needs_auth;
};

G_DEFINE_FINAL_TYPE (BottegaAccount, bottega_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URL,
  PROP_REMOTE_ID,
  PROP_USER_ID,
  PROP_NAME,
  PROP_USER_NAME,
  PROP_IS_DEMO,
  PROP_NEEDS_AUTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_account_finalize (GObject *object)
{
  BottegaAccount *self = (BottegaAccount *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->user_name, g_free);

  G_OBJECT_CLASS (bottega_account_parent_class)->finalize (object);
}

static void
bottega_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BottegaAccount *self = BOTTEGA_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;

    case PROP_NEEDS_AUTH:
      g_value_set_boolean (value, self->needs_auth);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_account_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BottegaAccount *self = BOTTEGA_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      bottega_account_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_URL:
      bottega_account_set_url (self, g_value_get_string (value));
      break;

    case PROP_REMOTE_ID:
      bottega_account_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_USER_ID:
      bottega_account_set_user_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      bottega_account_set_name (self, g_value_get_string (value));
      break;

    case PROP_USER_NAME:
      bottega_account_set_user_name (self, g_value_get_string (value));
      break;

    case PROP_IS_DEMO:
      bottega_account_set_is_demo (self, g_value_get_boolean (value));
      break;

    case PROP_NEEDS_AUTH:
      bottega_account_set_needs_auth (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_account_class_init (BottegaAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_account_finalize;
  object_class->get_property = bottega_account_get_property;
  object_class->set_property = bottega_account_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_IS_DEMO] =
    g_param_spec_boolean ("is-demo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_NEEDS_AUTH] =
    g_param_spec_boolean ("needs-auth", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_account_init (BottegaAccount *self)
{
}

BottegaAccount *
bottega_account_new (void)
{
  return g_object_new (BOTTEGA_TYPE_ACCOUNT, NULL);
}

gint64
bottega_account_get_id (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), 0);

  return self->id;
}

void
bottega_account_set_id (BottegaAccount *self,
                        gint64         id)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
bottega_account_get_url (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), NULL);

  return self->url;
}

void
bottega_account_set_url (BottegaAccount *self,
                         const char     *url)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  if (bottega_core_set_str (&self->url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

gint64
bottega_account_get_remote_id (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), 0);

  return self->remote_id;
}

void
bottega_account_set_remote_id (BottegaAccount *self,
                               gint64         remote_id)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

gint64
bottega_account_get_user_id (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), 0);

  return self->user_id;
}

void
bottega_account_set_user_id (BottegaAccount *self,
                             gint64         user_id)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  if (self->user_id == user_id)
    return;

  self->user_id = user_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

const char *
bottega_account_get_name (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), NULL);

  return self->name;
}

void
bottega_account_set_name (BottegaAccount *self,
                          const char     *name)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  if (bottega_core_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bottega_account_get_user_name (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), NULL);

  return self->user_name;
}

void
bottega_account_set_user_name (BottegaAccount *self,
                               const char     *user_name)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  if (bottega_core_set_str (&self->user_name, user_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
}

gboolean
bottega_account_get_is_demo (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), FALSE);

  return self->is_demo;
}

void
bottega_account_set_is_demo (BottegaAccount *self,
                             gboolean       is_demo)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  is_demo = !!is_demo;

  if (self->is_demo == is_demo)
    return;

  self->is_demo = is_demo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEMO]);
}

gboolean
bottega_account_get_needs_auth (BottegaAccount *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (self), FALSE);

  return self->needs_auth;
}

void
bottega_account_set_needs_auth (BottegaAccount *self,
                                gboolean       needs_auth)
{
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (self));

  needs_auth = !!needs_auth;

  if (self->needs_auth == needs_auth)
    return;

  self->needs_auth = needs_auth;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_AUTH]);
}
