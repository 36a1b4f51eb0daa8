/* test-conversation-view.c: a long conversation opens on its newest
 * messages only, and older ones come as the reader scrolls up or jumps
 *
 * Widgets, so under the virtual display of build-aux/run-tests.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "bottega-conversation-view.h"
#include "bottega-message-row.h"
#include "bottega-test-helpers.h"
#include "bottega-window.h"

GResource *bottega_ui_get_resource (void);

#define LONG_DISPLAY_ID  21
#define N_LONG           500
#define SHORT_DISPLAY_ID 22
#define N_SHORT          20
/* What the view starts with. */
#define WINDOW           50
/* Seven messages a day, ten minutes apart from noon UTC (the same day in
 * any time zone), from 1 January 2026. */
#define PER_DAY          7
#define FIRST_NOON       G_GINT64_CONSTANT (1767268800)

typedef struct {
  char          *dir;
  BottegaStore  *store;
  BottegaWindow *window;
  gint64         account_id;
  gint64         long_id;
  gint64         short_id;
} Fixture;

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gint64
created_at (guint remote_id)
{
  guint i = remote_id - 1;

  return FIRST_NOON + (gint64) (i / PER_DAY) * 86400 + (gint64) (i % PER_DAY) * 600;
}

/* Message @remote_id (1 for the oldest) is the first of its day. */
static gboolean
starts_a_day (guint remote_id)
{
  return (remote_id - 1) % PER_DAY == 0;
}

static BottegaMessage *
make_message (guint remote_id)
{
  BottegaMessage *message = bottega_message_new ();
  g_autofree char *content = g_strdup_printf ("Messaggio numero %u", remote_id);

  bottega_message_set_remote_id (message, remote_id);
  bottega_message_set_content (message, content);
  bottega_message_set_message_type (message, remote_id % 2 == 0 ? BOTTEGA_MESSAGE_OUTGOING : BOTTEGA_MESSAGE_INCOMING);
  bottega_message_set_status (message, BOTTEGA_MESSAGE_STATUS_SENT);
  bottega_message_set_created_at (message, created_at (remote_id));
  bottega_message_set_sender_type (message, remote_id % 2 == 0 ? "user" : "contact");
  bottega_message_set_sender_name (message, remote_id % 2 == 0 ? "Giulia" : "Maria Rossi");
  return message;
}

static void
add_conversation (BottegaStoreBatch *batch,
                  gint64             display_id,
                  guint              first,
                  guint              n)
{
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  bottega_customer_set_remote_id (customer, display_id + 100);
  bottega_customer_set_name (customer, display_id == LONG_DISPLAY_ID ? "Maria Rossi" : "Pedro Alves");
  bottega_conversation_set_remote_id (conversation, display_id);
  bottega_conversation_set_customer (conversation, customer);
  bottega_conversation_set_last_activity_at (conversation, created_at (first + n - 1));
  bottega_store_batch_add_conversation (batch, conversation);

  for (guint i = first; i < first + n; i++)
    g_ptr_array_add (messages, make_message (i));
  bottega_store_batch_add_messages (batch, display_id, messages, TRUE);
}

