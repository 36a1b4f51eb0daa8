/* test-customer-pane.c: the customer pane shows the store's customer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-customer-pane"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bottega-customer-pane.h"
#include "bottega-store.h"

/* The interface resources (bottega-ui-resources.h, generated). */
GResource *bottega_ui_get_resource (void);

#define PHONE "+39 333 123 4567"
#define EMAIL "maria.rossi@example.com"
#define SECOND_PHONE "+49 151 2345678"

typedef struct {
  char                *dir;
  BottegaStore        *store;
  gint64               account_id;
  GtkWindow           *window;
  BottegaCustomerPane *pane;
} Fixture;

/* ---- waiting for the screen ---- */

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run (the store's signals, the pane's refresh, the
 * drawing) for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;
  guint id = g_timeout_add (ms, on_timeout, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  (void) id;
}

/* The label on screen (mapped) whose text is @text (or starts with it when
 * @prefix), or NULL. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text,
            gboolean    prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child))
        {
          const char *shown = gtk_label_get_text (GTK_LABEL (child));

          if (prefix ? g_str_has_prefix (shown, text) : g_str_equal (shown, text))
            return GTK_LABEL (child);
        }
      if ((found = find_label (child, text, prefix)) != NULL)
        return found;
    }

  return NULL;
}

/* Waits (bounded) for a label with @text to be on screen. */
static GtkLabel *
wait_for_label (GtkWidget  *root,
                const char *text,
                gboolean    prefix)
{
  for (guint i = 0; i < 100; i++)
    {
      GtkLabel *label = find_label (root, text, prefix);

      if (label != NULL)
        return label;
      spin (50);
    }

  return NULL;
}

/* The widget on screen whose accessible name is @label, or NULL. */
static GtkWidget *
find_by_accessible_label (GtkWidget  *root,
                          const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL))
        {
          /* GTK 4.8 has no getter for it: compare through the test API. */
          g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (child),
                                                                           GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                           label);

          if (mismatch == NULL)
            return child;
        }
      if ((found = find_by_accessible_label (child, label)) != NULL)
        return found;
    }

  return NULL;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* ---- the store ---- */

static void
write_batch (BottegaStore      *store,
             BottegaStoreBatch *batch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bottega_store_write_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
}

static BottegaCustomer *
make_customer (gint64      remote_id,
               const char *name,
               const char *phone)
{
  BottegaCustomer *customer = bottega_customer_new ();

  bottega_customer_set_remote_id (customer, remote_id);
  bottega_customer_set_name (customer, name);
  bottega_customer_set_phone_number (customer, phone);
  return customer;
}

static BottegaConversation *
make_conversation (gint64                     display_id,
                   BottegaCustomer           *customer,
                   BottegaConversationStatus  status,
                   gint64                     last_activity_at)
{
  BottegaConversation *conversation = bottega_conversation_new ();

  bottega_conversation_set_remote_id (conversation, display_id);
  bottega_conversation_set_inbox_id (conversation, 3);
  bottega_conversation_set_channel (conversation, "Channel::Whatsapp");
  bottega_conversation_set_status (conversation, status);
  bottega_conversation_set_can_reply (conversation, TRUE);
  bottega_conversation_set_last_activity_at (conversation, last_activity_at);
  bottega_conversation_set_created_at (conversation, last_activity_at - 100);
  bottega_conversation_set_updated_at (conversation, last_activity_at);
  bottega_conversation_set_customer (conversation, customer);
  return conversation;
}

static BottegaMessage *
make_message (gint64      remote_id,
              const char *content,
              gboolean    is_private,
              gint64      created_at)
{
  BottegaMessage *message = bottega_message_new ();

  bottega_message_set_remote_id (message, remote_id);
  bottega_message_set_content (message, content);
  bottega_message_set_message_type (message, is_private ? BOTTEGA_MESSAGE_OUTGOING : BOTTEGA_MESSAGE_INCOMING);
  bottega_message_set_private (message, is_private);
  bottega_message_set_status (message, BOTTEGA_MESSAGE_STATUS_SENT);
  bottega_message_set_created_at (message, created_at);
  bottega_message_set_sender_type (message, is_private ? "user" : "contact");
  bottega_message_set_sender_name (message, is_private ? "Giulia" : "Maria Rossi");
  return message;
}

