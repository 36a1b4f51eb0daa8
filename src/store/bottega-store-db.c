/* bottega-store-db.c: SQLite connections, statements, errors and change sets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-store-private.h"

/* How long a statement waits for another process's write lock. */
#define BUSY_TIMEOUT_MS 5000

static void
finalize_statement (gpointer data)
{
  /* The return code repeats the last step's error, already reported. */
  (void) sqlite3_finalize (data);
}

BottegaStoreConn *
bottega_store_conn_open (const char  *path,
                         GError     **error)
{
  BottegaStoreConn *conn;
  sqlite3 *db = NULL;
  int rc;

  g_assert (path != NULL);

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      /* Translators: %s is the reason, from SQLite (in English) */
      g_set_error (error, BOTTEGA_STORE_ERROR,
                   (rc & 0xff) == SQLITE_FULL ? BOTTEGA_STORE_ERROR_FULL : BOTTEGA_STORE_ERROR_OPEN,
                   _("Cannot open the local database: %s"),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      (void) sqlite3_close (db);
      return NULL;
    }

  conn = g_new0 (BottegaStoreConn, 1);
  conn->db = db;
  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);

  if ((rc = sqlite3_extended_result_codes (db, 1)) != SQLITE_OK ||
      (rc = sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS)) != SQLITE_OK ||
      (rc = sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL)) != SQLITE_OK)
    {
      bottega_store_set_error (error, conn, rc, _("Cannot configure the local database"));
      bottega_store_conn_close (conn);
      return NULL;
    }

  return conn;
}

void
bottega_store_conn_close (BottegaStoreConn *conn)
{
  int rc;

  if (conn == NULL)
    return;

  g_clear_pointer (&conn->statements, g_hash_table_unref);
  rc = sqlite3_close (conn->db);
  if (rc != SQLITE_OK)
    g_warning ("Closing the database failed: %s", sqlite3_errstr (rc));
  g_free (conn);
}

void
bottega_stmt_release (BottegaStmt *stmt)
{
  /* sqlite3_reset repeats the last step's result, which the caller checked. */
  (void) sqlite3_reset (stmt);
  (void) sqlite3_clear_bindings (stmt);
}

