/* bottega-message-row.c: one message bubble
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-message-row.h"
#include "bottega-text.h"
#include "bottega-window.h"

/* Thumbnails are decoded at most this large (twice the shown size for
 * high-density screens). */
#define THUMBNAIL_SIZE 480

struct _BottegaMessageRow
{
  GtkWidget       parent_instance;

  GtkWidget      *bubble;
  GtkLabel       *sender_label;
  GtkBox         *attachments_box;
  GtkLabel       *content_label;
  GtkWidget      *meta_box;
  GtkLabel       *time_label;
  GtkImage       *status_icon;
  GtkWidget      *error_box;
  GtkLabel       *error_label;

  BottegaMessage *message;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (BottegaMessageRow, bottega_message_row, GTK_TYPE_WIDGET)

static void update_error (BottegaMessageRow *self,
                          BottegaMessage    *message);

/* ---- thumbnails ---- */

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  /* Decoding happens here, off the main thread, and at a bounded size
   * whatever dimensions the file claims. */
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, THUMBNAIL_SIZE, THUMBNAIL_SIZE, TRUE, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
decoded (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot show a picture: %s", error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GCancellable *cancellable;

  file = bottega_media_cache_fetch_finish (BOTTEGA_MEDIA_CACHE (object), result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot fetch a picture: %s", error->message);
      return;
    }

  cancellable = g_object_get_data (G_OBJECT (picture), "cancellable");
  task = g_task_new (NULL, cancellable, decoded, g_object_ref (picture));
  g_task_set_source_tag (task, fetched);
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, decode_thread);
}

static GtkWidget *
image_widget (BottegaMessageRow *self,
              BottegaAttachment *attachment)
{
  GApplication *app = g_application_get_default ();
  GtkWidget *picture = gtk_picture_new ();
  BottegaSyncEngine *engine = NULL;
  const char *name = bottega_attachment_get_file_name (attachment);
  g_autofree char *label = NULL;

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (picture, 240, 180);
  gtk_widget_set_halign (picture, GTK_ALIGN_START);
  gtk_widget_add_css_class (picture, "thumbnail");
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);

  label = name != NULL ? bottega_text_one_line (name, 80) : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL && *label != '\0' ? label : _("Photo"),
                                  -1);

  if (!BOTTEGA_IS_APPLICATION (app))
    return picture;

  engine = bottega_application_get_engine (BOTTEGA_APPLICATION (app),
                                           bottega_message_get_account_id (self->message));
  g_object_set_data_full (G_OBJECT (picture), "cancellable", g_object_ref (self->cancellable), g_object_unref);
  bottega_media_cache_fetch_async (bottega_application_get_media_cache (BOTTEGA_APPLICATION (app)),
                                   engine != NULL ? bottega_sync_engine_get_client (engine) : NULL,
                                   attachment,
                                   bottega_message_get_account_id (self->message),
                                   TRUE, self->cancellable, fetched, g_object_ref (picture));
  return picture;
}

static GtkWidget *
file_widget (BottegaAttachment *attachment)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name_label;
  GtkWidget *size_label;
  g_autofree char *name = bottega_text_one_line (bottega_attachment_get_file_name (attachment), 60);
  g_autofree char *size = g_format_size (MAX (bottega_attachment_get_file_size (attachment), 0));
  const char *type = bottega_attachment_get_file_type (attachment);
  const char *icon = g_strcmp0 (type, "audio") == 0 ? "audio-x-generic-symbolic" :
                     g_strcmp0 (type, "video") == 0 ? "video-x-generic-symbolic" :
                     "x-office-document-symbolic";
  g_autofree char *accessible = NULL;

  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (g_strcmp0 (type, "audio") == 0 ? _("Voice message") : _("File"));
    }

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  name_label = gtk_label_new (name);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  size_label = gtk_label_new (size);
  gtk_label_set_xalign (GTK_LABEL (size_label), 0);
  gtk_widget_add_css_class (size_label, "caption");
  gtk_widget_add_css_class (size_label, "dim-label");
  gtk_box_append (GTK_BOX (labels), name_label);
  gtk_box_append (GTK_BOX (labels), size_label);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_add_css_class (box, "attachment");

  /* Translators: an attached file: its name and size */
  accessible = g_strdup_printf (_("%s, %s"), name, size);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return box;
}

