/* bottega-chatwoot-realtime.c: Chatwoot's ActionCable websocket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <libsoup/soup.h>

#include "bottega-chatwoot-parse.h"
#include "bottega-chatwoot-realtime.h"
#include "bottega-chatwoot-realtime-private.h"

/* A frame is one event: a message with its attachments, a conversation
 * with its last message. Anything larger is skipped, not parsed. */
#define MAX_FRAME_SIZE          (4 * 1024 * 1024)
/* What libsoup buffers before it gives up on the connection; between the
 * two a frame is read and skipped, so one odd event costs no reconnect. */
#define MAX_PAYLOAD_SIZE        (16 * 1024 * 1024)

#define DEFAULT_PRESENCE_MS        20000
#define DEFAULT_DEAD_AFTER_MS      10000
#define DEFAULT_CONFIRM_TIMEOUT_MS 10000
#define DEFAULT_BACKOFF_MIN_MS     1000
#define DEFAULT_BACKOFF_MAX_MS     60000

struct _BottegaChatwootRealtime
{
  GObject                  parent_instance;

  /* Immutable after _new. */
  char                    *cable_url;
  gint64                   remote_account_id;
  gint64                   user_id;
  gint64                   account_id;
  GMainContext            *context;
  SoupSession             *session;

  char                    *pubsub_token;
  /* The RoomChannel identifier, built once per token and compared
   * byte-for-byte with incoming ones. Holds the token. */
  char                    *identifier;

  guint                    presence_ms;
  guint                    dead_after_ms;
  guint                    confirm_timeout_ms;
  guint                    backoff_min_ms;
  guint                    backoff_max_ms;

  BottegaRealtimeState     state;
  /* Between start / reconnect and stop or an auth failure. */
  gboolean                 running;
  guint                    next_backoff_ms;

  GCancellable            *connect_cancellable;
  SoupWebsocketConnection *conn;
  gboolean                 subscribe_sent;

  GSource                 *reconnect_source;
  GSource                 *dead_source;
  GSource                 *confirm_source;
  GSource                 *presence_source;
};

G_DEFINE_FINAL_TYPE (BottegaChatwootRealtime, bottega_chatwoot_realtime, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CONNECTED,
  SIGNAL_DISCONNECTED,
  SIGNAL_AUTH_FAILED,
  SIGNAL_MESSAGE,
  SIGNAL_CONVERSATION,
  SIGNAL_CONTACT,
  SIGNAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_now (BottegaChatwootRealtime *self);

/* ---- secrets ---- */

static void
free_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

/* ---- frames ---- */

static gboolean
frame_malformed (GError     **error,
                 const char  *what)
{
  /* Translators: %s says what was wrong, such as “the event has no name” */
  g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED,
               _("The server sent a realtime update Bottega cannot use (%s)"), what);
  return FALSE;
}

/* A string member, NULL when absent or null; FALSE when it is something
 * else. */
static gboolean
frame_string (JsonObject  *obj,
              const char  *name,
              char       **out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return frame_malformed (error, _("a field is not text"));

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* The whole frame: its type, its identifier and, for an event, the name
 * and data. */
static char *
parse_frame_full (const char  *text,
                  gsize        length,
                  char       **type,
                  char       **identifier,
                  JsonNode   **data,
                  GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *frame_type = NULL;
  g_autofree char *frame_identifier = NULL;
  g_autofree char *name = NULL;
  JsonObject *obj;
  JsonObject *message;
  JsonNode *node;

  *type = NULL;
  *identifier = NULL;
  *data = NULL;

  /* Refused before anything is copied. */
  if (length > MAX_FRAME_SIZE)
    {
      g_autofree char *size = g_format_size (length);

      /* Translators: %s is a size such as “5.2 MB” */
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                   _("The server sent a realtime update larger than Bottega accepts (%s)"), size);
      return NULL;
    }

  bytes = g_bytes_new_static (text != NULL ? text : "", length);
  /* Size, UTF-8 and nesting depth are checked there. */
  root = bottega_chatwoot_parse_json_full (bytes, MAX_FRAME_SIZE, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      frame_malformed (error, _("not an object"));
      return NULL;
    }
  obj = json_node_get_object (root);

  if (!frame_string (obj, "type", &frame_type, error) ||
      !frame_string (obj, "identifier", &frame_identifier, error))
    return NULL;

  node = json_object_get_member (obj, "message");

  /* welcome, ping (whose message is a number), confirm_subscription,
   * reject_subscription, disconnect. */
  if (frame_type != NULL || node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *type = g_steal_pointer (&frame_type);
      *identifier = g_steal_pointer (&frame_identifier);
      return NULL;
    }

  message = json_node_get_object (node);
  if (!frame_string (message, "event", &name, error))
    return NULL;
  if (name == NULL || *name == '\0')
    {
      frame_malformed (error, _("the event has no name"));
      return NULL;
    }

  node = json_object_get_member (message, "data");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *data = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (*data, json_object_new ());
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      *data = json_node_ref (node);
    }
  else
    {
      frame_malformed (error, _("the event data is not an object"));
      return NULL;
    }

  *identifier = g_steal_pointer (&frame_identifier);
  return g_steal_pointer (&name);
}

