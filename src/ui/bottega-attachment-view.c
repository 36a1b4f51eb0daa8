/* bottega-attachment-view.c: one attachment inside a message bubble
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bottega-application.h"
#include "bottega-attachment-view-private.h"
#include "bottega-image-viewer.h"
#include "bottega-text.h"
#include "bottega-window.h"

/* Thumbnails are decoded at most this large (twice the shown size, for
 * high-density screens). */
#define THUMBNAIL_DECODE_SIZE 520
/* The shown thumbnail fits in this square. */
#define THUMBNAIL_BOX         260
#define THUMBNAIL_MIN         120
/* A suggested file name is at most this many bytes (file systems allow
 * 255; the rest leaves room for the " (1)" a chooser may add). */
#define SAFE_NAME_MAX         200
/* An extension is kept through truncation only when it is this short. */
#define SAFE_EXTENSION_MAX    16
/* Audio up to this size is fetched as soon as it is shown, so its duration
 * is known; larger files wait for Play. */
#define AUDIO_PREFETCH_MAX    (16 * 1024 * 1024)
/* Images claiming more pixels than this are refused before decoding. */
#define DECODE_MAX_PIXELS     (100 * 1000 * 1000)
#define DECODE_CHUNK          (64 * 1024)

typedef enum {
  PENDING_NONE,
  PENDING_PLAY,
  PENDING_PLAY_VIDEO,
  PENDING_OPEN,
  PENDING_SAVE,
} PendingAction;

struct _BottegaAttachmentView
{
  GtkWidget              parent_instance;

  /* template (the box is bound so that dispose_template unparents it) */
  GtkWidget             *box;
  GtkWidget             *image_button;
  GtkWidget             *thumbnail_frame;
  GtkPicture            *picture;
  GtkWidget             *placeholder_icon;
  GtkVideo              *video;
  GtkWidget             *audio_box;
  GtkWidget             *play_button;
  GtkWidget             *position_scale;
  GtkAdjustment         *position_adjustment;
  GtkLabel              *duration_label;
  GtkWidget             *audio_open_button;
  GtkWidget             *file_box;
  GtkImage              *file_icon;
  GtkLabel              *name_label;
  GtkStack              *detail_stack;
  GtkLabel              *size_label;
  GtkProgressBar        *progress_bar;
  GtkLabel              *progress_label;
  GtkWidget             *cancel_button;
  GtkWidget             *play_video_button;
  GtkWidget             *open_button;
  GtkWidget             *save_button;

  BottegaAttachment     *attachment;
  gint64                 account_id;
  BottegaAttachmentKind  kind;
  char                  *display_name;   /* one line, safe to show */
  char                  *description;    /* "Voice message", "File: a.pdf, 2 kB" */

  GCancellable          *cancellable;    /* everything, until dispose */
  GCancellable          *download;       /* the running full download */
  PendingAction          pending;
  GFile                 *file;           /* the full file, once here */
  GdkTexture            *thumbnail;
  GtkMediaStream        *media;          /* audio */
  gboolean               play_when_prepared;
  gboolean               updating_position;
};

G_DEFINE_FINAL_TYPE (BottegaAttachmentView, bottega_attachment_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ATTACHMENT,
  PROP_ACCOUNT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_download (BottegaAttachmentView *self,
                            PendingAction          then);
static void show_kind      (BottegaAttachmentView *self,
                            BottegaAttachmentKind  kind);

/* ---- helpers shared with the image viewer (and the tests) ---- */

/* The file of a reply not sent yet, when it is still there. */
static const char *
local_file (BottegaAttachment *attachment)
{
  const char *path = bottega_attachment_get_local_path (attachment);

  if (path != NULL && *path != '\0' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return path;
  return NULL;
}

BottegaAttachmentKind
bottega_attachment_kind_for (BottegaAttachment *attachment)
{
  const char *type;
  const char *content_type;

  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (attachment), BOTTEGA_ATTACHMENT_KIND_FILE);

  type = bottega_attachment_get_file_type (attachment);
  content_type = bottega_attachment_get_content_type (attachment);

  if (g_strcmp0 (type, "image") == 0)
    return BOTTEGA_ATTACHMENT_KIND_IMAGE;
  if (g_strcmp0 (type, "audio") == 0)
    return BOTTEGA_ATTACHMENT_KIND_AUDIO;
  if (g_strcmp0 (type, "video") == 0)
    return BOTTEGA_ATTACHMENT_KIND_VIDEO;

  /* A reply not sent yet may only know its MIME type. Any other type the
   * provider names ("file", "location", "contact", …) is a plain file. */
  if ((type == NULL || *type == '\0') && content_type != NULL)
    {
      if (g_str_has_prefix (content_type, "image/"))
        return BOTTEGA_ATTACHMENT_KIND_IMAGE;
      if (g_str_has_prefix (content_type, "audio/"))
        return BOTTEGA_ATTACHMENT_KIND_AUDIO;
      if (g_str_has_prefix (content_type, "video/"))
        return BOTTEGA_ATTACHMENT_KIND_VIDEO;
    }

  return BOTTEGA_ATTACHMENT_KIND_FILE;
}

static gboolean
is_reserved_device_name (const char *name)
{
  static const char * const reserved[] = { "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$" };
  g_autofree char *stem = NULL;
  const char *dot = strchr (name, '.');
  gsize len;

  /* Windows refuses these with any extension: "con.txt" too. */
  stem = dot != NULL ? g_strndup (name, dot - name) : g_strdup (name);
  g_strchomp (stem);
  len = strlen (stem);

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (g_ascii_strcasecmp (stem, reserved[i]) == 0)
      return TRUE;

  return len == 4 &&
         (g_ascii_strncasecmp (stem, "COM", 3) == 0 || g_ascii_strncasecmp (stem, "LPT", 3) == 0) &&
         g_ascii_isdigit (stem[3]);
}

static void
strip_dots_and_spaces (GString *name)
{
  gsize start = 0;

  while (start < name->len && (name->str[start] == '.' || name->str[start] == ' '))
    start++;
  g_string_erase (name, 0, start);

  while (name->len > 0 && (name->str[name->len - 1] == '.' || name->str[name->len - 1] == ' '))
    g_string_truncate (name, name->len - 1);
}

/* Whole characters of @text that fit in @max_bytes. */
static gsize
utf8_prefix_bytes (const char *text,
                   gsize       max_bytes)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *next = g_utf8_next_char (p);

      if ((gsize) (next - text) > max_bytes)
        break;
      p = next;
    }
  return p - text;
}

