/* bottega-message-row.c: one message bubble
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-attachment-view.h"
#include "bottega-message-row.h"
#include "bottega-text.h"
#include "bottega-window.h"

struct _BottegaMessageRow
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *day_label;
  GtkBox         *line;
  GtkWidget      *bubble;
  GtkLabel       *sender_label;
  GtkWidget      *quote_button;
  GtkLabel       *quote_sender_label;
  GtkLabel       *quote_text_label;
  GtkBox         *attachments_box;
  GtkLabel       *content_label;
  GtkWidget      *meta_box;
  GtkLabel       *time_label;
  GtkImage       *status_icon;
  GtkWidget      *error_box;
  GtkLabel       *error_label;
  GtkWidget      *reply_button;
  GMenuModel     *context_menu;
  GtkWidget      *context_popover;

  BottegaMessage *message;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (BottegaMessageRow, bottega_message_row, GTK_TYPE_WIDGET)

static void update_error (BottegaMessageRow *self,
                          BottegaMessage    *message);

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

/* Who wrote @message, for a quote's heading. */
static char *
author_of (BottegaMessage *message)
{
  const char *name = bottega_message_get_sender_name (message);

  if (name != NULL && *name != '\0')
    return bottega_text_one_line (name, 60);
  if (bottega_message_get_message_type (message) == BOTTEGA_MESSAGE_INCOMING)
    return g_strdup (_("Customer"));
  return g_strdup (_("You"));
}

/* What the quote shows of @message: its first line, or what it carries. */
static char *
excerpt_of (BottegaMessage *message)
{
  g_autofree char *text = bottega_text_one_line (bottega_message_get_content (message), 120);
  GListModel *attachments;

  if (text[0] != '\0')
    return g_steal_pointer (&text);

  attachments = bottega_message_get_attachments (message);
  if (g_list_model_get_n_items (attachments) > 0)
    {
      g_autoptr(BottegaAttachment) attachment = g_list_model_get_item (attachments, 0);
      const char *type = bottega_attachment_get_file_type (attachment);

      if (g_strcmp0 (type, "image") == 0)
        return g_strdup (_("Photo"));
      if (g_strcmp0 (type, "audio") == 0)
        return g_strdup (_("Voice message"));
      if (g_strcmp0 (type, "video") == 0)
        return g_strdup (_("Video"));
      return g_strdup (_("File"));
    }

  return g_strdup (_("Message"));
}

/* A reply shows a small quote of the message it answers; activating it
 * jumps there (conversation.show-quoted, handled by the conversation). */
/* The text, escaped, with web and e-mail addresses and phone links as the
 * only markup (bottega_text_to_markup): a customer's own tags stay text. */
static void
show_content (BottegaMessageRow *self,
              BottegaMessage    *message)
{
  g_autofree char *markup = bottega_text_to_markup (bottega_message_get_content (message));

  gtk_label_set_markup (self->content_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->content_label), markup[0] != '\0');
}

/* Links open only if they are of the kinds bottega_text_to_markup makes;
 * anything else is refused, whatever put it there. */
static gboolean
on_activate_link (BottegaMessageRow *self,
                  const char        *uri,
                  GtkLabel          *label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!bottega_text_link_is_safe (uri))
    {
      g_debug ("A link in a message was not opened: not a kind Bottega opens");
      return TRUE;
    }

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  return TRUE;
}

static void
update_quote (BottegaMessageRow *self,
              BottegaMessage    *message)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(BottegaMessage) quoted = NULL;
  g_autofree char *author = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *accessible = NULL;
  gint64 in_reply_to = bottega_message_get_in_reply_to (message);
  BottegaStore *store = NULL;

  if (in_reply_to <= 0)
    {
      gtk_widget_set_visible (self->quote_button, FALSE);
      return;
    }

  if (BOTTEGA_IS_APPLICATION (app))
    store = bottega_application_get_store (BOTTEGA_APPLICATION (app));
  if (store != NULL)
    quoted = bottega_store_find_message_by_remote_id (store, bottega_message_get_account_id (message),
                                                      in_reply_to, NULL);

  if (quoted != NULL)
    {
      author = author_of (quoted);
      excerpt = excerpt_of (quoted);
    }
  else
    {
      /* Older than what is loaded: the jump fetches it. */
      author = g_strdup (_("Earlier message"));
      excerpt = g_strdup (_("Not loaded yet — show it"));
    }

  gtk_label_set_text (self->quote_sender_label, author);
  gtk_label_set_text (self->quote_text_label, excerpt);
  /* The target first: the action takes one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->quote_button), "x", in_reply_to);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->quote_button), "conversation.show-quoted");
  /* Translators: the accessible name of a quote in a reply: who wrote the
   * quoted message, and its first words */
  accessible = g_strdup_printf (_("In reply to %s: %s"), author, excerpt);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quote_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_visible (self->quote_button, TRUE);
}