char *
bottega_chatwoot_realtime_parse_frame (const char  *text,
                                       gsize        length,
                                       char       **type,
                                       JsonNode   **data,
                                       GError     **error)
{
  g_autofree char *frame_type = NULL;
  g_autofree char *identifier = NULL;
  g_autoptr(JsonNode) frame_data = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (type != NULL)
    *type = NULL;
  if (data != NULL)
    *data = NULL;

  name = parse_frame_full (text, length, &frame_type, &identifier, &frame_data, error);

  if (type != NULL)
    *type = g_steal_pointer (&frame_type);
  if (data != NULL)
    *data = g_steal_pointer (&frame_data);

  /* The identifier holds the pubsub token. */
  free_secret (&identifier);

  return g_steal_pointer (&name);
}

/* ---- outgoing frames ---- */

static char *
build_identifier (const char *pubsub_token,
                  gint64      remote_account_id,
                  gint64      user_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, "RoomChannel");
  json_builder_set_member_name (builder, "pubsub_token");
  json_builder_add_string_value (builder, pubsub_token);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, remote_account_id);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, user_id);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* {"command":…,"identifier":…[,"data":…]}; the result holds the token. */
static char *
build_command (const char *command,
               const char *identifier,
               const char *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, identifier);
  if (data != NULL)
    {
      json_builder_set_member_name (builder, "data");
      json_builder_add_string_value (builder, data);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static void
send_command (BottegaChatwootRealtime *self,
              const char              *command,
              const char              *data)
{
  g_autofree char *text = NULL;

  if (self->conn == NULL ||
      soup_websocket_connection_get_state (self->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  text = build_command (command, self->identifier, data);
  soup_websocket_connection_send_text (self->conn, text);
  free_secret (&text);
}

static void
send_presence (BottegaChatwootRealtime *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, "update_presence");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, NULL);

  send_command (self, "message", data);
}

/* ---- timers ---- */

static GSource *
add_timeout (BottegaChatwootRealtime *self,
             guint                    ms,
             GSourceFunc              func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, "[bottega] realtime");
  g_source_attach (source, self->context);

  return source;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* ---- state ---- */

static void
set_state (BottegaChatwootRealtime *self,
           BottegaRealtimeState     state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
on_closed_release (SoupWebsocketConnection *conn,
                   gpointer                 user_data)
{
  g_object_unref (conn);
}

/* Forgets the connection, or the attempt to open one, and its timers. */
static void
teardown_connection (BottegaChatwootRealtime *self)
{
  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }

  clear_source (&self->dead_source);
  clear_source (&self->confirm_source);
  clear_source (&self->presence_source);
  self->subscribe_sent = FALSE;

  if (self->conn != NULL)
    {
      SoupWebsocketConnection *conn = g_steal_pointer (&self->conn);
      SoupWebsocketState ws_state = soup_websocket_connection_get_state (conn);

      g_signal_handlers_disconnect_by_data (conn, self);

      /* An orderly close lets the server drop the subscription at once;
       * the connection keeps itself until it is closed (libsoup gives up
       * on a silent peer after a few seconds). */
      if (ws_state == SOUP_WEBSOCKET_STATE_CLOSED)
        {
          g_object_unref (conn);
        }
      else
        {
          g_signal_connect (conn, "closed", G_CALLBACK (on_closed_release), NULL);
          if (ws_state == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
        }
    }
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  BottegaChatwootRealtime *self = user_data;

  clear_source (&self->reconnect_source);
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (BottegaChatwootRealtime *self)
{
  guint delay;

  clear_source (&self->reconnect_source);

  /* ±30 % so that many clients dropped together do not come back
   * together. */
  delay = (guint) (self->next_backoff_ms * g_random_double_range (0.7, 1.3));
  delay = MAX (delay, 1);

  if (self->next_backoff_ms >= self->backoff_max_ms / 2)
    self->next_backoff_ms = self->backoff_max_ms;
  else
    self->next_backoff_ms *= 2;

  g_debug ("Realtime: reconnecting in %u ms", delay);
  self->reconnect_source = add_timeout (self, delay, on_reconnect_timeout);
}

/* The connection is gone for a reason that is no auth failure: network,
 * server close, silence. Tries again later while running. */
static void
connection_lost (BottegaChatwootRealtime *self,
                 GError                  *reason)
{
  g_autoptr(BottegaChatwootRealtime) hold = g_object_ref (self);

  g_debug ("Realtime: connection lost (%s %d)",
           g_quark_to_string (reason->domain), reason->code);

  teardown_connection (self);
  set_state (self, BOTTEGA_REALTIME_DISCONNECTED);

  if (self->running)
    schedule_reconnect (self);

  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, reason);
}

static void
auth_failed (BottegaChatwootRealtime *self)
{
  g_autoptr(BottegaChatwootRealtime) hold = g_object_ref (self);

  g_debug ("Realtime: the subscription was not confirmed; stopping until started again");

  self->running = FALSE;
  teardown_connection (self);
  clear_source (&self->reconnect_source);
  set_state (self, BOTTEGA_REALTIME_DISCONNECTED);

  g_signal_emit (self, signals[SIGNAL_AUTH_FAILED], 0);
}

static gboolean
on_dead_timeout (gpointer user_data)
{
  BottegaChatwootRealtime *self = user_data;
  g_autoptr(GError) error = NULL;

  clear_source (&self->dead_source);

  g_set_error_literal (&error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT,
                       _("The server stopped answering on the realtime connection"));
  connection_lost (self, error);

  return G_SOURCE_REMOVE;
}

/* Every frame, pings included, proves the connection alive. */
static void
reset_dead_timer (BottegaChatwootRealtime *self)
{
  clear_source (&self->dead_source);
  self->dead_source = add_timeout (self, self->dead_after_ms, on_dead_timeout);
}

static gboolean
on_confirm_timeout (gpointer user_data)
{
  BottegaChatwootRealtime *self = user_data;

  clear_source (&self->confirm_source);

  if (!self->subscribe_sent)
    {
      g_autoptr(GError) error = NULL;

      /* No welcome: not a server that speaks ActionCable right now, which
       * says nothing about the token. */
      g_set_error_literal (&error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT,
                           _("The server did not start the realtime session"));
      connection_lost (self, error);
    }
  else
    {
      /* Chatwoot answers a subscription it does not accept with silence. */
      auth_failed (self);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
on_presence_timeout (gpointer user_data)
{
  BottegaChatwootRealtime *self = user_data;

  if (self->state == BOTTEGA_REALTIME_CONNECTED)
    send_presence (self);

  return G_SOURCE_CONTINUE;
}

/* ---- incoming frames ---- */

/* Event names and frame types come from the server: they reach the log
 * only when they look like ActionCable's own words. */
static const char *
loggable (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 64)
    return "(unnamed)";

  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != ':' && *p != '-')
      return "(unnamed)";

  return name;
}

static void
on_welcome (BottegaChatwootRealtime *self)
{
  if (self->conn == NULL || self->subscribe_sent)
    return;

  send_command (self, "subscribe", NULL);
  self->subscribe_sent = TRUE;

  clear_source (&self->confirm_source);
  self->confirm_source = add_timeout (self, self->confirm_timeout_ms, on_confirm_timeout);
}

static void
on_confirmed (BottegaChatwootRealtime *self)
{
  g_autoptr(BottegaChatwootRealtime) hold = g_object_ref (self);

  if (self->conn == NULL || !self->subscribe_sent || self->state == BOTTEGA_REALTIME_CONNECTED)
    return;

  clear_source (&self->confirm_source);
  self->next_backoff_ms = self->backoff_min_ms;

  /* Online at once, then kept so before the server's 20 s expire. */
  send_presence (self);
  clear_source (&self->presence_source);
  self->presence_source = add_timeout (self, self->presence_ms, on_presence_timeout);

  g_debug ("Realtime: subscribed");
  set_state (self, BOTTEGA_REALTIME_CONNECTED);
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

/* The account an event belongs to: data.account_id, or for notifications
 * data.notification.account_id. FALSE when there is none; -1 when it is
 * there but not a number. */
static gboolean
event_account_id (const char *name,
                  JsonObject *data,
                  gint64     *out)
{
  JsonNode *node = json_object_get_member (data, "account_id");

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && g_str_has_prefix (name, "notification."))
    {
      JsonNode *notification = json_object_get_member (data, "notification");

      if (notification != NULL && JSON_NODE_HOLDS_OBJECT (notification))
        node = json_object_get_member (json_node_get_object (notification), "account_id");
    }

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  *out = -1;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        *out = json_node_get_int (node);
      else if (type == G_TYPE_STRING &&
               !g_ascii_string_to_signed (json_node_get_string (node), 10, 1, G_MAXINT64, out, NULL))
        *out = -1;
    }

  return TRUE;
}

/* Events that carry a conversation or a message can only be placed by
 * their account_id: the pubsub stream mixes all the user's accounts. */
static gboolean
event_needs_account (const char *name)
{
  return g_str_has_prefix (name, "message.") ||
         g_str_has_prefix (name, "conversation.") ||
         g_str_equal (name, "assignee.changed") ||
         g_str_equal (name, "team.changed") ||
         g_str_equal (name, "first.reply.created");
}

static gboolean
event_is_conversation (const char *name)
{
  /* typing_* carry {conversation, user, is_private} and
   * unread_count_changed nothing; both stay raw events. */
  if (g_str_equal (name, "conversation.typing_on") ||
      g_str_equal (name, "conversation.typing_off") ||
      g_str_equal (name, "conversation.unread_count_changed"))
    return FALSE;

  return g_str_has_prefix (name, "conversation.") ||
         g_str_equal (name, "assignee.changed") ||
         g_str_equal (name, "team.changed");
}

static void
dispatch_event (BottegaChatwootRealtime *self,
                const char              *name,
                JsonNode                *data)
{
  g_autoptr(BottegaChatwootRealtime) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  JsonObject *obj = json_node_get_object (data);
  gint64 event_account = 0;

  if (event_account_id (name, obj, &event_account))
    {
      if (event_account != self->remote_account_id)
        {
          g_debug ("Realtime: ignored a %s event of another account", loggable (name));
          return;
        }
    }
  else if (event_needs_account (name))
    {
      g_debug ("Realtime: ignored a %s event without an account", loggable (name));
      return;
    }

  g_signal_emit (self, signals[SIGNAL_EVENT], 0, name, data);

  if (g_str_equal (name, "message.created") || g_str_equal (name, "message.updated"))
    {
      g_autoptr(BottegaMessage) message = NULL;

      message = bottega_chatwoot_parse_message (data, self->account_id, &error);
      if (message != NULL)
        g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message, name);
    }
  else if (event_is_conversation (name))
    {
      g_autoptr(BottegaConversation) conversation = NULL;

      conversation = bottega_chatwoot_parse_conversation (data, self->account_id, &error);
      if (conversation != NULL)
        g_signal_emit (self, signals[SIGNAL_CONVERSATION], 0, conversation, name);
    }
  else if (g_str_has_prefix (name, "contact."))
    {
      g_autoptr(BottegaCustomer) customer = NULL;

      customer = bottega_chatwoot_parse_contact (data, self->account_id, &error);
      if (customer != NULL)
        g_signal_emit (self, signals[SIGNAL_CONTACT], 0, customer, name);
    }

  /* The parsers' messages name fields, never values. */
  if (error != NULL)
    g_debug ("Realtime: skipped a malformed %s event: %s", loggable (name), error->message);
}

