/* test-row-menus.c: a row's menu is made when it is first asked for, and then works
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A widget test under the suite's virtual display. The lists build up to
 * 200 rows; a popover menu in each was a third to a half of a row's
 * memory, so rows make theirs on the first right-click or Shift+F10.
 */
#include "config.h"

#include <adwaita.h>

#include "bottega-conversation-row.h"
#include "bottega-message-row.h"

/* The interface resources (bottega-ui-resources.h, generated). */
GResource *bottega_ui_get_resource (void);

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

/* The popover menu among @row's children, or NULL. */
static GtkPopoverMenu *
menu_of (GtkWidget *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      return GTK_POPOVER_MENU (child);
  return NULL;
}

static void
test_message_row (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BottegaMessageRow *row = bottega_message_row_new ();
  g_autoptr(BottegaMessage) message = bottega_message_new ();
  g_autoptr(BottegaMessage) other = bottega_message_new ();
  GtkPopoverMenu *menu;

  bottega_message_set_remote_id (message, 41);
  bottega_message_set_message_type (message, BOTTEGA_MESSAGE_INCOMING);
  bottega_message_set_content (message, "Avete la taglia 42?");
  bottega_message_set_sender_type (message, "contact");
  bottega_message_set_sender_name (message, "Chiara");
  bottega_message_set_created_at (message, 1767225600);

  gtk_window_set_child (window, GTK_WIDGET (row));
  gtk_window_present (window);
  bottega_message_row_set_message (row, message);
  spin (50);
  g_assert_null (menu_of (GTK_WIDGET (row)));

  /* Shift+F10's action: the menu, shown, with the message's items. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.context-menu", NULL));
  spin (50);
  menu = menu_of (GTK_WIDGET (row));
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_assert_cmpint (g_menu_model_get_n_items (gtk_popover_menu_get_menu_model (menu)), >, 0);

  /* Another message in the recycled row closes it; the next popup reuses it. */
  bottega_message_set_remote_id (other, 42);
  bottega_message_set_message_type (other, BOTTEGA_MESSAGE_OUTGOING);
  bottega_message_set_content (other, "Sì, in nero e in blu.");
  bottega_message_set_created_at (other, 1767225700);
  bottega_message_row_set_message (row, other);
  spin (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.context-menu", NULL));
  spin (50);
  g_assert_true (menu_of (GTK_WIDGET (row)) == menu);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (menu)));

  gtk_window_destroy (window);
  spin (20);
}

static void
test_conversation_row (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BottegaConversationRow *row = bottega_conversation_row_new ();
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
  GtkPopoverMenu *menu;

  bottega_customer_set_name (customer, "Chiara Ferri");
  bottega_conversation_set_remote_id (conversation, 5);
  bottega_conversation_set_customer (conversation, customer);
  bottega_conversation_set_last_activity_at (conversation, 1767225600);

  gtk_window_set_child (window, GTK_WIDGET (row));
  gtk_window_present (window);
  bottega_conversation_row_set_conversation (row, conversation);
  spin (50);
  g_assert_null (menu_of (GTK_WIDGET (row)));

  bottega_conversation_row_popup_menu (row, -1, -1);
  spin (50);
  menu = menu_of (GTK_WIDGET (row));
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_assert_cmpint (g_menu_model_get_n_items (gtk_popover_menu_get_menu_model (menu)), >, 0);

  /* Unbound from its conversation, the row closes it. */
  bottega_conversation_row_set_conversation (row, NULL);
  spin (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));

  gtk_window_destroy (window);
  spin (20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  g_assert_nonnull (bottega_ui_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/row-menus/message-row", test_message_row);
  g_test_add_func ("/row-menus/conversation-row", test_conversation_row);

  return g_test_run ();
}