BottegaStmt *
bottega_store_conn_prepare (BottegaStoreConn  *conn,
                            const char        *sql,
                            GError           **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (conn != NULL);
  g_assert (sql != NULL);

  stmt = g_hash_table_lookup (conn->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      bottega_store_set_error (error, conn, rc, _("Cannot prepare a query of the local database"));
      return NULL;
    }

  g_hash_table_insert (conn->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
bottega_store_conn_exec (BottegaStoreConn  *conn,
                         const char        *sql,
                         GError           **error)
{
  char *message = NULL;
  int rc;

  rc = sqlite3_exec (conn->db, sql, NULL, NULL, &message);
  sqlite3_free (message);
  if (rc != SQLITE_OK)
    return bottega_store_set_error (error, conn, rc, _("Cannot update the local database"));

  return TRUE;
}

/* @what is a translated sentence saying what failed. */
gboolean
bottega_store_set_error (GError           **error,
                         BottegaStoreConn  *conn,
                         int                rc,
                         const char        *what)
{
  BottegaStoreError code;
  const char *detail;

  /* Where the person can do something about it, say what instead of
   * repeating SQLite's English text. */
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      code = BOTTEGA_STORE_ERROR_FULL;
      detail = _("the disk is full; free some space and try again");
      break;
    case SQLITE_CORRUPT:
      code = BOTTEGA_STORE_ERROR_CORRUPT;
      detail = _("the database file is damaged");
      break;
    case SQLITE_NOTADB:
      code = BOTTEGA_STORE_ERROR_OPEN;
      detail = _("the file is not a Bottega database");
      break;
    case SQLITE_CANTOPEN:
      code = BOTTEGA_STORE_ERROR_OPEN;
      detail = _("the file cannot be opened; check that the folder exists and that you may write to it");
      break;
    case SQLITE_READONLY:
      code = BOTTEGA_STORE_ERROR_FAILED;
      detail = _("the file is read-only; check that you may write to it");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = BOTTEGA_STORE_ERROR_FAILED;
      detail = _("another program, such as a second Bottega or bottegactl, is using it; try again in a moment");
      break;
    default:
      code = BOTTEGA_STORE_ERROR_FAILED;
      detail = NULL;
      break;
    }

  /* SQLite's messages name tables and columns, never the values. */
  if (detail == NULL)
    {
      if (conn != NULL && conn->db != NULL && sqlite3_errcode (conn->db) == rc)
        detail = sqlite3_errmsg (conn->db);
      else
        detail = sqlite3_errstr (rc);
    }

  /* Translators: the first %s says what failed, such as “Cannot update the
   * local database”; the second why, in words or from SQLite (in English) */
  g_set_error (error, BOTTEGA_STORE_ERROR, code, _("%s: %s"), what, detail);
  return FALSE;
}

void
bottega_bind_int64 (BottegaStmt *stmt,
                    int          index,
                    gint64       value,
                    int         *rc)
{
  if (*rc == SQLITE_OK)
    *rc = sqlite3_bind_int64 (stmt, index, value);
}

void
bottega_bind_double (BottegaStmt *stmt,
                     int          index,
                     double       value,
                     int         *rc)
{
  if (*rc == SQLITE_OK)
    *rc = sqlite3_bind_double (stmt, index, value);
}

void
bottega_bind_text (BottegaStmt *stmt,
                   int          index,
                   const char  *value,
                   int         *rc)
{
  if (*rc != SQLITE_OK)
    return;

  if (value == NULL)
    *rc = sqlite3_bind_null (stmt, index);
  else
    *rc = sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
bottega_bind_null (BottegaStmt *stmt,
                   int          index,
                   int         *rc)
{
  if (*rc == SQLITE_OK)
    *rc = sqlite3_bind_null (stmt, index);
}

void
bottega_bind_id (BottegaStmt *stmt,
                 int          index,
                 gint64       value,
                 int         *rc)
{
  if (value == 0)
    bottega_bind_null (stmt, index, rc);
  else
    bottega_bind_int64 (stmt, index, value, rc);
}

int
bottega_store_step (BottegaStoreConn  *conn,
                    BottegaStmt       *stmt,
                    int                rc,
                    GError           **error)
{
  if (rc != SQLITE_OK && rc != SQLITE_ROW)
    {
      bottega_store_set_error (error, conn, rc, _("Cannot prepare a query of the local database"));
      return rc == SQLITE_DONE ? SQLITE_MISUSE : rc;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    bottega_store_set_error (error, conn, rc, _("Cannot read or write the local database"));

  return rc;
}

gboolean
bottega_store_step_done (BottegaStoreConn  *conn,
                         BottegaStmt       *stmt,
                         int                rc,
                         GError           **error)
{
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_ROW)
    {
      g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                           _("The local database answered a query in an unexpected way"));
      return FALSE;
    }

  return rc == SQLITE_DONE;
}

char *
bottega_column_strdup (BottegaStmt *stmt,
                       int          column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gint64
bottega_column_int64 (BottegaStmt *stmt,
                      int          column)
{
  return sqlite3_column_int64 (stmt, column);
}

/* ---- enumerations as stored ---- */

static const char * const message_status_names[] = {
  [BOTTEGA_MESSAGE_STATUS_QUEUED] = "queued",
  [BOTTEGA_MESSAGE_STATUS_SENDING] = "sending",
  [BOTTEGA_MESSAGE_STATUS_SENT] = "sent",
  [BOTTEGA_MESSAGE_STATUS_DELIVERED] = "delivered",
  [BOTTEGA_MESSAGE_STATUS_READ] = "read",
  [BOTTEGA_MESSAGE_STATUS_FAILED] = "failed",
};

static const char * const conversation_status_names[] = {
  [BOTTEGA_CONVERSATION_OPEN] = "open",
  [BOTTEGA_CONVERSATION_RESOLVED] = "resolved",
  [BOTTEGA_CONVERSATION_PENDING] = "pending",
  [BOTTEGA_CONVERSATION_SNOOZED] = "snoozed",
};

static const char * const outbox_state_names[] = {
  [BOTTEGA_OUTBOX_QUEUED] = "queued",
  [BOTTEGA_OUTBOX_SENDING] = "sending",
  [BOTTEGA_OUTBOX_SENT] = "sent",
  [BOTTEGA_OUTBOX_FAILED] = "failed",
};

static int
parse_name (const char * const *names,
            guint               n_names,
            const char         *name,
            int                 fallback)
{
  if (name == NULL)
    return fallback;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], name))
      return (int) i;

  return fallback;
}

