/* bottega-store-batch.c: what one sync page writes, in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-store.h"
#include "bottega-store-batch.h"
#include "bottega-store-private.h"

typedef struct {
  gint64     conversation_remote_id;
  GPtrArray *messages;
  gboolean   reached_oldest;
} MessageGroup;

struct _BottegaStoreBatch {
  gatomicrefcount  ref_count;
  gint64           account_id;
  GPtrArray       *inboxes;
  GPtrArray       *labels;
  GPtrArray       *agents;
  GPtrArray       *canned_responses;
  GPtrArray       *customers;
  GPtrArray       *conversations;
  GPtrArray       *message_groups;   /* MessageGroup */
  GPtrArray       *sync_keys;
  GPtrArray       *sync_values;
  gboolean         replace_reference;
};

G_DEFINE_BOXED_TYPE (BottegaStoreBatch, bottega_store_batch,
                     bottega_store_batch_ref, bottega_store_batch_unref)

static void
message_group_free (gpointer data)
{
  MessageGroup *group = data;

  g_ptr_array_unref (group->messages);
  g_free (group);
}

BottegaStoreBatch *
bottega_store_batch_new (gint64 account_id)
{
  BottegaStoreBatch *batch = g_new0 (BottegaStoreBatch, 1);

  g_atomic_ref_count_init (&batch->ref_count);
  batch->account_id = account_id;
  batch->inboxes = g_ptr_array_new_with_free_func (g_object_unref);
  batch->labels = g_ptr_array_new_with_free_func (g_object_unref);
  batch->agents = g_ptr_array_new_with_free_func (g_object_unref);
  batch->canned_responses = g_ptr_array_new_with_free_func (g_object_unref);
  batch->customers = g_ptr_array_new_with_free_func (g_object_unref);
  batch->conversations = g_ptr_array_new_with_free_func (g_object_unref);
  batch->message_groups = g_ptr_array_new_with_free_func (message_group_free);
  batch->sync_keys = g_ptr_array_new_with_free_func (g_free);
  batch->sync_values = g_ptr_array_new_with_free_func (g_free);

  return batch;
}

BottegaStoreBatch *
bottega_store_batch_ref (BottegaStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);

  g_atomic_ref_count_inc (&batch->ref_count);
  return batch;
}

void
bottega_store_batch_unref (BottegaStoreBatch *batch)
{
  g_return_if_fail (batch != NULL);

  if (!g_atomic_ref_count_dec (&batch->ref_count))
    return;

  g_ptr_array_unref (batch->inboxes);
  g_ptr_array_unref (batch->labels);
  g_ptr_array_unref (batch->agents);
  g_ptr_array_unref (batch->canned_responses);
  g_ptr_array_unref (batch->customers);
  g_ptr_array_unref (batch->conversations);
  g_ptr_array_unref (batch->message_groups);
  g_ptr_array_unref (batch->sync_keys);
  g_ptr_array_unref (batch->sync_values);
  g_free (batch);
}

gint64
bottega_store_batch_get_account_id (BottegaStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);

  return batch->account_id;
}

gboolean
bottega_store_batch_is_empty (BottegaStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, TRUE);

  /* A batch that replaces reference data says something even when empty:
   * the provider has none. */
  return !batch->replace_reference &&
         batch->inboxes->len == 0 &&
         batch->labels->len == 0 &&
         batch->agents->len == 0 &&
         batch->canned_responses->len == 0 &&
         batch->customers->len == 0 &&
         batch->conversations->len == 0 &&
         batch->message_groups->len == 0 &&
         batch->sync_keys->len == 0;
}

void
bottega_store_batch_add_inbox (BottegaStoreBatch *batch,
                               BottegaInbox      *inbox)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (BOTTEGA_IS_INBOX (inbox));

  g_ptr_array_add (batch->inboxes, g_object_ref (inbox));
}

void
bottega_store_batch_add_label (BottegaStoreBatch *batch,
                               BottegaLabel      *label)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (BOTTEGA_IS_LABEL (label));

  g_ptr_array_add (batch->labels, g_object_ref (label));
}

void
bottega_store_batch_add_agent (BottegaStoreBatch *batch,
                               BottegaAgent      *agent)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (BOTTEGA_IS_AGENT (agent));

  g_ptr_array_add (batch->agents, g_object_ref (agent));
}

void
bottega_store_batch_add_canned_response (BottegaStoreBatch     *batch,
                                         BottegaCannedResponse *response)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (BOTTEGA_IS_CANNED_RESPONSE (response));

  g_ptr_array_add (batch->canned_responses, g_object_ref (response));
}

void
bottega_store_batch_set_replace_reference (BottegaStoreBatch *batch,
                                           gboolean           replace_all)
{
  g_return_if_fail (batch != NULL);

  batch->replace_reference = !!replace_all;
}

void
bottega_store_batch_add_customer (BottegaStoreBatch *batch,
                                  BottegaCustomer   *customer)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (BOTTEGA_IS_CUSTOMER (customer));

  g_ptr_array_add (batch->customers, g_object_ref (customer));
}

void
bottega_store_batch_add_conversation (BottegaStoreBatch   *batch,
                                      BottegaConversation *conversation)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (conversation));

  g_ptr_array_add (batch->conversations, g_object_ref (conversation));
}

