/* bottega-store-outbox.c: queued replies and their way to the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bottega-store.h"
#include "bottega-store-private.h"

/* ---- queueing a reply ---- */

typedef struct {
  gint64   conversation_id;
  char    *content;
  gboolean is_private;
  gint64   in_reply_to;
  char    *template_params;
  char   **attachment_paths;
} Reply;

static Reply *
reply_copy (const BottegaStoreReply *reply)
{
  Reply *copy = g_new0 (Reply, 1);

  copy->conversation_id = reply->conversation_id;
  copy->content = g_strdup (reply->content);
  copy->is_private = !!reply->is_private;
  copy->in_reply_to = reply->in_reply_to;
  copy->template_params = g_strdup (reply->template_params);
  copy->attachment_paths = g_strdupv ((char **) reply->attachment_paths);
  return copy;
}

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_free (reply->content);
  g_free (reply->template_params);
  g_strfreev (reply->attachment_paths);
  g_free (reply);
}

static const char *
file_type_for (const char *mime_type)
{
  if (mime_type == NULL)
    return "file";
  if (g_str_has_prefix (mime_type, "image/"))
    return "image";
  if (g_str_has_prefix (mime_type, "audio/"))
    return "audio";
  if (g_str_has_prefix (mime_type, "video/"))
    return "video";
  return "file";
}

static gboolean
insert_local_attachment (BottegaStoreConn  *conn,
                         gint64             account_id,
                         gint64             message_id,
                         const char        *path,
                         GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autofree char *file_name = g_path_get_basename (path);
  g_autofree char *content_type = g_content_type_guess (path, NULL, 0, NULL);
  g_autofree char *mime_type = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;
  const char *dot = strrchr (file_name, '.');
  GStatBuf buf;
  gint64 size = 0;
  int rc = SQLITE_OK;

  /* A file that is gone by now fails at upload, with a reason to show. */
  if (g_stat (path, &buf) == 0)
    size = buf.st_size;

  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO attachments (account_id, message_id, remote_id, "
                                     "  file_type, extension, content_type, file_size, file_name, "
                                     "  local_path) "
                                     "VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8)",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, message_id, &rc);
  bottega_bind_text (stmt, 3, file_type_for (mime_type), &rc);
  bottega_bind_text (stmt, 4, dot != NULL && dot[1] != '\0' ? dot + 1 : NULL, &rc);
  bottega_bind_text (stmt, 5, mime_type, &rc);
  bottega_bind_int64 (stmt, 6, size, &rc);
  bottega_bind_text (stmt, 7, file_name, &rc);
  bottega_bind_text (stmt, 8, path, &rc);
  return bottega_store_step_done (conn, stmt, rc, error);
}

