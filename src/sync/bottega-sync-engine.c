/* bottega-sync-engine.c: pulls from the provider, pushes the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-catalog-sync.h"
#include "bottega-chatwoot-realtime.h"
#include "bottega-sync-engine.h"

/* Chatwoot's page sizes (contracts/chatwoot-api.md §2, §3). */
#define CONVERSATIONS_PER_PAGE 25
#define LATEST_MESSAGES        20
#define AFTER_MESSAGES         100

/* Added to "seconds since the last sync" for updated_within: missing an
 * update is worse than fetching one twice (clock skew, late commits). */
#define SYNC_MARGIN_SECONDS    900

/* How far back from an attempt to look for a reply that may have reached
 * the server (covers clock skew between us and the server). */
#define ECHO_WINDOW_SECONDS    900
#define ECHO_MAX_PAGES         10

#define MAX_BACKOFF_SECONDS    300

/* Reference data (inboxes, labels, agents, canned responses) is pulled on
 * the first sync, on every realtime (re)connect and at least this often. */
#define REFERENCE_MAX_AGE_SECONDS 600

/* Consecutive failures before the window says "offline": one lost request
 * is not an outage worth a banner. */
#define OFFLINE_AFTER_FAILURES 2

/* A realtime subscription refused this often: stay with polling. */
#define MAX_REALTIME_AUTH_FAILURES 3

struct _BottegaSyncEngine
{
  GObject                parent_instance;

  BottegaStore          *store;
  BottegaAccount        *account;
  BottegaChatwootClient *client;

  BottegaSyncState       state;
  char                  *last_error;

  /* Written by the sync thread, read on the main thread after it. */
  char                  *pubsub_token;
  gint64                 user_id;
  int                    reference_due;   /* atomic */
  gint64                 reference_pulled_at;

  /* running mode; main thread only */
  gboolean               running;
  gboolean               in_flight;
  gboolean               again;
  guint                  poll_seconds;
  guint                  backoff_level;
  guint                  failures;
  guint                  timeout_id;
  GCancellable          *cancellable;
  BottegaChatwootRealtime *realtime;
  gboolean               realtime_up;
  guint                  realtime_auth_failures;
  GNetworkMonitor       *monitor;
};

G_DEFINE_FINAL_TYPE (BottegaSyncEngine, bottega_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule (BottegaSyncEngine *self, guint seconds);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_state (BottegaSyncEngine *self,
           BottegaSyncState   state,
           const char        *last_error)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->last_error, last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
}

/* ---- pull ---- */

static gint64
account_id (BottegaSyncEngine *self)
{
  return bottega_account_get_id (self->account);
}

static gboolean
pull_reference (BottegaSyncEngine  *self,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (account_id (self));
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) canned = NULL;

  if (!(inboxes = bottega_chatwoot_client_list_inboxes (self->client, cancellable, error)) ||
      !(labels = bottega_chatwoot_client_list_labels (self->client, cancellable, error)) ||
      !(agents = bottega_chatwoot_client_list_agents (self->client, cancellable, error)) ||
      !(canned = bottega_chatwoot_client_list_canned_responses (self->client, cancellable, error)))
    return FALSE;

  for (guint i = 0; i < inboxes->len; i++)
    bottega_store_batch_add_inbox (batch, g_ptr_array_index (inboxes, i));
  for (guint i = 0; i < labels->len; i++)
    bottega_store_batch_add_label (batch, g_ptr_array_index (labels, i));
  for (guint i = 0; i < agents->len; i++)
    bottega_store_batch_add_agent (batch, g_ptr_array_index (agents, i));
  for (guint i = 0; i < canned->len; i++)
    bottega_store_batch_add_canned_response (batch, g_ptr_array_index (canned, i));
  bottega_store_batch_set_replace_reference (batch, TRUE);

  return bottega_store_write_batch (self->store, batch, cancellable, error);
}

/* The highest remote id of a page of messages (the server sorts them, but
 * a page is not trusted to). */
static gint64
newest_remote_id (GPtrArray *messages)
{
  gint64 newest = 0;

  for (guint i = 0; i < messages->len; i++)
    newest = MAX (newest, bottega_message_get_remote_id (g_ptr_array_index (messages, i)));
  return newest;
}

/* The newest message id up to which a conversation's history is known
 * without a gap. Only pulls move it: a message that arrived over the
 * websocket is stored at once, but does not prove that nothing before it
 * was missed. */
static char *
cursor_key (gint64 display_id)
{
  return g_strdup_printf ("after:%" G_GINT64_FORMAT, display_id);
}

static gint64
get_cursor (BottegaSyncEngine *self,
            gint64             display_id,
            gint64             conversation_id)
{
  g_autofree char *key = cursor_key (display_id);
  g_autofree char *value = bottega_store_get_sync_value (self->store, account_id (self), key);

  if (value != NULL)
    return g_ascii_strtoll (value, NULL, 10);
  /* A store from before cursors: its messages came from pulls only. */
  return conversation_id != 0 ? bottega_store_newest_remote_message (self->store, conversation_id) : 0;
}