void
bottega_store_batch_add_messages (BottegaStoreBatch *batch,
                                  gint64             conversation_remote_id,
                                  GPtrArray         *messages,
                                  gboolean           reached_oldest)
{
  MessageGroup *group;

  g_return_if_fail (batch != NULL);
  g_return_if_fail (messages != NULL);

  group = g_new0 (MessageGroup, 1);
  group->conversation_remote_id = conversation_remote_id;
  group->messages = g_ptr_array_copy (messages, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (group->messages, g_object_unref);
  group->reached_oldest = !!reached_oldest;
  g_ptr_array_add (batch->message_groups, group);
}

void
bottega_store_batch_set_sync_value (BottegaStoreBatch *batch,
                                    const char        *key,
                                    const char        *value)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (key != NULL);

  g_ptr_array_add (batch->sync_keys, g_strdup (key));
  g_ptr_array_add (batch->sync_values, g_strdup (value));
}

/* ---- writing (writer thread) ---- */

/* @message is a translated sentence. */
static gboolean
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED, message);
  return FALSE;
}

/* Steps an INSERT … RETURNING id. */
static gboolean
step_returning_id (BottegaStoreConn  *conn,
                   BottegaStmt       *stmt,
                   int                rc,
                   gint64            *id,
                   GError           **error)
{
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                           _("The local database did not save an item it was given"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return FALSE;

  *id = sqlite3_column_int64 (stmt, 0);
  return bottega_store_step_done (conn, stmt, rc, error);
}

/* Looks up one integer; *found tells a missing row. */
static gboolean
lookup_id (BottegaStoreConn  *conn,
           BottegaStmt       *stmt,
           int                rc,
           gint64            *id,
           gboolean          *found,
           GError           **error)
{
  rc = bottega_store_step (conn, stmt, rc, error);
  *found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);

  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static void
id_list_add (GString *ids,
             gint64   id)
{
  g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 1 ? "," : "", id);
}

static gboolean
delete_unnamed (BottegaStoreConn  *conn,
                const char        *sql,
                gint64             account_id,
                GString           *ids,
                GError           **error)
{
  g_autoptr(BottegaStmt) stmt = bottega_store_conn_prepare (conn, sql, error);
  g_autofree char *json = g_strconcat (ids->str, "]", NULL);
  int rc = SQLITE_OK;

  if (stmt == NULL)
    return FALSE;

  /* The kept ids are bound as one JSON array parameter. */
  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_text (stmt, 2, json, &rc);
  return bottega_store_step_done (conn, stmt, rc, error);
}

static gboolean
write_inboxes (BottegaStoreBatch  *batch,
               BottegaStoreConn   *conn,
               GError            **error)
{
  g_autoptr(GString) ids = g_string_new ("[");

  for (guint i = 0; i < batch->inboxes->len; i++)
    {
      BottegaInbox *inbox = g_ptr_array_index (batch->inboxes, i);
      g_autoptr(BottegaStmt) stmt = NULL;
      gint64 id = 0;
      int rc = SQLITE_OK;

      if (bottega_inbox_get_remote_id (inbox) == 0)
        return set_invalid (error, _("An inbox from the server has no id; nothing of this update was saved"));

      stmt = bottega_store_conn_prepare (conn,
                                         "INSERT INTO inboxes (account_id, remote_id, name, channel_type, "
                                         "                     phone_number, provider, templates) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce (?7, '[]')) "
                                         "ON CONFLICT (account_id, remote_id) DO UPDATE SET "
                                         "  name = excluded.name, channel_type = excluded.channel_type, "
                                         "  phone_number = excluded.phone_number, "
                                         "  provider = excluded.provider, templates = excluded.templates "
                                         "RETURNING id",
                                         error);
      if (stmt == NULL)
        return FALSE;

      bottega_bind_int64 (stmt, 1, batch->account_id, &rc);
      bottega_bind_int64 (stmt, 2, bottega_inbox_get_remote_id (inbox), &rc);
      bottega_bind_text (stmt, 3, bottega_inbox_get_name (inbox), &rc);
      bottega_bind_text (stmt, 4, bottega_inbox_get_channel_type (inbox), &rc);
      bottega_bind_text (stmt, 5, bottega_inbox_get_phone_number (inbox), &rc);
      bottega_bind_text (stmt, 6, bottega_inbox_get_provider (inbox), &rc);
      bottega_bind_text (stmt, 7, bottega_inbox_get_templates (inbox), &rc);
      if (!step_returning_id (conn, stmt, rc, &id, error))
        return FALSE;
      id_list_add (ids, id);
    }

  if (batch->replace_reference &&
      !delete_unnamed (conn,
                       "DELETE FROM inboxes WHERE account_id = ?1 "
                       "AND id NOT IN (SELECT value FROM json_each (?2))",
                       batch->account_id, ids, error))
    return FALSE;

  return TRUE;
}

static gboolean
write_labels (BottegaStoreBatch  *batch,
              BottegaStoreConn   *conn,
              GError            **error)
{
  g_autoptr(GString) ids = g_string_new ("[");

  for (guint i = 0; i < batch->labels->len; i++)
    {
      BottegaLabel *label = g_ptr_array_index (batch->labels, i);
      g_autoptr(BottegaStmt) stmt = NULL;
      gint64 id = 0;
      int rc = SQLITE_OK;

      if (bottega_label_get_remote_id (label) == 0)
        return set_invalid (error, _("A label from the server has no id; nothing of this update was saved"));

      stmt = bottega_store_conn_prepare (conn,
                                         "INSERT INTO labels (account_id, remote_id, title, description, color) "
                                         "VALUES (?1, ?2, coalesce (?3, ''), ?4, ?5) "
                                         "ON CONFLICT (account_id, remote_id) DO UPDATE SET "
                                         "  title = excluded.title, description = excluded.description, "
                                         "  color = excluded.color "
                                         "RETURNING id",
                                         error);
      if (stmt == NULL)
        return FALSE;

      bottega_bind_int64 (stmt, 1, batch->account_id, &rc);
      bottega_bind_int64 (stmt, 2, bottega_label_get_remote_id (label), &rc);
      bottega_bind_text (stmt, 3, bottega_label_get_title (label), &rc);
      bottega_bind_text (stmt, 4, bottega_label_get_description (label), &rc);
      bottega_bind_text (stmt, 5, bottega_label_get_color (label), &rc);
      if (!step_returning_id (conn, stmt, rc, &id, error))
        return FALSE;
      id_list_add (ids, id);
    }

  if (batch->replace_reference &&
      !delete_unnamed (conn,
                       "DELETE FROM labels WHERE account_id = ?1 "
                       "AND id NOT IN (SELECT value FROM json_each (?2))",
                       batch->account_id, ids, error))
    return FALSE;

  return TRUE;
}

