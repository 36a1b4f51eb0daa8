/* test-sync.c: the sync engine against the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "bottega-account-setup.h"
#include "bottega-sandbox.h"
#include "bottega-sync-engine.h"
#include "bottega-test-helpers.h"

typedef struct {
  char              *home;
  BottegaSandbox    *sandbox;
  BottegaStore      *store;
  BottegaAccount    *account;
  BottegaSyncEngine *engine;
} Fixture;

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

/* The demo shop's conversations 32–49 are open and inside WhatsApp's
 * 24-hour window, so free text is delivered. */
#define REPLYABLE(n) (32 + (n))

/* Every row the sync writes, as text, to compare two states of the store. */
static char *
dump_store (Fixture *f)
{
  static const char * const queries[] = {
    "SELECT * FROM conversations ORDER BY id",
    "SELECT * FROM messages ORDER BY id",
    "SELECT * FROM customers ORDER BY id",
    "SELECT * FROM attachments ORDER BY id",
    "SELECT * FROM inboxes ORDER BY id",
    "SELECT * FROM labels ORDER BY id",
    "SELECT * FROM canned_responses ORDER BY id",
    NULL
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (bottega_store_get_path (f->store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; queries[q] != NULL; q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const unsigned char *text = sqlite3_column_text (stmt, c);

              g_string_append_printf (out, "%s|", text != NULL ? (const char *) text : "∅");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static gint64
last_remote_id_on_server (Fixture *f,
                          gint64   display_id)
{
  g_autoptr(JsonNode) dump = bottega_sandbox_dump_messages (f->sandbox, display_id);
  JsonArray *array = json_node_get_array (dump);
  guint n = json_array_get_length (array);

  if (n == 0)
    return 0;
  return json_object_get_int_member (json_array_get_object_element (array, n - 1), "id");
}

static void
test_initial (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BottegaSyncStats stats = { 0, };
  guint n_conversations = bottega_sandbox_get_n_conversations (f->sandbox);

  g_assert_true (bottega_sync_engine_pull (f->engine, &stats, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (n_conversations, >=, 60);
  g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, n_conversations);
  g_assert_cmpuint (stats.conversations, ==, n_conversations);

  /* Every conversation has its newest messages. */
  for (gint64 display_id = 1; display_id <= (gint64) n_conversations; display_id++)
    {
      g_autoptr(BottegaConversation) conversation = NULL;
      gint64 newest_on_server = last_remote_id_on_server (f, display_id);

      conversation = bottega_store_find_conversation (f->store, account_id (f), display_id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (conversation);
      g_assert_cmpint (bottega_store_newest_remote_message (f->store, bottega_conversation_get_id (conversation)),
                       ==, newest_on_server);
    }

  {
    g_autoptr(GPtrArray) canned = bottega_store_list_canned_responses (f->store, account_id (f), &error);
    g_autoptr(GPtrArray) inboxes = bottega_store_list_inboxes (f->store, account_id (f), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (canned->len, >, 0);
    g_assert_cmpuint (inboxes->len, >, 0);
  }
}

static void
test_second_sync_changes_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint requests;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  before = dump_store (f);

  requests = bottega_sandbox_get_request_count (f->sandbox);
  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  after = dump_store (f);

  g_assert_cmpstr (before, ==, after);
  /* Reference data and one updated_within list; no message page again. */
  g_assert_cmpuint (bottega_sandbox_get_request_count (f->sandbox) - requests, <=, 5);
}

static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  gint64 message_id;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);

  message_id = bottega_sandbox_add_incoming_message (f->sandbox, 7, "Buongiorno, è arrivato il cappotto verde?");
  g_assert_cmpint (message_id, >, 0);

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);

  conversation = bottega_store_find_conversation (f->store, account_id (f), 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_store_newest_remote_message (f->store, bottega_conversation_get_id (conversation)),
                   ==, message_id);

  hits = bottega_store_search (f->store, account_id (f), "cappotto verde", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (bottega_message_get_remote_id (((BottegaSearchHit *) g_ptr_array_index (hits, 0))->message),
                   ==, message_id);
}

static BottegaMessage *
queue (Fixture    *f,
       gint64      display_id,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  BottegaStoreReply reply = { 0, };
  BottegaMessage *message;

  conversation = bottega_store_find_conversation (f->store, account_id (f), display_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  reply.conversation_id = bottega_conversation_get_id (conversation);
  reply.content = text;
  message = bottega_store_queue_reply (f->store, &reply, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_cmpint (bottega_message_get_status (message), ==, BOTTEGA_MESSAGE_STATUS_QUEUED);
  return message;
}

static BottegaMessage *
stored_message (Fixture *f,
                gint64   display_id,
                gint64   local_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  conversation = bottega_store_find_conversation (f->store, account_id (f), display_id, &error);
  messages = bottega_store_list_messages (f->store, bottega_conversation_get_id (conversation), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    if (bottega_message_get_id (g_ptr_array_index (messages, i)) == local_id)
      return g_object_ref (g_ptr_array_index (messages, i));
  return NULL;
}

static void
test_send_once (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(BottegaMessage) sent = NULL;
  const char *text = "Sì, la borsa color pervinca è disponibile fino a sabato.";
  BottegaSyncStats stats = { 0, };

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  queued = queue (f, REPLYABLE (1), text);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 1);

  g_assert_true (bottega_sync_engine_push (f->engine, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (1), text), ==, 1);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 0);

  sent = stored_message (f, REPLYABLE (1), bottega_message_get_id (queued));
  g_assert_nonnull (sent);
  g_assert_cmpint (bottega_message_get_status (sent), ==, BOTTEGA_MESSAGE_STATUS_SENT);
  g_assert_cmpint (bottega_message_get_remote_id (sent), >, 0);

  /* Pushing and pulling again neither re-sends nor duplicates it locally. */
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (1), text), ==, 1);
  {
    g_autoptr(GPtrArray) hits = bottega_store_search (f->store, account_id (f), "pervinca", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
  }
}

static void
test_send_after_server_error (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  const char *text = "Le spediamo il reso domani mattina.";

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  queued = queue (f, REPLYABLE (2), text);

  bottega_sandbox_fail_next (f->sandbox, 500, 1);
  g_assert_false (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (2), text), ==, 0);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 1);

  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (2), text), ==, 1);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 0);
}

