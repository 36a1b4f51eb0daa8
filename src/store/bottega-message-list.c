/* bottega-message-list.c: a lazy GListModel of one conversation's messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include "bottega-message-list.h"
#include "bottega-store-private.h"

#define PAGE_SIZE 50

/* The order is the server's messages by remote id, then the local echoes
 * (remote id NULL) by rowid: two ranges of the index
 * messages_by_conversation (conversation_id, remote_id), each read in index
 * order, never sorted. */

#define MESSAGE_SELECT \
  "SELECT " BOTTEGA_STORE_MESSAGE_COLUMNS " " \
  "FROM messages m JOIN conversations c ON c.id = m.conversation_id "

struct _BottegaMessageList {
  GObject       parent_instance;

  BottegaStore *store;
  gint64        conversation_id;

  guint         n_remote;   /* messages the server holds */
  guint         n_local;    /* local echoes, after them */
  gint64        first_id;   /* message ids at 0 and n - 1, 0 when empty */
  gint64        last_id;

  /* guint page → GPtrArray of BottegaMessage, since the last change */
  GHashTable   *pages;
  /* A page was padded with stand-ins (the store changed between the count
   * and the read): the next refresh must announce every position, or a
   * view would keep showing an empty stand-in. */
  GArray       *standins;  /* guint positions handed out as stand-ins */
  /* gint64 id → GWeakRef: every item handed out and still alive, refreshed
   * in place (status ticks, edits) when the conversation changes */
  GHashTable   *live;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BottegaMessageList, bottega_message_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONVERSATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
n_items (BottegaMessageList *self)
{
  return self->n_remote + self->n_local;
}

static void
warn_unless_closed (const char   *what,
                    const GError *error)
{
  if (error != NULL && !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("%s: %s", what, error->message);
}

static void
weak_ref_free (gpointer data)
{
  GWeakRef *ref = data;

  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
live_add (BottegaMessageList *self,
          BottegaMessage     *message)
{
  gint64 id = bottega_message_get_id (message);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, message);
  g_hash_table_replace (self->live, g_memdup2 (&id, sizeof id), ref);
}

static BottegaMessage *
live_get (BottegaMessageList *self,
          gint64              id)
{
  GWeakRef *ref = g_hash_table_lookup (self->live, &id);

  return ref != NULL ? g_weak_ref_get (ref) : NULL;
}

/* Runs @sql, which takes the conversation as ?1 and optionally ?2, and
 * returns the integer of its first row, or @fallback without one. */
static gint64
query_int (BottegaStoreConn  *conn,
           const char        *sql,
           gint64             conversation_id,
           gint64             arg,
           gint64             fallback,
           GError           **error)
{
  g_autoptr(BottegaStmt) stmt = bottega_store_conn_prepare (conn, sql, error);
  int rc = SQLITE_OK;

  if (stmt == NULL)
    return -1;

  bottega_bind_int64 (stmt, 1, conversation_id, &rc);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    bottega_bind_int64 (stmt, 2, arg, &rc);
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return fallback;

  return -1;
}

/* Counts and the ids at both ends. */
static gboolean
count_items (BottegaMessageList  *self,
             GError             **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  gint64 n_remote, n_local, first_id, last_id;

  self->n_remote = self->n_local = 0;
  self->first_id = self->last_id = 0;

  if ((reader = bottega_store_reader_acquire (self->store, error)) == NULL)
    return FALSE;

  n_remote = query_int (reader->conn,
                        "SELECT count(*) FROM messages "
                        "WHERE conversation_id = ?1 AND remote_id IS NOT NULL",
                        self->conversation_id, 0, 0, error);
  if (n_remote < 0)
    return FALSE;
  n_local = query_int (reader->conn,
                       "SELECT count(*) FROM messages "
                       "WHERE conversation_id = ?1 AND remote_id IS NULL",
                       self->conversation_id, 0, 0, error);
  if (n_local < 0)
    return FALSE;

  first_id = query_int (reader->conn,
                        n_remote > 0
                        ? "SELECT id FROM messages WHERE conversation_id = ?1 "
                          "AND remote_id IS NOT NULL ORDER BY remote_id LIMIT 1"
                        : "SELECT id FROM messages WHERE conversation_id = ?1 "
                          "AND remote_id IS NULL ORDER BY id LIMIT 1",
                        self->conversation_id, 0, 0, error);
  if (first_id < 0)
    return FALSE;
  last_id = query_int (reader->conn,
                       n_local > 0
                       ? "SELECT id FROM messages WHERE conversation_id = ?1 "
                         "AND remote_id IS NULL ORDER BY id DESC LIMIT 1"
                       : "SELECT id FROM messages WHERE conversation_id = ?1 "
                         "AND remote_id IS NOT NULL ORDER BY remote_id DESC LIMIT 1",
                       self->conversation_id, 0, 0, error);
  if (last_id < 0)
    return FALSE;

  self->n_remote = (guint) n_remote;
  self->n_local = (guint) n_local;
  self->first_id = first_id;
  self->last_id = last_id;
  return TRUE;
}

/* Where the message @id is now, or G_MAXUINT when it is not in the list. */
static guint
position_of (BottegaMessageList *self,
             BottegaStoreConn   *conn,
             gint64              id)
{
  g_autoptr(GError) error = NULL;
  gint64 remote_id;
  gint64 before;

  /* -2: no such message in this conversation; 0: a local echo. */
  remote_id = query_int (conn,
                         "SELECT coalesce (remote_id, 0) FROM messages "
                         "WHERE conversation_id = ?1 AND id = ?2",
                         self->conversation_id, id, -2, &error);
  if (remote_id < 0)
    {
      warn_unless_closed ("Cannot find a message", error);
      return G_MAXUINT;
    }

  if (remote_id > 0)
    before = query_int (conn,
                        "SELECT count(*) FROM messages "
                        "WHERE conversation_id = ?1 AND remote_id IS NOT NULL AND remote_id < ?2",
                        self->conversation_id, remote_id, 0, &error);
  else
    before = query_int (conn,
                        "SELECT count(*) FROM messages "
                        "WHERE conversation_id = ?1 AND remote_id IS NULL AND id < ?2",
                        self->conversation_id, id, 0, &error);
  if (before < 0)
    {
      warn_unless_closed ("Cannot find a message", error);
      return G_MAXUINT;
    }

  return (remote_id > 0 ? 0 : self->n_remote) + (guint) before;
}

/* Appends fresh reads of the rows of one range (the server's messages or
 * the local ones) to @rows. */
static gboolean
read_range (BottegaMessageList  *self,
            BottegaStoreConn    *conn,
            const char          *sql,
            guint                offset,
            guint                limit,
            GPtrArray           *rows,
            GError             **error)
{
  g_autoptr(BottegaStmt) stmt = bottega_store_conn_prepare (conn, sql, error);
  int rc = SQLITE_OK;

  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, self->conversation_id, &rc);
  bottega_bind_int64 (stmt, 2, limit, &rc);
  bottega_bind_int64 (stmt, 3, offset, &rc);
  while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaMessage *row = bottega_store_read_message (conn, stmt, 0, error);

      if (row == NULL)
        return FALSE;
      g_ptr_array_add (rows, row);
    }

