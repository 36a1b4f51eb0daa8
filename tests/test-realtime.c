/* test-realtime.c: the Chatwoot ActionCable client and message retry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-test"

#include "config.h"

#include <string.h>

#include "bottega-chatwoot-client.h"
#include "bottega-chatwoot-parse.h"
#include "bottega-chatwoot-realtime.h"
#include "bottega-chatwoot-realtime-private.h"
#include "bottega-provider-error.h"
#include "bottega-sandbox.h"

#define LOCAL_ACCOUNT_ID 7
/* Bounded waits: far longer than anything should take, so a slow machine
 * does not fail, while a broken client still ends the test. */
#define WAIT_MS          15000

/* One sandbox for every test; each test makes its own realtime client. */
static BottegaSandbox *sandbox;

/* ---- waiting ---- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until @cond holds or @timeout_ms pass; returns
 * whether it holds. */
static gboolean
wait_for (Condition cond,
          gpointer  data,
          guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (20, wake_up, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return ok;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Lets the main context run for @ms, for checks that something does not
 * happen. */
static void
run_for (guint ms)
{
  wait_for (never, NULL, ms);
}

/* ---- recording signals ---- */

typedef struct {
  BottegaChatwootRealtime *rt;
  guint      connected;
  guint      disconnected;
  guint      auth_failed;
  guint      connecting;       /* state changes to CONNECTING */
  guint      timeouts;         /* disconnects with TIMEOUT */
  GPtrArray *messages;         /* BottegaMessage */
  GPtrArray *message_events;   /* char * */
  GPtrArray *conversations;    /* BottegaConversation */
  GPtrArray *conversation_events;
  GPtrArray *contacts;         /* BottegaCustomer */
  GPtrArray *events;           /* char * */
} Recorder;

static void
on_connected (BottegaChatwootRealtime *rt,
              Recorder                *rec)
{
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_CONNECTED);
  rec->connected++;
}

static void
on_disconnected (BottegaChatwootRealtime *rt,
                 GError                  *reason,
                 Recorder                *rec)
{
  g_assert_nonnull (reason);
  g_assert_true (reason->domain == BOTTEGA_PROVIDER_ERROR);
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_DISCONNECTED);
  rec->disconnected++;
  if (reason->code == BOTTEGA_PROVIDER_ERROR_TIMEOUT)
    rec->timeouts++;
}

static void
on_auth_failed (BottegaChatwootRealtime *rt,
                Recorder                *rec)
{
  rec->auth_failed++;
}

static void
on_state (BottegaChatwootRealtime *rt,
          GParamSpec              *pspec,
          Recorder                *rec)
{
  int state = -1;

  g_object_get (rt, "state", &state, NULL);
  g_assert_cmpint (state, ==, bottega_chatwoot_realtime_get_state (rt));
  if (state == BOTTEGA_REALTIME_CONNECTING)
    rec->connecting++;
}

static void
on_message (BottegaChatwootRealtime *rt,
            BottegaMessage          *message,
            const char              *event,
            Recorder                *rec)
{
  g_ptr_array_add (rec->messages, g_object_ref (message));
  g_ptr_array_add (rec->message_events, g_strdup (event));
}

static void
on_conversation (BottegaChatwootRealtime *rt,
                 BottegaConversation     *conversation,
                 const char              *event,
                 Recorder                *rec)
{
  g_ptr_array_add (rec->conversations, g_object_ref (conversation));
  g_ptr_array_add (rec->conversation_events, g_strdup (event));
}

static void
on_contact (BottegaChatwootRealtime *rt,
            BottegaCustomer         *customer,
            const char              *event,
            Recorder                *rec)
{
  g_ptr_array_add (rec->contacts, g_object_ref (customer));
}

static void
on_event (BottegaChatwootRealtime *rt,
          const char              *name,
          JsonNode                *data,
          Recorder                *rec)
{
  g_assert_nonnull (data);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (data));
  g_ptr_array_add (rec->events, g_strdup (name));
}

static Recorder *
recorder_new (BottegaChatwootRealtime *rt)
{
  Recorder *rec = g_new0 (Recorder, 1);

  rec->rt = rt;
  rec->messages = g_ptr_array_new_with_free_func (g_object_unref);
  rec->message_events = g_ptr_array_new_with_free_func (g_free);
  rec->conversations = g_ptr_array_new_with_free_func (g_object_unref);
  rec->conversation_events = g_ptr_array_new_with_free_func (g_free);
  rec->contacts = g_ptr_array_new_with_free_func (g_object_unref);
  rec->events = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (rt, "connected", G_CALLBACK (on_connected), rec);
  g_signal_connect (rt, "disconnected", G_CALLBACK (on_disconnected), rec);
  g_signal_connect (rt, "auth-failed", G_CALLBACK (on_auth_failed), rec);
  g_signal_connect (rt, "notify::state", G_CALLBACK (on_state), rec);
  g_signal_connect (rt, "message", G_CALLBACK (on_message), rec);
  g_signal_connect (rt, "conversation", G_CALLBACK (on_conversation), rec);
  g_signal_connect (rt, "contact", G_CALLBACK (on_contact), rec);
  g_signal_connect (rt, "event", G_CALLBACK (on_event), rec);

  return rec;
}

