/* bottega-product.c: a product of a shop's catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-product.h"
#include "bottega-core-private.h"
#include "bottega-price.h"

struct _BottegaProduct
{
  GObject parent_instance;

  gint64 id;
  gint64 account_id;
  char *retailer_id;
  char *name;
  char *description;
  char *brand;
  BottegaAvailability availability;
  char *condition;
  gint64 price_minor;
  char *currency;
  gint64 sale_price_minor;
  char *link;
  char *image_url;
  char *image_path;
};

G_DEFINE_FINAL_TYPE (BottegaProduct, bottega_product, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_RETAILER_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_BRAND,
  PROP_AVAILABILITY,
  PROP_CONDITION,
  PROP_PRICE_MINOR,
  PROP_CURRENCY,
  PROP_SALE_PRICE_MINOR,
  PROP_LINK,
  PROP_IMAGE_URL,
  PROP_IMAGE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_product_finalize (GObject *object)
{
  BottegaProduct *self = (BottegaProduct *)object;

  g_clear_pointer (&self->retailer_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->brand, g_free);
  g_clear_pointer (&self->condition, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->link, g_free);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->image_path, g_free);

  G_OBJECT_CLASS (bottega_product_parent_class)->finalize (object);
}

static void
bottega_product_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BottegaProduct *self = BOTTEGA_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_RETAILER_ID:
      g_value_set_string (value, self->retailer_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_BRAND:
      g_value_set_string (value, self->brand);
      break;

    case PROP_AVAILABILITY:
      g_value_set_enum (value, self->availability);
      break;

    case PROP_CONDITION:
      g_value_set_string (value, self->condition);
      break;

    case PROP_PRICE_MINOR:
      g_value_set_int64 (value, self->price_minor);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_SALE_PRICE_MINOR:
      g_value_set_int64 (value, self->sale_price_minor);
      break;

    case PROP_LINK:
      g_value_set_string (value, self->link);
      break;

    case PROP_IMAGE_URL:
      g_value_set_string (value, self->image_url);
      break;

    case PROP_IMAGE_PATH:
      g_value_set_string (value, self->image_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_product_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BottegaProduct *self = BOTTEGA_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      bottega_product_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ACCOUNT_ID:
      bottega_product_set_account_id (self, g_value_get_int64 (value));
      break;

    case PROP_RETAILER_ID:
      bottega_product_set_retailer_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      bottega_product_set_name (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      bottega_product_set_description (self, g_value_get_string (value));
      break;

    case PROP_BRAND:
      bottega_product_set_brand (self, g_value_get_string (value));
      break;

    case PROP_AVAILABILITY:
      bottega_product_set_availability (self, g_value_get_enum (value));
      break;

    case PROP_CONDITION:
      bottega_product_set_condition (self, g_value_get_string (value));
      break;

    case PROP_PRICE_MINOR:
      bottega_product_set_price_minor (self, g_value_get_int64 (value));
      break;

    case PROP_CURRENCY:
      bottega_product_set_currency (self, g_value_get_string (value));
      break;

    case PROP_SALE_PRICE_MINOR:
      bottega_product_set_sale_price_minor (self, g_value_get_int64 (value));
      break;

    case PROP_LINK:
      bottega_product_set_link (self, g_value_get_string (value));
      break;

    case PROP_IMAGE_URL:
      bottega_product_set_image_url (self, g_value_get_string (value));
      break;

    case PROP_IMAGE_PATH:
      bottega_product_set_image_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_product_class_init (BottegaProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_product_finalize;
  object_class->get_property = bottega_product_get_property;
  object_class->set_property = bottega_product_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_RETAILER_ID] =
    g_param_spec_string ("retailer-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BRAND] =
    g_param_spec_string ("brand", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AVAILABILITY] =
    g_param_spec_enum ("availability", NULL, NULL,
                       BOTTEGA_TYPE_AVAILABILITY,
                       BOTTEGA_AVAILABILITY_IN_STOCK,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_CONDITION] =
    g_param_spec_string ("condition", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRICE_MINOR] =
    g_param_spec_int64 ("price-minor", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SALE_PRICE_MINOR] =
    g_param_spec_int64 ("sale-price-minor", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_LINK] =
    g_param_spec_string ("link", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_URL] =
    g_param_spec_string ("image-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_PATH] =
    g_param_spec_string ("image-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_product_init (BottegaProduct *self)
{
  self->sale_price_minor = -1;
}

BottegaProduct *
bottega_product_new (void)
{
  return g_object_new (BOTTEGA_TYPE_PRODUCT, NULL);
}

gint64
bottega_product_get_id (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), 0);

  return self->id;
}

void
bottega_product_set_id (BottegaProduct *self,
                        gint64          id)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));
  g_return_if_fail (id >= 0);

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
bottega_product_get_account_id (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), 0);

  return self->account_id;
}

void
bottega_product_set_account_id (BottegaProduct *self,
                                gint64          account_id)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));
  g_return_if_fail (account_id >= 0);

  if (self->account_id == account_id)
    return;

  self->account_id = account_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

const char *
bottega_product_get_retailer_id (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->retailer_id;
}

void
bottega_product_set_retailer_id (BottegaProduct *self,
                                 const char     *retailer_id)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->retailer_id, retailer_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETAILER_ID]);
}

const char *
bottega_product_get_name (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->name;
}

void
bottega_product_set_name (BottegaProduct *self,
                          const char     *name)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bottega_product_get_description (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->description;
}

void
bottega_product_set_description (BottegaProduct *self,
                                 const char     *description)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
bottega_product_get_brand (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->brand;
}

void
bottega_product_set_brand (BottegaProduct *self,
                           const char     *brand)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->brand, brand))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRAND]);
}

BottegaAvailability
bottega_product_get_availability (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), BOTTEGA_AVAILABILITY_IN_STOCK);

  return self->availability;
}

void
bottega_product_set_availability (BottegaProduct      *self,
                                  BottegaAvailability  availability)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));
  g_return_if_fail (availability <= BOTTEGA_AVAILABILITY_DISCONTINUED);

  if (self->availability == availability)
    return;

  self->availability = availability;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABILITY]);
}

const char *
bottega_product_get_condition (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->condition;
}

void
bottega_product_set_condition (BottegaProduct *self,
                               const char     *condition)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->condition, condition))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONDITION]);
}

gint64
bottega_product_get_price_minor (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), 0);

  return self->price_minor;
}

void
bottega_product_set_price_minor (BottegaProduct *self,
                                 gint64          price_minor)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));
  g_return_if_fail (price_minor >= 0);

  if (self->price_minor == price_minor)
    return;

  self->price_minor = price_minor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE_MINOR]);
}

const char *
bottega_product_get_currency (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->currency;
}

void
bottega_product_set_currency (BottegaProduct *self,
                              const char     *currency)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->currency, currency))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
}

gint64
bottega_product_get_sale_price_minor (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), -1);

  return self->sale_price_minor;
}

void
bottega_product_set_sale_price_minor (BottegaProduct *self,
                                      gint64          sale_price_minor)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));
  g_return_if_fail (sale_price_minor >= -1);

  if (self->sale_price_minor == sale_price_minor)
    return;

  self->sale_price_minor = sale_price_minor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALE_PRICE_MINOR]);
}

const char *
bottega_product_get_link (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->link;
}

void
bottega_product_set_link (BottegaProduct *self,
                          const char     *link)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->link, link))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

const char *
bottega_product_get_image_url (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->image_url;
}

void
bottega_product_set_image_url (BottegaProduct *self,
                               const char     *image_url)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->image_url, image_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_URL]);
}

const char *
bottega_product_get_image_path (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return self->image_path;
}

void
bottega_product_set_image_path (BottegaProduct *self,
                                const char     *image_path)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT (self));

  if (bottega_core_set_str (&self->image_path, image_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_PATH]);
}

/* ---- for showing and sending a product ---- */

