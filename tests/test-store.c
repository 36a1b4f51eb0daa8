/* test-store.c: the SQLite store: migrations, batches, outbox, search, lazy lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bottega-conversation-list.h"
#include "bottega-message-list.h"
#include "bottega-store.h"

/* ---- helpers ---- */

typedef struct {
  char         *dir;
  char         *path;
  BottegaStore *store;
  gint64        account_id;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_no_errno (g_rmdir (path));
    }
  else
    {
      g_assert_no_errno (g_unlink (path));
    }
}

static BottegaStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  BottegaStore *store = bottega_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
add_account (BottegaStore *store,
             gint64        remote_id)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(GError) error = NULL;

  bottega_account_set_url (account, "https://chat.example.com");
  bottega_account_set_remote_id (account, remote_id);
  bottega_account_set_user_id (account, 7);
  bottega_account_set_name (account, "Bottega Rossi");
  bottega_account_set_user_name (account, "Giulia");
  g_assert_true (bottega_store_save_account (store, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bottega_account_get_id (account), >, 0);

  return bottega_account_get_id (account);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bottega-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "bottega.db", NULL);
  fixture->store = open_store (fixture->path);
  fixture->account_id = add_account (fixture->store, 1);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    {
      bottega_store_close (fixture->store);
      g_assert_finalize_object (fixture->store);
    }
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bottega-test-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* A second, read-only connection to look at the file as it is on disk. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static char *
raw_text (const char *path,
          const char *sql)
{
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Every row of every table (FTS index tables included), as text. */
static char *
dump_database (const char *path)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master "
                                           "WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      char *sql = sqlite3_mprintf ("SELECT * FROM \"%w\"", (const char *) g_ptr_array_index (tables, t));

      g_string_append_printf (dump, "== %s\n", (const char *) g_ptr_array_index (tables, t));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (sqlite3_column_type (stmt, c) == SQLITE_BLOB)
                {
                  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                                      sqlite3_column_blob (stmt, c),
                                                                      sqlite3_column_bytes (stmt, c));
                  g_string_append_printf (dump, "blob:%s|", sum);
                }
              else
                {
                  const char *text = (const char *) sqlite3_column_text (stmt, c);

                  g_string_append_printf (dump, "%d:%s|", sqlite3_column_type (stmt, c),
                                          text != NULL ? text : "NULL");
                }
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

static gint64
count_rows (const char *path,
            const char *table)
{
  char *sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\"", table);
  gint64 n = raw_int (path, sql);

  sqlite3_free (sql);
  return n;
}

static BottegaCustomer *
make_customer (gint64      remote_id,
               const char *name)
{
  BottegaCustomer *customer = bottega_customer_new ();

  bottega_customer_set_remote_id (customer, remote_id);
  bottega_customer_set_name (customer, name);
  bottega_customer_set_phone_number (customer, "+390000000000");
  return customer;
}

static BottegaMessage *
make_message (gint64      remote_id,
              const char *content,
              gint64      created_at)
{
  BottegaMessage *message = bottega_message_new ();

  bottega_message_set_remote_id (message, remote_id);
  bottega_message_set_content (message, content);
  bottega_message_set_message_type (message, BOTTEGA_MESSAGE_INCOMING);
  bottega_message_set_status (message, BOTTEGA_MESSAGE_STATUS_SENT);
  bottega_message_set_created_at (message, created_at);
  bottega_message_set_sender_type (message, "contact");
  return message;
}

static BottegaAttachment *
make_attachment (gint64 remote_id)
{
  BottegaAttachment *attachment = bottega_attachment_new ();

  bottega_attachment_set_remote_id (attachment, remote_id);
  bottega_attachment_set_file_type (attachment, "image");
  bottega_attachment_set_content_type (attachment, "image/jpeg");
  bottega_attachment_set_data_url (attachment, "https://chat.example.com/rails/blob/1");
  bottega_attachment_set_file_size (attachment, 1234);
  return attachment;
}

static BottegaConversation *
make_conversation (gint64      display_id,
                   gint64      customer_remote_id,
                   const char *customer_name,
                   gint64      last_activity_at)
{
  BottegaConversation *conversation = bottega_conversation_new ();
  g_autoptr(BottegaCustomer) customer = make_customer (customer_remote_id, customer_name);
  const char * const labels[] = { "vip", "order", NULL };

  bottega_conversation_set_remote_id (conversation, display_id);
  bottega_conversation_set_inbox_id (conversation, 3);
  bottega_conversation_set_channel (conversation, "Channel::Whatsapp");
  bottega_conversation_set_status (conversation, BOTTEGA_CONVERSATION_OPEN);
  bottega_conversation_set_can_reply (conversation, TRUE);
  bottega_conversation_set_last_activity_at (conversation, last_activity_at);
  bottega_conversation_set_created_at (conversation, last_activity_at - 100);
  bottega_conversation_set_updated_at (conversation, last_activity_at + 0.5);
  bottega_conversation_set_labels (conversation, labels);
  bottega_conversation_set_customer (conversation, customer);
  return conversation;
}

static void
write_batch (BottegaStore      *store,
             BottegaStoreBatch *batch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bottega_store_write_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
}

/* One conversation (display id @display_id) with @n messages, remote ids
 * @first_remote_id …, written in one batch. Returns its local id. */
static gint64
add_conversation (Fixture *fixture,
                  gint64   display_id,
                  gint64   last_activity_at,
                  guint    n,
                  gint64   first_remote_id)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaConversation) stored = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = g_strdup_printf ("Customer %" G_GINT64_FORMAT, display_id);
  g_autoptr(GError) error = NULL;

  conversation = make_conversation (display_id, 1000 + display_id, name, last_activity_at);
  bottega_store_batch_add_conversation (batch, conversation);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      g_ptr_array_add (messages, make_message (first_remote_id + i, text, last_activity_at - n + i));
    }
  if (n > 0)
    bottega_store_batch_add_messages (batch, display_id, messages, FALSE);
  write_batch (fixture->store, batch);

  stored = bottega_store_find_conversation (fixture->store, fixture->account_id, display_id, &error);
  g_assert_no_error (error);
  return bottega_conversation_get_id (stored);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main context until *@done, failing after a generous bound. */
static void
wait_until (gboolean *done)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, on_timeout, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

/* Waits for the store's signals of the writes done so far: the writer
 * announces in commit order, through idles of one priority, so the signal of
 * a marker write comes after theirs. */
static void
on_marker (BottegaStore *store,
           gpointer      data)
{
  *(gboolean *) data = TRUE;
}

static void
flush_signals (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gulong handler;

  handler = g_signal_connect (fixture->store, "accounts-changed", G_CALLBACK (on_marker), &done);
  g_assert_true (bottega_store_set_account_needs_auth (fixture->store, fixture->account_id, FALSE, &error));
  g_assert_no_error (error);
  wait_until (&done);
  g_signal_handler_disconnect (fixture->store, handler);
}

/* ---- migrations ---- */

