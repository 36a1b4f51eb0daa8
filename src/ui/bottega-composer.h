/* bottega-composer.h: writing a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_COMPOSER (bottega_composer_get_type ())
G_DECLARE_FINAL_TYPE (BottegaComposer, bottega_composer, BOTTEGA, COMPOSER, GtkWidget)

/* The composer of one conversation: free text with its draft kept as it is
 * typed (Enter sends, Shift+Enter adds a line), or, when WhatsApp's 24-hour
 * window is closed, the inbox's approved templates. A reply goes to the
 * store's outbox; "sent" is emitted once it is there. */
BottegaComposer *bottega_composer_new              (void);
void             bottega_composer_set_store        (BottegaComposer     *self,
                                                    BottegaStore        *store);
/* Saves the previous conversation's draft and loads this one's. */
void             bottega_composer_set_conversation (BottegaComposer     *self,
                                                    BottegaConversation *conversation);
void             bottega_composer_focus            (BottegaComposer     *self);

G_END_DECLS
