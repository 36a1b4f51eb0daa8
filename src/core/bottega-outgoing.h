/* bottega-outgoing.h: what may be attached to a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* WhatsApp's limits (the strictest of the channels a shop answers on),
 * applied to every reply: at most 15 files a message (Chatwoot's limit
 * too), media up to 16 MB, documents up to 100 MB. */
#define BOTTEGA_OUTGOING_MAX_FILES          15
#define BOTTEGA_OUTGOING_MAX_MEDIA_SIZE     ((goffset) 16 * 1024 * 1024)
#define BOTTEGA_OUTGOING_MAX_DOCUMENT_SIZE  ((goffset) 100 * 1024 * 1024)

typedef enum {
  BOTTEGA_OUTGOING_IMAGE,
  BOTTEGA_OUTGOING_AUDIO,
  BOTTEGA_OUTGOING_VIDEO,
  BOTTEGA_OUTGOING_DOCUMENT,
  BOTTEGA_OUTGOING_REFUSED,   /* programs and scripts: never sent to a customer */
} BottegaOutgoingKind;

/* The kind of a file by its content type (as g_content_type_guess() tells). */
BottegaOutgoingKind bottega_outgoing_kind     (const char          *content_type);
/* The largest file of that kind, in bytes (0 for REFUSED). */
goffset             bottega_outgoing_max_size (BottegaOutgoingKind  kind);

/* A file checked for sending: a readable regular file of a kind and size a
 * reply may carry. */
typedef struct {
  char                *path;
  char                *name;           /* for display */
  char                *content_type;   /* guessed from the name and the first bytes */
  BottegaOutgoingKind  kind;
  goffset              size;
} BottegaOutgoingFile;

void                 bottega_outgoing_file_free  (BottegaOutgoingFile *file);
/* Blocking (run it in a thread). The error (G_IO_ERROR) is a sentence for
 * the user that names the file, never its folder. */
BottegaOutgoingFile *bottega_outgoing_check_file (const char          *path,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaOutgoingFile, bottega_outgoing_file_free)

G_END_DECLS
