/* bottega-composer-attachments.c: files to send with a reply — the tray,
 * the file chooser, drag and drop, pasting, and the checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bottega-composer-private.h"
#include "bottega-outgoing-files.h"
#include "bottega-window.h"

/* A pasted picture becomes a PNG in our own cache folder, under a name we
 * make (nothing from the clipboard chooses where a file lands). */
static char *
save_pasted_image (GdkTexture    *texture,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *folder = bottega_outgoing_files_folder ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stem = g_date_time_format (now, "image-%Y%m%d-%H%M%S");
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s", g_strerror (saved_errno));
      return NULL;
    }

  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (stem, ".png", NULL)
                                     : g_strdup_printf ("%s-%u.png", stem, n);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileOutputStream) stream = NULL;
      g_autoptr(GError) local_error = NULL;

      stream = g_file_create (file, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (stream == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        continue;
      if (stream == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), g_bytes_get_data (png, NULL),
                                      g_bytes_get_size (png), NULL, cancellable, error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
        {
          g_file_delete (file, NULL, NULL);
          return NULL;
        }
      return g_steal_pointer (&path);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("Too many pictures pasted this second"));
  return NULL;
}

static void
composer_check_free (BottegaComposerCheck *data)
{
  g_strfreev (data->paths);
  g_clear_object (&data->texture);
  g_ptr_array_unref (data->files);
  g_ptr_array_unref (data->problems);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BottegaComposerCheck *data = task_data;

  if (data->texture != NULL)
    {
      g_autoptr(GError) error = NULL;
      char *path = save_pasted_image (data->texture, cancellable, &error);

      if (path == NULL)
        /* Translators: %s is the reason */
        g_ptr_array_add (data->problems, g_strdup_printf (_("The pasted picture could not be saved: %s"),
                                                          error->message));
      else
        {
          g_strfreev (data->paths);
          data->paths = g_new0 (char *, 2);
          data->paths[0] = path;
        }
    }

  for (guint i = 0; data->paths != NULL && data->paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      BottegaOutgoingFile *file = bottega_outgoing_check_file (data->paths[i], cancellable, &error);

      if (file != NULL)
        g_ptr_array_add (data->files, file);
      else
        {
          g_ptr_array_add (data->problems, g_strdup (error->message));
          /* Our own copy of a refused picture is of no use. */
          if (data->texture != NULL)
            g_unlink (data->paths[i]);
        }
    }

  g_task_return_boolean (task, TRUE);
}

/* The checks of files meant for @conversation_id. */
static void
check_files_for_async (BottegaComposer     *self,
                       gint64               conversation_id,
                       const char * const  *paths,
                       GdkTexture          *texture,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);
  BottegaComposerCheck *data = g_new0 (BottegaComposerCheck, 1);

  data->conversation_id = conversation_id;
  data->paths = g_strdupv ((char **) paths);
  data->texture = texture != NULL ? g_object_ref (texture) : NULL;
  data->files = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_outgoing_file_free);
  data->problems = g_ptr_array_new_with_free_func (g_free);
  g_task_set_source_tag (task, bottega_composer_check_files_async);
  g_task_set_task_data (task, data, (GDestroyNotify) composer_check_free);
  self->checking++;
  bottega_composer_update_actions (self);
  g_task_run_in_thread (task, check_thread);
}

void
bottega_composer_check_files_async (BottegaComposer     *self,
                                    const char * const  *paths,
                                    GdkTexture          *texture,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  check_files_for_async (self, self->conversation != NULL ? bottega_conversation_get_id (self->conversation) : 0,
                         paths, texture, callback, user_data);
}

/* The task's data once it is done, or NULL when the composer went away. */
BottegaComposerCheck *
bottega_composer_check_files_finish (BottegaComposer *self,
                                     GAsyncResult    *result)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == bottega_composer_check_files_async);

  self->checking--;
  if (!g_task_propagate_boolean (G_TASK (result), NULL) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return NULL;
  bottega_composer_update_actions (self);
  return g_task_get_task_data (G_TASK (result));
}

char *
bottega_composer_join_problems (GPtrArray *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (problems, i));
    }
  return problems->len > 0 ? g_strdup (text->str) : NULL;
}

