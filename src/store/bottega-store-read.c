/* bottega-store-read.c: reading the store: rows to models, lookups, search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-store.h"
#include "bottega-store-private.h"

#define COL_TEXT(stmt, column) ((const char *) sqlite3_column_text ((stmt), (column)))

static void set_not_found (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* @format is a translated sentence. */
static void
set_not_found (GError     **error,
               const char  *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND, message);
}

/* ---- rows to objects ---- */

static gboolean
load_attachments (BottegaStoreConn  *conn,
                  BottegaMessage    *message,
                  GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "SELECT id, remote_id, file_type, extension, content_type, "
                                     "       data_url, thumb_url, file_size, width, height, "
                                     "       file_name, local_path "
                                     "FROM attachments WHERE message_id = ?1 ORDER BY id",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, bottega_message_get_id (message), &rc);
  while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
    {
      g_autoptr(BottegaAttachment) attachment = bottega_attachment_new ();

      bottega_attachment_set_id (attachment, sqlite3_column_int64 (stmt, 0));
      bottega_attachment_set_remote_id (attachment, sqlite3_column_int64 (stmt, 1));
      bottega_attachment_set_file_type (attachment, COL_TEXT (stmt, 2));
      bottega_attachment_set_extension (attachment, COL_TEXT (stmt, 3));
      bottega_attachment_set_content_type (attachment, COL_TEXT (stmt, 4));
      bottega_attachment_set_data_url (attachment, COL_TEXT (stmt, 5));
      bottega_attachment_set_thumb_url (attachment, COL_TEXT (stmt, 6));
      bottega_attachment_set_file_size (attachment, sqlite3_column_int64 (stmt, 7));
      bottega_attachment_set_width (attachment, sqlite3_column_int (stmt, 8));
      bottega_attachment_set_height (attachment, sqlite3_column_int (stmt, 9));
      bottega_attachment_set_file_name (attachment, COL_TEXT (stmt, 10));
      bottega_attachment_set_local_path (attachment, COL_TEXT (stmt, 11));
      bottega_message_add_attachment (message, attachment);
    }

  return rc == SQLITE_DONE;
}

BottegaMessage *
bottega_store_read_message (BottegaStoreConn  *conn,
                            BottegaStmt       *stmt,
                            int                column,
                            GError           **error)
{
  g_autoptr(BottegaMessage) message = bottega_message_new ();
  int c = column;

  bottega_message_set_id (message, sqlite3_column_int64 (stmt, c + 0));
  bottega_message_set_account_id (message, sqlite3_column_int64 (stmt, c + 1));
  bottega_message_set_conversation_id (message, sqlite3_column_int64 (stmt, c + 2));
  bottega_message_set_remote_id (message, sqlite3_column_int64 (stmt, c + 3));
  bottega_message_set_conversation_remote_id (message, sqlite3_column_int64 (stmt, c + 4));
  bottega_message_set_content (message, COL_TEXT (stmt, c + 5));
  bottega_message_set_message_type (message, sqlite3_column_int (stmt, c + 6));
  bottega_message_set_content_type (message, COL_TEXT (stmt, c + 7));
  bottega_message_set_status (message, bottega_store_message_status_parse (COL_TEXT (stmt, c + 8)));
  bottega_message_set_private (message, sqlite3_column_int (stmt, c + 9) != 0);
  bottega_message_set_created_at (message, sqlite3_column_int64 (stmt, c + 10));
  bottega_message_set_sender_type (message, COL_TEXT (stmt, c + 11));
  bottega_message_set_sender_id (message, sqlite3_column_int64 (stmt, c + 12));
  bottega_message_set_sender_name (message, COL_TEXT (stmt, c + 13));
  bottega_message_set_echo_id (message, COL_TEXT (stmt, c + 14));
  bottega_message_set_source_id (message, COL_TEXT (stmt, c + 15));
  bottega_message_set_external_error (message, COL_TEXT (stmt, c + 16));
  bottega_message_set_in_reply_to (message, sqlite3_column_int64 (stmt, c + 17));
  bottega_message_set_content_attributes (message, COL_TEXT (stmt, c + 18));

  if (!load_attachments (conn, message, error))
    return NULL;

  return g_steal_pointer (&message);
}

BottegaMessage *
bottega_store_load_message (BottegaStoreConn  *conn,
                            gint64             message_id,
                            GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS " "
                                     "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                                     "WHERE m.id = ?1",
                                     error);
  if (stmt == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, message_id, &rc);
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    /* Translators: %lld is an internal number of the message */
    set_not_found (error, _("The message is no longer in the local database (id %lld)"),
                   (long long) message_id);
  if (rc != SQLITE_ROW)
    return NULL;

  return bottega_store_read_message (conn, stmt, 0, error);
}

