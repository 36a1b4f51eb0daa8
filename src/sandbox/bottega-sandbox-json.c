/* bottega-sandbox-json.c: the demo shop's objects in Chatwoot's REST and push shapes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

/* An ActiveStorage variation key: 250 px thumbnails. */
#define THUMB_VARIATION "eyJfcmFpbHMiOnsiZGF0YSI6eyJmb3JtYXQiOiJwbmciLCJyZXNpemVfdG9fbGltaXQiOlsyNTAsMjUwXX0sInB1ciI6InZhcmlhdGlvbiJ9fQ--5e0a1c34"

void
sandbox_json_set_str (JsonObject *o,
                      const char *key,
                      const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

void
sandbox_json_set_iso (JsonObject *o,
                      const char *key,
                      gint64      epoch)
{
  if (epoch > 0)
    {
      g_autofree char *iso = sandbox_iso8601 ((double) epoch);

      json_object_set_string_member (o, key, iso);
    }
  else
    json_object_set_null_member (o, key);
}

static JsonNode *deep_copy_node (JsonNode *node);

static JsonArray *
deep_copy_array (JsonArray *a)
{
  JsonArray *copy = json_array_sized_new (json_array_get_length (a));

  for (guint i = 0; i < json_array_get_length (a); i++)
    json_array_add_element (copy, deep_copy_node (json_array_get_element (a, i)));
  return copy;
}

/* json_node_copy() shares objects and arrays; views must not. */
static JsonNode *
deep_copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return sandbox_json_take_object (sandbox_json_copy_object (json_node_get_object (node)));
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = deep_copy_array (json_node_get_array (node));

        copy = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      copy = json_node_copy (node);
      return copy;
    }
}

/* A deep copy: what the model holds and what views and events hold never
 * share a container (events are sealed, the model changes). */
JsonObject *
sandbox_json_copy_object (JsonObject *o)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, deep_copy_node (member));
  return copy;
}

JsonNode *
sandbox_json_take_object (JsonObject *o)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  json_object_unref (o);
  return node;
}

char *
sandbox_iso8601 (double epoch)
{
  gint64 secs = (gint64) epoch;
  int millis = (int) ((epoch - (double) secs) * 1000.0);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (secs);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, CLAMP (millis, 0, 999));
}

/* ---- objects ---- */

char *
sandbox_signed_id (SandboxAttachment *a)
{
  g_autofree char *payload = g_strdup_printf ("{\"_rails\":{\"data\":%" G_GINT64_FORMAT ",\"pur\":\"blob_id\"}}", a->id);
  g_autofree char *b64 = g_base64_encode ((const guchar *) payload, strlen (payload));
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, a->key, -1);

  /* URL-safe, so it fits in one path segment */
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_strdup_printf ("%s--%s", b64, digest);
}

JsonObject *
sandbox_json_attachment (const char        *base_url,
                         SandboxMessage    *m,
                         SandboxAttachment *a)
{
  JsonObject *o = json_object_new ();
  g_autofree char *sid = sandbox_signed_id (a);
  g_autofree char *name = g_uri_escape_string (a->filename ? a->filename : "file", NULL, FALSE);
  g_autofree char *data_url = g_strdup_printf ("%s/rails/active_storage/blobs/redirect/%s/%s", base_url, sid, name);

  json_object_set_int_member (o, "id", a->id);
  json_object_set_int_member (o, "message_id", a->message_id);
  sandbox_json_set_str (o, "file_type", a->file_type);
  json_object_set_int_member (o, "account_id", m->account_id);
  sandbox_json_set_str (o, "extension", a->extension);
  sandbox_json_set_str (o, "content_type", a->content_type);
  json_object_set_string_member (o, "data_url", data_url);
  if (g_strcmp0 (a->file_type, "image") == 0)
    {
      g_autofree char *thumb = g_strdup_printf ("%s/rails/active_storage/representations/redirect/%s/%s/%s",
                                                base_url, sid, THUMB_VARIATION, name);

      json_object_set_string_member (o, "thumb_url", thumb);
    }
  else
    json_object_set_string_member (o, "thumb_url", "");
  json_object_set_int_member (o, "file_size", a->file_size);
  if (a->width > 0)
    json_object_set_int_member (o, "width", a->width);
  else
    json_object_set_null_member (o, "width");
  if (a->height > 0)
    json_object_set_int_member (o, "height", a->height);
  else
    json_object_set_null_member (o, "height");
  if (g_strcmp0 (a->file_type, "audio") == 0)
    sandbox_json_set_str (o, "transcribed_text", a->transcribed_text ? a->transcribed_text : "");
  return o;
}