void
bottega_composer_rebuild_tray (BottegaComposer *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachment_tray))) != NULL)
    gtk_flow_box_remove (self->attachment_tray, child);

  for (guint i = 0; i < self->pending->files->len; i++)
    {
      BottegaOutgoingFile *file = g_ptr_array_index (self->pending->files, i);
      g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (file->content_type);
      g_autofree char *size = g_format_size (file->size);
      g_autofree char *remove = NULL;
      g_autofree char *description = NULL;
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *image = gtk_image_new_from_gicon (icon);
      GtkWidget *name_label = gtk_label_new (file->name);
      GtkWidget *size_label = gtk_label_new (size);
      GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");
      g_autofree char *kind = g_content_type_get_description (file->content_type);

      gtk_widget_add_css_class (chip, "attachment-chip");
      gtk_widget_set_halign (chip, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (chip, file->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, kind, -1);

      gtk_label_set_use_markup (GTK_LABEL (name_label), FALSE);
      gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (name_label), 24);
      gtk_label_set_xalign (GTK_LABEL (name_label), 0);
      gtk_label_set_xalign (GTK_LABEL (size_label), 0);
      gtk_widget_add_css_class (size_label, "caption");
      gtk_widget_add_css_class (size_label, "dim-label");
      gtk_box_append (GTK_BOX (labels), name_label);
      gtk_box_append (GTK_BOX (labels), size_label);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "composer.remove-attachment");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", file->path);
      /* Translators: %s is a file name */
      remove = g_strdup_printf (_("Remove “%s”"), file->name);
      gtk_widget_set_tooltip_text (button, remove);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);

      gtk_box_append (GTK_BOX (chip), image);
      gtk_box_append (GTK_BOX (chip), labels);
      gtk_box_append (GTK_BOX (chip), button);
      /* Translators: %s is a file size, "2.1 MB" */
      description = g_strdup_printf (_("Attached, %s"), size);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, file->name,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);

      gtk_flow_box_append (self->attachment_tray, chip);
      /* Tab goes to the remove buttons, not to each chip. */
      gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
    }

  bottega_composer_reveal (self->tray_revealer, self->pending->files->len > 0);
  bottega_composer_update_actions (self);
}

static void
files_added (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BottegaComposer) self = user_data;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *message = NULL;
  BottegaComposerCheck *data = bottega_composer_check_files_finish (self, result);
  BottegaComposerPending *target;
  gboolean full = FALSE;

  if (data == NULL || data->conversation_id == 0)
    return;

  /* Meant for the conversation they were added in, even if the user has
   * moved on to another one meanwhile. */
  target = bottega_composer_pending_for (self, data->conversation_id);

  for (guint i = 0; i < data->problems->len; i++)
    g_ptr_array_add (problems, g_strdup (g_ptr_array_index (data->problems, i)));

  for (guint i = 0; i < data->files->len; i++)
    {
      BottegaOutgoingFile *file = g_ptr_array_index (data->files, i);
      gboolean known = FALSE;

      for (guint j = 0; j < target->files->len && !known; j++)
        known = g_strcmp0 (((BottegaOutgoingFile *) g_ptr_array_index (target->files, j))->path, file->path) == 0;
      if (known)
        continue;
      if (target->files->len >= BOTTEGA_OUTGOING_MAX_FILES)
        {
          full = TRUE;
          continue;
        }
      g_ptr_array_add (target->files, g_ptr_array_steal_index (data->files, i--));
    }
  if (full)
    g_ptr_array_add (problems, g_strdup_printf (ngettext ("At most %d file can be sent in one message; send these, then the rest",
                                                          "At most %d files can be sent in one message; send these, then the rest",
                                                          BOTTEGA_OUTGOING_MAX_FILES),
                                                BOTTEGA_OUTGOING_MAX_FILES));

  if (target != self->pending)
    return;
  message = bottega_composer_join_problems (problems);
  bottega_composer_set_problem (self, message);
  bottega_composer_rebuild_tray (self);
}

