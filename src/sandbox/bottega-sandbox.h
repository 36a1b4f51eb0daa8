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

G_END_DECLS