static void
recorder_free (Recorder *rec)
{
  g_signal_handlers_disconnect_by_data (rec->rt, rec);
  g_ptr_array_unref (rec->messages);
  g_ptr_array_unref (rec->message_events);
  g_ptr_array_unref (rec->conversations);
  g_ptr_array_unref (rec->conversation_events);
  g_ptr_array_unref (rec->contacts);
  g_ptr_array_unref (rec->events);
  g_free (rec);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

/* The recorded message with @remote_id from @event, or NULL. */
static BottegaMessage *
find_message (Recorder   *rec,
              gint64      remote_id,
              const char *event)
{
  for (guint i = 0; i < rec->messages->len; i++)
    {
      BottegaMessage *message = g_ptr_array_index (rec->messages, i);

      if (bottega_message_get_remote_id (message) == remote_id &&
          g_str_equal (g_ptr_array_index (rec->message_events, i), event))
        return message;
    }

  return NULL;
}

static gboolean
has_event (Recorder   *rec,
           const char *name)
{
  for (guint i = 0; i < rec->events->len; i++)
    if (g_str_equal (g_ptr_array_index (rec->events, i), name))
      return TRUE;

  return FALSE;
}

static gboolean
is_connected (gpointer data)
{
  Recorder *rec = data;

  return bottega_chatwoot_realtime_get_state (rec->rt) == BOTTEGA_REALTIME_CONNECTED;
}

/* ---- helpers against the sandbox ---- */

static BottegaChatwootClient *
new_client (void)
{
  g_autoptr(GError) error = NULL;
  BottegaChatwootClient *client;

  client = bottega_chatwoot_client_new (bottega_sandbox_get_url (sandbox),
                                        bottega_sandbox_get_token (sandbox),
                                        bottega_sandbox_get_account_id (sandbox),
                                        LOCAL_ACCOUNT_ID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);

  return client;
}

static BottegaChatwootProfile *
get_profile (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(GError) error = NULL;
  BottegaChatwootProfile *profile;

  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_nonnull (profile->pubsub_token);

  return profile;
}

/* A realtime client for the sandbox with short timings. @pubsub_token
 * NULL: the profile's. */
static BottegaChatwootRealtime *
new_realtime (const char *pubsub_token)
{
  g_autoptr(BottegaChatwootProfile) profile = get_profile ();
  BottegaChatwootRealtime *rt;

  rt = bottega_chatwoot_realtime_new (bottega_sandbox_get_url (sandbox),
                                      pubsub_token ? pubsub_token : profile->pubsub_token,
                                      bottega_sandbox_get_account_id (sandbox),
                                      profile->user_id,
                                      LOCAL_ACCOUNT_ID);
  g_assert_nonnull (rt);
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_DISCONNECTED);
  bottega_chatwoot_realtime_set_timings (rt, 500, 1500, 1000, 50, 400);

  return rt;
}

static void
start_and_wait_connected (Recorder *rec)
{
  bottega_chatwoot_realtime_start (rec->rt);
  g_assert_true (wait_for (is_connected, rec, WAIT_MS));
}