/* A message can be quoted once the server holds it. */
static void
update_actions (BottegaMessageRow *self)
{
  BottegaMessage *message = self->message;
  gboolean quotable = message != NULL &&
                      bottega_message_get_remote_id (message) > 0 &&
                      bottega_message_get_message_type (message) != BOTTEGA_MESSAGE_ACTIVITY;
  g_autofree char *content = NULL;

  if (message != NULL)
    content = bottega_text_sanitize (bottega_message_get_content (message));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.reply", quotable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.copy", content != NULL && content[0] != '\0');
  gtk_widget_set_visible (self->reply_button,
                          message != NULL && bottega_message_get_message_type (message) != BOTTEGA_MESSAGE_ACTIVITY);
}

static void
update (BottegaMessageRow *self)
{
  BottegaMessage *message = self->message;
  BottegaMessageType type;
  g_autofree char *time = NULL;
  g_autoptr(GDateTime) when = NULL;
  GListModel *attachments;
  gboolean outgoing;

  static const char * const kinds[] = { "incoming", "outgoing", "activity", "note", NULL };
  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), kinds[i]);

  clear_attachments (self);
  update_actions (self);
  if (message == NULL)
    return;

  type = bottega_message_get_message_type (message);
  outgoing = type == BOTTEGA_MESSAGE_OUTGOING || type == BOTTEGA_MESSAGE_TEMPLATE;

  show_content (self, message);

  when = g_date_time_new_from_unix_local (bottega_message_get_created_at (message));
  time = when != NULL ? g_date_time_format (when, C_("short time", "%H:%M")) : g_strdup ("");
  gtk_label_set_text (self->time_label, time);

  if (type == BOTTEGA_MESSAGE_ACTIVITY)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "activity");
      gtk_widget_set_direction (GTK_WIDGET (self->line), GTK_TEXT_DIR_NONE);
      gtk_widget_set_halign (GTK_WIDGET (self->line), GTK_ALIGN_CENTER);
      gtk_widget_set_visible (self->meta_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->sender_label), FALSE);
      gtk_widget_set_visible (self->quote_button, FALSE);
      gtk_widget_set_visible (self->error_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), FALSE);
      return;
    }

  gtk_widget_set_visible (self->meta_box, TRUE);
  /* The Reply button sits on the side of the bubble facing the middle: the
   * line of an outgoing message is laid out the other way round (so a
   * screen reader still meets the bubble first), and its start is then the
   * far end of the conversation. */
  {
    GtkTextDirection base = gtk_widget_get_default_direction ();
    GtkTextDirection other = base == GTK_TEXT_DIR_RTL ? GTK_TEXT_DIR_LTR : GTK_TEXT_DIR_RTL;

    gtk_widget_set_direction (GTK_WIDGET (self->line), outgoing ? other : base);
    gtk_widget_set_halign (GTK_WIDGET (self->line), GTK_ALIGN_START);
  }

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

  update_quote (self, message);

  attachments = bottega_message_get_attachments (message);
  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(BottegaAttachment) attachment = g_list_model_get_item (attachments, i);

      gtk_box_append (self->attachments_box,
                      GTK_WIDGET (bottega_attachment_view_new (attachment,
                                                               bottega_message_get_account_id (message))));
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

/* Reply: the conversation puts this message in its composer as a quote. */
static void
reply_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BottegaMessageRow *self = BOTTEGA_MESSAGE_ROW (widget);

  if (self->message == NULL)
    return;
  gtk_widget_activate_action (widget, "conversation.reply", "x", bottega_message_get_id (self->message));
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaMessageRow *self = BOTTEGA_MESSAGE_ROW (widget);
  g_autofree char *content = NULL;

  if (self->message == NULL)
    return;
  /* The whole text, also past what the bubble shows. */
  content = bottega_text_sanitize_whole (bottega_message_get_content (self->message));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), content);
}

