/* bottega-chatwoot-realtime.h: Chatwoot's ActionCable websocket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bottega-core.h"
#include "bottega-provider-error.h"

G_BEGIN_DECLS

typedef enum {
  BOTTEGA_REALTIME_DISCONNECTED,  /* stopped, or waiting to reconnect */
  BOTTEGA_REALTIME_CONNECTING,    /* socket opening or subscription not confirmed yet */
  BOTTEGA_REALTIME_CONNECTED,     /* RoomChannel subscription confirmed */
} BottegaRealtimeState;

#define BOTTEGA_TYPE_CHATWOOT_REALTIME (bottega_chatwoot_realtime_get_type ())
G_DECLARE_FINAL_TYPE (BottegaChatwootRealtime, bottega_chatwoot_realtime, BOTTEGA, CHATWOOT_REALTIME, GObject)

/* The ActionCable client of contracts/chatwoot-api.md §6 over libsoup's
 * WebSocket: wss:// (ws:// for loopback) <base_url>/cable, subprotocol
 * actioncable-v1-json; subscribes to RoomChannel with the profile's
 * pubsub_token, the remote account id and the user id; sends
 * update_presence every presence interval; treats the connection as dead
 * after the dead interval without a frame (the server pings every 3 s);
 * a subscription not confirmed within the confirm timeout is an auth
 * failure ("auth-failed", no automatic reconnect). Otherwise it reconnects
 * forever with exponential backoff and jitter until stopped.
 *
 * It lives on the thread-default main context of the caller of _new; all
 * signals are emitted there. Events are filtered on data.account_id.
 * @account_id (local rowid) is copied into parsed models. */
BottegaChatwootRealtime *bottega_chatwoot_realtime_new (const char *base_url,
                                                        const char *pubsub_token,
                                                        gint64      remote_account_id,
                                                        gint64      user_id,
                                                        gint64      account_id);

void                 bottega_chatwoot_realtime_start           (BottegaChatwootRealtime *self);
void                 bottega_chatwoot_realtime_stop            (BottegaChatwootRealtime *self);
/* Drops the current connection and connects again at once (e.g. when the
 * network came back). */
void                 bottega_chatwoot_realtime_reconnect       (BottegaChatwootRealtime *self);
BottegaRealtimeState bottega_chatwoot_realtime_get_state       (BottegaChatwootRealtime *self);
void                 bottega_chatwoot_realtime_set_pubsub_token (BottegaChatwootRealtime *self,
                                                                const char              *pubsub_token);

/* For tests; defaults 20000, 10000, 10000, 1000, 60000 ms. */
void bottega_chatwoot_realtime_set_timings (BottegaChatwootRealtime *self,
                                            guint                    presence_ms,
                                            guint                    dead_after_ms,
                                            guint                    confirm_timeout_ms,
                                            guint                    backoff_min_ms,
                                            guint                    backoff_max_ms);

/* Signals:
 *   "connected"     ()                        subscription confirmed (every (re)connect)
 *   "disconnected"  (GError *reason)          lost; a reconnect is scheduled
 *   "auth-failed"   ()                        subscription never confirmed; stopped
 *   "message"       (BottegaMessage *, const char *event)       message.created / message.updated
 *   "conversation"  (BottegaConversation *, const char *event)  conversation.created / .updated /
 *                                                               .status_changed / .read / assignee.changed / …
 *   "contact"       (BottegaCustomer *, const char *event)      contact.created / .updated / .merged / .deleted
 *   "event"         (const char *name, JsonNode *data)          every event of this account, raw
 * Property "state" (BottegaRealtimeState as int), notify on change. */

/* The frames, public for tests and fuzzing: parses one server frame;
 * returns the event name and data (for "message" frames of our identifier)
 * or NULL for welcome / ping / confirm_subscription / other frames, setting
 * @type to the frame's "type" when it has one. Malformed JSON is an error. */
char *bottega_chatwoot_realtime_parse_frame (const char  *text,
                                             gsize        length,
                                             char       **type,
                                             JsonNode   **data,
                                             GError     **error);

G_END_DECLS