/* The first attempt reached the server but its answer was lost: the next
 * attempt must find it there instead of sending it twice. */
static void
test_unknown_outcome_not_resent (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(BottegaOutboxEntry) entry = NULL;
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaMessage) landed = NULL;
  g_autoptr(BottegaMessage) stored = NULL;
  const char *text = "Il pacco è partito, ecco il tracking.";
  BottegaChatwootOutgoing outgoing = { 0, };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  queued = queue (f, REPLYABLE (3), text);

  entry = bottega_store_outbox_next (f->store, account_id (f), now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_true (bottega_store_outbox_mark_sending (f->store, entry->id, now, &error));

  /* What the lost attempt did on the server. */
  client = bottega_account_open_client (f->account, NULL, &error);
  outgoing.content = text;
  outgoing.echo_id = entry->echo_id;
  landed = bottega_chatwoot_client_create_message (client, REPLYABLE (3), &outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bottega_store_outbox_retry_later (f->store, entry->id, now, "connection lost", &error));

  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (3), text), ==, 1);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 0);

  stored = stored_message (f, REPLYABLE (3), bottega_message_get_id (queued));
  g_assert_nonnull (stored);
  g_assert_cmpint (bottega_message_get_remote_id (stored), ==, bottega_message_get_remote_id (landed));
}

/* bottegactl send beside the app: a reply another sender is sending right
 * now is left to it; one whose sender died long ago is taken over. */
static void
test_claimed_reply_not_sent_twice (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(BottegaOutboxEntry) entry = NULL;
  const char *text = "Una sola volta, grazie.";
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  queued = queue (f, REPLYABLE (7), text);
  entry = bottega_store_outbox_next (f->store, account_id (f), now, &error);
  g_assert_no_error (error);

  /* Another process claimed it a moment ago. */
  g_assert_true (bottega_store_outbox_mark_sending (f->store, entry->id, now, &error));
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (7), text), ==, 0);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 1);

  /* That claim is older than the lease: the sender died; ours takes over,
   * looks on the server first, and sends it once. */
  g_assert_true (bottega_store_outbox_retry_later (f->store, entry->id, 0, "crashed", &error));
  g_assert_true (bottega_store_outbox_mark_sending (f->store, entry->id,
                                                    now - BOTTEGA_STORE_SENDING_LEASE - 10, &error));
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (7), text), ==, 1);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 0);
}

static void
test_refused_reply_stays_visible (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(BottegaMessage) stored = NULL;
  BottegaSyncStats stats = { 0, };

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  queued = queue (f, REPLYABLE (4), "Questa risposta verrà rifiutata");

  bottega_sandbox_fail_next (f->sandbox, 422, 1);
  g_assert_true (bottega_sync_engine_push (f->engine, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.failed, ==, 1);

  stored = stored_message (f, REPLYABLE (4), bottega_message_get_id (queued));
  g_assert_nonnull (stored);
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_nonnull (bottega_message_get_external_error (stored));
}

/* Outside WhatsApp's 24-hour window the server takes free text but fails it;
 * the reply stays visible as failed with the provider's reason. */
static void
test_outside_window_fails_visibly (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(BottegaMessage) stored = NULL;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  conversation = bottega_store_find_conversation (f->store, account_id (f), 31, &error);
  g_assert_no_error (error);
  g_assert_false (bottega_conversation_get_can_reply (conversation));

  queued = queue (f, 31, "Buongiorno, ci sono novità?");
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 31, "Buongiorno, ci sono novità?"), ==, 1);

  stored = bottega_store_get_message (f->store, bottega_message_get_id (queued), &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_message_get_status (stored), ==, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_cmpstr (bottega_message_get_external_error (stored), ==, "Template not found or invalid template name");
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 0);
}