char *
bottega_attachment_safe_file_name (const char *display_name,
                                   const char *extension)
{
  g_autofree char *valid = g_utf8_make_valid (display_name != NULL ? display_name : "", -1);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) clean_extension = g_string_new (NULL);
  const char *base = valid;
  const char *dot;

  /* Only the last path component, whichever separator the sender's system
   * used: a name never says where a file lands. */
  for (const char *p = valid; *p != '\0'; p++)
    if (*p == '/' || *p == '\\')
      base = p + 1;

  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (g_unichar_type (c))
        {
        /* Control characters, bidi overrides and other invisible format
         * characters ("invoice\u202Efdp.exe"), line separators. */
        case G_UNICODE_CONTROL:
        case G_UNICODE_FORMAT:
        case G_UNICODE_UNASSIGNED:
        case G_UNICODE_SURROGATE:
        case G_UNICODE_LINE_SEPARATOR:
        case G_UNICODE_PARAGRAPH_SEPARATOR:
          continue;
        case G_UNICODE_SPACE_SEPARATOR:
          g_string_append_c (name, ' ');
          continue;
        default:
          break;
        }

      /* What other systems (and FAT-formatted memory sticks) refuse. */
      if (c < 0x80 && strchr ("<>:\"|?*", (char) c) != NULL)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }

  /* No hidden files, no "." or "..", nothing Windows trims away. */
  strip_dots_and_spaces (name);

  if (extension != NULL)
    for (const char *p = extension; *p != '\0' && clean_extension->len < 10; p++)
      if (g_ascii_isalnum (*p))
        g_string_append_c (clean_extension, *p);

  if (name->len == 0)
    /* Translators: the name suggested when saving a file that has none;
     * keep it a valid file name (no slashes) */
    g_string_assign (name, C_("file name", "attachment"));

  dot = strrchr (name->str, '.');
  if ((dot == NULL || dot[1] == '\0') && clean_extension->len > 0)
    g_string_append_printf (name, ".%s", clean_extension->str);

  if (is_reserved_device_name (name->str))
    g_string_prepend_c (name, '_');

  if (name->len > SAFE_NAME_MAX)
    {
      g_autofree char *suffix = NULL;
      gsize keep;

      dot = strrchr (name->str, '.');
      if (dot != NULL && dot != name->str && strlen (dot) <= SAFE_EXTENSION_MAX)
        suffix = g_strdup (dot);
      else
        suffix = g_strdup ("");

      keep = utf8_prefix_bytes (name->str, SAFE_NAME_MAX - strlen (suffix));
      g_string_truncate (name, keep);
      strip_dots_and_spaces (name);
      g_string_append (name, suffix);
    }

  return g_string_free (g_steal_pointer (&name), FALSE);
}

char *
bottega_attachment_size_text (gint64 size)
{
  if (size <= 0)
    return NULL;
  return g_format_size ((guint64) size);
}

char *
bottega_attachment_duration_text (gint64 usec)
{
  gint64 seconds;

  if (usec < 0)
    return g_strdup ("-:--");

  seconds = (usec + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                            seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  int *max_size = user_data;
  double scale;

  if (width <= 0 || height <= 0 || (gint64) width * height > DECODE_MAX_PIXELS)
    {
      /* Zero asks the loader to allocate nothing and give up. */
      *max_size = -1;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  if (width <= *max_size && height <= *max_size)
    return;

  scale = MIN ((double) *max_size / width, (double) *max_size / height);
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)), MAX (1, (int) (height * scale + 0.5)));
}

