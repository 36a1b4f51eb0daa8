/* bottega-sync-engine.h: pulls from the provider, pushes the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-chatwoot-client.h"
#include "bottega-store.h"
#include "bottega-sync-error.h"

G_BEGIN_DECLS

typedef enum {
  BOTTEGA_SYNC_STATE_IDLE,        /* not started */
  BOTTEGA_SYNC_STATE_SYNCING,
  BOTTEGA_SYNC_STATE_ONLINE,      /* the last exchange with the server worked */
  BOTTEGA_SYNC_STATE_OFFLINE,     /* the server cannot be reached: backing off */
  BOTTEGA_SYNC_STATE_NEEDS_AUTH,  /* the server refused the token */
} BottegaSyncState;

typedef struct {
  guint conversations;   /* conversations written */
  guint messages;        /* messages written */
  guint sent;            /* outbox replies delivered */
  guint failed;          /* outbox replies the server refused */
  guint queued;          /* replies still waiting */
} BottegaSyncStats;

#define BOTTEGA_TYPE_SYNC_ENGINE (bottega_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (BottegaSyncEngine, bottega_sync_engine, BOTTEGA, SYNC_ENGINE, GObject)

BottegaSyncEngine *bottega_sync_engine_new (BottegaStore          *store,
                                            BottegaAccount        *account,
                                            BottegaChatwootClient *client);

BottegaAccount    *bottega_sync_engine_get_account (BottegaSyncEngine *self);
BottegaChatwootClient *bottega_sync_engine_get_client (BottegaSyncEngine *self);
BottegaStore      *bottega_sync_engine_get_store   (BottegaSyncEngine *self);
BottegaSyncState   bottega_sync_engine_get_state   (BottegaSyncEngine *self);
/* A one-line, user-readable reason for OFFLINE / NEEDS_AUTH, or NULL. */
const char        *bottega_sync_engine_get_last_error (BottegaSyncEngine *self);

/* Blocking (worker threads, the command line). Pull: reference data, then the
 * initial sync (every conversation, newest first, with its latest messages)
 * or the incremental one (updated_within since the persisted last sync plus a
 * generous margin, then messages?after= per changed conversation). Each page
 * is one store transaction. */
gboolean bottega_sync_engine_pull (BottegaSyncEngine *self, BottegaSyncStats *stats,
                                   GCancellable *cancellable, GError **error);
/* Drains the outbox once, oldest first, with the unknown-outcome rule: a
 * reply whose earlier attempt may have reached the server is looked for on
 * the server before it is sent again. Stops at the first transient error. */
gboolean bottega_sync_engine_push (BottegaSyncEngine *self, BottegaSyncStats *stats,
                                   GCancellable *cancellable, GError **error);
/* Loads older messages of a conversation (before the oldest known). */
gboolean bottega_sync_engine_backfill (BottegaSyncEngine *self, gint64 conversation_id,
                                       GCancellable *cancellable, GError **error);

/* Loads older messages in a worker thread. */
void     bottega_sync_engine_backfill_async  (BottegaSyncEngine *self, gint64 conversation_id,
                                              GCancellable *cancellable, GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean bottega_sync_engine_backfill_finish (BottegaSyncEngine *self, GAsyncResult *result,
                                              GError **error);

/* The Retry action on a failed reply: one the server refused goes back to
 * the outbox; one the provider failed after taking it (e.g. WhatsApp's
 * 24-hour window) is retried on the server. */
void     bottega_sync_engine_retry_async  (BottegaSyncEngine *self, BottegaMessage *message,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean bottega_sync_engine_retry_finish (BottegaSyncEngine *self, GAsyncResult *result,
                                           GError **error);

/* Pull then push, in a worker thread. */
void     bottega_sync_engine_sync_async  (BottegaSyncEngine *self, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
gboolean bottega_sync_engine_sync_finish (BottegaSyncEngine *self, GAsyncResult *result,
                                          BottegaSyncStats *stats, GError **error);

/* Running mode (the app): syncs now, pushes whenever the outbox changes,
 * pulls every @poll_seconds, and backs off exponentially while offline or
 * rate limited. Properties "state" and "last-error" notify on the main
 * context. */
void     bottega_sync_engine_start (BottegaSyncEngine *self, guint poll_seconds);
void     bottega_sync_engine_stop  (BottegaSyncEngine *self);
/* Asks for a sync as soon as possible (coalesced with a running one). */
void     bottega_sync_engine_kick  (BottegaSyncEngine *self);
/* TRUE while the realtime websocket is subscribed (no polling then). */
gboolean bottega_sync_engine_get_realtime_connected (BottegaSyncEngine *self);
/* Replaces the token after NEEDS_AUTH and resumes. */
void     bottega_sync_engine_set_token (BottegaSyncEngine *self, const char *token);

G_END_DECLS
