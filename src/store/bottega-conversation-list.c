/* bottega-conversation-list.c: a lazy GListModel of conversations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include "bottega-conversation-list.h"
#include "bottega-store-private.h"

#define PAGE_SIZE 50

/* The filters are combined from fixed pieces of SQL, one query text per
 * combination, each built once and kept for the life of the process (the
 * connections cache statements by their text). Values are always bound:
 *   ?1 account, ?2 status, ?3 ?4 LIMIT / OFFSET, ?5 assignee (user id),
 *   ?6 label title, ?7 inbox (local id), ?8 a conversation (local id).
 * Every combination has an index in the list's order (see migrations 001
 * and 002), so a page, the count and a position read only index ranges. */
enum {
  F_ACCOUNT    = 1 << 0,
  F_STATUS     = 1 << 1,
  F_USER       = 1 << 2,   /* assigned to ?5 */
  F_OWN_USER   = 1 << 3,   /* assigned to the user of each conversation's account */
  F_UNASSIGNED = 1 << 4,
  F_UNREAD     = 1 << 5,
  F_LABEL      = 1 << 6,
  F_INBOX      = 1 << 7,
  N_MASKS      = 1 << 8,
};

typedef enum {
  QUERY_COUNT,
  QUERY_PAGE,
  QUERY_POSITION,
  N_QUERIES,
} QueryKind;

#define ORDER " ORDER BY c.last_activity_at DESC, c.id DESC "

#define PAGE_SELECT \
  "SELECT " BOTTEGA_STORE_CONVERSATION_COLUMNS " " \
  "FROM conversations c LEFT JOIN drafts d ON d.conversation_id = c.id"

/* The conditions of @mask on the table named @t, joined by AND ("" for none). */
static char *
conditions (guint       mask,
            const char *t)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);

  if (mask & F_ACCOUNT)
    g_ptr_array_add (terms, g_strdup_printf ("%s.account_id = ?1", t));
  if (mask & F_STATUS)
    g_ptr_array_add (terms, g_strdup_printf ("%s.status = ?2", t));
  if (mask & F_USER)
    g_ptr_array_add (terms, g_strdup_printf ("%s.assignee_remote_id = ?5", t));
  if (mask & F_OWN_USER)
    g_ptr_array_add (terms, g_strdup_printf ("%s.assignee_remote_id = "
                                             "(SELECT a.user_id FROM accounts a WHERE a.id = %s.account_id)",
                                             t, t));
  if (mask & F_UNASSIGNED)
    g_ptr_array_add (terms, g_strdup_printf ("%s.assignee_remote_id = 0", t));
  /* Written as the partial index's condition, so that it is used. */
  if (mask & F_UNREAD)
    g_ptr_array_add (terms, g_strdup_printf ("%s.unread_count > 0", t));
  if (mask & F_LABEL)
    g_ptr_array_add (terms, g_strdup_printf ("%s.id IN (SELECT cl.conversation_id FROM conversation_labels cl "
                                             "WHERE cl.title = ?6)", t));
  if (mask & F_INBOX)
    g_ptr_array_add (terms, g_strdup_printf ("%s.inbox_remote_id = (SELECT i.remote_id FROM inboxes i WHERE i.id = ?7) "
                                             "AND %s.account_id = (SELECT i.account_id FROM inboxes i WHERE i.id = ?7)",
                                             t, t));
  g_ptr_array_add (terms, NULL);

  return g_strjoinv (" AND ", (char **) terms->pdata);
}

static char *
build_query (QueryKind kind,
             guint     mask)
{
  g_autofree char *where = conditions (mask, "c");

  switch (kind)
    {
    case QUERY_COUNT:
      return g_strconcat ("SELECT count(*) FROM conversations c",
                          where[0] != '\0' ? " WHERE " : "", where, NULL);

    case QUERY_PAGE:
      return g_strconcat (PAGE_SELECT, where[0] != '\0' ? " WHERE " : "", where,
                          ORDER "LIMIT ?3 OFFSET ?4", NULL);

    case QUERY_POSITION:
      {
        g_autofree char *outer = conditions (mask, "x");

        /* No row when the conversation is gone or filtered out. */
        return g_strconcat ("SELECT (SELECT count(*) FROM conversations c WHERE ",
                            where, where[0] != '\0' ? " AND " : "",
                            "(c.last_activity_at, c.id) > (x.last_activity_at, x.id)) "
                            "FROM conversations x WHERE x.id = ?8",
                            outer[0] != '\0' ? " AND " : "", outer, NULL);
      }

    case N_QUERIES:
    default:
      g_assert_not_reached ();
    }
}

