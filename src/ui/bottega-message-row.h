/* bottega-message-row.h: one message bubble
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-core.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_MESSAGE_ROW (bottega_message_row_get_type ())
G_DECLARE_FINAL_TYPE (BottegaMessageRow, bottega_message_row, BOTTEGA, MESSAGE_ROW, GtkWidget)

BottegaMessageRow *bottega_message_row_new         (void);
void               bottega_message_row_set_message (BottegaMessageRow *self,
                                                    BottegaMessage    *message);
BottegaMessage    *bottega_message_row_get_message (BottegaMessageRow *self);
/* The day separator above the bubble ("Today", "Monday 17 November"), for
 * the first message of a day; NULL: none. */
void               bottega_message_row_set_day     (BottegaMessageRow *self,
                                                    const char        *day);
/* Briefly marks the bubble a jump landed on. */
void               bottega_message_row_set_highlighted (BottegaMessageRow *self,
                                                        gboolean           highlighted);

G_END_DECLS
