/* bottega-sync-actions.c: changing a conversation on the provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-sync-actions.h"

/* What the worker thread needs, copied on the caller's thread: the
 * conversation object itself stays with its owner. */
typedef struct {
  gint64                     display_id;
  BottegaConversationAction  action;
  BottegaConversationStatus  status;
  gint64                     snoozed_until;
  char                      *priority;
  gint64                     assignee_id;
  GStrv                      labels;
} ChangeData;

static void
change_data_free (ChangeData *data)
{
  g_free (data->priority);
  g_strfreev (data->labels);
  g_free (data);
}

static const char *
action_name (BottegaConversationAction action)
{
  switch (action)
    {
    case BOTTEGA_CONVERSATION_ACTION_MARK_READ:
      return "mark-read";
    case BOTTEGA_CONVERSATION_ACTION_MARK_UNREAD:
      return "mark-unread";
    case BOTTEGA_CONVERSATION_ACTION_SET_STATUS:
      return "set-status";
    case BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY:
      return "set-priority";
    case BOTTEGA_CONVERSATION_ACTION_ASSIGN:
      return "assign";
    case BOTTEGA_CONVERSATION_ACTION_SET_LABELS:
      return "set-labels";
    default:
      return "unknown";
    }
}

/* The provider call, then the conversation as the provider now has it. */
static BottegaConversation *
call_provider (BottegaChatwootClient  *client,
               const ChangeData       *data,
               GCancellable           *cancellable,
               GError                **error)
{
  gint64 display_id = data->display_id;

  switch (data->action)
    {
    case BOTTEGA_CONVERSATION_ACTION_MARK_READ:
      return bottega_chatwoot_client_update_last_seen (client, display_id, cancellable, error);

    case BOTTEGA_CONVERSATION_ACTION_MARK_UNREAD:
      return bottega_chatwoot_client_mark_unread (client, display_id, cancellable, error);

    case BOTTEGA_CONVERSATION_ACTION_SET_STATUS:
      {
        g_autofree char *now = NULL;
        gboolean snoozed = data->status == BOTTEGA_CONVERSATION_SNOOZED;

        /* The answer is only the new status. Reading the conversation
         * afterwards also brings what the server changed on the side: an
         * agent (not an administrator) who reopens a conversation is made
         * its assignee, whoever it was assigned to. */
        now = bottega_chatwoot_client_toggle_status (client, display_id,
                                                     bottega_conversation_status_to_string (data->status),
                                                     snoozed ? data->snoozed_until : 0,
                                                     cancellable, error);
        if (now == NULL)
          return NULL;
        break;
      }

    case BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY:
      if (!bottega_chatwoot_client_toggle_priority (client, display_id, data->priority,
                                                    cancellable, error))
        return NULL;
      break;

    case BOTTEGA_CONVERSATION_ACTION_ASSIGN:
      if (!bottega_chatwoot_client_assign (client, display_id, data->assignee_id,
                                           cancellable, error))
        return NULL;
      break;

    case BOTTEGA_CONVERSATION_ACTION_SET_LABELS:
      {
        /* Chatwoot replaces the whole set with what it is sent. */
        g_auto(GStrv) now = bottega_chatwoot_client_set_labels (client, display_id,
                                                                (const char * const *) data->labels,
                                                                cancellable, error);
        if (now == NULL)
          return NULL;
        break;
      }

    default:
      g_set_error (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED,
                   _("Bottega does not know how to make this change (%d)"), (int) data->action);
      return NULL;
    }

  return bottega_chatwoot_client_get_conversation (client, display_id, cancellable, error);
}

static gboolean
change_conversation (BottegaSyncEngine  *self,
                     const ChangeData   *data,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(BottegaConversation) updated = NULL;
  g_autoptr(BottegaStoreBatch) batch = NULL;
  BottegaAccount *account = bottega_sync_engine_get_account (self);

  updated = call_provider (bottega_sync_engine_get_client (self), data, cancellable, error);
  if (updated == NULL)
    {
      g_debug ("Conversation %" G_GINT64_FORMAT ": %s failed", data->display_id,
               action_name (data->action));
      return FALSE;
    }

  g_debug ("Conversation %" G_GINT64_FORMAT ": %s done", data->display_id,
           action_name (data->action));

  /* Upserted like a pulled conversation, so the list and the header follow
   * (and the activity line the change made, as its last message). */
  batch = bottega_store_batch_new (bottega_account_get_id (account));
  bottega_store_batch_add_conversation (batch, updated);
  return bottega_store_write_batch (bottega_sync_engine_get_store (self), batch, cancellable, error);
}

static ChangeData *
change_data_new (BottegaConversation             *conversation,
                 const BottegaConversationChange *change)
{
  ChangeData *data = g_new0 (ChangeData, 1);

  data->display_id = bottega_conversation_get_remote_id (conversation);
  data->action = change->action;
  data->status = change->status;
  data->snoozed_until = change->snoozed_until;
  data->priority = g_strdup (change->priority);
  data->assignee_id = change->assignee_id;
  data->labels = g_strdupv ((char **) change->labels);
  if (data->labels == NULL)
    data->labels = g_new0 (char *, 1);

  return data;
}

static gboolean
check_arguments (BottegaSyncEngine               *self,
                 BottegaConversation             *conversation,
                 const BottegaConversationChange *change,
                 GError                         **error)
{
  BottegaAccount *account = bottega_sync_engine_get_account (self);

  if (bottega_conversation_get_account_id (conversation) != bottega_account_get_id (account))
    {
      g_set_error_literal (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED,
                           _("This conversation belongs to another account"));
      return FALSE;
    }
  if (bottega_conversation_get_remote_id (conversation) <= 0)
    {
      g_set_error_literal (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED,
                           _("This conversation is not on the server yet"));
      return FALSE;
    }

  return TRUE;
}

gboolean
bottega_sync_engine_change_conversation (BottegaSyncEngine               *self,
                                         BottegaConversation             *conversation,
                                         const BottegaConversationChange *change,
                                         GCancellable                    *cancellable,
                                         GError                         **error)
{
  ChangeData *data;
  gboolean ok;

  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (conversation), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_arguments (self, conversation, change, error))
    return FALSE;

  data = change_data_new (conversation, change);
  ok = change_conversation (self, data, cancellable, error);
  change_data_free (data);

  return ok;
}

static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (change_conversation (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bottega_sync_engine_change_conversation_async (BottegaSyncEngine               *self,
                                               BottegaConversation             *conversation,
                                               const BottegaConversationChange *change,
                                               GCancellable                    *cancellable,
                                               GAsyncReadyCallback              callback,
                                               gpointer                         user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (self));
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (conversation));
  g_return_if_fail (change != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_sync_engine_change_conversation_async);

  if (!check_arguments (self, conversation, change, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, change_data_new (conversation, change), (GDestroyNotify) change_data_free);
  g_task_run_in_thread (task, change_thread);
}

gboolean
bottega_sync_engine_change_conversation_finish (BottegaSyncEngine  *self,
                                                GAsyncResult       *result,
                                                GError            **error)
{
  g_return_val_if_fail (BOTTEGA_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