static const char *
query_for (QueryKind kind,
           guint     mask)
{
  static GMutex lock;
  static const char *queries[N_QUERIES][N_MASKS];
  const char *sql;

  g_assert (kind < N_QUERIES && mask < N_MASKS);

  g_mutex_lock (&lock);
  if (queries[kind][mask] == NULL)
    {
      g_autofree char *built = build_query (kind, mask);

      queries[kind][mask] = g_intern_string (built);
    }
  sql = queries[kind][mask];
  g_mutex_unlock (&lock);

  return sql;
}

struct _BottegaConversationList {
  GObject                parent_instance;

  BottegaStore          *store;
  gint64                 account_id;
  int                    status;
  BottegaAssigneeFilter  assignee;
  gint64                 user_id;
  gboolean               unread_only;
  char                  *label;
  gint64                 inbox_id;
  guint                  n_items;

  /* guint page → GPtrArray of BottegaConversation, since the last change */
  GHashTable            *pages;
  GArray                *standins;  /* guint positions handed out as stand-ins */
  /* gint64 id → LiveItem: every item handed out and still alive, where it
   * was last announced. A row keeps its object (and a view its selection)
   * across changes, and a change moves nothing a view holds unless one of
   * these moves. */
  GHashTable            *live;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BottegaConversationList, bottega_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT_ID,
  PROP_STATUS,
  PROP_ASSIGNEE,
  PROP_USER_ID,
  PROP_UNREAD_ONLY,
  PROP_LABEL,
  PROP_INBOX_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
filter_mask (BottegaConversationList *self)
{
  guint mask = 0;

  if (self->account_id != 0)
    mask |= F_ACCOUNT;
  if (self->status >= 0)
    mask |= F_STATUS;
  if (self->assignee == BOTTEGA_ASSIGNEE_FILTER_MINE)
    mask |= self->user_id != 0 ? F_USER : F_OWN_USER;
  else if (self->assignee == BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED)
    mask |= F_UNASSIGNED;
  if (self->unread_only)
    mask |= F_UNREAD;
  if (self->label != NULL)
    mask |= F_LABEL;
  if (self->inbox_id != 0)
    mask |= F_INBOX;

  return mask;
}

static BottegaStmt *
prepare (BottegaConversationList  *self,
         BottegaStoreConn         *conn,
         QueryKind                 kind,
         int                      *rc,
         GError                  **error)
{
  guint mask = filter_mask (self);
  BottegaStmt *stmt = bottega_store_conn_prepare (conn, query_for (kind, mask), error);

  if (stmt == NULL)
    return NULL;

  if (mask & F_ACCOUNT)
    bottega_bind_int64 (stmt, 1, self->account_id, rc);
  if (mask & F_STATUS)
    bottega_bind_text (stmt, 2, bottega_store_conversation_status_name (self->status), rc);
  if (mask & F_USER)
    bottega_bind_int64 (stmt, 5, self->user_id, rc);
  if (mask & F_LABEL)
    bottega_bind_text (stmt, 6, self->label, rc);
  if (mask & F_INBOX)
    bottega_bind_int64 (stmt, 7, self->inbox_id, rc);

  return stmt;
}

typedef struct {
  GWeakRef ref;
  guint    position;
} LiveItem;

static void
live_item_free (gpointer data)
{
  LiveItem *live = data;

  g_weak_ref_clear (&live->ref);
  g_free (live);
}

static void
live_add (BottegaConversationList *self,
          BottegaConversation     *conversation,
          guint                    position)
{
  gint64 id = bottega_conversation_get_id (conversation);
  LiveItem *live = g_new0 (LiveItem, 1);

  g_weak_ref_init (&live->ref, conversation);
  live->position = position;
  g_hash_table_replace (self->live, g_memdup2 (&id, sizeof id), live);
}

/* The live item @id, now handed out at @position. */
static BottegaConversation *
live_get (BottegaConversationList *self,
          gint64                   id,
          guint                    position)
{
  LiveItem *live = g_hash_table_lookup (self->live, &id);
  BottegaConversation *conversation;

  if (live == NULL)
    return NULL;

  conversation = g_weak_ref_get (&live->ref);
  if (conversation != NULL)
    live->position = position;

  return conversation;
}

/* Refreshes @dst, an item the views may hold, from @src, a fresh read. */
static void
update_conversation (BottegaConversation *dst,
                     BottegaConversation *src)
{
  BottegaCustomer *dst_customer = bottega_conversation_get_customer (dst);
  BottegaCustomer *src_customer = bottega_conversation_get_customer (src);
  BottegaMessage *dst_message = bottega_conversation_get_last_message (dst);
  BottegaMessage *src_message = bottega_conversation_get_last_message (src);

  g_object_freeze_notify (G_OBJECT (dst));

  bottega_store_copy_properties (G_OBJECT (dst), G_OBJECT (src));

  if (dst_customer != NULL && src_customer != NULL &&
      bottega_customer_get_id (dst_customer) == bottega_customer_get_id (src_customer))
    bottega_store_copy_properties (G_OBJECT (dst_customer), G_OBJECT (src_customer));
  else if (dst_customer != src_customer)
    bottega_conversation_set_customer (dst, src_customer);

  if (dst_message == NULL || src_message == NULL ||
      bottega_message_get_id (dst_message) != bottega_message_get_id (src_message) ||
      !bottega_store_update_message (dst_message, src_message))
    {
      if (dst_message != src_message)
        bottega_conversation_set_last_message (dst, src_message);
    }

  g_object_thaw_notify (G_OBJECT (dst));
}

static guint
count_items (BottegaConversationList *self)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  int rc = SQLITE_OK;