static void
add_photo (BottegaMessage *message,
           gint64          remote_id)
{
  g_autoptr(BottegaAttachment) attachment = bottega_attachment_new ();
  g_autofree char *name = g_strdup_printf ("vaso-%" G_GINT64_FORMAT ".jpg", remote_id);

  bottega_attachment_set_remote_id (attachment, remote_id);
  bottega_attachment_set_file_type (attachment, "image");
  bottega_attachment_set_content_type (attachment, "image/jpeg");
  bottega_attachment_set_data_url (attachment, "https://chat.example.com/rails/blob/1");
  bottega_attachment_set_file_name (attachment, name);
  bottega_attachment_set_file_size (attachment, 1234);
  bottega_message_add_attachment (message, attachment);
}

/* The shop: Maria Rossi with three conversations (#11 open with labels, a
 * note and her photos; #12 resolved; #13 pending) and Jürgen Weiß with one
 * (#14). */
static void
fill_shop (Fixture *fixture)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaInbox) inbox = bottega_inbox_new ();
  g_autoptr(BottegaCustomer) maria = make_customer (501, "Maria Rossi", PHONE);
  g_autoptr(BottegaCustomer) juergen = make_customer (502, "Jürgen Weiß", SECOND_PHONE);
  g_autoptr(BottegaConversation) c11 = make_conversation (11, maria, BOTTEGA_CONVERSATION_OPEN, 1700000300);
  g_autoptr(BottegaConversation) c12 = make_conversation (12, maria, BOTTEGA_CONVERSATION_RESOLVED, 1690000000);
  g_autoptr(BottegaConversation) c13 = make_conversation (13, maria, BOTTEGA_CONVERSATION_PENDING, 1695000000);
  g_autoptr(BottegaConversation) c14 = make_conversation (14, juergen, BOTTEGA_CONVERSATION_OPEN, 1700000400);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const labels[] = { "vip", "spedizione", NULL };
  BottegaMessage *message;

  bottega_inbox_set_remote_id (inbox, 3);
  bottega_inbox_set_name (inbox, "Negozio WhatsApp");
  bottega_inbox_set_channel_type (inbox, "Channel::Whatsapp");
  bottega_store_batch_add_inbox (batch, inbox);

  bottega_customer_set_email (maria, EMAIL);
  bottega_customer_set_identifier (maria, "crm-4711");
  bottega_customer_set_additional_attributes (maria, "{\"city\":\"Firenze\",\"country_code\":\"IT\"}");
  bottega_customer_set_custom_attributes (maria, "{\"loyalty_points\":120,\"newsletter\":true}");
  bottega_conversation_set_labels (c11, labels);

  bottega_store_batch_add_conversation (batch, c11);
  bottega_store_batch_add_conversation (batch, c12);
  bottega_store_batch_add_conversation (batch, c13);
  bottega_store_batch_add_conversation (batch, c14);

  message = make_message (1001, "Buongiorno, avete il vaso blu?", FALSE, 1700000100);
  add_photo (message, 7001);
  g_ptr_array_add (messages, message);
  g_ptr_array_add (messages, make_message (1002, "Cliente abituale: spedire con corriere", TRUE, 1700000200));
  message = make_message (1003, NULL, FALSE, 1700000250);
  add_photo (message, 7003);
  g_ptr_array_add (messages, message);
  bottega_store_batch_add_messages (batch, 11, messages, TRUE);

  /* Jürgen's photo is not Maria's. */
  message = make_message (1101, "Hallo", FALSE, 1700000400);
  add_photo (message, 7101);
  g_ptr_array_add (other, message);
  bottega_store_batch_add_messages (batch, 14, other, TRUE);

  write_batch (fixture->store, batch);
}

static BottegaConversation *
get_conversation (Fixture *fixture,
                  gint64   display_id)
{
  g_autoptr(GError) error = NULL;
  BottegaConversation *conversation;

  conversation = bottega_store_find_conversation (fixture->store, fixture->account_id, display_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return conversation;
}

/* ---- fixture ---- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("bottega-test-pane-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "bottega.db", NULL);
  fixture->store = bottega_store_open (path, &error);
  g_assert_no_error (error);

  bottega_account_set_url (account, "https://chat.example.com");
  bottega_account_set_remote_id (account, 1);
  bottega_account_set_name (account, "Bottega Rossi");
  g_assert_true (bottega_store_save_account (fixture->store, account, &error));
  g_assert_no_error (error);
  fixture->account_id = bottega_account_get_id (account);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 360, 900);
  fixture->pane = bottega_customer_pane_new ();
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->pane));
  gtk_window_present (fixture->window);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  spin (10);
  bottega_store_close (fixture->store);
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* ---- tests ---- */

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *pane = GTK_WIDGET (fixture->pane);

  /* Nothing open: the pane says so, with or without a store. */
  g_assert_nonnull (wait_for_label (pane, "No Customer", FALSE));
  bottega_customer_pane_set_store (fixture->pane, fixture->store);
  g_assert_nonnull (wait_for_label (pane, "No Customer", FALSE));
  g_assert_null (find_label (pane, "Contact", FALSE));
}

