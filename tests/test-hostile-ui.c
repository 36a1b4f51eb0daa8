/* test-hostile-ui.c: what a customer's words can do on screen (nothing but
 * be shown), and what the window says when the disk is full
 *
 * Widgets, so under the virtual display of build-aux/run-tests.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bottega-attachment-view-private.h"
#include "bottega-composer.h"
#include "bottega-conversation-row.h"
#include "bottega-message-row.h"
#include "bottega-store-private.h"
#include "bottega-test-helpers.h"
#include "bottega-text.h"
#include "bottega-window.h"

GResource *bottega_ui_get_resource (void);

/* ---- what strangers write ---- */

#define MARKUP   "<b>Mario</b> <span foreground=\"red\" size=\"xx-large\">ROSSI</span> &amp; <i>co</i>"
#define LINK     "<a href=\"javascript:alert(document.cookie)\">Clicca qui</a> <a href=\"file:///etc/passwd\">o qui</a>"
/* U+202E (right-to-left override) turns "fdp.exe" into "exe.pdf" on
 * screen; U+200B, U+200D and U+2066…U+2069 hide or reorder text. */
#define BIDI     "fattura\xe2\x80\xae" "fdp.exe \xe2\x80\x8bzero\xe2\x80\x8dwidth \xe2\x81\xa6" "isolato\xe2\x81\xa9"

/* The characters that may not reach a label from a customer. */
static void
assert_visible_text (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
      if (c != '\n' && c != '\t')
        g_assert_false (g_unichar_iscntrl (c));
    }
}

/* Every visible label under @widget whose text holds @needle. */
static void
find_labels (GtkWidget  *widget,
             const char *needle,
             GPtrArray  *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_labels (child, needle, out);
}

/* Nothing in the layout that the customer's <b> or <span> could have asked for. */
static void
assert_no_customer_attributes (PangoLayout *layout)
{
  PangoAttrList *attributes = pango_layout_get_attributes (layout);

  if (attributes != NULL)
    {
      g_autoptr(GSList) list = pango_attr_list_get_attributes (attributes);

      for (GSList *l = list; l != NULL; l = l->next)
        {
          PangoAttribute *attribute = l->data;

          g_assert_cmpint (attribute->klass->type, !=, PANGO_ATTR_FOREGROUND);
          g_assert_cmpint (attribute->klass->type, !=, PANGO_ATTR_SIZE);
          g_assert_cmpint (attribute->klass->type, !=, PANGO_ATTR_WEIGHT);
          g_assert_cmpint (attribute->klass->type, !=, PANGO_ATTR_STYLE);
        }
      g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
    }
}

/* A label that shows customer text: markup off, the text laid out as it
 * is (the tags in it, no attributes from it), nothing hidden in it. */
static void
assert_plain_label (GtkLabel   *label,
                    const char *expected)
{
  PangoLayout *layout = gtk_label_get_layout (label);

  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
  g_assert_cmpstr (pango_layout_get_text (layout), ==, expected);
  assert_visible_text (pango_layout_get_text (layout));
  assert_no_customer_attributes (layout);
}

/* The bubble's text: markup on only for what bottega_text_to_markup()
 * escaped, so it reads back as written and carries no attributes. */
static void
assert_shown_as_written (GtkLabel   *label,
                         const char *expected)
{
  PangoLayout *layout = gtk_label_get_layout (label);

  if (!gtk_label_get_use_markup (label))
    {
      assert_plain_label (label, expected);
      return;
    }
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
  g_assert_cmpstr (pango_layout_get_text (layout), ==, expected);
  assert_visible_text (pango_layout_get_text (layout));
  assert_no_customer_attributes (layout);
}

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

/* Saves a picture of @window when BOTTEGA_TEST_SCREENSHOT names a folder,
 * as @name.png there (for the report, not for the assertion). */
