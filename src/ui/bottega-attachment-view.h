/* bottega-attachment-view.h: one attachment inside a message bubble
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-core.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_ATTACHMENT_VIEW (bottega_attachment_view_get_type ())
G_DECLARE_FINAL_TYPE (BottegaAttachmentView, bottega_attachment_view, BOTTEGA, ATTACHMENT_VIEW, GtkWidget)

/* An image as a thumbnail that opens a viewer (zoom, save); audio and voice
 * notes with a player; video; any other file with its name, size, download
 * progress, "Open" (the default app) and "Save As…". Files come through the
 * application's media cache (bottega_application_get_media_cache) with the
 * client of the message's account. Names and sizes are untrusted text. */
BottegaAttachmentView *bottega_attachment_view_new (BottegaAttachment *attachment,
                                                    gint64             account_id);

G_END_DECLS
