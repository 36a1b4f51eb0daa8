/* bottega-sync-actions.h: changing a conversation on the provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-sync-engine.h"

G_BEGIN_DECLS

/* Each action runs in a worker thread: the provider call, then the
 * provider's answer (the conversation as it now is) upserted in the store,
 * so the list and the header follow. Errors are BOTTEGA_PROVIDER_ERROR_* (a
 * network error means nothing changed; the user may try again). */

typedef enum {
  BOTTEGA_CONVERSATION_ACTION_MARK_READ,     /* update_last_seen */
  BOTTEGA_CONVERSATION_ACTION_MARK_UNREAD,   /* …/unread */
  BOTTEGA_CONVERSATION_ACTION_SET_STATUS,    /* toggle_status: status (+ snoozed_until) */
  BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY,  /* toggle_priority: priority or NULL */
  BOTTEGA_CONVERSATION_ACTION_ASSIGN,        /* assignments: assignee_id (0 = unassign) */
  BOTTEGA_CONVERSATION_ACTION_SET_LABELS,    /* labels: the whole set of titles */
} BottegaConversationAction;

typedef struct {
  BottegaConversationAction  action;
  BottegaConversationStatus  status;         /* SET_STATUS */
  gint64                     snoozed_until;  /* SET_STATUS with SNOOZED: epoch seconds */
  const char                *priority;       /* SET_PRIORITY: "low" … "urgent" or NULL */
  gint64                     assignee_id;    /* ASSIGN: remote agent id, 0 = nobody */
  const char * const        *labels;         /* SET_LABELS: NULL-terminated titles */
} BottegaConversationChange;

void     bottega_sync_engine_change_conversation_async  (BottegaSyncEngine               *self,
                                                         BottegaConversation             *conversation,
                                                         const BottegaConversationChange *change,
                                                         GCancellable                    *cancellable,
                                                         GAsyncReadyCallback              callback,
                                                         gpointer                         user_data);
gboolean bottega_sync_engine_change_conversation_finish (BottegaSyncEngine               *self,
                                                         GAsyncResult                    *result,
                                                         GError                         **error);
/* Blocking, for worker threads and the command line. */
gboolean bottega_sync_engine_change_conversation        (BottegaSyncEngine               *self,
                                                         BottegaConversation             *conversation,
                                                         const BottegaConversationChange *change,
                                                         GCancellable                    *cancellable,
                                                         GError                         **error);

G_END_DECLS
