/* test-hostile.c: what strangers and a hostile server can send, and what
 * Bottega makes of it — JSON that is too large, too deep, of the wrong
 * types, with missing fields, duplicate ids, ids that go backwards and
 * times far in the future; insecure addresses; attachment names that are
 * paths and sizes beyond the limit; and the logs, which must never show a
 * token, a phone number, an e-mail address or a message's text.
 *
 * The user-facing side (labels, links, the disk-full message) is in
 * test-hostile-ui.c, under the virtual display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "bottega-account-setup.h"
#include "bottega-chatwoot-client.h"
#include "bottega-chatwoot-parse.h"
#include "bottega-media-cache.h"
#include "bottega-sandbox.h"
#include "bottega-store-private.h"
#include "bottega-sync-engine.h"
#include "bottega-test-helpers.h"

#define TOKEN        "hostile-token-Zq8x2LmP4vR7"
#define ACCOUNT_PATH "/api/v1/accounts/1"

/* ---- a server that answers what the test says ---- */

typedef struct {
  guint   status;
  GBytes *body;
  char   *location;      /* for redirects */
  char   *disposition;   /* Content-Disposition */
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply->location);
  g_free (reply->disposition);
  g_free (reply);
}

/* A SoupServer on 127.0.0.1 on a thread of its own, so that the blocking
 * client on the test's thread can talk to it. Paths it does not know get
 * a valid, empty answer. */
typedef struct {
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GHashTable   *replies;   /* "path" or "path?query" → Reply */
  GHashTable   *hits;      /* path → count */
  guint         token_seen;
} Server;

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Server *server = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *with_query = g_strdup_printf ("%s?%s", path, g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "");
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "api_access_token");
  Reply *reply;

  g_mutex_lock (&server->lock);
  g_hash_table_insert (server->hits, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path)) + 1));
  if (g_strcmp0 (token, TOKEN) == 0)
    server->token_seen++;

  reply = g_hash_table_lookup (server->replies, with_query);
  if (reply == NULL)
    reply = g_hash_table_lookup (server->replies, path);
  /* Downloads: one answer for every file. */
  if (reply == NULL && g_str_has_prefix (path, "/rails/"))
    reply = g_hash_table_lookup (server->replies, "/rails/");

  if (reply == NULL && g_str_has_suffix (path, "/messages"))
    {
      /* A conversation the test gave no history. */
      static const char empty[] = "{\"meta\":{},\"payload\":[]}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, empty, strlen (empty));
    }
  else if (reply == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
    }
  else
    {
      gsize len = 0;
      const char *data = reply->body != NULL ? g_bytes_get_data (reply->body, &len) : "";

      soup_server_message_set_status (msg, reply->status, NULL);
      if (reply->location != NULL)
        soup_message_headers_replace (headers, "Location", reply->location);
      if (reply->disposition != NULL)
        soup_message_headers_replace (headers, "Content-Disposition", reply->disposition);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, len);
    }
  g_mutex_unlock (&server->lock);
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);
  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, NULL, handle, server, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->server);
  server->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static void
server_set (Server     *server,
            const char *path,
            guint       status,
            const char *body,
            gssize      length)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  if (body != NULL)
    reply->body = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);
  g_mutex_lock (&server->lock);
  g_hash_table_insert (server->replies, g_strdup (path), reply);
  g_mutex_unlock (&server->lock);
}

/* Takes @body. */
static void
server_take (Server     *server,
             const char *path,
             char       *body)
{
  server_set (server, path, 200, body, -1);
  g_free (body);
}

static guint
server_hits (Server     *server,
             const char *path)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path));
  g_mutex_unlock (&server->lock);
  return n;
}

static Server *
server_new (void)
{
  Server *server = g_new0 (Server, 1);

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) reply_free);
  server->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);

  /* A shop with one WhatsApp inbox and nothing else. */
  server_set (server, "/api/v1/profile", 200,
              "{\"id\":1,\"name\":\"Agent\",\"email\":\"agent@example.org\",\"pubsub_token\":\"pubsub\","
              "\"account_id\":1,\"accounts\":[{\"id\":1,\"name\":\"Shop\",\"status\":\"active\",\"role\":\"administrator\"}]}", -1);
  server_set (server, ACCOUNT_PATH "/inboxes", 200,
              "{\"payload\":[{\"id\":1,\"name\":\"WhatsApp\",\"channel_type\":\"Channel::Whatsapp\"}]}", -1);
  server_set (server, ACCOUNT_PATH "/labels", 200, "{\"payload\":[]}", -1);
  server_set (server, ACCOUNT_PATH "/agents", 200, "[]", -1);
  server_set (server, ACCOUNT_PATH "/canned_responses", 200, "[]", -1);
  server_set (server, ACCOUNT_PATH "/conversations", 200,
              "{\"data\":{\"meta\":{},\"payload\":[]}}", -1);

  server->thread = g_thread_new ("hostile-server", server_thread, server);
  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);
  return server;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
server_free (Server *server)
{
  g_main_context_invoke (server->context, quit_loop, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_hash_table_unref (server->replies);
  g_hash_table_unref (server->hits);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server->url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

/* ---- JSON as the server writes it ---- */

static char *
message_json (gint64      id,
              gint64      conversation,
              const char *content,
              const char *created_at)
{
  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"conversation_id\":%" G_GINT64_FORMAT ","
                          "\"content\":\"%s\",\"message_type\":0,\"created_at\":%s,"
                          "\"sender\":{\"type\":\"contact\",\"id\":%" G_GINT64_FORMAT ",\"name\":\"Cliente\"}}",
                          id, conversation, content, created_at, conversation);
}

static char *
conversation_json (gint64      id,
                   const char *status,
                   const char *timestamp,
                   const char *last_message)
{
  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"inbox_id\":1,\"status\":\"%s\",\"unread_count\":1,"
                          "\"labels\":[],\"meta\":{\"sender\":{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Cliente %" G_GINT64_FORMAT "\"},"
                          "\"channel\":\"Channel::Whatsapp\"},\"last_activity_at\":%s,\"created_at\":%s,"
                          "\"updated_at\":%s,\"messages\":[%s]}",
                          id, status, id, id, timestamp, timestamp, timestamp,
                          last_message != NULL ? last_message : "");
}

/* {"data":{"meta":{},"payload":[…]}} of the NULL-terminated conversations. */
static char *
page_json (const char *first,
           ...)
{
  g_autoptr(GString) page = g_string_new ("{\"data\":{\"meta\":{\"all_count\":1},\"payload\":[");
  const char *item = first;
  va_list args;

  va_start (args, first);
  for (gboolean comma = FALSE; item != NULL; item = va_arg (args, const char *), comma = TRUE)
    g_string_append_printf (page, "%s%s", comma ? "," : "", item);
  va_end (args);
  g_string_append (page, "]}}");
  return g_string_free (g_steal_pointer (&page), FALSE);
}

static char *
messages_json (GPtrArray *messages)
{
  g_autoptr(GString) page = g_string_new ("{\"meta\":{},\"payload\":[");

  for (guint i = 0; i < messages->len; i++)
    g_string_append_printf (page, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (messages, i));
  g_string_append (page, "]}");
  return g_string_free (g_steal_pointer (&page), FALSE);
}