  return rc == SQLITE_DONE;
}

/* Fresh reads of positions [start, end). The statements are done with
 * before anything is handed back: updating items notifies, and handlers may
 * read. */
static GPtrArray *
read_page (BottegaMessageList  *self,
           guint                start,
           guint                end,
           GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;

  if ((reader = bottega_store_reader_acquire (self->store, error)) == NULL)
    return NULL;

  if (start < self->n_remote &&
      !read_range (self, reader->conn,
                   MESSAGE_SELECT
                   "WHERE m.conversation_id = ?1 AND m.remote_id IS NOT NULL "
                   "ORDER BY m.remote_id LIMIT ?2 OFFSET ?3",
                   start, MIN (end, self->n_remote) - start, rows, error))
    return NULL;

  if (end > self->n_remote &&
      !read_range (self, reader->conn,
                   MESSAGE_SELECT
                   "WHERE m.conversation_id = ?1 AND m.remote_id IS NULL "
                   "ORDER BY m.id LIMIT ?2 OFFSET ?3",
                   MAX (start, self->n_remote) - self->n_remote,
                   end - MAX (start, self->n_remote), rows, error))
    return NULL;

  return g_steal_pointer (&rows);
}

static GPtrArray *
load_page (BottegaMessageList *self,
           guint               page)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint start = page * PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, n_items (self));

  rows = read_page (self, start, end, &error);
  warn_unless_closed ("Cannot read messages", error);

  for (guint i = 0; rows != NULL && i < rows->len && i < end - start; i++)
    {
      BottegaMessage *fresh = g_ptr_array_index (rows, i);
      g_autoptr(BottegaMessage) item = live_get (self, bottega_message_get_id (fresh));

      if (item == NULL || !bottega_store_update_message (item, fresh))
        {
          g_clear_object (&item);
          item = g_object_ref (fresh);
          live_add (self, item);
        }
      g_ptr_array_add (items, g_steal_pointer (&item));
    }

  /* The store changed since the count: stand-ins keep the model's promise
   * until the change arrives. */
  while (items->len < end - start)
    {
      guint position = start + items->len;

      g_ptr_array_add (items, bottega_message_new ());
      g_array_append_val (self->standins, position);
    }

  return g_steal_pointer (&items);
}

