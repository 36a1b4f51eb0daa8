/* test-provider.c: the Chatwoot client, its parsers and the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bottega-chatwoot-client.h"
#include "bottega-chatwoot-parse.h"
#include "bottega-provider-error.h"
#include "bottega-sandbox.h"
#include "bottega-secret.h"

/* One sandbox serves every client test; tests that change it pick their
 * own conversation or check relative to what they did. */
static BottegaSandbox *sandbox;
static char *tmp_dir;

static BottegaChatwootClient *
new_client (void)
{
  g_autoptr(GError) error = NULL;
  BottegaChatwootClient *client;

  client = bottega_chatwoot_client_new (bottega_sandbox_get_url (sandbox),
                                        bottega_sandbox_get_token (sandbox),
                                        bottega_sandbox_get_account_id (sandbox),
                                        7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);

  return client;
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = bottega_chatwoot_parse_json (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static BottegaChatwootConversationPage *
list_all (BottegaChatwootClient *client,
          guint                  page)
{
  BottegaChatwootConversationQuery query = { "all", NULL, page, -1 };
  g_autoptr(GError) error = NULL;
  BottegaChatwootConversationPage *result;

  result = bottega_chatwoot_client_list_conversations (client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

/* The display id of the @nth conversation (of any status) in the list. */
static gint64
pick_conversation (BottegaChatwootClient *client,
                   guint                  nth)
{
  g_autoptr(BottegaChatwootConversationPage) page = list_all (client, 1);

  g_assert_cmpuint (page->conversations->len, >, nth);
  return bottega_conversation_get_remote_id (g_ptr_array_index (page->conversations, nth));
}

static gboolean
page_has (BottegaChatwootConversationPage *page,
          gint64                           display_id)
{
  for (guint i = 0; i < page->conversations->len; i++)
    if (bottega_conversation_get_remote_id (g_ptr_array_index (page->conversations, i)) == display_id)
      return TRUE;

  return FALSE;
}

static char *
write_temp_file (const char *name,
                 const char *data,
                 gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);

  return path;
}

/* ---- URL checks ---- */

static void
test_client_urls (void)
{
  struct {
    const char *url;
    gboolean    ok;
    const char *base;
  } cases[] = {
    { "http://example.com", FALSE, NULL },
    { "http://192.168.1.10:3000", FALSE, NULL },
    { "http://127.0.0.1.example.com", FALSE, NULL },
    { "ftp://example.com", FALSE, NULL },
    { "not a url", FALSE, NULL },
    { "https://chat.example.com/", TRUE, "https://chat.example.com" },
    { "https://example.com/chatwoot//", TRUE, "https://example.com/chatwoot" },
    { "http://127.0.0.1:3000", TRUE, "http://127.0.0.1:3000" },
    { "http://127.8.9.10", TRUE, "http://127.8.9.10" },
    { "http://localhost:3000/", TRUE, "http://localhost:3000" },
    { "http://[::1]:3000", TRUE, "http://[::1]:3000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BottegaChatwootClient) client = NULL;
      g_autoptr(GError) error = NULL;

      client = bottega_chatwoot_client_new (cases[i].url, "token", 1, 1, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (bottega_chatwoot_client_get_base_url (client), ==, cases[i].base);
        }
      else
        {
          g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
          g_assert_null (client);
        }
    }
}

/* ---- endpoints ---- */

static void
test_client_profile (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);

  g_assert_cmpint (profile->user_id, >, 0);
  g_assert_nonnull (profile->name);
  g_assert_nonnull (profile->pubsub_token);
  g_assert_cmpstr (profile->pubsub_token, !=, "");
  g_assert_cmpint (profile->active_account_id, ==, bottega_sandbox_get_account_id (sandbox));

  for (guint i = 0; i < profile->accounts->len; i++)
    {
      BottegaChatwootAccountRef *ref = g_ptr_array_index (profile->accounts, i);

      if (ref->id == bottega_sandbox_get_account_id (sandbox))
        {
          found = TRUE;
          g_assert_nonnull (ref->name);
          g_assert_cmpstr (ref->status, ==, "active");
        }
    }
  g_assert_true (found);
}

static void
profile_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BottegaChatwootProfile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bottega_chatwoot_client_get_profile_finish (BOTTEGA_CHATWOOT_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static void
test_client_profile_async (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootProfile) profile = NULL;

  bottega_chatwoot_client_get_profile_async (client, NULL, profile_ready_cb, &profile);
  while (profile == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (profile->user_id, >, 0);
}

static void
test_client_inboxes (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(GError) error = NULL;
  guint with_templates = 0;

  inboxes = bottega_chatwoot_client_list_inboxes (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inboxes->len, >, 0);

  for (guint i = 0; i < inboxes->len; i++)
    {
      BottegaInbox *inbox = g_ptr_array_index (inboxes, i);
      g_autoptr(JsonNode) templates = NULL;

      g_assert_cmpint (bottega_inbox_get_remote_id (inbox), >, 0);
      g_assert_cmpint (bottega_inbox_get_account_id (inbox), ==, 7);
      g_assert_nonnull (bottega_inbox_get_name (inbox));
      g_assert_nonnull (bottega_inbox_get_channel_type (inbox));

      templates = parse_text (bottega_inbox_get_templates (inbox));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (templates));

      if (json_array_get_length (json_node_get_array (templates)) > 0)
        {
          JsonObject *first = json_array_get_object_element (json_node_get_array (templates), 0);

          with_templates++;
          g_assert_cmpstr (bottega_inbox_get_channel_type (inbox), ==, "Channel::Whatsapp");
          g_assert_true (json_object_has_member (first, "name"));
          g_assert_true (json_object_has_member (first, "language"));
        }
    }

  /* The demo shop's WhatsApp inbox has approved templates. */
  g_assert_cmpuint (with_templates, >, 0);
}

static void
test_client_labels (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) error = NULL;

  labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, >, 0);

  for (guint i = 0; i < labels->len; i++)
    {
      BottegaLabel *label = g_ptr_array_index (labels, i);

      g_assert_cmpint (bottega_label_get_remote_id (label), >, 0);
      g_assert_nonnull (bottega_label_get_title (label));
      g_assert_cmpstr (bottega_label_get_title (label), !=, "");
    }
}

static void
test_client_agents (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found_self = FALSE;

  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_no_error (error);

  agents = bottega_chatwoot_client_list_agents (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, >, 0);

  for (guint i = 0; i < agents->len; i++)
    {
      BottegaAgent *agent = g_ptr_array_index (agents, i);

      g_assert_cmpint (bottega_agent_get_remote_id (agent), >, 0);
      g_assert_nonnull (bottega_agent_get_name (agent));
      if (bottega_agent_get_remote_id (agent) == profile->user_id)
        found_self = TRUE;
    }

  /* The signed-in agent is one of the account's agents. */
  g_assert_true (found_self);
}

static void
test_client_canned_responses (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(GError) error = NULL;

  responses = bottega_chatwoot_client_list_canned_responses (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (responses->len, >, 0);

  for (guint i = 0; i < responses->len; i++)
    {
      BottegaCannedResponse *response = g_ptr_array_index (responses, i);

      g_assert_cmpint (bottega_canned_response_get_remote_id (response), >, 0);
      g_assert_nonnull (bottega_canned_response_get_short_code (response));
      g_assert_cmpstr (bottega_canned_response_get_content (response), !=, "");
    }
}

static void
test_client_conversations (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootConversationPage) all = list_all (client, 1);
  g_autoptr(BottegaChatwootConversationPage) open = NULL;
  g_autoptr(BottegaChatwootConversationPage) unassigned = NULL;
  g_autoptr(GError) error = NULL;
  BottegaChatwootConversationQuery query = { NULL, NULL, 0, -1 };
  guint n_total = bottega_sandbox_get_n_conversations (sandbox);
  guint n_open_seen = 0;

  g_assert_cmpuint (all->conversations->len, >, 0);
  g_assert_cmpuint (all->conversations->len, <=, 25);
  g_assert_cmpuint (all->all_count, >=, all->conversations->len);

  for (guint i = 0; i < all->conversations->len; i++)
    {
      BottegaConversation *conversation = g_ptr_array_index (all->conversations, i);

      g_assert_cmpint (bottega_conversation_get_remote_id (conversation), >, 0);
      g_assert_cmpint (bottega_conversation_get_account_id (conversation), ==, 7);
      g_assert_cmpint (bottega_conversation_get_inbox_id (conversation), >, 0);
      g_assert_nonnull (bottega_conversation_get_customer (conversation));
      g_assert_cmpint (bottega_customer_get_remote_id (bottega_conversation_get_customer (conversation)), >, 0);
      g_assert_cmpint (bottega_conversation_get_created_at (conversation), >, 0);
      g_assert_cmpfloat (bottega_conversation_get_updated_at (conversation), >, 0);
      if (bottega_conversation_get_status (conversation) == BOTTEGA_CONVERSATION_OPEN)
        n_open_seen++;
    }

  /* status=open (also the server's default). */
  query.status = "open";
  open = bottega_chatwoot_client_list_conversations (client, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < open->conversations->len; i++)
    g_assert_cmpint (bottega_conversation_get_status (g_ptr_array_index (open->conversations, i)),
                     ==, BOTTEGA_CONVERSATION_OPEN);
  if (n_open_seen > 0)
    g_assert_cmpuint (open->conversations->len, >, 0);

  /* assignee_type=unassigned: nobody's. */
  query.status = "all";
  query.assignee_type = "unassigned";
  unassigned = bottega_chatwoot_client_list_conversations (client, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < unassigned->conversations->len; i++)
    g_assert_cmpint (bottega_conversation_get_assignee_id (g_ptr_array_index (unassigned->conversations, i)), ==, 0);
  /* The counts come before the assignee filter. */
  g_assert_cmpuint (unassigned->all_count, ==, all->all_count);

  /* Pages do not overlap, and a short page is the last one. */
  if (n_total > 25)
    {
      g_autoptr(BottegaChatwootConversationPage) second = list_all (client, 2);

      g_assert_cmpuint (all->conversations->len, ==, 25);
      g_assert_cmpuint (second->conversations->len, >, 0);
      for (guint i = 0; i < second->conversations->len; i++)
        g_assert_false (page_has (all, bottega_conversation_get_remote_id (g_ptr_array_index (second->conversations, i))));
    }
  else
    {
      g_autoptr(BottegaChatwootConversationPage) second = list_all (client, 2);

      g_assert_cmpuint (second->conversations->len, ==, 0);
    }
}

static void
test_client_conversations_updated_within (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootConversationPage) recent = NULL;
  g_autoptr(BottegaChatwootConversationPage) page = list_all (client, 1);
  g_autoptr(GError) error = NULL;
  BottegaChatwootConversationQuery query = { "all", NULL, 0, 120 };
  BottegaConversation *last = g_ptr_array_index (page->conversations, page->conversations->len - 1);
  gint64 display_id = bottega_conversation_get_remote_id (last);

  /* A customer writes into a conversation near the end of the list, which
   * bumps its updated_at into the window. */
  bottega_sandbox_add_incoming_message (sandbox, display_id, "Is the blue one still in stock?");

  recent = bottega_chatwoot_client_list_conversations (client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (page_has (recent, display_id));
}

static void
test_client_conversation (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 display_id = pick_conversation (client, 0);
  BottegaMessage *last;

  bottega_sandbox_add_incoming_message (sandbox, display_id, "Hello, do you ship to Lisbon?");

  conversation = bottega_chatwoot_client_get_conversation (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_remote_id (conversation), ==, display_id);
  g_assert_nonnull (bottega_conversation_get_uuid (conversation));
  g_assert_nonnull (bottega_conversation_get_channel (conversation));
  g_assert_nonnull (bottega_conversation_get_customer (conversation));
  g_assert_cmpint (bottega_conversation_get_unread_count (conversation), >, 0);

  last = bottega_conversation_get_last_message (conversation);
  g_assert_nonnull (last);
  g_assert_cmpstr (bottega_message_get_content (last), ==, "Hello, do you ship to Lisbon?");
  g_assert_cmpint (bottega_message_get_message_type (last), ==, BOTTEGA_MESSAGE_INCOMING);
  g_assert_cmpint (bottega_message_get_conversation_remote_id (last), ==, display_id);
}

static void
test_client_toggle_status (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 display_id = pick_conversation (client, 1);
  gint64 until = (g_get_real_time () / G_USEC_PER_SEC) + 3600;

  status = bottega_chatwoot_client_toggle_status (client, display_id, "resolved", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status, ==, "resolved");

  conversation = bottega_chatwoot_client_get_conversation (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_status (conversation), ==, BOTTEGA_CONVERSATION_RESOLVED);
  g_clear_object (&conversation);
  g_clear_pointer (&status, g_free);

  status = bottega_chatwoot_client_toggle_status (client, display_id, "snoozed", until, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status, ==, "snoozed");

  conversation = bottega_chatwoot_client_get_conversation (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_status (conversation), ==, BOTTEGA_CONVERSATION_SNOOZED);
  g_assert_cmpint (bottega_conversation_get_snoozed_until (conversation), ==, until);
  g_clear_object (&conversation);
  g_clear_pointer (&status, g_free);

  status = bottega_chatwoot_client_toggle_status (client, display_id, "open", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status, ==, "open");
}

static void
test_client_update_last_seen (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaConversation) before = NULL;
  g_autoptr(BottegaConversation) after = NULL;
  g_autoptr(BottegaConversation) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 display_id = pick_conversation (client, 2);

  bottega_sandbox_add_incoming_message (sandbox, display_id, "Any news about my order?");

  before = bottega_chatwoot_client_get_conversation (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_unread_count (before), >, 0);

  after = bottega_chatwoot_client_update_last_seen (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_remote_id (after), ==, display_id);

  again = bottega_chatwoot_client_get_conversation (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_unread_count (again), ==, 0);
  g_assert_cmpint (bottega_conversation_get_agent_last_seen_at (again), >=,
                   bottega_conversation_get_agent_last_seen_at (before));
}

