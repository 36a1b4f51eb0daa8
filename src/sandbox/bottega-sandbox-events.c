/* bottega-sandbox-events.c: the shop's changes as ActionCable events, queued for /cable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

/* Events are rendered at the moment of the change, under the shop's lock,
 * and queued on shop->events; the server thread sends them to /cable's
 * subscribers in order (bottega-sandbox.c). */

void
sandbox_event_free (SandboxEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->name);
  g_clear_pointer (&event->data, json_node_unref);
  g_free (event);
}

static const char *
base_url_of (SandboxShop *shop)
{
  return shop->base_url ? shop->base_url : "http://127.0.0.1";
}

static void
queue (SandboxShop *shop,
       const char  *name,
       JsonObject  *data,
       gint64       account_id,
       gboolean     account_stream)
{
  SandboxEvent *event = g_new0 (SandboxEvent, 1);

  event->name = g_strdup (name);
  event->data = sandbox_json_take_object (data);
  event->account_id = account_id;
  event->account_stream = account_stream;
  if (shop->events == NULL)
    shop->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_event_free);
  g_ptr_array_add (shop->events, event);
}

/* The last message a customer or agent wrote (no notes, no activity). */
static SandboxMessage *
last_chat_message (SandboxConversation *c)
{
  for (guint i = c->messages->len; i > 0; i--)
    {
      SandboxMessage *m = g_ptr_array_index (c->messages, i - 1);

      if (m->message_type != SANDBOX_MESSAGE_ACTIVITY && !m->is_private)
        return m;
    }
  return NULL;
}

static JsonObject *
contact_inbox (SandboxShop         *shop,
               SandboxConversation *c)
{
  JsonObject *o = json_object_new ();
  SandboxContact *contact = sandbox_shop_find_contact (shop, c->contact_id);
  SandboxInbox *inbox = sandbox_shop_find_inbox (shop, c->inbox_id);
  g_autofree char *created = sandbox_iso8601 ((double) c->created_at);
  g_autofree char *pubsub = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) c->uuid,
                                                         c->uuid ? strlen (c->uuid) : 0);

  /* The raw contact_inboxes row; its id stands in for the conversation's. */
  json_object_set_int_member (o, "id", c->display_id);
  json_object_set_int_member (o, "contact_id", c->contact_id);
  json_object_set_int_member (o, "inbox_id", c->inbox_id);
  if (inbox && g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") == 0 && contact && contact->phone_number)
    json_object_set_string_member (o, "source_id", contact->phone_number + 1);
  else
    sandbox_json_set_str (o, "source_id", contact ? contact->email : NULL);
  json_object_set_string_member (o, "created_at", created);
  json_object_set_string_member (o, "updated_at", created);
  json_object_set_boolean_member (o, "hmac_verified", FALSE);
  json_object_set_string_member (o, "pubsub_token", pubsub);
  return o;
}

JsonObject *
sandbox_json_conversation_push (SandboxShop         *shop,
                                const char          *base_url,
                                double               now,
                                SandboxConversation *c)
{
  JsonObject *o = json_object_new ();
  JsonObject *meta = json_object_new ();
  JsonArray *messages = json_array_new ();
  JsonArray *labels = json_array_new ();
  SandboxContact *contact = sandbox_shop_find_contact (shop, c->contact_id);
  SandboxInbox *inbox = sandbox_shop_find_inbox (shop, c->inbox_id);
  SandboxAgent *assignee = c->assignee_id ? sandbox_shop_find_agent (shop, c->assignee_id) : NULL;
  SandboxMessage *last = last_chat_message (c);

  json_object_set_object_member (o, "additional_attributes", sandbox_json_copy_object (c->additional_attributes));
  json_object_set_boolean_member (o, "can_reply", sandbox_conversation_can_reply (shop, c, (gint64) now));
  sandbox_json_set_str (o, "channel", inbox ? inbox->channel_type : NULL);
  json_object_set_object_member (o, "contact_inbox", contact_inbox (shop, c));
  json_object_set_int_member (o, "id", c->display_id);
  json_object_set_int_member (o, "inbox_id", c->inbox_id);
  if (last != NULL)
    json_array_add_object_element (messages, sandbox_json_message (shop, base_url, last, TRUE, NULL));
  json_object_set_array_member (o, "messages", messages);
  for (guint i = 0; i < c->labels->len; i++)
    json_array_add_string_element (labels, g_ptr_array_index (c->labels, i));
  json_object_set_array_member (o, "labels", labels);

  if (contact != NULL)
    json_object_set_object_member (meta, "sender", sandbox_json_contact_push (contact));
  if (assignee != NULL)
    {
      json_object_set_object_member (meta, "assignee", sandbox_json_user_push (assignee));
      json_object_set_string_member (meta, "assignee_type", "User");
    }
  else
    {
      json_object_set_null_member (meta, "assignee");
      json_object_set_null_member (meta, "assignee_type");
    }
  json_object_set_null_member (meta, "team");
  json_object_set_boolean_member (meta, "hmac_verified", FALSE);
  json_object_set_object_member (o, "meta", meta);

  sandbox_json_set_str (o, "status", c->status);
  json_object_set_object_member (o, "custom_attributes", sandbox_json_copy_object (c->custom_attributes));
  sandbox_json_set_iso (o, "snoozed_until", c->snoozed_until);
  json_object_set_int_member (o, "unread_count", sandbox_conversation_unread (c));
  /* ISO or null here, unlike the REST object's integer */
  sandbox_json_set_iso (o, "first_reply_created_at", c->first_reply_created_at);
  sandbox_json_set_str (o, "priority", c->priority);
  json_object_set_int_member (o, "waiting_since", c->waiting_since);
  json_object_set_int_member (o, "agent_last_seen_at", c->agent_last_seen_at);
  json_object_set_int_member (o, "contact_last_seen_at", c->contact_last_seen_at);
  json_object_set_int_member (o, "last_activity_at", c->last_activity_at);
  json_object_set_int_member (o, "timestamp", c->last_activity_at);
  json_object_set_int_member (o, "created_at", c->created_at);
  json_object_set_double_member (o, "updated_at",
                                 c->updated_at == (double) (gint64) c->updated_at ? c->updated_at + 0.001 : c->updated_at);
  json_object_set_int_member (o, "account_id", c->account_id);
  return o;
}

void
sandbox_emit_message (SandboxShop    *shop,
                      const char     *event,
                      SandboxMessage *m,
                      JsonObject     *previous_changes)
{
  JsonObject *data;

  if (!shop->emit_events)
    {
      g_clear_pointer (&previous_changes, json_object_unref);
      return;
    }
  data = sandbox_json_message (shop, base_url_of (shop), m, TRUE, m->echo_id);
  if (previous_changes != NULL)
    json_object_set_object_member (data, "previous_changes", previous_changes);
  queue (shop, event, data, m->account_id, FALSE);
}

void
sandbox_emit_conversation (SandboxShop         *shop,
                           const char          *event,
                           SandboxConversation *c,
                           double               now)
{
  if (!shop->emit_events)
    return;
  queue (shop, event, sandbox_json_conversation_push (shop, base_url_of (shop), now, c), c->account_id, FALSE);
}

void
sandbox_emit_contact (SandboxShop    *shop,
                      const char     *event,
                      SandboxContact *contact,
                      gint64          account_id)
{
  if (!shop->emit_events)
    return;
  queue (shop, event, sandbox_json_contact_push (contact), account_id, TRUE);
}