static void
add_files (BottegaComposer    *self,
           const char * const *paths,
           GdkTexture         *texture)
{
  if (self->conversation == NULL || self->sending || !bottega_composer_in_text_mode (self))
    return;
  bottega_composer_check_files_async (self, paths, texture, files_added, g_object_ref (self));
}

static void
attach_file_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
  const char *paths[] = { g_variant_get_string (parameter, NULL), NULL };

  if (paths[0][0] == '\0' || !g_path_is_absolute (paths[0]))
    return;
  add_files (self, paths, NULL);
}

static void
remove_attachment_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
  const char *path = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < self->pending->files->len; i++)
    if (g_strcmp0 (((BottegaOutgoingFile *) g_ptr_array_index (self->pending->files, i))->path, path) == 0)
      {
        g_ptr_array_remove_index (self->pending->files, i);
        break;
      }
  bottega_composer_set_problem (self, NULL);
  bottega_composer_rebuild_tray (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

static void
dismiss_problem_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);

  bottega_composer_set_problem (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

/* Local paths of @files (GFile); files that are not on this computer are
 * counted in @n_remote. */
static GStrv
paths_of_files (GSList *files,
                guint  *n_remote)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (builder, path);
      else
        (*n_remote)++;
    }
  return g_strv_builder_end (builder);
}

static void
add_file_list (BottegaComposer *self,
               GSList          *files)
{
  guint n_remote = 0;
  g_auto(GStrv) paths = paths_of_files (files, &n_remote);

  if (n_remote > 0)
    bottega_composer_set_problem (self, _("Only files on this computer can be attached"));
  if (paths[0] != NULL)
    add_files (self, (const char * const *) paths, NULL);
}

static void
on_chooser_response (BottegaComposer      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GSList) list = NULL;

      for (guint i = g_list_model_get_n_items (files); i > 0; i--)
        list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
      add_file_list (self, list);
      g_slist_free_full (g_steal_pointer (&list), g_object_unref);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

/* GtkFileChooserNative: through the file chooser portal inside Flatpak. */
static void
attach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Attach Files"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
on_drop (BottegaComposer *self,
         const GValue    *value,
         double           x,
         double           y,
         GtkDropTarget   *target)
{
  g_autoptr(GSList) list = NULL;

  if (self->conversation == NULL || self->sending || !bottega_composer_in_text_mode (self))
    return FALSE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    list = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    list = g_slist_prepend (NULL, g_value_get_object (value));
  if (list == NULL)
    return FALSE;

  add_file_list (self, list);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
  return TRUE;
}

static void
texture_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BottegaComposer) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->checking--;
  bottega_composer_update_actions (self);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bottega_composer_set_problem (self, _("The picture on the clipboard could not be read"));
      return;
    }
  add_files (self, NULL, texture);
}

static void
file_list_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BottegaComposer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) files = NULL;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->checking--;
  bottega_composer_update_actions (self);
  if (value == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bottega_composer_set_problem (self, _("The files on the clipboard could not be read"));
      return;
    }
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  add_file_list (self, files);
}

/* Ctrl+V: files copied in the file manager are attached, and so is a
 * picture that comes without text; anything else is pasted as text. */
static void
on_paste_clipboard (BottegaComposer *self,
                    GtkTextView     *view)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  g_autoptr(GdkContentFormats) formats = NULL;

  if (self->conversation == NULL || self->sending || !bottega_composer_in_text_mode (self))
    return;

  formats = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));
  if (gdk_content_formats_contain_mime_type (formats, "x-special/gnome-copied-files") &&
      gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      self->checking++;
      bottega_composer_update_actions (self);
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                      self->cancellable, file_list_read, g_object_ref (self));
    }
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
           !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      self->checking++;
      bottega_composer_update_actions (self);
      gdk_clipboard_read_texture_async (clipboard, self->cancellable, texture_read, g_object_ref (self));
    }
}

/* ---- products from the catalog ----
 *
 * A product goes into the reply as its snippet (name, price, link) in a
 * paragraph of its own and its cached picture in the tray. The picture is
 * copied first into the outgoing folder under the product's name: that is
 * the name the customer sees, and a catalog refresh cannot delete it
 * while the reply waits in the outbox. */