/* ---- a store, an account and an engine against the server ---- */

typedef struct {
  char              *home;
  Server            *server;
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
  f->server = server_new ();

  /* Not bottega_store_default_path (NULL): GLib reads XDG_DATA_HOME once
   * per process, and each test has a home of its own. */
  path = g_build_filename (f->home, "data", "bottega", "bottega.db", NULL);
  f->store = bottega_store_open (path, &error);
  g_assert_no_error (error);

  f->account = bottega_account_new ();
  bottega_account_set_url (f->account, f->server->url);
  bottega_account_set_remote_id (f->account, 1);
  bottega_account_set_user_id (f->account, 1);
  bottega_account_set_name (f->account, "Shop");
  g_assert_true (bottega_store_save_account (f->store, f->account, &error));
  g_assert_no_error (error);

  client = bottega_chatwoot_client_new (f->server->url, TOKEN, 1, bottega_account_get_id (f->account), &error);
  g_assert_no_error (error);
  bottega_chatwoot_client_set_timeout (client, 30);
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
  g_clear_pointer (&f->server, server_free);
  test_home_free (f->home);
}

static gint64
account_id (Fixture *f)
{
  return bottega_account_get_id (f->account);
}

static gint64
local_id (Fixture *f,
          gint64   display_id)
{
  g_autoptr(BottegaConversation) conversation = NULL;

  conversation = bottega_store_find_conversation (f->store, account_id (f), display_id, NULL);
  return conversation != NULL ? bottega_conversation_get_id (conversation) : 0;
}

static GPtrArray *
stored_messages (Fixture *f,
                 gint64   display_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages;

  g_assert_cmpint (local_id (f, display_id), >, 0);
  messages = bottega_store_list_messages (f->store, local_id (f, display_id), &error);
  g_assert_no_error (error);
  return messages;
}

static void
pull_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = bottega_sync_engine_pull (f->engine, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* One conversation (#1) with one message, and its messages page. */
static void
serve_one_conversation (Fixture    *f,
                        const char *content,
                        const char *created_at)
{
  g_autofree char *message = message_json (101, 1, content, created_at);
  g_autofree char *conversation = conversation_json (1, "open", created_at, message);
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();

  g_ptr_array_add (messages, message);
  server_take (f->server, ACCOUNT_PATH "/conversations", page_json (conversation, NULL));
  server_take (f->server, ACCOUNT_PATH "/conversations/1/messages", messages_json (messages));
}

/* ---- size and depth ---- */

static void
test_ten_megabytes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) content = g_string_sized_new (10 * 1024 * 1024);
  g_autoptr(GPtrArray) messages = NULL;
  const char *line = "Buongiorno, vorrei sapere se la borsa è disponibile. ";

  /* A customer who pasted a novel: 10 MB in one message. */
  while (content->len < 10 * 1024 * 1024)
    g_string_append (content, line);
  serve_one_conversation (f, content->str, "1767225600");

  pull_ok (f);

  messages = stored_messages (f, 1);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpuint (strlen (bottega_message_get_content (g_ptr_array_index (messages, 1 - 1))), ==, content->len);
  test_assert_database_intact (bottega_store_get_path (f->store));
}

static void
test_garbage_and_too_large (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *garbage = g_malloc (10 * 1024 * 1024);
  g_autofree char *huge = NULL;
  gsize huge_len = BOTTEGA_CHATWOOT_MAX_JSON_SIZE + 1024 * 1024;

  /* 10 MB that are not JSON: refused, nothing written. */
  memset (garbage, '[', 10 * 1024 * 1024);
  memcpy (garbage, "{\"data\":", 8);
  server_set (f->server, ACCOUNT_PATH "/conversations", 200, garbage, 10 * 1024 * 1024);
  g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 0);

  /* More than Bottega accepts at all: refused before it is parsed. */
  huge = g_malloc (huge_len);
  memset (huge, ' ', huge_len);
  memcpy (huge, "{\"data\":{\"meta\":{},\"payload\":[]}}", strlen ("{\"data\":{\"meta\":{},\"payload\":[]}}"));
  server_set (f->server, ACCOUNT_PATH "/conversations", 200, huge, (gssize) huge_len);
  g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE);
  g_assert_null (bottega_store_get_sync_value (f->store, account_id (f), "last_sync"));
  test_assert_database_intact (bottega_store_get_path (f->store));
}

static void
test_nested_deep (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) page = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* 10,000 levels inside a conversation's attributes. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (deep, "{\"a\":[");
  for (guint i = 0; i < 10000; i++)
    g_string_append (deep, "]}");

  bytes = g_bytes_new (deep->str, deep->len);
  node = bottega_chatwoot_parse_json (bytes, &error);
  g_assert_null (node);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_clear_error (&error);

  page = g_string_new ("{\"data\":{\"meta\":{},\"payload\":[{\"id\":1,\"additional_attributes\":");
  g_string_append (page, deep->str);
  g_string_append (page, "}]}}");
  server_set (f->server, ACCOUNT_PATH "/conversations", 200, page->str, (gssize) page->len);

  g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 0);
  test_assert_database_intact (bottega_store_get_path (f->store));
}

/* ---- types and fields ---- */

/* Each of these pages is refused whole: the store stays as it was. */
static const char * const refused_pages[] = {
  /* strings where numbers belong */
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":\"uno\",\"status\":\"open\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2,\"status\":\"open\",\"unread_count\":\"molti\"}]}}",
  "{\"data\":{\"meta\":{\"all_count\":\"tutti\"},\"payload\":[{\"id\":2,\"status\":\"open\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2,\"status\":\"open\",\"last_activity_at\":\"ieri\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2,\"status\":\"open\",\"labels\":\"vip\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2,\"status\":\"open\",\"can_reply\":\"forse\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":1e400,\"status\":\"open\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2.5,\"status\":\"open\"}]}}",
  /* missing required fields, or values that are not ids */
  "{\"data\":{\"meta\":{},\"payload\":[{\"status\":\"open\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":null,\"status\":\"open\"}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":-4,\"status\":\"open\"}]}}",
  "{\"data\":{\"meta\":{}}}",
  "{\"payload\":[]}",
  "[]",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2,\"status\":\"archived\"}]}}",
  /* a message in the conversation without its type, or of a type that does not exist */
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2,\"status\":\"open\",\"messages\":[{\"id\":7,\"content\":\"x\"}]}]}}",
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":2,\"status\":\"open\",\"messages\":[{\"id\":7,\"message_type\":9}]}]}}",
  /* one good conversation beside a bad one: all or nothing */
  "{\"data\":{\"meta\":{},\"payload\":[{\"id\":3,\"status\":\"open\"},{\"id\":{}}]}}",
  NULL
};