  if ((reader = bottega_store_reader_acquire (self->store, &error)) == NULL ||
      (stmt = prepare (self, reader->conn, QUERY_COUNT, &rc, &error)) == NULL)
    goto fail;

  rc = bottega_store_step (reader->conn, stmt, rc, &error);
  if (rc != SQLITE_ROW)
    goto fail;

  return (guint) sqlite3_column_int64 (stmt, 0);

fail:
  if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("Cannot count conversations: %s", error->message);
  return 0;
}

/* Fresh reads of the rows of one page. The statement is done with before
 * anything is handed back: updating items notifies, and handlers may read. */
static GPtrArray *
read_page (BottegaConversationList  *self,
           guint                     start,
           guint                     n,
           GError                  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  if ((reader = bottega_store_reader_acquire (self->store, error)) == NULL ||
      (stmt = prepare (self, reader->conn, QUERY_PAGE, &rc, error)) == NULL)
    return NULL;

  bottega_bind_int64 (stmt, 3, n, &rc);
  bottega_bind_int64 (stmt, 4, start, &rc);
  while ((rc = bottega_store_step (reader->conn, stmt, rc, error)) == SQLITE_ROW)
    {
      BottegaConversation *row = bottega_store_read_conversation (reader->conn, stmt, error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&rows);
}

static GPtrArray *
load_page (BottegaConversationList *self,
           guint                    page)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint start = page * PAGE_SIZE;
  guint wanted = MIN (PAGE_SIZE, self->n_items - start);

  rows = read_page (self, start, wanted, &error);
  if (rows == NULL && !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("Cannot read conversations: %s", error->message);

  for (guint i = 0; rows != NULL && i < rows->len && i < wanted; i++)
    {
      BottegaConversation *fresh = g_ptr_array_index (rows, i);
      g_autoptr(BottegaConversation) item = NULL;

      item = live_get (self, bottega_conversation_get_id (fresh), start + i);
      if (item != NULL)
        {
          update_conversation (item, fresh);
        }
      else
        {
          item = g_object_ref (fresh);
          live_add (self, item, start + i);
        }
      g_ptr_array_add (items, g_steal_pointer (&item));
    }

  /* The store changed since the count: stand-ins keep the model's promise
   * until the change arrives. */
  while (items->len < wanted)
    {
      guint position = start + items->len;

      g_ptr_array_add (items, bottega_conversation_new ());
      g_array_append_val (self->standins, position);
    }

  return g_steal_pointer (&items);
}

/* Where the conversation @conversation_id stands in the list, or G_MAXUINT
 * when it is gone or the filters leave it out. */
static guint
position_for (BottegaConversationList  *self,
              BottegaStoreConn         *conn,
              gint64                    conversation_id,
              GError                  **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = prepare (self, conn, QUERY_POSITION, &rc, error);
  if (stmt == NULL)
    return G_MAXUINT;

  bottega_bind_int64 (stmt, 8, conversation_id, &rc);
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc != SQLITE_ROW)
    return G_MAXUINT;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* The conversation @id as stored now, and where it stands in the list
 * (G_MAXUINT when it is gone or filtered out). */
static BottegaConversation *
read_live (BottegaConversationList  *self,
           gint64                    id,
           guint                    *position,
           GError                  **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaConversation) fresh = NULL;

  *position = G_MAXUINT;

  if ((reader = bottega_store_reader_acquire (self->store, error)) == NULL ||
      (fresh = bottega_store_load_conversation (reader->conn, id, error)) == NULL)
    return NULL;

  *position = position_for (self, reader->conn, id, error);
  return g_steal_pointer (&fresh);
}