static void
set_cursor (BottegaStoreBatch *batch,
            gint64             display_id,
            gint64             newest)
{
  g_autofree char *key = cursor_key (display_id);
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, newest);

  bottega_store_batch_set_sync_value (batch, key, value);
}

/* Adds to @batch the messages of @remote the store does not have yet. */
static gboolean
pull_messages (BottegaSyncEngine    *self,
               BottegaStoreBatch    *batch,
               BottegaConversation  *remote,
               BottegaSyncStats     *stats,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(BottegaConversation) local = NULL;
  gint64 display_id = bottega_conversation_get_remote_id (remote);
  BottegaMessage *last = bottega_conversation_get_last_message (remote);
  gint64 newest;

  local = bottega_store_find_conversation (self->store, account_id (self), display_id, NULL);
  newest = get_cursor (self, display_id, local != NULL ? bottega_conversation_get_id (local) : 0);

  if (newest == 0)
    {
      g_autoptr(GPtrArray) messages = NULL;

      messages = bottega_chatwoot_client_list_messages (self->client, display_id, 0, 0,
                                                        cancellable, error);
      if (messages == NULL)
        return FALSE;
      stats->messages += messages->len;
      bottega_store_batch_add_messages (batch, display_id, messages,
                                        messages->len < LATEST_MESSAGES);
      if (messages->len > 0)
        set_cursor (batch, display_id, newest_remote_id (messages));
      return TRUE;
    }

  /* Nothing new: the conversation's newest message is one we hold. */
  if (last != NULL && bottega_message_get_remote_id (last) <= newest)
    return TRUE;

  for (;;)
    {
      g_autoptr(GPtrArray) messages = NULL;

      messages = bottega_chatwoot_client_list_messages (self->client, display_id, 0, newest,
                                                        cancellable, error);
      if (messages == NULL)
        return FALSE;
      if (messages->len == 0)
        break;

      stats->messages += messages->len;
      bottega_store_batch_add_messages (batch, display_id, messages, FALSE);
      /* A server whose ids go backwards (or that ignores after=) would keep
       * this loop going and move the cursor back: stop where a page brings
       * nothing newer. */
      if (newest_remote_id (messages) <= newest)
        break;
      newest = newest_remote_id (messages);
      set_cursor (batch, display_id, newest);
      if (messages->len < AFTER_MESSAGES)
        break;
    }

  return TRUE;
}

static gboolean
pull_conversations (BottegaSyncEngine  *self,
                    GPtrArray          *conversations,
                    const char         *last_sync,
                    BottegaSyncStats   *stats,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (account_id (self));

  for (guint i = 0; i < conversations->len; i++)
    {
      BottegaConversation *conversation = g_ptr_array_index (conversations, i);

      bottega_store_batch_add_conversation (batch, conversation);
      if (!pull_messages (self, batch, conversation, stats, cancellable, error))
        return FALSE;
      stats->conversations++;
    }

  if (last_sync != NULL)
    bottega_store_batch_set_sync_value (batch, "last_sync", last_sync);

  if (bottega_store_batch_is_empty (batch))
    return TRUE;

  return bottega_store_write_batch (self->store, batch, cancellable, error);
}

gboolean
bottega_sync_engine_pull (BottegaSyncEngine  *self,
                          BottegaSyncStats   *stats,
                          GCancellable       *cancellable,
                          GError            **error)
{
  BottegaSyncStats local_stats = { 0, };
  g_autofree char *last_sync = NULL;
  g_autofree char *started = NULL;
  gint64 start = now_seconds ();

  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), FALSE);

  if (stats == NULL)
    stats = &local_stats;

  started = g_strdup_printf ("%" G_GINT64_FORMAT, start);
  last_sync = bottega_store_get_sync_value (self->store, account_id (self), "last_sync");

  if (g_atomic_int_get (&self->reference_due) || last_sync == NULL ||
      start - self->reference_pulled_at > REFERENCE_MAX_AGE_SECONDS)
    {
      if (!pull_reference (self, cancellable, error))
        return FALSE;
      g_atomic_int_set (&self->reference_due, FALSE);
      self->reference_pulled_at = start;
    }

  if (last_sync == NULL)
    {
      /* Initial sync: every conversation, newest first. The cursor is
       * written with the last page only, so an interrupted initial sync
       * starts over (every write is an upsert). */
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

      for (guint page = 1; ; page++)
        {
          BottegaChatwootConversationQuery query = { "all", NULL, page, -1 };
          g_autoptr(BottegaChatwootConversationPage) result = NULL;
          gboolean last_page;
          gboolean news = FALSE;

          result = bottega_chatwoot_client_list_conversations (self->client, &query,
                                                               cancellable, error);
          if (result == NULL)
            return FALSE;

          /* A full page of conversations already seen means a server that
           * ignores page=: without this the loop would never end. */
          for (guint i = 0; i < result->conversations->len; i++)
            {
              gint64 remote_id = bottega_conversation_get_remote_id (g_ptr_array_index (result->conversations, i));

              if (!g_hash_table_contains (seen, &remote_id))
                {
                  g_hash_table_add (seen, g_memdup2 (&remote_id, sizeof remote_id));
                  news = TRUE;
                }
            }

          last_page = result->conversations->len < CONVERSATIONS_PER_PAGE || !news;
          if (!pull_conversations (self, result->conversations,
                                   last_page ? started : NULL,
                                   stats, cancellable, error))
            return FALSE;
          if (last_page)
            break;
        }
    }
  else
    {
      g_autoptr(BottegaChatwootConversationPage) result = NULL;
      gint64 since = g_ascii_strtoll (last_sync, NULL, 10);
      BottegaChatwootConversationQuery query = { "all", NULL, 0, -1 };
      g_autoptr(GPtrArray) chunk = g_ptr_array_new ();

      query.updated_within = MAX (start - since, 0) + SYNC_MARGIN_SECONDS;
      result = bottega_chatwoot_client_list_conversations (self->client, &query,
                                                           cancellable, error);
      if (result == NULL)
        return FALSE;

      /* updated_within is unpaginated: write it in pages of our own. */
      for (guint i = 0; i < result->conversations->len; i++)
        {
          gboolean last = i + 1 == result->conversations->len;

          g_ptr_array_add (chunk, g_ptr_array_index (result->conversations, i));
          if (chunk->len == CONVERSATIONS_PER_PAGE || last)
            {
              if (!pull_conversations (self, chunk, last ? started : NULL,
                                       stats, cancellable, error))
                return FALSE;
              g_ptr_array_set_size (chunk, 0);
            }
        }

      if (result->conversations->len == 0)
        {
          g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (account_id (self));

          bottega_store_batch_set_sync_value (batch, "last_sync", started);
          if (!bottega_store_write_batch (self->store, batch, cancellable, error))
            return FALSE;
        }
    }

  g_debug ("Pulled %u conversations, %u messages", stats->conversations, stats->messages);
  return TRUE;
}