/* An open conversation the agent may write free text into. */
static gint64
pick_open_conversation (BottegaChatwootClient *client)
{
  BottegaChatwootConversationQuery query = { "open", NULL, 1, -1 };
  g_autoptr(BottegaChatwootConversationPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = bottega_chatwoot_client_list_conversations (client, &query, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < page->conversations->len; i++)
    {
      BottegaConversation *c = g_ptr_array_index (page->conversations, i);

      if (bottega_conversation_get_can_reply (c))
        return bottega_conversation_get_remote_id (c);
    }

  g_assert_not_reached ();
  return 0;
}

/* ---- parse_frame ---- */

static void
test_parse_control_frames (void)
{
  struct {
    const char *frame;
    const char *type;
  } cases[] = {
    { "{\"type\":\"welcome\"}", "welcome" },
    { "{\"type\":\"ping\",\"message\":1781234567}", "ping" },
    { "{\"identifier\":\"{\\\"channel\\\":\\\"RoomChannel\\\",\\\"pubsub_token\\\":\\\"abc\\\"}\","
      "\"type\":\"confirm_subscription\"}", "confirm_subscription" },
    { "{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}", "disconnect" },
    { "{\"something\":\"else\"}", NULL },
    { "{\"identifier\":\"x\",\"message\":\"just text\"}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) data = NULL;
      g_autofree char *type = NULL;
      g_autofree char *name = NULL;

      name = bottega_chatwoot_realtime_parse_frame (cases[i].frame, strlen (cases[i].frame),
                                                    &type, &data, &error);
      g_assert_no_error (error);
      g_assert_null (name);
      g_assert_null (data);
      g_assert_cmpstr (type, ==, cases[i].type);
    }
}

static void
test_parse_event_frame (void)
{
  const char *frame =
    "{\"identifier\":\"{\\\"channel\\\":\\\"RoomChannel\\\"}\","
    "\"message\":{\"event\":\"message.created\",\"data\":{\"id\":901,\"content\":\"Ciao, è pronto?\","
    "\"account_id\":3,\"conversation_id\":12,\"message_type\":0,\"created_at\":1781234567,"
    "\"updated_at\":\"2026-06-12T10:02:47.000Z\",\"echo_id\":null}}}";
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;
  JsonObject *obj;

  name = bottega_chatwoot_realtime_parse_frame (frame, strlen (frame), &type, &data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "message.created");
  g_assert_null (type);
  g_assert_nonnull (data);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (data));

  obj = json_node_get_object (data);
  g_assert_cmpint (json_object_get_int_member (obj, "id"), ==, 901);
  g_assert_cmpint (json_object_get_int_member (obj, "account_id"), ==, 3);

  /* The push shape parses into the same model as the REST one. */
  message = bottega_chatwoot_parse_message (data, LOCAL_ACCOUNT_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_message_get_content (message), ==, "Ciao, è pronto?");
  g_assert_cmpint (bottega_message_get_conversation_remote_id (message), ==, 12);

  /* No data at all is an empty object, e.g. conversation.unread_count_changed. */
  {
    const char *bare = "{\"identifier\":\"x\",\"message\":{\"event\":\"conversation.unread_count_changed\"}}";
    g_autoptr(JsonNode) empty = NULL;
    g_autofree char *bare_name = NULL;

    bare_name = bottega_chatwoot_realtime_parse_frame (bare, strlen (bare), NULL, &empty, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (bare_name, ==, "conversation.unread_count_changed");
    g_assert_true (JSON_NODE_HOLDS_OBJECT (empty));
    g_assert_cmpuint (json_object_get_size (json_node_get_object (empty)), ==, 0);
  }
}

static void
test_parse_malformed_frames (void)
{
  const char *cases[] = {
    "",
    "{\"type\":",
    "[1,2,3]",
    "\"welcome\"",
    "{\"type\":42}",
    "{\"identifier\":[],\"message\":{\"event\":\"message.created\",\"data\":{}}}",
    "{\"identifier\":\"x\",\"message\":{\"event\":5,\"data\":{}}}",
    "{\"identifier\":\"x\",\"message\":{\"event\":\"\",\"data\":{}}}",
    "{\"identifier\":\"x\",\"message\":{\"data\":{\"id\":1}}}",
    "{\"identifier\":\"x\",\"message\":{\"event\":\"message.created\",\"data\":[1]}}",
    "{\"identifier\":\"x\",\"message\":{\"event\":\"message.created\",\"data\":\"{}\"}}",
    "{\"type\":\"welcome\"} trailing",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) data = NULL;
      g_autofree char *type = NULL;
      g_autofree char *name = NULL;

      name = bottega_chatwoot_realtime_parse_frame (cases[i], strlen (cases[i]), &type, &data, &error);
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
      g_assert_null (name);
      g_assert_null (data);
    }

  /* Not UTF-8, and a NUL inside the frame. */
  {
    const char bad[] = "{\"type\":\"we\xff\xfelcome\"}";
    const char nul[] = "{\"type\":\"welcome\"}\0{}";
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) error2 = NULL;
    g_autofree char *name = NULL;
    g_autofree char *name2 = NULL;

    name = bottega_chatwoot_realtime_parse_frame (bad, sizeof bad - 1, NULL, NULL, &error);
    g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
    g_assert_null (name);

    name2 = bottega_chatwoot_realtime_parse_frame (nul, sizeof nul - 1, NULL, NULL, &error2);
    g_assert_error (error2, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
    g_assert_null (name2);
  }
}

static void
test_parse_oversized_frame (void)
{
  const gsize size = 5 * 1024 * 1024;
  g_autoptr(GString) frame = g_string_sized_new (size + 128);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;

  /* Valid JSON, only too large. */
  g_string_append (frame, "{\"identifier\":\"x\",\"message\":{\"event\":\"message.created\",\"data\":{\"id\":1,\"content\":\"");
  while (frame->len < size)
    g_string_append (frame, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (frame, "\"}}}");

  name = bottega_chatwoot_realtime_parse_frame (frame->str, frame->len, &type, &data, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE);
  g_assert_null (name);
  g_assert_null (data);
}

static void
test_parse_deep_frame (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"identifier\":\"x\",\"message\":{\"event\":\"e\",\"data\":{\"a\":");
  g_autoptr(GString) shallow = g_string_new ("{\"identifier\":\"x\",\"message\":{\"event\":\"e\",\"data\":{\"a\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}}");

  name = bottega_chatwoot_realtime_parse_frame (deep->str, deep->len, NULL, &data, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_assert_null (name);
  g_assert_null (data);
  g_clear_error (&error);

  /* Ordinary nesting is fine. */
  for (guint i = 0; i < 10; i++)
    g_string_append_c (shallow, '[');
  for (guint i = 0; i < 10; i++)
    g_string_append_c (shallow, ']');
  g_string_append (shallow, "}}}");

  name = bottega_chatwoot_realtime_parse_frame (shallow->str, shallow->len, NULL, &data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "e");
  g_assert_nonnull (data);
}

/* ---- dispatching crafted frames (no server) ---- */

static char *
event_frame (const char *identifier,
             const char *event,
             const char *data_json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *data;

  data = json_from_string (data_json, &error);
  g_assert_no_error (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, identifier);
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, data);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
feed (BottegaChatwootRealtime *rt,
      const char              *frame)
{
  bottega_chatwoot_realtime_handle_frame (rt, frame, strlen (frame));
}

#define MESSAGE_DATA(account) \
  "{\"id\":5001,\"content\":\"Is the blue one in stock?\",\"account_id\":" account "," \
  "\"inbox_id\":1,\"conversation_id\":44,\"message_type\":0,\"content_type\":\"text\"," \
  "\"status\":\"sent\",\"private\":false,\"created_at\":1781234567,\"sender_type\":\"Contact\"," \
  "\"sender_id\":9,\"sender\":{\"id\":9,\"name\":\"Giulia\",\"type\":\"contact\"}," \
  "\"conversation\":{\"assignee_id\":null,\"unread_count\":1,\"last_activity_at\":1781234567}}"

static void
test_dispatch_account_filter (void)
{
  g_autoptr(BottegaChatwootRealtime) rt = NULL;
  g_autoptr(Recorder) rec = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *other_account = NULL;
  g_autofree char *no_account = NULL;
  g_autofree char *other_subscription = NULL;
  BottegaMessage *message;
  const char *identifier;

  rt = bottega_chatwoot_realtime_new ("http://127.0.0.1:9", "pubsub-abc", 3, 11, LOCAL_ACCOUNT_ID);
  g_assert_nonnull (rt);
  rec = recorder_new (rt);
  identifier = bottega_chatwoot_realtime_get_identifier (rt);

  /* The identifier is the RoomChannel subscription of §6. */
  {
    g_autoptr(JsonNode) node = json_from_string (identifier, NULL);
    JsonObject *obj;

    g_assert_nonnull (node);
    obj = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (obj, "channel"), ==, "RoomChannel");
    g_assert_cmpstr (json_object_get_string_member (obj, "pubsub_token"), ==, "pubsub-abc");
    g_assert_cmpint (json_object_get_int_member (obj, "account_id"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (obj, "user_id"), ==, 11);
  }

  /* Another of the user's accounts: dropped. */
  other_account = event_frame (identifier, "message.created", MESSAGE_DATA ("4"));
  feed (rt, other_account);
  g_assert_cmpuint (rec->events->len, ==, 0);
  g_assert_cmpuint (rec->messages->len, ==, 0);

  /* No account at all on a message event: cannot be placed, dropped. */
  no_account = event_frame (identifier, "message.created",
                            "{\"id\":5002,\"conversation_id\":44,\"message_type\":0}");
  feed (rt, no_account);
  g_assert_cmpuint (rec->events->len, ==, 0);

  /* Another subscription's identifier: dropped. */
  other_subscription = event_frame ("{\"channel\":\"RoomChannel\",\"pubsub_token\":\"other\"}",
                                    "message.created", MESSAGE_DATA ("3"));
  feed (rt, other_subscription);
  g_assert_cmpuint (rec->events->len, ==, 0);

  /* Ours: the raw event, then the parsed message. */
  ours = event_frame (identifier, "message.created", MESSAGE_DATA ("3"));
  feed (rt, ours);
  g_assert_cmpuint (rec->events->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rec->events, 0), ==, "message.created");
  g_assert_cmpuint (rec->messages->len, ==, 1);

  message = g_ptr_array_index (rec->messages, 0);
  g_assert_cmpstr (g_ptr_array_index (rec->message_events, 0), ==, "message.created");
  g_assert_cmpint (bottega_message_get_remote_id (message), ==, 5001);
  g_assert_cmpint (bottega_message_get_account_id (message), ==, LOCAL_ACCOUNT_ID);
  g_assert_cmpint (bottega_message_get_conversation_remote_id (message), ==, 44);
  g_assert_cmpstr (bottega_message_get_content (message), ==, "Is the blue one in stock?");

  /* Control frames without a connection change nothing. */
  feed (rt, "{\"type\":\"welcome\"}");
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_DISCONNECTED);
  g_assert_cmpuint (rec->connected, ==, 0);
}

