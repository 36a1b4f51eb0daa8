/* bottega-attachment.h: a file attached to a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_ATTACHMENT (bottega_attachment_get_type ())
G_DECLARE_FINAL_TYPE (BottegaAttachment, bottega_attachment, BOTTEGA, ATTACHMENT, GObject)

/* Properties (all G_PARAM_READWRITE | EXPLICIT_NOTIFY):
 *   id (int64, local rowid, 0 = not stored), remote-id (int64), file-type (string:
 *   "image", "audio", "video", "file", …), extension, content-type (MIME),
 *   data-url, thumb-url, file-size (int64 bytes), width (int), height (int),
 *   file-name (string: a display name only, never a path), local-path (string:
 *   where the cached or to-be-uploaded file is on disk, or NULL). */
BottegaAttachment *bottega_attachment_new (void);

gint64      bottega_attachment_get_id            (BottegaAttachment *self);
void        bottega_attachment_set_id            (BottegaAttachment *self, gint64 id);
gint64      bottega_attachment_get_remote_id     (BottegaAttachment *self);
void        bottega_attachment_set_remote_id     (BottegaAttachment *self, gint64 remote_id);
const char *bottega_attachment_get_file_type     (BottegaAttachment *self);
void        bottega_attachment_set_file_type     (BottegaAttachment *self, const char *file_type);
const char *bottega_attachment_get_extension     (BottegaAttachment *self);
void        bottega_attachment_set_extension     (BottegaAttachment *self, const char *extension);
const char *bottega_attachment_get_content_type  (BottegaAttachment *self);
void        bottega_attachment_set_content_type  (BottegaAttachment *self, const char *content_type);
const char *bottega_attachment_get_data_url      (BottegaAttachment *self);
void        bottega_attachment_set_data_url      (BottegaAttachment *self, const char *data_url);
const char *bottega_attachment_get_thumb_url     (BottegaAttachment *self);
void        bottega_attachment_set_thumb_url     (BottegaAttachment *self, const char *thumb_url);
gint64      bottega_attachment_get_file_size     (BottegaAttachment *self);
void        bottega_attachment_set_file_size     (BottegaAttachment *self, gint64 file_size);
int         bottega_attachment_get_width         (BottegaAttachment *self);
void        bottega_attachment_set_width         (BottegaAttachment *self, int width);
int         bottega_attachment_get_height        (BottegaAttachment *self);
void        bottega_attachment_set_height        (BottegaAttachment *self, int height);
const char *bottega_attachment_get_file_name     (BottegaAttachment *self);
void        bottega_attachment_set_file_name     (BottegaAttachment *self, const char *file_name);
const char *bottega_attachment_get_local_path    (BottegaAttachment *self);
void        bottega_attachment_set_local_path    (BottegaAttachment *self, const char *local_path);

G_END_DECLS
