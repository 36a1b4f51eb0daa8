/* bottega-conversation-list.h: a lazy GListModel of conversations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CONVERSATION_LIST (bottega_conversation_list_get_type ())
G_DECLARE_FINAL_TYPE (BottegaConversationList, bottega_conversation_list, BOTTEGA, CONVERSATION_LIST, GObject)

/* Conversations of @account_id (0 = all accounts), newest activity first,
 * each with its customer, last message, draft and outbox count filled.
 * Items are loaded in pages on demand; the model follows the store's
 * "conversations-changed" signal. */
BottegaConversationList *bottega_conversation_list_new        (BottegaStore *store, gint64 account_id);
/* Filter on status; -1 for every status. */
void                     bottega_conversation_list_set_status (BottegaConversationList *self, int status);
int                      bottega_conversation_list_get_status (BottegaConversationList *self);
/* Position of the conversation with that local id, or G_MAXUINT. */
guint                    bottega_conversation_list_find       (BottegaConversationList *self, gint64 conversation_id);

G_END_DECLS