typedef struct {
  gint64          id;
  BottegaMessage *message;
  guint           position;
} Replacement;

static void
replacement_clear (gpointer data)
{
  Replacement *replacement = data;

  g_clear_object (&replacement->message);
}

static BottegaMessage *
read_message (BottegaMessageList  *self,
              gint64               id,
              GError             **error)
{
  g_autoptr(BottegaStoreReader) reader = bottega_store_reader_acquire (self->store, error);

  if (reader == NULL)
    return NULL;

  return bottega_store_load_message (reader->conn, id, error);
}

/* Re-reads every item still alive. Items whose attachments changed cannot
 * be refreshed in place: they are collected in @replacements. FALSE when an
 * item is gone from the conversation. */
static gboolean
update_live (BottegaMessageList *self,
             GArray             *replacements)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean all_found = TRUE;
  GHashTableIter iter;
  gpointer value;

  /* Updating notifies, and handlers may fetch items: work on a snapshot. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BottegaMessage *item = g_weak_ref_get (value);

      if (item != NULL)
        g_ptr_array_add (items, item);
      else
        g_hash_table_iter_remove (&iter);
    }

  for (guint i = 0; i < items->len; i++)
    {
      BottegaMessage *item = g_ptr_array_index (items, i);
      gint64 id = bottega_message_get_id (item);
      g_autoptr(BottegaMessage) fresh = NULL;
      g_autoptr(GError) error = NULL;

      fresh = read_message (self, id, &error);
      if (fresh == NULL || bottega_message_get_conversation_id (fresh) != self->conversation_id)
        {
          if (error != NULL &&
              !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND) &&
              !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
            g_warning ("Cannot read a message: %s", error->message);
          all_found = FALSE;
          continue;
        }

      if (!bottega_store_update_message (item, fresh))
        {
          Replacement replacement = { id, g_steal_pointer (&fresh), G_MAXUINT };

          g_array_append_val (replacements, replacement);
        }
    }

  return all_found;
}

static void
refresh (BottegaMessageList *self)
{
  g_autoptr(GArray) replacements = g_array_new (FALSE, FALSE, sizeof (Replacement));
  g_autoptr(GError) error = NULL;
  guint old_n = n_items (self);
  gint64 old_first = self->first_id;
  gint64 old_last = self->last_id;
  guint first_at = G_MAXUINT, last_at = G_MAXUINT;
  guint position = 0, removed = 0, added = 0;
  gboolean all_found;
  guint new_n;

  g_array_set_clear_func (replacements, replacement_clear);

  /* The pages are dropped before the live items are refreshed: only what a
   * view still holds is re-read. */
  g_hash_table_remove_all (self->pages);
  if (!count_items (self, &error))
    warn_unless_closed ("Cannot count messages", error);
  new_n = n_items (self);
  all_found = update_live (self, replacements);

  /* Where things are now, read before anything is announced. */
  {
    g_autoptr(BottegaStoreReader) reader = bottega_store_reader_acquire (self->store, NULL);

    if (reader != NULL)
      {
        if (old_n > 0)
          {
            first_at = position_of (self, reader->conn, old_first);
            last_at = position_of (self, reader->conn, old_last);
          }
        for (guint i = 0; i < replacements->len; i++)
          {
            Replacement *replacement = &g_array_index (replacements, Replacement, i);

            replacement->position = position_of (self, reader->conn, replacement->id);
          }
      }
  }

  if (old_n == 0)
    {
      added = new_n;
    }
  else if (all_found && new_n >= old_n && first_at == 0 && last_at == old_n - 1)
    {
      /* Only appended (the usual case: a new message, a reply). */
      position = old_n;
      added = new_n - old_n;
    }
  else if (all_found && new_n > old_n && first_at == new_n - old_n && last_at == new_n - 1)
    {
      /* Only prepended: older messages fetched while scrolling up. */
      added = new_n - old_n;
    }
  else
    {
      removed = old_n;
      added = new_n;
    }

  for (guint i = 0; i < replacements->len; i++)
    live_add (self, g_array_index (replacements, Replacement, i).message);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  /* A reset announced every position already. Otherwise the positions a
   * view was given a stand-in for are announced again, so it fetches the
   * real message. */
  if (removed > 0)
    {
      g_array_set_size (self->standins, 0);
      return;
    }
  for (guint i = 0; i < self->standins->len; i++)
    {
      guint standin = g_array_index (self->standins, guint, i);

      if (standin < MIN (old_n, n_items (self)))
        g_list_model_items_changed (G_LIST_MODEL (self), standin, 1, 1);
    }
  g_array_set_size (self->standins, 0);

  for (guint i = 0; i < replacements->len; i++)
    {
      Replacement *replacement = &g_array_index (replacements, Replacement, i);

      if (replacement->position < n_items (self))
        g_list_model_items_changed (G_LIST_MODEL (self), replacement->position, 1, 1);
    }
}