static BottegaCustomer *
load_customer (BottegaStoreConn  *conn,
               gint64             customer_id,
               GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autoptr(BottegaCustomer) customer = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "SELECT id, account_id, remote_id, name, email, phone_number, "
                                     "       identifier, thumbnail, additional_attributes, "
                                     "       custom_attributes, blocked "
                                     "FROM customers WHERE id = ?1",
                                     error);
  if (stmt == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, customer_id, &rc);
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    /* Translators: %lld is an internal number of the customer */
    set_not_found (error, _("The customer is no longer in the local database (id %lld)"),
                   (long long) customer_id);
  if (rc != SQLITE_ROW)
    return NULL;

  customer = bottega_customer_new ();
  bottega_customer_set_id (customer, sqlite3_column_int64 (stmt, 0));
  bottega_customer_set_account_id (customer, sqlite3_column_int64 (stmt, 1));
  bottega_customer_set_remote_id (customer, sqlite3_column_int64 (stmt, 2));
  bottega_customer_set_name (customer, COL_TEXT (stmt, 3));
  bottega_customer_set_email (customer, COL_TEXT (stmt, 4));
  bottega_customer_set_phone_number (customer, COL_TEXT (stmt, 5));
  bottega_customer_set_identifier (customer, COL_TEXT (stmt, 6));
  bottega_customer_set_thumbnail (customer, COL_TEXT (stmt, 7));
  bottega_customer_set_additional_attributes (customer, COL_TEXT (stmt, 8));
  bottega_customer_set_custom_attributes (customer, COL_TEXT (stmt, 9));
  bottega_customer_set_blocked (customer, sqlite3_column_int (stmt, 10) != 0);

  return g_steal_pointer (&customer);
}

static GStrv
load_labels (BottegaStoreConn  *conn,
             gint64             conversation_id,
             GError           **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "SELECT title FROM conversation_labels "
                                     "WHERE conversation_id = ?1 ORDER BY position, title",
                                     error);
  if (stmt == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, conversation_id, &rc);
  while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
    g_strv_builder_add (builder, COL_TEXT (stmt, 0));
  if (rc != SQLITE_DONE)
    return NULL;

  return g_strv_builder_end (builder);
}

BottegaConversation *
bottega_store_read_conversation (BottegaStoreConn  *conn,
                                 BottegaStmt       *stmt,
                                 GError           **error)
{
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_auto(GStrv) labels = NULL;
  gint64 customer_id = sqlite3_column_int64 (stmt, 18);
  gint64 last_message_id = sqlite3_column_int64 (stmt, 21);

  bottega_conversation_set_id (conversation, sqlite3_column_int64 (stmt, 0));
  bottega_conversation_set_account_id (conversation, sqlite3_column_int64 (stmt, 1));
  bottega_conversation_set_remote_id (conversation, sqlite3_column_int64 (stmt, 2));
  bottega_conversation_set_uuid (conversation, COL_TEXT (stmt, 3));
  bottega_conversation_set_inbox_id (conversation, sqlite3_column_int64 (stmt, 4));
  bottega_conversation_set_channel (conversation, COL_TEXT (stmt, 5));
  bottega_conversation_set_status (conversation,
                                   bottega_store_conversation_status_parse (COL_TEXT (stmt, 6)));
  bottega_conversation_set_priority (conversation, COL_TEXT (stmt, 7));
  bottega_conversation_set_snoozed_until (conversation, sqlite3_column_int64 (stmt, 8));
  bottega_conversation_set_can_reply (conversation, sqlite3_column_int (stmt, 9) != 0);
  bottega_conversation_set_unread_count (conversation, sqlite3_column_int (stmt, 10));
  bottega_conversation_set_assignee_id (conversation, sqlite3_column_int64 (stmt, 11));
  bottega_conversation_set_assignee_name (conversation, COL_TEXT (stmt, 12));
  bottega_conversation_set_last_activity_at (conversation, sqlite3_column_int64 (stmt, 13));
  bottega_conversation_set_waiting_since (conversation, sqlite3_column_int64 (stmt, 14));
  bottega_conversation_set_agent_last_seen_at (conversation, sqlite3_column_int64 (stmt, 15));
  bottega_conversation_set_created_at (conversation, sqlite3_column_int64 (stmt, 16));
  bottega_conversation_set_updated_at (conversation, sqlite3_column_double (stmt, 17));
  bottega_conversation_set_draft (conversation, COL_TEXT (stmt, 19));
  bottega_conversation_set_outbox_count (conversation, sqlite3_column_int (stmt, 20));

  labels = load_labels (conn, bottega_conversation_get_id (conversation), error);
  if (labels == NULL)
    return NULL;
  bottega_conversation_set_labels (conversation, (const char * const *) labels);

  if (customer_id != 0)
    {
      g_autoptr(BottegaCustomer) customer = load_customer (conn, customer_id, error);

      if (customer == NULL)
        return NULL;
      bottega_conversation_set_customer (conversation, customer);
    }

  if (last_message_id != 0)
    {
      g_autoptr(BottegaMessage) message = bottega_store_load_message (conn, last_message_id, error);

      if (message == NULL)
        return NULL;
      bottega_conversation_set_last_message (conversation, message);
    }

  return g_steal_pointer (&conversation);
}