static void
on_open_conversation (BottegaCustomerPane *pane,
                      gint64               conversation_id,
                      gint64              *opened)
{
  *opened = conversation_id;
}

static void
clipboard_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static void
test_customer (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BottegaConversation) c11 = NULL;
  g_autoptr(BottegaConversation) c12 = NULL;
  g_autoptr(BottegaConversation) c14 = NULL;
  GtkWidget *pane = GTK_WIDGET (fixture->pane);
  GtkWidget *copy;
  GtkLabel *row_title;
  GtkWidget *row;
  GtkWidget *media;
  g_autofree char *copied = NULL;
  gint64 opened = 0;

  fill_shop (fixture);
  c11 = get_conversation (fixture, 11);
  c12 = get_conversation (fixture, 12);
  c14 = get_conversation (fixture, 14);
  g_signal_connect (fixture->pane, "open-conversation", G_CALLBACK (on_open_conversation), &opened);

  bottega_customer_pane_set_store (fixture->pane, fixture->store);
  bottega_customer_pane_set_conversation (fixture->pane, c11);

  /* Who, and how to reach her. */
  g_assert_nonnull (wait_for_label (pane, "Maria Rossi", FALSE));
  g_assert_nonnull (find_label (pane, PHONE, FALSE));
  g_assert_nonnull (find_label (pane, EMAIL, FALSE));
  g_assert_nonnull (find_label (pane, "crm-4711", FALSE));
  g_assert_nonnull (find_label (pane, "Negozio WhatsApp · WhatsApp", FALSE));
  g_assert_null (find_label (pane, "No Customer", FALSE));

  /* Attributes from both JSON objects, keys made readable. */
  g_assert_nonnull (find_label (pane, "Firenze", FALSE));
  g_assert_nonnull (find_label (pane, "Country code", FALSE));
  g_assert_nonnull (find_label (pane, "Loyalty points", FALSE));
  g_assert_nonnull (find_label (pane, "120", FALSE));

  /* The conversation's labels and its private note. */
  g_assert_nonnull (find_label (pane, "vip", FALSE));
  g_assert_nonnull (find_label (pane, "spedizione", FALSE));
  g_assert_nonnull (find_label (pane, "1 private note", TRUE));
  g_assert_nonnull (find_label (pane, "Cliente abituale: spedire con corriere", FALSE));

  /* Her other conversations, newest first, not Jürgen's nor this one. */
  g_assert_nonnull (find_label (pane, "Conversation #12", FALSE));
  g_assert_nonnull (find_label (pane, "Conversation #13", FALSE));
  g_assert_null (find_label (pane, "Conversation #11", FALSE));
  g_assert_null (find_label (pane, "Conversation #14", FALSE));
  g_assert_nonnull (find_label (pane, "Resolved", TRUE));

  /* Her two photos, not Jürgen's. */
  media = find_by_accessible_label (pane, "Photos shared by this customer");
  g_assert_nonnull (media);
  g_assert_cmpuint (count_children (media), ==, 2);
  g_assert_nonnull (find_by_accessible_label (pane, "Open photo vaso-7001.jpg"));
  g_assert_null (find_by_accessible_label (pane, "Open photo vaso-7101.jpg"));

  /* Copy the phone number with its button. */
  copy = find_by_accessible_label (pane, "Copy phone number");
  g_assert_nonnull (copy);
  g_assert_true (gtk_widget_activate (copy));
  /* A button shows itself pressed for a moment before it acts. */
  for (guint i = 0; !gdk_clipboard_is_local (gtk_widget_get_clipboard (pane)) && i < 100; i++)
    spin (20);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (pane), NULL, clipboard_read, &copied);
  for (guint i = 0; copied == NULL && i < 100; i++)
    spin (20);
  g_assert_cmpstr (copied, ==, PHONE);

  /* Picking a past conversation asks the window to open it. */
  row_title = find_label (pane, "Conversation #12", FALSE);
  row = gtk_widget_get_ancestor (GTK_WIDGET (row_title), GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  spin (20);
  g_assert_cmpint (opened, ==, bottega_conversation_get_id (c12));

  /* Another customer. */
  bottega_customer_pane_set_conversation (fixture->pane, c14);
  g_assert_nonnull (wait_for_label (pane, "Jürgen Weiß", FALSE));
  g_assert_nonnull (find_label (pane, SECOND_PHONE, FALSE));
  g_assert_null (find_label (pane, PHONE, FALSE));
  g_assert_nonnull (find_label (pane, "No other conversations", FALSE));
  g_assert_nonnull (find_label (pane, "No labels", FALSE));
  g_assert_nonnull (find_label (pane, "No private notes", TRUE));

  /* Closed: the empty state again. */
  bottega_customer_pane_set_conversation (fixture->pane, NULL);
  g_assert_nonnull (wait_for_label (pane, "No Customer", FALSE));
  g_assert_null (find_label (pane, "Jürgen Weiß", FALSE));
}