void
bottega_chatwoot_realtime_handle_frame (BottegaChatwootRealtime *self,
                                        const char              *text,
                                        gsize                    length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *type = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *name = NULL;
  gboolean ours;

  g_return_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self));
  g_return_if_fail (text != NULL || length == 0);

  name = parse_frame_full (text, length, &type, &identifier, &data, &error);
  ours = identifier != NULL && g_str_equal (identifier, self->identifier);
  free_secret (&identifier);

  if (error != NULL)
    {
      /* Never the frame: it may hold a customer's words. */
      g_debug ("Realtime: skipped a frame: %s", error->message);
      return;
    }

  if (name != NULL)
    {
      if (ours)
        dispatch_event (self, name, data);
      else
        g_debug ("Realtime: ignored a %s event of another subscription", loggable (name));
      return;
    }

  if (type == NULL)
    return;

  if (g_str_equal (type, "welcome"))
    on_welcome (self);
  else if (g_str_equal (type, "ping"))
    ;
  else if (g_str_equal (type, "confirm_subscription") && ours)
    on_confirmed (self);
  else if (g_str_equal (type, "reject_subscription") && ours && self->conn != NULL)
    auth_failed (self);
  else
    /* e.g. "disconnect": the server closes the socket next. */
    g_debug ("Realtime: ignored a frame of type %s", loggable (type));
}