GdkPixbuf *
bottega_attachment_decode_image (GFile         *file,
                                 int            max_size,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autofree guint8 *buffer = NULL;
  GdkPixbuf *pixbuf;
  int limit = max_size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (max_size > 0, NULL);

  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return NULL;

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &limit);
  buffer = g_malloc (DECODE_CHUNK);

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), buffer, DECODE_CHUNK, cancellable, error);

      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }
      if (n == 0)
        break;

      /* No GError here: a refused size makes some loaders fail without
       * one, which GdkPixbuf would report as a loader bug. */
      if (!gdk_pixbuf_loader_write (loader, buffer, n, NULL) || limit < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          if (limit < 0)
            g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                                 _("The picture is too large to show"));
          else
            g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                                 _("The picture cannot be read"));
          return NULL;
        }
    }

  if (!gdk_pixbuf_loader_close (loader, limit < 0 ? NULL : error) || limit < 0)
    {
      if (limit < 0)
        g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                             _("The picture is too large to show"));
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The picture cannot be read"));
      return NULL;
    }

  /* Phone photos are often stored sideways with an EXIF rotation. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

/* A toast where the user is looking: the image viewer or the main window. */
static void
show_toast (GtkWidget  *widget,
            const char *text)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  GtkApplication *app;
  GtkWindow *window;

  if (BOTTEGA_IS_IMAGE_VIEWER (root))
    {
      bottega_image_viewer_toast (BOTTEGA_IMAGE_VIEWER (root), text);
      return;
    }
  if (BOTTEGA_IS_WINDOW (root))
    {
      bottega_window_toast (BOTTEGA_WINDOW (root), text);
      return;
    }

  app = GTK_IS_APPLICATION (g_application_get_default ())
    ? GTK_APPLICATION (g_application_get_default ()) : NULL;
  window = app != NULL ? gtk_application_get_active_window (app) : NULL;
  if (BOTTEGA_IS_WINDOW (window))
    bottega_window_toast (BOTTEGA_WINDOW (window), text);
  else
    g_message ("%s", text);
}

typedef struct {
  GWeakRef  widget;
  GFile    *source;
  GFile    *destination;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_weak_ref_clear (&data->widget);
  g_clear_object (&data->source);
  g_clear_object (&data->destination);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(SaveData) data = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&data->widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (data->destination);
  g_autofree char *shown = bottega_text_one_line (name, 60);
  g_autofree char *text = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is a file name, then the reason */
      text = g_strdup_printf (_("Could not save “%s”: %s"), shown, error->message);
    }
  else
    /* Translators: %s is a file name */
    text = g_strdup_printf (_("Saved “%s”"), shown);

  show_toast (widget, text);
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(SaveData) data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    data->destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (data->destination == NULL)
    return;

  /* The chooser asked before replacing a file; GIO copies on its own
   * worker thread. */
  g_file_copy_async (data->source, data->destination,
                     G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                     G_PRIORITY_DEFAULT, NULL, NULL, NULL,
                     saved, g_steal_pointer (&data));
}

void
bottega_attachment_save_as (GtkWidget  *parent,
                            GFile      *source,
                            const char *display_name,
                            const char *extension)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root;
  g_autofree char *suggested = NULL;
  SaveData *data;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (G_IS_FILE (source));

  root = gtk_widget_get_root (parent);
  chooser = gtk_file_chooser_native_new (_("Save Attachment"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  /* Only a suggestion, which the user sees and confirms: where the file
   * lands is the user's choice in the chooser. */
  suggested = bottega_attachment_safe_file_name (display_name, extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  data = g_new0 (SaveData, 1);
  g_weak_ref_init (&data->widget, parent);
  data->source = g_object_ref (source);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- opening with the default app ---- */

typedef struct {
  GFile *source;
  char  *directory;
  char  *name;
} LinkData;

static void
link_data_free (LinkData *data)
{
  g_clear_object (&data->source);
  g_free (data->directory);
  g_free (data->name);
  g_free (data);
}

/* Cached files are named by ids. The app that opens one should see the
 * attachment's (made safe) name and extension, so it gets a link with that
 * name in a folder of its own. */
static void
link_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LinkData *data = task_data;
  g_autofree char *source_path = g_file_get_path (data->source);
  g_autofree char *target_path = g_build_filename (data->directory, data->name, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  GError *error = NULL;

  if (source_path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not a local file");
      return;
    }

  if (g_mkdir_with_parents (data->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s", g_strerror (saved_errno));
      return;
    }

  g_unlink (target_path);
  if (link (source_path, target_path) != 0 &&
      !g_file_copy (data->source, target, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&target), g_object_unref);
}

/* A widget that may be gone by the time an app has started. */
typedef struct {
  GWeakRef widget;
} WidgetRef;

static WidgetRef *
widget_ref_new (gpointer widget)
{
  WidgetRef *ref = g_new0 (WidgetRef, 1);

  g_weak_ref_init (&ref->widget, widget);
  return ref;
}

static void
widget_ref_free (WidgetRef *ref)
{
  g_weak_ref_clear (&ref->widget);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WidgetRef, widget_ref_free)

static void
launched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WidgetRef) ref = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&ref->widget);
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the file: %s"), error->message);

      show_toast (widget, text);
    }
}