static void
maybe_screenshot (GtkWidget  *window,
                  const char *name)
{
  const char *dir = g_getenv ("BOTTEGA_TEST_SCREENSHOT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;
  spin (300);
  paintable = gtk_widget_paintable_new (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  gdk_texture_save_to_png (texture, path);
}

static BottegaMessage *
customer_message (const char *content,
                  const char *sender)
{
  BottegaMessage *message = bottega_message_new ();

  bottega_message_set_remote_id (message, 41);
  bottega_message_set_message_type (message, BOTTEGA_MESSAGE_INCOMING);
  bottega_message_set_content (message, content);
  bottega_message_set_sender_type (message, "contact");
  bottega_message_set_sender_name (message, sender);
  bottega_message_set_created_at (message, 1767225600);
  return message;
}

static void
test_text_functions (void)
{
  static const char * const hostile[] = { MARKUP, LINK, BIDI, "riga\r\nriga\ttab\x01\x1b[31m\x7f", NULL };

  for (guint i = 0; hostile[i] != NULL; i++)
    {
      g_autofree char *bubble = bottega_text_sanitize (hostile[i]);
      g_autofree char *line = bottega_text_one_line (hostile[i], 40);

      assert_visible_text (bubble);
      assert_visible_text (line);
      g_assert_null (strchr (line, '\n'));
      g_assert_cmpint (g_utf8_strlen (line, -1), <=, 41);
    }

  /* Markup stays the characters it is made of. */
  {
    g_autofree char *bubble = bottega_text_sanitize (MARKUP);

    g_assert_cmpstr (bubble, ==, MARKUP);
  }
  /* Hidden characters go; what is visible stays in its order. */
  {
    g_autofree char *bubble = bottega_text_sanitize (BIDI);

    g_assert_cmpstr (bubble, ==, "fatturafdp.exe zerowidth isolato");
  }
}

static void
test_message_row (void)
{
  static const struct { const char *content; const char *sender; } cases[] = {
    { MARKUP, MARKUP },
    { LINK, "<a href=\"https://evil.example\">Assistenza</a>" },
    { BIDI, BIDI },
  };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BottegaMessageRow *row = bottega_message_row_new ();

  gtk_window_set_child (window, GTK_WIDGET (row));
  gtk_window_present (window);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BottegaMessage) message = customer_message (cases[i].content, cases[i].sender);
      g_autofree char *shown = bottega_text_sanitize (cases[i].content);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      bottega_message_row_set_message (row, message);
      spin (20);

      /* The bubble: the whole text, literally. */
      find_labels (GTK_WIDGET (row), shown, labels);
      g_assert_cmpuint (labels->len, >=, 1);
      for (guint j = 0; j < labels->len; j++)
        if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, j)), shown))
          assert_shown_as_written (g_ptr_array_index (labels, j), shown);

      /* Every label of the row: markup off, nothing hidden; the bubble's
       * text has markup on, but only the escaped text that
       * bottega_text_to_markup() made of it (no link here is one Bottega
       * opens). */
      g_ptr_array_set_size (labels, 0);
      find_labels (GTK_WIDGET (row), "", labels);
      for (guint j = 0; j < labels->len; j++)
        {
          GtkLabel *label = g_ptr_array_index (labels, j);

          if (gtk_label_get_use_markup (label))
            {
              g_autofree char *markup = bottega_text_to_markup (cases[i].content);

              g_assert_cmpstr (gtk_label_get_label (label), ==, markup);
              g_assert_null (strstr (markup, "<a "));
              g_assert_cmpstr (gtk_label_get_text (label), ==, shown);
            }
          assert_visible_text (gtk_label_get_text (label));
        }
    }

  gtk_window_destroy (window);
}

static void
test_conversation_row (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BottegaConversationRow *row = bottega_conversation_row_new ();
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
  g_autoptr(BottegaMessage) last = customer_message (LINK, MARKUP);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char * const hostile_labels[] = { "<b>vip</b>", "a\xe2\x80\xae" "b", NULL };

  bottega_customer_set_name (customer, MARKUP);
  bottega_customer_set_phone_number (customer, "<big>+39</big>");
  bottega_conversation_set_remote_id (conversation, 5);
  bottega_conversation_set_customer (conversation, customer);
  bottega_conversation_set_last_message (conversation, last);
  bottega_conversation_set_labels (conversation, hostile_labels);
  bottega_conversation_set_last_activity_at (conversation, 1767225600);
  /* A customer waiting since the year 9999. */
  bottega_conversation_set_waiting_since (conversation, G_GINT64_CONSTANT (253402300799));

  gtk_window_set_child (window, GTK_WIDGET (row));
  gtk_window_present (window);
  bottega_conversation_row_set_conversation (row, conversation);
  spin (20);

  find_labels (GTK_WIDGET (row), "<b>Mario</b>", labels);
  g_assert_cmpuint (labels->len, >=, 1);
  assert_plain_label (g_ptr_array_index (labels, 0), gtk_label_get_text (g_ptr_array_index (labels, 0)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, 0)), "<b>Mario</b>"));

  g_ptr_array_set_size (labels, 0);
  find_labels (GTK_WIDGET (row), "", labels);
  g_assert_cmpuint (labels->len, >, 2);
  for (guint j = 0; j < labels->len; j++)
    {
      GtkLabel *label = g_ptr_array_index (labels, j);

      g_assert_false (gtk_label_get_use_markup (label));
      assert_visible_text (gtk_label_get_text (label));
    }

  gtk_window_destroy (window);
}

