/* test-attachment-view.c: attachments in a bubble, and the image viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bottega-attachment-view-private.h"
#include "bottega-image-viewer.h"
#include "bottega-media-cache.h"
#include "bottega-sandbox.h"

/* ---- helpers ---- */

static char *tmpdir;

static BottegaAttachment *
attachment_new (const char *file_type,
                const char *content_type,
                const char *file_name,
                gint64      size)
{
  BottegaAttachment *attachment = bottega_attachment_new ();

  bottega_attachment_set_file_type (attachment, file_type);
  bottega_attachment_set_content_type (attachment, content_type);
  bottega_attachment_set_file_name (attachment, file_name);
  bottega_attachment_set_file_size (attachment, size);
  bottega_attachment_set_remote_id (attachment, 7);
  return attachment;
}

/* A PNG of @width × @height in the test's folder. */
static char *
write_png (const char *name,
           int         width,
           int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  gdk_pixbuf_fill (pixbuf, 0x8a5a3cff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

static void
spin_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  /* Bounded: the decoding thread answers in well under this. */
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The visible descendant of @widget that triggers @action, if any: what a
 * user can click. */
static GtkWidget *
find_action_widget (GtkWidget  *widget,
                    const char *action)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;

  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_widget (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a visible label under @widget shows exactly @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_STACK (widget))
    {
      GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (widget));

      return page != NULL && shows_text (page, text);
    }
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static GtkPicture *
find_picture (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget))
    return GTK_PICTURE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPicture *found = find_picture (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- suggested names for "Save As…" ---- */

static void
assert_safe (const char *name)
{
  g_assert_nonnull (name);
  g_assert_cmpuint (strlen (name), >, 0);
  g_assert_cmpuint (strlen (name), <=, 200);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_null (strchr (name, '/'));
  g_assert_null (strchr (name, '\\'));
  g_assert_cmpint (name[0], !=, '.');
  g_assert_cmpint (name[0], !=, ' ');
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (g_unichar_type (c) == G_UNICODE_CONTROL);
      g_assert_false (g_unichar_type (c) == G_UNICODE_FORMAT);
    }
}

static void
check_name (const char *display_name,
            const char *extension,
            const char *expected)
{
  g_autofree char *name = bottega_attachment_safe_file_name (display_name, extension);

  assert_safe (name);
  g_assert_cmpstr (name, ==, expected);
}

static void
test_safe_name_paths (void)
{
  check_name ("../../etc/passwd", NULL, "passwd");
  check_name ("../../etc/passwd", "pdf", "passwd.pdf");
  check_name ("/etc/shadow", NULL, "shadow");
  check_name ("/home/user/.bashrc", NULL, "bashrc");
  check_name ("..\\..\\Windows\\System32\\evil.dll", NULL, "evil.dll");
  check_name ("C:\\Users\\x\\Fattura 12.pdf", "pdf", "Fattura 12.pdf");
  check_name ("invoices/", "pdf", "attachment.pdf");
  check_name ("..", NULL, "attachment");
  check_name (".", "png", "attachment.png");
  check_name ("/", NULL, "attachment");
}

static void
test_safe_name_control (void)
{
  /* A C string ends at NUL: what follows never reaches the name. */
  static const char with_nul[] = "Fattura.pdf\0.desktop";

  check_name (with_nul, "pdf", "Fattura.pdf");
  check_name ("a\tb\nc\r\x01\x1b[31md.pdf", NULL, "abc[31md.pdf");
  /* U+202E RIGHT-TO-LEFT OVERRIDE would show "invoiceexe.pdf". */
  check_name ("invoice\xe2\x80\xae" "fdp.exe", NULL, "invoicefdp.exe");
  check_name ("zero\xe2\x80\x8bwidth.txt", NULL, "zerowidth.txt");
  check_name ("what?<is>this:\"|*.txt", NULL, "what__is_this____.txt");
  /* Invalid UTF-8 is replaced, never passed on. */
  check_name ("bad\xff\xfename.jpg", NULL, "bad\xef\xbf\xbd\xef\xbf\xbdname.jpg");
  check_name ("Ricevuta\xc2\xa0" "1.pdf", NULL, "Ricevuta 1.pdf");
}