static void
test_wrong_types_and_missing_fields (Fixture       *f,
                                     gconstpointer  data)
{
  for (guint i = 0; refused_pages[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("page %u", i);
      server_set (f->server, ACCOUNT_PATH "/conversations", 200, refused_pages[i], -1);
      g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
      /* The sentence names the field, never the value. */
      g_assert_null (strstr (error->message, "molti"));
      g_assert_null (strstr (error->message, "ieri"));
      g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 0);
      g_assert_null (bottega_store_get_sync_value (f->store, account_id (f), "last_sync"));
    }

  /* What the server really mixes is accepted: an id as a numeric string,
   * times as ISO 8601 or floats. */
  server_take (f->server, ACCOUNT_PATH "/conversations",
               g_strdup ("{\"data\":{\"meta\":{},\"payload\":[{\"id\":\"42\",\"status\":\"pending\","
                         "\"last_activity_at\":\"2026-01-31T10:15:00Z\",\"updated_at\":1769854500.25}]}}"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BottegaConversation) stored = NULL;

    pull_ok (f);
    stored = bottega_store_find_conversation (f->store, account_id (f), 42, &error);
    g_assert_no_error (error);
    g_assert_cmpint (bottega_conversation_get_status (stored), ==, BOTTEGA_CONVERSATION_PENDING);
    g_assert_cmpint (bottega_conversation_get_last_activity_at (stored), ==, 1769854500);
  }
  test_assert_database_intact (bottega_store_get_path (f->store));
}

static void
test_error_quotes_nothing (Fixture       *f,
                           gconstpointer  data)
{
  /* Broken JSON around a customer's words: json-glib's own message quotes
   * them (cut in the middle of a character); Bottega's only says where. */
  static const char broken[] = "{\"a\":1,\"b\":\"Il codice del buono è 4412-ABCD, grazie\" 2}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (broken, strlen (broken));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bottega_chatwoot_parse_json (bytes, &error);

  g_assert_null (node);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strstr (error->message, "buono"));
  g_assert_null (strstr (error->message, "4412"));
  g_assert_nonnull (strstr (error->message, "1"));
}

static void
test_lone_surrogates (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  BottegaCustomer *customer;

  /* Half an emoji, as a cut-off preview sends it: json-glib turns the
   * escape into bytes that are not UTF-8. */
  server_take (f->server, ACCOUNT_PATH "/conversations",
               g_strdup ("{\"data\":{\"meta\":{},\"payload\":[{\"id\":1,\"status\":\"open\","
                         "\"meta\":{\"sender\":{\"id\":5,\"name\":\"Ana \\ud83d!\","
                         "\"additional_attributes\":{\"city\\ud83dx\":\"Porto \\ud83d.\"}}}}]}}"));
  server_take (f->server, ACCOUNT_PATH "/conversations/1/messages",
               g_strdup ("{\"meta\":{},\"payload\":[{\"id\":9,\"message_type\":0,\"content\":\"Olá \\ud83d!\","
                         "\"content_attributes\":\"{\\\"external_error\\\":\\\"x\\\\ud83dy\\\"}\"}]}"));

  pull_ok (f);

  conversation = bottega_store_find_conversation (f->store, account_id (f), 1, &error);
  g_assert_no_error (error);
  customer = bottega_conversation_get_customer (conversation);
  g_assert_nonnull (customer);
  g_assert_true (g_utf8_validate (bottega_customer_get_name (customer), -1, NULL));
  g_assert_true (g_str_has_prefix (bottega_customer_get_name (customer), "Ana "));
  g_assert_true (g_utf8_validate (bottega_customer_get_additional_attributes (customer), -1, NULL));

  messages = stored_messages (f, 1);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_true (g_utf8_validate (bottega_message_get_content (g_ptr_array_index (messages, 0)), -1, NULL));
  g_assert_true (g_utf8_validate (bottega_message_get_content_attributes (g_ptr_array_index (messages, 0)), -1, NULL));
  test_assert_database_intact (bottega_store_get_path (f->store));
}

/* ---- ids and times ---- */

static void
test_duplicate_ids (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(BottegaConversation) stored = NULL;
  g_autofree char *open = conversation_json (7, "open", "1767225600", NULL);
  g_autofree char *resolved = conversation_json (7, "resolved", "1767225700", NULL);
  g_autofree char *m1 = message_json (70, 7, "Prima versione", "1767225600");
  g_autofree char *m2 = message_json (70, 7, "Seconda versione", "1767225601");
  g_autofree char *m3 = message_json (71, 7, "Un altro messaggio", "1767225602");

  /* The same conversation twice on a page, the same message twice in its
   * history: one row each, the later one wins. */
  server_take (f->server, ACCOUNT_PATH "/conversations", page_json (open, resolved, NULL));
  g_ptr_array_add (page, g_strdup (m1));
  g_ptr_array_add (page, g_strdup (m3));
  g_ptr_array_add (page, g_strdup (m2));
  server_take (f->server, ACCOUNT_PATH "/conversations/7/messages", messages_json (page));

  pull_ok (f);

  g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 1);
  stored = bottega_store_find_conversation (f->store, account_id (f), 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_conversation_get_status (stored), ==, BOTTEGA_CONVERSATION_RESOLVED);

  messages = stored_messages (f, 7);
  g_assert_cmpuint (messages->len, ==, 2);
  for (guint i = 0; i < messages->len; i++)
    if (bottega_message_get_remote_id (g_ptr_array_index (messages, i)) == 70)
      g_assert_cmpstr (bottega_message_get_content (g_ptr_array_index (messages, i)), ==, "Seconda versione");
  test_assert_database_intact (bottega_store_get_path (f->store));
}

static void
test_ids_backwards (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) latest = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) older = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *newest = message_json (500, 1, "Ci siete?", "1767230000");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *cursor = NULL;
  guint hits;

  /* The initial sync: the latest twenty messages, 101…120. */
  for (gint64 id = 101; id <= 120; id++)
    g_ptr_array_add (latest, message_json (id, 1, "Messaggio", "1767225600"));
  first = conversation_json (1, "open", "1767225600", g_ptr_array_index (latest, latest->len - 1));
  server_take (f->server, ACCOUNT_PATH "/conversations", page_json (first, NULL));
  server_take (f->server, ACCOUNT_PATH "/conversations/1/messages", messages_json (latest));
  pull_ok (f);
  cursor = bottega_store_get_sync_value (f->store, account_id (f), "after:1");
  g_assert_cmpstr (cursor, ==, "120");

  /* Then the conversation moves on, but messages?after=120 answers a
   * full page of ids that go backwards (1…100), whatever is asked. */
  for (gint64 id = 1; id <= 100; id++)
    g_ptr_array_add (older, message_json (id, 1, "Vecchio", "1767000000"));
  second = conversation_json (1, "open", "1767230000", newest);
  server_take (f->server, ACCOUNT_PATH "/conversations", page_json (second, NULL));
  server_take (f->server, ACCOUNT_PATH "/conversations/1/messages", messages_json (older));
  hits = server_hits (f->server, ACCOUNT_PATH "/conversations/1/messages");

  pull_ok (f);

  /* One request, not a loop; the cursor did not go back; each message once. */
  g_assert_cmpuint (server_hits (f->server, ACCOUNT_PATH "/conversations/1/messages"), ==, hits + 1);
  g_clear_pointer (&cursor, g_free);
  cursor = bottega_store_get_sync_value (f->store, account_id (f), "after:1");
  g_assert_cmpstr (cursor, ==, "120");
  messages = stored_messages (f, 1);
  g_assert_cmpuint (messages->len, ==, 120 + 1);
  {
    g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

    for (guint i = 0; i < messages->len; i++)
      {
        gint64 remote_id = bottega_message_get_remote_id (g_ptr_array_index (messages, i));

        g_assert_false (g_hash_table_contains (ids, &remote_id));
        g_hash_table_add (ids, g_memdup2 (&remote_id, sizeof remote_id));
      }
  }
  test_assert_database_intact (bottega_store_get_path (f->store));
}