static void
test_links (void)
{
  static const struct { const char *text; const char *href; } cases[] = {
    { "Ordine: https://shop.example.com/ordini/123?a=1&b=2.", "https://shop.example.com/ordini/123?a=1&b=2" },
    { "scrivi a maria.rossi@example.it!", "mailto:maria.rossi@example.it" },
    { "chiama tel:+39-055-123456 oggi", "tel:+39-055-123456" },
    { "(vedi https://example.com/wiki/Borsa_(pelle))", "https://example.com/wiki/Borsa_(pelle)" },
    { "HTTP://EXAMPLE.COM/X", "HTTP://EXAMPLE.COM/X" },
  };
  static const char * const never[] = {
    LINK,
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>",
    "vbscript:msgbox", "ftp://example.com/x", "https://bank.example@evil.example/login",
    "https://", "http://", "mailto:", "tel:", "tel:abc", "mailto:?body=x",
    NULL
  };
  /* A customer's own link: its target and its text become two links that
   * each show where they lead, inside the literal tags. */
  static const char disguised[] = "<a href=\"https://evil.example\">https://bank.example</a>";
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  g_object_ref_sink (label);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = bottega_text_to_markup (cases[i].text);
      g_autofree char *escaped = g_markup_escape_text (cases[i].href, -1);
      g_autofree char *expected = g_strdup_printf ("<a href=\"%s\">", escaped);

      g_test_message ("%s → %s", cases[i].text, markup);
      g_assert_nonnull (strstr (markup, expected));
      g_assert_true (bottega_text_link_is_safe (cases[i].href));

      /* GTK reads it back as the text the customer wrote. */
      gtk_label_set_markup (label, markup);
      g_assert_cmpstr (gtk_label_get_text (label), ==, cases[i].text);
    }

  for (guint i = 0; never[i] != NULL; i++)
    {
      g_autofree char *markup = bottega_text_to_markup (never[i]);
      g_autofree char *shown = bottega_text_sanitize (never[i]);

      g_test_message ("%s → %s", never[i], markup);
      g_assert_null (strstr (markup, "<a "));
      gtk_label_set_markup (label, markup);
      g_assert_cmpstr (gtk_label_get_text (label), ==, shown);
    }

  {
    g_autofree char *markup = bottega_text_to_markup (disguised);

    g_assert_nonnull (strstr (markup, "<a href=\"https://evil.example\">https://evil.example</a>"));
    g_assert_nonnull (strstr (markup, "<a href=\"https://bank.example\">https://bank.example</a>"));
    gtk_label_set_markup (label, markup);
    g_assert_cmpstr (gtk_label_get_text (label), ==, disguised);
  }

  /* The safe list itself. */
  g_assert_false (bottega_text_link_is_safe ("javascript:alert(1)"));
  g_assert_false (bottega_text_link_is_safe ("file:///etc/passwd"));
  g_assert_false (bottega_text_link_is_safe ("https://a.example/\"onmouseover=\"x"));
  g_assert_false (bottega_text_link_is_safe ("https://a.example/ x"));
  g_assert_false (bottega_text_link_is_safe (NULL));
  g_assert_true (bottega_text_link_is_safe ("https://a.example/"));
  g_object_unref (label);
}

static guint refused_links;

/* Counts the row's "not opened" debug lines; everything goes on to the
 * default writer. */
static GLogWriterOutput
count_refusals (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, "A link in a message was not opened"))
      refused_links++;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* In a bubble the links bottega_text_to_markup() makes are links; a link
 * of any other kind is refused when activated, whatever put it there. */
