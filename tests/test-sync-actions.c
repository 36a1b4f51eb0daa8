/* test-sync-actions.c: changing conversations on the provider (the sandbox)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bottega-account-setup.h"
#include "bottega-message-list.h"
#include "bottega-sandbox.h"
#include "bottega-sync-actions.h"
#include "bottega-test-helpers.h"

typedef struct {
  char              *home;
  BottegaSandbox    *sandbox;
  BottegaStore      *store;
  BottegaAccount    *account;
  BottegaSyncEngine *engine;
} Fixture;

/* The demo shop's conversations 32–49 are open, with customers writing. */
#define OPEN_CONVERSATION(n) (32 + (n))

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autofree char *path = NULL;

  f->home = test_home_new ();
  f->sandbox = bottega_sandbox_new (NULL, &error);
  g_assert_no_error (error);
  bottega_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);

  path = bottega_store_default_path (NULL);
  f->store = bottega_store_open (path, &error);
  g_assert_no_error (error);

  f->account = bottega_account_setup (f->store, bottega_sandbox_get_url (f->sandbox),
                                      bottega_sandbox_get_token (f->sandbox), 0, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->account);

  client = bottega_account_open_client (f->account, NULL, &error);
  g_assert_no_error (error);
  f->engine = bottega_sync_engine_new (f->store, f->account, client);

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->account);
  if (f->store != NULL)
    bottega_store_close (f->store);
  g_clear_object (&f->store);
  if (f->sandbox != NULL)
    bottega_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
  test_home_free (f->home);
}

static gint64
account_id (Fixture *f)
{
  return bottega_account_get_id (f->account);
}