static void
test_pages_never_end (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) page = g_string_new ("{\"data\":{\"meta\":{},\"payload\":[");

  /* A server that ignores page= and answers the same full page forever. */
  for (guint i = 1; i <= 25; i++)
    {
      g_autofree char *conversation = conversation_json (i, "open", "1767225600", NULL);

      g_string_append_printf (page, "%s%s", i > 1 ? "," : "", conversation);
    }
  g_string_append (page, "]}}");
  server_set (f->server, ACCOUNT_PATH "/conversations", 200, page->str, (gssize) page->len);

  pull_ok (f);
  g_assert_cmpuint (server_hits (f->server, ACCOUNT_PATH "/conversations"), ==, 2);
  g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 25);
  test_assert_database_intact (bottega_store_get_path (f->store));
}

static void
test_future_timestamps (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const times[] = {
    "253402300799",                     /* the last second of year 9999 */
    "\"9999-12-31T23:59:59Z\"",         /* the same in ISO 8601 */
    "4102444800.5",                     /* 2100, as a float */
    "-62135596800",                     /* year 1, before the epoch */
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) page = g_string_new ("{\"data\":{\"meta\":{},\"payload\":[");

  for (guint i = 0; times[i] != NULL; i++)
    {
      g_autofree char *message = message_json (10 + i, i + 1, "Dal futuro", times[i]);
      g_autofree char *conversation = conversation_json (i + 1, "snoozed", times[i], message);
      g_autoptr(GPtrArray) messages = g_ptr_array_new ();
      g_autofree char *path = g_strdup_printf (ACCOUNT_PATH "/conversations/%u/messages", i + 1);

      g_string_append_printf (page, "%s%s", i > 0 ? "," : "", conversation);
      g_ptr_array_add (messages, message);
      server_take (f->server, path, messages_json (messages));
    }
  g_string_append (page, "]}}");
  server_set (f->server, ACCOUNT_PATH "/conversations", 200, page->str, (gssize) page->len);

  pull_ok (f);
  g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 4);

  /* Stored as sent, read back the same, and the next sync still works
   * (its window is computed from the local clock, not the server's). */
  {
    g_autoptr(BottegaConversation) far = bottega_store_find_conversation (f->store, account_id (f), 1, &error);
    g_autoptr(GPtrArray) messages = stored_messages (f, 1);

    g_assert_no_error (error);
    g_assert_cmpint (bottega_conversation_get_last_activity_at (far), ==, 253402300799);
    g_assert_cmpint (bottega_message_get_created_at (g_ptr_array_index (messages, 0)), ==, 253402300799);
  }
  pull_ok (f);

  /* Beyond what a time can be: a clear error, the store as it was. */
  {
    g_autofree char *message = message_json (99, 9, "Oltre", "9223372036854775807");
    g_autofree char *conversation = conversation_json (9, "open", "1e300", message);

    server_take (f->server, ACCOUNT_PATH "/conversations", page_json (conversation, NULL));
    g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
    g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED);
    g_assert_cmpuint (bottega_store_count_conversations (f->store, account_id (f)), ==, 4);
  }
  test_assert_database_intact (bottega_store_get_path (f->store));
}

/* ---- addresses ---- */

static void
test_insecure_urls (void)
{
  static const char * const refused[] = {
    "http://example.com", "HTTP://EXAMPLE.COM", "http://chat.example.com:3000/",
    "http://10.0.0.1", "http://192.168.1.10:3000", "http://localhost.example.com",
    "http://127.0.0.1.nip.io", "http://[::ffff:8.8.8.8]", "ftp://127.0.0.1",
    "file:///etc/passwd", "javascript:alert(1)", "ws://127.0.0.1:3000", "chat.example.com",
    "https://user:secret@chat.example.com", "https://chat.example.com/?x=1", "", "https://",
    NULL
  };
  static const char * const accepted[] = {
    "https://chat.example.com", "https://chat.example.com/", "http://127.0.0.1:3000",
    "http://localhost:3000", "http://[::1]:3000", "http://127.0.0.2", NULL
  };
  g_autofree char *home = test_home_new ();
  g_autofree char *path = g_build_filename (home, "data", "bottega", "bottega.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaStore) store = bottega_store_open (path, &error);
  g_autoptr(GPtrArray) accounts = NULL;

  g_assert_no_error (error);
  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr(BottegaChatwootClient) client = NULL;
      g_autoptr(BottegaAccount) account = NULL;

      g_test_message ("%s", refused[i]);
      client = bottega_chatwoot_client_new (refused[i], TOKEN, 1, 1, &error);
      g_assert_null (client);
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
      g_clear_error (&error);

      /* Setting an account up refuses it before anything is sent or saved. */
      account = bottega_account_setup (store, refused[i], TOKEN, 0, FALSE, NULL, &error);
      if (account != NULL)
        g_error ("account for %s: %s", refused[i], bottega_account_get_url (account));
      g_assert_null (account);
      g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
      g_clear_error (&error);
    }
  accounts = bottega_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);

  for (guint i = 0; accepted[i] != NULL; i++)
    {
      g_autoptr(BottegaChatwootClient) client = bottega_chatwoot_client_new (accepted[i], TOKEN, 1, 1, &error);

      g_test_message ("%s", accepted[i]);
      g_assert_no_error (error);
      g_assert_nonnull (client);

      /* Attachments too come only over https, or from this computer. */
      for (guint j = 0; refused[j] != NULL; j++)
        {
          g_autoptr(GBytes) bytes = NULL;

          if (refused[j][0] == '\0' || g_str_has_prefix (refused[j], "https://"))
            continue;
          bytes = bottega_chatwoot_client_download (client, refused[j], 1024, NULL, &error);
          g_assert_null (bytes);
          g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
          g_clear_error (&error);
        }
    }

  bottega_store_close (store);
  test_home_free (g_steal_pointer (&home));
}

static void
test_no_redirect_with_token (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(Server) elsewhere = server_new ();
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);

  /* The API answers with a redirect to another server: the token must
   * not follow it. */
  reply->status = 302;
  reply->location = g_strdup_printf ("%s/api/v1/profile", elsewhere->url);
  g_mutex_lock (&f->server->lock);
  g_hash_table_insert (f->server->replies, g_strdup ("/api/v1/profile"), reply);
  g_mutex_unlock (&f->server->lock);

  client = bottega_chatwoot_client_new (f->server->url, TOKEN, 1, 1, &error);
  g_assert_no_error (error);
  profile = bottega_chatwoot_client_get_profile (client, NULL, &error);
  g_assert_null (profile);
  g_assert_nonnull (error);
  g_assert_cmpuint (f->server->token_seen, ==, 1);
  g_assert_cmpuint (server_hits (elsewhere, "/api/v1/profile"), ==, 0);
  g_assert_cmpuint (elsewhere->token_seen, ==, 0);
}

