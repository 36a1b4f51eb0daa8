/* fuzz-realtime-event.c: the events of the websocket, as our subscription
 * receives them, through the realtime client's dispatch to the parsers
 *
 * Input: the event name on the first line, its data (JSON) after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bottega-chatwoot-realtime-private.h"
#include "fuzz-common.h"

#define REMOTE_ACCOUNT_ID 1

static BottegaChatwootRealtime *realtime;

static void
on_message (BottegaChatwootRealtime *self,
            BottegaMessage          *message,
            const char              *event,
            gpointer                 user_data)
{
  g_assert (bottega_message_get_remote_id (message) > 0);
  fuzz_check_strings (G_OBJECT (message));
}

static void
on_conversation (BottegaChatwootRealtime *self,
                 BottegaConversation     *conversation,
                 const char              *event,
                 gpointer                 user_data)
{
  g_assert (bottega_conversation_get_remote_id (conversation) > 0);
  fuzz_check_strings (G_OBJECT (conversation));
}

static void
on_contact (BottegaChatwootRealtime *self,
            BottegaCustomer         *customer,
            const char              *event,
            gpointer                 user_data)
{
  g_assert (bottega_customer_get_remote_id (customer) > 0);
  fuzz_check_strings (G_OBJECT (customer));
}

static void
on_event (BottegaChatwootRealtime *self,
          const char              *name,
          JsonNode                *data,
          gpointer                 user_data)
{
  g_assert (name != NULL && *name != '\0');
  g_assert (data != NULL && JSON_NODE_HOLDS_OBJECT (data));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();

  /* Never started: frames are handed to it directly. */
  realtime = bottega_chatwoot_realtime_new ("http://127.0.0.1:9", "fuzz-pubsub-token",
                                            REMOTE_ACCOUNT_ID, 1, 1);
  g_signal_connect (realtime, "message", G_CALLBACK (on_message), NULL);
  g_signal_connect (realtime, "conversation", G_CALLBACK (on_conversation), NULL);
  g_signal_connect (realtime, "contact", G_CALLBACK (on_contact), NULL);
  g_signal_connect (realtime, "event", G_CALLBACK (on_event), NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) envelope = NULL;
  g_autofree char *name = NULL;
  g_autofree char *head = NULL;
  g_autoptr(GString) frame = NULL;
  const uint8_t *newline = memchr (data, '\n', size);
  const char *body;
  gsize body_len;

  if (newline == NULL)
    return 0;

  name = g_utf8_make_valid ((const char *) data, (gssize) (newline - data));
  body = (const char *) newline + 1;
  body_len = size - (gsize) (newline - data) - 1;

  /* {"identifier":…,"message":{"event":…,"data":<input>}}, the identifier
   * ours so that the event reaches the parsers. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, bottega_chatwoot_realtime_get_identifier (realtime));
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "data");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  envelope = json_builder_get_root (builder);
  head = json_to_string (envelope, FALSE);

  /* Splice the raw data in place of the null: the input is not re-encoded,
   * so broken JSON reaches the frame parser as it is. */
  frame = g_string_new (head);
  g_assert (g_str_has_suffix (frame->str, "null}}"));
  g_string_truncate (frame, frame->len - strlen ("null}}"));
  g_string_append_len (frame, body, (gssize) body_len);
  g_string_append (frame, "}}");

  bottega_chatwoot_realtime_handle_frame (realtime, frame->str, frame->len);
  return 0;
}
