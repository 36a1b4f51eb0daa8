/* bottega-sandbox.h: an embedded Chatwoot server over a seeded demo shop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_SANDBOX (bottega_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (BottegaSandbox, bottega_sandbox, BOTTEGA, SANDBOX, GObject)

/* A SoupServer on 127.0.0.1 speaking the Chatwoot Application API as
 * shared/contracts/chatwoot-api.md describes it, quirks included. It runs on
 * a thread of its own (its own GMainContext), so blocking clients on any
 * other thread, including the caller's, can talk to it. All functions here
 * are thread-safe.
 *
 * @state_path: a JSON file the shop is loaded from and saved to after every
 * change (atomically), so a restarted sandbox keeps its state; NULL keeps
 * everything in memory. A new shop is seeded deterministically. */
BottegaSandbox *bottega_sandbox_new        (const char *state_path, GError **error);
/* @port 0 lets the system choose. */
gboolean        bottega_sandbox_start      (BottegaSandbox *self, guint port, GError **error);
void            bottega_sandbox_stop       (BottegaSandbox *self);
/* "http://127.0.0.1:PORT" (no trailing slash); valid after start. */
const char     *bottega_sandbox_get_url    (BottegaSandbox *self);
/* The agent's api_access_token. */
const char     *bottega_sandbox_get_token  (BottegaSandbox *self);
/* The (first) account id of the profile. */
gint64          bottega_sandbox_get_account_id (BottegaSandbox *self);

/* Demo mode: now and then (every 40–90 s) a customer writes. */
void            bottega_sandbox_set_demo_mode (BottegaSandbox *self, gboolean demo);
/* What demo mode does at each tick, right now: the customer of a random open
 * conversation writes a short line in their language. Returns the new
 * message id, 0 when no conversation is open. */
gint64          bottega_sandbox_demo_tick     (BottegaSandbox *self);

/* ---- test hooks ---- */

/* The next @count requests (any authenticated API path) are answered with
 * @status: 429 as text/plain "Retry later\n" with no Retry-After, 5xx and
 * others with Chatwoot's JSON error body. */
void   bottega_sandbox_fail_next            (BottegaSandbox *self, guint status, guint count);
/* The next @count API responses have a 200 status and a truncated JSON body. */
void   bottega_sandbox_malformed_next       (BottegaSandbox *self, guint count);
/* Replaces the valid token (the old one then answers 401). */
void   bottega_sandbox_set_token            (BottegaSandbox *self, const char *token);
/* A second account in the profile (for account pickers). */
void   bottega_sandbox_add_account          (BottegaSandbox *self, const char *name);
/* A customer writes into a conversation; returns the new message id. Bumps
 * the conversation's updated_at / last_activity_at and unread count. */
gint64 bottega_sandbox_add_incoming_message (BottegaSandbox *self, gint64 display_id, const char *content);
/* Messages of a conversation whose content equals @content (any type). */
guint  bottega_sandbox_count_messages       (BottegaSandbox *self, gint64 display_id, const char *content);
/* Every message of a conversation, ascending, as the REST message objects. */
JsonNode *bottega_sandbox_dump_messages     (BottegaSandbox *self, gint64 display_id);
guint  bottega_sandbox_get_n_conversations  (BottegaSandbox *self);
/* Total requests served (for tests that check "a second sync changes nothing"
 * without timing). */
guint  bottega_sandbox_get_request_count    (BottegaSandbox *self);

/* ---- realtime and faults (issue 3) ----
 *
 * /cable speaks ActionCable (contracts/chatwoot-api.md §6): welcome, a ping
 * every 3 s, RoomChannel subscriptions confirmed only for the profile's
 * pubsub_token + user_id (otherwise no answer at all), presence.update in
 * answer to update_presence, and every change of the shop broadcast to the
 * subscribers as the real server does: message.created (with echo_id when
 * the create request had one) and message.updated (status receipts:
 * outgoing WhatsApp messages go sent → delivered → read a few seconds
 * later in demo mode), conversation.created / .updated / .status_changed,
 * assignee.changed, contact.created / .updated. */