/* ---- the bubble ---- */

static void
clear_attachments (BottegaMessageRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_box))) != NULL)
    gtk_box_remove (self->attachments_box, child);
}

static void
set_status (BottegaMessageRow *self,
            BottegaMessage    *message)
{
  const char *icon = NULL;
  const char *label = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "read");
  if (bottega_message_get_message_type (message) != BOTTEGA_MESSAGE_OUTGOING)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_icon), FALSE);
      return;
    }

  switch (bottega_message_get_status (message))
    {
    case BOTTEGA_MESSAGE_STATUS_QUEUED:
    case BOTTEGA_MESSAGE_STATUS_SENDING:
      icon = "bottega-message-queued-symbolic";
      label = _("Waiting to be sent");
      break;
    case BOTTEGA_MESSAGE_STATUS_SENT:
      icon = "bottega-message-sent-symbolic";
      label = _("Sent");
      break;
    case BOTTEGA_MESSAGE_STATUS_DELIVERED:
      icon = "bottega-message-delivered-symbolic";
      label = _("Delivered");
      break;
    case BOTTEGA_MESSAGE_STATUS_READ:
      icon = "bottega-message-delivered-symbolic";
      label = _("Read");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "read");
      break;
    case BOTTEGA_MESSAGE_STATUS_FAILED:
    default:
      icon = "dialog-warning-symbolic";
      label = _("Not sent");
      break;
    }

  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_icon), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), TRUE);
}

static void
update (BottegaMessageRow *self)
{
  BottegaMessage *message = self->message;
  BottegaMessageType type;
  g_autofree char *content = NULL;
  g_autofree char *time = NULL;
  g_autoptr(GDateTime) when = NULL;
  GListModel *attachments;
  gboolean outgoing;

  static const char * const kinds[] = { "incoming", "outgoing", "activity", "note", NULL };
  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), kinds[i]);

  clear_attachments (self);
  if (message == NULL)
    return;

  type = bottega_message_get_message_type (message);
  outgoing = type == BOTTEGA_MESSAGE_OUTGOING || type == BOTTEGA_MESSAGE_TEMPLATE;

  content = bottega_text_sanitize (bottega_message_get_content (message));
  gtk_label_set_text (self->content_label, content);
  gtk_widget_set_visible (GTK_WIDGET (self->content_label), content[0] != '\0');

  when = g_date_time_new_from_unix_local (bottega_message_get_created_at (message));
  time = when != NULL ? g_date_time_format (when, C_("short time", "%H:%M")) : g_strdup ("");
  gtk_label_set_text (self->time_label, time);

  if (type == BOTTEGA_MESSAGE_ACTIVITY)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "activity");
      gtk_widget_set_halign (self->bubble, GTK_ALIGN_CENTER);
      gtk_widget_set_visible (self->meta_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->sender_label), FALSE);
      gtk_widget_set_visible (self->error_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), FALSE);
      return;
    }

  gtk_widget_set_visible (self->meta_box, TRUE);
  gtk_widget_set_halign (self->bubble, outgoing ? GTK_ALIGN_END : GTK_ALIGN_START);
  if (bottega_message_get_private (message))
    gtk_widget_add_css_class (GTK_WIDGET (self), "note");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), outgoing ? "outgoing" : "incoming");

  if (bottega_message_get_private (message))
    {
      g_autofree char *sender = bottega_text_one_line (bottega_message_get_sender_name (message), 60);
      g_autofree char *heading = g_strdup_printf (_("Private note · %s"), sender);

      gtk_label_set_text (self->sender_label, heading);
      gtk_widget_set_visible (GTK_WIDGET (self->sender_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->sender_label), FALSE);

  attachments = bottega_message_get_attachments (message);
  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(BottegaAttachment) attachment = g_list_model_get_item (attachments, i);

      if (g_strcmp0 (bottega_attachment_get_file_type (attachment), "image") == 0)
        gtk_box_append (self->attachments_box, image_widget (self, attachment));
      else
        gtk_box_append (self->attachments_box, file_widget (attachment));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), g_list_model_get_n_items (attachments) > 0);

  set_status (self, message);

  update_error (self, message);
}