/* The live items are read with the top of the list in one query (and
 * those pages are kept) rather than one by one with a count each: a view
 * holds up to a few hundred rows, and re-reading them one at a time on
 * every change of a sync stalled the window for half a second. */
#define MAX_REFRESH_PAGES 4

/* Re-reads every live item, in place, and finds where each one stands now.
 * @top (or NULL) holds fresh reads of positions 0 … top->len - 1; the others
 * are read one by one. TRUE when none of them moved. */
static gboolean
update_live (BottegaConversationList *self,
             GPtrArray               *top)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) top_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gboolean unmoved = TRUE;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; top != NULL && i < top->len; i++)
    {
      gint64 id = bottega_conversation_get_id (g_ptr_array_index (top, i));

      g_hash_table_insert (top_index, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (i + 1));
    }

  /* Updating notifies, and handlers may fetch items: work on a snapshot. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BottegaConversation *item = g_weak_ref_get (&((LiveItem *) value)->ref);

      if (item != NULL)
        g_ptr_array_add (items, item);
      else
        g_hash_table_iter_remove (&iter);
    }

  for (guint i = 0; i < items->len; i++)
    {
      BottegaConversation *item = g_ptr_array_index (items, i);
      gint64 id = bottega_conversation_get_id (item);
      g_autoptr(BottegaConversation) fresh = NULL;
      g_autoptr(GError) error = NULL;
      LiveItem *live;
      guint position;

      if ((position = GPOINTER_TO_UINT (g_hash_table_lookup (top_index, &id))) != 0)
        {
          position--;
          fresh = g_object_ref (g_ptr_array_index (top, position));
        }
      else
        fresh = read_live (self, id, &position, &error);
      if (error != NULL &&
          !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND) &&
          !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_warning ("Cannot read a conversation: %s", error->message);
      if (fresh != NULL)
        update_conversation (item, fresh);

      live = g_hash_table_lookup (self->live, &id);
      if (live == NULL)
        continue;
      if (position != live->position)
        unmoved = FALSE;
      live->position = position;
    }

  return unmoved;
}

/* Fresh reads of the top of the list, as far as the live items reach (at
 * most MAX_REFRESH_PAGES pages), or NULL. */
static GPtrArray *
read_top (BottegaConversationList *self)
{
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer value;
  guint reach = 0;
  GPtrArray *rows;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LiveItem *live = value;

      if (live->position != G_MAXUINT && live->position < MAX_REFRESH_PAGES * PAGE_SIZE)
        reach = MAX (reach, live->position + 1);
    }
  reach = MIN (((reach + PAGE_SIZE - 1) / PAGE_SIZE) * PAGE_SIZE, self->n_items);
  if (reach == 0)
    return NULL;

  rows = read_page (self, 0, reach, &error);
  if (rows == NULL && !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("Cannot read conversations: %s", error->message);
  return rows;
}

/* Keeps the pages @top covers whole, with the live items in them, so that
 * the views' fetches after the change read nothing again. */
static void
keep_top_pages (BottegaConversationList *self,
                GPtrArray               *top)
{
  for (guint page = 0; top != NULL && (page + 1) * PAGE_SIZE <= top->len &&
                       (page + 1) * PAGE_SIZE <= self->n_items; page++)
    {
      GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = page * PAGE_SIZE; i < (page + 1) * PAGE_SIZE; i++)
        {
          BottegaConversation *fresh = g_ptr_array_index (top, i);
          BottegaConversation *item = live_get (self, bottega_conversation_get_id (fresh), i);

          if (item == NULL)
            {
              item = g_object_ref (fresh);
              live_add (self, item, i);
            }
          g_ptr_array_add (items, item);
        }
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
    }
}

