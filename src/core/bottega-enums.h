/* bottega-enums.h: enumerations shared by every layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The values are Chatwoot's integer `message_type` enum. */
typedef enum {
  BOTTEGA_MESSAGE_INCOMING = 0,
  BOTTEGA_MESSAGE_OUTGOING = 1,
  BOTTEGA_MESSAGE_ACTIVITY = 2,
  BOTTEGA_MESSAGE_TEMPLATE = 3,
} BottegaMessageType;

/* QUEUED and SENDING exist only locally (the outbox); the rest are the
 * provider's delivery states. */
typedef enum {
  BOTTEGA_MESSAGE_STATUS_QUEUED,
  BOTTEGA_MESSAGE_STATUS_SENDING,
  BOTTEGA_MESSAGE_STATUS_SENT,
  BOTTEGA_MESSAGE_STATUS_DELIVERED,
  BOTTEGA_MESSAGE_STATUS_READ,
  BOTTEGA_MESSAGE_STATUS_FAILED,
} BottegaMessageStatus;

typedef enum {
  BOTTEGA_CONVERSATION_OPEN,
  BOTTEGA_CONVERSATION_RESOLVED,
  BOTTEGA_CONVERSATION_PENDING,
  BOTTEGA_CONVERSATION_SNOOZED,
} BottegaConversationStatus;

/* A catalog product's availability, as the product feeds and Meta's
 * catalog name it ("in stock", "out of stock", …). */
typedef enum {
  BOTTEGA_AVAILABILITY_IN_STOCK,
  BOTTEGA_AVAILABILITY_OUT_OF_STOCK,
  BOTTEGA_AVAILABILITY_PREORDER,
  BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER,
  BOTTEGA_AVAILABILITY_DISCONTINUED,
} BottegaAvailability;

#define BOTTEGA_TYPE_MESSAGE_TYPE (bottega_message_type_get_type ())
#define BOTTEGA_TYPE_MESSAGE_STATUS (bottega_message_status_get_type ())
#define BOTTEGA_TYPE_CONVERSATION_STATUS (bottega_conversation_status_get_type ())
#define BOTTEGA_TYPE_AVAILABILITY (bottega_availability_get_type ())

GType bottega_message_type_get_type         (void) G_GNUC_CONST;
GType bottega_message_status_get_type       (void) G_GNUC_CONST;
GType bottega_conversation_status_get_type  (void) G_GNUC_CONST;
GType bottega_availability_get_type         (void) G_GNUC_CONST;

/* Wire names ("sent", "delivered", "open", "snoozed", …). The parsers return
 * FALSE for an unknown name and leave *out untouched. */
const char *bottega_message_status_to_string       (BottegaMessageStatus       status);
gboolean    bottega_message_status_from_string     (const char                *str,
                                                    BottegaMessageStatus      *out);
const char *bottega_conversation_status_to_string  (BottegaConversationStatus  status);
gboolean    bottega_conversation_status_from_string (const char               *str,
                                                    BottegaConversationStatus *out);

/* The feed name ("in stock", "available for order", …). The parser also takes
 * the Google and Meta spellings ("in_stock", "IN STOCK", "backorder" →
 * AVAILABLE_FOR_ORDER, "limited availability" → IN_STOCK). */
const char *bottega_availability_to_string         (BottegaAvailability        availability);
gboolean    bottega_availability_from_string       (const char                *str,
                                                    BottegaAvailability       *out);

G_END_DECLS
