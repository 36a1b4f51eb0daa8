/* bottega-chatwoot-realtime-private.h: internals of the realtime client, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-chatwoot-realtime.h"

G_BEGIN_DECLS

/* The RoomChannel identifier sent in the subscribe command, compared
 * byte-for-byte with the identifiers of incoming frames. It holds the
 * pubsub token: never log it. */
const char *bottega_chatwoot_realtime_get_identifier (BottegaChatwootRealtime *self);

/* Handles one text frame exactly as if it had arrived on the socket:
 * parsing, the identifier and account checks, and the signals. Frames that
 * need a connection (welcome, confirm_subscription) do nothing without
 * one. */
void        bottega_chatwoot_realtime_handle_frame   (BottegaChatwootRealtime *self,
                                                      const char              *text,
                                                      gsize                    length);

G_END_DECLS