/* The conversation as the store has it now. */
static BottegaConversation *
stored (Fixture *f,
        gint64   display_id)
{
  g_autoptr(GError) error = NULL;
  BottegaConversation *conversation;

  conversation = bottega_store_find_conversation (f->store, account_id (f), display_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return conversation;
}

/* The conversation as the server has it now (read by a client of its own). */
static BottegaConversation *
on_server (Fixture *f,
           gint64   display_id)
{
  g_autoptr(GError) error = NULL;
  BottegaConversation *conversation;

  conversation = bottega_chatwoot_client_get_conversation (bottega_sync_engine_get_client (f->engine),
                                                           display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return conversation;
}

static gboolean
change (Fixture                         *f,
        gint64                           display_id,
        const BottegaConversationChange *what,
        GError                         **error)
{
  g_autoptr(BottegaConversation) conversation = stored (f, display_id);

  return bottega_sync_engine_change_conversation (f->engine, conversation, what, NULL, error);
}

static gboolean
has_label (BottegaConversation *conversation,
           const char          *title)
{
  return g_strv_contains (bottega_conversation_get_labels (conversation), title);
}

/* Whether the conversation's messages in the store include an activity
 * line containing @words (what the header change leaves in the timeline). */
static gboolean
has_activity (Fixture    *f,
              gint64      conversation_id,
              const char *words)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = bottega_store_list_messages (f->store, conversation_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    {
      BottegaMessage *message = g_ptr_array_index (messages, i);

      if (bottega_message_get_message_type (message) == BOTTEGA_MESSAGE_ACTIVITY &&
          strstr (bottega_message_get_content (message), words) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 display_id = OPEN_CONVERSATION (0);
  BottegaConversationChange resolve = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_RESOLVED, };
  BottegaConversationChange pending = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_PENDING, };
  BottegaConversationChange reopen = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_OPEN, };

  {
    g_autoptr(BottegaConversation) before = stored (f, display_id);

    g_assert_cmpint (bottega_conversation_get_status (before), ==, BOTTEGA_CONVERSATION_OPEN);
  }

  g_assert_true (change (f, display_id, &resolve, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);
    g_autoptr(BottegaConversation) server = on_server (f, display_id);

    g_assert_cmpint (bottega_conversation_get_status (server), ==, BOTTEGA_CONVERSATION_RESOLVED);
    g_assert_cmpint (bottega_conversation_get_status (after), ==, BOTTEGA_CONVERSATION_RESOLVED);
    /* The activity line the server wrote is in the timeline at once. */
    g_assert_true (has_activity (f, bottega_conversation_get_id (after), "resolved"));
  }

  g_assert_true (change (f, display_id, &pending, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpint (bottega_conversation_get_status (after), ==, BOTTEGA_CONVERSATION_PENDING);
  }

  g_assert_true (change (f, display_id, &reopen, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpint (bottega_conversation_get_status (after), ==, BOTTEGA_CONVERSATION_OPEN);
    g_assert_cmpint (bottega_conversation_get_snoozed_until (after), ==, 0);
  }
}

static void
test_snooze (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 display_id = OPEN_CONVERSATION (1);
  gint64 until = g_get_real_time () / G_USEC_PER_SEC + 36 * 3600;
  BottegaConversationChange snooze = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_SNOOZED, until, };
  BottegaConversationChange reopen = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_OPEN, };

  g_assert_true (change (f, display_id, &snooze, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);
    g_autoptr(BottegaConversation) server = on_server (f, display_id);

    g_assert_cmpint (bottega_conversation_get_status (server), ==, BOTTEGA_CONVERSATION_SNOOZED);
    g_assert_cmpint (bottega_conversation_get_snoozed_until (server), ==, until);
    g_assert_cmpint (bottega_conversation_get_status (after), ==, BOTTEGA_CONVERSATION_SNOOZED);
    g_assert_cmpint (bottega_conversation_get_snoozed_until (after), ==, until);
  }

  /* Waking it up early clears the time. */
  g_assert_true (change (f, display_id, &reopen, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpint (bottega_conversation_get_status (after), ==, BOTTEGA_CONVERSATION_OPEN);
    g_assert_cmpint (bottega_conversation_get_snoozed_until (after), ==, 0);
  }
}

static void
test_priority (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 display_id = OPEN_CONVERSATION (2);
  BottegaConversationChange urgent = { BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY, .priority = "urgent" };
  BottegaConversationChange low = { BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY, .priority = "low" };
  BottegaConversationChange none = { BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY, .priority = NULL };
  BottegaConversationChange bogus = { BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY, .priority = "whenever" };

  g_assert_true (change (f, display_id, &urgent, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpstr (bottega_conversation_get_priority (after), ==, "urgent");
  }

  g_assert_true (change (f, display_id, &low, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);
    g_autoptr(BottegaConversation) server = on_server (f, display_id);

    g_assert_cmpstr (bottega_conversation_get_priority (server), ==, "low");
    g_assert_cmpstr (bottega_conversation_get_priority (after), ==, "low");
  }

  /* The server refuses an unknown priority; the store keeps what it had. */
  g_assert_false (change (f, display_id, &bogus, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpstr (bottega_conversation_get_priority (after), ==, "low");
  }

  g_assert_true (change (f, display_id, &none, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_null (bottega_conversation_get_priority (after));
  }
}

static void
test_assign (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  gint64 display_id = OPEN_CONVERSATION (3);
  BottegaAgent *other = NULL;
  BottegaConversationChange nobody = { BOTTEGA_CONVERSATION_ACTION_ASSIGN, .assignee_id = 0 };
  BottegaConversationChange missing = { BOTTEGA_CONVERSATION_ACTION_ASSIGN, .assignee_id = 999999 };

  /* The header's assignee menu lists the store's agents. */
  agents = bottega_store_list_agents (f->store, account_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, >=, 2);
  for (guint i = 0; i < agents->len; i++)
    {
      BottegaAgent *agent = g_ptr_array_index (agents, i);

      g_assert_cmpint (bottega_agent_get_remote_id (agent), >, 0);
      g_assert_nonnull (bottega_agent_get_name (agent));
      if (g_strcmp0 (bottega_agent_get_name (agent), "Luca Bianchi") == 0)
        other = agent;
    }
  g_assert_nonnull (other);

  {
    BottegaConversationChange to_other = { BOTTEGA_CONVERSATION_ACTION_ASSIGN,
                                           .assignee_id = bottega_agent_get_remote_id (other) };
    g_autoptr(BottegaConversation) after = NULL;

    g_assert_true (change (f, display_id, &to_other, &error));
    g_assert_no_error (error);
    after = stored (f, display_id);
    g_assert_cmpint (bottega_conversation_get_assignee_id (after), ==, bottega_agent_get_remote_id (other));
    g_assert_cmpstr (bottega_conversation_get_assignee_name (after), ==, "Luca Bianchi");
    g_assert_true (has_activity (f, bottega_conversation_get_id (after), "Luca Bianchi"));
  }

  /* An agent the server does not know: refused, nothing changes. */
  g_assert_false (change (f, display_id, &missing, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (change (f, display_id, &nobody, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);
    g_autoptr(BottegaConversation) server = on_server (f, display_id);

    g_assert_cmpint (bottega_conversation_get_assignee_id (server), ==, 0);
    g_assert_cmpint (bottega_conversation_get_assignee_id (after), ==, 0);
  }
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) wanted = NULL;
  gint64 display_id = OPEN_CONVERSATION (4);
  const char *added = NULL;
  guint n_before;

  labels = bottega_store_list_labels (f->store, account_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, >=, 2);

  /* Adding one label sends the union: the ones it had stay. */
  {
    g_autoptr(BottegaConversation) before = stored (f, display_id);
    const char * const *had = bottega_conversation_get_labels (before);

    n_before = g_strv_length ((char **) had);
    g_strv_builder_addv (builder, (const char **) had);
    for (guint i = 0; i < labels->len && added == NULL; i++)
      {
        const char *title = bottega_label_get_title (g_ptr_array_index (labels, i));

        if (!g_strv_contains (had, title))
          added = title;
      }
    g_assert_nonnull (added);
    g_strv_builder_add (builder, added);
    wanted = g_strv_builder_end (builder);
  }

  {
    BottegaConversationChange add = { BOTTEGA_CONVERSATION_ACTION_SET_LABELS,
                                      .labels = (const char * const *) wanted };
    g_autoptr(BottegaConversation) after = NULL;
    g_autoptr(BottegaConversation) server = NULL;

    g_assert_true (change (f, display_id, &add, &error));
    g_assert_no_error (error);
    after = stored (f, display_id);
    server = on_server (f, display_id);
    g_assert_true (has_label (server, added));
    g_assert_true (has_label (after, added));
    g_assert_cmpuint (g_strv_length ((char **) bottega_conversation_get_labels (after)), ==, n_before + 1);
    for (guint i = 0; wanted[i] != NULL; i++)
      g_assert_true (has_label (after, wanted[i]));
  }

  /* The set without it: only that label goes. */
  {
    g_autoptr(GStrvBuilder) without = g_strv_builder_new ();
    g_auto(GStrv) rest = NULL;
    g_autoptr(BottegaConversation) after = NULL;

    for (guint i = 0; wanted[i] != NULL; i++)
      if (g_strcmp0 (wanted[i], added) != 0)
        g_strv_builder_add (without, wanted[i]);
    rest = g_strv_builder_end (without);

    {
      BottegaConversationChange remove = { BOTTEGA_CONVERSATION_ACTION_SET_LABELS,
                                           .labels = (const char * const *) rest };

      g_assert_true (change (f, display_id, &remove, &error));
      g_assert_no_error (error);
    }
    after = stored (f, display_id);
    g_assert_false (has_label (after, added));
    g_assert_cmpuint (g_strv_length ((char **) bottega_conversation_get_labels (after)), ==, n_before);
  }

  /* An empty set clears them all. */
  {
    BottegaConversationChange clear = { BOTTEGA_CONVERSATION_ACTION_SET_LABELS, .labels = NULL };
    g_autoptr(BottegaConversation) after = NULL;

    g_assert_true (change (f, display_id, &clear, &error));
    g_assert_no_error (error);
    after = stored (f, display_id);
    g_assert_cmpuint (g_strv_length ((char **) bottega_conversation_get_labels (after)), ==, 0);
  }
}

static void
test_read_unread (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 display_id = OPEN_CONVERSATION (5);
  BottegaConversationChange read = { BOTTEGA_CONVERSATION_ACTION_MARK_READ, };
  BottegaConversationChange unread = { BOTTEGA_CONVERSATION_ACTION_MARK_UNREAD, };

  /* A customer writes, so there is something to be unread. */
  g_assert_cmpint (bottega_sandbox_add_incoming_message (f->sandbox, display_id, "Is it still available?"), >, 0);
  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (change (f, display_id, &read, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpint (bottega_conversation_get_unread_count (after), ==, 0);
  }

  g_assert_true (change (f, display_id, &unread, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);
    g_autoptr(BottegaConversation) server = on_server (f, display_id);

    g_assert_cmpint (bottega_conversation_get_unread_count (server), >=, 1);
    g_assert_cmpint (bottega_conversation_get_unread_count (after), >=, 1);
  }

  g_assert_true (change (f, display_id, &read, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpint (bottega_conversation_get_unread_count (after), ==, 0);
  }
}

/* The sandbox's POST …/unread, through the client: the conversation comes
 * back unread from its last incoming message. */
static void
test_sandbox_unread (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) read = NULL;
  g_autoptr(BottegaConversation) unread = NULL;
  BottegaChatwootClient *client = bottega_sync_engine_get_client (f->engine);
  gint64 display_id = OPEN_CONVERSATION (6);

  g_assert_cmpint (bottega_sandbox_add_incoming_message (f->sandbox, display_id, "Hello?"), >, 0);
  read = bottega_chatwoot_client_update_last_seen (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_unread_count (read), ==, 0);

  unread = bottega_chatwoot_client_mark_unread (client, display_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (unread);
  g_assert_cmpint (bottega_conversation_get_remote_id (unread), ==, display_id);
  g_assert_cmpint (bottega_conversation_get_unread_count (unread), >=, 1);
  g_assert_cmpint (bottega_conversation_get_agent_last_seen_at (unread), <,
                   bottega_conversation_get_last_activity_at (unread));

  /* An unknown conversation is a 404. */
  g_assert_null (bottega_chatwoot_client_mark_unread (client, 999999, NULL, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NOT_FOUND);
}

/* Offline: the action fails with a network error and the store keeps
 * what it had. */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 display_id = OPEN_CONVERSATION (7);
  BottegaConversationChange resolve = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_RESOLVED, };

  bottega_sandbox_stop (f->sandbox);

  g_assert_false (change (f, display_id, &resolve, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpint (bottega_conversation_get_status (after), ==, BOTTEGA_CONVERSATION_OPEN);
  }
}

/* A server error: nothing half-written either. */
static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 display_id = OPEN_CONVERSATION (8);
  BottegaConversationChange urgent = { BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY, .priority = "urgent" };

  bottega_sandbox_fail_next (f->sandbox, 500, 1);
  g_assert_false (change (f, display_id, &urgent, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_SERVER);
  {
    g_autoptr(BottegaConversation) after = stored (f, display_id);

    g_assert_cmpstr (bottega_conversation_get_priority (after), !=, "urgent");
  }
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
  guint     conversations_changed;
} AsyncResult;

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = bottega_sync_engine_change_conversation_finish (BOTTEGA_SYNC_ENGINE (object), result, &r->error);
  r->done = TRUE;
}

static void
on_conversations_changed (BottegaStore *store,
                          gint64        account,
                          AsyncResult  *r)
{
  r->conversations_changed++;
}

/* The async form, as the header uses it: the store announces the change on
 * the main context, so the list and the header follow. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(BottegaConversation) conversation = stored (f, OPEN_CONVERSATION (9));
  g_autoptr(BottegaConversation) after = NULL;
  BottegaConversationChange resolve = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_RESOLVED, };
  AsyncResult r = { FALSE, };
  gulong handler;

  handler = g_signal_connect (f->store, "conversations-changed", G_CALLBACK (on_conversations_changed), &r);
  bottega_sync_engine_change_conversation_async (f->engine, conversation, &resolve, NULL, changed_cb, &r);
  g_assert_true (test_wait_for (&r.done, 20));
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  /* The signal comes from the writer through the main context. */
  while (r.conversations_changed == 0 && g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handler_disconnect (f->store, handler);
  g_assert_cmpuint (r.conversations_changed, >, 0);

  after = stored (f, OPEN_CONVERSATION (9));
  g_assert_cmpint (bottega_conversation_get_status (after), ==, BOTTEGA_CONVERSATION_RESOLVED);
}

/* A conversation of another account is refused before anything is sent. */
static void
test_wrong_account (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) conversation = stored (f, OPEN_CONVERSATION (0));
  BottegaConversationChange resolve = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, BOTTEGA_CONVERSATION_RESOLVED, };
  guint requests;

  bottega_conversation_set_account_id (conversation, account_id (f) + 100);
  requests = bottega_sandbox_get_request_count (f->sandbox);
  g_assert_false (bottega_sync_engine_change_conversation (f->engine, conversation, &resolve, NULL, &error));
  g_assert_error (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED);
  g_assert_cmpuint (bottega_sandbox_get_request_count (f->sandbox), ==, requests);
}

/* Reply quotes look the quoted message up by its remote id; the view
 * jumps to it by its place in the lazy list. */
static void
test_find_message (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) conversation = stored (f, OPEN_CONVERSATION (0));
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(BottegaMessageList) list = NULL;
  g_autoptr(BottegaMessage) found = NULL;
  g_autoptr(BottegaMessage) missing = NULL;
  BottegaMessage *middle;
  guint position;

  messages = bottega_store_list_messages (f->store, bottega_conversation_get_id (conversation), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, >=, 2);
  middle = g_ptr_array_index (messages, messages->len / 2);

  found = bottega_store_find_message_by_remote_id (f->store, account_id (f),
                                                   bottega_message_get_remote_id (middle), &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_message_get_id (found), ==, bottega_message_get_id (middle));
  g_assert_cmpstr (bottega_message_get_content (found), ==, bottega_message_get_content (middle));

  missing = bottega_store_find_message_by_remote_id (f->store, account_id (f), 987654321, &error);
  g_assert_null (missing);
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  list = bottega_message_list_new (f->store, bottega_conversation_get_id (conversation));
  position = bottega_message_list_get_position (list, bottega_message_get_id (middle));
  g_assert_cmpuint (position, ==, messages->len / 2);
  {
    g_autoptr(BottegaMessage) at = g_list_model_get_item (G_LIST_MODEL (list), position);

    g_assert_cmpint (bottega_message_get_id (at), ==, bottega_message_get_id (middle));
  }
  g_assert_cmpuint (bottega_message_list_get_position (list, 987654321), ==, G_MAXUINT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-actions/status", test_status);
  ADD ("/sync-actions/snooze", test_snooze);
  ADD ("/sync-actions/priority", test_priority);
  ADD ("/sync-actions/assign", test_assign);
  ADD ("/sync-actions/labels", test_labels);
  ADD ("/sync-actions/read-unread", test_read_unread);
  ADD ("/sync-actions/sandbox-unread", test_sandbox_unread);
  ADD ("/sync-actions/offline", test_offline);
  ADD ("/sync-actions/server-error", test_server_error);
  ADD ("/sync-actions/async", test_async);
  ADD ("/sync-actions/wrong-account", test_wrong_account);
  ADD ("/sync-actions/find-message", test_find_message);
#undef ADD

  return g_test_run ();
}
