/* bottega-store.h: the local SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bottega-core.h"
#include "bottega-store-batch.h"

G_BEGIN_DECLS

#define BOTTEGA_STORE_ERROR (bottega_store_error_quark ())

typedef enum {
  BOTTEGA_STORE_ERROR_FAILED,
  BOTTEGA_STORE_ERROR_OPEN,       /* the file cannot be opened or is not a database */
  BOTTEGA_STORE_ERROR_TOO_NEW,    /* made by a newer Bottega: refused, left untouched */
  BOTTEGA_STORE_ERROR_CORRUPT,
  BOTTEGA_STORE_ERROR_FULL,       /* the disk (or the page limit) is full */
  BOTTEGA_STORE_ERROR_NOT_FOUND,
  BOTTEGA_STORE_ERROR_CLOSED,
  BOTTEGA_STORE_ERROR_BUSY,       /* another sender holds this outbox entry */
} BottegaStoreError;

GQuark bottega_store_error_quark (void);

/* The schema version this build writes (PRAGMA user_version). */
#define BOTTEGA_STORE_SCHEMA_VERSION 4

#define BOTTEGA_TYPE_STORE (bottega_store_get_type ())
G_DECLARE_FINAL_TYPE (BottegaStore, bottega_store, BOTTEGA, STORE, GObject)

/* Opens (creating and migrating as needed) the database at @path. Signals are
 * emitted on the thread-default main context of the caller of open. */
