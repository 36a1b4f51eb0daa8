/* bottega-conversation.h: a conversation with one customer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bottega-customer.h"
#include "bottega-enums.h"
#include "bottega-message.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CONVERSATION (bottega_conversation_get_type ())
G_DECLARE_FINAL_TYPE (BottegaConversation, bottega_conversation, BOTTEGA, CONVERSATION, GObject)

/* Properties:
 *   id (int64 local rowid), account-id (int64 local), remote-id (int64: the
 *   display id, the number the provider shows), uuid, inbox-id (int64 remote
 *   inbox id), channel ("Channel::Whatsapp" …), status
 *   (BottegaConversationStatus), priority (string or NULL), snoozed-until
 *   (int64 epoch, 0 = none), can-reply (boolean), unread-count (int),
 *   labels (GStrv of label titles, never NULL), assignee-id (int64 remote,
 *   0 = unassigned), assignee-name (string or NULL), last-activity-at,
 *   waiting-since, agent-last-seen-at, created-at (int64 epoch seconds),
 *   updated-at (double epoch seconds, as the provider sends it),
 *   customer (BottegaCustomer), last-message (BottegaMessage or NULL),
 *   draft (string or NULL: the local unsent draft, filled by the store),
 *   outbox-count (int: local replies not yet sent, filled by the store). */
BottegaConversation *bottega_conversation_new (void);

gint64                    bottega_conversation_get_id                 (BottegaConversation *self);
void                      bottega_conversation_set_id                 (BottegaConversation *self, gint64 id);
gint64                    bottega_conversation_get_account_id         (BottegaConversation *self);
void                      bottega_conversation_set_account_id         (BottegaConversation *self, gint64 account_id);
gint64                    bottega_conversation_get_remote_id          (BottegaConversation *self);
void                      bottega_conversation_set_remote_id          (BottegaConversation *self, gint64 display_id);
const char               *bottega_conversation_get_uuid               (BottegaConversation *self);
void                      bottega_conversation_set_uuid               (BottegaConversation *self, const char *uuid);
gint64                    bottega_conversation_get_inbox_id           (BottegaConversation *self);
void                      bottega_conversation_set_inbox_id           (BottegaConversation *self, gint64 inbox_id);
const char               *bottega_conversation_get_channel            (BottegaConversation *self);
void                      bottega_conversation_set_channel            (BottegaConversation *self, const char *channel);
BottegaConversationStatus bottega_conversation_get_status             (BottegaConversation *self);
void                      bottega_conversation_set_status             (BottegaConversation *self, BottegaConversationStatus status);
const char               *bottega_conversation_get_priority           (BottegaConversation *self);
void                      bottega_conversation_set_priority           (BottegaConversation *self, const char *priority);
gint64                    bottega_conversation_get_snoozed_until      (BottegaConversation *self);
void                      bottega_conversation_set_snoozed_until      (BottegaConversation *self, gint64 snoozed_until);
gboolean                  bottega_conversation_get_can_reply          (BottegaConversation *self);
void                      bottega_conversation_set_can_reply          (BottegaConversation *self, gboolean can_reply);
int                       bottega_conversation_get_unread_count       (BottegaConversation *self);
void                      bottega_conversation_set_unread_count       (BottegaConversation *self, int unread_count);
const char * const       *bottega_conversation_get_labels             (BottegaConversation *self);
void                      bottega_conversation_set_labels             (BottegaConversation *self, const char * const *labels);
gint64                    bottega_conversation_get_assignee_id        (BottegaConversation *self);
void                      bottega_conversation_set_assignee_id        (BottegaConversation *self, gint64 assignee_id);
const char               *bottega_conversation_get_assignee_name      (BottegaConversation *self);
void                      bottega_conversation_set_assignee_name      (BottegaConversation *self, const char *assignee_name);
gint64                    bottega_conversation_get_last_activity_at   (BottegaConversation *self);
void                      bottega_conversation_set_last_activity_at   (BottegaConversation *self, gint64 last_activity_at);
gint64                    bottega_conversation_get_waiting_since      (BottegaConversation *self);
void                      bottega_conversation_set_waiting_since      (BottegaConversation *self, gint64 waiting_since);
gint64                    bottega_conversation_get_agent_last_seen_at (BottegaConversation *self);
void                      bottega_conversation_set_agent_last_seen_at (BottegaConversation *self, gint64 agent_last_seen_at);
gint64                    bottega_conversation_get_created_at         (BottegaConversation *self);
void                      bottega_conversation_set_created_at         (BottegaConversation *self, gint64 created_at);
double                    bottega_conversation_get_updated_at         (BottegaConversation *self);
void                      bottega_conversation_set_updated_at         (BottegaConversation *self, double updated_at);
BottegaCustomer          *bottega_conversation_get_customer           (BottegaConversation *self);
void                      bottega_conversation_set_customer           (BottegaConversation *self, BottegaCustomer *customer);
BottegaMessage           *bottega_conversation_get_last_message       (BottegaConversation *self);
void                      bottega_conversation_set_last_message       (BottegaConversation *self, BottegaMessage *message);
const char               *bottega_conversation_get_draft              (BottegaConversation *self);
void                      bottega_conversation_set_draft              (BottegaConversation *self, const char *draft);
int                       bottega_conversation_get_outbox_count       (BottegaConversation *self);
void                      bottega_conversation_set_outbox_count       (BottegaConversation *self, int outbox_count);

G_END_DECLS
