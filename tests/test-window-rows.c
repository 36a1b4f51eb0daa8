/* test-window-rows.c: the conversation list builds rows as the reader nears its end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A widget test under the suite's virtual display. GTK 4.8's list view
 * builds up to 200 rows of whatever model it is given, so the window gives
 * it a first screen of conversations and grows that as the view nears the
 * end of them: a long list must start short and still reach its last
 * conversation by scrolling.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bottega-store.h"
#include "bottega-window.h"

/* The interface resources (bottega-ui-resources.h, generated). */
GResource *bottega_ui_get_resource (void);

#define N_CONVERSATIONS 300

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

static void
fill_store (BottegaStore *store)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(BottegaStoreBatch) batch = NULL;
  g_autoptr(BottegaInbox) inbox = bottega_inbox_new ();
  g_autoptr(GError) error = NULL;

  bottega_account_set_url (account, "https://chat.example.com");
  bottega_account_set_remote_id (account, 1);
  bottega_account_set_user_id (account, 7);
  bottega_account_set_name (account, "Bottega Rossi");
  bottega_account_set_user_name (account, "Giulia");
  g_assert_true (bottega_store_save_account (store, account, &error));
  g_assert_no_error (error);

  batch = bottega_store_batch_new (bottega_account_get_id (account));
  bottega_inbox_set_remote_id (inbox, 3);
  bottega_inbox_set_name (inbox, "WhatsApp");
  bottega_inbox_set_channel_type (inbox, "Channel::Whatsapp");
  bottega_store_batch_add_inbox (batch, inbox);

  for (int i = 1; i <= N_CONVERSATIONS; i++)
    {
      g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
      g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
      g_autofree char *name = g_strdup_printf ("Customer %d", i);

      bottega_customer_set_remote_id (customer, 1000 + i);
      bottega_customer_set_name (customer, name);
      bottega_conversation_set_remote_id (conversation, i);
      bottega_conversation_set_inbox_id (conversation, 3);
      bottega_conversation_set_channel (conversation, "Channel::Whatsapp");
      bottega_conversation_set_status (conversation, BOTTEGA_CONVERSATION_OPEN);
      bottega_conversation_set_can_reply (conversation, TRUE);
      bottega_conversation_set_last_activity_at (conversation, 1700000000 + i);
      bottega_conversation_set_created_at (conversation, 1700000000 + i - 100);
      bottega_conversation_set_updated_at (conversation, 1700000000 + i);
      bottega_conversation_set_customer (conversation, customer);
      bottega_store_batch_add_conversation (batch, conversation);
    }

  g_assert_true (bottega_store_write_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
}

/* The list view whose items are conversations. */
static GtkListView *
find_conversation_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    {
      GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (widget));
      g_autoptr(GObject) first = model != NULL ? g_list_model_get_item (G_LIST_MODEL (model), 0) : NULL;

      if (BOTTEGA_IS_CONVERSATION (first))
        return GTK_LIST_VIEW (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found = find_conversation_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
give_up (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets @n frames of @widget's window go by (new rows are revealed before
 * a frame's layout and measured in it). */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint frames = 0;
  gboolean timed_out = FALSE;
  guint tick = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  guint timeout = g_timeout_add_seconds (20, give_up, &timed_out);

  while (frames < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  gtk_widget_remove_tick_callback (widget, tick);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
}

static guint
n_rows (GtkListView *list)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
}

static void
test_rows_grow_to_the_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bottega-test-rows-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bottega.db", NULL);
  g_autoptr(BottegaStore) store = NULL;
  GtkAdjustment *adjustment;
  BottegaWindow *window;
  GtkListView *list;
  guint first, steps = 0, last;

  g_assert_no_error (error);
  store = bottega_store_open (path, &error);
  g_assert_no_error (error);
  fill_store (store);

  window = g_object_new (BOTTEGA_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  bottega_window_set_store (window, store);
  bottega_window_show_main (window);
  gtk_window_present (GTK_WINDOW (window));

  list = find_conversation_list (GTK_WIDGET (window));
  g_assert_nonnull (list);
  wait_frames (GTK_WIDGET (window), 10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));

  /* A screen of rows and a chunk, not the whole list (nor GTK's 200). */
  first = n_rows (list);
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <, 120);

  /* Scrolling to the end of the rows built brings more, until the last
   * conversation. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  last = first;
  for (guint i = 0; i < 60 && n_rows (list) < N_CONVERSATIONS; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                            gtk_adjustment_get_page_size (adjustment));
      wait_frames (GTK_WIDGET (window), 4);
      if (n_rows (list) > last)
        steps++;
      last = n_rows (list);
    }
  g_assert_cmpuint (n_rows (list), ==, N_CONVERSATIONS);
  g_assert_cmpuint (steps, >, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  bottega_store_close (store);
  g_clear_object (&store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  g_assert_nonnull (bottega_ui_get_resource ());

  g_test_add_func ("/window/rows/grow-to-the-end", test_rows_grow_to_the_end);

  return g_test_run ();
}