/* A failed reply shows why, and offers Retry. */
static void
update_error (BottegaMessageRow *self,
              BottegaMessage    *message)
{
  const char *error = bottega_message_get_external_error (message);
  gboolean failed = bottega_message_get_status (message) == BOTTEGA_MESSAGE_STATUS_FAILED &&
                    bottega_message_get_message_type (message) == BOTTEGA_MESSAGE_OUTGOING;

  if (failed)
    {
      g_autofree char *reason = bottega_text_one_line (error != NULL ? error : _("The reply was not sent"), 200);
      g_autofree char *text = g_strdup_printf (_("Not sent: %s"), reason);

      gtk_label_set_text (self->error_label, text);
    }
  gtk_widget_set_visible (self->error_box, failed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.retry", failed);
}

static void
retried (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BottegaMessageRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bottega_sync_engine_retry_finish (BOTTEGA_SYNC_ENGINE (object), result, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && BOTTEGA_IS_WINDOW (root))
        {
          g_autofree char *text = g_strdup_printf (_("Could not retry: %s"), error->message);

          bottega_window_toast (BOTTEGA_WINDOW (root), text);
        }
    }
  if (self->message != NULL)
    update_error (self, self->message);
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BottegaMessageRow *self = BOTTEGA_MESSAGE_ROW (widget);
  GApplication *app = g_application_get_default ();
  BottegaSyncEngine *engine;

  if (self->message == NULL || !BOTTEGA_IS_APPLICATION (app))
    return;
  engine = bottega_application_get_engine (BOTTEGA_APPLICATION (app),
                                           bottega_message_get_account_id (self->message));
  if (engine == NULL)
    return;

  gtk_widget_action_set_enabled (widget, "message.retry", FALSE);
  bottega_sync_engine_retry_async (engine, self->message, self->cancellable, retried, g_object_ref (self));
}

/* The store updates a shown message in place: the tick moves from the
 * clock to sent, delivered and read, or to failed with its reason. */
static void
on_message_notify (BottegaMessageRow *self,
                   GParamSpec        *pspec,
                   BottegaMessage    *message)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "status") || g_str_equal (name, "external-error"))
    {
      set_status (self, message);
      update_error (self, message);
    }
  else if (g_str_equal (name, "content"))
    {
      g_autofree char *content = bottega_text_sanitize (bottega_message_get_content (message));

      gtk_label_set_text (self->content_label, content);
      gtk_widget_set_visible (GTK_WIDGET (self->content_label), content[0] != '\0');
    }
}

void
bottega_message_row_set_message (BottegaMessageRow *self,
                                 BottegaMessage    *message)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE_ROW (self));

  if (self->message == message)
    return;

  if (self->message != NULL)
    g_signal_handlers_disconnect_by_func (self->message, on_message_notify, self);
  if (message != NULL)
    g_signal_connect_object (message, "notify", G_CALLBACK (on_message_notify), self, G_CONNECT_SWAPPED);

  /* Rows are recycled: whatever the previous message was loading is moot. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->message, message);
  update (self);
}

static void
bottega_message_row_dispose (GObject *object)
{
  BottegaMessageRow *self = BOTTEGA_MESSAGE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->message != NULL)
    g_signal_handlers_disconnect_by_func (self->message, on_message_notify, self);
  g_clear_object (&self->message);
  g_clear_pointer (&self->bubble, gtk_widget_unparent);

  G_OBJECT_CLASS (bottega_message_row_parent_class)->dispose (object);
}

static void
bottega_message_row_class_init (BottegaMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_message_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, sender_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, content_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, meta_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, error_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, error_label);

  gtk_widget_class_install_action (widget_class, "message.retry", NULL, retry_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
}

static void
bottega_message_row_init (BottegaMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

BottegaMessageRow *
bottega_message_row_new (void)
{
  return g_object_new (BOTTEGA_TYPE_MESSAGE_ROW, NULL);
}