/* ---- the socket ---- */

static void
on_ws_message (SoupWebsocketConnection *conn,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  BottegaChatwootRealtime *self = user_data;
  const char *text;
  gsize len = 0;

  if (conn != self->conn)
    return;

  reset_dead_timer (self);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_debug ("Realtime: ignored a binary frame");
      return;
    }

  text = g_bytes_get_data (message, &len);
  bottega_chatwoot_realtime_handle_frame (self, text, len);
}

static void
on_ws_error (SoupWebsocketConnection *conn,
             GError                  *error,
             gpointer                 user_data)
{
  /* "closed" follows a fatal one. */
  g_debug ("Realtime: socket error (%s %d)", g_quark_to_string (error->domain), error->code);
}

static void
on_ws_closed (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  BottegaChatwootRealtime *self = user_data;
  g_autoptr(GError) error = NULL;

  if (conn != self->conn)
    return;

  g_debug ("Realtime: the server closed the connection (code %u)",
           soup_websocket_connection_get_close_code (conn));

  g_set_error_literal (&error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK,
                       _("The server closed the realtime connection"));
  connection_lost (self, error);
}

static void
on_connect_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BottegaChatwootRealtime *self;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  /* Cancelled by teardown: @user_data may be gone already. */
  if (conn == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  g_clear_object (&self->connect_cancellable);

  if (conn == NULL)
    {
      g_autoptr(GError) reason = NULL;

      g_set_error (&reason, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK,
                   /* Translators: %s is the reason, from the network library */
                   _("Could not open the realtime connection: %s"), error->message);
      connection_lost (self, reason);
      return;
    }

  g_debug ("Realtime: socket open");

  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_PAYLOAD_SIZE);
  self->conn = g_steal_pointer (&conn);
  g_signal_connect (self->conn, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (self->conn, "error", G_CALLBACK (on_ws_error), self);
  g_signal_connect (self->conn, "closed", G_CALLBACK (on_ws_closed), self);

  reset_dead_timer (self);
  /* The welcome is due first; the same timeout then waits for the
   * confirmation. */
  clear_source (&self->confirm_source);
  self->confirm_source = add_timeout (self, self->confirm_timeout_ms, on_confirm_timeout);
}