static void
test_migrate_empty (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "bottega.db", NULL);
  g_autoptr(BottegaStore) store = open_store (path);
  g_autofree char *journal = NULL;
  const char * const tables[] = {
    "accounts", "inboxes", "customers", "conversations", "messages", "attachments",
    "labels", "conversation_labels", "agents", "canned_responses", "drafts", "outbox",
    "sync_state", "messages_fts",
  };

  /* Every numbered migration applied, from the empty file up. */
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, BOTTEGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (BOTTEGA_STORE_SCHEMA_VERSION, >=, 2);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      char *sql = sqlite3_mprintf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %Q",
                                   tables[i]);

      g_test_message ("table %s", tables[i]);
      g_assert_cmpint (raw_int (path, sql), ==, 1);
      sqlite3_free (sql);
    }

  journal = raw_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");

  bottega_store_close (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  remove_tree (dir);
}

static void
test_migrate_reopen (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bottega.db", NULL);
  g_autoptr(BottegaStore) store = open_store (path);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_objects;

  add_account (store, 42);
  bottega_store_close (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  n_objects = raw_int (path, "SELECT count(*) FROM sqlite_master");

  /* Reopening applies nothing again (the migrations would fail on existing tables)
   * and keeps the data. */
  store = open_store (path);
  accounts = bottega_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpint (bottega_account_get_remote_id (g_ptr_array_index (accounts, 0)), ==, 42);
  g_assert_cmpstr (bottega_account_get_user_name (g_ptr_array_index (accounts, 0)), ==, "Giulia");
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, BOTTEGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master"), ==, n_objects);

  bottega_store_close (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  remove_tree (dir);
}

static void
test_migrate_too_new (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bottega.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_autoptr(GError) error = NULL;
  BottegaStore *store;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x TEXT); "
                                     "INSERT INTO future VALUES ('from a newer Bottega'); "
                                     "PRAGMA user_version = 99;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = bottega_store_open (path, &error);
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_TOO_NEW);
  g_assert_null (store);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'messages'"), ==, 0);

  remove_tree (dir);
}

static void
test_migrate_not_a_database (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bottega.db", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  BottegaStore *store;

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "These are my shopping notes, not a database.\n");
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  store = bottega_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == BOTTEGA_STORE_ERROR);
  g_assert_true (error->code == BOTTEGA_STORE_ERROR_OPEN || error->code == BOTTEGA_STORE_ERROR_CORRUPT);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text->str);

  remove_tree (dir);
}

/* ---- batches ---- */

static BottegaStoreBatch *
make_full_batch (gint64      account_id,
                 const char *status_word)
{
  BottegaStoreBatch *batch = bottega_store_batch_new (account_id);
  g_autoptr(BottegaInbox) inbox = bottega_inbox_new ();
  g_autoptr(BottegaLabel) label = bottega_label_new ();
  g_autoptr(BottegaAgent) agent = bottega_agent_new ();
  g_autoptr(BottegaCannedResponse) canned = bottega_canned_response_new ();
  g_autoptr(BottegaConversation) first = make_conversation (11, 501, "Maria Rossi", 1700000100);
  g_autoptr(BottegaConversation) second = make_conversation (12, 502, "Jürgen Weiß", 1700000200);
  g_autoptr(BottegaMessage) last = make_message (2002, "Is the blue vase still available?", 1700000200);
  g_autoptr(BottegaAttachment) last_attachment = make_attachment (7002);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaAttachment) file = NULL;
  BottegaMessage *with_file;

  bottega_inbox_set_remote_id (inbox, 3);
  bottega_inbox_set_name (inbox, "WhatsApp shop");
  bottega_inbox_set_channel_type (inbox, "Channel::Whatsapp");
  bottega_inbox_set_templates (inbox, "[{\"name\":\"hello\"}]");
  bottega_store_batch_add_inbox (batch, inbox);

  bottega_label_set_remote_id (label, 4);
  bottega_label_set_title (label, "vip");
  bottega_label_set_color (label, "#ff0000");
  bottega_store_batch_add_label (batch, label);

  bottega_agent_set_remote_id (agent, 7);
  bottega_agent_set_name (agent, "Giulia");
  bottega_store_batch_add_agent (batch, agent);

  bottega_canned_response_set_remote_id (canned, 8);
  bottega_canned_response_set_short_code (canned, "hours");
  bottega_canned_response_set_content (canned, "We are open 9–19.");
  bottega_store_batch_add_canned_response (batch, canned);
  bottega_store_batch_set_replace_reference (batch, TRUE);

  bottega_message_add_attachment (last, last_attachment);
  bottega_conversation_set_last_message (second, last);
  bottega_store_batch_add_conversation (batch, first);
  bottega_store_batch_add_conversation (batch, second);

  g_ptr_array_add (messages, make_message (1001, "Buongiorno, vorrei un vaso", 1700000000));
  g_ptr_array_add (messages, make_message (1002, status_word, 1700000050));
  with_file = make_message (1003, NULL, 1700000100);
  file = make_attachment (7003);
  bottega_message_add_attachment (with_file, file);
  g_ptr_array_add (messages, with_file);
  bottega_store_batch_add_messages (batch, 11, messages, TRUE);

  bottega_store_batch_set_sync_value (batch, "last_sync", "1700000300");
  return batch;
}

static void
test_batch_idempotent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BottegaStoreBatch) batch = make_full_batch (fixture->account_id, "Grazie mille");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *sync = NULL;

  g_assert_false (bottega_store_batch_is_empty (batch));
  write_batch (fixture->store, batch);
  first = dump_database (fixture->path);

  g_assert_cmpint (count_rows (fixture->path, "conversations"), ==, 2);
  g_assert_cmpint (count_rows (fixture->path, "customers"), ==, 2);
  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 4);
  g_assert_cmpint (count_rows (fixture->path, "attachments"), ==, 2);
  g_assert_cmpint (count_rows (fixture->path, "conversation_labels"), ==, 4);
  g_assert_cmpint (count_rows (fixture->path, "inboxes"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "labels"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "agents"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "canned_responses"), ==, 1);
  g_assert_cmpint (raw_int (fixture->path, "SELECT reached_oldest FROM conversations WHERE remote_id = 11"), ==, 1);
  g_assert_cmpint (raw_int (fixture->path, "SELECT reached_oldest FROM conversations WHERE remote_id = 12"), ==, 0);
  sync = bottega_store_get_sync_value (fixture->store, fixture->account_id, "last_sync");
  g_assert_cmpstr (sync, ==, "1700000300");

  /* The same page again (a replay, a duplicate event) changes nothing. */
  write_batch (fixture->store, batch);
  second = dump_database (fixture->path);
  g_assert_cmpstr (first, ==, second);
}

/* A message's files follow the server: an update that lists none keeps the
 * server's files but not local leftovers; a message deleted on the
 * provider loses them all. */