static gboolean
queue_reply_func (BottegaStoreConn     *conn,
                  gpointer              data,
                  BottegaStoreChanges  *changes,
                  gpointer             *result,
                  GError              **error)
{
  Reply *reply = data;
  g_autofree char *echo_id = g_uuid_string_random ();
  g_autofree char *sender_name = NULL;
  gint64 now = bottega_store_now ();
  gint64 account_id;
  gint64 sender_id;
  gint64 message_id = 0;
  int rc = SQLITE_OK;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT c.account_id, a.user_id, a.user_name "
                                       "FROM conversations c JOIN accounts a ON a.id = c.account_id "
                                       "WHERE c.id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, reply->conversation_id, &rc);
    rc = bottega_store_step (conn, stmt, rc, error);
    if (rc == SQLITE_DONE)
      {
        /* Translators: %lld is an internal number of the conversation */
        g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                     _("The conversation is no longer in the local database (id %lld)"),
                     (long long) reply->conversation_id);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      return FALSE;
    account_id = sqlite3_column_int64 (stmt, 0);
    sender_id = sqlite3_column_int64 (stmt, 1);
    sender_name = bottega_column_strdup (stmt, 2);
  }

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "INSERT INTO messages (account_id, conversation_id, remote_id, "
                                       "  content, message_type, content_type, status, private, "
                                       "  created_at, sender_type, sender_id, sender_name, echo_id, "
                                       "  in_reply_to, content_attributes, template_params) "
                                       "VALUES (?1, ?2, NULL, ?3, ?4, 'text', 'queued', ?5, ?6, 'user', "
                                       "        ?7, ?8, ?9, ?10, '{}', ?11) "
                                       "RETURNING id",
                                       error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, account_id, &rc);
    bottega_bind_int64 (stmt, 2, reply->conversation_id, &rc);
    bottega_bind_text (stmt, 3, reply->content, &rc);
    bottega_bind_int64 (stmt, 4, BOTTEGA_MESSAGE_OUTGOING, &rc);
    bottega_bind_int64 (stmt, 5, reply->is_private ? 1 : 0, &rc);
    bottega_bind_int64 (stmt, 6, now, &rc);
    bottega_bind_int64 (stmt, 7, sender_id, &rc);
    bottega_bind_text (stmt, 8, sender_name, &rc);
    bottega_bind_text (stmt, 9, echo_id, &rc);
    bottega_bind_int64 (stmt, 10, reply->in_reply_to, &rc);
    bottega_bind_text (stmt, 11, reply->template_params, &rc);
    rc = bottega_store_step (conn, stmt, rc, error);
    if (rc != SQLITE_ROW)
      {
        if (rc == SQLITE_DONE)
          g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                               _("The reply could not be saved to the local database"));
        return FALSE;
      }
    message_id = sqlite3_column_int64 (stmt, 0);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  for (guint i = 0; reply->attachment_paths != NULL && reply->attachment_paths[i] != NULL; i++)
    if (!insert_local_attachment (conn, account_id, message_id, reply->attachment_paths[i], error))
      return FALSE;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    /* Due at once: 0 is before any "now" the sender asks with. */
    stmt = bottega_store_conn_prepare (conn,
                                       "INSERT INTO outbox (account_id, conversation_id, message_id, "
                                       "  echo_id, state, attempts, next_attempt_at, last_attempt_at, "
                                       "  created_at) "
                                       "VALUES (?1, ?2, ?3, ?4, 'queued', 0, 0, 0, ?5)",
                                       error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, account_id, &rc);
    bottega_bind_int64 (stmt, 2, reply->conversation_id, &rc);
    bottega_bind_int64 (stmt, 3, message_id, &rc);
    bottega_bind_text (stmt, 4, echo_id, &rc);
    bottega_bind_int64 (stmt, 5, now, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn, "DELETE FROM drafts WHERE conversation_id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, reply->conversation_id, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "UPDATE conversations SET last_activity_at = ?2 "
                                       "WHERE id = ?1 AND last_activity_at < ?2",
                                       error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, reply->conversation_id, &rc);
    bottega_bind_int64 (stmt, 2, now, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  *result = bottega_store_load_message (conn, message_id, error);
  if (*result == NULL)
    return FALSE;

  bottega_store_changes_add_messages (changes, reply->conversation_id);
  bottega_store_changes_add_conversations (changes, account_id);
  bottega_store_changes_add_outbox (changes, account_id);
  return TRUE;
}

void
bottega_store_queue_reply_async (BottegaStore            *self,
                                 const BottegaStoreReply *reply,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BOTTEGA_IS_STORE (self));
  g_return_if_fail (reply != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_store_queue_reply_async);
  bottega_store_write_async (self, queue_reply_func, reply_copy (reply), reply_free,
                             g_object_unref, task);
}

BottegaMessage *
bottega_store_queue_reply_finish (BottegaStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_store_queue_reply_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BottegaMessage *
bottega_store_queue_reply (BottegaStore             *self,
                           const BottegaStoreReply  *reply,
                           GError                  **error)
{
  g_autoptr(BottegaMessage) message = NULL;
  Reply copy;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy.conversation_id = reply->conversation_id;
  copy.content = (char *) reply->content;
  copy.is_private = reply->is_private;
  copy.in_reply_to = reply->in_reply_to;
  copy.template_params = (char *) reply->template_params;
  copy.attachment_paths = (char **) reply->attachment_paths;

  if (!bottega_store_write (self, queue_reply_func, &copy, NULL,
                            (gpointer *) &message, g_object_unref, error))
    return NULL;

  return g_steal_pointer (&message);
}

/* ---- reading the outbox ---- */

void
bottega_outbox_entry_free (BottegaOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->echo_id);
  g_free (entry->content);
  g_free (entry->template_params);
  g_strfreev (entry->attachment_paths);
  g_free (entry->last_error);
  g_free (entry);
}