/* Every API response is delayed by @ms (0: none). */
void     bottega_sandbox_set_latency          (BottegaSandbox *self, guint ms);
/* The next @count message creations (POST …/messages) are committed and
 * broadcast, then the connection is closed without a response. */
void     bottega_sandbox_drop_after_commit_next (BottegaSandbox *self, guint count);
/* From now on each message creation is, at random (seeded, reproducible),
 * dropped after commit with probability @drop_rate, or answered 500
 * without being created with probability @error_rate. 0, 0 turns it off. */
void     bottega_sandbox_set_post_faults      (BottegaSandbox *self, double drop_rate,
                                               double error_rate, guint32 seed);
/* For @seconds every API request is answered 429 ("Retry later\n",
 * text/plain, no Retry-After), as rack-attack does. */
void     bottega_sandbox_rate_limit_for       (BottegaSandbox *self, guint seconds);
/* Closes every /cable connection now; for @refuse_seconds new websocket
 * handshakes are refused (503). */
void     bottega_sandbox_drop_websockets      (BottegaSandbox *self, guint refuse_seconds);
guint    bottega_sandbox_get_n_websockets     (BottegaSandbox *self);
/* Stops listening and starts again on the same port with the same shop
 * (in memory and on disk): what a server restart looks like to clients. */
gboolean bottega_sandbox_restart              (BottegaSandbox *self, GError **error);
/* Sets a message's delivery status ("delivered", "read", "failed" with
 * @external_error) and broadcasts message.updated. */
void     bottega_sandbox_set_message_status   (BottegaSandbox *self, gint64 message_id,
                                               const char *status, const char *external_error);

/* The same controls over HTTP for tests that run `bottegactl sandbox` in
 * another process, under /_sandbox/ (authenticated with the agent token;
 * not part of Chatwoot's API):
 *   POST /_sandbox/incoming       {"conversation_id":N,"content":"…"} → {"id":M}
 *   POST /_sandbox/websockets/drop {"refuse_seconds":S}
 *   POST /_sandbox/faults         {"latency_ms","fail_status","fail_count","drop_after_commit",
 *                                  "drop_rate","error_rate","seed","rate_limit_seconds"}
 *   GET  /_sandbox/messages?conversation_id=N&content=… → {"count":K} */

/* ---- the product catalog, as Meta's Graph catalog API ----
 *
 * GET {url}/graph/{version}/{catalog-id}/products with `fields`, `limit`
 * (at most 100) and `after` cursor paging (paging.cursors and paging.next
 * as Graph has them), the token as a bearer or `access_token`, and Graph
 * error bodies: no token 104, a wrong token 190 (OAuthException), an
 * unknown catalog 100 (GraphMethodException). The demo catalog has more
 * than 60 products (models in several colours) with euro prices; each has
 * a PNG at {url}/graph/catalog-images/{retailer-id}.png, served without a
 * token. The catalog id and token are fixed: the app's demo account uses
 * them (bottega-catalog-graph.h repeats them). */
#define BOTTEGA_SANDBOX_CATALOG_ID     "780014455512960"
#define BOTTEGA_SANDBOX_CATALOG_TOKEN  "EAABottegaDemoCatalogToken"

/* "http://127.0.0.1:PORT/graph/v23.0"; valid after start. */
char  *bottega_sandbox_dup_graph_url             (BottegaSandbox *self);
guint  bottega_sandbox_get_catalog_size          (BottegaSandbox *self);
/* Graph API requests served (images not counted). */
guint  bottega_sandbox_get_catalog_request_count (BottegaSandbox *self);
/* After @after more Graph requests are served, the next @count are
 * answered with the Graph error @graph_code: 190 an expired token (400),
 * 2 a transient server error (500), 4 the request limit (403), others a
 * 400 "(#code) …". */
void   bottega_sandbox_catalog_fail              (BottegaSandbox *self, guint after, guint count,
                                                  guint graph_code);

G_END_DECLS