static void
test_follows_store (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BottegaConversation) c11 = NULL;
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaCustomer) maria = make_customer (501, "Maria Rossi-Bianchi", "+39 333 000 0000");
  g_autoptr(BottegaConversation) c15 = NULL;
  GtkWidget *pane = GTK_WIDGET (fixture->pane);

  fill_shop (fixture);
  c11 = get_conversation (fixture, 11);
  bottega_customer_pane_set_store (fixture->pane, fixture->store);
  bottega_customer_pane_set_conversation (fixture->pane, c11);
  g_assert_nonnull (wait_for_label (pane, "Maria Rossi", FALSE));

  /* A sync brings a new conversation of hers, with her new name and
   * number: the pane follows without being asked. */
  c15 = make_conversation (15, maria, BOTTEGA_CONVERSATION_OPEN, 1700000500);
  bottega_store_batch_add_conversation (batch, c15);
  write_batch (fixture->store, batch);

  g_assert_nonnull (wait_for_label (pane, "Conversation #15", FALSE));
  g_assert_nonnull (wait_for_label (pane, "Maria Rossi-Bianchi", FALSE));
  g_assert_nonnull (find_label (pane, "+39 333 000 0000", FALSE));
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaCustomer) customer = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaConversation) stored = NULL;
  g_autoptr(GString) attributes = g_string_new ("{");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *long_value = NULL;
  GtkWidget *pane = GTK_WIDGET (fixture->pane);
  const char *name = "<b>Bold</b> & <span foreground='red'>Red</span>";
  GtkLabel *label;
  const char *text;

  /* 10 KB without a space, markup, nesting, nulls and a bomb of depth. */
  long_value = g_strnfill (10 * 1024, 'x');
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, ']');
  g_string_append (attributes, "\"city\":\"<i>Roma</i> &amp;\",");
  g_string_append_printf (attributes, "\"essay\":\"%s\",", long_value);
  g_string_append (attributes, "\"social_profiles\":{\"instagram\":{\"handle\":\"<b>x</b>\",\"n\":[1,2]}},");
  g_string_append (attributes, "\"nothing\":null,\"empty\":\"\",\"no_object\":{},");
  g_string_append (attributes, "\"vip\":true,\"\":\"no key\",\"rtl\":\"a\u202Eb\"");
  g_string_append (attributes, "}");

  customer = make_customer (900, name, "<big>+39</big>\n0000");
  bottega_customer_set_additional_attributes (customer, attributes->str);
  bottega_customer_set_custom_attributes (customer, deep->str);
  conversation = make_conversation (90, customer, BOTTEGA_CONVERSATION_OPEN, 1700000000);
  bottega_store_batch_add_conversation (batch, conversation);
  write_batch (fixture->store, batch);
  stored = get_conversation (fixture, 90);

  bottega_customer_pane_set_store (fixture->pane, fixture->store);
  bottega_customer_pane_set_conversation (fixture->pane, stored);

  /* Markup is shown as the text it is. */
  label = wait_for_label (pane, name, FALSE);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_nonnull (find_label (pane, "<big>+39</big> 0000", FALSE));
  g_assert_nonnull (find_label (pane, "<i>Roma</i> &amp;", FALSE));

  /* 10 KB becomes a bounded line. */
  label = find_label (pane, "xxxxxxxxxx", TRUE);
  g_assert_nonnull (label);
  text = gtk_label_get_text (label);
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, 301);
  g_assert_true (g_str_has_suffix (text, "…"));

  /* Nested objects are shown as JSON text; empty ones and nulls not at all. */
  g_assert_nonnull (find_label (pane, "Social profiles", FALSE));
  g_assert_nonnull (find_label (pane, "{\"instagram\":{\"handle\":\"<b>x</b>\",\"n\":[1,2]}}", FALSE));
  g_assert_null (find_label (pane, "Nothing", FALSE));
  g_assert_null (find_label (pane, "Empty", FALSE));
  g_assert_null (find_label (pane, "No object", FALSE));
  g_assert_null (find_label (pane, "no key", FALSE));
  g_assert_nonnull (find_label (pane, "Yes", FALSE));
  /* Direction overrides are dropped. */
  g_assert_nonnull (find_label (pane, "ab", FALSE));

  /* The nesting bomb was not parsed, and the pane is still working. */
  bottega_customer_pane_set_conversation (fixture->pane, NULL);
  g_assert_nonnull (wait_for_label (pane, "No Customer", FALSE));
}