static void
test_errors_store_nothing (Fixture       *f,
                           gconstpointer  data)
{
  struct { guint status; gboolean malformed; int code; } cases[] = {
    { 401, FALSE, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED },
    { 429, FALSE, BOTTEGA_PROVIDER_ERROR_RATE_LIMITED },
    { 500, FALSE, BOTTEGA_PROVIDER_ERROR_SERVER },
    { 0, TRUE, BOTTEGA_PROVIDER_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *sync_value = NULL;

      if (cases[i].malformed)
        bottega_sandbox_malformed_next (f->sandbox, 1);
      else
        bottega_sandbox_fail_next (f->sandbox, cases[i].status, 1);

      g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, cases[i].code);
      g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 0);
      sync_value = bottega_store_get_sync_value (f->store, account_id (f), "last_sync");
      g_assert_null (sync_value);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) inboxes = bottega_store_list_inboxes (f->store, account_id (f), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (inboxes->len, ==, 0);
  }
}

static void
test_running_mode_delivers (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  const char *text = "Grazie, a presto!";
  gboolean done = FALSE;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  bottega_sync_engine_start (f->engine, 60);
  queued = queue (f, REPLYABLE (5), text);

  /* The outbox change wakes the engine; wait (bounded) until the server
   * holds the reply. */
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!done && g_get_monotonic_time () < deadline)
      {
        while (g_main_context_iteration (NULL, FALSE))
          ;
        done = bottega_sandbox_count_messages (f->sandbox, REPLYABLE (5), text) == 1 &&
               bottega_store_outbox_count (f->store, account_id (f)) == 0;
        if (!done)
          g_usleep (20000);
      }
    /* Let the engine's completion reach the main context. */
    for (guint i = 0; i < 50 && bottega_sync_engine_get_state (f->engine) != BOTTEGA_SYNC_STATE_ONLINE; i++)
      {
        while (g_main_context_iteration (NULL, FALSE))
          ;
        g_usleep (20000);
      }
  }
  bottega_sync_engine_stop (f->engine);

  g_assert_true (done);
  g_assert_cmpint (bottega_sync_engine_get_state (f->engine), ==, BOTTEGA_SYNC_STATE_ONLINE);
}

/* Quitting while a cycle is at work: the store closes under the worker
 * (here before the engine even stops, the harder order). The worker stops
 * on the closed store without a warning — warnings fail this test — and
 * nothing is half-written: the reply is still queued, not sent. */
static void
test_store_closed_mid_cycle (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autofree char *path = g_strdup (bottega_store_get_path (f->store));
  const char *text = "Chiudiamo, a domani";
  gint64 id = account_id (f);
  gint64 deadline;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  /* Each answer of the server takes 300 ms: the cycle the reply starts is
   * waiting on the server when the store closes. */
  bottega_sandbox_set_latency (f->sandbox, 300);
  bottega_sync_engine_start (f->engine, 60);
  queued = queue (f, REPLYABLE (7), text);
  deadline = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_cmpint (bottega_sync_engine_get_state (f->engine), ==, BOTTEGA_SYNC_STATE_SYNCING);

  bottega_store_close (f->store);
  /* The worker's next reads and writes meet the closed store; its result
   * reaches the main context. */
  deadline = g_get_monotonic_time () + 2 * G_TIME_SPAN_SECOND;
  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  bottega_sync_engine_stop (f->engine);
  g_clear_object (&f->engine);
  g_clear_object (&f->account);
  g_clear_object (&f->store);

  test_assert_database_intact (path);
  f->store = bottega_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, id), ==, 1);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (7), text), ==, 0);
}

static void
test_unauthorized_keeps_everything (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  guint conversations;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  conversations = bottega_store_count_conversations (f->store, account_id (f));
  queued = queue (f, REPLYABLE (6), "Risposta scritta prima della revoca");

  bottega_sandbox_set_token (f->sandbox, "a-brand-new-token");
  g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_false (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, conversations);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 1);

  bottega_chatwoot_client_set_token (bottega_sync_engine_get_client (f->engine), "a-brand-new-token");
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (6), "Risposta scritta prima della revoca"), ==, 1);
}

/* Scrolling up: older messages until the server has no more, and the store
 * remembers that it has them all. */