static void
test_batch_deleted_message_files (Fixture       *fixture,
                                  gconstpointer  data)
{
  gint64 conversation_id = add_conversation (fixture, 12, 1700000000, 0, 0);
  g_autoptr(BottegaMessage) with_photo = make_message (7001, "Ecco la foto", 1700000001);
  g_autoptr(BottegaMessage) without = make_message (7001, "Ecco la foto", 1700000001);
  g_autoptr(BottegaMessage) deleted = make_message (7001, "This message was deleted", 1700000001);
  g_autoptr(BottegaAttachment) photo = make_attachment (9001);
  g_autoptr(BottegaAttachment) second = make_attachment (9002);
  const struct { BottegaMessage *message; int attachments; } steps[] = {
    { with_photo, 2 }, { without, 2 }, { deleted, 0 },
  };

  bottega_message_add_attachment (with_photo, photo);
  bottega_message_add_attachment (with_photo, second);
  bottega_message_set_content_attributes (deleted, "{\"deleted\":true}");

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
      g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (messages, g_object_ref (steps[i].message));
      bottega_store_batch_add_messages (batch, 12, messages, FALSE);
      write_batch (fixture->store, batch);
      g_assert_cmpint (count_rows (fixture->path, "attachments"), ==, steps[i].attachments);
    }

  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 1);
  g_assert_cmpint (conversation_id, >, 0);
}

static void
test_batch_update (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BottegaStoreBatch) batch = make_full_batch (fixture->account_id, "Grazie mille");
  g_autoptr(BottegaStoreBatch) update = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaConversation) changed = make_conversation (11, 501, "Maria Bianchi", 1700000400);
  g_autoptr(BottegaConversation) stored = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(BottegaMessage) read = make_message (1002, "Grazie mille", 1700000050);
  const char * const labels[] = { "paid", NULL };
  g_autoptr(GError) error = NULL;

  write_batch (fixture->store, batch);

  bottega_conversation_set_status (changed, BOTTEGA_CONVERSATION_RESOLVED);
  bottega_conversation_set_labels (changed, labels);
  bottega_store_batch_add_conversation (update, changed);
  bottega_message_set_status (read, BOTTEGA_MESSAGE_STATUS_READ);
  g_ptr_array_add (messages, g_object_ref (read));
  bottega_store_batch_add_messages (update, 11, messages, FALSE);
  write_batch (fixture->store, update);

  stored = bottega_store_find_conversation (fixture->store, fixture->account_id, 11, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_status (stored), ==, BOTTEGA_CONVERSATION_RESOLVED);
  g_assert_cmpint (bottega_conversation_get_last_activity_at (stored), ==, 1700000400);
  g_assert_cmpstr (bottega_customer_get_name (bottega_conversation_get_customer (stored)), ==, "Maria Bianchi");
  g_assert_cmpstrv (bottega_conversation_get_labels (stored), labels);
  g_assert_cmpint (count_rows (fixture->path, "customers"), ==, 2);
  g_assert_cmpint (count_rows (fixture->path, "conversations"), ==, 2);

  listed = bottega_store_list_messages (fixture->store, bottega_conversation_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (listed, 1)), ==, 1002);
  g_assert_cmpint (bottega_message_get_status (g_ptr_array_index (listed, 1)), ==, BOTTEGA_MESSAGE_STATUS_READ);
  /* A flag set once stays set: later pages do not know where the start is. */
  g_assert_false (bottega_store_has_older_messages (fixture->store, bottega_conversation_get_id (stored)));
  g_assert_cmpint (bottega_store_newest_remote_message (fixture->store, bottega_conversation_get_id (stored)), ==, 1003);
  g_assert_cmpint (bottega_store_oldest_remote_message (fixture->store, bottega_conversation_get_id (stored)), ==, 1001);
}

static void
test_batch_atomic (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaConversation) conversation = make_conversation (21, 601, "Ana Souza", 1700000000);
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *before = dump_database (fixture->path);
  g_autofree char *after = NULL;
  g_autofree char *sync = NULL;
  g_autoptr(GError) error = NULL;

  bottega_store_batch_add_conversation (batch, conversation);
  g_ptr_array_add (good, make_message (3001, "Olá", 1700000000));
  bottega_store_batch_add_messages (batch, 21, good, FALSE);
  g_ptr_array_add (orphans, make_message (3002, "for a conversation that exists nowhere", 1700000001));
  bottega_store_batch_add_messages (batch, 999, orphans, FALSE);
  bottega_store_batch_set_sync_value (batch, "last_sync", "1700000001");

  g_assert_false (bottega_store_write_batch (fixture->store, batch, NULL, &error));
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND);

  /* Nothing of the batch is left behind. */
  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (bottega_store_count_conversations (fixture->store, fixture->account_id), ==, 0);
  g_assert_cmpuint (bottega_store_count_messages (fixture->store, fixture->account_id), ==, 0);
  sync = bottega_store_get_sync_value (fixture->store, fixture->account_id, "last_sync");
  g_assert_null (sync);
}

static void
test_batch_replace_reference (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaStoreBatch) replace = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaStoreBatch) more = bottega_store_batch_new (fixture->account_id);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) canned = NULL;
  g_autoptr(GError) error = NULL;
  const char *titles[] = { "vip", "paid", "later" };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(BottegaLabel) label = bottega_label_new ();
      g_autoptr(BottegaCannedResponse) response = bottega_canned_response_new ();

      bottega_label_set_remote_id (label, i + 1);
      bottega_label_set_title (label, titles[i]);
      bottega_store_batch_add_label (batch, label);
      if (i == 1)
        bottega_store_batch_add_label (replace, label);

      bottega_canned_response_set_remote_id (response, i + 1);
      bottega_canned_response_set_short_code (response, titles[i]);
      bottega_store_batch_add_canned_response (batch, response);
    }
  write_batch (fixture->store, batch);

  /* Without replace, a batch only adds. */
  {
    g_autoptr(BottegaLabel) label = bottega_label_new ();

    bottega_label_set_remote_id (label, 9);
    bottega_label_set_title (label, "new");
    bottega_store_batch_add_label (more, label);
    write_batch (fixture->store, more);
  }
  labels = bottega_store_list_labels (fixture->store, fixture->account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 4);
  g_clear_pointer (&labels, g_ptr_array_unref);

  /* The provider's list is the whole set: the others are gone. */
  bottega_store_batch_set_replace_reference (replace, TRUE);
  write_batch (fixture->store, replace);
  labels = bottega_store_list_labels (fixture->store, fixture->account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpstr (bottega_label_get_title (g_ptr_array_index (labels, 0)), ==, "paid");
  canned = bottega_store_list_canned_responses (fixture->store, fixture->account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (canned->len, ==, 0);
}

/* ---- search ---- */

static void
add_texts (Fixture            *fixture,
           gint64              display_id,
           const char * const *texts)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaConversation) conversation = make_conversation (display_id, 700 + display_id,
                                                                   "Élodie Martin", 1700000000);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  bottega_store_batch_add_conversation (batch, conversation);
  for (guint i = 0; texts[i] != NULL; i++)
    g_ptr_array_add (messages, make_message (display_id * 100 + i, texts[i], 1700000000 + i));
  bottega_store_batch_add_messages (batch, display_id, messages, FALSE);
  write_batch (fixture->store, batch);
}

static guint
search_count (Fixture    *fixture,
              const char *query)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = bottega_store_search (fixture->store, 0, query, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits->len;
}