BottegaConversation *
bottega_store_load_conversation (BottegaStoreConn  *conn,
                                 gint64             conversation_id,
                                 GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "SELECT " BOTTEGA_STORE_CONVERSATION_COLUMNS " "
                                     "FROM conversations c LEFT JOIN drafts d ON d.conversation_id = c.id "
                                     "WHERE c.id = ?1",
                                     error);
  if (stmt == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, conversation_id, &rc);
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    /* Translators: %lld is an internal number of the conversation */
    set_not_found (error, _("The conversation is no longer in the local database (id %lld)"),
                   (long long) conversation_id);
  if (rc != SQLITE_ROW)
    return NULL;

  return bottega_store_read_conversation (conn, stmt, error);
}

/* ---- accounts ---- */

#define ACCOUNT_COLUMNS "id, url, remote_id, user_id, name, user_name, is_demo, needs_auth"

static BottegaAccount *
read_account (BottegaStmt *stmt)
{
  BottegaAccount *account = bottega_account_new ();

  bottega_account_set_id (account, sqlite3_column_int64 (stmt, 0));
  bottega_account_set_url (account, COL_TEXT (stmt, 1));
  bottega_account_set_remote_id (account, sqlite3_column_int64 (stmt, 2));
  bottega_account_set_user_id (account, sqlite3_column_int64 (stmt, 3));
  bottega_account_set_name (account, COL_TEXT (stmt, 4));
  bottega_account_set_user_name (account, COL_TEXT (stmt, 5));
  bottega_account_set_is_demo (account, sqlite3_column_int (stmt, 6) != 0);
  bottega_account_set_needs_auth (account, sqlite3_column_int (stmt, 7) != 0);

  return account;
}

GPtrArray *
bottega_store_list_accounts (BottegaStore  *self,
                             GError       **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY id",
                                          error)) == NULL)
    return NULL;

  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    g_ptr_array_add (accounts, read_account (stmt));
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&accounts);
}

BottegaAccount *
bottega_store_get_account (BottegaStore  *self,
                           gint64         account_id,
                           GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?1",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    /* Translators: %lld is an internal number of the account */
    set_not_found (error, _("The account is no longer in the local database (id %lld)"),
                   (long long) account_id);
  if (rc != SQLITE_ROW)
    return NULL;

  return read_account (stmt);
}

/* ---- conversations ---- */

BottegaConversation *
bottega_store_get_conversation (BottegaStore  *self,
                                gint64         conversation_id,
                                GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  return bottega_store_load_conversation (reader->conn, conversation_id, error);
}

BottegaConversation *
bottega_store_find_conversation (BottegaStore  *self,
                                 gint64         account_id,
                                 gint64         display_id,
                                 GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " BOTTEGA_STORE_CONVERSATION_COLUMNS " "
                                          "FROM conversations c "
                                          "LEFT JOIN drafts d ON d.conversation_id = c.id "
                                          "WHERE c.account_id = ?1 AND c.remote_id = ?2",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, display_id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    /* Translators: %lld is the number of a conversation, as shown after “#” */
    set_not_found (error, _("There is no conversation #%lld in the local database; sync and try again"),
                   (long long) display_id);
  if (rc != SQLITE_ROW)
    return NULL;

  return bottega_store_read_conversation (reader->conn, stmt, error);
}

/* The integer in the first row of @sql (which takes @id as ?1, if any), or
 * -1 without a row. */
