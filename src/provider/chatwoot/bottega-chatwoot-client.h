/* bottega-chatwoot-client.h: the Chatwoot Application API over libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bottega-core.h"
#include "bottega-chatwoot-parse.h"
#include "bottega-provider-error.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CHATWOOT_CLIENT (bottega_chatwoot_client_get_type ())
G_DECLARE_FINAL_TYPE (BottegaChatwootClient, bottega_chatwoot_client, BOTTEGA, CHATWOOT_CLIENT, GObject)

/* One client (one SoupSession) per account. @base_url must be https://, or
 * http:// to a loopback address; otherwise NULL and INSECURE_URL.
 * @remote_account_id may be 0 until the profile has been read. @account_id is
 * the local rowid copied into parsed models. The client is created on one
 * thread and its blocking calls may then be made from any worker thread
 * (libsoup ≥ 3.2); the _async forms run the blocking ones in a GTask thread,
 * so responses are parsed off the main thread. The token is never logged. */
BottegaChatwootClient *bottega_chatwoot_client_new (const char  *base_url,
                                                    const char  *token,
                                                    gint64       remote_account_id,
                                                    gint64       account_id,
                                                    GError     **error);
const char *bottega_chatwoot_client_get_base_url          (BottegaChatwootClient *self);
void        bottega_chatwoot_client_set_token             (BottegaChatwootClient *self, const char *token);
gint64      bottega_chatwoot_client_get_remote_account_id (BottegaChatwootClient *self);
void        bottega_chatwoot_client_set_remote_account_id (BottegaChatwootClient *self, gint64 remote_account_id);
/* Per-request timeout in seconds (default 30). */
void        bottega_chatwoot_client_set_timeout           (BottegaChatwootClient *self, guint seconds);

/* ---- blocking calls (never on the main thread) ---- */

BottegaChatwootProfile *bottega_chatwoot_client_get_profile (BottegaChatwootClient *self, GCancellable *cancellable, GError **error);
GPtrArray *bottega_chatwoot_client_list_inboxes          (BottegaChatwootClient *self, GCancellable *cancellable, GError **error);
GPtrArray *bottega_chatwoot_client_list_labels           (BottegaChatwootClient *self, GCancellable *cancellable, GError **error);
GPtrArray *bottega_chatwoot_client_list_agents           (BottegaChatwootClient *self, GCancellable *cancellable, GError **error);
GPtrArray *bottega_chatwoot_client_list_canned_responses (BottegaChatwootClient *self, GCancellable *cancellable, GError **error);

typedef struct {
  const char *status;          /* "open", "pending", "resolved", "snoozed", "all"; NULL = server default (open) */
  const char *assignee_type;   /* "me", "unassigned", "assigned", "all"; NULL = none */
  guint       page;            /* 1-based; 0 = omit */
  gint64      updated_within;  /* seconds; < 0 = omit (then the list is unpaginated) */
} BottegaChatwootConversationQuery;

BottegaChatwootConversationPage *
           bottega_chatwoot_client_list_conversations (BottegaChatwootClient *self,
                                                       const BottegaChatwootConversationQuery *query,
                                                       GCancellable *cancellable, GError **error);
BottegaConversation *bottega_chatwoot_client_get_conversation (BottegaChatwootClient *self, gint64 display_id,
                                                               GCancellable *cancellable, GError **error);
/* @status: "open", "resolved", "pending", "snoozed"; @snoozed_until epoch or 0.
 * Returns the status the server reports. */
char      *bottega_chatwoot_client_toggle_status    (BottegaChatwootClient *self, gint64 display_id,
                                                     const char *status, gint64 snoozed_until,
                                                     GCancellable *cancellable, GError **error);
BottegaConversation *bottega_chatwoot_client_update_last_seen (BottegaChatwootClient *self, gint64 display_id,
                                                               GCancellable *cancellable, GError **error);
/* POST …/unread: the conversation as the server now has it (unread again
 * from its last incoming message). */
BottegaConversation *bottega_chatwoot_client_mark_unread      (BottegaChatwootClient *self, gint64 display_id,
                                                               GCancellable *cancellable, GError **error);
/* POST …/toggle_priority: @priority "low", "medium", "high", "urgent", or
 * NULL to clear it. The server answers with an empty 200. */
