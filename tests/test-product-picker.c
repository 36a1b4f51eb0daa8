/* test-product-picker.c: the composer's product picker and products in a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-product-picker"

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bottega-catalog-page.h"
#include "bottega-composer.h"
#include "bottega-price.h"
#include "bottega-product-picker.h"
#include "bottega-store.h"

/* The interface resources (bottega-ui-resources.h, generated). */
GResource *bottega_ui_get_resource (void);

#define DUOMO    "Borsa Duomo – nero"
#define LINO     "Camicia di lino 1/2 – sabbia"
#define BIKER    "Giacca Biker – marrone"
#define POCHETTE "Pochette – bordeaux"

typedef struct {
  char           *dir;
  BottegaStore   *store;
  BottegaAccount *account;
  gint64          account_id;
  GtkWindow    *window;
  /* what the picker chose */
  GPtrArray    *chosen;      /* BottegaProduct */
  gboolean      kept_open;
} Fixture;

/* ---- waiting and looking ---- */

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The label on screen (mapped) whose text is @text, or NULL. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return GTK_LABEL (child);
      if ((found = find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

static GtkLabel *
wait_for_label (GtkWidget  *root,
                const char *text)
{
  for (guint i = 0; i < 100; i++)
    {
      GtkLabel *label = find_label (root, text);

      if (label != NULL)
        return label;
      spin (50);
    }
  return NULL;
}

/* Answers @dialog as its button would: the response, then it closes. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The open product question, or NULL. */
static AdwMessageDialog *
find_question (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static AdwMessageDialog *
wait_for_question (void)
{
  for (guint i = 0; i < 100; i++)
    {
      AdwMessageDialog *dialog = find_question ();

      if (dialog != NULL)
        return dialog;
      spin (50);
    }
  return NULL;
}

/* ---- the shop ---- */

/* A small PNG made here. */
static char *
write_picture (Fixture    *fixture,
               const char *name,
               guint32     rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 24, 16);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  return path;
}

static BottegaProduct *
make_product (const char          *retailer_id,
              const char          *name,
              gint64               price,
              gint64               sale_price,
              BottegaAvailability  availability)
{
  BottegaProduct *product = bottega_product_new ();
  g_autofree char *link = g_strdup_printf ("https://shop.example/p/%s", retailer_id);

  bottega_product_set_retailer_id (product, retailer_id);
  bottega_product_set_name (product, name);
  bottega_product_set_price_minor (product, price);
  bottega_product_set_sale_price_minor (product, sale_price);
  bottega_product_set_currency (product, "EUR");
  bottega_product_set_availability (product, availability);
  bottega_product_set_link (product, link);
  return product;
}

/* Four products: in stock; on sale (a "/" in its name); out of stock;
 * discontinued and without a picture. */
static void
fill_catalog (Fixture *fixture)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *with_pictures[] = { "P1", "P2", "P3" };

  g_ptr_array_add (products, make_product ("P1", DUOMO, 18900, -1, BOTTEGA_AVAILABILITY_IN_STOCK));
  g_ptr_array_add (products, make_product ("P2", LINO, 8900, 6900, BOTTEGA_AVAILABILITY_IN_STOCK));
  /* The shop's text is never markup. */
  bottega_product_set_brand (g_ptr_array_index (products, 1), "Lino <b>Fiorentino</b> & Co");
  g_ptr_array_add (products, make_product ("P3", BIKER, 42000, -1, BOTTEGA_AVAILABILITY_OUT_OF_STOCK));
  g_ptr_array_add (products, make_product ("P4", POCHETTE, 11900, -1, BOTTEGA_AVAILABILITY_DISCONTINUED));
  g_assert_true (bottega_store_replace_catalog_products (fixture->store, fixture->account_id, products,
                                                         NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (with_pictures); i++)
    {
      g_autoptr(BottegaProduct) product = bottega_store_find_product (fixture->store, fixture->account_id,
                                                                      with_pictures[i], &error);
      g_autofree char *name = g_strdup_printf ("%u-cached.png", i);
      g_autofree char *path = write_picture (fixture, name, 0x20408000 + i * 0x300000 + 0xff);

      g_assert_no_error (error);
      g_assert_true (bottega_store_set_product_image_path (fixture->store, bottega_product_get_id (product),
                                                           path, &error));
      g_assert_no_error (error);
    }
}

static gint64
product_id (Fixture    *fixture,
            const char *retailer_id)
{
  g_autoptr(BottegaProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  product = bottega_store_find_product (fixture->store, fixture->account_id, retailer_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (product);
  return bottega_product_get_id (product);
}

static char *
snippet_of (Fixture    *fixture,
            const char *retailer_id)
{
  g_autoptr(BottegaProduct) product = bottega_store_find_product (fixture->store, fixture->account_id,
                                                                  retailer_id, NULL);

  return bottega_product_build_snippet (product, NULL);
}

/* A WhatsApp conversation inside the 24-hour window. */
static BottegaConversation *
add_conversation (Fixture *fixture)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (fixture->account_id);
  g_autoptr(BottegaInbox) inbox = bottega_inbox_new ();
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_autoptr(GError) error = NULL;
  BottegaConversation *stored;

  bottega_inbox_set_remote_id (inbox, 3);
  bottega_inbox_set_name (inbox, "Negozio WhatsApp");
  bottega_inbox_set_channel_type (inbox, "Channel::Whatsapp");
  bottega_store_batch_add_inbox (batch, inbox);
  bottega_customer_set_remote_id (customer, 501);
  bottega_customer_set_name (customer, "Maria Rossi");
  bottega_conversation_set_remote_id (conversation, 11);
  bottega_conversation_set_inbox_id (conversation, 3);
  bottega_conversation_set_channel (conversation, "Channel::Whatsapp");
  bottega_conversation_set_status (conversation, BOTTEGA_CONVERSATION_OPEN);
  bottega_conversation_set_can_reply (conversation, TRUE);
  bottega_conversation_set_last_activity_at (conversation, 1700000300);
  bottega_conversation_set_created_at (conversation, 1700000000);
  bottega_conversation_set_updated_at (conversation, 1700000300);
  bottega_conversation_set_customer (conversation, customer);
  bottega_store_batch_add_conversation (batch, conversation);
  g_assert_true (bottega_store_write_batch (fixture->store, batch, NULL, &error));
  g_assert_no_error (error);

  stored = bottega_store_find_conversation (fixture->store, fixture->account_id, 11, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

/* ---- the picker ---- */

static void
on_chosen (BottegaProductPicker *picker,
           BottegaProduct       *product,
           gboolean              keep_open,
           Fixture              *fixture)
{
  g_ptr_array_add (fixture->chosen, g_object_ref (product));
  fixture->kept_open = keep_open;
}

static BottegaProductPicker *
show_picker (Fixture *fixture)
{
  BottegaProductPicker *picker = bottega_product_picker_new ();
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (picker));
  gtk_window_set_child (fixture->window, button);
  gtk_window_present (fixture->window);
  g_signal_connect (picker, "chosen", G_CALLBACK (on_chosen), fixture);
  bottega_product_picker_set_catalog (picker, fixture->store, fixture->account_id);
  return picker;
}

static void
wait_for_shown (BottegaProductPicker *picker,
                guint                 n)
{
  for (guint i = 0; i < 100 && bottega_product_picker_get_n_shown (picker) != n; i++)
    spin (50);
  g_assert_cmpuint (bottega_product_picker_get_n_shown (picker), ==, n);
}

/* Searching, the empty state, and Enter pressed before the search is
 * done: what was typed is chosen, not what the list showed. */
static void
test_picker_search (Fixture       *fixture,
                    gconstpointer  data)
{
  BottegaProductPicker *picker;
  GtkEditable *entry;
  g_autofree char *sale = bottega_price_format (6900, "EUR", NULL);
  g_autofree char *regular = bottega_price_format (8900, "EUR", NULL);
  GtkLabel *label;

  fill_catalog (fixture);
  picker = show_picker (fixture);
  bottega_product_picker_open (picker, FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (picker)));
  entry = GTK_EDITABLE (find_type (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_has_focus (find_type (GTK_WIDGET (entry), GTK_TYPE_TEXT)));
  wait_for_shown (picker, 4);

  /* The sale price beside the struck-through regular one; out of stock
   * and discontinued are marked. */
  g_assert_nonnull (wait_for_label (GTK_WIDGET (picker), sale));
  label = find_label (GTK_WIDGET (picker), regular);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "regular-price"));
  label = find_label (GTK_WIDGET (picker), "Out of stock");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "unavailable"));
  g_assert_nonnull (find_label (GTK_WIDGET (picker), "Discontinued"));

  /* Nothing matches: said so. */
  gtk_editable_set_text (entry, "zaino");
  wait_for_shown (picker, 0);
  g_assert_nonnull (wait_for_label (GTK_WIDGET (picker), "No product matches “zaino”"));

  /* Enter at once: the search runs, then its best match is chosen. */
  gtk_editable_set_text (entry, "lino");
  g_signal_emit_by_name (entry, "activate");
  for (guint i = 0; i < 100 && fixture->chosen->len == 0; i++)
    spin (50);
  g_assert_cmpuint (fixture->chosen->len, ==, 1);
  g_assert_cmpstr (bottega_product_get_retailer_id (g_ptr_array_index (fixture->chosen, 0)), ==, "P2");
  g_assert_false (fixture->kept_open);
  spin (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (picker)));

  /* Open again: the search starts empty, the whole catalog is there. */
  bottega_product_picker_open (picker, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  wait_for_shown (picker, 4);
  gtk_popover_popdown (GTK_POPOVER (picker));
}