gboolean
bottega_sync_engine_backfill (BottegaSyncEngine  *self,
                              gint64              conversation_id,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaStoreBatch) batch = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  gint64 oldest;

  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), FALSE);

  conversation = bottega_store_get_conversation (self->store, conversation_id, error);
  if (conversation == NULL)
    return FALSE;
  if (!bottega_store_has_older_messages (self->store, conversation_id))
    return TRUE;

  oldest = bottega_store_oldest_remote_message (self->store, conversation_id);
  messages = bottega_chatwoot_client_list_messages (self->client,
                                                    bottega_conversation_get_remote_id (conversation),
                                                    oldest, 0, cancellable, error);
  if (messages == NULL)
    return FALSE;

  batch = bottega_store_batch_new (account_id (self));
  bottega_store_batch_add_messages (batch, bottega_conversation_get_remote_id (conversation),
                                    messages, messages->len < LATEST_MESSAGES);
  return bottega_store_write_batch (self->store, batch, cancellable, error);
}

typedef struct {
  gint64          conversation_id;
  BottegaMessage *message;
} ThreadData;

static void
thread_data_free (ThreadData *data)
{
  g_clear_object (&data->message);
  g_free (data);
}

static void
backfill_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ThreadData *data = task_data;
  GError *error = NULL;

  if (bottega_sync_engine_backfill (source_object, data->conversation_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bottega_sync_engine_backfill_async (BottegaSyncEngine   *self,
                                    gint64               conversation_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThreadData *data;

  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));

  data = g_new0 (ThreadData, 1);
  data->conversation_id = conversation_id;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_sync_engine_backfill_async);
  g_task_set_task_data (task, data, (GDestroyNotify) thread_data_free);
  g_task_run_in_thread (task, backfill_thread);
}

gboolean
bottega_sync_engine_backfill_finish (BottegaSyncEngine  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
retry_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BottegaSyncEngine *self = source_object;
  ThreadData *data = task_data;
  GError *error = NULL;
  gint64 remote_id = bottega_message_get_remote_id (data->message);

  if (remote_id == 0)
    {
      gint64 outbox_id = bottega_store_outbox_find_for_message (self->store,
                                                                bottega_message_get_id (data->message));

      if (outbox_id == 0)
        g_task_return_new_error (task, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED,
                                 _("This reply is no longer waiting to be sent"));
      else if (bottega_store_outbox_retry (self->store, outbox_id, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }

  {
    g_autoptr(BottegaMessage) remote = NULL;
    g_autoptr(BottegaStoreBatch) batch = NULL;
    g_autoptr(GPtrArray) messages = g_ptr_array_new ();
    gint64 display_id = bottega_message_get_conversation_remote_id (data->message);

    remote = bottega_chatwoot_client_retry_message (self->client, display_id, remote_id,
                                                    cancellable, &error);
    if (remote == NULL)
      {
        g_task_return_error (task, error);
        return;
      }
    g_ptr_array_add (messages, remote);
    batch = bottega_store_batch_new (account_id (self));
    bottega_store_batch_add_messages (batch, display_id, messages, FALSE);
    if (bottega_store_write_batch (self->store, batch, cancellable, &error))
      g_task_return_boolean (task, TRUE);
    else
      g_task_return_error (task, error);
  }
}

void
bottega_sync_engine_retry_async (BottegaSyncEngine   *self,
                                 BottegaMessage      *message,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThreadData *data;

  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));
  g_return_if_fail (BOTTEGA_IS_MESSAGE (message));

  data = g_new0 (ThreadData, 1);
  data->message = g_object_ref (message);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_sync_engine_retry_async);
  g_task_set_task_data (task, data, (GDestroyNotify) thread_data_free);
  g_task_run_in_thread (task, retry_thread);
}