static void
assert_ascending (GPtrArray *messages)
{
  for (guint i = 1; i < messages->len; i++)
    g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (messages, i - 1)), <,
                     bottega_message_get_remote_id (g_ptr_array_index (messages, i)));
}

static void
test_client_messages (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 display_id = pick_conversation (client, 3);
  gint64 m1, m2, m3;
  BottegaMessage *last;

  m1 = bottega_sandbox_add_incoming_message (sandbox, display_id, "first line");
  m2 = bottega_sandbox_add_incoming_message (sandbox, display_id, "second line");
  m3 = bottega_sandbox_add_incoming_message (sandbox, display_id, "third line");
  g_assert_cmpint (m1, <, m2);
  g_assert_cmpint (m2, <, m3);

  latest = bottega_chatwoot_client_list_messages (client, display_id, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, >=, 3);
  g_assert_cmpuint (latest->len, <=, 20);
  assert_ascending (latest);
  last = g_ptr_array_index (latest, latest->len - 1);
  g_assert_cmpint (bottega_message_get_remote_id (last), ==, m3);
  g_assert_cmpstr (bottega_message_get_content (last), ==, "third line");
  g_assert_cmpint (bottega_message_get_message_type (last), ==, BOTTEGA_MESSAGE_INCOMING);
  g_assert_cmpstr (bottega_message_get_sender_type (last), ==, "contact");
  g_assert_cmpint (bottega_message_get_sender_id (last), >, 0);
  g_assert_cmpint (bottega_message_get_created_at (last), >, 0);
  g_assert_cmpint (bottega_message_get_account_id (last), ==, 7);

  after = bottega_chatwoot_client_list_messages (client, display_id, 0, m1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (after, 0)), ==, m2);
  g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (after, 1)), ==, m3);

  before = bottega_chatwoot_client_list_messages (client, display_id, m3, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, >=, 2);
  g_assert_cmpuint (before->len, <=, 20);
  assert_ascending (before);
  g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (before, before->len - 1)), ==, m2);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpint (bottega_message_get_remote_id (g_ptr_array_index (before, i)), <, m3);
}