static JsonObject *
contact_attributes (SandboxContact *c)
{
  JsonObject *o = json_object_new ();

  if (c->city)
    json_object_set_string_member (o, "city", c->city);
  if (c->country)
    json_object_set_string_member (o, "country", c->country);
  if (c->country_code)
    json_object_set_string_member (o, "country_code", c->country_code);
  return o;
}

/* The contact as conversation meta.sender shows it. */
JsonObject *
sandbox_json_contact (SandboxContact *c)
{
  JsonObject *o = json_object_new ();

  json_object_set_object_member (o, "additional_attributes", contact_attributes (c));
  json_object_set_string_member (o, "availability_status", "offline");
  sandbox_json_set_str (o, "email", c->email);
  json_object_set_int_member (o, "id", c->id);
  sandbox_json_set_str (o, "name", c->name);
  sandbox_json_set_str (o, "phone_number", c->phone_number);
  json_object_set_boolean_member (o, "blocked", FALSE);
  json_object_set_null_member (o, "identifier");
  json_object_set_string_member (o, "thumbnail", "");
  json_object_set_object_member (o, "custom_attributes", json_object_new ());
  if (c->last_activity_at > 0)
    json_object_set_int_member (o, "last_activity_at", c->last_activity_at);
  json_object_set_int_member (o, "created_at", c->created_at);
  return o;
}

/* The contact's push data (message senders, messages meta). */
JsonObject *
sandbox_json_contact_push (SandboxContact *c)
{
  JsonObject *o = json_object_new ();

  json_object_set_object_member (o, "additional_attributes", contact_attributes (c));
  json_object_set_object_member (o, "custom_attributes", json_object_new ());
  sandbox_json_set_str (o, "email", c->email);
  json_object_set_int_member (o, "id", c->id);
  json_object_set_null_member (o, "identifier");
  sandbox_json_set_str (o, "name", c->name);
  sandbox_json_set_str (o, "phone_number", c->phone_number);
  json_object_set_string_member (o, "thumbnail", "");
  json_object_set_boolean_member (o, "blocked", FALSE);
  json_object_set_string_member (o, "type", "contact");
  return o;
}

const char *
sandbox_agent_availability (SandboxAgent *a)
{
  return a->availability ? a->availability : "offline";
}

char *
sandbox_agent_display_name (SandboxAgent *a)
{
  const char *space = a->name ? strchr (a->name, ' ') : NULL;

  return space ? g_strndup (a->name, space - a->name) : g_strdup (a->name);
}

JsonObject *
sandbox_json_agent (SandboxAgent *a,
                    gint64        account_id)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", a->id);
  json_object_set_int_member (o, "account_id", account_id);
  json_object_set_string_member (o, "availability_status", sandbox_agent_availability (a));
  json_object_set_boolean_member (o, "auto_offline", TRUE);
  json_object_set_boolean_member (o, "confirmed", TRUE);
  sandbox_json_set_str (o, "email", a->email);
  sandbox_json_set_str (o, "available_name", a->name);
  sandbox_json_set_str (o, "name", a->name);
  sandbox_json_set_str (o, "role", a->role);
  json_object_set_string_member (o, "thumbnail", "");
  json_object_set_null_member (o, "custom_role_id");
  json_object_set_string_member (o, "provider", "email");
  return o;
}

JsonObject *
sandbox_json_user_push (SandboxAgent *a)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", a->id);
  sandbox_json_set_str (o, "name", a->name);
  sandbox_json_set_str (o, "available_name", a->name);
  json_object_set_string_member (o, "avatar_url", "");
  json_object_set_string_member (o, "thumbnail", "");
  json_object_set_string_member (o, "availability_status", sandbox_agent_availability (a));
  json_object_set_string_member (o, "type", "user");
  return o;
}