static void
connect_now (BottegaChatwootRealtime *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  char *protocols[] = { (char *) "actioncable-v1-json", NULL };

  teardown_connection (self);
  clear_source (&self->reconnect_source);

  msg = soup_message_new ("GET", self->cable_url);
  g_assert (msg != NULL);

  set_state (self, BOTTEGA_REALTIME_CONNECTING);
  self->connect_cancellable = g_cancellable_new ();

  /* The handshake gets the same bound as a silent connection. */
  reset_dead_timer (self);

  g_main_context_push_thread_default (self->context);
  soup_session_websocket_connect_async (self->session, msg, NULL, protocols,
                                        G_PRIORITY_DEFAULT, self->connect_cancellable,
                                        on_connect_ready, self);
  g_main_context_pop_thread_default (self->context);
}

/* ---- GObject ---- */

static void
bottega_chatwoot_realtime_dispose (GObject *object)
{
  BottegaChatwootRealtime *self = (BottegaChatwootRealtime *) object;

  self->running = FALSE;
  teardown_connection (self);
  clear_source (&self->reconnect_source);

  G_OBJECT_CLASS (bottega_chatwoot_realtime_parent_class)->dispose (object);
}

static void
bottega_chatwoot_realtime_finalize (GObject *object)
{
  BottegaChatwootRealtime *self = (BottegaChatwootRealtime *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->cable_url, g_free);
  free_secret (&self->pubsub_token);
  free_secret (&self->identifier);

  G_OBJECT_CLASS (bottega_chatwoot_realtime_parent_class)->finalize (object);
}

