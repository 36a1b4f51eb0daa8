/* test-tail-model.c: the window of newest items a conversation shows
 *
 * Every items-changed of the tail model is applied to a shadow list, as a
 * GtkListView applies it to its rows; after every change the shadow must
 * hold exactly what the model returns, and the model must be the end of
 * the wrapped list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "bottega-tail-model.h"

typedef struct {
  GListStore       *store;
  BottegaTailModel *tail;
  GPtrArray        *shadow;   /* what the announcements say the model holds */
  guint             next_id;
  guint             n_signals;
  /* the last announcement */
  guint             position;
  guint             removed;
  guint             added;
} Fixture;

static GObject *
new_item (Fixture *f)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (item, "id", GUINT_TO_POINTER (++f->next_id));
  return item;
}

static void
on_tail_changed (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Fixture    *f)
{
  /* A list view would assert here: the announcement must fit what it
   * was told before… */
  g_assert_cmpuint (position + removed, <=, f->shadow->len);
  g_ptr_array_remove_range (f->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->shadow, position + i, g_list_model_get_item (model, position + i));
  /* …and the model's size now. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, f->shadow->len);

  f->n_signals++;
  f->position = position;
  f->removed = removed;
  f->added = added;
}

/* The model holds what it announced, and is the end of the wrapped list. */
static void
check (Fixture *f)
{
  GListModel *tail;
  guint n, n_wrapped, offset;

  /* Not made yet: the fixture is filling the list. */
  if (f->tail == NULL)
    return;
  tail = G_LIST_MODEL (f->tail);
  n = g_list_model_get_n_items (tail);
  n_wrapped = g_list_model_get_n_items (G_LIST_MODEL (f->store));
  offset = bottega_tail_model_get_n_older (f->tail);
  g_assert_cmpuint (n, ==, f->shadow->len);
  g_assert_cmpuint (offset + n, ==, n_wrapped);
  g_assert_null (g_list_model_get_item (tail, n));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (tail, i);
      g_autoptr(GObject) wrapped = g_list_model_get_item (G_LIST_MODEL (f->store), offset + i);

      g_assert_true (item == g_ptr_array_index (f->shadow, i));
      g_assert_true (item == wrapped);
      g_assert_cmpuint (bottega_tail_model_to_wrapped (f->tail, i), ==, offset + i);
      g_assert_cmpuint (bottega_tail_model_from_wrapped (f->tail, offset + i), ==, i);
    }
  g_assert_cmpuint (bottega_tail_model_to_wrapped (f->tail, n), ==, G_MAXUINT);
  if (offset > 0)
    g_assert_cmpuint (bottega_tail_model_from_wrapped (f->tail, offset - 1), ==, G_MAXUINT);
  g_assert_cmpuint (bottega_tail_model_from_wrapped (f->tail, n_wrapped), ==, G_MAXUINT);
}

/* Removes @removed items at @position and inserts @added new ones there,
 * as one change. */
static void
splice (Fixture *f,
        guint    position,
        guint    removed,
        guint    added)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, new_item (f));
  g_list_store_splice (f->store, position, removed, items->pdata, added);
  check (f);
}

static void
fixture_set_up (Fixture  *f,
                guint     n,
                guint     initial_size)
{
  f->store = g_list_store_new (G_TYPE_OBJECT);
  f->shadow = g_ptr_array_new_with_free_func (g_object_unref);
  splice (f, 0, 0, n);
  f->tail = bottega_tail_model_new (G_LIST_MODEL (f->store), initial_size);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->tail)); i++)
    g_ptr_array_add (f->shadow, g_list_model_get_item (G_LIST_MODEL (f->tail), i));
  g_signal_connect (f->tail, "items-changed", G_CALLBACK (on_tail_changed), f);
  check (f);
  f->n_signals = 0;
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->tail);
  g_clear_object (&f->store);
  g_clear_pointer (&f->shadow, g_ptr_array_unref);
}

/* The last announcement was (@position, @removed, @added), and it was
 * the only one since @n_before. */
static void
assert_signal (Fixture *f,
               guint    n_before,
               guint    position,
               guint    removed,
               guint    added)
{
  g_assert_cmpuint (f->n_signals, ==, n_before + 1);
  g_assert_cmpuint (f->position, ==, position);
  g_assert_cmpuint (f->removed, ==, removed);
  g_assert_cmpuint (f->added, ==, added);
}

static guint
id_at (Fixture *f,
       guint    position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (f->tail), position);

  g_assert_nonnull (item);
  return GPOINTER_TO_UINT (g_object_get_data (item, "id"));
}