JsonObject *
sandbox_json_message (SandboxShop    *shop,
                      const char     *base_url,
                      SandboxMessage *m,
                      gboolean        push,
                      const char     *echo_id)
{
  JsonObject *o = json_object_new ();
  g_autofree char *updated = sandbox_iso8601 (m->updated_at);

  json_object_set_int_member (o, "id", m->id);
  sandbox_json_set_str (o, "content", m->content);
  if (push)
    json_object_set_int_member (o, "account_id", m->account_id);
  json_object_set_int_member (o, "inbox_id", m->inbox_id);
  if (echo_id != NULL)
    json_object_set_string_member (o, "echo_id", echo_id);
  json_object_set_int_member (o, "conversation_id", m->conversation_id);
  json_object_set_int_member (o, "message_type", m->message_type);
  sandbox_json_set_str (o, "content_type", m->content_type);
  sandbox_json_set_str (o, "status", m->status);
  json_object_set_object_member (o, "content_attributes", sandbox_json_copy_object (m->content_attributes));
  json_object_set_int_member (o, "created_at", m->created_at);
  json_object_set_string_member (o, "updated_at", updated);
  json_object_set_boolean_member (o, "private", m->is_private);
  sandbox_json_set_str (o, "source_id", m->source_id);
  sandbox_json_set_str (o, "sender_type", m->sender_type);
  if (m->sender_type != NULL)
    json_object_set_int_member (o, "sender_id", m->sender_id);
  else
    json_object_set_null_member (o, "sender_id");
  json_object_set_object_member (o, "additional_attributes", sandbox_json_copy_object (m->additional_attributes));
  if (push)
    {
      json_object_set_string_member (o, "processed_message_content", m->content ? m->content : "");
      json_object_set_object_member (o, "sentiment", json_object_new ());
      json_object_set_null_member (o, "external_source_ids");
    }

  if (g_strcmp0 (m->sender_type, "User") == 0)
    {
      SandboxAgent *agent = sandbox_shop_find_agent (shop, m->sender_id);

      if (agent != NULL)
        json_object_set_object_member (o, "sender", sandbox_json_user_push (agent));
    }
  else if (g_strcmp0 (m->sender_type, "Contact") == 0)
    {
      SandboxContact *contact = sandbox_shop_find_contact (shop, m->sender_id);

      if (contact != NULL)
        json_object_set_object_member (o, "sender", sandbox_json_contact_push (contact));
    }

  if (m->attachments->len > 0)
    {
      JsonArray *attachments = json_array_new ();

      for (guint i = 0; i < m->attachments->len; i++)
        json_array_add_object_element (attachments, sandbox_json_attachment (base_url, m, g_ptr_array_index (m->attachments, i)));
      json_object_set_array_member (o, "attachments", attachments);
    }

  if (push)
    {
      SandboxConversation *conv = sandbox_shop_find_conversation (shop, m->account_id, m->conversation_id);

      if (conv != NULL)
        {
          JsonObject *c = json_object_new ();
          JsonObject *ci = json_object_new ();
          SandboxContact *contact = sandbox_shop_find_contact (shop, conv->contact_id);
          SandboxInbox *inbox = sandbox_shop_find_inbox (shop, conv->inbox_id);
          g_autofree char *source = NULL;

          if (inbox && g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") == 0 && contact && contact->phone_number)
            source = g_strdup (contact->phone_number + 1);
          else if (contact)
            source = g_strdup (contact->email);
          if (conv->assignee_id != 0)
            json_object_set_int_member (c, "assignee_id", conv->assignee_id);
          else
            json_object_set_null_member (c, "assignee_id");
          json_object_set_int_member (c, "unread_count", sandbox_conversation_unread (conv));
          json_object_set_int_member (c, "last_activity_at", conv->last_activity_at);
          sandbox_json_set_str (ci, "source_id", source);
          json_object_set_object_member (c, "contact_inbox", ci);
          json_object_set_object_member (o, "conversation", c);
        }
    }
  return o;
}

JsonNode *
sandbox_api_message (SandboxShop    *shop,
                     SandboxMessage *message,
                     const char     *base_url,
                     gboolean        push,
                     const char     *echo_id)
{
  return sandbox_json_take_object (sandbox_json_message (shop, base_url, message, push, echo_id));
}

JsonObject *
sandbox_json_conversation (SandboxShop         *shop,
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
  SandboxMessage *last = sandbox_conversation_last_message (c, FALSE);
  SandboxMessage *last_real = sandbox_conversation_last_message (c, TRUE);

  if (contact != NULL)
    json_object_set_object_member (meta, "sender", sandbox_json_contact (contact));
  sandbox_json_set_str (meta, "channel", inbox ? inbox->channel_type : NULL);
  if (assignee != NULL)
    {
      json_object_set_object_member (meta, "assignee", sandbox_json_agent (assignee, c->account_id));
      json_object_set_string_member (meta, "assignee_type", "User");
    }
  else
    json_object_set_null_member (meta, "assignee_type");
  json_object_set_boolean_member (meta, "hmac_verified", FALSE);
  json_object_set_object_member (o, "meta", meta);

  json_object_set_int_member (o, "id", c->display_id);
  if (last != NULL)
    json_array_add_object_element (messages, sandbox_json_message (shop, base_url, last, TRUE, NULL));
  json_object_set_array_member (o, "messages", messages);
  json_object_set_int_member (o, "account_id", c->account_id);
  sandbox_json_set_str (o, "uuid", c->uuid);
  json_object_set_object_member (o, "additional_attributes", sandbox_json_copy_object (c->additional_attributes));
  json_object_set_int_member (o, "agent_last_seen_at", c->agent_last_seen_at);
  json_object_set_int_member (o, "assignee_last_seen_at", c->assignee_last_seen_at);
  json_object_set_boolean_member (o, "can_reply", sandbox_conversation_can_reply (shop, c, (gint64) now));
  json_object_set_int_member (o, "contact_last_seen_at", c->contact_last_seen_at);
  json_object_set_object_member (o, "custom_attributes", sandbox_json_copy_object (c->custom_attributes));
  json_object_set_int_member (o, "inbox_id", c->inbox_id);
  for (guint i = 0; i < c->labels->len; i++)
    json_array_add_string_element (labels, g_ptr_array_index (c->labels, i));
  json_object_set_array_member (o, "labels", labels);
  json_object_set_boolean_member (o, "muted", c->muted);
  sandbox_json_set_iso (o, "snoozed_until", c->snoozed_until);
  sandbox_json_set_str (o, "status", c->status);
  json_object_set_int_member (o, "created_at", c->created_at);
  /* json-glib writes a whole double without a decimal point; keep it a float on the wire */
  json_object_set_double_member (o, "updated_at",
                                 c->updated_at == (double) (gint64) c->updated_at ? c->updated_at + 0.001 : c->updated_at);
  json_object_set_int_member (o, "timestamp", c->last_activity_at);
  json_object_set_int_member (o, "first_reply_created_at", c->first_reply_created_at);
  json_object_set_int_member (o, "unread_count", sandbox_conversation_unread (c));
  if (last_real != NULL)
    json_object_set_object_member (o, "last_non_activity_message", sandbox_json_message (shop, base_url, last_real, TRUE, NULL));
  else
    json_object_set_null_member (o, "last_non_activity_message");
  json_object_set_int_member (o, "last_activity_at", c->last_activity_at);
  sandbox_json_set_str (o, "priority", c->priority);
  json_object_set_int_member (o, "waiting_since", c->waiting_since);
  json_object_set_null_member (o, "sla_policy_id");
  return o;
}

JsonObject *
sandbox_json_inbox (SandboxInbox *inbox)
{
  JsonObject *o = json_object_new ();
  gboolean whatsapp = g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") == 0;

  json_object_set_int_member (o, "id", inbox->id);
  json_object_set_string_member (o, "avatar_url", "");
  json_object_set_int_member (o, "channel_id", inbox->id);
  sandbox_json_set_str (o, "name", inbox->name);
  sandbox_json_set_str (o, "channel_type", inbox->channel_type);
  json_object_set_boolean_member (o, "greeting_enabled", FALSE);
  json_object_set_null_member (o, "greeting_message");
  json_object_set_boolean_member (o, "working_hours_enabled", FALSE);
  json_object_set_boolean_member (o, "enable_email_collect", TRUE);
  json_object_set_boolean_member (o, "csat_survey_enabled", FALSE);
  json_object_set_boolean_member (o, "enable_auto_assignment", TRUE);
  json_object_set_object_member (o, "auto_assignment_config", json_object_new ());
  json_object_set_null_member (o, "out_of_office_message");
  json_object_set_string_member (o, "timezone", "Europe/Rome");
  json_object_set_null_member (o, "callback_webhook_url");
  json_object_set_boolean_member (o, "allow_messages_after_resolved", TRUE);
  json_object_set_boolean_member (o, "lock_to_single_conversation", FALSE);
  json_object_set_string_member (o, "sender_name_type", "friendly");
  json_object_set_null_member (o, "business_name");
  json_object_set_boolean_member (o, "reauthorization_required", FALSE);
  sandbox_json_set_str (o, "phone_number", inbox->phone_number);
  sandbox_json_set_str (o, "provider", inbox->provider);
  if (inbox->email != NULL)
    json_object_set_string_member (o, "email", inbox->email);
  if (whatsapp)
    json_object_set_member (o, "message_templates",
                            inbox->message_templates ? json_node_copy (inbox->message_templates)
                                                     : json_node_init_array (json_node_alloc (), json_array_new ()));
  return o;
}