static gint64
query_id (BottegaStore *self,
          const char   *sql,
          gint64        id)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  int rc = SQLITE_OK;

  if ((reader = bottega_store_reader_acquire (self, &error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn, sql, &error)) == NULL)
    {
      bottega_store_warn_read_error (error);
      return -1;
    }

  if (sqlite3_bind_parameter_count (stmt) >= 1)
    bottega_bind_int64 (stmt, 1, id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, &error);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    bottega_store_warn_read_error (error);

  return -1;
}

gint64
bottega_store_newest_remote_message (BottegaStore *self,
                                     gint64        conversation_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  return MAX (0, query_id (self,
                           "SELECT remote_id FROM messages "
                           "WHERE conversation_id = ?1 AND remote_id IS NOT NULL "
                           "ORDER BY remote_id DESC LIMIT 1",
                           conversation_id));
}

gint64
bottega_store_oldest_remote_message (BottegaStore *self,
                                     gint64        conversation_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  return MAX (0, query_id (self,
                           "SELECT remote_id FROM messages "
                           "WHERE conversation_id = ?1 AND remote_id IS NOT NULL "
                           "ORDER BY remote_id ASC LIMIT 1",
                           conversation_id));
}

gboolean
bottega_store_has_older_messages (BottegaStore *self,
                                  gint64        conversation_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);

  /* Unknown conversations have nothing to fetch. */
  return query_id (self, "SELECT reached_oldest FROM conversations WHERE id = ?1",
                   conversation_id) == 0;
}

guint
bottega_store_count_conversations (BottegaStore *self,
                                   gint64        account_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  if (account_id == 0)
    return MAX (0, query_id (self, "SELECT count(*) FROM conversations", 0));

  return MAX (0, query_id (self, "SELECT count(*) FROM conversations WHERE account_id = ?1",
                           account_id));
}

guint
bottega_store_count_messages (BottegaStore *self,
                              gint64        account_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  if (account_id == 0)
    return MAX (0, query_id (self, "SELECT count(*) FROM messages", 0));

  return MAX (0, query_id (self, "SELECT count(*) FROM messages WHERE account_id = ?1",
                           account_id));
}

static char *
query_text (BottegaStore *self,
            const char   *sql,
            gint64        id,
            const char   *key)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  int rc = SQLITE_OK;

  if ((reader = bottega_store_reader_acquire (self, &error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn, sql, &error)) == NULL)
    {
      bottega_store_warn_read_error (error);
      return NULL;
    }

  bottega_bind_int64 (stmt, 1, id, &rc);
  if (key != NULL)
    bottega_bind_text (stmt, 2, key, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, &error);
  if (rc == SQLITE_ROW)
    return bottega_column_strdup (stmt, 0);
  if (rc != SQLITE_DONE)
    bottega_store_warn_read_error (error);

  return NULL;
}

char *
bottega_store_get_draft (BottegaStore *self,
                         gint64        conversation_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);

  return query_text (self, "SELECT text FROM drafts WHERE conversation_id = ?1",
                     conversation_id, NULL);
}

char *
bottega_store_get_sync_value (BottegaStore *self,
                              gint64        account_id,
                              const char   *key)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return query_text (self, "SELECT value FROM sync_state WHERE account_id = ?1 AND key = ?2",
                     account_id, key);
}

/* ---- reference data ---- */

/* The reference data of one account: one query, one object a row. */
typedef GObject *(*RowReader) (sqlite3_stmt *stmt);

static GPtrArray *
list_account_rows (BottegaStore  *self,
                   gint64         account_id,
                   const char    *sql,
                   RowReader      read_row,
                   GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn, sql, error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&rows);
}

static GObject *
read_canned_response (sqlite3_stmt *stmt)
{
  BottegaCannedResponse *response = bottega_canned_response_new ();

  bottega_canned_response_set_remote_id (response, sqlite3_column_int64 (stmt, 0));
  bottega_canned_response_set_short_code (response, COL_TEXT (stmt, 1));
  bottega_canned_response_set_content (response, COL_TEXT (stmt, 2));
  return G_OBJECT (response);
}

static GObject *
read_inbox (sqlite3_stmt *stmt)
{
  BottegaInbox *inbox = bottega_inbox_new ();

  bottega_inbox_set_id (inbox, sqlite3_column_int64 (stmt, 0));
  bottega_inbox_set_account_id (inbox, sqlite3_column_int64 (stmt, 1));
  bottega_inbox_set_remote_id (inbox, sqlite3_column_int64 (stmt, 2));
  bottega_inbox_set_name (inbox, COL_TEXT (stmt, 3));
  bottega_inbox_set_channel_type (inbox, COL_TEXT (stmt, 4));
  bottega_inbox_set_phone_number (inbox, COL_TEXT (stmt, 5));
  bottega_inbox_set_provider (inbox, COL_TEXT (stmt, 6));
  bottega_inbox_set_templates (inbox, COL_TEXT (stmt, 7));
  return G_OBJECT (inbox);
}