gboolean
bottega_sync_engine_retry_finish (BottegaSyncEngine  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- push ---- */

static guint
backoff_seconds (guint attempts)
{
  guint base = 2u << MIN (attempts, 8u);

  base = MIN (base, MAX_BACKOFF_SECONDS);
  /* ±50 % jitter so that many clients do not retry in step. */
  return MAX (1u, (guint) g_random_int_range (base / 2, base + base / 2 + 1));
}

static guint
count_paths (char **paths)
{
  return paths != NULL ? g_strv_length (paths) : 0;
}

/* The reply may have reached the server on an earlier attempt whose answer
 * we never got (Chatwoot has no idempotency): look for it among the
 * conversation's outgoing messages since that attempt. A message already
 * held by another of our replies does not count. */
static BottegaMessage *
find_on_server (BottegaSyncEngine   *self,
                BottegaOutboxEntry  *entry,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) local = NULL;
  gint64 window_start = entry->last_attempt_at - ECHO_WINDOW_SECONDS;
  gint64 before = 0;

  local = bottega_store_list_messages (self->store, entry->conversation_id, error);
  if (local == NULL)
    return NULL;
  for (guint i = 0; i < local->len; i++)
    {
      BottegaMessage *message = g_ptr_array_index (local, i);

      if (bottega_message_get_echo_id (message) != NULL &&
          bottega_message_get_remote_id (message) != 0 &&
          bottega_message_get_id (message) != entry->message_id)
        {
          gint64 *key = g_new (gint64, 1);

          *key = bottega_message_get_remote_id (message);
          g_hash_table_add (claimed, key);
        }
    }

  for (guint page = 0; page < ECHO_MAX_PAGES; page++)
    {
      g_autoptr(GPtrArray) messages = NULL;
      gboolean older_than_window = FALSE;

      messages = bottega_chatwoot_client_list_messages (self->client, entry->conversation_remote_id,
                                                        before, 0, cancellable, error);
      if (messages == NULL)
        return NULL;

      for (guint i = messages->len; i > 0; i--)
        {
          BottegaMessage *message = g_ptr_array_index (messages, i - 1);
          gint64 remote_id = bottega_message_get_remote_id (message);

          if (bottega_message_get_created_at (message) < window_start)
            {
              older_than_window = TRUE;
              break;
            }
          if (bottega_message_get_message_type (message) != BOTTEGA_MESSAGE_OUTGOING ||
              bottega_message_get_private (message) != entry->is_private ||
              g_strcmp0 (bottega_message_get_content (message), entry->content) != 0 ||
              bottega_message_get_n_attachments (message) != count_paths (entry->attachment_paths) ||
              g_hash_table_contains (claimed, &remote_id))
            continue;

          return g_object_ref (message);
        }

      if (older_than_window || messages->len < LATEST_MESSAGES)
        break;
      before = bottega_message_get_remote_id (g_ptr_array_index (messages, 0));
    }

  return NULL;
}

gboolean
bottega_sync_engine_push (BottegaSyncEngine  *self,
                          BottegaSyncStats   *stats,
                          GCancellable       *cancellable,
                          GError            **error)
{
  BottegaSyncStats local_stats = { 0, };

  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), FALSE);

  if (stats == NULL)
    stats = &local_stats;

  for (;;)
    {
      g_autoptr(BottegaOutboxEntry) entry = NULL;
      g_autoptr(BottegaMessage) remote = NULL;
      g_autoptr(GError) local_error = NULL;
      /* Running, we honour each reply's backoff; run once (the command
       * line), every queued reply is due. */
      gint64 now = self->running ? now_seconds () : G_MAXINT32;

      entry = bottega_store_outbox_next (self->store, account_id (self), now, error);
      if (entry == NULL)
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          break;
        }

      if (entry->attempts > 0)
        {
          remote = find_on_server (self, entry, cancellable, &local_error);
          if (remote != NULL)
            g_debug ("Reply %s was already on the server", entry->echo_id);
        }

      if (remote == NULL && local_error == NULL)
        {
          BottegaChatwootOutgoing outgoing = {
            .content = entry->content,
            .is_private = entry->is_private,
            .echo_id = entry->echo_id,
            .in_reply_to = entry->in_reply_to,
            .template_params = entry->template_params,
            .attachment_paths = (const char * const *) entry->attachment_paths,
          };

          g_autoptr(GError) claim_error = NULL;

          if (!bottega_store_outbox_mark_sending (self->store, entry->id, now_seconds (), &claim_error))
            {
              /* Another process is sending it: it is in good hands. */
              if (g_error_matches (claim_error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_BUSY))
                break;
              g_propagate_error (error, g_steal_pointer (&claim_error));
              return FALSE;
            }
          remote = bottega_chatwoot_client_create_message (self->client, entry->conversation_remote_id,
                                                           &outgoing, cancellable, &local_error);
        }

      if (remote != NULL)
        {
          if (!bottega_store_outbox_mark_sent (self->store, entry->id, remote, error))
            return FALSE;
          stats->sent++;
          continue;
        }

      g_assert (local_error != NULL);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local_error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED))
        {
          /* Release the claim: due again as soon as there is a token (or
           * a sender); the next attempt looks on the server first. */
          if (!bottega_store_outbox_retry_later (self->store, entry->id, now_seconds (),
                                                 local_error->message, error))
            return FALSE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (bottega_provider_error_is_transient (local_error) ||
          g_error_matches (local_error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED))
        {
          /* The outcome may be unknown: the next attempt looks on the
           * server first (attempts > 0). */
          if (!bottega_store_outbox_retry_later (self->store, entry->id,
                                                 now_seconds () + backoff_seconds (entry->attempts),
                                                 local_error->message, error))
            return FALSE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* The server refused this reply (422, 403, 404): it stays visible as
       * failed with the reason, for the user to retry or rewrite. */
      if (!bottega_store_outbox_mark_failed (self->store, entry->id, local_error->message, error))
        return FALSE;
      stats->failed++;
    }

  stats->queued = bottega_store_outbox_count (self->store, account_id (self));
  return TRUE;
}