static void
test_dispatch_typed_events (void)
{
  g_autoptr(BottegaChatwootRealtime) rt = NULL;
  g_autoptr(Recorder) rec = NULL;
  const char *identifier;
  BottegaConversation *conversation;
  struct {
    const char *event;
    const char *data;
  } frames[] = {
    { "conversation.status_changed",
      "{\"id\":44,\"account_id\":3,\"inbox_id\":1,\"status\":\"resolved\",\"can_reply\":true,"
      "\"channel\":\"Channel::Whatsapp\",\"labels\":[\"vip\"],\"unread_count\":0,"
      "\"first_reply_created_at\":\"2026-06-12T10:02:47.000Z\",\"updated_at\":1781234567.25,"
      "\"meta\":{\"sender\":{\"id\":9,\"name\":\"Giulia\",\"type\":\"contact\"},\"assignee\":null},"
      "\"messages\":[]}" },
    { "assignee.changed",
      "{\"id\":45,\"account_id\":3,\"status\":\"open\","
      "\"meta\":{\"assignee\":{\"id\":2,\"name\":\"Marta\"}}}" },
    { "conversation.typing_on",
      "{\"account_id\":3,\"conversation\":{\"id\":44},\"user\":{\"id\":9},\"is_private\":false}" },
    { "contact.updated",
      "{\"id\":9,\"name\":\"Giulia Rossi\",\"phone_number\":\"+390000000000\",\"type\":\"contact\"}" },
    { "presence.update",
      "{\"account_id\":3,\"users\":{\"11\":\"online\"},\"contacts\":{}}" },
  };

  rt = bottega_chatwoot_realtime_new ("https://chat.example.com/", "pubsub-abc", 3, 11, LOCAL_ACCOUNT_ID);
  g_assert_nonnull (rt);
  rec = recorder_new (rt);
  identifier = bottega_chatwoot_realtime_get_identifier (rt);

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autofree char *frame = event_frame (identifier, frames[i].event, frames[i].data);

      feed (rt, frame);
    }

  /* Every kept event is emitted raw. */
  g_assert_cmpuint (rec->events->len, ==, G_N_ELEMENTS (frames));
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    g_assert_cmpstr (g_ptr_array_index (rec->events, i), ==, frames[i].event);

  /* Typing is no conversation update. */
  g_assert_cmpuint (rec->conversations->len, ==, 2);
  conversation = g_ptr_array_index (rec->conversations, 0);
  g_assert_cmpstr (g_ptr_array_index (rec->conversation_events, 0), ==, "conversation.status_changed");
  g_assert_cmpint (bottega_conversation_get_remote_id (conversation), ==, 44);
  g_assert_cmpint (bottega_conversation_get_status (conversation), ==, BOTTEGA_CONVERSATION_RESOLVED);
  g_assert_cmpint (bottega_conversation_get_account_id (conversation), ==, LOCAL_ACCOUNT_ID);

  conversation = g_ptr_array_index (rec->conversations, 1);
  g_assert_cmpstr (g_ptr_array_index (rec->conversation_events, 1), ==, "assignee.changed");
  g_assert_cmpint (bottega_conversation_get_assignee_id (conversation), ==, 2);

  /* contact.* comes on the account's own stream, without account_id. */
  g_assert_cmpuint (rec->contacts->len, ==, 1);
  g_assert_cmpint (bottega_customer_get_remote_id (g_ptr_array_index (rec->contacts, 0)), ==, 9);
  g_assert_cmpint (bottega_customer_get_account_id (g_ptr_array_index (rec->contacts, 0)), ==, LOCAL_ACCOUNT_ID);
}