#define ENTRY_SELECT \
  "SELECT o.id, o.account_id, o.message_id, o.conversation_id, c.remote_id, o.echo_id, " \
  "       m.content, m.private, m.in_reply_to, m.template_params, o.state, o.attempts, " \
  "       o.next_attempt_at, o.last_attempt_at, o.last_error " \
  "FROM outbox o " \
  "JOIN messages m ON m.id = o.message_id " \
  "JOIN conversations c ON c.id = o.conversation_id "

static BottegaOutboxEntry *
read_entry (BottegaStoreConn  *conn,
            BottegaStmt       *stmt,
            GError           **error)
{
  g_autoptr(BottegaOutboxEntry) entry = g_new0 (BottegaOutboxEntry, 1);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_autoptr(BottegaStmt) files = NULL;
  int rc = SQLITE_OK;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->account_id = sqlite3_column_int64 (stmt, 1);
  entry->message_id = sqlite3_column_int64 (stmt, 2);
  entry->conversation_id = sqlite3_column_int64 (stmt, 3);
  entry->conversation_remote_id = sqlite3_column_int64 (stmt, 4);
  entry->echo_id = bottega_column_strdup (stmt, 5);
  entry->content = bottega_column_strdup (stmt, 6);
  entry->is_private = sqlite3_column_int (stmt, 7) != 0;
  entry->in_reply_to = sqlite3_column_int64 (stmt, 8);
  entry->template_params = bottega_column_strdup (stmt, 9);
  entry->state = bottega_store_outbox_state_parse ((const char *) sqlite3_column_text (stmt, 10));
  entry->attempts = sqlite3_column_int (stmt, 11);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 12);
  entry->last_attempt_at = sqlite3_column_int64 (stmt, 13);
  entry->last_error = bottega_column_strdup (stmt, 14);

  files = bottega_store_conn_prepare (conn,
                                      "SELECT local_path FROM attachments "
                                      "WHERE message_id = ?1 AND local_path IS NOT NULL ORDER BY id",
                                      error);
  if (files == NULL)
    return NULL;
  bottega_bind_int64 (files, 1, entry->message_id, &rc);
  while ((rc = bottega_store_step (conn, files, rc, error)) == SQLITE_ROW)
    g_strv_builder_add (paths, (const char *) sqlite3_column_text (files, 0));
  if (rc != SQLITE_DONE)
    return NULL;
  entry->attachment_paths = g_strv_builder_end (paths);

  return g_steal_pointer (&entry);
}

BottegaOutboxEntry *
bottega_store_outbox_next (BottegaStore  *self,
                           gint64         account_id,
                           gint64         now,
                           GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* SENDING left over from a crash counts as due: the sender looks on the
   * server before sending again. FAILED waits for the user's Retry and
   * holds nothing back. */
  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          ENTRY_SELECT
                                          "WHERE o.account_id = ?1 "
                                          "  AND o.state IN ('queued', 'sending') "
                                          "  AND o.next_attempt_at <= ?2 "
                                          "  AND NOT EXISTS (SELECT 1 FROM outbox p "
                                          "                  WHERE p.conversation_id = o.conversation_id "
                                          "                    AND p.state IN ('queued', 'sending') "
                                          "                    AND p.id < o.id) "
                                          "ORDER BY o.id LIMIT 1",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, now, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, error);
  if (rc != SQLITE_ROW)
    return NULL;

  return read_entry (reader->conn, stmt, error);
}

GPtrArray *
bottega_store_outbox_pending (BottegaStore  *self,
                              gint64         account_id,
                              GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_outbox_entry_free);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          ENTRY_SELECT
                                          "WHERE o.account_id = ?1 AND o.state != 'sent' "
                                          "ORDER BY o.id",
                                          error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaOutboxEntry *entry = read_entry (reader->conn, stmt, error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&entries);
}