static void
bottega_chatwoot_realtime_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BottegaChatwootRealtime *self = BOTTEGA_CHATWOOT_REALTIME (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_chatwoot_realtime_class_init (BottegaChatwootRealtimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bottega_chatwoot_realtime_dispose;
  object_class->finalize = bottega_chatwoot_realtime_finalize;
  object_class->get_property = bottega_chatwoot_realtime_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      BOTTEGA_REALTIME_DISCONNECTED, BOTTEGA_REALTIME_CONNECTED,
                      BOTTEGA_REALTIME_DISCONNECTED,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONNECTED] =
    g_signal_new ("connected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  signals[SIGNAL_AUTH_FAILED] =
    g_signal_new ("auth-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BOTTEGA_TYPE_MESSAGE, G_TYPE_STRING);

  signals[SIGNAL_CONVERSATION] =
    g_signal_new ("conversation",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BOTTEGA_TYPE_CONVERSATION, G_TYPE_STRING);

  signals[SIGNAL_CONTACT] =
    g_signal_new ("contact",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BOTTEGA_TYPE_CUSTOMER, G_TYPE_STRING);

  signals[SIGNAL_EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_NODE);
}

static void
bottega_chatwoot_realtime_init (BottegaChatwootRealtime *self)
{
  self->state = BOTTEGA_REALTIME_DISCONNECTED;
  self->presence_ms = DEFAULT_PRESENCE_MS;
  self->dead_after_ms = DEFAULT_DEAD_AFTER_MS;
  self->confirm_timeout_ms = DEFAULT_CONFIRM_TIMEOUT_MS;
  self->backoff_min_ms = DEFAULT_BACKOFF_MIN_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->next_backoff_ms = DEFAULT_BACKOFF_MIN_MS;
}

/* ---- public API ---- */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* <base>/cable over wss://, or ws:// to this computer; NULL for anything
 * the REST client would refuse too. */
static char *
cable_url_for (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *base = g_strstrip (g_strdup (base_url));
  const char *scheme;
  const char *host;
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  uri = g_uri_parse (base, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL ||
      (host = g_uri_get_host (uri)) == NULL || *host == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return g_strconcat ("wss", base + strlen ("https"), "/cable", NULL);
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (host))
    return g_strconcat ("ws", base + strlen ("http"), "/cable", NULL);

  return NULL;
}

BottegaChatwootRealtime *
bottega_chatwoot_realtime_new (const char *base_url,
                               const char *pubsub_token,
                               gint64      remote_account_id,
                               gint64      user_id,
                               gint64      account_id)
{
  BottegaChatwootRealtime *self;
  g_autofree char *cable_url = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (pubsub_token != NULL, NULL);
  g_return_val_if_fail (remote_account_id > 0, NULL);
  g_return_val_if_fail (user_id > 0, NULL);
  g_return_val_if_fail (account_id >= 0, NULL);

  /* The caller has had the address checked by the REST client. */
  cable_url = cable_url_for (base_url);
  if (cable_url == NULL)
    {
      g_critical ("%s: not an https:// (or loopback http://) server address", G_STRFUNC);
      return NULL;
    }

  self = g_object_new (BOTTEGA_TYPE_CHATWOOT_REALTIME, NULL);
  self->cable_url = g_steal_pointer (&cable_url);
  self->remote_account_id = remote_account_id;
  self->user_id = user_id;
  self->account_id = account_id;
  self->pubsub_token = g_strdup (pubsub_token);
  self->identifier = build_identifier (pubsub_token, remote_account_id, user_id);
  self->context = g_main_context_ref_thread_default ();

  g_main_context_push_thread_default (self->context);
  self->session = soup_session_new_with_options ("user-agent", "Bottega/" PACKAGE_VERSION,
                                                 NULL);
  g_main_context_pop_thread_default (self->context);

  return self;
}

void
bottega_chatwoot_realtime_start (BottegaChatwootRealtime *self)
{
  g_return_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->next_backoff_ms = self->backoff_min_ms;
  connect_now (self);
}

void
bottega_chatwoot_realtime_stop (BottegaChatwootRealtime *self)
{
  g_return_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self));

  self->running = FALSE;
  teardown_connection (self);
  clear_source (&self->reconnect_source);
  set_state (self, BOTTEGA_REALTIME_DISCONNECTED);
}