static void
test_safe_name_dots_and_reserved (void)
{
  check_name (".bashrc", NULL, "bashrc");
  check_name ("...hidden.png", NULL, "hidden.png");
  check_name ("  .  spaced.pdf", NULL, "spaced.pdf");
  check_name ("trailing. . .", "txt", "trailing.txt");
  check_name ("CON", NULL, "_CON");
  check_name ("con.txt", NULL, "_con.txt");
  check_name ("Nul", "pdf", "_Nul.pdf");
  check_name ("LPT1.pdf", NULL, "_LPT1.pdf");
  check_name ("com9", NULL, "_com9");
  check_name ("AUX .jpg", NULL, "_AUX .jpg");
  check_name ("CONTRACT.pdf", NULL, "CONTRACT.pdf");
  check_name ("COM10.txt", NULL, "COM10.txt");
}

static void
test_safe_name_empty_and_extension (void)
{
  check_name (NULL, NULL, "attachment");
  check_name ("", "pdf", "attachment.pdf");
  check_name ("\x01\x02", "ogg", "attachment.ogg");
  check_name ("IMG-20240301-WA0001", "jpg", "IMG-20240301-WA0001.jpg");
  check_name ("photo.jpeg", "jpg", "photo.jpeg");
  /* The provider's extension is untrusted too. */
  check_name ("report", "../p/d\\f", "report.pdf");
  check_name ("report", "a-very-long-extension", "report.averylonge");
}

static void
test_safe_name_long (void)
{
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autoptr(GString) accented = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *name2 = NULL;
  g_autofree char *name3 = NULL;
  g_autofree char *no_ext = NULL;

  for (guint i = 0; i < 296; i++)
    g_string_append_c (long_name, 'a' + i % 26);
  g_string_append (long_name, ".pdf");
  g_assert_cmpuint (long_name->len, ==, 300);

  name = bottega_attachment_safe_file_name (long_name->str, "pdf");
  assert_safe (name);
  g_assert_cmpuint (strlen (name), ==, 200);
  g_assert_true (g_str_has_suffix (name, ".pdf"));
  g_assert_true (g_str_has_prefix (name, "abcdefghij"));

  /* Multi-byte characters are never cut in half. */
  for (guint i = 0; i < 150; i++)
    g_string_append (accented, "è");
  g_string_append (accented, ".jpg");
  name2 = bottega_attachment_safe_file_name (accented->str, NULL);
  assert_safe (name2);
  g_assert_true (g_str_has_suffix (name2, "è.jpg"));
  g_assert_cmpuint (strlen (name2), <=, 200);
  g_assert_cmpuint (strlen (name2), >=, 199);

  /* 300 dots and a name: nothing hidden, nothing too long. */
  g_string_assign (long_name, "");
  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_name, '.');
  g_string_append (long_name, "x.txt");
  name3 = bottega_attachment_safe_file_name (long_name->str, NULL);
  g_assert_cmpstr (name3, ==, "x.txt");

  /* No extension to keep: just cut. */
  g_string_assign (long_name, "");
  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_name, 'z');
  no_ext = bottega_attachment_safe_file_name (long_name->str, NULL);
  assert_safe (no_ext);
  g_assert_cmpuint (strlen (no_ext), ==, 200);
}

/* ---- size and duration text ---- */

static void
test_size_text (void)
{
  g_autofree char *small = bottega_attachment_size_text (1500);
  g_autofree char *large = bottega_attachment_size_text (4 * 1000 * 1000);
  g_autofree char *bytes = bottega_attachment_size_text (1);

  g_assert_null (bottega_attachment_size_text (0));
  g_assert_null (bottega_attachment_size_text (-1));
  /* GLib keeps number and unit together with a no-break space. */
  g_assert_cmpstr (small, ==, "1.5\xc2\xa0kB");
  g_assert_cmpstr (large, ==, "4.0\xc2\xa0MB");
  g_assert_cmpstr (bytes, ==, "1 byte");
}