guint
bottega_store_outbox_count (BottegaStore *self,
                            gint64        account_id)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  if ((reader = bottega_store_reader_acquire (self, &error)) == NULL ||
      (stmt = bottega_store_conn_prepare (reader->conn,
                                          "SELECT count(*) FROM outbox "
                                          "WHERE account_id = ?1 AND state != 'sent'",
                                          &error)) == NULL)
    {
      bottega_store_warn_read_error (error);
      return 0;
    }

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, &error);
  if (rc != SQLITE_ROW)
    {
      bottega_store_warn_read_error (error);
      return 0;
    }

  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* ---- state changes ---- */

typedef enum {
  CHANGE_SENDING,
  CHANGE_SENT,
  CHANGE_FAILED,
  CHANGE_RETRY_LATER,
  CHANGE_RETRY,
} ChangeKind;

typedef struct {
  ChangeKind      kind;
  gint64          outbox_id;
  gint64          time;     /* now, or the next attempt */
  const char     *reason;
  BottegaMessage *remote;
} OutboxChange;

/* @outbox_sql takes ?1 the entry, ?2 the time and ?3 the reason (the
 * numbers it uses); @message_sql ?1 the message and ?2 the reason. */
static gboolean
update_states (BottegaStoreConn  *conn,
               gint64             outbox_id,
               gint64             message_id,
               const char        *outbox_sql,
               const char        *message_sql,
               const OutboxChange *change,
               GError           **error)
{
  int rc = SQLITE_OK;

  {
    g_autoptr(BottegaStmt) stmt = bottega_store_conn_prepare (conn, outbox_sql, error);

    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, outbox_id, &rc);
    if (sqlite3_bind_parameter_count (stmt) >= 2)
      bottega_bind_int64 (stmt, 2, change->time, &rc);
    if (sqlite3_bind_parameter_count (stmt) >= 3)
      bottega_bind_text (stmt, 3, change->reason, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  {
    g_autoptr(BottegaStmt) stmt = bottega_store_conn_prepare (conn, message_sql, error);

    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, message_id, &rc);
    if (sqlite3_bind_parameter_count (stmt) >= 2)
      bottega_bind_text (stmt, 2, change->reason, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  return TRUE;
}

static gboolean
outbox_change_func (BottegaStoreConn     *conn,
                    gpointer              data,
                    BottegaStoreChanges  *changes,
                    gpointer             *result,
                    GError              **error)
{
  OutboxChange *change = data;
  BottegaOutboxState state;
  gint64 account_id;
  gint64 message_id;
  gint64 conversation_id;
  gint64 last_attempt_at = 0;
  int rc = SQLITE_OK;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT account_id, message_id, conversation_id, state, "
                                       "       last_attempt_at "
                                       "FROM outbox WHERE id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, change->outbox_id, &rc);
    rc = bottega_store_step (conn, stmt, rc, error);
    if (rc == SQLITE_DONE)
      {
        /* Translators: %lld is an internal number of a reply waiting to be sent */
        g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                     _("The reply is no longer waiting to be sent (id %lld)"),
                     (long long) change->outbox_id);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      return FALSE;
    account_id = sqlite3_column_int64 (stmt, 0);
    message_id = sqlite3_column_int64 (stmt, 1);
    conversation_id = sqlite3_column_int64 (stmt, 2);
    state = bottega_store_outbox_state_parse ((const char *) sqlite3_column_text (stmt, 3));
    last_attempt_at = sqlite3_column_int64 (stmt, 4);
  }

  switch (change->kind)
    {
    case CHANGE_SENDING:
      /* The server's copy arrived (by its echo id) since the sender picked
       * this entry: sending again would duplicate it. */
      if (state == BOTTEGA_OUTBOX_SENT)
        {
          /* Translators: %lld is an internal number of a reply waiting to be sent */
          g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                       _("The reply was already sent (id %lld)"),
                       (long long) change->outbox_id);
          return FALSE;
        }
      /* Claimed by another sender (bottegactl send beside the app) whose
       * attempt is still running: leave it to that one. A SENDING entry
       * older than the lease was left by a crash and may be taken. */
      if (state == BOTTEGA_OUTBOX_SENDING &&
          change->time - last_attempt_at < BOTTEGA_STORE_SENDING_LEASE)
        {
          g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_BUSY,
                       _("Another Bottega is sending this reply"));
          return FALSE;
        }
      if (!update_states (conn, change->outbox_id, message_id,
                          "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
                          "  last_attempt_at = ?2 WHERE id = ?1",
                          "UPDATE messages SET status = 'sending', external_error = NULL WHERE id = ?1",
                          change, error))
        return FALSE;
      break;

    case CHANGE_SENT:
      if (!bottega_store_merge_remote_message (conn, account_id, message_id, change->remote,
                                               changes, error))
        return FALSE;
      break;

    case CHANGE_FAILED:
      if (state == BOTTEGA_OUTBOX_SENT)
        return TRUE;
      if (!update_states (conn, change->outbox_id, message_id,
                          "UPDATE outbox SET state = 'failed', last_error = ?3 WHERE id = ?1",
                          "UPDATE messages SET status = 'failed', external_error = ?2 WHERE id = ?1",
                          change, error))
        return FALSE;
      break;

    case CHANGE_RETRY_LATER:
      if (state == BOTTEGA_OUTBOX_SENT)
        return TRUE;
      if (!update_states (conn, change->outbox_id, message_id,
                          "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, "
                          "  last_error = ?3 WHERE id = ?1",
                          "UPDATE messages SET status = 'queued' WHERE id = ?1",
                          change, error))
        return FALSE;
      break;

    case CHANGE_RETRY:
      if (state != BOTTEGA_OUTBOX_FAILED)
        return TRUE;
      if (!update_states (conn, change->outbox_id, message_id,
                          "UPDATE outbox SET state = 'queued', next_attempt_at = 0, "
                          "  last_error = NULL WHERE id = ?1",
                          "UPDATE messages SET status = 'queued', external_error = NULL WHERE id = ?1",
                          change, error))
        return FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  bottega_store_changes_add_outbox (changes, account_id);
  bottega_store_changes_add_messages (changes, conversation_id);
  bottega_store_changes_add_conversations (changes, account_id);
  return TRUE;
}

