/* bottega-customer.h: a customer (a Chatwoot contact)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CUSTOMER (bottega_customer_get_type ())
G_DECLARE_FINAL_TYPE (BottegaCustomer, bottega_customer, BOTTEGA, CUSTOMER, GObject)

/* Properties: id (int64 local), account-id (int64 local), remote-id (int64),
 * name, email, phone-number, identifier, thumbnail (avatar URL),
 * additional-attributes and custom-attributes (JSON object text, "{}" when
 * empty), blocked (boolean). All strings are untrusted customer input. */
BottegaCustomer *bottega_customer_new (void);

gint64      bottega_customer_get_id                     (BottegaCustomer *self);
void        bottega_customer_set_id                     (BottegaCustomer *self, gint64 id);
gint64      bottega_customer_get_account_id             (BottegaCustomer *self);
void        bottega_customer_set_account_id             (BottegaCustomer *self, gint64 account_id);
gint64      bottega_customer_get_remote_id              (BottegaCustomer *self);
void        bottega_customer_set_remote_id              (BottegaCustomer *self, gint64 remote_id);
const char *bottega_customer_get_name                   (BottegaCustomer *self);
void        bottega_customer_set_name                   (BottegaCustomer *self, const char *name);
const char *bottega_customer_get_email                  (BottegaCustomer *self);
void        bottega_customer_set_email                  (BottegaCustomer *self, const char *email);
const char *bottega_customer_get_phone_number           (BottegaCustomer *self);
void        bottega_customer_set_phone_number           (BottegaCustomer *self, const char *phone_number);
const char *bottega_customer_get_identifier             (BottegaCustomer *self);
void        bottega_customer_set_identifier             (BottegaCustomer *self, const char *identifier);
const char *bottega_customer_get_thumbnail              (BottegaCustomer *self);
void        bottega_customer_set_thumbnail              (BottegaCustomer *self, const char *thumbnail);
const char *bottega_customer_get_additional_attributes  (BottegaCustomer *self);
void        bottega_customer_set_additional_attributes  (BottegaCustomer *self, const char *json);
const char *bottega_customer_get_custom_attributes      (BottegaCustomer *self);
void        bottega_customer_set_custom_attributes      (BottegaCustomer *self, const char *json);
gboolean    bottega_customer_get_blocked                (BottegaCustomer *self);
void        bottega_customer_set_blocked                (BottegaCustomer *self, gboolean blocked);

G_END_DECLS