/* A download may be redirected (storage lives elsewhere), but only to
 * where the first address could have pointed: never to http:// on another
 * computer, and not without end. */
static void
redirect (Server     *server,
          const char *path,
          const char *location)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = 302;
  reply->location = g_strdup (location);
  g_mutex_lock (&server->lock);
  g_hash_table_insert (server->replies, g_strdup (path), reply);
  g_mutex_unlock (&server->lock);
}

static void
test_download_redirects (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Server) storage = server_new ();
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to_storage = NULL;
  g_autofree char *url = NULL;

  client = bottega_chatwoot_client_new (f->server->url, TOKEN, 1, 1, &error);
  g_assert_no_error (error);

  /* To storage on (this computer's) other host: followed, without the token. */
  to_storage = g_strdup_printf ("%s/blob/foto.png?sig=abc", storage->url);
  redirect (f->server, "/rails/active_storage/foto.png", to_storage);
  server_set (storage, "/blob/foto.png", 200, "PNG DATA", -1);
  url = g_strdup_printf ("%s/rails/active_storage/foto.png", f->server->url);
  {
    g_autoptr(GBytes) bytes = bottega_chatwoot_client_download (client, url, 1024, NULL, &error);
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "PNG DATA", 8);
    g_assert_true (bottega_chatwoot_client_download_to_stream (client, url, 1024, out, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 8);
    g_assert_cmpuint (server_hits (storage, "/blob/foto.png"), ==, 2);
    g_assert_cmpuint (storage->token_seen, ==, 0);
  }

  /* To http:// elsewhere, or to a scheme that is no download: refused
   * before any connection, by both kinds of download. */
  {
    static const char * const refused[] = {
      "http://203.0.113.7/blob/foto.png", "ftp://example.com/foto.png", "file:///etc/passwd", NULL
    };

    for (guint i = 0; refused[i] != NULL; i++)
      {
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

        g_test_message ("redirect to %s", refused[i]);
        redirect (f->server, "/rails/active_storage/foto.png", refused[i]);
        bytes = bottega_chatwoot_client_download (client, url, 1024, NULL, &error);
        g_assert_null (bytes);
        g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
        g_clear_error (&error);
        g_assert_false (bottega_chatwoot_client_download_to_stream (client, url, 1024, out, NULL, NULL, NULL, &error));
        g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
        g_clear_error (&error);
      }
  }

  /* A loop ends after a few hops with an error. */
  {
    g_autofree char *self_url = g_strdup_printf ("%s/blob/loop", storage->url);
    g_autofree char *loop_url = g_strdup_printf ("%s/rails/active_storage/loop", f->server->url);
    g_autoptr(GBytes) bytes = NULL;

    redirect (f->server, "/rails/active_storage/loop", self_url);
    redirect (storage, "/blob/loop", loop_url);
    bytes = bottega_chatwoot_client_download (client, loop_url, 1024, NULL, &error);
    g_assert_null (bytes);
    g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED);
    g_assert_cmpuint (server_hits (storage, "/blob/loop") + server_hits (f->server, "/rails/active_storage/loop"),
                      <=, 6);
  }
}

/* ---- attachments ---- */

static BottegaAttachment *
parse_attachment (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bottega_chatwoot_parse_json (bytes, &error);
  BottegaAttachment *attachment;

  g_assert_no_error (error);
  attachment = bottega_chatwoot_parse_attachment (node, &error);
  g_assert_no_error (error);
  return attachment;
}

/* Every regular file under @dir, relative. */
static void
list_files (const char *dir,
            const char *prefix,
            GPtrArray  *out)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *relative = prefix != NULL ? g_build_filename (prefix, name, NULL) : g_strdup (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_files (path, relative, out);
      else
        g_ptr_array_add (out, g_steal_pointer (&relative));
    }
}

typedef struct {
  GFile   *file;
  GError  *error;
  gboolean done;
} Fetch;

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->file = bottega_media_cache_fetch_finish (BOTTEGA_MEDIA_CACHE (object), result, &fetch->error);
  fetch->done = TRUE;
}

static void
fetch_with (BottegaMediaCache     *cache,
            BottegaChatwootClient *client,
            BottegaAttachment     *attachment,
            gboolean               streamed,
            Fetch                 *fetch)
{
  if (streamed)
    bottega_media_cache_fetch_with_progress_async (cache, client, attachment, 1, FALSE, NULL, NULL, NULL,
                                                   NULL, fetched, fetch);
  else
    bottega_media_cache_fetch_async (cache, client, attachment, 1, FALSE, NULL, fetched, fetch);
  g_assert_true (test_wait_for (&fetch->done, 30));
}

static void
test_attachment_names (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const urls[] = {
    "/rails/active_storage/blobs/abc/..%2F..%2F..%2Fhome%2Fuser%2F.bashrc",
    "/rails/active_storage/blobs/abc/%2Fetc%2Fpasswd",
    "/rails/active_storage/blobs/abc/fattura%00.pdf.exe",
    "/rails/active_storage/blobs/abc/..",
    "/rails/active_storage/blobs/abc/CON",
    "/rails/active_storage/blobs/abc/..%5C..%5Cwindows%5Csystem32%5Cevil.dll",
    "/rails/active_storage/blobs/abc/invoice%E2%80%AEfdp.exe",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_build_filename (f->home, "cache", "bottega", "media", NULL);
  g_autoptr(BottegaMediaCache) cache = bottega_media_cache_new (cache_dir);
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) everything = g_ptr_array_new_with_free_func (g_free);
  guint downloaded = 0;

  client = bottega_chatwoot_client_new (f->server->url, TOKEN, 1, 1, &error);
  g_assert_no_error (error);

  for (guint i = 0; urls[i] != NULL; i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(BottegaAttachment) attachment = NULL;
      const char *name;
      Reply *reply = g_new0 (Reply, 1);
      Fetch fetch = { 0, };

      json = g_strdup_printf ("{\"id\":%u,\"file_type\":\"file\",\"data_url\":\"%s%s\",\"file_size\":5}",
                              i + 1, f->server->url, urls[i]);
      attachment = parse_attachment (json);

      /* The name is for display: never a path, never empty or a dot. */
      name = bottega_attachment_get_file_name (attachment);
      g_test_message ("%s → %s", urls[i], name != NULL ? name : "(none)");
      if (name != NULL)
        {
          g_assert_null (strchr (name, '/'));
          g_assert_null (strchr (name, '\\'));
          g_assert_cmpstr (name, !=, "..");
          g_assert_cmpstr (name, !=, ".");
          for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              /* Nor a character that turns "fdp.exe" into "exe.pdf". */
              g_assert_false (g_unichar_iscntrl (c));
              g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
            }
        }

      /* The server says where it would like the file: it is not asked. */
      reply->status = 200;
      reply->body = g_bytes_new_static ("PWNED", 5);
      reply->disposition = g_strdup ("attachment; filename=\"../../../../tmp/bottega-pwned.sh\"; "
                                     "filename*=UTF-8''..%2F..%2F..%2F..%2Ftmp%2Fbottega-pwned.sh");
      g_mutex_lock (&f->server->lock);
      g_hash_table_insert (f->server->replies, g_strdup ("/rails/"), reply);
      g_mutex_unlock (&f->server->lock);

      fetch_with (cache, client, attachment, i % 2 == 0, &fetch);
      if (fetch.error != NULL)
        {
          /* libsoup's server refuses some of these paths itself (a NUL);
           * what matters is where the others land. */
          g_test_message ("  not served: %s", fetch.error->message);
          g_clear_error (&fetch.error);
          continue;
        }
      downloaded++;
      {
        g_autofree char *landed = g_file_get_path (fetch.file);
        g_autofree char *expected = g_strdup_printf ("%s/1-%u", cache_dir, i + 1);
        g_autofree char *contents = NULL;

        g_assert_cmpstr (landed, ==, expected);
        g_assert_true (g_file_get_contents (landed, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, "PWNED");
        g_object_unref (fetch.file);
      }
    }

  /* Only ids name the files, all inside the cache, nothing half-written. */
  g_assert_cmpuint (downloaded, >=, 5);
  list_files (cache_dir, NULL, files);
  g_assert_cmpuint (files->len, ==, downloaded);
  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);

      g_assert_true (g_regex_match_simple ("^1-[0-9]+$", name, 0, 0));
    }
  g_assert_false (g_file_test ("/tmp/bottega-pwned.sh", G_FILE_TEST_EXISTS));
  list_files (f->home, NULL, everything);
  for (guint i = 0; i < everything->len; i++)
    g_assert_null (strstr (g_ptr_array_index (everything, i), "pwned"));
}