static void
test_dispatch_malformed_event (void)
{
  g_autoptr(BottegaChatwootRealtime) rt = NULL;
  g_autoptr(Recorder) rec = NULL;
  g_autofree char *no_id = NULL;
  g_autofree char *good = NULL;
  const char *identifier;

  rt = bottega_chatwoot_realtime_new ("http://localhost:9", "pubsub-abc", 3, 11, LOCAL_ACCOUNT_ID);
  rec = recorder_new (rt);
  identifier = bottega_chatwoot_realtime_get_identifier (rt);

  /* Broken frames and an event the parser refuses are skipped... */
  feed (rt, "{\"identifier\":");
  feed (rt, "[]");
  no_id = event_frame (identifier, "message.created", "{\"account_id\":3,\"content\":\"no id\",\"message_type\":0}");
  feed (rt, no_id);
  g_assert_cmpuint (rec->messages->len, ==, 0);

  /* ... and the next good one still arrives. */
  good = event_frame (identifier, "message.updated", MESSAGE_DATA ("3"));
  feed (rt, good);
  g_assert_cmpuint (rec->messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rec->message_events, 0), ==, "message.updated");
}

static void
test_insecure_url (void)
{
  if (g_test_subprocess ())
    {
      BottegaChatwootRealtime *rt;

      rt = bottega_chatwoot_realtime_new ("http://chat.example.com", "t", 1, 1, 1);
      g_assert_null (rt);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*not an https://*");
}

/* ---- against the sandbox ---- */

static void
test_sandbox_connect (void)
{
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);

  start_and_wait_connected (rec);
  g_assert_cmpuint (rec->connected, ==, 1);
  g_assert_cmpuint (rec->auth_failed, ==, 0);
  g_assert_cmpuint (bottega_sandbox_get_n_websockets (sandbox), >=, 1);

  /* Presence every 500 ms is answered with presence.update, which keeps
   * the 1.5 s dead timer from firing although pings come every 3 s. */
  run_for (2500);
  g_assert_true (has_event (rec, "presence.update"));
  g_assert_cmpuint (rec->connected, ==, 1);
  g_assert_cmpuint (rec->disconnected, ==, 0);

  bottega_chatwoot_realtime_stop (rt);
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_DISCONNECTED);
  run_for (600);
  g_assert_cmpuint (rec->connected, ==, 1);
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_DISCONNECTED);
}