static void
products_toast (BottegaComposer *self,
                const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BOTTEGA_IS_WINDOW (root))
    bottega_window_toast (BOTTEGA_WINDOW (root), message);
}

static gboolean
can_add_products (BottegaComposer *self)
{
  return self->conversation != NULL && self->store != NULL && !self->sending &&
         bottega_composer_in_text_mode (self);
}

/* A file name from a product's name: no folder separators, no control
 * or format characters, no leading dot, at most 60 characters. */
static char *
product_file_stem (const char *name)
{
  g_autoptr(GString) stem = g_string_new (NULL);
  guint n = 0;

  for (const char *p = name; p != NULL && *p != '\0' && n < 60; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || g_unichar_iscntrl (c) ||
          g_unichar_type (c) == G_UNICODE_FORMAT || g_unichar_isspace (c))
        c = ' ';
      if (c == ' ' && (stem->len == 0 || stem->str[stem->len - 1] == ' '))
        continue;
      if (c == '.' && stem->len == 0)
        continue;
      g_string_append_unichar (stem, c);
      n++;
    }
  while (stem->len > 0 && (stem->str[stem->len - 1] == ' ' || stem->str[stem->len - 1] == '.'))
    g_string_truncate (stem, stem->len - 1);
  if (stem->len == 0)
    g_string_assign (stem, C_("file name", "product"));

  return g_string_free (g_steal_pointer (&stem), FALSE);
}

typedef struct {
  gint64  conversation_id;
  char   *source;   /* the cached picture */
  char   *stem;
  char   *name;     /* the product's, for messages */
} ProductCopy;

static void
product_copy_free (ProductCopy *copy)
{
  g_free (copy->source);
  g_free (copy->stem);
  g_free (copy->name);
  g_free (copy);
}

static void
copy_image_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ProductCopy *copy = task_data;
  g_autofree char *folder = bottega_outgoing_files_folder ();
  g_autofree char *base = g_path_get_basename (copy->source);
  const char *dot = strrchr (base, '.');
  g_autofree char *extension = dot != NULL ? g_ascii_strdown (dot, -1) : g_strdup ("");
  g_autoptr(GFile) source = g_file_new_for_path (copy->source);
  g_autoptr(GFileInputStream) input = NULL;
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
                               g_strerror (saved_errno));
      return;
    }

  input = g_file_read (source, cancellable, &error);
  if (input == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (copy->stem, extension, NULL)
                                     : g_strdup_printf ("%s-%u%s", copy->stem, n, extension);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileOutputStream) output = NULL;
      g_autoptr(GError) local_error = NULL;

      output = g_file_create (file, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (output == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        continue;
      if (output == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&local_error));
          return;
        }
      if (g_output_stream_splice (G_OUTPUT_STREAM (output), G_INPUT_STREAM (input),
                                  G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                  cancellable, &local_error) < 0)
        {
          g_file_delete (file, NULL, NULL);
          g_task_return_error (task, g_steal_pointer (&local_error));
          return;
        }
      g_task_return_pointer (task, g_steal_pointer (&path), g_free);
      return;
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, "Too many copies of this picture");
}

static void
image_copied (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (object);
  ProductCopy *copy = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->checking--;
  bottega_composer_update_actions (self);

  if (path == NULL)
    {
      g_autofree char *message = NULL;

      g_message ("Cannot copy a product picture to send it: %s", error->message);
      /* Translators: %s is a product's name */
      message = g_strdup_printf (_("The picture of “%s” could not be added: only its text is in the reply"),
                                 copy->name);
      products_toast (self, message);
      return;
    }

  /* The same checks as a file the user chose. */
  check_files_for_async (self, copy->conversation_id, (const char * const []) { path, NULL }, NULL,
                         files_added, g_object_ref (self));
}

