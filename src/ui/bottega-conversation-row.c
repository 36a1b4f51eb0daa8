/* bottega-conversation-row.c: one row of the conversation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bottega-conversation-row.h"
#include "bottega-text.h"

struct _BottegaConversationRow
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkLabel            *time_label;
  GtkImage            *channel_icon;
  GtkLabel            *preview_label;
  GtkLabel            *unread_label;

  BottegaConversation *conversation;
};

G_DEFINE_FINAL_TYPE (BottegaConversationRow, bottega_conversation_row, GTK_TYPE_WIDGET)

char *
bottega_format_short_time (gint64 unix_time,
                           gint64 now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  gint64 since_midnight;

  if (unix_time <= 0)
    return g_strdup ("");

  when = g_date_time_new_from_unix_local (unix_time);
  today = g_date_time_new_from_unix_local (now);
  if (when == NULL || today == NULL)
    return g_strdup ("");

  midnight = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                    g_date_time_get_day_of_month (today), 0, 0, 0);
  since_midnight = g_date_time_to_unix (midnight);

  if (unix_time >= since_midnight)
    /* Translators: time of today's messages in the list, see strftime */
    return g_date_time_format (when, C_("short time", "%H:%M"));
  if (unix_time >= since_midnight - 24 * 3600)
    return g_strdup (_("Yesterday"));
  if (unix_time >= since_midnight - 6 * 24 * 3600)
    return g_date_time_format (when, "%a");
  /* Translators: date of older messages in the list, see strftime */
  return g_date_time_format (when, C_("short date", "%x"));
}

static const char *
channel_icon_name (const char *channel)
{
  if (g_strcmp0 (channel, "Channel::Email") == 0)
    return "mail-unread-symbolic";
  if (g_strcmp0 (channel, "Channel::WebWidget") == 0)
    return "web-browser-symbolic";
  return "chat-message-new-symbolic";
}

static void
update (BottegaConversationRow *self)
{
  BottegaConversation *conversation = self->conversation;
  BottegaCustomer *customer;
  BottegaMessage *last;
  g_autofree char *name = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *time = NULL;
  g_autofree char *accessible = NULL;
  const char *draft;
  int unread;

  if (conversation == NULL)
    return;

  customer = bottega_conversation_get_customer (conversation);
  last = bottega_conversation_get_last_message (conversation);
  draft = bottega_conversation_get_draft (conversation);
  unread = bottega_conversation_get_unread_count (conversation);

  name = bottega_text_one_line (customer != NULL ? bottega_customer_get_name (customer) : NULL, 80);
  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup_printf (_("Conversation #%lld"), (long long) bottega_conversation_get_remote_id (conversation));
    }

  if (draft != NULL && draft[0] != '\0')
    {
      g_autofree char *text = bottega_text_one_line (draft, 120);

      /* Translators: the unsent draft in the conversation list */
      preview = g_strdup_printf (_("Draft: %s"), text);
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "draft");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "draft");
      preview = last != NULL ? bottega_text_message_preview (last) : g_strdup ("");
    }

  time = bottega_format_short_time (bottega_conversation_get_last_activity_at (conversation),
                                    g_get_real_time () / G_USEC_PER_SEC);

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->preview_label, preview);
  gtk_label_set_text (self->time_label, time);
  gtk_image_set_from_icon_name (self->channel_icon,
                                channel_icon_name (bottega_conversation_get_channel (conversation)));

  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  if (unread > 0)
    {
      g_autofree char *count = unread >= 10 ? g_strdup ("9+") : g_strdup_printf ("%d", unread);

      gtk_label_set_text (self->unread_label, count);
    }

  if (unread > 0)
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d unread message: %s",
                                               "%s, %d unread messages: %s", unread),
                                  name, unread, preview);
  else
    accessible = g_strdup_printf ("%s: %s", name, preview);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

void
bottega_conversation_row_set_conversation (BottegaConversationRow *self,
                                           BottegaConversation    *conversation)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_ROW (self));

  if (self->conversation == conversation)
    return;

  /* The store updates a listed conversation in place (its last message,
   * draft, unread count): follow it. */
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update, self);
  g_set_object (&self->conversation, conversation);
  if (conversation != NULL)
    g_signal_connect_object (conversation, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
bottega_conversation_row_dispose (GObject *object)
{
  BottegaConversationRow *self = BOTTEGA_CONVERSATION_ROW (object);

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update, self);
  g_clear_object (&self->conversation);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (bottega_conversation_row_parent_class)->dispose (object);
}

static void
bottega_conversation_row_class_init (BottegaConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_conversation_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, unread_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bottega_conversation_row_init (BottegaConversationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BottegaConversationRow *
bottega_conversation_row_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CONVERSATION_ROW, NULL);
}