static void
test_client_create_json (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(BottegaMessage) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *echo_id = g_uuid_string_random ();
  g_autofree char *echo_id2 = g_uuid_string_random ();
  gint64 display_id = pick_conversation (client, 4);
  BottegaChatwootOutgoing outgoing = { 0, };
  gint64 quoted;

  outgoing.content = "Yes, it ships tomorrow — grazie!";
  outgoing.echo_id = echo_id;

  message = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_message_get_remote_id (message), >, 0);
  g_assert_cmpstr (bottega_message_get_echo_id (message), ==, echo_id);
  g_assert_cmpstr (bottega_message_get_content (message), ==, outgoing.content);
  g_assert_cmpint (bottega_message_get_message_type (message), ==, BOTTEGA_MESSAGE_OUTGOING);
  g_assert_false (bottega_message_get_private (message));
  g_assert_cmpint (bottega_message_get_conversation_remote_id (message), ==, display_id);
  g_assert_cmpuint (bottega_message_get_n_attachments (message), ==, 0);

  /* Exactly once on the server. */
  g_assert_cmpuint (bottega_sandbox_count_messages (sandbox, display_id, outgoing.content), ==, 1);

  /* A private note quoting a customer's message. */
  quoted = bottega_sandbox_add_incoming_message (sandbox, display_id, "Which size?");
  outgoing.content = "Customer asked about the size";
  outgoing.echo_id = echo_id2;
  outgoing.is_private = TRUE;
  outgoing.in_reply_to = quoted;

  reply = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bottega_message_get_private (reply));
  g_assert_cmpint (bottega_message_get_in_reply_to (reply), ==, quoted);
  g_assert_cmpstr (bottega_message_get_echo_id (reply), ==, echo_id2);
}

static void
download_ready_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bottega_chatwoot_client_download_finish (BOTTEGA_CHATWOOT_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static void
test_client_create_multipart (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
  static const char text[] = "Order 1042: 2 × linen shirt\n";
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) async_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png_path = write_temp_file ("shirt photo.png", png, sizeof png - 1);
  g_autofree char *text_path = write_temp_file ("order.txt", text, sizeof text - 1);
  g_autofree char *echo_id = g_uuid_string_random ();
  const char *paths[] = { png_path, text_path, NULL };
  gint64 display_id = pick_conversation (client, 5);
  BottegaChatwootOutgoing outgoing = { 0, };
  g_autoptr(BottegaAttachment) image = NULL;
  g_autoptr(BottegaAttachment) doc = NULL;
  GListModel *attachments;

  outgoing.content = "Here is the photo and your order";
  outgoing.echo_id = echo_id;
  outgoing.attachment_paths = paths;

  message = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_message_get_echo_id (message), ==, echo_id);
  g_assert_cmpstr (bottega_message_get_content (message), ==, outgoing.content);
  g_assert_cmpuint (bottega_sandbox_count_messages (sandbox, display_id, outgoing.content), ==, 1);

  attachments = bottega_message_get_attachments (message);
  g_assert_cmpuint (g_list_model_get_n_items (attachments), ==, 2);
  image = g_list_model_get_item (attachments, 0);
  doc = g_list_model_get_item (attachments, 1);

  g_assert_cmpstr (bottega_attachment_get_file_type (image), ==, "image");
  g_assert_cmpstr (bottega_attachment_get_content_type (image), ==, "image/png");
  g_assert_cmpstr (bottega_attachment_get_file_name (image), ==, "shirt photo.png");
  g_assert_cmpint (bottega_attachment_get_file_size (image), ==, sizeof png - 1);
  g_assert_cmpstr (bottega_attachment_get_content_type (doc), ==, "text/plain");
  g_assert_cmpstr (bottega_attachment_get_file_name (doc), ==, "order.txt");
  g_assert_nonnull (bottega_attachment_get_data_url (doc));

  /* The bytes come back as they went. */
  bytes = bottega_chatwoot_client_download (client, bottega_attachment_get_data_url (doc),
                                            1024 * 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text, sizeof text - 1);

  bottega_chatwoot_client_download_async (client, bottega_attachment_get_data_url (image),
                                          1024 * 1024, NULL, download_ready_cb, &async_bytes);
  while (async_bytes == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpmem (g_bytes_get_data (async_bytes, NULL), g_bytes_get_size (async_bytes), png, sizeof png - 1);

  /* max_size is a hard limit. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = bottega_chatwoot_client_download (client, bottega_attachment_get_data_url (doc),
                                            8, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE);
  g_assert_null (bytes);
  g_clear_error (&error);

  /* Downloads follow the same URL rule. */
  bytes = bottega_chatwoot_client_download (client, "http://example.com/file.png", 1024, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
  g_assert_null (bytes);
}

static void
test_client_create_missing_file (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp_dir, "does-not-exist.pdf", NULL);
  const char *paths[] = { missing, NULL };
  gint64 display_id = pick_conversation (client, 5);
  BottegaChatwootOutgoing outgoing = { 0, };

  outgoing.content = "This should never arrive";
  outgoing.attachment_paths = paths;

  message = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED);
  g_assert_null (message);
  g_assert_cmpuint (bottega_sandbox_count_messages (sandbox, display_id, outgoing.content), ==, 0);
}

/* A WhatsApp conversation and one of its inbox's templates. */
static gboolean
find_template (BottegaChatwootClient  *client,
               gint64                 *display_id,
               JsonObject            **template)
{
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(BottegaChatwootConversationPage) page = list_all (client, 1);
  g_autoptr(GError) error = NULL;

  inboxes = bottega_chatwoot_client_list_inboxes (client, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < inboxes->len; i++)
    {
      BottegaInbox *inbox = g_ptr_array_index (inboxes, i);
      g_autoptr(JsonNode) templates = parse_text (bottega_inbox_get_templates (inbox));
      JsonArray *array = json_node_get_array (templates);

      if (json_array_get_length (array) == 0)
        continue;

      for (guint j = 0; j < page->conversations->len; j++)
        {
          BottegaConversation *conversation = g_ptr_array_index (page->conversations, j);

          if (bottega_conversation_get_inbox_id (conversation) == bottega_inbox_get_remote_id (inbox))
            {
              *display_id = bottega_conversation_get_remote_id (conversation);
              *template = json_object_ref (json_array_get_object_element (array, 0));
              return TRUE;
            }
        }
    }

  return FALSE;
}

static void
test_client_template (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(JsonObject) template = NULL;
  g_autoptr(JsonNode) dump = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *params = NULL;
  g_autofree char *echo_id = g_uuid_string_random ();
  g_autofree char *content = NULL;
  BottegaChatwootOutgoing outgoing = { 0, };
  gint64 display_id = 0;
  gboolean found = FALSE;
  JsonArray *messages;

  g_assert_true (find_template (client, &display_id, &template));

  params = g_strdup_printf ("{\"name\":\"%s\",\"category\":\"%s\",\"language\":\"%s\","
                            "\"processed_params\":{\"body\":{\"1\":\"1042\"}}}",
                            json_object_get_string_member (template, "name"),
                            json_object_get_string_member_with_default (template, "category", "UTILITY"),
                            json_object_get_string_member (template, "language"));
  content = g_strdup_printf ("Template %s for order 1042", json_object_get_string_member (template, "name"));

  outgoing.content = content;
  outgoing.echo_id = echo_id;
  outgoing.template_params = params;

  message = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_message_get_echo_id (message), ==, echo_id);
  g_assert_cmpint (bottega_message_get_message_type (message), ==, BOTTEGA_MESSAGE_OUTGOING);
  g_assert_cmpint (bottega_message_get_status (message), !=, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_cmpuint (bottega_sandbox_count_messages (sandbox, display_id, content), ==, 1);

  /* The server kept the template parameters with the message. */
  dump = bottega_sandbox_dump_messages (sandbox, display_id);
  messages = json_node_get_array (dump);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *obj = json_array_get_object_element (messages, i);
      JsonObject *additional;
      JsonObject *stored;

      if (json_object_get_int_member (obj, "id") != bottega_message_get_remote_id (message))
        continue;

      found = TRUE;
      additional = json_object_get_object_member (obj, "additional_attributes");
      g_assert_nonnull (additional);
      stored = json_object_get_object_member (additional, "template_params");
      g_assert_nonnull (stored);
      g_assert_cmpstr (json_object_get_string_member (stored, "name"), ==,
                       json_object_get_string_member (template, "name"));
    }
  g_assert_true (found);
}

