/* bottega-sandbox-cable.c: /cable, ActionCable's JSON protocol over libsoup websockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

/* As contracts/chatwoot-api.md §6 tells it: a welcome, a ping every 3 s,
 * RoomChannel subscriptions confirmed only for the profile's pubsub_token
 * and user id (a wrong one gets no answer at all, as the real channel
 * raises), update_presence answered with presence.update on the user's
 * stream. Everything here runs on the server thread. */

#define PING_INTERVAL_MS 3000

typedef struct {
  char   *identifier;        /* byte for byte as the client sent it */
  gint64  account_id;
  gint64  user_id;
} Subscription;

typedef struct {
  SandboxCable            *cable;
  SoupWebsocketConnection *ws;
  GPtrArray               *subscriptions;  /* Subscription */
  gulong                   message_id;
  gulong                   closed_id;
  gboolean                 counted;        /* in *n_open */
} Connection;

struct _SandboxCable {
  GPtrArray         *connections;          /* Connection */
  GSource           *ping_source;
  SandboxCableCheck  check;
  gpointer           check_data;
  gint              *n_open;
};

static void
subscription_free (Subscription *s)
{
  g_free (s->identifier);
  g_free (s);
}

static void
connection_uncount (Connection *conn)
{
  if (conn->counted)
    {
      conn->counted = FALSE;
      g_atomic_int_add (conn->cable->n_open, -1);
    }
}

static void
connection_free (Connection *conn)
{
  connection_uncount (conn);
  g_clear_signal_handler (&conn->message_id, conn->ws);
  g_clear_signal_handler (&conn->closed_id, conn->ws);
  g_clear_object (&conn->ws);
  g_clear_pointer (&conn->subscriptions, g_ptr_array_unref);
  g_free (conn);
}

static void
send_node (Connection *conn,
           JsonNode   *node)
{
  g_autofree char *text = NULL;

  if (soup_websocket_connection_get_state (conn->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = json_to_string (node, FALSE);
  soup_websocket_connection_send_text (conn->ws, text);
}

static void
send_object (Connection *conn,
             JsonObject *o)
{
  g_autoptr(JsonNode) node = sandbox_json_take_object (o);

  send_node (conn, node);
}

/* {"identifier":"…","message":{"event":…,"data":…}} */
static void
send_event (Connection   *conn,
            Subscription *sub,
            const char   *name,
            JsonNode     *data)
{
  JsonObject *frame = json_object_new ();
  JsonObject *message = json_object_new ();

  json_object_set_string_member (message, "event", name);
  json_object_set_member (message, "data", json_node_ref (data));
  json_object_set_string_member (frame, "identifier", sub->identifier);
  json_object_set_object_member (frame, "message", message);
  send_object (conn, frame);
}

static gboolean
ping_cb (gpointer user_data)
{
  SandboxCable *cable = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < cable->connections->len; i++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "type", "ping");
      json_object_set_int_member (o, "message", now);
      send_object (g_ptr_array_index (cable->connections, i), o);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
node_int (JsonObject *o,
          const char *member,
          gint64     *out)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT64, &value, NULL))
        return FALSE;
      *out = (gint64) value;
      return TRUE;
    }
  return FALSE;
}

static JsonObject *
parse_object (const char *text,
              gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static Subscription *
find_subscription (Connection *conn,
                   const char *identifier)
{
  for (guint i = 0; i < conn->subscriptions->len; i++)
    {
      Subscription *sub = g_ptr_array_index (conn->subscriptions, i);

      if (g_strcmp0 (sub->identifier, identifier) == 0)
        return sub;
    }
  return NULL;
}

static void
subscribe (Connection *conn,
           const char *identifier)
{
  g_autoptr(JsonObject) id = parse_object (identifier, -1);
  Subscription *sub;
  JsonObject *confirm;
  const char *token;
  gint64 account_id = 0, user_id = 0;

  if (id == NULL || find_subscription (conn, identifier) != NULL)
    return;
  if (g_strcmp0 (json_object_get_string_member_with_default (id, "channel", NULL), "RoomChannel") != 0)
    return;
  token = json_object_get_string_member_with_default (id, "pubsub_token", NULL);
  if (token == NULL || !node_int (id, "user_id", &user_id) ||
      !conn->cable->check (token, user_id, conn->cable->check_data))
    {
      g_debug ("A /cable subscription was refused");
      return;
    }
  node_int (id, "account_id", &account_id);

  sub = g_new0 (Subscription, 1);
  sub->identifier = g_strdup (identifier);
  sub->account_id = account_id;
  sub->user_id = user_id;
  g_ptr_array_add (conn->subscriptions, sub);

  confirm = json_object_new ();
  json_object_set_string_member (confirm, "identifier", identifier);
  json_object_set_string_member (confirm, "type", "confirm_subscription");
  send_object (conn, confirm);
}

/* RoomChannel#update_presence broadcasts on the user's stream. */
static void
update_presence (SandboxCable *cable,
                 Subscription *from)
{
  g_autoptr(JsonNode) data = NULL;
  JsonObject *o = json_object_new ();
  JsonObject *users = json_object_new ();
  g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, from->user_id);

  json_object_set_int_member (o, "account_id", from->account_id);
  json_object_set_string_member (users, uid, "online");
  json_object_set_object_member (o, "users", users);
  json_object_set_object_member (o, "contacts", json_object_new ());
  data = sandbox_json_take_object (o);

  for (guint i = 0; i < cable->connections->len; i++)
    {
      Connection *conn = g_ptr_array_index (cable->connections, i);

      for (guint j = 0; j < conn->subscriptions->len; j++)
        {
          Subscription *sub = g_ptr_array_index (conn->subscriptions, j);

          if (sub->user_id == from->user_id)
            send_event (conn, sub, "presence.update", data);
        }
    }
}