static void
test_bubble_links (void)
{
  static const char content[] = "Ecco: https://shop.example.com/borsa?c=blu&t=m e "
                                "<a href=\"javascript:alert(1)\">qui</a>";
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BottegaMessageRow *row = bottega_message_row_new ();
  g_autoptr(BottegaMessage) message = customer_message (content, "Cliente");
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *markup = bottega_text_to_markup (content);
  GtkLabel *label;
  gboolean handled = FALSE;

  gtk_window_set_default_size (window, 560, 160);
  gtk_window_set_child (window, GTK_WIDGET (row));
  gtk_window_present (window);
  bottega_message_row_set_message (row, message);
  spin (20);

  find_labels (GTK_WIDGET (row), "Ecco:", labels);
  g_assert_cmpuint (labels->len, ==, 1);
  label = g_ptr_array_index (labels, 0);
  g_assert_true (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_label (label), ==, markup);
  g_assert_cmpstr (gtk_label_get_text (label), ==, content);
  /* One link, to where it says. */
  g_assert_nonnull (strstr (markup, "<a href=\"https://shop.example.com/borsa?c=blu&amp;t=m\">"));
  g_assert_null (strstr (strstr (markup, "</a>") + 1, "<a "));
  maybe_screenshot (GTK_WIDGET (window), "bubble-links");

  /* Refused by the row (which says so in the debug log), before GTK's own
   * handler would open it. */
  refused_links = 0;
  g_signal_emit_by_name (label, "activate-link", "javascript:alert(1)", &handled);
  g_assert_true (handled);
  g_assert_cmpuint (refused_links, ==, 1);

  gtk_window_destroy (window);
}

static void
test_one_megabyte (void)
{
  g_autoptr(GString) text = g_string_sized_new (1024 * 1024 + 64);
  g_autoptr(BottegaMessage) message = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *markup = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BottegaMessageRow *row = bottega_message_row_new ();
  int minimum = 0, natural = 0;

  while (text->len < 1024 * 1024)
    g_string_append (text, "Salve, una domanda lunghissima sulle borse https://example.com/borse ");
  message = customer_message (text->str, "Cliente");

  /* The list shows a line of it… */
  preview = bottega_text_message_preview (message);
  g_assert_cmpint (g_utf8_strlen (preview, -1), <=, 121);

  /* …the bubble its first 4096 characters and how much is left: GTK
   * would take minutes to lay out a megabyte. */
  gtk_window_set_default_size (window, 600, 400);
  gtk_window_set_child (window, GTK_WIDGET (row));
  gtk_window_present (window);
  bottega_message_row_set_message (row, message);
  spin (20);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    g_autofree char *shown = bottega_text_sanitize (text->str);
    g_autofree char *note = g_strdup_printf ("\n(%lld more characters not shown)",
                                             (long long) (g_utf8_strlen (text->str, -1) - BOTTEGA_TEXT_BUBBLE_MAX_CHARS));
    gint64 start = g_get_monotonic_time ();

    g_assert_true (g_str_has_suffix (shown, note));
    g_assert_cmpint (g_utf8_strlen (shown, -1), ==, BOTTEGA_TEXT_BUBBLE_MAX_CHARS + 1 + g_utf8_strlen (note, -1));
    g_assert_true (strncmp (shown, text->str, 1000) == 0);
    find_labels (GTK_WIDGET (row), "Salve, una domanda", labels);
    g_assert_cmpuint (labels->len, ==, 1);
    g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==, shown);
    gtk_widget_measure (g_ptr_array_index (labels, 0), GTK_ORIENTATION_VERTICAL, 500, &minimum, &natural, NULL, NULL);
    g_test_message ("1 MB message: a bubble %d px high, measured in %.0f ms", natural,
                    (g_get_monotonic_time () - start) / 1000.0);
    g_assert_cmpint (natural, >, 500);
  }

  markup = bottega_text_to_markup (text->str);
  g_assert_nonnull (strstr (markup, "<a href=\"https://example.com/borse\">"));

  /* Copy Text copies all of it, not what the bubble shows. */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (row));
    g_autoptr(GError) error = NULL;
    g_autofree char *copied = NULL;
    g_auto(GValue) value = G_VALUE_INIT;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL));
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value, &error));
    g_assert_no_error (error);
    copied = g_value_dup_string (&value);
    g_assert_cmpuint (strlen (copied), ==, text->len);
    g_assert_cmpstr (copied, ==, text->str);
  }

  gtk_window_destroy (window);
}