static gboolean
write_agents (BottegaStoreBatch  *batch,
              BottegaStoreConn   *conn,
              GError            **error)
{
  g_autoptr(GString) ids = g_string_new ("[");

  for (guint i = 0; i < batch->agents->len; i++)
    {
      BottegaAgent *agent = g_ptr_array_index (batch->agents, i);
      g_autoptr(BottegaStmt) stmt = NULL;
      gint64 id = 0;
      int rc = SQLITE_OK;

      if (bottega_agent_get_remote_id (agent) == 0)
        return set_invalid (error, _("An agent from the server has no id; nothing of this update was saved"));

      stmt = bottega_store_conn_prepare (conn,
                                         "INSERT INTO agents (account_id, remote_id, name, available_name, "
                                         "                    email, role, thumbnail) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                         "ON CONFLICT (account_id, remote_id) DO UPDATE SET "
                                         "  name = excluded.name, available_name = excluded.available_name, "
                                         "  email = excluded.email, role = excluded.role, "
                                         "  thumbnail = excluded.thumbnail "
                                         "RETURNING id",
                                         error);
      if (stmt == NULL)
        return FALSE;

      bottega_bind_int64 (stmt, 1, batch->account_id, &rc);
      bottega_bind_int64 (stmt, 2, bottega_agent_get_remote_id (agent), &rc);
      bottega_bind_text (stmt, 3, bottega_agent_get_name (agent), &rc);
      bottega_bind_text (stmt, 4, bottega_agent_get_available_name (agent), &rc);
      bottega_bind_text (stmt, 5, bottega_agent_get_email (agent), &rc);
      bottega_bind_text (stmt, 6, bottega_agent_get_role (agent), &rc);
      bottega_bind_text (stmt, 7, bottega_agent_get_thumbnail (agent), &rc);
      if (!step_returning_id (conn, stmt, rc, &id, error))
        return FALSE;
      id_list_add (ids, id);
    }

  if (batch->replace_reference &&
      !delete_unnamed (conn,
                       "DELETE FROM agents WHERE account_id = ?1 "
                       "AND id NOT IN (SELECT value FROM json_each (?2))",
                       batch->account_id, ids, error))
    return FALSE;

  return TRUE;
}

static gboolean
write_canned_responses (BottegaStoreBatch  *batch,
                        BottegaStoreConn   *conn,
                        GError            **error)
{
  g_autoptr(GString) ids = g_string_new ("[");

  for (guint i = 0; i < batch->canned_responses->len; i++)
    {
      BottegaCannedResponse *response = g_ptr_array_index (batch->canned_responses, i);
      g_autoptr(BottegaStmt) stmt = NULL;
      gint64 id = 0;
      int rc = SQLITE_OK;

      if (bottega_canned_response_get_remote_id (response) == 0)
        return set_invalid (error, _("A canned response from the server has no id; nothing of this update was saved"));

      stmt = bottega_store_conn_prepare (conn,
                                         "INSERT INTO canned_responses (account_id, remote_id, short_code, content) "
                                         "VALUES (?1, ?2, ?3, ?4) "
                                         "ON CONFLICT (account_id, remote_id) DO UPDATE SET "
                                         "  short_code = excluded.short_code, content = excluded.content "
                                         "RETURNING id",
                                         error);
      if (stmt == NULL)
        return FALSE;

      bottega_bind_int64 (stmt, 1, batch->account_id, &rc);
      bottega_bind_int64 (stmt, 2, bottega_canned_response_get_remote_id (response), &rc);
      bottega_bind_text (stmt, 3, bottega_canned_response_get_short_code (response), &rc);
      bottega_bind_text (stmt, 4, bottega_canned_response_get_content (response), &rc);
      if (!step_returning_id (conn, stmt, rc, &id, error))
        return FALSE;
      id_list_add (ids, id);
    }

  if (batch->replace_reference &&
      !delete_unnamed (conn,
                       "DELETE FROM canned_responses WHERE account_id = ?1 "
                       "AND id NOT IN (SELECT value FROM json_each (?2))",
                       batch->account_id, ids, error))
    return FALSE;

  return TRUE;
}