static void
launch_file (BottegaAttachmentView *self,
             GFile                 *file)
{
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autofree char *uri = g_file_get_uri (file);

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  /* Inside Flatpak GLib hands this to the OpenURI portal. */
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched, widget_ref_new (self));
}

static void
linked (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BottegaAttachmentView) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Cannot name a file for opening: %s", error->message);
      /* The cached file is still worth opening. */
      if (self->file != NULL)
        launch_file (self, self->file);
      return;
    }

  launch_file (self, file);
}

static void
open_file (BottegaAttachmentView *self)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GTask) task = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *folder = NULL;
  LinkData *data;

  g_assert (self->file != NULL);

  /* A reply not sent yet: the user's own file, with its own name. */
  if (bottega_attachment_get_local_path (self->attachment) != NULL || !BOTTEGA_IS_APPLICATION (app))
    {
      launch_file (self, self->file);
      return;
    }

  cache_dir = g_path_get_dirname (bottega_media_cache_get_directory (bottega_application_get_media_cache (BOTTEGA_APPLICATION (app))));
  folder = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                            self->account_id, bottega_attachment_get_remote_id (self->attachment));

  data = g_new0 (LinkData, 1);
  data->source = g_object_ref (self->file);
  data->directory = g_build_filename (cache_dir, "open", folder, NULL);
  data->name = bottega_attachment_safe_file_name (bottega_attachment_get_file_name (self->attachment),
                                                  bottega_attachment_get_extension (self->attachment));

  task = g_task_new (NULL, self->cancellable, linked, g_object_ref (self));
  g_task_set_source_tag (task, open_file);
  g_task_set_task_data (task, data, (GDestroyNotify) link_data_free);
  g_task_run_in_thread (task, link_thread);
}

/* ---- audio ---- */

static void
update_play_button (BottegaAttachmentView *self)
{
  gboolean playing = self->media != NULL && gtk_media_stream_get_playing (self->media);
  const char *label = playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  /* A tooltip also sets the accessible description: set it after. */
  gtk_widget_set_tooltip_text (self->play_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description != NULL ? self->description : "",
                                  -1);
}

static void
update_position (BottegaAttachmentView *self)
{
  gint64 duration = self->media != NULL ? gtk_media_stream_get_duration (self->media) : 0;
  gint64 timestamp = self->media != NULL ? gtk_media_stream_get_timestamp (self->media) : 0;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  if (self->media != NULL && gtk_media_stream_get_error (self->media) != NULL)
    {
      gtk_label_set_text (self->duration_label, _("Cannot play here"));
      return;
    }

  if (duration > 0)
    {
      g_autofree char *total = bottega_attachment_duration_text (duration);

      if (timestamp > 0 || gtk_media_stream_get_playing (self->media))
        {
          g_autofree char *now = bottega_attachment_duration_text (timestamp);

          /* Translators: the position in a voice message, then its length */
          text = g_strdup_printf (_("%s / %s"), now, total);
          /* Translators: the position in a voice message, then its length */
          accessible = g_strdup_printf (_("%s of %s"), now, total);
        }
      else
        text = g_steal_pointer (&total);
    }
  else
    {
      text = bottega_attachment_size_text (bottega_attachment_get_file_size (self->attachment));
      if (text == NULL)
        text = g_strdup ("");
    }
  gtk_label_set_text (self->duration_label, text);

  self->updating_position = TRUE;
  gtk_adjustment_set_upper (self->position_adjustment, duration > 0 ? (double) duration / G_USEC_PER_SEC : 1.0);
  gtk_adjustment_set_value (self->position_adjustment, (double) timestamp / G_USEC_PER_SEC);
  self->updating_position = FALSE;

  gtk_widget_set_sensitive (self->position_scale,
                            self->media != NULL && duration > 0 &&
                            gtk_media_stream_is_prepared (self->media) &&
                            gtk_media_stream_is_seekable (self->media));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->position_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  accessible != NULL ? accessible : text, -1);
}

static void
on_position_changed (BottegaAttachmentView *self,
                     GtkAdjustment         *adjustment)
{
  if (self->updating_position || self->media == NULL || !gtk_media_stream_is_seekable (self->media))
    return;

  gtk_media_stream_seek (self->media, (gint64) (gtk_adjustment_get_value (adjustment) * G_USEC_PER_SEC));
}