static void
test_duration_text (void)
{
  struct { gint64 usec; const char *text; } cases[] = {
    { 0, "0:00" },
    { 400 * 1000, "0:00" },
    { 34 * G_USEC_PER_SEC, "0:34" },
    { 62 * G_USEC_PER_SEC, "1:02" },
    { G_GINT64_CONSTANT (3723) * G_USEC_PER_SEC, "1:02:03" },
    { -1, "-:--" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bottega_attachment_duration_text (cases[i].usec);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* ---- which widget for which file ---- */

static void
test_kinds (void)
{
  struct {
    const char *file_type;
    const char *content_type;
    BottegaAttachmentKind kind;
    const char *action;       /* what the user can do with it */
  } cases[] = {
    { "image", "image/jpeg", BOTTEGA_ATTACHMENT_KIND_IMAGE, "attachment.view" },
    { "audio", "audio/ogg", BOTTEGA_ATTACHMENT_KIND_AUDIO, "attachment.play" },
    { "video", "video/mp4", BOTTEGA_ATTACHMENT_KIND_VIDEO, "attachment.play-video" },
    { "file", "application/pdf", BOTTEGA_ATTACHMENT_KIND_FILE, "attachment.open" },
    { "file", "image/png", BOTTEGA_ATTACHMENT_KIND_FILE, "attachment.save-as" },
    { "location", NULL, BOTTEGA_ATTACHMENT_KIND_FILE, "attachment.open" },
    { "fallback", "text/plain", BOTTEGA_ATTACHMENT_KIND_FILE, "attachment.open" },
    /* A reply not sent yet may only know its MIME type. */
    { NULL, "image/png", BOTTEGA_ATTACHMENT_KIND_IMAGE, "attachment.view" },
    { "", "audio/mpeg", BOTTEGA_ATTACHMENT_KIND_AUDIO, "attachment.play" },
    { NULL, "video/webm", BOTTEGA_ATTACHMENT_KIND_VIDEO, "attachment.play-video" },
    { NULL, "application/zip", BOTTEGA_ATTACHMENT_KIND_FILE, "attachment.save-as" },
    { NULL, NULL, BOTTEGA_ATTACHMENT_KIND_FILE, "attachment.open" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BottegaAttachment) attachment = attachment_new (cases[i].file_type, cases[i].content_type,
                                                                "thing", 1234);
      BottegaAttachmentView *view;

      g_test_message ("case %u: %s %s", i, cases[i].file_type, cases[i].content_type);
      g_assert_cmpint (bottega_attachment_kind_for (attachment), ==, cases[i].kind);

      view = g_object_ref_sink (bottega_attachment_view_new (attachment, 1));
      g_assert_cmpint (bottega_attachment_view_get_kind (view), ==, cases[i].kind);
      g_assert_nonnull (find_action_widget (GTK_WIDGET (view), cases[i].action));

      /* Only images open the viewer; only sound has a player. */
      g_assert_true ((find_action_widget (GTK_WIDGET (view), "attachment.view") != NULL) ==
                     (cases[i].kind == BOTTEGA_ATTACHMENT_KIND_IMAGE));
      g_assert_true ((find_action_widget (GTK_WIDGET (view), "attachment.play") != NULL) ==
                     (cases[i].kind == BOTTEGA_ATTACHMENT_KIND_AUDIO));
      /* Files and videos offer Open and Save As. */
      if (cases[i].kind == BOTTEGA_ATTACHMENT_KIND_FILE || cases[i].kind == BOTTEGA_ATTACHMENT_KIND_VIDEO)
        {
          g_assert_nonnull (find_action_widget (GTK_WIDGET (view), "attachment.open"));
          g_assert_nonnull (find_action_widget (GTK_WIDGET (view), "attachment.save-as"));
        }
      g_object_unref (view);
    }
}

/* ---- a document's row ---- */

static void
test_file_row (void)
{
  g_autoptr(BottegaAttachment) attachment =
    attachment_new ("file", "application/pdf", "Fattura\n2024\xe2\x80\xae-0042.pdf", 42100);
  g_autoptr(BottegaAttachmentView) view = g_object_ref_sink (bottega_attachment_view_new (attachment, 1));
  GtkWidget *open;
  GtkWidget *save;

  /* The name on one line, without the bidi override; the size. */
  g_assert_true (shows_text (GTK_WIDGET (view), "Fattura 2024-0042.pdf"));
  g_assert_true (shows_text (GTK_WIDGET (view), "42.1\xc2\xa0kB"));

  open = find_action_widget (GTK_WIDGET (view), "attachment.open");
  save = find_action_widget (GTK_WIDGET (view), "attachment.save-as");
  g_assert_nonnull (open);
  g_assert_nonnull (save);
  g_assert_true (GTK_IS_BUTTON (open));
  g_assert_true (GTK_IS_BUTTON (save));

  /* No size known: no "0 bytes". */
  {
    g_autoptr(BottegaAttachment) unknown = attachment_new ("file", "application/pdf", "x.pdf", 0);
    g_autoptr(BottegaAttachmentView) other = g_object_ref_sink (bottega_attachment_view_new (unknown, 1));

    g_assert_false (shows_text (GTK_WIDGET (other), "0 bytes"));
    g_assert_true (shows_text (GTK_WIDGET (other), "x.pdf"));
  }
}

/* ---- pictures ---- */

static gboolean
picture_has_paintable (gpointer data)
{
  return gtk_picture_get_paintable (data) != NULL;
}

static gboolean
kind_is_file (gpointer data)
{
  return bottega_attachment_view_get_kind (data) == BOTTEGA_ATTACHMENT_KIND_FILE;
}

static void
test_local_image (void)
{
  g_autofree char *path = write_png ("big.png", 2000, 1000);
  g_autoptr(BottegaAttachment) attachment = attachment_new ("image", "image/png", "big.png", 0);
  g_autoptr(BottegaAttachmentView) view = NULL;
  GtkPicture *picture;
  GdkPaintable *paintable;

  /* A reply not sent yet: no remote file, shown from the local one. */
  bottega_attachment_set_remote_id (attachment, 0);
  bottega_attachment_set_local_path (attachment, path);
  view = g_object_ref_sink (bottega_attachment_view_new (attachment, 1));
  picture = find_picture (GTK_WIDGET (view));
  g_assert_nonnull (picture);

  spin_until (picture_has_paintable, picture);
  paintable = gtk_picture_get_paintable (picture);
  /* Decoded bounded, with its shape kept. */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), <=, 520);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==,
                   2 * gdk_paintable_get_intrinsic_height (paintable));
  g_assert_cmpint (bottega_attachment_view_get_kind (view), ==, BOTTEGA_ATTACHMENT_KIND_IMAGE);
}

