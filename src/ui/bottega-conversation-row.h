/* bottega-conversation-row.h: one row of the conversation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-core.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CONVERSATION_ROW (bottega_conversation_row_get_type ())
G_DECLARE_FINAL_TYPE (BottegaConversationRow, bottega_conversation_row, BOTTEGA, CONVERSATION_ROW, GtkWidget)

BottegaConversationRow *bottega_conversation_row_new              (void);
void                    bottega_conversation_row_set_conversation (BottegaConversationRow *self,
                                                                   BottegaConversation    *conversation);

/* "14:05", "Yesterday", "Mon", "12/03/26" in the user's locale. */
char *bottega_format_short_time (gint64 unix_time,
                                 gint64 now);

G_END_DECLS
