/* test-conversation-list.c: the conversation list's filters, the jump to a
 * conversation, and the store migration that serves them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-conversation-list"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bottega-conversation-list.h"
#include "bottega-store.h"
#include "bottega-store-resources.h"
#include "bottega-test-helpers.h"

/* ---- helpers ---- */

typedef struct {
  char         *dir;
  char         *path;
  BottegaStore *store;
  gint64        shop;         /* account, user 7 */
  gint64        other_shop;   /* account, user 9 */
  gint64        shop_whatsapp;   /* local inbox ids */
  gint64        shop_email;
  gint64        other_whatsapp;
  /* local conversation ids */
  gint64        alvaro, chiara, marco, joao, sara, emily;
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

static gint64
add_account (BottegaStore *store,
             gint64        remote_id,
             gint64        user_id)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(GError) error = NULL;

  bottega_account_set_url (account, "https://chat.example.com");
  bottega_account_set_remote_id (account, remote_id);
  bottega_account_set_user_id (account, user_id);
  bottega_account_set_name (account, "Bottega Rossi");
  bottega_account_set_user_name (account, "Giulia");
  g_assert_true (bottega_store_save_account (store, account, &error));
  g_assert_no_error (error);

  return bottega_account_get_id (account);
}

static void
write_batch (BottegaStore      *store,
             BottegaStoreBatch *batch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bottega_store_write_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
}

static void
add_inbox (BottegaStore *store,
           gint64        account_id,
           gint64        remote_id,
           const char   *name)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (account_id);
  g_autoptr(BottegaInbox) inbox = bottega_inbox_new ();

  bottega_inbox_set_remote_id (inbox, remote_id);
  bottega_inbox_set_name (inbox, name);
  bottega_inbox_set_channel_type (inbox, "Channel::Whatsapp");
  bottega_store_batch_add_inbox (batch, inbox);
  write_batch (store, batch);
}

/* The local id of the inbox @remote_id of @account_id. */
static gint64
inbox_id (BottegaStore *store,
          gint64        account_id,
          gint64        remote_id)
{
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(GError) error = NULL;

  inboxes = bottega_store_list_inboxes (store, account_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < inboxes->len; i++)
    if (bottega_inbox_get_remote_id (g_ptr_array_index (inboxes, i)) == remote_id)
      return bottega_inbox_get_id (g_ptr_array_index (inboxes, i));

  g_assert_not_reached ();
}

typedef struct {
  gint64                     display_id;
  const char                *customer;
  BottegaConversationStatus  status;
  gint64                     assignee;
  int                        unread;
  const char                *labels[3];
  gint64                     inbox;
  gint64                     last_activity_at;
} Seed;

static BottegaConversation *
make_conversation (const Seed *seed)
{
  BottegaConversation *conversation = bottega_conversation_new ();
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();

  bottega_customer_set_remote_id (customer, 1000 + seed->display_id);
  bottega_customer_set_name (customer, seed->customer);
  bottega_conversation_set_remote_id (conversation, seed->display_id);
  bottega_conversation_set_inbox_id (conversation, seed->inbox);
  bottega_conversation_set_channel (conversation, "Channel::Whatsapp");
  bottega_conversation_set_status (conversation, seed->status);
  bottega_conversation_set_assignee_id (conversation, seed->assignee);
  bottega_conversation_set_unread_count (conversation, seed->unread);
  bottega_conversation_set_can_reply (conversation, TRUE);
  bottega_conversation_set_last_activity_at (conversation, seed->last_activity_at);
  bottega_conversation_set_created_at (conversation, seed->last_activity_at - 100);
  bottega_conversation_set_updated_at (conversation, seed->last_activity_at + 0.5);
  bottega_conversation_set_labels (conversation, seed->labels);
  bottega_conversation_set_customer (conversation, customer);
  return conversation;
}

static gint64
add_conversation (BottegaStore *store,
                  gint64        account_id,
                  const Seed   *seed)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (account_id);
  g_autoptr(BottegaConversation) conversation = make_conversation (seed);
  g_autoptr(BottegaConversation) stored = NULL;
  g_autoptr(GError) error = NULL;

  bottega_store_batch_add_conversation (batch, conversation);
  write_batch (store, batch);

  stored = bottega_store_find_conversation (store, account_id, seed->display_id, &error);
  g_assert_no_error (error);
  return bottega_conversation_get_id (stored);
}