/* The store reads behind the pane and the notifications. */
static void
test_store_reads (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BottegaConversation) c11 = NULL;
  g_autoptr(BottegaConversation) c14 = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) incoming = NULL;
  g_autoptr(BottegaMessage) note = NULL;
  g_autoptr(BottegaMessage) echo = NULL;
  g_autoptr(GError) error = NULL;
  BottegaStoreReply reply = { 0 };
  gint64 maria;

  fill_shop (fixture);
  c11 = get_conversation (fixture, 11);
  c14 = get_conversation (fixture, 14);
  maria = bottega_customer_get_id (bottega_conversation_get_customer (c11));

  /* Her conversations, newest activity first; a limit is a limit. */
  conversations = bottega_store_list_customer_conversations (fixture->store, maria, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conversations->len, ==, 3);
  g_assert_cmpint (bottega_conversation_get_remote_id (g_ptr_array_index (conversations, 0)), ==, 11);
  g_assert_cmpint (bottega_conversation_get_remote_id (g_ptr_array_index (conversations, 1)), ==, 13);
  g_assert_cmpint (bottega_conversation_get_remote_id (g_ptr_array_index (conversations, 2)), ==, 12);
  g_clear_pointer (&conversations, g_ptr_array_unref);
  conversations = bottega_store_list_customer_conversations (fixture->store, maria, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conversations->len, ==, 2);

  /* Her photos, newest first, not Jürgen's. */
  photos = bottega_store_list_customer_attachments (fixture->store, maria, "image", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 2);
  g_assert_cmpint (bottega_attachment_get_remote_id (g_ptr_array_index (photos, 0)), ==, 7003);
  g_assert_cmpint (bottega_attachment_get_remote_id (g_ptr_array_index (photos, 1)), ==, 7001);
  g_clear_pointer (&photos, g_ptr_array_unref);
  photos = bottega_store_list_customer_attachments (fixture->store, maria, "audio", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 0);

  /* Notes: the stored one, then a note written here (newest, not sent yet). */
  g_assert_cmpuint (bottega_store_count_notes (fixture->store, bottega_conversation_get_id (c11)), ==, 1);
  g_assert_cmpuint (bottega_store_count_notes (fixture->store, bottega_conversation_get_id (c14)), ==, 0);
  note = bottega_store_get_latest_note (fixture->store, bottega_conversation_get_id (c14), &error);
  g_assert_no_error (error);
  g_assert_null (note);
  reply.conversation_id = bottega_conversation_get_id (c11);
  reply.content = "Richiamare dopo le 17";
  reply.is_private = TRUE;
  echo = bottega_store_queue_reply (fixture->store, &reply, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_store_count_notes (fixture->store, bottega_conversation_get_id (c11)), ==, 2);
  note = bottega_store_get_latest_note (fixture->store, bottega_conversation_get_id (c11), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_message_get_content (note), ==, "Richiamare dopo le 17");

  /* New customer messages: after a remote id, since a time; never notes. */
  incoming = bottega_store_list_incoming_after (fixture->store, bottega_conversation_get_id (c11), 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (incoming->len, ==, 2);
  g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (incoming, 0)), ==, 1001);
  g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (incoming, 1)), ==, 1003);
  g_clear_pointer (&incoming, g_ptr_array_unref);
  incoming = bottega_store_list_incoming_after (fixture->store, bottega_conversation_get_id (c11), 1001, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (incoming->len, ==, 1);
  g_clear_pointer (&incoming, g_ptr_array_unref);
  incoming = bottega_store_list_incoming_after (fixture->store, bottega_conversation_get_id (c11), 0,
                                                1700000200, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (incoming->len, ==, 1);
  g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (incoming, 0)), ==, 1003);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The virtual display has no GL; the accessible properties are checked
   * in process, without the accessibility bus. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (bottega_ui_get_resource ());
  /* What is on screen is what the test reads: no crossfades. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* A GTK warning or critical fails the test. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/customer-pane/empty", test_empty);
  ADD ("/customer-pane/customer", test_customer);
  ADD ("/customer-pane/follows-store", test_follows_store);
  ADD ("/customer-pane/hostile", test_hostile);
  ADD ("/customer-pane/store-reads", test_store_reads);

#undef ADD

  return g_test_run ();
}
