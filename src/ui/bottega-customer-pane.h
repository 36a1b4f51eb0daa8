/* bottega-customer-pane.h: the customer beside the conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CUSTOMER_PANE (bottega_customer_pane_get_type ())
G_DECLARE_FINAL_TYPE (BottegaCustomerPane, bottega_customer_pane, BOTTEGA, CUSTOMER_PANE, GtkWidget)

/* Name, phone, e-mail, channel, attributes, labels, notes, past
 * conversations and shared media of the conversation's customer, from the
 * store. Signal "open-conversation" (gint64 local conversation id) when a
 * past conversation is picked. */
BottegaCustomerPane *bottega_customer_pane_new              (void);
void                 bottega_customer_pane_set_store        (BottegaCustomerPane *self,
                                                             BottegaStore        *store);
void                 bottega_customer_pane_set_conversation (BottegaCustomerPane *self,
                                                             BottegaConversation *conversation);

G_END_DECLS