/* ---- pull + push in a thread ---- */

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BottegaSyncEngine *self = source_object;
  BottegaSyncStats *stats = g_new0 (BottegaSyncStats, 1);
  g_autoptr(GError) pull_error = NULL;
  GError *push_error = NULL;

  /* The profile gives what the websocket needs; read once per engine. */
  if (self->pubsub_token == NULL)
    {
      g_autoptr(BottegaChatwootProfile) profile = NULL;

      profile = bottega_chatwoot_client_get_profile (self->client, cancellable, &pull_error);
      if (profile == NULL)
        {
          g_free (stats);
          g_task_return_error (task, g_steal_pointer (&pull_error));
          return;
        }
      self->user_id = profile->user_id;
      self->pubsub_token = g_strdup (profile->pubsub_token);
    }

  if (!bottega_sync_engine_pull (self, stats, cancellable, &pull_error) &&
      (bottega_provider_error_is_transient (pull_error) ||
       g_error_matches (pull_error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED) ||
       g_error_matches (pull_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_free (stats);
      g_task_return_error (task, g_steal_pointer (&pull_error));
      return;
    }

  /* A page the server garbled does not hold replies back. */
  if (!bottega_sync_engine_push (self, stats, cancellable, &push_error))
    {
      g_free (stats);
      g_task_return_error (task, push_error);
      return;
    }

  if (pull_error != NULL)
    {
      g_free (stats);
      g_task_return_error (task, g_steal_pointer (&pull_error));
      return;
    }

  g_task_return_pointer (task, stats, g_free);
}

void
bottega_sync_engine_sync_async (BottegaSyncEngine   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_sync_engine_sync_async);
  g_task_run_in_thread (task, sync_thread);
}

gboolean
bottega_sync_engine_sync_finish (BottegaSyncEngine  *self,
                                 GAsyncResult       *result,
                                 BottegaSyncStats   *stats,
                                 GError            **error)
{
  g_autofree BottegaSyncStats *result_stats = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  result_stats = g_task_propagate_pointer (G_TASK (result), error);
  if (result_stats == NULL)
    return FALSE;
  if (stats != NULL)
    *stats = *result_stats;
  return TRUE;
}

/* ---- running mode ---- */

static void ensure_realtime (BottegaSyncEngine *self);

static gboolean
network_available (BottegaSyncEngine *self)
{
  return self->monitor == NULL || g_network_monitor_get_network_available (self->monitor);
}

/* Seconds until the earliest reply waiting out its backoff, or 0 for none. */
static guint
next_outbox_delay (BottegaSyncEngine *self)
{
  g_autoptr(GPtrArray) pending = NULL;
  gint64 now = now_seconds ();
  gint64 earliest = G_MAXINT64;

  pending = bottega_store_outbox_pending (self->store, account_id (self), NULL);
  if (pending == NULL)
    return 0;
  for (guint i = 0; i < pending->len; i++)
    {
      BottegaOutboxEntry *entry = g_ptr_array_index (pending, i);

      if (entry->state == BOTTEGA_OUTBOX_QUEUED)
        earliest = MIN (earliest, entry->next_attempt_at);
      else if (entry->state == BOTTEGA_OUTBOX_SENDING)
        earliest = MIN (earliest, MAX (entry->next_attempt_at,
                                       entry->last_attempt_at + BOTTEGA_STORE_SENDING_LEASE));
    }
  if (earliest == G_MAXINT64)
    return 0;
  return (guint) CLAMP (earliest - now, 1, MAX_BACKOFF_SECONDS);
}

/* After a good exchange: with the websocket up, nothing is polled; the only
 * timer left is for a reply waiting out its backoff. */
