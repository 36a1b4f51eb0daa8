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
BottegaConversation    *bottega_conversation_row_get_conversation (BottegaConversationRow *self);
/* Label title → colour ("#RRGGBB"), shared by the rows of a list; the row
 * keeps a reference and reads it when it updates. */
void                    bottega_conversation_row_set_label_colors (BottegaConversationRow *self,
                                                                   GHashTable             *colors);
/* Past this many minutes, the customer's wait is highlighted. */
void                    bottega_conversation_row_set_waiting_threshold (BottegaConversationRow *self,
                                                                        guint                   minutes);
/* Times move on: the list calls this once a minute for every row. */
void                    bottega_conversation_row_refresh_time     (BottegaConversationRow *self);
/* The row's menu (mark read / unread), at (@x, @y) in the row, or below
 * the row when @x is negative (from the keyboard). Its items activate
 * win.mark-read / win.mark-unread with the conversation's local id. */
void                    bottega_conversation_row_popup_menu       (BottegaConversationRow *self,
                                                                   double                  x,
                                                                   double                  y);

/* "14:05", "Yesterday", "Mon", "12/03/26" in the user's locale. */
char *bottega_format_short_time (gint64 unix_time,
                                 gint64 now);
/* How long someone has waited: "1 min", "12 min", "3 h", "2 d". */
char *bottega_format_waiting    (gint64 seconds);

G_END_DECLS
