/* bottega-text.h: presenting untrusted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-core.h"

G_BEGIN_DECLS

/* @text on one line for a list row: line breaks and tabs become spaces,
 * runs of spaces collapse, control and format characters (bidi overrides,
 * zero-width joiners used to disguise text) are dropped, invalid UTF-8
 * stops the text, and it is cut at @max_chars with an ellipsis. Never NULL. */
char *bottega_text_one_line        (const char     *text,
                                    guint           max_chars);
/* The longest text a bubble shows: GTK 4.8 lays a long label out in time
 * that grows faster than its length (100 KB take seconds, 1 MB minutes),
 * and WhatsApp's own limit for a text is 4096 characters. */
#define BOTTEGA_TEXT_BUBBLE_MAX_CHARS 4096

/* Message text for a bubble: line breaks kept, control and bidi-override
 * characters dropped, cut after BOTTEGA_TEXT_BUBBLE_MAX_CHARS characters
 * with a line that says how much is not shown. Never NULL. Shown with
 * markup off. */
char *bottega_text_sanitize        (const char     *text);
/* As bottega_text_sanitize, but never cut: the whole text, for Copy Text. */
char *bottega_text_sanitize_whole  (const char     *text);
/* Message text as Pango markup for a label with markup on: sanitized as
 * bottega_text_sanitize, every character escaped, and only web addresses
 * (http://, https://), e-mail addresses (as mailto:) and explicit mailto: /
 * tel: links turned into <a href>. Anything else that looks like a link
 * (javascript:, file:, data:, a customer's own "<a href>") stays text.
 * Never NULL. */
char    *bottega_text_to_markup       (const char     *text);
/* Whether a link from a message may be opened: http(s) with a host and no
 * user name, mailto: and tel:; nothing with spaces or control characters. */
gboolean bottega_text_link_is_safe    (const char     *uri);
/* "You: See you tomorrow", "Photo", "Note: …" for the conversation list. */
char *bottega_text_message_preview (BottegaMessage *message);

/* A toast saying @text as it is: libadwaita 1.2 reads a toast's title as
 * Pango markup, and toasts carry file names, servers' messages and the
 * shop's own text. */
AdwToast *bottega_toast_new (const char *text);

G_END_DECLS