/* A raw HTTP server that claims a body of @claimed bytes (or streams
 * chunks without end when @claimed is 0) and counts what it sent. */
typedef struct {
  GSocketService *service;
  guint16         port;
  goffset         claimed;
  gint            sent;      /* bytes of body written, atomically */
} LiarServer;

static gboolean
liar_run (GThreadedSocketService *service,
          GSocketConnection      *connection,
          GObject                *source,
          gpointer                user_data)
{
  LiarServer *liar = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *head = NULL;
  char chunk[65536];

  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      char buf[1024];
      gssize n = g_input_stream_read (in, buf, sizeof buf - 1, NULL, NULL);

      if (n <= 0)
        return TRUE;
      g_string_append_len (request, buf, n);
    }

  memset (chunk, 'x', sizeof chunk);
  if (liar->claimed > 0)
    {
      head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                              "Content-Length: %" G_GOFFSET_FORMAT "\r\n\r\n", liar->claimed);
      if (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL) &&
          g_output_stream_write_all (out, chunk, sizeof chunk, NULL, NULL, NULL))
        g_atomic_int_add (&liar->sent, (gint) sizeof chunk);
      return TRUE;
    }

  head = g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n");
  if (!g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    return TRUE;
  /* Until the client hangs up, or 64 MB. */
  for (guint i = 0; i < 1024; i++)
    {
      const char *size_line = "10000\r\n";

      if (!g_output_stream_write_all (out, size_line, strlen (size_line), NULL, NULL, NULL) ||
          !g_output_stream_write_all (out, chunk, sizeof chunk, NULL, NULL, NULL) ||
          !g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, NULL))
        break;
      g_atomic_int_add (&liar->sent, (gint) sizeof chunk);
    }
  return TRUE;
}

static void
liar_start (LiarServer *liar,
            goffset     claimed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  liar->claimed = claimed;
  liar->service = g_threaded_socket_service_new (2);
  g_signal_connect (liar->service, "run", G_CALLBACK (liar_run), liar);
  g_socket_listener_add_address (G_SOCKET_LISTENER (liar->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  liar->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_service_start (liar->service);
}

static void
liar_stop (LiarServer *liar)
{
  g_socket_service_stop (liar->service);
  g_socket_listener_close (G_SOCKET_LISTENER (liar->service));
  g_clear_object (&liar->service);
}

typedef struct {
  BottegaChatwootClient *client;
  const char            *url;
  GOutputStream         *sink;
  GError                *error;
  gboolean               ok;
  gboolean               done;   /* set last, atomically */
} Stream;

static gboolean
stream_done (gpointer data)
{
  Stream *stream = data;

  stream->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gpointer
stream_thread (gpointer data)
{
  Stream *stream = data;

  stream->ok = bottega_chatwoot_client_download_to_stream (stream->client, stream->url, 1024 * 1024,
                                                           stream->sink, NULL, NULL, NULL, &stream->error);
  g_main_context_invoke (NULL, stream_done, stream);
  return NULL;
}

static void
test_attachment_too_large (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_build_filename (f->home, "cache", "bottega", "media", NULL);
  g_autoptr(BottegaMediaCache) cache = bottega_media_cache_new (cache_dir);
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  LiarServer liar = { 0, };

  client = bottega_chatwoot_client_new (f->server->url, TOKEN, 1, 1, &error);
  g_assert_no_error (error);

  /* 10 GB announced, in the JSON and in the answer's Content-Length: both
   * ways of fetching refuse it before writing a byte. */
  liar_start (&liar, (goffset) 10 * 1024 * 1024 * 1024);
  for (guint streamed = 0; streamed <= 1; streamed++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":%u,\"file_type\":\"video\",\"data_url\":"
                                               "\"http://127.0.0.1:%u/huge.mp4\",\"file_size\":10737418240}",
                                               streamed + 1, liar.port);
      g_autoptr(BottegaAttachment) attachment = parse_attachment (json);
      Fetch fetch = { 0, };

      g_assert_cmpint (bottega_attachment_get_file_size (attachment), ==, G_GINT64_CONSTANT (10737418240));
      fetch_with (cache, client, attachment, streamed, &fetch);
      g_assert_null (fetch.file);
      g_assert_error (fetch.error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE);
      g_clear_error (&fetch.error);
    }
  liar_stop (&liar);
  list_files (cache_dir, NULL, files);
  g_assert_cmpuint (files->len, ==, 0);

  /* No size announced: the stream is cut at the limit (here 1 MB), not
   * read to its end. */
  {
    LiarServer endless = { 0, };
    g_autofree char *url = NULL;
    g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();

    Stream stream = { client, NULL, sink, NULL, FALSE, FALSE };
    g_autoptr(GThread) thread = NULL;

    liar_start (&endless, 0);
    url = g_strdup_printf ("http://127.0.0.1:%u/endless", endless.port);
    stream.url = url;
    /* The listener accepts on this thread's main context. */
    thread = g_thread_new ("download", stream_thread, &stream);
    g_assert_true (test_wait_for (&stream.done, 60));
    g_thread_join (g_steal_pointer (&thread));
    g_assert_false (stream.ok);
    g_assert_error (stream.error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE);
    g_clear_error (&stream.error);
    g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)), <=, 1024 * 1024);
    liar_stop (&endless);
    g_assert_cmpint (g_atomic_int_get (&endless.sent), <, 64 * 1024 * 1024);
  }
}