static const Seed alvaro = { 1, "Álvaro Romero", BOTTEGA_CONVERSATION_OPEN, 7, 2, { "vip", NULL }, 3, 1000 };
static const Seed chiara = { 2, "Chiara Ferri", BOTTEGA_CONVERSATION_OPEN, 0, 0, { "ordine", NULL }, 4, 2000 };
static const Seed marco = { 3, "Marco Rossi", BOTTEGA_CONVERSATION_RESOLVED, 8, 0, { NULL }, 3, 3000 };
static const Seed joao = { 4, "João Silva", BOTTEGA_CONVERSATION_PENDING, 7, 1, { "ordine", "vip", NULL }, 4, 4000 };
static const Seed sara = { 5, "Sara Colombo", BOTTEGA_CONVERSATION_SNOOZED, 0, 0, { NULL }, 3, 5000 };
/* Another account: its user is 9, its inbox 3 is not the first shop's. */
static const Seed emily = { 1, "Emily Carter", BOTTEGA_CONVERSATION_OPEN, 9, 3, { "vip", NULL }, 3, 6000 };

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bottega-test-list-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "bottega.db", NULL);
  fixture->store = bottega_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->shop = add_account (fixture->store, 1, 7);
  fixture->other_shop = add_account (fixture->store, 2, 9);
  add_inbox (fixture->store, fixture->shop, 3, "WhatsApp");
  add_inbox (fixture->store, fixture->shop, 4, "E-mail");
  add_inbox (fixture->store, fixture->other_shop, 3, "WhatsApp 2");
  fixture->shop_whatsapp = inbox_id (fixture->store, fixture->shop, 3);
  fixture->shop_email = inbox_id (fixture->store, fixture->shop, 4);
  fixture->other_whatsapp = inbox_id (fixture->store, fixture->other_shop, 3);

  fixture->alvaro = add_conversation (fixture->store, fixture->shop, &alvaro);
  fixture->chiara = add_conversation (fixture->store, fixture->shop, &chiara);
  fixture->marco = add_conversation (fixture->store, fixture->shop, &marco);
  fixture->joao = add_conversation (fixture->store, fixture->shop, &joao);
  fixture->sara = add_conversation (fixture->store, fixture->shop, &sara);
  fixture->emily = add_conversation (fixture->store, fixture->other_shop, &emily);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bottega_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
on_marker (BottegaStore *store,
           gpointer      data)
{
  *(gboolean *) data = TRUE;
}

/* Waits for the store's signals of the writes done so far (they come in
 * commit order, so a marker write's signal comes after theirs). */
static void
flush_signals (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gulong handler;

  handler = g_signal_connect (fixture->store, "accounts-changed", G_CALLBACK (on_marker), &done);
  g_assert_true (bottega_store_set_account_needs_auth (fixture->store, fixture->shop, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (test_wait_for (&done, 20));
  g_signal_handler_disconnect (fixture->store, handler);
}

/* The list's conversations, in order, as their local ids. */
static void
assert_list (BottegaConversationList *list,
             ...)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  va_list args;
  gint64 id;

  va_start (args, list);
  while ((id = va_arg (args, gint64)) != 0)
    g_array_append_val (expected, id);
  va_end (args);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BottegaConversation) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_test_message ("item %u: #%" G_GINT64_FORMAT " %s", i,
                      bottega_conversation_get_remote_id (item),
                      bottega_customer_get_name (bottega_conversation_get_customer (item)));
    }

  g_assert_cmpuint (n, ==, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BottegaConversation) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      gint64 want = g_array_index (expected, gint64, i);

      g_assert_cmpint (bottega_conversation_get_id (item), ==, want);
      g_assert_cmpuint (bottega_conversation_list_find (list, want), ==, i);
    }
}

#define END ((gint64) 0)

typedef struct {
  guint position, removed, added;
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
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* ---- filters ---- */

static void
test_filter_status (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BottegaConversationList) list = bottega_conversation_list_new (fixture->store, 0);

  /* Every account, newest activity first. */
  assert_list (list, fixture->emily, fixture->sara, fixture->joao, fixture->marco,
               fixture->chiara, fixture->alvaro, END);

  bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_OPEN);
  assert_list (list, fixture->emily, fixture->chiara, fixture->alvaro, END);
  g_assert_cmpuint (bottega_conversation_list_find (list, fixture->marco), ==, G_MAXUINT);

  bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_RESOLVED);
  assert_list (list, fixture->marco, END);
  g_assert_cmpuint (bottega_conversation_list_find (list, fixture->alvaro), ==, G_MAXUINT);

  bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_PENDING);
  assert_list (list, fixture->joao, END);

  bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_SNOOZED);
  assert_list (list, fixture->sara, END);

  bottega_conversation_list_set_status (list, -1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);

  /* One account only. */
  {
    g_autoptr(BottegaConversationList) shop = bottega_conversation_list_new (fixture->store, fixture->other_shop);

    assert_list (shop, fixture->emily, END);
    bottega_conversation_list_set_status (shop, BOTTEGA_CONVERSATION_RESOLVED);
    assert_list (shop, END);
  }
}

