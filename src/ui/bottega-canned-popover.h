/* bottega-canned-popover.h: the canned responses offered after "/"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-canned-response.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CANNED_POPOVER (bottega_canned_popover_get_type ())
G_DECLARE_FINAL_TYPE (BottegaCannedPopover, bottega_canned_popover, BOTTEGA, CANNED_POPOVER, GtkPopover)

/* A list that never takes the keyboard: the composer keeps the focus and
 * moves the selection (bottega_canned_popover_move()) while the user types
 * after the "/". "chosen" (BottegaCannedResponse) is emitted on a click. */
BottegaCannedPopover  *bottega_canned_popover_new           (void);
/* @responses: BottegaCannedResponse, the account's (copied). */
void                   bottega_canned_popover_set_responses (BottegaCannedPopover *self,
                                                             GPtrArray            *responses);
/* Shows the responses whose short code or text holds @query (short codes
 * that start with it first) and selects the first; returns how many. */
guint                  bottega_canned_popover_filter        (BottegaCannedPopover *self,
                                                             const char           *query);
void                   bottega_canned_popover_move          (BottegaCannedPopover *self,
                                                             int                   delta);
BottegaCannedResponse *bottega_canned_popover_get_selected  (BottegaCannedPopover *self);

G_END_DECLS