/* ---- a full disk ---- */

/* Caps the database at its current size plus @extra pages (or lifts the
 * cap when @extra is negative), on the writer's own connection: what a
 * full disk looks like to SQLite. */
static gboolean
cap_func (BottegaStoreConn     *conn,
          gpointer              data,
          BottegaStoreChanges  *changes,
          gpointer             *result,
          GError              **error)
{
  gint64 extra = *(gint64 *) data;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 pages;

  g_assert_cmpint (sqlite3_prepare_v2 (conn->db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, extra < 0 ? G_GINT64_CONSTANT (1073741823) : pages + extra);
  g_assert_cmpint (sqlite3_exec (conn->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  return TRUE;
}

static void
cap_store (BottegaStore *store,
           gint64        extra)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bottega_store_write (store, cap_func, &extra, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_disk_full_store (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *draft = NULL;
  g_autoptr(BottegaMessage) queued = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  BottegaStoreReply reply = { 0, };
  gint64 conversation;

  serve_one_conversation (f, "Buongiorno", "1767225600");
  pull_ok (f);
  conversation = local_id (f, 1);
  g_assert_true (bottega_store_save_draft (f->store, conversation, "Bozza salvata prima", &error));
  g_assert_no_error (error);
  before = stored_messages (f, 1);

  /* The disk fills up. */
  while (big->len < 512 * 1024)
    g_string_append (big, "Una risposta lunga che non entra più nel disco. ");
  cap_store (f->store, 0);

  /* The draft cannot be saved: a clear error, the old draft kept whole. */
  g_assert_false (bottega_store_save_draft (f->store, conversation, big->str, &error));
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FULL);
  g_clear_error (&error);
  draft = bottega_store_get_draft (f->store, conversation);
  g_assert_cmpstr (draft, ==, "Bozza salvata prima");

  /* Nor can a reply be queued: no half of it (no echo without its outbox
   * row, no deleted draft). */
  reply.conversation_id = conversation;
  reply.content = big->str;
  queued = bottega_store_queue_reply (f->store, &reply, &error);
  g_assert_null (queued);
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (bottega_store_outbox_count (f->store, account_id (f)), ==, 0);
  after = stored_messages (f, 1);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&draft, g_free);
  draft = bottega_store_get_draft (f->store, conversation);
  g_assert_cmpstr (draft, ==, "Bozza salvata prima");

  /* A sync page that does not fit is refused whole too. */
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *newest = message_json (900, 1, big->str, "1767230000");
    g_autofree char *moved = conversation_json (1, "open", "1767230000", newest);

    g_ptr_array_add (page, g_strdup (newest));
    server_take (f->server, ACCOUNT_PATH "/conversations", page_json (moved, NULL));
    server_take (f->server, ACCOUNT_PATH "/conversations/1/messages", messages_json (page));
    g_assert_false (bottega_sync_engine_pull (f->engine, NULL, NULL, &error));
    g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FULL);
    g_clear_error (&error);
  }
  test_assert_database_intact (bottega_store_get_path (f->store));

  /* Space again: the same writes go through, on the same connection. */
  cap_store (f->store, -1);
  g_assert_true (bottega_store_save_draft (f->store, conversation, big->str, &error));
  g_assert_no_error (error);
  g_clear_pointer (&draft, g_free);
  draft = bottega_store_get_draft (f->store, conversation);
  g_assert_cmpstr (draft, ==, big->str);
  pull_ok (f);
  test_assert_database_intact (bottega_store_get_path (f->store));
}

/* ---- the logs ---- */

typedef struct {
  GString *text;       /* NULL: not capturing */
  GMutex   lock;
} LogCapture;

static LogCapture capture;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  g_autofree char *line = NULL;
  gboolean capturing;

  g_mutex_lock (&capture.lock);
  capturing = capture.text != NULL;
  g_mutex_unlock (&capture.lock);
  if (!capturing)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;

  /* The sandbox is the server, not the app: its own lines do not count. */
  if (domain != NULL && g_str_has_prefix (domain, "bottega-sandbox"))
    return G_LOG_WRITER_HANDLED;

  /* Every level, debug included, as G_MESSAGES_DEBUG=all would print. */
  line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
  g_mutex_lock (&capture.lock);
  if (capture.text != NULL)
    g_string_append_printf (capture.text, "%s\n", line);
  g_mutex_unlock (&capture.lock);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

/* What must never show: every stored customer's phone and e-mail, the
 * agents' e-mails, every message text long enough to tell, the tokens. */
static GPtrArray *
secrets_of (BottegaStore   *store,
            BottegaAccount *account,
            BottegaSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) agents = bottega_store_list_agents (store, bottega_account_get_id (account), &error);
  guint n = bottega_sandbox_get_n_conversations (sandbox);

  g_assert_no_error (error);
  g_ptr_array_add (secrets, g_strdup (bottega_sandbox_get_token (sandbox)));
  for (guint i = 0; i < agents->len; i++)
    if (bottega_agent_get_email (g_ptr_array_index (agents, i)) != NULL)
      g_ptr_array_add (secrets, g_strdup (bottega_agent_get_email (g_ptr_array_index (agents, i))));

  for (gint64 display_id = 1; display_id <= (gint64) n; display_id++)
    {
      g_autoptr(BottegaConversation) conversation = NULL;
      g_autoptr(GPtrArray) messages = NULL;
      BottegaCustomer *customer;

      conversation = bottega_store_find_conversation (store, bottega_account_get_id (account), display_id, &error);
      g_assert_no_error (error);
      customer = bottega_conversation_get_customer (conversation);
      if (customer != NULL && bottega_customer_get_phone_number (customer) != NULL)
        g_ptr_array_add (secrets, g_strdup (bottega_customer_get_phone_number (customer)));
      if (customer != NULL && bottega_customer_get_email (customer) != NULL)
        g_ptr_array_add (secrets, g_strdup (bottega_customer_get_email (customer)));

      messages = bottega_store_list_messages (store, bottega_conversation_get_id (conversation), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < messages->len; i++)
        {
          const char *content = bottega_message_get_content (g_ptr_array_index (messages, i));

          if (content != NULL && g_utf8_strlen (content, -1) >= 12)
            g_ptr_array_add (secrets, g_strdup (content));
        }
    }

  return secrets;
}

static void
assert_no_secret (const char *where,
                  const char *log,
                  GPtrArray  *secrets)
{
  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);

      if (*secret != '\0' && strstr (log, secret) != NULL)
        g_error ("%s shows personal data (secret %u of %u, %" G_GSIZE_FORMAT " bytes)",
                 where, i, secrets->len, strlen (secret));
    }
}

static char *
run_bottegactl (const char  *data_dir,
                const char  *stdin_text,
                GError     **error,
                ...)
{
  g_autoptr(GSubprocessLauncher) launcher = test_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                               G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("BOTTEGACTL"));
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, (char *) data_dir);
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (child == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (child, stdin_text, NULL, &out, NULL, error))
    return NULL;
  /* Every command here is expected to work: a failure would make the
   * test pass by logging less. */
  if (!g_subprocess_get_successful (child))
    g_error ("bottegactl %s failed: %s", (const char *) argv->pdata[3], out);
  return out;
}