static void
schedule_after_success (BottegaSyncEngine *self)
{
  guint outbox = next_outbox_delay (self);

  if (self->again)
    schedule (self, 0);
  else if (self->realtime_up)
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      if (outbox > 0)
        schedule (self, outbox);
    }
  else
    schedule (self, outbox > 0 ? MIN (outbox, self->poll_seconds) : self->poll_seconds);
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BottegaSyncEngine *self = BOTTEGA_SYNC_ENGINE (object);
  g_autoptr(GError) error = NULL;
  BottegaSyncStats stats;

  self->in_flight = FALSE;

  if (bottega_sync_engine_sync_finish (self, result, &stats, &error))
    {
      self->backoff_level = 0;
      self->failures = 0;
      set_state (self, BOTTEGA_SYNC_STATE_ONLINE, NULL);
      if (self->running)
        {
          ensure_realtime (self);
          /* The product catalog, when it is missing or a day old. */
          bottega_catalog_sync_refresh_if_due (self->store, self->account, self->cancellable);
          schedule_after_success (self);
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    {
      /* stopped, or the program is quitting under a cycle still at work */
    }
  else if (g_error_matches (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED))
    {
      g_autoptr(GError) store_error = NULL;

      g_message ("The server refused the access token of account %" G_GINT64_FORMAT,
                 account_id (self));
      if (!bottega_store_set_account_needs_auth (self->store, account_id (self), TRUE, &store_error))
        g_warning ("Could not record that the account needs signing in: %s", store_error->message);
      bottega_account_set_needs_auth (self->account, TRUE);
      if (self->realtime != NULL)
        bottega_chatwoot_realtime_stop (self->realtime);
      set_state (self, BOTTEGA_SYNC_STATE_NEEDS_AUTH, error->message);
      /* Nothing more until a new token arrives (set_token). */
    }
  else if (bottega_provider_error_is_transient (error))
    {
      guint delay = backoff_seconds (self->backoff_level++);

      self->failures++;
      g_debug ("Sync failed (%s); next try in %u s", error->message, delay);
      /* Hysteresis: one failed request is not yet "offline". */
      if (self->failures >= OFFLINE_AFTER_FAILURES || !network_available (self))
        set_state (self, BOTTEGA_SYNC_STATE_OFFLINE, error->message);
      if (self->running)
        schedule (self, self->again ? MIN (delay, 2u) : delay);
    }
  else
    {
      g_warning ("Sync of account %" G_GINT64_FORMAT " failed: %s", account_id (self), error->message);
      set_state (self, BOTTEGA_SYNC_STATE_ONLINE, error->message);
      if (self->running)
        schedule (self, self->realtime_up ? MAX_BACKOFF_SECONDS : self->poll_seconds);
    }

  self->again = FALSE;
}

static void
run_now (BottegaSyncEngine *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->in_flight)
    {
      self->again = TRUE;
      return;
    }

  self->in_flight = TRUE;
  self->again = FALSE;
  if (self->state == BOTTEGA_SYNC_STATE_IDLE)
    set_state (self, BOTTEGA_SYNC_STATE_SYNCING, NULL);
  bottega_sync_engine_sync_async (self, self->cancellable, sync_done, NULL);
}