typedef struct {
  Recorder   *rec;
  gint64      remote_id;
  const char *event;
  const char *echo_id;
  BottegaMessageStatus status;
} MessageWait;

static gboolean
message_arrived (gpointer data)
{
  MessageWait *w = data;

  for (guint i = 0; i < w->rec->messages->len; i++)
    {
      BottegaMessage *message = g_ptr_array_index (w->rec->messages, i);

      if (!g_str_equal (g_ptr_array_index (w->rec->message_events, i), w->event))
        continue;
      if (w->remote_id != 0 && bottega_message_get_remote_id (message) != w->remote_id)
        continue;
      if (w->echo_id != NULL && g_strcmp0 (bottega_message_get_echo_id (message), w->echo_id) != 0)
        continue;
      if (w->status != BOTTEGA_MESSAGE_STATUS_QUEUED && bottega_message_get_status (message) != w->status)
        continue;
      return TRUE;
    }

  return FALSE;
}

static void
test_sandbox_incoming (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);
  MessageWait wait = { rec, 0, "message.created", NULL, BOTTEGA_MESSAGE_STATUS_QUEUED };
  BottegaMessage *message;
  gint64 display_id;

  display_id = pick_open_conversation (client);
  start_and_wait_connected (rec);

  wait.remote_id = bottega_sandbox_add_incoming_message (sandbox, display_id, "Do you ship to Lyon?");
  g_assert_cmpint (wait.remote_id, >, 0);
  g_assert_true (wait_for (message_arrived, &wait, WAIT_MS));

  message = find_message (rec, wait.remote_id, "message.created");
  g_assert_nonnull (message);
  g_assert_cmpstr (bottega_message_get_content (message), ==, "Do you ship to Lyon?");
  g_assert_cmpint (bottega_message_get_conversation_remote_id (message), ==, display_id);
  g_assert_cmpint (bottega_message_get_message_type (message), ==, BOTTEGA_MESSAGE_INCOMING);
  g_assert_cmpint (bottega_message_get_account_id (message), ==, LOCAL_ACCOUNT_ID);
}

static void
test_sandbox_echo_id (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);
  g_autoptr(BottegaMessage) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *echo_id = g_uuid_string_random ();
  BottegaChatwootOutgoing outgoing = { 0 };
  MessageWait wait = { rec, 0, "message.created", NULL, BOTTEGA_MESSAGE_STATUS_QUEUED };
  BottegaMessage *message;
  gint64 display_id;

  display_id = pick_open_conversation (client);
  start_and_wait_connected (rec);

  outgoing.content = "Yes, we ship to Lyon in two days.";
  outgoing.echo_id = echo_id;
  created = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);

  wait.echo_id = echo_id;
  g_assert_true (wait_for (message_arrived, &wait, WAIT_MS));

  message = find_message (rec, bottega_message_get_remote_id (created), "message.created");
  g_assert_nonnull (message);
  g_assert_cmpstr (bottega_message_get_echo_id (message), ==, echo_id);
  g_assert_cmpstr (bottega_message_get_content (message), ==, "Yes, we ship to Lyon in two days.");
  g_assert_cmpint (bottega_message_get_conversation_remote_id (message), ==, display_id);
}

static void
test_sandbox_status_update (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);
  g_autoptr(BottegaMessage) created = NULL;
  g_autoptr(GError) error = NULL;
  BottegaChatwootOutgoing outgoing = { 0 };
  MessageWait wait = { rec, 0, "message.updated", NULL, BOTTEGA_MESSAGE_STATUS_DELIVERED };
  BottegaMessage *message;
  gint64 display_id;

  display_id = pick_open_conversation (client);
  outgoing.content = "Your parcel left the shop.";
  created = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_no_error (error);

  start_and_wait_connected (rec);

  wait.remote_id = bottega_message_get_remote_id (created);
  bottega_sandbox_set_message_status (sandbox, wait.remote_id, "delivered", NULL);
  g_assert_true (wait_for (message_arrived, &wait, WAIT_MS));

  bottega_sandbox_set_message_status (sandbox, wait.remote_id, "failed", "131047: Re-engagement message");
  wait.status = BOTTEGA_MESSAGE_STATUS_FAILED;
  g_assert_true (wait_for (message_arrived, &wait, WAIT_MS));

  for (guint i = 0; i < rec->messages->len; i++)
    {
      message = g_ptr_array_index (rec->messages, i);
      if (bottega_message_get_remote_id (message) == wait.remote_id &&
          bottega_message_get_status (message) == BOTTEGA_MESSAGE_STATUS_FAILED)
        g_assert_cmpstr (bottega_message_get_external_error (message), ==, "131047: Re-engagement message");
    }
}

typedef struct {
  Recorder                  *rec;
  gint64                     display_id;
  BottegaConversationStatus  status;
} ConversationWait;

static gboolean
conversation_arrived (gpointer data)
{
  ConversationWait *w = data;

  for (guint i = 0; i < w->rec->conversations->len; i++)
    {
      BottegaConversation *c = g_ptr_array_index (w->rec->conversations, i);

      if (bottega_conversation_get_remote_id (c) == w->display_id &&
          bottega_conversation_get_status (c) == w->status)
        return TRUE;
    }

  return FALSE;
}