static gint64
conversation_id (Fixture *f,
                 gint64   display_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;

  conversation = bottega_store_find_conversation (f->store, f->account_id, display_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return bottega_conversation_get_id (conversation);
}

static gint64
message_id (Fixture *f,
            guint    remote_id)
{
  g_autoptr(BottegaMessage) message = NULL;

  message = bottega_store_find_message_by_remote_id (f->store, f->account_id, remote_id, NULL);
  g_assert_nonnull (message);
  return bottega_message_get_id (message);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(BottegaStoreBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("bottega-test-conversation-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "bottega.db", NULL);
  f->store = bottega_store_open (path, &error);
  g_assert_no_error (error);

  bottega_account_set_url (account, "https://chat.example.com");
  bottega_account_set_remote_id (account, 1);
  bottega_account_set_name (account, "Bottega Rossi");
  g_assert_true (bottega_store_save_account (f->store, account, &error));
  g_assert_no_error (error);
  f->account_id = bottega_account_get_id (account);

  batch = bottega_store_batch_new (f->account_id);
  add_conversation (batch, LONG_DISPLAY_ID, 1, N_LONG);
  add_conversation (batch, SHORT_DISPLAY_ID, 1001, N_SHORT);
  g_assert_true (bottega_store_write_batch (f->store, batch, NULL, &error));
  g_assert_no_error (error);
  f->long_id = conversation_id (f, LONG_DISPLAY_ID);
  f->short_id = conversation_id (f, SHORT_DISPLAY_ID);

  f->window = bottega_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  bottega_window_set_store (f->window, f->store);
  bottega_window_show_main (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  spin (50);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (20);
  bottega_store_close (f->store);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* ---- looking at the window ---- */

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static BottegaConversationView *
conversation_view (Fixture *f)
{
  GtkWidget *view = find_type (GTK_WIDGET (f->window), BOTTEGA_TYPE_CONVERSATION_VIEW);

  g_assert_nonnull (view);
  return BOTTEGA_CONVERSATION_VIEW (view);
}

/* The list view of the messages: the one whose items are messages. */
static GtkListView *
find_message_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    {
      GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (widget));

      if (GTK_IS_NO_SELECTION (model) &&
          g_list_model_get_item_type (gtk_no_selection_get_model (GTK_NO_SELECTION (model))) == BOTTEGA_TYPE_MESSAGE)
        return GTK_LIST_VIEW (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found = find_message_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GListModel *
message_model (Fixture *f)
{
  GtkListView *list = find_message_list (GTK_WIDGET (conversation_view (f)));

  g_assert_nonnull (list);
  return G_LIST_MODEL (gtk_list_view_get_model (list));
}

static GtkAdjustment *
message_adjustment (Fixture *f)
{
  GtkListView *list = find_message_list (GTK_WIDGET (conversation_view (f)));

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
}

/* The remote id of the message at @position of the list view. */
static guint
remote_id_at (GListModel *model,
              guint       position)
{
  g_autoptr(BottegaMessage) message = g_list_model_get_item (model, position);

  g_assert_nonnull (message);
  return (guint) bottega_message_get_remote_id (message);
}

static void
collect_rows (GtkWidget *widget,
              gboolean   mapped_only,
              GPtrArray *rows)
{
  if (mapped_only && !gtk_widget_get_mapped (widget))
    return;
  if (BOTTEGA_IS_MESSAGE_ROW (widget))
    {
      if (bottega_message_row_get_message (BOTTEGA_MESSAGE_ROW (widget)) != NULL)
        g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, mapped_only, rows);
}

/* The message rows on screen. */
static GPtrArray *
shown_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (conversation_view (f)), TRUE, rows);
  return rows;
}

/* Every row the list view has made and bound, on screen or not. */
static GPtrArray *
bound_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (conversation_view (f)), FALSE, rows);
  return rows;
}

/* The bound row of message @remote_id, or NULL. */
static GtkWidget *
bound_row_of (Fixture *f,
              guint    remote_id)
{
  g_autoptr(GPtrArray) rows = bound_rows (f);

  for (guint i = 0; i < rows->len; i++)
    if (bottega_message_get_remote_id (bottega_message_row_get_message (g_ptr_array_index (rows, i))) == remote_id)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static GtkWidget *
shown_row_of (Fixture *f,
              guint    remote_id)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);

  for (guint i = 0; i < rows->len; i++)
    {
      BottegaMessage *message = bottega_message_row_get_message (g_ptr_array_index (rows, i));

      if (message != NULL && bottega_message_get_remote_id (message) == remote_id)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

/* Lets the window lay itself out until the message @remote_id is on
 * screen; FALSE when it is not after a while. */
static gboolean
wait_for_row (Fixture *f,
              guint    remote_id)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (shown_row_of (f, remote_id) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      spin (20);
    }
  /* A few more frames: the rows around it are measured too. */
  spin (100);
  return TRUE;
}

/* Lets the window work until the list view has more than @n messages. */
static gboolean
wait_for_more (GListModel *model,
               guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (model) <= n)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      spin (20);
    }
  spin (100);
  return TRUE;
}

static GtkLabel *
find_day_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "day-separator"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_day_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every message row the list view has says its day exactly when its
 * message is the first of that day (in the whole conversation, not in
 * what the view was given); returns how many rows were looked at. */
static guint
assert_day_separators (Fixture *f)
{
  g_autoptr(GPtrArray) rows = bound_rows (f);
  guint checked = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      BottegaMessage *message = bottega_message_row_get_message (g_ptr_array_index (rows, i));
      GtkLabel *day = find_day_label (g_ptr_array_index (rows, i));
      guint remote_id;

      if (message == NULL)
        continue;
      remote_id = (guint) bottega_message_get_remote_id (message);
      g_assert_nonnull (day);
      if (gtk_widget_get_visible (GTK_WIDGET (day)) != starts_a_day (remote_id))
        g_error ("message %u: day separator %s, expected %s", remote_id,
                 gtk_widget_get_visible (GTK_WIDGET (day)) ? "shown" : "hidden",
                 starts_a_day (remote_id) ? "shown" : "hidden");
      checked++;
    }
  return checked;
}

/* Opens the conversation as a click on its row does, and waits for its
 * newest message @newest on screen. */
static void
open_conversation (Fixture *f,
                   gint64   id,
                   guint    newest)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-conversation", "x", id));
  g_assert_true (wait_for_row (f, newest));
  /* The view settles at the bottom over a few frames. */
  spin (200);
}

/* ---- tests ---- */