static GObject *
read_label (sqlite3_stmt *stmt)
{
  BottegaLabel *label = bottega_label_new ();

  bottega_label_set_remote_id (label, sqlite3_column_int64 (stmt, 0));
  bottega_label_set_title (label, COL_TEXT (stmt, 1));
  bottega_label_set_description (label, COL_TEXT (stmt, 2));
  bottega_label_set_color (label, COL_TEXT (stmt, 3));
  return G_OBJECT (label);
}

static GObject *
read_agent (sqlite3_stmt *stmt)
{
  BottegaAgent *agent = bottega_agent_new ();

  bottega_agent_set_remote_id (agent, sqlite3_column_int64 (stmt, 0));
  bottega_agent_set_name (agent, COL_TEXT (stmt, 1));
  bottega_agent_set_available_name (agent, COL_TEXT (stmt, 2));
  bottega_agent_set_email (agent, COL_TEXT (stmt, 3));
  bottega_agent_set_role (agent, COL_TEXT (stmt, 4));
  bottega_agent_set_thumbnail (agent, COL_TEXT (stmt, 5));
  return G_OBJECT (agent);
}

GPtrArray *
bottega_store_list_canned_responses (BottegaStore  *self,
                                     gint64         account_id,
                                     GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_account_rows (self, account_id,
                            "SELECT remote_id, short_code, content "
                            "FROM canned_responses WHERE account_id = ?1 "
                            "ORDER BY short_code, remote_id",
                            read_canned_response, error);
}

GPtrArray *
bottega_store_list_inboxes (BottegaStore  *self,
                            gint64         account_id,
                            GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_account_rows (self, account_id,
                            "SELECT id, account_id, remote_id, name, channel_type, "
                            "       phone_number, provider, templates "
                            "FROM inboxes WHERE account_id = ?1 "
                            "ORDER BY name, remote_id",
                            read_inbox, error);
}

GPtrArray *
bottega_store_list_labels (BottegaStore  *self,
                           gint64         account_id,
                           GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_account_rows (self, account_id,
                            "SELECT remote_id, title, description, color "
                            "FROM labels WHERE account_id = ?1 "
                            "ORDER BY title, remote_id",
                            read_label, error);
}

GPtrArray *
bottega_store_list_agents (BottegaStore  *self,
                           gint64         account_id,
                           GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_account_rows (self, account_id,
                            "SELECT remote_id, name, available_name, email, role, thumbnail "
                            "FROM agents WHERE account_id = ?1 "
                            "ORDER BY coalesce (available_name, name), remote_id",
                            read_agent, error);
}

/* ---- messages ---- */

GPtrArray *
bottega_store_list_messages (BottegaStore  *self,
                             gint64         conversation_id,
                             GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS " "
                                          "FROM messages m "
                                          "JOIN conversations c ON c.id = m.conversation_id "
                                          "WHERE m.conversation_id = ?1 "
                                          "ORDER BY (m.remote_id IS NULL), m.remote_id, m.id",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, conversation_id, &rc);
  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaMessage *message = bottega_store_read_message (reader->conn, stmt, 0, error);

      if (message == NULL)
        return NULL;
      g_ptr_array_add (messages, message);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&messages);
}

BottegaMessage *
bottega_store_get_message (BottegaStore  *self,
                           gint64         message_id,
                           GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS " "
                                          "FROM messages m "
                                          "JOIN conversations c ON c.id = m.conversation_id "
                                          "WHERE m.id = ?1",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, message_id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, error);
  if (rc == SQLITE_ROW)
    return bottega_store_read_message (reader->conn, stmt, 0, error);
  if (rc == SQLITE_DONE)
    /* Translators: %lld is an internal number of the message */
    set_not_found (error, _("The message is no longer in the local database (id %lld)"),
                   (long long) message_id);
  return NULL;
}

BottegaMessage *
bottega_store_find_message_by_remote_id (BottegaStore  *self,
                                         gint64         account_id,
                                         gint64         remote_id,
                                         GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS " "
                                          "FROM messages m "
                                          "JOIN conversations c ON c.id = m.conversation_id "
                                          "WHERE m.account_id = ?1 AND m.remote_id = ?2",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, remote_id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, error);
  if (rc == SQLITE_ROW)
    return bottega_store_read_message (reader->conn, stmt, 0, error);
  if (rc == SQLITE_DONE)
    /* Translators: %lld is the server's number of the message */
    set_not_found (error, _("The message %lld is not in the local database"),
                   (long long) remote_id);
  return NULL;
}

