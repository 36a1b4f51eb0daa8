/* bottega-store-batch.h: what one sync page writes, in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-core.h"

G_BEGIN_DECLS

/* A batch collects everything one page from the provider brings (built on
 * any thread, then handed to the store's writer thread) so that it lands
 * whole or not at all. Every row is an upsert keyed by (account, remote id):
 * writing the same batch twice changes nothing. */
typedef struct _BottegaStoreBatch BottegaStoreBatch;

#define BOTTEGA_TYPE_STORE_BATCH (bottega_store_batch_get_type ())
GType bottega_store_batch_get_type (void) G_GNUC_CONST;

BottegaStoreBatch *bottega_store_batch_new    (gint64 account_id);
BottegaStoreBatch *bottega_store_batch_ref    (BottegaStoreBatch *batch);
void               bottega_store_batch_unref  (BottegaStoreBatch *batch);
gint64             bottega_store_batch_get_account_id (BottegaStoreBatch *batch);
gboolean           bottega_store_batch_is_empty       (BottegaStoreBatch *batch);

/* Reference data. When @replace_all is TRUE for a kind, rows of that kind the
 * batch does not name are deleted (the provider's list is the whole set). */
void bottega_store_batch_add_inbox            (BottegaStoreBatch *batch, BottegaInbox *inbox);
void bottega_store_batch_add_label            (BottegaStoreBatch *batch, BottegaLabel *label);
void bottega_store_batch_add_agent            (BottegaStoreBatch *batch, BottegaAgent *agent);
void bottega_store_batch_add_canned_response  (BottegaStoreBatch *batch, BottegaCannedResponse *response);
void bottega_store_batch_set_replace_reference (BottegaStoreBatch *batch, gboolean replace_all);

/* A conversation brings its customer (conversation.customer) and, when set,
 * its last message along. */
void bottega_store_batch_add_customer      (BottegaStoreBatch *batch, BottegaCustomer *customer);
void bottega_store_batch_add_conversation  (BottegaStoreBatch *batch, BottegaConversation *conversation);

/* Messages of the conversation with display id @conversation_remote_id, in
 * ascending order (the conversation must be in the store or in this batch).
 * @reached_oldest says the provider has nothing older than the first one. */
void bottega_store_batch_add_messages  (BottegaStoreBatch *batch,
                                        gint64             conversation_remote_id,
                                        GPtrArray         *messages,
                                        gboolean           reached_oldest);

/* Per-account sync cursors written in the same transaction ("last_sync" …). */
void bottega_store_batch_set_sync_value (BottegaStoreBatch *batch,
                                         const char        *key,
                                         const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaStoreBatch, bottega_store_batch_unref)

G_END_DECLS