/* The ids at the top of the list as the views last saw it: the pages from
 * 0 on that were read since the last change. */
static GArray *
old_top_ids (BottegaConversationList *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *items;

  for (guint page = 0;
       (items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page))) != NULL;
       page++)
    {
      for (guint i = 0; i < items->len; i++)
        {
          gint64 id = bottega_conversation_get_id (g_ptr_array_index (items, i));

          g_array_append_val (ids, id);
        }
      if (items->len < PAGE_SIZE)
        break;
    }

  return ids;
}

/* Announces a change of order from the first row that moved on: the rows
 * above it stay as they are in the views. (A full replacement made the
 * views build every row again at each change of a sync, and a smaller one
 * would have to show the views an order that is not yet the store's while
 * they fetch.) */
static void
announce_top_change (BottegaConversationList *self,
                     GArray                  *old_top,
                     GPtrArray               *top,
                     guint                    old_n)
{
  guint old_len = MIN (old_top->len, old_n);
  guint new_len = MIN (top->len, self->n_items);
  guint prefix = 0;

  while (prefix < old_len && prefix < new_len &&
         g_array_index (old_top, gint64, prefix) ==
         bottega_conversation_get_id (g_ptr_array_index (top, prefix)))
    prefix++;

  if (old_n - prefix > 0 || self->n_items - prefix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix, self->n_items - prefix);
}

static void
reset (BottegaConversationList *self)
{
  guint old_n = self->n_items;

  g_hash_table_remove_all (self->pages);
  self->n_items = count_items (self);
  update_live (self, NULL);
  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static void
refresh (BottegaConversationList *self)
{
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GArray) old_top = old_top_ids (self);
  guint old_n = self->n_items;
  gboolean unmoved;

  /* Dropping the pages first leaves only what views hold to re-read. */
  g_hash_table_remove_all (self->pages);
  self->n_items = count_items (self);
  top = read_top (self);
  unmoved = update_live (self, top);
  keep_top_pages (self, top);

  if (!unmoved)
    {
      g_array_set_size (self->standins, 0);
      if (top != NULL && top->len > 0 && old_top->len > 0)
        announce_top_change (self, old_top, top, old_n);
      else
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
      return;
    }
  /* Nothing a view holds moved: what changed lies beyond what it has seen. */
  if (self->n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
  else if (self->n_items < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, old_n - self->n_items, 0);

  /* A view given a stand-in (the store changed between the count and the
   * read) fetches the real conversation again. */
  for (guint i = 0; i < self->standins->len; i++)
    {
      guint standin = g_array_index (self->standins, guint, i);

      if (standin < MIN (old_n, self->n_items))
        g_list_model_items_changed (G_LIST_MODEL (self), standin, 1, 1);
    }
  g_array_set_size (self->standins, 0);
}

static void
on_conversations_changed (BottegaConversationList *self,
                          gint64                   account_id,
                          BottegaStore            *store)
{
  if (self->account_id != 0 && account_id != self->account_id)
    return;

  refresh (self);
}

/* ---- GListModel ---- */

static GType
bottega_conversation_list_get_item_type (GListModel *model)
{
  return BOTTEGA_TYPE_CONVERSATION;
}

static guint
bottega_conversation_list_get_n_items (GListModel *model)
{
  return BOTTEGA_CONVERSATION_LIST (model)->n_items;
}

static gpointer
bottega_conversation_list_get_item (GListModel *model,
                                    guint       position)
{
  BottegaConversationList *self = BOTTEGA_CONVERSATION_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
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
  iface->get_item_type = bottega_conversation_list_get_item_type;
  iface->get_n_items = bottega_conversation_list_get_n_items;
  iface->get_item = bottega_conversation_list_get_item;
}

/* ---- GObject ---- */

static void
bottega_conversation_list_constructed (GObject *object)
{
  BottegaConversationList *self = BOTTEGA_CONVERSATION_LIST (object);

  G_OBJECT_CLASS (bottega_conversation_list_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "conversations-changed",
                           G_CALLBACK (on_conversations_changed), self, G_CONNECT_SWAPPED);
  self->n_items = count_items (self);
}

static void
bottega_conversation_list_dispose (GObject *object)
{
  BottegaConversationList *self = BOTTEGA_CONVERSATION_LIST (object);

  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->live);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bottega_conversation_list_parent_class)->dispose (object);
}