static void
test_broken_image (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "broken.jpg", NULL);
  g_autoptr(BottegaAttachment) attachment = attachment_new ("image", "image/jpeg", "broken.jpg", 10);
  g_autoptr(BottegaAttachmentView) view = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "not a jpeg", -1, &error);
  g_assert_no_error (error);
  bottega_attachment_set_local_path (attachment, path);
  view = g_object_ref_sink (bottega_attachment_view_new (attachment, 1));
  g_assert_cmpint (bottega_attachment_view_get_kind (view), ==, BOTTEGA_ATTACHMENT_KIND_IMAGE);

  /* What cannot be shown is still offered as a file to open or save. */
  spin_until (kind_is_file, view);
  g_assert_nonnull (find_action_widget (GTK_WIDGET (view), "attachment.save-as"));
  g_assert_null (find_action_widget (GTK_WIDGET (view), "attachment.view"));
}

static void
test_decode_bounds (void)
{
  g_autofree char *wide_path = write_png ("wide.png", 5000, 100);
  g_autofree char *small_path = write_png ("small.png", 300, 200);
  g_autoptr(GFile) wide = g_file_new_for_path (wide_path);
  g_autoptr(GFile) small = g_file_new_for_path (small_path);
  g_autoptr(GdkPixbuf) bounded = NULL;
  g_autoptr(GdkPixbuf) kept = NULL;
  g_autoptr(GError) error = NULL;

  bounded = bottega_attachment_decode_image (wide, 4096, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (bounded), ==, 4096);
  g_assert_cmpint (gdk_pixbuf_get_height (bounded), ==, 82);

  /* Never enlarged. */
  kept = bottega_attachment_decode_image (small, 4096, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (kept), ==, 300);
  g_assert_cmpint (gdk_pixbuf_get_height (kept), ==, 200);
}