/* ---- errors from the server ---- */

static void
test_client_error_unauthorized (void)
{
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad_token = "not-the-token-8c1f0e";

  client = bottega_chatwoot_client_new (bottega_sandbox_get_url (sandbox), bad_token,
                                        bottega_sandbox_get_account_id (sandbox), 7, &error);
  g_assert_no_error (error);

  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED);
  g_assert_null (profile);
  g_assert_null (strstr (error->message, bad_token));
  g_assert_false (bottega_provider_error_is_transient (error));
  g_clear_error (&error);

  labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* The right token, set later, works. */
  bottega_chatwoot_client_set_token (client, bottega_sandbox_get_token (sandbox));
  labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (labels);
}

static void
test_client_error_not_found (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  conversation = bottega_chatwoot_client_get_conversation (client, 987654, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (conversation);
  g_clear_error (&error);

  messages = bottega_chatwoot_client_list_messages (client, 987654, 0, 0, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (messages);
}

static void
test_client_error_statuses (void)
{
  struct {
    guint       status;
    int         code;
    gboolean    transient;
    const char *says;   /* the server's reason, where it gives one */
  } cases[] = {
    { 429, BOTTEGA_PROVIDER_ERROR_RATE_LIMITED, TRUE, NULL },
    { 500, BOTTEGA_PROVIDER_ERROR_SERVER, TRUE, NULL },
    { 503, BOTTEGA_PROVIDER_ERROR_SERVER, TRUE, NULL },
    { 403, BOTTEGA_PROVIDER_ERROR_FORBIDDEN, FALSE, "not authorized" },
    { 402, BOTTEGA_PROVIDER_ERROR_FORBIDDEN, FALSE, NULL },
    { 422, BOTTEGA_PROVIDER_ERROR_INVALID, FALSE, "Unprocessable entity" },
  };
  g_autoptr(BottegaChatwootClient) client = new_client ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) labels = NULL;
      g_autoptr(GError) error = NULL;

      bottega_sandbox_fail_next (sandbox, cases[i].status, 1);

      labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, cases[i].code);
      g_assert_null (labels);
      g_assert_cmpint (bottega_provider_error_is_transient (error), ==, cases[i].transient);
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].says));
      g_clear_error (&error);

      /* Only the next request failed. */
      labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (labels);
    }
}

static void
test_client_error_invalid (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 display_id = pick_conversation (client, 6);
  BottegaChatwootOutgoing outgoing = { 0, };
  guint requests;

  /* The server refuses a template without a name and says why. */
  outgoing.content = "A template without a name";
  outgoing.template_params = "{\"category\":\"UTILITY\",\"language\":\"en\"}";
  message = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "name is required"));
  g_assert_false (bottega_provider_error_is_transient (error));
  g_assert_null (message);
  g_clear_error (&error);
  g_assert_cmpuint (bottega_sandbox_count_messages (sandbox, display_id, outgoing.content), ==, 0);

  /* Parameters that are not an object never leave the computer. */
  requests = bottega_sandbox_get_request_count (sandbox);
  outgoing.template_params = "[\"order_update\"]";
  message = bottega_chatwoot_client_create_message (client, display_id, &outgoing, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INVALID);
  g_assert_null (message);
  g_assert_cmpuint (bottega_sandbox_get_request_count (sandbox), ==, requests);
}

static void
test_client_error_malformed (void)
{
  g_autoptr(BottegaChatwootClient) client = new_client ();
  g_autoptr(BottegaChatwootConversationPage) page = NULL;
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(GError) error = NULL;
  BottegaChatwootConversationQuery query = { "all", NULL, 1, -1 };

  bottega_sandbox_malformed_next (sandbox, 1);
  page = bottega_chatwoot_client_list_conversations (client, &query, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_assert_null (page);
  g_assert_false (bottega_provider_error_is_transient (error));
  g_clear_error (&error);

  inboxes = bottega_chatwoot_client_list_inboxes (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (inboxes);
}

/* ---- errors from the network ---- */

static void
test_client_error_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that is bound but never listened on refuses connections, and
   * nobody else can take it while the socket lives. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = bottega_chatwoot_client_new (url, "token", 1, 1, &error);
  g_assert_no_error (error);

  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK);
  g_assert_true (bottega_provider_error_is_transient (error));
  g_assert_null (profile);
}

/* A one-shot HTTP server that misbehaves on purpose. */
typedef enum {
  RAW_CLOSE_AFTER_REQUEST,  /* reads the whole request, then hangs up */
  RAW_SILENT,               /* reads the request and never answers */
  RAW_HTML,                 /* answers 200 with a web page */
} RawMode;

typedef struct {
  GSocket      *listener;
  GCancellable *cancellable;
  GThread      *thread;
  RawMode       mode;
  guint16       port;
} RawServer;

static void
raw_read_request (GSocket      *conn,
                  GCancellable *cancellable)
{
  g_autoptr(GString) data = g_string_new (NULL);
  gsize body_start = 0;
  gsize content_length = 0;
  char buf[4096];

  for (;;)
    {
      gssize n = g_socket_receive (conn, buf, sizeof buf, cancellable, NULL);
      const char *end;

      if (n <= 0)
        return;
      g_string_append_len (data, buf, n);

      if (body_start == 0 && (end = strstr (data->str, "\r\n\r\n")) != NULL)
        {
          g_autofree char *headers = g_ascii_strdown (data->str, end - data->str);
          const char *cl = strstr (headers, "content-length:");

          body_start = (end - data->str) + 4;
          if (cl != NULL)
            content_length = g_ascii_strtoull (cl + strlen ("content-length:"), NULL, 10);
        }

      if (body_start > 0 && data->len >= body_start + content_length)
        return;
    }
}

static gpointer
raw_server_thread (gpointer user_data)
{
  RawServer *server = user_data;
  g_autoptr(GSocket) conn = NULL;
  static const char html[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Length: 40\r\n"
    "Connection: close\r\n"
    "\r\n"
    "<html><body>Please sign in</body></html>";

  conn = g_socket_accept (server->listener, server->cancellable, NULL);
  if (conn == NULL)
    return NULL;

  raw_read_request (conn, server->cancellable);

  switch (server->mode)
    {
    case RAW_CLOSE_AFTER_REQUEST:
      break;

    case RAW_SILENT:
      /* Until the client gives up and closes, or the test ends. */
      g_socket_condition_wait (conn, G_IO_IN | G_IO_HUP | G_IO_ERR, server->cancellable, NULL);
      break;

    case RAW_HTML:
      g_socket_send (conn, html, sizeof html - 1, NULL, NULL);
      break;

    default:
      g_assert_not_reached ();
    }

  g_socket_close (conn, NULL);
  return NULL;
}

static RawServer *
raw_server_start (RawMode mode)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  RawServer *server = g_new0 (RawServer, 1);

  server->mode = mode;
  server->cancellable = g_cancellable_new ();
  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server->listener, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->thread = g_thread_new ("raw-server", raw_server_thread, server);

  return server;
}

static void
raw_server_stop (RawServer *server)
{
  g_cancellable_cancel (server->cancellable);
  g_thread_join (server->thread);
  g_socket_close (server->listener, NULL);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_free (server);
}

static BottegaChatwootClient *
raw_client (RawServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  BottegaChatwootClient *client;

  client = bottega_chatwoot_client_new (url, "token", 1, 1, &error);
  g_assert_no_error (error);
  bottega_chatwoot_client_set_timeout (client, 1);

  return client;
}

static void
test_client_error_dropped_after_request (void)
{
  RawServer *server = raw_server_start (RAW_CLOSE_AFTER_REQUEST);
  g_autoptr(BottegaChatwootClient) client = raw_client (server);
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  BottegaChatwootOutgoing outgoing = { 0, };

  outgoing.content = "Your parcel left today";
  outgoing.echo_id = "5d1c7c1e-0000-4000-8000-000000000001";

  /* The server had the whole request: whether it stored the message is
   * unknown, which is what TIMEOUT says. */
  message = bottega_chatwoot_client_create_message (client, 3, &outgoing, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT);
  g_assert_true (bottega_provider_error_is_transient (error));
  g_assert_null (message);

  raw_server_stop (server);
}