gboolean
bottega_product_is_on_sale (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), FALSE);

  return self->sale_price_minor >= 0 && self->sale_price_minor < self->price_minor;
}

gint64
bottega_product_get_current_price_minor (BottegaProduct *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), 0);

  return bottega_product_is_on_sale (self) ? self->sale_price_minor : self->price_minor;
}

char *
bottega_product_format_price (BottegaProduct *self,
                              const char     *locale)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  return bottega_price_format (bottega_product_get_current_price_minor (self), self->currency, locale);
}

char *
bottega_product_build_snippet (BottegaProduct *self,
                               const char     *locale)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *price = NULL;

  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (self), NULL);

  price = bottega_product_format_price (self, locale);
  g_string_append (text, self->name != NULL ? self->name : self->retailer_id);
  g_string_append_c (text, '\n');
  if (bottega_product_is_on_sale (self))
    {
      g_autofree char *regular = bottega_price_format (self->price_minor, self->currency, locale);

      /* Translators: a product's sale price, then its regular price */
      g_string_append_printf (text, C_("product price", "%s (instead of %s)"), price, regular);
    }
  else
    g_string_append (text, price);
  if (self->link != NULL && *self->link != '\0')
    {
      g_string_append_c (text, '\n');
      g_string_append (text, self->link);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
bottega_availability_get_label (BottegaAvailability availability)
{
  switch (availability)
    {
    case BOTTEGA_AVAILABILITY_IN_STOCK:
      return C_("product availability", "In stock");
    case BOTTEGA_AVAILABILITY_OUT_OF_STOCK:
      return C_("product availability", "Out of stock");
    case BOTTEGA_AVAILABILITY_PREORDER:
      return C_("product availability", "Preorder");
    case BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER:
      return C_("product availability", "Available to order");
    case BOTTEGA_AVAILABILITY_DISCONTINUED:
      return C_("product availability", "Discontinued");
    default:
      g_return_val_if_reached (NULL);
    }
}
