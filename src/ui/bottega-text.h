/* bottega-text.h: presenting untrusted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-core.h"

G_BEGIN_DECLS

/* @text on one line for a list row: line breaks and tabs become spaces,
 * runs of spaces collapse, control and format characters (bidi overrides,
 * zero-width joiners used to disguise text) are dropped, invalid UTF-8
 * stops the text, and it is cut at @max_chars with an ellipsis. Never NULL. */
char *bottega_text_one_line        (const char     *text,
                                    guint           max_chars);
/* Message text for a bubble: line breaks kept, control and bidi-override
 * characters dropped. Never NULL. Shown with markup off. */
char *bottega_text_sanitize        (const char     *text);
/* "You: See you tomorrow", "Photo", "Note: …" for the conversation list. */
char *bottega_text_message_preview (BottegaMessage *message);

G_END_DECLS
