/* bottega-store-private.h: what the store's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "bottega-store.h"

G_BEGIN_DECLS

/* ---- connections ---- */

/* One SQLite connection with its cache of prepared statements. A connection
 * is used by one thread at a time: the write connection by the writer
 * thread, the read connection under the store's reader lock. */
typedef struct {
  sqlite3    *db;
  GHashTable *statements;   /* const char *sql (a literal) → sqlite3_stmt */
} BottegaStoreConn;

BottegaStoreConn *bottega_store_conn_open  (const char        *path,
                                            GError           **error);
void              bottega_store_conn_close (BottegaStoreConn  *conn);

/* A cached statement in use. g_autoptr(BottegaStmt) resets it and clears its
 * bindings when it goes out of scope, which also ends its read. */
typedef sqlite3_stmt BottegaStmt;

void bottega_stmt_release (BottegaStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaStmt, bottega_stmt_release)

/* Returns the cached statement for @sql, which must be a string literal. */
BottegaStmt *bottega_store_conn_prepare (BottegaStoreConn  *conn,
                                         const char        *sql,
                                         GError           **error);
/* Runs SQL text without parameters (pragmas, migration files). */
gboolean     bottega_store_conn_exec    (BottegaStoreConn  *conn,
                                         const char        *sql,
                                         GError           **error);

/* Sets @error from an SQLite result code; always returns FALSE. */
gboolean bottega_store_set_error (GError           **error,
                                  BottegaStoreConn  *conn,
                                  int                rc,
                                  const char        *what);

/* Binding: each helper does nothing once *rc is not SQLITE_OK, so a run of
 * binds is checked once, by the step that follows. Text is copied. */
void bottega_bind_int64  (BottegaStmt *stmt, int index, gint64 value, int *rc);
void bottega_bind_double (BottegaStmt *stmt, int index, double value, int *rc);
void bottega_bind_text   (BottegaStmt *stmt, int index, const char *value, int *rc);
void bottega_bind_null   (BottegaStmt *stmt, int index, int *rc);
/* 0 binds NULL (a remote id the provider has not given yet). */
void bottega_bind_id     (BottegaStmt *stmt, int index, gint64 value, int *rc);

/* Steps @stmt unless @rc (the binds' or the previous step's result) is an
 * error. Returns SQLITE_ROW or SQLITE_DONE, or another code with @error set:
 *   while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW) …
 *   if (rc != SQLITE_DONE) return FALSE; */
int      bottega_store_step      (BottegaStoreConn  *conn,
                                  BottegaStmt       *stmt,
                                  int                rc,
                                  GError           **error);
/* For statements that return no row. */
gboolean bottega_store_step_done (BottegaStoreConn  *conn,
                                  BottegaStmt       *stmt,
                                  int                rc,
                                  GError           **error);

char    *bottega_column_strdup   (BottegaStmt *stmt, int column);
gint64   bottega_column_int64    (BottegaStmt *stmt, int column);

/* The stored names of the enumerations. */
const char *bottega_store_message_status_name       (BottegaMessageStatus status);
BottegaMessageStatus bottega_store_message_status_parse (const char *name);
const char *bottega_store_conversation_status_name  (BottegaConversationStatus status);
BottegaConversationStatus bottega_store_conversation_status_parse (const char *name);
const char *bottega_store_outbox_state_name         (BottegaOutboxState state);
BottegaOutboxState bottega_store_outbox_state_parse (const char *name);

gint64 bottega_store_now (void);

/* ---- changes: what a committed write announces ---- */

typedef struct {
  GHashTable *conversations;  /* gint64 account ids */
  GHashTable *messages;       /* gint64 conversation ids */
  GHashTable *outbox;         /* gint64 account ids */
  gboolean    accounts;
} BottegaStoreChanges;

BottegaStoreChanges *bottega_store_changes_new       (void);
void                 bottega_store_changes_free      (BottegaStoreChanges *changes);
gboolean             bottega_store_changes_is_empty  (BottegaStoreChanges *changes);
void                 bottega_store_changes_add_conversations (BottegaStoreChanges *changes, gint64 account_id);
void                 bottega_store_changes_add_messages      (BottegaStoreChanges *changes, gint64 conversation_id);
void                 bottega_store_changes_add_outbox        (BottegaStoreChanges *changes, gint64 account_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaStoreChanges, bottega_store_changes_free)

/* ---- the writer thread ---- */

/* Runs on the writer thread inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it
 * returns FALSE). Records what it changed in @changes; may set *@result. */
typedef gboolean (*BottegaStoreWriteFunc) (BottegaStoreConn     *conn,
                                           gpointer              data,
                                           BottegaStoreChanges  *changes,
                                           gpointer             *result,
                                           GError              **error);

/* Blocking: waits for the job on the calling thread. @result_free frees a
 * result of a job that failed to commit. */
gboolean bottega_store_write       (BottegaStore           *self,
                                    BottegaStoreWriteFunc   func,
                                    gpointer                data,
                                    GCancellable           *cancellable,
                                    gpointer               *result,
                                    GDestroyNotify          result_free,
                                    GError                **error);
/* Completes @task (its cancellable is checked before the job starts) on the
 * task's context: with the result (g_task_return_pointer with
 * @result_free) when @result_free is set, a boolean otherwise. The job owns
 * @data. */
void     bottega_store_write_async (BottegaStore           *self,
                                    BottegaStoreWriteFunc   func,
                                    gpointer                data,
                                    GDestroyNotify          data_free,
                                    GDestroyNotify          result_free,
                                    GTask                  *task);

