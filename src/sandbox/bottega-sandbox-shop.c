/* bottega-sandbox-shop.c: the demo shop: seeding, state, persistence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

#define STATE_VERSION        1
#define FIRST_MESSAGE_ID     3001
#define FIRST_ATTACHMENT_ID  501

guint
sandbox_rand_below (GRand *rand,
                    guint  n)
{
  g_assert (n > 0);
  return rand ? (guint) g_rand_int_range (rand, 0, (gint32) n) : (guint) g_random_int_range (0, (gint32) n);
}

double
sandbox_rand_between (GRand  *rand,
                      double  lo,
                      double  hi)
{
  return rand ? g_rand_double_range (rand, lo, hi) : g_random_double_range (lo, hi);
}

char *
sandbox_random_string (GRand      *rand,
                       const char *alphabet,
                       guint       len)
{
  gsize n = strlen (alphabet);
  char *s = g_malloc (len + 1);

  for (guint i = 0; i < len; i++)
    s[i] = alphabet[sandbox_rand_below (rand, (guint) n)];
  s[len] = '\0';
  return s;
}

char *
sandbox_wamid (GRand *rand)
{
  g_autofree char *tail = sandbox_random_string (rand, SANDBOX_ALNUM_MIXED, 46);

  return g_strconcat ("wamid.HBgM", tail, "A", NULL);
}

char *
sandbox_fake_wamid (void)
{
  return sandbox_wamid (NULL);
}

/* ---- frees ---- */

static void
account_free (SandboxAccount *a)
{
  g_free (a->name);
  g_free (a->status);
  g_free (a);
}

static void
agent_free (SandboxAgent *a)
{
  g_free (a->name);
  g_free (a->email);
  g_free (a->role);
  g_free (a->availability);
  g_free (a);
}

static void
contact_free (SandboxContact *c)
{
  g_free (c->name);
  g_free (c->email);
  g_free (c->phone_number);
  g_free (c->city);
  g_free (c->country);
  g_free (c->country_code);
  g_free (c->lang);
  g_free (c);
}

static void
inbox_free (SandboxInbox *i)
{
  g_free (i->name);
  g_free (i->channel_type);
  g_free (i->provider);
  g_free (i->phone_number);
  g_free (i->email);
  g_clear_pointer (&i->message_templates, json_node_unref);
  g_free (i);
}

static void
label_free (SandboxLabel *l)
{
  g_free (l->title);
  g_free (l->description);
  g_free (l->color);
  g_free (l);
}

static void
canned_free (SandboxCanned *c)
{
  g_free (c->short_code);
  g_free (c->content);
  g_free (c);
}

SandboxAttachment *
sandbox_attachment_new (void)
{
  return g_new0 (SandboxAttachment, 1);
}

void
sandbox_attachment_free (SandboxAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->file_type);
  g_free (a->content_type);
  g_free (a->extension);
  g_free (a->filename);
  g_free (a->key);
  g_free (a->transcribed_text);
  g_clear_pointer (&a->source, json_object_unref);
  g_clear_pointer (&a->bytes, g_bytes_unref);
  g_free (a);
}

SandboxMessage *
sandbox_message_new (SandboxConversation *conv,
                     int                  message_type,
                     const char          *content)
{
  SandboxMessage *m = g_new0 (SandboxMessage, 1);

  m->message_type = message_type;
  m->content = (content && *content) ? g_strdup (content) : NULL;
  m->content_type = g_strdup ("text");
  m->status = g_strdup ("sent");
  m->content_attributes = json_object_new ();
  m->additional_attributes = json_object_new ();
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_attachment_free);
  if (conv != NULL)
    {
      m->conversation_id = conv->display_id;
      m->account_id = conv->account_id;
      m->inbox_id = conv->inbox_id;
    }
  return m;
}

void
sandbox_message_free (SandboxMessage *m)
{
  if (m == NULL)
    return;
  g_free (m->content);
  g_free (m->content_type);
  g_free (m->status);
  g_free (m->source_id);
  g_free (m->sender_type);
  g_free (m->echo_id);
  g_clear_pointer (&m->content_attributes, json_object_unref);
  g_clear_pointer (&m->additional_attributes, json_object_unref);
  g_clear_pointer (&m->attachments, g_ptr_array_unref);
  g_free (m);
}

SandboxConversation *
sandbox_conversation_new (void)
{
  SandboxConversation *c = g_new0 (SandboxConversation, 1);

  c->labels = g_ptr_array_new_with_free_func (g_free);
  c->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_message_free);
  c->additional_attributes = json_object_new ();
  c->custom_attributes = json_object_new ();
  c->status = g_strdup ("open");
  return c;
}