static void
popup_menu_at (BottegaMessageRow *self,
               double             x,
               double             y)
{
  if (self->message == NULL ||
      bottega_message_get_message_type (self->message) == BOTTEGA_MESSAGE_ACTIVITY)
    return;

  /* Made when first asked for: most bubbles never show their menu, and a
   * popover menu is half of a row's memory. */
  if (self->context_popover == NULL)
    {
      self->context_popover = gtk_popover_menu_new_from_model (self->context_menu);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
      gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
      gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self));
    }

  if (x >= 0 && y >= 0)
    {
      GdkRectangle rect = { (int) x, (int) y, 1, 1 };

      gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover), &rect);
    }
  else
    {
      /* From the keyboard: at the bubble. */
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (self->bubble, GTK_WIDGET (self), &bounds))
        {
          GdkRectangle rect = { (int) bounds.origin.x, (int) bounds.origin.y,
                                (int) bounds.size.width, (int) bounds.size.height };

          gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover), &rect);
        }
      else
        gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover), NULL);
    }
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

/* Shift+F10 or the Menu key (the conversation forwards them to the
 * focused message). */
static void
context_menu_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  popup_menu_at (BOTTEGA_MESSAGE_ROW (widget), -1, -1);
}

static void
on_secondary_click (GtkGestureClick   *gesture,
                    int                n_press,
                    double             x,
                    double             y,
                    BottegaMessageRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

static void
on_long_press (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               BottegaMessageRow   *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
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
      show_content (self, message);
      update_actions (self);
    }
  else if (g_str_equal (name, "remote-id"))
    update_actions (self);
  else if (g_str_equal (name, "in-reply-to"))
    update_quote (self, message);
}

void
bottega_message_row_set_message (BottegaMessageRow *self,
                                 BottegaMessage    *message)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || BOTTEGA_IS_MESSAGE (message));

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

  if (self->context_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->context_popover));
  bottega_message_row_set_highlighted (self, FALSE);

  g_set_object (&self->message, message);
  update (self);
}

BottegaMessage *
bottega_message_row_get_message (BottegaMessageRow *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

void
bottega_message_row_set_day (BottegaMessageRow *self,
                             const char        *day)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE_ROW (self));

  if (day == NULL || *day == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->day_label), FALSE);
      return;
    }

  if (g_strcmp0 (gtk_label_get_text (self->day_label), day) != 0)
    gtk_label_set_text (self->day_label, day);
  gtk_widget_set_visible (GTK_WIDGET (self->day_label), TRUE);
}

void
bottega_message_row_set_highlighted (BottegaMessageRow *self,
                                     gboolean           highlighted)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE_ROW (self));

  if (highlighted)
    gtk_widget_add_css_class (self->bubble, "highlight");
  else
    gtk_widget_remove_css_class (self->bubble, "highlight");
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
  g_clear_pointer (&self->context_popover, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (bottega_message_row_parent_class)->dispose (object);
}

static void
bottega_message_row_class_init (BottegaMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_message_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, box);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, day_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, line);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, sender_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, quote_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, quote_sender_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, quote_text_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, content_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, meta_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, error_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, reply_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaMessageRow, context_menu);

  gtk_widget_class_install_action (widget_class, "message.retry", NULL, retry_activated);
  gtk_widget_class_install_action (widget_class, "message.reply", NULL, reply_activated);
  gtk_widget_class_install_action (widget_class, "message.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "message.context-menu", NULL, context_menu_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "message.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "message.context-menu", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
}

static void
bottega_message_row_init (BottegaMessageRow *self)
{
  GtkGesture *click;
  GtkGesture *long_press;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->content_label, "activate-link", G_CALLBACK (on_activate_link), self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_long_press), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (long_press));

  update_actions (self);
}

BottegaMessageRow *
bottega_message_row_new (void)
{
  return g_object_new (BOTTEGA_TYPE_MESSAGE_ROW, NULL);
}