static gboolean
upsert_customer (BottegaStoreConn  *conn,
                 gint64             account_id,
                 BottegaCustomer   *customer,
                 gint64            *id,
                 GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  if (bottega_customer_get_remote_id (customer) == 0)
    return set_invalid (error, _("A customer from the server has no id; nothing of this update was saved"));

  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO customers (account_id, remote_id, name, email, "
                                     "                       phone_number, identifier, thumbnail, "
                                     "                       additional_attributes, custom_attributes, "
                                     "                       blocked) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce (?8, '{}'), "
                                     "        coalesce (?9, '{}'), ?10) "
                                     "ON CONFLICT (account_id, remote_id) DO UPDATE SET "
                                     "  name = excluded.name, email = excluded.email, "
                                     "  phone_number = excluded.phone_number, "
                                     "  identifier = excluded.identifier, thumbnail = excluded.thumbnail, "
                                     "  additional_attributes = excluded.additional_attributes, "
                                     "  custom_attributes = excluded.custom_attributes, "
                                     "  blocked = excluded.blocked "
                                     "RETURNING id",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, bottega_customer_get_remote_id (customer), &rc);
  bottega_bind_text (stmt, 3, bottega_customer_get_name (customer), &rc);
  bottega_bind_text (stmt, 4, bottega_customer_get_email (customer), &rc);
  bottega_bind_text (stmt, 5, bottega_customer_get_phone_number (customer), &rc);
  bottega_bind_text (stmt, 6, bottega_customer_get_identifier (customer), &rc);
  bottega_bind_text (stmt, 7, bottega_customer_get_thumbnail (customer), &rc);
  bottega_bind_text (stmt, 8, bottega_customer_get_additional_attributes (customer), &rc);
  bottega_bind_text (stmt, 9, bottega_customer_get_custom_attributes (customer), &rc);
  bottega_bind_int64 (stmt, 10, bottega_customer_get_blocked (customer) ? 1 : 0, &rc);

  return step_returning_id (conn, stmt, rc, id, error);
}

/* ---- attachments ---- */

static void
bind_attachment_fields (BottegaStmt       *stmt,
                        BottegaAttachment *attachment,
                        int               *rc)
{
  bottega_bind_text (stmt, 4, bottega_attachment_get_file_type (attachment), rc);
  bottega_bind_text (stmt, 5, bottega_attachment_get_extension (attachment), rc);
  bottega_bind_text (stmt, 6, bottega_attachment_get_content_type (attachment), rc);
  bottega_bind_text (stmt, 7, bottega_attachment_get_data_url (attachment), rc);
  bottega_bind_text (stmt, 8, bottega_attachment_get_thumb_url (attachment), rc);
  bottega_bind_int64 (stmt, 9, bottega_attachment_get_file_size (attachment), rc);
  bottega_bind_int64 (stmt, 10, bottega_attachment_get_width (attachment), rc);
  bottega_bind_int64 (stmt, 11, bottega_attachment_get_height (attachment), rc);
  bottega_bind_text (stmt, 12, bottega_attachment_get_file_name (attachment), rc);
  bottega_bind_text (stmt, 13, bottega_attachment_get_local_path (attachment), rc);
}

/* Updates the row @id with what the provider says, keeping what only we
 * know (where the file is on disk, the name it had) when it says nothing. */
static gboolean
update_attachment (BottegaStoreConn   *conn,
                   gint64              id,
                   gint64              message_id,
                   BottegaAttachment  *attachment,
                   GError            **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "UPDATE attachments SET "
                                     "  message_id = ?2, remote_id = ?3, "
                                     "  file_type = coalesce (?4, file_type), "
                                     "  extension = coalesce (?5, extension), "
                                     "  content_type = coalesce (?6, content_type), "
                                     "  data_url = coalesce (?7, data_url), "
                                     "  thumb_url = coalesce (?8, thumb_url), "
                                     "  file_size = CASE WHEN ?9 > 0 THEN ?9 ELSE file_size END, "
                                     "  width = CASE WHEN ?10 > 0 THEN ?10 ELSE width END, "
                                     "  height = CASE WHEN ?11 > 0 THEN ?11 ELSE height END, "
                                     "  file_name = coalesce (?12, file_name), "
                                     "  local_path = coalesce (?13, local_path) "
                                     "WHERE id = ?1",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, id, &rc);
  bottega_bind_int64 (stmt, 2, message_id, &rc);
  bottega_bind_id (stmt, 3, bottega_attachment_get_remote_id (attachment), &rc);
  bind_attachment_fields (stmt, attachment, &rc);
  return bottega_store_step_done (conn, stmt, rc, error);
}