static void
test_search_accents (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const texts[] = {
    "Perché il pacco non è arrivato?",
    "Un café, per favore",
    "cafe latte senza zucchero",
    "perche no",
    "Hello there",
    NULL,
  };
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  BottegaSearchHit *hit;

  add_texts (fixture, 31, texts);

  /* Accents ignored both ways. */
  g_assert_cmpuint (search_count (fixture, "perche"), ==, 2);
  g_assert_cmpuint (search_count (fixture, "perché"), ==, 2);
  g_assert_cmpuint (search_count (fixture, "cafe"), ==, 2);
  g_assert_cmpuint (search_count (fixture, "CAFÉ"), ==, 2);
  /* Prefixes, and every word must match. */
  g_assert_cmpuint (search_count (fixture, "caf"), ==, 2);
  g_assert_cmpuint (search_count (fixture, "caf zucch"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "pacco arriv"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "nowhere"), ==, 0);

  hits = bottega_store_search (fixture->store, fixture->account_id, "arrivato", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->customer_name, ==, "Élodie Martin");
  g_assert_cmpstr (bottega_message_get_content (hit->message), ==, texts[0]);
  g_assert_cmpint (bottega_message_get_conversation_remote_id (hit->message), ==, 31);
  g_assert_cmpint (bottega_message_get_conversation_id (hit->message), >, 0);
  g_assert_nonnull (strstr (hit->snippet, "arrivato"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Newest first, and the limit holds. */
  hits = bottega_store_search (fixture->store, 0, "caf", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (bottega_message_get_content (((BottegaSearchHit *) g_ptr_array_index (hits, 0))->message),
                   ==, texts[2]);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Another account sees none of it. */
  hits = bottega_store_search (fixture->store, add_account (fixture->store, 2), "caf", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_search_syntax (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const texts[] = {
    "Perché il pacco non è arrivato?",
    "AND OR NOT are words too",
    "the \"quoted\" size",
    NULL,
  };
  const char * const queries[] = {
    "\"foo", "AND OR (", "(", ")", "*", "\"", "\"\"", "NEAR(a b", "content:x", "-x", "^",
    "a OR", "{content}:x", "   ", "", "'", "%", "\\", "\xff\xfe broken utf-8",
  };

  add_texts (fixture, 32, texts);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) hits = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("query %u", i);
      hits = bottega_store_search (fixture->store, 0, queries[i], 0, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }

  /* Operators are words, and a stray quote is just a quote. */
  g_assert_cmpuint (search_count (fixture, "AND OR"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "\"perch"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "\"quoted\""), ==, 1);
  g_assert_cmpuint (search_count (fixture, "NOT"), ==, 1);
}

static void
test_search_follows (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const before[] = { "the parcel is lost", "keep this one", NULL };
  const char * const after[] = { "the parcel was found", "keep this one", NULL };

  add_texts (fixture, 33, before);
  g_assert_cmpuint (search_count (fixture, "lost"), ==, 1);

  /* An edit on the provider. */
  add_texts (fixture, 33, after);
  g_assert_cmpuint (search_count (fixture, "lost"), ==, 0);
  g_assert_cmpuint (search_count (fixture, "found"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "parcel"), ==, 1);
  g_assert_cmpint (raw_int (fixture->path,
                            "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'keep'"), ==, 1);

  /* Deleted rows leave the index. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (bottega_store_delete_account (fixture->store, fixture->account_id, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (search_count (fixture, "parcel"), ==, 0);
  g_assert_cmpuint (search_count (fixture, "keep"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 0);
  /* The index is consistent with its content table. */
  g_assert_cmpint (raw_int (fixture->path,
                            "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'parcel OR keep'"), ==, 0);
}

/* ---- outbox ---- */

static BottegaMessage *
queue (Fixture            *fixture,
       gint64              conversation_id,
       const char         *content,
       const char * const *paths)
{
  BottegaStoreReply reply = { conversation_id, content, FALSE, 0, NULL, paths };
  g_autoptr(GError) error = NULL;
  BottegaMessage *message;

  message = bottega_store_queue_reply (fixture->store, &reply, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

static BottegaOutboxEntry *
next_entry (Fixture *fixture,
            gint64   now)
{
  g_autoptr(GError) error = NULL;
  BottegaOutboxEntry *entry = bottega_store_outbox_next (fixture->store, fixture->account_id, now, &error);

  g_assert_no_error (error);
  return entry;
}

static BottegaMessage *
load_message (Fixture *fixture,
              gint64   conversation_id,
              gint64   message_id)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = bottega_store_list_messages (fixture->store, conversation_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    if (bottega_message_get_id (g_ptr_array_index (messages, i)) == message_id)
      return g_object_ref (g_ptr_array_index (messages, i));

  return NULL;
}

static void
test_outbox_flow (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 conversation_id = add_conversation (fixture, 41, 1700000000, 2, 4100);
  g_autofree char *photo = g_build_filename (fixture->dir, "vase photo.jpg", NULL);
  const char * const paths[] = { photo, NULL };
  g_autoptr(BottegaMessage) echo = NULL;
  g_autoptr(BottegaMessage) stored = NULL;
  g_autoptr(BottegaMessage) remote = NULL;
  g_autoptr(BottegaAttachment) remote_attachment = NULL;
  g_autoptr(BottegaAttachment) attachment = NULL;
  g_autoptr(BottegaOutboxEntry) entry = NULL;
  g_autoptr(BottegaOutboxEntry) sending = NULL;
  g_autoptr(BottegaStoreBatch) pull = NULL;
  g_autoptr(GPtrArray) pulled = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (g_file_set_contents (photo, "not really a jpeg", -1, NULL));
  g_assert_true (bottega_store_save_draft (fixture->store, conversation_id, "Sì, è disponibile", &error));
  g_assert_no_error (error);

  /* Queued: the local echo, its outbox row, and the draft gone, at once. */
  echo = queue (fixture, conversation_id, "Sì, è disponibile", paths);
  g_assert_cmpint (bottega_message_get_id (echo), >, 0);
  g_assert_cmpint (bottega_message_get_remote_id (echo), ==, 0);
  g_assert_cmpint (bottega_message_get_status (echo), ==, BOTTEGA_MESSAGE_STATUS_QUEUED);
  g_assert_cmpint (bottega_message_get_message_type (echo), ==, BOTTEGA_MESSAGE_OUTGOING);
  g_assert_true (g_uuid_string_is_valid (bottega_message_get_echo_id (echo)));
  g_assert_cmpint (bottega_message_get_created_at (echo), >=, now);
  g_assert_cmpstr (bottega_message_get_sender_name (echo), ==, "Giulia");
  g_assert_cmpuint (bottega_message_get_n_attachments (echo), ==, 1);
  attachment = g_list_model_get_item (bottega_message_get_attachments (echo), 0);
  g_assert_cmpstr (bottega_attachment_get_local_path (attachment), ==, photo);
  g_assert_cmpstr (bottega_attachment_get_file_name (attachment), ==, "vase photo.jpg");
  g_assert_cmpstr (bottega_attachment_get_file_type (attachment), ==, "image");
  g_clear_object (&attachment);
  draft = bottega_store_get_draft (fixture->store, conversation_id);
  g_assert_null (draft);
  g_assert_cmpuint (bottega_store_outbox_count (fixture->store, fixture->account_id), ==, 1);

  entry = next_entry (fixture, now);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (echo));
  g_assert_cmpint (entry->conversation_id, ==, conversation_id);
  g_assert_cmpint (entry->conversation_remote_id, ==, 41);
  g_assert_cmpint (entry->account_id, ==, fixture->account_id);
  g_assert_cmpstr (entry->echo_id, ==, bottega_message_get_echo_id (echo));
  g_assert_cmpstr (entry->content, ==, "Sì, è disponibile");
  g_assert_cmpstrv (entry->attachment_paths, paths);
  g_assert_cmpint (entry->state, ==, BOTTEGA_OUTBOX_QUEUED);
  g_assert_cmpint (entry->attempts, ==, 0);

  g_assert_true (bottega_store_outbox_mark_sending (fixture->store, entry->id, now, &error));
  g_assert_no_error (error);
  stored = load_message (fixture, conversation_id, entry->message_id);
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_SENDING);
  g_clear_object (&stored);
  pending = bottega_store_outbox_pending (fixture->store, fixture->account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  sending = g_steal_pointer (&g_ptr_array_index (pending, 0));
  g_ptr_array_remove_index (pending, 0);
  g_assert_cmpint (sending->state, ==, BOTTEGA_OUTBOX_SENDING);
  g_assert_cmpint (sending->attempts, ==, 1);
  g_assert_cmpint (sending->last_attempt_at, ==, now);

  /* Meanwhile a pull stores the server's copy (no echo id in a list). */
  remote = make_message (4200, "Sì, è disponibile", now + 1);
  bottega_message_set_message_type (remote, BOTTEGA_MESSAGE_OUTGOING);
  bottega_message_set_sender_type (remote, "user");
  remote_attachment = make_attachment (9200);
  bottega_message_add_attachment (remote, remote_attachment);
  pull = bottega_store_batch_new (fixture->account_id);
  pulled = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (pulled, g_object_ref (remote));
  bottega_store_batch_add_messages (pull, 41, pulled, FALSE);
  write_batch (fixture->store, pull);
  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 4);

  /* The server answers: our echo becomes its message, the pulled copy
   * merges away, the file we uploaded stays where it is. */
  bottega_message_set_status (remote, BOTTEGA_MESSAGE_STATUS_DELIVERED);
  bottega_message_set_echo_id (remote, entry->echo_id);
  g_assert_true (bottega_store_outbox_mark_sent (fixture->store, entry->id, remote, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 3);
  g_assert_cmpint (count_rows (fixture->path, "attachments"), ==, 1);
  stored = load_message (fixture, conversation_id, entry->message_id);
  g_assert_nonnull (stored);
  g_assert_cmpint (bottega_message_get_remote_id (stored), ==, 4200);
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpstr (bottega_message_get_echo_id (stored), ==, entry->echo_id);
  g_assert_cmpuint (bottega_message_get_n_attachments (stored), ==, 1);
  attachment = g_list_model_get_item (bottega_message_get_attachments (stored), 0);
  g_assert_cmpint (bottega_attachment_get_remote_id (attachment), ==, 9200);
  g_assert_cmpstr (bottega_attachment_get_local_path (attachment), ==, photo);
  g_assert_cmpstr (bottega_attachment_get_data_url (attachment), ==, "https://chat.example.com/rails/blob/1");

  g_assert_cmpuint (bottega_store_outbox_count (fixture->store, fixture->account_id), ==, 0);
  g_assert_null (next_entry (fixture, G_MAXINT32));
  g_assert_cmpint (bottega_store_newest_remote_message (fixture->store, conversation_id), ==, 4200);

  /* Replaying the pull now updates the merged row, nothing more. */
  write_batch (fixture->store, pull);
  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 3);
  /* So does a late mark_sent. */
  g_assert_true (bottega_store_outbox_mark_sent (fixture->store, entry->id, remote, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 3);
}

static void
test_outbox_echo_event (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 conversation_id = add_conversation (fixture, 42, 1700000000, 1, 4300);
  g_autoptr(BottegaMessage) echo = queue (fixture, conversation_id, "Arrivo!", NULL);
  g_autoptr(BottegaMessage) event = make_message (4400, "Arrivo!", 1700000500);
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaMessage) stored = NULL;
  g_autoptr(BottegaOutboxEntry) entry = next_entry (fixture, G_MAXINT32);
  g_autoptr(GError) error = NULL;

  /* The realtime message.created carries our echo id: the echo becomes it,
   * and the reply is not sent again. */
  bottega_message_set_message_type (event, BOTTEGA_MESSAGE_OUTGOING);
  bottega_message_set_echo_id (event, bottega_message_get_echo_id (echo));
  g_ptr_array_add (messages, g_object_ref (event));
  bottega_store_batch_add_messages (batch, 42, messages, FALSE);
  write_batch (fixture->store, batch);

  g_assert_cmpint (count_rows (fixture->path, "messages"), ==, 2);
  stored = load_message (fixture, conversation_id, bottega_message_get_id (echo));
  g_assert_cmpint (bottega_message_get_remote_id (stored), ==, 4400);
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_SENT);
  g_assert_cmpuint (bottega_store_outbox_count (fixture->store, fixture->account_id), ==, 0);
  g_assert_null (next_entry (fixture, G_MAXINT32));

  /* A sender that picked the entry before must not send it now. */
  g_assert_nonnull (entry);
  g_assert_false (bottega_store_outbox_mark_sending (fixture->store, entry->id, 1700000600, &error));
  g_assert_nonnull (error);
}

static void
test_outbox_order (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 a = add_conversation (fixture, 51, 1700000000, 0, 0);
  gint64 b = add_conversation (fixture, 52, 1700000000, 0, 0);
  g_autoptr(BottegaMessage) first = queue (fixture, a, "first in A", NULL);
  g_autoptr(BottegaMessage) second = queue (fixture, a, "second in A", NULL);
  g_autoptr(BottegaMessage) third = queue (fixture, b, "first in B", NULL);
  g_autoptr(BottegaOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = 1800000000;

  entry = next_entry (fixture, now);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (first));

  /* A transient failure: the first of A waits, and holds A's second back
   * (order within a conversation); B goes ahead. */
  g_assert_true (bottega_store_outbox_mark_sending (fixture->store, entry->id, now, &error));
  g_assert_true (bottega_store_outbox_retry_later (fixture->store, entry->id, now + 60,
                                                   "Connection refused", &error));
  g_assert_no_error (error);
  g_clear_pointer (&entry, bottega_outbox_entry_free);

  entry = next_entry (fixture, now);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (third));
  g_clear_pointer (&entry, bottega_outbox_entry_free);

  entry = next_entry (fixture, now + 59);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (third));
  g_clear_pointer (&entry, bottega_outbox_entry_free);

  entry = next_entry (fixture, now + 60);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (first));
  g_assert_cmpint (entry->state, ==, BOTTEGA_OUTBOX_QUEUED);
  g_assert_cmpint (entry->attempts, ==, 1);
  g_assert_cmpint (entry->next_attempt_at, ==, now + 60);
  g_assert_cmpstr (entry->last_error, ==, "Connection refused");
  g_clear_pointer (&entry, bottega_outbox_entry_free);

  /* A SENDING entry left by a crash counts as due. */
  entry = next_entry (fixture, now + 60);
  g_assert_true (bottega_store_outbox_mark_sending (fixture->store, entry->id, now + 60, &error));
  g_clear_pointer (&entry, bottega_outbox_entry_free);
  entry = next_entry (fixture, now + 60);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (first));
  g_assert_cmpint (entry->state, ==, BOTTEGA_OUTBOX_SENDING);
  g_assert_cmpint (entry->attempts, ==, 2);

  /* Once the first of A is sent, A's second comes before B's (older). */
  {
    g_autoptr(BottegaMessage) remote = make_message (5100, "first in A", now + 61);

    g_assert_true (bottega_store_outbox_mark_sent (fixture->store, entry->id, remote, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&entry, bottega_outbox_entry_free);
  entry = next_entry (fixture, now + 60);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (second));
  g_assert_cmpuint (bottega_store_outbox_count (fixture->store, fixture->account_id), ==, 2);
}

