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

G_END_DECLS