static void
test_far_future (void)
{
  static const gint64 times[] = { G_GINT64_CONSTANT (253402300799), G_GINT64_CONSTANT (253402300800),
                                  G_MAXINT64, G_MININT64, -1, 0 };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BottegaMessageRow *row = bottega_message_row_new ();

  gtk_window_set_child (window, GTK_WIDGET (row));
  gtk_window_present (window);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *when = bottega_format_short_time (times[i], 1767225600);
      g_autofree char *waited = bottega_format_waiting (times[i]);
      g_autoptr(BottegaMessage) message = customer_message ("Dal futuro", "Cliente");

      g_assert_true (g_utf8_validate (when, -1, NULL));
      g_assert_true (g_utf8_validate (waited, -1, NULL));
      bottega_message_set_created_at (message, times[i]);
      bottega_message_row_set_message (row, message);
      spin (5);
    }
  gtk_window_destroy (window);
}

static void
test_attachment_save_names (void)
{
  static const struct { const char *name; const char *extension; } cases[] = {
    { "../../../.bashrc", NULL },
    { "/etc/passwd", NULL },
    { "..\\..\\windows\\system32\\evil.dll", "dll" },
    { "..", "pdf" },
    { ".", NULL },
    { "CON", NULL },
    { "com1.txt", "txt" },
    { "LPT9", NULL },
    { "fattura\xe2\x80\xae" "fdp.exe", "exe" },
    { "nome\x01\x1f" "controllo.pdf", "pdf" },
    { "  . . .  ", NULL },
    { "<script>:\"|?*.html", "html" },
    { "", "../../sh" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *safe = bottega_attachment_safe_file_name (cases[i].name, cases[i].extension);
      g_autofree char *upper = g_ascii_strup (safe, -1);

      g_test_message ("%s → %s", cases[i].name, safe);
      g_assert_cmpstr (safe, !=, "");
      g_assert_null (strchr (safe, '/'));
      g_assert_null (strchr (safe, '\\'));
      g_assert_cmpint (safe[0], !=, '.');
      g_assert_cmpstr (safe, !=, "..");
      assert_visible_text (safe);
      g_assert_false (g_str_equal (upper, "CON") || g_str_has_prefix (upper, "COM1.") ||
                      g_str_equal (upper, "LPT9"));
    }
}

/* ---- a full disk, in the window ---- */

typedef struct {
  char          *dir;
  BottegaStore  *store;
  BottegaWindow *window;
  gint64         conversations[2];
} Fixture;

static gboolean
cap_func (BottegaStoreConn     *conn,
          gpointer              data,
          BottegaStoreChanges  *changes,
          gpointer             *result,
          GError              **error)
{
  gboolean full = GPOINTER_TO_INT (data);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 pages;

  g_assert_cmpint (sqlite3_prepare_v2 (conn->db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  /* Not a page more than there is: what a full disk looks like to SQLite. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, full ? pages : G_GINT64_CONSTANT (1073741823));
  g_assert_cmpint (sqlite3_exec (conn->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  return TRUE;
}

static void
set_disk_full (Fixture  *f,
               gboolean  full)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bottega_store_write (f->store, cap_func, GINT_TO_POINTER (full), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(BottegaStoreBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("bottega-test-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "bottega.db", NULL);
  f->store = bottega_store_open (path, &error);
  g_assert_no_error (error);

  bottega_account_set_url (account, "https://chat.example.com");
  bottega_account_set_remote_id (account, 1);
  bottega_account_set_name (account, "Bottega Rossi");
  g_assert_true (bottega_store_save_account (f->store, account, &error));
  g_assert_no_error (error);

  batch = bottega_store_batch_new (bottega_account_get_id (account));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
      g_autoptr(BottegaCustomer) customer = bottega_customer_new ();

      bottega_customer_set_remote_id (customer, 10 + i);
      bottega_customer_set_name (customer, i == 0 ? "Giulia Bianchi" : "Pedro Alves");
      bottega_conversation_set_remote_id (conversation, 20 + i);
      bottega_conversation_set_customer (conversation, customer);
      bottega_conversation_set_last_activity_at (conversation, 1767225600);
      bottega_store_batch_add_conversation (batch, conversation);
    }
  g_assert_true (bottega_store_write_batch (f->store, batch, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BottegaConversation) stored = NULL;

      stored = bottega_store_find_conversation (f->store, bottega_account_get_id (account), 20 + i, &error);
      g_assert_no_error (error);
      f->conversations[i] = bottega_conversation_get_id (stored);
    }

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

static BottegaConversation *
conversation (Fixture *f,
              guint    i)
{
  g_autoptr(GError) error = NULL;
  BottegaConversation *stored = bottega_store_get_conversation (f->store, f->conversations[i], &error);

  g_assert_no_error (error);
  return stored;
}

/* Whether a visible label of the window holds @needle: what the user sees. */
static gboolean
window_says (Fixture    *f,
             const char *needle)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_labels (GTK_WIDGET (f->window), needle, labels);
  return labels->len > 0;
}

static gboolean
wait_until (Fixture    *f,
            gboolean  (*done) (Fixture *f, gconstpointer data),
            gconstpointer data,
            guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!done (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
says (Fixture       *f,
      gconstpointer  data)
{
  return window_says (f, data);
}

static gboolean
does_not_say (Fixture       *f,
              gconstpointer  data)
{
  return !window_says (f, data);
}

static gboolean
draft_is (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *draft = bottega_store_get_draft (f->store, f->conversations[0]);

  return g_strcmp0 (draft, data) == 0;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

/* A toast says a customer's file name as it is: no markup of theirs, and
 * an ampersand does not empty it. */
static void
test_toast_plain_text (Fixture       *f,
                       gconstpointer  data)
{
  const char *text = "“<b>fattura</b> & co.pdf” could not be saved";
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  bottega_window_toast (f->window, text);
  spin (30);

  find_labels (GTK_WIDGET (f->window), "fattura", labels);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==, text);
}

#define FULL_TEXT "Disk full"
#define SPACE_TEXT "There is space again"

static void
test_disk_full_draft (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BottegaConversation) first = conversation (f, 0);
  g_autoptr(BottegaConversation) second = conversation (f, 1);
  g_autoptr(GString) text = g_string_new ("Gentile Giulia, la borsa è pronta. ");
  g_autofree char *shown = NULL;
  BottegaComposer *composer;
  GtkTextView *view;

  /* The conversation opened in the window, as a click on its row does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-conversation", "x",
                                             f->conversations[0]));
  spin (100);
  composer = BOTTEGA_COMPOSER (find_type (GTK_WIDGET (f->window), BOTTEGA_TYPE_COMPOSER));
  g_assert_nonnull (composer);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (composer)));
  view = GTK_TEXT_VIEW (find_type (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (view);
  g_assert_true (bottega_store_save_draft (f->store, f->conversations[0], "Bozza di ieri", NULL));

  /* The disk is full; the user writes a long reply (longer than any free
   * page could hold). */
  set_disk_full (f, TRUE);
  while (text->len < 256 * 1024)
    g_string_append (text, "Le spediamo anche il portafoglio abbinato, senza costi. ");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text->str, -1);

  /* The window says so, the text stays, the store keeps yesterday's
   * draft whole. */
  g_assert_true (wait_until (f, says, FULL_TEXT, 10));
  g_assert_true (window_says (f, "will be saved when there is space"));
  shown = buffer_text (view);
  g_assert_cmpstr (shown, ==, text->str);
  g_assert_true (draft_is (f, "Bozza di ieri"));
  test_assert_database_intact (bottega_store_get_path (f->store));
  maybe_screenshot (GTK_WIDGET (f->window), "disk-full");

  /* Looking at another conversation and back: the unsaved text is what
   * comes back, not yesterday's draft. */
  bottega_composer_set_conversation (composer, second);
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (view);
  g_assert_cmpstr (shown, ==, "");
  bottega_composer_set_conversation (composer, first);
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (view);
  g_assert_cmpstr (shown, ==, text->str);

  /* Closing the window now would lose it: Bottega asks first, and "Keep
   * Writing" keeps the window and the text. */
  g_assert_true (bottega_window_has_unsaved_drafts (f->window));
  gtk_window_close (GTK_WINDOW (f->window));
  spin (100);
  {
    AdwMessageDialog *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) top = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (top) && gtk_widget_get_visible (GTK_WIDGET (top)))
          dialog = ADW_MESSAGE_DIALOG (top);
      }
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Quit Without Your Draft?");
    g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
    maybe_screenshot (GTK_WIDGET (dialog), "disk-full-quit");
    adw_message_dialog_response (dialog, "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
    spin (50);
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (view);
  g_assert_cmpstr (shown, ==, text->str);

  /* Space again: the draft is saved by itself, and the message goes. */
  set_disk_full (f, FALSE);
  g_assert_true (wait_until (f, draft_is, text->str, 15));
  g_assert_true (wait_until (f, does_not_say, FULL_TEXT, 10));
  g_assert_false (bottega_window_has_unsaved_drafts (f->window));
  g_assert_true (window_says (f, SPACE_TEXT));
  test_assert_database_intact (bottega_store_get_path (f->store));
}

static void
test_disk_full_send (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BottegaConversation) first = conversation (f, 0);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *shown = NULL;
  BottegaComposer *composer;
  GtkTextView *view;

  composer = BOTTEGA_COMPOSER (find_type (GTK_WIDGET (f->window), BOTTEGA_TYPE_COMPOSER));
  bottega_composer_set_store (composer, f->store);
  bottega_composer_set_conversation (composer, first);
  view = GTK_TEXT_VIEW (find_type (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW));

  while (text->len < 256 * 1024)
    g_string_append (text, "Risposta che il disco pieno non lascia salvare. ");
  set_disk_full (f, TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text->str, -1);

  /* Sending: nothing is queued, the text stays, the user is told. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_true (wait_until (f, says, FULL_TEXT, 10));
  shown = buffer_text (view);
  g_assert_cmpstr (shown, ==, text->str);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, 1), ==, 0);
  g_assert_true (gtk_text_view_get_editable (view));
  test_assert_database_intact (bottega_store_get_path (f->store));

  /* Space again: the text lands as the draft, ready to be sent. */
  set_disk_full (f, FALSE);
  g_assert_true (wait_until (f, draft_is, text->str, 15));
  g_assert_true (wait_until (f, does_not_say, FULL_TEXT, 10));
}

static gboolean
no_draft (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *draft = bottega_store_get_draft (f->store, f->conversations[0]);

  return draft == NULL;
}

static void
test_disk_full_then_sent (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BottegaConversation) first = conversation (f, 0);
  g_autoptr(GString) text = g_string_new (NULL);
  BottegaComposer *composer;
  GtkTextView *view;

  while (text->len < 64 * 1024)
    g_string_append (text, "Grazie, spediamo domani mattina. ");

  composer = BOTTEGA_COMPOSER (find_type (GTK_WIDGET (f->window), BOTTEGA_TYPE_COMPOSER));
  bottega_composer_set_store (composer, f->store);
  bottega_composer_set_conversation (composer, first);
  view = GTK_TEXT_VIEW (find_type (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW));

  /* A draft that could not be saved… */
  set_disk_full (f, TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text->str, -1);
  g_assert_true (wait_until (f, says, FULL_TEXT, 10));

  /* …is sent as soon as there is space, before any retry: it is a reply
   * now, and must not come back as a draft. */
  set_disk_full (f, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_true (wait_until (f, does_not_say, FULL_TEXT, 10));
  g_assert_cmpuint (bottega_store_outbox_count (f->store, 1), ==, 1);
  spin (2 * 3000 + 500);
  g_assert_true (no_draft (f, NULL));
  test_assert_database_intact (bottega_store_get_path (f->store));
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
  g_log_set_writer_func (count_refusals, NULL, NULL);

  g_test_add_func ("/hostile-ui/text/sanitize", test_text_functions);
  g_test_add_func ("/hostile-ui/text/message-row", test_message_row);
  g_test_add_func ("/hostile-ui/text/conversation-row", test_conversation_row);
  g_test_add_func ("/hostile-ui/text/links", test_links);
  g_test_add_func ("/hostile-ui/text/bubble-links", test_bubble_links);
  g_test_add_func ("/hostile-ui/text/one-megabyte", test_one_megabyte);
  g_test_add_func ("/hostile-ui/time/far-future", test_far_future);
  g_test_add_func ("/hostile-ui/attachment/save-names", test_attachment_save_names);
  g_test_add ("/hostile-ui/toast/plain-text", Fixture, NULL, fixture_set_up, test_toast_plain_text, fixture_tear_down);
  g_test_add ("/hostile-ui/disk-full/draft", Fixture, NULL, fixture_set_up, test_disk_full_draft, fixture_tear_down);
  g_test_add ("/hostile-ui/disk-full/send", Fixture, NULL, fixture_set_up, test_disk_full_send, fixture_tear_down);
  g_test_add ("/hostile-ui/disk-full/sent-is-not-a-draft", Fixture, NULL, fixture_set_up,
              test_disk_full_then_sent, fixture_tear_down);

  return g_test_run ();
}
