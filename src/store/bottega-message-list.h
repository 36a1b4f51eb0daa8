/* bottega-message-list.h: a lazy GListModel of one conversation's messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_MESSAGE_LIST (bottega_message_list_get_type ())
G_DECLARE_FINAL_TYPE (BottegaMessageList, bottega_message_list, BOTTEGA, MESSAGE_LIST, GObject)

/* Messages of one conversation, oldest first (local echoes after the
 * server's messages they follow), with attachments. Loaded in pages on
 * demand; follows the store's "messages-changed" for that conversation,
 * emitting the smallest items-changed it can (appends at the end). */
BottegaMessageList *bottega_message_list_new              (BottegaStore *store, gint64 conversation_id);
gint64              bottega_message_list_get_conversation_id (BottegaMessageList *self);
/* Where the message with local id @message_id is in the list now, or
 * G_MAXUINT when it is not in this conversation (or not stored yet). */
guint               bottega_message_list_get_position     (BottegaMessageList *self,
                                                           gint64              message_id);

G_END_DECLS