static void
test_client_error_timeout (void)
{
  RawServer *server = raw_server_start (RAW_SILENT);
  g_autoptr(BottegaChatwootClient) client = raw_client (server);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) error = NULL;

  labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT);
  g_assert_null (labels);

  raw_server_stop (server);
}

static void
test_client_error_html_page (void)
{
  RawServer *server = raw_server_start (RAW_HTML);
  g_autoptr(BottegaChatwootClient) client = raw_client (server);
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "Chatwoot answered with an unexpected page"));
  g_assert_null (profile);

  raw_server_stop (server);
}

static void
test_client_no_account_yet (void)
{
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) error = NULL;

  client = bottega_chatwoot_client_new (bottega_sandbox_get_url (sandbox),
                                        bottega_sandbox_get_token (sandbox), 0, 7, &error);
  g_assert_no_error (error);

  labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED);
  g_clear_error (&error);

  /* The profile tells the account, as at sign-in. */
  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_no_error (error);
  bottega_chatwoot_client_set_remote_account_id (client, profile->active_account_id);
  g_assert_cmpint (bottega_chatwoot_client_get_remote_account_id (client), ==,
                   bottega_sandbox_get_account_id (sandbox));

  labels = bottega_chatwoot_client_list_labels (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, >, 0);
}

/* ---- parsers on hand-written JSON ---- */

static JsonNode *
try_parse (const char  *text,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return bottega_chatwoot_parse_json (bytes, error);
}

static void
test_parse_timestamps (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"id\":5,\"status\":\"snoozed\",\"inbox_id\":2,"
    " \"created_at\":1718000000,"
    " \"updated_at\":1718000100.25,"
    " \"last_activity_at\":\"1718000200\","
    " \"agent_last_seen_at\":\"2024-06-10T06:13:20.000Z\","
    " \"waiting_since\":null,"
    " \"snoozed_until\":\"2024-06-10T08:13:20+02:00\"}");
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  conversation = bottega_chatwoot_parse_conversation (node, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_remote_id (conversation), ==, 5);
  g_assert_cmpint (bottega_conversation_get_account_id (conversation), ==, 3);
  g_assert_cmpint (bottega_conversation_get_status (conversation), ==, BOTTEGA_CONVERSATION_SNOOZED);
  g_assert_cmpint (bottega_conversation_get_created_at (conversation), ==, 1718000000);
  g_assert_cmpfloat_with_epsilon (bottega_conversation_get_updated_at (conversation), 1718000100.25, 0.001);
  g_assert_cmpint (bottega_conversation_get_last_activity_at (conversation), ==, 1718000200);
  g_assert_cmpint (bottega_conversation_get_agent_last_seen_at (conversation), ==, 1718000000);
  g_assert_cmpint (bottega_conversation_get_waiting_since (conversation), ==, 0);
  g_assert_cmpint (bottega_conversation_get_snoozed_until (conversation), ==, 1718000000);
  /* Defaults for what is absent. */
  g_assert_true (bottega_conversation_get_can_reply (conversation));
  g_assert_cmpint (bottega_conversation_get_assignee_id (conversation), ==, 0);
  g_assert_null (bottega_conversation_get_customer (conversation));
  g_assert_null (bottega_conversation_get_last_message (conversation));
  g_assert_nonnull (bottega_conversation_get_labels (conversation));
  g_assert_null (bottega_conversation_get_labels (conversation)[0]);
}

static void
test_parse_conversation_full (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"id\":\"12\",\"uuid\":\"4b0c\",\"inbox_id\":1,\"status\":\"open\",\"priority\":\"high\","
    " \"can_reply\":false,\"unread_count\":3,\"labels\":[\"vip\",\"returns\"],"
    " \"timestamp\":1718000300,"
    " \"meta\":{\"channel\":\"Channel::Whatsapp\","
    "   \"assignee\":{\"id\":4,\"name\":\"Giulia\"},"
    "   \"sender\":{\"id\":\"9\",\"name\":\"Ana Sousa\",\"phone_number\":\"+351900000000\","
    "               \"additional_attributes\":{\"city\":\"Porto\"},\"blocked\":false}},"
    " \"messages\":[{\"id\":100,\"content\":\"Obrigada!\",\"message_type\":0,\"created_at\":1718000300,"
    "                \"conversation_id\":12,\"sender_type\":\"Contact\",\"sender_id\":9}],"
    " \"last_non_activity_message\":{\"id\":99,\"message_type\":1}}");
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  BottegaCustomer *customer;
  BottegaMessage *last;
  const char * const *labels;

  conversation = bottega_chatwoot_parse_conversation (node, 1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (bottega_conversation_get_remote_id (conversation), ==, 12);
  g_assert_cmpstr (bottega_conversation_get_uuid (conversation), ==, "4b0c");
  g_assert_cmpstr (bottega_conversation_get_priority (conversation), ==, "high");
  g_assert_false (bottega_conversation_get_can_reply (conversation));
  g_assert_cmpint (bottega_conversation_get_unread_count (conversation), ==, 3);
  g_assert_cmpint (bottega_conversation_get_last_activity_at (conversation), ==, 1718000300);
  g_assert_cmpstr (bottega_conversation_get_channel (conversation), ==, "Channel::Whatsapp");
  g_assert_cmpint (bottega_conversation_get_assignee_id (conversation), ==, 4);
  g_assert_cmpstr (bottega_conversation_get_assignee_name (conversation), ==, "Giulia");

  labels = bottega_conversation_get_labels (conversation);
  g_assert_cmpstr (labels[0], ==, "vip");
  g_assert_cmpstr (labels[1], ==, "returns");
  g_assert_null (labels[2]);

  customer = bottega_conversation_get_customer (conversation);
  g_assert_nonnull (customer);
  g_assert_cmpint (bottega_customer_get_remote_id (customer), ==, 9);
  g_assert_cmpint (bottega_customer_get_account_id (customer), ==, 1);
  g_assert_cmpstr (bottega_customer_get_name (customer), ==, "Ana Sousa");
  g_assert_cmpstr (bottega_customer_get_phone_number (customer), ==, "+351900000000");
  g_assert_cmpstr (bottega_customer_get_custom_attributes (customer), ==, "{}");
  g_assert_nonnull (strstr (bottega_customer_get_additional_attributes (customer), "Porto"));

  /* messages[0] wins over last_non_activity_message. */
  last = bottega_conversation_get_last_message (conversation);
  g_assert_nonnull (last);
  g_assert_cmpint (bottega_message_get_remote_id (last), ==, 100);
  g_assert_cmpstr (bottega_message_get_sender_type (last), ==, "contact");
  g_assert_cmpint (bottega_message_get_sender_id (last), ==, 9);
}

static void
test_parse_conversation_last_non_activity (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"id\":8,\"messages\":[],\"last_non_activity_message\":{\"id\":99,\"message_type\":1,\"content\":null}}");
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  BottegaMessage *last;

  conversation = bottega_chatwoot_parse_conversation (node, 1, &error);
  g_assert_no_error (error);
  last = bottega_conversation_get_last_message (conversation);
  g_assert_nonnull (last);
  g_assert_cmpint (bottega_message_get_remote_id (last), ==, 99);
  g_assert_cmpstr (bottega_message_get_content (last), ==, "");
}

static void
test_parse_message (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"id\":321,\"content\":\"Ciao\",\"conversation_id\":12,\"message_type\":1,"
    " \"content_type\":\"text\",\"status\":\"failed\",\"private\":false,\"source_id\":\"wamid.HBg\","
    " \"created_at\":1718000000,\"echo_id\":\"e-1\","
    " \"sender\":{\"id\":4,\"name\":\"Giulia\",\"type\":\"user\"},"
    " \"content_attributes\":{\"in_reply_to\":300,\"external_error\":\"131047: Re-engagement message\"}}");
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) attributes = NULL;

  message = bottega_chatwoot_parse_message (node, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_message_get_remote_id (message), ==, 321);
  g_assert_cmpint (bottega_message_get_account_id (message), ==, 2);
  g_assert_cmpint (bottega_message_get_conversation_remote_id (message), ==, 12);
  g_assert_cmpstr (bottega_message_get_content (message), ==, "Ciao");
  g_assert_cmpint (bottega_message_get_message_type (message), ==, BOTTEGA_MESSAGE_OUTGOING);
  g_assert_cmpint (bottega_message_get_status (message), ==, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_cmpstr (bottega_message_get_source_id (message), ==, "wamid.HBg");
  g_assert_cmpstr (bottega_message_get_echo_id (message), ==, "e-1");
  g_assert_cmpstr (bottega_message_get_sender_type (message), ==, "user");
  g_assert_cmpint (bottega_message_get_sender_id (message), ==, 4);
  g_assert_cmpstr (bottega_message_get_sender_name (message), ==, "Giulia");
  g_assert_cmpint (bottega_message_get_in_reply_to (message), ==, 300);
  g_assert_cmpstr (bottega_message_get_external_error (message), ==, "131047: Re-engagement message");

  attributes = parse_text (bottega_message_get_content_attributes (message));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (attributes), "in_reply_to"), ==, 300);

  /* attachments absent: none. */
  g_assert_cmpuint (bottega_message_get_n_attachments (message), ==, 0);
}