/* No media backend, or a format it cannot play: say so, and offer the
 * default app instead. */
static void
check_media_error (BottegaAttachmentView *self)
{
  const GError *error = gtk_media_stream_get_error (self->media);

  if (error == NULL)
    return;

  g_debug ("Cannot play a sound: %s", error->message);
  self->play_when_prepared = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachment.play", FALSE);
  gtk_widget_set_visible (self->audio_open_button, TRUE);
}

static void
on_media_notify (BottegaAttachmentView *self,
                 GParamSpec            *pspec,
                 GtkMediaStream        *media)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "error"))
    check_media_error (self);
  else if (g_str_equal (name, "prepared") && gtk_media_stream_is_prepared (media))
    {
      if (self->play_when_prepared)
        {
          self->play_when_prepared = FALSE;
          gtk_media_stream_play (media);
        }
    }
  else if (g_str_equal (name, "playing") || g_str_equal (name, "ended"))
    update_play_button (self);
  else if (!g_str_equal (name, "timestamp") && !g_str_equal (name, "duration") &&
           !g_str_equal (name, "seekable"))
    return;

  update_position (self);
}

static void
setup_media (BottegaAttachmentView *self)
{
  g_assert (self->file != NULL);

  if (self->media != NULL)
    return;

  self->media = GTK_MEDIA_STREAM (gtk_media_file_new_for_file (self->file));
  g_signal_connect_object (self->media, "notify", G_CALLBACK (on_media_notify), self, G_CONNECT_SWAPPED);
  /* Without a media backend the error is there from the start. */
  check_media_error (self);
  update_position (self);
  update_play_button (self);
}

static void
play_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (widget);

  if (self->media == NULL)
    {
      self->play_when_prepared = TRUE;
      start_download (self, PENDING_PLAY);
      return;
    }

  if (gtk_media_stream_get_playing (self->media))
    {
      gtk_media_stream_pause (self->media);
      return;
    }

  if (!gtk_media_stream_is_prepared (self->media))
    {
      self->play_when_prepared = TRUE;
      return;
    }

  if (gtk_media_stream_get_ended (self->media) && gtk_media_stream_is_seekable (self->media))
    gtk_media_stream_seek (self->media, 0);
  gtk_media_stream_play (self->media);
}

/* ---- downloading ---- */

static void
set_downloading (BottegaAttachmentView *self,
                 gboolean               downloading)
{
  gtk_stack_set_visible_child_name (self->detail_stack, downloading ? "progress" : "size");
  /* No size known: the name alone, centred, rather than an empty line. */
  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack),
                          downloading || *gtk_label_get_text (self->size_label) != '\0');
  gtk_widget_set_visible (self->cancel_button, downloading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachment.cancel", downloading);
  if (downloading)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_label_set_text (self->progress_label, _("Downloading…"));
    }
}

static void
on_progress (goffset  received,
             goffset  total,
             gpointer user_data)
{
  BottegaAttachmentView *self = user_data;
  g_autofree char *done = g_format_size ((guint64) MAX (received, 0));
  g_autofree char *text = NULL;

  if (total <= 0)
    total = bottega_attachment_get_file_size (self->attachment);

  if (total > 0)
    {
      g_autofree char *all = g_format_size ((guint64) total);

      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP ((double) received / total, 0.0, 1.0));
      /* Translators: download progress, e.g. "1.2 MB of 4.0 MB" */
      text = g_strdup_printf (_("%s of %s"), done, all);
    }
  else
    {
      gtk_progress_bar_pulse (self->progress_bar);
      text = g_steal_pointer (&done);
    }
  gtk_label_set_text (self->progress_label, text);
}

static void
run_pending (BottegaAttachmentView *self)
{
  PendingAction pending = self->pending;

  self->pending = PENDING_NONE;
  switch (pending)
    {
    case PENDING_PLAY:
      if (self->media != NULL && gtk_media_stream_is_prepared (self->media))
        {
          self->play_when_prepared = FALSE;
          gtk_media_stream_play (self->media);
        }
      break;
    case PENDING_PLAY_VIDEO:
      gtk_video_set_file (self->video, self->file);
      gtk_widget_set_visible (GTK_WIDGET (self->video), TRUE);
      gtk_widget_set_visible (self->play_video_button, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->video));
      break;
    case PENDING_OPEN:
      open_file (self);
      break;
    case PENDING_SAVE:
      bottega_attachment_save_as (GTK_WIDGET (self), self->file,
                                  bottega_attachment_get_file_name (self->attachment),
                                  bottega_attachment_get_extension (self->attachment));
      break;
    case PENDING_NONE:
    default:
      break;
    }
}

