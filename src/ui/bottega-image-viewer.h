/* bottega-image-viewer.h: a photo attachment at full size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-core.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_IMAGE_VIEWER (bottega_image_viewer_get_type ())
G_DECLARE_FINAL_TYPE (BottegaImageViewer, bottega_image_viewer, BOTTEGA, IMAGE_VIEWER, AdwWindow)

/* A window modal to @parent showing @attachment: fetched through the
 * application's media cache with the client of @account_id, decoded off the
 * main thread at most 4096 pixels on a side. @preview (the thumbnail, may be
 * NULL) is shown while the full image loads. Zoom in, out and to fit with
 * the header buttons, Ctrl+plus/minus/0, Ctrl+scroll or a pinch; "Save
 * As…" (Ctrl+S); Escape closes. */
BottegaImageViewer *bottega_image_viewer_new        (GtkWindow          *parent,
                                                     BottegaAttachment  *attachment,
                                                     gint64              account_id,
                                                     GdkPaintable       *preview);
void                bottega_image_viewer_toast      (BottegaImageViewer *self,
                                                     const char         *text);
/* The scale the image is shown at (1.0 = one image pixel per screen pixel);
 * and whether it follows the window's size ("Best Fit"). */
double              bottega_image_viewer_get_zoom   (BottegaImageViewer *self);
gboolean            bottega_image_viewer_get_fit    (BottegaImageViewer *self);

G_END_DECLS