/* 500 stored messages: the list view is given the newest 50, the newest
 * last and on screen, and the first row shown has no separator of a day
 * that began before it. */
static void
test_window_newest (Fixture       *f,
                    gconstpointer  data)
{
  GListModel *model;

  open_conversation (f, f->long_id, N_LONG);
  model = message_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, WINDOW);
  g_assert_cmpuint (remote_id_at (model, WINDOW - 1), ==, N_LONG);
  g_assert_cmpuint (remote_id_at (model, 0), ==, N_LONG - WINDOW + 1);
  g_assert_nonnull (shown_row_of (f, N_LONG));
  /* The first message given to the view is not the first of its day: no
   * separator on it. */
  g_assert_false (starts_a_day (N_LONG - WINDOW + 1));
  g_assert_nonnull (bound_row_of (f, N_LONG - WINDOW + 1));
  g_assert_cmpuint (assert_day_separators (f), >, 0);

  /* A short conversation: all of it. */
  open_conversation (f, f->short_id, 1000 + N_SHORT);
  model = message_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_SHORT);
  g_assert_cmpuint (remote_id_at (model, N_SHORT - 1), ==, 1000 + N_SHORT);
}

/* Scrolling to the top brings older messages, the oldest of the window
 * keeps its place on screen, and the day separators stay right. */
static void
test_window_scroll_up (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *model;
  GtkAdjustment *adjustment;
  guint n = 0;

  open_conversation (f, f->long_id, N_LONG);
  model = message_model (f);
  adjustment = message_adjustment (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, WINDOW);

  /* The first row of the window at the top of the view. */
  gtk_adjustment_set_value (adjustment, 0);
  g_assert_true (wait_for_more (model, WINDOW));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, WINDOW);
  g_assert_cmpuint (n, <, N_LONG);
  g_assert_cmpuint (remote_id_at (model, n - 1), ==, N_LONG);
  g_assert_cmpuint (remote_id_at (model, 0), ==, N_LONG - n + 1);
  /* Still the messages the reader scrolled to, not the new top. */
  g_assert_nonnull (shown_row_of (f, N_LONG - WINDOW + 1));
  g_assert_null (shown_row_of (f, N_LONG - n + 1));
  g_assert_nonnull (bound_row_of (f, N_LONG - n + 1));
  assert_day_separators (f);

  /* All the way up: every stored message, the oldest on screen. */
  while (g_list_model_get_n_items (model) < N_LONG)
    {
      gtk_adjustment_set_value (adjustment, 0);
      g_assert_true (wait_for_more (model, g_list_model_get_n_items (model)));
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_LONG);
  g_assert_cmpuint (remote_id_at (model, 0), ==, 1);
  gtk_adjustment_set_value (adjustment, 0);
  g_assert_true (wait_for_row (f, 1));
  g_assert_cmpuint (assert_day_separators (f), >, 0);
}

/* A jump to the oldest message (a search result) brings it in first. */
static void
test_window_jump (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *model;

  open_conversation (f, f->long_id, N_LONG);
  model = message_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, WINDOW);

  bottega_conversation_view_scroll_to_message (conversation_view (f), message_id (f, 2));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_LONG);
  g_assert_cmpuint (remote_id_at (model, 0), ==, 1);
  g_assert_true (wait_for_row (f, 2));
  g_assert_cmpuint (assert_day_separators (f), >, 0);

  /* Another conversation starts with its newest again. */
  open_conversation (f, f->short_id, 1000 + N_SHORT);
  open_conversation (f, f->long_id, N_LONG);
  model = message_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, WINDOW);
}

/* A message that arrives joins the window at its end, and shows. */
static void
test_window_arrival (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (f->account_id);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *model;

  open_conversation (f, f->long_id, N_LONG);
  model = message_model (f);

  g_ptr_array_add (messages, make_message (N_LONG + 1));
  bottega_store_batch_add_messages (batch, LONG_DISPLAY_ID, messages, FALSE);
  g_assert_true (bottega_store_write_batch (f->store, batch, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (wait_for_row (f, N_LONG + 1));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, WINDOW + 1);
  g_assert_cmpuint (remote_id_at (model, WINDOW), ==, N_LONG + 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The virtual display has no GL; no accessibility bus. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (bottega_ui_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* A GTK warning or critical fails the test. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  g_test_add ("/conversation-view/window/newest", Fixture, NULL, fixture_set_up, test_window_newest,
              fixture_tear_down);
  g_test_add ("/conversation-view/window/scroll-up", Fixture, NULL, fixture_set_up, test_window_scroll_up,
              fixture_tear_down);
  g_test_add ("/conversation-view/window/jump", Fixture, NULL, fixture_set_up, test_window_jump,
              fixture_tear_down);
  g_test_add ("/conversation-view/window/arrival", Fixture, NULL, fixture_set_up, test_window_arrival,
              fixture_tear_down);

  return g_test_run ();
}