static void
on_messages_changed (BottegaMessageList *self,
                     gint64              conversation_id,
                     BottegaStore       *store)
{
  if (conversation_id != self->conversation_id)
    return;

  refresh (self);
}

/* ---- GListModel ---- */

static GType
bottega_message_list_get_item_type (GListModel *model)
{
  return BOTTEGA_TYPE_MESSAGE;
}

static guint
bottega_message_list_get_n_items (GListModel *model)
{
  return n_items (BOTTEGA_MESSAGE_LIST (model));
}

static gpointer
bottega_message_list_get_item (GListModel *model,
                               guint       position)
{
  BottegaMessageList *self = BOTTEGA_MESSAGE_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= n_items (self))
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      items = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
    }

  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bottega_message_list_get_item_type;
  iface->get_n_items = bottega_message_list_get_n_items;
  iface->get_item = bottega_message_list_get_item;
}

/* ---- GObject ---- */

static void
bottega_message_list_constructed (GObject *object)
{
  BottegaMessageList *self = BOTTEGA_MESSAGE_LIST (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (bottega_message_list_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "messages-changed",
                           G_CALLBACK (on_messages_changed), self, G_CONNECT_SWAPPED);
  if (!count_items (self, &error))
    warn_unless_closed ("Cannot count messages", error);
}

static void
bottega_message_list_dispose (GObject *object)
{
  BottegaMessageList *self = BOTTEGA_MESSAGE_LIST (object);

  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->live);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bottega_message_list_parent_class)->dispose (object);
}

static void
bottega_message_list_finalize (GObject *object)
{
  BottegaMessageList *self = BOTTEGA_MESSAGE_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->standins, g_array_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);

  G_OBJECT_CLASS (bottega_message_list_parent_class)->finalize (object);
}

static void
bottega_message_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BottegaMessageList *self = BOTTEGA_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_message_list_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BottegaMessageList *self = BOTTEGA_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CONVERSATION_ID:
      self->conversation_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_message_list_class_init (BottegaMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bottega_message_list_constructed;
  object_class->dispose = bottega_message_list_dispose;
  object_class->finalize = bottega_message_list_finalize;
  object_class->get_property = bottega_message_list_get_property;
  object_class->set_property = bottega_message_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BOTTEGA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_int64 ("conversation-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_message_list_init (BottegaMessageList *self)
{
  self->standins = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, weak_ref_free);
}

BottegaMessageList *
bottega_message_list_new (BottegaStore *store,
                          gint64        conversation_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);

  return g_object_new (BOTTEGA_TYPE_MESSAGE_LIST,
                       "store", store,
                       "conversation-id", conversation_id,
                       NULL);
}

gint64
bottega_message_list_get_conversation_id (BottegaMessageList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE_LIST (self), 0);

  return self->conversation_id;
}

guint
bottega_message_list_get_position (BottegaMessageList *self,
                                   gint64              message_id)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  guint position;

  g_return_val_if_fail (BOTTEGA_IS_MESSAGE_LIST (self), G_MAXUINT);

  if (message_id <= 0 || (reader = bottega_store_reader_acquire (self->store, NULL)) == NULL)
    return G_MAXUINT;

  position = position_of (self, reader->conn, message_id);
  /* The model announces changes after the commit: a row the count does
   * not cover yet is not in the model yet. */
  return position < n_items (self) ? position : G_MAXUINT;
}
