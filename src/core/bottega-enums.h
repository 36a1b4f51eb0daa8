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

#define BOTTEGA_TYPE_MESSAGE_TYPE (bottega_message_type_get_type ())
#define BOTTEGA_TYPE_MESSAGE_STATUS (bottega_message_status_get_type ())
#define BOTTEGA_TYPE_CONVERSATION_STATUS (bottega_conversation_status_get_type ())

GType bottega_message_type_get_type         (void) G_GNUC_CONST;
GType bottega_message_status_get_type       (void) G_GNUC_CONST;
GType bottega_conversation_status_get_type  (void) G_GNUC_CONST;

/* Wire names ("sent", "delivered", "open", "snoozed", …). The parsers return
 * FALSE for an unknown name and leave *out untouched. */
const char *bottega_message_status_to_string       (BottegaMessageStatus       status);
gboolean    bottega_message_status_from_string     (const char                *str,
                                                    BottegaMessageStatus      *out);
const char *bottega_conversation_status_to_string  (BottegaConversationStatus  status);
gboolean    bottega_conversation_status_from_string (const char               *str,
                                                    BottegaConversationStatus *out);

G_END_DECLS