static void
downloaded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BottegaAttachmentView) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = bottega_media_cache_fetch_finish (BOTTEGA_MEDIA_CACHE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  g_clear_object (&self->download);
  set_downloading (self, FALSE);

  if (file == NULL)
    {
      self->pending = PENDING_NONE;
      self->play_when_prepared = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s is the reason */
          g_autofree char *text = g_strdup_printf (_("Could not download the attachment: %s"), error->message);

          show_toast (GTK_WIDGET (self), text);
        }
      return;
    }

  g_set_object (&self->file, file);
  if (self->kind == BOTTEGA_ATTACHMENT_KIND_AUDIO)
    setup_media (self);
  run_pending (self);
}

static void
start_download (BottegaAttachmentView *self,
                PendingAction          then)
{
  GApplication *app = g_application_get_default ();
  BottegaSyncEngine *engine = NULL;
  BottegaMediaCache *cache;
  g_autoptr(GFile) cached = NULL;

  self->pending = then;

  if (self->file != NULL)
    {
      run_pending (self);
      return;
    }
  if (self->download != NULL)
    return;

  /* A reply not sent yet shows from the user's own file. */
  if (local_file (self->attachment) != NULL)
    {
      self->file = g_file_new_for_path (local_file (self->attachment));
      if (self->kind == BOTTEGA_ATTACHMENT_KIND_AUDIO)
        setup_media (self);
      run_pending (self);
      return;
    }

  if (!BOTTEGA_IS_APPLICATION (app))
    {
      self->pending = PENDING_NONE;
      return;
    }

  cache = bottega_application_get_media_cache (BOTTEGA_APPLICATION (app));
  cached = bottega_media_cache_lookup (cache, self->attachment, self->account_id, FALSE);
  if (cached != NULL)
    {
      self->file = g_steal_pointer (&cached);
      if (self->kind == BOTTEGA_ATTACHMENT_KIND_AUDIO)
        setup_media (self);
      run_pending (self);
      return;
    }

  engine = bottega_application_get_engine (BOTTEGA_APPLICATION (app), self->account_id);
  self->download = g_cancellable_new ();
  set_downloading (self, TRUE);
  bottega_media_cache_fetch_with_progress_async (cache,
                                                 engine != NULL ? bottega_sync_engine_get_client (engine) : NULL,
                                                 self->attachment, self->account_id, FALSE,
                                                 on_progress, self, NULL,
                                                 self->download, downloaded, g_object_ref (self));
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (widget);

  self->pending = PENDING_NONE;
  self->play_when_prepared = FALSE;
  if (self->download != NULL)
    g_cancellable_cancel (self->download);
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_download (BOTTEGA_ATTACHMENT_VIEW (widget), PENDING_OPEN);
}

static void
save_as_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_download (BOTTEGA_ATTACHMENT_VIEW (widget), PENDING_SAVE);
}

static void
play_video_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  start_download (BOTTEGA_ATTACHMENT_VIEW (widget), PENDING_PLAY_VIDEO);
}

/* ---- images ---- */

static void
view_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  BottegaImageViewer *viewer;

  viewer = bottega_image_viewer_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     self->attachment, self->account_id,
                                     self->thumbnail != NULL ? GDK_PAINTABLE (self->thumbnail) : NULL);
  gtk_window_present (GTK_WINDOW (viewer));
}

static void
thumbnail_decode_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  pixbuf = bottega_attachment_decode_image (G_FILE (task_data), THUMBNAIL_DECODE_SIZE, cancellable, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
thumbnail_decoded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BottegaAttachmentView) self = user_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (pixbuf == NULL)
    {
      /* Not a picture GTK can show (or a broken one): offer it as a file. */
      g_debug ("Cannot show a picture: %s", error->message);
      show_kind (self, BOTTEGA_ATTACHMENT_KIND_FILE);
      return;
    }

  g_clear_object (&self->thumbnail);
  self->thumbnail = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->thumbnail));
  gtk_widget_set_visible (self->placeholder_icon, FALSE);
  gtk_widget_remove_css_class (self->image_button, "placeholder");
}

static void
thumbnail_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BottegaAttachmentView) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  file = bottega_media_cache_fetch_finish (BOTTEGA_MEDIA_CACHE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (file == NULL)
    {
      /* Offline, most likely: the soft placeholder stays, and the viewer
       * tries again when opened. */
      g_debug ("Cannot fetch a picture: %s", error->message);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->placeholder_icon), "image-missing-symbolic");
      return;
    }

  task = g_task_new (NULL, self->cancellable, thumbnail_decoded, g_object_ref (self));
  g_task_set_source_tag (task, thumbnail_fetched);
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, thumbnail_decode_thread);
}