static void
test_initial (void)
{
  Fixture f = { 0 };

  /* A long conversation: its newest 50, the newest last. */
  fixture_set_up (&f, 500, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 50);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 450);
  g_assert_cmpuint (id_at (&f, 0), ==, 451);
  g_assert_cmpuint (id_at (&f, 49), ==, 500);
  g_assert_true (bottega_tail_model_get_model (f.tail) == G_LIST_MODEL (f.store));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f.tail)) == G_TYPE_OBJECT);
  fixture_tear_down (&f);

  /* A short one: all of it. */
  fixture_set_up (&f, 20, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 20);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 0);
  fixture_tear_down (&f);

  /* An empty one, then its first messages: they show. */
  fixture_set_up (&f, 0, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 0);
  splice (&f, 0, 0, 3);
  assert_signal (&f, 0, 0, 0, 3);
  fixture_tear_down (&f);
}

static void
test_append (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f, 500, 50);
  /* A message arrives: it joins the window at its end. */
  splice (&f, 500, 0, 1);
  assert_signal (&f, 0, 50, 0, 1);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 450);
  g_assert_cmpuint (id_at (&f, 50), ==, 501);
  /* Several at once. */
  splice (&f, 501, 0, 3);
  assert_signal (&f, 1, 51, 0, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 54);
  fixture_tear_down (&f);
}

static void
test_before (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f, 500, 50);
  /* Older history fetched from the server: nothing to announce. */
  splice (&f, 0, 0, 10);
  g_assert_cmpuint (f.n_signals, ==, 0);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 460);
  g_assert_cmpuint (id_at (&f, 0), ==, 451);
  /* Older ones gone, or changed. */
  splice (&f, 0, 5, 0);
  splice (&f, 100, 2, 7);
  g_assert_cmpuint (f.n_signals, ==, 0);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 460);
  /* Changed right up to the window's first item. */
  splice (&f, 455, 5, 1);
  /* Inserted right before it: still before the window. */
  splice (&f, bottega_tail_model_get_n_older (f.tail), 0, 4);
  g_assert_cmpuint (f.n_signals, ==, 0);
  g_assert_cmpuint (id_at (&f, 0), ==, 451);

  /* Everything shown: older history still stays out until revealed. */
  fixture_tear_down (&f);
  fixture_set_up (&f, 20, 50);
  splice (&f, 0, 0, 25);
  g_assert_cmpuint (f.n_signals, ==, 0);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 25);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 20);
  fixture_tear_down (&f);
}

static void
test_inside (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f, 500, 50);
  /* A message changed in place. */
  splice (&f, 470, 1, 1);
  assert_signal (&f, 0, 20, 1, 1);
  /* One deleted; one inserted in the middle. */
  splice (&f, 480, 1, 0);
  assert_signal (&f, 1, 30, 1, 0);
  splice (&f, 460, 0, 2);
  assert_signal (&f, 2, 10, 0, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 51);
  /* The window's first item removed. */
  splice (&f, 450, 1, 0);
  assert_signal (&f, 3, 0, 1, 0);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 450);
  /* The newest replaced. */
  splice (&f, 499, 1, 1);
  assert_signal (&f, 4, 49, 1, 1);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 450);

  /* With everything shown, a reset of the list is a reset of the window. */
  fixture_tear_down (&f);
  fixture_set_up (&f, 20, 50);
  splice (&f, 0, 20, 30);
  assert_signal (&f, 0, 0, 20, 30);
  fixture_tear_down (&f);
}

static void
test_straddle (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f, 500, 50);
  /* 10 items across the window's start, 5 before it, 5 in it, become 3:
   * the window loses its first 5 and shows the 3. */
  splice (&f, 445, 10, 3);
  assert_signal (&f, 0, 0, 5, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 48);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 445);

  /* …become 20: the window shows 5 of them, the rest stay before it. */
  splice (&f, 440, 10, 20);
  assert_signal (&f, 1, 0, 5, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 48);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 455);

  /* The whole list read again (a reset): the window keeps its size. */
  splice (&f, 0, 503, 600);
  assert_signal (&f, 2, 0, 48, 48);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 552);

  /* A reset to fewer items than the window: all of them. */
  splice (&f, 0, 600, 30);
  assert_signal (&f, 3, 0, 48, 30);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 0);
  fixture_tear_down (&f);
}

static void
test_shrink (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f, 100, 50);
  /* The newest 20 deleted: the window shrinks, nothing older shows. */
  splice (&f, 80, 20, 0);
  assert_signal (&f, 0, 30, 20, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 30);
  /* Everything deleted. */
  splice (&f, 0, 80, 0);
  assert_signal (&f, 1, 0, 30, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.tail)), ==, 0);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 0);
  /* New messages after that show. */
  splice (&f, 0, 0, 2);
  assert_signal (&f, 2, 0, 0, 2);
  fixture_tear_down (&f);
}