static void
test_parse_message_defaults (void)
{
  g_autoptr(JsonNode) node = parse_text ("{\"id\":1,\"message_type\":2,\"content\":null}");
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = bottega_chatwoot_parse_message (node, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_message_get_content (message), ==, "");
  g_assert_cmpint (bottega_message_get_message_type (message), ==, BOTTEGA_MESSAGE_ACTIVITY);
  g_assert_cmpint (bottega_message_get_status (message), ==, BOTTEGA_MESSAGE_STATUS_SENT);
  g_assert_cmpstr (bottega_message_get_content_type (message), ==, "text");
  g_assert_cmpstr (bottega_message_get_content_attributes (message), ==, "{}");
  g_assert_cmpint (bottega_message_get_created_at (message), ==, 0);
  g_assert_cmpint (bottega_message_get_in_reply_to (message), ==, 0);
  g_assert_null (bottega_message_get_echo_id (message));
  g_assert_cmpuint (bottega_message_get_n_attachments (message), ==, 0);
}

static void
test_parse_attachments (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"id\":7,\"message_type\":0,\"status\":\"delivered\",\"attachments\":["
    " {\"id\":70,\"file_type\":\"image\",\"extension\":\"jpg\","
    "  \"data_url\":\"https://chat.example.com/rails/active_storage/blobs/redirect/eyJf/vestido%20azul.jpg?disposition=inline\","
    "  \"thumb_url\":\"https://chat.example.com/t/1.jpg\",\"file_size\":\"2048\",\"width\":640,\"height\":480},"
    " {\"id\":\"71\",\"file_type\":\"file\",\"content_type\":\"application/pdf\","
    "  \"data_url\":\"https://chat.example.com/b/..%2F..%2Fetc%2Fpasswd%5Cx%00y.pdf\",\"thumb_url\":\"\"}"
    "]}");
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(BottegaAttachment) image = NULL;
  g_autoptr(BottegaAttachment) pdf = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *attachments;

  message = bottega_chatwoot_parse_message (node, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_message_get_status (message), ==, BOTTEGA_MESSAGE_STATUS_DELIVERED);

  attachments = bottega_message_get_attachments (message);
  g_assert_cmpuint (g_list_model_get_n_items (attachments), ==, 2);
  image = g_list_model_get_item (attachments, 0);
  pdf = g_list_model_get_item (attachments, 1);

  g_assert_cmpint (bottega_attachment_get_remote_id (image), ==, 70);
  g_assert_cmpstr (bottega_attachment_get_file_type (image), ==, "image");
  /* No content_type: guessed from the extension. */
  g_assert_cmpstr (bottega_attachment_get_content_type (image), ==, "image/jpeg");
  g_assert_cmpstr (bottega_attachment_get_file_name (image), ==, "vestido azul.jpg");
  g_assert_cmpint (bottega_attachment_get_file_size (image), ==, 2048);
  g_assert_cmpint (bottega_attachment_get_width (image), ==, 640);
  g_assert_cmpint (bottega_attachment_get_height (image), ==, 480);
  g_assert_cmpstr (bottega_attachment_get_thumb_url (image), ==, "https://chat.example.com/t/1.jpg");

  /* A hostile name is only ever a display string. */
  g_assert_cmpint (bottega_attachment_get_remote_id (pdf), ==, 71);
  g_assert_cmpstr (bottega_attachment_get_content_type (pdf), ==, "application/pdf");
  g_assert_cmpstr (bottega_attachment_get_file_name (pdf), ==, "....etcpasswdxy.pdf");
  g_assert_null (strchr (bottega_attachment_get_file_name (pdf), '/'));
  g_assert_null (bottega_attachment_get_thumb_url (pdf));
}

