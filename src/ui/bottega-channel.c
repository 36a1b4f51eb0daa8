/* bottega-channel.c: how a conversation's channel is named and shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-channel.h"

static const struct {
  const char *type;
  const char *name;
  const char *icon_name;
} channels[] = {
  { "Channel::Whatsapp", N_("WhatsApp"), "phone-symbolic" },
  { "Channel::Sms", N_("SMS"), "phone-old-symbolic" },
  { "Channel::TwilioSms", N_("SMS"), "phone-old-symbolic" },
  { "Channel::Email", N_("E-mail"), "mail-unread-symbolic" },
  { "Channel::WebWidget", N_("Website chat"), "web-browser-symbolic" },
  { "Channel::Api", N_("API"), "network-server-symbolic" },
  { "Channel::Telegram", N_("Telegram"), "chat-message-new-symbolic" },
  { "Channel::FacebookPage", N_("Messenger"), "chat-message-new-symbolic" },
  { "Channel::Instagram", N_("Instagram"), "chat-message-new-symbolic" },
  { "Channel::Line", N_("LINE"), "chat-message-new-symbolic" },
  { "Channel::TwitterProfile", N_("Twitter"), "chat-message-new-symbolic" },
};

static int
find_channel (const char *channel_type)
{
  if (channel_type == NULL)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_str_equal (channel_type, channels[i].type))
      return (int) i;

  return -1;
}

const char *
bottega_channel_get_name (const char *channel_type)
{
  int i;

  if (channel_type == NULL || *channel_type == '\0')
    return NULL;

  i = find_channel (channel_type);
  return i >= 0 ? _(channels[i].name) : _("Other channel");
}

const char *
bottega_channel_get_icon_name (const char *channel_type)
{
  int i = find_channel (channel_type);

  return i >= 0 ? channels[i].icon_name : "chat-message-new-symbolic";
}
