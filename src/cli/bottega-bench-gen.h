/* bottega-bench-gen.h: a seeded synthetic shop for `bottegactl bench`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <sqlite3.h>

#include "bottega-store.h"

G_BEGIN_DECLS

/* A shop of about @n_messages messages in the proportions of a real one:
 * about one customer for three conversations, conversation lengths heavy
 * tailed with one long conversation (min (20,000, n / 5) messages), message
 * lengths from a few words to paragraphs in it/pt/es/en, about 5 % with
 * attachments, a few private notes and activity lines. The same seed gives
 * the same shop, byte for byte. Only the conversations' outlines are held in
 * memory; their messages are made again from a per-conversation seed
 * whenever they are asked for. */
typedef struct _BenchShop BenchShop;

BenchShop *bench_shop_new              (guint64     n_messages,
                                        guint64     seed);
void       bench_shop_free             (BenchShop  *shop);
guint      bench_shop_n_conversations  (BenchShop  *shop);
guint      bench_shop_n_customers      (BenchShop  *shop);
guint64    bench_shop_n_messages       (BenchShop  *shop);
guint64    bench_shop_n_attachments    (BenchShop  *shop);
/* The display id of the longest conversation, and its length. */
gint64     bench_shop_long_conversation (BenchShop *shop,
                                         guint     *n_messages);
/* The display id of a conversation of about @length messages. */
gint64     bench_shop_conversation_of_length (BenchShop *shop,
                                              guint      length);
/* Words that occur in the messages, for search queries. */
const char * const *bench_shop_search_words (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchShop, bench_shop_free)

/* Writes the shop as the Chatwoot pages a full sync reads, in the order it
 * reads them: each page of conversations (25, newest activity first),
 * then for each of them its messages, newest page first (20 a page, as
 * `before=` walks back). Each page is two lines: the request
 * ("GET /api/v1/accounts/1/conversations?page=N" or
 * "GET …/conversations/ID/messages[?before=M]") and the response body, in
 * the shapes of contracts/chatwoot-api.md. */
gboolean   bench_shop_write_pages      (BenchShop  *shop,
                                        FILE       *out,
                                        GError    **error);

/* The shop as the sandbox's state file (a server that holds it), with only
 * the latest @per_conversation messages of each conversation, and only as
 * many conversations as hold @max_messages messages in all. */
gboolean   bench_shop_write_sandbox_state (BenchShop  *shop,
                                           guint       per_conversation,
                                           guint64     max_messages,
                                           const char *token,
                                           FILE       *out,
                                           GError    **error);

/* A product feed of @n_lines products (CSV, the common feed columns:
 * id, title, description, availability, price, link, image_link, brand). */
gboolean   bench_write_product_feed    (guint       n_lines,
                                        guint64     seed,
                                        FILE       *out,
                                        GError    **error);

/* The same rows as the pages, with plain prepared INSERT statements in one
 * transaction on @db (a store already migrated, with account 1): the
 * practical limit of the ingest. */
gboolean   bench_shop_insert_plain     (BenchShop  *shop,
                                        sqlite3    *db,
                                        gint64      account_id,
                                        GError    **error);

G_END_DECLS