static void
conversation_free (SandboxConversation *c)
{
  g_free (c->uuid);
  g_free (c->status);
  g_free (c->priority);
  g_clear_pointer (&c->labels, g_ptr_array_unref);
  g_clear_pointer (&c->messages, g_ptr_array_unref);
  g_clear_pointer (&c->additional_attributes, json_object_unref);
  g_clear_pointer (&c->custom_attributes, json_object_unref);
  g_free (c);
}

SandboxShop *
sandbox_shop_new_empty (void)
{
  SandboxShop *shop = g_new0 (SandboxShop, 1);

  shop->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);
  shop->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) agent_free);
  shop->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) contact_free);
  shop->inboxes = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_free);
  shop->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) label_free);
  shop->canned = g_ptr_array_new_with_free_func ((GDestroyNotify) canned_free);
  shop->conversations = g_ptr_array_new_with_free_func ((GDestroyNotify) conversation_free);
  shop->next_message_id = FIRST_MESSAGE_ID;
  shop->next_attachment_id = FIRST_ATTACHMENT_ID;
  shop->next_display_id = 1;
  shop->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_event_free);
  return shop;
}

void
sandbox_shop_free (SandboxShop *shop)
{
  if (shop == NULL)
    return;
  g_free (shop->token);
  g_free (shop->pubsub_token);
  g_free (shop->blob_dir);
  g_ptr_array_unref (shop->accounts);
  g_ptr_array_unref (shop->agents);
  g_ptr_array_unref (shop->contacts);
  g_ptr_array_unref (shop->inboxes);
  g_ptr_array_unref (shop->labels);
  g_ptr_array_unref (shop->canned);
  g_ptr_array_unref (shop->conversations);
  g_clear_pointer (&shop->seed, json_object_unref);
  g_free (shop->base_url);
  g_clear_pointer (&shop->events, g_ptr_array_unref);
  g_free (shop);
}

void
sandbox_shop_set_blob_dir (SandboxShop *shop,
                           const char  *dir)
{
  g_free (shop->blob_dir);
  shop->blob_dir = g_strdup (dir);
}