static void
test_outbox_failed_retry (Fixture       *fixture,
                          gconstpointer  data)
{
  gint64 a = add_conversation (fixture, 61, 1700000000, 0, 0);
  g_autoptr(BottegaMessage) first = queue (fixture, a, "first", NULL);
  g_autoptr(BottegaMessage) second = queue (fixture, a, "second", NULL);
  g_autoptr(BottegaMessage) stored = NULL;
  g_autoptr(BottegaOutboxEntry) entry = next_entry (fixture, G_MAXINT32);
  g_autoptr(BottegaOutboxEntry) failed_entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 failed_id = entry->id;

  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (first));
  g_assert_true (bottega_store_outbox_mark_failed (fixture->store, entry->id,
                                                   "131047: Re-engagement message", &error));
  g_assert_no_error (error);

  /* It stays, visible, with its reason… */
  stored = load_message (fixture, a, bottega_message_get_id (first));
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_cmpstr (bottega_message_get_external_error (stored), ==, "131047: Re-engagement message");
  g_clear_object (&stored);
  g_assert_cmpuint (bottega_store_outbox_count (fixture->store, fixture->account_id), ==, 2);

  /* …and does not hold the next reply hostage. */
  g_clear_pointer (&entry, bottega_outbox_entry_free);
  entry = next_entry (fixture, G_MAXINT32);
  g_assert_cmpint (entry->message_id, ==, bottega_message_get_id (second));
  g_clear_pointer (&entry, bottega_outbox_entry_free);

  /* Retry: queued again, due now, before the younger one. */
  g_assert_true (bottega_store_outbox_retry (fixture->store, failed_id, &error));
  g_assert_no_error (error);
  stored = load_message (fixture, a, bottega_message_get_id (first));
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_QUEUED);
  g_assert_null (bottega_message_get_external_error (stored));
  failed_entry = next_entry (fixture, 1);
  g_assert_nonnull (failed_entry);
  g_assert_cmpint (failed_entry->id, ==, failed_id);
  g_assert_cmpint (failed_entry->state, ==, BOTTEGA_OUTBOX_QUEUED);

  /* Unknown entries are an error, not a crash. */
  g_assert_false (bottega_store_outbox_retry (fixture->store, 424242, &error));
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND);
}