static void
test_sandbox_conversation (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *back = NULL;
  ConversationWait wait = { rec, 0, BOTTEGA_CONVERSATION_PENDING };

  wait.display_id = pick_open_conversation (client);
  start_and_wait_connected (rec);

  status = bottega_chatwoot_client_toggle_status (client, wait.display_id, "pending", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status, ==, "pending");
  g_assert_true (wait_for (conversation_arrived, &wait, WAIT_MS));

  for (guint i = 0; i < rec->conversations->len; i++)
    g_assert_cmpint (bottega_conversation_get_account_id (g_ptr_array_index (rec->conversations, i)),
                     ==, LOCAL_ACCOUNT_ID);

  /* Back as it was, for the other tests. */
  back = bottega_chatwoot_client_toggle_status (client, wait.display_id, "open", 0, NULL, &error);
  g_assert_no_error (error);
  wait.status = BOTTEGA_CONVERSATION_OPEN;
  g_assert_true (wait_for (conversation_arrived, &wait, WAIT_MS));
}

static gboolean
auth_has_failed (gpointer data)
{
  Recorder *rec = data;

  return rec->auth_failed > 0;
}

static void
test_sandbox_auth_failed (void)
{
  g_autoptr(BottegaChatwootProfile) profile = get_profile ();
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime ("not-the-pubsub-token");
  g_autoptr(Recorder) rec = recorder_new (rt);
  guint attempts;

  bottega_chatwoot_realtime_start (rt);
  g_assert_true (wait_for (auth_has_failed, rec, WAIT_MS));
  g_assert_cmpuint (rec->auth_failed, ==, 1);
  g_assert_cmpuint (rec->connected, ==, 0);
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_DISCONNECTED);

  /* No reconnect on its own: many backoff periods pass without a new
   * attempt. */
  attempts = rec->connecting;
  run_for (1500);
  g_assert_cmpuint (rec->connecting, ==, attempts);
  g_assert_cmpuint (rec->auth_failed, ==, 1);
  g_assert_cmpint (bottega_chatwoot_realtime_get_state (rt), ==, BOTTEGA_REALTIME_DISCONNECTED);

  /* With the right token and start again, it connects. */
  bottega_chatwoot_realtime_set_pubsub_token (rt, profile->pubsub_token);
  start_and_wait_connected (rec);
  g_assert_cmpuint (rec->connected, ==, 1);
}

static gboolean
reconnected (gpointer data)
{
  Recorder *rec = data;

  return rec->disconnected >= 1 && rec->connected >= 2 && is_connected (rec);
}

static void
test_sandbox_drop (void)
{
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);
  g_autoptr(BottegaChatwootClient) client = new_client ();
  MessageWait wait = { rec, 0, "message.created", NULL, BOTTEGA_MESSAGE_STATUS_QUEUED };

  start_and_wait_connected (rec);

  bottega_sandbox_drop_websockets (sandbox, 1);
  g_assert_true (wait_for (reconnected, rec, WAIT_MS));
  g_assert_cmpuint (rec->auth_failed, ==, 0);

  /* And events flow again on the new connection. */
  wait.remote_id = bottega_sandbox_add_incoming_message (sandbox, pick_open_conversation (client),
                                                         "Still there?");
  g_assert_true (wait_for (message_arrived, &wait, WAIT_MS));
}

static void
test_sandbox_restart (void)
{
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);
  g_autoptr(GError) error = NULL;

  start_and_wait_connected (rec);

  g_assert_true (bottega_sandbox_restart (sandbox, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (reconnected, rec, WAIT_MS));
}

static gboolean
dead_and_back (gpointer data)
{
  Recorder *rec = data;

  return rec->timeouts >= 1 && rec->connected >= 2;
}

static void
test_sandbox_dead (void)
{
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);

  /* No presence (hence no presence.update), and a dead interval shorter
   * than the server's 3 s pings: the connection is declared dead again
   * and again, and each time it comes back. */
  bottega_chatwoot_realtime_set_timings (rt, 600000, 1500, 1000, 50, 400);
  start_and_wait_connected (rec);

  g_assert_true (wait_for (dead_and_back, rec, WAIT_MS));
  g_assert_cmpuint (rec->auth_failed, ==, 0);
}

/* The message @remote_id as the REST list of its conversation has it. */
static BottegaMessage *
fetch_message (BottegaChatwootClient *client,
               gint64                 display_id,
               gint64                 remote_id)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = bottega_chatwoot_client_list_messages (client, display_id, 0, remote_id - 1, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < messages->len; i++)
    if (bottega_message_get_remote_id (g_ptr_array_index (messages, i)) == remote_id)
      return g_object_ref (g_ptr_array_index (messages, i));

  return NULL;
}