static gboolean
insert_attachment (BottegaStoreConn   *conn,
                   gint64              account_id,
                   gint64              message_id,
                   BottegaAttachment  *attachment,
                   GError            **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO attachments (account_id, message_id, remote_id, "
                                     "  file_type, extension, content_type, data_url, thumb_url, "
                                     "  file_size, width, height, file_name, local_path) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, message_id, &rc);
  bottega_bind_id (stmt, 3, bottega_attachment_get_remote_id (attachment), &rc);
  bind_attachment_fields (stmt, attachment, &rc);
  return bottega_store_step_done (conn, stmt, rc, error);
}

/* SQL: the message ?1 was deleted on the provider. */
#define MESSAGE_DELETED \
  "(SELECT CASE WHEN json_valid (m.content_attributes) " \
  "        THEN json_extract (m.content_attributes, '$.deleted') END " \
  " FROM messages m WHERE m.id = ?1) = 1"

/* Makes the attachments of @message_id those of @message: each one with a
 * remote id updates its row wherever it is; otherwise it takes over the
 * next row the server did not have (a local echo's upload, in order), or is
 * inserted. Local rows left over are gone on the server: deleted. */
static gboolean
write_attachments (BottegaStoreConn  *conn,
                   gint64             account_id,
                   gint64             message_id,
                   BottegaMessage    *message,
                   GError           **error)
{
  GListModel *attachments = bottega_message_get_attachments (message);
  guint n_attachments = g_list_model_get_n_items (attachments);
  g_autoptr(GArray) pending = NULL;
  guint next_pending = 0;
  int rc = SQLITE_OK;

  /* Most messages have no files: then the rows to go are the local ones
   * (all of them are left over) and, for a message deleted on the provider,
   * every one — one statement, which finds nothing through the index for a
   * message that never had files. */
  if (n_attachments == 0)
    {
      g_autoptr(BottegaStmt) stmt = NULL;

      stmt = bottega_store_conn_prepare (conn,
                                         "DELETE FROM attachments WHERE message_id = ?1 AND "
                                         "(remote_id IS NULL OR " MESSAGE_DELETED ")",
                                         error);
      if (stmt == NULL)
        return FALSE;
      bottega_bind_int64 (stmt, 1, message_id, &rc);
      return bottega_store_step_done (conn, stmt, rc, error);
    }

  pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT id FROM attachments "
                                       "WHERE message_id = ?1 AND remote_id IS NULL ORDER BY id",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, message_id, &rc);
    while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (pending, id);
      }
    if (rc != SQLITE_DONE)
      return FALSE;
  }

  for (guint i = 0; i < n_attachments; i++)
    {
      g_autoptr(BottegaAttachment) attachment = g_list_model_get_item (attachments, i);
      gint64 remote_id = bottega_attachment_get_remote_id (attachment);
      gint64 id = 0;
      gboolean found = FALSE;

      if (remote_id != 0)
        {
          g_autoptr(BottegaStmt) stmt = NULL;

          stmt = bottega_store_conn_prepare (conn,
                                             "SELECT id FROM attachments "
                                             "WHERE account_id = ?1 AND remote_id = ?2",
                                             error);
          if (stmt == NULL)
            return FALSE;
          rc = SQLITE_OK;
          bottega_bind_int64 (stmt, 1, account_id, &rc);
          bottega_bind_int64 (stmt, 2, remote_id, &rc);
          if (!lookup_id (conn, stmt, rc, &id, &found, error))
            return FALSE;
        }

      if (!found && next_pending < pending->len)
        {
          id = g_array_index (pending, gint64, next_pending++);
          found = TRUE;
        }

      if (found)
        {
          if (!update_attachment (conn, id, message_id, attachment, error))
            return FALSE;
        }
      else if (!insert_attachment (conn, account_id, message_id, attachment, error))
        {
          return FALSE;
        }
    }

  for (guint i = next_pending; i < pending->len; i++)
    {
      g_autoptr(BottegaStmt) stmt = NULL;

      stmt = bottega_store_conn_prepare (conn, "DELETE FROM attachments WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      rc = SQLITE_OK;
      bottega_bind_int64 (stmt, 1, g_array_index (pending, gint64, i), &rc);
      if (!bottega_store_step_done (conn, stmt, rc, error))
        return FALSE;
    }

  /* A message deleted on the provider loses its files. */
  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "DELETE FROM attachments WHERE message_id = ?1 AND " MESSAGE_DELETED,
                                       error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, message_id, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  return TRUE;
}

/* ---- messages ---- */

/* QUEUED and SENDING exist only in our outbox: what the server holds is sent. */
static const char *
remote_status_name (BottegaMessage *message)
{
  BottegaMessageStatus status = bottega_message_get_status (message);

  if (status == BOTTEGA_MESSAGE_STATUS_QUEUED || status == BOTTEGA_MESSAGE_STATUS_SENDING)
    status = BOTTEGA_MESSAGE_STATUS_SENT;

  return bottega_store_message_status_name (status);
}

gboolean
bottega_store_merge_remote_message (BottegaStoreConn     *conn,
                                    gint64                account_id,
                                    gint64                message_id,
                                    BottegaMessage       *remote,
                                    BottegaStoreChanges  *changes,
                                    GError              **error)
{
  gint64 remote_id = bottega_message_get_remote_id (remote);
  gint64 conversation_id = 0;
  gboolean found = FALSE;
  int rc = SQLITE_OK;

  if (remote_id == 0)
    return set_invalid (error, _("A message from the server has no id; nothing of this update was saved"));

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT conversation_id FROM messages WHERE id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, message_id, &rc);
    if (!lookup_id (conn, stmt, rc, &conversation_id, &found, error))
      return FALSE;
    if (!found)
      {
        /* Translators: %lld is an internal number of the message */
        g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                     _("The message is no longer in the local database (id %lld)"),
                     (long long) message_id);
        return FALSE;
      }
  }

  /* A pull may have stored the server's copy meanwhile: ours takes over. */
  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "DELETE FROM messages "
                                       "WHERE account_id = ?1 AND remote_id = ?2 AND id != ?3",
                                       error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, account_id, &rc);
    bottega_bind_int64 (stmt, 2, remote_id, &rc);
    bottega_bind_int64 (stmt, 3, message_id, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "UPDATE messages SET "
                                       "  remote_id = ?2, content = ?3, message_type = ?4, "
                                       "  content_type = coalesce (?5, content_type), status = ?6, "
                                       "  private = ?7, "
                                       "  created_at = CASE WHEN ?8 > 0 THEN ?8 ELSE created_at END, "
                                       "  sender_type = coalesce (?9, sender_type), "
                                       "  sender_id = CASE WHEN ?10 != 0 THEN ?10 ELSE sender_id END, "
                                       "  sender_name = coalesce (?11, sender_name), "
                                       "  echo_id = coalesce (?12, echo_id), source_id = ?13, "
                                       "  external_error = ?14, in_reply_to = ?15, "
                                       "  content_attributes = coalesce (?16, '{}') "
                                       "WHERE id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, message_id, &rc);
    bottega_bind_int64 (stmt, 2, remote_id, &rc);
    bottega_bind_text (stmt, 3, bottega_message_get_content (remote), &rc);
    bottega_bind_int64 (stmt, 4, bottega_message_get_message_type (remote), &rc);
    bottega_bind_text (stmt, 5, bottega_message_get_content_type (remote), &rc);
    bottega_bind_text (stmt, 6, remote_status_name (remote), &rc);
    bottega_bind_int64 (stmt, 7, bottega_message_get_private (remote) ? 1 : 0, &rc);
    bottega_bind_int64 (stmt, 8, bottega_message_get_created_at (remote), &rc);
    bottega_bind_text (stmt, 9, bottega_message_get_sender_type (remote), &rc);
    bottega_bind_int64 (stmt, 10, bottega_message_get_sender_id (remote), &rc);
    bottega_bind_text (stmt, 11, bottega_message_get_sender_name (remote), &rc);
    bottega_bind_text (stmt, 12, bottega_message_get_echo_id (remote), &rc);
    bottega_bind_text (stmt, 13, bottega_message_get_source_id (remote), &rc);
    bottega_bind_text (stmt, 14, bottega_message_get_external_error (remote), &rc);
    bottega_bind_int64 (stmt, 15, bottega_message_get_in_reply_to (remote), &rc);
    bottega_bind_text (stmt, 16, bottega_message_get_content_attributes (remote), &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  if (!write_attachments (conn, account_id, message_id, remote, error))
    return FALSE;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "UPDATE outbox SET state = 'sent', last_error = NULL "
                                       "WHERE message_id = ?1 AND state != 'sent'",
                                       error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, message_id, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
    if (sqlite3_changes (conn->db) > 0)
      bottega_store_changes_add_outbox (changes, account_id);
  }

  bottega_store_changes_add_messages (changes, conversation_id);
  bottega_store_changes_add_conversations (changes, account_id);
  return TRUE;
}