static void
test_decode_refuses_huge (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "huge.pgm", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) data = g_string_new ("P5\n20000 20000\n255\n");
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  /* 400 megapixels claimed in a few bytes: refused before any allocation,
   * not decoded and scaled down. */
  for (guint i = 0; i < 4096; i++)
    g_string_append_c (data, (char) (i & 0xff));
  g_file_set_contents (path, data->str, data->len, &error);
  g_assert_no_error (error);

  pixbuf = bottega_attachment_decode_image (file, 4096, NULL, &error);
  g_assert_null (pixbuf);
  g_assert_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY);
}

/* ---- the viewer ---- */

static gboolean
zoom_enabled (gpointer data)
{
  GtkWidget *zoom_in = find_action_widget (GTK_WIDGET (data), "viewer.zoom-in");

  return zoom_in != NULL && gtk_widget_is_sensitive (zoom_in);
}

static gboolean
viewer_shown (gpointer data)
{
  return zoom_enabled (data) && gtk_widget_get_mapped (data) &&
         gtk_widget_get_width (data) > 0 && bottega_image_viewer_get_zoom (data) < 1.0;
}

static void
on_destroy (GtkWidget *widget,
            gpointer   user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_viewer_zoom (void)
{
  g_autofree char *path = write_png ("photo.png", 1600, 1200);
  g_autoptr(BottegaAttachment) attachment = attachment_new ("image", "image/png", "photo.png", 0);
  BottegaImageViewer *viewer;
  gboolean destroyed = FALSE;
  double fit_zoom;
  double zoom;

  bottega_attachment_set_local_path (attachment, path);
  viewer = bottega_image_viewer_new (NULL, attachment, 1, NULL);
  gtk_window_set_default_size (GTK_WINDOW (viewer), 800, 600);
  g_signal_connect (viewer, "destroy", G_CALLBACK (on_destroy), &destroyed);
  gtk_window_present (GTK_WINDOW (viewer));

  /* Every zoom button has a name a screen reader can say. */
  spin_until (viewer_shown, viewer);
  g_assert_true (bottega_image_viewer_get_fit (viewer));
  fit_zoom = bottega_image_viewer_get_zoom (viewer);
  g_assert_cmpfloat (fit_zoom, <, 1.0);
  g_assert_cmpfloat (fit_zoom, >, 0.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-in", NULL));
  g_assert_false (bottega_image_viewer_get_fit (viewer));
  zoom = bottega_image_viewer_get_zoom (viewer);
  g_assert_cmpfloat (zoom, >, fit_zoom);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-out", NULL));
  g_assert_cmpfloat (bottega_image_viewer_get_zoom (viewer), <, zoom);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-original", NULL));
  g_assert_cmpfloat (bottega_image_viewer_get_zoom (viewer), ==, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-fit", NULL));
  g_assert_true (bottega_image_viewer_get_fit (viewer));

  /* Escape's action closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "window.close", NULL));
  spin_until (is_true, &destroyed);
}

static void
test_viewer_missing (void)
{
  g_autoptr(BottegaAttachment) attachment = attachment_new ("image", "image/png", "gone.png", 0);
  BottegaImageViewer *viewer;
  gboolean destroyed = FALSE;

  /* Nothing to fetch it with: an error page, no crash, zoom disabled. */
  bottega_attachment_set_remote_id (attachment, 0);
  viewer = bottega_image_viewer_new (NULL, attachment, 1, NULL);
  g_signal_connect (viewer, "destroy", G_CALLBACK (on_destroy), &destroyed);
  gtk_window_present (GTK_WINDOW (viewer));
  g_assert_false (zoom_enabled (viewer));
  g_assert_true (shows_text (GTK_WIDGET (viewer), "Could Not Show the Photo"));
  gtk_window_destroy (GTK_WINDOW (viewer));
  spin_until (is_true, &destroyed);
}

/* ---- the media cache: streamed downloads with progress ---- */

typedef struct {
  GPtrArray *received;   /* goffset each, as reported */
  goffset    total;
  guint      destroyed;
  gboolean   done;
  GFile     *file;
  GError    *error;
} Fetch;

static void
on_fetch_progress (goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  Fetch *fetch = user_data;

  g_assert_cmpuint (fetch->destroyed, ==, 0);
  g_ptr_array_add (fetch->received, g_memdup2 (&received, sizeof received));
  fetch->total = total;
}

static void
on_fetch_destroy (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->destroyed++;
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->file = bottega_media_cache_fetch_finish (BOTTEGA_MEDIA_CACHE (object), result, &fetch->error);
  fetch->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
  return ((Fetch *) data)->done;
}

static void
fetch_clear (Fetch *fetch)
{
  g_clear_pointer (&fetch->received, g_ptr_array_unref);
  g_clear_object (&fetch->file);
  g_clear_error (&fetch->error);
}

/* Files in @dir whose name ends with @suffix. */
static guint
count_files (const char *dir,
             const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_media_cache_progress (void)
{
  g_autoptr(BottegaSandbox) sandbox = NULL;
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaMediaCache) cache = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) before = NULL;
  g_autoptr(GFile) after = NULL;
  g_autofree char *dir = g_build_filename (tmpdir, "media", NULL);
  g_autofree char *contents = NULL;
  BottegaAttachment *voice = NULL;
  gsize length = 0;
  Fetch fetch = { g_ptr_array_new_with_free_func (g_free), 0, 0, FALSE, NULL, NULL };
  Fetch cancelled = { g_ptr_array_new_with_free_func (g_free), 0, 0, FALSE, NULL, NULL };
  Fetch orphan = { g_ptr_array_new_with_free_func (g_free), 0, 0, FALSE, NULL, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  goffset last = -1;

  sandbox = bottega_sandbox_new (NULL, &error);
  g_assert_no_error (error);
  bottega_sandbox_start (sandbox, 0, &error);
  g_assert_no_error (error);
  client = bottega_chatwoot_client_new (bottega_sandbox_get_url (sandbox), bottega_sandbox_get_token (sandbox),
                                        bottega_sandbox_get_account_id (sandbox), 1, &error);
  g_assert_no_error (error);

  /* The demo shop's first conversation has a voice note. */
  messages = bottega_chatwoot_client_list_messages (client, 1, 0, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < messages->len && voice == NULL; i++)
    {
      GListModel *attachments = bottega_message_get_attachments (g_ptr_array_index (messages, i));

      for (guint k = 0; k < g_list_model_get_n_items (attachments) && voice == NULL; k++)
        {
          g_autoptr(BottegaAttachment) attachment = g_list_model_get_item (attachments, k);

          if (g_strcmp0 (bottega_attachment_get_file_type (attachment), "audio") == 0)
            voice = attachment;
        }
    }
  g_assert_nonnull (voice);
  g_assert_cmpint (bottega_attachment_get_file_size (voice), >, 0);

  cache = bottega_media_cache_new (dir);
  before = bottega_media_cache_lookup (cache, voice, 1, FALSE);
  g_assert_null (before);

  /* Nothing to fetch with: an error, and the progress data freed once. */
  bottega_media_cache_fetch_with_progress_async (cache, NULL, voice, 1, FALSE,
                                                 on_fetch_progress, &orphan, on_fetch_destroy,
                                                 NULL, on_fetched, &orphan);
  spin_until (fetch_done, &orphan);
  g_assert_error (orphan.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (orphan.destroyed, ==, 1);
  g_assert_cmpuint (orphan.received->len, ==, 0);

  /* Cancelled before it starts: cancelled, no progress, nothing left. */
  g_cancellable_cancel (cancellable);
  bottega_media_cache_fetch_with_progress_async (cache, client, voice, 1, FALSE,
                                                 on_fetch_progress, &cancelled, on_fetch_destroy,
                                                 cancellable, on_fetched, &cancelled);
  spin_until (fetch_done, &cancelled);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cancelled.destroyed, ==, 1);
  g_assert_cmpuint (cancelled.received->len, ==, 0);
  g_assert_cmpuint (count_files (dir, ""), ==, 0);

  /* The real thing: progress climbs to the whole file, which is then in the
   * cache under its ids, whole. */
  bottega_media_cache_fetch_with_progress_async (cache, client, voice, 1, FALSE,
                                                 on_fetch_progress, &fetch, on_fetch_destroy,
                                                 NULL, on_fetched, &fetch);
  spin_until (fetch_done, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_nonnull (fetch.file);
  g_assert_cmpuint (fetch.destroyed, ==, 1);
  g_assert_cmpuint (fetch.received->len, >=, 1);
  for (guint i = 0; i < fetch.received->len; i++)
    {
      goffset received = *(goffset *) g_ptr_array_index (fetch.received, i);

      g_assert_cmpint (received, >=, last);
      last = received;
    }
  g_assert_cmpint (last, ==, bottega_attachment_get_file_size (voice));
  g_assert_true (fetch.total == -1 || fetch.total == last);

  g_file_load_contents (fetch.file, NULL, &contents, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, (gsize) bottega_attachment_get_file_size (voice));
  g_assert_true (memcmp (contents, "OggS", 4) == 0);
  g_assert_cmpuint (count_files (dir, ".part"), ==, 0);

  after = bottega_media_cache_lookup (cache, voice, 1, FALSE);
  g_assert_nonnull (after);
  g_assert_true (g_file_equal (after, fetch.file));
  /* The thumbnail is another file, not fetched yet. */
  g_assert_null (bottega_media_cache_lookup (cache, voice, 1, TRUE));

  fetch_clear (&fetch);
  fetch_clear (&cancelled);
  fetch_clear (&orphan);
  bottega_sandbox_stop (sandbox);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  /* The widgets are checked directly: no accessibility bus to depend on
   * (GTK 4 does not read NO_AT_BRIDGE). */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  tmpdir = g_dir_make_tmp ("bottega-attachment-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/attachment-view/safe-name/paths", test_safe_name_paths);
  g_test_add_func ("/attachment-view/safe-name/control", test_safe_name_control);
  g_test_add_func ("/attachment-view/safe-name/dots-and-reserved", test_safe_name_dots_and_reserved);
  g_test_add_func ("/attachment-view/safe-name/empty-and-extension", test_safe_name_empty_and_extension);
  g_test_add_func ("/attachment-view/safe-name/long", test_safe_name_long);
  g_test_add_func ("/attachment-view/size-text", test_size_text);
  g_test_add_func ("/attachment-view/duration-text", test_duration_text);
  g_test_add_func ("/attachment-view/kinds", test_kinds);
  g_test_add_func ("/attachment-view/file-row", test_file_row);
  g_test_add_func ("/attachment-view/local-image", test_local_image);
  g_test_add_func ("/attachment-view/broken-image", test_broken_image);
  g_test_add_func ("/attachment-view/decode-bounds", test_decode_bounds);
  g_test_add_func ("/attachment-view/decode-refuses-huge", test_decode_refuses_huge);
  g_test_add_func ("/media-cache/progress", test_media_cache_progress);
  g_test_add_func ("/image-viewer/zoom", test_viewer_zoom);
  g_test_add_func ("/image-viewer/missing", test_viewer_missing);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }

  return status;
}