static void
setup_image (BottegaAttachmentView *self)
{
  GApplication *app = g_application_get_default ();
  int width = bottega_attachment_get_width (self->attachment);
  int height = bottega_attachment_get_height (self->attachment);
  int shown_width = THUMBNAIL_BOX;
  int shown_height = THUMBNAIL_BOX * 3 / 4;
  BottegaSyncEngine *engine;

  /* The thumbnail takes the photo's shape when the provider says it. */
  if (width > 0 && height > 0)
    {
      double scale = MIN ((double) THUMBNAIL_BOX / width, (double) THUMBNAIL_BOX / height);

      shown_width = CLAMP ((int) (width * scale), THUMBNAIL_MIN, THUMBNAIL_BOX);
      shown_height = CLAMP ((int) (height * scale), THUMBNAIL_MIN, THUMBNAIL_BOX);
    }
  gtk_widget_set_size_request (self->thumbnail_frame, shown_width, shown_height);
  gtk_widget_add_css_class (self->image_button, "placeholder");

  if (local_file (self->attachment) != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, thumbnail_decoded, g_object_ref (self));

      g_task_set_source_tag (task, setup_image);
      g_task_set_task_data (task, g_file_new_for_path (local_file (self->attachment)), g_object_unref);
      g_task_run_in_thread (task, thumbnail_decode_thread);
      return;
    }

  if (!BOTTEGA_IS_APPLICATION (app))
    return;

  engine = bottega_application_get_engine (BOTTEGA_APPLICATION (app), self->account_id);
  bottega_media_cache_fetch_async (bottega_application_get_media_cache (BOTTEGA_APPLICATION (app)),
                                   engine != NULL ? bottega_sync_engine_get_client (engine) : NULL,
                                   self->attachment, self->account_id, TRUE,
                                   self->cancellable, thumbnail_fetched, g_object_ref (self));
}

/* ---- building ---- */

static gboolean
is_voice_note (BottegaAttachment *attachment)
{
  const char *name = bottega_attachment_get_file_name (attachment);

  /* WhatsApp names push-to-talk recordings "PTT-<date>-WA<n>". */
  return name == NULL || *name == '\0' || g_str_has_prefix (name, "PTT-");
}

static void
update_file_icon (BottegaAttachmentView *self)
{
  const char *content_type = bottega_attachment_get_content_type (self->attachment);
  g_autofree char *guessed = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *description = NULL;

  if (content_type == NULL || *content_type == '\0')
    {
      guessed = g_content_type_guess (self->display_name, NULL, 0, NULL);
      content_type = guessed;
    }

  if (self->kind == BOTTEGA_ATTACHMENT_KIND_VIDEO)
    icon = g_themed_icon_new ("video-x-generic-symbolic");
  else if (content_type != NULL)
    icon = g_content_type_get_symbolic_icon (content_type);
  if (icon == NULL)
    icon = g_themed_icon_new ("text-x-generic-symbolic");
  gtk_image_set_from_gicon (self->file_icon, icon);

  description = content_type != NULL ? g_content_type_get_description (content_type) : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->file_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description != NULL ? description : _("File"), -1);
}

static void
show_kind (BottegaAttachmentView *self,
           BottegaAttachmentKind  kind)
{
  g_autofree char *size = bottega_attachment_size_text (bottega_attachment_get_file_size (self->attachment));
  g_autofree char *label = NULL;
  gboolean file_row = kind == BOTTEGA_ATTACHMENT_KIND_FILE || kind == BOTTEGA_ATTACHMENT_KIND_VIDEO;

  self->kind = kind;

  gtk_widget_set_visible (self->image_button, kind == BOTTEGA_ATTACHMENT_KIND_IMAGE);
  gtk_widget_set_visible (self->audio_box, kind == BOTTEGA_ATTACHMENT_KIND_AUDIO);
  gtk_widget_set_visible (self->file_box, file_row);
  gtk_widget_set_visible (self->play_video_button, kind == BOTTEGA_ATTACHMENT_KIND_VIDEO);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachment.view", kind == BOTTEGA_ATTACHMENT_KIND_IMAGE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachment.play", kind == BOTTEGA_ATTACHMENT_KIND_AUDIO);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachment.play-video", kind == BOTTEGA_ATTACHMENT_KIND_VIDEO);

  gtk_label_set_text (self->name_label, self->display_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), self->display_name);
  gtk_label_set_text (self->size_label, size != NULL ? size : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), size != NULL || self->download != NULL);
  update_file_icon (self);

  switch (kind)
    {
    case BOTTEGA_ATTACHMENT_KIND_IMAGE:
      /* Translators: an attached photo, then its file name */
      label = g_strdup_printf (_("Photo: %s"), self->display_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->image_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Open in the image viewer"),
                                      -1);
      break;
    case BOTTEGA_ATTACHMENT_KIND_AUDIO:
      if (is_voice_note (self->attachment))
        label = g_strdup (_("Voice message"));
      else
        /* Translators: an attached sound file, then its name */
        label = g_strdup_printf (_("Audio: %s"), self->display_name);
      update_position (self);
      break;
    case BOTTEGA_ATTACHMENT_KIND_VIDEO:
      /* Translators: an attached video, then its file name and size */
      label = g_strdup_printf (_("Video: %s, %s"), self->display_name, size != NULL ? size : _("unknown size"));
      break;
    case BOTTEGA_ATTACHMENT_KIND_FILE:
    default:
      /* Translators: an attached file, then its name and size */
      label = g_strdup_printf (_("File: %s, %s"), self->display_name, size != NULL ? size : _("unknown size"));
      break;
    }

  /* The description of every control inside says which file it acts on. */
  g_free (self->description);
  self->description = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_video_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->open_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->save_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
}