/* ---- the reader ---- */

/* The read connection, held under the store's (recursive) reader lock. */
typedef struct {
  BottegaStore     *store;
  BottegaStoreConn *conn;
  GRecMutex        *mutex;   /* held until release */
} BottegaStoreReader;

/* NULL with BOTTEGA_STORE_ERROR_CLOSED once the store is closed. */
BottegaStoreReader *bottega_store_reader_acquire (BottegaStore       *self,
                                                  GError            **error);
/* A read connection of its own for full-text search (opened on first use),
 * so that a search on a worker thread never holds up the lists' reads. */
BottegaStoreReader *bottega_store_search_reader_acquire (BottegaStore  *self,
                                                         GError       **error);
void                bottega_store_reader_release (BottegaStoreReader *reader);

/* For reads that return no GError: warns, except for a store closed while
 * a worker was finishing (the program is quitting). */
void                bottega_store_warn_read_error (const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaStoreReader, bottega_store_reader_release)

/* ---- rows to objects (bottega-store-read.c; any connection) ---- */

/* Columns of a message row, read from
 *   FROM messages m JOIN conversations c ON c.id = m.conversation_id */
#define BOTTEGA_STORE_MESSAGE_COLUMNS \
  "m.id, m.account_id, m.conversation_id, m.remote_id, c.remote_id, m.content, " \
  "m.message_type, m.content_type, m.status, m.private, m.created_at, " \
  "m.sender_type, m.sender_id, m.sender_name, m.echo_id, m.source_id, " \
  "m.external_error, m.in_reply_to, m.content_attributes"
#define BOTTEGA_STORE_MESSAGE_N_COLUMNS 19

/* Columns of a conversation row, read from
 *   FROM conversations c LEFT JOIN drafts d ON d.conversation_id = c.id
 * The last message is the newest non-activity message, local echoes
 * included, as the message list orders them. */
#define BOTTEGA_STORE_CONVERSATION_COLUMNS \
  "c.id, c.account_id, c.remote_id, c.uuid, c.inbox_remote_id, c.channel, " \
  "c.status, c.priority, c.snoozed_until, c.can_reply, c.unread_count, " \
  "c.assignee_remote_id, c.assignee_name, c.last_activity_at, c.waiting_since, " \
  "c.agent_last_seen_at, c.created_at, c.updated_at, c.customer_id, d.text, " \
  "(SELECT count(*) FROM outbox o WHERE o.conversation_id = c.id AND o.state != 'sent'), " \
  "coalesce ((SELECT lm.id FROM messages lm WHERE lm.conversation_id = c.id " \
  "             AND lm.remote_id IS NULL AND lm.message_type != 2 ORDER BY lm.id DESC LIMIT 1), " \
  "          (SELECT lm.id FROM messages lm WHERE lm.conversation_id = c.id " \
  "             AND lm.remote_id IS NOT NULL AND lm.message_type != 2 " \
  "           ORDER BY lm.remote_id DESC LIMIT 1))"

/* Reads the message at @column of the current row, with its attachments. */
BottegaMessage      *bottega_store_read_message           (BottegaStoreConn  *conn,
                                                           BottegaStmt       *stmt,
                                                           int                column,
                                                           GError           **error);
/* The conversation at the current row, with its customer, labels, last
 * message, draft and outbox count. */
BottegaConversation *bottega_store_read_conversation      (BottegaStoreConn  *conn,
                                                           BottegaStmt       *stmt,
                                                           GError           **error);
/* By local id; NULL with BOTTEGA_STORE_ERROR_NOT_FOUND when missing. */
BottegaMessage      *bottega_store_load_message           (BottegaStoreConn  *conn,
                                                           gint64             message_id,
                                                           GError           **error);
BottegaConversation *bottega_store_load_conversation      (BottegaStoreConn  *conn,
                                                           gint64             conversation_id,
                                                           GError           **error);

/* ---- writes shared by the batch and the outbox (writer thread) ---- */

/* Applies @batch in the current transaction. */
gboolean bottega_store_batch_apply (BottegaStoreBatch    *batch,
                                    BottegaStoreConn     *conn,
                                    BottegaStoreChanges  *changes,
                                    GError              **error);

/* The server now holds the local message @message_id as @remote: any other
 * row of the account with that remote id is merged away, the row takes the
 * server's id, fields and attachments (keeping its local files), and its
 * outbox entry, if any, becomes SENT. */
gboolean bottega_store_merge_remote_message (BottegaStoreConn     *conn,
                                             gint64                account_id,
                                             gint64                message_id,
                                             BottegaMessage       *remote,
                                             BottegaStoreChanges  *changes,
                                             GError              **error);

/* ---- list models ---- */

/* Copies every writable property of @src that differs onto @dst (two objects
 * of one type), so that only real changes notify. Object-valued properties
 * are left alone. */
void bottega_store_copy_properties (GObject *dst,
                                    GObject *src);

/* TRUE when the two messages hold the same attachments (by local id), after
 * copying @src's attachment properties onto @dst's. */
gboolean bottega_store_update_message (BottegaMessage *dst,
                                       BottegaMessage *src);

/* The user's words as an FTS5 query of word prefixes that must all match,
 * with no FTS5 syntax left in them; NULL when no word is left. */
char *bottega_store_fts_prefix_match (const char *query);

G_END_DECLS