const char *
bottega_store_message_status_name (BottegaMessageStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (message_status_names))
    return "sent";
  return message_status_names[status];
}

BottegaMessageStatus
bottega_store_message_status_parse (const char *name)
{
  return parse_name (message_status_names, G_N_ELEMENTS (message_status_names),
                     name, BOTTEGA_MESSAGE_STATUS_SENT);
}

const char *
bottega_store_conversation_status_name (BottegaConversationStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (conversation_status_names))
    return "open";
  return conversation_status_names[status];
}

BottegaConversationStatus
bottega_store_conversation_status_parse (const char *name)
{
  return parse_name (conversation_status_names, G_N_ELEMENTS (conversation_status_names),
                     name, BOTTEGA_CONVERSATION_OPEN);
}

const char *
bottega_store_outbox_state_name (BottegaOutboxState state)
{
  if ((guint) state >= G_N_ELEMENTS (outbox_state_names))
    return "queued";
  return outbox_state_names[state];
}

BottegaOutboxState
bottega_store_outbox_state_parse (const char *name)
{
  return parse_name (outbox_state_names, G_N_ELEMENTS (outbox_state_names),
                     name, BOTTEGA_OUTBOX_QUEUED);
}

gint64
bottega_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- change sets ---- */

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
id_set_add (GHashTable *set,
            gint64      id)
{
  if (!g_hash_table_contains (set, &id))
    g_hash_table_add (set, g_memdup2 (&id, sizeof id));
}

BottegaStoreChanges *
bottega_store_changes_new (void)
{
  BottegaStoreChanges *changes = g_new0 (BottegaStoreChanges, 1);

  changes->conversations = id_set_new ();
  changes->messages = id_set_new ();
  changes->outbox = id_set_new ();
  return changes;
}

void
bottega_store_changes_free (BottegaStoreChanges *changes)
{
  if (changes == NULL)
    return;

  g_clear_pointer (&changes->conversations, g_hash_table_unref);
  g_clear_pointer (&changes->messages, g_hash_table_unref);
  g_clear_pointer (&changes->outbox, g_hash_table_unref);
  g_free (changes);
}

gboolean
bottega_store_changes_is_empty (BottegaStoreChanges *changes)
{
  return !changes->accounts &&
         g_hash_table_size (changes->conversations) == 0 &&
         g_hash_table_size (changes->messages) == 0 &&
         g_hash_table_size (changes->outbox) == 0;
}

void
bottega_store_changes_add_conversations (BottegaStoreChanges *changes,
                                         gint64               account_id)
{
  id_set_add (changes->conversations, account_id);
}

void
bottega_store_changes_add_messages (BottegaStoreChanges *changes,
                                    gint64               conversation_id)
{
  id_set_add (changes->messages, conversation_id);
}

void
bottega_store_changes_add_outbox (BottegaStoreChanges *changes,
                                  gint64               account_id)
{
  id_set_add (changes->outbox, account_id);
}