gint64
bottega_store_outbox_find_for_message (BottegaStore *self,
                                       gint64        message_id)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  if ((reader = bottega_store_reader_acquire (self, NULL)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT id FROM outbox WHERE message_id = ?1",
                                          NULL)) == NULL)
    return 0;

  bottega_bind_int64 (stmt, 1, message_id, &rc);
  if (bottega_store_step (reader->conn, stmt, rc, NULL) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

/* ---- search ---- */

void
bottega_search_hit_free (BottegaSearchHit *hit)
{
  if (hit == NULL)
    return;

  g_clear_object (&hit->message);
  g_free (hit->customer_name);
  g_free (hit->snippet);
  g_free (hit);
}

static gboolean
has_word_character (const char *start,
                    const char *end)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* The user's words as FTS5 syntax that means only "all these prefixes":
 * each word becomes a quoted string (inner quotes doubled) with a `*`, so
 * operators, parentheses, column filters and stray quotes are plain text.
 * Words without a letter or digit would match nothing and are dropped.
 * NULL when no word is left. Shared with the product search. */
char *
bottega_store_fts_prefix_match (const char *query)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (query, -1);
  const char *p = valid;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      if (p == start || !has_word_character (start, p))
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *q = start; q < p; q++)
        {
          if (*q == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *q);
        }
      g_string_append (match, "\"*");
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

#define SEARCH_SELECT \
  "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS ", cu.name, " \
  "       snippet (messages_fts, 0, '', '', '…', 12) " \
  "FROM messages_fts " \
  "JOIN messages m ON m.id = messages_fts.rowid " \
  "JOIN conversations c ON c.id = m.conversation_id " \
  "LEFT JOIN customers cu ON cu.id = c.customer_id "

static int
compare_hits_newest_first (gconstpointer a,
                           gconstpointer b)
{
  BottegaMessage *x = (*(BottegaSearchHit * const *) a)->message;
  BottegaMessage *y = (*(BottegaSearchHit * const *) b)->message;
  gint64 tx = bottega_message_get_created_at (x), ty = bottega_message_get_created_at (y);
  gint64 ix = bottega_message_get_id (x), iy = bottega_message_get_id (y);

  if (tx != ty)
    return tx > ty ? -1 : 1;
  return ix > iy ? -1 : ix < iy ? 1 : 0;
}

GPtrArray *
bottega_store_search (BottegaStore  *self,
                      gint64         account_id,
                      const char    *query,
                      guint          limit,
                      GError       **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_search_hit_free);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autofree char *match = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  match = bottega_store_fts_prefix_match (query);
  if (match == NULL)
    return g_steal_pointer (&hits);

  if ((reader = bottega_store_search_reader_acquire (self, error)) == NULL)
    return NULL;

  /* The index is walked newest rowid first and stops at the limit: no row
   * is joined, no snippet made and nothing sorted beyond the hits returned
   * (sorting every match by time took a second on a million messages). The
   * hits are then put in time order. */
  if (account_id == 0)
    stmt = bottega_store_conn_prepare (reader->conn,
                                       SEARCH_SELECT
                                       "WHERE messages_fts MATCH ?1 "
                                       "ORDER BY messages_fts.rowid DESC LIMIT ?3",
                                       error);
  else
    stmt = bottega_store_conn_prepare (reader->conn,
                                       SEARCH_SELECT
                                       "WHERE messages_fts MATCH ?1 AND m.account_id = ?2 "
                                       "ORDER BY messages_fts.rowid DESC LIMIT ?3",
                                       error);
  if (stmt == NULL)
    return NULL;

  bottega_bind_text (stmt, 1, match, &rc);
  if (account_id != 0)
    bottega_bind_int64 (stmt, 2, account_id, &rc);
  bottega_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1, &rc);

  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    {
      g_autoptr(BottegaMessage) message = bottega_store_read_message (reader->conn, stmt, 0, error);
      BottegaSearchHit *hit;

      if (message == NULL)
        return NULL;

      hit = g_new0 (BottegaSearchHit, 1);
      hit->message = g_steal_pointer (&message);
      hit->customer_name = bottega_column_strdup (stmt, BOTTEGA_STORE_MESSAGE_N_COLUMNS);
      hit->snippet = bottega_column_strdup (stmt, BOTTEGA_STORE_MESSAGE_N_COLUMNS + 1);
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  g_ptr_array_sort (hits, compare_hits_newest_first);
  return g_steal_pointer (&hits);
}