void          bottega_store_open_async   (const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
BottegaStore *bottega_store_open_finish  (GAsyncResult         *result,
                                          GError              **error);
BottegaStore *bottega_store_open         (const char           *path,
                                          GError              **error);
const char   *bottega_store_get_path     (BottegaStore         *self);
/* Stops the writer thread after the queued writes are done. */
void          bottega_store_close        (BottegaStore         *self);

/* Default location: $XDG_DATA_HOME/bottega/bottega.db (or @data_dir/bottega.db). */
char         *bottega_store_default_path (const char           *data_dir);

/* ---- writes (each one transaction on the writer thread) ----
 *
 * Every write has an _async/_finish pair and a blocking form for worker
 * threads and the command line. The blocking form must not be called on the
 * thread that runs the store's main context. */

void     bottega_store_write_batch_async   (BottegaStore *self, BottegaStoreBatch *batch,
                                            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean bottega_store_write_batch_finish  (BottegaStore *self, GAsyncResult *result, GError **error);
gboolean bottega_store_write_batch         (BottegaStore *self, BottegaStoreBatch *batch,
                                            GCancellable *cancellable, GError **error);

/* A new account (id 0) is inserted, or updated when (url, remote-id) is
 * already stored, and gets its id; a stored one (id set) is updated by id,
 * its url included. */
gboolean bottega_store_save_account        (BottegaStore *self, BottegaAccount *account, GError **error);
gboolean bottega_store_delete_account      (BottegaStore *self, gint64 account_id, GError **error);
gboolean bottega_store_set_account_needs_auth (BottegaStore *self, gint64 account_id, gboolean needs_auth, GError **error);

/* Drafts: one per conversation; NULL or "" deletes it. */
void     bottega_store_save_draft_async    (BottegaStore *self, gint64 conversation_id, const char *text,
                                            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean bottega_store_save_draft_finish   (BottegaStore *self, GAsyncResult *result, GError **error);
gboolean bottega_store_save_draft          (BottegaStore *self, gint64 conversation_id, const char *text, GError **error);

/* Queues a reply: in one transaction inserts the local echo (a message with
 * status QUEUED, a new UUID echo-id, created-at now, the attachments' local
 * paths), its outbox row, and deletes the conversation's draft. Returns the
 * message (with id and echo-id set). */
typedef struct {
  gint64       conversation_id;   /* local rowid */
  const char  *content;
  gboolean     is_private;
  gint64       in_reply_to;       /* remote message id or 0 */
  const char  *template_params;   /* JSON object text or NULL */
  const char * const *attachment_paths; /* NULL-terminated local file paths, or NULL */
} BottegaStoreReply;

void            bottega_store_queue_reply_async  (BottegaStore *self, const BottegaStoreReply *reply,
                                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
BottegaMessage *bottega_store_queue_reply_finish (BottegaStore *self, GAsyncResult *result, GError **error);
BottegaMessage *bottega_store_queue_reply        (BottegaStore *self, const BottegaStoreReply *reply, GError **error);

/* ---- the outbox ---- */

typedef enum {
  BOTTEGA_OUTBOX_QUEUED,
  BOTTEGA_OUTBOX_SENDING,
  BOTTEGA_OUTBOX_SENT,
  BOTTEGA_OUTBOX_FAILED,
} BottegaOutboxState;

typedef struct {
  gint64              id;               /* outbox rowid */
  gint64              account_id;
  gint64              message_id;       /* local message rowid */
  gint64              conversation_id;  /* local */
  gint64              conversation_remote_id;
  char               *echo_id;
  char               *content;
  gboolean            is_private;
  gint64              in_reply_to;
  char               *template_params;  /* or NULL */
  char              **attachment_paths; /* NULL-terminated, may be empty */
  BottegaOutboxState  state;
  int                 attempts;
  gint64              next_attempt_at;  /* epoch seconds */
  gint64              last_attempt_at;  /* epoch seconds, 0 = never */
  char               *last_error;
} BottegaOutboxEntry;

void bottega_outbox_entry_free (BottegaOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaOutboxEntry, bottega_outbox_entry_free)

/* The oldest entry of @account_id that is due (QUEUED, or SENDING left over
 * from a crash, with next_attempt_at <= @now), oldest first and never one
 * whose conversation has an older unsent entry. NULL with no error when none. */
BottegaOutboxEntry *bottega_store_outbox_next (BottegaStore *self, gint64 account_id, gint64 now, GError **error);
/* All entries of an account that are not SENT, oldest first. */
GPtrArray *bottega_store_outbox_pending       (BottegaStore *self, gint64 account_id, GError **error);
guint      bottega_store_outbox_count         (BottegaStore *self, gint64 account_id);

/* Seconds a sender holds an entry it marked SENDING; past that, the entry
 * is taken to be left over from a crash. */
#define BOTTEGA_STORE_SENDING_LEASE 120

/* State changes (each one transaction, blocking; for the sender's thread).
 * mark_sending is the claim: BOTTEGA_STORE_ERROR_BUSY when another sender
 * (another process) is sending that entry now. */
gboolean bottega_store_outbox_mark_sending (BottegaStore *self, gint64 outbox_id, gint64 now, GError **error);
/* The server holds the message: the local echo takes the server's remote id,
 * status and attachments; any other local row with that remote id (pulled in
 * meanwhile) is merged away; the outbox row becomes SENT. */
gboolean bottega_store_outbox_mark_sent    (BottegaStore *self, gint64 outbox_id, BottegaMessage *remote, GError **error);
gboolean bottega_store_outbox_mark_failed  (BottegaStore *self, gint64 outbox_id, const char *reason, GError **error);
gboolean bottega_store_outbox_retry_later  (BottegaStore *self, gint64 outbox_id, gint64 next_attempt_at,
                                            const char *reason, GError **error);
/* The outbox entry of a local message, or 0 when it has none. */
gint64   bottega_store_outbox_find_for_message (BottegaStore *self, gint64 message_id);
/* Retry action: a FAILED entry goes back to QUEUED, due now. */
gboolean bottega_store_outbox_retry        (BottegaStore *self, gint64 outbox_id, GError **error);

/* ---- reads (any thread; short, indexed queries) ---- */

GPtrArray           *bottega_store_list_accounts         (BottegaStore *self, GError **error);
BottegaAccount      *bottega_store_get_account           (BottegaStore *self, gint64 account_id, GError **error);
BottegaConversation *bottega_store_get_conversation      (BottegaStore *self, gint64 conversation_id, GError **error);
BottegaConversation *bottega_store_find_conversation     (BottegaStore *self, gint64 account_id,
                                                          gint64 display_id, GError **error);
/* Newest / oldest remote message id known for a conversation (0 if none). */
gint64               bottega_store_newest_remote_message (BottegaStore *self, gint64 conversation_id);
gint64               bottega_store_oldest_remote_message (BottegaStore *self, gint64 conversation_id);
gboolean             bottega_store_has_older_messages    (BottegaStore *self, gint64 conversation_id);
char                *bottega_store_get_draft             (BottegaStore *self, gint64 conversation_id);
char                *bottega_store_get_sync_value        (BottegaStore *self, gint64 account_id, const char *key);
GPtrArray           *bottega_store_list_canned_responses (BottegaStore *self, gint64 account_id, GError **error);
GPtrArray           *bottega_store_list_inboxes          (BottegaStore *self, gint64 account_id, GError **error);
GPtrArray           *bottega_store_list_labels           (BottegaStore *self, gint64 account_id, GError **error);
/* The account's agents (remote ids), by name. */
GPtrArray           *bottega_store_list_agents           (BottegaStore *self, gint64 account_id, GError **error);
GPtrArray           *bottega_store_list_messages         (BottegaStore *self, gint64 conversation_id, GError **error);
BottegaMessage      *bottega_store_get_message           (BottegaStore *self, gint64 message_id, GError **error);
/* The message the provider knows as @remote_id in @account_id, or NULL with
 * BOTTEGA_STORE_ERROR_NOT_FOUND when it is not stored (yet). */
BottegaMessage      *bottega_store_find_message_by_remote_id (BottegaStore *self, gint64 account_id,
                                                              gint64 remote_id, GError **error);
guint                bottega_store_count_conversations   (BottegaStore *self, gint64 account_id);
guint                bottega_store_count_messages        (BottegaStore *self, gint64 account_id);

/* Full-text search over message text, diacritics ignored, user syntax never
 * interpreted (each word is a prefix term; all must match). Newest first. */
typedef struct {
  BottegaMessage *message;           /* with conversation-id / -remote-id set */
  char           *customer_name;
  char           *snippet;           /* plain text around the match */
} BottegaSearchHit;

void       bottega_search_hit_free (BottegaSearchHit *hit);
GPtrArray *bottega_store_search    (BottegaStore *self, gint64 account_id /* 0 = all */,
                                    const char *query, guint limit, GError **error);

/* ---- the customer pane and notifications ---- */

/* The conversations of a customer (local customer id), newest activity
 * first, at most @limit (0 = all). */
GPtrArray      *bottega_store_list_customer_conversations (BottegaStore *self, gint64 customer_id,
                                                           guint limit, GError **error);
/* The customer's attachments (BottegaAttachment) over all their
 * conversations, newest message first, at most @limit (0 = all); only those
 * whose file type is @file_type ("image" …) unless it is NULL. */
GPtrArray      *bottega_store_list_customer_attachments   (BottegaStore *self, gint64 customer_id,
                                                           const char *file_type, guint limit,
                                                           GError **error);
/* A conversation's private notes: how many, and the newest (NULL with no
 * error when there is none). */
guint           bottega_store_count_notes                 (BottegaStore *self, gint64 conversation_id);
BottegaMessage *bottega_store_get_latest_note             (BottegaStore *self, gint64 conversation_id,
                                                           GError **error);
/* Incoming customer messages (not notes, not activity) of a conversation
 * that the provider holds with a remote id above @after_remote_id and that
 * were created at or after @created_since (epoch seconds), oldest first, at
 * most @limit (0 = all). */
GPtrArray      *bottega_store_list_incoming_after         (BottegaStore *self, gint64 conversation_id,
                                                           gint64 after_remote_id, gint64 created_since,
                                                           guint limit, GError **error);

/* Conversations to jump to: the one numbered @query ("42" or "#42"), then
 * those of the customers whose names hold every word of @query as a word
 * prefix, accents and case ignored; newest activity first, at most @limit
 * (0 = no limit). Each as the conversation list has it (customer, labels,
 * last message). An empty array when the query has no word. */
GPtrArray *bottega_store_search_conversations (BottegaStore *self, gint64 account_id /* 0 = all */,
                                               const char *query, guint limit, GError **error);

/* Signals (emitted on the store's main context after the commit):
 *   "conversations-changed" (gint64 account_id)
 *   "messages-changed"      (gint64 conversation_id)
 *   "outbox-changed"        (gint64 account_id)
 *   "accounts-changed"      ()
 */

/* ==== the product catalog (bottega-store-catalog.c) ====
 *
 * Each account has one catalog, replaced whole in one transaction from its
 * source (Meta's catalog API or a product feed file). Reads are short
 * indexed queries on the read connection; the _async forms run them in a
 * worker thread for the main thread. After every committed change the store
 * emits "catalog-changed" (gint64 account_id) on its main context. */

/* Called on the writer thread for the next product of a new catalog; NULL
 * at the end (no error) or on failure (@error set), which rolls everything
 * back. The store takes the returned reference. */
typedef BottegaProduct *(*BottegaStoreProductFunc) (gpointer       user_data,
                                                    GCancellable  *cancellable,
                                                    GError       **error);

/* Replaces the catalog of @account_id with what @next yields, in one
 * transaction: on any error (from @next, the disk, @cancellable) the
 * previous catalog is untouched. A product whose retailer id was already
 * there keeps its local id, and its cached image while its image URL is the
 * same; duplicated retailer ids keep the first. Every product needs a
 * retailer id, a name and a currency. @n_stored (optional) receives how many
 * products the catalog now has. Blocking: not on the store's main thread. */
gboolean  bottega_store_replace_catalog          (BottegaStore *self, gint64 account_id,
                                                  BottegaStoreProductFunc next, gpointer user_data,
                                                  guint *n_stored, GCancellable *cancellable, GError **error);
/* The same from an array of BottegaProduct. */
gboolean  bottega_store_replace_catalog_products (BottegaStore *self, gint64 account_id, GPtrArray *products,
                                                  guint *n_stored, GCancellable *cancellable, GError **error);
void      bottega_store_replace_catalog_products_async  (BottegaStore *self, gint64 account_id, GPtrArray *products,
                                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                                         gpointer user_data);
gboolean  bottega_store_replace_catalog_products_finish (BottegaStore *self, GAsyncResult *result, GError **error);

/* Records where the cached image of each product is (NULL: none), in one
 * transaction; ids no longer stored are ignored. */
gboolean  bottega_store_set_product_image_paths  (BottegaStore *self, gint64 account_id,
                                                  const gint64 *product_ids, const char * const *paths,
                                                  guint n_products, GError **error);
gboolean  bottega_store_set_product_image_path   (BottegaStore *self, gint64 product_id,
                                                  const char *path, GError **error);

/* Products of @account_id (0 = every account) by name, @offset rows in, at
 * most @limit (0 = all). */
GPtrArray      *bottega_store_list_products       (BottegaStore *self, gint64 account_id,
                                                   guint offset, guint limit, GError **error);
guint           bottega_store_count_products      (BottegaStore *self, gint64 account_id);
/* Products whose name, description, brand or retailer id hold every word
 * of @query as a word prefix, accents and case ignored, user syntax never
 * interpreted; best match first, at most @limit (0 = all). An empty array
 * when the query has no word. */
GPtrArray      *bottega_store_search_products     (BottegaStore *self, gint64 account_id,
                                                   const char *query, guint limit, GError **error);
/* NULL with BOTTEGA_STORE_ERROR_NOT_FOUND when there is no such product. */
BottegaProduct *bottega_store_get_product         (BottegaStore *self, gint64 product_id, GError **error);
BottegaProduct *bottega_store_find_product        (BottegaStore *self, gint64 account_id,
                                                   const char *retailer_id, GError **error);
/* Products with an image URL but no cached image, at most @limit (0 = all). */
GPtrArray      *bottega_store_list_products_without_image (BottegaStore *self, gint64 account_id,
                                                           guint limit, GError **error);

/* The reads above in a worker thread; @query NULL lists by name from
 * @offset, otherwise searches (and @offset is ignored). The result is a
 * GPtrArray of BottegaProduct. */
void       bottega_store_query_products_async  (BottegaStore *self, gint64 account_id, const char *query,
                                                guint offset, guint limit, GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *bottega_store_query_products_finish (BottegaStore *self, GAsyncResult *result, GError **error);

typedef enum {
  BOTTEGA_CATALOG_KIND_NONE,   /* no catalog source */
  BOTTEGA_CATALOG_KIND_GRAPH,  /* Meta's Graph catalog API: base_url + catalog_id, token in the keyring */
  BOTTEGA_CATALOG_KIND_FEED,   /* a product feed file: feed_path */
} BottegaCatalogKind;

typedef struct {
  BottegaCatalogKind  kind;
  char               *base_url;      /* graph: e.g. https://graph.facebook.com/v23.0 */
  char               *catalog_id;    /* graph */
  char               *feed_path;     /* feed: an absolute path */
  gint64              refreshed_at;  /* last successful refresh, epoch seconds; 0 = never */
  gint64              attempted_at;  /* last attempt; 0 = never */
  char               *last_error;    /* why the last attempt failed, or NULL */
} BottegaCatalogSourceInfo;

void bottega_catalog_source_info_free (BottegaCatalogSourceInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaCatalogSourceInfo, bottega_catalog_source_info_free)

/* The account's catalog source; kind NONE (never NULL) when it has none,
 * NULL only on a read error. */
BottegaCatalogSourceInfo *bottega_store_get_catalog_source (BottegaStore *self, gint64 account_id, GError **error);
/* Sets kind, base_url, catalog_id and feed_path; a different source than
 * before forgets refreshed_at, attempted_at and last_error. */
gboolean bottega_store_set_catalog_source     (BottegaStore *self, gint64 account_id,
                                               const BottegaCatalogSourceInfo *source, GError **error);
/* Records an attempt at @when: a success (@error_text NULL) sets
 * refreshed_at and clears last_error. */
gboolean bottega_store_set_catalog_refreshed  (BottegaStore *self, gint64 account_id, gint64 when,
                                               const char *error_text, GError **error);

/* Signal (on the store's main context after the commit):
 *   "catalog-changed" (gint64 account_id): products or source changed */

G_END_DECLS