static void
test_reveal (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f, 200, 50);
  /* Scrolling up: one insertion at the top. */
  g_assert_cmpuint (bottega_tail_model_reveal_older (f.tail, 30), ==, 30);
  check (&f);
  assert_signal (&f, 0, 0, 0, 30);
  g_assert_cmpuint (id_at (&f, 0), ==, 121);
  /* More than there is: the rest. */
  g_assert_cmpuint (bottega_tail_model_reveal_older (f.tail, 500), ==, 120);
  check (&f);
  assert_signal (&f, 1, 0, 0, 120);
  /* Nothing left: nothing announced. */
  g_assert_cmpuint (bottega_tail_model_reveal_older (f.tail, 50), ==, 0);
  g_assert_cmpuint (f.n_signals, ==, 2);
  fixture_tear_down (&f);

  /* A position: it shows, with three older items above it. */
  fixture_set_up (&f, 200, 50);
  g_assert_true (bottega_tail_model_reveal_position (f.tail, 100));
  check (&f);
  assert_signal (&f, 0, 0, 0, 53);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 97);
  g_assert_cmpuint (bottega_tail_model_from_wrapped (f.tail, 100), ==, 3);
  /* Already shown: nothing to do. */
  g_assert_true (bottega_tail_model_reveal_position (f.tail, 150));
  g_assert_cmpuint (f.n_signals, ==, 1);
  /* Near the start: as many above it as there are. */
  g_assert_true (bottega_tail_model_reveal_position (f.tail, 1));
  check (&f);
  assert_signal (&f, 1, 0, 0, 97);
  g_assert_cmpuint (bottega_tail_model_get_n_older (f.tail), ==, 0);
  /* Not a position of the list. */
  g_assert_false (bottega_tail_model_reveal_position (f.tail, 200));
  g_assert_cmpuint (f.n_signals, ==, 2);
  fixture_tear_down (&f);
}

/* Random changes of the wrapped list and random reveals, each checked
 * (GRand with a fixed seed). */
static void
test_random (gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (GPOINTER_TO_UINT (data));
  Fixture f = { 0 };

  fixture_set_up (&f, 120, 50);
  for (guint step = 0; step < 2000; step++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (f.store));
      guint offset = bottega_tail_model_get_n_older (f.tail);
      guint kind = g_rand_int_range (rand, 0, 100);

      if (kind < 15)
        splice (&f, n, 0, g_rand_int_range (rand, 1, 4));
      else if (kind < 25)
        splice (&f, 0, 0, g_rand_int_range (rand, 0, 30));
      else if (kind < 65)
        {
          guint position = g_rand_int_range (rand, 0, n + 1);
          guint removed = g_rand_int_range (rand, 0, MIN (n - position, 40) + 1);

          splice (&f, position, removed, g_rand_int_range (rand, 0, 40));
        }
      else if (kind < 80 && offset > 0)
        {
          /* Across the window's start, on purpose. */
          guint position = g_rand_int_range (rand, 0, offset);
          guint removed = g_rand_int_range (rand, offset - position, n - position + 1);

          splice (&f, position, removed, g_rand_int_range (rand, 0, 60));
        }
      else if (kind < 90)
        {
          bottega_tail_model_reveal_older (f.tail, g_rand_int_range (rand, 0, 60));
          check (&f);
        }
      else if (kind < 97 && n > 0)
        {
          guint position = g_rand_int_range (rand, 0, n);

          g_assert_true (bottega_tail_model_reveal_position (f.tail, position));
          check (&f);
          g_assert_cmpuint (bottega_tail_model_from_wrapped (f.tail, position), !=, G_MAXUINT);
        }
      else
        /* Read again, now and then to far fewer items. */
        splice (&f, 0, n, g_rand_int_range (rand, 0, 2) == 0 ? g_rand_int_range (rand, 0, 10)
                                                             : g_rand_int_range (rand, 0, 300));

      /* Keep it from growing without end. */
      if (g_list_model_get_n_items (G_LIST_MODEL (f.store)) > 2000)
        splice (&f, 0, g_list_model_get_n_items (G_LIST_MODEL (f.store)), 100);
    }
  g_test_message ("%u announcements checked", f.n_signals);
  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tail-model/initial", test_initial);
  g_test_add_func ("/tail-model/append", test_append);
  g_test_add_func ("/tail-model/before", test_before);
  g_test_add_func ("/tail-model/inside", test_inside);
  g_test_add_func ("/tail-model/straddle", test_straddle);
  g_test_add_func ("/tail-model/shrink", test_shrink);
  g_test_add_func ("/tail-model/reveal", test_reveal);
  /* Fixed seeds: the same sequences every run. */
  g_test_add_data_func ("/tail-model/random/1", GUINT_TO_POINTER (1), test_random);
  g_test_add_data_func ("/tail-model/random/2", GUINT_TO_POINTER (20251122), test_random);
  g_test_add_data_func ("/tail-model/random/3", GUINT_TO_POINTER (4242), test_random);

  return g_test_run ();
}