/* A message from the provider: an upsert by remote id, unless it is the
 * server's copy of one of our local echoes (same echo id), which it then
 * becomes. */
static gboolean
upsert_message (BottegaStoreConn     *conn,
                gint64                account_id,
                gint64                conversation_id,
                BottegaMessage       *message,
                BottegaStoreChanges  *changes,
                GError              **error)
{
  const char *echo_id = bottega_message_get_echo_id (message);
  g_autoptr(BottegaStmt) stmt = NULL;
  gint64 id = 0;
  int rc = SQLITE_OK;

  if (bottega_message_get_remote_id (message) == 0)
    return set_invalid (error, _("A message from the server has no id; nothing of this update was saved"));

  if (echo_id != NULL)
    {
      g_autoptr(BottegaStmt) echo = NULL;
      gboolean found = FALSE;

      echo = bottega_store_conn_prepare (conn,
                                         "SELECT id FROM messages "
                                         "WHERE account_id = ?1 AND echo_id = ?2 AND remote_id IS NULL",
                                         error);
      if (echo == NULL)
        return FALSE;
      bottega_bind_int64 (echo, 1, account_id, &rc);
      bottega_bind_text (echo, 2, echo_id, &rc);
      if (!lookup_id (conn, echo, rc, &id, &found, error))
        return FALSE;
      if (found)
        return bottega_store_merge_remote_message (conn, account_id, id, message, changes, error);
    }

  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO messages (account_id, conversation_id, remote_id, "
                                     "  content, message_type, content_type, status, private, "
                                     "  created_at, sender_type, sender_id, sender_name, echo_id, "
                                     "  source_id, external_error, in_reply_to, content_attributes) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, coalesce (?6, 'text'), ?7, ?8, ?9, "
                                     "        ?10, ?11, ?12, ?13, ?14, ?15, ?16, coalesce (?17, '{}')) "
                                     "ON CONFLICT (account_id, remote_id) DO UPDATE SET "
                                     "  conversation_id = excluded.conversation_id, "
                                     "  content = excluded.content, message_type = excluded.message_type, "
                                     "  content_type = excluded.content_type, status = excluded.status, "
                                     "  private = excluded.private, created_at = excluded.created_at, "
                                     "  sender_type = excluded.sender_type, sender_id = excluded.sender_id, "
                                     "  sender_name = excluded.sender_name, "
                                     "  echo_id = coalesce (excluded.echo_id, messages.echo_id), "
                                     "  source_id = excluded.source_id, "
                                     "  external_error = excluded.external_error, "
                                     "  in_reply_to = excluded.in_reply_to, "
                                     "  content_attributes = excluded.content_attributes "
                                     "RETURNING id",
                                     error);
  if (stmt == NULL)
    return FALSE;

  rc = SQLITE_OK;
  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, conversation_id, &rc);
  bottega_bind_int64 (stmt, 3, bottega_message_get_remote_id (message), &rc);
  bottega_bind_text (stmt, 4, bottega_message_get_content (message), &rc);
  bottega_bind_int64 (stmt, 5, bottega_message_get_message_type (message), &rc);
  bottega_bind_text (stmt, 6, bottega_message_get_content_type (message), &rc);
  bottega_bind_text (stmt, 7, remote_status_name (message), &rc);
  bottega_bind_int64 (stmt, 8, bottega_message_get_private (message) ? 1 : 0, &rc);
  bottega_bind_int64 (stmt, 9, bottega_message_get_created_at (message), &rc);
  bottega_bind_text (stmt, 10, bottega_message_get_sender_type (message), &rc);
  bottega_bind_int64 (stmt, 11, bottega_message_get_sender_id (message), &rc);
  bottega_bind_text (stmt, 12, bottega_message_get_sender_name (message), &rc);
  bottega_bind_text (stmt, 13, echo_id, &rc);
  bottega_bind_text (stmt, 14, bottega_message_get_source_id (message), &rc);
  bottega_bind_text (stmt, 15, bottega_message_get_external_error (message), &rc);
  bottega_bind_int64 (stmt, 16, bottega_message_get_in_reply_to (message), &rc);
  bottega_bind_text (stmt, 17, bottega_message_get_content_attributes (message), &rc);
  if (!step_returning_id (conn, stmt, rc, &id, error))
    return FALSE;

  if (!write_attachments (conn, account_id, id, message, error))
    return FALSE;

  bottega_store_changes_add_messages (changes, conversation_id);
  return TRUE;
}