/* ---- the customer pane and notifications ---- */

GPtrArray *
bottega_store_list_customer_conversations (BottegaStore  *self,
                                           gint64         customer_id,
                                           guint          limit,
                                           GError       **error)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* conversations_by_customer finds them; a customer has few. */
  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " BOTTEGA_STORE_CONVERSATION_COLUMNS " "
                                          "FROM conversations c "
                                          "LEFT JOIN drafts d ON d.conversation_id = c.id "
                                          "WHERE c.customer_id = ?1 "
                                          "ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?2",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, customer_id, &rc);
  bottega_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1, &rc);
  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaConversation *conversation = bottega_store_read_conversation (reader->conn, stmt, error);

      if (conversation == NULL)
        return NULL;
      g_ptr_array_add (conversations, conversation);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&conversations);
}

GPtrArray *
bottega_store_list_customer_attachments (BottegaStore  *self,
                                         gint64         customer_id,
                                         const char    *file_type,
                                         guint          limit,
                                         GError       **error)
{
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* By customer (conversations_by_customer), then by conversation
   * (messages_by_conversation), then by message (attachments_by_message).
   * Attachments of private notes were never shared with the customer. */
  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT a.id, a.remote_id, a.file_type, a.extension, "
                                          "       a.content_type, a.data_url, a.thumb_url, a.file_size, "
                                          "       a.width, a.height, a.file_name, a.local_path "
                                          "FROM conversations c "
                                          "JOIN messages m ON m.conversation_id = c.id "
                                          "JOIN attachments a ON a.message_id = m.id "
                                          "WHERE c.customer_id = ?1 AND m.private = 0 "
                                          "  AND (?2 IS NULL OR a.file_type = ?2) "
                                          "ORDER BY m.created_at DESC, m.id DESC, a.id LIMIT ?3",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, customer_id, &rc);
  if (file_type != NULL)
    bottega_bind_text (stmt, 2, file_type, &rc);
  else
    bottega_bind_null (stmt, 2, &rc);
  bottega_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1, &rc);
  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaAttachment *attachment = bottega_attachment_new ();

      bottega_attachment_set_id (attachment, sqlite3_column_int64 (stmt, 0));
      bottega_attachment_set_remote_id (attachment, sqlite3_column_int64 (stmt, 1));
      bottega_attachment_set_file_type (attachment, COL_TEXT (stmt, 2));
      bottega_attachment_set_extension (attachment, COL_TEXT (stmt, 3));
      bottega_attachment_set_content_type (attachment, COL_TEXT (stmt, 4));
      bottega_attachment_set_data_url (attachment, COL_TEXT (stmt, 5));
      bottega_attachment_set_thumb_url (attachment, COL_TEXT (stmt, 6));
      bottega_attachment_set_file_size (attachment, sqlite3_column_int64 (stmt, 7));
      bottega_attachment_set_width (attachment, sqlite3_column_int (stmt, 8));
      bottega_attachment_set_height (attachment, sqlite3_column_int (stmt, 9));
      bottega_attachment_set_file_name (attachment, COL_TEXT (stmt, 10));
      bottega_attachment_set_local_path (attachment, COL_TEXT (stmt, 11));
      g_ptr_array_add (attachments, attachment);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&attachments);
}

guint
bottega_store_count_notes (BottegaStore *self,
                           gint64        conversation_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  return MAX (0, query_id (self,
                           "SELECT count(*) FROM messages "
                           "WHERE conversation_id = ?1 AND private != 0",
                           conversation_id));
}

BottegaMessage *
bottega_store_get_latest_note (BottegaStore  *self,
                               gint64         conversation_id,
                               GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Local echoes (no remote id yet) are newer than anything the server
   * holds, as the message list orders them. */
  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS " "
                                          "FROM messages m "
                                          "JOIN conversations c ON c.id = m.conversation_id "
                                          "WHERE m.conversation_id = ?1 AND m.private != 0 "
                                          "ORDER BY (m.remote_id IS NULL) DESC, m.remote_id DESC, m.id DESC "
                                          "LIMIT 1",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, conversation_id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, error);
  if (rc == SQLITE_ROW)
    return bottega_store_read_message (reader->conn, stmt, 0, error);

  return NULL;
}