static gboolean
on_timeout (gpointer user_data)
{
  BottegaSyncEngine *self = user_data;

  self->timeout_id = 0;
  run_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (BottegaSyncEngine *self,
          guint              seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (seconds == 0)
    self->timeout_id = g_idle_add (on_timeout, self);
  else
    self->timeout_id = g_timeout_add_seconds (seconds, on_timeout, self);
}

static void
on_outbox_changed (BottegaSyncEngine *self,
                   gint64             changed_account_id,
                   BottegaStore       *store)
{
  if (changed_account_id != account_id (self) || !self->running)
    return;
  if (self->state == BOTTEGA_SYNC_STATE_NEEDS_AUTH)
    return;

  /* A reply was queued (or retried): deliver it now rather than at the next
   * poll. Replies still in their backoff are left to their own timer. */
  if (bottega_store_outbox_count (self->store, account_id (self)) > 0 &&
      next_outbox_delay (self) <= 1)
    bottega_sync_engine_kick (self);
}

/* ---- realtime ---- */

static void
event_written (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bottega_store_write_batch_finish (BOTTEGA_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("Could not store a realtime event: %s", error->message);
}

static void
write_event (BottegaSyncEngine *self,
             BottegaStoreBatch *batch)
{
  bottega_store_write_batch_async (self->store, batch, self->cancellable, event_written, NULL);
}

static void
on_realtime_message (BottegaSyncEngine *self,
                     BottegaMessage    *message,
                     const char        *event,
                     BottegaChatwootRealtime *realtime)
{
  g_autoptr(BottegaConversation) conversation = NULL;
  gint64 display_id = bottega_message_get_conversation_remote_id (message);

  conversation = bottega_store_find_conversation (self->store, account_id (self), display_id, NULL);
  if (conversation != NULL)
    {
      g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (account_id (self));
      g_autoptr(GPtrArray) messages = g_ptr_array_new ();

      /* On screen at once; a message carrying our echo_id completes its
       * reply in the outbox. */
      g_ptr_array_add (messages, message);
      bottega_store_batch_add_messages (batch, display_id, messages, FALSE);
      write_event (self, batch);
    }

  /* A new message may follow others we never saw (and a new conversation
   * is not in the store yet): the incremental pull fills the gap. Status
   * receipts need no pull. */
  if (conversation == NULL || g_strcmp0 (event, "message.created") == 0)
    bottega_sync_engine_kick (self);
}

static void
on_realtime_conversation (BottegaSyncEngine       *self,
                          BottegaConversation     *conversation,
                          const char              *event,
                          BottegaChatwootRealtime *realtime)
{
  g_autoptr(BottegaStoreBatch) batch = bottega_store_batch_new (account_id (self));

  bottega_store_batch_add_conversation (batch, conversation);
  write_event (self, batch);
}

static void
on_realtime_contact (BottegaSyncEngine       *self,
                     BottegaCustomer         *customer,
                     const char              *event,
                     BottegaChatwootRealtime *realtime)
{
  g_autoptr(BottegaStoreBatch) batch = NULL;

  if (g_strcmp0 (event, "contact.deleted") == 0)
    return;
  batch = bottega_store_batch_new (account_id (self));
  bottega_store_batch_add_customer (batch, customer);
  write_event (self, batch);
}

static void
on_realtime_event (BottegaSyncEngine       *self,
                   const char              *name,
                   JsonNode                *data,
                   BottegaChatwootRealtime *realtime)
{
  if (g_strcmp0 (name, "account.cache_invalidated") == 0)
    {
      g_atomic_int_set (&self->reference_due, TRUE);
      bottega_sync_engine_kick (self);
    }
}

static void
on_realtime_connected (BottegaSyncEngine       *self,
                       BottegaChatwootRealtime *realtime)
{
  g_debug ("Realtime connected for account %" G_GINT64_FORMAT, account_id (self));
  self->realtime_up = TRUE;
  self->realtime_auth_failures = 0;
  /* Whatever happened while the socket was down: the incremental pull
   * (updated_within from the persisted last sync) catches up. */
  g_atomic_int_set (&self->reference_due, TRUE);
  bottega_sync_engine_kick (self);
}

static void
on_realtime_disconnected (BottegaSyncEngine       *self,
                          GError                  *reason,
                          BottegaChatwootRealtime *realtime)
{
  g_debug ("Realtime lost for account %" G_GINT64_FORMAT ": %s", account_id (self),
           reason != NULL ? reason->message : "closed");
  self->realtime_up = FALSE;
  /* Polling stands in until the socket is back. */
  if (self->running && self->timeout_id == 0 && !self->in_flight &&
      self->state != BOTTEGA_SYNC_STATE_NEEDS_AUTH)
    schedule (self, self->poll_seconds);
}

static void
on_realtime_auth_failed (BottegaSyncEngine       *self,
                         BottegaChatwootRealtime *realtime)
{
  self->realtime_up = FALSE;
  self->realtime_auth_failures++;
  g_message ("The server did not confirm the realtime subscription of account %" G_GINT64_FORMAT,
             account_id (self));

  /* The pubsub token may have changed: read the profile again (the REST
   * answer tells whether the access token itself is refused). */
  g_clear_pointer (&self->pubsub_token, g_free);
  if (self->realtime_auth_failures < MAX_REALTIME_AUTH_FAILURES)
    {
      g_signal_handlers_disconnect_by_data (self->realtime, self);
      g_clear_object (&self->realtime);
    }
  if (self->running)
    schedule (self, self->poll_seconds);
}

static void
ensure_realtime (BottegaSyncEngine *self)
{
  if (self->realtime != NULL)
    {
      if (bottega_chatwoot_realtime_get_state (self->realtime) == BOTTEGA_REALTIME_DISCONNECTED &&
          self->realtime_auth_failures == 0)
        bottega_chatwoot_realtime_start (self->realtime);
      return;
    }
  if (self->pubsub_token == NULL || self->realtime_auth_failures >= MAX_REALTIME_AUTH_FAILURES)
    return;

  self->realtime = bottega_chatwoot_realtime_new (bottega_chatwoot_client_get_base_url (self->client),
                                                  self->pubsub_token,
                                                  bottega_account_get_remote_id (self->account),
                                                  self->user_id, account_id (self));
  g_signal_connect_object (self->realtime, "connected", G_CALLBACK (on_realtime_connected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->realtime, "disconnected", G_CALLBACK (on_realtime_disconnected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->realtime, "auth-failed", G_CALLBACK (on_realtime_auth_failed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->realtime, "message", G_CALLBACK (on_realtime_message),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->realtime, "conversation", G_CALLBACK (on_realtime_conversation),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->realtime, "contact", G_CALLBACK (on_realtime_contact),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->realtime, "event", G_CALLBACK (on_realtime_event),
                           self, G_CONNECT_SWAPPED);
  bottega_chatwoot_realtime_start (self->realtime);
}

gboolean
bottega_sync_engine_get_realtime_connected (BottegaSyncEngine *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), FALSE);
  return self->realtime_up;
}

/* ---- connectivity ---- */

static void
on_network_changed (BottegaSyncEngine *self,
                    gboolean           available,
                    GNetworkMonitor   *monitor)
{
  if (!self->running || self->state == BOTTEGA_SYNC_STATE_NEEDS_AUTH)
    return;

  if (!available)
    {
      /* Definite: no need to wait for failed requests to say so. */
      set_state (self, BOTTEGA_SYNC_STATE_OFFLINE, _("No network connection"));
      return;
    }

  /* Back: try now rather than at the end of the backoff. */
  self->backoff_level = 0;
  if (self->realtime != NULL && !self->realtime_up)
    bottega_chatwoot_realtime_reconnect (self->realtime);
  bottega_sync_engine_kick (self);
}

void
bottega_sync_engine_start (BottegaSyncEngine *self,
                           guint              poll_seconds)
{
  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->poll_seconds = MAX (poll_seconds, 1u);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->store, "outbox-changed",
                           G_CALLBACK (on_outbox_changed), self, G_CONNECT_SWAPPED);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (on_network_changed), self, G_CONNECT_SWAPPED);
  if (bottega_account_get_needs_auth (self->account))
    set_state (self, BOTTEGA_SYNC_STATE_NEEDS_AUTH, _("The server refused the access token"));
  else
    run_now (self);
}

void
bottega_sync_engine_stop (BottegaSyncEngine *self)
{
  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_func (self->store, on_outbox_changed, self);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, on_network_changed, self);
  g_clear_object (&self->monitor);
  if (self->realtime != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->realtime, self);
      bottega_chatwoot_realtime_stop (self->realtime);
      g_clear_object (&self->realtime);
    }
  self->realtime_up = FALSE;
  g_cancellable_cancel (self->cancellable);
}