static void
bottega_conversation_list_finalize (GObject *object)
{
  BottegaConversationList *self = BOTTEGA_CONVERSATION_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->standins, g_array_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (bottega_conversation_list_parent_class)->finalize (object);
}

static void
bottega_conversation_list_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BottegaConversationList *self = BOTTEGA_CONVERSATION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_ASSIGNEE:
      g_value_set_int (value, self->assignee);
      break;

    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;

    case PROP_UNREAD_ONLY:
      g_value_set_boolean (value, self->unread_only);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_INBOX_ID:
      g_value_set_int64 (value, self->inbox_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_conversation_list_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  BottegaConversationList *self = BOTTEGA_CONVERSATION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;

    case PROP_STATUS:
      bottega_conversation_list_set_status (self, g_value_get_int (value));
      break;

    case PROP_ASSIGNEE:
      bottega_conversation_list_set_assignee (self, g_value_get_int (value), self->user_id);
      break;

    case PROP_USER_ID:
      bottega_conversation_list_set_assignee (self, self->assignee, g_value_get_int64 (value));
      break;

    case PROP_UNREAD_ONLY:
      bottega_conversation_list_set_unread_only (self, g_value_get_boolean (value));
      break;

    case PROP_LABEL:
      bottega_conversation_list_set_label (self, g_value_get_string (value));
      break;

    case PROP_INBOX_ID:
      bottega_conversation_list_set_inbox (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_conversation_list_class_init (BottegaConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bottega_conversation_list_constructed;
  object_class->dispose = bottega_conversation_list_dispose;
  object_class->finalize = bottega_conversation_list_finalize;
  object_class->get_property = bottega_conversation_list_get_property;
  object_class->set_property = bottega_conversation_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BOTTEGA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      -1, BOTTEGA_CONVERSATION_SNOOZED, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* A BottegaAssigneeFilter. */
  properties[PROP_ASSIGNEE] =
    g_param_spec_int ("assignee", NULL, NULL,
                      BOTTEGA_ASSIGNEE_FILTER_ALL, BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED,
                      BOTTEGA_ASSIGNEE_FILTER_ALL,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* With assignee MINE: the remote user id, 0 for each account's own user. */
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNREAD_ONLY] =
    g_param_spec_boolean ("unread-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INBOX_ID] =
    g_param_spec_int64 ("inbox-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_conversation_list_init (BottegaConversationList *self)
{
  self->status = -1;
  self->standins = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, live_item_free);
}

BottegaConversationList *
bottega_conversation_list_new (BottegaStore *store,
                               gint64        account_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);

  return g_object_new (BOTTEGA_TYPE_CONVERSATION_LIST,
                       "store", store,
                       "account-id", account_id,
                       NULL);
}

void
bottega_conversation_list_set_status (BottegaConversationList *self,
                                      int                      status)
{
  BottegaConversationFilter filter;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self));
  g_return_if_fail (status >= -1 && status <= BOTTEGA_CONVERSATION_SNOOZED);

  bottega_conversation_list_get_filter (self, &filter);
  filter.status = status;
  bottega_conversation_list_set_filter (self, &filter);
}

int
bottega_conversation_list_get_status (BottegaConversationList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self), -1);

  return self->status;
}

guint
bottega_conversation_list_find (BottegaConversationList *self,
                                gint64                   conversation_id)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self), G_MAXUINT);

  if ((reader = bottega_store_reader_acquire (self->store, &error)) == NULL)
    goto fail;

  position = position_for (self, reader->conn, conversation_id, &error);
  if (error != NULL)
    goto fail;

  /* The list announces changes on the next signal; until then it may count
   * fewer rows than the store holds. */
  return position < self->n_items ? position : G_MAXUINT;

fail:
  if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("Cannot find a conversation: %s", error->message);
  return G_MAXUINT;
}