static void
test_filter_assignee (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BottegaConversationList) list = bottega_conversation_list_new (fixture->store, 0);

  /* Mine, as user 7: the other account's user is someone else. */
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_MINE, 7);
  g_assert_cmpint (bottega_conversation_list_get_assignee (list), ==, BOTTEGA_ASSIGNEE_FILTER_MINE);
  g_assert_cmpint (bottega_conversation_list_get_user_id (list), ==, 7);
  assert_list (list, fixture->joao, fixture->alvaro, END);

  /* Mine in every account: each account's own user. */
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_MINE, 0);
  assert_list (list, fixture->emily, fixture->joao, fixture->alvaro, END);

  bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_OPEN);
  assert_list (list, fixture->emily, fixture->alvaro, END);

  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED, 0);
  assert_list (list, fixture->chiara, END);

  bottega_conversation_list_set_status (list, -1);
  assert_list (list, fixture->sara, fixture->chiara, END);

  /* The user id means nothing but with MINE. */
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_ALL, 7);
  g_assert_cmpint (bottega_conversation_list_get_user_id (list), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);

  /* Other agents' conversations are neither mine nor unassigned. */
  bottega_conversation_list_set_status (list, BOTTEGA_CONVERSATION_RESOLVED);
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_MINE, 0);
  assert_list (list, END);
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED, 0);
  assert_list (list, END);
}

static void
test_filter_unread_label_inbox (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(BottegaConversationList) list = bottega_conversation_list_new (fixture->store, 0);

  bottega_conversation_list_set_unread_only (list, TRUE);
  g_assert_true (bottega_conversation_list_get_unread_only (list));
  assert_list (list, fixture->emily, fixture->joao, fixture->alvaro, END);
  bottega_conversation_list_set_unread_only (list, FALSE);

  bottega_conversation_list_set_label (list, "vip");
  g_assert_cmpstr (bottega_conversation_list_get_label (list), ==, "vip");
  assert_list (list, fixture->emily, fixture->joao, fixture->alvaro, END);
  bottega_conversation_list_set_label (list, "ordine");
  assert_list (list, fixture->joao, fixture->chiara, END);
  /* Setting the label the list holds (its own string) keeps it. */
  bottega_conversation_list_set_label (list, bottega_conversation_list_get_label (list));
  assert_list (list, fixture->joao, fixture->chiara, END);
  bottega_conversation_list_set_label (list, "no such label");
  assert_list (list, END);
  /* "" is no label, like NULL. */
  bottega_conversation_list_set_label (list, "");
  g_assert_null (bottega_conversation_list_get_label (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);

  /* An inbox is one account's: the other shop's inbox 3 is another. */
  bottega_conversation_list_set_inbox (list, fixture->shop_whatsapp);
  g_assert_cmpint (bottega_conversation_list_get_inbox (list), ==, fixture->shop_whatsapp);
  assert_list (list, fixture->sara, fixture->marco, fixture->alvaro, END);
  bottega_conversation_list_set_inbox (list, fixture->shop_email);
  assert_list (list, fixture->joao, fixture->chiara, END);
  bottega_conversation_list_set_inbox (list, fixture->other_whatsapp);
  assert_list (list, fixture->emily, END);
  bottega_conversation_list_set_inbox (list, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);
}

static void
test_filter_combined (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BottegaConversationList) list = bottega_conversation_list_new (fixture->store, 0);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  BottegaConversationFilter filter = BOTTEGA_CONVERSATION_FILTER_INIT;
  BottegaConversationFilter got;
  g_autofree char *label = NULL;
  guint notifies = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), changes);

  /* Everything at once is one reload. */
  filter.assignee = BOTTEGA_ASSIGNEE_FILTER_MINE;
  filter.user_id = 7;
  filter.unread_only = TRUE;
  filter.label = "vip";
  filter.inbox_id = fixture->shop_email;
  bottega_conversation_list_set_filter (list, &filter);
  g_assert_cmpuint (changes->len, ==, 1);
  assert_list (list, fixture->joao, END);

  bottega_conversation_list_get_filter (list, &got);
  g_assert_cmpint (got.status, ==, -1);
  g_assert_cmpint (got.assignee, ==, BOTTEGA_ASSIGNEE_FILTER_MINE);
  g_assert_cmpint (got.user_id, ==, 7);
  g_assert_true (got.unread_only);
  g_assert_cmpstr (got.label, ==, "vip");
  g_assert_cmpint (got.inbox_id, ==, fixture->shop_email);

  /* The same filter again changes nothing and announces nothing. */
  g_array_set_size (changes, 0);
  bottega_conversation_list_set_filter (list, &filter);
  g_assert_cmpuint (changes->len, ==, 0);

  /* The filters are properties too. */
  g_object_get (list, "label", &label, NULL);
  g_assert_cmpstr (label, ==, "vip");
  g_signal_connect (list, "notify::unread-only", G_CALLBACK (count_notify), &notifies);
  g_object_set (list, "unread-only", FALSE, NULL);
  g_assert_cmpuint (notifies, ==, 1);
  g_object_set (list, "unread-only", FALSE, NULL);
  g_assert_cmpuint (notifies, ==, 1);
  g_object_set (list, "inbox-id", (gint64) 0, "label", NULL, NULL);
  assert_list (list, fixture->joao, fixture->alvaro, END);
  g_object_set (list, "status", BOTTEGA_CONVERSATION_PENDING, NULL);
  assert_list (list, fixture->joao, END);
}