/* ---- drafts ---- */

static void
test_drafts (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 conversation_id = add_conversation (fixture, 71, 1700000000, 0, 0);
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaMessage) echo = NULL;
  g_autoptr(GError) error = NULL;
  char *draft;

  g_assert_null (bottega_store_get_draft (fixture->store, conversation_id));

  g_assert_true (bottega_store_save_draft (fixture->store, conversation_id, "Buon", &error));
  g_assert_true (bottega_store_save_draft (fixture->store, conversation_id, "Buongiorno Maria", &error));
  g_assert_no_error (error);
  draft = bottega_store_get_draft (fixture->store, conversation_id);
  g_assert_cmpstr (draft, ==, "Buongiorno Maria");
  g_free (draft);
  conversation = bottega_store_get_conversation (fixture->store, conversation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_conversation_get_draft (conversation), ==, "Buongiorno Maria");
  g_clear_object (&conversation);

  g_assert_true (bottega_store_save_draft (fixture->store, conversation_id, "", &error));
  g_assert_null (bottega_store_get_draft (fixture->store, conversation_id));
  g_assert_true (bottega_store_save_draft (fixture->store, conversation_id, "again", &error));
  g_assert_true (bottega_store_save_draft (fixture->store, conversation_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (bottega_store_get_draft (fixture->store, conversation_id));

  /* Survives a restart. */
  g_assert_true (bottega_store_save_draft (fixture->store, conversation_id, "a domani", &error));
  bottega_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  fixture->store = open_store (fixture->path);
  draft = bottega_store_get_draft (fixture->store, conversation_id);
  g_assert_cmpstr (draft, ==, "a domani");
  g_free (draft);

  /* Sending turns it into the reply. */
  echo = queue (fixture, conversation_id, "a domani", NULL);
  g_assert_null (bottega_store_get_draft (fixture->store, conversation_id));

  g_assert_false (bottega_store_save_draft (fixture->store, 999999, "nowhere", &error));
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND);
}

/* ---- lazy lists ---- */

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static void
test_list_conversations (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BottegaConversationList) list = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(BottegaConversation) item = NULL;
  g_autoptr(BottegaMessage) echo = NULL;
  g_autoptr(GError) error = NULL;
  gint64 old = add_conversation (fixture, 81, 1700000100, 3, 8100);
  gint64 newest = add_conversation (fixture, 82, 1700000300, 1, 8200);
  gint64 middle = add_conversation (fixture, 83, 1700000200, 0, 0);
  gint64 other_account = add_account (fixture->store, 5);

  list = bottega_conversation_list_new (fixture->store, fixture->account_id);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == BOTTEGA_TYPE_CONVERSATION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 3));

  /* Newest activity first, with what a row shows. */
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (bottega_conversation_get_id (item), ==, newest);
  g_assert_cmpstr (bottega_customer_get_name (bottega_conversation_get_customer (item)), ==, "Customer 82");
  g_assert_cmpstr (bottega_message_get_content (bottega_conversation_get_last_message (item)), ==, "message 0");
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpint (bottega_conversation_get_id (item), ==, middle);
  g_assert_null (bottega_conversation_get_last_message (item));
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_cmpint (bottega_conversation_get_id (item), ==, old);
  g_assert_cmpint (bottega_message_get_remote_id (bottega_conversation_get_last_message (item)), ==, 8102);
  g_assert_cmpuint (bottega_conversation_list_find (list, old), ==, 2);
  g_assert_cmpuint (bottega_conversation_list_find (list, 987654), ==, G_MAXUINT);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), changes);

  /* A draft shows on the row in place, without moving anything. */
  g_assert_true (bottega_store_save_draft (fixture->store, old, "Le scrivo domani", &error));
  g_assert_no_error (error);
  flush_signals (fixture);
  g_assert_cmpstr (bottega_conversation_get_draft (item), ==, "Le scrivo domani");
  g_assert_cmpuint (changes->len, ==, 0);

  /* A reply: the echo is the last message at once ("You: …"), the row
   * counts it in the outbox and comes to the top. */
  echo = queue (fixture, old, "Certo!", NULL);
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpuint (bottega_conversation_list_find (list, old), ==, 0);
  {
    g_autoptr(BottegaConversation) top = g_list_model_get_item (G_LIST_MODEL (list), 0);
    BottegaMessage *last = bottega_conversation_get_last_message (top);

    /* The same object the view held, brought up to date. */
    g_assert_true (top == item);
    g_assert_cmpint (bottega_message_get_id (last), ==, bottega_message_get_id (echo));
    g_assert_cmpint (bottega_message_get_message_type (last), ==, BOTTEGA_MESSAGE_OUTGOING);
    g_assert_cmpint (bottega_conversation_get_outbox_count (top), ==, 1);
    g_assert_null (bottega_conversation_get_draft (top));
  }

  /* A new conversation from a sync page. */
  g_array_set_size (changes, 0);
  add_conversation (fixture, 84, 1900000000, 1, 8400);
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  {
    g_autoptr(BottegaConversation) top = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpint (bottega_conversation_get_remote_id (top), ==, 84);
  }

  /* Other accounts' conversations are not in this list, but in "all". */
  {
    g_autoptr(BottegaConversationList) all = bottega_conversation_list_new (fixture->store, 0);
    g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (other_account);
    g_autoptr(BottegaConversation) elsewhere = make_conversation (81, 9001, "Other shop", 1700000000);

    bottega_store_batch_add_conversation (batch, elsewhere);
    write_batch (fixture->store, batch);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
    flush_signals (fixture);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 5);
  }

  /* Filtering by status. */
  {
    g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
    g_autoptr(BottegaConversation) resolved = make_conversation (83, 1083, "Customer 83", 1700000200);

    bottega_conversation_set_status (resolved, BOTTEGA_CONVERSATION_RESOLVED);
    bottega_store_batch_add_conversation (batch, resolved);
    write_batch (fixture->store, batch);
    flush_signals (fixture);

    g_array_set_size (changes, 0);
    bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_RESOLVED);
    g_assert_cmpint (bottega_conversation_list_get_status (list), ==, BOTTEGA_CONVERSATION_RESOLVED);
    g_assert_cmpuint (changes->len, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    g_assert_cmpuint (bottega_conversation_list_find (list, middle), ==, 0);
    g_assert_cmpuint (bottega_conversation_list_find (list, old), ==, G_MAXUINT);

    bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_OPEN);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
    bottega_conversation_list_set_status (list, -1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  }
}

