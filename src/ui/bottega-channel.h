/* bottega-channel.h: how a conversation's channel is named and shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-core.h"

G_BEGIN_DECLS

/* The translated name of a Chatwoot channel type ("Channel::Whatsapp" →
 * "WhatsApp"), "Other channel" for a type Bottega does not know, NULL for
 * none. */
const char *bottega_channel_get_name      (const char *channel_type);

/* A symbolic icon for the channel type, never NULL. */
const char *bottega_channel_get_icon_name (const char *channel_type);

G_END_DECLS
