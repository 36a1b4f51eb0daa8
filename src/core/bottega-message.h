/* bottega-message.h: one message of a conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bottega-attachment.h"
#include "bottega-enums.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_MESSAGE (bottega_message_get_type ())
G_DECLARE_FINAL_TYPE (BottegaMessage, bottega_message, BOTTEGA, MESSAGE, GObject)

/* Properties:
 *   id (int64 local rowid, 0 = not stored), account-id (int64 local),
 *   conversation-id (int64 local rowid of the conversation, 0 = unknown),
 *   remote-id (int64 provider message id, 0 = local echo not yet on the server),
 *   conversation-remote-id (int64: the conversation's display id),
 *   content (string, untrusted), message-type (BottegaMessageType),
 *   content-type (string, "text" …), status (BottegaMessageStatus),
 *   private (boolean: a private note), created-at (int64 epoch seconds),
 *   sender-type ("contact", "user", "agent_bot", … or NULL), sender-id (int64),
 *   sender-name (string), echo-id (string or NULL), source-id (string or NULL),
 *   external-error (string or NULL: the provider's failure reason),
 *   in-reply-to (int64 remote id of the quoted message, 0 = none),
 *   content-attributes (JSON object text, "{}" when empty),
 *   attachments (GListModel of BottegaAttachment, read-only, never NULL). */
BottegaMessage *bottega_message_new (void);

gint64               bottega_message_get_id                      (BottegaMessage *self);
void                 bottega_message_set_id                      (BottegaMessage *self, gint64 id);
gint64               bottega_message_get_account_id              (BottegaMessage *self);
void                 bottega_message_set_account_id              (BottegaMessage *self, gint64 account_id);
gint64               bottega_message_get_conversation_id         (BottegaMessage *self);
void                 bottega_message_set_conversation_id         (BottegaMessage *self, gint64 conversation_id);
gint64               bottega_message_get_remote_id               (BottegaMessage *self);
void                 bottega_message_set_remote_id               (BottegaMessage *self, gint64 remote_id);
gint64               bottega_message_get_conversation_remote_id  (BottegaMessage *self);
void                 bottega_message_set_conversation_remote_id  (BottegaMessage *self, gint64 display_id);
const char          *bottega_message_get_content                 (BottegaMessage *self);
void                 bottega_message_set_content                 (BottegaMessage *self, const char *content);
BottegaMessageType   bottega_message_get_message_type            (BottegaMessage *self);
void                 bottega_message_set_message_type            (BottegaMessage *self, BottegaMessageType type);
const char          *bottega_message_get_content_type            (BottegaMessage *self);
void                 bottega_message_set_content_type            (BottegaMessage *self, const char *content_type);
BottegaMessageStatus bottega_message_get_status                  (BottegaMessage *self);
void                 bottega_message_set_status                  (BottegaMessage *self, BottegaMessageStatus status);
gboolean             bottega_message_get_private                 (BottegaMessage *self);
void                 bottega_message_set_private                 (BottegaMessage *self, gboolean is_private);
gint64               bottega_message_get_created_at              (BottegaMessage *self);
void                 bottega_message_set_created_at              (BottegaMessage *self, gint64 created_at);
const char          *bottega_message_get_sender_type             (BottegaMessage *self);
void                 bottega_message_set_sender_type             (BottegaMessage *self, const char *sender_type);
gint64               bottega_message_get_sender_id               (BottegaMessage *self);
void                 bottega_message_set_sender_id               (BottegaMessage *self, gint64 sender_id);
const char          *bottega_message_get_sender_name             (BottegaMessage *self);
void                 bottega_message_set_sender_name             (BottegaMessage *self, const char *sender_name);
const char          *bottega_message_get_echo_id                 (BottegaMessage *self);
void                 bottega_message_set_echo_id                 (BottegaMessage *self, const char *echo_id);
const char          *bottega_message_get_source_id               (BottegaMessage *self);
void                 bottega_message_set_source_id               (BottegaMessage *self, const char *source_id);
const char          *bottega_message_get_external_error          (BottegaMessage *self);
void                 bottega_message_set_external_error          (BottegaMessage *self, const char *external_error);
gint64               bottega_message_get_in_reply_to             (BottegaMessage *self);
void                 bottega_message_set_in_reply_to             (BottegaMessage *self, gint64 in_reply_to);
const char          *bottega_message_get_content_attributes      (BottegaMessage *self);
void                 bottega_message_set_content_attributes      (BottegaMessage *self, const char *json);
GListModel          *bottega_message_get_attachments             (BottegaMessage *self);
void                 bottega_message_add_attachment              (BottegaMessage *self, BottegaAttachment *attachment);
guint                bottega_message_get_n_attachments           (BottegaMessage *self);

G_END_DECLS