/* A filtered list follows the store: a conversation leaves when it stops
 * matching and comes in when it starts to. */
static void
test_filter_follows_store (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BottegaConversationList) list = bottega_conversation_list_new (fixture->store, 0);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(BottegaConversation) held = NULL;
  BottegaConversationFilter filter = BOTTEGA_CONVERSATION_FILTER_INIT;

  filter.status = BOTTEGA_CONVERSATION_OPEN;
  filter.unread_only = TRUE;
  bottega_conversation_list_set_filter (list, &filter);
  assert_list (list, fixture->emily, fixture->alvaro, END);
  held = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), changes);

  /* Álvaro's messages are read: he leaves the unread list. */
  {
    g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->shop);
    Seed read = alvaro;
    g_autoptr(BottegaConversation) conversation = NULL;

    read.unread = 0;
    conversation = make_conversation (&read);
    bottega_store_batch_add_conversation (batch, conversation);
    write_batch (fixture->store, batch);
  }
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, >, 0);
  assert_list (list, fixture->emily, END);
  /* The row a view held was brought up to date before it went. */
  g_assert_cmpint (bottega_conversation_get_unread_count (held), ==, 0);

  /* Chiara writes: she is unread, and the newest. */
  g_array_set_size (changes, 0);
  {
    g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->shop);
    Seed wrote = chiara;
    g_autoptr(BottegaConversation) conversation = NULL;

    wrote.unread = 1;
    wrote.last_activity_at = 9000;
    conversation = make_conversation (&wrote);
    bottega_store_batch_add_conversation (batch, conversation);
    write_batch (fixture->store, batch);
  }
  flush_signals (fixture);
  g_assert_cmpuint (changes->len, >, 0);
  assert_list (list, fixture->chiara, fixture->emily, END);

  /* Resolved, she leaves the open list. */
  {
    g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->shop);
    Seed resolved = chiara;
    g_autoptr(BottegaConversation) conversation = NULL;

    resolved.unread = 1;
    resolved.last_activity_at = 9000;
    resolved.status = BOTTEGA_CONVERSATION_RESOLVED;
    conversation = make_conversation (&resolved);
    bottega_store_batch_add_conversation (batch, conversation);
    write_batch (fixture->store, batch);
  }
  flush_signals (fixture);
  assert_list (list, fixture->emily, END);
}