GPtrArray *
bottega_store_list_incoming_after (BottegaStore  *self,
                                   gint64         conversation_id,
                                   gint64         after_remote_id,
                                   gint64         created_since,
                                   guint          limit,
                                   GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A range of messages_by_conversation. */
  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS " "
                                          "FROM messages m "
                                          "JOIN conversations c ON c.id = m.conversation_id "
                                          "WHERE m.conversation_id = ?1 AND m.remote_id > ?2 "
                                          "  AND m.created_at >= ?3 "
                                          "  AND m.message_type = 0 AND m.private = 0 "
                                          "ORDER BY m.remote_id LIMIT ?4",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, conversation_id, &rc);
  bottega_bind_int64 (stmt, 2, after_remote_id, &rc);
  bottega_bind_int64 (stmt, 3, created_since, &rc);
  bottega_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1, &rc);
  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaMessage *message = bottega_store_read_message (reader->conn, stmt, 0, error);

      if (message == NULL)
        return NULL;
      g_ptr_array_add (messages, message);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&messages);
}

/* ---- finding a conversation by its customer or number ---- */

#define JUMP_SELECT \
  "SELECT " BOTTEGA_STORE_CONVERSATION_COLUMNS " " \
  "FROM conversations c LEFT JOIN drafts d ON d.conversation_id = c.id "

/* A conversation number as the user may type it: "42" or "#42". */
static gboolean
parse_conversation_number (const char *query,
                           gint64     *number)
{
  g_autofree char *text = g_strstrip (g_strdup (query));
  const char *digits = text[0] == '#' ? text + 1 : text;
  guint64 value = 0;

  if (digits[0] == '\0' ||
      !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *number = (gint64) value;
  return TRUE;
}

/* Appends the rows of @stmt not already in @conversations, up to @limit. */
static gboolean
read_jump_rows (BottegaStoreConn  *conn,
                BottegaStmt       *stmt,
                int                rc,
                GPtrArray         *conversations,
                guint              limit,
                GError           **error)
{
  while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaConversation *conversation;
      gboolean seen = FALSE;

      /* A conversation both numbered and named like the query comes once. */
      for (guint i = 0; i < conversations->len && !seen; i++)
        seen = bottega_conversation_get_id (g_ptr_array_index (conversations, i)) ==
               sqlite3_column_int64 (stmt, 0);
      if (seen || (limit > 0 && conversations->len >= limit))
        continue;

      conversation = bottega_store_read_conversation (conn, stmt, error);
      if (conversation == NULL)
        return FALSE;
      g_ptr_array_add (conversations, conversation);
    }

  return rc == SQLITE_DONE;
}

GPtrArray *
bottega_store_search_conversations (BottegaStore  *self,
                                    gint64         account_id,
                                    const char    *query,
                                    guint          limit,
                                    GError       **error)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autofree char *match = NULL;
  gint64 number = 0;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  match = bottega_store_fts_prefix_match (query);
  if (!parse_conversation_number (query, &number) && match == NULL)
    return g_steal_pointer (&conversations);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  /* The conversation with that number first: it is what a number means. */
  if (number != 0)
    {
      g_autoptr(BottegaStmt) stmt = NULL;
      int rc = SQLITE_OK;

      stmt = bottega_store_conn_prepare (reader->conn,
                                         JUMP_SELECT
                                         /* by the UNIQUE (account_id, remote_id) index */
                                         "WHERE c.account_id IN (SELECT a.id FROM accounts a WHERE ?2 = 0 OR a.id = ?2) "
                                         "  AND c.remote_id = ?1 "
                                         "ORDER BY c.last_activity_at DESC, c.id DESC",
                                         error);
      if (stmt == NULL)
        return NULL;
      bottega_bind_int64 (stmt, 1, number, &rc);
      bottega_bind_int64 (stmt, 2, account_id, &rc);
      if (!read_jump_rows (reader->conn, stmt, rc, conversations, limit, error))
        return NULL;
    }

  /* Then every conversation of the customers whose names match (the
   * customers_fts table of migration 002), newest first: a customer who
   * wrote again has several. */
  if (match != NULL)
    {
      g_autoptr(BottegaStmt) stmt = NULL;
      int rc = SQLITE_OK;

      stmt = bottega_store_conn_prepare (reader->conn,
                                         JUMP_SELECT
                                         "WHERE c.customer_id IN "
                                         "  (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?1) "
                                         "  AND (?2 = 0 OR c.account_id = ?2) "
                                         "ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?3",
                                         error);
      if (stmt == NULL)
        return NULL;
      bottega_bind_text (stmt, 1, match, &rc);
      bottega_bind_int64 (stmt, 2, account_id, &rc);
      bottega_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1, &rc);
      if (!read_jump_rows (reader->conn, stmt, rc, conversations, limit, error))
        return NULL;
    }

  return g_steal_pointer (&conversations);
}