/* The snippet at the cursor, in a paragraph of its own; the cursor after it. */
static void
insert_snippet (BottegaComposer *self,
                const char      *snippet)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  g_autofree char *preceding = NULL;
  g_autofree char *following = NULL;
  GtkTextIter cursor, before, after;
  const char *prefix = "";
  const char *suffix = "";
  int offset;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  before = cursor;
  gtk_text_iter_backward_chars (&before, 2);
  after = cursor;
  gtk_text_iter_forward_chars (&after, 2);
  preceding = gtk_text_iter_get_text (&before, &cursor);
  following = gtk_text_iter_get_text (&cursor, &after);

  if (!gtk_text_iter_is_start (&cursor) && !g_str_has_suffix (preceding, "\n\n"))
    prefix = g_str_has_suffix (preceding, "\n") ? "\n" : "\n\n";
  if (!gtk_text_iter_is_end (&cursor) && !g_str_has_prefix (following, "\n\n"))
    suffix = g_str_has_prefix (following, "\n") ? "\n" : "\n\n";

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert (buffer, &cursor, prefix, -1);
  gtk_text_buffer_insert (buffer, &cursor, snippet, -1);
  offset = gtk_text_iter_get_offset (&cursor);
  gtk_text_buffer_insert (buffer, &cursor, suffix, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &cursor, offset);
  gtk_text_buffer_place_cursor (buffer, &cursor);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (self->composer_view, gtk_text_buffer_get_insert (buffer));
}

static void
add_product_now (BottegaComposer *self,
                 BottegaProduct  *product)
{
  g_autofree char *snippet = bottega_product_build_snippet (product, NULL);
  const char *image = bottega_product_get_image_path (product);
  const char *name = bottega_product_get_name (product);
  g_autoptr(GTask) task = NULL;
  ProductCopy *copy;

  if (name == NULL)
    name = bottega_product_get_retailer_id (product);

  insert_snippet (self, snippet);

  if (image == NULL || *image == '\0')
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a product's name */
      message = g_strdup_printf (_("“%s” has no picture on this computer yet: only its text was added"), name);
      products_toast (self, message);
      return;
    }

  copy = g_new0 (ProductCopy, 1);
  copy->conversation_id = bottega_conversation_get_id (self->conversation);
  copy->source = g_strdup (image);
  copy->stem = product_file_stem (name);
  copy->name = g_strdup (name);

  task = g_task_new (self, self->cancellable, image_copied, NULL);
  g_task_set_source_tag (task, add_product_now);
  g_task_set_task_data (task, copy, (GDestroyNotify) product_copy_free);
  /* Nothing is sent before the picture is in the tray. */
  self->checking++;
  bottega_composer_update_actions (self);
  g_task_run_in_thread (task, copy_image_thread);
}

typedef struct {
  BottegaComposer *self;
  BottegaProduct  *product;
  gint64           conversation_id;
  gboolean         add;
  gboolean         reopen_picker;
} ProductQuestion;

static void
product_question_free (ProductQuestion *question)
{
  g_object_unref (question->self);
  g_object_unref (question->product);
  g_free (question);
}

/* Once the dialog is gone: back to the picker or to the text. */
static gboolean
product_question_done (gpointer user_data)
{
  ProductQuestion *question = user_data;
  BottegaComposer *self = question->self;
  gboolean same = self->conversation != NULL &&
                  bottega_conversation_get_id (self->conversation) == question->conversation_id;

  if (question->add && same && can_add_products (self))
    add_product_now (self, question->product);

  if (question->reopen_picker && same && can_add_products (self) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    bottega_product_picker_open (self->product_picker, TRUE);
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));

  product_question_free (question);
  return G_SOURCE_REMOVE;
}

static void
on_product_question_response (AdwMessageDialog *dialog,
                              const char       *response,
                              ProductQuestion  *question)
{
  g_signal_handlers_disconnect_by_data (dialog, question);
  question->add = g_strcmp0 (response, "add") == 0;
  g_idle_add (product_question_done, question);
}

