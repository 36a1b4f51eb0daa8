/* bottega-message.c: one message of a conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-message.h"
#include "bottega-core-private.h"

struct _BottegaMessage
{
  GObject parent_instance;

  gint64 id;
  gint64 account_id;
  gint64 conversation_id;
  gint64 remote_id;
  gint64 conversation_remote_id;
  char *content;
  BottegaMessageType message_type;
  char *content_type;
  BottegaMessageStatus status;
  gboolean is_private;
  gint64 created_at;
  char *sender_type;
  gint64 sender_id;
  char *sender_name;
  char *echo_id;
  char *source_id;
  char *external_error;
  gint64 in_reply_to;
  char *content_attributes;
  GListStore *attachments;
};

G_DEFINE_FINAL_TYPE (BottegaMessage, bottega_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_CONVERSATION_ID,
  PROP_REMOTE_ID,
  PROP_CONVERSATION_REMOTE_ID,
  PROP_CONTENT,
  PROP_MESSAGE_TYPE,
  PROP_CONTENT_TYPE,
  PROP_STATUS,
  PROP_PRIVATE,
  PROP_CREATED_AT,
  PROP_SENDER_TYPE,
  PROP_SENDER_ID,
  PROP_SENDER_NAME,
  PROP_ECHO_ID,
  PROP_SOURCE_ID,
  PROP_EXTERNAL_ERROR,
  PROP_IN_REPLY_TO,
  PROP_CONTENT_ATTRIBUTES,
  PROP_ATTACHMENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_message_finalize (GObject *object)
{
  BottegaMessage *self = (BottegaMessage *)object;

  g_clear_pointer (&self->content, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->sender_type, g_free);
  g_clear_pointer (&self->sender_name, g_free);
  g_clear_pointer (&self->echo_id, g_free);
  g_clear_pointer (&self->source_id, g_free);
  g_clear_pointer (&self->external_error, g_free);
  g_clear_pointer (&self->content_attributes, g_free);
  g_clear_object (&self->attachments);

  G_OBJECT_CLASS (bottega_message_parent_class)->finalize (object);
}

static void
bottega_message_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BottegaMessage *self = BOTTEGA_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_CONVERSATION_REMOTE_ID:
      g_value_set_int64 (value, self->conversation_remote_id);
      break;

    case PROP_CONTENT:
      g_value_set_string (value, self->content);
      break;

    case PROP_MESSAGE_TYPE:
      g_value_set_enum (value, self->message_type);
      break;

    case PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_PRIVATE:
      g_value_set_boolean (value, self->is_private);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_SENDER_TYPE:
      g_value_set_string (value, self->sender_type);
      break;

    case PROP_SENDER_ID:
      g_value_set_int64 (value, self->sender_id);
      break;

    case PROP_SENDER_NAME:
      g_value_set_string (value, self->sender_name);
      break;

    case PROP_ECHO_ID:
      g_value_set_string (value, self->echo_id);
      break;

    case PROP_SOURCE_ID:
      g_value_set_string (value, self->source_id);
      break;

    case PROP_EXTERNAL_ERROR:
      g_value_set_string (value, self->external_error);
      break;

    case PROP_IN_REPLY_TO:
      g_value_set_int64 (value, self->in_reply_to);
      break;

    case PROP_CONTENT_ATTRIBUTES:
      g_value_set_string (value, self->content_attributes);
      break;

    case PROP_ATTACHMENTS:
      g_value_set_object (value, self->attachments);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_message_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BottegaMessage *self = BOTTEGA_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      bottega_message_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ACCOUNT_ID:
      bottega_message_set_account_id (self, g_value_get_int64 (value));
      break;

    case PROP_CONVERSATION_ID:
      bottega_message_set_conversation_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      bottega_message_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_CONVERSATION_REMOTE_ID:
      bottega_message_set_conversation_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_CONTENT:
      bottega_message_set_content (self, g_value_get_string (value));
      break;

    case PROP_MESSAGE_TYPE:
      bottega_message_set_message_type (self, g_value_get_enum (value));
      break;

    case PROP_CONTENT_TYPE:
      bottega_message_set_content_type (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      bottega_message_set_status (self, g_value_get_enum (value));
      break;

    case PROP_PRIVATE:
      bottega_message_set_private (self, g_value_get_boolean (value));
      break;

    case PROP_CREATED_AT:
      bottega_message_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_SENDER_TYPE:
      bottega_message_set_sender_type (self, g_value_get_string (value));
      break;

    case PROP_SENDER_ID:
      bottega_message_set_sender_id (self, g_value_get_int64 (value));
      break;

    case PROP_SENDER_NAME:
      bottega_message_set_sender_name (self, g_value_get_string (value));
      break;

    case PROP_ECHO_ID:
      bottega_message_set_echo_id (self, g_value_get_string (value));
      break;

    case PROP_SOURCE_ID:
      bottega_message_set_source_id (self, g_value_get_string (value));
      break;

    case PROP_EXTERNAL_ERROR:
      bottega_message_set_external_error (self, g_value_get_string (value));
      break;

    case PROP_IN_REPLY_TO:
      bottega_message_set_in_reply_to (self, g_value_get_int64 (value));
      break;

    case PROP_CONTENT_ATTRIBUTES:
      bottega_message_set_content_attributes (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_message_class_init (BottegaMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_message_finalize;
  object_class->get_property = bottega_message_get_property;
  object_class->set_property = bottega_message_set_property;

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

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_int64 ("conversation-id", NULL, NULL,
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

  properties[PROP_CONVERSATION_REMOTE_ID] =
    g_param_spec_int64 ("conversation-remote-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_MESSAGE_TYPE] =
    g_param_spec_enum ("message-type", NULL, NULL,
                       BOTTEGA_TYPE_MESSAGE_TYPE,
                       BOTTEGA_MESSAGE_INCOMING,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       BOTTEGA_TYPE_MESSAGE_STATUS,
                       BOTTEGA_MESSAGE_STATUS_SENT,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_PRIVATE] =
    g_param_spec_boolean ("private", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_SENDER_TYPE] =
    g_param_spec_string ("sender-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SENDER_ID] =
    g_param_spec_int64 ("sender-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_SENDER_NAME] =
    g_param_spec_string ("sender-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ECHO_ID] =
    g_param_spec_string ("echo-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SOURCE_ID] =
    g_param_spec_string ("source-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EXTERNAL_ERROR] =
    g_param_spec_string ("external-error", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_IN_REPLY_TO] =
    g_param_spec_int64 ("in-reply-to", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTENT_ATTRIBUTES] =
    g_param_spec_string ("content-attributes", NULL, NULL,
                         "{}",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ATTACHMENTS] =
    g_param_spec_object ("attachments", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_message_init (BottegaMessage *self)
{
  self->status = BOTTEGA_MESSAGE_STATUS_SENT;
  self->content_attributes = g_strdup ("{}");
  self->attachments = g_list_store_new (BOTTEGA_TYPE_ATTACHMENT);
}

BottegaMessage *
bottega_message_new (void)
{
  return g_object_new (BOTTEGA_TYPE_MESSAGE, NULL);
}

gint64
bottega_message_get_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->id;
}

void
bottega_message_set_id (BottegaMessage *self,
                        gint64         id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
bottega_message_get_account_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->account_id;
}

void
bottega_message_set_account_id (BottegaMessage *self,
                                gint64         account_id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->account_id == account_id)
    return;

  self->account_id = account_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

gint64
bottega_message_get_conversation_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->conversation_id;
}

void
bottega_message_set_conversation_id (BottegaMessage *self,
                                     gint64         conversation_id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->conversation_id == conversation_id)
    return;

  self->conversation_id = conversation_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION_ID]);
}

gint64
bottega_message_get_remote_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->remote_id;
}

void
bottega_message_set_remote_id (BottegaMessage *self,
                               gint64         remote_id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

gint64
bottega_message_get_conversation_remote_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->conversation_remote_id;
}

void
bottega_message_set_conversation_remote_id (BottegaMessage *self,
                                            gint64         display_id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->conversation_remote_id == display_id)
    return;

  self->conversation_remote_id = display_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION_REMOTE_ID]);
}

const char *
bottega_message_get_content (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->content;
}

void
bottega_message_set_content (BottegaMessage *self,
                             const char     *content)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (bottega_core_set_str (&self->content, content))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

BottegaMessageType
bottega_message_get_message_type (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->message_type;
}

void
bottega_message_set_message_type (BottegaMessage     *self,
                                  BottegaMessageType type)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->message_type == type)
    return;

  self->message_type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_TYPE]);
}

const char *
bottega_message_get_content_type (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->content_type;
}

void
bottega_message_set_content_type (BottegaMessage *self,
                                  const char     *content_type)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (bottega_core_set_str (&self->content_type, content_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_TYPE]);
}

BottegaMessageStatus
bottega_message_get_status (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->status;
}

void
bottega_message_set_status (BottegaMessage       *self,
                            BottegaMessageStatus status)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
bottega_message_get_private (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), FALSE);

  return self->is_private;
}

void
bottega_message_set_private (BottegaMessage *self,
                             gboolean       is_private)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  is_private = !!is_private;

  if (self->is_private == is_private)
    return;

  self->is_private = is_private;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVATE]);
}

gint64
bottega_message_get_created_at (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->created_at;
}

void
bottega_message_set_created_at (BottegaMessage *self,
                                gint64         created_at)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

const char *
bottega_message_get_sender_type (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->sender_type;
}

void
bottega_message_set_sender_type (BottegaMessage *self,
                                 const char     *sender_type)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (bottega_core_set_str (&self->sender_type, sender_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER_TYPE]);
}

gint64
bottega_message_get_sender_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->sender_id;
}

void
bottega_message_set_sender_id (BottegaMessage *self,
                               gint64         sender_id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->sender_id == sender_id)
    return;

  self->sender_id = sender_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER_ID]);
}

const char *
bottega_message_get_sender_name (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->sender_name;
}

void
bottega_message_set_sender_name (BottegaMessage *self,
                                 const char     *sender_name)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (bottega_core_set_str (&self->sender_name, sender_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER_NAME]);
}

const char *
bottega_message_get_echo_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->echo_id;
}

void
bottega_message_set_echo_id (BottegaMessage *self,
                             const char     *echo_id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (bottega_core_set_str (&self->echo_id, echo_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ECHO_ID]);
}

const char *
bottega_message_get_source_id (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->source_id;
}

void
bottega_message_set_source_id (BottegaMessage *self,
                               const char     *source_id)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (bottega_core_set_str (&self->source_id, source_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_ID]);
}

const char *
bottega_message_get_external_error (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->external_error;
}

void
bottega_message_set_external_error (BottegaMessage *self,
                                    const char     *external_error)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (bottega_core_set_str (&self->external_error, external_error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTERNAL_ERROR]);
}

gint64
bottega_message_get_in_reply_to (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return self->in_reply_to;
}

void
bottega_message_set_in_reply_to (BottegaMessage *self,
                                 gint64         in_reply_to)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (self->in_reply_to == in_reply_to)
    return;

  self->in_reply_to = in_reply_to;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_REPLY_TO]);
}

const char *
bottega_message_get_content_attributes (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return self->content_attributes;
}

void
bottega_message_set_content_attributes (BottegaMessage *self,
                                        const char     *json)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));

  if (json == NULL)
    json = "{}";

  if (bottega_core_set_str (&self->content_attributes, json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_ATTRIBUTES]);
}

GListModel *
bottega_message_get_attachments (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), NULL);

  return G_LIST_MODEL (self->attachments);
}

void
bottega_message_add_attachment (BottegaMessage    *self,
                                BottegaAttachment *attachment)
{
  g_return_if_fail (BOTTEGA_IS_MESSAGE (self));
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (attachment));

  g_list_store_append (self->attachments, attachment);
}

guint
bottega_message_get_n_attachments (BottegaMessage *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->attachments));
}