/* Filters over more rows than a page: counts and order stay whole. */
static void
test_filter_pages (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->shop);
  g_autoptr(BottegaConversationList) list = bottega_conversation_list_new (fixture->store, fixture->shop);
  BottegaConversationFilter filter = BOTTEGA_CONVERSATION_FILTER_INIT;
  guint n_mine_open = 0;
  guint n_labelled = 0;
  gint64 previous = G_MAXINT64;

  for (guint i = 0; i < 320; i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      Seed seed = { 100 + i, name, i % 4, i % 2 == 0 ? 7 : 0, (int) (i % 5 == 0), { NULL }, 3,
                    10000 + (gint64) (i * 37 % 320) };
      g_autoptr(BottegaConversation) conversation = NULL;

      if (i % 7 == 0)
        seed.labels[0] = "ordine";
      if (seed.status == BOTTEGA_CONVERSATION_OPEN && seed.assignee == 7)
        n_mine_open++;
      if (i % 7 == 0 && i % 5 == 0)
        n_labelled++;
      conversation = make_conversation (&seed);
      bottega_store_batch_add_conversation (batch, conversation);
    }
  write_batch (fixture->store, batch);
  flush_signals (fixture);

  filter.status = BOTTEGA_CONVERSATION_OPEN;
  filter.assignee = BOTTEGA_ASSIGNEE_FILTER_MINE;
  filter.user_id = 7;
  bottega_conversation_list_set_filter (list, &filter);
  /* Álvaro is open and mine too. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_mine_open + 1);
  g_assert_cmpuint (n_mine_open, >, 50);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(BottegaConversation) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      gint64 at = bottega_conversation_get_last_activity_at (item);

      g_assert_cmpint (bottega_conversation_get_status (item), ==, BOTTEGA_CONVERSATION_OPEN);
      g_assert_cmpint (bottega_conversation_get_assignee_id (item), ==, 7);
      g_assert_cmpint (at, <=, previous);
      previous = at;
      g_assert_cmpuint (bottega_conversation_list_find (list, bottega_conversation_get_id (item)), ==, i);
    }

  filter = (BottegaConversationFilter) BOTTEGA_CONVERSATION_FILTER_INIT;
  filter.unread_only = TRUE;
  filter.label = "ordine";
  bottega_conversation_list_set_filter (list, &filter);
  /* João is unread and "ordine" too. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_labelled + 1);
}

/* ---- jumping to a conversation ---- */

static void
assert_jump (Fixture    *fixture,
             const char *query,
             ...)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;
  gint64 id;

  va_start (args, query);
  while ((id = va_arg (args, gint64)) != 0)
    g_array_append_val (expected, id);
  va_end (args);

  found = bottega_store_search_conversations (fixture->store, 0, query, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_test_message ("“%s”: %u found", query, found->len);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    {
      BottegaConversation *conversation = g_ptr_array_index (found, i);

      g_assert_cmpint (bottega_conversation_get_id (conversation), ==, g_array_index (expected, gint64, i));
      g_assert_nonnull (bottega_conversation_get_customer (conversation));
    }
}

static void
test_jump (Fixture       *fixture,
           gconstpointer  data)
{
  /* Accents and case ignored, words as prefixes, every word must match. */
  assert_jump (fixture, "alvaro", fixture->alvaro, END);
  assert_jump (fixture, "JOAO sil", fixture->joao, END);
  assert_jump (fixture, "ro", fixture->marco, fixture->alvaro, END);
  assert_jump (fixture, "marco romero", END);
  /* A number is a conversation number, in every account. */
  assert_jump (fixture, "#4", fixture->joao, END);
  assert_jump (fixture, "1", fixture->emily, fixture->alvaro, END);
  assert_jump (fixture, "  ", END);
  assert_jump (fixture, "\"*(", END);

  /* A renamed customer is found by the new name only. */
  {
    g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->shop);
    Seed renamed = sara;
    g_autoptr(BottegaConversation) conversation = NULL;

    renamed.customer = "Sára Colombo Nuñez";
    conversation = make_conversation (&renamed);
    bottega_store_batch_add_conversation (batch, conversation);
    write_batch (fixture->store, batch);
  }
  assert_jump (fixture, "nunez", fixture->sara, END);
  assert_jump (fixture, "sara colombo", fixture->sara, END);

  /* The limit holds. */
  {
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GError) error = NULL;

    found = bottega_store_search_conversations (fixture->store, 0, "ro", 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_clear_pointer (&found, g_ptr_array_unref);

    found = bottega_store_search_conversations (fixture->store, fixture->other_shop, "1", 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (bottega_conversation_get_id (g_ptr_array_index (found, 0)), ==, fixture->emily);
  }
}

/* ---- migration 001 → 002 ---- */