/* New messages bring the conversation up the list at once, before the
 * provider's own conversation update arrives. */
static gboolean
bump_activity (BottegaStoreConn  *conn,
               gint64             conversation_id,
               gint64             activity_at,
               GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "UPDATE conversations SET last_activity_at = ?2 "
                                     "WHERE id = ?1 AND last_activity_at < ?2",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, conversation_id, &rc);
  bottega_bind_int64 (stmt, 2, activity_at, &rc);
  return bottega_store_step_done (conn, stmt, rc, error);
}

/* ---- conversations ---- */

static gboolean
write_conversation_labels (BottegaStoreConn     *conn,
                           gint64                conversation_id,
                           BottegaConversation  *conversation,
                           GError              **error)
{
  const char * const *labels = bottega_conversation_get_labels (conversation);
  int rc = SQLITE_OK;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "DELETE FROM conversation_labels WHERE conversation_id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, conversation_id, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      g_autoptr(BottegaStmt) stmt = NULL;

      stmt = bottega_store_conn_prepare (conn,
                                         "INSERT INTO conversation_labels (conversation_id, title, position) "
                                         "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                                         error);
      if (stmt == NULL)
        return FALSE;
      rc = SQLITE_OK;
      bottega_bind_int64 (stmt, 1, conversation_id, &rc);
      bottega_bind_text (stmt, 2, labels[i], &rc);
      bottega_bind_int64 (stmt, 3, i, &rc);
      if (!bottega_store_step_done (conn, stmt, rc, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_conversation (BottegaStoreConn     *conn,
                    gint64                account_id,
                    BottegaConversation  *conversation,
                    BottegaStoreChanges  *changes,
                    GError              **error)
{
  BottegaCustomer *customer = bottega_conversation_get_customer (conversation);
  BottegaMessage *last_message = bottega_conversation_get_last_message (conversation);
  g_autoptr(BottegaStmt) stmt = NULL;
  gint64 customer_id = 0;
  gint64 id = 0;
  int rc = SQLITE_OK;

  if (bottega_conversation_get_remote_id (conversation) == 0)
    return set_invalid (error, _("A conversation from the server has no id; nothing of this update was saved"));

  /* A conversation whose contact the provider left out keeps the one we know. */
  if (customer != NULL && bottega_customer_get_remote_id (customer) != 0 &&
      !upsert_customer (conn, account_id, customer, &customer_id, error))
    return FALSE;

  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO conversations (account_id, remote_id, uuid, "
                                     "  inbox_remote_id, customer_id, channel, status, priority, "
                                     "  snoozed_until, can_reply, unread_count, assignee_remote_id, "
                                     "  assignee_name, last_activity_at, waiting_since, "
                                     "  agent_last_seen_at, created_at, updated_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                                     "        ?14, ?15, ?16, ?17, ?18) "
                                     "ON CONFLICT (account_id, remote_id) DO UPDATE SET "
                                     "  uuid = coalesce (excluded.uuid, conversations.uuid), "
                                     "  inbox_remote_id = excluded.inbox_remote_id, "
                                     "  customer_id = coalesce (excluded.customer_id, conversations.customer_id), "
                                     "  channel = coalesce (excluded.channel, conversations.channel), "
                                     "  status = excluded.status, priority = excluded.priority, "
                                     "  snoozed_until = excluded.snoozed_until, "
                                     "  can_reply = excluded.can_reply, "
                                     "  unread_count = excluded.unread_count, "
                                     "  assignee_remote_id = excluded.assignee_remote_id, "
                                     "  assignee_name = excluded.assignee_name, "
                                     "  last_activity_at = excluded.last_activity_at, "
                                     "  waiting_since = excluded.waiting_since, "
                                     "  agent_last_seen_at = excluded.agent_last_seen_at, "
                                     "  created_at = excluded.created_at, "
                                     "  updated_at = excluded.updated_at "
                                     "RETURNING id",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, bottega_conversation_get_remote_id (conversation), &rc);
  bottega_bind_text (stmt, 3, bottega_conversation_get_uuid (conversation), &rc);
  bottega_bind_int64 (stmt, 4, bottega_conversation_get_inbox_id (conversation), &rc);
  bottega_bind_id (stmt, 5, customer_id, &rc);
  bottega_bind_text (stmt, 6, bottega_conversation_get_channel (conversation), &rc);
  bottega_bind_text (stmt, 7,
                     bottega_store_conversation_status_name (bottega_conversation_get_status (conversation)),
                     &rc);
  bottega_bind_text (stmt, 8, bottega_conversation_get_priority (conversation), &rc);
  bottega_bind_int64 (stmt, 9, bottega_conversation_get_snoozed_until (conversation), &rc);
  bottega_bind_int64 (stmt, 10, bottega_conversation_get_can_reply (conversation) ? 1 : 0, &rc);
  bottega_bind_int64 (stmt, 11, bottega_conversation_get_unread_count (conversation), &rc);
  bottega_bind_int64 (stmt, 12, bottega_conversation_get_assignee_id (conversation), &rc);
  bottega_bind_text (stmt, 13, bottega_conversation_get_assignee_name (conversation), &rc);
  bottega_bind_int64 (stmt, 14, bottega_conversation_get_last_activity_at (conversation), &rc);
  bottega_bind_int64 (stmt, 15, bottega_conversation_get_waiting_since (conversation), &rc);
  bottega_bind_int64 (stmt, 16, bottega_conversation_get_agent_last_seen_at (conversation), &rc);
  bottega_bind_int64 (stmt, 17, bottega_conversation_get_created_at (conversation), &rc);
  bottega_bind_double (stmt, 18, bottega_conversation_get_updated_at (conversation), &rc);
  if (!step_returning_id (conn, stmt, rc, &id, error))
    return FALSE;

  if (!write_conversation_labels (conn, id, conversation, error))
    return FALSE;

  if (last_message != NULL &&
      !upsert_message (conn, account_id, id, last_message, changes, error))
    return FALSE;

  bottega_store_changes_add_conversations (changes, account_id);
  return TRUE;
}

static gboolean
write_message_group (BottegaStoreConn     *conn,
                     gint64                account_id,
                     MessageGroup         *group,
                     BottegaStoreChanges  *changes,
                     GError              **error)
{
  gint64 conversation_id = 0;
  gint64 activity_at = 0;
  gboolean found = FALSE;
  int rc = SQLITE_OK;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT id FROM conversations WHERE account_id = ?1 AND remote_id = ?2",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, account_id, &rc);
    bottega_bind_int64 (stmt, 2, group->conversation_remote_id, &rc);
    if (!lookup_id (conn, stmt, rc, &conversation_id, &found, error))
      return FALSE;
    if (!found)
      {
        /* Translators: %lld is the number of a conversation, as shown after “#” */
        g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                     _("Messages arrived for conversation #%lld, which is not in the local database yet"),
                     (long long) group->conversation_remote_id);
        return FALSE;
      }
  }

  for (guint i = 0; i < group->messages->len; i++)
    {
      BottegaMessage *message = g_ptr_array_index (group->messages, i);

      if (!upsert_message (conn, account_id, conversation_id, message, changes, error))
        return FALSE;
      if (bottega_message_get_message_type (message) != BOTTEGA_MESSAGE_ACTIVITY)
        activity_at = MAX (activity_at, bottega_message_get_created_at (message));
    }

  if (activity_at > 0 && !bump_activity (conn, conversation_id, activity_at, error))
    return FALSE;

  if (group->reached_oldest)
    {
      g_autoptr(BottegaStmt) stmt = NULL;

      stmt = bottega_store_conn_prepare (conn,
                                         "UPDATE conversations SET reached_oldest = 1 "
                                         "WHERE id = ?1 AND reached_oldest = 0",
                                         error);
      if (stmt == NULL)
        return FALSE;
      rc = SQLITE_OK;
      bottega_bind_int64 (stmt, 1, conversation_id, &rc);
      if (!bottega_store_step_done (conn, stmt, rc, error))
        return FALSE;
    }

  bottega_store_changes_add_messages (changes, conversation_id);
  bottega_store_changes_add_conversations (changes, account_id);
  return TRUE;
}

static gboolean
write_sync_value (BottegaStoreConn  *conn,
                  gint64             account_id,
                  const char        *key,
                  const char        *value,
                  GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  if (value == NULL)
    stmt = bottega_store_conn_prepare (conn,
                                       "DELETE FROM sync_state WHERE account_id = ?1 AND key = ?2",
                                       error);
  else
    stmt = bottega_store_conn_prepare (conn,
                                       "INSERT INTO sync_state (account_id, key, value) "
                                       "VALUES (?1, ?2, ?3) "
                                       "ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value",
                                       error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_text (stmt, 2, key, &rc);
  if (value != NULL)
    bottega_bind_text (stmt, 3, value, &rc);
  return bottega_store_step_done (conn, stmt, rc, error);
}

gboolean
bottega_store_batch_apply (BottegaStoreBatch    *batch,
                           BottegaStoreConn     *conn,
                           BottegaStoreChanges  *changes,
                           GError              **error)
{
  gint64 account_id = batch->account_id;

  {
    g_autoptr(BottegaStmt) stmt = NULL;
    gboolean found = FALSE;
    gint64 id = 0;
    int rc = SQLITE_OK;

    stmt = bottega_store_conn_prepare (conn, "SELECT id FROM accounts WHERE id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, account_id, &rc);
    if (!lookup_id (conn, stmt, rc, &id, &found, error))
      return FALSE;
    if (!found)
      {
        /* Translators: %lld is an internal number of the account */
        g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                     _("The account is no longer in the local database (id %lld)"),
                     (long long) account_id);
        return FALSE;
      }
  }

  if (!write_inboxes (batch, conn, error) ||
      !write_labels (batch, conn, error) ||
      !write_agents (batch, conn, error) ||
      !write_canned_responses (batch, conn, error))
    return FALSE;

  if (batch->replace_reference ||
      batch->inboxes->len > 0 || batch->labels->len > 0 ||
      batch->agents->len > 0 || batch->canned_responses->len > 0)
    bottega_store_changes_add_conversations (changes, account_id);

  for (guint i = 0; i < batch->customers->len; i++)
    {
      gint64 id = 0;

      if (!upsert_customer (conn, account_id, g_ptr_array_index (batch->customers, i), &id, error))
        return FALSE;
      bottega_store_changes_add_conversations (changes, account_id);
    }

  for (guint i = 0; i < batch->conversations->len; i++)
    if (!write_conversation (conn, account_id, g_ptr_array_index (batch->conversations, i),
                             changes, error))
      return FALSE;

  for (guint i = 0; i < batch->message_groups->len; i++)
    if (!write_message_group (conn, account_id, g_ptr_array_index (batch->message_groups, i),
                              changes, error))
      return FALSE;

  for (guint i = 0; i < batch->sync_keys->len; i++)
    if (!write_sync_value (conn, account_id,
                           g_ptr_array_index (batch->sync_keys, i),
                           g_ptr_array_index (batch->sync_values, i),
                           error))
      return FALSE;

  return TRUE;
}
