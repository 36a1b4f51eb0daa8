/* bottega-attachment-view-private.h: what the attachment view and the image
 * viewer share, and what their tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-attachment-view.h"

G_BEGIN_DECLS

typedef enum {
  BOTTEGA_ATTACHMENT_KIND_IMAGE,
  BOTTEGA_ATTACHMENT_KIND_AUDIO,
  BOTTEGA_ATTACHMENT_KIND_VIDEO,
  BOTTEGA_ATTACHMENT_KIND_FILE,
} BottegaAttachmentKind;

/* How an attachment is shown, from its file type and content type. */
BottegaAttachmentKind bottega_attachment_kind_for            (BottegaAttachment     *attachment);
/* The kind @self shows now (an image that cannot be decoded falls back to
 * the file view). */
BottegaAttachmentKind bottega_attachment_view_get_kind       (BottegaAttachmentView *self);

/* A name to suggest in a "Save As…" dialog from the untrusted display name
 * of an attachment: the last path component only, no control or format
 * characters, no leading dots or spaces, no characters other systems
 * refuse, not a reserved device name, at most 200 bytes (keeping the
 * extension), and @extension added when the name has none. Never empty and
 * never NULL; it is still only a suggestion the user confirms in the file
 * chooser, never a path by itself. */
char                 *bottega_attachment_safe_file_name      (const char            *display_name,
                                                              const char            *extension);
/* "1.2 MB", or NULL when @size is not known (zero or less). */
char                 *bottega_attachment_size_text           (gint64                 size);
/* "0:42", "1:02:03" for a duration in microseconds (negative: "–:––"). */
char                 *bottega_attachment_duration_text       (gint64                 usec);

/* Decodes an image file at most @max_size pixels on its longer side (never
 * enlarging it, whatever size its header claims), with its embedded EXIF
 * orientation applied. Blocking: call it from a thread. */
GdkPixbuf            *bottega_attachment_decode_image        (GFile                 *file,
                                                              int                    max_size,
                                                              GCancellable          *cancellable,
                                                              GError               **error);

/* Asks where to save @source (a GtkFileChooserNative in save mode, so the
 * Flatpak portal works) suggesting @display_name made safe, and copies it
 * there on a thread. Errors are shown as toasts on the main window. */
void                  bottega_attachment_save_as             (GtkWidget             *parent,
                                                              GFile                 *source,
                                                              const char            *display_name,
                                                              const char            *extension);

G_END_DECLS
