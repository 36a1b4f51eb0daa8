/* bottega-product.h: a product of a shop's catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bottega-enums.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_PRODUCT (bottega_product_get_type ())
G_DECLARE_FINAL_TYPE (BottegaProduct, bottega_product, BOTTEGA, PRODUCT, GObject)

/* Properties:
 *   id (int64)                local rowid, 0 until stored
 *   account-id (int64)        local account rowid
 *   retailer-id               the shop's SKU: the feed's `id`, Meta's `retailer_id`
 *   name, description, brand  text as the source gives it (never markup)
 *   availability              BottegaAvailability
 *   condition                 "new", "refurbished", "used" or NULL
 *   price-minor (int64)       in the currency's minor unit (1250 = 12.50 EUR)
 *   currency                  ISO 4217 code, upper case
 *   sale-price-minor (int64)  same currency; -1 = no sale price
 *   link                      the product's web page or NULL
 *   image-url                 where the source keeps the image, or NULL
 *   image-path                the cached copy on this computer, or NULL */
BottegaProduct *bottega_product_new (void);

gint64              bottega_product_get_id               (BottegaProduct *self);
void                bottega_product_set_id               (BottegaProduct *self, gint64 id);
gint64              bottega_product_get_account_id       (BottegaProduct *self);
void                bottega_product_set_account_id       (BottegaProduct *self, gint64 account_id);
const char         *bottega_product_get_retailer_id      (BottegaProduct *self);
void                bottega_product_set_retailer_id      (BottegaProduct *self, const char *retailer_id);
const char         *bottega_product_get_name             (BottegaProduct *self);
void                bottega_product_set_name             (BottegaProduct *self, const char *name);
const char         *bottega_product_get_description      (BottegaProduct *self);
void                bottega_product_set_description      (BottegaProduct *self, const char *description);
const char         *bottega_product_get_brand            (BottegaProduct *self);
void                bottega_product_set_brand            (BottegaProduct *self, const char *brand);
BottegaAvailability bottega_product_get_availability     (BottegaProduct *self);
void                bottega_product_set_availability     (BottegaProduct *self, BottegaAvailability availability);
const char         *bottega_product_get_condition        (BottegaProduct *self);
void                bottega_product_set_condition        (BottegaProduct *self, const char *condition);
gint64              bottega_product_get_price_minor      (BottegaProduct *self);
void                bottega_product_set_price_minor      (BottegaProduct *self, gint64 price_minor);
const char         *bottega_product_get_currency         (BottegaProduct *self);
void                bottega_product_set_currency         (BottegaProduct *self, const char *currency);
gint64              bottega_product_get_sale_price_minor (BottegaProduct *self);
void                bottega_product_set_sale_price_minor (BottegaProduct *self, gint64 sale_price_minor);
const char         *bottega_product_get_link             (BottegaProduct *self);
void                bottega_product_set_link             (BottegaProduct *self, const char *link);
const char         *bottega_product_get_image_url        (BottegaProduct *self);
void                bottega_product_set_image_url        (BottegaProduct *self, const char *image_url);
const char         *bottega_product_get_image_path       (BottegaProduct *self);
void                bottega_product_set_image_path       (BottegaProduct *self, const char *image_path);

/* ---- for showing and sending a product ---- */

/* TRUE when a sale price below the regular price is set. */
gboolean     bottega_product_is_on_sale            (BottegaProduct *self);
/* What the customer pays now: the sale price when on sale, else the price. */
gint64       bottega_product_get_current_price_minor (BottegaProduct *self);
/* The current price for @locale (NULL: the user's), see bottega_price_format(). */
char        *bottega_product_format_price          (BottegaProduct *self, const char *locale);
/* The text sent with the product's image into a chat: its name, its
 * price for @locale (with the regular price when on sale) and its link, one
 * per line. Plain text; the name is the shop's own. */
char        *bottega_product_build_snippet         (BottegaProduct *self, const char *locale);

/* "In stock", "Out of stock", …: translated, for labels. */
const char  *bottega_availability_get_label        (BottegaAvailability availability);

G_END_DECLS
