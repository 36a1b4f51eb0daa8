/* bottega-customer.c: a customer (a Chatwoot contact)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-customer.h"
#include "bottega-core-private.h"

struct _BottegaCustomer
{
  GObject parent_instance;

  gint64 id;
  gint64 account_id;
  gint64 remote_id;
  char *name;
  char *email;
  char *phone_number;
  char *identifier;
  char *thumbnail;
  char *additional_attributes;
  char *custom_attributes;
  gboolean blocked;
};

G_DEFINE_FINAL_TYPE (BottegaCustomer, bottega_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_REMOTE_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_PHONE_NUMBER,
  PROP_IDENTIFIER,
  PROP_THUMBNAIL,
  PROP_ADDITIONAL_ATTRIBUTES,
  PROP_CUSTOM_ATTRIBUTES,
  PROP_BLOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_customer_finalize (GObject *object)
{
  BottegaCustomer *self = (BottegaCustomer *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->phone_number, g_free);
  g_clear_pointer (&self->identifier, g_free);
  g_clear_pointer (&self->thumbnail, g_free);
  g_clear_pointer (&self->additional_attributes, g_free);
  g_clear_pointer (&self->custom_attributes, g_free);

  G_OBJECT_CLASS (bottega_customer_parent_class)->finalize (object);
}

static void
bottega_customer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BottegaCustomer *self = BOTTEGA_CUSTOMER (object);

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

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_PHONE_NUMBER:
      g_value_set_string (value, self->phone_number);
      break;

    case PROP_IDENTIFIER:
      g_value_set_string (value, self->identifier);
      break;

    case PROP_THUMBNAIL:
      g_value_set_string (value, self->thumbnail);
      break;

    case PROP_ADDITIONAL_ATTRIBUTES:
      g_value_set_string (value, self->additional_attributes);
      break;

    case PROP_CUSTOM_ATTRIBUTES:
      g_value_set_string (value, self->custom_attributes);
      break;

    case PROP_BLOCKED:
      g_value_set_boolean (value, self->blocked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_customer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BottegaCustomer *self = BOTTEGA_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      bottega_customer_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ACCOUNT_ID:
      bottega_customer_set_account_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      bottega_customer_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      bottega_customer_set_name (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      bottega_customer_set_email (self, g_value_get_string (value));
      break;

    case PROP_PHONE_NUMBER:
      bottega_customer_set_phone_number (self, g_value_get_string (value));
      break;

    case PROP_IDENTIFIER:
      bottega_customer_set_identifier (self, g_value_get_string (value));
      break;

    case PROP_THUMBNAIL:
      bottega_customer_set_thumbnail (self, g_value_get_string (value));
      break;

    case PROP_ADDITIONAL_ATTRIBUTES:
      bottega_customer_set_additional_attributes (self, g_value_get_string (value));
      break;

    case PROP_CUSTOM_ATTRIBUTES:
      bottega_customer_set_custom_attributes (self, g_value_get_string (value));
      break;

    case PROP_BLOCKED:
      bottega_customer_set_blocked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_customer_class_init (BottegaCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_customer_finalize;
  object_class->get_property = bottega_customer_get_property;
  object_class->set_property = bottega_customer_set_property;

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

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
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

  properties[PROP_IDENTIFIER] =
    g_param_spec_string ("identifier", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_THUMBNAIL] =
    g_param_spec_string ("thumbnail", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ADDITIONAL_ATTRIBUTES] =
    g_param_spec_string ("additional-attributes", NULL, NULL,
                         "{}",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CUSTOM_ATTRIBUTES] =
    g_param_spec_string ("custom-attributes", NULL, NULL,
                         "{}",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BLOCKED] =
    g_param_spec_boolean ("blocked", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_customer_init (BottegaCustomer *self)
{
  self->additional_attributes = g_strdup ("{}");
  self->custom_attributes = g_strdup ("{}");
}

BottegaCustomer *
bottega_customer_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CUSTOMER, NULL);
}

gint64
bottega_customer_get_id (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), 0);

  return self->id;
}

void
bottega_customer_set_id (BottegaCustomer *self,
                         gint64          id)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
bottega_customer_get_account_id (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), 0);

  return self->account_id;
}

void
bottega_customer_set_account_id (BottegaCustomer *self,
                                 gint64          account_id)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (self->account_id == account_id)
    return;

  self->account_id = account_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

gint64
bottega_customer_get_remote_id (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), 0);

  return self->remote_id;
}

void
bottega_customer_set_remote_id (BottegaCustomer *self,
                                gint64          remote_id)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
bottega_customer_get_name (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), NULL);

  return self->name;
}

void
bottega_customer_set_name (BottegaCustomer *self,
                           const char      *name)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (bottega_core_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bottega_customer_get_email (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), NULL);

  return self->email;
}

void
bottega_customer_set_email (BottegaCustomer *self,
                            const char      *email)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (bottega_core_set_str (&self->email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

const char *
bottega_customer_get_phone_number (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), NULL);

  return self->phone_number;
}

void
bottega_customer_set_phone_number (BottegaCustomer *self,
                                   const char      *phone_number)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (bottega_core_set_str (&self->phone_number, phone_number))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE_NUMBER]);
}

const char *
bottega_customer_get_identifier (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), NULL);

  return self->identifier;
}

void
bottega_customer_set_identifier (BottegaCustomer *self,
                                 const char      *identifier)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (bottega_core_set_str (&self->identifier, identifier))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTIFIER]);
}

const char *
bottega_customer_get_thumbnail (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), NULL);

  return self->thumbnail;
}

void
bottega_customer_set_thumbnail (BottegaCustomer *self,
                                const char      *thumbnail)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (bottega_core_set_str (&self->thumbnail, thumbnail))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

const char *
bottega_customer_get_additional_attributes (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), NULL);

  return self->additional_attributes;
}

void
bottega_customer_set_additional_attributes (BottegaCustomer *self,
                                            const char      *json)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (json == NULL)
    json = "{}";

  if (bottega_core_set_str (&self->additional_attributes, json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDITIONAL_ATTRIBUTES]);
}

const char *
bottega_customer_get_custom_attributes (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), NULL);

  return self->custom_attributes;
}

void
bottega_customer_set_custom_attributes (BottegaCustomer *self,
                                        const char      *json)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  if (json == NULL)
    json = "{}";

  if (bottega_core_set_str (&self->custom_attributes, json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOM_ATTRIBUTES]);
}

gboolean
bottega_customer_get_blocked (BottegaCustomer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CUSTOMER (self), FALSE);

  return self->blocked;
}

void
bottega_customer_set_blocked (BottegaCustomer *self,
                              gboolean        blocked)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (self));

  blocked = !!blocked;

  if (self->blocked == blocked)
    return;

  self->blocked = blocked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED]);
}