static void
test_parse_ids (void)
{
  const char *good[] = {
    "{\"id\":12,\"message_type\":0}",
    "{\"id\":\"12\",\"message_type\":0}",
    "{\"id\":12.0,\"message_type\":\"0\"}",
  };
  const char *bad[] = {
    "{\"message_type\":0}",
    "{\"id\":null,\"message_type\":0}",
    "{\"id\":\"abc\",\"message_type\":0}",
    "{\"id\":\"12abc\",\"message_type\":0}",
    "{\"id\":-3,\"message_type\":0}",
    "{\"id\":1.5,\"message_type\":0}",
    "{\"id\":true,\"message_type\":0}",
    "{\"id\":[12],\"message_type\":0}",
    "{\"id\":{\"value\":12},\"message_type\":0}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(JsonNode) node = parse_text (good[i]);
      g_autoptr(BottegaMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      message = bottega_chatwoot_parse_message (node, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bottega_message_get_remote_id (message), ==, 12);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse_text (bad[i]);
      g_autoptr(BottegaMessage) message = NULL;
      g_autoptr(BottegaLabel) label = NULL;
      g_autoptr(GError) error = NULL;

      message = bottega_chatwoot_parse_message (node, 1, &error);
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
      g_assert_null (message);
      g_clear_error (&error);

      label = bottega_chatwoot_parse_label (node, &error);
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
      g_assert_null (label);
    }
}

static void
test_parse_wrong_types (void)
{
  struct {
    const char *kind;
    const char *json;
  } cases[] = {
    { "message", "[1,2,3]" },
    { "message", "\"a message\"" },
    { "message", "{\"id\":1,\"message_type\":7}" },
    { "message", "{\"id\":1}" },
    { "message", "{\"id\":1,\"message_type\":0,\"content\":{\"text\":\"hi\"}}" },
    { "message", "{\"id\":1,\"message_type\":0,\"private\":\"yes\"}" },
    { "message", "{\"id\":1,\"message_type\":0,\"created_at\":\"yesterday\"}" },
    { "message", "{\"id\":1,\"message_type\":0,\"created_at\":[1]}" },
    { "message", "{\"id\":1,\"message_type\":0,\"attachments\":{\"id\":1}}" },
    { "message", "{\"id\":1,\"message_type\":0,\"attachments\":[{\"file_type\":\"image\"}]}" },
    { "message", "{\"id\":1,\"message_type\":0,\"sender\":\"Ana\"}" },
    { "conversation", "{\"id\":1,\"status\":\"archived\"}" },
    { "conversation", "{\"id\":1,\"labels\":\"vip\"}" },
    { "conversation", "{\"id\":1,\"labels\":[1,2]}" },
    { "conversation", "{\"id\":1,\"meta\":[]}" },
    { "conversation", "{\"id\":1,\"meta\":{\"sender\":{\"name\":\"no id\"}}}" },
    { "conversation", "{\"id\":1,\"unread_count\":\"many\"}" },
    { "conversation", "{\"id\":1,\"messages\":[{\"id\":2,\"message_type\":9}]}" },
    { "inbox", "{\"id\":1,\"message_templates\":\"none\"}" },
    { "inbox", "{\"id\":1,\"name\":[\"x\"]}" },
    { "profile", "{\"name\":\"no id\"}" },
    { "profile", "{\"id\":1,\"accounts\":[{\"name\":\"no id\"}]}" },
    { "conversation-page", "{\"payload\":[]}" },
    { "conversation-page", "{\"data\":{\"meta\":{}}}" },
    { "conversation-page", "{\"data\":{\"payload\":[{\"id\":\"x\"}]}}" },
    { "messages", "[{\"id\":1,\"message_type\":0}]" },
    { "inboxes", "{\"payload\":{}}" },
    { "labels", "{}" },
    { "agents", "{\"payload\":[]}" },
    { "canned", "[{\"short_code\":\"hi\"}]" },
    { "toggle", "{\"payload\":{\"current_status\":\"gone\"}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse_text (cases[i].json);
      g_autoptr(GError) error = NULL;
      const char *kind = cases[i].kind;
      gpointer result = NULL;

      if (g_str_equal (kind, "message"))
        result = bottega_chatwoot_parse_message (node, 1, &error);
      else if (g_str_equal (kind, "conversation"))
        result = bottega_chatwoot_parse_conversation (node, 1, &error);
      else if (g_str_equal (kind, "inbox"))
        result = bottega_chatwoot_parse_inbox (node, 1, &error);
      else if (g_str_equal (kind, "profile"))
        result = bottega_chatwoot_parse_profile (node, &error);
      else if (g_str_equal (kind, "conversation-page"))
        result = bottega_chatwoot_parse_conversation_page (node, 1, &error);
      else if (g_str_equal (kind, "messages"))
        result = bottega_chatwoot_parse_messages (node, 1, &error);
      else if (g_str_equal (kind, "inboxes"))
        result = bottega_chatwoot_parse_inboxes (node, 1, &error);
      else if (g_str_equal (kind, "labels"))
        result = bottega_chatwoot_parse_labels (node, &error);
      else if (g_str_equal (kind, "agents"))
        result = bottega_chatwoot_parse_agents (node, &error);
      else if (g_str_equal (kind, "canned"))
        result = bottega_chatwoot_parse_canned_responses (node, &error);
      else if (g_str_equal (kind, "toggle"))
        result = bottega_chatwoot_parse_toggle_status (node, &error);
      else
        g_assert_not_reached ();

      if (result != NULL)
        g_error ("case %u (%s) was accepted: %s", i, kind, cases[i].json);
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
    }
}

static void
test_parse_envelopes (void)
{
  g_autoptr(JsonNode) page_node = parse_text (
    "{\"data\":{\"meta\":{\"mine_count\":1,\"assigned_count\":2,\"unassigned_count\":\"3\",\"all_count\":5},"
    " \"payload\":[{\"id\":1,\"status\":\"open\"},{\"id\":2,\"status\":\"pending\"}]}}");
  g_autoptr(JsonNode) messages_node = parse_text (
    "{\"meta\":{\"labels\":[],\"agent_last_seen_at\":\"2024-06-10T06:13:20Z\"},"
    " \"payload\":[{\"id\":1,\"message_type\":0},{\"id\":2,\"message_type\":1}]}");
  g_autoptr(JsonNode) inboxes_node = parse_text (
    "{\"payload\":[{\"id\":1,\"name\":\"WhatsApp\",\"channel_type\":\"Channel::Whatsapp\","
    "  \"provider\":\"whatsapp_cloud\",\"phone_number\":\"+390000000\","
    "  \"message_templates\":[{\"name\":\"order_update\",\"language\":\"it\",\"status\":\"APPROVED\"}]},"
    " {\"id\":2,\"name\":\"Mail\",\"channel_type\":\"Channel::Email\"},"
    " {\"id\":3,\"name\":\"New WhatsApp\",\"channel_type\":\"Channel::Whatsapp\",\"message_templates\":{}}]}");
  g_autoptr(JsonNode) labels_node = parse_text (
    "{\"payload\":[{\"id\":1,\"title\":\"vip\",\"description\":null,\"color\":\"#1f93ff\",\"show_on_sidebar\":true}]}");
  g_autoptr(JsonNode) agents_node = parse_text (
    "[{\"id\":4,\"name\":\"Giulia\",\"available_name\":\"Giulia R.\",\"role\":\"administrator\"}]");
  g_autoptr(JsonNode) canned_node = parse_text (
    "[{\"id\":3,\"account_id\":1,\"short_code\":\"thanks\",\"content\":\"Thank you!\","
    "  \"created_at\":\"2024-06-10T06:13:20.000Z\"}]");
  g_autoptr(JsonNode) profile_node = parse_text (
    "{\"id\":4,\"name\":\"Giulia\",\"email\":\"g@example.com\",\"pubsub_token\":\"ps\",\"account_id\":1,"
    " \"accounts\":[{\"id\":1,\"name\":\"Bottega Rossi\",\"status\":\"active\",\"role\":\"administrator\"},"
    "               {\"id\":\"2\",\"name\":\"Other\",\"status\":\"suspended\",\"role\":\"agent\"}]}");
  g_autoptr(JsonNode) toggle_node = parse_text (
    "{\"meta\":{},\"payload\":{\"success\":true,\"conversation_id\":5,\"current_status\":\"resolved\",\"snoozed_until\":null}}");
  g_autoptr(BottegaChatwootConversationPage) page = NULL;
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) canned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  BottegaChatwootAccountRef *second;

  page = bottega_chatwoot_parse_conversation_page (page_node, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->conversations->len, ==, 2);
  g_assert_cmpuint (page->mine_count, ==, 1);
  g_assert_cmpuint (page->assigned_count, ==, 2);
  g_assert_cmpuint (page->unassigned_count, ==, 3);
  g_assert_cmpuint (page->all_count, ==, 5);
  g_assert_cmpint (bottega_conversation_get_status (g_ptr_array_index (page->conversations, 1)),
                   ==, BOTTEGA_CONVERSATION_PENDING);

  messages = bottega_chatwoot_parse_messages (messages_node, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);

  inboxes = bottega_chatwoot_parse_inboxes (inboxes_node, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inboxes->len, ==, 3);
  g_assert_cmpstr (bottega_inbox_get_provider (g_ptr_array_index (inboxes, 0)), ==, "whatsapp_cloud");
  g_assert_cmpint (bottega_inbox_get_account_id (g_ptr_array_index (inboxes, 0)), ==, 6);
  g_assert_nonnull (strstr (bottega_inbox_get_templates (g_ptr_array_index (inboxes, 0)), "order_update"));
  g_assert_cmpstr (bottega_inbox_get_templates (g_ptr_array_index (inboxes, 1)), ==, "[]");
  g_assert_cmpstr (bottega_inbox_get_templates (g_ptr_array_index (inboxes, 2)), ==, "[]");

  labels = bottega_chatwoot_parse_labels (labels_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpstr (bottega_label_get_title (g_ptr_array_index (labels, 0)), ==, "vip");
  g_assert_cmpstr (bottega_label_get_color (g_ptr_array_index (labels, 0)), ==, "#1f93ff");

  agents = bottega_chatwoot_parse_agents (agents_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 1);
  g_assert_cmpstr (bottega_agent_get_available_name (g_ptr_array_index (agents, 0)), ==, "Giulia R.");
  g_assert_cmpstr (bottega_agent_get_role (g_ptr_array_index (agents, 0)), ==, "administrator");

  canned = bottega_chatwoot_parse_canned_responses (canned_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (canned->len, ==, 1);
  g_assert_cmpstr (bottega_canned_response_get_short_code (g_ptr_array_index (canned, 0)), ==, "thanks");

  profile = bottega_chatwoot_parse_profile (profile_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (profile->user_id, ==, 4);
  g_assert_cmpint (profile->active_account_id, ==, 1);
  g_assert_cmpstr (profile->pubsub_token, ==, "ps");
  g_assert_cmpuint (profile->accounts->len, ==, 2);
  second = g_ptr_array_index (profile->accounts, 1);
  g_assert_cmpint (second->id, ==, 2);
  g_assert_cmpstr (second->status, ==, "suspended");

  status = bottega_chatwoot_parse_toggle_status (toggle_node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status, ==, "resolved");
}

static void
test_parse_depth_bomb (void)
{
  g_autoptr(GString) bomb = g_string_new (NULL);
  g_autoptr(GString) deep_ok = g_string_new (NULL);
  g_autoptr(GString) in_string = g_string_new ("{\"content\":\"");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (bomb, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (bomb, ']');

  node = try_parse (bomb->str, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_assert_null (node);
  g_clear_error (&error);

  /* 64 levels are fine. */
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep_ok, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep_ok, ']');
  node = try_parse (deep_ok->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  /* Brackets inside strings are text, not nesting. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (in_string, "[{");
  g_string_append (in_string, "\\\"]\"}");
  node = try_parse (in_string->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static void
test_parse_bad_bytes (void)
{
  static const char latin1[] = "{\"id\":1,\"message_type\":0,\"content\":\"caf\xe9\"}";
  static const char with_nul[] = "{\"id\":1}\0{\"id\":2}";
  g_autoptr(GBytes) nul_bytes = g_bytes_new (with_nul, sizeof with_nul - 1);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = try_parse (latin1, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_assert_null (node);
  g_clear_error (&error);

  node = bottega_chatwoot_parse_json (nul_bytes, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_clear_error (&error);

  node = try_parse ("", &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_clear_error (&error);

  node = try_parse ("{\"data\":{\"payload\":[{\"id\":1", &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_clear_error (&error);

  node = try_parse ("<html><body>502 Bad Gateway</body></html>", &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_clear_error (&error);

  /* The caller's bound. */
  big = g_bytes_new ("[1,2,3,4,5,6,7,8,9]", 19);
  node = bottega_chatwoot_parse_json_full (big, 10, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE);
  g_assert_null (node);
  g_clear_error (&error);

  node = bottega_chatwoot_parse_json_full (big, 19, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

/* ---- errors ---- */

static void
test_error_transient (void)
{
  struct {
    int      code;
    gboolean transient;
  } cases[] = {
    { BOTTEGA_PROVIDER_ERROR_FAILED, FALSE },
    { BOTTEGA_PROVIDER_ERROR_NETWORK, TRUE },
    { BOTTEGA_PROVIDER_ERROR_TIMEOUT, TRUE },
    { BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED, FALSE },
    { BOTTEGA_PROVIDER_ERROR_FORBIDDEN, FALSE },
    { BOTTEGA_PROVIDER_ERROR_NOT_FOUND, FALSE },
    { BOTTEGA_PROVIDER_ERROR_INVALID, FALSE },
    { BOTTEGA_PROVIDER_ERROR_RATE_LIMITED, TRUE },
    { BOTTEGA_PROVIDER_ERROR_SERVER, TRUE },
    { BOTTEGA_PROVIDER_ERROR_MALFORMED, FALSE },
    { BOTTEGA_PROVIDER_ERROR_INSECURE_URL, FALSE },
    { BOTTEGA_PROVIDER_ERROR_TOO_LARGE, FALSE },
  };
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "x");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (BOTTEGA_PROVIDER_ERROR, cases[i].code, "x");

      g_assert_cmpint (bottega_provider_error_is_transient (error), ==, cases[i].transient);
    }

  /* Only this layer's errors are judged. */
  g_assert_false (bottega_provider_error_is_transient (other));
}

/* ---- keyring ---- */

static void
lookup_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bottega_secret_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static void
test_secret_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *other = NULL;
  g_autofree char *async_found = NULL;
  const char *url = "https://chat.example.com";

  g_assert_true (bottega_secret_store_token (url, 3, "tok-3-secret", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bottega_secret_store_token (url, 4, "tok-4-secret", NULL, &error));
  g_assert_no_error (error);

  found = bottega_secret_lookup_token (url, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "tok-3-secret");
  g_clear_pointer (&found, g_free);

  /* A trailing slash names the same server. */
  found = bottega_secret_lookup_token ("https://chat.example.com/", 4, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "tok-4-secret");
  g_clear_pointer (&found, g_free);

  /* Another server or account has nothing. */
  other = bottega_secret_lookup_token ("https://other.example.com", 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other);

  /* Storing again replaces. */
  g_assert_true (bottega_secret_store_token (url, 3, "tok-3-renewed", NULL, &error));
  g_assert_no_error (error);

  bottega_secret_lookup_token_async (url, 3, NULL, lookup_ready_cb, &async_found);
  while (async_found == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (async_found, ==, "tok-3-renewed");

  g_assert_true (bottega_secret_clear_token (url, 3, NULL, &error));
  g_assert_no_error (error);
  found = bottega_secret_lookup_token (url, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* Clearing what is not there is fine; the other account is untouched. */
  g_assert_true (bottega_secret_clear_token (url, 3, NULL, &error));
  g_assert_no_error (error);
  found = bottega_secret_lookup_token (url, 4, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "tok-4-secret");
  g_assert_true (bottega_secret_clear_token (url, 4, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }

  return g_rmdir (path) == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("bottega-test-provider-XXXXXX", &error);
  g_assert_no_error (error);

  /* The keyring is libsecret's file backend in a private file; meson sets
   * the backend and password, and running the binary by hand does too. */
  keyring = g_build_filename (tmp_dir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", FALSE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "bottega-tests", FALSE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);

  sandbox = bottega_sandbox_new (NULL, &error);
  g_assert_no_error (error);
  bottega_sandbox_start (sandbox, 0, &error);
  g_assert_no_error (error);

  g_test_add_func ("/provider/client/urls", test_client_urls);
  g_test_add_func ("/provider/client/profile", test_client_profile);
  g_test_add_func ("/provider/client/profile-async", test_client_profile_async);
  g_test_add_func ("/provider/client/inboxes", test_client_inboxes);
  g_test_add_func ("/provider/client/labels", test_client_labels);
  g_test_add_func ("/provider/client/agents", test_client_agents);
  g_test_add_func ("/provider/client/canned-responses", test_client_canned_responses);
  g_test_add_func ("/provider/client/conversations", test_client_conversations);
  g_test_add_func ("/provider/client/conversations-updated-within", test_client_conversations_updated_within);
  g_test_add_func ("/provider/client/conversation", test_client_conversation);
  g_test_add_func ("/provider/client/toggle-status", test_client_toggle_status);
  g_test_add_func ("/provider/client/update-last-seen", test_client_update_last_seen);
  g_test_add_func ("/provider/client/messages", test_client_messages);
  g_test_add_func ("/provider/client/create-json", test_client_create_json);
  g_test_add_func ("/provider/client/create-multipart", test_client_create_multipart);
  g_test_add_func ("/provider/client/create-missing-file", test_client_create_missing_file);
  g_test_add_func ("/provider/client/template", test_client_template);
  g_test_add_func ("/provider/client/no-account-yet", test_client_no_account_yet);
  g_test_add_func ("/provider/client/error/unauthorized", test_client_error_unauthorized);
  g_test_add_func ("/provider/client/error/not-found", test_client_error_not_found);
  g_test_add_func ("/provider/client/error/statuses", test_client_error_statuses);
  g_test_add_func ("/provider/client/error/invalid", test_client_error_invalid);
  g_test_add_func ("/provider/client/error/malformed", test_client_error_malformed);
  g_test_add_func ("/provider/client/error/refused", test_client_error_refused);
  g_test_add_func ("/provider/client/error/dropped-after-request", test_client_error_dropped_after_request);
  g_test_add_func ("/provider/client/error/timeout", test_client_error_timeout);
  g_test_add_func ("/provider/client/error/html-page", test_client_error_html_page);
  g_test_add_func ("/provider/parse/timestamps", test_parse_timestamps);
  g_test_add_func ("/provider/parse/conversation", test_parse_conversation_full);
  g_test_add_func ("/provider/parse/conversation-last-non-activity", test_parse_conversation_last_non_activity);
  g_test_add_func ("/provider/parse/message", test_parse_message);
  g_test_add_func ("/provider/parse/message-defaults", test_parse_message_defaults);
  g_test_add_func ("/provider/parse/attachments", test_parse_attachments);
  g_test_add_func ("/provider/parse/ids", test_parse_ids);
  g_test_add_func ("/provider/parse/wrong-types", test_parse_wrong_types);
  g_test_add_func ("/provider/parse/envelopes", test_parse_envelopes);
  g_test_add_func ("/provider/parse/depth-bomb", test_parse_depth_bomb);
  g_test_add_func ("/provider/parse/bad-bytes", test_parse_bad_bytes);
  g_test_add_func ("/provider/error/transient", test_error_transient);
  g_test_add_func ("/provider/secret/round-trip", test_secret_round_trip);

  ret = g_test_run ();

  bottega_sandbox_stop (sandbox);
  g_clear_object (&sandbox);
  remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