/* Applies @filter; TRUE when something changed. Notifies what did. */
static gboolean
apply_filter (BottegaConversationList         *self,
              const BottegaConversationFilter *filter)
{
  GObject *object = G_OBJECT (self);
  gint64 user_id = filter->assignee == BOTTEGA_ASSIGNEE_FILTER_MINE ? filter->user_id : 0;
  const char *label = filter->label != NULL && filter->label[0] != '\0' ? filter->label : NULL;
  gboolean changed = FALSE;

  if (self->status != filter->status)
    {
      self->status = filter->status;
      g_object_notify_by_pspec (object, properties[PROP_STATUS]);
      changed = TRUE;
    }
  if (self->assignee != filter->assignee)
    {
      self->assignee = filter->assignee;
      g_object_notify_by_pspec (object, properties[PROP_ASSIGNEE]);
      changed = TRUE;
    }
  if (self->user_id != user_id)
    {
      self->user_id = user_id;
      g_object_notify_by_pspec (object, properties[PROP_USER_ID]);
      changed = TRUE;
    }
  if (self->unread_only != !!filter->unread_only)
    {
      self->unread_only = !!filter->unread_only;
      g_object_notify_by_pspec (object, properties[PROP_UNREAD_ONLY]);
      changed = TRUE;
    }
  if (g_strcmp0 (self->label, label) != 0)
    {
      g_free (self->label);
      self->label = g_strdup (label);
      g_object_notify_by_pspec (object, properties[PROP_LABEL]);
      changed = TRUE;
    }
  if (self->inbox_id != filter->inbox_id)
    {
      self->inbox_id = filter->inbox_id;
      g_object_notify_by_pspec (object, properties[PROP_INBOX_ID]);
      changed = TRUE;
    }

  return changed;
}

void
bottega_conversation_list_set_filter (BottegaConversationList         *self,
                                      const BottegaConversationFilter *filter)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self));
  g_return_if_fail (filter != NULL);
  g_return_if_fail (filter->status >= -1 && filter->status <= BOTTEGA_CONVERSATION_SNOOZED);
  g_return_if_fail (filter->assignee <= BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED);
  g_return_if_fail (filter->user_id >= 0 && filter->inbox_id >= 0);

  g_object_freeze_notify (G_OBJECT (self));
  /* Before construction is done there is nothing to announce. */
  if (apply_filter (self, filter) && self->store != NULL)
    reset (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
bottega_conversation_list_get_filter (BottegaConversationList   *self,
                                      BottegaConversationFilter *filter)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self));
  g_return_if_fail (filter != NULL);

  filter->status = self->status;
  filter->assignee = self->assignee;
  filter->user_id = self->user_id;
  filter->unread_only = self->unread_only;
  filter->label = self->label;
  filter->inbox_id = self->inbox_id;
}

void
bottega_conversation_list_set_assignee (BottegaConversationList *self,
                                        BottegaAssigneeFilter    assignee,
                                        gint64                   user_id)
{
  BottegaConversationFilter filter;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self));

  bottega_conversation_list_get_filter (self, &filter);
  filter.assignee = assignee;
  filter.user_id = user_id;
  bottega_conversation_list_set_filter (self, &filter);
}

BottegaAssigneeFilter
bottega_conversation_list_get_assignee (BottegaConversationList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self), BOTTEGA_ASSIGNEE_FILTER_ALL);

  return self->assignee;
}

gint64
bottega_conversation_list_get_user_id (BottegaConversationList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self), 0);

  return self->user_id;
}

void
bottega_conversation_list_set_unread_only (BottegaConversationList *self,
                                           gboolean                 unread_only)
{
  BottegaConversationFilter filter;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self));

  bottega_conversation_list_get_filter (self, &filter);
  filter.unread_only = unread_only;
  bottega_conversation_list_set_filter (self, &filter);
}

gboolean
bottega_conversation_list_get_unread_only (BottegaConversationList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self), FALSE);

  return self->unread_only;
}

void
bottega_conversation_list_set_label (BottegaConversationList *self,
                                     const char              *label)
{
  BottegaConversationFilter filter;
  g_autofree char *copy = g_strdup (label);

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self));

  /* A copy: @label may be the list's own, which the change frees. */
  bottega_conversation_list_get_filter (self, &filter);
  filter.label = copy;
  bottega_conversation_list_set_filter (self, &filter);
}

const char *
bottega_conversation_list_get_label (BottegaConversationList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self), NULL);

  return self->label;
}

void
bottega_conversation_list_set_inbox (BottegaConversationList *self,
                                     gint64                   inbox_id)
{
  BottegaConversationFilter filter;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self));

  bottega_conversation_list_get_filter (self, &filter);
  filter.inbox_id = inbox_id;
  bottega_conversation_list_set_filter (self, &filter);
}

gint64
bottega_conversation_list_get_inbox (BottegaConversationList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_LIST (self), 0);

  return self->inbox_id;
}
