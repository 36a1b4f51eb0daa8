/* bottega-inbox.c: a provider inbox (one channel: a WhatsApp number, a mailbox, …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-inbox.h"
#include "bottega-core-private.h"

struct _BottegaInbox
{
  GObject parent_instance;

  gint64 id;
  gint64 account_id;
  gint64 remote_id;
  char *name;
  char *channel_type;
  char *phone_number;
  char *provider;
  char *templates;
};

G_DEFINE_FINAL_TYPE (BottegaInbox, bottega_inbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_REMOTE_ID,
  PROP_NAME,
  PROP_CHANNEL_TYPE,
  PROP_PHONE_NUMBER,
  PROP_PROVIDER,
  PROP_TEMPLATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_inbox_finalize (GObject *object)
{
  BottegaInbox *self = (BottegaInbox *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->channel_type, g_free);
  g_clear_pointer (&self->phone_number, g_free);
  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->templates, g_free);

  G_OBJECT_CLASS (bottega_inbox_parent_class)->finalize (object);
}

static void
bottega_inbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BottegaInbox *self = BOTTEGA_INBOX (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CHANNEL_TYPE:
      g_value_set_string (value, self->channel_type);
      break;

    case PROP_PHONE_NUMBER:
      g_value_set_string (value, self->phone_number);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;

    case PROP_TEMPLATES:
      g_value_set_string (value, self->templates);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_inbox_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BottegaInbox *self = BOTTEGA_INBOX (object);

  switch (prop_id)
    {
    case PROP_ID:
      bottega_inbox_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ACCOUNT_ID:
      bottega_inbox_set_account_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      bottega_inbox_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      bottega_inbox_set_name (self, g_value_get_string (value));
      break;

    case PROP_CHANNEL_TYPE:
      bottega_inbox_set_channel_type (self, g_value_get_string (value));
      break;

    case PROP_PHONE_NUMBER:
      bottega_inbox_set_phone_number (self, g_value_get_string (value));
      break;

    case PROP_PROVIDER:
      bottega_inbox_set_provider (self, g_value_get_string (value));
      break;

    case PROP_TEMPLATES:
      bottega_inbox_set_templates (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_inbox_class_init (BottegaInboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_inbox_finalize;
  object_class->get_property = bottega_inbox_get_property;
  object_class->set_property = bottega_inbox_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL,
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

  properties[PROP_CHANNEL_TYPE] =
    g_param_spec_string ("channel-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PHONE_NUMBER] =
    g_param_spec_string ("phone-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TEMPLATES] =
    g_param_spec_string ("templates", NULL, NULL,
                         "[]",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_inbox_init (BottegaInbox *self)
{
  self->templates = g_strdup ("[]");
}

BottegaInbox *
bottega_inbox_new (void)
{
  return g_object_new (BOTTEGA_TYPE_INBOX, NULL);
}

gint64
bottega_inbox_get_id (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), 0);

  return self->id;
}

void
bottega_inbox_set_id (BottegaInbox *self,
                      gint64       id)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
bottega_inbox_get_account_id (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), 0);

  return self->account_id;
}

void
bottega_inbox_set_account_id (BottegaInbox *self,
                              gint64       account_id)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (self->account_id == account_id)
    return;

  self->account_id = account_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

gint64
bottega_inbox_get_remote_id (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), 0);

  return self->remote_id;
}

void
bottega_inbox_set_remote_id (BottegaInbox *self,
                             gint64       remote_id)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
bottega_inbox_get_name (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), NULL);

  return self->name;
}

void
bottega_inbox_set_name (BottegaInbox *self,
                        const char   *name)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (bottega_core_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bottega_inbox_get_channel_type (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), NULL);

  return self->channel_type;
}

void
bottega_inbox_set_channel_type (BottegaInbox *self,
                                const char   *channel_type)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (bottega_core_set_str (&self->channel_type, channel_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_TYPE]);
}

const char *
bottega_inbox_get_phone_number (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), NULL);

  return self->phone_number;
}

void
bottega_inbox_set_phone_number (BottegaInbox *self,
                                const char   *phone_number)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (bottega_core_set_str (&self->phone_number, phone_number))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE_NUMBER]);
}

const char *
bottega_inbox_get_provider (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), NULL);

  return self->provider;
}

void
bottega_inbox_set_provider (BottegaInbox *self,
                            const char   *provider)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (bottega_core_set_str (&self->provider, provider))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

const char *
bottega_inbox_get_templates (BottegaInbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_INBOX (self), NULL);

  return self->templates;
}

void
bottega_inbox_set_templates (BottegaInbox *self,
                             const char   *json)
{
  g_return_if_fail (BOTTEGA_IS_INBOX (self));

  if (json == NULL)
    json = "[]";

  if (bottega_core_set_str (&self->templates, json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATES]);
}