static void
bottega_attachment_view_constructed (GObject *object)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (object);
  BottegaAttachmentKind kind;
  const char *name;

  G_OBJECT_CLASS (bottega_attachment_view_parent_class)->constructed (object);

  if (self->attachment == NULL)
    self->attachment = bottega_attachment_new ();

  kind = bottega_attachment_kind_for (self->attachment);
  name = bottega_attachment_get_file_name (self->attachment);
  self->display_name = bottega_text_one_line (name, 120);
  if (self->display_name[0] == '\0')
    {
      g_free (self->display_name);
      self->display_name = g_strdup (kind == BOTTEGA_ATTACHMENT_KIND_IMAGE ? _("Photo") :
                                     kind == BOTTEGA_ATTACHMENT_KIND_AUDIO ? _("Voice message") :
                                     kind == BOTTEGA_ATTACHMENT_KIND_VIDEO ? _("Video") :
                                     _("File"));
    }

  show_kind (self, kind);

  switch (kind)
    {
    case BOTTEGA_ATTACHMENT_KIND_IMAGE:
      setup_image (self);
      break;
    case BOTTEGA_ATTACHMENT_KIND_AUDIO:
      /* Voice notes are small: fetch them now, so the duration shows. */
      if (bottega_attachment_get_file_size (self->attachment) <= AUDIO_PREFETCH_MAX)
        start_download (self, PENDING_NONE);
      break;
    case BOTTEGA_ATTACHMENT_KIND_VIDEO:
    case BOTTEGA_ATTACHMENT_KIND_FILE:
    default:
      break;
    }
}

static void
bottega_attachment_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_attachment_view_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_set_object (&self->attachment, g_value_get_object (value));
      break;
    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_attachment_view_dispose (GObject *object)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->download != NULL)
    g_cancellable_cancel (self->download);
  g_clear_object (&self->download);

  if (self->media != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->media, on_media_notify, self);
      gtk_media_stream_pause (self->media);
      g_clear_object (&self->media);
    }
  if (self->video != NULL)
    gtk_video_set_media_stream (self->video, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_ATTACHMENT_VIEW);

  g_clear_object (&self->file);
  g_clear_object (&self->thumbnail);

  G_OBJECT_CLASS (bottega_attachment_view_parent_class)->dispose (object);
}

static void
bottega_attachment_view_finalize (GObject *object)
{
  BottegaAttachmentView *self = BOTTEGA_ATTACHMENT_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->attachment);
  g_free (self->display_name);
  g_free (self->description);

  G_OBJECT_CLASS (bottega_attachment_view_parent_class)->finalize (object);
}

static void
bottega_attachment_view_class_init (BottegaAttachmentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bottega_attachment_view_constructed;
  object_class->get_property = bottega_attachment_view_get_property;
  object_class->set_property = bottega_attachment_view_set_property;
  object_class->dispose = bottega_attachment_view_dispose;
  object_class->finalize = bottega_attachment_view_finalize;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL,
                         BOTTEGA_TYPE_ATTACHMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-attachment-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, box);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, image_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, thumbnail_frame);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, picture);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, placeholder_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, video);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, audio_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, play_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, position_scale);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, position_adjustment);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, duration_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, audio_open_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, file_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, file_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, name_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, size_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, play_video_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, open_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaAttachmentView, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_position_changed);

  gtk_widget_class_install_action (widget_class, "attachment.view", NULL, view_activated);
  gtk_widget_class_install_action (widget_class, "attachment.play", NULL, play_activated);
  gtk_widget_class_install_action (widget_class, "attachment.play-video", NULL, play_video_activated);
  gtk_widget_class_install_action (widget_class, "attachment.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "attachment.save-as", NULL, save_as_activated);
  gtk_widget_class_install_action (widget_class, "attachment.cancel", NULL, cancel_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "attachmentview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bottega_attachment_view_init (BottegaAttachmentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->kind = BOTTEGA_ATTACHMENT_KIND_FILE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachment.cancel", FALSE);
}

BottegaAttachmentView *
bottega_attachment_view_new (BottegaAttachment *attachment,
                             gint64             account_id)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (attachment), NULL);

  return g_object_new (BOTTEGA_TYPE_ATTACHMENT_VIEW,
                       "attachment", attachment,
                       "account-id", account_id,
                       NULL);
}

BottegaAttachmentKind
bottega_attachment_view_get_kind (BottegaAttachmentView *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT_VIEW (self), BOTTEGA_ATTACHMENT_KIND_FILE);

  return self->kind;
}