static void
append_messages (Fixture *fixture,
                 gint64   display_id,
                 gint64   first_remote_id,
                 guint    n)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %" G_GINT64_FORMAT, first_remote_id + i);

      g_ptr_array_add (messages, make_message (first_remote_id + i, text, 1700000000 + first_remote_id + i));
    }
  bottega_store_batch_add_messages (batch, display_id, messages, FALSE);
  write_batch (fixture->store, batch);
}

static void
test_list_messages (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 conversation_id = add_conversation (fixture, 91, 1700000000, 120, 1000);
  g_autoptr(BottegaMessageList) list = bottega_message_list_new (fixture->store, conversation_id);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(BottegaMessage) echo = NULL;
  g_autoptr(BottegaMessage) held = NULL;
  g_autoptr(BottegaOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  Change *change;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == BOTTEGA_TYPE_MESSAGE);
  g_assert_cmpint (bottega_message_list_get_conversation_id (list), ==, conversation_id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 120);

  /* Oldest first, across pages, read in any order. */
  for (guint i = 120; i > 0; i--)
    {
      g_autoptr(BottegaMessage) message = g_list_model_get_item (G_LIST_MODEL (list), i - 1);

      g_assert_cmpint (bottega_message_get_remote_id (message), ==, 1000 + i - 1);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 120));

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), changes);

  /* New messages at the end: an append, not a reset. */
  append_messages (fixture, 91, 1120, 2);
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 120);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 122);

  /* A reply: the local echo comes last, and is an append too. */
  g_array_set_size (changes, 0);
  echo = queue (fixture, conversation_id, "Grazie a lei", NULL);
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 122);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);
  held = g_list_model_get_item (G_LIST_MODEL (list), 122);
  g_assert_cmpint (bottega_message_get_id (held), ==, bottega_message_get_id (echo));
  g_assert_cmpint (bottega_message_get_status (held), ==, BOTTEGA_MESSAGE_STATUS_QUEUED);

  /* Its status ticks change the item the view holds, in place. */
  g_array_set_size (changes, 0);
  entry = next_entry (fixture, G_MAXINT32);
  g_assert_true (bottega_store_outbox_mark_sending (fixture->store, entry->id, 1800000000, &error));
  g_assert_no_error (error);
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpint (bottega_message_get_status (held), ==, BOTTEGA_MESSAGE_STATUS_SENDING);

  /* Sent: the echo takes its server id and stays where it is. */
  {
    g_autoptr(BottegaMessage) remote = make_message (2000, "Grazie a lei", 1800000001);

    g_assert_true (bottega_store_outbox_mark_sent (fixture->store, entry->id, remote, &error));
    g_assert_no_error (error);
  }
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpint (bottega_message_get_remote_id (held), ==, 2000);
  g_assert_cmpint (bottega_message_get_status (held), ==, BOTTEGA_MESSAGE_STATUS_SENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 123);

  /* Older messages fetched while scrolling up: a prepend. */
  append_messages (fixture, 91, 900, 30);
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 153);
  {
    g_autoptr(BottegaMessage) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(BottegaMessage) last = g_list_model_get_item (G_LIST_MODEL (list), 152);

    g_assert_cmpint (bottega_message_get_remote_id (first), ==, 900);
    g_assert_true (last == held);
  }

  /* A message stored between others: announced as a change of the whole. */
  g_array_set_size (changes, 0);
  append_messages (fixture, 91, 1500, 1);
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->removed, ==, 153);
  g_assert_cmpuint (change->added, ==, 154);
  {
    g_autoptr(BottegaMessage) message = g_list_model_get_item (G_LIST_MODEL (list), 152);

    g_assert_cmpint (bottega_message_get_remote_id (message), ==, 1500);
  }

  /* A message that gains a file cannot be refreshed in place: that one
   * position is replaced. */
  {
    g_autoptr(BottegaMessage) before = g_list_model_get_item (G_LIST_MODEL (list), 5);
    g_autoptr(BottegaMessage) after = NULL;
    g_autoptr(BottegaMessage) edited = make_message (905, "message 905", 1700000905);
    g_autoptr(BottegaAttachment) file = make_attachment (9905);
    g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
    g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

    g_assert_cmpint (bottega_message_get_remote_id (before), ==, 905);
    g_assert_cmpuint (bottega_message_get_n_attachments (before), ==, 0);
    bottega_message_add_attachment (edited, file);
    g_ptr_array_add (messages, g_object_ref (edited));
    bottega_store_batch_add_messages (batch, 91, messages, FALSE);
    g_array_set_size (changes, 0);
    write_batch (fixture->store, batch);
    flush_signals (fixture);

    g_assert_cmpuint (changes->len, ==, 1);
    change = &g_array_index (changes, Change, 0);
    g_assert_cmpuint (change->position, ==, 5);
    g_assert_cmpuint (change->removed, ==, 1);
    g_assert_cmpuint (change->added, ==, 1);
    after = g_list_model_get_item (G_LIST_MODEL (list), 5);
    g_assert_true (after != before);
    g_assert_cmpuint (bottega_message_get_n_attachments (after), ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 154);
  }
}