gboolean   bottega_chatwoot_client_toggle_priority  (BottegaChatwootClient *self, gint64 display_id,
                                                     const char *priority,
                                                     GCancellable *cancellable, GError **error);
/* POST …/assignments: @assignee_id a remote agent id, 0 unassigns. */
gboolean   bottega_chatwoot_client_assign           (BottegaChatwootClient *self, gint64 display_id,
                                                     gint64 assignee_id,
                                                     GCancellable *cancellable, GError **error);
/* POST …/labels: replaces the whole set with @labels (NULL-terminated
 * titles; NULL or empty clears it). Returns the titles the server now holds. */
GStrv      bottega_chatwoot_client_set_labels       (BottegaChatwootClient *self, gint64 display_id,
                                                     const char * const *labels,
                                                     GCancellable *cancellable, GError **error);
/* Ascending. @before / @after are message ids, 0 = omit. */
GPtrArray *bottega_chatwoot_client_list_messages    (BottegaChatwootClient *self, gint64 display_id,
                                                     gint64 before, gint64 after,
                                                     GCancellable *cancellable, GError **error);

typedef struct {
  const char  *content;
  gboolean     is_private;
  const char  *echo_id;
  gint64       in_reply_to;             /* 0 = none */
  const char  *template_params;         /* JSON object text or NULL */
  const char * const *attachment_paths; /* NULL-terminated; non-empty → multipart */
} BottegaChatwootOutgoing;

/* POST …/messages: JSON, or multipart with attachments[] when there are
 * files. A TIMEOUT or NETWORK error after the request was written means the
 * outcome is unknown (the server may hold the message). */
BottegaMessage *bottega_chatwoot_client_create_message (BottegaChatwootClient *self, gint64 display_id,
                                                        const BottegaChatwootOutgoing *outgoing,
                                                        GCancellable *cancellable, GError **error);
/* POST …/messages/{id}/retry: the server resets a failed message to sent,
 * clears its content_attributes and queues it again. Returns the message as
 * the server now has it (a WhatsApp message outside the 24-hour window
 * comes back failed again). */
BottegaMessage *bottega_chatwoot_client_retry_message  (BottegaChatwootClient *self, gint64 display_id,
                                                        gint64 message_id,
                                                        GCancellable *cancellable, GError **error);
/* Fetches an attachment's bytes (following redirects, no auth header on
 * other hosts), refusing more than @max_size bytes with TOO_LARGE. */
GBytes    *bottega_chatwoot_client_download         (BottegaChatwootClient *self, const char *url,
                                                     gsize max_size, GCancellable *cancellable, GError **error);

/* ---- async forms for the main thread (the blocking call in a GTask thread) ---- */

void                    bottega_chatwoot_client_get_profile_async  (BottegaChatwootClient *self, GCancellable *cancellable,
                                                                    GAsyncReadyCallback callback, gpointer user_data);
BottegaChatwootProfile *bottega_chatwoot_client_get_profile_finish (BottegaChatwootClient *self, GAsyncResult *result, GError **error);
void       bottega_chatwoot_client_download_async   (BottegaChatwootClient *self, const char *url, gsize max_size,
                                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GBytes    *bottega_chatwoot_client_download_finish  (BottegaChatwootClient *self, GAsyncResult *result, GError **error);

/* Progress of a streamed download: @received bytes so far, of @total
 * (-1 when the server did not say). Called on the downloading thread. */
typedef void (*BottegaChatwootProgressFunc) (goffset  received,
                                             goffset  total,
                                             gpointer user_data);

/* Like bottega_chatwoot_client_download, but writes the bytes to @output as
 * they arrive, calling @progress (may be NULL) after each chunk. Refuses more
 * than @max_size bytes with TOO_LARGE; @output then holds a partial file the
 * caller throws away. Blocking: call it from a thread. */
gboolean   bottega_chatwoot_client_download_to_stream (BottegaChatwootClient        *self,
                                                       const char                   *url,
                                                       gsize                         max_size,
                                                       GOutputStream                *output,
                                                       BottegaChatwootProgressFunc   progress,
                                                       gpointer                      progress_data,
                                                       GCancellable                 *cancellable,
                                                       GError                      **error);

G_END_DECLS