static void
test_backfill (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(JsonNode) all = bottega_sandbox_dump_messages (f->sandbox, 1);
  guint on_server = json_array_get_length (json_node_get_array (all));
  guint rounds = 0;

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  conversation = bottega_store_find_conversation (f->store, account_id (f), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_server, >, 40);
  g_assert_true (bottega_store_has_older_messages (f->store, bottega_conversation_get_id (conversation)));

  while (bottega_store_has_older_messages (f->store, bottega_conversation_get_id (conversation)))
    {
      g_assert_cmpuint (++rounds, <, 10);
      g_assert_true (bottega_sync_engine_backfill (f->engine, bottega_conversation_get_id (conversation),
                                                   NULL, &error));
      g_assert_no_error (error);
    }

  {
    g_autoptr(GPtrArray) stored = bottega_store_list_messages (f->store, bottega_conversation_get_id (conversation),
                                                               &error);

    g_assert_no_error (error);
    g_assert_cmpuint (stored->len, ==, on_server);
  }
  /* Nothing left to ask for: a further backfill costs no request. */
  {
    guint requests = bottega_sandbox_get_request_count (f->sandbox);

    g_assert_true (bottega_sync_engine_backfill (f->engine, bottega_conversation_get_id (conversation), NULL, &error));
    g_assert_cmpuint (bottega_sandbox_get_request_count (f->sandbox), ==, requests);
  }
}

static void
retried (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  if (!bottega_sync_engine_retry_finish (BOTTEGA_SYNC_ENGINE (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
retry_and_wait (Fixture        *f,
                BottegaMessage *message)
{
  GError *outcome = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  bottega_sync_engine_retry_async (f->engine, message, NULL, retried, &outcome);
  while (outcome == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (outcome);
  g_assert_error (outcome, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_error_free (outcome);
}

/* The Retry button: a reply the server refused goes back to the outbox and
 * is then delivered once. */
static void
test_retry_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(BottegaMessage) failed = NULL;
  g_autoptr(BottegaMessage) sent = NULL;
  const char *text = "Riprovo a mandarlo";

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  queued = queue (f, REPLYABLE (8), text);
  bottega_sandbox_fail_next (f->sandbox, 422, 1);
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  failed = bottega_store_get_message (f->store, bottega_message_get_id (queued), &error);
  g_assert_cmpint (bottega_message_get_status (failed), ==, BOTTEGA_MESSAGE_STATUS_FAILED);

  retry_and_wait (f, failed);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 1);
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, REPLYABLE (8), text), ==, 1);
  sent = bottega_store_get_message (f->store, bottega_message_get_id (queued), &error);
  g_assert_cmpint (bottega_message_get_status (sent), ==, BOTTEGA_MESSAGE_STATUS_SENT);
}

/* Retry on a reply the provider failed after taking it (outside WhatsApp's
 * window): retried on the server, which fails it again with its reason —
 * no duplicate is created. */
static void
test_retry_provider_failed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(BottegaMessage) failed = NULL;
  const char *text = "Fuori dalla finestra";

  g_assert_true (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  queued = queue (f, 31, text);
  g_assert_true (bottega_sync_engine_push (f->engine, NULL, NULL, &error));
  failed = bottega_store_get_message (f->store, bottega_message_get_id (queued), &error);
  g_assert_cmpint (bottega_message_get_status (failed), ==, BOTTEGA_MESSAGE_STATUS_FAILED);
  g_assert_cmpint (bottega_message_get_remote_id (failed), >, 0);

  retry_and_wait (f, failed);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 31, text), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/pull/initial", test_initial);
  ADD ("/sync/pull/second-changes-nothing", test_second_sync_changes_nothing);
  ADD ("/sync/pull/incremental", test_incremental);
  ADD ("/sync/pull/errors-store-nothing", test_errors_store_nothing);
  ADD ("/sync/push/once", test_send_once);
  ADD ("/sync/push/after-server-error", test_send_after_server_error);
  ADD ("/sync/push/unknown-outcome", test_unknown_outcome_not_resent);
  ADD ("/sync/push/refused", test_refused_reply_stays_visible);
  ADD ("/sync/push/claimed", test_claimed_reply_not_sent_twice);
  ADD ("/sync/pull/backfill", test_backfill);
  ADD ("/sync/retry/refused", test_retry_refused);
  ADD ("/sync/retry/provider-failed", test_retry_provider_failed);
  ADD ("/sync/push/outside-window", test_outside_window_fails_visibly);
  ADD ("/sync/push/unauthorized", test_unauthorized_keeps_everything);
  ADD ("/sync/running/delivers", test_running_mode_delivers);
  ADD ("/sync/running/store-closed-mid-cycle", test_store_closed_mid_cycle);
#undef ADD

  return g_test_run ();
}