void
bottega_chatwoot_realtime_reconnect (BottegaChatwootRealtime *self)
{
  g_return_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self));

  self->running = TRUE;
  self->next_backoff_ms = self->backoff_min_ms;
  connect_now (self);
}

BottegaRealtimeState
bottega_chatwoot_realtime_get_state (BottegaChatwootRealtime *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self), BOTTEGA_REALTIME_DISCONNECTED);

  return self->state;
}

void
bottega_chatwoot_realtime_set_pubsub_token (BottegaChatwootRealtime *self,
                                            const char              *pubsub_token)
{
  g_return_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self));
  g_return_if_fail (pubsub_token != NULL);

  if (g_strcmp0 (self->pubsub_token, pubsub_token) == 0)
    return;

  free_secret (&self->pubsub_token);
  free_secret (&self->identifier);
  self->pubsub_token = g_strdup (pubsub_token);
  self->identifier = build_identifier (pubsub_token, self->remote_account_id, self->user_id);

  /* A subscription made with the old token means nothing now. */
  if (self->running)
    {
      self->next_backoff_ms = self->backoff_min_ms;
      connect_now (self);
    }
}

void
bottega_chatwoot_realtime_set_timings (BottegaChatwootRealtime *self,
                                       guint                    presence_ms,
                                       guint                    dead_after_ms,
                                       guint                    confirm_timeout_ms,
                                       guint                    backoff_min_ms,
                                       guint                    backoff_max_ms)
{
  g_return_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self));
  g_return_if_fail (presence_ms > 0 && dead_after_ms > 0 && confirm_timeout_ms > 0);
  g_return_if_fail (backoff_min_ms > 0 && backoff_min_ms <= backoff_max_ms);

  self->presence_ms = presence_ms;
  self->dead_after_ms = dead_after_ms;
  self->confirm_timeout_ms = confirm_timeout_ms;
  self->backoff_min_ms = backoff_min_ms;
  self->backoff_max_ms = backoff_max_ms;
  self->next_backoff_ms = CLAMP (self->next_backoff_ms, backoff_min_ms, backoff_max_ms);
}

const char *
bottega_chatwoot_realtime_get_identifier (BottegaChatwootRealtime *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_REALTIME (self), NULL);

  return self->identifier;
}