/* ---- products in the composer ---- */

static char *
reply_text (BottegaComposer *composer)
{
  GtkTextView *view = GTK_TEXT_VIEW (find_type (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

static void
add_product (BottegaComposer *composer,
             gint64           id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.add-product", "x", id));
}

static gboolean
outgoing_file_exists (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "bottega", "outgoing", name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* Each product its own paragraph after what was typed, its picture in the
 * tray under its own name; out of stock asks first. */
static void
test_composer_products (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autofree char *duomo = NULL;
  g_autofree char *lino = NULL;
  g_autofree char *biker = NULL;
  g_autofree char *pochette = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  BottegaComposer *composer;
  GtkTextView *view;
  AdwMessageDialog *dialog;

  fill_catalog (fixture);
  conversation = add_conversation (fixture);
  duomo = snippet_of (fixture, "P1");
  lino = snippet_of (fixture, "P2");
  biker = snippet_of (fixture, "P3");
  pochette = snippet_of (fixture, "P4");

  composer = bottega_composer_new ();
  gtk_window_set_child (fixture->window, GTK_WIDGET (composer));
  gtk_window_present (fixture->window);
  bottega_composer_set_store (composer, fixture->store);
  bottega_composer_set_conversation (composer, conversation);
  spin (50);

  view = GTK_TEXT_VIEW (find_type (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "Ciao Maria!", -1);

  add_product (composer, product_id (fixture, "P1"));
  text = reply_text (composer);
  expected = g_strconcat ("Ciao Maria!\n\n", duomo, NULL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_nonnull (wait_for_label (GTK_WIDGET (composer), DUOMO ".png"));
  g_assert_true (outgoing_file_exists (DUOMO ".png"));

  /* The second after the first; no folder from its name. */
  add_product (composer, product_id (fixture, "P2"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  text = reply_text (composer);
  expected = g_strconcat ("Ciao Maria!\n\n", duomo, "\n\n", lino, NULL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_nonnull (wait_for_label (GTK_WIDGET (composer), "Camicia di lino 1 2 – sabbia.png"));
  g_assert_nonnull (find_label (GTK_WIDGET (composer), DUOMO ".png"));
  g_assert_true (outgoing_file_exists ("Camicia di lino 1 2 – sabbia.png"));

  /* Out of stock: asked; Cancel adds nothing. */
  add_product (composer, product_id (fixture, "P3"));
  dialog = wait_for_question ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Product Out of Stock");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), BIKER));
  answer (dialog, "cancel");
  spin (100);
  g_assert_null (find_question ());
  g_clear_pointer (&text, g_free);
  text = reply_text (composer);
  g_assert_cmpstr (text, ==, expected);
  g_assert_null (find_label (GTK_WIDGET (composer), BIKER ".png"));

  /* Add Anyway adds it. */
  add_product (composer, product_id (fixture, "P3"));
  dialog = wait_for_question ();
  g_assert_nonnull (dialog);
  answer (dialog, "add");
  g_assert_nonnull (wait_for_label (GTK_WIDGET (composer), BIKER ".png"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  text = reply_text (composer);
  expected = g_strconcat ("Ciao Maria!\n\n", duomo, "\n\n", lino, "\n\n", biker, NULL);
  g_assert_cmpstr (text, ==, expected);

  /* Discontinued, without a picture: asked, then only its text. */
  add_product (composer, product_id (fixture, "P4"));
  dialog = wait_for_question ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Product Discontinued");
  answer (dialog, "add");
  spin (200);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  text = reply_text (composer);
  expected = g_strconcat ("Ciao Maria!\n\n", duomo, "\n\n", lino, "\n\n", biker, "\n\n", pochette, NULL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_null (find_label (GTK_WIDGET (composer), POCHETTE ".png"));
}

/* ---- the catalog page ---- */

static void
on_send_product (BottegaCatalogPage *page,
                 BottegaProduct     *product,
                 Fixture            *fixture)
{
  g_ptr_array_add (fixture->chosen, g_object_ref (product));
}

static void
on_close (BottegaCatalogPage *page,
          gboolean           *closed)
{
  *closed = TRUE;
}

/* No catalog yet: said so. Then the cards, a search, the details, and
 * "Send in Conversation" only with a conversation open. */
static void
test_catalog_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BottegaConversation) conversation = NULL;
  BottegaCatalogPage *page = bottega_catalog_page_new ();
  GtkWidget *widget = GTK_WIDGET (page);
  GtkEditable *entry;
  gboolean closed = FALSE;

  gtk_window_set_default_size (fixture->window, 900, 700);
  gtk_window_set_child (fixture->window, widget);
  gtk_window_present (fixture->window);
  g_signal_connect (page, "send-product", G_CALLBACK (on_send_product), fixture);
  g_signal_connect (page, "close", G_CALLBACK (on_close), &closed);
  bottega_catalog_page_set_store (page, fixture->store);
  bottega_catalog_page_set_account (page, fixture->account);
  g_assert_nonnull (wait_for_label (widget, "No Product Catalog"));

  /* The catalog arrives: the page follows the store. */
  fill_catalog (fixture);
  g_assert_nonnull (wait_for_label (widget, DUOMO));
  g_assert_nonnull (find_label (widget, BIKER));
  g_assert_nonnull (find_label (widget, "4 products"));
  g_assert_null (find_label (widget, "No Product Catalog"));

  /* Searching narrows the grid; Enter opens the first card. */
  entry = GTK_EDITABLE (find_type (widget, GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (entry, "lino");
  for (guint i = 0; i < 100 && find_label (widget, DUOMO) != NULL; i++)
    spin (50);
  g_assert_null (find_label (widget, DUOMO));
  g_assert_nonnull (find_label (widget, LINO));
  g_signal_emit_by_name (entry, "activate");
  g_assert_nonnull (wait_for_label (widget, "P2"));
  g_assert_nonnull (find_label (widget, "https://shop.example/p/P2"));
  g_assert_nonnull (find_label (widget, "Lino <b>Fiorentino</b> & Co"));

  /* Nothing to send to: nothing sent. */
  gtk_widget_activate_action (widget, "catalog.send", NULL);
  spin (50);
  g_assert_cmpuint (fixture->chosen->len, ==, 0);
  g_assert_nonnull (find_label (widget, "Open a conversation to send products into it."));

  conversation = add_conversation (fixture);
  bottega_catalog_page_set_conversation (page, conversation);
  spin (50);
  g_assert_null (find_label (widget, "Open a conversation to send products into it."));
  g_assert_true (gtk_widget_activate_action (widget, "catalog.send", NULL));
  g_assert_cmpuint (fixture->chosen->len, ==, 1);
  g_assert_cmpstr (bottega_product_get_retailer_id (g_ptr_array_index (fixture->chosen, 0)), ==, "P2");

  /* No match: said so; Escape in the search clears it, then leaves. */
  gtk_editable_set_text (entry, "zaino");
  g_assert_nonnull (wait_for_label (widget, "No Products Found"));
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_false (closed);
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_true (closed);
}

/* ---- pictures from an untrusted server ---- */

static guint32
png_crc (const guint8 *data,
         gsize         length,
         guint32       crc)
{
  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
append_chunk (GByteArray   *png,
              const char   *type,
              const guint8 *data,
              guint32       length)
{
  guint32 be = GUINT32_TO_BE (length);
  guint32 crc;

  g_byte_array_append (png, (const guint8 *) &be, 4);
  g_byte_array_append (png, (const guint8 *) type, 4);
  g_byte_array_append (png, data, length);
  crc = png_crc ((const guint8 *) type, 4, 0);
  crc = png_crc (data, length, crc);
  be = GUINT32_TO_BE (crc);
  g_byte_array_append (png, (const guint8 *) &be, 4);
}

/* A black and white PNG of @width × @height: only its header when
 * @complete is FALSE, else with every row (zeros deflate to almost
 * nothing, so a picture of a hundred million pixels fits in a few dozen
 * kilobytes, and decoding it in full would take hundreds of megabytes). */
static char *
write_huge_png (Fixture    *fixture,
                const char *name,
                guint32     width,
                guint32     height,
                gboolean    complete)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 header[13] = { 0 };
  guint32 be;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_byte_array_append (png, signature, sizeof signature);
  be = GUINT32_TO_BE (width);
  memcpy (header, &be, 4);
  be = GUINT32_TO_BE (height);
  memcpy (header + 4, &be, 4);
  header[8] = 1;     /* bits per pixel */
  header[9] = 0;     /* grey */
  append_chunk (png, "IHDR", header, sizeof header);

  if (complete)
    {
      g_autoptr(GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
      g_autoptr(GOutputStream) deflate = g_converter_output_stream_new (memory, G_CONVERTER (zlib));
      gsize row_length = 1 + (width + 7) / 8;   /* the filter byte, then the pixels */
      g_autofree guint8 *row = g_malloc0 (row_length);

      for (guint32 y = 0; y < height; y++)
        g_assert_true (g_output_stream_write_all (deflate, row, row_length, NULL, NULL, &error));
      g_assert_true (g_output_stream_close (deflate, NULL, &error));
      g_assert_no_error (error);
      append_chunk (png, "IDAT", g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
      append_chunk (png, "IEND", NULL, 0);
    }

  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, &error));
  g_assert_no_error (error);
  return path;
}

/* The most memory the process ever held, from the kernel. */
static gint64
peak_resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

/* The picture of @name's row or card, or NULL while it is not shown. */
static GtkImage *
product_image (GtkWidget  *root,
               const char *name)
{
  GtkLabel *label = find_label (root, name);
  BottegaProductWidgets *widgets = NULL;

  for (GtkWidget *box = GTK_WIDGET (label); box != NULL && widgets == NULL; box = gtk_widget_get_parent (box))
    widgets = bottega_product_widgets_get (box);
  return widgets != NULL ? GTK_IMAGE (widgets->image) : NULL;
}

static gboolean
shows_picture (GtkWidget  *root,
               const char *name)
{
  GtkImage *image = product_image (root, name);

  return image != NULL && gtk_image_get_storage_type (image) == GTK_IMAGE_PAINTABLE &&
         !gtk_widget_has_css_class (GTK_WIDGET (image), "no-image");
}

/* The placeholder a picture that cannot be shown gets once its file has
 * been looked at: never the picture itself. */
static gboolean
shows_broken (GtkWidget  *root,
              const char *name)
{
  GtkImage *image = product_image (root, name);

  return image != NULL && gtk_image_get_storage_type (image) == GTK_IMAGE_ICON_NAME &&
         g_strcmp0 (gtk_image_get_icon_name (image), "image-missing-symbolic") == 0 &&
         gtk_widget_has_css_class (GTK_WIDGET (image), "no-image");
}

static void
wait_for_picture (GtkWidget  *root,
                  const char *name)
{
  for (guint i = 0; i < 200 && !shows_picture (root, name); i++)
    spin (50);
  g_assert_true (shows_picture (root, name));
}

static void
wait_for_broken (GtkWidget  *root,
                 const char *name)
{
  for (guint i = 0; i < 200 && !shows_broken (root, name); i++)
    spin (50);
  g_assert_true (shows_broken (root, name));
}

#define HEADER_ONLY "Poster 30000 × 30000"
#define ZEROS       "Poster 12000 × 12000"

/* Cached pictures whose headers claim more pixels than anyone needs:
 * 30000 × 30000 with nothing after the header, and a complete picture of
 * 12000 × 12000 (144 million pixels; gdk-pixbuf would decode it whole
 * before scaling it down) are shown as placeholders in the catalog's
 * cards, the picker's rows and the details, and never decoded, while a
 * good picture beside them is shown. Thumbnails are decoration for screen
 * readers: the row or card has the product's name. */
static void
test_huge_pictures (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *retailer_ids[] = { "P1", "H1", "H2" };
  g_autofree char *good = write_picture (fixture, "good.png", 0x204080ff);
  g_autofree char *header_only = write_huge_png (fixture, "header-only.png", 30000, 30000, FALSE);
  g_autofree char *zeros = write_huge_png (fixture, "zeros.png", 12000, 12000, TRUE);
  const char *paths[] = { good, header_only, zeros };
  BottegaCatalogPage *page;
  BottegaProductPicker *picker;
  GtkWidget *widget;
  GtkEditable *entry;
  GtkWidget *detail = NULL;
  gint64 peak_before;

  g_ptr_array_add (products, make_product ("P1", DUOMO, 18900, -1, BOTTEGA_AVAILABILITY_IN_STOCK));
  g_ptr_array_add (products, make_product ("H1", HEADER_ONLY, 1500, -1, BOTTEGA_AVAILABILITY_IN_STOCK));
  g_ptr_array_add (products, make_product ("H2", ZEROS, 1500, -1, BOTTEGA_AVAILABILITY_IN_STOCK));
  g_assert_true (bottega_store_replace_catalog_products (fixture->store, fixture->account_id, products,
                                                         NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (retailer_ids); i++)
    {
      g_assert_true (bottega_store_set_product_image_path (fixture->store, product_id (fixture, retailer_ids[i]),
                                                           paths[i], &error));
      g_assert_no_error (error);
    }
  peak_before = peak_resident_kb ();

  /* The catalog page's cards. */
  page = bottega_catalog_page_new ();
  widget = GTK_WIDGET (page);
  gtk_window_set_default_size (fixture->window, 900, 700);
  gtk_window_set_child (fixture->window, widget);
  gtk_window_present (fixture->window);
  bottega_catalog_page_set_store (page, fixture->store);
  bottega_catalog_page_set_account (page, fixture->account);

  wait_for_picture (widget, DUOMO);
  wait_for_broken (widget, HEADER_ONLY);
  wait_for_broken (widget, ZEROS);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (product_image (widget, DUOMO))), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);

  /* Its details: no picture rather than a broken one. */
  entry = GTK_EDITABLE (find_type (widget, GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (entry, "12000");
  for (guint i = 0; i < 100 && find_label (widget, DUOMO) != NULL; i++)
    spin (50);
  g_assert_null (find_label (widget, DUOMO));
  g_signal_emit_by_name (entry, "activate");
  g_assert_nonnull (wait_for_label (widget, "H2"));
  detail = find_type (widget, GTK_TYPE_PICTURE);
  g_assert_nonnull (detail);
  for (guint i = 0; i < 200 && gtk_widget_get_visible (detail); i++)
    spin (50);
  g_assert_false (gtk_widget_get_visible (detail));
  g_assert_null (gtk_picture_get_paintable (GTK_PICTURE (detail)));

  /* The composer's picker, with its own thumbnails. */
  picker = show_picker (fixture);
  bottega_product_picker_open (picker, FALSE);
  wait_for_shown (picker, 3);
  wait_for_picture (GTK_WIDGET (picker), DUOMO);
  wait_for_broken (GTK_WIDGET (picker), HEADER_ONLY);
  wait_for_broken (GTK_WIDGET (picker), ZEROS);
  gtk_popover_popdown (GTK_POPOVER (picker));

  /* Nothing near the 432 MB a full decode of the 12000 × 12000 picture
   * takes (or the gigabytes of the other one). */
  g_test_message ("peak resident memory %" G_GINT64_FORMAT " kB → %" G_GINT64_FORMAT " kB",
                  peak_before, peak_resident_kb ());
  g_assert_cmpint (peak_resident_kb () - peak_before, <, 200 * 1024);
}

/* ---- skipped lines of an import ---- */

static GtkWindow *
find_window_titled (const char *title)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) && g_strcmp0 (gtk_window_get_title (l->data), title) == 0)
      return l->data;
  return NULL;
}

static GtkWindow *
wait_for_window (const char *title)
{
  for (guint i = 0; i < 100; i++)
    {
      GtkWindow *window = find_window_titled (title);

      if (window != NULL)
        return window;
      spin (50);
    }
  return NULL;
}

/* The first widget under @root (depth first) for which @match is TRUE. */
static GtkWidget *
find_matching (GtkWidget  *root,
               gboolean  (*match) (GtkWidget *widget, const char *text),
               const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, text))
        return child;
      if ((found = find_matching (child, match, text)) != NULL)
        return found;
    }
  return NULL;
}

/* A button on screen whose label is @text. */
static gboolean
is_button_labelled (GtkWidget  *widget,
                    const char *text)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0;
}

static gboolean
has_tooltip (GtkWidget  *widget,
             const char *text)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

static GtkWidget *
wait_for_button (GtkWidget  *root,
                 const char *text)
{
  for (guint i = 0; i < 100; i++)
    {
      GtkWidget *button = find_matching (root, is_button_labelled, text);

      if (button != NULL)
        return button;
      spin (50);
    }
  return NULL;
}

#define PRICE_LINE "Line 3: the price “<b>abc</b> & co” is not an amount and a currency such as “12.50 EUR”"
#define TITLE_LINE "Line 5: the product has no title"
#define MORE_LINE  "… and 5 more lines"

/* What the list of skipped lines shows, one line each, in order. */
static GPtrArray *
skipped_rows (GtkWindow *window)
{
  GtkWidget *list = find_type (GTK_WIDGET (window), GTK_TYPE_LIST_BOX);
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      g_assert_true (GTK_IS_LABEL (label));
      g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
      g_ptr_array_add (rows, (gpointer) gtk_label_get_label (GTK_LABEL (label)));
    }
  return rows;
}

/* A feed with more bad lines than are listed: the toast says how many
 * and its Details button lists each with its line number and reason, as
 * plain text (the shop's file is no markup), the first thousand then how
 * many more; the keyboard starts on the first; Copy puts the list on the
 * clipboard. The button under the source line opens the list again after
 * the toast is gone. */
static void
test_skipped_lines (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) feed = g_string_new ("id,title,price,availability\n"   /* 1 */
                                          "G1,Good one,10.00 EUR,in stock\n" /* 2 */
                                          "B1,Bad price,<b>abc</b> & co,in stock\n" /* 3 */
                                          "B2,Unknown availability,1.00 EUR,maybe\n"); /* 4 */
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *copied = NULL;
  BottegaCatalogPage *page = bottega_catalog_page_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *details;
  GtkWindow *dialog;
  GtkWidget *focus;
  GtkWidget *copy;
  GdkClipboard *clipboard;
  GValue value = G_VALUE_INIT;

  /* Lines 5 to 1007: no title. */
  for (guint i = 0; i < 1003; i++)
    g_string_append_printf (feed, "N%u,,1.00 EUR,in stock\n", i);
  path = g_build_filename (fixture->dir, "feed.csv", NULL);
  g_assert_true (g_file_set_contents (path, feed->str, feed->len, NULL));
  file = g_file_new_for_path (path);

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page));
  gtk_window_set_default_size (fixture->window, 900, 700);
  gtk_window_set_child (fixture->window, overlay);
  gtk_window_present (fixture->window);
  bottega_catalog_page_set_store (page, fixture->store);
  bottega_catalog_page_set_account (page, fixture->account);
  g_assert_nonnull (wait_for_label (GTK_WIDGET (page), "No Product Catalog"));

  bottega_catalog_page_import_file (page, file);
  g_assert_nonnull (wait_for_label (overlay, "The catalog has 1 product · 1005 lines skipped"));
  details = wait_for_button (overlay, "Details");
  g_assert_nonnull (details);
  gtk_widget_activate (details);

  dialog = wait_for_window ("Skipped Lines");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == fixture->window);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog),
                                "1005 lines of the product feed were not imported. "
                                "Correct them in the file and import it again."));
  rows = skipped_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1001);
  g_assert_cmpstr (g_ptr_array_index (rows, 0), ==, PRICE_LINE);
  g_assert_cmpstr (g_ptr_array_index (rows, 1), ==,
                   "Line 4: the availability “maybe” is none of “in stock”, “out of stock”, "
                   "“preorder”, “available for order” or “discontinued”");
  g_assert_cmpstr (g_ptr_array_index (rows, 2), ==, TITLE_LINE);
  g_assert_cmpstr (g_ptr_array_index (rows, 999), ==, "Line 1002: the product has no title");
  g_assert_cmpstr (g_ptr_array_index (rows, 1000), ==, MORE_LINE);

  /* The keyboard on the first line, which a screen reader reads out. */
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (focus)))), ==,
                   PRICE_LINE);

  /* Copy: the whole list, one line each. */
  copy = find_matching (GTK_WIDGET (dialog), has_tooltip, "Copy the List");
  g_assert_nonnull (copy);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (dialog));
  gtk_widget_activate (copy);
  for (guint i = 0; i < 100 && gdk_clipboard_get_content (clipboard) == NULL; i++)
    spin (50);
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value, NULL));
  copied = g_value_dup_string (&value);
  g_value_unset (&value);
  g_assert_true (g_str_has_prefix (copied, PRICE_LINE "\n"));
  g_assert_true (g_str_has_suffix (copied, "\n" MORE_LINE "\n"));
  g_assert_nonnull (strstr (copied, "\n" TITLE_LINE "\n"));
  g_assert_nonnull (wait_for_label (GTK_WIDGET (dialog), "Copied to clipboard"));

  gtk_window_close (dialog);
  for (guint i = 0; i < 100 && find_window_titled ("Skipped Lines") != NULL; i++)
    spin (50);
  g_assert_null (find_window_titled ("Skipped Lines"));

  /* The toast goes; the button under the source line stays. */
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new ("Something else"));
  details = wait_for_button (GTK_WIDGET (page), "1005 Skipped Lines…");
  g_assert_nonnull (details);
  gtk_widget_activate (details);
  dialog = wait_for_window ("Skipped Lines");
  g_assert_nonnull (dialog);
  again = skipped_rows (dialog);
  g_assert_cmpuint (again->len, ==, 1001);
  g_assert_cmpstr (g_ptr_array_index (again, 0), ==, PRICE_LINE);
  gtk_window_destroy (dialog);
}

/* ---- fixture ---- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("bottega-test-picker-XXXXXX", &error);
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
  fixture->account = g_object_ref (account);

  fixture->chosen = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 480, 600);
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
  g_ptr_array_unref (fixture->chosen);
  bottega_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->account);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = g_dir_make_tmp ("bottega-test-picker-cache-XXXXXX", &error);
  int status;

  g_assert_no_error (error);
  /* Copies of product pictures go to the outgoing folder in here. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (bottega_ui_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* A GTK warning or critical fails the test. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/product-picker/search", test_picker_search);
  ADD ("/product-picker/composer-products", test_composer_products);
  ADD ("/product-picker/catalog-page", test_catalog_page);
  ADD ("/product-picker/huge-pictures", test_huge_pictures);
  ADD ("/product-picker/skipped-lines", test_skipped_lines);

#undef ADD

  status = g_test_run ();
  remove_tree (cache);
  return status;
}