/* ---- refreshing objects the views hold ---- */

/* The properties copy_properties copies, per type, listed once: listing
 * them takes GLib's global property lock and was most of the time the
 * conversation list spent refreshing its rows during a sync. */
static GPtrArray *
copyable_properties (GType type)
{
  static GMutex lock;
  static GHashTable *by_type;
  GPtrArray *copyable;

  g_mutex_lock (&lock);
  if (by_type == NULL)
    by_type = g_hash_table_new (g_direct_hash, g_direct_equal);
  copyable = g_hash_table_lookup (by_type, GSIZE_TO_POINTER (type));
  if (copyable == NULL)
    {
      g_autofree GParamSpec **pspecs = NULL;
      guint n_pspecs = 0;

      pspecs = g_object_class_list_properties (g_type_class_peek (type), &n_pspecs);
      copyable = g_ptr_array_new ();
      for (guint i = 0; i < n_pspecs; i++)
        {
          GParamSpec *pspec = pspecs[i];

          if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
              (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0 ||
              G_TYPE_IS_OBJECT (pspec->value_type) ||
              G_TYPE_IS_INTERFACE (pspec->value_type))
            continue;
          g_ptr_array_add (copyable, pspec);
        }
      /* Kept for the life of the process, as the classes are. */
      g_hash_table_insert (by_type, GSIZE_TO_POINTER (type), copyable);
    }
  g_mutex_unlock (&lock);

  return copyable;
}

void
bottega_store_copy_properties (GObject *dst,
                               GObject *src)
{
  GPtrArray *copyable;

  g_assert (G_OBJECT_TYPE (dst) == G_OBJECT_TYPE (src));

  copyable = copyable_properties (G_OBJECT_TYPE (src));

  g_object_freeze_notify (dst);
  for (guint i = 0; i < copyable->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (copyable, i);
      g_auto(GValue) old_value = G_VALUE_INIT;
      g_auto(GValue) new_value = G_VALUE_INIT;
      gboolean differ;

      g_value_init (&old_value, pspec->value_type);
      g_value_init (&new_value, pspec->value_type);
      g_object_get_property (dst, pspec->name, &old_value);
      g_object_get_property (src, pspec->name, &new_value);

      if (pspec->value_type == G_TYPE_STRV)
        {
          const char * const *a = g_value_get_boxed (&old_value);
          const char * const *b = g_value_get_boxed (&new_value);
          const char * const empty[] = { NULL };

          differ = !g_strv_equal (a != NULL ? a : empty, b != NULL ? b : empty);
        }
      else
        {
          differ = g_param_values_cmp (pspec, &old_value, &new_value) != 0;
        }

      if (differ)
        g_object_set_property (dst, pspec->name, &new_value);
    }
  g_object_thaw_notify (dst);
}

gboolean
bottega_store_update_message (BottegaMessage *dst,
                              BottegaMessage *src)
{
  GListModel *dst_attachments = bottega_message_get_attachments (dst);
  GListModel *src_attachments = bottega_message_get_attachments (src);
  guint n = g_list_model_get_n_items (src_attachments);

  if (n != g_list_model_get_n_items (dst_attachments))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BottegaAttachment) a = g_list_model_get_item (dst_attachments, i);
      g_autoptr(BottegaAttachment) b = g_list_model_get_item (src_attachments, i);

      if (bottega_attachment_get_id (a) != bottega_attachment_get_id (b))
        return FALSE;
    }

  bottega_store_copy_properties (G_OBJECT (dst), G_OBJECT (src));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BottegaAttachment) a = g_list_model_get_item (dst_attachments, i);
      g_autoptr(BottegaAttachment) b = g_list_model_get_item (src_attachments, i);

      bottega_store_copy_properties (G_OBJECT (a), G_OBJECT (b));
    }

  return TRUE;
}