/* ---- threads and async ---- */

typedef struct {
  BottegaStore *store;
  gint64        account_id;
  gint64        display_id;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  for (guint page = 0; page < 5; page++)
    {
      g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (writer->account_id);
      g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < 10; i++)
        g_ptr_array_add (messages, make_message (writer->display_id * 1000 + page * 10 + i,
                                                 "from a worker", 1700000000 + i));
      bottega_store_batch_add_messages (batch, writer->display_id, messages, FALSE);
      if (!bottega_store_write_batch (writer->store, batch, NULL, &error))
        return g_strdup (error->message);
    }

  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  Writer writers[2] = {
    { fixture->store, fixture->account_id, 101 },
    { fixture->store, fixture->account_id, 102 },
  };
  GThread *threads[2];

  add_conversation (fixture, 101, 1700000000, 0, 0);
  add_conversation (fixture, 102, 1700000000, 0, 0);

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("test-writer", writer_thread, &writers[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *failure = g_thread_join (threads[i]);

      g_assert_null (failure);
    }

  g_assert_cmpuint (bottega_store_count_messages (fixture->store, fixture->account_id), ==, 100);
  g_assert_cmpuint (bottega_store_count_messages (fixture->store, 0), ==, 100);
  g_assert_cmpuint (bottega_store_count_conversations (fixture->store, 0), ==, 2);
}

typedef struct {
  BottegaStore   *store;
  BottegaMessage *message;
  GError         *error;
  gboolean        done;
  guint           messages_changed;
  guint           outbox_changed;
} AsyncState;

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AsyncState *state = data;

  state->store = bottega_store_open_finish (result, &state->error);
  state->done = TRUE;
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  AsyncState *state = data;

  g_assert_true (bottega_store_write_batch_finish (BOTTEGA_STORE (source), result, &state->error));
  state->done = TRUE;
}

static void
on_refused (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  AsyncState *state = data;

  g_assert_false (bottega_store_write_batch_finish (BOTTEGA_STORE (source), result, &state->error));
  state->done = TRUE;
}

static void
on_queued (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AsyncState *state = data;

  state->message = bottega_store_queue_reply_finish (BOTTEGA_STORE (source), result, &state->error);
  state->done = TRUE;
}

static void
on_draft_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  AsyncState *state = data;

  bottega_store_save_draft_finish (BOTTEGA_STORE (source), result, &state->error);
  state->done = TRUE;
}

static void
on_messages_changed (BottegaStore *store,
                     gint64        conversation_id,
                     AsyncState   *state)
{
  state->messages_changed++;
}

static void
on_outbox_changed (BottegaStore *store,
                   gint64        account_id,
                   AsyncState   *state)
{
  state->outbox_changed++;
}

static void
test_async (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bottega.db", NULL);
  g_autoptr(BottegaStoreBatch) batch = NULL;
  g_autoptr(BottegaConversation) conversation = make_conversation (111, 1111, "Kenji Sato", 1700000000);
  g_autoptr(BottegaConversation) stored = NULL;
  g_autofree char *draft = NULL;
  AsyncState state = { 0, };
  BottegaStoreReply reply = { 0, "おはようございます", FALSE, 0, NULL, NULL };
  g_autoptr(GError) error = NULL;
  gint64 account_id;

  bottega_store_open_async (path, NULL, on_opened, &state);
  wait_until (&state.done);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.store);
  g_assert_cmpstr (bottega_store_get_path (state.store), ==, path);

  account_id = add_account (state.store, 3);
  g_signal_connect (state.store, "messages-changed", G_CALLBACK (on_messages_changed), &state);
  g_signal_connect (state.store, "outbox-changed", G_CALLBACK (on_outbox_changed), &state);

  batch = bottega_store_batch_new (account_id);
  bottega_store_batch_add_conversation (batch, conversation);
  state.done = FALSE;
  bottega_store_write_batch_async (state.store, batch, NULL, on_written, &state);
  wait_until (&state.done);
  g_assert_no_error (state.error);

  stored = bottega_store_find_conversation (state.store, account_id, 111, &error);
  g_assert_no_error (error);

  state.done = FALSE;
  bottega_store_save_draft_async (state.store, bottega_conversation_get_id (stored), "お", NULL,
                                  on_draft_saved, &state);
  wait_until (&state.done);
  g_assert_no_error (state.error);
  draft = bottega_store_get_draft (state.store, bottega_conversation_get_id (stored));
  g_assert_cmpstr (draft, ==, "お");

  /* Signals come before the callback, on this thread's context. */
  reply.conversation_id = bottega_conversation_get_id (stored);
  state.done = FALSE;
  state.messages_changed = state.outbox_changed = 0;
  bottega_store_queue_reply_async (state.store, &reply, NULL, on_queued, &state);
  wait_until (&state.done);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.message);
  g_assert_cmpstr (bottega_message_get_content (state.message), ==, "おはようございます");
  g_assert_cmpuint (state.messages_changed, ==, 1);
  g_assert_cmpuint (state.outbox_changed, ==, 1);
  g_assert_null (bottega_store_get_draft (state.store, bottega_conversation_get_id (stored)));

  /* Closed: writes and reads say so, and the store can go. */
  bottega_store_close (state.store);
  state.done = FALSE;
  bottega_store_write_batch_async (state.store, batch, NULL, on_refused, &state);
  wait_until (&state.done);
  g_assert_error (state.error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED);
  g_clear_error (&state.error);
  g_clear_object (&state.message);
  {
    g_autoptr(GError) closed = NULL;

    g_assert_false (bottega_store_write_batch (state.store, batch, NULL, &closed));
    g_assert_error (closed, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED);
    g_clear_error (&closed);
    g_assert_null (bottega_store_list_accounts (state.store, &closed));
    g_assert_error (closed, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED);
  }
  g_assert_finalize_object (state.store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrate/empty", test_migrate_empty);
  g_test_add_func ("/store/migrate/reopen", test_migrate_reopen);
  g_test_add_func ("/store/migrate/too-new", test_migrate_too_new);
  g_test_add_func ("/store/migrate/not-a-database", test_migrate_not_a_database);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/batch/idempotent", test_batch_idempotent);
  ADD ("/store/batch/update", test_batch_update);
  ADD ("/store/batch/deleted-message-files", test_batch_deleted_message_files);
  ADD ("/store/batch/atomic", test_batch_atomic);
  ADD ("/store/batch/replace-reference", test_batch_replace_reference);
  ADD ("/store/search/accents", test_search_accents);
  ADD ("/store/search/syntax", test_search_syntax);
  ADD ("/store/search/follows-changes", test_search_follows);
  ADD ("/store/outbox/flow", test_outbox_flow);
  ADD ("/store/outbox/echo-event", test_outbox_echo_event);
  ADD ("/store/outbox/order", test_outbox_order);
  ADD ("/store/outbox/failed-retry", test_outbox_failed_retry);
  ADD ("/store/drafts", test_drafts);
  ADD ("/store/list/conversations", test_list_conversations);
  ADD ("/store/list/messages", test_list_messages);
  ADD ("/store/threads", test_threads);

#undef ADD

  g_test_add_func ("/store/async", test_async);

  return g_test_run ();
}