static void
message_cb (SoupWebsocketConnection *ws,
            gint                     type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  Connection *conn = user_data;
  g_autoptr(JsonObject) command = NULL;
  gsize len = 0;
  const char *text = g_bytes_get_data (bytes, &len);
  const char *name, *identifier;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  command = parse_object (text, (gssize) len);
  if (command == NULL)
    return;
  name = json_object_get_string_member_with_default (command, "command", NULL);
  identifier = json_object_get_string_member_with_default (command, "identifier", NULL);
  if (name == NULL || identifier == NULL)
    return;

  if (g_str_equal (name, "subscribe"))
    subscribe (conn, identifier);
  else if (g_str_equal (name, "unsubscribe"))
    {
      Subscription *sub = find_subscription (conn, identifier);

      if (sub != NULL)
        g_ptr_array_remove (conn->subscriptions, sub);
    }
  else if (g_str_equal (name, "message"))
    {
      Subscription *sub = find_subscription (conn, identifier);
      g_autoptr(JsonObject) data = NULL;

      if (sub == NULL)
        return;
      data = parse_object (json_object_get_string_member_with_default (command, "data", NULL), -1);
      if (data != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (data, "action", NULL), "update_presence") == 0)
        update_presence (conn->cable, sub);
    }
}

static void
closed_cb (SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  Connection *conn = user_data;

  g_debug ("A /cable connection closed");
  g_ptr_array_remove (conn->cable->connections, conn);
}

SandboxCable *
sandbox_cable_new (SandboxCableCheck  check,
                   gpointer           user_data,
                   gint              *n_open)
{
  SandboxCable *cable = g_new0 (SandboxCable, 1);

  cable->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) connection_free);
  cable->check = check;
  cable->check_data = user_data;
  cable->n_open = n_open;
  g_atomic_int_set (n_open, 0);

  cable->ping_source = g_timeout_source_new (PING_INTERVAL_MS);
  g_source_set_callback (cable->ping_source, ping_cb, cable, NULL);
  g_source_attach (cable->ping_source, g_main_context_get_thread_default ());
  return cable;
}

void
sandbox_cable_free (SandboxCable *cable)
{
  if (cable == NULL)
    return;
  g_source_destroy (cable->ping_source);
  g_source_unref (cable->ping_source);
  /* The server goes away: no goodbyes, the sockets just close. */
  for (guint i = 0; i < cable->connections->len; i++)
    {
      Connection *conn = g_ptr_array_index (cable->connections, i);
      GIOStream *stream = soup_websocket_connection_get_io_stream (conn->ws);

      g_clear_signal_handler (&conn->closed_id, conn->ws);
      g_io_stream_close (stream, NULL, NULL);
    }
  g_ptr_array_unref (cable->connections);
  g_free (cable);
}

void
sandbox_cable_accept (SandboxCable            *cable,
                      SoupWebsocketConnection *ws)
{
  Connection *conn = g_new0 (Connection, 1);
  JsonObject *welcome = json_object_new ();

  conn->cable = cable;
  conn->ws = g_object_ref (ws);
  conn->subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) subscription_free);
  conn->counted = TRUE;
  g_atomic_int_inc (cable->n_open);
  conn->message_id = g_signal_connect (ws, "message", G_CALLBACK (message_cb), conn);
  conn->closed_id = g_signal_connect (ws, "closed", G_CALLBACK (closed_cb), conn);
  g_ptr_array_add (cable->connections, conn);

  json_object_set_string_member (welcome, "type", "welcome");
  send_object (conn, welcome);
}

void
sandbox_cable_broadcast (SandboxCable *cable,
                         SandboxEvent *event)
{
  for (guint i = 0; i < cable->connections->len; i++)
    {
      Connection *conn = g_ptr_array_index (cable->connections, i);

      for (guint j = 0; j < conn->subscriptions->len; j++)
        {
          Subscription *sub = g_ptr_array_index (conn->subscriptions, j);

          /* contact.* go to account_<id>; the rest to the user's stream,
           * which carries every account of theirs. */
          if (event->account_stream && sub->account_id != event->account_id)
            continue;
          send_event (conn, sub, event->name, event->data);
        }
    }
}

guint
sandbox_cable_close_all (SandboxCable *cable)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_object_unref);

  /* Closing may complete at once and drop the connection from the list. */
  for (guint i = 0; i < cable->connections->len; i++)
    {
      Connection *conn = g_ptr_array_index (cable->connections, i);

      if (soup_websocket_connection_get_state (conn->ws) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;
      /* Gone for the counters now; the list lets go once the close completes. */
      connection_uncount (conn);
      g_ptr_array_set_size (conn->subscriptions, 0);
      g_ptr_array_add (open, g_object_ref (conn->ws));
    }
  for (guint i = 0; i < open->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (open, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  return open->len;
}