void
bottega_sync_engine_kick (BottegaSyncEngine *self)
{
  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));

  if (!self->running || self->state == BOTTEGA_SYNC_STATE_NEEDS_AUTH)
    return;
  run_now (self);
}

void
bottega_sync_engine_set_token (BottegaSyncEngine *self,
                               const char        *token)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));
  g_return_if_fail (token != NULL);

  bottega_chatwoot_client_set_token (self->client, token);
  if (!bottega_store_set_account_needs_auth (self->store, account_id (self), FALSE, &error))
    g_warning ("Could not record the new sign-in: %s", error->message);
  bottega_account_set_needs_auth (self->account, FALSE);
  /* A new token may come with a new profile. */
  g_clear_pointer (&self->pubsub_token, g_free);
  if (self->realtime != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->realtime, self);
      bottega_chatwoot_realtime_stop (self->realtime);
      g_clear_object (&self->realtime);
    }
  self->realtime_auth_failures = 0;
  self->failures = 0;
  self->backoff_level = 0;
  set_state (self, BOTTEGA_SYNC_STATE_SYNCING, NULL);
  if (self->running)
    run_now (self);
}

/* ---- GObject ---- */

BottegaSyncEngine *
bottega_sync_engine_new (BottegaStore          *store,
                         BottegaAccount        *account,
                         BottegaChatwootClient *client)
{
  BottegaSyncEngine *self;

  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (client), NULL);

  self = g_object_new (BOTTEGA_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->account = g_object_ref (account);
  self->client = g_object_ref (client);
  return self;
}

BottegaAccount *
bottega_sync_engine_get_account (BottegaSyncEngine *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), NULL);
  return self->account;
}

BottegaChatwootClient *
bottega_sync_engine_get_client (BottegaSyncEngine *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), NULL);
  return self->client;
}

BottegaStore *
bottega_sync_engine_get_store (BottegaSyncEngine *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

BottegaSyncState
bottega_sync_engine_get_state (BottegaSyncEngine *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), BOTTEGA_SYNC_STATE_IDLE);
  return self->state;
}

const char *
bottega_sync_engine_get_last_error (BottegaSyncEngine *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

static void
bottega_sync_engine_dispose (GObject *object)
{
  BottegaSyncEngine *self = BOTTEGA_SYNC_ENGINE (object);

  bottega_sync_engine_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bottega_sync_engine_parent_class)->dispose (object);
}

static void
bottega_sync_engine_finalize (GObject *object)
{
  BottegaSyncEngine *self = BOTTEGA_SYNC_ENGINE (object);

  g_free (self->last_error);
  g_free (self->pubsub_token);

  G_OBJECT_CLASS (bottega_sync_engine_parent_class)->finalize (object);
}

static void
bottega_sync_engine_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BottegaSyncEngine *self = BOTTEGA_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_sync_engine_class_init (BottegaSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bottega_sync_engine_dispose;
  object_class->finalize = bottega_sync_engine_finalize;
  object_class->get_property = bottega_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      BOTTEGA_SYNC_STATE_IDLE, BOTTEGA_SYNC_STATE_NEEDS_AUTH,
                      BOTTEGA_SYNC_STATE_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_sync_engine_init (BottegaSyncEngine *self)
{
  self->reference_due = TRUE;
}