static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s", message);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_migrate_v1_to_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bottega-test-list-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bottega.db", NULL);
  g_autoptr(GBytes) v1 = NULL;
  g_autofree char *v1_sql = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaConversationList) list = NULL;
  g_autoptr(GPtrArray) found = NULL;
  sqlite3 *db = NULL;
  const char * const indexes[] = {
    "conversations_all_by_assignee_status_activity",
    "conversations_all_by_assignee_activity",
    "conversations_by_inbox_status_activity",
    "conversations_by_inbox_activity",
    "conversations_unread_by_activity",
  };

  g_assert_no_error (error);
  g_assert_cmpint (BOTTEGA_STORE_SCHEMA_VERSION, >=, 2);

  /* A store as version 1 left it, with a shop in it. */
  v1 = g_resource_lookup_data (bottega_store_get_resource (),
                               "/io/github/bottega_chat/Bottega/store/migrations/001-initial.sql",
                               G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  v1_sql = g_strndup (g_bytes_get_data (v1, NULL), g_bytes_get_size (v1));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_raw (db, "PRAGMA journal_mode = WAL");
  exec_raw (db, "BEGIN");
  exec_raw (db, v1_sql);
  exec_raw (db,
            "INSERT INTO accounts (id, url, remote_id, user_id) VALUES (1, 'https://chat.example.com', 1, 7);"
            "INSERT INTO inboxes (id, account_id, remote_id, name) VALUES (1, 1, 3, 'WhatsApp');"
            "INSERT INTO customers (id, account_id, remote_id, name) VALUES (1, 1, 11, 'Álvaro Romero');"
            "INSERT INTO customers (id, account_id, remote_id, name) VALUES (2, 1, 12, 'Chiara Ferri');"
            "INSERT INTO conversations (id, account_id, remote_id, inbox_remote_id, customer_id, status, "
            "  unread_count, assignee_remote_id, last_activity_at) VALUES "
            "  (1, 1, 41, 3, 1, 'open', 2, 7, 1000),"
            "  (2, 1, 42, 3, 2, 'resolved', 0, 0, 2000);"
            "INSERT INTO conversation_labels (conversation_id, title) VALUES (1, 'vip');"
            "INSERT INTO messages (id, account_id, conversation_id, remote_id, content, created_at) "
            "  VALUES (1, 1, 1, 501, 'Vorrei sapere perché', 990);"
            "PRAGMA user_version = 1;");
  exec_raw (db, "COMMIT");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = bottega_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, BOTTEGA_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      char *sql = sqlite3_mprintf ("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = %Q",
                                   indexes[i]);

      g_test_message ("index %s", indexes[i]);
      g_assert_cmpint (raw_int (path, sql), ==, 1);
      sqlite3_free (sql);
    }

  /* The data is all there, and the new filters and the jump work on it. */
  list = bottega_conversation_list_new (store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  bottega_conversation_list_set_unread_only (list, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  bottega_conversation_list_set_unread_only (list, FALSE);
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_MINE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED, 0);
  g_assert_cmpuint (bottega_conversation_list_find (list, 2), ==, 0);
  bottega_conversation_list_set_assignee (list, BOTTEGA_ASSIGNEE_FILTER_ALL, 0);
  bottega_conversation_list_set_inbox (list, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_clear_object (&list);

  /* Customers stored before the update are found by name. */
  found = bottega_store_search_conversations (store, 0, "alvaro", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (bottega_conversation_get_id (g_ptr_array_index (found, 0)), ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = bottega_store_search (store, 0, "perche", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  bottega_store_close (store);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Opening again applies nothing twice. */
  store = bottega_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, BOTTEGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH 'romero'"), ==, 1);
  bottega_store_close (store);
  g_assert_finalize_object (g_steal_pointer (&store));

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/conversation-list/filter/status", Fixture, NULL,
              fixture_set_up, test_filter_status, fixture_tear_down);
  g_test_add ("/conversation-list/filter/assignee", Fixture, NULL,
              fixture_set_up, test_filter_assignee, fixture_tear_down);
  g_test_add ("/conversation-list/filter/unread-label-inbox", Fixture, NULL,
              fixture_set_up, test_filter_unread_label_inbox, fixture_tear_down);
  g_test_add ("/conversation-list/filter/combined", Fixture, NULL,
              fixture_set_up, test_filter_combined, fixture_tear_down);
  g_test_add ("/conversation-list/filter/follows-store", Fixture, NULL,
              fixture_set_up, test_filter_follows_store, fixture_tear_down);
  g_test_add ("/conversation-list/filter/pages", Fixture, NULL,
              fixture_set_up, test_filter_pages, fixture_tear_down);
  g_test_add ("/conversation-list/jump", Fixture, NULL,
              fixture_set_up, test_jump, fixture_tear_down);
  g_test_add_func ("/conversation-list/migrate/from-v1", test_migrate_v1_to_v2);

  return g_test_run ();
}