static void
test_sandbox_retry (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootRealtime) rt = new_realtime (NULL);
  g_autoptr(Recorder) rec = recorder_new (rt);
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaMessage) created = NULL;
  g_autoptr(BottegaMessage) retried = NULL;
  g_autoptr(BottegaMessage) stored = NULL;
  g_autoptr(GError) error = NULL;
  BottegaChatwootOutgoing outgoing = { 0 };
  MessageWait wait = { rec, 0, "message.updated", NULL, BOTTEGA_MESSAGE_STATUS_FAILED };
  const char *window_error = "Template not found or invalid template name";
  const gint64 display_id = 31;
  BottegaMessage *update = NULL;

  /* The seeded conversation outside WhatsApp's 24-hour window. */
  conversation = bottega_chatwoot_client_get_conversation (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bottega_conversation_get_can_reply (conversation));

  outgoing.content = "Are you still interested in the engraving?";
  created = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_message_get_status (created), ==, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_cmpstr (bottega_message_get_external_error (created), ==, window_error);

  start_and_wait_connected (rec);

  /* The server resets the message and queues it again (contract §3);
   * its send job fails it again: a message.updated and the stored state
   * say so, with the same reason. */
  retried = bottega_chatwoot_client_retry_message (client, display_id,
                                                   bottega_message_get_remote_id (created), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (retried);
  g_assert_cmpint (bottega_message_get_remote_id (retried), ==, bottega_message_get_remote_id (created));
  g_assert_cmpint (bottega_message_get_conversation_remote_id (retried), ==, display_id);
  g_assert_cmpstr (bottega_message_get_content (retried), ==, "Are you still interested in the engraving?");
  /* Chatwoot answers "sent" with the attributes cleared; what the user
   * then sees is the outcome of the send job, checked below. */
  g_assert_true (bottega_message_get_status (retried) == BOTTEGA_MESSAGE_STATUS_SENT ||
                 bottega_message_get_status (retried) == BOTTEGA_MESSAGE_STATUS_FAILED);

  wait.remote_id = bottega_message_get_remote_id (created);
  g_assert_true (wait_for (message_arrived, &wait, WAIT_MS));
  for (guint i = 0; i < rec->messages->len && update == NULL; i++)
    if (bottega_message_get_remote_id (g_ptr_array_index (rec->messages, i)) == wait.remote_id &&
        bottega_message_get_status (g_ptr_array_index (rec->messages, i)) == BOTTEGA_MESSAGE_STATUS_FAILED)
      update = g_ptr_array_index (rec->messages, i);
  g_assert_nonnull (update);
  g_assert_cmpstr (bottega_message_get_external_error (update), ==, window_error);

  stored = fetch_message (client, display_id, wait.remote_id);
  g_assert_nonnull (stored);
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_cmpstr (bottega_message_get_external_error (stored), ==, window_error);

  /* Retrying re-queues the same message; it does not add one. */
  g_assert_cmpuint (bottega_sandbox_count_messages (sandbox, display_id, "Are you still interested in the engraving?"), ==, 1);

  /* A message that does not exist. */
  g_clear_object (&retried);
  retried = bottega_chatwoot_client_retry_message (client, display_id, 999999999, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (retried);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/realtime/parse/control-frames", test_parse_control_frames);
  g_test_add_func ("/realtime/parse/event", test_parse_event_frame);
  g_test_add_func ("/realtime/parse/malformed", test_parse_malformed_frames);
  g_test_add_func ("/realtime/parse/oversized", test_parse_oversized_frame);
  g_test_add_func ("/realtime/parse/deep-nesting", test_parse_deep_frame);
  g_test_add_func ("/realtime/dispatch/account-filter", test_dispatch_account_filter);
  g_test_add_func ("/realtime/dispatch/typed-events", test_dispatch_typed_events);
  g_test_add_func ("/realtime/dispatch/malformed-event", test_dispatch_malformed_event);
  g_test_add_func ("/realtime/insecure-url", test_insecure_url);

  /* The subprocess of /realtime/insecure-url needs no server. */
  if (!g_test_subprocess ())
    {
      sandbox = bottega_sandbox_new (NULL, &error);
      g_assert_no_error (error);
      bottega_sandbox_start (sandbox, 0, &error);
      g_assert_no_error (error);

      g_test_add_func ("/realtime/sandbox/connect", test_sandbox_connect);
      g_test_add_func ("/realtime/sandbox/incoming", test_sandbox_incoming);
      g_test_add_func ("/realtime/sandbox/echo-id", test_sandbox_echo_id);
      g_test_add_func ("/realtime/sandbox/status-update", test_sandbox_status_update);
      g_test_add_func ("/realtime/sandbox/conversation", test_sandbox_conversation);
      g_test_add_func ("/realtime/sandbox/auth-failed", test_sandbox_auth_failed);
      g_test_add_func ("/realtime/sandbox/drop", test_sandbox_drop);
      g_test_add_func ("/realtime/sandbox/restart", test_sandbox_restart);
      g_test_add_func ("/realtime/sandbox/dead", test_sandbox_dead);
      g_test_add_func ("/realtime/sandbox/retry", test_sandbox_retry);
    }

  ret = g_test_run ();

  if (sandbox != NULL)
    {
      bottega_sandbox_stop (sandbox);
      g_clear_object (&sandbox);
    }

  return ret;
}