static gboolean
change_outbox (BottegaStore  *self,
               OutboxChange  *change,
               GError       **error)
{
  return bottega_store_write (self, outbox_change_func, change, NULL, NULL, NULL, error);
}

gboolean
bottega_store_outbox_mark_sending (BottegaStore  *self,
                                   gint64         outbox_id,
                                   gint64         now,
                                   GError       **error)
{
  OutboxChange change = { CHANGE_SENDING, outbox_id, now, NULL, NULL };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_outbox (self, &change, error);
}

gboolean
bottega_store_outbox_mark_sent (BottegaStore    *self,
                                gint64           outbox_id,
                                BottegaMessage  *remote,
                                GError         **error)
{
  OutboxChange change = { CHANGE_SENT, outbox_id, 0, NULL, remote };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (remote), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_outbox (self, &change, error);
}

gboolean
bottega_store_outbox_mark_failed (BottegaStore  *self,
                                  gint64         outbox_id,
                                  const char    *reason,
                                  GError       **error)
{
  OutboxChange change = { CHANGE_FAILED, outbox_id, 0, reason, NULL };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_outbox (self, &change, error);
}

gboolean
bottega_store_outbox_retry_later (BottegaStore  *self,
                                  gint64         outbox_id,
                                  gint64         next_attempt_at,
                                  const char    *reason,
                                  GError       **error)
{
  OutboxChange change = { CHANGE_RETRY_LATER, outbox_id, next_attempt_at, reason, NULL };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_outbox (self, &change, error);
}

gboolean
bottega_store_outbox_retry (BottegaStore  *self,
                            gint64         outbox_id,
                            GError       **error)
{
  OutboxChange change = { CHANGE_RETRY, outbox_id, 0, NULL, NULL };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_outbox (self, &change, error);
}
