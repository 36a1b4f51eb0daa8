/* bottega-inbox.h: a provider inbox (one channel: a WhatsApp number, a mailbox, …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_INBOX (bottega_inbox_get_type ())
G_DECLARE_FINAL_TYPE (BottegaInbox, bottega_inbox, BOTTEGA, INBOX, GObject)

/* Properties: id (int64 local), account-id (int64 local), remote-id (int64),
 * name, channel-type ("Channel::Whatsapp" …), phone-number, provider,
 * templates (JSON array text of the WhatsApp `message_templates`, "[]" when
 * none). */
BottegaInbox *bottega_inbox_new (void);

gint64      bottega_inbox_get_id            (BottegaInbox *self);
void        bottega_inbox_set_id            (BottegaInbox *self, gint64 id);
gint64      bottega_inbox_get_account_id    (BottegaInbox *self);
void        bottega_inbox_set_account_id    (BottegaInbox *self, gint64 account_id);
gint64      bottega_inbox_get_remote_id     (BottegaInbox *self);
void        bottega_inbox_set_remote_id     (BottegaInbox *self, gint64 remote_id);
const char *bottega_inbox_get_name          (BottegaInbox *self);
void        bottega_inbox_set_name          (BottegaInbox *self, const char *name);
const char *bottega_inbox_get_channel_type  (BottegaInbox *self);
void        bottega_inbox_set_channel_type  (BottegaInbox *self, const char *channel_type);
const char *bottega_inbox_get_phone_number  (BottegaInbox *self);
void        bottega_inbox_set_phone_number  (BottegaInbox *self, const char *phone_number);
const char *bottega_inbox_get_provider      (BottegaInbox *self);
void        bottega_inbox_set_provider      (BottegaInbox *self, const char *provider);
const char *bottega_inbox_get_templates     (BottegaInbox *self);
void        bottega_inbox_set_templates     (BottegaInbox *self, const char *json);

G_END_DECLS
