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
 * typed (Enter sends, Shift+Enter adds a line, Ctrl+Enter always sends), or,
 * when WhatsApp's 24-hour window is closed, the inbox's approved templates.
 * A reply goes to the store's outbox; "sent" is emitted once it is there.
 *
 * Keys in the composer: "/" at a word start offers the account's canned
 * responses (Up/Down choose, Enter or Tab inserts, Escape closes);
 * Ctrl+Shift+N toggles private-note mode (the "private-note" property and
 * the composer.private-note action); Ctrl+Shift+A attaches files; Escape
 * cancels a quote. Files come by the file chooser, drag and drop, pasting
 * (a picture, or files copied in the file manager) and the
 * composer.attach-file action (a path). Before anything is queued the
 * files are checked and the sensitive-data guard asks about card numbers,
 * IBANs and passwords. */
BottegaComposer *bottega_composer_new              (void);
void             bottega_composer_set_store        (BottegaComposer     *self,
                                                    BottegaStore        *store);
/* Saves the previous conversation's draft and loads this one's. */
void             bottega_composer_set_conversation (BottegaComposer     *self,
                                                    BottegaConversation *conversation);
void             bottega_composer_focus            (BottegaComposer     *self);
/* Quote @message in the next reply (its content_attributes.in_reply_to);
 * NULL: none. Shown above the entry with a way to cancel it. */
void             bottega_composer_set_reply_to     (BottegaComposer     *self,
                                                    BottegaMessage      *message);

G_END_DECLS
