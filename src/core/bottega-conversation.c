/* bottega-conversation.c: a conversation with one customer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-conversation.h"
#include "bottega-core-private.h"

struct _BottegaConversation
{
  GObject parent_instance;

  gint64 id;
  gint64 account_id;
  gint64 remote_id;
  char *uuid;
  gint64 inbox_id;
  char *channel;
  BottegaConversationStatus status;
  char *priority;
  gint64 snoozed_until;
  gboolean can_reply;
  int unread_count;
  char **labels;
  gint64 assignee_id;
  char *assignee_name;
  gint64 last_activity_at;
  gint64 waiting_since;
  gint64 agent_last_seen_at;
  gint64 created_at;
  double updated_at;
  BottegaCustomer *customer;
  BottegaMessage *last_message;
  char *draft;
  int outbox_count;
};

G_DEFINE_FINAL_TYPE (BottegaConversation, bottega_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_REMOTE_ID,
  PROP_UUID,
  PROP_INBOX_ID,
  PROP_CHANNEL,
  PROP_STATUS,
  PROP_PRIORITY,
  PROP_SNOOZED_UNTIL,
  PROP_CAN_REPLY,
  PROP_UNREAD_COUNT,
  PROP_LABELS,
  PROP_ASSIGNEE_ID,
  PROP_ASSIGNEE_NAME,
  PROP_LAST_ACTIVITY_AT,
  PROP_WAITING_SINCE,
  PROP_AGENT_LAST_SEEN_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_CUSTOMER,
  PROP_LAST_MESSAGE,
  PROP_DRAFT,
  PROP_OUTBOX_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_conversation_dispose (GObject *object)
{
  BottegaConversation *self = (BottegaConversation *)object;

  g_clear_object (&self->customer);
  g_clear_object (&self->last_message);

  G_OBJECT_CLASS (bottega_conversation_parent_class)->dispose (object);
}

static void
bottega_conversation_finalize (GObject *object)
{
  BottegaConversation *self = (BottegaConversation *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->priority, g_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->assignee_name, g_free);
  g_clear_pointer (&self->draft, g_free);

  G_OBJECT_CLASS (bottega_conversation_parent_class)->finalize (object);
}

static void
bottega_conversation_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BottegaConversation *self = BOTTEGA_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_INBOX_ID:
      g_value_set_int64 (value, self->inbox_id);
      break;

    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_PRIORITY:
      g_value_set_string (value, self->priority);
      break;

    case PROP_SNOOZED_UNTIL:
      g_value_set_int64 (value, self->snoozed_until);
      break;

    case PROP_CAN_REPLY:
      g_value_set_boolean (value, self->can_reply);
      break;

    case PROP_UNREAD_COUNT:
      g_value_set_int (value, self->unread_count);
      break;

    case PROP_LABELS:
      g_value_set_boxed (value, self->labels);
      break;

    case PROP_ASSIGNEE_ID:
      g_value_set_int64 (value, self->assignee_id);
      break;

    case PROP_ASSIGNEE_NAME:
      g_value_set_string (value, self->assignee_name);
      break;

    case PROP_LAST_ACTIVITY_AT:
      g_value_set_int64 (value, self->last_activity_at);
      break;

    case PROP_WAITING_SINCE:
      g_value_set_int64 (value, self->waiting_since);
      break;

    case PROP_AGENT_LAST_SEEN_AT:
      g_value_set_int64 (value, self->agent_last_seen_at);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_double (value, self->updated_at);
      break;

    case PROP_CUSTOMER:
      g_value_set_object (value, self->customer);
      break;

    case PROP_LAST_MESSAGE:
      g_value_set_object (value, self->last_message);
      break;

    case PROP_DRAFT:
      g_value_set_string (value, self->draft);
      break;

    case PROP_OUTBOX_COUNT:
      g_value_set_int (value, self->outbox_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_conversation_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BottegaConversation *self = BOTTEGA_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      bottega_conversation_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ACCOUNT_ID:
      bottega_conversation_set_account_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      bottega_conversation_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_UUID:
      bottega_conversation_set_uuid (self, g_value_get_string (value));
      break;

    case PROP_INBOX_ID:
      bottega_conversation_set_inbox_id (self, g_value_get_int64 (value));
      break;

    case PROP_CHANNEL:
      bottega_conversation_set_channel (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      bottega_conversation_set_status (self, g_value_get_enum (value));
      break;

    case PROP_PRIORITY:
      bottega_conversation_set_priority (self, g_value_get_string (value));
      break;

    case PROP_SNOOZED_UNTIL:
      bottega_conversation_set_snoozed_until (self, g_value_get_int64 (value));
      break;

    case PROP_CAN_REPLY:
      bottega_conversation_set_can_reply (self, g_value_get_boolean (value));
      break;

    case PROP_UNREAD_COUNT:
      bottega_conversation_set_unread_count (self, g_value_get_int (value));
      break;

    case PROP_LABELS:
      bottega_conversation_set_labels (self, g_value_get_boxed (value));
      break;

    case PROP_ASSIGNEE_ID:
      bottega_conversation_set_assignee_id (self, g_value_get_int64 (value));
      break;

    case PROP_ASSIGNEE_NAME:
      bottega_conversation_set_assignee_name (self, g_value_get_string (value));
      break;

    case PROP_LAST_ACTIVITY_AT:
      bottega_conversation_set_last_activity_at (self, g_value_get_int64 (value));
      break;

    case PROP_WAITING_SINCE:
      bottega_conversation_set_waiting_since (self, g_value_get_int64 (value));
      break;

    case PROP_AGENT_LAST_SEEN_AT:
      bottega_conversation_set_agent_last_seen_at (self, g_value_get_int64 (value));
      break;

    case PROP_CREATED_AT:
      bottega_conversation_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      bottega_conversation_set_updated_at (self, g_value_get_double (value));
      break;

    case PROP_CUSTOMER:
      bottega_conversation_set_customer (self, g_value_get_object (value));
      break;

    case PROP_LAST_MESSAGE:
      bottega_conversation_set_last_message (self, g_value_get_object (value));
      break;

    case PROP_DRAFT:
      bottega_conversation_set_draft (self, g_value_get_string (value));
      break;

    case PROP_OUTBOX_COUNT:
      bottega_conversation_set_outbox_count (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_conversation_class_init (BottegaConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bottega_conversation_dispose;
  object_class->finalize = bottega_conversation_finalize;
  object_class->get_property = bottega_conversation_get_property;
  object_class->set_property = bottega_conversation_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_INBOX_ID] =
    g_param_spec_int64 ("inbox-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       BOTTEGA_TYPE_CONVERSATION_STATUS,
                       BOTTEGA_CONVERSATION_OPEN,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_PRIORITY] =
    g_param_spec_string ("priority", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SNOOZED_UNTIL] =
    g_param_spec_int64 ("snoozed-until", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_REPLY] =
    g_param_spec_boolean ("can-reply", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_UNREAD_COUNT] =
    g_param_spec_int ("unread-count", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_LABELS] =
    g_param_spec_boxed ("labels", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_ASSIGNEE_ID] =
    g_param_spec_int64 ("assignee-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_ASSIGNEE_NAME] =
    g_param_spec_string ("assignee-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_ACTIVITY_AT] =
    g_param_spec_int64 ("last-activity-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_WAITING_SINCE] =
    g_param_spec_int64 ("waiting-since", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_AGENT_LAST_SEEN_AT] =
    g_param_spec_int64 ("agent-last-seen-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_UPDATED_AT] =
    g_param_spec_double ("updated-at", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL,
                         BOTTEGA_TYPE_CUSTOMER,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_MESSAGE] =
    g_param_spec_object ("last-message", NULL, NULL,
                         BOTTEGA_TYPE_MESSAGE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT] =
    g_param_spec_string ("draft", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_OUTBOX_COUNT] =
    g_param_spec_int ("outbox-count", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_conversation_init (BottegaConversation *self)
{
  self->can_reply = TRUE;
  self->labels = g_new0 (char *, 1);
}

BottegaConversation *
bottega_conversation_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CONVERSATION, NULL);
}

gint64
bottega_conversation_get_id (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->id;
}

void
bottega_conversation_set_id (BottegaConversation *self,
                             gint64              id)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
bottega_conversation_get_account_id (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->account_id;
}

void
bottega_conversation_set_account_id (BottegaConversation *self,
                                     gint64              account_id)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->account_id == account_id)
    return;

  self->account_id = account_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

gint64
bottega_conversation_get_remote_id (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->remote_id;
}

void
bottega_conversation_set_remote_id (BottegaConversation *self,
                                    gint64              display_id)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->remote_id == display_id)
    return;

  self->remote_id = display_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
bottega_conversation_get_uuid (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return self->uuid;
}

void
bottega_conversation_set_uuid (BottegaConversation *self,
                               const char          *uuid)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (bottega_core_set_str (&self->uuid, uuid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UUID]);
}

gint64
bottega_conversation_get_inbox_id (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->inbox_id;
}

void
bottega_conversation_set_inbox_id (BottegaConversation *self,
                                   gint64              inbox_id)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->inbox_id == inbox_id)
    return;

  self->inbox_id = inbox_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INBOX_ID]);
}

const char *
bottega_conversation_get_channel (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return self->channel;
}

void
bottega_conversation_set_channel (BottegaConversation *self,
                                  const char          *channel)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (bottega_core_set_str (&self->channel, channel))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

BottegaConversationStatus
bottega_conversation_get_status (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->status;
}

void
bottega_conversation_set_status (BottegaConversation       *self,
                                 BottegaConversationStatus status)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
bottega_conversation_get_priority (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return self->priority;
}

void
bottega_conversation_set_priority (BottegaConversation *self,
                                   const char          *priority)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (bottega_core_set_str (&self->priority, priority))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

gint64
bottega_conversation_get_snoozed_until (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->snoozed_until;
}

void
bottega_conversation_set_snoozed_until (BottegaConversation *self,
                                        gint64              snoozed_until)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->snoozed_until == snoozed_until)
    return;

  self->snoozed_until = snoozed_until;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNOOZED_UNTIL]);
}

gboolean
bottega_conversation_get_can_reply (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), FALSE);

  return self->can_reply;
}

void
bottega_conversation_set_can_reply (BottegaConversation *self,
                                    gboolean            can_reply)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  can_reply = !!can_reply;

  if (self->can_reply == can_reply)
    return;

  self->can_reply = can_reply;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REPLY]);
}

int
bottega_conversation_get_unread_count (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->unread_count;
}

void
bottega_conversation_set_unread_count (BottegaConversation *self,
                                       int                 unread_count)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));
  g_return_if_fail (unread_count >= 0);

  if (self->unread_count == unread_count)
    return;

  self->unread_count = unread_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_COUNT]);
}

const char * const *
bottega_conversation_get_labels (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return (const char * const *)self->labels;
}

void
bottega_conversation_set_labels (BottegaConversation *self,
                                 const char * const  *labels)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (bottega_core_set_strv (&self->labels, labels))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABELS]);
}

gint64
bottega_conversation_get_assignee_id (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->assignee_id;
}

void
bottega_conversation_set_assignee_id (BottegaConversation *self,
                                      gint64              assignee_id)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->assignee_id == assignee_id)
    return;

  self->assignee_id = assignee_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE_ID]);
}

const char *
bottega_conversation_get_assignee_name (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return self->assignee_name;
}

void
bottega_conversation_set_assignee_name (BottegaConversation *self,
                                        const char          *assignee_name)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (bottega_core_set_str (&self->assignee_name, assignee_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE_NAME]);
}

gint64
bottega_conversation_get_last_activity_at (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->last_activity_at;
}

void
bottega_conversation_set_last_activity_at (BottegaConversation *self,
                                           gint64              last_activity_at)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->last_activity_at == last_activity_at)
    return;

  self->last_activity_at = last_activity_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ACTIVITY_AT]);
}

gint64
bottega_conversation_get_waiting_since (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->waiting_since;
}

void
bottega_conversation_set_waiting_since (BottegaConversation *self,
                                        gint64              waiting_since)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->waiting_since == waiting_since)
    return;

  self->waiting_since = waiting_since;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_SINCE]);
}

gint64
bottega_conversation_get_agent_last_seen_at (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->agent_last_seen_at;
}

void
bottega_conversation_set_agent_last_seen_at (BottegaConversation *self,
                                             gint64              agent_last_seen_at)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->agent_last_seen_at == agent_last_seen_at)
    return;

  self->agent_last_seen_at = agent_last_seen_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_LAST_SEEN_AT]);
}

gint64
bottega_conversation_get_created_at (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->created_at;
}

void
bottega_conversation_set_created_at (BottegaConversation *self,
                                     gint64              created_at)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

double
bottega_conversation_get_updated_at (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0.0);

  return self->updated_at;
}

void
bottega_conversation_set_updated_at (BottegaConversation *self,
                                     double              updated_at)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

BottegaCustomer *
bottega_conversation_get_customer (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return self->customer;
}

void
bottega_conversation_set_customer (BottegaConversation *self,
                                   BottegaCustomer     *customer)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));
  g_return_if_fail (customer == NULL || BOTTEGA_IS_CUSTOMER (customer));

  if (g_set_object (&self->customer, customer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

BottegaMessage *
bottega_conversation_get_last_message (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return self->last_message;
}

void
bottega_conversation_set_last_message (BottegaConversation *self,
                                       BottegaMessage      *message)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));
  g_return_if_fail (message == NULL || BOTTEGA_IS_MESSAGE (message));

  if (g_set_object (&self->last_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_MESSAGE]);
}

const char *
bottega_conversation_get_draft (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), NULL);

  return self->draft;
}

void
bottega_conversation_set_draft (BottegaConversation *self,
                                const char          *draft)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));

  if (bottega_core_set_str (&self->draft, draft))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

int
bottega_conversation_get_outbox_count (BottegaConversation *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION (self), 0);

  return self->outbox_count;
}

void
bottega_conversation_set_outbox_count (BottegaConversation *self,
                                       int                 outbox_count)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION (self));
  g_return_if_fail (outbox_count >= 0);

  if (self->outbox_count == outbox_count)
    return;

  self->outbox_count = outbox_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_COUNT]);
}
