/* bottega-jump-dialog.h: jump to a conversation by customer or number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_JUMP_DIALOG (bottega_jump_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BottegaJumpDialog, bottega_jump_dialog, BOTTEGA, JUMP_DIALOG, AdwWindow)

/* A search-as-you-type over customer names and conversation numbers, for
 * the keyboard: type, move with Up / Down, Enter opens, Escape closes.
 * Choosing emits "conversation-chosen" (gint64 local conversation id) and
 * closes the dialog. */
BottegaJumpDialog *bottega_jump_dialog_new (GtkWindow    *parent,
                                            BottegaStore *store);

G_END_DECLS