static void
test_logs_keep_secrets (void)
{
  g_autofree char *home = test_home_new ();
  g_autofree char *data_dir = g_build_filename (home, "ctl", NULL);
  g_autofree char *path = bottega_store_default_path (data_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaSandbox) sandbox = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) secrets = NULL;
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaSyncEngine) engine = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GString) logs = NULL;
  g_autofree char *open_text = NULL;
  gint64 open = 0;
  const char *reply = "Gentile cliente, la chiamo al +39 333 123 4567 o scriva a ordini.privati@example.it";
  const char *incoming = "Il mio nuovo numero è 0039 347 765 4321, la mia mail luca.b@example.net";
  char *out;

  g_assert_nonnull (g_getenv ("BOTTEGACTL"));
  sandbox = bottega_sandbox_new (NULL, &error);
  g_assert_no_error (error);
  bottega_sandbox_start (sandbox, 0, &error);
  g_assert_no_error (error);

  /* bottegactl with every debug message on: add the account, sync, reply. */
  out = run_bottegactl (data_dir, bottega_sandbox_get_token (sandbox), &error,
                        "account", "add", "--url", bottega_sandbox_get_url (sandbox), NULL);
  g_assert_no_error (error);
  g_string_append (all, out);
  g_free (out);
  out = run_bottegactl (data_dir, NULL, &error, "sync", NULL);
  g_assert_no_error (error);
  g_string_append (all, out);
  g_free (out);
  /* A conversation whose 24-hour window is open takes free text. */
  store = bottega_store_open (path, &error);
  g_assert_no_error (error);
  accounts = bottega_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  for (gint64 id = 1; id <= (gint64) bottega_sandbox_get_n_conversations (sandbox) && open == 0; id++)
    {
      g_autoptr(BottegaConversation) conversation = NULL;

      conversation = bottega_store_find_conversation (store, bottega_account_get_id (g_ptr_array_index (accounts, 0)),
                                                      id, &error);
      g_assert_no_error (error);
      if (bottega_conversation_get_can_reply (conversation))
        open = id;
    }
  g_assert_cmpint (open, >, 0);
  open_text = g_strdup_printf ("%" G_GINT64_FORMAT, open);

  out = run_bottegactl (data_dir, NULL, &error, "send", open_text, reply, NULL);
  g_assert_no_error (error);
  g_string_append (all, out);
  g_free (out);
  g_assert_cmpuint (bottega_sandbox_count_messages (sandbox, open, reply), ==, 1);
  /* The debug output is there: this test can see a leak. */
  g_assert_nonnull (strstr (all->str, "GET"));

  /* The same engine in this process, realtime included, while a customer
   * writes; every log line captured. */
  client = bottega_account_open_client (g_ptr_array_index (accounts, 0), NULL, &error);
  g_assert_no_error (error);
  engine = bottega_sync_engine_new (store, g_ptr_array_index (accounts, 0), client);

  g_mutex_lock (&capture.lock);
  capture.text = g_string_new (NULL);
  g_mutex_unlock (&capture.lock);
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    gboolean arrived = FALSE;

    bottega_sync_engine_start (engine, 3600);
    while (!bottega_sync_engine_get_realtime_connected (engine) && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_true (bottega_sync_engine_get_realtime_connected (engine));
    g_assert_cmpint (bottega_sandbox_add_incoming_message (sandbox, open, incoming), >, 0);
    while (!arrived && g_get_monotonic_time () < deadline)
      {
        g_autoptr(GPtrArray) messages = NULL;
        gint64 id = 0;

        g_autoptr(BottegaConversation) conversation = NULL;

        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
        conversation = bottega_store_find_conversation (store, bottega_account_get_id (g_ptr_array_index (accounts, 0)),
                                                        open, NULL);
        id = conversation != NULL ? bottega_conversation_get_id (conversation) : 0;
        messages = bottega_store_list_messages (store, id, NULL);
        for (guint i = 0; messages != NULL && i < messages->len; i++)
          if (g_strcmp0 (bottega_message_get_content (g_ptr_array_index (messages, i)), incoming) == 0)
            arrived = TRUE;
      }
    g_assert_true (arrived);
    bottega_sync_engine_stop (engine);
  }
  g_mutex_lock (&capture.lock);
  logs = g_steal_pointer (&capture.text);
  g_mutex_unlock (&capture.lock);

  /* Debug lines of the client and of the websocket were captured. */
  g_assert_nonnull (strstr (logs->str, "GET "));
  g_assert_nonnull (strstr (logs->str, "Realtime"));
  secrets = secrets_of (store, g_ptr_array_index (accounts, 0), sandbox);
  g_ptr_array_add (secrets, g_strdup (reply));
  g_ptr_array_add (secrets, g_strdup (incoming));
  g_ptr_array_add (secrets, g_strdup ("333 123 4567"));
  g_ptr_array_add (secrets, g_strdup ("ordini.privati@example.it"));
  g_ptr_array_add (secrets, g_strdup ("347 765 4321"));
  g_ptr_array_add (secrets, g_strdup ("luca.b@example.net"));
  g_test_message ("%u secrets checked in %" G_GSIZE_FORMAT " + %" G_GSIZE_FORMAT " bytes of logs",
                  secrets->len, all->len, logs->len);
  g_assert_cmpuint (secrets->len, >, 50);
  assert_no_secret ("bottegactl", all->str, secrets);
  assert_no_secret ("the sync engine", logs->str, secrets);
  g_clear_object (&engine);
  bottega_store_close (store);
  bottega_sandbox_stop (sandbox);
  test_home_free (g_steal_pointer (&home));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Once per process: the log test captures through it. */
  g_mutex_init (&capture.lock);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hostile/json/ten-megabytes", test_ten_megabytes);
  ADD ("/hostile/json/garbage-and-too-large", test_garbage_and_too_large);
  ADD ("/hostile/json/nested-10000-deep", test_nested_deep);
  ADD ("/hostile/json/wrong-types-missing-fields", test_wrong_types_and_missing_fields);
  ADD ("/hostile/json/error-quotes-nothing", test_error_quotes_nothing);
  ADD ("/hostile/json/lone-surrogates", test_lone_surrogates);
  ADD ("/hostile/ids/duplicate", test_duplicate_ids);
  ADD ("/hostile/ids/backwards", test_ids_backwards);
  ADD ("/hostile/ids/pages-never-end", test_pages_never_end);
  ADD ("/hostile/time/far-future", test_future_timestamps);
  g_test_add_func ("/hostile/url/insecure-refused", test_insecure_urls);
  ADD ("/hostile/url/no-redirect-with-token", test_no_redirect_with_token);
  ADD ("/hostile/url/download-redirects", test_download_redirects);
  ADD ("/hostile/attachment/names-never-paths", test_attachment_names);
  ADD ("/hostile/attachment/too-large", test_attachment_too_large);
  ADD ("/hostile/disk-full/store", test_disk_full_store);
  g_test_add_func ("/hostile/logs/no-personal-data", test_logs_keep_secrets);
#undef ADD

  return g_test_run ();
}
