/* bottega-conversation-view.h: one conversation and its composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CONVERSATION_VIEW (bottega_conversation_view_get_type ())
G_DECLARE_FINAL_TYPE (BottegaConversationView, bottega_conversation_view, BOTTEGA, CONVERSATION_VIEW, GtkWidget)

void                 bottega_conversation_view_set_store        (BottegaConversationView *self,
                                                                 BottegaStore            *store);
/* Shows @conversation (NULL: nothing selected). The draft of the previous
 * one is saved first. */
void                 bottega_conversation_view_set_conversation (BottegaConversationView *self,
                                                                 BottegaConversation     *conversation);
BottegaConversation *bottega_conversation_view_get_conversation (BottegaConversationView *self);
/* Scrolls to the message with local id @local_message_id of the shown
 * conversation and briefly highlights it; older messages are fetched from
 * the server first when it is not loaded yet. */
void                 bottega_conversation_view_scroll_to_message (BottegaConversationView *self,
                                                                  gint64                   local_message_id);

G_END_DECLS