/* The customer cannot have it now: asked before it goes into the reply. */
static void
ask_about_product (BottegaComposer *self,
                   BottegaProduct  *product,
                   gboolean         reopen_picker)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *name = bottega_product_get_name (product);
  g_autofree char *body = NULL;
  ProductQuestion *question;
  GtkWidget *dialog;
  const char *heading;

  if (bottega_product_get_availability (product) == BOTTEGA_AVAILABILITY_DISCONTINUED)
    {
      heading = _("Product Discontinued");
      /* Translators: %s is a product's name */
      body = g_strdup_printf (_("“%s” is discontinued. Add it anyway?"), name);
    }
  else
    {
      heading = _("Product Out of Stock");
      /* Translators: %s is a product's name */
      body = g_strdup_printf (_("“%s” is out of stock. Add it anyway?"), name);
    }

  bottega_composer_hide_products (self);

  question = g_new0 (ProductQuestion, 1);
  question->self = g_object_ref (self);
  question->product = g_object_ref (product);
  question->conversation_id = bottega_conversation_get_id (self->conversation);
  question->reopen_picker = reopen_picker;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_product_question_response), question);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_product (BottegaComposer *self,
             BottegaProduct  *product,
             gboolean         reopen_picker)
{
  if (!can_add_products (self))
    {
      if (self->conversation == NULL)
        products_toast (self, _("Open a conversation to send a product"));
      else if (!bottega_composer_in_text_mode (self))
        products_toast (self, _("The 24-hour window is closed: only a template can be sent now"));
      else
        gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (bottega_product_needs_confirmation (product))
    {
      ask_about_product (self, product, reopen_picker);
      return;
    }
  add_product_now (self, product);
}

void
bottega_composer_hide_products (BottegaComposer *self)
{
  if (self->product_picker != NULL && gtk_widget_get_visible (GTK_WIDGET (self->product_picker)))
    gtk_popover_popdown (GTK_POPOVER (self->product_picker));
}

static void
on_product_chosen (BottegaComposer      *self,
                   BottegaProduct       *product,
                   gboolean              keep_open,
                   BottegaProductPicker *picker)
{
  add_product (self, product, keep_open);
}

static void
on_picker_closed (BottegaComposer      *self,
                  BottegaProductPicker *picker)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

/* Ctrl+P or the Products button: the picker above the button, the
 * keyboard in its search. Again: closes it. */
static void
pick_product_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
  graphene_rect_t bounds;

  if (gtk_widget_get_visible (GTK_WIDGET (self->product_picker)))
    {
      bottega_composer_hide_products (self);
      return;
    }
  if (!can_add_products (self))
    return;

  bottega_product_picker_set_catalog (self->product_picker, self->store,
                                      bottega_conversation_get_account_id (self->conversation));
  if (gtk_widget_compute_bounds (self->product_button, widget, &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->product_picker),
                                 &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                   MAX (1, (int) bounds.size.width),
                                                   MAX (1, (int) bounds.size.height) });
  bottega_product_picker_open (self->product_picker, FALSE);
}

/* composer.add-product (x): the product with that local id, as from the
 * picker (the catalog page's "Send in Conversation"). */
static void
add_product_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
  g_autoptr(BottegaProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  product = bottega_store_get_product (self->store, g_variant_get_int64 (parameter), &error);
  if (product == NULL)
    {
      if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read the product: %s", error->message);
      products_toast (self, _("This product is no longer in the catalog"));
      return;
    }

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
  add_product (self, product, FALSE);
}

/* ---- set-up ---- */

void
bottega_composer_class_init_attachments (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, attach_activated);
  gtk_widget_class_install_action (widget_class, "composer.attach-file", "s", attach_file_activated);
  gtk_widget_class_install_action (widget_class, "composer.remove-attachment", "s", remove_attachment_activated);
  gtk_widget_class_install_action (widget_class, "composer.dismiss-problem", NULL, dismiss_problem_activated);
  gtk_widget_class_install_action (widget_class, "composer.pick-product", NULL, pick_product_activated);
  gtk_widget_class_install_action (widget_class, "composer.add-product", "x", add_product_activated);
}

void
bottega_composer_init_attachments (BottegaComposer *self)
{
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkShortcutController *shortcuts;

  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  g_signal_connect_object (self->composer_view, "paste-clipboard", G_CALLBACK (on_paste_clipboard),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->product_picker, "chosen", G_CALLBACK (on_product_chosen),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->product_picker, "closed", G_CALLBACK (on_picker_closed),
                           self, G_CONNECT_SWAPPED);
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>p"),
                                                          gtk_named_action_new ("composer.pick-product")));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));
}