JsonObject *
sandbox_load_seed (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  bytes = sandbox_resource_bytes ("shop.json", error);
  if (bytes == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The demo shop's seed is not a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* ---- lookups ---- */

SandboxAccount *
sandbox_shop_find_account (SandboxShop *shop,
                           gint64       id)
{
  for (guint i = 0; i < shop->accounts->len; i++)
    {
      SandboxAccount *a = g_ptr_array_index (shop->accounts, i);

      if (a->id == id)
        return a;
    }
  return NULL;
}

SandboxAgent *
sandbox_shop_find_agent (SandboxShop *shop,
                         gint64       id)
{
  for (guint i = 0; i < shop->agents->len; i++)
    {
      SandboxAgent *a = g_ptr_array_index (shop->agents, i);

      if (a->id == id)
        return a;
    }
  return NULL;
}

SandboxContact *
sandbox_shop_find_contact (SandboxShop *shop,
                           gint64       id)
{
  for (guint i = 0; i < shop->contacts->len; i++)
    {
      SandboxContact *c = g_ptr_array_index (shop->contacts, i);

      if (c->id == id)
        return c;
    }
  return NULL;
}

SandboxInbox *
sandbox_shop_find_inbox (SandboxShop *shop,
                         gint64       id)
{
  for (guint i = 0; i < shop->inboxes->len; i++)
    {
      SandboxInbox *inbox = g_ptr_array_index (shop->inboxes, i);

      if (inbox->id == id)
        return inbox;
    }
  return NULL;
}

SandboxConversation *
sandbox_shop_find_conversation (SandboxShop *shop,
                                gint64       account_id,
                                gint64       display_id)
{
  for (guint i = 0; i < shop->conversations->len; i++)
    {
      SandboxConversation *c = g_ptr_array_index (shop->conversations, i);

      if (c->display_id == display_id && (account_id == 0 || c->account_id == account_id))
        return c;
    }
  return NULL;
}

SandboxMessage *
sandbox_conversation_find_message (SandboxConversation *conv,
                                   gint64               id)
{
  for (guint i = 0; i < conv->messages->len; i++)
    {
      SandboxMessage *m = g_ptr_array_index (conv->messages, i);

      if (m->id == id)
        return m;
    }
  return NULL;
}

SandboxAttachment *
sandbox_shop_find_attachment (SandboxShop *shop,
                              const char  *key)
{
  for (guint i = 0; i < shop->conversations->len; i++)
    {
      SandboxConversation *c = g_ptr_array_index (shop->conversations, i);

      for (guint j = 0; j < c->messages->len; j++)
        {
          SandboxMessage *m = g_ptr_array_index (c->messages, j);

          for (guint k = 0; k < m->attachments->len; k++)
            {
              SandboxAttachment *a = g_ptr_array_index (m->attachments, k);

              if (g_strcmp0 (a->key, key) == 0)
                return a;
            }
        }
    }
  return NULL;
}

SandboxAccount *
sandbox_shop_add_account (SandboxShop *shop,
                          const char  *name,
                          gint64       now)
{
  SandboxAccount *a = g_new0 (SandboxAccount, 1);
  gint64 max = 0;

  for (guint i = 0; i < shop->accounts->len; i++)
    max = MAX (max, ((SandboxAccount *) g_ptr_array_index (shop->accounts, i))->id);
  a->id = max + 1;
  a->name = g_strdup (name);
  a->status = g_strdup ("active");
  a->created_at = now;
  g_ptr_array_add (shop->accounts, a);
  return a;
}

/* ---- conversation state ---- */

gboolean
sandbox_conversation_can_reply (SandboxShop         *shop,
                                SandboxConversation *conv,
                                gint64               now)
{
  SandboxInbox *inbox = sandbox_shop_find_inbox (shop, conv->inbox_id);

  if (inbox == NULL || g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") != 0)
    return TRUE;

  /* WhatsApp's customer service window: 24 h from the customer's last message. */
  for (guint i = conv->messages->len; i > 0; i--)
    {
      SandboxMessage *m = g_ptr_array_index (conv->messages, i - 1);

      if (m->message_type == SANDBOX_MESSAGE_INCOMING)
        return now - m->created_at < SANDBOX_WINDOW_SECONDS;
    }
  return FALSE;
}

guint
sandbox_conversation_unread (SandboxConversation *conv)
{
  guint n = 0;

  for (guint i = conv->messages->len; i > 0 && n < 10; i--)
    {
      SandboxMessage *m = g_ptr_array_index (conv->messages, i - 1);

      if (m->created_at <= conv->agent_last_seen_at)
        break;
      if (m->message_type == SANDBOX_MESSAGE_INCOMING)
        n++;
    }
  return n;
}

SandboxMessage *
sandbox_conversation_last_message (SandboxConversation *conv,
                                   gboolean             skip_activity)
{
  for (guint i = conv->messages->len; i > 0; i--)
    {
      SandboxMessage *m = g_ptr_array_index (conv->messages, i - 1);

      if (!skip_activity || m->message_type != SANDBOX_MESSAGE_ACTIVITY)
        return m;
    }
  return NULL;
}

void
sandbox_shop_append_message (SandboxShop         *shop,
                             SandboxConversation *conv,
                             SandboxMessage      *m,
                             double               now)
{
  g_autofree char *old_status = g_strdup (conv->status);
  gint64 old_waiting = conv->waiting_since;
  gint64 old_first_reply = conv->first_reply_created_at;
  SandboxContact *contact = NULL;

  m->id = shop->next_message_id++;
  m->conversation_id = conv->display_id;
  m->account_id = conv->account_id;
  m->inbox_id = conv->inbox_id;
  m->created_at = (gint64) now;
  m->updated_at = now;
  for (guint i = 0; i < m->attachments->len; i++)
    ((SandboxAttachment *) g_ptr_array_index (m->attachments, i))->message_id = m->id;
  g_ptr_array_add (conv->messages, m);

  conv->last_activity_at = m->created_at;
  conv->updated_at = now;

  if (m->message_type == SANDBOX_MESSAGE_INCOMING)
    {
      contact = sandbox_shop_find_contact (shop, conv->contact_id);
      if (contact != NULL)
        contact->last_activity_at = m->created_at;
      if (conv->waiting_since == 0)
        conv->waiting_since = m->created_at;
      /* A customer writing reopens a resolved or snoozed conversation. */
      if (g_strcmp0 (conv->status, "resolved") == 0 || g_strcmp0 (conv->status, "snoozed") == 0)
        {
          g_free (conv->status);
          conv->status = g_strdup ("open");
          conv->snoozed_until = 0;
        }
    }
  else if (m->message_type == SANDBOX_MESSAGE_OUTGOING && !m->is_private)
    {
      if (conv->first_reply_created_at == 0)
        conv->first_reply_created_at = m->created_at;
      conv->waiting_since = 0;
    }

  /* What the real server broadcasts, in its order. */
  sandbox_emit_message (shop, "message.created", m, NULL);
  if (g_strcmp0 (old_status, conv->status) != 0)
    sandbox_emit_conversation (shop, "conversation.status_changed", conv, now);
  if (g_strcmp0 (old_status, conv->status) != 0 || old_waiting != conv->waiting_since ||
      old_first_reply != conv->first_reply_created_at)
    sandbox_emit_conversation (shop, "conversation.updated", conv, now);
  if (contact != NULL)
    sandbox_emit_contact (shop, "contact.updated", contact, conv->account_id);
}

SandboxMessage *
sandbox_shop_find_message (SandboxShop          *shop,
                           gint64                id,
                           SandboxConversation **conv_out)
{
  for (guint i = 0; i < shop->conversations->len; i++)
    {
      SandboxConversation *c = g_ptr_array_index (shop->conversations, i);
      SandboxMessage *m = sandbox_conversation_find_message (c, id);

      if (m != NULL)
        {
          if (conv_out != NULL)
            *conv_out = c;
          return m;
        }
    }
  return NULL;
}

static int
status_rank (const char *status)
{
  if (g_strcmp0 (status, "delivered") == 0)
    return 1;
  if (g_strcmp0 (status, "read") == 0)
    return 2;
  return 0;
}

gboolean
sandbox_shop_set_message_status (SandboxShop    *shop,
                                 SandboxMessage *m,
                                 const char     *status,
                                 const char     *external_error,
                                 double          now)
{
  JsonObject *changes;
  JsonArray *pair;
  gboolean failed = g_strcmp0 (status, "failed") == 0;
  const char *old_error = json_object_get_string_member_with_default (m->content_attributes, "external_error", NULL);
  gboolean error_changes = failed && external_error != NULL && g_strcmp0 (old_error, external_error) != 0;

  /* Receipts arrive out of order; a read message never goes back to delivered. */
  if (!failed && g_strcmp0 (status, "sent") != 0 && status_rank (status) < status_rank (m->status))
    return FALSE;
  if (g_strcmp0 (m->status, status) == 0 && !error_changes)
    return FALSE;

  changes = json_object_new ();
  if (g_strcmp0 (m->status, status) != 0)
    {
      pair = json_array_new ();
      json_array_add_string_element (pair, m->status);
      json_array_add_string_element (pair, status);
      json_object_set_array_member (changes, "status", pair);
      g_free (m->status);
      m->status = g_strdup (status);
    }
  if (error_changes)
    {
      pair = json_array_new ();
      json_array_add_object_element (pair, sandbox_json_copy_object (m->content_attributes));
      json_object_set_string_member (m->content_attributes, "external_error", external_error);
      json_array_add_object_element (pair, sandbox_json_copy_object (m->content_attributes));
      json_object_set_array_member (changes, "content_attributes", pair);
    }
  m->updated_at = now;
  sandbox_emit_message (shop, "message.updated", m, changes);
  return TRUE;
}

SandboxMessage *
sandbox_shop_add_incoming (SandboxShop         *shop,
                           SandboxConversation *conv,
                           const char          *content,
                           double               now)
{
  SandboxMessage *m = sandbox_message_new (conv, SANDBOX_MESSAGE_INCOMING, content);
  SandboxInbox *inbox = sandbox_shop_find_inbox (shop, conv->inbox_id);

  m->sender_type = g_strdup ("Contact");
  m->sender_id = conv->contact_id;
  if (inbox != NULL && g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") == 0)
    m->source_id = sandbox_fake_wamid ();
  sandbox_shop_append_message (shop, conv, m, now);
  return m;
}

SandboxMessage *
sandbox_shop_add_activity (SandboxShop         *shop,
                           SandboxConversation *conv,
                           const char          *content,
                           double               now)
{
  SandboxMessage *m = sandbox_message_new (conv, SANDBOX_MESSAGE_ACTIVITY, content);

  sandbox_shop_append_message (shop, conv, m, now);
  return m;
}

void
sandbox_shop_register_attachment (SandboxShop       *shop,
                                  SandboxMessage    *message,
                                  SandboxAttachment *attachment)
{
  attachment->id = shop->next_attachment_id++;
  attachment->message_id = message->id;
  if (attachment->key == NULL)
    attachment->key = sandbox_random_string (NULL, SANDBOX_ALNUM_LOWER, 28);
  g_ptr_array_add (message->attachments, attachment);
}

GBytes *
sandbox_shop_attachment_bytes (SandboxShop        *shop,
                               SandboxAttachment  *a,
                               gboolean            thumbnail,
                               GError            **error)
{
  const char *kind = json_object_get_string_member_with_default (a->source, "kind", "blob");

  if (g_strcmp0 (kind, "blob") != 0)
    return sandbox_media_render (a->source, thumbnail, error);

  if (a->bytes == NULL && shop->blob_dir != NULL)
    {
      g_autofree char *path = g_build_filename (shop->blob_dir, a->key, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &data, &len, error))
        return NULL;
      a->bytes = g_bytes_new_take (g_steal_pointer (&data), len);
    }
  if (a->bytes == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The file's bytes are gone");
      return NULL;
    }
  return g_bytes_ref (a->bytes);
}

const char *
sandbox_shop_demo_line (SandboxShop         *shop,
                        SandboxConversation *conv,
                        GRand               *rand)
{
  SandboxContact *contact = sandbox_shop_find_contact (shop, conv->contact_id);
  JsonObject *lines;
  JsonArray *pool;

  if (shop->seed == NULL)
    shop->seed = sandbox_load_seed (NULL);
  if (shop->seed == NULL || !json_object_has_member (shop->seed, "demo_lines"))
    return "Buongiorno!";
  lines = json_object_get_object_member (shop->seed, "demo_lines");
  pool = json_object_get_array_member (lines, contact && json_object_has_member (lines, contact->lang)
                                              ? contact->lang : "it");
  return json_array_get_string_element (pool, sandbox_rand_below (rand, json_array_get_length (pool)));
}

/* ---- persistence ---- */

static void
set_str (JsonObject *o,
         const char *key,
         const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

static char *
get_str (JsonObject *o,
         const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gint64
get_int (JsonObject *o,
         const char *key)
{
  return json_object_get_int_member_with_default (o, key, 0);
}

static JsonObject *
get_obj (JsonObject *o,
         const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_object_ref (json_node_get_object (node));
  return json_object_new ();
}

static JsonArray *
get_array (JsonObject *o,
           const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  return NULL;
}

static JsonObject *
copy_object (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
  g_autoptr(JsonNode) copy = json_node_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

static JsonObject *
attachment_to_json (SandboxAttachment *a)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", a->id);
  json_object_set_int_member (o, "message_id", a->message_id);
  set_str (o, "file_type", a->file_type);
  set_str (o, "content_type", a->content_type);
  set_str (o, "extension", a->extension);
  set_str (o, "filename", a->filename);
  set_str (o, "key", a->key);
  json_object_set_int_member (o, "file_size", a->file_size);
  json_object_set_int_member (o, "width", a->width);
  json_object_set_int_member (o, "height", a->height);
  set_str (o, "transcribed_text", a->transcribed_text);
  json_object_set_object_member (o, "source", copy_object (a->source));
  return o;
}

static JsonObject *
message_to_json (SandboxMessage *m)
{
  JsonObject *o = json_object_new ();
  JsonArray *attachments = json_array_new ();

  json_object_set_int_member (o, "id", m->id);
  json_object_set_int_member (o, "conversation_id", m->conversation_id);
  json_object_set_int_member (o, "account_id", m->account_id);
  json_object_set_int_member (o, "inbox_id", m->inbox_id);
  set_str (o, "content", m->content);
  json_object_set_int_member (o, "message_type", m->message_type);
  set_str (o, "content_type", m->content_type);
  set_str (o, "status", m->status);
  json_object_set_boolean_member (o, "private", m->is_private);
  set_str (o, "source_id", m->source_id);
  json_object_set_int_member (o, "created_at", m->created_at);
  json_object_set_double_member (o, "updated_at", m->updated_at);
  set_str (o, "sender_type", m->sender_type);
  json_object_set_int_member (o, "sender_id", m->sender_id);
  json_object_set_object_member (o, "content_attributes", copy_object (m->content_attributes));
  json_object_set_object_member (o, "additional_attributes", copy_object (m->additional_attributes));
  for (guint i = 0; i < m->attachments->len; i++)
    json_array_add_object_element (attachments, attachment_to_json (g_ptr_array_index (m->attachments, i)));
  json_object_set_array_member (o, "attachments", attachments);
  return o;
}

static JsonObject *
conversation_to_json (SandboxConversation *c)
{
  JsonObject *o = json_object_new ();
  JsonArray *labels = json_array_new ();
  JsonArray *messages = json_array_new ();

  json_object_set_int_member (o, "display_id", c->display_id);
  json_object_set_int_member (o, "account_id", c->account_id);
  set_str (o, "uuid", c->uuid);
  json_object_set_int_member (o, "inbox_id", c->inbox_id);
  json_object_set_int_member (o, "contact_id", c->contact_id);
  json_object_set_int_member (o, "assignee_id", c->assignee_id);
  set_str (o, "status", c->status);
  set_str (o, "priority", c->priority);
  json_object_set_int_member (o, "snoozed_until", c->snoozed_until);
  json_object_set_boolean_member (o, "muted", c->muted);
  for (guint i = 0; i < c->labels->len; i++)
    json_array_add_string_element (labels, g_ptr_array_index (c->labels, i));
  json_object_set_array_member (o, "labels", labels);
  json_object_set_int_member (o, "created_at", c->created_at);
  json_object_set_int_member (o, "last_activity_at", c->last_activity_at);
  json_object_set_int_member (o, "agent_last_seen_at", c->agent_last_seen_at);
  json_object_set_int_member (o, "assignee_last_seen_at", c->assignee_last_seen_at);
  json_object_set_int_member (o, "contact_last_seen_at", c->contact_last_seen_at);
  json_object_set_int_member (o, "first_reply_created_at", c->first_reply_created_at);
  json_object_set_int_member (o, "waiting_since", c->waiting_since);
  json_object_set_double_member (o, "updated_at", c->updated_at);
  json_object_set_object_member (o, "additional_attributes", copy_object (c->additional_attributes));
  json_object_set_object_member (o, "custom_attributes", copy_object (c->custom_attributes));
  for (guint i = 0; i < c->messages->len; i++)
    json_array_add_object_element (messages, message_to_json (g_ptr_array_index (c->messages, i)));
  json_object_set_array_member (o, "messages", messages);
  return o;
}

JsonNode *
sandbox_shop_to_json (SandboxShop *shop)
{
  JsonObject *root = json_object_new ();
  JsonArray *a;

  json_object_set_int_member (root, "version", STATE_VERSION);
  json_object_set_int_member (root, "created_at", shop->created_at);
  set_str (root, "token", shop->token);
  set_str (root, "pubsub_token", shop->pubsub_token);
  json_object_set_int_member (root, "profile_id", shop->profile_id);
  json_object_set_int_member (root, "next_message_id", shop->next_message_id);
  json_object_set_int_member (root, "next_attachment_id", shop->next_attachment_id);
  json_object_set_int_member (root, "next_display_id", shop->next_display_id);

  a = json_array_new ();
  for (guint i = 0; i < shop->accounts->len; i++)
    {
      SandboxAccount *x = g_ptr_array_index (shop->accounts, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", x->id);
      set_str (o, "name", x->name);
      set_str (o, "status", x->status);
      json_object_set_int_member (o, "created_at", x->created_at);
      json_array_add_object_element (a, o);
    }
  json_object_set_array_member (root, "accounts", a);

  a = json_array_new ();
  for (guint i = 0; i < shop->agents->len; i++)
    {
      SandboxAgent *x = g_ptr_array_index (shop->agents, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", x->id);
      set_str (o, "name", x->name);
      set_str (o, "email", x->email);
      set_str (o, "role", x->role);
      set_str (o, "availability", x->availability);
      json_array_add_object_element (a, o);
    }
  json_object_set_array_member (root, "agents", a);

  a = json_array_new ();
  for (guint i = 0; i < shop->contacts->len; i++)
    {
      SandboxContact *x = g_ptr_array_index (shop->contacts, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", x->id);
      set_str (o, "name", x->name);
      set_str (o, "email", x->email);
      set_str (o, "phone_number", x->phone_number);
      set_str (o, "city", x->city);
      set_str (o, "country", x->country);
      set_str (o, "country_code", x->country_code);
      set_str (o, "lang", x->lang);
      json_object_set_int_member (o, "created_at", x->created_at);
      json_object_set_int_member (o, "last_activity_at", x->last_activity_at);
      json_array_add_object_element (a, o);
    }
  json_object_set_array_member (root, "contacts", a);

  a = json_array_new ();
  for (guint i = 0; i < shop->inboxes->len; i++)
    {
      SandboxInbox *x = g_ptr_array_index (shop->inboxes, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", x->id);
      json_object_set_int_member (o, "account_id", x->account_id);
      set_str (o, "name", x->name);
      set_str (o, "channel_type", x->channel_type);
      set_str (o, "provider", x->provider);
      set_str (o, "phone_number", x->phone_number);
      set_str (o, "email", x->email);
      if (x->message_templates != NULL)
        json_object_set_member (o, "message_templates", json_node_copy (x->message_templates));
      json_array_add_object_element (a, o);
    }
  json_object_set_array_member (root, "inboxes", a);

  a = json_array_new ();
  for (guint i = 0; i < shop->labels->len; i++)
    {
      SandboxLabel *x = g_ptr_array_index (shop->labels, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", x->id);
      json_object_set_int_member (o, "account_id", x->account_id);
      set_str (o, "title", x->title);
      set_str (o, "description", x->description);
      set_str (o, "color", x->color);
      json_object_set_boolean_member (o, "show_on_sidebar", x->show_on_sidebar);
      json_array_add_object_element (a, o);
    }
  json_object_set_array_member (root, "labels", a);

  a = json_array_new ();
  for (guint i = 0; i < shop->canned->len; i++)
    {
      SandboxCanned *x = g_ptr_array_index (shop->canned, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", x->id);
      json_object_set_int_member (o, "account_id", x->account_id);
      set_str (o, "short_code", x->short_code);
      set_str (o, "content", x->content);
      json_object_set_int_member (o, "created_at", x->created_at);
      json_object_set_int_member (o, "updated_at", x->updated_at);
      json_array_add_object_element (a, o);
    }
  json_object_set_array_member (root, "canned_responses", a);

  a = json_array_new ();
  for (guint i = 0; i < shop->conversations->len; i++)
    json_array_add_object_element (a, conversation_to_json (g_ptr_array_index (shop->conversations, i)));
  json_object_set_array_member (root, "conversations", a);

  return json_node_init_object (json_node_alloc (), root);
}

static SandboxAttachment *
attachment_from_json (JsonObject *o)
{
  SandboxAttachment *a = sandbox_attachment_new ();

  a->id = get_int (o, "id");
  a->message_id = get_int (o, "message_id");
  a->file_type = get_str (o, "file_type");
  a->content_type = get_str (o, "content_type");
  a->extension = get_str (o, "extension");
  a->filename = get_str (o, "filename");
  a->key = get_str (o, "key");
  a->file_size = get_int (o, "file_size");
  a->width = (int) get_int (o, "width");
  a->height = (int) get_int (o, "height");
  a->transcribed_text = get_str (o, "transcribed_text");
  a->source = get_obj (o, "source");
  return a;
}

static SandboxMessage *
message_from_json (JsonObject *o)
{
  SandboxMessage *m = sandbox_message_new (NULL, (int) get_int (o, "message_type"), NULL);
  JsonArray *attachments = get_array (o, "attachments");

  m->id = get_int (o, "id");
  m->conversation_id = get_int (o, "conversation_id");
  m->account_id = get_int (o, "account_id");
  m->inbox_id = get_int (o, "inbox_id");
  m->content = get_str (o, "content");
  g_free (m->content_type);
  m->content_type = get_str (o, "content_type");
  g_free (m->status);
  m->status = get_str (o, "status");
  m->is_private = json_object_get_boolean_member_with_default (o, "private", FALSE);
  m->source_id = get_str (o, "source_id");
  m->created_at = get_int (o, "created_at");
  m->updated_at = json_object_get_double_member_with_default (o, "updated_at", (double) m->created_at);
  m->sender_type = get_str (o, "sender_type");
  m->sender_id = get_int (o, "sender_id");
  json_object_unref (m->content_attributes);
  m->content_attributes = get_obj (o, "content_attributes");
  json_object_unref (m->additional_attributes);
  m->additional_attributes = get_obj (o, "additional_attributes");
  for (guint i = 0; attachments && i < json_array_get_length (attachments); i++)
    g_ptr_array_add (m->attachments, attachment_from_json (json_array_get_object_element (attachments, i)));
  if (m->content_type == NULL)
    m->content_type = g_strdup ("text");
  if (m->status == NULL)
    m->status = g_strdup ("sent");
  return m;
}

static SandboxConversation *
conversation_from_json (JsonObject *o)
{
  SandboxConversation *c = sandbox_conversation_new ();
  JsonArray *labels = get_array (o, "labels");
  JsonArray *messages = get_array (o, "messages");

  c->display_id = get_int (o, "display_id");
  c->account_id = get_int (o, "account_id");
  c->uuid = get_str (o, "uuid");
  c->inbox_id = get_int (o, "inbox_id");
  c->contact_id = get_int (o, "contact_id");
  c->assignee_id = get_int (o, "assignee_id");
  g_free (c->status);
  c->status = get_str (o, "status");
  if (c->status == NULL)
    c->status = g_strdup ("open");
  c->priority = get_str (o, "priority");
  c->snoozed_until = get_int (o, "snoozed_until");
  c->muted = json_object_get_boolean_member_with_default (o, "muted", FALSE);
  for (guint i = 0; labels && i < json_array_get_length (labels); i++)
    g_ptr_array_add (c->labels, g_strdup (json_array_get_string_element (labels, i)));
  c->created_at = get_int (o, "created_at");
  c->last_activity_at = get_int (o, "last_activity_at");
  c->agent_last_seen_at = get_int (o, "agent_last_seen_at");
  c->assignee_last_seen_at = get_int (o, "assignee_last_seen_at");
  c->contact_last_seen_at = get_int (o, "contact_last_seen_at");
  c->first_reply_created_at = get_int (o, "first_reply_created_at");
  c->waiting_since = get_int (o, "waiting_since");
  c->updated_at = json_object_get_double_member_with_default (o, "updated_at", (double) c->last_activity_at);
  json_object_unref (c->additional_attributes);
  c->additional_attributes = get_obj (o, "additional_attributes");
  json_object_unref (c->custom_attributes);
  c->custom_attributes = get_obj (o, "custom_attributes");
  for (guint i = 0; messages && i < json_array_get_length (messages); i++)
    g_ptr_array_add (c->messages, message_from_json (json_array_get_object_element (messages, i)));
  return c;
}

SandboxShop *
sandbox_shop_new_from_json (JsonNode  *node,
                            GError   **error)
{
  SandboxShop *shop;
  JsonObject *root;
  JsonArray *a;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The sandbox state is not a JSON object");
      return NULL;
    }
  root = json_node_get_object (node);
  if (get_int (root, "version") != STATE_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The sandbox state has version %" G_GINT64_FORMAT ", expected %d",
                   get_int (root, "version"), STATE_VERSION);
      return NULL;
    }

  shop = sandbox_shop_new_empty ();
  shop->created_at = get_int (root, "created_at");
  shop->token = get_str (root, "token");
  shop->pubsub_token = get_str (root, "pubsub_token");
  shop->profile_id = get_int (root, "profile_id");
  shop->next_message_id = get_int (root, "next_message_id");
  shop->next_attachment_id = get_int (root, "next_attachment_id");
  shop->next_display_id = get_int (root, "next_display_id");

  a = get_array (root, "accounts");
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      SandboxAccount *x = g_new0 (SandboxAccount, 1);

      x->id = get_int (o, "id");
      x->name = get_str (o, "name");
      x->status = get_str (o, "status");
      x->created_at = get_int (o, "created_at");
      g_ptr_array_add (shop->accounts, x);
    }

  a = get_array (root, "agents");
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      SandboxAgent *x = g_new0 (SandboxAgent, 1);

      x->id = get_int (o, "id");
      x->name = get_str (o, "name");
      x->email = get_str (o, "email");
      x->role = get_str (o, "role");
      x->availability = get_str (o, "availability");
      g_ptr_array_add (shop->agents, x);
    }

  a = get_array (root, "contacts");
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      SandboxContact *x = g_new0 (SandboxContact, 1);

      x->id = get_int (o, "id");
      x->name = get_str (o, "name");
      x->email = get_str (o, "email");
      x->phone_number = get_str (o, "phone_number");
      x->city = get_str (o, "city");
      x->country = get_str (o, "country");
      x->country_code = get_str (o, "country_code");
      x->lang = get_str (o, "lang");
      x->created_at = get_int (o, "created_at");
      x->last_activity_at = get_int (o, "last_activity_at");
      g_ptr_array_add (shop->contacts, x);
    }

  a = get_array (root, "inboxes");
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      SandboxInbox *x = g_new0 (SandboxInbox, 1);

      x->id = get_int (o, "id");
      x->account_id = get_int (o, "account_id");
      x->name = get_str (o, "name");
      x->channel_type = get_str (o, "channel_type");
      x->provider = get_str (o, "provider");
      x->phone_number = get_str (o, "phone_number");
      x->email = get_str (o, "email");
      if (json_object_has_member (o, "message_templates"))
        x->message_templates = json_node_copy (json_object_get_member (o, "message_templates"));
      g_ptr_array_add (shop->inboxes, x);
    }

  a = get_array (root, "labels");
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      SandboxLabel *x = g_new0 (SandboxLabel, 1);

      x->id = get_int (o, "id");
      x->account_id = get_int (o, "account_id");
      x->title = get_str (o, "title");
      x->description = get_str (o, "description");
      x->color = get_str (o, "color");
      x->show_on_sidebar = json_object_get_boolean_member_with_default (o, "show_on_sidebar", TRUE);
      g_ptr_array_add (shop->labels, x);
    }

  a = get_array (root, "canned_responses");
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      SandboxCanned *x = g_new0 (SandboxCanned, 1);

      x->id = get_int (o, "id");
      x->account_id = get_int (o, "account_id");
      x->short_code = get_str (o, "short_code");
      x->content = get_str (o, "content");
      x->created_at = get_int (o, "created_at");
      x->updated_at = get_int (o, "updated_at");
      g_ptr_array_add (shop->canned, x);
    }

  a = get_array (root, "conversations");
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    g_ptr_array_add (shop->conversations, conversation_from_json (json_array_get_object_element (a, i)));

  if (shop->token == NULL || shop->accounts->len == 0 || shop->next_message_id <= 0)
    {
      sandbox_shop_free (shop);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The sandbox state is incomplete");
      return NULL;
    }
  if (shop->pubsub_token == NULL)
    shop->pubsub_token = sandbox_random_string (NULL, SANDBOX_ALNUM_MIXED, 24);
  return shop;
}
